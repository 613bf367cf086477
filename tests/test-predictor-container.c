/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Failure prediction in HealingContainer, end to end under Xvfb: a real
 * widget that crashes while drawing, the policy's predict mode, the
 * component's breaker, on a virtual clock. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <healing.h>

#include "healing-inspector-predictor-plot-private.h"
#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define GREEN 0xff00ff00u

typedef struct {
  HealingClock *clock;
  HealingPolicy *policy;
  GtkWidget *window;
  GtkWidget *container;
  GtkWidget *child;
  guint notifications;
} Fixture;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *counter)
{
  (*counter)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  HealingRuntime *runtime = healing_runtime_get_default ();

  fixture->clock = healing_clock_new_virtual (0);
  healing_runtime_set_clock (runtime, fixture->clock);

  /* Crashes go to the breaker: 3 faults in 10 s open it for 5 s. */
  fixture->policy = healing_policy_new ();
  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_threshold (fixture->policy, 3);
  healing_policy_set_breaker_window (fixture->policy, 10000);
  healing_policy_set_breaker_open_timeout (fixture->policy, 5000);
  healing_runtime_set_policy (runtime, fixture->policy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
  g_clear_object (&fixture->policy);
  g_clear_object (&fixture->clock);
}

static void
show (Fixture    *fixture,
      const char *component_id)
{
  fixture->child = healing_test_faulty_new ();
  fixture->container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (fixture->container), component_id);
  healing_container_set_child (HEALING_CONTAINER (fixture->container), fixture->child);
  g_signal_connect (fixture->container, "notify::failure-probability",
                    G_CALLBACK (notify_cb), &fixture->notifications);
  fixture->window = healing_test_window_new (fixture->container);
}

static void
settle (Fixture *fixture)
{
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
}

static void
advance (Fixture *fixture,
         double   seconds)
{
  healing_clock_advance (fixture->clock, (gint64) (seconds * G_USEC_PER_SEC));
  settle (fixture);
}

/* One crash while drawing, now. */
static void
crash_once (Fixture *fixture)
{
  guint before = healing_container_get_fault_count (HEALING_CONTAINER (fixture->container));

  healing_test_faulty_arm_once (HEALING_TEST_FAULTY (fixture->child), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  gtk_widget_queue_draw (fixture->child);
  settle (fixture);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (fixture->container)), ==, before + 1);
}

static HealingFaultEntry *
last_entry (void)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint n = g_list_model_get_n_items (log);

  g_assert_cmpuint (n, >, 0);
  g_object_unref (g_list_model_get_item (log, n - 1));
  return g_list_model_get_item (log, n - 1);
}

/* The container's failure-probability is the predictor's, now. */
static void
assert_probability_reported (Fixture    *fixture,
                             const char *component_id)
{
  HealingPredictor *predictor = healing_runtime_lookup_predictor (healing_runtime_get_default (), component_id);
  double reported;

  g_assert_nonnull (predictor);
  g_object_get (fixture->container, "failure-probability", &reported, NULL);
  g_assert_cmpfloat (reported, ==,
                     healing_predictor_get_probability (predictor, healing_clock_get_time (fixture->clock)));
  g_assert_cmpfloat (reported, ==,
                     healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container)));
}

/* An accelerating ramp of crashes: the second fault in the window comes
 * 0.4 s after the first. The breaker alone would open at the third. */
static const double ramp_gaps[] = { 0, 20, 12, 0.4 };

/* Isolate mode opens the breaker after the second fault in the window,
 * with the prediction as the reason, logs it, says so in the fallback, and
 * a clean half-open trial brings the child back. */
