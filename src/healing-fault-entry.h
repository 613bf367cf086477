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
#include "healing-decision.h"
#include "healing-fault.h"

G_BEGIN_DECLS

/**
 * HealingOutcome:
 * @HEALING_OUTCOME_PENDING: the strategy is under way, or its result is
 *   not known yet
 * @HEALING_OUTCOME_HEALED: the component ran cleanly again
 * @HEALING_OUTCOME_ESCALATED: the strategy did not help; a later fault or
 *   escalation took over
 * @HEALING_OUTCOME_GAVE_UP: the component stays out of service: fallback,
 *   isolated, or waiting for a patch
 *
 * What became of a fault in the log of [class@Runtime].
 */
typedef enum {
  HEALING_OUTCOME_PENDING,
  HEALING_OUTCOME_HEALED,
  HEALING_OUTCOME_ESCALATED,
  HEALING_OUTCOME_GAVE_UP,
} HealingOutcome;

#define HEALING_TYPE_FAULT_ENTRY (healing_fault_entry_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingFaultEntry, healing_fault_entry, HEALING, FAULT_ENTRY, GObject)

HEALING_AVAILABLE_IN_ALL
HealingFaultEntry *healing_fault_entry_new              (HealingFault      *fault,
                                                         HealingDecision   *decision) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
HealingFault      *healing_fault_entry_get_fault        (HealingFaultEntry *self);
HEALING_AVAILABLE_IN_ALL
HealingDecision   *healing_fault_entry_get_decision     (HealingFaultEntry *self);
HEALING_AVAILABLE_IN_ALL
const char        *healing_fault_entry_get_component_id (HealingFaultEntry *self);
HEALING_AVAILABLE_IN_ALL
HealingStrategy    healing_fault_entry_get_strategy     (HealingFaultEntry *self);

HEALING_AVAILABLE_IN_ALL
HealingOutcome     healing_fault_entry_get_outcome      (HealingFaultEntry *self);
HEALING_AVAILABLE_IN_ALL
void               healing_fault_entry_set_outcome      (HealingFaultEntry *self,
                                                         HealingOutcome     outcome);

G_END_DECLS
