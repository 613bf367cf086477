/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "predictor-traces.h"

G_BEGIN_DECLS

/* The Bayes posterior predictive of the generator's own mixture of
 * families (see predictor-bayes.c): the ceiling of any predictor that sees
 * the same fault times. */
typedef struct _Bayes Bayes;

Bayes *bayes_new           (guint        threshold,
                            double       window,
                            guint32      seed);
void   bayes_free          (Bayes       *self);

/* @p[j], for j < @n: the probability that the breaker trips within the
 * window after fault j of @trace, given the faults up to it. */
void   bayes_predict_trace (Bayes       *self,
                            const Trace *trace,
                            guint        n,
                            double      *p);

G_END_DECLS
