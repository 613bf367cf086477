/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-demo-chart.h"

/*
 * HealingDemoChart:
 *
 * A bar chart of server load, downsampled to one bar per few pixels.
 *
 * It carries a realistic bug on purpose: the downsampling step is the
 * width divided by the number of points, in integers. Load more points
 * than the chart is wide ("the full history") and the step is 0: the loop
 * that walks the pixels never advances, and drawing hangs. Only
 * HealingContainer's hang timeout gets the application out of it.
 *
 * The chart draws no text, so that it measures and draws in well under its
 * container's (short) hang timeout even under valgrind.
 */

struct _HealingDemoChart
{
  GtkWidget parent_instance;

  double *values;
  guint n_points;
  guint frames;
};

G_DEFINE_FINAL_TYPE (HealingDemoChart, healing_demo_chart, GTK_TYPE_WIDGET)

/* Keeps the hanging loop a loop: the compiler may not assume it ends. */
static volatile double sink;

static void
fill_values (HealingDemoChart *self,
             guint             n_points)
{
  GRand *rand = g_rand_new_with_seed (4242);
  double value = 0.5;
  guint i;

  g_free (self->values);
  self->values = g_new (double, n_points);
  self->n_points = n_points;

  for (i = 0; i < n_points; i++)
    {
      value = CLAMP (value + g_rand_double_range (rand, -0.15, 0.15), 0.05, 1.0);
      self->values[i] = value;
    }

  g_rand_free (rand);
}

static void
healing_demo_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  HealingDemoChart *self = HEALING_DEMO_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int step, x;
  guint i;

  self->frames++;

  gtk_snapshot_append_color (snapshot,
                             &(GdkRGBA) { 0x2b / 255., 0x1d / 255., 0x3a / 255., 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->n_points == 0 || width <= 0)
    return;

  /* The bug: 0 once there are more points than pixels. */
  step = width / (int) self->n_points;

  for (x = 0, i = 0; x < width; x += step, i++)
    {
      double value = self->values[i % self->n_points];
      float bar = (float) (value * (height - 12));

      sink = value;
      if (i >= self->n_points)
        continue;

      gtk_snapshot_append_color (snapshot,
                                 &(GdkRGBA) { 0.96, 0.62, 0.18, 1 },
                                 &GRAPHENE_RECT_INIT (x + 1, height - bar, MAX (step - 2, 1), bar));
    }
}

static void
healing_demo_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 200;
}

static void
healing_demo_chart_finalize (GObject *object)
{
  HealingDemoChart *self = HEALING_DEMO_CHART (object);

  g_free (self->values);

  G_OBJECT_CLASS (healing_demo_chart_parent_class)->finalize (object);
}

static void
healing_demo_chart_class_init (HealingDemoChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = healing_demo_chart_finalize;

  widget_class->snapshot = healing_demo_chart_snapshot;
  widget_class->measure = healing_demo_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "loadchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
healing_demo_chart_init (HealingDemoChart *self)
{
  fill_values (self, HEALING_DEMO_CHART_POINTS);
}

GtkWidget *
healing_demo_chart_new (void)
{
  return g_object_new (HEALING_DEMO_TYPE_CHART, NULL);
}

guint
healing_demo_chart_get_n_points (HealingDemoChart *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_CHART (self), 0);

  return self->n_points;
}

/* Loads @n_points of history; more points than the chart is wide make the
 * next frame hang. */
void
healing_demo_chart_load_history (HealingDemoChart *self,
                                 guint             n_points)
{
  g_return_if_fail (HEALING_DEMO_IS_CHART (self));
  g_return_if_fail (n_points > 0);

  fill_values (self, n_points);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
healing_demo_chart_get_frames (HealingDemoChart *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_CHART (self), 0);

  return self->frames;
}
