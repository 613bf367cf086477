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

/* ------------------------------------------------------------------------
 * Rate windows, slow calls, metrics-only, per-call signals, manual control
 * ------------------------------------------------------------------------ */

#define MS ((gint64) 1000)

typedef struct
{
  Fixture base;
  GString *events;
} EventFixture;

static void
success_cb (HealingCircuitBreaker *breaker,
            gint64                 duration_us,
            gboolean               slow,
            GString               *events)
{
  g_string_append_c (events, slow ? 's' : 'S');
}

static void
error_cb (HealingCircuitBreaker *breaker,
          gint64                 duration_us,
          gboolean               slow,
          GString               *events)
{
  g_string_append_c (events, slow ? 'e' : 'E');
}

static void
ignored_cb (HealingCircuitBreaker *breaker,
            gint64                 duration_us,
            GString               *events)
{
  g_string_append_c (events, 'I');
}

static void
not_permitted_cb (HealingCircuitBreaker *breaker,
                  GString               *events)
{
  g_string_append_c (events, 'N');
}

static void
event_transition_cb (HealingCircuitBreaker *breaker,
                     HealingCircuitState    old_state,
                     HealingCircuitState    new_state,
                     const char            *reason,
                     GString               *events)
{
  g_string_append_c (events, '>');
}

static void
event_setup (EventFixture  *fixture,
             gconstpointer  data)
{
  HealingCircuitBreaker *breaker;

  fixture_setup (&fixture->base, data);
  breaker = fixture->base.breaker;
  fixture->events = g_string_new (NULL);
  g_signal_connect (breaker, "success", G_CALLBACK (success_cb), fixture->events);
  g_signal_connect (breaker, "error", G_CALLBACK (error_cb), fixture->events);
  g_signal_connect (breaker, "ignored-error", G_CALLBACK (ignored_cb), fixture->events);
  g_signal_connect (breaker, "call-not-permitted", G_CALLBACK (not_permitted_cb), fixture->events);
  g_signal_connect (breaker, "transition", G_CALLBACK (event_transition_cb), fixture->events);
}

static void
event_teardown (EventFixture  *fixture,
                gconstpointer  data)
{
  g_string_free (fixture->events, TRUE);
  fixture_teardown (&fixture->base, data);
}

/* Takes the events logged so far. */
static char *
take_events (EventFixture *fixture)
{
  char *events = g_strdup (fixture->events->str);

  g_string_truncate (fixture->events, 0);
  return events;
}

#define assert_events(fixture, expected) \
  G_STMT_START { \
    char *events_ = take_events (fixture); \
    g_assert_cmpstr (events_, ==, expected); \
    g_free (events_); \
  } G_STMT_END

/* Runs a script of calls, each acquired first: S success, s slow success
 * (1 s), E error, e slow error, I ignored error. */
