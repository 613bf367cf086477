/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "healing-demo-scenario.h"

/*
 * The headless scenarios: scripted sequences of faults run against the
 * real window, with checks on the containers' states, on the healthy
 * panel's progress, and on the pixels of the rendered window.
 *
 * A scenario runs from an idle, iterating the main context itself between
 * steps; faults happen inside frames that context dispatches, at the same
 * main-loop depth as the containers' guards.
 */

/* Each wait ends as soon as its condition holds; the limit is generous so
 * that the scenario also passes under valgrind. */
#define WAIT_TIMEOUT_MS 60000

typedef struct {
  guchar *data;
  int width;
  int height;
  gsize stride;
} Image;

typedef struct {
  HealingDemoWindow *window;
  GtkWidget *widget;
  char *dir;
  guint n_checks;
  guint n_failed;
  GPtrArray *screenshots;
} Scenario;

/* ------------------------------------------------------------------------
 * Checks
 * ------------------------------------------------------------------------ */

static gboolean check (Scenario   *s,
                       gboolean    ok,
                       const char *format,
                       ...) G_GNUC_PRINTF (3, 4);

static gboolean
check (Scenario   *s,
       gboolean    ok,
       const char *format,
       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  s->n_checks++;
  if (!ok)
    s->n_failed++;

  /* Translators: the outcome of one check of the demo's scenario */
  g_print ("  %s  %s\n", ok ? _("PASS") : _("FAIL"), text);

  return ok;
}

/* ------------------------------------------------------------------------
 * Waiting for the main loop
 * ------------------------------------------------------------------------ */

static gboolean
expire_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

