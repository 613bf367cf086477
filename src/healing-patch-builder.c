/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-patch-builder-private.h"
#include "healing-patch-private.h"
#include "healing-container.h"
#include "healing-signal-private.h"

/* The restricted builder of hot patches.
 *
 * A patch is XML from the network. GtkBuilder, given such XML, would look
 * up any type by name (and, failing that, call any `*_get_type` symbol of
 * the process), connect handlers to any exported symbol, load files and
 * resources named in properties, and instantiate templates. So the XML is
 * first read by a GMarkupParseContext of our own, with limits, which
 * refuses everything outside an allow-list before GtkBuilder sees it; and
 * GtkBuilder then runs with a scope that resolves only allow-listed types
 * and registered callbacks, never a symbol (defence in depth). */

/* ------------------------------------------------------------------------
 * The allow-list of GTK types
 * ------------------------------------------------------------------------ */

typedef GType (*TypeFunc) (void);

/* GTK 4.8 types a patch may instantiate. Widgets that are windows, touch
 * the file system or run actions by shortcut are left out. */
static const struct {
  const char *name;
  TypeFunc get_type;
} gtk_types[] = {
  { "GtkActionBar", gtk_action_bar_get_type },
  { "GtkAdjustment", gtk_adjustment_get_type },
  { "GtkAspectFrame", gtk_aspect_frame_get_type },
  { "GtkBinLayout", gtk_bin_layout_get_type },
  { "GtkBox", gtk_box_get_type },
  { "GtkBoxLayout", gtk_box_layout_get_type },
  { "GtkButton", gtk_button_get_type },
  { "GtkCalendar", gtk_calendar_get_type },
  { "GtkCenterBox", gtk_center_box_get_type },
  { "GtkCenterLayout", gtk_center_layout_get_type },
  { "GtkCheckButton", gtk_check_button_get_type },
  { "GtkEditableLabel", gtk_editable_label_get_type },
  { "GtkEntry", gtk_entry_get_type },
  { "GtkEntryBuffer", gtk_entry_buffer_get_type },
  { "GtkEventControllerFocus", gtk_event_controller_focus_get_type },
  { "GtkEventControllerKey", gtk_event_controller_key_get_type },
  { "GtkEventControllerMotion", gtk_event_controller_motion_get_type },
  { "GtkExpander", gtk_expander_get_type },
  { "GtkFixed", gtk_fixed_get_type },
  { "GtkFlowBox", gtk_flow_box_get_type },
  { "GtkFlowBoxChild", gtk_flow_box_child_get_type },
  { "GtkFrame", gtk_frame_get_type },
  { "GtkGestureClick", gtk_gesture_click_get_type },
  { "GtkGestureDrag", gtk_gesture_drag_get_type },
  { "GtkGestureLongPress", gtk_gesture_long_press_get_type },
  { "GtkGrid", gtk_grid_get_type },
  { "GtkGridLayout", gtk_grid_layout_get_type },
  { "GtkHeaderBar", gtk_header_bar_get_type },
  { "GtkImage", gtk_image_get_type },
  { "GtkInfoBar", gtk_info_bar_get_type },
  { "GtkLabel", gtk_label_get_type },
  { "GtkLevelBar", gtk_level_bar_get_type },
  { "GtkLinkButton", gtk_link_button_get_type },
  { "GtkListBox", gtk_list_box_get_type },
  { "GtkListBoxRow", gtk_list_box_row_get_type },
  { "GtkMenuButton", gtk_menu_button_get_type },
  { "GtkNotebook", gtk_notebook_get_type },
  { "GtkOverlay", gtk_overlay_get_type },
  { "GtkPaned", gtk_paned_get_type },
  { "GtkPasswordEntry", gtk_password_entry_get_type },
  { "GtkPicture", gtk_picture_get_type },
  { "GtkPopover", gtk_popover_get_type },
  { "GtkProgressBar", gtk_progress_bar_get_type },
  { "GtkRevealer", gtk_revealer_get_type },
  { "GtkScale", gtk_scale_get_type },
  { "GtkScrollbar", gtk_scrollbar_get_type },
  { "GtkScrolledWindow", gtk_scrolled_window_get_type },
  { "GtkSearchBar", gtk_search_bar_get_type },
  { "GtkSearchEntry", gtk_search_entry_get_type },
  { "GtkSeparator", gtk_separator_get_type },
  { "GtkSizeGroup", gtk_size_group_get_type },
  { "GtkSpinButton", gtk_spin_button_get_type },
  { "GtkSpinner", gtk_spinner_get_type },
  { "GtkStack", gtk_stack_get_type },
  { "GtkStackPage", gtk_stack_page_get_type },
  { "GtkStackSidebar", gtk_stack_sidebar_get_type },
  { "GtkStackSwitcher", gtk_stack_switcher_get_type },
  { "GtkStringList", gtk_string_list_get_type },
  { "GtkSwitch", gtk_switch_get_type },
  { "GtkText", gtk_text_get_type },
  { "GtkTextBuffer", gtk_text_buffer_get_type },
  { "GtkTextTag", gtk_text_tag_get_type },
  { "GtkTextTagTable", gtk_text_tag_table_get_type },
  { "GtkTextView", gtk_text_view_get_type },
  { "GtkToggleButton", gtk_toggle_button_get_type },
  { "GtkViewport", gtk_viewport_get_type },
  { "GtkWindowHandle", gtk_window_handle_get_type },
  { "HealingContainer", healing_container_get_type },
};

