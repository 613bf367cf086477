/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-container-info-private.h"
#include "healing-inspector-words-private.h"

#include "healing-container-private.h"
#include "healing-runtime.h"

/*
 * HealingInspectorContainerInfo:
 *
 * The summary of the selected container on the inspector page: its name,
 * state, fault count, last fault, guarded widget, next retry and the
 * state of its component's breaker, and the actions that try it again
 * (healing.reset) or isolate it (healing.isolate). The retry and an open
 * breaker are counted down once a second while the pane is mapped.
 */

struct _HealingInspectorContainerInfo
{
  GtkWidget parent_instance;

  GtkWidget *title_label;
  GtkWidget *state_label;
  GtkWidget *count_label;
  GtkWidget *last_fault_label;
  GtkWidget *child_label;
  GtkWidget *retry_label;
  GtkWidget *breaker_summary_label;

  HealingContainer *container;

  /* The state last seen, and when the pending retry is due on the
   * runtime's clock (0: not known). */
  HealingState state;
  gint64 retry_at;

  /* The component's breaker (a reference: breakers live as long as the
   * runtime), NULL without one. */
  HealingCircuitBreaker *breaker;

  /* The runtime's breakers and fault log. */
  GListModel *breakers;
  GListModel *fault_log;

  /* Refreshes the countdowns once a second while mapped. */
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorContainerInfo, healing_inspector_container_info, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAINER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

/* The breaker line of the summary; the breaker pane shows the rest. */
static void
update_breaker_summary (HealingInspectorContainerInfo *self)
{
  HealingCircuitBreaker *breaker = self->breaker;
  g_autofree char *summary = NULL;

  if (breaker == NULL)
    {
      /* Translators: shown in place of the state of a circuit breaker that does not exist */
      gtk_label_set_text (GTK_LABEL (self->breaker_summary_label),
                          /* Translators: no circuit breaker */
                          C_("circuit breaker", "None"));
      return;
    }

  summary = healing_inspector_dup_breaker_summary (breaker);
  gtk_label_set_text (GTK_LABEL (self->breaker_summary_label), summary);
}

static void
update_info (HealingInspectorContainerInfo *self)
{
  HealingContainer *container = self->container;
  HealingFault *last;
  GtkWidget *child;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *retry = NULL;

  if (container == NULL)
    return;

  last = healing_container_get_last_fault (container);
  child = healing_container_get_child (container);

  name = healing_inspector_dup_component_name (container);
  count = g_strdup_printf ("%u", healing_container_get_fault_count (container));

  if (last != NULL)
    {
      g_autofree char *time = healing_inspector_dup_fault_time (last);
      g_autofree char *text = healing_fault_to_string (last);

      /* Translators: 1: the time of a fault, 2: its description */
      last_text = g_strdup_printf (_("%1$s — %2$s"), time, text);
    }
  else
    {
      last_text = g_strdup (_("No faults"));
    }

  retry = healing_inspector_dup_retry_text (container, self->retry_at);

  gtk_label_set_text (GTK_LABEL (self->title_label), name);
  gtk_label_set_text (GTK_LABEL (self->state_label),
                      healing_inspector_state_to_string (healing_container_get_state (container)));
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

  update_breaker_summary (self);
}

static void
update_actions (HealingInspectorContainerInfo *self)
{
  HealingContainer *container = self->container;
  HealingState state = container != NULL ? healing_container_get_state (container)
                                         : HEALING_STATE_HEALTHY;
  GtkWidget *child = container != NULL ? healing_container_get_child (container) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.reset",
                                 child != NULL && state != HEALING_STATE_HEALTHY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.isolate",
                                 container != NULL && state != HEALING_STATE_ISOLATED);
}

static void
breaker_notify_cb (HealingInspectorContainerInfo *self,
                   GParamSpec                    *pspec)
{
  if (!healing_inspector_breaker_change_shown (pspec))
    return;

  update_info (self);
  update_actions (self);
}

/* Follows the breaker of the container's component, which the runtime
 * creates on first use. */
static void
sync_breaker (HealingInspectorContainerInfo *self)
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
breakers_changed_cb (HealingInspectorContainerInfo *self)
{
  sync_breaker (self);
  update_info (self);
  update_actions (self);
}

/* The retry is due when the container's decision says: known from the
 * moment it starts retrying, or from the logging of the decision. */
static void
container_changed_cb (HealingInspectorContainerInfo *self)
{
  HealingState state = healing_container_get_state (self->container);

  if (state != HEALING_STATE_RETRYING)
    self->retry_at = 0;
  else if (self->state != HEALING_STATE_RETRYING || self->retry_at == 0)
    self->retry_at = healing_container_get_retry_time (self->container);
  self->state = state;

  update_info (self);
  update_actions (self);
}

