/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a member or element sits in a JSON text: its key (for members) and
 * its value, as 1-based lines and columns (in characters). */
typedef struct
{
  guint key_line;
  guint key_column;
  guint line;
  guint column;
} HealingJsonLocation;

typedef struct _HealingJsonLocator HealingJsonLocator;

/* Scans a JSON text that json-glib has already parsed successfully, and
 * records the location of every value by key path: "healing.retry",
 * "healing.escalation[2]"; the root value has the path "". */
HealingJsonLocator        *healing_json_locator_new           (const char         *text,
                                                               gsize               length);
void                       healing_json_locator_free          (HealingJsonLocator *self);

const HealingJsonLocation *healing_json_locator_lookup        (HealingJsonLocator *self,
                                                               const char         *path);

/* The first member that appears twice in the same object, if any, and
 * where its second appearance is. */
const char                *healing_json_locator_get_duplicate (HealingJsonLocator  *self,
                                                               HealingJsonLocation *location);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HealingJsonLocator, healing_json_locator_free)

G_END_DECLS
