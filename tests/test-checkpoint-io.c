/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Checkpoints that always read back, restores that never warn, and
 * persistence that survives kill -9 (issue 14). Runs with
 * G_DEBUG=fatal-warnings,fatal-criticals (tests/meson.build): a warning
 * anywhere in a restore, a write or a load fails the test. */

#include "config.h"

#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <healing.h>

#include "healing-checkpoint-ring-private.h"
#include "healing-test-utils.h"

static char *state_dir;

/* ------------------------------------------------------------------------
 * A widget with a property of every type a checkpoint supports
 * ------------------------------------------------------------------------ */

#define TEST_TYPE_ALL_TYPES (test_all_types_get_type ())
G_DECLARE_FINAL_TYPE (TestAllTypes, test_all_types, TEST, ALL_TYPES, GtkWidget)

enum {
  P_0,
  P_BOOLEAN, P_CHAR, P_UCHAR, P_INT, P_UINT, P_LONG, P_ULONG, P_INT64, P_UINT64,
  P_FLOAT, P_DOUBLE, P_STRING, P_ENUM, P_FLAGS, P_VARIANT, P_ICON, P_STRV,
  P_RGBA, P_FONT, P_ATTRS, P_SMALL,
  N_P
};

struct _TestAllTypes
{
  GtkWidget parent_instance;
  GValue values[N_P];
};

G_DEFINE_FINAL_TYPE (TestAllTypes, test_all_types, GTK_TYPE_WIDGET)

static GParamSpec *all_props[N_P];

static void
test_all_types_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  g_value_copy (&TEST_ALL_TYPES (object)->values[prop_id], value);
}

static void
test_all_types_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TestAllTypes *self = TEST_ALL_TYPES (object);

  g_value_unset (&self->values[prop_id]);
  g_value_init (&self->values[prop_id], pspec->value_type);
  g_value_copy (value, &self->values[prop_id]);
}

static void
test_all_types_finalize (GObject *object)
{
  TestAllTypes *self = TEST_ALL_TYPES (object);
  guint i;

  for (i = 1; i < N_P; i++)
    g_value_unset (&self->values[i]);

  G_OBJECT_CLASS (test_all_types_parent_class)->finalize (object);
}

