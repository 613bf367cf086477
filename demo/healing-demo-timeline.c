/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "healing-demo-timeline.h"

/*
 * HealingDemoTimeline:
 *
 * The list of what happened, newest last, with the time since the timeline
 * was created:
 *
 * - faults, with the strategy the policy chose and its outcome (both from
 *   the runtime's fault log) and the time to recovery: until the panel was
 *   healthy again, or else until its fallback was on screen;
 * - the demo's own actions and the panels' state changes.
 */

typedef struct {
  gint64 time;
  char *component;
  char *event;
  char *state;
  gboolean is_fault;
  char *strategy;
  char *outcome;
  HealingDemoRecovery recovery;
  gint64 duration;
  GtkWidget *label;
} Event;

struct _HealingDemoTimeline
{
  GtkWidget parent_instance;

  GtkWidget *scrolled;
  GtkWidget *list;
  GArray *events;
  gint64 start;
  guint scroll_id;
};

G_DEFINE_FINAL_TYPE (HealingDemoTimeline, healing_demo_timeline, GTK_TYPE_WIDGET)

static void
event_clear (gpointer data)
{
  Event *event = data;

  g_free (event->component);
  g_free (event->event);
  g_free (event->state);
  g_free (event->strategy);
  g_free (event->outcome);
}

static char *
format_duration (gint64 duration)
{
  if (duration < G_USEC_PER_SEC)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), duration / 1000.0);

  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.2f s"), duration / (double) G_USEC_PER_SEC);
}

static char *
format_recovery (const Event *event)
{
  g_autofree char *duration = NULL;

  switch (event->recovery)
    {
    case HEALING_DEMO_RECOVERY_KEPT_RUNNING:
      /* Translators: a fault's time to recovery: the panel never stopped */
      return g_strdup (_("kept running"));

    case HEALING_DEMO_RECOVERY_FALLBACK:
      duration = format_duration (event->duration);
      /* Translators: a fault's time to recovery: %s is a duration until
       * the panel's fallback was on screen */
      return g_strdup_printf (_("fallback after %s"), duration);

    case HEALING_DEMO_RECOVERY_HEALED:
      duration = format_duration (event->duration);
      /* Translators: a fault's time to recovery: %s is a duration until
       * the panel worked again */
      return g_strdup_printf (_("healthy after %s"), duration);

    case HEALING_DEMO_RECOVERY_NONE:
    default:
      return g_strdup (event->is_fault ? "…" : "");
    }
}

static void
update_row (HealingDemoTimeline *self,
            Event               *event)
{
  g_autofree char *recovery = format_recovery (event);
  g_autofree char *text = NULL;

  if (event->is_fault)
    /* Translators: a fault in the demo's timeline: 1: seconds since the
     * start, 2: a component, 3: the fault, 4: a strategy, 5: its outcome,
     * 6: the time to recovery */
    text = g_strdup_printf (_("%1$7.3f s   %2$-12s %3$s  ⇒ %4$s (%5$s)  %6$s"),
                            (event->time - self->start) / (double) G_USEC_PER_SEC,
                            event->component, event->event, event->strategy,
                            event->outcome, recovery);
  else
    text = g_strdup_printf ("%7.3f s   %-12s %s%s%s",
                            (event->time - self->start) / (double) G_USEC_PER_SEC,
                            event->component,
                            event->event,
                            event->state[0] != '\0' ? "  → " : "",
                            event->state);

  gtk_label_set_text (GTK_LABEL (event->label), text);
}

/* Follows the newest event, once the list has been laid out with it. */
static gboolean
scroll_to_end_cb (gpointer data)
{
  HealingDemoTimeline *self = data;
  GtkAdjustment *adjustment;

  self->scroll_id = 0;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));

  return G_SOURCE_REMOVE;
}

static void
healing_demo_timeline_dispose (GObject *object)
{
  HealingDemoTimeline *self = HEALING_DEMO_TIMELINE (object);

  g_clear_handle_id (&self->scroll_id, g_source_remove);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (healing_demo_timeline_parent_class)->dispose (object);
}

static void
healing_demo_timeline_finalize (GObject *object)
{
  HealingDemoTimeline *self = HEALING_DEMO_TIMELINE (object);

  g_clear_pointer (&self->events, g_array_unref);

  G_OBJECT_CLASS (healing_demo_timeline_parent_class)->finalize (object);
}

static void
healing_demo_timeline_class_init (HealingDemoTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_demo_timeline_dispose;
  object_class->finalize = healing_demo_timeline_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
healing_demo_timeline_init (HealingDemoTimeline *self)
{
  self->start = g_get_monotonic_time ();
  self->events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_array_set_clear_func (self->events, event_clear);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "monospace");

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->list);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
healing_demo_timeline_new (void)
{
  return g_object_new (HEALING_DEMO_TYPE_TIMELINE, NULL);
}

