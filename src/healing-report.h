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

#include "healing-version.h"

G_BEGIN_DECLS

HEALING_AVAILABLE_IN_ALL
gboolean healing_report_current_fault (const char *type_name,
                                       const char *message,
                                       const char *traceback);

G_END_DECLS
