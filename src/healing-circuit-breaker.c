/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-circuit-breaker-private.h"
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
 * - **closed**: the component runs and its failures are counted, as
 *   [property@CircuitBreaker:mode] says:
 *   - [enum@Healing.CircuitMode.window] (the default): the circuit opens
 *     when [property@CircuitBreaker:threshold] failures happened within the
 *     last [property@CircuitBreaker:window] milliseconds;
 *   - [enum@Healing.CircuitMode.consecutive]: after that many failures in
 *     a row;
 *   - [enum@Healing.CircuitMode.count_based] and
 *     [enum@Healing.CircuitMode.time_based]: when the failure rate, or the
 *     slow-call rate, of the last [property@CircuitBreaker:window-size]
 *     calls (or of the calls of the last [property@CircuitBreaker:window]
 *     milliseconds) reaches [property@CircuitBreaker:failure-rate-threshold]
 *     (or [property@CircuitBreaker:slow-call-rate-threshold]) percent — but
 *     only once [property@CircuitBreaker:minimum-calls] calls are in the
 *     window. These are resilience4j's sliding windows; they count
 *     successes, so every run must be reported
 *     ([method@CircuitBreaker.record_call]).
 * - **open**: [method@CircuitBreaker.try_acquire] refuses every run, so the
 *   component's fallback is shown without running it. After
 *   [property@CircuitBreaker:open-timeout] the circuit goes half-open by
 *   itself (a timer on the breaker's [class@Clock]). Each time it reopens
 *   without having closed in between, the timeout is multiplied by
 *   [property@CircuitBreaker:backoff-multiplier], up to
 *   [property@CircuitBreaker:max-open-timeout].
 * - **half-open**: [property@CircuitBreaker:half-open-trials] trial runs are
 *   let through. In the counting modes, when that many succeed the circuit
 *   closes and one failure reopens it; in the rate modes, once they are all
 *   reported their failure and slow-call rates decide, against the same
 *   thresholds. If [property@CircuitBreaker:max-half-open-wait] is set and
 *   the trials have not decided within it (a permit that was never handed
 *   back), the circuit opens again.
 * - **forced-open** and **disabled** are held by an operator (through
 *   [method@CircuitBreaker.force_open] and [method@CircuitBreaker.disable])
 *   until [method@CircuitBreaker.reset]: forced-open
 *   refuses every run, disabled allows every run and counts nothing.
 * - **metrics-only**: every run is allowed and counted, the per-call
 *   signals are emitted, the rates are computed — but the breaker never
 *   opens. For tuning thresholds on a live application.
 *
 * Every change of state emits [signal@CircuitBreaker::transition] with a
 * reason in words, such as "opened: 3 failures in 10 s reached threshold 3",
 * also kept in [property@CircuitBreaker:reason]. Every call emits exactly
 * one of [signal@CircuitBreaker::call-not-permitted] (when
 * [method@CircuitBreaker.try_acquire] refuses it),
 * [signal@CircuitBreaker::success], [signal@CircuitBreaker::error] or
 * [signal@CircuitBreaker::ignored-error] (when it is reported), except on
 * a disabled breaker, which emits none.
 *
 * The defaults are meant for widgets, which fail a few times rather than
 * hundreds: 3 failures in 10 seconds, 5 seconds open, doubling up to one
 * minute, one trial run. The rate settings take resilience4j's defaults
 * (50 %, 100 calls, at least 100 calls) except the slow-call duration,
 * 500 ms rather than 60 s.
 *
 * ## How a caller uses it
 *
 * ```c
 * if (healing_circuit_breaker_try_acquire (breaker))
 *   {
 *     gint64 start = g_get_monotonic_time ();
 *     gboolean ok = run_the_component ();
 *
 *     healing_circuit_breaker_record_call (breaker,
 *                                          ok ? HEALING_CALL_SUCCESS : HEALING_CALL_ERROR,
 *                                          g_get_monotonic_time () - start);
 *   }
 * else
 *   {
 *     show_the_fallback ();
 *   }
 * ```
 *
 * [method@CircuitBreaker.record_success] and
 * [method@CircuitBreaker.record_failure] are the same without a duration.
 * A run that was acquired but will never be reported (the widget went
 * away) must be handed back with [method@CircuitBreaker.release], or a
 * half-open breaker waits for it (up to
 * [property@CircuitBreaker:max-half-open-wait], if set).
 *
 * ## Memory
 *
 * The rate windows are rings allocated once, when the mode or the window
 * changes: [property@CircuitBreaker:window-size] slots of 16 bytes in
 * count-based mode, one bucket per second of the window (at most
 * [const@CIRCUIT_MAX_TIME_BUCKETS]) in time-based mode. Recording a call
 * and reading a rate take constant time and allocate nothing.
 *
 * A breaker is used from the GTK thread only.
 */

/* One slot of a rate window: one call (count-based) or the calls of one
 * time slice (time-based). */
typedef struct
{
  guint calls;
  guint failed;
  guint slow;
} Bucket;

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
  double failure_rate_threshold;
  double slow_call_rate_threshold;
  guint slow_call_duration_ms;
  guint window_size;
  guint minimum_calls;
  guint max_half_open_wait_ms;

  /* Window mode: times of the most recent failures, oldest first, at most
   * threshold of them. */
  GArray *failures;
  /* Consecutive mode. */
  guint consecutive;

  /* Rate modes: a ring of n_buckets, allocated when the mode or window
   * changes, and running totals over it. */
  Bucket *buckets;
  guint n_buckets;
  guint head;           /* count-based: the next slot to write */
  guint filled;         /* count-based: slots in use */
  gint64 bucket_us;     /* time-based: the width of a slice */
  gint64 last_epoch;    /* time-based: the newest slice in the ring */
  guint total_calls;
  guint total_failed;
  guint total_slow;

  /* Opens since the circuit last closed, for the backoff. */
  guint open_count;
  gint64 open_until;
  guint64 opened_for_ms;  /* how long the circuit was last opened for */
  guint open_timer;
  guint half_open_timer;

  guint trials_in_flight;
  guint trial_successes;
  guint trial_failures;
  guint trial_slow;

  /* The policy, not an operator, asked for metrics-only. */
  gboolean metrics_only_by_policy;
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
  PROP_FAILURE_RATE_THRESHOLD,
  PROP_SLOW_CALL_RATE_THRESHOLD,
  PROP_SLOW_CALL_DURATION,
  PROP_WINDOW_SIZE,
  PROP_MINIMUM_CALLS,
  PROP_MAX_HALF_OPEN_WAIT,
  PROP_COUNTS_SUCCESSES,
  PROP_CALLS_IN_WINDOW,
  PROP_FAILURE_RATE,
  PROP_SLOW_CALL_RATE,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_TRANSITION,
  SIGNAL_CALL_NOT_PERMITTED,
  SIGNAL_SUCCESS,
  SIGNAL_ERROR,
  SIGNAL_IGNORED_ERROR,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

G_DEFINE_FINAL_TYPE (HealingCircuitBreaker, healing_circuit_breaker, G_TYPE_OBJECT)

static inline gboolean
is_rate_mode (HealingCircuitMode mode)
{
  return mode == HEALING_CIRCUIT_MODE_COUNT_BASED || mode == HEALING_CIRCUIT_MODE_TIME_BASED;
}

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

/* A percentage for people: "50 %", "33.3 %". */
static char *
format_percent (double percent)
{
  if (percent == (double) (gint64) percent)
    /* Translators: a percentage, such as a failure rate */
    return g_strdup_printf (_("%d %%"), (int) percent);
  /* Translators: a percentage with one decimal, such as a failure rate */
  return g_strdup_printf (_("%.1f %%"), percent);
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
  if (state != HEALING_CIRCUIT_METRICS_ONLY)
    self->metrics_only_by_policy = FALSE;

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

/* ------------------------------------------------------------------------
 * Rate windows
 * ------------------------------------------------------------------------ */

/* After a call: notifies only what changed, so a full window of steady
 * successes (a frame each) notifies nothing. */
static void
notify_rates_if_changed (HealingCircuitBreaker *self,
                         guint                  old_calls,
                         guint                  old_failed,
                         guint                  old_slow)
{
  gboolean rates = old_calls != self->total_calls || old_failed != self->total_failed ||
                   old_slow != self->total_slow;

  if (!rates)
    return;

  /* No freeze and thaw: on this path, once per call, they would cost more
   * than the rest of the call together (a notify queue allocated and
   * freed); a notification nobody listens to costs next to nothing. */
  if (old_calls != self->total_calls)
    g_object_notify_by_pspec ((GObject *) self, props[PROP_CALLS_IN_WINDOW]);
  if (old_failed != self->total_failed)
    g_object_notify_by_pspec ((GObject *) self, props[PROP_FAILURE_COUNT]);
  g_object_notify_by_pspec ((GObject *) self, props[PROP_FAILURE_RATE]);
  g_object_notify_by_pspec ((GObject *) self, props[PROP_SLOW_CALL_RATE]);
}

static void
notify_rates (HealingCircuitBreaker *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CALLS_IN_WINDOW]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_RATE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SLOW_CALL_RATE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* (Re)allocates the ring for the mode and window, empty. */
static void
window_setup (HealingCircuitBreaker *self)
{
  guint n = 0;

  if (self->mode == HEALING_CIRCUIT_MODE_COUNT_BASED)
    {
      n = self->window_size;
      self->bucket_us = 0;
    }
  else if (self->mode == HEALING_CIRCUIT_MODE_TIME_BASED)
    {
      gint64 window_us = (gint64) self->window_ms * 1000;

      n = (guint) CLAMP ((window_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC,
                         1, HEALING_CIRCUIT_MAX_TIME_BUCKETS);
      self->bucket_us = MAX (1, (window_us + n - 1) / n);
    }

  if (n != self->n_buckets)
    {
      g_clear_pointer (&self->buckets, g_free);
      self->n_buckets = n;
      if (n > 0)
        self->buckets = g_new0 (Bucket, n);
    }
  else if (n > 0)
    {
      memset (self->buckets, 0, n * sizeof (Bucket));
    }

  self->head = 0;
  self->filled = 0;
  self->total_calls = 0;
  self->total_failed = 0;
  self->total_slow = 0;
  /* Slice e of the clock lives in slot e mod n; all are empty now. (No
   * clock yet during construction: constructed () comes back here.) */
  self->last_epoch = self->bucket_us > 0 && self->clock != NULL
                     ? healing_clock_get_time (self->clock) / self->bucket_us
                     : 0;
}

static void
bucket_drop (HealingCircuitBreaker *self,
             Bucket                *bucket)
{
  self->total_calls -= bucket->calls;
  self->total_failed -= bucket->failed;
  self->total_slow -= bucket->slow;
  bucket->calls = bucket->failed = bucket->slow = 0;
}

/* Time-based: drops the slices that fell out of the window by @now. At
 * most n_buckets steps, whatever the gap. */
static void
window_advance (HealingCircuitBreaker *self,
                gint64                 now)
{
  gint64 epoch, e;
  guint n = self->n_buckets;

  if (self->mode != HEALING_CIRCUIT_MODE_TIME_BASED || n == 0)
    return;

  epoch = now / self->bucket_us;
  if (epoch <= self->last_epoch)
    return;

  if (epoch - self->last_epoch >= n)
    {
      guint i;

      for (i = 0; i < n; i++)
        bucket_drop (self, &self->buckets[i]);
    }
  else
    {
      for (e = self->last_epoch + 1; e <= epoch; e++)
        bucket_drop (self, &self->buckets[(e % n + n) % n]);
    }

  self->last_epoch = epoch;
}

/* Counts a call; in time-based mode, after window_current (). */
static void
window_add (HealingCircuitBreaker *self,
            gboolean               failed,
            gboolean               slow)
{
  Bucket *bucket;

  if (self->n_buckets == 0)
    return;

  if (self->mode == HEALING_CIRCUIT_MODE_COUNT_BASED)
    {
      bucket = &self->buckets[self->head];
      if (self->filled == self->n_buckets)
        bucket_drop (self, bucket);          /* the oldest call goes */
      else
        self->filled++;
      self->head = (self->head + 1) % self->n_buckets;
    }
  else
    {
      /* The caller brought the ring up to now (window_current ()): the
       * newest slice is now's. One clock read per call. */
      bucket = &self->buckets[(self->last_epoch % self->n_buckets + self->n_buckets) % self->n_buckets];
    }

  bucket->calls++;
  self->total_calls++;
  if (failed)
    {
      bucket->failed++;
      self->total_failed++;
    }
  if (slow)
    {
      bucket->slow++;
      self->total_slow++;
    }
}

static guint
effective_minimum_calls (HealingCircuitBreaker *self)
{
  /* As resilience4j: a count window smaller than the minimum would never
   * compute a rate. */
  if (self->mode == HEALING_CIRCUIT_MODE_COUNT_BASED)
    return MAX (1, MIN (self->minimum_calls, self->window_size));

  return MAX (1, self->minimum_calls);
}

static void
window_current (HealingCircuitBreaker *self)
{
  window_advance (self, healing_clock_get_time (self->clock));
}

/* ------------------------------------------------------------------------
 * State machine
 * ------------------------------------------------------------------------ */

static void
clear_counts (HealingCircuitBreaker *self)
{
  guint old_count = healing_circuit_breaker_get_failure_count (self);
  guint old_calls = self->total_calls;

  g_array_set_size (self->failures, 0);
  self->consecutive = 0;
  self->trials_in_flight = 0;
  self->trial_successes = 0;
  self->trial_failures = 0;
  self->trial_slow = 0;
  window_setup (self);

  if (old_calls != 0)
    notify_rates (self);
  else if (old_count != 0)
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
  if (self->half_open_timer != 0)
    {
      healing_clock_cancel (self->clock, self->half_open_timer);
      self->half_open_timer = 0;
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

static void open_circuit (HealingCircuitBreaker *self,
                          const char            *why);
static void open_circuit_for (HealingCircuitBreaker *self,
                              const char            *why,
                              guint64                timeout);

static void
half_open_timer_cb (gpointer data)
{
  HealingCircuitBreaker *self = data;
  char *wait;
  char *why;

  self->half_open_timer = 0;

  if (self->state != HEALING_CIRCUIT_HALF_OPEN)
    return;

  wait = format_duration (self->max_half_open_wait_ms);
  /* Translators: why a circuit breaker opened again; %s is a duration
   * such as "10 s" */
  why = g_strdup_printf (_("reopened: the trial runs gave no verdict within %s"), wait);
  open_circuit (self, why);
  g_free (why);
  g_free (wait);
}

/* Goes half-open with @reason (taken). */
static void
enter_half_open_after (HealingCircuitBreaker *self,
                       char                  *reason)
{
  cancel_timer (self);
  self->trials_in_flight = 0;
  self->trial_successes = 0;
  self->trial_failures = 0;
  self->trial_slow = 0;
  set_open_until (self, 0);

  /* resilience4j's maxWaitDurationInHalfOpenState: a trial permit that is
   * never handed back must not hold the circuit half-open for ever. */
  if (self->max_half_open_wait_ms > 0)
    self->half_open_timer = healing_clock_schedule (self->clock, self->max_half_open_wait_ms,
                                                    half_open_timer_cb, self, NULL);

  set_state (self, HEALING_CIRCUIT_HALF_OPEN, reason);
}

static void
enter_half_open (HealingCircuitBreaker *self)
{
  char *timeout;
  char *reason;

  timeout = format_duration (self->opened_for_ms);
  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: a circuit breaker
                                          * changed state. 1: a duration such
                                          * as "5 s", 2: a number of runs */
                                         "half-open: open for %1$s; letting %2$u trial run through",
                                         "half-open: open for %1$s; letting %2$u trial runs through",
                                         self->half_open_trials),
                            timeout, self->half_open_trials);
  g_free (timeout);

  enter_half_open_after (self, reason);
}

static void
open_timer_cb (gpointer data)
{
  HealingCircuitBreaker *self = data;

  self->open_timer = 0;

  if (self->state == HEALING_CIRCUIT_OPEN)
    enter_half_open (self);
}

/* Opens the circuit for @timeout ms; @why is the first part of the
 * reason. */
static void
open_circuit_for (HealingCircuitBreaker *self,
                  const char            *why,
                  guint64                timeout)
{
  char *duration;
  char *reason;

  cancel_timer (self);
  clear_counts (self);

  self->opened_for_ms = timeout;
  set_open_until (self, healing_clock_get_time (self->clock) + (gint64) timeout * 1000);
  self->open_timer = healing_clock_schedule (self->clock, (guint) MIN (timeout, G_MAXUINT),
                                             open_timer_cb, self, NULL);

  duration = format_duration (timeout);
  /* Translators: a circuit breaker opened. 1: why, as in "opened: 3
   * failures in 10 s reached threshold 3", 2: a duration such as "5 s" */
  reason = g_strdup_printf (_("%1$s; next trial in %2$s"), why, duration);
  g_free (duration);

  set_state (self, HEALING_CIRCUIT_OPEN, reason);
}

/* Opens the circuit with the backed-off timeout. */
static void
open_circuit (HealingCircuitBreaker *self,
              const char            *why)
{
  self->open_count++;
  open_circuit_for (self, why, current_open_timeout (self));
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

/* Rate modes, closed: opens the circuit if a rate reached its threshold. */
static void
check_rates (HealingCircuitBreaker *self)
{
  double failure_rate, slow_rate;
  char *rate, *threshold, *why;
  gboolean by_failures;

  if (self->total_calls < effective_minimum_calls (self) || self->total_calls == 0)
    return;

  failure_rate = 100.0 * self->total_failed / self->total_calls;
  slow_rate = 100.0 * self->total_slow / self->total_calls;

  /* As resilience4j: the rate opens the circuit when it is >= the
   * threshold. */
  by_failures = failure_rate >= self->failure_rate_threshold;
  if (!by_failures && slow_rate < self->slow_call_rate_threshold)
    return;

  rate = format_percent (by_failures ? failure_rate : slow_rate);
  threshold = format_percent (by_failures ? self->failure_rate_threshold
                                          : self->slow_call_rate_threshold);

  if (self->mode == HEALING_CIRCUIT_MODE_COUNT_BASED)
    {
      if (by_failures)
        why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: why a circuit
                                             * breaker opened. 1: a rate such
                                             * as "60 %", 2: a number of
                                             * calls, 3: the threshold, such
                                             * as "50 %" */
                                            "opened: failure rate %1$s of the last %2$u call reached threshold %3$s",
                                            "opened: failure rate %1$s of the last %2$u calls reached threshold %3$s",
                                            self->total_calls),
                               rate, self->total_calls, threshold);
      else
        why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: why a circuit
                                             * breaker opened. 1: a rate such
                                             * as "100 %", 2: a number of
                                             * calls, 3: the threshold */
                                            "opened: slow-call rate %1$s of the last %2$u call reached threshold %3$s",
                                            "opened: slow-call rate %1$s of the last %2$u calls reached threshold %3$s",
                                            self->total_calls),
                               rate, self->total_calls, threshold);
    }
  else
    {
      char *window = format_duration (self->window_ms);

      if (by_failures)
        why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: why a circuit
                                             * breaker opened. 1: a rate such
                                             * as "60 %", 2: a duration such
                                             * as "10 s", 3: a number of
                                             * calls, 4: the threshold */
                                            "opened: failure rate %1$s in %2$s (%3$u call) reached threshold %4$s",
                                            "opened: failure rate %1$s in %2$s (%3$u calls) reached threshold %4$s",
                                            self->total_calls),
                               rate, window, self->total_calls, threshold);
      else
        why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: why a circuit
                                             * breaker opened. 1: a rate such
                                             * as "100 %", 2: a duration such
                                             * as "10 s", 3: a number of
                                             * calls, 4: the threshold */
                                            "opened: slow-call rate %1$s in %2$s (%3$u call) reached threshold %4$s",
                                            "opened: slow-call rate %1$s in %2$s (%3$u calls) reached threshold %4$s",
                                            self->total_calls),
                               rate, window, self->total_calls, threshold);
      g_free (window);
    }

  open_circuit (self, why);
  g_free (why);
  g_free (rate);
  g_free (threshold);
}

