/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What is done about a fault: the classes it belongs to, the strategy of
 * the first class that has one, and the step of the escalation chain it
 * has come to, with the delay of a retry; and, for a container, the step
 * it can carry out now (healing_policy_decide_final ()): all of the
 * escalation is here, the container only asks and acts. The settings come
 * from the model (healing-policy.c), through healing_policy_pick () for a
 * component's own; the class documentation (healing-policy.c) says how
 * they combine.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "healing-policy-private.h"
#include "healing-decision-private.h"

/* ------------------------------------------------------------------------
 * Classification
 * ------------------------------------------------------------------------ */

static gboolean
is_network_error (GQuark domain,
                  int    code)
{
  if (domain == G_RESOLVER_ERROR || domain == G_TLS_ERROR)
    return TRUE;

  if (domain != G_IO_ERROR)
    return FALSE;

  switch (code)
    {
    case G_IO_ERROR_HOST_NOT_FOUND:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_NOT_CONNECTED:
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_MESSAGE_TOO_LARGE:
    case G_IO_ERROR_PROXY_FAILED:
    case G_IO_ERROR_PROXY_AUTH_FAILED:
    case G_IO_ERROR_PROXY_NEED_AUTH:
    case G_IO_ERROR_PROXY_NOT_ALLOWED:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
class_matches (const HealingPolicyFaultClass *c,
               GQuark            domain,
               int               code,
               HealingFaultKind  kind)
{
  guint i;

  if (c->kinds != 0 && (c->kinds & (1u << kind)) == 0)
    return FALSE;
  if (c->domain == 0)
    return TRUE;
  if (c->domain != domain)
    return FALSE;
  if (c->n_codes == 0)
    return TRUE;
  for (i = 0; i < c->n_codes; i++)
    if (c->codes[i] == code)
      return TRUE;

  return FALSE;
}

/* The classes of @fault in order of precedence; interned strings. */
static GPtrArray *
classify (HealingPolicy      *self,
          const HealingFault *fault)
{
  GPtrArray *result = g_ptr_array_new ();
  GQuark domain = healing_fault_get_error_domain (fault);
  int code = healing_fault_get_error_code (fault);
  HealingFaultKind kind = healing_fault_get_kind (fault);
  guint i;

  if (domain != 0)
    {
      for (i = 0; i < self->classes->len; i++)
        {
          HealingPolicyFaultClass *c = &g_array_index (self->classes, HealingPolicyFaultClass, i);

          if (c->domain != 0 && c->n_codes > 0 && class_matches (c, domain, code, kind))
            g_ptr_array_add (result, (gpointer) c->name);
        }

      for (i = 0; i < self->classes->len; i++)
        {
          HealingPolicyFaultClass *c = &g_array_index (self->classes, HealingPolicyFaultClass, i);

          if (c->domain != 0 && c->n_codes == 0 && class_matches (c, domain, code, kind))
            g_ptr_array_add (result, (gpointer) c->name);
        }

      if (is_network_error (domain, code))
        g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_NETWORK));
    }

  /* Application classes by kind only. */
  for (i = 0; i < self->classes->len; i++)
    {
      HealingPolicyFaultClass *c = &g_array_index (self->classes, HealingPolicyFaultClass, i);

      if (c->domain == 0 && class_matches (c, domain, code, kind))
        g_ptr_array_add (result, (gpointer) c->name);
    }

  switch (kind)
    {
    case HEALING_FAULT_CRASH:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_CRASH));
      break;
    case HEALING_FAULT_CRITICAL:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_CRITICAL));
      break;
    case HEALING_FAULT_WARNING:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_WARNING));
      break;
    case HEALING_FAULT_HANG:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_HANG));
      break;
    case HEALING_FAULT_ERROR:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_ERROR));
      break;
    default:
      break;
    }

  switch (healing_fault_get_phase (fault))
    {
    case HEALING_PHASE_MEASURE:
    case HEALING_PHASE_ALLOCATE:
    case HEALING_PHASE_SNAPSHOT:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_RENDER));
      break;
    case HEALING_PHASE_HANDLER:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_HANDLER));
      break;
    case HEALING_PHASE_CALLBACK:
      g_ptr_array_add (result, (gpointer) g_intern_static_string (HEALING_FAULT_CLASS_CALLBACK));
      break;
    case HEALING_PHASE_REPORTED:
    case HEALING_PHASE_CLEANUP:
    default:
      break;
    }

  return result;
}