/* The runtime logged a fault: a container seen retrying before its
 * decision was logged knows now when its retry is due. */
static void
fault_log_changed_cb (HealingInspectorContainerInfo *self)
{
  if (self->container != NULL && self->state == HEALING_STATE_RETRYING && self->retry_at == 0)
    self->retry_at = healing_container_get_retry_time (self->container);
}

static void
reset_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (widget);

  if (self->container != NULL)
    healing_container_reset (self->container);
}

static void
isolate_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (widget);

  if (self->container != NULL)
    healing_container_isolate (self->container);
}


/* Once a second while mapped: the countdowns. */
static gboolean
tick_cb (gpointer data)
{
  HealingInspectorContainerInfo *self = data;

  if (self->container != NULL)
    {
      g_autofree char *retry = healing_inspector_dup_retry_text (self->container, self->retry_at);
      HealingCircuitBreaker *breaker = self->breaker;

      if (retry != NULL)
        gtk_label_set_text (GTK_LABEL (self->retry_label), retry);
      if (breaker != NULL && healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_OPEN)
        {
          g_autofree char *summary = healing_inspector_dup_breaker_summary (breaker);

          gtk_label_set_text (GTK_LABEL (self->breaker_summary_label), summary);
        }
    }

  return G_SOURCE_CONTINUE;
}

static void
healing_inspector_container_info_map (GtkWidget *widget)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (widget);

  GTK_WIDGET_CLASS (healing_inspector_container_info_parent_class)->map (widget);

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  tick_cb (self);
}

static void
healing_inspector_container_info_unmap (GtkWidget *widget)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (healing_inspector_container_info_parent_class)->unmap (widget);
}

static void
healing_inspector_container_info_dispose (GObject *object)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (object);
  GtkWidget *child;

  healing_inspector_container_info_set_container (self, NULL);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->breakers != NULL)
    g_signal_handlers_disconnect_by_data (self->breakers, self);
  if (self->fault_log != NULL)
    g_signal_handlers_disconnect_by_data (self->fault_log, self);
  g_clear_object (&self->breakers);
  g_clear_object (&self->fault_log);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_CONTAINER_INFO);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_container_info_parent_class)->dispose (object);
}

static void
healing_inspector_container_info_get_property (GObject    *object,
                                               guint       prop_id,
                                               GValue     *value,
                                               GParamSpec *pspec)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (object);

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
healing_inspector_container_info_set_property (GObject      *object,
                                               guint         prop_id,
                                               const GValue *value,
                                               GParamSpec   *pspec)
{
  HealingInspectorContainerInfo *self = HEALING_INSPECTOR_CONTAINER_INFO (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      healing_inspector_container_info_set_container (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_container_info_class_init (HealingInspectorContainerInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_container_info_dispose;
  object_class->get_property = healing_inspector_container_info_get_property;
  object_class->set_property = healing_inspector_container_info_set_property;
  widget_class->map = healing_inspector_container_info_map;
  widget_class->unmap = healing_inspector_container_info_unmap;

  /* The container shown. */
  props[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "healing.reset", NULL, reset_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.isolate", NULL, isolate_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-container-info.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, title_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, state_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, count_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, last_fault_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, child_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, retry_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerInfo, breaker_summary_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorcontainerinfo");
}

static void
healing_inspector_container_info_init (HealingInspectorContainerInfo *self)
{
  HealingRuntime *runtime = healing_runtime_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->breakers = g_object_ref (healing_runtime_get_breakers (runtime));
  g_signal_connect_object (self->breakers, "items-changed",
                           G_CALLBACK (breakers_changed_cb), self, G_CONNECT_SWAPPED);
  self->fault_log = g_object_ref (healing_runtime_get_fault_log (runtime));
  g_signal_connect_object (self->fault_log, "items-changed",
                           G_CALLBACK (fault_log_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  update_actions (self);
}

HealingContainer *
healing_inspector_container_info_get_container (HealingInspectorContainerInfo *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_CONTAINER_INFO (self), NULL);

  return self->container;
}

void
healing_inspector_container_info_set_container (HealingInspectorContainerInfo *self,
                                                HealingContainer              *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_CONTAINER_INFO (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (self->container == container)
    return;

  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  self->container = container;
  if (container != NULL)
    {
      static const char * const notifications[] = {
        "notify::state", "notify::fault-count", "notify::component-id",
        "notify::child", "notify::policy",
      };
      guint i;

      for (i = 0; i < G_N_ELEMENTS (notifications); i++)
        g_signal_connect_object (container, notifications[i],
                                 G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);

      self->state = healing_container_get_state (container);
      self->retry_at = self->state == HEALING_STATE_RETRYING ?
                       healing_container_get_retry_time (container) : 0;
    }

  sync_breaker (self);
  update_info (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTAINER]);
}
