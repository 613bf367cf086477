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

/**
 * HEALING_PATCH_DEFAULT_MAX_SIZE:
 *
 * The default of [property@PatchTrust:max-size]: 1 MiB.
 */
#define HEALING_PATCH_DEFAULT_MAX_SIZE (1024 * 1024)

#define HEALING_TYPE_PATCH_TRUST (healing_patch_trust_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingPatchTrust, healing_patch_trust, HEALING, PATCH_TRUST, GObject)

HEALING_AVAILABLE_IN_ALL
HealingPatchTrust  *healing_patch_trust_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
gboolean            healing_patch_trust_add_key             (HealingPatchTrust  *self,
                                                             const char         *public_key,
                                                             GError            **error);
HEALING_AVAILABLE_IN_ALL
gboolean            healing_patch_trust_has_key             (HealingPatchTrust  *self,
                                                             const char         *keyid);
HEALING_AVAILABLE_IN_ALL
char              **healing_patch_trust_dup_keyids          (HealingPatchTrust  *self) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
guint               healing_patch_trust_get_threshold       (HealingPatchTrust  *self);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_trust_set_threshold       (HealingPatchTrust  *self,
                                                             guint               threshold);

HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_trust_get_application_id  (HealingPatchTrust  *self);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_trust_set_application_id  (HealingPatchTrust  *self,
                                                             const char         *application_id);

HEALING_AVAILABLE_IN_ALL
gsize               healing_patch_trust_get_max_size        (HealingPatchTrust  *self);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_trust_set_max_size        (HealingPatchTrust  *self,
                                                             gsize               max_size);

HEALING_AVAILABLE_IN_ALL
void                healing_patch_trust_add_resource_prefix (HealingPatchTrust  *self,
                                                             const char         *prefix);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_patch_trust_get_resource_prefixes (HealingPatchTrust *self);

G_END_DECLS
