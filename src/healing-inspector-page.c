/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-page-private.h"

#include "healing-container-private.h"
#include "healing-enums.h"
#include "healing-runtime.h"

/*
 * HealingInspectorPage:
 *
 * The "Healing" page of the GTK Inspector.
 *
 * It lists every live [class@Container] of the inspected application with
 * its component id, state, fault count and last fault, and keeps the list
 * current from the containers' own notifications: nothing is polled. The
 * chosen container shows its details and a log of the faults the page saw
 * it trap, and can be tried again, isolated, or made to fault on purpose
 * (fault injection).
 *
 * Selecting a widget in the inspector's Objects tab selects the innermost
 * container around it: the inspector hands every selection to the page's
 * `object` property.
 *
 * The page is registered on GTK's private "gtk-inspector-page" extension
 * point by healing_init() (see healing_inspector_register ()) or by the
 * optional inspector module. Its widgets live on the inspector's own
 * display, not on the inspected one.
 *
 * The containers come from the registry of live containers that
 * HealingRuntime keeps ([method@Runtime.get_containers]): the page follows
 * its ::items-changed, so a container shows up the moment it is created and
 * goes when it is disposed, in a window or not. Where they come from is all
 * in collect_containers () and watch_containers ().
 */

/* Faults kept per container, newest first. */
#define MAX_LOG_ENTRIES 100

/* A container the page lists. The page holds no reference on it: a weak
 * reference drops the entry when the container goes away, and the signal
 * handlers are connected with g_signal_connect_object () on the page. */
typedef struct
{
  HealingInspectorPage *page;
  HealingContainer *container;

  GtkWidget *row;
  GtkWidget *id_label;
  GtkWidget *state_label;
  GtkWidget *count_label;
  GtkWidget *last_label;

  /* HealingFault *, newest first. */
  GQueue log;

  /* Still found by the last collect_containers (). */
  gboolean seen;
} Entry;

struct _HealingInspectorPage
{
  GtkWidget parent_instance;

  GObject *object;

  GtkWidget *paned;
  GtkWidget *list_stack;
  GtkWidget *container_list;
  GtkWidget *details_stack;
  GtkWidget *title_label;
  GtkWidget *info_grid;
  GtkWidget *state_label;
  GtkWidget *count_label;
  GtkWidget *last_fault_label;
  GtkWidget *child_label;
  GtkWidget *kind_dropdown;
  GtkWidget *inject_button;
  GtkWidget *log_note_label;
  GtkWidget *fault_list;

  /* HealingContainer * → Entry *. */
  GHashTable *entries;
  /* The entry whose details are shown, or NULL. */
  Entry *selected;

  GListModel *containers;
  guint sync_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorPage, healing_inspector_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_OBJECT,
  PROP_USE_PICKER,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

/* The container a list row stands for (no reference). */
#define ROW_CONTAINER_KEY "healing-inspector-container"

/* The kinds of fault the page can inject, in the order of the drop-down. */
static const struct {
  HealingFaultKind kind;
  const char *label;
} injectable_kinds[] = {
  /* Translators: a kind of fault to inject: a crash (SIGSEGV) */
  { HEALING_FAULT_CRASH, N_("Crash") },
  /* Translators: a kind of fault to inject: a g_critical () message */
  { HEALING_FAULT_CRITICAL, N_("Critical") },
  /* Translators: a kind of fault to inject: code that never returns */
  { HEALING_FAULT_HANG, N_("Hang") },
  /* Translators: a kind of fault to inject: an error the application reports */
  { HEALING_FAULT_ERROR, N_("Error") },
};

static const struct {
  HealingState state;
  const char *label;
} state_labels[] = {
  /* Translators: state of a container: its widget runs normally */
  { HEALING_STATE_HEALTHY, N_("Healthy") },
  /* Translators: state of a container: its widget faulted and a fallback is shown instead */
  { HEALING_STATE_FALLBACK, N_("Fallback shown") },
  /* Translators: state of a container: nothing is shown or run */
  { HEALING_STATE_ISOLATED, N_("Isolated") },
  /* Translators: state of a container: a fallback is shown until its widget is tried again */
  { HEALING_STATE_RETRYING, N_("Retrying") },
  /* Translators: state of a container: its circuit breaker is open, the widget is not run */
  { HEALING_STATE_OPEN_CIRCUIT, N_("Circuit open") },
  /* Translators: state of a container: a fallback is shown until a fixed widget arrives */
  { HEALING_STATE_AWAITING_PATCH, N_("Awaiting patch") },
};

static void update_details (HealingInspectorPage *self);
static void update_actions (HealingInspectorPage *self);

/* ------------------------------------------------------------------------
 * Words for people
 * ------------------------------------------------------------------------ */

static const char *
state_to_string (HealingState state)
{
  GEnumClass *enum_class;
  GEnumValue *value;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (state_labels); i++)
    if (state_labels[i].state == state)
      return _(state_labels[i].label);

