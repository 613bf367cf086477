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

#include "healing-trap-private.h"

#if defined(__SANITIZE_ADDRESS__)
# define RUNNING_UNDER_A_SANITIZER 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define RUNNING_UNDER_A_SANITIZER 1
# endif
#endif
#ifndef RUNNING_UNDER_A_SANITIZER
# define RUNNING_UNDER_A_SANITIZER 0
#endif

/* The unwind rules, one fault per subprocess: what may be abandoned is
 * healed, what may not stops the process by its signal, after a record.
 * No display needed: only GLib and GObject run here. Records go to
 * stdout (HEALING_RECORD_FD=1), where the parent reads them. */

/* ------------------------------------------------------------------------
 * A GObject whose handler, property setter, class init and dispose crash
 * ------------------------------------------------------------------------ */

typedef struct { GObject parent_instance; } TestVictim;
typedef struct { GObjectClass parent_class; } TestVictimClass;

GType test_victim_get_type (void);
G_DEFINE_TYPE (TestVictim, test_victim, G_TYPE_OBJECT)

enum { PROP_0, PROP_VALUE };

static volatile int *volatile null_pointer;
static gboolean crash_in_dispose;

static void
crash (void)
{
  *null_pointer = 1;
}

static void
test_victim_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  crash ();
}

static void
test_victim_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  g_value_set_int (value, 0);
}

static void
test_victim_dispose (GObject *object)
{
  if (crash_in_dispose)
    crash ();

  G_OBJECT_CLASS (test_victim_parent_class)->dispose (object);
}

