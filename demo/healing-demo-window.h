/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <healing.h>

#include "healing-demo-ticker.h"
#include "healing-demo-timeline.h"

G_BEGIN_DECLS

/* Component ids of the demo's panels. */
#define HEALING_DEMO_TICKER_ID "StockTicker"
#define HEALING_DEMO_CLOCK_ID  "Clock"

/* The healthy panel's background, as 0xAARRGGBB. */
#define HEALING_DEMO_CLOCK_BACKGROUND 0xffdff3e4u

#define HEALING_DEMO_TYPE_WINDOW (healing_demo_window_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoWindow, healing_demo_window, HEALING_DEMO, WINDOW, GtkApplicationWindow)

GtkWidget           *healing_demo_window_new             (GtkApplication    *application);

HealingContainer    *healing_demo_window_get_container   (HealingDemoWindow *self,
                                                          const char        *component_id);
HealingDemoTicker   *healing_demo_window_get_ticker      (HealingDemoWindow *self);
HealingDemoTimeline *healing_demo_window_get_timeline    (HealingDemoWindow *self);

guint                healing_demo_window_get_clock_count (HealingDemoWindow *self);
guint                healing_demo_window_get_clicks      (HealingDemoWindow *self);
GtkWidget           *healing_demo_window_get_clock_label (HealingDemoWindow *self);
GtkWidget           *healing_demo_window_get_click_button (HealingDemoWindow *self);

void                 healing_demo_window_inject_fault    (HealingDemoWindow *self,
                                                          HealingDemoFault   fault);
void                 healing_demo_window_try_again       (HealingDemoWindow *self);
void                 healing_demo_window_note            (HealingDemoWindow *self,
                                                          const char        *component_id,
                                                          const char        *event);

const char          *healing_demo_state_to_string        (HealingState       state);

G_END_DECLS
