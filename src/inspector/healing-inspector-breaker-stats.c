/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-breaker-stats-private.h"

/*
 * HealingInspectorBreakerStats:
 *
 * The Inspector's view of how a circuit breaker counts: its mode, the
 * failure and slow-call rates of its sliding window against their
 * thresholds, the calls in the window, and why it is in its state; with
 * buttons for the transitions the page's own actions do not offer
 * (half-open, metrics-only, closed).
 *
 * It follows the breaker's notifications; a time-based window also loses
 * calls as time passes, without any notification, so while such a breaker
 * is shown the view is refreshed every second.
 */
struct _HealingInspectorBreakerStats
{
  GtkWidget parent_instance;

  HealingCircuitBreaker *breaker;
  gulong notify_handler;
  guint tick_id;
  guint update_id;

  GtkWidget *grid;
  GtkWidget *mode_label;
  GtkWidget *failure_rate_label;
  GtkWidget *slow_rate_label;
  GtkWidget *calls_label;
  GtkWidget *reason_label;
  GtkWidget *half_open_button;
  GtkWidget *metrics_only_button;
  GtkWidget *close_button;
};

enum {
  PROP_0,
  PROP_BREAKER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingInspectorBreakerStats, healing_inspector_breaker_stats, GTK_TYPE_WIDGET)

static char *
format_ms (guint ms)
{
  if (ms >= 1000 && ms % 1000 == 0)
    /* Translators: a duration in whole seconds */
    return g_strdup_printf (_("%u s"), ms / 1000);
  if (ms >= 1000)
    /* Translators: a duration in seconds, with one decimal */
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%u ms"), ms);
}

static char *
format_percent (double percent)
{
  if (percent == (double) (gint64) percent)
    /* Translators: a percentage, such as a failure rate */
    return g_strdup_printf (_("%d %%"), (int) percent);
  /* Translators: a percentage with one decimal, such as a failure rate */
  return g_strdup_printf (_("%.1f %%"), percent);
}

static gboolean
is_rate_mode (HealingCircuitMode mode)
{
  return mode == HEALING_CIRCUIT_MODE_COUNT_BASED || mode == HEALING_CIRCUIT_MODE_TIME_BASED;
}

static char *
dup_mode_text (HealingCircuitBreaker *breaker)
{
  g_autofree char *window = format_ms (healing_circuit_breaker_get_window (breaker));
  guint threshold = healing_circuit_breaker_get_threshold (breaker);
  guint size = healing_circuit_breaker_get_window_size (breaker);

  switch (healing_circuit_breaker_get_mode (breaker))
    {
    case HEALING_CIRCUIT_MODE_WINDOW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: how a circuit breaker counts. 1: a number of failures, 2: a duration such as "10 s" */
                                           "Counting: %1$u failure in %2$s opens it",
                                           "Counting: %1$u failures in %2$s open it",
                                           threshold),
                              threshold, window);
    case HEALING_CIRCUIT_MODE_CONSECUTIVE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: how a circuit breaker counts; %u is a number of failures */
                                           "Counting: %u failure in a row opens it",
                                           "Counting: %u failures in a row open it",
                                           threshold),
                              threshold);
    case HEALING_CIRCUIT_MODE_COUNT_BASED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: how a circuit breaker counts; %u is a number of calls */
                                           "Rate over the last %u call",
                                           "Rate over the last %u calls",
                                           size),
                              size);
    case HEALING_CIRCUIT_MODE_TIME_BASED:
      /* Translators: how a circuit breaker counts; %s is a duration such as "10 s" */
      return g_strdup_printf (_("Rate over the last %s"), window);
    default:
      return g_strdup ("?");
    }
}

/* "40 % (opens at 50 %)", or why there is no rate. */
static char *
dup_rate_text (HealingCircuitBreaker *breaker,
               double                 rate,
               double                 threshold)
{
  g_autofree char *at = format_percent (threshold);
  g_autofree char *value = NULL;

  if (!is_rate_mode (healing_circuit_breaker_get_mode (breaker)))
    /* Translators: a circuit breaker that counts failures computes no rates */
    return g_strdup (_("Not used: the breaker counts failures"));

  if (rate < 0)
    {
      guint calls = healing_circuit_breaker_get_calls_in_window (breaker);
      guint minimum = healing_circuit_breaker_get_minimum_calls (breaker);

      if (healing_circuit_breaker_get_mode (breaker) == HEALING_CIRCUIT_MODE_COUNT_BASED)
        minimum = MIN (minimum, healing_circuit_breaker_get_window_size (breaker));
      /* Translators: a rate is computed only once enough calls were seen. 1: calls seen, 2: calls needed */
      return g_strdup_printf (_("Not computed yet: %1$u of %2$u calls"), calls, minimum);
    }

  value = format_percent (rate);
  /* Translators: a rate against the threshold at which the circuit opens, e.g. "40 % (opens at 50 %)" */
  return g_strdup_printf (_("%1$s (opens at %2$s)"), value, at);
}