/**
 * healing_policy_classify:
 * @self: a policy
 * @fault: a fault
 *
 * Gets the fault classes @fault belongs to, from the highest precedence to
 * the lowest: application classes with codes, application classes with a
 * domain and any code, `network`, application classes by kind only, the
 * kind class (`crash`, `critical`, `warning`, `hang`, `error`), the phase
 * class (`render`, `handler`, `callback`). An application class matches
 * only if its domain, its codes and its kinds all match, as far as it
 * names them.
 *
 * Returns: (transfer full) (array zero-terminated=1): the class names
 */
char **
healing_policy_classify (HealingPolicy      *self,
                         const HealingFault *fault)
{
  GPtrArray *classes;
  char **result;
  guint i;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);
  g_return_val_if_fail (fault != NULL, NULL);

  classes = classify (self, fault);
  result = g_new0 (char *, classes->len + 1);
  for (i = 0; i < classes->len; i++)
    result[i] = g_strdup (g_ptr_array_index (classes, i));
  g_ptr_array_unref (classes);

  return result;
}

/* ------------------------------------------------------------------------
 * Decisions
 * ------------------------------------------------------------------------ */

/**
 * healing_policy_compute_retry_delay:
 * @self: a policy
 * @component_id: (nullable): a component id
 * @retry: which retry, from 1
 *
 * Computes the delay before a retry with the settings of a component:
 * `initial-delay × multiplier^(retry − 1)`, capped at `max-delay`, spread
 * uniformly by ±`jitter`, and capped at `max-delay` again.
 *
 * Returns: the delay, in milliseconds
 */
guint
healing_policy_compute_retry_delay (HealingPolicy *self,
                                    const char    *component_id,
                                    guint          retry)
{
  HealingPolicy *o;
  double delay, cap, multiplier, jitter;
  guint i;

  g_return_val_if_fail (HEALING_IS_POLICY (self), 0);

  o = healing_policy_get_component (self, component_id);
  delay = healing_policy_pick (self, o, HEALING_POLICY_PROP_RETRY_INITIAL_DELAY)->retry_initial_delay;
  cap = healing_policy_pick (self, o, HEALING_POLICY_PROP_RETRY_MAX_DELAY)->retry_max_delay;
  multiplier = healing_policy_pick (self, o, HEALING_POLICY_PROP_RETRY_MULTIPLIER)->retry_multiplier;
  jitter = healing_policy_pick (self, o, HEALING_POLICY_PROP_RETRY_JITTER)->retry_jitter;

  for (i = 1; i < retry && delay < cap; i++)
    delay *= multiplier;
  delay = MIN (delay, cap);

  if (jitter > 0.0 && delay > 0.0)
    delay *= g_rand_double_range (self->rand, 1.0 - jitter, 1.0 + jitter);

  return (guint) MIN (delay, cap);
}

typedef struct
{
  HealingStrategy strategy;
  guint attempts;       /* 0: unlimited */
} Step;

/* The escalation sequence for a fault class whose own strategy is @start. */
static GArray *
build_sequence (HealingPolicy   *self,
                HealingPolicy   *overrides,
                HealingStrategy  start)
{
  HealingPolicy *chain_owner = (overrides != NULL && overrides->escalation != NULL) ? overrides : self;
  guint max_attempts = healing_policy_pick (self, overrides, HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS)->retry_max_attempts;
  GArray *strategies = g_array_new (FALSE, FALSE, sizeof (HealingStrategy));
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (Step));
  const HealingStrategy *chain;
  gsize n, i, from = 0;
  gboolean found = FALSE;

  chain = healing_policy_get_escalation (chain_owner, &n);

  for (i = 0; i < n; i++)
    if (chain[i] == start)
      {
        from = i;
        found = TRUE;
        break;
      }

  if (!found)
    g_array_append_val (strategies, start);
  g_array_append_vals (strategies, chain + from, n - from);

  for (i = 0; i < strategies->len; i++)
    {
      Step step;

      step.strategy = g_array_index (strategies, HealingStrategy, i);
      switch (step.strategy)
        {
        case HEALING_STRATEGY_RETRY:
          step.attempts = max_attempts;
          if (step.attempts == 0)
            continue;
          break;
        case HEALING_STRATEGY_RESTORE:
        case HEALING_STRATEGY_FALLBACK:
          step.attempts = 1;
          break;
        case HEALING_STRATEGY_ISOLATE:
        case HEALING_STRATEGY_HOT_PATCH:
        case HEALING_STRATEGY_CIRCUIT_BREAK:
        default:
          step.attempts = 0;
          break;
        }
      g_array_append_val (steps, step);
    }

  /* Retries and restores are bounded: a chain that ends in one of them
   * falls back in the end. The last step takes every further fault. */
  if (steps->len == 0 ||
      g_array_index (steps, Step, steps->len - 1).strategy == HEALING_STRATEGY_RETRY ||
      g_array_index (steps, Step, steps->len - 1).strategy == HEALING_STRATEGY_RESTORE)
    {
      Step fallback = { HEALING_STRATEGY_FALLBACK, 0 };

      g_array_append_val (steps, fallback);
    }
  g_array_index (steps, Step, steps->len - 1).attempts = 0;

  g_array_unref (strategies);

  return steps;
}

