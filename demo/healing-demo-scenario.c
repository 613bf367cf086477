/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "healing-demo-inspector.h"
#include "healing-demo-scenario.h"
#include "healing-test-render.h"

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

/* The tests' own way of reading what the window shows. */
typedef HealingTestImage Image;

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

/* Waits until @n frames of the window have been painted. */
static gboolean
wait_frames (Scenario *s,
             guint     n)
{
  return healing_test_wait_painted (s->widget, n, WAIT_TIMEOUT_MS);
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

/* The ticker's own crash is held until the first screenshot is taken: on
 * a loaded machine (valgrind, a busy CI runner) the screenshot can outlast
 * the ticks that were left before the crash. Returns what crash-after was. */
static guint
hold_ticker_crash (HealingDemoTicker *ticker)
{
  guint crash_after = healing_demo_ticker_get_crash_after (ticker);

  healing_demo_ticker_set_crash_after (ticker, 0);
  return crash_after;
}

/* Then it crashes as many ticks from now as were left when it was held. */
static void
release_ticker_crash (HealingDemoTicker *ticker,
                      guint              crash_after)
{
  healing_demo_ticker_set_crash_after (ticker, healing_demo_ticker_get_ticks (ticker) +
                                               MAX (crash_after / 2, 1));
}

/* ------------------------------------------------------------------------
 * Pixels
 * ------------------------------------------------------------------------ */

static Image *
render_window (Scenario   *s,
               const char *png_path)
{
  Image *image = healing_test_image_new_for_window (s->widget, png_path);

  /* Nothing to render while a relayout is pending: after the next frame
   * there is. */
  if (image == NULL)
    {
      wait_frames (s, 1);
      image = healing_test_image_new_for_window (s->widget, png_path);
    }

  return image;
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
        if (color_near (healing_test_image_pixel (image, x, y), color))
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
      if (healing_test_image_pixel (a, x, y) != healing_test_image_pixel (b, x, y))
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
  window_bg = healing_test_image_pixel (image, ticker.origin.x + ticker.size.width + 6,
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
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) healing_test_image_free);
  guint count_before, count_after, clicks_before;
  gint64 start, elapsed;
  graphene_rect_t label;
  Image *before, *after;
  gboolean ticked;
  guint crash_after;
  guint faults = 1;
  guint i;

  g_print (_("Scenario “basic”: the ticker crashes while drawing; more faults are injected after each Try again; the healthy panel keeps working.\n"));

  crash_after = hold_ticker_crash (ticker);
  check (s, wait_frames (s, 3), "the window paints");
  ticked = wait_for_ticks (ticker, crash_after / 2, WAIT_TIMEOUT_MS);
  check (s, ticked, "the ticker ticks (%u ticks)", healing_demo_ticker_get_ticks (ticker));

  before = screenshot (s, "01-before", TRUE);
  if (before != NULL)
    g_ptr_array_add (images, before);
  release_ticker_crash (ticker, crash_after);

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
 * Scenario "all": every panel, every strategy
 * ------------------------------------------------------------------------ */

typedef gboolean (*Condition) (Scenario *s,
                               gpointer  data);

/* Iterates the main loop until @condition holds, or for @timeout_ms. */
static gboolean
wait_until (Scenario  *s,
            Condition  condition,
            gpointer   data,
            guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint timeout;

  timeout = g_timeout_add (timeout_ms, expire_cb, &expired);
  while (!condition (s, data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);

  return condition (s, data);
}

static HealingContainer *
panel (Scenario         *s,
       HealingDemoPanel  index)
{
  return healing_demo_window_get_panel (s->window, index);
}

static const char *
name_of (Scenario         *s,
         HealingDemoPanel  index)
{
  return healing_demo_window_get_panel_name (s->window, index);
}

static const char *
state_name (HealingContainer *container)
{
  return healing_demo_state_to_string (healing_container_get_state (container));
}

static gboolean
has_faults_cond (Scenario *s,
                 gpointer  data)
{
  const guint *args = data;

  return healing_container_get_fault_count (panel (s, args[0])) >= args[1];
}

/* Waits until the panel @index has trapped @count faults in all. */
static gboolean
wait_for_faults (Scenario         *s,
                 HealingDemoPanel  index,
                 guint             count)
{
  guint args[2] = { index, count };

  return wait_until (s, has_faults_cond, args, WAIT_TIMEOUT_MS);
}

/* The newest entry of the runtime's fault log for @component_id. */
static HealingFaultEntry *
last_entry_for (const char *component_id)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint i;

  for (i = g_list_model_get_n_items (log); i > 0; i--)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i - 1);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), component_id) == 0)
        return entry;
    }

  return NULL;
}

static gboolean
outcome_cond (Scenario *s,
              gpointer  data)
{
  return healing_fault_entry_get_outcome (data) != HEALING_OUTCOME_PENDING;
}

/* Waits until the strategy of @entry has an outcome. */
static HealingOutcome
wait_for_outcome (Scenario          *s,
                  HealingFaultEntry *entry)
{
  if (entry == NULL)
    return HEALING_OUTCOME_PENDING;

  g_object_ref (entry);
  wait_until (s, outcome_cond, entry, WAIT_TIMEOUT_MS);
  g_object_unref (entry);

  return healing_fault_entry_get_outcome (entry);
}

static const char *
strategy_name (HealingFaultEntry *entry)
{
  return entry != NULL ? healing_strategy_to_string (healing_fault_entry_get_strategy (entry)) : "(none)";
}

/* Checks that the newest fault of @component_id was of @kind and that the
 * policy chose @strategy for it. */
static HealingFaultEntry *
check_entry (Scenario         *s,
             const char       *component_id,
             HealingFaultKind  kind,
             HealingStrategy   strategy)
{
  HealingFaultEntry *entry = last_entry_for (component_id);
  HealingFault *fault = entry != NULL ? healing_fault_entry_get_fault (entry) : NULL;

  check (s, fault != NULL &&
            healing_fault_get_kind (fault) == kind &&
            healing_fault_entry_get_strategy (entry) == strategy,
         "%s: the fault log says %s, strategy %s (expected %s, %s): %s",
         component_id,
         fault != NULL ? healing_demo_fault_kind_to_string (healing_fault_get_kind (fault)) : "(none)",
         strategy_name (entry),
         healing_demo_fault_kind_to_string (kind),
         healing_strategy_to_string (strategy),
         fault != NULL ? healing_fault_get_message (fault) : "");

  return entry;
}

