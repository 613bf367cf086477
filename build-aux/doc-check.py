#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks the API reference of an already built tree, without building the
# documentation into it (-Ddocumentation stays off, so `meson test
# --setup=valgrind` never wraps gi-docgen):
#
#   gi-docgen check      every public symbol of Healing-1.gir is documented
#   gi-docgen generate   every link in the doc comments and in doc/*.md
#                        resolves (--fatal-warnings), into BUILDDIR/doc-check
#
# with the project file meson configures in every build
# (BUILDDIR/doc/healing.toml). The two run side by side, each bounded by
# a timeout.
#
# Writes LOG in the JSON Lines format of meson's testlog.json (one object
# per check: name, result, returncode, duration, stdout), so that
# build-aux/test-summary.py counts each check as one test. Exits 1 if a
# check failed.
#
# Usage: build-aux/doc-check.py BUILDDIR LOG

import json
import os
import shutil
import subprocess
import sys
import time

TIMEOUT_S = 300


def main(argv):
    if len(argv) != 3:
        print(f'usage: {argv[0]} BUILDDIR LOG', file=sys.stderr)
        return 2

    builddir, log = argv[1], argv[2]
    srcdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    gir = os.path.join(builddir, 'src', 'Healing-1.gir')
    toml = os.path.join(builddir, 'doc', 'healing.toml')
    outdir = os.path.join(builddir, 'doc-check')
    gidocgen = shutil.which('gi-docgen')

    checks = {
        'docs/gi-docgen-check':
            [gidocgen, 'check', f'--config={toml}', gir],
        'docs/gi-docgen-generate':
            [gidocgen, 'generate', '--quiet', '--fatal-warnings',
             f'--config={toml}', f'--output-dir={outdir}',
             '--no-namespace-dir', f'--content-dir={os.path.join(srcdir, "doc")}',
             gir],
    }

    missing = [p for p in (gir, toml) if not os.path.exists(p)]
    if gidocgen is None:
        missing.append('gi-docgen (build-aux/deps.sh installs it)')

    records = []
    if missing:
        for name in checks:
            records.append({'name': name, 'result': 'ERROR', 'returncode': None,
                            'duration': 0.0,
                            'stdout': 'missing: ' + ', '.join(missing) + '\n'})
    else:
        shutil.rmtree(outdir, ignore_errors=True)
        started = time.monotonic()
        running = {name: subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT)
                   for name, cmd in checks.items()}
        for name, proc in running.items():
            left = max(1.0, TIMEOUT_S - (time.monotonic() - started))
            try:
                out, _ = proc.communicate(timeout=left)
                result = 'OK' if proc.returncode == 0 else 'FAIL'
            except subprocess.TimeoutExpired:
                proc.kill()
                out, _ = proc.communicate()
                result = 'TIMEOUT'
            records.append({'name': name, 'result': result,
                            'returncode': proc.returncode,
                            'duration': time.monotonic() - started,
                            'stdout': out.decode('utf-8', 'replace')})

    with open(log, 'w', encoding='utf-8') as f:
        for r in records:
            f.write(json.dumps(r) + '\n')

    for r in records:
        print(f'{r["result"]:<8} {r["name"]} ({r["duration"]:.1f}s)')
        if r['result'] != 'OK':
            sys.stdout.write(r['stdout'])
    return 0 if all(r['result'] == 'OK' for r in records) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
