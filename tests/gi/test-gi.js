// SPDX-License-Identifier: LGPL-2.1-or-later
//
// libhealing through GObject Introspection, from JavaScript (gjs -m).
// Runs uninstalled: GI_TYPELIB_PATH and LD_LIBRARY_PATH point at the build
// directory's src/ (tests/meson.build). Needs a display (Xvfb). Prints TAP.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gtk from 'gi://Gtk?version=4.0';
import Healing from 'gi://Healing?version=1';
import System from 'system';

const UI = `
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
</interface>`;

function check(condition, what) {
    if (!condition)
        throw new Error(`check failed: ${what}`);
}

function testInit() {
    Gtk.init();
    Healing.init();
    Healing.init(); // idempotent
    check(Healing.is_initialized(), 'Healing.is_initialized() after init()');
}

function testTypes() {
    check(GObject.type_name(Healing.Container.$gtype) === 'HealingContainer',
        'GType name of Healing.Container');
    check(GObject.type_is_a(Healing.Container.$gtype, Gtk.Widget.$gtype),
        'Healing.Container is a Gtk.Widget');
    check(GObject.type_is_a(Healing.Container.$gtype, Gtk.Buildable.$gtype),
        'Healing.Container is a Gtk.Buildable');
    check(Healing.State.HEALTHY === 0 && Healing.State.ISOLATED === 2,
        'Healing.State values');
}

function testContainerProperties() {
    const container = new Healing.Container();
    check(container.child === null, 'no child at first');
    check(container.state === Healing.State.HEALTHY, 'healthy at first');
    check(container.fault_count === 0, 'fault-count 0 at first');
    check(container.last_fault === null, 'no last fault at first');
    check(container.component_id === null, 'no component id at first');

    const label = new Gtk.Label({label: 'guarded'});
    container.child = label;
    container.set_component_id('Ticker');

    check(container.child === label, 'child property is the label');
    check(container.get_child() === label, 'get_child() is the label');
    check(label.get_parent() === container, 'the label is parented to the container');
    check(container.componentId === 'Ticker', 'componentId property');
    check(container.get_component_id() === 'Ticker', 'get_component_id()');
    check(container.state === Healing.State.HEALTHY, 'state property');
    check(container.faultCount === 0, 'faultCount property');
    check(container.get_state() === Healing.State.HEALTHY, 'get_state()');
    check(container.get_fault_count() === 0, 'get_fault_count()');

    let notified = 0;
    container.connect('notify::component-id', () => notified++);
    container.component_id = 'Ticker';
    check(notified === 0, 'setting the same component-id does not notify');
    container.component_id = 'Other';
    check(notified === 1, 'changing component-id notifies once');

    check(container.trusted_drawing === false, 'drawing trapped by default');
    container.trustedDrawing = true;
    check(container.get_trusted_drawing() === true, 'trusted-drawing set as a property');
    container.set_trusted_drawing(false);
    check(container.trusted_drawing === false, 'trusted-drawing unset by the setter');

    container.child = null;
    check(label.get_parent() === null, 'unsetting the child unparents it');
}

function testSignals() {
    check(GObject.signal_lookup('fault', Healing.Container.$gtype) !== 0, 'fault signal');
    check(GObject.signal_lookup('state-changed', Healing.Container.$gtype) !== 0,
        'state-changed signal');
}

function testRuntime() {
    const runtime = Healing.Runtime.get_default();
    check(runtime === Healing.Runtime.get_default(), 'runtime is a singleton');
    check(runtime.tainted === false, 'runtime not tainted');
}

function testBuilder() {
    const builder = new Gtk.Builder();
    builder.add_from_string(UI, -1);
    const guard = builder.get_object('guard');
    check(guard instanceof Healing.Container, '.ui object is a Healing.Container');
    check(guard.component_id === 'Form', 'component-id from .ui');
    check(guard.child === builder.get_object('content'), '<child> from .ui');
    check(guard.fallback === builder.get_object('spare'), '<child type="fallback"> from .ui');
    check(guard.child.label === 'Hello', 'child label from .ui');
}

function testWindow() {
    const window = new Gtk.Window();
    const container = new Healing.Container({component_id: 'Shown'});
    container.set_child(new Gtk.Label({label: 'visible'}));
    window.set_child(container);
    window.present();
    const context = GLib.MainContext.default();
    for (let i = 0; i < 200 && !container.get_child().get_mapped(); i++)
        context.iteration(true);
    check(container.get_child().get_mapped(), 'child mapped inside a shown window');
    check(container.state === Healing.State.HEALTHY, 'still healthy after showing');
    window.destroy();
}

const tests = [
    ['init', testInit],
    ['types', testTypes],
    ['container_properties', testContainerProperties],
    ['signals', testSignals],
    ['runtime', testRuntime],
    ['builder', testBuilder],
    ['window', testWindow],
];

print(`1..${tests.length}`);
let failed = 0;
tests.forEach(([name, test], i) => {
    try {
        test();
        print(`ok ${i + 1} /Healing/GI/gjs/${name}`);
    } catch (e) {
        failed++;
        print(`not ok ${i + 1} /Healing/GI/gjs/${name}`);
        for (const line of `${e}\n${e.stack ?? ''}`.split('\n'))
            print(`# ${line}`);
    }
});
System.exit(failed ? 1 : 0);
