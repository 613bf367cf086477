/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Supervised restart: the time from a death (SIGSEGV) to the restarted
 * window's first frame with the form's state restored, against the cold
 * start of the same form in plain GTK; and what the supervisor costs while
 * the application runs: its wakeups over 10 s and its memory.
 *
 * Run under a display from the build directory:
 *   xvfb-run tests/perf/bench-restart [restarts]
 *
 * HEALING_SUPERVISE_STABLE_MS=0 here: every death counts as a death after
 * a stable run, so the measure is the restart itself, without the backoff
 * the crash-loop guard adds for deaths at start.
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

typedef struct {
  GPid pid;
  int in_fd;
  int out_fd;
  GString *out;
} Proc;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static char *
program_path (void)
{
  g_autofree char *dir = g_path_get_dirname (g_get_prgname ());

  /* tests/perf/bench-restart → tests/healing-test-supervised */
  return g_build_filename (dir, "..", "healing-test-supervised", NULL);
}

static void
start (Proc        *proc,
       char       **envp,
       const char  *arg)
{
  g_autofree char *program = program_path ();
  char *argv[] = { program, (char *) arg, NULL };
  g_autoptr (GError) error = NULL;

  proc->out = g_string_new (NULL);
  if (!g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &proc->pid, &proc->in_fd, &proc->out_fd, NULL, &error))
    g_error ("%s", error->message);
  g_unix_set_fd_nonblocking (proc->out_fd, TRUE, NULL);
}

