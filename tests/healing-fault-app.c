/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * One fault, for real, in one process, in a real window:
 *
 *   healing-fault-app --fault=NAME --where=PHASE
 *
 * builds a window with the guarded cell ("Cell"), a second guarded cell
 * ("Second"), a sibling container with a guarded and a plain handler, and a
 * shared model with a binding; raises the fault; and, if the process is
 * still alive once the container has reported it, checks that the process
 * is really healed: the main loop turns, the sibling's handlers run, a new
 * widget draws, a second fault elsewhere is still caught, notifications
 * still arrive, logging still works, and reset () brings the child back.
 *
 * It prints "fault-app: outcome=healed …" and exits 0 only if every check
 * passed; "fault-app: outcome=broken check=NAME …" and exits 1 if one did
 * not. Whether the process may live on at all is libhealing's decision: a
 * fault it cannot heal kills the process before anything is printed.
 * tests/test-safe-or-stop.c runs it once per cell and judges the outcome.
 *
 * The app never asserts after the fault (an abort () of its own would look
 * like a stop): every wait has its own deadline and fails with a message.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <malloc.h>

#include <cairo.h>
#include <healing.h>

#include "healing-test-raise.h"
#include "healing-test-utils.h"

#define APP_DOMAIN "FaultApp"
#define HANG_TIMEOUT_MS 300
/* Deadline of each of the app's own waits: generous, since four of these
 * processes run at a time and a loaded 2-core machine was seen to starve a
 * default-idle source for over 5 s (the driver's hard timeout, 15 s, stays
 * above it). Passing runs never wait for it. */
#define WAIT_MS 10000

/* ------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------ */

static const char *fault_name;
static const char *where_name;
static GString *passed_checks;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  fputs ("fault-app: ", stdout);
  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);
  fflush (stdout);
}

G_GNUC_NORETURN static void
broken (const char *check,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

G_GNUC_NORETURN static void
broken (const char *check,
        const char *format,
        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  say ("outcome=broken fault=%s where=%s check=%s passed=%s detail=%s",
       fault_name, where_name, check, passed_checks->str, detail);
  /* Leave at once: the process may be in no state for atexit handlers. */
  _exit (1);
}

static void
passed (const char *check)
{
  if (passed_checks->len > 0)
    g_string_append_c (passed_checks, ',');
  g_string_append (passed_checks, check);
}

#define CHECK(cond, check, ...) \
  G_STMT_START { if (!(cond)) broken ((check), __VA_ARGS__); } G_STMT_END

/* Printed just before the fault is raised, for the driver's clock. */
static gint64 raised_at;

static void
announce_raise (void)
{
  if (raised_at != 0)
    return;
  raised_at = g_get_monotonic_time ();
  say ("raise t=%" G_GINT64_FORMAT, raised_at);
}

/* ------------------------------------------------------------------------
 * The faults
 * ------------------------------------------------------------------------ */

/* Through a volatile: the compiler must not see through it. */
static void * volatile sink;

typedef struct {
  const char *name;
  TestFault fault;
  /* What the container must report if it heals the fault. */
  HealingFaultKind kind;
  int signal_number;
} RawFault;

static const RawFault raw_faults[] = {
  { "null-deref", TEST_FAULT_NULL_DEREF, HEALING_FAULT_CRASH, SIGSEGV },
  { "divide-by-zero", TEST_FAULT_DIVIDE_BY_ZERO, HEALING_FAULT_CRASH, SIGFPE },
  { "abort", TEST_FAULT_ABORT, HEALING_FAULT_CRASH, SIGABRT },
  { "assert", TEST_FAULT_ASSERT, HEALING_FAULT_CRASH, SIGABRT },
  { "recursion", TEST_FAULT_RECURSION, HEALING_FAULT_CRASH, SIGSEGV },
  { "critical", TEST_FAULT_RETURN_IF_FAIL, HEALING_FAULT_CRITICAL, 0 },
  { "infinite-loop", TEST_FAULT_INFINITE_LOOP, HEALING_FAULT_HANG, 0 },
  { "double-free-large", TEST_FAULT_DOUBLE_FREE_LARGE, HEALING_FAULT_CRASH, SIGABRT },
  { "free-stack", TEST_FAULT_FREE_STACK, HEALING_FAULT_CRASH, SIGABRT },
  { "heap-overflow", TEST_FAULT_HEAP_OVERFLOW, HEALING_FAULT_CRASH, SIGABRT },
  { "tcache-double-free", TEST_FAULT_TCACHE_DOUBLE_FREE, HEALING_FAULT_CRASH, SIGABRT },
  { "malloc-loop", TEST_FAULT_MALLOC_LOOP, HEALING_FAULT_HANG, 0 },
  { "mmap-loop", TEST_FAULT_MMAP_LOOP, HEALING_FAULT_HANG, 0 },
};

/* The fault of this run: a raw fault, or a scenario's own. */
static const RawFault *raw;

static void
raise_now (const RawFault *fault)
{
  announce_raise ();
  test_fault_raise (fault->fault);
}

/* ------------------------------------------------------------------------
 * AppWidget: draws green, faults once in the phase it is armed for, and
 * may fault in its dispose
 * ------------------------------------------------------------------------ */

typedef enum {
  PHASE_NONE,
  PHASE_MEASURE,
  PHASE_ALLOCATE,
  PHASE_SNAPSHOT,
} Phase;

#define APP_TYPE_WIDGET (app_widget_get_type ())
G_DECLARE_FINAL_TYPE (AppWidget, app_widget, APP, WIDGET, GtkWidget)

struct _AppWidget
{
  GtkWidget parent_instance;

  const RawFault *fault;
  Phase phase;
  /* Faults every time, not once. */
  gboolean persistent;
  guint draws;
  gboolean crash_in_dispose;
};

G_DEFINE_FINAL_TYPE (AppWidget, app_widget, GTK_TYPE_WIDGET)

static gboolean dispose_ran;

static void
maybe_fault (AppWidget *self,
             Phase      phase)
{
  const RawFault *fault = self->fault;

  if (fault == NULL || self->phase != phase)
    return;

  /* Once: after a reset the child works again. */
  if (!self->persistent)
    self->fault = NULL;
  raise_now (fault);
}

static void
app_widget_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  maybe_fault (APP_WIDGET (widget), PHASE_MEASURE);
  *minimum = *natural = 40;
}

static void
app_widget_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  maybe_fault (APP_WIDGET (widget), PHASE_ALLOCATE);
}

static void
app_widget_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  AppWidget *self = APP_WIDGET (widget);
  GdkRGBA green = { 0, 1, 0, 1 };

  self->draws++;
  maybe_fault (self, PHASE_SNAPSHOT);
  gtk_snapshot_append_color (snapshot, &green,
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
}

static void
app_widget_dispose (GObject *object)
{
  AppWidget *self = APP_WIDGET (object);

  if (self->crash_in_dispose)
    {
      self->crash_in_dispose = FALSE;
      dispose_ran = TRUE;
      raise_now (&raw_faults[0]);
    }

  G_OBJECT_CLASS (app_widget_parent_class)->dispose (object);
}

static void
app_widget_class_init (AppWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = app_widget_dispose;
  widget_class->measure = app_widget_measure;
  widget_class->size_allocate = app_widget_size_allocate;
  widget_class->snapshot = app_widget_snapshot;
}

static void
app_widget_init (AppWidget *self)
{
}

