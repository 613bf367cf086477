/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-supervisor.h"

G_BEGIN_DECLS

/* The environment between a supervisor and the application it runs. */
#define HEALING_ENV_RECORD_FD       "HEALING_RECORD_FD"
#define HEALING_ENV_SUPERVISOR      "HEALING_SUPERVISOR"
#define HEALING_ENV_RESTART_COUNT   "HEALING_RESTART_COUNT"
#define HEALING_ENV_RESTART_RECORD  "HEALING_RESTART_RECORD"
#define HEALING_ENV_RESTART_DIR     "HEALING_RESTART_DIR"

/* How many death records the supervisor keeps on disk. */
#define HEALING_SUPERVISOR_MAX_RECORDS 20

/* From healing_init (): the application side of supervision (the record
 * descriptor, the restart information for the runtime, save-and-exit on
 * taint, sd_notify). Does nothing when the process is not supervised. */
void     healing_supervisor_child_init       (void);

/* The supervisor of the healing-supervise command: runs @argv (execvp)
 * in a supervised child; never returns. */
G_GNUC_NORETURN
void     healing_supervisor_run_command      (char                 **argv,
                                              HealingSuperviseFlags  flags);

/* Tells systemd the main loop is wedged (WATCHDOG=trigger, with a
 * STATUS= line). For the heartbeat, from its own thread: no GLib
 * allocation. Returns whether a notification was sent. */
gboolean healing_supervisor_notify_wedged    (const char            *status);

/* Whether the systemd protocol is spoken (NOTIFY_SOCKET was set when the
 * application opted in). */
gboolean healing_supervisor_uses_systemd     (void);

G_END_DECLS
