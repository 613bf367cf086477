/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* HealingRuntime: the process-wide registry (containers, breakers and
 * predictors shared by component id, the fault log) and the taint flag.
 * Each test makes a runtime of its own, except where the default one is
 * what is tested. */

#include "config.h"

#include "healing.h"
#include "healing-fault-private.h"
#include "healing-policy-private.h"
#include "healing-runtime-private.h"

static HealingFault *
make_fault (HealingFaultKind   kind,
            HealingFaultPhase  phase,
            const char        *component_id)
{
  return healing_fault_new (kind, phase, 0, "test fault", component_id, NULL, FALSE);
}

static void
increment (int *counter)
{
  (*counter)++;
}

/* The runtime's predictor of a component follows its breaker. */
static void
test_runtime_predictors (void)
{
  g_autoptr (HealingRuntime) runtime = healing_runtime_new ();
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  g_autoptr (HealingPolicy) feed = healing_policy_new ();
  g_autoptr (HealingPredictor) a = NULL;
  g_autoptr (HealingPredictor) b = NULL;

  healing_policy_set_breaker_threshold (feed, 5);
  healing_policy_set_breaker_window (feed, 30000);
  healing_policy_set_component (policy, "Feed", feed);
  healing_runtime_set_policy (runtime, policy);

  g_assert_null (healing_runtime_lookup_predictor (runtime, "Feed"));
  a = healing_runtime_dup_predictor (runtime, "Feed");
  b = healing_runtime_dup_predictor (runtime, "Feed");
  g_assert_true (a == b);
  g_assert_true (healing_runtime_lookup_predictor (runtime, "Feed") == a);
  g_assert_cmpuint (healing_predictor_get_threshold (a), ==, 5);
  g_assert_cmpint (healing_predictor_get_window (a), ==, 30 * G_USEC_PER_SEC);

  healing_policy_set_breaker_threshold (feed, 4);
  healing_policy_set_breaker_window (feed, 20000);
  g_assert_cmpuint (healing_predictor_get_threshold (a), ==, 4);
  g_assert_cmpint (healing_predictor_get_window (a), ==, 20 * G_USEC_PER_SEC);

  /* A breaker beyond what a predictor models: the predictor says less. */
  healing_policy_set_breaker_threshold (feed, 1000);
  g_assert_cmpuint (healing_predictor_get_threshold (a), ==, HEALING_PREDICTOR_MAX_THRESHOLD);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  int        *counter)
{
  (*counter)++;
}

static void
test_runtime_breakers (void)
{
  HealingRuntime *runtime = healing_runtime_new ();
  HealingClock *clock = healing_clock_new_virtual (0);
  HealingPolicy *policy = healing_policy_new ();
  HealingPolicy *feed = healing_policy_new ();
  HealingCircuitBreaker *a, *b, *c;

  healing_policy_set_breaker_threshold (feed, 2);
  healing_policy_set_component (policy, "Feed", feed);
  healing_runtime_set_policy (runtime, policy);
  healing_runtime_set_clock (runtime, clock);
  g_assert_true (healing_runtime_get_policy (runtime) == policy);
  g_assert_true (healing_runtime_get_clock (runtime) == clock);

  g_assert_null (healing_runtime_lookup_breaker (runtime, "Feed"));
  a = healing_runtime_dup_breaker (runtime, "Feed");
  b = healing_runtime_dup_breaker (runtime, "Feed");
  c = healing_runtime_dup_breaker (runtime, "Ticker");
  g_assert_true (a == b);
  g_assert_true (a != c);
  g_assert_true (healing_runtime_lookup_breaker (runtime, "Feed") == a);
  g_assert_true (healing_circuit_breaker_get_clock (a) == clock);
  g_assert_cmpuint (g_list_model_get_n_items (healing_runtime_get_breakers (runtime)), ==, 2);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (a), ==, 2);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (c), ==, 3);

  /* Two containers sharing a component share the state. */
  healing_circuit_breaker_record_failure (a);
  healing_circuit_breaker_record_failure (b);
  g_assert_cmpint (healing_circuit_breaker_get_state (b), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpint (healing_circuit_breaker_get_state (c), ==, HEALING_CIRCUIT_CLOSED);

  /* A change of the policy reconfigures live breakers, keeping state. */
  healing_policy_set_breaker_threshold (policy, 6);
  healing_policy_set_breaker_threshold (feed, 4);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (a), ==, 4);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (c), ==, 6);
  g_assert_cmpint (healing_circuit_breaker_get_state (a), ==, HEALING_CIRCUIT_OPEN);

  g_object_unref (a);
  g_object_unref (b);
  g_object_unref (c);
  g_assert_finalize_object (runtime);
  g_assert_finalize_object (policy);
  g_assert_finalize_object (feed);
  g_assert_finalize_object (clock);
}

