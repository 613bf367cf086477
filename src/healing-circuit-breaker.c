/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-circuit-breaker.h"
#include "healing-enums.h"

/**
 * HealingCircuitBreaker:
 *
 * Stops running a component that keeps failing, and tries it again later.
 *
 * A breaker belongs to a component id and is shared by every
 * [class@Container] with that id: get it with
 * [method@Runtime.dup_breaker]. It moves between the states of
 * [enum@Healing.CircuitState]:
 *
 * - **closed**: the component runs and its failures are counted. In
 *   [enum@Healing.CircuitMode.window] mode the circuit opens when
 *   [property@CircuitBreaker:threshold] failures happened within the last
 *   [property@CircuitBreaker:window] milliseconds; in
 *   [enum@Healing.CircuitMode.consecutive] mode, after that many failures in
 *   a row.
 * - **open**: [method@CircuitBreaker.try_acquire] refuses every run, so the
 *   component's fallback is shown without running it. After
 *   [property@CircuitBreaker:open-timeout] the circuit goes half-open by
 *   itself (a timer on the breaker's [class@Clock]). Each time it reopens
 *   without having closed in between, the timeout is multiplied by
 *   [property@CircuitBreaker:backoff-multiplier], up to
 *   [property@CircuitBreaker:max-open-timeout].
 * - **half-open**: [property@CircuitBreaker:half-open-trials] trial runs are
 *   let through. When that many succeed the circuit closes; one failure
 *   reopens it.
 * - **forced-open** and **disabled** are held by an operator (the
 *   inspector, D-Bus) until [method@CircuitBreaker.reset]: forced-open
 *   refuses every run, disabled allows every run and counts nothing.
 *
 * Every change of state emits [signal@CircuitBreaker::transition] with a
 * reason in words, such as "opened: 3 failures in 10 s reached threshold 3",
 * also kept in [property@CircuitBreaker:reason].
 *
 * The defaults are meant for widgets, which fail a few times rather than
 * hundreds: 3 failures in 10 seconds, 5 seconds open, doubling up to one
 * minute, one trial run.
 *
 * ## How a caller uses it
 *
 * ```c
 * if (healing_circuit_breaker_try_acquire (breaker))
 *   {
 *     if (run_the_component ())
 *       healing_circuit_breaker_record_success (breaker);
 *     else
 *       healing_circuit_breaker_record_failure (breaker);
 *   }
 * else
 *   {
 *     show_the_fallback ();
 *   }
 * ```
 *
 * A run that was acquired but will never be reported (the widget went
 * away) must be handed back with [method@CircuitBreaker.release], or a
 * half-open breaker waits for it.
 *
 * A breaker is used from the GTK thread only.
 */
struct _HealingCircuitBreaker
{
  GObject parent_instance;

  char *component_id;
  HealingClock *clock;

  HealingCircuitState state;
  char *reason;

  HealingCircuitMode mode;
  guint threshold;
  guint window_ms;
  guint open_timeout_ms;
  double backoff_multiplier;
  guint max_open_timeout_ms;
  guint half_open_trials;

  /* Window mode: times of the most recent failures, oldest first, at most
   * threshold of them. */
  GArray *failures;
  /* Consecutive mode. */
  guint consecutive;

  /* Opens since the circuit last closed, for the backoff. */
  guint open_count;
  gint64 open_until;
  guint open_timer;

  guint trials_in_flight;
  guint trial_successes;
};

enum {
  PROP_0,
  PROP_COMPONENT_ID,
  PROP_CLOCK,
  PROP_STATE,
  PROP_REASON,
  PROP_MODE,
  PROP_THRESHOLD,
  PROP_WINDOW,
  PROP_OPEN_TIMEOUT,
  PROP_BACKOFF_MULTIPLIER,
  PROP_MAX_OPEN_TIMEOUT,
  PROP_HALF_OPEN_TRIALS,
  PROP_FAILURE_COUNT,
  PROP_OPEN_UNTIL,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_TRANSITION,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

G_DEFINE_FINAL_TYPE (HealingCircuitBreaker, healing_circuit_breaker, G_TYPE_OBJECT)

/* A duration for people: "10 s", "1.5 s", "250 ms". */
static char *
format_duration (guint64 ms)
{
  if (ms >= 1000 && ms % 1000 == 0)
    /* Translators: a duration in whole seconds */
    return g_strdup_printf (_("%u s"), (guint) (ms / 1000));
  if (ms >= 1000)
    /* Translators: a duration in seconds, with one decimal */
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%u ms"), (guint) ms);
}

static void
set_state (HealingCircuitBreaker *self,
           HealingCircuitState    state,
           char                  *reason)
{
  HealingCircuitState old = self->state;

  g_free (self->reason);
  self->reason = reason;
  self->state = state;

  g_debug ("libhealing: circuit of %s: %s",
           self->component_id != NULL ? self->component_id : "(anonymous)",
           reason);

  g_object_ref (self);
  g_object_freeze_notify (G_OBJECT (self));
  if (old != state)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REASON]);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_TRANSITION], 0, old, state, reason);
  g_object_unref (self);
}

