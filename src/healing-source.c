/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-source.h"
#include "healing-guard-private.h"

/*
 * Guarded main-loop callbacks: an idle or timeout source whose callback
 * runs inside the trap, on behalf of a container. The source lives as long
 * as the callback asks for it, or until the container is disposed, or until
 * the callback faults, whichever comes first.
 */

typedef struct {
  GSourceFunc func;
  gpointer data;
  GDestroyNotify notify;

  /* Weak: the container's dispose removes the source. */
  HealingContainer *owner;
  /* Not a reference: the source owns this record as its callback data, so
   * it is alive whenever the record is. */
  GSource *source;
  guint interval;
  gboolean is_timeout;
} SourceRecord;

static void
owner_disposed_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  SourceRecord *record = data;

  record->owner = NULL;

  /* Releases the callback data, hence this record, unless the source is
   * being dispatched right now (then it goes when the dispatch ends). */
  g_source_destroy (record->source);
}

static void
source_record_free (gpointer data)
{
  SourceRecord *record = data;

  if (record->owner != NULL)
    g_object_weak_unref (G_OBJECT (record->owner), owner_disposed_cb, record);

  if (record->notify != NULL)
    record->notify (record->data);

  g_free (record);
}

typedef struct {
  SourceRecord *record;
  gboolean result;
} SourceCall;

static void
source_call_func (gpointer data)
{
  SourceCall *call = data;

  call->result = call->record->func (call->record->data);
}

static char *
describe_origin (SourceRecord *record)
{
  if (record->is_timeout)
    /* Translators: where a fault happened; %u is a number of milliseconds */
    return g_strdup_printf (_("timeout callback (%u ms)"), record->interval);

  /* Translators: where a fault happened */
  return g_strdup (_("idle callback"));
}

static gboolean
source_dispatch_cb (gpointer data)
{
  SourceRecord *record = data;
  SourceCall call = { record, G_SOURCE_REMOVE };
  g_autofree char *origin = NULL;
  HealingGuard guard;

  if G_LIKELY (healing_guard_run (&guard, record->owner, HEALING_PHASE_CALLBACK,
                                 source_call_func, &call))
    return call.result;

  /* A faulted callback never runs again: no fault loop. */
  origin = describe_origin (record);
  healing_guard_fail (&guard, HEALING_PHASE_CALLBACK, record->owner, origin);

  return G_SOURCE_REMOVE;
}

static guint
add_source (GSource          *source,
            HealingContainer *owner,
            int               priority,
            guint             interval,
            gboolean          is_timeout,
            GSourceFunc       func,
            gpointer          data,
            GDestroyNotify    notify)
{
  SourceRecord *record = g_new0 (SourceRecord, 1);
  guint id;

  healing_guard_init ();

  record->func = func;
  record->data = data;
  record->notify = notify;
  record->source = source;
  record->interval = interval;
  record->is_timeout = is_timeout;

  if (owner != NULL)
    {
      record->owner = owner;
      g_object_weak_ref (G_OBJECT (owner), owner_disposed_cb, record);
    }

  if (priority != G_PRIORITY_DEFAULT)
    g_source_set_priority (source, priority);
  g_source_set_static_name (source, is_timeout ? "[libhealing] timeout" : "[libhealing] idle");
  g_source_set_callback (source, source_dispatch_cb, record, source_record_free);
  id = g_source_attach (source, NULL);
  g_source_unref (source);

  return id;
}

