/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-page-private.h"
#include "healing-patch-status-view-private.h"
#include "healing-restart-history-private.h"

#include "healing-checkpoint-private.h"
#include "healing-checkpoint-ring-private.h"
#include "healing-container-private.h"
#include "healing-enums.h"
#include "healing-fault-entry.h"
#include "healing-inspector-breaker-stats-private.h"
#include "healing-runtime.h"
#include "healing-trap-private.h"
#include "healing-inspector-predictor-plot-private.h"

/*
 * HealingInspectorPage:
 *
 * The "Healing" page of the GTK Inspector.
 *
 * It lists every live [class@Container] of the inspected application with
 * its component id, state, fault count, last fault, the state of its
 * component's circuit breaker and, while it waits, the time to its next
 * attempt. The chosen container shows its details: its faults from the
 * runtime's fault log (faults from before the inspector was opened
 * included), the policy in force for it, its circuit breaker and its
 * checkpoints. It can be tried again, isolated, have its breaker tripped or
 * reset, be checkpointed or rolled back to a chosen checkpoint, or be made
 * to fault on purpose (fault injection).
 *
 * Everything follows signals: the containers' and breakers' notifications,
 * the runtime's registry of containers, breakers and fault log, the
 * policy's ::changed. The only timer is a once-a-second refresh of the
 * countdown labels while the page is mapped.
 *
 * Selecting a widget in the inspector's Objects tab selects the innermost
 * container around it: the inspector hands every selection to the page's
 * `object` property.
 *
 * The page is registered on GTK's private "gtk-inspector-page" extension
 * point by healing_init() (see healing_inspector_register ()) or by the
 * optional inspector module. Its widgets live on the inspector's own
 * display, not on the inspected one.
 *
 * The containers come from the registry of live containers that
 * HealingRuntime keeps ([method@Runtime.get_containers]): the page follows
 * its ::items-changed, so a container shows up the moment it is created and
 * goes when it is disposed, in a window or not. Where they come from is all
 * in collect_containers () and watch_containers ().
 */

/* A container the page lists. The page holds no reference on it: a weak
 * reference drops the entry when the container goes away, and the signal
 * handlers are connected with g_signal_connect_object () on the page. */
typedef struct
{
  HealingInspectorPage *page;
  HealingContainer *container;

  /* The component's breaker (a reference; breakers live as long as the
   * runtime), NULL without a component id. */
  HealingCircuitBreaker *breaker;
  gulong breaker_handler;

  GtkWidget *row;
  GtkWidget *id_label;
  GtkWidget *state_label;
  GtkWidget *count_label;
  GtkWidget *last_label;
  GtkWidget *health_label;

  /* The state last seen, and when the pending retry is due on the
   * runtime's clock (0: not known). */
  HealingState state;
  gint64 retry_at;

  /* Still found by the last collect_containers (). */
  gboolean seen;
} Entry;

struct _HealingInspectorPage
{
  GtkWidget parent_instance;

  GObject *object;

  GtkWidget *paned;
  GtkWidget *list_stack;
  GtkWidget *container_list;
  GtkWidget *details_stack;
  GtkWidget *title_label;
  GtkWidget *info_grid;
  /* Failure prediction: a plot below the info grid. */
  GtkWidget *predictor_plot;
  GtkWidget *state_label;
  GtkWidget *count_label;
  GtkWidget *last_fault_label;
  GtkWidget *child_label;
  GtkWidget *retry_label;
  GtkWidget *breaker_summary_label;
  GtkWidget *log_note_label;
  GtkWidget *fault_list;
  GtkWidget *breaker_none_label;
  GtkWidget *breaker_grid;
  GtkWidget *breaker_state_label;
  GtkWidget *breaker_reason_label;
  GtkWidget *breaker_failures_label;
  GtkWidget *breaker_opened_label;
  GtkWidget *breaker_remaining_label;
  GtkWidget *breaker_stats;     /* rates and manual transitions (issue 17) */
  GtkWidget *checkpoint_note_label;
  GtkWidget *checkpoint_status_label;
  GtkWidget *checkpoint_list;
  GtkWidget *checkpoint_json_view;
  GtkWidget *policy_grid;
  GtkWidget *kind_dropdown;
  GtkWidget *inject_button;
  /* Hot patches (healing-patch-status-view.c). */
  GtkWidget *patch_status;

  /* HealingContainer * → Entry *. */
  GHashTable *entries;
  /* The entry whose details are shown, or NULL. */
  Entry *selected;

  GListModel *containers;
  guint sync_id;

  /* The runtime's breakers and fault log. */
  GListModel *breakers;
  GListModel *fault_log;

  /* The fault log of the selected container: the runtime's log filtered
   * by its component id, newest first. */
  GtkCustomFilter *log_filter;
  GListModel *log_model;
  char *log_component_id;

  /* The checkpoints of the selected container (its ring), bound to
   * checkpoint_list. */
  GListModel *checkpoints;

  /* The policy in force for the selected container, followed for ::changed. */
  HealingPolicy *policy;