GType
healing_patch_builder_lookup_type (const HealingPatchAllow *allow,
                                   const char              *type_name)
{
  gsize i;
  GType type;

  if (allow != NULL && allow->types != NULL &&
      (type = GPOINTER_TO_SIZE (g_hash_table_lookup (allow->types, type_name))) != 0)
    return type;

  for (i = 0; i < G_N_ELEMENTS (gtk_types); i++)
    if (g_str_equal (gtk_types[i].name, type_name))
      return gtk_types[i].get_type ();

  /* Plain values (<closure type>, <constant type>, GType properties). */
  type = g_type_from_name (type_name);
  if (type != 0 && G_TYPE_IS_FUNDAMENTAL (type) && type != G_TYPE_OBJECT &&
      type != G_TYPE_INTERFACE && type != G_TYPE_POINTER && type != G_TYPE_BOXED &&
      type != G_TYPE_PARAM && type != G_TYPE_VARIANT)
    return type;

  return G_TYPE_INVALID;
}

/* ------------------------------------------------------------------------
 * The restricted scope
 * ------------------------------------------------------------------------ */

#define HEALING_TYPE_PATCH_SCOPE (healing_patch_scope_get_type ())
G_DECLARE_FINAL_TYPE (HealingPatchScope, healing_patch_scope, HEALING, PATCH_SCOPE, GtkBuilderCScope)

struct _HealingPatchScope
{
  GtkBuilderCScope parent_instance;

  const HealingPatchAllow *allow;
};

static void healing_patch_scope_scope_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HealingPatchScope, healing_patch_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      healing_patch_scope_scope_init))

static GtkBuilderScopeInterface *patch_scope_parent_iface;

static GType
healing_patch_scope_get_type_from_name (GtkBuilderScope *scope,
                                        GtkBuilder      *builder,
                                        const char      *type_name)
{
  /* Never GtkBuilderCScope's: it would call a guessed *_get_type (). */
  return healing_patch_builder_lookup_type (HEALING_PATCH_SCOPE (scope)->allow, type_name);
}

static GType
healing_patch_scope_get_type_from_function (GtkBuilderScope *scope,
                                            GtkBuilder      *builder,
                                            const char      *function_name)
{
  return G_TYPE_INVALID;
}

