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
 * The list of what happened: faults, state changes, and the demo's own
 * actions, with the time since the timeline was created and, for a fault,
 * its time to recovery (from the moment the fault was trapped to the first
 * frame painted with the fallback in place).
 */

typedef struct {
  gint64 time;
  char *component;
  char *event;
  char *state;
  gint64 recovery;
  GtkWidget *label;
} Event;

struct _HealingDemoTimeline
{
  GtkWidget parent_instance;

  GtkWidget *scrolled;
  GtkWidget *list;
  GArray *events;
  gint64 start;
};

G_DEFINE_FINAL_TYPE (HealingDemoTimeline, healing_demo_timeline, GTK_TYPE_WIDGET)

static void
event_clear (gpointer data)
{
  Event *event = data;

  g_free (event->component);
  g_free (event->event);
  g_free (event->state);
}

static char *
format_recovery (gint64 recovery)
{
  if (recovery < 0)
    return g_strdup ("");

  /* Translators: a duration in milliseconds */
  return g_strdup_printf (_("%.1f ms"), recovery / 1000.0);
}

static void
update_row (HealingDemoTimeline *self,
            Event               *event)
{
  g_autofree char *recovery = format_recovery (event->recovery);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("%7.3f s   %-12s %s%s%s%s%s",
                          (event->time - self->start) / (double) G_USEC_PER_SEC,
                          event->component,
                          event->event,
                          event->state[0] != '\0' ? "  → " : "",
                          event->state,
                          event->recovery >= 0 ? "  " : "",
                          recovery);
  gtk_label_set_text (GTK_LABEL (event->label), text);
}

static void
healing_demo_timeline_dispose (GObject *object)
{
  HealingDemoTimeline *self = HEALING_DEMO_TIMELINE (object);

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

/* Adds an event; @time is a monotonic time in µs. Returns its index. */
guint
healing_demo_timeline_add (HealingDemoTimeline *self,
                           gint64               time,
                           const char          *component,
                           const char          *event,
                           const char          *state)
{
  Event e = { 0, };
  Event *added;

  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), 0);

  e.time = time;
  e.component = g_strdup (component != NULL ? component : "");
  e.event = g_strdup (event);
  e.state = g_strdup (state != NULL ? state : "");
  e.recovery = -1;
  e.label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (e.label), 0);
  gtk_label_set_wrap (GTK_LABEL (e.label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (e.label), TRUE);
  g_array_append_val (self->events, e);

  added = &g_array_index (self->events, Event, self->events->len - 1);
  update_row (self, added);
  gtk_list_box_append (GTK_LIST_BOX (self->list), added->label);

  return self->events->len - 1;
}

void
healing_demo_timeline_set_recovery (HealingDemoTimeline *self,
                                    guint                index,
                                    gint64               recovery)
{
  Event *event;

  g_return_if_fail (HEALING_DEMO_IS_TIMELINE (self));
  g_return_if_fail (index < self->events->len);

  event = &g_array_index (self->events, Event, index);
  event->recovery = recovery;
  update_row (self, event);
}

guint
healing_demo_timeline_get_n_events (HealingDemoTimeline *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_TIMELINE (self), 0);

  return self->events->len;
}

void
healing_demo_timeline_print (HealingDemoTimeline *self,
                             FILE                *stream)
{
  guint i;

  g_return_if_fail (HEALING_DEMO_IS_TIMELINE (self));

  /* Translators: the columns of the demo's timeline; keep the widths */
  fprintf (stream, "%9s  %-12s  %-72s  %-9s  %s\n",
           _("time"), _("component"), _("event"), _("state"), _("recovery"));
  for (i = 0; i < self->events->len; i++)
    {
      Event *event = &g_array_index (self->events, Event, i);
      g_autofree char *recovery = format_recovery (event->recovery);

      fprintf (stream, "%7.3f s  %-12s  %-72s  %-9s  %s\n",
               (event->time - self->start) / (double) G_USEC_PER_SEC,
               event->component, event->event, event->state, recovery);
    }
}
