/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-container.h"
#include "healing-fault.h"

G_BEGIN_DECLS

/*
 * Guarded actions: the begin / commit / abort bracket around one run of
 * guarded application code owned by a container (a signal handler, an idle
 * or timeout callback). The checkpoint machinery hooks in here to journal
 * the property changes the code makes and to roll them back when it faults
 * ("the last good state minus the crashing action").
 *
 * Brackets nest (a handler may emit a signal whose handler is guarded too);
 * each begin is matched by exactly one commit or abort, innermost first.
 */
typedef struct {
  /* Returns a token passed back to commit or abort (may be NULL). */
  gpointer (*begin)  (HealingContainer   *owner);
  void     (*commit) (HealingContainer   *owner,
                      gpointer            token);
  /* May mark @fault (NULL if there is none) with what undoing did. */
  void     (*abort)  (HealingContainer   *owner,
                      gpointer            token,
                      HealingFault       *fault);
} HealingActionHooks;

/* Installs the hooks (one set per process; NULL removes them). */
void     healing_action_set_hooks (const HealingActionHooks *hooks);

/* The installed hooks (healing-action.c): read by the inline begin and
 * commit below, which are on the path of every owned guarded emission (a
 * call each into a dispatcher was some 20 instructions of it). */
extern const HealingActionHooks *healing_action_hooks;

void     healing_action_abort     (HealingContainer         *owner,
                                   gpointer                  token,
                                   HealingFault             *fault);

static inline gpointer
healing_action_begin (HealingContainer *owner)
{
  const HealingActionHooks *hooks = healing_action_hooks;

  if (hooks == NULL || hooks->begin == NULL || owner == NULL)
    return NULL;

  return hooks->begin (owner);
}

static inline void
healing_action_commit (HealingContainer *owner,
                       gpointer          token)
{
  const HealingActionHooks *hooks = healing_action_hooks;

  if (hooks == NULL || hooks->commit == NULL || owner == NULL)
    return;

  hooks->commit (owner, token);
}

G_END_DECLS
