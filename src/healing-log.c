/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "healing-log.h"
#include "healing-log-private.h"

/*
 * GLib allows one structured log writer per process, and a second
 * g_log_set_writer_func() is fatal. libhealing needs to see every message
 * (GTK logs through the structured API, which the old default handler never
 * sees), so healing_init() installs healing_log_writer(). Applications keep
 * their own writer in one of two ways:
 *
 *  - give it to healing_log_set_writer_chain(): libhealing forwards every
 *    message to it after looking at it;
 *  - or, if they must own the writer, call healing_log_observe() first thing
 *    in theirs (and initialise with HEALING_NO_LOG_WRITER=1 in the
 *    environment so healing_init() leaves the writer alone).
 */

G_LOCK_DEFINE_STATIC (chain);
static GLogWriterFunc chain_func;
static gpointer chain_data;
static GDestroyNotify chain_data_free;

static const char *
find_field (const GLogField *fields,
            gsize            n_fields,
            const char      *key,
            gsize           *length)
{
  gsize i;

  for (i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, key) == 0)
      {
        if (length != NULL)
          *length = fields[i].length;
        return fields[i].value;
      }

  return NULL;
}

static HealingTrapLogAction
observe (GLogLevelFlags   log_level,
         const GLogField *fields,
         gsize            n_fields)
{
  g_autofree char *message = NULL;
  const char *value;
  gsize length = 0;

  /* Outside frames (nearly every message of a process) there is nothing
   * to look at: no field lookups, no copy. */
  if (!healing_trap_is_observing_log ())
    return HEALING_TRAP_LOG_FORWARD;

  value = find_field (fields, n_fields, "MESSAGE", &length);
  if (value != NULL)
    message = (gssize) length < 0 ? g_strdup (value) : g_strndup (value, length);

  return healing_trap_observe_log (log_level, message,
                                   find_field (fields, n_fields,
                                               "GLIB_OLD_LOG_API", NULL) != NULL);
}

/**
 * healing_log_observe:
 * @log_level: (inout): the level of the message; `G_LOG_FLAG_FATAL` is
 *   cleared when the message became a fault
 * @fields: (array length=n_fields): the fields of the message
 * @n_fields: the number of fields
 *
 * Lets libhealing see a log message, for applications that install their own
 * log writer with [func@GLib.log_set_writer_func] and therefore must not let
 * [func@init] install [func@log_writer] (set `HEALING_NO_LOG_WRITER=1` in the
 * environment before calling it): call this first in your writer.
 *
 * A critical (or, where a container asks for it, a warning) logged by code
 * running inside a [class@Container] becomes a fault of that container. Such
 * a message must not abort the process: write it with
 * [func@GLib.log_writer_standard_streams] or your own output, not with
 * [func@GLib.log_writer_default], which applies `G_DEBUG=fatal-criticals`
 * by itself.
 *
 * Returns: `FALSE` if the message is noise libhealing provoked while
 *   cleaning up after a fault and should be dropped, `TRUE` otherwise
 */
gboolean
healing_log_observe (GLogLevelFlags  *log_level,
                     const GLogField *fields,
                     gsize            n_fields)
{
  g_return_val_if_fail (log_level != NULL, TRUE);

  switch (observe (*log_level, fields, n_fields))
    {
    case HEALING_TRAP_LOG_DROP:
      return FALSE;
    case HEALING_TRAP_LOG_FORWARD_NONFATAL:
      *log_level &= ~G_LOG_FLAG_FATAL;
      return TRUE;
    case HEALING_TRAP_LOG_FORWARD:
    default:
      return TRUE;
    }
}

static GLogWriterOutput
write_nonfatal (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields)
{
  /* What g_log_writer_default() does, minus its always-fatal check: a
   * message that became a fault must not also abort the process. */
  if (g_log_writer_is_journald (fileno (stderr)) &&
      g_log_writer_journald (log_level, fields, n_fields, NULL) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_standard_streams (log_level, fields, n_fields, NULL);
}

/**
 * healing_log_writer:
 * @log_level: the level of the message
 * @fields: (array length=n_fields): the fields of the message
 * @n_fields: the number of fields
 * @user_data: unused
 *
 * The structured log writer [func@init] installs. It attributes criticals
 * raised inside a [class@Container] to it (see [func@log_observe]) and hands
 * every message on to the writer set with [func@log_set_writer_chain], or to
 * [func@GLib.log_writer_default].
 *
 * Returns: the result of the writer the message was handed to
 */
GLogWriterOutput
healing_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  HealingTrapLogAction action = observe (log_level, fields, n_fields);
  GLogWriterFunc func;
  gpointer data;

  if (action == HEALING_TRAP_LOG_DROP)
    return G_LOG_WRITER_HANDLED;

  if (action == HEALING_TRAP_LOG_FORWARD_NONFATAL)
    {
      /* Mark the message, so the application's writer (and the journal)
       * can tell it was trapped as a fault. */
      GLogField *marked = g_newa (GLogField, n_fields + 1);

      memcpy (marked, fields, n_fields * sizeof (GLogField));
      marked[n_fields].key = "HEALING_FAULT";
      marked[n_fields].value = "1";
      marked[n_fields].length = -1;
      fields = marked;
      n_fields++;
      log_level &= ~G_LOG_FLAG_FATAL;
    }

  G_LOCK (chain);
  func = chain_func;
  data = chain_data;
  G_UNLOCK (chain);

  if (func != NULL)
    return func (log_level, fields, n_fields, data);

  if (action == HEALING_TRAP_LOG_FORWARD_NONFATAL)
    return write_nonfatal (log_level, fields, n_fields);

  return g_log_writer_default (log_level, fields, n_fields, NULL);
}

/**
 * healing_log_set_writer_chain:
 * @func: (nullable) (scope notified) (closure user_data) (destroy user_data_free):
 *   the application's log writer, or `NULL` for GLib's default writer
 * @user_data: data for @func
 * @user_data_free: (nullable): frees @user_data
 *
 * Sets the writer [func@log_writer] hands every message to, for applications
 * that want their own log writer: GLib allows only one per process, and
 * libhealing's must see every message first.
 *
 * Messages that became faults of a container reach @func without
 * `G_LOG_FLAG_FATAL` and with an extra field `HEALING_FAULT=1`. Write those
 * with [func@GLib.log_writer_standard_streams],
 * [func@GLib.log_writer_journald] or your own output, never with
 * [func@GLib.log_writer_default]: it aborts, inside the writer, on every
 * level in the always-fatal mask (errors always, criticals under
 * `G_DEBUG=fatal-criticals`), and an abort inside a writer leaves GLib's
 * logging broken on that thread.
 */
void
healing_log_set_writer_chain (GLogWriterFunc func,
                              gpointer       user_data,
                              GDestroyNotify user_data_free)
{
  GDestroyNotify old_free;
  gpointer old_data;

  G_LOCK (chain);
  old_free = chain_data_free;
  old_data = chain_data;
  chain_func = func;
  chain_data = user_data;
  chain_data_free = user_data_free;
  G_UNLOCK (chain);

  if (old_free != NULL)
    old_free (old_data);
}

void
healing_log_install_writer (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      if (g_strcmp0 (g_getenv ("HEALING_NO_LOG_WRITER"), "1") != 0)
        g_log_set_writer_func (healing_log_writer, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
