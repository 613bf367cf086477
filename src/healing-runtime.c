/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-runtime-private.h"
#include "healing-container.h"
#include "healing-death-record.h"
#include "healing-object-list-private.h"
#include "healing-trap-private.h"

/**
 * HealingRuntime:
 *
 * The process-wide state of libhealing.
 *
 * ## Taint
 *
 * Most faults are contained: the faulted widget is never run again and the
 * rest of the application carries on as before. A few leave the process in
 * a state libhealing cannot vouch for:
 *
 * - a hang that was interrupted may have held a lock (of malloc, of GLib's
 *   signal system) that will never be released;
 * - an old-API `g_error()` (code built without `G_LOG_USE_STRUCTURED`) leaves
 *   GLib's per-thread log recursion depth raised, so any later old-API
 *   message on that thread aborts the process.
 *
 * Such a fault sets [property@Runtime:tainted] once and for all. A careful
 * application saves its state and restarts when it sees the notification.
 *
 * ## Registry
 *
 * The runtime is the one place the Inspector page and the demo read:
 *
 * - [method@Runtime.get_containers]: every live [class@Container];
 * - [property@Runtime:policy]: the policy of the process;
 * - [method@Runtime.get_breakers]: one [class@CircuitBreaker] per component
 *   id, shared by every container with that id, configured from the policy
 *   and reconfigured when it changes;
 * - [method@Runtime.get_fault_log]: the latest faults
 *   ([class@FaultEntry]), at most [property@Runtime:log-capacity].
 *
 * ## Restarts
 *
 * An application run under [func@supervise] that died and was started
 * again finds out here: [property@Runtime:restart-count],
 * [property@Runtime:last-death] (what happened, and which persisted
 * checkpoints were left for it), [method@Runtime.get_restart_history],
 * [property@Runtime:restored-components] (which containers actually came
 * back from a persisted checkpoint in this process) and the
 * [signal@Runtime::restarted] signal, emitted once from the main loop
 * soon after [func@init]: the place to restore window sizes and which
 * windows were open, and to show a [class@RestartNotice].
 *
 * Unless the application sets one, the policy is loaded the first time it
 * is needed from the files [func@Policy.find_config_files] finds for the
 * application id of the default `GApplication` (or the program name), and
 * those files are watched: editing one reconfigures the running application.
 *
 * The runtime is used from the GTK thread only.
 */
struct _HealingRuntime
{
  GObject parent_instance;

  gboolean tainted;
  char *taint_reason;

  HealingPolicy *policy;
  HealingClock *clock;

  HealingObjectList *containers;

  GListStore *breakers;
  /* Component id → HealingCircuitBreaker, owned by breakers. */
  GHashTable *breakers_by_id;
  /* Component id → HealingPredictor (owned). */
  GHashTable *predictors_by_id;

  GListStore *fault_log;
  guint log_capacity;

  /* Supervised restarts. */
  gboolean supervised;
  guint restart_count;
  HealingDeathRecord *last_death;
  char *history_dir;
  GListStore *restart_history;   /* loaded on first use */
  GPtrArray *restored_components; /* NULL-terminated */
  GPtrArray *restored_paths;      /* the files they came from, same order */
  gboolean restarted_emitted;
};

enum {
  PROP_0,
  PROP_TAINTED,
  PROP_TAINT_REASON,
  PROP_POLICY,
  PROP_CLOCK,
  PROP_LOG_CAPACITY,
  PROP_SUPERVISED,
  PROP_RESTART_COUNT,
  PROP_LAST_DEATH,
  PROP_RESTORED_COMPONENTS,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_RESTARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HealingRuntime, healing_runtime, G_TYPE_OBJECT)

static void policy_changed_cb     (HealingRuntime *self);
static void policy_load_failed_cb (HealingRuntime *self,
                                   GError         *error);

static void
healing_runtime_dispose (GObject *object)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  if (self->policy != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->policy, self);
      g_clear_object (&self->policy);
    }
  g_clear_object (&self->clock);
  g_clear_object (&self->containers);
  g_clear_pointer (&self->breakers_by_id, g_hash_table_unref);
  g_clear_pointer (&self->predictors_by_id, g_hash_table_unref);
  g_clear_object (&self->breakers);
  g_clear_object (&self->fault_log);
  g_clear_object (&self->last_death);
  g_clear_object (&self->restart_history);

  G_OBJECT_CLASS (healing_runtime_parent_class)->dispose (object);
}

