/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "healing-patch-store.h"
#include "healing-checkpoint.h"
#include "healing-clock.h"
#include "healing-container-private.h"
#include "healing-fault-entry.h"
#include "healing-fault-private.h"
#include "healing-patch-builder-private.h"
#include "healing-patch-private.h"
#include "healing-policy-private.h"
#include "healing-runtime-private.h"

/**
 * HealingPatchStore:
 *
 * Applies signed hot patches to the application's containers, as trials,
 * and remembers what it applied.
 *
 * [method@PatchStore.apply] takes a bundle (see [class@PatchBundle]) from
 * wherever it came and:
 *
 * 1. verifies it against the [class@PatchTrust] of the store, or else the
 *    `patch` section of the runtime's policy: size, signatures, expiry,
 *    application;
 * 2. refuses a version that is not newer than the highest one applied to
 *    its component, or that failed its trial once;
 * 3. checks its XML against the allow-list (GTK's widget types, the types
 *    registered with [method@PatchStore.register_type], the callbacks
 *    registered with [method@PatchStore.add_callback], no templates, no
 *    files or resources outside [method@PatchTrust.add_resource_prefix])
 *    and only then builds it, in a builder that cannot look up any other
 *    type or symbol;
 * 4. hands the new widget to every [class@Container] of the component with
 *    [method@Container.apply_patch], as a trial: if the replacement faults
 *    within [property@PatchStore:trial-duration], the previous child comes
 *    back (or, if it had faulted itself, the fallback), and the version is
 *    revoked for ever. Otherwise it is kept.
 *
 * A refused bundle changes nothing, and [method@PatchStore.apply] says why
 * with an error of the [error@Healing.PatchError] domain, which also goes
 * to [signal@PatchStore::refused] and the runtime's fault log.
 *
 * The highest version applied to each component, the revoked versions
 * and the kept bundles persist in [property@PatchStore:directory], written
 * atomically: after a restart, an old bundle is still refused, and
 * [method@PatchStore.reapply] verifies the kept bundles again and applies
 * them. A version whose trial was under way when the process stopped
 * (perhaps because of it) is revoked at the next start.
 */
struct _HealingPatchStore
{
  GObject parent_instance;

  char *directory;
  HealingPatchTrust *trust;
  guint trial_duration;

  /* What patches may use. */
  GHashTable *types;
  GHashTable *callbacks;
  GHashTable *actions;

  /* "application\ncomponent" → Record. */
  GHashTable *records;
  /* Set when the state file could not be read: rollback protection cannot
   * be promised, so every patch is refused. */
  GError *state_error;

  /* "application\ncomponent" → Trial, while one is under way. */
  GHashTable *trials;
};

typedef struct
{
  guint64 highest;
  guint64 kept;
  guint64 trial;
  GArray *revoked;
} Record;

typedef struct
{
  HealingContainer *container;
  GtkWidget *replacement;
  GtkWidget *previous;
  gboolean previous_ran;
  HealingState previous_state;
  gulong fault_id;
} Slot;

typedef struct
{
  HealingPatchStore *store;
  char *key;
  HealingPatchBundle *bundle;
  GPtrArray *slots;
  HealingClock *clock;
  guint timer_id;
} Trial;

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_TRUST,
  PROP_TRIAL_DURATION,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_APPLIED,
  SIGNAL_KEPT,
  SIGNAL_ROLLED_BACK,
  SIGNAL_REFUSED,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

G_DEFINE_FINAL_TYPE (HealingPatchStore, healing_patch_store, G_TYPE_OBJECT)

#define STATE_FORMAT 1

static void
record_free (gpointer data)
{
  Record *record = data;

  g_array_unref (record->revoked);
  g_free (record);
}

static Record *
record_new (void)
{
  Record *record = g_new0 (Record, 1);

  record->revoked = g_array_new (FALSE, FALSE, sizeof (guint64));
  return record;
}

static char *
make_key (const char *application_id,
          const char *component_id)
{
  return g_strconcat (application_id, "\n", component_id, NULL);
}

static HealingClock *
clock_of (void)
{
  return healing_runtime_get_clock (healing_runtime_get_default ());
}

/* ------------------------------------------------------------------------
 * What happened last to each component, for the Inspector
 * ------------------------------------------------------------------------ */

typedef struct
{
  HealingPatchStatusKind kind;
  guint64 version;
  char *source;
  char *message;
} Status;

static GHashTable *statuses;

static void
status_free (gpointer data)
{
  Status *status = data;

  g_free (status->source);
  g_free (status->message);
  g_free (status);
}

static void
set_status (const char             *component_id,
            HealingPatchStatusKind  kind,
            guint64                 version,
            const char             *source,
            const char             *message)
{
  Status *status;

  if (component_id == NULL)
    return;

  if (statuses == NULL)
    statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, status_free);

  status = g_new0 (Status, 1);
  status->kind = kind;
  status->version = version;
  status->source = g_strdup (source);
  status->message = g_strdup (message);
  g_hash_table_replace (statuses, g_strdup (component_id), status);
}