  /* A state newer than this page: its nick is better than nothing. */
  enum_class = g_type_class_ref (HEALING_TYPE_STATE);
  value = g_enum_get_value (enum_class, state);
  g_type_class_unref (enum_class);

  return value != NULL ? value->value_nick : "?";
}

static char *
dup_component_name (HealingContainer *container)
{
  const char *id = healing_container_get_component_id (container);

  if (id != NULL && *id != '\0')
    return g_strdup (id);

  /* Translators: a container without a component id; %s is its address */
  return g_strdup_printf (_("Unnamed container %p"), container);
}

static char *
dup_fault_count (guint n_faults)
{
  /* Translators: the number of faults a container trapped */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u fault", "%u faults", n_faults),
                          n_faults);
}

/* The wall-clock time of a fault, in the locale's format. */
static char *
dup_fault_time (const HealingFault *fault)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = NULL;
  gint64 age;

  age = MAX (0, g_get_monotonic_time () - healing_fault_get_time (fault));
  then = g_date_time_add (now, -age);

  return g_date_time_format (then, "%X");
}

/* ------------------------------------------------------------------------
 * Entries
 * ------------------------------------------------------------------------ */

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_queue_clear_full (&entry->log, (GDestroyNotify) healing_fault_unref);
  g_free (entry);
}

static Entry *
lookup_entry (HealingInspectorPage *self,
              HealingContainer     *container)
{
  if (container == NULL)
    return NULL;

  return g_hash_table_lookup (self->entries, container);
}

