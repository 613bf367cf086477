/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-checkpoints-private.h"
#include "healing-inspector-words-private.h"

#include "healing-checkpoint-ring-private.h"
#include "healing-container-private.h"

/*
 * HealingInspectorCheckpoints:
 *
 * The "Checkpoints" pane of the inspector page: the selected container's
 * checkpoints (its ring), newest first, with their size and whether they
 * are quarantined; the JSON of the chosen one; and the actions that take a
 * checkpoint now or restore the chosen one.
 *
 * Looking must not create the ring: the pane binds it once the container
 * has one, which it makes on its first checkpoint without saying so, so
 * the pane also looks once a second while mapped.
 */

struct _HealingInspectorCheckpoints
{
  GtkWidget parent_instance;

  GtkWidget *checkpoint_note_label;
  GtkWidget *checkpoint_status_label;
  GtkWidget *checkpoint_list;
  GtkWidget *checkpoint_json_view;

  HealingContainer *container;

  /* The checkpoints of the container (its ring), bound to checkpoint_list. */
  GListModel *checkpoints;

  /* Looks for the container's ring once a second while mapped. */
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorCheckpoints, healing_inspector_checkpoints, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAINER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

static void update_checkpoint_note (HealingInspectorCheckpoints *self);

static void
update_actions (HealingInspectorCheckpoints *self)
{
  HealingContainer *container = self->container;
  HealingState state = container != NULL ? healing_container_get_state (container)
                                         : HEALING_STATE_HEALTHY;
  GtkWidget *child = container != NULL ? healing_container_get_child (container) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.checkpoint",
                                 child != NULL && state == HEALING_STATE_HEALTHY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.restore-checkpoint",
                                 child != NULL && self->checkpoints != NULL &&
                                 gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list)) != NULL);
}

static void
quarantined_changed_cb (HealingCheckpoint *checkpoint,
                        GParamSpec        *pspec,
                        GtkWidget         *label)
{
  gtk_widget_set_visible (label, healing_checkpoint_get_quarantined (checkpoint));
}

static GtkWidget *
create_checkpoint_row (gpointer item,
                       gpointer data)
{
  HealingCheckpoint *checkpoint = item;
  g_autofree char *time = healing_inspector_dup_checkpoint_time (checkpoint);
  g_autofree char *json = NULL;
  g_autofree char *size = NULL;
  g_autofree char *details = NULL;
  guint n_objects = healing_checkpoint_get_n_objects (checkpoint);
  gsize length = 0;
  GtkWidget *row, *box, *label;

  json = healing_checkpoint_to_data (checkpoint, &length);
  size = g_format_size (length);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  label = gtk_label_new (time);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);

  /* Translators: the size of a checkpoint: 1: its number of saved objects, 2: its size, e.g. "2.1 kB" */
  details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u object, %2$s", "%1$u objects, %2$s",
                                          n_objects),
                             n_objects, size);
  label = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  /* Translators: marks a checkpoint that faulted when restored, or soon after; it is not restored again automatically */
  label = gtk_label_new (_("Quarantined"));
  gtk_widget_add_css_class (label, "error");
  quarantined_changed_cb (checkpoint, NULL, label);
  g_signal_connect_object (checkpoint, "notify::quarantined",
                           G_CALLBACK (quarantined_changed_cb), label, 0);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

/* The checkpoint of the selected row (a new reference), or NULL. */
static HealingCheckpoint *
dup_chosen_checkpoint (HealingInspectorCheckpoints *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list));

  if (row == NULL || self->checkpoints == NULL)
    return NULL;

  return g_list_model_get_item (self->checkpoints, gtk_list_box_row_get_index (row));
}

static void
checkpoint_selected_cb (HealingInspectorCheckpoints *self)
{
  g_autoptr (HealingCheckpoint) checkpoint = dup_chosen_checkpoint (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->checkpoint_json_view));

  if (checkpoint != NULL)
    {
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      JsonNode *node = healing_checkpoint_to_json (checkpoint);
      g_autofree char *json = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, node);
      json = json_generator_to_data (generator, NULL);
      json_node_unref (node);

      gtk_text_buffer_set_text (buffer, json, -1);
    }
  else
    {
      gtk_text_buffer_set_text (buffer, "", -1);
    }

  gtk_widget_set_visible (gtk_widget_get_parent (self->checkpoint_json_view), checkpoint != NULL);
  update_checkpoint_note (self);
  update_actions (self);
}

