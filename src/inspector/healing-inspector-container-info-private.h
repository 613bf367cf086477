/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_CONTAINER_INFO (healing_inspector_container_info_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorContainerInfo, healing_inspector_container_info,
                      HEALING, INSPECTOR_CONTAINER_INFO, GtkWidget)

/* The container the pane shows (no reference: the page sets NULL before
 * the container goes), or NULL. */
HealingContainer *healing_inspector_container_info_get_container (HealingInspectorContainerInfo *self);
void              healing_inspector_container_info_set_container (HealingInspectorContainerInfo *self,
                                                                  HealingContainer              *container);

G_END_DECLS