static void
update_entry_row (Entry *entry)
{
  HealingContainer *container = entry->container;
  HealingFault *last = healing_container_get_last_fault (container);
  HealingState state = healing_container_get_state (container);
  g_autofree char *name = dup_component_name (container);
  g_autofree char *count = dup_fault_count (healing_container_get_fault_count (container));
  g_autofree char *last_text = NULL;
  g_autofree char *description = NULL;

  if (last != NULL)
    last_text = healing_fault_to_string (last);
  else
    /* Translators: shown in place of the last fault of a container that has had none */
    last_text = g_strdup (_("No faults"));

  gtk_label_set_text (GTK_LABEL (entry->id_label), name);
  gtk_label_set_text (GTK_LABEL (entry->state_label), state_to_string (state));
  gtk_label_set_text (GTK_LABEL (entry->count_label), count);
  gtk_label_set_text (GTK_LABEL (entry->last_label), last_text);
  gtk_widget_set_tooltip_text (entry->last_label, last != NULL ? last_text : NULL);

  if (state == HEALING_STATE_HEALTHY)
    gtk_widget_remove_css_class (entry->state_label, "error");
  else
    gtk_widget_add_css_class (entry->state_label, "error");

  /* Translators: how a screen reader reads a container in the list: 1: its
   * name, 2: its state, 3: its number of faults, e.g. "3 faults" */
  description = g_strdup_printf (_("%1$s, %2$s, %3$s"), name, state_to_string (state), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
container_changed_cb (HealingInspectorPage *self,
                      GParamSpec           *pspec,
                      HealingContainer     *container)
{
  Entry *entry = lookup_entry (self, container);

  if (entry == NULL)
    return;

  update_entry_row (entry);

  if (entry == self->selected)
    {
      update_details (self);
      update_actions (self);
    }
}

static void
container_fault_cb (HealingInspectorPage *self,
                    HealingFault         *fault,
                    HealingContainer     *container)
{
  Entry *entry = lookup_entry (self, container);

  if (entry == NULL)
    return;

  g_queue_push_head (&entry->log, healing_fault_ref (fault));
  while (g_queue_get_length (&entry->log) > MAX_LOG_ENTRIES)
    healing_fault_unref (g_queue_pop_tail (&entry->log));

  /* The count and state notify after ::fault: they update the rest. */
  if (entry == self->selected)
    update_details (self);
}

static void container_weak_notify_cb (gpointer  data,
                                      GObject  *where_the_object_was);

static Entry *
add_entry (HealingInspectorPage *self,
           HealingContainer     *container)
{
  Entry *entry = g_new0 (Entry, 1);
  HealingFault *last = healing_container_get_last_fault (container);
  GtkWidget *box, *line;

  entry->page = self;
  entry->container = container;
  g_queue_init (&entry->log);

  /* Faults trapped before the page saw the container: the last one is all
   * there is to show. */
  if (last != NULL)
    g_queue_push_head (&entry->log, healing_fault_ref (last));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  entry->id_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (entry->id_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (entry->id_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (entry->id_label, TRUE);
  gtk_widget_add_css_class (entry->id_label, "heading");
  gtk_box_append (GTK_BOX (line), entry->id_label);
  entry->state_label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (line), entry->state_label);
  gtk_box_append (GTK_BOX (box), line);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  entry->last_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (entry->last_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (entry->last_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (entry->last_label, TRUE);
  gtk_widget_add_css_class (entry->last_label, "dim-label");
  gtk_box_append (GTK_BOX (line), entry->last_label);
  entry->count_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (entry->count_label, "dim-label");
  gtk_box_append (GTK_BOX (line), entry->count_label);
  gtk_box_append (GTK_BOX (box), line);

  entry->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (entry->row), box);
  g_object_set_data (G_OBJECT (entry->row), ROW_CONTAINER_KEY, container);
  gtk_list_box_append (GTK_LIST_BOX (self->container_list), entry->row);

  g_hash_table_insert (self->entries, container, entry);

  g_signal_connect_object (container, "notify::state",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (container, "notify::fault-count",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (container, "notify::component-id",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (container, "notify::child",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (container, "fault",
                           G_CALLBACK (container_fault_cb), self, G_CONNECT_SWAPPED);
  g_object_weak_ref (G_OBJECT (container), container_weak_notify_cb, entry);

  update_entry_row (entry);
  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "list");

  return entry;
}

/* Forgets @entry. @alive is FALSE when its container is being finalized. */
static void
remove_entry (HealingInspectorPage *self,
              Entry                *entry,
              gboolean              alive)
{
  HealingContainer *container = entry->container;
  GtkWidget *row = entry->row;

  if (alive)
    {
      g_signal_handlers_disconnect_by_data (container, self);
      g_object_weak_unref (G_OBJECT (container), container_weak_notify_cb, entry);
    }

  if (self->selected == entry)
    self->selected = NULL;

  /* Frees the entry. */
  g_hash_table_remove (self->entries, container);

  /* May emit ::row-selected, which finds no entry for the row any more. */
  gtk_list_box_remove (GTK_LIST_BOX (self->container_list), row);

  if (g_hash_table_size (self->entries) == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "empty");

  update_details (self);
  update_actions (self);
}

static void
container_weak_notify_cb (gpointer  data,
                          GObject  *where_the_object_was)
{
  Entry *entry = data;

  remove_entry (entry->page, entry, FALSE);
}

/* ------------------------------------------------------------------------
 * Finding the containers
 * ------------------------------------------------------------------------ */

/* The live containers of the process, in the order they were created (no
 * references). */
static GPtrArray *
collect_containers (HealingInspectorPage *self)
{
  guint i, n = g_list_model_get_n_items (self->containers);
  GPtrArray *found = g_ptr_array_sized_new (n);

  for (i = 0; i < n; i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (self->containers, i);

      g_ptr_array_add (found, container);
    }

  return found;
}

/* Brings the list in line with collect_containers (). */
static void
sync_containers (HealingInspectorPage *self)
{
  g_autoptr (GPtrArray) found = collect_containers (self);
  g_autoptr (GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  Entry *entry;
  guint i;

  g_clear_handle_id (&self->sync_id, g_source_remove);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    entry->seen = FALSE;

  for (i = 0; i < found->len; i++)
    {
      HealingContainer *container = g_ptr_array_index (found, i);

      entry = lookup_entry (self, container);
      if (entry == NULL)
        entry = add_entry (self, container);
      entry->seen = TRUE;
    }

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (!entry->seen)
      g_ptr_array_add (gone, entry);

  for (i = 0; i < gone->len; i++)
    remove_entry (self, g_ptr_array_index (gone, i), TRUE);

  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack),
                                    g_hash_table_size (self->entries) > 0 ? "list" : "empty");
}

static gboolean
sync_idle_cb (gpointer data)
{
  HealingInspectorPage *self = data;

  self->sync_id = 0;
  sync_containers (self);

  return G_SOURCE_REMOVE;
}

static void
queue_sync (HealingInspectorPage *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, sync_idle_cb, self, NULL);
}

/* Follows the registry. Containers come and go in the middle of building
 * or disposing widgets: the list catches up in an idle. */
static void
watch_containers (HealingInspectorPage *self)
{
  self->containers = g_object_ref (healing_runtime_get_containers (healing_runtime_get_default ()));
  g_signal_connect_object (self->containers, "items-changed",
                           G_CALLBACK (queue_sync), self, G_CONNECT_SWAPPED);
}

static void
unwatch_containers (HealingInspectorPage *self)
{
  g_clear_handle_id (&self->sync_id, g_source_remove);

  if (self->containers != NULL)
    g_signal_handlers_disconnect_by_data (self->containers, self);
  g_clear_object (&self->containers);
}

/* ------------------------------------------------------------------------
 * Details of the selected container
 * ------------------------------------------------------------------------ */

static GtkWidget *
create_log_row (const HealingFault *fault)
{
  g_autofree char *time = dup_fault_time (fault);
  g_autofree char *text = healing_fault_to_string (fault);
  const char *origin = healing_fault_get_origin (fault);
  GtkWidget *row, *box, *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  label = gtk_label_new (time);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (origin != NULL)
    gtk_widget_set_tooltip_text (label, origin);
  gtk_box_append (GTK_BOX (box), label);

  if (healing_fault_get_taints_process (fault))
    {
      /* Translators: marks a fault after which the process can no longer be trusted */
      label = gtk_label_new (_("Taints the process"));
      gtk_label_set_yalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
update_log (HealingInspectorPage *self)
{
  GtkWidget *child;
  guint n_faults, n_logged;
  GList *l;

  while ((child = gtk_widget_get_first_child (self->fault_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->fault_list), child);

  for (l = self->selected->log.head; l != NULL; l = l->next)
    gtk_list_box_append (GTK_LIST_BOX (self->fault_list), create_log_row (l->data));

  n_faults = healing_container_get_fault_count (self->selected->container);
  n_logged = g_queue_get_length (&self->selected->log);

  if (n_faults > n_logged)
    {
      g_autofree char *note = NULL;

      /* Translators: the fault log of the inspector page only has the faults
       * it saw, at most the last 100 */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u earlier fault is not in this log: it was trapped before the "
                                           "inspector was opened, or is too old.",
                                           "%u earlier faults are not in this log: they were trapped before the "
                                           "inspector was opened, or are too old.",
                                           n_faults - n_logged),
                              n_faults - n_logged);
      gtk_label_set_text (GTK_LABEL (self->log_note_label), note);
      gtk_widget_set_visible (self->log_note_label, TRUE);
    }
  else if (n_logged == 0)
    {
      /* Translators: the fault log of a container that has not faulted */
      gtk_label_set_text (GTK_LABEL (self->log_note_label), _("No faults so far."));
      gtk_widget_set_visible (self->log_note_label, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->log_note_label, FALSE);
    }

  gtk_widget_set_visible (self->fault_list, n_logged > 0);
}

/* The circuit breaker (state, next retry), the policy in force and the
 * checkpoints get their rows in info_grid, after the guarded widget, here,
 * as those features land on the container. */
static void
update_strategy_rows (HealingInspectorPage *self,
                      HealingContainer     *container)
{
}

static void
update_details (HealingInspectorPage *self)
{
  HealingContainer *container;
  HealingFault *last;
  GtkWidget *child;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *last_text = NULL;

  if (self->selected == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->details_stack), "none");
      return;
    }

  container = self->selected->container;
  last = healing_container_get_last_fault (container);
  child = healing_container_get_child (container);

  name = dup_component_name (container);
  count = g_strdup_printf ("%u", healing_container_get_fault_count (container));

  if (last != NULL)
    {
      g_autofree char *time = dup_fault_time (last);
      g_autofree char *text = healing_fault_to_string (last);

      /* Translators: 1: the time of a fault, 2: its description */
      last_text = g_strdup_printf (_("%1$s — %2$s"), time, text);
    }
  else
    {
      last_text = g_strdup (_("No faults"));
    }

  gtk_label_set_text (GTK_LABEL (self->title_label), name);
  gtk_label_set_text (GTK_LABEL (self->state_label),
                      state_to_string (healing_container_get_state (container)));
  gtk_label_set_text (GTK_LABEL (self->count_label), count);
  gtk_label_set_text (GTK_LABEL (self->last_fault_label), last_text);
  /* Translators: the widget a container guards, when it has none */
  gtk_label_set_text (GTK_LABEL (self->child_label),
                      child != NULL ? G_OBJECT_TYPE_NAME (child) : _("None"));

  if (healing_container_get_state (container) == HEALING_STATE_HEALTHY)
    gtk_widget_remove_css_class (self->state_label, "error");
  else
    gtk_widget_add_css_class (self->state_label, "error");

  update_strategy_rows (self, container);
  update_log (self);

  gtk_stack_set_visible_child_name (GTK_STACK (self->details_stack), "details");
}

static void
update_actions (HealingInspectorPage *self)
{
  HealingContainer *container = self->selected != NULL ? self->selected->container : NULL;
  HealingState state = container != NULL ? healing_container_get_state (container)
                                         : HEALING_STATE_HEALTHY;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.reset",
                                 container != NULL &&
                                 healing_container_get_child (container) != NULL &&
                                 state != HEALING_STATE_HEALTHY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.isolate",
                                 container != NULL && state != HEALING_STATE_ISOLATED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "healing.inject", container != NULL);
}

static void
row_selected_cb (HealingInspectorPage *self,
                 GtkListBoxRow        *row)
{
  HealingContainer *container = NULL;

  if (row != NULL)
    container = g_object_get_data (G_OBJECT (row), ROW_CONTAINER_KEY);

  self->selected = lookup_entry (self, container);

  update_details (self);
  update_actions (self);
}

/* Keeps the inject button's target in line with the chosen kind. */
static void
kind_selected_cb (HealingInspectorPage *self)
{
  guint position = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  GEnumClass *enum_class;
  GEnumValue *value;

  if (position >= G_N_ELEMENTS (injectable_kinds))
    return;

  enum_class = g_type_class_ref (HEALING_TYPE_FAULT_KIND);
  value = g_enum_get_value (enum_class, injectable_kinds[position].kind);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->inject_button), "s", value->value_nick);
  g_type_class_unref (enum_class);
}

/* ------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------ */

static void
reset_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);

  if (self->selected != NULL)
    healing_container_reset (self->selected->container);
}

