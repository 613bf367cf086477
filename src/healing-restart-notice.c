/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-restart-notice.h"
#include "healing-runtime.h"

/**
 * HealingRestartNotice:
 *
 * A banner that tells the user the application was restarted after a
 * crash, whether their work came back, and, on request, what happened.
 *
 * Add one at the top of the main window; it shows itself only in a
 * process the supervisor restarted (see [func@supervise]), with
 * [property@Runtime:last-death], and hides when dismissed:
 *
 * ```c
 * gtk_box_prepend (GTK_BOX (vbox), healing_restart_notice_new ());
 * ```
 *
 * It says “your work was restored” only when a container actually
 * restored a persisted checkpoint in this process
 * ([property@Runtime:restored-components]), and that the application
 * started without its saved work otherwise. It is announced to assistive
 * technologies as an alert.
 *
 * ## CSS nodes
 *
 * `HealingRestartNotice` has a single CSS node named `restartnotice`,
 * with the style class `.healing-restart-notice`.
 */
struct _HealingRestartNotice
{
  GtkWidget parent_instance;

  HealingDeathRecord *record;
  gboolean dismissed;

  GtkWidget *box;
  GtkWidget *title_label;
  GtkWidget *summary_label;
  GtkWidget *details_label;
  GtkWidget *expander;

  char *title;
  char *details;
};

enum {
  PROP_0,
  PROP_RECORD,
  PROP_TITLE,
  PROP_DETAILS,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingRestartNotice, healing_restart_notice, GTK_TYPE_WIDGET)

static void
update (HealingRestartNotice *self)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  const char * const *restored = healing_runtime_get_restored_components (runtime);
  g_autofree char *summary = NULL;
  const char *reason;
  gboolean crash;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->details, g_free);

  if (self->record == NULL || self->dismissed)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DETAILS]);
      return;
    }

  reason = healing_death_record_get_reason (self->record);
  crash = strcmp (reason, "tainted") != 0 && strcmp (reason, "wedged") != 0;

  if (restored[0] != NULL)
    self->title = g_strdup (crash ?
                            _("The application recovered from a crash; your work was restored") :
                            _("The application restarted to recover from a fault; your work was restored"));
  else
    self->title = g_strdup (crash ?
                            _("The application recovered from a crash; it started without saved work") :
                            _("The application restarted to recover from a fault; it started without saved work"));

  summary = healing_death_record_dup_summary (self->record);
  self->details = healing_death_record_dup_details (self->record);

  gtk_label_set_text (GTK_LABEL (self->title_label), self->title);
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
  gtk_label_set_text (GTK_LABEL (self->details_label), self->details);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DETAILS]);
}

static void
close_clicked_cb (HealingRestartNotice *self)
{
  healing_restart_notice_dismiss (self);
}

