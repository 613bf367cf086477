/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer target: the checkpoint reader, writer and restore.
 *
 * Properties checked on every input, beyond "no crash, no leak, no hang":
 * - what the reader accepts, the writer writes, and the reader reads back
 *   (and writing that again gives the same text);
 * - restoring it into a real widget tree logs no warning and no critical
 *   (healing-fuzz.c aborts on either), whatever the values;
 * - an error message is valid UTF-8 and bounded. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "healing.h"
#include "healing-fuzz.h"

/* The same tree every time, so that an input reproduces. Its paths are in
 * the seed corpus (corpus/checkpoint/form.json). */
static GtkWidget *
build_form (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *notebook = gtk_notebook_new ();
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 1);
  GtkWidget *check = gtk_check_button_new_with_label ("check");
  GtkWidget *drop_down = gtk_drop_down_new_from_strings ((const char *[]) { "a", "b", "c", NULL });
  GtkWidget *text_view = gtk_text_view_new ();
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.1);
  GtkWidget *progress = gtk_progress_bar_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkWidget *level = gtk_level_bar_new ();
  GtkWidget *expander = gtk_expander_new ("more");
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_name (stack, "stack");
  gtk_widget_set_name (notebook, "notebook");
  gtk_widget_set_name (paned, "paned");
  gtk_widget_set_name (entry, "entry");
  gtk_widget_set_name (spin, "spin");
  gtk_widget_set_name (check, "check");
  gtk_widget_set_name (text_view, "text");
  gtk_widget_set_name (scale, "scale");
  gtk_widget_set_name (progress, "progress");
  gtk_widget_set_name (calendar, "calendar");
  gtk_widget_set_name (level, "level");
  gtk_widget_set_name (expander, "expander");
  gtk_widget_set_name (sw, "switch");

  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("one"), "one");
  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("two"), "two");
  gtk_notebook_append_page (GTK_NOTEBOOK (notebook), gtk_label_new ("p0"), NULL);
  gtk_notebook_append_page (GTK_NOTEBOOK (notebook), gtk_label_new ("p1"), NULL);
  gtk_paned_set_start_child (GTK_PANED (paned), gtk_label_new ("start"));
  gtk_paned_set_end_child (GTK_PANED (paned), gtk_label_new ("end"));

  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), notebook);
  gtk_box_append (GTK_BOX (box), paned);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), drop_down);
  gtk_box_append (GTK_BOX (box), text_view);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), progress);
  gtk_box_append (GTK_BOX (box), calendar);
  gtk_box_append (GTK_BOX (box), level);
  gtk_box_append (GTK_BOX (box), expander);
  gtk_box_append (GTK_BOX (box), sw);

  return g_object_ref_sink (box);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  HealingCheckpoint *checkpoint, *again;
  GError *error = NULL;
  char *written, *rewritten;
  gsize length, relength;
  gboolean have_gtk = healing_fuzz_init ();
  static gboolean warmed_up;

  /* Caches GTK, Pango and fontconfig fill once (a capture, a restore, a
   * measure of every widget): before the first input, so that libFuzzer's
   * leak check, which compares allocations per input, does not take them
   * for leaks. */
  if (have_gtk && !warmed_up)
    {
      GtkWidget *form = build_form ();
      HealingCheckpoint *captured = healing_checkpoint_new_capture (form);
      GtkWidget *child;

      healing_checkpoint_restore (captured, form, NULL);
      for (child = gtk_widget_get_first_child (form); child != NULL; child = gtk_widget_get_next_sibling (child))
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
      g_object_unref (captured);
      g_object_unref (form);
      warmed_up = TRUE;
    }

  checkpoint = healing_checkpoint_new_from_data ((const char *) data, size, &error);
  if (checkpoint == NULL)
    {
      g_assert (error->domain == HEALING_CHECKPOINT_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strlen (error->message) < 1024);
      g_clear_error (&error);
      return 0;
    }

  written = healing_checkpoint_to_data (checkpoint, &length);
  again = healing_checkpoint_new_from_data (written, length, &error);
  if (again == NULL)
    {
      g_printerr ("a checkpoint that was read cannot be read back: %s\n%s\n", error->message, written);
      abort ();
    }
  rewritten = healing_checkpoint_to_data (again, &relength);
  if (relength != length || memcmp (written, rewritten, length) != 0)
    {
      g_printerr ("writing a checkpoint read back gives another text:\n%s\n%s\n", written, rewritten);
      abort ();
    }

  if (have_gtk)
    {
      GtkWidget *form = build_form ();
      char **unrestored = NULL;

      healing_checkpoint_restore (again, form, &unrestored);
      g_strfreev (unrestored);
      g_object_unref (form);
    }

  g_free (rewritten);
  g_free (written);
  g_object_unref (again);
  g_object_unref (checkpoint);

  return 0;
}
