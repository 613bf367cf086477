// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A GJS application healed by libhealing, the twin of test-gi-app.py: a
// window built from data/app.ui (three containers, handlers resolved on a
// JavaScript object by HealingJS.builderScope()), a policy from
// data/app-policy.json, and real faults: an exception in vfunc_snapshot, in
// a .ui handler, in a guarded idle callback, a GTK critical from a guarded
// handler, network errors that open a breaker. Each fault must be recorded
// (with its stack), the fallback shown, the rest of the window keep working
// and the container recover on reset. Last, the Inspector page with
// GTK_DEBUG=interactive.
//
// Runs uninstalled (gjs -m; tests/gi/meson.build sets GI_TYPELIB_PATH and
// LD_LIBRARY_PATH). Needs a display. Prints TAP.

import Gdk from 'gi://Gdk?version=4.0';
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Graphene from 'gi://Graphene';
import Gtk from 'gi://Gtk?version=4.0';
import Healing from 'gi://Healing?version=1';
import System from 'system';

Gtk.init();
Healing.init();
const HealingJS = await import('resource:///org/libhealing/Healing/js/healing.js');

const SRCDIR = GLib.path_get_dirname(GLib.filename_from_uri(import.meta.url)[0]);
const UI_FILE = GLib.build_filenamev([SRCDIR, 'data', 'app.ui']);
const POLICY_FILE = GLib.build_filenamev([SRCDIR, 'data', 'app-policy.json']);
const TIMEOUT = 20 * Number(GLib.getenv('HEALING_TEST_TIME_SCALE') ?? '1');
const THIS_FILE = GLib.path_get_basename(GLib.filename_from_uri(import.meta.url)[0]);

class Skip extends Error {}

function check(condition, what) {
    if (!condition)
        throw new Error(`check failed: ${what}`);
}

function checkEqual(got, expected, what) {
    if (got !== expected)
        throw new Error(`${what}: got ${got}, expected ${expected}`);
}

function waitUntil(condition, timeout = TIMEOUT) {
    const context = GLib.MainContext.default();
    const deadline = GLib.get_monotonic_time() + timeout * 1e6;
    while (!condition()) {
        if (GLib.get_monotonic_time() > deadline)
            return false;
        if (!context.iteration(false))
            GLib.usleep(5000);
    }
    return true;
}

function spin(seconds) {
    const context = GLib.MainContext.default();
    const deadline = GLib.get_monotonic_time() + seconds * 1e6;
    while (GLib.get_monotonic_time() < deadline) {
        if (!context.iteration(false))
            GLib.usleep(5000);
    }
}

class ChartError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ChartError';
    }
}

const TestChart = HealingJS.registerClass({
    GTypeName: 'HealingTestChart',
}, class TestChart extends Gtk.Widget {
    _init(params = {}) {
        super._init(params);
        this.fail = false;
        this.failMeasure = false;
        this.draws = 0;
    }

    vfunc_measure(orientation, forSize) {
        if (this.failMeasure)
            throw new URIError('the axis does not fit');
        return [100, 100, -1, -1];
    }

    vfunc_snapshot(snapshot) {
        if (this.fail)
            throw new ChartError('the data is corrupt');
        this.draws++;
        const color = new Gdk.RGBA();
        color.parse('steelblue');
        snapshot.append_color(color,
            new Graphene.Rect().init(0, 0, this.get_width() / 2, this.get_height()));
    }
});

// The handlers app.ui names, resolved by HealingJS.builderScope().
const handlers = {
    calls: {send: 0, check: 0, status: 0},
    sendFails: false,
    on_send_clicked(button) {
        this.calls.send++;
        if (this.sendFails)
            throw new TypeError('the form has no recipient');
    },
    on_check_clicked(button) {
        this.calls.check++;
    },
    on_status_clicked(button) {
        this.calls.status++;
    },
};

const app = {};

function waitForFault(component, count = 1) {
    check(waitUntil(() => app.faults[component].length >= count),
        `${component}: a fault within ${TIMEOUT} s`);
    return app.faults[component][count - 1];
}

