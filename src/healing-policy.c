/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "healing-policy-private.h"
#include "healing-circuit-breaker-private.h"
#include "healing-enums.h"

/* What a policy holds: its settings as properties (with what was set
 * explicitly, for a component's overrides), the fault classes the
 * application defined, the strategies and the escalation chain, the
 * components' overrides and how they resolve, and the staging policy a
 * load or a merge of layers is put in force from. What is done about a
 * fault is decided in healing-policy-decide.c; where the configuration
 * comes from (JSON, files, reloads) is healing-policy-json.c. */

/**
 * HealingPolicy:
 *
 * Decides how the faults of a component are healed.
 *
 * A policy maps fault classes to strategies ([enum@Healing.Strategy]),
 * holds the retry and circuit-breaker settings, and the escalation chain
 * that is followed when a strategy is exhausted. Every setting can be
 * overridden per component id. A policy is built in code, with the
 * setters, or from JSON ([method@Policy.load_from_file]); the process-wide
 * one is [property@Runtime:policy].
 *
 * ## Fault classes
 *
 * A fault belongs to several classes at once:
 *
 * - a class the application defined ([method@Policy.define_class_full])
 *   by `GError` domain and a set of codes (or any code), by the kinds of
 *   fault it covers, or both;
 * - `network`: the network codes of `G_IO_ERROR` (host not found, host or
 *   network unreachable, connection refused or closed, not connected,
 *   timed out, message too large, and the proxy errors), and every
 *   `G_RESOLVER_ERROR` and `G_TLS_ERROR`;
 * - by kind: `crash`, `critical`, `warning`, `hang`, `error` (any reported
 *   error);
 * - by phase: `render` (measure, allocate, snapshot), `handler` (signal
 *   handlers), `callback` (main-loop callbacks).
 *
 * **Precedence.** The classes are tried from the most specific to the
 * least, in exactly this order: application classes with codes, then
 * application classes with a domain and any code (each in the order they
 * were defined), `network`, application classes by kind only, the kind
 * class, the phase class. The strategy is
 * the one of the first class that has one — first among the component's
 * own mappings, then among the global ones. A component's mapping thus
 * wins over a global one even for a less specific class. When no class
 * has a strategy, the fault starts at the head of the escalation chain.
 *
 * Built in, before any configuration: `network` faults use
 * `circuit-break` and `hang` faults `fallback` (running code that hung
 * again costs the hang timeout every time).
 *
 * ## Escalation
 *
 * Each strategy is a step of the escalation chain, by default
 * `retry → restore → fallback → isolate`: retry up to
 * [property@Policy:retry-max-attempts] times with exponential backoff;
 * then roll back to the last good checkpoint; then show the fallback; and
 * if that fails too, take the component out of the window. A retry step
 * takes as many faults as there are attempts, a restore or fallback step
 * one, an isolate, hot-patch or circuit-break step all further faults. A
 * fault class whose strategy is in the chain starts there; one whose
 * strategy is not runs it first, then the whole chain. A chain that ends
 * in retry or restore is followed by an implicit fallback, so retries are
 * always bounded.
 *
 * [method@Policy.decide] walks this chain: give it the fault and the
 * previous decision of the same episode (`NULL` for the first fault since
 * the component last ran cleanly), and it says what to do next.
 *
 * ## Retry
 *
 * The n-th retry waits `initial-delay × multiplierⁿ⁻¹`, capped at
 * `max-delay`, then spread by ±`jitter` (uniformly) and capped again: the
 * defaults, 500 ms × 2 with ±25 % up to 10 s, give about 0.5 s, 1 s and
 * 2 s.
 *
 * ## JSON
 *
 * ```json
 * {
 *   "healing": {
 *     "enabled": true,
 *     "strategies": { "network": "circuit-break", "render": "retry" },
 *     "retry": { "max-attempts": 3, "initial-delay-ms": 500,
 *                "multiplier": 2.0, "max-delay-ms": 10000, "jitter": 0.25 },
 *     "circuit-breaker": { "mode": "window", "threshold": 3,
 *                          "window-ms": 10000, "open-timeout-ms": 5000,
 *                          "backoff-multiplier": 2.0,
 *                          "max-open-timeout-ms": 60000,
 *                          "half-open-trials": 1,
 *                          "window-size": 100, "minimum-calls": 100,
 *                          "failure-rate-threshold": 50,
 *                          "slow-call-rate-threshold": 100,
 *                          "slow-call-duration-ms": 500,
 *                          "max-half-open-wait-ms": 0,
 *                          "metrics-only": false },
 *     "escalation": [ "retry", "restore", "fallback", "isolate" ],
 *     "predict": "isolate", "isolate-probability": 0.7,
 *     "classes": { "quota": { "domain": "my-app-quota-error", "code": 2 },
 *                  "unreachable": { "domain": "g-io-error-quark",
 *                                   "codes": [ 24, 28 ] },
 *                  "fatal": { "kinds": [ "crash", "hang" ] } },
 *     "components": {
 *       "StockTicker": { "strategies": { "render": "isolate" },
 *                        "circuit-breaker": { "threshold": 5 } }
 *     }
 *   }
 * }
 * ```
 *
 * A component block takes the same members as `healing`, except `classes`
 * and `components`. Unknown members are errors, so typos do not pass
 * silently. Loading replaces the whole configuration: what the text does
 * not set takes its default. An invalid text changes nothing and gives a
 * [error@Healing.PolicyError] whose message names the file, line, column
 * and key path.
 *
 * The `mode` is `window` or `consecutive` (counting failures) or
 * `count-based` or `time-based` (failure and slow-call rates over a sliding
 * window); see [class@CircuitBreaker].
 *
 * The process-wide policy is read in layers, merged key by key
 * ([method@Policy.load_from_files]): the system's files, the user's
 * `$XDG_CONFIG_HOME/<application id>/healing.json`, then the file named
 * by the `HEALING_CONFIG` environment variable
 * ([func@Policy.find_config_files]); all are reloaded when one changes
 * ([method@Policy.watch_files]). A reload puts in force the merge of the
 * files as they are then: what none of them sets takes its default.
 */

/* Bit of each setting in explicit_set. */
#define BIT(prop) (G_GUINT64_CONSTANT (1) << (prop))