gboolean
healing_patch_status_lookup (const char              *component_id,
                             HealingPatchStatusKind  *kind,
                             guint64                 *version,
                             const char             **source,
                             const char             **message)
{
  Status *status = statuses != NULL && component_id != NULL ?
                   g_hash_table_lookup (statuses, component_id) : NULL;

  if (status == NULL)
    return FALSE;

  *kind = status->kind;
  *version = status->version;
  *source = status->source;
  *message = status->message;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Persistence
 * ------------------------------------------------------------------------ */

static char *
state_path (HealingPatchStore *self)
{
  return g_build_filename (self->directory, "state.json", NULL);
}

static char *
bundle_path (HealingPatchStore *self,
             const char        *key)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strconcat (digest, ".bundle", NULL);

  return g_build_filename (self->directory, name, NULL);
}

static gboolean
save_state (HealingPatchStore  *self,
            GError            **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GList) keys = NULL;
  g_autofree char *path = state_path (self);
  g_autofree char *text = NULL;
  GList *l;

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s are a folder name and a system message */
                   _("Could not create the folder %s: %s"),
                   self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, STATE_FORMAT);
  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);

  keys = g_hash_table_get_keys (self->records);
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (l = keys; l != NULL; l = l->next)
    {
      Record *record = g_hash_table_lookup (self->records, l->data);
      g_auto (GStrv) parts = g_strsplit (l->data, "\n", 2);
      guint i;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "application");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "component");
      json_builder_add_string_value (builder, parts[1]);
      json_builder_set_member_name (builder, "highest");
      json_builder_add_int_value (builder, (gint64) record->highest);
      json_builder_set_member_name (builder, "kept");
      json_builder_add_int_value (builder, (gint64) record->kept);
      json_builder_set_member_name (builder, "trial");
      json_builder_add_int_value (builder, (gint64) record->trial);
      json_builder_set_member_name (builder, "revoked");
      json_builder_begin_array (builder);
      for (i = 0; i < record->revoked->len; i++)
        json_builder_add_int_value (builder, (gint64) g_array_index (record->revoked, guint64, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

static gboolean
read_version (JsonObject *object,
              const char *member,
              guint64    *version)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
    return FALSE;

  *version = json_node_get_int (node);
  return TRUE;
}

static gboolean
load_state (HealingPatchStore  *self,
            GError            **error)
{
  g_autofree char *path = state_path (self);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *text = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root, *components;
  gsize length;
  guint i;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (length > 16 * 1024 * 1024 || !healing_patch_check_json (text, length, display, NULL))
    goto corrupt;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (components = json_object_get_member (json_node_get_object (root), "components")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (components))
    goto corrupt;

  for (i = 0; i < json_array_get_length (json_node_get_array (components)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (components), i);
      JsonObject *object;
      JsonNode *revoked;
      const char *application, *component;
      Record *record;
      guint j;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto corrupt;
      object = json_node_get_object (node);
      application = json_object_get_string_member_with_default (object, "application", NULL);
      component = json_object_get_string_member_with_default (object, "component", NULL);
      revoked = json_object_get_member (object, "revoked");
      if (application == NULL || component == NULL || revoked == NULL ||
          !JSON_NODE_HOLDS_ARRAY (revoked))
        goto corrupt;

      record = record_new ();
      g_hash_table_replace (self->records, make_key (application, component), record);
      if (!read_version (object, "highest", &record->highest) ||
          !read_version (object, "kept", &record->kept) ||
          !read_version (object, "trial", &record->trial))
        goto corrupt;

      for (j = 0; j < json_array_get_length (json_node_get_array (revoked)); j++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (revoked), j);
          guint64 version;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_INT64 ||
              json_node_get_int (element) < 1)
            goto corrupt;
          version = json_node_get_int (element);
          g_array_append_val (record->revoked, version);
        }
    }

  return TRUE;

corrupt:
  g_hash_table_remove_all (self->records);
  g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
               /* Translators: %s is a file name */
               _("The hot-patch state %s is damaged; patches are refused until it is repaired or removed"),
               display);
  return FALSE;
}

static void
log_patch_error (const GError *error,
                 const char   *component_id,
                 HealingOutcome outcome)
{
  HealingFault *fault = healing_fault_new_for_error (error, component_id);
  HealingFaultEntry *entry;

  entry = healing_runtime_log_fault (healing_runtime_get_default (), fault, NULL);
  healing_fault_entry_set_outcome (entry, outcome);
  healing_fault_unref (fault);
}

static gboolean
is_revoked (Record  *record,
            guint64  version)
{
  guint i;

  for (i = 0; record != NULL && i < record->revoked->len; i++)
    if (g_array_index (record->revoked, guint64, i) == version)
      return TRUE;

  return FALSE;
}

