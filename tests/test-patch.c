/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <healing.h>

#include "healing-patch-private.h"
#include "healing-patch-builder-private.h"
#include "healing-policy-private.h"
#include "healing-inspector-page-private.h"
#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define APP "org.example.PatchTest"
#define COMPONENT "Ticker"
#define SEC G_USEC_PER_SEC

#define GOOD_UI \
  "<interface>" \
  "  <object class=\"GtkBox\" id=\"root\">" \
  "    <child><object class=\"GtkLabel\" id=\"price\"><property name=\"label\">new</property></object></child>" \
  "  </object>" \
  "</interface>"

typedef struct
{
  char *dir;
  guint8 key_a[HEALING_PATCH_KEY_SIZE];
  guint8 key_b[HEALING_PATCH_KEY_SIZE];
  guint8 key_c[HEALING_PATCH_KEY_SIZE];
  HealingPatchTrust *trust;
  HealingPatchStore *store;
  HealingClock *clock;

  GtkWidget *window;
  HealingContainer *container;
  GtkWidget *original;

  guint patched;
  guint kept;
  guint rolled_back;
  guint refused;
} Fixture;

static char *
public_b64 (const guint8 seed[HEALING_PATCH_KEY_SIZE])
{
  guint8 pub[HEALING_PATCH_KEY_SIZE];

  healing_patch_key_get_public (seed, pub);
  return g_base64_encode (pub, sizeof pub);
}

static void
patched_cb (HealingContainer *container,
            GtkWidget        *old_child,
            Fixture          *fixture)
{
  fixture->patched++;
}

static void
count_cb (gpointer  instance,
          gpointer  arg,
          guint    *counter)
{
  (*counter)++;
}

static void
rolled_back_cb (HealingPatchStore  *store,
                HealingPatchBundle *bundle,
                HealingFault       *fault,
                Fixture            *fixture)
{
  g_assert_true (HEALING_IS_PATCH_BUNDLE (bundle));
  g_assert_nonnull (fault);
  fixture->rolled_back++;
}

static void
refused_cb (HealingPatchStore *store,
            const char        *source,
            GError            *error,
            Fixture           *fixture)
{
  fixture->refused++;
}

