/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * HealingPatchTrust: whose signatures count and how many are needed, which
 * resources a patch may refer to, and the trust of the policy file's
 * "healing.patch" section (tests/healing-test-patch.h has the fixture).
 */

#include <string.h>

#include <healing.h>

#include "healing-policy-private.h"
#include "healing-test-patch.h"
#include "healing-test-utils.h"

/* ------------------------------------------------------------------------
 * Keys and threshold
 * ------------------------------------------------------------------------ */

static void
test_refuse_unknown_key (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_b, 1);

  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_UNKNOWN_KEY, "does not trust");
  assert_unchanged (fixture);
}

static void
test_refuse_threshold (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *pub_c = public_b64 (fixture->key_c);
  guint8 both[2][HEALING_PATCH_KEY_SIZE];
  guint8 twice[2][HEALING_PATCH_KEY_SIZE];
  g_autoptr (GBytes) one = sign_good (fixture, 1);
  g_autoptr (GBytes) same_twice = NULL;
  g_autoptr (GBytes) two = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (healing_patch_trust_add_key (fixture->trust, pub_c, NULL));
  healing_patch_trust_set_threshold (fixture->trust, 2);

  assert_refused (fixture, one, HEALING_PATCH_ERROR_THRESHOLD, "2 are required");

  /* One key signing twice counts once. */
  memcpy (twice[0], fixture->key_a, HEALING_PATCH_KEY_SIZE);
  memcpy (twice[1], fixture->key_a, HEALING_PATCH_KEY_SIZE);
  same_twice = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL, NULL,
                          (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) twice, 2);
  assert_refused (fixture, same_twice, HEALING_PATCH_ERROR_THRESHOLD, NULL);
  assert_unchanged (fixture);

  memcpy (both[0], fixture->key_a, HEALING_PATCH_KEY_SIZE);
  memcpy (both[1], fixture->key_c, HEALING_PATCH_KEY_SIZE);
  two = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL, NULL,
                   (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) both, 2);
  g_assert_true (healing_patch_store_apply (fixture->store, two, "test", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) healing_patch_bundle_get_signers (
    healing_patch_bundle_get_for_widget (healing_container_get_child (fixture->container)))), ==, 2);
}

/* ------------------------------------------------------------------------
 * Resources
 * ------------------------------------------------------------------------ */

static void
test_allowed_resource (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GBytes) bundle =
    sign_ui (fixture, 1,
             "<interface><object class=\"GtkImage\" id=\"i\">"
             "<property name=\"resource\">/org/gnome/libhealing/ok/none.png</property>"
             "</object></interface>");
  g_autoptr (GBytes) traversal =
    sign_ui (fixture, 1,
             "<interface><object class=\"GtkImage\" id=\"i\">"
             "<property name=\"resource\">/org/gnome/libhealing/ok/../../x.png</property>"
             "</object></interface>");
  g_autoptr (GError) error = NULL;

  healing_patch_trust_add_resource_prefix (fixture->trust, "resource:///org/gnome/libhealing/ok/");
  assert_refused (fixture, traversal, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE, NULL);
  assert_unchanged (fixture);

  g_assert_true (healing_patch_store_apply (fixture->store, bundle, "test", &error));
  g_assert_no_error (error);
  g_assert_true (GTK_IS_IMAGE (healing_container_get_child (fixture->container)));
}

/* ------------------------------------------------------------------------
 * Trust from the policy file
 * ------------------------------------------------------------------------ */

static void
test_policy_section (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  g_autofree char *pub_a = public_b64 (fixture->key_a);
  g_autofree char *pub_b = public_b64 (fixture->key_b);
  g_autofree char *config = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bundle = sign_good (fixture, 1);
  HealingPatchTrust *trust;

  config = g_strdup_printf ("{ \"healing\": { \"patch\": {\n"
                            "  \"application\": \"%s\",\n"
                            "  \"keys\": [ \"%s\", \"%s\" ],\n"
                            "  \"threshold\": 1,\n"
                            "  \"max-size\": 65536\n"
                            "} } }", APP, pub_b, pub_a);
  g_assert_true (healing_policy_load_from_data (policy, config, -1, "healing.json", &error));
  g_assert_no_error (error);

  trust = healing_policy_get_patch_trust (policy);
  g_assert_nonnull (trust);
  g_assert_cmpuint (healing_patch_trust_get_max_size (trust), ==, 65536);
  g_assert_cmpstr (healing_patch_trust_get_application_id (trust), ==, APP);

  /* The store follows the runtime's policy when it has no trust of its own. */
  healing_runtime_set_policy (healing_runtime_get_default (), policy);
  healing_patch_store_set_trust (fixture->store, NULL);
  g_assert_true (healing_patch_store_apply (fixture->store, bundle, "test", &error));
  g_assert_no_error (error);

  /* Errors name the file, line, column and key. */
  g_assert_false (healing_policy_load_from_data (policy,
                                                 "{ \"healing\": { \"patch\": {\n"
                                                 "  \"keys\": [ \"AAAA\" ] } } }",
                                                 -1, "healing.json", &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_INVALID_VALUE);
  if (strstr (error->message, "healing.json:2:13: healing.patch.keys[0]") == NULL)
    g_error ("unexpected: %s", error->message);
  g_clear_error (&error);

  g_assert_false (healing_policy_load_from_data (policy,
                                                 "{ \"healing\": { \"patch\": { \"keyz\": [] } } }",
                                                 -1, "healing.json", &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_UNKNOWN_KEY);
  g_assert_nonnull (strstr (error->message, "healing.patch.keyz"));
  g_clear_error (&error);

  /* The failed loads left the trust in force. */
  g_assert_true (healing_policy_get_patch_trust (policy) == trust);
}

int
main (int   argc,
      char *argv[])
{
  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/Healing/PatchTrust/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("refuse/unknown-key", test_refuse_unknown_key);
  ADD ("refuse/threshold", test_refuse_threshold);
  ADD ("allow/resource-prefix", test_allowed_resource);
  ADD ("policy/patch-section", test_policy_section);

#undef ADD

  return g_test_run ();
}
