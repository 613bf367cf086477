/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "healing-predictor-private.h"

/**
 * HealingPredictor:
 *
 * Predicts that a component's circuit breaker is about to trip.
 *
 * A predictor models one [class@CircuitBreaker] in window mode: one that
 * trips when [property@Predictor:threshold] faults fall inside a sliding
 * window of [property@Predictor:window] microseconds. Give it the times of
 * the component's faults with [method@Predictor.observe_fault], and
 * [method@Predictor.get_probability] says how likely it is that the breaker
 * trips at some moment of the next window, `(time, time + window]`.
 *
 * The number is meant to be calibrated (of the moments it says 0.8,
 * about 80 % followed by a trip within the window), and its constants are
 * fitted for that on synthetic traces: steady noise, harmless bursts,
 * ramps, exponential growth, self-exciting cascades, step changes. How
 * close it comes on held-out traces is measured by the evaluation in
 * libhealing's tests/predictor/. It is also explained:
 * [method@Predictor.explain] gives the fault rate it assumes now, its
 * trend and the faults already in the window, as a
 * [struct@Prediction].
 *
 * The predictor is online and small: it keeps two decayed fault counts and
 * the times of the last `threshold - 1` faults, whatever the number of
 * faults observed, and observing a fault costs a few dozen nanoseconds.
 * Times are monotonic microseconds given by the caller, so it runs on any
 * clock, a virtual one in tests.
 *
 * A [class@Container] keeps one predictor per component id
 * ([method@Runtime.dup_predictor]) and, by [property@Policy:predict], opens
 * the component's breaker when the probability crosses
 * [property@Policy:isolate-probability].
 */

/*
 * Why the model is what it is
 * ===========================
 *
 * What is predicted is an event of a known mechanism: the breaker trips
 * when `n` faults fall inside one window `W`. So the probability is not a
 * score mapped to [0, 1]; it is computed from that mechanism and a
 * forecast of the fault rate:
 *
 * 1. The future.  Given the faults already in the window (at times
 *    u_1 ≤ … ≤ u_k ≤ t) and a forecast rate λ, new faults are a Poisson
 *    process. Every window ending in (t, t + W]
 *    contains all of the new faults so far (it starts before t), and the
 *    old fault u_i leaves the windows at u_i + W. So the breaker stays
 *    closed until t + W exactly when, at each expiry time E_j = u_j + W,
 *    the number of new faults in (t, E_j) is below n − k + j − 1, and at
 *    t + W below n. Those are conditions on a counting process at k + 1
 *    fixed times: a dynamic programme over the count (at most n states,
 *    Poisson steps with the integrated intensity between the E_j) gives
 *    the exact probability for that λ, in O(n²) per step. Only the last
 *    n − 1 faults can matter (a trip in the future needs a new fault), so
 *    that is all the predictor keeps.
 *
 * 2. The rate.  Two exponentially decayed fault counts, at a fast and a
 *    slow time scale, estimate the recent rate; each is shrunk towards a
 *    prior rate (a pseudo-count), because right after a fault a short
 *    average always looks high (the fault was observed because it just
 *    happened). The forecast blends the two. It does not extrapolate their
 *    gap (the classic de-lagging r_fast + k (r_fast − r_slow)): that makes
 *    a higher slow rate lower the forecast, so an extra fault a minute ago
 *    would lower the probability, which no user would believe. The gap is
 *    still reported as the trend: for a linear ramp a decayed average lags
 *    by its time scale, so slope ≈ (r_fast − r_slow) / (τ_slow − τ_fast).
 *    The time scales are given for a 10 s window and scale with it.
 *
 * 3. Calibration.  The forecast is uncertain and the traffic is a mixture
 *    (a pair of faults may be a burst that subsides or the start of a
 *    cascade), so the Poisson probability alone is badly calibrated. The
 *    output is a logistic model of the Poisson probability's logit and the
 *    two decayed counts (the fast count sees how close together the last
 *    faults are, the slow one the history), with weights fitted per
 *    breaker threshold (2, 3, 4 and 5 or more), all of them but the
 *    intercept non-negative so that a fault can only raise the number.
 *    On the evaluation traces the fit leans on the counts more than on the
 *    Poisson term: with a breaker as quick as 3 faults in 10 s a trip is
 *    mostly decided by how soon the next fault comes, which the counts
 *    measure directly. A logistic model of these inputs is a little
 *    under-confident at its top end; a hinge on its logit,
 *    z + w · max (0, z − a) with w ≥ 0, still monotone, corrects that.
 *    It is still off in the middle (on the training traces, of the
 *    moments it said 0.63 about 0.56 were followed by a trip), so last
 *    comes a monotone recalibration of the probability: the piecewise
 *    linear map through the observed frequency of each decile of the
 *    training traces, made non-decreasing by pooling adjacent violators
 *    (isotonic regression on the deciles). Being non-decreasing, it keeps
 *    "a fault never lowers the probability".
 *
 * All the constants were fitted together by minimising the log loss on
 * the training seed of the trace generator in tests/predictor/
 * (predictor-eval --fit --fit-other-breakers), and the evaluation figures
 * (tests/predictor/README.md) are on a different, held-out seed.
 *
 * Criticals and warnings are counted like crashes: what is predicted is
 * the breaker's count, and the breaker counts every fault it is given
 * alike, so weighting them differently would predict another number.
 */

