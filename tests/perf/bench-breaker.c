/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-breaker: what counting clean frames costs (issue 17).
 *
 * Three windows in the same run, each a grid of 1,000 wrappers around a
 * GtkLabel: plain GtkBox wrappers; HealingContainers with a component id
 * each, their breakers in the default (counting) mode, where a frame costs
 * one boolean read; and the same in count-based rate mode, where every
 * clean frame of every container is timed and recorded in its breaker's
 * 100-call window. Per frame every label is queued for redraw (as
 * bench-container's redraw-all regime) and the window's content is
 * snapshotted, timed in thread CPU time; frames of the three windows
 * rotate so drift hits all alike. Prints best and median per frame and
 * the ratios to plain GTK. Not a timed test: it only prints figures.
 *
 * It also times healing_circuit_breaker_record_call () alone, in a loop,
 * per call, in both rate modes.
 *
 *   GDK_BACKEND=x11 GTK_A11Y=none GSK_RENDERER=cairo \
 *     xvfb-run -a -s "-screen 0 1280x1024x24" _build/tests/perf/bench-breaker
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gtk/gtk.h>
#include <healing.h>

#define N_WRAPPERS 1000
#define N_COLUMNS 40
#define N_SIDES 3

typedef struct {
  const char *name;
  GtkWidget *window;
  GtkWidget *content;
  GtkWidget *labels[N_WRAPPERS];
  gint64 *samples;
  guint n_samples;
} Side;

static gint64
cpu_time_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void
side_init (Side       *side,
           const char *name,
           const char *id_prefix)
{
  GtkWidget *grid = gtk_grid_new ();
  guint i;

  side->name = name;

  for (i = 0; i < N_WRAPPERS; i++)
    {
      char text[16];
      GtkWidget *wrapper;

      g_snprintf (text, sizeof text, "%04u", i);
      side->labels[i] = gtk_label_new (text);

      if (id_prefix != NULL)
        {
          g_autofree char *id = g_strdup_printf ("%s%u", id_prefix, i);

          wrapper = healing_container_new ();
          healing_container_set_component_id (HEALING_CONTAINER (wrapper), id);
          healing_container_set_checkpoint_interval (HEALING_CONTAINER (wrapper), 0);
          healing_container_set_child (HEALING_CONTAINER (wrapper), side->labels[i]);
        }
      else
        {
          wrapper = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
          gtk_box_append (GTK_BOX (wrapper), side->labels[i]);
        }

      gtk_grid_attach (GTK_GRID (grid), wrapper, i % N_COLUMNS, i / N_COLUMNS, 1, 1);
    }

  side->content = grid;
  side->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (side->window), name);
  gtk_window_set_child (GTK_WINDOW (side->window), grid);
  gtk_window_present (GTK_WINDOW (side->window));
}

static void
run_frame (Side     *side,
           gboolean  record)
{
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  gint64 start, end;
  guint i;

  for (i = 0; i < N_WRAPPERS; i++)
    gtk_widget_queue_draw (side->labels[i]);
  gtk_widget_allocate (side->content,
                       gtk_widget_get_width (side->content),
                       gtk_widget_get_height (side->content),
                       -1, NULL);

  start = cpu_time_ns ();
  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (side->window, side->content, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  end = cpu_time_ns ();

  g_assert (node != NULL);
  gsk_render_node_unref (node);

  if (record)
    side->samples[side->n_samples++] = end - start;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
wait_mapped (Side *side)
{
  while (!gtk_widget_get_mapped (side->window) ||
         gtk_widget_get_width (side->content) == 0)
    g_main_context_iteration (NULL, TRUE);
}

static double
time_record_call (HealingCircuitMode mode,
                  guint              n)
{
  HealingCircuitBreaker *breaker = healing_circuit_breaker_new (NULL, NULL);
  gint64 start, end;
  guint i;

  healing_circuit_breaker_set_mode (breaker, mode);
  /* Never opens: every call is a success. */
  start = cpu_time_ns ();
  for (i = 0; i < n; i++)
    healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 1000);
  end = cpu_time_ns ();
  g_object_unref (breaker);

  return (double) (end - start) / n;
}

int
main (int   argc,
      char *argv[])
{
  int frames = 200, warmup = 10;
  GOptionEntry entries[] = {
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames per window (default 200)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  HealingPolicy *policy, *rated;
  Side sides[N_SIDES];
  gint64 best[N_SIDES], median[N_SIDES];
  guint s, frame, i;

  context = g_option_context_new ("- the cost of counting clean frames");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();
  healing_init ();

  /* Components "Rated*" use count-based windows; "Counted*" the default. */
  policy = healing_policy_new ();
  rated = healing_policy_new ();
  healing_policy_set_breaker_mode (rated, HEALING_CIRCUIT_MODE_COUNT_BASED);
  for (i = 0; i < N_WRAPPERS; i++)
    {
      g_autofree char *id = g_strdup_printf ("Rated%u", i);

      healing_policy_set_component (policy, id, rated);
    }
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  memset (sides, 0, sizeof sides);
  side_init (&sides[0], "plain: GtkBox", NULL);
  side_init (&sides[1], "counting mode", "Counted");
  side_init (&sides[2], "count-based mode", "Rated");
  for (s = 0; s < N_SIDES; s++)
    {
      wait_mapped (&sides[s]);
      sides[s].samples = g_new0 (gint64, frames);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  for (frame = 0; frame < (guint) (warmup + frames); frame++)
    for (s = 0; s < N_SIDES; s++)
      run_frame (&sides[(frame + s) % N_SIDES], frame >= (guint) warmup);

  for (s = 0; s < N_SIDES; s++)
    {
      qsort (sides[s].samples, sides[s].n_samples, sizeof (gint64), compare_gint64);
      best[s] = sides[s].samples[0];
      median[s] = sides[s].samples[sides[s].n_samples / 2];
    }

  {
    HealingCircuitBreaker *one = healing_runtime_lookup_breaker (healing_runtime_get_default (), "Rated0");

    g_print ("bench-breaker: %u containers per window, %d frames each, GTK %u.%u.%u, "
             "CPU time of the snapshot phase per frame; a rated breaker holds %u calls\n",
             N_WRAPPERS, frames, gtk_get_major_version (), gtk_get_minor_version (),
             gtk_get_micro_version (),
             one != NULL ? healing_circuit_breaker_get_calls_in_window (one) : 0);
  }
  g_print ("%-18s %12s %12s %12s %12s\n", "window", "best", "median", "ratio best", "ratio med");
  for (s = 0; s < N_SIDES; s++)
    g_print ("%-18s %9.3f ms %9.3f ms %12.3f %12.3f\n", sides[s].name,
             best[s] / 1e6, median[s] / 1e6,
             (double) best[s] / best[0], (double) median[s] / median[0]);

  g_print ("record_call alone: count-based %.1f ns/call, time-based %.1f ns/call\n",
           time_record_call (HEALING_CIRCUIT_MODE_COUNT_BASED, 1000000),
           time_record_call (HEALING_CIRCUIT_MODE_TIME_BASED, 1000000));

  for (s = 0; s < N_SIDES; s++)
    {
      gtk_window_destroy (GTK_WINDOW (sides[s].window));
      g_free (sides[s].samples);
    }
  healing_runtime_set_policy (healing_runtime_get_default (), NULL);
  g_object_unref (rated);
  g_object_unref (policy);

  return 0;
}
