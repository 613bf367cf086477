/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * What a checkpoint is in JSON: property values to and from JSON nodes (and
 * setting a property from one, validated so that a restore never warns),
 * the checkpoint document (healing_checkpoint_to_json () and
 * _new_from_json ()), its text (a writer json-glib reads back, a reader
 * behind the limits) and its file (read bounded, written atomically and
 * durably). The format is documented with HealingCheckpoint.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "healing-checkpoint-json-private.h"
#include "healing-checkpoint-private.h"
#include "healing-json-limits-private.h"

#define FORMAT_NAME "libhealing-checkpoint"

/* What a checkpoint file may hold, checked before json-glib parses it (it
 * recurses, and wraps big integers), and by the writer on what it writes,
 * so that a checkpoint that was written can always be read back. Documented
 * in the README. */
static const HealingJsonLimits checkpoint_limits = {
  .max_size = 64 * 1024 * 1024,
  .max_depth = 64,
  .max_string = 16 * 1024 * 1024,
  .max_values = 4 * 1024 * 1024,
  .counts = NULL,
};

/* ------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------ */

static JsonNode *
enum_to_json (GType type,
              int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);
  JsonNode *node;

  if (enum_value != NULL)
    node = json_node_init_string (json_node_alloc (), enum_value->value_nick);
  else
    node = json_node_init_int (json_node_alloc (), value);

  g_type_class_unref (klass);

  return node;
}

static JsonNode *
flags_to_json (GType type,
               guint value)
{
  GFlagsClass *klass = g_type_class_ref (type);
  GString *nicks = g_string_new (NULL);
  JsonNode *node;
  guint i;

  for (i = 0; i < klass->n_values; i++)
    {
      GFlagsValue *flag = &klass->values[i];

      if (flag->value != 0 && (value & flag->value) == flag->value)
        {
          if (nicks->len > 0)
            g_string_append_c (nicks, '|');
          g_string_append (nicks, flag->value_nick);
          value &= ~flag->value;
        }
    }

  if (value != 0)
    node = json_node_init_int (json_node_alloc (), value | 0);
  else
    node = json_node_init_string (json_node_alloc (), nicks->str);

  g_string_free (nicks, TRUE);
  g_type_class_unref (klass);

  return node;
}

static JsonNode *
string_or_null (char *str)
{
  JsonNode *node;

  if (str == NULL)
    return json_node_init_null (json_node_alloc ());

  node = json_node_init_string (json_node_alloc (), str);
  g_free (str);

  return node;
}

static JsonNode *
double_to_json (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no infinities or NaN: keep them as strings. */
  if (isfinite (value))
    return json_node_init_double (json_node_alloc (), value);

  return json_node_init_string (json_node_alloc (),
                                g_ascii_dtostr (buffer, sizeof buffer, value));
}

/* JSON integers are read as 64-bit signed: larger unsigned values are kept
 * as decimal strings. */
static JsonNode *
uint64_to_json (guint64 value)
{
  char buffer[24];

  if (value <= G_MAXINT64)
    return json_node_init_int (json_node_alloc (), (gint64) value);

  g_snprintf (buffer, sizeof buffer, "%" G_GUINT64_FORMAT, value);
  return json_node_init_string (json_node_alloc (), buffer);
}

/* json_node_init_array () and _object () take a reference of their own;
 * these hand ours over. */
JsonNode *
healing_checkpoint_node_take_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
healing_checkpoint_value_to_json (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), g_value_get_boolean (value));
    case G_TYPE_CHAR:
      return json_node_init_int (json_node_alloc (), g_value_get_schar (value));
    case G_TYPE_UCHAR:
      return json_node_init_int (json_node_alloc (), g_value_get_uchar (value));
    case G_TYPE_INT:
      return json_node_init_int (json_node_alloc (), g_value_get_int (value));
    case G_TYPE_UINT:
      return json_node_init_int (json_node_alloc (), g_value_get_uint (value));
    case G_TYPE_LONG:
      return json_node_init_int (json_node_alloc (), g_value_get_long (value));
    case G_TYPE_ULONG:
      return uint64_to_json (g_value_get_ulong (value));
    case G_TYPE_INT64:
      return json_node_init_int (json_node_alloc (), g_value_get_int64 (value));
    case G_TYPE_UINT64:
      return uint64_to_json (g_value_get_uint64 (value));
    case G_TYPE_FLOAT:
      return double_to_json (g_value_get_float (value));
    case G_TYPE_DOUBLE:
      return double_to_json (g_value_get_double (value));
    case G_TYPE_STRING:
      return string_or_null (g_value_dup_string (value));
    case G_TYPE_ENUM:
      return enum_to_json (type, g_value_get_enum (value));
    case G_TYPE_FLAGS:
      return flags_to_json (type, g_value_get_flags (value));
    case G_TYPE_VARIANT:
      {
        GVariant *variant = g_value_get_variant (value);

        return string_or_null (variant != NULL ? g_variant_print (variant, TRUE) : NULL);
      }
    case G_TYPE_INTERFACE:
      {
        GIcon *icon = g_value_get_object (value);

        return string_or_null (icon != NULL ? g_icon_to_string (icon) : NULL);
      }
    case G_TYPE_BOXED:
      {
        gpointer boxed = g_value_get_boxed (value);

        if (boxed == NULL)
          return json_node_init_null (json_node_alloc ());

        if (type == G_TYPE_STRV)
          {
            const char * const *strv = boxed;
            JsonArray *array = json_array_sized_new (g_strv_length ((char **) strv));

            for (; *strv != NULL; strv++)
              json_array_add_string_element (array, *strv);

            return healing_checkpoint_node_take_array (array);
          }
        if (type == GDK_TYPE_RGBA)
          return string_or_null (gdk_rgba_to_string (boxed));
        if (type == PANGO_TYPE_FONT_DESCRIPTION)
          return string_or_null (pango_font_description_to_string (boxed));
        if (type == PANGO_TYPE_ATTR_LIST)
          return string_or_null (pango_attr_list_to_string (boxed));
      }
      break;
    default:
      break;
    }

  return json_node_init_null (json_node_alloc ());
}

