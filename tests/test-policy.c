/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "healing.h"
#include "healing-fault-private.h"
#include "healing-policy-private.h"
#include "healing-runtime-private.h"

#define SEC ((gint64) G_USEC_PER_SEC)

static char *tmpdir;

static HealingFault *
make_fault (HealingFaultKind   kind,
            HealingFaultPhase  phase,
            const char        *component_id)
{
  return healing_fault_new (kind, phase, 0, "test fault", component_id, NULL, FALSE);
}

static HealingFault *
make_error (GQuark      domain,
            int         code,
            const char *component_id)
{
  GError *error = g_error_new_literal (domain, code, "test error");
  HealingFault *fault = healing_fault_new_for_error (error, component_id);

  g_error_free (error);

  return fault;
}

static char *
write_file (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  GError *error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
increment (int *counter)
{
  (*counter)++;
}

/* ------------------------------------------------------------------------ */

static void
test_defaults (void)
{
  HealingPolicy *policy = healing_policy_new ();
  const HealingStrategy *chain;
  HealingStrategy strategy;
  int notified = 0, changed = 0;
  gsize n;

  g_assert_true (healing_policy_get_enabled (policy));
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 3);
  g_assert_cmpuint (healing_policy_get_retry_initial_delay (policy), ==, 500);
  g_assert_cmpfloat (healing_policy_get_retry_multiplier (policy), ==, 2.0);
  g_assert_cmpuint (healing_policy_get_retry_max_delay (policy), ==, 10000);
  g_assert_cmpfloat (healing_policy_get_retry_jitter (policy), ==, 0.25);
  g_assert_cmpint (healing_policy_get_breaker_mode (policy), ==, HEALING_CIRCUIT_MODE_WINDOW);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 3);
  g_assert_cmpuint (healing_policy_get_breaker_window (policy), ==, 10000);
  g_assert_cmpuint (healing_policy_get_breaker_open_timeout (policy), ==, 5000);
  g_assert_null (healing_policy_get_file (policy));

  chain = healing_policy_get_escalation (policy, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (chain[0], ==, HEALING_STRATEGY_RETRY);
  g_assert_cmpint (chain[1], ==, HEALING_STRATEGY_RESTORE);
  g_assert_cmpint (chain[2], ==, HEALING_STRATEGY_FALLBACK);
  g_assert_cmpint (chain[3], ==, HEALING_STRATEGY_ISOLATE);

  g_assert_true (healing_policy_lookup_strategy (policy, "network", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_CIRCUIT_BREAK);
  g_assert_true (healing_policy_lookup_strategy (policy, "hang", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_FALLBACK);
  g_assert_false (healing_policy_lookup_strategy (policy, "render", NULL));

  g_assert_cmpstr (healing_strategy_to_string (HEALING_STRATEGY_HOT_PATCH), ==, "hot-patch");
  g_assert_true (healing_strategy_from_string ("circuit-break", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_CIRCUIT_BREAK);
  g_assert_false (healing_strategy_from_string ("reboot", &strategy));

  g_signal_connect_swapped (policy, "notify::retry-max-attempts", G_CALLBACK (increment), &notified);
  g_signal_connect_swapped (policy, "changed", G_CALLBACK (increment), &changed);
  healing_policy_set_retry_max_attempts (policy, 5);
  healing_policy_set_retry_max_attempts (policy, 5);
  g_assert_cmpint (notified, ==, 1);
  g_assert_cmpint (changed, ==, 1);
  healing_policy_set_strategy (policy, "render", HEALING_STRATEGY_ISOLATE);
  healing_policy_set_strategy (policy, "render", HEALING_STRATEGY_ISOLATE);
  g_assert_cmpint (changed, ==, 2);

  g_assert_finalize_object (policy);
}

static void
test_backoff (void)
{
  HealingPolicy *policy = healing_policy_new ();
  const guint expected[] = { 500, 1000, 2000, 4000, 8000, 10000, 10000 };
  guint i;

  healing_policy_set_seed (policy, 42);

  /* Without jitter, the exact exponential sequence, capped. */
  healing_policy_set_retry_jitter (policy, 0.0);
  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (healing_policy_compute_retry_delay (policy, NULL, i + 1), ==, expected[i]);

  /* With ±25 % jitter, within the bounds, never above the cap, and not
   * always the same. */
  healing_policy_set_retry_jitter (policy, 0.25);
  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint min = G_MAXUINT, max = 0;
      guint j;

      for (j = 0; j < 200; j++)
        {
          guint delay = healing_policy_compute_retry_delay (policy, NULL, i + 1);

          min = MIN (min, delay);
          max = MAX (max, delay);
        }

      g_assert_cmpuint (min, >=, expected[i] * 0.75);
      g_assert_cmpuint (max, <=, MIN (expected[i] * 1.25, 10000));
      g_assert_cmpuint (max, >, min);
    }

  g_assert_finalize_object (policy);
}

typedef struct
{
  HealingClock *clock;
  HealingPolicy *policy;
  HealingDecision *decision;
  GArray *run_times;
  guint faults_left;
} RetryDriver;

static void drive (RetryDriver *driver);

static void
retry_cb (gpointer data)
{
  RetryDriver *driver = data;
  gint64 now = healing_clock_get_time (driver->clock);

  g_array_append_val (driver->run_times, now);
  drive (driver);
}

/* A stand-in for the container: the component faults faults_left more
 * times, and each retry is scheduled on the clock. */
static void
drive (RetryDriver *driver)
{
  HealingDecision *next;
  HealingFault *fault;

  if (driver->faults_left == 0)
    return;
  driver->faults_left--;

  fault = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, "Ticker");
  next = healing_policy_decide (driver->policy, fault, driver->decision);
  healing_fault_unref (fault);
  g_clear_pointer (&driver->decision, healing_decision_unref);
  driver->decision = next;

  if (healing_decision_get_strategy (next) == HEALING_STRATEGY_RETRY)
    healing_clock_schedule (driver->clock, healing_decision_get_delay (next), retry_cb, driver, NULL);
}

static void
test_retry_virtual_time (void)
{
  RetryDriver driver = { 0, };

  driver.clock = healing_clock_new_virtual (0);
  driver.policy = healing_policy_new ();
  driver.run_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  driver.faults_left = 10;
  healing_policy_set_retry_jitter (driver.policy, 0.0);

  drive (&driver);
  healing_clock_advance (driver.clock, 60 * SEC);

  /* Three retries, at 0.5 s, 1.5 s and 3.5 s; the fourth fault escalates
   * to restore and nothing more is scheduled. */
  g_assert_cmpuint (driver.run_times->len, ==, 3);
  g_assert_cmpint (g_array_index (driver.run_times, gint64, 0), ==, 500 * 1000);
  g_assert_cmpint (g_array_index (driver.run_times, gint64, 1), ==, 1500 * 1000);
  g_assert_cmpint (g_array_index (driver.run_times, gint64, 2), ==, 3500 * 1000);
  g_assert_cmpint (healing_decision_get_strategy (driver.decision), ==, HEALING_STRATEGY_RESTORE);
  g_assert_cmpuint (healing_decision_get_attempt (driver.decision), ==, 4);
  g_assert_cmpuint (healing_clock_get_n_pending (driver.clock), ==, 0);

  healing_decision_unref (driver.decision);
  g_array_unref (driver.run_times);
  g_assert_finalize_object (driver.policy);
  g_assert_finalize_object (driver.clock);
}

/* Decides n faults of one fault in a row; returns the strategies. */
static GArray *
walk (HealingPolicy *policy,
      HealingFault  *fault,
      guint          n,
      HealingDecision **last)
{
  GArray *strategies = g_array_new (FALSE, FALSE, sizeof (HealingStrategy));
  HealingDecision *decision = NULL;
  guint i;

  for (i = 0; i < n; i++)
    {
      HealingDecision *next = healing_policy_decide (policy, fault, decision);
      HealingStrategy strategy = healing_decision_get_strategy (next);

      g_assert_cmpuint (healing_decision_get_attempt (next), ==, i + 1);
      g_array_append_val (strategies, strategy);
      g_clear_pointer (&decision, healing_decision_unref);
      decision = next;
    }

  if (last != NULL)
    *last = decision;
  else
    healing_decision_unref (decision);

  return strategies;
}

#define S(x) HEALING_STRATEGY_##x

static void
assert_strategies (GArray                *strategies,
                   const HealingStrategy *expected,
                   gsize                  n)
{
  gsize i;

  g_assert_cmpuint (strategies->len, ==, n);
  for (i = 0; i < n; i++)
    g_assert_cmpstr (healing_strategy_to_string (g_array_index (strategies, HealingStrategy, i)), ==,
                     healing_strategy_to_string (expected[i]));
  g_array_unref (strategies);
}

static void
test_escalation_default (void)
{
  HealingPolicy *policy = healing_policy_new ();
  HealingFault *fault = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, "Ticker");
  const HealingStrategy expected[] = { S (RETRY), S (RETRY), S (RETRY), S (RESTORE), S (FALLBACK),
                                       S (ISOLATE), S (ISOLATE) };
  HealingDecision *first, *d, *e;

  assert_strategies (walk (policy, fault, 7, NULL), expected, G_N_ELEMENTS (expected));

  first = healing_policy_decide (policy, fault, NULL);
  g_assert_cmpstr (healing_decision_get_fault_class (first), ==, "crash");
  g_assert_cmpstr (healing_decision_get_component_id (first), ==, "Ticker");
  g_assert_cmpuint (healing_decision_get_step (first), ==, 0);
  g_assert_cmpuint (healing_decision_get_step_attempt (first), ==, 1);
  g_assert_cmpuint (healing_decision_get_step_attempts (first), ==, 3);
  g_assert_false (healing_decision_is_final (first));
  g_assert_false (healing_decision_is_escalated (first));
  g_assert_true (g_str_has_prefix (healing_decision_get_reason (first), "retry 1 of 3 in "));
  g_assert_true (g_str_has_suffix (healing_decision_get_reason (first), " (fault class crash)"));

  /* A restore that cannot be done escalates to the fallback at once, and a
   * fallback that faults to isolation, which is final. */
  d = healing_policy_escalate (policy, first);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_RESTORE);
  g_assert_true (healing_decision_is_escalated (d));
  g_assert_cmpuint (healing_decision_get_attempt (d), ==, 1);
  e = healing_policy_escalate (policy, d);
  healing_decision_unref (d);
  g_assert_cmpint (healing_decision_get_strategy (e), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_cmpstr (healing_decision_get_reason (e), ==, "fallback, escalated from restore (fault class crash)");
  d = healing_policy_escalate (policy, e);
  healing_decision_unref (e);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_ISOLATE);
  g_assert_true (healing_decision_is_final (d));
  e = healing_policy_escalate (policy, d);
  g_assert_true (e == d);
  healing_decision_unref (e);
  healing_decision_unref (d);
  healing_decision_unref (first);

  /* No retries at all: straight to restore. */
  healing_policy_set_retry_max_attempts (policy, 0);
  {
    const HealingStrategy no_retry[] = { S (RESTORE), S (FALLBACK), S (ISOLATE) };

    assert_strategies (walk (policy, fault, 3, NULL), no_retry, G_N_ELEMENTS (no_retry));
  }

  healing_fault_unref (fault);
  g_assert_finalize_object (policy);
}

