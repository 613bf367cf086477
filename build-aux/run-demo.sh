#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs the libhealing demo: installs what is missing, builds _build if
# needed, then
#   - with a display ($DISPLAY or $WAYLAND_DISPLAY): the interactive app;
#   - without one: the scripted scenario ("all": every panel, every
#     strategy) under Xvfb, which prints a timeline, writes PNG screenshots
#     (the Inspector's Healing page among them) and exits 0 only if every
#     check passed.
#
# Usage: build-aux/run-demo.sh [SCREENSHOT_DIR]     (default: ./screenshots)
# Environment: BUILDDIR (default: _build), HEALING_DEMO_HEADLESS=1 forces
# the headless scenario even with a display, HEALING_DEMO_SCENARIO picks
# another scenario (default: all; also: basic), HEALING_CONFIG names a
# policy file to use instead of the demo's (data/healing-demo.json).

set -euo pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-_build}
case "$builddir" in
  /*) ;;
  *) builddir="$srcdir/$builddir" ;;
esac
shots=${1:-screenshots}

if [ -x "$srcdir/build-aux/deps.sh" ] || [ -f "$srcdir/build-aux/deps.sh" ]; then
  bash "$srcdir/build-aux/deps.sh"
fi

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir"
fi
# The demo, and the signed hot patches its scenario serves (made with
# healingctl at build time).
ninja -C "$builddir" demo/healing-demo demo/ticker-1.json demo/ticker-2-forged.json
export HEALING_DEMO_PATCH_DIR="${HEALING_DEMO_PATCH_DIR:-$builddir/demo}"

demo="$builddir/demo/healing-demo"

if [ -z "${HEALING_DEMO_HEADLESS:-}" ] &&
   { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  echo "run-demo: starting the interactive demo"
  exec "$demo"
fi

mkdir -p "$shots"
shots=$(cd "$shots" && pwd)

scenario=${HEALING_DEMO_SCENARIO:-all}

echo "run-demo: no display; running the scripted scenario \"$scenario\" under Xvfb"
status=0
env GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 \
    GSK_RENDERER="${GSK_RENDERER:-cairo}" \
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
    "$demo" --scenario="$scenario" --screenshot="$shots" || status=$?

echo
echo "run-demo: screenshots are in $shots"
ls -1 "$shots"/*.png 2>/dev/null | sed 's/^/  /' || true
exit "$status"