static GParamSpec *props[HEALING_POLICY_N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_LOAD_FAILED,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

G_DEFINE_FINAL_TYPE (HealingPolicy, healing_policy, G_TYPE_OBJECT)

G_DEFINE_QUARK (healing-policy-error-quark, healing_policy_error)

static const HealingStrategy default_escalation[] = {
  HEALING_STRATEGY_RETRY,
  HEALING_STRATEGY_RESTORE,
  HEALING_STRATEGY_FALLBACK,
  HEALING_STRATEGY_ISOLATE,
};

static const char * const builtin_classes[] = {
  HEALING_FAULT_CLASS_RENDER,
  HEALING_FAULT_CLASS_HANDLER,
  HEALING_FAULT_CLASS_CALLBACK,
  HEALING_FAULT_CLASS_CRASH,
  HEALING_FAULT_CLASS_CRITICAL,
  HEALING_FAULT_CLASS_WARNING,
  HEALING_FAULT_CLASS_HANG,
  HEALING_FAULT_CLASS_NETWORK,
  HEALING_FAULT_CLASS_ERROR,
};

/* ------------------------------------------------------------------------
 * Change notification
 * ------------------------------------------------------------------------ */

static void
begin_change (HealingPolicy *self)
{
  if (self->change_depth++ == 0)
    g_object_freeze_notify (G_OBJECT (self));
}

static void
end_change (HealingPolicy *self)
{
  g_assert (self->change_depth > 0);

  if (--self->change_depth > 0)
    return;

  g_object_thaw_notify (G_OBJECT (self));

  if (self->change_pending)
    {
      self->change_pending = FALSE;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

static void
mark_changed (HealingPolicy *self)
{
  begin_change (self);
  self->change_pending = TRUE;
  end_change (self);
}

static void
set_uint_prop (HealingPolicy *self,
               guint         *field,
               guint          value,
               guint          prop)
{
  self->explicit_set |= BIT (prop);

  if (*field == value)
    return;

  begin_change (self);
  *field = value;
  self->change_pending = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
  end_change (self);
}

static void
set_double_prop (HealingPolicy *self,
                 double        *field,
                 double         value,
                 guint          prop)
{
  self->explicit_set |= BIT (prop);

  if (*field == value)
    return;

  begin_change (self);
  *field = value;
  self->change_pending = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
  end_change (self);
}

static gboolean
uint_in_range (guint prop,
               guint value)
{
  GParamSpecUInt *pspec = G_PARAM_SPEC_UINT (props[prop]);

  return value >= pspec->minimum && value <= pspec->maximum;
}

static gboolean
double_in_range (guint  prop,
                 double value)
{
  GParamSpecDouble *pspec = G_PARAM_SPEC_DOUBLE (props[prop]);

  return value >= pspec->minimum && value <= pspec->maximum;
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void clear_components (HealingPolicy *self);

static void
component_changed_cb (HealingPolicy *self)
{
  mark_changed (self);
}

static void
healing_policy_dispose (GObject *object)
{
  HealingPolicy *self = HEALING_POLICY (object);

  healing_policy_stop_watching (self);
  clear_components (self);

  G_OBJECT_CLASS (healing_policy_parent_class)->dispose (object);
}

static void
healing_policy_finalize (GObject *object)
{
  HealingPolicy *self = HEALING_POLICY (object);

  g_clear_pointer (&self->strategies, g_hash_table_unref);
  g_clear_pointer (&self->escalation, g_array_unref);
  g_clear_pointer (&self->classes, g_array_unref);
  g_clear_pointer (&self->components, g_hash_table_unref);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->last_text, g_free);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->load_warnings, g_ptr_array_unref);
  g_clear_object (&self->patch_trust);

  G_OBJECT_CLASS (healing_policy_parent_class)->finalize (object);
}

static void
healing_policy_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HealingPolicy *self = HEALING_POLICY (object);

  switch (prop_id)
    {
    case HEALING_POLICY_PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS:
      g_value_set_uint (value, self->retry_max_attempts);
      break;
    case HEALING_POLICY_PROP_RETRY_INITIAL_DELAY:
      g_value_set_uint (value, self->retry_initial_delay);
      break;
    case HEALING_POLICY_PROP_RETRY_MULTIPLIER:
      g_value_set_double (value, self->retry_multiplier);
      break;
    case HEALING_POLICY_PROP_RETRY_MAX_DELAY:
      g_value_set_uint (value, self->retry_max_delay);
      break;
    case HEALING_POLICY_PROP_RETRY_JITTER:
      g_value_set_double (value, self->retry_jitter);
      break;
    case HEALING_POLICY_PROP_BREAKER_MODE:
      g_value_set_enum (value, self->breaker_mode);
      break;
    case HEALING_POLICY_PROP_BREAKER_THRESHOLD:
      g_value_set_uint (value, self->breaker_threshold);
      break;
    case HEALING_POLICY_PROP_BREAKER_WINDOW:
      g_value_set_uint (value, self->breaker_window);
      break;
    case HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT:
      g_value_set_uint (value, self->breaker_open_timeout);
      break;
    case HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER:
      g_value_set_double (value, self->breaker_backoff_multiplier);
      break;
    case HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT:
      g_value_set_uint (value, self->breaker_max_open_timeout);
      break;
    case HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS:
      g_value_set_uint (value, self->breaker_half_open_trials);
      break;
    case HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD:
      g_value_set_double (value, self->breaker_failure_rate_threshold);
      break;
    case HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD:
      g_value_set_double (value, self->breaker_slow_call_rate_threshold);
      break;
    case HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION:
      g_value_set_uint (value, self->breaker_slow_call_duration);
      break;
    case HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE:
      g_value_set_uint (value, self->breaker_window_size);
      break;
    case HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS:
      g_value_set_uint (value, self->breaker_minimum_calls);
      break;
    case HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT:
      g_value_set_uint (value, self->breaker_max_half_open_wait);
      break;
    case HEALING_POLICY_PROP_BREAKER_METRICS_ONLY:
      g_value_set_boolean (value, self->breaker_metrics_only);
      break;
    case HEALING_POLICY_PROP_PREDICT:
      g_value_set_enum (value, self->predict);
      break;
    case HEALING_POLICY_PROP_ISOLATE_PROBABILITY:
      g_value_set_double (value, self->isolate_probability);
      break;
    case HEALING_POLICY_PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_policy_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HealingPolicy *self = HEALING_POLICY (object);

  switch (prop_id)
    {
    case HEALING_POLICY_PROP_ENABLED:
      healing_policy_set_enabled (self, g_value_get_boolean (value));
      break;
    case HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS:
      healing_policy_set_retry_max_attempts (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_RETRY_INITIAL_DELAY:
      healing_policy_set_retry_initial_delay (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_RETRY_MULTIPLIER:
      healing_policy_set_retry_multiplier (self, g_value_get_double (value));
      break;
    case HEALING_POLICY_PROP_RETRY_MAX_DELAY:
      healing_policy_set_retry_max_delay (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_RETRY_JITTER:
      healing_policy_set_retry_jitter (self, g_value_get_double (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_MODE:
      healing_policy_set_breaker_mode (self, g_value_get_enum (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_THRESHOLD:
      healing_policy_set_breaker_threshold (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_WINDOW:
      healing_policy_set_breaker_window (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT:
      healing_policy_set_breaker_open_timeout (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER:
      healing_policy_set_breaker_backoff_multiplier (self, g_value_get_double (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT:
      healing_policy_set_breaker_max_open_timeout (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS:
      healing_policy_set_breaker_half_open_trials (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD:
      healing_policy_set_breaker_failure_rate_threshold (self, g_value_get_double (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD:
      healing_policy_set_breaker_slow_call_rate_threshold (self, g_value_get_double (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION:
      healing_policy_set_breaker_slow_call_duration (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE:
      healing_policy_set_breaker_window_size (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS:
      healing_policy_set_breaker_minimum_calls (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT:
      healing_policy_set_breaker_max_half_open_wait (self, g_value_get_uint (value));
      break;
    case HEALING_POLICY_PROP_BREAKER_METRICS_ONLY:
      healing_policy_set_breaker_metrics_only (self, g_value_get_boolean (value));
      break;
    case HEALING_POLICY_PROP_PREDICT:
      healing_policy_set_predict (self, g_value_get_enum (value));
      break;
    case HEALING_POLICY_PROP_ISOLATE_PROBABILITY:
      healing_policy_set_isolate_probability (self, g_value_get_double (value));
      break;
    case HEALING_POLICY_PROP_FILE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW_PARAMS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
healing_policy_class_init (HealingPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_policy_dispose;
  object_class->finalize = healing_policy_finalize;
  object_class->get_property = healing_policy_get_property;
  object_class->set_property = healing_policy_set_property;

  /**
   * HealingPolicy:enabled: (getter get_enabled) (setter set_enabled)
   *
   * Whether faults are healed. When not, every fault is answered with
   * [enum@Healing.Strategy.fallback]: faults are still trapped, but
   * nothing is retried, restored or counted.
   */
  props[HEALING_POLICY_PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, RW_PARAMS);

  /**
   * HealingPolicy:retry-max-attempts: (getter get_retry_max_attempts) (setter set_retry_max_attempts)
   *
   * How many times a component is run again, after its first fault,
   * before the retry step is exhausted. 0 skips retrying.
   */
  props[HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS] =
    g_param_spec_uint ("retry-max-attempts", NULL, NULL,
                       0, 100, HEALING_POLICY_DEFAULT_RETRY_MAX_ATTEMPTS, RW_PARAMS);

  /**
   * HealingPolicy:retry-initial-delay: (getter get_retry_initial_delay) (setter set_retry_initial_delay)
   *
   * The delay before the first retry, in milliseconds, before jitter.
   */
  props[HEALING_POLICY_PROP_RETRY_INITIAL_DELAY] =
    g_param_spec_uint ("retry-initial-delay", NULL, NULL,
                       0, 3600000, HEALING_POLICY_DEFAULT_RETRY_INITIAL_DELAY_MS, RW_PARAMS);

  /**
   * HealingPolicy:retry-multiplier: (getter get_retry_multiplier) (setter set_retry_multiplier)
   *
   * What each retry delay is multiplied by for the next one.
   */
  props[HEALING_POLICY_PROP_RETRY_MULTIPLIER] =
    g_param_spec_double ("retry-multiplier", NULL, NULL,
                         1.0, 100.0, HEALING_POLICY_DEFAULT_RETRY_MULTIPLIER, RW_PARAMS);

  /**
   * HealingPolicy:retry-max-delay: (getter get_retry_max_delay) (setter set_retry_max_delay)
   *
   * The longest delay before a retry, in milliseconds, jitter included.
   */
  props[HEALING_POLICY_PROP_RETRY_MAX_DELAY] =
    g_param_spec_uint ("retry-max-delay", NULL, NULL,
                       0, 86400000, HEALING_POLICY_DEFAULT_RETRY_MAX_DELAY_MS, RW_PARAMS);

  /**
   * HealingPolicy:retry-jitter: (getter get_retry_jitter) (setter set_retry_jitter)
   *
   * How much each retry delay is spread at random, as a fraction: 0.25
   * draws it uniformly between 75 % and 125 % of the computed delay, so
   * components that failed together do not retry together.
   */
  props[HEALING_POLICY_PROP_RETRY_JITTER] =
    g_param_spec_double ("retry-jitter", NULL, NULL,
                         0.0, 1.0, HEALING_POLICY_DEFAULT_RETRY_JITTER, RW_PARAMS);

  /**
   * HealingPolicy:breaker-mode: (getter get_breaker_mode) (setter set_breaker_mode)
   *
   * [property@CircuitBreaker:mode] of the components' breakers.
   */
  props[HEALING_POLICY_PROP_BREAKER_MODE] =
    g_param_spec_enum ("breaker-mode", NULL, NULL,
                       HEALING_TYPE_CIRCUIT_MODE, HEALING_CIRCUIT_MODE_WINDOW, RW_PARAMS);

  /**
   * HealingPolicy:breaker-threshold: (getter get_breaker_threshold) (setter set_breaker_threshold)
   *
   * [property@CircuitBreaker:threshold] of the components' breakers.
   */
  props[HEALING_POLICY_PROP_BREAKER_THRESHOLD] =
    g_param_spec_uint ("breaker-threshold", NULL, NULL,
                       1, 1000000, HEALING_CIRCUIT_DEFAULT_THRESHOLD, RW_PARAMS);

  /**
   * HealingPolicy:breaker-window: (getter get_breaker_window) (setter set_breaker_window)
   *
   * [property@CircuitBreaker:window] of the components' breakers, in
   * milliseconds.
   */
  props[HEALING_POLICY_PROP_BREAKER_WINDOW] =
    g_param_spec_uint ("breaker-window", NULL, NULL,
                       1, 86400000, HEALING_CIRCUIT_DEFAULT_WINDOW_MS, RW_PARAMS);

  /**
   * HealingPolicy:breaker-open-timeout: (getter get_breaker_open_timeout) (setter set_breaker_open_timeout)
   *
   * [property@CircuitBreaker:open-timeout] of the components' breakers,
   * in milliseconds.
   */
  props[HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT] =
    g_param_spec_uint ("breaker-open-timeout", NULL, NULL,
                       0, 86400000, HEALING_CIRCUIT_DEFAULT_OPEN_TIMEOUT_MS, RW_PARAMS);

  /**
   * HealingPolicy:breaker-backoff-multiplier: (getter get_breaker_backoff_multiplier) (setter set_breaker_backoff_multiplier)
   *
   * [property@CircuitBreaker:backoff-multiplier] of the components'
   * breakers.
   */
  props[HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER] =
    g_param_spec_double ("breaker-backoff-multiplier", NULL, NULL,
                         1.0, 100.0, HEALING_CIRCUIT_DEFAULT_BACKOFF_MULTIPLIER, RW_PARAMS);

  /**
   * HealingPolicy:breaker-max-open-timeout: (getter get_breaker_max_open_timeout) (setter set_breaker_max_open_timeout)
   *
   * [property@CircuitBreaker:max-open-timeout] of the components'
   * breakers, in milliseconds.
   */
  props[HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT] =
    g_param_spec_uint ("breaker-max-open-timeout", NULL, NULL,
                       0, 86400000, HEALING_CIRCUIT_DEFAULT_MAX_OPEN_TIMEOUT_MS, RW_PARAMS);

  /**
   * HealingPolicy:breaker-half-open-trials: (getter get_breaker_half_open_trials) (setter set_breaker_half_open_trials)
   *
   * [property@CircuitBreaker:half-open-trials] of the components'
   * breakers.
   */
  props[HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS] =
    g_param_spec_uint ("breaker-half-open-trials", NULL, NULL,
                       1, 1000, HEALING_CIRCUIT_DEFAULT_HALF_OPEN_TRIALS, RW_PARAMS);

  /**
   * HealingPolicy:breaker-failure-rate-threshold: (getter get_breaker_failure_rate_threshold) (setter set_breaker_failure_rate_threshold)
   *
   * [property@CircuitBreaker:failure-rate-threshold] of the components'
   * breakers, in percent.
   */
  props[HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD] =
    g_param_spec_double ("breaker-failure-rate-threshold", NULL, NULL,
                         0.1, 100.0, HEALING_CIRCUIT_DEFAULT_FAILURE_RATE_THRESHOLD, RW_PARAMS);

  /**
   * HealingPolicy:breaker-slow-call-rate-threshold: (getter get_breaker_slow_call_rate_threshold) (setter set_breaker_slow_call_rate_threshold)
   *
   * [property@CircuitBreaker:slow-call-rate-threshold] of the components'
   * breakers, in percent.
   */
  props[HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD] =
    g_param_spec_double ("breaker-slow-call-rate-threshold", NULL, NULL,
                         0.1, 100.0, HEALING_CIRCUIT_DEFAULT_SLOW_CALL_RATE_THRESHOLD, RW_PARAMS);

  /**
   * HealingPolicy:breaker-slow-call-duration: (getter get_breaker_slow_call_duration) (setter set_breaker_slow_call_duration)
   *
   * [property@CircuitBreaker:slow-call-duration] of the components'
   * breakers, in milliseconds.
   */
  props[HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION] =
    g_param_spec_uint ("breaker-slow-call-duration", NULL, NULL,
                       1, 86400000, HEALING_CIRCUIT_DEFAULT_SLOW_CALL_DURATION_MS, RW_PARAMS);

  /**
   * HealingPolicy:breaker-window-size: (getter get_breaker_window_size) (setter set_breaker_window_size)
   *
   * [property@CircuitBreaker:window-size] of the components' breakers, in
   * calls.
   */
  props[HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE] =
    g_param_spec_uint ("breaker-window-size", NULL, NULL,
                       1, HEALING_CIRCUIT_MAX_WINDOW_SIZE, HEALING_CIRCUIT_DEFAULT_WINDOW_SIZE, RW_PARAMS);

  /**
   * HealingPolicy:breaker-minimum-calls: (getter get_breaker_minimum_calls) (setter set_breaker_minimum_calls)
   *
   * [property@CircuitBreaker:minimum-calls] of the components' breakers.
   */
  props[HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS] =
    g_param_spec_uint ("breaker-minimum-calls", NULL, NULL,
                       1, 1000000, HEALING_CIRCUIT_DEFAULT_MINIMUM_CALLS, RW_PARAMS);

  /**
   * HealingPolicy:breaker-max-half-open-wait: (getter get_breaker_max_half_open_wait) (setter set_breaker_max_half_open_wait)
   *
   * [property@CircuitBreaker:max-half-open-wait] of the components'
   * breakers, in milliseconds; 0 waits for ever.
   */
  props[HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT] =
    g_param_spec_uint ("breaker-max-half-open-wait", NULL, NULL,
                       0, 86400000, 0, RW_PARAMS);

  /**
   * HealingPolicy:breaker-metrics-only: (getter get_breaker_metrics_only) (setter set_breaker_metrics_only)
   *
   * Whether the components' breakers only observe: a closed, open or
   * half-open breaker goes to [enum@Healing.CircuitState.metrics_only],
   * where it counts and signals every call but never opens. Turning it
   * off closes the breakers the policy had put there; an operator's state
   * (forced open, disabled, metrics-only) is left alone.
   */
  props[HEALING_POLICY_PROP_BREAKER_METRICS_ONLY] =
    g_param_spec_boolean ("breaker-metrics-only", NULL, NULL, FALSE, RW_PARAMS);

  /**
   * HealingPolicy:file: (getter get_file)
   *
   * The file the configuration was loaded from, or is watched.
   */
  props[HEALING_POLICY_PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPolicy:predict: (getter get_predict) (setter set_predict)
   *
   * What containers do with the [class@Predictor] of their component:
   * nothing, show and log its failure probability (shadow), or open the
   * component's breaker when it crosses
   * [property@Policy:isolate-probability] on a fault that goes to the
   * breaker, the `circuit-break` strategy (isolate, the default). Faults
   * healed by other strategies are counted and shown, never acted on: the
   * breaker they would trip is not the one counting them.
   *
   * In JSON: `"predict": "off" | "shadow" | "isolate"`, globally or per
   * component.
   */
  props[HEALING_POLICY_PROP_PREDICT] =
    g_param_spec_enum ("predict", NULL, NULL,
                       HEALING_TYPE_PREDICT_MODE, HEALING_PREDICT_MODE_ISOLATE, RW_PARAMS);

  /**
   * HealingPolicy:isolate-probability: (getter get_isolate_probability) (setter set_isolate_probability)
   *
   * The failure probability above which a container in isolate mode opens
   * its component's breaker proactively.
   *
   * In JSON: `"isolate-probability": 0.7`, globally or per component.
   */
  props[HEALING_POLICY_PROP_ISOLATE_PROBABILITY] =
    g_param_spec_double ("isolate-probability", NULL, NULL,
                         0.0, 1.0, HEALING_PREDICTOR_DEFAULT_ISOLATE_PROBABILITY, RW_PARAMS);

  g_object_class_install_properties (object_class, HEALING_POLICY_N_PROPS, props);

  /**
   * HealingPolicy::changed:
   * @self: the policy
   *
   * Emitted once after any change of the configuration: a setter, a load,
   * a reload of the watched file, a change of a component's overrides.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * HealingPolicy::load-failed:
   * @self: the policy
   * @error: what is wrong with the file
   *
   * Emitted when the watched file changed but cannot be used. The policy
   * in force stays in force.
   */
  signals[SIGNAL_LOAD_FAILED] =
    g_signal_new ("load-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR);
}

static void
healing_policy_init (HealingPolicy *self)
{
  self->enabled = TRUE;
  self->retry_max_attempts = HEALING_POLICY_DEFAULT_RETRY_MAX_ATTEMPTS;
  self->retry_initial_delay = HEALING_POLICY_DEFAULT_RETRY_INITIAL_DELAY_MS;
  self->retry_multiplier = HEALING_POLICY_DEFAULT_RETRY_MULTIPLIER;
  self->retry_max_delay = HEALING_POLICY_DEFAULT_RETRY_MAX_DELAY_MS;
  self->retry_jitter = HEALING_POLICY_DEFAULT_RETRY_JITTER;
  self->breaker_mode = HEALING_CIRCUIT_MODE_WINDOW;
  self->breaker_threshold = HEALING_CIRCUIT_DEFAULT_THRESHOLD;
  self->breaker_window = HEALING_CIRCUIT_DEFAULT_WINDOW_MS;
  self->breaker_open_timeout = HEALING_CIRCUIT_DEFAULT_OPEN_TIMEOUT_MS;
  self->breaker_backoff_multiplier = HEALING_CIRCUIT_DEFAULT_BACKOFF_MULTIPLIER;
  self->breaker_max_open_timeout = HEALING_CIRCUIT_DEFAULT_MAX_OPEN_TIMEOUT_MS;
  self->breaker_half_open_trials = HEALING_CIRCUIT_DEFAULT_HALF_OPEN_TRIALS;
  self->breaker_failure_rate_threshold = HEALING_CIRCUIT_DEFAULT_FAILURE_RATE_THRESHOLD;
  self->breaker_slow_call_rate_threshold = HEALING_CIRCUIT_DEFAULT_SLOW_CALL_RATE_THRESHOLD;
  self->breaker_slow_call_duration = HEALING_CIRCUIT_DEFAULT_SLOW_CALL_DURATION_MS;
  self->breaker_window_size = HEALING_CIRCUIT_DEFAULT_WINDOW_SIZE;
  self->breaker_minimum_calls = HEALING_CIRCUIT_DEFAULT_MINIMUM_CALLS;
  self->predict = HEALING_PREDICT_MODE_ISOLATE;
  self->isolate_probability = HEALING_PREDICTOR_DEFAULT_ISOLATE_PROBABILITY;

  self->strategies = g_hash_table_new (NULL, NULL);
  self->classes = g_array_new (FALSE, FALSE, sizeof (HealingPolicyFaultClass));
  self->components = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rand = g_rand_new ();
  self->load_warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * healing_policy_new:
 *
 * Creates a policy with the default settings.
 *
 * Returns: (transfer full): a new policy
 */
HealingPolicy *
healing_policy_new (void)
{
  return g_object_new (HEALING_TYPE_POLICY, NULL);
}

void
healing_policy_set_seed (HealingPolicy *self,
                         guint32        seed)
{
  g_return_if_fail (HEALING_IS_POLICY (self));

  g_rand_set_seed (self->rand, seed);
}

/* ------------------------------------------------------------------------
 * Settings
 * ------------------------------------------------------------------------ */

/**
 * healing_policy_get_enabled: (get-property enabled)
 * @self: a policy
 *
 * Gets whether faults are healed.
 *
 * Returns: whether healing is enabled
 */
gboolean
healing_policy_get_enabled (HealingPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);

  return self->enabled;
}

/**
 * healing_policy_set_enabled: (set-property enabled)
 * @self: a policy
 * @enabled: whether faults are healed
 *
 * Sets whether faults are healed.
 */
void
healing_policy_set_enabled (HealingPolicy *self,
                            gboolean       enabled)
{
  g_return_if_fail (HEALING_IS_POLICY (self));

  enabled = !!enabled;
  self->explicit_set |= BIT (HEALING_POLICY_PROP_ENABLED);

  if (self->enabled == enabled)
    return;

  begin_change (self);
  self->enabled = enabled;
  self->change_pending = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[HEALING_POLICY_PROP_ENABLED]);
  end_change (self);
}

#define UINT_ACCESSORS(name, field, PROP)                                     \
guint                                                                         \
healing_policy_get_##name (HealingPolicy *self)                               \
{                                                                             \
  g_return_val_if_fail (HEALING_IS_POLICY (self), 0);                         \
                                                                              \
  return self->field;                                                         \
}                                                                             \
                                                                              \
void                                                                          \
healing_policy_set_##name (HealingPolicy *self,                               \
                           guint          value)                              \
{                                                                             \
  g_return_if_fail (HEALING_IS_POLICY (self));                                \
  g_return_if_fail (uint_in_range (PROP, value));                             \
                                                                              \
  set_uint_prop (self, &self->field, value, PROP);                            \
}

#define DOUBLE_ACCESSORS(name, field, PROP)                                   \
double                                                                        \
healing_policy_get_##name (HealingPolicy *self)                               \
{                                                                             \
  g_return_val_if_fail (HEALING_IS_POLICY (self), 0.0);                       \
                                                                              \
  return self->field;                                                         \
}                                                                             \
                                                                              \
void                                                                          \
healing_policy_set_##name (HealingPolicy *self,                               \
                           double         value)                              \
{                                                                             \
  g_return_if_fail (HEALING_IS_POLICY (self));                                \
  g_return_if_fail (double_in_range (PROP, value));                           \
                                                                              \
  set_double_prop (self, &self->field, value, PROP);                          \
}

/**
 * healing_policy_get_retry_max_attempts: (get-property retry-max-attempts)
 * @self: a policy
 *
 * Gets how many times a component is run again before the retry step is
 * exhausted.
 *
 * Returns: the number of retries
 */
/**
 * healing_policy_set_retry_max_attempts: (set-property retry-max-attempts)
 * @self: a policy
 * @max_attempts: the number of retries, from 0 to 100
 *
 * Sets how many times a component is run again before the retry step is
 * exhausted.
 */
UINT_ACCESSORS (retry_max_attempts, retry_max_attempts, HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS)

/**
 * healing_policy_get_retry_initial_delay: (get-property retry-initial-delay)
 * @self: a policy
 *
 * Gets the delay before the first retry, in milliseconds.
 *
 * Returns: the delay
 */
/**
 * healing_policy_set_retry_initial_delay: (set-property retry-initial-delay)
 * @self: a policy
 * @delay_ms: the delay, in milliseconds
 *
 * Sets the delay before the first retry.
 */
UINT_ACCESSORS (retry_initial_delay, retry_initial_delay, HEALING_POLICY_PROP_RETRY_INITIAL_DELAY)

/**
 * healing_policy_get_retry_multiplier: (get-property retry-multiplier)
 * @self: a policy
 *
 * Gets what each retry delay is multiplied by for the next one.
 *
 * Returns: the multiplier
 */
/**
 * healing_policy_set_retry_multiplier: (set-property retry-multiplier)
 * @self: a policy
 * @multiplier: the multiplier, from 1 to 100
 *
 * Sets what each retry delay is multiplied by for the next one.
 */
DOUBLE_ACCESSORS (retry_multiplier, retry_multiplier, HEALING_POLICY_PROP_RETRY_MULTIPLIER)

/**
 * healing_policy_get_retry_max_delay: (get-property retry-max-delay)
 * @self: a policy
 *
 * Gets the longest delay before a retry, in milliseconds.
 *
 * Returns: the cap of the delay
 */
/**
 * healing_policy_set_retry_max_delay: (set-property retry-max-delay)
 * @self: a policy
 * @delay_ms: the cap, in milliseconds
 *
 * Sets the longest delay before a retry.
 */
UINT_ACCESSORS (retry_max_delay, retry_max_delay, HEALING_POLICY_PROP_RETRY_MAX_DELAY)

/**
 * healing_policy_get_retry_jitter: (get-property retry-jitter)
 * @self: a policy
 *
 * Gets how much each retry delay is spread at random.
 *
 * Returns: the jitter, as a fraction
 */
/**
 * healing_policy_set_retry_jitter: (set-property retry-jitter)
 * @self: a policy
 * @jitter: the jitter, a fraction from 0 to 1
 *
 * Sets how much each retry delay is spread at random.
 */
DOUBLE_ACCESSORS (retry_jitter, retry_jitter, HEALING_POLICY_PROP_RETRY_JITTER)

/**
 * healing_policy_get_breaker_mode: (get-property breaker-mode)
 * @self: a policy
 *
 * Gets how the components' breakers count failures.
 *
 * Returns: the mode
 */
HealingCircuitMode
healing_policy_get_breaker_mode (HealingPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), HEALING_CIRCUIT_MODE_WINDOW);

  return self->breaker_mode;
}

/**
 * healing_policy_set_breaker_mode: (set-property breaker-mode)
 * @self: a policy
 * @mode: the mode
 *
 * Sets how the components' breakers count failures.
 */
void
healing_policy_set_breaker_mode (HealingPolicy      *self,
                                 HealingCircuitMode  mode)
{
  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (mode >= HEALING_CIRCUIT_MODE_WINDOW &&
                    mode <= HEALING_CIRCUIT_MODE_TIME_BASED);

  set_uint_prop (self, &self->breaker_mode, mode, HEALING_POLICY_PROP_BREAKER_MODE);
}

/**
 * healing_policy_get_breaker_threshold: (get-property breaker-threshold)
 * @self: a policy
 *
 * Gets how many failures open a component's circuit.
 *
 * Returns: the threshold
 */
/**
 * healing_policy_set_breaker_threshold: (set-property breaker-threshold)
 * @self: a policy
 * @threshold: the threshold, at least 1
 *
 * Sets how many failures open a component's circuit.
 */
UINT_ACCESSORS (breaker_threshold, breaker_threshold, HEALING_POLICY_PROP_BREAKER_THRESHOLD)

/**
 * healing_policy_get_breaker_window: (get-property breaker-window)
 * @self: a policy
 *
 * Gets the sliding window of the components' breakers, in milliseconds.
 *
 * Returns: the window
 */
/**
 * healing_policy_set_breaker_window: (set-property breaker-window)
 * @self: a policy
 * @window_ms: the window, in milliseconds
 *
 * Sets the sliding window of the components' breakers.
 */
UINT_ACCESSORS (breaker_window, breaker_window, HEALING_POLICY_PROP_BREAKER_WINDOW)

/**
 * healing_policy_get_breaker_open_timeout: (get-property breaker-open-timeout)
 * @self: a policy
 *
 * Gets how long a component's circuit first stays open, in milliseconds.
 *
 * Returns: the open timeout
 */
/**
 * healing_policy_set_breaker_open_timeout: (set-property breaker-open-timeout)
 * @self: a policy
 * @open_timeout_ms: the open timeout, in milliseconds
 *
 * Sets how long a component's circuit first stays open.
 */
UINT_ACCESSORS (breaker_open_timeout, breaker_open_timeout, HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT)

/**
 * healing_policy_get_breaker_backoff_multiplier: (get-property breaker-backoff-multiplier)
 * @self: a policy
 *
 * Gets what the open timeout is multiplied by on each reopening.
 *
 * Returns: the multiplier
 */
/**
 * healing_policy_set_breaker_backoff_multiplier: (set-property breaker-backoff-multiplier)
 * @self: a policy
 * @multiplier: the multiplier, from 1 to 100
 *
 * Sets what the open timeout is multiplied by on each reopening.
 */
DOUBLE_ACCESSORS (breaker_backoff_multiplier, breaker_backoff_multiplier, HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER)

/**
 * healing_policy_get_breaker_max_open_timeout: (get-property breaker-max-open-timeout)
 * @self: a policy
 *
 * Gets the longest the open timeout grows to, in milliseconds.
 *
 * Returns: the cap of the open timeout
 */
/**
 * healing_policy_set_breaker_max_open_timeout: (set-property breaker-max-open-timeout)
 * @self: a policy
 * @max_open_timeout_ms: the cap, in milliseconds
 *
 * Sets the longest the open timeout grows to.
 */
UINT_ACCESSORS (breaker_max_open_timeout, breaker_max_open_timeout, HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT)

/**
 * healing_policy_get_breaker_half_open_trials: (get-property breaker-half-open-trials)
 * @self: a policy
 *
 * Gets how many trial runs a half-open circuit lets through.
 *
 * Returns: the number of trial runs
 */
/**
 * healing_policy_set_breaker_half_open_trials: (set-property breaker-half-open-trials)
 * @self: a policy
 * @trials: the number of trial runs, at least 1
 *
 * Sets how many trial runs a half-open circuit lets through.
 */
UINT_ACCESSORS (breaker_half_open_trials, breaker_half_open_trials, HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS)

/**
 * healing_policy_get_breaker_failure_rate_threshold: (get-property breaker-failure-rate-threshold)
 * @self: a policy
 *
 * Gets the failure rate at which a component's circuit opens in the rate
 * modes.
 *
 * Returns: the threshold, in percent
 */
/**
 * healing_policy_set_breaker_failure_rate_threshold: (set-property breaker-failure-rate-threshold)
 * @self: a policy
 * @percent: the threshold, from 0.1 to 100 percent
 *
 * Sets the failure rate at which a component's circuit opens in the rate
 * modes.
 */
DOUBLE_ACCESSORS (breaker_failure_rate_threshold, breaker_failure_rate_threshold, HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD)

/**
 * healing_policy_get_breaker_slow_call_rate_threshold: (get-property breaker-slow-call-rate-threshold)
 * @self: a policy
 *
 * Gets the slow-call rate at which a component's circuit opens in the
 * rate modes.
 *
 * Returns: the threshold, in percent
 */
/**
 * healing_policy_set_breaker_slow_call_rate_threshold: (set-property breaker-slow-call-rate-threshold)
 * @self: a policy
 * @percent: the threshold, from 0.1 to 100 percent
 *
 * Sets the slow-call rate at which a component's circuit opens in the
 * rate modes.
 */
DOUBLE_ACCESSORS (breaker_slow_call_rate_threshold, breaker_slow_call_rate_threshold, HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD)

/**
 * healing_policy_get_breaker_slow_call_duration: (get-property breaker-slow-call-duration)
 * @self: a policy
 *
 * Gets how long a call takes, at least, to be slow.
 *
 * Returns: the duration, in milliseconds
 */
/**
 * healing_policy_set_breaker_slow_call_duration: (set-property breaker-slow-call-duration)
 * @self: a policy
 * @duration_ms: the duration, in milliseconds
 *
 * Sets how long a call takes, at least, to be slow.
 */
UINT_ACCESSORS (breaker_slow_call_duration, breaker_slow_call_duration, HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION)

/**
 * healing_policy_get_breaker_window_size: (get-property breaker-window-size)
 * @self: a policy
 *
 * Gets how many of the last calls a count-based window holds.
 *
 * Returns: the size, in calls
 */
/**
 * healing_policy_set_breaker_window_size: (set-property breaker-window-size)
 * @self: a policy
 * @calls: the size, in calls
 *
 * Sets how many of the last calls a count-based window holds.
 */
UINT_ACCESSORS (breaker_window_size, breaker_window_size, HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE)

/**
 * healing_policy_get_breaker_minimum_calls: (get-property breaker-minimum-calls)
 * @self: a policy
 *
 * Gets how many calls a rate window must hold before a rate is computed.
 *
 * Returns: the minimum number of calls
 */
/**
 * healing_policy_set_breaker_minimum_calls: (set-property breaker-minimum-calls)
 * @self: a policy
 * @calls: the minimum number of calls
 *
 * Sets how many calls a rate window must hold before a rate is computed.
 */
UINT_ACCESSORS (breaker_minimum_calls, breaker_minimum_calls, HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS)

/**
 * healing_policy_get_breaker_max_half_open_wait: (get-property breaker-max-half-open-wait)
 * @self: a policy
 *
 * Gets how long a component's circuit stays half-open at most.
 *
 * Returns: the limit, in milliseconds, or 0 for none
 */
/**
 * healing_policy_set_breaker_max_half_open_wait: (set-property breaker-max-half-open-wait)
 * @self: a policy
 * @wait_ms: the limit, in milliseconds, or 0 for none
 *
 * Sets how long a component's circuit stays half-open at most.
 */
UINT_ACCESSORS (breaker_max_half_open_wait, breaker_max_half_open_wait, HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT)

/**
 * healing_policy_get_breaker_metrics_only: (get-property breaker-metrics-only)
 * @self: a policy
 *
 * Gets whether the components' breakers only observe.
 *
 * Returns: whether the breakers are in metrics-only mode
 */
gboolean
healing_policy_get_breaker_metrics_only (HealingPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);

  return self->breaker_metrics_only;
}

/**
 * healing_policy_set_breaker_metrics_only: (set-property breaker-metrics-only)
 * @self: a policy
 * @metrics_only: whether the breakers only observe
 *
 * Sets whether the components' breakers only observe: count and signal
 * every call, never open.
 */
void
healing_policy_set_breaker_metrics_only (HealingPolicy *self,
                                         gboolean       metrics_only)
{
  g_return_if_fail (HEALING_IS_POLICY (self));

  metrics_only = !!metrics_only;
  self->explicit_set |= BIT (HEALING_POLICY_PROP_BREAKER_METRICS_ONLY);

  if (self->breaker_metrics_only == metrics_only)
    return;

  begin_change (self);
  self->breaker_metrics_only = metrics_only;
  self->change_pending = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[HEALING_POLICY_PROP_BREAKER_METRICS_ONLY]);
  end_change (self);
}

/* ------------------------------------------------------------------------
 * Failure prediction
 * ------------------------------------------------------------------------ */

/**
 * healing_policy_get_predict: (get-property predict)
 * @self: a policy
 *
 * Gets what containers do with their component's failure prediction.
 *
 * Returns: the mode
 */
HealingPredictMode
healing_policy_get_predict (HealingPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), HEALING_PREDICT_MODE_ISOLATE);

  return self->predict;
}

/**
 * healing_policy_set_predict: (set-property predict)
 * @self: a policy
 * @mode: the mode
 *
 * Sets what containers do with their component's failure prediction.
 */
void
healing_policy_set_predict (HealingPolicy      *self,
                            HealingPredictMode  mode)
{
  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (mode <= HEALING_PREDICT_MODE_ISOLATE);

  set_uint_prop (self, &self->predict, mode, HEALING_POLICY_PROP_PREDICT);
}

/**
 * healing_policy_get_isolate_probability: (get-property isolate-probability)
 * @self: a policy
 *
 * Gets the failure probability above which a component is isolated
 * proactively.
 *
 * Returns: a probability
 */
/**
 * healing_policy_set_isolate_probability: (set-property isolate-probability)
 * @self: a policy
 * @value: a probability, from 0 to 1
 *
 * Sets the failure probability above which a component is isolated
 * proactively.
 */
DOUBLE_ACCESSORS (isolate_probability, isolate_probability, HEALING_POLICY_PROP_ISOLATE_PROBABILITY)

/**
 * healing_policy_get_component_predict:
 * @self: a policy
 * @component_id: (nullable): a component id
 *
 * Gets the prediction mode in force for a component: its own, else this
 * policy's.
 *
 * Returns: the mode
 */
HealingPredictMode
healing_policy_get_component_predict (HealingPolicy *self,
                                      const char    *component_id)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), HEALING_PREDICT_MODE_ISOLATE);

  return healing_policy_pick (self, healing_policy_get_component (self, component_id), HEALING_POLICY_PROP_PREDICT)->predict;
}

/**
 * healing_policy_get_component_isolate_probability:
 * @self: a policy
 * @component_id: (nullable): a component id
 *
 * Gets the isolation probability in force for a component: its own, else
 * this policy's.
 *
 * Returns: a probability
 */
double
healing_policy_get_component_isolate_probability (HealingPolicy *self,
                                                  const char    *component_id)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), HEALING_PREDICTOR_DEFAULT_ISOLATE_PROBABILITY);

  return healing_policy_pick (self, healing_policy_get_component (self, component_id),
               HEALING_POLICY_PROP_ISOLATE_PROBABILITY)->isolate_probability;
}

/* ------------------------------------------------------------------------
 * Fault classes and strategies
 * ------------------------------------------------------------------------ */

gboolean
healing_policy_is_builtin_class (const char *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (builtin_classes); i++)
    if (g_str_equal (name, builtin_classes[i]))
      return TRUE;

  return FALSE;
}

/**
 * healing_policy_has_class:
 * @self: a policy
 * @name: the name of a fault class
 *
 * Gets whether @name is a built-in fault class or one defined with
 * [method@Policy.define_class].
 *
 * Returns: whether the class exists
 */
gboolean
healing_policy_has_class (HealingPolicy *self,
                          const char    *name)
{
  guint i;

  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (healing_policy_is_builtin_class (name))
    return TRUE;

  for (i = 0; i < self->classes->len; i++)
    if (g_str_equal (g_array_index (self->classes, HealingPolicyFaultClass, i).name, name))
      return TRUE;

  return FALSE;
}

/* Whether GLib knows a quark by that name: every GError domain in use
 * has one. The domains of GLib, GIO and GTK are registered lazily, on
 * their first error, so they are registered here first: a policy may well
 * be loaded before the first GIO error. */
gboolean
healing_policy_is_registered_domain (const char *name)
{
  static gsize ensured = 0;

  if (g_once_init_enter (&ensured))
    {
      (void) g_convert_error_quark ();
      (void) g_file_error_quark ();
      (void) g_key_file_error_quark ();
      (void) g_markup_error_quark ();
      (void) g_option_error_quark ();
      (void) g_regex_error_quark ();
      (void) g_shell_error_quark ();
      (void) g_spawn_error_quark ();
      (void) g_uri_error_quark ();
      (void) g_variant_parse_error_quark ();
      (void) g_io_error_quark ();
      (void) g_dbus_error_quark ();
      (void) g_resolver_error_quark ();
      (void) g_tls_error_quark ();
      (void) json_parser_error_quark ();
      g_once_init_leave (&ensured, 1);
    }

  return g_quark_try_string (name) != 0;
}

char *
healing_policy_unregistered_domain_warning (const char *domain)
{
  /* Translators: a warning about a configuration; %s is the name of a
   * GError domain, such as "g-io-error-quark" */
  return g_strdup_printf (_("no error domain “%s” is registered yet: the class matches nothing until one is (is the name right? GError domains end in “-quark”)"),
                          domain);
}

/**
 * healing_policy_define_class_full:
 * @self: a policy
 * @name: the name of the new fault class
 * @error_domain: (nullable): the name of a `GError` domain, as given to
 *   `G_DEFINE_QUARK` or [func@GLib.quark_from_string], such as
 *   "g-io-error-quark"; `NULL` for faults of any domain, or none
 * @codes: (array length=n_codes) (nullable): the error codes of the class,
 *   or `NULL` for any code of the domain
 * @n_codes: the number of codes, at most
 *   [const@POLICY_MAX_CLASS_CODES]
 * @kinds: (array length=n_kinds) (nullable): the kinds of fault the class
 *   covers, or `NULL` for any kind
 * @n_kinds: the number of kinds
 * @error: return location for an error
 *
 * Defines a fault class that matches precisely: faults of the domain (if
 * given) with one of the codes (if given) and of one of the kinds (if
 * given). A class needs a domain or kinds. Defining a class again
 * replaces its definition.
 *
 * A class on `g-io-error-quark` with the codes of
 * `G_IO_ERROR_HOST_NOT_FOUND` and `G_IO_ERROR_TIMED_OUT` does not catch
 * `G_IO_ERROR_NOT_FOUND`, a file error; a class with the kinds `crash` and
 * `hang` catches those faults of every phase. See [method@Policy.classify]
 * for the precedence of classes.
 *
 * A domain that GLib does not know yet is accepted, since a domain is
 * registered on its first use, but a message says so: a typo would
 * otherwise match nothing, silently.
 *
 * Returns: whether the class was defined: `FALSE` if @name is a built-in
 *   class or empty, or the definition is not valid
 */
gboolean
healing_policy_define_class_full (HealingPolicy          *self,
                                  const char             *name,
                                  const char             *error_domain,
                                  const int              *codes,
                                  gsize                   n_codes,
                                  const HealingFaultKind *kinds,
                                  gsize                   n_kinds,
                                  GError                **error)
{
  HealingPolicyFaultClass fault_class = { 0, };
  guint i;

  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (codes != NULL || n_codes == 0, FALSE);
  g_return_val_if_fail (kinds != NULL || n_kinds == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*name == '\0' || healing_policy_is_builtin_class (name))
    {
      g_set_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE,
                   /* Translators: %s is the name of a fault class */
                   _("“%s” is a built-in fault class or empty: choose another name"),
                   name);
      return FALSE;
    }

  if ((error_domain == NULL || *error_domain == '\0') && (n_codes > 0 || n_kinds == 0))
    {
      g_set_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE,
                   /* Translators: %s is the name of a fault class */
                   _("fault class “%s” needs an error domain, or kinds without codes"),
                   name);
      return FALSE;
    }

  if (n_codes > HEALING_POLICY_MAX_CLASS_CODES)
    {
      g_set_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_OUT_OF_RANGE,
                   /* Translators: 1: the name of a fault class, 2: a number */
                   _("fault class “%1$s” has more than %2$u codes"),
                   name, (guint) HEALING_POLICY_MAX_CLASS_CODES);
      return FALSE;
    }

  for (i = 0; i < n_kinds; i++)
    if ((guint) kinds[i] > HEALING_FAULT_ERROR)
      {
        g_set_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE,
                     /* Translators: %s is the name of a fault class */
                     _("fault class “%s” names an unknown kind of fault"), name);
        return FALSE;
      }

  fault_class.name = g_intern_string (name);
  if (error_domain != NULL && *error_domain != '\0')
    fault_class.domain = g_quark_from_string (error_domain);
  for (i = 0; i < n_codes; i++)
    {
      if (codes[i] < 0)
        {
          g_set_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_OUT_OF_RANGE,
                       /* Translators: %s is the name of a fault class */
                       _("fault class “%s” has a negative code"), name);
          return FALSE;
        }
      fault_class.codes[fault_class.n_codes++] = codes[i];
    }
  for (i = 0; i < n_kinds; i++)
    fault_class.kinds |= 1u << kinds[i];

  for (i = 0; i < self->classes->len; i++)
    {
      HealingPolicyFaultClass *existing = &g_array_index (self->classes, HealingPolicyFaultClass, i);

      if (existing->name == fault_class.name)
        {
          *existing = fault_class;
          mark_changed (self);
          return TRUE;
        }
    }

  g_array_append_val (self->classes, fault_class);
  mark_changed (self);

  return TRUE;
}

/**
 * healing_policy_define_class:
 * @self: a policy
 * @name: the name of the new fault class
 * @error_domain: the name of a `GError` domain, as given to
 *   `G_DEFINE_QUARK` or [func@GLib.quark_from_string], such as
 *   "g-io-error-quark"
 * @error_code: the error code, or -1 for any code of the domain
 * @error: return location for an error
 *
 * Defines a fault class for the errors the application reports (see
 * [method@Policy.classify] for the precedence of classes), as
 * [method@Policy.define_class_full] does with one code or none. Defining a
 * class again replaces its domain and code. A domain that GLib does not
 * know yet gets a message (not an error).
 *
 * Returns: whether the class was defined: `FALSE` if @name is a built-in
 *   class or empty
 */
gboolean
healing_policy_define_class (HealingPolicy  *self,
                             const char     *name,
                             const char     *error_domain,
                             int             error_code,
                             GError        **error)
{
  gboolean registered;

  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error_domain != NULL && *error_domain != '\0', FALSE);

  /* Asked before the class makes a quark of the name. */
  registered = healing_policy_is_registered_domain (error_domain);

  if (!healing_policy_define_class_full (self, name, error_domain,
                                         error_code >= 0 ? &error_code : NULL,
                                         error_code >= 0 ? 1 : 0,
                                         NULL, 0, error))
    return FALSE;

  if (!registered)
    {
      char *warning = healing_policy_unregistered_domain_warning (error_domain);

      /* Not a warning: G_DEBUG=fatal-warnings must not make a typo fatal. */
      /* Translators: 1: the name of a fault class, 2: what is wrong with it */
      g_message (_("libhealing: fault class “%1$s”: %2$s"), name, warning);
      g_free (warning);
    }

  return TRUE;
}

/**
 * healing_policy_get_load_warnings:
 * @self: a policy
 *
 * Gets what the last successful load found suspicious but accepted, such
 * as a class on an error domain GLib does not know, each with the file,
 * line, column and key path, as errors have. Each was also logged with
 * `g_message()` when the configuration was loaded.
 *
 * Returns: (transfer full) (array zero-terminated=1): the warnings, in
 *   the order found
 */
char **
healing_policy_get_load_warnings (HealingPolicy *self)
{
  char **result;
  guint i;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);

  result = g_new0 (char *, self->load_warnings->len + 1);
  for (i = 0; i < self->load_warnings->len; i++)
    result[i] = g_strdup (g_ptr_array_index (self->load_warnings, i));

  return result;
}

/**
 * healing_policy_set_strategy:
 * @self: a policy
 * @fault_class: the name of a fault class
 * @strategy: the strategy for faults of that class
 *
 * Sets the strategy of a fault class. To set it for one component, set it
 * on the component's overrides ([method@Policy.get_component]).
 */
void
healing_policy_set_strategy (HealingPolicy   *self,
                             const char      *fault_class,
                             HealingStrategy  strategy)
{
  const char *name;

  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (fault_class != NULL);
  g_return_if_fail (strategy <= HEALING_STRATEGY_CIRCUIT_BREAK);

  name = g_intern_string (fault_class);
  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->strategies, name)) == strategy + 1)
    return;

  g_hash_table_insert (self->strategies, (gpointer) name, GUINT_TO_POINTER (strategy + 1));
  mark_changed (self);
}

/**
 * healing_policy_unset_strategy:
 * @self: a policy
 * @fault_class: the name of a fault class
 *
 * Removes the strategy set for a fault class, so the next class in order
 * of precedence (or the built-in default) decides.
 */
void
healing_policy_unset_strategy (HealingPolicy *self,
                               const char    *fault_class)
{
  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (fault_class != NULL);

  if (g_hash_table_remove (self->strategies, g_intern_string (fault_class)))
    mark_changed (self);
}

static gboolean
builtin_strategy (const char      *fault_class,
                  HealingStrategy *strategy)
{
  if (g_str_equal (fault_class, HEALING_FAULT_CLASS_NETWORK))
    {
      *strategy = HEALING_STRATEGY_CIRCUIT_BREAK;
      return TRUE;
    }

  if (g_str_equal (fault_class, HEALING_FAULT_CLASS_HANG))
    {
      *strategy = HEALING_STRATEGY_FALLBACK;
      return TRUE;
    }

  return FALSE;
}

/**
 * healing_policy_lookup_strategy:
 * @self: a policy
 * @fault_class: the name of a fault class
 * @strategy: (out) (optional): return location for the strategy
 *
 * Looks up the strategy set on this policy for a fault class, or built in
 * (`network` → `circuit-break`, `hang` → `fallback`).
 *
 * Returns: whether the class has a strategy
 */
gboolean
healing_policy_lookup_strategy (HealingPolicy   *self,
                                const char      *fault_class,
                                HealingStrategy *strategy)
{
  gpointer value;
  HealingStrategy dummy;

  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (fault_class != NULL, FALSE);

  if (strategy == NULL)
    strategy = &dummy;

  value = g_hash_table_lookup (self->strategies, g_intern_string (fault_class));
  if (value != NULL)
    {
      *strategy = GPOINTER_TO_UINT (value) - 1;
      return TRUE;
    }

  return builtin_strategy (fault_class, strategy);
}

/**
 * healing_policy_set_escalation:
 * @self: a policy
 * @chain: (array length=n_steps) (nullable): the strategies, in order
 * @n_steps: the number of strategies in @chain
 *
 * Sets the escalation chain: the strategies tried one after the other when
 * the previous one is exhausted. An empty chain restores the default,
 * `retry → restore → fallback → isolate`.
 */
void
healing_policy_set_escalation (HealingPolicy         *self,
                               const HealingStrategy *chain,
                               gsize                  n_steps)
{
  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (chain != NULL || n_steps == 0);

  g_clear_pointer (&self->escalation, g_array_unref);

  if (n_steps > 0)
    {
      self->escalation = g_array_sized_new (FALSE, FALSE, sizeof (HealingStrategy), n_steps);
      g_array_append_vals (self->escalation, chain, n_steps);
    }

  mark_changed (self);
}

/**
 * healing_policy_get_escalation:
 * @self: a policy
 * @n_steps: (out): return location for the number of strategies
 *
 * Gets the escalation chain.
 *
 * Returns: (array length=n_steps) (transfer none): the strategies, in order
 */
const HealingStrategy *
healing_policy_get_escalation (HealingPolicy *self,
                               gsize         *n_steps)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);
  g_return_val_if_fail (n_steps != NULL, NULL);

  if (self->escalation == NULL)
    {
      *n_steps = G_N_ELEMENTS (default_escalation);
      return default_escalation;
    }

  *n_steps = self->escalation->len;
  return (const HealingStrategy *) (gpointer) self->escalation->data;
}

