/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "healing-supervisor-private.h"
#include "healing-checkpoint.h"
#include "healing-container.h"
#include "healing-death-record-private.h"
#include "healing-i18n-private.h"
#include "healing-runtime-private.h"

/**
 * healing_supervise: (skip)
 * @argc: the address of `main()`'s `argc`
 * @argv: the address of `main()`'s `argv`
 * @flags: how to supervise
 *
 * Runs the application under a supervisor that restarts it, in the state
 * its containers persisted, when it dies of a crash, when it is tainted,
 * or when its main loop is wedged.
 *
 * Call it first thing in `main()`, before [func@Gtk.init], before
 * [method@Gio.Application.run] and before any thread is started:
 *
 * ```c
 * int
 * main (int argc, char **argv)
 * {
 *   healing_supervise (&argc, &argv, HEALING_SUPERVISE_NONE);
 *   healing_init ();
 *   …
 * }
 * ```
 *
 * It forks. The parent becomes the supervisor, a small process with no
 * GTK, no main loop and no thread, which sleeps in poll() until the
 * application dies or a signal arrives; the call returns in the child,
 * which runs the application. The supervisor never returns: it exits with
 * the application's status.
 *
 * ## What is restarted
 *
 * - Death by any signal other than SIGTERM, SIGINT and SIGHUP (which mean
 *   “stop”): SIGSEGV, SIGABRT, SIGBUS, SIGKILL from outside, and the stops
 *   of libhealing itself — a crash it would not unwind, a crash outside
 *   every container, or a main loop that stopped turning (its heartbeat
 *   writes a record and aborts).
 * - A tainted application (see [property@Runtime:tainted]): at the next
 *   idle it checkpoints every container that has
 *   [property@Container:persist] and exits with
 *   [const@SUPERVISE_EXIT_TAINTED], unless
 *   [flags@Healing.SuperviseFlags.no-taint-restart] is given.
 *
 * A clean exit, and any other exit status, is not restarted: the
 * supervisor exits with the same status. SIGTERM, SIGINT and SIGHUP sent
 * to the supervisor are forwarded to the application.
 *
 * ## Crash loops
 *
 * As in Erlang/OTP, at most `HEALING_SUPERVISE_MAX_RESTARTS` restarts
 * (default [const@SUPERVISE_DEFAULT_MAX_RESTARTS]) happen within
 * `HEALING_SUPERVISE_PERIOD` seconds (default
 * [const@SUPERVISE_DEFAULT_PERIOD]). As in KDE's KCrash, a process that
 * dies within `HEALING_SUPERVISE_STABLE_MS` of starting (default
 * [const@SUPERVISE_DEFAULT_STABLE_MS]) is not restarted blindly: it is
 * restarted after a delay that starts at `HEALING_SUPERVISE_BACKOFF_MS`
 * (default [const@SUPERVISE_DEFAULT_BACKOFF_MS]) and doubles with each
 * further such death, and every persisted checkpoint it restored and died
 * with (the file was not rewritten since) is moved aside to
 * `<file>.quarantined`; the one restored before it, if the supervisor saw
 * one, takes its place, otherwise that component starts fresh. After the
 * limit the supervisor stops with a message naming the death records; if
 * the deaths went on without the quarantined state, that state was not
 * the cause, and it is put back, so the next manual start restores it.
 *
 * ## What the restarted application gets
 *
 * Every death is recorded (see [class@DeathRecord]) under
 * `$XDG_STATE_HOME/<application id>/healing/restarts/` (at most 20
 * records). The restarted process finds the latest in
 * [property@Runtime:last-death] and the history in
 * [method@Runtime.get_restart_history]; [signal@Runtime::restarted] is
 * emitted from its main loop, and [class@RestartNotice] tells the user.
 *
 * ## Under systemd
 *
 * When `NOTIFY_SOCKET` is set (a systemd service), nothing is forked
 * unless [flags@Healing.SuperviseFlags.ignore-systemd] is given: systemd
 * is the supervisor (`Restart=on-failure`, `WatchdogSec=`), and libhealing
 * speaks its protocol through libsystemd: `READY=1` once the main loop
 * runs, `WATCHDOG=1` from the main loop at half the watchdog interval,
 * `WATCHDOG=trigger` when the heartbeat finds the loop wedged, and
 * `STATUS=` lines. A tainted application exits with
 * [const@SUPERVISE_EXIT_TAINTED] for systemd to restart it. The crash is
 * in systemd's journal; [property@Runtime:last-death],
 * [property@Runtime:restart-count] and the restart history are filled in
 * only under libhealing's own supervisor.
 *
 * A desktop launch (a `.desktop` file, a terminal) has no `NOTIFY_SOCKET`
 * and gets the forked supervisor.
 *
 * ## From Python and JavaScript
 *
 * An interpreter has loaded GTK and started threads long before the
 * script runs, so it cannot fork a clean supervisor: start the script
 * through the `healing-supervise` command instead
 * (`healing-supervise python3 app.py`), which supervises it the same way.
 *
 * Set `HEALING_SUPERVISE=0` in the environment to run unsupervised.
 */

