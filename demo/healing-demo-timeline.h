/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdio.h>

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HEALING_DEMO_TYPE_TIMELINE (healing_demo_timeline_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoTimeline, healing_demo_timeline, HEALING_DEMO, TIMELINE, GtkWidget)

GtkWidget *healing_demo_timeline_new          (void);

guint      healing_demo_timeline_add          (HealingDemoTimeline *self,
                                               gint64               time,
                                               const char          *component,
                                               const char          *event,
                                               const char          *state);
void       healing_demo_timeline_set_recovery (HealingDemoTimeline *self,
                                               guint                index,
                                               gint64               recovery);
guint      healing_demo_timeline_get_n_events (HealingDemoTimeline *self);
void       healing_demo_timeline_print        (HealingDemoTimeline *self,
                                               FILE                *stream);

G_END_DECLS
