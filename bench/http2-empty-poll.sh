#!/usr/bin/env bash
# Short poll's bytes per empty answer, HTTP/1.1 against HTTP/2 (HPACK), the same token header, on one
# `serve --tls --http2`: curl polls an empty inbox N+1 times on one kept-alive connection; from /stats' short_poll
# bytes, the steady cost per poll is (bytes of N+1 polls - bytes of 1 poll) / N, so the connection's set-up (TLS
# handshake, the h2 preface and SETTINGS, HPACK's first literal headers) is left out; the first poll's bytes are
# printed beside it. The plaintext columns (bytes above TLS) are what h2c or plain HTTP/1.1 carry; h2c itself is
# not polled here because curl 7.88.1, Debian 12's, cannot reuse an h2c prior-knowledge connection (curl #10634).
# Usage: bench/http2-empty-poll.sh [N]   (default 200; loopback only; needs curl with HTTP/2 and the built jar)
set -euo pipefail
N=${1:-200}
cd "$(dirname "$0")/.."
JAR=harness/target/deliverybench.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -o -q -DskipTests package" >&2; exit 1; }
curl --version | grep -q HTTP2 || { echo "curl without HTTP/2 support" >&2; exit 1; }
WORK=$(mktemp -d)
SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
trap 'kill $TLS 2>/dev/null || true; rm -rf "$WORK"' EXIT
java -Xmx256m -jar "$JAR" serve --tls --http2 --secret "$SECRET" --http-port 0 --tcp-port 0 --mqtt-port 0 --xmpp-port 0 \
    --ports-file "$WORK/tls.json" > "$WORK/tls.log" 2>&1 &
TLS=$!
for _ in $(seq 1 300); do [ -f "$WORK/tls.json" ] && break; sleep 0.1; done
port() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ports']['http'])" "$1"; }
TLS_PORT=$(port "$WORK/tls.json")
python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['tls']['certificate_pem'], end='')" "$WORK/tls.json" > "$WORK/cert.pem"
TOKEN=$(java -jar "$JAR" token --secret "$SECRET" empty-inbox 2>/dev/null | tail -1)
stats() { curl -sS --cacert "$WORK/cert.pem" "$1/stats"; }
polls() {  # base, count, curl options...
    local base=$1 count=$2; shift 2
    local urls=()
    for _ in $(seq 1 "$count"); do urls+=("$base/messages?after=0"); done
    curl -sS --cacert "$WORK/cert.pem" -H "Authorization: Bearer $TOKEN" "$@" "${urls[@]}" > /dev/null
}
delta() {  # base, count, curl options...: the short_poll byte counters' growth as JSON
    local base=$1 before after
    before=$(stats "$base")
    polls "$@"
    after=$(stats "$base")
    python3 -c "import json,sys; b, a = (json.loads(x)['short_poll'] for x in sys.argv[1:]); \
print(json.dumps({k: a[k] - b[k] for k in ('requests', 'empty_responses', 'bytes_in', 'bytes_out', 'wire_bytes_in', 'wire_bytes_out')}))" \
        "$before" "$after"
}
# Warm up each server's path once, then measure.
polls "https://127.0.0.1:$TLS_PORT" 50 --http1.1
polls "https://127.0.0.1:$TLS_PORT" 50 --http2
printf '%-26s %8s %8s %8s %10s %8s %8s\n' "per empty poll" "in" "out" "in+out" "with TLS" "1st in" "1st out"
for row in "HTTP/1.1|https://127.0.0.1:$TLS_PORT|--http1.1" "HTTP/2 (h2, HPACK)|https://127.0.0.1:$TLS_PORT|--http2"; do
    IFS='|' read -r label base option <<< "$row"
    one=$(delta "$base" 1 "$option")
    many=$(delta "$base" $((N + 1)) "$option")
    python3 - "$label" "$N" "$one" "$many" <<'PY'
import json, sys
label, n, one, many = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
assert many['requests'] == n + 1 and many['empty_responses'] == n + 1, many
per = {k: (many[k] - one[k]) / n for k in one}
print(f"{label:26s} {per['bytes_in']:7.1f}B {per['bytes_out']:7.1f}B {per['bytes_in'] + per['bytes_out']:7.1f}B "
      f"{per['wire_bytes_in'] + per['wire_bytes_out']:9.1f}B {one['bytes_in']:7d}B {one['bytes_out']:7d}B")
PY
done
echo "token header: Authorization: Bearer <${#TOKEN}-character JWT>; curl's own headers (user-agent, accept) on every poll"
