/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_CONTAINER_LIST (healing_inspector_container_list_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorContainerList, healing_inspector_container_list,
                      HEALING, INSPECTOR_CONTAINER_LIST, GtkWidget)

/* The container of the chosen row (no reference), or NULL; notifies
 * "selected". */
HealingContainer *healing_inspector_container_list_get_selected     (HealingInspectorContainerList *self);
/* Chooses @container's row, listing it first if need be; NULL: none. */
void              healing_inspector_container_list_select           (HealingInspectorContainerList *self,
                                                                     HealingContainer              *container);

/* The containers listed, in list order. */
guint             healing_inspector_container_list_get_n_containers (HealingInspectorContainerList *self);
HealingContainer *healing_inspector_container_list_get_container    (HealingInspectorContainerList *self,
                                                                     guint                          position);

/* The row that lists @container, or NULL. */
GtkWidget        *healing_inspector_container_list_get_row          (HealingInspectorContainerList *self,
                                                                     HealingContainer              *container);

G_END_DECLS
