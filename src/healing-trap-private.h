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
#include "healing-watchdog-private.h"

G_BEGIN_DECLS

/*
 * The fault trap: the one place in libhealing that catches faults.
 *
 * Guarded code runs through healing_trap_run() inside a HealingTrapFrame that
 * lives on the caller's stack. Frames form a per-thread LIFO stack. A fatal
 * signal raised while the innermost frame is armed (and not in a main loop
 * its code runs: see "The nested-main-loop rule" in healing-trap.c) jumps
 * back to that frame; a critical logged inside it is counted by the log
 * writer. Anything else takes its normal course.
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
  /* The head: set up for every run (healing_trap_frame_init () and
   * healing_trap_enter ()), a few words, on the path of every guarded
   * call. */
  HealingTrapFrame *prev;
  const char *stack_mark;
  /* Set once sigsetjmp() has returned 0; signals only target armed frames. */
  volatile sig_atomic_t armed;
  /* g_main_depth () on entry, only if healing_trap_depth_on_entry (see
   * "The nested-main-loop rule" in healing-trap.c). */
  guint main_depth;

  /* Options, set by the caller before healing_trap_run(). */
  /* Milliseconds the code may run before it is interrupted as a hang
   * (0: no limit). */
  guint hang_timeout_ms;
  gboolean warnings_are_faults;
  /* Cleanup of code that already faulted: a fault here leaves the object
   * half torn down, which taints. */
  gboolean taints_on_fault;
  /* Kept in the frame, not in locals: they must survive siglongjmp (). */
  gboolean timed;
  guint outer_timeout_ms;
  /* For death records: what runs, as strings that outlive the frame. */
  const char *component;
  const char *phase_name;
  /* The container guarded code runs for (healing-guard-private.h; NULL
   * for other frames), without a reference: the container's dispose
   * clears it in every frame of the thread's stack that names it, and
   * sets owner_gone (healing_trap_forget_owner ()). */
  gpointer owner;
  gboolean owner_gone;
  /* While set (a static string: why), the code in the frame must not be
   * abandoned: a crash there stops the process, and a hang interrupt is
   * refused (the watchdog tries again). For short stretches of library
   * code inside a frame that change state the frame does not own, such as
   * the parent's snapshot. */
  const char * volatile pinned;

  /* Whether the record below is valid: it is cleared only when something
   * is first written to it (healing_trap_frame_note ()), by the log
   * observer, a binding's report or a fault handler. A run that notes
   * nothing, nearly every run, never touches it. */
  volatile sig_atomic_t noted;

  /* Outcome, set by healing_trap_leave () and healing_trap_leave_faulted ()
   * (no need to clear it). */
  HealingTrapOutcome outcome;

  /* The record (valid only when noted). */
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

  /* Last, and never cleared: sigsetjmp () fills it. */
  sigjmp_buf env;
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

/* Takes a container being disposed out of the guarded runs of this thread
 * that name it (frame->owner; healing-guard-private.h). */
void               healing_trap_forget_owner         (gpointer           owner);
/* Before a component id some frames may point at is freed: they get an
 * interned copy. */
void               healing_trap_keep_component       (const char        *component);

/* Process taint, set the moment a tainting fault is caught (signal safe);
 * the runtime reports it. @reason must outlive the process. */
void               healing_trap_taint                (const char        *reason);
gboolean           healing_trap_is_tainted           (void);
const char        *healing_trap_get_taint_reason     (void);

void               healing_trap_push_log_suppression (const char        *prefix);
void               healing_trap_pop_log_suppression  (void);

/* The trap's per-thread state (healing-trap.c). initial-exec TLS: plain
 * %fs-relative loads, safe in signal handlers and cheap on the guard's
 * path. */
#define HEALING_TRAP_TLS __thread __attribute__ ((tls_model ("initial-exec")))

extern HEALING_TRAP_TLS HealingTrapFrame *healing_trap_top;
extern HEALING_TRAP_TLS gboolean healing_trap_thread_ready;
extern HEALING_TRAP_TLS gboolean healing_trap_thread_watched;
/* The thread is ready, watched, and frames need not record their depth:
 * healing_trap_enter () has nothing else to look at. */