static void
clear_counts (HealingCircuitBreaker *self)
{
  guint old_count = healing_circuit_breaker_get_failure_count (self);

  g_array_set_size (self->failures, 0);
  self->consecutive = 0;
  self->trials_in_flight = 0;
  self->trial_successes = 0;

  if (old_count != 0)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);
}

static void
cancel_timer (HealingCircuitBreaker *self)
{
  if (self->open_timer != 0)
    {
      healing_clock_cancel (self->clock, self->open_timer);
      self->open_timer = 0;
    }
}

static void
set_open_until (HealingCircuitBreaker *self,
                gint64                 open_until)
{
  if (self->open_until == open_until)
    return;

  self->open_until = open_until;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OPEN_UNTIL]);
}

/* The open timeout for the open_count-th opening in a row. */
static guint64
current_open_timeout (HealingCircuitBreaker *self)
{
  double timeout = self->open_timeout_ms;
  double cap = MAX (self->max_open_timeout_ms, self->open_timeout_ms);
  guint i;

  for (i = 1; i < self->open_count && timeout < cap; i++)
    timeout *= self->backoff_multiplier;

  return (guint64) MIN (timeout, cap);
}

static void
enter_half_open (HealingCircuitBreaker *self)
{
  char *timeout;
  char *reason;

  cancel_timer (self);
  self->trials_in_flight = 0;
  self->trial_successes = 0;
  set_open_until (self, 0);

  timeout = format_duration (current_open_timeout (self));
  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: a circuit breaker
                                          * changed state. 1: a duration such
                                          * as "5 s", 2: a number of runs */
                                         "half-open: open for %1$s; letting %2$u trial run through",
                                         "half-open: open for %1$s; letting %2$u trial runs through",
                                         self->half_open_trials),
                            timeout, self->half_open_trials);
  g_free (timeout);

  set_state (self, HEALING_CIRCUIT_HALF_OPEN, reason);
}

static void
open_timer_cb (gpointer data)
{
  HealingCircuitBreaker *self = data;

  self->open_timer = 0;

  if (self->state == HEALING_CIRCUIT_OPEN)
    enter_half_open (self);
}

/* Opens the circuit; @why is the first part of the reason. */
static void
open_circuit (HealingCircuitBreaker *self,
              const char            *why)
{
  guint64 timeout;
  char *duration;
  char *reason;

  cancel_timer (self);
  clear_counts (self);

  self->open_count++;
  timeout = current_open_timeout (self);
  set_open_until (self, healing_clock_get_time (self->clock) + (gint64) timeout * 1000);
  self->open_timer = healing_clock_schedule (self->clock, (guint) timeout,
                                             open_timer_cb, self, NULL);

  duration = format_duration (timeout);
  /* Translators: a circuit breaker opened. 1: why, as in "opened: 3
   * failures in 10 s reached threshold 3", 2: a duration such as "5 s" */
  reason = g_strdup_printf (_("%1$s; next trial in %2$s"), why, duration);
  g_free (duration);

  set_state (self, HEALING_CIRCUIT_OPEN, reason);
}

static void
close_circuit (HealingCircuitBreaker *self,
               char                  *reason)
{
  cancel_timer (self);
  clear_counts (self);
  self->open_count = 0;
  set_open_until (self, 0);

  set_state (self, HEALING_CIRCUIT_CLOSED, reason);
}

static void
healing_circuit_breaker_dispose (GObject *object)
{
  HealingCircuitBreaker *self = HEALING_CIRCUIT_BREAKER (object);

  cancel_timer (self);

  G_OBJECT_CLASS (healing_circuit_breaker_parent_class)->dispose (object);
}

static void
healing_circuit_breaker_finalize (GObject *object)
{
  HealingCircuitBreaker *self = HEALING_CIRCUIT_BREAKER (object);

  g_clear_object (&self->clock);
  g_clear_pointer (&self->component_id, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->failures, g_array_unref);

  G_OBJECT_CLASS (healing_circuit_breaker_parent_class)->finalize (object);
}

