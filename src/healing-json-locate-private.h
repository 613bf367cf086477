/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "healing-json-limits-private.h"

G_BEGIN_DECLS

typedef struct _HealingJsonLocator HealingJsonLocator;

/* Points at members and elements of a JSON text that passed
 * healing_json_check (), by key path: "healing.retry",
 * "healing.escalation[2]", healing.components["a.b"]; the root value has
 * the path "". The text must outlive the locator. */
HealingJsonLocator        *healing_json_locator_new           (const char         *text,
                                                               gsize               length);
void                       healing_json_locator_free          (HealingJsonLocator *self);

const HealingJsonLocation *healing_json_locator_lookup        (HealingJsonLocator *self,
                                                               const char         *path);

/* The first member that appears twice in the same object, if any, as a
 * key path (keys abbreviated), and where its second appearance is. A text
 * the scanner refuses for another reason (json-glib accepts more) has
 * none. */
const char                *healing_json_locator_get_duplicate (HealingJsonLocator  *self,
                                                               HealingJsonLocation *location);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HealingJsonLocator, healing_json_locator_free)

G_END_DECLS
