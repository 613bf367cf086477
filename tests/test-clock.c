/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* HealingClock: the time source of breakers, retries and the predictor.
 * Every timer libhealing runs goes through it, so its order, its
 * cancellation and its ownership of user data are what these tests pin
 * down, on a virtual clock and on the real one. */

#include "config.h"

#include <healing.h>


typedef struct {
  GString *trace;
  HealingClock *clock;
  guint cancel_id;
  guint destroyed;
} Calls;

typedef struct {
  Calls *calls;
  char name;
} Call;

static void
call_destroy (gpointer data)
{
  Call *call = data;

  call->calls->destroyed++;
  g_free (call);
}

static Call *
call_new (Calls *calls,
          char   name)
{
  Call *call = g_new0 (Call, 1);

  call->calls = calls;
  call->name = name;

  return call;
}

/* Appends "<name>@<ms>" so a test sees the order and the time each call
 * saw. */
static void
record_cb (gpointer data)
{
  Call *call = data;

  g_string_append_printf (call->calls->trace, "%c@%" G_GINT64_FORMAT " ",
                          call->name,
                          healing_clock_get_time (call->calls->clock) / 1000);
}

static guint
schedule (Calls *calls,
          guint  delay_ms,
          char   name)
{
  return healing_clock_schedule (calls->clock, delay_ms, record_cb,
                                 call_new (calls, name), call_destroy);
}

static void
calls_init (Calls        *calls,
            HealingClock *clock)
{
  calls->trace = g_string_new (NULL);
  calls->clock = clock;
  calls->cancel_id = 0;
  calls->destroyed = 0;
}

static void
calls_clear (Calls *calls)
{
  g_string_free (calls->trace, TRUE);
}

/* Calls run in the order of their due times, scheduling order breaking
 * ties, each seeing its own due time; the clock then shows the end of the
 * span. */
static void
test_virtual_order (void)
{
  HealingClock *clock = healing_clock_new_virtual (5000000);
  Calls calls;

  calls_init (&calls, clock);
  g_assert_true (healing_clock_get_is_virtual (clock));
  g_assert_cmpint (healing_clock_get_time (clock), ==, 5000000);

  schedule (&calls, 300, 'c');
  schedule (&calls, 100, 'a');
  schedule (&calls, 200, 'b');
  schedule (&calls, 100, 'A');
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 4);

  healing_clock_advance (clock, 250 * 1000);
  g_assert_cmpstr (calls.trace->str, ==, "a@5100 A@5100 b@5200 ");
  g_assert_cmpint (healing_clock_get_time (clock), ==, 5250000);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 1);
  g_assert_cmpuint (calls.destroyed, ==, 3);

  /* Nothing is due at 5300 - 1 µs; exactly at 5300 it is. */
  healing_clock_advance (clock, 50 * 1000 - 1);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 1);
  healing_clock_advance (clock, 1);
  g_assert_cmpstr (calls.trace->str, ==, "a@5100 A@5100 b@5200 c@5300 ");
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 0);
  g_assert_cmpuint (calls.destroyed, ==, 4);

  calls_clear (&calls);
  g_assert_finalize_object (clock);
}

static void
reschedule_cb (gpointer data)
{
  Call *call = data;

  record_cb (data);
  if (call->name == 'r')
    healing_clock_schedule (call->calls->clock, 10, record_cb,
                            call_new (call->calls, 's'), call_destroy);
}

/* A call that schedules another one inside the span runs that one in the
 * same advance, at its own due time. */
static void
test_virtual_schedule_inside_span (void)
{
  HealingClock *clock = healing_clock_new_virtual (0);
  Calls calls;

  calls_init (&calls, clock);
  healing_clock_schedule (clock, 20, reschedule_cb, call_new (&calls, 'r'), call_destroy);
  schedule (&calls, 25, 'x');

  healing_clock_advance (clock, 100 * 1000);
  g_assert_cmpstr (calls.trace->str, ==, "r@20 x@25 s@30 ");
  g_assert_cmpuint (calls.destroyed, ==, 3);

  calls_clear (&calls);
  g_assert_finalize_object (clock);
}

static void
cancel_other_cb (gpointer data)
{
  Call *call = data;

  record_cb (data);
  healing_clock_cancel (call->calls->clock, call->calls->cancel_id);
}

