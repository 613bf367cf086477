/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-fault.h"
#include "healing-report.h"

G_BEGIN_DECLS

/* An exception a language binding reported inside a trap frame with
 * healing_report_current_fault (). The frame keeps the first one
 * (HealingTrapFrame.exception) and ends as faulted; its fault record is
 * made by healing_reported_exception_to_fault (). */
typedef struct {
  char *type_name;
  char *message;
  char *traceback;
} HealingReportedException;

void          healing_reported_exception_free     (HealingReportedException       *exception);

HealingFault *healing_reported_exception_to_fault (const HealingReportedException *exception,
                                                   HealingFaultPhase               phase,
                                                   const char                     *component_id,
                                                   const char                     *origin);

G_END_DECLS
