/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-injection-private.h"
#include "healing-inspector-words-private.h"

#include "healing-enums.h"

/*
 * HealingInspectorInjection:
 *
 * The "Fault Injection" pane of the inspector page: raises a real fault of
 * the chosen kind inside the selected container
 * (healing_container_inject_fault ()), to see how the application heals.
 */

struct _HealingInspectorInjection
{
  GtkWidget parent_instance;

  GtkWidget *kind_dropdown;
  GtkWidget *inject_button;

  HealingContainer *container;
};

G_DEFINE_FINAL_TYPE (HealingInspectorInjection, healing_inspector_injection, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAINER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

/* Keeps the inject button's target in line with the chosen kind. */
static void
kind_selected_cb (HealingInspectorInjection *self)
{
  guint position = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));

  if (position >= healing_inspector_get_n_injectable_kinds ())
    return;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->inject_button), "s",
                                    healing_inspector_enum_nick (HEALING_TYPE_FAULT_KIND,
                                                                 healing_inspector_get_injectable_kind (position)));
}

static void
inject_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HealingInspectorInjection *self = HEALING_INSPECTOR_INJECTION (widget);
  const char *nick = g_variant_get_string (parameter, NULL);
  HealingContainer *container;
  GEnumClass *enum_class;
  GEnumValue *value;

  if (self->container == NULL)
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
  container = g_object_ref (self->container);
  healing_container_inject_fault (container, value->value);
  g_object_unref (container);
}


static void
healing_inspector_injection_dispose (GObject *object)
{
  HealingInspectorInjection *self = HEALING_INSPECTOR_INJECTION (object);
  GtkWidget *child;

  healing_inspector_injection_set_container (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_INJECTION);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_injection_parent_class)->dispose (object);
}

static void
healing_inspector_injection_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  HealingInspectorInjection *self = HEALING_INSPECTOR_INJECTION (object);

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
healing_inspector_injection_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  HealingInspectorInjection *self = HEALING_INSPECTOR_INJECTION (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      healing_inspector_injection_set_container (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_injection_class_init (HealingInspectorInjectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_injection_dispose;
  object_class->get_property = healing_inspector_injection_get_property;
  object_class->set_property = healing_inspector_injection_set_property;

  /* The container shown. */
  props[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "healing.inject", "s", inject_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-injection.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorInjection, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorInjection, inject_button);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorinjection");
}

static void
healing_inspector_injection_init (HealingInspectorInjection *self)
{
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);
  guint i;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (i = 0; i < healing_inspector_get_n_injectable_kinds (); i++)
    gtk_string_list_append (kinds, healing_inspector_kind_to_string (healing_inspector_get_injectable_kind (i)));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->kind_dropdown), G_LIST_MODEL (kinds));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), 0);
  kind_selected_cb (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.inject", FALSE);
}

HealingContainer *
healing_inspector_injection_get_container (HealingInspectorInjection *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_INJECTION (self), NULL);

  return self->container;
}

void
healing_inspector_injection_set_container (HealingInspectorInjection *self,
                                           HealingContainer          *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_INJECTION (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (self->container == container)
    return;

  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  self->container = container;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.inject", container != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTAINER]);
}
