/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * predictor-gen: writes the evaluation traces of a seed as the JSON that
 * predictor-replay reads.
 *
 *   predictor-gen --seed=2 --traces=600 | predictor-replay
 */

#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "predictor-traces.h"

int
main (int    argc,
      char **argv)
{
  gint seed = 2;
  gint n_traces = 600;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the traces", "N" },
    { "traces", 0, 0, G_OPTION_ARG_INT, &n_traces, "Number of traces", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- write predictor evaluation traces");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) traces = NULL;
  g_autofree char *json = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_traces < 0)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "--traces: not negative");
      return 2;
    }

  traces = traces_generate ((guint32) seed, (guint) n_traces);
  json = traces_to_json (traces, TRACE_THRESHOLD, TRACE_WINDOW);
  fputs (json, stdout);

  return 0;
}
