/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "healing-demo-window.h"
#include "healing-demo-crash.h"
#include "healing-demo-inspector.h"

/* The demo uses libhealing's public API only (it links libhealing-1 like any
 * application): healing_container_inject_fault () is public. */

/*
 * HealingDemoWindow:
 *
 * The demo's window: panels that fail on purpose, each in a
 * HealingContainer with its own component id — a stock ticker that crashes
 * while drawing, a patient form whose Save handler corrupts the form and
 * crashes, two news feeds whose requests fail (sharing one circuit
 * breaker), a chart that hangs while drawing — and a healthy panel that
 * keeps working throughout. Below them, controls that inject every kind of
 * fault into every panel, and a timeline of the faults, the strategy the
 * policy chose for each (from the runtime's fault log) and the time to
 * recovery.
 */

typedef struct {
  guint row;
  gint64 time;
} PendingFault;

typedef struct {
  HealingDemoWindow *window;
  HealingDemoPanel index;
  const char *id;
  const char *name;
  GtkWidget *container;

  /* Faults of this panel not yet recovered from. */
  GArray *pending;
  guint kept_running_id;
  gulong after_paint_id;
  GdkFrameClock *clock;
} Panel;

struct _HealingDemoWindow
{
  GtkApplicationWindow parent_instance;

  Panel panels[HEALING_DEMO_N_PANELS];
  GtkWidget *ticker;
  GtkWidget *form;
  GtkWidget *feeds[2];
  GtkWidget *chart;
  GtkWidget *timeline;

  GtkWidget *network_switch;
  GtkWidget *exchange_switch;

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
  "patientform {"
  "  background-color: #f3ecdb;"
  "  color: #3a2c10;"
  "  border-radius: 6px;"
  "  padding: 10px;"
  "}"
  "newsfeed {"
  "  background-color: #e4ecf7;"
  "  color: #14243a;"
  "  border-radius: 6px;"
  "  padding: 10px;"
  "}"
  ".panel-title { font-weight: bold; }"
  ".controls button { padding: 2px 8px; }";

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

const char *
healing_demo_fault_kind_to_string (HealingFaultKind kind)
{
  switch (kind)
    {
    case HEALING_FAULT_CRASH:
      /* Translators: a button that injects a kind of fault */
      return _("Crash");
    case HEALING_FAULT_CRITICAL:
      /* Translators: a button that injects a kind of fault */
      return _("Critical");
    case HEALING_FAULT_WARNING:
      /* Translators: a button that injects a kind of fault */
      return _("Warning");
    case HEALING_FAULT_HANG:
      /* Translators: a button that injects a kind of fault */
      return _("Hang");
    case HEALING_FAULT_ERROR:
      /* Translators: a button that injects a kind of fault */
      return _("Error");
    default:
      return "?";
    }
}

const char *
healing_demo_outcome_to_string (HealingOutcome outcome)
{
  switch (outcome)
    {
    case HEALING_OUTCOME_PENDING:
      /* Translators: the outcome of a healing strategy: under way */
      return _("pending");
    case HEALING_OUTCOME_HEALED:
      /* Translators: the outcome of a healing strategy */
      return _("healed");
    case HEALING_OUTCOME_ESCALATED:
      /* Translators: the outcome of a healing strategy: a later fault or
       * strategy took over */
      return _("escalated");
    case HEALING_OUTCOME_GAVE_UP:
      /* Translators: the outcome of a healing strategy: the panel stays
       * out of service */
      return _("gave up");
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
 * Panel bookkeeping: faults, strategies, time to recovery
 * ------------------------------------------------------------------------ */

static void
panel_stop_waiting (Panel *panel)
{
  if (panel->after_paint_id != 0)
    g_clear_signal_handler (&panel->after_paint_id, panel->clock);
  g_clear_object (&panel->clock);
}

/* Every pending fault of @panel ended as @recovery, now. */
static void
panel_recovered (Panel               *panel,
                 HealingDemoRecovery  recovery)
{
  gint64 now = g_get_monotonic_time ();
  guint i;

  for (i = 0; i < panel->pending->len; i++)
    {
      PendingFault *pending = &g_array_index (panel->pending, PendingFault, i);

      healing_demo_timeline_set_recovery (get_timeline (panel->window), pending->row,
                                          recovery, now - pending->time);
    }

  if (recovery != HEALING_DEMO_RECOVERY_FALLBACK)
    g_array_set_size (panel->pending, 0);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Panel         *panel)
{
  HealingState state = healing_container_get_state (HEALING_CONTAINER (panel->container));

  /* The first frame with the fallback in place. */
  if (state != HEALING_STATE_HEALTHY)
    panel_recovered (panel, HEALING_DEMO_RECOVERY_FALLBACK);

  panel_stop_waiting (panel);
}

static void
wait_for_paint (Panel *panel)
{
  if (panel->after_paint_id != 0)
    return;

  panel->clock = gtk_widget_get_frame_clock (GTK_WIDGET (panel->window));
  if (panel->clock == NULL)
    return;

  g_object_ref (panel->clock);
  panel->after_paint_id = g_signal_connect (panel->clock, "after-paint",
                                            G_CALLBACK (after_paint_cb), panel);
  gtk_widget_queue_draw (GTK_WIDGET (panel->window));
}

/* After the policy acted on a fault: a panel that is still healthy and was
 * neither retried nor restored never stopped (a failure the breaker only
 * counted). */
static gboolean
kept_running_cb (gpointer data)
{
  Panel *panel = data;

  panel->kept_running_id = 0;

  if (healing_container_get_state (HEALING_CONTAINER (panel->container)) == HEALING_STATE_HEALTHY)
    panel_recovered (panel, HEALING_DEMO_RECOVERY_KEPT_RUNNING);

  return G_SOURCE_REMOVE;
}

static void
outcome_changed_cb (HealingFaultEntry   *entry,
                    GParamSpec          *pspec,
                    HealingDemoTimeline *timeline)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "healing-demo-row"));

