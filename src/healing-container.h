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
#include "healing-checkpoint.h"
#include "healing-fault.h"
#include "healing-policy.h"

G_BEGIN_DECLS

/**
 * HealingState:
 * @HEALING_STATE_HEALTHY: the child is shown and runs normally
 * @HEALING_STATE_FALLBACK: the child faulted; the fallback is shown instead
 * @HEALING_STATE_ISOLATED: nothing is shown: the fallback faulted too, or
 *   the container was isolated on purpose
 * @HEALING_STATE_RETRYING: the fallback counts down to the next attempt
 * @HEALING_STATE_OPEN_CIRCUIT: the component's circuit breaker is open: the
 *   fallback is shown and the child is not run until a trial is allowed
 * @HEALING_STATE_AWAITING_PATCH: the fallback is shown until a live patch
 *   replaces the child
 *
 * The state of a [class@Container].
 */
typedef enum {
  HEALING_STATE_HEALTHY,
  HEALING_STATE_FALLBACK,
  HEALING_STATE_ISOLATED,
  HEALING_STATE_RETRYING,
  HEALING_STATE_OPEN_CIRCUIT,
  HEALING_STATE_AWAITING_PATCH,
} HealingState;

/**
 * HEALING_DEFAULT_HANG_TIMEOUT_MS:
 *
 * The default of [property@Container:hang-timeout], in milliseconds.
 */
#define HEALING_DEFAULT_HANG_TIMEOUT_MS 2000

/**
 * HEALING_DEFAULT_CHECKPOINT_INTERVAL_MS:
 *
 * The default of [property@Container:checkpoint-interval], in milliseconds.
 */
#define HEALING_DEFAULT_CHECKPOINT_INTERVAL_MS 5000

/**
 * HEALING_DEFAULT_MAX_RESTARTS:
 *
 * The default of [property@Container:max-restarts].
 */
#define HEALING_DEFAULT_MAX_RESTARTS 5

/**
 * HEALING_DEFAULT_RESTART_PERIOD_MS:
 *
 * The default of [property@Container:restart-period], in milliseconds.
 */
#define HEALING_DEFAULT_RESTART_PERIOD_MS 60000

#define HEALING_TYPE_CONTAINER (healing_container_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingContainer, healing_container, HEALING, CONTAINER, GtkWidget)

/**
 * HealingFallbackFactory:
 * @container: the container
 * @fault: the fault the fallback stands in for
 * @user_data: the data given with the factory
 *
 * Builds the widget a container shows in place of a child that faulted.
 *
 * Returns: (transfer floating) (nullable): a new widget, or `NULL` for the
 *   container's [property@Container:fallback]
 */
typedef GtkWidget *(*HealingFallbackFactory) (HealingContainer *container,
                                              HealingFault     *fault,
                                              gpointer          user_data);

HEALING_AVAILABLE_IN_ALL
GtkWidget    *healing_container_new              (void) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
GtkWidget    *healing_container_get_child        (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_child        (HealingContainer *self,
                                                  GtkWidget        *child);

HEALING_AVAILABLE_IN_ALL
GtkWidget    *healing_container_get_fallback     (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_fallback     (HealingContainer *self,
                                                  GtkWidget        *fallback);

HEALING_AVAILABLE_IN_ALL
const char   *healing_container_get_component_id (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_component_id (HealingContainer *self,
                                                  const char       *component_id);

HEALING_AVAILABLE_IN_ALL
gboolean      healing_container_get_trap_warnings (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_trap_warnings (HealingContainer *self,
                                                   gboolean          trap_warnings);

HEALING_AVAILABLE_IN_ALL
gboolean      healing_container_get_trusted_drawing (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_trusted_drawing (HealingContainer *self,
                                                     gboolean          trusted_drawing);

HEALING_AVAILABLE_IN_ALL
guint         healing_container_get_hang_timeout  (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_hang_timeout  (HealingContainer *self,
                                                   guint             hang_timeout);

HEALING_AVAILABLE_IN_ALL
HealingState  healing_container_get_state        (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
guint         healing_container_get_fault_count  (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
HealingFault *healing_container_get_last_fault   (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
double        healing_container_get_failure_probability (HealingContainer *self);

HEALING_AVAILABLE_IN_ALL
HealingPolicy *healing_container_get_policy      (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_policy       (HealingContainer *self,
                                                  HealingPolicy    *policy);

HEALING_AVAILABLE_IN_ALL
guint         healing_container_get_checkpoint_interval (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_checkpoint_interval (HealingContainer *self,
                                                         guint             checkpoint_interval);
HEALING_AVAILABLE_IN_ALL
gboolean      healing_container_get_persist      (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_persist      (HealingContainer *self,
                                                  gboolean          persist);
HEALING_AVAILABLE_IN_ALL
GListModel   *healing_container_get_checkpoints  (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
HealingCheckpoint *healing_container_checkpoint  (HealingContainer *self);

HEALING_AVAILABLE_IN_ALL
void          healing_container_report_error     (HealingContainer *self,
                                                  const GError     *error);
HEALING_AVAILABLE_IN_ALL
void          healing_container_report_success   (HealingContainer *self);

HEALING_AVAILABLE_IN_ALL
guint         healing_container_get_max_restarts  (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_max_restarts  (HealingContainer *self,
                                                   guint             max_restarts);
HEALING_AVAILABLE_IN_ALL
guint         healing_container_get_restart_period (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_set_restart_period (HealingContainer *self,
                                                    guint             period_ms);

HEALING_AVAILABLE_IN_ALL
void          healing_container_set_fallback_factory (HealingContainer       *self,
                                                      HealingFallbackFactory  factory,
                                                      gpointer                user_data,
                                                      GDestroyNotify          destroy);

HEALING_AVAILABLE_IN_ALL
void          healing_container_apply_patch      (HealingContainer *self,
                                                  GtkWidget        *replacement);

HEALING_AVAILABLE_IN_ALL
void          healing_container_inject_fault     (HealingContainer *self,
                                                  HealingFaultKind  kind);

HEALING_AVAILABLE_IN_ALL
void          healing_container_reset            (HealingContainer *self);
HEALING_AVAILABLE_IN_ALL
void          healing_container_isolate          (HealingContainer *self);

G_END_DECLS
