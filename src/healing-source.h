/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <glib.h>

#include "healing-container.h"
#include "healing-version.h"

G_BEGIN_DECLS

HEALING_AVAILABLE_IN_ALL
guint healing_idle_add          (HealingContainer *owner,
                                 GSourceFunc       func,
                                 gpointer          data);
HEALING_AVAILABLE_IN_ALL
guint healing_idle_add_full     (HealingContainer *owner,
                                 int               priority,
                                 GSourceFunc       func,
                                 gpointer          data,
                                 GDestroyNotify    notify);

HEALING_AVAILABLE_IN_ALL
guint healing_timeout_add       (HealingContainer *owner,
                                 guint             interval,
                                 GSourceFunc       func,
                                 gpointer          data);
HEALING_AVAILABLE_IN_ALL
guint healing_timeout_add_full  (HealingContainer *owner,
                                 int               priority,
                                 guint             interval,
                                 GSourceFunc       func,
                                 gpointer          data,
                                 GDestroyNotify    notify);

G_END_DECLS
