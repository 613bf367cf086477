/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <nettle/eddsa.h>

#include "healing-patch-bundle.h"
#include "healing-patch-private.h"
#include "healing-json-locate-private.h"

G_STATIC_ASSERT (HEALING_PATCH_KEY_SIZE == ED25519_KEY_SIZE);
G_STATIC_ASSERT (HEALING_PATCH_SIGNATURE_SIZE == ED25519_SIGNATURE_SIZE);

/**
 * HealingPatchBundle:
 *
 * A hot patch whose signatures have been verified.
 *
 * A patch bundle carries a replacement for one component of one
 * application: the widget as GtkBuilder XML, optionally CSS for it and the
 * initial values of some of its properties. It is a JSON envelope in the
 * style of DSSE (Dead Simple Signing Envelope):
 *
 * ```json
 * {
 *   "payloadType": "application/vnd.libhealing.patch+json",
 *   "payload": "<base64 of the payload>",
 *   "signatures": [ { "keyid": "<hex SHA-256 of the key>", "sig": "<base64>" } ]
 * }
 * ```
 *
 * Each signature is an Ed25519 signature of the pre-authentication
 * encoding of the type and the payload bytes,
 * `DSSEv1 <len(type)> <type> <len(payload)> <payload>`: the exact bytes are
 * signed, so no canonical form of JSON is needed, and a signature cannot
 * be moved to a payload of another type. The payload, parsed only once
 * its signatures verify, is a JSON object:
 *
 * ```json
 * {
 *   "application": "org.example.App",
 *   "component": "StockTicker",
 *   "version": 3,
 *   "expires": 1798761600,
 *   "ui": "<interface>…</interface>",
 *   "css": "label.price { color: green; }",
 *   "state": { "price": { "label": "—" } },
 *   "root": "ticker"
 * }
 * ```
 *
 * `version` must grow with each patch of a component ([class@PatchStore]
 * refuses one that is not newer than what it applied), `expires` is a Unix
 * time after which the bundle is refused, `root` the id of the object to
 * put in place (by default the first object of the XML), `state` sets
 * properties of objects of the XML by id once they are built.
 *
 * [ctor@PatchBundle.new_from_bytes] refuses, with an error of the
 * [error@Healing.PatchError] domain, a bundle that is oversized,
 * malformed, unsigned, not signed by enough trusted keys, tampered with,
 * expired or for another application. What the XML may contain is checked
 * when it is built, by [class@PatchStore].
 */
struct _HealingPatchBundle
{
  GObject parent_instance;

  GBytes *bytes;
  char *source;
  char *application_id;
  char *component_id;
  guint64 version;
  gint64 expires;
  char *ui;
  char *css;
  JsonNode *state;
  char *root_id;
  GStrv signers;
};

G_DEFINE_FINAL_TYPE (HealingPatchBundle, healing_patch_bundle, G_TYPE_OBJECT)

G_DEFINE_QUARK (healing-patch-error-quark, healing_patch_error)

static void
healing_patch_bundle_finalize (GObject *object)
{
  HealingPatchBundle *self = HEALING_PATCH_BUNDLE (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->source);
  g_free (self->application_id);
  g_free (self->component_id);
  g_free (self->ui);
  g_free (self->css);
  g_clear_pointer (&self->state, json_node_unref);
  g_free (self->root_id);
  g_strfreev (self->signers);

  G_OBJECT_CLASS (healing_patch_bundle_parent_class)->finalize (object);
}

static void
healing_patch_bundle_class_init (HealingPatchBundleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_patch_bundle_finalize;
}

static void
healing_patch_bundle_init (HealingPatchBundle *self)
{
}

/* ------------------------------------------------------------------------
 * Encodings
 * ------------------------------------------------------------------------ */

guint8 *
healing_patch_base64_decode (const char *text,
                             gsize      *length)
{
  gsize n = strlen (text), i, padding = 0;

  /* g_base64_decode () skips what is not base64: be strict first. */
  if (n == 0 || n % 4 != 0)
    return NULL;

  for (i = 0; i < n; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < n - 2)
            return NULL;
          padding++;
        }
      else if (padding > 0 ||
               !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }

  return g_base64_decode (text, length);
}