/* Cancelling frees the user data at once and the call never runs, also
 * when a call due at the same moment cancels it; cancelling an id that ran
 * already, or 0, does nothing. */
static void
test_virtual_cancel (void)
{
  HealingClock *clock = healing_clock_new_virtual (0);
  Calls calls;
  guint id;

  calls_init (&calls, clock);

  id = schedule (&calls, 10, 'a');
  g_assert_cmpuint (id, !=, 0);
  healing_clock_cancel (clock, id);
  g_assert_cmpuint (calls.destroyed, ==, 1);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 0);

  healing_clock_schedule (clock, 50, cancel_other_cb, call_new (&calls, 'k'), call_destroy);
  calls.cancel_id = schedule (&calls, 50, 'v');

  healing_clock_advance (clock, 60 * 1000);
  g_assert_cmpstr (calls.trace->str, ==, "k@50 ");
  g_assert_cmpuint (calls.destroyed, ==, 3);

  healing_clock_cancel (clock, calls.cancel_id);
  healing_clock_cancel (clock, id);
  healing_clock_cancel (clock, 0);
  g_assert_cmpuint (calls.destroyed, ==, 3);

  calls_clear (&calls);
  g_assert_finalize_object (clock);
}

/* A clock dropped with calls pending frees their data without running
 * them. */
static void
test_virtual_finalize_pending (void)
{
  HealingClock *clock = healing_clock_new_virtual (0);
  Calls calls;

  calls_init (&calls, clock);
  schedule (&calls, 10, 'a');
  schedule (&calls, 20, 'b');

  g_assert_finalize_object (clock);
  g_assert_cmpstr (calls.trace->str, ==, "");
  g_assert_cmpuint (calls.destroyed, ==, 2);

  calls_clear (&calls);
}

static void
quit_cb (gpointer data)
{
  Call *call = data;

  record_cb (data);
  g_main_loop_quit (g_object_get_data (G_OBJECT (call->calls->clock), "loop"));
}

static gboolean
expired_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;

  return G_SOURCE_REMOVE;
}

/* The real clock reads the monotonic time and runs its calls from the main
 * loop of the thread-default context, not before their delay; a cancelled
 * one never runs. */
static void
test_real_clock (void)
{
  HealingClock *clock = healing_clock_get_default ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gboolean expired = FALSE;
  guint guard_id;
  gint64 before, after;
  Calls calls;
  guint cancelled;

  g_assert_false (healing_clock_get_is_virtual (clock));
  g_assert_true (healing_clock_get_default () == clock);

  before = g_get_monotonic_time ();
  g_assert_cmpint (healing_clock_get_time (clock), >=, before);

  calls_init (&calls, clock);
  g_object_set_data (G_OBJECT (clock), "loop", loop);
  cancelled = schedule (&calls, 5, 'x');
  healing_clock_schedule (clock, 30, quit_cb, call_new (&calls, 'q'), call_destroy);
  healing_clock_cancel (clock, cancelled);
  g_assert_cmpuint (calls.destroyed, ==, 1);

  /* Not from the caller's stack. */
  g_assert_cmpstr (calls.trace->str, ==, "");

  guard_id = g_timeout_add_seconds (10, expired_cb, &expired);
  g_main_loop_run (loop);
  after = g_get_monotonic_time ();
  g_assert_false (expired);
  g_source_remove (guard_id);

  g_assert_true (g_str_has_prefix (calls.trace->str, "q@"));
  g_assert_cmpint (after - before, >=, 30 * 1000);
  g_assert_cmpuint (calls.destroyed, ==, 2);
  g_assert_cmpuint (healing_clock_get_n_pending (clock), ==, 0);

  g_object_set_data (G_OBJECT (clock), "loop", NULL);
  calls_clear (&calls);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/Clock/virtual-order", test_virtual_order);
  g_test_add_func ("/Healing/Clock/virtual-schedule-inside-span", test_virtual_schedule_inside_span);
  g_test_add_func ("/Healing/Clock/virtual-cancel", test_virtual_cancel);
  g_test_add_func ("/Healing/Clock/virtual-finalize-pending", test_virtual_finalize_pending);
  g_test_add_func ("/Healing/Clock/real", test_real_clock);

  return g_test_run ();
}