function checkRestWorks(faulted) {
    for (const [name, guard] of Object.entries(app.guards)) {
        if (name === faulted)
            continue;
        checkEqual(guard.state, Healing.State.HEALTHY, `${name} state`);
        check(guard.get_child().get_mapped(), `${name} child shown`);
    }
    const before = handlers.calls.status;
    app.builder.get_object('status_button').emit('clicked');
    checkEqual(handlers.calls.status, before + 1, 'the status button still works');
}

function checkFallbackShown(name, fallbackId) {
    const guard = app.guards[name];
    check(waitUntil(() => guard.state === Healing.State.FALLBACK),
        `${name} shows its fallback (state ${guard.state})`);
    check(waitUntil(() => app.builder.get_object(fallbackId).get_mapped()),
        `${name} fallback mapped`);
    check(!guard.get_child().get_mapped(), `${name} child hidden`);
}

function checkRecovers(name) {
    const guard = app.guards[name];
    guard.reset();
    check(waitUntil(() => guard.state === Healing.State.HEALTHY && guard.get_child().get_mapped()),
        `${name} recovers on reset (state ${guard.state})`);
}

function checkExceptionFault(fault, phase, typeName, message, where) {
    checkEqual(fault.get_kind(), Healing.FaultKind.ERROR, 'fault kind');
    checkEqual(fault.get_phase(), phase, 'fault phase');
    checkEqual(fault.get_exception_type(), typeName, 'exception type');
    checkEqual(fault.get_message(), `${typeName}: ${message}`, 'fault message');
    const stack = fault.get_traceback();
    check(stack !== null && stack.startsWith(`${typeName}: ${message}\n`),
        `the stack starts with the exception: ${stack}`);
    check(stack.includes(`${where}@`) && stack.includes(THIS_FILE),
        `the stack names ${where} in this file: ${stack}`);
    check(!stack.includes('healing.js'), `the stack starts at the application: ${stack}`);
    const log = Healing.Runtime.get_default().get_fault_log();
    let found = false;
    for (let i = 0; i < log.get_n_items(); i++)
        found ||= log.get_item(i).get_fault().get_traceback() === stack;
    check(found, 'the fault log holds the stack');
}

function testBuild() {
    check(Healing.is_initialized(), 'Healing is initialised');
    Healing.Runtime.get_default().set_policy(Healing.Policy.new_from_file(POLICY_FILE));

    app.builder = new Gtk.Builder();
    app.builder.set_scope(HealingJS.builderScope(handlers));
    app.builder.add_from_file(UI_FILE);
    app.window = app.builder.get_object('window');
    app.chart = app.builder.get_object('chart');
    app.guards = {
        Chart: app.builder.get_object('chart_guard'),
        Form: app.builder.get_object('form_guard'),
        Feed: app.builder.get_object('feed_guard'),
    };
    app.faults = {Chart: [], Form: [], Feed: []};
    for (const [name, guard] of Object.entries(app.guards)) {
        checkEqual(guard.component_id, name, 'component id from app.ui');
        guard.connect('fault', (g, fault) => app.faults[name].push(fault));
    }
    check(app.chart instanceof TestChart, 'the chart is the JavaScript class');

    app.window.present();
    check(waitUntil(() => app.chart.draws > 0), 'the chart drew');
    for (const [name, guard] of Object.entries(app.guards))
        checkEqual(guard.state, Healing.State.HEALTHY, `${name} healthy`);
    app.builder.get_object('send_button').emit('clicked');
    checkEqual(handlers.calls.send, 1, 'the .ui handler on the JavaScript object ran');
    checkRestWorks(null);
}

function testSnapshotException() {
    app.chart.fail = true;
    app.chart.queue_draw();
    const fault = waitForFault('Chart');
    checkExceptionFault(fault, Healing.FaultPhase.SNAPSHOT, 'ChartError',
        'the data is corrupt', 'vfunc_snapshot');
    checkEqual(fault.get_component_id(), 'Chart', 'fault component');
    checkFallbackShown('Chart', 'chart_fallback');
    checkRestWorks('Chart');

    app.chart.fail = false;
    const draws = app.chart.draws;
    checkRecovers('Chart');
    check(waitUntil(() => app.chart.draws > draws), 'the chart draws again');
    spin(0.2);
    checkEqual(app.guards.Chart.state, Healing.State.HEALTHY, 'Chart stays healthy');
    checkEqual(app.faults.Chart.length, 1, 'one Chart fault');
}

