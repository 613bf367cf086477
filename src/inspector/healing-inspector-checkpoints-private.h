/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_CHECKPOINTS (healing_inspector_checkpoints_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorCheckpoints, healing_inspector_checkpoints,
                      HEALING, INSPECTOR_CHECKPOINTS, GtkWidget)

/* The container the pane shows (no reference: the page sets NULL before
 * the container goes), or NULL. */
HealingContainer *healing_inspector_checkpoints_get_container (HealingInspectorCheckpoints *self);
void              healing_inspector_checkpoints_set_container (HealingInspectorCheckpoints *self,
                                                               HealingContainer            *container);

/* Chooses the checkpoint at @position (newest first), as a click in the
 * list does; past the end, none. */
void              healing_inspector_checkpoints_choose        (HealingInspectorCheckpoints *self,
                                                               guint                        position);

G_END_DECLS