  /* Refreshes the countdowns once a second while mapped. */
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorPage, healing_inspector_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_OBJECT,
  PROP_USE_PICKER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

/* The container a list row stands for (no reference). */
#define ROW_CONTAINER_KEY "healing-inspector-container"

/* The kinds of fault, in the order of the drop-down of the kinds the page
 * can inject (the first N_INJECTABLE_KINDS). */
#define N_INJECTABLE_KINDS 4
static const struct {
  HealingFaultKind kind;
  const char *label;
} kind_labels[] = {
  /* Translators: a kind of fault to inject: a crash (SIGSEGV) */
  { HEALING_FAULT_CRASH, N_("Crash") },
  /* Translators: a kind of fault to inject: a g_critical () message */
  { HEALING_FAULT_CRITICAL, N_("Critical") },
  /* Translators: a kind of fault to inject: code that never returns */
  { HEALING_FAULT_HANG, N_("Hang") },
  /* Translators: a kind of fault to inject: an error the application reports */
  { HEALING_FAULT_ERROR, N_("Error") },
  /* Translators: a kind of fault: a g_warning () message trapped as a fault */
  { HEALING_FAULT_WARNING, N_("Warning") },
};

static const struct {
  HealingState state;
  const char *label;
} state_labels[] = {
  /* Translators: state of a container: its widget runs normally */
  { HEALING_STATE_HEALTHY, N_("Healthy") },
  /* Translators: state of a container: its widget faulted and a fallback is shown instead */
  { HEALING_STATE_FALLBACK, N_("Fallback shown") },
  /* Translators: state of a container: nothing is shown or run */
  { HEALING_STATE_ISOLATED, N_("Isolated") },
  /* Translators: state of a container: a fallback is shown until its widget is tried again */
  { HEALING_STATE_RETRYING, N_("Retrying") },
  /* Translators: state of a container: its circuit breaker is open, the widget is not run */
  { HEALING_STATE_OPEN_CIRCUIT, N_("Circuit open") },
  /* Translators: state of a container: a fallback is shown until a fixed widget arrives */
  { HEALING_STATE_AWAITING_PATCH, N_("Awaiting patch") },
};

static const struct {
  HealingFaultPhase phase;
  const char *label;
} phase_labels[] = {
  /* Translators: where a fault happened: while the widget was measured */
  { HEALING_PHASE_MEASURE, N_("Measuring") },
  /* Translators: where a fault happened: while the widget was given its size */
  { HEALING_PHASE_ALLOCATE, N_("Allocating") },
  /* Translators: where a fault happened: while the widget was drawing */
  { HEALING_PHASE_SNAPSHOT, N_("Drawing") },
  /* Translators: where a fault happened: in a signal handler */
  { HEALING_PHASE_HANDLER, N_("Signal handler") },
  /* Translators: where a fault happened: in a main-loop callback (idle, timeout) */
  { HEALING_PHASE_CALLBACK, N_("Callback") },
  /* Translators: where a fault happened: the application reported an error */
  { HEALING_PHASE_REPORTED, N_("Reported") },
  /* Translators: where a fault happened: while a faulted widget was taken down */
  { HEALING_PHASE_CLEANUP, N_("Cleanup") },
};

static const struct {
  HealingStrategy strategy;
  const char *label;
} strategy_labels[] = {
  /* Translators: a healing strategy: run the widget again after a delay */
  { HEALING_STRATEGY_RETRY, N_("Retry") },
  /* Translators: a healing strategy: show a fallback instead of the widget */
  { HEALING_STRATEGY_FALLBACK, N_("Fallback") },
  /* Translators: a healing strategy: take the widget out of the window */
  { HEALING_STRATEGY_ISOLATE, N_("Isolate") },
  /* Translators: a healing strategy: roll the widget back to a saved state */
  { HEALING_STRATEGY_RESTORE, N_("Restore checkpoint") },
  /* Translators: a healing strategy: wait for a live replacement of the widget */
  { HEALING_STRATEGY_HOT_PATCH, N_("Hot patch") },
  /* Translators: a healing strategy: count the failure in the circuit breaker */
  { HEALING_STRATEGY_CIRCUIT_BREAK, N_("Circuit break") },
};

static const struct {
  HealingOutcome outcome;
  const char *label;
} outcome_labels[] = {
  /* Translators: outcome of a fault: healing is under way */
  { HEALING_OUTCOME_PENDING, N_("Pending") },
  /* Translators: outcome of a fault: the widget runs cleanly again */
  { HEALING_OUTCOME_HEALED, N_("Healed") },
  /* Translators: outcome of a fault: the strategy did not help, a later one took over */
  { HEALING_OUTCOME_ESCALATED, N_("Escalated") },
  /* Translators: outcome of a fault: the widget stays out of service */
  { HEALING_OUTCOME_GAVE_UP, N_("Gave up") },
};

static const struct {
  HealingCircuitState state;
  const char *label;
} circuit_labels[] = {
  /* Translators: state of a circuit breaker: the component runs */
  { HEALING_CIRCUIT_CLOSED, N_("Closed") },
  /* Translators: state of a circuit breaker: the component does not run for a while */
  { HEALING_CIRCUIT_OPEN, N_("Open") },
  /* Translators: state of a circuit breaker: a trial run is let through */
  { HEALING_CIRCUIT_HALF_OPEN, N_("Half-open") },
  /* Translators: state of a circuit breaker: held open by an operator */
  { HEALING_CIRCUIT_FORCED_OPEN, N_("Forced open") },
  /* Translators: state of a circuit breaker: switched off by an operator */
  { HEALING_CIRCUIT_DISABLED, N_("Disabled") },
  /* Translators: state of a circuit breaker: counts calls but never opens */
  { HEALING_CIRCUIT_METRICS_ONLY, N_("Metrics only") },
};

/* The built-in fault classes, in the order the policy section lists them. */
static const char * const builtin_classes[] = {
  HEALING_FAULT_CLASS_RENDER,
  HEALING_FAULT_CLASS_HANDLER,
  HEALING_FAULT_CLASS_CALLBACK,
  HEALING_FAULT_CLASS_CRASH,
  HEALING_FAULT_CLASS_CRITICAL,
  HEALING_FAULT_CLASS_WARNING,
  HEALING_FAULT_CLASS_HANG,
  HEALING_FAULT_CLASS_NETWORK,
  HEALING_FAULT_CLASS_ERROR,
};

static void update_details (HealingInspectorPage *self);
static void update_actions (HealingInspectorPage *self);
static void update_policy (HealingInspectorPage *self);
static void update_checkpoint_note (HealingInspectorPage *self);
static GListModel *peek_checkpoints (HealingContainer *container);
static void bind_checkpoints (HealingInspectorPage *self,
                              GListModel           *checkpoints);
static void set_selected (HealingInspectorPage *self,
                          Entry                *entry);

/* ------------------------------------------------------------------------
 * Words for people
 * ------------------------------------------------------------------------ */

/* The nick of @value in @enum_type: better than nothing for a value newer
 * than this page. */
static const char *
enum_nick (GType enum_type,
           int   value)
{
  GEnumClass *enum_class = g_type_class_ref (enum_type);
  GEnumValue *enum_value = g_enum_get_value (enum_class, value);

  g_type_class_unref (enum_class);

  return enum_value != NULL ? enum_value->value_nick : "?";
}

#define LOOKUP_LABEL(table, field, value, type) \
  G_STMT_START { \
    guint i_; \
    for (i_ = 0; i_ < G_N_ELEMENTS (table); i_++) \
      if (table[i_].field == (value)) \
        return _(table[i_].label); \
    return enum_nick (type, value); \
  } G_STMT_END

static const char *
state_to_string (HealingState state)
{
  LOOKUP_LABEL (state_labels, state, state, HEALING_TYPE_STATE);
}

static const char *
kind_to_string (HealingFaultKind kind)
{
  LOOKUP_LABEL (kind_labels, kind, kind, HEALING_TYPE_FAULT_KIND);
}

static const char *
phase_to_string (HealingFaultPhase phase)
{
  LOOKUP_LABEL (phase_labels, phase, phase, HEALING_TYPE_FAULT_PHASE);
}

static const char *
strategy_to_string (HealingStrategy strategy)
{
  LOOKUP_LABEL (strategy_labels, strategy, strategy, HEALING_TYPE_STRATEGY);
}

static const char *
outcome_to_string (HealingOutcome outcome)
{
  LOOKUP_LABEL (outcome_labels, outcome, outcome, HEALING_TYPE_OUTCOME);
}

static const char *
circuit_state_to_string (HealingCircuitState state)
{
  LOOKUP_LABEL (circuit_labels, state, state, HEALING_TYPE_CIRCUIT_STATE);
}

static char *
dup_component_name (HealingContainer *container)
{
  const char *id = healing_container_get_component_id (container);

  if (id != NULL && *id != '\0')
    return g_strdup (id);

  /* Translators: a container without a component id; %s is its address */
  return g_strdup_printf (_("Unnamed container %p"), container);
}

static char *
dup_fault_count (guint n_faults)
{
  /* Translators: the number of faults a container trapped */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u fault", "%u faults", n_faults),
                          n_faults);
}

/* A time left, in whole seconds rounded up. */
static char *
dup_seconds_left (gint64 usec)
{
  int seconds = (int) ((MAX (usec, 0) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  /* Translators: a time left, in seconds */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d s", "%d s", seconds), seconds);
}

/* The wall-clock time of a fault, in the locale's format. */
static char *
dup_fault_time (const HealingFault *fault)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = NULL;
  gint64 age;

  age = MAX (0, g_get_monotonic_time () - healing_fault_get_time (fault));
  then = g_date_time_add (now, -age);

  return g_date_time_format (then, "%X");
}

/* The wall-clock time of a checkpoint, in the locale's format. */
static char *
dup_checkpoint_time (HealingCheckpoint *checkpoint)
{
  g_autoptr (GDateTime) time = NULL;

  time = g_date_time_new_from_unix_local (healing_checkpoint_get_time (checkpoint) / G_USEC_PER_SEC);
  if (time == NULL)
    return g_strdup ("?");

  return g_date_time_format (time, "%X");
}

static gint64
clock_now (void)
{
  return healing_clock_get_time (healing_runtime_get_clock (healing_runtime_get_default ()));
}

/* Whether the breaker keeps the component from running. */
static gboolean
breaker_is_open (HealingCircuitBreaker *breaker)
{
  HealingCircuitState state = healing_circuit_breaker_get_state (breaker);

  return state == HEALING_CIRCUIT_OPEN || state == HEALING_CIRCUIT_FORCED_OPEN;
}

/* "Open, 4 s left", "Closed, 2 failures", ... */
static char *
dup_breaker_summary (HealingCircuitBreaker *breaker)
{
  HealingCircuitState state = healing_circuit_breaker_get_state (breaker);
  guint failures = healing_circuit_breaker_get_failure_count (breaker);

  if (state == HEALING_CIRCUIT_OPEN)
    {
      g_autofree char *left = dup_seconds_left (healing_circuit_breaker_get_remaining (breaker));

      /* Translators: an open circuit breaker; %s is the time until it lets a trial through, e.g. "4 s" */
      return g_strdup_printf (_("Open, %s left"), left);
    }

  if (state == HEALING_CIRCUIT_CLOSED && failures > 0)
    /* Translators: a closed circuit breaker that has counted failures */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Closed, %u failure", "Closed, %u failures",
                                         failures),
                            failures);

  return g_strdup (circuit_state_to_string (state));
}

/* "Next try in 3 s", or NULL when the container waits for no retry. */
static char *
dup_retry_text (Entry *entry)
{
  g_autofree char *left = NULL;

  if (healing_container_get_state (entry->container) != HEALING_STATE_RETRYING)
    return NULL;

  if (entry->retry_at == 0)
    /* Translators: a container will try its widget again, when is not known */
    return g_strdup (_("Next try pending"));

  left = dup_seconds_left (entry->retry_at - clock_now ());
  /* Translators: %s is the time until a container tries its widget again, e.g. "3 s" */
  return g_strdup_printf (_("Next try in %s"), left);
}

/* ------------------------------------------------------------------------
 * Entries
 * ------------------------------------------------------------------------ */

static void
entry_clear_breaker (Entry *entry)
{
  if (entry->breaker != NULL)
    g_clear_signal_handler (&entry->breaker_handler, entry->breaker);
  g_clear_object (&entry->breaker);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  entry_clear_breaker (entry);
  g_free (entry);
}

static Entry *
lookup_entry (HealingInspectorPage *self,
              HealingContainer     *container)
{
  if (container == NULL)
    return NULL;

  return g_hash_table_lookup (self->entries, container);
}