  if (row == 0)
    return;

  healing_demo_timeline_set_outcome (timeline, row - 1,
                                     healing_demo_outcome_to_string (healing_fault_entry_get_outcome (entry)));
}

/* The entry of the runtime's fault log for @fault: the newest one, logged
 * just before the container emits ::fault. */
static HealingFaultEntry *
find_entry (HealingFault *fault)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint n = g_list_model_get_n_items (log);
  guint i;

  for (i = n; i > 0 && i + 8 > n; i--)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i - 1);

      if (healing_fault_entry_get_fault (entry) == fault)
        return entry;
    }

  return NULL;
}

/* The fault in a line: its kind, where it happened and the first clause of
 * its message. */
static char *
describe_fault (HealingFault *fault)
{
  g_autofree char *text = healing_fault_to_string (fault);
  char *end = strstr (text, "; ");

  if (end != NULL)
    *end = '\0';

  if (g_utf8_strlen (text, -1) > 60)
    {
      char *cut = g_utf8_offset_to_pointer (text, 59);

      *cut = '\0';
      return g_strconcat (text, "…", NULL);
    }

  return g_steal_pointer (&text);
}

static void
fault_cb (HealingContainer *container,
          HealingFault     *fault,
          Panel            *panel)
{
  HealingDemoTimeline *timeline = get_timeline (panel->window);
  HealingFaultEntry *entry = find_entry (fault);
  g_autofree char *text = describe_fault (fault);
  PendingFault pending;

  pending.time = healing_fault_get_time (fault);
  pending.row = healing_demo_timeline_add_fault (timeline, pending.time, panel->name, text,
                                                 entry != NULL ?
                                                 healing_strategy_to_string (healing_fault_entry_get_strategy (entry)) :
                                                 "?");
  g_array_append_val (panel->pending, pending);

  if (entry != NULL)
    {
      g_object_set_data (G_OBJECT (entry), "healing-demo-row", GUINT_TO_POINTER (pending.row + 1));
      g_signal_connect_object (entry, "notify::outcome",
                               G_CALLBACK (outcome_changed_cb), timeline, 0);
      outcome_changed_cb (entry, NULL, timeline);
    }

  if (panel->kept_running_id == 0)
    panel->kept_running_id = g_idle_add (kept_running_cb, panel);
}

