/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>

#include <glib/gi18n-lib.h>

#include "healing-container-private.h"
#include "healing-checkpoint-private.h"
#include "healing-checkpoint-ring-private.h"
#include "healing-circuit-breaker.h"
#include "healing-clock.h"
#include "healing-decision.h"
#include "healing-decision-private.h"
#include "healing-enums.h"
#include "healing-fault-entry.h"
#include "healing-policy-private.h"
#include "healing-predictor.h"
#include "healing-fault-private.h"
#include "healing-fault-view-private.h"
#include "healing-i18n-private.h"
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
 * during measure, allocate or snapshot. After a fault in measure or
 * allocate, the fallback is swapped in at the end of that layout pass and
 * drawn in the same frame; after a fault while drawing, by a high-priority
 * idle, so it is drawn in the next frame, before any input is handled.
 *
 * If the fallback faults too, the container isolates it:
 * [property@Container:state] becomes [enum@Healing.State.isolated] and the
 * container draws nothing.
 *
 * Nested containers each guard their own child: a fault is handled by the
 * innermost container around the code that faulted.
 *
 * ## Healed, or stopped
 *
 * A fault is healed in the process only when abandoning the faulted code
 * is shown to be safe (no frame of the allocator, a signal emission, a
 * property change, class init or a language runtime lies between the
 * fault and the container). Otherwise libhealing stops the process the
 * way it would have died without it, after writing a record, so that a
 * supervisor can bring it back. What the faulted code held in local
 * variables leaks. See the [overview](overview.html) for the full list.
 *
 * ## HealingContainer as GtkBuildable
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
 * ## Actions
 *
 * `HealingContainer` defines one action, `healing.reset`, which calls
 * [method@Container.reset]. A button in a fallback with
 * [property@Gtk.Actionable:action-name] set to `healing.reset` tries the
 * child again, as the built-in fallback's "Try again" does:
 *
 * ```xml
 * <child type="fallback">
 *   <object class="GtkButton">
 *     <property name="label" translatable="yes">Reload</property>
 *     <property name="action-name">healing.reset</property>
 *   </object>
 * </child>
 * ```
 *
 * The action goes to the innermost container around the button.
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
/* The most max-restarts can be: the restart times are kept in the
 * container. */
#define HEALING_MAX_RESTARTS_LIMIT 64

/* What a container needs only once something went wrong (a fault, its
 * episode, a fallback, a restart, a prediction) or once the application
 * gave it a fallback factory: in a block of its own, allocated the first
 * time one of these is set (cold_of ()), so that a container that never
 * faulted carries only the fields of HealingContainer (issue 16: a window
 * may hold many containers). peek_cold () reads a container without one
 * as zeros. */
typedef struct {
  GtkWidget *default_fallback;
  /* The application's fallback factory, and the widget it built last. */
  HealingFallbackFactory fallback_factory;
  gpointer fallback_factory_data;
  GDestroyNotify fallback_factory_destroy;
  GtkWidget *built_fallback;

  guint fault_count;
  HealingFault *last_fault;

  /* Whether the child has faulted since it was last (re)started. */
  gboolean child_faulted;

  /* Faults waiting for the settle idle to announce them. */
  GQueue pending_faults;
  guint trial_frame_id;
  /* The episode is about a reported error: only
   * healing_container_report_success () ends it as healed. */
  gboolean awaiting_success;
  /* Restart intensity, in OTP terms: the times of the last restarts
   * (HEALING_MAX_RESTARTS_LIMIT of them, allocated at the first restart:
   * most containers never restart). */
  gint64 *restart_times;
  guint n_restart_times;

  /* The decision of the current episode (from the first fault until the
   * child has run cleanly for a while) and its entry in the runtime's
   * log. */
  HealingDecision *decision;
  HealingFaultEntry *entry;

  /* Whether the child runs on a half-open permit of the breaker. */
  gboolean holds_permit;

  /* Failure prediction (see predict_fault ()): the component's predictor,
   * the last probability and the last one notified, the clock timer that
   * lets it decay in quiet, and why the breaker was opened early (NULL if
   * it was not), until it closes. */
  HealingPredictor *predictor;
  double failure_probability;
  double notified_probability;
  guint predict_decay_id;
  char *predicted_reason;
  gboolean predicted_trip_pending;

  /* Clock timers: the next retry, and the end of a trial (the child has run
   * cleanly long enough for the episode to be over). */
  guint retry_id;
  gint64 retry_at;
  guint trial_id;
  /* Refreshes the fallback's countdown once a second. */
  guint countdown_id;
} HealingContainerCold;

struct _HealingContainer
{
  GtkWidget parent_instance;

  GtkWidget *child;
  GtkWidget *fallback;
  char *component_id;
  guint hang_timeout;

  HealingState state;

  /* The widget that is parented and run: the child, a fallback, or NULL. */
  GtkWidget *active;

  /* Inside an emission of one of our own signals: a guarded handler of
   * ours that faults is charged to the container, not to what it shows.
   * Its faults wait here: counted, logged and announced, but the episode
   * stays about the child. */
  guint own_emissions;
  GQueue handler_faults;
  /* Clean frames of the child since it was last (re)started: a trial
   * passes only once the child has really run again. */
  guint clean_frames;
  guint max_restarts;
  guint restart_period;
  guint settle_id;

  /* The last size the active widget reported for each orientation, used
   * between a fault and the swap. */
  int last_minimum[2];
  int last_natural[2];

  /* Healing: the policy set on this container (NULL: the runtime's). */
  HealingPolicy *policy;

  /* The component's circuit breaker, shared with every container of the
   * same component id (a private one without an id). */
  HealingCircuitBreaker *breaker;

  /* Or NULL: see HealingContainerCold. */
  HealingContainerCold *cold;

  /* The checkpoint ring of the child's subtree, created on first use
   * (ring_of ()); its root follows the child. */
  HealingCheckpointRing *ring;

  /* Automatic checkpoints, while mapped. */
  guint checkpoint_interval;
  guint checkpoint_id;
  guint checkpoint_ticks;

  /* The flags are bits (a window may hold many containers); each is only
   * ever set to TRUE or FALSE. */
  guint trap_warnings : 1;
  /* Set the moment the active widget faults: from then on it is not run
   * again, even for the rest of the frame. */
  guint active_faulted : 1;
  /* The trial's quiet time is over; it passes at the next clean frame. */
  guint trial_waiting_for_frame : 1;
  /* Set in dispose: nothing is healed any more. */
  guint disposed : 1;
  /* The child's expand flags, kept while it is isolated. */
  guint child_hexpand : 1;
  guint child_vexpand : 1;
  guint persist : 1;
  guint persist_loaded : 1;
  /* The child's drawing runs without the trap (trusted-drawing). */
  guint trusted_drawing : 1;
};

static const HealingContainerCold no_cold;

/* For reading: a container without a block reads zeros. */
static inline const HealingContainerCold *
peek_cold (HealingContainer *self)
{
  return self->cold != NULL ? self->cold : &no_cold;
}

/* For writing: the block, allocated now if need be. */
static HealingContainerCold *
cold_of (HealingContainer *self)
{
  if (self->cold == NULL)
    self->cold = g_new0 (HealingContainerCold, 1);

  return self->cold;
}

/* How long a child that ran again after a fault must run cleanly before the
 * episode counts as healed (a child that fails every few frames must not
 * restart its retry budget each time). */
#define TRIAL_QUIET_MS 1000

/* Every this many automatic checkpoints, the ring walks the subtree again
 * for widgets added to it (dirty tracking sees changes, not additions), in
 * slices, capturing only what is new or changed. */
#define FULL_CAPTURE_EVERY 10

static void healing_container_buildable_init (GtkBuildableIface *iface);

static void trial_frame_cb (gpointer data);

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
  PROP_MAX_RESTARTS,
  PROP_RESTART_PERIOD,
  PROP_POLICY,
  PROP_CHECKPOINT_INTERVAL,
  PROP_PERSIST,
  PROP_CHECKPOINTS,
  PROP_STATE,
  PROP_FAULT_COUNT,
  PROP_LAST_FAULT,
  PROP_FAILURE_PROBABILITY,
  PROP_TRUSTED_DRAWING,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_FAULT,
  SIGNAL_STATE_CHANGED,
  SIGNAL_RETRY,
  SIGNAL_RESTORED,
  SIGNAL_PATCHED,
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

static HealingRuntime *runtime (void);

/* A fault no strategy acts on (a torn-down widget, a crashed factory or
 * handler of ours: there is nothing left to heal): it taints if it says
 * so, and goes to the runtime's log as given up. Takes @fault. */
static void
log_unhealed_fault (HealingFault *fault)
{
  healing_runtime_log_unhealed_fault (runtime (), fault);
}

/* Runs cleanup code that calls into a widget that may be broken. If it
 * faults, whatever it was cleaning up is leaked rather than touched again,
 * and the fault goes to the runtime's log (no strategy: there is nothing
 * left to heal) and taints the process: the widget is half torn down. */
static gboolean
run_cleanup (HealingContainer *self,
             HealingTrapFunc   func,
             gpointer          data)
{
  HealingTrapFrame frame;
  HealingFault *fault;

  healing_trap_frame_init (&frame);
  frame.taints_on_fault = TRUE;
  frame.component = self->component_id;
  frame.phase_name = healing_fault_phase_names[HEALING_PHASE_CLEANUP];

  if G_LIKELY (healing_trap_run (&frame, func, data))
    return TRUE;

  fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_CLEANUP,
                                       self->component_id,
                                       G_OBJECT_TYPE_NAME (data));
  healing_trap_frame_clear (&frame);
  log_unhealed_fault (fault);

  return FALSE;
}

static void
schedule_settle (HealingContainer *self);

static void
record_fault (HealingContainer *self,
              HealingFault     *fault)
{
  if (self->active != NULL && self->active == self->child)
    cold_of (self)->child_faulted = TRUE;

  self->active_faulted = TRUE;
  g_queue_push_tail (&cold_of (self)->pending_faults, fault);
  schedule_settle (self);
}

/* Sets up @frame to run code of the active widget in @phase. Inline: the
 * snapshot open-codes the trap. */
static inline void
active_frame_init (HealingContainer  *self,
                   HealingTrapFrame  *frame,
                   HealingFaultPhase  phase)
{
  healing_trap_frame_init (frame);
  frame->warnings_are_faults = self->trap_warnings;
  frame->hang_timeout_ms = self->hang_timeout;
  frame->component = self->component_id;
  frame->phase_name = healing_fault_phase_names[phase];
}

/* The active widget's code faulted in @frame: the fault is recorded. */
static void
active_failed (HealingContainer  *self,
               HealingTrapFrame  *frame,
               HealingFaultPhase  phase)
{
  record_fault (self, healing_trap_frame_to_fault (frame, phase,
                                                   self->component_id,
                                                   G_OBJECT_TYPE_NAME (self->active)));
  healing_trap_frame_clear (frame);
}

/* Runs @func, which calls into the active widget, inside the trap. */
static gboolean
run_active (HealingContainer  *self,
            HealingFaultPhase  phase,
            HealingTrapFunc    func,
            gpointer           data)
{
  HealingTrapFrame frame;

  active_frame_init (self, &frame, phase);

  if G_LIKELY (healing_trap_run (&frame, func, data))
    return TRUE;

  active_failed (self, &frame, phase);

  return FALSE;
}

/* ------------------------------------------------------------------------
 * Switching between child, fallback and nothing
 * ------------------------------------------------------------------------ */

static void set_active (HealingContainer *self,
                        GtkWidget        *widget);

typedef struct {
  HealingContainer *self;
  GtkWidget *built;
} FactoryCall;

static void
factory_func (gpointer data)
{
  FactoryCall *call = data;

  call->built = cold_of (call->self)->fallback_factory (call->self, cold_of (call->self)->last_fault,
                                                        cold_of (call->self)->fallback_factory_data);
}

/* The application's factory is application code: it runs in the trap. A
 * fault there is the container's (it has nothing left to show), logged
 * with no strategy. */