/* Counting modes, closed or metrics-only: counts a failure; TRUE and @why
 * if the threshold is reached. */
static gboolean
count_failure (HealingCircuitBreaker  *self,
               char                  **why)
{
  if (self->mode == HEALING_CIRCUIT_MODE_CONSECUTIVE)
    {
      self->consecutive++;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);

      if (self->consecutive < self->threshold)
        return FALSE;

      *why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: why a circuit
                                            * breaker opened. 1: a number of
                                            * failures, 2: the threshold */
                                           "opened: %1$u consecutive failure reached threshold %2$u",
                                           "opened: %1$u consecutive failures reached threshold %2$u",
                                           self->consecutive),
                              self->consecutive, self->threshold);
      return TRUE;
    }
  else
    {
      gint64 now = healing_clock_get_time (self->clock);
      gint64 since = now - (gint64) self->window_ms * 1000;
      char *window;
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

      if (n < self->threshold)
        return FALSE;

      window = format_duration (self->window_ms);
      *why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: why a circuit
                                            * breaker opened. 1: a number of
                                            * failures, 2: a duration such as
                                            * "10 s", 3: the threshold */
                                           "opened: %1$u failure in %2$s reached threshold %3$u",
                                           "opened: %1$u failures in %2$s reached threshold %3$u",
                                           n),
                              n, window, self->threshold);
      g_free (window);
      return TRUE;
    }
}

