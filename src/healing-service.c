/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-service.h"
#include "healing-checkpoint-ring.h"
#include "healing-circuit-breaker.h"
#include "healing-container.h"
#include "healing-enums.h"
#include "healing-fault-entry.h"
#include "healing-patch-bundle.h"
#include "healing-runtime-private.h"

/**
 * HealingService:
 *
 * The application's self-healing runtime over D-Bus.
 *
 * `HealingService` exports the `org.libhealing.Healing1` interface (its
 * introspection XML is installed in `dbus-1/interfaces`) on a connection,
 * normally the [class@Gio.Application]'s own, at the application's object
 * path followed by `/Healing`:
 *
 * ```c
 * static void
 * startup_cb (GApplication *app, HealingPatchStore *store)
 * {
 *   g_autoptr (HealingService) service = healing_service_new (store);
 *
 *   healing_service_export_for_application (service, app, NULL);
 *   g_object_set_data_full (G_OBJECT (app), "healing-service",
 *                           g_steal_pointer (&service), g_object_unref);
 * }
 * ```
 *
 * It lists the components and their state, applies signed patches through
 * its [class@PatchStore] (refusals are `org.libhealing.PatchError.*`
 * errors), trips and resets breakers, restores checkpoints, and emits
 * `Fault` and `StateChanged` signals. `InjectFault` raises real faults, so
 * it is refused unless [property@Service:allow-inject] is set.
 * `healingctl` is its command-line client.
 *
 * Anyone who can call methods on the session bus as the user can use the
 * service; patches are still verified against the application's trusted
 * keys.
 */
struct _HealingService
{
  GObject parent_instance;

  HealingPatchStore *store;
  gboolean allow_inject;

  GDBusConnection *connection;
  char *object_path;
  guint registration_id;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_ALLOW_INJECT,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingService, healing_service, G_TYPE_OBJECT)

static const GDBusErrorEntry patch_errors[] = {
  { HEALING_PATCH_ERROR_MALFORMED, "org.libhealing.PatchError.Malformed" },
  { HEALING_PATCH_ERROR_OVERSIZED, "org.libhealing.PatchError.Oversized" },
  { HEALING_PATCH_ERROR_UNSIGNED, "org.libhealing.PatchError.Unsigned" },
  { HEALING_PATCH_ERROR_UNKNOWN_KEY, "org.libhealing.PatchError.UnknownKey" },
  { HEALING_PATCH_ERROR_BAD_SIGNATURE, "org.libhealing.PatchError.BadSignature" },
  { HEALING_PATCH_ERROR_TAMPERED, "org.libhealing.PatchError.Tampered" },
  { HEALING_PATCH_ERROR_THRESHOLD, "org.libhealing.PatchError.Threshold" },
  { HEALING_PATCH_ERROR_EXPIRED, "org.libhealing.PatchError.Expired" },
  { HEALING_PATCH_ERROR_WRONG_APPLICATION, "org.libhealing.PatchError.WrongApplication" },
  { HEALING_PATCH_ERROR_WRONG_COMPONENT, "org.libhealing.PatchError.WrongComponent" },
  { HEALING_PATCH_ERROR_REPLAYED, "org.libhealing.PatchError.Replayed" },
  { HEALING_PATCH_ERROR_REVOKED, "org.libhealing.PatchError.Revoked" },
  { HEALING_PATCH_ERROR_DISALLOWED_TYPE, "org.libhealing.PatchError.DisallowedType" },
  { HEALING_PATCH_ERROR_DISALLOWED_HANDLER, "org.libhealing.PatchError.DisallowedHandler" },
  { HEALING_PATCH_ERROR_DISALLOWED_REFERENCE, "org.libhealing.PatchError.DisallowedReference" },
  { HEALING_PATCH_ERROR_NO_TARGET, "org.libhealing.PatchError.NoTarget" },
  { HEALING_PATCH_ERROR_BUSY, "org.libhealing.PatchError.Busy" },
};

/* Patch errors cross the bus with their codes, both ways. */
static void
register_errors (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gsize i;

      for (i = 0; i < G_N_ELEMENTS (patch_errors); i++)
        g_dbus_error_register_error (HEALING_PATCH_ERROR, patch_errors[i].error_code,
                                     patch_errors[i].dbus_error_name);
      g_once_init_leave (&done, 1);
    }
}