static HealingPatchStore *
new_store (Fixture *fixture)
{
  HealingPatchStore *store = healing_patch_store_new (fixture->dir);

  healing_patch_store_set_trust (store, fixture->trust);
  healing_patch_store_set_trial_duration (store, 1000);
  healing_patch_store_register_type (store, HEALING_TYPE_TEST_FAULTY);
  g_signal_connect (store, "kept", G_CALLBACK (count_cb), &fixture->kept);
  g_signal_connect (store, "rolled-back", G_CALLBACK (rolled_back_cb), fixture);
  g_signal_connect (store, "refused", G_CALLBACK (refused_cb), fixture);

  return store;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *pub_a = NULL;
  GtkWidget *container;

  fixture->dir = g_dir_make_tmp ("healing-patch-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);

  g_assert_true (healing_patch_key_generate (fixture->key_a, NULL));
  g_assert_true (healing_patch_key_generate (fixture->key_b, NULL));
  g_assert_true (healing_patch_key_generate (fixture->key_c, NULL));

  fixture->trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (fixture->trust, APP);
  pub_a = public_b64 (fixture->key_a);
  g_assert_true (healing_patch_trust_add_key (fixture->trust, pub_a, NULL));

  fixture->clock = healing_clock_new_virtual (1000 * SEC);
  healing_runtime_set_clock (healing_runtime_get_default (), fixture->clock);
  healing_test_use_fallback_policy ();
  healing_runtime_clear_fault_log (healing_runtime_get_default ());

  fixture->store = new_store (fixture);

  container = healing_container_new ();
  fixture->container = HEALING_CONTAINER (container);
  healing_container_set_component_id (fixture->container, COMPONENT);
  fixture->original = g_object_ref (gtk_label_new ("old"));
  healing_container_set_child (fixture->container, fixture->original);
  g_signal_connect (container, "patched", G_CALLBACK (patched_cb), fixture);

  fixture->window = healing_test_window_new (container);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
  /* Nothing keeps a store, its trust or the widget it replaced alive once
   * the window is gone. (The clock lives on in the component's breaker:
   * the runtime's breakers keep the clock they were made with.) */
  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_assert_finalize_object (fixture->original);
  g_assert_finalize_object (fixture->trust);
  healing_runtime_set_clock (healing_runtime_get_default (), NULL);
  g_object_unref (fixture->clock);
  healing_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GBytes *
sign_full (const char   *app,
           const char   *component,
           guint64       version,
           gint64        expires,
           const char   *ui,
           const char   *css,
           const char   *state_json,
           const guint8 (*keys)[HEALING_PATCH_KEY_SIZE],
           guint         n_keys)
{
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (JsonNode) state = NULL;

  if (state_json != NULL)
    state = json_from_string (state_json, NULL);
  payload = healing_patch_payload_new (app, component, version, expires, ui, css, state, NULL);

  return healing_patch_envelope_sign (payload, HEALING_PATCH_PAYLOAD_TYPE, keys, n_keys);
}

static gint64
tomorrow (void)
{
  return g_get_real_time () / SEC + 24 * 3600;
}

static GBytes *
sign_ui (Fixture    *fixture,
         guint64     version,
         const char *ui)
{
  return sign_full (APP, COMPONENT, version, tomorrow (), ui, NULL, NULL,
                    (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
}

static GBytes *
sign_good (Fixture *fixture,
           guint64  version)
{
  return sign_ui (fixture, version, GOOD_UI);
}

static const char *
child_label (Fixture *fixture)
{
  GtkWidget *child = healing_container_get_child (fixture->container);
  GtkWidget *label;

  if (GTK_IS_LABEL (child))
    return gtk_label_get_label (GTK_LABEL (child));

  label = GTK_IS_BOX (child) ? gtk_widget_get_first_child (child) : NULL;
  return GTK_IS_LABEL (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

/* The component is as it was: the original child, healthy, nothing
 * recorded. */
static void
assert_unchanged (Fixture *fixture)
{
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (fixture->original)), ==, "old");
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (fixture->patched, ==, 0);
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 0);
  g_assert_null (healing_patch_store_get_trial (fixture->store, COMPONENT));
}

static void
assert_refused (Fixture           *fixture,
                GBytes            *bundle,
                HealingPatchError  code,
                const char        *in_message)
{
  g_autoptr (GError) error = NULL;
  guint refused = fixture->refused;

  g_assert_false (healing_patch_store_apply (fixture->store, bundle, "test", &error));
  g_assert_error (error, HEALING_PATCH_ERROR, (int) code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);
  g_assert_cmpuint (fixture->refused, ==, refused + 1);
  healing_test_wait_frames (fixture->window, 2);
}

/* The last entry of the runtime's fault log. */
static HealingFault *
last_logged (void)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint n = g_list_model_get_n_items (log);
  g_autoptr (HealingFaultEntry) entry = NULL;

  g_assert_cmpuint (n, >, 0);
  entry = g_list_model_get_item (log, n - 1);
  return healing_fault_entry_get_fault (entry);
}

/* ------------------------------------------------------------------------
 * Applying
 * ------------------------------------------------------------------------ */

static void
test_apply_good (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_good (fixture, 1);
  g_autoptr (GError) error = NULL;
  HealingPatchBundle *applied;
  GtkWidget *child;

  g_assert_true (healing_patch_store_apply (fixture->store, bundle, "https://cdn.example/p/1", &error));
  g_assert_no_error (error);

  child = healing_container_get_child (fixture->container);
  g_assert_true (GTK_IS_BOX (child));
  g_assert_cmpstr (child_label (fixture), ==, "new");
  g_assert_cmpuint (fixture->patched, ==, 1);
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);

  /* ::patched handlers can tell what came from where. */
  applied = healing_patch_bundle_get_for_widget (child);
  g_assert_nonnull (applied);
  g_assert_cmpuint (healing_patch_bundle_get_version (applied), ==, 1);
  g_assert_cmpstr (healing_patch_bundle_get_source (applied), ==, "https://cdn.example/p/1");
  g_assert_cmpstr (healing_patch_bundle_get_application_id (applied), ==, APP);
  g_assert_cmpuint (g_strv_length ((char **) healing_patch_bundle_get_signers (applied)), ==, 1);

  /* In its trial until it has run cleanly long enough. */
  g_assert_true (healing_patch_store_get_trial (fixture->store, COMPONENT) == applied);
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 1);
  g_assert_cmpuint (healing_patch_store_get_kept_version (fixture->store, COMPONENT), ==, 0);

  healing_test_wait_frames (fixture->window, 3);
  healing_clock_advance (fixture->clock, 1 * SEC);
  g_assert_cmpuint (fixture->kept, ==, 1);
  g_assert_null (healing_patch_store_get_trial (fixture->store, COMPONENT));
  g_assert_cmpuint (healing_patch_store_get_kept_version (fixture->store, COMPONENT), ==, 1);
  g_assert_true (healing_container_get_child (fixture->container) == child);
}

