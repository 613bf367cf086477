/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  /* Not ours: pass it on unchanged. */
  HEALING_TRAP_LOG_FORWARD,
  /* Turned into a fault: pass it on, but it must not abort the process. */
  HEALING_TRAP_LOG_FORWARD_NONFATAL,
  /* Noise libhealing provoked itself while cleaning up after a fault. */
  HEALING_TRAP_LOG_DROP,
} HealingTrapLogAction;

gboolean             healing_trap_is_observing_log (void);

HealingTrapLogAction healing_trap_observe_log  (GLogLevelFlags  log_level,
                                                const char     *message,
                                                gboolean        old_api);

void                 healing_log_install_writer (void);

G_END_DECLS
