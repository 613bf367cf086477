#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every row of the overhead table (issue 16) in one go, each against plain
# GTK in the same run: the benchmarks of tests/perf/, instruction counts
# under callgrind where a timer is too noisy, their own printed ratios
# otherwise. Prints each benchmark's output, then one summary table.
#
#   tests/perf/overhead.py [BUILDDIR] [--quick]
#
# BUILDDIR defaults to _build; build it debugoptimized without coverage
# (e.g. `meson setup _build-perf -Db_coverage=false`) for figures that mean
# something. --quick shortens the minute-long stall benchmark and the idle
# count (for a check that everything runs, not for figures).
#
# Needs valgrind and xvfb-run (build-aux/deps.sh installs both). Not a
# test: nothing here passes or fails on a figure. The last row of the
# issue's table, fault to fallback in frames, is measured by
# tests/test-render.c (/Healing/Render/fault-to-fallback/…, printed in its
# log).

import os
import re
import subprocess
import sys
import tempfile

XVFB = ['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24 -nolisten tcp']
# Rendering on the CPU, no accessibility bus: what differs between the
# arms is ours, not the GL driver's or D-Bus's.
ENV = dict(os.environ, GDK_BACKEND='x11', GTK_A11Y='none', GSK_RENDERER='cairo',
           NO_AT_BRIDGE='1')

# bench-signal runs 10,000 warm-up emissions inside each loop as well.
SIGNAL_ITERATIONS = 100000
SIGNAL_WARMUP = 10000


