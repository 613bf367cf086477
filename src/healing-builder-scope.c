/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-builder-scope.h"
#include "healing-signal-private.h"

/**
 * HealingBuilderScope:
 *
 * A builder scope whose every handler runs inside libhealing's fault trap.
 *
 * `HealingBuilderScope` is a [class@Gtk.BuilderCScope]: it finds handlers
 * the same way (callbacks added with
 * [method@Gtk.BuilderCScope.add_callback_symbol], then symbols exported by
 * the program), honours `swapped`, `object` and `after` in the same way,
 * and fails with the same errors, such as
 * `GTK_BUILDER_ERROR_INVALID_FUNCTION` for a handler that does not exist.
 * But each closure it makes is guarded, as if connected with
 * `healing_signal_connect()`: a handler named in a `.ui` file that crashes,
 * logs a critical or hangs is disconnected, its signal returns the default
 * value of its return type, and the fault goes to the innermost
 * [class@Container] around the object that emitted the signal (or around
 * the handler's `object`).
 *
 * With [method@Gtk.Builder.set_scope]:
 *
 * ```c
 * g_autoptr (GtkBuilderScope) scope = healing_builder_scope_new ();
 * g_autoptr (GtkBuilder) builder = gtk_builder_new ();
 *
 * gtk_builder_set_scope (builder, scope);
 * gtk_builder_add_from_resource (builder, "/org/example/app/window.ui", NULL);
 * ```
 *
 * For a widget template, set the scope before binding callbacks, since
 * [method@Gtk.WidgetClass.bind_template_callback_full] adds them to the
 * template's scope:
 *
 * ```c
 * g_autoptr (GtkBuilderScope) scope = healing_builder_scope_new ();
 *
 * gtk_widget_class_set_template_from_resource (widget_class, "/org/example/app/page.ui");
 * gtk_widget_class_set_template_scope (widget_class, scope);
 * gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
 * ```
 *
 * Language bindings resolve handler names on objects of their own with
 * [method@BuilderScope.set_handler_func]: its closures are guarded in the
 * same way. The Python override and the GJS module of libhealing do it for
 * you (`Healing.BuilderScope(handlers)` in Python,
 * `HealingJS.builderScope(handlers)` in JavaScript; see the README).
 * [method@Gtk.BuilderCScope.add_callback_symbol] is for C: its callback
 * is annotated `scope="async"`, so a binding frees it after the first
 * call. Both of those replace it with a safe version that takes the
 * handler's arguments.
 *
 * Closures from a builder do not know their signal when they are made, so
 * they run through GLib's generic `GValue` emission path, unlike
 * `healing_signal_connect()`'s fast path for common signatures.
 *
 * The type is final: its whole point is its `create_closure()`, which a
 * subclass re-implementing [iface@Gtk.BuilderScope] would silently lose.
 */
struct _HealingBuilderScope
{
  GtkBuilderCScope parent_instance;

  HealingBuilderScopeHandlerFunc handler_func;
  gpointer handler_data;
  GDestroyNotify handler_destroy;

  /* What the handler function provided during the current call (owned),
   * and whether a call is under way. */
  GClosure *provided;
  gboolean asking;
};

static void healing_builder_scope_scope_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HealingBuilderScope, healing_builder_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      healing_builder_scope_scope_init))

static GtkBuilderScopeInterface *parent_scope_iface;

/*
 * A binding's handler, as GtkBuilder wants it.
 *
 * GtkBuilder connects the closure create_closure() returns and keeps no
 * reference of its own: it relies on the closure being floating, as
 * GtkBuilderCScope's are. A binding's closure comes to us through
 * healing_builder_scope_provide_handler (), an ordinary (transfer none)
 * argument, which every binding handles correctly. (A (transfer full)
 * return value does not work: PyGObject 3.42 returns such a closure with
 * two references, one of which is never released, as its own
 * Gtk.Builder(handlers) shows.) So we hold the binding's closure and
 * return a floating closure that forwards to it, which is the one
 * connected and guarded.
 */
typedef struct {
  GClosure closure;
  GClosure *inner;
} ForwardClosure;

static void
forward_marshal (GClosure     *closure,
                 GValue       *return_value,
                 guint         n_param_values,
                 const GValue *param_values,
                 gpointer      invocation_hint,
                 gpointer      marshal_data)
{
  ForwardClosure *self = (ForwardClosure *) closure;

  g_closure_invoke (self->inner, return_value, n_param_values, param_values,
                    invocation_hint);
}

/* The binding gave up on its closure: so do we (disconnecting it). */
static void
inner_invalidated_cb (gpointer  data,
                      GClosure *inner)
{
  g_closure_invalidate (data);
}

static void
forward_finalize_cb (gpointer  data,
                     GClosure *closure)
{
  ForwardClosure *self = (ForwardClosure *) closure;

  if (!self->inner->is_invalid)
    g_closure_remove_invalidate_notifier (self->inner, self, inner_invalidated_cb);
  g_closure_unref (self->inner);
}

/* Takes the reference on @inner. */
static GClosure *
forward_closure_new (GClosure *inner)
{
  GClosure *closure = g_closure_new_simple (sizeof (ForwardClosure), NULL);
  ForwardClosure *self = (ForwardClosure *) closure;

  self->inner = inner;
  if (inner->marshal == NULL)
    g_closure_set_marshal (inner, g_cclosure_marshal_generic);
  g_closure_set_marshal (closure, forward_marshal);
  g_closure_add_invalidate_notifier (inner, self, inner_invalidated_cb);
  g_closure_add_finalize_notifier (closure, NULL, forward_finalize_cb);

  return closure;
}