static gboolean
json_to_int (JsonNode  *node,
             gint64    *out)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  return FALSE;
}

static gboolean
json_to_double (JsonNode *node,
                double   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64 ||
      json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      *out = json_node_get_double (node);
      return TRUE;
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);
      char *end = NULL;

      *out = g_ascii_strtod (str, &end);
      return end != str && *end == '\0';
    }

  return FALSE;
}

static const char *
json_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/* A non-negative integer, or a decimal string for those beyond G_MAXINT64
 * (see uint64_to_json ()). */
static gboolean
json_to_uint64 (JsonNode *node,
                guint64  *out)
{
  const char *str = json_string (node);
  gint64 number;

  if (str != NULL)
    return g_ascii_string_to_unsigned (str, 10, 0, G_MAXUINT64, out, NULL);

  if (!json_to_int (node, &number) || number < 0)
    return FALSE;

  *out = (guint64) number;
  return TRUE;
}

static gboolean
json_to_enum (JsonNode *node,
              GType     type,
              int      *out)
{
  GEnumClass *klass = g_type_class_ref (type);
  const char *nick = json_string (node);
  GEnumValue *value = NULL;
  gint64 number;

  if (nick != NULL)
    {
      value = g_enum_get_value_by_nick (klass, nick);
      if (value == NULL)
        value = g_enum_get_value_by_name (klass, nick);
    }
  else if (json_to_int (node, &number) && number >= G_MININT && number <= G_MAXINT)
    {
      value = g_enum_get_value (klass, (int) number);
    }

  if (value != NULL)
    *out = value->value;

  g_type_class_unref (klass);

  return value != NULL;
}

static gboolean
json_to_flags (JsonNode *node,
               GType     type,
               guint    *out)
{
  GFlagsClass *klass;
  const char *nicks = json_string (node);
  gboolean ok = TRUE;
  gint64 number;
  char **parts;
  guint i;

  if (nicks == NULL)
    {
      if (!json_to_int (node, &number) || number < 0 || number > G_MAXUINT)
        return FALSE;
      *out = (guint) number;
      return TRUE;
    }

  klass = g_type_class_ref (type);
  parts = g_strsplit (nicks, "|", -1);
  *out = 0;
  for (i = 0; parts[i] != NULL && ok; i++)
    {
      GFlagsValue *value;

      if (parts[i][0] == '\0')
        continue;

      value = g_flags_get_value_by_nick (klass, parts[i]);
      if (value == NULL)
        value = g_flags_get_value_by_name (klass, parts[i]);

      if (value != NULL)
        *out |= value->value;
      else
        ok = FALSE;
    }
  g_strfreev (parts);
  g_type_class_unref (klass);

  return ok;
}

