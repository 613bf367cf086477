/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-fault-entry.h"
#include "healing-enums.h"

/**
 * HealingFaultEntry:
 *
 * One line of the fault log of [class@Runtime]: a fault, what the policy
 * decided about it, and what came of it.
 *
 * The fault and the decision never change; [property@FaultEntry:outcome]
 * is updated as healing goes on, and notifies.
 */
struct _HealingFaultEntry
{
  GObject parent_instance;

  HealingFault *fault;
  HealingDecision *decision;
  HealingOutcome outcome;
};

enum {
  PROP_0,
  PROP_FAULT,
  PROP_DECISION,
  PROP_COMPONENT_ID,
  PROP_STRATEGY,
  PROP_OUTCOME,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingFaultEntry, healing_fault_entry, G_TYPE_OBJECT)

static void
healing_fault_entry_finalize (GObject *object)
{
  HealingFaultEntry *self = HEALING_FAULT_ENTRY (object);

  g_clear_pointer (&self->fault, healing_fault_unref);
  g_clear_pointer (&self->decision, healing_decision_unref);

  G_OBJECT_CLASS (healing_fault_entry_parent_class)->finalize (object);
}

static void
healing_fault_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HealingFaultEntry *self = HEALING_FAULT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_FAULT:
      g_value_set_boxed (value, self->fault);
      break;
    case PROP_DECISION:
      g_value_set_boxed (value, self->decision);
      break;
    case PROP_COMPONENT_ID:
      g_value_set_string (value, healing_fault_entry_get_component_id (self));
      break;
    case PROP_STRATEGY:
      g_value_set_enum (value, healing_fault_entry_get_strategy (self));
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_fault_entry_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HealingFaultEntry *self = HEALING_FAULT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_FAULT:
      self->fault = g_value_dup_boxed (value);
      break;
    case PROP_DECISION:
      self->decision = g_value_dup_boxed (value);
      break;
    case PROP_OUTCOME:
      healing_fault_entry_set_outcome (self, g_value_get_enum (value));
      break;
    case PROP_COMPONENT_ID:
    case PROP_STRATEGY:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_fault_entry_class_init (HealingFaultEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_fault_entry_finalize;
  object_class->get_property = healing_fault_entry_get_property;
  object_class->set_property = healing_fault_entry_set_property;

  /**
   * HealingFaultEntry:fault: (getter get_fault)
   *
   * The fault.
   */
  props[PROP_FAULT] =
    g_param_spec_boxed ("fault", NULL, NULL,
                        HEALING_TYPE_FAULT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingFaultEntry:decision: (getter get_decision)
   *
   * What the policy decided about the fault.
   */
  props[PROP_DECISION] =
    g_param_spec_boxed ("decision", NULL, NULL,
                        HEALING_TYPE_DECISION,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingFaultEntry:component-id: (getter get_component_id)
   *
   * The component the fault was attributed to.
   */
  props[PROP_COMPONENT_ID] =
    g_param_spec_string ("component-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingFaultEntry:strategy: (getter get_strategy)
   *
   * The strategy chosen for the fault.
   */
  props[PROP_STRATEGY] =
    g_param_spec_enum ("strategy", NULL, NULL,
                       HEALING_TYPE_STRATEGY, HEALING_STRATEGY_FALLBACK,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingFaultEntry:outcome: (getter get_outcome) (setter set_outcome)
   *
   * What came of the fault.
   */
  props[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL,
                       HEALING_TYPE_OUTCOME, HEALING_OUTCOME_PENDING,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_fault_entry_init (HealingFaultEntry *self)
{
}

/**
 * healing_fault_entry_new:
 * @fault: the fault
 * @decision: (nullable): what the policy decided about it
 *
 * Creates an entry of the fault log.
 *
 * Returns: (transfer full): a new entry
 */
HealingFaultEntry *
healing_fault_entry_new (HealingFault    *fault,
                         HealingDecision *decision)
{
  g_return_val_if_fail (fault != NULL, NULL);

  return g_object_new (HEALING_TYPE_FAULT_ENTRY,
                       "fault", fault,
                       "decision", decision,
                       NULL);
}

/**
 * healing_fault_entry_get_fault: (get-property fault)
 * @self: a fault entry
 *
 * Gets the fault.
 *
 * Returns: (transfer none): the fault
 */
HealingFault *
healing_fault_entry_get_fault (HealingFaultEntry *self)
{
  g_return_val_if_fail (HEALING_IS_FAULT_ENTRY (self), NULL);

  return self->fault;
}

/**
 * healing_fault_entry_get_decision: (get-property decision)
 * @self: a fault entry
 *
 * Gets what the policy decided about the fault.
 *
 * Returns: (transfer none) (nullable): the decision
 */
HealingDecision *
healing_fault_entry_get_decision (HealingFaultEntry *self)
{
  g_return_val_if_fail (HEALING_IS_FAULT_ENTRY (self), NULL);

  return self->decision;
}

/**
 * healing_fault_entry_get_component_id: (get-property component-id)
 * @self: a fault entry
 *
 * Gets the component the fault was attributed to.
 *
 * Returns: (nullable): the component id
 */
const char *
healing_fault_entry_get_component_id (HealingFaultEntry *self)
{
  g_return_val_if_fail (HEALING_IS_FAULT_ENTRY (self), NULL);

  return self->fault != NULL ? healing_fault_get_component_id (self->fault) : NULL;
}

/**
 * healing_fault_entry_get_strategy: (get-property strategy)
 * @self: a fault entry
 *
 * Gets the strategy chosen for the fault.
 *
 * Returns: the strategy; [enum@Healing.Strategy.fallback] when no
 *   decision was made
 */
HealingStrategy
healing_fault_entry_get_strategy (HealingFaultEntry *self)
{
  g_return_val_if_fail (HEALING_IS_FAULT_ENTRY (self), HEALING_STRATEGY_FALLBACK);

  if (self->decision == NULL)
    return HEALING_STRATEGY_FALLBACK;

  return healing_decision_get_strategy (self->decision);
}

/**
 * healing_fault_entry_get_outcome: (get-property outcome)
 * @self: a fault entry
 *
 * Gets what came of the fault.
 *
 * Returns: the outcome
 */
HealingOutcome
healing_fault_entry_get_outcome (HealingFaultEntry *self)
{
  g_return_val_if_fail (HEALING_IS_FAULT_ENTRY (self), HEALING_OUTCOME_PENDING);

  return self->outcome;
}

/**
 * healing_fault_entry_set_outcome: (set-property outcome)
 * @self: a fault entry
 * @outcome: the outcome
 *
 * Sets what came of the fault.
 */
void
healing_fault_entry_set_outcome (HealingFaultEntry *self,
                                 HealingOutcome     outcome)
{
  g_return_if_fail (HEALING_IS_FAULT_ENTRY (self));

  if (self->outcome == outcome)
    return;

  self->outcome = outcome;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OUTCOME]);
}
