/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "healing-demo-ticker.h"
#include "healing-test-raise.h"

/*
 * HealingDemoTicker:
 *
 * A live stock chart: a quote feed ticks every TICK_INTERVAL of frame time,
 * the price takes a random walk, and the widget draws the history as a line
 * with the latest quote in the corner.
 *
 * It carries a realistic bug on purpose. After `crash-after` ticks the feed
 * delists the symbol (once in the widget's life), and the drawing code
 * looks the quote up without checking for NULL: a real NULL dereference
 * while drawing. Mapping the widget again (as HealingContainer does on
 * "Try again") subscribes to the feed afresh, which lists the symbol again.
 *
 * Other faults can be injected: they are raised, for real, in the next
 * snapshot. And the whole exchange can go down (`broken`): then the symbol
 * stays delisted however often the widget is mapped again, and every frame
 * crashes until the exchange is back.
 */

#define N_HISTORY 64
#define TICK_INTERVAL (150 * G_TIME_SPAN_MILLISECOND)
#define SYMBOL "ACME"

typedef struct {
  char *symbol;
  double price;
  double open;
} Quote;

struct _HealingDemoTicker
{
  GtkWidget parent_instance;

  GHashTable *quotes;
  double history[N_HISTORY];
  guint n_history;
  guint head;
  double price;
  GRand *rand;

  guint tick_id;
  gint64 last_tick;
  guint ticks;
  guint frames;
  guint crash_after;
  gboolean delisted_once;
  gboolean broken;

  HealingDemoFault pending_fault;
};