static void
test_apply_css_and_state (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GBytes) bundle =
    sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI,
               "label { color: rgb(0, 128, 0); }",
               "{ \"price\": { \"label\": \"from state\", \"selectable\": true, \"justify\": \"center\" } }",
               (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  g_autoptr (GError) error = NULL;
  GtkWidget *label;
  GdkRGBA color;

  g_assert_true (healing_patch_store_apply (fixture->store, bundle, "test", &error));
  g_assert_no_error (error);

  label = gtk_widget_get_first_child (healing_container_get_child (fixture->container));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "from state");
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  g_assert_cmpint (gtk_label_get_justify (GTK_LABEL (label)), ==, GTK_JUSTIFY_CENTER);

  /* The CSS applies to the patch's widgets only. */
  healing_test_wait_frames (fixture->window, 2);
  gtk_style_context_get_color (gtk_widget_get_style_context (label), &color);
  g_assert_cmpfloat_with_epsilon (color.green, 128 / 255.0, 0.01);
  g_assert_cmpfloat_with_epsilon (color.red, 0, 0.01);
}

static guint registered_calls;

static void
registered_clicked_cb (GtkButton *button,
                       gpointer   data)
{
  registered_calls++;
}

static void
test_apply_registered_handler (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr (GBytes) bundle =
    sign_ui (fixture, 1,
             "<interface><object class=\"GtkButton\" id=\"b\">"
             "<property name=\"label\">Refresh</property>"
             "<signal name=\"clicked\" handler=\"ticker_refresh\"/>"
             "</object></interface>");
  g_autoptr (GError) error = NULL;

  healing_patch_store_add_callback (fixture->store, "ticker_refresh",
                                    G_CALLBACK (registered_clicked_cb));
  registered_calls = 0;

  g_assert_true (healing_patch_store_apply (fixture->store, bundle, "test", &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (healing_container_get_child (fixture->container), "clicked");
  g_assert_cmpuint (registered_calls, ==, 1);
}

/* ------------------------------------------------------------------------
 * Refused: one per hostile class
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

static void
test_refuse_unknown_key (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_b, 1);

  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_UNKNOWN_KEY, "does not trust");
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
test_refuse_wrong_component (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_full (APP, "Clock", 1, tomorrow (), GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  g_autoptr (GError) error = NULL;

  /* Delivered for the ticker, signed for the clock: mix-and-match. */
  g_assert_false (healing_patch_store_apply_to (fixture->store, COMPONENT, bundle, "test", &error));
  g_assert_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_WRONG_COMPONENT);
  g_clear_error (&error);

  /* For a component no container has. */
  g_assert_false (healing_patch_store_apply (fixture->store, bundle, "test", &error));
  g_assert_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_NO_TARGET);
  assert_unchanged (fixture);
}