function testMeasureException() {
    app.chart.failMeasure = true;
    app.chart.queue_resize();
    const fault = waitForFault('Chart', 2);
    checkExceptionFault(fault, Healing.FaultPhase.MEASURE, 'URIError',
        'the axis does not fit', 'vfunc_measure');
    checkFallbackShown('Chart', 'chart_fallback');
    checkRestWorks('Chart');
    app.chart.failMeasure = false;
    checkRecovers('Chart');
}

function testConnectOrderAndArgs() {
    const button = app.builder.get_object('check_button');
    const calls = [];
    const after = HealingJS.signalConnectAfter(button, 'clicked', (b, ...a) => calls.push(['after', ...a]), 'x', 1);
    const plain = button.connect('clicked', () => calls.push(['plain']));
    const guarded = HealingJS.signalConnect(button, 'clicked', (b, ...a) => calls.push(['guarded', ...a]), 'y');
    button.emit('clicked');
    checkEqual(JSON.stringify(calls), JSON.stringify([['plain'], ['guarded', 'y'], ['after', 'x', 1]]),
        'handlers in order, with their arguments');
    for (const id of [after, plain, guarded])
        button.disconnect(id);
    button.emit('clicked');
    checkEqual(calls.length, 3, 'disconnected by id');
}

function testHandlerException() {
    const send = app.builder.get_object('send_button');
    handlers.sendFails = true;
    const calls = handlers.calls.send;
    send.emit('clicked');
    checkEqual(handlers.calls.send, calls + 1, 'the handler ran');
    const fault = waitForFault('Form');
    checkExceptionFault(fault, Healing.FaultPhase.HANDLER, 'TypeError',
        'the form has no recipient', 'on_send_clicked');
    check(fault.get_origin().includes('on_send_clicked'), `origin names the handler: ${fault.get_origin()}`);
    checkFallbackShown('Form', 'form_fallback');
    checkRestWorks('Form');

    send.emit('clicked');
    checkEqual(handlers.calls.send, calls + 1, 'the faulted handler is disconnected');
    checkRecovers('Form');
    const checkCalls = handlers.calls.check;
    app.builder.get_object('check_button').emit('clicked');
    checkEqual(handlers.calls.check, checkCalls + 1, 'the other handler still runs');
}

function testIdleException() {
    const label = app.builder.get_object('feed_label');
    const calls = [];
    HealingJS.idleAdd(app.guards.Feed, () => {
        calls.push(calls.length);
        if (calls.length === 1) {
            label.set_label('3 new items');
            return true;
        }
        throw new RangeError(`no item ${calls.length}`);
    });
    const fault = waitForFault('Feed');
    checkEqual(label.get_label(), '3 new items', 'the first run worked');
    // An arrow function: SpiderMonkey names its frame after the function
    // it is in.
    checkExceptionFault(fault, Healing.FaultPhase.CALLBACK, 'RangeError', 'no item 2',
        'testIdleException/<');
    checkEqual(fault.get_origin(), 'idle callback', 'fault origin');
    checkFallbackShown('Feed', 'feed_fallback');
    checkRestWorks('Feed');
    spin(0.2);
    checkEqual(calls.length, 2, 'the faulted callback is removed');
    checkRecovers('Feed');

    let ticks = 0;
    HealingJS.timeoutAdd(app.guards.Feed, 10, function feedTick() {
        if (++ticks < 3)
            return true;
        throw new EvalError(`tick ${ticks}`);
    });
    const timeoutFault = waitForFault('Feed', 2);
    checkEqual(ticks, 3, 'the timeout ran three times');
    checkExceptionFault(timeoutFault, Healing.FaultPhase.CALLBACK, 'EvalError', 'tick 3', 'feedTick');
    checkEqual(timeoutFault.get_origin(), 'timeout callback (10 ms)', 'fault origin');
    checkFallbackShown('Feed', 'feed_fallback');
    checkRecovers('Feed');
}

