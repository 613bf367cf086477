#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The test command: installs what is missing, configures and builds two
# trees, runs the suite three times, all under one headless X server each:
#
#   _build (gcc, the warning gate: -Werror; --coverage):
#   1. `meson test`                                      (every suite)
#   2. `meson test --setup=valgrind --no-suite gi --no-suite lint
#       --no-suite corrupting --no-suite soak`           (memcheck)
#   _build-asan (clang, -fsanitize=address,undefined, the libFuzzer targets
#   of tests/fuzz, no GIR: -Dintrospection=false):
#   3. `meson test --setup=asan --no-suite gi --no-suite lint
#       --no-suite corrupting`  (ASan + UBSan + LeakSanitizer; also 20 s of
#      each fuzzer)
#
# The Python and GJS tests (suite gi) are left out of 2 and 3: they would
# only test the interpreters. Tests that corrupt the allocator or crash for
# real (suite corrupting) would only test the sanitizers. The soak (suite
# soak) runs in 1 and 3; under memcheck it would take tens of minutes.
#
# Then it prints the line coverage of the library, measured by runs 1 and
# 2 (gcc's gcov, read by gcovr: every file of src/, then the trap, policy,
# checkpoint and container files on their own), the results of each run
# and, as the last line, the total over all runs: "N passed, N failed"
# (N counts TAP subtests; see
# build-aux/test-summary.py). Exits non-zero if anything failed.
#
# A separate step checks the API reference of _build: build-aux/doc-check.py
# runs `gi-docgen check` and `gi-docgen generate` on _build's GIR (two more
# tests in the total).
#
# Usage: build-aux/run-tests.sh [extra `meson setup` options for _build]
# HEALING_CI_ASAN=0 leaves out the _build-asan tree and run 3 (a quicker
# local run; CI runs them).

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

# The opt-in inspector module is built so its test runs too. Coverage is
# measured here, not in the clang tree: clang's gcov-style counters derive
# block counts from flow conservation, which the trap's siglongjmp ()
# breaks (they showed the trap's hang path as never run while the hang
# tests passed); gcc splits blocks at every call that may not return.
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" -Dinspector_module=true -Db_coverage=true "$@" || fail "meson setup failed"
else
  meson setup "$builddir" -Dinspector_module=true -Db_coverage=true "$@" || fail "meson setup failed"
fi

meson compile -C "$builddir" || fail "the build failed"
elapsed "built $builddir"

logs="$builddir/meson-logs"
rm -f "$logs/testlog.json" "$logs/testlog-valgrind.json" "$logs/testlog-docs.json"
find "$builddir" -name '*.gcda' -delete

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

# The ASan+UBSan pass (clang, 20 s of each fuzzer). Its tree has
# no GIR (-Dintrospection=false): g-ir-scanner's instrumented dumper would
# only test g-ir-scanner (it was seen blocked for good on glibc's gettext
# lock), and _build builds and checks the GIR. Memory that a fault's unwind
# abandons is not a leak LeakSanitizer should report: the trap tells it so
# (forget_abandoned_blocks () in src/healing-trap.c; build-aux/lsan.supp
# says why it is not a suppression).
if [ "${HEALING_CI_ASAN:-1}" != 0 ]; then
  asanlogs="$asandir/meson-logs"
  # The sanitizer options of the tests are in the `asan` test setup
  # (tests/meson.build): the library installs its own SIGSEGV/SIGABRT
  # handlers, which ASan must leave alone.

  # clang: the libFuzzer targets need it. -Werror stays with gcc (_build):
  # clang warns about gcc attributes the demo uses.
  asan_options=(-Dinspector_module=true -Db_sanitize=address,undefined -Db_lundef=false
                -Db_coverage=false -Dfuzzing=true -Dwerror=false -Dintrospection=false)
  if [ -f "$asandir/build.ninja" ]; then
    CC=clang meson setup --reconfigure "$asandir" "${asan_options[@]}" || fail "meson setup of $asandir failed"
  else
    CC=clang meson setup "$asandir" "${asan_options[@]}" || fail "meson setup of $asandir failed"
  fi
  meson compile -C "$asandir" || fail "the build of $asandir failed"
  elapsed "built $asandir"

  rm -f "$asanlogs/testlog-asan.json"

  echo "=== run 3: meson test --setup=asan --no-suite gi --no-suite lint --no-suite corrupting (ASan+UBSan, Xvfb) ==="
  "${xvfb[@]}" meson test -C "$asandir" --setup=asan --no-suite gi --no-suite lint --no-suite corrupting \
    --print-errorlogs
  echo "=== run 3 finished: exit status $? ==="
  elapsed "run 3"

  summaries+=("run 3 (asan+ubsan)=$asanlogs/testlog-asan.json")
fi

echo "=== line coverage of src/ (runs 1 and 2; gcovr) ==="
gcovr --root . --object-directory "$builddir" \
  --filter 'src/' --exclude '.*\.h$' --exclude "$builddir/.*" \
  --txt - --print-summary 2>/dev/null \
  || echo "run-tests: gcovr failed (the coverage figures are missing)"

# Issue 14 asks 90 % of these. By name pattern, anywhere under src/, so
# that split files (healing-policy-json.c, healing-checkpoint-json.c, …)
# are counted where they belong; not the Inspector's panes of the same
# names (src/inspector/), which are in the first report.
echo "=== line coverage of the trap, policy, checkpoint and container code (runs 1 and 2; gcovr) ==="
gcovr --root . --object-directory "$builddir" \
  --filter 'src/(.*/)?[^/]*trap[^/]*\.c$' --filter 'src/(.*/)?[^/]*polic[^/]*\.c$' \
  --filter 'src/(.*/)?[^/]*checkpoint[^/]*\.c$' --filter 'src/(.*/)?[^/]*container[^/]*\.c$' \
  --exclude 'src/inspector/.*' --exclude "$builddir/.*" \
  --txt - --print-summary 2>/dev/null \
  || echo "run-tests: gcovr failed (the coverage figures are missing)"

elapsed "all runs"
echo "=== summary ==="
exec /usr/bin/python3 build-aux/test-summary.py "${summaries[@]}"
