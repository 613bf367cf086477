/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* HealingPredictor on a virtual clock: times are plain microseconds. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <healing.h>

#include "healing-predictor-private.h"

#define S(x) ((gint64) ((x) * (double) G_USEC_PER_SEC))
#define WINDOW S (10)

/* A predictor whose rate is the prior, whatever the faults, and whose
 * output is the Poisson trip probability itself: the mechanism alone. */
static HealingPredictor *
new_poisson (guint  threshold,
             double rate)
{
  HealingPredictor *predictor = healing_predictor_new (threshold, WINDOW);
  HealingPredictorParams params = healing_predictor_default_params;
  guint c, i;

  params.tau_fast = 1;
  params.tau_slow = 2;
  params.prior_rate = rate;
  params.prior_weight = 1e12;
  params.fast_share = 0.5;
  params.min_rate = 1e-6;
  for (c = 0; c < HEALING_PREDICTOR_N_CLASSES; c++)
    {
      for (i = 0; i < HEALING_PREDICTOR_N_FEATURES; i++)
        params.weights[c][i] = i == 1 ? 1.0 : 0.0;
      params.hinge[c][1] = 0.0;
      params.n_knots[c] = 0;
    }
  healing_predictor_set_params (predictor, &params);

  return predictor;
}

/* The dynamic programme against the closed forms of a homogeneous
 * Poisson process. */
static void
test_predictor_poisson (void)
{
  g_autoptr (HealingPredictor) one = new_poisson (1, 0.1);
  g_autoptr (HealingPredictor) three = new_poisson (3, 0.1);
  g_autoptr (HealingPredictor) empty = new_poisson (3, 0.1);
  double expected;

  /* Threshold 1: any fault in the next window. */
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (one, S (100)),
                                  1 - exp (-0.1 * 10), 1e-6);

  /* Faults at 100 s and 101 s: a trip needs one new fault before 110 s
   * (when the first leaves the window), or two in (110, 111]. */
  healing_predictor_observe_fault (three, S (100));
  healing_predictor_observe_fault (three, S (101));
  expected = 1 - exp (-0.1 * 9) * exp (-0.1) * (1 + 0.1);
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (three, S (101)),
                                  expected, 1e-6);

  /* Nothing in the window: three new faults within the next 10 s. */
  expected = 1 - exp (-1.0) * (1 + 1.0 + 0.5);
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (empty, S (5)),
                                  expected, 1e-6);
  /* The same once the old faults have left the window. */
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (three, S (112)),
                                  expected, 1e-6);
}

/* Faults closer and closer together: the probability never goes down
 * from one fault to the next. */
static void
test_predictor_monotone (void)
{
  static const double gaps[] = { 30, 25, 20, 15, 12, 10, 8, 6, 5, 4, 3, 2, 1.5, 1, 0.5 };
  g_autoptr (HealingPredictor) predictor = healing_predictor_new (3, WINDOW);
  double t = 100, last = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (gaps); i++)
    {
      double p;

      t += gaps[i];
      healing_predictor_observe_fault (predictor, S (t));
      p = healing_predictor_get_probability (predictor, S (t));
      g_test_message ("gap %.1f s: p = %.3f", gaps[i], p);
      g_assert_cmpfloat (p, >=, last - 1e-12);
      g_assert_cmpfloat (p, >=, 0);
      g_assert_cmpfloat (p, <=, 1);
      last = p;
    }

  /* A fault a second for a while: the breaker is about to trip. */
  g_assert_cmpfloat (last, >, 0.7);
}

/* An extra fault, anywhere in the past, never lowers the probability:
 * every input of the calibration grows with the faults and has a weight
 * that is not negative, and so does the hinge on top, and the final
 * recalibration is non-decreasing. Random traces for
 * each calibrated threshold, with and without one more fault. */
static void
test_predictor_extra_fault (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  guint trial, threshold;

  for (threshold = 2; threshold <= 5; threshold++)
    for (trial = 0; trial < 200; trial++)
      {
        g_autoptr (HealingPredictor) plain = healing_predictor_new (threshold, WINDOW);
        g_autoptr (HealingPredictor) extra = healing_predictor_new (threshold, WINDOW);
        guint n = g_rand_int_range (rand, 1, 8), at = g_rand_int_range (rand, 0, n), i;
        double t = 0, now, with, without;

        for (i = 0; i < n; i++)
          {
            t += g_rand_double_range (rand, 0.05, 15);
            healing_predictor_observe_fault (plain, S (t));
            healing_predictor_observe_fault (extra, S (t));
            if (i == at)
              {
                /* The extra fault, a moment after this one. */
                t += g_rand_double_range (rand, 0.01, 3);
                healing_predictor_observe_fault (extra, S (t));
              }
          }
        now = t + g_rand_double_range (rand, 0, 12);
        with = healing_predictor_get_probability (extra, S (now));
        without = healing_predictor_get_probability (plain, S (now));
        if (with < without - 1e-12)
          g_error ("threshold %u, trial %u: %.6f with the extra fault, %.6f without",
                   threshold, trial, with, without);
      }
}