static void
healing_circuit_breaker_constructed (GObject *object)
{
  HealingCircuitBreaker *self = HEALING_CIRCUIT_BREAKER (object);

  G_OBJECT_CLASS (healing_circuit_breaker_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = g_object_ref (healing_clock_get_default ());
}

static void
healing_circuit_breaker_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HealingCircuitBreaker *self = HEALING_CIRCUIT_BREAKER (object);

  switch (prop_id)
    {
    case PROP_COMPONENT_ID:
      g_value_set_string (value, self->component_id);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;
    case PROP_WINDOW:
      g_value_set_uint (value, self->window_ms);
      break;
    case PROP_OPEN_TIMEOUT:
      g_value_set_uint (value, self->open_timeout_ms);
      break;
    case PROP_BACKOFF_MULTIPLIER:
      g_value_set_double (value, self->backoff_multiplier);
      break;
    case PROP_MAX_OPEN_TIMEOUT:
      g_value_set_uint (value, self->max_open_timeout_ms);
      break;
    case PROP_HALF_OPEN_TRIALS:
      g_value_set_uint (value, self->half_open_trials);
      break;
    case PROP_FAILURE_COUNT:
      g_value_set_uint (value, healing_circuit_breaker_get_failure_count (self));
      break;
    case PROP_OPEN_UNTIL:
      g_value_set_int64 (value, self->open_until);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_circuit_breaker_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  HealingCircuitBreaker *self = HEALING_CIRCUIT_BREAKER (object);

  switch (prop_id)
    {
    case PROP_COMPONENT_ID:
      self->component_id = g_value_dup_string (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_MODE:
      healing_circuit_breaker_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_THRESHOLD:
      healing_circuit_breaker_set_threshold (self, g_value_get_uint (value));
      break;
    case PROP_WINDOW:
      healing_circuit_breaker_set_window (self, g_value_get_uint (value));
      break;
    case PROP_OPEN_TIMEOUT:
      healing_circuit_breaker_set_open_timeout (self, g_value_get_uint (value));
      break;
    case PROP_BACKOFF_MULTIPLIER:
      healing_circuit_breaker_set_backoff_multiplier (self, g_value_get_double (value));
      break;
    case PROP_MAX_OPEN_TIMEOUT:
      healing_circuit_breaker_set_max_open_timeout (self, g_value_get_uint (value));
      break;
    case PROP_HALF_OPEN_TRIALS:
      healing_circuit_breaker_set_half_open_trials (self, g_value_get_uint (value));
      break;
    case PROP_STATE:
    case PROP_REASON:
    case PROP_FAILURE_COUNT:
    case PROP_OPEN_UNTIL:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_circuit_breaker_class_init (HealingCircuitBreakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_circuit_breaker_dispose;
  object_class->finalize = healing_circuit_breaker_finalize;
  object_class->constructed = healing_circuit_breaker_constructed;
  object_class->get_property = healing_circuit_breaker_get_property;
  object_class->set_property = healing_circuit_breaker_set_property;

  /**
   * HealingCircuitBreaker:component-id: (getter get_component_id)
   *
   * The component the breaker protects.
   */
  props[PROP_COMPONENT_ID] =
    g_param_spec_string ("component-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:clock: (getter get_clock)
   *
   * The clock that times the breaker's window and open timeout.
   *
   * If none is given at construction, the default clock is used.
   */
  props[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HEALING_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:state: (getter get_state)
   *
   * The state of the circuit.
   */
  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HEALING_TYPE_CIRCUIT_STATE,
                       HEALING_CIRCUIT_CLOSED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:reason: (getter get_reason)
   *
   * Why the circuit is in its state, in words: the reason of the last
   * transition.
   */
  props[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:mode: (getter get_mode) (setter set_mode)
   *
   * How failures are counted while the circuit is closed.
   */
  props[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       HEALING_TYPE_CIRCUIT_MODE,
                       HEALING_CIRCUIT_MODE_WINDOW,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:threshold: (getter get_threshold) (setter set_threshold)
   *
   * How many failures open the circuit.
   */
  props[PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL,
                       1, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_THRESHOLD,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:window: (getter get_window) (setter set_window)
   *
   * The sliding window in which [property@CircuitBreaker:threshold]
   * failures open the circuit, in milliseconds, in
   * [enum@Healing.CircuitMode.window] mode.
   */
  props[PROP_WINDOW] =
    g_param_spec_uint ("window", NULL, NULL,
                       1, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_WINDOW_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:open-timeout: (getter get_open_timeout) (setter set_open_timeout)
   *
   * How long the circuit stays open the first time before it goes
   * half-open, in milliseconds.
   */
  props[PROP_OPEN_TIMEOUT] =
    g_param_spec_uint ("open-timeout", NULL, NULL,
                       0, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_OPEN_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:backoff-multiplier: (getter get_backoff_multiplier) (setter set_backoff_multiplier)
   *
   * What the open timeout is multiplied by each time the circuit reopens
   * without having closed in between; 1 keeps it constant.
   */
  props[PROP_BACKOFF_MULTIPLIER] =
    g_param_spec_double ("backoff-multiplier", NULL, NULL,
                         1.0, 100.0, HEALING_CIRCUIT_DEFAULT_BACKOFF_MULTIPLIER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:max-open-timeout: (getter get_max_open_timeout) (setter set_max_open_timeout)
   *
   * The longest the open timeout grows to, in milliseconds.
   */
  props[PROP_MAX_OPEN_TIMEOUT] =
    g_param_spec_uint ("max-open-timeout", NULL, NULL,
                       0, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_MAX_OPEN_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:half-open-trials: (getter get_half_open_trials) (setter set_half_open_trials)
   *
   * How many trial runs the half-open circuit lets through; when they all
   * succeed, the circuit closes.
   */
  props[PROP_HALF_OPEN_TRIALS] =
    g_param_spec_uint ("half-open-trials", NULL, NULL,
                       1, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_HALF_OPEN_TRIALS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:failure-count: (getter get_failure_count)
   *
   * The failures that count towards opening the circuit: those in the
   * window, or the consecutive ones.
   */
  props[PROP_FAILURE_COUNT] =
    g_param_spec_uint ("failure-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:open-until: (getter get_open_until)
   *
   * When the open circuit goes half-open, on the breaker's clock, in
   * microseconds; 0 when the circuit is not open.
   */
  props[PROP_OPEN_UNTIL] =
    g_param_spec_int64 ("open-until", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  /**
   * HealingCircuitBreaker::transition:
   * @self: the circuit breaker
   * @old_state: the state it left
   * @new_state: the state it entered
   * @reason: why, in words
   *
   * Emitted on every change of state, and when an operator resets a
   * breaker that was already closed.
   */
  signals[SIGNAL_TRANSITION] =
    g_signal_new ("transition",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3,
                  HEALING_TYPE_CIRCUIT_STATE,
                  HEALING_TYPE_CIRCUIT_STATE,
                  G_TYPE_STRING);
}

static void
healing_circuit_breaker_init (HealingCircuitBreaker *self)
{
  self->state = HEALING_CIRCUIT_CLOSED;
  /* Translators: the state of a circuit breaker that never failed */
  self->reason = g_strdup (_("closed: no failures yet"));
  self->mode = HEALING_CIRCUIT_MODE_WINDOW;
  self->threshold = HEALING_CIRCUIT_DEFAULT_THRESHOLD;
  self->window_ms = HEALING_CIRCUIT_DEFAULT_WINDOW_MS;
  self->open_timeout_ms = HEALING_CIRCUIT_DEFAULT_OPEN_TIMEOUT_MS;
  self->backoff_multiplier = HEALING_CIRCUIT_DEFAULT_BACKOFF_MULTIPLIER;
  self->max_open_timeout_ms = HEALING_CIRCUIT_DEFAULT_MAX_OPEN_TIMEOUT_MS;
  self->half_open_trials = HEALING_CIRCUIT_DEFAULT_HALF_OPEN_TRIALS;
  self->failures = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * healing_circuit_breaker_new:
 * @component_id: (nullable): the component the breaker protects
 * @clock: (nullable): the clock to use, or `NULL` for the default clock
 *
 * Creates a circuit breaker with the default settings.
 *
 * Containers share the breaker of their component id, from
 * [method@Runtime.dup_breaker]; create one yourself to protect something
 * else.
 *
 * Returns: (transfer full): a new circuit breaker
 */
HealingCircuitBreaker *
healing_circuit_breaker_new (const char   *component_id,
                             HealingClock *clock)
{
  g_return_val_if_fail (clock == NULL || HEALING_IS_CLOCK (clock), NULL);

  return g_object_new (HEALING_TYPE_CIRCUIT_BREAKER,
                       "component-id", component_id,
                       "clock", clock,
                       NULL);
}

/**
 * healing_circuit_breaker_get_component_id: (get-property component-id)
 * @self: a circuit breaker
 *
 * Gets the component the breaker protects.
 *
 * Returns: (nullable): the component id
 */
const char *
healing_circuit_breaker_get_component_id (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), NULL);

  return self->component_id;
}

/**
 * healing_circuit_breaker_get_clock: (get-property clock)
 * @self: a circuit breaker
 *
 * Gets the clock that times the breaker's window and open timeout.
 *
 * Returns: (transfer none): the clock
 */
HealingClock *
healing_circuit_breaker_get_clock (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), NULL);

  return self->clock;
}

/**
 * healing_circuit_breaker_get_state: (get-property state)
 * @self: a circuit breaker
 *
 * Gets the state of the circuit.
 *
 * Returns: the state
 */
HealingCircuitState
healing_circuit_breaker_get_state (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), HEALING_CIRCUIT_CLOSED);

  return self->state;
}

/**
 * healing_circuit_breaker_get_reason: (get-property reason)
 * @self: a circuit breaker
 *
 * Gets why the circuit is in its state, in words.
 *
 * Returns: the reason of the last transition
 */
const char *
healing_circuit_breaker_get_reason (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), NULL);

  return self->reason;
}

/**
 * healing_circuit_breaker_get_mode: (get-property mode)
 * @self: a circuit breaker
 *
 * Gets how failures are counted while the circuit is closed.
 *
 * Returns: the mode
 */
HealingCircuitMode
healing_circuit_breaker_get_mode (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), HEALING_CIRCUIT_MODE_WINDOW);

  return self->mode;
}

/**
 * healing_circuit_breaker_set_mode: (set-property mode)
 * @self: a circuit breaker
 * @mode: the mode
 *
 * Sets how failures are counted while the circuit is closed.
 *
 * Changing the mode forgets the failures counted so far.
 */
void
healing_circuit_breaker_set_mode (HealingCircuitBreaker *self,
                                  HealingCircuitMode     mode)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (mode == HEALING_CIRCUIT_MODE_WINDOW ||
                    mode == HEALING_CIRCUIT_MODE_CONSECUTIVE);

  if (self->mode == mode)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->mode = mode;
  if (self->state == HEALING_CIRCUIT_CLOSED)
    clear_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * healing_circuit_breaker_get_threshold: (get-property threshold)
 * @self: a circuit breaker
 *
 * Gets how many failures open the circuit.
 *
 * Returns: the threshold
 */
guint
healing_circuit_breaker_get_threshold (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->threshold;
}

/**
 * healing_circuit_breaker_set_threshold: (set-property threshold)
 * @self: a circuit breaker
 * @threshold: the number of failures, at least 1
 *
 * Sets how many failures open the circuit.
 *
 * The new threshold applies from the next failure on.
 */
void
healing_circuit_breaker_set_threshold (HealingCircuitBreaker *self,
                                       guint                  threshold)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (threshold >= 1);

  if (self->threshold == threshold)
    return;

  self->threshold = threshold;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_THRESHOLD]);
}

/**
 * healing_circuit_breaker_get_window: (get-property window)
 * @self: a circuit breaker
 *
 * Gets the sliding window of failures, in milliseconds.
 *
 * Returns: the window
 */
guint
healing_circuit_breaker_get_window (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->window_ms;
}

/**
 * healing_circuit_breaker_set_window: (set-property window)
 * @self: a circuit breaker
 * @window_ms: the window, in milliseconds, at least 1
 *
 * Sets the sliding window of failures.
 */
void
healing_circuit_breaker_set_window (HealingCircuitBreaker *self,
                                    guint                  window_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (window_ms >= 1);

  if (self->window_ms == window_ms)
    return;

  self->window_ms = window_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WINDOW]);
}

/**
 * healing_circuit_breaker_get_open_timeout: (get-property open-timeout)
 * @self: a circuit breaker
 *
 * Gets how long the circuit first stays open, in milliseconds.
 *
 * Returns: the open timeout
 */
guint
healing_circuit_breaker_get_open_timeout (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->open_timeout_ms;
}

/**
 * healing_circuit_breaker_set_open_timeout: (set-property open-timeout)
 * @self: a circuit breaker
 * @open_timeout_ms: the timeout, in milliseconds
 *
 * Sets how long the circuit first stays open.
 *
 * An open circuit keeps the timeout it opened with.
 */
void
healing_circuit_breaker_set_open_timeout (HealingCircuitBreaker *self,
                                          guint                  open_timeout_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->open_timeout_ms == open_timeout_ms)
    return;

  self->open_timeout_ms = open_timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OPEN_TIMEOUT]);
}