/* The breaker and retry line of a row. */
static void
update_entry_health (Entry *entry)
{
  g_autofree char *retry = dup_retry_text (entry);
  g_autofree char *breaker = NULL;
  g_autofree char *text = NULL;

  if (entry->breaker != NULL)
    {
      g_autofree char *summary = dup_breaker_summary (entry->breaker);

      /* Translators: the state of a container's circuit breaker in the list of containers, e.g. "Breaker: Open, 4 s left" */
      breaker = g_strdup_printf (_("Breaker: %s"), summary);
    }

  if (retry != NULL && breaker != NULL)
    /* Translators: joins the next retry and the breaker state of a container, e.g. "Next try in 3 s · Breaker: Closed" */
    text = g_strdup_printf (_("%1$s · %2$s"), retry, breaker);
  else
    text = g_strdup (retry != NULL ? retry : breaker);

  gtk_label_set_text (GTK_LABEL (entry->health_label), text != NULL ? text : "");
  gtk_widget_set_visible (entry->health_label, text != NULL);

  if (entry->breaker != NULL && breaker_is_open (entry->breaker))
    gtk_widget_add_css_class (entry->health_label, "error");
  else
    gtk_widget_remove_css_class (entry->health_label, "error");
}

static void
update_entry_row (Entry *entry)
{
  HealingContainer *container = entry->container;
  HealingFault *last = healing_container_get_last_fault (container);
  HealingState state = healing_container_get_state (container);
  g_autofree char *name = dup_component_name (container);
  g_autofree char *count = dup_fault_count (healing_container_get_fault_count (container));
  g_autofree char *last_text = NULL;
  g_autofree char *description = NULL;

  if (last != NULL)
    last_text = healing_fault_to_string (last);
  else
    /* Translators: shown in place of the last fault of a container that has had none */
    last_text = g_strdup (_("No faults"));

  gtk_label_set_text (GTK_LABEL (entry->id_label), name);
  gtk_label_set_text (GTK_LABEL (entry->state_label), state_to_string (state));
  gtk_label_set_text (GTK_LABEL (entry->count_label), count);
  gtk_label_set_text (GTK_LABEL (entry->last_label), last_text);
  gtk_widget_set_tooltip_text (entry->last_label, last != NULL ? last_text : NULL);

  if (state == HEALING_STATE_HEALTHY)
    gtk_widget_remove_css_class (entry->state_label, "error");
  else
    gtk_widget_add_css_class (entry->state_label, "error");

  update_entry_health (entry);

  /* Translators: how a screen reader reads a container in the list: 1: its
   * name, 2: its state, 3: its number of faults, e.g. "3 faults" */
  description = g_strdup_printf (_("%1$s, %2$s, %3$s"), name, state_to_string (state), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* Follows the breaker of the entry's component, which the runtime creates
 * on first use. */
static void breaker_notify_cb (Entry      *entry,
                               GParamSpec *pspec);

static void
sync_entry_breaker (Entry *entry)
{
  const char *id = healing_container_get_component_id (entry->container);
  HealingCircuitBreaker *breaker = NULL;

  if (id != NULL && *id != '\0')
    breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), id);

  if (breaker == entry->breaker)
    return;

  entry_clear_breaker (entry);
  if (breaker != NULL)
    {
      entry->breaker = g_object_ref (breaker);
      entry->breaker_handler = g_signal_connect_swapped (breaker, "notify",
                                                         G_CALLBACK (breaker_notify_cb), entry);
    }
}

static void
breaker_notify_cb (Entry      *entry,
                   GParamSpec *pspec)
{
  HealingInspectorPage *self = entry->page;

  /* Only what the page shows. */
  if (!g_str_equal (pspec->name, "state") &&
      !g_str_equal (pspec->name, "reason") &&
      !g_str_equal (pspec->name, "failure-count") &&
      !g_str_equal (pspec->name, "calls-in-window") &&
      !g_str_equal (pspec->name, "open-until"))
    return;

  update_entry_health (entry);

  if (entry == self->selected)
    {
      update_details (self);
      update_actions (self);
    }
}

static void
container_changed_cb (HealingInspectorPage *self,
                      GParamSpec           *pspec,
                      HealingContainer     *container)
{
  Entry *entry = lookup_entry (self, container);
  HealingState state;

  if (entry == NULL)
    return;

  state = healing_container_get_state (container);
  if (state != HEALING_STATE_RETRYING)
    entry->retry_at = 0;
  else if (entry->state != HEALING_STATE_RETRYING || entry->retry_at == 0)
    entry->retry_at = healing_container_get_retry_time (container);
  entry->state = state;

  if (g_str_equal (pspec->name, "component-id"))
    sync_entry_breaker (entry);

  update_entry_row (entry);

  if (entry == self->selected)
    {
      if (g_str_equal (pspec->name, "component-id"))
        {
          /* Another component: another log, breaker and policy. */
          set_selected (self, NULL);
          set_selected (self, entry);
          return;
        }

      if (g_str_equal (pspec->name, "policy"))
        update_policy (self);
      /* The container makes its ring on its first checkpoint, silently. */
      if (self->checkpoints == NULL)
        bind_checkpoints (self, peek_checkpoints (container));

      update_details (self);
      update_actions (self);
    }
}

static void container_weak_notify_cb (gpointer  data,
                                      GObject  *where_the_object_was);

static Entry *
add_entry (HealingInspectorPage *self,
           HealingContainer     *container)
{
  Entry *entry = g_new0 (Entry, 1);
  GtkWidget *box, *line;
  static const char * const notifications[] = {
    "notify::state", "notify::fault-count", "notify::component-id",
    "notify::child", "notify::policy",
  };
  guint i;

  entry->page = self;
  entry->container = container;
  entry->state = healing_container_get_state (container);
  if (entry->state == HEALING_STATE_RETRYING)
    entry->retry_at = healing_container_get_retry_time (container);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  entry->id_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (entry->id_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (entry->id_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (entry->id_label, TRUE);
  gtk_widget_add_css_class (entry->id_label, "heading");
  gtk_box_append (GTK_BOX (line), entry->id_label);
  entry->state_label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (line), entry->state_label);
  gtk_box_append (GTK_BOX (box), line);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  entry->last_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (entry->last_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (entry->last_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (entry->last_label, TRUE);
  gtk_widget_add_css_class (entry->last_label, "dim-label");
  gtk_box_append (GTK_BOX (line), entry->last_label);
  entry->count_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (entry->count_label, "dim-label");
  gtk_box_append (GTK_BOX (line), entry->count_label);
  gtk_box_append (GTK_BOX (box), line);

  entry->health_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (entry->health_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (entry->health_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (entry->health_label, "caption");
  gtk_box_append (GTK_BOX (box), entry->health_label);

  entry->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (entry->row), box);
  g_object_set_data (G_OBJECT (entry->row), ROW_CONTAINER_KEY, container);
  gtk_list_box_append (GTK_LIST_BOX (self->container_list), entry->row);

  g_hash_table_insert (self->entries, container, entry);

  for (i = 0; i < G_N_ELEMENTS (notifications); i++)
    g_signal_connect_object (container, notifications[i],
                             G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_weak_ref (G_OBJECT (container), container_weak_notify_cb, entry);

  sync_entry_breaker (entry);
  update_entry_row (entry);
  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "list");

  return entry;
}

/* Forgets @entry. @alive is FALSE when its container is being finalized. */
static void
remove_entry (HealingInspectorPage *self,
              Entry                *entry,
              gboolean              alive)
{
  HealingContainer *container = entry->container;
  GtkWidget *row = entry->row;

  if (alive)
    {
      g_signal_handlers_disconnect_by_data (container, self);
      g_object_weak_unref (G_OBJECT (container), container_weak_notify_cb, entry);
    }

  if (self->selected == entry)
    set_selected (self, NULL);

  /* Frees the entry. */
  g_hash_table_remove (self->entries, container);

  /* May emit ::row-selected, which finds no entry for the row any more. */
  gtk_list_box_remove (GTK_LIST_BOX (self->container_list), row);

  if (g_hash_table_size (self->entries) == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "empty");

  update_details (self);
  update_actions (self);
}

static void
container_weak_notify_cb (gpointer  data,
                          GObject  *where_the_object_was)
{
  Entry *entry = data;

  remove_entry (entry->page, entry, FALSE);
}

/* A breaker came into being: the containers of its component follow it. */
static void
breakers_changed_cb (HealingInspectorPage *self)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      sync_entry_breaker (entry);
      update_entry_health (entry);
    }

  update_details (self);
  update_actions (self);
}

/* Once a second while mapped: the countdowns, and nothing else. */
static gboolean
tick_cb (gpointer data)
{
  HealingInspectorPage *self = data;
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->state == HEALING_STATE_RETRYING ||
        (entry->breaker != NULL &&
         healing_circuit_breaker_get_state (entry->breaker) == HEALING_CIRCUIT_OPEN))
      update_entry_health (entry);

  if (self->selected != NULL)
    {
      g_autofree char *retry = dup_retry_text (self->selected);

      /* The container makes its ring on its first automatic checkpoint
       * and does not say so. */
      if (self->checkpoints == NULL)
        bind_checkpoints (self, peek_checkpoints (self->selected->container));
      HealingCircuitBreaker *breaker = self->selected->breaker;

      if (retry != NULL)
        gtk_label_set_text (GTK_LABEL (self->retry_label), retry);
      if (breaker != NULL && healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_OPEN)
        {
          g_autofree char *summary = dup_breaker_summary (breaker);
          g_autofree char *left = dup_seconds_left (healing_circuit_breaker_get_remaining (breaker));

          gtk_label_set_text (GTK_LABEL (self->breaker_summary_label), summary);
          gtk_label_set_text (GTK_LABEL (self->breaker_remaining_label), left);
        }
    }

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------
 * Finding the containers
 * ------------------------------------------------------------------------ */

/* The live containers of the process, in the order they were created (no
 * references). */
static GPtrArray *
collect_containers (HealingInspectorPage *self)
{
  guint i, n = g_list_model_get_n_items (self->containers);
  GPtrArray *found = g_ptr_array_sized_new (n);

  for (i = 0; i < n; i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (self->containers, i);

      g_ptr_array_add (found, container);
    }

  return found;
}

/* Brings the list in line with collect_containers (). */
static void
sync_containers (HealingInspectorPage *self)
{
  g_autoptr (GPtrArray) found = collect_containers (self);
  g_autoptr (GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  Entry *entry;
  guint i;

  g_clear_handle_id (&self->sync_id, g_source_remove);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    entry->seen = FALSE;

  for (i = 0; i < found->len; i++)
    {
      HealingContainer *container = g_ptr_array_index (found, i);

      entry = lookup_entry (self, container);
      if (entry == NULL)
        entry = add_entry (self, container);
      entry->seen = TRUE;
    }

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (!entry->seen)
      g_ptr_array_add (gone, entry);

  for (i = 0; i < gone->len; i++)
    remove_entry (self, g_ptr_array_index (gone, i), TRUE);

  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack),
                                    g_hash_table_size (self->entries) > 0 ? "list" : "empty");
}

static gboolean
sync_idle_cb (gpointer data)
{
  HealingInspectorPage *self = data;

  self->sync_id = 0;
  sync_containers (self);

  return G_SOURCE_REMOVE;
}

static void
queue_sync (HealingInspectorPage *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, sync_idle_cb, self, NULL);
}

