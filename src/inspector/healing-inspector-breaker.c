/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-breaker-private.h"
#include "healing-inspector-words-private.h"

#include "healing-inspector-breaker-stats-private.h"

#include "healing-runtime.h"

/*
 * HealingInspectorBreaker:
 *
 * The "Circuit Breaker" pane of the inspector page: the breaker the
 * selected container's component shares (state, why it last changed, its
 * failures, how often it opened, how long it stays open), its rates and
 * manual transitions (HealingInspectorBreakerStats), and the actions that
 * trip or reset it. Without a component id, or before the runtime made
 * the component's breaker, it says so.
 */

struct _HealingInspectorBreaker
{
  GtkWidget parent_instance;

  GtkWidget *breaker_none_label;
  GtkWidget *breaker_grid;
  GtkWidget *breaker_state_label;
  GtkWidget *breaker_reason_label;
  GtkWidget *breaker_failures_label;
  GtkWidget *breaker_opened_label;
  GtkWidget *breaker_remaining_label;
  GtkWidget *breaker_stats;     /* rates and manual transitions (issue 17) */

  HealingContainer *container;

  /* The component's breaker (a reference: breakers live as long as the
   * runtime), NULL without one. */
  HealingCircuitBreaker *breaker;

  /* The runtime's breakers, followed for the one of the component. */
  GListModel *breakers;

  /* Refreshes the time left once a second while mapped. */
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorBreaker, healing_inspector_breaker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAINER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

static void
update_actions (HealingInspectorBreaker *self)
{
  HealingCircuitBreaker *breaker = self->breaker;
  HealingCircuitState breaker_state = breaker != NULL ? healing_circuit_breaker_get_state (breaker)
                                                      : HEALING_CIRCUIT_CLOSED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.trip-breaker",
                                 breaker != NULL &&
                                 (breaker_state == HEALING_CIRCUIT_CLOSED ||
                                  breaker_state == HEALING_CIRCUIT_HALF_OPEN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.reset-breaker",
                                 breaker != NULL && breaker_state != HEALING_CIRCUIT_CLOSED);
}

static void
update_breaker (HealingInspectorBreaker *self)
{
  HealingCircuitBreaker *breaker = self->breaker;
  HealingCircuitState state;
  const char *reason;
  g_autofree char *failures = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *remaining = NULL;
  guint n_opened;

  gtk_widget_set_visible (self->breaker_grid, breaker != NULL);
  gtk_widget_set_visible (self->breaker_none_label, breaker == NULL);
  healing_inspector_breaker_stats_set_breaker (HEALING_INSPECTOR_BREAKER_STATS (self->breaker_stats), breaker);

  if (breaker == NULL)
    {
      if (self->container != NULL && healing_container_get_component_id (self->container) == NULL)
        gtk_label_set_text (GTK_LABEL (self->breaker_none_label),
                            /* Translators: a container without a component id has no shared circuit breaker to show */
                            _("Without a component id, the container has no shared circuit breaker."));
      else
        gtk_label_set_text (GTK_LABEL (self->breaker_none_label),
                            /* Translators: the circuit breaker of a component is created on its first use */
                            _("The component has no circuit breaker yet."));
      update_actions (self);
      return;
    }

  state = healing_circuit_breaker_get_state (breaker);
  reason = healing_circuit_breaker_get_reason (breaker);
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
    remaining = healing_inspector_dup_seconds_left (healing_circuit_breaker_get_remaining (breaker));
  else if (state == HEALING_CIRCUIT_FORCED_OPEN)
    /* Translators: a circuit breaker held open stays open until it is reset */
    remaining = g_strdup (_("Until reset"));
  else
    /* Translators: no time left: the circuit breaker is not open */
    remaining = g_strdup (_("Not open"));

  gtk_label_set_text (GTK_LABEL (self->breaker_state_label), healing_inspector_circuit_state_to_string (state));
  /* Translators: a circuit breaker that never changed state */
  gtk_label_set_text (GTK_LABEL (self->breaker_reason_label), reason != NULL ? reason : _("No change yet"));
  gtk_label_set_text (GTK_LABEL (self->breaker_failures_label), failures);
  gtk_label_set_text (GTK_LABEL (self->breaker_opened_label), opened);
  gtk_label_set_text (GTK_LABEL (self->breaker_remaining_label), remaining);

  if (healing_inspector_breaker_is_open (breaker))
    gtk_widget_add_css_class (self->breaker_state_label, "error");
  else
    gtk_widget_remove_css_class (self->breaker_state_label, "error");

  update_actions (self);
}

static void
breaker_notify_cb (HealingInspectorBreaker *self,
                   GParamSpec              *pspec)
{
  if (!healing_inspector_breaker_change_shown (pspec))
    return;

  update_breaker (self);
}

/* Follows the breaker of the container's component, which the runtime
 * creates on first use. */
static void
sync_breaker (HealingInspectorBreaker *self)
{
  HealingCircuitBreaker *breaker = NULL;

  if (self->container != NULL)
    breaker = healing_inspector_lookup_breaker (self->container);

  if (breaker == self->breaker)
    return;

  if (self->breaker != NULL)
    g_signal_handlers_disconnect_by_data (self->breaker, self);
  g_set_object (&self->breaker, breaker);
  if (breaker != NULL)
    g_signal_connect_object (breaker, "notify",
                             G_CALLBACK (breaker_notify_cb), self, G_CONNECT_SWAPPED);
}

/* A breaker came into being. */
static void
breakers_changed_cb (HealingInspectorBreaker *self)
{
  sync_breaker (self);
  update_breaker (self);
}

static void
trip_breaker_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (widget);
  g_autoptr (HealingCircuitBreaker) breaker = NULL;