#define MAX_BACKOFF_MS 30000
#define MAX_PENDING_RECORDS (4 * HEALING_DEATH_RECORD_MAX_SIZE)

static HealingSuperviseFlags supervise_flags;
static gboolean systemd_mode;
static gboolean supervised;

/* ------------------------------------------------------------------------
 * The supervisor process
 * ------------------------------------------------------------------------ */

typedef struct {
  char *name;             /* basename in the state dir */
  dev_t dev;
  ino_t ino;
} RestoredFile;

typedef struct {
  char *name;
  gboolean revocable;
} Quarantine;

typedef struct {
  char *prgname;
  char **command;         /* NULL: return in the child */

  int record_read;
  int record_write;
  int sigfd;
  sigset_t old_mask;

  guint max_restarts;
  guint period_s;
  guint stable_ms;
  guint backoff_ms;

  gint64 restart_times[64];
  guint n_restart_times;
  guint restarts;
  guint quick_deaths;

  char *state_dir;        /* where the containers persist */
  char *last_record;      /* the file of the latest death */
  GString *pending;       /* bytes of records not complete yet */
  GPtrArray *records;     /* HealingDeathRecord of the current child */
  GArray *restored;       /* RestoredFile, left in place for the child */
  GArray *quarantines;    /* Quarantine */

  pid_t child;
  pid_t child_start_pid;
  gint64 child_start;
  int forwarded;
} Supervisor;

static guint
env_uint (const char *name,
          guint       fallback,
          guint       min,
          guint       max)
{
  const char *value = g_getenv (name);
  guint64 number;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, min, max, &number, NULL))
    return fallback;

  return number;
}

/* Not g_get_user_state_dir (): GLib caches it on first use, and the
 * child inherits the cache, so an application that sets XDG_STATE_HOME
 * after healing_supervise () would not get its own. */
static char *
default_state_dir (const char *prgname)
{
  const char *state = g_getenv ("XDG_STATE_HOME");
  const char *home = g_getenv ("HOME");

  if (state != NULL && g_path_is_absolute (state))
    return g_build_filename (state, prgname, "healing", NULL);
  return g_build_filename (home != NULL ? home : "/", ".local", "state", prgname, "healing", NULL);
}

static char *
records_dir (Supervisor *s)
{
  return g_build_filename (s->state_dir, "restarts", NULL);
}

static void add_restored (Supervisor *s,
                          const char *line);

static void
read_records (Supervisor *s)
{
  char buffer[4096];

  for (;;)
    {
      ssize_t n = read (s->record_read, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;

      g_string_append_len (s->pending, buffer, n);
    }

  if (s->pending->len > 0)
    {
      gsize consumed = 0;
      GPtrArray *records = healing_death_record_parse_stream (s->pending->str, s->pending->len,
                                                              &consumed);
      guint i;

      for (i = 0; i < records->len; i++)
        {
          HealingDeathRecord *record = g_ptr_array_index (records, i);
          const char *state_dir = healing_death_record_get_value (record, "state_dir");

          /* The child says where it persists once it knows its
           * application id, and which persisted file it restored, the
           * moment it does. */
          if (strcmp (healing_death_record_get_reason (record), "started") == 0 ||
              strcmp (healing_death_record_get_reason (record), "restored") == 0)
            {
              const char * const *restored = healing_death_record_get_restored (record);
              guint j;

              if (state_dir != NULL && g_path_is_absolute (state_dir) &&
                  strcmp (state_dir, s->state_dir) != 0)
                {
                  g_free (s->state_dir);
                  s->state_dir = g_strdup (state_dir);
                }
              for (j = 0; restored[j] != NULL; j++)
                add_restored (s, restored[j]);
              continue;
            }
          g_ptr_array_add (s->records, g_object_ref (record));
        }
      g_ptr_array_unref (records);

      g_string_erase (s->pending, 0, consumed);
      /* A writer that never ends its record does not grow us. */
      if (s->pending->len > MAX_PENDING_RECORDS)
        g_string_truncate (s->pending, 0);
    }
}

static gboolean
is_stop_signal (int signo)
{
  return signo == SIGTERM || signo == SIGINT || signo == SIGHUP;
}

G_GNUC_NORETURN static void
die_like (int signo)
{
  sigset_t set;

  /* Ends the supervisor the way the application ended. */
  signal (signo, SIG_DFL);
  sigemptyset (&set);
  sigaddset (&set, signo);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
  raise (signo);
  _exit (128 + signo);
}

static void
handle_stop_signal (Supervisor *s,
                    int         signo)
{
  if (s->child > 0)
    {
      s->forwarded = signo;
      kill (s->child, signo);
    }
  else
    die_like (signo);
}

/* Waits in poll () for the child to die, reading records and forwarding
 * signals meanwhile. No timeout: the supervisor does not wake up while
 * the application runs. */
static int
wait_for_child (Supervisor *s)
{
  struct pollfd fds[2] = {
    { s->sigfd, POLLIN, 0 },
    { s->record_read, POLLIN, 0 },
  };

  for (;;)
    {
      struct signalfd_siginfo info;
      int status;
      pid_t pid;

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          if (errno == EINTR)
            continue;
          g_printerr ("libhealing: supervisor: poll: %s\n", g_strerror (errno));
          _exit (70);
        }

      if (fds[1].revents & POLLIN)
        read_records (s);

      if (!(fds[0].revents & POLLIN))
        continue;

      while (read (s->sigfd, &info, sizeof info) == sizeof info)
        if (is_stop_signal (info.ssi_signo))
          handle_stop_signal (s, info.ssi_signo);

      pid = waitpid (s->child, &status, WNOHANG);
      if (pid == s->child)
        {
          /* What the child wrote before it died is in the pipe. */
          read_records (s);
          s->child = 0;
          return status;
        }
    }
}