/* Each panel's own background, or 0 for one without a solid one. */
static guint32
panel_background (HealingDemoPanel index)
{
  switch (index)
    {
    case HEALING_DEMO_PANEL_TICKER:
      return HEALING_DEMO_TICKER_BACKGROUND;
    case HEALING_DEMO_PANEL_FORM:
      return HEALING_DEMO_FORM_BACKGROUND;
    case HEALING_DEMO_PANEL_CHART:
      return HEALING_DEMO_CHART_BACKGROUND;
    case HEALING_DEMO_PANEL_FEED:
    case HEALING_DEMO_PANEL_FEED_TOO:
      return HEALING_DEMO_FEED_BACKGROUND;
    case HEALING_DEMO_PANEL_CLOCK:
      return HEALING_DEMO_CLOCK_BACKGROUND;
    case HEALING_DEMO_N_PANELS:
    default:
      return 0;
    }
}

/* The least share of a healthy panel's samples that show its background
 * (widgets and text cover the rest). */
static double
panel_coverage (HealingDemoPanel index)
{
  switch (index)
    {
    case HEALING_DEMO_PANEL_TICKER:
      return 0.5;
    case HEALING_DEMO_PANEL_CHART:
    case HEALING_DEMO_PANEL_FORM:
    case HEALING_DEMO_PANEL_CLOCK:
      return 0.2;
    case HEALING_DEMO_PANEL_FEED:
    case HEALING_DEMO_PANEL_FEED_TOO:
      return 0.4;
    case HEALING_DEMO_N_PANELS:
    default:
      return 0;
    }
}

/* Renders the window, writes it as @name.png, and checks that each panel
 * shows what its state says: its own drawing when healthy, something else
 * (the fallback, or nothing) otherwise. */
static void
screenshot_all (Scenario   *s,
                const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (s->dir, file, NULL);
  HealingState states[HEALING_DEMO_N_PANELS];
  HealingDemoPanel i;
  Image *image;

  /* What each panel shows is what its state was when it was rendered. */
  for (i = 0; i < HEALING_DEMO_N_PANELS; i++)
    states[i] = healing_container_get_state (panel (s, i));

  image = healing_test_image_new_for_window (s->widget, path);
  if (image == NULL)
    {
      /* Mid-layout: the window renders once it has been laid out. */
      wait_frames (s, 1);
      for (i = 0; i < HEALING_DEMO_N_PANELS; i++)
        states[i] = healing_container_get_state (panel (s, i));
      image = healing_test_image_new_for_window (s->widget, path);
    }
  if (!check (s, image != NULL, "%s: the window renders", file))
    return;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_ptr_array_add (s->screenshots, g_steal_pointer (&path));

  for (i = 0; i < HEALING_DEMO_N_PANELS; i++)
    {
      graphene_rect_t bounds;
      double share;

      if (!widget_bounds (s, GTK_WIDGET (panel (s, i)), &bounds))
        continue;

      share = fraction_near (image, &bounds, panel_background (i));
      if (states[i] == HEALING_STATE_HEALTHY)
        check (s, share >= panel_coverage (i),
               "%s: %s is healthy and shows its own drawing (%.0f%% of samples)",
               file, name_of (s, i), share * 100);
      else
        check (s, share < 0.02,
               "%s: %s is %s and shows its fallback, not its own drawing (%.0f%% of samples)",
               file, name_of (s, i), healing_demo_state_to_string (states[i]), share * 100);
    }

  healing_test_image_free (image);
}

static gboolean
form_restored_cond (Scenario *s,
                    gpointer  data)
{
  return *(guint *) data > 0;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static gboolean
form_matches (HealingDemoForm *form,
              const char      *name,
              const char      *birth_date,
              const char      *allergies,
              guint            blood_type,
              gboolean         consent)
{
  return g_strcmp0 (healing_demo_form_get_name (form), name) == 0 &&
         g_strcmp0 (healing_demo_form_get_birth_date (form), birth_date) == 0 &&
         g_strcmp0 (healing_demo_form_get_allergies (form), allergies) == 0 &&
         healing_demo_form_get_blood_type (form) == blood_type &&
         healing_demo_form_get_consent (form) == consent;
}

#define PATIENT_NAME "Ada Lovelace"
#define PATIENT_BIRTH_DATE "1815-12-10"
#define PATIENT_ALLERGIES "penicillin, latex"
#define PATIENT_BLOOD_TYPE 7

/* The form: the user's edits, a checkpoint, the buggy Save; the journal
 * undoes the handler's changes, the policy restores, and the edits stay.
 * Then a new form with the same component id comes back as it was. */
static void
step_form (Scenario *s)
{
  HealingDemoForm *form = healing_demo_window_get_form (s->window);
  HealingContainer *container = panel (s, HEALING_DEMO_PANEL_FORM);
  GListModel *checkpoints = healing_container_get_checkpoints (container);
  guint changes = 0, restored = 0;
  gulong changes_id, restored_id;
  g_autoptr (GtkWidget) again = NULL;
  GtkWidget *again_form;

  g_print ("%s\n", _("2. The patient form: the user fills it in and clicks Save, whose handler corrupts the form, then dereferences NULL."));

  changes_id = g_signal_connect (checkpoints, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  restored_id = g_signal_connect (container, "restored", G_CALLBACK (count_cb), &restored);

  healing_demo_window_note (s->window, HEALING_DEMO_FORM_ID, _("the user fills in the form"));
  healing_demo_form_set_name (form, PATIENT_NAME);
  healing_demo_form_set_birth_date (form, PATIENT_BIRTH_DATE);
  healing_demo_form_set_allergies (form, PATIENT_ALLERGIES);
  healing_demo_form_set_blood_type (form, PATIENT_BLOOD_TYPE);
  healing_demo_form_set_consent (form, TRUE);

  /* A moment later the form is checkpointed (and persisted). */
  check (s, wait_until (s, form_restored_cond, &changes, WAIT_TIMEOUT_MS),
         "%s was checkpointed after the edits", HEALING_DEMO_FORM_ID);
  g_signal_handler_disconnect (checkpoints, changes_id);

  healing_demo_window_note (s->window, HEALING_DEMO_FORM_ID, _("the user clicks Save"));
  gtk_widget_activate (healing_demo_form_get_save_button (form));
  check (s, wait_for_faults (s, HEALING_DEMO_PANEL_FORM, 1) &&
            wait_until (s, form_restored_cond, &restored, WAIT_TIMEOUT_MS),
         "%s: the Save handler faulted and the form was restored", HEALING_DEMO_FORM_ID);
  g_signal_handler_disconnect (container, restored_id);

  if (healing_container_get_last_fault (container) != NULL)
    check (s, healing_fault_get_phase (healing_container_get_last_fault (container)) == HEALING_PHASE_HANDLER,
           "%s: the fault was trapped in the signal handler", HEALING_DEMO_FORM_ID);
  check_entry (s, HEALING_DEMO_FORM_ID, HEALING_FAULT_CRASH, HEALING_STRATEGY_RESTORE);
  wait_frames (s, 2);

  check (s, healing_container_get_state (container) == HEALING_STATE_HEALTHY,
         "%s is %s", HEALING_DEMO_FORM_ID, state_name (container));
  check (s, healing_demo_form_get_saves (form) == 1 &&
            form_matches (form, PATIENT_NAME, PATIENT_BIRTH_DATE, PATIENT_ALLERGIES,
                          PATIENT_BLOOD_TYPE, TRUE),
         "%s kept the user's edits and none of the handler's: “%s”, %s, “%s”, blood type %u, consent %s",
         HEALING_DEMO_FORM_ID,
         healing_demo_form_get_name (form), healing_demo_form_get_birth_date (form),
         healing_demo_form_get_allergies (form), healing_demo_form_get_blood_type (form),
         healing_demo_form_get_consent (form) ? "yes" : "no");

  screenshot_all (s, "03-form-restored");

  /* Killed now, the demo would come back with the form as it is: a new
   * form under the same component id is restored from disk. */
  again = g_object_ref_sink (healing_container_new ());
  again_form = healing_demo_form_new ();
  healing_container_set_component_id (HEALING_CONTAINER (again), HEALING_DEMO_FORM_ID);
  healing_container_set_child (HEALING_CONTAINER (again), again_form);
  healing_container_set_checkpoint_interval (HEALING_CONTAINER (again), 0);
  healing_container_set_persist (HEALING_CONTAINER (again), TRUE);
  check (s, form_matches (HEALING_DEMO_FORM (again_form), PATIENT_NAME, PATIENT_BIRTH_DATE,
                          PATIENT_ALLERGIES, PATIENT_BLOOD_TYPE, TRUE),
         "a new %s comes back from its persisted checkpoint as the user left it (“%s”)",
         HEALING_DEMO_FORM_ID, healing_demo_form_get_name (HEALING_DEMO_FORM (again_form)));
}

static gboolean
breaker_state_cond (Scenario *s,
                    gpointer  data)
{
  HealingCircuitBreaker *breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (),
                                                                   HEALING_DEMO_FEED_ID);

  return breaker != NULL && (int) healing_circuit_breaker_get_state (breaker) == GPOINTER_TO_INT (data);
}

static gboolean
breaker_reopened_cond (Scenario *s,
                       gpointer  data)
{
  HealingCircuitBreaker *breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (),
                                                                   HEALING_DEMO_FEED_ID);

  return breaker != NULL && healing_circuit_breaker_get_open_count (breaker) >= 2 &&
         healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_OPEN;
}

