/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-container: the snapshot cost of HealingContainer.
 *
 * Three windows in the same run, each a grid of 1,000 wrappers around a
 * GtkLabel: plain GtkBox wrappers in one, HealingContainers in the second
 * (the default: the child's drawing is trapped), HealingContainers with
 * trusted-drawing set in the third (the opt-in mode in which it is not;
 * its figures are that mode's, never the default's).
 * Per frame, labels are changed and laid out (not timed), then the
 * window's content is snapshotted (timed: gtk_widget_snapshot_child() of
 * the content into a fresh GtkSnapshot, plus gtk_snapshot_free_to_node()).
 * Frames of the windows take turns, so drift and noise hit all alike.
 *
 * Regimes:
 *   all-changed  every label gets new text each frame: all 1,000 wrappers
 *                are snapshotted again (the worst case for the guard: a
 *                trap frame, a scratch draw and an appended node per
 *                container per frame);
 *   one-changed  one label changes per frame: GTK reuses the cached render
 *                nodes of the 999 unchanged wrappers (the realistic case);
 *   redraw-all   every label is queued for redraw with unchanged text: as
 *                all-changed, minus the relayout;
 *   paint-all    all labels changed, the snapshot phase and then the
 *                window's renderer drawing the node (gsk_renderer_render ()
 *                on the whole surface): a full frame's paint, counted by
 *                callgrind too (use GSK_RENDERER=cairo under Xvfb, so
 *                the renderer's cost is the CPU's, not the GL driver's);
 *   paint-clock  all labels changed, and the whole paint phase of a real
 *                frame timed through the frame clock (from the end of the
 *                layout phase to after-paint: snapshot + rendering), to
 *                show what share of a frame the guard costs.
 *
 * A guarded frame also drops the nodes the containers' scratch snapshots
 * collected (what an idle does once per frame in an application; see
 * src/healing-container.c, "Scratch snapshots"): it is timed with the
 * snapshot, as part of the guarded side's cost of a frame.
 *
 * Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so time the
 * process spends preempted on a busy machine is not counted; best-of-N and
 * median per frame are printed, and the guarded/plain and trusted/plain
 * ratios (target ≤ 1.05).
 * Not a timed test: it only prints figures.
 *
 * Run:
 *   GDK_BACKEND=x11 GTK_A11Y=none GSK_RENDERER=cairo \
 *     xvfb-run -a -s "-screen 0 1280x1024x24" _build/tests/perf/bench-container
 *
 * Instruction counts (these machines are noisy): --callgrind runs 20 frames
 * per regime and window, and every timed frame goes through one of the
 * functions bench_frame_<regime>_<plain|guarded|trusted>:
 *   GDK_BACKEND=x11 GTK_A11Y=none GSK_RENDERER=cairo \
 *     xvfb-run -a -s "-screen 0 1280x1024x24" \
 *     valgrind --tool=callgrind --toggle-collect='bench_frame_*' \
 *       --callgrind-out-file=callgrind.bench.out \
 *       _build/tests/perf/bench-container --callgrind
 *   callgrind_annotate --inclusive=yes --threshold=100 callgrind.bench.out | grep bench_frame_
 * and divide each function's inclusive Ir by the number of frames printed
 * (warm-up frames do not go through those functions);
 * tests/perf/overhead.py does all that and prints the ratios, with the
 * other rows of the overhead table.
 * The paint-clock regime (through the frame clock) is skipped in this
 * mode: paint-all counts the same work. Expect the one-changed figures to
 * move by ±10% between runs either way: at ~1 M Ir per frame, malloc's
 * state (malloc_consolidate) weighs more than the single guarded
 * container; the all-changed ones move by ±1% (the heap's history).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gtk/gtk.h>
#include <healing.h>

#include "healing-container-private.h"

#define N_WRAPPERS 1000
#define N_COLUMNS 40

typedef enum {
  SIDE_PLAIN,
  SIDE_GUARDED,
  SIDE_TRUSTED,
  N_SIDES
} SideKind;

typedef enum {
  REGIME_ALL_CHANGED,
  REGIME_ONE_CHANGED,
  REGIME_REDRAW_ALL,
  REGIME_PAINT_ALL,
  N_REGIMES
} Regime;

static const char * const regime_names[N_REGIMES] = {
  "all-changed",
  "one-changed",
  "redraw-all",
  "paint-all",
};

typedef struct {
  const char *name;
  GtkWidget *window;
  GtkWidget *content;
  GtkWidget *labels[N_WRAPPERS];
  SideKind kind;
  gint64 *samples;
  guint n_samples;
} Side;

static guint generation;

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
           SideKind    kind)
{
  GtkWidget *grid = gtk_grid_new ();
  guint i;

  side->name = name;
  side->kind = kind;

  for (i = 0; i < N_WRAPPERS; i++)
    {
      char text[16];
      GtkWidget *wrapper;

      g_snprintf (text, sizeof text, "%04u", i);
      side->labels[i] = gtk_label_new (text);

      if (kind != SIDE_PLAIN)
        {
          wrapper = healing_container_new ();
          healing_container_set_trusted_drawing (HEALING_CONTAINER (wrapper),
                                                 kind == SIDE_TRUSTED);
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

/* Changes the labels the regime calls for and lays the content out again:
 * everything before the snapshot phase, not timed. */
static void
prepare_frame (Side   *side,
               Regime  regime,
               guint   frame)
{
  guint i;

  switch (regime)
    {
    case REGIME_ALL_CHANGED:
    case REGIME_PAINT_ALL:
      for (i = 0; i < N_WRAPPERS; i++)
        {
          char text[16];

          g_snprintf (text, sizeof text, "%04u", (i + generation) % 10000);
          gtk_label_set_text (GTK_LABEL (side->labels[i]), text);
        }
      break;
    case REGIME_ONE_CHANGED:
      {
        char text[16];

        i = frame % N_WRAPPERS;
        g_snprintf (text, sizeof text, "%04u", (i + generation) % 10000);
        gtk_label_set_text (GTK_LABEL (side->labels[i]), text);
      }
      break;
    case REGIME_REDRAW_ALL:
      for (i = 0; i < N_WRAPPERS; i++)
        gtk_widget_queue_draw (side->labels[i]);
      break;
    case N_REGIMES:
    default:
      g_assert_not_reached ();
    }

  gtk_widget_allocate (side->content,
                       gtk_widget_get_width (side->content),
                       gtk_widget_get_height (side->content),
                       -1, NULL);
}

/* The timed part: the snapshot phase of the window's content. */
static inline GskRenderNode *
snapshot_content (Side *side)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  gtk_widget_snapshot_child (side->window, side->content, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (side->kind != SIDE_PLAIN)
    healing_container_flush_scratch_snapshots ();

  return node;
}

/* A full frame's paint: the snapshot, then the window's renderer draws
 * the node on the whole surface. */
static inline GskRenderNode *
render_content (Side *side)
{
  GskRenderNode *node = snapshot_content (side);

  gsk_renderer_render (gtk_native_get_renderer (GTK_NATIVE (side->window)), node, NULL);

  return node;
}

/* One function per regime and side, so that callgrind can count each
 * apart (see the command at the top). */
#define DEFINE_FRAME_FUNC(name) \
  G_GNUC_NO_INLINE static GskRenderNode * \
  name (Side *side) \
  { \
    return snapshot_content (side); \
  }
#define DEFINE_RENDER_FUNC(name) \
  G_GNUC_NO_INLINE static GskRenderNode * \
  name (Side *side) \
  { \
    return render_content (side); \
  }

DEFINE_FRAME_FUNC (bench_frame_all_changed_plain)
DEFINE_FRAME_FUNC (bench_frame_all_changed_guarded)
DEFINE_FRAME_FUNC (bench_frame_all_changed_trusted)
DEFINE_FRAME_FUNC (bench_frame_one_changed_plain)
DEFINE_FRAME_FUNC (bench_frame_one_changed_guarded)
DEFINE_FRAME_FUNC (bench_frame_one_changed_trusted)
DEFINE_FRAME_FUNC (bench_frame_redraw_all_plain)
DEFINE_FRAME_FUNC (bench_frame_redraw_all_guarded)
DEFINE_FRAME_FUNC (bench_frame_redraw_all_trusted)
DEFINE_RENDER_FUNC (bench_frame_paint_all_plain)
DEFINE_RENDER_FUNC (bench_frame_paint_all_guarded)
DEFINE_RENDER_FUNC (bench_frame_paint_all_trusted)

typedef GskRenderNode * (*FrameFunc) (Side *side);

static const FrameFunc frame_funcs[N_REGIMES][N_SIDES] = {
  { bench_frame_all_changed_plain, bench_frame_all_changed_guarded, bench_frame_all_changed_trusted },
  { bench_frame_one_changed_plain, bench_frame_one_changed_guarded, bench_frame_one_changed_trusted },
  { bench_frame_redraw_all_plain, bench_frame_redraw_all_guarded, bench_frame_redraw_all_trusted },
  { bench_frame_paint_all_plain, bench_frame_paint_all_guarded, bench_frame_paint_all_trusted },
};

static void
run_frame (Side      *side,
           Regime     regime,
           guint      frame,
           FrameFunc  func,
           gboolean   record)
{
  GskRenderNode *node;
  gint64 start, end;

  prepare_frame (side, regime, frame);

  /* Warm-up frames stay out of the bench_frame_* functions, so callgrind
   * counts exactly the frames printed. */
  start = cpu_time_ns ();
  if (record)
    node = func (side);
  else if (regime == REGIME_PAINT_ALL)
    node = render_content (side);
  else
    node = snapshot_content (side);
  end = cpu_time_ns ();

  g_assert (node != NULL);
  gsk_render_node_unref (node);

  if (record)
    side->samples[side->n_samples++] = end - start;
}

/* The whole paint phase through the real frame clock: from the end of the
 * layout phase to after-paint, i.e. the snapshot plus the renderer drawing
 * the window (GSK_RENDERER decides which). */
typedef struct {
  gint64 start;
  gint64 duration;
  gboolean painted;
} PaintTiming;

static void
layout_done_cb (GdkFrameClock *clock,
                PaintTiming   *timing)
{
  timing->start = cpu_time_ns ();
}

static void
paint_done_cb (GdkFrameClock *clock,
               PaintTiming   *timing)
{
  if (timing->start != 0)
    timing->duration = cpu_time_ns () - timing->start;
  timing->painted = TRUE;
}

static void
run_painted_frame (Side     *side,
                   guint     frame,
                   gboolean  record)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (side->window);
  PaintTiming timing = { 0, 0, FALSE };
  gulong layout_id, paint_id;
  guint i;

  /* After GTK's own layout handler; after-paint follows the paint. */
  layout_id = g_signal_connect_after (clock, "layout", G_CALLBACK (layout_done_cb), &timing);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (paint_done_cb), &timing);

  for (i = 0; i < N_WRAPPERS; i++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%04u", (i + generation) % 10000);
      gtk_label_set_text (GTK_LABEL (side->labels[i]), text);
    }

  while (!timing.painted)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, layout_id);
  g_signal_handler_disconnect (clock, paint_id);

  if (record && timing.duration > 0)
    side->samples[side->n_samples++] = timing.duration;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
summarize (Side   *side,
           gint64 *best,
           gint64 *median)
{
  qsort (side->samples, side->n_samples, sizeof (gint64), compare_gint64);
  *best = side->samples[0];
  *median = side->samples[side->n_samples / 2];
}

/* One row: each side's best and median, then each container side's
 * ratios to the plain side. */
static void
print_row (const char *regime,
           guint       frames,
           Side       *sides)
{
  gint64 best[N_SIDES], median[N_SIDES];
  guint s;

  for (s = 0; s < N_SIDES; s++)
    summarize (&sides[s], &best[s], &median[s]);

  g_print ("%-12s %7u", regime, frames);
  for (s = 0; s < N_SIDES; s++)
    g_print ("  %9.1f µs %9.1f µs", best[s] / 1000.0, median[s] / 1000.0);
  for (s = SIDE_GUARDED; s < N_SIDES; s++)
    g_print ("  %7.3f %7.3f", (double) best[s] / best[0], (double) median[s] / median[0]);
  g_print ("\n");
}

static void
flush_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_mapped (Side *side)
{
  while (!gtk_widget_get_mapped (side->window) ||
         gtk_widget_get_width (side->content) == 0)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  gboolean callgrind = FALSE;
  int frames_all = 0, frames_one = 0, frames_paint = 0, warmup = 10;
  GOptionEntry entries[] = {
    { "callgrind", 0, 0, G_OPTION_ARG_NONE, &callgrind,
      "Few frames, for valgrind --tool=callgrind (see the source)", NULL },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames_all,
      "Frames per window in the all-changed, redraw-all and paint-all regimes (default 200)", "N" },
    { "frames-one", 0, 0, G_OPTION_ARG_INT, &frames_one,
      "Frames per window in the one-changed regime (default 2000)", "N" },
    { "frames-paint", 0, 0, G_OPTION_ARG_INT, &frames_paint,
      "Frames per window painted through the frame clock (default 100)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  Side sides[N_SIDES];
  Regime regime;
  guint s;

  context = g_option_context_new ("- HealingContainer snapshot benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (callgrind)
    {
      frames_all = frames_all > 0 ? frames_all : 20;
      frames_one = frames_one > 0 ? frames_one : 20;
      warmup = 2;
    }
  else
    {
      frames_all = frames_all > 0 ? frames_all : 200;
      frames_one = frames_one > 0 ? frames_one : 2000;
      frames_paint = frames_paint > 0 ? frames_paint : 100;
    }

  gtk_init ();
  healing_init ();

  memset (sides, 0, sizeof sides);
  side_init (&sides[SIDE_PLAIN], "plain: GtkBox", SIDE_PLAIN);
  side_init (&sides[SIDE_GUARDED], "guarded: HealingContainer", SIDE_GUARDED);
  side_init (&sides[SIDE_TRUSTED], "trusted: HealingContainer, trusted-drawing", SIDE_TRUSTED);
  for (s = 0; s < N_SIDES; s++)
    wait_mapped (&sides[s]);
  flush_main_context ();

  g_print ("bench-container: %u wrappers around a GtkLabel per window, GTK %u.%u.%u, "
           "GSK_RENDERER=%s, CPU time per frame of the snapshot phase%s\n",
           N_WRAPPERS, gtk_get_major_version (), gtk_get_minor_version (),
           gtk_get_micro_version (),
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)",
           callgrind ? " (callgrind mode: figures under valgrind are not meaningful)" : "");
  g_print ("guarded: the default (the child's drawing trapped); "
           "trusted: trusted-drawing set (not trapped, opt-in)\n");
  g_print ("%-12s %7s  %12s %12s  %12s %12s  %12s %12s  %15s  %15s\n",
           "regime", "frames", "plain best", "plain med", "guarded best", "guarded med",
           "trusted best", "trusted med", "guarded/plain", "trusted/plain");

  for (regime = 0; regime < N_REGIMES; regime++)
    {
      guint n = regime == REGIME_ONE_CHANGED ? frames_one : frames_all;
      guint frame;

      for (s = 0; s < N_SIDES; s++)
        {
          sides[s].samples = g_new0 (gint64, n);
          sides[s].n_samples = 0;
        }

      for (frame = 0; frame < warmup + n; frame++)
        {
          generation++;
          /* Rotate which side goes first. */
          for (s = 0; s < N_SIDES; s++)
            {
              guint side = (frame + s) % N_SIDES;

              run_frame (&sides[side], regime, frame,
                         frame_funcs[regime][side], frame >= (guint) warmup);
            }

          /* Let the windows handle their events now and then, without
           * painting in the middle of a measured frame. */
          if (frame % 50 == 49)
            flush_main_context ();
        }

      print_row (regime_names[regime], n, sides);

      for (s = 0; s < N_SIDES; s++)
        g_clear_pointer (&sides[s].samples, g_free);
    }

  if (!callgrind)
    {
      guint frame;

      for (s = 0; s < N_SIDES; s++)
        {
          sides[s].samples = g_new0 (gint64, frames_paint);
          sides[s].n_samples = 0;
        }

      for (frame = 0; frame < warmup + (guint) frames_paint; frame++)
        {
          generation++;
          for (s = 0; s < N_SIDES; s++)
            run_painted_frame (&sides[(frame + s) % N_SIDES], frame, frame >= (guint) warmup);
        }

      print_row ("paint-clock", sides[0].n_samples, sides);
      g_print ("(paint-clock: all labels changed, the whole paint phase of a real frame "
               "through the frame clock: snapshot + render)\n");

      for (s = 0; s < N_SIDES; s++)
        g_clear_pointer (&sides[s].samples, g_free);
    }

  g_print ("target: guarded/plain ≤ 1.05 (snapshot), ≤ 1.03 (full frame)\n");

  for (s = 0; s < N_SIDES; s++)
    gtk_window_destroy (GTK_WINDOW (sides[s].window));
  flush_main_context ();

  return 0;
}
