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

#include "healing-container.h"
#include "healing-version.h"

G_BEGIN_DECLS

HEALING_AVAILABLE_IN_ALL
gulong healing_signal_connect         (gpointer          instance,
                                       const char       *detailed_signal,
                                       GCallback         handler,
                                       gpointer          data);
HEALING_AVAILABLE_IN_ALL
gulong healing_signal_connect_swapped (gpointer          instance,
                                       const char       *detailed_signal,
                                       GCallback         handler,
                                       gpointer          data);
HEALING_AVAILABLE_IN_ALL
gulong healing_signal_connect_after   (gpointer          instance,
                                       const char       *detailed_signal,
                                       GCallback         handler,
                                       gpointer          data);
HEALING_AVAILABLE_IN_ALL
gulong healing_signal_connect_data    (gpointer          instance,
                                       const char       *detailed_signal,
                                       GCallback         handler,
                                       gpointer          data,
                                       GClosureNotify    destroy_data,
                                       GConnectFlags     connect_flags);
HEALING_AVAILABLE_IN_ALL
gulong healing_signal_connect_full    (gpointer          instance,
                                       const char       *detailed_signal,
                                       GCallback         handler,
                                       gpointer          data,
                                       GClosureNotify    destroy_data,
                                       GConnectFlags     connect_flags,
                                       HealingContainer *owner);
HEALING_AVAILABLE_IN_ALL
gulong healing_signal_connect_closure (gpointer          instance,
                                       const char       *detailed_signal,
                                       GClosure         *closure,
                                       gboolean          after,
                                       HealingContainer *owner);

G_END_DECLS
