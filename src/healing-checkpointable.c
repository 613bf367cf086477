/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-checkpointable.h"

/**
 * HealingCheckpointable:
 *
 * An interface for application state that is not held in properties.
 *
 * A [class@Checkpoint] captures the properties of widgets and of the objects
 * they own. State that lives elsewhere, such as the items of a list model or
 * a document, is saved and restored through this interface: a checkpoint
 * calls [method@Checkpointable.save_state] on every widget that implements
 * it, on every object a widget owns through a property (for example the
 * model of a [class@Gtk.ListView]) that implements it, and on objects
 * attached to a widget with [method@Checkpointable.attach_to_widget] (for
 * example the model of a [class@Gtk.ListBox], which is not a property).
 *
 * Implementations call [method@Checkpointable.state_changed] when their
 * state changes, so that automatic checkpoints know the state is dirty; a
 * checkpointable that is a [iface@Gio.ListModel] need not, as
 * [signal@Gio.ListModel::items-changed] is watched too.
 *
 * ```c
 * static JsonNode *
 * todo_list_save_state (HealingCheckpointable *checkpointable)
 * {
 *   TodoList *self = TODO_LIST (checkpointable);
 *   JsonArray *items = json_array_new ();
 *   JsonNode *node;
 *
 *   for (guint i = 0; i < self->items->len; i++)
 *     json_array_add_string_element (items, g_ptr_array_index (self->items, i));
 *
 *   node = json_node_new (JSON_NODE_ARRAY);
 *   json_node_take_array (node, items);
 *   return node;
 * }
 * ```
 *
 * Both methods run on the GTK thread, with the same rules as property
 * accessors: they must not change the widget tree.
 */

G_DEFINE_INTERFACE (HealingCheckpointable, healing_checkpointable, G_TYPE_OBJECT)

enum {
  SIGNAL_STATE_CHANGED,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

static GQuark attached_quark;

static JsonNode *
healing_checkpointable_real_save_state (HealingCheckpointable *self)
{
  return json_node_new (JSON_NODE_NULL);
}

static gboolean
healing_checkpointable_real_restore_state (HealingCheckpointable  *self,
                                           JsonNode               *state,
                                           GError                **error)
{
  return TRUE;
}

static void
healing_checkpointable_default_init (HealingCheckpointableInterface *iface)
{
  iface->save_state = healing_checkpointable_real_save_state;
  iface->restore_state = healing_checkpointable_real_restore_state;

  attached_quark = g_quark_from_static_string ("healing-checkpointable-attached");

  /**
   * HealingCheckpointable::state-changed:
   * @self: the checkpointable object
   *
   * Emitted by [method@Checkpointable.state_changed] when the state that
   * [method@Checkpointable.save_state] returns has changed.
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

/**
 * healing_checkpointable_save_state:
 * @self: a checkpointable object
 *
 * Saves the object's state.
 *
 * Returns: (transfer full): the state, as a JSON node
 */
JsonNode *
healing_checkpointable_save_state (HealingCheckpointable *self)
{
  JsonNode *state;

  g_return_val_if_fail (HEALING_IS_CHECKPOINTABLE (self), NULL);

  state = HEALING_CHECKPOINTABLE_GET_IFACE (self)->save_state (self);
  if (state == NULL)
    state = json_node_new (JSON_NODE_NULL);

  return state;
}

/**
 * healing_checkpointable_restore_state:
 * @self: a checkpointable object
 * @state: a state that [method@Checkpointable.save_state] returned
 * @error: return location for an error
 *
 * Puts the object back in a saved state.
 *
 * The state may have been saved by another version of the application, or
 * read from a file that was tampered with: implementations check it and
 * fail with an error rather than trust it.
 *
 * Returns: whether the state was restored
 */
gboolean
healing_checkpointable_restore_state (HealingCheckpointable  *self,
                                      JsonNode               *state,
                                      GError                **error)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINTABLE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return HEALING_CHECKPOINTABLE_GET_IFACE (self)->restore_state (self, state, error);
}

/**
 * healing_checkpointable_state_changed:
 * @self: a checkpointable object
 *
 * Tells checkpoints that the object's state has changed.
 *
 * Emits [signal@Checkpointable::state-changed].
 */
void
healing_checkpointable_state_changed (HealingCheckpointable *self)
{
  g_return_if_fail (HEALING_IS_CHECKPOINTABLE (self));

  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

/**
 * healing_checkpointable_attach_to_widget:
 * @self: a checkpointable object
 * @widget: the widget whose state @self is
 *
 * Makes @self part of @widget's state in checkpoints.
 *
 * Use it for state a widget does not expose as a property, such as the model
 * bound to a [class@Gtk.ListBox] with [method@Gtk.ListBox.bind_model]. The
 * widget keeps a reference to @self; attaching another object replaces it.
 */
void
healing_checkpointable_attach_to_widget (HealingCheckpointable *self,
                                         GtkWidget             *widget)
{
  g_return_if_fail (HEALING_IS_CHECKPOINTABLE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_object_set_qdata_full (G_OBJECT (widget), attached_quark,
                           g_object_ref (self), g_object_unref);
}

/**
 * healing_checkpointable_get_for_widget:
 * @widget: a widget
 *
 * Gets the object whose state checkpoints save as @widget's: @widget itself
 * if it implements [iface@Checkpointable], else the object attached to it
 * with [method@Checkpointable.attach_to_widget].
 *
 * Returns: (nullable) (transfer none): the checkpointable object
 */
HealingCheckpointable *
healing_checkpointable_get_for_widget (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (HEALING_IS_CHECKPOINTABLE (widget))
    return HEALING_CHECKPOINTABLE (widget);

  if (attached_quark == 0)
    return NULL;

  return g_object_get_qdata (G_OBJECT (widget), attached_quark);
}