/* Half-open: a trial was reported; decides when all are in. */
static void
judge_trials (HealingCircuitBreaker *self)
{
  guint done = self->trial_successes + self->trial_failures;

  if (!is_rate_mode (self->mode))
    {
      if (self->trial_failures > 0)
        {
          /* Translators: why a circuit breaker opened again */
          open_circuit (self, _("reopened: a trial run failed"));
        }
      else if (self->trial_successes >= self->half_open_trials)
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
      return;
    }

  if (done < self->half_open_trials)
    return;

  {
    double failure_rate = 100.0 * self->trial_failures / done;
    double slow_rate = 100.0 * self->trial_slow / done;
    char *rate, *threshold, *text;

    if (failure_rate >= self->failure_rate_threshold ||
        slow_rate >= self->slow_call_rate_threshold)
      {
        gboolean by_failures = failure_rate >= self->failure_rate_threshold;

        rate = format_percent (by_failures ? failure_rate : slow_rate);
        threshold = format_percent (by_failures ? self->failure_rate_threshold
                                                : self->slow_call_rate_threshold);
        if (by_failures)
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: why a circuit
                                                * breaker opened again. 1: a
                                                * rate, 2: a number of trial
                                                * runs, 3: the threshold */
                                               "reopened: failure rate %1$s of %2$u trial run reached threshold %3$s",
                                               "reopened: failure rate %1$s of %2$u trial runs reached threshold %3$s",
                                               done),
                                  rate, done, threshold);
        else
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: why a circuit
                                                * breaker opened again. 1: a
                                                * rate, 2: a number of trial
                                                * runs, 3: the threshold */
                                               "reopened: slow-call rate %1$s of %2$u trial run reached threshold %3$s",
                                               "reopened: slow-call rate %1$s of %2$u trial runs reached threshold %3$s",
                                               done),
                                  rate, done, threshold);
        open_circuit (self, text);
        g_free (text);
      }
    else
      {
        rate = format_percent (failure_rate);
        threshold = format_percent (self->failure_rate_threshold);
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: a circuit breaker
                                              * changed state. 1: a rate, 2: a
                                              * number of trial runs, 3: the
                                              * threshold */
                                             "closed: failure rate %1$s of %2$u trial run is below threshold %3$s",
                                             "closed: failure rate %1$s of %2$u trial runs is below threshold %3$s",
                                             done),
                                rate, done, threshold);
        close_circuit (self, text);
      }
    g_free (rate);
    g_free (threshold);
  }
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
  g_clear_pointer (&self->buckets, g_free);

  G_OBJECT_CLASS (healing_circuit_breaker_parent_class)->finalize (object);
}

