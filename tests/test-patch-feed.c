/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <healing.h>
#include <libsoup/soup.h>

#include "healing-patch-private.h"
#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define APP "org.example.FeedTest"
#define COMPONENT "Ticker"

typedef struct
{
  char *dir;
  guint8 key[HEALING_PATCH_KEY_SIZE];
  HealingPatchTrust *trust;
  HealingPatchStore *store;

  GtkWidget *window;
  HealingContainer *container;
  GtkWidget *original;

  SoupServer *server;
  char *base_uri;
  GBytes *index;
  GBytes *bundle;
  char *etag;
  guint index_hits;
  guint not_modified;
  guint bundle_hits;
  gboolean slow;
  gboolean chunked_huge;

  guint refreshed;
  guint failed;
  GError *last_error;
} Fixture;

static GBytes *
make_bundle (Fixture    *fixture,
             guint64     version,
             const char *label)
{
  g_autofree char *ui = g_strdup_printf ("<interface><object class=\"GtkLabel\" id=\"l\">"
                                         "<property name=\"label\">%s</property></object></interface>",
                                         label);
  g_autoptr (GBytes) payload = healing_patch_payload_new (APP, COMPONENT, version,
                                                          g_get_real_time () / G_USEC_PER_SEC + 3600,
                                                          ui, NULL, NULL, NULL);

  return healing_patch_envelope_sign (payload, HEALING_PATCH_PAYLOAD_TYPE,
                                      (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) fixture->key, 1);
}

static GBytes *
make_index (GBytes  *bundle,
            guint64  version)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bundle);
  char *text = g_strdup_printf ("{\"format\": 1, \"patches\": [{\"component\": \"%s\", \"version\": %" G_GUINT64_FORMAT ","
                                " \"path\": \"bundles/ticker.json\", \"size\": %" G_GSIZE_FORMAT ", \"sha256\": \"%s\"}]}",
                                COMPONENT, version, g_bytes_get_size (bundle), digest);

  return g_bytes_new_take (text, strlen (text));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  Fixture *fixture = data;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);

  if (fixture->slow)
    {
      /* Never answers. */
      soup_server_message_pause (message);
      return;
    }

  if (g_str_equal (path, "/feed/index.json"))
    {
      const char *match = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                        "If-None-Match");

      fixture->index_hits++;
      if (fixture->chunked_huge)
        {
          SoupMessageBody *body = soup_server_message_get_response_body (message);
          g_autofree char *chunk = g_strnfill (64 * 1024, ' ');
          guint i;

          soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
          soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
          for (i = 0; i < 8; i++)
            soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, strlen (chunk));
          soup_message_body_complete (body);
          return;
        }
      if (match != NULL && g_strcmp0 (match, fixture->etag) == 0)
        {
          fixture->not_modified++;
          soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
      soup_message_headers_replace (response, "ETag", fixture->etag);
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fixture->index, NULL),
                                        g_bytes_get_size (fixture->index));
    }
  else if (g_str_equal (path, "/feed/bundles/ticker.json"))
    {
      fixture->bundle_hits++;
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fixture->bundle, NULL),
                                        g_bytes_get_size (fixture->bundle));
    }
  else
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pub_b64 = NULL;
  guint8 pub[HEALING_PATCH_KEY_SIZE];
  GSList *uris;
  GtkWidget *container;

  fixture->dir = g_dir_make_tmp ("healing-feed-XXXXXX", NULL);
  g_assert_true (healing_patch_key_generate (fixture->key, NULL));
  healing_patch_key_get_public (fixture->key, pub);
  pub_b64 = g_base64_encode (pub, sizeof pub);

  fixture->trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (fixture->trust, APP);
  g_assert_true (healing_patch_trust_add_key (fixture->trust, pub_b64, NULL));

  {
    g_autofree char *state = g_build_filename (fixture->dir, "state", NULL);

    fixture->store = healing_patch_store_new (state);
  }
  healing_patch_store_set_trust (fixture->store, fixture->trust);
  healing_patch_store_register_type (fixture->store, HEALING_TYPE_TEST_FAULTY);
  healing_test_use_fallback_policy ();

  container = healing_container_new ();
  fixture->container = HEALING_CONTAINER (container);
  healing_container_set_component_id (fixture->container, COMPONENT);
  fixture->original = g_object_ref (gtk_label_new ("old"));
  healing_container_set_child (fixture->container, fixture->original);
  fixture->window = healing_test_window_new (container);

  fixture->bundle = make_bundle (fixture, 1, "from http");
  fixture->index = make_index (fixture->bundle, 1);
  fixture->etag = g_strdup ("\"index-1\"");

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  {
    g_autofree char *root = g_uri_to_string (uris->data);

    fixture->base_uri = g_strconcat (root, "feed/", NULL);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  /* Let the server's connections close before it goes. */
  healing_test_run_for (50);
  g_object_unref (fixture->server);
  healing_test_run_for (50);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
  /* Nothing the feed started (a request, a timer) keeps the store alive. */
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->trust);
  g_assert_finalize_object (fixture->original);
  g_bytes_unref (fixture->bundle);
  g_bytes_unref (fixture->index);
  g_free (fixture->etag);
  g_free (fixture->base_uri);
  g_clear_error (&fixture->last_error);
  healing_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
