#!/bin/bash
# SPDX-License-Identifier: MIT
# test.sh - the whole test suite, as CI runs it (.ci/run calls exactly this):
#   packages, formatting, build, unit + integration tests, the same under ASan+UBSan,
#   the static binary, the e2e suite (runc, crun), and dumb-init's and tini's own suites
#   against the symlinked binary.
# Ends with one line "tests: N passed, N failed". Privileged tests need root; with
# CI=true (or HARDINIT_STRICT_SKIPS=1) a skipped test counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
[ "${CI:-}" = true ] && export HARDINIT_STRICT_SKIPS=1

PASSED=0
FAILED=0
stage() { echo; echo "=== $*"; }
count_meson() { # builddir: add the TAP and Check results of its last run
  local log=$1/meson-logs/testlog.txt p f
  p=$(grep -cE '^ok ' "$log"); f=$(grep -cE '^not ok ' "$log")
  read -r cp cf < <(awk '/^[0-9]+%: Checks: / {gsub(",", ""); c += $3; x += $5 + $7}
                          END {print c - x + 0, x + 0}' "$log")
  PASSED=$((PASSED + p + cp)); FAILED=$((FAILED + f + cf))
  echo "$1: $((p + cp)) passed, $((f + cf)) failed"
}
fail_stage() { echo "FAILED: $*"; FAILED=$((FAILED + 1)); }

stage "packages"
bash scripts/setup.sh || { echo "cannot install the packages"; exit 1; }

stage "format (.clang-format, .editorconfig)"
mapfile -t sources < <(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests -name '*.[ch]')
if clang-format --dry-run --Werror "${sources[@]}"; then PASSED=$((PASSED + 1)); else fail_stage "clang-format"; fi
mapfile -t texts < <(git ls-files | grep -vE '\.(png|gz)$|^tests/fuzz/corpus/')
bad=$(grep -lE '[[:space:]]+$' "${texts[@]}" 2>/dev/null)
for f in "${texts[@]}"; do [ -s "$f" ] && [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ] && bad="$bad $f"; done
if [ -z "$bad" ]; then PASSED=$((PASSED + 1)); else fail_stage "editorconfig (trailing space or no final newline): $bad"; fi

stage "build and test"
if { [ -f build/build.ninja ] || meson setup build >/dev/null; } && ninja -C build; then
  meson test -C build --print-errorlogs --num-processes 2 || true
  count_meson build
else
  fail_stage "build"
fi

stage "build and test under ASan+UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 # libseccomp's own leak
if { [ -f build-asan/build.ninja ] ||
     meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null; } &&
   ninja -C build-asan; then
  meson test -C build-asan --print-errorlogs --num-processes 2 || true
  count_meson build-asan
else
  fail_stage "ASan build"
fi

stage "fuzzing (libFuzzer, ${FUZZ_SECONDS:=20}s per harness)"
if command -v clang >/dev/null &&
   { [ -f build-fuzz/build.ninja ] ||
     CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
       -Db_lundef=false >/dev/null; } && ninja -C build-fuzz; then
  for h in config cli user profile bpf learned url http; do
    mkdir -p "build-fuzz/corpus-$h"
    if build-fuzz/tests/fuzz/fuzz-$h -max_total_time="$FUZZ_SECONDS" -max_len=4096 \
        "build-fuzz/corpus-$h" "tests/fuzz/corpus/$h" 2>"build-fuzz/fuzz-$h.log"; then
      echo "fuzz-$h: $(grep -oE '#[0-9]+.*DONE.*' "build-fuzz/fuzz-$h.log" | tail -1)"
      PASSED=$((PASSED + 1))
    else
      tail -30 "build-fuzz/fuzz-$h.log"; fail_stage "fuzz-$h found a crash"
    fi
  done
else
  fail_stage "fuzz build (clang with libFuzzer)"
fi

stage "static binary"
if { [ -f build-static/build.ninja ] ||
     meson setup build-static -Dstatic=true -Dtests=false -Dbuildtype=release >/dev/null; } &&
   ninja -C build-static; then
  info=$(file -L build-static/hardinit)
  echo "$info"; ls -l build-static/hardinit
  if [[ $info == *"statically linked"* && $info == *stripped* && $info != *"not stripped"* ]] &&
     build-static/hardinit -- true; then
    PASSED=$((PASSED + 1))
  else
    fail_stage "the static binary is not static and stripped, or does not run"
  fi
else
  fail_stage "static build"
fi

stage "e2e (runc)" # the static binary as PID 1 of real OCI containers; crun too where it runs
if [ -x build-static/hardinit ]; then
  e2e_start=$SECONDS
  bash tests/e2e/run.sh build-static/hardinit 2>&1 | tee build-static/e2e.tap
  e2e_rc=${PIPESTATUS[0]}
  p=$(grep -cE '^ok ' build-static/e2e.tap); f=$(grep -cE '^not ok ' build-static/e2e.tap)
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  echo "e2e: $p passed, $f failed in $((SECONDS - e2e_start)) s"
  [ "$e2e_rc" = 0 ] || [ "$f" != 0 ] || fail_stage "e2e exited $e2e_rc"
else
  fail_stage "e2e needs the static binary build-static/hardinit"
fi

stage "dumb-init's and tini's own suites"
if [ "$(id -u)" = 0 ]; then
  if bash tests/peers/run.sh build/hardinit; then PASSED=$((PASSED + 1)); else fail_stage "peer suites"; fi
elif [ "${HARDINIT_STRICT_SKIPS:-0}" = 1 ]; then
  fail_stage "peer suites need root"
else
  echo "SKIP: the peer suites need root"
fi

echo
echo "tests: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