static Event *
append (HealingDemoTimeline *self,
        gint64               time,
        const char          *component,
        const char          *event)
{
  Event e = { 0, };
  Event *added;

  e.time = time;
  e.component = g_strdup (component != NULL ? component : "");
  e.event = g_strdup (event);
  e.state = g_strdup ("");
  e.strategy = g_strdup ("");
  e.outcome = g_strdup ("");
  e.duration = -1;
  e.label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (e.label), 0);
  gtk_label_set_wrap (GTK_LABEL (e.label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (e.label), TRUE);
  g_array_append_val (self->events, e);

  added = &g_array_index (self->events, Event, self->events->len - 1);
  gtk_list_box_append (GTK_LIST_BOX (self->list), added->label);

  if (self->scroll_id == 0)
    self->scroll_id = g_timeout_add (50, scroll_to_end_cb, self);

  return added;
}

/* Adds an event; @time is a monotonic time in µs. Returns its index. */
guint
healing_demo_timeline_add (HealingDemoTimeline *self,
                           gint64               time,
                           const char          *component,
                           const char          *event,
                           const char          *state)
{
  Event *added;

  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), 0);

  added = append (self, time, component, event);
  g_free (added->state);
  added->state = g_strdup (state != NULL ? state : "");
  update_row (self, added);

  return self->events->len - 1;
}

/* Adds a fault and the strategy chosen for it. Returns its index. */
guint
healing_demo_timeline_add_fault (HealingDemoTimeline *self,
                                 gint64               time,
                                 const char          *component,
                                 const char          *fault,
                                 const char          *strategy)
{
  Event *added;

  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), 0);

  added = append (self, time, component, fault);
  added->is_fault = TRUE;
  g_free (added->strategy);
  added->strategy = g_strdup (strategy != NULL ? strategy : "");
  update_row (self, added);

  return self->events->len - 1;
}

void
healing_demo_timeline_set_outcome (HealingDemoTimeline *self,
                                   guint                index,
                                   const char          *outcome)
{
  Event *event;

  g_return_if_fail (HEALING_DEMO_IS_TIMELINE (self));
  g_return_if_fail (index < self->events->len);

  event = &g_array_index (self->events, Event, index);
  g_free (event->outcome);
  event->outcome = g_strdup (outcome != NULL ? outcome : "");
  update_row (self, event);
}

/* Records how the fault at @index ended for its panel, @duration µs after
 * it happened. A panel healthy again overrides its fallback having been
 * shown; nothing overrides a recovery. */
void
healing_demo_timeline_set_recovery (HealingDemoTimeline *self,
                                    guint                index,
                                    HealingDemoRecovery  recovery,
                                    gint64               duration)
{
  Event *event;

  g_return_if_fail (HEALING_DEMO_IS_TIMELINE (self));
  g_return_if_fail (index < self->events->len);

  event = &g_array_index (self->events, Event, index);
  if (event->recovery == HEALING_DEMO_RECOVERY_HEALED ||
      event->recovery == HEALING_DEMO_RECOVERY_KEPT_RUNNING ||
      (event->recovery == HEALING_DEMO_RECOVERY_FALLBACK &&
       recovery != HEALING_DEMO_RECOVERY_HEALED))
    return;

  event->recovery = recovery;
  event->duration = duration;
  update_row (self, event);
}

HealingDemoRecovery
healing_demo_timeline_get_recovery (HealingDemoTimeline *self,
                                    guint                index)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), HEALING_DEMO_RECOVERY_NONE);
  g_return_val_if_fail (index < self->events->len, HEALING_DEMO_RECOVERY_NONE);

  return g_array_index (self->events, Event, index).recovery;
}

guint
healing_demo_timeline_get_n_events (HealingDemoTimeline *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), 0);

  return self->events->len;
}

/* Counts the faults of @component (any if NULL) that ended as @recovery. */
guint
healing_demo_timeline_count_faults (HealingDemoTimeline *self,
                                    const char          *component,
                                    HealingDemoRecovery  recovery)
{
  guint i, n = 0;

  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), 0);

  for (i = 0; i < self->events->len; i++)
    {
      Event *event = &g_array_index (self->events, Event, i);

      if (event->is_fault && event->recovery == recovery &&
          (component == NULL || g_str_equal (component, event->component)))
        n++;
    }

  return n;
}

void
healing_demo_timeline_print (HealingDemoTimeline *self,
                             FILE                *stream)
{
  guint i;

  g_return_if_fail (HEALING_DEMO_IS_TIMELINE (self));

  /* Translators: the columns of the demo's printed timeline; keep the
   * widths */
  fprintf (stream, "%9s  %-12s  %-44s  %-13s  %-9s  %s\n",
           _("time"), _("component"), _("fault or event"), _("strategy"),
           _("outcome"), _("time to recovery"));

  for (i = 0; i < self->events->len; i++)
    {
      Event *event = &g_array_index (self->events, Event, i);
      g_autofree char *recovery = format_recovery (event);
      g_autofree char *what = NULL;

      if (!event->is_fault && event->state[0] != '\0')
        what = g_strdup_printf ("%s → %s", event->event, event->state);
      else
        what = g_strdup (event->event);

      fprintf (stream, "%7.3f s  %-12s  %-44s  %-13s  %-9s  %s\n",
               (event->time - self->start) / (double) G_USEC_PER_SEC,
               event->component, what, event->strategy, event->outcome, recovery);
    }
}
