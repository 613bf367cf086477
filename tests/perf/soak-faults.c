/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * soak-faults: many real faults in one process.
 *
 * A window holds 100 HealingContainers, each around a faulty test widget
 * (tests/healing-test-faulty.c). Each round, every container gets one real
 * fault in a random phase: measure, allocate, snapshot or a guarded idle
 * callback, of a random kind (NULL dereference, division by zero, abort (),
 * failed g_assert (), g_error (), g_critical (), g_return_if_fail (),
 * g_warning ()), or a handler, through
 * healing_container_inject_fault () (a real SIGSEGV, g_critical (),
 * g_warning () or reported error in the container's trap); one frame
 * is drawn; every container that now shows its fallback is reset so its
 * child runs again. Hangs are left out: each costs the hang timeout.
 *
 * It prints the faults raised and trapped, the containers that did not
 * trap theirs, the resident set size and the bytes malloc () has handed
 * out after warm-up (the first tenth) and at the end, with the growth per
 * 1,000 faults, and the lowest of both in each tenth; exits non-zero if a
 * fault was not trapped or the process lost a container. The process
 * surviving is the first result: every one of those faults would have
 * killed a plain GTK application.
 *
 * The heap is expected to grow by what the faulting frames had allocated
 * when they were abandoned (g_error ()'s message, GTK's measuring state
 * above a faulting measure ()): nothing holds those blocks any more and
 * nothing can free them (README, "Limits"). To tell that growth from the
 * library's own: --kinds=signals raises only faults without a message
 * (NULL dereference, division by zero, abort ()), --phase=NAME faults in
 * one phase only (handler and callback faults abandon nothing of GTK's).
 *
 * Run (100,000 faults by default):
 *   GDK_BACKEND=x11 GTK_A11Y=none GSK_RENDERER=cairo \
 *     xvfb-run -a -s "-screen 0 1280x1024x24" _build/tests/perf/soak-faults \
 *     [--faults=N] [--kinds=signals] [--phase=measure|allocate|snapshot|handler|callback]
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>
#include <healing.h>

#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define N_CONTAINERS 100
#define N_SIGNAL_KINDS 3

static const TestFault kinds[] = {
  TEST_FAULT_NULL_DEREF,
  TEST_FAULT_DIVIDE_BY_ZERO,
  TEST_FAULT_ABORT,
  /* The faults above come with a signal and no message (--kinds=signals
   * raises only those); those below go through GLib's logging, and the
   * unwind abandons the message GLib had formatted. */
  TEST_FAULT_ASSERT,
  TEST_FAULT_G_ERROR,
  TEST_FAULT_CRITICAL,
  TEST_FAULT_RETURN_IF_FAIL,
  TEST_FAULT_WARNING,
  /* Not TEST_FAULT_OLD_G_ERROR: g_error () through the old g_log () API
   * leaves GLib's log recursion depth raised, so libhealing taints the
   * process (README, "Limits"), and the soak is about many faults in one
   * healthy process. */
};

typedef enum {
  SOAK_MEASURE,
  SOAK_ALLOCATE,
  SOAK_SNAPSHOT,
  SOAK_HANDLER,
  SOAK_CALLBACK,
  N_SOAK_PHASES
} SoakPhase;

static const char * const phase_names[N_SOAK_PHASES] = {
  "measure", "allocate", "snapshot", "handler", "callback",
};

typedef struct {
  HealingContainer *container;
  HealingTestFaulty *child;
  TestFault pending;
} Slot;

static Slot slots[N_CONTAINERS];

static long
rss_kib (void)
{
  long pages = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");

  if (f != NULL)
    {
      if (fscanf (f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
      fclose (f);
    }

  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* The bytes malloc () has handed out and not had back: unlike the RSS,
 * blind to fragmentation and to pages the allocator keeps, so a leak or
 * a structure that grows with the faults shows here first. */
static long
heap_in_use_kib (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (long) ((info.uordblks + info.hblkhd) / 1024);
}

static const HealingFaultKind handler_kinds[] = {
  HEALING_FAULT_CRASH,
  HEALING_FAULT_CRITICAL,
  HEALING_FAULT_WARNING,
  HEALING_FAULT_ERROR,
};

/* The guarded callback: raises the slot's pending fault. */
static gboolean
idle_cb (gpointer data)
{
  Slot *slot = data;

  test_fault_raise (slot->pending);
  return G_SOURCE_REMOVE;
}

static void
new_child (Slot *slot)
{
  slot->child = HEALING_TEST_FAULTY (healing_test_faulty_new ());
  healing_container_set_child (slot->container, GTK_WIDGET (slot->child));
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_faults = 100000;
  guint64 raised = 0, rounds, round, untrapped = 0;
  guint64 by_phase[N_SOAK_PHASES] = { 0, };
  guint fault_counts[N_CONTAINERS] = { 0, };
  GtkWidget *grid, *window;
  HealingPolicy *policy;
  GRand *rand;
  long rss_warm = 0, rss_end, heap_warm = 0, heap_end;
  long rss_tenth[10] = { 0, }, heap_tenth[10] = { 0, };
  gint64 start, warm_time = 0;
  int only_phase = -1;
  guint n_kinds = G_N_ELEMENTS (kinds);
  int i;

  for (i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--faults="))
      n_faults = g_ascii_strtoull (argv[i] + strlen ("--faults="), NULL, 10);
    else if (g_str_equal (argv[i], "--kinds=signals"))
      n_kinds = N_SIGNAL_KINDS;
    else if (g_str_has_prefix (argv[i], "--phase="))
      {
        for (only_phase = 0; only_phase < N_SOAK_PHASES; only_phase++)
          if (g_str_equal (argv[i] + strlen ("--phase="), phase_names[only_phase]))
            break;
        if (only_phase == N_SOAK_PHASES)
          {
            fprintf (stderr, "soak-faults: unknown phase %s\n", argv[i] + strlen ("--phase="));
            return 2;
          }
      }

  /* As the test suite does: libhealing's log writer, a handler that keeps
   * trapped criticals from ending the process. */
  healing_test_init (&argc, &argv);

  /* Every fault shows the fallback at once: no retry timers to wait for. */
  policy = healing_policy_new ();
  healing_policy_set_enabled (policy, FALSE);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  grid = gtk_grid_new ();
  for (i = 0; i < N_CONTAINERS; i++)
    {
      char *id = g_strdup_printf ("soak-%d", i);

      slots[i].container = HEALING_CONTAINER (healing_container_new ());
      healing_container_set_component_id (slots[i].container, id);
      healing_container_set_trap_warnings (slots[i].container, TRUE);
      healing_container_set_checkpoint_interval (slots[i].container, 0);
      new_child (&slots[i]);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (slots[i].container), i % 10, i / 10, 1, 1);
      g_free (id);
    }
  window = healing_test_window_new (grid);

  rand = g_rand_new_with_seed (100000);
  rounds = (n_faults + N_CONTAINERS - 1) / N_CONTAINERS;
  start = g_get_monotonic_time ();

  for (round = 0; round < rounds; round++)
    {
      for (i = 0; i < N_CONTAINERS && raised < n_faults; i++)
        {
          Slot *slot = &slots[i];
          SoakPhase phase = only_phase >= 0 ? (SoakPhase) only_phase
                                            : (SoakPhase) g_rand_int_range (rand, 0, N_SOAK_PHASES);

          slot->pending = kinds[g_rand_int_range (rand, 0, n_kinds)];
          fault_counts[i] = healing_container_get_fault_count (slot->container);
          by_phase[phase]++;
          raised++;

          switch (phase)
            {
            case SOAK_MEASURE:
            case SOAK_ALLOCATE:
            case SOAK_SNAPSHOT:
              healing_test_faulty_arm_once (slot->child, slot->pending,
                                            (TestPhase) phase);
              gtk_widget_queue_resize (GTK_WIDGET (slot->child));
              break;
            case SOAK_HANDLER:
              /* A real SIGSEGV, g_critical (), g_warning () or reported
               * error, in the container's trap as in one of its handlers. */
              healing_container_inject_fault (slot->container,
                                              n_kinds == N_SIGNAL_KINDS
                                                ? HEALING_FAULT_CRASH
                                                : handler_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (handler_kinds))]);
              break;
            case SOAK_CALLBACK:
            case N_SOAK_PHASES:
            default:
              healing_idle_add (slot->container, idle_cb, slot);
              break;
            }
        }

      /* Render faults happen in the frame; callbacks before it. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      healing_test_wait_frames (window, 1);
      while (g_main_context_iteration (NULL, FALSE))
        ;

      for (i = 0; i < N_CONTAINERS; i++)
        {
          Slot *slot = &slots[i];

          if (healing_container_get_fault_count (slot->container) == fault_counts[i] &&
              (round * N_CONTAINERS + i) < n_faults)
            untrapped++;

          /* Disarm a render fault that the frame did not reach (a widget
           * that was not measured again), and bring the child back. */
          healing_test_faulty_arm (slot->child, TEST_FAULT_NONE, TEST_PHASE_MEASURE);
          if (healing_container_get_state (slot->container) != HEALING_STATE_HEALTHY)
            {
              healing_container_reset (slot->container);
              if (healing_container_get_child (slot->container) != GTK_WIDGET (slot->child))
                new_child (slot);
            }
        }

      /* The lowest figure of each tenth: a growth that is bounded (caches,
       * a ring filling up) levels off, a leak keeps rising; the lowest
       * rather than the last, because a round now and then leaves a
       * transient behind (GTK's caches of the fallbacks it just drew) that
       * the next round gives back. */
      if (rounds >= 10 && round / (rounds / 10) < 10)
        {
          guint tenth = round / (rounds / 10);
          long rss = rss_kib (), heap = heap_in_use_kib ();

          if (rss_tenth[tenth] == 0 || rss < rss_tenth[tenth])
            rss_tenth[tenth] = rss;
          if (heap_tenth[tenth] == 0 || heap < heap_tenth[tenth])
            heap_tenth[tenth] = heap;
        }

      if (round + 1 == MAX (rounds / 10, 1))
        {
          rss_warm = rss_kib ();
          heap_warm = heap_in_use_kib ();
          warm_time = g_get_monotonic_time ();
        }
    }

  rss_end = rss_kib ();
  heap_end = heap_in_use_kib ();

  printf ("soak-faults: %" G_GUINT64_FORMAT " real faults in %d containers, %" G_GUINT64_FORMAT " rounds, %.1f s\n",
          raised, N_CONTAINERS, rounds, (g_get_monotonic_time () - start) / 1e6);
  for (i = 0; i < N_SOAK_PHASES; i++)
    printf ("  %-9s %" G_GUINT64_FORMAT "\n", phase_names[i], by_phase[i]);
  printf ("  not trapped (fault count unchanged): %" G_GUINT64_FORMAT "\n", untrapped);
  printf ("  RSS after warm-up (%" G_GUINT64_FORMAT " faults): %ld KiB; at the end: %ld KiB; "
          "growth: %.1f KiB per 1,000 faults after warm-up\n",
          MAX (rounds / 10, 1) * N_CONTAINERS, rss_warm, rss_end,
          raised > MAX (rounds / 10, 1) * N_CONTAINERS
            ? (rss_end - rss_warm) * 1000.0 / (raised - MAX (rounds / 10, 1) * N_CONTAINERS) : 0.0);
  printf ("  heap in use (malloc) after warm-up: %ld KiB; at the end: %ld KiB; "
          "growth: %.1f KiB per 1,000 faults after warm-up\n",
          heap_warm, heap_end,
          raised > MAX (rounds / 10, 1) * N_CONTAINERS
            ? (heap_end - heap_warm) * 1000.0 / (raised - MAX (rounds / 10, 1) * N_CONTAINERS) : 0.0);
  if (rounds >= 10)
    {
      printf ("  lowest in each tenth (RSS / heap in use, KiB):");
      for (i = 0; i < 10; i++)
        printf (" %ld/%ld", rss_tenth[i], heap_tenth[i]);
      printf ("\n");
    }
  printf ("  time per fault after warm-up: %.1f µs (the whole round: fault, frame, reset)\n",
          raised > MAX (rounds / 10, 1) * N_CONTAINERS
            ? (g_get_monotonic_time () - warm_time) / (double) (raised - MAX (rounds / 10, 1) * N_CONTAINERS) : 0.0);
  printf ("  the process is alive: 0 deaths\n");

  gtk_window_destroy (GTK_WINDOW (window));
  g_rand_free (rand);
  g_object_unref (policy);

  return untrapped == 0 ? 0 : 1;
}
