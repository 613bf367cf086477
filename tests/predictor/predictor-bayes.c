/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The Bayes ceiling of the evaluation: the probability that the breaker
 * trips within the next window given the faults so far, computed with
 * everything the trace generator knows and a predictor does not — the six
 * families, equally likely, and the uniform ranges their parameters are
 * drawn from (predictor-traces.h).
 *
 * That posterior predictive is the best any predictor that sees the same
 * fault times can do: no function of the history has a lower expected
 * Brier score or log loss, and at any moment the chance that a fire is
 * right is exactly its value, so a firing rule on it isolates the traces
 * with the best odds. Its figures on the held-out seed are what the
 * targets can be compared with.
 *
 * How: for each family, a grid over its parameters (midpoints of the
 * uniform ranges, so that the grid is a quadrature of the prior); for each
 * grid point, the likelihood of the faults so far (Π λ(t_i) · exp (−∫ λ))
 * kept up to date fault by fault; the trip probability within the window
 * for each point — exact, by the dynamic programme of the predictor, for
 * the families whose intensity does not depend on the faults, by
 * simulation for the self-exciting one and for the bursts — weighted by
 * the likelihood. The bursts' likelihood sums over which of the faults
 * are burst faults (the schedule is integrated exactly). Approximations,
 * all small: the grids, the 5 faults/s cap left out of ∫ λ (it is never
 * reached before a first trip), and Monte Carlo noise (fixed seed).
 */

#include "predictor-bayes.h"

#include <math.h>
#include <string.h>

#define N_MAX 8
#define SIMS 1000
#define NEGLIGIBLE 25.0   /* log-likelihood below the best by this: left out */

typedef enum {
  KIND_STEADY,
  KIND_RAMP,
  KIND_EXPONENTIAL,
  KIND_STEP,
  N_KINDS
} Kind;

typedef struct
{
  double base;
  double start;
  double shape;   /* ramp: slope; exponential: growth; step: the high rate */
  double logl;
} Det;

typedef struct
{
  double base;
  double branching;
  double decay;
  double s;       /* Σ exp (−decay (t − t_i)) over the faults, at the last one */
  double logl;
} Hk;

struct _Bayes
{
  guint threshold;
  double window;
  GRand *rand;

  GArray *det[N_KINDS];
  GArray *hawkes;
  double *scratch;
};

static double
mid (double lo,
     double hi,
     guint  i,
     guint  n)
{
  return lo + (hi - lo) * (i + 0.5) / n;
}