extern HEALING_TRAP_TLS gboolean healing_trap_thread_fast;
extern gboolean healing_trap_depth_on_entry;
/* Guarded runs being set up (healing_guard_begin ()), linked through
 * prev: not on the stack yet, but their frame names an owner already, and
 * beginning the guarded action can run application code (property
 * getters). A fault that jumps out of them drops them
 * (healing_trap_leave_faulted ()). */
extern HEALING_TRAP_TLS HealingTrapFrame *healing_trap_beginning;

void               healing_trap_enter_slow           (HealingTrapFrame  *frame);

gboolean           healing_trap_in_nested_loop       (const HealingTrapFrame *frame);

gboolean           healing_trap_leave_faulted        (HealingTrapFrame  *frame);

/*
 * healing_trap_enter:
 * @frame: a frame on the caller's stack, its head set up by
 *   healing_trap_frame_init () (and its options by the caller)
 * @stack_mark: the address of a local variable of the caller
 *
 * healing_trap_run () in pieces, for the guard's fast path, which calls
 * the guarded code directly instead of through a function pointer. The
 * caller, which must stay on the stack for the whole run, does:
 *
 *   char mark;
 *
 *   healing_trap_enter (frame, &mark);
 *   if (sigsetjmp (frame->env, 0) == 0)
 *     {
 *       frame->armed = 1;
 *       ... the guarded code ...
 *       ok = healing_trap_leave (frame);
 *     }
 *   else
 *     ok = healing_trap_leave_faulted (frame);
 *
 * sigsetjmp () cannot be inside an inline function (GCC never inlines a
 * function that calls it), hence the open-coded form.
 */
static inline void
healing_trap_enter (HealingTrapFrame *frame,
                    const char       *stack_mark)
{
  if G_LIKELY (healing_trap_thread_fast)
    frame->timed = frame->hang_timeout_ms > 0;
  else
    healing_trap_enter_slow (frame);

  frame->prev = healing_trap_top;
  frame->stack_mark = stack_mark;
  frame->armed = 0;
  healing_trap_top = frame;

  if (frame->timed)
    frame->outer_timeout_ms = healing_watchdog_enter_timed (frame->hang_timeout_ms);
}

/*
 * healing_trap_leave:
 * @frame: the frame whose code returned
 *
 * The end of a run whose code returned (see healing_trap_enter ()).
 *
 * Returns: TRUE if it logged nothing that is a fault
 */
static inline gboolean
healing_trap_leave (HealingTrapFrame *frame)
{
  frame->armed = 0;
  healing_trap_top = frame->prev;

  if (frame->timed)
    healing_watchdog_leave_timed (frame->outer_timeout_ms);

  if G_UNLIKELY (frame->noted &&
                 (frame->n_criticals > 0 || frame->exception != NULL ||
                  (frame->warnings_are_faults && frame->n_warnings > 0)))
    {
      frame->outcome = HEALING_TRAP_OUTCOME_LOGGED;
      return FALSE;
    }

  frame->outcome = HEALING_TRAP_OUTCOME_OK;
  return TRUE;
}

/*
 * healing_trap_frame_init:
 *
 * Clears the head of @frame (its options; see the struct): its record is
 * cleared only if something is written to it, and its sigjmp_buf is
 * filled by sigsetjmp (). Clearing all of it was a sixth of the cost of
 * a guarded emission. Inline: it is on the path of every guarded call.
 */
static inline void
healing_trap_frame_init (HealingTrapFrame *frame)
{
  memset (frame, 0, G_STRUCT_OFFSET (HealingTrapFrame, outcome));
}

/*
 * healing_trap_frame_note:
 *
 * Makes the record of @frame valid (cleared) before the first thing is
 * written to it. Signal safe: the fault handlers call it too; the record
 * is cleared before it is marked valid, so a fault that interrupts this
 * clears it again, which loses nothing.
 */
static inline void
healing_trap_frame_note (HealingTrapFrame *frame)
{
  const gsize start = G_STRUCT_OFFSET (HealingTrapFrame, signal_number);
  const gsize end = G_STRUCT_OFFSET (HealingTrapFrame, env);

  if (frame->noted)
    return;

  memset ((char *) frame + start, 0, end - start);
  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  frame->noted = 1;
}

G_END_DECLS
