/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-container-list-private.h"
#include "healing-inspector-words-private.h"

#include "healing-container-private.h"
#include "healing-runtime.h"

/*
 * HealingInspectorContainerList:
 *
 * The list of the inspector page: every live [class@Container] of the
 * inspected application with its component id, state, fault count, last
 * fault, the state of its component's circuit breaker and, while it waits,
 * the time to its next attempt. The row chosen is the selected container
 * (the selected property), whose details the page shows.
 *
 * The containers come from the registry of live containers that
 * HealingRuntime keeps ([method@Runtime.get_containers]): the list follows
 * its ::items-changed, so a container shows up the moment it is created and
 * goes when it is disposed, in a window or not. Where they come from is all
 * in collect_containers () and watch_containers ().
 *
 * Everything follows signals: the containers' and breakers' notifications,
 * the runtime's registry of containers, breakers and fault log. The only
 * timer is a once-a-second refresh of the countdowns while mapped.
 */

/* A container the list shows. The list holds no reference on it: a weak
 * reference drops the entry when the container goes away, and the signal
 * handlers are connected with g_signal_connect_object () on the list. */
typedef struct
{
  HealingInspectorContainerList *list;
  HealingContainer *container;

  /* The component's breaker (a reference; breakers live as long as the
   * runtime), NULL without a component id. */
  HealingCircuitBreaker *breaker;
  gulong breaker_handler;

  GtkWidget *row;
  GtkWidget *id_label;
  GtkWidget *state_label;
  GtkWidget *count_label;
  GtkWidget *last_label;
  GtkWidget *health_label;

  /* The state last seen, and when the pending retry is due on the
   * runtime's clock (0: not known). */
  HealingState state;
  gint64 retry_at;

  /* Still found by the last collect_containers (). */
  gboolean seen;
} Entry;

struct _HealingInspectorContainerList
{
  GtkWidget parent_instance;

  GtkWidget *list_stack;
  GtkWidget *container_list;

  /* HealingContainer * → Entry *. */
  GHashTable *entries;
  /* The entry of the chosen row, or NULL. */
  Entry *selected;

  GListModel *containers;
  guint sync_id;

  /* The runtime's breakers and fault log. */
  GListModel *breakers;
  GListModel *fault_log;