/* Follows the registry. Containers come and go in the middle of building
 * or disposing widgets: the list catches up in an idle. */
static void
watch_containers (HealingInspectorPage *self)
{
  self->containers = g_object_ref (healing_runtime_get_containers (healing_runtime_get_default ()));
  g_signal_connect_object (self->containers, "items-changed",
                           G_CALLBACK (queue_sync), self, G_CONNECT_SWAPPED);
}

static void
unwatch_containers (HealingInspectorPage *self)
{
  g_clear_handle_id (&self->sync_id, g_source_remove);

  if (self->containers != NULL)
    g_signal_handlers_disconnect_by_data (self->containers, self);
  g_clear_object (&self->containers);
}

/* ------------------------------------------------------------------------
 * The fault log of the selected container
 * ------------------------------------------------------------------------ */

static gboolean
log_filter_func (gpointer item,
                 gpointer data)
{
  HealingInspectorPage *self = data;

  if (self->selected == NULL)
    return FALSE;

  return g_strcmp0 (healing_fault_entry_get_component_id (item), self->log_component_id) == 0;
}

/* Newest first. */
static int
log_compare_func (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  HealingFault *fault_a = healing_fault_entry_get_fault (HEALING_FAULT_ENTRY ((gpointer) a));
  HealingFault *fault_b = healing_fault_entry_get_fault (HEALING_FAULT_ENTRY ((gpointer) b));
  gint64 time_a = fault_a != NULL ? healing_fault_get_time (fault_a) : 0;
  gint64 time_b = fault_b != NULL ? healing_fault_get_time (fault_b) : 0;

  return time_a < time_b ? 1 : time_a > time_b ? -1 : 0;
}

static void
outcome_changed_cb (HealingFaultEntry *entry,
                    GParamSpec        *pspec,
                    GtkLabel          *label)
{
  HealingOutcome outcome = healing_fault_entry_get_outcome (entry);

  gtk_label_set_text (label, outcome_to_string (outcome));

  if (outcome == HEALING_OUTCOME_GAVE_UP)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (outcome == HEALING_OUTCOME_HEALED)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
}

/* "Strategy: Retry after 500 ms (attempt 1 of 3), class “crash”" */
static char *
dup_strategy_text (HealingFaultEntry *entry)
{
  HealingDecision *decision = healing_fault_entry_get_decision (entry);
  HealingStrategy strategy = healing_fault_entry_get_strategy (entry);
  g_autofree char *how = NULL;

  if (decision == NULL)
    /* Translators: the strategy chosen for a fault in the fault log, e.g. "Fallback" */
    return g_strdup_printf (_("Strategy: %s"), strategy_to_string (strategy));

  if (strategy == HEALING_STRATEGY_RETRY)
    /* Translators: how a fault is healed: 1: "Retry", 2: a delay in milliseconds,
     * 3: the attempt, 4: the number of attempts */
    how = g_strdup_printf (_("%1$s after %2$u ms (attempt %3$u of %4$u)"),
                           strategy_to_string (strategy),
                           healing_decision_get_delay (decision),
                           healing_decision_get_step_attempt (decision),
                           healing_decision_get_step_attempts (decision));
  else
    how = g_strdup (strategy_to_string (strategy));

  /* Translators: the strategy chosen for a fault in the fault log: 1: the
   * strategy, e.g. "Fallback", 2: the fault class of the policy, e.g. "crash" */
  return g_strdup_printf (_("Strategy: %1$s, class “%2$s”"),
                          how, healing_decision_get_fault_class (decision));
}

static GtkWidget *
create_log_row (gpointer item,
                gpointer data)
{
  HealingFaultEntry *entry = item;
  HealingFault *fault = healing_fault_entry_get_fault (entry);
  g_autofree char *time = dup_fault_time (fault);
  g_autofree char *what = NULL;
  g_autofree char *strategy = dup_strategy_text (entry);
  g_autofree char *description = NULL;
  const char *message = healing_fault_get_message (fault);
  const char *origin = healing_fault_get_origin (fault);
  GtkWidget *row, *box, *line, *label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (time);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (line), label);

  /* Translators: the kind and phase of a fault in the fault log, e.g. "Crash · Drawing" */
  what = g_strdup_printf (_("%1$s · %2$s"),
                          kind_to_string (healing_fault_get_kind (fault)),
                          phase_to_string (healing_fault_get_phase (fault)));
  label = gtk_label_new (what);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (line), label);

  if (healing_fault_get_taints_process (fault))
    {
      /* Translators: marks a fault after which the process can no longer be trusted */
      label = gtk_label_new (_("Taints the process"));
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (line), label);
    }

  label = gtk_label_new (NULL);
  outcome_changed_cb (entry, NULL, GTK_LABEL (label));
  g_signal_connect_object (entry, "notify::outcome", G_CALLBACK (outcome_changed_cb), label, 0);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (box), line);

  label = gtk_label_new (message != NULL ? message : "");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (origin != NULL)
    gtk_widget_set_tooltip_text (label, origin);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (strategy);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: how a screen reader reads a fault in the fault log: 1: its
   * time, 2: kind and phase, 3: its message, 4: the strategy */
  description = g_strdup_printf (_("%1$s, %2$s: %3$s. %4$s"), time, what,
                                 message != NULL ? message : "", strategy);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);

  return row;
}

static void
update_log_note (HealingInspectorPage *self)
{
  guint n_faults, n_logged;

  if (self->selected == NULL)
    return;

  n_faults = healing_container_get_fault_count (self->selected->container);
  n_logged = g_list_model_get_n_items (self->log_model);

  if (n_faults > n_logged)
    {
      g_autofree char *note = NULL;

      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: the runtime's fault log keeps the latest faults only */
                                           "%u earlier fault is no longer in the application’s fault log.",
                                           "%u earlier faults are no longer in the application’s fault log.",
                                           n_faults - n_logged),
                              n_faults - n_logged);
      gtk_label_set_text (GTK_LABEL (self->log_note_label), note);
      gtk_widget_set_visible (self->log_note_label, TRUE);
    }
  else if (n_logged == 0)
    {
      /* Translators: the fault log of a container that has not faulted */
      gtk_label_set_text (GTK_LABEL (self->log_note_label), _("No faults so far."));
      gtk_widget_set_visible (self->log_note_label, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->log_note_label, FALSE);
    }

  gtk_widget_set_visible (self->fault_list, n_logged > 0);
}