static GClosure *
healing_patch_scope_create_closure (GtkBuilderScope        *scope,
                                    GtkBuilder             *builder,
                                    const char             *function_name,
                                    GtkBuilderClosureFlags  flags,
                                    GObject                *object,
                                    GError                **error)
{
  HealingPatchScope *self = HEALING_PATCH_SCOPE (scope);
  GClosure *closure;

  /* Only registered callbacks, which the parent finds in its own table
   * (they were added to it): it never falls back to a symbol lookup. */
  if (self->allow->callbacks == NULL ||
      !g_hash_table_contains (self->allow->callbacks, function_name))
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION,
                   "“%s” is not a callback registered for patches", function_name);
      return NULL;
    }

  closure = patch_scope_parent_iface->create_closure (scope, builder, function_name,
                                                      flags, object, error);
  if (closure != NULL)
    healing_signal_guard_closure (closure, NULL, TRUE, function_name);

  return closure;
}

static void
healing_patch_scope_scope_init (GtkBuilderScopeInterface *iface)
{
  patch_scope_parent_iface = g_type_interface_peek_parent (iface);

  iface->get_type_from_name = healing_patch_scope_get_type_from_name;
  iface->get_type_from_function = healing_patch_scope_get_type_from_function;
  iface->create_closure = healing_patch_scope_create_closure;
}

static void
healing_patch_scope_class_init (HealingPatchScopeClass *klass)
{
}

static void
healing_patch_scope_init (HealingPatchScope *self)
{
}

static GtkBuilderScope *
healing_patch_scope_new (const HealingPatchAllow *allow)
{
  HealingPatchScope *self = g_object_new (HEALING_TYPE_PATCH_SCOPE, NULL);

  self->allow = allow;

  if (allow->callbacks != NULL)
    {
      GHashTableIter iter;
      gpointer name, callback;

      g_hash_table_iter_init (&iter, allow->callbacks);
      while (g_hash_table_iter_next (&iter, &name, &callback))
        gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (self), name,
                                                (GCallback) callback);
    }

  return GTK_BUILDER_SCOPE (self);
}

/* ------------------------------------------------------------------------
 * The pre-scan
 * ------------------------------------------------------------------------ */

typedef enum {
  PARENT_NONE,
  PARENT_OBJECT,    /* properties of the object itself */
  PARENT_OTHER,     /* properties of a layout child, accessibility, … */
} PropertyContext;

typedef struct
{
  const HealingPatchAllow *allow;
  const char *wanted_root;
  char *root_id;
  gboolean root_found;

  guint depth;
  guint objects;
  /* The element names of the open elements, and the types of the open
   * <object>s (G_TYPE_INVALID for other elements). */
  GPtrArray *elements;
  GArray *types;

  /* The <property> being read. */
  GParamSpec *pspec;
  char *property_name;
  PropertyContext property_context;
  GString *text;
} Scan;

static const char * const allowed_elements[] = {
  "interface", "requires", "object", "property", "signal", "child",
  "binding", "lookup", "constant", "closure",
  "style", "class", "layout", "accessibility", "relation", "state",
  "attributes", "attribute", "items", "item", "marks", "mark",
  "widgets", "widget",
  NULL
};

static const char * const file_properties[] = {
  "file", "filename", "resource", "uri", NULL
};

static void
scan_error (GMarkupParseContext  *context,
            GError              **error,
            HealingPatchError     code,
            const char           *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
scan_error (GMarkupParseContext  *context,
            GError              **error,
            HealingPatchError     code,
            const char           *format,
            ...)
{
  g_autofree char *detail = NULL;
  va_list args;
  int line = 0, column = 0;

  g_markup_parse_context_get_position (context, &line, &column);

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, HEALING_PATCH_ERROR, code, "ui:%d:%d: %s", line, column, detail);
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *name)
{
  guint i;

  for (i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];

  return NULL;
}

/* Whether @value, a file or resource named in a property, is inside the
 * allow-list. */
static gboolean
reference_allowed (Scan       *scan,
                   const char *property,
                   const char *value)
{
  g_autofree char *uri = NULL;
  const char * const *prefix;

  if (strstr (value, "/../") != NULL || strstr (value, "/./") != NULL ||
      g_str_has_suffix (value, "/..") || strchr (value, '\\') != NULL)
    return FALSE;

  if (value[0] == '/')
    uri = g_strconcat (g_str_equal (property, "resource") ? "resource://" : "file://", value, NULL);
  else
    uri = g_strdup (value);

  for (prefix = scan->allow->resource_prefixes; prefix != NULL && *prefix != NULL; prefix++)
    if (g_str_has_prefix (uri, *prefix))
      return TRUE;

  return FALSE;
}

