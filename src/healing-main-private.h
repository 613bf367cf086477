/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-main.h"

G_BEGIN_DECLS

void healing_init_public_types (void);

G_END_DECLS