/* A higher steady rate gives a higher probability. */
static void
test_predictor_rate_order (void)
{
  static const double periods[] = { 60, 30, 15, 8, 4, 2 };
  double last = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr (HealingPredictor) predictor = healing_predictor_new (3, WINDOW);
      double t, p;

      for (t = 0; t <= 300; t += periods[i])
        healing_predictor_observe_fault (predictor, S (t));
      p = healing_predictor_get_probability (predictor, S (t - periods[i]));
      g_test_message ("a fault every %.0f s: p = %.3f", periods[i], p);
      g_assert_cmpfloat (p, >, last);
      last = p;
    }
}

/* After a burst, quiet: the probability falls, and never rises again. */
static void
test_predictor_decay (void)
{
  g_autoptr (HealingPredictor) predictor = healing_predictor_new (3, WINDOW);
  double start, last, t;

  healing_predictor_observe_fault (predictor, S (50));
  healing_predictor_observe_fault (predictor, S (50.5));
  healing_predictor_observe_fault (predictor, S (51));
  healing_predictor_observe_fault (predictor, S (51.2));
  start = last = healing_predictor_get_probability (predictor, S (51.2));

  for (t = 51.2; t < 400; t += 0.25)
    {
      double p = healing_predictor_get_probability (predictor, S (t));

      g_assert_cmpfloat (p, <=, last + 1e-12);
      last = p;
    }

  g_test_message ("after the burst %.3f, after 350 s of quiet %.4f", start, last);
  g_assert_cmpfloat (start, >, 0.5);
  g_assert_cmpfloat (last, <, start / 2);
  /* Quiet for long enough is the same as never having faulted. */
  {
    g_autoptr (HealingPredictor) fresh = healing_predictor_new (3, WINDOW);

    g_assert_cmpfloat (last, <=, healing_predictor_get_probability (fresh, S (400)) + 0.01);
    g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (predictor, S (5000)),
                                    healing_predictor_get_probability (fresh, S (5000)), 1e-9);
  }
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? atol (line + strlen ("VmRSS:")) : -1;
}

/* A million faults: memory does not grow, and the predictor forgets the
 * old ones just as if it had seen only the recent ones. */
static void
test_predictor_bounded (void)
{
  g_autoptr (HealingPredictor) many = healing_predictor_new (3, WINDOW);
  g_autoptr (HealingPredictor) few = healing_predictor_new (3, WINDOW);
  long before, after;
  gint64 t;
  guint i;

  before = rss_kb ();
  for (i = 0, t = 0; i < 1000000; i++, t += G_USEC_PER_SEC / 2)
    healing_predictor_observe_fault (many, t);
  after = rss_kb ();
  g_test_message ("RSS before %ld kB, after a million faults %ld kB", before, after);
  if (before > 0 && after > 0)
    g_assert_cmpint (after - before, <, 256);
  g_assert_cmpuint (healing_predictor_get_fault_count (many), ==, 1000000);

  /* The last 2000 faults (1000 s) into another predictor. */
  t = (gint64) (1000000 - 2000) * (G_USEC_PER_SEC / 2);
  for (i = 0; i < 2000; i++, t += G_USEC_PER_SEC / 2)
    healing_predictor_observe_fault (few, t);

  t -= G_USEC_PER_SEC / 2;
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (many, t),
                                  healing_predictor_get_probability (few, t), 1e-9);
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (many, t + S (30)),
                                  healing_predictor_get_probability (few, t + S (30)), 1e-9);
}

/* The words say what the numbers say. */
static void
check_text (const HealingPrediction *prediction)
{
  g_autofree char *text = healing_prediction_to_string (prediction);
  g_autofree char *number = g_strdup_printf ("predicted %.2f: ", healing_prediction_get_probability (prediction));
  double change = healing_prediction_get_trend (prediction) * 10;
  double rate = healing_prediction_get_rate (prediction);

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, number));
  if (change > 0.2 * rate)
    g_assert_nonnull (strstr (text, "and rising"));
  else if (change < -0.2 * rate)
    g_assert_nonnull (strstr (text, "and falling"));
  else
    g_assert_nonnull (strstr (text, "steady"));
}

