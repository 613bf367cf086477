#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A Python application healed by libhealing: a window built from
# data/app.ui (three containers, handlers resolved on a Python object by
# Healing.BuilderScope), a policy from data/app-policy.json, and real
# faults: a Python exception in do_snapshot, in a .ui handler, in a guarded
# idle callback, a GTK critical from a guarded handler, network errors that
# open a breaker. Each fault must be recorded (with its traceback), the
# fallback shown, the rest of the window keep working and the container
# recover on reset. Last, the Inspector page with GTK_DEBUG=interactive.
#
# Runs uninstalled (tests/gi/meson.build: GI_TYPELIB_PATH, LD_LIBRARY_PATH,
# PYTHONPATH with the override). Needs a display. Prints TAP.

import gc
import os
import subprocess
import sys
import time
import traceback
import weakref

import gi

gi.require_version('Gtk', '4.0')
gi.require_version('Healing', '1')
gi.require_version('Graphene', '1.0')
gi.require_version('Gdk', '4.0')

from gi.repository import Gdk, Gio, GLib, Graphene, Gtk, Healing  # noqa: E402

SRCDIR = os.path.dirname(os.path.abspath(__file__))
UI_FILE = os.path.join(SRCDIR, 'data', 'app.ui')
POLICY_FILE = os.path.join(SRCDIR, 'data', 'app-policy.json')
TIMEOUT = 20 * float(os.environ.get('HEALING_TEST_TIME_SCALE', '1'))


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def check_equal(got, expected, what):
    if got != expected:
        raise AssertionError('%s: got %r, expected %r' % (what, got, expected))


def wait_until(condition, timeout=TIMEOUT):
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        if not context.iteration(False):
            time.sleep(0.005)
    return True


def spin(seconds):
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not context.iteration(False):
            time.sleep(0.005)


class ChartError(RuntimeError):
    pass


class TestChart(Gtk.Widget):
    """The chart: draws a bar, or raises when told to."""
    __gtype_name__ = 'HealingTestChart'

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fail = False
        self.fail_measure = False
        self.draws = 0

    def do_measure(self, orientation, for_size):
        if self.fail_measure:
            raise OverflowError('the axis does not fit')
        return 100, 100, -1, -1

    def do_snapshot(self, snapshot):
        if self.fail:
            raise ChartError('the data is corrupt')
        self.draws += 1
        color = Gdk.RGBA()
        color.parse('steelblue')
        bar = Graphene.Rect().init(0, 0, self.get_width() / 2, self.get_height())
        snapshot.append_color(color, bar)


class AppHandlers:
    """The handlers app.ui names, resolved by Healing.BuilderScope."""

    def __init__(self):
        self.calls = {'send': 0, 'check': 0, 'status': 0}
        self.send_fails = False

    def on_send_clicked(self, button):
        self.calls['send'] += 1
        if self.send_fails:
            raise ValueError('the form has no recipient')

    def on_check_clicked(self, button):
        self.calls['check'] += 1

    def on_status_clicked(self, button):
        self.calls['status'] += 1


class App:
    pass


app = App()


def faults_of(component):
    return app.faults[component]


def wait_for_fault(component, count=1):
    check(wait_until(lambda: len(faults_of(component)) >= count),
          '%s: a fault within %.0f s' % (component, TIMEOUT))
    return faults_of(component)[count - 1]


def check_rest_works(faulted):
    """The other containers are healthy, the unguarded button works."""
    for name, guard in app.guards.items():
        if name != faulted:
            check_equal(guard.props.state, Healing.State.HEALTHY, '%s state' % name)
            check(guard.get_child().get_mapped(), '%s child shown' % name)
    before = app.handlers.calls['status']
    app.status_button.emit('clicked')
    check_equal(app.handlers.calls['status'], before + 1, 'the status button still works')


def check_fallback_shown(name, fallback_id):
    guard = app.guards[name]
    check(wait_until(lambda: guard.props.state == Healing.State.FALLBACK),
          '%s shows its fallback (state %r)' % (name, guard.props.state))
    check(wait_until(lambda: app.builder.get_object(fallback_id).get_mapped()),
          '%s fallback mapped' % name)
    check(not guard.get_child().get_mapped(), '%s child hidden' % name)