/* The one question of a container: the decision to carry out, the steps
 * that cannot be carried out now passed over and handed back. */
static void
assert_passed (GPtrArray             *passed,
               const HealingStrategy *expected,
               gsize                  n)
{
  gsize i;

  g_assert_cmpuint (passed->len, ==, n);
  for (i = 0; i < n; i++)
    g_assert_cmpstr (healing_strategy_to_string (healing_decision_get_strategy (passed->pdata[i])), ==,
                     healing_strategy_to_string (expected[i]));
  g_ptr_array_set_size (passed, 0);
}

static void
test_decide_final (void)
{
  HealingPolicy *policy = healing_policy_new ();
  HealingFault *render = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, "Ticker");
  HealingFault *handler = make_fault (HEALING_FAULT_CRITICAL, HEALING_PHASE_HANDLER, "Ticker");
  GPtrArray *passed = g_ptr_array_new_with_free_func ((GDestroyNotify) healing_decision_unref);
  HealingPolicyFacts all = { G_MAXUINT, TRUE, TRUE };
  HealingPolicyFacts none = { 0, FALSE, FALSE };
  HealingPolicyFacts journal = { 0, TRUE, FALSE };
  HealingDecision *plain, *d, *e;

  /* Without facts, or when everything can be done: what decide () says. */
  plain = healing_policy_decide (policy, render, NULL);
  d = healing_policy_decide_final (policy, render, NULL, NULL, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_RETRY);
  g_assert_cmpstr (healing_decision_get_fault_class (d), ==, healing_decision_get_fault_class (plain));
  g_assert_cmpuint (healing_decision_get_step_attempt (d), ==, 1);
  healing_decision_unref (d);
  d = healing_policy_decide_final (policy, render, NULL, &all, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_RETRY);
  g_assert_cmpuint (passed->len, ==, 0);
  healing_decision_unref (d);

  /* Without a fault, @previous is where the walk starts; a decision that
   * can be carried out is handed back as it is. */
  d = healing_policy_decide_final (policy, NULL, plain, &all, passed);
  g_assert_true (d == plain);
  g_assert_cmpuint (passed->len, ==, 0);
  healing_decision_unref (d);

  /* No restart left, nothing to restore: retry and restore are passed
   * over, for the fallback, escalated from restore. */
  d = healing_policy_decide_final (policy, NULL, plain, &none, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_true (healing_decision_is_escalated (d));
  g_assert_false (healing_decision_is_final (d));
  g_assert_cmpuint (healing_decision_get_attempt (d), ==, 1);
  g_assert_cmpstr (healing_decision_get_reason (d), ==, "fallback, escalated from restore (fault class crash)");
  g_assert_true (passed->pdata[0] == plain);
  assert_passed (passed, (HealingStrategy[]) { S (RETRY), S (RESTORE) }, 2);
  healing_decision_unref (d);

  /* A checkpoint to restore. */
  d = healing_policy_decide_final (policy, render, NULL,
                                   &(HealingPolicyFacts) { 0, FALSE, TRUE }, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_RESTORE);
  assert_passed (passed, (HealingStrategy[]) { S (RETRY) }, 1);
  healing_decision_unref (d);

  /* The journal's undo is a restore for the first attempt of the step. */
  d = healing_policy_decide_final (policy, handler, NULL, &journal, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_RESTORE);
  g_assert_cmpuint (healing_decision_get_step_attempt (d), ==, 1);
  assert_passed (passed, (HealingStrategy[]) { S (RETRY) }, 1);

  /* The next fault of the episode goes on from there: the fallback, which
   * needs nothing; then isolation, the last step, for every further one. */
  e = healing_policy_decide_final (policy, handler, d, &none, passed);
  g_assert_cmpint (healing_decision_get_strategy (e), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_cmpuint (healing_decision_get_attempt (e), ==, 2);
  g_assert_cmpuint (passed->len, ==, 0);
  healing_decision_unref (d);
  d = healing_policy_decide_final (policy, handler, e, &none, NULL);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_ISOLATE);
  g_assert_true (healing_decision_is_final (d));
  healing_decision_unref (e);
  healing_decision_unref (d);

  /* A restore of the chain's second restore step is a first attempt too;
   * a retry is counted by the restarts left. */
  healing_policy_set_escalation (policy, (HealingStrategy[]) { S (RESTORE), S (RETRY), S (RESTORE) }, 3);
  healing_policy_set_retry_max_attempts (policy, 1);
  d = healing_policy_decide_final (policy, handler, NULL, &journal, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_RESTORE);
  g_assert_cmpuint (healing_decision_get_step (d), ==, 0);
  e = healing_policy_decide_final (policy, handler, d, &journal, passed);
  g_assert_cmpint (healing_decision_get_strategy (e), ==, HEALING_STRATEGY_RESTORE);
  g_assert_cmpuint (healing_decision_get_step (e), ==, 2);
  assert_passed (passed, (HealingStrategy[]) { S (RETRY) }, 1);
  healing_decision_unref (d);
  d = healing_policy_decide_final (policy, handler, e, &(HealingPolicyFacts) { 1, FALSE, FALSE }, passed);
  /* The chain ends in a restore: an implicit fallback follows it. */
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_true (healing_decision_is_final (d));
  g_assert_cmpuint (passed->len, ==, 0);
  healing_decision_unref (d);
  healing_decision_unref (e);

  /* Healing disabled: the fallback, whatever can be done. */
  healing_policy_set_enabled (policy, FALSE);
  d = healing_policy_decide_final (policy, render, NULL, &none, passed);
  g_assert_cmpint (healing_decision_get_strategy (d), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_true (healing_decision_is_final (d));
  g_assert_cmpuint (passed->len, ==, 0);
  healing_decision_unref (d);

  healing_decision_unref (plain);
  g_ptr_array_unref (passed);
  healing_fault_unref (handler);
  healing_fault_unref (render);
  g_assert_finalize_object (policy);
}

static void
test_escalation_custom (void)
{
  HealingPolicy *policy = healing_policy_new ();
  HealingFault *crash = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_HANDLER, "Form");
  HealingFault *network = make_error (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "Feed");
  const HealingStrategy only_retry[] = { S (RETRY) };
  const HealingStrategy patch_chain[] = { S (RETRY), S (HOT_PATCH), S (ISOLATE) };

  /* A chain that ends in retries still ends: an implicit fallback. */
  healing_policy_set_escalation (policy, only_retry, 1);
  {
    const HealingStrategy expected[] = { S (RETRY), S (RETRY), S (RETRY), S (FALLBACK), S (FALLBACK) };

    assert_strategies (walk (policy, crash, 5, NULL), expected, G_N_ELEMENTS (expected));
  }

  /* A strategy outside the chain runs first; circuit-break takes every
   * fault from then on (the breaker does the retrying). */
  {
    const HealingStrategy expected[] = { S (CIRCUIT_BREAK), S (CIRCUIT_BREAK), S (CIRCUIT_BREAK) };
    HealingDecision *last, *next;

    assert_strategies (walk (policy, network, 3, &last), expected, G_N_ELEMENTS (expected));
    g_assert_cmpstr (healing_decision_get_fault_class (last), ==, "network");
    g_assert_cmpuint (healing_decision_get_step_attempts (last), ==, 0);
    g_assert_cmpuint (healing_decision_get_delay (last), ==, 0);
    /* Given up explicitly, the chain follows. */
    next = healing_policy_escalate (policy, last);
    g_assert_cmpint (healing_decision_get_strategy (next), ==, HEALING_STRATEGY_RETRY);
    g_assert_cmpuint (healing_decision_get_step (next), ==, 1);
    healing_decision_unref (next);
    healing_decision_unref (last);
  }

  /* Hot-patch waits for every further fault, until the container gives up
   * waiting and escalates. */
  healing_policy_set_escalation (policy, patch_chain, 3);
  healing_policy_set_retry_max_attempts (policy, 1);
  {
    const HealingStrategy expected[] = { S (RETRY), S (HOT_PATCH), S (HOT_PATCH) };
    HealingDecision *last, *next;

    assert_strategies (walk (policy, crash, 3, &last), expected, G_N_ELEMENTS (expected));
    g_assert_false (healing_decision_is_final (last));
    next = healing_policy_escalate (policy, last);
    g_assert_cmpint (healing_decision_get_strategy (next), ==, HEALING_STRATEGY_ISOLATE);
    healing_decision_unref (next);
    healing_decision_unref (last);
  }

  /* Disabled: always the fallback. */
  healing_policy_set_enabled (policy, FALSE);
  {
    const HealingStrategy expected[] = { S (FALLBACK), S (FALLBACK) };

    assert_strategies (walk (policy, crash, 2, NULL), expected, G_N_ELEMENTS (expected));
  }

  healing_fault_unref (crash);
  healing_fault_unref (network);
  g_assert_finalize_object (policy);
}

