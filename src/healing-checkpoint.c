/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-checkpoint-json-private.h"
#include "healing-checkpoint-private.h"
#include "healing-enums.h"

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

  HealingCheckpointEntries *entries;
  /* The rest is qdata, rarely set: the table of the entries by path, made
   * on the first lookup by path, and what was skipped, if anything was.
   * A ring holds several checkpoints for every container: without them
   * the object is 48 bytes, not 64. */
  gint64 time;
  gboolean quarantined;
};

G_DEFINE_FINAL_TYPE (HealingCheckpoint, healing_checkpoint, G_TYPE_OBJECT)

/* The skipped list of most checkpoints, shared (never freed). */
static char *no_skipped_strv[] = { NULL };
static char **const no_skipped = no_skipped_strv;

static GQuark by_path_quark;
static GQuark skipped_quark;

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

/* How deep owned objects may nest (a list view's selection model's model). */
#define MAX_OWNED_DEPTH 3

/* ------------------------------------------------------------------------
 * Rules and plans
 * ------------------------------------------------------------------------ */

typedef struct {
  GType type;
  const char *property;   /* interned; NULL for a type rule */
  int value;              /* capture (property rule) or HealingCheckpointTypeRule */
  gboolean builtin;       /* one of our defaults, not the application's */
} Rule;

static GArray *rules;
static GHashTable *plans;
static GPtrArray *retired_plans;
static guint rules_serial = 1;

static void
add_rule_full (GType       type,
               const char *property,
               int         value,
               gboolean    builtin)
{
  Rule rule = { type, property != NULL ? g_intern_string (property) : NULL, value, builtin };

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

static void
add_rule (GType       type,
          const char *property,
          int         value)
{
  add_rule_full (type, property, value, FALSE);
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
        add_rule_full (type, names[j], TRUE, TRUE);
      g_strfreev (names);
    }

  /* The text of these is their buffer's, or their value's. */
  add_rule_full (GTK_TYPE_ENTRY, "text", FALSE, TRUE);
  add_rule_full (GTK_TYPE_SPIN_BUTTON, "text", FALSE, TRUE);

  /* Popups come and go. (Our own classes register their defaults in their
   * class_init: see healing_checkpoint_add_default_type_rule ().) */
  add_rule_full (GTK_TYPE_NATIVE, NULL, HEALING_CHECKPOINT_TYPE_SKIP, TRUE);
  add_rule_full (GTK_TYPE_POPOVER, NULL, HEALING_CHECKPOINT_TYPE_SKIP, TRUE);

  for (i = 0; i < G_N_ELEMENTS (skip_children); i++)
    add_rule_full (skip_children[i], NULL, HEALING_CHECKPOINT_TYPE_SKIP_CHILDREN, TRUE);
}

void
healing_checkpoint_add_default_type_rule (GType                     type,
                                          HealingCheckpointTypeRule rule)
{
  g_return_if_fail (G_TYPE_IS_OBJECT (type) || G_TYPE_IS_INTERFACE (type));
  g_return_if_fail (rule <= HEALING_CHECKPOINT_TYPE_SKIP);

  ensure_rules ();
  add_rule_full (type, NULL, rule, TRUE);
}

/* The matching rule of the most derived type wins; among rules for the
 * same type, the application's last one, else our last default. */
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
      if (best == NULL || depth > best_depth ||
          (depth == best_depth && (!rule->builtin || best->builtin)))
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
  plan->names = g_new (const char *, MAX (plan->n_props, 1));
  for (i = 0; i < plan->n_props; i++)
    plan->names[i] = plan->props[i]->name;
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
    healing_checkpoint_value_free (entry->values[i]);
  g_clear_pointer (&entry->state, json_node_unref);
  g_ref_string_release (entry->path);
  g_free (entry);
}

HealingCheckpointValue
healing_checkpoint_entry_lookup (HealingCheckpointEntry *entry,
                                 const char             *name)
{
  guint i;

  for (i = 0; i < entry->n_values; i++)
    if (entry->names[i] == name || g_str_equal (entry->names[i], name))
      return entry->values[i];

  return NULL;
}