/* The reasons behind the number are the ones that hold. */
static void
test_predictor_explain (void)
{
  g_autoptr (HealingPredictor) predictor = healing_predictor_new (4, WINDOW);
  g_autoptr (HealingPrediction) rising = NULL;
  g_autoptr (HealingPrediction) later = NULL;
  g_autoptr (HealingPrediction) quiet = NULL;

  healing_predictor_observe_fault (predictor, S (100));
  healing_predictor_observe_fault (predictor, S (106));
  healing_predictor_observe_fault (predictor, S (109));
  healing_predictor_observe_fault (predictor, S (110.5));

  rising = healing_predictor_explain (predictor, S (110.5));
  g_assert_cmpfloat (healing_prediction_get_probability (rising), ==,
                     healing_predictor_get_probability (predictor, S (110.5)));
  g_assert_cmpint (healing_prediction_get_time (rising), ==, S (110.5));
  /* 100 s is out of the window at 110.5 s; the threshold keeps 3 times. */
  g_assert_cmpuint (healing_prediction_get_faults_in_window (rising), ==, 3);
  g_assert_cmpfloat (healing_prediction_get_rate (rising), >, 0.1);
  g_assert_cmpfloat (healing_prediction_get_trend (rising), >, 0);

  check_text (rising);

  /* 2 s on, 106 s has left the window too. */
  later = healing_predictor_explain (predictor, S (116.5));
  g_assert_cmpuint (healing_prediction_get_faults_in_window (later), ==, 2);
  g_assert_cmpfloat (healing_prediction_get_rate (later), <, healing_prediction_get_rate (rising));

  quiet = healing_predictor_explain (predictor, S (200));
  g_assert_cmpuint (healing_prediction_get_faults_in_window (quiet), ==, 0);
  g_assert_cmpfloat (healing_prediction_get_trend (quiet), <, 0);
  check_text (later);
  check_text (quiet);

  /* Faster and faster after a long quiet: rising, in words too. */
  {
    static const double times[] = { 300, 320, 335, 345, 352, 357, 360, 362, 363.5, 364.5, 365.2 };
    g_autoptr (HealingPredictor) ramp = healing_predictor_new (20, WINDOW);
    g_autoptr (HealingPrediction) fast = NULL;
    g_autofree char *words = NULL;
    guint i;

    for (i = 0; i < G_N_ELEMENTS (times); i++)
      healing_predictor_observe_fault (ramp, S (times[i]));
    fast = healing_predictor_explain (ramp, S (365.2));
    g_assert_cmpuint (healing_prediction_get_faults_in_window (fast), ==, 6);
    g_assert_cmpfloat (healing_prediction_get_trend (fast), >, 0);
    check_text (fast);
    words = healing_prediction_to_string (fast);
    g_assert_nonnull (strstr (words, "rising"));
  }
}

/* Changing the threshold keeps the newest faults; reset forgets all. */
static void
test_predictor_threshold (void)
{
  g_autoptr (HealingPredictor) predictor = healing_predictor_new (5, WINDOW);
  g_autoptr (HealingPrediction) before = NULL;
  g_autoptr (HealingPrediction) after = NULL;
  g_autoptr (HealingPredictor) fresh = healing_predictor_new (2, WINDOW);
  guint i;

  for (i = 0; i < 4; i++)
    healing_predictor_observe_fault (predictor, S (10 + i));
  before = healing_predictor_explain (predictor, S (13));
  g_assert_cmpuint (healing_prediction_get_faults_in_window (before), ==, 4);

  healing_predictor_set_threshold (predictor, 2);
  g_assert_cmpuint (healing_predictor_get_threshold (predictor), ==, 2);
  after = healing_predictor_explain (predictor, S (13));
  g_assert_cmpuint (healing_prediction_get_faults_in_window (after), ==, 1);
  /* A fault a second and a breaker that trips at the next one: likely. */
  g_assert_cmpfloat (healing_prediction_get_probability (after), >, 0.5);

  healing_predictor_reset (predictor);
  g_assert_cmpuint (healing_predictor_get_fault_count (predictor), ==, 0);
  g_assert_cmpfloat_with_epsilon (healing_predictor_get_probability (predictor, S (14)),
                                  healing_predictor_get_probability (fresh, S (14)), 1e-12);

  /* Calibrated for 2 to 5 faults only. */
  g_assert_true (healing_predictor_get_calibrated (predictor));
  healing_predictor_set_threshold (predictor, 6);
  g_assert_false (healing_predictor_get_calibrated (predictor));
  healing_predictor_set_threshold (predictor, 1);
  g_assert_false (healing_predictor_get_calibrated (predictor));

  /* The window is a property too. */
  healing_predictor_set_window (predictor, S (30));
  g_assert_cmpint (healing_predictor_get_window (predictor), ==, S (30));
}

/* observe () takes the fault's own time. */
static void
test_predictor_observe_fault_record (void)
{
  g_autoptr (HealingPredictor) predictor = healing_predictor_new (3, WINDOW);
  g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  g_autoptr (HealingFault) fault = healing_fault_new_for_error (error, "Test");
  g_autoptr (HealingPrediction) prediction = NULL;

  healing_predictor_observe (predictor, fault);
  g_assert_cmpuint (healing_predictor_get_fault_count (predictor), ==, 1);
  prediction = healing_predictor_explain (predictor, healing_fault_get_time (fault));
  g_assert_cmpuint (healing_prediction_get_faults_in_window (prediction), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/predictor/poisson", test_predictor_poisson);
  g_test_add_func ("/predictor/monotone", test_predictor_monotone);
  g_test_add_func ("/predictor/extra-fault", test_predictor_extra_fault);
  g_test_add_func ("/predictor/rate-order", test_predictor_rate_order);
  g_test_add_func ("/predictor/decay", test_predictor_decay);
  g_test_add_func ("/predictor/bounded", test_predictor_bounded);
  g_test_add_func ("/predictor/explain", test_predictor_explain);
  g_test_add_func ("/predictor/threshold", test_predictor_threshold);
  g_test_add_func ("/predictor/observe-fault-record", test_predictor_observe_fault_record);

  return g_test_run ();
}
