/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include "healing-signal-private.h"
#include "healing-guard-private.h"

/*
 * Guarded signal handlers.
 *
 * A guarded handler must cost about what the guard itself costs (the
 * trap's frame, its setjmp and the watchdog's bookkeeping: some 110
 * instructions), not what boxing every argument in a GValue costs. GLib emits a signal with a single handler
 * through the signal's va_list marshaller, but only when the handler's
 * closure has no meta marshal of its own (gclosure.c,
 * _g_closure_supports_invoke_va ()). So there are two paths:
 *
 * - The fast path, for signals whose parameters and return value are all
 *   passed in integer registers or word-sized stack slots (integers, enums,
 *   flags, pointers, strings, objects, boxed, variants: everything except
 *   float and double): the handler is connected as a plain GCClosure whose
 *   callback is a trampoline of the signal's arity and whose data is the
 *   handler's record. GLib gives that closure the signal's own C and
 *   va_list marshallers, which call the trampoline exactly as they would
 *   call the handler. The trampoline runs the handler inside the trap and
 *   passes its return value back untouched.
 *
 * - The generic path, for the rest (float or double parameters, more than
 *   six parameters) and for closures made elsewhere (GtkBuilder): a meta
 *   marshal that calls closure->marshal inside the trap.
 *   HEALING_SIGNAL_GENERIC=1 in the environment forces it for every
 *   connection (for benchmarks and tests).
 *
 * The fast path relies on the calling convention: every parameter class it
 * admits occupies one general-purpose register or one 8-byte stack slot,
 * so an `int` can be received and forwarded as a `gintptr` and a `gboolean`
 * returned through one. That holds for the System V x86-64 ABI and for
 * AAPCS64 on Linux; elsewhere the generic path is used for everything.
 */

#if (defined(__x86_64__) && !defined(_WIN64)) || \
    (defined(__aarch64__) && defined(__linux__))
#define HAVE_FAST_PATH 1
#else
#define HAVE_FAST_PATH 0
#endif

#define MAX_FAST_PARAMS 6

typedef enum {
  INSTANCE_OTHER,
  INSTANCE_WIDGET,
  INSTANCE_CONTROLLER,
  /* Not known when the closure was made: look at each instance. */
  INSTANCE_ANY,
} InstanceKind;

typedef struct {
  GCallback handler;
  gpointer data;
  GClosureNotify destroy_data;

  /* The closure this record belongs to (it keeps the record alive). */
  GClosure *closure;
  /* The explicit owner; a weak pointer. */
  HealingContainer *owner;
  /* Names the handler in fault records, when it has a name (.ui files). */
  char *handler_name;

  guint signal_id;
  GQuark detail;
  guint n_params : 4;
  guint swapped : 1;
  guint kind : 2;
  /* The closure's data is a GObject (GtkBuilderCScope's object closures):
   * fall back to its container. */
  guint data_is_object : 1;
} SignalRecord;

static void
owner_gone_cb (gpointer  data,
               GObject  *where_the_object_was)
{
  SignalRecord *record = data;

  record->owner = NULL;
}

static SignalRecord *
signal_record_new (gpointer          instance,
                   GCallback         handler,
                   gpointer          data,
                   GClosureNotify    destroy_data,
                   gboolean          swapped,
                   HealingContainer *owner)
{
  SignalRecord *record = g_new0 (SignalRecord, 1);

  record->handler = handler;
  record->data = data;
  record->destroy_data = destroy_data;
  record->swapped = !!swapped;

  if (instance != NULL && GTK_IS_WIDGET (instance))
    record->kind = INSTANCE_WIDGET;
  else if (instance != NULL && GTK_IS_EVENT_CONTROLLER (instance))
    record->kind = INSTANCE_CONTROLLER;
  else
    record->kind = INSTANCE_OTHER;

  if (owner != NULL)
    {
      record->owner = owner;
      g_object_weak_ref (G_OBJECT (owner), owner_gone_cb, record);
    }

  return record;
}

