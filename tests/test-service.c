/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <healing.h>

#include "healing-patch-private.h"
#include "healing-test-utils.h"

#define APP "org.example.ServiceTest"
#define PATH "/org/example/ServiceTest/Healing"
#define COMPONENT "Ticker"

typedef struct
{
  GTestDBus *bus;
  GDBusConnection *connection;
  guint owner_id;
  char *dir;
  guint8 key[HEALING_PATCH_KEY_SIZE];
  HealingPatchTrust *trust;
  HealingPatchStore *store;
  HealingService *service;

  GtkWidget *window;
  HealingContainer *container;
  GtkWidget *original;
} Fixture;

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         data)
{
  *(gboolean *) data = TRUE;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pub_b64 = NULL;
  g_autofree char *state = NULL;
  guint8 pub[HEALING_PATCH_KEY_SIZE];
  gboolean acquired = FALSE;
  GtkWidget *container;

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture->bus);
  fixture->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fixture->owner_id = g_bus_own_name_on_connection (fixture->connection, APP, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                    name_acquired_cb, NULL, &acquired, NULL);
  while (!acquired)
    g_main_context_iteration (NULL, TRUE);

  fixture->dir = g_dir_make_tmp ("healing-service-XXXXXX", NULL);
  g_assert_true (healing_patch_key_generate (fixture->key, NULL));
  healing_patch_key_get_public (fixture->key, pub);
  pub_b64 = g_base64_encode (pub, sizeof pub);
  fixture->trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (fixture->trust, APP);
  g_assert_true (healing_patch_trust_add_key (fixture->trust, pub_b64, NULL));
  state = g_build_filename (fixture->dir, "state", NULL);
  fixture->store = healing_patch_store_new (state);
  healing_patch_store_set_trust (fixture->store, fixture->trust);
  healing_test_use_fallback_policy ();
  healing_runtime_clear_fault_log (healing_runtime_get_default ());

  container = healing_container_new ();
  fixture->container = HEALING_CONTAINER (container);
  healing_container_set_component_id (fixture->container, COMPONENT);
  fixture->original = g_object_ref (gtk_label_new ("old"));
  healing_container_set_child (fixture->container, fixture->original);
  fixture->window = healing_test_window_new (container);

  fixture->service = healing_service_new (fixture->store);
  g_assert_true (healing_service_export (fixture->service, fixture->connection, PATH, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  healing_service_unexport (fixture->service);
  /* Unexported, nothing (no bus call, no signal subscription) keeps the
   * service, its store or what the store replaced alive. */
  g_assert_finalize_object (fixture->service);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->trust);
  g_assert_finalize_object (fixture->original);
  g_bus_unown_name (fixture->owner_id);
  g_object_unref (fixture->connection);
  g_test_dbus_down (fixture->bus);
  g_object_unref (fixture->bus);
  healing_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

typedef struct
{
  gboolean done;
  int status;
} Child;

static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer data)
{
  Child *child = data;

  child->status = status;
  child->done = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static char *
read_all (int fd)
{
  g_autoptr (GInputStream) stream = g_unix_input_stream_new (fd, TRUE);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
  g_output_stream_write (out, "", 1, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static GPtrArray *
ctl_argv (const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("HEALINGCTL"));
  g_ptr_array_add (argv, (gpointer) args[0]);
  g_ptr_array_add (argv, (gpointer) "--app");
  g_ptr_array_add (argv, (gpointer) APP);
  for (args++; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  return argv;
}

/* Waits for @child, serving D-Bus calls meanwhile; at most 30 s. */
static void
wait_child (Child *child)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timed_out_cb, &timed_out);

  while (!child->done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (child->done);
}

/* Runs healingctl while the main loop serves its calls; returns its exit
 * status, with its output in @out and @err. */
static int
run_ctl (char               **out,
         char               **err,
         const char * const  *args)
{
  g_autoptr (GPtrArray) argv = ctl_argv (args);
  g_autoptr (GError) error = NULL;
  Child child = { FALSE, 0 };
  int out_fd, err_fd;
  GPid pid;

  g_assert_nonnull (argv->pdata[0]);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &child);
  wait_child (&child);

  *out = read_all (out_fd);
  *err = read_all (err_fd);
  return g_spawn_check_wait_status (child.status, NULL) ? 0 : 1;
}

static void
test_list_and_show (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run_ctl (&out, &err, (const char *[]) { "list", NULL }), ==, 0);
  g_assert_nonnull (strstr (out, "Ticker"));
  g_assert_nonnull (strstr (out, "healthy"));

  g_assert_cmpint (run_ctl (&out2, &err2, (const char *[]) { "show", COMPONENT, NULL }), ==, 0);
  g_assert_nonnull (strstr (out2, "state          healthy"));
  g_assert_nonnull (strstr (out2, "patch-highest  0"));
}