  /* Refreshes the countdowns once a second while mapped. */
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (HealingInspectorContainerList, healing_inspector_container_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

/* The container a list row stands for (no reference). */
#define ROW_CONTAINER_KEY "healing-inspector-container"

static void set_selected (HealingInspectorContainerList *self,
                          Entry                         *entry);

/* ------------------------------------------------------------------------
 * Entries
 * ------------------------------------------------------------------------ */

static void
entry_clear_breaker (Entry *entry)
{
  if (entry->breaker != NULL)
    g_clear_signal_handler (&entry->breaker_handler, entry->breaker);
  g_clear_object (&entry->breaker);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  entry_clear_breaker (entry);
  g_free (entry);
}

static Entry *
lookup_entry (HealingInspectorContainerList *self,
              HealingContainer              *container)
{
  if (container == NULL)
    return NULL;

  return g_hash_table_lookup (self->entries, container);
}

/* The breaker and retry line of a row. */
static void
update_entry_health (Entry *entry)
{
  g_autofree char *retry = healing_inspector_dup_retry_text (entry->container, entry->retry_at);
  g_autofree char *breaker = NULL;
  g_autofree char *text = NULL;

  if (entry->breaker != NULL)
    {
      g_autofree char *summary = healing_inspector_dup_breaker_summary (entry->breaker);

      /* Translators: the state of a container's circuit breaker in the list of containers, e.g. "Breaker: Open, 4 s left" */
      breaker = g_strdup_printf (_("Breaker: %s"), summary);
    }

  if (retry != NULL && breaker != NULL)
    /* Translators: joins the next retry and the breaker state of a container, e.g. "Next try in 3 s · Breaker: Closed" */
    text = g_strdup_printf (_("%1$s · %2$s"), retry, breaker);
  else
    text = g_strdup (retry != NULL ? retry : breaker);

  gtk_label_set_text (GTK_LABEL (entry->health_label), text != NULL ? text : "");
  gtk_widget_set_visible (entry->health_label, text != NULL);

  if (entry->breaker != NULL && healing_inspector_breaker_is_open (entry->breaker))
    gtk_widget_add_css_class (entry->health_label, "error");
  else
    gtk_widget_remove_css_class (entry->health_label, "error");
}

static void
update_entry_row (Entry *entry)
{
  HealingContainer *container = entry->container;
  HealingFault *last = healing_container_get_last_fault (container);
  HealingState state = healing_container_get_state (container);
  g_autofree char *name = healing_inspector_dup_component_name (container);
  g_autofree char *count = healing_inspector_dup_fault_count (healing_container_get_fault_count (container));
  g_autofree char *last_text = NULL;
  g_autofree char *description = NULL;

  if (last != NULL)
    last_text = healing_fault_to_string (last);
  else
    /* Translators: shown in place of the last fault of a container that has had none */
    last_text = g_strdup (_("No faults"));

  gtk_label_set_text (GTK_LABEL (entry->id_label), name);
  gtk_label_set_text (GTK_LABEL (entry->state_label), healing_inspector_state_to_string (state));
  gtk_label_set_text (GTK_LABEL (entry->count_label), count);
  gtk_label_set_text (GTK_LABEL (entry->last_label), last_text);
  gtk_widget_set_tooltip_text (entry->last_label, last != NULL ? last_text : NULL);

  if (state == HEALING_STATE_HEALTHY)
    gtk_widget_remove_css_class (entry->state_label, "error");
  else
    gtk_widget_add_css_class (entry->state_label, "error");

  update_entry_health (entry);

  /* Translators: how a screen reader reads a container in the list: 1: its
   * name, 2: its state, 3: its number of faults, e.g. "3 faults" */
  description = g_strdup_printf (_("%1$s, %2$s, %3$s"), name, healing_inspector_state_to_string (state), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* Follows the breaker of the entry's component, which the runtime creates
 * on first use. */
static void breaker_notify_cb (Entry      *entry,
                               GParamSpec *pspec);

static void
sync_entry_breaker (Entry *entry)
{
  const char *id = healing_container_get_component_id (entry->container);
  HealingCircuitBreaker *breaker = NULL;

  if (id != NULL && *id != '\0')
    breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), id);

  if (breaker == entry->breaker)
    return;

  entry_clear_breaker (entry);
  if (breaker != NULL)
    {
      entry->breaker = g_object_ref (breaker);
      entry->breaker_handler = g_signal_connect_swapped (breaker, "notify",
                                                         G_CALLBACK (breaker_notify_cb), entry);
    }
}

static void
breaker_notify_cb (Entry      *entry,
                   GParamSpec *pspec)
{
  if (!healing_inspector_breaker_change_shown (pspec))
    return;

  update_entry_health (entry);
}

static void
container_changed_cb (HealingInspectorContainerList *self,
                      GParamSpec                    *pspec,
                      HealingContainer              *container)
{
  Entry *entry = lookup_entry (self, container);
  HealingState state;

  if (entry == NULL)
    return;

  state = healing_container_get_state (container);
  if (state != HEALING_STATE_RETRYING)
    entry->retry_at = 0;
  else if (entry->state != HEALING_STATE_RETRYING || entry->retry_at == 0)
    entry->retry_at = healing_container_get_retry_time (container);
  entry->state = state;

  if (g_str_equal (pspec->name, "component-id"))
    sync_entry_breaker (entry);

  update_entry_row (entry);
}

static void container_weak_notify_cb (gpointer  data,
                                      GObject  *where_the_object_was);

static Entry *
add_entry (HealingInspectorContainerList *self,
           HealingContainer              *container)
{
  Entry *entry = g_new0 (Entry, 1);
  GtkWidget *box, *line;
  static const char * const notifications[] = {
    "notify::state", "notify::fault-count", "notify::component-id",
    "notify::child", "notify::policy",
  };
  guint i;

  entry->list = self;
  entry->container = container;
  entry->state = healing_container_get_state (container);
  if (entry->state == HEALING_STATE_RETRYING)
    entry->retry_at = healing_container_get_retry_time (container);

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

  entry->health_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (entry->health_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (entry->health_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (entry->health_label, "caption");
  gtk_box_append (GTK_BOX (box), entry->health_label);

  entry->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (entry->row), box);
  g_object_set_data (G_OBJECT (entry->row), ROW_CONTAINER_KEY, container);
  gtk_list_box_append (GTK_LIST_BOX (self->container_list), entry->row);

  g_hash_table_insert (self->entries, container, entry);

  for (i = 0; i < G_N_ELEMENTS (notifications); i++)
    g_signal_connect_object (container, notifications[i],
                             G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_weak_ref (G_OBJECT (container), container_weak_notify_cb, entry);

  sync_entry_breaker (entry);
  update_entry_row (entry);
  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "list");

  return entry;
}

/* Forgets @entry. @alive is FALSE when its container is being finalized. */
static void
remove_entry (HealingInspectorContainerList *self,
              Entry                         *entry,
              gboolean                       alive)
{
  HealingContainer *container = entry->container;
  GtkWidget *row = entry->row;

  if (alive)
    {
      g_signal_handlers_disconnect_by_data (container, self);
      g_object_weak_unref (G_OBJECT (container), container_weak_notify_cb, entry);
    }

  if (self->selected == entry)
    set_selected (self, NULL);

  /* Frees the entry. */
  g_hash_table_remove (self->entries, container);

  /* May emit ::row-selected, which finds no entry for the row any more. */
  gtk_list_box_remove (GTK_LIST_BOX (self->container_list), row);

  if (g_hash_table_size (self->entries) == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "empty");
}

static void
container_weak_notify_cb (gpointer  data,
                          GObject  *where_the_object_was)
{
  Entry *entry = data;

  remove_entry (entry->list, entry, FALSE);
}

/* A breaker came into being: the containers of its component follow it. */
static void
breakers_changed_cb (HealingInspectorContainerList *self)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      sync_entry_breaker (entry);
      update_entry_health (entry);
    }
}

/* Once a second while mapped: the countdowns in the rows. */
static gboolean
tick_cb (gpointer data)
{
  HealingInspectorContainerList *self = data;
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->state == HEALING_STATE_RETRYING ||
        (entry->breaker != NULL &&
         healing_circuit_breaker_get_state (entry->breaker) == HEALING_CIRCUIT_OPEN))
      update_entry_health (entry);

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------
 * Finding the containers
 * ------------------------------------------------------------------------ */

/* The live containers of the process, in the order they were created (no
 * references). */
static GPtrArray *
collect_containers (HealingInspectorContainerList *self)
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
sync_containers (HealingInspectorContainerList *self)
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
  HealingInspectorContainerList *self = data;

