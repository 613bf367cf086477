/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-runtime-private.h"

/**
 * HealingRuntime:
 *
 * The process-wide state of libhealing.
 *
 * ## Taint
 *
 * Most faults are contained: the faulted widget is never run again and the
 * rest of the application carries on as before. A few leave the process in
 * a state libhealing cannot vouch for:
 *
 * - a hang that was interrupted may have held a lock (of malloc, of GLib's
 *   signal system) that will never be released;
 * - an old-API `g_error()` (code built without `G_LOG_USE_STRUCTURED`) leaves
 *   GLib's per-thread log recursion depth raised, so any later old-API
 *   message on that thread aborts the process.
 *
 * Such a fault sets [property@Runtime:tainted] once and for all. A careful
 * application saves its state and restarts when it sees the notification.
 */
struct _HealingRuntime
{
  GObject parent_instance;

  gboolean tainted;
  char *taint_reason;
};

enum {
  PROP_0,
  PROP_TAINTED,
  PROP_TAINT_REASON,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingRuntime, healing_runtime, G_TYPE_OBJECT)

static void
healing_runtime_finalize (GObject *object)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  g_clear_pointer (&self->taint_reason, g_free);

  G_OBJECT_CLASS (healing_runtime_parent_class)->finalize (object);
}

static void
healing_runtime_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HealingRuntime *self = HEALING_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_TAINTED:
      g_value_set_boolean (value, healing_runtime_get_tainted (self));
      break;
    case PROP_TAINT_REASON:
      g_value_set_string (value, healing_runtime_get_taint_reason (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_runtime_class_init (HealingRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = healing_runtime_finalize;
  object_class->get_property = healing_runtime_get_property;

  /**
   * HealingRuntime:tainted: (getter get_tainted)
   *
   * Whether a fault left the process in a state libhealing cannot vouch for.
   *
   * Once set, it stays set for the life of the process.
   */
  props[PROP_TAINTED] =
    g_param_spec_boolean ("tainted", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingRuntime:taint-reason: (getter get_taint_reason)
   *
   * Why the process is tainted: the first tainting fault, in words.
   */
  props[PROP_TAINT_REASON] =
    g_param_spec_string ("taint-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static void
healing_runtime_init (HealingRuntime *self)
{
}

/**
 * healing_runtime_get_default:
 *
 * Gets the runtime of this process.
 *
 * Returns: (transfer none): the runtime
 */
HealingRuntime *
healing_runtime_get_default (void)
{
  static HealingRuntime *runtime;

  if (g_once_init_enter (&runtime))
    g_once_init_leave (&runtime, g_object_new (HEALING_TYPE_RUNTIME, NULL));

  return runtime;
}

/**
 * healing_runtime_get_tainted: (get-property tainted)
 * @self: the runtime
 *
 * Gets whether a fault left the process in a state libhealing cannot vouch
 * for.
 *
 * Returns: whether the process is tainted
 */
gboolean
healing_runtime_get_tainted (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), FALSE);

  return self->tainted;
}

/**
 * healing_runtime_get_taint_reason: (get-property taint-reason)
 * @self: the runtime
 *
 * Gets why the process is tainted.
 *
 * Returns: (nullable): the reason, or `NULL` if the process is not tainted
 */
const char *
healing_runtime_get_taint_reason (HealingRuntime *self)
{
  g_return_val_if_fail (HEALING_IS_RUNTIME (self), NULL);

  return self->taint_reason;
}

/* Called on the GTK thread, outside measure, allocate and snapshot. */
void
healing_runtime_taint (HealingRuntime *self,
                       const char     *reason)
{
  g_return_if_fail (HEALING_IS_RUNTIME (self));
  g_return_if_fail (reason != NULL);

  if (self->tainted)
    return;

  self->tainted = TRUE;
  self->taint_reason = g_strdup (reason);

  g_warning ("libhealing: the process is tainted: %s", reason);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TAINTED]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TAINT_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
}
