/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The libFuzzer entry point, also run over the corpora by fuzz-run.c. */
int      LLVMFuzzerTestOneInput (const guint8 *data,
                                 size_t        size);

/* Once per process: quiet logging, and GTK if a display is there. Returns
 * whether GTK is initialised. */
gboolean healing_fuzz_init      (void);

G_END_DECLS