static void
test_all_types_class_init (TestAllTypesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = test_all_types_get_property;
  object_class->set_property = test_all_types_set_property;
  object_class->finalize = test_all_types_finalize;

  all_props[P_BOOLEAN] = g_param_spec_boolean ("p-boolean", NULL, NULL, FALSE, flags);
  all_props[P_CHAR] = g_param_spec_char ("p-char", NULL, NULL, G_MININT8, G_MAXINT8, 0, flags);
  all_props[P_UCHAR] = g_param_spec_uchar ("p-uchar", NULL, NULL, 0, G_MAXUINT8, 0, flags);
  all_props[P_INT] = g_param_spec_int ("p-int", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  all_props[P_UINT] = g_param_spec_uint ("p-uint", NULL, NULL, 0, G_MAXUINT, 0, flags);
  all_props[P_LONG] = g_param_spec_long ("p-long", NULL, NULL, G_MINLONG, G_MAXLONG, 0, flags);
  all_props[P_ULONG] = g_param_spec_ulong ("p-ulong", NULL, NULL, 0, G_MAXULONG, 0, flags);
  all_props[P_INT64] = g_param_spec_int64 ("p-int64", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  all_props[P_UINT64] = g_param_spec_uint64 ("p-uint64", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  all_props[P_FLOAT] = g_param_spec_float ("p-float", NULL, NULL, -INFINITY, INFINITY, 0, flags);
  all_props[P_DOUBLE] = g_param_spec_double ("p-double", NULL, NULL, -INFINITY, INFINITY, 0, flags);
  all_props[P_STRING] = g_param_spec_string ("p-string", NULL, NULL, NULL, flags);
  all_props[P_ENUM] = g_param_spec_enum ("p-enum", NULL, NULL, GTK_TYPE_ALIGN, GTK_ALIGN_FILL, flags);
  all_props[P_FLAGS] = g_param_spec_flags ("p-flags", NULL, NULL, GTK_TYPE_STATE_FLAGS, 0, flags);
  all_props[P_VARIANT] = g_param_spec_variant ("p-variant", NULL, NULL, G_VARIANT_TYPE ("(xta{sv}d)"), NULL, flags);
  all_props[P_ICON] = g_param_spec_object ("p-icon", NULL, NULL, G_TYPE_ICON, flags);
  all_props[P_STRV] = g_param_spec_boxed ("p-strv", NULL, NULL, G_TYPE_STRV, flags);
  all_props[P_RGBA] = g_param_spec_boxed ("p-rgba", NULL, NULL, GDK_TYPE_RGBA, flags);
  all_props[P_FONT] = g_param_spec_boxed ("p-font", NULL, NULL, PANGO_TYPE_FONT_DESCRIPTION, flags);
  all_props[P_ATTRS] = g_param_spec_boxed ("p-attrs", NULL, NULL, PANGO_TYPE_ATTR_LIST, flags);
  /* A narrow range, for values that do not fit. */
  all_props[P_SMALL] = g_param_spec_int ("p-small", NULL, NULL, 0, 10, 0, flags);

  g_object_class_install_properties (object_class, N_P, all_props);
}

static void
test_all_types_init (TestAllTypes *self)
{
  guint i;

  for (i = 1; i < N_P; i++)
    {
      g_value_init (&self->values[i], all_props[i]->value_type);
      g_param_value_set_default (all_props[i], &self->values[i]);
    }
}

typedef struct
{
  gboolean boolean;
  gint8 c;
  guint8 uc;
  int i;
  guint u;
  long l;
  gulong ul;
  gint64 i64;
  guint64 u64;
  float f;
  double d;
  const char *string;
  GtkAlign align;
  GtkStateFlags state;
  const char *variant;
  const char *icon;
  const char *strv[4];
  const char *rgba;
  const char *font;
  const char *attrs;
} Extremes;

static const Extremes extremes[] = {
  { FALSE, G_MININT8, 0, G_MININT, 0, G_MINLONG, 0, G_MININT64, 0,
    -G_MAXFLOAT, -G_MAXDOUBLE, "", GTK_ALIGN_FILL, 0,
    "(int64 -9223372036854775808, uint64 0, @a{sv} {}, -1.7976931348623157e308)",
    "gtk-ok", { NULL }, "rgba(0,0,0,0)", "Sans 1", "" },
  { TRUE, G_MAXINT8, G_MAXUINT8, G_MAXINT, G_MAXUINT, G_MAXLONG, G_MAXULONG, G_MAXINT64, G_MAXUINT64,
    G_MAXFLOAT, G_MAXDOUBLE,
    "\"quotes\" \\back\\ \t\n\r\b\f \x01\x1f é 日本 \xf0\x9f\x98\x80 \xe2\x80\xa8 /* */ //",
    GTK_ALIGN_BASELINE, GTK_STATE_FLAG_ACTIVE | GTK_STATE_FLAG_PRELIGHT | GTK_STATE_FLAG_FOCUS_WITHIN,
    "(int64 9223372036854775807, uint64 18446744073709551615, {'k': <'v'>}, 1e+300)",
    ". GThemedIcon edit-copy edit-copy-symbolic", { "", "a\"b", "\xe2\x80\xa8", NULL },
    "rgb(255,255,255)", "Monospace Bold Italic 72", "0 4294967295 weight bold" },
  /* The doubles json-glib's generator cannot write back. */
  { FALSE, -1, 1, -1, 1, -1, 1, -1, 1,
    1e20f, 1e20, "x", GTK_ALIGN_CENTER, GTK_STATE_FLAG_DIR_RTL,
    "(int64 0, uint64 9223372036854775808, @a{sv} {}, 1e20)",
    "emblem-ok", { "one", NULL }, "#123456", "Serif 9.5", "0 1 style italic" },
  { FALSE, 0, 0, 0, 0, 0, 0, 0, 0,
    1e-7f, 1e-7, NULL, GTK_ALIGN_END, 0, NULL, NULL, { NULL }, NULL, NULL, NULL },
  { FALSE, 0, 0, 0, 0, 0, 0, 0, 0,
    G_MINFLOAT, 4.9406564584124654e-324, "0", GTK_ALIGN_START, 0, NULL, NULL, { NULL }, NULL, NULL, NULL },
  { FALSE, 0, 0, 0, 0, 0, 0, 0, 0,
    INFINITY, -INFINITY, "null", GTK_ALIGN_START, 0, NULL, NULL, { NULL }, NULL, NULL, NULL },
  { FALSE, 0, 0, 0, 0, 0, 0, 0, 0,
    /* Not NaN: GObject refuses it for every float and double property. */
    -G_MINFLOAT, -4.9406564584124654e-324, "true", GTK_ALIGN_START, 0, NULL, NULL, { NULL }, NULL, NULL, NULL },
  { FALSE, 0, 0, 0, 0, 0, 0, 0, 0,
    -0.0f, -0.0, "1e+20.0", GTK_ALIGN_START, 0, NULL, NULL, { NULL }, NULL, NULL, NULL },
};

static void
set_extremes (GtkWidget     *widget,
              const Extremes *e)
{
  GVariant *variant = e->variant != NULL ? g_variant_parse (NULL, e->variant, NULL, NULL, NULL) : NULL;
  GIcon *icon = e->icon != NULL ? g_icon_new_for_string (e->icon, NULL) : NULL;
  GdkRGBA rgba;
  PangoFontDescription *font = e->font != NULL ? pango_font_description_from_string (e->font) : NULL;
  PangoAttrList *attrs = e->attrs != NULL ? pango_attr_list_from_string (e->attrs) : NULL;

  if (e->variant != NULL)
    g_assert_nonnull (variant);
  if (e->rgba != NULL)
    g_assert_true (gdk_rgba_parse (&rgba, e->rgba));

  g_object_set (widget,
                "p-boolean", e->boolean, "p-char", e->c, "p-uchar", e->uc,
                "p-int", e->i, "p-uint", e->u, "p-long", e->l, "p-ulong", e->ul,
                "p-int64", e->i64, "p-uint64", e->u64,
                "p-float", e->f, "p-double", e->d,
                "p-string", e->string, "p-enum", e->align, "p-flags", e->state,
                "p-variant", variant, "p-icon", icon, "p-strv", e->strv,
                "p-rgba", e->rgba != NULL ? &rgba : NULL, "p-font", font, "p-attrs", attrs,
                NULL);

  g_clear_pointer (&variant, g_variant_unref);
  g_clear_object (&icon);
  g_clear_pointer (&font, pango_font_description_free);
  g_clear_pointer (&attrs, pango_attr_list_unref);
}

static gboolean
same_value (GParamSpec   *pspec,
            const GValue *a,
            const GValue *b)
{
  GType fundamental = G_TYPE_FUNDAMENTAL (pspec->value_type);

  if (fundamental == G_TYPE_FLOAT)
    {
      float x = g_value_get_float (a), y = g_value_get_float (b);

      return (isnan (x) && isnan (y)) || (x == y && signbit (x) == signbit (y));
    }
  if (fundamental == G_TYPE_DOUBLE)
    {
      double x = g_value_get_double (a), y = g_value_get_double (b);

      return (isnan (x) && isnan (y)) || (x == y && signbit (x) == signbit (y));
    }
  if (pspec->value_type == G_TYPE_STRV)
    {
      const char * const *x = g_value_get_boxed (a), * const *y = g_value_get_boxed (b);

      /* An empty array and no array are the same state. */
      if (x == NULL || y == NULL)
        return (x == NULL || *x == NULL) && (y == NULL || *y == NULL);
      return g_strv_equal (x, y);
    }
  if (pspec->value_type == GDK_TYPE_RGBA)
    {
      const GdkRGBA *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);

      return x == NULL || y == NULL ? x == y : gdk_rgba_equal (x, y);
    }
  if (pspec->value_type == PANGO_TYPE_FONT_DESCRIPTION)
    {
      const PangoFontDescription *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);

      return x == NULL || y == NULL ? x == y : pango_font_description_equal (x, y);
    }
  if (pspec->value_type == PANGO_TYPE_ATTR_LIST)
    {
      PangoAttrList *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);
      char *sx = x != NULL ? pango_attr_list_to_string (x) : g_strdup ("");
      char *sy = y != NULL ? pango_attr_list_to_string (y) : g_strdup ("");
      gboolean same = g_str_equal (sx, sy);

      g_free (sx);
      g_free (sy);
      return same;
    }
  if (pspec->value_type == G_TYPE_ICON)
    {
      GIcon *x = g_value_get_object (a), *y = g_value_get_object (b);

      return x == NULL || y == NULL ? x == y : g_icon_equal (x, y);
    }

  return g_param_values_cmp (pspec, a, b) == 0;
}

