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

/**
 * HealingBuilderScopeHandlerFunc:
 * @scope: the scope
 * @builder: the builder that asks
 * @function_name: the handler name in the `.ui` file
 * @flags: `swapped` and the like, from the `.ui` file
 * @object: (nullable): the object of the `object` attribute, if any
 * @user_data: the data given to [method@BuilderScope.set_handler_func]
 *
 * Finds the handler a `.ui` file names: how language bindings resolve
 * handler names on an object or a dictionary of their own. When it knows
 * @function_name, it hands the handler to the scope with
 * [method@BuilderScope.provide_handler] before it returns.
 */
typedef void (*HealingBuilderScopeHandlerFunc) (HealingBuilderScope    *scope,
                                                GtkBuilder             *builder,
                                                const char             *function_name,
                                                GtkBuilderClosureFlags  flags,
                                                GObject                *object,
                                                gpointer                user_data);

HEALING_AVAILABLE_IN_ALL
GtkBuilderScope *healing_builder_scope_new              (void) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
void             healing_builder_scope_set_handler_func (HealingBuilderScope            *self,
                                                         HealingBuilderScopeHandlerFunc  func,
                                                         gpointer                        user_data,
                                                         GDestroyNotify                  destroy);
HEALING_AVAILABLE_IN_ALL
void             healing_builder_scope_provide_handler  (HealingBuilderScope            *self,
                                                         GClosure                       *closure);

G_END_DECLS
