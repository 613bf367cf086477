/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <healing.h>

#include "healing-test-faulty.h"
#include "healing-test-utils.h"
#include "healing-trap-private.h"

/* Trap tests that need no display. Each test initialises the trap itself,
 * so subprocess tests can install a handler of their own first. */

static void
raise_func (gpointer data)
{
  test_fault_raise (GPOINTER_TO_INT (data));
}

static gboolean
run_fault (TestFault         fault,
           HealingTrapFrame *frame)
{
  healing_trap_frame_init (frame);
  return healing_trap_run (frame, raise_func, GINT_TO_POINTER (fault));
}

static gboolean
signal_blocked (int signal_number)
{
  sigset_t current;

  pthread_sigmask (SIG_BLOCK, NULL, &current);
  return sigismember (&current, signal_number);
}

/* A thousand crashes in a row are all caught, and no signal stays blocked. */
static void
test_repeated (void)
{
  static const struct { TestFault fault; int signal_number; guint times; } cases[] = {
    { TEST_FAULT_NULL_DEREF, SIGSEGV, 1000 },
    { TEST_FAULT_ABORT, SIGABRT, 200 },
    { TEST_FAULT_DIVIDE_BY_ZERO, SIGFPE, 200 },
    { TEST_FAULT_RECURSION, SIGSEGV, 20 },
  };
  guint c, i;

  healing_init ();

  for (c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      for (i = 0; i < cases[c].times; i++)
        {
          HealingTrapFrame frame;

          g_assert_false (run_fault (cases[c].fault, &frame));
          g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_SIGNAL);
          g_assert_cmpint (frame.signal_number, ==, cases[c].signal_number);
          g_assert_cmpint (frame.stack_overflow, ==, cases[c].fault == TEST_FAULT_RECURSION);
          healing_trap_frame_clear (&frame);
        }

      g_assert_false (signal_blocked (cases[c].signal_number));
      g_assert_null (healing_trap_get_current_frame ());
    }
}

typedef struct {
  gboolean inner_ok;
  HealingTrapFrame inner;
  gboolean after_inner;
} Nesting;

static void
nested_func (gpointer data)
{
  Nesting *nesting = data;

  nesting->inner_ok = run_fault (TEST_FAULT_NULL_DEREF, &nesting->inner);
  nesting->after_inner = TRUE;

  /* Now the outer frame's own code faults. */
  test_fault_raise (TEST_FAULT_DIVIDE_BY_ZERO);
}

/* The inner frame catches the inner fault; the outer body goes on, and its
 * own later fault is caught by the outer frame. */
static void
test_nesting (void)
{
  HealingTrapFrame outer;
  Nesting nesting = { 0, };

  healing_init ();
  healing_trap_frame_init (&outer);

  g_assert_false (healing_trap_run (&outer, nested_func, &nesting));
  g_assert_false (nesting.inner_ok);
  g_assert_cmpint (nesting.inner.signal_number, ==, SIGSEGV);
  g_assert_true (nesting.after_inner);
  g_assert_cmpint (outer.signal_number, ==, SIGFPE);
  g_assert_null (healing_trap_get_current_frame ());

  healing_trap_frame_clear (&nesting.inner);
  healing_trap_frame_clear (&outer);
}

static void
noop_func (gpointer data)
{
  gboolean *ran = data;

  *ran = TRUE;
}

static void
test_success (void)
{
  HealingTrapFrame frame;
  gboolean ran = FALSE;

  healing_init ();
  healing_trap_frame_init (&frame);
  g_assert_true (healing_trap_run (&frame, noop_func, &ran));
  g_assert_true (ran);
  g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_OK);
  g_assert_null (frame.first_message);
}

/* A critical inside a frame is a fault of the frame, counted by the writer;
 * the message still reaches the application's writer, marked. */
static GPtrArray *seen_messages;

static GLogWriterOutput
app_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *message = NULL;
  gboolean fault = FALSE;
  gsize i;

  for (i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
      else if (strcmp (fields[i].key, "HEALING_FAULT") == 0)
        fault = TRUE;
    }

  g_ptr_array_add (seen_messages, g_strdup_printf ("%s%s", fault ? "fault:" : "", message));
  return G_LOG_WRITER_HANDLED;
}

static void
critical_func (gpointer data)
{
  g_critical ("first critical");
  g_critical ("second critical");
  g_message ("a message is not a fault");
}

static void
test_critical_counted (void)
{
  HealingTrapFrame frame;

  healing_init ();
  seen_messages = g_ptr_array_new_with_free_func (g_free);
  healing_log_set_writer_chain (app_writer, NULL, NULL);

  healing_trap_frame_init (&frame);
  g_assert_false (healing_trap_run (&frame, critical_func, NULL));
  g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_LOGGED);
  g_assert_cmpuint (frame.n_criticals, ==, 2);
  g_assert_cmpstr (frame.first_message, ==, "first critical");
  healing_trap_frame_clear (&frame);

  g_assert_cmpuint (seen_messages->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (seen_messages, 0), ==, "fault:first critical");
  g_assert_cmpstr (g_ptr_array_index (seen_messages, 1), ==, "fault:second critical");
  g_assert_cmpstr (g_ptr_array_index (seen_messages, 2), ==, "a message is not a fault");

  /* Outside a frame, a message is just passed on. */
  g_message ("outside");
  g_assert_cmpstr (g_ptr_array_index (seen_messages, 3), ==, "outside");

  healing_log_set_writer_chain (NULL, NULL, NULL);
  g_clear_pointer (&seen_messages, g_ptr_array_unref);
}

