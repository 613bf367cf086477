/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <glib-object.h>

#include "healing-version.h"

G_BEGIN_DECLS

/**
 * HealingStrategy:
 * @HEALING_STRATEGY_RETRY: run the component again after a backoff delay
 * @HEALING_STRATEGY_FALLBACK: show the fallback instead of the component
 * @HEALING_STRATEGY_ISOLATE: take the component out of the layout
 * @HEALING_STRATEGY_RESTORE: roll the component back to its last good
 *   checkpoint and run it again
 * @HEALING_STRATEGY_HOT_PATCH: show the fallback and wait for a live
 *   replacement of the component
 * @HEALING_STRATEGY_CIRCUIT_BREAK: count the failure in the component's
 *   [class@CircuitBreaker]; while the circuit is open the component is not
 *   run and the fallback is shown
 *
 * How a fault is healed. See [class@Policy].
 */
typedef enum {
  HEALING_STRATEGY_RETRY,
  HEALING_STRATEGY_FALLBACK,
  HEALING_STRATEGY_ISOLATE,
  HEALING_STRATEGY_RESTORE,
  HEALING_STRATEGY_HOT_PATCH,
  HEALING_STRATEGY_CIRCUIT_BREAK,
} HealingStrategy;

#define HEALING_TYPE_DECISION (healing_decision_get_type ())

typedef struct _HealingDecision HealingDecision;

HEALING_AVAILABLE_IN_ALL
GType            healing_decision_get_type          (void) G_GNUC_CONST;

HEALING_AVAILABLE_IN_ALL
HealingDecision *healing_decision_ref               (HealingDecision       *self);
HEALING_AVAILABLE_IN_ALL
void             healing_decision_unref             (HealingDecision       *self);

HEALING_AVAILABLE_IN_ALL
HealingStrategy  healing_decision_get_strategy      (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
const char      *healing_decision_get_fault_class   (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
const char      *healing_decision_get_component_id  (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
guint            healing_decision_get_attempt       (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
guint            healing_decision_get_step          (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
guint            healing_decision_get_step_attempt  (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
guint            healing_decision_get_step_attempts (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
guint            healing_decision_get_delay         (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_decision_is_final          (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_decision_is_escalated      (const HealingDecision *self);
HEALING_AVAILABLE_IN_ALL
const char      *healing_decision_get_reason        (const HealingDecision *self);

HEALING_AVAILABLE_IN_ALL
const char      *healing_strategy_to_string         (HealingStrategy        strategy);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_strategy_from_string       (const char            *name,
                                                     HealingStrategy       *strategy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HealingDecision, healing_decision_unref)

G_END_DECLS