static void
signal_record_free (SignalRecord *record)
{
  if (record->owner != NULL)
    g_object_weak_unref (G_OBJECT (record->owner), owner_gone_cb, record);

  g_free (record->handler_name);
  g_free (record);
}

/* The fast path's closure data notify: the handler's own destroy notify,
 * then ours. */
static void
fast_record_notify (gpointer  data,
                    GClosure *closure)
{
  SignalRecord *record = data;

  if (record->destroy_data != NULL)
    record->destroy_data (record->data, closure);

  signal_record_free (record);
}

/* The generic path's finalize notifier. */
static void
generic_record_notify (gpointer  data,
                       GClosure *closure)
{
  signal_record_free (data);
}

/* Who owns a run of the handler: the innermost container around the
 * instance (or around the widget of an event controller), else around the
 * object a builder closure was made for, else the explicit owner. Asked
 * again at fault time: the handler may have moved widgets around. */
static inline HealingContainer *
find_owner (SignalRecord *record,
            gpointer      instance)
{
  HealingContainer *owner = NULL;

  /* A plain object's signal (neither a widget nor a controller, no
   * builder object): the explicit owner, if any. Both fields share a
   * word: one test. */
  if (record->kind == INSTANCE_OTHER && !record->data_is_object)
    return record->owner;

  /* Tests, not a switch: a jump table cost more than the common cases. */
  if (record->kind == INSTANCE_WIDGET)
    owner = healing_guard_find_widget_owner (instance);
  else if G_UNLIKELY (record->kind == INSTANCE_CONTROLLER)
    owner = healing_guard_find_widget_owner (gtk_event_controller_get_widget (instance));
  else if G_UNLIKELY (record->kind == INSTANCE_ANY)
    owner = healing_guard_find_instance_owner (instance);

  if G_UNLIKELY (owner == NULL && record->data_is_object)
    owner = healing_guard_find_instance_owner (record->closure->data);

  if (owner == NULL)
    owner = record->owner;

  return owner;
}

static char *
describe_origin (SignalRecord *record,
                 gpointer      instance,
                 guint         signal_id,
                 GQuark        detail)
{
  const char *type_name = instance != NULL ?
                          g_type_name (G_TYPE_FROM_INSTANCE (instance)) : "?";
  g_autofree char *signal = NULL;

  if (signal_id == 0)
    {
      if (record->handler_name != NULL)
        /* Translators: where a fault happened: a callback named in a .ui
         * file that was called outside any signal emission */
        return g_strdup_printf (_("closure %s"), record->handler_name);

      /* Translators: where a fault happened */
      return g_strdup (_("closure"));
    }

  if (detail != 0)
    signal = g_strdup_printf ("%s::%s", g_signal_name (signal_id),
                              g_quark_to_string (detail));
  else
    signal = g_strdup (g_signal_name (signal_id));

  if (record->handler_name != NULL)
    /* Translators: where a fault happened, e.g. “GtkButton::clicked handler
     * on_send_clicked”: 1: a type, 2: a signal, 3: a function name */
    return g_strdup_printf (_("%1$s::%2$s handler %3$s"), type_name, signal,
                            record->handler_name);

  /* Translators: where a fault happened, e.g. “GtkButton::clicked
   * handler”: 1: a type, 2: a signal */
  return g_strdup_printf (_("%1$s::%2$s handler"), type_name, signal);
}

/* The handler faulted: it never runs again, and its fault goes to the
 * owner of the moment. Runs outside our frame. */
static void G_GNUC_NO_INLINE
handler_failed (SignalRecord *record,
                HealingGuard *guard,
                gpointer      instance,
                guint         signal_id,
                GQuark        detail)
{
  g_autofree char *origin = describe_origin (record, instance, signal_id, detail);
  HealingContainer *owner = find_owner (record, instance);

  /* Disconnects the handler from every instance it is connected to. The
   * emission holds a reference on the closure, so the record stays alive
   * until we return. */
  g_closure_invalidate (record->closure);

  healing_guard_fail (guard, HEALING_PHASE_HANDLER, owner, origin);
}

