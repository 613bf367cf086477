/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-idle: what an idle process pays for libhealing.
 *
 * Counts the context switches (wakeups) of every thread of this process
 * while its main loop sits in poll with nothing to do, for --seconds, in
 * three arms of the same run: plain GLib (before healing_init ()), after
 * healing_init (), and after a trapped fault (the heartbeat armed), and
 * prints wakeups per second for each, with the ratio to plain.
 *
 *   ./_build/tests/perf/bench-idle --seconds=5
 */

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <healing.h>

#include "healing-trap-private.h"

static guint64
read_switches (const char *status_path)
{
  g_autofree char *contents = NULL;
  guint64 total = 0;
  char *line;

  if (!g_file_get_contents (status_path, &contents, NULL, NULL))
    return 0;

  for (line = contents; line != NULL && *line != '\0'; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (g_str_has_prefix (line, "voluntary_ctxt_switches:") ||
          g_str_has_prefix (line, "nonvoluntary_ctxt_switches:"))
        total += g_ascii_strtoull (strchr (line, ':') + 1, NULL, 10);
    }

  return total;
}

/* Context switches of all the threads of this process. */
static guint64
process_switches (void)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint64 total = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/status", name);

      total += read_switches (path);
    }
  g_dir_close (dir);

  return total;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Wakeups per second of an idle main loop, the one timeout that ends it
 * included (the same in every arm). */
static double
measure (guint seconds)
{
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  guint64 before, after;

  /* Let start-up settle. */
  g_timeout_add (200, quit_cb, loop);
  g_main_loop_run (loop);

  before = process_switches ();
  g_timeout_add_seconds (seconds, quit_cb, loop);
  g_main_loop_run (loop);
  after = process_switches ();

  g_main_loop_unref (loop);

  return (double) (after - before) / seconds;
}

static void
crash_func (gpointer data)
{
  *(volatile int *) data = 1;
}

int
main (int   argc,
      char *argv[])
{
  guint seconds = 5;
  double plain, initialised, armed;
  HealingTrapFrame frame;
  int i;

  for (i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--seconds="))
      seconds = MAX (1, atoi (argv[i] + strlen ("--seconds=")));

  plain = measure (seconds);

  healing_init ();
  initialised = measure (seconds);

  healing_trap_frame_init (&frame);
  if (healing_trap_run (&frame, crash_func, NULL))
    return 1;
  healing_trap_frame_clear (&frame);
  armed = measure (seconds);

  printf ("idle process, wakeups per second over %u s (all threads):\n", seconds);
  printf ("  plain GLib main loop              %8.2f\n", plain);
  printf ("  after healing_init ()             %8.2f  (+%.2f)\n", initialised, initialised - plain);
  printf ("  after a fault (heartbeat armed)   %8.2f  (+%.2f)\n", armed, armed - plain);

  return 0;
}
