/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * --scenario=all, across a real crash: the first process fills in the
 * patient form, lets it persist, and dies by SIGSEGV outside every
 * container; the supervisor starts the demo again, and the second process
 * checks that the form is as it was, that the notice says so and that the
 * death was recorded, and prints how long the recovery took (death to the
 * restarted window's first frame).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <healing.h>

#include "healing-demo-restart.h"
#include "healing-test-render.h"

#define NAME_BEFORE_CRASH "Ada Lovelace (typed before the crash)"
#define WAIT_MS 20000

static char *
state_file (const char *name)
{
  return g_build_filename (g_get_user_state_dir (), name, NULL);
}

/* What the form shows: every text, number and toggle, in tree order. */
static void
collect (GtkWidget *widget,
         GString   *out)
{
  GtkWidget *child;

  if (GTK_IS_SPIN_BUTTON (widget))
    g_string_append_printf (out, "spin=%g;", gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)));
  else if (GTK_IS_ENTRY (widget) || GTK_IS_TEXT_VIEW (widget))
    {
      if (GTK_IS_ENTRY (widget))
        g_string_append_printf (out, "text=%s;", gtk_editable_get_text (GTK_EDITABLE (widget)));
      else
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          g_string_append_printf (out, "view=%s;", text);
        }
      return;
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    g_string_append_printf (out, "check=%d;", gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_DROP_DOWN (widget))
    g_string_append_printf (out, "choice=%u;", gtk_drop_down_get_selected (GTK_DROP_DOWN (widget)));

  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, out);
}

static char *
form_signature (HealingDemoWindow *window)
{
  GString *out = g_string_new (NULL);

  collect (GTK_WIDGET (healing_demo_window_get_form (window)), out);
  return g_string_free (out, FALSE);
}

static GtkWidget *
first_entry (GtkWidget *widget)
{
  GtkWidget *child, *found;

  if (GTK_IS_ENTRY (widget))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if ((found = first_entry (child)) != NULL)
      return found;
  return NULL;
}

static void
screenshot (GtkWidget  *window,
            const char *dir,
            const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "screenshots", file, NULL);
  HealingTestImage *image;

  g_mkdir_with_parents (dir != NULL ? dir : "screenshots", 0755);
  image = healing_test_image_new_for_window (window, path);
  if (image != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    g_print ("  %s\n", path);
  healing_test_image_free (image);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *painted)
{
  if (*painted == 0)
    *painted = g_get_real_time ();
}

/* Iterates the main loop until the window has painted a frame. */
static gint64
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 end = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;
  gint64 painted = 0;
  guint wake = g_timeout_add (50, wake_cb, NULL);
  gulong handler;

  if (clock == NULL)
    return 0;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (window);
  while (painted == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  g_source_remove (wake);

  return painted;
}

void
healing_demo_restart_crash (HealingDemoWindow *window,
                            const char        *screenshot_dir)
{
  HealingContainer *form = healing_demo_window_get_container (window, HEALING_DEMO_FORM_ID);
  g_autofree char *expected_path = state_file ("healing-demo-expected");
  g_autofree char *time_path = state_file ("healing-demo-crash-time");
  g_autofree char *signature = NULL, *when = NULL;
  GtkWidget *entry;
  volatile int *volatile nowhere = NULL;

  g_print ("\n%s\n", _("Crash the whole application (outside every container):"));

  if (healing_container_get_state (form) != HEALING_STATE_HEALTHY)
    healing_container_reset (form);
  entry = first_entry (GTK_WIDGET (healing_demo_window_get_form (window)));
  if (entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), NAME_BEFORE_CRASH);
  wait_for_frame (GTK_WIDGET (window));

  /* The state the next process must show. */
  if (healing_container_checkpoint (form) == NULL)
    g_printerr ("healing-demo: the form could not be checkpointed before the crash\n");
  signature = form_signature (window);
  g_file_set_contents (expected_path, signature, -1, NULL);

  screenshot (GTK_WIDGET (window), screenshot_dir, "15-before-crash");

  when = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
  g_file_set_contents (time_path, when, -1, NULL);
  fflush (stdout);

  *nowhere = 1;
  g_assert_not_reached ();
}

static gboolean
verify (gboolean    ok,
        const char *what)
{
  g_print ("  %s %s\n", ok ? "PASS" : "FAIL", what);
  return ok;
}

int
healing_demo_restart_verify (HealingDemoWindow *window,
                             const char        *screenshot_dir)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  HealingDeathRecord *death = healing_runtime_get_last_death (runtime);
  g_autofree char *expected_path = state_file ("healing-demo-expected");
  g_autofree char *time_path = state_file ("healing-demo-crash-time");
  g_autofree char *expected = NULL, *crash_time = NULL, *signature = NULL;
  const char * const *restored;
  GtkWidget *notice = NULL, *child;
  gint64 frame, died = 0;
  gboolean ok = TRUE;

  frame = wait_for_frame (GTK_WIDGET (window));

  g_print ("\n%s\n", _("Restarted by the supervisor:"));
  if (g_file_get_contents (time_path, &crash_time, NULL, NULL))
    died = g_ascii_strtoll (crash_time, NULL, 10);
  if (died > 0 && frame > died)
    /* Translators: %.0f is a number of milliseconds */
    g_print (_("  recovery: %.0f ms from the crash to the restarted window's first frame\n"),
             (frame - died) / 1000.0);

  ok &= verify (healing_runtime_get_restart_count (runtime) == 1, "restart-count is 1");
  ok &= verify (death != NULL && strcmp (healing_death_record_get_reason (death), "no-frame") == 0 &&
                healing_death_record_get_signal (death) == SIGSEGV,
                "the death record says: a SIGSEGV outside every container");
  restored = healing_runtime_get_restored_components (runtime);
  ok &= verify (restored[0] != NULL && g_strv_contains (restored, HEALING_DEMO_FORM_ID),
                "the patient form came back from its persisted checkpoint");

  g_file_get_contents (expected_path, &expected, NULL, NULL);
  signature = form_signature (window);
  ok &= verify (expected != NULL && strcmp (expected, signature) == 0,
                "the patient form is exactly as it was before the crash");
  if (expected != NULL && strcmp (expected, signature) != 0)
    g_print ("    before: %s\n    after:  %s\n", expected, signature);

  for (child = gtk_widget_get_first_child (gtk_window_get_child (GTK_WINDOW (window)));
       child != NULL && notice == NULL; child = gtk_widget_get_next_sibling (child))
    if (HEALING_IS_RESTART_NOTICE (child))
      notice = child;
  ok &= verify (notice != NULL && gtk_widget_get_visible (notice) &&
                strstr (healing_restart_notice_get_title (HEALING_RESTART_NOTICE (notice)),
                        "your work was restored") != NULL,
                "the notice says the work was restored");

  screenshot (GTK_WIDGET (window), screenshot_dir, "16-restarted");

  return ok ? 0 : 1;
}
