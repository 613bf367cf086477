/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Supervised restart, with real processes: healing-test-supervised (a form
 * in a persisted container) runs under its own supervisor, is killed for
 * real, and each case checks what the next process shows: the same form,
 * the notice, the death record. Every wait is bounded; whatever is left
 * running at the end of a case is killed.
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

#include "healing.h"
#include "healing-runtime-private.h"
#include "healing-supervisor-private.h"
#include "healing-test-utils.h"

#define APP_ID "org.libhealing.TestSupervised"
#define WAIT_MS 20000

typedef struct {
  char *state_home;
  char *state_dir;      /* the app's healing dir */
  GPid pid;             /* the supervisor (or the app, under systemd) */
  int in_fd;
  int out_fd;
  int err_fd;
  GString *out;
  GString *err;
  int child_pid;        /* the application process, from its last line */
  gboolean exited;
  int status;
} Fixture;

/* ------------------------------------------------------------------------
 * Driving the application
 * ------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->state_home = g_dir_make_tmp ("healing-supervisor-XXXXXX", &error);
  g_assert_no_error (error);
  f->state_dir = g_build_filename (f->state_home, APP_ID, "healing", NULL);
  f->out = g_string_new (NULL);
  f->err = g_string_new (NULL);
  f->in_fd = f->out_fd = f->err_fd = -1;
}

static void
drain (int      fd,
       GString *into)
{
  char buffer[4096];
  ssize_t n;

  while (fd >= 0 && (n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (into, buffer, n);
}

static gboolean
reap (Fixture *f,
      guint    timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!f->exited)
    {
      pid_t pid = waitpid (f->pid, &f->status, WNOHANG);

      if (pid == f->pid)
        {
          f->exited = TRUE;
          break;
        }
      if (g_get_monotonic_time () > end)
        return FALSE;
      drain (f->out_fd, f->out);
      drain (f->err_fd, f->err);
      g_usleep (10000);
    }

  drain (f->out_fd, f->out);
  drain (f->err_fd, f->err);
  return TRUE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->pid > 0 && !f->exited)
    {
      /* The supervisor forwards it: both go. */
      kill (f->pid, SIGTERM);
      if (!reap (f, 5000))
        {
          kill (f->pid, SIGKILL);
          if (f->child_pid > 0)
            kill (f->child_pid, SIGKILL);
          reap (f, 5000);
        }
    }
  if (f->err->len > 0)
    g_test_message ("application stderr:\n%s", f->err->str);

  if (f->in_fd >= 0)
    close (f->in_fd);
  if (f->out_fd >= 0)
    close (f->out_fd);
  if (f->err_fd >= 0)
    close (f->err_fd);
  g_string_free (f->out, TRUE);
  g_string_free (f->err, TRUE);

  healing_test_remove_tree (f->state_home);
  g_free (f->state_dir);
  g_free (f->state_home);
}

static void
start_app (Fixture    *f,
           const char *first_env,
           ...)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "healing-test-supervised", NULL);
  g_autoptr (GError) error = NULL;
  char *argv[] = { program, NULL };
  char **envp = g_get_environ ();
  const char *name;
  va_list args;

  envp = g_environ_setenv (envp, "XDG_STATE_HOME", f->state_home, TRUE);
  /* The application's own defaults would make these cases slow: a death
   * counts as "at start" for 10 s. */
  envp = g_environ_setenv (envp, "HEALING_SUPERVISE_STABLE_MS", "500", TRUE);
  envp = g_environ_setenv (envp, "HEALING_SUPERVISE_BACKOFF_MS", "50", TRUE);
  envp = g_environ_unsetenv (envp, "NOTIFY_SOCKET");
  envp = g_environ_unsetenv (envp, "WATCHDOG_USEC");
  envp = g_environ_unsetenv (envp, "HEALING_SUPERVISE");
  envp = g_environ_unsetenv (envp, HEALING_ENV_SUPERVISOR);
  envp = g_environ_unsetenv (envp, HEALING_ENV_RECORD_FD);

  va_start (args, first_env);
  for (name = first_env; name != NULL; name = va_arg (args, const char *))
    envp = g_environ_setenv (envp, name, va_arg (args, const char *), TRUE);
  va_end (args);

  g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &f->pid, &f->in_fd, &f->out_fd, &f->err_fd, &error);
  g_assert_no_error (error);
  g_unix_set_fd_nonblocking (f->out_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (f->err_fd, TRUE, NULL);
  g_strfreev (envp);
}

