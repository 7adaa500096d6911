#!/usr/bin/env bash
# Builds the fuzzing binary (libFuzzer, AddressSanitizer) and runs every target, or the ones named,
# for SECONDS each: first over the saved regressions, then fuzzing from the committed seeds.
#   Tests/Fuzz/run-fuzzers.sh [SECONDS] [TARGET ...]      (make fuzz FUZZ_SECONDS=60)
# Runs JOBS targets at once (default: the number of cores). Exits non-zero when a target crashes,
# hangs (over FUZZ_TIMEOUT seconds on one input), runs out of memory (FUZZ_RSS_MB) or breaks an
# invariant; the input is saved under .build/artifacts and printed in base64.
# Swift supports no UndefinedBehaviorSanitizer on Linux (`-sanitize=undefined` is refused for
# x86_64-unknown-linux-gnu); Swift itself traps on overflow and out-of-bounds access in every build,
# and such a trap is a crash here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
all_targets=(csv number formula plan summary items emmeans)
targets=("${@:-${all_targets[@]}}")
jobs="${JOBS:-$(nproc)}"
timeout_seconds="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"
scratch="$here/.build"
swift="${SWIFT:-swift}"
# release: the fastest fuzzing; debug: a quicker build (CI), Swift's checks the same.
configuration="${FUZZ_CONFIGURATION:-release}"

mkdir -p "$scratch/artifacts" "$scratch/logs"
echo "fuzz: building ($configuration, -sanitize=fuzzer,address, coverage-instrumented)"
if ! "$swift" build -c "$configuration" --package-path "$here" --scratch-path "$scratch" \
     --sanitize=fuzzer --sanitize=address \
     -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
     -Xswiftc -enable-testing >"$scratch/logs/build.log" 2>&1; then
  grep -E "error:" "$scratch/logs/build.log" | head -n 20 >&2 || true
  echo "fuzz: the build failed; the whole log is $scratch/logs/build.log" >&2
  exit 1
fi
tail -n 1 "$scratch/logs/build.log"
binary="$scratch/$configuration/TrialStatsFuzz"
[ -x "$binary" ] || { echo "fuzz: no binary at $binary" >&2; exit 1; }

run_target() {
  local target="$1" seconds="$2"
  local log="$scratch/logs/$target.log" corpus="$scratch/corpus/$target"
  mkdir -p "$corpus"
  local dict=()
  [ -f "$here/Dictionaries/$target.dict" ] && dict=("-dict=$here/Dictionaries/$target.dict")
  # The regressions: every input that once failed, run once each.
  if compgen -G "$here/Regressions/$target/*" >/dev/null; then
    if ! TRIALSTATS_FUZZ_TARGET="$target" "$binary" -timeout="$timeout_seconds" -rss_limit_mb="$rss_mb" \
         "$here/Regressions/$target"/* >"$log.regressions" 2>&1; then
      echo "fuzz: $target: a saved regression fails again:"; tail -n 30 "$log.regressions"; return 1
    fi
  fi
  # Fuzzing: new inputs go to the scratch corpus, never into the committed seeds.
  if TRIALSTATS_FUZZ_TARGET="$target" "$binary" "$corpus" "$here/Corpus/$target" "${dict[@]}" \
       -max_total_time="$seconds" -timeout="$timeout_seconds" -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" \
       -max_len=4096 -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$target-" >"$log" 2>&1; then
    local runs speed
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    printf 'fuzz: %-8s passed: %10s executions in %ss, %7s per second, corpus %s inputs\n' \
      "$target" "$runs" "$seconds" "$speed" "$(ls "$corpus" | wc -l)"
  else
    echo "fuzz: $target FAILED:"
    grep -a -E "INVARIANT VIOLATED|ERROR: (AddressSanitizer|libFuzzer)|Fatal error|deadly signal|timeout|out-of-memory|Test unit written|Base64" "$log" | head -n 20
    echo "fuzz: the whole log is $log"
    return 1
  fi
}
export -f run_target
export here scratch binary timeout_seconds rss_mb
# libFuzzer's own crash handler saves the input; Swift's backtracer would run first and trip ASan.
export SWIFT_BACKTRACE=enable=no

status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target "$1" "$2"' _ {} "$seconds" || status=1
exit $status
