/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include <healing.h>

#include "healing-test-faulty.h"
#include "healing-test-utils.h"

/* End to end under Xvfb: real faults, real widgets, the policy deciding,
 * time advanced on a virtual clock. */

#define GREEN 0xff00ff00u

typedef struct {
  HealingClock *clock;
  HealingPolicy *policy;
  GtkWidget *window;
  GtkWidget *box;
  guint retries;
  guint restored;
} Fixture;

static void
count_cb (GtkWidget *container,
          guint     *counter)
{
  (*counter)++;
}

static GtkWidget *
add_container (Fixture    *fixture,
               const char *component_id,
               GtkWidget  *child)
{
  GtkWidget *container = healing_container_new ();

  healing_container_set_component_id (HEALING_CONTAINER (container), component_id);
  healing_container_set_child (HEALING_CONTAINER (container), child);
  gtk_widget_set_vexpand (container, TRUE);
  g_signal_connect (container, "retry", G_CALLBACK (count_cb), &fixture->retries);
  g_signal_connect (container, "restored", G_CALLBACK (count_cb), &fixture->restored);
  gtk_box_append (GTK_BOX (fixture->box), container);

  return container;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  HealingRuntime *runtime = healing_runtime_get_default ();

  fixture->clock = healing_clock_new_virtual (0);
  healing_runtime_set_clock (runtime, fixture->clock);

  /* The default policy (retry ×3 → restore → fallback → isolate), with
   * what each test changes. */
  fixture->policy = healing_policy_new ();
  /* These tests check the policy's own strategies: no early opening of
   * the breaker by failure prediction (test-predictor-container.c). */
  healing_policy_set_predict (fixture->policy, HEALING_PREDICT_MODE_OFF);
  healing_runtime_set_policy (runtime, fixture->policy);

  fixture->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
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
show (Fixture *fixture)
{
  fixture->window = healing_test_window_new (fixture->box);
}

/* Lets the main loop run the frames and idles a fault sets off. */
static void
settle (Fixture *fixture)
{
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
}

static void
advance (Fixture *fixture,
         guint    ms)
{
  healing_clock_advance (fixture->clock, (gint64) ms * 1000);
  settle (fixture);
}

static HealingState
state_of (GtkWidget *container)
{
  return healing_container_get_state (HEALING_CONTAINER (container));
}

static HealingFaultEntry *
last_entry (void)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint n = g_list_model_get_n_items (log);

  g_assert_cmpuint (n, >, 0);
  /* The log holds its entries; the reference we drop here is ours. */
  g_object_unref (g_list_model_get_item (log, n - 1));
  return g_list_model_get_item (log, n - 1);
}

/* A flaky widget (one crash while drawing) recovers through retry: the
 * fallback counts down, the child runs again after the backoff and, once
 * it has run cleanly for a while, the episode is logged as healed. */
static void
test_retry_recovers (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *container = add_container (fixture, "Flaky", child);
  HealingFaultEntry *entry;
  guint delay;

  healing_policy_set_retry_jitter (fixture->policy, 0);
  delay = healing_policy_get_retry_initial_delay (fixture->policy);
  show (fixture);

  healing_test_faulty_arm_once (HEALING_TEST_FAULTY (child), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  settle (fixture);

  g_assert_cmpint (state_of (container), ==, HEALING_STATE_RETRYING);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  entry = last_entry ();
  g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_RETRY);
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_PENDING);
  /* Not before the backoff delay is over. */
  advance (fixture, delay - 1);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_RETRYING);
  g_assert_cmpuint (fixture->retries, ==, 0);

  advance (fixture, 1);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (fixture->retries, ==, 1);
  g_assert_cmphex (healing_test_pixel_at (child, 10, 10), ==, GREEN);

  advance (fixture, 1000);
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_HEALED);
}

/* A widget that keeps crashing uses up its retries, with growing delays,
 * then escalates: nothing to restore, so the fallback. */
