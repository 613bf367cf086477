/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Safe or stop: every fault kind, raised for real in its own process
 * (tests/healing-fault-app.c) in a real window, must end in one of the two
 * acceptable outcomes, and never in a hang:
 *
 * - healed: the process lives, and the app's own checks (the main loop
 *   turns, the sibling's handlers run, new widgets draw, a second fault is
 *   still caught, notify and logging still work, reset brings the child
 *   back) all passed: it prints "outcome=healed" and exits 0;
 * - stopped: the process died *by the signal* within a few seconds, and
 *   wrote a record ("libhealing-record 1", key=value lines, an empty line)
 *   to the pipe named by HEALING_RECORD_FD, with the reason the cell
 *   expects; it never printed "healed" first.
 *
 * A cell whose process is still running after HARD_TIMEOUT_MS is killed and
 * fails as hung. The cells run HEALING_SAFE_OR_STOP_JOBS (default 4) at a
 * time before the GTest cases judge them; the table of outcomes is printed
 * at the end.
 *
 * These processes corrupt the allocator on purpose: the test is in the
 * `corrupting` suite, which the memcheck and ASan passes leave out.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

/* What the heartbeat waits for in these processes. */
#define HEARTBEAT_TIMEOUT_MS 1500
/* A stop must come within this of the fault (times the time scale). */
#define STOP_WITHIN_MS 5000
/* A wedge must be declared within the heartbeat timeout plus this. */
#define WEDGE_MARGIN_MS 3500
/* Anything still running after this is hung (times the time scale). */
#define HARD_TIMEOUT_MS 15000

/* Not the python3 on PATH: it may lack python3-gi (as in tests/gi). */
#define PYTHON "/usr/bin/python3"

typedef enum {
  EXPECT_HEALED,
  EXPECT_STOPPED,
  /* Healed first (the app says so on stdout), then stopped as wedged. */
  EXPECT_HEALED_THEN_WEDGED,
  /* Either, never hung, never wedged (a wedge is a deadlock caught late). */
  EXPECT_HEALED_OR_STOPPED,
  /* Stopped at once (signal_number, reason), or healed and then wedged: a
   * lock the classifier may or may not see. */
  EXPECT_STOPPED_OR_WEDGED,
} Expect;

typedef enum {
  GOT_NOTHING,
  GOT_HEALED,
  GOT_STOPPED,
  GOT_HUNG,
  /* Exited by itself without "healed": a check failed, or it did not run. */
  GOT_BROKEN,
  GOT_SPAWN_FAILED,
} Got;

static const char *got_names[] = {
  "-", "healed", "stopped", "HUNG", "broken", "spawn-failed",
};

typedef struct {
  /* The table. */
  const char *fault;
  const char *where;
  const char *repeat;        /* tells repeated cells apart, or NULL */
  Expect expect;
  int signal_number;         /* EXPECT_STOPPED: the signal it must die by */
  const char *reason;        /* EXPECT_STOPPED: the record's reason */
  const char *unsafe_frame;  /* a regex unsafe_frame must match, or NULL */
  const char *must_print;    /* what the app's stdout must have, or NULL */
  /* The record pipe is broken: HEALING_RECORD_FD names no open fd, or the
   * reading end is closed before the fault. No record can arrive; the
   * process must still die by its own signal, not by SIGPIPE. */
  gboolean bad_record_fd;
  gboolean reader_gone;
  /* Run tests/healing-fault-app.py with python3-gi instead of the C app. */
  gboolean python;

  /* The run. */
  char *path;
  gboolean selected;
  GSubprocess *process;
  int record_fd;
  guint timeout_id;
  gint64 started;
  gint64 ended;
  Got got;
  int term_signal;
  int exit_status;
  char *out;
  char *err;
  GString *record_text;
  GHashTable *record;        /* the first record's keys → values */
  guint n_frames;
  char *record_error;        /* why the record is malformed, or NULL */
} Cell;

#define ALLOCATOR_FRAME "(?i)(malloc|free|_int_|tcache|alloc)"
#define EMIT_FRAME "g_signal_emit"