static void
state_changed_cb (HealingContainer *container,
                  HealingState      state,
                  Panel            *panel)
{
  /* Translators: an event in the demo's timeline, followed by the state */
  healing_demo_timeline_add (get_timeline (panel->window), g_get_monotonic_time (),
                             panel->name, _("state changed"),
                             healing_demo_state_to_string (state));

  if (state == HEALING_STATE_HEALTHY)
    panel_recovered (panel, HEALING_DEMO_RECOVERY_HEALED);
  else if (panel->pending->len > 0)
    wait_for_paint (panel);
}

static void
restored_cb (HealingContainer *container,
             Panel            *panel)
{
  /* Translators: an event in the demo's timeline */
  healing_demo_timeline_add (get_timeline (panel->window), g_get_monotonic_time (),
                             panel->name, _("restored to the last good checkpoint"), NULL);
  panel_recovered (panel, HEALING_DEMO_RECOVERY_HEALED);
}

static void
retry_cb (HealingContainer *container,
          Panel            *panel)
{
  /* Translators: an event in the demo's timeline: the panel runs again
   * after the retry strategy's backoff delay */
  healing_demo_timeline_add (get_timeline (panel->window), g_get_monotonic_time (),
                             panel->name, _("retried"), NULL);
}

static GtkWidget *
add_panel (HealingDemoWindow *self,
           HealingDemoPanel   index,
           const char        *id,
           const char        *name,
           const char        *title,
           GtkWidget         *child)
{
  Panel *panel = &self->panels[index];
  GtkWidget *box, *label;

  panel->window = self;
  panel->index = index;
  panel->id = id;
  panel->name = name;
  panel->pending = g_array_new (FALSE, FALSE, sizeof (PendingFault));
  panel->container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (panel->container), id);
  healing_container_set_child (HEALING_CONTAINER (panel->container), child);
  gtk_widget_set_hexpand (panel->container, TRUE);
  gtk_widget_set_vexpand (panel->container, TRUE);
  g_signal_connect (panel->container, "fault", G_CALLBACK (fault_cb), panel);
  g_signal_connect (panel->container, "state-changed", G_CALLBACK (state_changed_cb), panel);
  g_signal_connect (panel->container, "restored", G_CALLBACK (restored_cb), panel);
  g_signal_connect (panel->container, "retry", G_CALLBACK (retry_cb), panel);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "panel-title");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), panel->container);

  return box;
}

static void
tainted_cb (HealingRuntime    *runtime,
            GParamSpec        *pspec,
            HealingDemoWindow *self)
{
  g_autofree char *text = NULL;

  if (!healing_runtime_get_tainted (runtime))
    return;

  /* Translators: %s says why in-process healing can no longer promise
   * safety, e.g. after a hang was interrupted */
  text = g_strdup_printf (_("process tainted: %s"), healing_runtime_get_taint_reason (runtime));
  healing_demo_timeline_add (get_timeline (self), g_get_monotonic_time (), NULL, text, NULL);
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

#define DATA_PANEL "healing-demo-panel"
#define DATA_KIND "healing-demo-kind"
#define DATA_FAULT "healing-demo-fault"

static void
inject_clicked_cb (GtkButton         *button,
                   HealingDemoWindow *self)
{
  HealingDemoPanel panel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), DATA_PANEL));
  HealingFaultKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), DATA_KIND));

  healing_demo_window_inject (self, panel, kind);
}

static void
reset_clicked_cb (GtkButton         *button,
                  HealingDemoWindow *self)
{
  HealingDemoPanel panel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), DATA_PANEL));

  healing_demo_window_reset_panel (self, panel);
}

static void
ticker_fault_clicked_cb (GtkButton         *button,
                         HealingDemoWindow *self)
{
  HealingDemoFault fault = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), DATA_FAULT));

  healing_demo_window_inject_fault (self, fault);
}

static void
save_clicked_cb (GtkButton         *button,
                 HealingDemoWindow *self)
{
  gtk_widget_activate (healing_demo_form_get_save_button (HEALING_DEMO_FORM (self->form)));
}

