/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-fault-private.h"

const char * const healing_fault_phase_names[] = {
  [HEALING_PHASE_MEASURE] = "measure",
  [HEALING_PHASE_ALLOCATE] = "allocate",
  [HEALING_PHASE_SNAPSHOT] = "snapshot",
  [HEALING_PHASE_HANDLER] = "handler",
  [HEALING_PHASE_CALLBACK] = "callback",
  [HEALING_PHASE_REPORTED] = "reported",
  [HEALING_PHASE_CLEANUP] = "cleanup",
};

/**
 * HealingFault:
 *
 * One fault trapped by libhealing: what went wrong, where, and when.
 *
 * A fault is an immutable, reference-counted record. Containers emit it with
 * [signal@Container::fault] and keep the latest in
 * [property@Container:last-fault].
 *
 * The kind says what went wrong ([enum@Healing.FaultKind]), the phase where
 * ([enum@Healing.FaultPhase]). A crash carries its signal number, a reported
 * error its `GError` domain and code, an exception a language binding
 * reported ([func@report_current_fault]) its type and traceback. The time is the monotonic clock
 * ([func@GLib.get_monotonic_time]) when the fault was trapped.
 */
struct _HealingFault
{
  gatomicrefcount ref_count;

  HealingFaultKind kind;
  HealingFaultPhase phase;
  int signal_number;
  GQuark error_domain;
  int error_code;
  char *message;
  char *component_id;
  char *origin;
  gint64 time;
  gboolean taints_process;
  /* A language binding's exception: its type and where it was raised. */
  char *exception_type;
  char *traceback;
  /* The journal undid the faulting action (healing-journal.c). */
  gboolean action_undone;
};

G_DEFINE_BOXED_TYPE (HealingFault, healing_fault,
                     healing_fault_ref, healing_fault_unref)

static HealingFault *
fault_alloc (HealingFaultKind   kind,
             HealingFaultPhase  phase,
             const char        *message,
             const char        *component_id,
             const char        *origin)
{
  HealingFault *self = g_new0 (HealingFault, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->phase = phase;
  self->message = g_strdup (message != NULL ? message : "");
  self->component_id = g_strdup (component_id);
  self->origin = g_strdup (origin);
  self->time = g_get_monotonic_time ();

  return self;
}

HealingFault *
healing_fault_new (HealingFaultKind   kind,
                   HealingFaultPhase  phase,
                   int                signal_number,
                   const char        *message,
                   const char        *component_id,
                   const char        *origin,
                   gboolean           taints_process)
{
  HealingFault *self = fault_alloc (kind, phase, message, component_id, origin);

  self->signal_number = signal_number;
  self->taints_process = !!taints_process;

  return self;
}

/**
 * healing_fault_new_for_error:
 * @error: the error the application detected
 * @component_id: (nullable): the component the error belongs to
 *
 * Creates a fault of kind [enum@Healing.FaultKind.error] and phase
 * [enum@Healing.FaultPhase.reported] from a `GError`.
 *
 * Returns: (transfer full): a new fault
 */
HealingFault *
healing_fault_new_for_error (const GError *error,
                             const char   *component_id)
{
  HealingFault *self;

  g_return_val_if_fail (error != NULL, NULL);

  self = fault_alloc (HEALING_FAULT_ERROR, HEALING_PHASE_REPORTED,
                      error->message, component_id, NULL);
  self->error_domain = error->domain;
  self->error_code = error->code;

  return self;
}

HealingFault *
healing_fault_new_for_exception (HealingFaultPhase  phase,
                                 const char        *exception_type,
                                 const char        *message,
                                 const char        *traceback,
                                 const char        *component_id,
                                 const char        *origin)
{
  HealingFault *self = fault_alloc (HEALING_FAULT_ERROR, phase, message,
                                    component_id, origin);

  self->exception_type = g_strdup (exception_type);
  self->traceback = g_strdup (traceback);

  return self;
}

/**
 * healing_fault_ref:
 * @self: a fault
 *
 * Acquires a reference on @self.
 *
 * Returns: (transfer full): @self
 */
HealingFault *
healing_fault_ref (HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * healing_fault_unref:
 * @self: (transfer full): a fault
 *
 * Releases a reference on @self, freeing it when the last one is gone.
 */
void
healing_fault_unref (HealingFault *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->message);
  g_free (self->component_id);
  g_free (self->origin);
  g_free (self->exception_type);
  g_free (self->traceback);
  g_free (self);
}

/**
 * healing_fault_get_kind:
 * @self: a fault
 *
 * Gets what went wrong.
 *
 * Returns: the kind of fault
 */
HealingFaultKind
healing_fault_get_kind (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, HEALING_FAULT_CRASH);

  return self->kind;
}

/**
 * healing_fault_get_phase:
 * @self: a fault
 *
 * Gets where the fault happened.
 *
 * Returns: the phase
 */
HealingFaultPhase
healing_fault_get_phase (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, HEALING_PHASE_REPORTED);

  return self->phase;
}

/**
 * healing_fault_get_signal:
 * @self: a fault
 *
 * Gets the signal number of a crash or a hang.
 *
 * Returns: the signal number, or 0 if no signal was involved
 */
int
healing_fault_get_signal (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->signal_number;
}

