/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The Inspector page's restart history: whether the application is
 * supervised, how often it was restarted, and every recorded death. */
#define HEALING_TYPE_RESTART_HISTORY (healing_restart_history_get_type ())

G_DECLARE_FINAL_TYPE (HealingRestartHistory, healing_restart_history, HEALING, RESTART_HISTORY, GtkWidget)

GtkWidget *healing_restart_history_new (void);

/* The list of deaths (a GtkListBox), for tests. */
GtkWidget *healing_restart_history_get_list   (HealingRestartHistory *self);
/* The status line above it, for tests. */
GtkWidget *healing_restart_history_get_status (HealingRestartHistory *self);

G_END_DECLS
