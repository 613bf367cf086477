/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <healing.h>

#include <glib/gstdio.h>

#include "healing-test-render.h"
#include "healing-test-utils.h"
#include "healing-trap-private.h"

static GLogFunc gtest_log_handler;

static gboolean
in_trap_frame (void)
{
  HealingTrapFrame *frame = healing_trap_get_current_frame ();

  return frame != NULL && frame->armed;
}

/* GTest makes criticals fatal. Inside a frame a critical is the frame's
 * fault, counted by libhealing's writer: let it through. Anywhere else it
 * still fails the test. */
static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !in_trap_frame ();
}

/* GTest's default handler reports fatal old-API messages as "Bail out!"
 * before the fatal handler above is asked; keep it away from faults. */
static void
default_log_cb (const char     *log_domain,
                GLogLevelFlags  log_level,
                const char     *message,
                gpointer        user_data)
{
  if (in_trap_frame ())
    g_log_default_handler (log_domain, log_level & ~G_LOG_FLAG_FATAL, message, NULL);
  else
    gtest_log_handler (log_domain, log_level, message, user_data);
}

gint64
healing_test_hang_margin_ms (void)
{
  const char *scale = g_getenv ("HEALING_TEST_TIME_SCALE");
  guint64 factor = 1;

  if (scale != NULL)
    g_assert_true (g_ascii_string_to_unsigned (scale, 10, 1, 1000, &factor, NULL));

  return 1500 * (gint64) factor;
}

static gboolean taint_expected;

void
healing_test_expect_taint (void)
{
  taint_expected = TRUE;
}

/* Chained behind libhealing's writer: lets the expected taint warning
 * through without failing the test. */
static GLogWriterOutput
test_writer (GLogLevelFlags   log_level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  gsize i;

  for (i = 0; i < n_fields; i++)
    {
      /* A trapped fault: print it, it must not abort. */
      if (g_strcmp0 (fields[i].key, "HEALING_FAULT") == 0)
        return g_log_writer_standard_streams (log_level, fields, n_fields, NULL);

      if (taint_expected && (log_level & G_LOG_LEVEL_WARNING) &&
          g_strcmp0 (fields[i].key, "MESSAGE") == 0 &&
          strstr (fields[i].value, "the process is tainted") != NULL)
        return g_log_writer_standard_streams (log_level, fields, n_fields, NULL);
    }

  return g_log_writer_default (log_level, fields, n_fields, NULL);
}

void
healing_test_use_fallback_policy (void)
{
  static const char *classes[] = {
    HEALING_FAULT_CLASS_CRASH, HEALING_FAULT_CLASS_CRITICAL,
    HEALING_FAULT_CLASS_WARNING, HEALING_FAULT_CLASS_HANG,
    HEALING_FAULT_CLASS_ERROR, HEALING_FAULT_CLASS_NETWORK,
  };
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  guint i;

  for (i = 0; i < G_N_ELEMENTS (classes); i++)
    healing_policy_set_strategy (policy, classes[i], HEALING_STRATEGY_FALLBACK);
  /* Failure prediction would open the breaker of a widget that faults
   * again and again; these tests check the fallback (prediction has tests
   * of its own). */
  healing_policy_set_predict (policy, HEALING_PREDICT_MODE_OFF);

  healing_runtime_set_policy (healing_runtime_get_default (), policy);
}

void
healing_test_init (int    *argc,
                   char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  healing_init ();
  healing_test_use_fallback_policy ();
  healing_log_set_writer_chain (test_writer, NULL, NULL);
  gtest_log_handler = g_log_set_default_handler (default_log_cb, NULL);
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
}

GtkWidget *
healing_test_window_new (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  /* GTest resets the fatal handler before each test case. */
  if (g_test_initialized ())
    g_test_log_set_fatal_handler (fatal_log_cb, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));

  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  healing_test_wait_frames (window, 1);

  return window;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
healing_test_wait_frames (GtkWidget *widget,
                          guint      n)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW);

  /* 5 s, scaled like the hang margin (valgrind runs ten times slower). */
  g_assert_true (healing_test_wait_painted (window != NULL ? window : widget, n,
                                            5000 * (healing_test_hang_margin_ms () / 1500)));
}

void
healing_test_run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

void
healing_test_flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static HealingTestImage *
render_window (GtkWidget *widget)
{
  HealingTestImage *image = healing_test_image_new_for_window (GTK_WIDGET (gtk_widget_get_root (widget)), NULL);

  g_assert_nonnull (image);

  return image;
}

guint32
healing_test_pixel_at (GtkWidget *widget,
                       double     x,
                       double     y)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr (HealingTestImage) image = render_window (widget);
  graphene_point_t in_window;
  int px, py;

  g_assert_true (gtk_widget_compute_point (widget, window,
                                           &GRAPHENE_POINT_INIT (x, y),
                                           &in_window));
  px = (int) in_window.x;
  py = (int) in_window.y;
  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, image->width);
  g_assert_cmpint (py, <, image->height);

  return healing_test_image_pixel (image, px, py);
}

void
healing_test_save_png (GtkWidget  *widget,
                       const char *path)
{
  HealingTestImage *image = healing_test_image_new_for_window (GTK_WIDGET (gtk_widget_get_root (widget)), path);

  g_assert_nonnull (image);
  healing_test_image_free (image);
}

void
healing_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        healing_test_remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* gcov's own, in a --coverage build; weak, so absent otherwise. */
extern void __gcov_dump (void) __attribute__ ((weak));

void
healing_test_write_coverage (void)
{
  if (__gcov_dump != NULL)
    __gcov_dump ();
}

static GLogWriterOutput
count_still_logging (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  gsize i;

  for (i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "still logging"))
      (*(guint *) user_data)++;

  return G_LOG_WRITER_HANDLED;
}

void
healing_test_assert_logging_works (void)
{
  guint seen = 0;

  healing_init ();
  healing_log_set_writer_chain (count_still_logging, &seen, NULL);
  g_log ("Test", G_LOG_LEVEL_MESSAGE, "still logging through the old API");
  g_message ("still logging through the structured API");
  healing_log_set_writer_chain (NULL, NULL, NULL);

  g_assert_cmpuint (seen, ==, 2);
}