static void
healing_runtime_finalize (GObject *object)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  g_clear_pointer (&self->taint_reason, g_free);
  g_clear_pointer (&self->history_dir, g_free);
  g_clear_pointer (&self->restored_components, g_ptr_array_unref);
  g_clear_pointer (&self->restored_paths, g_ptr_array_unref);

  G_OBJECT_CLASS (healing_runtime_parent_class)->finalize (object);
}

static void
healing_runtime_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_TAINTED:
      g_value_set_boolean (value, healing_runtime_get_tainted (self));
      break;
    case PROP_TAINT_REASON:
      g_value_set_string (value, healing_runtime_get_taint_reason (self));
      break;
    case PROP_POLICY:
      g_value_set_object (value, healing_runtime_get_policy (self));
      break;
    case PROP_CLOCK:
      g_value_set_object (value, healing_runtime_get_clock (self));
      break;
    case PROP_LOG_CAPACITY:
      g_value_set_uint (value, healing_runtime_get_log_capacity (self));
      break;
    case PROP_SUPERVISED:
      g_value_set_boolean (value, self->supervised);
      break;
    case PROP_RESTART_COUNT:
      g_value_set_uint (value, self->restart_count);
      break;
    case PROP_LAST_DEATH:
      g_value_set_object (value, self->last_death);
      break;
    case PROP_RESTORED_COMPONENTS:
      g_value_set_boxed (value, healing_runtime_get_restored_components (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_runtime_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_POLICY:
      healing_runtime_set_policy (self, g_value_get_object (value));
      break;
    case PROP_CLOCK:
      healing_runtime_set_clock (self, g_value_get_object (value));
      break;
    case PROP_LOG_CAPACITY:
      healing_runtime_set_log_capacity (self, g_value_get_uint (value));
      break;
    case PROP_TAINTED:
    case PROP_TAINT_REASON:
    case PROP_SUPERVISED:
    case PROP_RESTART_COUNT:
    case PROP_LAST_DEATH:
    case PROP_RESTORED_COMPONENTS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_runtime_class_init (HealingRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_runtime_dispose;
  object_class->finalize = healing_runtime_finalize;
  object_class->get_property = healing_runtime_get_property;
  object_class->set_property = healing_runtime_set_property;

  /**
   * HealingRuntime:tainted: (getter get_tainted)
   *
   * Whether a fault left the process in a state libhealing cannot vouch for.
   *
   * Once set, it stays set for the life of the process.
   */
  props[PROP_TAINTED] =
    g_param_spec_boolean ("tainted", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:taint-reason: (getter get_taint_reason)
   *
   * Why the process is tainted: the first tainting fault, in words.
   */
  props[PROP_TAINT_REASON] =
    g_param_spec_string ("taint-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:policy: (getter get_policy) (setter set_policy)
   *
   * The policy of the process, used by every container that has none of
   * its own.
   *
   * Until one is set, it is loaded from the configuration file the first
   * time it is read (see the class documentation).
   */
  props[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL,
                         HEALING_TYPE_POLICY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:clock: (getter get_clock) (setter set_clock)
   *
   * The clock of the breakers the runtime creates from then on; tests set
   * a virtual one.
   */
  props[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HEALING_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:log-capacity: (getter get_log_capacity) (setter set_log_capacity)
   *
   * How many entries the fault log keeps; the oldest go first.
   */
  props[PROP_LOG_CAPACITY] =
    g_param_spec_uint ("log-capacity", NULL, NULL,
                       1, G_MAXUINT, HEALING_RUNTIME_DEFAULT_LOG_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:supervised: (getter get_supervised)
   *
   * Whether the process runs under a supervisor that restarts it (see
   * [func@supervise]).
   */
  props[PROP_SUPERVISED] =
    g_param_spec_boolean ("supervised", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:restart-count: (getter get_restart_count)
   *
   * How many times the supervisor restarted the application since it was
   * started by hand: 0 in a process that is not a restart.
   */
  props[PROP_RESTART_COUNT] =
    g_param_spec_uint ("restart-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:last-death: (getter get_last_death)
   *
   * In a restarted process, the record of the death that led to the
   * restart; `NULL` otherwise.
   */
  props[PROP_LAST_DEATH] =
    g_param_spec_object ("last-death", NULL, NULL,
                         HEALING_TYPE_DEATH_RECORD,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:restored-components: (getter get_restored_components)
   *
   * The component ids of the containers that restored a checkpoint
   * persisted by an earlier process, in the order they did.
   */
  props[PROP_RESTORED_COMPONENTS] =
    g_param_spec_boxed ("restored-components", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  /**
   * HealingRuntime::restarted:
   * @self: the runtime
   * @record: the record of the death that led to this restart
   *
   * Emitted once, from the main loop soon after [func@init], in a process
   * the supervisor started again after a death. Restore what the
   * containers do not (window size, which windows were open) and tell the
   * user, e.g. with a [class@RestartNotice].
   */
  signals[SIGNAL_RESTARTED] =
    g_signal_new ("restarted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  HEALING_TYPE_DEATH_RECORD);
}

static void
healing_runtime_init (HealingRuntime *self)
{
  self->containers = healing_object_list_new (HEALING_TYPE_CONTAINER);
  self->breakers = g_list_store_new (HEALING_TYPE_CIRCUIT_BREAKER);
  self->breakers_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->predictors_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->fault_log = g_list_store_new (HEALING_TYPE_FAULT_ENTRY);
  self->log_capacity = HEALING_RUNTIME_DEFAULT_LOG_CAPACITY;
  self->restored_components = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->restored_components, NULL);
  self->restored_paths = g_ptr_array_new_with_free_func (g_free);
}

HealingRuntime *
healing_runtime_new (void)
{
  return g_object_new (HEALING_TYPE_RUNTIME, NULL);
}

/**
 * healing_runtime_get_default:
 *
 * Gets the runtime of this process.
 *
 * Returns: (transfer none): the runtime
 */
HealingRuntime *
healing_runtime_get_default (void)
{
  static HealingRuntime *runtime;

  if (g_once_init_enter (&runtime))
    {
      HealingRuntime *self = g_object_new (HEALING_TYPE_RUNTIME, NULL);

      /* Every container registers itself here when it is made and leaves
       * in its dispose (whoever else registered it here too): no weak
       * reference each. A runtime of its own (a test's) keeps them. */
      g_object_unref (self->containers);
      self->containers = healing_object_list_new_unwatched (HEALING_TYPE_CONTAINER);
      g_once_init_leave (&runtime, self);
    }

  return runtime;
}

/**
 * healing_runtime_get_tainted: (get-property tainted)
 * @self: the runtime
 *
 * Gets whether a fault left the process in a state libhealing cannot vouch
 * for.
 *
 * Returns: whether the process is tainted
 */
gboolean
healing_runtime_get_tainted (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), FALSE);

  /* The trap taints the process the moment a fault is caught; the runtime
   * hears of it when the fault is handed over. */
  return self->tainted || healing_trap_is_tainted ();
}

/**
 * healing_runtime_get_taint_reason: (get-property taint-reason)
 * @self: the runtime
 *
 * Gets why the process is tainted.
 *
 * Returns: (nullable): the reason, or `NULL` if the process is not tainted
 */
const char *
healing_runtime_get_taint_reason (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return self->taint_reason != NULL ? self->taint_reason : healing_trap_get_taint_reason ();
}

/* Called on the GTK thread, outside measure, allocate and snapshot. */
void
healing_runtime_taint (HealingRuntime *self,
                       const char     *reason)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (reason != NULL);

  if (self->tainted)
    return;

  self->tainted = TRUE;
  self->taint_reason = g_strdup (reason);
  /* For death records and the heartbeat: a string that lives as long as
   * the process. */
  healing_trap_taint (g_intern_string (reason));

  g_warning ("libhealing: the process is tainted: %s", reason);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TAINTED]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TAINT_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ------------------------------------------------------------------------
 * Policy
 * ------------------------------------------------------------------------ */

static void
policy_changed_cb (HealingRuntime *self)
{
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (self->breakers));

  for (i = 0; i < n; i++)
    {
      HealingCircuitBreaker *breaker = g_list_model_get_item (G_LIST_MODEL (self->breakers), i);

      healing_policy_configure_breaker (self->policy, breaker);
      g_object_unref (breaker);
    }
}

static void
policy_load_failed_cb (HealingRuntime *self,
                       GError         *error)
{
  /* Not a warning: a typo in a configuration file must not make an
   * application that runs with fatal warnings abort. */
  /* Translators: %s is an error in a configuration file, with its name,
   * line and column */
  g_message (_("libhealing: the policy in force stays in force: %s"), error->message);
}

static HealingPolicy *
load_default_policy (void)
{
  HealingPolicy *policy = healing_policy_new ();
  GApplication *application = g_application_get_default ();
  const char *application_id = application != NULL ? g_application_get_application_id (application) : NULL;
  /* Layered: the system's files, the user's, then HEALING_CONFIG, merged
   * key by key (healing_policy_find_config_files ()). */
  char **paths = healing_policy_find_config_files (application_id);
  const char *env = g_getenv ("HEALING_CONFIG");
  GError *error = NULL;

  if (env != NULL && *env != '\0' && !g_file_test (env, G_FILE_TEST_EXISTS))
    /* Translators: %s is a file name */
    g_message (_("libhealing: HEALING_CONFIG names %s, which does not exist; it applies once it does"), env);

  if (paths[0] != NULL && !healing_policy_watch_files (policy, (const char * const *) paths, &error))
    {
      /* Translators: %s is an error in a configuration file, with its
       * name, line and column */
      g_message (_("libhealing: using the default policy: %s"), error->message);
      g_error_free (error);
    }
  g_strfreev (paths);

  return policy;
}

/**
 * healing_runtime_get_policy: (get-property policy)
 * @self: the runtime
 *
 * Gets the policy of the process, loading it from the configuration file
 * on first use.
 *
 * Returns: (transfer none): the policy
 */
HealingPolicy *
healing_runtime_get_policy (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  if (self->policy == NULL)
    {
      HealingPolicy *policy = load_default_policy ();

      healing_runtime_set_policy (self, policy);
      g_object_unref (policy);
    }

  return self->policy;
}

/**
 * healing_runtime_set_policy: (set-property policy)
 * @self: the runtime
 * @policy: (nullable): the policy, or `NULL` to load it again from the
 *   configuration file when it is next needed
 *
 * Sets the policy of the process. Every breaker is reconfigured from it.
 */
void
healing_runtime_set_policy (HealingRuntime *self,
                            HealingPolicy  *policy)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (policy == NULL || HEALING_IS_POLICY (policy));

  if (self->policy == policy)
    return;

  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);

  g_set_object (&self->policy, policy);

  if (policy != NULL)
    {
      g_signal_connect_swapped (policy, "changed", G_CALLBACK (policy_changed_cb), self);
      g_signal_connect_swapped (policy, "load-failed", G_CALLBACK (policy_load_failed_cb), self);
      policy_changed_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_POLICY]);
}

/**
 * healing_runtime_get_clock: (get-property clock)
 * @self: the runtime
 *
 * Gets the clock of the breakers the runtime creates.
 *
 * Returns: (transfer none): the clock
 */
HealingClock *
healing_runtime_get_clock (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  if (self->clock == NULL)
    return healing_clock_get_default ();

  return self->clock;
}

/**
 * healing_runtime_set_clock: (set-property clock)
 * @self: the runtime
 * @clock: (nullable): a clock, or `NULL` for the default clock
 *
 * Sets the clock of the breakers the runtime creates from now on.
 * Breakers that exist keep theirs.
 */
void
healing_runtime_set_clock (HealingRuntime *self,
                           HealingClock   *clock)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (clock == NULL || HEALING_IS_CLOCK (clock));

  if (g_set_object (&self->clock, clock))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CLOCK]);
}

/* ------------------------------------------------------------------------
 * Containers and breakers
 * ------------------------------------------------------------------------ */

/**
 * healing_runtime_get_containers:
 * @self: the runtime
 *
 * Gets the live containers of the process, in the order they were
 * created. The list does not keep them alive.
 *
 * Returns: (transfer none): a list model of [class@Container]
 */
GListModel *
healing_runtime_get_containers (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return G_LIST_MODEL (self->containers);
}

void
healing_runtime_register_container (HealingRuntime *self,
                                    gpointer        container)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (HEALING_IS_CONTAINER (container));

  healing_object_list_add (self->containers, container);
}

