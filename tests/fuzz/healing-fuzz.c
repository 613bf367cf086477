/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "healing.h"
#include "healing-fuzz.h"

static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* A warning or a critical is a finding: abort, so libFuzzer keeps the
   * input. Anything else is noise at 100,000 runs a second. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

gboolean
healing_fuzz_init (void)
{
  static gsize once = 0;
  static gboolean have_gtk = FALSE;

  if (g_once_init_enter (&once))
    {
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      have_gtk = g_getenv ("DISPLAY") != NULL && gtk_init_check ();
      g_once_init_leave (&once, 1);
    }

  return have_gtk;
}