function testGtkCritical() {
    const form = app.builder.get_object('form');
    const checkButton = app.builder.get_object('check_button');
    const id = HealingJS.signalConnect(checkButton, 'clicked', () => {
        // Not a child of the form: gtk_box_remove () logs a critical.
        form.remove(new Gtk.Label());
    });
    check(id > 0, 'signalConnect returned a handler id');
    checkButton.emit('clicked');
    const fault = waitForFault('Form', 2);
    checkEqual(fault.get_kind(), Healing.FaultKind.CRITICAL, 'fault kind');
    checkEqual(fault.get_phase(), Healing.FaultPhase.HANDLER, 'fault phase');
    check(fault.get_message().includes('gtk_box_remove'), `the critical: ${fault.get_message()}`);
    checkFallbackShown('Form', 'form_fallback');
    checkRestWorks('Form');
    checkRecovers('Form');
}

function testNetworkBreaker() {
    const guard = app.guards.Feed;
    const error = new GLib.Error(Gio.IOErrorEnum, Gio.IOErrorEnum.HOST_UNREACHABLE,
        'feeds.example.org is unreachable');
    const before = app.faults.Feed.length;
    for (let i = 0; i < 3; i++) {
        guard.report_error(error);
        waitForFault('Feed', before + i + 1);
        if (i < 2)
            checkEqual(guard.state, Healing.State.HEALTHY, 'Feed below the threshold');
    }
    const fault = app.faults.Feed[app.faults.Feed.length - 1];
    checkEqual(fault.get_kind(), Healing.FaultKind.ERROR, 'fault kind');
    checkEqual(fault.get_phase(), Healing.FaultPhase.REPORTED, 'fault phase');
    checkEqual(fault.get_exception_type(), null, 'a reported GError is not an exception');
    const breaker = Healing.Runtime.get_default().lookup_breaker('Feed');
    check(breaker !== null, 'Feed has a breaker');
    check(waitUntil(() => breaker.get_state() === Healing.CircuitState.OPEN),
        `the breaker opened (${breaker.get_state()})`);
    check(waitUntil(() => guard.state === Healing.State.OPEN_CIRCUIT),
        `Feed shows the open circuit (${guard.state})`);
    check(app.builder.get_object('feed_fallback').get_mapped(), 'Feed fallback shown');
    checkRestWorks('Feed');
}

const SYMBOLS_UI = `
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
</interface>`;

function testBuilderScopeSymbols() {
    // GTK's add_callback_symbol() is scope="async" (freed after one call);
    // the module's keeps the handler, passes the arguments and guards it.
    const calls = [];
    const scope = new Healing.BuilderScope();
    scope.add_callback_symbol('on_symbol', (button, tag) => calls.push([button, tag]), 'tag');
    scope.add_callback_symbol('on_bad', () => {
        throw new SyntaxError('bad');
    });
    let builder = new Gtk.Builder();
    builder.set_scope(scope);
    builder.add_from_string(SYMBOLS_UI, -1);
    const one = builder.get_object('one'), two = builder.get_object('two');
    for (let i = 0; i < 2; i++) {
        one.emit('clicked');
        two.emit('clicked');
    }
    checkEqual(calls.length, 4, 'four calls');
    check(calls.every(([b, tag], i) => b === (i % 2 ? two : one) && tag === 'tag'),
        'calls with their arguments');

    const guard = builder.get_object('guard');
    const faults = [];
    guard.connect('fault', (g, f) => faults.push(f));
    builder.get_object('bad').emit('clicked');
    check(waitUntil(() => faults.length > 0), 'the throwing symbol is a fault');
    checkEqual(faults[0].get_exception_type(), 'SyntaxError', 'exception type');
    check(faults[0].get_origin().includes('on_bad'), 'origin names the handler');

    builder = new Gtk.Builder();
    builder.set_scope(HealingJS.builderScope({on_symbol: print}));
    let threw = false;
    try {
        builder.add_from_string(SYMBOLS_UI, -1);
    } catch (e) {
        threw = true;
        check(e.matches(Gtk.BuilderError, Gtk.BuilderError.INVALID_FUNCTION), `INVALID_FUNCTION: ${e}`);
        check(e.message.includes('on_bad'), `the error names the handler: ${e.message}`);
    }
    check(threw, 'an unknown handler name must fail');
}

