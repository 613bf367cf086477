/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-checkpoint-ring.h"
#include "healing-container.h"

G_BEGIN_DECLS

/* Hands a fault trapped outside rendering (a signal handler, a callback) to
 * the container that owns the code: the child is quarantined and the
 * fallback shown, exactly as for a rendering fault. Takes ownership of
 * @fault. Safe to call from anywhere on the GTK thread, including from
 * inside measure, allocate and snapshot: the widget tree changes later, in a
 * high-priority idle. */
void healing_container_take_fault (HealingContainer *self,
                                   HealingFault     *fault);

/* The hang timeout a container starts with: HEALING_DEFAULT_HANG_TIMEOUT_MS,
 * or HEALING_HANG_TIMEOUT_MS from the environment. */
guint healing_container_get_default_hang_timeout (void);

/* When the retry the container waits for is due, on the runtime's clock
 * (µs), or 0 if it waits for none. */
gint64 healing_container_get_retry_time (HealingContainer *self);

/* Hot-patch trials (healing-patch-store.c): undoes
 * healing_container_apply_patch () after the replacement faulted in its
 * trial, without ::patched. @previous (NULL for none, else a parentless
 * widget) becomes the child again. With @run it runs at once, healthy;
 * without (it had faulted before the patch) it is not run, and the
 * fallback is shown in @state until a reset or another patch. */
void healing_container_revert_patch (HealingContainer *self,
                                     GtkWidget        *previous,
                                     gboolean          run,
                                     HealingState      state);

/* The container's checkpoint ring, created on first use, its root the
 * child (the journal records a guarded action's changes in it). Creating
 * it this way does not notify HealingContainer:checkpoints. */
HealingCheckpointRing *healing_container_get_checkpoint_ring  (HealingContainer *self);
/* The ring if the container has one yet (never creates it). */
HealingCheckpointRing *healing_container_peek_checkpoint_ring (HealingContainer *self);

/* For guarded code (healing-guard-private.h, healing-journal.c), on the
 * path of every owned guarded emission: no type checks. The guard's
 * options in one call, and the ring the journal records into (the
 * checkpoint ring, with the child as its root; NULL without a child). */
void                   healing_container_get_guard_options    (HealingContainer  *self,
                                                               guint             *hang_timeout,
                                                               gboolean          *trap_warnings,
                                                               const char       **component_id);
HealingCheckpointRing *healing_container_get_journal_ring     (HealingContainer  *self);
HealingCheckpointRing *healing_container_peek_journal_ring    (HealingContainer  *self);

/* Restores @checkpoint, one of the container's, chosen by hand (the
 * Inspector's "Restore Checkpoint"), into the child, inside the fault trap
 * with the container's hang timeout. If restoring faults, the checkpoint
 * is quarantined, the fault is the container's (counted, in the runtime's
 * fault log, healed by the policy) and the error is
 * HEALING_CHECKPOINT_ERROR_FAULTED; without a child, NO_ROOT. What could
 * not be put back is in the ring's unrestored list. */
gboolean healing_container_restore_checkpoint (HealingContainer   *self,
                                               HealingCheckpoint  *checkpoint,
                                               GError            **error);

/* Runs the once-per-frame drop of the scratch snapshots' nodes now, if it
 * is pending (for benchmarks: it is part of a guarded frame's cost). */
void healing_container_flush_scratch_snapshots (void);
/* Whether a container is appending its child's cached render node to its
 * own snapshot (step 2 of "Scratch snapshots" in healing-container.c):
 * code of a child that draws then ran outside its container's scratch.
 * For tests. */
gboolean healing_container_is_appending_cached_node (void);

G_END_DECLS