static void
revoke_version (Record  *record,
        guint64  version)
{
  if (!is_revoked (record, version))
    g_array_append_val (record->revoked, version);
}

static void
persist (HealingPatchStore *self)
{
  g_autoptr (GError) error = NULL;

  if (!save_state (self, &error))
    g_warning ("libhealing: could not save the hot-patch state: %s", error->message);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void trial_free (gpointer data);

static void
healing_patch_store_constructed (GObject *object)
{
  HealingPatchStore *self = HEALING_PATCH_STORE (object);
  GHashTableIter iter;
  gpointer key, value;
  gboolean changed = FALSE;

  G_OBJECT_CLASS (healing_patch_store_parent_class)->constructed (object);

  if (self->directory == NULL)
    {
      g_autofree char *checkpoint = healing_checkpoint_dup_default_path (NULL);
      g_autofree char *dir = g_path_get_dirname (checkpoint);

      self->directory = g_build_filename (dir, "patches", NULL);
    }

  if (!load_state (self, &self->state_error))
    {
      /* Said again by every refusal, with its error. */
      g_message ("libhealing: %s", self->state_error->message);
      return;
    }

  /* A trial under way when the process stopped: the patch may well be
   * what stopped it. */
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Record *record = value;
      g_auto (GStrv) parts = g_strsplit (key, "\n", 2);
      g_autoptr (GError) error = NULL;

      if (record->trial == 0)
        continue;

      g_set_error (&error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_REVOKED,
                   /* Translators: a hot patch; %s is a component id */
                   _("Version %s of “%s” was in its trial when the application stopped; it is revoked"),
                   healing_patch_num (record->trial).s, parts[1]);
      log_patch_error (error, parts[1], HEALING_OUTCOME_GAVE_UP);
      revoke_version (record, record->trial);
      record->trial = 0;
      changed = TRUE;
    }

  if (changed)
    persist (self);
}

static void
healing_patch_store_dispose (GObject *object)
{
  HealingPatchStore *self = HEALING_PATCH_STORE (object);
  GHashTableIter iter;
  gpointer value;
  gboolean changed = FALSE;

  /* Trials cut short by a normal shutdown are not failures: forget them
   * (the version stays the highest applied, so it is not applied again). */
  if (self->trials != NULL)
    {
      g_hash_table_iter_init (&iter, self->trials);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Trial *trial = value;
          Record *record = g_hash_table_lookup (self->records, trial->key);

          if (record != NULL && record->trial != 0)
            {
              record->trial = 0;
              changed = TRUE;
            }
        }
      if (changed)
        persist (self);
      g_hash_table_remove_all (self->trials);
    }

  G_OBJECT_CLASS (healing_patch_store_parent_class)->dispose (object);
}

static void
healing_patch_store_finalize (GObject *object)
{
  HealingPatchStore *self = HEALING_PATCH_STORE (object);

  g_free (self->directory);
  g_clear_object (&self->trust);
  g_hash_table_unref (self->types);
  g_hash_table_unref (self->callbacks);
  g_hash_table_unref (self->actions);
  g_hash_table_unref (self->records);
  g_hash_table_unref (self->trials);
  g_clear_error (&self->state_error);

  G_OBJECT_CLASS (healing_patch_store_parent_class)->finalize (object);
}

