/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "healing-record-private.h"
#include "healing-trap-private.h"
#include "healing-watchdog-private.h"

HealingWatchdogState healing_watchdog_state;

/* Ticks are short against any sensible hang timeout (hundreds of ms and
 * more), so a hang is caught within timeout + one tick. */
#define TICK_US (50 * 1000)

/* A refused interrupt is tried again this soon... */
#define REFUSED_RETRY_US (5 * 1000)
/* ...for this long (measured by the watchdog's clock, not by round trips,
 * which a loaded machine slows down), then the code is taken to be stuck
 * where it may not be abandoned. */
#define REFUSING_US G_USEC_PER_SEC

#define DEFAULT_HEARTBEAT_TIMEOUT_MS 10000

static pthread_t watched_thread;
static guint heartbeat_timeout_ms = DEFAULT_HEARTBEAT_TIMEOUT_MS;

/* The futex the watchdog sleeps on. */
static volatile int wake_sequence;

static volatile int heartbeat_armed;
/* Written by the heartbeat source on the watched thread's main context:
 * when the loop last came out of poll (0: it is in poll, or never ran),
 * and how many iterations it started. */
static volatile gint64 loop_busy_since;
static volatile guint loop_iterations;

/* The last refused interrupt, written by the handler on the GTK thread and
 * read here once the GTK thread has kept refusing for REFUSING_US. */
static volatile int refusals;
static struct {
  const char *component;
  const char *phase;
  const void *pc;
  HealingUnwindReport report;
} refusal;

static gboolean
heartbeat_prepare (GSource *source,
                   int     *timeout)
{
  (void) source;

  /* GLib calls prepare without holding the context lock; poll follows. */
  loop_busy_since = 0;
  *timeout = -1;
  return FALSE;
}

static gboolean
heartbeat_check (GSource *source)
{
  (void) source;

  loop_iterations++;
  loop_busy_since = g_get_monotonic_time ();
  return FALSE;
}

static GSourceFuncs heartbeat_funcs = {
  heartbeat_prepare, heartbeat_check, NULL, NULL, NULL, NULL,
};