void
healing_runtime_unregister_container (HealingRuntime *self,
                                      gpointer        container)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));

  healing_object_list_remove (self->containers, container);
}

/**
 * healing_runtime_get_breakers:
 * @self: the runtime
 *
 * Gets the circuit breakers of the components, in the order they were
 * created. A breaker lives as long as the runtime.
 *
 * Returns: (transfer none): a list model of [class@CircuitBreaker]
 */
GListModel *
healing_runtime_get_breakers (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return G_LIST_MODEL (self->breakers);
}

/**
 * healing_runtime_lookup_breaker:
 * @self: the runtime
 * @component_id: a component id
 *
 * Gets the circuit breaker of a component, if it has one yet.
 *
 * Returns: (transfer none) (nullable): the breaker
 */
HealingCircuitBreaker *
healing_runtime_lookup_breaker (HealingRuntime *self,
                                const char     *component_id)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);
  g_return_val_if_fail (component_id != NULL, NULL);

  return g_hash_table_lookup (self->breakers_by_id, component_id);
}

/**
 * healing_runtime_dup_breaker:
 * @self: the runtime
 * @component_id: a component id
 *
 * Gets the circuit breaker of a component, creating it on first use with
 * the runtime's clock and the policy's settings for the component. Every
 * container with that component id shares it.
 *
 * Returns: (transfer full): the breaker
 */
