/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_POLICY (healing_inspector_policy_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorPolicy, healing_inspector_policy,
                      HEALING, INSPECTOR_POLICY, GtkWidget)

/* The container whose policy in force the pane shows (no reference: the
 * page sets NULL before the container goes), or NULL. */
HealingContainer *healing_inspector_policy_get_container (HealingInspectorPolicy *self);
void              healing_inspector_policy_set_container (HealingInspectorPolicy *self,
                                                          HealingContainer       *container);

G_END_DECLS
