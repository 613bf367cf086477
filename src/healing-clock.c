/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-clock.h"

/**
 * HealingClock:
 *
 * The time source of libhealing's timers: circuit breakers and retries.
 *
 * The default clock ([func@Clock.get_default]) reads
 * [func@GLib.get_monotonic_time] and schedules its callbacks with timeouts
 * on the thread-default main context of the thread that schedules them.
 *
 * A virtual clock ([ctor@Clock.new_virtual]) only moves when it is told to,
 * with [method@Clock.advance], which runs the callbacks that fell due, in
 * order. Tests use it to drive breakers and backoff delays through minutes
 * of time in no time, and deterministically; nothing in libhealing sleeps.
 *
 * Times are in microseconds, like [func@GLib.get_monotonic_time]; delays
 * are in milliseconds, like [func@GLib.timeout_add].
 *
 * A clock is used from one thread: the GTK thread.
 */

typedef struct
{
  HealingClock *clock;
  guint id;
  guint64 seq;
  gint64 due;
  HealingClockFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
  GSource *source;
} Timer;

struct _HealingClock
{
  GObject parent_instance;

  gboolean is_virtual;
  gint64 now;

  guint next_id;
  guint64 next_seq;
  /* id → Timer */
  GHashTable *timers;
};

enum {
  PROP_0,
  PROP_IS_VIRTUAL,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingClock, healing_clock, G_TYPE_OBJECT)

static void
timer_free (gpointer data)
{
  Timer *timer = data;

  if (timer->source != NULL)
    {
      g_source_destroy (timer->source);
      g_source_unref (timer->source);
    }

  if (timer->destroy != NULL)
    timer->destroy (timer->user_data);

  g_free (timer);
}

static void
healing_clock_finalize (GObject *object)
{
  HealingClock *self = HEALING_CLOCK (object);

  g_clear_pointer (&self->timers, g_hash_table_unref);

  G_OBJECT_CLASS (healing_clock_parent_class)->finalize (object);
}

static void
healing_clock_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HealingClock *self = HEALING_CLOCK (object);

  switch (prop_id)
    {
    case PROP_IS_VIRTUAL:
      g_value_set_boolean (value, self->is_virtual);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_clock_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HealingClock *self = HEALING_CLOCK (object);

  switch (prop_id)
    {
    case PROP_IS_VIRTUAL:
      self->is_virtual = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_clock_class_init (HealingClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_clock_finalize;
  object_class->get_property = healing_clock_get_property;
  object_class->set_property = healing_clock_set_property;

  /**
   * HealingClock:is-virtual: (getter get_is_virtual)
   *
   * Whether the clock is virtual: it moves only when
   * [method@Clock.advance] is called.
   */
  props[PROP_IS_VIRTUAL] =
    g_param_spec_boolean ("is-virtual", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_clock_init (HealingClock *self)
{
  self->next_id = 1;
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, timer_free);
}

/**
 * healing_clock_get_default:
 *
 * Gets the real clock: the monotonic time and the main loop.
 *
 * Returns: (transfer none): the default clock
 */
HealingClock *
healing_clock_get_default (void)
{
  static HealingClock *clock;

  if (g_once_init_enter (&clock))
    g_once_init_leave (&clock, g_object_new (HEALING_TYPE_CLOCK, NULL));

  return clock;
}

/**
 * healing_clock_new_virtual:
 * @start_time: the time the clock shows at first, in microseconds
 *
 * Creates a clock that moves only when [method@Clock.advance] is called.
 *
 * Returns: (transfer full): a new virtual clock
 */
HealingClock *
healing_clock_new_virtual (gint64 start_time)
{
  HealingClock *self = g_object_new (HEALING_TYPE_CLOCK,
                                     "is-virtual", TRUE,
                                     NULL);

  self->now = start_time;

  return self;
}

/**
 * healing_clock_get_is_virtual: (get-property is-virtual)
 * @self: a clock
 *
 * Gets whether the clock is virtual.
 *
 * Returns: whether the clock is virtual
 */
gboolean
healing_clock_get_is_virtual (HealingClock *self)
{
  g_return_val_if_fail (HEALING_IS_CLOCK (self), FALSE);

  return self->is_virtual;
}

/**
 * healing_clock_get_time:
 * @self: a clock
 *
 * Gets the current time of the clock.
 *
 * Returns: the time, in microseconds
 */
gint64
healing_clock_get_time (HealingClock *self)
{
  g_return_val_if_fail (HEALING_IS_CLOCK (self), 0);

  if (self->is_virtual)
    return self->now;

  return g_get_monotonic_time ();
}

static gboolean
real_timer_cb (gpointer data)
{
  Timer *timer = data;
  HealingClock *self = timer->clock;
  HealingClockFunc func = timer->func;
  gpointer user_data = timer->user_data;
  GDestroyNotify destroy = timer->destroy;

  /* Forget the timer before running it, so the callback may schedule again
   * and cancelling its own id does nothing. */
  timer->destroy = NULL;
  g_clear_pointer (&timer->source, g_source_unref);
  g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->id));

  func (user_data);
  if (destroy != NULL)
    destroy (user_data);

  return G_SOURCE_REMOVE;
}

/**
 * healing_clock_schedule:
 * @self: a clock
 * @delay_ms: the delay, in milliseconds
 * @func: (scope notified) (closure user_data) (destroy destroy): the function
 *   to call
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data after @func ran or the call was
 *   cancelled
 *
 * Calls @func once, when @delay_ms milliseconds have passed on the clock.
 *
 * The default clock uses a timeout on the thread-default main context of
 * the calling thread; a virtual clock runs @func from
 * [method@Clock.advance].
 *
 * Returns: an id for [method@Clock.cancel], never 0
 */
guint
healing_clock_schedule (HealingClock     *self,
                        guint             delay_ms,
                        HealingClockFunc  func,
                        gpointer          user_data,
                        GDestroyNotify    destroy)
{
  Timer *timer;

  g_return_val_if_fail (HEALING_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  timer = g_new0 (Timer, 1);
  timer->clock = self;
  /* Ids wrap after 2^32 calls: skip 0 and any id still pending, which the
   * insertion below would otherwise replace, silently dropping its call. */
  do
    {
      timer->id = self->next_id++;
      if (self->next_id == 0)
        self->next_id = 1;
    }
  while (g_hash_table_contains (self->timers, GUINT_TO_POINTER (timer->id)));
  timer->seq = self->next_seq++;
  timer->due = healing_clock_get_time (self) + (gint64) delay_ms * 1000;
  timer->func = func;
  timer->user_data = user_data;
  timer->destroy = destroy;

  if (!self->is_virtual)
    {
      GMainContext *context = g_main_context_ref_thread_default ();

      timer->source = g_timeout_source_new (delay_ms);
      g_source_set_static_name (timer->source, "[libhealing] clock timer");
      g_source_set_callback (timer->source, real_timer_cb, timer, NULL);
      g_source_attach (timer->source, context);
      g_main_context_unref (context);
    }

  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->id), timer);

  return timer->id;
}

