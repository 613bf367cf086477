/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a HealingTestFaulty widget does wrong, for real. */
typedef enum {
  TEST_FAULT_NONE,
  TEST_FAULT_NULL_DEREF,      /* writes through a NULL pointer: SIGSEGV */
  TEST_FAULT_DIVIDE_BY_ZERO,  /* integer division by a volatile 0: SIGFPE */
  TEST_FAULT_ABORT,           /* abort (): SIGABRT */
  TEST_FAULT_ASSERT,          /* a failing g_assert (): SIGABRT */
  TEST_FAULT_G_ERROR,         /* structured g_error (): SIGTRAP */
  TEST_FAULT_RECURSION,       /* unbounded recursion: stack overflow */
  TEST_FAULT_CRITICAL,        /* g_critical () */
  TEST_FAULT_RETURN_IF_FAIL,  /* a GTK g_return_if_fail () that fails */
  TEST_FAULT_WARNING,         /* g_warning () */
  TEST_FAULT_INFINITE_LOOP,   /* never returns */
  TEST_FAULT_OLD_G_ERROR,     /* g_error () through the old g_log () API */
  TEST_FAULT_LAST
} TestFault;

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

const char *test_fault_name                  (TestFault          fault);
const char *test_phase_name                  (TestPhase          phase);

/* Raises @fault right here, on the calling thread. */
void        test_fault_raise                 (TestFault          fault);

G_END_DECLS