static gboolean
run_factory (HealingContainer *self,
             GtkWidget       **built)
{
  FactoryCall call = { self, NULL };
  HealingTrapFrame frame;
  HealingFault *fault;

  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = self->hang_timeout;
  frame.warnings_are_faults = self->trap_warnings;
  frame.component = self->component_id;
  frame.phase_name = healing_fault_phase_names[HEALING_PHASE_CALLBACK];

  if G_LIKELY (healing_trap_run (&frame, factory_func, &call))
    {
      *built = call.built;
      return TRUE;
    }

  /* Translators: where a fault happened: the application's function that
   * builds a fallback widget */
  fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_CALLBACK,
                                       self->component_id, _("fallback factory"));
  healing_trap_frame_clear (&frame);

  cold_of (self)->fault_count++;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAULT_COUNT]);
  log_unhealed_fault (fault);

  *built = NULL;
  return FALSE;
}

/* The widget to show instead of the child, or NULL if the application's
 * factory faulted: then there is nothing to show. */
static GtkWidget *
get_fallback_widget (HealingContainer *self)
{
  if (peek_cold (self)->fallback_factory != NULL && peek_cold (self)->last_fault != NULL)
    {
      GtkWidget *built;

      /* A new widget for each fault, like react-error-boundary's
       * fallbackRender: it is given the fault, and resets the container
       * with healing_container_reset (). Take the old one down first. */
      if (peek_cold (self)->built_fallback != NULL && self->active == peek_cold (self)->built_fallback)
        set_active (self, NULL);
      g_clear_object (&cold_of (self)->built_fallback);

      if (!run_factory (self, &built))
        return NULL;
      if (built != NULL)
        {
          g_return_val_if_fail (GTK_IS_WIDGET (built) && gtk_widget_get_parent (built) == NULL, NULL);
          cold_of (self)->built_fallback = g_object_ref_sink (built);
          return peek_cold (self)->built_fallback;
        }
    }

  if (self->fallback != NULL)
    return self->fallback;

  if (peek_cold (self)->default_fallback == NULL)
    cold_of (self)->default_fallback = g_object_ref_sink (healing_fault_view_new ());

  return peek_cold (self)->default_fallback;
}

static void
set_active (HealingContainer *self,
            GtkWidget        *widget)
{
  GtkWidget *old = self->active;

  if (old == widget)
    {
      /* Run again after a fault: lay it out and draw it afresh. */
      if (self->active_faulted)
        gtk_widget_queue_resize (GTK_WIDGET (self));
      self->active_faulted = FALSE;
      return;
    }

  self->active = NULL;

  if (old != NULL && gtk_widget_get_parent (old) == GTK_WIDGET (self))
    {
      /* Unparenting runs the widget's unmap and unrealize. A widget that
       * faulted is not trusted to do that: if it faults again, it stays
       * half-attached and leaked, and we never touch it again. */
      if (self->active_faulted && old != peek_cold (self)->default_fallback)
        {
          if (!run_cleanup (self, unparent_func, old))
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
  self->own_emissions++;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
  self->own_emissions--;
}

/* Returns FALSE if there was nothing to show. */
static gboolean
show_fallback (HealingContainer *self)
{
  GtkWidget *fallback = get_fallback_widget (self);

  if (fallback == NULL)
    return FALSE;

  if (fallback == peek_cold (self)->default_fallback)
    healing_fault_view_update (HEALING_FAULT_VIEW (fallback),
                               self->component_id, peek_cold (self)->last_fault);

  set_active (self, fallback);
  return TRUE;
}

static HealingRuntime *
runtime (void)
{
  return healing_runtime_get_default ();
}

static HealingClock *
clock_of (HealingContainer *self)
{
  return healing_runtime_get_clock (runtime ());
}

static HealingPolicy *
policy_of (HealingContainer *self)
{
  return self->policy != NULL ? self->policy : healing_runtime_get_policy (runtime ());
}

static void
set_outcome (HealingContainer *self,
             HealingOutcome    outcome)
{
  if (peek_cold (self)->entry != NULL &&
      healing_fault_entry_get_outcome (peek_cold (self)->entry) == HEALING_OUTCOME_PENDING)
    healing_fault_entry_set_outcome (peek_cold (self)->entry, outcome);
}

/* g_steal_handle_id () is GLib 2.84. */
static guint
steal_id (guint *id)
{
  guint value = *id;

  *id = 0;
  return value;
}

static void
cancel_timers (HealingContainer *self)
{
  HealingContainerCold *cold = self->cold;
  HealingClock *clock = clock_of (self);

  self->trial_waiting_for_frame = FALSE;
  /* No block: no timers. */
  if (cold == NULL)
    return;

  if (cold->retry_id != 0)
    healing_clock_cancel (clock, steal_id (&cold->retry_id));
  if (cold->trial_id != 0)
    healing_clock_cancel (clock, steal_id (&cold->trial_id));
  g_clear_handle_id (&cold->trial_frame_id, g_source_remove);
  g_clear_handle_id (&cold->countdown_id, g_source_remove);
}

static void
give_back_permit (HealingContainer *self)
{
  if (self->cold == NULL)
    return;

  if (self->cold->holds_permit && self->breaker != NULL)
    healing_circuit_breaker_release (self->breaker);
  self->cold->holds_permit = FALSE;
}

HealingCheckpointRing *
healing_container_get_checkpoint_ring (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  if (self->ring == NULL)
    self->ring = healing_checkpoint_ring_new ();

  healing_checkpoint_ring_set_root (self->ring, self->child);

  return self->ring;
}

HealingCheckpointRing *
healing_container_peek_checkpoint_ring (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return self->ring;
}

void
healing_container_get_guard_options (HealingContainer  *self,
                                     guint             *hang_timeout,
                                     gboolean          *trap_warnings,
                                     const char       **component_id)
{
  *hang_timeout = self->hang_timeout;
  *trap_warnings = self->trap_warnings;
  *component_id = self->component_id;
}

HealingCheckpointRing *
healing_container_get_journal_ring (HealingContainer *self)
{
  if (self->child == NULL)
    return NULL;

  /* set_child () keeps the root of an existing ring the child. */
  if (self->ring != NULL && healing_checkpoint_ring_peek_root (self->ring) == self->child)
    return self->ring;

  return healing_container_get_checkpoint_ring (self);
}

/* The ring healing_container_get_journal_ring () returned, for the
 * journal's commit and abort: no type check, it is on the path of every
 * owned guarded emission. */
HealingCheckpointRing *
healing_container_peek_journal_ring (HealingContainer *self)
{
  return self->ring;
}

/* The checkpoint ring, created on first use (and announced, since it is
 * the checkpoints property). */
static HealingCheckpointRing *
ring_of (HealingContainer *self)
{
  gboolean created = self->ring == NULL;
  HealingCheckpointRing *ring = healing_container_get_checkpoint_ring (self);

  if (created)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHECKPOINTS]);

  return ring;
}

static void
take_checkpoint (HealingContainer *self)
{
  HealingCheckpointRing *ring;

  if (self->state != HEALING_STATE_HEALTHY || self->child == NULL ||
      self->active != self->child || self->active_faulted)
    return;

  ring = ring_of (self);
  healing_checkpoint_ring_checkpoint_in_slices (ring, ++self->checkpoint_ticks % FULL_CAPTURE_EVERY == 0);
}

/* Transition: the episode is over and the child runs. Only called once
 * the child has really run again without a fault: it drew a clean frame
 * and stayed quiet for TRIAL_QUIET_MS, or the application reported that
 * the operation it redid succeeded. */
static void
to_healed (HealingContainer *self)
{
  self->trial_waiting_for_frame = FALSE;
  cold_of (self)->awaiting_success = FALSE;
  if (peek_cold (self)->trial_id != 0)
    healing_clock_cancel (clock_of (self), steal_id (&cold_of (self)->trial_id));
  g_clear_handle_id (&cold_of (self)->trial_frame_id, g_source_remove);

  set_outcome (self, HEALING_OUTCOME_HEALED);
  g_clear_pointer (&cold_of (self)->decision, healing_decision_unref);
  g_clear_object (&cold_of (self)->entry);

  if (peek_cold (self)->holds_permit && self->breaker != NULL)
    {
      cold_of (self)->holds_permit = FALSE;
      healing_circuit_breaker_record_success (self->breaker);
    }

  /* A quiet, fault-free run: a good state to keep. */
  take_checkpoint (self);
}

/* The trial's quiet time is over. Quiet is not proof: a child that is not
 * drawn cannot fault. It passes once the child has drawn a clean frame. */
static void
trial_passed_cb (gpointer data)
{
  HealingContainer *self = data;

  cold_of (self)->trial_id = 0;

  if (self->clean_frames > 0)
    to_healed (self);
  else
    self->trial_waiting_for_frame = TRUE;
}

/* A clean frame came after the quiet time: passed. (Scheduled from the
 * snapshot, which must not change the widget tree or emit signals.) */
static gboolean
trial_frame_idle_cb (gpointer data)
{
  HealingContainer *self = data;

  cold_of (self)->trial_frame_id = 0;
  if (self->trial_waiting_for_frame && self->clean_frames > 0 && !self->disposed)
    to_healed (self);

  return G_SOURCE_REMOVE;
}

static void
trial_frame_cb (gpointer data)
{
  HealingContainer *self = data;

  if (peek_cold (self)->trial_frame_id == 0)
    cold_of (self)->trial_frame_id = g_idle_add_full (G_PRIORITY_HIGH, trial_frame_idle_cb,
                                            self, NULL);
}

/* GTK 4.8 reuses a widget's render node from the last frame unless the
 * widget is marked for drawing, and marking a widget marks its ancestors,
 * not its descendants: after a fault (a critical in a grandchild's
 * snapshot, a restore that set properties back), every widget of the
 * subtree draws afresh, so the faulted frame's drawing is not reused. */
static void
queue_draw_subtree (GtkWidget *widget)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    queue_draw_subtree (child);

  gtk_widget_queue_draw (widget);
}

/* Transition: runs the child again after a fault, as a trial. */
static void
restart_child (HealingContainer *self)
{
  if (self->child == NULL)
    return;

  cancel_timers (self);
  cold_of (self)->child_faulted = FALSE;
  self->clean_frames = 0;
  self->trial_waiting_for_frame = FALSE;
  set_active (self, self->child);
  queue_draw_subtree (self->child);
  set_state (self, HEALING_STATE_HEALTHY);

  /* A reported error is healed when the application says the operation
   * it redid succeeded, not by the widget's drawing. */
  if (peek_cold (self)->awaiting_success)
    return;

  if (peek_cold (self)->decision != NULL || peek_cold (self)->holds_permit)
    cold_of (self)->trial_id = healing_clock_schedule (clock_of (self), TRIAL_QUIET_MS,
                                             trial_passed_cb, self, NULL);
}

/* Restart intensity, as an OTP supervisor counts it: how many more times
 * may the child be restarted now, before it has restarted max-restarts
 * times within restart-period? G_MAXUINT without a limit. */
static guint
restarts_left (HealingContainer *self)
{
  gint64 now = healing_clock_get_time (clock_of (self));
  gint64 since = now - (gint64) self->restart_period * 1000;
  guint i, kept = 0;

  if (self->max_restarts == 0)
    return G_MAXUINT;

  if (self->cold != NULL)
    {
      HealingContainerCold *cold = self->cold;

      for (i = 0; i < cold->n_restart_times; i++)
        if (cold->restart_times[i] > since)
          cold->restart_times[kept++] = cold->restart_times[i];
      cold->n_restart_times = kept;
    }

  return kept < self->max_restarts ? self->max_restarts - kept : 0;
}

/* Counts a restart that restarts_left () allowed. */
static void
count_restart (HealingContainer *self)
{
  if (self->max_restarts == 0)
    return;

  if (peek_cold (self)->restart_times == NULL)
    cold_of (self)->restart_times = g_new (gint64, HEALING_MAX_RESTARTS_LIMIT);

  if (peek_cold (self)->n_restart_times < self->max_restarts)
    cold_of (self)->restart_times[cold_of (self)->n_restart_times++] = healing_clock_get_time (clock_of (self));
}

