/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <healing.h>

#include "healing-test-poisoned.h"

struct _HealingTestPoisoned
{
  GObject parent_instance;

  int value;
  guint poisoned;
};

static void healing_test_poisoned_checkpointable_init (HealingCheckpointableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HealingTestPoisoned, healing_test_poisoned, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEALING_TYPE_CHECKPOINTABLE,
                                                      healing_test_poisoned_checkpointable_init))

static JsonNode *
healing_test_poisoned_save_state (HealingCheckpointable *checkpointable)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, HEALING_TEST_POISONED (checkpointable)->value);
  return node;
}

static gboolean
healing_test_poisoned_restore_state (HealingCheckpointable  *checkpointable,
                                     JsonNode               *state,
                                     GError                **error)
{
  HealingTestPoisoned *self = HEALING_TEST_POISONED (checkpointable);

  if (self->poisoned > 0)
    {
      self->poisoned--;
      /* A real fault, inside the restore's trap. */
      g_critical ("test: restoring a poisoned state");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "poisoned");
      return FALSE;
    }

  self->value = (int) json_node_get_int (state);
  return TRUE;
}

static void
healing_test_poisoned_checkpointable_init (HealingCheckpointableInterface *iface)
{
  iface->save_state = healing_test_poisoned_save_state;
  iface->restore_state = healing_test_poisoned_restore_state;
}

static void
healing_test_poisoned_class_init (HealingTestPoisonedClass *klass)
{
}

static void
healing_test_poisoned_init (HealingTestPoisoned *self)
{
}

HealingTestPoisoned *
healing_test_poisoned_attach (GtkWidget *widget)
{
  HealingTestPoisoned *self = g_object_new (HEALING_TYPE_TEST_POISONED, NULL);

  healing_checkpointable_attach_to_widget (HEALING_CHECKPOINTABLE (self), widget);
  g_object_unref (self);

  return self;
}

int
healing_test_poisoned_get_value (HealingTestPoisoned *self)
{
  return self->value;
}

void
healing_test_poisoned_set_value (HealingTestPoisoned *self,
                                 int                  value)
{
  self->value = value;
  healing_checkpointable_state_changed (HEALING_CHECKPOINTABLE (self));
}

void
healing_test_poisoned_set_poison (HealingTestPoisoned *self,
                                  guint                n)
{
  self->poisoned = n;
}
