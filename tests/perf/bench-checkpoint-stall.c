/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The longest main-thread stall that checkpoints cause, over a minute of
 * real (wall-clock) time.
 *
 * Two arms in the same run, each a window showing a 2,000-row form
 * (10,001 captured widgets, 2,000 buffers): plain GTK (the form in a
 * GtkBox) and libhealing (the form in a HealingContainer with its default
 * automatic checkpoints, every HEALING_DEFAULT_CHECKPOINT_INTERVAL_MS).
 * In both, an entry changes every 500 ms and a row is removed every
 * 20 s (a structure change).
 *
 * Every main-loop iteration is timed, from the return of poll () to the
 * next call (the work it did), in wall-clock time and in the main
 * thread's CPU time (what this process did, whatever else the machine
 * runs). Iterations that drew a frame (layout and paint of the form,
 * which both arms pay alike) are counted apart; the longest of the
 * others is what the application's own work, and the checkpoints, cost
 * in one go.
 *
 * Run under a display: xvfb-run tests/perf/bench-checkpoint-stall [seconds]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <healing.h>

#define ROWS 2000

typedef struct {
  double longest_wall;   /* ms */
  double longest_cpu;    /* ms */
  double longest_frame_wall;
  guint iterations;
  guint over_4ms;        /* CPU time */
  guint frames;
} Stats;

static Stats *stats;
static gboolean in_frame;
static gint64 returned_wall;
static gint64 returned_cpu;
static GPollFunc default_poll;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  int result;

  if (stats != NULL && returned_wall != 0)
    {
      double wall = (g_get_monotonic_time () - returned_wall) / 1000.0;
      double cpu = (thread_cpu_us () - returned_cpu) / 1000.0;

      stats->iterations++;
      if (in_frame)
        {
          stats->frames++;
          stats->longest_frame_wall = MAX (stats->longest_frame_wall, wall);
        }
      else
        {
          stats->longest_wall = MAX (stats->longest_wall, wall);
          stats->longest_cpu = MAX (stats->longest_cpu, cpu);
          if (cpu > 4.0)
            stats->over_4ms++;
        }
    }

  result = default_poll (fds, n_fds, timeout);

  in_frame = FALSE;
  returned_wall = g_get_monotonic_time ();
  returned_cpu = thread_cpu_us ();

  return result;
}

static void
frame_cb (GdkFrameClock *clock,
          gpointer       data)
{
  in_frame = TRUE;
}

static GtkWidget *
build (GPtrArray *entries)
{
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guint i;

  for (i = 0; i < ROWS; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *entry = gtk_entry_new ();
      char label[32];

      g_snprintf (label, sizeof label, "Field %u", i);
      gtk_box_append (GTK_BOX (row), gtk_label_new (label));
      gtk_box_append (GTK_BOX (row), entry);
      gtk_box_append (GTK_BOX (row), gtk_check_button_new ());
      gtk_box_append (GTK_BOX (row), gtk_switch_new ());
      gtk_box_append (GTK_BOX (root), row);
      g_ptr_array_add (entries, entry);
    }

  return root;
}

typedef struct {
  GPtrArray *entries;
  GtkWidget *form;
  guint n;
} Edits;

static gboolean
edit_cb (gpointer data)
{
  Edits *edits = data;
  char text[32];

  g_snprintf (text, sizeof text, "edit %u", edits->n);
  gtk_editable_set_text (g_ptr_array_index (edits->entries, (edits->n * 37) % edits->entries->len), text);
  edits->n++;

  return G_SOURCE_CONTINUE;
}

static gboolean
remove_row_cb (gpointer data)
{
  Edits *edits = data;
  GtkWidget *row = gtk_widget_get_last_child (edits->form);

  g_ptr_array_remove (edits->entries, gtk_widget_get_next_sibling (gtk_widget_get_first_child (row)));
  gtk_box_remove (GTK_BOX (edits->form), row);

  return G_SOURCE_CONTINUE;
}

static gboolean
stop_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_arm (const char *name,
         gboolean    healing,
         guint       seconds,
         Stats      *out)
{
  GPtrArray *entries = g_ptr_array_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *form = build (entries);
  Edits edits = { entries, form, 0 };
  gboolean done = FALSE;
  guint edit_id, remove_id;
  gulong layout_id, paint_id;
  GdkFrameClock *clock;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  if (healing)
    {
      GtkWidget *container = healing_container_new ();

      healing_container_set_child (HEALING_CONTAINER (container), form);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), container);
    }
  else
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), form);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));

  /* Let the window map and draw its first frames before timing. */
  while (!gtk_widget_get_mapped (form))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  clock = gtk_widget_get_frame_clock (window);
  layout_id = g_signal_connect (clock, "layout", G_CALLBACK (frame_cb), NULL);
  paint_id = g_signal_connect (clock, "paint", G_CALLBACK (frame_cb), NULL);

  /* Above the default priority of the checkpoint timer: the edits never
   * share its main-loop iteration. */
  edit_id = g_timeout_add_full (G_PRIORITY_HIGH, 500, edit_cb, &edits, NULL);
  remove_id = g_timeout_add_full (G_PRIORITY_HIGH, 20000, remove_row_cb, &edits, NULL);
  g_timeout_add_seconds_full (G_PRIORITY_HIGH, seconds, stop_cb, &done, NULL);

  *out = (Stats) { 0 };
  returned_wall = 0;
  stats = out;
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  stats = NULL;

  g_source_remove (edit_id);
  g_source_remove (remove_id);
  g_signal_handler_disconnect (clock, layout_id);
  g_signal_handler_disconnect (clock, paint_id);

  printf ("%-10s %5u iterations (%4u frames); longest without a frame: %7.3f ms CPU, %7.3f ms wall;"
          " over 4 ms CPU: %u; longest frame %7.3f ms wall\n",
          name, out->iterations, out->frames, out->longest_cpu, out->longest_wall,
          out->over_4ms, out->longest_frame_wall);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_ptr_array_unref (entries);
}

int
main (int   argc,
      char *argv[])
{
  guint seconds = argc > 1 ? (guint) atoi (argv[1]) : 60;
  Stats plain, healing;

  gtk_init ();
  healing_init ();

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  printf ("%u rows (%u captured widgets), %u s of real time per arm, checkpoints every %u ms\n",
          ROWS, 1 + ROWS * 5, seconds, HEALING_DEFAULT_CHECKPOINT_INTERVAL_MS);
  run_arm ("GTK", FALSE, seconds, &plain);
  run_arm ("libhealing", TRUE, seconds, &healing);
  printf ("longest stall without a frame, libhealing / GTK: %.2f× CPU (%+.3f ms), %.2f× wall (%+.3f ms)\n",
          healing.longest_cpu / plain.longest_cpu, healing.longest_cpu - plain.longest_cpu,
          healing.longest_wall / plain.longest_wall, healing.longest_wall - plain.longest_wall);

  return 0;
}