def check_recovers(name):
    guard = app.guards[name]
    guard.reset()
    check(wait_until(lambda: guard.props.state == Healing.State.HEALTHY and
                     guard.get_child().get_mapped()),
          '%s recovers on reset (state %r)' % (name, guard.props.state))


def check_exception_fault(fault, phase, type_name, message, where):
    check_equal(fault.get_kind(), Healing.FaultKind.ERROR, 'fault kind')
    check_equal(fault.get_phase(), phase, 'fault phase')
    check_equal(fault.get_exception_type(), type_name, 'exception type')
    check_equal(fault.get_message(), '%s: %s' % (type_name, message), 'fault message')
    tb = fault.get_traceback()
    check(tb is not None and tb.startswith('Traceback (most recent call last):'),
          'a Python traceback: %r' % tb)
    check(where in tb and os.path.basename(__file__) in tb,
          'the traceback names %s in this file: %r' % (where, tb))
    check(tb.rstrip().endswith('%s: %s' % (type_name, message)), 'traceback ends with the exception')
    # The runtime's fault log has the same record.
    log = Healing.Runtime.get_default().get_fault_log()
    entries = [log.get_item(i) for i in range(log.get_n_items())]
    check(any(e.get_fault().get_traceback() == tb for e in entries),
          'the fault log holds the traceback')


def test_build():
    check(Healing.is_initialized(), 'importing Healing initialised it')
    policy = Healing.Policy.new_from_file(POLICY_FILE)
    Healing.Runtime.get_default().set_policy(policy)

    app.handlers = AppHandlers()
    app.builder = Gtk.Builder()
    app.builder.set_scope(Healing.BuilderScope(app.handlers))
    app.builder.add_from_file(UI_FILE)
    app.window = app.builder.get_object('window')
    app.chart = app.builder.get_object('chart')
    app.status_button = app.builder.get_object('status_button')
    app.guards = {name: app.builder.get_object(id_) for name, id_ in
                  (('Chart', 'chart_guard'), ('Form', 'form_guard'), ('Feed', 'feed_guard'))}
    app.faults = {name: [] for name in app.guards}
    for name, guard in app.guards.items():
        check_equal(guard.props.component_id, name, 'component id from app.ui')
        guard.connect('fault', lambda g, f, name=name: app.faults[name].append(f))
    check(isinstance(app.chart, TestChart), 'the chart is the Python class')

    app.window.present()
    check(wait_until(lambda: app.chart.draws > 0), 'the chart drew')
    for name, guard in app.guards.items():
        check_equal(guard.props.state, Healing.State.HEALTHY, '%s healthy' % name)
    app.builder.get_object('send_button').emit('clicked')
    check_equal(app.handlers.calls['send'], 1, 'the .ui handler on the Python object ran')
    check_rest_works(None)


def test_snapshot_exception():
    app.chart.fail = True
    app.chart.queue_draw()
    fault = wait_for_fault('Chart')
    check_exception_fault(fault, Healing.FaultPhase.SNAPSHOT, 'ChartError',
                          'the data is corrupt', 'do_snapshot')
    check_equal(fault.get_component_id(), 'Chart', 'fault component')
    check_fallback_shown('Chart', 'chart_fallback')
    check_rest_works('Chart')

    app.chart.fail = False
    draws = app.chart.draws
    check_recovers('Chart')
    check(wait_until(lambda: app.chart.draws > draws), 'the chart draws again')
    spin(0.2)
    check_equal(app.guards['Chart'].props.state, Healing.State.HEALTHY, 'Chart stays healthy')
    check_equal(len(faults_of('Chart')), 1, 'one Chart fault')


def test_measure_exception():
    app.chart.fail_measure = True
    app.chart.queue_resize()
    fault = wait_for_fault('Chart', 2)
    check_exception_fault(fault, Healing.FaultPhase.MEASURE, 'OverflowError',
                          'the axis does not fit', 'do_measure')
    check_fallback_shown('Chart', 'chart_fallback')
    check_rest_works('Chart')
    app.chart.fail_measure = False
    check_recovers('Chart')


