/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-words-private.h"

#include "healing-clock.h"
#include "healing-enums.h"
#include "healing-runtime.h"

/*
 * What the inspector's panes say for the library's values, in one place so
 * that every pane says a state, a kind or a breaker the same way.
 */

/* The kinds of fault, in the order of the drop-down of the kinds the page
 * can inject (the first N_INJECTABLE_KINDS). */
#define N_INJECTABLE_KINDS 4
static const struct {
  HealingFaultKind kind;
  const char *label;
} kind_labels[] = {
  /* Translators: a kind of fault to inject: a crash (SIGSEGV) */
  { HEALING_FAULT_CRASH, N_("Crash") },
  /* Translators: a kind of fault to inject: a g_critical () message */
  { HEALING_FAULT_CRITICAL, N_("Critical") },
  /* Translators: a kind of fault to inject: code that never returns */
  { HEALING_FAULT_HANG, N_("Hang") },
  /* Translators: a kind of fault to inject: an error the application reports */
  { HEALING_FAULT_ERROR, N_("Error") },
  /* Translators: a kind of fault: a g_warning () message trapped as a fault */
  { HEALING_FAULT_WARNING, N_("Warning") },
};

static const struct {
  HealingState state;
  const char *label;
} state_labels[] = {
  /* Translators: state of a container: its widget runs normally */
  { HEALING_STATE_HEALTHY, N_("Healthy") },
  /* Translators: state of a container: its widget faulted and a fallback is shown instead */
  { HEALING_STATE_FALLBACK, N_("Fallback shown") },
  /* Translators: state of a container: nothing is shown or run */
  { HEALING_STATE_ISOLATED, N_("Isolated") },
  /* Translators: state of a container: a fallback is shown until its widget is tried again */
  { HEALING_STATE_RETRYING, N_("Retrying") },
  /* Translators: state of a container: its circuit breaker is open, the widget is not run */
  { HEALING_STATE_OPEN_CIRCUIT, N_("Circuit open") },
  /* Translators: state of a container: a fallback is shown until a fixed widget arrives */
  { HEALING_STATE_AWAITING_PATCH, N_("Awaiting patch") },
};

static const struct {
  HealingFaultPhase phase;
  const char *label;
} phase_labels[] = {
  /* Translators: where a fault happened: while the widget was measured */
  { HEALING_PHASE_MEASURE, N_("Measuring") },
  /* Translators: where a fault happened: while the widget was given its size */
  { HEALING_PHASE_ALLOCATE, N_("Allocating") },
  /* Translators: where a fault happened: while the widget was drawing */
  { HEALING_PHASE_SNAPSHOT, N_("Drawing") },
  /* Translators: where a fault happened: in a signal handler */
  { HEALING_PHASE_HANDLER, N_("Signal handler") },
  /* Translators: where a fault happened: in a main-loop callback (idle, timeout) */
  { HEALING_PHASE_CALLBACK, N_("Callback") },
  /* Translators: where a fault happened: the application reported an error */
  { HEALING_PHASE_REPORTED, N_("Reported") },
  /* Translators: where a fault happened: while a faulted widget was taken down */
  { HEALING_PHASE_CLEANUP, N_("Cleanup") },
};

static const struct {
  HealingStrategy strategy;
  const char *label;
} strategy_labels[] = {
  /* Translators: a healing strategy: run the widget again after a delay */
  { HEALING_STRATEGY_RETRY, N_("Retry") },
  /* Translators: a healing strategy: show a fallback instead of the widget */
  { HEALING_STRATEGY_FALLBACK, N_("Fallback") },
  /* Translators: a healing strategy: take the widget out of the window */
  { HEALING_STRATEGY_ISOLATE, N_("Isolate") },
  /* Translators: a healing strategy: roll the widget back to a saved state */
  { HEALING_STRATEGY_RESTORE, N_("Restore checkpoint") },
  /* Translators: a healing strategy: wait for a live replacement of the widget */
  { HEALING_STRATEGY_HOT_PATCH, N_("Hot patch") },
  /* Translators: a healing strategy: count the failure in the circuit breaker */
  { HEALING_STRATEGY_CIRCUIT_BREAK, N_("Circuit break") },
};