HealingCircuitBreaker *
healing_runtime_dup_breaker (HealingRuntime *self,
                             const char     *component_id)
{
  HealingCircuitBreaker *breaker;

  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);
  g_return_val_if_fail (component_id != NULL, NULL);

  breaker = g_hash_table_lookup (self->breakers_by_id, component_id);
  if (breaker != NULL)
    return g_object_ref (breaker);

  breaker = healing_circuit_breaker_new (component_id, healing_runtime_get_clock (self));
  healing_policy_configure_breaker (healing_runtime_get_policy (self), breaker);
  g_hash_table_insert (self->breakers_by_id, g_strdup (component_id), breaker);
  g_list_store_append (self->breakers, breaker);

  return breaker;
}

/* ------------------------------------------------------------------------
 * Failure predictors
 * ------------------------------------------------------------------------ */

/* A predictor models its component's breaker: same threshold (up to what a
 * predictor models) and window, kept in step when the policy changes. */
static void
sync_predictor_cb (HealingCircuitBreaker *breaker,
                   GParamSpec            *pspec,
                   HealingPredictor      *predictor)
{
  healing_predictor_set_threshold (predictor, MIN (healing_circuit_breaker_get_threshold (breaker),
                                                   HEALING_PREDICTOR_MAX_THRESHOLD));
  healing_predictor_set_window (predictor, (gint64) healing_circuit_breaker_get_window (breaker) * 1000);
}

