/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dlfcn.h>
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
  /* Nothing was written to the record: it was never even cleared. */
  g_assert_false (frame.noted);
}

/* A critical inside a frame is a fault of the frame, counted by the writer;
 * the message still reaches the application's writer, marked. */
static GPtrArray *seen_messages;
static gboolean quit_iterating;

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
  healing_test_write_coverage ();
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

/* ------------------------------------------------------------------------
 * What a fault says (healing_trap_frame_to_fault ())
 * ------------------------------------------------------------------------ */

static void
raise_signal_func (gpointer data)
{
  raise (GPOINTER_TO_INT (data));
}

/* Runs @func in a frame that must fault and returns the fault it makes. */
static HealingFault *
fault_of (HealingTrapFunc func,
          gpointer        data,
          gboolean        warnings_are_faults)
{
  HealingTrapFrame frame;
  HealingFault *fault;

  healing_trap_frame_init (&frame);
  frame.warnings_are_faults = warnings_are_faults;
  g_assert_false (healing_trap_run (&frame, func, data));
  fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_CALLBACK, "trap-test", "a test");
  healing_trap_frame_clear (&frame);

  g_assert_nonnull (fault);
  g_assert_cmpstr (healing_fault_get_component_id (fault), ==, "trap-test");
  g_assert_cmpstr (healing_fault_get_origin (fault), ==, "a test");
  g_assert_cmpint (healing_fault_get_phase (fault), ==, HEALING_PHASE_CALLBACK);
  return fault;
}

/* Every trapped signal, raised by the kernel or by the code itself, and
 * every logged fault gets its own description; an address only when the
 * kernel reported one (a raise () has none: its si_addr is the pid). */
static void
test_fault_descriptions (void)
{
  static const struct {
    HealingTrapFunc func;
    int arg;
    HealingFaultKind kind;
    int signal_number;
    const char *message;
  } cases[] = {
    { raise_func, TEST_FAULT_NULL_DEREF, HEALING_FAULT_CRASH, SIGSEGV,
      "invalid memory access (SIGSEGV) at address (nil)" },
    { raise_func, TEST_FAULT_RECURSION, HEALING_FAULT_CRASH, SIGSEGV,
      "stack overflow (SIGSEGV) at address 0x*" },
    { raise_func, TEST_FAULT_DIVIDE_BY_ZERO, HEALING_FAULT_CRASH, SIGFPE,
      "arithmetic error (SIGFPE)" },
    { raise_func, TEST_FAULT_ABORT, HEALING_FAULT_CRASH, SIGABRT,
      "aborted (SIGABRT)" },
    { raise_func, TEST_FAULT_G_ERROR, HEALING_FAULT_CRASH, SIGTRAP,
      "fatal error trap (SIGTRAP) after: deliberate g_error" },
    { raise_signal_func, SIGSEGV, HEALING_FAULT_CRASH, SIGSEGV,
      "invalid memory access (SIGSEGV)" },
    { raise_signal_func, SIGBUS, HEALING_FAULT_CRASH, SIGBUS,
      "bus error (SIGBUS)" },
    { raise_signal_func, SIGILL, HEALING_FAULT_CRASH, SIGILL,
      "illegal instruction (SIGILL)" },
    { raise_signal_func, SIGTRAP, HEALING_FAULT_CRASH, SIGTRAP,
      "fatal error trap (SIGTRAP)" },
    { raise_func, TEST_FAULT_CRITICAL, HEALING_FAULT_CRITICAL, 0,
      "deliberate critical" },
    { raise_func, TEST_FAULT_WARNING, HEALING_FAULT_WARNING, 0,
      "deliberate warning" },
  };
  guint i;

  healing_init ();

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HealingFault *fault = fault_of (cases[i].func, GINT_TO_POINTER (cases[i].arg),
                                      cases[i].kind == HEALING_FAULT_WARNING);

      g_test_message ("%s", healing_fault_get_message (fault));
      g_assert_cmpint (healing_fault_get_kind (fault), ==, cases[i].kind);
      g_assert_cmpint (healing_fault_get_signal (fault), ==, cases[i].signal_number);
      g_assert_true (g_pattern_match_simple (cases[i].message, healing_fault_get_message (fault)));
      g_assert_false (healing_fault_get_taints_process (fault));
      healing_fault_unref (fault);
      g_assert_false (signal_blocked (cases[i].signal_number != 0 ? cases[i].signal_number : SIGABRT));
    }
}

