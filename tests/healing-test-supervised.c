/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * A supervised application for test-supervisor and bench-restart: a form
 * (entry, spin button, check button) in a persisted container, and a
 * restart notice. It is driven through stdin, one command a line, and
 * answers on stdout; every process the supervisor starts reads the same
 * pipe, so a test talks to the application across restarts.
 *
 *   set TEXT SPIN ACTIVE   fill in the form (replies "set")
 *   checkpoint             checkpoint the form now (replies "checkpointed")
 *   report                 "report pid=… restart=… text=… spin=… active=…
 *                           notice=0|1 title=… reason=… restored=…"
 *   segv                   a real SIGSEGV outside every container
 *   record-segv            write a death record to HEALING_RECORD_FD (as
 *                          the trap does), then SIGSEGV with no handler
 *   hang                   a hang the form's trap interrupts: taints
 *   double-free            a double free in a guarded handler of the form
 *   deadlock               a fault healed in the form, then the main loop
 *                          blocks for good (the heartbeat must stop it)
 *   notify-wedged          tell systemd the loop is wedged, as the
 *                          heartbeat does (replies "notified 0|1")
 *   exit N                 exit with status N
 *
 * At its first frame it prints "frame pid=… restart=… usec=…" (real time).
 * With --plain it is the same form in plain GTK (no libhealing at all),
 * the baseline of bench-restart; it only prints its first frame.
 *
 * If the file CRASH_AT_START names exists, it crashes right after its first
 * frame, for the crash-loop case.
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>

#include "healing.h"
#include "healing-supervisor-private.h"

typedef struct {
  GtkApplication *app;
  GtkWidget *window;
  GtkWidget *notice;
  GtkWidget *container;
  GtkWidget *entry;
  GtkWidget *spin;
  GtkWidget *check;
  GtkWidget *button;
  GDataInputStream *input;
  gulong after_paint_id;
  GdkFrameClock *clock;
} App;

static App app;
static gboolean plain;

static void read_next (void);

static void
report (void)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  HealingDeathRecord *death = healing_runtime_get_last_death (runtime);
  g_autofree char *restored = g_strjoinv (",", (char **) healing_runtime_get_restored_components (runtime));
  const char *title = healing_restart_notice_get_title (HEALING_RESTART_NOTICE (app.notice));

  printf ("report pid=%d restart=%u text=%s spin=%d active=%d notice=%d reason=%s restored=%s "
          "history=%u title=%s\n",
          (int) getpid (),
          healing_runtime_get_restart_count (runtime),
          gtk_editable_get_text (GTK_EDITABLE (app.entry)),
          gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (app.spin)),
          gtk_check_button_get_active (GTK_CHECK_BUTTON (app.check)),
          gtk_widget_get_visible (app.notice),
          death != NULL ? healing_death_record_get_reason (death) : "",
          restored,
          g_list_model_get_n_items (healing_runtime_get_restart_history (runtime)),
          title != NULL ? title : "");
  fflush (stdout);
}

static void
crash_outside (void)
{
  /* A real invalid store, outside every trap frame. */
  volatile int *volatile nowhere = NULL;

  *nowhere = 1;
}

static void
write_record_and_crash (void)
{
  const char *fd_string = g_getenv ("HEALING_RECORD_FD");
  char record[1024];
  int n;

  /* Stands in for the trap's record until the trap writes its own. */
  n = g_snprintf (record, sizeof record,
                  "libhealing-record 1\n"
                  "reason=unsafe-unwind\n"
                  "pid=%d\n"
                  "time=%" G_GINT64_FORMAT "\n"
                  "signal=%d\n"
                  "signal_name=SEGV\n"
                  "code=1\n"
                  "address=0x0\n"
                  "pc=0x401000\n"
                  "component=form\n"
                  "phase=handler\n"
                  "unsafe_frame=malloc_printerr libc.so.6+0x8f1c2\n"
                  "taint=\n"
                  "future_key=ignored\n"
                  "frame=0x401000 healing-test-supervised+0x1000 write_record_and_crash\n"
                  "frame=0x401100 healing-test-supervised+0x1100 command_cb\n"
                  "\n",
                  (int) getpid (), g_get_real_time () / G_USEC_PER_SEC, SIGSEGV);
  if (fd_string != NULL && write (atoi (fd_string), record, n) != n)
    perror ("write record");

  signal (SIGSEGV, SIG_DFL);
  raise (SIGSEGV);
}

static void
double_free_cb (GtkButton *button,
                gpointer   data)
{
  char *volatile block = malloc (4096);

  free (block);
  free (block);
}

static gboolean
block_forever_cb (gpointer data)
{
  /* After a healed fault, the main loop stops turning for good. */
  for (;;)
    pause ();
  return G_SOURCE_REMOVE;
}

