/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_BREAKER (healing_inspector_breaker_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorBreaker, healing_inspector_breaker,
                      HEALING, INSPECTOR_BREAKER, GtkWidget)

/* The container the pane shows (no reference: the page sets NULL before
 * the container goes), or NULL. */
HealingContainer *healing_inspector_breaker_get_container (HealingInspectorBreaker *self);
void              healing_inspector_breaker_set_container (HealingInspectorBreaker *self,
                                                           HealingContainer        *container);

G_END_DECLS