static void
test_refuse_replayed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (GBytes) v1 = sign_good (fixture, 1);
  g_autoptr (GBytes) v2 = sign_good (fixture, 2);
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  g_assert_true (healing_patch_store_apply (fixture->store, v2, "test", &error));
  g_assert_no_error (error);
  healing_clock_advance (fixture->clock, 1 * SEC);
  g_assert_cmpuint (fixture->kept, ==, 1);
  child = healing_container_get_child (fixture->container);

  /* The same version again, and an older one. */
  assert_refused (fixture, v2, HEALING_PATCH_ERROR_REPLAYED, "not newer");
  assert_refused (fixture, v1, HEALING_PATCH_ERROR_REPLAYED, "not newer");
  g_assert_true (healing_container_get_child (fixture->container) == child);

  /* A restart: a new store on the same folder still refuses both. */
  g_clear_object (&fixture->store);
  fixture->store = new_store (fixture);
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 2);
  assert_refused (fixture, v1, HEALING_PATCH_ERROR_REPLAYED, NULL);
  assert_refused (fixture, v2, HEALING_PATCH_ERROR_REPLAYED, NULL);
  g_assert_true (healing_container_get_child (fixture->container) == child);
}

static void
test_refuse_disallowed_type (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const uis[] = {
    "<interface><object class=\"GtkWindow\" id=\"w\"/></interface>",
    "<interface><object class=\"GtkFileChooserWidget\" id=\"w\"/></interface>",
    "<interface><object class=\"NoSuchTypeAnywhere\" id=\"w\"/></interface>",
    "<interface><object class=\"GtkBox\" id=\"w\"><child><object class=\"GtkShortcutController\"/></child></object></interface>",
    "<interface><object class=\"GtkBox\" id=\"w\"><child><object class=\"GtkWidget\"/></child></object></interface>",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (uis); i++)
    {
      g_autoptr (GBytes) bundle = sign_ui (fixture, 1, uis[i]);

      assert_refused (fixture, bundle, HEALING_PATCH_ERROR_DISALLOWED_TYPE, "not allowed");
    }
  assert_unchanged (fixture);
}

static void
test_refuse_disallowed_handler (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char * const uis[] = {
    "<interface><object class=\"GtkButton\" id=\"b\"><signal name=\"clicked\" handler=\"abort\"/></object></interface>",
    "<interface><object class=\"GtkButton\" id=\"b\"><property name=\"action-name\">app.quit</property></object></interface>",
    "<interface><object class=\"GtkLabel\" id=\"l\"><binding name=\"label\"><closure type=\"gchararray\" function=\"system\"/></binding></object></interface>",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (uis); i++)
    {
      g_autoptr (GBytes) bundle = sign_ui (fixture, 1, uis[i]);

      assert_refused (fixture, bundle, HEALING_PATCH_ERROR_DISALLOWED_HANDLER, "registered");
    }
  assert_unchanged (fixture);
}

static void
test_refuse_disallowed_reference (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const uis[] = {
    "<interface><template class=\"GtkBox\" parent=\"GtkWidget\"/></interface>",
    "<interface><object class=\"GtkImage\" id=\"i\"><property name=\"file\">/etc/passwd</property></object></interface>",
    "<interface><object class=\"GtkPicture\" id=\"i\"><property name=\"file\">file:///etc/shadow</property></object></interface>",
    "<interface><object class=\"GtkImage\" id=\"i\"><property name=\"resource\">/org/gtk/libgtk/icons/x.png</property></object></interface>",
    "<interface><object class=\"GtkBox\" id=\"b\" type-func=\"gtk_box_get_type\"/></interface>",
    "<interface><menu id=\"m\"><item><attribute name=\"action\">app.quit</attribute></item></menu></interface>",
    "<interface><object class=\"GtkLabel\" id=\"l\"><property name=\"use-markup\">1</property><property name=\"label\">&lt;a href=\"https://evil\"&gt;x&lt;/a&gt;</property></object></interface>",
    "<interface><requires lib=\"libadwaita\" version=\"1.0\"/><object class=\"GtkBox\" id=\"b\"/></interface>",
  };
  g_autoptr (GBytes) css_url = NULL;
  g_autoptr (GBytes) css_escape = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (uis); i++)
    {
      g_autoptr (GBytes) bundle = sign_ui (fixture, 1, uis[i]);

      assert_refused (fixture, bundle, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE, NULL);
    }

  css_url = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI,
                       "box { background-image: URL(\"file:///etc/passwd\"); }", NULL,
                       (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  assert_refused (fixture, css_url, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE, "css");
  css_escape = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI,
                          "box { background-image: \\75rl(x.png); }", NULL,
                          (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
  assert_refused (fixture, css_escape, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE, "css");

  assert_unchanged (fixture);
}

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

/* A refusal is in the runtime's fault log, saying why and from where. */
static void
test_refusal_logged (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_b, 1);
  HealingFault *fault;

  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_UNKNOWN_KEY, NULL);
  fault = last_logged ();
  g_assert_cmpuint (healing_fault_get_error_domain (fault), ==, HEALING_PATCH_ERROR);
  g_assert_cmpint (healing_fault_get_error_code (fault), ==, HEALING_PATCH_ERROR_UNKNOWN_KEY);
  g_assert_nonnull (strstr (healing_fault_get_message (fault), "test"));
}