HealingCheckpointEntries *
healing_checkpoint_entries_new (guint len)
{
  HealingCheckpointEntries *entries = g_malloc0 (sizeof (HealingCheckpointEntries) +
                                                 len * sizeof (gpointer));

  g_ref_count_init (&entries->ref_count);
  entries->len = len;

  return entries;
}

HealingCheckpointEntries *
healing_checkpoint_entries_new_take (GPtrArray *array)
{
  HealingCheckpointEntries *entries = healing_checkpoint_entries_new (array->len);

  if (array->len > 0)
    memcpy (entries->pdata, array->pdata, array->len * sizeof (gpointer));
  /* The references are the block's now. */
  g_ptr_array_set_free_func (array, NULL);
  g_ptr_array_unref (array);

  return entries;
}

HealingCheckpointEntries *
healing_checkpoint_entries_copy (HealingCheckpointEntries *entries)
{
  HealingCheckpointEntries *copy = healing_checkpoint_entries_new (entries->len);
  guint i;

  for (i = 0; i < entries->len; i++)
    copy->pdata[i] = healing_checkpoint_entry_ref (entries->pdata[i]);

  return copy;
}

HealingCheckpointEntries *
healing_checkpoint_entries_ref (HealingCheckpointEntries *entries)
{
  g_ref_count_inc (&entries->ref_count);

  return entries;
}

void
healing_checkpoint_entries_unref (HealingCheckpointEntries *entries)
{
  guint i;

  if (!g_ref_count_dec (&entries->ref_count))
    return;

  for (i = 0; i < entries->len; i++)
    if (entries->pdata[i] != NULL)
      healing_checkpoint_entry_unref (entries->pdata[i]);
  g_free (entries);
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
enum {
  SHARED_FALSE,
  SHARED_TRUE,
  SHARED_EMPTY_ARRAY,
  SHARED_NULL,
  N_SHARED_NODES
};

static JsonNode *
shared_node (guint which)
{
  static JsonNode *nodes[N_SHARED_NODES];

  if (g_once_init_enter (&nodes[which]))
    {
      JsonNode *node;

      if (which == SHARED_EMPTY_ARRAY)
        node = json_node_init_array (json_node_alloc (), json_array_new ());
      else if (which == SHARED_NULL)
        node = json_node_init_null (json_node_alloc ());
      else
        node = json_node_init_boolean (json_node_alloc (), which == SHARED_TRUE);
      json_node_seal (node);
      g_once_init_leave (&nodes[which], node);
    }

  return json_node_ref (nodes[which]);
}

/* Packed values (see HealingCheckpointValue). The tag is in the low two
 * bits of the word: g_malloc () aligns every block to at least 8 bytes, so
 * those of a node's or a string's address are 0. */
enum {
  VALUE_NODE   = 0,             /* a JsonNode, a reference */
  VALUE_STRING = 1,             /* a string, owned */
  VALUE_INT    = 2,             /* an integer, in the other bits */
  VALUE_TAG_MASK = 3
};

#define VALUE_TAG(v)    (GPOINTER_TO_SIZE (v) & VALUE_TAG_MASK)
#define VALUE_NODE(v)   ((JsonNode *) (v))
#define VALUE_STRING(v) ((const char *) GSIZE_TO_POINTER (GPOINTER_TO_SIZE (v) & ~(gsize) VALUE_TAG_MASK))
/* An arithmetic shift of the signed word. */
#define VALUE_INT(v)    ((gint64) (((gintptr) (v)) >> 2))

static HealingCheckpointValue
value_take_string (char *str)
{
  g_assert ((GPOINTER_TO_SIZE (str) & VALUE_TAG_MASK) == 0);

  return GSIZE_TO_POINTER (GPOINTER_TO_SIZE (str) | VALUE_STRING);
}

/* Whether @value fits in the word beside its tag. */
static gboolean
int_fits (gint64 value)
{
  const gint64 max = ((gint64) 1 << (GLIB_SIZEOF_VOID_P * 8 - 3)) - 1;

  return value >= -max - 1 && value <= max;
}

static HealingCheckpointValue
value_int (gint64 value)
{
  return (HealingCheckpointValue) (((gintptr) value) * 4 + VALUE_INT);
}

/* Takes @node. */
static HealingCheckpointValue
value_take_node (JsonNode *node)
{
  HealingCheckpointValue value;

  if (json_node_get_node_type (node) == JSON_NODE_NULL)
    {
      json_node_unref (node);
      return shared_node (SHARED_NULL);
    }

  if (json_node_get_node_type (node) != JSON_NODE_VALUE)
    return node;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      value = value_take_string (json_node_dup_string (node));
      break;
    case G_TYPE_BOOLEAN:
      value = shared_node (json_node_get_boolean (node) ? SHARED_TRUE : SHARED_FALSE);
      break;
    case G_TYPE_INT64:
      if (!int_fits (json_node_get_int (node)))
        return node;
      value = value_int (json_node_get_int (node));
      break;
    default:
      return node;
    }

  json_node_unref (node);

  return value;
}

