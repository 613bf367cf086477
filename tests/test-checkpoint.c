/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <healing.h>

#include "healing-action-private.h"
#include "healing-checkpoint-private.h"
#include "healing-checkpoint-ring-private.h"
#include "healing-container-private.h"
#include "healing-fault-private.h"
#include "healing-test-faulty.h"
#include "healing-test-poisoned.h"
#include "healing-test-utils.h"

static char *state_dir;

/* ------------------------------------------------------------------------
 * A list model whose items are application state: checkpointed through
 * HealingCheckpointable, shown in a GtkListBox.
 * ------------------------------------------------------------------------ */

#define TEST_TYPE_TODO_LIST (test_todo_list_get_type ())
G_DECLARE_FINAL_TYPE (TestTodoList, test_todo_list, TEST, TODO_LIST, GObject)

struct _TestTodoList
{
  GObject parent_instance;
  GPtrArray *items;   /* GtkStringObject */
};

static GType
test_todo_list_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
test_todo_list_get_n_items (GListModel *model)
{
  return TEST_TODO_LIST (model)->items->len;
}

static gpointer
test_todo_list_get_item (GListModel *model,
                         guint       position)
{
  TestTodoList *self = TEST_TODO_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
test_todo_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = test_todo_list_get_item_type;
  iface->get_n_items = test_todo_list_get_n_items;
  iface->get_item = test_todo_list_get_item;
}

static JsonNode *
test_todo_list_save_state (HealingCheckpointable *checkpointable)
{
  TestTodoList *self = TEST_TODO_LIST (checkpointable);
  JsonArray *array = json_array_new ();
  JsonNode *node;
  guint i;

  for (i = 0; i < self->items->len; i++)
    json_array_add_string_element (array, gtk_string_object_get_string (g_ptr_array_index (self->items, i)));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

static gboolean
test_todo_list_restore_state (HealingCheckpointable  *checkpointable,
                              JsonNode               *state,
                              GError                **error)
{
  TestTodoList *self = TEST_TODO_LIST (checkpointable);
  JsonArray *array;
  guint i, removed;

  if (!JSON_NODE_HOLDS_ARRAY (state))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "expected an array");
      return FALSE;
    }

  array = json_node_get_array (state);
  removed = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  for (i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (self->items, gtk_string_object_new (json_array_get_string_element (array, i)));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);

  return TRUE;
}

static void
test_todo_list_checkpointable_init (HealingCheckpointableInterface *iface)
{
  iface->save_state = test_todo_list_save_state;
  iface->restore_state = test_todo_list_restore_state;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTodoList, test_todo_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, test_todo_list_model_init)
                               G_IMPLEMENT_INTERFACE (HEALING_TYPE_CHECKPOINTABLE,
                                                      test_todo_list_checkpointable_init))

static void
test_todo_list_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_TODO_LIST (object)->items);
  G_OBJECT_CLASS (test_todo_list_parent_class)->finalize (object);
}

static void
test_todo_list_class_init (TestTodoListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_todo_list_finalize;
}

static void
test_todo_list_init (TestTodoList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
test_todo_list_append (TestTodoList *self,
                       const char   *text)
{
  g_ptr_array_add (self->items, gtk_string_object_new (text));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

/* ------------------------------------------------------------------------
 * A widget with properties that have no JSON form.
 * ------------------------------------------------------------------------ */

#define TEST_TYPE_ODD (test_odd_get_type ())
G_DECLARE_FINAL_TYPE (TestOdd, test_odd, TEST, ODD, GtkWidget)

struct _TestOdd
{
  GtkWidget parent_instance;
  gpointer pointer;
  GdkRectangle rect;
  char *title;
};

G_DEFINE_FINAL_TYPE (TestOdd, test_odd, GTK_TYPE_WIDGET)

enum { ODD_PROP_0, ODD_PROP_POINTER, ODD_PROP_RECT, ODD_PROP_TITLE };

static void
test_odd_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TestOdd *self = TEST_ODD (object);

  switch (prop_id)
    {
    case ODD_PROP_POINTER: g_value_set_pointer (value, self->pointer); break;
    case ODD_PROP_RECT: g_value_set_boxed (value, &self->rect); break;
    case ODD_PROP_TITLE: g_value_set_string (value, self->title); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_odd_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TestOdd *self = TEST_ODD (object);

  switch (prop_id)
    {
    case ODD_PROP_POINTER: self->pointer = g_value_get_pointer (value); break;
    case ODD_PROP_RECT:
      if (g_value_get_boxed (value) != NULL)
        self->rect = *(GdkRectangle *) g_value_get_boxed (value);
      break;
    case ODD_PROP_TITLE: g_free (self->title); self->title = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_odd_finalize (GObject *object)
{
  g_free (TEST_ODD (object)->title);
  G_OBJECT_CLASS (test_odd_parent_class)->finalize (object);
}

static void
test_odd_class_init (TestOddClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_odd_get_property;
  object_class->set_property = test_odd_set_property;
  object_class->finalize = test_odd_finalize;

  g_object_class_install_property (object_class, ODD_PROP_POINTER,
                                   g_param_spec_pointer ("pointer", NULL, NULL, G_PARAM_READWRITE));
  g_object_class_install_property (object_class, ODD_PROP_RECT,
                                   g_param_spec_boxed ("rect", NULL, NULL, GDK_TYPE_RECTANGLE,
                                                       G_PARAM_READWRITE));
  g_object_class_install_property (object_class, ODD_PROP_TITLE,
                                   g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE));
}

static void
test_odd_init (TestOdd *self)
{
}

/* ------------------------------------------------------------------------
 * A form
 * ------------------------------------------------------------------------ */

static const char form_ui[] =
  "<interface>"
  "  <object class='GtkBox' id='form'>"
  "    <property name='orientation'>vertical</property>"
  "    <child><object class='GtkEntry' id='name'/></child>"
  "    <child><object class='GtkEntry' id='city'/></child>"
  "    <child><object class='GtkCheckButton' id='agree'><property name='label'>Agree</property></object></child>"
  "    <child><object class='GtkSpinButton' id='age'>"
  "      <property name='adjustment'><object class='GtkAdjustment'>"
  "        <property name='upper'>150</property><property name='step-increment'>1</property>"
  "      </object></property></object></child>"
  "    <child><object class='GtkScale' id='volume'>"
  "      <property name='adjustment'><object class='GtkAdjustment'>"
  "        <property name='upper'>100</property></object></property></object></child>"
  "    <child><object class='GtkTextView' id='notes'/></child>"
  "    <child><object class='GtkDropDown' id='colour'>"
  "      <property name='model'><object class='GtkStringList'>"
  "        <items><item>Red</item><item>Green</item><item>Blue</item></items>"
  "      </object></property></object></child>"
  "    <child><object class='GtkSwitch' id='wifi'/></child>"
  "    <child><object class='GtkListBox' id='todo'/></child>"
  "    <child><object class='GtkButton' id='save'><property name='label'>Save</property></object></child>"
  "    <child><object class='GtkBox'><child><object class='GtkLabel'><property name='label'>Anonymous</property></object></child></object></child>"
  "  </object>"
  "</interface>";

typedef struct {
  GtkBuilder *builder;
  GtkWidget *form;
  TestTodoList *todo;
} Form;

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  return gtk_label_new (gtk_string_object_get_string (item));
}

static GtkWidget *
form_get (Form       *form,
          const char *id)
{
  GObject *object = gtk_builder_get_object (form->builder, id);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
form_init (Form *form)
{
  GError *error = NULL;

  form->builder = gtk_builder_new ();
  gtk_builder_add_from_string (form->builder, form_ui, -1, &error);
  g_assert_no_error (error);
  form->form = g_object_ref_sink (form_get (form, "form"));

  form->todo = g_object_new (TEST_TYPE_TODO_LIST, NULL);
  gtk_list_box_bind_model (GTK_LIST_BOX (form_get (form, "todo")), G_LIST_MODEL (form->todo),
                           create_row, NULL, NULL);
  healing_checkpointable_attach_to_widget (HEALING_CHECKPOINTABLE (form->todo),
                                           form_get (form, "todo"));
}

static void
form_clear (Form *form)
{
  g_clear_object (&form->todo);
  g_clear_object (&form->form);
  g_clear_object (&form->builder);
}

static char *
form_text_view_text (Form *form)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (form_get (form, "notes")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
form_edit (Form *form)
{
  gtk_editable_set_text (GTK_EDITABLE (form_get (form, "name")), "Ada Lovelace");
  gtk_editable_set_text (GTK_EDITABLE (form_get (form, "city")), "London");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_get (form, "agree")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (form_get (form, "age")), 36);
  gtk_range_set_value (GTK_RANGE (form_get (form, "volume")), 42.5);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (form_get (form, "notes"))),
                            "Notes on the\nAnalytical Engine", -1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form_get (form, "colour")), 2);
  gtk_switch_set_active (GTK_SWITCH (form_get (form, "wifi")), TRUE);
  test_todo_list_append (form->todo, "Write the notes");
  test_todo_list_append (form->todo, "Translate Menabrea");
  gtk_widget_add_css_class (form_get (form, "city"), "error");
}