GBytes *
healing_patch_pae (const char   *payload_type,
                   const guint8 *payload,
                   gsize         length)
{
  GByteArray *array = g_byte_array_new ();
  g_autofree char *head = g_strdup_printf ("DSSEv1 %" G_GSIZE_FORMAT " %s %" G_GSIZE_FORMAT " ",
                                           strlen (payload_type), payload_type, length);

  g_byte_array_append (array, (const guint8 *) head, strlen (head));
  g_byte_array_append (array, payload, length);

  return g_byte_array_free_to_bytes (array);
}

/* ------------------------------------------------------------------------
 * Keys
 * ------------------------------------------------------------------------ */

gboolean
healing_patch_key_generate (guint8   seed[HEALING_PATCH_KEY_SIZE],
                            GError **error)
{
  gsize done = 0;

  while (done < HEALING_PATCH_KEY_SIZE)
    {
      ssize_t n = getrandom (seed + done, HEALING_PATCH_KEY_SIZE - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       /* Translators: %s is a system message */
                       _("Could not get random bytes for a key: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      done += n;
    }

  return TRUE;
}

void
healing_patch_key_get_public (const guint8 seed[HEALING_PATCH_KEY_SIZE],
                              guint8       public_key[HEALING_PATCH_KEY_SIZE])
{
  ed25519_sha512_public_key (public_key, seed);
}

char *
healing_patch_key_get_id (const guint8 public_key[HEALING_PATCH_KEY_SIZE])
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, public_key, HEALING_PATCH_KEY_SIZE);
}

gboolean
healing_patch_key_save (const guint8  seed[HEALING_PATCH_KEY_SIZE],
                        const char   *path,
                        GError      **error)
{
  guint8 public_key[HEALING_PATCH_KEY_SIZE];
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *keyid = NULL;
  g_autofree char *public_b64 = NULL;
  g_autofree char *secret_b64 = NULL;
  g_autofree char *text = NULL;

  healing_patch_key_get_public (seed, public_key);
  keyid = healing_patch_key_get_id (public_key);
  public_b64 = g_base64_encode (public_key, sizeof public_key);
  secret_b64 = g_base64_encode (seed, HEALING_PATCH_KEY_SIZE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "keyid");
  json_builder_add_string_value (builder, keyid);
  json_builder_set_member_name (builder, "public");
  json_builder_add_string_value (builder, public_b64);
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, secret_b64);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  memset (secret_b64, 0, strlen (secret_b64));

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

gboolean
healing_patch_key_load (const char  *path,
                        guint8       seed[HEALING_PATCH_KEY_SIZE],
                        GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree guint8 *raw = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *display = g_filename_display_name (path);
  gsize length = 0;
  JsonNode *root;
  JsonObject *object;
  const char *secret;

  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;

  if (length > 4096 || !json_parser_load_from_data (parser, text, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (object = json_node_get_object (root)) == NULL ||
      (secret = json_object_get_string_member_with_default (object, "secret", NULL)) == NULL ||
      (raw = healing_patch_base64_decode (secret, &length)) == NULL ||
      length != HEALING_PATCH_KEY_SIZE)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: %s is a file name */
                   _("%s is not a secret key file"), display);
      return FALSE;
    }

  memcpy (seed, raw, HEALING_PATCH_KEY_SIZE);
  memset (raw, 0, length);

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Signing
 * ------------------------------------------------------------------------ */