static void
assert_same_properties (GtkWidget *a,
                        GtkWidget *b)
{
  guint i;

  for (i = 1; i < N_P; i++)
    {
      GValue va = G_VALUE_INIT, vb = G_VALUE_INIT;

      g_value_init (&va, all_props[i]->value_type);
      g_value_init (&vb, all_props[i]->value_type);
      g_object_get_property (G_OBJECT (a), all_props[i]->name, &va);
      g_object_get_property (G_OBJECT (b), all_props[i]->name, &vb);
      if (!same_value (all_props[i], &va, &vb))
        {
          char *sa = g_strdup_value_contents (&va), *sb = g_strdup_value_contents (&vb);

          g_error ("%s: wrote %s, read back %s", all_props[i]->name, sa, sb);
        }
      g_value_unset (&va);
      g_value_unset (&vb);
    }
}

/* Every supported type, at its extremes, through to_data () and
 * new_from_data (), and through a file. */
static void
test_extremes (void)
{
  guint n;

  for (n = 0; n < G_N_ELEMENTS (extremes); n++)
    {
      GtkWidget *a = g_object_ref_sink (g_object_new (TEST_TYPE_ALL_TYPES, NULL));
      GtkWidget *b = g_object_ref_sink (g_object_new (TEST_TYPE_ALL_TYPES, NULL));
      GtkWidget *c = g_object_ref_sink (g_object_new (TEST_TYPE_ALL_TYPES, NULL));
      char *path = g_build_filename (state_dir, "extremes.json", NULL);
      HealingCheckpoint *checkpoint, *read, *from_file;
      GError *error = NULL;
      char **unrestored = NULL;
      char *data;
      gsize length;

      g_test_message ("extremes %u", n);
      set_extremes (a, &extremes[n]);
      checkpoint = healing_checkpoint_new_capture (a);
      g_assert_cmpstrv (healing_checkpoint_get_skipped (checkpoint), ((const char *[]) { NULL }));

      data = healing_checkpoint_to_data (checkpoint, &length);
      g_assert_true (g_utf8_validate (data, length, NULL));
      read = healing_checkpoint_new_from_data (data, length, &error);
      if (error != NULL)
        g_test_message ("%s", data);
      g_assert_no_error (error);

      g_assert_true (healing_checkpoint_restore (read, b, &unrestored));
      g_assert_cmpstrv (unrestored, ((const char *[]) { NULL }));
      g_strfreev (unrestored);
      assert_same_properties (a, b);

      g_assert_true (healing_checkpoint_save_to_file (checkpoint, path, &error));
      g_assert_no_error (error);
      from_file = healing_checkpoint_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_true (healing_checkpoint_restore (from_file, c, NULL));
      assert_same_properties (a, c);

      g_unlink (path);
      g_free (path);
      g_free (data);
      g_object_unref (from_file);
      g_object_unref (read);
      g_object_unref (checkpoint);
      g_object_unref (c);
      g_object_unref (b);
      g_object_unref (a);
    }
}