static gboolean
feeds_healthy_cond (Scenario *s,
                    gpointer  data)
{
  return healing_container_get_state (panel (s, HEALING_DEMO_PANEL_FEED)) == HEALING_STATE_HEALTHY &&
         healing_container_get_state (panel (s, HEALING_DEMO_PANEL_FEED_TOO)) == HEALING_STATE_HEALTHY;
}

static gboolean
feed_succeeds_cond (Scenario *s,
                    gpointer  data)
{
  const guint *before = data;

  return healing_demo_feed_get_successes (healing_demo_window_get_feed (s->window, HEALING_DEMO_PANEL_FEED)) > before[0] &&
         healing_demo_feed_get_successes (healing_demo_window_get_feed (s->window, HEALING_DEMO_PANEL_FEED_TOO)) > before[1];
}

/* The feeds: the network goes down, their reported errors open the shared
 * breaker, a half-open trial fails, the network comes back, the next trial
 * closes the breaker. */
static void
step_feeds (Scenario *s)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  HealingCircuitBreaker *breaker;
  HealingFaultEntry *entry;
  HealingFault *fault;
  guint before[2];

  g_print ("%s\n", _("3. The news feeds: the network goes down; both feeds share the component id, hence the breaker."));

  healing_demo_window_set_network_online (s->window, FALSE);
  check (s, wait_until (s, breaker_state_cond, GINT_TO_POINTER (HEALING_CIRCUIT_OPEN), WAIT_TIMEOUT_MS),
         "%s: the reported network errors opened the breaker", HEALING_DEMO_FEED_ID);
  breaker = healing_runtime_lookup_breaker (runtime, HEALING_DEMO_FEED_ID);
  if (breaker != NULL)
    check (s, TRUE, "%s: breaker reason: %s", HEALING_DEMO_FEED_ID,
           healing_circuit_breaker_get_reason (breaker));

  entry = check_entry (s, HEALING_DEMO_FEED_ID, HEALING_FAULT_ERROR, HEALING_STRATEGY_CIRCUIT_BREAK);
  fault = entry != NULL ? healing_fault_entry_get_fault (entry) : NULL;
  check (s, fault != NULL && healing_fault_get_phase (fault) == HEALING_PHASE_REPORTED &&
            (healing_fault_get_error_domain (fault) == G_IO_ERROR ||
             healing_fault_get_error_domain (fault) == G_RESOLVER_ERROR),
         "%s: the faults are reported network errors (%s)", HEALING_DEMO_FEED_ID,
         fault != NULL ? g_quark_to_string (healing_fault_get_error_domain (fault)) : "(none)");

  wait_frames (s, 2);
  check (s, healing_container_get_state (panel (s, HEALING_DEMO_PANEL_FEED)) == HEALING_STATE_OPEN_CIRCUIT &&
            healing_container_get_state (panel (s, HEALING_DEMO_PANEL_FEED_TOO)) == HEALING_STATE_OPEN_CIRCUIT,
         "both feeds show their fallback together (%s, %s)",
         state_name (panel (s, HEALING_DEMO_PANEL_FEED)),
         state_name (panel (s, HEALING_DEMO_PANEL_FEED_TOO)));
  screenshot_all (s, "04-feeds-open-circuit");

  /* Still offline: the half-open trial fails and the breaker reopens. */
  check (s, wait_until (s, breaker_reopened_cond, NULL, WAIT_TIMEOUT_MS),
         "%s: a half-open trial while still offline reopened the breaker", HEALING_DEMO_FEED_ID);

  before[0] = healing_demo_feed_get_successes (healing_demo_window_get_feed (s->window, HEALING_DEMO_PANEL_FEED));
  before[1] = healing_demo_feed_get_successes (healing_demo_window_get_feed (s->window, HEALING_DEMO_PANEL_FEED_TOO));
  healing_demo_window_set_network_online (s->window, TRUE);

  check (s, wait_until (s, breaker_state_cond, GINT_TO_POINTER (HEALING_CIRCUIT_CLOSED), WAIT_TIMEOUT_MS) &&
            wait_until (s, feeds_healthy_cond, NULL, WAIT_TIMEOUT_MS),
         "%s: back online, a half-open trial closed the breaker; both feeds are healthy",
         HEALING_DEMO_FEED_ID);
  check (s, wait_until (s, feed_succeeds_cond, before, WAIT_TIMEOUT_MS),
         "both feeds receive updates again");
}