def test_connect_order_and_args():
    button = app.builder.get_object('check_button')
    calls = []
    after = Healing.signal_connect_after(button, 'clicked', lambda b, *a: calls.append(('after',) + a),
                                         'x', 1)
    plain = button.connect('clicked', lambda b: calls.append(('plain',)))
    guarded = Healing.signal_connect(button, 'clicked', lambda b, *a: calls.append(('guarded',) + a), 'y')
    button.emit('clicked')
    check_equal(calls, [('plain',), ('guarded', 'y'), ('after', 'x', 1)],
                'handlers in order, with their arguments')
    for handler in (after, plain, guarded):
        button.disconnect(handler)
    button.emit('clicked')
    check_equal(len(calls), 3, 'disconnected by id')


def test_handler_exception():
    send = app.builder.get_object('send_button')
    app.handlers.send_fails = True
    calls = app.handlers.calls['send']
    send.emit('clicked')
    check_equal(app.handlers.calls['send'], calls + 1, 'the handler ran')
    fault = wait_for_fault('Form')
    check_exception_fault(fault, Healing.FaultPhase.HANDLER, 'ValueError',
                          'the form has no recipient', 'on_send_clicked')
    check('on_send_clicked' in fault.get_origin(), 'origin names the handler: %r' % fault.get_origin())
    check_fallback_shown('Form', 'form_fallback')
    check_rest_works('Form')

    # A faulted handler never runs again; the container's other one does.
    send.emit('clicked')
    check_equal(app.handlers.calls['send'], calls + 1, 'the faulted handler is disconnected')
    check_recovers('Form')
    check_calls = app.handlers.calls['check']
    app.builder.get_object('check_button').emit('clicked')
    check_equal(app.handlers.calls['check'], check_calls + 1, 'the other handler still runs')
    check_equal(app.guards['Form'].props.state, Healing.State.HEALTHY, 'Form healthy')


def test_idle_exception():
    label = app.builder.get_object('feed_label')
    calls = []

    def feed_update(prefix):
        calls.append(prefix)
        if len(calls) == 1:
            label.set_label('%s: 3 new items' % prefix)
            return True
        raise LookupError('no item %d' % len(calls))

    Healing.idle_add(app.guards['Feed'], feed_update, 'News')
    fault = wait_for_fault('Feed')
    check_equal(label.get_label(), 'News: 3 new items', 'the first run worked')
    check_exception_fault(fault, Healing.FaultPhase.CALLBACK, 'LookupError',
                          'no item 2', 'feed_update')
    check_equal(fault.get_origin(), 'idle callback', 'fault origin')
    check_fallback_shown('Feed', 'feed_fallback')
    check_rest_works('Feed')
    spin(0.2)
    check_equal(len(calls), 2, 'the faulted callback is removed')
    check_recovers('Feed')

    # The same for a timeout, with its arguments.
    ticks = []

    def feed_tick(step):
        ticks.append(step)
        if len(ticks) < 3:
            return True
        raise ArithmeticError('tick %d' % len(ticks))

    Healing.timeout_add(app.guards['Feed'], 10, feed_tick, 'step')
    fault = wait_for_fault('Feed', 2)
    check_equal(ticks, ['step'] * 3, 'the timeout ran three times with its argument')
    check_exception_fault(fault, Healing.FaultPhase.CALLBACK, 'ArithmeticError', 'tick 3', 'feed_tick')
    check_equal(fault.get_origin(), 'timeout callback (10 ms)', 'fault origin')
    check_fallback_shown('Feed', 'feed_fallback')
    check_recovers('Feed')


def test_gtk_critical():
    form = app.builder.get_object('form')
    check_button = app.builder.get_object('check_button')

    def misuse_gtk(button):
        # Not a child of the form: gtk_box_remove () logs a critical.
        form.remove(Gtk.Label())

    handler = Healing.signal_connect(check_button, 'clicked', misuse_gtk)
    check(handler > 0, 'Healing.signal_connect returned a handler id')
    check_button.emit('clicked')
    fault = wait_for_fault('Form', 2)
    check_equal(fault.get_kind(), Healing.FaultKind.CRITICAL, 'fault kind')
    check_equal(fault.get_phase(), Healing.FaultPhase.HANDLER, 'fault phase')
    check('gtk_box_remove' in fault.get_message(), 'the critical: %r' % fault.get_message())
    check_fallback_shown('Form', 'form_fallback')
    check_rest_works('Form')
    check_recovers('Form')