static void
update_status (HealingContainer *self)
{
  g_autofree char *status = NULL;
  gint64 remaining_ms;

  if (self->active == NULL || self->active != peek_cold (self)->default_fallback)
    return;

  switch (self->state)
    {
    case HEALING_STATE_RETRYING:
      remaining_ms = MAX (0, (peek_cold (self)->retry_at - healing_clock_get_time (clock_of (self))) / 1000);
      /* Translators: 1: seconds until the next attempt, 2: the attempt,
       * 3: the number of attempts */
      status = g_strdup_printf (_("Trying again in %1$d s (attempt %2$u of %3$u)…"),
                                (int) ((remaining_ms + 999) / 1000),
                                healing_decision_get_step_attempt (peek_cold (self)->decision),
                                healing_decision_get_step_attempts (peek_cold (self)->decision));
      break;

    case HEALING_STATE_OPEN_CIRCUIT:
      remaining_ms = self->breaker != NULL ?
                     healing_circuit_breaker_get_remaining (self->breaker) / 1000 : 0;
      /* Failure prediction: the pause came before the failures. */
      if (peek_cold (self)->predicted_reason != NULL && remaining_ms > 0)
        /* Translators: 1: why, such as "predicted 0.83: 0.4 faults/s and
         * rising", 2: a number of seconds */
        status = g_strdup_printf (_("Paused before it fails (%1$s); next try in %2$d s"),
                                  peek_cold (self)->predicted_reason, (int) ((remaining_ms + 999) / 1000));
      else if (remaining_ms > 0)
        /* Translators: %d is a number of seconds */
        status = g_strdup_printf (_("Paused after repeated failures; next try in %d s"),
                                  (int) ((remaining_ms + 999) / 1000));
      else
        status = g_strdup (_("Paused after repeated failures"));
      break;

    case HEALING_STATE_AWAITING_PATCH:
      status = g_strdup (_("Waiting for an update that fixes this part…"));
      break;

    case HEALING_STATE_HEALTHY:
    case HEALING_STATE_FALLBACK:
    case HEALING_STATE_ISOLATED:
    default:
      break;
    }

  healing_fault_view_set_status (HEALING_FAULT_VIEW (self->active), status);
}

static gboolean
countdown_cb (gpointer data)
{
  update_status (data);
  return G_SOURCE_CONTINUE;
}

/* Transition: nothing is shown or run any more, until a reset. */
static void
to_isolated (HealingContainer *self)
{
  set_outcome (self, HEALING_OUTCOME_GAVE_UP);
  cancel_timers (self);
  give_back_permit (self);
  set_active (self, NULL);
  set_state (self, HEALING_STATE_ISOLATED);
}

/* Shows the fallback in a waiting state, with a countdown where there is
 * something to count down to. */
static void
wait_with_fallback (HealingContainer *self,
                    HealingState      state)
{
  cancel_timers (self);
  if (!show_fallback (self))
    {
      to_isolated (self);
      return;
    }
  set_state (self, state);
  update_status (self);

  if (state == HEALING_STATE_RETRYING || state == HEALING_STATE_OPEN_CIRCUIT)
    cold_of (self)->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
}

static void
retry_cb (gpointer data)
{
  HealingContainer *self = data;

  cold_of (self)->retry_id = 0;
  restart_child (self);
  self->own_emissions++;
  g_signal_emit (self, signals[SIGNAL_RETRY], 0);
  self->own_emissions--;
}

static gboolean
breaker_is_open (HealingCircuitBreaker *breaker)
{
  HealingCircuitState state = healing_circuit_breaker_get_state (breaker);

  return state == HEALING_CIRCUIT_OPEN || state == HEALING_CIRCUIT_FORCED_OPEN;
}

static void breaker_state_cb (HealingContainer *self);

static void
ensure_breaker (HealingContainer *self)
{
  if (self->breaker != NULL)
    return;

  if (self->component_id != NULL)
    self->breaker = healing_runtime_dup_breaker (runtime (), self->component_id);
  else
    self->breaker = healing_circuit_breaker_new (NULL, clock_of (self));

  g_signal_connect_object (self->breaker, "notify::state",
                           G_CALLBACK (breaker_state_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
drop_breaker (HealingContainer *self)
{
  if (self->breaker == NULL)
    return;

  give_back_permit (self);
  g_signal_handlers_disconnect_by_func (self->breaker, breaker_state_cb, self);
  g_clear_object (&self->breaker);
}

/* The component's breaker changed state, perhaps because of another
 * container with the same component id. */
static void
breaker_state_cb (HealingContainer *self)
{
  HealingCircuitState state = healing_circuit_breaker_get_state (self->breaker);

  switch (state)
    {
    case HEALING_CIRCUIT_OPEN:
    case HEALING_CIRCUIT_FORCED_OPEN:
      give_back_permit (self);
      if (self->state == HEALING_STATE_HEALTHY && self->child != NULL)
        wait_with_fallback (self, HEALING_STATE_OPEN_CIRCUIT);
      else if (self->state == HEALING_STATE_OPEN_CIRCUIT)
        update_status (self);
      break;

    case HEALING_CIRCUIT_HALF_OPEN:
      if (self->state == HEALING_STATE_OPEN_CIRCUIT &&
          healing_circuit_breaker_try_acquire (self->breaker))
        {
          cold_of (self)->holds_permit = TRUE;
          restart_child (self);
        }
      break;

    case HEALING_CIRCUIT_CLOSED:
    case HEALING_CIRCUIT_DISABLED:
    case HEALING_CIRCUIT_METRICS_ONLY:   /* breaker: runs like closed */
      cold_of (self)->holds_permit = FALSE;
      if (self->state == HEALING_STATE_OPEN_CIRCUIT)
        restart_child (self);
      break;

    default:
      break;
    }
}

static gboolean restore_checkpoint (HealingContainer *self);

/* A guarded handler or callback whose fault says the journal undid its
 * changes (healing_fault_get_action_undone ()) is already back in the last
 * good state minus the crashing action, newer than any checkpoint. That is
 * the first restore; only if the child faults again, or the undo failed,
 * or nothing was journaled, does a checkpoint replace the user's later
 * edits. */
static gboolean
journal_restored (HealingContainer *self,
                  HealingDecision  *decision)
{
  if (peek_cold (self)->last_fault == NULL || healing_decision_get_step_attempt (decision) > 1)
    return FALSE;

  return healing_fault_get_action_undone (peek_cold (self)->last_fault);
}

/* What the container can carry out now, for the policy to pass over the
 * steps it cannot. */
static void
get_facts (HealingContainer   *self,
           HealingPolicyFacts *facts)
{
  HealingCheckpointRing *ring = self->ring;
  HealingFaultPhase phase = peek_cold (self)->last_fault != NULL ? healing_fault_get_phase (peek_cold (self)->last_fault)
                                                     : HEALING_PHASE_REPORTED;

  /* However the episodes are cut, a child restarted too often in too
   * short a time is not getting better. */
  facts->restarts_left = restarts_left (self);
  /* As journal_restored () and restore_checkpoint () will find. */
  facts->changes_undone = phase == HEALING_PHASE_HANDLER || phase == HEALING_PHASE_CALLBACK;
  facts->has_checkpoint = ring != NULL && self->child != NULL &&
                          healing_checkpoint_ring_get_last_good (ring) != NULL;
}

/* Asks the policy which decision to carry out now. The log says what was
 * done: each decision passed over escalated, and the next one is an entry
 * of its own, for the same fault. */
static void
decide_final (HealingContainer         *self,
              const HealingPolicyFacts *facts)
{
  g_autoptr (GPtrArray) passed = g_ptr_array_new_with_free_func ((GDestroyNotify) healing_decision_unref);
  HealingDecision *decision = healing_policy_decide_final (policy_of (self), NULL, peek_cold (self)->decision,
                                                           facts, passed);
  guint i;

  for (i = 0; i < passed->len; i++)
    {
      set_outcome (self, HEALING_OUTCOME_ESCALATED);
      if (peek_cold (self)->last_fault != NULL)
        {
          g_clear_object (&cold_of (self)->entry);
          cold_of (self)->entry = g_object_ref (healing_runtime_log_fault (runtime (), peek_cold (self)->last_fault,
                                                                 i + 1 < passed->len ? passed->pdata[i + 1]
                                                                                     : decision));
        }
    }

  g_clear_pointer (&cold_of (self)->decision, healing_decision_unref);
  cold_of (self)->decision = decision;
}

/* Carries out the decision the policy gives for @facts. */
static void
carry_out (HealingContainer   *self,
           HealingPolicyFacts *facts)
{
  HealingDecision *decision;

  decide_final (self, facts);
  decision = peek_cold (self)->decision;

  switch (healing_decision_get_strategy (decision))
    {
    case HEALING_STRATEGY_RETRY:
      count_restart (self);
      cold_of (self)->retry_at = healing_clock_get_time (clock_of (self)) +
                       (gint64) healing_decision_get_delay (decision) * 1000;
      wait_with_fallback (self, HEALING_STATE_RETRYING);
      cold_of (self)->retry_id = healing_clock_schedule (clock_of (self),
                                               healing_decision_get_delay (decision),
                                               retry_cb, self, NULL);
      break;

    case HEALING_STRATEGY_RESTORE:
      if (journal_restored (self, decision) || restore_checkpoint (self))
        {
          restart_child (self);
          self->own_emissions++;
          g_signal_emit (self, signals[SIGNAL_RESTORED], 0);
          self->own_emissions--;
          break;
        }
      /* Nothing could be restored after all (every checkpoint left
       * faulted): the policy is asked again, knowing it. */
      facts->changes_undone = FALSE;
      facts->has_checkpoint = FALSE;
      carry_out (self, facts);
      break;

    case HEALING_STRATEGY_HOT_PATCH:
      wait_with_fallback (self, HEALING_STATE_AWAITING_PATCH);
      break;

    case HEALING_STRATEGY_CIRCUIT_BREAK:
      ensure_breaker (self);
      cold_of (self)->holds_permit = FALSE;
      healing_circuit_breaker_record_failure (self->breaker);
      /* If that opened the breaker, breaker_state_cb () has already shown
       * the fallback. Still closed: the child runs again at once. */
      if (!breaker_is_open (self->breaker) && self->state != HEALING_STATE_OPEN_CIRCUIT)
        {
          if (self->active_faulted || self->active != self->child)
            restart_child (self);
        }
      else if (self->state != HEALING_STATE_OPEN_CIRCUIT)
        wait_with_fallback (self, HEALING_STATE_OPEN_CIRCUIT);
      break;

    case HEALING_STRATEGY_ISOLATE:
      to_isolated (self);
      break;

    case HEALING_STRATEGY_FALLBACK:
    default:
      set_outcome (self, HEALING_OUTCOME_GAVE_UP);
      wait_with_fallback (self, HEALING_STATE_FALLBACK);
      break;
    }
}

/* Carries out the policy's decision for the last fault, or the step of
 * its chain the policy passes on to. */
static void
act (HealingContainer *self)
{
  HealingPolicyFacts facts;

  get_facts (self, &facts);
  carry_out (self, &facts);
}

/* ------------------------------------------------------------------------
 * Failure prediction
 *
 * Every fault the container counts also goes to its component's
 * HealingPredictor (shared by component id, like the breaker, which counts
 * every fault of a batch too). By the policy's `predict` mode:
 * - off: nothing;
 * - shadow: the probability is computed, shown (failure-probability) and,
 *   where isolate would act, written into the fault log entry's reason;
 *   nothing else changes;
 * - isolate: when it crosses `isolate-probability` on a fault the policy
 *   sends to the breaker (circuit-break), while the child runs, the
 *   breaker is closed and the predictor is calibrated for its threshold
 *   (2 to 5 faults), the breaker is opened early with the prediction as
 *   its reason; the fault is logged with a circuit-break
 *   decision saying so, the fallback says so, and the breaker's ordinary
 *   half-open trial brings the child back. A fault during that trial
 *   reopens the breaker, whatever the policy's strategy.
 * The probability decays in quiet on a clock timer that runs only while
 * it is above what it is after a long quiet.
 * ------------------------------------------------------------------------ */

/* A notification for every change of at least this much. */
#define PROBABILITY_NOTIFY_STEP 0.01
#define PROBABILITY_DECAY_MS 1000

static void
set_failure_probability (HealingContainer *self,
                         double            probability)
{
  cold_of (self)->failure_probability = probability;
  if (fabs (probability - peek_cold (self)->notified_probability) >= PROBABILITY_NOTIFY_STEP ||
      (probability == 0.0) != (peek_cold (self)->notified_probability == 0.0))
    {
      cold_of (self)->notified_probability = probability;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_PROBABILITY]);
    }
}

static void predict_decay_cb (gpointer data);

/* Keeps the decay timer running while the probability is above its quiet
 * level. */
static void
schedule_predict_decay (HealingContainer *self,
                        gint64            now)
{
  double quiet;

  if (peek_cold (self)->predict_decay_id != 0 || peek_cold (self)->predictor == NULL)
    return;

  quiet = healing_predictor_get_probability (peek_cold (self)->predictor,
                                             now + 1000 * healing_predictor_get_window (peek_cold (self)->predictor));
  /* Within half a notification step of it, the rest of the decay is not
   * worth a timer. */
  if (peek_cold (self)->failure_probability > quiet + PROBABILITY_NOTIFY_STEP / 2)
    cold_of (self)->predict_decay_id = healing_clock_schedule (clock_of (self), PROBABILITY_DECAY_MS,
                                                     predict_decay_cb, self, NULL);
}

static void
predict_decay_cb (gpointer data)
{
  HealingContainer *self = data;
  gint64 now = healing_clock_get_time (clock_of (self));

  cold_of (self)->predict_decay_id = 0;
  if (peek_cold (self)->predictor == NULL)
    return;

  set_failure_probability (self, healing_predictor_get_probability (peek_cold (self)->predictor, now));
  schedule_predict_decay (self, now);
}

static void
drop_predictor (HealingContainer *self)
{
  HealingContainerCold *cold = self->cold;

  if (cold == NULL)
    return;

  if (cold->predict_decay_id != 0)
    healing_clock_cancel (clock_of (self), steal_id (&cold->predict_decay_id));
  g_clear_object (&cold->predictor);
  g_clear_pointer (&cold->predicted_reason, g_free);
  cold->predicted_trip_pending = FALSE;
}

/* A decision like @decision, for the log, with another strategy and
 * reason. */
static HealingDecision *
predicted_decision (const HealingDecision *decision,
                    HealingStrategy        strategy,
                    char                  *reason)
{
  HealingDecision *copy = healing_decision_new ();

  copy->strategy = strategy;
  copy->fault_class = decision->fault_class;
  copy->component_id = g_strdup (decision->component_id);
  copy->attempt = decision->attempt;
  copy->step = decision->step;
  copy->step_attempt = decision->step_attempt;
  copy->step_attempts = decision->step_attempts;
  copy->delay_ms = strategy == decision->strategy ? decision->delay_ms : 0;
  copy->final = decision->final;
  copy->reason = reason;

  return copy;
}

/* Feeds the fault to the predictor. Returns the decision to write into
 * the fault log instead of the policy's @decision, or NULL. In isolate
 * mode, a crossing is carried out by predict_act () once every pending
 * fault is recorded. */
static HealingDecision *
predict_fault (HealingContainer      *self,
               const HealingDecision *decision)
{
  HealingPolicy *policy = policy_of (self);
  HealingPredictMode mode = healing_policy_get_component_predict (policy, self->component_id);
  g_autoptr (HealingPrediction) prediction = NULL;
  gint64 now = healing_clock_get_time (clock_of (self));
  HealingCircuitState breaker_state;
  double probability;
  char *reason;

  if (mode == HEALING_PREDICT_MODE_OFF)
    return NULL;

  /* What is predicted is the window mode's trip: threshold faults inside
   * one window. The rate modes open on other grounds. */
  ensure_breaker (self);
  if (healing_circuit_breaker_get_mode (self->breaker) != HEALING_CIRCUIT_MODE_WINDOW)
    return NULL;

  if (peek_cold (self)->predictor == NULL)
    cold_of (self)->predictor = self->component_id != NULL ?
                      healing_runtime_dup_predictor (runtime (), self->component_id) :
                      healing_predictor_new (MIN (healing_circuit_breaker_get_threshold (self->breaker),
                                                  HEALING_PREDICTOR_MAX_THRESHOLD),
                                             (gint64) healing_circuit_breaker_get_window (self->breaker) * 1000);

  healing_predictor_observe_fault (peek_cold (self)->predictor, now);
  prediction = healing_predictor_explain (peek_cold (self)->predictor, now);
  probability = healing_prediction_get_probability (prediction);
  set_failure_probability (self, probability);
  schedule_predict_decay (self, now);

  breaker_state = healing_circuit_breaker_get_state (self->breaker);
  if (breaker_state == HEALING_CIRCUIT_CLOSED)
    g_clear_pointer (&cold_of (self)->predicted_reason, g_free);

  /* A fault in the trial run after an early opening: the trial failed. */
  if (peek_cold (self)->predicted_reason != NULL && peek_cold (self)->holds_permit &&
      breaker_state == HEALING_CIRCUIT_HALF_OPEN)
    {
      cold_of (self)->holds_permit = FALSE;
      healing_circuit_breaker_record_failure (self->breaker);
      return predicted_decision (decision, HEALING_STRATEGY_CIRCUIT_BREAK,
                                 g_strdup (healing_circuit_breaker_get_reason (self->breaker)));
    }

  /* Only a fault that goes to the breaker brings its trip nearer: the
   * prediction is about that breaker, and other strategies are the
   * policy's to carry out. */
  if (healing_decision_get_strategy (decision) != HEALING_STRATEGY_CIRCUIT_BREAK ||
      !(probability > healing_policy_get_component_isolate_probability (policy, self->component_id)) ||
      breaker_state != HEALING_CIRCUIT_CLOSED ||
      self->state != HEALING_STATE_HEALTHY || self->child == NULL ||
      healing_predictor_get_threshold (peek_cold (self)->predictor) != healing_circuit_breaker_get_threshold (self->breaker) ||
      !healing_predictor_get_calibrated (peek_cold (self)->predictor))
    return NULL;

  reason = healing_prediction_to_string (prediction);
  g_debug ("libhealing: %s: %s%s",
           self->component_id != NULL ? self->component_id : G_OBJECT_TYPE_NAME (self->child),
           reason, mode == HEALING_PREDICT_MODE_SHADOW ? " (shadow mode: not acted on)" : "");

  if (mode == HEALING_PREDICT_MODE_SHADOW)
    {
      char *annotated;

      /* Translators: a fault log reason. 1: what the policy decided,
       * 2: a prediction such as "predicted 0.83: 0.4 faults/s and rising" */
      annotated = g_strdup_printf (_("%1$s; %2$s (shadow mode: not acted on)"),
                                   healing_decision_get_reason (decision) != NULL ?
                                   healing_decision_get_reason (decision) : "",
                                   reason);
      g_free (reason);
      return predicted_decision (decision, healing_decision_get_strategy (decision), annotated);
    }

  g_free (peek_cold (self)->predicted_reason);
  cold_of (self)->predicted_reason = g_strdup (reason);
  cold_of (self)->predicted_trip_pending = TRUE;

  return predicted_decision (decision, HEALING_STRATEGY_CIRCUIT_BREAK, reason);
}

/* Opens the breaker early if predict_fault () decided so. The breaker's
 * state change shows the fallback (breaker_state_cb ()). */
static void
predict_act (HealingContainer *self)
{
  if (!peek_cold (self)->predicted_trip_pending)
    return;

  cold_of (self)->predicted_trip_pending = FALSE;
  if (self->breaker != NULL && peek_cold (self)->predicted_reason != NULL &&
      healing_circuit_breaker_get_state (self->breaker) == HEALING_CIRCUIT_CLOSED)
    healing_circuit_breaker_trip_with_reason (self->breaker, peek_cold (self)->predicted_reason);
}

/**
 * healing_container_get_failure_probability: (get-property failure-probability)
 * @self: a container
 *
 * Gets the probability that the component's circuit breaker trips within
 * its next window, as its [class@Predictor] last computed it.
 *
 * Returns: a probability, from 0 to 1
 */
double
healing_container_get_failure_probability (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0.0);

  return peek_cold (self)->failure_probability;
}