static void
healing_circuit_breaker_constructed (GObject *object)
{
  HealingCircuitBreaker *self = HEALING_CIRCUIT_BREAKER (object);

  G_OBJECT_CLASS (healing_circuit_breaker_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = g_object_ref (healing_clock_get_default ());

  /* A mode given at construction set up the window without a clock. */
  window_setup (self);
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
    case PROP_FAILURE_RATE_THRESHOLD:
      g_value_set_double (value, self->failure_rate_threshold);
      break;
    case PROP_SLOW_CALL_RATE_THRESHOLD:
      g_value_set_double (value, self->slow_call_rate_threshold);
      break;
    case PROP_SLOW_CALL_DURATION:
      g_value_set_uint (value, self->slow_call_duration_ms);
      break;
    case PROP_WINDOW_SIZE:
      g_value_set_uint (value, self->window_size);
      break;
    case PROP_MINIMUM_CALLS:
      g_value_set_uint (value, self->minimum_calls);
      break;
    case PROP_MAX_HALF_OPEN_WAIT:
      g_value_set_uint (value, self->max_half_open_wait_ms);
      break;
    case PROP_COUNTS_SUCCESSES:
      g_value_set_boolean (value, healing_circuit_breaker_get_counts_successes (self));
      break;
    case PROP_CALLS_IN_WINDOW:
      g_value_set_uint (value, healing_circuit_breaker_get_calls_in_window (self));
      break;
    case PROP_FAILURE_RATE:
      g_value_set_double (value, healing_circuit_breaker_get_failure_rate (self));
      break;
    case PROP_SLOW_CALL_RATE:
      g_value_set_double (value, healing_circuit_breaker_get_slow_call_rate (self));
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
    case PROP_FAILURE_RATE_THRESHOLD:
      healing_circuit_breaker_set_failure_rate_threshold (self, g_value_get_double (value));
      break;
    case PROP_SLOW_CALL_RATE_THRESHOLD:
      healing_circuit_breaker_set_slow_call_rate_threshold (self, g_value_get_double (value));
      break;
    case PROP_SLOW_CALL_DURATION:
      healing_circuit_breaker_set_slow_call_duration (self, g_value_get_uint (value));
      break;
    case PROP_WINDOW_SIZE:
      healing_circuit_breaker_set_window_size (self, g_value_get_uint (value));
      break;
    case PROP_MINIMUM_CALLS:
      healing_circuit_breaker_set_minimum_calls (self, g_value_get_uint (value));
      break;
    case PROP_MAX_HALF_OPEN_WAIT:
      healing_circuit_breaker_set_max_half_open_wait (self, g_value_get_uint (value));
      break;
    case PROP_STATE:
    case PROP_REASON:
    case PROP_FAILURE_COUNT:
    case PROP_OPEN_UNTIL:
    case PROP_COUNTS_SUCCESSES:
    case PROP_CALLS_IN_WINDOW:
    case PROP_FAILURE_RATE:
    case PROP_SLOW_CALL_RATE:
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
   * [enum@Healing.CircuitMode.window] mode; the window the rates are
   * computed over in [enum@Healing.CircuitMode.time_based] mode, where it
   * is cut into one-second buckets (at most
   * [const@CIRCUIT_MAX_TIME_BUCKETS] of them).
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

  /**
   * HealingCircuitBreaker:failure-rate-threshold: (getter get_failure_rate_threshold) (setter set_failure_rate_threshold)
   *
   * In the rate modes, the failure rate, in percent, at or above which the
   * circuit opens: resilience4j's `failureRateThreshold`, Polly's
   * `FailureRatio` × 100.
   */
  props[PROP_FAILURE_RATE_THRESHOLD] =
    g_param_spec_double ("failure-rate-threshold", NULL, NULL,
                         0.1, 100.0, HEALING_CIRCUIT_DEFAULT_FAILURE_RATE_THRESHOLD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:slow-call-rate-threshold: (getter get_slow_call_rate_threshold) (setter set_slow_call_rate_threshold)
   *
   * In the rate modes, the rate of slow calls, in percent, at or above
   * which the circuit opens: resilience4j's `slowCallRateThreshold`.
   */
  props[PROP_SLOW_CALL_RATE_THRESHOLD] =
    g_param_spec_double ("slow-call-rate-threshold", NULL, NULL,
                         0.1, 100.0, HEALING_CIRCUIT_DEFAULT_SLOW_CALL_RATE_THRESHOLD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:slow-call-duration: (getter get_slow_call_duration) (setter set_slow_call_duration)
   *
   * How long a call takes, at least, to be slow, in milliseconds:
   * resilience4j's `slowCallDurationThreshold`. A call reported without a
   * duration is never slow.
   */
  props[PROP_SLOW_CALL_DURATION] =
    g_param_spec_uint ("slow-call-duration", NULL, NULL,
                       1, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_SLOW_CALL_DURATION_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:window-size: (getter get_window_size) (setter set_window_size)
   *
   * In [enum@Healing.CircuitMode.count_based] mode, how many of the last
   * calls the rates are computed over: resilience4j's `slidingWindowSize`.
   * (In [enum@Healing.CircuitMode.time_based] mode the window is
   * [property@CircuitBreaker:window].) Changing it forgets the calls
   * counted so far.
   */
  props[PROP_WINDOW_SIZE] =
    g_param_spec_uint ("window-size", NULL, NULL,
                       1, HEALING_CIRCUIT_MAX_WINDOW_SIZE, HEALING_CIRCUIT_DEFAULT_WINDOW_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:minimum-calls: (getter get_minimum_calls) (setter set_minimum_calls)
   *
   * In the rate modes, how many calls the window must hold before a rate
   * is computed at all: resilience4j's `minimumNumberOfCalls`, Polly's
   * `MinimumThroughput`. Below it, no number of failures opens the
   * circuit. In count-based mode a minimum above the window size counts as
   * the window size.
   */
  props[PROP_MINIMUM_CALLS] =
    g_param_spec_uint ("minimum-calls", NULL, NULL,
                       1, G_MAXUINT, HEALING_CIRCUIT_DEFAULT_MINIMUM_CALLS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:max-half-open-wait: (getter get_max_half_open_wait) (setter set_max_half_open_wait)
   *
   * How long the circuit stays half-open, at most, waiting for its trial
   * runs to be reported, in milliseconds; then it opens again. 0 waits for
   * ever. resilience4j's `maxWaitDurationInHalfOpenState`.
   */
  props[PROP_MAX_HALF_OPEN_WAIT] =
    g_param_spec_uint ("max-half-open-wait", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:counts-successes: (getter get_counts_successes)
   *
   * Whether the breaker counts successful runs one by one: in the rate
   * modes. Callers that would report a success for every frame or handler
   * can skip it when this is false, at no cost.
   */
  props[PROP_COUNTS_SUCCESSES] =
    g_param_spec_boolean ("counts-successes", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:calls-in-window: (getter get_calls_in_window)
   *
   * In the rate modes, how many calls the sliding window holds now.
   */
  props[PROP_CALLS_IN_WINDOW] =
    g_param_spec_uint ("calls-in-window", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:failure-rate: (getter get_failure_rate)
   *
   * In the rate modes, the failure rate of the window in percent, or -1
   * while the window holds fewer than [property@CircuitBreaker:minimum-calls]
   * calls (as resilience4j's `getFailureRate()`).
   */
  props[PROP_FAILURE_RATE] =
    g_param_spec_double ("failure-rate", NULL, NULL,
                         -1.0, 100.0, -1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCircuitBreaker:slow-call-rate: (getter get_slow_call_rate)
   *
   * In the rate modes, the rate of slow calls in the window in percent, or
   * -1 while the window holds fewer than
   * [property@CircuitBreaker:minimum-calls] calls.
   */
  props[PROP_SLOW_CALL_RATE] =
    g_param_spec_double ("slow-call-rate", NULL, NULL,
                         -1.0, 100.0, -1.0,
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

  /**
   * HealingCircuitBreaker::call-not-permitted:
   * @self: the circuit breaker
   *
   * Emitted when [method@CircuitBreaker.try_acquire] refuses a run: the
   * circuit is open, forced open, or half-open with every trial taken.
   */
  signals[SIGNAL_CALL_NOT_PERMITTED] =
    g_signal_new ("call-not-permitted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * HealingCircuitBreaker::success:
   * @self: the circuit breaker
   * @duration_us: how long the run took, in microseconds, or -1 if not
   *   known
   * @slow: whether it took [property@CircuitBreaker:slow-call-duration] or
   *   longer
   *
   * Emitted once for each run reported as a success, after it was counted
   * and before the breaker changes state because of it.
   */
  signals[SIGNAL_SUCCESS] =
    g_signal_new ("success",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_INT64,
                  G_TYPE_BOOLEAN);

  /**
   * HealingCircuitBreaker::error:
   * @self: the circuit breaker
   * @duration_us: how long the run took, in microseconds, or -1 if not
   *   known
   * @slow: whether it took [property@CircuitBreaker:slow-call-duration] or
   *   longer
   *
   * Emitted once for each run reported as a failure, after it was counted
   * and before the breaker changes state because of it.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_INT64,
                  G_TYPE_BOOLEAN);

  /**
   * HealingCircuitBreaker::ignored-error:
   * @self: the circuit breaker
   * @duration_us: how long the run took, in microseconds, or -1 if not
   *   known
   *
   * Emitted once for each run reported as
   * [enum@Healing.CallOutcome.ignored_error]: it was not counted.
   */
  signals[SIGNAL_IGNORED_ERROR] =
    g_signal_new ("ignored-error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_INT64);
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
  self->failure_rate_threshold = HEALING_CIRCUIT_DEFAULT_FAILURE_RATE_THRESHOLD;
  self->slow_call_rate_threshold = HEALING_CIRCUIT_DEFAULT_SLOW_CALL_RATE_THRESHOLD;
  self->slow_call_duration_ms = HEALING_CIRCUIT_DEFAULT_SLOW_CALL_DURATION_MS;
  self->window_size = HEALING_CIRCUIT_DEFAULT_WINDOW_SIZE;
  self->minimum_calls = HEALING_CIRCUIT_DEFAULT_MINIMUM_CALLS;
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
 * Changing the mode forgets the failures and calls counted so far.
 */
void
healing_circuit_breaker_set_mode (HealingCircuitBreaker *self,
                                  HealingCircuitMode     mode)
{
  gboolean counted_successes;

  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (mode >= HEALING_CIRCUIT_MODE_WINDOW &&
                    mode <= HEALING_CIRCUIT_MODE_TIME_BASED);

  if (self->mode == mode)
    return;

  counted_successes = is_rate_mode (self->mode);

  g_object_freeze_notify (G_OBJECT (self));
  self->mode = mode;
  if (self->state == HEALING_CIRCUIT_CLOSED || self->state == HEALING_CIRCUIT_METRICS_ONLY)
    {
      clear_counts (self);
    }
  else
    {
      /* The counts were cleared when the circuit left closed; only the
       * ring must fit the new mode. */
      window_setup (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
  if (counted_successes != is_rate_mode (mode))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_COUNTS_SUCCESSES]);
  notify_rates (self);
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
 * Sets the sliding window of failures. In time-based mode, this forgets
 * the calls counted so far.
 */
void
healing_circuit_breaker_set_window (HealingCircuitBreaker *self,
                                    guint                  window_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (window_ms >= 1);

  if (self->window_ms == window_ms)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->window_ms = window_ms;
  if (self->mode == HEALING_CIRCUIT_MODE_TIME_BASED)
    {
      /* The buckets are cut for the old window. */
      window_setup (self);
      notify_rates (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WINDOW]);
  g_object_thaw_notify (G_OBJECT (self));
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

/**
 * healing_circuit_breaker_get_failure_rate_threshold: (get-property failure-rate-threshold)
 * @self: a circuit breaker
 *
 * Gets the failure rate at which the circuit opens in the rate modes.
 *
 * Returns: the threshold, in percent
 */
double
healing_circuit_breaker_get_failure_rate_threshold (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0.0);

  return self->failure_rate_threshold;
}

/**
 * healing_circuit_breaker_set_failure_rate_threshold: (set-property failure-rate-threshold)
 * @self: a circuit breaker
 * @percent: the threshold, from 0.1 to 100 percent
 *
 * Sets the failure rate at which the circuit opens in the rate modes. It
 * applies from the next call on.
 */
void
healing_circuit_breaker_set_failure_rate_threshold (HealingCircuitBreaker *self,
                                                    double                 percent)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (percent >= 0.1 && percent <= 100.0);

  if (self->failure_rate_threshold == percent)
    return;

  self->failure_rate_threshold = percent;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_RATE_THRESHOLD]);
}

/**
 * healing_circuit_breaker_get_slow_call_rate_threshold: (get-property slow-call-rate-threshold)
 * @self: a circuit breaker
 *
 * Gets the slow-call rate at which the circuit opens in the rate modes.
 *
 * Returns: the threshold, in percent
 */
double
healing_circuit_breaker_get_slow_call_rate_threshold (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0.0);

  return self->slow_call_rate_threshold;
}

/**
 * healing_circuit_breaker_set_slow_call_rate_threshold: (set-property slow-call-rate-threshold)
 * @self: a circuit breaker
 * @percent: the threshold, from 0.1 to 100 percent
 *
 * Sets the slow-call rate at which the circuit opens in the rate modes.
 */
void
healing_circuit_breaker_set_slow_call_rate_threshold (HealingCircuitBreaker *self,
                                                      double                 percent)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (percent >= 0.1 && percent <= 100.0);

  if (self->slow_call_rate_threshold == percent)
    return;

  self->slow_call_rate_threshold = percent;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SLOW_CALL_RATE_THRESHOLD]);
}

/**
 * healing_circuit_breaker_get_slow_call_duration: (get-property slow-call-duration)
 * @self: a circuit breaker
 *
 * Gets how long a call takes, at least, to be slow.
 *
 * Returns: the duration, in milliseconds
 */
guint
healing_circuit_breaker_get_slow_call_duration (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->slow_call_duration_ms;
}

/**
 * healing_circuit_breaker_set_slow_call_duration: (set-property slow-call-duration)
 * @self: a circuit breaker
 * @duration_ms: the duration, in milliseconds, at least 1
 *
 * Sets how long a call takes, at least, to be slow.
 */
void
healing_circuit_breaker_set_slow_call_duration (HealingCircuitBreaker *self,
                                                guint                  duration_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (duration_ms >= 1);

  if (self->slow_call_duration_ms == duration_ms)
    return;

  self->slow_call_duration_ms = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SLOW_CALL_DURATION]);
}

/**
 * healing_circuit_breaker_get_window_size: (get-property window-size)
 * @self: a circuit breaker
 *
 * Gets how many of the last calls the count-based window holds.
 *
 * Returns: the size of the window, in calls
 */
guint
healing_circuit_breaker_get_window_size (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->window_size;
}

/**
 * healing_circuit_breaker_set_window_size: (set-property window-size)
 * @self: a circuit breaker
 * @calls: the size of the window, from 1 to
 *   [const@CIRCUIT_MAX_WINDOW_SIZE] calls
 *
 * Sets how many of the last calls the count-based window holds. In
 * count-based mode, this forgets the calls counted so far.
 */
void
healing_circuit_breaker_set_window_size (HealingCircuitBreaker *self,
                                         guint                  calls)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (calls >= 1 && calls <= HEALING_CIRCUIT_MAX_WINDOW_SIZE);

  if (self->window_size == calls)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->window_size = calls;
  if (self->mode == HEALING_CIRCUIT_MODE_COUNT_BASED)
    {
      window_setup (self);
      notify_rates (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WINDOW_SIZE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * healing_circuit_breaker_get_minimum_calls: (get-property minimum-calls)
 * @self: a circuit breaker
 *
 * Gets how many calls the window must hold before a rate is computed.
 *
 * Returns: the minimum number of calls
 */
guint
healing_circuit_breaker_get_minimum_calls (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->minimum_calls;
}

/**
 * healing_circuit_breaker_set_minimum_calls: (set-property minimum-calls)
 * @self: a circuit breaker
 * @calls: the minimum number of calls, at least 1
 *
 * Sets how many calls the window must hold before a rate is computed.
 */
void
healing_circuit_breaker_set_minimum_calls (HealingCircuitBreaker *self,
                                           guint                  calls)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (calls >= 1);

  if (self->minimum_calls == calls)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->minimum_calls = calls;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MINIMUM_CALLS]);
  if (is_rate_mode (self->mode))
    notify_rates (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * healing_circuit_breaker_get_max_half_open_wait: (get-property max-half-open-wait)
 * @self: a circuit breaker
 *
 * Gets how long the circuit stays half-open at most.
 *
 * Returns: the limit, in milliseconds, or 0 for none
 */
guint
healing_circuit_breaker_get_max_half_open_wait (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  return self->max_half_open_wait_ms;
}

/**
 * healing_circuit_breaker_set_max_half_open_wait: (set-property max-half-open-wait)
 * @self: a circuit breaker
 * @wait_ms: the limit, in milliseconds, or 0 to wait for ever
 *
 * Sets how long the circuit stays half-open at most, waiting for its trial
 * runs to be reported, before it opens again. It applies from the next
 * time the circuit goes half-open.
 */
void
healing_circuit_breaker_set_max_half_open_wait (HealingCircuitBreaker *self,
                                                guint                  wait_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->max_half_open_wait_ms == wait_ms)
    return;

  self->max_half_open_wait_ms = wait_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MAX_HALF_OPEN_WAIT]);
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
 * the window, the consecutive ones, or in the rate modes the failed calls
 * in the sliding window.
 *
 * Returns: the number of failures
 */
guint
healing_circuit_breaker_get_failure_count (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  if (self->mode == HEALING_CIRCUIT_MODE_CONSECUTIVE)
    return self->consecutive;

  if (is_rate_mode (self->mode))
    {
      if (self->clock != NULL)
        window_current (self);
      return self->total_failed;
    }

  return count_in_window (self, healing_clock_get_time (self->clock));
}

/**
 * healing_circuit_breaker_get_counts_successes: (get-property counts-successes)
 * @self: a circuit breaker
 *
 * Gets whether the breaker counts successful runs one by one, as it does
 * in the rate modes. When it does not, reporting each success has no
 * effect beyond [signal@CircuitBreaker::success] (and, in consecutive
 * mode, clearing the count of failures in a row).
 *
 * Returns: whether successes are counted
 */
gboolean
healing_circuit_breaker_get_counts_successes (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), FALSE);

  return is_rate_mode (self->mode);
}

/**
 * healing_circuit_breaker_get_calls_in_window: (get-property calls-in-window)
 * @self: a circuit breaker
 *
 * Gets how many calls the sliding window holds now, in the rate modes.
 *
 * Returns: the number of calls, 0 in the counting modes
 */
guint
healing_circuit_breaker_get_calls_in_window (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  if (!is_rate_mode (self->mode))
    return 0;

  window_current (self);
  return self->total_calls;
}

/**
 * healing_circuit_breaker_get_slow_calls_in_window:
 * @self: a circuit breaker
 *
 * Gets how many of the calls in the sliding window were slow, in the rate
 * modes.
 *
 * Returns: the number of slow calls, 0 in the counting modes
 */
guint
healing_circuit_breaker_get_slow_calls_in_window (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), 0);

  if (!is_rate_mode (self->mode))
    return 0;

  window_current (self);
  return self->total_slow;
}

static double
rate_of (HealingCircuitBreaker *self,
         gboolean               slow)
{
  if (!is_rate_mode (self->mode))
    return -1.0;

  window_current (self);
  if (self->total_calls == 0 || self->total_calls < effective_minimum_calls (self))
    return -1.0;

  return 100.0 * (slow ? self->total_slow : self->total_failed) / self->total_calls;
}

/**
 * healing_circuit_breaker_get_failure_rate: (get-property failure-rate)
 * @self: a circuit breaker
 *
 * Gets the failure rate of the sliding window, in the rate modes.
 *
 * Returns: the rate in percent, or -1 in the counting modes and while the
 *   window holds fewer than [property@CircuitBreaker:minimum-calls] calls
 */
double
healing_circuit_breaker_get_failure_rate (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), -1.0);

  return rate_of (self, FALSE);
}

