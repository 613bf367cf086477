/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "healing-inspector-predictor-plot-private.h"
#include "healing-circuit-breaker.h"
#include "healing-clock.h"
#include "healing-policy.h"
#include "healing-predictor.h"
#include "healing-runtime.h"

/*
 * The Inspector's plot of a container's failure prediction: over the last
 * three minutes (less while there are fewer samples, 30 s at least, so
 * that a fresh selection is readable), the fault rate the predictor assumes (grey bars), the
 * probability (a line), the isolation threshold (dashed) and the moments
 * the breaker was opened early (red). Samples are taken when the
 * container's failure-probability changes (each fault, and the decay ticks
 * while it decays) and when its breaker opens: nothing per frame. At most
 * MAX_SAMPLES are kept.
 */

#define MAX_SAMPLES 512
#define SPAN_US (180 * G_USEC_PER_SEC)
#define MIN_SPAN_US (30 * G_USEC_PER_SEC)

typedef struct
{
  gint64 time;
  double probability;
  double rate;
  gboolean isolated;    /* the breaker was opened early at this moment */
} Sample;

struct _HealingInspectorPredictorPlot
{
  GtkWidget parent_instance;

  /* Weak: the Inspector page drops the selection from its own weak
   * notification, when a weak reference of ours could not be removed. */
  GWeakRef container;
  gboolean has_container;
  HealingCircuitBreaker *breaker;
  Sample samples[MAX_SAMPLES];
  guint head;
  guint len;
};

G_DEFINE_FINAL_TYPE (HealingInspectorPredictorPlot, healing_inspector_predictor_plot, GTK_TYPE_WIDGET)

static gint64
now (void)
{
  return healing_clock_get_time (healing_runtime_get_clock (healing_runtime_get_default ()));
}