/* The runtime logged a fault, or dropped old ones. */
static void
fault_log_changed_cb (HealingInspectorPage *self)
{
  GHashTableIter iter;
  Entry *entry;

  /* A container seen retrying before its decision was logged. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->state == HEALING_STATE_RETRYING && entry->retry_at == 0)
      {
        entry->retry_at = healing_container_get_retry_time (entry->container);
        update_entry_health (entry);
      }

  update_log_note (self);
}

/* ------------------------------------------------------------------------
 * The checkpoints of the selected container
 * ------------------------------------------------------------------------ */

static void
quarantined_changed_cb (HealingCheckpoint *checkpoint,
                        GParamSpec        *pspec,
                        GtkWidget         *label)
{
  gtk_widget_set_visible (label, healing_checkpoint_get_quarantined (checkpoint));
}

static GtkWidget *
create_checkpoint_row (gpointer item,
                       gpointer data)
{
  HealingCheckpoint *checkpoint = item;
  g_autofree char *time = dup_checkpoint_time (checkpoint);
  g_autofree char *json = NULL;
  g_autofree char *size = NULL;
  g_autofree char *details = NULL;
  guint n_objects = healing_checkpoint_get_n_objects (checkpoint);
  gsize length = 0;
  GtkWidget *row, *box, *label;

  json = healing_checkpoint_to_data (checkpoint, &length);
  size = g_format_size (length);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  label = gtk_label_new (time);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);

  /* Translators: the size of a checkpoint: 1: its number of saved objects, 2: its size, e.g. "2.1 kB" */
  details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u object, %2$s", "%1$u objects, %2$s",
                                          n_objects),
                             n_objects, size);
  label = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  /* Translators: marks a checkpoint that faulted when restored, or soon after; it is not restored again automatically */
  label = gtk_label_new (_("Quarantined"));
  gtk_widget_add_css_class (label, "error");
  quarantined_changed_cb (checkpoint, NULL, label);
  g_signal_connect_object (checkpoint, "notify::quarantined",
                           G_CALLBACK (quarantined_changed_cb), label, 0);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

/* The checkpoint of the selected row (a new reference), or NULL. */
static HealingCheckpoint *
dup_chosen_checkpoint (HealingInspectorPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list));

  if (row == NULL || self->checkpoints == NULL)
    return NULL;

  return g_list_model_get_item (self->checkpoints, gtk_list_box_row_get_index (row));
}

static void
checkpoint_selected_cb (HealingInspectorPage *self)
{
  g_autoptr (HealingCheckpoint) checkpoint = dup_chosen_checkpoint (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->checkpoint_json_view));

  if (checkpoint != NULL)
    {
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      JsonNode *node = healing_checkpoint_to_json (checkpoint);
      g_autofree char *json = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, node);
      json = json_generator_to_data (generator, NULL);
      json_node_unref (node);

      gtk_text_buffer_set_text (buffer, json, -1);
    }
  else
    {
      gtk_text_buffer_set_text (buffer, "", -1);
    }

  gtk_widget_set_visible (gtk_widget_get_parent (self->checkpoint_json_view), checkpoint != NULL);
  update_checkpoint_note (self);
  update_actions (self);
}

static void
update_checkpoint_note (HealingInspectorPage *self)
{
  guint n = self->checkpoints != NULL ? g_list_model_get_n_items (self->checkpoints) : 0;

  if (n == 0)
    /* Translators: a container that has not saved the state of its widgets yet */
    gtk_label_set_text (GTK_LABEL (self->checkpoint_note_label), _("No checkpoints yet."));
  else if (gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list)) == NULL)
    gtk_label_set_text (GTK_LABEL (self->checkpoint_note_label),
                        /* Translators: explains the list of checkpoints */
                        _("Choose a checkpoint to see its JSON or restore it."));

  gtk_widget_set_visible (self->checkpoint_note_label,
                          n == 0 ||
                          gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list)) == NULL);
  gtk_widget_set_visible (self->checkpoint_list, n > 0);
}

static void
checkpoints_changed_cb (HealingInspectorPage *self)
{
  update_checkpoint_note (self);
  update_actions (self);
}

static void
set_status (HealingInspectorPage *self,
            const char           *status)
{
  gtk_label_set_text (GTK_LABEL (self->checkpoint_status_label), status != NULL ? status : "");
  gtk_widget_set_visible (self->checkpoint_status_label, status != NULL);
}

static GListModel *
peek_checkpoints (HealingContainer *container)
{
  return G_LIST_MODEL (healing_container_peek_checkpoint_ring (container));
}