static void
update (HealingInspectorBreakerStats *self)
{
  HealingCircuitBreaker *breaker = self->breaker;
  HealingCircuitState state;
  g_autofree char *mode = NULL;
  g_autofree char *failure_rate = NULL;
  g_autofree char *slow_rate = NULL;
  g_autofree char *calls = NULL;
  const char *reason;

  gtk_widget_set_visible (self->grid, breaker != NULL);
  if (breaker == NULL)
    return;

  mode = dup_mode_text (breaker);
  failure_rate = dup_rate_text (breaker,
                                healing_circuit_breaker_get_failure_rate (breaker),
                                healing_circuit_breaker_get_failure_rate_threshold (breaker));
  slow_rate = dup_rate_text (breaker,
                             healing_circuit_breaker_get_slow_call_rate (breaker),
                             healing_circuit_breaker_get_slow_call_rate_threshold (breaker));
  if (is_rate_mode (healing_circuit_breaker_get_mode (breaker)))
    {
      g_autofree char *slow = format_ms (healing_circuit_breaker_get_slow_call_duration (breaker));

      /* Translators: calls in a circuit breaker's window. 1: calls, 2: failed calls, 3: slow calls, 4: the duration from which a call is slow */
      calls = g_strdup_printf (_("%1$u (%2$u failed, %3$u took %4$s or more)"),
                               healing_circuit_breaker_get_calls_in_window (breaker),
                               healing_circuit_breaker_get_failure_count (breaker),
                               healing_circuit_breaker_get_slow_calls_in_window (breaker),
                               slow);
    }
  else
    /* Translators: a circuit breaker that counts failures keeps no window of calls */
    calls = g_strdup (_("Not kept: the breaker counts failures"));

  reason = healing_circuit_breaker_get_reason (breaker);

  gtk_label_set_text (GTK_LABEL (self->mode_label), mode);
  gtk_label_set_text (GTK_LABEL (self->failure_rate_label), failure_rate);
  gtk_label_set_text (GTK_LABEL (self->slow_rate_label), slow_rate);
  gtk_label_set_text (GTK_LABEL (self->calls_label), calls);
  gtk_label_set_text (GTK_LABEL (self->reason_label), reason != NULL ? reason : "");

  state = healing_circuit_breaker_get_state (breaker);
  gtk_widget_set_sensitive (self->half_open_button, state != HEALING_CIRCUIT_HALF_OPEN);
  gtk_widget_set_sensitive (self->metrics_only_button, state != HEALING_CIRCUIT_METRICS_ONLY);
  gtk_widget_set_sensitive (self->close_button, state != HEALING_CIRCUIT_CLOSED);
}

static gboolean
tick_cb (gpointer data)
{
  update (data);

  return G_SOURCE_CONTINUE;
}

/* Only a mapped view of a time-based window needs the clock. */
static void
update_tick (HealingInspectorBreakerStats *self)
{
  gboolean wanted = self->breaker != NULL &&
                    gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                    healing_circuit_breaker_get_mode (self->breaker) == HEALING_CIRCUIT_MODE_TIME_BASED;

  if (wanted && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (!wanted && self->tick_id != 0)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
update_idle_cb (gpointer data)
{
  HealingInspectorBreakerStats *self = data;

  self->update_id = 0;
  update (self);
  update_tick (self);

  return G_SOURCE_REMOVE;
}

/* A call notifies several properties, and a container reports a call per
 * frame, from inside the frame: update once, after it. */
static void
breaker_notify_cb (HealingInspectorBreakerStats *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_idle_cb, self);
}

static void
half_open_clicked_cb (HealingInspectorBreakerStats *self)
{
  if (self->breaker != NULL)
    healing_circuit_breaker_transition_to_half_open (self->breaker);
}

static void
metrics_only_clicked_cb (HealingInspectorBreakerStats *self)
{
  if (self->breaker != NULL)
    healing_circuit_breaker_transition_to_metrics_only (self->breaker);
}

static void
close_clicked_cb (HealingInspectorBreakerStats *self)
{
  if (self->breaker != NULL)
    healing_circuit_breaker_transition_to_closed (self->breaker);
}

static GtkWidget *
add_row (HealingInspectorBreakerStats *self,
         int                           row,
         const char                   *title)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_grid_attach (GTK_GRID (self->grid), name, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), value, 1, row, 1, 1);

  return value;
}