/**
 * healing_clock_cancel:
 * @self: a clock
 * @id: an id returned by [method@Clock.schedule]
 *
 * Cancels a scheduled call that has not run yet; does nothing if it ran
 * already or @id is 0.
 */
void
healing_clock_cancel (HealingClock *self,
                      guint         id)
{
  g_return_if_fail (HEALING_IS_CLOCK (self));

  if (id != 0)
    g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
}

/**
 * healing_clock_get_n_pending:
 * @self: a clock
 *
 * Gets how many scheduled calls have not run yet.
 *
 * Returns: the number of pending calls
 */
guint
healing_clock_get_n_pending (HealingClock *self)
{
  g_return_val_if_fail (HEALING_IS_CLOCK (self), 0);

  return g_hash_table_size (self->timers);
}

static Timer *
find_next_due (HealingClock *self,
               gint64        until)
{
  GHashTableIter iter;
  Timer *best = NULL;
  gpointer value;

  g_hash_table_iter_init (&iter, self->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Timer *timer = value;

      if (timer->due > until)
        continue;

      if (best == NULL || timer->due < best->due ||
          (timer->due == best->due && timer->seq < best->seq))
        best = timer;
    }

  return best;
}

/**
 * healing_clock_advance:
 * @self: a virtual clock
 * @usec: how far to move the clock, in microseconds
 *
 * Moves a virtual clock forward, running every call that falls due on the
 * way, in the order of their due times (and of scheduling, for equal
 * times). While a call runs, the clock shows its due time, so a call that
 * schedules another one inside the span runs that one too.
 */
void
healing_clock_advance (HealingClock *self,
                       gint64        usec)
{
  gint64 until;
  Timer *timer;

  g_return_if_fail (HEALING_IS_CLOCK (self));
  g_return_if_fail (self->is_virtual);
  g_return_if_fail (usec >= 0);

  until = self->now + usec;

  g_object_ref (self);

  while ((timer = find_next_due (self, until)) != NULL)
    {
      HealingClockFunc func = timer->func;
      gpointer user_data = timer->user_data;
      GDestroyNotify destroy = timer->destroy;

      self->now = MAX (self->now, timer->due);

      timer->destroy = NULL;
      g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->id));

      func (user_data);
      if (destroy != NULL)
        destroy (user_data);
    }

  self->now = until;

  g_object_unref (self);
}