static gboolean
tainted_cond (Scenario *s,
              gpointer  data)
{
  return healing_runtime_get_tainted (healing_runtime_get_default ());
}

/* The chart: the full history makes drawing loop forever; the container's
 * hang timeout interrupts it and the policy shows the fallback. */
static void
step_chart (Scenario *s)
{
  HealingContainer *container = panel (s, HEALING_DEMO_PANEL_CHART);
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_print (_("4. The chart loads more points than it has pixels and hangs while drawing (hang timeout %u ms).\n"),
           healing_container_get_hang_timeout (container));

  healing_demo_window_load_full_history (s->window);
  ok = wait_for_state (s, container, HEALING_STATE_FALLBACK, WAIT_TIMEOUT_MS);
  check (s, ok, "%s is in fallback after %.1f s", HEALING_DEMO_CHART_ID,
         (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  check_entry (s, HEALING_DEMO_CHART_ID, HEALING_FAULT_HANG, HEALING_STRATEGY_FALLBACK);
  check (s, wait_until (s, tainted_cond, NULL, WAIT_TIMEOUT_MS),
         "the interrupted hang tainted the process: %s",
         healing_runtime_get_taint_reason (healing_runtime_get_default ()));
  wait_frames (s, 2);
  screenshot_all (s, "05-chart-hang-fallback");
}

/* Faults injected through libhealing's fault injection, each healed by
 * the panel's policy. */
static void
step_inject (Scenario *s)
{
  static const struct {
    HealingDemoPanel panel;
    HealingFaultKind kind;
    HealingStrategy strategy;
  } injected[] = {
    { HEALING_DEMO_PANEL_TICKER, HEALING_FAULT_CRITICAL, HEALING_STRATEGY_RETRY },
    { HEALING_DEMO_PANEL_FEED_TOO, HEALING_FAULT_ERROR, HEALING_STRATEGY_RETRY },
  };
  guint i;

  g_print ("%s\n", _("5. Faults injected with healing_container_inject_fault ()."));

  for (i = 0; i < G_N_ELEMENTS (injected); i++)
    {
      HealingContainer *container = panel (s, injected[i].panel);
      guint faults = healing_container_get_fault_count (container);
      HealingFaultEntry *entry;

      gboolean ok;

      healing_demo_window_inject (s->window, injected[i].panel, injected[i].kind);
      check (s, wait_for_faults (s, injected[i].panel, faults + 1),
             "%s trapped the injected %s", name_of (s, injected[i].panel),
             healing_demo_fault_kind_to_string (injected[i].kind));
      entry = check_entry (s, healing_container_get_component_id (container),
                           injected[i].kind, injected[i].strategy);
      ok = wait_for_state (s, container, HEALING_STATE_HEALTHY, WAIT_TIMEOUT_MS) &&
           wait_for_outcome (s, entry) == HEALING_OUTCOME_HEALED;
      check (s, ok, "%s healed by the policy (%s)", name_of (s, injected[i].panel),
             entry != NULL ? healing_demo_outcome_to_string (healing_fault_entry_get_outcome (entry)) : "");
    }
}

/* The ticker: every frame crashes now; the policy retries three times,
 * then shows the fallback. */
static void
step_ticker_escalates (Scenario *s)
{
  HealingContainer *container = panel (s, HEALING_DEMO_PANEL_TICKER);
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint first = g_list_model_get_n_items (log);
  guint retries = 0, fallbacks = 0, i;

  g_print ("%s\n", _("6. The exchange goes down: every frame of the ticker crashes; retry ×3, then the fallback."));

  healing_demo_window_set_exchange_down (s->window, TRUE);
  check (s, wait_for_state (s, container, HEALING_STATE_FALLBACK, WAIT_TIMEOUT_MS),
         "%s gave up retrying and is in fallback", HEALING_DEMO_TICKER_ID);

  for (i = first; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), HEALING_DEMO_TICKER_ID) != 0)
        continue;
      if (healing_fault_entry_get_strategy (entry) == HEALING_STRATEGY_RETRY)
        retries++;
      else if (healing_fault_entry_get_strategy (entry) == HEALING_STRATEGY_FALLBACK)
        fallbacks++;
    }
  check (s, retries == 3 && fallbacks == 1,
         "%s: the policy retried %u times, then chose the fallback (%u)",
         HEALING_DEMO_TICKER_ID, retries, fallbacks);

  wait_frames (s, 2);
  screenshot_all (s, "06-ticker-fallback");
}


/* ------------------------------------------------------------------------
 * 10. A live patch for the ticker
 * ------------------------------------------------------------------------ */

typedef struct {
  GBytes *index;
  GBytes *bundle;
  guint requests;
} PatchServer;

static void
patch_server_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  PatchServer *ps = data;
  GBytes *body = NULL;

  ps->requests++;
  if (g_str_equal (path, "/feed/index.json"))
    body = ps->index;
  else if (g_str_equal (path, "/feed/bundles/ticker.json"))
    body = ps->bundle;

  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
patch_serve (PatchServer *ps,
             GBytes      *bundle,
             guint64      version)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bundle);
  char *index = g_strdup_printf ("{\"format\": 1, \"patches\": [{\"component\": \"%s\", "
                                 "\"version\": %u, \"path\": \"bundles/ticker.json\", "
                                 "\"size\": %u, \"sha256\": \"%s\"}]}",
                                 HEALING_DEMO_TICKER_ID, (guint) version,
                                 (guint) g_bytes_get_size (bundle), digest);

  g_clear_pointer (&ps->index, g_bytes_unref);
  g_clear_pointer (&ps->bundle, g_bytes_unref);
  ps->index = g_bytes_new_take (index, strlen (index));
  ps->bundle = g_bytes_ref (bundle);
}