static gboolean
json_to_boxed (JsonNode *node,
               GType     type,
               GValue   *value)
{
  const char *str;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (type == G_TYPE_STRV)
    {
      JsonArray *array;
      GStrvBuilder *builder;
      guint i, n;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;

      array = json_node_get_array (node);
      n = json_array_get_length (array);
      builder = g_strv_builder_new ();
      for (i = 0; i < n; i++)
        {
          const char *element = json_string (json_array_get_element (array, i));

          if (element == NULL)
            {
              g_strv_builder_unref (builder);
              return FALSE;
            }
          g_strv_builder_add (builder, element);
        }
      g_value_take_boxed (value, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
      return TRUE;
    }

  str = json_string (node);
  if (str == NULL)
    return FALSE;

  if (type == GDK_TYPE_RGBA)
    {
      GdkRGBA rgba;

      if (!gdk_rgba_parse (&rgba, str))
        return FALSE;
      g_value_set_boxed (value, &rgba);
      return TRUE;
    }

  if (type == PANGO_TYPE_FONT_DESCRIPTION)
    {
      g_value_take_boxed (value, pango_font_description_from_string (str));
      return TRUE;
    }

  if (type == PANGO_TYPE_ATTR_LIST)
    {
      PangoAttrList *list = pango_attr_list_from_string (str);

      if (list == NULL)
        return FALSE;
      g_value_take_boxed (value, list);
      return TRUE;
    }

  return FALSE;
}

/* Converts @node into @value, initialised to the type of @pspec. */
static gboolean
json_to_value (JsonNode    *node,
               GParamSpec  *pspec,
               GValue      *value)
{
  GType type = pspec->value_type;
  gint64 number;
  double real;

  g_value_init (value, type);

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return FALSE;
      g_value_set_boolean (value, json_node_get_boolean (node));
      return TRUE;
    case G_TYPE_CHAR:
      if (!json_to_int (node, &number) || number < G_MININT8 || number > G_MAXINT8)
        return FALSE;
      g_value_set_schar (value, (gint8) number);
      return TRUE;
    case G_TYPE_UCHAR:
      if (!json_to_int (node, &number) || number < 0 || number > G_MAXUINT8)
        return FALSE;
      g_value_set_uchar (value, (guchar) number);
      return TRUE;
    case G_TYPE_INT:
      if (!json_to_int (node, &number) || number < G_MININT || number > G_MAXINT)
        return FALSE;
      g_value_set_int (value, (int) number);
      return TRUE;
    case G_TYPE_UINT:
      if (!json_to_int (node, &number) || number < 0 || number > G_MAXUINT)
        return FALSE;
      g_value_set_uint (value, (guint) number);
      return TRUE;
    case G_TYPE_LONG:
      if (!json_to_int (node, &number) || number < G_MINLONG || number > G_MAXLONG)
        return FALSE;
      g_value_set_long (value, (long) number);
      return TRUE;
    case G_TYPE_ULONG:
      {
        guint64 unsigned_number;

        if (!json_to_uint64 (node, &unsigned_number) || unsigned_number > G_MAXULONG)
          return FALSE;
        g_value_set_ulong (value, (gulong) unsigned_number);
        return TRUE;
      }
    case G_TYPE_INT64:
      if (!json_to_int (node, &number))
        return FALSE;
      g_value_set_int64 (value, number);
      return TRUE;
    case G_TYPE_UINT64:
      {
        guint64 unsigned_number;

        if (!json_to_uint64 (node, &unsigned_number))
          return FALSE;
        g_value_set_uint64 (value, unsigned_number);
        return TRUE;
      }
    case G_TYPE_FLOAT:
      /* A finite double beyond the range of a float would become an
       * infinity. */
      if (!json_to_double (node, &real) || (isfinite (real) && fabs (real) > G_MAXFLOAT))
        return FALSE;
      g_value_set_float (value, (float) real);
      return TRUE;
    case G_TYPE_DOUBLE:
      if (!json_to_double (node, &real))
        return FALSE;
      g_value_set_double (value, real);
      return TRUE;
    case G_TYPE_STRING:
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (json_string (node) == NULL)
        return FALSE;
      g_value_set_string (value, json_string (node));
      return TRUE;
    case G_TYPE_ENUM:
      {
        int enum_value;

        if (!json_to_enum (node, type, &enum_value))
          return FALSE;
        g_value_set_enum (value, enum_value);
        return TRUE;
      }
    case G_TYPE_FLAGS:
      {
        guint flags_value;

        if (!json_to_flags (node, type, &flags_value))
          return FALSE;
        g_value_set_flags (value, flags_value);
        return TRUE;
      }
    case G_TYPE_VARIANT:
      {
        const GVariantType *variant_type = G_PARAM_SPEC_VARIANT (pspec)->type;
        GVariant *variant;

        if (JSON_NODE_HOLDS_NULL (node))
          return TRUE;
        if (json_string (node) == NULL)
          return FALSE;
        variant = g_variant_parse (NULL, json_string (node), NULL, NULL, NULL);
        if (variant == NULL || !g_variant_is_of_type (variant, variant_type))
          {
            g_clear_pointer (&variant, g_variant_unref);
            return FALSE;
          }
        g_value_take_variant (value, variant);
        return TRUE;
      }
    case G_TYPE_INTERFACE:
      {
        GIcon *icon;

        if (type != G_TYPE_ICON)
          return FALSE;
        if (JSON_NODE_HOLDS_NULL (node))
          return TRUE;
        if (json_string (node) == NULL)
          return FALSE;
        icon = g_icon_new_for_string (json_string (node), NULL);
        if (icon == NULL)
          return FALSE;
        g_value_take_object (value, icon);
        return TRUE;
      }
    case G_TYPE_BOXED:
      return json_to_boxed (node, type, value);
    default:
      return FALSE;
    }
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type != G_VALUE_TYPE (b))
    return FALSE;

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case G_TYPE_VARIANT:
      {
        GVariant *va = g_value_get_variant (a);
        GVariant *vb = g_value_get_variant (b);

        if (va == NULL || vb == NULL)
          return va == vb;
        return g_variant_equal (va, vb);
      }
    case G_TYPE_INTERFACE:
      {
        GIcon *ia = g_value_get_object (a);
        GIcon *ib = g_value_get_object (b);

        if (ia == NULL || ib == NULL)
          return ia == ib;
        return g_icon_equal (ia, ib);
      }
    case G_TYPE_BOXED:
      {
        gpointer ba = g_value_get_boxed (a);
        gpointer bb = g_value_get_boxed (b);

        if (ba == NULL || bb == NULL)
          return ba == bb;
        if (type == G_TYPE_STRV)
          return g_strv_equal (ba, bb);
        if (type == GDK_TYPE_RGBA)
          return gdk_rgba_equal (ba, bb);
        if (type == PANGO_TYPE_FONT_DESCRIPTION)
          return pango_font_description_equal (ba, bb);
        if (type == PANGO_TYPE_ATTR_LIST)
          return pango_attr_list_equal (ba, bb);
        return FALSE;
      }
    /* -0.0 == 0.0, but they are different values (1 / x tells). */
    case G_TYPE_FLOAT:
      return g_value_get_float (a) == g_value_get_float (b) &&
             signbit (g_value_get_float (a)) == signbit (g_value_get_float (b));
    case G_TYPE_DOUBLE:
      return g_value_get_double (a) == g_value_get_double (b) &&
             signbit (g_value_get_double (a)) == signbit (g_value_get_double (b));
    default:
      {
        switch (G_TYPE_FUNDAMENTAL (type))
          {
          case G_TYPE_BOOLEAN:
            return g_value_get_boolean (a) == g_value_get_boolean (b);
          case G_TYPE_CHAR:
            return g_value_get_schar (a) == g_value_get_schar (b);
          case G_TYPE_UCHAR:
            return g_value_get_uchar (a) == g_value_get_uchar (b);
          case G_TYPE_INT:
            return g_value_get_int (a) == g_value_get_int (b);
          case G_TYPE_UINT:
            return g_value_get_uint (a) == g_value_get_uint (b);
          case G_TYPE_LONG:
            return g_value_get_long (a) == g_value_get_long (b);
          case G_TYPE_ULONG:
            return g_value_get_ulong (a) == g_value_get_ulong (b);
          case G_TYPE_INT64:
            return g_value_get_int64 (a) == g_value_get_int64 (b);
          case G_TYPE_UINT64:
            return g_value_get_uint64 (a) == g_value_get_uint64 (b);
          case G_TYPE_ENUM:
            return g_value_get_enum (a) == g_value_get_enum (b);
          case G_TYPE_FLAGS:
            return g_value_get_flags (a) == g_value_get_flags (b);
          default:
            break;
          }
        return FALSE;
      }
    }
}