static void
healing_patch_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HealingPatchStore *self = HEALING_PATCH_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_TRUST:
      g_value_set_object (value, self->trust);
      break;
    case PROP_TRIAL_DURATION:
      g_value_set_uint (value, self->trial_duration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_patch_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HealingPatchStore *self = HEALING_PATCH_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    case PROP_TRUST:
      healing_patch_store_set_trust (self, g_value_get_object (value));
      break;
    case PROP_TRIAL_DURATION:
      healing_patch_store_set_trial_duration (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_patch_store_class_init (HealingPatchStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = healing_patch_store_constructed;
  object_class->dispose = healing_patch_store_dispose;
  object_class->finalize = healing_patch_store_finalize;
  object_class->get_property = healing_patch_store_get_property;
  object_class->set_property = healing_patch_store_set_property;

  /**
   * HealingPatchStore:directory: (getter get_directory)
   *
   * The folder where the store keeps what it applied:
   * `$XDG_STATE_HOME/<application id>/healing/patches` by default.
   */
  props[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * HealingPatchStore:trust: (getter get_trust) (setter set_trust)
   *
   * The keys and limits bundles are verified with, or `NULL` for the
   * `patch` section of the runtime's policy.
   */
  props[PROP_TRUST] =
    g_param_spec_object ("trust", NULL, NULL,
                         HEALING_TYPE_PATCH_TRUST,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPatchStore:trial-duration: (getter get_trial_duration) (setter set_trial_duration)
   *
   * How long, in milliseconds on the runtime's clock, a replacement must
   * run without a fault to be kept.
   */
  props[PROP_TRIAL_DURATION] =
    g_param_spec_uint ("trial-duration", NULL, NULL,
                       1, G_MAXUINT, HEALING_PATCH_DEFAULT_TRIAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  /**
   * HealingPatchStore::applied:
   * @self: the store
   * @bundle: the bundle
   *
   * Emitted when a bundle's replacement has been put in place and its
   * trial begins.
   */
  signals[SIGNAL_APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HEALING_TYPE_PATCH_BUNDLE);

  /**
   * HealingPatchStore::kept:
   * @self: the store
   * @bundle: the bundle
   *
   * Emitted when a replacement has run through its trial without a fault.
   */
  signals[SIGNAL_KEPT] =
    g_signal_new ("kept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HEALING_TYPE_PATCH_BUNDLE);

  /**
   * HealingPatchStore::rolled-back:
   * @self: the store
   * @bundle: the bundle
   * @fault: the fault of the replacement
   *
   * Emitted when a replacement faulted in its trial, was taken down and
   * its version revoked.
   */
  signals[SIGNAL_ROLLED_BACK] =
    g_signal_new ("rolled-back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, HEALING_TYPE_PATCH_BUNDLE, HEALING_TYPE_FAULT);

  /**
   * HealingPatchStore::refused:
   * @self: the store
   * @source: where the bundle came from
   * @error: why it was refused, in the [error@Healing.PatchError] domain
   *
   * Emitted when a bundle is refused.
   */
  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
healing_patch_store_init (HealingPatchStore *self)
{
  self->trial_duration = HEALING_PATCH_DEFAULT_TRIAL_MS;
  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->callbacks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, record_free);
  self->trials = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, trial_free);
}

/**
 * healing_patch_store_new:
 * @directory: (nullable) (type filename): where to keep the state, or
 *   `NULL` for the default
 *
 * Creates a store and reads what earlier runs applied. A trial that was
 * under way when the process stopped revokes its version.
 *
 * Returns: (transfer full): a new store
 */
HealingPatchStore *
healing_patch_store_new (const char *directory)
{
  return g_object_new (HEALING_TYPE_PATCH_STORE, "directory", directory, NULL);
}

/**
 * healing_patch_store_get_directory: (get-property directory)
 * @self: a store
 *
 * Gets the folder where the store keeps what it applied.
 *
 * Returns: (type filename): the folder
 */
const char *
healing_patch_store_get_directory (HealingPatchStore *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), NULL);

  return self->directory;
}

/**
 * healing_patch_store_get_trust: (get-property trust)
 * @self: a store
 *
 * Gets the trust set on the store.
 *
 * Returns: (nullable) (transfer none): the trust, or `NULL` if the store
 *   follows the runtime's policy
 */
HealingPatchTrust *
healing_patch_store_get_trust (HealingPatchStore *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), NULL);

  return self->trust;
}

/**
 * healing_patch_store_set_trust: (set-property trust)
 * @self: a store
 * @trust: (nullable): a trust, or `NULL` for the `patch` section of the
 *   runtime's policy
 *
 * Sets the keys and limits bundles are verified with.
 */
void
healing_patch_store_set_trust (HealingPatchStore *self,
                               HealingPatchTrust *trust)
{
  g_return_if_fail (HEALING_IS_PATCH_STORE (self));
  g_return_if_fail (trust == NULL || HEALING_IS_PATCH_TRUST (trust));

  if (g_set_object (&self->trust, trust))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRUST]);
}

/**
 * healing_patch_store_get_trial_duration: (get-property trial-duration)
 * @self: a store
 *
 * Gets how long a replacement must run without a fault to be kept.
 *
 * Returns: milliseconds
 */
guint
healing_patch_store_get_trial_duration (HealingPatchStore *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), 0);

  return self->trial_duration;
}

/**
 * healing_patch_store_set_trial_duration: (set-property trial-duration)
 * @self: a store
 * @trial_duration: milliseconds, at least 1
 *
 * Sets how long a replacement must run without a fault to be kept.
 */
void
healing_patch_store_set_trial_duration (HealingPatchStore *self,
                                        guint              trial_duration)
{
  g_return_if_fail (HEALING_IS_PATCH_STORE (self));
  g_return_if_fail (trial_duration >= 1);

  if (self->trial_duration == trial_duration)
    return;

  self->trial_duration = trial_duration;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRIAL_DURATION]);
}

/**
 * healing_patch_store_register_type:
 * @self: a store
 * @type: a type of the application
 *
 * Lets patches instantiate @type, besides GTK's allow-listed widget types.
 * Register only types that are safe whatever their properties are set to.
 */
void
healing_patch_store_register_type (HealingPatchStore *self,
                                   GType              type)
{
  g_return_if_fail (HEALING_IS_PATCH_STORE (self));
  g_return_if_fail (G_TYPE_IS_OBJECT (type));

  g_hash_table_replace (self->types, g_strdup (g_type_name (type)), GSIZE_TO_POINTER (type));
}

