/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-runtime.h"

G_BEGIN_DECLS

void healing_runtime_taint (HealingRuntime *self,
                            const char     *reason);

G_END_DECLS
