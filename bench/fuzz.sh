#!/usr/bin/env bash
# Coverage-guided fuzzing with Jazzer, one target at a time (each a @FuzzTest in strategies/src/test), then
# keeps what each campaign found: its corpus is copied into the target's committed inputs directory, which
# `mvn verify` replays. Prints executions, coverage and corpus per target; a finding fails its target and
# is left in the inputs directory as crash-<hash> (read it, fix, commit it as a regression input).
# Usage: bench/fuzz.sh [seconds per target] [Class#method ...]   e.g. bench/fuzz.sh 600 ClientFrameFuzzTest#anyClientTextIsAFrameOrRefused
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # Every @FuzzTest method in the strategies module: Class#method.
  mapfile -t targets < <(grep -rl --include='*FuzzTest.java' '@FuzzTest' strategies/src/test/java | while read -r file; do
    class=$(basename "$file" .java)
    grep -A1 '@FuzzTest' "$file" | grep -oE 'void [A-Za-z0-9_]+' | sed "s/void /$class#/"
  done)
fi
mvn -B -o -q -pl strategies -am test-compile -DskipTests >/dev/null || exit 2
printf '%-60s %12s %8s %8s %8s %8s  %s\n' target executions "exec/s" cov ft corpus result
status=0
for target in "${targets[@]}"; do
  class=${target%#*}
  method=${target#*#}
  file=$(grep -rl --include="$class.java" "class $class" strategies/src/test/java | head -n 1)
  package=$(dirname "${file#strategies/src/test/java/}")
  log=target/fuzz-$class-$method.log
  mkdir -p target
  # -max_len: room for frames and bodies past their 64 KiB limits; -rss_limit_mb=0 is Jazzer's own default.
  JAZZER_FUZZ=1 nice -n 10 mvn -B -o -pl strategies surefire:test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.instrumentation_includes='deliverybench.**:com.fasterxml.jackson.core.**:com.auth0.jwt.**' \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-max_len=140000 >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
  stats=$(grep -E '#[0-9]+.*cov: ' "$log" | tail -n 1)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\1/' <<<"$done_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+).*/\2/' <<<"$done_line")
  cov=$(grep -oE 'cov: [0-9]+' <<<"$stats" | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$stats" | cut -d' ' -f2)
  corp=$(grep -oE 'corp: [0-9]+' <<<"$stats" | cut -d' ' -f2)
  generated=strategies/.cifuzz-corpus/${package//\//.}.$class/$method
  inputs=strategies/src/test/resources/$package/${class}Inputs/$method
  mkdir -p "$inputs"
  [ -d "$generated" ] && cp -n "$generated"/* "$inputs"/ 2>/dev/null
  if [ $rc -eq 0 ]; then result=ok; else result="FINDING or failure, see $log"; status=1; fi
  rate=$([ -n "$secs" ] && [ "$secs" -gt 0 ] && echo $((runs / secs)) || echo -)
  printf '%-60s %12s %8s %8s %8s %8s  %s\n' "$target" "${runs:--}" "$rate" "${cov:--}" "${ft:--}" "${corp:--}" "$result"
done
exit $status