/**
 * healing_patch_store_add_callback: (skip)
 * @self: a store
 * @name: the handler name patches use, as in `<signal handler="name">`
 * @callback: the function
 *
 * Lets patches connect signals to @callback under @name. Patches can name
 * no other handler. The handler runs inside the fault trap, like every
 * handler of [class@BuilderScope].
 */
void
healing_patch_store_add_callback (HealingPatchStore *self,
                                  const char        *name,
                                  GCallback          callback)
{
  g_return_if_fail (HEALING_IS_PATCH_STORE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (callback != NULL);

  g_hash_table_replace (self->callbacks, g_strdup (name), (gpointer) callback);
}

/**
 * healing_patch_store_add_action:
 * @self: a store
 * @action_name: a detailed action name, such as `app.refresh`
 *
 * Lets buttons and other actionable widgets of patches activate
 * @action_name (their `action-name` property). Patches can name no other
 * action.
 */
void
healing_patch_store_add_action (HealingPatchStore *self,
                                const char        *action_name)
{
  g_return_if_fail (HEALING_IS_PATCH_STORE (self));
  g_return_if_fail (action_name != NULL);

  g_hash_table_add (self->actions, g_strdup (action_name));
}

static HealingPatchTrust *
effective_trust (HealingPatchStore *self)
{
  HealingPatchTrust *trust;

  if (self->trust != NULL)
    return g_object_ref (self->trust);

  trust = healing_policy_get_patch_trust (healing_runtime_get_policy (healing_runtime_get_default ()));
  if (trust != NULL)
    return g_object_ref (trust);

  /* No configuration: no key is trusted, every bundle is refused. */
  return healing_patch_trust_new ();
}

/* ------------------------------------------------------------------------
 * Trials
 * ------------------------------------------------------------------------ */

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  if (slot->fault_id != 0)
    g_signal_handler_disconnect (slot->container, slot->fault_id);
  g_object_unref (slot->container);
  g_object_unref (slot->replacement);
  g_clear_object (&slot->previous);
  g_free (slot);
}

static void
trial_free (gpointer data)
{
  Trial *trial = data;

  if (trial->timer_id != 0)
    healing_clock_cancel (trial->clock, trial->timer_id);
  g_object_unref (trial->clock);
  g_ptr_array_unref (trial->slots);
  g_object_unref (trial->bundle);
  g_free (trial->key);
  g_free (trial);
}

static void
trial_passed_cb (gpointer data)
{
  Trial *trial = data;
  HealingPatchStore *self = trial->store;
  g_autoptr (HealingPatchBundle) bundle = g_object_ref (trial->bundle);
  Record *record = g_hash_table_lookup (self->records, trial->key);
  g_autofree char *path = bundle_path (self, trial->key);
  g_autoptr (GError) error = NULL;
  GBytes *bytes = healing_patch_bundle_get_bytes (bundle);

  trial->timer_id = 0;

  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("libhealing: could not keep the patch: %s", error->message);
  else
    record->kept = healing_patch_bundle_get_version (bundle);
  record->trial = 0;
  persist (self);

  g_hash_table_remove (self->trials, trial->key);
  set_status (healing_patch_bundle_get_component_id (bundle), HEALING_PATCH_STATUS_KEPT,
              healing_patch_bundle_get_version (bundle), healing_patch_bundle_get_source (bundle), NULL);
  g_signal_emit (self, signals[SIGNAL_KEPT], 0, bundle);
}

static void
trial_fault_cb (HealingContainer *container,
                HealingFault     *fault,
                gpointer          data)
{
  Trial *trial = data;
  HealingPatchStore *self = trial->store;
  g_autoptr (HealingPatchBundle) bundle = g_object_ref (trial->bundle);
  Record *record = g_hash_table_lookup (self->records, trial->key);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) slots = g_ptr_array_ref (trial->slots);
  g_autofree char *key = g_strdup (trial->key);
  guint i;

  /* Take the trial down before anything else can reach it. */
  for (i = 0; i < slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (slots, i);

      g_signal_handler_disconnect (slot->container, slot->fault_id);
      slot->fault_id = 0;
    }

  revoke_version (record, healing_patch_bundle_get_version (bundle));
  record->trial = 0;
  persist (self);

  /* Every container of the component gets its previous child back; the
   * one that faulted is in the middle of announcing it, and leaves the
   * faulted replacement alone once it is no longer active. */
  for (i = 0; i < slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (slots, i);

      if (healing_container_get_child (slot->container) != slot->replacement)
        continue;

      healing_container_revert_patch (slot->container, slot->previous,
                                      slot->previous_ran,
                                      slot->previous_ran ? HEALING_STATE_HEALTHY
                                                         : slot->previous_state);
    }

  g_set_error (&error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_REVOKED,
               /* Translators: a hot patch. 1: a version, 2: a component id,
                * 3: where the patch came from, 4: a fault */
               _("Version %1$s of “%2$s” from %3$s faulted in its trial (%4$s); rolled back and revoked"),
               healing_patch_num (healing_patch_bundle_get_version (bundle)).s,
               healing_patch_bundle_get_component_id (bundle),
               healing_patch_bundle_get_source (bundle),
               healing_fault_get_message (fault));
  log_patch_error (error, healing_patch_bundle_get_component_id (bundle), HEALING_OUTCOME_GAVE_UP);

  g_hash_table_remove (self->trials, key);
  set_status (healing_patch_bundle_get_component_id (bundle), HEALING_PATCH_STATUS_ROLLED_BACK,
              healing_patch_bundle_get_version (bundle), healing_patch_bundle_get_source (bundle),
              healing_fault_get_message (fault));
  g_signal_emit (self, signals[SIGNAL_ROLLED_BACK], 0, bundle, fault);
}