GBytes *
healing_patch_payload_new (const char *application_id,
                           const char *component_id,
                           guint64     version,
                           gint64      expires,
                           const char *ui,
                           const char *css,
                           JsonNode   *state,
                           const char *root_id)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  char *text;

  g_return_val_if_fail (version <= G_MAXINT64, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "application");
  json_builder_add_string_value (builder, application_id);
  json_builder_set_member_name (builder, "component");
  json_builder_add_string_value (builder, component_id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, (gint64) version);
  json_builder_set_member_name (builder, "expires");
  json_builder_add_int_value (builder, expires);
  json_builder_set_member_name (builder, "ui");
  json_builder_add_string_value (builder, ui);
  if (css != NULL)
    {
      json_builder_set_member_name (builder, "css");
      json_builder_add_string_value (builder, css);
    }
  if (state != NULL)
    {
      json_builder_set_member_name (builder, "state");
      json_builder_add_value (builder, json_node_copy (state));
    }
  if (root_id != NULL)
    {
      json_builder_set_member_name (builder, "root");
      json_builder_add_string_value (builder, root_id);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

GBytes *
healing_patch_envelope_sign (GBytes       *payload,
                             const char   *payload_type,
                             const guint8 (*seeds)[HEALING_PATCH_KEY_SIZE],
                             guint         n_seeds)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) pae = NULL;
  g_autofree char *payload_b64 = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (payload, &length);
  char *text;
  guint i;

  pae = healing_patch_pae (payload_type, data, length);
  payload_b64 = g_base64_encode (data, length);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payloadType");
  json_builder_add_string_value (builder, payload_type);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload_b64);
  json_builder_set_member_name (builder, "signatures");
  json_builder_begin_array (builder);

  for (i = 0; i < n_seeds; i++)
    {
      guint8 public_key[HEALING_PATCH_KEY_SIZE];
      guint8 signature[HEALING_PATCH_SIGNATURE_SIZE];
      g_autofree char *keyid = NULL;
      g_autofree char *sig_b64 = NULL;

      healing_patch_key_get_public (seeds[i], public_key);
      ed25519_sha512_sign (public_key, seeds[i],
                           g_bytes_get_size (pae), g_bytes_get_data (pae, NULL),
                           signature);
      keyid = healing_patch_key_get_id (public_key);
      sig_b64 = g_base64_encode (signature, sizeof signature);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "keyid");
      json_builder_add_string_value (builder, keyid);
      json_builder_set_member_name (builder, "sig");
      json_builder_add_string_value (builder, sig_b64);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);

  return g_bytes_new_take (text, strlen (text));
}

/* ------------------------------------------------------------------------
 * Parsing with limits
 * ------------------------------------------------------------------------ */

gboolean
healing_patch_check_json (const char  *text,
                          gsize        length,
                          const char  *source,
                          GError     **error)
{
  guint line = 1, column = 1, depth = 0, values = 1;
  gboolean in_string = FALSE, escaped = FALSE;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '\0')
        {
          g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                       /* Translators: an error in a patch; %s is where it
                        * comes from, %u:%u a line and a column */
                       _("%s:%u:%u: a NUL byte"), source, line, column);
          return FALSE;
        }

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > HEALING_PATCH_MAX_DEPTH)
            {
              g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                           /* Translators: an error in a patch; %s is where
                            * it comes from, %u:%u a line and a column, %d
                            * the limit */
                           _("%s:%u:%u: nested more than %d levels deep"),
                           source, line, column, HEALING_PATCH_MAX_DEPTH);
              return FALSE;
            }
          values++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth > 0)
            depth--;
        }
      else if (c == ',' || c == ':')
        {
          values++;
        }

      if (values > HEALING_PATCH_MAX_VALUES)
        {
          g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                       /* Translators: an error in a patch; %s is where it
                        * comes from, %u:%u a line and a column, %d the limit */
                       _("%s:%u:%u: more than %d values"),
                       source, line, column, HEALING_PATCH_MAX_VALUES);
          return FALSE;
        }

      if (c == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) c & 0xc0) != 0x80)
        {
          column++;
        }
    }

  return TRUE;
}

/* Parses a JSON text into an object, refusing duplicate members (which
 * json-glib would silently merge). */
static JsonNode *
parse_object (const char  *text,
              gsize        length,
              const char  *source,
              GError     **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (HealingJsonLocator) locator = NULL;
  HealingJsonLocation location;
  const char *duplicate;
  JsonNode *root;

  if (!healing_patch_check_json (text, length, source, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   "%s:%s", source, message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: an error in a patch; %s is where it comes from */
                   _("%s:1:1: expected a JSON object"), source);
      return NULL;
    }

  locator = healing_json_locator_new (text, length);
  duplicate = healing_json_locator_get_duplicate (locator, &location);
  if (duplicate != NULL)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: an error in a patch; %s are where it comes
                    * from and a key path, %u:%u a line and a column */
                   _("%s:%u:%u: %s: the same key appears twice"),
                   source, location.key_line, location.key_column, duplicate);
      return NULL;
    }

  return json_node_ref (root);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
