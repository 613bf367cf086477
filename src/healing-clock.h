/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <glib-object.h>

#include "healing-version.h"

G_BEGIN_DECLS

/**
 * HealingClockFunc:
 * @user_data: the data passed to [method@Clock.schedule]
 *
 * A function called once by a [class@Clock] when its delay has passed.
 */
typedef void (*HealingClockFunc) (gpointer user_data);

#define HEALING_TYPE_CLOCK (healing_clock_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingClock, healing_clock, HEALING, CLOCK, GObject)

HEALING_AVAILABLE_IN_ALL
HealingClock *healing_clock_get_default     (void);
HEALING_AVAILABLE_IN_ALL
HealingClock *healing_clock_new_virtual     (gint64            start_time) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
gboolean      healing_clock_get_is_virtual  (HealingClock     *self);
HEALING_AVAILABLE_IN_ALL
gint64        healing_clock_get_time        (HealingClock     *self);

HEALING_AVAILABLE_IN_ALL
guint         healing_clock_schedule        (HealingClock     *self,
                                             guint             delay_ms,
                                             HealingClockFunc  func,
                                             gpointer          user_data,
                                             GDestroyNotify    destroy);
HEALING_AVAILABLE_IN_ALL
void          healing_clock_cancel          (HealingClock     *self,
                                             guint             id);
HEALING_AVAILABLE_IN_ALL
guint         healing_clock_get_n_pending   (HealingClock     *self);

HEALING_AVAILABLE_IN_ALL
void          healing_clock_advance         (HealingClock     *self,
                                             gint64            usec);

G_END_DECLS
