/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-patch-status-view-private.h"
#include "healing-patch-bundle.h"
#include "healing-patch-private.h"

/* The hot-patch status of a container, on the Inspector's Healing page:
 * waiting for a patch, a version in its trial, the version applied and
 * where it came from, or the last refusal and why. It reads the patch
 * registry once a second while mapped (patch events are rare and come
 * from any store of the process). */
struct _HealingPatchStatusView
{
  GtkWidget parent_instance;

  GtkWidget *heading;
  GtkWidget *label;
  HealingContainer *container;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HealingPatchStatusView, healing_patch_status_view, GTK_TYPE_WIDGET)

static char *
dup_status (HealingPatchStatusView *self)
{
  HealingPatchStatusKind kind;
  HealingPatchBundle *bundle = NULL;
  const char *source = NULL, *message = NULL;
  const char *id;
  guint64 version = 0;
  gboolean known;
  GtkWidget *child;

  if (self->container == NULL)
    return g_strdup ("");

  id = healing_container_get_component_id (self->container);
  child = healing_container_get_child (self->container);
  if (child != NULL)
    bundle = healing_patch_bundle_get_for_widget (child);
  known = healing_patch_status_lookup (id, &kind, &version, &source, &message);

  if (known && kind == HEALING_PATCH_STATUS_TRIAL)
    /* Translators: 1: a patch version, 2: where it came from */
    return g_strdup_printf (_("Version %1$s from %2$s, on trial"), healing_patch_num (version).s, source);
  if (known && kind == HEALING_PATCH_STATUS_REFUSED)
    /* Translators: %s is why a patch was refused */
    return g_strdup_printf (_("Last patch refused: %s"), message);
  if (known && kind == HEALING_PATCH_STATUS_ROLLED_BACK)
    /* Translators: 1: a patch version, 2: where it came from, 3: a fault */
    return g_strdup_printf (_("Version %1$s from %2$s faulted in its trial and was rolled back: %3$s"),
                            healing_patch_num (version).s, source, message);
  if (bundle != NULL)
    /* Translators: 1: a patch version, 2: where it came from */
    return g_strdup_printf (_("Version %1$s from %2$s, applied"),
                            healing_patch_num (healing_patch_bundle_get_version (bundle)).s,
                            healing_patch_bundle_get_source (bundle));
  if (healing_container_get_state (self->container) == HEALING_STATE_AWAITING_PATCH)
    return g_strdup (_("Waiting for a patch"));

  return g_strdup (_("No patch"));
}

static void
refresh (HealingPatchStatusView *self)
{
  g_autofree char *text = dup_status (self);

  gtk_label_set_text (GTK_LABEL (self->label), text);
}

static gboolean
tick_cb (gpointer data)
{
  refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
healing_patch_status_view_map (GtkWidget *widget)
{
  HealingPatchStatusView *self = HEALING_PATCH_STATUS_VIEW (widget);

  GTK_WIDGET_CLASS (healing_patch_status_view_parent_class)->map (widget);
  refresh (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
healing_patch_status_view_unmap (GtkWidget *widget)
{
  HealingPatchStatusView *self = HEALING_PATCH_STATUS_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (healing_patch_status_view_parent_class)->unmap (widget);
}

static void
healing_patch_status_view_dispose (GObject *object)
{
  HealingPatchStatusView *self = HEALING_PATCH_STATUS_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_weak_pointer (&self->container);
  g_clear_pointer (&self->heading, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (healing_patch_status_view_parent_class)->dispose (object);
}

static void
healing_patch_status_view_class_init (HealingPatchStatusViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_patch_status_view_dispose;
  widget_class->map = healing_patch_status_view_map;
  widget_class->unmap = healing_patch_status_view_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healingpatchstatus");
}

static void
healing_patch_status_view_init (HealingPatchStatusView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  /* Translators: a heading on the Inspector's Healing page */
  self->heading = gtk_label_new (_("Hot Patch"));
  gtk_widget_add_css_class (self->heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->heading), 0);
  gtk_widget_set_parent (self->heading, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
}

GtkWidget *
healing_patch_status_view_new (void)
{
  return g_object_new (HEALING_TYPE_PATCH_STATUS_VIEW, NULL);
}

void
healing_patch_status_view_set_container (HealingPatchStatusView *self,
                                         HealingContainer       *container)
{
  g_return_if_fail (HEALING_IS_PATCH_STATUS_VIEW (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  g_set_weak_pointer (&self->container, container);
  refresh (self);
}

char *
healing_patch_status_view_dup_text (HealingPatchStatusView *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_STATUS_VIEW (self), NULL);

  refresh (self);
  return g_strdup (gtk_label_get_text (GTK_LABEL (self->label)));
}