/* A frame that returned is no fault: asking for one is a programming
 * error, refused. */
static void
test_fault_of_clean_frame (void)
{
  HealingTrapFrame frame;
  gboolean ran = FALSE;

  healing_init ();
  healing_trap_frame_init (&frame);
  g_assert_true (healing_trap_run (&frame, noop_func, &ran));

  g_test_expect_message ("Healing", G_LOG_LEVEL_CRITICAL, "*should not be reached*");
  g_assert_null (healing_trap_frame_to_fault (&frame, HEALING_PHASE_CALLBACK, NULL, NULL));
  g_test_assert_expected_messages ();
}

/* A hang interrupted in a library function names it; one interrupted at
 * an address no module holds still says where. */
static void
sleep_forever_func (gpointer data)
{
  for (;;)
    g_usleep (1000);
}

static void
test_hang_descriptions (void)
{
  HealingTrapFrame frame;
  HealingFault *fault;
  const char *message;

  healing_init ();

  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = 200;
  g_assert_false (healing_trap_run (&frame, sleep_forever_func, NULL));
  g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_HANG);
  fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_HANDLER, "sleeper", NULL);
  healing_trap_frame_clear (&frame);

  message = healing_fault_get_message (fault);
  g_test_message ("%s", message);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_HANG);
  g_assert_true (healing_fault_get_taints_process (fault));
  g_assert_true (g_pattern_match_simple ("did not return within 200 ms; interrupted in *+0x* (*); "
                                         "a lock it held may never be released", message));
  /* In the sleep, a named function of libc or GLib, not a bare address. */
  g_assert_false (g_str_has_prefix (message + strlen ("did not return within 200 ms; interrupted in "), "0x"));
  healing_fault_unref (fault);

  /* The interrupted address may be in no module (JIT code, a wild jump):
   * the bare address. */
  healing_trap_frame_init (&frame);
  healing_trap_frame_note (&frame);
  frame.outcome = HEALING_TRAP_OUTCOME_HANG;
  frame.hang_timeout_ms = 5;
  frame.interrupted_pc = NULL;
  fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_HANDLER, "sleeper", NULL);
  g_assert_cmpstr (healing_fault_get_message (fault), ==,
                   "did not return within 5 ms; interrupted in (nil); "
                   "a lock it held may never be released");
  healing_fault_unref (fault);
}

/* A hang interrupted where an unwind is not safe (inside a closure's
 * invocation) is not jumped out of: the interrupt is refused and retried
 * until it lands in the frame's own code. */
static void
spin_briefly (gint64 us)
{
  gint64 until = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < until)
    ;
}

static void
spin_in_closure_cb (gpointer data)
{
  spin_briefly (4000);
}

/* A VOID__VOID closure takes one parameter: the instance, here a NULL
 * pointer. Built without g_value_init (): the loop below must run no code
 * of libgobject but the closure's, so that an interrupt landing in
 * libgobject can only be inside g_closure_invoke () (which the rules
 * refuse); g_value_init ()/g_value_unset () of a pointer are safe to
 * abandon, and were once seen interrupted there. */
static const GValue pointer_instance = { G_TYPE_POINTER, { { 0 } } };

static void
invoke (GClosure *closure)
{
  g_closure_invoke (closure, NULL, 1, &pointer_instance, NULL);
}

static void
spin_mostly_in_closures_func (gpointer data)
{
  for (;;)
    {
      invoke (data);
      spin_briefly (1000);
    }
}

static void
test_hang_refused_in_unsafe_code (void)
{
  HealingTrapFrame frame;
  GClosure *closure;
  Dl_info info;
  gint64 start, elapsed;

  healing_init ();
  closure = g_cclosure_new (G_CALLBACK (spin_in_closure_cb), NULL, NULL);
  g_closure_set_marshal (closure, g_cclosure_marshal_VOID__VOID);
  g_closure_ref (closure);
  g_closure_sink (closure);

  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = 200;
  start = g_get_monotonic_time ();
  g_assert_false (healing_trap_run (&frame, spin_mostly_in_closures_func, closure));
  elapsed = (g_get_monotonic_time () - start) / 1000;

  g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_HANG);
  g_assert_cmpint (elapsed, >=, 200);
  g_assert_cmpint (elapsed, <=, 200 + healing_test_hang_margin_ms ());
  /* Never inside GObject's closure machinery. */
  g_assert_nonnull (frame.interrupted_pc);
  g_assert_true (dladdr (frame.interrupted_pc, &info) == 0 || info.dli_fname == NULL ||
                 strstr (info.dli_fname, "libgobject-2.0") == NULL);
  healing_trap_frame_clear (&frame);
  g_closure_unref (closure);
}