static void
assert_classes (HealingPolicy *policy,
                HealingFault  *fault,
                const char    *expected)
{
  char **classes = healing_policy_classify (policy, fault);
  char *joined = g_strjoinv (" ", classes);

  g_assert_cmpstr (joined, ==, expected);
  g_free (joined);
  g_strfreev (classes);
  healing_fault_unref (fault);
}

#define TEST_QUOTA_ERROR (g_quark_from_static_string ("test-quota-error-quark"))

static void
test_classify (void)
{
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;

  g_assert_true (healing_policy_define_class (policy, "quota-any", "test-quota-error-quark", -1, &error));
  g_assert_true (healing_policy_define_class (policy, "quota-full", "test-quota-error-quark", 2, &error));
  g_assert_true (healing_policy_define_class (policy, "io-any", "g-io-error-quark", -1, &error));
  g_assert_no_error (error);
  g_assert_false (healing_policy_define_class (policy, "render", "x", -1, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (healing_policy_has_class (policy, "quota-full"));
  g_assert_true (healing_policy_has_class (policy, "network"));
  g_assert_false (healing_policy_has_class (policy, "nope"));

  assert_classes (policy, make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_MEASURE, NULL), "crash render");
  assert_classes (policy, make_fault (HEALING_FAULT_CRITICAL, HEALING_PHASE_ALLOCATE, NULL), "critical render");
  assert_classes (policy, make_fault (HEALING_FAULT_WARNING, HEALING_PHASE_SNAPSHOT, NULL), "warning render");
  assert_classes (policy, make_fault (HEALING_FAULT_HANG, HEALING_PHASE_HANDLER, NULL), "hang handler");
  assert_classes (policy, make_fault (HEALING_FAULT_CRITICAL, HEALING_PHASE_CALLBACK, NULL), "critical callback");
  /* Code before domain-only, in definition order; then network, kind. */
  assert_classes (policy, make_error (TEST_QUOTA_ERROR, 2, NULL), "quota-full quota-any error");
  assert_classes (policy, make_error (TEST_QUOTA_ERROR, 1, NULL), "quota-any error");
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, NULL), "io-any network error");
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL), "io-any error");
  assert_classes (policy, make_error (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, NULL), "network error");
  assert_classes (policy, make_error (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, NULL), "network error");

  /* The first class with a strategy decides. */
  healing_policy_set_strategy (policy, "quota-any", HEALING_STRATEGY_ISOLATE);
  {
    HealingFault *fault = make_error (TEST_QUOTA_ERROR, 2, NULL);
    HealingDecision *decision = healing_policy_decide (policy, fault, NULL);

    g_assert_cmpstr (healing_decision_get_fault_class (decision), ==, "quota-any");
    g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_ISOLATE);
    healing_decision_unref (decision);

    healing_policy_set_strategy (policy, "quota-full", HEALING_STRATEGY_RETRY);
    decision = healing_policy_decide (policy, fault, NULL);
    g_assert_cmpstr (healing_decision_get_fault_class (decision), ==, "quota-full");
    g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_RETRY);
    healing_decision_unref (decision);
    healing_fault_unref (fault);
  }

  /* Network wins over io-any only if io-any has no strategy. */
  {
    HealingFault *fault = make_error (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, NULL);
    HealingDecision *decision = healing_policy_decide (policy, fault, NULL);

    g_assert_cmpstr (healing_decision_get_fault_class (decision), ==, "network");
    g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_CIRCUIT_BREAK);
    healing_decision_unref (decision);
    healing_fault_unref (fault);
  }

  g_assert_finalize_object (policy);
}

