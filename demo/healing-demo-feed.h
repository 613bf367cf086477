/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The colour of a feed's background, as 0xAARRGGBB. */
#define HEALING_DEMO_FEED_BACKGROUND 0xffe4ecf7u

/* The simulated network every feed's requests go through. */
gboolean    healing_demo_network_get_online (void);
void        healing_demo_network_set_online (gboolean online);

#define HEALING_DEMO_TYPE_FEED (healing_demo_feed_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoFeed, healing_demo_feed, HEALING_DEMO, FEED, GtkWidget)

GtkWidget  *healing_demo_feed_new           (const char      *source);

guint       healing_demo_feed_get_requests  (HealingDemoFeed *self);
guint       healing_demo_feed_get_successes (HealingDemoFeed *self);
guint       healing_demo_feed_get_failures  (HealingDemoFeed *self);

G_END_DECLS