/* Waits until @n frames of the window have been painted. */
static gboolean
wait_frames (Scenario *s,
             guint     n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (s->widget);
  gboolean expired = FALSE;
  guint painted = 0;
  gulong handler;
  guint timeout;

  if (clock == NULL)
    return FALSE;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  timeout = g_timeout_add (WAIT_TIMEOUT_MS, expire_cb, &expired);

  while (painted < n && !expired)
    {
      gtk_widget_queue_draw (s->widget);
      g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handler_disconnect (clock, handler);
  if (!expired)
    g_source_remove (timeout);

  return !expired;
}

/* Lets the main loop run for @ms milliseconds. */
static void
wait_ms (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, expire_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
wait_for_state (Scenario         *s,
                HealingContainer *container,
                HealingState      state,
                guint             timeout_ms)
{
  gboolean expired = FALSE;
  guint timeout;

  timeout = g_timeout_add (timeout_ms, expire_cb, &expired);
  while (healing_container_get_state (container) != state && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);

  return !expired;
}

/* A GtkButton activated from the keyboard (or by gtk_widget_activate())
 * shows itself pressed for a moment before it emits ::clicked. */
static gboolean
wait_for_clicks (Scenario *s,
                 guint     clicks,
                 guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint timeout;

  timeout = g_timeout_add (timeout_ms, expire_cb, &expired);
  while (healing_demo_window_get_clicks (s->window) < clicks && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);

  return !expired;
}

static gboolean
wait_for_ticks (HealingDemoTicker *ticker,
                guint              ticks,
                guint              timeout_ms)
{
  gboolean expired = FALSE;
  guint timeout;

  timeout = g_timeout_add (timeout_ms, expire_cb, &expired);
  while (healing_demo_ticker_get_ticks (ticker) < ticks && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);

  return !expired;
}

/* ------------------------------------------------------------------------
 * Pixels
 * ------------------------------------------------------------------------ */

static void
image_free (gpointer data)
{
  Image *image = data;

  g_free (image->data);
  g_free (image);
}

/* Renders the window the way GTK would, to a texture: the window's
 * paintable, snapshotted, rendered by the window's own renderer. */
static Image *
render_window (Scenario   *s,
               const char *png_path)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (s->widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (s->widget);
  int height = gtk_widget_get_height (s->widget);
  GskRenderNode *node;
  GskRenderer *renderer;
  GdkTexture *texture;
  Image *image;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_object_unref (paintable);
  if (node == NULL)
    return NULL;

  renderer = gtk_native_get_renderer (GTK_NATIVE (s->widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  if (png_path != NULL && !gdk_texture_save_to_png (texture, png_path))
    g_printerr ("healing-demo: could not write %s\n", png_path);

  image = g_new0 (Image, 1);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->stride = (gsize) image->width * 4;
  image->data = g_malloc (image->stride * image->height);
  /* B8G8R8A8 premultiplied: 0xAARRGGBB on little-endian. */
  gdk_texture_download (texture, image->data, image->stride);
  g_object_unref (texture);

  return image;
}

static guint32
image_pixel (const Image *image,
             int          x,
             int          y)
{
  x = CLAMP (x, 0, image->width - 1);
  y = CLAMP (y, 0, image->height - 1);

  return GUINT32_FROM_LE (*(guint32 *) (image->data + y * image->stride + x * 4));
}

static gboolean
color_near (guint32 a,
            guint32 b)
{
  int shift;

  for (shift = 0; shift < 32; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 6)
      return FALSE;

  return TRUE;
}

static gboolean
widget_bounds (Scenario        *s,
               GtkWidget       *widget,
               graphene_rect_t *bounds)
{
  return gtk_widget_compute_bounds (widget, s->widget, bounds);
}

/* The fraction of a 24×12 grid of samples inside @bounds (inset by 4 px)
 * whose colour is near @color. */
static double
fraction_near (const Image           *image,
               const graphene_rect_t *bounds,
               guint32                color)
{
  guint hits = 0, total = 0;
  int i, j;

  for (j = 0; j < 12; j++)
    for (i = 0; i < 24; i++)
      {
        int x = bounds->origin.x + 4 + (bounds->size.width - 8) * (i + 0.5) / 24;
        int y = bounds->origin.y + 4 + (bounds->size.height - 8) * (j + 0.5) / 12;

        total++;
        if (color_near (image_pixel (image, x, y), color))
          hits++;
      }

  return (double) hits / total;
}

/* How many pixels inside @bounds differ between two renders. */
static guint
count_changed (const Image           *a,
               const Image           *b,
               const graphene_rect_t *bounds)
{
  guint changed = 0;
  int x, y;

  for (y = bounds->origin.y; y < bounds->origin.y + bounds->size.height; y++)
    for (x = bounds->origin.x; x < bounds->origin.x + bounds->size.width; x++)
      if (image_pixel (a, x, y) != image_pixel (b, x, y))
        changed++;

  return changed;
}

static HealingContainer *
ticker_container (Scenario *s)
{
  return healing_demo_window_get_container (s->window, HEALING_DEMO_TICKER_ID);
}

static HealingContainer *
clock_container (Scenario *s)
{
  return healing_demo_window_get_container (s->window, HEALING_DEMO_CLOCK_ID);
}

/* Renders the window, writes it as @name.png, and checks what the ticker
 * and the healthy panel show. */
static Image *
screenshot (Scenario   *s,
            const char *name,
            gboolean    ticker_expected)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (s->dir, file, NULL);
  graphene_rect_t ticker, clock;
  guint32 window_bg;
  Image *image;
  double ticker_px, clock_px, blank_px;

  image = render_window (s, path);
  if (!check (s, image != NULL, "%s: the window renders", file))
    return NULL;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_ptr_array_add (s->screenshots, g_steal_pointer (&path));

  widget_bounds (s, GTK_WIDGET (ticker_container (s)), &ticker);
  widget_bounds (s, GTK_WIDGET (clock_container (s)), &clock);

  /* The window's background, in the gap between the two panels. */
  window_bg = image_pixel (image, ticker.origin.x + ticker.size.width + 6,
                           ticker.origin.y + ticker.size.height / 2);

  ticker_px = fraction_near (image, &ticker, HEALING_DEMO_TICKER_BACKGROUND);
  blank_px = fraction_near (image, &ticker, window_bg);
  clock_px = fraction_near (image, &clock, HEALING_DEMO_CLOCK_BACKGROUND);

  if (ticker_expected)
    check (s, ticker_px > 0.5,
           "%s: the ticker region shows the ticker's chart (%.0f%% of samples)",
           file, ticker_px * 100);
  else
    check (s, ticker_px == 0 && blank_px < 0.5,
           "%s: the ticker region shows the fallback, not the ticker's drawing "
           "(%.0f%% ticker, %.0f%% bare window)", file, ticker_px * 100, blank_px * 100);

  check (s, clock_px > 0.3,
         "%s: the healthy panel is drawn (%.0f%% of samples are its background)",
         file, clock_px * 100);

  return image;
}

/* ------------------------------------------------------------------------
 * Steps
 * ------------------------------------------------------------------------ */

static gboolean
expect_fault (Scenario         *s,
              HealingFaultKind  kind,
              guint             fault_count)
{
  HealingContainer *ticker = ticker_container (s);
  HealingFault *fault;

  if (!check (s, wait_for_state (s, ticker, HEALING_STATE_FALLBACK, WAIT_TIMEOUT_MS),
              "%s is in fallback", HEALING_DEMO_TICKER_ID))
    return FALSE;

  wait_frames (s, 2);

  fault = healing_container_get_last_fault (ticker);
  check (s, fault != NULL &&
            healing_fault_get_kind (fault) == kind &&
            healing_fault_get_phase (fault) == HEALING_PHASE_SNAPSHOT &&
            healing_container_get_fault_count (ticker) == fault_count,
         "%s recorded fault #%u while drawing: %s",
         HEALING_DEMO_TICKER_ID, fault_count,
         fault != NULL ? healing_fault_get_message (fault) : "(none)");

  return TRUE;
}

static void
try_again (Scenario *s)
{
  healing_demo_window_try_again (s->window);
  check (s, wait_for_state (s, ticker_container (s), HEALING_STATE_HEALTHY, WAIT_TIMEOUT_MS),
         "%s is healthy after Try again", HEALING_DEMO_TICKER_ID);
  wait_frames (s, 2);
}

static void
run_basic (Scenario *s)
{
  static const struct {
    HealingDemoFault fault;
    HealingFaultKind kind;
  } injected[] = {
    { HEALING_DEMO_FAULT_DIVIDE_BY_ZERO, HEALING_FAULT_CRASH },
    { HEALING_DEMO_FAULT_ABORT, HEALING_FAULT_CRASH },
    { HEALING_DEMO_FAULT_STACK_OVERFLOW, HEALING_FAULT_CRASH },
    { HEALING_DEMO_FAULT_CRITICAL, HEALING_FAULT_CRITICAL },
  };
  HealingDemoTicker *ticker = healing_demo_window_get_ticker (s->window);
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func (image_free);
  guint count_before, count_after, clicks_before;
  gint64 start, elapsed;
  graphene_rect_t label;
  Image *before, *after;
  gboolean ticked;
  guint faults = 1;
  guint i;

  g_print (_("Scenario “basic”: the ticker crashes while drawing; more faults are injected after each Try again; the healthy panel keeps working.\n"));

  check (s, wait_frames (s, 3), "the window paints");
  ticked = wait_for_ticks (ticker, healing_demo_ticker_get_crash_after (ticker) / 2, WAIT_TIMEOUT_MS);
  check (s, ticked, "the ticker ticks (%u ticks)", healing_demo_ticker_get_ticks (ticker));

  before = screenshot (s, "01-before", TRUE);
  if (before != NULL)
    g_ptr_array_add (images, before);

  start = g_get_monotonic_time ();
  count_before = healing_demo_window_get_clock_count (s->window);
  clicks_before = healing_demo_window_get_clicks (s->window);

  /* 1. The ticker's own bug: a NULL dereference while drawing. */
  g_print (_("Waiting for the ticker to crash on its own (after %u ticks)…\n"),
           healing_demo_ticker_get_crash_after (ticker));
  if (expect_fault (s, HEALING_FAULT_CRASH, faults))
    {
      HealingFault *fault = healing_container_get_last_fault (ticker_container (s));

      check (s, healing_fault_get_signal (fault) == SIGSEGV,
             "the ticker's own fault is a SIGSEGV (signal %d)",
             healing_fault_get_signal (fault));
    }

  after = screenshot (s, "02-ticker-crashed", FALSE);
  if (after != NULL)
    {
      g_ptr_array_add (images, after);

      if (before != NULL &&
          widget_bounds (s, healing_demo_window_get_clock_label (s->window), &label))
        check (s, count_changed (before, after, &label) > 0,
               "the healthy panel's counter was redrawn with a new value (%u pixels changed)",
               count_changed (before, after, &label));
    }

  /* The healthy panel still handles input. */
  gtk_widget_activate (healing_demo_window_get_click_button (s->window));
  check (s, wait_for_clicks (s, clicks_before + 1, WAIT_TIMEOUT_MS),
         "the healthy panel's button still responds");

  /* 2. Try again, then each other fault kind, each after a reset. */
  for (i = 0; i < G_N_ELEMENTS (injected); i++)
    {
      try_again (s);
      if (i == 0)
        {
          Image *image = screenshot (s, "03-after-try-again", TRUE);

          if (image != NULL)
            g_ptr_array_add (images, image);
        }

      healing_demo_window_inject_fault (s->window, injected[i].fault);
      if (expect_fault (s, injected[i].kind, ++faults) && i == 0)
        {
          Image *image = screenshot (s, "04-second-fault", FALSE);

          if (image != NULL)
            g_ptr_array_add (images, image);
        }
    }

  /* 3. Back to healthy, and the healthy panel went on all along. */
  try_again (s);
  wait_ms (300);

  elapsed = g_get_monotonic_time () - start;
  count_after = healing_demo_window_get_clock_count (s->window);
  /* Every 100 ms when the main loop is not starved; under valgrind it is
   * much less often, so ask only for a clear advance. */
  check (s, count_after >= count_before + 5,
         "the healthy panel's counter advanced from %u to %u in %.1f s of faults "
         "(%u expected at full speed)",
         count_before, count_after, elapsed / (double) G_USEC_PER_SEC,
         count_before + (guint) (elapsed / (100 * G_TIME_SPAN_MILLISECOND)));

  {
    Image *image = screenshot (s, "05-final", TRUE);

    if (image != NULL)
      g_ptr_array_add (images, image);
  }

  check (s, healing_container_get_state (ticker_container (s)) == HEALING_STATE_HEALTHY &&
            healing_container_get_fault_count (ticker_container (s)) == faults,
         "%s ended %s with %u faults trapped",
         HEALING_DEMO_TICKER_ID,
         healing_demo_state_to_string (healing_container_get_state (ticker_container (s))),
         healing_container_get_fault_count (ticker_container (s)));
  check (s, healing_container_get_state (clock_container (s)) == HEALING_STATE_HEALTHY &&
            healing_container_get_fault_count (clock_container (s)) == 0,
         "%s ended %s with %u faults",
         HEALING_DEMO_CLOCK_ID,
         healing_demo_state_to_string (healing_container_get_state (clock_container (s))),
         healing_container_get_fault_count (clock_container (s)));
  check (s, !healing_runtime_get_tainted (healing_runtime_get_default ()),
         "the process is not tainted");
}

/* ------------------------------------------------------------------------
 * Entry point
 * ------------------------------------------------------------------------ */

gboolean
healing_demo_scenario_exists (const char *name)
{
  return g_strcmp0 (name, "basic") == 0;
}

/* Runs the scenario @name against @window, writing screenshots into
 * @screenshot_dir. Returns the process exit status: 0 if every check
 * passed. */
int
healing_demo_scenario_run (HealingDemoWindow *window,
                           const char        *name,
                           const char        *screenshot_dir)
{
  Scenario s = { 0, };
  g_autoptr (GFile) dir = NULL;
  guint i;

  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (window), 1);

  if (!healing_demo_scenario_exists (name))
    {
      g_printerr (_("Unknown scenario “%s”\n"), name);
      return 2;
    }

  dir = g_file_new_for_commandline_arg (screenshot_dir != NULL ? screenshot_dir : "screenshots");
  s.dir = g_file_get_path (dir);
  if (g_mkdir_with_parents (s.dir, 0755) != 0)
    {
      g_printerr (_("Cannot create %s\n"), s.dir);
      g_free (s.dir);
      return 2;
    }

  s.window = window;
  s.widget = GTK_WIDGET (window);
  s.screenshots = g_ptr_array_new_with_free_func (g_free);

  while (!gtk_widget_get_mapped (s.widget))
    g_main_context_iteration (NULL, TRUE);

  run_basic (&s);

  g_print ("\n%s\n", _("Timeline:"));
  healing_demo_timeline_print (healing_demo_window_get_timeline (window), stdout);

  g_print ("\n%s\n", _("Screenshots:"));
  for (i = 0; i < s.screenshots->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (s.screenshots, i));

  g_print ("\n");
  /* Translators: 1: checks passed, 2: checks run */
  g_print (_("%1$u of %2$u checks passed\n"), s.n_checks - s.n_failed, s.n_checks);
  g_print ("%s\n", s.n_failed == 0 ? _("VERDICT: PASS") : _("VERDICT: FAIL"));

  g_ptr_array_unref (s.screenshots);
  g_free (s.dir);

  return s.n_failed == 0 ? 0 : 1;
}
