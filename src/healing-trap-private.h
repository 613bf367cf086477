/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include <glib.h>

#include "healing-fault.h"
#include "healing-report-private.h"

G_BEGIN_DECLS

/*
 * The fault trap: the one place in libhealing that catches faults.
 *
 * Guarded code runs through healing_trap_run() inside a HealingTrapFrame that
 * lives on the caller's stack. Frames form a per-thread LIFO stack. A fatal
 * signal raised while the innermost frame is armed (and was entered at the
 * current main-loop depth) jumps back to that frame; a critical logged inside
 * it is counted by the log writer. Anything else takes its normal course.
 *
 * Before it jumps, the signal handler walks the interrupted stack up to the
 * frame (healing-unwind.c): if a frame on the way owns global state (the
 * allocator, a signal emission, a property change, class init, a language
 * runtime), it does not jump. It writes a death record
 * (healing-record.c) and lets the signal take its normal course: the
 * process stops as it would have without libhealing.
 *
 * Rules:
 *  - a frame wraps only the untrusted code, never GLib or GTK machinery that
 *    keeps global state across the call;
 *  - the writer never jumps;
 *  - a frame is never reused while it is on the stack;
 *  - nothing in the handlers allocates, locks or translates.
 */

typedef struct _HealingTrapFrame HealingTrapFrame;

typedef void (*HealingTrapFunc) (gpointer data);

typedef enum {
  HEALING_TRAP_OUTCOME_OK,
  HEALING_TRAP_OUTCOME_SIGNAL,
  HEALING_TRAP_OUTCOME_LOGGED,
  HEALING_TRAP_OUTCOME_HANG,
} HealingTrapOutcome;

struct _HealingTrapFrame
{
  HealingTrapFrame *prev;
  sigjmp_buf env;

  /* Set once sigsetjmp() has returned 0; signals only target armed frames. */
  volatile sig_atomic_t armed;
  guint main_depth;
  gboolean timed;
  guint outer_timeout_ms;
  const char *stack_mark;

  /* Options, set by the caller before healing_trap_run(). */
  gboolean warnings_are_faults;
  /* Cleanup of code that already faulted: a fault here leaves the object
   * half torn down, which taints. */
  gboolean taints_on_fault;
  /* For death records: what runs, as strings that outlive the frame. */
  const char *component;
  const char *phase_name;
  /* Milliseconds the code may run before it is interrupted as a hang
   * (0: no limit). */
  guint hang_timeout_ms;

  /* Outcome. */
  HealingTrapOutcome outcome;
  volatile int signal_number;
  volatile int signal_code;
  void * volatile fault_address;
  void * volatile interrupted_pc;
  volatile gboolean hung;
  volatile gboolean stack_overflow;
  guint n_criticals;
  guint n_warnings;
  GLogLevelFlags first_level;
  char *first_message;
  char *taint_reason;
  /* Why abandoning the frames taints, from the unwind rules (static). */
  const char *unwind_taint;
  /* The first exception a language binding reported inside the frame
   * (healing_report_current_fault ()): a fault like a critical. */
  HealingReportedException *exception;
};

void               healing_trap_init                 (void);

void               healing_trap_frame_clear          (HealingTrapFrame  *frame);

gboolean           healing_trap_run                  (HealingTrapFrame  *frame,
                                                      HealingTrapFunc    func,
                                                      gpointer           data);

HealingFault      *healing_trap_frame_to_fault       (HealingTrapFrame  *frame,
                                                      HealingFaultPhase  phase,
                                                      const char        *component_id,
                                                      const char        *origin);

HealingTrapFrame  *healing_trap_get_current_frame    (void);

/* Process taint, set the moment a tainting fault is caught (signal safe);
 * the runtime reports it. @reason must outlive the process. */
void               healing_trap_taint                (const char        *reason);
gboolean           healing_trap_is_tainted           (void);
const char        *healing_trap_get_taint_reason     (void);

void               healing_trap_push_log_suppression (const char        *prefix);
void               healing_trap_pop_log_suppression  (void);

/*
 * healing_trap_frame_init:
 *
 * Zeroes @frame, except its sigjmp_buf, which sigsetjmp () fills anyway:
 * clearing those 200 bytes was a sixth of the cost of a guarded emission.
 * Inline: it is on the path of every guarded call.
 */
static inline void
healing_trap_frame_init (HealingTrapFrame *frame)
{
  const gsize env_start = G_STRUCT_OFFSET (HealingTrapFrame, env);
  const gsize env_end = env_start + sizeof (sigjmp_buf);

  memset (frame, 0, env_start);
  memset ((char *) frame + env_end, 0, sizeof (HealingTrapFrame) - env_end);
}

G_END_DECLS
