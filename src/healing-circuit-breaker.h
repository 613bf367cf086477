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
 * @HEALING_CIRCUIT_METRICS_ONLY: the breaker counts calls and emits its
 *   per-call signals as a closed one does, but never changes state by
 *   itself and lets every run through: thresholds can be tuned on a live
 *   application before they are enforced
 *
 * The state of a [class@CircuitBreaker].
 */
typedef enum {
  HEALING_CIRCUIT_CLOSED,
  HEALING_CIRCUIT_OPEN,
  HEALING_CIRCUIT_HALF_OPEN,
  HEALING_CIRCUIT_FORCED_OPEN,
  HEALING_CIRCUIT_DISABLED,
  HEALING_CIRCUIT_METRICS_ONLY,
} HealingCircuitState;

/**
 * HealingCircuitMode:
 * @HEALING_CIRCUIT_MODE_WINDOW: open when
 *   [property@CircuitBreaker:threshold] failures happened within the last
 *   [property@CircuitBreaker:window] milliseconds
 * @HEALING_CIRCUIT_MODE_CONSECUTIVE: open after
 *   [property@CircuitBreaker:threshold] failures in a row, with no success
 *   in between, however far apart
 * @HEALING_CIRCUIT_MODE_COUNT_BASED: open when the failure rate (or the
 *   slow-call rate) of the last [property@CircuitBreaker:window-size] calls
 *   reaches its threshold, once [property@CircuitBreaker:minimum-calls]
 *   calls were seen; resilience4j's `COUNT_BASED` sliding window
 * @HEALING_CIRCUIT_MODE_TIME_BASED: the same over the calls of the last
 *   [property@CircuitBreaker:window] milliseconds; resilience4j's
 *   `TIME_BASED` sliding window, Polly's `SamplingDuration`
 *
 * How a [class@CircuitBreaker] counts failures while it is closed. The two
 * rate modes count successes too, so every run must be reported
 * ([method@CircuitBreaker.record_call]).
 */
typedef enum {
  HEALING_CIRCUIT_MODE_WINDOW,
  HEALING_CIRCUIT_MODE_CONSECUTIVE,
  HEALING_CIRCUIT_MODE_COUNT_BASED,
  HEALING_CIRCUIT_MODE_TIME_BASED,
} HealingCircuitMode;

/**
 * HealingCallOutcome:
 * @HEALING_CALL_SUCCESS: the run succeeded
 * @HEALING_CALL_ERROR: the run failed; the failure counts
 * @HEALING_CALL_IGNORED_ERROR: the run failed in a way that says nothing
 *   about the component's health (such as a cancellation); it is neither a
 *   success nor a failure, and hands back its half-open permit
 *
 * How a run reported to [method@CircuitBreaker.record_call] ended.
 */
typedef enum {
  HEALING_CALL_SUCCESS,
  HEALING_CALL_ERROR,
  HEALING_CALL_IGNORED_ERROR,
} HealingCallOutcome;

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

/**
 * HEALING_CIRCUIT_DEFAULT_FAILURE_RATE_THRESHOLD:
 *
 * The default of [property@CircuitBreaker:failure-rate-threshold]: 50 %,
 * as in resilience4j.
 */
#define HEALING_CIRCUIT_DEFAULT_FAILURE_RATE_THRESHOLD 50.0

/**
 * HEALING_CIRCUIT_DEFAULT_SLOW_CALL_RATE_THRESHOLD:
 *
 * The default of [property@CircuitBreaker:slow-call-rate-threshold]:
 * 100 %, as in resilience4j: only a window of nothing but slow calls opens
 * the circuit.
 */
#define HEALING_CIRCUIT_DEFAULT_SLOW_CALL_RATE_THRESHOLD 100.0

/**
 * HEALING_CIRCUIT_DEFAULT_SLOW_CALL_DURATION_MS:
 *
 * The default of [property@CircuitBreaker:slow-call-duration]: 500 ms.
 * resilience4j's 60 s is longer than a container's hang timeout, so no
 * widget call could ever be slow.
 */
#define HEALING_CIRCUIT_DEFAULT_SLOW_CALL_DURATION_MS 500

/**
 * HEALING_CIRCUIT_DEFAULT_WINDOW_SIZE:
 *
 * The default of [property@CircuitBreaker:window-size]: the last 100
 * calls, as in resilience4j.
 */
#define HEALING_CIRCUIT_DEFAULT_WINDOW_SIZE 100

/**
 * HEALING_CIRCUIT_DEFAULT_MINIMUM_CALLS:
 *
 * The default of [property@CircuitBreaker:minimum-calls]: 100 calls, as in
 * resilience4j and Polly.
 */
#define HEALING_CIRCUIT_DEFAULT_MINIMUM_CALLS 100

/**
 * HEALING_CIRCUIT_MAX_WINDOW_SIZE:
 *
 * The largest [property@CircuitBreaker:window-size]: the window is a ring
 * of that many slots, allocated once.
 */
#define HEALING_CIRCUIT_MAX_WINDOW_SIZE 10000

/**
 * HEALING_CIRCUIT_MAX_TIME_BUCKETS:
 *
 * How many buckets a time-based window has at most: one per second up to
 * this many seconds, then the window is split into this many equal buckets.
 */
#define HEALING_CIRCUIT_MAX_TIME_BUCKETS 600

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
double                 healing_circuit_breaker_get_failure_rate_threshold (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_failure_rate_threshold (HealingCircuitBreaker *self,
                                                                           double                 percent);
HEALING_AVAILABLE_IN_ALL
double                 healing_circuit_breaker_get_slow_call_rate_threshold (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_slow_call_rate_threshold (HealingCircuitBreaker *self,
                                                                             double                 percent);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_slow_call_duration (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_slow_call_duration (HealingCircuitBreaker *self,
                                                                       guint                  duration_ms);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_window_size        (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_window_size        (HealingCircuitBreaker *self,
                                                                       guint                  calls);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_minimum_calls      (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_minimum_calls      (HealingCircuitBreaker *self,
                                                                       guint                  calls);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_max_half_open_wait (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_set_max_half_open_wait (HealingCircuitBreaker *self,
                                                                       guint                  wait_ms);

HEALING_AVAILABLE_IN_ALL
gboolean               healing_circuit_breaker_get_counts_successes   (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_calls_in_window    (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
guint                  healing_circuit_breaker_get_slow_calls_in_window (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
double                 healing_circuit_breaker_get_failure_rate       (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
double                 healing_circuit_breaker_get_slow_call_rate     (HealingCircuitBreaker *self);

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
void                   healing_circuit_breaker_record_call            (HealingCircuitBreaker *self,
                                                                       HealingCallOutcome     outcome,
                                                                       gint64                 duration_us);

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

HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_transition_to_closed   (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_transition_to_open     (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_transition_to_open_for (HealingCircuitBreaker *self,
                                                                       guint                  duration_ms);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_transition_to_half_open (HealingCircuitBreaker *self);
HEALING_AVAILABLE_IN_ALL
void                   healing_circuit_breaker_transition_to_metrics_only (HealingCircuitBreaker *self);

G_END_DECLS