static GType
current_object_type (Scan *scan)
{
  /* The innermost open <object>, skipping the element being closed. */
  if (scan->types->len < 2)
    return G_TYPE_INVALID;

  return g_array_index (scan->types, GType, scan->types->len - 2);
}

static void
scan_start (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            gpointer              user_data,
            GError              **error)
{
  Scan *scan = user_data;
  const char *parent = scan->elements->len > 0 ?
                       g_ptr_array_index (scan->elements, scan->elements->len - 1) : NULL;
  GType pushed = G_TYPE_INVALID;
  guint n_attributes = g_strv_length ((char **) names);

  if (++scan->depth > HEALING_PATCH_MAX_XML_DEPTH)
    {
      scan_error (context, error, HEALING_PATCH_ERROR_OVERSIZED,
                  /* Translators: an error in a patch's XML */
                  _("nested more than %d elements deep"), HEALING_PATCH_MAX_XML_DEPTH);
      return;
    }

  if (n_attributes > HEALING_PATCH_MAX_ATTRIBUTES)
    {
      scan_error (context, error, HEALING_PATCH_ERROR_OVERSIZED,
                  /* Translators: an error in a patch's XML */
                  _("<%s> has more than %d attributes"), element, HEALING_PATCH_MAX_ATTRIBUTES);
      return;
    }

  if (parent == NULL && !g_str_equal (element, "interface"))
    {
      scan_error (context, error, HEALING_PATCH_ERROR_MALFORMED,
                  /* Translators: an error in a patch's XML; do not translate <interface> */
                  _("the root element is <%s>, not <interface>"), element);
      return;
    }

  if (g_str_equal (element, "template"))
    {
      scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE,
                  /* Translators: an error in a patch's XML */
                  _("templates are not allowed in patches"));
      return;
    }

  if (!g_strv_contains (allowed_elements, element))
    {
      scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE,
                  /* Translators: an error in a patch's XML */
                  _("the element <%s> is not allowed in patches"), element);
      return;
    }

  if (g_str_equal (element, "requires"))
    {
      const char *lib = find_attribute (names, values, "lib");

      if (lib == NULL || !g_str_equal (lib, "gtk"))
        {
          scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE,
                      /* Translators: an error in a patch's XML */
                      _("a patch may require only the library “gtk”"));
          return;
        }
    }
  else if (g_str_equal (element, "object"))
    {
      const char *class_name = find_attribute (names, values, "class");
      const char *id = find_attribute (names, values, "id");

      if (find_attribute (names, values, "type-func") != NULL)
        {
          scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE,
                      /* Translators: an error in a patch's XML; do not translate type-func */
                      _("type-func is not allowed in patches"));
          return;
        }

      if (class_name == NULL)
        {
          scan_error (context, error, HEALING_PATCH_ERROR_MALFORMED,
                      /* Translators: an error in a patch's XML */
                      _("<object> without a class"));
          return;
        }

      pushed = healing_patch_builder_lookup_type (scan->allow, class_name);
      if (pushed == G_TYPE_INVALID || !G_TYPE_IS_OBJECT (pushed) || G_TYPE_IS_ABSTRACT (pushed))
        {
          scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_TYPE,
                      /* Translators: an error in a patch's XML; %s is a type name */
                      _("the type %s is not allowed in patches"), class_name);
          return;
        }

      if (++scan->objects > HEALING_PATCH_MAX_OBJECTS)
        {
          scan_error (context, error, HEALING_PATCH_ERROR_OVERSIZED,
                      /* Translators: an error in a patch's XML */
                      _("more than %d objects"), HEALING_PATCH_MAX_OBJECTS);
          return;
        }

      /* Top-level objects: the root is the one wanted, or the first. */
      if (g_str_equal (parent, "interface") && id != NULL)
        {
          if (scan->wanted_root != NULL ? g_str_equal (id, scan->wanted_root)
                                        : scan->root_id == NULL)
            {
              g_free (scan->root_id);
              scan->root_id = g_strdup (id);
              scan->root_found = g_type_is_a (pushed, GTK_TYPE_WIDGET);
              if (!scan->root_found)
                {
                  scan_error (context, error, HEALING_PATCH_ERROR_MALFORMED,
                              /* Translators: an error in a patch's XML */
                              _("the root object “%s” is not a widget"), id);
                  return;
                }
            }
        }
    }
  else if (g_str_equal (element, "property"))
    {
      const char *name = find_attribute (names, values, "name");

      scan->pspec = NULL;
      g_clear_pointer (&scan->property_name, g_free);
      g_string_truncate (scan->text, 0);

      if (name == NULL)
        {
          scan_error (context, error, HEALING_PATCH_ERROR_MALFORMED,
                      /* Translators: an error in a patch's XML */
                      _("<property> without a name"));
          return;
        }

      scan->property_name = g_strdelimit (g_strdup (name), "_", '-');
      if (g_strcmp0 (parent, "object") == 0)
        {
          GType type = g_array_index (scan->types, GType, scan->types->len - 1);
          g_autoptr (GTypeClass) klass = g_type_class_ref (type);

          scan->property_context = PARENT_OBJECT;
          scan->pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), scan->property_name);
        }
      else
        {
          scan->property_context = PARENT_OTHER;
        }
    }
  else if (g_str_equal (element, "signal") || g_str_equal (element, "closure"))
    {
      const char *handler = find_attribute (names, values,
                                            g_str_equal (element, "signal") ? "handler" : "function");

      if (handler == NULL || scan->allow->callbacks == NULL ||
          !g_hash_table_contains (scan->allow->callbacks, handler))
        {
          scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_HANDLER,
                      /* Translators: an error in a patch's XML; %s is a function name */
                      _("the handler “%s” is not registered for patches"),
                      handler != NULL ? handler : "");
          return;
        }
    }

  /* <lookup type>, <constant type>, <closure type>. */
  if (g_str_equal (element, "lookup") || g_str_equal (element, "constant") ||
      g_str_equal (element, "closure"))
    {
      const char *type_name = find_attribute (names, values, "type");

      if (type_name != NULL &&
          healing_patch_builder_lookup_type (scan->allow, type_name) == G_TYPE_INVALID)
        {
          scan_error (context, error, HEALING_PATCH_ERROR_DISALLOWED_TYPE,
                      _("the type %s is not allowed in patches"), type_name);
          return;
        }
    }

  g_ptr_array_add (scan->elements, g_strdup (element));
  g_array_append_val (scan->types, pushed);
}