static void
add_det_grid (GArray *grid,
              Kind    kind)
{
  guint i, j, k;

  switch (kind)
    {
    case KIND_STEADY:
      for (i = 0; i < 64; i++)
        {
          Det d = { mid (STEADY_MIN, STEADY_MAX, i, 64), 0, 0, 0 };
          g_array_append_val (grid, d);
        }
      break;
    case KIND_RAMP:
      for (i = 0; i < 8; i++)
        for (j = 0; j < 80; j++)
          for (k = 0; k < 24; k++)
            {
              Det d = { mid (BASE_MIN, BASE_MAX, i, 8), mid (0, RISE_START_MAX, j, 80),
                        1.0 / mid (RAMP_MIN, RAMP_MAX, k, 24), 0 };
              g_array_append_val (grid, d);
            }
      break;
    case KIND_EXPONENTIAL:
      for (i = 0; i < 8; i++)
        for (j = 0; j < 80; j++)
          for (k = 0; k < 24; k++)
            {
              Det d = { mid (BASE_MIN, BASE_MAX, i, 8), mid (0, RISE_START_MAX, j, 80),
                        G_LN2 / mid (DOUBLING_MIN, DOUBLING_MAX, k, 24), 0 };
              g_array_append_val (grid, d);
            }
      break;
    case KIND_STEP:
      for (i = 0; i < 6; i++)
        for (j = 0; j < 320; j++)
          for (k = 0; k < 12; k++)
            {
              Det d = { mid (BASE_MIN, BASE_MAX, i, 6), mid (STEP_START_MIN, STEP_START_MAX, j, 320),
                        mid (STEP_MIN, STEP_MAX, k, 12), 0 };
              g_array_append_val (grid, d);
            }
      break;
    case N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

Bayes *
bayes_new (guint   threshold,
           double  window,
           guint32 seed)
{
  Bayes *self = g_new0 (Bayes, 1);
  guint k, i, j, l;

  g_return_val_if_fail (threshold >= 2 && threshold < N_MAX, NULL);

  self->threshold = threshold;
  self->window = window;
  self->rand = g_rand_new_with_seed (seed);
  for (k = 0; k < N_KINDS; k++)
    {
      self->det[k] = g_array_new (FALSE, FALSE, sizeof (Det));
      add_det_grid (self->det[k], k);
    }
  self->hawkes = g_array_new (FALSE, FALSE, sizeof (Hk));
  for (i = 0; i < 8; i++)
    for (j = 0; j < 24; j++)
      for (l = 0; l < 24; l++)
        {
          Hk h = { mid (HAWKES_BASE_MIN, HAWKES_BASE_MAX, i, 8), mid (BRANCHING_MIN, BRANCHING_MAX, j, 24),
                   mid (DECAY_MIN, DECAY_MAX, l, 24), 0, 0 };
          g_array_append_val (self->hawkes, h);
        }
  self->scratch = g_new (double, self->hawkes->len);

  return self;
}

void
bayes_free (Bayes *self)
{
  guint k;

  for (k = 0; k < N_KINDS; k++)
    g_array_unref (self->det[k]);
  g_array_unref (self->hawkes);
  g_free (self->scratch);
  g_rand_free (self->rand);
  g_free (self);
}

/* ------------------------------------------------------------------------
 * Intensities that do not depend on the faults
 * ------------------------------------------------------------------------ */

static double
det_rate (Kind        kind,
          const Det  *d,
          double      x)
{
  double lambda = d->base;

  switch (kind)
    {
    case KIND_RAMP:
      if (x > d->start)
        lambda += d->shape * (x - d->start);
      break;
    case KIND_EXPONENTIAL:
      if (x > d->start)
        lambda *= exp (d->shape * (x - d->start));
      break;
    case KIND_STEP:
      if (x > d->start)
        lambda = d->shape;
      break;
    case KIND_STEADY:
    case N_KINDS:
    default:
      break;
    }

  return MIN (lambda, RATE_CAP);
}

/* ∫_a^b λ. */
static double
det_mass (Kind        kind,
          const Det  *d,
          double      a,
          double      b)
{
  double before, after_a, after_b;

  if (b <= a)
    return 0.0;

  /* The part of [a, b] after the start. */
  after_a = MAX (a, d->start);
  after_b = MAX (b, d->start);
  before = MIN (b, d->start) - MIN (a, d->start);

  switch (kind)
    {
    case KIND_RAMP:
      return d->base * (b - a) +
             0.5 * d->shape * ((after_b - d->start) * (after_b - d->start) -
                               (after_a - d->start) * (after_a - d->start));
    case KIND_EXPONENTIAL:
      return d->base * before +
             d->base / d->shape * (exp (d->shape * (after_b - d->start)) -
                                   exp (d->shape * (after_a - d->start)));
    case KIND_STEP:
      return d->base * before + d->shape * (after_b - after_a);
    case KIND_STEADY:
    case N_KINDS:
    default:
      return d->base * (b - a);
    }
}

/* The distribution of new faults, alive[m] for m < @n, after a Poisson
 * step of mean @mass; counts that reach @deficit are dropped. */
static void
poisson_step (double *alive,
              guint   n,
              double  mass,
              guint   deficit)
{
  double next[N_MAX] = { 0, };
  double pmf[N_MAX];
  guint m, j;

  pmf[0] = exp (-mass);
  for (j = 1; j < n; j++)
    pmf[j] = pmf[j - 1] * mass / j;
  for (m = 0; m < deficit && m < n; m++)
    for (j = 0; j <= m; j++)
      next[m] += alive[j] * pmf[m - j];
  for (m = 0; m < n; m++)
    alive[m] = m < deficit ? next[m] : 0.0;
}

/* The probability of a trip in (@t, @horizon], @old the faults still in
 * the window at @t (oldest first). */
static double
det_trip (Bayes        *self,
          Kind          kind,
          const Det    *d,
          const double *old,
          guint         k,
          double        t,
          double        horizon)
{
  double alive[N_MAX] = { 1.0, };
  double at = t, survive = 0.0;
  guint n = self->threshold, deficit = n - k, i, m;

  for (i = 0; i < k; i++)
    {
      double expiry = old[i] + self->window;

      if (expiry >= horizon)
        break;
      poisson_step (alive, n, det_mass (kind, d, at, expiry), deficit);
      at = expiry;
      deficit++;
    }
  poisson_step (alive, n, det_mass (kind, d, at, horizon), deficit);

  for (m = 0; m < n; m++)
    survive += alive[m];

  return CLAMP (1.0 - survive, 0.0, 1.0);
}

/* ------------------------------------------------------------------------
 * Simulation, for the self-exciting traces and the bursts
 * ------------------------------------------------------------------------ */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Whether the new faults @fresh (ascending, after the old ones) make
 * threshold faults inside one window. */
static gboolean
trips (Bayes        *self,
       const double *old,
       guint         k,
       const double *fresh,
       guint         m)
{
  guint i, j;

  for (i = 0; i < m; i++)
    {
      guint count = 1;

      for (j = 0; j < k; j++)
        if (old[j] > fresh[i] - self->window)
          count++;
      for (j = 0; j < i; j++)
        if (fresh[j] > fresh[i] - self->window)
          count++;
      if (count >= self->threshold)
        return TRUE;
    }

  return FALSE;
}

/* One path of the Hawkes process from @t (Ogata's thinning: the intensity
 * only decays between faults, so the current one bounds it). */
static gboolean
hawkes_path (Bayes        *self,
             const Hk     *h,
             const double *old,
             guint         k,
             double        t,
             double        horizon)
{
  double fresh[N_MAX];
  double s = h->s, at = t;
  guint m = 0;

  for (;;)
    {
      double bound = MIN (h->base + h->branching * h->decay * s, RATE_CAP);
      double next = at - log (1.0 - g_rand_double (self->rand)) / bound;
      double lambda;

      if (next > horizon)
        return FALSE;
      s *= exp (-h->decay * (next - at));
      at = next;
      lambda = MIN (h->base + h->branching * h->decay * s, RATE_CAP);
      if (g_rand_double (self->rand) * bound < lambda)
        {
          fresh[m++] = next;
          s += 1.0;
          if (trips (self, old, k, fresh, m))
            return TRUE;
          if (m == N_MAX)
            return FALSE;   /* cannot happen before a trip: m < threshold */
        }
    }
}

/* The bursts' schedule relative to the faults so far: burst i has not
 * started (FUTURE), has its first fault at faults[p] (HALF) or both at
 * faults[p] and faults[q] (FULL). */
typedef enum { BURST_NONE, BURST_FUTURE, BURST_HALF, BURST_FULL } BurstState;

typedef struct
{
  BurstState state[2];
  guint p[2];
  guint used;
  double log_density;   /* of the schedule, with the number of bursts */
} Schedule;

static double
gap_survival (double x)
{
  if (x < BURST_GAP_MIN)
    return 1.0;
  if (x >= BURST_GAP_MAX)
    return 0.0;
  return (BURST_GAP_MAX - x) / (BURST_GAP_MAX - BURST_GAP_MIN);
}

/* The options for burst @i given the faults @f[0..@m) up to @t. */
static guint
burst_options (guint         i,
               const double *f,
               guint         m,
               double        t,
               Schedule     *out,
               guint         max)
{
  double lo = i * BURST_SPACING, hi = lo + BURST_START_RANGE;
  double future = (hi - MAX (t, lo)) / BURST_START_RANGE;
  guint n = 0, p, q;

  if (future > 0)
    {
      out[n].state[i] = BURST_FUTURE;
      out[n].log_density = log (MIN (future, 1.0));
      out[n].used = 0;
      n++;
    }
  for (p = 0; p < m && n < max; p++)
    {
      double survival;

      if (f[p] < lo || f[p] > hi)
        continue;
      survival = gap_survival (t - f[p]);
      if (survival > 0)
        {
          out[n].state[i] = BURST_HALF;
          out[n].p[i] = p;
          out[n].log_density = log (survival / BURST_START_RANGE);
          out[n].used = 1;
          n++;
        }
      for (q = p + 1; q < m && n < max; q++)
        if (f[q] - f[p] >= BURST_GAP_MIN && f[q] - f[p] <= BURST_GAP_MAX)
          {
            out[n].state[i] = BURST_FULL;
            out[n].p[i] = p;
            out[n].log_density = -log (BURST_START_RANGE * (BURST_GAP_MAX - BURST_GAP_MIN));
            out[n].used = 2;
            n++;
          }
    }

  return n;
}

#define N_BACKGROUND 16
#define MAX_OPTIONS 64

/* The bursts family: its log evidence, and the trip probability in
 * @p_out. */
static double
bursts_predict (Bayes        *self,
                const double *f,
                guint         m,
                const double *old,
                guint         k,
                double        horizon,
                double       *p_out)
{
  Schedule one[MAX_OPTIONS], two[MAX_OPTIONS], *all;
  double log_bg[N_BACKGROUND];
  double t = f[m - 1], max_log = -G_MAXDOUBLE, total = 0.0;
  double *weight;
  guint n_one, n_two, n_all = 0, a, b, r, trips_seen = 0;

  n_one = burst_options (0, f, m, t, one, MAX_OPTIONS);
  n_two = burst_options (1, f, m, t, two, MAX_OPTIONS);
  all = g_new (Schedule, n_one + n_one * n_two);
  weight = g_new (double, n_one + n_one * n_two);

  for (a = 0; a < n_one; a++)
    {
      Schedule s = one[a];

      /* One burst: half the traces. */
      s.state[1] = BURST_NONE;
      s.log_density += log (0.5);
      all[n_all++] = s;
      for (b = 0; b < n_two; b++)
        {
          Schedule both = one[a];

          both.state[1] = two[b].state[1];
          both.p[1] = two[b].p[1];
          both.used += two[b].used;
          both.log_density += two[b].log_density + log (0.5);
          all[n_all++] = both;
        }
    }

  /* The background: ∫ λ^(m − used) e^(−λ t) over its prior, per number
   * of burst faults, on a grid. */
  for (a = 0; a < n_all; a++)
    {
      guint bg = m - all[a].used, g;
      double best = -G_MAXDOUBLE, sum = 0.0;

      if (all[a].used > m)
        {
          weight[a] = -G_MAXDOUBLE;
          continue;
        }
      for (g = 0; g < N_BACKGROUND; g++)
        {
          double lambda = mid (BURST_BACKGROUND_MIN, BURST_BACKGROUND_MAX, g, N_BACKGROUND);

          log_bg[g] = bg * log (lambda) - lambda * t;
          best = MAX (best, log_bg[g]);
        }
      for (g = 0; g < N_BACKGROUND; g++)
        sum += exp (log_bg[g] - best);
      weight[a] = all[a].log_density + best + log (sum / N_BACKGROUND);
      max_log = MAX (max_log, weight[a]);
    }

  if (max_log == -G_MAXDOUBLE)
    {
      *p_out = 0.0;
      g_free (all);
      g_free (weight);
      return -G_MAXDOUBLE;
    }

  for (a = 0; a < n_all; a++)
    {
      weight[a] = weight[a] == -G_MAXDOUBLE ? 0.0 : exp (weight[a] - max_log);
      total += weight[a];
    }

  for (r = 0; r < SIMS; r++)
    {
      double fresh[N_MAX + 8], u = g_rand_double (self->rand) * total, lambda;
      double bg_w[N_BACKGROUND], bg_total = 0.0, x;
      guint nf = 0, i, g, bg;
      const Schedule *s;

      for (a = 0; a + 1 < n_all && u >= weight[a]; a++)
        u -= weight[a];
      s = &all[a];

      /* The background rate from its posterior. */
      bg = m - s->used;
      for (g = 0; g < N_BACKGROUND; g++)
        {
          lambda = mid (BURST_BACKGROUND_MIN, BURST_BACKGROUND_MAX, g, N_BACKGROUND);
          bg_w[g] = exp (bg * log (lambda / BURST_BACKGROUND_MAX) - (lambda - BURST_BACKGROUND_MAX) * t);
          bg_total += bg_w[g];
        }
      u = g_rand_double (self->rand) * bg_total;
      for (g = 0; g + 1 < N_BACKGROUND && u >= bg_w[g]; g++)
        u -= bg_w[g];
      lambda = mid (BURST_BACKGROUND_MIN, BURST_BACKGROUND_MAX, g, N_BACKGROUND);

      for (x = t - log (1.0 - g_rand_double (self->rand)) / lambda;
           x <= horizon && nf < N_MAX;
           x -= log (1.0 - g_rand_double (self->rand)) / lambda)
        fresh[nf++] = x;

      for (i = 0; i < 2; i++)
        {
          double lo = i * BURST_SPACING, hi = lo + BURST_START_RANGE, first, second;

          switch (s->state[i])
            {
            case BURST_FUTURE:
              first = g_rand_double_range (self->rand, MAX (t, lo), hi);
              second = first + g_rand_double_range (self->rand, BURST_GAP_MIN, BURST_GAP_MAX);
              if (first <= horizon)
                fresh[nf++] = first;
              if (second <= horizon)
                fresh[nf++] = second;
              break;
            case BURST_HALF:
              second = f[s->p[i]] + g_rand_double_range (self->rand,
                                                         MAX (BURST_GAP_MIN, t - f[s->p[i]]),
                                                         BURST_GAP_MAX);
              if (second <= horizon)
                fresh[nf++] = second;
              break;
            case BURST_NONE:
            case BURST_FULL:
            default:
              break;
            }
        }

      qsort (fresh, nf, sizeof (double), compare_doubles);
      if (trips (self, old, k, fresh, nf))
        trips_seen++;
    }

  *p_out = (double) trips_seen / SIMS;
  g_free (all);
  g_free (weight);

  return max_log + log (total);
}

/* ------------------------------------------------------------------------
 * The posterior predictive
 * ------------------------------------------------------------------------ */

static void
observe (Bayes  *self,
         double  prev,
         double  t)
{
  guint k, i;

  for (k = 0; k < N_KINDS; k++)
    for (i = 0; i < self->det[k]->len; i++)
      {
        Det *d = &g_array_index (self->det[k], Det, i);

        d->logl += log (det_rate (k, d, t)) - det_mass (k, d, prev, t);
      }

  for (i = 0; i < self->hawkes->len; i++)
    {
      Hk *h = &g_array_index (self->hawkes, Hk, i);
      double decay = exp (-h->decay * (t - prev));
      double before = h->s * decay;

      h->logl += log (MIN (h->base + h->branching * h->decay * before, RATE_CAP)) -
                 (h->base * (t - prev) + h->branching * h->s * (1.0 - decay));
      h->s = before + 1.0;
    }
}

static void
reset (Bayes *self)
{
  guint k, i;

  for (k = 0; k < N_KINDS; k++)
    for (i = 0; i < self->det[k]->len; i++)
      g_array_index (self->det[k], Det, i).logl = 0.0;
  for (i = 0; i < self->hawkes->len; i++)
    {
      g_array_index (self->hawkes, Hk, i).logl = 0.0;
      g_array_index (self->hawkes, Hk, i).s = 0.0;
    }
}

/* log Σ exp (logl) / n over a family's grid, and the weighted trip
 * probability. */
static double
det_predict (Bayes        *self,
             Kind          kind,
             const double *old,
             guint         k,
             double        t,
             double        horizon,
             double       *p_out)
{
  GArray *grid = self->det[kind];
  double best = -G_MAXDOUBLE, sum = 0.0, sum_p = 0.0;
  guint i;

  for (i = 0; i < grid->len; i++)
    best = MAX (best, g_array_index (grid, Det, i).logl);
  for (i = 0; i < grid->len; i++)
    {
      const Det *d = &g_array_index (grid, Det, i);
      double w;

      if (d->logl < best - NEGLIGIBLE)
        continue;
      w = exp (d->logl - best);
      sum += w;
      sum_p += w * det_trip (self, kind, d, old, k, t, horizon);
    }

  *p_out = sum_p / sum;

  return best + log (sum / grid->len);
}

static double
hawkes_predict (Bayes        *self,
                const double *old,
                guint         k,
                double        t,
                double        horizon,
                double       *p_out)
{
  GArray *grid = self->hawkes;
  double best = -G_MAXDOUBLE, sum = 0.0;
  guint i, r, trips_seen = 0;

  for (i = 0; i < grid->len; i++)
    best = MAX (best, g_array_index (grid, Hk, i).logl);
  for (i = 0; i < grid->len; i++)
    {
      sum += exp (g_array_index (grid, Hk, i).logl - best);
      self->scratch[i] = sum;
    }

  for (r = 0; r < SIMS; r++)
    {
      double u = g_rand_double (self->rand) * sum;
      guint lo = 0, hi = grid->len - 1;

      while (lo < hi)
        {
          guint mid_i = (lo + hi) / 2;

          if (self->scratch[mid_i] <= u)
            lo = mid_i + 1;
          else
            hi = mid_i;
        }
      if (hawkes_path (self, &g_array_index (grid, Hk, lo), old, k, t, horizon))
        trips_seen++;
    }

  *p_out = (double) trips_seen / SIMS;

  return best + log (sum / grid->len);
}

void
bayes_predict_trace (Bayes       *self,
                     const Trace *trace,
                     guint        n,
                     double      *p)
{
  const double *f = (const double *) (gpointer) trace->times->data;
  double prev = 0.0;
  guint j;

  g_return_if_fail (n <= trace->times->len);

  reset (self);

  for (j = 0; j < n; j++)
    {
      double t = f[j], horizon = MIN (t + self->window, TRACE_LENGTH);
      double old[N_MAX], log_z[N_KINDS + 2], p_f[N_KINDS + 2], best = -G_MAXDOUBLE;
      double sum = 0.0, sum_p = 0.0;
      guint k = 0, i, c;

      observe (self, prev, t);
      prev = t;

      for (i = j + 1; i-- > 0 && f[i] > t - self->window && k < self->threshold - 1;)
        k++;
      for (i = 0; i < k; i++)
        old[i] = f[j + 1 - k + i];

      for (c = 0; c < N_KINDS; c++)
        log_z[c] = det_predict (self, c, old, k, t, horizon, &p_f[c]);
      log_z[N_KINDS] = hawkes_predict (self, old, k, t, horizon, &p_f[N_KINDS]);
      log_z[N_KINDS + 1] = bursts_predict (self, f, j + 1, old, k, horizon, &p_f[N_KINDS + 1]);

      for (c = 0; c < N_KINDS + 2; c++)
        best = MAX (best, log_z[c]);
      for (c = 0; c < N_KINDS + 2; c++)
        {
          double w = log_z[c] == -G_MAXDOUBLE ? 0.0 : exp (log_z[c] - best);

          sum += w;
          sum_p += w * p_f[c];
        }
      p[j] = sum_p / sum;
    }
}
