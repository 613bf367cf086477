/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>

#include <glib/gi18n-lib.h>

#include "healing-container-private.h"
#include "healing-enums.h"
#include "healing-fault-private.h"
#include "healing-fault-view-private.h"
#include "healing-main-private.h"
#include "healing-runtime-private.h"
#include "healing-trap-private.h"

/**
 * HealingContainer:
 *
 * A widget that keeps the faults of its child to itself.
 *
 * `HealingContainer` holds one child, like [class@Gtk.Box] with a single
 * child, and runs its measure, size allocation and drawing inside
 * libhealing's fault trap. When the child crashes (a NULL dereference, an
 * integer division by zero, `abort()`, a failed assertion, a stack
 * overflow), or logs a critical such as a failed `g_return_if_fail()`, the
 * container:
 *
 * - records the fault ([property@Container:last-fault],
 *   [property@Container:fault-count]);
 * - never runs the child again until [method@Container.reset] is called;
 * - shows its [property@Container:fallback] instead: by default, a built-in
 *   status view that names the component and the fault and offers
 *   "Try again";
 * - emits [signal@Container::fault] and [signal@Container::state-changed].
 *
 * The rest of the window keeps running and rendering.
 *
 * A frame in which the child faulted never shows half of the child's
 * drawing: the child draws into a snapshot of its own, which is appended to
 * the window's only when it completes. The widget tree is never changed
 * during measure, allocate or snapshot; the fallback is swapped in by a
 * high-priority idle, before the next frame and before any input is
 * handled.
 *
 * If the fallback faults too, the container isolates it:
 * [property@Container:state] becomes [enum@Healing.State.isolated] and the
 * container draws nothing.
 *
 * Nested containers each guard their own child: a fault is handled by the
 * innermost container around the code that faulted.
 *
 * ## Limits
 *
 * Recovering from a crash inside the process is best effort: the faulted
 * code was stopped wherever it was, and what it held in local variables
 * leaks. See the README for what this can and cannot promise.
 *
 * ## GtkContainer as GtkBuildable
 *
 * The child is set with `<property name="child">` or a plain `<child>`; a
 * fallback with `<property name="fallback">` or `<child type="fallback">`.
 *
 * ```xml
 * <object class="HealingContainer">
 *   <property name="component-id">StockTicker</property>
 *   <property name="child">
 *     <object class="MyTicker"/>
 *   </property>
 * </object>
 * ```
 *
 * ## CSS nodes
 *
 * `HealingContainer` has a single CSS node with name `healingcontainer`.
 * It gets the style class `.faulted` while it is not healthy.
 *
 * ## Accessibility
 *
 * `HealingContainer` uses the `GTK_ACCESSIBLE_ROLE_GROUP` role.
 */
struct _HealingContainer
{
  GtkWidget parent_instance;

  GtkWidget *child;
  GtkWidget *fallback;
  GtkWidget *default_fallback;
  char *component_id;
  gboolean trap_warnings;
  guint hang_timeout;

  HealingState state;
  guint fault_count;
  HealingFault *last_fault;

  /* The widget that is parented and run: the child, a fallback, or NULL. */
  GtkWidget *active;
  /* Set the moment the active widget faults: from then on it is not run
   * again, even for the rest of the frame. */
  gboolean active_faulted;
  /* Whether the child has faulted since it was last (re)started. */
  gboolean child_faulted;

  /* Faults waiting for the settle idle to announce them. */
  GQueue pending_faults;
  guint settle_id;

  /* The last size the active widget reported for each orientation, used
   * between a fault and the swap. */
  int last_minimum[2];
  int last_natural[2];
  /* The child's expand flags, kept while it is isolated. */
  gboolean child_hexpand;
  gboolean child_vexpand;
};

static void healing_container_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HealingContainer, healing_container, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      healing_container_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