static void
run_script (HealingCircuitBreaker *breaker,
            const char            *script)
{
  const char *p;

  for (p = script; *p != '\0'; p++)
    {
      g_assert_true (healing_circuit_breaker_try_acquire (breaker));
      switch (*p)
        {
        case 'S':
          healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 10 * MS);
          break;
        case 's':
          healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 1000 * MS);
          break;
        case 'E':
          healing_circuit_breaker_record_call (breaker, HEALING_CALL_ERROR, 10 * MS);
          break;
        case 'e':
          healing_circuit_breaker_record_call (breaker, HEALING_CALL_ERROR, 1000 * MS);
          break;
        case 'I':
          healing_circuit_breaker_record_call (breaker, HEALING_CALL_IGNORED_ERROR, 10 * MS);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
set_count_based (HealingCircuitBreaker *breaker,
                 guint                  size,
                 guint                  minimum,
                 double                 threshold)
{
  g_object_set (breaker,
                "mode", HEALING_CIRCUIT_MODE_COUNT_BASED,
                "window-size", size,
                "minimum-calls", minimum,
                "failure-rate-threshold", threshold,
                NULL);
}

static void
test_rate_defaults (void)
{
  HealingCircuitBreaker *breaker = healing_circuit_breaker_new (NULL, NULL);

  /* Nothing changes for those who do not ask. */
  g_assert_cmpint (healing_circuit_breaker_get_mode (breaker), ==, HEALING_CIRCUIT_MODE_WINDOW);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (breaker), ==, 3);
  g_assert_false (healing_circuit_breaker_get_counts_successes (breaker));
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 0);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, -1.0);
  g_assert_cmpfloat (healing_circuit_breaker_get_slow_call_rate (breaker), ==, -1.0);
  /* resilience4j's defaults, except the slow-call duration. */
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate_threshold (breaker), ==, 50.0);
  g_assert_cmpfloat (healing_circuit_breaker_get_slow_call_rate_threshold (breaker), ==, 100.0);
  g_assert_cmpuint (healing_circuit_breaker_get_slow_call_duration (breaker), ==, 500);
  g_assert_cmpuint (healing_circuit_breaker_get_window_size (breaker), ==, 100);
  g_assert_cmpuint (healing_circuit_breaker_get_minimum_calls (breaker), ==, 100);
  g_assert_cmpuint (healing_circuit_breaker_get_max_half_open_wait (breaker), ==, 0);

  healing_circuit_breaker_set_mode (breaker, HEALING_CIRCUIT_MODE_TIME_BASED);
  g_assert_true (healing_circuit_breaker_get_counts_successes (breaker));

  g_assert_finalize_object (breaker);
}

static void
test_rate_threshold (EventFixture  *fixture,
                     gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;

  set_count_based (breaker, 10, 10, 50.0);

  /* 4 failures in 10 calls: 40 %, below 50 %. */
  run_script (breaker, "SEESESSESS");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 10);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 4);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 40.0);
  /* With counts alone, 3 failures would have opened it long ago. */
  g_assert_cmpuint (fixture->base.transitions->len, ==, 0);

  /* One more failure pushes the oldest call (a success) out: 5 of 10,
   * and 50 % is the threshold, reached. */
  run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "opened: failure rate 50 % of the last 10 calls reached threshold 50 %; next trial in 5 s");
  /* The opening forgets the window. */
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 0);
  assert_events (fixture, "SEESESSESSE>");
}

static void
test_rate_minimum_calls (EventFixture  *fixture,
                         gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;
  guint i;

  /* resilience4j's defaults: 99 failures do not open it. */
  healing_circuit_breaker_set_mode (breaker, HEALING_CIRCUIT_MODE_COUNT_BASED);
  for (i = 0; i < 99; i++)
    run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 99);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 99);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, -1.0);

  run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "opened: failure rate 100 % of the last 100 calls reached threshold 50 %; next trial in 5 s");

  /* A minimum above the window size counts as the window size. */
  healing_circuit_breaker_reset (breaker);
  set_count_based (breaker, 5, 100, 50.0);
  run_script (breaker, "SSSE");
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, -1.0);
  run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 40.0);
}

static void
test_rate_count_eviction (EventFixture  *fixture,
                          gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;
  guint i;

  set_count_based (breaker, 4, 4, 80.0);

  run_script (breaker, "EEES");
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 75.0);
  /* Each new call evicts the oldest. */
  run_script (breaker, "S");
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 4);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 50.0);
  run_script (breaker, "SS");
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 0.0);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);
  run_script (breaker, "EEE");
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 75.0);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);

  /* Memory is the ring, whatever the number of calls. */
  healing_circuit_breaker_reset (breaker);
  set_count_based (breaker, 50, 50, 100.0);
  for (i = 0; i < 100000; i++)
    run_script (breaker, i % 4 == 0 ? "E" : "S");
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 50);
  /* The last 50 calls, i = 99950..99999, hold 12 multiples of 4. */
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 12);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 24.0);
  g_string_truncate (fixture->events, 0);
}

