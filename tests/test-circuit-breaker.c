/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing.h"

#define SEC ((gint64) G_USEC_PER_SEC)

typedef struct
{
  HealingCircuitState old_state;
  HealingCircuitState new_state;
  char *reason;
} Transition;

typedef struct
{
  HealingClock *clock;
  HealingCircuitBreaker *breaker;
  GArray *transitions;
} Fixture;

static void
transition_clear (gpointer data)
{
  Transition *t = data;

  g_free (t->reason);
}

static void
transition_cb (HealingCircuitBreaker *breaker,
               HealingCircuitState    old_state,
               HealingCircuitState    new_state,
               const char            *reason,
               Fixture               *fixture)
{
  Transition t = { old_state, new_state, g_strdup (reason) };

  g_assert_cmpstr (reason, ==, healing_circuit_breaker_get_reason (breaker));
  g_assert_cmpint (new_state, ==, healing_circuit_breaker_get_state (breaker));
  g_array_append_val (fixture->transitions, t);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->clock = healing_clock_new_virtual (1000 * SEC);
  fixture->breaker = healing_circuit_breaker_new ("StockTicker", fixture->clock);
  fixture->transitions = g_array_new (FALSE, TRUE, sizeof (Transition));
  g_array_set_clear_func (fixture->transitions, transition_clear);
  g_signal_connect (fixture->breaker, "transition", G_CALLBACK (transition_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->breaker);
  g_assert_finalize_object (fixture->clock);
  g_array_unref (fixture->transitions);
}

static const Transition *
last_transition (Fixture *fixture)
{
  g_assert_cmpuint (fixture->transitions->len, >, 0);

  return &g_array_index (fixture->transitions, Transition, fixture->transitions->len - 1);
}

static void
fail_n (HealingCircuitBreaker *breaker,
        guint                  n)
{
  while (n-- > 0)
    {
      g_assert_true (healing_circuit_breaker_try_acquire (breaker));
      healing_circuit_breaker_record_failure (breaker);
    }
}

static void
increment (int *counter)
{
  (*counter)++;
}

static void
test_defaults (void)
{
  HealingCircuitBreaker *breaker = healing_circuit_breaker_new (NULL, NULL);
  int notified = 0;
  guint threshold;

  g_assert_true (healing_circuit_breaker_get_clock (breaker) == healing_clock_get_default ());
  g_assert_null (healing_circuit_breaker_get_component_id (breaker));
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpint (healing_circuit_breaker_get_mode (breaker), ==, HEALING_CIRCUIT_MODE_WINDOW);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (breaker), ==, 3);
  g_assert_cmpuint (healing_circuit_breaker_get_window (breaker), ==, 10000);
  g_assert_cmpuint (healing_circuit_breaker_get_open_timeout (breaker), ==, 5000);
  g_assert_cmpfloat (healing_circuit_breaker_get_backoff_multiplier (breaker), ==, 2.0);
  g_assert_cmpuint (healing_circuit_breaker_get_max_open_timeout (breaker), ==, 60000);
  g_assert_cmpuint (healing_circuit_breaker_get_half_open_trials (breaker), ==, 1);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);
  g_assert_nonnull (healing_circuit_breaker_get_reason (breaker));

  g_signal_connect_swapped (breaker, "notify::threshold", G_CALLBACK (increment), &notified);
  healing_circuit_breaker_set_threshold (breaker, 5);
  g_assert_cmpint (notified, ==, 1);
  healing_circuit_breaker_set_threshold (breaker, 5);
  g_assert_cmpint (notified, ==, 1);
  g_object_set (breaker, "threshold", 7, NULL);
  g_object_get (breaker, "threshold", &threshold, NULL);
  g_assert_cmpuint (threshold, ==, 7);
  g_assert_cmpint (notified, ==, 2);

  g_assert_finalize_object (breaker);
}

static void
test_threshold_reached (Fixture       *fixture,
                        gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  fail_n (breaker, 2);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 2);
  g_assert_cmpuint (fixture->transitions->len, ==, 0);

  healing_clock_advance (fixture->clock, 3 * SEC);
  fail_n (breaker, 1);

  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (fixture->transitions->len, ==, 1);
  g_assert_cmpint (last_transition (fixture)->old_state, ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpint (last_transition (fixture)->new_state, ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (fixture)->reason, ==,
                   "opened: 3 failures in 10 s reached threshold 3; next trial in 5 s");
  g_assert_cmpint (healing_circuit_breaker_get_open_until (breaker), ==,
                   healing_clock_get_time (fixture->clock) + 5 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, 5 * SEC);
  g_assert_cmpuint (healing_circuit_breaker_get_open_count (breaker), ==, 1);
}

