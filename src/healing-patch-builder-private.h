/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-patch-bundle.h"

G_BEGIN_DECLS

/* Limits of a patch's XML. */
#define HEALING_PATCH_MAX_OBJECTS 512
#define HEALING_PATCH_MAX_XML_DEPTH 64
#define HEALING_PATCH_MAX_ATTRIBUTES 16

/* What a patch may use besides GTK's own allow-listed types. */
typedef struct
{
  /* Type name → GType (GSIZE_TO_POINTER): the application's patchable
   * types. */
  GHashTable *types;
  /* Handler name → GCallback: the callbacks registered for patches. */
  GHashTable *callbacks;
  /* Action names (a set) that actionable widgets may name. */
  GHashTable *actions;
  /* URI prefixes files and resources must start with. */
  const char * const *resource_prefixes;
} HealingPatchAllow;

/* Checks @ui without building anything: elements, types, handlers,
 * references and limits. On success, *@root_id (if not NULL) is the id of
 * the root object: @wanted_root, else the first object's. */
gboolean   healing_patch_builder_check (const char               *ui,
                                        const char               *wanted_root,
                                        const HealingPatchAllow  *allow,
                                        char                    **root_id,
                                        GError                  **error);

/* Checks and then builds the bundle's widget, with its CSS and state.
 * Returns a new reference to a parentless widget. */
GtkWidget *healing_patch_builder_build (HealingPatchBundle       *bundle,
                                        const HealingPatchAllow  *allow,
                                        GError                  **error);

/* Whether GTK's allow-list or @allow lets a patch use @type_name. */
GType      healing_patch_builder_lookup_type (const HealingPatchAllow *allow,
                                              const char              *type_name);

G_END_DECLS
