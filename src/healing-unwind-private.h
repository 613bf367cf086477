/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Unwind safety: may the trap abandon the frames between a fault and the
 * trap frame that would catch it?
 *
 * siglongjmp () throws those frames away without running any of their code.
 * That is harmless for the guarded code itself and for GTK's measure,
 * allocate and snapshot dispatch (the snapshot is a scratch one, thrown
 * away too), and fatal for code that holds global state while it runs:
 * glibc's allocator (an arena lock, a corrupt heap), a GObject signal
 * emission (GLib's emission stack), a property change (the notify queue
 * stays frozen), the type system's class init (its lock), a language
 * runtime (the GIL, the interpreter's frame stack). The rules, one table
 * with a reason for each, are in healing-unwind.c.
 *
 * healing_unwind_classify () runs in the signal handler: it walks the
 * interrupted stack with libunwind's local unwinder (signal safe: it uses
 * its own mmap-backed pool and no lock of its own; the loader lock it may
 * take through dl_iterate_phdr () is recursive) and matches each return
 * address against address ranges computed beforehand by
 * healing_unwind_init (). No allocation, no lock, no gettext.
 */

typedef enum {
  /* Every frame may be abandoned: heal. */
  HEALING_UNWIND_SAFE,
  /* They may be abandoned, but leave state behind that may matter later
   * (an object half disposed): heal, and taint the process. */
  HEALING_UNWIND_TAINTS,
  /* A frame owns global state: do not jump, stop the process. */
  HEALING_UNWIND_UNSAFE,
  /* The walk did not reach the trap frame (no unwind information, a
   * corrupt stack, JIT code): safety cannot be shown, stop. */
  HEALING_UNWIND_UNKNOWN,
} HealingUnwindVerdict;

#define HEALING_UNWIND_MAX_PCS 16

/* The reason of the rule for GLib's old logging API (g_logv ()), which
 * taints: the trap describes that taint in its own words. */
#define HEALING_UNWIND_LOG_DEPTH "GLib's old logging API (g_logv): a fault inside it " \
                                 "(a fatal message's abort, a crash in a log handler) " \
                                 "leaves the thread's log recursion depth raised, and " \
                                 "every later old-API message there is taken for a " \
                                 "recursion, which is fatal"

typedef struct {
  HealingUnwindVerdict verdict;
  /* The rule behind the verdict (NULL for SAFE and UNKNOWN): what it is
   * and why. Static strings. */
  const char *rule;
  const char *reason;
  /* The frame that matched the rule. */
  void *rule_pc;
  /* The first return addresses, innermost first. */
  void *pcs[HEALING_UNWIND_MAX_PCS];
  guint n_pcs;
  guint n_frames;
} HealingUnwindReport;

void        healing_unwind_init          (void);
void        healing_unwind_refresh       (void);

void        healing_unwind_classify      (void                *ucontext,
                                          const void          *stop_mark,
                                          HealingUnwindReport *report);

/* Where @pc is, for records: the module's file name and @pc's offset in
 * it. Signal safe (reads the precomputed module table). */
const char *healing_unwind_find_module   (const void          *pc,
                                          gsize               *offset);

/* The exported function whose range holds @pc, if it is one of those the
 * table names. Signal safe. */
const char *healing_unwind_find_function (const void          *pc);

const char *healing_unwind_verdict_name  (HealingUnwindVerdict verdict);

G_END_DECLS
