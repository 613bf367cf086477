/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * HealingPatchStore: applying a verified bundle to its component (only
 * the types, handlers and references the application allows), refusing
 * replays and mix-and-match, logging refusals, the trial and its rollback,
 * revocation and what persists across restarts, and the Inspector's
 * account of it (tests/healing-test-patch.h has the fixture).
 */

#include <string.h>
#include <unistd.h>

#include <healing.h>

#include "healing-inspector-page-private.h"
#include "healing-test-faulty.h"
#include "healing-test-patch.h"
#include "healing-test-utils.h"

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
 * Refused: what the store decides
 * ------------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------------
 * Across restarts
 * ------------------------------------------------------------------------ */

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
  g_test_add ("/Healing/PatchStore/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("apply/good", test_apply_good);
  ADD ("apply/css-and-state", test_apply_css_and_state);
  ADD ("apply/registered-handler", test_apply_registered_handler);
  ADD ("refuse/wrong-component", test_refuse_wrong_component);
  ADD ("refuse/replayed", test_refuse_replayed);
  ADD ("refuse/disallowed-type", test_refuse_disallowed_type);
  ADD ("refuse/disallowed-handler", test_refuse_disallowed_handler);
  ADD ("refuse/disallowed-reference", test_refuse_disallowed_reference);
  ADD ("refuse/logged", test_refusal_logged);
  ADD ("trial/rollback", test_trial_rollback);
  ADD ("trial/awaiting-patch", test_trial_awaiting);
  ADD ("trial/crash-revokes", test_crash_in_trial);
  ADD ("store/reapply", test_reapply);
  ADD ("store/damaged-state", test_damaged_state);
  ADD ("inspector/status", test_inspector_status);

#undef ADD

  return g_test_run ();
}