static void
send_command (Fixture    *f,
              const char *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);

  g_assert_cmpint (write (f->in_fd, line, strlen (line)), ==, strlen (line));
}

/* The first line of the output that starts with @prefix, consumed with
 * everything before it; NULL if none came within @timeout_ms. */
static char *
wait_line (Fixture    *f,
           const char *prefix,
           guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      struct pollfd fds[2] = { { f->out_fd, POLLIN, 0 }, { f->err_fd, POLLIN, 0 } };
      char *start = f->out->str;
      char *nl;
      gint64 left;

      while ((nl = strchr (start, '\n')) != NULL)
        {
          if (g_str_has_prefix (start, prefix))
            {
              char *line = g_strndup (start, nl - start);
              const char *pid = strstr (line, "pid=");

              g_string_erase (f->out, 0, nl + 1 - f->out->str);
              if (pid != NULL)
                f->child_pid = atoi (pid + 4);
              return line;
            }
          start = nl + 1;
        }
      g_string_erase (f->out, 0, start - f->out->str);

      left = end - g_get_monotonic_time ();
      if (left <= 0)
        return NULL;
      poll (fds, 2, (int) MIN (left / 1000 + 1, 200));
      drain (f->out_fd, f->out);
      drain (f->err_fd, f->err);
      if (!f->exited && waitpid (f->pid, &f->status, WNOHANG) == f->pid)
        f->exited = TRUE;
      if (f->exited)
        {
          drain (f->out_fd, f->out);
          if (strstr (f->out->str, prefix) == NULL)
            return NULL;
        }
    }
}

static char *
field (const char *line,
       const char *key)
{
  g_autofree char *needle = g_strconcat (" ", key, "=", NULL);
  const char *p = strstr (line, needle), *end;

  if (p == NULL)
    return NULL;
  p += strlen (needle);
  /* title= is last and has spaces. */
  end = strcmp (key, "title") == 0 ? p + strlen (p) : strchr (p, ' ');
  return g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));
}

static void
assert_field (const char *line,
              const char *key,
              const char *expected)
{
  g_autofree char *value = field (line, key);

  g_assert_nonnull (value);
  g_assert_cmpstr (value, ==, expected);
}

static char *
expect_line (Fixture    *f,
             const char *prefix)
{
  char *line = wait_line (f, prefix, WAIT_MS);

  if (line == NULL)
    {
      const char *command = "sh -c \"ps -eo pid,ppid,stat,wchan:32,etime,args | grep healing-test\"";
      g_autofree char *ps = NULL;

      g_spawn_command_line_sync (command, &ps, NULL, NULL, NULL);
      g_test_message ("processes:\n%s", ps);
    }
  if (line == NULL)
    g_error ("no “%s” line from the application (exited: %d, status %d); stdout:\n%s\nstderr:\n%s",
             prefix, f->exited, f->status, f->out->str, f->err->str);
  return line;
}

/* Fills in the form, checkpoints it, and returns after the KCrash
 * window, so the next death is not a death at start. */
static void
fill_form (Fixture *f)
{
  g_autofree char *frame = expect_line (f, "frame ");
  g_autofree char *set = NULL, *checkpointed = NULL, *report = NULL;

  send_command (f, "set héllo 42 1");
  set = expect_line (f, "set");
  send_command (f, "checkpoint");
  checkpointed = expect_line (f, "checkpointed");
  send_command (f, "report");
  report = expect_line (f, "report ");
  assert_field (report, "restart", "0");
  assert_field (report, "notice", "0");
  g_usleep (600 * 1000);
}

