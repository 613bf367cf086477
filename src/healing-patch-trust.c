/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "healing-patch-trust.h"
#include "healing-patch-private.h"
#include "healing-policy.h"

/**
 * HealingPatchTrust:
 *
 * Whom an application trusts to send it hot patches.
 *
 * A patch bundle is accepted only if enough of the Ed25519 keys of a
 * `HealingPatchTrust` signed it: [property@PatchTrust:threshold] of them,
 * one by default. Several keys let a key be rotated (add the new one, sign
 * with it, drop the old one) and, with a threshold above one, no single
 * stolen key can push a patch.
 *
 * The trust also names the application patches must be for, the largest
 * bundle accepted and the resources a patch may refer to.
 *
 * It is normally read from the `patch` section of the policy file (see
 * [class@Policy]):
 *
 * ```json
 * { "healing": { "patch": {
 *     "application": "org.example.App",
 *     "keys": [ "<base64 Ed25519 public key>", "<another>" ],
 *     "threshold": 1,
 *     "max-size": 1048576,
 *     "resources": [ "resource:///org/example/App/icons/" ]
 * } } }
 * ```
 */
struct _HealingPatchTrust
{
  GObject parent_instance;

  /* keyid (hex SHA-256) → 32 bytes, in a GBytes. */
  GHashTable *keys;
  guint threshold;
  char *application_id;
  gsize max_size;
  GPtrArray *resource_prefixes;
};

enum {
  PROP_0,
  PROP_THRESHOLD,
  PROP_APPLICATION_ID,
  PROP_MAX_SIZE,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingPatchTrust, healing_patch_trust, G_TYPE_OBJECT)

static void
healing_patch_trust_finalize (GObject *object)
{
  HealingPatchTrust *self = HEALING_PATCH_TRUST (object);

  g_hash_table_unref (self->keys);
  g_free (self->application_id);
  g_ptr_array_unref (self->resource_prefixes);

  G_OBJECT_CLASS (healing_patch_trust_parent_class)->finalize (object);
}

