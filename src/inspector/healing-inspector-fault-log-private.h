/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_FAULT_LOG (healing_inspector_fault_log_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorFaultLog, healing_inspector_fault_log,
                      HEALING, INSPECTOR_FAULT_LOG, GtkWidget)

/* The container the pane shows (no reference: the page sets NULL before
 * the container goes), or NULL. */
HealingContainer *healing_inspector_fault_log_get_container (HealingInspectorFaultLog *self);
void              healing_inspector_fault_log_set_container (HealingInspectorFaultLog *self,
                                                             HealingContainer         *container);

/* The fault log shown: the runtime's HealingFaultEntry items of the
 * container's component, newest first. */
GListModel       *healing_inspector_fault_log_get_log       (HealingInspectorFaultLog *self);

G_END_DECLS
