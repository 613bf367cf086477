/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEALING_TYPE_OBJECT_LIST (healing_object_list_get_type ())

G_DECLARE_FINAL_TYPE (HealingObjectList, healing_object_list, HEALING, OBJECT_LIST, GObject)

/* A GListModel of objects it does not own: an object leaves the list when
 * it is removed or finalized, whichever comes first, so listing a widget
 * never keeps it alive. */
HealingObjectList *healing_object_list_new    (GType              item_type);
/* The same, for objects that always remove themselves before they go (a
 * container, in its dispose): no weak reference per object, which costs
 * it 64 bytes. */
HealingObjectList *healing_object_list_new_unwatched (GType        item_type);
void               healing_object_list_add    (HealingObjectList *self,
                                               gpointer           object);
void               healing_object_list_remove (HealingObjectList *self,
                                               gpointer           object);

G_END_DECLS
