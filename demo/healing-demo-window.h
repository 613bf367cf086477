/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <healing.h>

#include "healing-demo-chart.h"
#include "healing-demo-feed.h"
#include "healing-demo-form.h"
#include "healing-demo-ticker.h"
#include "healing-demo-timeline.h"

G_BEGIN_DECLS

/* Component ids of the demo's panels. */
#define HEALING_DEMO_TICKER_ID "StockTicker"
#define HEALING_DEMO_FORM_ID   "PatientForm"
#define HEALING_DEMO_FEED_ID   "NewsFeed"
#define HEALING_DEMO_CHART_ID  "Chart"
#define HEALING_DEMO_CLOCK_ID  "Clock"

/* The chart's own hang timeout, whatever HEALING_HANG_TIMEOUT_MS says. */
#define HEALING_DEMO_CHART_HANG_TIMEOUT_MS 500

/* How often the form is checkpointed (and its checkpoint persisted). */
#define HEALING_DEMO_FORM_CHECKPOINT_INTERVAL_MS 300

/* The healthy panel's background, as 0xAARRGGBB. */
#define HEALING_DEMO_CLOCK_BACKGROUND 0xffdff3e4u

/*
 * HealingDemoPanel:
 *
 * The demo's panels, each in a HealingContainer of its own. The two feeds
 * share one component id, hence one circuit breaker.
 */
typedef enum {
  HEALING_DEMO_PANEL_TICKER,
  HEALING_DEMO_PANEL_FORM,
  HEALING_DEMO_PANEL_CHART,
  HEALING_DEMO_PANEL_FEED,
  HEALING_DEMO_PANEL_FEED_TOO,
  HEALING_DEMO_PANEL_CLOCK,
  HEALING_DEMO_N_PANELS,
} HealingDemoPanel;

#define HEALING_DEMO_TYPE_WINDOW (healing_demo_window_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoWindow, healing_demo_window, HEALING_DEMO, WINDOW, GtkApplicationWindow)

GtkWidget           *healing_demo_window_new             (GtkApplication    *application);

HealingContainer    *healing_demo_window_get_container   (HealingDemoWindow *self,
                                                          const char        *component_id);
HealingContainer    *healing_demo_window_get_panel       (HealingDemoWindow *self,
                                                          HealingDemoPanel   panel);
const char          *healing_demo_window_get_panel_name  (HealingDemoWindow *self,
                                                          HealingDemoPanel   panel);
HealingDemoTicker   *healing_demo_window_get_ticker      (HealingDemoWindow *self);
HealingDemoForm     *healing_demo_window_get_form        (HealingDemoWindow *self);
HealingDemoFeed     *healing_demo_window_get_feed        (HealingDemoWindow *self,
                                                          HealingDemoPanel   panel);
HealingDemoChart    *healing_demo_window_get_chart       (HealingDemoWindow *self);
HealingDemoTimeline *healing_demo_window_get_timeline    (HealingDemoWindow *self);

guint                healing_demo_window_get_clock_count (HealingDemoWindow *self);
guint                healing_demo_window_get_clicks      (HealingDemoWindow *self);
GtkWidget           *healing_demo_window_get_clock_label (HealingDemoWindow *self);
GtkWidget           *healing_demo_window_get_click_button (HealingDemoWindow *self);

void                 healing_demo_window_inject_fault    (HealingDemoWindow *self,
                                                          HealingDemoFault   fault);
void                 healing_demo_window_inject          (HealingDemoWindow *self,
                                                          HealingDemoPanel   panel,
                                                          HealingFaultKind   kind);
void                 healing_demo_window_set_network_online (HealingDemoWindow *self,
                                                             gboolean           online);
void                 healing_demo_window_set_exchange_down  (HealingDemoWindow *self,
                                                             gboolean           down);
void                 healing_demo_window_load_full_history  (HealingDemoWindow *self);
void                 healing_demo_window_try_again       (HealingDemoWindow *self);
void                 healing_demo_window_reset_panel     (HealingDemoWindow *self,
                                                          HealingDemoPanel   panel);
void                 healing_demo_window_note            (HealingDemoWindow *self,
                                                          const char        *component_id,
                                                          const char        *event);
void                 healing_demo_window_open_inspector  (HealingDemoWindow *self);

const char          *healing_demo_state_to_string        (HealingState       state);
const char          *healing_demo_fault_kind_to_string   (HealingFaultKind   kind);
const char          *healing_demo_outcome_to_string      (HealingOutcome     outcome);

G_END_DECLS
