#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A native crash inside interpreter frames is never healed: a SIGSEGV raised
# by ctypes while PyGObject runs Python code for a widget inside a
# Healing.Container (its do_snapshot; a guarded handler), or the SIGTRAP of
# GJS's System.breakpoint() in the same places, cannot be unwound safely
# (the interpreter's own state is mid-call), so the process must be stopped
# by the signal, promptly, with the trap's stop record, and must not report
# the fault as healed.
#
# Each case runs in a child process; the child prints "healed: ..." if the
# container took the fault or if the main loop went on after it. Prints TAP.

import os
import shutil
import signal
import subprocess
import sys
import traceback

TIMEOUT = 20 * float(os.environ.get('HEALING_TEST_TIME_SCALE', '1'))

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

GJS_CHILD = r'''
imports.gi.versions.Gtk = '4.0';
const {GLib, GObject, Gtk, Healing} = imports.gi;
const System = imports.system;
const kase = ARGV[0];
Gtk.init();
Healing.init();
const Crashing = GObject.registerClass(class Crashing extends Gtk.Widget {
    vfunc_measure() { return [50, 50, -1, -1]; }
    vfunc_snapshot(snapshot) {
        if (kase === 'snapshot') { print('crashing in vfunc_snapshot'); System.breakpoint(); }
    }
});
const window = new Gtk.Window();
const button = new Gtk.Button();
const box = new Gtk.Box();
box.append(new Crashing());
box.append(button);
const guard = new Healing.Container({component_id: 'Native', child: box});
guard.connect('fault', (g, f) => print('healed: fault', f.to_string()));
window.set_child(guard);
Healing.signal_connect_closure(button, 'clicked', () => {
    print('crashing in a handler');
    System.breakpoint();
}, false, null);
window.present();
const context = GLib.MainContext.default();
function spin(seconds) {
    const deadline = GLib.get_monotonic_time() + seconds * 1e6;
    while (GLib.get_monotonic_time() < deadline)
        context.iteration(false);
}
spin(2);
if (kase === 'handler')
    button.emit('clicked');
spin(2);
print('healed: the process went on, container state', guard.state);
'''


def run_case(language, case):
    if language == 'python':
        argv = [sys.executable, '-c', CHILD, case]
        expected = signal.SIGSEGV
    else:
        argv = ['gjs', '-c', GJS_CHILD, case]
        expected = signal.SIGTRAP
    try:
        result = subprocess.run(argv,
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
        raise AssertionError('%s: a native crash in interpreter frames was reported healed: %r'
                             % (case, out))
    if result.returncode != -expected:
        raise AssertionError('%s: exit status %d, expected death by %s: %r'
                             % (case, result.returncode, expected.name, out))
    # The stop leaves a record (the trap's death record on stderr) that names
    # the component and why it could not be healed.
    for line in ('reason=unsafe-unwind', 'component=Native', 'signal=%d' % expected):
        if line not in out.splitlines():
            raise AssertionError('%s: no "%s" in the stop record: %r' % (case, line, out))


CASES = [('python', 'snapshot'), ('python', 'handler'), ('gjs', 'snapshot'), ('gjs', 'handler')]


def main():
    print('1..%d' % len(CASES))
    failed = 0
    for n, (language, case) in enumerate(CASES, 1):
        name = '/Healing/GI/%s/native-crash/%s' % (language, case)
        if language == 'gjs' and shutil.which('gjs') is None:
            print('ok %d %s # SKIP no gjs' % (n, name))
            continue
        try:
            run_case(language, case)
        except Exception:
            failed += 1
            print('not ok %d %s' % (n, name))
            for line in traceback.format_exc().splitlines():
                print('# %s' % line)
        else:
            print('ok %d %s' % (n, name))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
