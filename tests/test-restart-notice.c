/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * HealingRestartNotice: hidden in a process that is not a restart; after
 * one, an alert that says whether work came back from disk, with the death
 * record's details, until dismissed; and the Inspector's restart history
 * of the records folder. In this process: the runtime is told it was
 * restarted, as the supervisor tells it. Real restarts are in
 * test-supervisor.
 */

#include <string.h>

#include <glib/gstdio.h>

#include "healing.h"
#include "healing-restart-history-private.h"
#include "healing-runtime-private.h"

/* ------------------------------------------------------------------------
 * The notice and the Inspector's history, in this process
 * ------------------------------------------------------------------------ */

static void
test_notice (void)
{
  static const char text[] =
    "libhealing-record 1\nreason=no-frame\npid=77\ntime=1796112000\nsignal=11\nsignal_name=SEGV\n"
    "exit=signal\nrestart=1\nrestored=form.json 1796111000\n\n";
  HealingRuntime *runtime = healing_runtime_get_default ();
  g_autofree char *dir = g_dir_make_tmp ("healing-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "0001796112000000-77.record", NULL);
  g_autoptr (GError) error = NULL;
  HealingDeathRecord *record;
  GtkWidget *notice, *history;
  GtkAccessibleRole role;

  gtk_init ();
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  record = healing_death_record_new_from_file (path, &error);
  g_assert_no_error (error);

  /* Not a restart: the notice hides. */
  notice = g_object_ref_sink (healing_restart_notice_new ());
  g_assert_false (gtk_widget_get_visible (notice));
  g_assert_null (healing_restart_notice_get_title (HEALING_RESTART_NOTICE (notice)));
  g_assert_finalize_object (notice);

  healing_runtime_set_supervised (runtime, TRUE);
  healing_runtime_set_restart_info (runtime, 1, record, dir);
  notice = g_object_ref_sink (healing_restart_notice_new ());
  g_assert_true (gtk_widget_get_visible (notice));
  g_object_get (notice, "accessible-role", &role, NULL);
  g_assert_cmpint (role, ==, GTK_ACCESSIBLE_ROLE_ALERT);
  /* Nothing came back from disk in this process: it does not say so. */
  g_assert_cmpstr (healing_restart_notice_get_title (HEALING_RESTART_NOTICE (notice)), ==,
                   "The application recovered from a crash; it started without saved work");

  healing_runtime_note_persisted_restore (runtime, "/somewhere/form.json");
  g_assert_cmpstr (healing_runtime_get_restored_components (runtime)[0], ==, "form");
  g_assert_cmpstr (healing_restart_notice_get_title (HEALING_RESTART_NOTICE (notice)), ==,
                   "The application recovered from a crash; your work was restored");
  g_assert_nonnull (strstr (healing_restart_notice_get_details (HEALING_RESTART_NOTICE (notice)),
                            "The application crashed outside every protected part (SIGSEGV)"));
  g_assert_nonnull (strstr (healing_restart_notice_get_details (HEALING_RESTART_NOTICE (notice)),
                            "Restored: form.json"));

  healing_restart_notice_dismiss (HEALING_RESTART_NOTICE (notice));
  g_assert_false (gtk_widget_get_visible (notice));
  g_assert_finalize_object (notice);

  /* The Inspector's restart history reads the records directory. */
  g_assert_cmpuint (g_list_model_get_n_items (healing_runtime_get_restart_history (runtime)), ==, 1);
  history = g_object_ref_sink (healing_restart_history_new ());
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (healing_restart_history_get_status (HEALING_RESTART_HISTORY (history)))),
                   ==, "Supervised; restarted 1 time");
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (healing_restart_history_get_list (HEALING_RESTART_HISTORY (history))), 0));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (healing_restart_history_get_list (HEALING_RESTART_HISTORY (history))), 1));
  g_assert_finalize_object (history);

  healing_runtime_set_restart_info (runtime, 0, NULL, NULL);
  healing_runtime_set_supervised (runtime, FALSE);
  /* Told the process is no restart, the runtime lets the record go. */
  g_assert_finalize_object (record);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/RestartNotice/after-restart", test_notice);

  return g_test_run ();
}