only_members (JsonObject         *object,
              const char * const *allowed,
              const char         *source,
              const char         *what,
              GError            **error)
{
  g_autoptr (GList) members = json_object_get_members (object);
  GList *l;

  for (l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) allowed);

        g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                     /* Translators: an error in a patch; %s are where it
                      * comes from, the part of the patch ("envelope",
                      * "payload", "signature"), a key and a list of keys */
                     _("%s: %s: unknown key “%s”; expected one of: %s"),
                     source, what, (const char *) l->data, known);
        return FALSE;
      }

  return TRUE;
}

static gboolean
missing (const char  *source,
         const char  *what,
         const char  *member,
         const char  *expected,
         GError     **error)
{
  g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
               /* Translators: an error in a patch; %s are where it comes
                * from, the part of the patch, a key and the kind of value
                * expected ("a string") */
               _("%s: %s: “%s” must be %s"),
               source, what, member, expected);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * Verification
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint verified;
  guint damaged;
  guint failed;
  guint unknown;
  char *failed_keyid;
  GPtrArray *signers;
} Tally;

static gboolean
check_signatures (JsonArray          *signatures,
                  const char         *payload_type,
                  const guint8       *payload,
                  gsize               payload_length,
                  HealingPatchTrust  *trust,
                  const char         *source,
                  Tally              *tally,
                  GError            **error)
{
  static const char * const signature_members[] = { "keyid", "sig", NULL };
  g_autoptr (GBytes) pae = healing_patch_pae (payload_type, payload, payload_length);
  guint i, n = json_array_get_length (signatures);

  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (signatures, i);
      g_autofree char *what = g_strdup_printf ("signatures[%u]", i);
      g_autofree guint8 *sig = NULL;
      JsonObject *object;
      const char *keyid, *sig_b64;
      const guint8 *key;
      gsize sig_length = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return missing (source, "envelope", what, _("an object"), error);

      object = json_node_get_object (node);
      if (!only_members (object, signature_members, source, what, error))
        return FALSE;
      if ((keyid = get_string (object, "keyid")) == NULL)
        return missing (source, what, "keyid", _("a string"), error);
      if ((sig_b64 = get_string (object, "sig")) == NULL)
        return missing (source, what, "sig", _("a string"), error);

      key = healing_patch_trust_lookup_key (trust, keyid);
      if (key == NULL)
        {
          tally->unknown++;
          continue;
        }

      /* Each key counts once towards the threshold. */
      if (g_ptr_array_find_with_equal_func (tally->signers, keyid, g_str_equal, NULL))
        continue;

      sig = healing_patch_base64_decode (sig_b64, &sig_length);
      if (sig == NULL || sig_length != HEALING_PATCH_SIGNATURE_SIZE)
        {
          tally->damaged++;
          if (tally->failed_keyid == NULL)
            tally->failed_keyid = g_strdup (keyid);
          continue;
        }

      if (ed25519_sha512_verify (key, g_bytes_get_size (pae), g_bytes_get_data (pae, NULL), sig))
        {
          tally->verified++;
          g_ptr_array_add (tally->signers, g_strdup (keyid));
        }
      else
        {
          tally->failed++;
          if (tally->failed_keyid == NULL)
            tally->failed_keyid = g_strdup (keyid);
        }
    }

  return TRUE;
}

static gboolean
judge_signatures (Tally              *tally,
                  HealingPatchTrust  *trust,
                  const char         *source,
                  GError            **error)
{
  guint threshold = healing_patch_trust_get_threshold (trust);

  if (tally->verified >= threshold)
    return TRUE;

  if (tally->damaged > 0)
    g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_BAD_SIGNATURE,
                 /* Translators: an error in a patch; %s are where it comes
                  * from and the id of a key */
                 _("%s: the signature by key %s is damaged: it is not an Ed25519 signature in base64"),
                 source, tally->failed_keyid);
  else if (tally->failed > 0)
    g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_TAMPERED,
                 /* Translators: an error in a patch; %s are where it comes
                  * from and the id of a key */
                 _("%s: the signature by key %s does not match: the patch was changed after it was signed, or not signed by that key"),
                 source, tally->failed_keyid);
  else if (tally->verified == 0)
    g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_UNKNOWN_KEY,
                 /* Translators: an error in a patch; %s is where it comes
                  * from, %u a number of signatures */
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s: its %u signature is by a key this application does not trust",
                              "%s: none of its %u signatures is by a key this application trusts",
                              tally->unknown),
                 source, tally->unknown);
  else
    g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_THRESHOLD,
                 /* Translators: an error in a patch; %s is where it comes
                  * from, %u numbers of keys */
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s: signed by %u trusted key, but %u are required",
                              "%s: signed by %u trusted keys, but %u are required",
                              tally->verified),
                 source, tally->verified, threshold);

  return FALSE;
}