static void
test_component_precedence (void)
{
  HealingPolicy *policy = healing_policy_new ();
  HealingPolicy *ticker = healing_policy_new ();
  HealingFault *fault = make_fault (HEALING_FAULT_CRITICAL, HEALING_PHASE_SNAPSHOT, "StockTicker");
  HealingFault *other = make_fault (HEALING_FAULT_CRITICAL, HEALING_PHASE_SNAPSHOT, "Clock");
  HealingDecision *decision;
  HealingCircuitBreaker *breaker;
  HealingPolicy *resolved;
  HealingStrategy strategy;
  char **ids;
  int changed = 0;

  healing_policy_set_strategy (policy, "critical", HEALING_STRATEGY_RETRY);
  healing_policy_set_retry_initial_delay (policy, 100);
  healing_policy_set_retry_jitter (policy, 0.0);
  healing_policy_set_breaker_threshold (policy, 4);

  healing_policy_set_strategy (ticker, "render", HEALING_STRATEGY_ISOLATE);
  healing_policy_set_breaker_open_timeout (ticker, 1234);
  healing_policy_set_component (policy, "StockTicker", ticker);
  g_assert_true (healing_policy_get_component (policy, "StockTicker") == ticker);
  ids = healing_policy_list_components (policy);
  g_assert_cmpstr (ids[0], ==, "StockTicker");
  g_assert_null (ids[1]);
  g_strfreev (ids);

  /* The component's mapping wins, even for a less specific class. */
  decision = healing_policy_decide (policy, fault, NULL);
  g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_ISOLATE);
  g_assert_cmpstr (healing_decision_get_fault_class (decision), ==, "render");
  healing_decision_unref (decision);

  decision = healing_policy_decide (policy, other, NULL);
  g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_RETRY);
  g_assert_cmpstr (healing_decision_get_fault_class (decision), ==, "critical");
  g_assert_cmpuint (healing_decision_get_delay (decision), ==, 100);
  healing_decision_unref (decision);

  /* Settings: what the component sets, else the global ones. */
  breaker = healing_circuit_breaker_new ("StockTicker", NULL);
  healing_policy_configure_breaker (policy, breaker);
  g_assert_cmpuint (healing_circuit_breaker_get_open_timeout (breaker), ==, 1234);
  g_assert_cmpuint (healing_circuit_breaker_get_threshold (breaker), ==, 4);
  g_assert_finalize_object (breaker);

  resolved = healing_policy_resolve (policy, "StockTicker");
  g_assert_cmpuint (healing_policy_get_breaker_open_timeout (resolved), ==, 1234);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (resolved), ==, 4);
  g_assert_true (healing_policy_lookup_strategy (resolved, "render", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_ISOLATE);
  g_assert_true (healing_policy_lookup_strategy (resolved, "critical", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_RETRY);
  g_assert_finalize_object (resolved);

  /* Changing the overrides changes the policy. */
  g_signal_connect_swapped (policy, "changed", G_CALLBACK (increment), &changed);
  healing_policy_set_breaker_threshold (ticker, 9);
  g_assert_cmpint (changed, ==, 1);
  healing_policy_set_component (policy, "StockTicker", NULL);
  g_assert_cmpint (changed, ==, 2);
  g_assert_null (healing_policy_get_component (policy, "StockTicker"));

  healing_fault_unref (fault);
  healing_fault_unref (other);
  g_assert_finalize_object (ticker);
  g_assert_finalize_object (policy);
}

/* ------------------------------------------------------------------------
 * JSON
 * ------------------------------------------------------------------------ */

static void
test_json_load (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "healing.json", NULL);
  GError *error = NULL;
  HealingPolicy *policy = healing_policy_new_from_file (path, &error);
  HealingPolicy *ticker;
  const HealingStrategy *chain;
  HealingStrategy strategy;
  HealingFault *fault;
  HealingDecision *decision;
  gsize n;

  g_assert_no_error (error);
  g_assert_nonnull (policy);
  g_assert_cmpstr (healing_policy_get_file (policy), ==, path);

  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 4);
  g_assert_cmpuint (healing_policy_get_retry_initial_delay (policy), ==, 250);
  g_assert_cmpfloat (healing_policy_get_retry_multiplier (policy), ==, 3.0);
  g_assert_cmpuint (healing_policy_get_retry_max_delay (policy), ==, 5000);
  g_assert_cmpfloat (healing_policy_get_retry_jitter (policy), ==, 0.1);
  g_assert_cmpint (healing_policy_get_breaker_mode (policy), ==, HEALING_CIRCUIT_MODE_CONSECUTIVE);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 4);
  g_assert_cmpuint (healing_policy_get_breaker_window (policy), ==, 20000);
  g_assert_cmpuint (healing_policy_get_breaker_open_timeout (policy), ==, 2000);
  g_assert_cmpfloat (healing_policy_get_breaker_backoff_multiplier (policy), ==, 1.5);
  g_assert_cmpuint (healing_policy_get_breaker_max_open_timeout (policy), ==, 30000);
  g_assert_cmpuint (healing_policy_get_breaker_half_open_trials (policy), ==, 2);

  chain = healing_policy_get_escalation (policy, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (chain[1], ==, HEALING_STRATEGY_FALLBACK);

  g_assert_true (healing_policy_lookup_strategy (policy, "render", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_ISOLATE);
  g_assert_true (healing_policy_has_class (policy, "quota"));

  ticker = healing_policy_get_component (policy, "StockTicker");
  g_assert_nonnull (ticker);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (ticker), ==, 1);

  /* Per component over global: render retries once, then hot-patch. */
  fault = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, "StockTicker");
  {
    const HealingStrategy expected[] = { S (RETRY), S (HOT_PATCH), S (HOT_PATCH) };

    assert_strategies (walk (policy, fault, 3, NULL), expected, G_N_ELEMENTS (expected));
  }
  healing_fault_unref (fault);

  fault = make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, "Other");
  decision = healing_policy_decide (policy, fault, NULL);
  g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_ISOLATE);
  healing_decision_unref (decision);
  healing_fault_unref (fault);

  fault = make_error (TEST_QUOTA_ERROR, 2, "Other");
  decision = healing_policy_decide (policy, fault, NULL);
  g_assert_cmpstr (healing_decision_get_fault_class (decision), ==, "quota");
  g_assert_cmpint (healing_decision_get_strategy (decision), ==, HEALING_STRATEGY_FALLBACK);
  healing_decision_unref (decision);
  healing_fault_unref (fault);

  /* Loading replaces everything: an empty configuration is the default. */
  g_assert_true (healing_policy_load_from_data (policy, "{}", -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 3);
  g_assert_null (healing_policy_get_component (policy, "StockTicker"));
  g_assert_false (healing_policy_has_class (policy, "quota"));

  g_assert_finalize_object (policy);
}

