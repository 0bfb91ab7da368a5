#!/usr/bin/env bash
# The driver's highest short-poll request rate against wrk's, same server, same connection count, one run.
# Usage: bench/driver-vs-wrk.sh [connections] [seconds] [rounds]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-64}
seconds=${2:-10}
rounds=${3:-3}
jar=harness/target/deliverybench.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
secret="driver-vs-wrk-$$-secret"
java -Xmx2g -jar "$jar" serve --http-port 18090 --tcp-port 18091 --secret "$secret" >/tmp/deliverybench-dvw-serve.log 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18090/health >/dev/null 2>&1 && break; sleep 0.1; done
token=$(java -jar "$jar" token --secret "$secret" wrk-user)
wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:18090/messages?after=0" >/dev/null
for round in $(seq 1 "$rounds"); do
  wrk_rps=$(wrk -t2 -c"$connections" -d"${seconds}s" -H "Authorization: Bearer $token" \
      "http://127.0.0.1:18090/messages?after=0" | awk '/Requests\/sec/ {print $2}')
  # Each of the driver's short-poll clients asks again as soon as answered (--poll-interval 0), as wrk's connections do.
  driver_rps=$(java -jar "$jar" run --server http://127.0.0.1:18090 --tcp-port 18091 --secret "$secret" \
      --strategy short-poll --clients "$connections" --poll-interval 0ms --rate 1 --warmup 2s \
      --duration "${seconds}s" --results /tmp/deliverybench-dvw 2>/dev/null | awk '/server requests\/s/ {print $3}')
  echo "round $round: wrk ${wrk_rps} req/s, driver ${driver_rps} req/s, driver/wrk $(awk -v d="$driver_rps" -v w="$wrk_rps" 'BEGIN {printf "%.2f", d / w}')"
done
