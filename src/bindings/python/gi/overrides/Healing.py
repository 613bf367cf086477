# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libhealing's PyGObject override, loaded by `from gi.repository import
# Healing`. It makes Python exceptions faults, gives Python the guarded
# handler API the C one cannot be (function pointers do not cross GI), and
# lets `.ui` files name handlers on a Python object or dict.
#
# - Importing Healing calls Healing.init(): GtkBuilder then knows
#   HealingContainer, and the trap is installed.
# - sys.excepthook is wrapped: an exception that escapes a vfunc (do_snapshot,
#   do_measure, ...) of a widget inside a Healing.Container, a handler
#   connected with Healing.signal_connect() or resolved by
#   Healing.BuilderScope, or a callback of Healing.idle_add() /
#   timeout_add(), is reported to the innermost trap frame
#   (Healing.report_current_fault()): it is a fault of that container, of
#   kind ERROR, with the exception's type, message and traceback. PyGObject
#   passes every such exception to sys.excepthook (PyErr_Print). It is then
#   printed as before, by the previous hook.
#
# What is *not* guarded: handlers connected with plain obj.connect() and
# callbacks of GLib.idle_add(); exceptions there are printed as usual.

import os
import re
import sys
import traceback
from collections import abc

from gi.repository import Gio, GLib, GObject, Gtk

from ..module import get_introspection_module
from ..overrides import override

Healing = get_introspection_module('Healing')

__all__ = []


def _inspector_page_missed():
    """Whether GTK_DEBUG=interactive opened an Inspector without our page.

    Gtk's override initialised GTK, and so opened the Inspector, before this
    module ran: only the inspector module (through GTK_PATH) can have added
    the page by then, and it registers before Healing.init() does.
    """
    flags = re.split(r'[\s,:;]+', os.environ.get('GTK_DEBUG', ''))
    if 'interactive' not in flags and 'all' not in flags:
        return False
    if not Gtk.is_initialized():
        return False
    point = Gio.IOExtensionPoint.lookup('gtk-inspector-page')
    return point is None or point.get_extension_by_name('healing') is None


if _inspector_page_missed():
    sys.stderr.write(
        'libhealing: GTK_DEBUG=interactive opened the Inspector when Gtk was '
        'imported, before Healing: it has no Healing page. Load the inspector '
        'module instead: GTK_PATH=<libdir>/gtk-4.0 (uninstalled: '
        '<builddir>/src/modules).\n')

Healing.init()


# ---------------------------------------------------------------------------
# Exceptions as faults
# ---------------------------------------------------------------------------

def _type_name(exc_type):
    module = getattr(exc_type, '__module__', None)
    name = getattr(exc_type, '__qualname__', None) or exc_type.__name__
    if module in (None, 'builtins', '__main__'):
        return name
    return '%s.%s' % (module, name)


def report_exception(exc_type, exc_value=None, exc_tb=None):
    """Reports an exception to the guarded code running now.

    Call it with sys.exc_info(), or with an exception alone, from a
    sys.excepthook of your own if you replace Healing's. Returns whether a
    trap frame took it (False when no guarded code is running). Only
    Exception subclasses are faults: KeyboardInterrupt and SystemExit are not.
    """
    if isinstance(exc_type, BaseException):
        exc_type, exc_value, exc_tb = type(exc_type), exc_type, exc_type.__traceback__
    if exc_type is None or not issubclass(exc_type, Exception):
        return False
    try:
        message = str(exc_value)
    except Exception:
        message = '<unprintable %s>' % exc_type.__name__
    # The record starts at the application's code, not at our wrappers.
    while exc_tb is not None and exc_tb.tb_next is not None and \
            exc_tb.tb_frame.f_code.co_filename == __file__:
        exc_tb = exc_tb.tb_next
    text = ''.join(traceback.format_exception(exc_type, exc_value, exc_tb))
    return Healing.report_current_fault(_type_name(exc_type), message, text)


__all__.append('report_exception')


class _ExceptHook:
    """Reports, then chains to the hook that was there before."""

    def __init__(self, previous):
        self.previous = previous

    def __call__(self, exc_type, exc_value, exc_tb):
        try:
            report_exception(exc_type, exc_value, exc_tb)
        except Exception:
            pass
        self.previous(exc_type, exc_value, exc_tb)


def excepthook_installed():
    """Whether sys.excepthook still reports to libhealing."""
    return isinstance(sys.excepthook, _ExceptHook)


__all__.append('excepthook_installed')

if not excepthook_installed():
    sys.excepthook = _ExceptHook(sys.excepthook)


# ---------------------------------------------------------------------------
# Guarded handlers and callbacks
# ---------------------------------------------------------------------------

def _bind(function, args):
    if not callable(function):
        raise TypeError('%r is not callable' % (function,))
    if not args:
        return function
    return lambda *call_args: function(*call_args, *args)


def _connect(instance, detailed_signal, handler, args, after, owner):
    # Raises like GObject.Object.connect() for a signal that does not exist,
    # instead of the C function's critical.
    GObject.signal_parse_name(detailed_signal, instance, True)
    return Healing.signal_connect_closure(instance, detailed_signal,
                                          _bind(handler, args), after, owner)


def signal_connect(instance, detailed_signal, handler, *args, owner=None):
    """Connects a guarded handler: instance.connect() inside the trap.

    handler(instance, *signal_args, *args) runs inside libhealing's trap. If it
    raises, crashes, logs a critical or hangs, it is disconnected, the
    emission returns the default value, and the fault goes to the innermost
    Healing.Container around instance (or the one around the widget of an
    event controller), else to owner. Returns the handler id
    (instance.disconnect(id) removes it).

    There is no swapped variant: pass a bound method or a lambda instead.
    """
    return _connect(instance, detailed_signal, handler, args, False, owner)