static gboolean
read_payload (HealingPatchBundle  *self,
              JsonObject          *object,
              const char          *source,
              GError             **error)
{
  static const char * const payload_members[] = {
    "application", "component", "version", "expires", "ui", "css", "state", "root", NULL
  };
  const char *s;
  gint64 version, expires;
  JsonNode *state;

  if (!only_members (object, payload_members, source, "payload", error))
    return FALSE;

  if ((s = get_string (object, "application")) == NULL || s[0] == '\0')
    return missing (source, "payload", "application", _("a non-empty string"), error);
  self->application_id = g_strdup (s);

  if ((s = get_string (object, "component")) == NULL || s[0] == '\0')
    return missing (source, "payload", "component", _("a non-empty string"), error);
  self->component_id = g_strdup (s);

  if (!get_int (object, "version", &version) || version < 1)
    return missing (source, "payload", "version", _("a positive integer"), error);
  self->version = version;

  if (!get_int (object, "expires", &expires))
    return missing (source, "payload", "expires", _("an integer (a Unix time)"), error);
  self->expires = expires;

  if ((s = get_string (object, "ui")) == NULL)
    return missing (source, "payload", "ui", _("a string"), error);
  self->ui = g_strdup (s);

  if (json_object_has_member (object, "css"))
    {
      if ((s = get_string (object, "css")) == NULL)
        return missing (source, "payload", "css", _("a string"), error);
      self->css = g_strdup (s);
    }

  if (json_object_has_member (object, "root"))
    {
      if ((s = get_string (object, "root")) == NULL || s[0] == '\0')
        return missing (source, "payload", "root", _("a non-empty string"), error);
      self->root_id = g_strdup (s);
    }

  state = json_object_get_member (object, "state");
  if (state != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (state))
        return missing (source, "payload", "state", _("an object"), error);
      self->state = json_node_copy (state);
    }

  return TRUE;
}

/**
 * healing_patch_bundle_new_from_bytes:
 * @data: a bundle: a JSON envelope
 * @trust: the keys to trust, the application and the limits
 * @source: (nullable): where the bundle comes from, for messages and for
 *   [method@PatchBundle.get_source]: a file name, a URL, `D-Bus`
 * @error: return location for an error
 *
 * Verifies a patch bundle and reads it.
 *
 * Checks, in this order, that @data is not larger than
 * [property@PatchTrust:max-size], that the envelope is well formed, that
 * it is signed by at least [property@PatchTrust:threshold] of the keys of
 * @trust, and only then reads the signed payload and checks that it is for
 * the application of @trust and has not expired.
 *
 * Returns: (transfer full): the bundle, or `NULL` with @error set in the
 *   [error@Healing.PatchError] domain
 */
