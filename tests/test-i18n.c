/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <healing.h>

#include "healing-test-faulty.h"
#include "healing-test-utils.h"

/*
 * The library's user-visible strings are translated: a real fault's built-in
 * fallback view and healing_fault_to_string () come out in German and French
 * with the catalogs built in <builddir>/po, and in English without.
 *
 * glibc ignores LANGUAGE when the locale is "C", but honours it under
 * "C.UTF-8", which every Debian system has. gettext caches translations
 * until its catalog counter changes; setlocale () to the locale already set
 * does not change it, textdomain () always does.
 */

typedef struct {
  const char *language;   /* LANGUAGE, or NULL for none */
  const char *title;      /* the fallback's title for component "Ticker" */
  const char *detail;     /* how the fault description starts */
  const char *retry;      /* the "Try again" button (from the .ui template) */
  const char *reported;   /* healing_fault_to_string () of a reported GError */
} Expectation;

static const Expectation expectations[] = {
  {
    "de",
    "„Ticker“ funktioniert nicht mehr",
    "Absturz beim Zeichnen: ungültiger Speicherzugriff (SIGSEGV)",
    "_Erneut versuchen",
    "Fehler von der Anwendung gemeldet: disk on fire",
  },
  {
    "fr",
    "«\u00a0Ticker\u00a0» a cessé de fonctionner",
    "Plantage lors du dessin\u00a0: accès mémoire invalide (SIGSEGV)",
    "_Réessayer",
    "Erreur selon l’application\u00a0: disk on fire",
  },
  {
    /* A language without a catalog falls back to the English msgids. */
    "xx",
    "“Ticker” stopped working",
    "Crash while drawing: invalid memory access (SIGSEGV)",
    "_Try Again",
    "Error reported by the application: disk on fire",
  },
};

static gboolean
set_language (const char *language)
{
  g_autofree char *podir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);

  g_setenv ("LANGUAGE", language, TRUE);
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    return FALSE;
  textdomain (textdomain (NULL));

  /* healing_init () bound the domain to the install prefix; the last
   * bindtextdomain () wins. */
  bindtextdomain (GETTEXT_PACKAGE, podir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  return TRUE;
}

/* The first descendant of @widget of @type (with @css_class, if given). */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *css_class)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (css_class == NULL || gtk_widget_has_css_class (child, css_class)))
        return child;

      found = find_descendant (child, type, css_class);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_fallback_view (gconstpointer data)
{
  const Expectation *e = data;
  GtkWidget *container, *child, *window, *view, *title, *detail, *retry;
  g_autofree char *described = NULL;
  HealingFault *fault;

  if (!set_language (e->language))
    {
      g_test_skip ("no C.UTF-8 locale");
      return;
    }

  container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (container), "Ticker");
  child = healing_test_faulty_new ();
  healing_container_set_child (HEALING_CONTAINER (container), child);
  window = healing_test_window_new (container);

  /* A real crash while drawing: a write through a NULL pointer. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (child),
                           TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (window, 2);
  healing_test_flush ();

  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (container)),
                   ==, HEALING_STATE_FALLBACK);
  fault = healing_container_get_last_fault (HEALING_CONTAINER (container));
  g_assert_nonnull (fault);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRASH);

  view = gtk_widget_get_first_child (container);
  g_assert_nonnull (view);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (view), ==, "HealingFaultView");

  title = find_descendant (view, GTK_TYPE_LABEL, "title");
  g_assert_nonnull (title);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, e->title);

  detail = find_descendant (view, GTK_TYPE_LABEL, "dim-label");
  g_assert_nonnull (detail);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (detail)), e->detail));

  retry = find_descendant (view, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (retry);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (retry)), ==, e->retry);

  described = healing_fault_to_string (fault);
  g_assert_true (g_str_has_prefix (described, e->detail));

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
}

static void
test_fault_to_string (gconstpointer data)
{
  const Expectation *e = data;
  g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                  "disk on fire");
  g_autoptr (HealingFault) fault = NULL;
  g_autofree char *described = NULL;

  if (!set_language (e->language))
    {
      g_test_skip ("no C.UTF-8 locale");
      return;
    }

  fault = healing_fault_new_for_error (error, "Ticker");
  described = healing_fault_to_string (fault);
  g_assert_cmpstr (described, ==, e->reported);
}

int
main (int   argc,
      char *argv[])
{
  gsize i;

  healing_test_init (&argc, &argv);

  for (i = 0; i < G_N_ELEMENTS (expectations); i++)
    {
      g_autofree char *path = NULL;

      path = g_strdup_printf ("/Healing/I18n/%s/fallback-view", expectations[i].language);
      g_test_add_data_func (path, &expectations[i], test_fallback_view);
      g_free (path);

      path = g_strdup_printf ("/Healing/I18n/%s/fault-to-string", expectations[i].language);
      g_test_add_data_func (path, &expectations[i], test_fault_to_string);
    }

  return g_test_run ();
}
