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
#include "healing-circuit-breaker.h"
#include "healing-decision.h"
#include "healing-fault.h"
#include "healing-predictor.h"

G_BEGIN_DECLS

/**
 * HEALING_POLICY_ERROR:
 *
 * The error domain of [class@Policy]: errors in a configuration.
 */
#define HEALING_POLICY_ERROR (healing_policy_error_quark ())

/**
 * healing_policy_error_quark:
 *
 * Gets the error domain of [class@Policy], `HEALING_POLICY_ERROR`.
 *
 * Returns: the error quark
 */

/**
 * HealingPolicyError:
 * @HEALING_POLICY_ERROR_SYNTAX: the text is not valid JSON, or is empty
 * @HEALING_POLICY_ERROR_UNKNOWN_KEY: an object has a member the
 *   configuration does not know
 * @HEALING_POLICY_ERROR_DUPLICATE_KEY: an object has the same member twice
 * @HEALING_POLICY_ERROR_WRONG_TYPE: a value has the wrong JSON type, such
 *   as a string where a number belongs
 * @HEALING_POLICY_ERROR_OUT_OF_RANGE: a number is out of its range
 * @HEALING_POLICY_ERROR_UNKNOWN_STRATEGY: a string names no
 *   [enum@Healing.Strategy]
 * @HEALING_POLICY_ERROR_UNKNOWN_CLASS: a strategy is given for a fault
 *   class that is neither built in nor defined under `classes`
 * @HEALING_POLICY_ERROR_INVALID_VALUE: any other invalid value, such as an
 *   empty escalation chain, an unknown circuit-breaker mode, or a class
 *   definition that reuses a built-in name
 * @HEALING_POLICY_ERROR_LIMIT: the text exceeds a limit of the loader (its
 *   size, nesting depth, the length of a string, the number of values,
 *   components or escalation steps; see [class@Policy])
 * @HEALING_POLICY_ERROR_ENCODING: the text is not valid UTF-8, or a string
 *   escapes an invalid character (a lone UTF-16 surrogate, `\u0000`)
 *
 * The errors of a configuration. Their messages name the file, line,
 * column and key path, as in
 * `healing.json:7:24: healing.components.StockTicker.circuit-breaker.threshold: expected a positive integer, got -1`.
 */
typedef enum {
  HEALING_POLICY_ERROR_SYNTAX,
  HEALING_POLICY_ERROR_UNKNOWN_KEY,
  HEALING_POLICY_ERROR_DUPLICATE_KEY,
  HEALING_POLICY_ERROR_WRONG_TYPE,
  HEALING_POLICY_ERROR_OUT_OF_RANGE,
  HEALING_POLICY_ERROR_UNKNOWN_STRATEGY,
  HEALING_POLICY_ERROR_UNKNOWN_CLASS,
  HEALING_POLICY_ERROR_INVALID_VALUE,
  HEALING_POLICY_ERROR_LIMIT,
  HEALING_POLICY_ERROR_ENCODING,
} HealingPolicyError;

/**
 * HEALING_FAULT_CLASS_RENDER:
 *
 * The fault class of faults while measuring, allocating or drawing.
 */
#define HEALING_FAULT_CLASS_RENDER "render"

/**
 * HEALING_FAULT_CLASS_HANDLER:
 *
 * The fault class of faults in signal handlers.
 */
#define HEALING_FAULT_CLASS_HANDLER "handler"

/**
 * HEALING_FAULT_CLASS_CALLBACK:
 *
 * The fault class of faults in main-loop callbacks.
 */
#define HEALING_FAULT_CLASS_CALLBACK "callback"

/**
 * HEALING_FAULT_CLASS_CRASH:
 *
 * The fault class of crashes: fatal signals, failed assertions.
 */
#define HEALING_FAULT_CLASS_CRASH "crash"

/**
 * HEALING_FAULT_CLASS_CRITICAL:
 *
 * The fault class of criticals, such as a failed `g_return_if_fail()`.
 */
#define HEALING_FAULT_CLASS_CRITICAL "critical"

/**
 * HEALING_FAULT_CLASS_WARNING:
 *
 * The fault class of warnings trapped as faults.
 */
#define HEALING_FAULT_CLASS_WARNING "warning"

/**
 * HEALING_FAULT_CLASS_HANG:
 *
 * The fault class of code that ran past its deadline.
 */
#define HEALING_FAULT_CLASS_HANG "hang"