static void
test_retry_escalates (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *container = add_container (fixture, "Broken", child);
  guint attempt;

  healing_policy_set_retry_jitter (fixture->policy, 0);
  show (fixture);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_DIVIDE_BY_ZERO, TEST_PHASE_SNAPSHOT);
  settle (fixture);

  for (attempt = 0; attempt < healing_policy_get_retry_max_attempts (fixture->policy); attempt++)
    {
      HealingDecision *decision = healing_fault_entry_get_decision (last_entry ());

      g_assert_cmpint (state_of (container), ==, HEALING_STATE_RETRYING);
      g_assert_cmpuint (healing_decision_get_step_attempt (decision), ==, attempt + 1);
      g_assert_cmpuint (healing_decision_get_delay (decision), ==,
                        healing_policy_compute_retry_delay (fixture->policy, "Broken", attempt + 1));
      advance (fixture, healing_decision_get_delay (decision));
    }

  g_assert_cmpint (state_of (container), ==, HEALING_STATE_FALLBACK);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==,
                    healing_policy_get_retry_max_attempts (fixture->policy) + 1);
  g_assert_cmpuint (fixture->retries, ==, healing_policy_get_retry_max_attempts (fixture->policy));
  g_assert_cmpint (healing_fault_entry_get_outcome (last_entry ()), ==, HEALING_OUTCOME_GAVE_UP);
}

/* A widget that keeps crashing trips its breaker after 3 faults, shows the
 * fallback without being run, and after the open timeout a successful
 * half-open trial closes the breaker and the child is back. */
static void
test_breaker_trips_and_closes (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *container;
  HealingCircuitBreaker *breaker;
  guint draws;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_threshold (fixture->policy, 3);
  healing_policy_set_breaker_open_timeout (fixture->policy, 5000);
  container = add_container (fixture, "Ticker", child);
  show (fixture);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture->window, 6);
  healing_test_flush ();

  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "Ticker");
  g_assert_nonnull (breaker);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 3);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_nonnull (strstr (healing_circuit_breaker_get_reason (breaker), "threshold 3"));

  /* Open: the child is not run at all. */
  draws = healing_test_faulty_get_draws (HEALING_TEST_FAULTY (child));
  advance (fixture, 4000);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_cmpuint (healing_test_faulty_get_draws (HEALING_TEST_FAULTY (child)), ==, draws);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 3);

  /* Fixed in the meantime; the half-open trial succeeds and closes it. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_NONE, TEST_PHASE_LAST);
  advance (fixture, 1000);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmphex (healing_test_pixel_at (child, 10, 10), ==, GREEN);

  advance (fixture, 1000);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_HEALTHY);
}

/* Draws @n frames in which @widget itself is drawn again. */
static void
draw_frames (Fixture   *fixture,
             GtkWidget *widget,
             guint      n)
{
  while (n-- > 0)
    {
      gtk_widget_queue_draw (widget);
      healing_test_wait_frames (fixture->window, 1);
    }
  healing_test_flush ();
}

/* Rate mode (issue 17): every clean frame of the child is a success in
 * the breaker's window, a crash a failure, and the circuit opens on the
 * failure rate, not on a count. The default mode counts no frames. */
static void
test_breaker_rate_counts_frames (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *plain = healing_test_faulty_new ();
  HealingPolicy *counted = healing_policy_new ();
  GtkWidget *container;
  HealingCircuitBreaker *breaker, *plain_breaker;
  guint draws, calls;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_mode (counted, HEALING_CIRCUIT_MODE_COUNT_BASED);
  healing_policy_set_breaker_window_size (counted, 10);
  healing_policy_set_breaker_minimum_calls (counted, 10);
  healing_policy_set_component (fixture->policy, "Rated", counted);
  container = add_container (fixture, "Rated", child);
  add_container (fixture, "Counted", plain);
  show (fixture);

  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "Rated");
  plain_breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "Counted");
  g_assert_true (healing_circuit_breaker_get_counts_successes (breaker));
  g_assert_false (healing_circuit_breaker_get_counts_successes (plain_breaker));

  draw_frames (fixture, child, 12);
  draws = healing_test_faulty_get_draws (HEALING_TEST_FAULTY (child));
  g_assert_cmpuint (draws, >=, 12);
  /* Each clean frame once: the window holds the last 10. */
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), ==, 10);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate (breaker), ==, 0.0);
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (plain_breaker), ==, 0);

  /* One crash in ten frames is 10 %: the child keeps running. */
  healing_test_faulty_arm_once (HEALING_TEST_FAULTY (child), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  draw_frames (fixture, child, 1);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  calls = healing_circuit_breaker_get_calls_in_window (breaker);
  g_assert_cmpuint (calls, ==, 10);
  g_assert_cmpuint (healing_circuit_breaker_get_failure_count (breaker), ==, 1);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_HEALTHY);

  /* Crashing in every frame takes the rate to 50 % within five frames. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  draw_frames (fixture, child, 8);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_nonnull (strstr (healing_circuit_breaker_get_reason (breaker),
                            "of the last 10 calls reached threshold 50 %"));

  g_object_unref (counted);
}

/* A half-open trial that faults reopens the breaker. */
static void
test_breaker_trial_fails (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *container;
  HealingCircuitBreaker *breaker;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_threshold (fixture->policy, 2);
  healing_policy_set_breaker_open_timeout (fixture->policy, 5000);
  container = add_container (fixture, "Chart", child);
  show (fixture);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_ABORT, TEST_PHASE_MEASURE);
  settle (fixture);
  settle (fixture);
  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "Chart");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);

  advance (fixture, 5000);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_cmpuint (healing_circuit_breaker_get_open_count (breaker), ==, 2);
}