static void
form_assert_edited (Form *form)
{
  char *notes = form_text_view_text (form);
  GtkWidget *todo = form_get (form, "todo");
  GtkWidget *row;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (form, "name"))), ==, "Ada Lovelace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (form, "city"))), ==, "London");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (form_get (form, "agree"))));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (form_get (form, "age"))), ==, 36);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (form_get (form, "volume"))), ==, 42.5);
  g_assert_cmpstr (notes, ==, "Notes on the\nAnalytical Engine");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (form_get (form, "colour"))), ==, 2);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (form_get (form, "wifi"))));
  g_assert_true (gtk_widget_has_css_class (form_get (form, "city"), "error"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (form->todo)), ==, 2);
  row = gtk_widget_get_first_child (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (todo), 1)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (row)), ==, "Translate Menabrea");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (todo), 2));

  g_free (notes);
}

static void
assert_strv_empty (char **strv)
{
  if (strv != NULL && strv[0] != NULL)
    {
      char *joined = g_strjoinv ("\n", strv);

      g_test_message ("unrestored:\n%s", joined);
      g_free (joined);
    }
  g_assert_true (strv == NULL || strv[0] == NULL);
}

/* ------------------------------------------------------------------------
 * Round trips
 * ------------------------------------------------------------------------ */

static void
test_round_trip (void)
{
  Form a = { 0 }, b = { 0 };
  HealingCheckpoint *checkpoint, *loaded;
  GError *error = NULL;
  char **unrestored = NULL;
  char *data;

  form_init (&a);
  form_edit (&a);

  checkpoint = healing_checkpoint_new_capture (a.form);
  g_assert_true (healing_checkpoint_has_path (checkpoint, "."));
  g_assert_true (healing_checkpoint_has_path (checkpoint, "#name"));
  g_assert_true (healing_checkpoint_has_path (checkpoint, "#volume:adjustment"));
  g_assert_true (healing_checkpoint_has_path (checkpoint, "#notes:buffer"));
  /* Internals of composite widgets are not captured. */
  g_assert_false (healing_checkpoint_has_path (checkpoint, "#name/GtkText"));
  /* Anonymous widgets get type-and-index paths. */
  g_assert_true (healing_checkpoint_has_path (checkpoint, "GtkBox/GtkLabel"));

  data = healing_checkpoint_to_data (checkpoint, NULL);
  g_test_message ("%s", data);
  loaded = healing_checkpoint_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (healing_checkpoint_get_n_objects (loaded), ==,
                    healing_checkpoint_get_n_objects (checkpoint));

  /* Into a new instance of the same form. */
  form_init (&b);
  g_assert_true (healing_checkpoint_restore (loaded, b.form, &unrestored));
  assert_strv_empty (unrestored);
  g_clear_pointer (&unrestored, g_strfreev);
  form_assert_edited (&b);

  /* In place, after changes. */
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "Charles Babbage");
  gtk_range_set_value (GTK_RANGE (form_get (&a, "volume")), 3);
  gtk_switch_set_active (GTK_SWITCH (form_get (&a, "wifi")), FALSE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form_get (&a, "colour")), 0);
  test_todo_list_append (a.todo, "Extra");
  gtk_widget_remove_css_class (form_get (&a, "city"), "error");
  g_assert_true (healing_checkpoint_restore (checkpoint, a.form, &unrestored));
  assert_strv_empty (unrestored);
  g_clear_pointer (&unrestored, g_strfreev);
  form_assert_edited (&a);

  g_free (data);
  g_object_unref (loaded);
  g_assert_finalize_object (checkpoint);
  form_clear (&a);
  form_clear (&b);
}

static void
test_round_trip_shown (void)
{
  Form a = { 0 };
  GtkWidget *window;
  HealingCheckpoint *checkpoint;
  char **unrestored = NULL;

  /* Realized, mapped widgets behave differently (focus, text layouts). */
  form_init (&a);
  window = healing_test_window_new (a.form);
  form_edit (&a);
  checkpoint = healing_checkpoint_new_capture (a.form);

  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_get (&a, "agree")), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (form_get (&a, "age")), 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (form_get (&a, "notes"))), "", -1);
  healing_test_wait_frames (window, 1);

  g_assert_true (healing_checkpoint_restore (checkpoint, a.form, &unrestored));
  assert_strv_empty (unrestored);
  g_strfreev (unrestored);
  healing_test_wait_frames (window, 1);
  form_assert_edited (&a);

  g_object_unref (checkpoint);
  gtk_window_destroy (GTK_WINDOW (window));
  form_clear (&a);
}

static void
test_unserialisable (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *odd = g_object_new (TEST_TYPE_ODD, "title", "odd one", NULL);
  GtkWidget *fresh = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *odd2 = g_object_new (TEST_TYPE_ODD, NULL);
  HealingCheckpoint *checkpoint;
  const char * const *skipped;
  JsonNode *title;
  char **unrestored = NULL;

  gtk_box_append (GTK_BOX (box), odd);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("a label"));

  checkpoint = healing_checkpoint_new_capture (box);
  skipped = healing_checkpoint_get_skipped (checkpoint);
  g_assert_nonnull (skipped);
  g_assert_true (g_strv_contains (skipped, "TestOdd:pointer (gpointer)"));
  g_assert_true (g_strv_contains (skipped, "TestOdd:rect (GdkRectangle)"));
  /* Excluded by the rules: not listed. */
  g_assert_false (g_strv_contains (skipped, "GtkLabel:tabs (PangoTabArray)"));

  title = healing_checkpoint_dup_value (checkpoint, "TestOdd", "title");
  g_assert_nonnull (title);
  g_assert_cmpstr (json_node_get_string (title), ==, "odd one");
  json_node_unref (title);
  g_assert_null (healing_checkpoint_dup_value (checkpoint, "TestOdd", "pointer"));

  /* Restore: the odd widget gets its title; the missing label is reported. */
  gtk_box_append (GTK_BOX (fresh), odd2);
  g_assert_false (healing_checkpoint_restore (checkpoint, fresh, &unrestored));
  g_assert_cmpstr (TEST_ODD (odd2)->title, ==, "odd one");
  g_assert_nonnull (unrestored);
  g_assert_cmpstr (unrestored[0], ==, "GtkLabel: no longer exists");
  g_assert_null (unrestored[1]);
  g_strfreev (unrestored);

  g_object_unref (checkpoint);
  g_object_unref (box);
  g_object_unref (fresh);
}

static void
test_type_changed (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *other = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *check = gtk_check_button_new ();
  HealingCheckpoint *checkpoint;
  char **unrestored = NULL;

  gtk_widget_set_name (entry, "field");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_widget_set_name (check, "field");
  gtk_box_append (GTK_BOX (other), check);

  checkpoint = healing_checkpoint_new_capture (box);
  g_assert_true (healing_checkpoint_has_path (checkpoint, "@field"));
  g_assert_false (healing_checkpoint_restore (checkpoint, other, &unrestored));
  g_assert_true (g_strv_contains ((const char * const *) unrestored,
                                  "@field: was a GtkEntry, is now a GtkCheckButton"));
  g_assert_true (g_strv_contains ((const char * const *) unrestored,
                                  "@field:buffer: no longer exists"));
  g_strfreev (unrestored);

  g_object_unref (checkpoint);
  g_object_unref (box);
  g_object_unref (other);
}

static void
test_rules (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  HealingCheckpoint *checkpoint;
  JsonNode *node;

  gtk_widget_set_margin_top (box, 7);

  checkpoint = healing_checkpoint_new_capture (box);
  g_assert_null (healing_checkpoint_dup_value (checkpoint, ".", "margin-top"));
  g_assert_null (healing_checkpoint_dup_value (checkpoint, ".", "has-focus"));
  g_assert_nonnull ((node = healing_checkpoint_dup_value (checkpoint, ".", "visible")));
  json_node_unref (node);
  /* Layout is configuration, not state. */
  g_assert_null (healing_checkpoint_dup_value (checkpoint, ".", "orientation"));
  g_object_unref (checkpoint);

  healing_checkpoint_set_property_rule (GTK_TYPE_WIDGET, "margin-top", TRUE);
  healing_checkpoint_set_property_rule (GTK_TYPE_ORIENTABLE, "orientation", TRUE);
  healing_checkpoint_set_property_rule (GTK_TYPE_WIDGET, "visible", FALSE);
  checkpoint = healing_checkpoint_new_capture (box);
  g_assert_nonnull ((node = healing_checkpoint_dup_value (checkpoint, ".", "margin-top")));
  g_assert_cmpint (json_node_get_int (node), ==, 7);
  json_node_unref (node);
  g_assert_nonnull ((node = healing_checkpoint_dup_value (checkpoint, ".", "orientation")));
  g_assert_cmpstr (json_node_get_string (node), ==, "vertical");
  json_node_unref (node);
  g_assert_null (healing_checkpoint_dup_value (checkpoint, ".", "visible"));
  g_object_unref (checkpoint);

  healing_checkpoint_set_type_rule (GTK_TYPE_BOX, HEALING_CHECKPOINT_TYPE_SKIP);
  checkpoint = healing_checkpoint_new_capture (box);
  g_assert_cmpuint (healing_checkpoint_get_n_objects (checkpoint), ==, 0);
  g_object_unref (checkpoint);

  /* Back to the defaults, for the other tests. */
  healing_checkpoint_set_type_rule (GTK_TYPE_BOX, HEALING_CHECKPOINT_TYPE_CAPTURE);
  healing_checkpoint_set_property_rule (GTK_TYPE_WIDGET, "margin-top", FALSE);
  healing_checkpoint_set_property_rule (GTK_TYPE_ORIENTABLE, "orientation", FALSE);
  healing_checkpoint_set_property_rule (GTK_TYPE_WIDGET, "visible", TRUE);
  g_object_unref (box);
}

