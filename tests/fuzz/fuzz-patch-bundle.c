/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A libFuzzer target for the hot-patch parsers (see meson.build here for
 * how it also runs as a test over its seed corpus).
 *
 * The first byte of the input chooses what the rest is:
 *   0: a bundle envelope, verified as received;
 *   1: a payload, signed here with the harness's key and then verified, so
 *      that the payload parser behind the signature check is reached;
 *   2: GtkBuilder XML, pre-scanned by the restricted builder (nothing is
 *      built). */

#include "config.h"

#include <string.h>

#include <healing.h>

#include "healing-fuzz.h"

#include "healing-patch-builder-private.h"
#include "healing-patch-private.h"

static HealingPatchTrust *trust;
static guint8 seed[HEALING_PATCH_KEY_SIZE];

static void
init (void)
{
  guint8 public_key[HEALING_PATCH_KEY_SIZE];
  g_autofree char *b64 = NULL;

  if (trust != NULL)
    return;

  memset (seed, 0x42, sizeof seed);
  healing_patch_key_get_public (seed, public_key);
  b64 = g_base64_encode (public_key, sizeof public_key);

  trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (trust, "fuzz");
  healing_patch_trust_set_max_size (trust, 64 * 1024);
  healing_patch_trust_add_resource_prefix (trust, "resource:///org/example/fuzz/");
  g_assert_true (healing_patch_trust_add_key (trust, b64, NULL));
}

static void
verify (GBytes *envelope)
{
  g_autoptr (HealingPatchBundle) bundle = NULL;
  g_autoptr (GError) error = NULL;

  bundle = healing_patch_bundle_new_from_bytes (envelope, trust, "fuzz", &error);
  g_assert_true ((bundle == NULL) == (error != NULL));
  if (error != NULL)
    {
      g_assert_true (error->domain == HEALING_PATCH_ERROR);
      g_assert_nonnull (error->message);
      return;
    }

  g_assert_cmpuint (healing_patch_bundle_get_version (bundle), >=, 1);
  g_assert_nonnull (healing_patch_bundle_get_ui (bundle));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  HealingPatchAllow allow = { NULL, NULL, NULL, NULL };
  g_autoptr (GBytes) rest = NULL;

  init ();
  allow.resource_prefixes = healing_patch_trust_get_resource_prefixes (trust);

  if (size < 1 || size > 64 * 1024)
    return 0;

  rest = g_bytes_new (data + 1, size - 1);

  switch (data[0] % 3)
    {
    case 0:
      verify (rest);
      break;

    case 1:
      {
        g_autoptr (GBytes) envelope =
          healing_patch_envelope_sign (rest, HEALING_PATCH_PAYLOAD_TYPE,
                                       (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) seed, 1);

        verify (envelope);
      }
      break;

    default:
      {
        g_autofree char *ui = g_strndup ((const char *) data + 1, size - 1);
        g_autofree char *root = NULL;
        g_autoptr (GError) error = NULL;
        if (healing_patch_builder_check (ui, NULL, &allow, &root, &error))
          g_assert_nonnull (root);
        else
          g_assert_true (error != NULL && error->domain == HEALING_PATCH_ERROR);
      }
      break;
    }

  return 0;
}