/* ------------------------------------------------------------------------
 * End of failure prediction
 * ------------------------------------------------------------------------ */

/* Faults of guarded handlers of our own signals (a ::fault handler that
 * crashed): counted, logged and announced. The handler is disconnected
 * already, and the episode of the child goes on as it was. */
static void
apply_handler_faults (HealingContainer *self)
{
  HealingFault *fault;

  while ((fault = g_queue_pop_head (&self->handler_faults)) != NULL)
    {
      cold_of (self)->fault_count++;
      log_unhealed_fault (healing_fault_ref (fault));

      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAULT_COUNT]);
      self->own_emissions++;
      g_signal_emit (self, signals[SIGNAL_FAULT], 0, fault);
      self->own_emissions--;

      healing_fault_unref (fault);
    }
}

/* Records each pending fault, asks the policy what to do about the last
 * one and does it — outside any rendering phase. */
static void
apply_pending_faults (HealingContainer *self)
{
  GtkWidget *faulted = self->active_faulted ? self->active : NULL;
  gboolean fallback_faulted = faulted != NULL && faulted != self->child;
  HealingCheckpointRing *ring = self->ring;
  HealingFault *fault;
  gboolean any = FALSE;
  gboolean handled;
  guint uncounted_failures = 0;

  g_object_freeze_notify (G_OBJECT (self));

  while ((fault = g_queue_pop_head (&cold_of (self)->pending_faults)) != NULL)
    {
      HealingDecision *decision;
      HealingDecision *predicted;

      /* Only the last decision of the batch is acted on, but every fault
       * counts in the breaker: five errors in one callback are five. */
      if (any && healing_decision_get_strategy (peek_cold (self)->decision) == HEALING_STRATEGY_CIRCUIT_BREAK)
        uncounted_failures++;

      any = TRUE;
      cold_of (self)->fault_count++;
      g_clear_pointer (&cold_of (self)->last_fault, healing_fault_unref);
      cold_of (self)->last_fault = fault;

      if (healing_fault_get_taints_process (fault))
        healing_runtime_taint (runtime (), healing_fault_get_message (fault));

      /* A fault soon after a restore condemns the checkpoint restored. */
      if (ring != NULL && healing_fault_get_phase (fault) != HEALING_PHASE_REPORTED)
        healing_checkpoint_ring_note_fault (ring);

      /* A fault during a trial ends it: the trial failed. */
      if (peek_cold (self)->trial_id != 0)
        healing_clock_cancel (clock_of (self), steal_id (&cold_of (self)->trial_id));

      decision = healing_policy_decide (policy_of (self), fault, peek_cold (self)->decision);
      /* Failure prediction: may log a decision of its own. */
      predicted = predict_fault (self, decision);
      set_outcome (self, HEALING_OUTCOME_ESCALATED);
      g_clear_object (&cold_of (self)->entry);
      cold_of (self)->entry = g_object_ref (healing_runtime_log_fault (runtime (), fault,
                                                             predicted != NULL ? predicted : decision));
      g_clear_pointer (&predicted, healing_decision_unref);
      g_clear_pointer (&cold_of (self)->decision, healing_decision_unref);
      cold_of (self)->decision = decision;

      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAULT_COUNT]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_FAULT]);
      self->own_emissions++;
      g_signal_emit (self, signals[SIGNAL_FAULT], 0, fault);
      self->own_emissions--;
    }

  if (any)
    cold_of (self)->awaiting_success = healing_fault_get_phase (peek_cold (self)->last_fault) == HEALING_PHASE_REPORTED;

  if (uncounted_failures > 0)
    {
      ensure_breaker (self);
      while (uncounted_failures-- > 0)
        healing_circuit_breaker_record_failure (self->breaker);
    }

  /* Failure prediction: an early opening shows the fallback, which
   * handles the fault. */
  predict_act (self);

  /* A handler of ::fault may have reset or isolated the container, or given
   * it a new child: then the faulted widget is no longer the active one and
   * there is nothing left to do. */
  handled = faulted != NULL && (faulted != self->active || !self->active_faulted);

  if (any && !handled)
    {
      if (fallback_faulted)
        {
          /* Nothing is left to show. */
          to_isolated (self);
        }
      else if (self->state == HEALING_STATE_HEALTHY || faulted != NULL ||
               healing_decision_get_strategy (peek_cold (self)->decision) == HEALING_STRATEGY_CIRCUIT_BREAK)
        {
          /* A fault that condemned no widget while the fallback is shown
           * (reported, injected) counts, but changes nothing, except in
           * the breaker. */
          act (self);
        }
    }

  apply_handler_faults (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
settle_cb (gpointer data)
{
  HealingContainer *self = data;

  self->settle_id = 0;
  if (!self->disposed)
    apply_pending_faults (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_settle (HealingContainer *self)
{
  /* G_PRIORITY_HIGH runs before GDK's event and frame-clock sources, so the
   * fallback is in place before the next frame and the next input event. */
  /* The idle holds a reference: a fault may be handed to a container that
   * is being disposed. */
  if (self->settle_id == 0)
    self->settle_id = g_idle_add_full (G_PRIORITY_HIGH, settle_cb,
                                       g_object_ref (self), g_object_unref);
}

/* A fault of the component that condemns no widget: counted, announced and
 * decided on, but nothing is quarantined. */
static void
queue_fault (HealingContainer *self,
             HealingFault     *fault)
{
  g_queue_push_tail (&cold_of (self)->pending_faults, fault);
  schedule_settle (self);
}

gint64
healing_container_get_retry_time (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0);

  /* retry_at is set before the state changes, so this holds for the
   * state-changed handlers too. */
  return self->state == HEALING_STATE_RETRYING ? peek_cold (self)->retry_at : 0;
}

void
healing_container_take_fault (HealingContainer *self,
                              HealingFault     *fault)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (fault != NULL);

  /* Code that ran for a container being disposed: nothing left to heal,
   * but the fault is not dropped. */
  if (self->disposed)
    {
      log_unhealed_fault (fault);
      return;
    }

  /* A handler of one of our own signals is the container's, not its
   * fallback's: it condemns nothing, and decides nothing about the child. */
  if (self->own_emissions > 0)
    {
      g_queue_push_tail (&self->handler_faults, fault);
      schedule_settle (self);
    }
  /* Nothing to quarantine: still count and announce the fault. */
  else if (self->active == NULL)
    queue_fault (self, fault);
  else
    record_fault (self, fault);
}

/* The restore strategy: the newest good checkpoint that is not
 * quarantined, set back while the fallback is showing. */
static gboolean
restore_checkpoint (HealingContainer *self)
{
  HealingCheckpointRing *ring = self->ring;
  g_autoptr (GError) error = NULL;

  if (ring == NULL || self->child == NULL)
    return FALSE;

  if (healing_checkpoint_ring_restore (ring, &error) == NULL)
    {
      g_debug ("libhealing: %s: nothing to restore: %s",
               self->component_id != NULL ? self->component_id : G_OBJECT_TYPE_NAME (self->child),
               error->message);
      return FALSE;
    }

  return TRUE;
}

/* A persisted checkpoint is restored once the container knows what to
 * restore it into and under which name. */
static void
load_persisted (HealingContainer *self)
{
  HealingCheckpointRing *ring;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->persist || self->persist_loaded ||
      self->child == NULL || self->component_id == NULL)
    return;

  self->persist_loaded = TRUE;

  ring = ring_of (self);
  path = healing_checkpoint_dup_default_path (self->component_id);
  healing_checkpoint_ring_set_persist_path (ring, path);

  if (!healing_checkpoint_ring_load (ring, &error))
    {
      /* The file was moved aside and the container starts fresh. */
      g_message ("libhealing: %s", error->message);
      return;
    }

  if (healing_checkpoint_ring_get_last_good (ring) != NULL)
    healing_checkpoint_ring_restore (ring, NULL);
}