enum {
  PROP_0,
  PROP_CHILD,
  PROP_FALLBACK,
  PROP_COMPONENT_ID,
  PROP_TRAP_WARNINGS,
  PROP_HANG_TIMEOUT,
  PROP_STATE,
  PROP_FAULT_COUNT,
  PROP_LAST_FAULT,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_FAULT,
  SIGNAL_STATE_CHANGED,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

/* Messages GTK logs when libhealing disposes a snapshot that the faulted
 * child left with states still pushed. */
#define ABANDONED_SNAPSHOT_WARNING "Too many gtk_snapshot_"

/* ------------------------------------------------------------------------
 * Running untrusted code
 * ------------------------------------------------------------------------ */

static void
unref_func (gpointer data)
{
  g_object_unref (data);
}

static void
unparent_func (gpointer data)
{
  gtk_widget_unparent (data);
}

/* Runs cleanup code that calls into a widget that may be broken. If it
 * faults, whatever it was cleaning up is leaked rather than touched again. */
static gboolean
run_cleanup (HealingTrapFunc func,
             gpointer        data)
{
  HealingTrapFrame frame;
  gboolean ok;

  healing_trap_frame_init (&frame);
  ok = healing_trap_run (&frame, func, data);
  if (!ok)
    g_debug ("libhealing: cleanup of a faulted widget faulted too; leaking it");
  healing_trap_frame_clear (&frame);

  return ok;
}

static void
schedule_settle (HealingContainer *self);

static void
record_fault (HealingContainer *self,
              HealingFault     *fault)
{
  if (self->active != NULL && self->active == self->child)
    self->child_faulted = TRUE;

  self->active_faulted = TRUE;
  g_queue_push_tail (&self->pending_faults, fault);
  schedule_settle (self);
}

/* Runs @func, which calls into the active widget, inside the trap. */
static gboolean
run_active (HealingContainer  *self,
            HealingFaultPhase  phase,
            HealingTrapFunc    func,
            gpointer           data)
{
  HealingTrapFrame frame;

  healing_trap_frame_init (&frame);
  frame.warnings_are_faults = self->trap_warnings;
  frame.hang_timeout_ms = self->hang_timeout;

  if G_LIKELY (healing_trap_run (&frame, func, data))
    return TRUE;

  record_fault (self, healing_trap_frame_to_fault (&frame, phase,
                                                   self->component_id,
                                                   G_OBJECT_TYPE_NAME (self->active)));
  healing_trap_frame_clear (&frame);

  return FALSE;
}

/* ------------------------------------------------------------------------
 * Switching between child, fallback and nothing
 * ------------------------------------------------------------------------ */

static GtkWidget *
get_fallback_widget (HealingContainer *self)
{
  if (self->fallback != NULL)
    return self->fallback;

  if (self->default_fallback == NULL)
    self->default_fallback = g_object_ref_sink (healing_fault_view_new ());

  return self->default_fallback;
}

static void
set_active (HealingContainer *self,
            GtkWidget        *widget)
{
  GtkWidget *old = self->active;

  if (old == widget)
    {
      self->active_faulted = FALSE;
      return;
    }

  self->active = NULL;

  if (old != NULL && gtk_widget_get_parent (old) == GTK_WIDGET (self))
    {
      /* Unparenting runs the widget's unmap and unrealize. A widget that
       * faulted is not trusted to do that: if it faults again, it stays
       * half-attached and leaked, and we never touch it again. */
      if (self->active_faulted && old != self->default_fallback)
        {
          if (!run_cleanup (unparent_func, old))
            g_object_ref (old);
        }
      else
        {
          gtk_widget_unparent (old);
        }
    }

  self->active = widget;
  self->active_faulted = FALSE;
  self->last_minimum[0] = self->last_minimum[1] = 0;
  self->last_natural[0] = self->last_natural[1] = 0;

  if (widget != NULL)
    gtk_widget_set_parent (widget, GTK_WIDGET (self));

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
set_state (HealingContainer *self,
           HealingState      state)
{
  if (self->state == state)
    return;

  self->state = state;

  if (state == HEALING_STATE_HEALTHY)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "faulted");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "faulted");

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

static void
show_fallback (HealingContainer *self)
{
  GtkWidget *fallback = get_fallback_widget (self);

  if (fallback == self->default_fallback)
    healing_fault_view_update (HEALING_FAULT_VIEW (fallback),
                               self->component_id, self->last_fault);

  set_active (self, fallback);
}

/* Moves the container to the state its faults call for, outside any
 * rendering phase. */
static void
apply_pending_faults (HealingContainer *self)
{
  GtkWidget *faulted = self->active_faulted ? self->active : NULL;
  HealingState next = self->state;
  HealingFault *fault;

  g_object_freeze_notify (G_OBJECT (self));

  while ((fault = g_queue_pop_head (&self->pending_faults)) != NULL)
    {
      self->fault_count++;
      g_clear_pointer (&self->last_fault, healing_fault_unref);
      self->last_fault = fault;

      if (healing_fault_get_taints_process (fault))
        healing_runtime_taint (healing_runtime_get_default (),
                               healing_fault_get_message (fault));

      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAULT_COUNT]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_FAULT]);
      g_signal_emit (self, signals[SIGNAL_FAULT], 0, fault);
    }

  /* A handler of ::fault may have reset or isolated the container, or given
   * it a new child: only act if the faulted widget is still the active one. */
  if (faulted != NULL && faulted == self->active && self->active_faulted)
    {
      if (faulted == self->child)
        {
          show_fallback (self);
          next = HEALING_STATE_FALLBACK;
        }
      else
        {
          set_active (self, NULL);
          next = HEALING_STATE_ISOLATED;
        }
    }
  else if (self->state == HEALING_STATE_FALLBACK &&
           self->active == self->default_fallback && self->active != NULL)
    {
      healing_fault_view_update (HEALING_FAULT_VIEW (self->active),
                                 self->component_id, self->last_fault);
    }

  set_state (self, next);

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
settle_cb (gpointer data)
{
  HealingContainer *self = data;

  self->settle_id = 0;

  g_object_ref (self);
  apply_pending_faults (self);
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_settle (HealingContainer *self)
{
  /* G_PRIORITY_HIGH runs before GDK's event and frame-clock sources, so the
   * fallback is in place before the next frame and the next input event. */
  if (self->settle_id == 0)
    self->settle_id = g_idle_add_full (G_PRIORITY_HIGH, settle_cb, self, NULL);
}

void
healing_container_take_fault (HealingContainer *self,
                              HealingFault     *fault)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (fault != NULL);

  if (self->active == NULL)
    {
      /* Nothing to quarantine: still count and announce the fault. */
      g_queue_push_tail (&self->pending_faults, fault);
      schedule_settle (self);
      return;
    }

  record_fault (self, fault);
}