/* The restarted process: the same form, the notice, the record. */
static char *
expect_restored (Fixture    *f,
                 const char *restart,
                 const char *reason)
{
  g_autofree char *frame = expect_line (f, "frame ");
  char *report;

  assert_field (frame, "restart", restart);
  send_command (f, "report");
  report = expect_line (f, "report ");
  g_test_message ("%s", report);
  assert_field (report, "restart", restart);
  assert_field (report, "text", "héllo");
  assert_field (report, "spin", "42");
  assert_field (report, "active", "1");
  assert_field (report, "notice", "1");
  assert_field (report, "restored", "form");
  if (reason != NULL)
    assert_field (report, "reason", reason);
  g_assert_nonnull (strstr (report, "your work was restored"));

  return report;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* The newest death record the supervisor kept. */
static HealingDeathRecord *
newest_record (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->state_dir, "restarts", NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GDir *d = g_dir_open (dir, 0, &error);
  const char *name;
  HealingDeathRecord *record;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_assert_cmpuint (names->len, >, 0);
  g_ptr_array_sort (names, compare_names);

  path = g_build_filename (dir, g_ptr_array_index (names, names->len - 1), NULL);
  record = healing_death_record_new_from_file (path, &error);
  g_assert_no_error (error);
  return record;
}

static guint
count_records (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->state_dir, "restarts", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  if (d != NULL)
    g_dir_close (d);
  return n;
}

/* ------------------------------------------------------------------------
 * Restarts
 * ------------------------------------------------------------------------ */

static void
test_segv_outside (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;

  start_app (f, NULL);
  fill_form (f);
  send_command (f, "segv");

  /* The trap's own record: a crash outside every container. */
  report = expect_restored (f, "1", "no-frame");
  assert_field (report, "history", "1");

  record = newest_record (f);
  g_assert_cmpint (healing_death_record_get_signal (record), ==, SIGSEGV);
  g_assert_cmpstr (healing_death_record_get_signal_name (record), ==, "SEGV");
  g_assert_nonnull (healing_death_record_get_frames (record)[0]);
  g_assert_cmpstr (healing_death_record_get_value (record, "exit"), ==, "signal");
  g_assert_cmpstr (healing_death_record_get_value (record, "action"), ==, "restarted");
  g_assert_cmpstr (healing_death_record_get_value (record, "restart"), ==, "1");
  g_assert_true (g_str_has_prefix (healing_death_record_get_restored (record)[0], "form.json "));
  g_assert_null (healing_death_record_get_quarantined (record)[0]);
}

static void
test_sigkill (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;
  int victim;

  start_app (f, NULL);
  fill_form (f);
  victim = f->child_pid;
  g_assert_cmpint (victim, !=, f->pid);
  g_assert_cmpint (kill (victim, SIGKILL), ==, 0);

  report = expect_restored (f, "1", "signal");
  record = newest_record (f);
  g_assert_cmpint (healing_death_record_get_signal (record), ==, SIGKILL);
  g_assert_cmpint (healing_death_record_get_pid (record), ==, victim);
  g_assert_nonnull (strstr (report, "title=The application recovered from a crash; your work was restored"));
}

static void
test_tainted (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;

  start_app (f, NULL);
  fill_form (f);
  /* A hang the form's trap interrupts after 300 ms: tainted, so the
   * application saves and exits to be restarted. */
  send_command (f, "hang");

  report = expect_restored (f, "1", "tainted");
  g_assert_nonnull (strstr (report, "title=The application restarted to recover from a fault; your work was restored"));
  record = newest_record (f);
  g_assert_cmpstr (healing_death_record_get_value (record, "exit"), ==, "exit");
  g_assert_cmpint (healing_death_record_get_exit_status (record), ==, HEALING_SUPERVISE_EXIT_TAINTED);
  g_assert_nonnull (strstr (healing_death_record_get_taint (record), "did not return within 300 ms"));
}

static void
test_child_record (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;

  start_app (f, NULL);
  fill_form (f);
  /* The child writes a record on HEALING_RECORD_FD, as the trap does
   * when it refuses an unsafe unwind, then dies by the signal. */
  send_command (f, "record-segv");

  report = expect_restored (f, "1", "unsafe-unwind");
  record = newest_record (f);
  g_assert_cmpstr (healing_death_record_get_component (record), ==, "form");
  g_assert_cmpstr (healing_death_record_get_value (record, "unsafe_frame"), ==,
                   "malloc_printerr libc.so.6+0x8f1c2");
  g_assert_cmpuint (g_strv_length ((char **) healing_death_record_get_frames (record)), ==, 2);
  g_assert_cmpint (healing_death_record_get_signal (record), ==, SIGSEGV);
  g_assert_cmpstr (healing_death_record_get_value (record, "killed_by"), ==, "11");
}

static char *
read_state_file (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->state_dir, "form.json", NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static void
test_crash_loop (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *flag = g_build_filename (f->state_home, "crash-at-start", NULL);
  g_autofree char *before = NULL, *after = NULL, *quarantined = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;
  guint i;

  start_app (f,
             "CRASH_AT_START", flag,
             "HEALING_SUPERVISE_MAX_RESTARTS", "2",
             "HEALING_SUPERVISE_STABLE_MS", "5000",
             NULL);
  fill_form (f);
  before = read_state_file (f);
  g_assert_nonnull (before);
  g_assert_nonnull (strstr (before, "héllo"));

  /* From now on every process dies right after its first frame. */
  g_assert_true (g_file_set_contents (flag, "", 0, NULL));
  send_command (f, "segv");

  /* Two restarts, then the supervisor stops. */
  for (i = 1; i <= 2; i++)
    {
      g_autofree char *frame = expect_line (f, "frame ");
      g_autofree char *expected = g_strdup_printf ("%u", i);

      assert_field (frame, "restart", expected);
    }
  g_assert_true (reap (f, WAIT_MS));
  g_assert_true (WIFEXITED (f->status));
  g_assert_cmpint (WEXITSTATUS (f->status), ==, 128 + SIGSEGV);
  g_assert_null (wait_line (f, "frame ", 0));

  g_test_message ("supervisor stderr:\n%s", f->err->str);
  g_assert_nonnull (strstr (f->err->str, "died 3 times within 60 seconds; it is not restarted again"));
  g_assert_nonnull (strstr (f->err->str, "The last good state is kept in"));
  /* The first restart died with the form's state, which was set aside;
   * the next one died without it: not the cause, so it is back. */
  g_assert_nonnull (strstr (f->err->str, "it was put back"));

  after = read_state_file (f);
  g_assert_cmpstr (after, ==, before);
  quarantined = g_build_filename (f->state_dir, "form.json.quarantined", NULL);
  g_assert_false (g_file_test (quarantined, G_FILE_TEST_EXISTS));

  record = newest_record (f);
  g_assert_cmpstr (healing_death_record_get_value (record, "action"), ==, "gave-up");
  g_assert_cmpuint (count_records (f), ==, 3);
}

static void
test_quarantine_then_stable (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *flag = g_build_filename (f->state_home, "crash-at-start", NULL);
  g_autofree char *quarantined = NULL;
  g_autofree char *frame = NULL, *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;

  start_app (f,
             "CRASH_AT_START", flag,
             "HEALING_SUPERVISE_STABLE_MS", "5000",
             NULL);
  fill_form (f);
  g_assert_true (g_file_set_contents (flag, "", 0, NULL));
  send_command (f, "segv");

  /* The first restart dies at once with the restored state... */
  g_free (expect_line (f, "frame "));
  g_unlink (flag);

  /* ...so the second starts without it, and lives. */
  frame = expect_line (f, "frame ");
  assert_field (frame, "restart", "2");
  send_command (f, "report");
  report = expect_line (f, "report ");
  assert_field (report, "text", "");
  assert_field (report, "restored", "");
  assert_field (report, "notice", "1");
  g_assert_nonnull (strstr (report, "it started without saved work"));

  quarantined = g_build_filename (f->state_dir, "form.json.quarantined", NULL);
  g_assert_true (g_file_test (quarantined, G_FILE_TEST_IS_REGULAR));
  record = newest_record (f);
  g_test_message ("%s", healing_death_record_get_path (record));
  g_assert_cmpstr (healing_death_record_get_quarantined (record)[0], ==, "form.json");
}

static void
test_late_state_home (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *late = g_build_filename (f->state_home, "late", NULL);
  g_autofree char *path = g_build_filename (late, APP_ID, "healing", "form.json", NULL);
  g_autofree char *report = NULL;

  /* The supervisor must not make GLib cache the state directory before
   * the application sets its own. */
  start_app (f, "LATE_STATE_HOME", late, NULL);
  fill_form (f);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_free (f->state_dir);
  f->state_dir = g_build_filename (late, APP_ID, "healing", NULL);
  send_command (f, "segv");
  report = expect_restored (f, "1", "no-frame");
}

static void
test_clean_exit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *frame = NULL;

  start_app (f, NULL);
  frame = expect_line (f, "frame ");
  send_command (f, "exit 0");
  g_assert_true (reap (f, WAIT_MS));
  g_assert_true (WIFEXITED (f->status));
  g_assert_cmpint (WEXITSTATUS (f->status), ==, 0);
  g_assert_null (wait_line (f, "frame ", 0));
  g_assert_cmpuint (count_records (f), ==, 0);
}

static void
test_error_exit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *frame = NULL;

  start_app (f, NULL);
  frame = expect_line (f, "frame ");
  /* A non-crash status is the application's decision, passed on. */
  send_command (f, "exit 3");
  g_assert_true (reap (f, WAIT_MS));
  g_assert_true (WIFEXITED (f->status));
  g_assert_cmpint (WEXITSTATUS (f->status), ==, 3);
  g_assert_null (wait_line (f, "frame ", 0));
  g_assert_cmpuint (count_records (f), ==, 0);
}

