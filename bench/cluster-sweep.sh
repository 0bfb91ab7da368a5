#!/usr/bin/env bash
# The three routings at 2, 4 and 8 gateways on loopback, one strategy, one modest workload; prints what each costs
# per delivered message against the gateway count, and the straight lines fitted through them.
#   bench/cluster-sweep.sh [gateway counts] [strategy] [clients] [rate] [duration]
# e.g. bench/cluster-sweep.sh "2 4 8" websocket 1000 300 10s     (about 8 minutes on 2 cores)
# Each gateway is a JVM of its own (-Xmx256m, one I/O thread), beside redis-server and the driver: on a small
# machine the absolute figures are the machine's; the growth with the gateway count is what to read.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${1:-"2 4 8"}
strategy=${2:-websocket}
clients=${3:-1000}
rate=${4:-300}
duration=${5:-10s}
jar=harness/target/deliverybench.jar
[ -f "$jar" ] || mvn -B -q -pl harness -am package -DskipTests
out=results/sweeps/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
for n in $counts; do
    echo "== $n gateways"
    java -jar "$jar" run --strategy "$strategy" --clients "$clients" --rate "$rate" --duration "$duration" \
        --warmup 3s --gateways "$n" --routing map,broadcast,channel --no-single --results "$out/g$n" \
        | grep -E "^(verdict|lost|latency p50|latency p99 |Redis|server CPU|routed|presence|cross)" || true
done
python3 - "$out" <<'PY'
import json, glob, sys, os
rows = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "g*", "runs", "*", "run.json"))):
    run = json.load(open(path))
    for s in run["strategies"]:
        m = s["metrics"]
        rows.append((s["strategy"].split("@")[1], int(m.get("gateways") or 0), m))
keys = [("redis_commands_per_message", "Redis cmds/msg"), ("redis_bytes_per_message", "Redis B/msg"),
        ("redis_cpu_us_per_message", "Redis CPU us/msg"), ("server_cpu_us_per_message", "gateway CPU us/msg"),
        ("routed_dropped_ratio", "dropped"), ("presence_upkeep_commands_per_second", "upkeep cmd/s"),
        ("presence_entries", "entries"), ("latency_p50_us", "p50 us"), ("latency_p99_us", "p99 us"), ("lost", "lost")]
print("\n%-10s %3s " % ("routing", "N") + " ".join("%18s" % label for _, label in keys))
for routing, n, m in sorted(rows):
    print("%-10s %3d " % (routing, n) + " ".join("%18.2f" % (m.get(k) if m.get(k) is not None else float("nan")) for k, _ in keys))
print("\nleast-squares lines, value = a + b * N (per delivered message):")
for routing in ("map", "broadcast", "channel"):
    points = [(n, m) for r, n, m in rows if r == routing]
    if len(points) < 2:
        continue
    for key, label in keys[:4]:
        xs = [n for n, m in points if m.get(key) is not None]
        ys = [m[key] for n, m in points if m.get(key) is not None]
        if len(xs) < 2:
            continue
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
        print("  %-10s %-20s a = %9.2f  b = %8.2f" % (routing, label, my - b * mx, b))
PY
echo "runs: $out"