/* Asks the binding's function for @function_name. Reentrant: a handler
 * function may build another .ui file. */
static GClosure *
ask_handler_func (HealingBuilderScope    *self,
                  GtkBuilder             *builder,
                  const char             *function_name,
                  GtkBuilderClosureFlags  flags,
                  GObject                *object)
{
  GClosure *outer_provided = g_steal_pointer (&self->provided);
  gboolean outer_asking = self->asking;
  GClosure *provided;

  self->asking = TRUE;
  self->handler_func (self, builder, function_name, flags, object,
                      self->handler_data);
  provided = g_steal_pointer (&self->provided);
  self->provided = outer_provided;
  self->asking = outer_asking;

  return provided != NULL ? forward_closure_new (provided) : NULL;
}

static GClosure *
healing_builder_scope_create_closure (GtkBuilderScope        *scope,
                                      GtkBuilder             *builder,
                                      const char             *function_name,
                                      GtkBuilderClosureFlags  flags,
                                      GObject                *object,
                                      GError                **error)
{
  HealingBuilderScope *self = HEALING_BUILDER_SCOPE (scope);
  GClosure *closure;

  /* A binding's own handlers first: their closures carry the binding's
   * data, never a GObject. */
  if (self->handler_func != NULL)
    {
      closure = ask_handler_func (self, builder, function_name, flags, object);
      if (closure != NULL)
        {
          healing_signal_guard_closure (closure, NULL, FALSE, function_name);
          return closure;
        }
    }

  /* GtkBuilderCScope looks the symbol up, handles swapped and the object,
   * and reports errors. Its closures are GCClosures whose data is the
   * handler's object, or NULL. */
  closure = parent_scope_iface->create_closure (scope, builder, function_name,
                                                flags, object, error);
  if (closure == NULL)
    return NULL;

  healing_signal_guard_closure (closure, NULL, TRUE, function_name);

  return closure;
}

static void
healing_builder_scope_scope_init (GtkBuilderScopeInterface *iface)
{
  /* @iface starts as a copy of GtkBuilderCScope's. */
  parent_scope_iface = g_type_interface_peek_parent (iface);

  iface->create_closure = healing_builder_scope_create_closure;
}

static void
clear_handler_func (HealingBuilderScope *self)
{
  GDestroyNotify destroy = self->handler_destroy;
  gpointer data = self->handler_data;

  self->handler_func = NULL;
  self->handler_data = NULL;
  self->handler_destroy = NULL;

  if (destroy != NULL)
    destroy (data);
}

static void
healing_builder_scope_dispose (GObject *object)
{
  /* A binding's function may hold the application's objects, which may
   * hold the builder, which holds us: drop it on dispose to break that. */
  clear_handler_func (HEALING_BUILDER_SCOPE (object));

  G_OBJECT_CLASS (healing_builder_scope_parent_class)->dispose (object);
}

static void
healing_builder_scope_class_init (HealingBuilderScopeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_builder_scope_dispose;
}

static void
healing_builder_scope_init (HealingBuilderScope *self)
{
}

/**
 * healing_builder_scope_new:
 *
 * Creates a builder scope whose handlers all run inside the fault trap.
 *
 * Returns: (transfer full): a new builder scope
 */
GtkBuilderScope *
healing_builder_scope_new (void)
{
  return g_object_new (HEALING_TYPE_BUILDER_SCOPE, NULL);
}

/**
 * healing_builder_scope_set_handler_func:
 * @self: a builder scope
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   finds the handlers a `.ui` file names, or `NULL` to find C symbols only
 * @user_data: data for @func
 * @destroy: (nullable): called with @user_data when @func is replaced or
 *   the scope is disposed
 *
 * Makes the scope ask @func for each handler a `.ui` file names before it
 * looks for a C symbol: how a language binding gives the builder its own
 * handlers. @func hands over the handlers it knows with
 * [method@BuilderScope.provide_handler]. They are guarded like the others: a
 * handler that raises an exception (reported with
 * [func@report_current_fault]), crashes, logs a critical or hangs is
 * disconnected and its fault goes to the innermost [class@Container]
 * around the object that emitted the signal.
 *
 * When @func provides nothing, the scope goes on as a
 * [class@Gtk.BuilderCScope] would, and a name nobody knows fails with
 * `GTK_BUILDER_ERROR_INVALID_FUNCTION`.
 */
void
healing_builder_scope_set_handler_func (HealingBuilderScope            *self,
                                        HealingBuilderScopeHandlerFunc  func,
                                        gpointer                        user_data,
                                        GDestroyNotify                  destroy)
{
  g_return_if_fail (HEALING_IS_BUILDER_SCOPE (self));

  clear_handler_func (self);

  self->handler_func = func;
  self->handler_data = user_data;
  self->handler_destroy = destroy;
}

/**
 * healing_builder_scope_provide_handler:
 * @self: a builder scope
 * @closure: the closure that runs the handler asked for
 *
 * Hands the scope the handler its [callback@BuilderScopeHandlerFunc] was
 * asked for; call it from that function only, at most once per call (a
 * second call replaces the first). A binding passes its own function,
 * which it converts to a closure. The scope keeps a reference on @closure
 * as long as the handler stays connected.
 */
void
healing_builder_scope_provide_handler (HealingBuilderScope *self,
                                       GClosure            *closure)
{
  g_return_if_fail (HEALING_IS_BUILDER_SCOPE (self));
  g_return_if_fail (closure != NULL);
  g_return_if_fail (self->asking);

  g_closure_ref (closure);
  g_closure_sink (closure);
  g_clear_pointer (&self->provided, g_closure_unref);
  self->provided = closure;
}
