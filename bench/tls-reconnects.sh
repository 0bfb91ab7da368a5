#!/usr/bin/env bash
# N TLS connections to a fresh `serve --tls`, each sending one GET /health and closing, with an independent client
# (openssl s_client): first each a full handshake, then each resuming the first one's session. Prints, from /stats,
# the full and resumed handshakes the server counted and its CPU (all threads) per handshake.
# Usage: bench/tls-reconnects.sh [N]   (default 1000; loopback only; needs openssl and the built jar)
set -euo pipefail
N=${1:-1000}
cd "$(dirname "$0")/.."
JAR=harness/target/deliverybench.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -o -q -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
java -Xmx512m -jar "$JAR" serve --tls --http-port 0 --tcp-port 0 --ports-file "$WORK/ports.json" > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do [ -f "$WORK/ports.json" ] && break; sleep 0.1; done
PORT=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ports']['http'])" "$WORK/ports.json")
python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['tls']['certificate_pem'], end='')" "$WORK/ports.json" > "$WORK/cert.pem"
REQUEST=$'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'
stats() { curl -sS --cacert "$WORK/cert.pem" "https://127.0.0.1:$PORT/stats"; }
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(d['tls']['$2'] if '$2'.startswith('handshakes') else d['$2'])" "$1"; }
connect() { printf '%s' "$REQUEST" | openssl s_client -connect "127.0.0.1:$PORT" -CAfile "$WORK/cert.pem" -quiet -ign_eof "$@" > /dev/null 2>&1; }
# Warm the server's JIT on a few hundred handshakes of each kind first, so the window measures the steady cost.
connect -sess_out "$WORK/session"
for _ in $(seq 1 200); do connect; connect -sess_in "$WORK/session"; done
measure() {
    local label=$1; shift
    local before after
    before=$(stats)
    for _ in $(seq 1 "$N"); do connect "$@"; done
    after=$(stats)
    python3 - "$label" "$before" "$after" <<'PY'
import json, sys
label, b, a = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
full = a['tls']['handshakes_full'] - b['tls']['handshakes_full']
resumed = a['tls']['handshakes_resumed'] - b['tls']['handshakes_resumed']
cpu = a['cpu_ns'] - b['cpu_ns']
request = a['request_cpu_ns'] - b['request_cpu_ns']
n = full + resumed
print(f"{label:8s} handshakes full {full:5d} resumed {resumed:5d}; server CPU per handshake "
      f"{cpu / n / 1000:7.0f} us all threads, {request / n / 1000:7.0f} us on the I/O threads "
      f"(each connection also serves one GET /health and its /stats reads)")
PY
}
measure full
measure resumed -sess_in "$WORK/session"
