/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "healing-test-raise.h"

G_BEGIN_DECLS

typedef enum {
  TEST_PHASE_MEASURE,
  TEST_PHASE_ALLOCATE,
  TEST_PHASE_SNAPSHOT,
  TEST_PHASE_LAST
} TestPhase;

#define HEALING_TYPE_TEST_FAULTY (healing_test_faulty_get_type ())

G_DECLARE_FINAL_TYPE (HealingTestFaulty, healing_test_faulty, HEALING, TEST_FAULTY, GtkWidget)

GtkWidget  *healing_test_faulty_new          (void);
void        healing_test_faulty_arm          (HealingTestFaulty *self,
                                              TestFault          fault,
                                              TestPhase          phase);
/* Faults once, at the next run of @phase, then works again. */
void        healing_test_faulty_arm_once     (HealingTestFaulty *self,
                                              TestFault          fault,
                                              TestPhase          phase);
guint       healing_test_faulty_get_draws    (HealingTestFaulty *self);

const char *test_phase_name                  (TestPhase          phase);

G_END_DECLS
