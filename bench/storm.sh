#!/usr/bin/env bash
# A bad-input storm against a spawned server with a small heap: random and malformed input on both ports and
# every endpoint (random bytes, lying lengths, bad frames and upgrades, bad tokens, huge headers, slowloris),
# then the server's log by throwable, its heap after a full GC before and after, its open connections, and
# whether it still answers /health and delivers. Exit 0 when the server held. Runs `deliverybench storm`.
# Usage: bench/storm.sh [seconds] [heap]   e.g. bench/storm.sh 30 256m
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
heap=${2:-256m}
jar=harness/target/deliverybench.jar
[ -f "$jar" ] || mvn -B -q -pl harness -am package -DskipTests
java -jar "$jar" storm --duration "${seconds}s" --heap "$heap"