static const char *
nick (GType type,
      int   value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  return v != NULL ? v->value_nick : "unknown";
}

static GPtrArray *
containers_of (const char *component_id)
{
  GListModel *containers = healing_runtime_get_containers (healing_runtime_get_default ());
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  guint i;

  for (i = 0; i < g_list_model_get_n_items (containers); i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (containers, i);

      if (component_id == NULL ||
          g_strcmp0 (healing_container_get_component_id (container), component_id) == 0)
        g_ptr_array_add (found, g_object_ref (container));
    }

  return found;
}

static gboolean
no_such_component (GDBusMethodInvocation *invocation,
                   const char            *id,
                   GPtrArray             *containers)
{
  if (containers->len > 0)
    return FALSE;

  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                         /* Translators: %s is a component id */
                                         _("No container of the component “%s”"), id);
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Methods
 * ------------------------------------------------------------------------ */

static void
list_components (HealingService        *self,
                 GDBusMethodInvocation *invocation)
{
  g_autoptr (GPtrArray) containers = containers_of (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GVariantBuilder builder;
  guint i;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssut)"));
  for (i = 0; i < containers->len; i++)
    {
      HealingContainer *container = g_ptr_array_index (containers, i);
      const char *id = healing_container_get_component_id (container);

      if (id == NULL || !g_hash_table_add (seen, (gpointer) id))
        continue;

      g_variant_builder_add (&builder, "(ssut)", id,
                             nick (HEALING_TYPE_STATE, healing_container_get_state (container)),
                             healing_container_get_fault_count (container),
                             self->store != NULL ? healing_patch_store_get_kept_version (self->store, id) : 0);
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a(ssut))", &builder));
}

static void
get_component (HealingService        *self,
               GDBusMethodInvocation *invocation,
               const char            *id)
{
  g_autoptr (GPtrArray) containers = containers_of (id);
  HealingCircuitBreaker *breaker;
  HealingContainer *container;
  HealingFault *fault;
  GVariantBuilder builder;

  if (no_such_component (invocation, id, containers))
    return;

  container = g_ptr_array_index (containers, 0);
  fault = healing_container_get_last_fault (container);
  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), id);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&builder, "{sv}", "state",
                         g_variant_new_string (nick (HEALING_TYPE_STATE, healing_container_get_state (container))));
  g_variant_builder_add (&builder, "{sv}", "fault-count",
                         g_variant_new_uint32 (healing_container_get_fault_count (container)));
  g_variant_builder_add (&builder, "{sv}", "last-fault",
                         g_variant_new_string (fault != NULL ? healing_fault_get_message (fault) : ""));
  g_variant_builder_add (&builder, "{sv}", "circuit",
                         g_variant_new_string (breaker != NULL ? nick (HEALING_TYPE_CIRCUIT_STATE,
                                                                      healing_circuit_breaker_get_state (breaker))
                                                               : "none"));
  if (self->store != NULL)
    {
      HealingPatchBundle *trial = healing_patch_store_get_trial (self->store, id);

      g_variant_builder_add (&builder, "{sv}", "patch-highest",
                             g_variant_new_uint64 (healing_patch_store_get_highest_version (self->store, id)));
      g_variant_builder_add (&builder, "{sv}", "patch-kept",
                             g_variant_new_uint64 (healing_patch_store_get_kept_version (self->store, id)));
      g_variant_builder_add (&builder, "{sv}", "patch-trial",
                             g_variant_new_uint64 (trial != NULL ? healing_patch_bundle_get_version (trial) : 0));
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{sv})", &builder));
}