/* ------------------------------------------------------------------------
 * Trials
 * ------------------------------------------------------------------------ */

static void
test_trial_rollback (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GBytes) faulty = sign_ui (fixture, 2,
                                       "<interface><object class=\"HealingTestFaulty\" id=\"f\"/></interface>");
  g_autoptr (GBytes) good = sign_good (fixture, 3);
  g_autoptr (GError) error = NULL;
  HealingFault *fault;
  GtkWidget *replacement;

  g_assert_true (healing_patch_store_apply (fixture->store, faulty, "https://cdn.example/p/2", &error));
  g_assert_no_error (error);
  replacement = healing_container_get_child (fixture->container);
  g_assert_true (HEALING_IS_TEST_FAULTY (replacement));
  healing_test_wait_frames (fixture->window, 2);

  /* The replacement crashes while drawing, within its trial. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (replacement), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  g_assert_cmpuint (healing_container_get_fault_count (fixture->container), ==, 1);

  /* The previous child, which was healthy, is back and runs. */
  g_assert_cmpuint (fixture->rolled_back, ==, 1);
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);
  g_assert_true (gtk_widget_get_parent (fixture->original) == GTK_WIDGET (fixture->container));
  g_assert_true (healing_patch_store_is_revoked (fixture->store, COMPONENT, 2));
  g_assert_null (healing_patch_store_get_trial (fixture->store, COMPONENT));

  /* The fault log says which version from where. */
  fault = last_logged ();
  g_assert_cmpint (healing_fault_get_error_code (fault), ==, HEALING_PATCH_ERROR_REVOKED);
  g_assert_nonnull (strstr (healing_fault_get_message (fault), "Version 2"));
  g_assert_nonnull (strstr (healing_fault_get_message (fault), "https://cdn.example/p/2"));

  /* Never applied again, in this run or the next. */
  assert_refused (fixture, faulty, HEALING_PATCH_ERROR_REVOKED, "revoked");
  g_clear_object (&fixture->store);
  fixture->store = new_store (fixture);
  assert_refused (fixture, faulty, HEALING_PATCH_ERROR_REVOKED, NULL);
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);

  /* A newer, good version is fine. */
  g_assert_true (healing_patch_store_apply (fixture->store, good, "test", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (child_label (fixture), ==, "new");
}

static void
use_hot_patch_policy (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();

  healing_policy_set_strategy (policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_HOT_PATCH);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);
}

/* The hot-patch strategy waits; the patch ends the wait. If the patch
 * faults in its trial, the container waits again, with the original
 * (faulted) child back in place but not run. */