static GPtrArray *
find_containers (const char *component_id)
{
  GListModel *containers = healing_runtime_get_containers (healing_runtime_get_default ());
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  guint i, n = g_list_model_get_n_items (containers);

  for (i = 0; i < n; i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (containers, i);

      if (g_strcmp0 (healing_container_get_component_id (container), component_id) == 0)
        g_ptr_array_add (found, g_object_ref (container));
    }

  return found;
}

static gboolean
refuse (HealingPatchStore  *self,
        const char         *source,
        const char         *component_id,
        GError             *error,
        GError            **out_error)
{
  log_patch_error (error, component_id, HEALING_OUTCOME_GAVE_UP);
  set_status (component_id, HEALING_PATCH_STATUS_REFUSED, 0, source, error->message);
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0, source, error);
  g_propagate_error (out_error, error);

  return FALSE;
}

static gboolean
apply_bundle (HealingPatchStore   *self,
              HealingPatchBundle  *bundle,
              gboolean             again,
              GError             **error)
{
  g_autoptr (HealingPatchTrust) trust = effective_trust (self);
  const char *component_id = healing_patch_bundle_get_component_id (bundle);
  guint64 version = healing_patch_bundle_get_version (bundle);
  g_autofree char *key = make_key (healing_patch_bundle_get_application_id (bundle), component_id);
  g_autoptr (GPtrArray) containers = NULL;
  g_autoptr (GPtrArray) widgets = NULL;
  HealingPatchAllow allow;
  Record *record = g_hash_table_lookup (self->records, key);
  Trial *trial;
  guint i;

  if (is_revoked (record, version))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_REVOKED,
                   /* Translators: a hot patch. 1: where it came from, 2: a
                    * version, 3: a component id */
                   _("%1$s: version %2$s of “%3$s” faulted in its trial before and is revoked"),
                   healing_patch_bundle_get_source (bundle), healing_patch_num (version).s, component_id);
      return FALSE;
    }

  if (record != NULL && (again ? version != record->kept : version <= record->highest))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_REPLAYED,
                   /* Translators: a hot patch. 1: where it came from, 2: a
                    * version, 3: a component id, 4: another version */
                   _("%1$s: version %2$s of “%3$s” is not newer than version %4$s, already applied"),
                   healing_patch_bundle_get_source (bundle), healing_patch_num (version).s, component_id,
                   healing_patch_num (record->highest).s);
      return FALSE;
    }

  if (g_hash_table_contains (self->trials, key))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_BUSY,
                   /* Translators: a hot patch. %s are where it came from
                    * and a component id */
                   _("%s: another version of “%s” is still in its trial"),
                   healing_patch_bundle_get_source (bundle), component_id);
      return FALSE;
    }

  containers = find_containers (component_id);
  if (containers->len == 0)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_NO_TARGET,
                   /* Translators: a hot patch. %s are where it came from
                    * and a component id */
                   _("%s: no container of the component “%s” exists"),
                   healing_patch_bundle_get_source (bundle), component_id);
      return FALSE;
    }

  allow.types = self->types;
  allow.callbacks = self->callbacks;
  allow.actions = self->actions;
  allow.resource_prefixes = healing_patch_trust_get_resource_prefixes (trust);

  /* Build every replacement before touching any container. */
  widgets = g_ptr_array_new_with_free_func (g_object_unref);
  for (i = 0; i < containers->len; i++)
    {
      GtkWidget *widget = healing_patch_builder_build (bundle, &allow, error);

      if (widget == NULL)
        {
          if (error != NULL && *error != NULL)
            g_prefix_error (error, "%s: ", healing_patch_bundle_get_source (bundle));
          return FALSE;
        }
      healing_patch_bundle_attach (bundle, widget);
      g_ptr_array_add (widgets, widget);
    }

  /* Persisted first: if the replacement takes the process down, the next
   * start knows it was in its trial. */
  if (record == NULL)
    {
      record = record_new ();
      g_hash_table_replace (self->records, g_strdup (key), record);
    }
  record->highest = MAX (record->highest, version);
  record->trial = version;
  persist (self);

  trial = g_new0 (Trial, 1);
  trial->store = self;
  trial->key = g_strdup (key);
  trial->bundle = g_object_ref (bundle);
  trial->slots = g_ptr_array_new_with_free_func (slot_free);
  g_hash_table_replace (self->trials, trial->key, trial);

  for (i = 0; i < containers->len; i++)
    {
      HealingContainer *container = g_ptr_array_index (containers, i);
      GtkWidget *previous = healing_container_get_child (container);
      Slot *slot = g_new0 (Slot, 1);

      slot->container = g_object_ref (container);
      slot->replacement = g_object_ref (g_ptr_array_index (widgets, i));
      slot->previous = previous != NULL ? g_object_ref (previous) : NULL;
      slot->previous_state = healing_container_get_state (container);
      slot->previous_ran = slot->previous_state == HEALING_STATE_HEALTHY;
      if (!slot->previous_ran && slot->previous_state != HEALING_STATE_AWAITING_PATCH)
        slot->previous_state = HEALING_STATE_FALLBACK;
      g_ptr_array_add (trial->slots, slot);

      healing_container_apply_patch (container, slot->replacement);
      slot->fault_id = g_signal_connect (container, "fault", G_CALLBACK (trial_fault_cb), trial);
    }

  trial->clock = g_object_ref (clock_of ());
  trial->timer_id = healing_clock_schedule (trial->clock, self->trial_duration,
                                            trial_passed_cb, trial, NULL);

  set_status (component_id, HEALING_PATCH_STATUS_TRIAL, version,
              healing_patch_bundle_get_source (bundle), NULL);
  g_signal_emit (self, signals[SIGNAL_APPLIED], 0, bundle);

  return TRUE;
}