/**
 * HEALING_FAULT_CLASS_NETWORK:
 *
 * The fault class of reported network errors: the network codes of
 * `G_IO_ERROR`, and every `G_RESOLVER_ERROR` and `G_TLS_ERROR`.
 */
#define HEALING_FAULT_CLASS_NETWORK "network"

/**
 * HEALING_FAULT_CLASS_ERROR:
 *
 * The fault class of every error reported by the application.
 */
#define HEALING_FAULT_CLASS_ERROR "error"

/**
 * HEALING_POLICY_DEFAULT_RETRY_MAX_ATTEMPTS:
 *
 * The default of [property@Policy:retry-max-attempts]: 3 retries.
 */
#define HEALING_POLICY_DEFAULT_RETRY_MAX_ATTEMPTS 3

/**
 * HEALING_POLICY_DEFAULT_RETRY_INITIAL_DELAY_MS:
 *
 * The default of [property@Policy:retry-initial-delay]: 500 ms.
 */
#define HEALING_POLICY_DEFAULT_RETRY_INITIAL_DELAY_MS 500

/**
 * HEALING_POLICY_DEFAULT_RETRY_MULTIPLIER:
 *
 * The default of [property@Policy:retry-multiplier]: each delay doubles.
 */
#define HEALING_POLICY_DEFAULT_RETRY_MULTIPLIER 2.0

/**
 * HEALING_POLICY_DEFAULT_RETRY_MAX_DELAY_MS:
 *
 * The default of [property@Policy:retry-max-delay]: 10 seconds.
 */
#define HEALING_POLICY_DEFAULT_RETRY_MAX_DELAY_MS 10000

/**
 * HEALING_POLICY_DEFAULT_RETRY_JITTER:
 *
 * The default of [property@Policy:retry-jitter]: ±25 %.
 */
#define HEALING_POLICY_DEFAULT_RETRY_JITTER 0.25

/**
 * HEALING_POLICY_MAX_CLASS_CODES:
 *
 * The most error codes a fault class can list
 * ([method@Policy.define_class_full], `codes` in JSON).
 */
#define HEALING_POLICY_MAX_CLASS_CODES 64

#define HEALING_TYPE_POLICY (healing_policy_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingPolicy, healing_policy, HEALING, POLICY, GObject)

HEALING_AVAILABLE_IN_ALL
GQuark           healing_policy_error_quark                (void);

