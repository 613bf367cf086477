/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "healing-demo-window.h"

/*
 * HealingDemoWindow:
 *
 * The demo's window: panels that fail on purpose, each in a
 * HealingContainer with its own component id, a healthy panel that keeps
 * working, controls that inject faults, and a timeline of what happened.
 *
 * Panels are kept in a table so that more (a form, a network feed, a chart
 * that hangs) can be added the same way.
 */

typedef struct {
  HealingDemoWindow *window;
  const char *id;
  GtkWidget *container;

  /* The timeline row and time of the last fault not yet recovered from. */
  gboolean awaiting_recovery;
  guint fault_row;
  gint64 fault_time;
  gulong after_paint_id;
  GdkFrameClock *clock;
} Panel;

enum {
  PANEL_TICKER,
  PANEL_CLOCK,
  N_PANELS
};

struct _HealingDemoWindow
{
  GtkApplicationWindow parent_instance;

  Panel panels[N_PANELS];
  GtkWidget *ticker;
  GtkWidget *timeline;

  GtkWidget *inject_buttons[HEALING_DEMO_FAULT_LAST];
  GtkWidget *try_again_button;

  GtkWidget *clock_label;
  GtkWidget *click_button;
  GtkWidget *clicks_label;
  guint clock_count;
  guint clicks;
  guint clock_id;
};

G_DEFINE_FINAL_TYPE (HealingDemoWindow, healing_demo_window, GTK_TYPE_APPLICATION_WINDOW)

static const char demo_css[] =
  ".healthy-panel {"
  "  background-color: #dff3e4;"
  "  color: #12301c;"
  "  border-radius: 6px;"
  "  padding: 12px;"
  "}"
  ".healthy-panel .counter { font-size: 20pt; font-weight: bold; }"
  ".panel-title { font-weight: bold; }";

const char *
healing_demo_state_to_string (HealingState state)
{
  switch (state)
    {
    case HEALING_STATE_HEALTHY:
      /* Translators: the state of a guarded panel */
      return _("healthy");
    case HEALING_STATE_FALLBACK:
      /* Translators: the state of a guarded panel: its fallback is shown */
      return _("fallback");
    case HEALING_STATE_ISOLATED:
      /* Translators: the state of a guarded panel: nothing is shown */
      return _("isolated");
    case HEALING_STATE_RETRYING:
      /* Translators: the state of a guarded panel: about to try again */
      return _("retrying");
    case HEALING_STATE_OPEN_CIRCUIT:
      /* Translators: the state of a guarded panel: its circuit breaker is open */
      return _("open circuit");
    case HEALING_STATE_AWAITING_PATCH:
      /* Translators: the state of a guarded panel: waiting for a live patch */
      return _("awaiting patch");
    default:
      return "?";
    }
}

static HealingDemoTimeline *
get_timeline (HealingDemoWindow *self)
{
  return HEALING_DEMO_TIMELINE (self->timeline);
}

/* ------------------------------------------------------------------------
 * Panel bookkeeping: faults, states, time to recovery
 * ------------------------------------------------------------------------ */

static void
panel_stop_waiting (Panel *panel)
{
  if (panel->after_paint_id != 0)
    g_clear_signal_handler (&panel->after_paint_id, panel->clock);
  g_clear_object (&panel->clock);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Panel         *panel)
{
  if (panel->awaiting_recovery)
    {
      healing_demo_timeline_set_recovery (get_timeline (panel->window),
                                          panel->fault_row,
                                          g_get_monotonic_time () - panel->fault_time);
      panel->awaiting_recovery = FALSE;
    }

  panel_stop_waiting (panel);
}

static void
fault_cb (HealingContainer *container,
          HealingFault     *fault,
          Panel            *panel)
{
  g_autofree char *text = healing_fault_to_string (fault);

  panel->fault_row = healing_demo_timeline_add (get_timeline (panel->window),
                                                healing_fault_get_time (fault),
                                                panel->id, text, NULL);
  panel->fault_time = healing_fault_get_time (fault);
  panel->awaiting_recovery = TRUE;
}

static void
update_controls (HealingDemoWindow *self)
{
  HealingContainer *ticker = HEALING_CONTAINER (self->panels[PANEL_TICKER].container);
  gboolean healthy = healing_container_get_state (ticker) == HEALING_STATE_HEALTHY;
  guint i;

  for (i = 0; i < HEALING_DEMO_FAULT_LAST; i++)
    if (self->inject_buttons[i] != NULL)
      gtk_widget_set_sensitive (self->inject_buttons[i], healthy);
  gtk_widget_set_sensitive (self->try_again_button, !healthy);
}