static void
test_isolate_before_third_fault (Fixture       *fixture,
                                 gconstpointer  data)
{
  HealingCircuitBreaker *breaker;
  HealingFaultEntry *entry;
  HealingDecision *decision;
  const char *reason;
  guint i;

  show (fixture, "PredictRamp");
  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "PredictRamp");

  for (i = 0; i < G_N_ELEMENTS (ramp_gaps); i++)
    {
      advance (fixture, ramp_gaps[i]);
      g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
      crash_once (fixture);
      assert_probability_reported (fixture, "PredictRamp");
      g_test_message ("fault %u at %.1f s: p = %.3f, breaker %s", i + 1,
                      healing_clock_get_time (fixture->clock) / (double) G_USEC_PER_SEC,
                      healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container)),
                      healing_circuit_breaker_get_reason (breaker) != NULL ?
                      healing_circuit_breaker_get_reason (breaker) : "closed");
      if (i + 1 < G_N_ELEMENTS (ramp_gaps))
        g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
    }

  /* Two faults in the window, not three: the breaker opened early. */
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpfloat (healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container)), >,
                     healing_policy_get_isolate_probability (fixture->policy));
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)), ==,
                   HEALING_STATE_OPEN_CIRCUIT);
  reason = healing_circuit_breaker_get_reason (breaker);
  g_assert_true (g_str_has_prefix (reason, "predicted 0."));
  g_assert_nonnull (strstr (reason, "faults/s"));
  g_assert_nonnull (strstr (reason, "next trial in 5 s"));

  /* The fault log says what was decided and why. */
  entry = last_entry ();
  decision = healing_fault_entry_get_decision (entry);
  g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_CIRCUIT_BREAK);
  g_assert_true (g_str_has_prefix (healing_decision_get_reason (decision), "predicted 0."));
  g_assert_true (g_str_has_prefix (reason, healing_decision_get_reason (decision)));
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_PENDING);

  /* The fallback is up and the child is not run. */
  {
    guint draws = healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->child));

    advance (fixture, 4);
    g_assert_cmpuint (healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->child)), ==, draws);
    g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  }

  /* Half-open after 5 s: the trial runs the child, which behaves. */
  advance (fixture, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)), ==, HEALING_STATE_HEALTHY);
  g_assert_cmphex (healing_test_pixel_at (fixture->child, 10, 10), ==, GREEN);

  advance (fixture, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_HEALED);
}

/* A fault in the trial after an early opening reopens the breaker. */
static void
test_isolate_trial_fails (Fixture       *fixture,
                          gconstpointer  data)
{
  HealingCircuitBreaker *breaker;
  guint i;

  show (fixture, "PredictRelapse");
  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "PredictRelapse");

  for (i = 0; i < G_N_ELEMENTS (ramp_gaps); i++)
    {
      advance (fixture, ramp_gaps[i]);
      crash_once (fixture);
    }
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);

  advance (fixture, 5);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  crash_once (fixture);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (healing_circuit_breaker_get_open_count (breaker), ==, 2);
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)), ==,
                   HEALING_STATE_OPEN_CIRCUIT);
  g_assert_cmpint (healing_decision_get_strategy (healing_fault_entry_get_decision (last_entry ())), ==,
                   HEALING_STRATEGY_CIRCUIT_BREAK);
}

/* Shadow mode computes, shows and logs, and never acts: the same ramp
 * leaves the breaker closed until its own third fault. */
static void
test_shadow_never_acts (Fixture       *fixture,
                        gconstpointer  data)
{
  HealingCircuitBreaker *breaker;
  HealingDecision *decision;
  guint i;

  healing_policy_set_predict (fixture->policy, HEALING_PREDICT_MODE_SHADOW);
  show (fixture, "PredictShadow");
  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "PredictShadow");

  for (i = 0; i < G_N_ELEMENTS (ramp_gaps); i++)
    {
      advance (fixture, ramp_gaps[i]);
      crash_once (fixture);
      assert_probability_reported (fixture, "PredictShadow");
      g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
      g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)), ==,
                       HEALING_STATE_HEALTHY);
    }

  /* Above the threshold, written down, not acted on. */
  g_assert_cmpfloat (healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container)), >,
                     healing_policy_get_isolate_probability (fixture->policy));
  decision = healing_fault_entry_get_decision (last_entry ());
  g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_CIRCUIT_BREAK);
  g_assert_nonnull (strstr (healing_decision_get_reason (decision), "predicted 0."));
  g_assert_nonnull (strstr (healing_decision_get_reason (decision), "shadow mode: not acted on"));

  /* The breaker's own third fault opens it, for its own reason. */
  advance (fixture, 0.2);
  crash_once (fixture);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_true (g_str_has_prefix (healing_circuit_breaker_get_reason (breaker), "opened: 3 failures"));
}