/**
 * healing_circuit_breaker_get_slow_call_rate: (get-property slow-call-rate)
 * @self: a circuit breaker
 *
 * Gets the rate of slow calls in the sliding window, in the rate modes.
 *
 * Returns: the rate in percent, or -1 in the counting modes and while the
 *   window holds fewer than [property@CircuitBreaker:minimum-calls] calls
 */
double
healing_circuit_breaker_get_slow_call_rate (HealingCircuitBreaker *self)
{
  g_return_val_if_fail (HEALING_IS_CIRCUIT_BREAKER (self), -1.0);

  return rate_of (self, TRUE);
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
 * A closed, metrics-only or disabled circuit always says yes. An open
 * circuit says no until its open timeout has passed, then goes half-open.
 * A half-open circuit says yes to as many runs as
 * [property@CircuitBreaker:half-open-trials], then no until they are
 * reported. A forced-open circuit always says no. Each no emits
 * [signal@CircuitBreaker::call-not-permitted].
 *
 * Every run allowed must be followed by
 * [method@CircuitBreaker.record_call] (or
 * [method@CircuitBreaker.record_success],
 * [method@CircuitBreaker.record_failure]) or
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
    case HEALING_CIRCUIT_METRICS_ONLY:
      return TRUE;

    case HEALING_CIRCUIT_FORCED_OPEN:
      break;

    case HEALING_CIRCUIT_OPEN:
      if (healing_clock_get_time (self->clock) < self->open_until)
        break;
      /* The timer has not run yet (a busy main loop): go half-open now. */
      enter_half_open (self);
      if (self->state != HEALING_CIRCUIT_HALF_OPEN)
        break;     /* a ::transition handler moved it on */
      G_GNUC_FALLTHROUGH;

    case HEALING_CIRCUIT_HALF_OPEN:
      if (self->trials_in_flight + self->trial_successes + self->trial_failures >= self->half_open_trials)
        break;
      self->trials_in_flight++;
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  g_signal_emit (self, signals[SIGNAL_CALL_NOT_PERMITTED], 0);
  return FALSE;
}