typedef struct
{
  const char *name;
  const char *text;
  HealingPolicyError code;
  const char *where;     /* "line:column: key.path: " */
  const char *detail;    /* a part of the message after it, or NULL */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "syntax",
    "{\n  \"healing\": {\n    \"enabled\": true,,\n  }\n}\n",
    HEALING_POLICY_ERROR_SYNTAX, "3:21: healing: ", "expected a member name" },
  { "empty",
    "",
    HEALING_POLICY_ERROR_SYNTAX, "1:1: ", "empty" },
  { "unknown-key",
    "{\n  \"healing\": {\n    \"retry\": {\n      \"max-atempts\": 3\n    }\n  }\n}\n",
    HEALING_POLICY_ERROR_UNKNOWN_KEY, "4:7: healing.retry.max-atempts: ", "max-attempts" },
  { "unknown-top-key",
    "{ \"healng\": {} }",
    HEALING_POLICY_ERROR_UNKNOWN_KEY, "1:3: healng: ", NULL },
  { "duplicate-key",
    "{\n  \"healing\": {\n    \"enabled\": true,\n    \"enabled\": false\n  }\n}\n",
    HEALING_POLICY_ERROR_DUPLICATE_KEY, "4:5: healing.enabled: ", NULL },
  { "wrong-type",
    "{\n  \"healing\": {\n    \"retry\": { \"jitter\": \"lots\" }\n  }\n}\n",
    HEALING_POLICY_ERROR_WRONG_TYPE, "3:26: healing.retry.jitter: ", "expected a number, got \"lots\"" },
  { "wrong-type-object",
    "{ \"healing\": { \"strategies\": [] } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:30: healing.strategies: ", "expected an object, got an array" },
  { "wrong-type-integer",
    "{ \"healing\": { \"retry\": { \"max-attempts\": 2.5 } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:43: healing.retry.max-attempts: ", "got 2.5" },
  { "out-of-range",
    "{\n"
    "  \"healing\": {\n"
    "    \"components\": {\n"
    "      \"StockTicker\": {\n"
    "        \"circuit-breaker\": {\n"
    "          \"mode\": \"window\",\n"
    "          \"threshold\": -1\n"
    "        }\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "}\n",
    HEALING_POLICY_ERROR_OUT_OF_RANGE, "7:24: healing.components.StockTicker.circuit-breaker.threshold: ",
    "expected a positive integer, got -1" },
  { "out-of-range-double",
    "{ \"healing\": { \"retry\": { \"jitter\": 1.5 } } }",
    HEALING_POLICY_ERROR_OUT_OF_RANGE, "1:37: healing.retry.jitter: ", "got 1.5" },
  { "unknown-strategy",
    "{\n  \"healing\": {\n    \"escalation\": [\"retry\", \"reboot\"]\n  }\n}\n",
    HEALING_POLICY_ERROR_UNKNOWN_STRATEGY, "3:29: healing.escalation[1]: ", "\"reboot\"" },
  { "unknown-class",
    "{\n  \"healing\": {\n    \"strategies\": {\n      \"netwrok\": \"retry\"\n    }\n  }\n}\n",
    HEALING_POLICY_ERROR_UNKNOWN_CLASS, "4:7: healing.strategies.netwrok: ", NULL },
  { "invalid-mode",
    "{ \"healing\": { \"circuit-breaker\": { \"mode\": \"sometimes\" } } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:45: healing.circuit-breaker.mode: ", NULL },
  { "empty-escalation",
    "{ \"healing\": { \"escalation\": [] } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:30: healing.escalation: ", NULL },
  { "builtin-class",
    "{ \"healing\": { \"classes\": { \"render\": { \"domain\": \"x\" } } } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:29: healing.classes.render: ", NULL },
  { "class-in-component",
    "{ \"healing\": { \"components\": { \"A\": { \"classes\": {} } } } }",
    HEALING_POLICY_ERROR_UNKNOWN_KEY, "1:39: healing.components.A.classes: ", NULL },
  /* Failure prediction. */
  { "predict-unknown",
    "{ \"healing\": { \"predict\": \"sometimes\" } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:27: healing.predict: ", "expected one of \"off\", \"shadow\", \"isolate\", got \"sometimes\"" },
  { "predict-type",
    "{ \"healing\": { \"components\": { \"A\": { \"predict\": true } } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:50: healing.components.A.predict: ", "expected a string, got true" },
  { "isolate-probability-range",
    "{ \"healing\": { \"isolate-probability\": 1.5 } }",
    HEALING_POLICY_ERROR_OUT_OF_RANGE, "1:39: healing.isolate-probability: ", "expected a number from 0 to 1, got 1.5" },
  { "isolate-probability-type",
    "{ \"healing\": { \"isolate-probability\": \"high\" } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:39: healing.isolate-probability: ", "expected a number" },
  { "utf8-columns",
    "{ \"healing\": { \"components\": { \"Bücher\": { \"enabled\": 1 } } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:55: healing.components.Bücher.enabled: ", "expected true or false, got 1" },
  /* Escalations and fault classes of the wrong shape. */
  { "escalation-type",
    "{ \"healing\": { \"escalation\": \"retry\" } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:30: healing.escalation: ", "expected an array of strategies, got \"retry\"" },
  { "escalation-element-type",
    "{ \"healing\": { \"escalation\": [ 1 ] } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:32: healing.escalation[0]: ", "expected the name of a strategy, got 1" },
  { "class-codes-type",
    "{ \"healing\": { \"classes\": { \"q\": { \"domain\": \"g-io-error-quark\", \"codes\": 3 } } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:75: healing.classes.q.codes: ", "expected an array of error codes, got 3" },
  { "class-codes-empty",
    "{ \"healing\": { \"classes\": { \"q\": { \"domain\": \"g-io-error-quark\", \"codes\": [] } } } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:75: healing.classes.q.codes: ", "expected at least one code" },
  { "class-code-negative",
    "{ \"healing\": { \"classes\": { \"q\": { \"domain\": \"g-io-error-quark\", \"codes\": [ -1 ] } } } }",
    HEALING_POLICY_ERROR_OUT_OF_RANGE, "1:77: healing.classes.q.codes[0]: ", "expected a non-negative integer, got -1" },
  { "class-code-type",
    "{ \"healing\": { \"classes\": { \"q\": { \"domain\": \"g-io-error-quark\", \"codes\": [ \"x\" ] } } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:77: healing.classes.q.codes[0]: ", "expected a non-negative integer, got \"x\"" },
  { "class-domain-type",
    "{ \"healing\": { \"classes\": { \"q\": { \"domain\": 5 } } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:46: healing.classes.q.domain: ", "expected the name of an error domain, got 5" },
  { "class-kinds-type",
    "{ \"healing\": { \"classes\": { \"q\": { \"kinds\": \"crash\" } } } }",
    HEALING_POLICY_ERROR_WRONG_TYPE, "1:45: healing.classes.q.kinds: ", "expected an array of kinds of fault" },
  { "class-kind-unknown",
    "{ \"healing\": { \"classes\": { \"q\": { \"kinds\": [ \"crash\", \"boom\" ] } } } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:56: healing.classes.q.kinds[1]: ", "expected one of \"crash\"" },
  { "class-unknown-key",
    "{ \"healing\": { \"classes\": { \"q\": { \"domain\": \"x\", \"colour\": 1 } } } }",
    HEALING_POLICY_ERROR_UNKNOWN_KEY, "1:51: healing.classes.q.colour: ", "domain, code, codes, kinds" },
  { "class-no-domain",
    "{ \"healing\": { \"classes\": { \"q\": { } } } }",
    HEALING_POLICY_ERROR_INVALID_VALUE, "1:34: healing.classes.q: ", "missing member \"domain\"" },
};

/* Failure prediction: the keys, globally and per component, and what a
 * component gets. */
static void
test_json_predict (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  g_autoptr (HealingPolicy) resolved = NULL;
  g_autoptr (GError) error = NULL;
  HealingPolicy *ticker;

  g_assert_cmpint (healing_policy_get_predict (policy), ==, HEALING_PREDICT_MODE_ISOLATE);
  g_assert_cmpfloat (healing_policy_get_isolate_probability (policy), ==, 0.7);

  g_assert_true (healing_policy_load_from_data (policy,
                                                "{ \"healing\": {\n"
                                                "  \"predict\": \"shadow\",\n"
                                                "  \"isolate-probability\": 0.8,\n"
                                                "  \"components\": {\n"
                                                "    \"Ticker\": { \"predict\": \"isolate\", \"isolate-probability\": 0.9 },\n"
                                                "    \"Feed\": { \"predict\": \"off\" }\n"
                                                "  }\n"
                                                "} }", -1, "predict.json", &error));
  g_assert_no_error (error);
  g_assert_cmpint (healing_policy_get_predict (policy), ==, HEALING_PREDICT_MODE_SHADOW);
  g_assert_cmpfloat (healing_policy_get_isolate_probability (policy), ==, 0.8);

  ticker = healing_policy_get_component (policy, "Ticker");
  g_assert_nonnull (ticker);
  g_assert_cmpint (healing_policy_get_predict (ticker), ==, HEALING_PREDICT_MODE_ISOLATE);
  g_assert_cmpint (healing_policy_get_component_predict (policy, "Ticker"), ==, HEALING_PREDICT_MODE_ISOLATE);
  g_assert_cmpfloat (healing_policy_get_component_isolate_probability (policy, "Ticker"), ==, 0.9);
  g_assert_cmpint (healing_policy_get_component_predict (policy, "Feed"), ==, HEALING_PREDICT_MODE_OFF);
  /* Feed sets no probability: the global one holds. */
  g_assert_cmpfloat (healing_policy_get_component_isolate_probability (policy, "Feed"), ==, 0.8);
  g_assert_cmpint (healing_policy_get_component_predict (policy, "Other"), ==, HEALING_PREDICT_MODE_SHADOW);
  g_assert_cmpint (healing_policy_get_component_predict (policy, NULL), ==, HEALING_PREDICT_MODE_SHADOW);

  resolved = healing_policy_resolve (policy, "Ticker");
  g_assert_cmpint (healing_policy_get_predict (resolved), ==, HEALING_PREDICT_MODE_ISOLATE);
  g_assert_cmpfloat (healing_policy_get_isolate_probability (resolved), ==, 0.9);

  /* Loading replaces the whole configuration: back to the defaults. */
  g_assert_true (healing_policy_load_from_data (policy, "{ \"healing\": {} }", -1, "empty.json", &error));
  g_assert_cmpint (healing_policy_get_predict (policy), ==, HEALING_PREDICT_MODE_ISOLATE);
  g_assert_cmpfloat (healing_policy_get_isolate_probability (policy), ==, 0.7);

  /* As properties. */
  g_object_set (policy, "predict", HEALING_PREDICT_MODE_OFF, "isolate-probability", 0.5, NULL);
  g_assert_cmpint (healing_policy_get_predict (policy), ==, HEALING_PREDICT_MODE_OFF);
  g_assert_cmpfloat (healing_policy_get_isolate_probability (policy), ==, 0.5);
}

static void
test_json_error (gconstpointer data)
{
  const ErrorCase *c = data;
  char *name = g_strconcat (c->name, ".json", NULL);
  char *path = write_file (name, c->text);
  char *prefix = g_strconcat (path, ":", c->where, NULL);
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;
  int changed = 0;

  healing_policy_set_retry_max_attempts (policy, 7);
  g_signal_connect_swapped (policy, "changed", G_CALLBACK (increment), &changed);

  g_assert_false (healing_policy_load_from_file (policy, path, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, (int) c->code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, prefix))
    {
      g_test_message ("“%s” does not start with “%s”", error->message, prefix);
      g_test_fail ();
    }
  if (c->detail != NULL && strstr (error->message, c->detail) == NULL)
    {
      g_test_message ("“%s” does not contain “%s”", error->message, c->detail);
      g_test_fail ();
    }

  /* The policy in force stays in force. */
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 7);
  g_assert_null (healing_policy_get_file (policy));

  g_clear_error (&error);
  g_assert_finalize_object (policy);
  g_unlink (path);
  g_free (prefix);
  g_free (path);
  g_free (name);
}

