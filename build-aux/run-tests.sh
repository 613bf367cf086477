#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The test command: installs what is missing, configures and builds two
# trees, runs the suite three times, all under one headless X server each:
#
#   _build (gcc, the warning gate: -Werror):
#   1. `meson test`                                      (every suite)
#   2. `meson test --setup=valgrind --no-suite gi --no-suite lint
#       --no-suite corrupting --no-suite soak`           (memcheck)
#   _build-asan (clang, -fsanitize=address,undefined, --coverage, and the
#   libFuzzer targets of tests/fuzz), only with HEALING_CI_ASAN=1:
#   3. `meson test --setup=asan --no-suite gi --no-suite lint
#       --no-suite corrupting`  (ASan + UBSan + LeakSanitizer; also 20 s of
#      each fuzzer)
#
# The Python and GJS tests (suite gi) are left out of 2 and 3: they would
# only test the interpreters. Tests that corrupt the allocator or crash for
# real (suite corrupting) would only test the sanitizers. The soak (suite
# soak) runs in 1 and 3; under memcheck it would take tens of minutes.
#
# Then it prints the line coverage of the library, measured by run 3
# (gcovr), the results of each run and, as the last line, the total over
# all runs: "N passed, N failed" (N counts TAP subtests; see
# build-aux/test-summary.py). Exits non-zero if anything failed.
#
# A separate step checks the API reference of _build: build-aux/doc-check.py
# runs `gi-docgen check` and `gi-docgen generate` on _build's GIR (two more
# tests in the total).
#
# Usage: build-aux/run-tests.sh [extra `meson setup` options for _build]
# HEALING_CI_ASAN=1 adds the _build-asan tree and run 3 (not yet reliable
# enough for CI: see below).

set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."

builddir=_build
asandir=_build-asan
xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp")
ci_start=$(date +%s)

fail () {
  echo "run-tests: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

elapsed () {
  echo "=== $1: $(( $(date +%s) - ci_start )) s since the start ==="
}

build-aux/deps.sh || fail "installing dependencies failed"

# The opt-in inspector module is built so its test runs too.
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" -Dinspector_module=true "$@" || fail "meson setup failed"
else
  meson setup "$builddir" -Dinspector_module=true "$@" || fail "meson setup failed"
fi

meson compile -C "$builddir" || fail "the build failed"
elapsed "built $builddir"

logs="$builddir/meson-logs"
rm -f "$logs/testlog.json" "$logs/testlog-valgrind.json" "$logs/testlog-docs.json"

echo "=== run 1: meson test (all suites, Xvfb) ==="
"${xvfb[@]}" meson test -C "$builddir" --print-errorlogs
echo "=== run 1 finished: exit status $? ==="
elapsed "run 1"

echo "=== run 2: meson test --setup=valgrind --no-suite gi --no-suite lint --no-suite corrupting --no-suite soak (memcheck, Xvfb) ==="
"${xvfb[@]}" meson test -C "$builddir" --setup=valgrind --no-suite gi --no-suite lint \
  --no-suite corrupting --no-suite soak --print-errorlogs
echo "=== run 2 finished: exit status $? ==="
elapsed "run 2"

echo "=== docs: gi-docgen check and generate of Healing-1.gir ==="
/usr/bin/python3 build-aux/doc-check.py "$builddir" "$logs/testlog-docs.json"
echo "=== docs finished: exit status $? ==="

summaries=("run 1 (xvfb)=$logs/testlog.json"
           "run 2 (valgrind)=$logs/testlog-valgrind.json"
           "docs (gi-docgen)=$logs/testlog-docs.json")

# The ASan+UBSan pass (clang, coverage, 20 s of each fuzzer) is opt-in:
# HEALING_CI_ASAN=1. It is not yet reliable enough to gate a landing: the
# GIR dumper of the instrumented build was seen blocked for good on glibc's
# gettext lock, and three suites still fail under LeakSanitizer (leaks of
# frames unwound after a fault, which valgrind.supp anchors by frame).
if [ "${HEALING_CI_ASAN:-0}" = 1 ]; then
  asanlogs="$asandir/meson-logs"
  # The sanitizer options of the tests are in the `asan` test setup
  # (tests/meson.build): the library installs its own SIGSEGV/SIGABRT
  # handlers, which ASan must leave alone.

  # clang: the libFuzzer targets need it. -Werror stays with gcc (_build):
  # clang warns about gcc attributes the demo uses.
  asan_options=(-Dinspector_module=true -Db_sanitize=address,undefined -Db_lundef=false
                -Db_coverage=true -Dfuzzing=true -Dwerror=false)
  if [ -f "$asandir/build.ninja" ]; then
    CC=clang meson setup --reconfigure "$asandir" "${asan_options[@]}" || fail "meson setup of $asandir failed"
  else
    CC=clang meson setup "$asandir" "${asan_options[@]}" || fail "meson setup of $asandir failed"
  fi
  # g-ir-scanner runs an instrumented dumper: no leak report from it.
  ASAN_OPTIONS=detect_leaks=0 meson compile -C "$asandir" || fail "the build of $asandir failed"
  elapsed "built $asandir"

  rm -f "$asanlogs/testlog-asan.json"
  find "$asandir" -name '*.gcda' -delete

  echo "=== run 3: meson test --setup=asan --no-suite gi --no-suite lint --no-suite corrupting (ASan+UBSan, Xvfb) ==="
  "${xvfb[@]}" meson test -C "$asandir" --setup=asan --no-suite gi --no-suite lint --no-suite corrupting \
    --print-errorlogs
  echo "=== run 3 finished: exit status $? ==="
  elapsed "run 3"

  summaries+=("run 3 (asan+ubsan)=$asanlogs/testlog-asan.json")

  echo "=== line coverage of src/ (run 3; gcovr) ==="
  gcovr --root . --object-directory "$asandir" --gcov-executable "llvm-cov gcov" \
    --filter 'src/' --exclude '.*\.h$' --exclude "$asandir/.*" \
    --txt - --print-summary 2>/dev/null \
    || echo "run-tests: gcovr failed (the coverage figures are missing)"
fi

elapsed "all runs"
echo "=== summary ==="
exec /usr/bin/python3 build-aux/test-summary.py "${summaries[@]}"
