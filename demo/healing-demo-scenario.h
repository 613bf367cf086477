/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-demo-window.h"

G_BEGIN_DECLS

gboolean healing_demo_scenario_exists (const char        *name);

int      healing_demo_scenario_run    (HealingDemoWindow *window,
                                       const char        *name,
                                       const char        *screenshot_dir);

G_END_DECLS