static void
add_sample (HealingInspectorPredictorPlot *self,
            gboolean                       isolated)
{
  g_autoptr (HealingContainer) container = g_weak_ref_get (&self->container);
  const char *id;
  HealingPredictor *predictor;
  Sample *sample;

  if (container == NULL)
    return;

  id = healing_container_get_component_id (container);
  predictor = id != NULL ? healing_runtime_lookup_predictor (healing_runtime_get_default (), id) : NULL;

  if (self->len == MAX_SAMPLES)
    {
      self->head = (self->head + 1) % MAX_SAMPLES;
      self->len--;
    }
  sample = &self->samples[(self->head + self->len) % MAX_SAMPLES];
  self->len++;

  sample->time = now ();
  sample->probability = healing_container_get_failure_probability (container);
  sample->rate = 0;
  sample->isolated = isolated;
  if (predictor != NULL)
    {
      g_autoptr (HealingPrediction) prediction = healing_predictor_explain (predictor, sample->time);

      sample->rate = healing_prediction_get_rate (prediction);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
probability_cb (HealingInspectorPredictorPlot *self)
{
  add_sample (self, FALSE);
}

static void
breaker_cb (HealingInspectorPredictorPlot *self)
{
  const char *reason = healing_circuit_breaker_get_reason (self->breaker);

  if (healing_circuit_breaker_get_state (self->breaker) == HEALING_CIRCUIT_OPEN &&
      reason != NULL && g_str_has_prefix (reason, "predicted"))
    add_sample (self, TRUE);
}

void
healing_inspector_predictor_plot_set_container (HealingInspectorPredictorPlot *self,
                                                HealingContainer              *container)
{
  g_autoptr (HealingContainer) old = g_weak_ref_get (&self->container);
  const char *id;

  g_return_if_fail (HEALING_IS_INSPECTOR_PREDICTOR_PLOT (self));

  if (container != NULL && old == container)
    return;

  /* A container that is gone took its handlers with it. */
  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  if (self->breaker != NULL)
    g_signal_handlers_disconnect_by_data (self->breaker, self);
  g_clear_object (&self->breaker);

  g_weak_ref_set (&self->container, container);
  self->has_container = container != NULL;
  self->head = self->len = 0;

  if (container != NULL)
    {
      g_signal_connect_swapped (container, "notify::failure-probability",
                                G_CALLBACK (probability_cb), self);
      id = healing_container_get_component_id (container);
      if (id != NULL)
        {
          self->breaker = healing_runtime_dup_breaker (healing_runtime_get_default (), id);
          g_signal_connect_swapped (self->breaker, "notify::state", G_CALLBACK (breaker_cb), self);
        }
      add_sample (self, FALSE);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
healing_inspector_predictor_plot_get_n_samples (HealingInspectorPredictorPlot *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PREDICTOR_PLOT (self), 0);

  return self->len;
}

static void
healing_inspector_predictor_plot_snapshot (GtkWidget   *widget,
                                           GtkSnapshot *snapshot)
{
  HealingInspectorPredictorPlot *self = HEALING_INSPECTOR_PREDICTOR_PLOT (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  gint64 end = now ();
  double threshold = HEALING_PREDICTOR_DEFAULT_ISOLATE_PROBABILITY;
  double max_rate = 0.1;
  GdkRGBA grid = { 0.5, 0.5, 0.5, 0.25 };
  GdkRGBA bar = { 0.5, 0.5, 0.5, 0.6 };
  GdkRGBA line = { 0.2, 0.45, 0.85, 1.0 };
  GdkRGBA mark = { 0.85, 0.2, 0.2, 1.0 };
  GdkRGBA dash = { 0.85, 0.55, 0.1, 0.9 };
  double last_x = -1, last_y = -1;
  gint64 span = SPAN_US;
  guint i;

  if (width <= 0 || height <= 0)
    return;

  if (self->len > 0)
    span = CLAMP (end - self->samples[self->head].time, MIN_SPAN_US, SPAN_US);

  {
    g_autoptr (HealingContainer) container = g_weak_ref_get (&self->container);

    if (container != NULL)
      {
        HealingPolicy *policy = healing_container_get_policy (container);

        if (policy == NULL)
          policy = healing_runtime_get_policy (healing_runtime_get_default ());
        threshold = healing_policy_get_component_isolate_probability (policy,
                                                                      healing_container_get_component_id (container));
      }
  }

  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  /* The threshold, dashed. */
  for (i = 0; i * 8 < width; i++)
    gtk_snapshot_append_color (snapshot, &dash,
                               &GRAPHENE_RECT_INIT (i * 8, (1 - threshold) * (height - 2), 4, 1));

  for (i = 0; i < self->len; i++)
    max_rate = MAX (max_rate, self->samples[(self->head + i) % MAX_SAMPLES].rate);

  for (i = 0; i < self->len; i++)
    {
      const Sample *s = &self->samples[(self->head + i) % MAX_SAMPLES];
      double x = width - (double) (end - s->time) / span * width;
      double y = (1 - s->probability) * (height - 2);
      double bar_height = s->rate / max_rate * (height - 2) * 0.5;

      if (x < 0)
        continue;

      /* The fault rate, as a thin bar from the bottom. */
      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (x - 1, height - 1 - bar_height, 2, bar_height));

      /* The probability: a step line from the previous sample. */
      if (last_x >= 0)
        {
          gtk_snapshot_append_color (snapshot, &line,
                                     &GRAPHENE_RECT_INIT (last_x, last_y - 1, MAX (1, x - last_x), 2));
          gtk_snapshot_append_color (snapshot, &line,
                                     &GRAPHENE_RECT_INIT (x - 1, MIN (y, last_y) - 1, 2, fabs (y - last_y) + 2));
        }
      last_x = x;
      last_y = y;

      if (s->isolated)
        gtk_snapshot_append_color (snapshot, &mark, &GRAPHENE_RECT_INIT (x - 1, 0, 2, height));
    }

  /* Up to now. */
  if (last_x >= 0 && last_x < width)
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (last_x, last_y - 1, width - last_x, 2));
}

static void
healing_inspector_predictor_plot_measure (GtkWidget      *widget,
                                          GtkOrientation  orientation,
                                          int             for_size,
                                          int            *minimum,
                                          int            *natural,
                                          int            *minimum_baseline,
                                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 60;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 90;
}

static void
healing_inspector_predictor_plot_dispose (GObject *object)
{
  healing_inspector_predictor_plot_set_container (HEALING_INSPECTOR_PREDICTOR_PLOT (object), NULL);

  G_OBJECT_CLASS (healing_inspector_predictor_plot_parent_class)->dispose (object);
}

static void
healing_inspector_predictor_plot_finalize (GObject *object)
{
  HealingInspectorPredictorPlot *self = HEALING_INSPECTOR_PREDICTOR_PLOT (object);

  g_weak_ref_clear (&self->container);

  G_OBJECT_CLASS (healing_inspector_predictor_plot_parent_class)->finalize (object);
}

static void
healing_inspector_predictor_plot_class_init (HealingInspectorPredictorPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_predictor_plot_dispose;
  object_class->finalize = healing_inspector_predictor_plot_finalize;
  widget_class->snapshot = healing_inspector_predictor_plot_snapshot;
  widget_class->measure = healing_inspector_predictor_plot_measure;
  gtk_widget_class_set_css_name (widget_class, "healingpredictorplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
healing_inspector_predictor_plot_init (HealingInspectorPredictorPlot *self)
{
  g_weak_ref_init (&self->container, NULL);

  /* Translators: the accessible description of a plot in the Inspector */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Failure probability and fault rate over the last three minutes"), -1);
}

GtkWidget *
healing_inspector_predictor_plot_new (void)
{
  return g_object_new (HEALING_TYPE_INSPECTOR_PREDICTOR_PLOT, NULL);
}