/**
 * healing_circuit_breaker_get_backoff_multiplier: (get-property backoff-multiplier)
 * @self: a circuit breaker
 *
 * Gets what the open timeout is multiplied by on each reopening.
 *
 * Returns: the multiplier
 */
double
healing_circuit_breaker_get_backoff_multiplier (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 1.0);

  return self->backoff_multiplier;
}

/**
 * healing_circuit_breaker_set_backoff_multiplier: (set-property backoff-multiplier)
 * @self: a circuit breaker
 * @multiplier: the multiplier, from 1 to 100
 *
 * Sets what the open timeout is multiplied by on each reopening.
 */
void
healing_circuit_breaker_set_backoff_multiplier (HealingCircuitBreaker *self,
                                                double                 multiplier)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (multiplier >= 1.0 && multiplier <= 100.0);

  if (self->backoff_multiplier == multiplier)
    return;

  self->backoff_multiplier = multiplier;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BACKOFF_MULTIPLIER]);
}

/**
 * healing_circuit_breaker_get_max_open_timeout: (get-property max-open-timeout)
 * @self: a circuit breaker
 *
 * Gets the longest the open timeout grows to, in milliseconds.
 *
 * Returns: the cap of the open timeout
 */
guint
healing_circuit_breaker_get_max_open_timeout (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->max_open_timeout_ms;
}