static void
test_runtime_log (void)
{
  HealingRuntime *runtime = healing_runtime_new ();
  GListModel *log = healing_runtime_get_fault_log (runtime);
  HealingPolicy *policy = healing_policy_new ();
  HealingFaultEntry *entry;
  int changes = 0, outcome_notified = 0;
  guint i;

  g_assert_cmpuint (healing_runtime_get_log_capacity (runtime), ==, 256);
  g_assert_true (g_list_model_get_item_type (log) == HEALING_TYPE_FAULT_ENTRY);
  healing_runtime_set_log_capacity (runtime, 3);
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  for (i = 0; i < 5; i++)
    {
      char *id = g_strdup_printf ("C%u", i);
      HealingFault *fault = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, id);
      HealingDecision *decision = healing_policy_decide (policy, fault, NULL);

      entry = healing_runtime_log_fault (runtime, fault, decision);
      g_assert_true (healing_fault_entry_get_fault (entry) == fault);
      g_assert_true (healing_fault_entry_get_decision (entry) == decision);
      g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_RETRY);
      g_assert_cmpstr (healing_fault_entry_get_component_id (entry), ==, id);
      healing_decision_unref (decision);
      healing_fault_unref (fault);
      g_free (id);
    }

  /* Bounded: the oldest went. */
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 3);
  g_assert_cmpint (changes, >=, 5);
  entry = g_list_model_get_item (log, 0);
  g_assert_cmpstr (healing_fault_entry_get_component_id (entry), ==, "C2");
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_PENDING);
  g_signal_connect_swapped (entry, "notify::outcome", G_CALLBACK (increment), &outcome_notified);
  healing_fault_entry_set_outcome (entry, HEALING_OUTCOME_HEALED);
  healing_fault_entry_set_outcome (entry, HEALING_OUTCOME_HEALED);
  g_assert_cmpint (outcome_notified, ==, 1);
  g_object_unref (entry);

  entry = g_list_model_get_item (log, 2);
  g_assert_cmpstr (healing_fault_entry_get_component_id (entry), ==, "C4");
  g_object_unref (entry);

  healing_runtime_set_log_capacity (runtime, 1);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
  healing_runtime_clear_fault_log (runtime);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 0);

  g_assert_finalize_object (runtime);
  g_assert_finalize_object (policy);
}

static void
test_runtime_containers (void)
{
  HealingRuntime *runtime;
  GListModel *containers;
  GtkWidget *a, *b;
  int changes = 0;

  if (!gtk_init_check ())
    {
      g_test_skip ("no display to create widgets on");
      return;
    }

  runtime = healing_runtime_new ();
  containers = healing_runtime_get_containers (runtime);
  g_signal_connect (containers, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  a = g_object_ref_sink (healing_container_new ());
  b = g_object_ref_sink (healing_container_new ());
  healing_runtime_register_container (runtime, a);
  healing_runtime_register_container (runtime, b);
  healing_runtime_register_container (runtime, b);
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, 2);
  g_assert_true (g_list_model_get_item_type (containers) == HEALING_TYPE_CONTAINER);

  healing_runtime_unregister_container (runtime, a);
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, 1);

  /* The registry does not keep containers alive, and forgets them when
   * they go. */
  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, 0);
  g_assert_cmpint (changes, ==, 4);

  g_assert_finalize_object (runtime);
}

