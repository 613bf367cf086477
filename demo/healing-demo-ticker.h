/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * HealingDemoFault:
 *
 * The faults the demo can inject into a panel. Each is real: no simulation.
 */
typedef enum {
  HEALING_DEMO_FAULT_NONE,
  HEALING_DEMO_FAULT_NULL_DEREF,
  HEALING_DEMO_FAULT_DIVIDE_BY_ZERO,
  HEALING_DEMO_FAULT_ABORT,
  HEALING_DEMO_FAULT_STACK_OVERFLOW,
  HEALING_DEMO_FAULT_CRITICAL,
  HEALING_DEMO_FAULT_LAST,
} HealingDemoFault;

const char *healing_demo_fault_get_label (HealingDemoFault fault);
void        healing_demo_fault_raise     (HealingDemoFault fault);

#define HEALING_DEMO_TYPE_TICKER (healing_demo_ticker_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoTicker, healing_demo_ticker, HEALING_DEMO, TICKER, GtkWidget)

GtkWidget *healing_demo_ticker_new              (void);

guint      healing_demo_ticker_get_crash_after  (HealingDemoTicker *self);
void       healing_demo_ticker_set_crash_after  (HealingDemoTicker *self,
                                                 guint              crash_after);

guint      healing_demo_ticker_get_ticks        (HealingDemoTicker *self);
guint      healing_demo_ticker_get_frames       (HealingDemoTicker *self);

gboolean   healing_demo_ticker_get_broken       (HealingDemoTicker *self);
void       healing_demo_ticker_set_broken       (HealingDemoTicker *self,
                                                 gboolean           broken);

void       healing_demo_ticker_inject_fault     (HealingDemoTicker *self,
                                                 HealingDemoFault   fault);

/* The colour the ticker fills its background with, as 0xAARRGGBB. */
#define HEALING_DEMO_TICKER_BACKGROUND 0xff0b1f33u

G_END_DECLS