static void
write_bundle (Fixture     *fixture,
              const char  *path,
              guint64      version,
              const guint8 key[HEALING_PATCH_KEY_SIZE])
{
  g_autoptr (GBytes) payload =
    healing_patch_payload_new (APP, COMPONENT, version, g_get_real_time () / G_USEC_PER_SEC + 3600,
                               "<interface><object class=\"GtkLabel\" id=\"l\">"
                               "<property name=\"label\">over D-Bus</property></object></interface>",
                               NULL, NULL, NULL);
  g_autoptr (GBytes) bundle =
    healing_patch_envelope_sign (payload, HEALING_PATCH_PAYLOAD_TYPE,
                                 (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) key, 1);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bundle, NULL), g_bytes_get_size (bundle), NULL));
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_patch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *good = g_build_filename (fixture->dir, "good.json", NULL);
  g_autofree char *forged = g_build_filename (fixture->dir, "forged.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  guint8 other[HEALING_PATCH_KEY_SIZE];
  GtkWidget *child;
  gsize length;

  g_assert_true (healing_patch_key_generate (other, NULL));
  write_bundle (fixture, good, 1, fixture->key);
  write_bundle (fixture, forged, 2, other);

  g_assert_cmpint (run_ctl (&out, &err, (const char *[]) { "patch", good, NULL }), ==, 0);
  g_assert_nonnull (strstr (out, "applied as version 1"));
  child = healing_container_get_child (fixture->container);
  g_assert_true (GTK_IS_LABEL (child));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child)), ==, "over D-Bus");
  g_assert_nonnull (strstr (healing_patch_bundle_get_source (healing_patch_bundle_get_for_widget (child)),
                            "D-Bus"));

  /* A forged one is refused, with the reason, and changes nothing. */
  g_assert_cmpint (run_ctl (&out2, &err2, (const char *[]) { "patch", forged, NULL }), ==, 1);
  g_assert_nonnull (strstr (err2, "does not trust"));
  g_assert_true (healing_container_get_child (fixture->container) == child);

  /* The error crosses the bus with its domain and code. */
  g_assert_true (g_file_get_contents (forged, &contents, &length, NULL));
  g_dbus_connection_call (fixture->connection, APP, PATH, HEALING_SERVICE_INTERFACE, "ApplyPatch",
                          g_variant_new ("(@ays)",
                                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, contents, length, 1),
                                         ""),
                          G_VARIANT_TYPE ("(t)"), G_DBUS_CALL_FLAGS_NONE, 30000, NULL,
                          call_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (fixture->connection, result, &error);
  g_assert_null (reply);
  g_assert_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_UNKNOWN_KEY);
}

static void
test_trip_reset_restore (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_cmpint (run_ctl (&out, &err, (const char *[]) { "trip", COMPONENT, NULL }), ==, 0);
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_OPEN_CIRCUIT);

  g_assert_cmpint (run_ctl (&out2, &err2, (const char *[]) { "reset", COMPONENT, NULL }), ==, 0);
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (fixture->container), ==, HEALING_STATE_HEALTHY);

  /* A checkpoint, a change, and the checkpoint back. */
  healing_test_wait_frames (fixture->window, 1);
  g_assert_nonnull (healing_container_checkpoint (fixture->container));
  gtk_label_set_label (GTK_LABEL (fixture->original), "changed");
  g_assert_cmpint (run_ctl (&out3, &err3, (const char *[]) { "restore", COMPONENT, NULL }), ==, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (fixture->original)), ==, "old");
}

static void
test_inject_and_watch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  Child child = { FALSE, 0 };
  int out_fd;
  GPid pid;

  /* Off unless allowed. */
  g_assert_cmpint (run_ctl (&out, &err, (const char *[]) { "inject", COMPONENT, "error", NULL }), ==, 1);
  g_assert_nonnull (strstr (err, "not enabled"));
  g_assert_cmpuint (healing_container_get_fault_count (fixture->container), ==, 0);

  /* healingctl watch follows the faults. */
  argv = ctl_argv ((const char *[]) { "watch", "--count", "2", "--timeout", "30", NULL });
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &child);
  stream = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (stream);
  first = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "watching");

  healing_service_set_allow_inject (fixture->service, TRUE);
  g_assert_cmpint (run_ctl (&out2, &err2, (const char *[]) { "inject", COMPONENT, "error", NULL }), ==, 0);
  healing_test_flush ();
  g_assert_cmpuint (healing_container_get_fault_count (fixture->container), ==, 1);

  wait_child (&child);
  g_assert_true (g_spawn_check_wait_status (child.status, NULL));
  rest = g_data_input_stream_read_upto (lines, "", 0, NULL, NULL, NULL);
  g_assert_nonnull (rest);
  g_assert_nonnull (strstr (rest, "fault  Ticker: error: Injected error"));
  g_assert_nonnull (strstr (rest, "state  Ticker: fallback"));
}

/* GTestDBus forks a watcher process the first time a bus comes up; the
 * watcher runs GLib code and, once this process is gone, exit (). Forked
 * while other threads of ours (GTK's, GDBus's, the watchdog) allocate, it
 * can inherit the allocator's lock held: under AddressSanitizer (clang
 * 14, whose fork does not take LeakSanitizer's locks) the watcher then
 * blocked for good in the exit-time leak check, holding the test's
 * output pipe open (seen once in CI's ASan pass). So the watcher is
 * forked first, while this process has one thread. */
static void
fork_bus_watcher_early (void)
{
  /* g_test_dbus_up () unsets DISPLAY (against dbus-launch's autolaunch);
   * GTK has not opened it yet. */
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  g_test_dbus_up (bus);
  g_test_dbus_down (bus);
  g_object_unref (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  fork_bus_watcher_early ();
  healing_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/Healing/Service/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("list-and-show", test_list_and_show);
  ADD ("patch", test_patch);
  ADD ("trip-reset-restore", test_trip_reset_restore);
  ADD ("inject-and-watch", test_inject_and_watch);

  return g_test_run ();
}