static void
healing_patch_trust_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HealingPatchTrust *self = HEALING_PATCH_TRUST (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;
    case PROP_APPLICATION_ID:
      g_value_set_string (value, self->application_id);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_patch_trust_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HealingPatchTrust *self = HEALING_PATCH_TRUST (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      healing_patch_trust_set_threshold (self, g_value_get_uint (value));
      break;
    case PROP_APPLICATION_ID:
      healing_patch_trust_set_application_id (self, g_value_get_string (value));
      break;
    case PROP_MAX_SIZE:
      healing_patch_trust_set_max_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_patch_trust_class_init (HealingPatchTrustClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_patch_trust_finalize;
  object_class->get_property = healing_patch_trust_get_property;
  object_class->set_property = healing_patch_trust_set_property;

  /**
   * HealingPatchTrust:threshold: (getter get_threshold) (setter set_threshold)
   *
   * How many different trusted keys must have signed a bundle.
   */
  props[PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL,
                       1, HEALING_PATCH_MAX_SIGNATURES, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPatchTrust:application-id: (getter get_application_id) (setter set_application_id)
   *
   * The application patches must be for, or `NULL` for the id of the
   * default [class@Gio.Application] (or the program name).
   */
  props[PROP_APPLICATION_ID] =
    g_param_spec_string ("application-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPatchTrust:max-size: (getter get_max_size) (setter set_max_size)
   *
   * The largest bundle accepted, in bytes; larger ones are refused before
   * they are parsed.
   */
  props[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL,
                         64, G_MAXINT32, HEALING_PATCH_DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_patch_trust_init (HealingPatchTrust *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  self->threshold = 1;
  self->max_size = HEALING_PATCH_DEFAULT_MAX_SIZE;
  self->resource_prefixes = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/**
 * healing_patch_trust_new:
 *
 * Creates a trust that trusts no key yet: every bundle is refused until
 * a key is added.
 *
 * Returns: (transfer full): a new trust
 */
HealingPatchTrust *
healing_patch_trust_new (void)
{
  return g_object_new (HEALING_TYPE_PATCH_TRUST, NULL);
}

/**
 * healing_patch_trust_add_key:
 * @self: a trust
 * @public_key: an Ed25519 public key: its 32 bytes in base64
 * @error: return location for an error
 *
 * Trusts the signatures of a key (`healingctl keygen` prints one).
 *
 * Returns: whether @public_key was a valid key
 */
gboolean
healing_patch_trust_add_key (HealingPatchTrust  *self,
                             const char         *public_key,
                             GError            **error)
{
  g_autofree guint8 *raw = NULL;
  gsize length = 0;

  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), FALSE);
  g_return_val_if_fail (public_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  raw = healing_patch_base64_decode (public_key, &length);
  if (raw == NULL || length != HEALING_PATCH_KEY_SIZE)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: %d is a number of bytes */
                   _("not an Ed25519 public key: expected %d bytes in base64"),
                   HEALING_PATCH_KEY_SIZE);
      return FALSE;
    }

  g_hash_table_replace (self->keys, healing_patch_key_get_id (raw),
                        g_bytes_new (raw, length));

  return TRUE;
}

/**
 * healing_patch_trust_has_key:
 * @self: a trust
 * @keyid: the id of a key: the hex SHA-256 of its 32 bytes
 *
 * Finds out whether a key is trusted.
 *
 * Returns: whether the key of @keyid is trusted
 */
gboolean
healing_patch_trust_has_key (HealingPatchTrust *self,
                             const char        *keyid)
{
  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), FALSE);
  g_return_val_if_fail (keyid != NULL, FALSE);

  return g_hash_table_contains (self->keys, keyid);
}

/**
 * healing_patch_trust_dup_keyids:
 * @self: a trust
 *
 * Gets the ids of the trusted keys, sorted.
 *
 * Returns: (transfer full) (array zero-terminated=1): the key ids
 */
char **
healing_patch_trust_dup_keyids (HealingPatchTrust *self)
{
  GPtrArray *ids;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), NULL);

  ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_sort (ids, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (ids, NULL);

  return (char **) g_ptr_array_free (ids, FALSE);
}

const guint8 *
healing_patch_trust_lookup_key (HealingPatchTrust *self,
                                const char        *keyid)
{
  GBytes *bytes = g_hash_table_lookup (self->keys, keyid);

  return bytes != NULL ? g_bytes_get_data (bytes, NULL) : NULL;
}

guint
healing_patch_trust_get_n_keys (HealingPatchTrust *self)
{
  return g_hash_table_size (self->keys);
}

/**
 * healing_patch_trust_get_threshold: (get-property threshold)
 * @self: a trust
 *
 * Gets how many different trusted keys must have signed a bundle.
 *
 * Returns: the threshold
 */
guint
healing_patch_trust_get_threshold (HealingPatchTrust *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), 1);

  return self->threshold;
}

/**
 * healing_patch_trust_set_threshold: (set-property threshold)
 * @self: a trust
 * @threshold: the number of keys, from 1 to 16
 *
 * Sets how many different trusted keys must have signed a bundle.
 */
void
healing_patch_trust_set_threshold (HealingPatchTrust *self,
                                   guint              threshold)
{
  g_return_if_fail (HEALING_IS_PATCH_TRUST (self));
  g_return_if_fail (threshold >= 1 && threshold <= HEALING_PATCH_MAX_SIGNATURES);

  if (self->threshold == threshold)
    return;

  self->threshold = threshold;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_THRESHOLD]);
}

/**
 * healing_patch_trust_get_application_id: (get-property application-id)
 * @self: a trust
 *
 * Gets the application patches must be for.
 *
 * Returns: (nullable): the application id set, or `NULL` for the default
 */
const char *
healing_patch_trust_get_application_id (HealingPatchTrust *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), NULL);

  return self->application_id;
}

/**
 * healing_patch_trust_set_application_id: (set-property application-id)
 * @self: a trust
 * @application_id: (nullable): an application id, or `NULL` for the id of
 *   the default [class@Gio.Application]
 *
 * Sets the application patches must be for.
 */
