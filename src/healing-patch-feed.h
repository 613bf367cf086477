/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gio/gio.h>

#include "healing-version.h"
#include "healing-patch-store.h"

G_BEGIN_DECLS

/**
 * HEALING_PATCH_FEED_DEFAULT_INTERVAL_MS:
 *
 * The default of [property@PatchFeed:interval]: five minutes.
 */
#define HEALING_PATCH_FEED_DEFAULT_INTERVAL_MS (5 * 60 * 1000)

/**
 * HEALING_PATCH_FEED_MAX_INDEX_SIZE:
 *
 * The largest feed index read, in bytes.
 */
#define HEALING_PATCH_FEED_MAX_INDEX_SIZE (256 * 1024)

#define HEALING_TYPE_PATCH_FEED (healing_patch_feed_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingPatchFeed, healing_patch_feed, HEALING, PATCH_FEED, GObject)

HEALING_AVAILABLE_IN_ALL
HealingPatchFeed  *healing_patch_feed_new               (HealingPatchStore *store,
                                                         const char        *uri) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
const char        *healing_patch_feed_get_uri           (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
HealingPatchStore *healing_patch_feed_get_store         (HealingPatchFeed  *self);

HEALING_AVAILABLE_IN_ALL
guint              healing_patch_feed_get_interval      (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
void               healing_patch_feed_set_interval      (HealingPatchFeed  *self,
                                                         guint              interval);
HEALING_AVAILABLE_IN_ALL
guint              healing_patch_feed_get_timeout       (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
void               healing_patch_feed_set_timeout       (HealingPatchFeed  *self,
                                                         guint              timeout);
HEALING_AVAILABLE_IN_ALL
gboolean           healing_patch_feed_get_always_poll   (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
void               healing_patch_feed_set_always_poll   (HealingPatchFeed  *self,
                                                         gboolean           always_poll);

HEALING_AVAILABLE_IN_ALL
void               healing_patch_feed_start             (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
void               healing_patch_feed_stop              (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
void               healing_patch_feed_refresh           (HealingPatchFeed  *self);

HEALING_AVAILABLE_IN_ALL
guint              healing_patch_feed_get_failures      (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
guint              healing_patch_feed_get_next_delay    (HealingPatchFeed  *self);
HEALING_AVAILABLE_IN_ALL
guint              healing_patch_feed_get_requests      (HealingPatchFeed  *self);

G_END_DECLS