def test_network_breaker():
    runtime = Healing.Runtime.get_default()
    guard = app.guards['Feed']
    error = GLib.Error.new_literal(Gio.io_error_quark(), 'feeds.example.org is unreachable',
                                   int(Gio.IOErrorEnum.HOST_UNREACHABLE))
    before = len(faults_of('Feed'))
    for i in range(3):
        guard.report_error(error)
        wait_for_fault('Feed', before + i + 1)
        if i < 2:
            # Below the threshold the feed keeps working.
            check_equal(guard.props.state, Healing.State.HEALTHY, 'Feed below the threshold')
    fault = faults_of('Feed')[-1]
    check_equal(fault.get_kind(), Healing.FaultKind.ERROR, 'fault kind')
    check_equal(fault.get_phase(), Healing.FaultPhase.REPORTED, 'fault phase')
    check(fault.get_exception_type() is None, 'a reported GError is not an exception')
    breaker = runtime.lookup_breaker('Feed')
    check(breaker is not None, 'Feed has a breaker')
    check(wait_until(lambda: breaker.get_state() == Healing.CircuitState.OPEN),
          'the breaker opened (%r)' % breaker.get_state())
    check(wait_until(lambda: guard.props.state == Healing.State.OPEN_CIRCUIT),
          'Feed shows the open circuit (%r)' % guard.props.state)
    check(app.builder.get_object('feed_fallback').get_mapped(), 'Feed fallback shown')
    check_rest_works('Feed')


SYMBOLS_UI = '''
<interface>
  <object class="HealingContainer" id="guard">
    <child>
      <object class="GtkBox">
        <child><object class="GtkButton" id="one"><signal name="clicked" handler="on_symbol"/></object></child>
        <child><object class="GtkButton" id="two"><signal name="clicked" handler="on_symbol"/></object></child>
        <child><object class="GtkButton" id="bad"><signal name="clicked" handler="on_bad"/></object></child>
      </object>
    </child>
  </object>
</interface>
'''


def test_builder_scope_symbols():
    # GTK's add_callback_symbol () from Python passes no arguments and frees
    # its callback after the first call (scope="async"): the second runs a
    # freed closure. Healing's keeps it, passes the signal's arguments, and
    # guards it.
    calls = []
    scope = Healing.BuilderScope()
    scope.add_callback_symbol('on_symbol', lambda button, tag: calls.append((button, tag)), 'tag')
    scope.add_callback_symbol('on_bad', lambda button: {}['missing'])
    builder = Gtk.Builder()
    builder.set_scope(scope)
    builder.add_from_string(SYMBOLS_UI)
    one, two = builder.get_object('one'), builder.get_object('two')
    for _ in range(2):
        one.emit('clicked')
        two.emit('clicked')
    check_equal(calls, [(one, 'tag'), (two, 'tag')] * 2, 'calls with their arguments')

    guard = builder.get_object('guard')
    faults = []
    guard.connect('fault', lambda g, f: faults.append(f))
    builder.get_object('bad').emit('clicked')
    check(wait_until(lambda: faults), 'the raising symbol is a fault')
    check_equal(faults[0].get_exception_type(), 'KeyError', 'exception type')
    check('on_bad' in faults[0].get_origin(), 'origin names the handler')

    # Nothing is kept once the builder and its widgets are gone: not the
    # handlers (PyGObject's own Gtk.Builder(handlers) leaks them, through a
    # closure returned with one reference too many).
    class Handlers:
        def on_symbol(self, button, *args):
            pass

        def on_bad(self, button):
            pass

    def build_and_drop():
        handlers = Handlers()
        builder = Gtk.Builder()
        builder.set_scope(Healing.BuilderScope(handlers))
        builder.add_from_string(SYMBOLS_UI)
        builder.get_object('one').emit('clicked')
        return weakref.ref(handlers)

    handlers_ref = build_and_drop()
    gc.collect()
    check(handlers_ref() is None, 'the handlers object is released with the builder')

    # A name nobody knows is the builder's usual error.
    builder = Gtk.Builder()
    builder.set_scope(Healing.BuilderScope({'on_symbol': print}))
    try:
        builder.add_from_string(SYMBOLS_UI)
    except GLib.Error as e:
        check(e.matches(Gtk.builder_error_quark(), Gtk.BuilderError.INVALID_FUNCTION),
              'INVALID_FUNCTION: %s' % e)
        check('on_bad' in e.message, 'the error names the handler: %s' % e.message)
    else:
        raise AssertionError('an unknown handler name must fail')