static const struct {
  HealingOutcome outcome;
  const char *label;
} outcome_labels[] = {
  /* Translators: outcome of a fault: healing is under way */
  { HEALING_OUTCOME_PENDING, N_("Pending") },
  /* Translators: outcome of a fault: the widget runs cleanly again */
  { HEALING_OUTCOME_HEALED, N_("Healed") },
  /* Translators: outcome of a fault: the strategy did not help, a later one took over */
  { HEALING_OUTCOME_ESCALATED, N_("Escalated") },
  /* Translators: outcome of a fault: the widget stays out of service */
  { HEALING_OUTCOME_GAVE_UP, N_("Gave up") },
};

static const struct {
  HealingCircuitState state;
  const char *label;
} circuit_labels[] = {
  /* Translators: state of a circuit breaker: the component runs */
  { HEALING_CIRCUIT_CLOSED, N_("Closed") },
  /* Translators: state of a circuit breaker: the component does not run for a while */
  { HEALING_CIRCUIT_OPEN, N_("Open") },
  /* Translators: state of a circuit breaker: a trial run is let through */
  { HEALING_CIRCUIT_HALF_OPEN, N_("Half-open") },
  /* Translators: state of a circuit breaker: held open by an operator */
  { HEALING_CIRCUIT_FORCED_OPEN, N_("Forced open") },
  /* Translators: state of a circuit breaker: switched off by an operator */
  { HEALING_CIRCUIT_DISABLED, N_("Disabled") },
  /* Translators: state of a circuit breaker: counts calls but never opens */
  { HEALING_CIRCUIT_METRICS_ONLY, N_("Metrics only") },
};

/* The nick of @value in @enum_type: better than nothing for a value newer
 * than this page. */
const char *
healing_inspector_enum_nick (GType enum_type,
                             int   value)
{
  GEnumClass *enum_class = g_type_class_ref (enum_type);
  GEnumValue *enum_value = g_enum_get_value (enum_class, value);

  g_type_class_unref (enum_class);

  return enum_value != NULL ? enum_value->value_nick : "?";
}

#define LOOKUP_LABEL(table, field, value, type) \
  G_STMT_START { \
    guint i_; \
    for (i_ = 0; i_ < G_N_ELEMENTS (table); i_++) \
      if (table[i_].field == (value)) \
        return _(table[i_].label); \
    return healing_inspector_enum_nick (type, value); \
  } G_STMT_END

const char *
healing_inspector_state_to_string (HealingState state)
{
  LOOKUP_LABEL (state_labels, state, state, HEALING_TYPE_STATE);
}

const char *
healing_inspector_kind_to_string (HealingFaultKind kind)
{
  LOOKUP_LABEL (kind_labels, kind, kind, HEALING_TYPE_FAULT_KIND);
}

const char *
healing_inspector_phase_to_string (HealingFaultPhase phase)
{
  LOOKUP_LABEL (phase_labels, phase, phase, HEALING_TYPE_FAULT_PHASE);
}

const char *
healing_inspector_strategy_to_string (HealingStrategy strategy)
{
  LOOKUP_LABEL (strategy_labels, strategy, strategy, HEALING_TYPE_STRATEGY);
}

const char *
healing_inspector_outcome_to_string (HealingOutcome outcome)
{
  LOOKUP_LABEL (outcome_labels, outcome, outcome, HEALING_TYPE_OUTCOME);
}

const char *
healing_inspector_circuit_state_to_string (HealingCircuitState state)
{
  LOOKUP_LABEL (circuit_labels, state, state, HEALING_TYPE_CIRCUIT_STATE);
}

char *
healing_inspector_dup_component_name (HealingContainer *container)
{
  const char *id = healing_container_get_component_id (container);

  if (id != NULL && *id != '\0')
    return g_strdup (id);

  /* Translators: a container without a component id; %s is its address */
  return g_strdup_printf (_("Unnamed container %p"), container);
}

char *
healing_inspector_dup_fault_count (guint n_faults)
{
  /* Translators: the number of faults a container trapped */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u fault", "%u faults", n_faults),
                          n_faults);
}

