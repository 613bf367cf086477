/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-container.h"

G_BEGIN_DECLS

#define HEALING_TYPE_PATCH_STATUS_VIEW (healing_patch_status_view_get_type ())

G_DECLARE_FINAL_TYPE (HealingPatchStatusView, healing_patch_status_view, HEALING, PATCH_STATUS_VIEW, GtkWidget)

GtkWidget *healing_patch_status_view_new           (void);
void       healing_patch_status_view_set_container (HealingPatchStatusView *self,
                                                    HealingContainer       *container);

/* The text shown, for tests. */
char      *healing_patch_status_view_dup_text      (HealingPatchStatusView *self);

G_END_DECLS