/* Sleeps before a restart, still forwarding (here: obeying) stop
 * signals. */
static void
sleep_ms (Supervisor *s,
          guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  struct pollfd fd = { s->sigfd, POLLIN, 0 };

  for (;;)
    {
      gint64 left = end - g_get_monotonic_time ();
      struct signalfd_siginfo info;

      if (left <= 0)
        return;
      if (poll (&fd, 1, (int) ((left + 999) / 1000)) > 0)
        while (read (s->sigfd, &info, sizeof info) == sizeof info)
          if (is_stop_signal (info.ssi_signo))
            handle_stop_signal (s, info.ssi_signo);
    }
}

/* ------------------------------------------------------------------------
 * Persisted checkpoints: what was restored, quarantine
 * ------------------------------------------------------------------------ */

static char *
state_file (Supervisor *s,
            const char *name,
            const char *suffix)
{
  g_autofree char *file = g_strconcat (name, suffix, NULL);

  return g_build_filename (s->state_dir, file, NULL);
}

static gboolean
same_file (const char *path,
           dev_t       dev,
           ino_t       ino)
{
  struct stat st;

  return stat (path, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

static void
clear_restored (Supervisor *s)
{
  guint i;

  for (i = 0; i < s->restored->len; i++)
    g_free (g_array_index (s->restored, RestoredFile, i).name);
  g_array_set_size (s->restored, 0);
}

/* "form.json <dev> <ino>" from the child: the file it restored. */
static void
add_restored (Supervisor *s,
              const char *line)
{
  g_auto (GStrv) words = g_strsplit (line, " ", 3);
  guint64 dev, ino;
  RestoredFile file;

  if (g_strv_length (words) != 3 || strchr (words[0], '/') != NULL ||
      !g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT64, &dev, NULL) ||
      !g_ascii_string_to_unsigned (words[2], 10, 0, G_MAXUINT64, &ino, NULL))
    return;

  file.name = g_strdup (words[0]);
  file.dev = dev;
  file.ino = ino;
  g_array_append_val (s->restored, file);
}

/* Before a start: keeps a hard link (`.restored`) to each persisted
 * checkpoint the child will find, moving the one kept at the previous
 * start to `.previous` if the application replaced it since: the state
 * to fall back to if this one turns out to kill it. */
static void
keep_links (Supervisor *s)
{
  GDir *dir;
  const char *name;

  clear_restored (s);

  dir = g_dir_open (s->state_dir, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL, *restored = NULL, *previous = NULL;
      struct stat st, old;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (s->state_dir, name, NULL);
      if (stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      restored = state_file (s, name, ".restored");
      previous = state_file (s, name, ".previous");
      if (stat (restored, &old) == 0 && old.st_dev == st.st_dev && old.st_ino == st.st_ino)
        continue;
      if (stat (restored, &old) == 0)
        g_rename (restored, previous);
      if (link (path, restored) != 0)
        g_debug ("libhealing: supervisor: cannot link %s: %s", restored, g_strerror (errno));
    }

  g_dir_close (dir);
}

/* The child died soon after starting: every checkpoint it restored and
 * did not replace is suspect. */
static void
quarantine_restored (Supervisor *s,
                     GString    *record)
{
  guint i;

  for (i = 0; i < s->restored->len; i++)
    {
      RestoredFile *file = &g_array_index (s->restored, RestoredFile, i);
      g_autofree char *path = g_build_filename (s->state_dir, file->name, NULL);
      g_autofree char *aside = state_file (s, file->name, ".quarantined");
      g_autofree char *restored = state_file (s, file->name, ".restored");
      g_autofree char *previous = state_file (s, file->name, ".previous");
      Quarantine quarantine;

      if (!same_file (path, file->dev, file->ino))
        continue;   /* the application wrote a newer state: not suspect */

      if (g_rename (path, aside) != 0)
        continue;
      g_unlink (restored);
      g_string_append_printf (record, "quarantined=%s\n", file->name);

      /* Fall back to the state before it, if there is one. */
      if (!same_file (previous, file->dev, file->ino) &&
          g_file_test (previous, G_FILE_TEST_IS_REGULAR) &&
          g_rename (previous, path) == 0)
        g_string_append_printf (record, "fell_back=%s\n", file->name);

      quarantine.name = g_strdup (file->name);
      quarantine.revocable = TRUE;
      g_array_append_val (s->quarantines, quarantine);
    }
}

/* The process ran long enough: what was quarantined stays quarantined,
 * whatever happens later. */
static void
confirm_quarantines (Supervisor *s)
{
  guint i;

  for (i = 0; i < s->quarantines->len; i++)
    g_array_index (s->quarantines, Quarantine, i).revocable = FALSE;
}

/* Giving up: the deaths went on without the quarantined state, so it was
 * not the cause; put it back for the next manual start. */
static guint
revoke_quarantines (Supervisor *s)
{
  guint i, n = 0;

  for (i = 0; i < s->quarantines->len; i++)
    {
      Quarantine *quarantine = &g_array_index (s->quarantines, Quarantine, i);
      g_autofree char *path = g_build_filename (s->state_dir, quarantine->name, NULL);
      g_autofree char *aside = state_file (s, quarantine->name, ".quarantined");

      if (quarantine->revocable && g_rename (aside, path) == 0)
        n++;
    }

  return n;
}

/* The persisted checkpoints the next process will find. */
static void
append_restored (Supervisor *s,
                 GString    *record)
{
  GDir *dir = g_dir_open (s->state_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (s->state_dir, name, NULL);
      struct stat st;

      if (g_str_has_suffix (name, ".json") && stat (path, &st) == 0 && S_ISREG (st.st_mode))
        g_string_append_printf (record, "restored=%s %" G_GINT64_FORMAT "\n",
                                name, (gint64) st.st_mtime);
    }
  if (dir != NULL)
    g_dir_close (dir);
}

/* ------------------------------------------------------------------------
 * Death records on disk
 * ------------------------------------------------------------------------ */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

static void
trim_records (const char *dir_path)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint i;

  if (dir == NULL)
    goto out;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".record"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);

  /* Names begin with a zero-padded time: oldest first. */
  g_ptr_array_sort (names, compare_names);
  for (i = 0; i + HEALING_SUPERVISOR_MAX_RECORDS < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);

      g_unlink (path);
    }