static gboolean
checkpoint_tick_cb (gpointer data)
{
  take_checkpoint (data);
  return G_SOURCE_CONTINUE;
}

static void
update_checkpoint_timer (HealingContainer *self)
{
  g_clear_handle_id (&self->checkpoint_id, g_source_remove);

  if (self->checkpoint_interval > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->checkpoint_id = g_timeout_add (self->checkpoint_interval,
                                         checkpoint_tick_cb, self);
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

/**
 * healing_container_inject_fault:
 * @self: a container
 * @kind: the kind of fault to raise
 *
 * Raises a real fault of @kind inside the container's trap, attributed to
 * the container as if one of its handlers had faulted, so the policy,
 * the fallback and the tools around them can be exercised: chaos testing,
 * and the "Inject fault" action of the Inspector page.
 *
 * A crash is a real `SIGSEGV`, a critical a real `g_critical()`, a hang a
 * loop that only [property@Container:hang-timeout] ends (it taints the
 * process, like any trapped hang; with hang detection off, nothing is
 * raised), an error a reported `G_IO_ERROR_FAILED`. When the child is not
 * running (the fallback is shown), the fault still counts for the
 * component but does not condemn the fallback.
 */
void
healing_container_inject_fault (HealingContainer *self,
                                HealingFaultKind  kind)
{
  HealingTrapFrame frame;
  HealingFault *fault;

  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (kind <= HEALING_FAULT_ERROR);

  if (kind == HEALING_FAULT_HANG && self->hang_timeout == 0)
    return;

  if (kind == HEALING_FAULT_ERROR)
    {
      g_autoptr (GError) error =
        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                             /* Translators: a fault raised on purpose from a tool */
                             _("Injected error (fault injection)"));

      fault = healing_fault_new_for_error (error, self->component_id);
    }
  else
    {
      healing_trap_frame_init (&frame);
      frame.warnings_are_faults = TRUE;
      frame.hang_timeout_ms = self->hang_timeout;

      if (healing_trap_run (&frame, inject_func, GINT_TO_POINTER (kind)))
        return;

      fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_HANDLER,
                                           self->component_id, "fault injection");
      healing_trap_frame_clear (&frame);
    }

  if (self->disposed)
    healing_fault_unref (fault);
  else if (self->active != NULL && self->active == self->child && kind != HEALING_FAULT_ERROR)
    record_fault (self, fault);
  else
    queue_fault (self, fault);
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

/*
 * Fault to fallback in the same frame.
 *
 * GTK measures and allocates in the layout phase of the frame clock, and
 * GdkFrameClockIdle runs that phase again (up to four times) as long as
 * layout is asked for again, before it paints. So a fault in measure or
 * allocate is handled at the end of the layout pass it happened in (after
 * GTK's own layout handler, never inside a measure or allocate vfunc,
 * where the tree must not change): the fallback is swapped in, asks for
 * layout, is laid out in the next pass, and drawn in the same frame. (A
 * fault in snapshot cannot: the frame clock paints once per frame, and
 * the paint is under way; its fallback comes the next frame, by the settle
 * idle.) If the fault did not happen inside a frame (a measure asked for
 * by the application), the settle idle usually comes first and this does
 * nothing.
 */
typedef struct {
  HealingContainer *self;
  GdkFrameClock *clock;
  gulong handler_id;
} LayoutSettle;

static void
layout_settle_cb (GdkFrameClock *clock,
                  LayoutSettle  *settle)
{
  /* Disconnecting frees @settle and its reference. */
  HealingContainer *self = g_object_ref (settle->self);

  g_signal_handler_disconnect (clock, settle->handler_id);

  /* Faults still waiting for the settle idle: settle them now. */
  if (self->settle_id != 0 && !self->disposed)
    {
      g_clear_handle_id (&self->settle_id, g_source_remove);
      apply_pending_faults (self);
    }

  g_object_unref (self);
}

static void
layout_settle_free (gpointer  data,
                    GClosure *closure)
{
  LayoutSettle *settle = data;

  g_object_unref (settle->self);
  g_free (settle);
}

static void
settle_in_layout (HealingContainer *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  LayoutSettle *settle;

  if (clock == NULL || self->settle_id == 0)
    return;

  settle = g_new0 (LayoutSettle, 1);
  settle->self = g_object_ref (self);
  settle->clock = clock;
  settle->handler_id = g_signal_connect_data (clock, "layout", G_CALLBACK (layout_settle_cb),
                                              settle, layout_settle_free, G_CONNECT_AFTER);
  /* Another layout pass, in case this one has run its handlers already. */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

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
  /* Only ever called on a container: no checked cast on this path. */
  HealingContainer *self = (HealingContainer *) widget;
  MeasureCall call = { self->active, orientation, for_size, 0, 0, -1, -1 };
  gboolean measured = FALSE;

  if (self->active != NULL && !self->active_faulted)
    {
      measured = run_active (self, HEALING_PHASE_MEASURE, measure_func, &call);
      if G_UNLIKELY (!measured)
        settle_in_layout (self);
    }

  if (measured)
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

  /* Faulted (or nothing to show): keep the last good size until the
   * fallback is swapped in, so the rest of the window does not jump. */
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
  /* Only ever called on a container: no checked cast on this path. */
  HealingContainer *self = (HealingContainer *) widget;
  AllocateCall call = { self->active, width, height, baseline };

  if (self->active == NULL || self->active_faulted)
    return;

  if G_UNLIKELY (!run_active (self, HEALING_PHASE_ALLOCATE, allocate_func, &call))
    settle_in_layout (self);
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

/*
 * Scratch snapshots.
 *
 * The child must not draw into the snapshot we are given: GTK 4.8 builds
 * a widget's node by pushing states on the snapshot around the widget's
 * own snapshot vfunc, and a fault would leave them pushed, wrecking the
 * rest of the window's frame. A temporary GtkSnapshot per container and
 * frame was safe but cost a GObject's whole life cycle (some 3,600
 * instructions, most of the container's overhead). Instead:
 *
 * 1. Inside the trap, the child draws with gtk_widget_snapshot_child ()
 *    into a scratch snapshot, kept from frame to frame, one per nesting
 *    depth of guarded snapshots. GTK keeps the node the child built as
 *    the child's render node, and clears the child's draw_needed flag
 *    (gtkwidget.c, gtk_widget_do_snapshot ()).
 * 2. Still in the same trap frame, a second gtk_widget_snapshot_child ()
 *    into our snapshot finds the child's flag clear: it runs no code of
 *    the child, it only appends the node cached in step 1 (with the
 *    child's transform). In the frame, because GTK checks there that the
 *    child is still ours, with a critical if not (a child that moved
 *    itself elsewhere while it drew): a fault of the child, for the price
 *    of no check of ours. If the child logged anything while it drew, or
 *    was replaced, the node is only appended (outside the trap, after
 *    the same checks by us) once the frame has been judged.
 *
 * Step 2 relies on GTK 4.8.3 behaviour that is not documented: that after
 * gtk_widget_do_snapshot () clears the flag, nothing runs that could set it
 * again before the call returns. What runs there is
 * gtk_widget_update_paintables (), and in 4.8 a GtkWidgetPaintable defers
 * its invalidate-contents to an idle (gtkwidgetpaintable.c,
 * gtk_widget_paintable_update_image ()), so no handler runs. A child that
 * queues a draw of itself (or of anything inside it) while it draws leaves
 * the flag clear too: gtk_widget_queue_draw () stops at the first widget
 * already marked, and the child is marked until it has drawn. The fast
 * path is only taken on GTK 4.8 (checked at run time), and
 * tests/test-render.c (/Healing/Render/snapshot/…) checks that no code of
 * the child ever draws outside a trap frame, or during step 2
 * (healing_container_is_appending_cached_node ()): a child that invalidates
 * itself or its own child while it draws, one watched by a
 * GtkWidgetPaintable shown inside it, one with a transform, one that is
 * transparent (no node is cached), and containers nested deeper than
 * there are scratches, with a fault deep inside.
 *
 * The scratch never finishes: its nodes go into the end half of a
 * cross-fade at progress 0, which drops them when popped (a cross-fade at
 * 0 is its start image, here empty). They are dropped once per frame, in
 * an idle, so that the old nodes they hold (textures, say) do not outlive
 * the frame. A scratch a fault abandoned (the child's, and those of the
 * containers inside it, all left with states pushed) is discarded.
 */
#define MAX_SCRATCH_DEPTH 16

static GtkSnapshot *scratch_snapshots[MAX_SCRATCH_DEPTH];
/* How many scratches are in use: the depth of guarded snapshots. */
static guint scratch_depth;
static guint scratch_flush_id;
/* Inside step 2 (above), for tests: no code of a child runs then. */
static guint scratch_appending;
/* -1: not known yet; 0: a temporary snapshot per frame; 1: scratches. */
static int scratch_supported = -1;

static void
scratch_open (GtkSnapshot *scratch)
{
  /* The start image: nothing. */
  gtk_snapshot_push_cross_fade (scratch, 0.0);
  gtk_snapshot_pop (scratch);
}

/* Discards the scratches from @depth on: a fault abandoned the snapshots
 * that used them, with states still pushed. Disposing them pops those and
 * GTK warns about each; the nodes they hold may come from the faulted
 * code: if freeing them faults, they are leaked (with @self to charge the
 * cleanup to; without, from the flush, they are just freed: freeing
 * render nodes runs no application code). */
static void
scratch_discard_from (HealingContainer *self,
                      guint             depth)
{
  guint i;

  healing_trap_push_log_suppression (ABANDONED_SNAPSHOT_WARNING);
  for (i = depth; i < MAX_SCRATCH_DEPTH; i++)
    if (scratch_snapshots[i] != NULL)
      {
        if (self != NULL)
          run_cleanup (self, unref_func, g_steal_pointer (&scratch_snapshots[i]));
        else
          g_object_unref (g_steal_pointer (&scratch_snapshots[i]));
      }
  healing_trap_pop_log_suppression ();
}

static gboolean
scratch_flush_cb (gpointer data)
{
  guint i;

  scratch_flush_id = 0;

  /* A main loop nested in guarded code: maybe inside a snapshot. The next
   * frame schedules the flush again. */
  if (healing_trap_get_current_frame () != NULL)
    return G_SOURCE_REMOVE;

  /* Outside any guarded snapshot, yet some scratch in use: a fault was
   * caught by a frame that is not a container's snapshot (a guarded
   * handler that drew a widget tree), which abandoned them. */
  if G_UNLIKELY (scratch_depth > 0)
    {
      scratch_discard_from (NULL, 0);
      scratch_depth = 0;
    }

  for (i = 0; i < MAX_SCRATCH_DEPTH; i++)
    if (scratch_snapshots[i] != NULL)
      {
        gtk_snapshot_pop (scratch_snapshots[i]);
        scratch_open (scratch_snapshots[i]);
      }

  return G_SOURCE_REMOVE;
}

gboolean
healing_container_is_appending_cached_node (void)
{
  return scratch_appending > 0;
}

void
healing_container_flush_scratch_snapshots (void)
{
  if (scratch_flush_id == 0)
    return;

  g_source_remove (scratch_flush_id);
  scratch_flush_cb (NULL);
}

static gboolean
scratch_is_supported (void)
{
  /* The scratch path relies on GTK 4.8's gtk_widget_do_snapshot (); other
   * versions take the temporary snapshot. So does
   * HEALING_SNAPSHOT_TEMPORARY=1 (for benchmarks). */
  if G_UNLIKELY (scratch_supported < 0)
    scratch_supported = gtk_get_major_version () == 4 && gtk_get_minor_version () == 8 &&
                        g_getenv ("HEALING_SNAPSHOT_TEMPORARY") == NULL;

  return scratch_supported;
}

/* The scratch of the next nesting depth, or NULL (too deep, or not GTK
 * 4.8): then the child draws into a temporary snapshot. */
static inline GtkSnapshot *
scratch_acquire (guint *depth)
{
  GtkSnapshot *scratch;

  if G_UNLIKELY (scratch_depth >= MAX_SCRATCH_DEPTH || !scratch_is_supported ())
    return NULL;

  scratch = scratch_snapshots[scratch_depth];
  if G_UNLIKELY (scratch == NULL)
    {
      scratch = gtk_snapshot_new ();
      scratch_open (scratch);
      scratch_snapshots[scratch_depth] = scratch;
    }

  if G_UNLIKELY (scratch_flush_id == 0)
    scratch_flush_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scratch_flush_cb, NULL, NULL);

  *depth = scratch_depth++;
  return scratch;
}

/* A clean frame of the active widget. */
static inline void
snapshot_clean (HealingContainer *self,
                gboolean          count_frame,
                gint64            frame_start)
{
  if (self->active == self->child)
    {
      self->clean_frames++;
      if G_UNLIKELY (self->trial_waiting_for_frame)
        trial_frame_cb (self);
    }

  if (count_frame)
    healing_circuit_breaker_record_call (self->breaker, HEALING_CALL_SUCCESS,
                                         g_get_monotonic_time () - frame_start);
}

/* Without a scratch (too deep, or not GTK 4.8): the child draws into a
 * temporary snapshot, inside the trap, and its node joins ours only on
 * success. */
static void
snapshot_into_temporary (HealingContainer *self,
                         GtkSnapshot      *snapshot,
                         gboolean          count_frame,
                         gint64            frame_start)
{
  SnapshotCall call = { GTK_WIDGET (self), self->active, gtk_snapshot_new () };
  GskRenderNode *node;

  if G_LIKELY (run_active (self, HEALING_PHASE_SNAPSHOT, snapshot_func, &call))
    {
      snapshot_clean (self, count_frame, frame_start);
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
  run_cleanup (self, unref_func, call.snapshot);
  healing_trap_pop_log_suppression ();
}

/* Draws the child into @scratch, the scratch of @depth, and appends its
 * node to @snapshot: run_active (), open-coded (see healing_trap_enter ()),
 * both calls in one frame. Returns whether the child drew cleanly; on a
 * fault, the fault is recorded and the scratches it abandoned discarded.
 * *@appended says whether the node was appended. Not inline: sigsetjmp ()
 * (and separate from the caller, so that nothing of its is live across
 * sigsetjmp ()). */
static gboolean
snapshot_in_scratch (HealingContainer *self,
                     GtkWidget        *active,
                     GtkSnapshot      *scratch,
                     GtkSnapshot      *snapshot,
                     guint             depth,
                     gboolean         *appended)
{
  /* No checked cast on this path: it is a sixth of the cost. */
  GtkWidget *widget = (GtkWidget *) self;
  HealingTrapFrame frame;
  guint appending = scratch_appending;
  char mark;

  active_frame_init (self, &frame, HEALING_PHASE_SNAPSHOT);
  healing_trap_enter (&frame, &mark);
  if G_UNLIKELY (sigsetjmp (frame.env, 0) != 0)
    {
      healing_trap_leave_faulted (&frame);
      scratch_appending = appending;
      goto failed;
    }

  frame.armed = 1;
  gtk_widget_snapshot_child (widget, active, scratch);
  /* The child's node, cached by GTK by the call above: only appended to
   * ours, still in the frame, so that a child that moved itself
   * elsewhere while it drew (GTK then logs a critical) is a fault of the
   * child. Not if the child logged something while it drew, or was
   * replaced: then the node joins ours only once the frame is judged. */
  if G_LIKELY (!frame.noted && self->active == active)
    {
      /* GTK may push and pop a state on our snapshot here (the child's
       * transform): a crash or a hang interrupt in between would leave
       * the rest of the window's frame transformed, so neither may jump
       * out of it. (A critical is logged before anything is pushed.) */
      frame.pinned = "the child's drawing was being appended to the parent's snapshot";
      scratch_appending++;
      gtk_widget_snapshot_child (widget, active, snapshot);
      scratch_appending--;
      frame.pinned = NULL;
      *appended = TRUE;
    }

  if G_LIKELY (healing_trap_leave (&frame))
    return TRUE;

  /* A critical (or a warning that is a fault) logged by the child. */

failed:
  active_failed (self, &frame, HEALING_PHASE_SNAPSHOT);
  /* Ours and those of the containers inside the child. */
  scratch_discard_from (self, depth);
  scratch_depth = depth;

  return FALSE;
}

static void
healing_container_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  /* Only ever called on a container: no checked cast on this path. */
  HealingContainer *self = (HealingContainer *) widget;
  GtkWidget *active = self->active;
  GtkSnapshot *scratch;
  gboolean appended = FALSE;
  guint depth = 0;
  /* A clean frame of the child is a success for a breaker in a rate mode,
   * timed for its slow-call rate. Half-open trials are judged by
   * trial_passed_cb () instead. */
  gboolean count_frame = FALSE;
  gint64 frame_start = 0;

  if (active == NULL || self->active_faulted)
    return;

  if G_UNLIKELY (self->breaker != NULL)
    {
      count_frame = active == self->child &&
                    healing_circuit_breaker_get_counts_successes (self->breaker) &&
                    (healing_circuit_breaker_get_state (self->breaker) == HEALING_CIRCUIT_CLOSED ||
                     healing_circuit_breaker_get_state (self->breaker) == HEALING_CIRCUIT_METRICS_ONLY);
      if (count_frame)
        frame_start = g_get_monotonic_time ();
    }

  /* Trusted: drawn as a GtkBox draws it (see the property). */
  if G_UNLIKELY (self->trusted_drawing && active == self->child)
    {
      gtk_widget_snapshot_child (widget, active, snapshot);
      snapshot_clean (self, count_frame, frame_start);
      return;
    }

  /* The child draws into the scratch of this depth (see above), or a
   * temporary snapshot. */
  scratch = scratch_acquire (&depth);
  if G_UNLIKELY (scratch == NULL)
    {
      snapshot_into_temporary (self, snapshot, count_frame, frame_start);
      return;
    }

  if G_UNLIKELY (!snapshot_in_scratch (self, active, scratch, snapshot, depth, &appended))
    return;

  /* A fault caught inside the child abandoned the snapshots of
   * containers inside it, and their scratches. */
  if G_UNLIKELY (scratch_depth != depth + 1)
    scratch_discard_from (self, depth + 1);
  scratch_depth = depth;

  if G_UNLIKELY (!appended && self->active == active && gtk_widget_get_parent (active) == widget)
    {
      scratch_appending++;
      gtk_widget_snapshot_child (widget, active, snapshot);
      scratch_appending--;
    }

  snapshot_clean (self, count_frame, frame_start);
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

static void
healing_container_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (healing_container_parent_class)->map (widget);

  update_checkpoint_timer (HEALING_CONTAINER (widget));
}

static void
healing_container_unmap (GtkWidget *widget)
{
  HealingContainer *self = HEALING_CONTAINER (widget);

  g_clear_handle_id (&self->checkpoint_id, g_source_remove);

  GTK_WIDGET_CLASS (healing_container_parent_class)->unmap (widget);
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
  gboolean child_faulted = peek_cold (self)->child_faulted;

  /* Guarded runs hold no reference on their owner: none of them may
   * touch us after this (healing-guard-private.h). */
  healing_trap_forget_owner (self);

  self->disposed = TRUE;
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->cold != NULL)
    g_queue_clear_full (&self->cold->pending_faults, (GDestroyNotify) healing_fault_unref);
  g_queue_clear_full (&self->handler_faults, (GDestroyNotify) healing_fault_unref);
  cancel_timers (self);
  g_clear_handle_id (&self->checkpoint_id, g_source_remove);
  drop_breaker (self);
  drop_predictor (self);
  healing_runtime_unregister_container (runtime (), self);

  set_active (self, NULL);

  /* The last reference to a faulted child runs its dispose and finalize. */
  if (self->child != NULL)
    {
      GtkWidget *child = g_steal_pointer (&self->child);

      if (child_faulted)
        run_cleanup (self, unref_func, child);
      else
        g_object_unref (child);
    }

  g_clear_object (&self->fallback);
  if (self->cold != NULL)
    {
      HealingContainerCold *cold = self->cold;

      g_clear_object (&cold->default_fallback);
      g_clear_object (&cold->built_fallback);
      if (cold->fallback_factory_destroy != NULL)
        g_clear_pointer (&cold->fallback_factory_data, cold->fallback_factory_destroy);
      cold->fallback_factory = NULL;
      g_clear_object (&cold->entry);
      g_clear_pointer (&cold->decision, healing_decision_unref);
    }
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (healing_container_parent_class)->dispose (object);
}