static void
test_forward_sigterm (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *frame = NULL;
  int child;

  start_app (f, NULL);
  frame = expect_line (f, "frame ");
  child = f->child_pid;
  g_assert_cmpint (kill (f->pid, SIGTERM), ==, 0);
  g_assert_true (reap (f, WAIT_MS));
  /* The application got it and stopped; the supervisor ended the same
   * way and restarted nothing. */
  g_assert_true (WIFSIGNALED (f->status));
  g_assert_cmpint (WTERMSIG (f->status), ==, SIGTERM);
  g_assert_cmpint (kill (child, 0), ==, -1);
  g_assert_cmpuint (count_records (f), ==, 0);
}

/* ------------------------------------------------------------------------
 * systemd
 * ------------------------------------------------------------------------ */

static char *
receive_datagram (int   fd,
                  guint timeout_ms)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  char buffer[4096];
  ssize_t n;

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return NULL;
  n = recv (fd, buffer, sizeof buffer - 1, 0);
  if (n < 0)
    return NULL;
  buffer[n] = '\0';
  return g_strdup (buffer);
}

/* The next datagram that contains @needle, within @timeout_ms. */
static char *
expect_datagram (int         fd,
                 const char *needle,
                 guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      char *message = receive_datagram (fd, 200);

      if (message != NULL && strstr (message, needle) != NULL)
        return message;
      g_free (message);
    }

  return NULL;
}