/* Reported network errors open a breaker shared by two containers with the
 * same component id: both show their fallback. */
static void
test_reported_network_error_shared_breaker (Fixture       *fixture,
                                            gconstpointer  data)
{
  GtkWidget *feed = add_container (fixture, "Feed", gtk_label_new ("news"));
  GtkWidget *feed_too = add_container (fixture, "Feed", gtk_label_new ("more news"));
  GtkWidget *other = add_container (fixture, "Other", healing_test_faulty_new ());
  g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                                                  "Network is unreachable");
  guint i;

  show (fixture);

  for (i = 0; i < 2; i++)
    {
      healing_container_report_error (HEALING_CONTAINER (feed), error);
      settle (fixture);
      /* Below the threshold the panel keeps working. */
      g_assert_cmpint (state_of (feed), ==, HEALING_STATE_HEALTHY);
      g_assert_cmpint (healing_fault_entry_get_strategy (last_entry ()), ==, HEALING_STRATEGY_CIRCUIT_BREAK);
    }

  healing_container_report_error (HEALING_CONTAINER (feed), error);
  settle (fixture);

  g_assert_cmpint (state_of (feed), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_cmpint (state_of (feed_too), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (feed_too)), ==, 0);
  g_assert_cmpint (state_of (other), ==, HEALING_STATE_HEALTHY);
  g_assert_cmphex (healing_test_pixel_at (gtk_widget_get_first_child (other), 10, 10), ==, GREEN);
  g_assert_cmpint (healing_fault_get_kind (healing_container_get_last_fault (HEALING_CONTAINER (feed))),
                   ==, HEALING_FAULT_ERROR);
}

/* Restore after a crash in snapshot: the form goes back to its last good
 * checkpoint; a restore that crashes again quarantines that checkpoint. */
static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *faulty = healing_test_faulty_new ();
  GtkWidget *container;
  HealingCheckpoint *good;

  gtk_box_append (GTK_BOX (form), entry);
  gtk_box_append (GTK_BOX (form), faulty);
  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_RESTORE);
  container = add_container (fixture, "Form", form);
  show (fixture);

  gtk_editable_set_text (GTK_EDITABLE (entry), "Ada Lovelace");
  good = healing_container_checkpoint (HEALING_CONTAINER (container));
  g_assert_nonnull (good);

  /* The crashing action corrupted the form before crashing. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "\xef\xbf\xbd corrupted");
  healing_test_faulty_arm_once (HEALING_TEST_FAULTY (faulty), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  settle (fixture);

  g_assert_cmpuint (fixture->restored, ==, 1);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Ada Lovelace");
  g_assert_false (healing_checkpoint_get_quarantined (good));

  /* Restored, and it crashes again at once: that checkpoint is poison. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (faulty), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  settle (fixture);
  settle (fixture);

  g_assert_true (healing_checkpoint_get_quarantined (good));
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_FALLBACK);
}

/* A restore the policy chose because a checkpoint was there, which cannot
 * be done after all (the loop guard condemns that checkpoint as the
 * restore begins): the container asks the policy again and falls back,
 * and the log says so. */
