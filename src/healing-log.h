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
GLogWriterOutput healing_log_writer           (GLogLevelFlags   log_level,
                                               const GLogField *fields,
                                               gsize            n_fields,
                                               gpointer         user_data);

HEALING_AVAILABLE_IN_ALL
void             healing_log_set_writer_chain (GLogWriterFunc   func,
                                               gpointer         user_data,
                                               GDestroyNotify   user_data_free);

HEALING_AVAILABLE_IN_ALL
gboolean         healing_log_observe          (GLogLevelFlags  *log_level,
                                               const GLogField *fields,
                                               gsize            n_fields);

G_END_DECLS