def signal_connect_after(instance, detailed_signal, handler, *args, owner=None):
    """signal_connect(), running after the signal's default handler."""
    return _connect(instance, detailed_signal, handler, args, True, owner)


__all__ += ['signal_connect', 'signal_connect_after']

_introspected_idle_add = Healing.idle_add
_introspected_timeout_add = Healing.timeout_add


def idle_add(owner, function, *args, priority=GLib.PRIORITY_DEFAULT_IDLE):
    """GLib.idle_add(), guarded, on behalf of owner (a Healing.Container).

    function(*args) runs inside the trap; it is called again while it
    returns True. If it raises, crashes, logs a critical or hangs, it is
    removed and the fault goes to owner. The source also goes when owner is
    disposed. Returns the source id.
    """
    return _introspected_idle_add(owner, priority, _bind(function, args))


def timeout_add(owner, interval, function, *args, priority=GLib.PRIORITY_DEFAULT):
    """GLib.timeout_add(), guarded, on behalf of owner; see idle_add()."""
    return _introspected_timeout_add(owner, priority, interval,
                                     _bind(function, args))


__all__ += ['idle_add', 'timeout_add']


# ---------------------------------------------------------------------------
# Handlers of .ui files
# ---------------------------------------------------------------------------

class _Resolver:
    """Finds a .ui file's handler on a Python object or mapping.

    Held by the C scope only (never by the scope's Python wrapper), and it
    holds no reference to the scope: no cycle through C that Python's
    collector cannot see.
    """

    def __init__(self, handlers):
        self.handlers = handlers
        self.symbols = {}

    def lookup(self, name):
        handler = self.symbols.get(name)
        if handler is None and self.handlers is not None:
            if isinstance(self.handlers, abc.Mapping):
                handler = self.handlers.get(name)
            else:
                handler = getattr(self.handlers, name, None)
        if handler is None:
            return None, ()
        # As Gtk.Builder(handlers): (function, extra, args) tuples.
        if isinstance(handler, abc.Sequence) and not isinstance(handler, str):
            if len(handler) == 0 or not callable(handler[0]):
                raise TypeError('handler %s: %r is not (function, args...)' % (name, handler))
            return handler[0], tuple(handler[1:])
        if not callable(handler):
            raise TypeError('handler %s: %r is not callable' % (name, handler))
        return handler, ()

    def closure_for(self, function_name, flags, obj):
        handler, extra = self.lookup(function_name)
        if handler is None:
            return None
        swapped = bool(flags & Gtk.BuilderClosureFlags.SWAPPED)
        if obj is None:
            if swapped:
                raise TypeError('handler %s: swapped="yes" needs object=' % function_name)
            return _bind(handler, extra)
        # As GtkBuilderCScope: the object takes the user-data place, or with
        # swapped="yes" the instance's.
        if swapped:
            return lambda instance, *args: handler(obj, *args, instance, *extra)
        return lambda *args: handler(*args, obj, *extra)

    def __call__(self, scope, builder, function_name, flags, obj):
        closure = self.closure_for(function_name, flags, obj)
        # Else the C scope goes on: C symbols, then INVALID_FUNCTION.
        if closure is not None:
            scope.provide_handler(closure)


class BuilderScope(Healing.BuilderScope):
    """A Gtk.BuilderScope whose every handler is guarded.

    Healing.BuilderScope(handlers) finds the handlers a .ui file names on
    handlers, a Python object (its attributes) or a mapping, like
    Gtk.Builder(handlers), then among the callbacks given to
    add_callback_symbol(), then among the C symbols of the program:

        builder = Gtk.Builder()
        builder.set_scope(Healing.BuilderScope(window_handlers))
        builder.add_from_file('window.ui')

    A handler that raises, crashes, logs a critical or hangs is
    disconnected, and the fault goes to the innermost Healing.Container
    around the object that emitted the signal.
    """

    def __init__(self, handlers=None, **kwargs):
        Healing.BuilderScope.__init__(self, **kwargs)
        self._healing_install(handlers)

    @classmethod
    def new(cls):
        return cls()

    def _healing_install(self, handlers):
        resolver = _Resolver(handlers)
        self.set_handler_func(resolver)
        # A strong reference from the wrapper to the resolver only: the
        # resolver never refers back.
        self._healing_resolver = resolver
        return resolver

    def _healing_get_resolver(self):
        resolver = getattr(self, '_healing_resolver', None)
        if resolver is None:
            # A scope made by C code or by Healing.BuilderScope.new().
            resolver = self._healing_install(None)
        return resolver

    def add_callback_symbol(self, callback_name, callback_symbol, *args):
        """Adds a handler the .ui file can name.

        Unlike Gtk.BuilderCScope.add_callback_symbol() from Python (which
        passes no arguments, and frees the callback after its first call:
        the second runs a freed closure), the handler is kept, gets the
        signal's arguments (then args), and runs guarded.
        """
        if not callable(callback_symbol):
            raise TypeError('%r is not callable' % (callback_symbol,))
        self._healing_get_resolver().symbols[callback_name] = (callback_symbol,) + args

    def add_callback_symbols(self, callbacks):
        """add_callback_symbol() for each name: callback of a mapping."""
        for name, callback in callbacks.items():
            self.add_callback_symbol(name, callback)


BuilderScope = override(BuilderScope)
__all__.append('BuilderScope')
