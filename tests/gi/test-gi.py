#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libhealing through GObject Introspection, from Python (python3-gi).
# Runs uninstalled: GI_TYPELIB_PATH and LD_LIBRARY_PATH point at the build
# directory's src/ (tests/meson.build). Needs a display (Xvfb). Prints TAP.

import sys
import traceback

import gi

gi.require_version('Gtk', '4.0')
gi.require_version('Healing', '1')

from gi.repository import GLib, GObject, Gtk, Healing  # noqa: E402

UI = '''
<interface>
  <object class="HealingContainer" id="guard">
    <property name="component-id">Form</property>
    <child>
      <object class="GtkLabel" id="content">
        <property name="label">Hello</property>
      </object>
    </child>
    <child type="fallback">
      <object class="GtkLabel" id="spare"/>
    </child>
  </object>
</interface>
'''


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def test_init():
    Healing.init()
    Healing.init()  # idempotent
    check(Healing.is_initialized(), 'Healing.is_initialized() after init()')
    check(Healing.get_major_version() == 0, 'major version 0')


def test_types():
    check(GObject.type_name(Healing.Container.__gtype__) == 'HealingContainer',
          'GType name of Healing.Container')
    check(Healing.Container.__gtype__.is_a(Gtk.Widget.__gtype__),
          'Healing.Container is a Gtk.Widget')
    check(Healing.Container.__gtype__.is_a(Gtk.Buildable.__gtype__),
          'Healing.Container is a Gtk.Buildable')
    check(int(Healing.State.HEALTHY) == 0 and int(Healing.State.ISOLATED) == 2,
          'Healing.State values')
    check(Healing.FaultKind.CRASH.value_nick == 'crash', 'Healing.FaultKind nick')


def test_container_properties():
    container = Healing.Container.new()
    check(container.props.child is None, 'no child at first')
    check(container.props.state == Healing.State.HEALTHY, 'healthy at first')
    check(container.props.fault_count == 0, 'fault-count 0 at first')
    check(container.props.last_fault is None, 'no last fault at first')
    check(container.props.component_id is None, 'no component id at first')

    label = Gtk.Label.new('guarded')
    container.props.child = label
    container.set_component_id('Ticker')

    check(container.props.child is label, 'child property is the label')
    check(container.get_child() is label, 'get_child() is the label')
    check(label.get_parent() is container, 'the label is parented to the container')
    check(container.get_property('component-id') == 'Ticker', 'component-id property')
    check(container.get_component_id() == 'Ticker', 'get_component_id()')
    check(container.get_property('state') == Healing.State.HEALTHY, 'state property')
    check(container.get_property('fault-count') == 0, 'fault-count property')
    check(container.get_state() == Healing.State.HEALTHY, 'get_state()')
    check(container.get_fault_count() == 0, 'get_fault_count()')

    notified = []
    container.connect('notify::component-id', lambda *a: notified.append(True))
    container.props.component_id = 'Ticker'
    check(notified == [], 'setting the same component-id does not notify')
    container.props.component_id = 'Other'
    check(notified == [True], 'changing component-id notifies once')

    check(container.props.trusted_drawing is False, 'drawing trapped by default')
    container.props.trusted_drawing = True
    check(container.get_trusted_drawing() is True, 'trusted-drawing set as a property')
    container.set_trusted_drawing(False)
    check(container.props.trusted_drawing is False, 'trusted-drawing unset by the setter')

    container.props.child = None
    check(label.get_parent() is None, 'unsetting the child unparents it')


def test_signals():
    check(GObject.signal_lookup('fault', Healing.Container) != 0, 'fault signal')
    check(GObject.signal_lookup('state-changed', Healing.Container) != 0,
          'state-changed signal')


def test_runtime():
    runtime = Healing.Runtime.get_default()
    check(runtime is Healing.Runtime.get_default(), 'runtime is a singleton')
    check(runtime.props.tainted is False, 'runtime not tainted')


def test_builder():
    builder = Gtk.Builder()
    builder.add_from_string(UI)
    guard = builder.get_object('guard')
    check(isinstance(guard, Healing.Container), '.ui object is a Healing.Container')
    check(guard.props.component_id == 'Form', 'component-id from .ui')
    check(guard.props.child is builder.get_object('content'), '<child> from .ui')
    check(guard.props.fallback is builder.get_object('spare'),
          '<child type="fallback"> from .ui')
    check(guard.props.child.props.label == 'Hello', 'child label from .ui')


def test_window():
    # The container really renders its child in a window.
    window = Gtk.Window()
    container = Healing.Container(component_id='Shown')
    container.set_child(Gtk.Label(label='visible'))
    window.set_child(container)
    window.present()
    context = GLib.MainContext.default()
    for _ in range(200):
        if container.get_child().get_mapped():
            break
        context.iteration(True)
    check(container.get_child().get_mapped(), 'child mapped inside a shown window')
    check(container.props.state == Healing.State.HEALTHY, 'still healthy after showing')
    window.destroy()


TESTS = [
    test_init,
    test_types,
    test_container_properties,
    test_signals,
    test_runtime,
    test_builder,
    test_window,
]


def main():
    print(f'1..{len(TESTS)}')
    failed = 0
    for n, test in enumerate(TESTS, 1):
        name = test.__name__[len('test_'):]
        try:
            test()
        except Exception:
            failed += 1
            print(f'not ok {n} /Healing/GI/python/{name}')
            for line in traceback.format_exc().splitlines():
                print(f'# {line}')
        else:
            print(f'ok {n} /Healing/GI/python/{name}')
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
