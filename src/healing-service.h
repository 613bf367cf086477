/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gio/gio.h>

#include "healing-version.h"
#include "healing-patch-store.h"

G_BEGIN_DECLS

/**
 * HEALING_SERVICE_INTERFACE:
 *
 * The name of the D-Bus interface [class@Service] exports.
 */
#define HEALING_SERVICE_INTERFACE "org.libhealing.Healing1"

#define HEALING_TYPE_SERVICE (healing_service_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingService, healing_service, HEALING, SERVICE, GObject)

HEALING_AVAILABLE_IN_ALL
HealingService    *healing_service_new              (HealingPatchStore *store) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
HealingPatchStore *healing_service_get_store        (HealingService    *self);

HEALING_AVAILABLE_IN_ALL
gboolean           healing_service_get_allow_inject (HealingService    *self);
HEALING_AVAILABLE_IN_ALL
void               healing_service_set_allow_inject (HealingService    *self,
                                                     gboolean           allow_inject);

HEALING_AVAILABLE_IN_ALL
gboolean           healing_service_export           (HealingService    *self,
                                                     GDBusConnection   *connection,
                                                     const char        *object_path,
                                                     GError           **error);
HEALING_AVAILABLE_IN_ALL
gboolean           healing_service_export_for_application (HealingService  *self,
                                                           GApplication    *application,
                                                           GError         **error);
HEALING_AVAILABLE_IN_ALL
void               healing_service_unexport         (HealingService    *self);

G_END_DECLS