/* Whether @value may be set on @object without a warning: within the
 * range of the property, and, for the GTK properties whose setters warn
 * about values they cannot take, acceptable to the widget as it is now.
 * A restore must not warn: under G_DEBUG=fatal-warnings (GTest's default)
 * a warning aborts the process. */
static gboolean
value_fits (GObject       *object,
            GParamSpec    *pspec,
            const GValue  *value,
            GError       **error)
{
  GValue copy = G_VALUE_INIT;
  gboolean changed;

  g_value_init (&copy, G_VALUE_TYPE (value));
  g_value_copy (value, &copy);
  changed = g_param_value_validate (pspec, &copy);
  g_value_unset (&copy);

  if (changed)
    {
      g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                           /* Translators: a saved value does not fit its property now. */
                           _("The saved value is out of the range of the property"));
      return FALSE;
    }

  if (GTK_IS_STACK (object) && g_str_equal (pspec->name, "visible-child-name"))
    {
      const char *name = g_value_get_string (value);

      if (name != NULL && gtk_stack_get_child_by_name (GTK_STACK (object), name) == NULL)
        {
          char *shown = healing_json_abbreviate (name, -1, 64);

          g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                       /* Translators: %s is the name of a page of a GtkStack. */
                       _("The stack has no page named “%s” any more"), shown);
          g_free (shown);
          return FALSE;
        }
    }
  else if (GTK_IS_NOTEBOOK (object) && g_str_equal (pspec->name, "page"))
    {
      int page = g_value_get_int (value);

      /* GTK 4.8 switches pages through gtk_root_get_focus () without
       * checking for a root: a critical outside a window (found by
       * tests/fuzz/fuzz-checkpoint). */
      if (page != gtk_notebook_get_current_page (GTK_NOTEBOOK (object)) &&
          gtk_widget_get_root (GTK_WIDGET (object)) == NULL)
        {
          g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                               /* Translators: GtkNotebook cannot change its page there. */
                               _("The notebook is not in a window, where GTK cannot switch its page"));
          return FALSE;
        }

      if (page >= gtk_notebook_get_n_pages (GTK_NOTEBOOK (object)))
        {
          g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                       /* Translators: %d is the number of a page of a GtkNotebook. */
                       _("The notebook has no page %d any more"), page);
          return FALSE;
        }
    }
  else if ((GTK_IS_DROP_DOWN (object) || GTK_IS_SINGLE_SELECTION (object)) &&
           g_str_equal (pspec->name, "selected"))
    {
      guint position = g_value_get_uint (value);
      GListModel *model = GTK_IS_DROP_DOWN (object) ? gtk_drop_down_get_model (GTK_DROP_DOWN (object))
                                                    : gtk_single_selection_get_model (GTK_SINGLE_SELECTION (object));
      guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;

      if (position != GTK_INVALID_LIST_POSITION && position >= n_items)
        {
          g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                       /* Translators: %u is the position of an item in a list. */
                       _("The list has no item %u any more"), position);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
healing_checkpoint_apply_value (GObject     *object,
                                GParamSpec  *pspec,
                                JsonNode    *node,
                                GError     **error)
{
  GValue value = G_VALUE_INIT;
  GValue current = G_VALUE_INIT;

  /* Every widget has these: skip the generic property machinery. */
  if (pspec->owner_type == GTK_TYPE_WIDGET && GTK_IS_WIDGET (object) &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      GtkWidget *widget = GTK_WIDGET (object);
      gboolean flag = json_node_get_boolean (node);

      if (g_str_equal (pspec->name, "visible"))
        {
          if (gtk_widget_get_visible (widget) != flag)
            gtk_widget_set_visible (widget, flag);
          return TRUE;
        }
      if (g_str_equal (pspec->name, "sensitive"))
        {
          if (gtk_widget_get_sensitive (widget) != flag)
            gtk_widget_set_sensitive (widget, flag);
          return TRUE;
        }
    }

  if (!json_to_value (node, pspec, &value))
    {
      g_value_unset (&value);
      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                   /* Translators: %s is the name of a type, such as gboolean. */
                   _("The saved value is not a valid %s"),
                   g_type_name (pspec->value_type));
      return FALSE;
    }

  if (!value_fits (object, pspec, &value, error))
    {
      g_value_unset (&value);
      return FALSE;
    }

  g_value_init (&current, pspec->value_type);
  g_object_get_property (object, pspec->name, &current);

  /* Setting a value a widget already has is not free (css-classes
   * invalidates style, text resets the cursor): only set what differs. */
  if (!values_equal (&value, &current))
    g_object_set_property (object, pspec->name, &value);

  g_value_unset (&current);
  g_value_unset (&value);

  return TRUE;
}
/* ------------------------------------------------------------------------
 * JSON
 * ------------------------------------------------------------------------ */

