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
#include "healing-clock.h"

G_BEGIN_DECLS

/**
 * HealingCircuitState:
 * @HEALING_CIRCUIT_CLOSED: the component runs; failures are counted
 * @HEALING_CIRCUIT_OPEN: the component does not run until the open timeout
 *   has passed
 * @HEALING_CIRCUIT_HALF_OPEN: a few trial runs are let through; success
 *   closes the circuit, a failure opens it again
 * @HEALING_CIRCUIT_FORCED_OPEN: an operator holds the circuit open: the
 *   component does not run until [method@CircuitBreaker.reset]
 * @HEALING_CIRCUIT_DISABLED: an operator switched the breaker off: the
 *   component always runs and failures are not counted
 *
 * The state of a [class@CircuitBreaker].
 */
typedef enum {
  HEALING_CIRCUIT_CLOSED,
  HEALING_CIRCUIT_OPEN,
  HEALING_CIRCUIT_HALF_OPEN,
  HEALING_CIRCUIT_FORCED_OPEN,
  HEALING_CIRCUIT_DISABLED,
} HealingCircuitState;

/**
 * HealingCircuitMode:
 * @HEALING_CIRCUIT_MODE_WINDOW: open when
 *   [property@CircuitBreaker:threshold] failures happened within the last
 *   [property@CircuitBreaker:window] milliseconds
 * @HEALING_CIRCUIT_MODE_CONSECUTIVE: open after
 *   [property@CircuitBreaker:threshold] failures in a row, with no success
 *   in between, however far apart
 *
 * How a [class@CircuitBreaker] counts failures while it is closed.
 */
typedef enum {
  HEALING_CIRCUIT_MODE_WINDOW,
  HEALING_CIRCUIT_MODE_CONSECUTIVE,
} HealingCircuitMode;

/**
 * HEALING_CIRCUIT_DEFAULT_THRESHOLD:
 *
 * The default of [property@CircuitBreaker:threshold]: 3 failures.
 */
#define HEALING_CIRCUIT_DEFAULT_THRESHOLD 3

/**
 * HEALING_CIRCUIT_DEFAULT_WINDOW_MS:
 *
 * The default of [property@CircuitBreaker:window]: 10 seconds.
 */
#define HEALING_CIRCUIT_DEFAULT_WINDOW_MS 10000

/**
 * HEALING_CIRCUIT_DEFAULT_OPEN_TIMEOUT_MS:
 *
 * The default of [property@CircuitBreaker:open-timeout]: 5 seconds.
 */
#define HEALING_CIRCUIT_DEFAULT_OPEN_TIMEOUT_MS 5000

/**
 * HEALING_CIRCUIT_DEFAULT_BACKOFF_MULTIPLIER:
 *
 * The default of [property@CircuitBreaker:backoff-multiplier]: each
 * reopening without a close in between doubles the open timeout.
 */
#define HEALING_CIRCUIT_DEFAULT_BACKOFF_MULTIPLIER 2.0

/**
 * HEALING_CIRCUIT_DEFAULT_MAX_OPEN_TIMEOUT_MS:
 *
 * The default of [property@CircuitBreaker:max-open-timeout]: 1 minute.
 */
#define HEALING_CIRCUIT_DEFAULT_MAX_OPEN_TIMEOUT_MS 60000

/**
 * HEALING_CIRCUIT_DEFAULT_HALF_OPEN_TRIALS:
 *
 * The default of [property@CircuitBreaker:half-open-trials]: 1 trial run.
 */
#define HEALING_CIRCUIT_DEFAULT_HALF_OPEN_TRIALS 1

#define HEALING_TYPE_CIRCUIT_BREAKER (healing_circuit_breaker_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingCircuitBreaker, healing_circuit_breaker, HEALING, CIRCUIT_BREAKER, GObject)

HEALING_AVAILABLE_IN_ALL
HealingCircuitBreaker *healing_circuit_breaker_new                    (const char            *component_id,
                                                                       HealingClock          *clock) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
const char            *healing_circuit_breaker_get_component_id       (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
HealingClock          *healing_circuit_breaker_get_clock              (HealingCircuitBreaker *self);

HEALING_AVAILABLE_IN_ALL
HealingCircuitState    healing_circuit_breaker_get_state              (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
const char            *healing_circuit_breaker_get_reason             (HealingCircuitBreaker *self);

HEALING_AVAILABLE_IN_ALL
HealingCircuitMode     healing_circuit_breaker_get_mode               (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_mode               (HealingCircuitBreaker *self,
                                                                       HealingCircuitMode     mode);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_threshold          (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_threshold          (HealingCircuitBreaker *self,
                                                                       guint                  threshold);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_window             (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_window             (HealingCircuitBreaker *self,
                                                                       guint                  window_ms);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_open_timeout       (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_open_timeout       (HealingCircuitBreaker *self,
                                                                       guint                  open_timeout_ms);
HEALING_AVAILABLE_IN_ALL
double                 healing_circuit_breaker_get_backoff_multiplier (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_backoff_multiplier (HealingCircuitBreaker *self,
                                                                       double                 multiplier);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_max_open_timeout   (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_max_open_timeout   (HealingCircuitBreaker *self,
                                                                       guint                  max_open_timeout_ms);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_half_open_trials   (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_half_open_trials   (HealingCircuitBreaker *self,
                                                                       guint                  trials);

HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_failure_count      (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_open_count         (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
gint64                 healing_circuit_breaker_get_open_until         (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
gint64                 healing_circuit_breaker_get_remaining          (HealingCircuitBreaker *self);

HEALING_AVAILABLE_IN_ALL
gboolean               healing_circuit_breaker_try_acquire            (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_release                (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_record_success         (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_record_failure         (HealingCircuitBreaker *self);

HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_trip                   (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_trip_with_reason       (HealingCircuitBreaker *self,
                                                                       const char            *reason);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_force_open             (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_disable                (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_reset                  (HealingCircuitBreaker *self);

G_END_DECLS