/* A box with an entry and a nested container around another entry. */
static void
check_nested_container (gboolean captured)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *outer = gtk_entry_new ();
  GtkWidget *container = healing_container_new ();
  GtkWidget *inner = gtk_entry_new ();
  HealingCheckpoint *checkpoint;

  gtk_widget_set_name (outer, "outer");
  gtk_widget_set_name (container, "nested");
  gtk_widget_set_name (inner, "inner");
  healing_container_set_child (HEALING_CONTAINER (container), inner);
  gtk_box_append (GTK_BOX (box), outer);
  gtk_box_append (GTK_BOX (box), container);

  checkpoint = healing_checkpoint_new_capture (box);
  g_assert_true (healing_checkpoint_has_path (checkpoint, "@outer"));
  g_assert_cmpint (healing_checkpoint_has_path (checkpoint, "@nested"), ==, captured);
  g_assert_cmpint (healing_checkpoint_has_path (checkpoint, "@nested/@inner"), ==, captured);
  g_assert_finalize_object (checkpoint);
  g_assert_finalize_object (box);
}

/* A nested container checkpoints its own child: by default the container
 * around it skips it (a rule the container registers for itself when its
 * class is initialised), but the application's rule wins, even one set
 * before any container existed. */
static void
test_nested_container (void)
{
  if (g_test_subprocess ())
    {
      g_assert_null (g_type_class_peek (HEALING_TYPE_CONTAINER));
      healing_checkpoint_set_type_rule (HEALING_TYPE_CONTAINER, HEALING_CHECKPOINT_TYPE_CAPTURE);
      check_nested_container (TRUE);
      return;
    }

  check_nested_container (FALSE);

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_json_errors (void)
{
  HealingCheckpoint *checkpoint;
  GError *error = NULL;

  checkpoint = healing_checkpoint_new_from_data ("{ \"format\": \"libhealing-checkpoint\",\n  \"version\": 1,\n  oops }", -1, &error);
  g_assert_null (checkpoint);
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_regex_match_simple ("<data>:[0-9]+:[0-9]+: ", error->message, 0, 0));
  g_clear_error (&error);

  checkpoint = healing_checkpoint_new_from_data ("{ \"format\": \"libhealing-checkpoint\", \"version\": 1,"
                                                 "  \"objects\": [ { \"path\": \".\", \"type\": \"GtkBox\" }, 42 ] }",
                                                 -1, &error);
  g_assert_null (checkpoint);
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "$.objects[1]"));
  g_clear_error (&error);

  checkpoint = healing_checkpoint_new_from_data ("{ \"format\": \"libhealing-checkpoint\", \"version\": 99,"
                                                 "  \"objects\": [] }", -1, &error);
  g_assert_null (checkpoint);
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_UNSUPPORTED_VERSION);
  g_clear_error (&error);

  checkpoint = healing_checkpoint_new_from_data ("[]", -1, &error);
  g_assert_null (checkpoint);
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID);
  g_clear_error (&error);

  /* Values that no longer fit are reported at restore, not fatal. */
  checkpoint = healing_checkpoint_new_from_data ("{ \"format\": \"libhealing-checkpoint\", \"version\": 1,"
                                                 "  \"objects\": [ { \"path\": \".\", \"type\": \"GtkBox\","
                                                 "    \"properties\": { \"visible\": \"yes\", \"css-classes\": 3,"
                                                 "                      \"no-such-thing\": 1, \"sensitive\": false,"
                                                 "                      \"spacing\": 12 } } ] }",
                                                 -1, &error);
  g_assert_no_error (error);
  {
    GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
    char **unrestored = NULL;

    g_assert_false (healing_checkpoint_restore (checkpoint, box, &unrestored));
    g_assert_cmpuint (g_strv_length (unrestored), ==, 3);
    g_assert_false (gtk_widget_get_sensitive (box));
    g_assert_true (gtk_widget_get_visible (box));
    /* Excluded by the rules: left alone, silently. */
    g_assert_cmpint (gtk_box_get_spacing (GTK_BOX (box)), ==, 0);
    g_strfreev (unrestored);
    g_object_unref (box);
  }
  g_object_unref (checkpoint);
}

/* ------------------------------------------------------------------------
 * The ring
 * ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------
 * A widget whose state is its own (a counter), checkpointed through the
 * interface, and an object that implements it without overriding anything
 * ------------------------------------------------------------------------ */

#define TEST_TYPE_COUNTER (test_counter_get_type ())
G_DECLARE_FINAL_TYPE (TestCounter, test_counter, TEST, COUNTER, GtkWidget)

struct _TestCounter
{
  GtkWidget parent_instance;
  gint64 count;
};

static JsonNode *
test_counter_save_state (HealingCheckpointable *checkpointable)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, TEST_COUNTER (checkpointable)->count);
  return node;
}

static gboolean
test_counter_restore_state (HealingCheckpointable  *checkpointable,
                            JsonNode               *state,
                            GError                **error)
{
  TEST_COUNTER (checkpointable)->count = json_node_get_int (state);
  return TRUE;
}

static void
test_counter_checkpointable_init (HealingCheckpointableInterface *iface)
{
  iface->save_state = test_counter_save_state;
  iface->restore_state = test_counter_restore_state;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCounter, test_counter, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HEALING_TYPE_CHECKPOINTABLE,
                                                      test_counter_checkpointable_init))

static void
test_counter_class_init (TestCounterClass *klass)
{
}

static void
test_counter_init (TestCounter *self)
{
}

static void
test_counter_increment (TestCounter *self)
{
  self->count++;
  /* Tell the checkpoints: nothing else can see this state change. */
  healing_checkpointable_state_changed (HEALING_CHECKPOINTABLE (self));
}

#define TEST_TYPE_STATELESS (test_stateless_get_type ())
G_DECLARE_FINAL_TYPE (TestStateless, test_stateless, TEST, STATELESS, GObject)

struct _TestStateless
{
  GObject parent_instance;
};

static void
test_stateless_checkpointable_init (HealingCheckpointableInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestStateless, test_stateless, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEALING_TYPE_CHECKPOINTABLE,
                                                      test_stateless_checkpointable_init))

static void
test_stateless_class_init (TestStatelessClass *klass)
{
}

static void
test_stateless_init (TestStateless *self)
{
}

static void
count_state_changes_cb (gpointer  instance,
                        guint    *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A widget that implements the interface itself is found without
 * attach_to_widget (); its state_changed () marks the ring dirty, the next
 * checkpoint has the new state, a restore puts the old one back. */
static void
test_checkpointable_widget (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  TestCounter *counter = g_object_new (TEST_TYPE_COUNTER, NULL);
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  HealingCheckpoint *first, *second;
  guint changes = 0;
  JsonNode *node;

  gtk_widget_set_name (GTK_WIDGET (counter), "counter");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (counter));
  g_assert_true (healing_checkpointable_get_for_widget (GTK_WIDGET (counter)) ==
                 HEALING_CHECKPOINTABLE (counter));
  g_signal_connect (counter, "state-changed", G_CALLBACK (count_state_changes_cb), &changes);

  healing_checkpoint_ring_set_root (ring, box);
  counter->count = 41;
  first = healing_checkpoint_ring_checkpoint (ring);
  g_assert_false (healing_checkpoint_ring_get_dirty (ring));

  test_counter_increment (counter);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (healing_checkpoint_ring_get_dirty (ring));
  second = healing_checkpoint_ring_checkpoint (ring);
  g_assert_true (second != first);
  node = healing_checkpoint_dup_value (second, "@counter", NULL);
  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_int (node), ==, 42);
  json_node_unref (node);

  test_counter_increment (counter);
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, NULL));
  g_assert_cmpint (counter->count, ==, 42);

  g_object_unref (ring);
  g_object_unref (box);
}

/* An implementation that overrides nothing saves null and restores
 * anything. */
static void
test_checkpointable_defaults (void)
{
  TestStateless *stateless = g_object_new (TEST_TYPE_STATELESS, NULL);
  JsonNode *state = healing_checkpointable_save_state (HEALING_CHECKPOINTABLE (stateless));
  GError *error = NULL;

  g_assert_true (JSON_NODE_HOLDS_NULL (state));
  g_assert_true (healing_checkpointable_restore_state (HEALING_CHECKPOINTABLE (stateless), state, &error));
  g_assert_no_error (error);
  json_node_unref (state);
  g_assert_finalize_object (stateless);
}

/* The ring's settings through GObject, as a .ui file or a binding sets
 * them: the getter agrees, a change notifies once, the same value not at
 * all, a capacity of 0 is refused. It is a list model of checkpoints, and
 * without a root there is nothing to restore into. */
