/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * HealingPatchBundle: is this a well-formed bundle, signed by trusted keys,
 * for this application, not expired, within the limits, with a payload
 * whose UI, CSS and state parse? Each refusal leaves the component as it
 * was (tests/healing-test-patch.h has the fixture).
 */

#include <string.h>

#include <healing.h>

#include "healing-patch-builder-private.h"
#include "healing-test-patch.h"
#include "healing-test-utils.h"

/* ------------------------------------------------------------------------
 * The envelope and its signatures
 * ------------------------------------------------------------------------ */

static void
test_refuse_unsigned (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GBytes) unsigned_bundle = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI,
                                                  NULL, NULL, NULL, 0);
  g_autofree char *payload_b64 = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) no_member = NULL;
  g_autoptr (GBytes) payload = healing_patch_payload_new (APP, COMPONENT, 1, tomorrow (),
                                                          GOOD_UI, NULL, NULL, NULL);

  assert_refused (fixture, unsigned_bundle, HEALING_PATCH_ERROR_UNSIGNED, "not signed");

  payload_b64 = g_base64_encode (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  text = g_strdup_printf ("{\"payloadType\": \"%s\", \"payload\": \"%s\"}",
                          HEALING_PATCH_PAYLOAD_TYPE, payload_b64);
  no_member = g_bytes_new (text, strlen (text));
  assert_refused (fixture, no_member, HEALING_PATCH_ERROR_UNSIGNED, NULL);

  assert_unchanged (fixture);
}

/* Replaces the first occurrence of @from in @bundle. */
static GBytes *
edit (GBytes     *bundle,
      const char *from,
      const char *to)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bundle, NULL), g_bytes_get_size (bundle));
  const char *at = strstr (text, from);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (at);
  g_string_append_len (out, text, at - text);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));

  return g_string_free_to_bytes (out);
}

static char *
member_value (GBytes     *bundle,
              const char *member)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bundle, NULL),
                                             g_bytes_get_size (bundle), NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  if (g_str_equal (member, "sig"))
    return g_strdup (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (object, "signatures"), 0), "sig"));
  return g_strdup (json_object_get_string_member (object, member));
}

static void
test_refuse_bad_signature (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_good (fixture, 1);
  g_autofree char *sig = member_value (bundle, "sig");
  g_autoptr (GBytes) truncated = edit (bundle, sig, "AAAA");
  g_autoptr (GBytes) not_base64 = edit (bundle, sig, "!!not base64!!");

  assert_refused (fixture, truncated, HEALING_PATCH_ERROR_BAD_SIGNATURE, "damaged");
  assert_refused (fixture, not_base64, HEALING_PATCH_ERROR_BAD_SIGNATURE, NULL);
  assert_unchanged (fixture);
}

static void
test_refuse_tampered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_good (fixture, 1);
  g_autoptr (GBytes) other = sign_ui (fixture, 1, GOOD_UI "<!-- evil -->");
  g_autofree char *payload = member_value (bundle, "payload");
  g_autofree char *other_payload = member_value (other, "payload");
  g_autofree char *sig = member_value (bundle, "sig");
  /* The payload of another bundle under this one's signature. */
  g_autoptr (GBytes) swapped = edit (bundle, payload, other_payload);
  /* A signature of the right size, but forged. */
  g_autofree char *forged_sig = NULL;
  g_autoptr (GBytes) forged = NULL;
  guint8 zeros[HEALING_PATCH_SIGNATURE_SIZE] = { 0, };
  /* The payload type changed: the signature covers it. */
  g_autoptr (GBytes) retyped = NULL;

  assert_refused (fixture, swapped, HEALING_PATCH_ERROR_TAMPERED, "changed after it was signed");

  forged_sig = g_base64_encode (zeros, sizeof zeros);
  forged = edit (bundle, sig, forged_sig);
  assert_refused (fixture, forged, HEALING_PATCH_ERROR_TAMPERED, NULL);

  retyped = edit (bundle, HEALING_PATCH_PAYLOAD_TYPE, "application/vnd.other+json");
  assert_refused (fixture, retyped, HEALING_PATCH_ERROR_MALFORMED, "payload type");

  assert_unchanged (fixture);
}

/* ------------------------------------------------------------------------
 * The payload
 * ------------------------------------------------------------------------ */

static void
test_refuse_expired (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_full (APP, COMPONENT, 1, g_get_real_time () / SEC - 10,
                                         GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);

  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_EXPIRED, "expired");
  assert_unchanged (fixture);
}

static void
test_refuse_wrong_application (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_full ("org.example.Other", COMPONENT, 1, tomorrow (),
                                         GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);

  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_WRONG_APPLICATION, "org.example.Other");
  assert_unchanged (fixture);
}

static void
test_refuse_oversized (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GString) big_ui = g_string_new ("<interface><object class=\"GtkBox\" id=\"b\">");
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GString) deep_xml = g_string_new ("<interface><object class=\"GtkBox\" id=\"b\">");
  g_autoptr (GBytes) many = NULL;
  g_autoptr (GBytes) large = NULL;
  g_autoptr (GBytes) nested = NULL;
  g_autoptr (GBytes) nested_xml = NULL;
  guint i;

  for (i = 0; i < HEALING_PATCH_MAX_OBJECTS + 1; i++)
    g_string_append (big_ui, "<child><object class=\"GtkLabel\"/></child>");
  g_string_append (big_ui, "</object></interface>");
  many = sign_ui (fixture, 1, big_ui->str);
  assert_refused (fixture, many, HEALING_PATCH_ERROR_OVERSIZED, "objects");

  healing_patch_trust_set_max_size (fixture->trust, 4096);
  large = sign_ui (fixture, 1, big_ui->str);
  assert_refused (fixture, large, HEALING_PATCH_ERROR_OVERSIZED, "limit of 4096");
  healing_patch_trust_set_max_size (fixture->trust, HEALING_PATCH_DEFAULT_MAX_SIZE);

  /* JSON nested deeper than the limit, in an unsigned envelope: refused
   * before json-glib builds anything. */
  for (i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  nested = g_bytes_new (deep->str, deep->len);
  assert_refused (fixture, nested, HEALING_PATCH_ERROR_OVERSIZED, "levels deep");

  for (i = 0; i < HEALING_PATCH_MAX_XML_DEPTH; i++)
    g_string_append (deep_xml, "<child><object class=\"GtkBox\">");
  nested_xml = sign_ui (fixture, 1, deep_xml->str);
  assert_refused (fixture, nested_xml, HEALING_PATCH_ERROR_OVERSIZED, "deep");

  assert_unchanged (fixture);
}