/* Fitted on training seed 1 of the second trace set (see
 * tests/predictor/README.md): the time scales and rates by
 * `predictor-eval --seed=1 --traces=6000 --fit --fit-other-breakers
 * --drop=16` (the hinge left out while they move, for speed), then the
 * weights, the hinge and the knots at those by `predictor-eval --seed=1
 * --traces=6000 --fit-weights --fit-other-breakers`. */
const HealingPredictorParams healing_predictor_default_params = {
  .tau_fast = 0.5,
  .tau_slow = 13.8,
  .prior_rate = 0.2029,
  .prior_weight = 3.147,
  .fast_share = 0.9961,
  .min_rate = 0.001,
  .weights = { { 1.084, 0, 0.002368, 0 },
               { -2.896, 0, 2.451, 0.4605 },
               { -3.117, 0.08993, 1.513, 1.147 },
               { -2.811, 0.2579, 0.9582, 1.196 } },
  .hinge = { { 0, 0 },
             { 2, 2 },
             { 1.25, 0.6 },
             { 1.25, 0.45 } },
  /* The recalibration, fitted with the weights and hinge above
   * (predictor-eval.c, fit_knots ()). */
  .n_knots = { 1, 5, 5, 5 },
  .knots = { { { 0.7477, 0.7477 } },
             { { 0.5198, 0.5424 }, { 0.6339, 0.5562 }, { 0.7481, 0.7260 }, { 0.8473, 0.8087 }, { 0.9636, 0.9675 } },
             { { 0.4260, 0.4543 }, { 0.6309, 0.5541 }, { 0.7449, 0.6623 }, { 0.8543, 0.8550 }, { 0.9631, 0.9649 } },
             { { 0.3882, 0.4209 }, { 0.6262, 0.5306 }, { 0.7466, 0.6672 }, { 0.8551, 0.8400 }, { 0.9742, 0.9776 } } },
};

struct _HealingPrediction
{
  gatomicrefcount ref_count;
  gint64 time;
  double probability;
  double rate;
  double trend;
  guint faults_in_window;
  gint64 window;
};

struct _HealingPredictor
{
  GObject parent_instance;

  guint threshold;
  gint64 window;

  HealingPredictorParams params;
  /* 1 / τ, in 1/µs, so that decaying is one multiplication and one exp. */
  double inv_tau_fast;
  double inv_tau_slow;

  /* Decayed counts of faults, as of last_time. */
  double count_fast;
  double count_slow;
  gint64 last_time;
  guint64 n_faults;

  /* The last threshold − 1 fault times, a ring: times[(head + i) % size]
   * for i < len, oldest first. */
  gint64 *times;
  guint size;
  guint head;
  guint len;
};

