/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-signal.h"

G_BEGIN_DECLS

/* Makes @closure run inside the trap, through the generic (GValue) path:
 * a meta marshal that calls closure->marshal in a frame. @closure must not
 * have a meta marshal yet. Faults belong to the container around the
 * emitting instance, else around the object the closure's data is (for
 * closures made by GtkBuilderCScope), else @owner. @handler_name
 * (nullable) names the handler in fault records. */
void healing_signal_guard_closure (GClosure         *closure,
                                   HealingContainer *owner,
                                   gboolean          data_is_object,
                                   const char       *handler_name);

G_END_DECLS