/**
 * healing_circuit_breaker_release:
 * @self: a circuit breaker
 *
 * Hands back a run allowed by [method@CircuitBreaker.try_acquire] that did
 * not happen or will not be reported, so a half-open circuit can let
 * another trial through. No signal is emitted: nothing ran.
 */
void
healing_circuit_breaker_release (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_HALF_OPEN && self->trials_in_flight > 0)
    self->trials_in_flight--;
}

/**
 * healing_circuit_breaker_record_call:
 * @self: a circuit breaker
 * @outcome: how the run ended
 * @duration_us: how long it took, in microseconds, or -1 if not known (a
 *   call of unknown duration is never slow)
 *
 * Reports how a run of the component ended.
 *
 * A closed (or metrics-only) circuit counts it as its mode says: in the
 * rate modes every call enters the sliding window, as failed or not and
 * slow or not, and the circuit opens when a rate reaches its threshold
 * (never in metrics-only); in window mode only failures count; in
 * consecutive mode a success clears the count of failures in a row. A
 * half-open circuit counts a trial (see the class documentation). An open
 * or forced-open circuit only emits the signal: the run was let through
 * before it opened. A disabled circuit ignores it.
 *
 * Exactly one of [signal@CircuitBreaker::success],
 * [signal@CircuitBreaker::error] and
 * [signal@CircuitBreaker::ignored-error] is emitted, after the call is
 * counted and before any change of state it causes.
 */