static void
network_active_cb (GtkSwitch         *sw,
                   GParamSpec        *pspec,
                   HealingDemoWindow *self)
{
  healing_demo_window_set_network_online (self, gtk_switch_get_active (sw));
}

static void
exchange_active_cb (GtkSwitch         *sw,
                    GParamSpec        *pspec,
                    HealingDemoWindow *self)
{
  healing_demo_window_set_exchange_down (self, gtk_switch_get_active (sw));
}

static GtkWidget *
labelled_switch (const char  *text,
                 GtkWidget  **sw)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  *sw = gtk_switch_new ();
  gtk_widget_set_valign (*sw, GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), *sw);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), *sw);

  return box;
}

static GtkWidget *
create_controls (HealingDemoWindow *self)
{
  static const HealingDemoPanel rows[] = {
    HEALING_DEMO_PANEL_TICKER,
    HEALING_DEMO_PANEL_FORM,
    HEALING_DEMO_PANEL_FEED,
    HEALING_DEMO_PANEL_FEED_TOO,
    HEALING_DEMO_PANEL_CHART,
  };
  GtkWidget *grid, *label, *button, *box, *own;
  HealingFaultKind kind;
  HealingDemoFault fault;
  guint i;

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "controls");

  /* Translators: the heading of the fault-injection controls */
  label = gtk_label_new (_("Inject a fault (real, inside the panel's trap):"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "panel-title");
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 8, 1);

  for (i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      Panel *panel = &self->panels[rows[i]];

      label = gtk_label_new (panel->name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i + 1, 1, 1);

      for (kind = HEALING_FAULT_CRASH; kind <= HEALING_FAULT_ERROR; kind++)
        {
          button = gtk_button_new_with_label (healing_demo_fault_kind_to_string (kind));
          g_object_set_data (G_OBJECT (button), DATA_PANEL, GUINT_TO_POINTER (rows[i]));
          g_object_set_data (G_OBJECT (button), DATA_KIND, GUINT_TO_POINTER (kind));
          g_signal_connect (button, "clicked", G_CALLBACK (inject_clicked_cb), self);
          gtk_grid_attach (GTK_GRID (grid), button, 1 + kind, i + 1, 1, 1);
        }

      /* Translators: a button that runs a faulted panel again */
      button = gtk_button_new_with_label (_("Reset"));
      g_object_set_data (G_OBJECT (button), DATA_PANEL, GUINT_TO_POINTER (rows[i]));
      g_signal_connect (button, "clicked", G_CALLBACK (reset_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (grid), button, 6, i + 1, 1, 1);

      /* The panel's own, realistic fault. */
      own = NULL;
      switch (rows[i])
        {
        case HEALING_DEMO_PANEL_TICKER:
          /* Translators: a switch that makes every frame of the ticker crash */
          own = labelled_switch (_("_Exchange down"), &self->exchange_switch);
          g_signal_connect (self->exchange_switch, "notify::active",
                            G_CALLBACK (exchange_active_cb), self);
          break;
        case HEALING_DEMO_PANEL_FORM:
          /* Translators: a button that clicks the form's buggy Save */
          own = gtk_button_new_with_label (_("Save (buggy handler)"));
          g_signal_connect (own, "clicked", G_CALLBACK (save_clicked_cb), self);
          break;
        case HEALING_DEMO_PANEL_FEED:
          /* Translators: a switch for the simulated network of the feeds */
          own = labelled_switch (_("_Network online"), &self->network_switch);
          gtk_switch_set_active (GTK_SWITCH (self->network_switch), healing_demo_network_get_online ());
          g_signal_connect (self->network_switch, "notify::active",
                            G_CALLBACK (network_active_cb), self);
          break;
        case HEALING_DEMO_PANEL_CHART:
          /* Translators: a button that makes the chart hang while drawing */
          own = gtk_button_new_with_label (_("Load full history (hangs)"));
          g_signal_connect_swapped (own, "clicked",
                                    G_CALLBACK (healing_demo_window_load_full_history), self);
          break;
        case HEALING_DEMO_PANEL_FEED_TOO:
        case HEALING_DEMO_PANEL_CLOCK:
        case HEALING_DEMO_N_PANELS:
        default:
          break;
        }
      if (own != NULL)
        gtk_grid_attach (GTK_GRID (grid), own, 7, i + 1, 1, 1);
    }

  /* The ticker's real faults while drawing. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  /* Translators: the label of a row of buttons */
  label = gtk_label_new (_("Raise while the ticker draws:"));
  gtk_box_append (GTK_BOX (box), label);
  for (fault = HEALING_DEMO_FAULT_NULL_DEREF; fault < HEALING_DEMO_FAULT_LAST; fault++)
    {
      button = gtk_button_new_with_label (healing_demo_fault_get_label (fault));
      g_object_set_data (G_OBJECT (button), DATA_FAULT, GUINT_TO_POINTER (fault));
      g_signal_connect (button, "clicked", G_CALLBACK (ticker_fault_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_grid_attach (GTK_GRID (grid), box, 0, G_N_ELEMENTS (rows) + 1, 8, 1);

  return grid;
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
  g_signal_handlers_disconnect_by_data (healing_runtime_get_default (), self);

  for (i = 0; i < HEALING_DEMO_N_PANELS; i++)
    {
      Panel *panel = &self->panels[i];

      panel_stop_waiting (panel);
      g_clear_handle_id (&panel->kept_running_id, g_source_remove);
      if (panel->container != NULL)
        {
          g_signal_handlers_disconnect_by_data (panel->container, panel);
          panel->container = NULL;
        }
      g_clear_pointer (&panel->pending, g_array_unref);
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
  GtkWidget *main_box, *panels, *header, *label, *button, *bottom;
  HealingContainer *container;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, demo_css, -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);

  gtk_window_set_title (GTK_WINDOW (self), _("libhealing Demo"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1240, 960);

  header = gtk_header_bar_new ();
  /* Translators: a button that opens the GTK Inspector */
  button = gtk_button_new_with_mnemonic (_("Open _Inspector"));
  gtk_widget_set_tooltip_text (button, _("Open the GTK Inspector on its Healing page"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (healing_demo_window_open_inspector), self);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), button);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  main_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_start (main_box, 12);
  gtk_widget_set_margin_end (main_box, 12);
  gtk_widget_set_margin_top (main_box, 12);
  gtk_widget_set_margin_bottom (main_box, 12);

  /* The panels, each in its own container. */
  panels = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (panels), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (panels), TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (panels), 12);
  gtk_grid_set_row_spacing (GTK_GRID (panels), 12);

  self->ticker = healing_demo_ticker_new ();
  healing_demo_ticker_set_crash_after (HEALING_DEMO_TICKER (self->ticker), 10);
  gtk_grid_attach (GTK_GRID (panels),
                   add_panel (self, HEALING_DEMO_PANEL_TICKER, HEALING_DEMO_TICKER_ID,
                              HEALING_DEMO_TICKER_ID,
                              _("Stock ticker (crashes while drawing after a few ticks)"),
                              self->ticker),
                   0, 0, 1, 1);

  self->form = healing_demo_form_new ();
  gtk_grid_attach (GTK_GRID (panels),
                   add_panel (self, HEALING_DEMO_PANEL_FORM, HEALING_DEMO_FORM_ID,
                              HEALING_DEMO_FORM_ID,
                              _("Patient form (Save corrupts the form, then crashes)"),
                              self->form),
                   1, 0, 1, 1);
  container = HEALING_CONTAINER (self->panels[HEALING_DEMO_PANEL_FORM].container);
  healing_container_set_checkpoint_interval (container, HEALING_DEMO_FORM_CHECKPOINT_INTERVAL_MS);
  /* Killed, the demo comes back with the form as it was. */
  healing_container_set_persist (container, TRUE);

  self->chart = healing_demo_chart_new ();
  gtk_grid_attach (GTK_GRID (panels),
                   add_panel (self, HEALING_DEMO_PANEL_CHART, HEALING_DEMO_CHART_ID,
                              HEALING_DEMO_CHART_ID,
                              _("Load chart (hangs while drawing the full history)"),
                              self->chart),
                   2, 0, 1, 1);
  /* Explicit, so HEALING_HANG_TIMEOUT_MS (raised under valgrind) does not
   * change it. */
  healing_container_set_hang_timeout (HEALING_CONTAINER (self->panels[HEALING_DEMO_PANEL_CHART].container),
                                      HEALING_DEMO_CHART_HANG_TIMEOUT_MS);

  /* Translators: the name of a news source */
  self->feeds[0] = healing_demo_feed_new (_("World"));
  gtk_grid_attach (GTK_GRID (panels),
                   add_panel (self, HEALING_DEMO_PANEL_FEED, HEALING_DEMO_FEED_ID,
                              /* Translators: the name of a panel in the timeline */
                              _("NewsFeed/1"),
                              _("World news (requests fail while offline)"),
                              self->feeds[0]),
                   0, 1, 1, 1);
  /* Translators: the name of a news source */
  self->feeds[1] = healing_demo_feed_new (_("Science"));
  gtk_grid_attach (GTK_GRID (panels),
                   add_panel (self, HEALING_DEMO_PANEL_FEED_TOO, HEALING_DEMO_FEED_ID,
                              /* Translators: the name of a panel in the timeline */
                              _("NewsFeed/2"),
                              _("Science news (same component id: one breaker)"),
                              self->feeds[1]),
                   1, 1, 1, 1);

  gtk_grid_attach (GTK_GRID (panels),
                   add_panel (self, HEALING_DEMO_PANEL_CLOCK, HEALING_DEMO_CLOCK_ID,
                              HEALING_DEMO_CLOCK_ID,
                              _("Healthy panel"),
                              create_clock_panel (self)),
                   2, 1, 1, 1);
  gtk_widget_set_size_request (panels, -1, 440);
  gtk_box_append (GTK_BOX (main_box), panels);

  bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (bottom), create_controls (self));

  label = gtk_label_new (_("Timeline"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "panel-title");
  gtk_box_append (GTK_BOX (bottom), label);

  self->timeline = healing_demo_timeline_new ();
  gtk_widget_set_vexpand (self->timeline, TRUE);
  gtk_widget_set_size_request (self->timeline, -1, 140);
  gtk_box_append (GTK_BOX (bottom), self->timeline);
  gtk_box_append (GTK_BOX (main_box), bottom);

  gtk_window_set_child (GTK_WINDOW (self), main_box);

  /* Supervised restart: faults only a restart recovers from, and what
   * happened at the top of the window. */
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header),
                             healing_demo_crash_controls_new (healing_demo_form_get_save_button (HEALING_DEMO_FORM (self->form))));
  gtk_box_prepend (GTK_BOX (main_box), healing_restart_notice_new ());

  self->clock_id = g_timeout_add (100, clock_tick_cb, self);
  g_signal_connect_object (healing_runtime_get_default (), "notify::tainted",
                           G_CALLBACK (tainted_cb), self, 0);

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

/* The first panel with @component_id. */
HealingContainer *
healing_demo_window_get_container (HealingDemoWindow *self,
                                   const char        *component_id)
{
  guint i;

  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  for (i = 0; i < HEALING_DEMO_N_PANELS; i++)
    if (g_strcmp0 (self->panels[i].id, component_id) == 0)
      return HEALING_CONTAINER (self->panels[i].container);

  return NULL;
}

HealingContainer *
healing_demo_window_get_panel (HealingDemoWindow *self,
                               HealingDemoPanel   panel)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (panel < HEALING_DEMO_N_PANELS, NULL);

  return HEALING_CONTAINER (self->panels[panel].container);
}