/* Whether @a and @b hold the same value of every property, as JSON. */
static void
assert_same_values (HealingCheckpoint *a,
                    HealingCheckpoint *b)
{
  guint i;

  for (i = 1; i < N_P; i++)
    {
      JsonNode *x = healing_checkpoint_dup_value (a, ".", all_props[i]->name);
      JsonNode *y = healing_checkpoint_dup_value (b, ".", all_props[i]->name);

      g_assert_nonnull (x);
      g_assert_nonnull (y);
      if (!json_node_equal (x, y))
        g_error ("%s: %s read back as %s", all_props[i]->name,
                 json_to_string (x, FALSE), json_to_string (y, FALSE));
      json_node_unref (x);
      json_node_unref (y);
    }
}

/* The values a checkpoint keeps packed (strings, booleans, integers, and
 * the nodes of the rest), through a ring: every checkpoint of it restored
 * in turn into the widget it was taken of, so each restore compares with
 * the live capture and sets only what differs; the oldest dropped; every
 * checkpoint written, read back and restored into a new widget; the ring's
 * file loaded into a new ring. */
static void
test_ring_every_type (void)
{
  guint capacity = G_N_ELEMENTS (extremes) - 2;
  GtkWidget *a = g_object_ref_sink (g_object_new (TEST_TYPE_ALL_TYPES, NULL));
  GtkWidget *expected = g_object_ref_sink (g_object_new (TEST_TYPE_ALL_TYPES, NULL));
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  HealingCheckpointRing *loaded = healing_checkpoint_ring_new ();
  char *path = g_build_filename (state_dir, "every-type.json", NULL);
  GError *error = NULL;
  guint n, i, round;

  healing_checkpoint_ring_set_capacity (ring, capacity);
  healing_checkpoint_ring_set_root (ring, a);
  for (n = 0; n < G_N_ELEMENTS (extremes); n++)
    {
      set_extremes (a, &extremes[n]);
      healing_checkpoint_ring_checkpoint (ring);
    }
  /* The oldest two are gone. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, capacity);

  /* Twice: the second time every restore starts from another checkpoint's
   * state, and one restores the state the widget holds already. */
  for (round = 0; round < 2; round++)
    for (i = 0; i < capacity; i++)
      {
        g_autoptr (HealingCheckpoint) checkpoint = g_list_model_get_item (G_LIST_MODEL (ring), i);
        const Extremes *e = &extremes[G_N_ELEMENTS (extremes) - 1 - i];
        GtkWidget *b = g_object_ref_sink (g_object_new (TEST_TYPE_ALL_TYPES, NULL));
        HealingCheckpoint *read;
        char *data;

        g_test_message ("round %u, checkpoint %u", round, i);
        set_extremes (expected, e);
        g_assert_true (healing_checkpoint_ring_restore_checkpoint (ring, checkpoint, 0, NULL, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpstrv (healing_checkpoint_ring_get_unrestored (ring), ((const char *[]) { NULL }));
        assert_same_properties (expected, a);

        data = healing_checkpoint_to_data (checkpoint, NULL);
        read = healing_checkpoint_new_from_data (data, -1, &error);
        g_assert_no_error (error);
        assert_same_values (checkpoint, read);
        g_assert_true (healing_checkpoint_restore (read, b, NULL));
        assert_same_properties (expected, b);

        g_free (data);
        g_object_unref (read);
        g_object_unref (b);
      }

  /* What the ring wrote is what it held. */
  healing_checkpoint_ring_set_persist_path (ring, path);
  g_assert_true (healing_checkpoint_ring_save (ring, &error));
  g_assert_no_error (error);
  healing_checkpoint_ring_set_persist_path (loaded, path);
  g_assert_true (healing_checkpoint_ring_load (loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), >=, 1);
  {
    g_autoptr (HealingCheckpoint) newest = g_list_model_get_item (G_LIST_MODEL (ring), 0);
    g_autoptr (HealingCheckpoint) read = g_list_model_get_item (G_LIST_MODEL (loaded), 0);

    assert_same_values (newest, read);
  }

  g_unlink (path);
  g_free (path);
  g_object_unref (loaded);
  g_object_unref (ring);
  g_object_unref (expected);
  g_object_unref (a);
}

/* The case: json-glib's generator wrote an adjustment's upper bound
 * of 1e20 as "1e+20.0", which nothing reads back. */
static void
test_adjustment_upper (void)
{
  GtkWidget *spin = g_object_ref_sink (gtk_spin_button_new_with_range (0, 1e20, 1));
  GtkWidget *other = g_object_ref_sink (gtk_spin_button_new_with_range (0, 10, 1));
  HealingCheckpoint *checkpoint, *read;
  GError *error = NULL;
  char *data;

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5e19);
  checkpoint = healing_checkpoint_new_capture (spin);
  data = healing_checkpoint_to_data (checkpoint, NULL);
  g_assert_null (strstr (data, "e+20.0"));
  g_assert_nonnull (strstr (data, "1.0e+20"));
  read = healing_checkpoint_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_true (healing_checkpoint_restore (read, other, NULL));
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (other))), ==, 1e20);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (other)), ==, 5e19);

  g_free (data);
  g_object_unref (read);
  g_object_unref (checkpoint);
  g_object_unref (other);
  g_object_unref (spin);
}

