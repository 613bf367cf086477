/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Death records: what libhealing writes when it stops the process itself
 * (an unwind it refused, a crash outside every container, a wedged main
 * loop), so that whoever restarts the process can say what happened.
 *
 * Written with write (2) only, from a buffer on the stack, formatted by
 * hand: it runs in signal handlers and on a thread that may race a wedged
 * GTK thread holding the allocator's lock. One write of at most
 * HEALING_RECORD_MAX bytes (atomic on a pipe), to the descriptor named by
 * HEALING_RECORD_FD at init, and a copy to stderr.
 *
 * Format, version 1:
 *
 *   libhealing-record 1
 *   reason=unsafe-unwind        (no-frame, wedged, hang-unsafe)
 *   pid=1234
 *   time=1764578000             (unix seconds)
 *   signal=6
 *   signal_name=ABRT
 *   code=-6
 *   address=0x0
 *   pc=0x7f...
 *   component=StockTicker       (may be empty)
 *   phase=snapshot              (may be empty)
 *   unsafe_frame=free libc.so.6+0x9a0f0
 *   unsafe_reason=glibc's allocator: ...
 *   taint=...                   (may be empty)
 *   frame=0x7f... libc.so.6+0x8a1b2 free      (up to 16)
 *   <empty line>
 */

#define HEALING_RECORD_MAX 4096

typedef struct {
  const char *reason;
  int signal_number;
  int code;
  const void *address;
  const void *pc;
  const char *component;
  const char *phase;
  const char *unsafe_frame;
  const void *unsafe_pc;
  const char *unsafe_reason;
  const char *taint;
  void * const *pcs;
  guint n_pcs;
} HealingRecord;

void healing_record_init  (void);
void healing_record_write (const HealingRecord *record);

G_END_DECLS