static void
state_changed_cb (HealingContainer *container,
                  HealingState      state,
                  Panel            *panel)
{
  HealingDemoWindow *self = panel->window;

  healing_demo_timeline_add (get_timeline (self), g_get_monotonic_time (),
                             panel->id, _("state changed"),
                             healing_demo_state_to_string (state));
  update_controls (self);

  /* Recovered once the first frame with the fallback in place is painted. */
  if (state != HEALING_STATE_HEALTHY && panel->awaiting_recovery &&
      panel->after_paint_id == 0)
    {
      panel->clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
      if (panel->clock != NULL)
        {
          g_object_ref (panel->clock);
          panel->after_paint_id = g_signal_connect (panel->clock, "after-paint",
                                                    G_CALLBACK (after_paint_cb), panel);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
    }
}

static GtkWidget *
add_panel (HealingDemoWindow *self,
           guint              index,
           const char        *id,
           const char        *title,
           GtkWidget         *child)
{
  Panel *panel = &self->panels[index];
  GtkWidget *box, *label;

  panel->window = self;
  panel->id = id;
  panel->container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (panel->container), id);
  healing_container_set_child (HEALING_CONTAINER (panel->container), child);
  gtk_widget_set_hexpand (panel->container, TRUE);
  gtk_widget_set_vexpand (panel->container, TRUE);
  g_signal_connect (panel->container, "fault", G_CALLBACK (fault_cb), panel);
  g_signal_connect (panel->container, "state-changed", G_CALLBACK (state_changed_cb), panel);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "panel-title");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), panel->container);

  return box;
}

/* ------------------------------------------------------------------------
 * The healthy panel
 * ------------------------------------------------------------------------ */

static void
update_clock (HealingDemoWindow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;

  /* Translators: 1: a counter, 2: the time of day */
  text = g_strdup_printf (_("Updates: %1$u  ·  %2$s"), self->clock_count, time);
  gtk_label_set_text (GTK_LABEL (self->clock_label), text);
}

static gboolean
clock_tick_cb (gpointer data)
{
  HealingDemoWindow *self = data;

  self->clock_count++;
  update_clock (self);

  return G_SOURCE_CONTINUE;
}

static void
click_cb (HealingDemoWindow *self)
{
  g_autofree char *text = NULL;

  self->clicks++;
  text = g_strdup_printf (ngettext ("Clicked %u time", "Clicked %u times", self->clicks),
                          self->clicks);
  gtk_label_set_text (GTK_LABEL (self->clicks_label), text);
}

static GtkWidget *
create_clock_panel (HealingDemoWindow *self)
{
  GtkWidget *box, *label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (box, "healthy-panel");

  label = gtk_label_new (_("This panel keeps working whatever happens next to it."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  self->clock_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->clock_label), 0);
  gtk_widget_add_css_class (self->clock_label, "counter");
  gtk_box_append (GTK_BOX (box), self->clock_label);

  self->click_button = gtk_button_new_with_mnemonic (_("_Click me"));
  gtk_widget_set_halign (self->click_button, GTK_ALIGN_START);
  g_signal_connect_swapped (self->click_button, "clicked", G_CALLBACK (click_cb), self);
  gtk_box_append (GTK_BOX (box), self->click_button);

  self->clicks_label = gtk_label_new (_("Not clicked yet"));
  gtk_label_set_xalign (GTK_LABEL (self->clicks_label), 0);
  gtk_box_append (GTK_BOX (box), self->clicks_label);

  update_clock (self);

  return box;
}

/* ------------------------------------------------------------------------
 * Controls
 * ------------------------------------------------------------------------ */

static void
inject_clicked_cb (GtkButton         *button,
                   HealingDemoWindow *self)
{
  HealingDemoFault fault = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "fault"));

  healing_demo_window_inject_fault (self, fault);
}

