/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "healing-guard-private.h"
#include "healing-container-private.h"
#include "healing-runtime.h"
#include "healing-runtime-private.h"

/* The unowned record. Guarded code runs on the GTK thread only. */
static guint n_unowned_faults;
static HealingFault *last_unowned_fault;

guint healing_guard_unowned_hang_timeout = HEALING_DEFAULT_HANG_TIMEOUT_MS;

/* HEALING_TYPE_CONTAINER, once healing_guard_init () ran: the owner
 * lookup compares against it on every guarded emission, and
 * healing_container_get_type () is a call and a g_once check each time
 * (some 10 instructions). */
static GType container_type;

/*
 * healing_guard_init:
 *
 * Sets the hang timeout of guarded code that no container owns: the same
 * default a container starts with. Called by everything that sets up
 * guarded code, before it can run.
 */
void
healing_guard_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      healing_guard_unowned_hang_timeout = healing_container_get_default_hang_timeout ();
      container_type = HEALING_TYPE_CONTAINER;
      g_once_init_leave (&done, 1);
    }
}

/*
 * healing_guard_find_widget_owner:
 * @widget: (nullable): a widget
 *
 * Finds the innermost container around @widget, @widget included. This is
 * on the path of every guarded emission, so it compares types exactly
 * (HealingContainer is final, so g_type_is_a () says the same) where it
 * can.
 *
 * Returns: (transfer none) (nullable): the container
 */
HealingContainer *
healing_guard_find_widget_owner (GtkWidget *widget)
{
  GType type = container_type;
  GtkWidget *parent;

  /* Guarded code is set up after healing_guard_init (); be right anyway. */
  if G_UNLIKELY (type == 0)
    type = HEALING_TYPE_CONTAINER;

  /* The widget and its parent, the common cases (a container's child):
   * an exact type compare each, and one gtk_widget_get_parent (). */
  if (widget == NULL || G_TYPE_FROM_INSTANCE (widget) == type)
    return (HealingContainer *) widget;

  parent = gtk_widget_get_parent (widget);
  if (parent == NULL || G_TYPE_FROM_INSTANCE (parent) == type)
    return (HealingContainer *) parent;

  /* Further up, gtk_widget_get_ancestor () follows the parent links
   * itself: a g_type_is_a () per level (some 70 instructions) where
   * gtk_widget_get_parent () paid a type check and a call (some 100). */
  return (HealingContainer *) gtk_widget_get_ancestor (parent, type);
}

/*
 * healing_guard_find_instance_owner:
 * @instance: (nullable): the instance a handler runs for
 *
 * Finds the container that owns code running on behalf of @instance: the
 * innermost container around it if it is a widget, or around the widget it
 * is attached to if it is an event controller.
 *
 * Returns: (transfer none) (nullable): the container
 */
HealingContainer *
healing_guard_find_instance_owner (gpointer instance)
{
  if (instance == NULL)
    return NULL;

  if (GTK_IS_WIDGET (instance))
    return healing_guard_find_widget_owner (instance);

  if (GTK_IS_EVENT_CONTROLLER (instance))
    return healing_guard_find_widget_owner (gtk_event_controller_get_widget (instance));

  return NULL;
}

static void
log_unowned (const HealingFault *fault)
{
  g_autofree char *text = healing_fault_to_string (fault);

  /* Translators: 1: where a fault happened, e.g. “GtkButton::clicked
   * handler”; 2: the fault, in words. HealingContainer is a class name. */
  g_critical (_("libhealing: caught a fault in %1$s, but no HealingContainer "
                "owns that code; put the widget inside one or pass an owner: "
                "%2$s"),
              healing_fault_get_origin (fault), text);
}

static gboolean
log_unowned_cb (gpointer data)
{
  log_unowned (data);

  return G_SOURCE_REMOVE;
}

static void
take_unowned_fault (HealingFault *fault)
{
  n_unowned_faults++;
  g_clear_pointer (&last_unowned_fault, healing_fault_unref);
  last_unowned_fault = fault;

  /* Never drop it silently, but never log it inside another frame either
   * (a handler emitted from a guarded snapshot, say): that frame would
   * count our critical as a fault of its own. */
  if (healing_trap_get_current_frame () != NULL)
    g_idle_add_full (G_PRIORITY_HIGH, log_unowned_cb,
                     healing_fault_ref (fault),
                     (GDestroyNotify) healing_fault_unref);
  else
    log_unowned (fault);
}

/*
 * healing_guard_fail:
 * @guard: a guard whose run faulted
 * @phase: where the code ran
 * @owner: (nullable): the container that owns the code now, if it is
 *   known; else the one it ran for
 * @origin: what faulted, in words (“GtkButton::clicked handler”)
 *
 * Builds the fault record, aborts the guarded action and hands the fault
 * to its owner, or to the unowned record. Releases @guard.
 */
void
healing_guard_fail (HealingGuard      *guard,
                    HealingFaultPhase  phase,
                    HealingContainer  *owner,
                    const char        *origin)
{
  /* The guard's owner, unless the code disposed it (frame.owner_gone). */
  g_autoptr (HealingContainer) ran_for = guard->frame.owner != NULL ?
                                         g_object_ref (guard->frame.owner) : NULL;
  /* Kept alive from here on: undoing the action runs setters, and
   * whatever handlers they emit, which may dispose either. */
  g_autoptr (HealingContainer) target = owner != NULL ? g_object_ref (owner) :
                                        ran_for != NULL ? g_object_ref (ran_for) : NULL;
  gboolean owner_gone = guard->frame.owner_gone;
  HealingFault *fault;

  /* A disposed owner's component id is still in the frame (copied by
   * its finalize, healing_trap_keep_component ()): the fault is that
   * component's. */
  fault = healing_trap_frame_to_fault (&guard->frame, phase,
                                       target != NULL ?
                                       healing_container_get_component_id (target) :
                                       owner_gone ? guard->frame.component : NULL,
                                       origin);
  healing_trap_frame_clear (&guard->frame);

  if (ran_for != NULL)
    healing_action_abort (ran_for, guard->token, fault);
  /* The journal undid the action in the ring of the container it ran for:
   * that says nothing of another one's state. */
  if (fault != NULL && target != ran_for)
    healing_fault_set_action_undone (fault, FALSE);

  if (fault != NULL)
    {
      if (target != NULL)
        healing_container_take_fault (target, fault);
      /* The code disposed the container it ran for, and no other one owns
       * it: what a disposed container does with a fault (nothing left to
       * heal, but it is logged; healing_container_take_fault ()). */
      else if (owner_gone)
        healing_runtime_log_unhealed_fault (healing_runtime_get_default (), fault);
      else
        take_unowned_fault (fault);
    }

  guard->frame.owner = NULL;
  guard->token = NULL;
}

guint
healing_guard_get_n_unowned_faults (void)
{
  return n_unowned_faults;
}

HealingFault *
healing_guard_dup_last_unowned_fault (void)
{
  return last_unowned_fault != NULL ? healing_fault_ref (last_unowned_fault) : NULL;
}