/* A message logged in a main loop nested inside a frame is not the frame's
 * (its code did not log it directly): passed on, not marked. */
static gboolean
message_and_quit_cb (gpointer data)
{
  g_message ("from a nested loop");
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
log_in_nested_loop_func (gpointer data)
{
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);

  g_idle_add (message_and_quit_cb, loop);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
}

/* A critical logged in a nested loop is not counted either (a message
 * never reached the rule: it is looked at only for what can be a fault),
 * through g_main_loop_run () and through g_main_context_iteration (). */
static gboolean
critical_and_quit_cb (gpointer data)
{
  g_critical ("critical from a nested loop");
  if (data != NULL)
    g_main_loop_quit (data);
  else
    quit_iterating = TRUE;
  return G_SOURCE_REMOVE;
}

static void
critical_in_nested_loop_func (gpointer data)
{
  if (GPOINTER_TO_INT (data))
    {
      GMainLoop *loop = g_main_loop_new (NULL, FALSE);

      g_idle_add (critical_and_quit_cb, loop);
      g_main_loop_run (loop);
      g_main_loop_unref (loop);
    }
  else
    {
      quit_iterating = FALSE;
      g_idle_add (critical_and_quit_cb, NULL);
      while (!quit_iterating)
        g_main_context_iteration (NULL, TRUE);
    }
  /* Its own criticals still count. */
  g_critical ("critical of the frame");
}

static void
test_nested_loop_critical_not_counted (void)
{
  if (g_test_subprocess ())
    {
      guint with_loop;

      /* The application's criticals are not fatal here: the one from the
       * loop is passed on, as outside any frame. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      healing_init ();
      seen_messages = g_ptr_array_new_with_free_func (g_free);
      healing_log_set_writer_chain (app_writer, NULL, NULL);

      for (with_loop = 0; with_loop <= 1; with_loop++)
        {
          HealingTrapFrame frame;

          g_ptr_array_set_size (seen_messages, 0);
          healing_trap_frame_init (&frame);
          g_assert_false (healing_trap_run (&frame, critical_in_nested_loop_func,
                                            GINT_TO_POINTER (with_loop)));
          g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_LOGGED);
          g_assert_cmpuint (frame.n_criticals, ==, 1);
          g_assert_cmpstr (frame.first_message, ==, "critical of the frame");
          healing_trap_frame_clear (&frame);

          g_assert_cmpuint (seen_messages->len, ==, 2);
          g_assert_cmpstr (g_ptr_array_index (seen_messages, 0), ==, "critical from a nested loop");
          g_assert_cmpstr (g_ptr_array_index (seen_messages, 1), ==, "fault:critical of the frame");
        }

      healing_log_set_writer_chain (NULL, NULL, NULL);
      g_clear_pointer (&seen_messages, g_ptr_array_unref);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_nested_loop_message_not_marked (void)
{
  HealingTrapFrame frame;

  healing_init ();
  seen_messages = g_ptr_array_new_with_free_func (g_free);
  healing_log_set_writer_chain (app_writer, NULL, NULL);

  /* The rule looks at the stack here (GLib's loop entry points were
   * found), not at depths recorded on entry. */
  g_assert_false (healing_trap_depth_on_entry);

  healing_trap_frame_init (&frame);
  g_assert_true (healing_trap_run (&frame, log_in_nested_loop_func, NULL));
  g_assert_cmpint (frame.outcome, ==, HEALING_TRAP_OUTCOME_OK);
  g_assert_cmpuint (seen_messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen_messages, 0), ==, "from a nested loop");

  healing_log_set_writer_chain (NULL, NULL, NULL);
  g_clear_pointer (&seen_messages, g_ptr_array_unref);
}

/* A thread of its own: the trap sets it up at its first frame (an
 * alternate stack, freed when the thread ends), and catches its faults. */
