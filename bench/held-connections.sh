#!/usr/bin/env bash
# What a held connection costs the server: N receivers connected per strategy, the server's heap after a
# full GC and its threads, against the same server with none. One server per strategy, driven by `run --server`.
# Usage: bench/held-connections.sh [connections] [strategies]   e.g. bench/held-connections.sh 10000 websocket,sse,stream
# JAR=path measures another build's jar. HISTO=1 also prints, per strategy, the top 15 classes of the server's heap histogram (jcmd GC.class_histogram,
# after a full GC) held with the connections less the idle server's, in bytes per connection.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-10000}
strategies=${2:-websocket,sse,stream}
jar=${JAR:-harness/target/deliverybench.jar}
[ -f "$jar" ] || mvn -B -q package -DskipTests
secret="held-connections-$$-secret"
http=18180
tcp=18181
stat() { curl -sf "http://127.0.0.1:$http/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
histo() { jcmd "$1" GC.class_histogram | awk 'NF >= 4 && $1 ~ /^[0-9]+:$/ {print $4, $2, $3}'; }
histo_diff() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
def load(path):
    rows = {}
    for line in open(path):
        name, count, size = line.split()
        rows[name] = (int(count), int(size))
    return rows
idle, held, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
diff = sorted(((held[k][1] - idle.get(k, (0, 0))[1], held[k][0] - idle.get(k, (0, 0))[0], k) for k in held), reverse=True)
print(f"  {'bytes/conn':>10} {'objs/conn':>9}  class")
for size, count, name in diff[:15]:
    print(f"  {size / n:10.1f} {count / n:9.2f}  {name}")
PY
}
gc_heap() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.run >/dev/null; sleep 1; stat "d['heap_used_bytes']"; }
printf '%-10s %12s %14s %16s %14s %8s\n' strategy connected "heap idle" "heap connected" "per connection" threads
for strategy in ${strategies//,/ }; do
  key=${strategy//-/_}
  java -Xmx2g -jar "$jar" serve --http-port $http --tcp-port $tcp --secret "$secret" >/tmp/deliverybench-held-serve.log 2>&1 &
  serve=$!
  trap 'kill $serve $driver 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break; sleep 0.1; done
  idle=$(gc_heap $serve)
  [ "${HISTO:-0}" = 1 ] && histo $serve >/tmp/deliverybench-held-histo-idle.txt
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
  [ "${HISTO:-0}" = 1 ] && histo $serve >/tmp/deliverybench-held-histo-held.txt
  per=$(awk -v h="$heap" -v i="$idle" -v n="$held" 'BEGIN {printf "%.0f", (h - i) / n}')
  printf '%-10s %12s %13.1fMB %15.1fMB %13sB %8s\n' "$strategy" "$held" "$(awk -v x="$idle" 'BEGIN {print x/1e6}')" \
      "$(awk -v x="$heap" 'BEGIN {print x/1e6}')" "$per" "$threads"
  [ "${HISTO:-0}" = 1 ] && histo_diff /tmp/deliverybench-held-histo-idle.txt /tmp/deliverybench-held-histo-held.txt "$held"
  kill $driver $serve 2>/dev/null || true
  wait $driver $serve 2>/dev/null || true
  sleep 1
done