out:
  g_ptr_array_unref (names);
}

static void
write_record (Supervisor *s,
              GString    *record)
{
  g_autofree char *dir = records_dir (s);
  g_autofree char *name = NULL, *path = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();

  if (record->len > HEALING_DEATH_RECORD_MAX_SIZE - 2)
    g_string_truncate (record, HEALING_DEATH_RECORD_MAX_SIZE - 2);
  g_string_append_c (record, '\n');

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("libhealing: supervisor: cannot create %s: %s\n", dir, g_strerror (errno));
      return;
    }

  name = g_strdup_printf ("%016" G_GINT64_FORMAT "-%d.record", now, (int) s->child_start_pid);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents_full (path, record->str, record->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_printerr ("libhealing: supervisor: %s\n", error->message);
      return;
    }

  g_free (s->last_record);
  s->last_record = g_steal_pointer (&path);
  trim_records (dir);
}

/* The record of the death: the child's own, if it wrote one, then what
 * the supervisor saw and did. */
static GString *
begin_record (Supervisor *s,
              int         status,
              gint64      uptime_ms)
{
  GString *record = g_string_new ("libhealing-record 1\n");
  HealingDeathRecord *own = s->records->len > 0 ? g_ptr_array_index (s->records, s->records->len - 1) : NULL;

  if (own != NULL)
    {
      /* Copied line by line from the data as written, keys and all. */
      static const char * const keys[] = {
        "reason", "pid", "time", "signal", "signal_name", "code", "address", "pc",
        "component", "phase", "unsafe_frame", "taint", "saved",
      };
      const char * const *frames = healing_death_record_get_frames (own);
      guint i;

      for (i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          const char *value = healing_death_record_get_value (own, keys[i]);

          if (value != NULL)
            g_string_append_printf (record, "%s=%s\n", keys[i], value);
        }
      for (i = 0; frames[i] != NULL; i++)
        g_string_append_printf (record, "frame=%s\n", frames[i]);
    }
  else
    {
      g_string_append_printf (record, "reason=%s\n", WIFSIGNALED (status) ? "signal" : "exit");
      g_string_append_printf (record, "pid=%d\n", (int) s->child_start_pid);
      g_string_append_printf (record, "time=%" G_GINT64_FORMAT "\n", g_get_real_time () / G_USEC_PER_SEC);
      if (WIFSIGNALED (status))
        {
          const char *abbrev = sigabbrev_np (WTERMSIG (status));

          g_string_append_printf (record, "signal=%d\n", WTERMSIG (status));
          g_string_append_printf (record, "signal_name=%s\n", abbrev != NULL ? abbrev : "");
        }
    }

  if (WIFSIGNALED (status))
    g_string_append_printf (record, "exit=signal\nkilled_by=%d\n", WTERMSIG (status));
  else
    g_string_append_printf (record, "exit=exit\nexit_status=%d\n", WEXITSTATUS (status));
  g_string_append_printf (record, "uptime_ms=%" G_GINT64_FORMAT "\n", uptime_ms);

  return record;
}