static gboolean
is_file_type (GType type)
{
  return g_type_is_a (type, G_TYPE_FILE) || g_type_is_a (type, G_TYPE_ICON) ||
         g_type_is_a (type, GDK_TYPE_PAINTABLE) || g_type_is_a (type, GDK_TYPE_TEXTURE) ||
         g_type_is_a (type, GDK_TYPE_PIXBUF) ||
         g_type_is_a (type, GTK_TYPE_SHORTCUT_ACTION) ||
         g_type_is_a (type, GTK_TYPE_SHORTCUT_TRIGGER);
}

/* Checks the value of a property, set from the XML or from the state. */
static gboolean
check_property_value (Scan        *scan,
                      const char  *name,
                      GParamSpec  *pspec,
                      const char  *value,
                      GString     *why,
                      HealingPatchError *code)
{
  if (value == NULL || value[0] == '\0')
    return TRUE;

  if (g_str_equal (name, "action-name"))
    {
      if (scan->allow->actions == NULL || !g_hash_table_contains (scan->allow->actions, value))
        {
          *code = HEALING_PATCH_ERROR_DISALLOWED_HANDLER;
          /* Translators: an error in a patch; %s is an action name */
          g_string_printf (why, _("the action “%s” is not registered for patches"), value);
          return FALSE;
        }
      return TRUE;
    }

  if (g_strv_contains (file_properties, name) ||
      (pspec != NULL && is_file_type (pspec->value_type)))
    {
      if (pspec != NULL && (g_type_is_a (pspec->value_type, GTK_TYPE_SHORTCUT_ACTION) ||
                            g_type_is_a (pspec->value_type, GTK_TYPE_SHORTCUT_TRIGGER)))
        {
          *code = HEALING_PATCH_ERROR_DISALLOWED_HANDLER;
          /* Translators: an error in a patch; %s is a property name */
          g_string_printf (why, _("the property %s runs actions and is not allowed in patches"), name);
          return FALSE;
        }

      if (!reference_allowed (scan, name, value))
        {
          *code = HEALING_PATCH_ERROR_DISALLOWED_REFERENCE;
          /* Translators: an error in a patch; %s are a property name and a file name */
          g_string_printf (why, _("the property %s refers to “%s”, outside the files and resources allowed"),
                           name, value);
          return FALSE;
        }
    }

  /* Markup links open URIs when clicked. */
  if (strstr (value, "href") != NULL || strstr (value, "HREF") != NULL)
    {
      *code = HEALING_PATCH_ERROR_DISALLOWED_REFERENCE;
      /* Translators: an error in a patch; %s is a property name */
      g_string_printf (why, _("the property %s contains a link"), name);
      return FALSE;
    }

  return TRUE;
}

