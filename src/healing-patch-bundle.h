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
#include <json-glib/json-glib.h>

#include "healing-version.h"
#include "healing-patch-trust.h"

G_BEGIN_DECLS

/**
 * HEALING_PATCH_ERROR:
 *
 * The error domain of hot patches: why a [class@PatchBundle] was refused.
 *
 * Errors in this domain are from the [error@Healing.PatchError]
 * enumeration. Whatever the error, nothing of the refused patch was built
 * and the component it named is unchanged.
 */
#define HEALING_PATCH_ERROR (healing_patch_error_quark ())

/**
 * healing_patch_error_quark:
 *
 * Gets the error domain of hot patches, `HEALING_PATCH_ERROR`.
 *
 * Returns: the error quark
 */

/**
 * HealingPatchError:
 * @HEALING_PATCH_ERROR_MALFORMED: the bundle, its payload, its XML or its
 *   CSS is not well formed, or lacks a required member; the message gives
 *   the position
 * @HEALING_PATCH_ERROR_OVERSIZED: the bundle, or a part of it, is larger
 *   than a limit (bytes, nesting depth, number of values or objects)
 * @HEALING_PATCH_ERROR_UNSIGNED: the bundle carries no signature
 * @HEALING_PATCH_ERROR_UNKNOWN_KEY: no signature is by a trusted key
 * @HEALING_PATCH_ERROR_BAD_SIGNATURE: a signature by a trusted key is
 *   damaged: not base64, or not the size of an Ed25519 signature
 * @HEALING_PATCH_ERROR_TAMPERED: a signature by a trusted key does not
 *   verify: the payload (or its type) is not what that key signed
 * @HEALING_PATCH_ERROR_THRESHOLD: fewer trusted keys signed the bundle than
 *   [property@PatchTrust:threshold] requires
 * @HEALING_PATCH_ERROR_EXPIRED: the bundle's expiry time has passed
 * @HEALING_PATCH_ERROR_WRONG_APPLICATION: the bundle is for another
 *   application
 * @HEALING_PATCH_ERROR_WRONG_COMPONENT: the bundle is for another component
 * @HEALING_PATCH_ERROR_REPLAYED: the bundle's version is not newer than
 *   the highest version already applied to its component
 * @HEALING_PATCH_ERROR_REVOKED: the bundle's version faulted in its trial
 *   once and is never applied again
 * @HEALING_PATCH_ERROR_DISALLOWED_TYPE: the XML names a type that is not
 *   allowed in patches
 * @HEALING_PATCH_ERROR_DISALLOWED_HANDLER: the XML names a signal handler,
 *   closure or action that the application did not register for patches
 * @HEALING_PATCH_ERROR_DISALLOWED_REFERENCE: the XML or the CSS refers to a
 *   file, a resource, a type function or a template, or uses an element
 *   patches may not use
 * @HEALING_PATCH_ERROR_NO_TARGET: no container of the bundle's component
 *   exists to apply it to
 * @HEALING_PATCH_ERROR_BUSY: another version of the component is still in
 *   its trial
 *
 * Why a hot patch was refused.
 */
typedef enum {
  HEALING_PATCH_ERROR_MALFORMED,
  HEALING_PATCH_ERROR_OVERSIZED,
  HEALING_PATCH_ERROR_UNSIGNED,
  HEALING_PATCH_ERROR_UNKNOWN_KEY,
  HEALING_PATCH_ERROR_BAD_SIGNATURE,
  HEALING_PATCH_ERROR_TAMPERED,
  HEALING_PATCH_ERROR_THRESHOLD,
  HEALING_PATCH_ERROR_EXPIRED,
  HEALING_PATCH_ERROR_WRONG_APPLICATION,
  HEALING_PATCH_ERROR_WRONG_COMPONENT,
  HEALING_PATCH_ERROR_REPLAYED,
  HEALING_PATCH_ERROR_REVOKED,
  HEALING_PATCH_ERROR_DISALLOWED_TYPE,
  HEALING_PATCH_ERROR_DISALLOWED_HANDLER,
  HEALING_PATCH_ERROR_DISALLOWED_REFERENCE,
  HEALING_PATCH_ERROR_NO_TARGET,
  HEALING_PATCH_ERROR_BUSY,
} HealingPatchError;

/**
 * HEALING_PATCH_PAYLOAD_TYPE:
 *
 * The `payloadType` of a patch bundle's envelope.
 */
#define HEALING_PATCH_PAYLOAD_TYPE "application/vnd.libhealing.patch+json"

#define HEALING_TYPE_PATCH_BUNDLE (healing_patch_bundle_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingPatchBundle, healing_patch_bundle, HEALING, PATCH_BUNDLE, GObject)

HEALING_AVAILABLE_IN_ALL
GQuark              healing_patch_error_quark           (void);

HEALING_AVAILABLE_IN_ALL
HealingPatchBundle *healing_patch_bundle_new_from_bytes (GBytes             *data,
                                                         HealingPatchTrust  *trust,
                                                         const char         *source,
                                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_bundle_get_application_id (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_bundle_get_component_id   (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
guint64             healing_patch_bundle_get_version        (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
gint64              healing_patch_bundle_get_expires        (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_bundle_get_ui             (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_bundle_get_css            (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
JsonNode           *healing_patch_bundle_get_state          (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_bundle_get_root_id        (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_patch_bundle_get_source         (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_patch_bundle_get_signers        (HealingPatchBundle *self);
HEALING_AVAILABLE_IN_ALL
GBytes             *healing_patch_bundle_get_bytes          (HealingPatchBundle *self);

HEALING_AVAILABLE_IN_ALL
HealingPatchBundle *healing_patch_bundle_get_for_widget     (GtkWidget          *widget);

G_END_DECLS