  self->sync_id = 0;
  sync_containers (self);

  return G_SOURCE_REMOVE;
}

static void
queue_sync (HealingInspectorContainerList *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, sync_idle_cb, self, NULL);
}

/* Follows the registry. Containers come and go in the middle of building
 * or disposing widgets: the list catches up in an idle. */
static void
watch_containers (HealingInspectorContainerList *self)
{
  self->containers = g_object_ref (healing_runtime_get_containers (healing_runtime_get_default ()));
  g_signal_connect_object (self->containers, "items-changed",
                           G_CALLBACK (queue_sync), self, G_CONNECT_SWAPPED);
}

static void
unwatch_containers (HealingInspectorContainerList *self)
{
  g_clear_handle_id (&self->sync_id, g_source_remove);

  if (self->containers != NULL)
    g_signal_handlers_disconnect_by_data (self->containers, self);
  g_clear_object (&self->containers);
}

/* The runtime logged a fault, or dropped old ones. */
static void
fault_log_changed_cb (HealingInspectorContainerList *self)
{
  GHashTableIter iter;
  Entry *entry;

  /* A container seen retrying before its decision was logged. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->state == HEALING_STATE_RETRYING && entry->retry_at == 0)
      {
        entry->retry_at = healing_container_get_retry_time (entry->container);
        update_entry_health (entry);
      }
}

/* ------------------------------------------------------------------------
 * The selection
 * ------------------------------------------------------------------------ */

static void
set_selected (HealingInspectorContainerList *self,
              Entry                         *entry)
{
  if (self->selected == entry)
    return;

  self->selected = entry;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
}

static void
row_selected_cb (HealingInspectorContainerList *self,
                 GtkListBoxRow                 *row)
{
  HealingContainer *container = NULL;

  if (row != NULL)
    container = g_object_get_data (G_OBJECT (row), ROW_CONTAINER_KEY);

  set_selected (self, lookup_entry (self, container));
}

/* ------------------------------------------------------------------------
 * GObject and GtkWidget
 * ------------------------------------------------------------------------ */

static void
healing_inspector_container_list_map (GtkWidget *widget)
{
  HealingInspectorContainerList *self = HEALING_INSPECTOR_CONTAINER_LIST (widget);

  GTK_WIDGET_CLASS (healing_inspector_container_list_parent_class)->map (widget);

  sync_containers (self);

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  tick_cb (self);
}

static void
healing_inspector_container_list_unmap (GtkWidget *widget)
{
  HealingInspectorContainerList *self = HEALING_INSPECTOR_CONTAINER_LIST (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (healing_inspector_container_list_parent_class)->unmap (widget);
}

static void
healing_inspector_container_list_dispose (GObject *object)
{
  HealingInspectorContainerList *self = HEALING_INSPECTOR_CONTAINER_LIST (object);
  GHashTableIter iter;
  GtkWidget *child;
  Entry *entry;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  unwatch_containers (self);

  self->selected = NULL;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      g_signal_handlers_disconnect_by_data (entry->container, self);
      g_object_weak_unref (G_OBJECT (entry->container), container_weak_notify_cb, entry);
    }
  g_hash_table_remove_all (self->entries);

  if (self->fault_log != NULL)
    g_signal_handlers_disconnect_by_data (self->fault_log, self);
  if (self->breakers != NULL)
    g_signal_handlers_disconnect_by_data (self->breakers, self);
  g_clear_object (&self->fault_log);
  g_clear_object (&self->breakers);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_CONTAINER_LIST);
  /* The template's box is not a bound child: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (healing_inspector_container_list_parent_class)->dispose (object);
}

static void
healing_inspector_container_list_finalize (GObject *object)
{
  HealingInspectorContainerList *self = HEALING_INSPECTOR_CONTAINER_LIST (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (healing_inspector_container_list_parent_class)->finalize (object);
}

static void
healing_inspector_container_list_get_property (GObject    *object,
                                               guint       prop_id,
                                               GValue     *value,
                                               GParamSpec *pspec)
{
  HealingInspectorContainerList *self = HEALING_INSPECTOR_CONTAINER_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, healing_inspector_container_list_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_inspector_container_list_class_init (HealingInspectorContainerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_inspector_container_list_dispose;
  object_class->finalize = healing_inspector_container_list_finalize;
  object_class->get_property = healing_inspector_container_list_get_property;

  widget_class->map = healing_inspector_container_list_map;
  widget_class->unmap = healing_inspector_container_list_unmap;

  /* The container of the chosen row (no reference), or NULL. */
  props[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL,
                         HEALING_TYPE_CONTAINER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-container-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerList, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorContainerList, container_list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorcontainerlist");
}

static void
healing_inspector_container_list_init (HealingInspectorContainerList *self)
{
  HealingRuntime *runtime = healing_runtime_get_default ();

  self->entries = g_hash_table_new_full (NULL, NULL, NULL, entry_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A container retrying before its decision was logged learns when its
   * retry is due from the log. */
  self->fault_log = g_object_ref (healing_runtime_get_fault_log (runtime));
  g_signal_connect_object (self->fault_log, "items-changed",
                           G_CALLBACK (fault_log_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->breakers = g_object_ref (healing_runtime_get_breakers (runtime));
  g_signal_connect_object (self->breakers, "items-changed",
                           G_CALLBACK (breakers_changed_cb), self, G_CONNECT_SWAPPED);

  watch_containers (self);
  queue_sync (self);
}

/* ------------------------------------------------------------------------
 * Private API
 * ------------------------------------------------------------------------ */

HealingContainer *
healing_inspector_container_list_get_selected (HealingInspectorContainerList *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_CONTAINER_LIST (self), NULL);

  return self->selected != NULL ? self->selected->container : NULL;
}

void
healing_inspector_container_list_select (HealingInspectorContainerList *self,
                                         HealingContainer              *container)
{
  Entry *entry;

  g_return_if_fail (HEALING_IS_INSPECTOR_CONTAINER_LIST (self));
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
healing_inspector_container_list_get_n_containers (HealingInspectorContainerList *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_CONTAINER_LIST (self), 0);

  return g_hash_table_size (self->entries);
}

HealingContainer *
healing_inspector_container_list_get_container (HealingInspectorContainerList *self,
                                                guint                          position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_CONTAINER_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->container_list), position);
  if (row == NULL)
    return NULL;

  return g_object_get_data (G_OBJECT (row), ROW_CONTAINER_KEY);
}

GtkWidget *
healing_inspector_container_list_get_row (HealingInspectorContainerList *self,
                                          HealingContainer              *container)
{
  Entry *entry;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_CONTAINER_LIST (self), NULL);

  entry = lookup_entry (self, container);

  return entry != NULL ? entry->row : NULL;
}
