/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-container.h"
#include "healing-fault-view-private.h"

/*
 * HealingFaultView:
 *
 * The fallback a HealingContainer shows when the application gave it none:
 * it names the component and the fault, and offers "Try again", which resets
 * the container around it.
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
  GtkWidget *retry;
};

G_DEFINE_FINAL_TYPE (HealingFaultView, healing_fault_view, GTK_TYPE_WIDGET)

#define STYLE_KEY "healing-fault-view-style"

static const char style_css[] =
  "healingfaultview {"
  "  background-color: alpha(@error_color, 0.12);"
  "  border: 1px solid alpha(@error_color, 0.5);"
  "  border-radius: 6px;"
  "  padding: 12px;"
  "}"
  "healingfaultview .title { font-weight: bold; }";

static void
ensure_style (GdkDisplay *display)
{
  GtkCssProvider *provider;

  if (g_object_get_data (G_OBJECT (display), STYLE_KEY) != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, style_css, -1);
  gtk_style_context_add_provider_for_display (display,
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_FALLBACK);
  g_object_set_data_full (G_OBJECT (display), STYLE_KEY, provider, g_object_unref);
}

static void
retry_clicked_cb (HealingFaultView *self)
{
  GtkWidget *container;

  container = gtk_widget_get_ancestor (GTK_WIDGET (self), HEALING_TYPE_CONTAINER);
  if (container != NULL)
    healing_container_reset (HEALING_CONTAINER (container));
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
  HealingFaultView *self = HEALING_FAULT_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (healing_fault_view_parent_class)->dispose (object);
}

static void
healing_fault_view_class_init (HealingFaultViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_fault_view_dispose;
  widget_class->root = healing_fault_view_root;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healingfaultview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
healing_fault_view_init (HealingFaultView *self)
{
  GtkWidget *icon;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), icon);

  self->title = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->title, "title");
  gtk_box_append (GTK_BOX (self->box), self->title);

  self->detail = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->detail), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->detail), GTK_JUSTIFY_CENTER);
  gtk_label_set_selectable (GTK_LABEL (self->detail), FALSE);
  gtk_widget_add_css_class (self->detail, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->detail);

  /* Translators: button that restarts a part of the window that crashed */
  self->retry = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (self->retry, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->retry, "clicked",
                            G_CALLBACK (retry_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->retry);

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
