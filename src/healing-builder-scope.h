/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gtk/gtk.h>

#include "healing-version.h"

G_BEGIN_DECLS

#define HEALING_TYPE_BUILDER_SCOPE (healing_builder_scope_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingBuilderScope, healing_builder_scope, HEALING, BUILDER_SCOPE, GtkBuilderCScope)

HEALING_AVAILABLE_IN_ALL
GtkBuilderScope *healing_builder_scope_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