enum {
  PROP_0,
  PROP_THRESHOLD,
  PROP_WINDOW,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingPredictor, healing_predictor, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (HealingPrediction, healing_prediction,
                     healing_prediction_ref, healing_prediction_unref)

/* ------------------------------------------------------------------------
 * The model
 * ------------------------------------------------------------------------ */

static void
update_scales (HealingPredictor *self)
{
  double scale = (double) self->window / 10.0;

  self->inv_tau_fast = 1.0 / (self->params.tau_fast * scale);
  self->inv_tau_slow = 1.0 / (self->params.tau_slow * scale);
}

/* The forecast at @time: the decayed counts, the rate now (faults/s) and
 * its slope (faults/s per second). The time scales are for a window of
 * 10 s, the one they were fitted for, and scale with the window. */
static void
forecast (HealingPredictor *self,
          gint64            time,
          double           *c_fast,
          double           *c_slow,
          double           *rate,
          double           *slope)
{
  const HealingPredictorParams *p = &self->params;
  double scale = (double) self->window / (10.0 * G_USEC_PER_SEC);
  double tau_fast = p->tau_fast * scale;
  double tau_slow = p->tau_slow * scale;
  double dt = (double) MAX (0, time - self->last_time);
  double prior = p->prior_rate * p->prior_weight * scale;
  double r_fast, r_slow, gap;

  *c_fast = self->count_fast * exp (-dt * self->inv_tau_fast);
  *c_slow = self->count_slow * exp (-dt * self->inv_tau_slow);

  r_fast = (*c_fast + prior) / (tau_fast + p->prior_weight * scale);
  r_slow = (*c_slow + prior) / (tau_slow + p->prior_weight * scale);
  /* The trend from the plain averages: shrunk ones tend to different
   * values in quiet. */
  gap = *c_fast / tau_fast - *c_slow / tau_slow;

  /* A blend, not an extrapolation: r_fast + k (r_fast − r_slow) would
   * make an earlier fault lower the forecast. */
  *rate = MAX (p->min_rate, p->fast_share * r_fast + (1.0 - p->fast_share) * r_slow);
  /* A decayed average lags a linear ramp by its time scale. */
  *slope = gap / (tau_slow - tau_fast);
}

/* Advances the distribution of the count of new faults, alive[m] for
 * m < @states, by a Poisson step of mean @mass, then drops the counts that
 * reach @deficit (the breaker tripped). */
static void
poisson_step (double *alive,
              guint   states,
              double  mass,
              guint   deficit)
{
  double next[HEALING_PREDICTOR_MAX_THRESHOLD] = { 0, };
  double pmf[HEALING_PREDICTOR_MAX_THRESHOLD];
  guint m, j;

  if (mass <= 0.0)
    {
      for (m = deficit; m < states; m++)
        alive[m] = 0.0;
      return;
    }

  pmf[0] = exp (-mass);
  for (j = 1; j < deficit; j++)
    pmf[j] = pmf[j - 1] * mass / j;

  for (m = 0; m < deficit; m++)
    for (j = 0; j <= m; j++)
      next[m] += alive[j] * pmf[m - j];

  for (m = 0; m < states; m++)
    alive[m] = m < deficit ? next[m] : 0.0;
}

/* The Poisson trip probability and the calibration's other inputs. */
static guint
compute (HealingPredictor *self,
         gint64            time,
         double           *features,
         double           *rate_out,
         double           *slope_out,
         guint            *in_window_out)
{
  double alive[HEALING_PREDICTOR_MAX_THRESHOLD] = { 1.0, };
  double window_s = (double) self->window / G_USEC_PER_SEC;
  double c_fast, c_slow, rate, slope, at = 0.0, survive = 0.0, trip;
  guint n = self->threshold;
  guint k = 0, deficit, i, m;

  if (time < self->last_time)
    time = self->last_time;

  forecast (self, time, &c_fast, &c_slow, &rate, &slope);

  /* The faults still in the window at @time, oldest first: their expiry
   * times, relative to @time, bound the steps of the programme. */
  for (i = 0; i < self->len; i++)
    if (self->times[(self->head + i) % self->size] > time - self->window)
      k++;

  deficit = n - k;
  for (i = self->len - k; i < self->len; i++)
    {
      gint64 expiry = self->times[(self->head + i) % self->size] + self->window;
      double until = (double) (expiry - time) / G_USEC_PER_SEC;

      poisson_step (alive, n, rate * (until - at), deficit);
      at = until;
      deficit++;
    }
  /* After the last expiry, every fault must be new. */
  poisson_step (alive, n, rate * (window_s - at), n);

  for (m = 0; m < n; m++)
    survive += alive[m];
  trip = CLAMP (1.0 - survive, 1e-9, 1.0 - 1e-9);

  features[0] = 1.0;
  features[1] = log (trip / (1.0 - trip));
  features[2] = c_fast;
  features[3] = c_slow;

  if (rate_out != NULL)
    *rate_out = rate;
  if (slope_out != NULL)
    *slope_out = slope;
  if (in_window_out != NULL)
    *in_window_out = k;

  /* The threshold class: the calibration was fitted per threshold. */
  return CLAMP (n, 2, HEALING_PREDICTOR_N_CLASSES + 1) - 2;
}

/* The final recalibration of @p for @klass: piecewise linear, monotone. */
static double
recalibrate (const HealingPredictorParams *params,
             guint                         klass,
             double                        p)
{
  guint n = MIN (params->n_knots[klass], HEALING_PREDICTOR_N_KNOTS), i;
  double x0 = 0.0, y0 = 0.0;

  for (i = 0; i <= n; i++)
    {
      double x1 = i < n ? params->knots[klass][i][0] : 1.0;
      double y1 = i < n ? params->knots[klass][i][1] : 1.0;

      if (p <= x1)
        return x1 > x0 ? y0 + (y1 - y0) * (p - x0) / (x1 - x0) : y1;
      x0 = x1;
      y0 = y1;
    }

  return p;
}

static double
predict (HealingPredictor *self,
         gint64            time,
         double           *rate_out,
         double           *slope_out,
         guint            *in_window_out)
{
  double features[HEALING_PREDICTOR_N_FEATURES];
  double z = 0.0;
  guint klass, i;

  klass = compute (self, time, features, rate_out, slope_out, in_window_out);
  for (i = 0; i < HEALING_PREDICTOR_N_FEATURES; i++)
    z += self->params.weights[klass][i] * features[i];
  z += self->params.hinge[klass][1] * MAX (0.0, z - self->params.hinge[klass][0]);

  return recalibrate (&self->params, klass, 1.0 / (1.0 + exp (-z)));
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_predictor_finalize (GObject *object)
{
  HealingPredictor *self = HEALING_PREDICTOR (object);

  g_free (self->times);

  G_OBJECT_CLASS (healing_predictor_parent_class)->finalize (object);
}

static void
healing_predictor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HealingPredictor *self = HEALING_PREDICTOR (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;
    case PROP_WINDOW:
      g_value_set_int64 (value, self->window);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_predictor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HealingPredictor *self = HEALING_PREDICTOR (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      healing_predictor_set_threshold (self, g_value_get_uint (value));
      break;
    case PROP_WINDOW:
      healing_predictor_set_window (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_predictor_class_init (HealingPredictorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_predictor_finalize;
  object_class->get_property = healing_predictor_get_property;
  object_class->set_property = healing_predictor_set_property;

  /**
   * HealingPredictor:threshold: (getter get_threshold) (setter set_threshold)
   *
   * The number of faults inside one window that trips the breaker, from 1
   * to [const@PREDICTOR_MAX_THRESHOLD].
   */
  props[PROP_THRESHOLD] =
    g_param_spec_uint ("threshold", NULL, NULL,
                       1, HEALING_PREDICTOR_MAX_THRESHOLD, 3,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPredictor:window: (getter get_window) (setter set_window)
   *
   * The breaker's sliding window, in microseconds; also the horizon of the
   * prediction.
   */
  props[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL,
                        1, G_MAXINT64 / 4, 10 * G_USEC_PER_SEC,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                        G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_predictor_init (HealingPredictor *self)
{
  self->params = healing_predictor_default_params;
  update_scales (self);
}

/**
 * healing_predictor_new:
 * @threshold: the faults inside one window that trip the breaker, from 1
 *   to [const@PREDICTOR_MAX_THRESHOLD]
 * @window_us: the breaker's window, in microseconds
 *
 * Creates a predictor for a breaker that trips when @threshold faults fall
 * inside a sliding window of @window_us.
 *
 * Returns: (transfer full): a new predictor
 */
HealingPredictor *
healing_predictor_new (guint  threshold,
                       gint64 window_us)
{
  g_return_val_if_fail (threshold >= 1 && threshold <= HEALING_PREDICTOR_MAX_THRESHOLD, NULL);
  g_return_val_if_fail (window_us > 0, NULL);

  return g_object_new (HEALING_TYPE_PREDICTOR,
                       "threshold", threshold,
                       "window", window_us,
                       NULL);
}

/**
 * healing_predictor_get_threshold: (get-property threshold)
 * @self: a predictor
 *
 * Gets the number of faults inside one window that trips the breaker.
 *
 * Returns: the threshold
 */
guint
healing_predictor_get_threshold (HealingPredictor *self)
{
  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), 0);

  return self->threshold;
}

/**
 * healing_predictor_set_threshold: (set-property threshold)
 * @self: a predictor
 * @threshold: the faults inside one window that trip the breaker, from 1
 *   to [const@PREDICTOR_MAX_THRESHOLD]
 *
 * Sets the number of faults inside one window that trips the breaker. The
 * newest fault times are kept.
 */
void
healing_predictor_set_threshold (HealingPredictor *self,
                                 guint             threshold)
{
  gint64 *times;
  guint keep, i;

  g_return_if_fail (HEALING_IS_PREDICTOR (self));
  g_return_if_fail (threshold >= 1 && threshold <= HEALING_PREDICTOR_MAX_THRESHOLD);

  if (self->threshold == threshold)
    return;

  /* Room for one more than needed, so a threshold of 1 needs no special
   * case. */
  times = g_new0 (gint64, threshold);
  keep = MIN (self->len, threshold - 1);
  for (i = 0; i < keep; i++)
    times[i] = self->times[(self->head + self->len - keep + i) % self->size];

  g_free (self->times);
  self->times = times;
  self->size = threshold;
  self->head = 0;
  self->len = keep;
  self->threshold = threshold;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_THRESHOLD]);
}

/**
 * healing_predictor_get_window: (get-property window)
 * @self: a predictor
 *
 * Gets the breaker's window, in microseconds.
 *
 * Returns: the window
 */
gint64
healing_predictor_get_window (HealingPredictor *self)
{
  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), 0);

  return self->window;
}

/**
 * healing_predictor_set_window: (set-property window)
 * @self: a predictor
 * @window_us: the window, in microseconds
 *
 * Sets the breaker's window.
 */
void
healing_predictor_set_window (HealingPredictor *self,
                              gint64            window_us)
{
  g_return_if_fail (HEALING_IS_PREDICTOR (self));
  g_return_if_fail (window_us > 0 && window_us <= G_MAXINT64 / 4);

  if (self->window == window_us)
    return;

  self->window = window_us;
  update_scales (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WINDOW]);
}

/**
 * healing_predictor_get_fault_count:
 * @self: a predictor
 *
 * Gets how many faults the predictor observed since it was created or
 * reset.
 *
 * Returns: the number of faults
 */
guint64
healing_predictor_get_fault_count (HealingPredictor *self)
{
  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), 0);

  return self->n_faults;
}

