/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_PREDICTOR_PLOT (healing_inspector_predictor_plot_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorPredictorPlot, healing_inspector_predictor_plot,
                      HEALING, INSPECTOR_PREDICTOR_PLOT, GtkWidget)

GtkWidget *healing_inspector_predictor_plot_new           (void);
void       healing_inspector_predictor_plot_set_container (HealingInspectorPredictorPlot *self,
                                                           HealingContainer              *container);
/* How many samples the plot holds, for tests. */
guint      healing_inspector_predictor_plot_get_n_samples (HealingInspectorPredictorPlot *self);

G_END_DECLS
