/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gtk/gtk.h>

#include "healing-version.h"
#include "healing-death-record.h"

G_BEGIN_DECLS

#define HEALING_TYPE_RESTART_NOTICE (healing_restart_notice_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingRestartNotice, healing_restart_notice, HEALING, RESTART_NOTICE, GtkWidget)

HEALING_AVAILABLE_IN_ALL
GtkWidget          *healing_restart_notice_new         (void);

HEALING_AVAILABLE_IN_ALL
HealingDeathRecord *healing_restart_notice_get_record  (HealingRestartNotice *self);
HEALING_AVAILABLE_IN_ALL
void                healing_restart_notice_set_record  (HealingRestartNotice *self,
                                                        HealingDeathRecord   *record);

HEALING_AVAILABLE_IN_ALL
const char         *healing_restart_notice_get_title   (HealingRestartNotice *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_restart_notice_get_details (HealingRestartNotice *self);

HEALING_AVAILABLE_IN_ALL
void                healing_restart_notice_dismiss     (HealingRestartNotice *self);

G_END_DECLS