static void
scan_end (GMarkupParseContext  *context,
          const char           *element,
          gpointer              user_data,
          GError              **error)
{
  Scan *scan = user_data;

  if (g_str_equal (element, "property") && scan->property_name != NULL)
    {
      g_autoptr (GString) why = g_string_new (NULL);
      HealingPatchError code = HEALING_PATCH_ERROR_DISALLOWED_REFERENCE;
      const char *name = scan->property_name;

      if (scan->property_context == PARENT_OBJECT && scan->pspec == NULL)
        {
          GType type = current_object_type (scan);

          /* GtkBuilder would refuse it too, but say it with a position. */
          scan_error (context, error, HEALING_PATCH_ERROR_MALFORMED,
                      /* Translators: an error in a patch's XML; %s are a
                       * type and a property name */
                      _("%s has no property “%s”"), g_type_name (type), name);
          return;
        }

      if (!check_property_value (scan, name, scan->pspec, scan->text->str, why, &code))
        {
          scan_error (context, error, code, "%s", why->str);
          return;
        }

      g_clear_pointer (&scan->property_name, g_free);
      scan->pspec = NULL;
    }

  scan->depth--;
  g_ptr_array_remove_index (scan->elements, scan->elements->len - 1);
  g_array_remove_index (scan->types, scan->types->len - 1);
}

static void
scan_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              user_data,
           GError              **error)
{
  Scan *scan = user_data;

  if (scan->property_name != NULL)
    g_string_append_len (scan->text, text, length);
}

static const GMarkupParser scan_parser = {
  scan_start,
  scan_end,
  scan_text,
  NULL,
  NULL,
};

gboolean
healing_patch_builder_check (const char               *ui,
                             const char               *wanted_root,
                             const HealingPatchAllow  *allow,
                             char                    **root_id,
                             GError                  **error)
{
  GMarkupParseContext *context;
  GError *local_error = NULL;
  Scan scan = { 0, };
  gboolean ok;

  scan.allow = allow;
  scan.wanted_root = wanted_root;
  scan.elements = g_ptr_array_new_with_free_func (g_free);
  scan.types = g_array_new (FALSE, FALSE, sizeof (GType));
  scan.text = g_string_new (NULL);

  context = g_markup_parse_context_new (&scan_parser, 0, &scan, NULL);
  ok = g_markup_parse_context_parse (context, ui, -1, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);

  if (!ok)
    {
      if (local_error->domain == HEALING_PATCH_ERROR)
        g_propagate_error (error, local_error);
      else
        {
          int line = 0, column = 0;

          g_markup_parse_context_get_position (context, &line, &column);
          g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                       "ui:%d:%d: %s", line, column, local_error->message);
          g_error_free (local_error);
        }
    }
  else if (!scan.root_found)
    {
      ok = FALSE;
      if (wanted_root != NULL)
        g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                     /* Translators: an error in a patch's XML */
                     _("ui: no top-level object has the id “%s”"), wanted_root);
      else
        g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                     /* Translators: an error in a patch's XML */
                     _("ui: no top-level object with an id"));
    }

  g_markup_parse_context_free (context);

  if (ok && root_id != NULL)
    *root_id = g_steal_pointer (&scan.root_id);

  g_free (scan.root_id);
  g_free (scan.property_name);
  g_ptr_array_unref (scan.elements);
  g_array_unref (scan.types);
  g_string_free (scan.text, TRUE);

  return ok;
}