static GBytes *
read_patch_file (const char *dir,
                 const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
count_signal_cb (gpointer  instance,
                 gpointer  arg,
                 guint    *counter)
{
  (*counter)++;
}

static void
count_refused_cb (HealingPatchStore *store,
                  const char        *source,
                  GError            *error,
                  GError           **last)
{
  g_clear_error (last);
  *last = g_error_copy (error);
}

static gboolean
counter_cond (Scenario *s,
              gpointer  data)
{
  return *(guint *) data > 0;
}

static gboolean
error_cond (Scenario *s,
            gpointer  data)
{
  return *(GError **) data != NULL;
}

static void
step_hot_patch (Scenario *s)
{
  HealingContainer *container = panel (s, HEALING_DEMO_PANEL_TICKER);
  const char *dir = g_getenv ("HEALING_DEMO_PATCH_DIR");
  g_autoptr (HealingPolicy) policy = NULL;
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autoptr (HealingPatchStore) store = NULL;
  g_autoptr (HealingPatchFeed) feed = NULL;
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GBytes) good = NULL;
  g_autoptr (GBytes) forged = NULL;
  g_autoptr (GBytes) pub = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) refused = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *feed_uri = NULL;
  g_autofree char *public_key = NULL;
  PatchServer ps = { NULL, NULL, 0 };
  HealingPatchBundle *applied;
  GSList *uris;
  GtkWidget *patched;
  guint kept = 0;
  const char *line;

  g_print ("%s\n", _("10. The ticker waits for a live patch: a signed one, served by a loopback HTTP server, is verified, tried and kept; a forged one is refused."));

  if (dir == NULL)
    {
      g_print ("     %s\n", _("(skipped: HEALING_DEMO_PATCH_DIR is not set)"));
      return;
    }

  good = read_patch_file (dir, "ticker-1.json");
  forged = read_patch_file (dir, "ticker-2-forged.json");
  pub = read_patch_file (dir, "demo-patch.pub");
  if (!check (s, good != NULL && forged != NULL && pub != NULL,
              "the demo's patches and key are in %s", dir))
    return;

  /* The demo trusts the key healingctl keygen made at build time. */
  line = strstr (g_bytes_get_data (pub, NULL), "public: ");
  public_key = line != NULL ? g_strstrip (g_strndup (line + strlen ("public: "), 64)) : NULL;
  trust = healing_patch_trust_new ();
  healing_patch_trust_set_application_id (trust, "org.libhealing.Demo");
  check (s, public_key != NULL && healing_patch_trust_add_key (trust, public_key, &error),
         "the demo trusts its patch key");

  state_dir = g_dir_make_tmp ("healing-demo-patches-XXXXXX", NULL);
  store = healing_patch_store_new (state_dir);
  healing_patch_store_set_trust (store, trust);
  healing_patch_store_set_trial_duration (store, 1000);
  g_signal_connect (store, "kept", G_CALLBACK (count_signal_cb), &kept);
  g_signal_connect (store, "refused", G_CALLBACK (count_refused_cb), &refused);

  /* The ticker's policy now waits for a patch when it crashes. */
  policy = healing_policy_new ();
  healing_policy_set_strategy (policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_HOT_PATCH);
  healing_container_set_policy (container, policy);
  healing_container_reset (container);
  check (s, wait_for_state (s, container, HEALING_STATE_AWAITING_PATCH, WAIT_TIMEOUT_MS),
         "%s crashed again and waits for a patch", HEALING_DEMO_TICKER_ID);
  wait_frames (s, 2);
  screenshot_all (s, "09-ticker-awaiting-patch");

  /* A static feed on loopback, polled only while something waits. */
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, patch_server_cb, &ps, NULL);
  patch_serve (&ps, good, 1);
  if (!check (s, soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error),
              "the patch server listens on loopback"))
    return;
  uris = soup_server_get_uris (server);
  {
    g_autofree char *root = g_uri_to_string (uris->data);

    feed_uri = g_strconcat (root, "feed/", NULL);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  feed = healing_patch_feed_new (store, feed_uri);
  healing_patch_feed_set_interval (feed, 100);
  healing_patch_feed_start (feed);

  check (s, wait_for_state (s, container, HEALING_STATE_HEALTHY, WAIT_TIMEOUT_MS),
         "%s runs the patch", HEALING_DEMO_TICKER_ID);
  patched = healing_container_get_child (container);
  applied = patched != NULL ? healing_patch_bundle_get_for_widget (patched) : NULL;
  check (s, applied != NULL && healing_patch_bundle_get_version (applied) == 1,
         "the patch is version %u from %s", applied != NULL ? (guint) healing_patch_bundle_get_version (applied) : 0,
         applied != NULL ? healing_patch_bundle_get_source (applied) : "?");
  wait_until (s, counter_cond, &kept, WAIT_TIMEOUT_MS);
  check (s, kept == 1 && healing_patch_store_get_kept_version (store, HEALING_DEMO_TICKER_ID) == 1,
         "the patch ran its trial without a fault and is kept");
  wait_frames (s, 2);
  screenshot_all (s, "10-ticker-patched");

  /* A forged version 2, signed with a key the demo does not trust. */
  patch_serve (&ps, forged, 2);
  healing_patch_feed_refresh (feed);
  wait_until (s, error_cond, &refused, WAIT_TIMEOUT_MS);
  check (s, g_error_matches (refused, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_UNKNOWN_KEY),
         "the forged patch is refused: %s", refused != NULL ? refused->message : "");
  check (s, healing_container_get_child (container) == patched &&
            healing_container_get_state (container) == HEALING_STATE_HEALTHY,
         "%s still runs version 1", HEALING_DEMO_TICKER_ID);
  wait_frames (s, 2);
  screenshot_all (s, "11-forged-patch-refused");

  healing_patch_feed_stop (feed);
  soup_server_disconnect (server);
  g_clear_pointer (&ps.index, g_bytes_unref);
  g_clear_pointer (&ps.bundle, g_bytes_unref);
  healing_container_set_policy (container, NULL);
  g_signal_handlers_disconnect_by_data (store, &kept);
  g_signal_handlers_disconnect_by_data (store, &refused);

  {
    g_autoptr (GDir) d = g_dir_open (state_dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (state_dir, name, NULL);

        g_remove (path);
      }
    g_rmdir (state_dir);
  }
}

