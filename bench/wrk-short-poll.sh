#!/usr/bin/env bash
# Short poll on an empty inbox against a bare Undertow hello handler: same wrk, same connections, one run.
# The hello is asked twice: bare, and carrying the same Authorization header as the poll (Undertow parses
# a header value byte by byte, so a 180-byte token costs the parser even where nobody reads it).
# Usage: bench/wrk-short-poll.sh [connections] [seconds] [rounds]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-64}
seconds=${2:-10}
rounds=${3:-3}
jar=harness/target/deliverybench.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
secret=$(openssl rand -hex 16 2>/dev/null || echo "wrk-bench-secret-$$")
java -jar "$jar" serve --http-port 18080 --tcp-port 0 --secret "$secret" >/tmp/deliverybench-wrk-serve.log 2>&1 &
serve=$!
java -jar "$jar" hello --port 18081 >/tmp/deliverybench-wrk-hello.log 2>&1 &
hello=$!
trap 'kill $serve $hello 2>/dev/null || true' EXIT
for port in 18080 18081; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
done
token=$(java -jar "$jar" token --secret "$secret" wrk-user)
rps() { wrk -t2 -c"$connections" -d"${seconds}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
echo "connections=$connections duration=${seconds}s rounds=$rounds (alternating, after a 5 s warm-up each)"
rps -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:18080/messages?after=0" >/dev/null
rps -d5s "http://127.0.0.1:18081/" >/dev/null
for round in $(seq 1 "$rounds"); do
  poll=$(rps -H "Authorization: Bearer $token" "http://127.0.0.1:18080/messages?after=0")
  bare=$(rps "http://127.0.0.1:18081/")
  headed=$(rps -H "Authorization: Bearer $token" "http://127.0.0.1:18081/")
  ratio=$(awk -v a="$poll" -v b="$bare" 'BEGIN {printf "%.2f", a / b}')
  same=$(awk -v a="$poll" -v b="$headed" 'BEGIN {printf "%.2f", a / b}')
  echo "round $round: short poll ${poll} req/s, bare hello ${bare} req/s (ratio ${ratio}), hello with the poll's header ${headed} req/s (ratio ${same})"
done
