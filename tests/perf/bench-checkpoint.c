/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Checkpoint costs on a large subtree: capture, restore, and a checkpoint
 * of an unchanged subtree, against plain GTK baselines.
 *
 * Times are the main thread's CPU time (CLOCK_THREAD_CPUTIME_ID), medians
 * of RUNS: on a shared machine, wall-clock time measures the other
 * processes too. The ratios are against the baselines of the same run.
 *
 * Run under a display: xvfb-run tests/perf/bench-checkpoint [rows]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <healing.h>

#include "healing-checkpoint-ring-private.h"

#define RUNS 7

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

#define TIME(ms, code) \
  G_STMT_START { \
    gint64 _start = thread_cpu_us (); \
    code; \
    ms = (thread_cpu_us () - _start) / 1000.0; \
  } G_STMT_END

/* A capture in slices, as a container's automatic checkpoint runs it:
 * prints its CPU time in all, its slices and the longest. */
static void
time_slices (const char            *what,
             HealingCheckpointRing *ring,
             gboolean               look_for_added,
             double                 baseline)
{
  double total = 0, longest = 0, ms;
  guint slices = 0;

  TIME (ms, healing_checkpoint_ring_checkpoint_in_slices (ring, look_for_added));
  total += ms;
  longest = MAX (longest, ms);
  while (healing_checkpoint_ring_get_capturing (ring))
    {
      TIME (ms, g_main_context_iteration (NULL, FALSE));
      total += ms;
      longest = MAX (longest, ms);
      slices++;
    }

  printf ("ring, in slices: %-28s %8.3f ms in all (%.2f× get \"visible\"), %u slices, longest %.3f ms\n",
          what, total, total / baseline, slices, longest);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static guint
walk (GtkWidget *widget)
{
  GtkWidget *child;
  guint n = 1;

  for (child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += walk (child);

  return n;
}

static void
get_visible (GtkWidget *widget)
{
  GtkWidget *child;
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_object_get_property (G_OBJECT (widget), "visible", &value);
  for (child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    get_visible (child);
}

static GtkWidget *
build (guint      rows,
       GPtrArray *entries)
{
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guint i;

  for (i = 0; i < rows; i++)
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

  return g_object_ref_sink (root);
}


int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  GPtrArray *entries = g_ptr_array_new ();
  HealingCheckpointRing *ring;
  HealingCheckpoint *checkpoint = NULL, *loaded;
  GtkWidget *root;
  double t[RUNS], ms, walk_ms, visible_ms;
  guint n_widgets, i, r, loops;
  char *data;
  gsize length;

  gtk_init ();
  healing_init ();

  root = build (rows, entries);
  n_widgets = walk (root);
  printf ("subtree: %u rows, %u widgets in all (GTK internals included), %u captured widgets\n",
          rows, n_widgets, 1 + rows * 5);

  for (r = 0; r < RUNS; r++)
    TIME (t[r], walk (root));
  walk_ms = median (t, RUNS);
  printf ("baseline: walk the tree                      %8.3f ms\n", walk_ms);
  for (r = 0; r < RUNS; r++)
    TIME (t[r], get_visible (root));
  visible_ms = median (t, RUNS);
  printf ("baseline: get \"visible\" of every widget      %8.3f ms\n", visible_ms);

  for (r = 0; r < RUNS; r++)
    {
      g_clear_object (&checkpoint);
      TIME (t[r], checkpoint = healing_checkpoint_new_capture (root));
    }
  ms = median (t, RUNS);
  printf ("capture (healing_checkpoint_new_capture)     %8.3f ms  (%u objects; %.1f× get \"visible\")\n",
          ms, healing_checkpoint_get_n_objects (checkpoint), ms / visible_ms);

  for (r = 0; r < RUNS; r++)
    TIME (t[r], healing_checkpoint_restore (checkpoint, root, NULL));
  ms = median (t, RUNS);
  printf ("restore, nothing to set                      %8.3f ms  (%.1f× get \"visible\")\n",
          ms, ms / visible_ms);

  for (r = 0; r < RUNS; r++)
    {
      for (i = 0; i < entries->len; i++)
        gtk_editable_set_text (g_ptr_array_index (entries, i), "changed");
      TIME (t[r], healing_checkpoint_restore (checkpoint, root, NULL));
    }
  printf ("restore, %5u entries to set back          %8.3f ms\n", entries->len, median (t, RUNS));

  TIME (ms, data = healing_checkpoint_to_data (checkpoint, &length));
  printf ("serialise to JSON                            %8.3f ms  (%zu bytes)\n", ms, (size_t) length);
  TIME (ms, loaded = healing_checkpoint_new_from_data (data, length, NULL));
  printf ("parse JSON                                   %8.3f ms\n", ms);
  g_object_unref (loaded);
  g_free (data);

  ring = healing_checkpoint_ring_new ();
  healing_checkpoint_ring_set_root (ring, root);
  TIME (ms, healing_checkpoint_ring_checkpoint (ring));
  printf ("ring: first checkpoint (capture + tracking)  %8.3f ms\n", ms);

  loops = 100000;
  TIME (ms, for (i = 0; i < loops; i++) healing_checkpoint_ring_checkpoint (ring));
  printf ("ring: checkpoint, nothing changed            %8.6f ms\n", ms / loops);

  for (r = 0; r < RUNS; r++)
    {
      gtk_editable_set_text (g_ptr_array_index (entries, r * 7 % entries->len), r % 2 ? "a" : "b");
      TIME (t[r], healing_checkpoint_ring_checkpoint (ring));
    }
  printf ("ring: checkpoint, one entry changed          %8.3f ms\n", median (t, RUNS));

  for (r = 0; r < RUNS; r++)
    {
      for (i = 0; i < entries->len; i++)
        gtk_editable_set_text (g_ptr_array_index (entries, i), r % 2 ? "x" : "y");
      TIME (t[r], healing_checkpoint_ring_checkpoint (ring));
    }
  printf ("ring: checkpoint, every entry changed        %8.3f ms\n", median (t, RUNS));

  /* What a structure change costs (and, before issue 16, every tenth
   * automatic checkpoint of a container). */
  for (r = 0; r < RUNS; r++)
    {
      healing_checkpoint_ring_mark_dirty (ring);
      TIME (t[r], healing_checkpoint_ring_checkpoint (ring));
    }
  ms = median (t, RUNS);
  printf ("ring: checkpoint after mark_dirty            %8.3f ms  (%.1f× get \"visible\")\n",
          ms, ms / visible_ms);

  /* Restores one after the other are not a restore loop here. */
  healing_checkpoint_ring_set_loop_guard (ring, 0);
  healing_checkpoint_ring_checkpoint (ring);
  for (r = 0; r < RUNS; r++)
    TIME (t[r], healing_checkpoint_ring_restore (ring, NULL));
  ms = median (t, RUNS);
  printf ("ring: restore, nothing to set                %8.3f ms  (%.2f× walk the tree)\n",
          ms, ms / walk_ms);

  for (r = 0; r < RUNS; r++)
    {
      for (i = 0; i < entries->len; i++)
        gtk_editable_set_text (g_ptr_array_index (entries, i), r % 2 ? "p" : "q");
      TIME (t[r], healing_checkpoint_ring_restore (ring, NULL));
    }
  printf ("ring: restore, %5u entries to set back      %8.3f ms\n", entries->len, median (t, RUNS));

  g_object_unref (ring);

  /* What a container's automatic checkpoints do (issue 16). */
  ring = healing_checkpoint_ring_new ();
  healing_checkpoint_ring_set_root (ring, root);
  time_slices ("first capture", ring, FALSE, visible_ms);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "one");
  time_slices ("one entry changed", ring, FALSE, visible_ms);
  time_slices ("walk for widgets added", ring, TRUE, visible_ms);
  gtk_box_remove (GTK_BOX (root), gtk_widget_get_last_child (root));
  time_slices ("after a row was removed", ring, FALSE, visible_ms);
  for (i = 0; i < entries->len - 1; i++)
    gtk_editable_set_text (g_ptr_array_index (entries, i), "every");
  time_slices ("every entry changed", ring, FALSE, visible_ms);
  g_object_unref (ring);

  g_object_unref (checkpoint);
  g_object_unref (root);
  g_ptr_array_unref (entries);

  return 0;
}