/**
 * healing_patch_store_apply:
 * @self: a store
 * @data: a bundle, as received
 * @source: (nullable): where it came from, for messages and for
 *   [method@PatchBundle.get_source]: a file name, a URL, `D-Bus`
 * @error: return location for an error
 *
 * Verifies a bundle and, if nothing is wrong with it, applies it as a
 * trial to every container of the component it names. See the class
 * documentation for what is checked.
 *
 * Returns: whether the trial began; if not, @error says why in the
 *   [error@Healing.PatchError] domain, and nothing changed
 */
gboolean
healing_patch_store_apply (HealingPatchStore  *self,
                           GBytes             *data,
                           const char         *source,
                           GError            **error)
{
  return healing_patch_store_apply_to (self, NULL, data, source, error);
}

/**
 * healing_patch_store_apply_to:
 * @self: a store
 * @component_id: (nullable): the component the bundle was delivered for,
 *   or `NULL` for whichever it names
 * @data: a bundle, as received
 * @source: (nullable): where it came from, for messages and for
 *   [method@PatchBundle.get_source]: a file name, a URL, `D-Bus`
 * @error: return location for an error
 *
 * Like [method@PatchStore.apply], for a bundle delivered for one
 * component (by a feed's index or a D-Bus call): a bundle signed for
 * another component is refused with
 * [error@Healing.PatchError.wrong_component].
 *
 * Returns: whether the trial began; if not, @error says why in the
 *   [error@Healing.PatchError] domain, and nothing changed
 */
gboolean
healing_patch_store_apply_to (HealingPatchStore  *self,
                              const char         *component_id,
                              GBytes             *data,
                              const char         *source,
                              GError            **error)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autoptr (HealingPatchBundle) bundle = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (source == NULL)
    source = "<data>";

  if (self->state_error != NULL)
    return refuse (self, source, component_id, g_error_copy (self->state_error), error);

  trust = effective_trust (self);
  bundle = healing_patch_bundle_new_from_bytes (data, trust, source, &local_error);
  if (bundle == NULL)
    return refuse (self, source, component_id, local_error, error);

  if (component_id != NULL &&
      !g_str_equal (component_id, healing_patch_bundle_get_component_id (bundle)))
    {
      g_set_error (&local_error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_WRONG_COMPONENT,
                   /* Translators: a hot patch; %s are where it came from and
                    * two component ids */
                   _("%s: the patch is for the component “%s”, not “%s”"),
                   source, healing_patch_bundle_get_component_id (bundle), component_id);
      return refuse (self, source, component_id, local_error, error);
    }

  if (!apply_bundle (self, bundle, FALSE, &local_error))
    return refuse (self, source, healing_patch_bundle_get_component_id (bundle),
                   local_error, error);

  return TRUE;
}

/**
 * healing_patch_store_reapply:
 * @self: a store
 *
 * Verifies again each bundle kept by an earlier run, for the components
 * that have containers now, and applies it (as a trial). Bundles that no
 * longer verify (expired, or signed by a key that is no longer trusted)
 * are refused as by [method@PatchStore.apply].
 *
 * Returns: the number of bundles applied
 */