def run(argv, timeout, env=ENV):
    print('$ ' + ' '.join(argv), flush=True)
    try:
        done = subprocess.run(XVFB + argv, env=env, timeout=timeout,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    except subprocess.TimeoutExpired:
        print(f'  (timed out after {timeout} s)')
        return None
    print(done.stdout, flush=True)
    if done.returncode != 0:
        print(f'  (exit status {done.returncode})')
        return None
    return done.stdout


def callgrind(argv, toggle, timeout):
    """Inclusive Ir of every function matching @toggle, by name."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'callgrind.out')
        output = run(['valgrind', '--tool=callgrind', '--callgrind-out-file=' + out,
                      '--toggle-collect=' + toggle] + argv, timeout)
        if output is None:
            return None, None
        annotated = subprocess.run(['callgrind_annotate', '--inclusive=yes', '--threshold=100', out],
                                   stdout=subprocess.PIPE, text=True, check=True).stdout
    prefix = toggle.rstrip('*')
    counts = {}
    for line in annotated.splitlines():
        match = re.match(r'\s*([\d,]+)\s+\([^)]*\)\s+\S*?:?(' + re.escape(prefix) + r'\w+)', line)
        if match and match.group(2) not in counts:
            counts[match.group(2)] = int(match.group(1).replace(',', ''))
    return counts, output


def ratio_row(rows, label, counts, plain, guarded, units, target):
    if counts is None or plain not in counts or guarded not in counts:
        rows.append((label, 'not measured', target))
        return
    p, g = counts[plain], counts[guarded]
    text = f'{g / p:.3f}× ({(g - p) / units:+,.0f} Ir)' if units else f'{g / p:.3f}×'
    rows.append((label, text, target))


def grep(output, pattern, group=1):
    if output is None:
        return None
    match = re.search(pattern, output, re.MULTILINE)
    return match.group(group) if match else None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    quick = '--quick' in sys.argv
    builddir = args[0] if args else '_build'
    perf = os.path.join(builddir, 'tests', 'perf')
    rows = []

    # Snapshot phase: 20 frames per regime and window under callgrind.
    counts, output = callgrind([os.path.join(perf, 'bench-container'), '--callgrind'],
                               'bench_frame_*', 3600)
    frames = grep(output, r'^all-changed\s+(\d+)')
    per_container = int(frames) * 1000 if frames else None
    ratio_row(rows, 'snapshot phase, 1,000 containers vs GtkBox, all changed', counts,
              'bench_frame_all_changed_plain', 'bench_frame_all_changed_guarded',
              per_container, '≤ 1.05×')
    ratio_row(rows, 'snapshot phase, one label changed', counts,
              'bench_frame_one_changed_plain', 'bench_frame_one_changed_guarded', None, '')
    ratio_row(rows, 'full frame (snapshot + cairo render), all changed', counts,
              'bench_frame_paint_all_plain', 'bench_frame_paint_all_guarded',
              per_container, '≤ 1.03×')
    ratio_row(rows, 'snapshot phase, all changed, trusted-drawing (opt-in, not trapped)', counts,
              'bench_frame_all_changed_plain', 'bench_frame_all_changed_trusted',
              per_container, '')
    ratio_row(rows, 'full frame, all changed, trusted-drawing (opt-in, not trapped)', counts,
              'bench_frame_paint_all_plain', 'bench_frame_paint_all_trusted',
              per_container, '')

    # Guarded emissions.
    counts, _ = callgrind([os.path.join(perf, 'bench-signal'),
                           f'--iterations={SIGNAL_ITERATIONS}', '--rounds=1'],
                          'bench_loop_*', 3600)
    units = SIGNAL_ITERATIONS + SIGNAL_WARMUP
    for name, label, target in (
            ('ping', 'guarded emission, unowned: no arguments', '≤ 1.15×'),
            ('pointer', 'guarded emission, unowned: a pointer argument', '≤ 1.15×'),
            ('clicked', 'guarded emission, unowned: GtkButton::clicked', '≤ 1.15×'),
            ('owned_clicked', 'guarded emission owned by a container', '≤ 1.3×'),
            ('deep_clicked', 'owned, the button 20 levels deep', 'independent of depth')):
        ratio_row(rows, label, counts, f'bench_loop_{name}_plain', f'bench_loop_{name}_guarded',
                  units, target)

    output = run([os.path.join(perf, 'bench-signal'), '--allocations', '--iterations=1000000'], 900)
    allocations = re.findall(r'^(.*?)\s(guarded\S*)\s+([\d.]+) allocations/emission', output or '',
                             re.MULTILINE)
    guarded = [float(n) for signal, arm, n in allocations]
    rows.append(('allocations per guarded emission',
                 f'{max(guarded):g} at most' if guarded else 'not measured', '0'))

    # Checkpoints.
    output = run([os.path.join(perf, 'bench-checkpoint')], 1800)
    longest = re.findall(r'^ring, in slices: .*, longest ([\d.]+) ms$', output or '', re.MULTILINE)
    in_all = grep(output, r'^ring, in slices: first capture\s+([\d.]+ ms)')
    rows.append(('checkpoint capture, 10,001 widgets + 2,000 buffers: the ring, in idle slices',
                 (f'{in_all} in all, longest slice of any ring checkpoint '
                  f'{max(float(n) for n in longest):.3f} ms') if longest else 'not measured',
                 '≤ 10 ms, no stall above 4 ms'))
    rows.append(('checkpoint capture, the same, in one call (healing_checkpoint_new_capture ())',
                 grep(output, r'^capture \(healing_checkpoint_new_capture\)\s+([\d.]+ ms)') or 'not measured',
                 ''))
    rows.append(('restore with nothing to set (the ring)',
                 grep(output, r'^ring: restore, nothing to set\s+([\d.]+ ms)') or 'not measured',
                 '≤ 5 ms'))
    seconds = '10' if quick else '60'
    output = run([os.path.join(perf, 'bench-checkpoint-stall'), seconds], 3 * int(seconds) + 600)
    rows.append((f'longest stall without a frame over {seconds} s, libhealing / GTK',
                 grep(output, r'^longest stall without a frame, libhealing / GTK: (.*)$') or
                 'not measured', 'none above 4 ms'))
    output = run([os.path.join(perf, 'bench-checkpoint-memory')], 1800)
    for pattern, label in ((r'^HealingContainer\s+[\d.]+ B each\s+\([\d.]+×, ([+-][\d]+ B)\)', 'built'),
                           (r'^  \+ first checkpoint.*\(([+-][\d]+ B) over', '+ first checkpoint'),
                           (r'^  \+ 3 more checkpoints.*\(([+-][\d]+ B) over', '+ 3 more checkpoints')):
        rows.append((f'memory per container over a GtkBox: {label}',
                     grep(output, pattern) or 'not measured', '≤ 1 KiB after checkpoints'))

    # The idle process.
    output = run([os.path.join(perf, 'bench-idle'), '--seconds=' + ('2' if quick else '5')], 600,
                 env=dict(ENV))
    rows.append(('idle wakeups per second after healing_init ()',
                 grep(output, r'after healing_init \(\)\s+[\d.]+\s+\((\+[\d.]+)\)') or
                 'not measured', '0'))

    print('| row | this run | target |')
    print('| --- | --- | --- |')
    for label, value, target in rows:
        print(f'| {label} | {value} | {target} |')


if __name__ == '__main__':
    main()