static void
isolate_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);

  if (self->selected != NULL)
    healing_container_isolate (self->selected->container);
}

static void
inject_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (widget);
  const char *nick = g_variant_get_string (parameter, NULL);
  HealingContainer *container;
  GEnumClass *enum_class;
  GEnumValue *value;

  if (self->selected == NULL)
    return;

  enum_class = g_type_class_ref (HEALING_TYPE_FAULT_KIND);
  value = g_enum_get_value_by_nick (enum_class, nick);
  g_type_class_unref (enum_class);

  if (value == NULL)
    {
      g_warning ("libhealing: no fault of kind “%s” to inject", nick);
      return;
    }

  /* The container's handlers may drop the last reference on it. */
  container = g_object_ref (self->selected->container);
  healing_container_inject_fault (container, value->value);
  g_object_unref (container);
}

/* ------------------------------------------------------------------------
 * GObject and GtkWidget
 * ------------------------------------------------------------------------ */

static void
set_object (HealingInspectorPage *self,
            GObject              *object)
{
  GtkWidget *container = NULL;

  if (!g_set_object (&self->object, object))
    return;

  if (GTK_IS_WIDGET (object))
    container = gtk_widget_get_ancestor (GTK_WIDGET (object), HEALING_TYPE_CONTAINER);

  /* Anything outside a container leaves the selection alone. */
  if (container != NULL)
    healing_inspector_page_select (self, HEALING_CONTAINER (container));

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OBJECT]);
}