/* ------------------------------------------------------------------------
 * Starting the child
 * ------------------------------------------------------------------------ */

static void
setenv_int (const char *name,
            gint64      value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  g_setenv (name, buffer, TRUE);
}

/* Returns in the child (FALSE) or in the supervisor (TRUE). */
static gboolean
start_child (Supervisor *s)
{
  g_autofree char *dir = records_dir (s);
  pid_t pid;

  g_ptr_array_set_size (s->records, 0);
  g_string_truncate (s->pending, 0);

  fflush (stdout);
  fflush (stderr);

  pid = fork ();
  if (pid < 0)
    {
      g_printerr ("libhealing: supervisor: fork: %s\n", g_strerror (errno));
      _exit (71);
    }

  if (pid > 0)
    {
      s->child = pid;
      s->child_start_pid = pid;
      s->child_start = g_get_monotonic_time ();
      s->forwarded = 0;
      return TRUE;
    }

  /* The child: the application. */
  close (s->record_read);
  close (s->sigfd);
  sigprocmask (SIG_SETMASK, &s->old_mask, NULL);

  setenv_int (HEALING_ENV_RECORD_FD, s->record_write);
  setenv_int (HEALING_ENV_SUPERVISOR, getppid ());
  setenv_int (HEALING_ENV_RESTART_COUNT, s->restarts);
  g_setenv (HEALING_ENV_RESTART_DIR, dir, TRUE);
  if (s->last_record != NULL)
    g_setenv (HEALING_ENV_RESTART_RECORD, s->last_record, TRUE);
  else
    g_unsetenv (HEALING_ENV_RESTART_RECORD);

  if (s->command != NULL)
    {
      int flags = fcntl (s->record_write, F_GETFD);

      /* The record descriptor must survive exec. */
      if (flags >= 0)
        fcntl (s->record_write, F_SETFD, flags & ~FD_CLOEXEC);
      execvp (s->command[0], s->command);
      g_printerr ("libhealing: cannot run %s: %s\n", s->command[0], g_strerror (errno));
      _exit (127);
    }

  return FALSE;
}

static gboolean
crash_loop (Supervisor *s,
            gint64      now)
{
  guint i, kept = 0;

  for (i = 0; i < s->n_restart_times; i++)
    if (now - s->restart_times[i] < (gint64) s->period_s * G_USEC_PER_SEC)
      s->restart_times[kept++] = s->restart_times[i];
  s->n_restart_times = kept;

  return kept >= s->max_restarts;
}

static void
note_restart (Supervisor *s,
              gint64      now)
{
  if (s->n_restart_times == G_N_ELEMENTS (s->restart_times))
    {
      memmove (s->restart_times, s->restart_times + 1,
               sizeof s->restart_times[0] * (G_N_ELEMENTS (s->restart_times) - 1));
      s->n_restart_times--;
    }
  s->restart_times[s->n_restart_times++] = now;
  s->restarts++;
}

G_GNUC_NORETURN static void
give_up (Supervisor *s,
         GString    *record,
         int         status)
{
  g_autofree char *dir = NULL;
  guint revoked;

  revoked = revoke_quarantines (s);
  g_string_append (record, "action=gave-up\n");
  write_record (s, record);
  g_string_free (record, TRUE);

  dir = records_dir (s);
  g_printerr ("\n");
  g_printerr (ngettext ("libhealing: %s died %u time within %u seconds; it is not restarted again.\n",
                        "libhealing: %s died %u times within %u seconds; it is not restarted again.\n",
                        s->n_restart_times + 1),
              s->prgname, s->n_restart_times + 1, s->period_s);
  /* Translators: %s is a directory. */
  g_printerr (_("  What happened each time is recorded in %s\n"), dir);
  /* Translators: %s is a directory. */
  g_printerr (_("  The last good state is kept in %s and is restored at the next start.\n"),
              s->state_dir);
  if (revoked > 0)
    g_printerr (_("  The state set aside during the restarts was not the cause; it was put back.\n"));

  if (WIFSIGNALED (status))
    _exit (128 + WTERMSIG (status));
  _exit (WEXITSTATUS (status));
}

