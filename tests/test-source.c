/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Guarded main-loop sources (healing_idle_add(), healing_timeout_add()):
 * they live as long as their callback asks and no longer than their
 * container, and a fault in one ends that source only. The same callbacks
 * faulting in every way are in test-handlers.c's matrix. */

#include "config.h"

#include <healing.h>

#include "healing-test-utils.h"

static gboolean
expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
count_destroy_cb (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
count_cb (gpointer data)
{
  guint *runs = data;

  return ++(runs[1]) < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* A guarded source runs as long as it asks to, and no longer than its
 * container lives. */
static void
test_source_lifetime (void)
{
  GtkWidget *container = g_object_ref_sink (healing_container_new ());
  /* [0]: destroy notifications, [1]: runs. */
  guint idle_runs[2] = { 0, 0 };
  guint timeout_runs[2] = { 0, 0 };
  guint id;

  healing_idle_add_full (HEALING_CONTAINER (container), G_PRIORITY_DEFAULT,
                         count_cb, idle_runs, count_destroy_cb);
  /* Until the source went, bounded (not a fixed time: under valgrind the
   * first iteration alone can take longer than any short span). */
  {
    gboolean expired = FALSE;
    guint guard_id = g_timeout_add_seconds (30, expired_cb, &expired);

    while (idle_runs[0] == 0 && !expired)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (expired);
    g_source_remove (guard_id);
  }
  g_assert_cmpuint (idle_runs[1], ==, 3);
  g_assert_cmpuint (idle_runs[0], ==, 1);

  id = healing_timeout_add_full (HEALING_CONTAINER (container), G_PRIORITY_DEFAULT, 10,
                                 count_cb, timeout_runs, count_destroy_cb);
  g_assert_cmpuint (id, !=, 0);
  g_object_run_dispose (G_OBJECT (container));
  g_assert_cmpuint (timeout_runs[0], ==, 1);
  g_assert_null (g_main_context_find_source_by_id (NULL, id));
  healing_test_run_for (30);
  g_assert_cmpuint (timeout_runs[1], ==, 0);

  g_assert_finalize_object (container);
}


static gboolean
critical_once_cb (gpointer data)
{
  guint *runs = data;

  if (++(*runs) == 2)
    g_critical ("source: deliberate critical");

  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (gpointer data)
{
  (*(guint *) data)++;

  return G_SOURCE_CONTINUE;
}

/* A faulting timeout is removed and recorded with where it ran. Another
 * source of the same container goes on: a source ends when it faults or
 * when its container is disposed, not when the container heals. */
static void
test_source_fault (void)
{
  GtkWidget *container = healing_container_new ();
  GtkWidget *window;
  HealingFault *fault;
  guint faulty_runs = 0, ticks = 0, before;

  healing_container_set_child (HEALING_CONTAINER (container), gtk_label_new ("child"));
  window = healing_test_window_new (container);

  healing_timeout_add (HEALING_CONTAINER (container), 5, critical_once_cb, &faulty_runs);
  healing_timeout_add (HEALING_CONTAINER (container), 5, tick_cb, &ticks);
  /* Until the second run faulted and was counted, bounded (not a fixed
   * span: under valgrind two 5 ms timeouts can take longer than one). */
  {
    gboolean expired = FALSE;
    guint guard_id = g_timeout_add_seconds (30, expired_cb, &expired);

    while ((faulty_runs < 2 ||
            healing_container_get_fault_count (HEALING_CONTAINER (container)) < 1) && !expired)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (expired);
    g_source_remove (guard_id);
  }
  healing_test_run_for (50);
  healing_test_flush ();

  g_assert_cmpuint (faulty_runs, ==, 2);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  fault = healing_container_get_last_fault (HEALING_CONTAINER (container));
  g_assert_nonnull (fault);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRITICAL);
  g_assert_cmpstr (healing_fault_get_origin (fault), ==, "timeout callback (5 ms)");

  before = ticks;
  healing_test_run_for (50);
  g_assert_cmpuint (faulty_runs, ==, 2);
  g_assert_cmpuint (ticks, >, before);

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  healing_test_init (&argc, &argv);

  g_test_add_func ("/Healing/Source/lifetime", test_source_lifetime);
  g_test_add_func ("/Healing/Source/fault", test_source_fault);

  return g_test_run ();
}