void
healing_patch_trust_set_application_id (HealingPatchTrust *self,
                                        const char        *application_id)
{
  g_return_if_fail (HEALING_IS_PATCH_TRUST (self));

  if (g_strcmp0 (self->application_id, application_id) == 0)
    return;

  g_free (self->application_id);
  self->application_id = g_strdup (application_id);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_APPLICATION_ID]);
}

char *
healing_patch_trust_dup_effective_application_id (HealingPatchTrust *self)
{
  GApplication *application;

  if (self->application_id != NULL)
    return g_strdup (self->application_id);

  application = g_application_get_default ();
  if (application != NULL && g_application_get_application_id (application) != NULL)
    return g_strdup (g_application_get_application_id (application));

  /* The program name may be a path (GTest sets it to argv[0]). */
  if (g_get_prgname () != NULL)
    return g_path_get_basename (g_get_prgname ());

  return g_strdup ("unknown");
}

/**
 * healing_patch_trust_get_max_size: (get-property max-size)
 * @self: a trust
 *
 * Gets the largest bundle accepted, in bytes.
 *
 * Returns: the size limit
 */
gsize
healing_patch_trust_get_max_size (HealingPatchTrust *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), HEALING_PATCH_DEFAULT_MAX_SIZE);

  return self->max_size;
}

/**
 * healing_patch_trust_set_max_size: (set-property max-size)
 * @self: a trust
 * @max_size: a number of bytes, at least 64
 *
 * Sets the largest bundle accepted.
 */
void
healing_patch_trust_set_max_size (HealingPatchTrust *self,
                                  gsize              max_size)
{
  g_return_if_fail (HEALING_IS_PATCH_TRUST (self));
  g_return_if_fail (max_size >= 64 && max_size <= G_MAXINT32);

  if (self->max_size == max_size)
    return;

  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MAX_SIZE]);
}

/**
 * healing_patch_trust_add_resource_prefix:
 * @self: a trust
 * @prefix: the start of the URIs a patch may refer to, such as
 *   `resource:///org/example/App/icons/`
 *
 * Allows patches to refer to files or resources whose URI starts with
 * @prefix (in properties such as `GtkImage:resource` or
 * `GtkPicture:file`). By default a patch may refer to none.
 */
void
healing_patch_trust_add_resource_prefix (HealingPatchTrust *self,
                                         const char        *prefix)
{
  g_return_if_fail (HEALING_IS_PATCH_TRUST (self));
  g_return_if_fail (prefix != NULL && prefix[0] != '\0');

  g_ptr_array_add (self->resource_prefixes, g_strdup (prefix));
}

/**
 * healing_patch_trust_get_resource_prefixes:
 * @self: a trust
 *
 * Gets the starts of the URIs a patch may refer to.
 *
 * Returns: (transfer none) (array zero-terminated=1): the prefixes
 */
const char * const *
healing_patch_trust_get_resource_prefixes (HealingPatchTrust *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (self), NULL);

  return (const char * const *) self->resource_prefixes->pdata;
}

/* ------------------------------------------------------------------------
 * The "patch" section of a policy file
 * ------------------------------------------------------------------------ */