static void
app_widget_arm (AppWidget      *self,
                const RawFault *fault,
                Phase           phase)
{
  self->fault = fault;
  self->phase = phase;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * AppModel: a shared model with a property that bindings follow, whose
 * setter crashes on 666, and a signal
 * ------------------------------------------------------------------------ */

#define APP_TYPE_MODEL (app_model_get_type ())
G_DECLARE_FINAL_TYPE (AppModel, app_model, APP, MODEL, GObject)

struct _AppModel
{
  GObject parent_instance;

  int value;
};

G_DEFINE_FINAL_TYPE (AppModel, app_model, G_TYPE_OBJECT)

enum { MODEL_PROP_0, MODEL_PROP_VALUE, MODEL_N_PROPS };
static GParamSpec *model_props[MODEL_N_PROPS];
static guint model_poke_signal;

static void
app_model_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_set_int (value, APP_MODEL (object)->value);
}

static void
app_model_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AppModel *self = APP_MODEL (object);
  int v = g_value_get_int (value);

  if (v == 666)
    raise_now (&raw_faults[0]);

  if (self->value != v)
    {
      self->value = v;
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
app_model_class_init (AppModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = app_model_get_property;
  object_class->set_property = app_model_set_property;

  model_props[MODEL_PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, MODEL_N_PROPS, model_props);

  model_poke_signal = g_signal_new ("poke", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
app_model_init (AppModel *self)
{
}

/* A type whose class_init crashes: the first g_object_new () of it runs
 * class_init under GObject's class-init lock. */
#define APP_TYPE_FRAGILE (app_fragile_get_type ())
G_DECLARE_FINAL_TYPE (AppFragile, app_fragile, APP, FRAGILE, GObject)

struct _AppFragile
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (AppFragile, app_fragile, G_TYPE_OBJECT)

static void
app_fragile_class_init (AppFragileClass *klass)
{
  raise_now (&raw_faults[0]);
}

static void
app_fragile_init (AppFragile *self)
{
}

/* ------------------------------------------------------------------------
 * The window
 * ------------------------------------------------------------------------ */

typedef struct {
  GtkWidget *window;
  GtkWidget *box;
  HealingContainer *cell;
  GtkWidget *child;          /* the cell's child */
  HealingContainer *second;
  AppWidget *second_child;
  HealingContainer *sibling;
  GtkWidget *sibling_button;
  AppModel *model;
  AppModel *bound;           /* follows model:value through a binding */
  AppModel *emitter;

  guint guarded_clicks;
  guint plain_clicks;
  guint late_clicks;
  guint model_notifies;
  guint logged;
  guint snapshot_at_fault;
  guint snapshot_at_healthy;
  guint snapshot_at_healed;
  gboolean saw_healthy;
  gboolean saw_healed;
  gboolean saw_frame_after_healthy;
  guint snapshot_after_healthy_frame;
  guint retries;
  guint n_reports;
  HealingStrategy last_strategy;
  GMutex lock;
} App;

static App app;

static void
guarded_clicked_cb (GtkButton *button,
                    gpointer   data)
{
  app.guarded_clicks++;
}

static void
plain_clicked_cb (GtkButton *button,
                  gpointer   data)
{
  app.plain_clicks++;
}

static void
late_clicked_cb (GtkButton *button,
                 gpointer   data)
{
  app.late_clicks++;
}

static void
model_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  app.model_notifies++;
}

static void
capture_log_cb (const char     *log_domain,
                GLogLevelFlags  log_level,
                const char     *message,
                gpointer        data)
{
  if (strstr (message, "still logging") != NULL)
    app.logged++;
}

static gboolean
expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Predicate) (gpointer data);

/* Iterates the main loop until @predicate holds; a broken check after
 * WAIT_MS. */
static void
wait_for (Predicate   predicate,
          gpointer    data,
          const char *check)
{
  gboolean expired = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, expired_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired)
    broken (check, "not within %d ms", WAIT_MS);
  g_source_remove (timeout);
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

static gboolean
painted_enough (gpointer data)
{
  guint *painted = data;

  if (painted[0] < painted[1])
    gtk_widget_queue_draw (app.window);
  return painted[0] >= painted[1];
}

static void
wait_frames (guint       n,
             const char *check)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (app.window);
  guint painted[2] = { 0, n };
  gulong id;

  CHECK (clock != NULL, check, "the window has no frame clock");
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted[0]);
  gtk_widget_queue_draw (app.window);
  wait_for (painted_enough, painted, check);
  g_signal_handler_disconnect (clock, id);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
build_window (GtkWidget *cell_child)
{
  GtkWidget *sibling_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  app.box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  app.cell = HEALING_CONTAINER (healing_container_new ());
  healing_container_set_component_id (app.cell, "Cell");
  healing_container_set_hang_timeout (app.cell, HANG_TIMEOUT_MS);
  gtk_widget_set_vexpand (GTK_WIDGET (app.cell), TRUE);
  app.child = cell_child;
  healing_container_set_child (app.cell, cell_child);
  gtk_box_append (GTK_BOX (app.box), GTK_WIDGET (app.cell));

  app.second = HEALING_CONTAINER (healing_container_new ());
  healing_container_set_component_id (app.second, "Second");
  app.second_child = g_object_new (APP_TYPE_WIDGET, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (app.second_child), -1, 40);
  healing_container_set_child (app.second, GTK_WIDGET (app.second_child));
  gtk_box_append (GTK_BOX (app.box), GTK_WIDGET (app.second));

  app.sibling = HEALING_CONTAINER (healing_container_new ());
  healing_container_set_component_id (app.sibling, "Sibling");
  app.sibling_button = gtk_button_new_with_label ("Sibling");
  healing_signal_connect (app.sibling_button, "clicked", G_CALLBACK (guarded_clicked_cb), NULL);
  g_signal_connect (app.sibling_button, "clicked", G_CALLBACK (plain_clicked_cb), NULL);
  healing_container_set_child (app.sibling, app.sibling_button);
  gtk_box_append (GTK_BOX (sibling_box), GTK_WIDGET (app.sibling));
  gtk_box_append (GTK_BOX (app.box), sibling_box);

  app.model = g_object_new (APP_TYPE_MODEL, NULL);
  app.bound = g_object_new (APP_TYPE_MODEL, NULL);
  app.emitter = g_object_new (APP_TYPE_MODEL, NULL);
  g_object_bind_property (app.model, "value", app.bound, "value", G_BINDING_DEFAULT);
  g_signal_connect (app.model, "notify::value", G_CALLBACK (model_notify_cb), NULL);

  app.window = healing_test_window_new (app.box);
}

/* ------------------------------------------------------------------------
 * The health checks
 * ------------------------------------------------------------------------ */

static gboolean
cell_has_fault (gpointer data)
{
  return healing_container_get_fault_count (app.cell) >= GPOINTER_TO_UINT (data);
}

static gboolean
second_has_fault (gpointer data)
{
  return healing_container_get_fault_count (app.second) >= 1;
}

static gboolean
widget_drew (gpointer data)
{
  return APP_WIDGET (data)->draws > 0;
}

static gboolean
cell_healthy_and_drawn (gpointer data)
{
  guint *draws = data;

  return healing_container_get_state (app.cell) == HEALING_STATE_HEALTHY &&
         gtk_widget_get_parent (app.child) == GTK_WIDGET (app.cell) &&
         (!APP_IS_WIDGET (app.child) || APP_WIDGET (app.child)->draws > *draws);
}

static const char *
state_name (HealingState state)
{
  static const char *names[] = {
    "healthy", "fallback", "isolated", "retrying", "open-circuit", "awaiting-patch",
  };

  return state < G_N_ELEMENTS (names) ? names[state] : "unknown";
}

