#!/usr/bin/env bash
# Coverage-guided fuzzing with Jazzer, one target at a time (each a @FuzzTest in strategies/src/test), then
# keeps what each campaign found, minimised: libFuzzer's -merge=1 (Jazzer's own driver) keeps the fewest inputs
# of the committed ones plus the campaign's that reach every feature they reach together, and those replace the
# target's inputs directory (which `mvn verify` replays) beside any crash-* reproducer. Prints executions,
# coverage and corpus per target, then each corpus's replayed coverage and files before and after minimising.
# A finding fails its target and is left in the inputs directory as crash-<hash> (read it, fix, commit it).
# Usage: bench/fuzz.sh [seconds per target] [Class#method ...]   e.g. bench/fuzz.sh 600 ClientFrameFuzzTest#anyClientTextIsAFrameOrRefused
#        bench/fuzz.sh 0      minimise the committed corpora only, no campaign
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
includes='deliverybench.**:com.fasterxml.jackson.core.**:com.auth0.jwt.**'
mkdir -p target
mvn -B -o -q -pl strategies -am test-compile -DskipTests >/dev/null || exit 2
mvn -B -o -q -pl strategies dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/fuzz-classpath.txt" >/dev/null || exit 2
classpath=strategies/target/test-classes:strategies/target/classes:$(cat target/fuzz-classpath.txt)

# Jazzer's standalone driver on one @FuzzTest, libFuzzer's flags after: coverage-instrumented as in a campaign.
jazzer() {  # class method flags...
  local fqcn=$1 method=$2
  shift 2
  java -cp "$classpath" com.code_intelligence.jazzer.Jazzer --target_class="$fqcn" --target_method="$method" \
      --instrumentation_includes="$includes" "$@"
}
# "cov ft" of replaying a corpus once (-runs=0: no mutation).
replay() {  # class method dir log
  jazzer "$1" "$2" -runs=0 -artifact_prefix=target/fuzz-replay- "$3" >"$4" 2>&1  # slow units: not in the root
  grep -E 'INITED' "$4" | tail -n 1 | sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+).*/\1 \2/'
}

printf '%-60s %12s %8s %8s %8s %8s  %s\n' target executions "exec/s" cov ft corpus result
status=0
summary=()
for target in "${targets[@]}"; do
  class=${target%#*}
  method=${target#*#}
  file=$(grep -rl --include="$class.java" "class $class" strategies/src/test/java | head -n 1)
  package=$(dirname "${file#strategies/src/test/java/}")
  fqcn=${package//\//.}.$class
  inputs=strategies/src/test/resources/$package/${class}Inputs/$method
  generated=strategies/.cifuzz-corpus/$fqcn/$method
  log=target/fuzz-$class-$method.log
  mkdir -p "$inputs"
  if [ "$seconds" -gt 0 ]; then
    # -max_len: room for frames and bodies past their 64 KiB limits; -rss_limit_mb=0 is Jazzer's own default.
    JAZZER_FUZZ=1 nice -n 10 mvn -B -o -pl strategies surefire:test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.instrumentation_includes="$includes" \
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
    if [ $rc -eq 0 ]; then result=ok; else result="FINDING or failure, see $log"; status=1; fi
    rate=$([ -n "$secs" ] && [ "$secs" -gt 0 ] && echo $((runs / secs)) || echo -)
    printf '%-60s %12s %8s %8s %8s %8s  %s\n' "$target" "${runs:--}" "$rate" "${cov:--}" "${ft:--}" "${corp:--}" "$result"
    # A campaign's finding lands beside the inputs (Jazzer's JUnit mode writes crash-* there): kept below.
  fi

  # Minimise: merge the committed inputs and the campaign's corpus into an empty directory. Jazzer also reads
  # the inputs' copy among the test classes: gone, so that it cannot stand in for what was removed.
  rm -rf "strategies/target/test-classes/$package/${class}Inputs"
  work=$(mktemp -d)
  mkdir -p "$work/merged" "$work/artifacts"
  before=$(replay "$fqcn" "$method" "$inputs" "target/fuzz-$class-$method-before.log")
  files_before=$(find "$inputs" -type f | wc -l)
  sources=("$inputs")
  [ -d "$generated" ] && sources+=("$generated")
  if jazzer "$fqcn" "$method" -merge=1 -artifact_prefix="$work/artifacts/" "$work/merged" "${sources[@]}" \
      >"target/fuzz-$class-$method-merge.log" 2>&1 && [ -n "$(ls -A "$work/merged")" ]; then
    find "$inputs" -maxdepth 1 -type f ! -name 'crash-*' -delete
    cp "$work/merged"/* "$inputs"/
    after=$(replay "$fqcn" "$method" "$inputs" "target/fuzz-$class-$method-after.log")
  else
    after="merge failed, inputs unchanged: see target/fuzz-$class-$method-merge.log"
    status=1
  fi
  # A crash while merging (an input from the campaign that fails) is kept as a reproducer too.
  cp -n "$work/artifacts"/crash-* "$inputs"/ 2>/dev/null
  rm -rf "$work"
  summary+=("$(printf '%-60s %14s %14s %8s %8s' "$target" "${before:--}" "${after:--}" "$files_before" \
      "$(find "$inputs" -type f | wc -l)")")
done
printf '\n%-60s %14s %14s %8s %8s\n' "minimised (replayed: cov ft)" before after files "files now"
printf '%s\n' "${summary[@]}"
exit $status