/**
 * healing_circuit_breaker_set_max_open_timeout: (set-property max-open-timeout)
 * @self: a circuit breaker
 * @max_open_timeout_ms: the cap, in milliseconds
 *
 * Sets the longest the open timeout grows to. A cap below
 * [property@CircuitBreaker:open-timeout] means the timeout never grows.
 */
void
healing_circuit_breaker_set_max_open_timeout (HealingCircuitBreaker *self,
                                              guint                  max_open_timeout_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->max_open_timeout_ms == max_open_timeout_ms)
    return;

  self->max_open_timeout_ms = max_open_timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MAX_OPEN_TIMEOUT]);
}

/**
 * healing_circuit_breaker_get_half_open_trials: (get-property half-open-trials)
 * @self: a circuit breaker
 *
 * Gets how many trial runs the half-open circuit lets through.
 *
 * Returns: the number of trial runs
 */
guint
healing_circuit_breaker_get_half_open_trials (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->half_open_trials;
}

/**
 * healing_circuit_breaker_set_half_open_trials: (set-property half-open-trials)
 * @self: a circuit breaker
 * @trials: the number of trial runs, at least 1
 *
 * Sets how many trial runs the half-open circuit lets through.
 */
void
healing_circuit_breaker_set_half_open_trials (HealingCircuitBreaker *self,
                                              guint                  trials)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (trials >= 1);

  if (self->half_open_trials == trials)
    return;

  self->half_open_trials = trials;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HALF_OPEN_TRIALS]);
}