/**
 * healing_checkpoint_to_json:
 * @self: a checkpoint
 *
 * Serialises the checkpoint to JSON, in the format described in
 * [class@Checkpoint].
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
healing_checkpoint_to_json (HealingCheckpoint *self)
{
  JsonObject *root;
  JsonArray *objects;
  JsonArray *skipped;
  HealingCheckpointEntries *entries;
  const char * const *skipped_names;
  guint i, j;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), NULL);

  root = json_object_new ();
  json_object_set_string_member (root, "format", FORMAT_NAME);
  json_object_set_int_member (root, "version", HEALING_CHECKPOINT_FORMAT_VERSION);
  json_object_set_int_member (root, "time", healing_checkpoint_get_time (self));

  entries = healing_checkpoint_get_entries (self);
  objects = json_array_sized_new (entries->len);
  for (i = 0; i < entries->len; i++)
    {
      HealingCheckpointEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *object = json_object_new ();
      JsonObject *properties = json_object_new ();

      json_object_set_string_member (object, "path", entry->path);
      json_object_set_string_member (object, "type", entry->type_name);
      for (j = 0; j < entry->n_values; j++)
        json_object_set_member (properties, entry->names[j],
                                healing_checkpoint_value_dup_node (entry->values[j]));
      json_object_set_object_member (object, "properties", properties);
      if (entry->state != NULL)
        json_object_set_member (object, "state", json_node_copy (entry->state));

      json_array_add_object_element (objects, object);
    }
  json_object_set_array_member (root, "objects", objects);

  skipped = json_array_new ();
  skipped_names = healing_checkpoint_get_skipped (self);
  for (i = 0; skipped_names[i] != NULL; i++)
    json_array_add_string_element (skipped, skipped_names[i]);
  json_object_set_array_member (root, "skipped", skipped);

  return node_take_object (root);
}

/* The writer. Not JsonGenerator: json-glib 1.6 writes 1e+20 as `1e+20.0`
 * and infinities as `inf.0`, which its own parser refuses, so the file
 * would be moved aside as corrupt at the next start. This one writes only
 * what healing_json_check () and json-glib both read back: doubles always
 * with a fraction (`1.0e+20`), non-finite doubles in values a
 * HealingCheckpointable saved as the strings "inf", "-inf" and "nan", and
 * strings as valid UTF-8 with every control character escaped. */
static void
write_string (GString    *out,
              const char *str)
{
  char *valid = NULL;
  const char *p;

  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (p = str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');

  g_free (valid);
}

static void
write_double (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 2];
  char *exponent;

  if (!isfinite (value))
    {
      write_string (out, isnan (value) ? "nan" : value > 0 ? "inf" : "-inf");
      return;
    }

  /* %.17g: reads back to the same double. */
  g_ascii_dtostr (buffer, G_ASCII_DTOSTR_BUF_SIZE, value);
  if (strchr (buffer, '.') != NULL)
    {
      g_string_append (out, buffer);
      return;
    }

  /* Keep it a double when read back: 3 → 3.0, 1e+20 → 1.0e+20. */
  exponent = strpbrk (buffer, "eE");
  if (exponent != NULL)
    {
      g_string_append_len (out, buffer, exponent - buffer);
      g_string_append (out, ".0");
      g_string_append (out, exponent);
    }
  else
    {
      g_string_append (out, buffer);
      g_string_append (out, ".0");
    }
}