/* Volatile so the compiler keeps the loop we inject for real. */
static volatile gboolean injected_forever = TRUE;

static void
inject_func (gpointer data)
{
  switch (GPOINTER_TO_INT (data))
    {
    case HEALING_FAULT_CRASH:
      /* A real SIGSEGV through the trap, without an actual invalid store
       * (memcheck would report it as an error of the library). */
      raise (SIGSEGV);
      break;
    case HEALING_FAULT_CRITICAL:
      g_critical ("libhealing: injected critical (fault injection)");
      break;
    case HEALING_FAULT_WARNING:
      g_warning ("libhealing: injected warning (fault injection)");
      break;
    case HEALING_FAULT_HANG:
      while (injected_forever)
        ;
      break;
    case HEALING_FAULT_ERROR:
    default:
      break;
    }
}

void
healing_container_inject_fault (HealingContainer *self,
                                HealingFaultKind  kind)
{
  HealingTrapFrame frame;

  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (kind == HEALING_FAULT_ERROR)
    {
      g_autoptr (GError) error =
        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                             /* Translators: a fault raised on purpose from a tool */
                             _("Injected error (fault injection)"));

      healing_container_take_fault (self, healing_fault_new_for_error (error, self->component_id));
      return;
    }

  healing_trap_frame_init (&frame);
  frame.warnings_are_faults = TRUE;
  frame.hang_timeout_ms = self->hang_timeout;

  if (healing_trap_run (&frame, inject_func, GINT_TO_POINTER (kind)))
    return;

  healing_container_take_fault (self,
                                healing_trap_frame_to_fault (&frame, HEALING_PHASE_HANDLER,
                                                             self->component_id,
                                                             "fault injection"));
  healing_trap_frame_clear (&frame);
}