static guint
log_entries_of (const char *component_id)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint i, n = 0;

  for (i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), component_id) == 0)
        n++;
    }

  return n;
}

static guint
log_length (void)
{
  return g_list_model_get_n_items (healing_runtime_get_fault_log (healing_runtime_get_default ()));
}

static const char *
describe_last_fault (void)
{
  static char *text;
  HealingFault *fault = healing_container_get_last_fault (app.cell);

  g_free (text);
  text = fault != NULL ? healing_fault_to_string (fault) : g_strdup ("none");
  return text;
}

/* The decisions the runtime's log holds for Cell, in order. */
static const char *
log_strategies (void)
{
  static GString *text;
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint i;

  if (text == NULL)
    text = g_string_new (NULL);
  g_string_truncate (text, 0);
  for (i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), "Cell") == 0)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "",
                                healing_strategy_to_string (healing_fault_entry_get_strategy (entry)));
    }
  return text->str;
}

/* The container reports the fault. */
static void
check_fault_reported (const RawFault *expected)
{
  HealingFault *fault = healing_container_get_last_fault (app.cell);

  CHECK (fault != NULL, "last-fault", "no last fault");
  CHECK (healing_container_get_fault_count (app.cell) >= 1, "fault-count", "0");
  if (expected != NULL)
    {
      CHECK (healing_fault_get_kind (fault) == expected->kind, "fault-kind",
             "kind %d, expected %d (%s)", healing_fault_get_kind (fault), expected->kind,
             healing_fault_get_message (fault));
      CHECK (healing_fault_get_signal (fault) == expected->signal_number, "fault-signal",
             "signal %d, expected %d", healing_fault_get_signal (fault), expected->signal_number);
      if (expected->kind == HEALING_FAULT_HANG)
        CHECK (healing_runtime_get_tainted (healing_runtime_get_default ()), "hang-taints",
               "a trapped hang did not taint the process");
    }
  CHECK (log_entries_of ("Cell") >= 1, "fault-log", "the runtime's log has no entry for Cell");
  passed ("reported");
}

static void
check_fallback_shown (void)
{
  GtkWidget *shown = gtk_widget_get_first_child (GTK_WIDGET (app.cell));
  HealingState state = healing_container_get_state (app.cell);

  CHECK (state == HEALING_STATE_FALLBACK, "fallback-state",
         "state %s after %u faults (decisions %s), the last: %s",
         state_name (state), healing_container_get_fault_count (app.cell), log_strategies (),
         describe_last_fault ());
  CHECK (shown != NULL && shown != app.child, "fallback-shown", "shown: %s",
         shown != NULL ? G_OBJECT_TYPE_NAME (shown) : "nothing");
  CHECK (gtk_widget_get_mapped (shown), "fallback-mapped", "the fallback is not mapped");
  passed ("fallback");
}

static void
check_main_loop_turns (void)
{
  gboolean fired = FALSE;

  g_timeout_add (20, expired_cb, &fired);
  wait_for (flag_set, &fired, "main-loop");
  passed ("main-loop");
}

static void
check_sibling_handlers (void)
{
  guint guarded = app.guarded_clicks, plain = app.plain_clicks;

  g_signal_emit_by_name (app.sibling_button, "clicked");
  CHECK (app.guarded_clicks == guarded + 1, "sibling-guarded-handler",
         "ran %u times", app.guarded_clicks - guarded);
  CHECK (app.plain_clicks == plain + 1, "sibling-plain-handler",
         "ran %u times", app.plain_clicks - plain);

  /* GLib's signal lock is free: a new handler connects and runs. */
  g_signal_connect (app.sibling_button, "clicked", G_CALLBACK (late_clicked_cb), NULL);
  g_signal_emit_by_name (app.sibling_button, "clicked");
  CHECK (app.late_clicks == 1, "sibling-new-handler", "ran %u times", app.late_clicks);
  passed ("handlers");
}

static void
check_notify (void)
{
  guint notifies = app.model_notifies;
  int value = app.model->value + 1;

  g_object_set (app.model, "value", value, NULL);
  CHECK (app.model_notifies == notifies + 1, "notify", "%u notifications",
         app.model_notifies - notifies);
  CHECK (app.bound->value == value, "binding", "bound value %d, expected %d",
         app.bound->value, value);
  passed ("notify");
}

/* A writer-independent check: GLib's g_log () path with a handler of our
 * own, and the library's writer with a structured message. */
static void
check_logging (void)
{
  guint id = g_log_set_handler (APP_DOMAIN, G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_WARNING,
                                capture_log_cb, NULL);

  g_log (APP_DOMAIN, G_LOG_LEVEL_MESSAGE, "still logging (message)");
  g_log (APP_DOMAIN, G_LOG_LEVEL_WARNING, "still logging (warning)");
  g_log_remove_handler (APP_DOMAIN, id);
  CHECK (app.logged == 2, "logging", "%u of 2 messages arrived", app.logged);

  g_log_structured (APP_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "still logging (structured)");
  passed ("logging");
}

static void
check_new_widget_draws (void)
{
  GtkWidget *fresh = g_object_new (APP_TYPE_WIDGET, NULL);

  gtk_widget_set_size_request (fresh, 30, 30);
  gtk_box_append (GTK_BOX (app.box), fresh);
  wait_for (widget_drew, fresh, "new-widget-draws");
  passed ("new-widget");
}

static void
check_second_fault_caught (void)
{
  app_widget_arm (app.second_child, &raw_faults[0], PHASE_SNAPSHOT);
  gtk_widget_queue_draw (GTK_WIDGET (app.second_child));
  wait_for (second_has_fault, NULL, "second-fault");
  CHECK (healing_container_get_state (app.second) != HEALING_STATE_HEALTHY, "second-fault-state",
         "Second is still healthy");
  passed ("second-fault");
}

static void
check_reset (void)
{
  guint draws = APP_IS_WIDGET (app.child) ? APP_WIDGET (app.child)->draws : 0;

  healing_container_reset (app.cell);
  wait_for (cell_healthy_and_drawn, &draws, "reset");
  passed ("reset");
}

static void
check_rest_of_process (void)
{
  check_main_loop_turns ();
  check_sibling_handlers ();
  check_notify ();
  check_logging ();
  check_new_widget_draws ();
  check_second_fault_caught ();
  wait_frames (2, "frames");
  passed ("frames");
}

G_GNUC_NORETURN static void
healed (void)
{
  HealingFault *fault = healing_container_get_last_fault (app.cell);

  say ("outcome=healed fault=%s where=%s caught_after_ms=%" G_GINT64_FORMAT
       " faults=%u state=%s tainted=%d log=%u last=\"%s\" checks=%s",
       fault_name, where_name,
       fault != NULL && raised_at != 0 ? (healing_fault_get_time (fault) - raised_at) / 1000 : -1,
       healing_container_get_fault_count (app.cell),
       state_name (healing_container_get_state (app.cell)),
       healing_runtime_get_tainted (healing_runtime_get_default ()),
       log_length (),
       fault != NULL ? healing_fault_get_message (fault) : "",
       passed_checks->str);
  _exit (0);
}

/* ------------------------------------------------------------------------
 * Raising a raw fault in a phase, a guarded handler or a guarded idle
 * ------------------------------------------------------------------------ */

static void
raising_clicked_cb (GtkButton *button,
                    gpointer   data)
{
  raise_now (raw);
}

static gboolean
raising_idle_cb (gpointer data)
{
  raise_now (raw);
  return G_SOURCE_REMOVE;
}

