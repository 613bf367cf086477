/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The hang watchdog: a thread that notices when the GTK thread has stayed
 * inside one frame that has a hang timeout for longer than that timeout, and
 * interrupts it with HEALING_HANG_SIGNAL. The trap's handler for that signal
 * then jumps back to the frame, as for a crash.
 *
 * The GTK thread only bumps two counters on entering and leaving a timed
 * frame: no system call, no lock (see ../shared/notes/faults.md §4).
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
} HealingWatchdogState;

extern HealingWatchdogState healing_watchdog_state;

#define HEALING_HANG_SIGNAL (SIGRTMAX - 2)

/* Starts watching the calling thread (once per process; later calls do
 * nothing and return FALSE). */
gboolean healing_watchdog_start          (void);

/* Called in the signal handler: is this interrupt about the current state
 * of the watched thread, or a stale one that raced with progress? */
static inline gboolean
healing_watchdog_interrupt_is_current (void)
{
  return healing_watchdog_state.interrupt_progress == healing_watchdog_state.progress;
}

G_END_DECLS
