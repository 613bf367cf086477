/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "healing-checkpoint-private.h"
#include "healing-container.h"
#include "healing-enums.h"
#include "healing-json-limits-private.h"

/**
 * HealingCheckpoint:
 *
 * A snapshot of the state of a widget subtree.
 *
 * A checkpoint holds the values of the readable, writable properties of
 * every widget under a root widget (the root included), and of the objects
 * those widgets own through object-valued properties: text and entry
 * buffers, adjustments, selection models. Construct-only and deprecated
 * properties are never captured. Objects that implement
 * [iface@Checkpointable] add state that is not held in properties.
 *
 * [method@Checkpoint.restore] puts the values back through the normal
 * property setters, into the same widgets or into a new subtree built the
 * same way, such as the same form in a new process.
 *
 * A checkpoint is immutable: capture a new one to see later changes.
 * [class@CheckpointRing] keeps the last few checkpoints of a subtree, takes
 * them cheaply and guards against restore loops.
 *
 * ## Paths
 *
 * Each object is identified by a path from the root: the root is `.`, and
 * each widget below it adds a segment, separated by `/`, that is
 *
 * - `#id`, its buildable id (the `id` of its `<object>` in a `.ui` file), if
 *   it has one;
 * - else `@name`, its [property@Gtk.Widget:name], if one is set;
 * - else its type name, such as `GtkEntry`;
 *
 * followed by `[n]` when it is the n-th sibling (counting from 0) with the
 * same segment, as in `#form/GtkEntry[2]`. An object owned by a widget adds
 * `:` and the property name: `#form/#volume:adjustment`.
 *
 * Give the widgets whose state matters an id or a name: their paths then
 * survive changes to the rest of the layout.
 *
 * ## What is captured
 *
 * Values of the fundamental types, enumerations and flags (by nick),
 * strings, string arrays, variants, icons and the boxed types that have a
 * string form ([struct@Gdk.RGBA], [struct@Pango.FontDescription],
 * [struct@Pango.AttrList]). Properties of other types are skipped and
 * listed in [property@Checkpoint:skipped]; widget-valued properties (a
 * button's child, a label's mnemonic widget) are structure, not state, and
 * are skipped silently.
 *
 * The defaults capture what user input and application code change, and
 * leave layout, configuration and transient state alone, which a new
 * instance of the same UI has anyway:
 *
 * - of the properties that GTK's own classes and interfaces declare, only
 *   a curated list of state: of [class@Gtk.Widget], `visible`, `sensitive`
 *   and `css-classes` (a handler that flags an entry with an `error` class
 *   changes state), but not `has-focus`, `parent`, `root`,
 *   `layout-manager`, `css-name`, margins, alignment or tooltips; the text
 *   of editables, entry and text buffers and labels; the `active` state of
 *   toggles, check buttons and switches; adjustments (of ranges, spin and
 *   scrolled windows); the selection of drop-downs and single-selection
 *   models; the visible page of stacks and notebooks; the position of
 *   panes; expanders, revealers and search bars; calendar dates; levels,
 *   progress, colours and fonts;
 * - every readable, writable property declared by other classes, such as
 *   the application's own widgets;
 * - popovers, other native widgets and nested [class@Container]s (which
 *   checkpoint their own child) are skipped with their children;
 * - the children of composite widgets such as [class@Gtk.Entry],
 *   [class@Gtk.SpinButton], [class@Gtk.DropDown], [class@Gtk.Scale],
 *   buttons, labels and list views are implementation details: their state
 *   is the composite widget's properties.
 *
 * Change them with [func@Checkpoint.set_property_rule] and
 * [func@Checkpoint.set_type_rule].
 *
 * ## JSON
 *
 * [method@Checkpoint.to_json] gives an object with the format version:
 *
 * ```json
 * {
 *   "format": "libhealing-checkpoint",
 *   "version": 1,
 *   "time": 1767225600000000,
 *   "objects": [
 *     { "path": "#form/#email", "type": "GtkEntry",
 *       "properties": { "visible": true, "text": "ada@example.com" } }
 *   ],
 *   "skipped": [ "GtkLabel:tabs (PangoTabArray)" ]
 * }
 * ```
 *
 * Numbers follow JSON, which has no infinities and only 64-bit signed
 * integers as json-glib reads them: a non-finite float or double is
 * written as the string `"inf"`, `"-inf"` or `"nan"`, an unsigned 64-bit
 * value above `G_MAXINT64` as a decimal string, and doubles always with a
 * fraction (`1.0e+20`, `3.0`). Strings that are not valid UTF-8 are written
 * with U+FFFD in place of the invalid bytes. A checkpoint is only written
 * if it passes the limits the reader checks (see the README), so what was
 * written can always be read back.
 *
 * Before a value is restored it is validated against its property
 * (`g_param_value_validate()`) and, for the GTK properties whose setters
 * warn about values they cannot take (a stack page name, a notebook page,
 * a drop-down or selection position), against the widget as it is now. A
 * value that does not fit is not set, and is listed in what
 * [method@Checkpoint.restore] could not restore, so that a restore never
 * logs a warning.
 *
 * Checkpoints use the GTK thread only.
 */
struct _HealingCheckpoint
{
  GObject parent_instance;

  GPtrArray *entries;
  GHashTable *by_path;
  char **skipped;
  gint64 time;
  gboolean quarantined;
};

G_DEFINE_FINAL_TYPE (HealingCheckpoint, healing_checkpoint, G_TYPE_OBJECT)

/* The skipped list of most checkpoints, shared (never freed). */
static char *no_skipped_strv[] = { NULL };
static char **const no_skipped = no_skipped_strv;

G_DEFINE_QUARK (healing-checkpoint-error-quark, healing_checkpoint_error)

