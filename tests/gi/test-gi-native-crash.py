#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A native crash inside interpreter frames is never healed: a SIGSEGV raised
# by ctypes while PyGObject runs Python code for a widget inside a
# Healing.Container (its do_snapshot; a guarded handler) cannot be unwound
# safely (the interpreter's own state is mid-call), so the process must be
# stopped by the signal, promptly, and must not report the fault as healed.
#
# Each case runs in a child process; the child prints "healed: ..." if the
# container took the fault or if the main loop went on after it. Prints TAP.

import os
import signal
import subprocess
import sys
import traceback

TIMEOUT = 30 * float(os.environ.get('HEALING_TEST_TIME_SCALE', '1'))

CHILD = r'''
import ctypes, sys, time, gi
gi.require_version('Gtk', '4.0'); gi.require_version('Healing', '1')
from gi.repository import GLib, Gtk, Healing

case = sys.argv[1]

class Crashing(Gtk.Widget):
    def do_measure(self, orientation, for_size):
        return 50, 50, -1, -1
    def do_snapshot(self, snapshot):
        if case == 'snapshot':
            print('crashing in do_snapshot', flush=True)
            ctypes.string_at(0)

window = Gtk.Window()
button = Gtk.Button()
box = Gtk.Box()
box.append(Crashing())
box.append(button)
guard = Healing.Container(component_id='Native', child=box)
guard.connect('fault', lambda g, f: print('healed: fault', f.to_string(), flush=True))
window.set_child(guard)

def clicked(button):
    print('crashing in a handler', flush=True)
    ctypes.string_at(0)

Healing.signal_connect(button, 'clicked', clicked)
window.present()
context = GLib.MainContext.default()
deadline = time.monotonic() + 2
while time.monotonic() < deadline:
    context.iteration(False)
if case == 'handler':
    button.emit('clicked')
deadline = time.monotonic() + 2
while time.monotonic() < deadline:
    context.iteration(False)
print('healed: the process went on, container state', guard.props.state, flush=True)
'''


def run_case(case):
    try:
        result = subprocess.run([sys.executable, '-c', CHILD, case],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=TIMEOUT, text=True)
    except subprocess.TimeoutExpired as e:
        # subprocess.run() has killed it.
        output = e.output.decode(errors='replace') if isinstance(e.output, bytes) else e.output
        raise AssertionError('%s: still running after %.0f s (a hang, not a stop): %r'
                             % (case, TIMEOUT, output))
    out = result.stdout
    if 'crashing in' not in out:
        raise AssertionError('%s: the crash never ran: %r' % (case, out))
    if 'healed:' in out:
        raise AssertionError('%s: a native crash in Python frames was reported healed: %r'
                             % (case, out))
    if result.returncode != -signal.SIGSEGV:
        raise AssertionError('%s: exit status %d, expected death by SIGSEGV: %r'
                             % (case, result.returncode, out))


CASES = ['snapshot', 'handler']


def main():
    print('1..%d' % len(CASES))
    failed = 0
    for n, case in enumerate(CASES, 1):
        try:
            run_case(case)
        except Exception:
            failed += 1
            print('not ok %d /Healing/GI/python/native-crash/%s' % (n, case))
            for line in traceback.format_exc().splitlines():
                print('# %s' % line)
        else:
            print('ok %d /Healing/GI/python/native-crash/%s' % (n, case))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