static void
test_restore_fails_after_all (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "the save failed");
  g_autoptr (HealingFaultEntry) restored_entry = NULL;
  GtkWidget *container;
  HealingCheckpoint *good;
  guint n;

  gtk_box_append (GTK_BOX (form), entry);
  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_ERROR, HEALING_STRATEGY_RESTORE);
  container = add_container (fixture, "Saver", form);
  show (fixture);

  gtk_editable_set_text (GTK_EDITABLE (entry), "Ada Lovelace");
  good = healing_container_checkpoint (HEALING_CONTAINER (container));
  g_assert_nonnull (good);

  /* A first episode: restored, then the operation succeeds. */
  healing_container_report_error (HEALING_CONTAINER (container), error);
  settle (fixture);
  g_assert_cmpuint (fixture->restored, ==, 1);
  g_assert_cmpint (healing_decision_get_strategy (healing_fault_entry_get_decision (last_entry ())), ==,
                   HEALING_STRATEGY_RESTORE);
  healing_container_report_success (HEALING_CONTAINER (container));
  g_assert_cmpint (healing_fault_entry_get_outcome (last_entry ()), ==, HEALING_OUTCOME_HEALED);
  g_assert_false (healing_checkpoint_get_quarantined (good));

  /* It fails again within the loop guard: the checkpoint looks good when
   * the policy is asked, and is quarantined as the restore begins. */
  n = g_list_model_get_n_items (log);
  healing_container_report_error (HEALING_CONTAINER (container), error);
  settle (fixture);

  g_assert_true (healing_checkpoint_get_quarantined (good));
  g_assert_cmpuint (fixture->restored, ==, 1);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_FALLBACK);

  /* Two entries for the fault: the restore, escalated, then the
   * fallback, given up. */
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, n + 2);
  restored_entry = g_list_model_get_item (log, n);
  g_assert_cmpint (healing_decision_get_strategy (healing_fault_entry_get_decision (restored_entry)), ==,
                   HEALING_STRATEGY_RESTORE);
  g_assert_cmpint (healing_fault_entry_get_outcome (restored_entry), ==, HEALING_OUTCOME_ESCALATED);
  g_assert_cmpint (healing_decision_get_strategy (healing_fault_entry_get_decision (last_entry ())), ==,
                   HEALING_STRATEGY_FALLBACK);
  g_assert_true (healing_decision_is_escalated (healing_fault_entry_get_decision (last_entry ())));
  g_assert_cmpint (healing_fault_entry_get_outcome (last_entry ()), ==, HEALING_OUTCOME_GAVE_UP);
}

/* A component the policy sends to isolation leaves the layout. */
static void
test_isolate_strategy (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *container;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRITICAL, HEALING_STRATEGY_ISOLATE);
  container = add_container (fixture, "Noisy", child);
  show (fixture);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_CRITICAL, TEST_PHASE_ALLOCATE);
  settle (fixture);

  g_assert_cmpint (state_of (container), ==, HEALING_STATE_ISOLATED);
  g_assert_null (gtk_widget_get_first_child (container));
}

/* The fallback factory builds a fallback for each fault, given the fault,
 * and that fallback can reset the container. */
static GtkWidget *
factory_cb (HealingContainer *container,
            HealingFault     *fault,
            gpointer          user_data)
{
  guint *built = user_data;
  g_autofree char *text = healing_fault_to_string (fault);

  (*built)++;
  return gtk_label_new (text);
}

static void
test_fallback_factory (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *container;
  GtkWidget *shown;
  guint built = 0;

  healing_policy_set_escalation (fixture->policy, (HealingStrategy[]) { HEALING_STRATEGY_FALLBACK }, 1);
  container = add_container (fixture, "Quotes", child);
  healing_container_set_fallback_factory (HEALING_CONTAINER (container), factory_cb, &built, NULL);
  show (fixture);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_DIVIDE_BY_ZERO, TEST_PHASE_SNAPSHOT);
  settle (fixture);

  g_assert_cmpint (state_of (container), ==, HEALING_STATE_FALLBACK);
  g_assert_cmpuint (built, ==, 1);
  shown = gtk_widget_get_first_child (container);
  g_assert_true (GTK_IS_LABEL (shown));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (shown)), "SIGFPE"));

  /* The way out the fallback offers: reset, and it faults again. */
  healing_container_reset (HEALING_CONTAINER (container));
  settle (fixture);
  g_assert_cmpuint (built, ==, 2);
  g_assert_true (gtk_widget_get_first_child (container) != shown);
}