/**
 * healing_predictor_get_calibrated:
 * @self: a predictor
 *
 * Gets whether the predictor's calibration was fitted for its threshold:
 * 2 to 5 faults. With other thresholds the probability is an
 * extrapolation (a threshold of 1 trips at the first fault, nothing can
 * come before it), and a [class@Container] shows it but does not act on
 * it.
 *
 * Returns: whether the probability is calibrated for the threshold
 */
gboolean
healing_predictor_get_calibrated (HealingPredictor *self)
{
  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), FALSE);

  return self->threshold >= 2 && self->threshold <= HEALING_PREDICTOR_N_CLASSES + 1;
}

/**
 * healing_predictor_observe_fault:
 * @self: a predictor
 * @time_us: when the fault happened, in monotonic microseconds
 *
 * Tells the predictor that the component faulted at @time_us.
 *
 * Times should not go backwards; a fault earlier than the last one
 * observed counts as happening at the same time as that one.
 */
void
healing_predictor_observe_fault (HealingPredictor *self,
                                 gint64            time_us)
{
  double dt;

  g_return_if_fail (HEALING_IS_PREDICTOR (self));

  if (time_us < self->last_time)
    time_us = self->last_time;

  dt = (double) (time_us - self->last_time);
  self->count_fast = self->count_fast * exp (-dt * self->inv_tau_fast) + 1.0;
  self->count_slow = self->count_slow * exp (-dt * self->inv_tau_slow) + 1.0;
  self->last_time = time_us;
  self->n_faults++;

  if (self->threshold > 1)
    {
      if (self->len == self->threshold - 1)
        {
          self->head = (self->head + 1) % self->size;
          self->len--;
        }
      self->times[(self->head + self->len) % self->size] = time_us;
      self->len++;
    }
}