/* ------------------------------------------------------------------------
 * Restores that validate
 * ------------------------------------------------------------------------ */

static GtkWidget *
build_form (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *notebook = gtk_notebook_new ();
  GtkWidget *drop_down = gtk_drop_down_new_from_strings ((const char *[]) { "a", "b", NULL });
  GtkWidget *progress = gtk_progress_bar_new ();
  GtkWidget *all = g_object_new (TEST_TYPE_ALL_TYPES, NULL);

  gtk_widget_set_name (paned, "paned");
  gtk_widget_set_name (stack, "stack");
  gtk_widget_set_name (notebook, "notebook");
  gtk_widget_set_name (drop_down, "drop-down");
  gtk_widget_set_name (progress, "progress");
  gtk_widget_set_name (all, "all");

  gtk_paned_set_start_child (GTK_PANED (paned), gtk_label_new ("start"));
  gtk_paned_set_end_child (GTK_PANED (paned), gtk_label_new ("end"));
  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("one"), "one");
  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("two"), "two");
  gtk_notebook_append_page (GTK_NOTEBOOK (notebook), gtk_label_new ("p0"), NULL);
  gtk_notebook_append_page (GTK_NOTEBOOK (notebook), gtk_label_new ("p1"), NULL);

  gtk_box_append (GTK_BOX (box), paned);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), notebook);
  gtk_box_append (GTK_BOX (box), drop_down);
  gtk_box_append (GTK_BOX (box), progress);
  gtk_box_append (GTK_BOX (box), all);

  g_object_set_data (G_OBJECT (box), "stack", stack);
  g_object_set_data (G_OBJECT (box), "notebook", notebook);
  g_object_set_data (G_OBJECT (box), "paned", paned);

  return box;
}

static void
set_member (JsonNode   *root,
            const char *path,
            const char *property,
            JsonNode   *value)
{
  JsonArray *objects = json_object_get_array_member (json_node_get_object (root), "objects");
  guint i;

  for (i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (g_str_equal (json_object_get_string_member (object, "path"), path))
        {
          json_object_set_member (json_object_get_object_member (object, "properties"),
                                  property, value);
          return;
        }
    }

  {
    char *text = json_to_string (root, TRUE);

    g_printerr ("%s\n", text);
    g_free (text);
  }
  g_error ("no object at %s", path);
}

static gboolean
has_line (char       **lines,
          const char  *prefix)
{
  for (; lines != NULL && *lines != NULL; lines++)
    if (g_str_has_prefix (*lines, prefix))
      return TRUE;

  return FALSE;
}

/* Values a setter would warn about (issue 14: `position = -5`, a missing
 * stack child) are skipped and listed, never set. */
