/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "healing-test-raise.h"

/* The compiler must not see through these. */
static volatile int zero = 0;
static int * volatile null_pointer = NULL;
static void * volatile sink;

static int recurse (int depth) __attribute__ ((noinline));

/* The UBSan build reports these on purpose; keep the reports out. */
__attribute__ ((no_sanitize ("undefined")))
static int
recurse (int depth)
{
  volatile char pad[512];

  pad[0] = (char) depth;
  /* Unbounded in practice; the test on a volatile hides that from gcc. */
  if (zero == 0)
    return recurse (depth + 1) + pad[0];
  return pad[0];
}

/* A block too large for the tcache and the fastbins, freed twice: glibc
 * finds the double free in _int_free () with the arena lock held. A guard
 * block behind it keeps it from merging into the top chunk. */
static void
raise_double_free_large (void)
{
  char *block = malloc (64 * 1024);
  void *guard = malloc (64 * 1024);

  sink = guard;
  memset (block, 1, 64 * 1024);
  /* Through a volatile: gcc would see the double free and refuse it. */
  sink = block;
  free (block);
  free (sink);
}

/* free () of a pointer into the stack: "free(): invalid pointer". */
static void
raise_free_stack (void)
{
  char buffer[64];

  memset (buffer, 0, sizeof buffer);
  /* Keep the memset: free () reads nothing of the buffer as far as GCC
   * knows, so at -O2 it drops it, and glibc then reads whatever the stack
   * held as the chunk's size: SIGABRT, SIGSEGV or no fault at all, from one
   * run to the next. Zeroed, the size makes glibc abort every time. */
  __asm__ volatile ("" : : "r" (buffer) : "memory");
  sink = buffer + 16;
  free (sink);
}

/* A write past the end of a heap block, over the header of the chunk
 * behind it, then free () and malloc () as the program goes on. The two
 * blocks must be neighbours: allocate until they are (the heap of a GTK
 * program is full of holes). */
#define OVERFLOW_BLOCK 2000

__attribute__ ((no_sanitize ("address")))
static void
raise_heap_overflow (void)
{
  char *block = NULL, *next = NULL;
  char * volatile overrun;
  guint i;

  for (i = 0; i < 1000; i++)
    {
      block = malloc (OVERFLOW_BLOCK);
      next = malloc (OVERFLOW_BLOCK);
      if (next == block + malloc_usable_size (block) + sizeof (size_t))
        break;
      /* Not neighbours: keep them out of the way. */
      sink = block;
      sink = next;
    }
  sink = malloc (OVERFLOW_BLOCK);  /* keeps next from merging into top */

  /* An off-by-24 copy loop, as a real overflow would be. */
  overrun = block;
  for (i = 0; i < malloc_usable_size (block) + 24; i++)
    overrun[i] = 'A';
  free (next);
  for (i = 0; i < 64; i++)
    sink = malloc (1500 + i);
}

/* A small block freed twice: "free(): double free detected in tcache 2". */
static void
raise_tcache_double_free (void)
{
  char *block = malloc (32);

  memset (block, 1, 32);
  sink = block;
  free (block);
  free (sink);
}

/* A hang that spends most of its time inside malloc () and free (), with
 * blocks large enough to take the arena lock. */
static void
raise_malloc_loop (void)
{
  guint i = 0;

  while (zero == 0)
    {
      gsize size = 16 + (i++ * 2654435761u) % 70000;
      char *block = malloc (size);

      block[0] = (char) i;
      sink = block;
      free (block);
    }
}

/* A hang that is (almost) never anywhere but inside malloc () and free ():
 * every block is mmapped and unmapped (a fixed mmap threshold keeps glibc
 * from raising it), so an interrupt nearly always lands in the allocator
 * and the watchdog's refusals run out. */
static void
raise_mmap_loop (void)
{
  mallopt (M_MMAP_THRESHOLD, 64 * 1024);
  while (zero == 0)
    {
      char *block = malloc (256 * 1024);

      sink = block;
      free (block);
    }
}

__attribute__ ((no_sanitize ("undefined")))
void
test_fault_raise (TestFault fault)
{
  switch (fault)
    {
    case TEST_FAULT_NONE:
      break;
    case TEST_FAULT_NULL_DEREF:
      *null_pointer = 42;
      break;
    case TEST_FAULT_DIVIDE_BY_ZERO:
      {
        volatile int result = 42 / zero;
        (void) result;
      }
      break;
    case TEST_FAULT_ABORT:
      abort ();
      break;
    case TEST_FAULT_ASSERT:
      g_assert (zero == 1);
      break;
    case TEST_FAULT_G_ERROR:
      g_error ("deliberate g_error");
      break;
    case TEST_FAULT_RECURSION:
      recurse (0);
      break;
    case TEST_FAULT_CRITICAL:
      g_critical ("deliberate critical");
      break;
    case TEST_FAULT_RETURN_IF_FAIL:
      /* GTK's own precondition check fails and logs a critical. */
      gtk_widget_set_parent (NULL, NULL);
      break;
    case TEST_FAULT_WARNING:
      g_warning ("deliberate warning");
      break;
    case TEST_FAULT_INFINITE_LOOP:
      while (zero == 0)
        ;
      break;
    case TEST_FAULT_OLD_G_ERROR:
      g_log ("Test", G_LOG_LEVEL_ERROR, "deliberate old-API g_error");
      break;
    case TEST_FAULT_DOUBLE_FREE_LARGE:
      raise_double_free_large ();
      break;
    case TEST_FAULT_FREE_STACK:
      raise_free_stack ();
      break;
    case TEST_FAULT_HEAP_OVERFLOW:
      raise_heap_overflow ();
      break;
    case TEST_FAULT_TCACHE_DOUBLE_FREE:
      raise_tcache_double_free ();
      break;
    case TEST_FAULT_MALLOC_LOOP:
      raise_malloc_loop ();
      break;
    case TEST_FAULT_MMAP_LOOP:
      raise_mmap_loop ();
      break;
    case TEST_FAULT_LAST:
    default:
      g_assert_not_reached ();
    }
}

const char *
test_fault_name (TestFault fault)
{
  static const char *names[] = {
    "none", "null-deref", "divide-by-zero", "abort", "assert", "g-error",
    "recursion", "critical", "return-if-fail", "warning", "infinite-loop",
    "old-g-error", "double-free-large", "free-stack", "heap-overflow",
    "tcache-double-free", "malloc-loop", "mmap-loop",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == TEST_FAULT_LAST);
  g_assert (fault < TEST_FAULT_LAST);

  return names[fault];
}
