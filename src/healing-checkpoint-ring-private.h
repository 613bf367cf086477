/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-checkpoint-ring.h"
#include "healing-fault.h"

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
gpointer               healing_checkpoint_ring_begin_action_for   (HealingCheckpointRing *self,
                                                                   gpointer               keep_alive);
GtkWidget             *healing_checkpoint_ring_peek_root          (HealingCheckpointRing *self);
void                   healing_checkpoint_ring_commit_action      (HealingCheckpointRing *self,
                                                                   gpointer               token);
/* What undoing an aborted action did. */
typedef enum {
  /* The action changed nothing the ring captures: nothing to put back. */
  HEALING_UNDO_NOTHING,
  /* Every captured value it changed is back. */
  HEALING_UNDO_RESTORED,
  /* Some could not be put back (a setter faulted or refused, or the
   * token was unknown): its changes are partly in place. */
  HEALING_UNDO_FAILED,
} HealingUndoOutcome;

HealingUndoOutcome     healing_checkpoint_ring_abort_action       (HealingCheckpointRing *self,
                                                                   gpointer               token);

/* Restores @checkpoint, one of the ring's, chosen by hand, into the root
 * inside the fault trap (hang detection after @hang_timeout_ms, 0: none).
 * If that faults, the checkpoint is quarantined, *@fault (if not NULL) is
 * the fault, of HEALING_PHASE_CALLBACK for @component_id, to report, and
 * the error is HEALING_CHECKPOINT_ERROR_FAULTED; without a root, NO_ROOT.
 * What could not be put back is in healing_checkpoint_ring_get_unrestored
 * (); the loop guard follows the restore. */
gboolean               healing_checkpoint_ring_restore_checkpoint (HealingCheckpointRing  *self,
                                                                   HealingCheckpoint      *checkpoint,
                                                                   guint                   hang_timeout_ms,
                                                                   const char             *component_id,
                                                                   HealingFault          **fault,
                                                                   GError                **error);

G_END_DECLS
