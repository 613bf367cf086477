/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_PAGE (healing_inspector_page_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorPage, healing_inspector_page, HEALING, INSPECTOR_PAGE, GtkWidget)

/* The name of the page in the inspector's stack, and its extension name. */
#define HEALING_INSPECTOR_PAGE_NAME "healing"

/* Adds the page to the "gtk-inspector-page" extension point, registering the
 * point first if GTK has not yet (before gtk_init ()). Idempotent.
 *
 * Exported from libhealing-1.so for the inspector module only: not public
 * API, not in the GIR. */
HEALING_AVAILABLE_IN_ALL
void              healing_inspector_register              (void);

/* The container whose details the page shows, if any. */
HealingContainer *healing_inspector_page_get_selected     (HealingInspectorPage *self);
void              healing_inspector_page_select           (HealingInspectorPage *self,
                                                           HealingContainer     *container);

/* The containers the page lists, in list order (for tests). */
guint             healing_inspector_page_get_n_containers (HealingInspectorPage *self);
HealingContainer *healing_inspector_page_get_container    (HealingInspectorPage *self,
                                                           guint                 position);

/* The row that lists @container, or NULL (for tests). */
GtkWidget        *healing_inspector_page_get_row          (HealingInspectorPage *self,
                                                           HealingContainer     *container);

/* How many faults of @container's component the runtime's log holds: what
 * the page shows when @container is selected. */
guint             healing_inspector_page_get_n_log_entries (HealingInspectorPage *self,
                                                            HealingContainer     *container);

/* The fault log shown: the runtime's HealingFaultEntry items of the
 * selected container's component, newest first. */
GListModel       *healing_inspector_page_get_log          (HealingInspectorPage *self);

/* Chooses the checkpoint at @position (newest first) of the selected
 * container, as a click in its list does; past the end, none. */
void              healing_inspector_page_choose_checkpoint (HealingInspectorPage *self,
                                                            guint                 position);

G_END_DECLS