static void
test_restore_validates (void)
{
  GtkWidget *form = build_form ();
  GtkWidget *window = healing_test_window_new (form);
  HealingCheckpoint *checkpoint, *hostile;
  HealingCheckpointRing *ring;
  GError *error = NULL;
  char **unrestored = NULL;
  JsonNode *json;
  guint i;

  checkpoint = healing_checkpoint_new_capture (form);
  json = healing_checkpoint_to_json (checkpoint);

  set_member (json, "@paned", "position", json_node_init_int (json_node_alloc (), -5));
  set_member (json, "@stack", "visible-child-name", json_node_init_string (json_node_alloc (), "gone"));
  set_member (json, "@notebook", "page", json_node_init_int (json_node_alloc (), 7));
  set_member (json, "#GtkDropDown", "selected", json_node_init_int (json_node_alloc (), 99));
  set_member (json, "@progress", "fraction", json_node_init_double (json_node_alloc (), 5.0));
  set_member (json, "@all", "p-small", json_node_init_int (json_node_alloc (), 50));
  set_member (json, "@all", "p-int", json_node_init_int (json_node_alloc (), G_MAXINT64));
  set_member (json, "@all", "p-uint", json_node_init_int (json_node_alloc (), -1));
  set_member (json, "@all", "p-uint64", json_node_init_int (json_node_alloc (), -1));
  set_member (json, "@all", "p-float", json_node_init_double (json_node_alloc (), 1e300));
  set_member (json, "@all", "p-enum", json_node_init_int (json_node_alloc (), 1000));
  set_member (json, "@all", "p-flags", json_node_init_int (json_node_alloc (), -1));

  hostile = healing_checkpoint_new_from_json (json, &error);
  g_assert_no_error (error);

  g_assert_false (healing_checkpoint_restore (hostile, form, &unrestored));
  for (i = 0; unrestored[i] != NULL; i++)
    g_test_message ("%s", unrestored[i]);
  g_assert_true (has_line (unrestored, "@paned:position: "));
  g_assert_true (has_line (unrestored, "@stack:visible-child-name: "));
  g_assert_true (has_line (unrestored, "@notebook:page: "));
  g_assert_true (has_line (unrestored, "#GtkDropDown:selected: "));
  g_assert_true (has_line (unrestored, "@progress:fraction: "));
  g_assert_true (has_line (unrestored, "@all:p-small: "));
  g_assert_true (has_line (unrestored, "@all:p-int: "));
  g_assert_true (has_line (unrestored, "@all:p-uint: "));
  g_assert_true (has_line (unrestored, "@all:p-uint64: "));
  g_assert_true (has_line (unrestored, "@all:p-float: "));
  g_assert_true (has_line (unrestored, "@all:p-enum: "));
  g_assert_true (has_line (unrestored, "@all:p-flags: "));
  g_assert_cmpuint (g_strv_length (unrestored), ==, 12);
  g_strfreev (unrestored);

  /* Nothing was set. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (g_object_get_data (G_OBJECT (form), "stack")), ==, "one");
  g_assert_cmpint (gtk_notebook_get_current_page (g_object_get_data (G_OBJECT (form), "notebook")), ==, 0);
  g_assert_cmpint (gtk_paned_get_position (g_object_get_data (G_OBJECT (form), "paned")), >=, 0);

  /* Through a ring, the same list is kept for the application. */
  ring = healing_checkpoint_ring_new ();
  healing_checkpoint_ring_set_root (ring, form);
  g_assert_null (healing_checkpoint_ring_get_unrestored (ring));
  g_object_unref (checkpoint);
  {
    char *data = healing_checkpoint_to_data (hostile, NULL);
    char *path = g_build_filename (state_dir, "hostile.json", NULL);

    g_assert_true (g_file_set_contents (path, data, -1, NULL));
    healing_checkpoint_ring_set_persist_path (ring, path);
    g_assert_true (healing_checkpoint_ring_load (ring, &error));
    g_assert_no_error (error);
    g_assert_nonnull (healing_checkpoint_ring_restore (ring, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length ((char **) healing_checkpoint_ring_get_unrestored (ring)), ==, 12);
    healing_checkpoint_ring_set_persist_path (ring, NULL);
    g_unlink (path);
    g_free (path);
    g_free (data);
  }
  /* Twelve values refused, none of them warned, and GLib's logging is
   * not stuck. */
  healing_test_assert_logging_works ();

  g_object_unref (ring);
  g_object_unref (hostile);
  json_node_unref (json);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------
 * Hostile checkpoint files
 * ------------------------------------------------------------------------ */

static void
assert_invalid (const char *data,
                gssize      length,
                int         code,
                const char *prefix,
                const char *detail)
{
  GError *error = NULL;

  g_assert_null (healing_checkpoint_new_from_data (data, length, &error));
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 600);
  if (prefix != NULL && !g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
  if (detail != NULL && strstr (error->message, detail) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, detail);
  g_clear_error (&error);
}

static void
test_hostile_files (void)
{
  GString *deep = g_string_new ("{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"objects\": ");
  char *path = g_build_filename (state_dir, "hostile", "state.json", NULL);
  char *dir = g_path_get_dirname (path);
  HealingCheckpointRing *ring;
  GError *error = NULL;
  gint64 start;
  guint i;

  for (i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  /* A persisted checkpoint nested 100,000 deep: a crash loop before. */
  assert_invalid (deep->str, deep->len, HEALING_CHECKPOINT_ERROR_INVALID,
                  "<data>:1:", "deeper than the limit of 64");

  assert_invalid ("{\"format\": \"libhealing-checkpoint\", \"version\": 4294967297, \"objects\": []}", -1,
                  HEALING_CHECKPOINT_ERROR_UNSUPPORTED_VERSION, "<data>: ", "version 4294967297 is newer");
  assert_invalid ("{\"format\": \"libhealing-checkpoint\", \"version\": 9223372036854775808, \"objects\": []}", -1,
                  HEALING_CHECKPOINT_ERROR_INVALID, "<data>:1:48: Not a valid checkpoint: at version: ", "got 9223372036854775808");
  /* What json-glib's generator wrote: refused, with a position. */
  assert_invalid ("{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"objects\": [{\"path\": \".\", "
                  "\"type\": \"GtkAdjustment\", \"properties\": {\"upper\": 1e+20.0}}]}", -1,
                  HEALING_CHECKPOINT_ERROR_INVALID, "<data>:1:", NULL);
  assert_invalid ("{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"objects\": [], \"x\": inf.0}", -1,
                  HEALING_CHECKPOINT_ERROR_INVALID, "<data>:1:", NULL);
  assert_invalid ("{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"objects\": []}{}", -1,
                  HEALING_CHECKPOINT_ERROR_INVALID, "<data>:1:", "after the end");
  assert_invalid ("{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"objects\": [\"\xc3\x28\"]}", -1,
                  HEALING_CHECKPOINT_ERROR_INVALID, "<data>:1:", "UTF-8");

  /* A FIFO as the state file is refused at once, and moved aside. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  ring = healing_checkpoint_ring_new ();
  healing_checkpoint_ring_set_persist_path (ring, path);
  start = g_get_monotonic_time ();
  g_assert_false (healing_checkpoint_ring_load (ring, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A crash loop of corrupt files keeps at most three copies aside. */
  for (i = 0; i < 6; i++)
    {
      g_assert_true (g_file_set_contents (path, "{\"format\": 1", -1, NULL));
      g_assert_false (healing_checkpoint_ring_load (ring, &error));
      g_assert_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID);
      g_clear_error (&error);
    }
  {
    GDir *d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        char *full = g_build_filename (dir, name, NULL);

        g_test_message ("left: %s", name);
        g_unlink (full);
        g_free (full);
        n++;
      }
    g_dir_close (d);
    g_assert_cmpuint (n, ==, 3);
  }

  g_object_unref (ring);
  g_rmdir (dir);
  g_free (dir);
  g_free (path);
  g_string_free (deep, TRUE);
}

/* ------------------------------------------------------------------------
 * Write failures
 * ------------------------------------------------------------------------ */

static void
save_failed_cb (HealingCheckpointRing *ring,
                GError                *error,
                GError               **out)
{
  g_clear_error (out);
  *out = g_error_copy (error);
}

/* A full disk reports through ::save-failed and a message, never a
 * warning: this test runs with fatal warnings. */
static void
test_save_failed (void)
{
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  char *path = g_build_filename (state_dir, "full", "entry.json", NULL);
  GError *failure = NULL;
  char *before = NULL, *after = NULL;
  struct rlimit old_limit, limit;
  void (*old_handler) (int);

  healing_checkpoint_ring_set_root (ring, entry);
  healing_checkpoint_ring_set_persist_path (ring, path);
  g_signal_connect (ring, "save-failed", G_CALLBACK (save_failed_cb), &failure);
  gtk_editable_set_text (GTK_EDITABLE (entry), "kept");
  healing_checkpoint_ring_checkpoint (ring);
  g_assert_null (failure);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* Every write beyond 16 bytes fails, as on a full disk (the tests may
   * run as root, so a read-only folder would not do). */
  gtk_editable_set_text (GTK_EDITABLE (entry), "never written");
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 16;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  healing_checkpoint_ring_checkpoint (ring);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_error (failure, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE);
  g_test_message ("%s", failure->message);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  healing_test_assert_logging_works ();

  g_clear_error (&failure);
  g_object_unref (ring);
  g_object_unref (entry);
  g_unlink (path);
  g_free (before);
  g_free (after);
  g_free (path);
}

/* A state folder that cannot exist (its parent is a file; permissions
 * would not do, the tests may run as root): every write fails, reported
 * through ::save-failed with the path, never a warning; the checkpoints
 * stay in memory and the process, and its logging, go on. */
static void
test_save_failed_no_folder (void)
{
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  g_autofree char *file = g_build_filename (state_dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (file, "state", "entry.json", NULL);
  GError *failure = NULL;
  guint i;

  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));
  healing_checkpoint_ring_set_root (ring, entry);
  healing_checkpoint_ring_set_persist_path (ring, path);
  g_signal_connect (ring, "save-failed", G_CALLBACK (save_failed_cb), &failure);

  for (i = 0; i < 3; i++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "value %u", i);
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      healing_checkpoint_ring_checkpoint (ring);
      g_assert_error (failure, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE);
      g_test_message ("%s", failure->message);
      g_assert_nonnull (strstr (failure->message, file));
      g_clear_error (&failure);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), >, 0);

  /* What is in memory still restores. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "changed");
  g_assert_true (healing_checkpoint_ring_restore (ring, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "value 2");
  healing_test_assert_logging_works ();

  g_object_unref (ring);
  g_object_unref (entry);
  g_unlink (file);
}

/* ------------------------------------------------------------------------
 * kill -9 during writes
 * ------------------------------------------------------------------------ */