static void
apply_patch (HealingService        *self,
             GDBusMethodInvocation *invocation,
             GVariant              *bundle,
             const char            *component)
{
  g_autoptr (GBytes) bytes = g_variant_get_data_as_bytes (bundle);
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;
  HealingPatchBundle *applied;

  if (self->store == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED,
                                                     _("This application takes no patches"));
      return;
    }

  /* Translators: where a patch came from */
  source = g_strdup_printf (_("D-Bus (%s)"), g_dbus_method_invocation_get_sender (invocation));
  if (!healing_patch_store_apply_to (self->store, component[0] != '\0' ? component : NULL,
                                     bytes, source, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }

  /* The trial began: the bundle is the one in trial for its component. */
  {
    g_autoptr (GPtrArray) all = containers_of (NULL);
    guint64 version = 0;
    guint i;

    for (i = 0; i < all->len && version == 0; i++)
      {
        GtkWidget *child = healing_container_get_child (g_ptr_array_index (all, i));

        applied = child != NULL ? healing_patch_bundle_get_for_widget (child) : NULL;
        if (applied != NULL && g_bytes_equal (healing_patch_bundle_get_bytes (applied), bytes))
          version = healing_patch_bundle_get_version (applied);
      }

    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(t)", version));
  }
}

static void
trip_or_reset (HealingService        *self,
               GDBusMethodInvocation *invocation,
               const char            *id,
               gboolean               trip)
{
  g_autoptr (GPtrArray) containers = containers_of (id);
  g_autoptr (HealingCircuitBreaker) breaker = NULL;
  guint i;

  if (no_such_component (invocation, id, containers))
    return;

  breaker = healing_runtime_dup_breaker (healing_runtime_get_default (), id);
  if (trip)
    {
      healing_circuit_breaker_force_open (breaker);
    }
  else
    {
      healing_circuit_breaker_reset (breaker);
      for (i = 0; i < containers->len; i++)
        healing_container_reset (g_ptr_array_index (containers, i));
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
restore (HealingService        *self,
         GDBusMethodInvocation *invocation,
         const char            *id)
{
  g_autoptr (GPtrArray) containers = containers_of (id);
  guint i;

  if (no_such_component (invocation, id, containers))
    return;

  for (i = 0; i < containers->len; i++)
    {
      HealingContainer *container = g_ptr_array_index (containers, i);
      GListModel *ring = healing_container_get_checkpoints (container);
      g_autoptr (GError) error = NULL;

      if (healing_checkpoint_ring_restore (HEALING_CHECKPOINT_RING (ring), &error) == NULL)
        {
          g_dbus_method_invocation_return_gerror (invocation, error);
          return;
        }
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
inject (HealingService        *self,
        GDBusMethodInvocation *invocation,
        const char            *id,
        const char            *kind)
{
  g_autoptr (GPtrArray) containers = containers_of (id);
  g_autoptr (GEnumClass) klass = g_type_class_ref (HEALING_TYPE_FAULT_KIND);
  GEnumValue *value = g_enum_get_value_by_nick (klass, kind);

  if (!self->allow_inject)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED,
                                                     _("Fault injection is not enabled in this application"));
      return;
    }
  if (no_such_component (invocation, id, containers))
    return;
  if (value == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             /* Translators: %s is what was asked for; do not
                                              * translate the list */
                                             _("Unknown fault kind “%s”: crash, critical, warning, hang or error"),
                                             kind);
      return;
    }

  /* Answer first: a hang holds the main loop until it is caught. */
  g_dbus_method_invocation_return_value (invocation, NULL);
  healing_container_inject_fault (g_ptr_array_index (containers, 0), value->value);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               data)
{
  HealingService *self = data;
  const char *id, *other;

  if (g_str_equal (method_name, "ListComponents"))
    list_components (self, invocation);
  else if (g_str_equal (method_name, "GetComponent"))
    {
      g_variant_get (parameters, "(&s)", &id);
      get_component (self, invocation, id);
    }
  else if (g_str_equal (method_name, "ApplyPatch"))
    {
      g_autoptr (GVariant) bundle = NULL;

      g_variant_get (parameters, "(@ay&s)", &bundle, &other);
      apply_patch (self, invocation, bundle, other);
    }
  else if (g_str_equal (method_name, "Trip") || g_str_equal (method_name, "Reset"))
    {
      g_variant_get (parameters, "(&s)", &id);
      trip_or_reset (self, invocation, id, g_str_equal (method_name, "Trip"));
    }
  else if (g_str_equal (method_name, "Restore"))
    {
      g_variant_get (parameters, "(&s)", &id);
      restore (self, invocation, id);
    }
  else if (g_str_equal (method_name, "InjectFault"))
    {
      g_variant_get (parameters, "(&s&s)", &id, &other);
      inject (self, invocation, id, other);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "%s", method_name);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

/* ------------------------------------------------------------------------
 * Signals
 * ------------------------------------------------------------------------ */

static void
emit (HealingService *self,
      const char     *name,
      GVariant       *parameters)
{
  if (self->connection == NULL)
    {
      g_variant_unref (g_variant_ref_sink (parameters));
      return;
    }

  g_dbus_connection_emit_signal (self->connection, NULL, self->object_path,
                                 HEALING_SERVICE_INTERFACE, name, parameters, NULL);
}

static void
state_changed_cb (HealingContainer *container,
                  HealingState      state,
                  HealingService   *self)
{
  const char *id = healing_container_get_component_id (container);

  emit (self, "StateChanged", g_variant_new ("(ss)", id != NULL ? id : "",
                                             nick (HEALING_TYPE_STATE, state)));
}

static void
watch_containers (HealingService *self,
                  GListModel     *containers,
                  guint           position,
                  guint           added)
{
  guint i;

  for (i = position; i < position + added; i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (containers, i);

      g_signal_connect_object (container, "state-changed", G_CALLBACK (state_changed_cb), self, 0);
    }
}

static void
containers_changed_cb (GListModel     *containers,
                       guint           position,
                       guint           removed,
                       guint           added,
                       HealingService *self)
{
  watch_containers (self, containers, position, added);
}

static void
log_changed_cb (GListModel     *log,
                guint           position,
                guint           removed,
                guint           added,
                HealingService *self)
{
  guint i;

  for (i = position; i < position + added; i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);
      HealingFault *fault = healing_fault_entry_get_fault (entry);
      const char *id = healing_fault_get_component_id (fault);

      emit (self, "Fault", g_variant_new ("(sss)", id != NULL ? id : "",
                                          nick (HEALING_TYPE_FAULT_KIND, healing_fault_get_kind (fault)),
                                          healing_fault_get_message (fault)));
    }
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_service_dispose (GObject *object)
{
  HealingService *self = HEALING_SERVICE (object);

  healing_service_unexport (self);

  G_OBJECT_CLASS (healing_service_parent_class)->dispose (object);
}

static void
healing_service_finalize (GObject *object)
{
  HealingService *self = HEALING_SERVICE (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (healing_service_parent_class)->finalize (object);
}

static void
healing_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HealingService *self = HEALING_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ALLOW_INJECT:
      g_value_set_boolean (value, self->allow_inject);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HealingService *self = HEALING_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ALLOW_INJECT:
      healing_service_set_allow_inject (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_service_class_init (HealingServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_service_dispose;
  object_class->finalize = healing_service_finalize;
  object_class->get_property = healing_service_get_property;
  object_class->set_property = healing_service_set_property;

  /**
   * HealingService:store: (getter get_store)
   *
   * The store patches sent over D-Bus are applied with, or `NULL` if the
   * application takes none.
   */
  props[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HEALING_TYPE_PATCH_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * HealingService:allow-inject: (getter get_allow_inject) (setter set_allow_inject)
   *
   * Whether `InjectFault` may raise real faults in the application. Off
   * by default: turn it on for chaos testing only.
   */
  props[PROP_ALLOW_INJECT] =
    g_param_spec_boolean ("allow-inject", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  register_errors ();
}

static void
healing_service_init (HealingService *self)
{
}

/**
 * healing_service_new:
 * @store: (nullable): the store to apply patches with, or `NULL` to take
 *   none over D-Bus
 *
 * Creates a service; it is reachable once exported.
 *
 * Returns: (transfer full): a new service
 */
HealingService *
healing_service_new (HealingPatchStore *store)
{
  g_return_val_if_fail (store == NULL || HEALING_IS_PATCH_STORE (store), NULL);

  return g_object_new (HEALING_TYPE_SERVICE, "store", store, NULL);
}

/**
 * healing_service_get_store: (get-property store)
 * @self: a service
 *
 * Gets the store patches are applied with.
 *
 * Returns: (nullable) (transfer none): the store
 */
HealingPatchStore *
healing_service_get_store (HealingService *self)
{
  g_return_val_if_fail (HEALING_IS_SERVICE (self), NULL);

  return self->store;
}

/**
 * healing_service_get_allow_inject: (get-property allow-inject)
 * @self: a service
 *
 * Gets whether `InjectFault` may raise faults.
 *
 * Returns: whether fault injection is allowed
 */
gboolean
healing_service_get_allow_inject (HealingService *self)
{
  g_return_val_if_fail (HEALING_IS_SERVICE (self), FALSE);

  return self->allow_inject;
}

/**
 * healing_service_set_allow_inject: (set-property allow-inject)
 * @self: a service
 * @allow_inject: whether to allow fault injection
 *
 * Sets whether `InjectFault` may raise real faults in the application.
 */
void
healing_service_set_allow_inject (HealingService *self,
                                  gboolean        allow_inject)
{
  g_return_if_fail (HEALING_IS_SERVICE (self));

  allow_inject = !!allow_inject;
  if (self->allow_inject == allow_inject)
    return;

  self->allow_inject = allow_inject;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ALLOW_INJECT]);
}

/**
 * healing_service_export:
 * @self: a service
 * @connection: a D-Bus connection
 * @object_path: where to export the interface
 * @error: return location for an error
 *
 * Exports the `org.libhealing.Healing1` interface.
 *
 * Returns: whether it was exported
 */
gboolean
healing_service_export (HealingService   *self,
                        GDBusConnection  *connection,
                        const char       *object_path,
                        GError          **error)
{
  g_autoptr (GBytes) xml = NULL;
  g_autoptr (GDBusNodeInfo) node = NULL;
  GListModel *containers, *log;

  g_return_val_if_fail (HEALING_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (g_variant_is_object_path (object_path), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  xml = g_resources_lookup_data ("/org/libhealing/Healing/org.libhealing.Healing1.xml",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (xml == NULL)
    return FALSE;
  node = g_dbus_node_info_new_for_xml (g_bytes_get_data (xml, NULL), error);
  if (node == NULL)
    return FALSE;

  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             node->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  self->connection = g_object_ref (connection);
  self->object_path = g_strdup (object_path);

  containers = healing_runtime_get_containers (healing_runtime_get_default ());
  log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  watch_containers (self, containers, 0, g_list_model_get_n_items (containers));
  g_signal_connect_object (containers, "items-changed", G_CALLBACK (containers_changed_cb), self, 0);
  g_signal_connect_object (log, "items-changed", G_CALLBACK (log_changed_cb), self, 0);

  return TRUE;
}

/**
 * healing_service_export_for_application:
 * @self: a service
 * @application: a registered application
 * @error: return location for an error
 *
 * Exports the interface on the application's own connection, at its
 * object path followed by `/Healing`.
 *
 * Returns: whether it was exported
 */
gboolean
healing_service_export_for_application (HealingService  *self,
                                        GApplication    *application,
                                        GError         **error)
{
  GDBusConnection *connection;
  g_autofree char *path = NULL;

  g_return_val_if_fail (HEALING_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_APPLICATION (application), FALSE);

  connection = g_application_get_dbus_connection (application);
  if (connection == NULL || g_application_get_dbus_object_path (application) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("The application is not registered on D-Bus"));
      return FALSE;
    }

  path = g_strconcat (g_application_get_dbus_object_path (application), "/Healing", NULL);
  return healing_service_export (self, connection, path, error);
}

/**
 * healing_service_unexport:
 * @self: a service
 *
 * Takes the interface off the bus.
 */
void
healing_service_unexport (HealingService *self)
{
  g_return_if_fail (HEALING_IS_SERVICE (self));

  if (self->registration_id == 0)
    return;

  g_signal_handlers_disconnect_by_data (healing_runtime_get_containers (healing_runtime_get_default ()), self);
  g_signal_handlers_disconnect_by_data (healing_runtime_get_fault_log (healing_runtime_get_default ()), self);
  g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
  g_clear_pointer (&self->object_path, g_free);
}
