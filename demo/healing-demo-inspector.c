/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-demo-inspector.h"

/*
 * Opening the GTK Inspector on libhealing's "Healing" page.
 *
 * GTK 4.8 has no API for this: the Inspector is a toplevel of type
 * GtkInspectorWindow (private), its tabs are the children of a top-level
 * GtkStack, and libhealing adds its page to that stack under the name
 * "healing" (healing_init () registers it). What is selected in the
 * Objects tab reaches every extra page through its "object" property,
 * which is how the page is told which container to show.
 */

#define OPEN_ATTEMPTS 50

static gboolean
type_is_named (GType       type,
               const char *name)
{
  for (; type != 0; type = g_type_parent (type))
    if (g_str_equal (g_type_name (type), name))
      return TRUE;

  return FALSE;
}

/* Returns: (transfer none) (nullable): the Inspector's window */
GtkWidget *
healing_demo_inspector_find_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *found = NULL;
  guint i;

  for (i = 0; found == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWidget *window = g_list_model_get_item (toplevels, i);

      if (type_is_named (G_OBJECT_TYPE (window), "GtkInspectorWindow"))
        found = window;
      g_object_unref (window);
    }

  return found;
}

static GtkWidget *
find_stack_with_page (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_STACK (widget) &&
      gtk_stack_get_child_by_name (GTK_STACK (widget), HEALING_DEMO_INSPECTOR_PAGE_NAME) != NULL)
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_stack_with_page (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Returns: (transfer none) (nullable): the Healing page of @inspector */
GtkWidget *
healing_demo_inspector_find_page (GtkWidget *inspector)
{
  GtkWidget *stack;

  g_return_val_if_fail (GTK_IS_WIDGET (inspector), NULL);

  stack = find_stack_with_page (inspector);
  if (stack == NULL)
    return NULL;

  return gtk_stack_get_child_by_name (GTK_STACK (stack), HEALING_DEMO_INSPECTOR_PAGE_NAME);
}

/* Makes the Healing page the visible tab of @inspector and has it show
 * @object (a container, or any widget inside one). */
gboolean
healing_demo_inspector_show_page (GtkWidget *inspector,
                                  GObject   *object)
{
  GtkWidget *page;

  g_return_val_if_fail (GTK_IS_WIDGET (inspector), FALSE);

  page = healing_demo_inspector_find_page (inspector);
  if (page == NULL)
    return FALSE;

  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);
  if (object != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "object") != NULL)
    g_object_set (page, "object", object, NULL);

  return TRUE;
}

typedef struct {
  GWeakRef object;
  guint attempts;
} Opening;

static gboolean
show_page_cb (gpointer data)
{
  Opening *opening = data;
  GtkWidget *inspector = healing_demo_inspector_find_window ();
  g_autoptr (GObject) object = g_weak_ref_get (&opening->object);

  if (inspector != NULL && healing_demo_inspector_show_page (inspector, object))
    return G_SOURCE_REMOVE;

  if (++opening->attempts >= OPEN_ATTEMPTS)
    {
      g_message ("healing-demo: the Inspector has no Healing page");
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
opening_free (gpointer data)
{
  Opening *opening = data;

  g_weak_ref_clear (&opening->object);
  g_free (opening);
}

/* Opens the Inspector, as Ctrl+Shift+I does, on the Healing page, showing
 * @object. */
void
healing_demo_inspector_open (GObject *object)
{
  Opening *opening = g_new0 (Opening, 1);

  g_weak_ref_init (&opening->object, object);
  gtk_window_set_interactive_debugging (TRUE);

  if (show_page_cb (opening) == G_SOURCE_REMOVE)
    opening_free (opening);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, 100, show_page_cb, opening, opening_free);
}
