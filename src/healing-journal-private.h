/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs the guarded-action hooks that journal the property changes of a
 * guarded handler and undo them when it faults. Called by healing_init (). */
void healing_journal_init (void);

G_END_DECLS