void
healing_circuit_breaker_record_call (HealingCircuitBreaker *self,
                                     HealingCallOutcome     outcome,
                                     gint64                 duration_us)
{
  gboolean slow, failed, counting, rates, trial;
  char *why = NULL;
  gboolean reached = FALSE;

  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (outcome <= HEALING_CALL_IGNORED_ERROR);

  if (self->state == HEALING_CIRCUIT_DISABLED)
    return;

  if (duration_us < 0)
    duration_us = -1;
  slow = duration_us >= 0 && duration_us >= (gint64) self->slow_call_duration_ms * 1000;
  failed = outcome == HEALING_CALL_ERROR;
  counting = self->state == HEALING_CIRCUIT_CLOSED || self->state == HEALING_CIRCUIT_METRICS_ONLY;
  rates = is_rate_mode (self->mode);
  trial = self->state == HEALING_CIRCUIT_HALF_OPEN;

  g_object_ref (self);

  if (outcome == HEALING_CALL_IGNORED_ERROR)
    {
      /* Neither a success nor a failure; a trial hands its permit back. */
      if (self->state == HEALING_CIRCUIT_HALF_OPEN && self->trials_in_flight > 0)
        self->trials_in_flight--;
      g_signal_emit (self, signals[SIGNAL_IGNORED_ERROR], 0, duration_us);
      g_object_unref (self);
      return;
    }

  /* Count it. */
  if (counting)
    {
      if (rates)
        {
          guint old_calls, old_failed, old_slow;

          window_current (self);
          old_calls = self->total_calls;
          old_failed = self->total_failed;
          old_slow = self->total_slow;
          window_add (self, failed, slow);
          notify_rates_if_changed (self, old_calls, old_failed, old_slow);
        }
      else if (failed)
        {
          reached = count_failure (self, &why);
        }
      else if (self->mode == HEALING_CIRCUIT_MODE_CONSECUTIVE && self->consecutive > 0)
        {
          self->consecutive = 0;
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAILURE_COUNT]);
        }
    }
  else if (trial)
    {
      if (self->trials_in_flight > 0)
        self->trials_in_flight--;
      if (failed)
        self->trial_failures++;
      else
        self->trial_successes++;
      if (slow && rates)
        self->trial_slow++;
    }

  g_signal_emit (self, signals[failed ? SIGNAL_ERROR : SIGNAL_SUCCESS], 0, duration_us, slow);

  /* Then act on it, unless a signal handler moved the breaker on. */
  if (self->state == HEALING_CIRCUIT_CLOSED && counting)
    {
      if (rates)
        check_rates (self);
      else if (reached)
        open_circuit (self, why);
    }
  else if (self->state == HEALING_CIRCUIT_HALF_OPEN && trial)
    {
      judge_trials (self);
    }

  g_free (why);
  g_object_unref (self);
}