HealingCheckpointValue
healing_checkpoint_value_from_node (JsonNode *node)
{
  /* A string, a boolean or an integer: packed without a copy of the node. */
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return value_take_string (json_node_dup_string (node));
        case G_TYPE_BOOLEAN:
          return shared_node (json_node_get_boolean (node) ? SHARED_TRUE : SHARED_FALSE);
        case G_TYPE_INT64:
          if (int_fits (json_node_get_int (node)))
            return value_int (json_node_get_int (node));
          break;
        default:
          break;
        }
    }

  return value_take_node (json_node_copy (node));
}

HealingCheckpointValue
healing_checkpoint_value_pack (const GValue *value)
{
  /* The usual types without a node in between; the same values as
   * healing_checkpoint_value_to_json () gives for them. */
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_BOOLEAN:
      return shared_node (g_value_get_boolean (value) ? SHARED_TRUE : SHARED_FALSE);
    case G_TYPE_INT:
      if (int_fits (g_value_get_int (value)))
        return value_int (g_value_get_int (value));
      break;
    case G_TYPE_UINT:
      if (int_fits (g_value_get_uint (value)))
        return value_int (g_value_get_uint (value));
      break;
    case G_TYPE_STRING:
      if (g_value_get_string (value) == NULL)
        return shared_node (SHARED_NULL);
      return value_take_string (g_value_dup_string (value));
    default:
      break;
    }

  return value_take_node (healing_checkpoint_value_to_json (value));
}

void
healing_checkpoint_value_free (HealingCheckpointValue value)
{
  switch (VALUE_TAG (value))
    {
    case VALUE_NODE:
      json_node_unref (VALUE_NODE (value));
      break;
    case VALUE_STRING:
      g_free ((char *) VALUE_STRING (value));
      break;
    default:
      break;
    }
}

JsonNode *
healing_checkpoint_value_dup_node (HealingCheckpointValue value)
{
  switch (VALUE_TAG (value))
    {
    case VALUE_STRING:
      return json_node_init_string (json_node_alloc (), VALUE_STRING (value));
    case VALUE_INT:
      return json_node_init_int (json_node_alloc (), VALUE_INT (value));
    default:
      return json_node_copy (VALUE_NODE (value));
    }
}

static gboolean nodes_equal (JsonNode *a,
                             JsonNode *b);