static void
healing_restart_notice_dispose (GObject *object)
{
  HealingRestartNotice *self = HEALING_RESTART_NOTICE (object);

  g_signal_handlers_disconnect_by_data (healing_runtime_get_default (), self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (healing_restart_notice_parent_class)->dispose (object);
}

static void
healing_restart_notice_finalize (GObject *object)
{
  HealingRestartNotice *self = HEALING_RESTART_NOTICE (object);

  g_free (self->title);
  g_free (self->details);

  G_OBJECT_CLASS (healing_restart_notice_parent_class)->finalize (object);
}

static void
healing_restart_notice_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HealingRestartNotice *self = HEALING_RESTART_NOTICE (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_restart_notice_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HealingRestartNotice *self = HEALING_RESTART_NOTICE (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      healing_restart_notice_set_record (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
    case PROP_DETAILS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_restart_notice_class_init (HealingRestartNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_restart_notice_dispose;
  object_class->finalize = healing_restart_notice_finalize;
  object_class->get_property = healing_restart_notice_get_property;
  object_class->set_property = healing_restart_notice_set_property;

  /**
   * HealingRestartNotice:record: (getter get_record) (setter set_record)
   *
   * The death the notice tells about; by default the runtime's
   * [property@Runtime:last-death]. The notice is hidden without one.
   */
  props[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL,
                         HEALING_TYPE_DEATH_RECORD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRestartNotice:title: (getter get_title)
   *
   * The sentence the notice shows, translated.
   */
  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRestartNotice:details: (getter get_details)
   *
   * What the notice shows under “Details”: when, why, where, what was
   * restored, the first frames.
   */
  props[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "restartnotice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
healing_restart_notice_init (HealingRestartNotice *self)
{
  GtkWidget *text, *image, *close;

  gtk_widget_add_css_class (GTK_WIDGET (self), "healing-restart-notice");

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  image = gtk_image_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (self->box), image);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (self->box), text);

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0);
  gtk_widget_add_css_class (self->title_label, "heading");
  gtk_box_append (GTK_BOX (text), self->title_label);

  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->summary_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_add_css_class (self->summary_label, "dim-label");
  gtk_box_append (GTK_BOX (text), self->summary_label);

  /* Translators: opens what the supervisor recorded about the crash. */
  self->expander = gtk_expander_new_with_mnemonic (_("_Details"));
  self->details_label = gtk_label_new (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->details_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->details_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->details_label), TRUE);
  gtk_widget_add_css_class (self->details_label, "monospace");
  gtk_expander_set_child (GTK_EXPANDER (self->expander), self->details_label);
  gtk_box_append (GTK_BOX (text), self->expander);

  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_valign (close, GTK_ALIGN_START);
  gtk_widget_add_css_class (close, "flat");
  /* Translators: closes the notice about the restart. */
  gtk_widget_set_tooltip_text (close, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"),
                                  -1);
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), close);

  /* Whether "your work was restored" is true can change while the
   * window is built: containers restore as they get their ids. */
  g_signal_connect_swapped (healing_runtime_get_default (), "notify::restored-components",
                            G_CALLBACK (update), self);

  self->record = healing_runtime_get_last_death (healing_runtime_get_default ());
  if (self->record != NULL)
    g_object_ref (self->record);
  update (self);
}

/**
 * healing_restart_notice_new:
 *
 * Creates a notice about the runtime's [property@Runtime:last-death]; it
 * is hidden if the process is not a restart.
 *
 * Returns: the new notice
 */
GtkWidget *
healing_restart_notice_new (void)
{
  return g_object_new (HEALING_TYPE_RESTART_NOTICE, NULL);
}

/**
 * healing_restart_notice_get_record: (get-property record)
 * @self: a notice
 *
 * Gets the death the notice tells about.
 *
 * Returns: (transfer none) (nullable): the record
 */
HealingDeathRecord *
healing_restart_notice_get_record (HealingRestartNotice *self)
{
  g_return_val_if_fail (HEALING_IS_RESTART_NOTICE (self), NULL);

  return self->record;
}

/**
 * healing_restart_notice_set_record: (set-property record)
 * @self: a notice
 * @record: (nullable): a death record, or `NULL` to hide the notice
 *
 * Sets the death the notice tells about, and shows it again if it was
 * dismissed.
 */
void
healing_restart_notice_set_record (HealingRestartNotice *self,
                                   HealingDeathRecord   *record)
{
  g_return_if_fail (HEALING_IS_RESTART_NOTICE (self));
  g_return_if_fail (record == NULL || HEALING_IS_DEATH_RECORD (record));

  if (!g_set_object (&self->record, record))
    return;

  self->dismissed = FALSE;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RECORD]);
}

/**
 * healing_restart_notice_get_title: (get-property title)
 * @self: a notice
 *
 * Gets the sentence the notice shows.
 *
 * Returns: (nullable): the title, or `NULL` if the notice has no record
 */
const char *
healing_restart_notice_get_title (HealingRestartNotice *self)
{
  g_return_val_if_fail (HEALING_IS_RESTART_NOTICE (self), NULL);

  return self->title;
}

/**
 * healing_restart_notice_get_details: (get-property details)
 * @self: a notice
 *
 * Gets the details the notice shows under “Details”.
 *
 * Returns: (nullable): the details, or `NULL` if the notice has no record
 */
const char *
healing_restart_notice_get_details (HealingRestartNotice *self)
{
  g_return_val_if_fail (HEALING_IS_RESTART_NOTICE (self), NULL);

  return self->details;
}

/**
 * healing_restart_notice_dismiss:
 * @self: a notice
 *
 * Hides the notice, as its close button does.
 */
void
healing_restart_notice_dismiss (HealingRestartNotice *self)
{
  g_return_if_fail (HEALING_IS_RESTART_NOTICE (self));

  self->dismissed = TRUE;
  update (self);
}