static void
test_refused_while_open (Fixture       *fixture,
                         gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  fail_n (breaker, 3);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);

  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  healing_clock_advance (fixture->clock, 4 * SEC);
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, 1 * SEC);

  /* Failures and successes reported while open change nothing. */
  healing_circuit_breaker_record_failure (breaker);
  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (fixture->transitions->len, ==, 1);
}

static void
test_half_open_success (Fixture       *fixture,
                        gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  fail_n (breaker, 3);
  healing_clock_advance (fixture->clock, 5 * SEC - 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);

  /* The timer moves it to half-open by itself. */
  healing_clock_advance (fixture->clock, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_cmpstr (last_transition (fixture)->reason, ==,
                   "half-open: open for 5 s; letting 1 trial run through");
  g_assert_cmpint (healing_circuit_breaker_get_open_until (breaker), ==, 0);

  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  /* One trial only: the next caller is refused until it is reported. */
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));

  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpstr (last_transition (fixture)->reason, ==, "closed: 1 trial run succeeded");
  g_assert_cmpuint (healing_circuit_breaker_get_open_count (breaker), ==, 0);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  g_assert_cmpuint (fixture->transitions->len, ==, 3);
}

static void
test_half_open_failure (Fixture       *fixture,
                        gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  fail_n (breaker, 3);
  healing_clock_advance (fixture->clock, 5 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);

  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_failure (breaker);

  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpint (last_transition (fixture)->old_state, ==, HEALING_CIRCUIT_HALF_OPEN);
  /* The second opening in a row waits twice as long. */
  g_assert_cmpstr (last_transition (fixture)->reason, ==,
                   "reopened: a trial run failed; next trial in 10 s");
  g_assert_cmpuint (healing_circuit_breaker_get_open_count (breaker), ==, 2);

  healing_clock_advance (fixture->clock, 5 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  healing_clock_advance (fixture->clock, 5 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_cmpstr (last_transition (fixture)->reason, ==,
                   "half-open: open for 10 s; letting 1 trial run through");
}

static void
test_window_expiry (Fixture       *fixture,
                    gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  fail_n (breaker, 2);
  healing_clock_advance (fixture->clock, 10 * SEC);
  /* The first two have left the 10 s window (exactly 10 s old). */
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);
  fail_n (breaker, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 1);

  healing_clock_advance (fixture->clock, 9 * SEC);
  fail_n (breaker, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  fail_n (breaker, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (fixture->transitions->len, ==, 1);

  /* Successes do not clear the window. */
  healing_circuit_breaker_reset (breaker);
  fail_n (breaker, 2);
  healing_circuit_breaker_record_success (breaker);
  fail_n (breaker, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
}

static void
test_consecutive (Fixture       *fixture,
                  gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  healing_circuit_breaker_set_mode (breaker, HEALING_CIRCUIT_MODE_CONSECUTIVE);

  fail_n (breaker, 2);
  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);

  /* However far apart, in a row is in a row. */
  fail_n (breaker, 1);
  healing_clock_advance (fixture->clock, 3600 * SEC);
  fail_n (breaker, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 2);
  healing_clock_advance (fixture->clock, 3600 * SEC);
  fail_n (breaker, 1);

  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (fixture)->reason, ==,
                   "opened: 3 consecutive failures reached threshold 3; next trial in 5 s");
}

static void
test_forced_states (Fixture       *fixture,
                    gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  healing_circuit_breaker_force_open (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_FORCED_OPEN);
  g_assert_cmpstr (last_transition (fixture)->reason, ==, "forced open by an operator");
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  healing_clock_advance (fixture->clock, 3600 * SEC);
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_FORCED_OPEN);
  /* The predictor's trip does not override an operator. */
  healing_circuit_breaker_trip (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_FORCED_OPEN);

  healing_circuit_breaker_reset (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpstr (last_transition (fixture)->reason, ==, "closed: reset by an operator");
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));

  healing_circuit_breaker_disable (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_DISABLED);
  fail_n (breaker, 10);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_DISABLED);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);

  healing_circuit_breaker_reset (breaker);
  healing_circuit_breaker_trip (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (fixture)->reason, ==, "opened on request; next trial in 5 s");
  g_assert_cmpuint (fixture->transitions->len, ==, 5);
}