/* Off: no prediction at all. */
static void
test_off (Fixture       *fixture,
          gconstpointer  data)
{
  guint i;

  healing_policy_set_predict (fixture->policy, HEALING_PREDICT_MODE_OFF);
  show (fixture, "PredictOff");

  for (i = 0; i < G_N_ELEMENTS (ramp_gaps); i++)
    {
      advance (fixture, ramp_gaps[i]);
      crash_once (fixture);
    }
  g_assert_cmpfloat (healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container)), ==, 0);
  g_assert_cmpuint (fixture->notifications, ==, 0);
  g_assert_null (healing_runtime_lookup_predictor (healing_runtime_get_default (), "PredictOff"));
}

/* In quiet the probability decays on the clock, notified in steps of at
 * least 0.01, and the timer stops once it has reached its quiet level. */
static void
test_decay_in_quiet (Fixture       *fixture,
                     gconstpointer  data)
{
  double last, now;
  guint before, i;

  healing_policy_set_predict (fixture->policy, HEALING_PREDICT_MODE_SHADOW);
  show (fixture, "PredictDecay");
  crash_once (fixture);
  advance (fixture, 0.3);
  crash_once (fixture);
  last = healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container));
  g_assert_cmpuint (fixture->notifications, >, 0);
  before = fixture->notifications;
  /* The decay ticks once a second from the first fault: to the next
   * tick, then tick by tick, so that the value is the one of now. */
  advance (fixture, 0.7);

  for (i = 0; i < 300; i++)
    {
      advance (fixture, 1);
      now = healing_container_get_failure_probability (HEALING_CONTAINER (fixture->container));
      g_assert_cmpfloat (now, <=, last + 1e-12);
      if (healing_clock_get_n_pending (fixture->clock) > 0)
        assert_probability_reported (fixture, "PredictDecay");
      else
        {
          /* The timer stopped: what is left of the decay is less than
           * a notification step. */
          HealingPredictor *predictor = healing_runtime_lookup_predictor (healing_runtime_get_default (),
                                                                          "PredictDecay");
          double exact = healing_predictor_get_probability (predictor, healing_clock_get_time (fixture->clock));

          g_assert_cmpfloat (fabs (now - exact), <, 0.01);
        }
      last = now;
    }

  g_test_message ("after 300 s of quiet: p = %.4f, %u notifications", last,
                  fixture->notifications - before);
  g_assert_cmpuint (fixture->notifications, >, before);
  /* Nothing left ticking on the clock but its own breaker's timers. */
  g_assert_cmpuint (healing_clock_get_n_pending (fixture->clock), ==, 0);
}

/* The Inspector's plot follows the selected container: a sample for each
 * change of its probability and for the early opening, drawn live. */
static void
test_inspector_plot (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *plot = healing_inspector_predictor_plot_new ();
  GtkWidget *plot_window;
  guint i, before;

  show (fixture, "PredictPlot");
  plot_window = healing_test_window_new (plot);
  healing_inspector_predictor_plot_set_container (HEALING_INSPECTOR_PREDICTOR_PLOT (plot),
                                                  HEALING_CONTAINER (fixture->container));
  before = healing_inspector_predictor_plot_get_n_samples (HEALING_INSPECTOR_PREDICTOR_PLOT (plot));
  g_assert_cmpuint (before, ==, 1);

  for (i = 0; i < G_N_ELEMENTS (ramp_gaps); i++)
    {
      advance (fixture, ramp_gaps[i]);
      crash_once (fixture);
    }
  healing_test_wait_frames (plot_window, 2);

  /* A sample per notified change, and one for the early opening. */
  g_assert_cmpuint (healing_inspector_predictor_plot_get_n_samples (HEALING_INSPECTOR_PREDICTOR_PLOT (plot)), >=,
                    before + G_N_ELEMENTS (ramp_gaps));
  g_assert_cmpuint (healing_inspector_predictor_plot_get_n_samples (HEALING_INSPECTOR_PREDICTOR_PLOT (plot)), <=, 512);
  healing_test_save_png (plot, "predictor-plot.png");

  gtk_window_destroy (GTK_WINDOW (plot_window));
}

int
main (int    argc,
      char **argv)
{
  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/Healing/Predict/isolate-before-third-fault", test_isolate_before_third_fault);
  ADD ("/Healing/Predict/isolate-trial-fails", test_isolate_trial_fails);
  ADD ("/Healing/Predict/shadow-never-acts", test_shadow_never_acts);
  ADD ("/Healing/Predict/off", test_off);
  ADD ("/Healing/Predict/decay-in-quiet", test_decay_in_quiet);
  ADD ("/Healing/Predict/inspector-plot", test_inspector_plot);

  return g_test_run ();
}