static void
futex_wait (volatile int *word,
            int           value)
{
  syscall (SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

/*
 * healing_watchdog_wake:
 *
 * Wakes a watchdog that sleeps with nothing to watch. Signal safe.
 */
void
healing_watchdog_wake (void)
{
  __atomic_add_fetch (&wake_sequence, 1, __ATOMIC_SEQ_CST);
  syscall (SYS_futex, &wake_sequence, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

void
healing_watchdog_arm_heartbeat (void)
{
  if (heartbeat_armed || heartbeat_timeout_ms == 0)
    return;

  __atomic_store_n (&heartbeat_armed, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n (&healing_watchdog_state.sleeping, __ATOMIC_SEQ_CST))
    healing_watchdog_wake ();
}

gboolean
healing_watchdog_get_heartbeat_armed (void)
{
  return heartbeat_armed != 0;
}

void
healing_watchdog_refuse_interrupt (const char                *component,
                                   const char                *phase,
                                   const void                *pc,
                                   const HealingUnwindReport *report)
{
  refusal.component = component;
  refusal.phase = phase;
  refusal.pc = pc;
  memcpy (&refusal.report, report, sizeof refusal.report);
  __atomic_add_fetch (&refusals, 1, __ATOMIC_SEQ_CST);
}

/* Ends the process from the watchdog thread: the record first, then an
 * abort that no handler of ours turns into anything else. */
static G_NORETURN void
stop_process (const char                *reason,
              const char                *component,
              const char                *phase,
              const void                *pc,
              const HealingUnwindReport *report)
{
  HealingRecord record = { 0, };
  struct sigaction action;

  record.reason = reason;
  record.signal_number = SIGABRT;
  record.pc = pc;
  record.component = component;
  record.phase = phase;
  record.taint = healing_trap_get_taint_reason ();
  if (report != NULL)
    {
      record.unsafe_frame = report->rule;
      record.unsafe_pc = report->rule_pc;
      record.unsafe_reason = report->reason;
      record.pcs = report->pcs;
      record.n_pcs = report->n_pcs;
    }
  healing_record_write (&record);

  memset (&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset (&action.sa_mask);
  sigaction (SIGABRT, &action, NULL);
  abort ();
}

static void
sleep_until_needed (void)
{
  int sequence = __atomic_load_n (&wake_sequence, __ATOMIC_SEQ_CST);

  __atomic_store_n (&healing_watchdog_state.sleeping, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n (&healing_watchdog_state.timeout_ms, __ATOMIC_SEQ_CST) == 0 &&
      !__atomic_load_n (&heartbeat_armed, __ATOMIC_SEQ_CST))
    futex_wait (&wake_sequence, sequence);
  __atomic_store_n (&healing_watchdog_state.sleeping, 0, __ATOMIC_SEQ_CST);
}

static gpointer
watchdog_thread (gpointer data)
{
  gint64 last = g_get_monotonic_time ();
  gint64 stalled = 0;
  gint64 busy = 0;
  guint seen_progress = healing_watchdog_state.progress;
  guint seen_iterations = loop_iterations;
  int seen_refusals = refusals;
  gint64 refusing_since = 0;
  guint refused_progress = 0;
  /* An interrupt was sent again after a refusal: the answer comes within
   * a few ms, look again soon. */
  gboolean retrying = FALSE;
  guint retry_ticks = 0;
  gboolean idle_tick = FALSE;

  (void) data;

  for (;;)
    {
      gint64 now, delta, tick;
      guint progress, timeout_ms, iterations;
      int refused;

      progress = healing_watchdog_state.progress;
      timeout_ms = healing_watchdog_state.timeout_ms;

      /* Nothing ran for a whole tick and nothing is to be watched: sleep
       * until a timed frame starts or the heartbeat is armed. */
      if (timeout_ms == 0 && !heartbeat_armed && progress == seen_progress && idle_tick)
        {
          sleep_until_needed ();
          last = g_get_monotonic_time ();
          stalled = 0;
          seen_progress = healing_watchdog_state.progress;
          idle_tick = FALSE;
          continue;
        }
      idle_tick = timeout_ms == 0 && progress == seen_progress;

      refused = refusals;
      if (refused != seen_refusals || retrying)
        tick = REFUSED_RETRY_US;
      else if (timeout_ms != 0 || !heartbeat_armed)
        tick = TICK_US;
      else
        tick = CLAMP ((gint64) heartbeat_timeout_ms * 1000 / 8, TICK_US, G_USEC_PER_SEC);

      g_usleep (tick);

      now = g_get_monotonic_time ();
      /* A stopped or suspended process resumes with a huge delta: count it
       * as two ticks at most. */
      delta = MIN (now - last, 2 * tick);
      last = now;

      /* The heartbeat. */
      iterations = loop_iterations;
      if (heartbeat_armed && loop_busy_since != 0 && iterations == seen_iterations)
        {
          busy += delta;
          if (busy >= (gint64) heartbeat_timeout_ms * 1000)
            {
              static const char say[] =
                "libhealing: the GTK main loop has not turned for the heartbeat "
                "timeout after a fault: the process is wedged (a lock left held, "
                "a deadlock); stopping it\n";

              if (write (STDERR_FILENO, say, sizeof say - 1) < 0)
                {
                  /* Nothing else to try. */
                }
              stop_process ("wedged", NULL, NULL, NULL, NULL);
            }
        }
      else
        {
          busy = 0;
          seen_iterations = iterations;
        }

      /* Hangs: an interrupt the handler refused is tried again soon. */
      progress = healing_watchdog_state.progress;
      refused = refusals;
      if (refused != seen_refusals)
        {
          seen_refusals = refused;
          retrying = FALSE;
          /* The code moved on by itself. */
          if (progress != healing_watchdog_state.interrupt_progress)
            continue;

          if (progress != refused_progress || refusing_since == 0)
            {
              refused_progress = progress;
              refusing_since = now;
            }
          if (now - refusing_since >= REFUSING_US)
            stop_process ("hang-unsafe", refusal.component, refusal.phase,
                          refusal.pc, &refusal.report);

          retrying = TRUE;
          retry_ticks = 0;
          pthread_kill (watched_thread, HEALING_HANG_SIGNAL);
          continue;
        }

      /* No refusal after a retry: the interrupt was taken (the frame
       * jumped), the code moved on, or it is slow to answer: back to the
       * normal tick after a while. */
      if (retrying && (progress != healing_watchdog_state.interrupt_progress ||
                       ++retry_ticks > 20))
        {
          retrying = FALSE;
          retry_ticks = 0;
        }

      timeout_ms = healing_watchdog_state.timeout_ms;
      if (timeout_ms == 0 || progress != seen_progress)
        {
          seen_progress = progress;
          stalled = 0;
          continue;
        }

      stalled += delta;
      if (stalled < (gint64) timeout_ms * 1000)
        continue;

      stalled = 0;
      healing_watchdog_state.interrupt_progress = progress;
      pthread_kill (watched_thread, HEALING_HANG_SIGNAL);
    }

  return NULL;
}

gboolean
healing_watchdog_start (void)
{
  static gsize started = 0;
  gboolean ours = FALSE;

  if (g_once_init_enter (&started))
    {
      const char *value = g_getenv ("HEALING_HEARTBEAT_TIMEOUT_MS");
      GSource *heartbeat;

      if (value != NULL && *value != '\0')
        {
          guint64 parsed;

          if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &parsed, NULL))
            heartbeat_timeout_ms = parsed;
        }

      watched_thread = pthread_self ();
      ours = TRUE;

      heartbeat = g_source_new (&heartbeat_funcs, sizeof (GSource));
      g_source_set_static_name (heartbeat, "[libhealing] main loop heartbeat");
      g_source_attach (heartbeat, g_main_context_default ());
      g_source_unref (heartbeat);

      g_thread_unref (g_thread_new ("healing-watchdog", watchdog_thread, NULL));

      g_once_init_leave (&started, 1);
    }

  return ours;
}