static gboolean
fail_at (char       **member_path,
         gboolean    *at_key,
         GError     **error,
         const char  *path,
         gboolean     key,
         int          code,
         const char  *message)
{
  *member_path = g_strdup (path);
  *at_key = key;
  g_set_error_literal (error, HEALING_POLICY_ERROR, code, message);
  return FALSE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
healing_patch_trust_load_json (HealingPatchTrust  *self,
                               JsonNode           *node,
                               char              **member_path,
                               gboolean           *at_key,
                               GError            **error)
{
  JsonObject *object;
  g_autoptr (GList) members = NULL;
  gint64 threshold = 1;
  GList *l;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_at (member_path, at_key, error, "", FALSE,
                    HEALING_POLICY_ERROR_WRONG_TYPE,
                    /* Translators: an error in a configuration file */
                    _("expected an object"));

  object = json_node_get_object (node);
  members = json_object_get_members (object);

  for (l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);

      if (g_str_equal (key, "application"))
        {
          if (!is_string (value))
            return fail_at (member_path, at_key, error, key, FALSE,
                            HEALING_POLICY_ERROR_WRONG_TYPE,
                            /* Translators: an error in a configuration file */
                            _("expected a string"));
          healing_patch_trust_set_application_id (self, json_node_get_string (value));
        }
      else if (g_str_equal (key, "keys") || g_str_equal (key, "resources"))
        {
          gboolean keys = g_str_equal (key, "keys");
          JsonArray *array;
          guint i;

          if (!JSON_NODE_HOLDS_ARRAY (value))
            return fail_at (member_path, at_key, error, key, FALSE,
                            HEALING_POLICY_ERROR_WRONG_TYPE,
                            /* Translators: an error in a configuration file */
                            _("expected an array of strings"));

          array = json_node_get_array (value);
          for (i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              g_autofree char *path = g_strdup_printf ("%s[%u]", key, i);
              g_autoptr (GError) local_error = NULL;

              if (!is_string (element))
                return fail_at (member_path, at_key, error, path, FALSE,
                                HEALING_POLICY_ERROR_WRONG_TYPE,
                                _("expected a string"));

              if (keys && !healing_patch_trust_add_key (self, json_node_get_string (element), &local_error))
                return fail_at (member_path, at_key, error, path, FALSE,
                                HEALING_POLICY_ERROR_INVALID_VALUE,
                                local_error->message);
              if (!keys)
                {
                  const char *prefix = json_node_get_string (element);

                  if (!g_str_has_prefix (prefix, "resource:///") &&
                      !g_str_has_prefix (prefix, "file:///"))
                    return fail_at (member_path, at_key, error, path, FALSE,
                                    HEALING_POLICY_ERROR_INVALID_VALUE,
                                    /* Translators: an error in a configuration
                                     * file; do not translate the URI schemes */
                                    _("expected a resource:/// or file:/// URI prefix"));
                  healing_patch_trust_add_resource_prefix (self, prefix);
                }
            }
        }
      else if (g_str_equal (key, "threshold"))
        {
          if (!is_integer (value) ||
              (threshold = json_node_get_int (value)) < 1 ||
              threshold > HEALING_PATCH_MAX_SIGNATURES)
            return fail_at (member_path, at_key, error, key, FALSE,
                            is_integer (value) ? HEALING_POLICY_ERROR_OUT_OF_RANGE
                                               : HEALING_POLICY_ERROR_WRONG_TYPE,
                            /* Translators: an error in a configuration file */
                            _("expected an integer from 1 to 16"));
          healing_patch_trust_set_threshold (self, threshold);
        }
      else if (g_str_equal (key, "max-size"))
        {
          gint64 size;

          if (!is_integer (value) || (size = json_node_get_int (value)) < 64 || size > G_MAXINT32)
            return fail_at (member_path, at_key, error, key, FALSE,
                            is_integer (value) ? HEALING_POLICY_ERROR_OUT_OF_RANGE
                                               : HEALING_POLICY_ERROR_WRONG_TYPE,
                            /* Translators: an error in a configuration file */
                            _("expected a number of bytes from 64 to 2147483647"));
          healing_patch_trust_set_max_size (self, size);
        }
      else
        {
          g_autofree char *message =
            /* Translators: an error in a configuration file; %s is a list of keys */
            g_strdup_printf (_("unknown key; expected one of: %s"),
                             "application, keys, threshold, max-size, resources");

          return fail_at (member_path, at_key, error, key, TRUE,
                          HEALING_POLICY_ERROR_UNKNOWN_KEY, message);
        }
    }

  if (self->threshold > g_hash_table_size (self->keys) && g_hash_table_size (self->keys) > 0)
    return fail_at (member_path, at_key, error, "threshold", FALSE,
                    HEALING_POLICY_ERROR_OUT_OF_RANGE,
                    /* Translators: an error in a configuration file */
                    _("the threshold is larger than the number of keys"));

  return TRUE;
}