/* ------------------------------------------------------------------------
 * CSS
 * ------------------------------------------------------------------------ */

static gboolean
check_css (const char  *css,
           GError     **error)
{
  g_autofree char *folded = g_ascii_strdown (css, -1);
  const char *bad = NULL;

  /* Escapes could spell url( or @import in a way a search would miss. */
  if (strchr (css, '\\') != NULL)
    bad = "\\";
  else if (strstr (folded, "url(") != NULL)
    bad = "url(";
  else if (strstr (folded, "@import") != NULL)
    bad = "@import";

  if (bad != NULL)
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_DISALLOWED_REFERENCE,
                   /* Translators: an error in a patch's CSS; %s is CSS syntax */
                   _("css: “%s” is not allowed in patches"), bad);
      return FALSE;
    }

  return TRUE;
}

static void
css_error_cb (GtkCssProvider *provider,
              GtkCssSection  *section,
              GError         *css_error,
              gpointer        data)
{
  GError **first = data;
  const GtkCssLocation *start = gtk_css_section_get_start_location (section);

  if (*first != NULL)
    return;

  *first = g_error_new (HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                        "css:%" G_GSIZE_FORMAT ":%" G_GSIZE_FORMAT ": %s",
                        start->lines + 1, start->line_chars + 1, css_error->message);
}

static void
add_provider (GtkWidget      *widget,
              GtkCssProvider *provider)
{
  GtkWidget *child;

  gtk_style_context_add_provider (gtk_widget_get_style_context (widget),
                                  GTK_STYLE_PROVIDER (provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    add_provider (child, provider);
}

/* ------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------ */

static gboolean
set_from_json (GObject     *object,
               GParamSpec  *pspec,
               JsonNode    *node,
               GError     **error)
{
  GValue from = G_VALUE_INIT;
  GValue to = G_VALUE_INIT;
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);
  gboolean ok = FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  json_node_get_value (node, &from);
  g_value_init (&to, type);

  if (G_TYPE_IS_ENUM (type) && G_VALUE_HOLDS_STRING (&from))
    {
      g_autoptr (GEnumClass) klass = g_type_class_ref (type);
      GEnumValue *value = g_enum_get_value_by_nick (klass, g_value_get_string (&from));

      if (value != NULL)
        {
          g_value_set_enum (&to, value->value);
          ok = TRUE;
        }
    }
  else if ((G_TYPE_IS_FUNDAMENTAL (type) && type != G_TYPE_POINTER && type != G_TYPE_OBJECT &&
            type != G_TYPE_BOXED && type != G_TYPE_INTERFACE && type != G_TYPE_PARAM &&
            type != G_TYPE_VARIANT && !G_TYPE_IS_ENUM (type) && !G_TYPE_IS_FLAGS (type)) &&
           g_value_type_transformable (G_VALUE_TYPE (&from), type))
    {
      ok = g_value_transform (&from, &to);
    }

  if (ok)
    ok = !g_param_value_validate (pspec, &to);
  if (ok)
    g_object_set_property (object, pspec->name, &to);

  g_value_unset (&from);
  g_value_unset (&to);

  return ok;
}

static gboolean
apply_state (GtkBuilder              *builder,
             JsonNode                *state,
             const HealingPatchAllow *allow,
             GError                 **error)
{
  JsonObject *objects = json_node_get_object (state);
  g_autoptr (GList) ids = json_object_get_members (objects);
  Scan scan = { 0, };
  GList *l;

  scan.allow = allow;

  for (l = ids; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonNode *node = json_object_get_member (objects, id);
      GObject *object = gtk_builder_get_object (builder, id);
      g_autoptr (GList) names = NULL;
      GList *m;

      if (object == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                       /* Translators: an error in a patch; %s is an object id */
                       _("state.%s: no object of the XML has this id, or its value is not an object"),
                       id);
          return FALSE;
        }

      names = json_object_get_members (json_node_get_object (node));
      for (m = names; m != NULL; m = m->next)
        {
          const char *name = m->data;
          JsonNode *value = json_object_get_member (json_node_get_object (node), name);
          GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
          g_autoptr (GString) why = g_string_new (NULL);
          HealingPatchError code = HEALING_PATCH_ERROR_MALFORMED;

          if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) ||
              (pspec->flags & G_PARAM_CONSTRUCT_ONLY))
            {
              g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                           /* Translators: an error in a patch; %s are an
                            * object id and a property name */
                           _("state.%s.%s: not a writable property"), id, name);
              return FALSE;
            }

          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
              !check_property_value (&scan, pspec->name, pspec, json_node_get_string (value), why, &code))
            {
              g_set_error (error, HEALING_PATCH_ERROR, code, "state.%s.%s: %s", id, name, why->str);
              return FALSE;
            }

          if (is_file_type (pspec->value_type) || !set_from_json (object, pspec, value, error))
            {
              if (error == NULL || *error == NULL)
                g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                             /* Translators: an error in a patch; %s are an
                              * object id, a property name and a type */
                             _("state.%s.%s: not a valid value for a property of type %s"),
                             id, name, g_type_name (pspec->value_type));
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------ */

