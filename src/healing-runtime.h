/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gio/gio.h>

#include "healing-version.h"
#include "healing-circuit-breaker.h"
#include "healing-clock.h"
#include "healing-death-record.h"
#include "healing-policy.h"
#include "healing-predictor.h"

G_BEGIN_DECLS

#define HEALING_TYPE_RUNTIME (healing_runtime_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingRuntime, healing_runtime, HEALING, RUNTIME, GObject)

HEALING_AVAILABLE_IN_ALL
HealingRuntime *healing_runtime_get_default      (void);

HEALING_AVAILABLE_IN_ALL
gboolean        healing_runtime_get_tainted      (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
const char     *healing_runtime_get_taint_reason (HealingRuntime *self);

/**
 * HEALING_RUNTIME_DEFAULT_LOG_CAPACITY:
 *
 * The default of [property@Runtime:log-capacity]: 256 entries.
 */
#define HEALING_RUNTIME_DEFAULT_LOG_CAPACITY 256

HEALING_AVAILABLE_IN_ALL
HealingPolicy  *healing_runtime_get_policy       (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
void            healing_runtime_set_policy       (HealingRuntime *self,
                                                  HealingPolicy  *policy);

HEALING_AVAILABLE_IN_ALL
HealingClock   *healing_runtime_get_clock        (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
void            healing_runtime_set_clock        (HealingRuntime *self,
                                                  HealingClock   *clock);

HEALING_AVAILABLE_IN_ALL
GListModel     *healing_runtime_get_containers   (HealingRuntime *self);

HEALING_AVAILABLE_IN_ALL
GListModel     *healing_runtime_get_breakers     (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
HealingCircuitBreaker *healing_runtime_dup_breaker    (HealingRuntime *self,
                                                       const char     *component_id) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingCircuitBreaker *healing_runtime_lookup_breaker (HealingRuntime *self,
                                                       const char     *component_id);

HEALING_AVAILABLE_IN_ALL
HealingPredictor *healing_runtime_dup_predictor    (HealingRuntime *self,
                                                    const char     *component_id) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingPredictor *healing_runtime_lookup_predictor (HealingRuntime *self,
                                                    const char     *component_id);

HEALING_AVAILABLE_IN_ALL
GListModel     *healing_runtime_get_fault_log    (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
guint           healing_runtime_get_log_capacity (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
void            healing_runtime_set_log_capacity (HealingRuntime *self,
                                                  guint           capacity);
HEALING_AVAILABLE_IN_ALL
void            healing_runtime_clear_fault_log  (HealingRuntime *self);

HEALING_AVAILABLE_IN_ALL
gboolean            healing_runtime_get_supervised          (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
guint               healing_runtime_get_restart_count       (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
HealingDeathRecord *healing_runtime_get_last_death          (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
GListModel         *healing_runtime_get_restart_history     (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_runtime_get_restored_components (HealingRuntime *self);

G_END_DECLS
