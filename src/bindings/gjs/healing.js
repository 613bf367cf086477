// SPDX-License-Identifier: LGPL-2.1-or-later
//
// libhealing's GJS module, shipped inside libhealing-1.so as a resource:
//
//   import Healing from 'gi://Healing?version=1';
//   Healing.init();   // loads the library, hence this resource
//   const HealingJS = await import('resource:///org/libhealing/Healing/js/healing.js');
//
// GJS has no override mechanism of its own for other libraries, and logs an
// uncaught exception as a critical: inside guarded code that is already a
// fault, but with the "JS ERROR" log line as its message. This module makes
// JavaScript exceptions faults of kind ERROR with their type, message and
// stack (Healing.report_current_fault()), and gives JavaScript the guarded
// API the C one cannot be (function pointers do not cross GI):
//
// - signalConnect(instance, signal, handler, ...args), signalConnectAfter(),
//   signalConnectOwned(owner, instance, signal, handler, ...args);
// - idleAdd(owner, fn, priority), timeoutAdd(owner, interval, fn, priority);
// - builderScope(handlers): a Healing.BuilderScope that finds the handlers a
//   .ui file names on a JavaScript object;
// - registerClass(): GObject.registerClass() whose vfunc_* methods report
//   their exceptions (without it a vfunc exception is still a fault, of kind
//   CRITICAL, through GJS's log line);
// - reportException(error), guard(fn).
//
// It also replaces Healing.BuilderScope.prototype.add_callback_symbol (GTK
// annotates its callback scope="async": the second call would run a freed
// closure) with a safe version that takes the signal's arguments.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gtk from 'gi://Gtk?version=4.0';
import Healing from 'gi://Healing?version=1';

Healing.init();

function typeName(error) {
    if (error instanceof Error)
        return error.name || error.constructor?.name || 'Error';
    if (error === null)
        return 'null';
    return error?.constructor?.name ?? typeof error;
}

/**
 * Reports an exception to the guarded code running now.
 *
 * @param {*} error - what was thrown
 * @returns {boolean} whether a trap frame took it (false when no guarded
 *   code is running)
 */
export function reportException(error) {
    const type = typeName(error);
    let message;
    try {
        message = error instanceof Error ? error.message : String(error);
    } catch {
        message = `<unprintable ${type}>`;
    }
    // The record starts at the application's code, not at our wrappers.
    const stack = error instanceof Error && error.stack
        ? error.stack.split('\n').filter(line => !line.includes(import.meta.url)).join('\n')
        : '';
    const traceback = `${type}: ${message}\n${stack}`;
    return Healing.report_current_fault(type, message, traceback);
}

/**
 * Wraps fn so that an exception it throws is reported, then thrown on (GJS
 * logs it as before).
 *
 * @param {Function} fn - the function
 * @param {Array} [args] - arguments appended to each call's
 * @returns {Function} the wrapper
 */
export function guard(fn, args = []) {
    if (typeof fn !== 'function')
        throw new TypeError(`${fn} is not a function`);
    return function (...callArgs) {
        try {
            return fn.apply(this, callArgs.concat(args));
        } catch (e) {
            reportException(e);
            throw e;
        }
    };
}

function connect(owner, instance, signal, handler, args, after) {
    // Throws for a signal that does not exist, like instance.connect().
    const [ok] = GObject.signal_parse_name(signal, instance.constructor.$gtype, true);
    if (!ok)
        throw new TypeError(`No signal '${signal}' on ${instance}`);
    return Healing.signal_connect_closure(instance, signal, guard(handler, args),
        after, owner);
}

/**
 * instance.connect(), guarded: if the handler throws, crashes, logs a
 * critical or hangs, it is disconnected, the emission returns the default
 * value, and the fault goes to the innermost Healing.Container around
 * instance. Returns the handler id.
 */
export function signalConnect(instance, signal, handler, ...args) {
    return connect(null, instance, signal, handler, args, false);
}