static void
test_reopen_backoff (Fixture       *fixture,
                     gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;
  const gint64 expected[] = { 1, 2, 3, 3 };
  guint i;

  healing_circuit_breaker_set_open_timeout (breaker, 1000);
  healing_circuit_breaker_set_max_open_timeout (breaker, 3000);

  fail_n (breaker, 3);
  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
      g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, expected[i] * SEC);
      healing_clock_advance (fixture->clock, expected[i] * SEC);
      g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
      g_assert_true (healing_circuit_breaker_try_acquire (breaker));
      healing_circuit_breaker_record_failure (breaker);
    }

  /* A close resets the backoff. */
  healing_clock_advance (fixture->clock, 3 * SEC);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  fail_n (breaker, 3);
  g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, 1 * SEC);

  /* A multiplier of 1 keeps the timeout constant. */
  healing_circuit_breaker_reset (breaker);
  healing_circuit_breaker_set_backoff_multiplier (breaker, 1.0);
  fail_n (breaker, 3);
  healing_clock_advance (fixture->clock, 1 * SEC);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_failure (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, 1 * SEC);
}

static void
test_half_open_trials (Fixture       *fixture,
                       gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;

  healing_circuit_breaker_set_half_open_trials (breaker, 2);
  fail_n (breaker, 3);
  healing_clock_advance (fixture->clock, 5 * SEC);
  g_assert_cmpstr (last_transition (fixture)->reason, ==,
                   "half-open: open for 5 s; letting 2 trial runs through");

  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));

  /* A trial handed back lets another one through. */
  healing_circuit_breaker_release (breaker);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));

  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpstr (last_transition (fixture)->reason, ==, "closed: 2 trial runs succeeded");
}

static void
test_state_notify (Fixture       *fixture,
                   gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->breaker;
  int state_notified = 0;

  g_signal_connect_swapped (breaker, "notify::state", G_CALLBACK (increment), &state_notified);
  fail_n (breaker, 3);
  g_assert_cmpint (state_notified, ==, 1);
  healing_clock_advance (fixture->clock, 5 * SEC);
  g_assert_cmpint (state_notified, ==, 2);
  /* A reset of a closed breaker is a transition, but not a change. */
  healing_circuit_breaker_reset (breaker);
  healing_circuit_breaker_reset (breaker);
  g_assert_cmpint (state_notified, ==, 3);
}

static void
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_clock_virtual (void)
{
  HealingClock *clock = healing_clock_new_virtual (0);
  gboolean a = FALSE, b = FALSE, c = FALSE;
  guint id;

  g_assert_true (healing_clock_get_is_virtual (clock));
  healing_clock_schedule (clock, 200, quit_cb, &b, NULL);
  healing_clock_schedule (clock, 100, quit_cb, &a, NULL);
  id = healing_clock_schedule (clock, 150, quit_cb, &c, NULL);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 3);
  healing_clock_cancel (clock, id);

  healing_clock_advance (clock, 100 * 1000 - 1);
  g_assert_false (a);
  healing_clock_advance (clock, 1);
  g_assert_true (a);
  g_assert_false (b);
  healing_clock_advance (clock, 1000 * 1000);
  g_assert_true (b);
  g_assert_false (c);
  g_assert_cmpint (healing_clock_get_time (clock), ==, 1100 * 1000);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 0);

  g_assert_finalize_object (clock);
}

static void
test_clock_real (void)
{
  HealingClock *clock = healing_clock_get_default ();
  GMainContext *context = g_main_context_new ();
  gboolean fired = FALSE;
  gint64 start, deadline;

  g_assert_false (healing_clock_get_is_virtual (clock));

  /* It schedules on the thread-default context. */
  g_main_context_push_thread_default (context);
  start = healing_clock_get_time (clock);
  healing_clock_schedule (clock, 10, quit_cb, &fired, NULL);
  deadline = g_get_monotonic_time () + 5 * SEC;
  while (!fired && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_true (fired);
  g_assert_cmpint (healing_clock_get_time (clock) - start, >=, 10 * 1000);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 0);
  g_main_context_unref (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Healing/CircuitBreaker/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/Healing/CircuitBreaker/defaults", test_defaults);
  ADD ("threshold-reached", test_threshold_reached);
  ADD ("refused-while-open", test_refused_while_open);
  ADD ("half-open-success", test_half_open_success);
  ADD ("half-open-failure", test_half_open_failure);
  ADD ("window-expiry", test_window_expiry);
  ADD ("consecutive", test_consecutive);
  ADD ("forced-states", test_forced_states);
  ADD ("reopen-backoff", test_reopen_backoff);
  ADD ("half-open-trials", test_half_open_trials);
  ADD ("state-notify", test_state_notify);
  g_test_add_func ("/Healing/Clock/virtual", test_clock_virtual);
  g_test_add_func ("/Healing/Clock/real", test_clock_real);

#undef ADD

  return g_test_run ();
}
