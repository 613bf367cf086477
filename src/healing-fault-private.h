/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-fault.h"

G_BEGIN_DECLS

HealingFault *healing_fault_new (HealingFaultKind   kind,
                                 HealingFaultPhase  phase,
                                 int                signal_number,
                                 const char        *message,
                                 const char        *component_id,
                                 const char        *origin,
                                 gboolean           taints_process);

/* A language binding's exception (healing-report.c). */
HealingFault *healing_fault_new_for_exception (HealingFaultPhase  phase,
                                               const char        *exception_type,
                                               const char        *message,
                                               const char        *traceback,
                                               const char        *component_id,
                                               const char        *origin);

/* Whether the faulting action was undone: the guarded code's changes to
 * captured state were all put back, or it made none, so the live state is
 * the last good one minus that action. Set by the journal's abort hook,
 * before the fault is handed to its container; FALSE for every other
 * fault. */
void          healing_fault_set_action_undone (HealingFault       *self,
                                               gboolean            undone);
gboolean      healing_fault_get_action_undone (const HealingFault *self);

/* Phases by name, for death records (static strings: signal safe). */
extern const char * const healing_fault_phase_names[];

G_END_DECLS