/**
 * healing_predictor_observe:
 * @self: a predictor
 * @fault: a fault of the component
 *
 * Tells the predictor about @fault, at the fault's own time
 * ([method@Fault.get_time]).
 *
 * Every kind of fault counts the same, as it does in the breaker whose
 * trip is predicted.
 */
void
healing_predictor_observe (HealingPredictor   *self,
                           const HealingFault *fault)
{
  g_return_if_fail (HEALING_IS_PREDICTOR (self));
  g_return_if_fail (fault != NULL);

  healing_predictor_observe_fault (self, healing_fault_get_time (fault));
}

/**
 * healing_predictor_reset:
 * @self: a predictor
 *
 * Forgets every fault observed.
 */
void
healing_predictor_reset (HealingPredictor *self)
{
  g_return_if_fail (HEALING_IS_PREDICTOR (self));

  self->count_fast = 0.0;
  self->count_slow = 0.0;
  self->n_faults = 0;
  self->head = 0;
  self->len = 0;
}

/**
 * healing_predictor_get_probability:
 * @self: a predictor
 * @time_us: now, in monotonic microseconds
 *
 * Gets the probability that the breaker trips within the next window:
 * that [property@Predictor:threshold] faults fall inside one window at
 * some moment in `(time_us, time_us + window]`.
 *
 * Returns: a probability, from 0 to 1
 */