static void
test_systemd (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *socket_path = g_build_filename (f->state_home, "notify", NULL);
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  g_autofree char *frame = NULL, *report = NULL, *notified = NULL;
  g_autofree char *ready = NULL, *watchdog = NULL, *second = NULL, *trigger = NULL, *stopping = NULL;
  gint64 first_keepalive;
  int fd;

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_strlcpy (address.sun_path, socket_path, sizeof address.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);

  /* sd_watchdog_enabled () wants WATCHDOG_PID to be the service's pid:
   * without it, any process with WATCHDOG_USEC qualifies. */
  start_app (f,
             "NOTIFY_SOCKET", socket_path,
             "WATCHDOG_USEC", "400000",
             NULL);
  frame = expect_line (f, "frame ");

  /* Not forked: the application is the process systemd started. */
  g_assert_cmpint (f->child_pid, ==, f->pid);

  ready = expect_datagram (fd, "READY=1", WAIT_MS);
  g_assert_nonnull (ready);
  g_assert_nonnull (strstr (ready, "STATUS=Running"));

  /* Keep-alives from the main loop at half the interval: 200 ms. */
  watchdog = expect_datagram (fd, "WATCHDOG=1", 2000);
  g_assert_nonnull (watchdog);
  first_keepalive = g_get_monotonic_time ();
  second = expect_datagram (fd, "WATCHDOG=1", 2000);
  g_assert_nonnull (second);
  g_test_message ("keep-alive interval: %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - first_keepalive) / 1000);

  send_command (f, "report");
  report = expect_line (f, "report ");
  assert_field (report, "restart", "0");

  /* What the heartbeat calls when the loop is wedged. */
  send_command (f, "notify-wedged");
  notified = expect_line (f, "notified");
  g_assert_cmpstr (notified, ==, "notified 1");
  trigger = expect_datagram (fd, "WATCHDOG=trigger", 2000);
  g_assert_nonnull (trigger);
  g_assert_nonnull (strstr (trigger, "STATUS=test: the main loop is wedged"));

  /* Tainted under systemd: save, say so, exit for systemd to restart. */
  send_command (f, "set héllo 42 1");
  g_free (expect_line (f, "set"));
  send_command (f, "hang");
  stopping = expect_datagram (fd, "STOPPING=1", WAIT_MS);
  g_assert_nonnull (stopping);
  g_assert_true (reap (f, WAIT_MS));
  g_assert_true (WIFEXITED (f->status));
  g_assert_cmpint (WEXITSTATUS (f->status), ==, HEALING_SUPERVISE_EXIT_TAINTED);

  close (fd);
}

/* ------------------------------------------------------------------------
 * The trap's stops (issue 9), restarted
 * ------------------------------------------------------------------------ */

static void
test_double_free (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;

  /* The application is built with the sanitizer too, which reports the
   * double free and exits before glibc could abort. */
  if (HEALING_TEST_UNDER_ASAN)
    {
      g_test_skip ("the sanitizer reports the double free itself");
      return;
    }

  start_app (f, NULL);
  fill_form (f);
  /* A double free of a large block inside a guarded handler: glibc
   * aborts holding its arena lock, so the trap must stop, not heal. */
  send_command (f, "double-free");

  report = expect_restored (f, "1", "unsafe-unwind");
  record = newest_record (f);
  g_assert_cmpint (healing_death_record_get_signal (record), ==, SIGABRT);
  g_assert_cmpstr (healing_death_record_get_value (record, "killed_by"), ==, "6");
  g_assert_cmpstr (healing_death_record_get_component (record), ==, "form");
  g_assert_cmpstr (healing_death_record_get_value (record, "unsafe_frame"), !=, "");
}

static void
test_deadlock_after_heal (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *report = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;

  start_app (f, "HEALING_HEARTBEAT_TIMEOUT_MS", "1000", NULL);
  fill_form (f);
  /* A healed crash arms the heartbeat; then the loop blocks for good. */
  send_command (f, "deadlock");

  report = expect_restored (f, "1", "wedged");
  g_assert_nonnull (strstr (report, "title=The application restarted to recover from a fault; your work was restored"));
  record = newest_record (f);
  g_assert_cmpstr (healing_death_record_get_value (record, "killed_by"), ==, "6");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Supervisor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("restart/segv-outside", test_segv_outside);
  ADD ("restart/sigkill", test_sigkill);
  ADD ("restart/tainted", test_tainted);
  ADD ("restart/child-record", test_child_record);
  ADD ("crash-loop/gives-up", test_crash_loop);
  ADD ("crash-loop/quarantine", test_quarantine_then_stable);
  ADD ("restart/late-state-home", test_late_state_home);
  ADD ("no-restart/clean-exit", test_clean_exit);
  ADD ("no-restart/error-exit", test_error_exit);
  ADD ("no-restart/sigterm", test_forward_sigterm);
  ADD ("systemd", test_systemd);
  ADD ("restart/double-free", test_double_free);
  ADD ("restart/deadlock-after-heal", test_deadlock_after_heal);

#undef ADD

  return g_test_run ();
}