static void
command (const char *line)
{
  g_auto (GStrv) words = g_strsplit (line, " ", 4);

  if (words[0] == NULL)
    return;

  if (strcmp (words[0], "set") == 0 && g_strv_length (words) == 4)
    {
      gtk_editable_set_text (GTK_EDITABLE (app.entry), words[1]);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (app.spin), g_ascii_strtod (words[2], NULL));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (app.check), atoi (words[3]) != 0);
      printf ("set\n");
    }
  else if (strcmp (words[0], "checkpoint") == 0)
    {
      HealingCheckpoint *checkpoint = healing_container_checkpoint (HEALING_CONTAINER (app.container));

      printf ("%s\n", checkpoint != NULL ? "checkpointed" : "not-checkpointed");
    }
  else if (strcmp (words[0], "report") == 0)
    report ();
  else if (strcmp (words[0], "segv") == 0)
    crash_outside ();
  else if (strcmp (words[0], "record-segv") == 0)
    write_record_and_crash ();
  else if (strcmp (words[0], "hang") == 0)
    healing_container_inject_fault (HEALING_CONTAINER (app.container), HEALING_FAULT_HANG);
  else if (strcmp (words[0], "double-free") == 0)
    g_signal_emit_by_name (app.button, "clicked");
  else if (strcmp (words[0], "deadlock") == 0)
    {
      healing_container_inject_fault (HEALING_CONTAINER (app.container), HEALING_FAULT_CRASH);
      g_timeout_add (100, block_forever_cb, NULL);
    }
  else if (strcmp (words[0], "notify-wedged") == 0)
    printf ("notified %d\n", healing_supervisor_notify_wedged ("test: the main loop is wedged"));
  else if (strcmp (words[0], "exit") == 0 && words[1] != NULL)
    {
      fflush (stdout);
      exit (atoi (words[1]));
    }
  else
    printf ("unknown %s\n", words[0]);

  fflush (stdout);
}

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  if (line == NULL)
    {
      /* The test went away: so do we. */
      g_application_quit (G_APPLICATION (app.app));
      return;
    }

  command (line);
  read_next ();
}

static void
read_next (void)
{
  g_data_input_stream_read_line_async (app.input, G_PRIORITY_DEFAULT, NULL, line_cb, NULL);
}

static gboolean
crash_at_start_cb (gpointer data)
{
  crash_outside ();
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  /* Looked at before the line goes out: the test may remove the file
   * as soon as it reads the line. */
  gboolean crash = g_getenv ("CRASH_AT_START") != NULL &&
                   g_file_test (g_getenv ("CRASH_AT_START"), G_FILE_TEST_EXISTS);

  g_signal_handler_disconnect (clock, app.after_paint_id);
  app.after_paint_id = 0;

  printf ("frame pid=%d restart=%u usec=%" G_GINT64_FORMAT "\n",
          (int) getpid (), plain ? 0 : healing_runtime_get_restart_count (healing_runtime_get_default ()),
          g_get_real_time ());
  fflush (stdout);

  if (crash)
    g_timeout_add (50, crash_at_start_cb, NULL);
}

static void
window_map_cb (GtkWidget *window)
{
  app.clock = gtk_widget_get_frame_clock (window);
  app.after_paint_id = g_signal_connect (app.clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GtkApplication *application)
{
  GtkWidget *vbox, *form;

  app.window = gtk_application_window_new (application);
  gtk_window_set_default_size (GTK_WINDOW (app.window), 400, 300);

  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (!plain)
    {
      app.notice = healing_restart_notice_new ();
      gtk_box_append (GTK_BOX (vbox), app.notice);
    }

  form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  app.entry = gtk_entry_new ();
  gtk_widget_set_name (app.entry, "name");
  app.spin = gtk_spin_button_new_with_range (0, 1000, 1);
  gtk_widget_set_name (app.spin, "count");
  app.check = gtk_check_button_new_with_label ("Subscribe");
  gtk_widget_set_name (app.check, "subscribe");
  app.button = gtk_button_new_with_label ("Free twice");
  gtk_widget_set_name (app.button, "double-free");
  if (!plain)
    healing_signal_connect (app.button, "clicked", G_CALLBACK (double_free_cb), NULL);
  gtk_box_append (GTK_BOX (form), app.entry);
  gtk_box_append (GTK_BOX (form), app.spin);
  gtk_box_append (GTK_BOX (form), app.check);
  gtk_box_append (GTK_BOX (form), app.button);

  if (plain)
    {
      gtk_widget_set_vexpand (form, TRUE);
      gtk_box_append (GTK_BOX (vbox), form);
      gtk_window_set_child (GTK_WINDOW (app.window), vbox);
      g_signal_connect (app.window, "map", G_CALLBACK (window_map_cb), NULL);
      gtk_window_present (GTK_WINDOW (app.window));
      return;
    }

  app.container = healing_container_new ();
  healing_container_set_hang_timeout (HEALING_CONTAINER (app.container), 300);
  healing_container_set_child (HEALING_CONTAINER (app.container), form);
  healing_container_set_component_id (HEALING_CONTAINER (app.container), "form");
  healing_container_set_persist (HEALING_CONTAINER (app.container), TRUE);
  gtk_widget_set_vexpand (app.container, TRUE);
  gtk_box_append (GTK_BOX (vbox), app.container);

  gtk_window_set_child (GTK_WINDOW (app.window), vbox);
  g_signal_connect (app.window, "map", G_CALLBACK (window_map_cb), NULL);
  gtk_window_present (GTK_WINDOW (app.window));

  {
    g_autoptr (GInputStream) stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);

    app.input = g_data_input_stream_new (stdin_stream);
  }
  read_next ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plain = argc > 1 && strcmp (argv[1], "--plain") == 0;
  if (!plain)
    {
      healing_supervise (&argc, &argv, HEALING_SUPERVISE_NONE);
      /* An application may choose its state directory after opting in. */
      if (g_getenv ("LATE_STATE_HOME") != NULL)
        g_setenv ("XDG_STATE_HOME", g_getenv ("LATE_STATE_HOME"), TRUE);
      healing_init ();
    }

  app.app = gtk_application_new ("org.libhealing.TestSupervised", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app.app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app.app), 1, argv);

  g_clear_object (&app.input);
  g_object_unref (app.app);
  return status;
}
