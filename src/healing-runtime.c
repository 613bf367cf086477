/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-runtime-private.h"
#include "healing-container.h"
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

  GListStore *fault_log;
  guint log_capacity;
};

enum {
  PROP_0,
  PROP_TAINTED,
  PROP_TAINT_REASON,
  PROP_POLICY,
  PROP_CLOCK,
  PROP_LOG_CAPACITY,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

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
  g_clear_object (&self->breakers);
  g_clear_object (&self->fault_log);

  G_OBJECT_CLASS (healing_runtime_parent_class)->dispose (object);
}

static void
healing_runtime_finalize (GObject *object)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  g_clear_pointer (&self->taint_reason, g_free);

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

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_runtime_init (HealingRuntime *self)
{
  self->containers = healing_object_list_new (HEALING_TYPE_CONTAINER);
  self->breakers = g_list_store_new (HEALING_TYPE_CIRCUIT_BREAKER);
  self->breakers_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->fault_log = g_list_store_new (HEALING_TYPE_FAULT_ENTRY);
  self->log_capacity = HEALING_RUNTIME_DEFAULT_LOG_CAPACITY;
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
    g_once_init_leave (&runtime, g_object_new (HEALING_TYPE_RUNTIME, NULL));

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