refreshed_cb (HealingPatchFeed *feed,
              guint             applied,
              Fixture          *fixture)
{
  fixture->refreshed++;
}

static void
failed_cb (HealingPatchFeed *feed,
           GError           *error,
           Fixture          *fixture)
{
  fixture->failed++;
  g_clear_error (&fixture->last_error);
  fixture->last_error = g_error_copy (error);
}

static HealingPatchFeed *
new_feed (Fixture    *fixture,
          const char *uri)
{
  HealingPatchFeed *feed = healing_patch_feed_new (fixture->store, uri);

  g_signal_connect (feed, "refreshed", G_CALLBACK (refreshed_cb), fixture);
  g_signal_connect (feed, "failed", G_CALLBACK (failed_cb), fixture);
  return feed;
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @counter reaches @value, at most
 * @seconds. */
static void
wait_for (guint *counter,
          guint  value,
          guint  seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timed_out_cb, &timed_out);

  while (*counter < value && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (*counter, >=, value);
}

static const char *
child_label (Fixture *fixture)
{
  GtkWidget *child = healing_container_get_child (fixture->container);

  return GTK_IS_LABEL (child) ? gtk_label_get_label (GTK_LABEL (child)) : NULL;
}

static void
test_http_apply_and_not_modified (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr (HealingPatchFeed) feed = new_feed (fixture, fixture->base_uri);

  healing_patch_feed_set_interval (feed, 50);
  healing_patch_feed_set_always_poll (feed, TRUE);
  healing_patch_feed_start (feed);

  wait_for (&fixture->refreshed, 1, 20);
  g_assert_cmpstr (child_label (fixture), ==, "from http");
  g_assert_cmpuint (fixture->bundle_hits, ==, 1);
  {
    g_autofree char *expected = g_strconcat (fixture->base_uri, "bundles/ticker.json", NULL);
    HealingPatchBundle *applied =
      healing_patch_bundle_get_for_widget (healing_container_get_child (fixture->container));

    g_assert_cmpstr (healing_patch_bundle_get_source (applied), ==, expected);
  }

  /* Later polls send the ETag back and get 304: nothing is fetched again. */
  wait_for (&fixture->not_modified, 2, 20);
  g_assert_cmpuint (fixture->bundle_hits, ==, 1);
  g_assert_cmpuint (fixture->failed, ==, 0);
  g_assert_cmpuint (healing_patch_feed_get_failures (feed), ==, 0);
  healing_patch_feed_stop (feed);
}

static void
test_http_server_down (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (HealingPatchFeed) feed = NULL;

  /* Nobody listens there any more. */
  soup_server_disconnect (fixture->server);
  feed = new_feed (fixture, fixture->base_uri);
  healing_patch_feed_set_interval (feed, 40);
  healing_patch_feed_set_always_poll (feed, TRUE);
  healing_patch_feed_start (feed);

  wait_for (&fixture->failed, 1, 20);
  g_assert_cmpuint (healing_patch_feed_get_failures (feed), ==, 1);
  g_assert_cmpuint (healing_patch_feed_get_next_delay (feed), ==, 80);
  g_assert_true (fixture->last_error->domain == G_IO_ERROR);

  /* Backoff: the delay doubles with each failure in a row. */
  wait_for (&fixture->failed, 3, 20);
  g_assert_cmpuint (healing_patch_feed_get_failures (feed), ==, 3);
  g_assert_cmpuint (healing_patch_feed_get_next_delay (feed), ==, 320);
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
  healing_patch_feed_stop (feed);
}

static void
test_http_slow_server (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr (HealingPatchFeed) feed = new_feed (fixture, fixture->base_uri);
  gint64 start = g_get_monotonic_time ();

  fixture->slow = TRUE;
  healing_patch_feed_set_timeout (feed, 1);
  healing_patch_feed_refresh (feed);

  wait_for (&fixture->failed, 1, 20);
  g_assert_error (fixture->last_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  /* Bounded by the timeout, not by the server. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
}

static void
test_http_oversized (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (HealingPatchFeed) feed = new_feed (fixture, fixture->base_uri);
  g_autofree char *huge = g_strnfill (HEALING_PATCH_FEED_MAX_INDEX_SIZE + 1, ' ');

  /* With a Content-Length. */
  g_bytes_unref (fixture->index);
  fixture->index = g_bytes_new (huge, strlen (huge));
  healing_patch_feed_refresh (feed);
  wait_for (&fixture->failed, 1, 20);
  g_assert_error (fixture->last_error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED);

  /* Chunked, without one: cut off as it streams. */
  fixture->chunked_huge = TRUE;
  healing_patch_feed_refresh (feed);
  wait_for (&fixture->failed, 2, 20);
  g_assert_error (fixture->last_error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED);

  g_assert_cmpuint (fixture->bundle_hits, ==, 0);
  g_assert_true (healing_container_get_child (fixture->container) == fixture->original);
}

static void
test_http_no_poll_while_healthy (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr (HealingPatchFeed) feed = new_feed (fixture, fixture->base_uri);
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  GtkWidget *broken = healing_test_faulty_new ();

  healing_patch_feed_set_interval (feed, 20);
  healing_patch_feed_start (feed);

  /* Nothing awaits a patch: no request at all. */
  healing_test_run_for (300);
  g_assert_cmpuint (healing_patch_feed_get_requests (feed), ==, 0);
  g_assert_cmpuint (fixture->index_hits, ==, 0);

  /* The component breaks and waits for a patch: the feed is polled. */
  healing_policy_set_strategy (policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_HOT_PATCH);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);
  healing_container_set_child (fixture->container, broken);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_faulty_arm (HEALING_TEST_FAULTY (broken), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  /* (The feed may already have answered: its interval is short.) */
  g_assert_cmpuint (healing_container_get_fault_count (fixture->container), ==, 1);

  wait_for (&fixture->refreshed, 1, 20);
  g_assert_cmpuint (fixture->index_hits, >=, 1);
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpstr (child_label (fixture), ==, "from http");
  healing_patch_feed_stop (feed);
}

/* ------------------------------------------------------------------------
 * healingctl, end to end, through a watched folder
 * ------------------------------------------------------------------------ */

static char *
run_healingctl (const char * const *args)
{
  const char *tool = g_getenv ("HEALINGCTL");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_nonnull (tool);
  g_ptr_array_add (argv, (gpointer) tool);
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("healingctl %s failed: %s", (char *) argv->pdata[1], err);

  return out;
}

static void
test_healingctl_end_to_end (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *key = g_build_filename (fixture->dir, "signing.key", NULL);
  g_autofree char *ui = g_build_filename (fixture->dir, "ticker.ui", NULL);
  g_autofree char *b1 = g_build_filename (fixture->dir, "ticker-1.json", NULL);
  g_autofree char *b2 = g_build_filename (fixture->dir, "ticker-2.json", NULL);
  g_autofree char *feed_dir = g_build_filename (fixture->dir, "feed", NULL);
  g_autofree char *feed_uri = NULL;
  g_autofree char *keygen = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *out = NULL;
  g_autoptr (HealingPatchFeed) feed = NULL;
  g_autoptr (HealingPatchTrust) trust = healing_patch_trust_new ();
  char *line;

  keygen = run_healingctl ((const char *[]) { "keygen", "--output", key, NULL });
  line = strstr (keygen, "public: ");
  g_assert_nonnull (line);
  public_key = g_strstrip (g_strdup (line + strlen ("public: ")));

  g_assert_true (g_file_set_contents (ui, "<interface><object class=\"GtkLabel\" id=\"l\">"
                                      "<property name=\"label\">from healingctl</property>"
                                      "</object></interface>", -1, NULL));
  g_free (run_healingctl ((const char *[]) { "sign", "--key", key, "--application", APP,
                                             "--component", COMPONENT, "--version", "1",
                                             "--expires", "+1d", "--ui", ui, "--output", b1, NULL }));
  out = run_healingctl ((const char *[]) { "verify", "--application", APP, "--public-key", public_key,
                                           b1, NULL });
  g_assert_nonnull (strstr (out, "good"));
  g_free (run_healingctl ((const char *[]) { "publish", feed_dir, "--application", APP,
                                             "--public-key", public_key, b1, NULL }));

  /* The application trusts the key keygen printed and watches the folder. */
  healing_patch_trust_set_application_id (trust, APP);
  g_assert_true (healing_patch_trust_add_key (trust, public_key, NULL));
  healing_patch_store_set_trust (fixture->store, trust);
  healing_patch_store_set_trial_duration (fixture->store, 300);
  feed_uri = g_filename_to_uri (feed_dir, NULL, NULL);
  feed = new_feed (fixture, feed_uri);
  healing_patch_feed_start (feed);
  g_assert_cmpuint (fixture->refreshed, ==, 1);
  g_assert_cmpstr (child_label (fixture), ==, "from healingctl");

  /* A newer version published into the watched folder is picked up. */
  g_assert_true (g_file_set_contents (ui, "<interface><object class=\"GtkLabel\" id=\"l\">"
                                      "<property name=\"label\">version 2</property>"
                                      "</object></interface>", -1, NULL));
  g_free (run_healingctl ((const char *[]) { "sign", "--key", key, "--application", APP,
                                             "--component", COMPONENT, "--version", "2",
                                             "--ui", ui, "--output", b2, NULL }));
  g_free (run_healingctl ((const char *[]) { "publish", feed_dir, "--application", APP,
                                             "--public-key", public_key, b1, b2, NULL }));
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (30, timed_out_cb, &timed_out);

    /* Published while version 1 is in its trial: applied once it ends. */
    while (g_strcmp0 (child_label (fixture), "version 2") != 0 && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (id);
  }
  g_assert_cmpstr (child_label (fixture), ==, "version 2");
  g_assert_cmpuint (healing_patch_store_get_highest_version (fixture->store, COMPONENT), ==, 2);
  healing_patch_feed_stop (feed);
}

int
main (int   argc,
      char *argv[])
{
  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/Healing/PatchFeed/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("http/apply-and-not-modified", test_http_apply_and_not_modified);
  ADD ("http/server-down", test_http_server_down);
  ADD ("http/slow-server", test_http_slow_server);
  ADD ("http/oversized", test_http_oversized);
  ADD ("http/no-poll-while-healthy", test_http_no_poll_while_healthy);
  ADD ("folder/healingctl-end-to-end", test_healingctl_end_to_end);

  return g_test_run ();
}