static void
test_ring_properties (void)
{
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  GtkWidget *root = g_object_ref_sink (gtk_entry_new ());
  GtkWidget *got_root = NULL;
  g_autofree char *path = g_build_filename (state_dir, "props", "entry.json", NULL);
  g_autofree char *got_path = NULL;
  guint capacity = 0, loop_guard = 0, notified = 0;
  gboolean dirty = FALSE;
  GError *error = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (ring)) == HEALING_TYPE_CHECKPOINT);
  g_assert_null (healing_checkpoint_ring_restore (ring, &error));
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_NO_ROOT);
  g_clear_error (&error);

  g_signal_connect (ring, "notify", G_CALLBACK (count_notify_cb), &notified);
  g_object_set (ring, "capacity", 3, "loop-guard", 0, "persist-path", path, "root", root, NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_object_set (ring, "capacity", 3, "loop-guard", 0, "persist-path", path, "root", root, NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_object_get (ring, "capacity", &capacity, "loop-guard", &loop_guard, "persist-path", &got_path,
                "root", &got_root, "dirty", &dirty, NULL);
  g_assert_cmpuint (capacity, ==, 3);
  g_assert_cmpuint (loop_guard, ==, 0);
  g_assert_cmpstr (got_path, ==, path);
  g_assert_true (got_root == root);
  g_assert_true (dirty);
  g_assert_cmpuint (healing_checkpoint_ring_get_capacity (ring), ==, 3);
  g_assert_cmpuint (healing_checkpoint_ring_get_loop_guard (ring), ==, 0);
  g_assert_cmpstr (healing_checkpoint_ring_get_persist_path (ring), ==, path);
  g_assert_true (healing_checkpoint_ring_get_root (ring) == root);
  g_clear_object (&got_root);

  g_test_expect_message ("Healing", G_LOG_LEVEL_CRITICAL, "*capacity >= 1*");
  healing_checkpoint_ring_set_capacity (ring, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (healing_checkpoint_ring_get_capacity (ring), ==, 3);

  /* The ring lets go of a root that goes away, and of one replaced. */
  g_object_set (ring, "root", NULL, "persist-path", NULL, NULL);
  g_assert_null (healing_checkpoint_ring_get_root (ring));
  g_assert_null (healing_checkpoint_ring_get_persist_path (ring));

  g_assert_finalize_object (ring);
  g_assert_finalize_object (root);
}

static void
test_ring_unchanged (void)
{
  Form a = { 0 };
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  HealingCheckpoint *first, *second;
  JsonNode *node;

  form_init (&a);
  healing_checkpoint_ring_set_root (ring, a.form);
  g_assert_true (healing_checkpoint_ring_get_dirty (ring));

  first = healing_checkpoint_ring_checkpoint (ring);
  g_assert_nonnull (first);
  g_assert_false (healing_checkpoint_ring_get_dirty (ring));
  g_assert_true (healing_checkpoint_ring_checkpoint (ring) == first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 1);

  /* Focus and other transient state is not captured: still clean. */
  gtk_widget_set_margin_start (form_get (&a, "name"), 3);
  g_assert_false (healing_checkpoint_ring_get_dirty (ring));

  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "changed");
  g_assert_true (healing_checkpoint_ring_get_dirty (ring));
  second = healing_checkpoint_ring_checkpoint (ring);
  g_assert_true (second != first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 2);
  node = healing_checkpoint_dup_value (second, "#name:buffer", "text");
  g_assert_cmpstr (json_node_get_string (node), ==, "changed");
  json_node_unref (node);
  node = healing_checkpoint_dup_value (first, "#name:buffer", "text");
  g_assert_cmpstr (json_node_get_string (node), ==, "");
  json_node_unref (node);

  /* Application state through the interface. */
  test_todo_list_append (a.todo, "item");
  g_assert_true (healing_checkpoint_ring_get_dirty (ring));
  second = healing_checkpoint_ring_checkpoint (ring);
  node = healing_checkpoint_dup_value (second, "#todo", NULL);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  json_node_unref (node);

  /* Structure: a new widget is picked up after mark_dirty. */
  gtk_box_append (GTK_BOX (a.form), gtk_entry_new ());
  healing_checkpoint_ring_mark_dirty (ring);
  second = healing_checkpoint_ring_checkpoint (ring);
  g_assert_true (healing_checkpoint_has_path (second, "GtkEntry"));

  /* Capacity. */
  healing_checkpoint_ring_set_capacity (ring, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 2);

  g_assert_finalize_object (ring);
  form_clear (&a);
}

/* Many watched objects share a few notify closures (one per 192
 * handlers, a closure takes at most 255): every one of them still marks
 * its ring dirty, including after the objects that share a closure with it
 * are gone, and a restore puts back what each captured. */
static void
test_ring_many_watched (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *other = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  HealingCheckpointRing *other_ring = healing_checkpoint_ring_new ();
  GtkWidget *labels[600];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      char name[16];

      /* Not named: a widget name is a quark (its CSS node's), and past
       * 2,048 quarks GLib drops its old quark table on purpose (gquark.c),
       * which LeakSanitizer reports at exit. Positional paths do. */
      g_snprintf (name, sizeof name, "l%u", i);
      labels[i] = gtk_label_new (name);
      gtk_box_append (GTK_BOX (i % 2 == 0 ? box : other), labels[i]);
    }

  healing_checkpoint_ring_set_root (ring, box);
  healing_checkpoint_ring_set_root (other_ring, other);
  g_assert_nonnull (healing_checkpoint_ring_checkpoint (ring));
  g_assert_nonnull (healing_checkpoint_ring_checkpoint (other_ring));

  /* The odd labels, half of those of every shared closure, go. */
  g_assert_finalize_object (other_ring);
  g_assert_finalize_object (other);

  for (i = 0; i < G_N_ELEMENTS (labels); i += 2)
    {
      g_assert_false (healing_checkpoint_ring_get_dirty (ring));
      gtk_label_set_label (GTK_LABEL (labels[i]), "changed");
      g_assert_true (healing_checkpoint_ring_get_dirty (ring));
      healing_checkpoint_ring_checkpoint (ring);
    }

  /* Changed again, then back to the newest checkpoint, by the ring (which
   * sets only what differs from what it heard of). */
  for (i = 0; i < G_N_ELEMENTS (labels); i += 2)
    gtk_label_set_label (GTK_LABEL (labels[i]), "again");
  g_assert_true (healing_checkpoint_ring_get_dirty (ring));
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, NULL));
  g_assert_null (healing_checkpoint_ring_get_unrestored (ring)[0]);
  for (i = 0; i < G_N_ELEMENTS (labels); i += 2)
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (labels[i])), ==, "changed");

  g_assert_finalize_object (ring);
  g_assert_finalize_object (box);
}

static void
test_ring_quarantine (void)
{
  Form a = { 0 };
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  HealingCheckpoint *one, *two, *restored;
  GtkEditable *name;
  GError *error = NULL;

  form_init (&a);
  name = GTK_EDITABLE (form_get (&a, "name"));
  healing_checkpoint_ring_set_root (ring, a.form);

  gtk_editable_set_text (name, "one");
  one = healing_checkpoint_ring_checkpoint (ring);
  gtk_editable_set_text (name, "two");
  two = healing_checkpoint_ring_checkpoint (ring);
  gtk_editable_set_text (name, "broken");

  /* First fault: the newest checkpoint is restored. */
  restored = healing_checkpoint_ring_restore (ring, &error);
  g_assert_no_error (error);
  g_assert_true (restored == two);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "two");

  /* A quiet, good frame after the restore takes a checkpoint of the
   * restored state: it is suspect too. */
  gtk_editable_set_text (name, "two, edited");
  healing_checkpoint_ring_checkpoint (ring);

  /* It faults again at once: "two" and what followed are quarantined, and
   * "one" is tried. */
  restored = healing_checkpoint_ring_restore (ring, &error);
  g_assert_no_error (error);
  g_assert_true (restored == one);
  g_assert_true (healing_checkpoint_get_quarantined (two));
  g_assert_true (healing_checkpoint_ring_get_last_good (ring) == one);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "one");

  /* And again: nothing is left, the caller escalates. */
  g_assert_true (healing_checkpoint_ring_note_fault (ring));
  g_assert_true (healing_checkpoint_get_quarantined (one));
  restored = healing_checkpoint_ring_restore (ring, &error);
  g_assert_null (restored);
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_EXHAUSTED);
  g_clear_error (&error);

  /* With the guard off, a restore stays good. */
  healing_checkpoint_ring_set_loop_guard (ring, 0);
  gtk_editable_set_text (name, "three");
  one = healing_checkpoint_ring_checkpoint (ring);
  g_assert_true (healing_checkpoint_ring_restore (ring, &error) == one);
  g_assert_false (healing_checkpoint_ring_note_fault (ring));
  g_assert_false (healing_checkpoint_get_quarantined (one));

  g_assert_finalize_object (ring);
  form_clear (&a);
}

/* ------------------------------------------------------------------------
 * The journal
 * ------------------------------------------------------------------------ */

typedef struct {
  Form form;
  GtkWidget *container;
  GtkWidget *window;
} Guarded;

static void
guarded_init (Guarded *g)
{
  form_init (&g->form);
  g->container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (g->container), "Form");
  healing_container_set_child (HEALING_CONTAINER (g->container), g->form.form);
  g->window = healing_test_window_new (g->container);
}

static void
guarded_clear (Guarded *g)
{
  gtk_window_destroy (GTK_WINDOW (g->window));
  form_clear (&g->form);
}

/* What a clicked handler does before it crashes. */
static void
change_three (Form *form)
{
  gtk_editable_set_text (GTK_EDITABLE (form_get (form, "name")), "half-saved");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_get (form, "agree")), TRUE);
  gtk_range_set_value (GTK_RANGE (form_get (form, "volume")), 99);
}

static void
assert_three_undone (Form *form)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (form, "name"))), ==, "Ada");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (form_get (form, "agree"))));
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (form_get (form, "volume"))), ==, 10);
}

