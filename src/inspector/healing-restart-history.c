/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-restart-history-private.h"
#include "healing-runtime.h"

struct _HealingRestartHistory
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *status_label;
  GtkWidget *list;
};

G_DEFINE_FINAL_TYPE (HealingRestartHistory, healing_restart_history, GTK_TYPE_WIDGET)

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  HealingDeathRecord *record = item;
  g_autofree char *summary = healing_death_record_dup_summary (record);
  g_autofree char *details = healing_death_record_dup_details (record);
  g_autofree char *when = NULL;
  GtkWidget *box, *label;
  gint64 time = healing_death_record_get_time (record);

  if (time > 0)
    {
      g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (time);

      when = date != NULL ? g_date_time_format (date, "%x %X") : NULL;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  label = gtk_label_new (when != NULL ? when : "");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (summary);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);

  gtk_widget_set_tooltip_text (box, details);

  return box;
}

static void
update_status (HealingRestartHistory *self)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  guint count = healing_runtime_get_restart_count (runtime);
  g_autofree char *text = NULL;

  if (!healing_runtime_get_supervised (runtime))
    /* Translators: in the GTK Inspector; see healing_supervise (). */
    text = g_strdup (_("Not supervised: a crash is not restarted"));
  else if (count == 0)
    text = g_strdup (_("Supervised; not restarted"));
  else
    text = g_strdup_printf (ngettext ("Supervised; restarted %u time",
                                      "Supervised; restarted %u times", count),
                            count);

  gtk_label_set_text (GTK_LABEL (self->status_label), text);
}

static void
healing_restart_history_dispose (GObject *object)
{
  HealingRestartHistory *self = HEALING_RESTART_HISTORY (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->list), NULL, NULL, NULL, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->list = NULL;

  G_OBJECT_CLASS (healing_restart_history_parent_class)->dispose (object);
}

static void
healing_restart_history_class_init (HealingRestartHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_restart_history_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "restarthistory");
}

static void
healing_restart_history_init (HealingRestartHistory *self)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  GtkWidget *heading, *placeholder, *scrolled;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* Translators: heading, in the GTK Inspector, of the list of the
   * application's crashes and restarts. */
  heading = gtk_label_new (_("Restarts"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (GTK_BOX (self->box), heading);

  self->status_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_widget_set_margin_start (self->status_label, 12);
  gtk_widget_set_margin_end (self->status_label, 12);
  gtk_box_append (GTK_BOX (self->box), self->status_label);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  /* Translators: the restart history in the GTK Inspector is empty. */
  placeholder = gtk_label_new (_("No recorded crash"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), placeholder);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), healing_runtime_get_restart_history (runtime),
                           create_row, self, NULL);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  g_signal_connect_object (runtime, "notify::supervised", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runtime, "notify::restart-count", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);
  update_status (self);
}

GtkWidget *
healing_restart_history_new (void)
{
  return g_object_new (HEALING_TYPE_RESTART_HISTORY, NULL);
}

GtkWidget *
healing_restart_history_get_list (HealingRestartHistory *self)
{
  g_return_val_if_fail (HEALING_IS_RESTART_HISTORY (self), NULL);

  return self->list;
}

GtkWidget *
healing_restart_history_get_status (HealingRestartHistory *self)
{
  g_return_val_if_fail (HEALING_IS_RESTART_HISTORY (self), NULL);

  return self->status_label;
}
