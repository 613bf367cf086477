/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The evaluation traces of the failure predictor: 120 s of fault times per
 * trace, for a breaker of 3 faults in 10 s, from six families. The
 * parameters of each trace are drawn from the ranges below with GRand
 * (Mersenne twister, the same sequence on every platform for a seed), so a
 * seed always gives the same traces.
 *
 * Benign families, which a good predictor leaves alone:
 * - steady: Poisson noise at STEADY_MIN–STEADY_MAX faults/s;
 * - bursts: a background of BURST_BACKGROUND_MIN–MAX faults/s and one or
 *   two bursts of two faults, BURST_GAP_MIN–MAX s apart, that subside.
 *
 * Escalating families, which trip the breaker within the trace (all of
 * them but the Hawkes cascades that die out, a few per cent):
 * - ramp: from BASE_MIN–MAX faults/s, starting at 0–RISE_START_MAX s, the
 *   rate grows linearly by 1 fault/s in RAMP_MIN–MAX s;
 * - exponential: from the same base, starting at 0–RISE_START_MAX s, the
 *   rate doubles every DOUBLING_MIN–MAX s;
 * - hawkes: a self-exciting process, immigrants at HAWKES_BASE_MIN–MAX
 *   faults/s, each fault adding an exponentially decaying kernel (decay
 *   DECAY_MIN–MAX /s) with a branching ratio of BRANCHING_MIN–MAX,
 *   supercritical: a cascade either dies out (the extinction probability
 *   of a ratio of 1.5 is 0.42) or explodes to the cap. The first trace set
 *   had ratios of 0.9–1.5 from a base of 0.005–0.02 faults/s: half of
 *   those traces never tripped, and the subcritical ones were no
 *   escalation at all; they are left out rather than counted as
 *   escalating (the benign families have their harmless bursts);
 * - step: the base rate until STEP_START_MIN–MAX s, then STEP_MIN–MAX
 *   faults/s.
 *
 * The ranges are in predictor-traces.h (README.md has them as a table).
 * Every intensity is capped at 5 faults/s (a widget that faults more often
 * than that is isolated by the breaker long before).
 */

#include "predictor-traces.h"

#include <math.h>

#include <json-glib/json-glib.h>


static const char * const family_names[N_FAMILIES] = {
  "steady", "bursts", "ramp", "exponential", "hawkes", "step",
};

const char *
trace_family_name (TraceFamily family)
{
  return family < N_FAMILIES ? family_names[family] : "unknown";
}

gboolean
trace_family_escalates (TraceFamily family)
{
  return family >= FAMILY_RAMP && family < N_FAMILIES;
}

static Trace *
trace_new (TraceFamily family)
{
  Trace *trace = g_new0 (Trace, 1);

  trace->family = family;
  trace->times = g_array_new (FALSE, FALSE, sizeof (double));

  return trace;
}

static void
trace_free (gpointer data)
{
  Trace *trace = data;

  g_array_unref (trace->times);
  g_free (trace);
}

void
traces_free (GPtrArray *traces)
{
  g_ptr_array_unref (traces);
}

typedef struct
{
  TraceFamily family;
  double base;
  double start;
  double slope;         /* ramp: faults/s per s */
  double growth;        /* exponential: 1/s */
  double high;          /* step */
  double branching;     /* hawkes */
  double decay;         /* hawkes */
} Shape;