static void
healing_container_constructed (GObject *object)
{
  G_OBJECT_CLASS (healing_container_parent_class)->constructed (object);

  healing_runtime_register_container (runtime (), object);
}

static void
healing_container_finalize (GObject *object)
{
  HealingContainer *self = HEALING_CONTAINER (object);

  if (self->cold != NULL)
    {
      g_free (self->cold->restart_times);
      g_clear_pointer (&self->cold->last_fault, healing_fault_unref);
      g_free (self->cold);
    }

  healing_trap_keep_component (self->component_id);
  g_clear_pointer (&self->component_id, g_free);
  g_clear_object (&self->ring);

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
    case PROP_TRUSTED_DRAWING:
      g_value_set_boolean (value, healing_container_get_trusted_drawing (self));
      break;
    case PROP_HANG_TIMEOUT:
      g_value_set_uint (value, healing_container_get_hang_timeout (self));
      break;
    case PROP_MAX_RESTARTS:
      g_value_set_uint (value, healing_container_get_max_restarts (self));
      break;
    case PROP_RESTART_PERIOD:
      g_value_set_uint (value, healing_container_get_restart_period (self));
      break;
    case PROP_POLICY:
      g_value_set_object (value, healing_container_get_policy (self));
      break;
    case PROP_CHECKPOINT_INTERVAL:
      g_value_set_uint (value, healing_container_get_checkpoint_interval (self));
      break;
    case PROP_PERSIST:
      g_value_set_boolean (value, healing_container_get_persist (self));
      break;
    case PROP_CHECKPOINTS:
      g_value_set_object (value, healing_container_get_checkpoints (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, healing_container_get_state (self));
      break;
    case PROP_FAULT_COUNT:
      g_value_set_uint (value, healing_container_get_fault_count (self));
      break;
    case PROP_FAILURE_PROBABILITY:
      g_value_set_double (value, peek_cold (self)->failure_probability);
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
    case PROP_TRUSTED_DRAWING:
      healing_container_set_trusted_drawing (self, g_value_get_boolean (value));
      break;
    case PROP_HANG_TIMEOUT:
      healing_container_set_hang_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RESTARTS:
      healing_container_set_max_restarts (self, g_value_get_uint (value));
      break;
    case PROP_RESTART_PERIOD:
      healing_container_set_restart_period (self, g_value_get_uint (value));
      break;
    case PROP_POLICY:
      healing_container_set_policy (self, g_value_get_object (value));
      break;
    case PROP_CHECKPOINT_INTERVAL:
      healing_container_set_checkpoint_interval (self, g_value_get_uint (value));
      break;
    case PROP_PERSIST:
      healing_container_set_persist (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  healing_container_reset (HEALING_CONTAINER (widget));
}

static void
healing_container_class_init (HealingContainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = healing_container_constructed;
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
  widget_class->map = healing_container_map;
  widget_class->unmap = healing_container_unmap;
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
   * HealingContainer:trusted-drawing: (getter get_trusted_drawing) (setter set_trusted_drawing)
   *
   * Whether the child's drawing is trusted: its snapshot then runs without
   * the fault trap, and costs what it costs in a plain [class@Gtk.Box].
   *
   * Off by default, and then every line of the child's code that draws
   * runs inside the trap: a crash, hang or critical while it draws is
   * caught, the fallback shows, and the rest of the window is drawn. In
   * GTK 4.8 that costs 7–8 % of the snapshot phase of a window of
   * 1,000 containers around a label, 2.5 % of its whole paint
   * (`tests/perf/bench-container`, in instructions).
   *
   * When set, a fault while the child draws is not caught by this
   * container: a container around this one catches it (as a fault of its
   * own child), and without one the process stops, with a death record,
   * as it would have without libhealing. A critical or warning the child
   * logs while it draws is not counted, and a frame it drew counts as a
   * clean one. The child's other code (measure, allocation, guarded
   * handlers and callbacks) is still trapped, and a fallback's drawing
   * always is.
   *
   * Set it only on a subtree whose drawing code is known to be sound,
   * and only where the snapshot phase matters.
   */
  props[PROP_TRUSTED_DRAWING] =
    g_param_spec_boolean ("trusted-drawing", NULL, NULL,
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
   * HealingContainer:max-restarts: (getter get_max_restarts) (setter set_max_restarts)
   *
   * How many times the `retry` strategy may restart the child within
   * [property@Container:restart-period], however the faults are spread
   * over episodes: the restart intensity of an Erlang/OTP supervisor. One
   * more fault escalates to the next strategy of the chain. 0: no limit.
   * At most 64.
   */
  props[PROP_MAX_RESTARTS] =
    g_param_spec_uint ("max-restarts", NULL, NULL,
                       0, HEALING_MAX_RESTARTS_LIMIT, HEALING_DEFAULT_MAX_RESTARTS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:restart-period: (getter get_restart_period) (setter set_restart_period)
   *
   * The window, in milliseconds, over which
   * [property@Container:max-restarts] counts restarts.
   */
  props[PROP_RESTART_PERIOD] =
    g_param_spec_uint ("restart-period", NULL, NULL,
                       1, G_MAXUINT, HEALING_DEFAULT_RESTART_PERIOD_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:policy: (getter get_policy) (setter set_policy)
   *
   * The policy that decides what the container does about a fault.
   *
   * When `NULL` (the default), the container follows the policy of the
   * runtime ([property@Runtime:policy]), with the overrides it has for the
   * container's [property@Container:component-id].
   */
  props[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL,
                         HEALING_TYPE_POLICY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:checkpoint-interval: (getter get_checkpoint_interval) (setter set_checkpoint_interval)
   *
   * How often, in milliseconds, the container checkpoints the state of its
   * child's subtree while it is healthy and mapped; 0 turns automatic
   * checkpoints off. A checkpoint of an unchanged subtree costs next to
   * nothing. A child that ran cleanly after a fault is checkpointed too.
   */
  props[PROP_CHECKPOINT_INTERVAL] =
    g_param_spec_uint ("checkpoint-interval", NULL, NULL,
                       0, G_MAXUINT, HEALING_DEFAULT_CHECKPOINT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:persist: (getter get_persist) (setter set_persist)
   *
   * Whether the last good checkpoint is written to disk, under
   * `$XDG_STATE_HOME/<application id>/healing/<component id>.json`, and
   * restored when a container with the same component id is created: after
   * a real crash or kill, the application comes back where it was.
   *
   * Needs a [property@Container:component-id].
   */
  props[PROP_PERSIST] =
    g_param_spec_boolean ("persist", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingContainer:checkpoints: (getter get_checkpoints)
   *
   * The checkpoints of the child's subtree, newest first, as a list model of
   * [class@Checkpoint]s.
   */
  props[PROP_CHECKPOINTS] =
    g_param_spec_object ("checkpoints", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

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

  /**
   * HealingContainer:failure-probability: (getter get_failure_probability)
   *
   * The probability that the component's circuit breaker trips within its
   * next window, from the component's [class@Predictor]: updated with each
   * fault and, while it decays, once a second on the runtime's clock.
   * Notified when it changes by at least 0.01. What the container does
   * about it is [property@Policy:predict]. It stays 0 while prediction is
   * off or the breaker does not count in
   * [enum@Healing.CircuitMode.window] mode.
   */
  props[PROP_FAILURE_PROBABILITY] =
    g_param_spec_double ("failure-probability", NULL, NULL,
                         0.0, 1.0, 0.0,
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

  /**
   * HealingContainer::retry:
   * @self: the container
   *
   * Emitted when the container runs its child again after the backoff
   * delay of the `retry` strategy. An application that reported a failed
   * operation with [method@Container.report_error] redoes it here.
   */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * HealingContainer::restored:
   * @self: the container
   *
   * Emitted when the `restore` strategy has rolled the child back to a
   * checkpoint and runs it again.
   */
  signals[SIGNAL_RESTORED] =
    g_signal_new ("restored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * HealingContainer::patched:
   * @self: the container
   * @old_child: (nullable): the child that was replaced
   *
   * Emitted when [method@Container.apply_patch] has put a replacement in
   * place of the child.
   */
  signals[SIGNAL_PATCHED] =
    g_signal_new ("patched",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  GTK_TYPE_WIDGET);

  /**
   * HealingContainer|healing.reset:
   *
   * Tries the child again, as [method@Container.reset] does: for the
   * buttons of fallbacks.
   */
  gtk_widget_class_install_action (widget_class, "healing.reset", NULL, reset_action);

  gtk_widget_class_set_css_name (widget_class, "healingcontainer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* A nested container checkpoints its own child: the checkpoints of the
   * one around it skip it, subtree and all. */
  healing_checkpoint_add_default_type_rule (HEALING_TYPE_CONTAINER, HEALING_CHECKPOINT_TYPE_SKIP);

  /* Zero configuration: the fault handlers are in place as soon as the
   * first container exists, even without healing_init(). */
  healing_ensure_i18n ();
  healing_trap_init ();
}

guint
healing_container_get_default_hang_timeout (void)
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
  g_queue_init (&self->handler_faults);
  self->hang_timeout = healing_container_get_default_hang_timeout ();
  self->checkpoint_interval = HEALING_DEFAULT_CHECKPOINT_INTERVAL_MS;
  self->max_restarts = HEALING_DEFAULT_MAX_RESTARTS;
  self->restart_period = HEALING_DEFAULT_RESTART_PERIOD_MS;
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
      if (peek_cold (self)->child_faulted)
        run_cleanup (self, unref_func, old);
      else
        g_object_unref (old);
    }
  if (self->cold != NULL)
    self->cold->child_faulted = FALSE;

  if (self->child != NULL && self->ring != NULL)
    healing_checkpoint_ring_set_root (self->ring, self->child);
  load_persisted (self);

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

  /* Code of ours that runs now (the handler renaming us, say) has the old
   * string in its frame, for a death record. */
  healing_trap_keep_component (self->component_id);
  g_free (self->component_id);
  self->component_id = g_strdup (component_id);

  /* Another component: another breaker. Containers of a component follow
   * its shared breaker from the start, so one that never faulted still
   * stops running its child when another opens the breaker. */
  drop_breaker (self);
  drop_predictor (self);
  if (self->component_id != NULL)
    ensure_breaker (self);
  load_persisted (self);

  if (self->active != NULL && self->active == peek_cold (self)->default_fallback)
    healing_fault_view_update (HEALING_FAULT_VIEW (self->active),
                               self->component_id, peek_cold (self)->last_fault);

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
 * healing_container_get_trusted_drawing: (get-property trusted-drawing)
 * @self: a container
 *
 * Gets whether the child's drawing runs without the fault trap.
 *
 * Returns: whether the child's drawing is trusted
 */
gboolean
healing_container_get_trusted_drawing (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), FALSE);

  return self->trusted_drawing;
}

/**
 * healing_container_set_trusted_drawing: (set-property trusted-drawing)
 * @self: a container
 * @trusted_drawing: whether the child's drawing is trusted
 *
 * Sets whether the child's drawing runs without the fault trap: see
 * [property@Container:trusted-drawing] for what a fault while it draws
 * then does.
 */
void
healing_container_set_trusted_drawing (HealingContainer *self,
                                       gboolean          trusted_drawing)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  trusted_drawing = !!trusted_drawing;

  if (self->trusted_drawing == trusted_drawing)
    return;

  self->trusted_drawing = trusted_drawing;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRUSTED_DRAWING]);
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

  return peek_cold (self)->fault_count;
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

  return peek_cold (self)->last_fault;
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
    {
      g_clear_handle_id (&self->settle_id, g_source_remove);
      apply_pending_faults (self);
    }

  /* Told to: a fresh start, whatever the policy was doing. */
  set_outcome (self, HEALING_OUTCOME_GAVE_UP);
  g_clear_pointer (&cold_of (self)->decision, healing_decision_unref);
  g_clear_object (&cold_of (self)->entry);
  give_back_permit (self);
  restart_child (self);
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

  cancel_timers (self);
  give_back_permit (self);
  set_active (self, NULL);
  set_state (self, HEALING_STATE_ISOLATED);
}

/**
 * healing_container_get_policy: (get-property policy)
 * @self: a container
 *
 * Gets the policy set on the container.
 *
 * Returns: (nullable) (transfer none): the policy, or `NULL` if the
 *   container follows the runtime's
 */
HealingPolicy *
healing_container_get_policy (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return self->policy;
}

/**
 * healing_container_set_policy: (set-property policy)
 * @self: a container
 * @policy: (nullable): a policy, or `NULL` to follow the runtime's
 *
 * Sets the policy that decides what the container does about a fault.
 */
void
healing_container_set_policy (HealingContainer *self,
                              HealingPolicy    *policy)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (policy == NULL || HEALING_IS_POLICY (policy));

  if (!g_set_object (&self->policy, policy))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_POLICY]);
}

/**
 * healing_container_report_error:
 * @self: a container
 * @error: the failure
 *
 * Reports a failure the application detected itself, such as a failed
 * network request, so it goes through the container's policy like a trapped
 * fault: a fault of kind [enum@Healing.FaultKind.error] and phase
 * [enum@Healing.FaultPhase.reported].
 *
 * The child was not at fault, so it is not quarantined: what happens
 * depends on the strategy. Under `retry` the fallback counts down and
 * [signal@Container::retry] asks the application to redo the operation;
 * under `circuit-break` the failure counts in the component's breaker (the
 * errors of the `network` class go there by default), and the fallback is
 * shown only once the breaker opens.
 */
void
healing_container_report_error (HealingContainer *self,
                                const GError     *error)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (error != NULL);

  if (self->disposed)
    return;

  queue_fault (self, healing_fault_new_for_error (error, self->component_id));
}

/**
 * healing_container_report_success:
 * @self: a container
 *
 * Reports that the operation the application reported failing with
 * [method@Container.report_error] succeeded when it was done again,
 * typically on [signal@Container::retry]. That ends the episode as
 * healed, and returns a half-open breaker's trial permit as a success.
 *
 * Until it is called, an episode of reported errors stays open however
 * long it is quiet, so an operation that keeps failing escalates along
 * the policy's chain instead of retrying for ever. Does nothing when no
 * episode is open.
 */
void
healing_container_report_success (HealingContainer *self)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (self->disposed || self->state != HEALING_STATE_HEALTHY ||
      (peek_cold (self)->decision == NULL && !peek_cold (self)->holds_permit))
    return;

  /* Faults not yet announced came first. */
  if (self->settle_id != 0)
    {
      g_clear_handle_id (&self->settle_id, g_source_remove);
      apply_pending_faults (self);
      if (self->state != HEALING_STATE_HEALTHY)
        return;
    }

  to_healed (self);
}

