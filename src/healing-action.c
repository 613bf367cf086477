/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-action-private.h"

/* The GTK thread is the only one that runs guarded actions, so the hooks
 * need no lock; they are set once, at initialisation. */
const HealingActionHooks *healing_action_hooks;

void
healing_action_set_hooks (const HealingActionHooks *hooks)
{
  healing_action_hooks = hooks;
}

void
healing_action_abort (HealingContainer   *owner,
                      gpointer            token,
                      HealingFault       *fault)
{
  if (healing_action_hooks == NULL || healing_action_hooks->abort == NULL || owner == NULL)
    return;

  healing_action_hooks->abort (owner, token, fault);
}
