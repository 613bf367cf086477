/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-action-private.h"
#include "healing-checkpoint-ring-private.h"
#include "healing-container-private.h"
#include "healing-fault-private.h"
#include "healing-journal-private.h"

/*
 * "The last good state minus the crashing action": while a guarded handler
 * of a container's child runs, the container's checkpoint ring records the
 * first old value of every captured property the handler changes (it knows
 * them from its live capture, brought up to date when the action begins).
 * If the handler faults, the changes are undone, newest first; if it
 * returns, the record is dropped, or handed to the enclosing action.
 */

static gpointer
journal_begin (HealingContainer *owner)
{
  HealingCheckpointRing *ring = healing_container_get_journal_ring (owner);

  if (ring == NULL)
    return NULL;

  /* The owner stays while the capture reads properties. */
  return healing_checkpoint_ring_begin_action_for (ring, owner);
}

static void
journal_commit (HealingContainer *owner,
                gpointer          token)
{
  HealingCheckpointRing *ring;

  if (token == NULL)
    return;

  ring = healing_container_peek_journal_ring (owner);
  if (ring != NULL)
    healing_checkpoint_ring_commit_action (ring, token);
}

/* The fault says whether its action was undone, for the container's
 * restore strategy (journal_restored () in healing-container.c). */
static void
journal_abort (HealingContainer *owner,
               gpointer          token,
               HealingFault     *fault)
{
  HealingCheckpointRing *ring;
  HealingUndoOutcome outcome;

  if (token == NULL)
    return;

  ring = healing_container_peek_journal_ring (owner);
  if (ring == NULL)
    return;

  outcome = healing_checkpoint_ring_abort_action (ring, token);
  if (fault != NULL)
    healing_fault_set_action_undone (fault, outcome != HEALING_UNDO_FAILED);
}

static const HealingActionHooks journal_hooks = {
  journal_begin,
  journal_commit,
  journal_abort,
};

void
healing_journal_init (void)
{
  healing_action_set_hooks (&journal_hooks);
}
