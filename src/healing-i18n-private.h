/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the library's translation domain (once; thread-safe). Every entry
 * point that may show a string calls it, since libhealing works without
 * healing_init (): healing_init (), the container's and the supervisor's
 * class_init. */
void healing_ensure_i18n (void);

G_END_DECLS