typedef enum {
  WHERE_MEASURE,
  WHERE_ALLOCATE,
  WHERE_SNAPSHOT,
  WHERE_HANDLER,
  WHERE_IDLE,
  /* While the child draws, in a container with trusted-drawing set: not
   * trapped. */
  WHERE_TRUSTED_SNAPSHOT,
  WHERE_OUTSIDE,
  WHERE_THREAD,
  WHERE_REPORTED,
  WHERE_LAST
} Where;

static const char *where_names[] = {
  "measure", "allocate", "snapshot", "handler", "idle", "trusted-snapshot", "outside", "thread",
  "reported",
};

static Where where;

/* Builds the cell's child for @where. */
static GtkWidget *
child_for (Where w)
{
  if (w == WHERE_HANDLER)
    {
      GtkWidget *button = gtk_button_new_with_label ("Target");

      healing_signal_connect (button, "clicked", G_CALLBACK (raising_clicked_cb), NULL);
      return button;
    }

  return g_object_new (APP_TYPE_WIDGET, NULL);
}

/* Raises the fault of this run where it was asked for, from the main loop
 * (a fault in a widget phase happens in the next frame). */
static gboolean
trigger_cb (gpointer data)
{
  switch (where)
    {
    case WHERE_MEASURE:
      app_widget_arm (APP_WIDGET (app.child), raw, PHASE_MEASURE);
      break;
    case WHERE_ALLOCATE:
      app_widget_arm (APP_WIDGET (app.child), raw, PHASE_ALLOCATE);
      break;
    case WHERE_SNAPSHOT:
      app_widget_arm (APP_WIDGET (app.child), raw, PHASE_SNAPSHOT);
      gtk_widget_queue_draw (app.child);
      break;
    case WHERE_TRUSTED_SNAPSHOT:
      healing_container_set_trusted_drawing (app.cell, TRUE);
      app_widget_arm (APP_WIDGET (app.child), raw, PHASE_SNAPSHOT);
      gtk_widget_queue_draw (app.child);
      break;
    case WHERE_HANDLER:
      g_signal_emit_by_name (app.child, "clicked");
      break;
    case WHERE_IDLE:
      healing_idle_add (app.cell, raising_idle_cb, NULL);
      break;
    case WHERE_OUTSIDE:
      /* A plain idle, in no container at all. */
      g_idle_add (raising_idle_cb, NULL);
      break;
    case WHERE_THREAD:
    case WHERE_REPORTED:
    case WHERE_LAST:
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
wait_for_cell_fault (guint n)
{
  wait_for (cell_has_fault, GUINT_TO_POINTER (n), "fault-reported");
  /* Let the settle idle and the swap run. */
  wait_frames (2, "frames-after-fault");
}

static int
run_raw (void)
{
  build_window (child_for (where));
  g_idle_add (trigger_cb, NULL);
  wait_for_cell_fault (1);

  check_fault_reported (raw);
  check_fallback_shown ();
  check_rest_of_process ();
  check_reset ();
  healed ();
}

/* ------------------------------------------------------------------------
 * Scenarios: faults that need a setting of their own
 * ------------------------------------------------------------------------ */

static gboolean armed;

/* GtkDrawingArea::resize, connected with plain g_signal_connect (): runs
 * inside the container's guarded allocate, inside g_signal_emit (). */
static void
crashing_resize_cb (GtkDrawingArea *area,
                    int             width,
                    int             height,
                    gpointer        data)
{
  if (armed)
    raise_now (&raw_faults[0]);
}

static gboolean
arm_resize_cb (gpointer data)
{
  armed = TRUE;
  gtk_widget_set_size_request (app.child, 77, 55);
  return G_SOURCE_REMOVE;
}

static int
scenario_resize_handler (void)
{
  GtkWidget *area = gtk_drawing_area_new ();

  g_signal_connect (area, "resize", G_CALLBACK (crashing_resize_cb), NULL);
  build_window (area);
  g_idle_add (arm_resize_cb, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_fallback_shown ();
  check_rest_of_process ();
  healed ();
}

/* A plain handler of a signal that guarded code emits. */
static void
crashing_poke_cb (AppModel *model,
                  gpointer  data)
{
  raise_now (&raw_faults[0]);
}

static void
emit_poke (void)
{
  g_signal_emit (app.emitter, model_poke_signal, 0);
}

static void
emitting_clicked_cb (GtkButton *button,
                     gpointer   data)
{
  emit_poke ();
}

static gboolean
emitting_idle_cb (gpointer data)
{
  emit_poke ();
  return G_SOURCE_REMOVE;
}

static gboolean
emit_trigger_cb (gpointer data)
{
  if (where == WHERE_HANDLER)
    g_signal_emit_by_name (app.child, "clicked");
  else
    healing_idle_add (app.cell, emitting_idle_cb, NULL);
  return G_SOURCE_REMOVE;
}

static int
scenario_emit_plain_handler (void)
{
  GtkWidget *child;

  if (where == WHERE_HANDLER)
    {
      child = gtk_button_new_with_label ("Target");
      healing_signal_connect (child, "clicked", G_CALLBACK (emitting_clicked_cb), NULL);
    }
  else
    child = g_object_new (APP_TYPE_WIDGET, NULL);

  build_window (child);
  g_signal_connect (app.emitter, "poke", G_CALLBACK (crashing_poke_cb), NULL);
  g_idle_add (emit_trigger_cb, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_fallback_shown ();
  check_rest_of_process ();
  healed ();
}

/* g_object_set () on the shared model from a guarded idle: its setter
 * crashes inside GObject's notify freeze. */
static gboolean
set_property_idle_cb (gpointer data)
{
  g_object_set (app.model, "value", 666, NULL);
  return G_SOURCE_REMOVE;
}

/* The first g_object_new () of a type whose class_init crashes. */
static gboolean
class_init_idle_cb (gpointer data)
{
  sink = g_object_new (APP_TYPE_FRAGILE, NULL);
  return G_SOURCE_REMOVE;
}

static int
scenario_in_idle (GSourceFunc func)
{
  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  healing_idle_add (app.cell, func, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_fallback_shown ();
  check_rest_of_process ();
  check_reset ();
  healed ();
}

/* A cairo user font whose glyph renderer crashes, drawn from a
 * GtkDrawingArea's draw function: cairo holds the scaled font's lock. */
static cairo_status_t
crashing_render_glyph (cairo_scaled_font_t  *scaled_font,
                       unsigned long         glyph,
                       cairo_t              *cr,
                       cairo_text_extents_t *extents)
{
  raise_now (&raw_faults[0]);
  return CAIRO_STATUS_SUCCESS;
}

static void
user_font_draw (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  cairo_font_face_t *face;

  cairo_set_source_rgb (cr, 0, 1, 0);
  cairo_paint (cr);
  if (!armed)
    return;

  face = cairo_user_font_face_create ();
  cairo_user_font_face_set_render_glyph_func (face, crashing_render_glyph);
  cairo_set_font_face (cr, face);
  cairo_set_font_size (cr, 20);
  cairo_move_to (cr, 5, 25);
  cairo_show_text (cr, "A");
  cairo_font_face_destroy (face);
}

static gboolean
arm_draw_cb (gpointer data)
{
  armed = TRUE;
  gtk_widget_queue_draw (app.child);
  return G_SOURCE_REMOVE;
}

static int
scenario_user_font (void)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 60);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 40);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), user_font_draw, NULL, NULL);
  build_window (area);
  g_idle_add (arm_draw_cb, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_fallback_shown ();
  check_rest_of_process ();
  healed ();
}

/* Crashes while holding an application mutex: nothing can see the lock,
 * the fault is healed; the next lock of it from an idle blocks the main
 * loop, and only the heartbeat can end that. */
static gboolean
crash_holding_lock_cb (gpointer data)
{
  g_mutex_lock (&app.lock);
  raise_now (&raw_faults[0]);
  g_mutex_unlock (&app.lock);
  return G_SOURCE_REMOVE;
}

static gboolean
lock_again_cb (gpointer data)
{
  say ("stage=locking t=%" G_GINT64_FORMAT, g_get_monotonic_time ());
  g_mutex_lock (&app.lock);
  g_mutex_unlock (&app.lock);
  say ("stage=locked");
  return G_SOURCE_REMOVE;
}

static int
scenario_mutex (void)
{
  gboolean never = FALSE;

  g_mutex_init (&app.lock);
  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  healing_idle_add (app.cell, crash_holding_lock_cb, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_fallback_shown ();
  check_rest_of_process ();
  say ("stage=healed checks=%s", passed_checks->str);

  g_idle_add (lock_again_cb, NULL);
  /* The heartbeat must end this; the driver's timeout catches it if not. */
  while (!never)
    g_main_context_iteration (NULL, TRUE);
  return 1;
}

/* The fallback factory crashes: the container isolates. */
static GtkWidget *
crashing_factory (HealingContainer *container,
                  HealingFault     *fault,
                  gpointer          data)
{
  raise_now (&raw_faults[0]);
  return NULL;
}

static int
scenario_fallback_factory (void)
{
  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  healing_container_set_fallback_factory (app.cell, crashing_factory, NULL, NULL);
  app_widget_arm (APP_WIDGET (app.child), &raw_faults[1], PHASE_SNAPSHOT);
  wait_for_cell_fault (1);
  wait_frames (2, "frames-after-factory");

  check_fault_reported (NULL);
  CHECK (healing_container_get_state (app.cell) == HEALING_STATE_ISOLATED, "isolated",
         "state %s, fault count %u", state_name (healing_container_get_state (app.cell)),
         healing_container_get_fault_count (app.cell));
  CHECK (gtk_widget_get_first_child (GTK_WIDGET (app.cell)) == NULL, "isolated-empty",
         "the isolated container shows %s",
         G_OBJECT_TYPE_NAME (gtk_widget_get_first_child (GTK_WIDGET (app.cell))));
  passed ("isolated");
  check_rest_of_process ();
  healing_container_set_fallback_factory (app.cell, NULL, NULL, NULL);
  check_reset ();
  healed ();
}

/* A guarded handler of the container's own ::fault or ::state-changed
 * crashes: a fault of the container, not of its fallback. */
static void
crashing_container_signal_cb (HealingContainer *container)
{
  raise_now (&raw_faults[0]);
}

static int
scenario_container_signal (const char *signal_name)
{
  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  healing_signal_connect (app.cell, signal_name, G_CALLBACK (crashing_container_signal_cb), NULL);
  app_widget_arm (APP_WIDGET (app.child), &raw_faults[1], PHASE_SNAPSHOT);
  wait_for_cell_fault (2);
  wait_frames (2, "frames-after-handler");

  CHECK (healing_container_get_fault_count (app.cell) == 2, "fault-count",
         "%u faults, expected 2 (the child's and the handler's)",
         healing_container_get_fault_count (app.cell));
  CHECK (log_entries_of ("Cell") >= 2, "fault-log", "%u entries for Cell", log_entries_of ("Cell"));
  passed ("reported");
  check_fallback_shown ();
  CHECK (G_TYPE_CHECK_INSTANCE_TYPE (gtk_widget_get_first_child (GTK_WIDGET (app.cell)),
                                     g_type_from_name ("HealingFaultView")),
         "fallback-is-default", "shown: %s",
         G_OBJECT_TYPE_NAME (gtk_widget_get_first_child (GTK_WIDGET (app.cell))));
  check_rest_of_process ();
  check_reset ();
  healed ();
}

/* A faulted child crashes in its dispose when the container lets go of
 * it: recorded, tainting, and the process is fine. */
static int
scenario_dispose (void)
{
  AppWidget *faulty = g_object_new (APP_TYPE_WIDGET, NULL);
  guint log_before, draws;

  faulty->crash_in_dispose = TRUE;
  build_window (GTK_WIDGET (faulty));
  app_widget_arm (faulty, &raw_faults[1], PHASE_SNAPSHOT);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[1]);
  check_fallback_shown ();

  /* A new child: the container drops the faulted one, its last reference. */
  log_before = log_length ();
  app.child = g_object_new (APP_TYPE_WIDGET, NULL);
  draws = 0;
  healing_container_set_child (app.cell, app.child);
  wait_frames (2, "frames-after-dispose");
  CHECK (dispose_ran, "dispose-ran", "the faulted child was not disposed");
  CHECK (log_length () > log_before, "dispose-logged",
         "the fault in dispose is not in the runtime's log (%u entries before, %u after)",
         log_before, log_length ());
  CHECK (healing_runtime_get_tainted (healing_runtime_get_default ()), "dispose-taints",
         "a fault during cleanup did not taint the process");
  passed ("dispose-recorded");
  wait_for (cell_healthy_and_drawn, &draws, "new-child-shown");
  passed ("new-child");
  check_rest_of_process ();
  healed ();
}

/* Truth: restore after a critical in the child's snapshot runs the child
 * again before anything says healed, and a state that says healthy is
 * true: the child's snapshot runs again in the very next frame (GTK's
 * cached render node of the faulted frame is not reused). The state is
 * polled after every main-loop iteration: the first time after the fault
 * that it reads healthy, the snapshots are counted, and again after the
 * next frame; the outcome's are counted when it turns healed. */
static void
restore_fault_cb (HealingContainer *container,
                  HealingFault     *fault)
{
  if (app.snapshot_at_fault == 0)
    app.snapshot_at_fault = APP_WIDGET (app.child)->draws;
}

static void
note_healthy (void)
{
  if (app.snapshot_at_fault > 0 && !app.saw_healthy &&
      healing_container_get_state (app.cell) == HEALING_STATE_HEALTHY)
    {
      app.saw_healthy = TRUE;
      app.snapshot_at_healthy = APP_WIDGET (app.child)->draws;
    }
}

static void
restore_state_cb (HealingContainer *container,
                  HealingState      state)
{
  note_healthy ();
}

static void
restore_after_paint_cb (GdkFrameClock *clock)
{
  note_healthy ();
  if (app.saw_healthy && !app.saw_frame_after_healthy)
    {
      app.saw_frame_after_healthy = TRUE;
      app.snapshot_after_healthy_frame = APP_WIDGET (app.child)->draws;
    }
}

static void
outcome_cb (HealingFaultEntry *entry,
            GParamSpec        *pspec)
{
  if (healing_fault_entry_get_outcome (entry) == HEALING_OUTCOME_HEALED && !app.saw_healed)
    {
      app.saw_healed = TRUE;
      app.snapshot_at_healed = APP_WIDGET (app.child)->draws;
    }
}

static void
log_changed_cb (GListModel *log,
                guint       position,
                guint       removed,
                guint       added)
{
  guint i;

  for (i = position; i < position + added; i++)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), "Cell") == 0)
        g_signal_connect (entry, "notify::outcome", G_CALLBACK (outcome_cb), NULL);
    }
}