/* The panel's name in the timeline. */
const char *
healing_demo_window_get_panel_name (HealingDemoWindow *self,
                                    HealingDemoPanel   panel)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (panel < HEALING_DEMO_N_PANELS, NULL);

  return self->panels[panel].name;
}

HealingDemoTicker *
healing_demo_window_get_ticker (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return HEALING_DEMO_TICKER (self->ticker);
}

HealingDemoForm *
healing_demo_window_get_form (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return HEALING_DEMO_FORM (self->form);
}

HealingDemoFeed *
healing_demo_window_get_feed (HealingDemoWindow *self,
                              HealingDemoPanel   panel)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (panel == HEALING_DEMO_PANEL_FEED ||
                        panel == HEALING_DEMO_PANEL_FEED_TOO, NULL);

  return HEALING_DEMO_FEED (self->feeds[panel == HEALING_DEMO_PANEL_FEED ? 0 : 1]);
}

HealingDemoChart *
healing_demo_window_get_chart (HealingDemoWindow *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_WINDOW (self), NULL);

  return HEALING_DEMO_CHART (self->chart);
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
  healing_demo_window_note (self, self->panels[HEALING_DEMO_PANEL_TICKER].name, event);
  healing_demo_ticker_inject_fault (HEALING_DEMO_TICKER (self->ticker), fault);
}

