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
#include "healing-patch-bundle.h"
#include "healing-patch-trust.h"

G_BEGIN_DECLS

/**
 * HEALING_PATCH_DEFAULT_TRIAL_MS:
 *
 * The default of [property@PatchStore:trial-duration], in milliseconds.
 */
#define HEALING_PATCH_DEFAULT_TRIAL_MS 5000

#define HEALING_TYPE_PATCH_STORE (healing_patch_store_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingPatchStore, healing_patch_store, HEALING, PATCH_STORE, GObject)

HEALING_AVAILABLE_IN_ALL
HealingPatchStore  *healing_patch_store_new                (const char         *directory) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_store_get_directory      (HealingPatchStore  *self);

HEALING_AVAILABLE_IN_ALL
HealingPatchTrust  *healing_patch_store_get_trust          (HealingPatchStore  *self);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_store_set_trust          (HealingPatchStore  *self,
                                                            HealingPatchTrust  *trust);

HEALING_AVAILABLE_IN_ALL
guint               healing_patch_store_get_trial_duration (HealingPatchStore  *self);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_store_set_trial_duration (HealingPatchStore  *self,
                                                            guint               trial_duration);

HEALING_AVAILABLE_IN_ALL
void                healing_patch_store_register_type      (HealingPatchStore  *self,
                                                            GType               type);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_store_add_callback       (HealingPatchStore  *self,
                                                            const char         *name,
                                                            GCallback           callback);
HEALING_AVAILABLE_IN_ALL
void                healing_patch_store_add_action         (HealingPatchStore  *self,
                                                            const char         *action_name);

HEALING_AVAILABLE_IN_ALL
gboolean            healing_patch_store_apply              (HealingPatchStore  *self,
                                                            GBytes             *data,
                                                            const char         *source,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
gboolean            healing_patch_store_apply_to           (HealingPatchStore  *self,
                                                            const char         *component_id,
                                                            GBytes             *data,
                                                            const char         *source,
                                                            GError            **error);
HEALING_AVAILABLE_IN_ALL
guint               healing_patch_store_reapply            (HealingPatchStore  *self);

HEALING_AVAILABLE_IN_ALL
guint64             healing_patch_store_get_highest_version (HealingPatchStore *self,
                                                             const char        *component_id);
HEALING_AVAILABLE_IN_ALL
guint64             healing_patch_store_get_kept_version   (HealingPatchStore  *self,
                                                            const char         *component_id);
HEALING_AVAILABLE_IN_ALL
gboolean            healing_patch_store_is_revoked         (HealingPatchStore  *self,
                                                            const char         *component_id,
                                                            guint64             version);
HEALING_AVAILABLE_IN_ALL
HealingPatchBundle *healing_patch_store_get_trial          (HealingPatchStore  *self,
                                                            const char         *component_id);

G_END_DECLS