  if (self->breaker == NULL)
    return;

  /* Every container of the component stops running its child. */
  breaker = g_object_ref (self->breaker);
  healing_circuit_breaker_trip (breaker);
}

static void
reset_breaker_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (widget);
  g_autoptr (HealingCircuitBreaker) breaker = NULL;

  if (self->breaker == NULL)
    return;

  breaker = g_object_ref (self->breaker);
  healing_circuit_breaker_reset (breaker);
}


/* Once a second while mapped: the countdowns. */
static gboolean
tick_cb (gpointer data)
{
  HealingInspectorBreaker *self = data;

  if (self->breaker != NULL && healing_circuit_breaker_get_state (self->breaker) == HEALING_CIRCUIT_OPEN)
    {
      g_autofree char *left = healing_inspector_dup_seconds_left (healing_circuit_breaker_get_remaining (self->breaker));

      gtk_label_set_text (GTK_LABEL (self->breaker_remaining_label), left);
    }

  return G_SOURCE_CONTINUE;
}

static void
healing_inspector_breaker_map (GtkWidget *widget)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (widget);

  GTK_WIDGET_CLASS (healing_inspector_breaker_parent_class)->map (widget);

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  tick_cb (self);
}

static void
healing_inspector_breaker_unmap (GtkWidget *widget)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (healing_inspector_breaker_parent_class)->unmap (widget);
}

static void
healing_inspector_breaker_dispose (GObject *object)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (object);
  GtkWidget *child;

  healing_inspector_breaker_set_container (self, NULL);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->breakers != NULL)
    g_signal_handlers_disconnect_by_data (self->breakers, self);
  g_clear_object (&self->breakers);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_BREAKER);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_breaker_parent_class)->dispose (object);
}

static void
healing_inspector_breaker_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (object);

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
healing_inspector_breaker_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  HealingInspectorBreaker *self = HEALING_INSPECTOR_BREAKER (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      healing_inspector_breaker_set_container (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_breaker_class_init (HealingInspectorBreakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_breaker_dispose;
  object_class->get_property = healing_inspector_breaker_get_property;
  object_class->set_property = healing_inspector_breaker_set_property;
  widget_class->map = healing_inspector_breaker_map;
  widget_class->unmap = healing_inspector_breaker_unmap;

  /* The container shown. */
  props[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "healing.trip-breaker", NULL, trip_breaker_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.reset-breaker", NULL, reset_breaker_action_cb);

  g_type_ensure (HEALING_TYPE_INSPECTOR_BREAKER_STATS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-breaker.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_none_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_grid);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_state_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_reason_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_failures_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_opened_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_remaining_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorBreaker, breaker_stats);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorbreaker");
}

static void
healing_inspector_breaker_init (HealingInspectorBreaker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->breakers = g_object_ref (healing_runtime_get_breakers (healing_runtime_get_default ()));
  g_signal_connect_object (self->breakers, "items-changed",
                           G_CALLBACK (breakers_changed_cb), self, G_CONNECT_SWAPPED);

  update_breaker (self);
}

HealingContainer *
healing_inspector_breaker_get_container (HealingInspectorBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_BREAKER (self), NULL);

  return self->container;
}

void
healing_inspector_breaker_set_container (HealingInspectorBreaker *self,
                                         HealingContainer        *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_BREAKER (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (self->container == container)
    return;

  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  self->container = container;

  sync_breaker (self);
  update_breaker (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTAINER]);
}
