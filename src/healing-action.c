/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-action-private.h"

/* The GTK thread is the only one that runs guarded actions, so the hooks
 * need no lock; they are set once, at initialisation. */
static const HealingActionHooks *action_hooks;

void
healing_action_set_hooks (const HealingActionHooks *hooks)
{
  action_hooks = hooks;
}

gpointer
healing_action_begin (HealingContainer *owner)
{
  if (action_hooks == NULL || action_hooks->begin == NULL || owner == NULL)
    return NULL;

  return action_hooks->begin (owner);
}

void
healing_action_commit (HealingContainer *owner,
                       gpointer          token)
{
  if (action_hooks == NULL || action_hooks->commit == NULL || owner == NULL)
    return;

  action_hooks->commit (owner, token);
}

void
healing_action_abort (HealingContainer   *owner,
                      gpointer            token,
                      HealingFault       *fault)
{
  if (action_hooks == NULL || action_hooks->abort == NULL || owner == NULL)
    return;

  action_hooks->abort (owner, token, fault);
}