/* Raises a real fault of @kind inside @panel's trap, through libhealing's
 * fault injection (as the Inspector's page does). */
void
healing_demo_window_inject (HealingDemoWindow *self,
                            HealingDemoPanel   panel,
                            HealingFaultKind   kind)
{
  g_autofree char *event = NULL;

  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));
  g_return_if_fail (panel < HEALING_DEMO_N_PANELS);

  /* Translators: %s is a kind of fault, such as "Critical" */
  event = g_strdup_printf (_("inject: %s"), healing_demo_fault_kind_to_string (kind));
  healing_demo_window_note (self, self->panels[panel].name, event);
  healing_container_inject_fault (HEALING_CONTAINER (self->panels[panel].container), kind);
}

void
healing_demo_window_set_network_online (HealingDemoWindow *self,
                                        gboolean           online)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  if (healing_demo_network_get_online () != !!online)
    healing_demo_window_note (self, HEALING_DEMO_FEED_ID,
                              online ? _("the network is back") : _("the network goes down"));

  healing_demo_network_set_online (online);
  if (gtk_switch_get_active (GTK_SWITCH (self->network_switch)) != !!online)
    gtk_switch_set_active (GTK_SWITCH (self->network_switch), online);
}

void
healing_demo_window_set_exchange_down (HealingDemoWindow *self,
                                       gboolean           down)
{
  HealingDemoTicker *ticker;

  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  ticker = HEALING_DEMO_TICKER (self->ticker);
  if (healing_demo_ticker_get_broken (ticker) != !!down)
    healing_demo_window_note (self, HEALING_DEMO_TICKER_ID,
                              down ? _("the exchange goes down: every frame crashes")
                                   : _("the exchange is back"));

  healing_demo_ticker_set_broken (ticker, down);
  if (gtk_switch_get_active (GTK_SWITCH (self->exchange_switch)) != !!down)
    gtk_switch_set_active (GTK_SWITCH (self->exchange_switch), down);
}