enum {
  PROP_0,
  PROP_TIME,
  PROP_N_OBJECTS,
  PROP_SKIPPED,
  PROP_QUARANTINED,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

#define FORMAT_NAME "libhealing-checkpoint"
/* How deep owned objects may nest (a list view's selection model's model). */
#define MAX_OWNED_DEPTH 3

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
 * Rules and plans
 * ------------------------------------------------------------------------ */

typedef struct {
  GType type;
  const char *property;   /* interned; NULL for a type rule */
  int value;              /* capture (property rule) or HealingCheckpointTypeRule */
} Rule;

static GArray *rules;
static GHashTable *plans;
static GPtrArray *retired_plans;
static guint rules_serial = 1;

static void
add_rule (GType       type,
          const char *property,
          int         value)
{
  Rule rule = { type, property != NULL ? g_intern_string (property) : NULL, value };

  g_array_append_val (rules, rule);
  rules_serial++;

  /* Plans in use stay valid (a walk may hold one); new lookups rebuild. */
  if (plans != NULL && g_hash_table_size (plans) > 0)
    {
      GHashTableIter iter;
      gpointer plan;

      g_hash_table_iter_init (&iter, plans);
      while (g_hash_table_iter_next (&iter, NULL, &plan))
        {
          g_ptr_array_add (retired_plans, plan);
          g_hash_table_iter_steal (&iter);
        }
    }
}

/* The state properties of GTK's own types: what user input and handlers
 * change, as opposed to layout and configuration, which the application
 * sets up and which a new instance of the same UI has anyway. */
static const struct {
  GType (*get_type) (void);
  const char *properties;
} gtk_state[] = {
  { gtk_widget_get_type, "visible sensitive css-classes" },
  { gtk_editable_get_type, "text" },
  { gtk_entry_get_type, "buffer" },
  { gtk_entry_buffer_get_type, "text" },
  { gtk_text_get_type, "buffer" },
  { gtk_text_view_get_type, "buffer" },
  { gtk_text_buffer_get_type, "text" },
  { gtk_label_get_type, "label" },
  { gtk_button_get_type, "label" },
  { gtk_toggle_button_get_type, "active" },
  { gtk_check_button_get_type, "active inconsistent" },
  { gtk_switch_get_type, "active state" },
  { gtk_range_get_type, "adjustment" },
  { gtk_spin_button_get_type, "adjustment value" },
  { gtk_scale_button_get_type, "value" },
  { gtk_adjustment_get_type, "lower upper step-increment page-increment page-size value" },
  { gtk_drop_down_get_type, "selected model" },
  { gtk_single_selection_get_type, "selected model" },
  { gtk_no_selection_get_type, "model" },
  { gtk_multi_selection_get_type, "model" },
  { gtk_list_view_get_type, "model" },
  { gtk_grid_view_get_type, "model" },
  { gtk_column_view_get_type, "model" },
  { gtk_scrolled_window_get_type, "hadjustment vadjustment" },
  { gtk_stack_get_type, "visible-child-name" },
  { gtk_notebook_get_type, "page" },
  { gtk_paned_get_type, "position" },
  { gtk_expander_get_type, "expanded" },
  { gtk_revealer_get_type, "reveal-child" },
  { gtk_search_bar_get_type, "search-mode-enabled" },
  { gtk_calendar_get_type, "year month day" },
  { gtk_level_bar_get_type, "value" },
  { gtk_progress_bar_get_type, "fraction text" },
  { gtk_color_chooser_get_type, "rgba" },
  { gtk_font_chooser_get_type, "font" },
};

/* Whether a property nobody made a rule for is captured: those of GTK's own
 * types only if they are in gtk_state[], all others (the application's own
 * classes) always. */
static gboolean
default_capture (GParamSpec *pspec)
{
  return !g_str_has_prefix (g_type_name (pspec->owner_type), "Gtk");
}

static void
ensure_rules (void)
{
  guint i, j;
  GType skip_children[] = {
    GTK_TYPE_APP_CHOOSER_BUTTON, GTK_TYPE_BUTTON, GTK_TYPE_CALENDAR,
    GTK_TYPE_CHECK_BUTTON, GTK_TYPE_COLOR_CHOOSER_WIDGET, GTK_TYPE_COLUMN_VIEW,
    GTK_TYPE_COMBO_BOX, GTK_TYPE_DROP_DOWN, GTK_TYPE_EDITABLE_LABEL,
    GTK_TYPE_ENTRY, GTK_TYPE_FILE_CHOOSER_WIDGET, GTK_TYPE_FONT_CHOOSER_WIDGET,
    GTK_TYPE_GRID_VIEW, GTK_TYPE_LABEL, GTK_TYPE_LEVEL_BAR, GTK_TYPE_LIST_VIEW,
    GTK_TYPE_MEDIA_CONTROLS, GTK_TYPE_MENU_BUTTON, GTK_TYPE_PASSWORD_ENTRY,
    GTK_TYPE_PROGRESS_BAR, GTK_TYPE_RANGE, GTK_TYPE_SCALE_BUTTON,
    GTK_TYPE_SEARCH_ENTRY, GTK_TYPE_SHORTCUT_LABEL, GTK_TYPE_SPIN_BUTTON,
    GTK_TYPE_STACK_SWITCHER, GTK_TYPE_SWITCH, GTK_TYPE_TEXT, GTK_TYPE_TEXT_VIEW,
    GTK_TYPE_VIDEO,
  };

  if (rules != NULL)
    return;

  rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  plans = g_hash_table_new (NULL, NULL);
  retired_plans = g_ptr_array_new ();

  for (i = 0; i < G_N_ELEMENTS (gtk_state); i++)
    {
      char **names = g_strsplit (gtk_state[i].properties, " ", -1);
      GType type = gtk_state[i].get_type ();

      for (j = 0; names[j] != NULL; j++)
        add_rule (type, names[j], TRUE);
      g_strfreev (names);
    }

  /* The text of these is their buffer's, or their value's. */
  add_rule (GTK_TYPE_ENTRY, "text", FALSE);
  add_rule (GTK_TYPE_SPIN_BUTTON, "text", FALSE);

  /* Popups come and go; nested containers checkpoint their own child. */
  add_rule (GTK_TYPE_NATIVE, NULL, HEALING_CHECKPOINT_TYPE_SKIP);
  add_rule (GTK_TYPE_POPOVER, NULL, HEALING_CHECKPOINT_TYPE_SKIP);
  add_rule (HEALING_TYPE_CONTAINER, NULL, HEALING_CHECKPOINT_TYPE_SKIP);

  for (i = 0; i < G_N_ELEMENTS (skip_children); i++)
    add_rule (skip_children[i], NULL, HEALING_CHECKPOINT_TYPE_SKIP_CHILDREN);
}

/* The matching rule of the most derived type wins; among rules for the
 * same type, the last one. */
static const Rule *
find_rule (GType       type,
           const char *property)
{
  const Rule *best = NULL;
  guint best_depth = 0;
  guint i;

  for (i = 0; i < rules->len; i++)
    {
      const Rule *rule = &g_array_index (rules, Rule, i);
      guint depth;

      if (rule->property != property)
        continue;
      if (!g_type_is_a (type, rule->type))
        continue;

      depth = g_type_depth (rule->type);
      if (best == NULL || depth >= best_depth)
        {
          best = rule;
          best_depth = depth;
        }
    }

  return best;
}

static gboolean
is_string_boxed (GType type)
{
  return type == G_TYPE_STRV ||
         type == GDK_TYPE_RGBA ||
         type == PANGO_TYPE_FONT_DESCRIPTION ||
         type == PANGO_TYPE_ATTR_LIST;
}

static gboolean
is_value_type (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
    case G_TYPE_STRING:
    case G_TYPE_ENUM:
    case G_TYPE_FLAGS:
    case G_TYPE_VARIANT:
      return TRUE;
    case G_TYPE_BOXED:
      return is_string_boxed (type);
    case G_TYPE_INTERFACE:
      return type == G_TYPE_ICON;
    default:
      return FALSE;
    }
}

/* Object-valued properties that may hold an object whose state is the
 * widget's (see is_owned_object ()). */
