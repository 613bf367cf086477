/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-checkpoint.h"
#include "healing-circuit-breaker.h"
#include "healing-container.h"
#include "healing-decision.h"
#include "healing-fault-entry.h"
#include "healing-fault.h"

G_BEGIN_DECLS

/*
 * Words for people: what the panes of the inspector page say for the
 * library's enumerations, counts, times and breakers. Translated; for a
 * value newer than the inspector, its nick.
 */

const char *healing_inspector_state_to_string         (HealingState           state);
const char *healing_inspector_kind_to_string          (HealingFaultKind       kind);
const char *healing_inspector_phase_to_string         (HealingFaultPhase      phase);
const char *healing_inspector_strategy_to_string      (HealingStrategy        strategy);
const char *healing_inspector_outcome_to_string       (HealingOutcome         outcome);
const char *healing_inspector_circuit_state_to_string (HealingCircuitState    state);

/* The nick of @value in @enum_type. */
const char *healing_inspector_enum_nick               (GType                  enum_type,
                                                       int                    value);

/* The kinds of fault the page can inject, in the order of its drop-down. */
guint            healing_inspector_get_n_injectable_kinds (void);
HealingFaultKind healing_inspector_get_injectable_kind    (guint              position);

char       *healing_inspector_dup_component_name      (HealingContainer      *container);
char       *healing_inspector_dup_fault_count         (guint                  n_faults);
/* A time left, in whole seconds rounded up. */
char       *healing_inspector_dup_seconds_left        (gint64                 usec);
/* Wall-clock times, in the locale's format. */
char       *healing_inspector_dup_fault_time          (const HealingFault    *fault);
char       *healing_inspector_dup_checkpoint_time     (HealingCheckpoint     *checkpoint);

/* Now, on the runtime's clock (µs). */
gint64      healing_inspector_clock_now               (void);

/* The breaker of @container's component, if the runtime has made one
 * (transfer none): NULL without a component id. */
HealingCircuitBreaker *healing_inspector_lookup_breaker (HealingContainer    *container);

/* Whether a change of a breaker's @pspec changes what the panes show of
 * it (its state, reason, counts, when it opens): they ignore the rest. */
gboolean healing_inspector_breaker_change_shown (GParamSpec *pspec);
/* Whether the breaker keeps the component from running. */
gboolean    healing_inspector_breaker_is_open         (HealingCircuitBreaker *breaker);
/* "Open, 4 s left", "Closed, 2 failures", ... */
char       *healing_inspector_dup_breaker_summary     (HealingCircuitBreaker *breaker);

/* "Next try in 3 s" for @container retrying at @retry_at on the runtime's
 * clock (0: not known yet), or NULL when it waits for no retry. */
char       *healing_inspector_dup_retry_text          (HealingContainer      *container,
                                                       gint64                 retry_at);

G_END_DECLS