static gboolean
lists (GListModel *model,
       gpointer    item)
{
  guint i, n = g_list_model_get_n_items (model);

  for (i = 0; i < n; i++)
    {
      gpointer listed = g_list_model_get_item (model, i);

      g_object_unref (listed);
      if (listed == item)
        return TRUE;
    }

  return FALSE;
}

/* The default runtime lists every container from its construction to its
 * dispose (it holds no weak reference on them: the container leaves it),
 * even one registered there by hand as well, and one disposed while it is
 * still referenced. */
static void
test_runtime_default_containers (void)
{
  GListModel *containers;
  GtkWidget *a, *b;
  guint before;

  if (!gtk_init_check ())
    {
      g_test_skip ("no display to create widgets on");
      return;
    }

  containers = healing_runtime_get_containers (healing_runtime_get_default ());
  before = g_list_model_get_n_items (containers);

  a = g_object_ref_sink (healing_container_new ());
  b = g_object_ref_sink (healing_container_new ());
  healing_runtime_register_container (healing_runtime_get_default (), b);
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, before + 2);
  g_assert_true (lists (containers, a));
  g_assert_true (lists (containers, b));

  g_assert_finalize_object (a);
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, before + 1);
  g_assert_false (lists (containers, a));

  g_object_run_dispose (G_OBJECT (b));
  g_assert_false (lists (containers, b));
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, before);
  g_assert_finalize_object (b);
  g_assert_cmpuint (g_list_model_get_n_items (containers), ==, before);
}

/* Taint is set once, keeps its first reason, and is announced once; the
 * default runtime is one object for the whole process. Run in a child:
 * tainting arms the process's heartbeat. */
static void
test_runtime_taint (void)
{
  if (g_test_subprocess ())
    {
      HealingRuntime *runtime = healing_runtime_new ();
      int tainted_notified = 0, reason_notified = 0;

      g_assert_true (healing_runtime_get_default () == healing_runtime_get_default ());
      g_assert_true (healing_runtime_get_default () != runtime);

      g_assert_false (healing_runtime_get_tainted (runtime));
      g_assert_null (healing_runtime_get_taint_reason (runtime));
      g_signal_connect_swapped (runtime, "notify::tainted", G_CALLBACK (increment), &tainted_notified);
      g_signal_connect_swapped (runtime, "notify::taint-reason", G_CALLBACK (increment), &reason_notified);

      /* The library logs structured messages, which GLib 2.74's
       * g_test_expect_message() does not see: the warning is let through
       * and the parent checks it on standard error. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      healing_runtime_taint (runtime, "first reason");
      healing_runtime_taint (runtime, "second reason");

      g_assert_true (healing_runtime_get_tainted (runtime));
      g_assert_cmpstr (healing_runtime_get_taint_reason (runtime), ==, "first reason");
      g_assert_cmpint (tainted_notified, ==, 1);
      g_assert_cmpint (reason_notified, ==, 1);

      g_assert_finalize_object (runtime);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*the process is tainted: first reason*");
  g_test_trap_assert_stderr_unmatched ("*second reason*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/Runtime/breakers", test_runtime_breakers);
  g_test_add_func ("/Healing/Runtime/fault-log", test_runtime_log);
  g_test_add_func ("/Healing/Runtime/containers", test_runtime_containers);
  g_test_add_func ("/Healing/Runtime/default-containers", test_runtime_default_containers);
  g_test_add_func ("/Healing/Runtime/predictors", test_runtime_predictors);
  g_test_add_func ("/Healing/Runtime/taint", test_runtime_taint);

  return g_test_run ();
}