G_DEFINE_FINAL_TYPE (HealingDemoTicker, healing_demo_ticker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CRASH_AFTER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

/* ------------------------------------------------------------------------
 * Real faults
 * ------------------------------------------------------------------------ */

const char *
healing_demo_fault_get_label (HealingDemoFault fault)
{
  switch (fault)
    {
    case HEALING_DEMO_FAULT_NULL_DEREF:
      return _("NULL dereference");
    case HEALING_DEMO_FAULT_DIVIDE_BY_ZERO:
      return _("Division by zero");
    case HEALING_DEMO_FAULT_ABORT:
      return _("abort()");
    case HEALING_DEMO_FAULT_STACK_OVERFLOW:
      return _("Stack overflow");
    case HEALING_DEMO_FAULT_CRITICAL:
      return _("g_critical()");
    case HEALING_DEMO_FAULT_NONE:
    case HEALING_DEMO_FAULT_LAST:
    default:
      /* Translators: no fault (of the ticker's fault chooser) */
      return C_("fault", "None");
    }
}

/* The same real faults as the tests raise. */
void
healing_demo_fault_raise (HealingDemoFault fault)
{
  static const TestFault faults[] = {
    [HEALING_DEMO_FAULT_NONE] = TEST_FAULT_NONE,
    [HEALING_DEMO_FAULT_NULL_DEREF] = TEST_FAULT_NULL_DEREF,
    [HEALING_DEMO_FAULT_DIVIDE_BY_ZERO] = TEST_FAULT_DIVIDE_BY_ZERO,
    [HEALING_DEMO_FAULT_ABORT] = TEST_FAULT_ABORT,
    [HEALING_DEMO_FAULT_STACK_OVERFLOW] = TEST_FAULT_RECURSION,
    [HEALING_DEMO_FAULT_CRITICAL] = TEST_FAULT_CRITICAL,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (faults) == HEALING_DEMO_FAULT_LAST);

  if (fault < HEALING_DEMO_FAULT_LAST)
    test_fault_raise (faults[fault]);
}

/* ------------------------------------------------------------------------
 * The quote feed
 * ------------------------------------------------------------------------ */

static void
quote_free (gpointer data)
{
  Quote *quote = data;

  g_free (quote->symbol);
  g_free (quote);
}

static void
subscribe (HealingDemoTicker *self)
{
  Quote *quote;

  /* While the exchange is down, the symbol stays delisted. */
  if (self->broken || g_hash_table_contains (self->quotes, SYMBOL))
    return;

  quote = g_new0 (Quote, 1);
  quote->symbol = g_strdup (SYMBOL);
  quote->open = quote->price = self->price;
  g_hash_table_insert (self->quotes, quote->symbol, quote);
}

static void
push_price (HealingDemoTicker *self,
            double             price)
{
  self->history[self->head] = price;
  self->head = (self->head + 1) % N_HISTORY;
  self->n_history = MIN (self->n_history + 1, N_HISTORY);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  Quote *quote;

  if (self->last_tick != 0 && now - self->last_tick < TICK_INTERVAL)
    return G_SOURCE_CONTINUE;

  self->last_tick = now;
  self->ticks++;

  self->price = MAX (1.0, self->price + g_rand_double_range (self->rand, -1.5, 1.6));
  push_price (self, self->price);

  quote = g_hash_table_lookup (self->quotes, SYMBOL);
  if (quote != NULL)
    quote->price = self->price;

  /* The feed delists the symbol; the drawing code does not expect that. */
  if (self->crash_after > 0 && self->ticks >= self->crash_after &&
      !self->delisted_once)
    {
      self->delisted_once = TRUE;
      g_hash_table_remove (self->quotes, SYMBOL);
    }

  gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------
 * GtkWidget
 * ------------------------------------------------------------------------ */

static void
draw_chart (cairo_t           *cr,
            HealingDemoTicker *self,
            double             width,
            double             height)
{
  double low = G_MAXDOUBLE, high = -G_MAXDOUBLE;
  guint i;

  /* Grid. */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.08);
  cairo_set_line_width (cr, 1);
  for (i = 1; i < 4; i++)
    {
      cairo_move_to (cr, 0, height * i / 4 + 0.5);
      cairo_line_to (cr, width, height * i / 4 + 0.5);
    }
  cairo_stroke (cr);

  if (self->n_history < 2)
    return;

  for (i = 0; i < self->n_history; i++)
    {
      double v = self->history[(self->head + N_HISTORY - self->n_history + i) % N_HISTORY];

      low = MIN (low, v);
      high = MAX (high, v);
    }
  if (high - low < 1.0)
    high = low + 1.0;

  for (i = 0; i < self->n_history; i++)
    {
      double v = self->history[(self->head + N_HISTORY - self->n_history + i) % N_HISTORY];
      double x = width * i / (N_HISTORY - 1);
      double y = 8 + (height - 16) * (1.0 - (v - low) / (high - low));

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }

  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (cr, 0.18, 0.85, 0.45);
  cairo_stroke (cr);
}

static void
healing_demo_ticker_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  HealingDemoFault fault;
  PangoLayout *layout;
  cairo_t *cr;
  Quote *quote;
  char *text;

  self->frames++;

  gtk_snapshot_append_color (snapshot,
                             &(GdkRGBA) { 0x0b / 255., 0x1f / 255., 0x33 / 255., 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_chart (cr, self, width, height);
  cairo_destroy (cr);

  /* An injected fault is raised once, in the middle of drawing. */
  fault = self->pending_fault;
  self->pending_fault = HEALING_DEMO_FAULT_NONE;
  healing_demo_fault_raise (fault);

  /* The bug: the quote of a delisted symbol is NULL. */
  quote = g_hash_table_lookup (self->quotes, SYMBOL);
  text = g_strdup_printf ("%s  %.2f  (%+.2f)", quote->symbol, quote->price,
                          quote->price - quote->open);

  layout = gtk_widget_create_pango_layout (widget, text);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (10, 8));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 1, 1, 1, 0.9 });
  gtk_snapshot_restore (snapshot);

  g_object_unref (layout);
  g_free (text);
}

static void
healing_demo_ticker_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 360;
    }
  else
    {
      *minimum = 120;
      *natural = 220;
    }
}