double
healing_predictor_get_probability (HealingPredictor *self,
                                   gint64            time_us)
{
  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), 0.0);

  return predict (self, time_us, NULL, NULL, NULL);
}

/**
 * healing_predictor_explain:
 * @self: a predictor
 * @time_us: now, in monotonic microseconds
 *
 * Gets the probability of [method@Predictor.get_probability] with the
 * reasons behind it.
 *
 * Returns: (transfer full): the prediction
 */
HealingPrediction *
healing_predictor_explain (HealingPredictor *self,
                           gint64            time_us)
{
  HealingPrediction *prediction;

  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), NULL);

  prediction = g_new0 (HealingPrediction, 1);
  g_atomic_ref_count_init (&prediction->ref_count);
  prediction->time = MAX (time_us, self->last_time);
  prediction->window = self->window;
  prediction->probability = predict (self, time_us, &prediction->rate,
                                     &prediction->trend,
                                     &prediction->faults_in_window);

  return prediction;
}

void
healing_predictor_set_params (HealingPredictor             *self,
                              const HealingPredictorParams *params)
{
  g_return_if_fail (HEALING_IS_PREDICTOR (self));
  g_return_if_fail (params->tau_fast > 0 && params->tau_slow > params->tau_fast);

  self->params = *params;
  update_scales (self);
}

