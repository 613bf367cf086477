/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "healing-patch-bundle.h"
#include "healing-patch-trust.h"

G_BEGIN_DECLS

/* A number for a translated message: xgettext cannot see through
 * G_GUINT64_FORMAT, so messages take it as %s. The buffer lives until the
 * end of the full expression: healing_patch_num (v).s */
typedef struct { char s[24]; } HealingPatchNum;

static inline HealingPatchNum
healing_patch_num (guint64 value)
{
  HealingPatchNum num;

  g_snprintf (num.s, sizeof num.s, "%" G_GUINT64_FORMAT, value);
  return num;
}

/* Ed25519 sizes (nettle's ED25519_KEY_SIZE and ED25519_SIGNATURE_SIZE). */
#define HEALING_PATCH_KEY_SIZE 32
#define HEALING_PATCH_SIGNATURE_SIZE 64

/* Limits of the JSON of an envelope and of its payload. */
#define HEALING_PATCH_MAX_DEPTH 16
#define HEALING_PATCH_MAX_VALUES 4096
#define HEALING_PATCH_MAX_SIGNATURES 16

/* ---- Keys and signatures (healing-patch-bundle.c) ---------------------- */

/* A new Ed25519 secret key (the 32-byte seed) from getrandom (). */
gboolean  healing_patch_key_generate      (guint8        seed[HEALING_PATCH_KEY_SIZE],
                                           GError      **error);
void      healing_patch_key_get_public    (const guint8  seed[HEALING_PATCH_KEY_SIZE],
                                           guint8        public_key[HEALING_PATCH_KEY_SIZE]);
/* The id of a public key: the lower-case hex SHA-256 of its 32 bytes. */
char     *healing_patch_key_get_id        (const guint8  public_key[HEALING_PATCH_KEY_SIZE]);

/* Writes and reads a secret key file: JSON with "keyid", "public" and
 * "secret" (base64), mode 0600, written atomically. */
gboolean  healing_patch_key_save          (const guint8  seed[HEALING_PATCH_KEY_SIZE],
                                           const char   *path,
                                           GError      **error);
gboolean  healing_patch_key_load          (const char   *path,
                                           guint8        seed[HEALING_PATCH_KEY_SIZE],
                                           GError      **error);

/* Strict base64: the standard alphabet, padded, nothing else. */
guint8   *healing_patch_base64_decode     (const char   *text,
                                           gsize        *length);

/* DSSE's pre-authentication encoding:
 * "DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload. */
GBytes   *healing_patch_pae               (const char   *payload_type,
                                           const guint8 *payload,
                                           gsize         length);

/* The signed payload of a bundle. @css, @state and @root_id may be NULL. */
GBytes   *healing_patch_payload_new       (const char   *application_id,
                                           const char   *component_id,
                                           guint64       version,
                                           gint64        expires,
                                           const char   *ui,
                                           const char   *css,
                                           JsonNode     *state,
                                           const char   *root_id);

/* An envelope of @payload signed with each of @n_seeds secret keys. */
GBytes   *healing_patch_envelope_sign     (GBytes       *payload,
                                           const char   *payload_type,
                                           const guint8 (*seeds)[HEALING_PATCH_KEY_SIZE],
                                           guint         n_seeds);

/* Checks the shape of a JSON text before json-glib builds a tree of it:
 * nesting depth and number of values. Errors are OVERSIZED or MALFORMED,
 * prefixed with "@source:LINE:COLUMN: ". */
gboolean  healing_patch_check_json        (const char   *text,
                                           gsize         length,
                                           const char   *source,
                                           GError      **error);

void      healing_patch_bundle_set_source (HealingPatchBundle *self,
                                           const char         *source);
void      healing_patch_bundle_attach     (HealingPatchBundle *self,
                                           GtkWidget          *widget);

/* ---- Trust (healing-patch-trust.c) ------------------------------------- */

/* The 32 bytes of a trusted key, or NULL. */
const guint8 *healing_patch_trust_lookup_key (HealingPatchTrust *self,
                                              const char        *keyid);
guint         healing_patch_trust_get_n_keys (HealingPatchTrust *self);
/* The application id patches must name: the one set, else the default
 * GApplication's, else the program name. */
char         *healing_patch_trust_dup_effective_application_id (HealingPatchTrust *self);

/* Loads the "patch" section of a policy file. On error, @error is in the
 * HEALING_POLICY_ERROR domain with a bare message, and *@member_path is
 * the path of the offending value below the section ("keys[1]", "" for
 * the section itself); *@at_key says whether the key rather than the
 * value is at fault. */
gboolean      healing_patch_trust_load_json  (HealingPatchTrust  *self,
                                              JsonNode           *node,
                                              char              **member_path,
                                              gboolean           *at_key,
                                              GError            **error);

/* ---- What happened last to each component (healing-patch-store.c) ----- */

typedef enum {
  HEALING_PATCH_STATUS_TRIAL,
  HEALING_PATCH_STATUS_KEPT,
  HEALING_PATCH_STATUS_ROLLED_BACK,
  HEALING_PATCH_STATUS_REFUSED,
} HealingPatchStatusKind;

/* The last patch event of a component, in any store of the process; the
 * strings are owned by the registry and valid until the next event. */
gboolean      healing_patch_status_lookup   (const char              *component_id,
                                             HealingPatchStatusKind  *kind,
                                             guint64                 *version,
                                             const char             **source,
                                             const char             **message);

G_END_DECLS
