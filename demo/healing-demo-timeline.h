/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdio.h>

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * HealingDemoRecovery:
 *
 * How a fault of the timeline ended, as far as the panel goes.
 */
typedef enum {
  HEALING_DEMO_RECOVERY_NONE,
  /* The panel never stopped working (a failure the breaker counted). */
  HEALING_DEMO_RECOVERY_KEPT_RUNNING,
  /* The panel's fallback was on screen. */
  HEALING_DEMO_RECOVERY_FALLBACK,
  /* The panel was healthy again. */
  HEALING_DEMO_RECOVERY_HEALED,
} HealingDemoRecovery;

#define HEALING_DEMO_TYPE_TIMELINE (healing_demo_timeline_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoTimeline, healing_demo_timeline, HEALING_DEMO, TIMELINE, GtkWidget)

GtkWidget          *healing_demo_timeline_new          (void);

guint               healing_demo_timeline_add          (HealingDemoTimeline *self,
                                                        gint64               time,
                                                        const char          *component,
                                                        const char          *event,
                                                        const char          *state);
guint               healing_demo_timeline_add_fault    (HealingDemoTimeline *self,
                                                        gint64               time,
                                                        const char          *component,
                                                        const char          *fault,
                                                        const char          *strategy);
void                healing_demo_timeline_set_outcome  (HealingDemoTimeline *self,
                                                        guint                index,
                                                        const char          *outcome);
void                healing_demo_timeline_set_recovery (HealingDemoTimeline *self,
                                                        guint                index,
                                                        HealingDemoRecovery  recovery,
                                                        gint64               duration);
HealingDemoRecovery healing_demo_timeline_get_recovery (HealingDemoTimeline *self,
                                                        guint                index);
guint               healing_demo_timeline_get_n_events (HealingDemoTimeline *self);
guint               healing_demo_timeline_count_faults (HealingDemoTimeline *self,
                                                        const char          *component,
                                                        HealingDemoRecovery  recovery);
void                healing_demo_timeline_print        (HealingDemoTimeline *self,
                                                        FILE                *stream);

G_END_DECLS
