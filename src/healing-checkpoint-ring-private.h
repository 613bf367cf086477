/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-checkpoint-ring.h"

G_BEGIN_DECLS

/* The container's automatic checkpoint: like
 * healing_checkpoint_ring_checkpoint (), but a capture of the whole subtree
 * (the first, after a structure change, or with @look_for_added: widgets
 * added do not notify) runs in slices at idle priority, each well under
 * 4 ms, and the checkpoint is made when it is complete; a fault heard of
 * meanwhile drops it. */
void                   healing_checkpoint_ring_checkpoint_in_slices (HealingCheckpointRing *self,
                                                                     gboolean               look_for_added);
/* For tests: a slice captures at most @max_objects objects (0: as many as
 * its time allows). */
void                   healing_checkpoint_ring_set_slice_limit      (HealingCheckpointRing *self,
                                                                     guint                  max_objects);
/* Whether a sliced capture is under way, and how many objects it walked. */
gboolean               healing_checkpoint_ring_get_capturing        (HealingCheckpointRing *self);
guint                  healing_checkpoint_ring_get_captured         (HealingCheckpointRing *self);
/* Finishes (and checkpoints) a sliced capture under way, at once. */
void                   healing_checkpoint_ring_finish_slices        (HealingCheckpointRing *self);

/* The journal of guarded actions: begin returns a token for commit or
 * abort (NULL when there is nothing to journal). Abort undoes the changes
 * the action made to captured properties and checkpointable state, newest
 * first, inside a trap frame. */
gpointer               healing_checkpoint_ring_begin_action       (HealingCheckpointRing *self);
void                   healing_checkpoint_ring_commit_action      (HealingCheckpointRing *self,
                                                                   gpointer               token);
void                   healing_checkpoint_ring_abort_action       (HealingCheckpointRing *self,
                                                                   gpointer               token);

G_END_DECLS