GtkWidget *
healing_patch_builder_build (HealingPatchBundle       *bundle,
                             const HealingPatchAllow  *allow,
                             GError                  **error)
{
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (GtkBuilderScope) scope = NULL;
  g_autoptr (GtkCssProvider) provider = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *root_id = NULL;
  const char *css = healing_patch_bundle_get_css (bundle);
  JsonNode *state = healing_patch_bundle_get_state (bundle);
  GObject *root;

  /* Everything is checked before anything is built. */
  if (!healing_patch_builder_check (healing_patch_bundle_get_ui (bundle),
                                    healing_patch_bundle_get_root_id (bundle),
                                    allow, &root_id, error))
    return NULL;

  if (css != NULL)
    {
      GError *css_error = NULL;
      gulong handler;

      if (!check_css (css, error))
        return NULL;

      provider = gtk_css_provider_new ();
      handler = g_signal_connect (provider, "parsing-error", G_CALLBACK (css_error_cb), &css_error);
      gtk_css_provider_load_from_data (provider, css, -1);
      g_signal_handler_disconnect (provider, handler);
      if (css_error != NULL)
        {
          g_propagate_error (error, css_error);
          return NULL;
        }
    }

  builder = gtk_builder_new ();
  scope = healing_patch_scope_new (allow);
  gtk_builder_set_scope (builder, scope);

  if (!gtk_builder_add_from_string (builder, healing_patch_bundle_get_ui (bundle), -1, &local_error))
    {
      HealingPatchError code = HEALING_PATCH_ERROR_MALFORMED;

      if (g_error_matches (local_error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION))
        code = HEALING_PATCH_ERROR_DISALLOWED_HANDLER;
      else if (g_error_matches (local_error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_TYPE_FUNCTION))
        code = HEALING_PATCH_ERROR_DISALLOWED_TYPE;

      g_set_error (error, HEALING_PATCH_ERROR, code, "ui:%s", local_error->message);
      return NULL;
    }

  if (state != NULL && !apply_state (builder, state, allow, error))
    return NULL;

  root = gtk_builder_get_object (builder, root_id);
  g_assert (GTK_IS_WIDGET (root));

  if (provider != NULL)
    add_provider (GTK_WIDGET (root), provider);

  return g_object_ref (GTK_WIDGET (root));
}