/* hot-patch: the fallback waits; a replacement handed over takes the
 * child's place and runs. */
static void
patched_cb (HealingContainer *container,
            GtkWidget        *old_child,
            GtkWidget       **seen)
{
  *seen = old_child;
}

static void
test_hot_patch_hand_over (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *child = healing_test_faulty_new ();
  GtkWidget *fixed = healing_test_faulty_new ();
  GtkWidget *container;
  GtkWidget *seen = NULL;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_HOT_PATCH);
  container = add_container (fixture, "Legacy", child);
  g_signal_connect (container, "patched", G_CALLBACK (patched_cb), &seen);
  show (fixture);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), TEST_FAULT_ABORT, TEST_PHASE_SNAPSHOT);
  settle (fixture);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_AWAITING_PATCH);

  /* Waiting: time passes, nothing changes. */
  advance (fixture, 60000);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_AWAITING_PATCH);

  healing_container_apply_patch (HEALING_CONTAINER (container), fixed);
  settle (fixture);
  g_assert_cmpint (state_of (container), ==, HEALING_STATE_HEALTHY);
  g_assert_true (seen == child);
  g_assert_true (healing_container_get_child (HEALING_CONTAINER (container)) == fixed);
  g_assert_cmphex (healing_test_pixel_at (fixed, 10, 10), ==, GREEN);
}

/* persist: a process edits a form, checkpoints and is killed with SIGKILL;
 * a new process's container with the same component id comes back with the
 * edits. */
static GtkWidget *
persisted_form (GtkWidget **entry)
{
  GtkWidget *container = healing_container_new ();

  *entry = gtk_entry_new ();
  gtk_widget_set_name (*entry, "name");
  healing_container_set_component_id (HEALING_CONTAINER (container), "PersistedForm");
  healing_container_set_persist (HEALING_CONTAINER (container), TRUE);
  healing_container_set_child (HEALING_CONTAINER (container), *entry);

  return container;
}

static int
run_killed_app (void)
{
  GtkWidget *entry;
  GtkWidget *container;

  /* The state file is named after the program, as in the parent. */
  g_set_prgname ("test-healing");
  gtk_init ();
  healing_init ();

  container = persisted_form (&entry);
  healing_test_window_new (container);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Grace Hopper");
  g_assert_nonnull (healing_container_checkpoint (HEALING_CONTAINER (container)));

  raise (SIGKILL);
  return 1;
}

static void
test_persist_across_processes (void)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "test-healing", NULL);
  const char *argv[] = { program, "--killed-app", NULL };
  g_autoptr (GError) error = NULL;
  GtkWidget *entry;
  GtkWidget *container;
  GtkWidget *window;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  container = persisted_form (&entry);
  window = healing_test_window_new (container);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Grace Hopper");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  if (argc == 2 && g_str_equal (argv[1], "--killed-app"))
    return run_killed_app ();

  /* Persisted checkpoints go to a directory of our own, inherited by the
   * processes the tests start. GLib reads it once: set it first. */
  state_dir = g_dir_make_tmp ("healing-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/Healing/Healing/retry-recovers", test_retry_recovers);
  ADD ("/Healing/Healing/retry-escalates", test_retry_escalates);
  ADD ("/Healing/Healing/breaker-trips-and-closes", test_breaker_trips_and_closes);
  ADD ("/Healing/Healing/breaker-trial-fails", test_breaker_trial_fails);
  ADD ("/Healing/Healing/breaker-rate-counts-frames", test_breaker_rate_counts_frames);
  ADD ("/Healing/Healing/reported-network-error-shared-breaker", test_reported_network_error_shared_breaker);
  ADD ("/Healing/Healing/restore", test_restore);
  ADD ("/Healing/Healing/restore-fails-after-all", test_restore_fails_after_all);
  ADD ("/Healing/Healing/isolate-strategy", test_isolate_strategy);
  ADD ("/Healing/Healing/fallback-factory", test_fallback_factory);
  ADD ("/Healing/Healing/hot-patch-hand-over", test_hot_patch_hand_over);
  g_test_add_func ("/Healing/Healing/persist-across-processes", test_persist_across_processes);

#undef ADD

  status = g_test_run ();
  healing_test_remove_tree (state_dir);

  return status;
}
