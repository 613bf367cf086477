/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-circuit-breaker.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_BREAKER_STATS (healing_inspector_breaker_stats_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorBreakerStats, healing_inspector_breaker_stats,
                      HEALING, INSPECTOR_BREAKER_STATS, GtkWidget)

GtkWidget             *healing_inspector_breaker_stats_new         (void);

HealingCircuitBreaker *healing_inspector_breaker_stats_get_breaker (HealingInspectorBreakerStats *self);
void                   healing_inspector_breaker_stats_set_breaker (HealingInspectorBreakerStats *self,
                                                                    HealingCircuitBreaker        *breaker);

G_END_DECLS
