#!/bin/sh
# Copyright 2026 The libhealing authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench-container in instruction counts: runs it once under callgrind
# (both arms, every regime, in the same run), then prints per regime the
# instructions per frame of each arm and their ratio.
#
# Usage: tests/perf/bench-container-ir.sh BUILDDIR [FRAMES]
# Needs valgrind and xvfb-run.

set -eu

builddir=${1:?usage: $0 BUILDDIR [FRAMES]}
frames=${2:-20}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

GDK_BACKEND=x11 GTK_A11Y=none GSK_RENDERER=cairo \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  valgrind --tool=callgrind --toggle-collect='bench_frame_*' \
    --callgrind-out-file="$out/callgrind.out" \
    "$builddir/tests/perf/bench-container" --callgrind \
    --frames="$frames" --frames-one="$frames" > "$out/bench.txt" 2> "$out/valgrind.txt" ||
  { cat "$out/valgrind.txt" >&2; exit 1; }

callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" 2> /dev/null |
  sed -n 's/^ *\([0-9][0-9,]*\) .*:bench_frame_\([a-z_]*\)_\(plain\|guarded\|trusted\) \[.*/\2 \3 \1/p' |
  tr -d , |
  awk -v frames="$frames" '
    { ir[$1 " " $2] = $3; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
    END {
      printf "%-12s %6s  %14s %14s %8s", "regime", "frames", "plain Ir/fr", "guarded Ir/fr", "ratio"
      trusted = 0
      for (i = 0; i < n; i++) if ((order[i] " trusted") in ir) trusted = 1
      if (trusted) printf "  %14s %8s", "trusted Ir/fr", "ratio"
      printf "\n"
      for (i = 0; i < n; i++) {
        r = order[i]; p = ir[r " plain"]; g = ir[r " guarded"]
        printf "%-12s %6d  %14.0f %14.0f %8.4f", r, frames, p / frames, g / frames, g / p
        if ((r " trusted") in ir) printf "  %14.0f %8.4f", ir[r " trusted"] / frames, ir[r " trusted"] / p
        printf "\n"
      }
    }'
