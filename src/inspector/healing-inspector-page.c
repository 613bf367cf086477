/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-inspector-page-private.h"

#include "healing-inspector-breaker-private.h"
#include "healing-inspector-checkpoints-private.h"
#include "healing-inspector-container-info-private.h"
#include "healing-inspector-container-list-private.h"
#include "healing-inspector-fault-log-private.h"
#include "healing-inspector-injection-private.h"
#include "healing-inspector-policy-private.h"
#include "healing-inspector-predictor-plot-private.h"
#include "healing-patch-status-view-private.h"
#include "healing-restart-history-private.h"

#include "healing-fault-entry.h"
#include "healing-runtime.h"

/*
 * HealingInspectorPage:
 *
 * The "Healing" page of the GTK Inspector: a shell that builds the panes
 * and hands each the container chosen in the list.
 *
 * On the left, every live [class@Container] of the inspected application
 * (HealingInspectorContainerList) and the supervisor's restart history
 * (HealingRestartHistory). On the right, the chosen container: its
 * summary with Try Again and Isolate (HealingInspectorContainerInfo), its
 * failure prediction (HealingInspectorPredictorPlot), its hot patch
 * (HealingPatchStatusView), its faults from the runtime's fault log
 * (HealingInspectorFaultLog), its component's circuit breaker
 * (HealingInspectorBreaker), its checkpoints (HealingInspectorCheckpoints),
 * the policy in force for it (HealingInspectorPolicy) and fault injection
 * (HealingInspectorInjection). Each pane follows what it shows through
 * signals and owns the actions of its buttons; the page only follows the
 * choice, and the container's component id, which changes the log, the
 * breaker and the policy of every pane at once.
 *
 * Selecting a widget in the inspector's Objects tab selects the innermost
 * container around it: the inspector hands every selection to the page's
 * `object` property.
 *
 * The page is registered on GTK's private "gtk-inspector-page" extension
 * point by healing_init() (see healing_inspector_register ()) or by the
 * optional inspector module. Its widgets live on the inspector's own
 * display, not on the inspected one.
 */

struct _HealingInspectorPage
{
  GtkWidget parent_instance;

  GObject *object;

  GtkWidget *paned;
  GtkWidget *container_list;
  GtkWidget *details_stack;
  GtkWidget *info_pane;
  GtkWidget *predictor_plot;
  GtkWidget *patch_status;
  GtkWidget *fault_log_pane;
  GtkWidget *breaker_pane;
  GtkWidget *checkpoints_pane;
  GtkWidget *policy_pane;
  GtkWidget *injection_pane;

  /* The container whose details are shown (no reference: the list drops
   * it, and the page with it, when it goes), or NULL. */
  HealingContainer *selected;
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

/* ------------------------------------------------------------------------
 * The chosen container
 * ------------------------------------------------------------------------ */

/* Hands @container, or none, to every pane. */
static void
show_container (HealingInspectorPage *self,
                HealingContainer     *container)
{
  healing_inspector_container_info_set_container (HEALING_INSPECTOR_CONTAINER_INFO (self->info_pane),
                                                  container);
  /* Never NULL: its weak pointer must not be removed from a container
   * that is being finalized (the list drops it from a weak notify). */
  if (container != NULL)
    healing_patch_status_view_set_container (HEALING_PATCH_STATUS_VIEW (self->patch_status),
                                             container);
  healing_inspector_fault_log_set_container (HEALING_INSPECTOR_FAULT_LOG (self->fault_log_pane),
                                             container);
  healing_inspector_checkpoints_set_container (HEALING_INSPECTOR_CHECKPOINTS (self->checkpoints_pane),
                                               container);
  healing_inspector_breaker_set_container (HEALING_INSPECTOR_BREAKER (self->breaker_pane),
                                           container);
  healing_inspector_injection_set_container (HEALING_INSPECTOR_INJECTION (self->injection_pane),
                                             container);
  healing_inspector_predictor_plot_set_container (HEALING_INSPECTOR_PREDICTOR_PLOT (self->predictor_plot),
                                                  container);
  healing_inspector_policy_set_container (HEALING_INSPECTOR_POLICY (self->policy_pane),
                                          container);

  gtk_stack_set_visible_child_name (GTK_STACK (self->details_stack),
                                    container != NULL ? "details" : "none");
}

/* Another component: another log, breaker and policy in every pane. */
static void
component_id_changed_cb (HealingInspectorPage *self)
{
  show_container (self, NULL);
  show_container (self, self->selected);
}

static void
set_selected (HealingInspectorPage *self,
              HealingContainer     *container)
{
  if (self->selected == container)
    return;

  /* A container being finalized has no handlers left. */
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  self->selected = container;
  if (container != NULL)
    g_signal_connect_object (container, "notify::component-id",
                             G_CALLBACK (component_id_changed_cb), self, G_CONNECT_SWAPPED);

  show_container (self, container);
}

static void
list_selected_cb (HealingInspectorPage *self)
{
  set_selected (self,
                healing_inspector_container_list_get_selected (HEALING_INSPECTOR_CONTAINER_LIST (self->container_list)));
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
healing_inspector_page_dispose (GObject *object)
{
  HealingInspectorPage *self = HEALING_INSPECTOR_PAGE (object);

  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  self->selected = NULL;
  if (self->container_list != NULL)
    g_signal_handlers_disconnect_by_data (self->container_list, self);

  g_clear_object (&self->object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEALING_TYPE_INSPECTOR_PAGE);

  G_OBJECT_CLASS (healing_inspector_page_parent_class)->dispose (object);
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
  object_class->get_property = healing_inspector_page_get_property;
  object_class->set_property = healing_inspector_page_set_property;

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

  g_type_ensure (HEALING_TYPE_INSPECTOR_BREAKER);
  g_type_ensure (HEALING_TYPE_INSPECTOR_CHECKPOINTS);
  g_type_ensure (HEALING_TYPE_INSPECTOR_CONTAINER_INFO);
  g_type_ensure (HEALING_TYPE_INSPECTOR_CONTAINER_LIST);
  g_type_ensure (HEALING_TYPE_INSPECTOR_FAULT_LOG);
  g_type_ensure (HEALING_TYPE_INSPECTOR_INJECTION);
  g_type_ensure (HEALING_TYPE_INSPECTOR_POLICY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/libhealing/Healing/inspector/healing-inspector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, paned);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, container_list);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, info_pane);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, fault_log_pane);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, breaker_pane);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, checkpoints_pane);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, policy_pane);
  gtk_widget_class_bind_template_child (widget_class, HealingInspectorPage, injection_pane);
  gtk_widget_class_bind_template_callback (widget_class, list_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "healinginspectorpage");
}