/**
 * healing_container_get_max_restarts: (get-property max-restarts)
 * @self: a container
 *
 * Gets how many times the `retry` strategy may restart the child.
 *
 * Returns: how many restarts [property@Container:restart-period] allows
 */
guint
healing_container_get_max_restarts (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0);

  return self->max_restarts;
}

/**
 * healing_container_set_max_restarts: (set-property max-restarts)
 * @self: a container
 * @max_restarts: restarts allowed per period, at most 64; 0 for no limit
 *
 * Sets [property@Container:max-restarts].
 */
void
healing_container_set_max_restarts (HealingContainer *self,
                                    guint             max_restarts)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (max_restarts <= HEALING_MAX_RESTARTS_LIMIT);

  if (self->max_restarts == max_restarts)
    return;

  self->max_restarts = max_restarts;
  if (self->cold != NULL)
    self->cold->n_restart_times = MIN (self->cold->n_restart_times, max_restarts);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MAX_RESTARTS]);
}

/**
 * healing_container_get_restart_period: (get-property restart-period)
 * @self: a container
 *
 * Gets the window in which [property@Container:max-restarts] counts.
 *
 * Returns: the restart window, in milliseconds
 */
guint
healing_container_get_restart_period (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0);

  return self->restart_period;
}

/**
 * healing_container_set_restart_period: (set-property restart-period)
 * @self: a container
 * @period_ms: the window, in milliseconds, at least 1
 *
 * Sets [property@Container:restart-period].
 */
