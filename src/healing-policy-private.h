/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "healing-policy.h"
#include "healing-patch-trust.h"

G_BEGIN_DECLS

/* Makes the jitter of retry delays reproducible. */
void healing_policy_set_seed (HealingPolicy *self,
                              guint32        seed);

/* The trust of hot patches from the "patch" section of the configuration,
 * or NULL if it has none (healing-patch-store.c). */
HealingPatchTrust *healing_policy_get_patch_trust (HealingPolicy *self);

/* What a container can carry out now, for the decision it is about to
 * act on: what healing_policy_decide_final () needs to pass over the steps
 * that cannot be carried out. */
typedef struct
{
  /* Restart intensity: how many more times the child may be restarted
   * now, for a retry; G_MAXUINT without a limit. */
  guint restarts_left;
  /* The journal has already undone the faulted action's own changes: the
   * first attempt of a restore step needs no checkpoint. */
  gboolean changes_undone;
  /* A checkpoint can be restored. */
  gboolean has_checkpoint;
} HealingPolicyFacts;

/* The decision to carry out, escalation included: the container asks this
 * and acts on the answer; it never escalates itself.
 *
 * With @fault, the policy first decides about it as healing_policy_decide ()
 * does, @previous being the decision of the episode's previous fault (NULL
 * for the first). Without, @previous is where to start: the decision of
 * the episode's last fault, about to be carried out.
 *
 * Then, unless @facts is NULL, every step that cannot be carried out (a
 * retry without a restart left, a restore with nothing to restore) is
 * passed over, as healing_policy_escalate () would, until one can: the
 * last step of a chain always can. @passed_over, if not NULL, gets the
 * decisions passed over (a reference each), in order, @previous first
 * when @fault is NULL: each escalated, for the same fault. */
HealingDecision *healing_policy_decide_final (HealingPolicy            *self,
                                              const HealingFault       *fault,
                                              const HealingDecision    *previous,
                                              const HealingPolicyFacts *facts,
                                              GPtrArray                *passed_over) G_GNUC_WARN_UNUSED_RESULT;

/* ------------------------------------------------------------------------
 * Shared by the files of HealingPolicy: healing-policy.c (the model),
 * healing-policy-decide.c (classification, escalation) and
 * healing-policy-json.c (loading, locating, watching). Nothing else
 * touches the instance.
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;     /* interned */
  GQuark domain;        /* 0: any domain (then kinds is not 0) */
  guint n_codes;        /* 0: any code of the domain */
  int codes[HEALING_POLICY_MAX_CLASS_CODES];
  guint kinds;          /* bit (1 << HealingFaultKind); 0: any kind */
} HealingPolicyFaultClass;

struct _HealingPolicy
{
  GObject parent_instance;

  gboolean enabled;
  guint retry_max_attempts;
  guint retry_initial_delay;
  double retry_multiplier;
  guint retry_max_delay;
  double retry_jitter;
  HealingCircuitMode breaker_mode;
  guint breaker_threshold;
  guint breaker_window;
  guint breaker_open_timeout;
  double breaker_backoff_multiplier;
  guint breaker_max_open_timeout;
  guint breaker_half_open_trials;
  double breaker_failure_rate_threshold;
  double breaker_slow_call_rate_threshold;
  guint breaker_slow_call_duration;
  guint breaker_window_size;
  guint breaker_minimum_calls;
  guint breaker_max_half_open_wait;
  gboolean breaker_metrics_only;
  /* Failure prediction (HealingPredictor). */
  HealingPredictMode predict;
  double isolate_probability;

  /* The settings set on this policy, rather than defaults: what a
   * component's overrides override. */
  guint64 explicit_set;

  /* Interned class name → strategy + 1. */
  GHashTable *strategies;
  /* HealingStrategy; NULL: the default chain. */
  GArray *escalation;
  /* HealingPolicyFaultClass */
  GArray *classes;
  /* Component id → HealingPolicy */
  GHashTable *components;

  char *file;
  GFileMonitor *monitor;
  char *last_text;

  /* Layered files (watch_files): their paths, lowest priority first, a
   * monitor for each, and the text each had when last read (NULL:
   * missing). */
  char **layers;
  GPtrArray *layer_monitors;
  GPtrArray *layer_texts;

  GRand *rand;

  /* The "patch" section of the configuration (hot-patch trust), or NULL. */
  HealingPatchTrust *patch_trust;

  guint change_depth;
  gboolean change_pending;

  /* Warnings of the last load (char *), and those a load in progress
   * collects on its staging policy. */
  GPtrArray *load_warnings;
};

typedef enum {
  HEALING_POLICY_PROP_0,
  HEALING_POLICY_PROP_ENABLED,
  HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS,
  HEALING_POLICY_PROP_RETRY_INITIAL_DELAY,
  HEALING_POLICY_PROP_RETRY_MULTIPLIER,
  HEALING_POLICY_PROP_RETRY_MAX_DELAY,
  HEALING_POLICY_PROP_RETRY_JITTER,
  HEALING_POLICY_PROP_BREAKER_MODE,
  HEALING_POLICY_PROP_BREAKER_THRESHOLD,
  HEALING_POLICY_PROP_BREAKER_WINDOW,
  HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT,
  HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER,
  HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT,
  HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS,
  HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD,
  HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD,
  HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION,
  HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE,
  HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS,
  HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT,
  HEALING_POLICY_PROP_BREAKER_METRICS_ONLY,
  /* Every property above is a setting, copied by resolve and take_config;
   * HEALING_POLICY_PROP_FILE is the first that is not. */
  HEALING_POLICY_PROP_FILE,
  /* Failure prediction: settings like those above, kept together. */
  HEALING_POLICY_PROP_PREDICT,
  HEALING_POLICY_PROP_ISOLATE_PROBABILITY,
  HEALING_POLICY_N_PROPS
} HealingPolicyProp;

/* The policy whose value of @prop applies to a component: @overrides if
 * it set @prop explicitly, else @self (healing-policy.c). */
HealingPolicy *healing_policy_pick (HealingPolicy *self,
                                    HealingPolicy *overrides,
                                    guint          prop);

/* For the loader (healing-policy-json.c), from the model: */

/* The pspec of a property, by id. */
GParamSpec    *healing_policy_get_pspec                   (guint          prop);
/* Emits ::load-failed: a watched file changed but cannot be used. */
void           healing_policy_emit_load_failed            (HealingPolicy *self,
                                                           const GError  *error);
/* Puts the configuration of @staging (a loaded text, or the merge of
 * layers) in force in @self, as one change, and logs its load warnings. */
void           healing_policy_take_config                 (HealingPolicy *self,
                                                           HealingPolicy *staging);
/* Whether @name is the name of a built-in fault class. */
gboolean       healing_policy_is_builtin_class            (const char    *name);
/* Whether GLib knows a GError domain of that name yet. */
gboolean       healing_policy_is_registered_domain        (const char    *name);
/* The warning for a class on a domain GLib does not know (yet). */
char          *healing_policy_unregistered_domain_warning (const char    *domain);

G_END_DECLS
