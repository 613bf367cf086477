/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-decision.h"

G_BEGIN_DECLS

struct _HealingDecision
{
  gatomicrefcount ref_count;

  HealingStrategy strategy;
  const char *fault_class;      /* interned */
  char *component_id;
  guint attempt;
  guint step;
  guint step_attempt;
  guint step_attempts;          /* 0: unlimited */
  guint delay_ms;
  gboolean final;
  char *reason;
};

HealingDecision *healing_decision_new (void);

G_END_DECLS
