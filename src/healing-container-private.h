/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-container.h"

G_BEGIN_DECLS

/* Hands a fault trapped outside rendering (a signal handler, a callback) to
 * the container that owns the code: the child is quarantined and the
 * fallback shown, exactly as for a rendering fault. Takes ownership of
 * @fault. Safe to call from anywhere on the GTK thread, including from
 * inside measure, allocate and snapshot: the widget tree changes later, in a
 * high-priority idle. */
void healing_container_take_fault (HealingContainer *self,
                                   HealingFault     *fault);

/* The hang timeout a container starts with: HEALING_DEFAULT_HANG_TIMEOUT_MS,
 * or HEALING_HANG_TIMEOUT_MS from the environment. */
guint healing_container_get_default_hang_timeout (void);

/* Fault injection, for the inspector page and the demo: raises a real fault
 * of @kind (a NULL store, g_critical (), a loop that only the hang timeout
 * ends) inside the container's trap, attributed to it as if one of its
 * handlers had faulted. @kind HEALING_FAULT_ERROR reports a GError. */
void healing_container_inject_fault (HealingContainer *self,
                                     HealingFaultKind  kind);

G_END_DECLS
