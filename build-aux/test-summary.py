#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Summarises one or more `meson test` runs from their JSON Lines logs
# (meson-logs/testlog*.json: one object per test executable).
#
# Usage: test-summary.py LABEL=PATH [LABEL=PATH ...]
#
# What is counted: TAP subtests. Every GTest program runs with --tap and the
# GI scripts print TAP too, so each `ok N` is one pass and each `not ok N`
# one failure (`# SKIP` is a skip, `# TODO` is neither). An executable whose
# result is not OK but whose TAP stream shows no failure (it crashed, timed
# out, or valgrind found errors or definite leaks after the last subtest)
# adds its missing subtests, and at least one, as failures. A test that
# printed no TAP at all, or was skipped as a whole, counts as one subtest.
# A missing log counts as one failure.
#
# Prints one line per executable and per run, then, as the very last line,
# "N passed, N failed" summed over all runs. Exits 1 if anything failed.

import json
import re
import sys

TAP_LINE = re.compile(r'^(not )?ok\b(?:\s+\d+)?([^#]*)(?:#\s*(\S+))?', re.I)
TAP_PLAN = re.compile(r'^1\.\.(\d+)')
GOOD = ('OK', 'EXPECTEDFAIL')


def count_tap(stdout):
    passed = failed = skipped = 0
    plan = None
    for line in stdout.splitlines():
        m = TAP_PLAN.match(line)
        if m:
            plan = int(m.group(1))
            continue
        m = TAP_LINE.match(line)
        if not m:
            continue
        directive = (m.group(3) or '').upper()
        if directive.startswith('SKIP'):
            skipped += 1
        elif directive.startswith('TODO'):
            pass
        elif m.group(1):
            failed += 1
        else:
            passed += 1
    return passed, failed, skipped, plan


def summarise(label, path):
    passed = failed = skipped = 0
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            records = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        print(f'{label}: cannot read {path}: {e}')
        return 0, 1, 0
    if not records:
        print(f'{label}: no tests ran ({path})')
        return 0, 1, 0

    print(f'{label}:')
    for r in records:
        result = r.get('result', '?')
        p, f, s, plan = count_tap(r.get('stdout') or '')
        seen = p + f + s
        if seen == 0 and plan is None:
            # Not a TAP test: the executable is the unit.
            if result in GOOD:
                p = 1
            elif result == 'SKIP':
                s = 1
            else:
                f = 1
        elif result == 'SKIP' and seen == 0:
            s = 1  # e.g. "1..0 # SKIP no display"
        elif result not in GOOD and result != 'SKIP' and f == 0:
            f = max(1, (plan or 0) - seen)
        note = ''
        if result not in GOOD and result != 'SKIP':
            rc = r.get('returncode')
            note = f' (exit status {rc})' if rc is not None else ''
        print(f'  {result:<8} {r.get("name", "?"):<44} '
              f'{p} passed, {f} failed, {s} skipped, {r.get("duration", 0):.1f}s{note}')
        passed += p
        failed += f
        skipped += s
    print(f'  {label} total: {passed} passed, {failed} failed, {skipped} skipped')
    return passed, failed, skipped


def main(argv):
    total_p = total_f = 0
    for arg in argv[1:]:
        label, _, path = arg.partition('=')
        p, f, _ = summarise(label, path)
        total_p += p
        total_f += f
    print(f'{total_p} passed, {total_f} failed')
    return 1 if total_f else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