static void
test_journal_direct (void)
{
  Guarded g = { 0 };
  HealingContainer *container;
  gpointer token, inner;

  guarded_init (&g);
  container = HEALING_CONTAINER (g.container);

  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "Ada");
  gtk_range_set_value (GTK_RANGE (form_get (&g.form, "volume")), 10);
  healing_checkpoint_ring_checkpoint (healing_container_get_checkpoint_ring (container));

  /* Later edits, not yet in any checkpoint. */
  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "city")), "London");
  gtk_switch_set_active (GTK_SWITCH (form_get (&g.form, "wifi")), TRUE);

  token = healing_action_begin (container);
  g_assert_nonnull (token);
  change_three (&g.form);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "changed twice");
  healing_action_abort (container, token, NULL);

  assert_three_undone (&g.form);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "city"))), ==, "London");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (form_get (&g.form, "wifi"))));

  /* Committed actions keep their changes. */
  token = healing_action_begin (container);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "city")), "Paris");
  healing_action_commit (container, token);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "city"))), ==, "Paris");

  /* Nested: an inner action that committed is undone with the outer one. */
  token = healing_action_begin (container);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_get (&g.form, "agree")), TRUE);
  inner = healing_action_begin (container);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "inner");
  test_todo_list_append (g.form.todo, "added by the handler");
  healing_action_commit (container, inner);
  gtk_range_set_value (GTK_RANGE (form_get (&g.form, "volume")), 77);
  healing_action_abort (container, token, NULL);
  assert_three_undone (&g.form);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (g.form.todo)), ==, 0);

  /* Nested, from a clean capture (nothing to bring up to date when the
   * actions begin), the outer one changing nothing before the inner one
   * began: the journals are made by the first record, at the inner depth,
   * and when the inner one hands its changes over. Twice, so that the
   * second time finds the journals' array already grown. */
  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "name"))));

      healing_checkpoint_ring_checkpoint (healing_container_get_checkpoint_ring (container));
      token = healing_action_begin (container);
      inner = healing_action_begin (container);
      gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "inner only");
      healing_action_commit (container, inner);
      gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "outer after inner");
      healing_action_abort (container, token, NULL);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "name"))), ==, name);
    }

  /* An inner action left open (abandoned by a fault that unwound to an
   * outer frame) is closed with the outer one, and what it recorded is
   * undone with it. */
  {
    g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "name"))));

    token = healing_action_begin (container);
    inner = healing_action_begin (container);
    gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "abandoned inner");
    healing_action_abort (container, token, NULL);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "name"))), ==, name);
    /* Nothing is open any more: a change now is nobody's. */
    gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), name);
    token = healing_action_begin (container);
    g_assert_cmpuint (GPOINTER_TO_UINT (token), ==, 1);
    healing_action_commit (container, token);
  }

  guarded_clear (&g);
}

static void
crashing_clicked_cb (GtkButton *button,
                     Form      *form)
{
  change_three (form);
  test_fault_raise (TEST_FAULT_NULL_DEREF);
}

static void
test_journal_handler (void)
{
  Guarded g = { 0 };

  guarded_init (&g);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "name")), "Ada");
  gtk_range_set_value (GTK_RANGE (form_get (&g.form, "volume")), 10);
  healing_checkpoint_ring_checkpoint (healing_container_get_checkpoint_ring (HEALING_CONTAINER (g.container)));
  gtk_editable_set_text (GTK_EDITABLE (form_get (&g.form, "city")), "London");

  healing_signal_connect (form_get (&g.form, "save"), "clicked",
                          G_CALLBACK (crashing_clicked_cb), &g.form);
  g_signal_emit_by_name (form_get (&g.form, "save"), "clicked");
  healing_test_flush ();

  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (g.container)), ==, 1);
  assert_three_undone (&g.form);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&g.form, "city"))), ==, "London");

  guarded_clear (&g);
}

/* ------------------------------------------------------------------------
 * Restoring a chosen checkpoint
 * ------------------------------------------------------------------------ */

/* The one entry of the runtime's log whose fault came from @origin. */
static HealingFaultEntry *
dup_logged (const char *origin)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  HealingFaultEntry *found = NULL;
  guint i;

  for (i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);
      HealingFault *fault = healing_fault_entry_get_fault (entry);

      if (fault != NULL && g_strcmp0 (healing_fault_get_origin (fault), origin) == 0)
        {
          g_assert_null (found);
          found = g_object_ref (entry);
        }
    }

  return found;
}

/* A container's own policy: every class of a trapped fault shows the
 * fallback, unless @restore, which restores the newest good checkpoint. */
static void
set_own_policy (HealingContainer *container,
                HealingStrategy   strategy)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  static const char * const classes[] = {
    HEALING_FAULT_CLASS_CRITICAL, HEALING_FAULT_CLASS_CALLBACK, HEALING_FAULT_CLASS_HANDLER,
    HEALING_FAULT_CLASS_CRASH,
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (classes); i++)
    healing_policy_set_strategy (policy, classes[i], strategy);
  healing_container_set_policy (container, policy);
}

/* The Inspector's "Restore Checkpoint" is the container's: a restore that
 * works says what it skipped; one that faults quarantines the checkpoint
 * and is a fault of the container, in the log and healed by its policy. */
static void
test_restore_chosen (void)
{
  Guarded g = { 0 };
  HealingContainer *container;
  HealingCheckpointRing *ring;
  HealingTestPoisoned *counter;
  g_autoptr (HealingCheckpoint) older = NULL;
  g_autoptr (HealingCheckpoint) newer = NULL;
  g_autoptr (HealingFaultEntry) entry = NULL;
  g_autoptr (GError) error = NULL;
  HealingFault *fault;

  healing_runtime_clear_fault_log (healing_runtime_get_default ());
  guarded_init (&g);
  container = HEALING_CONTAINER (g.container);
  set_own_policy (container, HEALING_STRATEGY_FALLBACK);
  counter = healing_test_poisoned_attach (form_get (&g.form, "wifi"));
  ring = healing_container_get_checkpoint_ring (container);

  healing_test_poisoned_set_value (counter, 1);
  older = g_object_ref (healing_container_checkpoint (container));
  healing_test_poisoned_set_value (counter, 2);
  newer = g_object_ref (healing_container_checkpoint (container));
  g_assert_true (older != newer);

  /* The older one, by hand: everything back, nothing to report. */
  g_assert_true (healing_container_restore_checkpoint (container, older, &error));
  g_assert_no_error (error);
  g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, 1);
  g_assert_nonnull (healing_checkpoint_ring_get_unrestored (ring));
  g_assert_cmpuint (g_strv_length ((char **) healing_checkpoint_ring_get_unrestored (ring)), ==, 0);
  g_assert_false (healing_checkpoint_get_quarantined (older));
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 0);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);

  /* Restoring it faults now: quarantined, and the container's fault. */
  healing_test_poisoned_set_value (counter, 3);
  healing_test_poisoned_set_poison (counter, 1);
  g_assert_false (healing_container_restore_checkpoint (container, older, &error));
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_FAULTED);
  healing_test_flush ();

  g_assert_true (healing_checkpoint_get_quarantined (older));
  g_assert_false (healing_checkpoint_get_quarantined (newer));
  g_assert_true (healing_checkpoint_ring_get_last_good (ring) == newer);
  g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, 3);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_FALLBACK);

  entry = dup_logged ("restore checkpoint");
  g_assert_nonnull (entry);
  fault = healing_fault_entry_get_fault (entry);
  g_assert_cmpstr (healing_fault_entry_get_component_id (entry), ==, "Form");
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRITICAL);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, HEALING_PHASE_CALLBACK);
  g_assert_true (healing_container_get_last_fault (container) == fault);
  g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_GAVE_UP);

  /* Without a child there is nothing to restore into. */
  healing_container_set_child (container, NULL);
  g_clear_error (&error);
  g_assert_false (healing_container_restore_checkpoint (container, newer, &error));
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_NO_ROOT);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);

  guarded_clear (&g);
}

/* ------------------------------------------------------------------------
 * What undoing an aborted action did
 * ------------------------------------------------------------------------ */

/* The ring says what undoing did: put everything back, had nothing to put
 * back, or failed (a setter faulted; the token was not an action). */
static void
test_abort_outcome (void)
{
  Guarded g = { 0 };
  HealingCheckpointRing *ring;
  HealingTestPoisoned *counter;
  GtkEditable *name;
  gpointer token;

  guarded_init (&g);
  ring = healing_container_get_checkpoint_ring (HEALING_CONTAINER (g.container));
  counter = healing_test_poisoned_attach (form_get (&g.form, "wifi"));
  name = GTK_EDITABLE (form_get (&g.form, "name"));
  gtk_editable_set_text (name, "Ada");
  healing_test_poisoned_set_value (counter, 1);
  healing_checkpoint_ring_checkpoint (ring);

  token = healing_checkpoint_ring_begin_action (ring);
  g_assert_nonnull (token);
  g_assert_cmpint (healing_checkpoint_ring_abort_action (ring, token), ==, HEALING_UNDO_NOTHING);

  token = healing_checkpoint_ring_begin_action (ring);
  gtk_editable_set_text (name, "changed");
  healing_test_poisoned_set_value (counter, 2);
  g_assert_cmpint (healing_checkpoint_ring_abort_action (ring, token), ==, HEALING_UNDO_RESTORED);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Ada");
  g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, 1);

  /* Undoing the counter faults: the action's changes are partly there. */
  token = healing_checkpoint_ring_begin_action (ring);
  healing_test_poisoned_set_value (counter, 3);
  healing_test_poisoned_set_poison (counter, 1);
  g_assert_cmpint (healing_checkpoint_ring_abort_action (ring, token), ==, HEALING_UNDO_FAILED);
  g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, 3);

  /* Not an action of the ring's. */
  g_assert_cmpint (healing_checkpoint_ring_abort_action (ring, GUINT_TO_POINTER (42)), ==, HEALING_UNDO_FAILED);

  guarded_clear (&g);
}

typedef struct {
  HealingTestPoisoned *counter;
  int value;
  guint poison;
} Crash;

/* A guarded clicked handler: sets the counter, maybe poisons it so that
 * undoing faults, and faults for real. */
