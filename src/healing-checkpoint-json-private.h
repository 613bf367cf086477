/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Property values in their JSON form (healing-checkpoint-json.c), for the
 * capture (healing-checkpoint.c) and for the restores of checkpoints and
 * of the ring's journal.
 */

/* The JSON form of @value: null for the types that have none. */
JsonNode *healing_checkpoint_value_to_json   (const GValue *value);

/* A node that holds @array, taking our reference to it. */
JsonNode *healing_checkpoint_node_take_array (JsonArray    *array);

/* Sets @pspec of @object from @value unless it already has that value. */
gboolean  healing_checkpoint_apply_value     (GObject      *object,
                                              GParamSpec   *pspec,
                                              JsonNode     *value,
                                              GError      **error);

G_END_DECLS