// Legacy script mode (gjs -c): HEALING_FIRST says whether Healing.init()
// runs before Gtk.init().
const INSPECTOR_PROBE = `
imports.gi.versions.Gtk = '4.0';
const {GLib, Gtk, Healing} = imports.gi;
if (GLib.getenv('HEALING_FIRST') === '1') { Healing.init(); Gtk.init(); } else { Gtk.init(); Healing.init(); }
function find(widget, typeName) {
    if (widget.constructor.$gtype.name === typeName) return widget;
    for (let child = widget.get_first_child(); child; child = child.get_next_sibling()) {
        const found = find(child, typeName);
        if (found) return found;
    }
    return null;
}
const context = GLib.MainContext.default();
const deadline = GLib.get_monotonic_time() + ${TIMEOUT / 2} * 1e6;
let page = null, inspector = null;
while (GLib.get_monotonic_time() < deadline && !page) {
    context.iteration(false);
    const toplevels = Gtk.Window.get_toplevels();
    for (let i = 0; i < toplevels.get_n_items(); i++) {
        const w = toplevels.get_item(i);
        if (w.constructor.$gtype.name === 'GtkInspectorWindow') { inspector = w; page = find(w, 'HealingInspectorPage'); }
    }
    GLib.usleep(10000);
}
print('inspector', inspector !== null, 'page', page !== null);
if (page) { const p = page.get_parent().get_page(page); print('tab', p.get_name(), p.get_title()); }
`;

function runInspectorProbe(gtkPath, healingFirst) {
    const launcher = new Gio.SubprocessLauncher({
        flags: Gio.SubprocessFlags.STDOUT_PIPE | Gio.SubprocessFlags.STDERR_MERGE,
    });
    launcher.setenv('GTK_DEBUG', 'interactive', true);
    launcher.setenv('HEALING_FIRST', healingFirst ? '1' : '0', true);
    if (gtkPath)
        launcher.setenv('GTK_PATH', gtkPath, true);
    else
        launcher.unsetenv('GTK_PATH');
    // timeout(1) bounds it even if the probe's own deadline fails.
    const proc = launcher.spawnv(['timeout', '-s', 'KILL', String(TIMEOUT * 3),
        'gjs', '-c', INSPECTOR_PROBE]);
    const [, out] = proc.communicate_utf8(null, null);
    return [proc.get_if_exited() ? proc.get_exit_status() : -1, out];
}

function testInspectorInteractive() {
    // Healing.init() before Gtk.init() (GJS does not initialise GTK 4 on
    // import): the page is there without any module.
    let [rc, out] = runInspectorProbe(null, true);
    checkEqual(rc, 0, `probe exit status (${out})`);
    check(out.includes('inspector true page true'), `Healing.init() first: the page: ${out}`);
    check(out.includes('tab healing Healing'), `a top-level tab named healing: ${out}`);

    // Control: after Gtk.init() it is too late without the module.
    [rc, out] = runInspectorProbe(null, false);
    checkEqual(rc, 0, `control probe exit status (${out})`);
    check(out.includes('inspector true page false'), `control: no page: ${out}`);

    const modules = GLib.getenv('HEALING_TEST_INSPECTOR_MODULES');
    if (!modules)
        throw new Skip('built with -Dinspector_module=false');
    [rc, out] = runInspectorProbe(modules, false);
    checkEqual(rc, 0, `probe exit status (${out})`);
    check(out.includes('inspector true page true'), `with the module: the page: ${out}`);
}

const tests = [
    ['build', testBuild],
    ['snapshot_exception', testSnapshotException],
    ['measure_exception', testMeasureException],
    ['connect_order_and_args', testConnectOrderAndArgs],
    ['handler_exception', testHandlerException],
    ['idle_exception', testIdleException],
    ['gtk_critical', testGtkCritical],
    ['network_breaker', testNetworkBreaker],
    ['builder_scope_symbols', testBuilderScopeSymbols],
    ['inspector_interactive', testInspectorInteractive],
];

print(`1..${tests.length}`);
let failed = 0;
tests.forEach(([name, test], i) => {
    try {
        test();
        print(`ok ${i + 1} /Healing/GI/gjs/app/${name}`);
    } catch (e) {
        if (e instanceof Skip) {
            print(`ok ${i + 1} /Healing/GI/gjs/app/${name} # SKIP ${e.message}`);
            return;
        }
        failed++;
        print(`not ok ${i + 1} /Healing/GI/gjs/app/${name}`);
        for (const line of `${e}\n${e.stack ?? ''}`.split('\n'))
            print(`# ${line}`);
    }
});
System.exit(failed ? 1 : 0);
