/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-object-list-private.h"

struct _HealingObjectList
{
  GObject parent_instance;

  GType item_type;
  GPtrArray *items;
  /* Whether the items hold our weak reference. */
  gboolean watched;
};

static void healing_object_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HealingObjectList, healing_object_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      healing_object_list_model_init))

static void
object_gone_cb (gpointer  data,
                GObject  *where_the_object_was)
{
  HealingObjectList *self = data;
  guint position;

  if (g_ptr_array_find (self->items, where_the_object_was, &position))
    {
      g_ptr_array_remove_index (self->items, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

static void
healing_object_list_finalize (GObject *object)
{
  HealingObjectList *self = HEALING_OBJECT_LIST (object);
  guint i;

  for (i = 0; self->watched && i < self->items->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->items, i), object_gone_cb, self);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (healing_object_list_parent_class)->finalize (object);
}

static void
healing_object_list_class_init (HealingObjectListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = healing_object_list_finalize;
}

static void
healing_object_list_init (HealingObjectList *self)
{
  self->items = g_ptr_array_new ();
}

static GType
healing_object_list_get_item_type (GListModel *model)
{
  return HEALING_OBJECT_LIST (model)->item_type;
}

static guint
healing_object_list_get_n_items (GListModel *model)
{
  return HEALING_OBJECT_LIST (model)->items->len;
}

static gpointer
healing_object_list_get_item (GListModel *model,
                              guint       position)
{
  HealingObjectList *self = HEALING_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
healing_object_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = healing_object_list_get_item_type;
  iface->get_n_items = healing_object_list_get_n_items;
  iface->get_item = healing_object_list_get_item;
}

HealingObjectList *
healing_object_list_new (GType item_type)
{
  HealingObjectList *self = g_object_new (HEALING_TYPE_OBJECT_LIST, NULL);

  self->item_type = item_type;
  self->watched = TRUE;

  return self;
}

HealingObjectList *
healing_object_list_new_unwatched (GType item_type)
{
  HealingObjectList *self = g_object_new (HEALING_TYPE_OBJECT_LIST, NULL);

  self->item_type = item_type;

  return self;
}

void
healing_object_list_add (HealingObjectList *self,
                         gpointer           object)
{
  g_return_if_fail (HEALING_IS_OBJECT_LIST (self));
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (object, self->item_type));

  if (g_ptr_array_find (self->items, object, NULL))
    return;

  if (self->watched)
    g_object_weak_ref (object, object_gone_cb, self);
  g_ptr_array_add (self->items, object);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

void
healing_object_list_remove (HealingObjectList *self,
                            gpointer           object)
{
  guint position;

  g_return_if_fail (HEALING_IS_OBJECT_LIST (self));

  if (!g_ptr_array_find (self->items, object, &position))
    return;

  if (self->watched)
    g_object_weak_unref (object, object_gone_cb, self);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}