/* Fails past the depth the reader accepts. */
static gboolean
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        GList *members, *l;
        gboolean ok = TRUE;

        if (depth >= checkpoint_limits.max_depth)
          return FALSE;

        members = json_object_get_members (object);
        g_string_append_c (out, '{');
        for (l = members; ok && l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            write_string (out, l->data);
            g_string_append_c (out, ':');
            ok = write_node (out, json_object_get_member (object, l->data), depth + 1);
          }
        g_string_append_c (out, '}');
        g_list_free (members);
        return ok;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint i, n = json_array_get_length (array);
        gboolean ok = TRUE;

        if (depth >= checkpoint_limits.max_depth)
          return FALSE;

        g_string_append_c (out, '[');
        for (i = 0; ok && i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            ok = write_node (out, json_array_get_element (array, i), depth + 1);
          }
        g_string_append_c (out, ']');
        return ok;
      }
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return TRUE;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
        default:
          write_string (out, json_node_get_string (node) != NULL ? json_node_get_string (node) : "");
          break;
        }
      return TRUE;
    }
}

/* The JSON text of the checkpoint, checked against what the reader
 * accepts. */
static char *
to_checked_data (HealingCheckpoint  *self,
                 gsize              *length,
                 GError            **error)
{
  HealingJsonProblem problem;
  JsonNode *node = healing_checkpoint_to_json (self);
  GString *out = g_string_new (NULL);
  gboolean deep;

  deep = !write_node (out, node, 0);
  json_node_unref (node);

  if (deep)
    {
      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE,
                   /* Translators: %u is a number of levels */
                   _("The checkpoint is nested deeper than the limit of %u levels"),
                   checkpoint_limits.max_depth);
      g_string_free (out, TRUE);
      return NULL;
    }

  if (!healing_json_check (out->str, out->len, &checkpoint_limits, &problem))
    {
      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE,
                   /* Translators: the checkpoint would not be read back; the
                    * %s are a position in the JSON text and what is wrong */
                   _("The checkpoint exceeds what can be read back: at %s: %s"),
                   problem.path[0] != '\0' ? problem.path : "(root)", problem.message);
      healing_json_problem_clear (&problem);
      g_string_free (out, TRUE);
      return NULL;
    }

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/**
 * healing_checkpoint_to_data:
 * @self: a checkpoint
 * @length: (out) (optional): return location for the length of the data
 *
 * Serialises the checkpoint to JSON text.
 *
 * Returns: (transfer full): the JSON text
 */
char *
healing_checkpoint_to_data (HealingCheckpoint *self,
                            gsize             *length)
{
  JsonNode *node;
  GString *out;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), NULL);

  node = healing_checkpoint_to_json (self);
  out = g_string_new (NULL);
  write_node (out, node, 0);
  json_node_unref (node);

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *what)
{
  g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
               /* Translators: the first %s is a position in a JSON document,
                * such as $.objects[3].path; the second says what is wrong. */
               _("Not a valid checkpoint: at %s: %s"), where, what);
  return FALSE;
}

/*
 * Names read from a file.
 *
 * Every type and property name of the process is a quark already (GType
 * and GParamSpec intern theirs), and entries compare names by pointer
 * first, then by text. A name GLib does not know yet is not interned here:
 * quarks are never freed, so a file would grow the process's quark table
 * for good with every name it makes up. Such a name is copied into the
 * entry's own block instead; it still matches by text a type registered
 * or a property installed later (a checkpoint is often read at start-up,
 * before the application's classes exist).
 */
static gsize
unknown_name_size (const char *name)
{
  return g_quark_try_string (name) != 0 ? 0 : strlen (name) + 1;
}

static const char *
block_name (const char  *name,
            char       **text)
{
  GQuark quark = g_quark_try_string (name);
  const char *copy;
  gsize size;

  if (quark != 0)
    return g_quark_to_string (quark);

  size = strlen (name) + 1;
  copy = memcpy (*text, name, size);
  *text += size;

  return copy;
}

static HealingCheckpointEntry *
entry_from_json (JsonNode  *node,
                 guint      index,
                 GError   **error)
{
  HealingCheckpointEntry *entry;
  JsonObject *object;
  JsonObject *properties = NULL;
  JsonNode *member;
  const char *path, *type;
  char *where;
  GList *names, *l;
  const char **entry_names;
  char *text;
  gsize texts;
  guint n_names;

  where = g_strdup_printf ("$.objects[%u]", index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: JSON vocabulary; keep "object". */
      invalid (error, where, _("expected an object"));
      g_free (where);
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "path");
  path = member != NULL ? json_string (member) : NULL;
  member = json_object_get_member (object, "type");
  type = member != NULL ? json_string (member) : NULL;
  member = json_object_get_member (object, "properties");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    properties = json_node_get_object (member);

  if (path == NULL || type == NULL || (member != NULL && properties == NULL))
    {
      /* Translators: JSON vocabulary; keep the member names in quotes. */
      invalid (error, where, _("expected a string \"path\", a string \"type\" and an object \"properties\""));
      g_free (where);
      return NULL;
    }
  g_free (where);

  /* One block for the entry, its values, their names and the text of
   * every name GLib does not know yet (see block_name ()). */
  names = properties != NULL ? json_object_get_members (properties) : NULL;
  n_names = g_list_length (names);
  texts = unknown_name_size (type);
  for (l = names; l != NULL; l = l->next)
    texts += unknown_name_size (l->data);
  entry = g_malloc0 (sizeof (HealingCheckpointEntry) +
                     n_names * (sizeof (HealingCheckpointValue) + sizeof (const char *)) + texts);
  entry_names = (const char **) &entry->values[n_names];
  text = (char *) &entry_names[n_names];
  entry->names = entry_names;
  g_ref_count_init (&entry->ref_count);
  entry->path = g_ref_string_new (path);
  entry->type_name = block_name (type, &text);

  for (l = names; l != NULL; l = l->next)
    {
      entry_names[entry->n_values] = block_name (l->data, &text);
      entry->values[entry->n_values] =
        healing_checkpoint_value_from_node (json_object_get_member (properties, l->data));
      entry->n_values++;
    }
  g_list_free (names);

  member = json_object_get_member (object, "state");
  if (member != NULL)
    entry->state = json_node_copy (member);

  return entry;
}