static guint
count_in_window (HealingCircuitBreaker *self,
                 gint64                 now)
{
  gint64 since = now - (gint64) self->window_ms * 1000;
  guint n = 0;
  guint i;

  for (i = 0; i < self->failures->len; i++)
    if (g_array_index (self->failures, gint64, i) > since)
      n++;

  return n;
}

/**
 * healing_circuit_breaker_get_failure_count: (get-property failure-count)
 * @self: a circuit breaker
 *
 * Gets the failures that count towards opening the circuit: those within
 * the window, or the consecutive ones.
 *
 * Returns: the number of failures
 */
guint
healing_circuit_breaker_get_failure_count (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  if (self->mode == HEALING_CIRCUIT_MODE_CONSECUTIVE)
    return self->consecutive;

  return count_in_window (self, healing_clock_get_time (self->clock));
}

/**
 * healing_circuit_breaker_get_open_count:
 * @self: a circuit breaker
 *
 * Gets how many times the circuit opened since it last closed; the open
 * timeout backs off with it.
 *
 * Returns: the number of openings in a row
 */
guint
healing_circuit_breaker_get_open_count (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->open_count;
}

/**
 * healing_circuit_breaker_get_open_until: (get-property open-until)
 * @self: a circuit breaker
 *
 * Gets when the open circuit goes half-open, on the breaker's clock.
 *
 * Returns: the time in microseconds, or 0 when the circuit is not open
 */
gint64
healing_circuit_breaker_get_open_until (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->open_until;
}