/**
 * healing_circuit_breaker_record_success:
 * @self: a circuit breaker
 *
 * Reports that a run of the component succeeded, without its duration:
 * [method@CircuitBreaker.record_call] with
 * [enum@Healing.CallOutcome.success] and -1.
 *
 * In consecutive mode this clears the count of failures in a row. In the
 * half-open state it counts a trial run, and closes the circuit when
 * [property@CircuitBreaker:half-open-trials] trials have succeeded.
 */
void
healing_circuit_breaker_record_success (HealingCircuitBreaker *self)
{
  healing_circuit_breaker_record_call (self, HEALING_CALL_SUCCESS, -1);
}

/**
 * healing_circuit_breaker_record_failure:
 * @self: a circuit breaker
 *
 * Reports that a run of the component failed, without its duration:
 * [method@CircuitBreaker.record_call] with
 * [enum@Healing.CallOutcome.error] and -1.
 *
 * A closed circuit counts the failure and opens when the count (or in the
 * rate modes, the failure rate) reaches its threshold; a half-open one
 * reopens, with a longer open timeout. Open, forced-open and disabled
 * circuits do not count it.
 */
void
healing_circuit_breaker_record_failure (HealingCircuitBreaker *self)
{
  healing_circuit_breaker_record_call (self, HEALING_CALL_ERROR, -1);
}

/**
 * healing_circuit_breaker_trip:
 * @self: a circuit breaker
 *
 * Opens the circuit now, as if the threshold had been reached: it goes
 * half-open after the open timeout, as usual.
 *
 * This is what a failure predictor or an operator's "trip" does. A
 * forced-open, disabled or metrics-only breaker is left alone; to open one
 * of those, use [method@CircuitBreaker.transition_to_open].
 */
void
healing_circuit_breaker_trip (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_FORCED_OPEN ||
      self->state == HEALING_CIRCUIT_DISABLED ||
      self->state == HEALING_CIRCUIT_METRICS_ONLY)
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
 * next trial is. A forced-open, disabled or metrics-only breaker is left
 * alone.
 */
void
healing_circuit_breaker_trip_with_reason (HealingCircuitBreaker *self,
                                          const char            *reason)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));
  g_return_if_fail (reason != NULL);

  if (self->state == HEALING_CIRCUIT_FORCED_OPEN ||
      self->state == HEALING_CIRCUIT_DISABLED ||
      self->state == HEALING_CIRCUIT_METRICS_ONLY)
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

/**
 * healing_circuit_breaker_transition_to_closed:
 * @self: a circuit breaker
 *
 * Closes the circuit now, from any state, forgetting the calls and
 * failures counted and the open-timeout backoff: resilience4j's
 * `transitionToClosedState()`. It does what [method@CircuitBreaker.reset]
 * does; only the reason differs.
 */
void
healing_circuit_breaker_transition_to_closed (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  /* Translators: a circuit breaker changed state */
  close_circuit (self, g_strdup (_("closed by an operator")));
}

/**
 * healing_circuit_breaker_transition_to_open:
 * @self: a circuit breaker
 *
 * Opens the circuit now, from any state, with the backed-off open
 * timeout; it goes half-open after it, as usual: resilience4j's
 * `transitionToOpenState()`.
 */
void
healing_circuit_breaker_transition_to_open (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  /* Translators: why a circuit breaker opened */
  open_circuit (self, _("opened by an operator"));
}

/**
 * healing_circuit_breaker_transition_to_open_for:
 * @self: a circuit breaker
 * @duration_ms: how long to stay open, in milliseconds
 *
 * Opens the circuit now, from any state, for exactly @duration_ms
 * (neither the open timeout nor its backoff apply); then it goes
 * half-open, as usual: resilience4j's `transitionToOpenStateFor()`.
 * Later openings back off from this one.
 */
void
healing_circuit_breaker_transition_to_open_for (HealingCircuitBreaker *self,
                                                guint                  duration_ms)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  self->open_count++;
  /* Translators: why a circuit breaker opened */
  open_circuit_for (self, _("opened by an operator"), duration_ms);
}

/**
 * healing_circuit_breaker_transition_to_half_open:
 * @self: a circuit breaker
 *
 * Lets [property@CircuitBreaker:half-open-trials] trial runs through now,
 * from any state: resilience4j's `transitionToHalfOpenState()`. Their
 * outcome closes or reopens the circuit, as after an open timeout.
 */
void
healing_circuit_breaker_transition_to_half_open (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  clear_counts (self);
  enter_half_open_after (self,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       /* Translators: a circuit
                                                        * breaker changed state;
                                                        * %u is a number of runs */
                                                       "half-open by an operator; letting %u trial run through",
                                                       "half-open by an operator; letting %u trial runs through",
                                                       self->half_open_trials),
                                          self->half_open_trials));
}

static void
enter_metrics_only (HealingCircuitBreaker *self,
                    char                  *reason)
{
  cancel_timer (self);
  clear_counts (self);
  self->open_count = 0;
  set_open_until (self, 0);
  set_state (self, HEALING_CIRCUIT_METRICS_ONLY, reason);
}

/**
 * healing_circuit_breaker_transition_to_metrics_only:
 * @self: a circuit breaker
 *
 * Switches the breaker to observing only, until another transition or
 * [method@CircuitBreaker.reset]: every run is allowed and counted, the
 * per-call signals and the rates are as in the closed state, but the
 * circuit never opens by itself. resilience4j's
 * `transitionToMetricsOnlyState()`.
 */
void
healing_circuit_breaker_transition_to_metrics_only (HealingCircuitBreaker *self)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (self->state == HEALING_CIRCUIT_METRICS_ONLY)
    {
      self->metrics_only_by_policy = FALSE;
      return;
    }

  /* Translators: a circuit breaker changed state */
  enter_metrics_only (self, g_strdup (_("metrics only: counting, never opening (set by an operator)")));
}

void
healing_circuit_breaker_set_metrics_only_by_policy (HealingCircuitBreaker *self,
                                                    gboolean               metrics_only)
{
  g_return_if_fail (HEALING_IS_CIRCUIT_BREAKER (self));

  if (metrics_only)
    {
      /* An operator's state (forced open, disabled, metrics-only) wins
       * over the policy. An open or half-open circuit stops enforcing
       * too: observing is what the policy asks for. */
      if (self->state != HEALING_CIRCUIT_CLOSED &&
          self->state != HEALING_CIRCUIT_OPEN &&
          self->state != HEALING_CIRCUIT_HALF_OPEN)
        return;

      /* Translators: a circuit breaker changed state */
      enter_metrics_only (self, g_strdup (_("metrics only: counting, never opening (set by the policy)")));
      self->metrics_only_by_policy = TRUE;
    }
  else if (self->state == HEALING_CIRCUIT_METRICS_ONLY && self->metrics_only_by_policy)
    {
      /* Translators: a circuit breaker changed state */
      close_circuit (self, g_strdup (_("closed: the policy no longer asks for metrics only")));
    }
}
