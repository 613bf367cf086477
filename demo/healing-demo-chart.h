/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The colour of the chart's background, as 0xAARRGGBB. */
#define HEALING_DEMO_CHART_BACKGROUND 0xff2b1d3au

/* How many points the chart normally shows. */
#define HEALING_DEMO_CHART_POINTS 48

#define HEALING_DEMO_TYPE_CHART (healing_demo_chart_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoChart, healing_demo_chart, HEALING_DEMO, CHART, GtkWidget)

GtkWidget *healing_demo_chart_new           (void);

guint      healing_demo_chart_get_n_points  (HealingDemoChart *self);
void       healing_demo_chart_load_history  (HealingDemoChart *self,
                                             guint             n_points);
guint      healing_demo_chart_get_frames    (HealingDemoChart *self);

G_END_DECLS