static void
update_checkpoint_note (HealingInspectorCheckpoints *self)
{
  guint n = self->checkpoints != NULL ? g_list_model_get_n_items (self->checkpoints) : 0;

  if (n == 0)
    /* Translators: a container that has not saved the state of its widgets yet */
    gtk_label_set_text (GTK_LABEL (self->checkpoint_note_label), _("No checkpoints yet."));
  else if (gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list)) == NULL)
    gtk_label_set_text (GTK_LABEL (self->checkpoint_note_label),
                        /* Translators: explains the list of checkpoints */
                        _("Choose a checkpoint to see its JSON or restore it."));

  gtk_widget_set_visible (self->checkpoint_note_label,
                          n == 0 ||
                          gtk_list_box_get_selected_row (GTK_LIST_BOX (self->checkpoint_list)) == NULL);
  gtk_widget_set_visible (self->checkpoint_list, n > 0);
}

static void
checkpoints_changed_cb (HealingInspectorCheckpoints *self)
{
  update_checkpoint_note (self);
  update_actions (self);
}

static void
set_status (HealingInspectorCheckpoints *self,
            const char                  *status)
{
  gtk_label_set_text (GTK_LABEL (self->checkpoint_status_label), status != NULL ? status : "");
  gtk_widget_set_visible (self->checkpoint_status_label, status != NULL);
}

static GListModel *
peek_checkpoints (HealingContainer *container)
{
  return G_LIST_MODEL (healing_container_peek_checkpoint_ring (container));
}

static void
bind_checkpoints (HealingInspectorCheckpoints *self,
                  GListModel                  *checkpoints)
{
  if (self->checkpoints == checkpoints)
    return;

  if (self->checkpoints != NULL)
    g_signal_handlers_disconnect_by_data (self->checkpoints, self);
  g_set_object (&self->checkpoints, checkpoints);

  gtk_list_box_bind_model (GTK_LIST_BOX (self->checkpoint_list), checkpoints,
                           checkpoints != NULL ? create_checkpoint_row : NULL, self, NULL);

  if (checkpoints != NULL)
    g_signal_connect_object (checkpoints, "items-changed",
                             G_CALLBACK (checkpoints_changed_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  checkpoint_selected_cb (self);
  update_checkpoint_note (self);
}

static void
container_changed_cb (HealingInspectorCheckpoints *self)
{
  /* The container makes its ring on its first checkpoint, silently. */
  if (self->checkpoints == NULL)
    bind_checkpoints (self, peek_checkpoints (self->container));

  update_checkpoint_note (self);
  update_actions (self);
}

static void
checkpoint_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (widget);
  HealingCheckpoint *checkpoint;

  if (self->container == NULL)
    return;

  checkpoint = healing_container_checkpoint (self->container);
  /* The first checkpoint creates the ring. */
  bind_checkpoints (self, peek_checkpoints (self->container));
  if (checkpoint == NULL)
    /* Translators: a checkpoint is only taken of a widget that runs */
    set_status (self, _("The container is not healthy: there is nothing to save."));
  else
    {
      g_autofree char *time = healing_inspector_dup_checkpoint_time (checkpoint);
      g_autofree char *status = NULL;

      /* Translators: %s is the time of the newest checkpoint; an unchanged
       * state is not saved twice */
      status = g_strdup_printf (_("Newest checkpoint: %s."), time);
      set_status (self, status);
    }
}

/* Restores the chosen checkpoint into the container's child. The container
 * owns the outcome (healing_container_restore_checkpoint ()): a restore
 * that faults quarantines the checkpoint and is a fault of the container;
 * the pane only says what happened. */
static void
restore_checkpoint_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (widget);
  g_autoptr (HealingCheckpoint) checkpoint = dup_chosen_checkpoint (self);
  g_autoptr (HealingContainer) container = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *time = NULL;
  g_autofree char *status = NULL;

  if (self->container == NULL || checkpoint == NULL ||
      healing_container_get_child (self->container) == NULL)
    return;

  /* The container's handlers may drop the last reference on it. */
  container = g_object_ref (self->container);
  time = healing_inspector_dup_checkpoint_time (checkpoint);

  if (!healing_container_restore_checkpoint (container, checkpoint, &error))
    {
      if (g_error_matches (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_FAULTED))
        /* Translators: restoring a checkpoint crashed the widget; %s is the time of the checkpoint */
        status = g_strdup_printf (_("Restoring the checkpoint of %s faulted: it is quarantined."), time);
      else
        status = g_strdup (error->message);
    }
  else
    {
      HealingCheckpointRing *ring = healing_container_peek_checkpoint_ring (container);
      const char * const *unrestored = healing_checkpoint_ring_get_unrestored (ring);
      guint n = unrestored != NULL ? g_strv_length ((char **) unrestored) : 0;

      if (n == 0)
        {
          /* Translators: %s is the time of the checkpoint restored */
          status = g_strdup_printf (_("Restored the checkpoint of %s."), time);
        }
      else
        {
          g_autofree char *details = g_strjoinv ("\n", (char **) unrestored);

          status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: 1: the time of the checkpoint restored, 2: the
                                                  * number of values or widgets that could not be put back */
                                                 "Restored the checkpoint of %1$s, except %2$u value.",
                                                 "Restored the checkpoint of %1$s, except %2$u values.",
                                                 n),
                                    time, n);
          gtk_widget_set_tooltip_text (self->checkpoint_status_label, details);
        }
    }

  set_status (self, status);
}