static gboolean
saw_healthy_and_healed (gpointer data)
{
  note_healthy ();
  return app.saw_frame_after_healthy && app.saw_healed;
}

static int
scenario_restore_critical (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  HealingStrategy chain[] = { HEALING_STRATEGY_RESTORE, HEALING_STRATEGY_FALLBACK };

  healing_policy_set_escalation (policy, chain, G_N_ELEMENTS (chain));
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  CHECK (healing_container_checkpoint (app.cell) != NULL, "checkpoint", "no checkpoint taken");
  g_signal_connect (app.cell, "fault", G_CALLBACK (restore_fault_cb), NULL);
  g_signal_connect (app.cell, "state-changed", G_CALLBACK (restore_state_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (app.window), "after-paint",
                    G_CALLBACK (restore_after_paint_cb), NULL);
  g_signal_connect (healing_runtime_get_fault_log (healing_runtime_get_default ()),
                    "items-changed", G_CALLBACK (log_changed_cb), NULL);

  app_widget_arm (APP_WIDGET (app.child), &raw_faults[5], PHASE_SNAPSHOT);
  gtk_widget_queue_draw (app.child);
  wait_for (cell_has_fault, GUINT_TO_POINTER (1), "fault-reported");
  wait_for (saw_healthy_and_healed, NULL, "healthy-and-healed");

  say ("restore: draws at fault %u, when the state read healthy %u, after the next frame %u, "
       "when the outcome turned healed %u",
       app.snapshot_at_fault, app.snapshot_at_healthy, app.snapshot_after_healthy_frame,
       app.snapshot_at_healed);
  CHECK (app.snapshot_after_healthy_frame > app.snapshot_at_fault, "snapshot-after-healthy",
         "the state said healthy, and after the next frame the child had %u snapshots, "
         "as many as at the fault: GTK reused the faulted frame's node",
         app.snapshot_after_healthy_frame);
  CHECK (app.snapshot_at_healed > app.snapshot_at_fault, "snapshot-before-healed",
         "outcome healed with %u snapshots, as many as at the fault",
         app.snapshot_at_healed);
  passed ("restore-reran-child");
  CHECK (healing_container_get_fault_count (app.cell) == 1, "one-fault", "%u faults",
         healing_container_get_fault_count (app.cell));
  check_rest_of_process ();
  healed ();
}

/* Truth: a reported error redone on ::retry that fails again later than
 * 1 s still escalates. */
#define REPORT_LATER_MS 1200
#define MAX_REPORTS 6

static GString *attempts;

static gboolean
report_again_cb (gpointer data)
{
  g_autoptr (GError) error = g_error_new_literal (g_quark_from_static_string ("fault-app-error"),
                                                 1, "the operation failed again");

  app.n_reports++;
  healing_container_report_error (app.cell, error);
  return G_SOURCE_REMOVE;
}

static void
retry_cb_count (HealingContainer *container)
{
  app.retries++;
}

static void
retry_cb (HealingContainer *container)
{
  app.retries++;
  /* The redo fails, but only after a while. */
  g_timeout_add (REPORT_LATER_MS, report_again_cb, NULL);
}

static void
note_attempt_cb (HealingContainer *container,
                 HealingFault     *fault)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, g_list_model_get_n_items (log) - 1);
  HealingDecision *decision = healing_fault_entry_get_decision (entry);

  app.last_strategy = healing_decision_get_strategy (decision);
  g_string_append_printf (attempts, "%s%s:%u/%u", attempts->len > 0 ? "," : "",
                          healing_strategy_to_string (healing_decision_get_strategy (decision)),
                          healing_decision_get_step_attempt (decision),
                          healing_decision_get_step_attempts (decision));
}