static void
healing_demo_ticker_map (GtkWidget *widget)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (widget);

  GTK_WIDGET_CLASS (healing_demo_ticker_parent_class)->map (widget);

  /* Subscribe afresh: the feed lists the symbol again. */
  subscribe (self);
  self->last_tick = 0;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
}

static void
healing_demo_ticker_unmap (GtkWidget *widget)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (healing_demo_ticker_parent_class)->unmap (widget);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_demo_ticker_finalize (GObject *object)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (object);

  g_clear_pointer (&self->quotes, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (healing_demo_ticker_parent_class)->finalize (object);
}

static void
healing_demo_ticker_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (object);

  switch (prop_id)
    {
    case PROP_CRASH_AFTER:
      g_value_set_uint (value, self->crash_after);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_demo_ticker_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HealingDemoTicker *self = HEALING_DEMO_TICKER (object);

  switch (prop_id)
    {
    case PROP_CRASH_AFTER:
      healing_demo_ticker_set_crash_after (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_demo_ticker_class_init (HealingDemoTickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = healing_demo_ticker_finalize;
  object_class->get_property = healing_demo_ticker_get_property;
  object_class->set_property = healing_demo_ticker_set_property;

  widget_class->snapshot = healing_demo_ticker_snapshot;
  widget_class->measure = healing_demo_ticker_measure;
  widget_class->map = healing_demo_ticker_map;
  widget_class->unmap = healing_demo_ticker_unmap;

  /* The number of ticks after which the feed delists the symbol, once;
   * 0 never does. */
  props[PROP_CRASH_AFTER] =
    g_param_spec_uint ("crash-after", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_set_css_name (widget_class, "ticker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
healing_demo_ticker_init (HealingDemoTicker *self)
{
  guint i;

  self->quotes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, quote_free);
  self->rand = g_rand_new_with_seed (20260101);

  /* The feed comes with the day's history. */
  self->price = 100.0;
  for (i = 0; i < N_HISTORY; i++)
    {
      self->price = MAX (1.0, self->price + g_rand_double_range (self->rand, -1.5, 1.6));
      push_price (self, self->price);
    }
  subscribe (self);
}

GtkWidget *
healing_demo_ticker_new (void)
{
  return g_object_new (HEALING_DEMO_TYPE_TICKER, NULL);
}

guint
healing_demo_ticker_get_crash_after (HealingDemoTicker *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TICKER (self), 0);

  return self->crash_after;
}

void
healing_demo_ticker_set_crash_after (HealingDemoTicker *self,
                                     guint              crash_after)
{
  g_return_if_fail (HEALING_DEMO_IS_TICKER (self));

  if (self->crash_after == crash_after)
    return;

  self->crash_after = crash_after;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CRASH_AFTER]);
}

guint
healing_demo_ticker_get_ticks (HealingDemoTicker *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TICKER (self), 0);

  return self->ticks;
}

guint
healing_demo_ticker_get_frames (HealingDemoTicker *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TICKER (self), 0);

  return self->frames;
}

/* Arms @fault: it is raised, for real, while the ticker draws its next
 * frame. */
void
healing_demo_ticker_inject_fault (HealingDemoTicker *self,
                                  HealingDemoFault   fault)
{
  g_return_if_fail (HEALING_DEMO_IS_TICKER (self));
  g_return_if_fail (fault < HEALING_DEMO_FAULT_LAST);

  self->pending_fault = fault;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
healing_demo_ticker_get_broken (HealingDemoTicker *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TICKER (self), FALSE);

  return self->broken;
}

/* Takes the exchange down (every frame then crashes on the delisted
 * symbol), or brings it back. */
void
healing_demo_ticker_set_broken (HealingDemoTicker *self,
                                gboolean           broken)
{
  g_return_if_fail (HEALING_DEMO_IS_TICKER (self));

  broken = !!broken;
  if (self->broken == broken)
    return;

  self->broken = broken;
  if (broken)
    g_hash_table_remove (self->quotes, SYMBOL);
  else
    subscribe (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}