/**
 * healing_runtime_lookup_predictor:
 * @self: the runtime
 * @component_id: a component id
 *
 * Gets the failure predictor of a component, if it has one yet.
 *
 * Returns: (transfer none) (nullable): the predictor
 */
HealingPredictor *
healing_runtime_lookup_predictor (HealingRuntime *self,
                                  const char     *component_id)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);
  g_return_val_if_fail (component_id != NULL, NULL);

  return g_hash_table_lookup (self->predictors_by_id, component_id);
}

/**
 * healing_runtime_dup_predictor:
 * @self: the runtime
 * @component_id: a component id
 *
 * Gets the failure predictor of a component, creating it on first use
 * for the component's breaker ([method@Runtime.dup_breaker]): it predicts
 * that breaker's trip, and follows its threshold and window. Every
 * container with that component id shares it and feeds it its faults.
 *
 * A breaker threshold above [const@PREDICTOR_MAX_THRESHOLD] is not
 * predicted: the predictor's threshold is then smaller than the breaker's,
 * and containers do not act on it.
 *
 * Returns: (transfer full): the predictor
 */
HealingPredictor *
healing_runtime_dup_predictor (HealingRuntime *self,
                               const char     *component_id)
{
  g_autoptr (HealingCircuitBreaker) breaker = NULL;
  HealingPredictor *predictor;

  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);
  g_return_val_if_fail (component_id != NULL, NULL);

  predictor = g_hash_table_lookup (self->predictors_by_id, component_id);
  if (predictor != NULL)
    return g_object_ref (predictor);

  breaker = healing_runtime_dup_breaker (self, component_id);
  predictor = healing_predictor_new (MIN (healing_circuit_breaker_get_threshold (breaker),
                                          HEALING_PREDICTOR_MAX_THRESHOLD),
                                     (gint64) healing_circuit_breaker_get_window (breaker) * 1000);
  g_signal_connect_object (breaker, "notify::threshold", G_CALLBACK (sync_predictor_cb), predictor, 0);
  g_signal_connect_object (breaker, "notify::window", G_CALLBACK (sync_predictor_cb), predictor, 0);
  g_hash_table_insert (self->predictors_by_id, g_strdup (component_id), predictor);

  return g_object_ref (predictor);
}