/* ------------------------------------------------------------------------
 * GtkWidget
 * ------------------------------------------------------------------------ */

typedef struct {
  GtkWidget *widget;
  GtkOrientation orientation;
  int for_size;
  int minimum;
  int natural;
  int minimum_baseline;
  int natural_baseline;
} MeasureCall;

static void
measure_func (gpointer data)
{
  MeasureCall *call = data;

  gtk_widget_measure (call->widget, call->orientation, call->for_size,
                      &call->minimum, &call->natural,
                      &call->minimum_baseline, &call->natural_baseline);
}

static void
healing_container_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  HealingContainer *self = HEALING_CONTAINER (widget);
  MeasureCall call = { self->active, orientation, for_size, 0, 0, -1, -1 };

  if (self->active != NULL && !self->active_faulted &&
      run_active (self, HEALING_PHASE_MEASURE, measure_func, &call))
    {
      *minimum = call.minimum;
      *natural = call.natural;
      *minimum_baseline = call.minimum_baseline;
      *natural_baseline = call.natural_baseline;

      if (for_size < 0)
        {
          self->last_minimum[orientation] = call.minimum;
          self->last_natural[orientation] = call.natural;
        }
      return;
    }

  /* Faulted (or nothing to show): keep the last good size until the settle
   * idle swaps the fallback in, so the rest of the window does not jump. */
  if (self->active != NULL)
    {
      *minimum = self->last_minimum[orientation];
      *natural = self->last_natural[orientation];
    }
  else
    {
      *minimum = *natural = 0;
    }
  *minimum_baseline = *natural_baseline = -1;
}

typedef struct {
  GtkWidget *widget;
  int width;
  int height;
  int baseline;
} AllocateCall;

static void
allocate_func (gpointer data)
{
  AllocateCall *call = data;

  gtk_widget_allocate (call->widget, call->width, call->height,
                       call->baseline, NULL);
}

static void
healing_container_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  HealingContainer *self = HEALING_CONTAINER (widget);
  AllocateCall call = { self->active, width, height, baseline };

  if (self->active == NULL || self->active_faulted)
    return;

  run_active (self, HEALING_PHASE_ALLOCATE, allocate_func, &call);
}

typedef struct {
  GtkWidget *parent;
  GtkWidget *widget;
  GtkSnapshot *snapshot;
} SnapshotCall;

static void
snapshot_func (gpointer data)
{
  SnapshotCall *call = data;

  gtk_widget_snapshot_child (call->parent, call->widget, call->snapshot);
}

static void
healing_container_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  HealingContainer *self = HEALING_CONTAINER (widget);
  SnapshotCall call;
  GskRenderNode *node;

  if (self->active == NULL || self->active_faulted)
    return;

  /* The child draws into a snapshot of its own. GTK 4.8 builds a widget's
   * node inside the snapshot it is given, pushing states around the
   * widget's own snapshot vfunc; a fault would leave them pushed and wreck
   * the rest of the window's frame. Its node joins ours only on success. */
  call.parent = widget;
  call.widget = self->active;
  call.snapshot = gtk_snapshot_new ();

  if G_LIKELY (run_active (self, HEALING_PHASE_SNAPSHOT, snapshot_func, &call))
    {
      node = gtk_snapshot_free_to_node (call.snapshot);
      if (node != NULL)
        {
          gtk_snapshot_append_node (snapshot, node);
          gsk_render_node_unref (node);
        }
      return;
    }

  /* Disposing the abandoned snapshot pops what the child left pushed, and
   * GTK warns about each. The nodes it holds may come from the faulted
   * child: if freeing them faults, leak them. */
  healing_trap_push_log_suppression (ABANDONED_SNAPSHOT_WARNING);
  run_cleanup (unref_func, call.snapshot);
  healing_trap_pop_log_suppression ();
}

