/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <glib.h>

#include "healing-version.h"

G_BEGIN_DECLS

/**
 * HealingSuperviseFlags:
 * @HEALING_SUPERVISE_NONE: the defaults
 * @HEALING_SUPERVISE_IGNORE_SYSTEMD: fork a supervisor even when the
 *   process runs as a systemd service with `NOTIFY_SOCKET` set
 * @HEALING_SUPERVISE_NO_TAINT_RESTART: keep a tainted process running
 *   instead of having it save its state and exit to be restarted
 *
 * How [func@supervise] supervises the application.
 */
typedef enum /*< flags >*/ {
  HEALING_SUPERVISE_NONE              = 0,
  HEALING_SUPERVISE_IGNORE_SYSTEMD    = 1 << 0,
  HEALING_SUPERVISE_NO_TAINT_RESTART  = 1 << 1,
} HealingSuperviseFlags;

/**
 * HEALING_SUPERVISE_EXIT_TAINTED:
 *
 * The exit status of a supervised application that saved its state and
 * exited because it was tainted (75, `EX_TEMPFAIL`): the supervisor
 * restarts it.
 */
#define HEALING_SUPERVISE_EXIT_TAINTED 75

/**
 * HEALING_SUPERVISE_DEFAULT_MAX_RESTARTS:
 *
 * The default intensity of the crash-loop guard: at most 3 restarts in
 * [const@SUPERVISE_DEFAULT_PERIOD] seconds (`HEALING_SUPERVISE_MAX_RESTARTS`).
 */
#define HEALING_SUPERVISE_DEFAULT_MAX_RESTARTS 3

/**
 * HEALING_SUPERVISE_DEFAULT_PERIOD:
 *
 * The default period of the crash-loop guard, in seconds: 60
 * (`HEALING_SUPERVISE_PERIOD`).
 */
#define HEALING_SUPERVISE_DEFAULT_PERIOD 60

/**
 * HEALING_SUPERVISE_DEFAULT_STABLE_MS:
 *
 * How long a process must have run for its death not to count as a
 * death at start, in milliseconds: 10000, KCrash's figure
 * (`HEALING_SUPERVISE_STABLE_MS`).
 */
#define HEALING_SUPERVISE_DEFAULT_STABLE_MS 10000

/**
 * HEALING_SUPERVISE_DEFAULT_BACKOFF_MS:
 *
 * The delay before restarting a process that died at start, in
 * milliseconds: 250, doubled for each further death at start, at most
 * 30 s (`HEALING_SUPERVISE_BACKOFF_MS`).
 */
#define HEALING_SUPERVISE_DEFAULT_BACKOFF_MS 250

HEALING_AVAILABLE_IN_ALL
void     healing_supervise            (int                    *argc,
                                       char                 ***argv,
                                       HealingSuperviseFlags   flags);

HEALING_AVAILABLE_IN_ALL
gboolean healing_supervise_is_active  (void);

G_END_DECLS