/* A label showing @text in @widget's tree. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
page_shown_cond (Scenario *s,
                 gpointer  data)
{
  GtkWidget *inspector = healing_demo_inspector_find_window ();
  GtkWidget *page;

  if (inspector == NULL || !gtk_widget_get_mapped (inspector))
    return FALSE;

  page = healing_demo_inspector_find_page (inspector);

  return page != NULL && gtk_widget_get_mapped (page) &&
         has_label (page, HEALING_DEMO_CHART_ID);
}

/* The Inspector, opened as Ctrl+Shift+I does, on the Healing page. */
static void
step_inspector (Scenario *s)
{
  g_autofree char *path = g_build_filename (s->dir, "07-inspector-healing.png", NULL);
  GtkWidget *inspector, *page;
  Image *image;

  g_print ("%s\n", _("8. The GTK Inspector on its Healing page."));

  healing_demo_inspector_open (G_OBJECT (panel (s, HEALING_DEMO_PANEL_CHART)));
  if (!check (s, wait_until (s, page_shown_cond, NULL, WAIT_TIMEOUT_MS),
              "the Inspector shows the Healing page, listing the containers"))
    return;

  inspector = healing_demo_inspector_find_window ();
  page = healing_demo_inspector_find_page (inspector);
  check (s, gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (page))) == page,
         "the Healing page is the Inspector's visible tab");

  /* Let it paint the selection before taking the picture. */
  healing_test_wait_painted (inspector, 2, WAIT_TIMEOUT_MS);

  image = healing_test_image_new_for_window (inspector, path);
  if (check (s, image != NULL && g_file_test (path, G_FILE_TEST_EXISTS),
             "07-inspector-healing.png: the Inspector renders"))
    {
      graphene_rect_t bounds;
      guint32 first = healing_test_image_pixel (image, 0, 0);
      guint differ = 0;
      int x, y;

      g_ptr_array_add (s->screenshots, g_steal_pointer (&path));

      /* The page is drawn: its area is not a blank fill. */
      if (gtk_widget_compute_bounds (page, inspector, &bounds))
        for (y = bounds.origin.y; y < bounds.origin.y + bounds.size.height; y += 3)
          for (x = bounds.origin.x; x < bounds.origin.x + bounds.size.width; x += 3)
            if (healing_test_image_pixel (image, x, y) != first)
              differ++;
      check (s, differ > 500,
             "07-inspector-healing.png: the Healing page is drawn (%u samples differ from the background)",
             differ);
    }
  if (image != NULL)
    healing_test_image_free (image);

  gtk_window_set_interactive_debugging (FALSE);
}

/* ------------------------------------------------------------------------
 * 11. Predictive isolation
 * ------------------------------------------------------------------------ */

/* The first widget under @widget whose type is named @type_name. */
static GtkWidget *
find_widget_of_type (GtkWidget  *widget,
                     const char *type_name)
{
  GtkWidget *child;

  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), type_name))
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
predictor_plot_shown_cond (Scenario *s,
                           gpointer  data)
{
  GtkWidget *inspector = healing_demo_inspector_find_window ();
  GtkWidget *page, *plot;

  if (inspector == NULL || !gtk_widget_get_mapped (inspector))
    return FALSE;

  page = healing_demo_inspector_find_page (inspector);
  plot = page != NULL ? find_widget_of_type (page, "HealingInspectorPredictorPlot") : NULL;

  return plot != NULL && gtk_widget_get_mapped (plot) && has_label (page, HEALING_DEMO_TICKER_ID);
}

static gboolean
breaker_closed_cond (Scenario *s,
                     gpointer  data)
{
  return healing_circuit_breaker_get_state (data) == HEALING_CIRCUIT_CLOSED;
}

/* Writes the part @bounds of @image as a PNG. */
static gboolean
save_crop (const Image           *image,
           const graphene_rect_t *bounds,
           const char            *path)
{
  int x0 = CLAMP ((int) bounds->origin.x, 0, image->width - 1);
  int y0 = CLAMP ((int) bounds->origin.y, 0, image->height - 1);
  int width = CLAMP ((int) bounds->size.width, 1, image->width - x0);
  int height = CLAMP ((int) bounds->size.height, 1, image->height - y0);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  guchar *data = g_malloc ((gsize) width * 4 * height);
  int y;

  for (y = 0; y < height; y++)
    memcpy (data + (gsize) y * width * 4,
            image->data + (gsize) (y0 + y) * image->stride + (gsize) x0 * 4,
            (gsize) width * 4);
  bytes = g_bytes_new_take (data, (gsize) width * 4 * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, (gsize) width * 4);

  return gdk_texture_save_to_png (texture, path);
}

/* The ticker's faults come faster and faster; with predict = isolate its
 * breaker opens on the prediction, before the fault that would have
 * tripped it, and the ordinary half-open trial brings it back. The
 * Inspector shows the plot of the probability meanwhile. */