void
healing_predictor_get_params (HealingPredictor       *self,
                              HealingPredictorParams *params)
{
  g_return_if_fail (HEALING_IS_PREDICTOR (self));

  *params = self->params;
}

guint
healing_predictor_get_features (HealingPredictor *self,
                                gint64            time_us,
                                double           *features)
{
  g_return_val_if_fail (HEALING_IS_PREDICTOR (self), 0);

  return compute (self, time_us, features, NULL, NULL, NULL);
}

/* ------------------------------------------------------------------------
 * HealingPrediction
 * ------------------------------------------------------------------------ */

/**
 * HealingPrediction:
 *
 * A failure probability of a [class@Predictor] and the reasons behind it:
 * what the Inspector shows and the fault log says.
 */

/**
 * healing_prediction_ref:
 * @self: a prediction
 *
 * Acquires a reference on @self.
 *
 * Returns: (transfer full): @self
 */
HealingPrediction *
healing_prediction_ref (HealingPrediction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * healing_prediction_unref:
 * @self: (transfer full): a prediction
 *
 * Releases a reference on @self, freeing it when the last one is gone.
 */
void
healing_prediction_unref (HealingPrediction *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

/**
 * healing_prediction_get_time:
 * @self: a prediction
 *
 * Gets the time the prediction is for.
 *
 * Returns: monotonic microseconds
 */
gint64
healing_prediction_get_time (const HealingPrediction *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->time;
}

/**
 * healing_prediction_get_probability:
 * @self: a prediction
 *
 * Gets the probability that the breaker trips within the next window.
 *
 * Returns: a probability, from 0 to 1
 */
double
healing_prediction_get_probability (const HealingPrediction *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->probability;
}

/**
 * healing_prediction_get_rate:
 * @self: a prediction
 *
 * Gets the fault rate the predictor assumes now.
 *
 * Returns: faults per second
 */
double
healing_prediction_get_rate (const HealingPrediction *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->rate;
}

/**
 * healing_prediction_get_trend:
 * @self: a prediction
 *
 * Gets how fast the fault rate is changing: positive when it rises.
 *
 * Returns: faults per second, per second
 */
double
healing_prediction_get_trend (const HealingPrediction *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->trend;
}

/**
 * healing_prediction_get_faults_in_window:
 * @self: a prediction
 *
 * Gets how many of the faults that trip the breaker are already inside
 * the window (at most `threshold - 1`).
 *
 * Returns: a number of faults
 */
guint
healing_prediction_get_faults_in_window (const HealingPrediction *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->faults_in_window;
}

/**
 * healing_prediction_to_string:
 * @self: a prediction
 *
 * Describes the prediction in words, such as "predicted 0.83: 0.4
 * faults/s and rising".
 *
 * Returns: (transfer full): the description
 */
char *
healing_prediction_to_string (const HealingPrediction *self)
{
  double change;

  g_return_val_if_fail (self != NULL, NULL);

  /* Rising or falling: by more than a fifth over the window. */
  change = self->trend * ((double) self->window / G_USEC_PER_SEC);

  if (change > 0.2 * self->rate)
    /* Translators: 1: a probability such as 0.83, 2: faults per second */
    return g_strdup_printf (_("predicted %.2f: %.2g faults/s and rising"),
                            self->probability, self->rate);
  if (change < -0.2 * self->rate)
    /* Translators: 1: a probability such as 0.83, 2: faults per second */
    return g_strdup_printf (_("predicted %.2f: %.2g faults/s and falling"),
                            self->probability, self->rate);

  /* Translators: 1: a probability such as 0.83, 2: faults per second */
  return g_strdup_printf (_("predicted %.2f: %.2g faults/s, steady"),
                          self->probability, self->rate);
}
