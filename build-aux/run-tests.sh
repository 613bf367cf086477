#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The test command: installs what is missing, configures and builds _build,
# then runs the whole suite twice, both times under one headless X server:
#
#   1. `meson test`                                  (every suite)
#   2. `meson test --setup=valgrind --no-suite gi --no-suite lint --no-suite corrupting`
#      (memcheck; the Python and GJS tests are left out: they would only test
#      the interpreters; so are the `corrupting` ones, which break the
#      allocator on purpose)
#
# and prints the results of each run and, as the last line, the total over
# both: "N passed, N failed" (N counts TAP subtests; see
# build-aux/test-summary.py). Exits non-zero if anything failed.
#
# A separate step checks the API reference of the same build:
# build-aux/doc-check.py runs `gi-docgen check` and `gi-docgen generate`
# on _build's GIR (two more tests in the total).
#
# Usage: build-aux/run-tests.sh [extra `meson setup` options]

set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."

builddir=_build
xvfb=(xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp")

fail () {
  echo "run-tests: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

build-aux/deps.sh || fail "installing dependencies failed"

# The opt-in inspector module is built so its test runs too.
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" -Dinspector_module=true "$@" || fail "meson setup failed"
else
  meson setup "$builddir" -Dinspector_module=true "$@" || fail "meson setup failed"
fi

meson compile -C "$builddir" || fail "the build failed"

logs="$builddir/meson-logs"
rm -f "$logs/testlog.json" "$logs/testlog-valgrind.json" "$logs/testlog-docs.json"

echo "=== run 1: meson test (all suites, Xvfb) ==="
"${xvfb[@]}" meson test -C "$builddir" --print-errorlogs
echo "=== run 1 finished: exit status $? ==="

echo "=== run 2: meson test --setup=valgrind --no-suite gi --no-suite lint --no-suite corrupting (memcheck, Xvfb) ==="
"${xvfb[@]}" meson test -C "$builddir" --setup=valgrind --no-suite gi --no-suite lint --no-suite corrupting --print-errorlogs
echo "=== run 2 finished: exit status $? ==="

echo "=== docs: gi-docgen check and generate of Healing-1.gir ==="
/usr/bin/python3 build-aux/doc-check.py "$builddir" "$logs/testlog-docs.json"
echo "=== docs finished: exit status $? ==="

echo "=== summary ==="
exec /usr/bin/python3 build-aux/test-summary.py \
  "run 1 (xvfb)=$logs/testlog.json" \
  "run 2 (valgrind)=$logs/testlog-valgrind.json" \
  "docs (gi-docgen)=$logs/testlog-docs.json"