static void
healing_container_compute_expand (GtkWidget *widget,
                                  gboolean  *hexpand,
                                  gboolean  *vexpand)
{
  HealingContainer *self = HEALING_CONTAINER (widget);

  if (self->active != NULL && self->active == self->child && !self->active_faulted)
    {
      self->child_hexpand = gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
      self->child_vexpand = gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
    }

  /* Whatever replaces the child takes the space the child had asked for,
   * so the layout around a faulted child stays put. */
  *hexpand = self->child_hexpand;
  *vexpand = self->child_vexpand;

  if (self->active != NULL && self->active != self->child)
    {
      *hexpand |= gtk_widget_compute_expand (self->active, GTK_ORIENTATION_HORIZONTAL);
      *vexpand |= gtk_widget_compute_expand (self->active, GTK_ORIENTATION_VERTICAL);
    }
}

static GtkSizeRequestMode
healing_container_get_request_mode (GtkWidget *widget)
{
  HealingContainer *self = HEALING_CONTAINER (widget);

  if (self->active != NULL && !self->active_faulted)
    return gtk_widget_get_request_mode (self->active);

  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static gboolean
healing_container_focus (GtkWidget        *widget,
                         GtkDirectionType  direction)
{
  HealingContainer *self = HEALING_CONTAINER (widget);

  if (self->active == NULL || self->active_faulted)
    return FALSE;

  return gtk_widget_child_focus (self->active, direction);
}

static gboolean
healing_container_grab_focus (GtkWidget *widget)
{
  HealingContainer *self = HEALING_CONTAINER (widget);

  if (self->active == NULL || self->active_faulted)
    return FALSE;

  return gtk_widget_grab_focus (self->active);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_container_dispose (GObject *object)
{
  HealingContainer *self = HEALING_CONTAINER (object);
  gboolean child_faulted = self->child_faulted;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_queue_clear_full (&self->pending_faults, (GDestroyNotify) healing_fault_unref);

  set_active (self, NULL);

  /* The last reference to a faulted child runs its dispose and finalize. */
  if (self->child != NULL)
    {
      GtkWidget *child = g_steal_pointer (&self->child);

      if (child_faulted)
        run_cleanup (unref_func, child);
      else
        g_object_unref (child);
    }

  g_clear_object (&self->fallback);
  g_clear_object (&self->default_fallback);

  G_OBJECT_CLASS (healing_container_parent_class)->dispose (object);
}

static void
healing_container_finalize (GObject *object)
{
  HealingContainer *self = HEALING_CONTAINER (object);

  g_clear_pointer (&self->component_id, g_free);
  g_clear_pointer (&self->last_fault, healing_fault_unref);

  G_OBJECT_CLASS (healing_container_parent_class)->finalize (object);
}

static void
healing_container_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HealingContainer *self = HEALING_CONTAINER (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, healing_container_get_child (self));
      break;
    case PROP_FALLBACK:
      g_value_set_object (value, healing_container_get_fallback (self));
      break;
    case PROP_COMPONENT_ID:
      g_value_set_string (value, healing_container_get_component_id (self));
      break;
    case PROP_TRAP_WARNINGS:
      g_value_set_boolean (value, healing_container_get_trap_warnings (self));
      break;
    case PROP_HANG_TIMEOUT:
      g_value_set_uint (value, healing_container_get_hang_timeout (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, healing_container_get_state (self));
      break;
    case PROP_FAULT_COUNT:
      g_value_set_uint (value, healing_container_get_fault_count (self));
      break;
    case PROP_LAST_FAULT:
      g_value_set_boxed (value, healing_container_get_last_fault (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_container_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HealingContainer *self = HEALING_CONTAINER (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      healing_container_set_child (self, g_value_get_object (value));
      break;
    case PROP_FALLBACK:
      healing_container_set_fallback (self, g_value_get_object (value));
      break;
    case PROP_COMPONENT_ID:
      healing_container_set_component_id (self, g_value_get_string (value));
      break;
    case PROP_TRAP_WARNINGS:
      healing_container_set_trap_warnings (self, g_value_get_boolean (value));
      break;
    case PROP_HANG_TIMEOUT:
      healing_container_set_hang_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_container_class_init (HealingContainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_container_dispose;
  object_class->finalize = healing_container_finalize;
  object_class->get_property = healing_container_get_property;
  object_class->set_property = healing_container_set_property;

  widget_class->measure = healing_container_measure;
  widget_class->size_allocate = healing_container_size_allocate;
  widget_class->snapshot = healing_container_snapshot;
  widget_class->compute_expand = healing_container_compute_expand;
  widget_class->get_request_mode = healing_container_get_request_mode;
  widget_class->focus = healing_container_focus;
  widget_class->grab_focus = healing_container_grab_focus;

  /**
   * HealingContainer:child: (getter get_child) (setter set_child)
   *
   * The widget the container guards.
   */
  props[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:fallback: (getter get_fallback) (setter set_fallback)
   *
   * The widget shown in place of a child that faulted.
   *
   * When `NULL`, the container shows a built-in view that names the
   * component and the fault and offers to try again.
   */
  props[PROP_FALLBACK] =
    g_param_spec_object ("fallback", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:component-id: (getter get_component_id) (setter set_component_id)
   *
   * The name of the component the container guards, such as
   * `StockTicker`, used in fault records and shown in the fallback.
   */
  props[PROP_COMPONENT_ID] =
    g_param_spec_string ("component-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:trap-warnings: (getter get_trap_warnings) (setter set_trap_warnings)
   *
   * Whether a `g_warning()` raised by the child counts as a fault.
   *
   * Criticals always do; warnings only when this is set.
   */
  props[PROP_TRAP_WARNINGS] =
    g_param_spec_boolean ("trap-warnings", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:hang-timeout: (getter get_hang_timeout) (setter set_hang_timeout)
   *
   * How long, in milliseconds, the child's measure, allocation, drawing or
   * guarded handlers may run before they are interrupted as a hang; 0 turns
   * hang detection off.
   *
   * Interrupting code at an arbitrary point can leave a lock held, so a
   * trapped hang taints the process (see [property@Runtime:tainted]).
   *
   * The default is 2000, or the value of the `HEALING_HANG_TIMEOUT_MS`
   * environment variable.
   */
  props[PROP_HANG_TIMEOUT] =
    g_param_spec_uint ("hang-timeout", NULL, NULL,
                       0, G_MAXUINT, HEALING_DEFAULT_HANG_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:state: (getter get_state)
   *
   * Whether the child, the fallback or nothing is shown.
   */
  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HEALING_TYPE_STATE,
                       HEALING_STATE_HEALTHY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:fault-count: (getter get_fault_count)
   *
   * How many faults the container has trapped.
   */
  props[PROP_FAULT_COUNT] =
    g_param_spec_uint ("fault-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:last-fault: (getter get_last_fault)
   *
   * The most recent fault the container trapped.
   */
  props[PROP_LAST_FAULT] =
    g_param_spec_boxed ("last-fault", NULL, NULL,
                        HEALING_TYPE_FAULT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  /**
   * HealingContainer::fault:
   * @self: the container
   * @fault: the fault
   *
   * Emitted for every fault the container traps, after the fact and
   * outside any rendering phase, so handlers may change the widget tree.
   */
  signals[SIGNAL_FAULT] =
    g_signal_new ("fault",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  HEALING_TYPE_FAULT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HealingContainer::state-changed:
   * @self: the container
   * @state: the new state
   *
   * Emitted when [property@Container:state] changes.
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  HEALING_TYPE_STATE);

  gtk_widget_class_set_css_name (widget_class, "healingcontainer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* Zero configuration: the fault handlers are in place as soon as the
   * first container exists, even without healing_init(). */
  healing_ensure_i18n ();
  healing_trap_init ();
}

static guint
default_hang_timeout (void)
{
  static gsize timeout;

  if (g_once_init_enter (&timeout))
    {
      const char *env = g_getenv ("HEALING_HANG_TIMEOUT_MS");
      guint64 value = HEALING_DEFAULT_HANG_TIMEOUT_MS;

      if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT, &value, NULL))
        g_warning ("libhealing: ignoring HEALING_HANG_TIMEOUT_MS=%s: "
                   "expected a positive number of milliseconds", env);

      g_once_init_leave (&timeout, (gsize) value);
    }

  return (guint) timeout;
}

static void
healing_container_init (HealingContainer *self)
{
  g_queue_init (&self->pending_faults);
  self->hang_timeout = default_hang_timeout ();
}

/* ------------------------------------------------------------------------
 * GtkBuildable
 * ------------------------------------------------------------------------ */

static void
healing_container_buildable_add_child (GtkBuildable *buildable,
                                       GtkBuilder   *builder,
                                       GObject      *child,
                                       const char   *type)
{
  HealingContainer *self = HEALING_CONTAINER (buildable);

  if (GTK_IS_WIDGET (child) && g_strcmp0 (type, "fallback") == 0)
    healing_container_set_fallback (self, GTK_WIDGET (child));
  else if (GTK_IS_WIDGET (child) && type == NULL)
    healing_container_set_child (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
healing_container_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);

  iface->add_child = healing_container_buildable_add_child;
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

/**
 * healing_container_new:
 *
 * Creates a new container, without a child.
 *
 * Returns: the new container
 */
GtkWidget *
healing_container_new (void)
{
  return g_object_new (HEALING_TYPE_CONTAINER, NULL);
}

/**
 * healing_container_get_child: (get-property child)
 * @self: a container
 *
 * Gets the widget the container guards.
 *
 * Returns: (nullable) (transfer none): the child
 */
GtkWidget *
healing_container_get_child (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return self->child;
}

/**
 * healing_container_set_child: (set-property child)
 * @self: a container
 * @child: (nullable): the widget to guard
 *
 * Sets the widget the container guards.
 *
 * A new child starts healthy: the container shows it, whatever happened to
 * the one before.
 */
void
healing_container_set_child (HealingContainer *self,
                             GtkWidget        *child)
{
  GtkWidget *old;

  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_return_if_fail (child == NULL || gtk_widget_get_parent (child) == NULL);

  old = g_steal_pointer (&self->child);

  if (child != NULL)
    self->child = g_object_ref_sink (child);
  self->child_hexpand = self->child_vexpand = FALSE;

  /* A new child starts healthy, whatever became of the old one. */
  set_active (self, self->child);
  set_state (self, HEALING_STATE_HEALTHY);

  if (old != NULL)
    {
      if (self->child_faulted)
        run_cleanup (unref_func, old);
      else
        g_object_unref (old);
    }
  self->child_faulted = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHILD]);
}

/**
 * healing_container_get_fallback: (get-property fallback)
 * @self: a container
 *
 * Gets the widget shown in place of a child that faulted.
 *
 * Returns: (nullable) (transfer none): the fallback set by the application
 */
GtkWidget *
healing_container_get_fallback (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return self->fallback;
}

/**
 * healing_container_set_fallback: (set-property fallback)
 * @self: a container
 * @fallback: (nullable): the widget to show in place of a faulted child,
 *   or `NULL` for the built-in view
 *
 * Sets the widget shown in place of a child that faulted.
 */
void
healing_container_set_fallback (HealingContainer *self,
                                GtkWidget        *fallback)
{
  GtkWidget *old;
  gboolean showing_fallback;

  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (fallback == NULL || GTK_IS_WIDGET (fallback));

  if (self->fallback == fallback)
    return;

  g_return_if_fail (fallback == NULL || gtk_widget_get_parent (fallback) == NULL);

  showing_fallback = self->state == HEALING_STATE_FALLBACK;
  old = g_steal_pointer (&self->fallback);

  if (fallback != NULL)
    self->fallback = g_object_ref_sink (fallback);

  if (showing_fallback)
    show_fallback (self);

  g_clear_object (&old);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FALLBACK]);
}

/**
 * healing_container_get_component_id: (get-property component-id)
 * @self: a container
 *
 * Gets the name of the component the container guards.
 *
 * Returns: (nullable): the component id
 */
const char *
healing_container_get_component_id (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return self->component_id;
}

/**
 * healing_container_set_component_id: (set-property component-id)
 * @self: a container
 * @component_id: (nullable): the component id
 *
 * Sets the name of the component the container guards.
 */
void
healing_container_set_component_id (HealingContainer *self,
                                    const char       *component_id)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (g_strcmp0 (self->component_id, component_id) == 0)
    return;

  g_free (self->component_id);
  self->component_id = g_strdup (component_id);

  if (self->active != NULL && self->active == self->default_fallback)
    healing_fault_view_update (HEALING_FAULT_VIEW (self->active),
                               self->component_id, self->last_fault);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_COMPONENT_ID]);
}

/**
 * healing_container_get_trap_warnings: (get-property trap-warnings)
 * @self: a container
 *
 * Gets whether a `g_warning()` raised by the child counts as a fault.
 *
 * Returns: whether warnings are faults
 */
gboolean
healing_container_get_trap_warnings (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), FALSE);

  return self->trap_warnings;
}

/**
 * healing_container_set_trap_warnings: (set-property trap-warnings)
 * @self: a container
 * @trap_warnings: whether warnings are faults
 *
 * Sets whether a `g_warning()` raised by the child counts as a fault.
 */
void
healing_container_set_trap_warnings (HealingContainer *self,
                                     gboolean          trap_warnings)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  trap_warnings = !!trap_warnings;

  if (self->trap_warnings == trap_warnings)
    return;

  self->trap_warnings = trap_warnings;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRAP_WARNINGS]);
}

/**
 * healing_container_get_hang_timeout: (get-property hang-timeout)
 * @self: a container
 *
 * Gets how long guarded code may run before it is interrupted as a hang.
 *
 * Returns: the timeout in milliseconds, 0 if hang detection is off
 */
guint
healing_container_get_hang_timeout (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0);

  return self->hang_timeout;
}