static void
bind_checkpoints (HealingInspectorPage *self,
                  GListModel           *checkpoints)
{
  if (self->checkpoints == checkpoints)
    return;

  if (self->checkpoints != NULL)
    g_signal_handlers_disconnect_by_data (self->checkpoints, self);
  g_set_object (&self->checkpoints, checkpoints);

  gtk_list_box_bind_model (GTK_LIST_BOX (self->checkpoint_list), checkpoints,
                           checkpoints != NULL ? create_checkpoint_row : NULL, self, NULL);

  if (checkpoints != NULL)
    g_signal_connect_object (checkpoints, "items-changed",
                             G_CALLBACK (checkpoints_changed_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  checkpoint_selected_cb (self);
  update_checkpoint_note (self);
}

/* ------------------------------------------------------------------------
 * The policy in force for the selected container
 * ------------------------------------------------------------------------ */

static void
add_policy_row (HealingInspectorPage *self,
                int                   row,
                const char           *key,
                const char           *value,
                gboolean              monospace_key)
{
  GtkWidget *label;

  label = gtk_label_new (key);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  if (monospace_key)
    gtk_widget_add_css_class (label, "monospace");
  gtk_grid_attach (GTK_GRID (self->policy_grid), label, 0, row, 1, 1);

  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (GTK_GRID (self->policy_grid), label, 1, row, 1, 1);
}

static char *
dup_escalation_text (HealingPolicy *policy)
{
  const HealingStrategy *chain;
  gsize n_steps = 0, i;
  g_autoptr (GString) text = g_string_new (NULL);

  chain = healing_policy_get_escalation (policy, &n_steps);
  for (i = 0; i < n_steps; i++)
    {
      if (i > 0)
        g_string_append (text, " → ");
      g_string_append (text, strategy_to_string (chain[i]));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
policy_changed_cb (HealingInspectorPage *self)
{
  update_policy (self);
}

/* Rebuilds the policy section, and follows the policy in force. */
static void
update_policy (HealingInspectorPage *self)
{
  HealingContainer *container = self->selected != NULL ? self->selected->container : NULL;
  HealingPolicy *policy = NULL;
  g_autoptr (HealingPolicy) resolved = NULL;
  g_autofree char *escalation = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *breaker = NULL;
  g_autofree char *breaker_open = NULL;
  const char *file;
  GtkWidget *child;
  int row = 0;
  guint i;

  if (container != NULL)
    {
      policy = healing_container_get_policy (container);
      if (policy == NULL)
        policy = healing_runtime_get_policy (healing_runtime_get_default ());
    }

  if (self->policy != policy)
    {
      if (self->policy != NULL)
        g_signal_handlers_disconnect_by_func (self->policy, policy_changed_cb, self);
      g_set_object (&self->policy, policy);
      if (policy != NULL)
        g_signal_connect_object (policy, "changed", G_CALLBACK (policy_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  while ((child = gtk_widget_get_first_child (self->policy_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->policy_grid), child);

  if (policy == NULL)
    return;

  resolved = healing_policy_resolve (policy, healing_container_get_component_id (container));

  /* Translators: where the policy in force comes from */
  add_policy_row (self, row++, _("Source"),
                  healing_container_get_policy (container) != NULL ?
                  /* Translators: the policy in force was set on the container itself */
                  _("The container’s own policy") :
                  /* Translators: the policy in force is the application's, for every container */
                  _("The application’s policy"),
                  FALSE);

  file = healing_policy_get_file (policy);
  /* Translators: the configuration file the policy was loaded from */
  add_policy_row (self, row++, _("File"),
                  /* Translators: a policy that was not loaded from a file */
                  file != NULL ? file : _("None (defaults and code)"), FALSE);

  if (!healing_policy_get_enabled (resolved))
    add_policy_row (self, row++,
                    /* Translators: label of whether a policy heals faults at all */
                    _("Healing"),
                    /* Translators: a policy that switched healing off */
                    _("Turned off: faults are only shown"),
                    FALSE);

  escalation = dup_escalation_text (resolved);
  for (i = 0; i < G_N_ELEMENTS (builtin_classes); i++)
    {
      HealingStrategy strategy;
      g_autofree char *value = NULL;

      if (healing_policy_lookup_strategy (resolved, builtin_classes[i], &strategy))
        value = g_strdup (strategy_to_string (strategy));
      else
        /* Translators: a fault class without a strategy of its own goes through the escalation chain */
        value = g_strdup (_("Escalation chain"));

      add_policy_row (self, row++, builtin_classes[i], value, TRUE);
    }

  /* Translators: the strategies tried one after the other, e.g. "Retry → Restore checkpoint → Fallback" */
  add_policy_row (self, row++, _("Escalation"), escalation, FALSE);

  /* Translators: the retry settings: 1: number of attempts, 2: first delay in
   * milliseconds, 3: factor of each next delay, 4: longest delay in
   * milliseconds, 5: random variation in percent */
  retry = g_strdup_printf (_("%1$u attempts, first after %2$u ms, then ×%3$.1f, at most %4$u ms, ±%5$.0f %%"),
                           healing_policy_get_retry_max_attempts (resolved),
                           healing_policy_get_retry_initial_delay (resolved),
                           healing_policy_get_retry_multiplier (resolved),
                           healing_policy_get_retry_max_delay (resolved),
                           healing_policy_get_retry_jitter (resolved) * 100);
  /* Translators: label of the retry settings of a policy */
  add_policy_row (self, row++, _("Retry"), retry, FALSE);

  if (healing_policy_get_breaker_mode (resolved) == HEALING_CIRCUIT_MODE_CONSECUTIVE)
    breaker_open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: when a circuit breaker opens; %u is a number of failures */
                                                 "Opens after %u failure in a row",
                                                 "Opens after %u failures in a row",
                                                 healing_policy_get_breaker_threshold (resolved)),
                                    healing_policy_get_breaker_threshold (resolved));
  else
    breaker_open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: when a circuit breaker opens: 1: a number of failures, 2: a time window in milliseconds */
                                                 "Opens after %1$u failure within %2$u ms",
                                                 "Opens after %1$u failures within %2$u ms",
                                                 healing_policy_get_breaker_threshold (resolved)),
                                    healing_policy_get_breaker_threshold (resolved),
                                    healing_policy_get_breaker_window (resolved));
  /* Translators: the circuit-breaker settings: 1: when it opens, 2: how long
   * it stays open in milliseconds, 3: factor for each reopening, 4: longest
   * time open in milliseconds, 5: number of trial runs */
  breaker = g_strdup_printf (_("%1$s; stays open %2$u ms (×%3$.1f on each reopening, at most %4$u ms); %5$u trial runs"),
                             breaker_open,
                             healing_policy_get_breaker_open_timeout (resolved),
                             healing_policy_get_breaker_backoff_multiplier (resolved),
                             healing_policy_get_breaker_max_open_timeout (resolved),
                             healing_policy_get_breaker_half_open_trials (resolved));
  /* Translators: label of the circuit-breaker settings of a policy */
  add_policy_row (self, row++, _("Breaker"), breaker, FALSE);
}

static void
runtime_policy_changed_cb (HealingInspectorPage *self)
{
  update_policy (self);
}

/* ------------------------------------------------------------------------
 * Details of the selected container
 * ------------------------------------------------------------------------ */

static void
update_breaker_details (HealingInspectorPage *self)
{
  HealingCircuitBreaker *breaker = self->selected->breaker;
  HealingCircuitState state;
  const char *reason;
  g_autofree char *summary = NULL;
  g_autofree char *failures = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *remaining = NULL;
  guint n_opened;

  gtk_widget_set_visible (self->breaker_grid, breaker != NULL);
  gtk_widget_set_visible (self->breaker_none_label, breaker == NULL);
  healing_inspector_breaker_stats_set_breaker (HEALING_INSPECTOR_BREAKER_STATS (self->breaker_stats), breaker);

  if (breaker == NULL)
    {
      if (healing_container_get_component_id (self->selected->container) == NULL)
        gtk_label_set_text (GTK_LABEL (self->breaker_none_label),
                            /* Translators: a container without a component id has no shared circuit breaker to show */
                            _("Without a component id, the container has no shared circuit breaker."));
      else
        gtk_label_set_text (GTK_LABEL (self->breaker_none_label),
                            /* Translators: the circuit breaker of a component is created on its first use */
                            _("The component has no circuit breaker yet."));
      /* Translators: shown in place of the state of a circuit breaker that does not exist */
      gtk_label_set_text (GTK_LABEL (self->breaker_summary_label),
                          /* Translators: no circuit breaker */
                          C_("circuit breaker", "None"));
      return;
    }

  state = healing_circuit_breaker_get_state (breaker);
  reason = healing_circuit_breaker_get_reason (breaker);
  summary = dup_breaker_summary (breaker);
  if (healing_circuit_breaker_get_counts_successes (breaker))
    /* Translators: the failed calls in a circuit breaker's sliding window, out of the calls in it; the rate, not a count, opens it */
    failures = g_strdup_printf (_("%1$u of %2$u calls in the window"),
                                healing_circuit_breaker_get_failure_count (breaker),
                                healing_circuit_breaker_get_calls_in_window (breaker));
  else
    /* Translators: the failures a circuit breaker counted, out of the number that opens it */
    failures = g_strdup_printf (_("%1$u of %2$u"),
                                healing_circuit_breaker_get_failure_count (breaker),
                                healing_circuit_breaker_get_threshold (breaker));
  n_opened = healing_circuit_breaker_get_open_count (breaker);
  /* Translators: how often a circuit breaker opened */
  opened = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u time", "%u times", n_opened), n_opened);
  if (state == HEALING_CIRCUIT_OPEN)
    remaining = dup_seconds_left (healing_circuit_breaker_get_remaining (breaker));
  else if (state == HEALING_CIRCUIT_FORCED_OPEN)
    /* Translators: a circuit breaker held open stays open until it is reset */
    remaining = g_strdup (_("Until reset"));
  else
    /* Translators: no time left: the circuit breaker is not open */
    remaining = g_strdup (_("Not open"));

  gtk_label_set_text (GTK_LABEL (self->breaker_summary_label), summary);
  gtk_label_set_text (GTK_LABEL (self->breaker_state_label), circuit_state_to_string (state));
  /* Translators: a circuit breaker that never changed state */
  gtk_label_set_text (GTK_LABEL (self->breaker_reason_label), reason != NULL ? reason : _("No change yet"));
  gtk_label_set_text (GTK_LABEL (self->breaker_failures_label), failures);
  gtk_label_set_text (GTK_LABEL (self->breaker_opened_label), opened);
  gtk_label_set_text (GTK_LABEL (self->breaker_remaining_label), remaining);

  if (breaker_is_open (breaker))
    gtk_widget_add_css_class (self->breaker_state_label, "error");
  else
    gtk_widget_remove_css_class (self->breaker_state_label, "error");
}

static void
update_details (HealingInspectorPage *self)
{
  HealingContainer *container;
  HealingFault *last;
  GtkWidget *child;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *retry = NULL;

  if (self->selected == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->details_stack), "none");
      return;
    }

  container = self->selected->container;
  healing_patch_status_view_set_container (HEALING_PATCH_STATUS_VIEW (self->patch_status), container);
  last = healing_container_get_last_fault (container);
  child = healing_container_get_child (container);

  name = dup_component_name (container);
  count = g_strdup_printf ("%u", healing_container_get_fault_count (container));

  if (last != NULL)
    {
      g_autofree char *time = dup_fault_time (last);
      g_autofree char *text = healing_fault_to_string (last);

      /* Translators: 1: the time of a fault, 2: its description */
      last_text = g_strdup_printf (_("%1$s — %2$s"), time, text);
    }
  else
    {
      last_text = g_strdup (_("No faults"));
    }

  retry = dup_retry_text (self->selected);

  gtk_label_set_text (GTK_LABEL (self->title_label), name);
  gtk_label_set_text (GTK_LABEL (self->state_label),
                      state_to_string (healing_container_get_state (container)));
  gtk_label_set_text (GTK_LABEL (self->count_label), count);
  gtk_label_set_text (GTK_LABEL (self->last_fault_label), last_text);
  /* Translators: the widget a container guards, when it has none */
  gtk_label_set_text (GTK_LABEL (self->child_label),
                      child != NULL ? G_OBJECT_TYPE_NAME (child) :
                      /* Translators: no guarded widget */
                      C_("widget", "None"));
  /* Translators: a container that is not waiting to try its widget again */
  gtk_label_set_text (GTK_LABEL (self->retry_label), retry != NULL ? retry : _("Not scheduled"));

  if (healing_container_get_state (container) == HEALING_STATE_HEALTHY)
    gtk_widget_remove_css_class (self->state_label, "error");
  else
    gtk_widget_add_css_class (self->state_label, "error");

  update_breaker_details (self);
  update_log_note (self);
  update_checkpoint_note (self);

  gtk_stack_set_visible_child_name (GTK_STACK (self->details_stack), "details");
}

static void
update_actions (HealingInspectorPage *self)
{
  HealingContainer *container = self->selected != NULL ? self->selected->container : NULL;
  HealingCircuitBreaker *breaker = self->selected != NULL ? self->selected->breaker : NULL;
  HealingState state = container != NULL ? healing_container_get_state (container)
                                         : HEALING_STATE_HEALTHY;
  HealingCircuitState breaker_state = breaker != NULL ? healing_circuit_breaker_get_state (breaker)
                                                      : HEALING_CIRCUIT_CLOSED;
  GtkWidget *child = container != NULL ? healing_container_get_child (container) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.reset",
                                 child != NULL && state != HEALING_STATE_HEALTHY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.isolate",
                                 container != NULL && state != HEALING_STATE_ISOLATED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.inject", container != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.trip-breaker",
                                 breaker != NULL &&
                                 (breaker_state == HEALING_CIRCUIT_CLOSED ||
                                  breaker_state == HEALING_CIRCUIT_HALF_OPEN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.reset-breaker",
                                 breaker != NULL && breaker_state != HEALING_CIRCUIT_CLOSED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.checkpoint",
                                 child != NULL && state == HEALING_STATE_HEALTHY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.restore-checkpoint",
                                 child != NULL && self->checkpoints != NULL &&
                                 gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list)) != NULL);
}