void
healing_container_set_restart_period (HealingContainer *self,
                                      guint             period_ms)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (period_ms > 0);

  if (self->restart_period == period_ms)
    return;

  self->restart_period = period_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RESTART_PERIOD]);
}

/**
 * healing_container_get_checkpoint_interval: (get-property checkpoint-interval)
 * @self: a container
 *
 * Gets how often the container checkpoints its child's subtree.
 *
 * Returns: the interval in milliseconds, 0 if automatic checkpoints are off
 */
guint
healing_container_get_checkpoint_interval (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), 0);

  return self->checkpoint_interval;
}

/**
 * healing_container_set_checkpoint_interval: (set-property checkpoint-interval)
 * @self: a container
 * @checkpoint_interval: the interval in milliseconds, or 0 for none
 *
 * Sets how often the container checkpoints its child's subtree.
 */
void
healing_container_set_checkpoint_interval (HealingContainer *self,
                                           guint             checkpoint_interval)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (self->checkpoint_interval == checkpoint_interval)
    return;

  self->checkpoint_interval = checkpoint_interval;
  update_checkpoint_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHECKPOINT_INTERVAL]);
}

/**
 * healing_container_get_persist: (get-property persist)
 * @self: a container
 *
 * Gets whether the last good checkpoint survives the process.
 *
 * Returns: whether checkpoints are persisted
 */
gboolean
healing_container_get_persist (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), FALSE);

  return self->persist;
}

/**
 * healing_container_set_persist: (set-property persist)
 * @self: a container
 * @persist: whether to persist checkpoints
 *
 * Sets whether the last good checkpoint is written to disk and restored
 * when a container with the same component id is created.
 */
void
healing_container_set_persist (HealingContainer *self,
                               gboolean          persist)
{
  HealingCheckpointRing *ring;

  g_return_if_fail (HEALING_IS_CONTAINER (self));

  persist = !!persist;
  if (self->persist == persist)
    return;

  self->persist = persist;
  if (!persist && (ring = self->ring) != NULL)
    healing_checkpoint_ring_set_persist_path (ring, NULL);
  self->persist_loaded = FALSE;
  load_persisted (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PERSIST]);
}

/**
 * healing_container_get_checkpoints: (get-property checkpoints)
 * @self: a container
 *
 * Gets the checkpoints of the child's subtree.
 *
 * Returns: (transfer none): a list model of [class@Checkpoint]s
 */
GListModel *
healing_container_get_checkpoints (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  return G_LIST_MODEL (ring_of (self));
}

/**
 * healing_container_checkpoint:
 * @self: a container
 *
 * Checkpoints the state of the child's subtree now, if it is healthy.
 *
 * Returns: (nullable) (transfer none): the newest checkpoint, or `NULL` if
 *   the child is not running
 */
HealingCheckpoint *
healing_container_checkpoint (HealingContainer *self)
{
  g_return_val_if_fail (HEALING_IS_CONTAINER (self), NULL);

  if (self->state != HEALING_STATE_HEALTHY || self->child == NULL)
    return NULL;

  take_checkpoint (self);
  /* Now: a capture that take_checkpoint () left to slices finishes here. */
  healing_checkpoint_ring_finish_slices (ring_of (self));
  return healing_checkpoint_ring_get_last_good (ring_of (self));
}

/* The Inspector's "restore this checkpoint": the ring restores it inside
 * the trap; a fault is the container's like any other (counted, logged,
 * healed by the policy), and the checkpoint is quarantined. */
gboolean
healing_container_restore_checkpoint (HealingContainer   *self,
                                      HealingCheckpoint  *checkpoint,
                                      GError            **error)
{
  HealingCheckpointRing *ring;
  HealingFault *fault = NULL;

  g_return_val_if_fail (HEALING_IS_CONTAINER (self), FALSE);
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (checkpoint), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Only the container's own checkpoints, and it has none without a ring. */
  ring = self->ring;
  g_return_val_if_fail (ring != NULL, FALSE);

  if (self->child == NULL)
    {
      g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_NO_ROOT,
                           /* Translators: a checkpoint has no widget to go into. */
                           _("There is no widget to restore the checkpoint into"));
      return FALSE;
    }

  if (healing_checkpoint_ring_restore_checkpoint (ring, checkpoint, self->hang_timeout,
                                                  self->component_id, &fault, error))
    return TRUE;

  /* The handlers of the fault may drop the last reference on us. */
  if (fault != NULL)
    {
      g_object_ref (self);
      healing_container_take_fault (self, fault);
      g_object_unref (self);
    }

  return FALSE;
}

/**
 * healing_container_set_fallback_factory:
 * @self: a container
 * @factory: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   builds the fallback for a fault, or `NULL` to stop using a factory
 * @user_data: data for @factory
 * @destroy: (nullable): frees @user_data
 *
 * Sets a function that builds the fallback each time one is shown, given
 * the fault, like react-error-boundary's `fallbackRender`. The widget it
 * returns may offer a way out with [method@Container.reset]. When the
 * factory returns `NULL`, [property@Container:fallback] (or the built-in
 * view) is shown.
 */
void
healing_container_set_fallback_factory (HealingContainer       *self,
                                        HealingFallbackFactory  factory,
                                        gpointer                user_data,
                                        GDestroyNotify          destroy)
{
  g_return_if_fail (HEALING_IS_CONTAINER (self));

  if (peek_cold (self)->fallback_factory_destroy != NULL)
    peek_cold (self)->fallback_factory_destroy (peek_cold (self)->fallback_factory_data);

  cold_of (self)->fallback_factory = factory;
  cold_of (self)->fallback_factory_data = user_data;
  cold_of (self)->fallback_factory_destroy = destroy;
}

/**
 * healing_container_apply_patch:
 * @self: a container
 * @replacement: the widget that replaces the child
 *
 * Replaces the child with a fixed one and runs it: the hand-over point of
 * the `hot-patch` strategy, which shows the fallback and waits, in
 * [enum@Healing.State.awaiting_patch], until this is called. It works in
 * any state. The episode of faults of the old child ends; the replacement
 * starts healthy, and [signal@Container::patched] is emitted.
 */
void
healing_container_apply_patch (HealingContainer *self,
                               GtkWidget        *replacement)
{
  g_autoptr (GtkWidget) old = NULL;

  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (GTK_IS_WIDGET (replacement));
  g_return_if_fail (gtk_widget_get_parent (replacement) == NULL);

  set_outcome (self, HEALING_OUTCOME_HEALED);
  g_clear_pointer (&cold_of (self)->decision, healing_decision_unref);
  g_clear_object (&cold_of (self)->entry);
  cancel_timers (self);
  give_back_permit (self);

  if (self->child != NULL)
    old = g_object_ref (self->child);

  healing_container_set_child (self, replacement);

  self->own_emissions++;
  g_signal_emit (self, signals[SIGNAL_PATCHED], 0, old);
  self->own_emissions--;
}

/* ------------------------------------------------------------------------
 * Hot-patch trials (healing-patch-store.c)
 * ------------------------------------------------------------------------ */

void
healing_container_revert_patch (HealingContainer *self,
                                GtkWidget        *previous,
                                gboolean          run,
                                HealingState      state)
{
  GtkWidget *bad;
  gboolean bad_faulted;

  g_return_if_fail (HEALING_IS_CONTAINER (self));
  g_return_if_fail (previous == NULL || GTK_IS_WIDGET (previous));
  g_return_if_fail (previous == NULL || gtk_widget_get_parent (previous) == NULL);
  g_return_if_fail (run || state != HEALING_STATE_HEALTHY);

  if (run)
    {
      /* The previous child was healthy: it simply comes back. */
      set_outcome (self, HEALING_OUTCOME_HEALED);
      g_clear_pointer (&cold_of (self)->decision, healing_decision_unref);
      g_clear_object (&cold_of (self)->entry);
      cancel_timers (self);
      give_back_permit (self);
      healing_container_set_child (self, previous);
      return;
    }

  /* The previous child had faulted: it is put back but not run, and the
   * fallback stands in until a reset or another patch. */
  bad = g_steal_pointer (&self->child);
  bad_faulted = peek_cold (self)->child_faulted;
  self->child = previous != NULL ? g_object_ref_sink (previous) : NULL;
  self->child_hexpand = self->child_vexpand = FALSE;
  cold_of (self)->child_faulted = FALSE;

  wait_with_fallback (self, state);

  if (bad != NULL)
    {
      if (bad_faulted)
        run_cleanup (self, unref_func, bad);
      else
        g_object_unref (bad);
    }

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHILD]);
}
