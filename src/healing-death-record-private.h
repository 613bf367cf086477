/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-death-record.h"

G_BEGIN_DECLS

/* Every complete record (ended by an empty line) in @data, as
 * HealingDeathRecord; *consumed is how many bytes they took, so the rest
 * is an incomplete record still being written. Invalid records are
 * skipped. */
GPtrArray *healing_death_record_parse_stream (const char *data,
                                              gsize       length,
                                              gsize      *consumed);

G_END_DECLS