/* Suppressed cleanup noise never reaches the application. */
static void
warn_func (gpointer data)
{
  g_warning ("Too many gtk_snapshot_push() calls. 3 states remaining.");
}

static void
test_suppression (void)
{
  HealingTrapFrame frame;

  healing_init ();
  seen_messages = g_ptr_array_new_with_free_func (g_free);
  healing_log_set_writer_chain (app_writer, NULL, NULL);

  healing_trap_push_log_suppression ("Too many gtk_snapshot_");
  healing_trap_frame_init (&frame);
  g_assert_true (healing_trap_run (&frame, warn_func, NULL));
  healing_trap_pop_log_suppression ();
  g_assert_cmpuint (seen_messages->len, ==, 0);

  healing_log_set_writer_chain (NULL, NULL, NULL);
  g_clear_pointer (&seen_messages, g_ptr_array_unref);
}

/* A fault outside any frame takes its normal course: the default action. */
static void
test_unguarded_crashes (void)
{
  if (g_test_subprocess ())
    {
      healing_init ();
      test_fault_raise (TEST_FAULT_NULL_DEREF);
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
}

/* ... or the handler that was there before libhealing (a crash reporter). */
static void
reporter (int signal_number)
{
  static const char message[] = "crash reporter saw the signal\n";

  if (write (STDOUT_FILENO, message, sizeof message - 1) < 0)
    _exit (4);
  _exit (3);
}

static void
test_previous_handler_chained (void)
{
  if (g_test_subprocess ())
    {
      signal (SIGSEGV, reporter);
      healing_init ();
      test_fault_raise (TEST_FAULT_NULL_DEREF);
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*crash reporter saw the signal*");
  g_test_trap_assert_stdout_unmatched ("*survived*");
}

/* A fault on a thread with no frame kills the process, even while the main
 * thread is inside a frame: the trap never borrows another thread's frame. */
static gpointer
worker (gpointer data)
{
  test_fault_raise (TEST_FAULT_NULL_DEREF);
  return NULL;
}

static void
spawn_faulting_worker (gpointer data)
{
  g_thread_join (g_thread_new ("worker", worker, NULL));
}

static void
test_worker_thread_crashes (void)
{
  if (g_test_subprocess ())
    {
      HealingTrapFrame frame;

      healing_init ();
      healing_trap_frame_init (&frame);
      healing_trap_run (&frame, spawn_faulting_worker, NULL);
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
}

/* A fault in a nested main loop the frame did not enter itself is not the
 * frame's: unwinding through g_main_context_dispatch () would corrupt GLib. */
static gboolean
faulting_idle (gpointer data)
{
  test_fault_raise (TEST_FAULT_NULL_DEREF);
  return G_SOURCE_REMOVE;
}

static void
run_nested_loop (gpointer data)
{
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);

  g_idle_add (faulting_idle, NULL);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
}

static gboolean
enter_frame_from_dispatch (gpointer data)
{
  HealingTrapFrame frame;

  healing_trap_frame_init (&frame);
  healing_trap_run (&frame, run_nested_loop, NULL);
  printf ("survived\n");
  exit (0);
}

static void
test_nested_main_loop_not_caught (void)
{
  if (g_test_subprocess ())
    {
      GMainLoop *loop = g_main_loop_new (NULL, FALSE);

      healing_init ();
      g_idle_add (enter_frame_from_dispatch, NULL);
      g_main_loop_run (loop);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
}

/* A hang is interrupted after its timeout, not before, and not when the
 * code returns in time. */
static void
spin_func (gpointer data)
{
  volatile gint64 *until = data;

  while (g_get_monotonic_time () < *until)
    ;
}

static void
test_hang (void)
{
  HealingTrapFrame frame;
  gint64 start, until, elapsed;

  healing_init ();

  /* Returns within its time: no interrupt. */
  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = 500;
  until = g_get_monotonic_time () + 150 * 1000;
  g_assert_true (healing_trap_run (&frame, spin_func, &until));

  /* Spins forever: interrupted. */
  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = 200;
  start = g_get_monotonic_time ();
  until = G_MAXINT64;
  g_assert_false (healing_trap_run (&frame, spin_func, &until));
  elapsed = (g_get_monotonic_time () - start) / 1000;
  g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_HANG);
  g_assert_nonnull (frame.interrupted_pc);
  g_assert_cmpint (elapsed, >=, 200);
  g_assert_cmpint (elapsed, <=, 200 + healing_test_hang_margin_ms ());
  g_assert_false (signal_blocked (SIGRTMAX - 2));
  healing_trap_frame_clear (&frame);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/Trap/success", test_success);
  g_test_add_func ("/Healing/Trap/repeated", test_repeated);
  g_test_add_func ("/Healing/Trap/nesting", test_nesting);
  g_test_add_func ("/Healing/Trap/critical-counted", test_critical_counted);
  g_test_add_func ("/Healing/Trap/suppression", test_suppression);
  g_test_add_func ("/Healing/Trap/hang", test_hang);
  g_test_add_func ("/Healing/Trap/unguarded-crashes", test_unguarded_crashes);
  g_test_add_func ("/Healing/Trap/previous-handler-chained", test_previous_handler_chained);
  g_test_add_func ("/Healing/Trap/worker-thread-crashes", test_worker_thread_crashes);
  g_test_add_func ("/Healing/Trap/nested-main-loop-not-caught", test_nested_main_loop_not_caught);

  return g_test_run ();
}
