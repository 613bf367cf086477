/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "healing-version.h"

G_BEGIN_DECLS

#define HEALING_TYPE_CHECKPOINTABLE (healing_checkpointable_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (HealingCheckpointable, healing_checkpointable, HEALING, CHECKPOINTABLE, GObject)

/**
 * HealingCheckpointableInterface:
 * @save_state: returns the object's state as a new JSON node
 * @restore_state: puts the object back in the state described by a node
 *   that @save_state returned, possibly in an older version of the
 *   application
 *
 * The virtual methods of [iface@Checkpointable].
 */
struct _HealingCheckpointableInterface
{
  /*< private >*/
  GTypeInterface g_iface;

  /*< public >*/
  JsonNode *(*save_state)    (HealingCheckpointable  *self);
  gboolean  (*restore_state) (HealingCheckpointable  *self,
                              JsonNode               *state,
                              GError                **error);

  /*< private >*/
  gpointer padding[8];
};

HEALING_AVAILABLE_IN_ALL
JsonNode              *healing_checkpointable_save_state       (HealingCheckpointable  *self);
HEALING_AVAILABLE_IN_ALL
gboolean               healing_checkpointable_restore_state    (HealingCheckpointable  *self,
                                                                JsonNode               *state,
                                                                GError                **error);
HEALING_AVAILABLE_IN_ALL
void                   healing_checkpointable_state_changed    (HealingCheckpointable  *self);

HEALING_AVAILABLE_IN_ALL
void                   healing_checkpointable_attach_to_widget (HealingCheckpointable  *self,
                                                                GtkWidget              *widget);
HEALING_AVAILABLE_IN_ALL
HealingCheckpointable *healing_checkpointable_get_for_widget   (GtkWidget              *widget);

G_END_DECLS
