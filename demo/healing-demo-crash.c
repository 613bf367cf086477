/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Faults libhealing does not heal in the process, for the supervisor to
 * recover from: a crash outside every container, and a double free inside
 * the patient form (glibc aborts holding its allocator lock: unwinding is
 * refused and the process is stopped with a record). Run supervised
 * (healing_supervise () in main ()), the demo comes back with the form as
 * it was and says so at the top of the window.
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>
#include <healing.h>

#include "healing-demo-crash.h"

static void
crash_application_cb (GtkButton *button,
                      gpointer   data)
{
  volatile int *volatile nowhere = NULL;

  /* Connected with plain g_signal_connect (): outside every container. */
  *nowhere = 1;
}

static void
double_free_cb (GtkEventController *controller,
                gpointer            data)
{
  /* A block too large for glibc's tcache: free () aborts from
   * malloc_printerr () with the arena lock held. */
  char *volatile block = malloc (64 * 1024);

  free (block);
  free (block);
}

static void
double_free_clicked_cb (GtkButton          *button,
                        GtkEventController *inside)
{
  /* The guarded handler belongs to a controller inside the form's
   * container, so the fault is the form's. */
  g_signal_emit_by_name (inside, "enter");
}

GtkWidget *
healing_demo_crash_controls_new (GtkWidget *inside_form)
{
  GtkWidget *box, *button;
  GtkEventController *inside;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Translators: a button that crashes the demo outside every container */
  button = gtk_button_new_with_mnemonic (_("_Crash the application"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_tooltip_text (button, _("A crash outside every container: the supervisor restarts the demo, "
                                         "with the patient form as it was"));
  g_signal_connect (button, "clicked", G_CALLBACK (crash_application_cb), NULL);
  gtk_box_append (GTK_BOX (box), button);

  inside = gtk_event_controller_focus_new ();
  gtk_widget_add_controller (inside_form, inside);
  healing_signal_connect (inside, "enter", G_CALLBACK (double_free_cb), NULL);

  /* Translators: a button that corrupts the allocator inside the form */
  button = gtk_button_new_with_mnemonic (_("_Double free in the form"));
  gtk_widget_set_tooltip_text (button, _("A double free inside the patient form: not safe to heal, so the "
                                         "demo is stopped and restarted with the form as it was"));
  g_signal_connect (button, "clicked", G_CALLBACK (double_free_clicked_cb), inside);
  gtk_box_append (GTK_BOX (box), button);

  return box;
}