/* Once a second while mapped: the countdowns. */
static gboolean
tick_cb (gpointer data)
{
  HealingInspectorCheckpoints *self = data;

  /* The container makes its ring on its first automatic checkpoint and
   * does not say so. */
  if (self->container != NULL && self->checkpoints == NULL)
    bind_checkpoints (self, peek_checkpoints (self->container));

  return G_SOURCE_CONTINUE;
}

static void
healing_inspector_checkpoints_map (GtkWidget *widget)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (widget);

  GTK_WIDGET_CLASS (healing_inspector_checkpoints_parent_class)->map (widget);

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  tick_cb (self);
}

static void
healing_inspector_checkpoints_unmap (GtkWidget *widget)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (healing_inspector_checkpoints_parent_class)->unmap (widget);
}

static void
healing_inspector_checkpoints_dispose (GObject *object)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (object);
  GtkWidget *child;

  healing_inspector_checkpoints_set_container (self, NULL);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->checkpoint_list != NULL)
    bind_checkpoints (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_CHECKPOINTS);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_checkpoints_parent_class)->dispose (object);
}

static void
healing_inspector_checkpoints_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (object);

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
healing_inspector_checkpoints_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  HealingInspectorCheckpoints *self = HEALING_INSPECTOR_CHECKPOINTS (object);

  switch (prop_id)
    {
    case PROP_CONTAINER:
      healing_inspector_checkpoints_set_container (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_checkpoints_class_init (HealingInspectorCheckpointsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_checkpoints_dispose;
  object_class->get_property = healing_inspector_checkpoints_get_property;
  object_class->set_property = healing_inspector_checkpoints_set_property;
  widget_class->map = healing_inspector_checkpoints_map;
  widget_class->unmap = healing_inspector_checkpoints_unmap;

  /* The container shown. */
  props[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "healing.checkpoint", NULL, checkpoint_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.restore-checkpoint", NULL,
                                   restore_checkpoint_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-checkpoints.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorCheckpoints, checkpoint_note_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorCheckpoints, checkpoint_status_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorCheckpoints, checkpoint_list);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorCheckpoints, checkpoint_json_view);
  gtk_widget_class_bind_template_callback (widget_class, checkpoint_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorcheckpoints");
}

static void
healing_inspector_checkpoints_init (HealingInspectorCheckpoints *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_checkpoint_note (self);
  update_actions (self);
}

HealingContainer *
healing_inspector_checkpoints_get_container (HealingInspectorCheckpoints *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_CHECKPOINTS (self), NULL);

  return self->container;
}

void
healing_inspector_checkpoints_set_container (HealingInspectorCheckpoints *self,
                                             HealingContainer            *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_CHECKPOINTS (self));
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
    }

  /* Its checkpoints: the container's ring, if it has one yet (looking
   * must not create one). */
  bind_checkpoints (self, container != NULL ? peek_checkpoints (container) : NULL);
  set_status (self, NULL);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTAINER]);
}

void
healing_inspector_checkpoints_choose (HealingInspectorCheckpoints *self,
                                      guint                        position)
{
  GtkListBoxRow *row;

  g_return_if_fail (HEALING_IS_INSPECTOR_CHECKPOINTS (self));

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->checkpoint_list), position);
  if (row != NULL)
    gtk_list_box_select_row (GTK_LIST_BOX (self->checkpoint_list), row);
  else
    gtk_list_box_unselect_all (GTK_LIST_BOX (self->checkpoint_list));
}