static void
test_rate_time_eviction (EventFixture  *fixture,
                         gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;
  HealingClock *clock = fixture->base.clock;

  g_object_set (breaker,
                "mode", HEALING_CIRCUIT_MODE_TIME_BASED,
                "window", 10000,
                "minimum-calls", 4,
                NULL);

  run_script (breaker, "E");
  healing_clock_advance (clock, 5 * SEC);
  run_script (breaker, "SS");
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 3);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, -1.0);

  /* The first call is 10 s old a microsecond before its bucket leaves. */
  healing_clock_advance (clock, 5 * SEC - 1);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 3);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 1);
  healing_clock_advance (clock, 1);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 2);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);

  run_script (breaker, "EE");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "opened: failure rate 50 % in 10 s (4 calls) reached threshold 50 %; next trial in 5 s");

  /* A long silence empties the window in one step. */
  healing_circuit_breaker_reset (breaker);
  run_script (breaker, "SSE");
  healing_clock_advance (clock, 3600 * SEC);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 0);
  run_script (breaker, "SSSE");
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 25.0);

  /* A window longer than the bucket limit is cut into equal slices: 600
   * of 6 s for an hour, so a call leaves between 3594 and 3600 s later. */
  healing_circuit_breaker_reset (breaker);
  healing_circuit_breaker_set_window (breaker, 3600 * 1000);
  run_script (breaker, "SE");
  healing_clock_advance (clock, 3594 * SEC - 1);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 2);
  healing_clock_advance (clock, 6 * SEC + 1);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 0);
  g_string_truncate (fixture->events, 0);
}

static void
test_slow_calls (EventFixture  *fixture,
                 gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;

  set_count_based (breaker, 4, 4, 100.0);
  g_object_set (breaker,
                "slow-call-duration", 100,
                "slow-call-rate-threshold", 50.0,
                NULL);

  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 99 * MS);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, -1);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  /* Exactly the threshold is slow. */
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 100 * MS);
  assert_events (fixture, "SSs");
  g_assert_cmpuint (healing_circuit_breaker_get_slow_calls_in_window (breaker), ==, 1);
  g_assert_cmpfloat (healing_circuit_breaker_get_slow_call_rate (breaker), ==, -1.0);

  run_script (breaker, "S");
  g_assert_cmpfloat (healing_circuit_breaker_get_slow_call_rate (breaker), ==, 25.0);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 0.0);

  /* A slow failure is slow too. */
  run_script (breaker, "e");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "opened: slow-call rate 50 % of the last 4 calls reached threshold 50 %; next trial in 5 s");
  assert_events (fixture, "Se>");
}

static void
test_rate_half_open (EventFixture  *fixture,
                     gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;

  set_count_based (breaker, 2, 2, 50.0);
  healing_circuit_breaker_set_half_open_trials (breaker, 4);
  run_script (breaker, "EE");
  healing_clock_advance (fixture->base.clock, 5 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);

  /* The trials' own rate decides, once all of them are in. */
  run_script (breaker, "SES");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_false (healing_circuit_breaker_try_acquire (breaker) &&
                  healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 0);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "closed: failure rate 25 % of 4 trial runs is below threshold 50 %");

  healing_circuit_breaker_transition_to_open (breaker);
  healing_clock_advance (fixture->base.clock, 5 * SEC);
  /* An ignored error hands its trial back. */
  run_script (breaker, "EISES");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "reopened: failure rate 50 % of 4 trial runs reached threshold 50 %; next trial in 10 s");
  assert_events (fixture, "EE>>SESNS>>>EISES>");
}