static void
test_json_data_source (void)
{
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;

  g_assert_false (healing_policy_load_from_data (policy, "{ \"healing\": 3 }", -1, NULL, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==, "<data>:1:14: healing: expected an object, got 3");
  g_clear_error (&error);

  g_assert_false (healing_policy_load_from_data (policy, "[]", -1, "inline", &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==, "inline:1:1: (root): expected an object, got an array");
  g_clear_error (&error);

  g_assert_false (healing_policy_load_from_file (policy, "/nonexistent/healing.json", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_finalize_object (policy);
}

/* ------------------------------------------------------------------------
 * Live reload
 * ------------------------------------------------------------------------ */

typedef struct
{
  int changed;
  int failed;
  GError *error;
} ReloadState;

static void
reload_changed_cb (HealingPolicy *policy,
                   ReloadState   *state)
{
  state->changed++;
}

static void
reload_failed_cb (HealingPolicy *policy,
                  GError        *error,
                  ReloadState   *state)
{
  state->failed++;
  g_clear_error (&state->error);
  state->error = g_error_copy (error);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *counter reaches target, or 10 s. */
static void
wait_for (int *counter,
          int  target)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("the file monitor did not fire within 10 s");
  g_source_remove (id);
}

static void
test_live_reload (void)
{
  HealingPolicy *policy = healing_policy_new ();
  ReloadState state = { 0, };
  char *path;
  GError *error = NULL;

  path = write_file ("live.json", "{ \"healing\": { \"retry\": { \"max-attempts\": 2 } } }");

  g_signal_connect (policy, "changed", G_CALLBACK (reload_changed_cb), &state);
  g_signal_connect (policy, "load-failed", G_CALLBACK (reload_failed_cb), &state);

  g_assert_true (healing_policy_watch_file (policy, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 2);
  g_assert_cmpstr (healing_policy_get_file (policy), ==, path);
  g_assert_cmpint (state.changed, ==, 1);

  /* A good edit is applied. */
  g_free (write_file ("live.json", "{ \"healing\": { \"retry\": { \"max-attempts\": 5 } } }"));
  wait_for (&state.changed, 2);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 5);

  /* A bad edit is reported and the policy in force stays. */
  g_free (write_file ("live.json", "{ \"healing\": { \"retry\": { \"max-attempts\": -5 } } }"));
  wait_for (&state.failed, 1);
  g_assert_error (state.error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_OUT_OF_RANGE);
  g_assert_true (g_str_has_prefix (state.error->message, path));
  g_assert_nonnull (strstr (state.error->message, ":1:43: healing.retry.max-attempts: "));
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 5);
  g_assert_cmpint (state.changed, ==, 2);

  /* Fixing it applies the fix. */
  g_free (write_file ("live.json", "{ \"healing\": { \"retry\": { \"max-attempts\": 1 } } }"));
  wait_for (&state.changed, 3);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 1);

  healing_policy_stop_watching (policy);
  g_clear_error (&state.error);
  g_assert_finalize_object (policy);
  g_unlink (path);
  g_free (path);
}

static void
test_find_config_file (void)
{
  char *dir = g_build_filename (tmpdir, "config", "org.example.Healing", NULL);
  char *expected = g_build_filename (dir, "healing.json", NULL);
  char *path;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  g_unsetenv ("HEALING_CONFIG");
  path = healing_policy_find_config_file ("org.example.Healing");
  g_assert_null (path);

  g_free (write_file ("config/org.example.Healing/healing.json", "{}"));
  path = healing_policy_find_config_file ("org.example.Healing");
  g_assert_cmpstr (path, ==, expected);
  g_free (path);

  g_setenv ("HEALING_CONFIG", "/somewhere/else.json", TRUE);
  path = healing_policy_find_config_file ("org.example.Healing");
  g_assert_cmpstr (path, ==, "/somewhere/else.json");
  g_free (path);
  g_unsetenv ("HEALING_CONFIG");

  g_unlink (expected);
  g_rmdir (dir);
  g_free (expected);
  g_free (dir);
}

/* ------------------------------------------------------------------------
 * Precise classes, the unknown-domain warning, rate settings, layers
 * ------------------------------------------------------------------------ */

static void
test_classify_codes (void)
{
  HealingPolicy *policy = healing_policy_new ();
  const int net_codes[] = { G_IO_ERROR_HOST_NOT_FOUND, G_IO_ERROR_TIMED_OUT };
  const HealingFaultKind fatal[] = { HEALING_FAULT_CRASH, HEALING_FAULT_HANG };
  const HealingFaultKind reported[] = { HEALING_FAULT_ERROR };
  GError *error = NULL;

  g_assert_true (healing_policy_define_class_full (policy, "net", "g-io-error-quark",
                                                   net_codes, G_N_ELEMENTS (net_codes),
                                                   NULL, 0, &error));
  g_assert_true (healing_policy_define_class_full (policy, "fatal", NULL, NULL, 0,
                                                   fatal, G_N_ELEMENTS (fatal), &error));
  g_assert_true (healing_policy_define_class_full (policy, "io-reported", "g-io-error-quark",
                                                   NULL, 0, reported, 1, &error));
  g_assert_no_error (error);

  /* The codes, and only them: a file error is not a network error. */
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND, NULL),
                  "net io-reported network error");
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, NULL),
                  "net io-reported network error");
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL),
                  "io-reported error");
  assert_classes (policy, make_error (G_FILE_ERROR, G_IO_ERROR_HOST_NOT_FOUND, NULL), "error");

  /* The kinds a class covers, in every phase; after network, before the
   * built-in kind. */
  assert_classes (policy, make_fault (HEALING_FAULT_CRASH, HEALING_PHASE_SNAPSHOT, NULL), "fatal crash render");
  assert_classes (policy, make_fault (HEALING_FAULT_HANG, HEALING_PHASE_HANDLER, NULL), "fatal hang handler");
  assert_classes (policy, make_fault (HEALING_FAULT_CRITICAL, HEALING_PHASE_HANDLER, NULL), "critical handler");

  /* Invalid definitions. */
  g_assert_false (healing_policy_define_class_full (policy, "nothing", NULL, NULL, 0, NULL, 0, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (healing_policy_define_class_full (policy, "codes-alone", NULL, net_codes, 2, fatal, 2, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (healing_policy_has_class (policy, "codes-alone"));

  /* A redefinition replaces. */
  g_assert_true (healing_policy_define_class_full (policy, "net", "g-io-error-quark",
                                                   net_codes, 1, NULL, 0, &error));
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, NULL),
                  "io-reported network error");

  g_assert_finalize_object (policy);
}

/* A domain GLib does not know, defined from code: a message (in a
 * subprocess, to see it), not an error; a known one, none. */
static void
test_define_class_unknown_domain (void)
{
  if (g_test_subprocess ())
    {
      HealingPolicy *policy = healing_policy_new ();
      GError *error = NULL;

      g_assert_true (healing_policy_define_class (policy, "typo", "g-io-eror-quark", -1, &error));
      g_assert_no_error (error);
      g_assert_true (healing_policy_define_class (policy, "fine", "g-io-error-quark", -1, &error));
      g_assert_no_error (error);
      g_assert_true (healing_policy_has_class (policy, "typo"));
      g_assert_finalize_object (policy);
      return;
    }

  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* "?" for the quotes: in the C locale, GLib prints them as "?". */
  g_test_trap_assert_stderr ("*libhealing: fault class ?typo?: no error domain ?g-io-eror-quark? is registered yet*");
  g_test_trap_assert_stderr_unmatched ("*fault class ?fine?*");
}

static void
test_json_classes (void)
{
  const char *text =
    "{\n"
    "  \"healing\": {\n"
    "    \"classes\": {\n"
    "      \"net\": { \"domain\": \"g-io-error-quark\", \"codes\": [ 1, 24 ] },\n"
    "      \"fatal\": { \"kinds\": [ \"crash\", \"hang\", \"crash\" ] },\n"
    "      \"typo\": { \"domain\": \"g-io-eror-quark\" }\n"
    "    },\n"
    "    \"strategies\": { \"net\": \"retry\", \"fatal\": \"isolate\" }\n"
    "  }\n"
    "}\n";
  char *path = write_file ("classes.json", text);
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;
  char **warnings;
  char *expected;

  g_assert_true (healing_policy_load_from_file (policy, path, &error));
  g_assert_no_error (error);

  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL), "net error");
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, NULL), "net network error");
  assert_classes (policy, make_error (G_IO_ERROR, G_IO_ERROR_EXISTS, NULL), "error");
  assert_classes (policy, make_fault (HEALING_FAULT_HANG, HEALING_PHASE_CALLBACK, NULL), "fatal hang callback");

  /* Deciding for one class by name: that class's strategy. */
  {
    HealingDecision *net = healing_policy_decide_for_class (policy, "Feed", "net", NULL);
    HealingDecision *fatal = healing_policy_decide_for_class (policy, "Feed", "fatal", NULL);

    g_assert_cmpint (healing_decision_get_strategy (net), ==, HEALING_STRATEGY_RETRY);
    g_assert_cmpstr (healing_decision_get_fault_class (net), ==, "net");
    g_assert_cmpstr (healing_decision_get_component_id (net), ==, "Feed");
    g_assert_cmpint (healing_decision_get_strategy (fatal), ==, HEALING_STRATEGY_ISOLATE);
    g_assert_cmpstr (healing_decision_get_fault_class (fatal), ==, "fatal");
    healing_decision_unref (net);
    healing_decision_unref (fatal);
  }

  /* The misspelt domain is accepted, with a warning that says where. */
  warnings = healing_policy_get_load_warnings (policy);
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
  expected = g_strconcat (path, ":6:27: healing.classes.typo.domain: no error domain “g-io-eror-quark” is registered yet", NULL);
  g_test_message ("%s", warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], expected));
  g_free (expected);
  g_strfreev (warnings);

  /* A clean load clears them. */
  g_assert_true (healing_policy_load_from_data (policy, "{ \"healing\": { \"classes\": { \"q\": { \"domain\": \"g-io-error-quark\" } } } }", -1, NULL, &error));
  warnings = healing_policy_get_load_warnings (policy);
  g_assert_cmpuint (g_strv_length (warnings), ==, 0);
  g_strfreev (warnings);

  g_assert_finalize_object (policy);
  g_unlink (path);
  g_free (path);
}

