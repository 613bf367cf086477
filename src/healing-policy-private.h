/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-policy.h"

G_BEGIN_DECLS

/* Makes the jitter of retry delays reproducible. */
void healing_policy_set_seed (HealingPolicy *self,
                              guint32        seed);

G_END_DECLS