static char *
wait_line (Proc       *proc,
           const char *prefix)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      struct pollfd fd = { proc->out_fd, POLLIN, 0 };
      char buffer[4096], *nl, *start;
      ssize_t n;

      while ((nl = strchr (proc->out->str, '\n')) != NULL)
        {
          start = proc->out->str;
          if (g_str_has_prefix (start, prefix))
            {
              char *line = g_strndup (start, nl - start);

              g_string_erase (proc->out, 0, nl + 1 - start);
              return line;
            }
          g_string_erase (proc->out, 0, nl + 1 - start);
        }

      poll (&fd, 1, 200);
      while ((n = read (proc->out_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (proc->out, buffer, n);
    }

  g_error ("no “%s” line within 30 s", prefix);
}

static gint64
field (const char *line,
       const char *key)
{
  g_autofree char *needle = g_strconcat (key, "=", NULL);
  const char *p = strstr (line, needle);

  g_assert (p != NULL);
  return g_ascii_strtoll (p + strlen (needle), NULL, 10);
}

static void
send_line (Proc       *proc,
           const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  if (write (proc->in_fd, text, strlen (text)) != (ssize_t) strlen (text))
    g_error ("write: %s", g_strerror (errno));
}

static void
stop (Proc *proc)
{
  int status;

  kill (proc->pid, SIGTERM);
  waitpid (proc->pid, &status, 0);
  close (proc->in_fd);
  close (proc->out_fd);
  g_string_free (proc->out, TRUE);
}

static guint64 anon_kib;

static gboolean
read_status (GPid    pid,
             guint64 *switches,
             guint64 *rss_kib)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  *switches = 0;
  if ((p = strstr (text, "voluntary_ctxt_switches:")) != NULL)
    *switches += g_ascii_strtoull (p + strlen ("voluntary_ctxt_switches:"), NULL, 10);
  if ((p = strstr (text, "nonvoluntary_ctxt_switches:")) != NULL)
    *switches += g_ascii_strtoull (p + strlen ("nonvoluntary_ctxt_switches:"), NULL, 10);
  if ((p = strstr (text, "VmRSS:")) != NULL)
    *rss_kib = g_ascii_strtoull (p + strlen ("VmRSS:"), NULL, 10);
  if ((p = strstr (text, "RssAnon:")) != NULL)
    anon_kib = g_ascii_strtoull (p + strlen ("RssAnon:"), NULL, 10);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint restarts = argc > 1 ? (guint) atoi (argv[1]) : 20;
  g_autofree char *state = g_dir_make_tmp ("bench-restart-XXXXXX", NULL);
  g_autofree double *restart_ms = g_new0 (double, restarts);
  g_autofree double *cold_ms = g_new0 (double, restarts);
  char **envp = g_get_environ ();
  guint64 switches_before, switches_after, rss_supervisor = 0, rss_app = 0, unused, supervisor_anon;
  Proc proc;
  guint i;
  gint64 before;
  int child;

  g_set_prgname (argv[0]);
  envp = g_environ_setenv (envp, "XDG_STATE_HOME", state, TRUE);
  envp = g_environ_setenv (envp, "HEALING_SUPERVISE_STABLE_MS", "0", TRUE);
  envp = g_environ_setenv (envp, "HEALING_SUPERVISE_MAX_RESTARTS", "64", TRUE);
  envp = g_environ_unsetenv (envp, "NOTIFY_SOCKET");
  envp = g_environ_unsetenv (envp, "HEALING_SUPERVISE");

  /* The baseline: the same form in plain GTK, spawn to first frame. */
  for (i = 0; i < restarts; i++)
    {
      g_autofree char *frame = NULL;

      before = g_get_real_time ();
      start (&proc, envp, "--plain");
      frame = wait_line (&proc, "frame ");
      cold_ms[i] = (field (frame, "usec") - before) / 1000.0;
      stop (&proc);
    }

  start (&proc, envp, NULL);
  g_free (wait_line (&proc, "frame "));
  send_line (&proc, "set restored 7 1");
  g_free (wait_line (&proc, "set"));
  send_line (&proc, "checkpoint");
  g_free (wait_line (&proc, "checkpointed"));

  /* The supervisor while the application idles. */
  {
    g_autofree char *report = NULL;

    send_line (&proc, "report");
    report = wait_line (&proc, "report ");
    child = field (report, "pid");
  }
  g_usleep (G_USEC_PER_SEC);
  read_status (proc.pid, &switches_before, &rss_supervisor);
  g_usleep (10 * G_USEC_PER_SEC);
  read_status (proc.pid, &switches_after, &rss_supervisor);
  supervisor_anon = anon_kib;
  read_status (child, &unused, &rss_app);

  for (i = 0; i < restarts; i++)
    {
      g_autofree char *frame = NULL, *report = NULL;

      before = g_get_real_time ();
      kill (child, SIGSEGV);
      frame = wait_line (&proc, "frame ");
      restart_ms[i] = (field (frame, "usec") - before) / 1000.0;

      send_line (&proc, "report");
      report = wait_line (&proc, "report ");
      if (strstr (report, "text=restored spin=7 active=1") == NULL)
        g_error ("the state was not restored: %s", report);
      child = field (report, "pid");
    }
  stop (&proc);

  {
    double restart = median (restart_ms, restarts), cold = median (cold_ms, restarts);

    printf ("restart: death to first frame, state restored: median %.1f ms (of %u; min %.1f, max %.1f)\n",
            restart, restarts, restart_ms[0], restart_ms[restarts - 1]);
    printf ("plain GTK: spawn to first frame of the same form: median %.1f ms (of %u)\n",
            cold, restarts);
    printf ("ratio restart / plain GTK cold start: %.2f\n", restart / cold);
    printf ("supervisor idle: %" G_GUINT64_FORMAT " context switches in 10 s (%.1f wakeups/s)\n",
            switches_after - switches_before, (switches_after - switches_before) / 10.0);
    printf ("supervisor RSS: %" G_GUINT64_FORMAT " KiB, of which %" G_GUINT64_FORMAT " KiB its own "
            "(RssAnon; the rest is shared library pages) (application: %" G_GUINT64_FORMAT " KiB, ratio %.3f)\n",
            rss_supervisor, supervisor_anon, rss_app, rss_app > 0 ? (double) rss_supervisor / rss_app : 0.0);
  }

  g_strfreev (envp);
  return 0;
}
