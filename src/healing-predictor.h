/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <glib-object.h>

#include "healing-version.h"
#include "healing-fault.h"

G_BEGIN_DECLS

/**
 * HealingPredictMode:
 * @HEALING_PREDICT_MODE_OFF: no prediction is made
 * @HEALING_PREDICT_MODE_SHADOW: the failure probability is computed, shown
 *   and logged, but nothing is done about it
 * @HEALING_PREDICT_MODE_ISOLATE: when the failure probability crosses
 *   [property@Policy:isolate-probability] on a fault that goes to the
 *   component's circuit breaker, the breaker is opened before it would
 *   trip by itself
 *
 * What a [class@Container] does with the [class@Predictor] of its
 * component.
 */
typedef enum {
  HEALING_PREDICT_MODE_OFF,
  HEALING_PREDICT_MODE_SHADOW,
  HEALING_PREDICT_MODE_ISOLATE,
} HealingPredictMode;

/**
 * HEALING_PREDICTOR_MAX_THRESHOLD:
 *
 * The largest breaker threshold a [class@Predictor] models: it keeps the
 * times of the last `threshold - 1` faults (at least three), so its memory
 * is bounded by the threshold.
 */
#define HEALING_PREDICTOR_MAX_THRESHOLD 64

/**
 * HEALING_PREDICTOR_DEFAULT_ISOLATE_PROBABILITY:
 *
 * The default of [property@Policy:isolate-probability]: 0.7.
 */
#define HEALING_PREDICTOR_DEFAULT_ISOLATE_PROBABILITY 0.7

#define HEALING_TYPE_PREDICTION (healing_prediction_get_type ())

typedef struct _HealingPrediction HealingPrediction;

HEALING_AVAILABLE_IN_ALL
GType              healing_prediction_get_type             (void) G_GNUC_CONST;
HEALING_AVAILABLE_IN_ALL
HealingPrediction *healing_prediction_ref                  (HealingPrediction       *self);
HEALING_AVAILABLE_IN_ALL
void               healing_prediction_unref                (HealingPrediction       *self);
HEALING_AVAILABLE_IN_ALL
gint64             healing_prediction_get_time             (const HealingPrediction *self);
HEALING_AVAILABLE_IN_ALL
double             healing_prediction_get_probability      (const HealingPrediction *self);
HEALING_AVAILABLE_IN_ALL
double             healing_prediction_get_rate             (const HealingPrediction *self);
HEALING_AVAILABLE_IN_ALL
double             healing_prediction_get_trend            (const HealingPrediction *self);
HEALING_AVAILABLE_IN_ALL
guint              healing_prediction_get_faults_in_window (const HealingPrediction *self);
HEALING_AVAILABLE_IN_ALL
char              *healing_prediction_to_string            (const HealingPrediction *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HealingPrediction, healing_prediction_unref)

#define HEALING_TYPE_PREDICTOR (healing_predictor_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingPredictor, healing_predictor, HEALING, PREDICTOR, GObject)

HEALING_AVAILABLE_IN_ALL
HealingPredictor  *healing_predictor_new             (guint               threshold,
                                                      gint64              window_us) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
guint              healing_predictor_get_threshold   (HealingPredictor   *self);
HEALING_AVAILABLE_IN_ALL
void               healing_predictor_set_threshold   (HealingPredictor   *self,
                                                      guint               threshold);
HEALING_AVAILABLE_IN_ALL
gint64             healing_predictor_get_window      (HealingPredictor   *self);
HEALING_AVAILABLE_IN_ALL
void               healing_predictor_set_window      (HealingPredictor   *self,
                                                      gint64              window_us);
HEALING_AVAILABLE_IN_ALL
guint64            healing_predictor_get_fault_count (HealingPredictor   *self);
HEALING_AVAILABLE_IN_ALL
gboolean           healing_predictor_get_calibrated  (HealingPredictor   *self);

HEALING_AVAILABLE_IN_ALL
void               healing_predictor_observe_fault   (HealingPredictor   *self,
                                                      gint64              time_us);
HEALING_AVAILABLE_IN_ALL
void               healing_predictor_observe         (HealingPredictor   *self,
                                                      const HealingFault *fault);
HEALING_AVAILABLE_IN_ALL
void               healing_predictor_reset           (HealingPredictor   *self);

HEALING_AVAILABLE_IN_ALL
double             healing_predictor_get_probability (HealingPredictor   *self,
                                                      gint64              time_us);
HEALING_AVAILABLE_IN_ALL
HealingPrediction *healing_predictor_explain         (HealingPredictor   *self,
                                                      gint64              time_us) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
