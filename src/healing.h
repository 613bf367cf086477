/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#if !GTK_CHECK_VERSION(4, 8, 0)
#error "libhealing requires GTK 4.8 or newer"
#endif

#if !GLIB_CHECK_VERSION(2, 74, 0)
#error "libhealing requires GLib 2.74 or newer"
#endif

#define _HEALING_INSIDE

#include "healing-version.h"
#include "healing-enums.h"
#include "healing-container.h"
#include "healing-fault.h"
#include "healing-checkpoint.h"
#include "healing-checkpointable.h"
#include "healing-checkpoint-ring.h"
#include "healing-log.h"
#include "healing-main.h"
#include "healing-runtime.h"
#include "healing-clock.h"
#include "healing-circuit-breaker.h"
#include "healing-decision.h"
#include "healing-policy.h"
#include "healing-fault-entry.h"
#include "healing-signal.h"
#include "healing-builder-scope.h"
#include "healing-source.h"
#include "healing-report.h"
#include "healing-patch-trust.h"
#include "healing-patch-bundle.h"
#include "healing-patch-store.h"
#include "healing-patch-feed.h"
#include "healing-service.h"
#include "healing-supervisor.h"
#include "healing-death-record.h"
#include "healing-restart-notice.h"
#include "healing-predictor.h"

#undef _HEALING_INSIDE
