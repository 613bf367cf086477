/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* healing-supervise COMMAND [ARGUMENT…]: runs COMMAND under libhealing's
 * supervisor, for applications that cannot call healing_supervise ()
 * before GTK starts (Python, GJS). See healing_supervise (). */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "healing-supervisor-private.h"

int
main (int    argc,
      char **argv)
{
  int first = 1;

  if (argc > 1 && strcmp (argv[1], "--") == 0)
    first = 2;

  if (first >= argc || strcmp (argv[first], "--help") == 0)
    {
      fprintf (stderr,
               "Usage: healing-supervise [--] COMMAND [ARGUMENT…]\n"
               "Runs COMMAND and restarts it when it crashes, is tainted or wedged\n"
               "(see healing_supervise () in the libhealing documentation).\n");
      return first >= argc ? 2 : 0;
    }

  healing_supervisor_run_command (argv + first, HEALING_SUPERVISE_NONE);
}