HealingPatchBundle *
healing_patch_bundle_new_from_bytes (GBytes             *data,
                                     HealingPatchTrust  *trust,
                                     const char         *source,
                                     GError            **error)
{
  static const char * const envelope_members[] = { "payloadType", "payload", "signatures", NULL };
  g_autoptr (HealingPatchBundle) self = NULL;
  g_autoptr (JsonNode) envelope = NULL;
  g_autoptr (JsonNode) payload_root = NULL;
  g_autofree guint8 *payload = NULL;
  g_autofree char *expected_app = NULL;
  g_autofree char *payload_source = NULL;
  Tally tally = { 0, };
  const char *text, *payload_type, *payload_b64;
  JsonObject *object;
  JsonNode *signatures;
  gsize length, payload_length = 0;
  gint64 now;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (HEALING_IS_PATCH_TRUST (trust), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source == NULL)
    source = "<data>";

  text = g_bytes_get_data (data, &length);

  if (length > healing_patch_trust_get_max_size (trust))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                   /* Translators: an error in a patch; %s is where it comes
                    * from, then two sizes in bytes */
                   _("%s: %s bytes, more than the limit of %s"),
                   source, healing_patch_num (length).s,
                   healing_patch_num (healing_patch_trust_get_max_size (trust)).s);
      return NULL;
    }

  if (length == 0 || text == NULL)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: an error in a patch; %s is where it comes from */
                   _("%s: empty"), source);
      return NULL;
    }

  envelope = parse_object (text, length, source, error);
  if (envelope == NULL)
    return NULL;

  object = json_node_get_object (envelope);
  if (!only_members (object, envelope_members, source, "envelope", error))
    return NULL;

  if ((payload_type = get_string (object, "payloadType")) == NULL)
    {
      missing (source, "envelope", "payloadType", _("a string"), error);
      return NULL;
    }
  if (!g_str_equal (payload_type, HEALING_PATCH_PAYLOAD_TYPE))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: an error in a patch; %s are where it comes
                    * from and two types */
                   _("%s: the payload type is “%s”, not “%s”"),
                   source, payload_type, HEALING_PATCH_PAYLOAD_TYPE);
      return NULL;
    }

  if ((payload_b64 = get_string (object, "payload")) == NULL ||
      (payload = healing_patch_base64_decode (payload_b64, &payload_length)) == NULL)
    {
      missing (source, "envelope", "payload", _("a string in base64"), error);
      return NULL;
    }

  signatures = json_object_get_member (object, "signatures");
  if (signatures == NULL ||
      (JSON_NODE_HOLDS_ARRAY (signatures) &&
       json_array_get_length (json_node_get_array (signatures)) == 0))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_UNSIGNED,
                   /* Translators: an error in a patch; %s is where it comes from */
                   _("%s: the patch is not signed"), source);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (signatures))
    {
      missing (source, "envelope", "signatures", _("an array"), error);
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (signatures)) > HEALING_PATCH_MAX_SIGNATURES)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                   /* Translators: an error in a patch; %s is where it comes
                    * from, %d a number */
                   _("%s: more than %d signatures"), source, HEALING_PATCH_MAX_SIGNATURES);
      return NULL;
    }

  tally.signers = g_ptr_array_new_with_free_func (g_free);
  ok = check_signatures (json_node_get_array (signatures), payload_type,
                         payload, payload_length, trust, source, &tally, error) &&
       judge_signatures (&tally, trust, source, error);
  g_free (tally.failed_keyid);
  if (!ok)
    {
      g_ptr_array_unref (tally.signers);
      return NULL;
    }

  self = g_object_new (HEALING_TYPE_PATCH_BUNDLE, NULL);
  g_ptr_array_sort (tally.signers, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (tally.signers, NULL);
  self->signers = (GStrv) g_ptr_array_free (tally.signers, FALSE);
  self->bytes = g_bytes_ref (data);
  self->source = g_strdup (source);

  /* Signed by the keys we trust: only now is the payload parsed. */
  payload_source = g_strdup_printf ("%s (payload)", source);
  payload_root = parse_object ((const char *) payload, payload_length, payload_source, error);
  if (payload_root == NULL ||
      !read_payload (self, json_node_get_object (payload_root), source, error))
    return NULL;

  expected_app = healing_patch_trust_dup_effective_application_id (trust);
  if (!g_str_equal (expected_app, self->application_id))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_WRONG_APPLICATION,
                   /* Translators: an error in a patch; %s are where it comes
                    * from and two application ids */
                   _("%s: the patch is for the application “%s”, not “%s”"),
                   source, self->application_id, expected_app);
      return NULL;
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  if (self->expires <= now)
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (self->expires);
      g_autofree char *formatted = when != NULL ? g_date_time_format_iso8601 (when)
                                                : g_strdup_printf ("%" G_GINT64_FORMAT, self->expires);

      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_EXPIRED,
                   /* Translators: an error in a patch; %s are where it comes
                    * from, a component id, a version and a date */
                   _("%s: version %s of “%s” expired at %s"),
                   source, healing_patch_num (self->version).s, self->component_id, formatted);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * healing_patch_bundle_get_application_id:
 * @self: a bundle
 *
 * Gets the application the patch is for.
 *
 * Returns: the application id
 */