static void
test_victim_class_init (TestVictimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = test_victim_set_property;
  object_class->get_property = test_victim_get_property;
  object_class->dispose = test_victim_dispose;

  g_object_class_install_property (object_class, PROP_VALUE,
    g_param_spec_int ("value", NULL, NULL, 0, 10, 0, G_PARAM_READWRITE));

  g_signal_new ("poke", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
test_victim_init (TestVictim *self)
{
}

/* A type whose class init crashes. */
typedef struct { GObject parent_instance; } TestBadClass;
typedef struct { GObjectClass parent_class; } TestBadClassClass;

GType test_bad_class_get_type (void);
G_DEFINE_TYPE (TestBadClass, test_bad_class, G_TYPE_OBJECT)

static void
test_bad_class_class_init (TestBadClassClass *klass)
{
  crash ();
}

static void
test_bad_class_init (TestBadClass *self)
{
}

/* ------------------------------------------------------------------------
 * The faults, each run inside a trap frame
 * ------------------------------------------------------------------------ */

static void
plain_crash_func (gpointer data)
{
  crash ();
}

static void
emission_crash_func (gpointer data)
{
  g_signal_emit_by_name (data, "poke");
}

static void
set_property_crash_func (gpointer data)
{
  g_object_set (data, "value", 3, NULL);
}

static void
class_init_crash_func (gpointer data)
{
  g_object_unref (g_object_new (test_bad_class_get_type (), NULL));
}

static void
double_free_func (gpointer data)
{
  char * volatile block = malloc (100000);

  free (block);
  free (block);
}

static void
dispose_crash_func (gpointer data)
{
  crash_in_dispose = TRUE;
  g_object_unref (data);
}

static void
run_and_report (HealingTrapFunc func,
                gpointer        data)
{
  HealingTrapFrame frame;

  healing_trap_frame_init (&frame);
  frame.component = "Victim";
  frame.phase_name = "handler";

  if (healing_trap_run (&frame, func, data))
    printf ("returned\n");
  else
    printf ("healed outcome=%d signal=%d tainted=%d\n", frame.outcome,
            frame.signal_number, healing_trap_is_tainted ());
  fflush (stdout);
  healing_trap_frame_clear (&frame);
}

static void
enter_subprocess (void)
{
  g_setenv ("HEALING_RECORD_FD", "1", TRUE);
  healing_init ();
}

static void
test_plain_crash_heals (void)
{
  if (g_test_subprocess ())
    {
      enter_subprocess ();
      run_and_report (plain_crash_func, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*healed outcome=1 signal=11 tainted=0*");
  g_test_trap_assert_stdout_unmatched ("*libhealing-record*");
}

static void
on_poke (GObject *object)
{
  crash ();
}

static void
test_emission_stops (void)
{
  if (g_test_subprocess ())
    {
      GObject *victim;

      enter_subprocess ();
      victim = g_object_new (test_victim_get_type (), NULL);
      /* A plain handler: the emission is inside the frame. */
      g_signal_connect (victim, "poke", G_CALLBACK (on_poke), NULL);
      run_and_report (emission_crash_func, victim);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*healed*");
  g_test_trap_assert_stdout ("*libhealing-record 1\n"
                             "reason=unsafe-unwind\n*"
                             "signal=11\nsignal_name=SEGV\n*"
                             "component=Victim\nphase=handler\n"
                             "unsafe_frame=g_signal_emit*"
                             "unsafe_reason=GObject signal emission*"
                             "frame=0x*\n\n*");
}

static void
test_set_property_stops (void)
{
  if (g_test_subprocess ())
    {
      GObject *victim;

      enter_subprocess ();
      victim = g_object_new (test_victim_get_type (), NULL);
      run_and_report (set_property_crash_func, victim);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*healed*");
  g_test_trap_assert_stdout ("*reason=unsafe-unwind*unsafe_frame=g_object_set*"
                             "unsafe_reason=GObject property change*");
}

static void
test_class_init_stops (void)
{
  if (g_test_subprocess ())
    {
      enter_subprocess ();
      run_and_report (class_init_crash_func, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*healed*");
  g_test_trap_assert_stdout ("*reason=unsafe-unwind*unsafe_frame=g_type_class_ref*");
}

static void
test_double_free_stops (void)
{
  if (RUNNING_UNDER_A_SANITIZER)
    {
      g_test_skip ("the sanitizer reports the double free itself");
      return;
    }

  if (g_test_subprocess ())
    {
      enter_subprocess ();
      run_and_report (double_free_func, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*healed*");
  g_test_trap_assert_stdout ("*reason=unsafe-unwind*signal=6\nsignal_name=ABRT*"
                             "unsafe_frame=free libc.so.6+0x*"
                             "unsafe_reason=glibc's allocator*");
  g_test_trap_assert_stderr ("*double free*");
}

static void
test_dispose_crash_taints (void)
{
  if (g_test_subprocess ())
    {
      enter_subprocess ();
      run_and_report (dispose_crash_func, g_object_new (test_victim_get_type (), NULL));
      /* Still working: another fault is still caught. */
      run_and_report (plain_crash_func, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*healed outcome=1 signal=11 tainted=1\n"
                             "healed outcome=1 signal=11 tainted=1\n*");
  g_test_trap_assert_stdout_unmatched ("*libhealing-record*");
}

static void
test_no_frame_record (void)
{
  if (g_test_subprocess ())
    {
      enter_subprocess ();
      crash ();
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
  g_test_trap_assert_stdout ("*libhealing-record 1\nreason=no-frame\n*signal=11*"
                             "frame=0x* test-unwind+0x* *");
}

/* The heartbeat: after a fault, a main loop that stops turning (here: an
 * idle that waits for ever, as on a lock the faulted code left held) is
 * wedged, and the process is stopped with a record... */
static gboolean
block_forever_cb (gpointer data)
{
  for (;;)
    g_usleep (G_USEC_PER_SEC);

  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
test_wedged_stops (void)
{
  if (g_test_subprocess ())
    {
      GMainLoop *loop;

      g_setenv ("HEALING_HEARTBEAT_TIMEOUT_MS", "500", TRUE);
      enter_subprocess ();
      run_and_report (plain_crash_func, NULL);

      loop = g_main_loop_new (NULL, FALSE);
      g_idle_add (block_forever_cb, NULL);
      g_main_loop_run (loop);
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*healed outcome=1*"
                             "libhealing-record 1\nreason=wedged\n*signal=6\nsignal_name=ABRT*");
  g_test_trap_assert_stderr ("*the process is wedged*");
}

/* ... while a loop that sits idle in poll, armed or not, is left alone. */
static void
test_idle_loop_lives (void)
{
  if (g_test_subprocess ())
    {
      GMainLoop *loop;

      g_setenv ("HEALING_HEARTBEAT_TIMEOUT_MS", "300", TRUE);
      enter_subprocess ();
      run_and_report (plain_crash_func, NULL);

      loop = g_main_loop_new (NULL, FALSE);
      g_timeout_add (2000, quit_cb, loop);
      g_main_loop_run (loop);
      g_main_loop_unref (loop);
      printf ("still alive\n");
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*still alive*");
  g_test_trap_assert_stdout_unmatched ("*libhealing-record*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/Unwind/plain-crash-heals", test_plain_crash_heals);
  g_test_add_func ("/Healing/Unwind/emission-stops", test_emission_stops);
  g_test_add_func ("/Healing/Unwind/set-property-stops", test_set_property_stops);
  g_test_add_func ("/Healing/Unwind/class-init-stops", test_class_init_stops);
  g_test_add_func ("/Healing/Unwind/double-free-stops", test_double_free_stops);
  g_test_add_func ("/Healing/Unwind/dispose-crash-taints", test_dispose_crash_taints);
  g_test_add_func ("/Healing/Unwind/no-frame-record", test_no_frame_record);
  g_test_add_func ("/Healing/Unwind/wedged-stops", test_wedged_stops);
  g_test_add_func ("/Healing/Unwind/idle-loop-lives", test_idle_loop_lives);

  return g_test_run ();
}
