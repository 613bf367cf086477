/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-checkpoint-ring.h"

G_BEGIN_DECLS

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