/** signalConnect(), running after the signal's default handler. */
export function signalConnectAfter(instance, signal, handler, ...args) {
    return connect(null, instance, signal, handler, args, true);
}

/** signalConnect() with an owner for an instance outside any container. */
export function signalConnectOwned(owner, instance, signal, handler, ...args) {
    return connect(owner, instance, signal, handler, args, false);
}

/**
 * GLib.idle_add(), guarded, on behalf of owner: fn runs again while it
 * returns true; if it throws, crashes, logs a critical or hangs, it is
 * removed and the fault goes to owner. Returns the source id.
 */
export function idleAdd(owner, fn, priority = GLib.PRIORITY_DEFAULT_IDLE) {
    return Healing.idle_add(owner, priority, guard(fn));
}

/** GLib.timeout_add(), guarded, on behalf of owner; see idleAdd(). */
export function timeoutAdd(owner, interval, fn, priority = GLib.PRIORITY_DEFAULT) {
    return Healing.timeout_add(owner, priority, interval, guard(fn));
}

// The handlers of a scope: its own names (add_callback_symbol) first, then
// the object's. Kept on the scope's wrapper; it refers to no GObject.
function resolverOf(scope) {
    if (!scope._healingResolver) {
        const resolver = {handlers: null, symbols: new Map()};
        scope.set_handler_func((self, builder, name, flags, object) => {
            const closure = resolve(resolver, name, flags, object);
            // Else the C scope goes on: C symbols, then INVALID_FUNCTION.
            if (closure)
                self.provide_handler(closure);
        });
        scope._healingResolver = resolver;
    }
    return scope._healingResolver;
}

function resolve(resolver, name, flags, object) {
    let handler = resolver.symbols.get(name);
    let thisArg = null;
    if (handler === undefined && resolver.handlers) {
        handler = resolver.handlers[name];
        thisArg = resolver.handlers;
    }
    if (handler === undefined || handler === null)
        return null; // the C scope goes on, then INVALID_FUNCTION
    let extra = [];
    if (Array.isArray(handler))
        [handler, ...extra] = handler;
    if (typeof handler !== 'function')
        throw new TypeError(`handler ${name}: ${handler} is not a function`);
    const swapped = (flags & Gtk.BuilderClosureFlags.SWAPPED) !== 0;
    let call;
    if (object === null) {
        if (swapped)
            throw new TypeError(`handler ${name}: swapped="yes" needs object=`);
        call = (...args) => handler.apply(thisArg, args.concat(extra));
    } else if (swapped) {
        // As GtkBuilderCScope: the object takes the instance's place...
        call = (instance, ...args) => handler.apply(thisArg, [object, ...args, instance, ...extra]);
    } else {
        // ...or the user data's.
        call = (...args) => handler.apply(thisArg, [...args, object, ...extra]);
    }
    return guard(call);
}

/**
 * A Healing.BuilderScope that finds the handlers a .ui file names on
 * handlers (its properties; called with this = handlers), then among those
 * given to add_callback_symbol(), then among the program's C symbols. Each
 * handler is guarded.
 *
 * @param {object} [handlers] - the object with the handlers
 * @returns {Healing.BuilderScope} the scope
 */
export function builderScope(handlers = null) {
    const scope = new Healing.BuilderScope();
    resolverOf(scope).handlers = handlers;
    return scope;
}

Healing.BuilderScope.prototype.add_callback_symbol = function (name, handler, ...args) {
    if (typeof handler !== 'function')
        throw new TypeError(`${handler} is not a function`);
    resolverOf(this).symbols.set(name, [handler, ...args]);
};

/**
 * GObject.registerClass(), with every vfunc_* method of the class reporting
 * the exceptions it throws.
 */
export function registerClass(...args) {
    const klass = args[args.length - 1];
    for (const name of Object.getOwnPropertyNames(klass.prototype)) {
        if (!name.startsWith('vfunc_'))
            continue;
        const vfunc = klass.prototype[name];
        if (typeof vfunc === 'function')
            klass.prototype[name] = guard(vfunc);
    }
    return GObject.registerClass(...args);
}