/**
 * healing_checkpoint_new_from_json:
 * @node: a JSON object, as [method@Checkpoint.to_json] returns it
 * @error: return location for an error
 *
 * Reads a checkpoint from JSON.
 *
 * Fails with [error@Healing.CheckpointError.invalid], naming the position
 * of the first problem, if @node is not a checkpoint, and with
 * [error@Healing.CheckpointError.unsupported-version] if it was written in
 * a newer format.
 *
 * Returns: (transfer full): the checkpoint, or `NULL` on error
 */
HealingCheckpoint *
healing_checkpoint_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  JsonObject *root;
  JsonNode *member;
  JsonArray *objects;
  GPtrArray *entries;
  GHashTable *skipped;
  HealingCheckpoint *self;
  gint64 version = 0, time = 0;
  guint i, n;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "$", _("expected an object")), NULL;
  root = json_node_get_object (node);

  member = json_object_get_member (root, "format");
  if (member == NULL || g_strcmp0 (json_string (member), FORMAT_NAME) != 0)
    return invalid (error, "$.format",
                    /* Translators: do not translate the quoted name. */
                    _("expected \"libhealing-checkpoint\"")), NULL;

  member = json_object_get_member (root, "version");
  if (member == NULL || !json_to_int (member, &version) || version < 1)
    return invalid (error, "$.version", _("expected a positive integer")), NULL;
  if (version > HEALING_CHECKPOINT_FORMAT_VERSION)
    {
      char *version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, HEALING_CHECKPOINT_ERROR,
                   HEALING_CHECKPOINT_ERROR_UNSUPPORTED_VERSION,
                   /* Translators: the first %s and the %d are format version numbers. */
                   _("Checkpoint format version %s is newer than the supported version %d"),
                   version_text, HEALING_CHECKPOINT_FORMAT_VERSION);
      g_free (version_text);
      return NULL;
    }

  member = json_object_get_member (root, "time");
  if (member != NULL && !json_to_int (member, &time))
    return invalid (error, "$.time", _("expected an integer")), NULL;

  member = json_object_get_member (root, "objects");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return invalid (error, "$.objects", _("expected an array")), NULL;
  objects = json_node_get_array (member);

  n = json_array_get_length (objects);
  entries = g_ptr_array_new_full (n, (GDestroyNotify) healing_checkpoint_entry_unref);
  for (i = 0; i < n; i++)
    {
      HealingCheckpointEntry *entry = entry_from_json (json_array_get_element (objects, i), i, error);

      if (entry == NULL)
        {
          g_ptr_array_unref (entries);
          return NULL;
        }
      g_ptr_array_add (entries, entry);
    }

  skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  member = json_object_get_member (root, "skipped");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (i = 0; i < json_array_get_length (array); i++)
        {
          const char *str = json_string (json_array_get_element (array, i));

          if (str != NULL)
            g_hash_table_add (skipped, g_strdup (str));
        }
    }
  self = healing_checkpoint_new_at (healing_checkpoint_entries_new_take (entries), skipped, time);
  g_hash_table_unref (skipped);

  return self;
}

static HealingCheckpoint *
parse (JsonParser  *parser,
       const char  *name,
       GError     **error)
{
  HealingCheckpoint *self;
  JsonNode *root = json_parser_get_root (parser);
  GError *local_error = NULL;

  if (root == NULL)
    {
      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                   /* Translators: %s is a file name. */
                   _("%s:1:1: Not a valid checkpoint: the document is empty"), name);
      return NULL;
    }

  self = healing_checkpoint_new_from_json (root, &local_error);
  if (self == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", name, local_error->message);
      g_error_free (local_error);
    }

  return self;
}

/* Checks @data against the limits before json-glib parses it, then reads
 * it; errors start with @name and the line and column. */