static const char kill_checkpoint_format[] =
  "{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"time\": %u, \"objects\": ["
  "{\"path\": \".\", \"type\": \"GtkEntry\", \"properties\": {\"text\": \"%s\"}}]}";

/* The child: writes checkpoints of about 200 kB in a loop until killed. */
static int
run_writer (const char *path)
{
  char *padding = g_strnfill (200000, 'x');
  guint n;

  /* Started (a sanitizer build takes a while to): the kills may begin. */
  if (write (STDOUT_FILENO, "ready\n", 6) != 6)
    return 1;

  for (n = 0; ; n++)
    {
      char *data = g_strdup_printf (kill_checkpoint_format, n, padding);
      HealingCheckpoint *checkpoint = healing_checkpoint_new_from_data (data, -1, NULL);

      g_assert_nonnull (checkpoint);
      healing_checkpoint_save_to_file (checkpoint, path, NULL);
      g_object_unref (checkpoint);
      g_free (data);
    }

  return 1;
}

static void
test_kill_during_write (void)
{
  char *dir = g_build_filename (state_dir, "killed", NULL);
  char *path = g_build_filename (dir, "entry.json", NULL);
  char *self = g_file_read_link ("/proc/self/exe", NULL);
  HealingCheckpointRing *ring = healing_checkpoint_ring_new ();
  GError *error = NULL;
  guint i, loaded = 0;
  GRand *rand = g_rand_new_with_seed (14);

  g_assert_nonnull (self);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  healing_checkpoint_ring_set_persist_path (ring, path);

  for (i = 0; i < 40; i++)
    {
      const char *argv[] = { self, "--writer", path, NULL };
      GPid pid;
      int status, out;
      struct pollfd ready;
      char line[8];

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      /* Kill it while it writes, not while it starts: wait (30 s at most)
       * for its first word. */
      ready.fd = out;
      ready.events = POLLIN;
      g_assert_cmpint (poll (&ready, 1, 30000), ==, 1);
      g_assert_cmpint (read (out, line, sizeof line), ==, 6);
      close (out);
      g_usleep (g_rand_int_range (rand, 20, 120) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      /* The file is the old one, a new one, or not there yet: never torn. */
      g_assert_true (healing_checkpoint_ring_load (ring, &error));
      g_assert_no_error (error);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        loaded++;

      /* And nothing is left behind but the file. */
      {
        GDir *d = g_dir_open (dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (d)) != NULL)
          if (!g_str_equal (name, "entry.json"))
            g_error ("left behind after kill %u: %s", i, name);
        g_dir_close (d);
      }
    }

  g_test_message ("%u of 40 kills left a checkpoint that loaded", loaded);
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), >, 0);

  g_object_unref (ring);
  g_unlink (path);
  g_rmdir (dir);
  g_rand_free (rand);
  g_free (self);
  g_free (path);
  g_free (dir);
}