/* ------------------------------------------------------------------------
 * Components
 * ------------------------------------------------------------------------ */

static void
drop_component (gpointer key,
                gpointer value,
                gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (value, component_changed_cb, user_data);
  g_object_unref (value);
}

static void
clear_components (HealingPolicy *self)
{
  g_hash_table_foreach (self->components, drop_component, self);
  g_hash_table_remove_all (self->components);
}

/**
 * healing_policy_set_component:
 * @self: a policy
 * @component_id: a component id
 * @overrides: (nullable): the component's settings, or `NULL` to remove
 *   them
 *
 * Sets the settings of one component. Only what was set explicitly on
 * @overrides (with a setter, [method@Policy.set_strategy],
 * [method@Policy.set_escalation] or from JSON) overrides this policy; its
 * fault classes, components and file are ignored. Later changes of
 * @overrides apply at once.
 */
void
healing_policy_set_component (HealingPolicy *self,
                              const char    *component_id,
                              HealingPolicy *overrides)
{
  HealingPolicy *old;

  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (component_id != NULL);
  g_return_if_fail (overrides == NULL || HEALING_IS_POLICY (overrides));
  g_return_if_fail (overrides != self);

  old = g_hash_table_lookup (self->components, component_id);
  if (old == overrides)
    return;

  if (old != NULL)
    {
      g_hash_table_remove (self->components, component_id);
      drop_component (NULL, old, self);
    }

  if (overrides != NULL)
    {
      g_hash_table_insert (self->components, g_strdup (component_id),
                           g_object_ref (overrides));
      g_signal_connect_swapped (overrides, "changed",
                                G_CALLBACK (component_changed_cb), self);
    }

  mark_changed (self);
}

