/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-fault-log-private.h"
#include "healing-inspector-words-private.h"

#include "healing-runtime.h"

/*
 * HealingInspectorFaultLog:
 *
 * The "Fault Log" pane of the inspector page: the faults of the selected
 * container's component from the runtime's fault log, newest first, with
 * the strategy the policy chose and, live, what came of it. Faults from
 * before the inspector was opened are there too; a note says how many
 * older ones the log no longer holds.
 */

struct _HealingInspectorFaultLog
{
  GtkWidget parent_instance;

  GtkWidget *log_note_label;
  GtkWidget *fault_list;

  HealingContainer *container;

  /* The runtime's fault log, and that of the container: filtered by its
   * component id, newest first. */
  GListModel *fault_log;
  GtkCustomFilter *log_filter;
  GListModel *log_model;
  char *log_component_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorFaultLog, healing_inspector_fault_log, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAINER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

static gboolean
log_filter_func (gpointer item,
                 gpointer data)
{
  HealingInspectorFaultLog *self = data;

  if (self->container == NULL)
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

  gtk_label_set_text (label, healing_inspector_outcome_to_string (outcome));

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
    return g_strdup_printf (_("Strategy: %s"), healing_inspector_strategy_to_string (strategy));

  if (strategy == HEALING_STRATEGY_RETRY)
    /* Translators: how a fault is healed: 1: "Retry", 2: a delay in milliseconds,
     * 3: the attempt, 4: the number of attempts */
    how = g_strdup_printf (_("%1$s after %2$u ms (attempt %3$u of %4$u)"),
                           healing_inspector_strategy_to_string (strategy),
                           healing_decision_get_delay (decision),
                           healing_decision_get_step_attempt (decision),
                           healing_decision_get_step_attempts (decision));
  else
    how = g_strdup (healing_inspector_strategy_to_string (strategy));

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
  g_autofree char *time = healing_inspector_dup_fault_time (fault);
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
                          healing_inspector_kind_to_string (healing_fault_get_kind (fault)),
                          healing_inspector_phase_to_string (healing_fault_get_phase (fault)));
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
update_log_note (HealingInspectorFaultLog *self)
{
  guint n_faults, n_logged;

  if (self->container == NULL)
    return;

  n_faults = healing_container_get_fault_count (self->container);
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


static void
healing_inspector_fault_log_dispose (GObject *object)
{
  HealingInspectorFaultLog *self = HEALING_INSPECTOR_FAULT_LOG (object);
  GtkWidget *child;

  healing_inspector_fault_log_set_container (self, NULL);

  if (self->fault_list != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->fault_list), NULL, NULL, NULL, NULL);
  if (self->log_model != NULL)
    g_signal_handlers_disconnect_by_data (self->log_model, self);
  if (self->log_filter != NULL)
    gtk_custom_filter_set_filter_func (self->log_filter, NULL, NULL, NULL);
  g_clear_object (&self->log_model);
  g_clear_object (&self->log_filter);
  g_clear_object (&self->fault_log);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_FAULT_LOG);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_fault_log_parent_class)->dispose (object);
}

static void
healing_inspector_fault_log_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  HealingInspectorFaultLog *self = HEALING_INSPECTOR_FAULT_LOG (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      g_value_set_object (value, self->container);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_fault_log_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  HealingInspectorFaultLog *self = HEALING_INSPECTOR_FAULT_LOG (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      healing_inspector_fault_log_set_container (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_fault_log_class_init (HealingInspectorFaultLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_fault_log_dispose;
  object_class->get_property = healing_inspector_fault_log_get_property;
  object_class->set_property = healing_inspector_fault_log_set_property;

  /* The container shown. */
  props[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-fault-log.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorFaultLog, log_note_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorFaultLog, fault_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorfaultlog");
}

static void
healing_inspector_fault_log_init (HealingInspectorFaultLog *self)
{
  GtkFilterListModel *filtered;
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->fault_log = g_object_ref (healing_runtime_get_fault_log (healing_runtime_get_default ()));
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
  update_log_note (self);
}

HealingContainer *
healing_inspector_fault_log_get_container (HealingInspectorFaultLog *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_FAULT_LOG (self), NULL);

  return self->container;
}

void
healing_inspector_fault_log_set_container (HealingInspectorFaultLog *self,
                                           HealingContainer         *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_FAULT_LOG (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (self->container == container)
    return;

  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  self->container = container;
  if (container != NULL)
    g_signal_connect_object (container, "notify::fault-count",
                             G_CALLBACK (update_log_note), self, G_CONNECT_SWAPPED);

  g_clear_pointer (&self->log_component_id, g_free);
  if (container != NULL)
    self->log_component_id = g_strdup (healing_container_get_component_id (container));
  gtk_filter_changed (GTK_FILTER (self->log_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_log_note (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTAINER]);
}

GListModel *
healing_inspector_fault_log_get_log (HealingInspectorFaultLog *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_FAULT_LOG (self), NULL);

  return self->log_model;
}
