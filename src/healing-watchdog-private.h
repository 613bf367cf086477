/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "healing-unwind-private.h"

G_BEGIN_DECLS

/*
 * The watchdog: a thread that watches the GTK thread for two things.
 *
 * Hangs: the GTK thread stayed inside one frame that has a hang timeout
 * for longer than that timeout. The watchdog interrupts it with
 * HEALING_HANG_SIGNAL; the trap's handler jumps back to the frame, as for
 * a crash, or refuses to if the interrupted code may not be abandoned
 * (inside malloc (), say): then the watchdog tries again a few ms later,
 * and stops the process, with a record, if the code never leaves such a
 * place.
 *
 * Deadlocks no classifier can see (the heartbeat): after any fault the
 * trap unwound, and once the process is tainted, a main loop that stays
 * busy — outside poll, without starting a new iteration — for
 * HEALING_HEARTBEAT_TIMEOUT_MS (default 10000, 0: off) is wedged: the
 * watchdog writes a record and aborts the process.
 *
 * It costs nothing while there is nothing to watch: with no timed frame
 * running and the heartbeat not armed, the thread sleeps on a futex until
 * a timed frame starts. The GTK thread only bumps counters on entering and
 * leaving a timed frame (a system call only to wake a sleeping watchdog),
 * and stores two words per main-loop iteration.
 *
 * Time is measured by the watchdog's own ticks on CLOCK_MONOTONIC, each
 * counted for at most two tick lengths, so a process stopped in a debugger
 * or suspended does not find all its frames expired when it resumes.
 */

typedef struct {
  /* Bumped on every entry to and exit from a timed frame. */
  volatile guint progress;
  /* The timeout of the innermost timed frame, in ms; 0 outside them. */
  volatile guint timeout_ms;
  /* The progress value the watchdog saw when it decided to interrupt. */
  volatile guint interrupt_progress;
  /* Set while the watchdog sleeps with nothing to watch. */
  volatile int sleeping;
} HealingWatchdogState;

extern HealingWatchdogState healing_watchdog_state;

#define HEALING_HANG_SIGNAL (SIGRTMAX - 2)

/* Starts watching the calling thread (once per process; later calls do
 * nothing and return FALSE). */
gboolean healing_watchdog_start             (void);

void     healing_watchdog_wake              (void);

/* Signal safe. */
void     healing_watchdog_arm_heartbeat     (void);
gboolean healing_watchdog_get_heartbeat_armed (void);
void     healing_watchdog_refuse_interrupt  (const char                *component,
                                             const char                *phase,
                                             const void                *pc,
                                             const HealingUnwindReport *report);

/* Called in the signal handler: is this interrupt about the current state
 * of the watched thread, or a stale one that raced with progress? */
static inline gboolean
healing_watchdog_interrupt_is_current (void)
{
  return healing_watchdog_state.interrupt_progress == healing_watchdog_state.progress;
}

/* The GTK thread enters a frame with a timeout; returns the outer one. */
static inline guint
healing_watchdog_enter_timed (guint timeout_ms)
{
  guint outer = healing_watchdog_state.timeout_ms;

  /* Sequentially consistent against the watchdog's "sleeping, then look
   * at timeout_ms": either it sees this timeout, or we see it asleep. */
  __atomic_store_n (&healing_watchdog_state.timeout_ms, timeout_ms, __ATOMIC_SEQ_CST);
  healing_watchdog_state.progress++;
  if G_UNLIKELY (__atomic_load_n (&healing_watchdog_state.sleeping, __ATOMIC_SEQ_CST))
    healing_watchdog_wake ();

  return outer;
}

static inline void
healing_watchdog_leave_timed (guint outer_timeout_ms)
{
  healing_watchdog_state.timeout_ms = outer_timeout_ms;
  healing_watchdog_state.progress++;
}

G_END_DECLS