/* ------------------------------------------------------------------------
 * Fault log
 * ------------------------------------------------------------------------ */

/**
 * healing_runtime_get_fault_log:
 * @self: the runtime
 *
 * Gets the latest faults of the process, oldest first, at most
 * [property@Runtime:log-capacity] of them.
 *
 * Returns: (transfer none): a list model of [class@FaultEntry]
 */
GListModel *
healing_runtime_get_fault_log (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return G_LIST_MODEL (self->fault_log);
}

static void
trim_log (HealingRuntime *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->fault_log));

  if (n > self->log_capacity)
    g_list_store_splice (self->fault_log, 0, n - self->log_capacity, NULL, 0);
}

/**
 * healing_runtime_get_log_capacity: (get-property log-capacity)
 * @self: the runtime
 *
 * Gets how many entries the fault log keeps.
 *
 * Returns: the capacity
 */
guint
healing_runtime_get_log_capacity (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), 0);

  return self->log_capacity;
}

/**
 * healing_runtime_set_log_capacity: (set-property log-capacity)
 * @self: the runtime
 * @capacity: the number of entries, at least 1
 *
 * Sets how many entries the fault log keeps, dropping the oldest ones if
 * there are more.
 */
void
healing_runtime_set_log_capacity (HealingRuntime *self,
                                  guint           capacity)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (capacity >= 1);

  if (self->log_capacity == capacity)
    return;

  self->log_capacity = capacity;
  trim_log (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOG_CAPACITY]);
}

/**
 * healing_runtime_clear_fault_log:
 * @self: the runtime
 *
 * Empties the fault log.
 */
void
healing_runtime_clear_fault_log (HealingRuntime *self)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));

  g_list_store_remove_all (self->fault_log);
}

HealingFaultEntry *
healing_runtime_log_fault (HealingRuntime  *self,
                           HealingFault    *fault,
                           HealingDecision *decision)
{
  HealingFaultEntry *entry;

  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);
  g_return_val_if_fail (fault != NULL, NULL);

  entry = healing_fault_entry_new (fault, decision);
  g_list_store_append (self->fault_log, entry);
  g_object_unref (entry);
  trim_log (self);

  return entry;
}

void
healing_runtime_log_unhealed_fault (HealingRuntime *self,
                                    HealingFault   *fault)
{
  HealingFaultEntry *entry;

  if (healing_fault_get_taints_process (fault))
    healing_runtime_taint (self, healing_fault_get_message (fault));
  entry = healing_runtime_log_fault (self, fault, NULL);
  healing_fault_entry_set_outcome (entry, HEALING_OUTCOME_GAVE_UP);
  healing_fault_unref (fault);
}

/* ------------------------------------------------------------------------
 * Supervised restarts
 * ------------------------------------------------------------------------ */

/**
 * healing_runtime_get_supervised: (get-property supervised)
 * @self: the runtime
 *
 * Gets whether the process runs under a supervisor.
 *
 * Returns: whether the process is supervised
 */
gboolean
healing_runtime_get_supervised (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), FALSE);

  return self->supervised;
}

/**
 * healing_runtime_get_restart_count: (get-property restart-count)
 * @self: the runtime
 *
 * Gets how many times the supervisor restarted the application.
 *
 * Returns: the number of restarts
 */
guint
healing_runtime_get_restart_count (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), 0);

  return self->restart_count;
}