static void
crash_after_setting_cb (GtkButton *button,
                        Crash     *crash)
{
  healing_test_poisoned_set_value (crash->counter, crash->value);
  healing_test_poisoned_set_poison (crash->counter, crash->poison);
  g_critical ("test: a handler that faults");
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* The restore strategy believes the journal only when it says so: a
 * handler's changes undone are the first restore, without a checkpoint;
 * an undo that failed, or a fault nothing journaled (a chosen checkpoint
 * whose restore faulted), restores the newest good checkpoint. */
static void
test_restore_trusts_undo (void)
{
  static const struct {
    const char *what;
    gboolean undo_faults;
    int expected;
  } cases[] = {
    /* The value the user had before the handler, newer than the checkpoint. */
    { "undone", FALSE, 2 },
    /* The checkpoint's. */
    { "undo-faulted", TRUE, 1 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Guarded g = { 0 };
      HealingContainer *container;
      HealingTestPoisoned *counter;
      Crash crash;
      guint restored = 0;
      g_autoptr (HealingFaultEntry) entry = NULL;
      GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());

      g_test_message ("%s", cases[i].what);
      healing_runtime_clear_fault_log (healing_runtime_get_default ());
      guarded_init (&g);
      container = HEALING_CONTAINER (g.container);
      set_own_policy (container, HEALING_STRATEGY_RESTORE);
      g_signal_connect (container, "restored", G_CALLBACK (count_cb), &restored);
      counter = healing_test_poisoned_attach (form_get (&g.form, "wifi"));

      healing_test_poisoned_set_value (counter, 1);
      g_assert_nonnull (healing_container_checkpoint (container));
      healing_test_poisoned_set_value (counter, 2);

      crash = (Crash) { counter, 3, cases[i].undo_faults ? 1 : 0 };
      healing_signal_connect (form_get (&g.form, "save"), "clicked",
                              G_CALLBACK (crash_after_setting_cb), &crash);
      g_signal_emit_by_name (form_get (&g.form, "save"), "clicked");
      healing_test_flush ();

      g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
      g_assert_cmpint (healing_fault_get_phase (healing_container_get_last_fault (container)), ==,
                       HEALING_PHASE_HANDLER);
      g_assert_true (healing_fault_get_action_undone (healing_container_get_last_fault (container)) ==
                     !cases[i].undo_faults);
      g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, cases[i].expected);
      g_assert_cmpuint (restored, ==, 1);
      g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
      g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
      entry = g_list_model_get_item (log, 0);
      g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_RESTORE);

      guarded_clear (&g);
    }

  /* A chosen checkpoint whose restore faults: nothing was journaled, so
   * the newest good one is restored. */
  {
    Guarded g = { 0 };
    HealingContainer *container;
    HealingTestPoisoned *counter;
    g_autoptr (HealingCheckpoint) older = NULL;
    g_autoptr (HealingCheckpoint) newer = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (HealingFaultEntry) entry = NULL;
    guint restored = 0;

    healing_runtime_clear_fault_log (healing_runtime_get_default ());
    guarded_init (&g);
    container = HEALING_CONTAINER (g.container);
    set_own_policy (container, HEALING_STRATEGY_RESTORE);
    g_signal_connect (container, "restored", G_CALLBACK (count_cb), &restored);
    counter = healing_test_poisoned_attach (form_get (&g.form, "wifi"));

    healing_test_poisoned_set_value (counter, 1);
    older = g_object_ref (healing_container_checkpoint (container));
    healing_test_poisoned_set_value (counter, 2);
    newer = g_object_ref (healing_container_checkpoint (container));
    healing_test_poisoned_set_value (counter, 3);
    healing_test_poisoned_set_poison (counter, 1);

    g_assert_false (healing_container_restore_checkpoint (container, older, &error));
    g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_FAULTED);
    healing_test_flush ();

    g_assert_false (healing_fault_get_action_undone (healing_container_get_last_fault (container)));
    g_assert_true (healing_checkpoint_get_quarantined (older));
    g_assert_false (healing_checkpoint_get_quarantined (newer));
    g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, 2);
    g_assert_cmpuint (restored, ==, 1);
    g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
    entry = dup_logged ("restore checkpoint");
    g_assert_nonnull (entry);
    g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_RESTORE);

    guarded_clear (&g);
  }
}

/* ------------------------------------------------------------------------
 * Persistence
 * ------------------------------------------------------------------------ */

static char *
form_persist_path (void)
{
  return healing_checkpoint_dup_default_path ("Form");
}

/* Runs in a child process: edits the form, saves, and waits to be killed. */
static int
run_persist_child (void)
{
  Form form = { 0 };
  HealingCheckpointRing *ring;
  char *path = form_persist_path ();

  gtk_init ();
  healing_init ();

  form_init (&form);
  healing_test_window_new (form.form);

  ring = healing_checkpoint_ring_new ();
  healing_checkpoint_ring_set_root (ring, form.form);
  healing_checkpoint_ring_set_persist_path (ring, path);
  healing_checkpoint_ring_checkpoint (ring);

  form_edit (&form);
  healing_checkpoint_ring_checkpoint (ring);

  printf ("saved %s\n", path);
  fflush (stdout);

  for (;;)
    g_main_context_iteration (NULL, TRUE);

  return 1;
}

static void
remove_persisted (void)
{
  char *path = form_persist_path ();
  char *dir = g_path_get_dirname (path);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
      g_free (file);
    }
  g_clear_pointer (&d, g_dir_close);
  g_free (dir);
  g_free (path);
}

static void
test_persist_across_processes (void)
{
  char *program = g_test_build_filename (G_TEST_BUILT, "test-checkpoint", NULL);
  const char *argv[] = { program, "--persist-child", NULL };
  GError *error = NULL;
  GSubprocess *child;
  GDataInputStream *out;
  HealingCheckpointRing *ring;
  char *line, *path, *expected;
  Form form = { 0 };

  remove_persisted ();
  path = form_persist_path ();
  g_assert_true (g_str_has_prefix (path, state_dir));

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("saved %s", path);
  g_assert_cmpstr (line, ==, expected);

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* A new process: a fresh form, the checkpoint from disk. */
  form_init (&form);
  ring = healing_checkpoint_ring_new ();
  healing_checkpoint_ring_set_persist_path (ring, path);
  healing_checkpoint_ring_set_root (ring, form.form);
  g_assert_true (healing_checkpoint_ring_load (ring, &error));
  g_assert_no_error (error);
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
  g_assert_no_error (error);
  form_assert_edited (&form);

  g_object_unref (ring);
  form_clear (&form);
  g_object_unref (out);
  g_object_unref (child);
  g_free (line);
  g_free (expected);
  g_free (path);
  g_free (program);
}

static void
test_persist_corrupt (void)
{
  static const char garbage[] = "{ \"format\": \"libhealing-checkpoint\",\n  \"version\": 1,\n  \"objects\": [ {";
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  char *path = form_persist_path ();
  char *dir = g_path_get_dirname (path);
  char *aside = g_strconcat (path, ".corrupt", NULL);
  char *contents = NULL;
  GError *error = NULL;
  Form form = { 0 };

  remove_persisted ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  form_init (&form);
  healing_checkpoint_ring_set_root (ring, form.form);
  healing_checkpoint_ring_set_persist_path (ring, path);
  g_assert_false (healing_checkpoint_ring_load (ring, &error));
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID);
  g_test_message ("%s", error->message);
  /* The file and the position of the problem, and where the file went. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_regex_match_simple ("\\.json:[0-9]+:[0-9]+: ", error->message, 0, 0));
  g_assert_nonnull (strstr (error->message, aside));
  g_clear_error (&error);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage);

  /* Fresh start. */
  g_assert_null (healing_checkpoint_ring_get_last_good (ring));
  g_assert_null (healing_checkpoint_ring_restore (ring, &error));
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_EXHAUSTED);
  g_clear_error (&error);
  g_assert_nonnull (healing_checkpoint_ring_checkpoint (ring));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* A second corrupt file does not overwrite the first one kept aside. */
  g_assert_true (g_file_set_contents (path, "not json at all", -1, NULL));
  g_assert_false (healing_checkpoint_ring_load (ring, &error));
  g_clear_error (&error);
  g_free (contents);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage);
  g_free (contents);
  contents = g_strconcat (path, ".corrupt.1", NULL);
  g_assert_true (g_file_test (contents, G_FILE_TEST_IS_REGULAR));

  g_object_unref (ring);
  form_clear (&form);
  g_free (contents);
  g_free (aside);
  g_free (dir);
  g_free (path);
}

static void
test_persist_failed_write (void)
{
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  char *path = form_persist_path ();
  char *before = NULL, *after = NULL;
  struct rlimit old_limit, limit;
  void (*old_handler) (int);
  GError *error = NULL;
  Form form = { 0 };

  remove_persisted ();
  form_init (&form);
  healing_checkpoint_ring_set_root (ring, form.form);
  healing_checkpoint_ring_set_persist_path (ring, path);
  healing_checkpoint_ring_checkpoint (ring);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* Make every write beyond a few bytes fail (the tests may run as root, so
   * permissions would not do). */
  gtk_editable_set_text (GTK_EDITABLE (form_get (&form, "name")), "never written");
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 16;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  healing_checkpoint_ring_set_persist_path (ring, NULL);
  healing_checkpoint_ring_checkpoint (ring);
  healing_checkpoint_ring_set_persist_path (ring, path);
  g_assert_false (healing_checkpoint_ring_save (ring, &error));

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  g_object_unref (ring);
  form_clear (&form);
  g_free (before);
  g_free (after);
  g_free (path);
}