/* Decides what to do about a death. Returns only to restart. */
static void
handle_death (Supervisor *s,
              int         status)
{
  gint64 now = g_get_monotonic_time ();
  gint64 uptime_ms = (now - s->child_start) / 1000;
  HealingDeathRecord *own = s->records->len > 0 ? g_ptr_array_index (s->records, s->records->len - 1) : NULL;
  gboolean quick = uptime_ms < s->stable_ms;
  guint backoff = 0;
  GString *record;

  if (WIFEXITED (status))
    {
      int code = WEXITSTATUS (status);
      gboolean tainted = own != NULL && strcmp (healing_death_record_get_reason (own), "tainted") == 0;

      /* A clean exit, or any other status, is the application's own
       * decision. */
      if (code != HEALING_SUPERVISE_EXIT_TAINTED || !tainted || s->forwarded != 0)
        _exit (code);
    }
  else if (WIFSIGNALED (status))
    {
      int signo = WTERMSIG (status);

      if (s->forwarded != 0 || is_stop_signal (signo))
        die_like (signo);
    }
  else
    _exit (70);

  record = begin_record (s, status, uptime_ms);

  if (!quick)
    {
      s->quick_deaths = 0;
      confirm_quarantines (s);
    }
  else
    {
      s->quick_deaths++;
      backoff = s->backoff_ms << MIN (s->quick_deaths - 1, 16);
      backoff = MIN (backoff, MAX_BACKOFF_MS);
      quarantine_restored (s, record);
    }

  if (crash_loop (s, now))
    give_up (s, record, status);

  note_restart (s, now);
  g_string_append_printf (record, "restart=%u\nbackoff_ms=%u\naction=restarted\n", s->restarts, backoff);
  /* What the next process will find. */
  keep_links (s);
  append_restored (s, record);
  write_record (s, record);
  g_string_free (record, TRUE);

  if (backoff > 0)
    sleep_ms (s, backoff);
}

/* What the application (the child) does not need of its supervisor's
 * state, or what a supervisor that could not set up leaves. Descriptors
 * are the caller's business. */
static void
supervisor_free (Supervisor *s)
{
  guint i;

  clear_restored (s);
  for (i = 0; i < s->quarantines->len; i++)
    g_free (g_array_index (s->quarantines, Quarantine, i).name);
  g_array_unref (s->quarantines);
  g_array_unref (s->restored);
  g_ptr_array_unref (s->records);
  g_string_free (s->pending, TRUE);
  g_free (s->last_record);
  g_free (s->state_dir);
  g_free (s->prgname);
  g_free (s);
}

/* Sets up the supervisor and runs its loop. Returns in the child only. */
static void
supervise (const char  *argv0,
           char       **command)
{
  Supervisor *s = g_new0 (Supervisor, 1);
  g_autofree char *base = g_path_get_basename (argv0 != NULL ? argv0 : "application");
  sigset_t mask;
  int fds[2];

  s->prgname = g_steal_pointer (&base);
  s->command = command;
  s->max_restarts = env_uint ("HEALING_SUPERVISE_MAX_RESTARTS", HEALING_SUPERVISE_DEFAULT_MAX_RESTARTS, 0, 64);
  s->period_s = env_uint ("HEALING_SUPERVISE_PERIOD", HEALING_SUPERVISE_DEFAULT_PERIOD, 1, 86400);
  s->stable_ms = env_uint ("HEALING_SUPERVISE_STABLE_MS", HEALING_SUPERVISE_DEFAULT_STABLE_MS, 0, 3600000);
  s->backoff_ms = env_uint ("HEALING_SUPERVISE_BACKOFF_MS", HEALING_SUPERVISE_DEFAULT_BACKOFF_MS, 0, MAX_BACKOFF_MS);
  s->state_dir = default_state_dir (s->prgname);
  s->pending = g_string_new (NULL);
  s->records = g_ptr_array_new_with_free_func (g_object_unref);
  s->restored = g_array_new (FALSE, FALSE, sizeof (RestoredFile));
  s->quarantines = g_array_new (FALSE, FALSE, sizeof (Quarantine));

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_printerr ("libhealing: supervisor: pipe: %s\n", g_strerror (errno));
      supervisor_free (s);
      return;
    }
  s->record_read = fds[0];
  s->record_write = fds[1];
  fcntl (s->record_read, F_SETFL, O_NONBLOCK);

  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  sigaddset (&mask, SIGTERM);
  sigaddset (&mask, SIGINT);
  sigaddset (&mask, SIGHUP);
  sigprocmask (SIG_BLOCK, &mask, &s->old_mask);
  s->sigfd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (s->sigfd < 0)
    {
      g_printerr ("libhealing: supervisor: signalfd: %s\n", g_strerror (errno));
      sigprocmask (SIG_SETMASK, &s->old_mask, NULL);
      close (fds[0]);
      close (fds[1]);
      supervisor_free (s);
      return;
    }

  /* The supervisor's own messages in the user's language. */
  setlocale (LC_ALL, "");
  healing_ensure_i18n ();

  keep_links (s);
  for (;;)
    {
      if (!start_child (s))
        {
          /* In the application: it keeps only the record descriptor. */
          supervisor_free (s);
          return;
        }

      handle_death (s, wait_for_child (s));
    }
}

