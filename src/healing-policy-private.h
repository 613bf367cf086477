/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-policy.h"
#include "healing-patch-trust.h"

G_BEGIN_DECLS

/* Makes the jitter of retry delays reproducible. */
void healing_policy_set_seed (HealingPolicy *self,
                              guint32        seed);

/* The trust of hot patches from the "patch" section of the configuration,
 * or NULL if it has none (healing-patch-store.c). */
HealingPatchTrust *healing_policy_get_patch_trust (HealingPolicy *self);

G_END_DECLS