static HealingDecision *
make_decision (HealingPolicy *self,
               const char    *component_id,
               const char    *fault_class,
               GArray        *steps,
               guint          step_index,
               guint          step_attempt,
               guint          attempt)
{
  HealingDecision *decision = healing_decision_new ();
  Step *step = &g_array_index (steps, Step, step_index);
  const char *name = healing_strategy_to_string (step->strategy);
  char *what;

  decision->strategy = step->strategy;
  decision->fault_class = fault_class;
  decision->component_id = g_strdup (component_id);
  decision->attempt = attempt;
  decision->step = step_index;
  decision->step_attempt = step_attempt;
  decision->step_attempts = step->attempts;
  decision->final = step_index + 1 >= steps->len;

  if (step->strategy == HEALING_STRATEGY_RETRY)
    {
      decision->delay_ms = healing_policy_compute_retry_delay (self, component_id, step_attempt);
      /* Translators: a decision about a fault. 1: which retry, 2: of how
       * many, 3: the delay in milliseconds */
      what = g_strdup_printf (_("retry %1$u of %2$u in %3$u ms"),
                              step_attempt, step->attempts, decision->delay_ms);
    }
  else if (step_index > 0)
    {
      Step *previous = &g_array_index (steps, Step, step_index - 1);

      /* Translators: a decision about a fault. 1: a strategy such as
       * "fallback", 2: the strategy that was exhausted, such as "retry" */
      what = g_strdup_printf (_("%1$s, escalated from %2$s"),
                              name, healing_strategy_to_string (previous->strategy));
    }
  else
    {
      what = g_strdup (name);
    }

  /* Translators: 1: a decision such as "retry 1 of 3 in 500 ms",
   * 2: a fault class such as "render" */
  decision->reason = g_strdup_printf (_("%1$s (fault class %2$s)"), what, fault_class);
  g_free (what);

  return decision;
}

static HealingDecision *
decide_disabled (const char *component_id,
                 const char *fault_class,
                 guint       attempt)
{
  HealingDecision *decision = healing_decision_new ();

  decision->strategy = HEALING_STRATEGY_FALLBACK;
  decision->fault_class = fault_class;
  decision->component_id = g_strdup (component_id);
  decision->attempt = attempt;
  decision->step_attempt = 1;
  decision->final = TRUE;
  /* Translators: a decision about a fault */
  decision->reason = g_strdup (_("fallback: healing is disabled"));

  return decision;
}

/* @classes in order of precedence; picks the class and its strategy. */
static const char *
choose_class (HealingPolicy    *self,
              HealingPolicy    *overrides,
              GPtrArray        *classes,
              HealingStrategy  *strategy)
{
  guint i;

  if (overrides != NULL)
    for (i = 0; i < classes->len; i++)
      {
        gpointer value = g_hash_table_lookup (overrides->strategies, classes->pdata[i]);

        if (value != NULL)
          {
            *strategy = GPOINTER_TO_UINT (value) - 1;
            return classes->pdata[i];
          }
      }

  for (i = 0; i < classes->len; i++)
    if (healing_policy_lookup_strategy (self, classes->pdata[i], strategy))
      return classes->pdata[i];

  return NULL;
}