static gboolean
is_owned_candidate (GType type)
{
  return type == G_TYPE_OBJECT ||
         g_type_is_a (type, GTK_TYPE_TEXT_BUFFER) ||
         g_type_is_a (type, GTK_TYPE_ENTRY_BUFFER) ||
         g_type_is_a (type, GTK_TYPE_ADJUSTMENT) ||
         g_type_is_a (type, G_TYPE_LIST_MODEL) ||
         g_type_is_a (type, HEALING_TYPE_CHECKPOINTABLE);
}

static gboolean
is_owned_object (GObject *object)
{
  return GTK_IS_TEXT_BUFFER (object) ||
         GTK_IS_ENTRY_BUFFER (object) ||
         GTK_IS_ADJUSTMENT (object) ||
         GTK_IS_SELECTION_MODEL (object) ||
         HEALING_IS_CHECKPOINTABLE (object);
}

static HealingCheckpointPlan *
build_plan (GType type)
{
  HealingCheckpointPlan *plan = g_new0 (HealingCheckpointPlan, 1);
  GObjectClass *klass = g_type_class_ref (type);
  GPtrArray *values = g_ptr_array_new ();
  GPtrArray *owned = g_ptr_array_new ();
  GPtrArray *unsupported = g_ptr_array_new ();
  GParamSpec *last = NULL;
  GParamSpec **pspecs;
  const Rule *type_rule;
  guint n_pspecs, i;

  plan->type = type;

  type_rule = find_rule (type, NULL);
  plan->type_rule = type_rule != NULL ? type_rule->value : HEALING_CHECKPOINT_TYPE_CAPTURE;

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  for (i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      GType value_type = pspec->value_type;
      const Rule *rule;

      if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & (G_PARAM_CONSTRUCT_ONLY | G_PARAM_DEPRECATED)) != 0)
        continue;

      rule = find_rule (type, pspec->name);
      if (rule != NULL ? !rule->value : !default_capture (pspec))
        continue;

      if (g_type_is_a (value_type, GTK_TYPE_WIDGET))
        continue;

      if (is_value_type (value_type))
        {
          /* A value within bounds: set it after the bounds. */
          if (g_str_equal (pspec->name, "value"))
            last = pspec;
          else
            g_ptr_array_add (values, pspec);
        }
      else if (is_owned_candidate (value_type))
        g_ptr_array_add (owned, pspec);
      else
        g_ptr_array_add (unsupported, pspec);
    }
  g_free (pspecs);

  if (last != NULL)
    g_ptr_array_add (values, last);

  plan->n_props = values->len;
  plan->props = (GParamSpec **) g_ptr_array_free (values, FALSE);
  plan->n_owned = owned->len;
  plan->owned = (GParamSpec **) g_ptr_array_free (owned, FALSE);
  plan->n_unsupported = unsupported->len;
  plan->unsupported = (GParamSpec **) g_ptr_array_free (unsupported, FALSE);

  /* The class stays referenced as long as the plan exists: the pspecs
   * belong to it. */
  return plan;
}

guint
healing_checkpoint_rules_serial (void)
{
  return rules_serial;
}

const HealingCheckpointPlan *
healing_checkpoint_get_plan (GType type)
{
  HealingCheckpointPlan *plan;

  ensure_rules ();

  plan = g_hash_table_lookup (plans, GSIZE_TO_POINTER (type));
  if G_LIKELY (plan != NULL)
    return plan;

  plan = build_plan (type);
  g_hash_table_insert (plans, GSIZE_TO_POINTER (type), plan);

  return plan;
}

gboolean
healing_checkpoint_plan_has_prop (const HealingCheckpointPlan *plan,
                                  GParamSpec                  *pspec)
{
  guint i;

  /* By name: an overridden interface property may notify with the
   * interface's pspec rather than the class's. Names are interned. */
  for (i = 0; i < plan->n_props; i++)
    if (plan->props[i]->name == pspec->name)
      return TRUE;

  return FALSE;
}

gboolean
healing_checkpoint_plan_has_owned (const HealingCheckpointPlan *plan,
                                   GParamSpec                  *pspec)
{
  guint i;

  for (i = 0; i < plan->n_owned; i++)
    if (plan->owned[i]->name == pspec->name)
      return TRUE;

  return FALSE;
}

void
healing_checkpoint_collect_skipped (const HealingCheckpointPlan *plan,
                                    GHashTable                  *skipped)
{
  guint i;

  for (i = 0; i < plan->n_unsupported; i++)
    {
      GParamSpec *pspec = plan->unsupported[i];

      g_hash_table_add (skipped,
                        g_strdup_printf ("%s:%s (%s)",
                                         g_type_name (pspec->owner_type),
                                         pspec->name,
                                         g_type_name (pspec->value_type)));
    }
}

/**
 * healing_checkpoint_set_property_rule:
 * @type: a type of object
 * @property: the name of one of its properties
 * @capture: whether checkpoints capture the property
 *
 * Sets whether checkpoints capture a property of objects of @type and of
 * its subtypes.
 *
 * The rule of the most derived type wins, so
 * `healing_checkpoint_set_property_rule (GTK_TYPE_WIDGET, "margin-top", TRUE)`
 * captures the top margin of every widget, and a rule for
 * `GTK_TYPE_LABEL` overrides it for labels.
 *
 * Rules apply to checkpoints captured afterwards. Only readable, writable
 * properties that are neither construct-only nor deprecated can be captured.
 */
void
healing_checkpoint_set_property_rule (GType       type,
                                      const char *property,
                                      gboolean    capture)
{
  g_return_if_fail (G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type));
  g_return_if_fail (property != NULL);

  ensure_rules ();
  add_rule (type, property, !!capture);
}

/**
 * healing_checkpoint_set_type_rule:
 * @type: a type of object
 * @rule: what to capture of objects of @type
 *
 * Sets what checkpoints capture of objects of @type and of its subtypes.
 *
 * For example, make a composite widget of your own opaque with
 * [enum@Healing.CheckpointTypeRule.skip-children] when its children are
 * implementation details, or capture the content of a button that holds a
 * form with [enum@Healing.CheckpointTypeRule.capture].
 */
void
healing_checkpoint_set_type_rule (GType                     type,
                                  HealingCheckpointTypeRule rule)
{
  g_return_if_fail (G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type));
  g_return_if_fail (rule <= HEALING_CHECKPOINT_TYPE_SKIP);

  ensure_rules ();
  add_rule (type, NULL, rule);
}

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
static JsonNode *
node_take_array (JsonArray *array)
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

static JsonNode *
value_to_json (const GValue *value)
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

            return node_take_array (array);
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
 * Entries
 * ------------------------------------------------------------------------ */

HealingCheckpointEntry *
healing_checkpoint_entry_ref (HealingCheckpointEntry *entry)
{
  g_ref_count_inc (&entry->ref_count);

  return entry;
}

void
healing_checkpoint_entry_unref (HealingCheckpointEntry *entry)
{
  guint i;

  if (!g_ref_count_dec (&entry->ref_count))
    return;

  for (i = 0; i < entry->n_values; i++)
    json_node_unref (entry->values[i].value);
  /* Captured entries hold their values in the same block. */
  if (!entry->values_inline)
    g_free (entry->values);
  g_clear_pointer (&entry->state, json_node_unref);
  g_free (entry->path);
  g_free (entry);
}

