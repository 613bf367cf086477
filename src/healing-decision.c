/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-decision-private.h"
#include "healing-enums.h"

/**
 * HealingDecision:
 *
 * What a [class@Policy] says to do about one fault.
 *
 * A decision is an immutable, reference-counted record made by
 * [method@Policy.decide]: the [enum@Healing.Strategy] to carry out, for
 * which fault class, which attempt it is, and for a retry how long to wait
 * first.
 *
 * ## Attempts and steps
 *
 * The attempt is the number of faults of the component since it last ran
 * cleanly (1 for the first fault). The policy walks the escalation chain
 * (see [class@Policy]) one step at a time: each step takes a number of
 * faults — a retry step as many as the retry settings allow, a restore or
 * fallback step one, an isolate, hot-patch or circuit-break step all the
 * rest. [method@Decision.get_step_attempt] is the attempt within the step
 * (for "retry 2 of 3"); [method@Policy.escalate] moves to the next step at
 * once, when a strategy cannot be carried out.
 */

G_DEFINE_BOXED_TYPE (HealingDecision, healing_decision,
                     healing_decision_ref, healing_decision_unref)

HealingDecision *
healing_decision_new (void)
{
  HealingDecision *self = g_new0 (HealingDecision, 1);

  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

/**
 * healing_decision_ref:
 * @self: a decision
 *
 * Acquires a reference on @self.
 *
 * Returns: (transfer full): @self
 */
HealingDecision *
healing_decision_ref (HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * healing_decision_unref:
 * @self: (transfer full): a decision
 *
 * Releases a reference on @self, freeing it when the last one is gone.
 */
void
healing_decision_unref (HealingDecision *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->component_id);
  g_free (self->reason);
  g_free (self);
}

/**
 * healing_decision_get_strategy:
 * @self: a decision
 *
 * Gets the strategy to carry out.
 *
 * Returns: the strategy
 */
HealingStrategy
healing_decision_get_strategy (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, HEALING_STRATEGY_FALLBACK);

  return self->strategy;
}

/**
 * healing_decision_get_fault_class:
 * @self: a decision
 *
 * Gets the fault class that chose the strategy: the class of the fault
 * with the highest precedence that has a strategy (see [class@Policy]), or
 * the class of highest precedence when none has.
 *
 * Returns: (transfer none): the fault class, such as "render" or "network"
 */
const char *
healing_decision_get_fault_class (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fault_class;
}

/**
 * healing_decision_get_component_id:
 * @self: a decision
 *
 * Gets the component the decision is for.
 *
 * Returns: (transfer none) (nullable): the component id
 */
const char *
healing_decision_get_component_id (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->component_id;
}

/**
 * healing_decision_get_attempt:
 * @self: a decision
 *
 * Gets the attempt the decision is for: the number of faults since the
 * component last ran cleanly, counting this one.
 *
 * Returns: the attempt, from 1
 */
guint
healing_decision_get_attempt (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->attempt;
}

/**
 * healing_decision_get_step:
 * @self: a decision
 *
 * Gets the position of the strategy on the way along the escalation
 * chain: 0 for the strategy of the fault class itself.
 *
 * Returns: the step, from 0
 */
guint
healing_decision_get_step (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->step;
}

/**
 * healing_decision_get_step_attempt:
 * @self: a decision
 *
 * Gets the attempt within the current step: 2 for the second retry.
 *
 * Returns: the attempt within the step, from 1
 */
guint
healing_decision_get_step_attempt (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->step_attempt;
}

/**
 * healing_decision_get_step_attempts:
 * @self: a decision
 *
 * Gets how many attempts the current step takes: 3 for "retry 2 of 3".
 *
 * Returns: the number of attempts of the step, or 0 if it takes every
 *   further attempt
 */
guint
healing_decision_get_step_attempts (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->step_attempts;
}

/**
 * healing_decision_get_delay:
 * @self: a decision
 *
 * Gets how long to wait before a retry, jitter included.
 *
 * Returns: the delay in milliseconds; 0 for strategies other than
 *   [enum@Healing.Strategy.retry]
 */
guint
healing_decision_get_delay (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->delay_ms;
}

/**
 * healing_decision_is_final:
 * @self: a decision
 *
 * Gets whether the strategy is the last of the escalation chain: it takes
 * every further fault, and [method@Policy.escalate] returns it again.
 *
 * Returns: whether the decision is final
 */
gboolean
healing_decision_is_final (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->final;
}

/**
 * healing_decision_is_escalated:
 * @self: a decision
 *
 * Gets whether the strategy comes from escalation: an earlier strategy
 * was exhausted.
 *
 * Returns: whether the decision was escalated
 */
gboolean
healing_decision_is_escalated (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->step > 0;
}

/**
 * healing_decision_get_reason:
 * @self: a decision
 *
 * Gets the decision in words, for logs and the inspector, such as
 * "retry 2 of 3 in 1.0 s (fault class render)".
 *
 * Returns: (transfer none): the reason
 */
const char *
healing_decision_get_reason (const HealingDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reason;
}

/**
 * healing_strategy_to_string:
 * @strategy: a strategy
 *
 * Gets the name of a strategy in configuration files, such as
 * "circuit-break".
 *
 * Returns: (transfer none): the name
 */
const char *
healing_strategy_to_string (HealingStrategy strategy)
{
  GEnumClass *klass = g_type_class_ref (HEALING_TYPE_STRATEGY);
  GEnumValue *value = g_enum_get_value (klass, strategy);

  g_type_class_unref (klass);
  g_return_val_if_fail (value != NULL, NULL);

  return value->value_nick;
}

/**
 * healing_strategy_from_string:
 * @name: the name of a strategy, such as "circuit-break"
 * @strategy: (out): return location for the strategy
 *
 * Looks a strategy up by its name in configuration files.
 *
 * Returns: whether @name names a strategy
 */
gboolean
healing_strategy_from_string (const char      *name,
                              HealingStrategy *strategy)
{
  GEnumClass *klass;
  GEnumValue *value;

  g_return_val_if_fail (name != NULL, FALSE);

  klass = g_type_class_ref (HEALING_TYPE_STRATEGY);
  value = g_enum_get_value_by_nick (klass, name);
  if (value != NULL && strategy != NULL)
    *strategy = value->value;
  g_type_class_unref (klass);

  return value != NULL;
}