static void
healing_inspector_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (healing_inspector_page_parent_class)->map (widget);

  sync_containers (HEALING_INSPECTOR_PAGE (widget));
}

static void
healing_inspector_page_dispose (GObject *object)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);
  GHashTableIter iter;
  Entry *entry;

  unwatch_containers (self);

  self->selected = NULL;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      g_signal_handlers_disconnect_by_data (entry->container, self);
      g_object_weak_unref (G_OBJECT (entry->container), container_weak_notify_cb, entry);
    }
  g_hash_table_remove_all (self->entries);

  g_clear_object (&self->object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_PAGE);

  G_OBJECT_CLASS (healing_inspector_page_parent_class)->dispose (object);
}

static void
healing_inspector_page_finalize (GObject *object)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (healing_inspector_page_parent_class)->finalize (object);
}

static void
healing_inspector_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      /* Translators: the title of libhealing's page in the GTK Inspector */
      g_value_set_string (value, _("Healing"));
      break;
    case PROP_OBJECT:
      g_value_set_object (value, self->object);
      break;
    case PROP_USE_PICKER:
      g_value_set_boolean (value, TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_OBJECT:
      set_object (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_page_class_init (HealingInspectorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_page_dispose;
  object_class->finalize = healing_inspector_page_finalize;
  object_class->get_property = healing_inspector_page_get_property;
  object_class->set_property = healing_inspector_page_set_property;

  widget_class->map = healing_inspector_page_map;

  /* The title of the inspector tab. */
  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* The object selected in the Objects tab, set by the inspector. */
  props[PROP_OBJECT] =
    g_param_spec_object ("object", NULL, NULL,
                         G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Whether the inspector shows its widget picker on this page: picking a
   * widget inside a container selects the container here. */
  props[PROP_USE_PICKER] =
    g_param_spec_boolean ("use-picker", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_install_action (widget_class, "healing.reset", NULL, reset_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.isolate", NULL, isolate_action_cb);
  gtk_widget_class_install_action (widget_class, "healing.inject", "s", inject_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/ui/healing-inspector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, paned);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, container_list);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, info_grid);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, last_fault_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, child_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, inject_button);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, log_note_label);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, fault_list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorpage");
}

static void
healing_inspector_page_init (HealingInspectorPage *self)
{
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);
  guint i;

  self->entries = g_hash_table_new_full (NULL, NULL, NULL, entry_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (i = 0; i < G_N_ELEMENTS (injectable_kinds); i++)
    gtk_string_list_append (kinds, _(injectable_kinds[i].label));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->kind_dropdown), G_LIST_MODEL (kinds));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), 0);
  kind_selected_cb (self);

  update_details (self);
  update_actions (self);

  watch_containers (self);
  queue_sync (self);
}