static void
test_trial_awaiting (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *broken = healing_test_faulty_new ();
  g_autoptr (GBytes) faulty = sign_ui (fixture, 1,
                                       "<interface><object class=\"HealingTestFaulty\" id=\"f\"/></interface>");
  g_autoptr (GBytes) good = sign_good (fixture, 2);
  g_autoptr (GError) error = NULL;
  GtkWidget *replacement;

  use_hot_patch_policy ();
  g_object_ref (broken);
  healing_container_set_child (fixture->container, broken);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_faulty_arm (HEALING_TEST_FAULTY (broken), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_AWAITING_PATCH);

  g_assert_true (healing_patch_store_apply (fixture->store, faulty, "test", &error));
  g_assert_no_error (error);
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);
  replacement = healing_container_get_child (fixture->container);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_faulty_arm (HEALING_TEST_FAULTY (replacement), TEST_FAULT_DIVIDE_BY_ZERO, TEST_PHASE_MEASURE);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();

  g_assert_cmpuint (fixture->rolled_back, ==, 1);
  g_assert_true (healing_container_get_child (fixture->container) == broken);
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_AWAITING_PATCH);
  g_assert_null (gtk_widget_get_parent (broken));

  /* The next good patch ends the wait. */
  g_assert_true (healing_patch_store_apply (fixture->store, good, "test", &error));
  g_assert_no_error (error);
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpstr (child_label (fixture), ==, "new");
  healing_clock_advance (fixture->clock, 1 * SEC);
  g_assert_cmpuint (fixture->kept, ==, 1);

  g_object_unref (broken);
}

/* Kept patches are verified and applied again at the next start. */
static void
test_reapply (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr (GBytes) bundle = sign_good (fixture, 4);
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  g_assert_true (healing_patch_store_apply (fixture->store, bundle, "https://cdn.example/p/4", &error));
  g_assert_no_error (error);
  healing_clock_advance (fixture->clock, 1 * SEC);
  g_assert_cmpuint (fixture->kept, ==, 1);

  /* "Restart": the original child again, a new store. */
  healing_container_set_child (fixture->container, fixture->original);
  g_clear_object (&fixture->store);
  fixture->store = new_store (fixture);
  g_assert_cmpuint (healing_patch_store_get_kept_version (fixture->store, COMPONENT), ==, 4);

  g_assert_cmpuint (healing_patch_store_reapply (fixture->store), ==, 1);
  child = healing_container_get_child (fixture->container);
  g_assert_cmpstr (child_label (fixture), ==, "new");
  g_assert_cmpuint (healing_patch_bundle_get_version (healing_patch_bundle_get_for_widget (child)), ==, 4);

  /* With the key no longer trusted, it is refused. */
  healing_container_set_child (fixture->container, fixture->original);
  healing_clock_advance (fixture->clock, 1 * SEC);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->trust);
  fixture->trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (fixture->trust, APP);
  fixture->store = new_store (fixture);
  g_assert_cmpuint (healing_patch_store_reapply (fixture->store), ==, 0);
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
  g_assert_cmpuint (fixture->refused, ==, 1);
}

/* A trial cut short by a crash (perhaps the patch's doing) revokes the
 * version at the next start. */
static void
test_crash_in_trial (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("healing-patch-crash-%d",
                                           (int) (g_test_subprocess () ? getppid () : getpid ()));
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr (GBytes) bundle = NULL;
  g_autoptr (GBytes) next = NULL;
  g_autoptr (GError) error = NULL;

  /* Same keys in both processes: derived from a fixed seed. */
  memset (fixture->key_a, 7, HEALING_PATCH_KEY_SIZE);
  g_clear_object (&fixture->trust);
  fixture->trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (fixture->trust, APP);
  {
    g_autofree char *pub = public_b64 (fixture->key_a);
    g_assert_true (healing_patch_trust_add_key (fixture->trust, pub, NULL));
  }
  g_free (fixture->dir);
  fixture->dir = g_strdup (dir);
  bundle = sign_good (fixture, 7);

  if (g_test_subprocess ())
    {
      g_clear_object (&fixture->store);
      fixture->store = new_store (fixture);
      g_assert_true (healing_patch_store_apply (fixture->store, bundle, "test", NULL));
      /* Dies in the trial, without any cleanup. */
      _exit (3);
    }

  g_test_trap_subprocess (NULL, 60 * SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  g_clear_object (&fixture->store);
  fixture->store = new_store (fixture);
  g_assert_true (healing_patch_store_is_revoked (fixture->store, COMPONENT, 7));
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 7);
  g_assert_cmpint (healing_fault_get_error_code (last_logged ()), ==, HEALING_PATCH_ERROR_REVOKED);
  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_REVOKED, NULL);

  /* A shutdown in the middle of a trial is not a failure. */
  next = sign_good (fixture, 8);
  g_assert_true (healing_patch_store_apply (fixture->store, next, "test", &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  fixture->store = new_store (fixture);
  g_assert_false (healing_patch_store_is_revoked (fixture->store, COMPONENT, 8));
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 8);
}

