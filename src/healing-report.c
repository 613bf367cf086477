/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-report-private.h"
#include "healing-fault-private.h"
#include "healing-trap-private.h"

/*
 * Faults that language bindings report: an exception that escaped
 * application code (a Python vfunc, a JavaScript signal handler) is not a
 * signal and, in Python, not a log message either: PyGObject prints it and
 * returns a default value to C. The binding's hook (the Python override's
 * sys.excepthook, the GJS module's wrappers) tells the innermost trap frame
 * about it here, and the frame then ends as faulted, exactly as if the code
 * had logged a critical inside it: the same container, the same policy, the
 * same quarantine of the widget.
 */

/* What one record may hold, in bytes: a runaway traceback (a RecursionError
 * prints a thousand frames) must not swamp the fault log. */
#define MAX_TYPE_NAME 256
#define MAX_MESSAGE (4 * 1024)
#define MAX_TRACEBACK (64 * 1024)

/* A copy of @text that is valid UTF-8 and at most @max bytes long, cut at a
 * character boundary. */
static char *
bounded_utf8 (const char *text,
              gsize       max)
{
  g_autofree char *valid = NULL;
  g_autofree char *head = NULL;
  const char *end;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (strlen (valid) <= max)
    return g_steal_pointer (&valid);

  /* The start of the character at byte @max: everything before it fits. */
  end = g_utf8_find_prev_char (valid, valid + max + 1);
  head = g_strndup (valid, end - valid);

  /* Translators: appended to a message or traceback that was cut short */
  return g_strconcat (head, _(" […]"), NULL);
}

/**
 * healing_report_current_fault:
 * @type_name: (nullable): the type of the exception, such as `ValueError`
 * @message: (nullable): what the exception says
 * @traceback: (nullable): where it was raised: the formatted traceback or
 *   JavaScript stack
 *
 * Reports that the guarded code running right now failed with an
 * exception: the entry point for language bindings, whose exceptions are
 * neither signals nor, in every language, log messages.
 *
 * The innermost active trap frame of the calling thread (a widget's
 * measure, allocate or snapshot inside a [class@Container], a handler
 * connected with [func@signal_connect_closure] or through
 * [class@BuilderScope], a callback of [func@idle_add] or
 * [func@timeout_add]) ends as faulted once the code returns, exactly as if
 * it had logged a critical: the fault, of kind
 * [enum@Healing.FaultKind.error] and with @type_name, @message and
 * @traceback in the record ([method@Fault.get_exception_type],
 * [method@Fault.get_traceback]), goes through the owner's policy, the
 * widget is quarantined and its fallback shown, or the handler is
 * disconnected.
 *
 * Only the first report of a frame is kept. A native crash in the same run
 * takes precedence over it.
 *
 * The Python override and the GJS module of libhealing call this for you
 * (see the README); call it yourself from other bindings, or from a
 * `sys.excepthook` of your own.
 *
 * Returns: `TRUE` if a frame took the report; `FALSE` if no guarded code
 *   is running on this thread (the exception then concerns no container)
 */
gboolean
healing_report_current_fault (const char *type_name,
                              const char *message,
                              const char *traceback)
{
  HealingTrapFrame *frame = healing_trap_get_current_frame ();
  HealingReportedException *exception;

  /* The same test as for a logged critical: the frame's own code, not a
   * nested main loop it happens to run. */
  if (frame == NULL || !frame->armed || healing_trap_in_nested_loop (frame))
    return FALSE;

  healing_trap_frame_note (frame);
  if (frame->exception != NULL)
    return TRUE;

  exception = g_new0 (HealingReportedException, 1);
  exception->type_name = bounded_utf8 (type_name != NULL && *type_name != '\0' ?
                                       type_name : NULL, MAX_TYPE_NAME);
  exception->message = bounded_utf8 (message != NULL ? message : "", MAX_MESSAGE);
  exception->traceback = bounded_utf8 (traceback != NULL && *traceback != '\0' ?
                                       traceback : NULL, MAX_TRACEBACK);
  frame->exception = exception;

  return TRUE;
}

void
healing_reported_exception_free (HealingReportedException *exception)
{
  if (exception == NULL)
    return;

  g_free (exception->type_name);
  g_free (exception->message);
  g_free (exception->traceback);
  g_free (exception);
}

/*
 * healing_reported_exception_to_fault:
 *
 * The fault record of a frame that ended with a reported exception: kind
 * error, the message as the language prints it (“ValueError: snap”), the
 * type and the traceback on their own.
 */
HealingFault *
healing_reported_exception_to_fault (const HealingReportedException *exception,
                                     HealingFaultPhase               phase,
                                     const char                     *component_id,
                                     const char                     *origin)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (exception != NULL, NULL);

  if (exception->type_name != NULL && *exception->message != '\0')
    message = g_strdup_printf ("%s: %s", exception->type_name, exception->message);
  else if (exception->type_name != NULL)
    message = g_strdup (exception->type_name);
  else
    message = g_strdup (exception->message);

  return healing_fault_new_for_exception (phase, exception->type_name, message,
                                          exception->traceback, component_id,
                                          origin);
}