JsonNode *
healing_checkpoint_entry_lookup (HealingCheckpointEntry *entry,
                                 const char             *name)
{
  guint i;

  for (i = 0; i < entry->n_values; i++)
    if (entry->values[i].name == name || g_str_equal (entry->values[i].name, name))
      return entry->values[i].value;

  return NULL;
}

HealingCheckpointable *
healing_checkpoint_get_checkpointable (GObject *object)
{
  if (GTK_IS_WIDGET (object))
    return healing_checkpointable_get_for_widget (GTK_WIDGET (object));

  if (HEALING_IS_CHECKPOINTABLE (object))
    return HEALING_CHECKPOINTABLE (object);

  return NULL;
}

/* The values every widget has, mostly the same: one sealed (immutable)
 * node each, shared by every entry, instead of a node per widget. Entries
 * never change their nodes; whoever keeps one refs it. */
static JsonNode *
shared_node (guint which)
{
  static JsonNode *nodes[3];

  if (g_once_init_enter (&nodes[which]))
    {
      JsonNode *node;

      if (which == 2)
        node = json_node_init_array (json_node_alloc (), json_array_new ());
      else
        node = json_node_init_boolean (json_node_alloc (), which == 1);
      json_node_seal (node);
      g_once_init_leave (&nodes[which], node);
    }

  return json_node_ref (nodes[which]);
}

HealingCheckpointEntry *
healing_checkpoint_capture_object (GObject                     *object,
                                   const char                  *path,
                                   const HealingCheckpointPlan *plan)
{
  /* One block for the entry and its values. */
  HealingCheckpointEntry *entry = g_malloc0 (sizeof (HealingCheckpointEntry) +
                                             plan->n_props * sizeof (HealingCheckpointValue));
  HealingCheckpointable *checkpointable;
  guint i;

  g_ref_count_init (&entry->ref_count);
  entry->path = g_strdup (path);
  entry->type_name = g_type_name (G_OBJECT_TYPE (object));
  entry->values = (HealingCheckpointValue *) (entry + 1);
  entry->values_inline = TRUE;

  for (i = 0; i < plan->n_props; i++)
    {
      GParamSpec *pspec = plan->props[i];
      GValue value = G_VALUE_INIT;

      /* Every widget has these: skip the generic property machinery. */
      if (pspec->owner_type == GTK_TYPE_WIDGET && GTK_IS_WIDGET (object))
        {
          JsonNode *node = NULL;

          if (g_str_equal (pspec->name, "visible"))
            node = shared_node (gtk_widget_get_visible (GTK_WIDGET (object)) ? 1 : 0);
          else if (g_str_equal (pspec->name, "sensitive"))
            node = shared_node (gtk_widget_get_sensitive (GTK_WIDGET (object)) ? 1 : 0);
          else if (g_str_equal (pspec->name, "css-classes"))
            {
              char **classes = gtk_widget_get_css_classes (GTK_WIDGET (object));

              if (classes[0] == NULL)
                node = shared_node (2);
              else
                {
                  JsonArray *array = json_array_sized_new (g_strv_length (classes));
                  guint k;

                  for (k = 0; classes[k] != NULL; k++)
                    json_array_add_string_element (array, classes[k]);
                  node = node_take_array (array);
                }
              g_strfreev (classes);
            }

          if (node != NULL)
            {
              entry->values[entry->n_values].name = pspec->name;
              entry->values[entry->n_values].value = node;
              entry->n_values++;
              continue;
            }
        }

      g_value_init (&value, pspec->value_type);
      g_object_get_property (object, pspec->name, &value);
      entry->values[entry->n_values].name = pspec->name;
      entry->values[entry->n_values].value = value_to_json (&value);
      entry->n_values++;
      g_value_unset (&value);
    }

  checkpointable = healing_checkpoint_get_checkpointable (object);
  if (checkpointable != NULL)
    entry->state = healing_checkpointable_save_state (checkpointable);

  return entry;
}

/* ------------------------------------------------------------------------
 * Walking the subtree
 * ------------------------------------------------------------------------ */

/* The walk is an iterator, so that the ring can capture a large subtree
 * in slices over several main-loop iterations; healing_checkpoint_walk ()
 * runs it in one go. Each step looks up the owned objects and children of
 * the object it returned last only then: the caller may have changed that
 * object meanwhile (a restored model rebuilds its rows).
 *
 * Between steps the walker holds a reference on every object it still
 * needs (the ancestors of the position and the child visited last), so a
 * tree that changes between slices cannot leave it with a dangling
 * pointer; if the child visited last has left its parent, the walk of
 * that parent's children stops there and the walker says the tree
 * changed. */

#define N_INLINE_KEYS 16

/* How many siblings had each path segment key so far: inline for the
 * usual handful of siblings, a hash table past that. */
typedef struct {
  guint n;
  const char *keys[N_INLINE_KEYS];
  guint counts[N_INLINE_KEYS];
} KeyCounts;

/* An object whose owned objects, then (for a widget) children, are still
 * to walk. */
typedef struct {
  GObject *object;                    /* reference */
  const HealingCheckpointPlan *plan;
  gsize len;                          /* length of the object's path */
  guint depth;                        /* how deep its owned objects are */
  guint next_owned;                   /* index into plan->owned */
  gboolean is_widget;
  gboolean children_started;
  gboolean counting;                  /* several children: segments are counted */
  GtkWidget *child;                   /* reference: the child returned last */
  KeyCounts counts;
  GHashTable *seen;
  GPtrArray *keys;                    /* segment key strings of the children */
} WalkFrame;

struct _HealingCheckpointWalker
{
  GtkWidget *root;                    /* reference */
  GString *path;
  GArray *frames;                     /* WalkFrame, innermost last */
  GPtrArray *scratch;
  GObject *object;                    /* reference: returned last */
  gboolean started;
  gboolean tree_changed;
};

static void
walk_frame_clear (WalkFrame *frame)
{
  g_clear_object (&frame->object);
  g_clear_object (&frame->child);
  g_clear_pointer (&frame->seen, g_hash_table_unref);
  g_clear_pointer (&frame->keys, g_ptr_array_unref);
}

HealingCheckpointWalker *
healing_checkpoint_walker_new (GtkWidget *root)
{
  HealingCheckpointWalker *walker = g_new0 (HealingCheckpointWalker, 1);

  walker->root = g_object_ref (root);
  walker->path = g_string_sized_new (256);
  walker->frames = g_array_sized_new (FALSE, TRUE, sizeof (WalkFrame), 16);
  g_array_set_clear_func (walker->frames, (GDestroyNotify) walk_frame_clear);
  walker->scratch = g_ptr_array_new_with_free_func (g_free);

  return walker;
}

