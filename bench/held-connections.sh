#!/usr/bin/env bash
# What a held connection costs the server: N receivers connected per strategy, the server's heap after a
# full GC and its threads, against the same server with none. One server per strategy, driven by `run --server`.
# Usage: bench/held-connections.sh [connections] [strategies]   e.g. bench/held-connections.sh 10000 websocket,sse,stream
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-10000}
strategies=${2:-websocket,sse,stream}
jar=harness/target/deliverybench.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
secret="held-connections-$$-secret"
http=18180
tcp=18181
stat() { curl -sf "http://127.0.0.1:$http/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
gc_heap() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.run >/dev/null; sleep 1; stat "d['heap_used_bytes']"; }
printf '%-10s %12s %14s %16s %14s %8s\n' strategy connected "heap idle" "heap connected" "per connection" threads
for strategy in ${strategies//,/ }; do
  key=${strategy//-/_}
  java -Xmx2g -jar "$jar" serve --http-port $http --tcp-port $tcp --secret "$secret" >/tmp/deliverybench-held-serve.log 2>&1 &
  serve=$!
  trap 'kill $serve $driver 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break; sleep 0.1; done
  idle=$(gc_heap $serve)
  # A long run at a trickle of messages: the connections are held while we look.
  java -jar "$jar" run --server "http://127.0.0.1:$http" --tcp-port $tcp --secret "$secret" --strategy "$strategy" \
      --clients "$connections" --rate 10 --warmup 1s --duration 60s --results /tmp/deliverybench-held \
      >/tmp/deliverybench-held-run.log 2>&1 &
  driver=$!
  for _ in $(seq 1 600); do
    [ "$(stat "d['$key']['open_connections']")" -ge "$connections" ] && break
    sleep 0.1
  done
  sleep 2
  held=$(stat "d['$key']['open_connections']")
  heap=$(gc_heap $serve)
  threads=$(stat "d['threads']")
  per=$(awk -v h="$heap" -v i="$idle" -v n="$held" 'BEGIN {printf "%.0f", (h - i) / n}')
  printf '%-10s %12s %13.1fMB %15.1fMB %13sB %8s\n' "$strategy" "$held" "$(awk -v x="$idle" 'BEGIN {print x/1e6}')" \
      "$(awk -v x="$heap" 'BEGIN {print x/1e6}')" "$per" "$threads"
  kill $driver $serve 2>/dev/null || true
  wait $driver $serve 2>/dev/null || true
  sleep 1
done