HEALING_AVAILABLE_IN_ALL
HealingPolicy   *healing_policy_new                        (void) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingPolicy   *healing_policy_new_from_file              (const char         *path,
                                                            GError            **error) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_load_from_data             (HealingPolicy      *self,
                                                            const char         *data,
                                                            gssize              length,
                                                            const char         *source_name,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_load_from_file             (HealingPolicy      *self,
                                                            const char         *path,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_watch_file                 (HealingPolicy      *self,
                                                            const char         *path,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_stop_watching              (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
const char      *healing_policy_get_file                   (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
char            *healing_policy_find_config_file           (const char         *application_id) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_load_from_files            (HealingPolicy      *self,
                                                            const char * const *paths,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_watch_files                (HealingPolicy      *self,
                                                            const char * const *paths,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
char           **healing_policy_find_config_files          (const char         *application_id) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_get_enabled                (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_enabled                (HealingPolicy      *self,
                                                            gboolean            enabled);

HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_retry_max_attempts     (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_retry_max_attempts     (HealingPolicy      *self,
                                                            guint               max_attempts);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_retry_initial_delay    (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_retry_initial_delay    (HealingPolicy      *self,
                                                            guint               delay_ms);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_retry_multiplier       (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_retry_multiplier       (HealingPolicy      *self,
                                                            double              multiplier);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_retry_max_delay        (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_retry_max_delay        (HealingPolicy      *self,
                                                            guint               delay_ms);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_retry_jitter           (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_retry_jitter           (HealingPolicy      *self,
                                                            double              jitter);

HEALING_AVAILABLE_IN_ALL
HealingCircuitMode healing_policy_get_breaker_mode         (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_mode           (HealingPolicy      *self,
                                                            HealingCircuitMode  mode);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_threshold      (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_threshold      (HealingPolicy      *self,
                                                            guint               threshold);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_window         (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_window         (HealingPolicy      *self,
                                                            guint               window_ms);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_open_timeout   (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_open_timeout   (HealingPolicy      *self,
                                                            guint               open_timeout_ms);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_breaker_backoff_multiplier (HealingPolicy  *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_backoff_multiplier (HealingPolicy  *self,
                                                                double          multiplier);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_max_open_timeout (HealingPolicy    *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_max_open_timeout (HealingPolicy    *self,
                                                              guint             max_open_timeout_ms);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_half_open_trials (HealingPolicy    *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_half_open_trials (HealingPolicy    *self,
                                                              guint             trials);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_breaker_failure_rate_threshold (HealingPolicy *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_failure_rate_threshold (HealingPolicy *self,
                                                                    double         percent);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_breaker_slow_call_rate_threshold (HealingPolicy *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_slow_call_rate_threshold (HealingPolicy *self,
                                                                      double         percent);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_slow_call_duration (HealingPolicy  *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_slow_call_duration (HealingPolicy  *self,
                                                                guint           duration_ms);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_window_size     (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_window_size     (HealingPolicy      *self,
                                                             guint               calls);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_minimum_calls   (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_minimum_calls   (HealingPolicy      *self,
                                                             guint               calls);
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_get_breaker_max_half_open_wait (HealingPolicy  *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_max_half_open_wait (HealingPolicy  *self,
                                                                guint           wait_ms);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_get_breaker_metrics_only    (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_breaker_metrics_only    (HealingPolicy      *self,
                                                             gboolean            metrics_only);

HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_strategy               (HealingPolicy      *self,
                                                            const char         *fault_class,
                                                            HealingStrategy     strategy);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_unset_strategy             (HealingPolicy      *self,
                                                            const char         *fault_class);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_lookup_strategy            (HealingPolicy      *self,
                                                            const char         *fault_class,
                                                            HealingStrategy    *strategy);

HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_escalation             (HealingPolicy      *self,
                                                            const HealingStrategy *chain,
                                                            gsize               n_steps);
HEALING_AVAILABLE_IN_ALL
const HealingStrategy *healing_policy_get_escalation       (HealingPolicy      *self,
                                                            gsize              *n_steps);

HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_define_class               (HealingPolicy      *self,
                                                            const char         *name,
                                                            const char         *error_domain,
                                                            int                 error_code,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_define_class_full          (HealingPolicy      *self,
                                                            const char         *name,
                                                            const char         *error_domain,
                                                            const int          *codes,
                                                            gsize               n_codes,
                                                            const HealingFaultKind *kinds,
                                                            gsize               n_kinds,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
char           **healing_policy_get_load_warnings          (HealingPolicy      *self) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
gboolean         healing_policy_has_class                  (HealingPolicy      *self,
                                                            const char         *name);
HEALING_AVAILABLE_IN_ALL
char           **healing_policy_classify                   (HealingPolicy      *self,
                                                            const HealingFault *fault) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_component              (HealingPolicy      *self,
                                                            const char         *component_id,
                                                            HealingPolicy      *overrides);
HEALING_AVAILABLE_IN_ALL
HealingPolicy   *healing_policy_get_component              (HealingPolicy      *self,
                                                            const char         *component_id);
HEALING_AVAILABLE_IN_ALL
char           **healing_policy_list_components            (HealingPolicy      *self) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingPolicy   *healing_policy_resolve                    (HealingPolicy      *self,
                                                            const char         *component_id) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
HealingDecision *healing_policy_decide                     (HealingPolicy      *self,
                                                            const HealingFault *fault,
                                                            const HealingDecision *previous) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingDecision *healing_policy_decide_for_class           (HealingPolicy      *self,
                                                            const char         *component_id,
                                                            const char         *fault_class,
                                                            const HealingDecision *previous) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingDecision *healing_policy_escalate                   (HealingPolicy      *self,
                                                            const HealingDecision *decision) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
guint            healing_policy_compute_retry_delay        (HealingPolicy      *self,
                                                            const char         *component_id,
                                                            guint               retry);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_configure_breaker          (HealingPolicy      *self,
                                                            HealingCircuitBreaker *breaker);

/* Failure prediction */
HEALING_AVAILABLE_IN_ALL
HealingPredictMode healing_policy_get_predict              (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_predict                (HealingPolicy      *self,
                                                            HealingPredictMode  mode);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_isolate_probability    (HealingPolicy      *self);
HEALING_AVAILABLE_IN_ALL
void             healing_policy_set_isolate_probability    (HealingPolicy      *self,
                                                            double              value);
HEALING_AVAILABLE_IN_ALL
HealingPredictMode healing_policy_get_component_predict    (HealingPolicy      *self,
                                                            const char         *component_id);
HEALING_AVAILABLE_IN_ALL
double           healing_policy_get_component_isolate_probability (HealingPolicy *self,
                                                                   const char    *component_id);

G_END_DECLS