static gboolean
single_threaded (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return TRUE;   /* cannot tell: trust the documented contract */

  line = strstr (status, "\nThreads:");
  return line == NULL || g_ascii_strtoull (line + strlen ("\nThreads:"), NULL, 10) <= 1;
}

void
healing_supervise (int                    *argc,
                   char                 ***argv,
                   HealingSuperviseFlags   flags)
{
  const char *argv0 = (argc != NULL && *argc > 0 && argv != NULL) ? (*argv)[0] : NULL;
  const char *disable = g_getenv ("HEALING_SUPERVISE");

  supervise_flags = flags;

  /* Already supervised (restarted, or run by healing-supervise). */
  if (g_getenv (HEALING_ENV_SUPERVISOR) != NULL)
    return;
  if (disable != NULL && strcmp (disable, "0") == 0)
    return;

  if (g_getenv ("NOTIFY_SOCKET") != NULL && !(flags & HEALING_SUPERVISE_IGNORE_SYSTEMD))
    {
#ifdef HAVE_LIBSYSTEMD
      systemd_mode = TRUE;
      return;
#else
      g_message ("libhealing: built without libsystemd; supervising without systemd's watchdog");
#endif
    }

  if (!single_threaded ())
    {
      g_message ("libhealing: healing_supervise() must be called before any thread starts; "
                 "the application runs unsupervised");
      return;
    }

  supervise (argv0, NULL);
}

void
healing_supervisor_run_command (char                 **argv,
                                HealingSuperviseFlags  flags)
{
  g_assert (argv != NULL && argv[0] != NULL);

  supervise_flags = flags;
  supervise (argv[0], argv);

  /* supervise () returns only if it could not set up. */
  execvp (argv[0], argv);
  g_printerr ("libhealing: cannot run %s: %s\n", argv[0], g_strerror (errno));
  _exit (127);
}

/**
 * healing_supervise_is_active:
 *
 * Gets whether this process runs under a supervisor: the one
 * [func@supervise] forked, the `healing-supervise` command, or systemd
 * (when it was asked to speak its protocol). Valid after [func@init].
 *
 * Returns: whether the process is supervised
 */
gboolean
healing_supervise_is_active (void)
{
  return supervised || systemd_mode;
}

gboolean
healing_supervisor_uses_systemd (void)
{
  return systemd_mode;
}

/* ------------------------------------------------------------------------
 * The application side
 * ------------------------------------------------------------------------ */

static int record_fd = -1;
#ifdef HAVE_LIBSYSTEMD
static guint watchdog_id;
#endif

static void
write_own_record (const char *body)
{
  char header[256];
  GString *record;

  if (record_fd < 0)
    return;

  g_snprintf (header, sizeof header,
              "libhealing-record 1\npid=%d\ntime=%" G_GINT64_FORMAT "\n",
              (int) getpid (), g_get_real_time () / G_USEC_PER_SEC);
  record = g_string_new (header);
  g_string_append (record, body);
  g_string_append_c (record, '\n');
  /* One write, at most PIPE_BUF bytes: atomic on the pipe. */
  if (record->len > 4096)
    {
      g_string_truncate (record, 4094);
      g_string_append (record, "\n\n");
    }
  if (write (record_fd, record->str, record->len) < 0)
    g_debug ("libhealing: cannot write to the supervisor: %s", g_strerror (errno));
  g_string_free (record, TRUE);
}

/* A value on one line. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  g_strdelimit (copy, "\r\n", ' ');
  return copy;
}

static gboolean
save_and_exit_cb (gpointer data)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  GListModel *containers = healing_runtime_get_containers (runtime);
  g_autofree char *taint = one_line (healing_runtime_get_taint_reason (runtime));
  g_autofree char *body = NULL;
  guint i, n = g_list_model_get_n_items (containers), saved = 0;

  /* The containers that are healthy save what they show now; the others
   * keep their last good checkpoint on disk. */
  for (i = 0; i < n; i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (containers, i);

      if (healing_container_get_persist (container) &&
          healing_container_checkpoint (container) != NULL)
        saved++;
    }

  body = g_strdup_printf ("reason=tainted\ntaint=%s\nsaved=%u\n", taint, saved);
  write_own_record (body);

#ifdef HAVE_LIBSYSTEMD
  if (systemd_mode)
    sd_notifyf (0, "STOPPING=1\nSTATUS=Tainted (%s): saved, exiting to be restarted", taint);
#endif

  g_printerr ("libhealing: the process is tainted (%s); its state is saved and it exits to be restarted\n",
              taint);
  fflush (stdout);
  fflush (stderr);
  /* Not exit (): atexit handlers and destructors of a tainted process
   * may block on a lock the fault left held. */
  _exit (HEALING_SUPERVISE_EXIT_TAINTED);

  return G_SOURCE_REMOVE;
}

static void
tainted_cb (HealingRuntime *runtime)
{
  static gboolean scheduled;

  if (scheduled || !healing_runtime_get_tainted (runtime))
    return;

  scheduled = TRUE;
  g_idle_add (save_and_exit_cb, NULL);
}

