/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-circuit-breaker.h"

G_BEGIN_DECLS

/* The policy's "metrics-only" setting: puts a closed, open or half-open
 * breaker in the metrics-only state, or closes one the policy (not an
 * operator) put there. Forced-open and disabled breakers are left alone. */
void healing_circuit_breaker_set_metrics_only_by_policy (HealingCircuitBreaker *self,
                                                         gboolean               metrics_only);

G_END_DECLS