static GtkWidget *
create_controls (HealingDemoWindow *self)
{
  GtkWidget *box, *label;
  HealingDemoFault fault;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  label = gtk_label_new (_("Inject into the ticker:"));
  gtk_box_append (GTK_BOX (box), label);

  for (fault = HEALING_DEMO_FAULT_NULL_DEREF; fault < HEALING_DEMO_FAULT_LAST; fault++)
    {
      GtkWidget *button = gtk_button_new_with_label (healing_demo_fault_get_label (fault));

      g_object_set_data (G_OBJECT (button), "fault", GUINT_TO_POINTER (fault));
      g_signal_connect (button, "clicked", G_CALLBACK (inject_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
      self->inject_buttons[fault] = button;
    }

  self->try_again_button = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_add_css_class (self->try_again_button, "suggested-action");
  gtk_widget_set_hexpand (self->try_again_button, TRUE);
  gtk_widget_set_halign (self->try_again_button, GTK_ALIGN_END);
  g_signal_connect_swapped (self->try_again_button, "clicked",
                            G_CALLBACK (healing_demo_window_try_again), self);
  gtk_box_append (GTK_BOX (box), self->try_again_button);

  return box;
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_demo_window_dispose (GObject *object)
{
  HealingDemoWindow *self = HEALING_DEMO_WINDOW (object);
  guint i;

  g_clear_handle_id (&self->clock_id, g_source_remove);

  for (i = 0; i < N_PANELS; i++)
    {
      panel_stop_waiting (&self->panels[i]);
      if (self->panels[i].container != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->panels[i].container, &self->panels[i]);
          self->panels[i].container = NULL;
        }
    }

  G_OBJECT_CLASS (healing_demo_window_parent_class)->dispose (object);
}

static void
healing_demo_window_class_init (HealingDemoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_demo_window_dispose;
}

static void
healing_demo_window_init (HealingDemoWindow *self)
{
  GtkCssProvider *provider;
  GtkWidget *main_box, *panels, *header, *label;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, demo_css, -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);

  gtk_window_set_title (GTK_WINDOW (self), _("libhealing Demo"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 640);

  header = gtk_header_bar_new ();
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  main_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (main_box, 12);
  gtk_widget_set_margin_end (main_box, 12);
  gtk_widget_set_margin_top (main_box, 12);
  gtk_widget_set_margin_bottom (main_box, 12);

  /* The panels, each in its own container. */
  panels = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (panels), TRUE);

  self->ticker = healing_demo_ticker_new ();
  healing_demo_ticker_set_crash_after (HEALING_DEMO_TICKER (self->ticker), 20);
  gtk_box_append (GTK_BOX (panels),
                  add_panel (self, PANEL_TICKER, HEALING_DEMO_TICKER_ID,
                             _("Stock ticker (crashes while drawing after a few ticks)"),
                             self->ticker));
  gtk_box_append (GTK_BOX (panels),
                  add_panel (self, PANEL_CLOCK, HEALING_DEMO_CLOCK_ID,
                             _("Healthy panel"),
                             create_clock_panel (self)));
  gtk_widget_set_size_request (panels, -1, 240);
  gtk_box_append (GTK_BOX (main_box), panels);

  gtk_box_append (GTK_BOX (main_box), create_controls (self));

  label = gtk_label_new (_("Timeline"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "panel-title");
  gtk_box_append (GTK_BOX (main_box), label);

  self->timeline = healing_demo_timeline_new ();
  gtk_widget_set_vexpand (self->timeline, TRUE);
  gtk_widget_set_size_request (self->timeline, -1, 160);
  gtk_box_append (GTK_BOX (main_box), self->timeline);

  gtk_window_set_child (GTK_WINDOW (self), main_box);

  update_controls (self);
  self->clock_id = g_timeout_add (100, clock_tick_cb, self);

  healing_demo_timeline_add (get_timeline (self), g_get_monotonic_time (),
                             NULL, _("demo started"), NULL);
}

GtkWidget *
healing_demo_window_new (GtkApplication *application)
{
  return g_object_new (HEALING_DEMO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

HealingContainer *
healing_demo_window_get_container (HealingDemoWindow *self,
                                   const char        *component_id)
{
  guint i;

  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  for (i = 0; i < N_PANELS; i++)
    if (g_strcmp0 (self->panels[i].id, component_id) == 0)
      return HEALING_CONTAINER (self->panels[i].container);

  return NULL;
}

HealingDemoTicker *
healing_demo_window_get_ticker (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return HEALING_DEMO_TICKER (self->ticker);
}

HealingDemoTimeline *
healing_demo_window_get_timeline (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return get_timeline (self);
}

guint
healing_demo_window_get_clock_count (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), 0);

  return self->clock_count;
}

guint
healing_demo_window_get_clicks (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), 0);

  return self->clicks;
}

GtkWidget *
healing_demo_window_get_clock_label (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return self->clock_label;
}

GtkWidget *
healing_demo_window_get_click_button (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return self->click_button;
}

void
healing_demo_window_note (HealingDemoWindow *self,
                          const char        *component_id,
                          const char        *event)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  healing_demo_timeline_add (get_timeline (self), g_get_monotonic_time (),
                             component_id, event, NULL);
}

/* Arms @fault in the ticker: it is raised while the ticker draws its next
 * frame. */
void
healing_demo_window_inject_fault (HealingDemoWindow *self,
                                  HealingDemoFault   fault)
{
  g_autofree char *event = NULL;

  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  /* Translators: %s is a kind of fault, such as "Division by zero" */
  event = g_strdup_printf (_("inject: %s"), healing_demo_fault_get_label (fault));
  healing_demo_window_note (self, HEALING_DEMO_TICKER_ID, event);
  healing_demo_ticker_inject_fault (HEALING_DEMO_TICKER (self->ticker), fault);
}

void
healing_demo_window_try_again (HealingDemoWindow *self)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  healing_demo_window_note (self, HEALING_DEMO_TICKER_ID, _("Try again"));
  healing_container_reset (HEALING_CONTAINER (self->panels[PANEL_TICKER].container));
}