static Cell *cells;
static guint n_cells;

static const char *wheres[] = { "measure", "allocate", "snapshot", "handler", "idle" };

/* Healed wherever they happen: the unwind is safe. */
static const char *healable[] = {
  "null-deref", "divide-by-zero", "abort", "assert", "recursion", "critical", "infinite-loop",
};

/* glibc's allocator aborts: never safe to unwind. */
static const char *allocator[] = {
  "double-free-large", "free-stack", "heap-overflow", "tcache-double-free",
};

static const Cell special[] = {
  /* Unwinding through a GObject signal emission. */
  { "resize-handler", "allocate", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", EMIT_FRAME },
  { "emit-plain-handler", "idle", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", EMIT_FRAME },
  { "emit-plain-handler", "handler", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", EMIT_FRAME },
  /* Through g_object_set (): the notify freeze. */
  { "set-property", "idle", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", NULL },
  /* Held locks the classifier can see. */
  { "class-init", "idle", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", NULL },
  { "user-font", "snapshot", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", NULL },
  /* A held lock nothing can see: the heartbeat's. */
  { "mutex", "idle", NULL, EXPECT_HEALED_THEN_WEDGED, 0, NULL, NULL },
  /* g_once_init_enter () left "being initialised": GLib's frame is gone. */
  { "g-once", "idle", NULL, EXPECT_STOPPED_OR_WEDGED, SIGSEGV, "unsafe-unwind", NULL },
  /* Inside glibc's printf: formatting a critical, or writing to stdout
   * with the stream's lock held. */
  { "log-format", "idle", NULL, EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "stdio", "idle", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", NULL },
  /* A hang interrupted inside malloc (): either, but never a deadlock. */
  { "malloc-loop", "snapshot", "1", EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "malloc-loop", "snapshot", "2", EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "malloc-loop", "handler", "1", EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "malloc-loop", "handler", "2", EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "malloc-loop", "idle", "1", EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "malloc-loop", "idle", "2", EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  /* Nearly always inside the allocator: the refusals run out. */
  { "mmap-loop", "snapshot", NULL, EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  { "mmap-loop", "idle", NULL, EXPECT_HEALED_OR_STOPPED, 0, NULL, NULL },
  /* Outside every container: the way it would have died anyway. */
  { "null-deref", "outside", NULL, EXPECT_STOPPED, SIGSEGV, "no-frame", NULL },
  { "abort", "outside", NULL, EXPECT_STOPPED, SIGABRT, "no-frame", NULL },
  /* Drawing a container trusts (trusted-drawing) is not trapped. */
  { "null-deref", "trusted-snapshot", NULL, EXPECT_STOPPED, SIGSEGV, "no-frame", NULL },
  { "null-deref", "thread", NULL, EXPECT_STOPPED, SIGSEGV, "no-frame", NULL },
  /* A stop chains to the handler installed before libhealing's. */
  { "crash-reporter", "snapshot", NULL, EXPECT_STOPPED, SIGABRT, "unsafe-unwind", ALLOCATOR_FRAME,
    "crash-reporter signal=06" },
  /* A native crash inside the Python interpreter's frames. */
  { "ctypes-null", "snapshot", NULL, EXPECT_STOPPED, SIGSEGV, "unsafe-unwind", "(?i)python",
    NULL, FALSE, FALSE, TRUE },
  /* The supervisor's pipe is broken: still the right signal. */
  { "double-free-large", "snapshot", "record-fd-closed", EXPECT_STOPPED, SIGABRT, "unsafe-unwind",
    NULL, NULL, TRUE, FALSE },
  { "double-free-large", "snapshot", "record-reader-gone", EXPECT_STOPPED, SIGABRT, "unsafe-unwind",
    NULL, NULL, FALSE, TRUE },
  { "null-deref", "outside", "record-reader-gone", EXPECT_STOPPED, SIGSEGV, "no-frame",
    NULL, NULL, FALSE, TRUE },
  { "mutex", "idle", "record-reader-gone", EXPECT_HEALED_THEN_WEDGED, 0, NULL, NULL, NULL,
    FALSE, TRUE },
  /* No fault: a busy main loop is no business of the heartbeat's. */
  { "busy-no-fault", "idle", NULL, EXPECT_HEALED, 0, NULL, NULL },
  /* The library's own callbacks. */
  { "fallback-factory", "snapshot", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "fault-handler", "snapshot", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "state-changed-handler", "snapshot", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "dispose", "snapshot", NULL, EXPECT_HEALED, 0, NULL, NULL },
  /* Truth cases: what the library reports must be true. */
  { "restore-critical", "snapshot", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "retry-report-error", "reported", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "burst-report-error", "reported", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "retry-report-success", "reported", NULL, EXPECT_HEALED, 0, NULL, NULL },
  { "restart-intensity", "snapshot", NULL, EXPECT_HEALED, 0, NULL, NULL },
};

/* The keys every record has. */
static const char *record_keys[] = {
  "reason", "signal", "signal_name", "code", "address", "pc", "component", "phase",
  "unsafe_frame", "taint",
};

static guint64
time_scale (void)
{
  const char *scale = g_getenv ("HEALING_TEST_TIME_SCALE");
  guint64 factor = 1;

  if (scale != NULL && !g_ascii_string_to_unsigned (scale, 10, 1, 1000, &factor, NULL))
    factor = 1;
  return factor;
}

/* ------------------------------------------------------------------------
 * The table
 * ------------------------------------------------------------------------ */

static void
add_cell (GPtrArray  *array,
          const Cell *model)
{
  Cell *cell = g_new0 (Cell, 1);

  *cell = *model;
  cell->record_fd = -1;
  cell->path = g_strdup_printf ("/SafeOrStop/%s/%s%s%s", cell->fault, cell->where,
                                cell->repeat != NULL ? "/" : "",
                                cell->repeat != NULL ? cell->repeat : "");
  g_ptr_array_add (array, cell);
}

static void
build_table (void)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new ();
  guint f, w, i;

  for (w = 0; w < G_N_ELEMENTS (wheres); w++)
    {
      for (f = 0; f < G_N_ELEMENTS (healable); f++)
        add_cell (array, &(Cell) { healable[f], wheres[w], NULL, EXPECT_HEALED, 0, NULL, NULL });
      for (f = 0; f < G_N_ELEMENTS (allocator); f++)
        add_cell (array, &(Cell) { allocator[f], wheres[w], NULL, EXPECT_STOPPED, SIGABRT,
                                   "unsafe-unwind", ALLOCATOR_FRAME });
    }
  for (i = 0; i < G_N_ELEMENTS (special); i++)
    add_cell (array, &special[i]);

  n_cells = array->len;
  cells = g_new (Cell, n_cells);
  for (i = 0; i < n_cells; i++)
    {
      cells[i] = *(Cell *) array->pdata[i];
      g_free (array->pdata[i]);
    }
}

/* GTest's -p selects cases; run only the cells it selects. */
static void
select_cells (int    argc,
              char **argv)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();
  guint i;
  int a;

  for (a = 1; a < argc; a++)
    {
      if (g_str_equal (argv[a], "-p") && a + 1 < argc)
        g_ptr_array_add (paths, argv[++a]);
      else if (g_str_has_prefix (argv[a], "-p="))
        g_ptr_array_add (paths, argv[a] + 3);
    }

  for (i = 0; i < n_cells; i++)
    {
      guint p;

      cells[i].selected = paths->len == 0;
      for (p = 0; p < paths->len; p++)
        {
          const char *path = paths->pdata[p];
          gsize len = strlen (path);

          /* The path itself, or a suite above it. */
          if (strncmp (cells[i].path, path, len) == 0 &&
              (cells[i].path[len] == '\0' || cells[i].path[len] == '/' ||
               path[len - 1] == '/'))
            cells[i].selected = TRUE;
        }
    }
}

/* ------------------------------------------------------------------------
 * Running the cells
 * ------------------------------------------------------------------------ */

static guint running;
static guint next_cell;
static guint max_jobs;

static void start_more (void);

/* Runs in the child between fork and exec: no core dumps of the deliberate
 * crashes. */
static void
child_setup (gpointer data)
{
  struct rlimit none = { 0, 0 };

  setrlimit (RLIMIT_CORE, &none);
}

static void
read_record (Cell *cell)
{
  char buffer[4096];
  ssize_t n;

  cell->record_text = g_string_new (NULL);
  if (cell->record_fd < 0)
    return;

  /* Every writer is gone: read to the end. */
  g_unix_set_fd_nonblocking (cell->record_fd, TRUE, NULL);
  while ((n = read (cell->record_fd, buffer, sizeof buffer)) > 0 ||
         (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (cell->record_text, buffer, n);

  close (cell->record_fd);
  cell->record_fd = -1;
}

static void
parse_record (Cell *cell)
{
  g_auto (GStrv) lines = NULL;
  guint i;
  gboolean ended = FALSE;

  if (cell->record_text->len == 0)
    return;

  cell->record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (cell->record_text->str, "\n", -1);

  if (g_strcmp0 (lines[0], "libhealing-record 1") != 0)
    {
      cell->record_error = g_strdup_printf ("first line “%s”, not “libhealing-record 1”",
                                            lines[0]);
      return;
    }

  for (i = 1; lines[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      const char *eq;

      if (lines[i][0] == '\0')
        {
          ended = TRUE;
          break;
        }

      eq = strchr (lines[i], '=');
      if (eq == NULL)
        {
          cell->record_error = g_strdup_printf ("line %u, “%s”, is not key=value", i + 1, lines[i]);
          return;
        }

      if (strncmp (lines[i], "frame=", 6) == 0)
        {
          cell->n_frames++;
          continue;
        }

      key = g_strndup (lines[i], eq - lines[i]);
      if (g_hash_table_contains (cell->record, key))
        {
          cell->record_error = g_strdup_printf ("%s= appears twice", key);
          return;
        }
      g_hash_table_insert (cell->record, g_steal_pointer (&key), g_strdup (eq + 1));
    }

  if (!ended)
    cell->record_error = g_strdup ("the record does not end with an empty line");
  else if (cell->n_frames > 16)
    cell->record_error = g_strdup_printf ("%u frame= lines, more than 16", cell->n_frames);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Cell *cell = data;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;

  cell->ended = g_get_monotonic_time ();
  g_subprocess_communicate_finish (cell->process, result, &out, &err, &error);
  if (error != NULL)
    g_printerr ("%s: reading its output: %s\n", cell->path, error->message);
  /* It has exited: communicate () waits for that too. */
  g_subprocess_wait (cell->process, NULL, NULL);

  cell->out = out != NULL ? g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out)) : g_strdup ("");
  cell->err = err != NULL ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err)) : g_strdup ("");

  if (cell->timeout_id != 0)
    {
      g_source_remove (cell->timeout_id);
      cell->timeout_id = 0;
    }

  if (cell->got != GOT_HUNG)
    {
      if (g_subprocess_get_if_signaled (cell->process))
        {
          cell->got = GOT_STOPPED;
          cell->term_signal = g_subprocess_get_term_sig (cell->process);
        }
      else
        {
          cell->exit_status = g_subprocess_get_exit_status (cell->process);
          cell->got = cell->exit_status == 0 && strstr (cell->out, "outcome=healed") != NULL ?
                      GOT_HEALED : GOT_BROKEN;
        }
    }

  read_record (cell);
  parse_record (cell);

  g_clear_object (&cell->process);
  running--;
  start_more ();
}

static gboolean
hard_timeout_cb (gpointer data)
{
  Cell *cell = data;

  cell->timeout_id = 0;
  cell->got = GOT_HUNG;
  g_subprocess_force_exit (cell->process);

  return G_SOURCE_REMOVE;
}

/* Spawns the fault app for @cell, with a pipe as HEALING_RECORD_FD. */
static gboolean
spawn_cell (Cell    *cell,
            GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "healing-fault-app", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "healing-fault-app.py", NULL);
  g_autofree char *fault_arg = g_strdup_printf ("--fault=%s", cell->fault);
  g_autofree char *where_arg = g_strdup_printf ("--where=%s", cell->where);
  g_autofree char *heartbeat = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                HEARTBEAT_TIMEOUT_MS * time_scale ());
  int fds[2];

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cell->bad_record_fd)
    {
      /* Nothing is open there in the child. */
      close (fds[1]);
      g_subprocess_launcher_setenv (launcher, "HEALING_RECORD_FD", "97", TRUE);
    }
  else
    {
      g_subprocess_launcher_take_fd (launcher, fds[1], 3);
      g_subprocess_launcher_setenv (launcher, "HEALING_RECORD_FD", "3", TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "HEALING_HEARTBEAT_TIMEOUT_MS", heartbeat, TRUE);
  /* The allocator faults are exact about what they corrupt. */
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  cell->started = g_get_monotonic_time ();
  if (cell->python)
    cell->process = g_subprocess_launcher_spawn (launcher, error, PYTHON, script,
                                                 fault_arg, where_arg, NULL);
  else
    cell->process = g_subprocess_launcher_spawn (launcher, error, program,
                                                 fault_arg, where_arg, NULL);
  /* The launcher holds the write end: let go of it, so that the record
   * pipe ends when the child does. */
  g_clear_object (&launcher);

  if (cell->process == NULL)
    {
      close (fds[0]);
      return FALSE;
    }

  if (cell->reader_gone || cell->bad_record_fd)
    close (fds[0]);
  else
    cell->record_fd = fds[0];
  return TRUE;
}

static void
start_cell (Cell *cell)
{
  g_autoptr (GError) error = NULL;
  guint attempt;

  /* A loaded machine may refuse a fork for a moment (EAGAIN): try again
   * before calling the cell failed. */
  for (attempt = 0; attempt < 3; attempt++)
    {
      g_clear_error (&error);
      if (spawn_cell (cell, &error))
        break;
      g_printerr ("%s: could not start the fault app: %s\n", cell->path, error->message);
      g_usleep (200 * 1000);
    }

  if (cell->process == NULL)
    {
      cell->got = GOT_SPAWN_FAILED;
      cell->ended = g_get_monotonic_time ();
      cell->out = g_strdup ("");
      cell->err = g_strdup (error->message);
      cell->record_text = g_string_new (NULL);
      return;
    }

  running++;
  cell->timeout_id = g_timeout_add (HARD_TIMEOUT_MS * time_scale (), hard_timeout_cb, cell);
  g_subprocess_communicate_async (cell->process, NULL, NULL, communicated_cb, cell);
}

static void
start_more (void)
{
  while (running < max_jobs && next_cell < n_cells)
    {
      Cell *cell = &cells[next_cell++];

      if (cell->python && !g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
        continue;
      if (cell->selected)
        start_cell (cell);
    }
}

static void
run_cells (void)
{
  const char *jobs = g_getenv ("HEALING_SAFE_OR_STOP_JOBS");
  guint64 n = 4;

  if (jobs != NULL && !g_ascii_string_to_unsigned (jobs, 10, 1, 64, &n, NULL))
    n = 4;
  max_jobs = n;

  start_more ();
  while (running > 0 || next_cell < n_cells)
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------------
 * Judging them
 * ------------------------------------------------------------------------ */

/* The value of "KEY=" on the app's line starting with @prefix. */
static gint64
stdout_time (const Cell *cell,
             const char *marker)
{
  const char *at = cell->out != NULL ? strstr (cell->out, marker) : NULL;

  if (at == NULL)
    return 0;
  return g_ascii_strtoll (at + strlen (marker), NULL, 10);
}

static const char *
record_get (const Cell *cell,
            const char *key)
{
  return cell->record != NULL ? g_hash_table_lookup (cell->record, key) : NULL;
}

static const char *
sigabbrev (int signal_number)
{
  switch (signal_number)
    {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGKILL: return "SIGKILL";
    default: return g_strsignal (signal_number);
    }
}

static const char *
expect_name (Expect expect)
{
  static const char *names[] = {
    "healed", "stopped", "healed→wedged", "healed|stopped", "stopped|wedged",
  };

  return names[expect];
}

/* One line of the table: what happened. */
static char *
describe (const Cell *cell)
{
  switch (cell->got)
    {
    case GOT_STOPPED:
      {
        const char *reason = record_get (cell, "reason");
        const char *frame = record_get (cell, "unsafe_frame");
        gint64 since = stdout_time (cell, "stage=locking t=");

        /* How long after the fault (or the wedge) it died. */
        if (since == 0)
          since = stdout_time (cell, "raise t=");

        return g_strdup_printf ("%s +%" G_GINT64_FORMAT "ms, %s%s%s", sigabbrev (cell->term_signal),
                                since != 0 ? (cell->ended - since) / 1000 : -1,
                                reason != NULL ? reason : "no record",
                                frame != NULL && *frame != '\0' ? " in " : "",
                                frame != NULL ? frame : "");
      }
    case GOT_BROKEN:
      {
        const char *check = strstr (cell->out, "check=");
        g_autofree char *name = check != NULL ? g_strndup (check + 6, strcspn (check + 6, " ")) :
                                                g_strdup_printf ("exit %d", cell->exit_status);

        return g_strdup_printf ("broken: %s", name);
      }
    case GOT_HEALED:
    case GOT_HUNG:
    case GOT_SPAWN_FAILED:
    case GOT_NOTHING:
    default:
      return g_strdup (got_names[cell->got]);
    }
}

/* NULL if @cell ended as its row says, else why not. */
static char *
judge (const Cell *cell)
{
  gint64 stop_within_us = (gint64) STOP_WITHIN_MS * time_scale () * 1000;
  gint64 raised;
  const char *reason = record_get (cell, "reason");
  guint i;

  if (cell->got == GOT_NOTHING)
    return g_strdup ("the cell did not run");
  raised = stdout_time (cell, "raise t=");

  if (cell->got == GOT_HUNG)
    return g_strdup_printf ("hung: still running after %" G_GUINT64_FORMAT " ms, killed",
                            HARD_TIMEOUT_MS * time_scale ());
  if (cell->got == GOT_SPAWN_FAILED)
    return g_strdup_printf ("could not run the fault app: %s", cell->err);
  if (cell->got == GOT_BROKEN)
    return g_strdup_printf ("the process lives on but is not healed (exit %d): %s",
                            cell->exit_status,
                            strstr (cell->out, "outcome=") != NULL ?
                            strstr (cell->out, "outcome=") : "no outcome line");

  if (cell->got == GOT_HEALED)
    {
      if (cell->expect == EXPECT_HEALED || cell->expect == EXPECT_HEALED_OR_STOPPED)
        {
          if (cell->record_text->len > 0)
            return g_strdup_printf ("healed, but wrote a stop record: %s", cell->record_text->str);
          return NULL;
        }
      return g_strdup_printf ("healed, but it must stop (%s): the unwind is not safe",
                              cell->reason);
    }

  /* Stopped. */
  g_assert (cell->got == GOT_STOPPED);

  if (cell->must_print != NULL && strstr (cell->out, cell->must_print) == NULL)
    return g_strdup_printf ("the app did not print “%s”: the previous handler did not run",
                            cell->must_print);

  if (cell->expect == EXPECT_HEALED)
    return g_strdup_printf ("stopped by %s (%s), but it must be healed",
                            sigabbrev (cell->term_signal),
                            reason != NULL ? reason : "no record");

  if (strstr (cell->out, "outcome=healed") != NULL)
    return g_strdup ("printed “healed” and then died");

  if ((cell->bad_record_fd || cell->reader_gone) && cell->expect == EXPECT_STOPPED)
    {
      if (cell->term_signal != cell->signal_number)
        return g_strdup_printf ("died by %s, not %s: writing the record to a broken pipe "
                                "changed how the process dies", sigabbrev (cell->term_signal),
                                sigabbrev (cell->signal_number));
      if (raised != 0 && cell->ended - raised > stop_within_us)
        return g_strdup_printf ("stopped %" G_GINT64_FORMAT " ms after the fault",
                                (cell->ended - raised) / 1000);
      return NULL;
    }

  if (cell->record_error != NULL)
    return g_strdup_printf ("malformed record: %s", cell->record_error);
  if (cell->record == NULL && !cell->reader_gone)
    return g_strdup_printf ("died by %s with no record on HEALING_RECORD_FD",
                            sigabbrev (cell->term_signal));
  for (i = 0; cell->record != NULL && i < G_N_ELEMENTS (record_keys); i++)
    if (!g_hash_table_contains (cell->record, record_keys[i]))
      return g_strdup_printf ("the record has no %s= line", record_keys[i]);

  if (cell->expect == EXPECT_HEALED_OR_STOPPED)
    {
      if (g_strcmp0 (reason, "wedged") == 0)
        return g_strdup ("stopped as wedged: it deadlocked after the interrupt, and only the "
                         "heartbeat ended it");
      if (raised != 0 && cell->ended - raised > stop_within_us + 2000 * 1000)
        return g_strdup_printf ("stopped %" G_GINT64_FORMAT " ms after the fault",
                                (cell->ended - raised) / 1000);
      return NULL;
    }

  if (cell->expect == EXPECT_HEALED_THEN_WEDGED ||
      (cell->expect == EXPECT_STOPPED_OR_WEDGED && strstr (cell->out, "stage=healed") != NULL))
    {
      gint64 locked = stdout_time (cell, "stage=locking t=");
      gint64 limit_us = ((gint64) HEARTBEAT_TIMEOUT_MS + WEDGE_MARGIN_MS) * time_scale () * 1000;

      if (strstr (cell->out, "stage=healed") == NULL)
        return g_strdup_printf ("stopped by %s (%s) before it was healed",
                                sigabbrev (cell->term_signal), reason);
      if (locked == 0)
        return g_strdup ("stopped before it blocked on the lock");
      if (cell->term_signal != SIGABRT)
        return g_strdup_printf ("died by %s, not SIGABRT", sigabbrev (cell->term_signal));
      if (g_strcmp0 (reason, "wedged") != 0 && !cell->reader_gone)
        return g_strdup_printf ("reason %s, not wedged", reason);
      if (cell->ended - locked > limit_us)
        return g_strdup_printf ("declared wedged %" G_GINT64_FORMAT " ms after the main loop "
                                "blocked: more than %d + %d ms",
                                (cell->ended - locked) / 1000, HEARTBEAT_TIMEOUT_MS,
                                WEDGE_MARGIN_MS);
      return NULL;
    }

  /* EXPECT_STOPPED, or EXPECT_STOPPED_OR_WEDGED stopped at once */
  if (cell->term_signal != cell->signal_number)
    return g_strdup_printf ("died by %s, not %s", sigabbrev (cell->term_signal),
                            sigabbrev (cell->signal_number));
  if (g_strcmp0 (reason, cell->reason) != 0)
    return g_strdup_printf ("reason %s, not %s", reason, cell->reason);
  /* Inside the cell's container: the record names it. */
  if (g_strcmp0 (cell->reason, "unsafe-unwind") == 0 &&
      g_strcmp0 (record_get (cell, "component"), "Cell") != 0)
    return g_strdup_printf ("the record says component=%s, not Cell", record_get (cell, "component"));
  if (g_ascii_strtoll (record_get (cell, "signal"), NULL, 10) != cell->signal_number)
    return g_strdup_printf ("the record says signal=%s, not %d", record_get (cell, "signal"),
                            cell->signal_number);
  if (cell->unsafe_frame != NULL &&
      !g_regex_match_simple (cell->unsafe_frame, record_get (cell, "unsafe_frame"), 0, 0))
    return g_strdup_printf ("unsafe_frame=%s does not match /%s/",
                            record_get (cell, "unsafe_frame"), cell->unsafe_frame);
  if (raised == 0)
    return g_strdup ("stopped before the fault was raised");
  if (cell->ended - raised > stop_within_us)
    return g_strdup_printf ("stopped %" G_GINT64_FORMAT " ms after the fault, more than %"
                            G_GUINT64_FORMAT " ms", (cell->ended - raised) / 1000,
                            STOP_WITHIN_MS * time_scale ());

  return NULL;
}

static void
show_output (const Cell *cell)
{
  g_test_message ("%s: stdout:\n%s", cell->path, cell->out != NULL ? cell->out : "");
  g_test_message ("%s: stderr (last 4000 bytes):\n%s", cell->path,
                  cell->err == NULL ? "" :
                  strlen (cell->err) > 4000 ? cell->err + strlen (cell->err) - 4000 : cell->err);
  if (cell->record_text != NULL && cell->record_text->len > 0)
    g_test_message ("%s: record:\n%s", cell->path, cell->record_text->str);
}

static void
test_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autofree char *why = NULL;
  g_autofree char *what = NULL;

  if (cell->python && !g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no " PYTHON);
      return;
    }

  why = judge (cell);
  what = describe (cell);

  g_test_message ("%s: expected %s, got %s (%" G_GINT64_FORMAT " ms)", cell->path,
                  expect_name (cell->expect), what, (cell->ended - cell->started) / 1000);
  if (cell->record != NULL)
    g_test_message ("%s: reason=%s signal=%s unsafe_frame=%s taint=%s", cell->path,
                    record_get (cell, "reason"), record_get (cell, "signal_name"),
                    record_get (cell, "unsafe_frame"), record_get (cell, "taint"));

  if (why != NULL)
    {
      show_output (cell);
      g_test_fail_printf ("%s: %s", cell->path, why);
    }
}

/* The figure: how the cells ended. */
static void
print_table (void)
{
  guint counts[G_N_ELEMENTS (got_names)] = { 0 };
  guint failed = 0, ran = 0;
  guint i;

  printf ("# %-40s %-15s %-64s %7s %s\n", "cell", "expected", "got", "ms", "verdict");
  for (i = 0; i < n_cells; i++)
    {
      const Cell *cell = &cells[i];
      g_autofree char *why = NULL;
      g_autofree char *what = NULL;

      if (!cell->selected || cell->got == GOT_NOTHING)
        continue;

      why = judge (cell);
      what = describe (cell);

      ran++;
      counts[cell->got]++;
      if (why != NULL)
        failed++;
      printf ("# %-40s %-15s %-64.64s %7" G_GINT64_FORMAT " %s\n", cell->path + strlen ("/SafeOrStop/"),
              expect_name (cell->expect), what, (cell->ended - cell->started) / 1000,
              why == NULL ? "ok" : "FAIL");
    }

  printf ("# cells: %u; healed %u, stopped %u, hung %u, broken %u, not run %u; "
          "as expected %u, not %u\n",
          ran, counts[GOT_HEALED], counts[GOT_STOPPED], counts[GOT_HUNG], counts[GOT_BROKEN],
          counts[GOT_SPAWN_FAILED] + counts[GOT_NOTHING], ran - failed, failed);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  gint64 start;
  guint i;
  int status;

  build_table ();
  select_cells (argc, argv);

  g_test_init (&argc, &argv, NULL);

  start = g_get_monotonic_time ();
  run_cells ();
  g_test_message ("ran the cells in %" G_GINT64_FORMAT " ms, %u at a time",
                  (g_get_monotonic_time () - start) / 1000, max_jobs);

  for (i = 0; i < n_cells; i++)
    g_test_add_data_func (cells[i].path, &cells[i], test_cell);

  status = g_test_run ();
  print_table ();

  return status;
}