/* ------------------------------------------------------------------------
 * The fast path
 * ------------------------------------------------------------------------ */

typedef gintptr (*Handler0) (gpointer, gpointer);
typedef gintptr (*Handler1) (gpointer, gintptr, gpointer);
typedef gintptr (*Handler2) (gpointer, gintptr, gintptr, gpointer);
typedef gintptr (*Handler3) (gpointer, gintptr, gintptr, gintptr, gpointer);
typedef gintptr (*Handler4) (gpointer, gintptr, gintptr, gintptr, gintptr, gpointer);
typedef gintptr (*Handler5) (gpointer, gintptr, gintptr, gintptr, gintptr, gintptr,
                             gpointer);
typedef gintptr (*Handler6) (gpointer, gintptr, gintptr, gintptr, gintptr, gintptr,
                             gintptr, gpointer);

/*
 * The trampolines: what the signal's marshaller calls in place of the
 * handler, with the instance, the signal's parameters and the closure
 * data, which is our record. Each runs the guard, open-coded
 * (healing_trap_enter ()), and calls the handler directly, as the
 * marshaller would have: one per arity, so that nothing is looked up or
 * copied per call (an arity switch and an argument array were a tenth of
 * the guard's cost). Not inline: sigsetjmp () needs a frame of its own
 * that lives for the whole run; nothing it uses after a jump back is
 * changed after sigsetjmp () returns.
 */
