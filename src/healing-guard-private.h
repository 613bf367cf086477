/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <string.h>

#include <gtk/gtk.h>

#include "healing-action-private.h"
#include "healing-container.h"
#include "healing-container-private.h"
#include "healing-fault.h"
#include "healing-fault-private.h"
#include "healing-trap-private.h"

G_BEGIN_DECLS

/*
 * Guarded runs of application code that is not rendering: signal handlers
 * (HealingSignal, HealingBuilderScope) and main-loop callbacks
 * (HealingSource). One run is:
 *
 *   HealingGuard guard;
 *
 *   if (healing_guard_run (&guard, owner, phase, func, data))
 *     ... fine ...
 *   else
 *     healing_guard_fail (&guard, phase, owner_now, origin);
 *
 * healing_guard_run() takes the hang timeout and the warning policy from
 * @owner and brackets the run with healing_action_begin/commit/abort()
 * when there is an owner. On a fault, healing_guard_fail() builds the
 * fault record and hands it to the owner that is current at fault time
 * (widgets move), or to the process-wide unowned record, which logs a
 * critical.
 *
 * The guard holds no reference on its owner (a ref and an unref were a
 * third of an owned emission's cost): the owner is in the guard's trap
 * frame (frame.owner), and the frames of guarded code form the thread's
 * stack (healing_trap_top), which is trimmed when a fault jumps out of
 * nested frames and holds the frames below a nested main loop. A
 * container being disposed, possibly by the code it owns, walks that
 * stack and takes itself out of every frame that names it
 * (healing_trap_forget_owner ()), so nothing after the run (commit,
 * abort, the fault's record) touches it. Containers are GTK-thread
 * objects, and so are guarded runs: the stack of the thread that disposes
 * one is the only one that can name it.
 */

typedef struct {
  /* First: frame.owner is the guard's owner. */
  HealingTrapFrame frame;
  gpointer token;
} HealingGuard;

/* The hang timeout of code no container owns; set by healing_guard_init(). */
extern guint healing_guard_unowned_hang_timeout;

void              healing_guard_init                 (void);

void              healing_guard_fail                 (HealingGuard       *guard,
                                                      HealingFaultPhase   phase,
                                                      HealingContainer   *owner,
                                                      const char         *origin);

HealingContainer *healing_guard_find_widget_owner    (GtkWidget          *widget);
HealingContainer *healing_guard_find_instance_owner  (gpointer            instance);

/* The unowned record: faults caught in guarded code that no container
 * owns. For tests and the inspector. */
guint             healing_guard_get_n_unowned_faults (void);
HealingFault     *healing_guard_dup_last_unowned_fault (void);

/*
 * healing_guard_begin:
 * @guard: an uninitialised guard on the caller's stack
 * @owner: (nullable): the container the code runs for
 * @phase: what kind of code it is (handler, callback), for death records
 *
 * The first half of healing_guard_run (), for callers that open-code the
 * trap (see healing_trap_enter ()): sets up the frame from @owner and
 * begins the guarded action.
 */
static inline void
healing_guard_begin (HealingGuard      *guard,
                     HealingContainer  *owner,
                     HealingFaultPhase  phase)
{
  HealingTrapFrame *frame = &guard->frame;

  /* The frame's head, field by field (healing_trap_frame_init () without
   * the memset): healing_trap_enter () sets the rest. */
  frame->phase_name = healing_fault_phase_names[phase];
  frame->taints_on_fault = FALSE;
  frame->noted = 0;
  frame->owner = owner;
  frame->owner_gone = FALSE;
  frame->pinned = NULL;

  if G_LIKELY (owner == NULL)
    {
      frame->hang_timeout_ms = healing_guard_unowned_hang_timeout;
      frame->warnings_are_faults = FALSE;
      frame->component = NULL;
      guard->token = NULL;
    }
  else
    {
      healing_container_get_guard_options (owner, &frame->hang_timeout_ms,
                                           &frame->warnings_are_faults,
                                           &frame->component);
      /* Beginning the action may run application code (the live capture
       * reads properties) before the frame is on the stack: a container
       * disposed meanwhile finds it in healing_trap_beginning. */
      frame->prev = healing_trap_beginning;
      healing_trap_beginning = frame;
      guard->token = healing_action_begin (owner);
      healing_trap_beginning = frame->prev;
    }
}

/*
 * healing_guard_end:
 * @guard: a guard whose run returned without a fault
 *
 * The second half of a successful run: commits the action (unless the
 * code disposed its owner) and releases everything.
 */
static inline void
healing_guard_end (HealingGuard *guard)
{
  if (guard->frame.owner != NULL)
    healing_action_commit (guard->frame.owner, guard->token);
  if G_UNLIKELY (guard->frame.noted)
    healing_trap_frame_clear (&guard->frame);
}

/*
 * healing_guard_run:
 * @guard: an uninitialised guard on the caller's stack
 * @owner: (nullable): the container the code runs for
 * @phase: what kind of code it is (handler, callback), for death records
 * @func: the application code
 * @data: its argument
 *
 * Runs @func inside the trap, bracketed by the action hooks when there is
 * an owner. On success everything is released. On failure @guard still
 * holds the frame, the owner and the action token: pass it to
 * healing_guard_fail(), outside any further guarded code.
 *
 * Inline: it is on the path of every guarded emission.
 *
 * Returns: whether @func returned without a fault
 */
static inline gboolean
healing_guard_run (HealingGuard      *guard,
                   HealingContainer  *owner,
                   HealingFaultPhase  phase,
                   HealingTrapFunc    func,
                   gpointer           data)
{
  healing_guard_begin (guard, owner, phase);

  if G_LIKELY (healing_trap_run (&guard->frame, func, data))
    {
      healing_guard_end (guard);
      return TRUE;
    }

  return FALSE;
}

G_END_DECLS