void
healing_checkpoint_walker_free (HealingCheckpointWalker *walker)
{
  g_array_unref (walker->frames);
  g_string_free (walker->path, TRUE);
  g_ptr_array_unref (walker->scratch);
  g_clear_object (&walker->object);
  g_object_unref (walker->root);
  g_free (walker);
}

gboolean
healing_checkpoint_walker_get_tree_changed (HealingCheckpointWalker *walker)
{
  return walker->tree_changed;
}

static void
walk_push (HealingCheckpointWalker     *walker,
           GObject                     *object,
           const HealingCheckpointPlan *plan,
           guint                        depth,
           gboolean                     is_widget)
{
  WalkFrame frame = { 0 };

  frame.object = g_object_ref (object);
  frame.plan = plan;
  frame.len = walker->path->len;
  frame.depth = depth;
  frame.is_widget = is_widget;
  g_array_append_val (walker->frames, frame);
}

static void
walk_pop (HealingCheckpointWalker *walker)
{
  g_array_set_size (walker->frames, walker->frames->len - 1);
}

static void
walk_return (HealingCheckpointWalker      *walker,
             GObject                      *object,
             const HealingCheckpointPlan  *plan,
             GObject                     **out_object,
             const char                  **out_path,
             const HealingCheckpointPlan **out_plan)
{
  g_set_object (&walker->object, object);
  *out_object = object;
  *out_path = walker->path->len > 0 ? walker->path->str : ".";
  *out_plan = plan;
}

/* Returns how many earlier siblings had @key, and counts this one. */
static guint
count_key (KeyCounts   *counts,
           GHashTable **table,
           const char  *key)
{
  guint i, n;

  if (*table == NULL)
    {
      for (i = 0; i < counts->n; i++)
        if (counts->keys[i] == key || strcmp (counts->keys[i], key) == 0)
          return counts->counts[i]++;

      if (counts->n < N_INLINE_KEYS)
        {
          counts->keys[counts->n] = key;
          counts->counts[counts->n++] = 1;
          return 0;
        }

      *table = g_hash_table_new (g_str_hash, g_str_equal);
      for (i = 0; i < counts->n; i++)
        g_hash_table_insert (*table, (gpointer) counts->keys[i], GUINT_TO_POINTER (counts->counts[i]));
    }

  n = GPOINTER_TO_UINT (g_hash_table_lookup (*table, key));
  g_hash_table_insert (*table, (gpointer) key, GUINT_TO_POINTER (n + 1));

  return n;
}

/* The key of @widget's path segment: a static type name, or a string
 * added to @owned. */
static const char *
segment_key (GtkWidget *widget,
             GPtrArray *owned)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  const char *name;
  char *key;

  /* GtkBuilder names anonymous objects ___object_N___: that is a counter,
   * not an identity. */
  if (id != NULL && !(g_str_has_prefix (id, "___object_") && g_str_has_suffix (id, "___")))
    {
      key = g_strconcat ("#", id, NULL);
      g_ptr_array_add (owned, key);
      return key;
    }

  name = gtk_widget_get_name (widget);
  if (name != NULL && !g_str_equal (name, G_OBJECT_TYPE_NAME (widget)))
    {
      key = g_strconcat ("@", name, NULL);
      g_ptr_array_add (owned, key);
      return key;
    }

  return G_OBJECT_TYPE_NAME (widget);
}

/* The next owned object of the innermost frame, if any: returns it with
 * the path set. */
static GObject *
walk_next_owned (HealingCheckpointWalker      *walker,
                 const HealingCheckpointPlan **out_plan)
{
  WalkFrame *frame = &g_array_index (walker->frames, WalkFrame, walker->frames->len - 1);

  while (frame->next_owned < frame->plan->n_owned)
    {
      GParamSpec *pspec = frame->plan->owned[frame->next_owned++];
      GValue value = G_VALUE_INIT;
      GObject *owned;

      g_value_init (&value, pspec->value_type);
      g_object_get_property (frame->object, pspec->name, &value);
      owned = g_value_get_object (&value);

      if (owned != NULL && is_owned_object (owned))
        {
          const HealingCheckpointPlan *owned_plan = healing_checkpoint_get_plan (G_OBJECT_TYPE (owned));

          if (owned_plan->type_rule != HEALING_CHECKPOINT_TYPE_SKIP)
            {
              g_string_truncate (walker->path, frame->len);
              if (frame->len == 0)
                g_string_append_c (walker->path, '.');
              g_string_append_c (walker->path, ':');
              g_string_append (walker->path, pspec->name);

              /* The value's reference keeps it alive until the caller's
               * walker_return () takes one. */
              g_object_ref (owned);
              g_value_unset (&value);
              *out_plan = owned_plan;
              return owned;
            }
        }

      g_value_unset (&value);
    }

  return NULL;
}

/* The next child of the innermost frame (a widget), if any: returns it with
 * the path set. */
static GtkWidget *
walk_next_child (HealingCheckpointWalker      *walker,
                 const HealingCheckpointPlan **out_plan)
{
  WalkFrame *frame = &g_array_index (walker->frames, WalkFrame, walker->frames->len - 1);
  GtkWidget *parent = GTK_WIDGET (frame->object);

  if (!frame->is_widget || frame->plan->type_rule != HEALING_CHECKPOINT_TYPE_CAPTURE)
    return NULL;

  for (;;)
    {
      GtkWidget *child;
      const HealingCheckpointPlan *child_plan;
      const char *key;
      GPtrArray *scratch;
      guint n = 0;

      if (!frame->children_started)
        {
          frame->children_started = TRUE;
          child = gtk_widget_get_first_child (parent);
          frame->counting = child != NULL && gtk_widget_get_next_sibling (child) != NULL;
          if (frame->counting)
            frame->keys = g_ptr_array_new_with_free_func (g_free);
        }
      else if (frame->child == NULL)
        return NULL;
      else if (gtk_widget_get_parent (frame->child) != parent)
        {
          /* Moved or removed since: its siblings are unknown. */
          walker->tree_changed = TRUE;
          return NULL;
        }
      else
        child = gtk_widget_get_next_sibling (frame->child);

      g_set_object (&frame->child, child);
      if (child == NULL)
        return NULL;

      child_plan = healing_checkpoint_get_plan (G_OBJECT_TYPE (child));
      if (child_plan->type_rule == HEALING_CHECKPOINT_TYPE_SKIP)
        continue;

      scratch = frame->counting ? frame->keys : walker->scratch;
      key = segment_key (child, scratch);
      if (frame->counting)
        n = count_key (&frame->counts, &frame->seen, key);

      g_string_truncate (walker->path, frame->len);
      if (frame->len > 0)
        g_string_append_c (walker->path, '/');
      g_string_append (walker->path, key);
      if (n > 0)
        g_string_append_printf (walker->path, "[%u]", n);
      if (scratch == walker->scratch)
        g_ptr_array_set_size (scratch, 0);

      *out_plan = child_plan;
      return child;
    }
}