/* A widget type that does not exist yet when a checkpoint naming it is
 * read: registered on first use, as an application's classes are. */
#define LATE_TYPE_NAME "HealingTestLateWidget"
#define LATE_PROPERTY "late-test-value"

typedef struct {
  GtkWidget parent_instance;
  int value;
} HealingTestLateWidget;

typedef struct {
  GtkWidgetClass parent_class;
} HealingTestLateWidgetClass;

static GType healing_test_late_widget_get_type (void);
G_DEFINE_TYPE (HealingTestLateWidget, healing_test_late_widget, GTK_TYPE_WIDGET)

static void
late_widget_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  g_value_set_int (value, ((HealingTestLateWidget *) object)->value);
}

static void
late_widget_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ((HealingTestLateWidget *) object)->value = g_value_get_int (value);
}

static void
healing_test_late_widget_class_init (HealingTestLateWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = late_widget_get_property;
  object_class->set_property = late_widget_set_property;
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_int (LATE_PROPERTY, NULL, NULL, 0, 100, 0,
                                                     G_PARAM_READWRITE));
}

static void
healing_test_late_widget_init (HealingTestLateWidget *self)
{
}

/* Names in a file that GLib does not know are not made quarks (which are
 * never freed: a file could grow the table for good with made-up names),
 * yet nothing is lost: they are written back, and a type registered after
 * the file was read still gets its values. */
static void
test_unknown_names (void)
{
  const char *data =
    "{\"format\": \"libhealing-checkpoint\", \"version\": 1, \"time\": 0, \"objects\": "
    "[{\"path\": \".\", \"type\": \"" LATE_TYPE_NAME "\", \"properties\": "
    "{\"" LATE_PROPERTY "\": 42, \"made-up-name-7f3a\": 1}}], \"skipped\": []}";
  HealingCheckpoint *checkpoint;
  GtkWidget *widget;
  GError *error = NULL;
  char **unrestored = NULL;
  char *written;

  g_assert_cmpuint (g_quark_try_string (LATE_TYPE_NAME), ==, 0);
  g_assert_cmpuint (g_quark_try_string (LATE_PROPERTY), ==, 0);
  g_assert_cmpuint (g_quark_try_string ("made-up-name-7f3a"), ==, 0);

  checkpoint = healing_checkpoint_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_quark_try_string (LATE_TYPE_NAME), ==, 0);
  g_assert_cmpuint (g_quark_try_string (LATE_PROPERTY), ==, 0);
  g_assert_cmpuint (g_quark_try_string ("made-up-name-7f3a"), ==, 0);

  written = healing_checkpoint_to_data (checkpoint, NULL);
  g_assert_nonnull (strstr (written, "\"type\":\"" LATE_TYPE_NAME "\""));
  g_assert_nonnull (strstr (written, "\"" LATE_PROPERTY "\":42"));
  g_assert_nonnull (strstr (written, "\"made-up-name-7f3a\":1"));
  g_free (written);

  widget = g_object_ref_sink (g_object_new (healing_test_late_widget_get_type (), NULL));
  g_assert_false (healing_checkpoint_restore (checkpoint, widget, &unrestored));
  g_assert_cmpint (((HealingTestLateWidget *) widget)->value, ==, 42);
  g_assert_cmpuint (g_strv_length (unrestored), ==, 1);
  g_assert_true (g_str_has_prefix (unrestored[0], ".:made-up-name-7f3a: "));
  g_assert_cmpuint (g_quark_try_string ("made-up-name-7f3a"), ==, 0);

  g_strfreev (unrestored);
  g_object_unref (widget);
  g_object_unref (checkpoint);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  state_dir = g_dir_make_tmp ("healing-checkpoint-io-XXXXXX", NULL);
  g_assert_nonnull (state_dir);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  healing_test_init (&argc, &argv);

  g_test_add_func ("/Healing/CheckpointIO/extremes", test_extremes);
  g_test_add_func ("/Healing/CheckpointIO/ring-every-type", test_ring_every_type);
  g_test_add_func ("/Healing/CheckpointIO/adjustment-upper", test_adjustment_upper);
  g_test_add_func ("/Healing/CheckpointIO/restore-validates", test_restore_validates);
  g_test_add_func ("/Healing/CheckpointIO/hostile-files", test_hostile_files);
  g_test_add_func ("/Healing/CheckpointIO/unknown-names", test_unknown_names);
  g_test_add_func ("/Healing/CheckpointIO/save-failed", test_save_failed);
  g_test_add_func ("/Healing/CheckpointIO/save-failed-no-folder", test_save_failed_no_folder);
  g_test_add_func ("/Healing/CheckpointIO/kill-during-write", test_kill_during_write);

  return g_test_run ();
}