static void
step_predictive_isolation (Scenario *s)
{
  /* The gaps between the faults, in windows of the breaker: the first
   * faults a window apart (the breaker never sees two at once), then two
   * close together — what the predictor reads as a rising rate. */
  static const double gaps[] = { 0, 1.1, 1.05, 0.07 };
  HealingContainer *container = panel (s, HEALING_DEMO_PANEL_TICKER);
  HealingRuntime *runtime = healing_runtime_get_default ();
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  g_autofree char *path = g_build_filename (s->dir, "12-inspector-predictor.png", NULL);
  g_autofree char *plot_path = g_build_filename (s->dir, "13-predictor-plot.png", NULL);
  HealingCircuitBreaker *breaker;
  HealingPredictor *predictor;
  HealingFaultEntry *entry;
  HealingDecision *decision;
  GtkWidget *inspector, *plot;
  g_autofree char *expected = NULL;
  const char *reason, *logged;
  double window_s;
  guint threshold, faults, in_window = 0, i;
  gboolean back;
  Image *image;

  g_print ("%s\n", _("11. The ticker's faults come faster and faster: with predict = isolate, its breaker opens on the prediction, before the fault that would trip it; the half-open trial brings it back."));

  /* Crashes go to the component's breaker; the prediction may act. */
  healing_policy_set_strategy (policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_predict (policy, HEALING_PREDICT_MODE_ISOLATE);
  healing_container_set_policy (container, policy);
  breaker = healing_runtime_dup_breaker (runtime, HEALING_DEMO_TICKER_ID);
  g_object_unref (breaker);   /* the runtime keeps it */
  threshold = healing_circuit_breaker_get_threshold (breaker);
  window_s = healing_circuit_breaker_get_window (breaker) / 1000.0;
  if (!check (s, healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_CLOSED &&
                 healing_circuit_breaker_get_mode (breaker) == HEALING_CIRCUIT_MODE_WINDOW &&
                 threshold == 3,
              "%s: its breaker is closed and trips at %u faults in %.0f s",
              HEALING_DEMO_TICKER_ID, threshold, window_s))
    return;

  /* The ticker's crash storm of step 6 is still in its predictor's
   * memory (it decays over tens of seconds); this ramp starts from a
   * quiet component. */
  predictor = healing_runtime_lookup_predictor (runtime, HEALING_DEMO_TICKER_ID);
  if (predictor != NULL)
    healing_predictor_reset (predictor);

  /* The Inspector on the ticker, so that its plot records the prediction
   * as it happens. */
  healing_demo_inspector_open (G_OBJECT (container));
  check (s, wait_until (s, predictor_plot_shown_cond, NULL, WAIT_TIMEOUT_MS),
         "the Inspector shows %s with its predictor plot", HEALING_DEMO_TICKER_ID);

  faults = healing_container_get_fault_count (container);
  for (i = 0; i < G_N_ELEMENTS (gaps); i++)
    {
      double probability;

      if (gaps[i] > 0)
        wait_ms ((guint) (gaps[i] * window_s * 1000));
      /* With this fault: the breaker forgets its count when it opens. */
      in_window = healing_circuit_breaker_get_failure_count (breaker) + 1;
      healing_demo_window_inject (s->window, HEALING_DEMO_PANEL_TICKER, HEALING_FAULT_CRASH);
      wait_for_faults (s, HEALING_DEMO_PANEL_TICKER, faults + i + 1);
      probability = healing_container_get_failure_probability (container);
      g_print ("     fault %u at %+.2f s: %u in the breaker's window, predicted %.2f\n",
               i + 1, gaps[i] * window_s, in_window, probability);
      if (i + 1 < G_N_ELEMENTS (gaps))
        check (s, healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_CLOSED &&
                  wait_for_state (s, container, HEALING_STATE_HEALTHY, WAIT_TIMEOUT_MS),
               "fault %u: p = %.2f, below %.2f: the breaker stays closed and %s runs",
               i + 1, probability, healing_policy_get_component_isolate_probability (policy, HEALING_DEMO_TICKER_ID),
               HEALING_DEMO_TICKER_ID);
    }

  /* Opened by the prediction: fewer faults in the window than the
   * breaker needs, and the prediction of that moment as the reason of
   * the breaker, of the fault log and of the fallback. */
  entry = last_entry_for (HEALING_DEMO_TICKER_ID);
  decision = entry != NULL ? healing_fault_entry_get_decision (entry) : NULL;
  logged = decision != NULL ? healing_decision_get_reason (decision) : NULL;
  if (entry != NULL && predictor != NULL)
    {
      g_autoptr (HealingPrediction) prediction =
        healing_predictor_explain (predictor, healing_fault_get_time (healing_fault_entry_get_fault (entry)));

      expected = healing_prediction_to_string (prediction);
    }
  reason = healing_circuit_breaker_get_reason (breaker);
  if (reason != NULL)
    {
      /* Translators: a timeline event; %s is a prediction such as
       * "predicted 0.83: 0.4 faults/s and rising" */
      g_autofree char *event = g_strdup_printf (_("isolated before its breaker tripped: %s"), reason);

      healing_demo_window_note (s->window, name_of (s, HEALING_DEMO_PANEL_TICKER), event);
    }
  check (s, healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_OPEN &&
            in_window < threshold && reason != NULL && expected != NULL &&
            g_str_has_prefix (reason, expected),
         "the breaker opened with %u of its %u faults in the window: %s",
         in_window, threshold, reason != NULL ? reason : "(closed)");
  check (s, entry != NULL &&
            healing_fault_entry_get_strategy (entry) == HEALING_STRATEGY_CIRCUIT_BREAK &&
            g_strcmp0 (logged, expected) == 0,
         "the fault log says so: %s, %s", strategy_name (entry),
         logged != NULL ? logged : "(no reason)");
  check (s, healing_container_get_state (container) == HEALING_STATE_OPEN_CIRCUIT &&
            expected != NULL && has_label (GTK_WIDGET (container), expected),
         "%s is %s and its fallback gives the prediction", HEALING_DEMO_TICKER_ID,
         state_name (container));

  /* The plot, with the threshold line and the moment of isolation. */
  inspector = healing_demo_inspector_find_window ();
  plot = inspector != NULL ? find_widget_of_type (inspector, "HealingInspectorPredictorPlot") : NULL;
  if (inspector != NULL)
    healing_test_wait_painted (inspector, 2, WAIT_TIMEOUT_MS);
  image = inspector != NULL ? healing_test_image_new_for_window (inspector, path) : NULL;
  if (check (s, image != NULL && plot != NULL && g_file_test (path, G_FILE_TEST_EXISTS),
             "12-inspector-predictor.png: the Inspector renders with the predictor plot"))
    {
      graphene_rect_t bounds;
      guint differ = 0;
      int x, y;

      g_ptr_array_add (s->screenshots, g_steal_pointer (&path));
      if (gtk_widget_compute_bounds (plot, inspector, &bounds))
        {
          guint32 first = healing_test_image_pixel (image, bounds.origin.x, bounds.origin.y);

          for (y = bounds.origin.y; y < bounds.origin.y + bounds.size.height; y++)
            for (x = bounds.origin.x; x < bounds.origin.x + bounds.size.width; x++)
              if (healing_test_image_pixel (image, x, y) != first)
                differ++;
          if (save_crop (image, &bounds, plot_path))
            g_ptr_array_add (s->screenshots, g_steal_pointer (&plot_path));
        }
      check (s, differ > 200,
             "13-predictor-plot.png: the plot is drawn (%u pixels differ from its background)",
             differ);
    }
  if (image != NULL)
    healing_test_image_free (image);

  wait_frames (s, 2);
  screenshot_all (s, "14-ticker-isolated-by-prediction");

  /* The ordinary half-open trial brings the ticker back. */
  back = wait_for_state (s, container, HEALING_STATE_HEALTHY, WAIT_TIMEOUT_MS) &&
         wait_until (s, breaker_closed_cond, breaker, WAIT_TIMEOUT_MS);
  check (s, back && healing_container_get_fault_count (container) == faults + G_N_ELEMENTS (gaps),
         "%s is back after a clean half-open trial: the breaker is %s, no fault since (%u in all)",
         HEALING_DEMO_TICKER_ID,
         healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_CLOSED ? "closed" : "not closed",
         healing_container_get_fault_count (container));

  gtk_window_set_interactive_debugging (FALSE);
  healing_container_set_policy (container, NULL);
}

static void
run_all (Scenario *s)
{
  HealingDemoTicker *ticker = healing_demo_window_get_ticker (s->window);
  HealingContainer *ticker_panel = panel (s, HEALING_DEMO_PANEL_TICKER);
  HealingDemoForm *form = healing_demo_window_get_form (s->window);
  HealingCircuitBreaker *breaker;
  HealingFaultEntry *entry;
  guint count_before, count_after, clicks_before;
  gint64 start, elapsed;
  HealingDemoPanel i;
  guint crash_after;
  gboolean ok;

  g_print ("%s\n", _("Scenario “all”: a scripted sequence of faults through every panel; each must end in the state its policy says, and the healthy panel must keep working."));

  crash_after = hold_ticker_crash (ticker);
  check (s, wait_frames (s, 3), "the window paints");
  ok = wait_for_ticks (ticker, crash_after / 2, WAIT_TIMEOUT_MS);
  check (s, ok, "the ticker ticks (%u ticks)", healing_demo_ticker_get_ticks (ticker));
  screenshot_all (s, "01-start");
  release_ticker_crash (ticker, crash_after);

  start = g_get_monotonic_time ();
  count_before = healing_demo_window_get_clock_count (s->window);
  clicks_before = healing_demo_window_get_clicks (s->window);

  /* 1. The ticker's own bug, healed by retrying. */
  g_print (_("1. The ticker crashes on its own while drawing (after %u ticks); the policy retries.\n"),
           healing_demo_ticker_get_crash_after (ticker));
  check (s, wait_for_faults (s, HEALING_DEMO_PANEL_TICKER, 1),
         "%s crashed while drawing", HEALING_DEMO_TICKER_ID);
  entry = check_entry (s, HEALING_DEMO_TICKER_ID, HEALING_FAULT_CRASH, HEALING_STRATEGY_RETRY);
  wait_frames (s, 1);
  screenshot_all (s, "02-ticker-retrying");
  ok = wait_for_state (s, ticker_panel, HEALING_STATE_HEALTHY, WAIT_TIMEOUT_MS) &&
       wait_for_outcome (s, entry) == HEALING_OUTCOME_HEALED;
  check (s, ok, "%s healed by retrying (%s)", HEALING_DEMO_TICKER_ID,
         entry != NULL ? healing_demo_outcome_to_string (healing_fault_entry_get_outcome (entry)) : "");

  step_form (s);
  step_feeds (s);
  step_chart (s);
  step_inject (s);
  step_ticker_escalates (s);

  /* The healthy panel went on all along, and still handles input. */
  g_print ("%s\n", _("7. The healthy panel."));
  gtk_widget_activate (healing_demo_window_get_click_button (s->window));
  check (s, wait_for_clicks (s, clicks_before + 1, WAIT_TIMEOUT_MS),
         "the healthy panel's button still responds");
  elapsed = g_get_monotonic_time () - start;
  count_after = healing_demo_window_get_clock_count (s->window);
  /* Every 100 ms when the main loop is not starved; under valgrind much
   * less often, so ask only for a clear advance. */
  check (s, count_after >= count_before + 5,
         "the healthy panel's counter advanced from %u to %u in %.1f s of faults "
         "(%u expected at full speed)",
         count_before, count_after, elapsed / (double) G_USEC_PER_SEC,
         count_before + (guint) (elapsed / (100 * G_TIME_SPAN_MILLISECOND)));

  step_inspector (s);

  /* The end: each panel as its policy says. */
  g_print ("%s\n", _("9. Final states."));
  wait_frames (s, 2);
  screenshot_all (s, "08-final");

  check (s, healing_container_get_state (ticker_panel) == HEALING_STATE_FALLBACK ||
            healing_container_get_state (ticker_panel) == HEALING_STATE_HEALTHY,
         "%s ended %s (retry ×3, then fallback)", HEALING_DEMO_TICKER_ID, state_name (ticker_panel));
  check (s, healing_container_get_state (panel (s, HEALING_DEMO_PANEL_FORM)) == HEALING_STATE_HEALTHY &&
            form_matches (form, PATIENT_NAME, PATIENT_BIRTH_DATE, PATIENT_ALLERGIES,
                          PATIENT_BLOOD_TYPE, TRUE),
         "%s ended %s, restored, with the user's edits intact",
         HEALING_DEMO_FORM_ID, state_name (panel (s, HEALING_DEMO_PANEL_FORM)));
  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), HEALING_DEMO_FEED_ID);
  check (s, breaker != NULL &&
            healing_circuit_breaker_get_state (breaker) == HEALING_CIRCUIT_CLOSED &&
            feeds_healthy_cond (s, NULL),
         "%s: the breaker is closed again and both feeds are healthy", HEALING_DEMO_FEED_ID);
  check (s, healing_container_get_state (panel (s, HEALING_DEMO_PANEL_CHART)) == HEALING_STATE_FALLBACK,
         "%s ended %s", HEALING_DEMO_CHART_ID, state_name (panel (s, HEALING_DEMO_PANEL_CHART)));
  check (s, healing_container_get_state (panel (s, HEALING_DEMO_PANEL_CLOCK)) == HEALING_STATE_HEALTHY &&
            healing_container_get_fault_count (panel (s, HEALING_DEMO_PANEL_CLOCK)) == 0,
         "%s ended %s with no faults", HEALING_DEMO_CLOCK_ID,
         state_name (panel (s, HEALING_DEMO_PANEL_CLOCK)));

  for (i = 0; i < HEALING_DEMO_N_PANELS; i++)
    g_print ("     %-12s %-13s %u faults\n", name_of (s, i), state_name (panel (s, i)),
             healing_container_get_fault_count (panel (s, i)));

  step_hot_patch (s);
  step_predictive_isolation (s);
}

/* ------------------------------------------------------------------------
 * Entry point
 * ------------------------------------------------------------------------ */

gboolean
healing_demo_scenario_exists (const char *name)
{
  return g_strcmp0 (name, "basic") == 0 || g_strcmp0 (name, "all") == 0;
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

  if (g_str_equal (name, "all"))
    run_all (&s);
  else
    run_basic (&s);

  /* Whatever happened, the app survived it. */
  check (&s, gtk_widget_get_mapped (s.widget), "the application survived every fault");

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