gboolean
healing_checkpoint_walker_next (HealingCheckpointWalker      *walker,
                                GObject                     **object,
                                const char                  **path,
                                const HealingCheckpointPlan **plan)
{
  if (!walker->started)
    {
      const HealingCheckpointPlan *root_plan = healing_checkpoint_get_plan (G_OBJECT_TYPE (walker->root));

      walker->started = TRUE;
      if (root_plan->type_rule == HEALING_CHECKPOINT_TYPE_SKIP)
        return FALSE;

      walk_push (walker, G_OBJECT (walker->root), root_plan, 0, TRUE);
      walk_return (walker, G_OBJECT (walker->root), root_plan, object, path, plan);
      return TRUE;
    }

  while (walker->frames->len > 0)
    {
      const HealingCheckpointPlan *next_plan = NULL;
      guint depth = g_array_index (walker->frames, WalkFrame, walker->frames->len - 1).depth;
      GObject *owned;
      GtkWidget *child;

      owned = walk_next_owned (walker, &next_plan);
      if (owned != NULL)
        {
          if (depth < MAX_OWNED_DEPTH && next_plan->n_owned > 0)
            walk_push (walker, owned, next_plan, depth + 1, FALSE);
          walk_return (walker, owned, next_plan, object, path, plan);
          g_object_unref (owned);
          return TRUE;
        }

      child = walk_next_child (walker, &next_plan);
      if (child != NULL)
        {
          walk_push (walker, G_OBJECT (child), next_plan, 0, TRUE);
          walk_return (walker, G_OBJECT (child), next_plan, object, path, plan);
          return TRUE;
        }

      walk_pop (walker);
    }

  g_clear_object (&walker->object);
  return FALSE;
}

