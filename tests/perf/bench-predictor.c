/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-predictor: the cost of HealingPredictor per observed fault.
 *
 * Times, best of --rounds rounds, in the same run:
 * - observe: healing_predictor_observe_fault () alone;
 * - observe + probability: observe, then healing_predictor_get_probability ()
 *   at the same time, what a container does for each fault;
 * - plain GTK: gtk_adjustment_set_value () on a GtkAdjustment with a
 *   notify handler, as a yardstick of a cheap GTK operation, for the ratios.
 * The breaker is 3 faults in 10 s and faults come every 0.7 s on average
 * (pseudo-random gaps), so the window is often full.
 *
 *   ./_build/tests/perf/bench-predictor
 *
 * Instructions per fault (callgrind counts only inside the bench_loop_*
 * functions; divide their inclusive Ir by --iterations):
 *
 *   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
 *     --toggle-collect='bench_loop_*' \
 *     ./_build/tests/perf/bench-predictor --iterations=100000 --rounds=1
 *   callgrind_annotate --inclusive=yes /tmp/cg.out | grep bench_loop_
 *
 * Options: --iterations=N (default 10000000), --rounds=N (default 5).
 */

#include "config.h"

#include <stdio.h>

#include <gtk/gtk.h>
#include <healing.h>

static gint64 *times;
static volatile double sink;

static G_GNUC_NO_INLINE void
bench_loop_observe (HealingPredictor *predictor,
                    guint             n)
{
  guint i;

  for (i = 0; i < n; i++)
    healing_predictor_observe_fault (predictor, times[i]);
}

static G_GNUC_NO_INLINE void
bench_loop_observe_probability (HealingPredictor *predictor,
                                guint             n)
{
  double sum = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      healing_predictor_observe_fault (predictor, times[i]);
      sum += healing_predictor_get_probability (predictor, times[i]);
    }
  sink = sum;
}

static void
notify_cb (void)
{
}

static G_GNUC_NO_INLINE void
bench_loop_gtk (GtkAdjustment *adjustment,
                guint          n)
{
  guint i;

  for (i = 0; i < n; i++)
    gtk_adjustment_set_value (adjustment, (double) (i & 1));
}

int
main (int    argc,
      char **argv)
{
  gint iterations = 10000000;
  gint rounds = 5;
  GOptionEntry entries[] = {
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "Faults per round", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds (the best counts)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- HealingPredictor cost per fault");
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkAdjustment) adjustment = NULL;
  double best[3] = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
  GRand *rand;
  gint64 t = 0;
  gint r;
  guint i;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || iterations < 1 || rounds < 1)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "bad options");
      return 2;
    }

  times = g_new (gint64, iterations);
  rand = g_rand_new_with_seed (1);
  for (i = 0; i < (guint) iterations; i++)
    {
      t += g_rand_int_range (rand, 1, 1400000);
      times[i] = t;
    }
  g_rand_free (rand);

  adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 0.1, 0.1, 0));
  g_signal_connect (adjustment, "notify::value", G_CALLBACK (notify_cb), NULL);

  for (r = 0; r < rounds; r++)
    {
      g_autoptr (HealingPredictor) a = healing_predictor_new (3, 10 * G_USEC_PER_SEC);
      g_autoptr (HealingPredictor) b = healing_predictor_new (3, 10 * G_USEC_PER_SEC);
      gint64 start;

      start = g_get_monotonic_time ();
      bench_loop_observe (a, iterations);
      best[0] = MIN (best[0], (g_get_monotonic_time () - start) * 1000.0 / iterations);

      start = g_get_monotonic_time ();
      bench_loop_observe_probability (b, iterations);
      best[1] = MIN (best[1], (g_get_monotonic_time () - start) * 1000.0 / iterations);

      start = g_get_monotonic_time ();
      bench_loop_gtk (adjustment, iterations);
      best[2] = MIN (best[2], (g_get_monotonic_time () - start) * 1000.0 / iterations);
    }

  printf ("%-32s %8.1f ns/fault  (%.2f x plain GTK)\n", "observe_fault", best[0], best[0] / best[2]);
  printf ("%-32s %8.1f ns/fault  (%.2f x plain GTK)\n", "observe_fault + get_probability", best[1], best[1] / best[2]);
  printf ("%-32s %8.1f ns/op     (1.00 x)\n", "plain GTK: adjustment set_value", best[2]);
  printf ("(%d faults per round, best of %d rounds)\n", iterations, rounds);

  g_free (times);

  return 0;
}