/**
 * healing_policy_get_component:
 * @self: a policy
 * @component_id: a component id
 *
 * Gets the settings of one component, to read or to change.
 *
 * Returns: (transfer none) (nullable): the component's overrides, or
 *   `NULL` if it has none
 */
HealingPolicy *
healing_policy_get_component (HealingPolicy *self,
                              const char    *component_id)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);

  if (component_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->components, component_id);
}

/**
 * healing_policy_list_components:
 * @self: a policy
 *
 * Gets the ids of the components that have settings of their own.
 *
 * Returns: (transfer full) (array zero-terminated=1): the component ids,
 *   sorted
 */
char **
healing_policy_list_components (HealingPolicy *self)
{
  const char **keys;
  char **result;
  guint n, i;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->components, &n);
  result = g_new0 (char *, n + 1);
  for (i = 0; i < n; i++)
    result[i] = g_strdup (keys[i]);
  g_free (keys);

  qsort (result, n, sizeof (char *), (GCompareFunc) (void (*) (void)) g_strcmp0);

  return result;
}

/* The policy whose value of @prop applies to a component. */
HealingPolicy *
healing_policy_pick (HealingPolicy *self,
                     HealingPolicy *overrides,
                     guint          prop)
{
  if (overrides != NULL && (overrides->explicit_set & BIT (prop)) != 0)
    return overrides;

  return self;
}