static void
test_metrics_only (EventFixture  *fixture,
                   gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;
  guint i;

  set_count_based (breaker, 10, 2, 50.0);
  healing_circuit_breaker_transition_to_metrics_only (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_METRICS_ONLY);
  assert_events (fixture, ">");

  for (i = 0; i < 20; i++)
    run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_METRICS_ONLY);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 100.0);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 10);
  assert_events (fixture, "EEEEEEEEEEEEEEEEEEEE");

  /* Nor do the counting modes, nor a predictor's trip, move it. */
  healing_circuit_breaker_set_mode (breaker, HEALING_CIRCUIT_MODE_CONSECUTIVE);
  run_script (breaker, "EEEEEEEE");
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 8);
  healing_circuit_breaker_trip (breaker);
  healing_clock_advance (fixture->base.clock, 3600 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_METRICS_ONLY);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_release (breaker);
  g_assert_cmpuint (fixture->base.transitions->len, ==, 1);

  healing_circuit_breaker_transition_to_closed (breaker);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 0);
  run_script (breaker, "EEE");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  assert_events (fixture, "EEEEEEEE>EEE>");
}

static void
test_manual_transitions (EventFixture  *fixture,
                         gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;
  HealingClock *clock = fixture->base.clock;
  static const struct {
    void (*transition) (HealingCircuitBreaker *self);
    HealingCircuitState state;
    gboolean permits;
    const char *reason;
  } steps[] = {
    { healing_circuit_breaker_transition_to_open, HEALING_CIRCUIT_OPEN, FALSE,
      "opened by an operator; next trial in 5 s" },
    { healing_circuit_breaker_transition_to_half_open, HEALING_CIRCUIT_HALF_OPEN, TRUE,
      "half-open by an operator; letting 1 trial run through" },
    { healing_circuit_breaker_transition_to_metrics_only, HEALING_CIRCUIT_METRICS_ONLY, TRUE,
      "metrics only: counting, never opening (set by an operator)" },
    { healing_circuit_breaker_force_open, HEALING_CIRCUIT_FORCED_OPEN, FALSE,
      "forced open by an operator" },
    { healing_circuit_breaker_transition_to_half_open, HEALING_CIRCUIT_HALF_OPEN, TRUE,
      "half-open by an operator; letting 1 trial run through" },
    { healing_circuit_breaker_disable, HEALING_CIRCUIT_DISABLED, TRUE,
      "disabled by an operator" },
    { healing_circuit_breaker_transition_to_open, HEALING_CIRCUIT_OPEN, FALSE,
      "opened by an operator; next trial in 5 s" },
    { healing_circuit_breaker_transition_to_closed, HEALING_CIRCUIT_CLOSED, TRUE,
      "closed by an operator" },
  };
  guint i;

  /* Every state is reachable by hand, from any other. */
  for (i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      steps[i].transition (breaker);
      g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, steps[i].state);
      g_assert_cmpstr (healing_circuit_breaker_get_reason (breaker), ==, steps[i].reason);
      g_assert_cmpint (healing_circuit_breaker_try_acquire (breaker), ==, steps[i].permits);
      if (steps[i].permits)
        healing_circuit_breaker_release (breaker);
    }
  g_assert_cmpuint (fixture->base.transitions->len, ==, G_N_ELEMENTS (steps));
  assert_events (fixture, ">N>>>N>>>N>");

  /* Open for a given time: no backoff, then half-open as usual. */
  healing_circuit_breaker_transition_to_open_for (breaker, 1500);
  g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, 1500 * MS);
  g_assert_cmpstr (healing_circuit_breaker_get_reason (breaker), ==,
                   "opened by an operator; next trial in 1.5 s");
  healing_clock_advance (clock, 1500 * MS - 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  healing_clock_advance (clock, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_cmpstr (healing_circuit_breaker_get_reason (breaker), ==,
                   "half-open: open for 1.5 s; letting 1 trial run through");
  /* Later openings back off from it. */
  run_script (breaker, "E");
  g_assert_cmpint (healing_circuit_breaker_get_remaining (breaker), ==, 10 * SEC);

  /* Open for longer than the open timeout, from an operator's state. */
  healing_circuit_breaker_force_open (breaker);
  healing_circuit_breaker_transition_to_open_for (breaker, 3600 * 1000);
  healing_clock_advance (clock, 3599 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  healing_clock_advance (clock, 1 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_string_truncate (fixture->events, 0);
}

static void
test_events_once (EventFixture  *fixture,
                  gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;

  /* Window mode (the default): successes are reported, not counted. */
  run_script (breaker, "SEISE");
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 2);
  run_script (breaker, "E");
  assert_events (fixture, "SEISEE>");

  /* Each refusal is one event; a call let through before the circuit
   * opened and reported after is reported, not counted. */
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_ERROR, -1);
  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  assert_events (fixture, "NNES");

  /* Half-open: the trial's event comes before the transition it causes. */
  healing_clock_advance (fixture->base.clock, 5 * SEC);
  run_script (breaker, "S");
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_circuit_breaker_release (breaker);
  assert_events (fixture, ">S>");

  /* A disabled breaker emits nothing per call. */
  healing_circuit_breaker_disable (breaker);
  run_script (breaker, "SEI");
  assert_events (fixture, ">");

  /* A handler that resets the breaker from ::error wins over the count. */
  healing_circuit_breaker_reset (breaker);
  g_signal_connect (breaker, "error", G_CALLBACK (healing_circuit_breaker_reset), NULL);
  run_script (breaker, "EEEE");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  assert_events (fixture, ">E>E>E>E>");
}

static void
test_half_open_max_wait (EventFixture  *fixture,
                         gconstpointer  data)
{
  HealingCircuitBreaker *breaker = fixture->base.breaker;
  HealingClock *clock = fixture->base.clock;

  /* By default, as in resilience4j, half-open waits for ever. */
  fail_n (breaker, 3);
  healing_clock_advance (clock, 5 * SEC);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_clock_advance (clock, 3600 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_false (healing_circuit_breaker_try_acquire (breaker));

  /* With a limit, a permit never handed back reopens the circuit. */
  healing_circuit_breaker_reset (breaker);
  healing_circuit_breaker_set_max_half_open_wait (breaker, 2000);
  fail_n (breaker, 3);
  healing_clock_advance (clock, 5 * SEC);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_clock_advance (clock, 2 * SEC - 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  healing_clock_advance (clock, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpstr (last_transition (&fixture->base)->reason, ==,
                   "reopened: the trial runs gave no verdict within 2 s; next trial in 10 s");

  /* A verdict in time cancels the limit. */
  healing_clock_advance (clock, 10 * SEC);
  g_assert_true (healing_circuit_breaker_try_acquire (breaker));
  healing_clock_advance (clock, 1 * SEC);
  healing_circuit_breaker_record_success (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  healing_clock_advance (clock, 10 * SEC);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 0);
  g_string_truncate (fixture->events, 0);
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

#define ADD_EVENTS(path, func) \
  g_test_add ("/Healing/CircuitBreaker/" path, EventFixture, NULL, event_setup, func, event_teardown)

  g_test_add_func ("/Healing/CircuitBreaker/rate/defaults", test_rate_defaults);
  ADD_EVENTS ("rate/threshold", test_rate_threshold);
  ADD_EVENTS ("rate/minimum-calls", test_rate_minimum_calls);
  ADD_EVENTS ("rate/count-eviction", test_rate_count_eviction);
  ADD_EVENTS ("rate/time-eviction", test_rate_time_eviction);
  ADD_EVENTS ("rate/slow-calls", test_slow_calls);
  ADD_EVENTS ("rate/half-open", test_rate_half_open);
  ADD_EVENTS ("metrics-only", test_metrics_only);
  ADD_EVENTS ("manual-transitions", test_manual_transitions);
  ADD_EVENTS ("events-once", test_events_once);
  ADD_EVENTS ("half-open-max-wait", test_half_open_max_wait);

#undef ADD_EVENTS

  g_test_add_func ("/Healing/Clock/virtual", test_clock_virtual);
  g_test_add_func ("/Healing/Clock/real", test_clock_real);

#undef ADD

  return g_test_run ();
}