static gpointer
worker_with_frame (gpointer data)
{
  HealingTrapFrame frame;
  int *signal_number = data;

  healing_trap_frame_init (&frame);
  g_assert_false (run_fault (TEST_FAULT_NULL_DEREF, &frame));
  *signal_number = frame.signal_number;
  healing_trap_frame_clear (&frame);
  /* And again: the thread is set up once. */
  g_assert_false (run_fault (TEST_FAULT_RECURSION, &frame));
  g_assert_true (frame.stack_overflow);
  healing_trap_frame_clear (&frame);
  return NULL;
}

static void
test_worker_thread_frame (void)
{
  int signal_number = 0;
  guint i;

  healing_init ();

  for (i = 0; i < 3; i++)
    {
      signal_number = 0;
      g_thread_join (g_thread_new ("trapped-worker", worker_with_frame, &signal_number));
      g_assert_cmpint (signal_number, ==, SIGSEGV);
    }
  g_assert_null (healing_trap_get_current_frame ());
}

/* ------------------------------------------------------------------------
 * Faults that taint (in a child process of its own: the taint is for
 * good; not a GTest subprocess, in which GLib _exit ()s on a fatal message
 * instead of aborting)
 * ------------------------------------------------------------------------ */

static void
old_api_warning_func (gpointer data)
{
  g_log ("Test", G_LOG_LEVEL_WARNING, "a warning through the old API");
}

static int
run_taint_child (const char *scenario)
{
  HealingTrapFrame frame;
  HealingFault *fault;

  healing_init ();
  healing_trap_frame_init (&frame);

  if (g_str_equal (scenario, "old-api-error"))
    healing_trap_run (&frame, raise_func, GINT_TO_POINTER (TEST_FAULT_OLD_G_ERROR));
  else if (g_str_equal (scenario, "old-api-fatal-warning"))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING);
      healing_trap_run (&frame, old_api_warning_func, NULL);
    }
  else if (g_str_equal (scenario, "fault-in-cleanup"))
    {
      frame.taints_on_fault = TRUE;
      healing_trap_run (&frame, raise_func, GINT_TO_POINTER (TEST_FAULT_NULL_DEREF));
    }
  else
    g_assert_not_reached ();

  fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_CLEANUP, "child", NULL);
  printf ("kind=%d\nsignal=%d\ntaints=%d\ntainted=%d\nreason=%s\nmessage=%s\n",
          healing_fault_get_kind (fault), healing_fault_get_signal (fault),
          healing_fault_get_taints_process (fault), healing_trap_is_tainted (),
          healing_trap_get_taint_reason (), healing_fault_get_message (fault));
  healing_fault_unref (fault);
  healing_trap_frame_clear (&frame);
  return 0;
}

static gboolean
kill_child_cb (gpointer data)
{
  g_subprocess_force_exit (data);
  return G_SOURCE_REMOVE;
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  char **out = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, out, NULL, NULL);
  g_main_context_wakeup (NULL);
}

/* Runs this program with `--taint-child @scenario`, 30 s at most. */
static char *
run_child (const char *scenario)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  char *out = NULL;
  guint timeout_id;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self, "--taint-child", scenario, NULL);
  g_assert_no_error (error);
  timeout_id = g_timeout_add_seconds (30, kill_child_cb, child);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, communicated_cb, &out);
  while (out == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  return out;
}

/* An old-API g_error () leaves GLib's log depth raised: the fault taints,
 * and says why. */
static void
test_old_api_error_taints (void)
{
  g_autofree char *out = run_child ("old-api-error");

  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "signal=5\n"));
  g_assert_nonnull (strstr (out, "taints=1\ntainted=1\n"));
  g_assert_nonnull (strstr (out, "reason=a fatal message through the old logging API left "
                                 "GLib's log recursion depth raised\n"));
  g_assert_nonnull (strstr (out, "message=fatal error trap (SIGTRAP) after: "
                                 "deliberate old-API g_error; g_error() through the old "
                                 "logging API left GLib's log recursion depth raised on "
                                 "this thread\n"));
}

/* So does a warning made fatal (G_DEBUG=fatal-warnings, GTest's default)
 * that GLib aborts on inside g_logv (). */
