/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Real faults, raised on the calling thread: what the tests, the fault
 * matrix and the demo's panels do wrong. One copy, so that what the demo
 * shows is what the tests check. */
typedef enum {
  TEST_FAULT_NONE,
  TEST_FAULT_NULL_DEREF,         /* writes through a NULL pointer: SIGSEGV */
  TEST_FAULT_DIVIDE_BY_ZERO,     /* integer division by a volatile 0: SIGFPE */
  TEST_FAULT_ABORT,              /* abort (): SIGABRT */
  TEST_FAULT_ASSERT,             /* a failing g_assert (): SIGABRT */
  TEST_FAULT_G_ERROR,            /* structured g_error (): SIGTRAP */
  TEST_FAULT_RECURSION,          /* unbounded recursion: stack overflow */
  TEST_FAULT_CRITICAL,           /* g_critical () */
  TEST_FAULT_RETURN_IF_FAIL,     /* a GTK g_return_if_fail () that fails */
  TEST_FAULT_WARNING,            /* g_warning () */
  TEST_FAULT_INFINITE_LOOP,      /* never returns */
  TEST_FAULT_OLD_G_ERROR,        /* g_error () through the old g_log () API */
  TEST_FAULT_DOUBLE_FREE_LARGE,  /* glibc aborts in _int_free (), arena lock held */
  TEST_FAULT_FREE_STACK,         /* free () of a stack address: SIGABRT */
  TEST_FAULT_HEAP_OVERFLOW,      /* a write over the next chunk's header, then malloc () */
  TEST_FAULT_TCACHE_DOUBLE_FREE, /* a small block freed twice: SIGABRT */
  TEST_FAULT_MALLOC_LOOP,        /* a hang mostly inside malloc () and free () */
  TEST_FAULT_MMAP_LOOP,          /* a hang almost only inside mmap ()/munmap () */
  TEST_FAULT_LAST
} TestFault;

/* The fault's name in test paths and the matrix ("null-deref", …). */
const char *test_fault_name  (TestFault fault);

/* Raises @fault right here. */
void        test_fault_raise (TestFault fault);

G_END_DECLS