static HealingCheckpoint *
load_data (const char  *data,
           gsize        length,
           const char  *name,
           GError     **error)
{
  HealingCheckpoint *self;
  HealingJsonProblem problem;
  JsonParser *parser;
  GError *local_error = NULL;

  if (!healing_json_check (data, length, &checkpoint_limits, &problem))
    {
      if (problem.path[0] != '\0')
        g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                     /* Translators: the first %s is a file name, the %u are a line and
                      * a column, then a key path in the JSON text and what is wrong */
                     _("%s:%u:%u: Not a valid checkpoint: at %s: %s"),
                     name, problem.line, problem.column, problem.path, problem.message);
      else
        g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                     /* Translators: the first %s is a file name, the %u are a line and
                      * a column, then what is wrong */
                     _("%s:%u:%u: Not a valid checkpoint: %s"),
                     name, problem.line, problem.column, problem.message);
      healing_json_problem_clear (&problem);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* Not expected: the check accepts a subset of what json-glib does. */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>"))
        message += strlen ("<data>");
      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_INVALID,
                   /* Translators: %s are a file name and a message that starts
                    * with the line and column. */
                   _("%s%s (not a valid checkpoint)"), name, message);
      g_error_free (local_error);
      g_object_unref (parser);
      return NULL;
    }

  self = parse (parser, name, error);
  g_object_unref (parser);

  return self;
}

/**
 * healing_checkpoint_new_from_data:
 * @data: JSON text, as [method@Checkpoint.to_data] returns it
 * @length: the length of @data, or -1 if it is nul-terminated
 * @error: return location for an error
 *
 * Reads a checkpoint from JSON text.
 *
 * The text is checked against the limits documented in the README (size,
 * nesting, string length, number of values) before it is parsed. Errors
 * name the position of the problem, as `<data>:line:column`.
 *
 * Returns: (transfer full): the checkpoint, or `NULL` on error
 */
HealingCheckpoint *
healing_checkpoint_new_from_data (const char  *data,
                                  gssize       length,
                                  GError     **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_data (data, length < 0 ? strlen (data) : (gsize) length, "<data>", error);
}

/**
 * healing_checkpoint_new_from_file:
 * @path: (type filename): the file to read
 * @error: return location for an error
 *
 * Reads a checkpoint from a JSON file.
 *
 * Fails with [error@Healing.CheckpointError.read] if the file cannot be
 * read or is not a regular file (a FIFO or a device is refused without
 * blocking), and with [error@Healing.CheckpointError.invalid] if it is not
 * a checkpoint or exceeds a limit; the message names the file and the
 * position of the problem.
 *
 * Returns: (transfer full): the checkpoint, or `NULL` on error
 */
HealingCheckpoint *
healing_checkpoint_new_from_file (const char  *path,
                                  GError     **error)
{
  HealingCheckpoint *self;
  GError *local_error = NULL;
  char *display_name;
  char *data;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!healing_json_read_file (path, checkpoint_limits.max_size, &data, &length, &local_error))
    {
      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_READ,
                   /* Translators: %s is a system message that names the file. */
                   _("Could not read a checkpoint: %s"), local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  display_name = g_filename_display_name (path);
  self = load_data (data, length, display_name, error);
  g_free (display_name);
  g_free (data);

  return self;
}

static gboolean
sync_folder (const char  *dir,
             GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }

  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: %s is a system message */
               _("the folder could not be synced to disk: %s"), g_strerror (saved_errno));

  return FALSE;
}

/**
 * healing_checkpoint_save_to_file:
 * @self: a checkpoint
 * @path: (type filename): the file to write
 * @error: return location for an error
 *
 * Writes the checkpoint to a JSON file, atomically and durably: the data
 * and the folder are synced to disk, so after a crash or a power cut the
 * file holds either the previous content or the new one, never a mixture,
 * and if writing fails the previous file is left intact. Missing parent
 * folders are created.
 *
 * What is written is checked against what the reader accepts (the limits
 * documented in the README): a checkpoint that could not be read back is
 * not written, and the error says why.
 *
 * Returns: whether the file was written
 */
gboolean
healing_checkpoint_save_to_file (HealingCheckpoint  *self,
                                 const char         *path,
                                 GError            **error)
{
  GError *local_error = NULL;
  char *dir;
  char *data;
  gsize length;
  gboolean ok;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      char *display_name = g_filename_display_name (dir);

      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE,
                   /* Translators: %s are a folder name and a system message. */
                   _("Could not create the folder %s: %s"),
                   display_name, g_strerror (saved_errno));
      g_free (display_name);
      g_free (dir);
      return FALSE;
    }

  data = to_checked_data (self, &length, &local_error);
  if (data == NULL)
    {
      char *display_name = g_filename_display_name (path);

      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE,
                   _("Could not write checkpoint %s: %s"),
                   display_name, local_error->message);
      g_free (display_name);
      g_error_free (local_error);
      g_free (dir);
      return FALSE;
    }

  /* DURABLE: the data reaches the disk before the rename replaces the old
   * file, so a power cut leaves the old file or the new one. */
  ok = g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error);
  g_free (data);

  /* And the rename itself reaches the disk with the folder. */
  if (ok && !sync_folder (dir, &local_error))
    ok = FALSE;
  g_free (dir);

  if (!ok)
    {
      char *display_name = g_filename_display_name (path);

      g_set_error (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_WRITE,
                   /* Translators: %s are a file name and a system message. */
                   _("Could not write checkpoint %s: %s"),
                   display_name, local_error->message);
      g_free (display_name);
      g_error_free (local_error);
    }

  return ok;
}