static void
test_old_api_fatal_warning_taints (void)
{
  g_autofree char *out = run_child ("old-api-fatal-warning");

  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "kind=0\n"));
  g_assert_nonnull (strstr (out, "taints=1\ntainted=1\n"));
  g_assert_nonnull (strstr (out, "reason=GLib's old logging API (g_logv): "));
  g_assert_nonnull (strstr (out, "; the fault interrupted GLib's old logging API, which leaves "
                                 "its recursion depth raised on this thread: the next message "
                                 "logged there through that API is fatal\n"));
}

/* A fault while libhealing takes down a faulted widget leaves it half torn
 * down: the process is tainted. */
static void
test_fault_in_cleanup_taints (void)
{
  g_autofree char *out = run_child ("fault-in-cleanup");

  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "signal=11\ntaints=1\ntainted=1\n"));
  g_assert_nonnull (strstr (out, "reason=a fault while cleaning up after a fault left an "
                                 "object half torn down\n"));
  g_assert_nonnull (strstr (out, "message=invalid memory access (SIGSEGV) at address (nil)\n"));
}

/* ------------------------------------------------------------------------
 * Stops: the record, then the handler that was there before
 * ------------------------------------------------------------------------ */

/* A crash reporter with SA_SIGINFO: it gets the kernel's report. */
static void
siginfo_reporter (int        signal_number,
                  siginfo_t *info,
                  void      *ucontext)
{
  char line[128];
  int n;

  n = snprintf (line, sizeof line, "reporter: signal %d, code %d, address %p\n",
                signal_number, info->si_code, info->si_addr);
  if (write (STDOUT_FILENO, line, n) < 0)
    _exit (4);
  healing_test_write_coverage ();
  _exit (3);
}

static void
install_siginfo_reporter (int signal_number)
{
  struct sigaction action;

  memset (&action, 0, sizeof action);
  action.sa_sigaction = siginfo_reporter;
  action.sa_flags = SA_SIGINFO;
  sigemptyset (&action.sa_mask);
  sigaction (signal_number, &action, NULL);
}

/* Outside any frame: the record says there was none, then the reporter
 * gets the signal with the kernel's own siginfo. */