/**
 * healing_idle_add_full: (rename-to healing_idle_add)
 * @owner: (nullable): the container the callback works for
 * @priority: the priority of the idle source, typically in the range
 *   between `G_PRIORITY_DEFAULT_IDLE` and `G_PRIORITY_HIGH_IDLE`
 * @func: (scope notified) (closure data) (destroy notify): the callback
 * @data: data to pass to @func
 * @notify: (nullable): called with @data when the source is removed
 *
 * Adds a guarded idle callback to the default main context:
 * [func@GLib.idle_add_full] with @func running inside libhealing's fault
 * trap, on behalf of @owner.
 *
 * The source is removed when @func returns `G_SOURCE_REMOVE`, when it is
 * removed with [func@GLib.Source.remove], when @owner is disposed, or when
 * @func faults: it crashes, logs a critical, or hangs past @owner's
 * [property@Container:hang-timeout]. The fault goes to @owner, in phase
 * [enum@Healing.FaultPhase.callback], and @owner quarantines its child and
 * shows its fallback. Without an owner, a fault is logged as a critical.
 *
 * Call it on the GTK thread only.
 *
 * Returns: the ID of the source, as for [func@GLib.idle_add_full]
 */
guint
healing_idle_add_full (HealingContainer *owner,
                       int               priority,
                       GSourceFunc       func,
                       gpointer          data,
                       GDestroyNotify    notify)
{
  g_return_val_if_fail (owner == NULL || HEALING_IS_CONTAINER (owner), 0);
  g_return_val_if_fail (func != NULL, 0);

  return add_source (g_idle_source_new (), owner, priority, 0, FALSE,
                     func, data, notify);
}

/**
 * healing_idle_add: (skip)
 * @owner: (nullable): the container the callback works for
 * @func: the callback
 * @data: data to pass to @func
 *
 * Adds a guarded idle callback, at `G_PRIORITY_DEFAULT_IDLE`, to the
 * default main context: [func@GLib.idle_add] with @func running inside
 * libhealing's fault trap. See [func@idle_add].
 *
 * Returns: the ID of the source
 */
guint
healing_idle_add (HealingContainer *owner,
                  GSourceFunc       func,
                  gpointer          data)
{
  return healing_idle_add_full (owner, G_PRIORITY_DEFAULT_IDLE, func, data, NULL);
}

/**
 * healing_timeout_add_full: (rename-to healing_timeout_add)
 * @owner: (nullable): the container the callback works for
 * @priority: the priority of the timeout source, typically in the range
 *   between `G_PRIORITY_DEFAULT` and `G_PRIORITY_HIGH`
 * @interval: the time between calls to @func, in milliseconds
 * @func: (scope notified) (closure data) (destroy notify): the callback
 * @data: data to pass to @func
 * @notify: (nullable): called with @data when the source is removed
 *
 * Adds a guarded timeout callback to the default main context:
 * [func@GLib.timeout_add_full] with @func running inside libhealing's fault
 * trap, on behalf of @owner.
 *
 * The source is removed when @func returns `G_SOURCE_REMOVE`, when it is
 * removed with [func@GLib.Source.remove], when @owner is disposed, or when
 * @func faults; see [func@idle_add].
 *
 * Returns: the ID of the source, as for [func@GLib.timeout_add_full]
 */
guint
healing_timeout_add_full (HealingContainer *owner,
                          int               priority,
                          guint             interval,
                          GSourceFunc       func,
                          gpointer          data,
                          GDestroyNotify    notify)
{
  g_return_val_if_fail (owner == NULL || HEALING_IS_CONTAINER (owner), 0);
  g_return_val_if_fail (func != NULL, 0);

  return add_source (g_timeout_source_new (interval), owner, priority,
                     interval, TRUE, func, data, notify);
}

/**
 * healing_timeout_add: (skip)
 * @owner: (nullable): the container the callback works for
 * @interval: the time between calls to @func, in milliseconds
 * @func: the callback
 * @data: data to pass to @func
 *
 * Adds a guarded timeout callback, at `G_PRIORITY_DEFAULT`, to the default
 * main context: [func@GLib.timeout_add] with @func running inside
 * libhealing's fault trap. See [func@timeout_add].
 *
 * Returns: the ID of the source
 */
guint
healing_timeout_add (HealingContainer *owner,
                     guint             interval,
                     GSourceFunc       func,
                     gpointer          data)
{
  return healing_timeout_add_full (owner, G_PRIORITY_DEFAULT, interval,
                                   func, data, NULL);
}