/* Escalated: the policy decided on something other than a retry. */
static gboolean
escalated (void)
{
  return app.n_reports > 0 && app.last_strategy != HEALING_STRATEGY_RETRY;
}

static int
scenario_retry_report_error (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  HealingStrategy chain[] = { HEALING_STRATEGY_RETRY, HEALING_STRATEGY_FALLBACK };
  gboolean expired = FALSE;
  guint timeout;

  attempts = g_string_new (NULL);
  app.last_strategy = HEALING_STRATEGY_RETRY;
  healing_policy_set_escalation (policy, chain, G_N_ELEMENTS (chain));
  healing_policy_set_retry_max_attempts (policy, 3);
  healing_policy_set_retry_initial_delay (policy, 100);
  healing_policy_set_retry_multiplier (policy, 1.0);
  healing_policy_set_retry_jitter (policy, 0);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  g_signal_connect (app.cell, "retry", G_CALLBACK (retry_cb), NULL);
  g_signal_connect (app.cell, "fault", G_CALLBACK (note_attempt_cb), NULL);
  announce_raise ();
  report_again_cb (NULL);

  /* Bounded by MAX_REPORTS × (REPORT_LATER_MS + the delay). */
  timeout = g_timeout_add (MAX_REPORTS * (REPORT_LATER_MS + 500), expired_cb, &expired);
  while (!escalated () && app.n_reports < MAX_REPORTS && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);

  say ("retry: reports %u, retries %u, state %s, decisions %s", app.n_reports, app.retries,
       state_name (healing_container_get_state (app.cell)), attempts->str);
  /* Let the escalation's own decision take effect. */
  wait_frames (2, "frames-after-escalation");
  CHECK (escalated (), "escalates", "after %u reports and %u retries the state is %s (decisions %s)",
         app.n_reports, app.retries, state_name (healing_container_get_state (app.cell)),
         attempts->str);
  CHECK (app.retries <= 3, "retries-bounded", "%u retries for a budget of 3", app.retries);
  CHECK (healing_container_get_state (app.cell) == HEALING_STATE_FALLBACK, "escalated-to-fallback",
         "state %s after the escalation (decisions %s)",
         state_name (healing_container_get_state (app.cell)), attempts->str);
  passed ("escalated");
  check_rest_of_process ();
  healed ();
}

/* Truth: a redo on ::retry that works, reported with report_success (),
 * ends the episode as healed; the next failure starts a new one. */
static void
retry_succeeds_cb (HealingContainer *container)
{
  app.retries++;
  healing_container_report_success (container);
}

static HealingFaultEntry *
last_cell_entry (void)
{
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  guint i = g_list_model_get_n_items (log);

  while (i-- > 0)
    {
      g_autoptr (HealingFaultEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (healing_fault_entry_get_component_id (entry), "Cell") == 0)
        return entry;  /* the log holds a reference */
    }
  return NULL;
}

static gboolean
entry_healed (gpointer data)
{
  HealingFaultEntry *entry = data;

  return healing_fault_entry_get_outcome (entry) == HEALING_OUTCOME_HEALED;
}

