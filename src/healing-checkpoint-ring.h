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

#include "healing-version.h"
#include "healing-checkpoint.h"

G_BEGIN_DECLS

/**
 * HEALING_DEFAULT_CHECKPOINT_CAPACITY:
 *
 * The default of [property@CheckpointRing:capacity].
 */
#define HEALING_DEFAULT_CHECKPOINT_CAPACITY 5

/**
 * HEALING_DEFAULT_LOOP_GUARD_MS:
 *
 * The default of [property@CheckpointRing:loop-guard], in milliseconds.
 */
#define HEALING_DEFAULT_LOOP_GUARD_MS 10000

#define HEALING_TYPE_CHECKPOINT_RING (healing_checkpoint_ring_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingCheckpointRing, healing_checkpoint_ring, HEALING, CHECKPOINT_RING, GObject)

HEALING_AVAILABLE_IN_ALL
HealingCheckpointRing *healing_checkpoint_ring_new              (void) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
GtkWidget             *healing_checkpoint_ring_get_root         (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_checkpoint_ring_set_root         (HealingCheckpointRing  *self,
                                                                 GtkWidget              *root);

HEALING_AVAILABLE_IN_ALL
guint                  healing_checkpoint_ring_get_capacity     (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_checkpoint_ring_set_capacity     (HealingCheckpointRing  *self,
                                                                 guint                   capacity);

HEALING_AVAILABLE_IN_ALL
guint                  healing_checkpoint_ring_get_loop_guard   (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_checkpoint_ring_set_loop_guard   (HealingCheckpointRing  *self,
                                                                 guint                   loop_guard);

HEALING_AVAILABLE_IN_ALL
const char            *healing_checkpoint_ring_get_persist_path (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_checkpoint_ring_set_persist_path (HealingCheckpointRing  *self,
                                                                 const char             *persist_path);

HEALING_AVAILABLE_IN_ALL
gboolean               healing_checkpoint_ring_get_dirty        (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_checkpoint_ring_mark_dirty       (HealingCheckpointRing  *self);

HEALING_AVAILABLE_IN_ALL
HealingCheckpoint     *healing_checkpoint_ring_checkpoint       (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
HealingCheckpoint     *healing_checkpoint_ring_get_last_good    (HealingCheckpointRing  *self);
HEALING_AVAILABLE_IN_ALL
HealingCheckpoint     *healing_checkpoint_ring_restore          (HealingCheckpointRing  *self,
                                                                 GError                **error);
HEALING_AVAILABLE_IN_ALL
gboolean               healing_checkpoint_ring_note_fault       (HealingCheckpointRing  *self);

HEALING_AVAILABLE_IN_ALL
gboolean               healing_checkpoint_ring_save             (HealingCheckpointRing  *self,
                                                                 GError                **error);
HEALING_AVAILABLE_IN_ALL
gboolean               healing_checkpoint_ring_load             (HealingCheckpointRing  *self,
                                                                 GError                **error);
HEALING_AVAILABLE_IN_ALL
const char * const    *healing_checkpoint_ring_get_unrestored   (HealingCheckpointRing  *self);

G_END_DECLS