/* Shows @entry's details, or none. */
static void
set_selected (HealingInspectorPage *self,
              Entry                *entry)
{
  if (self->selected == entry)
    return;

  self->selected = entry;

  /* Its faults. */
  g_clear_pointer (&self->log_component_id, g_free);
  if (entry != NULL)
    self->log_component_id = g_strdup (healing_container_get_component_id (entry->container));
  gtk_filter_changed (GTK_FILTER (self->log_filter), GTK_FILTER_CHANGE_DIFFERENT);

  /* Its checkpoints: the container's ring, if it has one yet (looking
   * must not create one). */
  bind_checkpoints (self, entry != NULL ? peek_checkpoints (entry->container) : NULL);
  set_status (self, NULL);

  /* Failure prediction. */
  healing_inspector_predictor_plot_set_container (HEALING_INSPECTOR_PREDICTOR_PLOT (self->predictor_plot),
                                                  entry != NULL ? entry->container : NULL);

  update_policy (self);
  update_details (self);
  update_actions (self);
}

static void
row_selected_cb (HealingInspectorPage *self,
                 GtkListBoxRow        *row)
{
  HealingContainer *container = NULL;

  if (row != NULL)
    container = g_object_get_data (G_OBJECT (row), ROW_CONTAINER_KEY);

  set_selected (self, lookup_entry (self, container));
}

/* Keeps the inject button's target in line with the chosen kind. */
static void
kind_selected_cb (HealingInspectorPage *self)
{
  guint position = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));

  if (position >= N_INJECTABLE_KINDS)
    return;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->inject_button), "s",
                                    enum_nick (HEALING_TYPE_FAULT_KIND, kind_labels[position].kind));
}

/* ------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------ */

static void
reset_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);

  if (self->selected != NULL)
    healing_container_reset (self->selected->container);
}

static void
isolate_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);

  if (self->selected != NULL)
    healing_container_isolate (self->selected->container);
}

static void
inject_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);
  const char *nick = g_variant_get_string (parameter, NULL);
  HealingContainer *container;
  GEnumClass *enum_class;
  GEnumValue *value;

  if (self->selected == NULL)
    return;

  enum_class = g_type_class_ref (HEALING_TYPE_FAULT_KIND);
  value = g_enum_get_value_by_nick (enum_class, nick);
  g_type_class_unref (enum_class);

  if (value == NULL)
    {
      g_warning ("libhealing: no fault of kind “%s” to inject", nick);
      return;
    }

  /* The container's handlers may drop the last reference on it. */
  container = g_object_ref (self->selected->container);
  healing_container_inject_fault (container, value->value);
  g_object_unref (container);
}

static void
trip_breaker_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);
  g_autoptr (HealingCircuitBreaker) breaker = NULL;

  if (self->selected == NULL || self->selected->breaker == NULL)
    return;

  /* Every container of the component stops running its child. */
  breaker = g_object_ref (self->selected->breaker);
  healing_circuit_breaker_trip (breaker);
}

static void
reset_breaker_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);
  g_autoptr (HealingCircuitBreaker) breaker = NULL;

  if (self->selected == NULL || self->selected->breaker == NULL)
    return;

  breaker = g_object_ref (self->selected->breaker);
  healing_circuit_breaker_reset (breaker);
}

static void
checkpoint_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);
  HealingCheckpoint *checkpoint;

  if (self->selected == NULL)
    return;

  checkpoint = healing_container_checkpoint (self->selected->container);
  /* The first checkpoint creates the ring. */
  bind_checkpoints (self, peek_checkpoints (self->selected->container));
  if (checkpoint == NULL)
    /* Translators: a checkpoint is only taken of a widget that runs */
    set_status (self, _("The container is not healthy: there is nothing to save."));
  else
    {
      g_autofree char *time = dup_checkpoint_time (checkpoint);
      g_autofree char *status = NULL;

      /* Translators: %s is the time of the newest checkpoint; an unchanged
       * state is not saved twice */
      status = g_strdup_printf (_("Newest checkpoint: %s."), time);
      set_status (self, status);
    }
}

typedef struct {
  HealingCheckpoint *checkpoint;
  GtkWidget *root;
  gboolean complete;
  char **unrestored;
} RestoreCall;

static void
restore_func (gpointer data)
{
  RestoreCall *call = data;

  call->complete = healing_checkpoint_restore (call->checkpoint, call->root, &call->unrestored);
}

/* Restores the chosen checkpoint into the container's child, inside the
 * fault trap, as the ring does: the ring itself only restores its newest
 * good checkpoint. A restore that faults quarantines the checkpoint and is
 * a fault of the container. */
static void
restore_checkpoint_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);
  g_autoptr (HealingCheckpoint) checkpoint = dup_chosen_checkpoint (self);
  g_autoptr (HealingContainer) container = NULL;
  g_autofree char *time = NULL;
  g_autofree char *status = NULL;
  HealingTrapFrame frame;
  RestoreCall call = { NULL, NULL, FALSE, NULL };

  if (self->selected == NULL || checkpoint == NULL ||
      healing_container_get_child (self->selected->container) == NULL)
    return;

  container = g_object_ref (self->selected->container);
  time = dup_checkpoint_time (checkpoint);
  call.checkpoint = checkpoint;
  call.root = g_object_ref (healing_container_get_child (container));

  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = healing_container_get_hang_timeout (container);

  if (!healing_trap_run (&frame, restore_func, &call))
    {
      healing_checkpoint_set_quarantined (checkpoint, TRUE);
      /* Translators: restoring a checkpoint crashed the widget; %s is the time of the checkpoint */
      status = g_strdup_printf (_("Restoring the checkpoint of %s faulted: it is quarantined."), time);
      healing_container_take_fault (container,
                                    healing_trap_frame_to_fault (&frame, HEALING_PHASE_CALLBACK,
                                                                 healing_container_get_component_id (container),
                                                                 "inspector: restore checkpoint"));
    }
  else if (call.complete)
    {
      /* Translators: %s is the time of the checkpoint restored */
      status = g_strdup_printf (_("Restored the checkpoint of %s."), time);
    }
  else
    {
      guint n = call.unrestored != NULL ? g_strv_length (call.unrestored) : 0;

      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: 1: the time of the checkpoint restored, 2: the
                                              * number of values or widgets that could not be put back */
                                             "Restored the checkpoint of %1$s, except %2$u value.",
                                             "Restored the checkpoint of %1$s, except %2$u values.",
                                             n),
                                time, n);
      if (call.unrestored != NULL)
        {
          g_autofree char *details = g_strjoinv ("\n", call.unrestored);

          gtk_widget_set_tooltip_text (self->checkpoint_status_label, details);
        }
    }

  healing_trap_frame_clear (&frame);
  g_strfreev (call.unrestored);
  g_object_unref (call.root);

  set_status (self, status);
}

/* ------------------------------------------------------------------------
 * GObject and GtkWidget
 * ------------------------------------------------------------------------ */

static void
set_object (HealingInspectorPage *self,
            GObject              *object)
{
  GtkWidget *container = NULL;

  if (!g_set_object (&self->object, object))
    return;

  if (GTK_IS_WIDGET (object))
    container = gtk_widget_get_ancestor (GTK_WIDGET (object), HEALING_TYPE_CONTAINER);

  /* Anything outside a container leaves the selection alone. */
  if (container != NULL)
    healing_inspector_page_select (self, HEALING_CONTAINER (container));

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OBJECT]);
}

static void
healing_inspector_page_map (GtkWidget *widget)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);

  GTK_WIDGET_CLASS (healing_inspector_page_parent_class)->map (widget);

  sync_containers (self);

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  tick_cb (self);
}

static void
healing_inspector_page_unmap (GtkWidget *widget)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (healing_inspector_page_parent_class)->unmap (widget);
}