static GtkWidget *
add_button (GtkWidget  *box,
            const char *label,
            GCallback   callback,
            gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_swapped (button, "clicked", callback, data);
  gtk_box_append (GTK_BOX (box), button);

  return button;
}

static void
healing_inspector_breaker_stats_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (healing_inspector_breaker_stats_parent_class)->map (widget);

  update (HEALING_INSPECTOR_BREAKER_STATS (widget));
  update_tick (HEALING_INSPECTOR_BREAKER_STATS (widget));
}

static void
healing_inspector_breaker_stats_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (healing_inspector_breaker_stats_parent_class)->unmap (widget);

  update_tick (HEALING_INSPECTOR_BREAKER_STATS (widget));
}

static void
healing_inspector_breaker_stats_dispose (GObject *object)
{
  HealingInspectorBreakerStats *self = HEALING_INSPECTOR_BREAKER_STATS (object);

  healing_inspector_breaker_stats_set_breaker (self, NULL);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (healing_inspector_breaker_stats_parent_class)->dispose (object);
}

static void
healing_inspector_breaker_stats_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  HealingInspectorBreakerStats *self = HEALING_INSPECTOR_BREAKER_STATS (object);

  switch (prop_id)
    {
    case PROP_BREAKER:
      g_value_set_object (value, self->breaker);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_breaker_stats_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  HealingInspectorBreakerStats *self = HEALING_INSPECTOR_BREAKER_STATS (object);

  switch (prop_id)
    {
    case PROP_BREAKER:
      healing_inspector_breaker_stats_set_breaker (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_breaker_stats_class_init (HealingInspectorBreakerStatsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_breaker_stats_dispose;
  object_class->get_property = healing_inspector_breaker_stats_get_property;
  object_class->set_property = healing_inspector_breaker_stats_set_property;

  widget_class->map = healing_inspector_breaker_stats_map;
  widget_class->unmap = healing_inspector_breaker_stats_unmap;

  /* The breaker shown, or NULL. */
  props[PROP_BREAKER] =
    g_param_spec_object ("breaker", NULL, NULL,
                         HEALING_TYPE_CIRCUIT_BREAKER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healingbreakerstats");
}

static void
healing_inspector_breaker_stats_init (HealingInspectorBreakerStats *self)
{
  GtkWidget *buttons;

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  /* Translators: label of how a circuit breaker counts failures */
  self->mode_label = add_row (self, 0, _("Counts"));
  /* Translators: label of the failure rate of a circuit breaker's window */
  self->failure_rate_label = add_row (self, 1, _("Failure rate"));
  /* Translators: label of the rate of slow calls in a circuit breaker's window */
  self->slow_rate_label = add_row (self, 2, _("Slow-call rate"));
  /* Translators: label of the number of calls in a circuit breaker's sliding window */
  self->calls_label = add_row (self, 3, _("Calls in window"));
  /* Translators: label of why a circuit breaker is in its state */
  self->reason_label = add_row (self, 4, _("Why"));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* Translators: button that lets trial runs of a component through now */
  self->half_open_button = add_button (buttons, _("_Half-Open"), G_CALLBACK (half_open_clicked_cb), self);
  /* Translators: button that makes a circuit breaker count calls without ever opening */
  self->metrics_only_button = add_button (buttons, _("_Metrics Only"), G_CALLBACK (metrics_only_clicked_cb), self);
  /* Translators: button that closes a circuit breaker now */
  self->close_button = add_button (buttons, _("C_lose"), G_CALLBACK (close_clicked_cb), self);
  gtk_grid_attach (GTK_GRID (self->grid), buttons, 0, 5, 2, 1);

  update (self);
}

GtkWidget *
healing_inspector_breaker_stats_new (void)
{
  return g_object_new (HEALING_TYPE_INSPECTOR_BREAKER_STATS, NULL);
}

HealingCircuitBreaker *
healing_inspector_breaker_stats_get_breaker (HealingInspectorBreakerStats *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_BREAKER_STATS (self), NULL);

  return self->breaker;
}

void
healing_inspector_breaker_stats_set_breaker (HealingInspectorBreakerStats *self,
                                             HealingCircuitBreaker        *breaker)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_BREAKER_STATS (self));
  g_return_if_fail (breaker == NULL || HEALING_IS_CIRCUIT_BREAKER (breaker));

  if (self->breaker == breaker)
    return;

  if (self->breaker != NULL)
    g_clear_signal_handler (&self->notify_handler, self->breaker);
  g_set_object (&self->breaker, breaker);
  if (breaker != NULL)
    self->notify_handler = g_signal_connect_swapped (breaker, "notify",
                                                     G_CALLBACK (breaker_notify_cb), self);

  update (self);
  update_tick (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BREAKER]);
}