static HealingDecision *
decide (HealingPolicy         *self,
        const char            *component_id,
        GPtrArray             *classes,
        const HealingDecision *previous)
{
  HealingPolicy *overrides = healing_policy_get_component (self, component_id);
  HealingStrategy start;
  const char *fault_class;
  HealingDecision *decision;
  GArray *steps;
  guint attempt = previous != NULL ? previous->attempt + 1 : 1;
  guint step, step_attempt;

  fault_class = choose_class (self, overrides, classes, &start);
  if (fault_class == NULL)
    {
      const HealingStrategy *chain;
      gsize n;

      chain = healing_policy_get_escalation ((overrides != NULL && overrides->escalation != NULL) ? overrides : self, &n);
      start = chain[0];
      fault_class = classes->len > 0 ? classes->pdata[0] : g_intern_static_string (HEALING_FAULT_CLASS_ERROR);
    }

  if (!healing_policy_pick (self, overrides, HEALING_POLICY_PROP_ENABLED)->enabled)
    return decide_disabled (component_id, fault_class, attempt);

  steps = build_sequence (self, overrides, start);

  if (previous != NULL && previous->fault_class == fault_class)
    {
      /* The same kind of trouble again: go on along the chain. */
      step = MIN (previous->step, steps->len - 1);
      step_attempt = previous->step_attempt + 1;
      if (g_array_index (steps, Step, step).attempts != 0 &&
          step_attempt > g_array_index (steps, Step, step).attempts)
        {
          step++;
          step_attempt = 1;
        }
    }
  else
    {
      /* A first fault, or one of another class: count the attempts of the
       * episode so far along this class's chain, so alternating classes
       * cannot retry for ever. */
      guint left = attempt;

      for (step = 0; step + 1 < steps->len; step++)
        {
          guint budget = g_array_index (steps, Step, step).attempts;

          if (budget == 0 || left <= budget)
            break;
          left -= budget;
        }
      step_attempt = left;
    }

  decision = make_decision (self, component_id, fault_class, steps, step, step_attempt, attempt);
  g_array_unref (steps);

  return decision;
}

/**
 * healing_policy_decide:
 * @self: a policy
 * @fault: the fault
 * @previous: (nullable): the previous decision for the same component in
 *   the same episode, or `NULL` for its first fault since it last ran
 *   cleanly
 *
 * Decides what to do about a fault of the component named by the fault's
 * component id.
 *
 * The first fault gets the strategy of its class (see the class
 * documentation for the precedence). Each further fault of the same class
 * takes the next attempt of the same step — "retry 2 of 3" — until the
 * step is exhausted, then the next step of the escalation chain. A fault
 * of another class counts the attempts of the episode along its own chain.
 *
 * Returns: (transfer full): the decision
 */
HealingDecision *
healing_policy_decide (HealingPolicy         *self,
                       const HealingFault    *fault,
                       const HealingDecision *previous)
{
  HealingDecision *decision;
  GPtrArray *classes;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);
  g_return_val_if_fail (fault != NULL, NULL);

  classes = classify (self, fault);
  decision = decide (self, healing_fault_get_component_id (fault), classes, previous);
  g_ptr_array_unref (classes);

  return decision;
}

/**
 * healing_policy_decide_for_class:
 * @self: a policy
 * @component_id: (nullable): a component id
 * @fault_class: the name of a fault class
 * @previous: (nullable): the previous decision in the same episode
 *
 * Decides as [method@Policy.decide] does, for a fault of one class only.
 *
 * Returns: (transfer full): the decision
 */
HealingDecision *
healing_policy_decide_for_class (HealingPolicy         *self,
                                 const char            *component_id,
                                 const char            *fault_class,
                                 const HealingDecision *previous)
{
  HealingDecision *decision;
  GPtrArray *classes;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);
  g_return_val_if_fail (fault_class != NULL, NULL);

  classes = g_ptr_array_new ();
  g_ptr_array_add (classes, (gpointer) g_intern_string (fault_class));
  decision = decide (self, component_id, classes, previous);
  g_ptr_array_unref (classes);

  return decision;
}

/**
 * healing_policy_escalate:
 * @self: a policy
 * @decision: a decision that cannot be carried out or did not help: a
 *   restore without a checkpoint, a hot patch that is not coming, a
 *   fallback that faulted
 *
 * Moves on to the next step of the escalation chain at once, without
 * waiting for another fault. A final decision escalates to itself.
 *
 * Returns: (transfer full): the next decision
 */