/* The intensity at @t, given the earlier faults for the Hawkes family. */
static double
intensity (const Shape *shape,
           double       t,
           GArray      *times)
{
  double lambda = shape->base;
  guint i;

  switch (shape->family)
    {
    case FAMILY_RAMP:
      if (t > shape->start)
        lambda += shape->slope * (t - shape->start);
      break;
    case FAMILY_EXPONENTIAL:
      if (t > shape->start)
        lambda *= exp (shape->growth * (t - shape->start));
      break;
    case FAMILY_STEP:
      if (t > shape->start)
        lambda = shape->high;
      break;
    case FAMILY_HAWKES:
      for (i = times->len; i > 0; i--)
        {
          double age = t - g_array_index (times, double, i - 1);
          double term = shape->branching * shape->decay * exp (-shape->decay * age);

          if (term < 1e-9)
            break;
          lambda += term;
        }
      break;
    case FAMILY_STEADY:
    case FAMILY_BURSTS:
    case N_FAMILIES:
    default:
      break;
    }

  return MIN (lambda, RATE_CAP);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static Trace *
generate_one (GRand       *rand,
              TraceFamily  family)
{
  Trace *trace = trace_new (family);
  Shape shape = { family, 0, };
  double t = 0.0;

  switch (family)
    {
    case FAMILY_STEADY:
      shape.base = g_rand_double_range (rand, STEADY_MIN, STEADY_MAX);
      break;
    case FAMILY_BURSTS:
      shape.base = g_rand_double_range (rand, BURST_BACKGROUND_MIN, BURST_BACKGROUND_MAX);
      break;
    case FAMILY_RAMP:
      shape.base = g_rand_double_range (rand, BASE_MIN, BASE_MAX);
      shape.start = g_rand_double_range (rand, 0.0, RISE_START_MAX);
      shape.slope = 1.0 / g_rand_double_range (rand, RAMP_MIN, RAMP_MAX);
      break;
    case FAMILY_EXPONENTIAL:
      shape.base = g_rand_double_range (rand, BASE_MIN, BASE_MAX);
      shape.start = g_rand_double_range (rand, 0.0, RISE_START_MAX);
      shape.growth = G_LN2 / g_rand_double_range (rand, DOUBLING_MIN, DOUBLING_MAX);
      break;
    case FAMILY_HAWKES:
      shape.base = g_rand_double_range (rand, HAWKES_BASE_MIN, HAWKES_BASE_MAX);
      shape.branching = g_rand_double_range (rand, BRANCHING_MIN, BRANCHING_MAX);
      shape.decay = g_rand_double_range (rand, DECAY_MIN, DECAY_MAX);
      break;
    case FAMILY_STEP:
      shape.base = g_rand_double_range (rand, BASE_MIN, BASE_MAX);
      shape.start = g_rand_double_range (rand, STEP_START_MIN, STEP_START_MAX);
      shape.high = g_rand_double_range (rand, STEP_MIN, STEP_MAX);
      break;
    case N_FAMILIES:
    default:
      g_assert_not_reached ();
    }

  /* Thinning (Lewis–Shedler, Ogata for the Hawkes family): candidates at
   * the cap rate, each kept with probability intensity / cap. */
  for (;;)
    {
      t += -log (1.0 - g_rand_double (rand)) / RATE_CAP;
      if (t >= TRACE_LENGTH)
        break;
      if (g_rand_double (rand) * RATE_CAP < intensity (&shape, t, trace->times))
        g_array_append_val (trace->times, t);
    }

  if (family == FAMILY_BURSTS)
    {
      guint bursts = g_rand_int_range (rand, 1, 3);
      guint i;

      for (i = 0; i < bursts; i++)
        {
          /* Bursts 60 s apart at least, so they do not add up. */
          double at = i * BURST_SPACING + g_rand_double_range (rand, 0.0, BURST_START_RANGE);
          double second = at + g_rand_double_range (rand, BURST_GAP_MIN, BURST_GAP_MAX);

          g_array_append_val (trace->times, at);
          g_array_append_val (trace->times, second);
        }
      g_array_sort (trace->times, compare_doubles);
    }

  return trace;
}

GPtrArray *
traces_generate (guint32 seed,
                 guint   n)
{
  GPtrArray *traces = g_ptr_array_new_with_free_func (trace_free);
  GRand *rand = g_rand_new_with_seed (seed);
  guint i;

  for (i = 0; i < n; i++)
    g_ptr_array_add (traces, generate_one (rand, i % N_FAMILIES));

  g_rand_free (rand);

  return traces;
}

double
trace_first_trip (const Trace *trace,
                  guint        threshold,
                  double       window)
{
  guint i;

  /* The breaker trips at the fault that makes threshold of them inside
   * (t − window, t]. */
  for (i = threshold - 1; i < trace->times->len; i++)
    {
      double t = g_array_index (trace->times, double, i);
      double first = g_array_index (trace->times, double, i + 1 - threshold);

      if (first > t - window)
        return t;
    }

  return -1.0;
}

GPtrArray *
traces_load_json (const char  *text,
                  gsize        length,
                  guint       *threshold,
                  double      *window,
                  GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  GPtrArray *traces;
  JsonObject *root;
  JsonArray *array;
  guint i;

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "expected an object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  *threshold = json_object_get_int_member_with_default (root, "threshold", TRACE_THRESHOLD);
  *window = json_object_get_double_member_with_default (root, "window", TRACE_WINDOW);
  if (*threshold < 1 || *threshold > 64 || !(*window > 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "threshold must be 1 to 64 and window positive");
      return NULL;
    }

  if (!json_object_has_member (root, "traces") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "traces")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "\"traces\": expected an array");
      return NULL;
    }
  array = json_object_get_array_member (root, "traces");

  traces = g_ptr_array_new_with_free_func (trace_free);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      JsonArray *faults;
      Trace *trace;
      guint j;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), "faults") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (node), "faults")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "traces[%u]: expected an object with a \"faults\" array", i);
          g_ptr_array_unref (traces);
          return NULL;
        }
      object = json_node_get_object (node);
      faults = json_object_get_array_member (object, "faults");

      trace = trace_new (N_FAMILIES);
      if (json_object_has_member (object, "family"))
        {
          const char *name = json_object_get_string_member_with_default (object, "family", "");
          guint f;

          for (f = 0; f < N_FAMILIES; f++)
            if (g_strcmp0 (name, family_names[f]) == 0)
              trace->family = f;
        }
      g_ptr_array_add (traces, trace);

      for (j = 0; j < json_array_get_length (faults); j++)
        {
          JsonNode *element = json_array_get_element (faults, j);
          double t;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              (json_node_get_value_type (element) != G_TYPE_DOUBLE &&
               json_node_get_value_type (element) != G_TYPE_INT64))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "traces[%u].faults[%u]: expected a number", i, j);
              g_ptr_array_unref (traces);
              return NULL;
            }
          t = json_node_get_double (element);
          if (trace->times->len > 0 && t < g_array_index (trace->times, double, trace->times->len - 1))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "traces[%u].faults[%u]: times must not decrease", i, j);
              g_ptr_array_unref (traces);
              return NULL;
            }
          g_array_append_val (trace->times, t);
        }
    }

  return traces;
}

char *
traces_to_json (GPtrArray *traces,
                guint      threshold,
                double     window)
{
  GString *out = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint i, j;

  g_string_append_printf (out, "{\"threshold\": %u, \"window\": %s, \"traces\": [\n",
                          threshold, g_ascii_dtostr (buf, sizeof buf, window));
  for (i = 0; i < traces->len; i++)
    {
      const Trace *trace = g_ptr_array_index (traces, i);

      g_string_append_printf (out, "  {\"family\": \"%s\", \"faults\": [",
                              trace_family_name (trace->family));
      for (j = 0; j < trace->times->len; j++)
        g_string_append_printf (out, "%s%s", j > 0 ? ", " : "",
                                g_ascii_formatd (buf, sizeof buf, "%.6f",
                                                 g_array_index (trace->times, double, j)));
      g_string_append_printf (out, "]}%s\n", i + 1 < traces->len ? "," : "");
    }
  g_string_append (out, "]}\n");

  return g_string_free (out, FALSE);
}