static void
test_json_breaker_rates (void)
{
  const char *text =
    "{ \"healing\": {\n"
    "    \"circuit-breaker\": { \"mode\": \"count-based\", \"window-size\": 20,\n"
    "                         \"minimum-calls\": 10, \"failure-rate-threshold\": 25.5,\n"
    "                         \"slow-call-rate-threshold\": 80, \"slow-call-duration-ms\": 250,\n"
    "                         \"max-half-open-wait-ms\": 3000 },\n"
    "    \"components\": {\n"
    "      \"Feed\": { \"circuit-breaker\": { \"mode\": \"time-based\", \"metrics-only\": true } } } } }\n";
  HealingPolicy *policy = healing_policy_new ();
  HealingClock *clock = healing_clock_new_virtual (0);
  HealingCircuitBreaker *feed = healing_circuit_breaker_new ("Feed", clock);
  HealingCircuitBreaker *other = healing_circuit_breaker_new ("Other", clock);
  GError *error = NULL;

  g_assert_true (healing_policy_load_from_data (policy, text, -1, "rates.json", &error));
  g_assert_no_error (error);
  g_assert_cmpint (healing_policy_get_breaker_mode (policy), ==, HEALING_CIRCUIT_MODE_COUNT_BASED);
  g_assert_cmpfloat (healing_policy_get_breaker_failure_rate_threshold (policy), ==, 25.5);

  healing_policy_configure_breaker (policy, other);
  g_assert_cmpint (healing_circuit_breaker_get_mode (other), ==, HEALING_CIRCUIT_MODE_COUNT_BASED);
  g_assert_cmpuint (healing_circuit_breaker_get_window_size (other), ==, 20);
  g_assert_cmpuint (healing_circuit_breaker_get_minimum_calls (other), ==, 10);
  g_assert_cmpfloat (healing_circuit_breaker_get_failure_rate_threshold (other), ==, 25.5);
  g_assert_cmpfloat (healing_circuit_breaker_get_slow_call_rate_threshold (other), ==, 80.0);
  g_assert_cmpuint (healing_circuit_breaker_get_slow_call_duration (other), ==, 250);
  g_assert_cmpuint (healing_circuit_breaker_get_max_half_open_wait (other), ==, 3000);
  g_assert_cmpint (healing_circuit_breaker_get_state (other), ==, HEALING_CIRCUIT_CLOSED);

  /* The component observes only; the rest is inherited. */
  healing_policy_configure_breaker (policy, feed);
  g_assert_cmpint (healing_circuit_breaker_get_mode (feed), ==, HEALING_CIRCUIT_MODE_TIME_BASED);
  g_assert_cmpuint (healing_circuit_breaker_get_minimum_calls (feed), ==, 10);
  g_assert_cmpint (healing_circuit_breaker_get_state (feed), ==, HEALING_CIRCUIT_METRICS_ONLY);
  g_assert_cmpstr (healing_circuit_breaker_get_reason (feed), ==,
                   "metrics only: counting, never opening (set by the policy)");

  /* Dropping metrics-only closes what the policy put there... */
  g_assert_true (healing_policy_load_from_data (policy, "{ \"healing\": {} }", -1, NULL, &error));
  healing_policy_configure_breaker (policy, feed);
  g_assert_cmpint (healing_circuit_breaker_get_state (feed), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpint (healing_circuit_breaker_get_mode (feed), ==, HEALING_CIRCUIT_MODE_WINDOW);

  /* ...but not what an operator did. */
  healing_circuit_breaker_transition_to_metrics_only (feed);
  healing_policy_configure_breaker (policy, feed);
  g_assert_cmpint (healing_circuit_breaker_get_state (feed), ==, HEALING_CIRCUIT_METRICS_ONLY);
  healing_circuit_breaker_force_open (other);
  healing_policy_set_breaker_metrics_only (policy, TRUE);
  healing_policy_configure_breaker (policy, other);
  g_assert_cmpint (healing_circuit_breaker_get_state (other), ==, HEALING_CIRCUIT_FORCED_OPEN);
  /* An open circuit stops enforcing at once. */
  {
    HealingCircuitBreaker *tripped = healing_circuit_breaker_new ("Tripped", clock);

    healing_circuit_breaker_trip (tripped);
    healing_policy_configure_breaker (policy, tripped);
    g_assert_cmpint (healing_circuit_breaker_get_state (tripped), ==, HEALING_CIRCUIT_METRICS_ONLY);
    g_assert_true (healing_circuit_breaker_try_acquire (tripped));
    healing_circuit_breaker_release (tripped);
    g_assert_finalize_object (tripped);
  }

  /* Bad values are positioned errors, as for every key. */
  g_assert_false (healing_policy_load_from_data (policy, "{ \"healing\": { \"circuit-breaker\": { \"metrics-only\": 1 } } }", -1, NULL, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==, "<data>:1:53: healing.circuit-breaker.metrics-only: expected true or false, got 1");
  g_clear_error (&error);
  g_assert_false (healing_policy_load_from_data (policy, "{ \"healing\": { \"circuit-breaker\": { \"window-size\": 10001 } } }", -1, NULL, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (healing_policy_load_from_data (policy, "{ \"healing\": { \"circuit-breaker\": { \"mode\": \"rate\" } } }", -1, NULL, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, "<data>:1:45: healing.circuit-breaker.mode: expected one of \"window\", \"consecutive\", \"count-based\", \"time-based\", got \"rate\"");
  g_clear_error (&error);

  g_assert_finalize_object (feed);
  g_assert_finalize_object (other);
  g_assert_finalize_object (policy);
  g_assert_finalize_object (clock);
}

static void
test_layers (void)
{
  char *system = write_file ("system.json",
                             "{ \"healing\": { \"retry\": { \"max-attempts\": 5, \"initial-delay-ms\": 100 },\n"
                             "  \"circuit-breaker\": { \"threshold\": 7, \"window-ms\": 20000 },\n"
                             "  \"strategies\": { \"render\": \"restore\" },\n"
                             "  \"classes\": { \"quota\": { \"domain\": \"g-io-error-quark\", \"code\": 1 } },\n"
                             "  \"components\": { \"Feed\": { \"circuit-breaker\": { \"threshold\": 2 } } } } }\n");
  char *user = write_file ("user.json",
                           "{ \"healing\": { \"circuit-breaker\": { \"threshold\": 9 },\n"
                           "  \"strategies\": { \"quota\": \"isolate\" },\n"
                           "  \"components\": { \"Feed\": { \"circuit-breaker\": { \"window-ms\": 500 } } } } }\n");
  char *env = write_file ("env.json", "{ \"healing\": { \"retry\": { \"max-attempts\": 1 } } }\n");
  char *broken = write_file ("broken.json", "{ \"healing\": { \"retry\": { \"max-attempts\": -1 } } }\n");
  const char *paths[] = { system, user, env, NULL };
  const char *with_broken[] = { system, broken, env, NULL };
  HealingPolicy *policy = healing_policy_new ();
  HealingPolicy *feed;
  HealingStrategy strategy;
  GError *error = NULL;

  g_assert_true (healing_policy_load_from_files (policy, paths, &error));
  g_assert_no_error (error);

  /* Key by key: each file sets what it names, over those before it. */
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 1);
  g_assert_cmpuint (healing_policy_get_retry_initial_delay (policy), ==, 100);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 9);
  g_assert_cmpuint (healing_policy_get_breaker_window (policy), ==, 20000);
  g_assert_true (healing_policy_lookup_strategy (policy, "render", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_RESTORE);
  /* A later layer may use a class an earlier one defined. */
  g_assert_true (healing_policy_lookup_strategy (policy, "quota", &strategy));
  g_assert_cmpint (strategy, ==, HEALING_STRATEGY_ISOLATE);
  feed = healing_policy_get_component (policy, "Feed");
  g_assert_nonnull (feed);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (feed), ==, 2);
  g_assert_cmpuint (healing_policy_get_breaker_window (feed), ==, 500);
  g_assert_cmpstr (healing_policy_get_file (policy), ==, env);

  /* A bad layer changes nothing, and is named. */
  g_assert_false (healing_policy_load_from_files (policy, with_broken, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_OUT_OF_RANGE);
  g_assert_true (g_str_has_prefix (error->message, broken));
  g_clear_error (&error);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 9);
  g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 1);

  /* A missing file is an error when loading, skipped when watching. */
  {
    char *missing = g_build_filename (tmpdir, "missing.json", NULL);
    const char *with_missing[] = { system, missing, NULL };
    ReloadState state = { 0, };

    g_assert_false (healing_policy_load_from_files (policy, with_missing, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);

    g_signal_connect (policy, "changed", G_CALLBACK (reload_changed_cb), &state);
    g_signal_connect (policy, "load-failed", G_CALLBACK (reload_failed_cb), &state);
    g_assert_true (healing_policy_watch_files (policy, with_missing, &error));
    g_assert_no_error (error);
    /* What no layer sets is back to its default. */
    g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 7);
    g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 5);
    /* Feed is as the system file alone has it. */
    g_assert_cmpuint (healing_policy_get_breaker_threshold (healing_policy_get_component (policy, "Feed")), ==, 2);
    g_assert_cmpuint (healing_policy_get_breaker_window (healing_policy_get_component (policy, "Feed")), ==, 10000);
    g_assert_cmpint (state.changed, ==, 1);

    /* Creating the missing layer applies it over the others. */
    g_free (write_file ("missing.json", "{ \"healing\": { \"circuit-breaker\": { \"threshold\": 4 } } }"));
    wait_for (&state.changed, 2);
    g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 4);
    g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 5);

    /* Breaking a layer keeps the merge in force. */
    g_free (write_file ("system.json", "{ \"healing\": { \"retry\": 3 } }"));
    wait_for (&state.failed, 1);
    g_assert_true (g_str_has_prefix (state.error->message, system));
    g_assert_cmpuint (healing_policy_get_retry_max_attempts (policy), ==, 5);
    g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 4);

    healing_policy_stop_watching (policy);
    g_clear_error (&state.error);
    g_unlink (missing);
    g_free (missing);
  }

  g_assert_finalize_object (policy);
  g_unlink (system);
  g_unlink (user);
  g_unlink (env);
  g_unlink (broken);
  g_free (system);
  g_free (user);
  g_free (env);
  g_free (broken);
}