static void
test_refuse_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GBytes) not_json = g_bytes_new_static ("{\"payloadType\": ", 16);
  g_autoptr (GBytes) bad_xml = sign_ui (fixture, 1, "<interface>\n<object class=\"GtkBox\" id=\"b\">\n</interface>");
  g_autoptr (GBytes) bad_css = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI,
                                          "box {\n  colour: red;\n}", NULL,
                                          (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  g_autoptr (GBytes) bad_property = sign_ui (fixture, 1,
                                             "<interface><object class=\"GtkBox\" id=\"b\">\n"
                                             "<property name=\"no-such-property\">1</property>"
                                             "</object></interface>");
  g_autoptr (GBytes) bad_state = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL,
                                            "{ \"price\": { \"label\": [1] } }",
                                            (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  g_autoptr (GBytes) duplicate = g_bytes_new_static ("{\"payload\": \"\", \"payload\": \"\"}", 30);

  assert_refused (fixture, not_json, HEALING_PATCH_ERROR_MALFORMED, "test:1:");
  assert_refused (fixture, bad_xml, HEALING_PATCH_ERROR_MALFORMED, "ui:3:");
  assert_refused (fixture, bad_css, HEALING_PATCH_ERROR_MALFORMED, "css:2:");
  assert_refused (fixture, bad_property, HEALING_PATCH_ERROR_MALFORMED, "ui:2:");
  assert_refused (fixture, bad_state, HEALING_PATCH_ERROR_MALFORMED, "state.price.label");
  assert_refused (fixture, duplicate, HEALING_PATCH_ERROR_MALFORMED, "twice");
  assert_unchanged (fixture);
}

/* ------------------------------------------------------------------------
 * Reading a bundle
 * ------------------------------------------------------------------------ */

/* What healing_patch_bundle_new_from_bytes () reads is what was signed,
 * and nothing but the caller keeps the bundle (the store's tests apply
 * bundles; this one reads one directly). */
static void
test_read (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 expires = tomorrow ();
  g_autoptr (GBytes) bytes =
    sign_full (APP, COMPONENT, 3, expires, GOOD_UI, "label { color: red; }",
               "{ \"price\": { \"label\": \"from state\" } }",
               (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  guint8 pub_a[HEALING_PATCH_KEY_SIZE];
  g_autofree char *keyid = NULL;
  g_autoptr (GError) error = NULL;
  HealingPatchBundle *bundle;
  JsonNode *state;

  bundle = healing_patch_bundle_new_from_bytes (bytes, fixture->trust, "https://cdn.example/p/3", &error);
  g_assert_no_error (error);
  g_assert_true (HEALING_IS_PATCH_BUNDLE (bundle));

  g_assert_cmpstr (healing_patch_bundle_get_application_id (bundle), ==, APP);
  g_assert_cmpstr (healing_patch_bundle_get_component_id (bundle), ==, COMPONENT);
  g_assert_cmpuint (healing_patch_bundle_get_version (bundle), ==, 3);
  g_assert_cmpint (healing_patch_bundle_get_expires (bundle), ==, expires);
  g_assert_cmpstr (healing_patch_bundle_get_ui (bundle), ==, GOOD_UI);
  g_assert_cmpstr (healing_patch_bundle_get_css (bundle), ==, "label { color: red; }");
  g_assert_null (healing_patch_bundle_get_root_id (bundle));
  g_assert_cmpstr (healing_patch_bundle_get_source (bundle), ==, "https://cdn.example/p/3");
  g_assert_true (g_bytes_equal (healing_patch_bundle_get_bytes (bundle), bytes));

  state = healing_patch_bundle_get_state (bundle);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (state));
  g_assert_cmpstr (json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (state), "price"), "label"), ==, "from state");

  /* The signers are the ids of the keys whose signatures verified. */
  healing_patch_key_get_public (fixture->key_a, pub_a);
  keyid = healing_patch_key_get_id (pub_a);
  g_assert_cmpuint (g_strv_length ((char **) healing_patch_bundle_get_signers (bundle)), ==, 1);
  g_assert_cmpstr (healing_patch_bundle_get_signers (bundle)[0], ==, keyid);

  /* Reading applies nothing. */
  assert_unchanged (fixture);

  g_assert_finalize_object (bundle);
}

int
main (int   argc,
      char *argv[])
{
  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/Healing/PatchBundle/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("read", test_read);
  ADD ("refuse/unsigned", test_refuse_unsigned);
  ADD ("refuse/bad-signature", test_refuse_bad_signature);
  ADD ("refuse/tampered", test_refuse_tampered);
  ADD ("refuse/expired", test_refuse_expired);
  ADD ("refuse/wrong-application", test_refuse_wrong_application);
  ADD ("refuse/oversized", test_refuse_oversized);
  ADD ("refuse/malformed", test_refuse_malformed);

#undef ADD

  return g_test_run ();
}
