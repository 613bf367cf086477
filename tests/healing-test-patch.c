/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "healing-test-faulty.h"
#include "healing-test-patch.h"
#include "healing-test-utils.h"


char *
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

HealingPatchStore *
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

void
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

void
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

GBytes *
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

gint64
tomorrow (void)
{
  return g_get_real_time () / SEC + 24 * 3600;
}

GBytes *
sign_ui (Fixture    *fixture,
         guint64     version,
         const char *ui)
{
  return sign_full (APP, COMPONENT, version, tomorrow (), ui, NULL, NULL,
                    (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key_a, 1);
}

GBytes *
sign_good (Fixture *fixture,
           guint64  version)
{
  return sign_ui (fixture, version, GOOD_UI);
}

/* The component is as it was: the original child, healthy, nothing
 * recorded. */
void
assert_unchanged (Fixture *fixture)
{
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (fixture->original)), ==, "old");
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (fixture->patched, ==, 0);
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 0);
  g_assert_null (healing_patch_store_get_trial (fixture->store, COMPONENT));
}

void
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
