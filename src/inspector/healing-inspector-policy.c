/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-policy-private.h"
#include "healing-inspector-words-private.h"

#include "healing-policy.h"
#include "healing-runtime.h"

/*
 * HealingInspectorPolicy:
 *
 * The "Policy in Force" pane of the inspector page: where the policy that
 * applies to the selected container comes from (its own or the
 * application's, and the file it was loaded from) and what it says once
 * resolved for the container's component: the strategy of each built-in
 * fault class, the escalation chain, the retry and breaker settings.
 *
 * It follows the container's policy property, the runtime's and the
 * policy's ::changed, so an edited policy file shows at once.
 */

struct _HealingInspectorPolicy
{
  GtkWidget parent_instance;

  GtkWidget *policy_grid;

  HealingContainer *container;

  /* The policy in force for the container, followed for ::changed. */
  HealingPolicy *policy;
};

G_DEFINE_FINAL_TYPE (HealingInspectorPolicy, healing_inspector_policy, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAINER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

static void update_policy (HealingInspectorPolicy *self);

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

static void
add_policy_row (HealingInspectorPolicy *self,
                int                     row,
                const char             *key,
                const char             *value,
                gboolean                monospace_key)
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
      g_string_append (text, healing_inspector_strategy_to_string (chain[i]));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
policy_changed_cb (HealingInspectorPolicy *self)
{
  update_policy (self);
}

/* Rebuilds the policy section, and follows the policy in force. */
static void
update_policy (HealingInspectorPolicy *self)
{
  HealingContainer *container = self->container;
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
        value = g_strdup (healing_inspector_strategy_to_string (strategy));
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
runtime_policy_changed_cb (HealingInspectorPolicy *self)
{
  update_policy (self);
}

static void
container_policy_changed_cb (HealingInspectorPolicy *self)
{
  update_policy (self);
}

static void
healing_inspector_policy_dispose (GObject *object)
{
  HealingInspectorPolicy *self = HEALING_INSPECTOR_POLICY (object);
  GtkWidget *child;

  healing_inspector_policy_set_container (self, NULL);
  g_signal_handlers_disconnect_by_data (healing_runtime_get_default (), self);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->policy);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_POLICY);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_policy_parent_class)->dispose (object);
}

static void
healing_inspector_policy_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  HealingInspectorPolicy *self = HEALING_INSPECTOR_POLICY (object);

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
healing_inspector_policy_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  HealingInspectorPolicy *self = HEALING_INSPECTOR_POLICY (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      healing_inspector_policy_set_container (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_policy_class_init (HealingInspectorPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_policy_dispose;
  object_class->get_property = healing_inspector_policy_get_property;
  object_class->set_property = healing_inspector_policy_set_property;

  /* The container whose policy is shown. */
  props[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-policy.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPolicy, policy_grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorpolicy");
}

static void
healing_inspector_policy_init (HealingInspectorPolicy *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (healing_runtime_get_default (), "notify::policy",
                           G_CALLBACK (runtime_policy_changed_cb), self, G_CONNECT_SWAPPED);
}

HealingContainer *
healing_inspector_policy_get_container (HealingInspectorPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_POLICY (self), NULL);

  return self->container;
}

void
healing_inspector_policy_set_container (HealingInspectorPolicy *self,
                                        HealingContainer       *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_POLICY (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (self->container == container)
    return;

  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  self->container = container;
  if (container != NULL)
    g_signal_connect_object (container, "notify::policy",
                             G_CALLBACK (container_policy_changed_cb), self, G_CONNECT_SWAPPED);

  update_policy (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTAINER]);
}