/* ------------------------------------------------------------------------
 * Captures from the dirty set, in slices; restores of what differs
 * (issue 16)
 * ------------------------------------------------------------------------ */

/* Application state whose saving faults when armed. */
#define TEST_TYPE_FRAGILE (test_fragile_get_type ())
G_DECLARE_FINAL_TYPE (TestFragile, test_fragile, TEST, FRAGILE, GObject)

struct _TestFragile
{
  GObject parent_instance;
  gint64 value;
  gboolean armed;
  guint saves;
  guint restores;
};

static JsonNode *
test_fragile_save_state (HealingCheckpointable *checkpointable)
{
  TestFragile *self = TEST_FRAGILE (checkpointable);

  self->saves++;
  if (self->armed)
    test_fault_raise (TEST_FAULT_NULL_DEREF);

  return json_node_init_int (json_node_alloc (), self->value);
}

static gboolean
test_fragile_restore_state (HealingCheckpointable  *checkpointable,
                            JsonNode               *state,
                            GError                **error)
{
  TestFragile *self = TEST_FRAGILE (checkpointable);

  self->restores++;
  self->value = json_node_get_int (state);
  healing_checkpointable_state_changed (checkpointable);

  return TRUE;
}

static void
test_fragile_checkpointable_init (HealingCheckpointableInterface *iface)
{
  iface->save_state = test_fragile_save_state;
  iface->restore_state = test_fragile_restore_state;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFragile, test_fragile, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HEALING_TYPE_CHECKPOINTABLE,
                                                      test_fragile_checkpointable_init))

static void
test_fragile_class_init (TestFragileClass *klass)
{
}

static void
test_fragile_init (TestFragile *self)
{
}

static void
test_fragile_set (TestFragile *self,
                  gint64       value)
{
  self->value = value;
  healing_checkpointable_state_changed (HEALING_CHECKPOINTABLE (self));
}

static gint64
int_value (HealingCheckpoint *checkpoint,
           const char        *path,
           const char        *property)
{
  JsonNode *node = healing_checkpoint_dup_value (checkpoint, path, property);
  gint64 value;

  g_assert_nonnull (node);
  value = json_node_get_int (node);
  json_node_unref (node);

  return value;
}

static char *
string_value (HealingCheckpoint *checkpoint,
              const char        *path,
              const char        *property)
{
  JsonNode *node = healing_checkpoint_dup_value (checkpoint, path, property);
  char *value;

  g_assert_nonnull (node);
  value = g_strdup (json_node_get_string (node));
  json_node_unref (node);

  return value;
}

/* Runs the main loop until the ring's sliced capture is over; returns how
 * many iterations it took. */
static guint
run_slices (HealingCheckpointRing *ring)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint n = 0;

  while (healing_checkpoint_ring_get_capturing (ring))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      n++;
    }

  return n;
}

/* The entry of @path in @checkpoint (shared, immutable). */
static gpointer
entry_of (HealingCheckpoint *checkpoint,
          const char        *path)
{
  HealingCheckpointEntries *entries = healing_checkpoint_peek_entries (checkpoint);
  guint i;

  for (i = 0; i < entries->len; i++)
    if (g_str_equal (((HealingCheckpointEntry *) entries->pdata[i])->path, path))
      return entries->pdata[i];

  return NULL;
}

static void
test_ring_capture_changes (void)
{
  Form a = { 0 };
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  HealingCheckpoint *first, *second, *third;
  TestFragile *fragile = g_object_new (TEST_TYPE_FRAGILE, NULL);
  GtkWidget *holder = gtk_label_new ("holder");
  GtkWidget *added;
  JsonNode *node;
  char *text;
  guint slices;

  form_init (&a);
  gtk_widget_set_name (holder, "holder");
  gtk_box_append (GTK_BOX (a.form), holder);
  healing_checkpointable_attach_to_widget (HEALING_CHECKPOINTABLE (fragile), holder);
  healing_checkpoint_ring_set_root (ring, a.form);
  healing_checkpoint_ring_set_slice_limit (ring, 3);

  /* The first capture, in slices: nothing is checkpointed until it is
   * complete. */
  healing_checkpoint_ring_checkpoint_in_slices (ring, FALSE);
  g_assert_true (healing_checkpoint_ring_get_capturing (ring));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 0);
  slices = run_slices (ring);
  g_assert_cmpuint (slices, >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 1);
  g_assert_false (healing_checkpoint_ring_get_dirty (ring));
  first = healing_checkpoint_ring_get_last_good (ring);
  g_assert_cmpint (int_value (first, "@holder", NULL), ==, 0);

  /* A value, a property and application state change: captured at once
   * (no scan), and only they are captured again; every other entry is the
   * first checkpoint's. */
  fragile->saves = 0;
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "changed");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_get (&a, "agree")), TRUE);
  test_fragile_set (fragile, 7);
  healing_checkpoint_ring_checkpoint_in_slices (ring, FALSE);
  g_assert_false (healing_checkpoint_ring_get_capturing (ring));
  second = healing_checkpoint_ring_get_last_good (ring);
  g_assert_true (second != first);
  text = string_value (second, "#name:buffer", "text");
  g_assert_cmpstr (text, ==, "changed");
  g_free (text);
  node = healing_checkpoint_dup_value (second, "#agree", "active");
  g_assert_true (json_node_get_boolean (node));
  json_node_unref (node);
  g_assert_cmpint (int_value (second, "@holder", NULL), ==, 7);
  g_assert_cmpuint (fragile->saves, ==, 1);
  g_assert_true (entry_of (second, "#name:buffer") != entry_of (first, "#name:buffer"));
  g_assert_true (entry_of (second, "#agree") != entry_of (first, "#agree"));
  g_assert_true (entry_of (second, "#city:buffer") == entry_of (first, "#city:buffer"));
  g_assert_true (entry_of (second, "#volume:adjustment") == entry_of (first, "#volume:adjustment"));
  g_assert_true (entry_of (second, ".") == entry_of (first, "."));

  /* A widget added is found by the walk for additions, in slices, which
   * captures only it: the rest is shared. A change made while the walk is
   * under way, to an object it already passed, is in the checkpoint. */
  added = gtk_entry_new ();
  gtk_widget_set_name (added, "added");
  gtk_box_append (GTK_BOX (a.form), added);
  healing_checkpoint_ring_checkpoint_in_slices (ring, TRUE);
  /* The walk passes the form, #name and its buffer first. */
  while (healing_checkpoint_ring_get_captured (ring) < 3)
    {
      g_assert_true (healing_checkpoint_ring_get_capturing (ring));
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (healing_checkpoint_ring_get_capturing (ring));
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "during the walk");
  run_slices (ring);
  third = healing_checkpoint_ring_get_last_good (ring);
  g_assert_true (third != second);
  g_assert_true (healing_checkpoint_has_path (third, "@added"));
  g_assert_false (healing_checkpoint_has_path (second, "@added"));
  text = string_value (third, "#name:buffer", "text");
  g_assert_cmpstr (text, ==, "during the walk");
  g_free (text);
  g_assert_true (entry_of (third, "#city:buffer") == entry_of (first, "#city:buffer"));
  g_assert_true (entry_of (third, "#agree") == entry_of (second, "#agree"));
  g_assert_cmpuint (fragile->saves, ==, 1);

  /* The earlier checkpoints are as they were. */
  text = string_value (second, "#name:buffer", "text");
  g_assert_cmpstr (text, ==, "changed");
  g_free (text);
  g_assert_cmpint (int_value (first, "@holder", NULL), ==, 0);

  /* Nothing changed, nothing to walk: no new checkpoint. */
  healing_checkpoint_ring_checkpoint_in_slices (ring, FALSE);
  g_assert_false (healing_checkpoint_ring_get_capturing (ring));
  g_assert_true (healing_checkpoint_ring_get_last_good (ring) == third);

  /* A walk that finds nothing new makes no checkpoint either. */
  healing_checkpoint_ring_checkpoint_in_slices (ring, TRUE);
  run_slices (ring);
  g_assert_true (healing_checkpoint_ring_get_last_good (ring) == third);

  /* A widget removed while a walk is under way starts it again: the
   * checkpoint is of the tree as it is. */
  healing_checkpoint_ring_checkpoint_in_slices (ring, TRUE);
  g_main_context_iteration (NULL, FALSE);
  gtk_box_remove (GTK_BOX (a.form), added);
  run_slices (ring);
  g_assert_false (healing_checkpoint_has_path (healing_checkpoint_ring_get_last_good (ring), "@added"));

  g_assert_finalize_object (ring);
  form_clear (&a);
  g_object_unref (fragile);
}

/* Counts the notifications of every object under @widget (and its
 * buffers). */
static void
count_notifications (GObject    *object,
                     GParamSpec *pspec,
                     guint      *count)
{
  (*count)++;
}

static void
connect_counter (GtkWidget *widget,
                 guint     *count)
{
  GtkWidget *child;

  g_signal_connect (widget, "notify", G_CALLBACK (count_notifications), count);
  if (GTK_IS_ENTRY (widget))
    g_signal_connect (gtk_entry_get_buffer (GTK_ENTRY (widget)), "notify",
                      G_CALLBACK (count_notifications), count);
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    connect_counter (child, count);
}