/**
 * healing_circuit_breaker_get_remaining:
 * @self: a circuit breaker
 *
 * Gets how long until the open circuit goes half-open: what a fallback
 * shows as a countdown.
 *
 * Returns: the time left in microseconds, or 0 when the circuit is not open
 */
gint64
healing_circuit_breaker_get_remaining (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  if (self->state != HEALING_CIRCUIT_OPEN)
    return 0;

  return MAX (0, self->open_until - healing_clock_get_time (self->clock));
}

/**
 * healing_circuit_breaker_try_acquire:
 * @self: a circuit breaker
 *
 * Asks whether the component may run now.
 *
 * A closed or disabled circuit always says yes. An open circuit says no
 * until its open timeout has passed, then goes half-open. A half-open
 * circuit says yes to as many runs as
 * [property@CircuitBreaker:half-open-trials], then no until they are
 * reported. A forced-open circuit always says no.
 *
 * Every run allowed must be followed by
 * [method@CircuitBreaker.record_success],
 * [method@CircuitBreaker.record_failure] or
 * [method@CircuitBreaker.release].
 *
 * Returns: whether the component may run
 */
gboolean
healing_circuit_breaker_try_acquire (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), FALSE);

  switch (self->state)
    {
    case HEALING_CIRCUIT_CLOSED:
    case HEALING_CIRCUIT_DISABLED:
      return TRUE;

    case HEALING_CIRCUIT_FORCED_OPEN:
      return FALSE;

    case HEALING_CIRCUIT_OPEN:
      if (healing_clock_get_time (self->clock) < self->open_until)
        return FALSE;
      /* The timer has not run yet (a busy main loop): go half-open now. */
      enter_half_open (self);
      G_GNUC_FALLTHROUGH;

    case HEALING_CIRCUIT_HALF_OPEN:
      if (self->trials_in_flight + self->trial_successes >= self->half_open_trials)
        return FALSE;
      self->trials_in_flight++;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/**
 * healing_circuit_breaker_release:
 * @self: a circuit breaker
 *
 * Hands back a run allowed by [method@CircuitBreaker.try_acquire] that did
 * not happen or will not be reported, so a half-open circuit can let
 * another trial through.
 */
void
healing_circuit_breaker_release (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_HALF_OPEN && self->trials_in_flight > 0)
    self->trials_in_flight--;
}

/**
 * healing_circuit_breaker_record_success:
 * @self: a circuit breaker
 *
 * Reports that a run of the component succeeded.
 *
 * In consecutive mode this clears the count of failures in a row. In the
 * half-open state it counts a trial run, and closes the circuit when
 * [property@CircuitBreaker:half-open-trials] trials have succeeded.
 */
void
healing_circuit_breaker_record_success (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  switch (self->state)
    {
    case HEALING_CIRCUIT_CLOSED:
      if (self->mode == HEALING_CIRCUIT_MODE_CONSECUTIVE && self->consecutive > 0)
        {
          self->consecutive = 0;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);
        }
      break;

    case HEALING_CIRCUIT_HALF_OPEN:
      if (self->trials_in_flight > 0)
        self->trials_in_flight--;
      self->trial_successes++;
      if (self->trial_successes >= self->half_open_trials)
        {
          char *reason;

          reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: a circuit
                                                  * breaker changed state */
                                                 "closed: %u trial run succeeded",
                                                 "closed: %u trial runs succeeded",
                                                 self->trial_successes),
                                    self->trial_successes);
          close_circuit (self, reason);
        }
      break;

    case HEALING_CIRCUIT_OPEN:
    case HEALING_CIRCUIT_FORCED_OPEN:
    case HEALING_CIRCUIT_DISABLED:
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * healing_circuit_breaker_record_failure:
 * @self: a circuit breaker
 *
 * Reports that a run of the component failed.
 *
 * A closed circuit counts the failure and opens when the count reaches
 * [property@CircuitBreaker:threshold]; a half-open one reopens, with a
 * longer open timeout. Open, forced-open and disabled circuits ignore it.
 */