/**
 * healing_policy_resolve:
 * @self: a policy
 * @component_id: (nullable): a component id
 *
 * Flattens the settings that apply to a component into a new policy:
 * the component's overrides over this policy's settings, with the built-in
 * strategies made explicit. What the inspector shows as "in force".
 *
 * Returns: (transfer full): a new policy
 */
HealingPolicy *
healing_policy_resolve (HealingPolicy *self,
                        const char    *component_id)
{
  HealingPolicy *overrides;
  HealingPolicy *result;
  const HealingStrategy *chain;
  GHashTableIter iter;
  gpointer key, value;
  gsize n;
  guint prop;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);

  overrides = healing_policy_get_component (self, component_id);
  result = healing_policy_new ();

  for (prop = HEALING_POLICY_PROP_ENABLED; prop < HEALING_POLICY_PROP_FILE; prop++)
    {
      GValue v = G_VALUE_INIT;

      g_value_init (&v, props[prop]->value_type);
      g_object_get_property (G_OBJECT (healing_policy_pick (self, overrides, prop)),
                             props[prop]->name, &v);
      g_object_set_property (G_OBJECT (result), props[prop]->name, &v);
      g_value_unset (&v);
    }
  /* Failure prediction. */
  healing_policy_set_predict (result, healing_policy_pick (self, overrides, HEALING_POLICY_PROP_PREDICT)->predict);
  healing_policy_set_isolate_probability (result, healing_policy_pick (self, overrides, HEALING_POLICY_PROP_ISOLATE_PROBABILITY)->isolate_probability);

  healing_policy_set_strategy (result, HEALING_FAULT_CLASS_NETWORK, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_strategy (result, HEALING_FAULT_CLASS_HANG, HEALING_STRATEGY_FALLBACK);

  g_hash_table_iter_init (&iter, self->strategies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (result->strategies, key, value);

  if (overrides != NULL)
    {
      g_hash_table_iter_init (&iter, overrides->strategies);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (result->strategies, key, value);
    }

  g_array_append_vals (result->classes, self->classes->data, self->classes->len);

  if (overrides != NULL && overrides->escalation != NULL)
    chain = healing_policy_get_escalation (overrides, &n);
  else
    chain = healing_policy_get_escalation (self, &n);
  healing_policy_set_escalation (result, chain, n);

  return result;
}

/**
 * healing_policy_configure_breaker:
 * @self: a policy
 * @breaker: a circuit breaker
 *
 * Applies the circuit-breaker settings that hold for the breaker's
 * component to @breaker, without resetting its state.
 * [class@Runtime] does this for every breaker when the policy changes.
 */
void
healing_policy_configure_breaker (HealingPolicy         *self,
                                  HealingCircuitBreaker *breaker)
{
  HealingPolicy *o;

  g_return_if_fail (HEALING_IS_POLICY (self));
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (breaker));

  o = healing_policy_get_component (self,
                                    healing_circuit_breaker_get_component_id (breaker));

  g_object_freeze_notify (G_OBJECT (breaker));
  healing_circuit_breaker_set_mode (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_MODE)->breaker_mode);
  healing_circuit_breaker_set_threshold (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_THRESHOLD)->breaker_threshold);
  healing_circuit_breaker_set_window (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_WINDOW)->breaker_window);
  healing_circuit_breaker_set_open_timeout (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT)->breaker_open_timeout);
  healing_circuit_breaker_set_backoff_multiplier (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER)->breaker_backoff_multiplier);
  healing_circuit_breaker_set_max_open_timeout (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT)->breaker_max_open_timeout);
  healing_circuit_breaker_set_half_open_trials (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS)->breaker_half_open_trials);
  healing_circuit_breaker_set_failure_rate_threshold (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD)->breaker_failure_rate_threshold);
  healing_circuit_breaker_set_slow_call_rate_threshold (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD)->breaker_slow_call_rate_threshold);
  healing_circuit_breaker_set_slow_call_duration (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION)->breaker_slow_call_duration);
  healing_circuit_breaker_set_window_size (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE)->breaker_window_size);
  healing_circuit_breaker_set_minimum_calls (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS)->breaker_minimum_calls);
  healing_circuit_breaker_set_max_half_open_wait (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT)->breaker_max_half_open_wait);
  g_object_thaw_notify (G_OBJECT (breaker));
  /* Last: it may change the state, with the new settings in place. */
  healing_circuit_breaker_set_metrics_only_by_policy (breaker, healing_policy_pick (self, o, HEALING_POLICY_PROP_BREAKER_METRICS_ONLY)->breaker_metrics_only);
}