static void
test_no_frame_record (void)
{
  if (g_test_subprocess ())
    {
      install_siginfo_reporter (SIGSEGV);
      healing_init ();
      test_fault_raise (TEST_FAULT_NULL_DEREF);
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*reporter: signal 11, code 1, address (nil)*");
  g_test_trap_assert_stdout_unmatched ("*survived*");
  g_test_trap_assert_stderr ("*libhealing-record 1*reason=no-frame*signal=11*signal_name=SEGV*"
                             "code=1*address=0x0*component=\nphase=\nunsafe_frame=\n*frame=*");
}

/* Inside a frame, in code that may not be unwound (a closure's
 * invocation): no jump; the record names the frame's component and phase
 * and the rule, then the previous handler runs. */
static void
crash_in_closure_cb (gpointer data)
{
  test_fault_raise (TEST_FAULT_NULL_DEREF);
}

static void
invoke_crashing_closure_func (gpointer data)
{
  invoke (data);
}

static void
test_unsafe_unwind_record (void)
{
  if (g_test_subprocess ())
    {
      HealingTrapFrame frame;
      GClosure *closure = g_cclosure_new (G_CALLBACK (crash_in_closure_cb), NULL, NULL);

      g_closure_set_marshal (closure, g_cclosure_marshal_VOID__VOID);
      g_closure_sink (g_closure_ref (closure));
      install_siginfo_reporter (SIGSEGV);
      healing_init ();
      healing_trap_frame_init (&frame);
      frame.component = "closure-test";
      frame.phase_name = "handler";
      healing_trap_run (&frame, invoke_crashing_closure_func, closure);
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*reporter: signal 11, code 1, address (nil)*");
  g_test_trap_assert_stdout_unmatched ("*survived*");
  g_test_trap_assert_stderr ("*reason=unsafe-unwind*signal=11*component=closure-test\n"
                             "phase=handler\nunsafe_frame=g_closure_invoke*");
}

/* A frame pinned by its code (HealingTrapFrame.pinned): a crash there
 * stops the process with the pin's reason, and a hang interrupt waits
 * until the pin is gone. */
static void
crash_pinned_func (gpointer data)
{
  HealingTrapFrame *frame = data;

  frame->pinned = "a test's pinned stretch";
  test_fault_raise (TEST_FAULT_NULL_DEREF);
}

static void
test_pinned_crash (void)
{
  if (g_test_subprocess ())
    {
      HealingTrapFrame frame;

      healing_init ();
      healing_trap_frame_init (&frame);
      frame.component = "pinned-test";
      frame.phase_name = "snapshot";
      healing_trap_run (&frame, crash_pinned_func, &frame);
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
  g_test_trap_assert_stderr ("*reason=unsafe-unwind*signal=11*component=pinned-test\n"
                             "phase=snapshot\nunsafe_frame=*unsafe_reason=a test's pinned stretch*");
}

typedef struct {
  HealingTrapFrame frame;
  gint64 unpinned_at;
} PinnedHang;

static void
hang_pinned_func (gpointer data)
{
  PinnedHang *run = data;

  /* Three times the timeout pinned, then for ever unpinned. */
  run->frame.pinned = "a test's pinned stretch";
  spin_briefly (600 * 1000);
  run->frame.pinned = NULL;
  run->unpinned_at = g_get_monotonic_time ();
  for (;;)
    ;
}

static void
test_pinned_hang (void)
{
  PinnedHang run = { 0, };
  gint64 after;

  healing_init ();
  healing_trap_frame_init (&run.frame);
  run.frame.hang_timeout_ms = 200;
  g_assert_false (healing_trap_run (&run.frame, hang_pinned_func, &run));
  after = g_get_monotonic_time ();

  g_assert_cmpint (run.frame.outcome, ==, HEALING_TRAP_OUTCOME_HANG);
  /* Interrupted only once unpinned, and soon after. */
  g_assert_cmpint (run.unpinned_at, >, 0);
  g_assert_cmpint ((after - run.unpinned_at) / 1000, <=, healing_test_hang_margin_ms ());
  healing_trap_frame_clear (&run.frame);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--taint-child"))
    return run_taint_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/Trap/success", test_success);
  g_test_add_func ("/Healing/Trap/repeated", test_repeated);
  g_test_add_func ("/Healing/Trap/nesting", test_nesting);
  g_test_add_func ("/Healing/Trap/critical-counted", test_critical_counted);
  g_test_add_func ("/Healing/Trap/suppression", test_suppression);
  g_test_add_func ("/Healing/Trap/hang", test_hang);
  g_test_add_func ("/Healing/Trap/pinned-crash", test_pinned_crash);
  g_test_add_func ("/Healing/Trap/pinned-hang", test_pinned_hang);
  g_test_add_func ("/Healing/Trap/unguarded-crashes", test_unguarded_crashes);
  g_test_add_func ("/Healing/Trap/previous-handler-chained", test_previous_handler_chained);
  g_test_add_func ("/Healing/Trap/worker-thread-crashes", test_worker_thread_crashes);
  g_test_add_func ("/Healing/Trap/nested-main-loop-not-caught", test_nested_main_loop_not_caught);
  g_test_add_func ("/Healing/Trap/fault-descriptions", test_fault_descriptions);
  g_test_add_func ("/Healing/Trap/fault-of-clean-frame", test_fault_of_clean_frame);
  g_test_add_func ("/Healing/Trap/hang-descriptions", test_hang_descriptions);
  g_test_add_func ("/Healing/Trap/hang-refused-in-unsafe-code", test_hang_refused_in_unsafe_code);
  g_test_add_func ("/Healing/Trap/nested-loop-message-not-marked", test_nested_loop_message_not_marked);
  g_test_add_func ("/Healing/Trap/nested-loop-critical-not-counted", test_nested_loop_critical_not_counted);
  g_test_add_func ("/Healing/Trap/worker-thread-frame", test_worker_thread_frame);
  g_test_add_func ("/Healing/Trap/old-api-error-taints", test_old_api_error_taints);
  g_test_add_func ("/Healing/Trap/old-api-fatal-warning-taints", test_old_api_fatal_warning_taints);
  g_test_add_func ("/Healing/Trap/fault-in-cleanup-taints", test_fault_in_cleanup_taints);
  g_test_add_func ("/Healing/Trap/no-frame-record", test_no_frame_record);
  g_test_add_func ("/Healing/Trap/unsafe-unwind-record", test_unsafe_unwind_record);

  return g_test_run ();
}
