/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-predictor.h"

G_BEGIN_DECLS

/* The constants of the model (see the comment at the top of
 * healing-predictor.c). The defaults were fitted by
 * tests/predictor/predictor-eval --fit on the training seed; the
 * evaluation program sets others to refit them. */
/* The inputs of the calibration: 1, the logit of the Poisson trip
 * probability, the fast and the slow decayed fault counts. */
#define HEALING_PREDICTOR_N_FEATURES 4
/* The calibration has weights for each breaker threshold: 1 or 2, 3, 4,
 * and 5 or more (a larger threshold uses those of 5, and relies on the
 * Poisson feature for the difference). */
#define HEALING_PREDICTOR_N_CLASSES 4
/* At most this many knots in the final recalibration of a class. */
#define HEALING_PREDICTOR_N_KNOTS 10

typedef struct
{
  double tau_fast;        /* s, for a 10 s window: time scale of the fast decayed count */
  double tau_slow;        /* s, for a 10 s window: time scale of the slow decayed count */
  double prior_rate;      /* faults/s: what a rate is shrunk towards */
  double prior_weight;    /* s: how strongly */
  double fast_share;      /* forecast = share · fast rate + (1 − share) · slow rate */
  double min_rate;        /* faults/s: the forecast never goes below this */
  /* Calibration: p = σ (Σ weights[threshold class][i] · features[i]),
   * see predict (). */
  double weights[HEALING_PREDICTOR_N_CLASSES][HEALING_PREDICTOR_N_FEATURES];
  /* Then a monotone correction of the top end: z + hinge[class][1] ·
   * max (0, z − hinge[class][0]), with hinge[class][1] ≥ 0. */
  double hinge[HEALING_PREDICTOR_N_CLASSES][2];
  /* Last, a monotone recalibration of the probability: the piecewise
   * linear map through (0, 0), knots[class][i] = { p, p' } for i <
   * n_knots[class] (p ascending, p' not descending) and (1, 1); none is
   * the identity. */
  guint n_knots[HEALING_PREDICTOR_N_CLASSES];
  double knots[HEALING_PREDICTOR_N_CLASSES][HEALING_PREDICTOR_N_KNOTS][2];
} HealingPredictorParams;

extern const HealingPredictorParams healing_predictor_default_params;

void healing_predictor_set_params (HealingPredictor             *self,
                                   const HealingPredictorParams *params);
void healing_predictor_get_params (HealingPredictor             *self,
                                   HealingPredictorParams       *params);

/* The calibration's inputs at @time_us, for fitting the weights; returns
 * the threshold class. */
guint healing_predictor_get_features (HealingPredictor            *self,
                                      gint64                       time_us,
                                      double                      *features);

G_END_DECLS