static void
test_find_config_files (void)
{
  char *sys1 = g_build_filename (tmpdir, "sys1", "org.example.Layers", NULL);
  char *sys2 = g_build_filename (tmpdir, "sys2", "org.example.Layers", NULL);
  char *home = g_build_filename (tmpdir, "config", "org.example.Layers", NULL);
  char **paths;
  char *joined, *expected;

  g_assert_cmpint (g_mkdir_with_parents (sys1, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sys2, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);

  g_unsetenv ("HEALING_CONFIG");
  paths = healing_policy_find_config_files ("org.example.Layers");
  g_assert_cmpuint (g_strv_length (paths), ==, 0);
  g_strfreev (paths);

  g_free (write_file ("sys1/org.example.Layers/healing.json", "{}"));
  g_free (write_file ("sys2/org.example.Layers/healing.json", "{}"));
  g_free (write_file ("config/org.example.Layers/healing.json", "{}"));
  g_setenv ("HEALING_CONFIG", "/somewhere/else.json", TRUE);

  /* XDG_CONFIG_DIRS is sys1:sys2, most important first: sys2 comes
   * first, as the lowest priority. */
  paths = healing_policy_find_config_files ("org.example.Layers");
  joined = g_strjoinv (" ", paths);
  expected = g_strdup_printf ("%s/healing.json %s/healing.json %s/healing.json /somewhere/else.json",
                              sys2, sys1, home);
  g_assert_cmpstr (joined, ==, expected);
  g_free (expected);
  g_free (joined);
  g_strfreev (paths);
  g_unsetenv ("HEALING_CONFIG");

  {
    char *f;

    f = g_build_filename (sys1, "healing.json", NULL); g_unlink (f); g_free (f);
    f = g_build_filename (sys2, "healing.json", NULL); g_unlink (f); g_free (f);
    f = g_build_filename (home, "healing.json", NULL); g_unlink (f); g_free (f);
  }
  g_rmdir (sys1);
  g_rmdir (sys2);
  g_rmdir (home);
  {
    char *d;

    d = g_build_filename (tmpdir, "sys1", NULL); g_rmdir (d); g_free (d);
    d = g_build_filename (tmpdir, "sys2", NULL); g_rmdir (d); g_free (d);
  }
  g_free (sys1);
  g_free (sys2);
  g_free (home);
}

int
main (int   argc,
      char *argv[])
{
  GError *error = NULL;
  char *config_home;
  guint i;
  int ret;

  tmpdir = g_dir_make_tmp ("test-policy-XXXXXX", &error);
  g_assert_no_error (error);
  config_home = g_build_filename (tmpdir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  {
    char *dirs = g_strdup_printf ("%s/sys1:%s/sys2", tmpdir, tmpdir);

    g_setenv ("XDG_CONFIG_DIRS", dirs, TRUE);
    g_free (dirs);
  }
  g_unsetenv ("HEALING_CONFIG");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/Policy/defaults", test_defaults);
  g_test_add_func ("/Healing/Policy/retry/backoff", test_backoff);
  g_test_add_func ("/Healing/Policy/retry/virtual-time", test_retry_virtual_time);
  g_test_add_func ("/Healing/Policy/escalation/default", test_escalation_default);
  g_test_add_func ("/Healing/Policy/escalation/custom", test_escalation_custom);
  g_test_add_func ("/Healing/Policy/escalation/decide-final", test_decide_final);
  g_test_add_func ("/Healing/Policy/classify", test_classify);
  g_test_add_func ("/Healing/Policy/component-precedence", test_component_precedence);
  g_test_add_func ("/Healing/Policy/json/load", test_json_load);
  for (i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      char *path = g_strconcat ("/Healing/Policy/json/error/", error_cases[i].name, NULL);

      g_test_add_data_func (path, &error_cases[i], test_json_error);
      g_free (path);
    }
  g_test_add_func ("/Healing/Policy/json/data-source", test_json_data_source);
  g_test_add_func ("/Healing/Policy/live-reload", test_live_reload);
  g_test_add_func ("/Healing/Policy/find-config-file", test_find_config_file);
  g_test_add_func ("/Healing/Policy/classify/codes", test_classify_codes);
  g_test_add_func ("/Healing/Policy/classify/unknown-domain", test_define_class_unknown_domain);
  g_test_add_func ("/Healing/Policy/json/classes", test_json_classes);
  g_test_add_func ("/Healing/Policy/json/breaker-rates", test_json_breaker_rates);
  g_test_add_func ("/Healing/Policy/layers", test_layers);
  g_test_add_func ("/Healing/Policy/find-config-files", test_find_config_files);
  g_test_add_func ("/Healing/Policy/json/predict", test_json_predict);

  ret = g_test_run ();

  g_rmdir (config_home);
  g_rmdir (tmpdir);
  g_free (config_home);
  g_free (tmpdir);

  return ret;
}
