/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-fault-view-private.h"

/*
 * HealingFaultView:
 *
 * The fallback a HealingContainer shows when the application gave it none:
 * it names the component and the fault, and offers "Try again", a button
 * for the container's healing.reset action, which resets the container
 * around it.
 *
 * It is trusted library code, but it still runs inside the container's trap
 * like any fallback.
 */
struct _HealingFaultView
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *detail;
  GtkWidget *status;
  GtkWidget *retry;
};

G_DEFINE_FINAL_TYPE (HealingFaultView, healing_fault_view, GTK_TYPE_WIDGET)

#define STYLE_KEY "healing-fault-view-style"

/* The view's look comes with the library, at the lowest priority so themes
 * and applications can restyle it. Loaded once per display: the inspector,
 * for one, runs on a display of its own. */
static void
ensure_style (GdkDisplay *display)
{
  GtkCssProvider *provider;

  if (g_object_get_data (G_OBJECT (display), STYLE_KEY) != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/libhealing/Healing/style.css");
  gtk_style_context_add_provider_for_display (display,
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_FALLBACK);
  g_object_set_data_full (G_OBJECT (display), STYLE_KEY, provider, g_object_unref);
}

static void
healing_fault_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (healing_fault_view_parent_class)->root (widget);

  ensure_style (gtk_widget_get_display (widget));
}

static void
healing_fault_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HEALING_TYPE_FAULT_VIEW);

  G_OBJECT_CLASS (healing_fault_view_parent_class)->dispose (object);
}

static void
healing_fault_view_class_init (HealingFaultViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_fault_view_dispose;
  widget_class->root = healing_fault_view_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/ui/healing-fault-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingFaultView, box);
  gtk_widget_class_bind_template_child (widget_class, HealingFaultView, title);
  gtk_widget_class_bind_template_child (widget_class, HealingFaultView, detail);
  gtk_widget_class_bind_template_child (widget_class, HealingFaultView, status);
  gtk_widget_class_bind_template_child (widget_class, HealingFaultView, retry);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healingfaultview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
healing_fault_view_init (HealingFaultView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  healing_fault_view_update (self, NULL, NULL);
}

GtkWidget *
healing_fault_view_new (void)
{
  return g_object_new (HEALING_TYPE_FAULT_VIEW, NULL);
}

void
healing_fault_view_update (HealingFaultView   *self,
                           const char         *component_id,
                           const HealingFault *fault)
{
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  g_return_if_fail (HEALING_IS_FAULT_VIEW (self));

  if (component_id != NULL)
    /* Translators: %s is the name of a part of the window, e.g. StockTicker */
    title = g_strdup_printf (_("“%s” stopped working"), component_id);
  else
    title = g_strdup (_("This part of the window stopped working"));

  if (fault != NULL)
    detail = healing_fault_to_string (fault);
  else
    detail = g_strdup (_("The rest of the application is unaffected."));

  gtk_label_set_text (GTK_LABEL (self->title), title);
  gtk_label_set_text (GTK_LABEL (self->detail), detail);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail,
                                  -1);
}

void
healing_fault_view_set_status (HealingFaultView *self,
                               const char       *status)
{
  g_return_if_fail (HEALING_IS_FAULT_VIEW (self));

  gtk_label_set_text (GTK_LABEL (self->status), status != NULL ? status : "");
  gtk_widget_set_visible (self->status, status != NULL);
}
