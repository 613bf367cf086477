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
 * HealingFaultKind:
 * @HEALING_FAULT_CRASH: a fatal signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 *   SIGABRT, SIGTRAP), including a stack overflow and a failed assertion
 * @HEALING_FAULT_CRITICAL: a `G_LOG_LEVEL_CRITICAL` message, such as a failed
 *   `g_return_if_fail()`
 * @HEALING_FAULT_WARNING: a `G_LOG_LEVEL_WARNING` message, when the container
 *   treats warnings as faults
 * @HEALING_FAULT_HANG: code that ran past its deadline and was interrupted
 * @HEALING_FAULT_ERROR: a `GError` reported by the application, or an
 *   exception of a language binding that escaped guarded code (see
 *   [func@report_current_fault])
 *
 * What went wrong.
 */
typedef enum {
  HEALING_FAULT_CRASH,
  HEALING_FAULT_CRITICAL,
  HEALING_FAULT_WARNING,
  HEALING_FAULT_HANG,
  HEALING_FAULT_ERROR,
} HealingFaultKind;

/**
 * HealingFaultPhase:
 * @HEALING_PHASE_MEASURE: while the widget was measured
 * @HEALING_PHASE_ALLOCATE: while the widget was allocated its size
 * @HEALING_PHASE_SNAPSHOT: while the widget was drawing
 * @HEALING_PHASE_HANDLER: in a signal handler
 * @HEALING_PHASE_CALLBACK: in a main-loop callback (idle, timeout)
 * @HEALING_PHASE_REPORTED: reported by the application
 * @HEALING_PHASE_CLEANUP: while libhealing took down a widget that had
 *   faulted (its unmap, unrealize, dispose or finalize); such a fault leaves
 *   the widget half torn down: it is leaked and the process is tainted
 *
 * Where a fault happened.
 */
typedef enum {
  HEALING_PHASE_MEASURE,
  HEALING_PHASE_ALLOCATE,
  HEALING_PHASE_SNAPSHOT,
  HEALING_PHASE_HANDLER,
  HEALING_PHASE_CALLBACK,
  HEALING_PHASE_REPORTED,
  HEALING_PHASE_CLEANUP,
} HealingFaultPhase;

#define HEALING_TYPE_FAULT (healing_fault_get_type ())

typedef struct _HealingFault HealingFault;

HEALING_AVAILABLE_IN_ALL
GType             healing_fault_get_type         (void) G_GNUC_CONST;

HEALING_AVAILABLE_IN_ALL
HealingFault     *healing_fault_new_for_error    (const GError      *error,
                                                  const char        *component_id) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
HealingFault     *healing_fault_ref              (HealingFault      *self);
HEALING_AVAILABLE_IN_ALL
void              healing_fault_unref            (HealingFault      *self);

HEALING_AVAILABLE_IN_ALL
HealingFaultKind  healing_fault_get_kind         (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
HealingFaultPhase healing_fault_get_phase        (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
int               healing_fault_get_signal       (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
GQuark            healing_fault_get_error_domain (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
int               healing_fault_get_error_code   (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
const char       *healing_fault_get_message      (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
const char       *healing_fault_get_component_id (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
const char       *healing_fault_get_origin       (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
gint64            healing_fault_get_time         (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
gboolean          healing_fault_get_taints_process (const HealingFault *self);

HEALING_AVAILABLE_IN_ALL
const char       *healing_fault_get_exception_type (const HealingFault *self);
HEALING_AVAILABLE_IN_ALL
const char       *healing_fault_get_traceback    (const HealingFault *self);

HEALING_AVAILABLE_IN_ALL
char             *healing_fault_to_string        (const HealingFault *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HealingFault, healing_fault_unref)

G_END_DECLS
