/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "healing-watchdog-private.h"

HealingWatchdogState healing_watchdog_state;

/* Ticks are short against any sensible hang timeout (hundreds of ms and
 * more), so a hang is caught within timeout + one tick. */
#define TICK_US (50 * 1000)

/* How long the main loop may stay silent after an interrupt before the
 * watchdog assumes the interrupted code left a lock held. */
#define REVIVAL_US (5 * G_USEC_PER_SEC)

static pthread_t watched_thread;

/* Written by a source on the watched thread's main context every time the
 * loop prepares an iteration; read by the watchdog. */
static volatile gint64 loop_heartbeat;
static volatile gint64 interrupt_time;

static gboolean
heartbeat_prepare (GSource *source,
                   int     *timeout)
{
  /* GLib calls prepare without holding the context lock. */
  loop_heartbeat = g_source_get_time (source);
  *timeout = -1;
  return FALSE;
}

static GSourceFuncs heartbeat_funcs = {
  heartbeat_prepare, NULL, NULL, NULL, NULL, NULL,
};

static void
say_loudly (const char *message)
{
  /* No GLib logging here: the interrupted thread may hold its locks. */
  if (write (STDERR_FILENO, message, strlen (message)) < 0)
    return;
}

static gpointer
watchdog_thread (gpointer data)
{
  gint64 last = g_get_monotonic_time ();
  gint64 stalled = 0;
  guint seen_progress = healing_watchdog_state.progress;
  gboolean revival_pending = FALSE;

  for (;;)
    {
      gint64 now, delta;
      guint progress, timeout_ms;

      g_usleep (TICK_US);

      now = g_get_monotonic_time ();
      /* A stopped or suspended process resumes with a huge delta: count it
       * as two ticks at most. */
      delta = MIN (now - last, 2 * TICK_US);
      last = now;

      if (revival_pending && loop_heartbeat > interrupt_time)
        revival_pending = FALSE;
      else if (revival_pending && now - interrupt_time > REVIVAL_US)
        {
          say_loudly ("libhealing: the GTK main loop has not come back to "
                      "life 5 s after a hang was interrupted: the "
                      "interrupted code probably left a lock held. The "
                      "process is deadlocked; restart it.\n");
          revival_pending = FALSE;
        }

      progress = healing_watchdog_state.progress;
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
      interrupt_time = now;
      revival_pending = TRUE;
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
      GSource *heartbeat;

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
