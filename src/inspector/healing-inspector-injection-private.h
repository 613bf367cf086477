/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_INSPECTOR_INJECTION (healing_inspector_injection_get_type ())

G_DECLARE_FINAL_TYPE (HealingInspectorInjection, healing_inspector_injection,
                      HEALING, INSPECTOR_INJECTION, GtkWidget)

/* The container the pane shows (no reference: the page sets NULL before
 * the container goes), or NULL. */
HealingContainer *healing_inspector_injection_get_container (HealingInspectorInjection *self);
void              healing_inspector_injection_set_container (HealingInspectorInjection *self,
                                                             HealingContainer          *container);

G_END_DECLS
