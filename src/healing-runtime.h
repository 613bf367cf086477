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

#include "healing-version.h"

G_BEGIN_DECLS

#define HEALING_TYPE_RUNTIME (healing_runtime_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingRuntime, healing_runtime, HEALING, RUNTIME, GObject)

HEALING_AVAILABLE_IN_ALL
HealingRuntime *healing_runtime_get_default      (void);

HEALING_AVAILABLE_IN_ALL
gboolean        healing_runtime_get_tainted      (HealingRuntime *self);
HEALING_AVAILABLE_IN_ALL
const char     *healing_runtime_get_taint_reason (HealingRuntime *self);

G_END_DECLS