INSPECTOR_PROBE = r'''
import sys, time, gi
gi.require_version('Gtk', '4.0'); gi.require_version('Healing', '1')
from gi.repository import GLib, Gtk, Healing
def find(widget, type_name):
    if type(widget).__gtype__.name == type_name:
        return widget
    child = widget.get_first_child()
    while child is not None:
        found = find(child, type_name)
        if found is not None:
            return found
        child = child.get_next_sibling()
    return None
context = GLib.MainContext.default()
deadline = time.monotonic() + float(sys.argv[1])
page = inspector = None
while time.monotonic() < deadline and page is None:
    context.iteration(False)
    for window in Gtk.Window.get_toplevels():
        if type(window).__gtype__.name == 'GtkInspectorWindow':
            inspector = window
            page = find(window, 'HealingInspectorPage')
    time.sleep(0.01)
print('inspector', inspector is not None, 'page', page is not None)
if page is not None:
    stack = page.get_parent()
    print('tab', stack.get_page(page).get_name(), stack.get_page(page).get_title())
'''


def run_inspector_probe(gtk_path):
    env = dict(os.environ, GTK_DEBUG='interactive')
    env.pop('GTK_PATH', None)
    if gtk_path is not None:
        env['GTK_PATH'] = gtk_path
    result = subprocess.run([sys.executable, '-c', INSPECTOR_PROBE, str(TIMEOUT / 2)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            timeout=TIMEOUT * 3, text=True)
    return result.returncode, result.stdout


class Skip(Exception):
    pass


def test_inspector_interactive():
    modules = os.environ.get('HEALING_TEST_INSPECTOR_MODULES')
    if not modules:
        raise Skip('built with -Dinspector_module=false')
    check(os.path.isdir(os.path.join(modules, 'inspector')),
          'the inspector module is built in %r' % modules)

    # Control: without the module, GTK_DEBUG=interactive opens the
    # Inspector inside Gtk's own import, before Healing can add its page.
    rc, out = run_inspector_probe(None)
    check_equal(rc, 0, 'control probe exit status (%s)' % out)
    check('inspector True page False' in out, 'control: no page without the module: %r' % out)
    check('has no Healing page' in out and 'GTK_PATH' in out,
          'control: the override says why and what to do: %r' % out)

    rc, out = run_inspector_probe(modules)
    check_equal(rc, 0, 'probe exit status (%s)' % out)
    check('inspector True page True' in out, 'the page is in the Inspector: %r' % out)
    check('tab healing Healing' in out, 'a top-level tab named healing: %r' % out)
    check('has no Healing page' not in out, 'no hint when the page is there: %r' % out)


TESTS = [
    test_build,
    test_snapshot_exception,
    test_measure_exception,
    test_connect_order_and_args,
    test_handler_exception,
    test_idle_exception,
    test_gtk_critical,
    test_network_breaker,
    test_builder_scope_symbols,
    test_inspector_interactive,
]


def main():
    print('1..%d' % len(TESTS))
    failed = 0
    for n, test in enumerate(TESTS, 1):
        name = test.__name__[len('test_'):]
        try:
            test()
        except Skip as e:
            print('ok %d /Healing/GI/python/app/%s # SKIP %s' % (n, name, e))
            sys.stdout.flush()
            continue
        except Exception:
            failed += 1
            print('not ok %d /Healing/GI/python/app/%s' % (n, name))
            for line in traceback.format_exc().splitlines():
                print('# %s' % line)
        else:
            print('ok %d /Healing/GI/python/app/%s' % (n, name))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