void
healing_circuit_breaker_record_failure (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  switch (self->state)
    {
    case HEALING_CIRCUIT_CLOSED:
      if (self->mode == HEALING_CIRCUIT_MODE_CONSECUTIVE)
        {
          self->consecutive++;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);

          if (self->consecutive >= self->threshold)
            {
              char *why;

              why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  /* Translators: why a circuit
                                                   * breaker opened. 1: a number
                                                   * of failures, 2: the
                                                   * threshold */
                                                  "opened: %1$u consecutive failure reached threshold %2$u",
                                                  "opened: %1$u consecutive failures reached threshold %2$u",
                                                  self->consecutive),
                                     self->consecutive, self->threshold);
              open_circuit (self, why);
              g_free (why);
            }
        }
      else
        {
          gint64 now = healing_clock_get_time (self->clock);
          gint64 since = now - (gint64) self->window_ms * 1000;
          guint n;

          g_array_append_val (self->failures, now);
          /* Only the newest threshold failures can ever matter; the older
           * ones, and those out of the window, go. */
          while (self->failures->len > 0 &&
                 (self->failures->len > self->threshold ||
                  g_array_index (self->failures, gint64, 0) <= since))
            g_array_remove_index (self->failures, 0);

          n = self->failures->len;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);

          if (n >= self->threshold)
            {
              char *window = format_duration (self->window_ms);
              char *why;

              why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  /* Translators: why a circuit
                                                   * breaker opened. 1: a number
                                                   * of failures, 2: a duration
                                                   * such as "10 s", 3: the
                                                   * threshold */
                                                  "opened: %1$u failure in %2$s reached threshold %3$u",
                                                  "opened: %1$u failures in %2$s reached threshold %3$u",
                                                  n),
                                     n, window, self->threshold);
              open_circuit (self, why);
              g_free (why);
              g_free (window);
            }
        }
      break;

    case HEALING_CIRCUIT_HALF_OPEN:
      /* Translators: why a circuit breaker opened again */
      open_circuit (self, _("reopened: a trial run failed"));
      break;

    case HEALING_CIRCUIT_OPEN:
    case HEALING_CIRCUIT_FORCED_OPEN:
    case HEALING_CIRCUIT_DISABLED:
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * healing_circuit_breaker_trip:
 * @self: a circuit breaker
 *
 * Opens the circuit now, as if the threshold had been reached: it goes
 * half-open after the open timeout, as usual.
 *
 * This is what a failure predictor or an operator's "trip" does. A
 * forced-open or disabled breaker is left alone.
 */
void
healing_circuit_breaker_trip (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_FORCED_OPEN ||
      self->state == HEALING_CIRCUIT_DISABLED)
    return;

  /* Translators: why a circuit breaker opened */
  open_circuit (self, _("opened on request"));
}

/**
 * healing_circuit_breaker_trip_with_reason:
 * @self: a circuit breaker
 * @reason: why, in words, such as "predicted 0.83: 0.4 faults/s and
 *   rising"
 *
 * Opens the circuit now, like [method@CircuitBreaker.trip], and says why:
 * [property@CircuitBreaker:reason] becomes @reason followed by when the
 * next trial is. A forced-open or disabled breaker is left alone.
 */
void
healing_circuit_breaker_trip_with_reason (HealingCircuitBreaker *self,
                                          const char            *reason)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (reason != NULL);

  if (self->state == HEALING_CIRCUIT_FORCED_OPEN ||
      self->state == HEALING_CIRCUIT_DISABLED)
    return;

  open_circuit (self, reason);
}

/**
 * healing_circuit_breaker_force_open:
 * @self: a circuit breaker
 *
 * Holds the circuit open until [method@CircuitBreaker.reset]: the
 * component does not run at all.
 */
void
healing_circuit_breaker_force_open (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_FORCED_OPEN)
    return;

  cancel_timer (self);
  clear_counts (self);
  set_open_until (self, 0);
  /* Translators: a circuit breaker changed state */
  set_state (self, HEALING_CIRCUIT_FORCED_OPEN, g_strdup (_("forced open by an operator")));
}

/**
 * healing_circuit_breaker_disable:
 * @self: a circuit breaker
 *
 * Switches the breaker off until [method@CircuitBreaker.reset]: the
 * component always runs and failures are not counted.
 */
void
healing_circuit_breaker_disable (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_DISABLED)
    return;

  cancel_timer (self);
  clear_counts (self);
  set_open_until (self, 0);
  /* Translators: a circuit breaker changed state */
  set_state (self, HEALING_CIRCUIT_DISABLED, g_strdup (_("disabled by an operator")));
}

/**
 * healing_circuit_breaker_reset:
 * @self: a circuit breaker
 *
 * Closes the circuit and forgets every failure and the open-timeout
 * backoff, from any state, including forced-open and disabled.
 */
void
healing_circuit_breaker_reset (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  /* Translators: a circuit breaker changed state */
  close_circuit (self, g_strdup (_("closed: reset by an operator")));
}
