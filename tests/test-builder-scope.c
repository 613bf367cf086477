/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* HealingBuilderScope: handlers named in GtkBuilder XML connect guarded,
 * through GtkBuilderCScope's lookup or a binding's handler function, and
 * GtkBuilder's own errors are kept. */

#include "config.h"

#include <healing.h>

#include "healing-test-utils.h"

/* GtkBuilderCScope's errors are kept. */
static void
test_builder_errors (void)
{
  GtkBuilderScope *scope = healing_builder_scope_new ();
  GtkBuilder *builder = gtk_builder_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (GTK_IS_BUILDER_CSCOPE (scope));
  gtk_builder_set_scope (builder, scope);
  gtk_builder_add_from_string (builder,
                               "<interface><object class='GtkButton'>"
                               "<signal name='clicked' handler='no_such_handler'/>"
                               "</object></interface>",
                               -1, &error);
  g_assert_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION);

  g_assert_finalize_object (builder);
  g_assert_finalize_object (scope);
}

/* A handler function, as a binding has one: it knows "bound_clicked" and
 * provides a closure of its own for it (a floating GCClosure here; a
 * binding's is its own kind). */
static guint bound_runs;
static guint bound_data_freed;

static void
bound_clicked_cb (GtkButton *button,
                  gpointer   data)
{
  bound_runs++;
  g_assert_cmpstr (data, ==, "bound data");
  if (bound_runs == 2)
    g_critical ("bound handler: deliberate critical");
}

static void
bound_data_free (gpointer  data,
                 GClosure *closure)
{
  bound_data_freed++;
}

static void
handler_func (HealingBuilderScope    *scope,
              GtkBuilder             *builder,
              const char             *function_name,
              GtkBuilderClosureFlags  flags,
              GObject                *object,
              gpointer                user_data)
{
  (*(guint *) user_data)++;

  if (g_strcmp0 (function_name, "bound_clicked") == 0)
    healing_builder_scope_provide_handler (scope,
                                           g_cclosure_new (G_CALLBACK (bound_clicked_cb),
                                                           (gpointer) "bound data",
                                                           bound_data_free));
}

static void
test_builder_handler_func (void)
{
  g_autoptr (GtkBuilderScope) scope = healing_builder_scope_new ();
  g_autoptr (GtkBuilder) builder = gtk_builder_new ();
  g_autoptr (GError) error = NULL;
  GtkWidget *window, *container, *button;
  GClosure *stray;
  guint asked = 0;

  bound_runs = bound_data_freed = 0;
  healing_builder_scope_set_handler_func (HEALING_BUILDER_SCOPE (scope), handler_func,
                                          &asked, NULL);
  gtk_builder_set_scope (builder, scope);
  gtk_builder_add_from_string (builder,
                               "<interface><object class='HealingContainer' id='guard'><child>"
                               "<object class='GtkButton' id='button'>"
                               "<signal name='clicked' handler='bound_clicked'/>"
                               "</object></child></object></interface>",
                               -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked, ==, 1);

  container = GTK_WIDGET (gtk_builder_get_object (builder, "guard"));
  button = GTK_WIDGET (gtk_builder_get_object (builder, "button"));
  window = healing_test_window_new (container);

  /* Runs guarded: the second run's critical faults it, and it is gone. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (bound_runs, ==, 1);
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();
  g_assert_cmpuint (bound_runs, ==, 2);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  g_assert_cmpstr (healing_fault_get_origin (healing_container_get_last_fault (HEALING_CONTAINER (container))),
                   ==, "GtkButton::clicked handler bound_clicked");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (bound_runs, ==, 2);

  /* The binding's closure is released with the handler: nothing leaks. */
  g_assert_cmpuint (bound_data_freed, ==, 1);

  /* Names the function does not know go on to the C scope. */
  gtk_builder_add_from_string (builder,
                               "<interface><object class='GtkButton'>"
                               "<signal name='clicked' handler='no_such_handler'/>"
                               "</object></interface>",
                               -1, &error);
  g_assert_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION);
  g_assert_cmpuint (asked, ==, 2);

  /* Outside the function, providing is a programming error. */
  stray = g_closure_ref (g_cclosure_new (G_CALLBACK (bound_clicked_cb), NULL, NULL));
  g_closure_sink (stray);
  g_test_expect_message ("Healing", G_LOG_LEVEL_CRITICAL, "*asking*");
  healing_builder_scope_provide_handler (HEALING_BUILDER_SCOPE (scope), stray);
  g_test_assert_expected_messages ();
  g_closure_unref (stray);

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  healing_test_init (&argc, &argv);

  g_test_add_func ("/Healing/BuilderScope/errors", test_builder_errors);
  g_test_add_func ("/Healing/BuilderScope/handler-func", test_builder_handler_func);

  return g_test_run ();
}