void
healing_checkpoint_walk (GtkWidget                 *root,
                         HealingCheckpointWalkFunc  func,
                         gpointer                   data)
{
  HealingCheckpointWalker *walker = healing_checkpoint_walker_new (root);
  const HealingCheckpointPlan *plan;
  const char *path;
  GObject *object;

  while (healing_checkpoint_walker_next (walker, &object, &path, &plan))
    func (object, path, plan, data);

  healing_checkpoint_walker_free (walker);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_checkpoint_finalize (GObject *object)
{
  HealingCheckpoint *self = HEALING_CHECKPOINT (object);

  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  if (self->skipped != no_skipped)
    g_clear_pointer (&self->skipped, g_strfreev);

  G_OBJECT_CLASS (healing_checkpoint_parent_class)->finalize (object);
}

static void
healing_checkpoint_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HealingCheckpoint *self = HEALING_CHECKPOINT (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, healing_checkpoint_get_time (self));
      break;
    case PROP_N_OBJECTS:
      g_value_set_uint (value, healing_checkpoint_get_n_objects (self));
      break;
    case PROP_SKIPPED:
      g_value_set_boxed (value, healing_checkpoint_get_skipped (self));
      break;
    case PROP_QUARANTINED:
      g_value_set_boolean (value, healing_checkpoint_get_quarantined (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_checkpoint_class_init (HealingCheckpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_checkpoint_finalize;
  object_class->get_property = healing_checkpoint_get_property;

  /**
   * HealingCheckpoint:time: (getter get_time)
   *
   * When the checkpoint was captured, in microseconds since the Unix epoch
   * (as [func@GLib.get_real_time] gives it).
   */
  props[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpoint:n-objects: (getter get_n_objects)
   *
   * How many objects (widgets and the objects they own) the checkpoint
   * holds the state of.
   */
  props[PROP_N_OBJECTS] =
    g_param_spec_uint ("n-objects", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpoint:skipped: (getter get_skipped)
   *
   * The properties that could have been captured but were not, because
   * their values have no JSON form, as `Type:property (ValueType)`.
   */
  props[PROP_SKIPPED] =
    g_param_spec_boxed ("skipped", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpoint:quarantined: (getter get_quarantined)
   *
   * Whether a [class@CheckpointRing] stopped using the checkpoint because
   * the widgets faulted again soon after it was restored.
   */
  props[PROP_QUARANTINED] =
    g_param_spec_boolean ("quarantined", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_checkpoint_init (HealingCheckpoint *self)
{
}

static HealingCheckpoint *
checkpoint_new (GPtrArray  *entries,
                char      **skipped,
                gint64      time)
{
  HealingCheckpoint *self = g_object_new (HEALING_TYPE_CHECKPOINT, NULL);

  self->entries = entries;
  self->skipped = skipped;
  self->time = time;

  return self;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char **
sorted_strv (GHashTable *set)
{
  guint n = 0;
  char **strv;
  GHashTableIter iter;
  gpointer key;

  if (set == NULL || g_hash_table_size (set) == 0)
    return no_skipped;

  strv = g_new0 (char *, g_hash_table_size (set) + 1);
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    strv[n++] = g_strdup (key);
  qsort (strv, n, sizeof (char *), compare_strings);

  return strv;
}

HealingCheckpoint *
healing_checkpoint_new_from_entries (GPtrArray  *entries,
                                     GHashTable *skipped)
{
  return checkpoint_new (entries, sorted_strv (skipped), g_get_real_time ());
}

void
healing_checkpoint_set_quarantined (HealingCheckpoint *self,
                                    gboolean           quarantined)
{
  quarantined = !!quarantined;
  if (self->quarantined == quarantined)
    return;

  self->quarantined = quarantined;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_QUARANTINED]);
}

/* ------------------------------------------------------------------------
 * Capture and restore
 * ------------------------------------------------------------------------ */

typedef struct {
  GPtrArray *entries;
  GHashTable *skipped;
  GHashTable *plans_seen;
} Capture;

static void
capture_cb (GObject                     *object,
            const char                  *path,
            const HealingCheckpointPlan *plan,
            gpointer                     data)
{
  Capture *capture = data;

  g_ptr_array_add (capture->entries, healing_checkpoint_capture_object (object, path, plan));

  if (plan->n_unsupported > 0 && g_hash_table_add (capture->plans_seen, (gpointer) plan))
    healing_checkpoint_collect_skipped (plan, capture->skipped);
}

/**
 * healing_checkpoint_new_capture:
 * @root: the widget to capture, with the widgets below it
 *
 * Captures the state of a widget subtree.
 *
 * Properties whose values have no JSON form are skipped, never fatal, and
 * listed in [property@Checkpoint:skipped].
 *
 * Returns: (transfer full): a new checkpoint
 */
HealingCheckpoint *
healing_checkpoint_new_capture (GtkWidget *root)
{
  Capture capture;
  char **skipped;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  capture.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) healing_checkpoint_entry_unref);
  capture.skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  capture.plans_seen = g_hash_table_new (NULL, NULL);

  healing_checkpoint_walk (root, capture_cb, &capture);

  g_hash_table_unref (capture.plans_seen);
  skipped = sorted_strv (capture.skipped);
  g_hash_table_unref (capture.skipped);

  return checkpoint_new (capture.entries, skipped, g_get_real_time ());
}

static GHashTable *
get_by_path (HealingCheckpoint *self)
{
  guint i;

  if (self->by_path != NULL)
    return self->by_path;

  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  for (i = 0; i < self->entries->len; i++)
    {
      HealingCheckpointEntry *entry = g_ptr_array_index (self->entries, i);

      g_hash_table_insert (self->by_path, entry->path, entry);
    }

  return self->by_path;
}

typedef struct {
  HealingCheckpoint *self;
  GHashTable *by_path;
  GHashTable *seen;
  GPtrArray *failures;
  HealingCheckpointLiveFunc live_func;
  gpointer live_data;
} Restore;

GPtrArray *
healing_checkpoint_peek_entries (HealingCheckpoint *self)
{
  return self->entries;
}

/* Whether two captured values are the same value. Stricter than
 * json_node_equal (), which takes -0.0 for 0.0: a double compares by its
 * bits. */
static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || json_node_get_node_type (a) != json_node_get_node_type (b))
    return FALSE;

  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        {
          double x = json_node_get_double (a), y = json_node_get_double (b);

          return memcmp (&x, &y, sizeof x) == 0;
        }
      return json_node_equal (a, b);

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);
        guint i, n = json_array_get_length (x);

        if (n != json_array_get_length (y))
          return FALSE;
        for (i = 0; i < n; i++)
          if (!nodes_equal (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        json_object_iter_init (&iter, x);
        while (json_object_iter_next (&iter, &name, &member))
          if (!json_object_has_member (y, name) ||
              !nodes_equal (member, json_object_get_member (y, name)))
            return FALSE;
        return TRUE;
      }

    default:
      return FALSE;
    }
}

static void
add_failure (Restore    *restore,
             const char *path,
             const char *property,
             const char *message)
{
  if (restore->failures == NULL)
    return;

  if (property != NULL)
    g_ptr_array_add (restore->failures, g_strdup_printf ("%s:%s: %s", path, property, message));
  else
    g_ptr_array_add (restore->failures, g_strdup_printf ("%s: %s", path, message));
}

static GParamSpec *
find_plan_prop (const HealingCheckpointPlan *plan,
                const char                  *name)
{
  guint i;

  for (i = 0; i < plan->n_props; i++)
    if (plan->props[i]->name == name || g_str_equal (plan->props[i]->name, name))
      return plan->props[i];

  return NULL;
}

/* @live, if known, is the object's state now: what it already holds is not
 * set again (no notifications, no work). */
static void
restore_entry (GObject                     *object,
               HealingCheckpointEntry      *entry,
               const HealingCheckpointPlan *plan,
               HealingCheckpointEntry      *live,
               Restore                     *restore)
{
  HealingCheckpointable *checkpointable;
  guint i;

  checkpointable = healing_checkpoint_get_checkpointable (object);
  if (entry->state != NULL && checkpointable != NULL)
    {
      GError *error = NULL;

      if ((live == NULL || !nodes_equal (live->state, entry->state)) &&
          !healing_checkpointable_restore_state (checkpointable, entry->state, &error))
        {
          add_failure (restore, entry->path, NULL, error != NULL ? error->message : "");
          g_clear_error (&error);
        }
    }
  else if (entry->state != NULL)
    {
      /* Translators: a checkpoint holds application state for an object that
       * cannot take it any more. */
      add_failure (restore, entry->path, NULL, _("the object no longer saves state"));
    }

  for (i = 0; i < entry->n_values; i++)
    {
      const char *name = entry->values[i].name;
      GParamSpec *pspec = find_plan_prop (plan, name);
      GError *error = NULL;

      if (pspec == NULL)
        {
          GParamSpec *any = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);

          /* Excluded by the current rules: the application's choice. */
          if (any != NULL && (any->flags & G_PARAM_WRITABLE) != 0 &&
              (any->flags & G_PARAM_CONSTRUCT_ONLY) == 0)
            continue;

          /* Translators: a saved property is missing or read-only now. */
          add_failure (restore, entry->path, name, _("no such writable property"));
          continue;
        }

      if (live != NULL && nodes_equal (healing_checkpoint_entry_lookup (live, name), entry->values[i].value))
        continue;

      if (!healing_checkpoint_apply_value (object, pspec, entry->values[i].value, &error))
        {
          add_failure (restore, entry->path, name, error->message);
          g_clear_error (&error);
        }
    }
}

static void
restore_cb (GObject                     *object,
            const char                  *path,
            const HealingCheckpointPlan *plan,
            gpointer                     data)
{
  Restore *restore = data;
  HealingCheckpointEntry *entry = g_hash_table_lookup (restore->by_path, path);
  HealingCheckpointEntry *live;

  if (entry == NULL)
    return;

  g_hash_table_add (restore->seen, entry);

  if (!g_str_equal (entry->type_name, G_OBJECT_TYPE_NAME (object)))
    {
      char *message = g_strdup_printf (/* Translators: the object at a saved
                                        * path is of another type now. */
                                       _("was a %s, is now a %s"),
                                       entry->type_name, G_OBJECT_TYPE_NAME (object));

      add_failure (restore, path, NULL, message);
      g_free (message);
      return;
    }

  live = restore->live_func != NULL ? restore->live_func (object, restore->live_data) : NULL;
  /* The same immutable entry: captured from this object, which has not
   * changed since. */
  if (live == entry)
    return;

  restore_entry (object, entry, plan, live, restore);
}

/**
 * healing_checkpoint_restore:
 * @self: a checkpoint
 * @root: the widget to restore, with the widgets below it
 * @unrestored: (out) (optional) (array zero-terminated=1) (transfer full):
 *   return location for what could not be restored, one line each, as
 *   `path: reason` or `path:property: reason`
 *
 * Puts a widget subtree back in the state of the checkpoint.
 *
 * Each captured object that still exists at the same path, with the same
 * type, gets its values back through the normal property setters, and its
 * [iface@Checkpointable] state; values it already has are not set again.
 * Objects that no longer exist, values that no longer fit and properties
 * that no longer exist are skipped and reported in @unrestored. Objects
 * that did not exist when the checkpoint was captured are left alone.
 *
 * Returns: whether everything was restored
 */
gboolean
healing_checkpoint_restore (HealingCheckpoint   *self,
                            GtkWidget           *root,
                            char              ***unrestored)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (root), FALSE);

  return healing_checkpoint_restore_live (self, root, unrestored, NULL, NULL);
}

gboolean
healing_checkpoint_restore_live (HealingCheckpoint          *self,
                                 GtkWidget                  *root,
                                 char                     ***unrestored,
                                 HealingCheckpointLiveFunc   live_func,
                                 gpointer                    live_data)
{
  Restore restore;
  gboolean complete;
  guint i;

  restore.live_func = live_func;
  restore.live_data = live_data;
  restore.self = self;
  restore.by_path = get_by_path (self);
  restore.seen = g_hash_table_new (NULL, NULL);
  restore.failures = g_ptr_array_new ();

  g_object_ref (root);
  healing_checkpoint_walk (root, restore_cb, &restore);
  g_object_unref (root);

  for (i = 0; i < self->entries->len; i++)
    {
      HealingCheckpointEntry *entry = g_ptr_array_index (self->entries, i);

      if (!g_hash_table_contains (restore.seen, entry))
        /* Translators: a saved widget or object is not in the window any more. */
        add_failure (&restore, entry->path, NULL, _("no longer exists"));
    }

  complete = restore.failures->len == 0;
  g_hash_table_unref (restore.seen);

  if (unrestored != NULL)
    {
      g_ptr_array_add (restore.failures, NULL);
      *unrestored = (char **) g_ptr_array_free (restore.failures, FALSE);
    }
  else
    {
      g_ptr_array_set_free_func (restore.failures, g_free);
      g_ptr_array_unref (restore.failures);
    }

  return complete;
}