gboolean
healing_checkpoint_value_equal (HealingCheckpointValue a,
                                HealingCheckpointValue b)
{
  JsonNode *x, *y;
  gboolean equal;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (VALUE_TAG (a) == VALUE_TAG (b))
    {
      switch (VALUE_TAG (a))
        {
        case VALUE_STRING:
          return strcmp (VALUE_STRING (a), VALUE_STRING (b)) == 0;
        case VALUE_INT:
          return FALSE;
        default:
          return nodes_equal (VALUE_NODE (a), VALUE_NODE (b));
        }
    }

  /* Packed differently (a node holding what could have been packed): as
   * nodes, to be sure. */
  x = healing_checkpoint_value_dup_node (a);
  y = healing_checkpoint_value_dup_node (b);
  equal = nodes_equal (x, y);
  json_node_unref (x);
  json_node_unref (y);

  return equal;
}

static HealingCheckpointEntry *capture (GObject                     *object,
                                        char                        *path,
                                        const HealingCheckpointPlan *plan,
                                        HealingCheckpointEntry     **building);

/* The path of a new entry, as a GRefString. The root's, ".", is one
 * string for every entry that has it (every container's child is a root):
 * interning every path would cost a locked hash lookup per object
 * captured, 10 % of a capture's instructions (bench-checkpoint). */
static char *
path_new (const char *path)
{
  static char *root_path;

  if (path[0] == '.' && path[1] == '\0')
    {
      if (g_once_init_enter (&root_path))
        g_once_init_leave (&root_path, g_ref_string_new_intern ("."));
      return g_ref_string_acquire (root_path);
    }

  return g_ref_string_new (path);
}

HealingCheckpointEntry *
healing_checkpoint_capture_object (GObject                     *object,
                                   const char                  *path,
                                   const HealingCheckpointPlan *plan)
{
  return capture (object, path_new (path), plan, NULL);
}

HealingCheckpointEntry *
healing_checkpoint_capture_object_into (GObject                     *object,
                                        const char                  *path,
                                        const HealingCheckpointPlan *plan,
                                        HealingCheckpointEntry     **building)
{
  return capture (object, path_new (path), plan, building);
}

HealingCheckpointEntry *
healing_checkpoint_capture_again (GObject                     *object,
                                  HealingCheckpointEntry      *old,
                                  const HealingCheckpointPlan *plan,
                                  HealingCheckpointEntry     **building)
{
  return capture (object, g_ref_string_acquire (old->path), plan, building);
}