/* ------------------------------------------------------------------------
 * Private API
 * ------------------------------------------------------------------------ */

void
healing_inspector_register (void)
{
  /* GTK registers the point in gtk_init (); registering it ourselves first
   * is what lets GTK_DEBUG=interactive, which opens the inspector inside
   * gtk_init (), find the page. Both calls are idempotent. */
  g_io_extension_point_register ("gtk-inspector-page");
  g_io_extension_point_implement ("gtk-inspector-page",
                                  HEALING_TYPE_INSPECTOR_PAGE,
                                  HEALING_INSPECTOR_PAGE_NAME,
                                  10);
}

HealingContainer *
healing_inspector_page_get_selected (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  return self->selected != NULL ? self->selected->container : NULL;
}

void
healing_inspector_page_select (HealingInspectorPage *self,
                               HealingContainer     *container)
{
  Entry *entry;

  g_return_if_fail (HEALING_IS_INSPECTOR_PAGE (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  if (container == NULL)
    {
      gtk_list_box_unselect_all (GTK_LIST_BOX (self->container_list));
      return;
    }

  entry = lookup_entry (self, container);
  if (entry == NULL)
    {
      sync_containers (self);
      entry = lookup_entry (self, container);
    }

  /* Not registered: list it all the same, it is alive. */
  if (entry == NULL)
    entry = add_entry (self, container);

  gtk_list_box_select_row (GTK_LIST_BOX (self->container_list),
                           GTK_LIST_BOX_ROW (entry->row));
}

guint
healing_inspector_page_get_n_containers (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), 0);

  return g_hash_table_size (self->entries);
}

HealingContainer *
healing_inspector_page_get_container (HealingInspectorPage *self,
                                      guint                 position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->container_list), position);
  if (row == NULL)
    return NULL;

  return g_object_get_data (G_OBJECT (row), ROW_CONTAINER_KEY);
}

guint
healing_inspector_page_get_n_log_entries (HealingInspectorPage *self,
                                          HealingContainer     *container)
{
  Entry *entry;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), 0);

  entry = lookup_entry (self, container);

  return entry != NULL ? g_queue_get_length (&entry->log) : 0;
}