static void
healing_inspector_page_init (HealingInspectorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Hot patches: below the container's summary. */
  self->patch_status = healing_patch_status_view_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->info_pane)),
                              self->patch_status, self->info_pane);
  /* Supervised restart: the restart history under the container list. */
  gtk_box_append (GTK_BOX (gtk_paned_get_start_child (GTK_PANED (self->paned))),
                  gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (gtk_paned_get_start_child (GTK_PANED (self->paned))),
                  healing_restart_history_new ());
  /* Failure prediction: the plot goes below the summary. */
  self->predictor_plot = healing_inspector_predictor_plot_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->info_pane)),
                              self->predictor_plot, self->info_pane);

  show_container (self, NULL);
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

  return self->selected;
}

void
healing_inspector_page_select (HealingInspectorPage *self,
                               HealingContainer     *container)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_PAGE (self));
  g_return_if_fail (container == NULL || HEALING_IS_CONTAINER (container));

  healing_inspector_container_list_select (HEALING_INSPECTOR_CONTAINER_LIST (self->container_list),
                                           container);
}

guint
healing_inspector_page_get_n_containers (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), 0);

  return healing_inspector_container_list_get_n_containers (HEALING_INSPECTOR_CONTAINER_LIST (self->container_list));
}

HealingContainer *
healing_inspector_page_get_container (HealingInspectorPage *self,
                                      guint                 position)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  return healing_inspector_container_list_get_container (HEALING_INSPECTOR_CONTAINER_LIST (self->container_list),
                                                         position);
}

GtkWidget *
healing_inspector_page_get_row (HealingInspectorPage *self,
                                HealingContainer     *container)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  return healing_inspector_container_list_get_row (HEALING_INSPECTOR_CONTAINER_LIST (self->container_list),
                                                   container);
}

guint
healing_inspector_page_get_n_log_entries (HealingInspectorPage *self,
                                          HealingContainer     *container)
{
  GListModel *log;
  const char *id;
  guint i, n, count = 0;

  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), 0);
  g_return_val_if_fail (HEALING_IS_CONTAINER (container), 0);

  id = healing_container_get_component_id (container);
  log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  n = g_list_model_get_n_items (log);
  for (i = 0; i < n; i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), id) == 0)
        count++;
    }

  return count;
}

GListModel *
healing_inspector_page_get_log (HealingInspectorPage *self)
{
  g_return_val_if_fail (HEALING_IS_INSPECTOR_PAGE (self), NULL);

  return healing_inspector_fault_log_get_log (HEALING_INSPECTOR_FAULT_LOG (self->fault_log_pane));
}

void
healing_inspector_page_choose_checkpoint (HealingInspectorPage *self,
                                          guint                 position)
{
  g_return_if_fail (HEALING_IS_INSPECTOR_PAGE (self));

  healing_inspector_checkpoints_choose (HEALING_INSPECTOR_CHECKPOINTS (self->checkpoints_pane), position);
}