/* Takes @path (a GRefString). */
static HealingCheckpointEntry *
capture (GObject                     *object,
         char                        *path,
         const HealingCheckpointPlan *plan,
         HealingCheckpointEntry     **building)
{
  /* One block for the entry and its values. */
  HealingCheckpointEntry *entry = g_malloc0 (sizeof (HealingCheckpointEntry) +
                                             plan->n_props * sizeof (JsonNode *));
  HealingCheckpointable *checkpointable;
  guint i;

  /* Valid (what it holds so far can be freed) from here on. */
  if (building != NULL)
    *building = entry;
  g_ref_count_init (&entry->ref_count);
  entry->path = path;
  entry->type_name = g_type_name (G_OBJECT_TYPE (object));
  /* Every value of the plan is captured, in its order. */
  entry->names = (const char * const *) plan->names;

  for (i = 0; i < plan->n_props; i++)
    {
      GParamSpec *pspec = plan->props[i];
      GValue value = G_VALUE_INIT;

      /* Every widget has these: skip the generic property machinery. */
      if (pspec->owner_type == GTK_TYPE_WIDGET && GTK_IS_WIDGET (object))
        {
          JsonNode *node = NULL;

          if (g_str_equal (pspec->name, "visible"))
            node = shared_node (gtk_widget_get_visible (GTK_WIDGET (object)) ? SHARED_TRUE : SHARED_FALSE);
          else if (g_str_equal (pspec->name, "sensitive"))
            node = shared_node (gtk_widget_get_sensitive (GTK_WIDGET (object)) ? SHARED_TRUE : SHARED_FALSE);
          else if (g_str_equal (pspec->name, "css-classes"))
            {
              char **classes = gtk_widget_get_css_classes (GTK_WIDGET (object));

              if (classes[0] == NULL)
                node = shared_node (SHARED_EMPTY_ARRAY);
              else
                {
                  JsonArray *array = json_array_sized_new (g_strv_length (classes));
                  guint k;

                  for (k = 0; classes[k] != NULL; k++)
                    json_array_add_string_element (array, classes[k]);
                  node = healing_checkpoint_node_take_array (array);
                }
              g_strfreev (classes);
            }

          if (node != NULL)
            {
              entry->values[entry->n_values] = node;
              entry->n_values++;
              continue;
            }
        }

      g_value_init (&value, pspec->value_type);
      g_object_get_property (object, pspec->name, &value);
      entry->values[entry->n_values] = healing_checkpoint_value_pack (&value);
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

  g_clear_pointer (&self->entries, healing_checkpoint_entries_unref);

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

  by_path_quark = g_quark_from_static_string ("healing-checkpoint-by-path");
  skipped_quark = g_quark_from_static_string ("healing-checkpoint-skipped");

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
checkpoint_new (HealingCheckpointEntries *entries,
                char      **skipped,
                gint64      time)
{
  HealingCheckpoint *self = g_object_new (HEALING_TYPE_CHECKPOINT, NULL);

  self->entries = entries;
  if (skipped != no_skipped)
    g_object_set_qdata_full (G_OBJECT (self), skipped_quark, skipped, (GDestroyNotify) g_strfreev);
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
healing_checkpoint_new_from_entries (HealingCheckpointEntries *entries,
                                     GHashTable *skipped)
{
  return checkpoint_new (entries, sorted_strv (skipped), g_get_real_time ());
}

HealingCheckpoint *
healing_checkpoint_new_at (HealingCheckpointEntries *entries,
                           GHashTable *skipped,
                           gint64      time)
{
  return checkpoint_new (entries, sorted_strv (skipped), time);
}

HealingCheckpointEntries *
healing_checkpoint_get_entries (HealingCheckpoint *self)
{
  return self->entries;
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

  return checkpoint_new (healing_checkpoint_entries_new_take (capture.entries), skipped, g_get_real_time ());
}

static GHashTable *
get_by_path (HealingCheckpoint *self)
{
  guint i;

  GHashTable *by_path = g_object_get_qdata (G_OBJECT (self), by_path_quark);

  if (by_path != NULL)
    return by_path;

  by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_object_set_qdata_full (G_OBJECT (self), by_path_quark, by_path, (GDestroyNotify) g_hash_table_unref);
  for (i = 0; i < self->entries->len; i++)
    {
      HealingCheckpointEntry *entry = g_ptr_array_index (self->entries, i);

      g_hash_table_insert (by_path, entry->path, entry);
    }

  return by_path;
}

typedef struct {
  HealingCheckpoint *self;
  GHashTable *by_path;
  GHashTable *seen;
  GPtrArray *failures;
  HealingCheckpointLiveFunc live_func;
  gpointer live_data;
} Restore;

HealingCheckpointEntries *
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
      const char *name = entry->names[i];
      GParamSpec *pspec = find_plan_prop (plan, name);
      GError *error = NULL;
      JsonNode *node;

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

      if (live != NULL && healing_checkpoint_value_equal (healing_checkpoint_entry_lookup (live, name),
                                                         entry->values[i]))
        continue;

      node = healing_checkpoint_value_dup_node (entry->values[i]);
      if (!healing_checkpoint_apply_value (object, pspec, node, &error))
        {
          add_failure (restore, entry->path, name, error->message);
          g_clear_error (&error);
        }
      json_node_unref (node);
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

  char **skipped = g_object_get_qdata (G_OBJECT (self), skipped_quark);

  return (const char * const *) (skipped != NULL ? skipped : no_skipped);
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
  HealingCheckpointValue value;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  entry = g_hash_table_lookup (get_by_path (self), path);
  if (entry == NULL)
    return NULL;

  if (property == NULL)
    return entry->state != NULL ? json_node_copy (entry->state) : NULL;

  value = healing_checkpoint_entry_lookup (entry, property);

  return value != NULL ? healing_checkpoint_value_dup_node (value) : NULL;
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
