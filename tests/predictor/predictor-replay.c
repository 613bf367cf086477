/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * predictor-replay: HealingPredictor's probabilities for fault traces.
 *
 * Reads on standard input
 *
 *   {"threshold": 3, "window": 10.0, "traces": [{"faults": [t0, t1, …]}, …]}
 *
 * (times in seconds, not decreasing) and writes on standard output, per
 * trace, [time, probability] right after each fault:
 *
 *   {"threshold": 3, "window": 10.0,
 *    "traces": [{"predictions": [[t0, p0], [t1, p1], …]}, …]}
 *
 * using only the public API (healing_predictor_new, _observe_fault,
 * _get_probability), so that any evaluation can score the predictor.
 * predictor-gen writes traces in this format.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <gio/gunixinputstream.h>
#include <healing.h>

#include "predictor-traces.h"

int
main (void)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GOutputStream) buffer = g_memory_output_stream_new_resizable ();
  g_autoptr (GPtrArray) traces = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint threshold;
  double window;
  guint i, j;

  if (g_output_stream_splice (buffer, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0 ||
      (traces = traces_load_json (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (buffer)),
                                  g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (buffer)),
                                  &threshold, &window, &error)) == NULL)
    {
      fprintf (stderr, "predictor-replay: <stdin>: %s\n", error->message);
      return 1;
    }

  g_string_append_printf (out, "{\"threshold\": %u, \"window\": %s, \"traces\": [\n",
                          threshold, g_ascii_dtostr (buf, sizeof buf, window));
  for (i = 0; i < traces->len; i++)
    {
      const Trace *trace = g_ptr_array_index (traces, i);
      g_autoptr (HealingPredictor) predictor =
        healing_predictor_new (threshold, (gint64) llround (window * G_USEC_PER_SEC));

      g_string_append (out, "  {\"predictions\": [");
      for (j = 0; j < trace->times->len; j++)
        {
          double t = g_array_index (trace->times, double, j);
          gint64 us = (gint64) llround (t * G_USEC_PER_SEC);

          healing_predictor_observe_fault (predictor, us);
          g_string_append_printf (out, "%s[%s, ", j > 0 ? ", " : "",
                                  g_ascii_formatd (buf, sizeof buf, "%.6f", t));
          g_string_append_printf (out, "%s]",
                                  g_ascii_formatd (buf, sizeof buf, "%.6f",
                                                   healing_predictor_get_probability (predictor, us)));
        }
      g_string_append_printf (out, "]}%s\n", i + 1 < traces->len ? "," : "");
    }
  g_string_append (out, "]}\n");

  fwrite (out->str, 1, out->len, stdout);

  return 0;
}