/**
 * healing_container_set_hang_timeout: (set-property hang-timeout)
 * @self: a container
 * @hang_timeout: the timeout in milliseconds, or 0 to turn hang detection off
 *
 * Sets how long guarded code may run before it is interrupted as a hang.
 */
void
healing_container_set_hang_timeout (HealingContainer *self,
                                    guint             hang_timeout)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (self->hang_timeout == hang_timeout)
    return;

  self->hang_timeout = hang_timeout;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HANG_TIMEOUT]);
}

/**
 * healing_container_get_state: (get-property state)
 * @self: a container
 *
 * Gets whether the child, the fallback or nothing is shown.
 *
 * Returns: the state
 */
HealingState
healing_container_get_state (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), HEALING_STATE_HEALTHY);

  return self->state;
}

/**
 * healing_container_get_fault_count: (get-property fault-count)
 * @self: a container
 *
 * Gets how many faults the container has trapped.
 *
 * Returns: the number of faults
 */
guint
healing_container_get_fault_count (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0);

  return self->fault_count;
}

/**
 * healing_container_get_last_fault: (get-property last-fault)
 * @self: a container
 *
 * Gets the most recent fault the container trapped.
 *
 * Returns: (nullable) (transfer none): the fault
 */
HealingFault *
healing_container_get_last_fault (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return self->last_fault;
}

/**
 * healing_container_reset:
 * @self: a container
 *
 * Tries the child again.
 *
 * The child is shown and run as if it had never faulted; if it faults
 * again, the fallback comes back. Does nothing if the container is healthy
 * or has no child.
 */
void
healing_container_reset (HealingContainer *self)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (self->child == NULL || self->state == HEALING_STATE_HEALTHY)
    return;

  /* Faults not yet announced belong to the attempt we are abandoning. */
  if (self->settle_id != 0)
    apply_pending_faults (self);

  self->child_faulted = FALSE;
  set_active (self, self->child);
  set_state (self, HEALING_STATE_HEALTHY);
}

/**
 * healing_container_isolate:
 * @self: a container
 *
 * Stops showing and running the child (or the fallback): the container
 * shows nothing until [method@Container.reset] is called.
 */
void
healing_container_isolate (HealingContainer *self)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (self->state == HEALING_STATE_ISOLATED)
    return;

  set_active (self, NULL);
  set_state (self, HEALING_STATE_ISOLATED);
}