#define RUN_FAST(HandlerType, ...)                                              \
  G_STMT_START {                                                                \
    HealingGuard guard;                                                         \
    gpointer first, last;                                                       \
    gintptr result;                                                             \
    char mark;                                                                  \
                                                                                \
    healing_guard_begin (&guard, find_owner (record, instance),                 \
                         HEALING_PHASE_HANDLER);                                \
    healing_trap_enter (&guard.frame, &mark);                                   \
                                                                                \
    if G_LIKELY (sigsetjmp (guard.frame.env, 0) == 0)                           \
      {                                                                         \
        guard.frame.armed = 1;                                                  \
        first = record->swapped ? record->data : instance;                      \
        last = record->swapped ? instance : record->data;                       \
        result = ((HandlerType) record->handler) (first, ##__VA_ARGS__, last);  \
        if G_LIKELY (healing_trap_leave (&guard.frame))                         \
          {                                                                     \
            healing_guard_end (&guard);                                         \
            return result;                                                      \
          }                                                                     \
      }                                                                         \
    else                                                                        \
      {                                                                         \
        healing_trap_leave_faulted (&guard.frame);                              \
      }                                                                         \
                                                                                \
    handler_failed (record, &guard, instance, record->signal_id,                \
                    record->detail);                                            \
                                                                                \
    /* The default value of the return type: 0, FALSE, NULL. */                \
    return 0;                                                                   \
  } G_STMT_END

static G_GNUC_NO_INLINE gintptr
trampoline0 (gpointer      instance,
             SignalRecord *record)
{
  RUN_FAST (Handler0);
}

static G_GNUC_NO_INLINE gintptr
trampoline1 (gpointer      instance,
             gintptr       a1,
             SignalRecord *record)
{
  RUN_FAST (Handler1, a1);
}

static G_GNUC_NO_INLINE gintptr
trampoline2 (gpointer      instance,
             gintptr       a1,
             gintptr       a2,
             SignalRecord *record)
{
  RUN_FAST (Handler2, a1, a2);
}

static G_GNUC_NO_INLINE gintptr
trampoline3 (gpointer      instance,
             gintptr       a1,
             gintptr       a2,
             gintptr       a3,
             SignalRecord *record)
{
  RUN_FAST (Handler3, a1, a2, a3);
}

static G_GNUC_NO_INLINE gintptr
trampoline4 (gpointer      instance,
             gintptr       a1,
             gintptr       a2,
             gintptr       a3,
             gintptr       a4,
             SignalRecord *record)
{
  RUN_FAST (Handler4, a1, a2, a3, a4);
}

static G_GNUC_NO_INLINE gintptr
trampoline5 (gpointer      instance,
             gintptr       a1,
             gintptr       a2,
             gintptr       a3,
             gintptr       a4,
             gintptr       a5,
             SignalRecord *record)
{
  RUN_FAST (Handler5, a1, a2, a3, a4, a5);
}

static G_GNUC_NO_INLINE gintptr
trampoline6 (gpointer      instance,
             gintptr       a1,
             gintptr       a2,
             gintptr       a3,
             gintptr       a4,
             gintptr       a5,
             gintptr       a6,
             SignalRecord *record)
{
  RUN_FAST (Handler6, a1, a2, a3, a4, a5, a6);
}

static const GCallback trampolines[MAX_FAST_PARAMS + 1] = {
  G_CALLBACK (trampoline0),
  G_CALLBACK (trampoline1),
  G_CALLBACK (trampoline2),
  G_CALLBACK (trampoline3),
  G_CALLBACK (trampoline4),
  G_CALLBACK (trampoline5),
  G_CALLBACK (trampoline6),
};

/* Whether a value of @type travels in one general-purpose register or one
 * 8-byte stack slot: what GValue collection calls 'i', 'l', 'q' or 'p'
 * (never 'd': float and double go through vector registers). */
static gboolean
is_word_type (GType    type,
              gboolean is_return)
{
  GTypeValueTable *table;

  type &= ~G_SIGNAL_TYPE_STATIC_SCOPE;

  if (type == G_TYPE_NONE)
    return is_return;

  table = g_type_value_table_peek (type);
  if (table == NULL || table->collect_format == NULL ||
      strlen (table->collect_format) != 1)
    return FALSE;

  return strchr ("ilqp", table->collect_format[0]) != NULL;
}

static gboolean
fast_path_supported (const GSignalQuery *query)
{
  guint i;

  if (!HAVE_FAST_PATH)
    return FALSE;

  if (g_getenv ("HEALING_SIGNAL_GENERIC") != NULL)
    return FALSE;

  if (query->n_params > MAX_FAST_PARAMS)
    return FALSE;

  if (!is_word_type (query->return_type, TRUE))
    return FALSE;

  for (i = 0; i < query->n_params; i++)
    if (!is_word_type (query->param_types[i], FALSE))
      return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------------
 * The generic path
 * ------------------------------------------------------------------------ */

typedef struct {
  GClosure *closure;
  GValue *return_value;
  guint n_param_values;
  const GValue *param_values;
  gpointer invocation_hint;
} GenericCall;

static void
generic_call_func (gpointer data)
{
  GenericCall *call = data;
  GClosureMarshal marshal = call->closure->marshal;

  if (marshal == NULL)
    marshal = g_cclosure_marshal_generic;

  marshal (call->closure, call->return_value, call->n_param_values,
           call->param_values, call->invocation_hint, NULL);
}

static void
guarded_meta_marshal (GClosure     *closure,
                      GValue       *return_value,
                      guint         n_param_values,
                      const GValue *param_values,
                      gpointer      invocation_hint,
                      gpointer      marshal_data)
{
  SignalRecord *record = marshal_data;
  GSignalInvocationHint *hint = invocation_hint;
  GenericCall call = { closure, return_value, n_param_values, param_values,
                       invocation_hint };
  gpointer instance = NULL;
  HealingGuard guard;

  if (n_param_values > 0 &&
      G_TYPE_IS_INSTANTIATABLE (G_VALUE_TYPE (&param_values[0])))
    instance = g_value_peek_pointer (&param_values[0]);

  if G_LIKELY (healing_guard_run (&guard, find_owner (record, instance), HEALING_PHASE_HANDLER,
                                  generic_call_func, &call))
    return;

  handler_failed (record, &guard, instance,
                  hint != NULL ? hint->signal_id : record->signal_id,
                  hint != NULL ? hint->detail : record->detail);

  /* The marshaller stores the return value only after the handler returns,
   * but a custom one may have done so early: make it the default. */
  if (return_value != NULL && G_IS_VALUE (return_value))
    g_value_reset (return_value);
}

static void
guard_closure (GClosure     *closure,
               SignalRecord *record)
{
  record->closure = closure;
  g_closure_add_finalize_notifier (closure, record, generic_record_notify);
  g_closure_set_meta_marshal (closure, record, guarded_meta_marshal);
}

void
healing_signal_guard_closure (GClosure         *closure,
                              HealingContainer *owner,
                              gboolean          data_is_object,
                              const char       *handler_name)
{
  SignalRecord *record;

  g_return_if_fail (closure != NULL);
  g_return_if_fail (owner == NULL || HEALING_IS_CONTAINER (owner));

  healing_guard_init ();
  record = signal_record_new (NULL, NULL, NULL, NULL, FALSE, owner);
  record->kind = INSTANCE_ANY;
  record->data_is_object = !!data_is_object;
  record->handler_name = g_strdup (handler_name);
  guard_closure (closure, record);
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

static gboolean
parse_signal (gpointer     instance,
              const char  *detailed_signal,
              GSignalQuery *query,
              GQuark       *detail)
{
  guint signal_id;

  if (!g_signal_parse_name (detailed_signal, G_TYPE_FROM_INSTANCE (instance),
                            &signal_id, detail, TRUE))
    {
      g_critical ("%s: signal '%s' is invalid for instance '%p' of type '%s'",
                  G_STRFUNC, detailed_signal, instance,
                  g_type_name (G_TYPE_FROM_INSTANCE (instance)));
      return FALSE;
    }

  g_signal_query (signal_id, query);

  return query->signal_id != 0;
}

/**
 * healing_signal_connect_full: (skip)
 * @instance: (type GObject.Object): the instance to connect to
 * @detailed_signal: a string of the form “signal-name::detail”
 * @handler: the handler to connect
 * @data: (closure handler): data to pass to @handler
 * @destroy_data: (nullable) (destroy data): called with @data when the
 *   handler is disconnected
 * @connect_flags: `G_CONNECT_AFTER` and `G_CONNECT_SWAPPED`, as for
 *   [func@GObject.signal_connect_data]
 * @owner: (nullable): the container that owns @handler when @instance is
 *   not inside one
 *
 * Connects a guarded handler to a signal, like
 * [func@GObject.signal_connect_data], with an explicit owner.
 *
 * @handler runs inside libhealing's fault trap. If it crashes (a `NULL`
 * dereference, an integer division by zero, `abort()`, a stack overflow),
 * logs a critical, or hangs past the owner's
 * [property@Container:hang-timeout]:
 *
 * - @handler is disconnected and never runs again;
 * - this run of it returns the default value of the signal's return type:
 *   `FALSE`, 0 or `NULL` (so with the usual “handled” accumulators the
 *   emission moves on to the next handler), or nothing for a `void`
 *   signal;
 * - the other handlers of the emission still run;
 * - the fault, in phase [enum@Healing.FaultPhase.handler] and with an
 *   origin like “GtkButton::clicked handler”, goes to the container that
 *   owns the handler, which quarantines its child and shows its fallback.
 *
 * The owner is looked up when the handler runs, and again when it faults,
 * since widgets move: the innermost [class@Container] around @instance if
 * it is a widget, or around the widget an event controller is attached
 * to; else @owner. A fault nobody owns is still caught: it is logged as a
 * critical.
 *
 * Guarding costs little: for signals whose parameters and return value are
 * integers, enums, flags, booleans, pointers, strings, objects or boxed
 * types (most signals, up to six parameters), GLib's own marshallers call
 * the handler through a trampoline, keeping GLib's fast emission path. For
 * signals with `float` or `double` parameters or return value, and on
 * platforms other than x86-64 and 64-bit ARM Linux, the handler goes
 * through GLib's generic `GValue` path, which is slower.
 *
 * Call it on the GTK thread only.
 *
 * This and the other `healing_signal_connect*()` functions take a C
 * function pointer, so they are not introspectable. From language
 * bindings use [func@signal_connect_closure], or what wraps it:
 * `Healing.signal_connect()` and `Healing.signal_connect_after()` in
 * Python (the override installed with libhealing), and
 * `signalConnect()` and `signalConnectAfter()` of the GJS module
 * `resource:///org/libhealing/Healing/js/healing.js`. Exceptions those
 * handlers raise are faults too.
 *
 * Returns: the handler ID, as for [func@GObject.signal_connect_data], or 0
 *   if the signal does not exist
 */
gulong
healing_signal_connect_full (gpointer          instance,
                             const char       *detailed_signal,
                             GCallback         handler,
                             gpointer          data,
                             GClosureNotify    destroy_data,
                             GConnectFlags     connect_flags,
                             HealingContainer *owner)
{
  GSignalQuery query;
  SignalRecord *record;
  GClosure *closure;
  GQuark detail = 0;
  gboolean swapped = (connect_flags & G_CONNECT_SWAPPED) != 0;

  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE (instance), 0);
  g_return_val_if_fail (detailed_signal != NULL, 0);
  g_return_val_if_fail (handler != NULL, 0);
  g_return_val_if_fail (owner == NULL || HEALING_IS_CONTAINER (owner), 0);

  if (!parse_signal (instance, detailed_signal, &query, &detail))
    return 0;

  healing_guard_init ();
  record = signal_record_new (instance, handler, data, destroy_data, swapped, owner);
  record->signal_id = query.signal_id;
  record->detail = detail;
  record->n_params = MIN (query.n_params, MAX_FAST_PARAMS);

  if (fast_path_supported (&query))
    {
      closure = g_cclosure_new (trampolines[query.n_params], record,
                                fast_record_notify);
      record->closure = closure;
    }
  else
    {
      if (swapped)
        closure = g_cclosure_new_swap (handler, data, destroy_data);
      else
        closure = g_cclosure_new (handler, data, destroy_data);
      guard_closure (closure, record);
    }

  return g_signal_connect_closure_by_id (instance, query.signal_id, detail,
                                         closure,
                                         (connect_flags & G_CONNECT_AFTER) != 0);
}

/**
 * healing_signal_connect_data: (skip)
 * @instance: (type GObject.Object): the instance to connect to
 * @detailed_signal: a string of the form “signal-name::detail”
 * @handler: the handler to connect
 * @data: (closure handler): data to pass to @handler
 * @destroy_data: (nullable) (destroy data): called with @data when the
 *   handler is disconnected
 * @connect_flags: `G_CONNECT_AFTER` and `G_CONNECT_SWAPPED`, as for
 *   [func@GObject.signal_connect_data]
 *
 * Connects a guarded handler to a signal: [func@GObject.signal_connect_data]
 * with @handler running inside libhealing's fault trap.
 *
 * See `healing_signal_connect_full()` for what happens when @handler faults and
 * which container owns it.
 *
 * Returns: the handler ID, or 0 if the signal does not exist
 */
gulong
healing_signal_connect_data (gpointer        instance,
                             const char     *detailed_signal,
                             GCallback       handler,
                             gpointer        data,
                             GClosureNotify  destroy_data,
                             GConnectFlags   connect_flags)
{
  return healing_signal_connect_full (instance, detailed_signal, handler, data,
                                      destroy_data, connect_flags, NULL);
}

/**
 * healing_signal_connect: (skip)
 * @instance: (type GObject.Object): the instance to connect to
 * @detailed_signal: a string of the form “signal-name::detail”
 * @handler: the handler to connect
 * @data: data to pass to @handler
 *
 * Connects a guarded handler to a signal: `g_signal_connect()` with
 * @handler running inside libhealing's fault trap, so porting an
 * application is a search and replace.
 *
 * ```c
 * healing_signal_connect (button, "clicked", G_CALLBACK (send_clicked_cb), self);
 * ```
 *
 * See `healing_signal_connect_full()` for what happens when @handler faults and
 * which container owns it.
 *
 * Returns: the handler ID, or 0 if the signal does not exist
 */
gulong
healing_signal_connect (gpointer    instance,
                        const char *detailed_signal,
                        GCallback   handler,
                        gpointer    data)
{
  return healing_signal_connect_full (instance, detailed_signal, handler, data,
                                      NULL, 0, NULL);
}

/**
 * healing_signal_connect_swapped: (skip)
 * @instance: (type GObject.Object): the instance to connect to
 * @detailed_signal: a string of the form “signal-name::detail”
 * @handler: the handler to connect
 * @data: data to pass to @handler as its first argument
 *
 * Connects a guarded handler to a signal with @data and the instance
 * swapped: `g_signal_connect_swapped()` with @handler running inside
 * libhealing's fault trap.
 *
 * See `healing_signal_connect_full()` for what happens when @handler faults and
 * which container owns it.
 *
 * Returns: the handler ID, or 0 if the signal does not exist
 */
gulong
healing_signal_connect_swapped (gpointer    instance,
                                const char *detailed_signal,
                                GCallback   handler,
                                gpointer    data)
{
  return healing_signal_connect_full (instance, detailed_signal, handler, data,
                                      NULL, G_CONNECT_SWAPPED, NULL);
}

/**
 * healing_signal_connect_after: (skip)
 * @instance: (type GObject.Object): the instance to connect to
 * @detailed_signal: a string of the form “signal-name::detail”
 * @handler: the handler to connect
 * @data: data to pass to @handler
 *
 * Connects a guarded handler to run after the signal's default handler:
 * `g_signal_connect_after()` with @handler running inside libhealing's
 * fault trap.
 *
 * See `healing_signal_connect_full()` for what happens when @handler faults and
 * which container owns it.
 *
 * Returns: the handler ID, or 0 if the signal does not exist
 */
gulong
healing_signal_connect_after (gpointer    instance,
                              const char *detailed_signal,
                              GCallback   handler,
                              gpointer    data)
{
  return healing_signal_connect_full (instance, detailed_signal, handler, data,
                                      NULL, G_CONNECT_AFTER, NULL);
}

/**
 * healing_signal_connect_closure:
 * @instance: (type GObject.Object): the instance to connect to
 * @detailed_signal: a string of the form “signal-name::detail”
 * @closure: the closure to connect; it must not have a meta marshal
 * @after: whether the closure runs after the signal's default handler
 * @owner: (nullable): the container that owns the closure when @instance is
 *   not inside one
 *
 * Connects a closure to a signal and guards it: the variant for language
 * bindings, whose handlers are closures. A handler that raises an
 * exception is a fault when the binding reports it with
 * [func@report_current_fault], as libhealing's Python override and GJS
 * module do; GJS alone logs it as a critical, which is a fault too.
 *
 * The closure always goes through GLib's generic `GValue` emission path.
 * See `healing_signal_connect_full()` for what happens when it faults and which
 * container owns it.
 *
 * Returns: the handler ID, or 0 if the signal does not exist
 */
gulong
healing_signal_connect_closure (gpointer          instance,
                                const char       *detailed_signal,
                                GClosure         *closure,
                                gboolean          after,
                                HealingContainer *owner)
{
  GSignalQuery query;
  SignalRecord *record;
  GQuark detail = 0;

  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE (instance), 0);
  g_return_val_if_fail (detailed_signal != NULL, 0);
  g_return_val_if_fail (closure != NULL, 0);
  g_return_val_if_fail (owner == NULL || HEALING_IS_CONTAINER (owner), 0);

  if (!parse_signal (instance, detailed_signal, &query, &detail))
    return 0;

  healing_guard_init ();
  record = signal_record_new (instance, NULL, NULL, NULL, FALSE, owner);
  record->signal_id = query.signal_id;
  record->detail = detail;
  guard_closure (closure, record);

  return g_signal_connect_closure_by_id (instance, query.signal_id, detail,
                                         closure, after);
}