static int
scenario_retry_report_success (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  HealingStrategy chain[] = { HEALING_STRATEGY_RETRY, HEALING_STRATEGY_FALLBACK };
  HealingFaultEntry *first, *second;

  attempts = g_string_new (NULL);
  healing_policy_set_escalation (policy, chain, G_N_ELEMENTS (chain));
  healing_policy_set_retry_max_attempts (policy, 3);
  healing_policy_set_retry_initial_delay (policy, 100);
  healing_policy_set_retry_jitter (policy, 0);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  g_signal_connect (app.cell, "retry", G_CALLBACK (retry_succeeds_cb), NULL);
  g_signal_connect (app.cell, "fault", G_CALLBACK (note_attempt_cb), NULL);
  announce_raise ();

  report_again_cb (NULL);
  wait_for (cell_has_fault, GUINT_TO_POINTER (1), "fault-reported");
  first = last_cell_entry ();
  CHECK (first != NULL, "fault-log", "no entry for Cell");
  wait_for (entry_healed, first, "first-episode-healed");
  CHECK (healing_container_get_state (app.cell) == HEALING_STATE_HEALTHY, "healthy-after-success",
         "state %s", state_name (healing_container_get_state (app.cell)));
  passed ("success-heals");

  /* A new failure later is a new episode: retry 1 again, not 2. */
  report_again_cb (NULL);
  wait_for (cell_has_fault, GUINT_TO_POINTER (2), "second-fault-reported");
  second = last_cell_entry ();
  CHECK (second != first, "second-entry", "no new entry");
  CHECK (healing_decision_get_step_attempt (healing_fault_entry_get_decision (second)) == 1,
         "new-episode", "the next failure is attempt %u (decisions %s)",
         healing_decision_get_step_attempt (healing_fault_entry_get_decision (second)),
         attempts->str);
  wait_for (entry_healed, second, "second-episode-healed");
  passed ("new-episode");
  say ("retry-success: retries %u, decisions %s", app.retries, attempts->str);
  check_rest_of_process ();
  healed ();
}

/* Truth: restart intensity in OTP terms. A child that crashes on every
 * frame, with a retry budget larger than max-restarts, is restarted at
 * most max-restarts times, then the chain escalates. */
#define MAX_RESTARTS 3

static gboolean
gave_up (gpointer data)
{
  HealingState state = healing_container_get_state (app.cell);

  return state == HEALING_STATE_FALLBACK || state == HEALING_STATE_ISOLATED;
}

static int
scenario_restart_intensity (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  HealingStrategy chain[] = { HEALING_STRATEGY_RETRY, HEALING_STRATEGY_FALLBACK };
  AppWidget *child = g_object_new (APP_TYPE_WIDGET, NULL);

  attempts = g_string_new (NULL);
  healing_policy_set_escalation (policy, chain, G_N_ELEMENTS (chain));
  healing_policy_set_retry_max_attempts (policy, 20);
  healing_policy_set_retry_initial_delay (policy, 50);
  healing_policy_set_retry_multiplier (policy, 1.0);
  healing_policy_set_retry_jitter (policy, 0);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  build_window (GTK_WIDGET (child));
  healing_container_set_max_restarts (app.cell, MAX_RESTARTS);
  g_signal_connect (app.cell, "retry", G_CALLBACK (retry_cb_count), NULL);
  g_signal_connect (app.cell, "fault", G_CALLBACK (note_attempt_cb), NULL);
  child->persistent = TRUE;
  app_widget_arm (child, &raw_faults[1], PHASE_SNAPSHOT);
  gtk_widget_queue_draw (GTK_WIDGET (child));

  wait_for (gave_up, NULL, "escalates");
  say ("restart-intensity: restarts %u, faults %u, decisions at ::fault %s, in the log %s, "
       "last outcome %d", app.retries, healing_container_get_fault_count (app.cell),
       attempts->str, log_strategies (), healing_fault_entry_get_outcome (last_cell_entry ()));
  CHECK (app.retries == MAX_RESTARTS, "max-restarts", "%u restarts, max-restarts %d (decisions %s)",
         app.retries, MAX_RESTARTS, attempts->str);
  CHECK (healing_container_get_fault_count (app.cell) == MAX_RESTARTS + 1, "fault-count",
         "%u faults", healing_container_get_fault_count (app.cell));
  passed ("bounded");
  child->persistent = FALSE;
  child->fault = NULL;
  check_rest_of_process ();
  check_reset ();
  healed ();
}

/* Truth: N report_error () calls in one main-loop iteration count N, in
 * the container and in the breaker. */
#define BURST 5

static gboolean
burst_cb (gpointer data)
{
  g_autoptr (GError) error = g_error_new_literal (g_quark_from_static_string ("fault-app-error"),
                                                 2, "one of a burst");
  guint i;

  announce_raise ();
  for (i = 0; i < BURST; i++)
    healing_container_report_error (app.cell, error);
  return G_SOURCE_REMOVE;
}

static int
scenario_burst_report_error (void)
{
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  HealingCircuitBreaker *breaker;
  guint failures;

  healing_policy_set_strategy (policy, HEALING_FAULT_CLASS_ERROR, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_threshold (policy, 2 * BURST);
  healing_runtime_set_policy (healing_runtime_get_default (), policy);

  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  g_idle_add (burst_cb, NULL);
  wait_for_cell_fault (BURST);
  wait_frames (2, "frames-after-burst");

  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), "Cell");
  CHECK (breaker != NULL, "breaker", "no breaker for Cell");
  failures = healing_circuit_breaker_get_failure_count (breaker);
  say ("burst: fault-count %u, breaker failures %u, log %u",
       healing_container_get_fault_count (app.cell), failures, log_entries_of ("Cell"));
  CHECK (healing_container_get_fault_count (app.cell) == BURST, "fault-count",
         "%u, expected %d", healing_container_get_fault_count (app.cell), BURST);
  CHECK (failures == BURST, "breaker-failures", "%u, expected %d", failures, BURST);
  CHECK (log_entries_of ("Cell") == BURST, "fault-log", "%u entries, expected %d",
         log_entries_of ("Cell"), BURST);
  passed ("counted");
  check_rest_of_process ();
  healed ();
}

/* A crash between g_once_init_enter () and g_once_init_leave (): no GLib
 * frame is on the stack (the initialisation runs in the caller), so the
 * unwind looks safe, but the location stays "being initialised" for good
 * and the next g_once_init_enter () of it waits for ever. Either the
 * library stops the process at once, or it heals and the heartbeat
 * declares the wedge. */
static gsize once_location;

