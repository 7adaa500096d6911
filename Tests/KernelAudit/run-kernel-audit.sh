#!/usr/bin/env bash
# The numeric test targets under BLAS/LAPACK kernels other than the ones this CPU gets by default
# (`make test-kernels`; `make test` and so CI run it after the whole suite). A test whose tolerance
# follows from its problem's conditioning passes under every correct BLAS; one that passes only
# with this machine's kernels fails here, on the machine where it was written.
#
#   OpenBLAS families   each of Prescott, Sandybridge, Haswell, Zen, SkylakeX and Cooperlake that
#                       this CPU can run, forced with OPENBLAS_CORETYPE (checked with `doctor`);
#   reference           Debian's reference BLAS and LAPACK (netlib), loaded in front of OpenBLAS;
#   BLIS                BLIS's BLAS under the reference LAPACK;
#   perturbed           Tests/KernelAudit/perturbed_blas.c in front of the reference BLAS: every
#                       result moved at random within its rounding-error bound, a stand-in for
#                       kernels this CPU cannot run (seeds from KERNEL_AUDIT_SEEDS).
#
# To reproduce one failure: the line printed for it, e.g.
#   OPENBLAS_CORETYPE=Sandybridge OPENBLAS_NUM_THREADS=1 swift test --skip-build --filter SpectralTests
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
TRIALSTATS=.build/debug/trialstats
SEEDS=${KERNEL_AUDIT_SEEDS:-1 2 3}
# The targets whose numbers pass through BLAS/LAPACK, directly or in a model.
FILTER='^(LinearAlgebraTests|DistributionsTests|OptimizationTests|LinearModelsTests|MixedModelsTests|EffectSizesTests|HypothesisTestsTests|DescriptivesTests|MetaAnalysisTests|AnalysesTests)\.'
LOGS=.build/kernel-audit
mkdir -p "$LOGS"

multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
LIB=/usr/lib/$multiarch
REFERENCE_LAPACK=$LIB/lapack/liblapack.so.3
REFERENCE_BLAS=$LIB/blas/libblas.so.3
BLIS_BLAS=$LIB/blis-serial/libblas.so.3
PERTURBED=$LOGS/libperturbed_blas.so

for needed in "$TRIALSTATS" "$REFERENCE_LAPACK" "$REFERENCE_BLAS" "$BLIS_BLAS"; do
  [ -e "$needed" ] || { echo "kernel audit: $needed is missing (make test-kernels builds and installs what it needs)" >&2; exit 2; }
done
if ! cc -O2 -Wall -shared -fPIC -o "$PERTURBED" Tests/KernelAudit/perturbed_blas.c -ldl -lm; then
  echo "kernel audit: could not build Tests/KernelAudit/perturbed_blas.c" >&2; exit 2
fi

passed=0; failed=0; skipped=0
summary=()
# run NAME ENV... : the numeric targets with ENV; prints one line and keeps the log.
run() {
  local name=$1; shift
  local log="$LOGS/$name.log" start end status
  start=$(date +%s)
  env "$@" OPENBLAS_NUM_THREADS=1 "$SWIFT" test --skip-build --filter "$FILTER" >"$log" 2>&1
  status=$?
  end=$(date +%s)
  local tests
  tests=$(grep -Eo 'Test run with [0-9]+ tests' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  if [ $status -eq 0 ] && [ -n "$tests" ]; then
    passed=$((passed + 1)); summary+=("  passed  $name: $tests tests in $((end - start)) s")
  else
    failed=$((failed + 1)); summary+=("  FAILED  $name ($((end - start)) s; log $log; rerun with: $* OPENBLAS_NUM_THREADS=1 swift test --skip-build --filter '<test>')")
    grep -E '^✘ Test .*recorded an issue' "$log" | cut -c1-400 | sed 's/^/          /' | head -20
  fi
}

flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
has() { for flag in "$@"; do [[ "$flags" == *" $flag "* ]] || return 1; done; }
core_in_use() {
  env "$@" TRIALSTATS_KEEP_BLAS_KERNELS=1 OPENBLAS_NUM_THREADS=1 "$TRIALSTATS" doctor --format json 2>/dev/null \
    | sed -n 's/.*"blasCore" *: *"\([^"]*\)".*/\1/p' | head -1
}
default_core=$(core_in_use)
echo "kernel audit: OpenBLAS picks $default_core kernels on this CPU by itself (a plain swift test uses those)"

if [ "$(uname -m)" = x86_64 ]; then
  for family in Prescott Sandybridge Haswell Zen SkylakeX Cooperlake; do
    case $family in
      Prescott) needs=(sse2 pni) ;;  # pni: SSE3
      Sandybridge) needs=(avx) ;;
      Haswell | Zen) needs=(avx2 fma) ;;
      SkylakeX) needs=(avx512f avx512dq avx512bw avx512vl) ;;
      Cooperlake) needs=(avx512f avx512dq avx512bw avx512vl avx512_bf16) ;;
    esac
    if ! has "${needs[@]}"; then
      skipped=$((skipped + 1)); summary+=("  skipped $family: this CPU lacks ${needs[*]} (the perturbed runs stand in for it)")
      continue
    fi
    got=$(core_in_use OPENBLAS_CORETYPE=$family)
    if [ "$got" != "$family" ]; then
      # OpenBLAS 0.3.21 cannot be told to use Cooperlake; it picks it by itself where it fits.
      skipped=$((skipped + 1)); summary+=("  skipped $family: OPENBLAS_CORETYPE=$family gives $got kernels in this OpenBLAS")
      continue
    fi
    run "openblas-$family" OPENBLAS_CORETYPE=$family
  done
fi
run reference-blas-lapack LD_PRELOAD="$REFERENCE_LAPACK:$REFERENCE_BLAS"
run blis LD_PRELOAD="$REFERENCE_LAPACK:$BLIS_BLAS"
for seed in $SEEDS; do
  run "perturbed-seed-$seed" LD_PRELOAD="$PWD/$PERTURBED:$REFERENCE_LAPACK:$REFERENCE_BLAS" PERTURBED_BLAS_SEED=$seed
done

printf '%s\n' "${summary[@]}"
echo "kernel audit: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
