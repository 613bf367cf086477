#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Python side of tests/healing-fault-app.c: a native crash inside the
# interpreter's frames, raised for real in a guarded widget of a real
# window (python3-gi, libhealing uninstalled through GI_TYPELIB_PATH).
#
#   healing-fault-app.py --fault=ctypes-null --where=snapshot
#
# ctypes.string_at (0) in a Python do_snapshot () reads address 0 inside
# libffi and libc, called from the interpreter's eval loop: unwinding those
# frames would leave the interpreter corrupt (its frame stack, its thread
# state, the GIL), so libhealing must stop the process. If the process
# lives on, it checks that Python still runs and prints
# "fault-app: outcome=healed ..." (test-safe-or-stop.c then fails the cell).

import ctypes
import sys

import gi

gi.require_version('Gtk', '4.0')
gi.require_version('Healing', '1')

from gi.repository import GLib, Gtk, Healing  # noqa: E402


def say(text):
    print('fault-app: ' + text, flush=True)


class Faulty(Gtk.Widget):
    armed = False
    draws = 0

    def do_snapshot(self, snapshot):
        self.draws += 1
        if self.armed:
            self.armed = False
            say('raise t=%d' % GLib.get_monotonic_time())
            ctypes.string_at(0)


def main():
    args = dict(a[2:].split('=', 1) for a in sys.argv[1:] if a.startswith('--'))
    if args.get('fault') != 'ctypes-null' or args.get('where') != 'snapshot':
        print('usage: healing-fault-app.py --fault=ctypes-null --where=snapshot',
              file=sys.stderr)
        return 2

    Healing.init()
    say('started')

    child = Faulty()
    child.set_size_request(40, 40)
    container = Healing.Container()
    container.set_component_id('Cell')
    container.set_child(child)
    window = Gtk.Window()
    window.set_default_size(400, 300)
    window.set_child(container)
    window.present()

    context = GLib.MainContext.default()
    deadline = GLib.get_monotonic_time() + 5 * 1000 * 1000

    def run_until(condition):
        while not condition() and GLib.get_monotonic_time() < deadline:
            context.iteration(False)
            GLib.usleep(1000)
        return condition()

    if not run_until(lambda: child.draws > 0):
        say('outcome=broken check=first-frame')
        return 1

    child.armed = True
    child.queue_draw()
    if not run_until(lambda: container.get_fault_count() > 0):
        say('outcome=broken check=fault-reported')
        return 1

    # Still alive: does the interpreter still work?
    fired = []
    GLib.timeout_add(20, lambda: fired.append(sum(range(1000))) or False)
    if not run_until(lambda: fired == [499500]):
        say('outcome=broken check=python-runs')
        return 1

    say('outcome=healed fault=ctypes-null where=snapshot faults=%d checks=python-runs'
        % container.get_fault_count())
    return 0


sys.exit(main())