void
healing_demo_window_load_full_history (HealingDemoWindow *self)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  healing_demo_window_note (self, HEALING_DEMO_CHART_ID,
                            _("load the full history (more points than pixels)"));
  healing_demo_chart_load_history (HEALING_DEMO_CHART (self->chart), 100000);
}

void
healing_demo_window_reset_panel (HealingDemoWindow *self,
                                 HealingDemoPanel   panel)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));
  g_return_if_fail (panel < HEALING_DEMO_N_PANELS);

  /* A chart that hangs would hang again: reload its normal history. */
  if (panel == HEALING_DEMO_PANEL_CHART)
    healing_demo_chart_load_history (HEALING_DEMO_CHART (self->chart), HEALING_DEMO_CHART_POINTS);

  /* Translators: an event in the demo's timeline: a faulted panel is run
   * again on request */
  healing_demo_window_note (self, self->panels[panel].name, _("Try again"));
  healing_container_reset (HEALING_CONTAINER (self->panels[panel].container));
}

void
healing_demo_window_try_again (HealingDemoWindow *self)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  healing_demo_window_reset_panel (self, HEALING_DEMO_PANEL_TICKER);
}

/* Opens the GTK Inspector on libhealing's Healing page, showing the
 * ticker's container. */
void
healing_demo_window_open_inspector (HealingDemoWindow *self)
{
  g_return_if_fail (HEALING_DEMO_IS_WINDOW (self));

  healing_demo_window_note (self, NULL, _("open the Inspector"));
  healing_demo_inspector_open (G_OBJECT (self->panels[HEALING_DEMO_PANEL_TICKER].container));
}