guint
healing_patch_store_reapply (HealingPatchStore *self)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autoptr (GList) keys = NULL;
  guint applied = 0;
  GList *l;

  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), 0);

  if (self->state_error != NULL)
    return 0;

  trust = effective_trust (self);
  keys = g_hash_table_get_keys (self->records);
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);

  for (l = keys; l != NULL; l = l->next)
    {
      Record *record = g_hash_table_lookup (self->records, l->data);
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (HealingPatchBundle) bundle = NULL;
      g_auto (GStrv) parts = g_strsplit (l->data, "\n", 2);
      g_autoptr (GPtrArray) containers = NULL;
      GError *error = NULL;
      gsize length;

      if (record->kept == 0 || g_hash_table_contains (self->trials, l->data))
        continue;

      containers = find_containers (parts[1]);
      if (containers->len == 0)
        continue;

      path = bundle_path (self, l->data);
      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          refuse (self, path, parts[1], error, NULL);
          continue;
        }
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

      bundle = healing_patch_bundle_new_from_bytes (bytes, trust, path, &error);
      if (bundle == NULL)
        {
          refuse (self, path, parts[1], error, NULL);
          continue;
        }

      if (!g_str_equal (healing_patch_bundle_get_application_id (bundle), parts[0]) ||
          !g_str_equal (healing_patch_bundle_get_component_id (bundle), parts[1]))
        {
          g_set_error (&error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_WRONG_COMPONENT,
                       /* Translators: a hot patch; %s are a file name and a component id */
                       _("%s: the kept patch is not for “%s”"), path, parts[1]);
          refuse (self, path, parts[1], error, NULL);
          continue;
        }

      if (!apply_bundle (self, bundle, TRUE, &error))
        {
          refuse (self, path, parts[1], error, NULL);
          continue;
        }

      applied++;
    }

  return applied;
}

/**
 * healing_patch_store_get_highest_version:
 * @self: a store
 * @component_id: a component id
 *
 * Gets the highest version ever applied to a component of the trusted
 * application (bundles of this version or older are refused).
 *
 * Returns: the version, or 0 if none was applied
 */
guint64
healing_patch_store_get_highest_version (HealingPatchStore *self,
                                         const char        *component_id)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autofree char *app = NULL;
  g_autofree char *key = NULL;
  Record *record;

  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), 0);
  g_return_val_if_fail (component_id != NULL, 0);

  trust = effective_trust (self);
  app = healing_patch_trust_dup_effective_application_id (trust);
  key = make_key (app, component_id);
  record = g_hash_table_lookup (self->records, key);

  return record != NULL ? record->highest : 0;
}

/**
 * healing_patch_store_get_kept_version:
 * @self: a store
 * @component_id: a component id
 *
 * Gets the version of the component that passed its trial last, which
 * [method@PatchStore.reapply] applies again.
 *
 * Returns: the version, or 0 if none was kept
 */
guint64
healing_patch_store_get_kept_version (HealingPatchStore *self,
                                      const char        *component_id)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autofree char *app = NULL;
  g_autofree char *key = NULL;
  Record *record;

  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), 0);
  g_return_val_if_fail (component_id != NULL, 0);

  trust = effective_trust (self);
  app = healing_patch_trust_dup_effective_application_id (trust);
  key = make_key (app, component_id);
  record = g_hash_table_lookup (self->records, key);

  return record != NULL ? record->kept : 0;
}

/**
 * healing_patch_store_is_revoked:
 * @self: a store
 * @component_id: a component id
 * @version: a version
 *
 * Finds out whether a version of a component faulted in its trial, and
 * so is never applied again.
 *
 * Returns: whether @version is revoked
 */
gboolean
healing_patch_store_is_revoked (HealingPatchStore *self,
                                const char        *component_id,
                                guint64            version)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autofree char *app = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), FALSE);
  g_return_val_if_fail (component_id != NULL, FALSE);

  trust = effective_trust (self);
  app = healing_patch_trust_dup_effective_application_id (trust);
  key = make_key (app, component_id);

  return is_revoked (g_hash_table_lookup (self->records, key), version);
}

/**
 * healing_patch_store_get_trial:
 * @self: a store
 * @component_id: a component id
 *
 * Gets the bundle whose trial is under way for a component.
 *
 * Returns: (nullable) (transfer none): the bundle, or `NULL`
 */
HealingPatchBundle *
healing_patch_store_get_trial (HealingPatchStore *self,
                               const char        *component_id)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autofree char *app = NULL;
  g_autofree char *key = NULL;
  Trial *trial;

  g_return_val_if_fail (HEALING_IS_PATCH_STORE (self), NULL);
  g_return_val_if_fail (component_id != NULL, NULL);

  trust = effective_trust (self);
  app = healing_patch_trust_dup_effective_application_id (trust);
  key = make_key (app, component_id);
  trial = g_hash_table_lookup (self->trials, key);

  return trial != NULL ? trial->bundle : NULL;
}