/**
 * healing_runtime_get_last_death: (get-property last-death)
 * @self: the runtime
 *
 * Gets the record of the death that led to this restart.
 *
 * Returns: (transfer none) (nullable): the record, or `NULL` if the
 *   process is not a restart
 */
HealingDeathRecord *
healing_runtime_get_last_death (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return self->last_death;
}

static int
compare_record_time (gconstpointer a,
                     gconstpointer b,
                     gpointer      data)
{
  gint64 ta = healing_death_record_get_time ((HealingDeathRecord *) a);
  gint64 tb = healing_death_record_get_time ((HealingDeathRecord *) b);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return g_strcmp0 (healing_death_record_get_path ((HealingDeathRecord *) a),
                    healing_death_record_get_path ((HealingDeathRecord *) b));
}

/**
 * healing_runtime_get_restart_history:
 * @self: the runtime
 *
 * Gets the deaths the supervisor recorded for this application, oldest
 * first (at most the last 20), read from its state directory when first
 * asked for.
 *
 * Returns: (transfer none): a list model of [class@DeathRecord]
 */
GListModel *
healing_runtime_get_restart_history (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  if (self->restart_history == NULL)
    {
      GDir *dir;
      const char *name;

      self->restart_history = g_list_store_new (HEALING_TYPE_DEATH_RECORD);

      dir = self->history_dir != NULL ? g_dir_open (self->history_dir, 0, NULL) : NULL;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;
          g_autoptr (HealingDeathRecord) record = NULL;
          g_autoptr (GError) error = NULL;

          if (!g_str_has_suffix (name, ".record"))
            continue;

          path = g_build_filename (self->history_dir, name, NULL);
          record = healing_death_record_new_from_file (path, &error);
          if (record == NULL)
            {
              g_debug ("libhealing: %s", error->message);
              continue;
            }
          g_list_store_insert_sorted (self->restart_history, record, compare_record_time, NULL);
        }
      if (dir != NULL)
        g_dir_close (dir);
    }

  return G_LIST_MODEL (self->restart_history);
}

/**
 * healing_runtime_get_restored_components: (get-property restored-components)
 * @self: the runtime
 *
 * Gets the component ids of the containers that restored a checkpoint an
 * earlier process persisted.
 *
 * Returns: (transfer none): the component ids
 */
const char * const *
healing_runtime_get_restored_components (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return (const char * const *) self->restored_components->pdata;
}

void
healing_runtime_set_supervised (HealingRuntime *self,
                                gboolean        supervised)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));

  supervised = !!supervised;
  if (self->supervised == supervised)
    return;

  self->supervised = supervised;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SUPERVISED]);
}

void
healing_runtime_set_restart_info (HealingRuntime     *self,
                                  guint               restart_count,
                                  HealingDeathRecord *last_death,
                                  const char         *history_dir)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (last_death == NULL || HEALING_IS_DEATH_RECORD (last_death));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->restart_count != restart_count)
    {
      self->restart_count = restart_count;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RESTART_COUNT]);
    }
  if (g_set_object (&self->last_death, last_death))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_DEATH]);

  if (g_strcmp0 (self->history_dir, history_dir) != 0)
    {
      g_free (self->history_dir);
      self->history_dir = g_strdup (history_dir);
      g_clear_object (&self->restart_history);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
healing_runtime_emit_restarted (HealingRuntime *self)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));

  if (self->restarted_emitted || self->restart_count == 0 || self->last_death == NULL)
    return;

  self->restarted_emitted = TRUE;
  g_signal_emit (self, signals[SIGNAL_RESTARTED], 0, self->last_death);
}

void
healing_runtime_note_persisted_restore (HealingRuntime *self,
                                        const char     *persist_path)
{
  g_autofree char *base = NULL;
  guint i;

  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (persist_path != NULL);

  base = g_path_get_basename (persist_path);
  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - strlen (".json")] = '\0';

  for (i = 0; i + 1 < self->restored_components->len; i++)
    if (strcmp (g_ptr_array_index (self->restored_components, i), base) == 0)
      return;

  g_ptr_array_insert (self->restored_components, self->restored_components->len - 1,
                      g_steal_pointer (&base));
  g_ptr_array_add (self->restored_paths, g_strdup (persist_path));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RESTORED_COMPONENTS]);
}

GPtrArray *
healing_runtime_get_restored_paths (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return self->restored_paths;
}
