/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The name libhealing registers its Inspector page under. */
#define HEALING_DEMO_INSPECTOR_PAGE_NAME "healing"

GtkWidget *healing_demo_inspector_find_window (void);
GtkWidget *healing_demo_inspector_find_page   (GtkWidget *inspector);
gboolean   healing_demo_inspector_show_page   (GtkWidget *inspector,
                                               GObject   *object);
void       healing_demo_inspector_open        (GObject   *object);

G_END_DECLS
