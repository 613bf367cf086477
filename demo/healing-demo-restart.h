/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-demo-window.h"

G_BEGIN_DECLS

/* The last act of --scenario=all under the supervisor: fills in the
 * patient form, persists it, takes a screenshot and crashes the whole
 * application outside every container. Does not return. */
G_GNUC_NORETURN
void healing_demo_restart_crash  (HealingDemoWindow *window,
                                  const char        *screenshot_dir);

/* In the process the supervisor started after that crash: checks the
 * form came back as it was, the notice and the death record, prints the
 * recovery time and takes a screenshot. Returns the exit status. */
int  healing_demo_restart_verify (HealingDemoWindow *window,
                                  const char        *screenshot_dir);

G_END_DECLS