#ifdef HAVE_LIBSYSTEMD
static gboolean
watchdog_cb (gpointer data)
{
  sd_notify (0, "WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}
#endif

static gboolean
started_cb (gpointer data)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  g_autofree char *probe = healing_checkpoint_dup_default_path ("probe");
  g_autofree char *state_dir = g_path_get_dirname (probe);
  g_autofree char *body = g_strdup_printf ("reason=started\nstate_dir=%s\n", state_dir);

  /* By now the application id is known: tell the supervisor where the
   * checkpoints persist. */
  write_own_record (body);

#ifdef HAVE_LIBSYSTEMD
  if (systemd_mode)
    {
      guint64 usec = 0;

      sd_notifyf (0, "READY=1\nSTATUS=Running (restart %u)",
                  healing_runtime_get_restart_count (runtime));
      if (sd_watchdog_enabled (0, &usec) > 0 && usec > 0)
        watchdog_id = g_timeout_add (MAX (usec / 2000, 1), watchdog_cb, NULL);
    }
#endif

  healing_runtime_emit_restarted (runtime);

  return G_SOURCE_REMOVE;
}

static void
restored_cb (HealingRuntime *runtime)
{
  GPtrArray *paths = healing_runtime_get_restored_paths (runtime);
  const char *path;
  g_autofree char *base = NULL, *dir = NULL, *body = NULL;
  struct stat st;

  if (paths->len == 0)
    return;

  /* The newest: tell the supervisor which file, by inode, before the
   * application can replace it with a newer state. */
  path = g_ptr_array_index (paths, paths->len - 1);
  if (stat (path, &st) != 0)
    return;

  base = g_path_get_basename (path);
  dir = g_path_get_dirname (path);
  body = g_strdup_printf ("reason=restored\nstate_dir=%s\nrestored=%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n",
                          dir, base, (guint64) st.st_dev, (guint64) st.st_ino);
  write_own_record (body);
}

static void
load_restart_info (HealingRuntime *runtime)
{
  const char *count = g_getenv (HEALING_ENV_RESTART_COUNT);
  const char *path = g_getenv (HEALING_ENV_RESTART_RECORD);
  const char *dir = g_getenv (HEALING_ENV_RESTART_DIR);
  g_autoptr (HealingDeathRecord) record = NULL;
  guint64 restarts = 0;

  if (count != NULL)
    g_ascii_string_to_unsigned (count, 10, 0, G_MAXUINT, &restarts, NULL);

  if (restarts > 0 && path != NULL)
    {
      g_autoptr (GError) error = NULL;

      record = healing_death_record_new_from_file (path, &error);
      if (record == NULL)
        g_message ("libhealing: %s", error->message);
    }

  healing_runtime_set_restart_info (runtime, restarts, record, dir);
}

void
healing_supervisor_child_init (void)
{
  const char *supervisor = g_getenv (HEALING_ENV_SUPERVISOR);
  HealingRuntime *runtime = healing_runtime_get_default ();
  guint64 parent = 0;

  /* A grandchild inherits the environment, not the supervisor: the
   * supervisor must be our parent. */
  if (supervisor != NULL &&
      g_ascii_string_to_unsigned (supervisor, 10, 1, G_MAXINT, &parent, NULL) &&
      (pid_t) parent == getppid ())
    {
      const char *fd_string = g_getenv (HEALING_ENV_RECORD_FD);
      guint64 fd;
      struct stat st;

      supervised = TRUE;
      if (fd_string != NULL &&
          g_ascii_string_to_unsigned (fd_string, 10, 0, G_MAXINT, &fd, NULL) &&
          fstat (fd, &st) == 0 && S_ISFIFO (st.st_mode))
        {
          record_fd = fd;
          fcntl (record_fd, F_SETFD, fcntl (record_fd, F_GETFD) | FD_CLOEXEC);
        }
      load_restart_info (runtime);
    }

  if (!supervised && !systemd_mode)
    return;

  healing_runtime_set_supervised (runtime, TRUE);
  if (supervised)
    g_signal_connect (runtime, "notify::restored-components", G_CALLBACK (restored_cb), NULL);

  if (!(supervise_flags & HEALING_SUPERVISE_NO_TAINT_RESTART))
    {
      g_signal_connect (runtime, "notify::tainted", G_CALLBACK (tainted_cb), NULL);
      tainted_cb (runtime);
    }

  g_idle_add (started_cb, NULL);
}

gboolean
healing_supervisor_notify_wedged (const char *status)
{
#ifdef HAVE_LIBSYSTEMD
  char message[512];

  if (!systemd_mode)
    return FALSE;

  /* snprintf and sd_notify: no GLib, no allocation of ours. */
  snprintf (message, sizeof message, "WATCHDOG=trigger\nSTATUS=%s",
            status != NULL ? status : "The main loop is wedged");
  return sd_notify (0, message) > 0;
#else
  return FALSE;
#endif
}