HealingDecision *
healing_policy_escalate (HealingPolicy         *self,
                         const HealingDecision *decision)
{
  HealingPolicy *overrides;
  HealingStrategy start;
  HealingDecision *next;
  GPtrArray *classes;
  GArray *steps;
  guint step;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);
  g_return_val_if_fail (decision != NULL, NULL);

  if (decision->final)
    return healing_decision_ref ((HealingDecision *) decision);

  overrides = healing_policy_get_component (self, decision->component_id);
  classes = g_ptr_array_new ();
  g_ptr_array_add (classes, (gpointer) decision->fault_class);
  if (choose_class (self, overrides, classes, &start) == NULL)
    {
      const HealingStrategy *chain;
      gsize n;

      chain = healing_policy_get_escalation ((overrides != NULL && overrides->escalation != NULL) ? overrides : self, &n);
      start = chain[0];
    }
  g_ptr_array_unref (classes);

  if (!healing_policy_pick (self, overrides, HEALING_POLICY_PROP_ENABLED)->enabled)
    return decide_disabled (decision->component_id, decision->fault_class,
                            decision->attempt);

  steps = build_sequence (self, overrides, start);
  step = MIN (decision->step + 1, steps->len - 1);
  next = make_decision (self, decision->component_id, decision->fault_class,
                        steps, step, 1, decision->attempt);
  g_array_unref (steps);

  return next;
}

/* ------------------------------------------------------------------------
 * The decision to carry out
 * ------------------------------------------------------------------------ */

/* Whether the container can carry out @decision now. */
static gboolean
can_carry_out (const HealingDecision    *decision,
               const HealingPolicyFacts *facts)
{
  switch (decision->strategy)
    {
    case HEALING_STRATEGY_RETRY:
      return facts->restarts_left > 0;

    case HEALING_STRATEGY_RESTORE:
      /* The journal's undo is the first attempt of a restore step; any
       * other attempt needs a checkpoint. */
      return (facts->changes_undone && decision->step_attempt <= 1) ||
             facts->has_checkpoint;

    case HEALING_STRATEGY_FALLBACK:
    case HEALING_STRATEGY_ISOLATE:
    case HEALING_STRATEGY_HOT_PATCH:
    case HEALING_STRATEGY_CIRCUIT_BREAK:
    default:
      return TRUE;
    }
}

/* A final fallback instead of @decision, a final step that cannot be
 * carried out. build_sequence () never ends a chain with a retry or a
 * restore, so this is only a guard: the walk ends whatever the chain. */
static HealingDecision *
fall_back (const HealingDecision *decision)
{
  HealingDecision *fallback = healing_decision_new ();
  char *what;

  fallback->strategy = HEALING_STRATEGY_FALLBACK;
  fallback->fault_class = decision->fault_class;
  fallback->component_id = g_strdup (decision->component_id);
  fallback->attempt = decision->attempt;
  fallback->step = decision->step;
  fallback->step_attempt = 1;
  fallback->final = TRUE;
  what = g_strdup_printf (_("%1$s, escalated from %2$s"),
                          healing_strategy_to_string (HEALING_STRATEGY_FALLBACK),
                          healing_strategy_to_string (decision->strategy));
  fallback->reason = g_strdup_printf (_("%1$s (fault class %2$s)"), what, decision->fault_class);
  g_free (what);

  return fallback;
}

/* The one question a container asks (healing-container.c): which
 * decision to carry out. See healing-policy-private.h. */
HealingDecision *
healing_policy_decide_final (HealingPolicy            *self,
                             const HealingFault       *fault,
                             const HealingDecision    *previous,
                             const HealingPolicyFacts *facts,
                             GPtrArray                *passed_over)
{
  HealingDecision *decision;

  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);
  g_return_val_if_fail (fault != NULL || previous != NULL, NULL);

  if (fault != NULL)
    decision = healing_policy_decide (self, fault, previous);
  else
    decision = healing_decision_ref ((HealingDecision *) previous);

  if (facts == NULL)
    return decision;

  /* Each turn moves to a later step, or to the last one, which
   * can_carry_out () (or fall_back ()) accepts: the walk ends. */
  while (!can_carry_out (decision, facts))
    {
      HealingDecision *next = decision->final ? fall_back (decision)
                                              : healing_policy_escalate (self, decision);

      if (passed_over != NULL)
        g_ptr_array_add (passed_over, decision);
      else
        healing_decision_unref (decision);
      decision = next;
    }

  return decision;
}