static void
test_damaged_state (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "state.json", NULL);
  g_autoptr (GBytes) bundle = sign_good (fixture, 1);

  g_assert_true (g_file_set_contents (path, "{ not json", -1, NULL));
  g_clear_object (&fixture->store);

  /* Rollback protection cannot be promised: every patch is refused. */
  fixture->store = new_store (fixture);
  assert_refused (fixture, bundle, HEALING_PATCH_ERROR_MALFORMED, "damaged");
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
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

/* ------------------------------------------------------------------------
 * The Inspector's Healing page
 * ------------------------------------------------------------------------ */

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_inspector_status (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (GBytes) forged = sign_full (APP, COMPONENT, 1, tomorrow (), GOOD_UI, NULL, NULL,
                                         (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_b, 1);
  g_autoptr (GBytes) good = sign_good (fixture, 5);
  GtkWidget *page = g_object_new (HEALING_TYPE_INSPECTOR_PAGE, NULL);
  GtkWidget *window = healing_test_window_new (page);

  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), fixture->container);
  healing_test_wait_frames (window, 1);
  /* (The registry is the process's: earlier tests left "Ticker" events.) */
  g_assert_nonnull (find_label_containing (page, "Hot Patch"));

  g_assert_true (healing_patch_store_apply (fixture->store, good, "https://cdn.example/p/5", NULL));
  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), NULL);
  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), fixture->container);
  g_assert_nonnull (find_label_containing (page, "Version 5 from https://cdn.example/p/5, on trial"));

  healing_clock_advance (fixture->clock, 1 * SEC);
  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), NULL);
  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), fixture->container);
  g_assert_nonnull (find_label_containing (page, "Version 5 from https://cdn.example/p/5, applied"));

  /* A forged patch delivered for the component: refused, and said so. */
  g_assert_false (healing_patch_store_apply_to (fixture->store, COMPONENT, forged, "forged.json", NULL));
  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), NULL);
  healing_inspector_page_select (HEALING_INSPECTOR_PAGE (page), fixture->container);
  g_assert_nonnull (find_label_containing (page, "Last patch refused: forged.json: its 1 signature"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/Healing/Patch/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("apply/good", test_apply_good);
  ADD ("apply/css-and-state", test_apply_css_and_state);
  ADD ("apply/registered-handler", test_apply_registered_handler);
  ADD ("refuse/unsigned", test_refuse_unsigned);
  ADD ("refuse/unknown-key", test_refuse_unknown_key);
  ADD ("refuse/bad-signature", test_refuse_bad_signature);
  ADD ("refuse/tampered", test_refuse_tampered);
  ADD ("refuse/threshold", test_refuse_threshold);
  ADD ("refuse/expired", test_refuse_expired);
  ADD ("refuse/wrong-application", test_refuse_wrong_application);
  ADD ("refuse/wrong-component", test_refuse_wrong_component);
  ADD ("refuse/replayed", test_refuse_replayed);
  ADD ("refuse/disallowed-type", test_refuse_disallowed_type);
  ADD ("refuse/disallowed-handler", test_refuse_disallowed_handler);
  ADD ("refuse/disallowed-reference", test_refuse_disallowed_reference);
  ADD ("refuse/oversized", test_refuse_oversized);
  ADD ("refuse/malformed", test_refuse_malformed);
  ADD ("refuse/logged", test_refusal_logged);
  ADD ("allow/resource-prefix", test_allowed_resource);
  ADD ("trial/rollback", test_trial_rollback);
  ADD ("trial/awaiting-patch", test_trial_awaiting);
  ADD ("trial/crash-revokes", test_crash_in_trial);
  ADD ("store/reapply", test_reapply);
  ADD ("store/damaged-state", test_damaged_state);
  ADD ("policy/patch-section", test_policy_section);
  ADD ("inspector/status", test_inspector_status);

  return g_test_run ();
}