/* ------------------------------------------------------------------------
 * What the other files of the policy use
 * ------------------------------------------------------------------------ */

GParamSpec *
healing_policy_get_pspec (guint prop)
{
  g_assert (prop > HEALING_POLICY_PROP_0 && prop < HEALING_POLICY_N_PROPS);

  return props[prop];
}

void
healing_policy_emit_load_failed (HealingPolicy *self,
                                 const GError  *error)
{
  g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error);
}

/* Moves the configuration of @staging into @self. */
void
healing_policy_take_config (HealingPolicy *self,
                            HealingPolicy *staging)
{
  GHashTableIter iter;
  gpointer key, value;
  guint prop;

  begin_change (self);

  for (prop = HEALING_POLICY_PROP_ENABLED; prop < HEALING_POLICY_PROP_FILE; prop++)
    {
      GValue v = G_VALUE_INIT;

      g_value_init (&v, props[prop]->value_type);
      g_object_get_property (G_OBJECT (staging), props[prop]->name, &v);
      g_object_set_property (G_OBJECT (self), props[prop]->name, &v);
      g_value_unset (&v);
    }
  /* Failure prediction. */
  healing_policy_set_predict (self, staging->predict);
  healing_policy_set_isolate_probability (self, staging->isolate_probability);
  self->explicit_set = staging->explicit_set;

  g_hash_table_remove_all (self->strategies);
  g_hash_table_iter_init (&iter, staging->strategies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->strategies, key, value);

  g_clear_pointer (&self->escalation, g_array_unref);
  self->escalation = g_steal_pointer (&staging->escalation);

  g_array_set_size (self->classes, 0);
  g_array_append_vals (self->classes, staging->classes->data, staging->classes->len);

  clear_components (self);
  g_hash_table_iter_init (&iter, staging->components);
  while (g_hash_table_iter_next (&iter, &key, &value))
    healing_policy_set_component (self, key, value);

  g_ptr_array_set_size (self->load_warnings, 0);
  for (prop = 0; prop < staging->load_warnings->len; prop++)
    {
      const char *warning = g_ptr_array_index (staging->load_warnings, prop);

      /* Not a warning: a doubtful but valid file must not abort an
       * application that runs with fatal warnings. */
      /* Translators: %s is a warning about a configuration file, with its
       * name, line and column */
      g_message (_("libhealing: %s"), warning);
      g_ptr_array_add (self->load_warnings, g_strdup (warning));
    }
  g_set_object (&self->patch_trust, staging->patch_trust);

  self->change_pending = TRUE;
  end_change (self);
}

/* ------------------------------------------------------------------------
 * Hot patches
 * ------------------------------------------------------------------------ */

HealingPatchTrust *
healing_policy_get_patch_trust (HealingPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);

  return self->patch_trust;
}