static void
healing_inspector_page_dispose (GObject *object)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);
  HealingRuntime *runtime = healing_runtime_get_default ();
  GHashTableIter iter;
  Entry *entry;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  unwatch_containers (self);
  g_signal_handlers_disconnect_by_data (runtime, self);

  self->selected = NULL;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      g_signal_handlers_disconnect_by_data (entry->container, self);
      g_object_weak_unref (G_OBJECT (entry->container), container_weak_notify_cb, entry);
    }
  g_hash_table_remove_all (self->entries);

  if (self->fault_list != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->fault_list), NULL, NULL, NULL, NULL);
  if (self->checkpoint_list != NULL)
    bind_checkpoints (self, NULL);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->policy);

  if (self->log_model != NULL)
    g_signal_handlers_disconnect_by_data (self->log_model, self);
  if (self->fault_log != NULL)
    g_signal_handlers_disconnect_by_data (self->fault_log, self);
  if (self->breakers != NULL)
    g_signal_handlers_disconnect_by_data (self->breakers, self);
  if (self->log_filter != NULL)
    gtk_custom_filter_set_filter_func (self->log_filter, NULL, NULL, NULL);
  g_clear_object (&self->log_model);
  g_clear_object (&self->log_filter);
  g_clear_object (&self->fault_log);
  g_clear_object (&self->breakers);

  g_clear_object (&self->object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_PAGE);

  G_OBJECT_CLASS (healing_inspector_page_parent_class)->dispose (object);
}

static void
healing_inspector_page_finalize (GObject *object)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->log_component_id, g_free);

  G_OBJECT_CLASS (healing_inspector_page_parent_class)->finalize (object);
}

static void
healing_inspector_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      /* Translators: the title of libhealing's page in the GTK Inspector */
      g_value_set_string (value, _("Healing"));
      break;
    case PROP_OBJECT:
      g_value_set_object (value, self->object);
      break;
    case PROP_USE_PICKER:
      g_value_set_boolean (value, TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_OBJECT:
      set_object (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_page_class_init (HealingInspectorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_page_dispose;
  object_class->finalize = healing_inspector_page_finalize;
  object_class->get_property = healing_inspector_page_get_property;
  object_class->set_property = healing_inspector_page_set_property;

  widget_class->map = healing_inspector_page_map;
  widget_class->unmap = healing_inspector_page_unmap;

  /* The title of the inspector tab. */
  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* The object selected in the Objects tab, set by the inspector. */
  props[PROP_OBJECT] =
    g_param_spec_object ("object", NULL, NULL,
                         G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Whether the inspector shows its widget picker on this page: picking a
   * widget inside a container selects the container here. */
  props[PROP_USE_PICKER] =
    g_param_spec_boolean ("use-picker", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "healing.reset", NULL, reset_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.isolate", NULL, isolate_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.inject", "s", inject_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.trip-breaker", NULL, trip_breaker_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.reset-breaker", NULL, reset_breaker_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.checkpoint", NULL, checkpoint_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.restore-checkpoint", NULL,
                                   restore_checkpoint_action_cb);

  g_type_ensure (HEALING_TYPE_INSPECTOR_BREAKER_STATS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/ui/healing-inspector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, paned);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, container_list);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, info_grid);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, last_fault_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, child_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, retry_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_summary_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, log_note_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, fault_list);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_none_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_grid);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_state_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_reason_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_failures_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_opened_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_remaining_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_stats);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, checkpoint_note_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, checkpoint_status_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, checkpoint_list);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, checkpoint_json_view);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, policy_grid);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, inject_button);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, checkpoint_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorpage");
}

static void
healing_inspector_page_init (HealingInspectorPage *self)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkFilterListModel *filtered;
  GtkCustomSorter *sorter;
  guint i;

  self->entries = g_hash_table_new_full (NULL, NULL, NULL, entry_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Hot patches: below the container's summary. */
  self->patch_status = healing_patch_status_view_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->info_grid)),
                              self->patch_status, self->info_grid);
  /* Supervised restart: the restart history under the container list. */
  gtk_box_append (GTK_BOX (gtk_paned_get_start_child (GTK_PANED (self->paned))),
                  gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (gtk_paned_get_start_child (GTK_PANED (self->paned))),
                  healing_restart_history_new ());
  /* Failure prediction: the plot goes below the info grid. */
  self->predictor_plot = healing_inspector_predictor_plot_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->info_grid)),
                              self->predictor_plot, self->info_grid);

  for (i = 0; i < N_INJECTABLE_KINDS; i++)
    gtk_string_list_append (kinds, _(kind_labels[i].label));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->kind_dropdown), G_LIST_MODEL (kinds));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), 0);
  kind_selected_cb (self);

  /* The fault log of the selected container, from the runtime's. */
  self->fault_log = g_object_ref (healing_runtime_get_fault_log (runtime));
  self->log_filter = gtk_custom_filter_new (log_filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (self->fault_log),
                                        g_object_ref (GTK_FILTER (self->log_filter)));
  sorter = gtk_custom_sorter_new (log_compare_func, NULL, NULL);
  self->log_model = G_LIST_MODEL (gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                                           GTK_SORTER (sorter)));
  gtk_list_box_bind_model (GTK_LIST_BOX (self->fault_list), self->log_model,
                           create_log_row, self, NULL);
  g_signal_connect_object (self->log_model, "items-changed",
                           G_CALLBACK (update_log_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fault_log, "items-changed",
                           G_CALLBACK (fault_log_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->breakers = g_object_ref (healing_runtime_get_breakers (runtime));
  g_signal_connect_object (self->breakers, "items-changed",
                           G_CALLBACK (breakers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runtime, "notify::policy",
                           G_CALLBACK (runtime_policy_changed_cb), self, G_CONNECT_SWAPPED);

  update_details (self);
  update_actions (self);

  watch_containers (self);
  queue_sync (self);
}

/* ------------------------------------------------------------------------
 * Private API
 * ------------------------------------------------------------------------ */

void
healing_inspector_register (void)
{
  /* GTK registers the point in gtk_init (); registering it ourselves first
   * is what lets GTK_DEBUG=interactive, which opens the inspector inside
   * gtk_init (), find the page. Both calls are idempotent. */
  g_io_extension_point_register ("gtk-inspector-page");
  g_io_extension_point_implement ("gtk-inspector-page",
                                  HEALING_TYPE_INSPECTOR_PAGE,
                                  HEALING_INSPECTOR_PAGE_NAME,
                                  10);
}

HealingContainer *
healing_inspector_page_get_selected (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  return self->selected != NULL ? self->selected->container : NULL;
}

void
healing_inspector_page_select (HealingInspectorPage *self,
                               HealingContainer     *container)
{
  Entry *entry;

  g_return_if_fail (HEALING_IS_INSPECTOR_PAGE (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (container == NULL)
    {
      gtk_list_box_unselect_all (GTK_LIST_BOX (self->container_list));
      return;
    }

  entry = lookup_entry (self, container);
  if (entry == NULL)
    {
      sync_containers (self);
      entry = lookup_entry (self, container);
    }

  /* Not registered: list it all the same, it is alive. */
  if (entry == NULL)
    entry = add_entry (self, container);

  gtk_list_box_select_row (GTK_LIST_BOX (self->container_list),
                           GTK_LIST_BOX_ROW (entry->row));
}

guint
healing_inspector_page_get_n_containers (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), 0);

  return g_hash_table_size (self->entries);
}

HealingContainer *
healing_inspector_page_get_container (HealingInspectorPage *self,
                                      guint                 position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->container_list), position);
  if (row == NULL)
    return NULL;

  return g_object_get_data (G_OBJECT (row), ROW_CONTAINER_KEY);
}

GtkWidget *
healing_inspector_page_get_row (HealingInspectorPage *self,
                                HealingContainer     *container)
{
  Entry *entry;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  entry = lookup_entry (self, container);

  return entry != NULL ? entry->row : NULL;
}

guint
healing_inspector_page_get_n_log_entries (HealingInspectorPage *self,
                                          HealingContainer     *container)
{
  const char *id;
  guint i, n, count = 0;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), 0);
  g_return_val_if_fail (HEALING_IS_CONTAINER (container), 0);

  id = healing_container_get_component_id (container);
  n = g_list_model_get_n_items (self->fault_log);
  for (i = 0; i < n; i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (self->fault_log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), id) == 0)
        count++;
    }

  return count;
}

GListModel *
healing_inspector_page_get_log (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  return self->log_model;
}

void
healing_inspector_page_choose_checkpoint (HealingInspectorPage *self,
                                          guint                 position)
{
  GtkListBoxRow *row;

  g_return_if_fail (HEALING_IS_INSPECTOR_PAGE (self));

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->checkpoint_list), position);
  if (row != NULL)
    gtk_list_box_select_row (GTK_LIST_BOX (self->checkpoint_list), row);
  else
    gtk_list_box_unselect_all (GTK_LIST_BOX (self->checkpoint_list));
}
