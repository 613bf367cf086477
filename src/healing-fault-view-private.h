/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-fault.h"

G_BEGIN_DECLS

#define HEALING_TYPE_FAULT_VIEW (healing_fault_view_get_type ())

G_DECLARE_FINAL_TYPE (HealingFaultView, healing_fault_view, HEALING, FAULT_VIEW, GtkWidget)

GtkWidget *healing_fault_view_new   (void);

void       healing_fault_view_update (HealingFaultView   *self,
                                      const char         *component_id,
                                      const HealingFault *fault);

/* A line about what happens next ("Retrying in 3 s…"), or NULL for none. */
void       healing_fault_view_set_status (HealingFaultView *self,
                                          const char       *status);

G_END_DECLS