/**
 * healing_fault_get_error_domain:
 * @self: a fault
 *
 * Gets the `GError` domain of a reported error.
 *
 * Returns: the error domain, or 0 for faults that are not errors
 */
GQuark
healing_fault_get_error_domain (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_domain;
}

/**
 * healing_fault_get_error_code:
 * @self: a fault
 *
 * Gets the `GError` code of a reported error.
 *
 * Returns: the error code, or 0 for faults that are not errors
 */
int
healing_fault_get_error_code (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_code;
}

/**
 * healing_fault_get_message:
 * @self: a fault
 *
 * Gets the description of the fault: the log message of a critical, the
 * error message of a reported error, or a description of the signal.
 *
 * Returns: (transfer none): the message
 */
const char *
healing_fault_get_message (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->message;
}

/**
 * healing_fault_get_component_id:
 * @self: a fault
 *
 * Gets the component the fault was attributed to.
 *
 * Returns: (transfer none) (nullable): the component id
 */
const char *
healing_fault_get_component_id (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->component_id;
}

/**
 * healing_fault_get_origin:
 * @self: a fault
 *
 * Gets the code that faulted, as far as libhealing knows it: the type of
 * the widget, or the signal and handler.
 *
 * Returns: (transfer none) (nullable): the origin
 */
const char *
healing_fault_get_origin (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->origin;
}

/**
 * healing_fault_get_time:
 * @self: a fault
 *
 * Gets the monotonic time, in microseconds, when the fault was trapped.
 *
 * Returns: the time, comparable with [func@GLib.get_monotonic_time]
 */
gint64
healing_fault_get_time (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->time;
}

/**
 * healing_fault_get_taints_process:
 * @self: a fault
 *
 * Gets whether recovering from this fault left the process in a state
 * libhealing cannot vouch for: a hang interrupted while it may have held a
 * lock, or an old-API `g_error()` that left GLib's logging broken on its
 * thread. See [property@Runtime:tainted].
 *
 * Returns: whether the fault taints the process
 */
gboolean
healing_fault_get_taints_process (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->taints_process;
}

void
healing_fault_set_action_undone (HealingFault *self,
                                 gboolean      undone)
{
  g_return_if_fail (self != NULL);

  self->action_undone = !!undone;
}

gboolean
healing_fault_get_action_undone (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->action_undone;
}

/**
 * healing_fault_get_exception_type:
 * @self: a fault
 *
 * Gets the type of the exception of a fault a language binding reported
 * with [func@report_current_fault], such as `ZeroDivisionError` or
 * `TypeError`.
 *
 * Returns: (transfer none) (nullable): the exception type, or `NULL` for
 *   faults that are not exceptions
 */
const char *
healing_fault_get_exception_type (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->exception_type;
}

/**
 * healing_fault_get_traceback:
 * @self: a fault
 *
 * Gets where the exception of a fault a language binding reported was
 * raised: the Python traceback or the JavaScript stack, as the binding
 * formatted it.
 *
 * Returns: (transfer none) (nullable): the traceback, or `NULL` if there
 *   is none
 */
const char *
healing_fault_get_traceback (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->traceback;
}

static const char *
kind_to_string (HealingFaultKind kind)
{
  switch (kind)
    {
    case HEALING_FAULT_CRASH:
      /* Translators: a kind of fault */
      return _("Crash");
    case HEALING_FAULT_CRITICAL:
      /* Translators: a kind of fault: a GLib critical warning */
      return _("Critical error");
    case HEALING_FAULT_WARNING:
      /* Translators: a kind of fault */
      return _("Warning");
    case HEALING_FAULT_HANG:
      /* Translators: a kind of fault: the code stopped responding */
      return _("Hang");
    case HEALING_FAULT_ERROR:
      /* Translators: a kind of fault: reported by the application */
      return _("Error");
    default:
      g_assert_not_reached ();
    }
}

static const char *
phase_to_string (HealingFaultPhase phase)
{
  switch (phase)
    {
    case HEALING_PHASE_MEASURE:
      /* Translators: where a fault happened */
      return _("while measuring");
    case HEALING_PHASE_ALLOCATE:
      /* Translators: where a fault happened */
      return _("while laying out");
    case HEALING_PHASE_SNAPSHOT:
      /* Translators: where a fault happened */
      return _("while drawing");
    case HEALING_PHASE_HANDLER:
      /* Translators: where a fault happened */
      return _("in a signal handler");
    case HEALING_PHASE_CALLBACK:
      /* Translators: where a fault happened */
      return _("in a callback");
    case HEALING_PHASE_REPORTED:
      /* Translators: where a fault happened */
      return _("reported by the application");
    case HEALING_PHASE_CLEANUP:
      /* Translators: where a fault happened: while a widget that had
       * already faulted was being taken down */
      return _("while cleaning up after a fault");
    default:
      g_assert_not_reached ();
    }
}

/**
 * healing_fault_to_string:
 * @self: a fault
 *
 * Describes the fault in one translated line, for people: kind, phase and
 * message.
 *
 * Returns: (transfer full): the description
 */
char *
healing_fault_to_string (const HealingFault *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* Translators: 1: a kind of fault, 2: where it happened, 3: details */
  return g_strdup_printf (_("%1$s %2$s: %3$s"),
                          kind_to_string (self->kind),
                          phase_to_string (self->phase),
                          self->message);
}