/* ------------------------------------------------------------------------
 * Accessors
 * ------------------------------------------------------------------------ */

/**
 * healing_checkpoint_get_time: (get-property time)
 * @self: a checkpoint
 *
 * Gets when the checkpoint was captured.
 *
 * Returns: the wall-clock time, in microseconds since the Unix epoch
 */
gint64
healing_checkpoint_get_time (HealingCheckpoint *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), 0);

  return self->time;
}

/**
 * healing_checkpoint_get_n_objects: (get-property n-objects)
 * @self: a checkpoint
 *
 * Gets how many objects the checkpoint holds the state of.
 *
 * Returns: the number of objects
 */
guint
healing_checkpoint_get_n_objects (HealingCheckpoint *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), 0);

  return self->entries->len;
}

/**
 * healing_checkpoint_get_skipped: (get-property skipped)
 * @self: a checkpoint
 *
 * Gets the properties that could have been captured but were not, because
 * their values have no JSON form.
 *
 * Returns: (transfer none): the skipped properties, as
 *   `Type:property (ValueType)`, sorted
 */
const char * const *
healing_checkpoint_get_skipped (HealingCheckpoint *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), NULL);

  return (const char * const *) self->skipped;
}

/**
 * healing_checkpoint_get_quarantined: (get-property quarantined)
 * @self: a checkpoint
 *
 * Gets whether a ring stopped using the checkpoint because the widgets
 * faulted again soon after it was restored.
 *
 * Returns: whether the checkpoint is quarantined
 */
gboolean
healing_checkpoint_get_quarantined (HealingCheckpoint *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), FALSE);

  return self->quarantined;
}

/**
 * healing_checkpoint_has_path:
 * @self: a checkpoint
 * @path: the path of an object, as described in [class@Checkpoint]
 *
 * Gets whether the checkpoint holds the state of the object at @path.
 *
 * Returns: whether @path was captured
 */
gboolean
healing_checkpoint_has_path (HealingCheckpoint *self,
                             const char        *path)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_contains (get_by_path (self), path);
}

/**
 * healing_checkpoint_dup_value:
 * @self: a checkpoint
 * @path: the path of an object, as described in [class@Checkpoint]
 * @property: (nullable): the name of a property, or `NULL` for the state the
 *   object saved through [iface@Checkpointable]
 *
 * Gets a captured value, in its JSON form.
 *
 * Returns: (transfer full) (nullable): a copy of the value, or `NULL` if it
 *   was not captured
 */
JsonNode *
healing_checkpoint_dup_value (HealingCheckpoint *self,
                              const char        *path,
                              const char        *property)
{
  HealingCheckpointEntry *entry;
  JsonNode *node;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  entry = g_hash_table_lookup (get_by_path (self), path);
  if (entry == NULL)
    return NULL;

  node = property != NULL ? healing_checkpoint_entry_lookup (entry, property) : entry->state;

  return node != NULL ? json_node_copy (node) : NULL;
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
  guint i, j;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), NULL);

  root = json_object_new ();
  json_object_set_string_member (root, "format", FORMAT_NAME);
  json_object_set_int_member (root, "version", HEALING_CHECKPOINT_FORMAT_VERSION);
  json_object_set_int_member (root, "time", self->time);

  objects = json_array_sized_new (self->entries->len);
  for (i = 0; i < self->entries->len; i++)
    {
      HealingCheckpointEntry *entry = g_ptr_array_index (self->entries, i);
      JsonObject *object = json_object_new ();
      JsonObject *properties = json_object_new ();

      json_object_set_string_member (object, "path", entry->path);
      json_object_set_string_member (object, "type", entry->type_name);
      for (j = 0; j < entry->n_values; j++)
        json_object_set_member (properties, entry->values[j].name,
                                json_node_copy (entry->values[j].value));
      json_object_set_object_member (object, "properties", properties);
      if (entry->state != NULL)
        json_object_set_member (object, "state", json_node_copy (entry->state));

      json_array_add_object_element (objects, object);
    }
  json_object_set_array_member (root, "objects", objects);

  skipped = json_array_new ();
  for (i = 0; self->skipped[i] != NULL; i++)
    json_array_add_string_element (skipped, self->skipped[i]);
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

  entry = g_new0 (HealingCheckpointEntry, 1);
  g_ref_count_init (&entry->ref_count);
  entry->path = g_strdup (path);
  entry->type_name = g_intern_string (type);

  if (properties != NULL)
    {
      names = json_object_get_members (properties);
      entry->values = g_new (HealingCheckpointValue, g_list_length (names));
      for (l = names; l != NULL; l = l->next)
        {
          entry->values[entry->n_values].name = g_intern_string (l->data);
          entry->values[entry->n_values].value = json_node_copy (json_object_get_member (properties, l->data));
          entry->n_values++;
        }
      g_list_free (names);
    }

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
  char **skipped_strv;
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
  skipped_strv = sorted_strv (skipped);
  g_hash_table_unref (skipped);

  return checkpoint_new (entries, skipped_strv, time);
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

/**
 * healing_checkpoint_dup_default_path:
 * @component_id: (nullable): the id of a component, as in
 *   [property@Container:component-id]
 *
 * Gets the file where a component's checkpoint persists by default:
 * `$XDG_STATE_HOME/<application id>/healing/<component id>.json`.
 *
 * The application id is that of the default [class@Gio.Application], or
 * the program name. Characters of @component_id that cannot be in a file
 * name are replaced with `_`.
 *
 * Returns: (transfer full) (type filename): the path
 */
char *
healing_checkpoint_dup_default_path (const char *component_id)
{
  GApplication *application = g_application_get_default ();
  g_autofree char *app_id = NULL;
  char *name, *file, *path, *p;

  if (application != NULL)
    app_id = g_strdup (g_application_get_application_id (application));
  /* The program name may be a path (GTest sets it to argv[0]). */
  if (app_id == NULL && g_get_prgname () != NULL)
    app_id = g_path_get_basename (g_get_prgname ());
  if (app_id == NULL)
    app_id = g_strdup ("unknown");

  name = g_strdup (component_id != NULL && component_id[0] != '\0' ? component_id : "default");
  for (p = name; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (p == name && *p == '.'))
      *p = '_';

  file = g_strconcat (name, ".json", NULL);
  path = g_build_filename (g_get_user_state_dir (), app_id, "healing", file, NULL);
  g_free (file);
  g_free (name);

  return path;
}