static gboolean
crash_in_once_cb (gpointer data)
{
  if (g_once_init_enter (&once_location))
    {
      raise_now (&raw_faults[0]);
      g_once_init_leave (&once_location, 1);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
once_again_cb (gpointer data)
{
  say ("stage=locking t=%" G_GINT64_FORMAT, g_get_monotonic_time ());
  if (g_once_init_enter (&once_location))
    g_once_init_leave (&once_location, 2);
  say ("stage=locked");
  return G_SOURCE_REMOVE;
}

static int
scenario_g_once (void)
{
  gboolean never = FALSE;

  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  healing_idle_add (app.cell, crash_in_once_cb, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_fallback_shown ();
  check_rest_of_process ();
  say ("stage=healed checks=%s", passed_checks->str);

  g_idle_add (once_again_cb, NULL);
  while (!never)
    g_main_context_iteration (NULL, TRUE);
  return 1;
}

/* A crash on a worker thread: no container there. */
static gpointer
crashing_thread (gpointer data)
{
  raise_now (raw);
  return NULL;
}

static gboolean
start_thread_cb (gpointer data)
{
  g_thread_unref (g_thread_new ("crasher", crashing_thread, NULL));
  return G_SOURCE_REMOVE;
}

static int
scenario_thread (void)
{
  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  g_idle_add (start_thread_cb, NULL);
  /* The library stops the process; if it does not, this fails. */
  wait_for_cell_fault (1);
  broken ("thread-crash-survived", "a crash on a worker thread did not stop the process");
}

/* A crash inside GLib's formatting of a critical's message (a bad %s):
 * inside glibc's printf, inside g_log (). */
static const char * volatile bad_string = (const char *) 16;

static gboolean
crash_in_log_format_cb (gpointer data)
{
  announce_raise ();
  g_critical ("a message with a bad argument: %s", bad_string);
  return G_SOURCE_REMOVE;
}

/* A crash inside fprintf () to stdout: glibc holds the stream's lock. A
 * heal would leave stdout locked for every other thread. */
static gboolean
crash_in_stdio_cb (gpointer data)
{
  announce_raise ();
  fprintf (stdout, "fault-app: a bad argument: %s\n", bad_string);
  return G_SOURCE_REMOVE;
}

static gpointer
print_from_thread (gpointer data)
{
  gboolean *done = data;

  fprintf (stdout, "fault-app: printed from another thread\n");
  fflush (stdout);
  g_atomic_int_set (done, TRUE);
  return NULL;
}

static gboolean
atomic_flag_set (gpointer data)
{
  return g_atomic_int_get ((gboolean *) data);
}

static void
check_stdio_from_other_thread (void)
{
  static gboolean done;

  g_thread_unref (g_thread_new ("printer", print_from_thread, &done));
  wait_for (atomic_flag_set, &done, "stdio-other-thread");
  passed ("stdio");
}

static int
scenario_stdio (void)
{
  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  healing_idle_add (app.cell, crash_in_stdio_cb, NULL);
  wait_for_cell_fault (1);
  check_fault_reported (&raw_faults[0]);
  check_stdio_from_other_thread ();
  check_fallback_shown ();
  check_rest_of_process ();
  check_reset ();
  healed ();
}

/* No fault at all, but the main loop is busy for longer than the
 * heartbeat's timeout: the heartbeat is not armed in a process that never
 * faulted, so nothing may stop it. */
static gboolean
busy_idle_cb (gpointer data)
{
  gboolean *done = data;
  const char *timeout = g_getenv ("HEALING_HEARTBEAT_TIMEOUT_MS");
  guint64 ms = 10000;

  if (timeout != NULL)
    g_ascii_string_to_unsigned (timeout, 10, 1, G_MAXUINT, &ms, NULL);

  announce_raise ();
  g_usleep ((2 * ms + 500) * 1000);
  *done = TRUE;
  return G_SOURCE_REMOVE;
}

static int
scenario_busy_no_fault (void)
{
  gboolean done = FALSE;

  build_window (g_object_new (APP_TYPE_WIDGET, NULL));
  g_idle_add (busy_idle_cb, &done);
  wait_for (flag_set, &done, "busy-idle");
  CHECK (healing_container_get_fault_count (app.cell) == 0, "no-fault", "%u faults",
         healing_container_get_fault_count (app.cell));
  passed ("alive-after-busy");
  check_rest_of_process ();
  healed ();
}

/* A crash reporter installed before libhealing: a stop chains to it, the
 * way the process would have died without the library. */
static void
crash_reporter (int        signal_number,
                siginfo_t *info,
                void      *context)
{
  char line[] = "fault-app: crash-reporter signal=00\n";
  gsize digits = strlen ("fault-app: crash-reporter signal=");

  line[digits] = '0' + (signal_number / 10) % 10;
  line[digits + 1] = '0' + signal_number % 10;
  if (write (STDOUT_FILENO, line, sizeof line - 1) < 0)
    {
      /* Nothing to do about it in a signal handler. */
    }
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

static void
install_crash_reporter (void)
{
  struct sigaction action = { 0 };

  action.sa_sigaction = crash_reporter;
  action.sa_flags = SA_SIGINFO;
  sigemptyset (&action.sa_mask);
  sigaction (SIGSEGV, &action, NULL);
  sigaction (SIGABRT, &action, NULL);
}

/* ------------------------------------------------------------------------ */

static const RawFault *
find_raw (const char *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (raw_faults); i++)
    if (g_strcmp0 (raw_faults[i].name, name) == 0)
      return &raw_faults[i];
  return NULL;
}

G_GNUC_NORETURN static void
usage (void)
{
  fprintf (stderr, "usage: healing-fault-app --fault=NAME --where=PHASE\n");
  exit (2);
}

int
main (int   argc,
      char *argv[])
{
  int i;

  passed_checks = g_string_new (NULL);
  for (i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--fault="))
        fault_name = argv[i] + strlen ("--fault=");
      else if (g_str_has_prefix (argv[i], "--where="))
        where_name = argv[i] + strlen ("--where=");
      else
        usage ();
    }
  if (fault_name == NULL || where_name == NULL)
    usage ();

  for (where = 0; where < WHERE_LAST; where++)
    if (g_strcmp0 (where_names[where], where_name) == 0)
      break;
  if (where == WHERE_LAST)
    usage ();

  gtk_init ();
  if (g_str_equal (fault_name, "crash-reporter"))
    install_crash_reporter ();
  healing_init ();
  healing_test_use_fallback_policy ();
  say ("started pid=%d", (int) getpid ());

  raw = find_raw (fault_name);
  if (raw != NULL)
    {
      if (where == WHERE_THREAD)
        return scenario_thread ();
      if (where > WHERE_OUTSIDE)
        usage ();
      return run_raw ();
    }

  if (g_str_equal (fault_name, "g-once") && where == WHERE_IDLE)
    return scenario_g_once ();
  if (g_str_equal (fault_name, "log-format") && where == WHERE_IDLE)
    return scenario_in_idle (crash_in_log_format_cb);
  if (g_str_equal (fault_name, "stdio") && where == WHERE_IDLE)
    return scenario_stdio ();
  if (g_str_equal (fault_name, "busy-no-fault") && where == WHERE_IDLE)
    return scenario_busy_no_fault ();
  if (g_str_equal (fault_name, "crash-reporter") && where == WHERE_SNAPSHOT)
    {
      raw = find_raw ("double-free-large");
      return run_raw ();
    }
  if (g_str_equal (fault_name, "resize-handler") && where == WHERE_ALLOCATE)
    return scenario_resize_handler ();
  if (g_str_equal (fault_name, "emit-plain-handler") &&
      (where == WHERE_IDLE || where == WHERE_HANDLER))
    return scenario_emit_plain_handler ();
  if (g_str_equal (fault_name, "set-property") && where == WHERE_IDLE)
    return scenario_in_idle (set_property_idle_cb);
  if (g_str_equal (fault_name, "class-init") && where == WHERE_IDLE)
    return scenario_in_idle (class_init_idle_cb);
  if (g_str_equal (fault_name, "user-font") && where == WHERE_SNAPSHOT)
    return scenario_user_font ();
  if (g_str_equal (fault_name, "mutex") && where == WHERE_IDLE)
    return scenario_mutex ();
  if (g_str_equal (fault_name, "fallback-factory") && where == WHERE_SNAPSHOT)
    return scenario_fallback_factory ();
  if (g_str_equal (fault_name, "fault-handler") && where == WHERE_SNAPSHOT)
    return scenario_container_signal ("fault");
  if (g_str_equal (fault_name, "state-changed-handler") && where == WHERE_SNAPSHOT)
    return scenario_container_signal ("state-changed");
  if (g_str_equal (fault_name, "dispose") && where == WHERE_SNAPSHOT)
    return scenario_dispose ();
  if (g_str_equal (fault_name, "restore-critical") && where == WHERE_SNAPSHOT)
    return scenario_restore_critical ();
  if (g_str_equal (fault_name, "retry-report-error") && where == WHERE_REPORTED)
    return scenario_retry_report_error ();
  if (g_str_equal (fault_name, "retry-report-success") && where == WHERE_REPORTED)
    return scenario_retry_report_success ();
  if (g_str_equal (fault_name, "restart-intensity") && where == WHERE_SNAPSHOT)
    return scenario_restart_intensity ();
  if (g_str_equal (fault_name, "burst-report-error") && where == WHERE_REPORTED)
    return scenario_burst_report_error ();

  usage ();
}