/* A time left, in whole seconds rounded up. */
char *
healing_inspector_dup_seconds_left (gint64 usec)
{
  int seconds = (int) ((MAX (usec, 0) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  /* Translators: a time left, in seconds */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d s", "%d s", seconds), seconds);
}

/* The wall-clock time of a fault, in the locale's format. */
char *
healing_inspector_dup_fault_time (const HealingFault *fault)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = NULL;
  gint64 age;

  age = MAX (0, g_get_monotonic_time () - healing_fault_get_time (fault));
  then = g_date_time_add (now, -age);

  return g_date_time_format (then, "%X");
}

/* The wall-clock time of a checkpoint, in the locale's format. */
char *
healing_inspector_dup_checkpoint_time (HealingCheckpoint *checkpoint)
{
  g_autoptr (GDateTime) time = NULL;

  time = g_date_time_new_from_unix_local (healing_checkpoint_get_time (checkpoint) / G_USEC_PER_SEC);
  if (time == NULL)
    return g_strdup ("?");

  return g_date_time_format (time, "%X");
}

gint64
healing_inspector_clock_now (void)
{
  return healing_clock_get_time (healing_runtime_get_clock (healing_runtime_get_default ()));
}

/* Whether the breaker keeps the component from running. */
gboolean
healing_inspector_breaker_is_open (HealingCircuitBreaker *breaker)
{
  HealingCircuitState state = healing_circuit_breaker_get_state (breaker);

  return state == HEALING_CIRCUIT_OPEN || state == HEALING_CIRCUIT_FORCED_OPEN;
}

/* "Open, 4 s left", "Closed, 2 failures", ... */
char *
healing_inspector_dup_breaker_summary (HealingCircuitBreaker *breaker)
{
  HealingCircuitState state = healing_circuit_breaker_get_state (breaker);
  guint failures = healing_circuit_breaker_get_failure_count (breaker);

  if (state == HEALING_CIRCUIT_OPEN)
    {
      g_autofree char *left = healing_inspector_dup_seconds_left (healing_circuit_breaker_get_remaining (breaker));

      /* Translators: an open circuit breaker; %s is the time until it lets a trial through, e.g. "4 s" */
      return g_strdup_printf (_("Open, %s left"), left);
    }

  if (state == HEALING_CIRCUIT_CLOSED && failures > 0)
    /* Translators: a closed circuit breaker that has counted failures */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Closed, %u failure", "Closed, %u failures",
                                         failures),
                            failures);

  return g_strdup (healing_inspector_circuit_state_to_string (state));
}

/* "Next try in 3 s", or NULL when the container waits for no retry. */
char *
healing_inspector_dup_retry_text (HealingContainer *container,
                                  gint64            retry_at)
{
  g_autofree char *left = NULL;

  if (healing_container_get_state (container) != HEALING_STATE_RETRYING)
    return NULL;

  if (retry_at == 0)
    /* Translators: a container will try its widget again, when is not known */
    return g_strdup (_("Next try pending"));

  left = healing_inspector_dup_seconds_left (retry_at - healing_inspector_clock_now ());
  /* Translators: %s is the time until a container tries its widget again, e.g. "3 s" */
  return g_strdup_printf (_("Next try in %s"), left);
}


guint
healing_inspector_get_n_injectable_kinds (void)
{
  return N_INJECTABLE_KINDS;
}

HealingFaultKind
healing_inspector_get_injectable_kind (guint position)
{
  g_return_val_if_fail (position < N_INJECTABLE_KINDS, HEALING_FAULT_CRASH);

  return kind_labels[position].kind;
}

HealingCircuitBreaker *
healing_inspector_lookup_breaker (HealingContainer *container)
{
  const char *id = healing_container_get_component_id (container);

  if (id == NULL || *id == '\0')
    return NULL;

  return healing_runtime_lookup_breaker (healing_runtime_get_default (), id);
}

gboolean
healing_inspector_breaker_change_shown (GParamSpec *pspec)
{
  return g_str_equal (pspec->name, "state") ||
         g_str_equal (pspec->name, "reason") ||
         g_str_equal (pspec->name, "failure-count") ||
         g_str_equal (pspec->name, "calls-in-window") ||
         g_str_equal (pspec->name, "open-until");
}
