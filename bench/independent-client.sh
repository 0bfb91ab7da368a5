#!/usr/bin/env bash
# The driver's WebSocket tail beside an independent client's (Node.js, npm ws), same server, one after
# the other, twice: if the driver's p99 is far above the independent one, the driver's own tail is showing.
# Usage: bench/independent-client.sh [rate msg/s, 300] [clients, 200] [seconds, 15] [rounds, 2]   (needs node and npm)
# DRIVER_ARGS adds run options to the driver's command line, DRIVER_JVM java options to its JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-300}
clients=${2:-200}
seconds=${3:-15}
rounds=${4:-2}
jar=${JAR:-harness/target/deliverybench.jar}
[ -f "$jar" ] || mvn -B -q package -DskipTests
command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs npm)" >&2; exit 2; }
client=bench/independent-client
[ -d "$client/node_modules/ws" ] || (cd "$client" && npm ci --no-audit --no-fund >/dev/null)
secret="independent-client-$$-secret"
http_port=${HTTP_PORT:-18190}
tcp_port=${TCP_PORT:-18191}
java -Xmx2g -jar "$jar" serve --http-port "$http_port" --tcp-port "$tcp_port" --secret "$secret" \
    >/tmp/deliverybench-independent-serve.log 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$http_port/health" >/dev/null 2>&1 && break; sleep 0.1; done
# Corrected: from the intended time (open loop); uncorrected: from when the request was written.
printf '%-34s %10s %10s %16s\n' "" "p50" "p99" "uncorrected p99"
for round in $(seq 1 "$rounds"); do
  out=$(java ${DRIVER_JVM:-} -jar "$jar" run --server "http://127.0.0.1:$http_port" --tcp-port "$tcp_port" --secret "$secret" \
      --strategy websocket --clients "$clients" --rate "$rate" --duration "${seconds}s" ${DRIVER_ARGS:-} \
      --results /tmp/deliverybench-independent 2>/dev/null)
  row() { awk -v k="$1" 'index($0, k) == 1 {print $NF}' <<<"$out"; }
  printf '%-34s %10s %10s %16s   (limited by %s, pacer lag p99 %s)\n' "round $round driver, corrected" \
      "$(row 'latency p50')" "$(row 'latency p99 ')" "$(row 'uncorrected p99')" "$(row 'limited by')" "$(row 'driver lag p99')"
  ind=$(node "$client/client.js" --url "http://127.0.0.1:$http_port" --secret "$secret" --clients "$clients" \
      --rate "$rate" --duration "$seconds")
  echo "  $(head -1 <<<"$ind")"
  ind=$(tail -1 <<<"$ind")
  field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' <<<"$ind"; }
  printf '%-34s %8sus %8sus %14sus   (uncorrected p50 %sus)\n' "round $round independent (node ws)" \
      "$(field intended_p50_us)" "$(field intended_p99_us)" "$(field p99_us)" "$(field p50_us)"
done