const char *
healing_patch_bundle_get_application_id (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->application_id;
}

/**
 * healing_patch_bundle_get_component_id:
 * @self: a bundle
 *
 * Gets the component the patch replaces, as in
 * [property@Container:component-id].
 *
 * Returns: the component id
 */
const char *
healing_patch_bundle_get_component_id (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->component_id;
}

/**
 * healing_patch_bundle_get_version:
 * @self: a bundle
 *
 * Gets the version of the patch, which grows with each patch of a
 * component.
 *
 * Returns: the version, at least 1
 */
guint64
healing_patch_bundle_get_version (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), 0);

  return self->version;
}

/**
 * healing_patch_bundle_get_expires:
 * @self: a bundle
 *
 * Gets when the patch expires.
 *
 * Returns: a Unix time, in seconds
 */
gint64
healing_patch_bundle_get_expires (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), 0);

  return self->expires;
}

/**
 * healing_patch_bundle_get_ui:
 * @self: a bundle
 *
 * Gets the replacement widget, as GtkBuilder XML.
 *
 * Returns: the XML
 */
const char *
healing_patch_bundle_get_ui (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->ui;
}

/**
 * healing_patch_bundle_get_css:
 * @self: a bundle
 *
 * Gets the CSS of the replacement widget.
 *
 * Returns: (nullable): the CSS, or `NULL`
 */
const char *
healing_patch_bundle_get_css (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->css;
}

/**
 * healing_patch_bundle_get_state:
 * @self: a bundle
 *
 * Gets the initial property values of the replacement: an object whose
 * members are object ids of the XML, each an object of property names and
 * values.
 *
 * Returns: (nullable) (transfer none): the state, or `NULL`
 */
JsonNode *
healing_patch_bundle_get_state (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->state;
}

/**
 * healing_patch_bundle_get_root_id:
 * @self: a bundle
 *
 * Gets the id of the object of the XML that replaces the component.
 *
 * Returns: (nullable): the id, or `NULL` for the first object
 */
const char *
healing_patch_bundle_get_root_id (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->root_id;
}

/**
 * healing_patch_bundle_get_source:
 * @self: a bundle
 *
 * Gets where the bundle came from: a file name, a URL, `D-Bus`.
 *
 * Returns: the source
 */
const char *
healing_patch_bundle_get_source (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->source;
}

void
healing_patch_bundle_set_source (HealingPatchBundle *self,
                                 const char         *source)
{
  g_free (self->source);
  self->source = g_strdup (source);
}

/**
 * healing_patch_bundle_get_signers:
 * @self: a bundle
 *
 * Gets the ids of the trusted keys whose signatures verified.
 *
 * Returns: (transfer none) (array zero-terminated=1): the key ids, sorted
 */
const char * const *
healing_patch_bundle_get_signers (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return (const char * const *) self->signers;
}

/**
 * healing_patch_bundle_get_bytes:
 * @self: a bundle
 *
 * Gets the bundle as it was received, signatures included.
 *
 * Returns: (transfer none): the envelope
 */
GBytes *
healing_patch_bundle_get_bytes (HealingPatchBundle *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_BUNDLE (self), NULL);

  return self->bytes;
}

static GQuark
widget_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("healing-patch-bundle");
  return quark;
}

void
healing_patch_bundle_attach (HealingPatchBundle *self,
                             GtkWidget          *widget)
{
  g_object_set_qdata_full (G_OBJECT (widget), widget_quark (),
                           g_object_ref (self), g_object_unref);
}

/**
 * healing_patch_bundle_get_for_widget:
 * @widget: a widget
 *
 * Gets the bundle a widget was built from, if it is the replacement a hot
 * patch put in place: in a handler of [signal@Container::patched], the
 * new child tells which version came from where.
 *
 * Returns: (nullable) (transfer none): the bundle, or `NULL`
 */
HealingPatchBundle *
healing_patch_bundle_get_for_widget (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), widget_quark ());
}