static void
test_ring_restore_differs (void)
{
  Form a = { 0 };
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  TestFragile *fragile = g_object_new (TEST_TYPE_FRAGILE, NULL);
  GtkWidget *holder = gtk_label_new ("holder");
  GtkStringList *colours;
  guint count = 0, name_count = 0, agree_count = 0, city_count = 0;
  const char * const *unrestored;
  GError *error = NULL;

  form_init (&a);
  gtk_widget_set_name (holder, "holder");
  gtk_box_append (GTK_BOX (a.form), holder);
  healing_checkpointable_attach_to_widget (HEALING_CHECKPOINTABLE (fragile), holder);
  healing_checkpoint_ring_set_root (ring, a.form);
  healing_checkpoint_ring_set_loop_guard (ring, 0);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "Ada");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form_get (&a, "colour")), 2);
  test_fragile_set (fragile, 3);
  healing_checkpoint_ring_checkpoint (ring);

  connect_counter (a.form, &count);
  g_signal_connect (gtk_entry_get_buffer (GTK_ENTRY (form_get (&a, "name"))), "notify",
                    G_CALLBACK (count_notifications), &name_count);
  g_signal_connect (form_get (&a, "agree"), "notify", G_CALLBACK (count_notifications), &agree_count);
  g_signal_connect (gtk_entry_get_buffer (GTK_ENTRY (form_get (&a, "city"))), "notify",
                    G_CALLBACK (count_notifications), &city_count);

  /* Nothing to set: nothing is set, nothing notifies, nothing is
   * missing. */
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpuint (fragile->restores, ==, 0);
  unrestored = healing_checkpoint_ring_get_unrestored (ring);
  g_assert_nonnull (unrestored);
  g_assert_null (unrestored[0]);

  /* Two values differ: exactly they are set back; application state that
   * did not change is not restored. */
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "Grace");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_get (&a, "agree")), TRUE);
  name_count = agree_count = city_count = 0;
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&a, "name"))), ==, "Ada");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (form_get (&a, "agree"))));
  g_assert_cmpuint (name_count, >, 0);
  g_assert_cmpuint (agree_count, >, 0);
  g_assert_cmpuint (city_count, ==, 0);
  g_assert_cmpuint (fragile->restores, ==, 0);
  g_assert_null (healing_checkpoint_ring_get_unrestored (ring)[0]);

  /* Changed and changed back: the values are equal, though captured
   * again, so nothing is set. */
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "city")), "Paris");
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "city")), "");
  city_count = 0;
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
  g_assert_cmpuint (city_count, ==, 0);

  /* Application state that differs is restored. */
  test_fragile_set (fragile, 9);
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
  g_assert_cmpuint (fragile->restores, ==, 1);
  g_assert_cmpint (fragile->value, ==, 3);

  /* Validation stays: a value that differs and no longer fits is skipped
   * and listed, the rest restored. */
  colours = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (form_get (&a, "colour"))));
  gtk_string_list_splice (colours, 1, 2, NULL);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "Hedy");
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&a, "name"))), ==, "Ada");
  unrestored = healing_checkpoint_ring_get_unrestored (ring);
  g_assert_nonnull (unrestored[0]);
  g_assert_nonnull (strstr (unrestored[0], "#colour:selected"));
  g_assert_null (unrestored[1]);

  g_assert_finalize_object (ring);
  form_clear (&a);
  g_object_unref (fragile);
}

static void
test_ring_slice_fault (void)
{
  Form a = { 0 };
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  TestFragile *fragile = g_object_new (TEST_TYPE_FRAGILE, NULL);
  GtkWidget *holder = gtk_label_new ("holder");
  HealingCheckpoint *good;
  char *text;

  form_init (&a);
  gtk_widget_set_name (holder, "holder");
  gtk_box_append (GTK_BOX (a.form), holder);
  healing_checkpointable_attach_to_widget (HEALING_CHECKPOINTABLE (fragile), holder);
  healing_checkpoint_ring_set_root (ring, a.form);
  healing_checkpoint_ring_set_slice_limit (ring, 2);
  /* The fault at the end is not a restore loop. */
  healing_checkpoint_ring_set_loop_guard (ring, 0);
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "good");
  test_fragile_set (fragile, 1);
  good = healing_checkpoint_ring_checkpoint (ring);

  /* A structure change, then a sliced capture whose slice faults half-way
   * (the holder comes after the form's other widgets). */
  gtk_box_remove (GTK_BOX (a.form), form_get (&a, "save"));
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "suspect");
  test_fragile_set (fragile, 2);
  fragile->armed = TRUE;
  healing_checkpoint_ring_checkpoint_in_slices (ring, FALSE);
  g_assert_true (healing_checkpoint_ring_get_capturing (ring));
  fragile->saves = 0;
  g_assert_cmpuint (run_slices (ring), >, 1);
  /* It faulted (the slice's trap caught it; the message says so). */
  g_assert_cmpuint (fragile->saves, ==, 1);
  g_assert_false (healing_checkpoint_ring_get_capturing (ring));

  /* The last good checkpoint is the one before, whole: not a mix of old
   * entries and what the scan read before the fault. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 1);
  g_assert_true (healing_checkpoint_ring_get_last_good (ring) == good);
  g_assert_true (healing_checkpoint_has_path (good, "#save"));
  text = string_value (good, "#name:buffer", "text");
  g_assert_cmpstr (text, ==, "good");
  g_free (text);
  g_assert_cmpint (int_value (good, "@holder", NULL), ==, 1);
  g_assert_true (healing_checkpoint_ring_get_dirty (ring));

  /* Restoring it is exact, and the next capture, without the fault, is of
   * the state as it is then. */
  g_assert_nonnull (healing_checkpoint_ring_restore (ring, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_get (&a, "name"))), ==, "good");
  g_assert_cmpint (fragile->value, ==, 1);
  fragile->armed = FALSE;
  test_fragile_set (fragile, 5);
  healing_checkpoint_ring_checkpoint_in_slices (ring, FALSE);
  run_slices (ring);
  g_assert_true (healing_checkpoint_ring_get_last_good (ring) != good);
  g_assert_false (healing_checkpoint_has_path (healing_checkpoint_ring_get_last_good (ring), "#save"));
  g_assert_cmpint (int_value (healing_checkpoint_ring_get_last_good (ring), "@holder", NULL), ==, 5);

  /* A fault the ring hears of drops a capture under way. */
  gtk_editable_set_text (GTK_EDITABLE (form_get (&a, "name")), "after");
  healing_checkpoint_ring_checkpoint_in_slices (ring, TRUE);
  g_assert_true (healing_checkpoint_ring_get_capturing (ring));
  g_main_context_iteration (NULL, FALSE);
  healing_checkpoint_ring_note_fault (ring);
  g_assert_false (healing_checkpoint_ring_get_capturing (ring));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 2);
  text = string_value (healing_checkpoint_ring_get_last_good (ring), "#name:buffer", "text");
  g_assert_cmpstr (text, ==, "good");
  g_free (text);

  g_assert_finalize_object (ring);
  form_clear (&a);
  g_object_unref (fragile);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--persist-child"))
    {
      g_set_prgname ("test-checkpoint");
      return run_persist_child ();
    }

  state_dir = g_dir_make_tmp ("healing-checkpoint-XXXXXX", NULL);
  g_assert_nonnull (state_dir);

  /* Before anything asks GLib for the state dir: it caches it. */
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  healing_test_init (&argc, &argv);
  g_set_prgname ("test-checkpoint");

  g_test_add_func ("/Healing/Checkpoint/round-trip", test_round_trip);
  g_test_add_func ("/Healing/Checkpoint/round-trip-shown", test_round_trip_shown);
  g_test_add_func ("/Healing/Checkpoint/unserialisable", test_unserialisable);
  g_test_add_func ("/Healing/Checkpoint/type-changed", test_type_changed);
  g_test_add_func ("/Healing/Checkpoint/rules", test_rules);
  g_test_add_func ("/Healing/Checkpoint/nested-container", test_nested_container);
  g_test_add_func ("/Healing/Checkpoint/json-errors", test_json_errors);
  g_test_add_func ("/Healing/Checkpoint/ring/unchanged", test_ring_unchanged);
  g_test_add_func ("/Healing/Checkpoint/ring/properties", test_ring_properties);
  g_test_add_func ("/Healing/Checkpoint/checkpointable/widget", test_checkpointable_widget);
  g_test_add_func ("/Healing/Checkpoint/checkpointable/defaults", test_checkpointable_defaults);
  g_test_add_func ("/Healing/Checkpoint/ring/many-watched", test_ring_many_watched);
  g_test_add_func ("/Healing/Checkpoint/ring/quarantine", test_ring_quarantine);
  g_test_add_func ("/Healing/Checkpoint/ring/capture-changes", test_ring_capture_changes);
  g_test_add_func ("/Healing/Checkpoint/ring/restore-differs", test_ring_restore_differs);
  g_test_add_func ("/Healing/Checkpoint/ring/slice-fault", test_ring_slice_fault);
  g_test_add_func ("/Healing/Checkpoint/journal/direct", test_journal_direct);
  g_test_add_func ("/Healing/Checkpoint/journal/handler", test_journal_handler);
  g_test_add_func ("/Healing/Checkpoint/restore-chosen", test_restore_chosen);
  g_test_add_func ("/Healing/Checkpoint/journal/abort-outcome", test_abort_outcome);
  g_test_add_func ("/Healing/Checkpoint/journal/restore-trusts-undo", test_restore_trusts_undo);
  g_test_add_func ("/Healing/Checkpoint/persist/across-processes", test_persist_across_processes);
  g_test_add_func ("/Healing/Checkpoint/persist/corrupt", test_persist_corrupt);
  g_test_add_func ("/Healing/Checkpoint/persist/failed-write", test_persist_failed_write);

  return g_test_run ();
}
