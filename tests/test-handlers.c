/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <healing.h>

#include "healing-guard-private.h"
#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define GREEN 0xff00ff00u
#define HANG_TIMEOUT_MS 300
/* How late a hang may be caught: the watchdog's tick and a noisy VM. */

/* Where the guarded code that faults runs. */
typedef enum {
  CONTEXT_CLICKED,     /* a clicked handler connected in C */
  CONTEXT_BUILDER,     /* a clicked handler named in a .ui file */
  CONTEXT_TEMPLATE,    /* a template callback */
  CONTEXT_CONTROLLER,  /* GtkGestureClick::pressed */
  CONTEXT_ACTION,      /* GSimpleAction::activate, explicit owner */
  CONTEXT_IDLE,        /* an idle callback */
  CONTEXT_TIMEOUT,     /* a timeout callback */
  CONTEXT_LAST
} Context;

static const char *context_names[] = {
  "clicked", "builder", "template", "controller", "action", "idle", "timeout",
};

/* What the fault record's origin must say. */
static const char *context_origins[] = {
  "GtkButton::clicked handler",
  "GtkButton::clicked handler ui_faulty_clicked_cb",
  "GtkButton::clicked handler template_faulty_clicked_cb",
  "GtkGestureClick::pressed handler",
  "GSimpleAction::activate handler",
  "idle callback",
  "timeout callback (10 ms)",
};

typedef struct {
  Context context;
  TestFault fault;
  HealingFaultKind kind;
  int signal_number;
  const char *message;
} Cell;

typedef struct {
  const Cell *cell;

  GtkWidget *window;
  GtkWidget *container;
  GtkWidget *sibling;
  GtkWidget *outside_button;

  /* What the guarded code hangs on; kept alive while it is swapped out. */
  GtkWidget *target;
  GtkGesture *gesture;
  GSimpleAction *action;
  GtkBuilder *builder;
  guint source_id;

  TestFault fault;
  guint faulty_runs;
  guint other_runs;
  gint64 fault_started;
  double pressed_x;
  double pressed_y;
} Fixture;

/* The builder and template callbacks get no fixture of their own. */
static Fixture *current;

static void
raise_fault (Fixture *fixture)
{
  fixture->faulty_runs++;
  fixture->fault_started = g_get_monotonic_time ();
  test_fault_raise (fixture->fault);
}

/* ------------------------------------------------------------------------
 * Handlers
 * ------------------------------------------------------------------------ */

static void
faulty_clicked_cb (GtkButton *button,
                   Fixture   *fixture)
{
  g_assert_true (GTK_IS_BUTTON (button));
  raise_fault (fixture);
}

static void
other_clicked_cb (GtkButton *button,
                  Fixture   *fixture)
{
  g_assert_true (GTK_IS_BUTTON (button));
  fixture->other_runs++;
}

/* Named in the .ui file below. */
static void
ui_faulty_clicked_cb (GtkButton *button,
                      gpointer   data)
{
  g_assert_true (GTK_IS_BUTTON (button));
  raise_fault (current);
}

/* swapped="yes" object="label": the label comes first. */
static void
ui_other_clicked_cb (GtkLabel  *label,
                     GtkButton *button)
{
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (GTK_IS_BUTTON (button));
  current->other_runs++;
}

static const char builder_ui[] =
  "<interface>"
  "  <object class='GtkBox' id='content'>"
  "    <child>"
  "      <object class='GtkButton' id='button'>"
  "        <property name='label'>Target</property>"
  "        <signal name='clicked' handler='ui_faulty_clicked_cb'/>"
  "        <signal name='clicked' handler='ui_other_clicked_cb' object='label'"
  "                swapped='yes' after='yes'/>"
  "      </object>"
  "    </child>"
  "    <child>"
  "      <object class='GtkLabel' id='label'/>"
  "    </child>"
  "  </object>"
  "</interface>";

static void
faulty_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   Fixture         *fixture)
{
  /* The generic (GValue) path: double parameters. */
  g_assert_cmpint (n_press, ==, 1);
  fixture->pressed_x = x;
  fixture->pressed_y = y;
  raise_fault (fixture);
}

static void
other_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  Fixture         *fixture)
{
  fixture->other_runs++;
}

static void
faulty_activate_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    Fixture       *fixture)
{
  g_assert_true (G_IS_SIMPLE_ACTION (action));
  g_assert_null (parameter);
  raise_fault (fixture);
}

static void
other_activate_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   Fixture       *fixture)
{
  fixture->other_runs++;
}

static gboolean
faulty_source_cb (gpointer data)
{
  raise_fault (data);

  return G_SOURCE_CONTINUE;
}

static gboolean
other_source_cb (gpointer data)
{
  Fixture *fixture = data;

  fixture->other_runs++;

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------
 * A widget with a template whose callbacks are guarded
 * ------------------------------------------------------------------------ */

#define TEST_TYPE_TEMPLATE (test_template_get_type ())
G_DECLARE_FINAL_TYPE (TestTemplate, test_template, TEST, TEMPLATE, GtkWidget)

struct _TestTemplate
{
  GtkWidget parent_instance;

  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (TestTemplate, test_template, GTK_TYPE_WIDGET)

static const char template_ui[] =
  "<interface>"
  "  <template class='TestTemplate' parent='GtkWidget'>"
  "    <child>"
  "      <object class='GtkButton' id='button'>"
  "        <property name='label'>Target</property>"
  "        <signal name='clicked' handler='template_faulty_clicked_cb'/>"
  "        <signal name='clicked' handler='template_other_clicked_cb' after='yes'/>"
  "      </object>"
  "    </child>"
  "  </template>"
  "</interface>";

static void
template_faulty_clicked_cb (GtkButton    *button,
                            TestTemplate *self)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (TEST_IS_TEMPLATE (self));
  raise_fault (current);
}

static void
template_other_clicked_cb (GtkButton    *button,
                           TestTemplate *self)
{
  g_assert_true (TEST_IS_TEMPLATE (self));
  current->other_runs++;
}

static void
test_template_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TEST_TYPE_TEMPLATE);

  G_OBJECT_CLASS (test_template_parent_class)->dispose (object);
}

static void
test_template_class_init (TestTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autoptr (GBytes) bytes = g_bytes_new_static (template_ui, strlen (template_ui));
  g_autoptr (GtkBuilderScope) scope = healing_builder_scope_new ();

  object_class->dispose = test_template_dispose;

  gtk_widget_class_set_template (widget_class, bytes);
  /* Before the callbacks: they are added to the template's scope. */
  gtk_widget_class_set_template_scope (widget_class, scope);
  gtk_widget_class_bind_template_callback (widget_class, template_faulty_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_other_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, TestTemplate, button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
test_template_init (TestTemplate *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

static GtkWidget *
build_content (Fixture *fixture)
{
  g_autoptr (GtkBuilderScope) scope = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *content;

  switch (fixture->cell->context)
    {
    case CONTEXT_CLICKED:
      content = gtk_button_new_with_label ("Target");
      healing_signal_connect (content, "clicked", G_CALLBACK (faulty_clicked_cb), fixture);
      /* Both after the faulty one: a guarded and a plain handler. */
      healing_signal_connect (content, "clicked", G_CALLBACK (other_clicked_cb), fixture);
      g_signal_connect (content, "clicked", G_CALLBACK (other_clicked_cb), fixture);
      fixture->target = g_object_ref (content);
      return content;

    case CONTEXT_BUILDER:
      scope = healing_builder_scope_new ();
      gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                               "ui_faulty_clicked_cb",
                                               G_CALLBACK (ui_faulty_clicked_cb),
                                               "ui_other_clicked_cb",
                                               G_CALLBACK (ui_other_clicked_cb),
                                               NULL);
      /* The builder keeps the objects alive until the fixture is gone. */
      fixture->builder = gtk_builder_new ();
      gtk_builder_set_scope (fixture->builder, scope);
      gtk_builder_add_from_string (fixture->builder, builder_ui, -1, &error);
      g_assert_no_error (error);
      fixture->target = g_object_ref (GTK_WIDGET (gtk_builder_get_object (fixture->builder,
                                                                          "button")));
      return GTK_WIDGET (gtk_builder_get_object (fixture->builder, "content"));

    case CONTEXT_TEMPLATE:
      content = g_object_new (TEST_TYPE_TEMPLATE, NULL);
      fixture->target = g_object_ref (TEST_TEMPLATE (content)->button);
      return content;

    case CONTEXT_CONTROLLER:
      content = gtk_label_new ("Target");
      fixture->gesture = g_object_ref (gtk_gesture_click_new ());
      healing_signal_connect (fixture->gesture, "pressed",
                              G_CALLBACK (faulty_pressed_cb), fixture);
      g_signal_connect (fixture->gesture, "pressed",
                        G_CALLBACK (other_pressed_cb), fixture);
      gtk_widget_add_controller (content, GTK_EVENT_CONTROLLER (fixture->gesture));
      fixture->target = g_object_ref (content);
      return content;

    case CONTEXT_ACTION:
    case CONTEXT_IDLE:
    case CONTEXT_TIMEOUT:
      content = gtk_label_new ("Target");
      fixture->target = g_object_ref (content);
      return content;

    case CONTEXT_LAST:
    default:
      g_assert_not_reached ();
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  fixture->cell = data;
  fixture->fault = TEST_FAULT_NONE;
  current = fixture;

  fixture->container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (fixture->container), "Cell");
  healing_container_set_hang_timeout (HEALING_CONTAINER (fixture->container), HANG_TIMEOUT_MS);
  gtk_widget_set_vexpand (fixture->container, TRUE);
  healing_container_set_child (HEALING_CONTAINER (fixture->container),
                               build_content (fixture));
  gtk_box_append (GTK_BOX (box), fixture->container);

  fixture->sibling = healing_test_faulty_new ();
  gtk_widget_set_size_request (fixture->sibling, -1, 60);
  gtk_box_append (GTK_BOX (box), fixture->sibling);

  fixture->outside_button = gtk_button_new_with_label ("Still here");
  gtk_box_append (GTK_BOX (box), fixture->outside_button);

  if (fixture->cell->context == CONTEXT_ACTION)
    {
      /* An action belongs to no widget: its owner is explicit. */
      fixture->action = g_simple_action_new ("boom", NULL);
      healing_signal_connect_full (fixture->action, "activate",
                                   G_CALLBACK (faulty_activate_cb), fixture,
                                   NULL, 0, HEALING_CONTAINER (fixture->container));
      g_signal_connect (fixture->action, "activate",
                        G_CALLBACK (other_activate_cb), fixture);
    }

  fixture->window = healing_test_window_new (box);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->source_id != 0 &&
      g_main_context_find_source_by_id (NULL, fixture->source_id) != NULL)
    g_source_remove (fixture->source_id);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();

  g_clear_object (&fixture->target);
  g_clear_object (&fixture->gesture);
  g_clear_object (&fixture->action);
  g_clear_object (&fixture->builder);
  current = NULL;
}

/* Runs the guarded code of the fixture's context once. */
static void
trigger (Fixture *fixture)
{
  switch (fixture->cell->context)
    {
    case CONTEXT_CLICKED:
    case CONTEXT_BUILDER:
    case CONTEXT_TEMPLATE:
      g_signal_emit_by_name (fixture->target, "clicked");
      break;
    case CONTEXT_CONTROLLER:
      g_signal_emit_by_name (fixture->gesture, "pressed", 1, 10.0, 20.0);
      break;
    case CONTEXT_ACTION:
      g_action_activate (G_ACTION (fixture->action), NULL);
      break;
    case CONTEXT_IDLE:
      fixture->source_id = healing_idle_add (HEALING_CONTAINER (fixture->container),
                                             faulty_source_cb, fixture);
      g_idle_add (other_source_cb, fixture);
      break;
    case CONTEXT_TIMEOUT:
      fixture->source_id = healing_timeout_add (HEALING_CONTAINER (fixture->container),
                                                10, faulty_source_cb, fixture);
      g_timeout_add (10, other_source_cb, fixture);
      break;
    case CONTEXT_LAST:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_source_context (Context context)
{
  return context == CONTEXT_IDLE || context == CONTEXT_TIMEOUT;
}

static gboolean
expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates the main context until the container has @n faults. */
static void
wait_for_faults (Fixture *fixture,
                 guint    n)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  gboolean expired = FALSE;
  guint timeout = g_timeout_add (5000 + HANG_TIMEOUT_MS, expired_cb, &expired);

  while (healing_container_get_fault_count (container) < n && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (timeout);
  g_assert_false (expired);
  healing_test_flush ();
}

static void
assert_rest_of_window_alive (Fixture *fixture)
{
  guint draws = healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->sibling));

  gtk_widget_queue_draw (fixture->sibling);
  healing_test_wait_frames (fixture->window, 2);
  g_assert_cmpuint (healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->sibling)),
                    >, draws);
  g_assert_cmphex (healing_test_pixel_at (fixture->sibling, 10, 30), ==, GREEN);
}

static void
assert_fallback_shown (Fixture *fixture)
{
  GtkWidget *shown = gtk_widget_get_first_child (fixture->container);

  g_assert_nonnull (shown);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (shown), ==, "HealingFaultView");
  g_assert_true (gtk_widget_get_mapped (shown));
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)),
                   ==, HEALING_STATE_FALLBACK);
}

static void
assert_fault_recorded (Fixture *fixture)
{
  const Cell *cell = fixture->cell;
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  HealingFault *fault = healing_container_get_last_fault (container);
  const char *origin;

  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_nonnull (fault);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, cell->kind);
  g_assert_cmpint (healing_fault_get_phase (fault), ==,
                   is_source_context (cell->context) ? HEALING_PHASE_CALLBACK :
                                                      HEALING_PHASE_HANDLER);
  g_assert_cmpint (healing_fault_get_signal (fault), ==, cell->signal_number);
  g_assert_cmpstr (healing_fault_get_component_id (fault), ==, "Cell");
  origin = healing_fault_get_origin (fault);
  g_assert_cmpstr (origin, ==, context_origins[cell->context]);
  if (cell->message != NULL &&
      strstr (healing_fault_get_message (fault), cell->message) == NULL)
    g_error ("fault message “%s” does not mention “%s”",
             healing_fault_get_message (fault), cell->message);
}

static void
run_cell (Fixture *fixture)
{
  const Cell *cell = fixture->cell;
  guint other_runs;

  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)),
                   ==, HEALING_STATE_HEALTHY);

  /* Healthy first: the guarded code runs and so do the others. */
  if (!is_source_context (cell->context))
    {
      trigger (fixture);
      g_assert_cmpuint (fixture->faulty_runs, ==, 1);
      g_assert_cmpuint (fixture->other_runs, >, 0);
      fixture->faulty_runs = 0;
      fixture->other_runs = 0;
    }

  fixture->fault = cell->fault;
  trigger (fixture);
  wait_for_faults (fixture, 1);

  g_assert_cmpuint (fixture->faulty_runs, ==, 1);
  /* The other handlers of the same emission (or the other sources) ran. */
  if (is_source_context (cell->context))
    {
      healing_test_run_for (30);
      g_assert_cmpuint (fixture->other_runs, ==, 1);
    }
  else
    {
      g_assert_cmpuint (fixture->other_runs, ==,
                        cell->context == CONTEXT_CLICKED ? 2 : 1);
    }

  if (cell->context == CONTEXT_CONTROLLER)
    {
      g_assert_cmpfloat (fixture->pressed_x, ==, 10.0);
      g_assert_cmpfloat (fixture->pressed_y, ==, 20.0);
    }

  assert_fault_recorded (fixture);
  assert_fallback_shown (fixture);
  assert_rest_of_window_alive (fixture);

  /* The faulted handler is gone; the others stay. */
  fixture->fault = TEST_FAULT_NONE;
  other_runs = fixture->other_runs;
  if (is_source_context (cell->context))
    {
      healing_test_run_for (50);
      g_assert_null (g_main_context_find_source_by_id (NULL, fixture->source_id));
    }
  else
    {
      trigger (fixture);
      g_assert_cmpuint (fixture->other_runs, >, other_runs);
    }
  g_assert_cmpuint (fixture->faulty_runs, ==, 1);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (fixture->container)),
                    ==, 1);
}

static void
test_cell (Fixture       *fixture,
           gconstpointer  data)
{
  run_cell (fixture);
}

/* A hang: interrupted by the watchdog, in a subprocess so that a watchdog
 * that fails cannot hang the whole suite. */
static void
test_hang_cell (Fixture       *fixture,
                gconstpointer  data)
{
  HealingFault *fault;
  gint64 elapsed_ms;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, (HANG_TIMEOUT_MS + healing_test_hang_margin_ms () + 10000) * 1000,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  /* A caught hang taints the process, which is announced with a warning. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  run_cell (fixture);

  fault = healing_container_get_last_fault (HEALING_CONTAINER (fixture->container));
  g_assert_true (healing_fault_get_taints_process (fault));
  elapsed_ms = (healing_fault_get_time (fault) - fixture->fault_started) / 1000;
  g_test_message ("hang caught after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, HANG_TIMEOUT_MS - 10);
  g_assert_cmpint (elapsed_ms, <=, HANG_TIMEOUT_MS + healing_test_hang_margin_ms ());
}

/* ------------------------------------------------------------------------
 * The rest
 * ------------------------------------------------------------------------ */

static void
crash_cb (GtkButton *button,
          gpointer   data)
{
  test_fault_raise (TEST_FAULT_NULL_DEREF);
}

/* An unguarded handler that crashes still crashes the process, even inside
 * a container. */
static void
test_unguarded_crash (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *container = healing_container_new ();
      GtkWidget *button = gtk_button_new ();
      GtkWidget *window;

      healing_container_set_child (HEALING_CONTAINER (container), button);
      window = healing_test_window_new (container);
      g_signal_connect (button, "clicked", G_CALLBACK (crash_cb), NULL);
      g_signal_emit_by_name (button, "clicked");

      /* Not reached. */
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
}

static guint unowned_criticals;

static GLogWriterOutput
capture_unowned_writer (GLogLevelFlags   log_level,
                        const GLogField *fields,
                        gsize            n_fields,
                        gpointer         user_data)
{
  gsize i;

  for (i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0 &&
        (log_level & G_LOG_LEVEL_CRITICAL) &&
        strstr (fields[i].value, "no HealingContainer owns") != NULL &&
        strstr (fields[i].value, "GtkButton::clicked handler") != NULL)
      {
        unowned_criticals++;
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
}

/* A fault that no container owns is caught, counted and logged. */
static void
test_unowned (void)
{
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());
  Fixture fixture = { 0 };
  guint n_unowned = healing_guard_get_n_unowned_faults ();
  g_autoptr (HealingFault) fault = NULL;

  healing_signal_connect (button, "clicked", G_CALLBACK (faulty_clicked_cb), &fixture);
  g_signal_connect (button, "clicked", G_CALLBACK (other_clicked_cb), &fixture);

  healing_log_set_writer_chain (capture_unowned_writer, NULL, NULL);
  fixture.fault = TEST_FAULT_NULL_DEREF;
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();
  healing_log_set_writer_chain (NULL, NULL, NULL);

  g_assert_cmpuint (unowned_criticals, ==, 1);
  g_assert_cmpuint (healing_guard_get_n_unowned_faults (), ==, n_unowned + 1);
  fault = healing_guard_dup_last_unowned_fault ();
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRASH);
  g_assert_cmpint (healing_fault_get_signal (fault), ==, SIGSEGV);
  g_assert_cmpstr (healing_fault_get_origin (fault), ==, "GtkButton::clicked handler");
  g_assert_cmpuint (fixture.other_runs, ==, 1);

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (fixture.faulty_runs, ==, 1);
  g_assert_cmpuint (fixture.other_runs, ==, 2);

  g_assert_finalize_object (button);
}

/* The owner is the container around the widget when the handler faults,
 * not when it was connected. */
static void
test_owner_at_fault_time (void)
{
  GtkWidget *container = healing_container_new ();
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());
  GtkWidget *window;
  Fixture fixture = { 0 };

  window = healing_test_window_new (container);
  healing_signal_connect (button, "clicked", G_CALLBACK (faulty_clicked_cb), &fixture);
  healing_container_set_child (HEALING_CONTAINER (container), button);

  fixture.fault = TEST_FAULT_DIVIDE_BY_ZERO;
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();

  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  g_assert_cmpint (healing_fault_get_signal (healing_container_get_last_fault (HEALING_CONTAINER (container))),
                   ==, SIGFPE);
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (container)),
                   ==, HEALING_STATE_FALLBACK);

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
  g_assert_finalize_object (button);
}

/* ------------------------------------------------------------------------
 * A handler that disposes its own container. The guard holds no reference
 * on its owner: the container's dispose takes itself out of every guarded
 * run on the stack (healing_trap_forget_owner ()), so the commit, the
 * abort and the fault's record never touch it (memcheck says so too).
 * ------------------------------------------------------------------------ */

typedef enum {
  DISPOSE_RETURN,        /* the last unref, then the handler returns */
  DISPOSE_FAULT,         /* the last unref, then the handler crashes */
  DISPOSE_AFTER_INNER,   /* an inner guarded handler crashes first */
  DISPOSE_IN_LOOP,       /* the last unref in an idle of a nested loop */
} DisposeCase;

typedef struct {
  DisposeCase how;
  GtkWidget *container;
  GtkWidget *button;
  /* In a container of its own, which takes the inner fault. */
  GtkWidget *inner_container;
  GtkWidget *inner_button;
  guint runs;
  guint inner_runs;
  gboolean done;
  /* What the handler's frame said after the unref. */
  gboolean owner_cleared;
  gboolean outer_frame_on_top;
} DisposeRun;

static void
dispose_inner_clicked_cb (GtkButton  *button,
                          DisposeRun *run)
{
  HealingTrapFrame *frame = healing_trap_get_current_frame ();

  run->inner_runs++;
  g_assert_true (frame->owner == (gpointer) run->inner_container);
  g_assert_true (frame->prev->owner == (gpointer) run->container);
  test_fault_raise (TEST_FAULT_NULL_DEREF);
}

static gboolean
dispose_idle_cb (gpointer data)
{
  DisposeRun *run = data;

  g_object_unref (run->container);
  run->done = TRUE;

  return G_SOURCE_REMOVE;
}

static void
dispose_clicked_cb (GtkButton  *button,
                    DisposeRun *run)
{
  HealingTrapFrame *frame = healing_trap_get_current_frame ();
  gint64 deadline;

  run->runs++;
  g_assert_true (frame->owner == (gpointer) run->container);
  /* The run after: unowned. */
  if (run->container == NULL)
    return;

  /* A change the journal records at this depth, in the container's ring. */
  gtk_button_set_label (button, "changed");

  switch (run->how)
    {
    case DISPOSE_AFTER_INNER:
      /* The inner frame jumped back to itself and left the stack: ours
       * is on top again, and the dispose below finds it. */
      g_signal_emit_by_name (run->inner_button, "clicked");
      g_assert_cmpuint (run->inner_runs, ==, 1);
      run->outer_frame_on_top = healing_trap_get_current_frame () == frame;
      g_object_unref (run->container);
      break;

    case DISPOSE_IN_LOOP:
      g_idle_add (dispose_idle_cb, run);
      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (!run->done && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (run->done);
      break;

    case DISPOSE_RETURN:
    case DISPOSE_FAULT:
    default:
      g_object_unref (run->container);
      break;
    }

  run->owner_cleared = frame->owner == NULL && frame->owner_gone;

  if (run->how == DISPOSE_FAULT)
    test_fault_raise (TEST_FAULT_NULL_DEREF);
}

static void
test_owner_disposed (gconstpointer data)
{
  DisposeRun run = { GPOINTER_TO_INT (data), };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guint n_unowned = healing_guard_get_n_unowned_faults ();

  run.container = g_object_ref_sink (healing_container_new ());
  run.button = g_object_ref (gtk_button_new ());
  run.inner_button = g_object_ref (gtk_button_new ());
  run.inner_container = g_object_ref_sink (healing_container_new ());
  healing_container_set_component_id (HEALING_CONTAINER (run.container), "disposed-in-handler");
  gtk_box_append (GTK_BOX (box), run.button);
  healing_container_set_child (HEALING_CONTAINER (run.container), box);
  healing_container_set_child (HEALING_CONTAINER (run.inner_container), run.inner_button);
  g_object_add_weak_pointer (G_OBJECT (run.container), (gpointer *) &run.container);

  healing_signal_connect (run.button, "clicked", G_CALLBACK (dispose_clicked_cb), &run);
  healing_signal_connect (run.inner_button, "clicked", G_CALLBACK (dispose_inner_clicked_cb), &run);

  /* The journal brackets the run: the container has a ring. */
  g_signal_emit_by_name (run.button, "clicked");
  healing_test_flush ();

  g_assert_cmpuint (run.runs, ==, 1);
  g_assert_null (run.container);
  g_assert_true (run.owner_cleared);
  if (run.how == DISPOSE_AFTER_INNER)
    g_assert_true (run.outer_frame_on_top);
  /* Nothing on the stack once the emission is over. */
  g_assert_null (healing_trap_get_current_frame ());
  /* A fault of code whose container it disposed: nothing left to heal,
   * as for a disposed container; not an unowned fault, yet not dropped
   * either: the runtime's log has it, given up. */
  g_assert_cmpuint (healing_guard_get_n_unowned_faults (), ==, n_unowned);
  {
    GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
    guint n_items = g_list_model_get_n_items (log);
    g_autoptr (HealingFaultEntry) last = n_items > 0 ? g_list_model_get_item (log, n_items - 1) : NULL;
    gboolean logged = last != NULL &&
                      g_strcmp0 (healing_fault_entry_get_component_id (last), "disposed-in-handler") == 0 &&
                      healing_fault_entry_get_outcome (last) == HEALING_OUTCOME_GAVE_UP;

    g_assert_cmpint (logged, ==, run.how == DISPOSE_FAULT);
  }

  /* A handler that faulted never runs again; one that returned does. */
  gtk_button_set_label (GTK_BUTTON (run.button), "again");
  g_signal_emit_by_name (run.button, "clicked");
  g_assert_cmpuint (run.runs, ==, run.how == DISPOSE_FAULT ? 1 : 2);
  g_assert_cmpuint (run.inner_runs, ==, run.how == DISPOSE_AFTER_INNER ? 1 : 0);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (run.inner_container)),
                    ==, run.how == DISPOSE_AFTER_INNER ? 1 : 0);

  g_object_unref (run.inner_container);
  healing_test_flush ();
  g_assert_finalize_object (run.button);
  g_assert_finalize_object (run.inner_button);
}

/* A widget whose property getter drops a container: the journal's begin
 * reads it (the live capture) before the guard's frame is on the stack. */
#define TEST_TYPE_DROPPER (test_dropper_get_type ())
G_DECLARE_FINAL_TYPE (TestDropper, test_dropper, TEST, DROPPER, GtkWidget)

struct _TestDropper
{
  GtkWidget parent_instance;

  int value;
  /* Unreffed by the next read of value. */
  GtkWidget *drop;
  guint n_drops;
};

G_DEFINE_FINAL_TYPE (TestDropper, test_dropper, GTK_TYPE_WIDGET)

enum {
  DROPPER_PROP_VALUE = 1,
};

static void
test_dropper_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestDropper *self = TEST_DROPPER (object);

  if (self->drop != NULL)
    {
      self->n_drops++;
      g_object_unref (g_steal_pointer (&self->drop));
    }
  g_value_set_int (value, self->value);
}

static void
test_dropper_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TEST_DROPPER (object)->value = g_value_get_int (value);
}

static void
test_dropper_class_init (TestDropperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_dropper_get_property;
  object_class->set_property = test_dropper_set_property;
  g_object_class_install_property (object_class, DROPPER_PROP_VALUE,
                                   g_param_spec_int ("value", NULL, NULL, 0, 100, 0,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
test_dropper_init (TestDropper *self)
{
}

static void
begin_dropped_clicked_cb (GtkButton  *button,
                          DisposeRun *run)
{
  HealingTrapFrame *frame = healing_trap_get_current_frame ();

  run->runs++;
  run->owner_cleared = frame->owner == NULL && frame->owner_gone;
}

/* The container goes while the guarded action begins: the frame is not on
 * the stack yet, but among the runs being set up. */
static void
test_owner_disposed_in_begin (void)
{
  DisposeRun run = { 0, };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  TestDropper *dropper = g_object_ref_sink (g_object_new (TEST_TYPE_DROPPER, NULL));

  run.container = g_object_ref_sink (healing_container_new ());
  run.button = g_object_ref (gtk_button_new ());
  gtk_box_append (GTK_BOX (box), run.button);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dropper));
  healing_container_set_child (HEALING_CONTAINER (run.container), box);
  g_object_add_weak_pointer (G_OBJECT (run.container), (gpointer *) &run.container);
  healing_signal_connect (run.button, "clicked", G_CALLBACK (begin_dropped_clicked_cb), &run);

  /* The first run captures the tree. */
  g_signal_emit_by_name (run.button, "clicked");
  g_assert_cmpuint (run.runs, ==, 1);
  g_assert_false (run.owner_cleared);

  /* A change since: the next begin reads the value again, and that read
   * drops the last reference to the container. */
  dropper->drop = run.container;
  g_object_set (dropper, "value", 7, NULL);
  g_signal_emit_by_name (run.button, "clicked");
  healing_test_flush ();

  g_assert_cmpuint (dropper->n_drops, ==, 1);
  g_assert_cmpuint (run.runs, ==, 2);
  g_assert_null (run.container);
  g_assert_true (run.owner_cleared);
  g_assert_null (healing_trap_get_current_frame ());

  g_assert_finalize_object (run.button);
  g_assert_finalize_object (dropper);
}

/* ------------------------------------------------------------------------
 * Nested main loops inside a guarded handler: what their callbacks do is
 * not the handler's (the nested-main-loop rule, healing-trap.c).
 * ------------------------------------------------------------------------ */

typedef struct {
  gboolean done;
  gboolean reported;
  guint guarded_runs;
  TestFault fault;
} NestedLoop;

/* An unguarded callback of the nested loop plays a binding that reports an
 * exception: no frame of its own, and the handler's frame is not its. */
static gboolean
nested_report_cb (gpointer data)
{
  NestedLoop *nested = data;

  nested->reported = healing_report_current_fault ("ValueError", "not the handler's", NULL);
  nested->done = TRUE;

  return G_SOURCE_REMOVE;
}

/* A guarded callback of the nested loop: its own frame, its own fault. */
static gboolean
nested_guarded_faulty_cb (gpointer data)
{
  NestedLoop *nested = data;

  nested->guarded_runs++;
  test_fault_raise (nested->fault);

  return G_SOURCE_REMOVE;
}

static gboolean
nested_done_cb (gpointer data)
{
  NestedLoop *nested = data;

  nested->done = TRUE;

  return G_SOURCE_REMOVE;
}

static void
run_nested_loop (NestedLoop *nested)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  nested->done = FALSE;
  while (!nested->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (nested->done);
}

static void
nested_report_clicked_cb (GtkButton  *button,
                          NestedLoop *nested)
{
  g_idle_add (nested_report_cb, nested);
  run_nested_loop (nested);
}

static void
nested_guarded_clicked_cb (GtkButton  *button,
                           NestedLoop *nested)
{
  HealingContainer *owner = HEALING_CONTAINER (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                        HEALING_TYPE_CONTAINER));

  healing_idle_add (owner, nested_guarded_faulty_cb, nested);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE + 10, nested_done_cb, nested, NULL);
  run_nested_loop (nested);
}

static void
test_nested_loop (void)
{
  GtkWidget *container = healing_container_new ();
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());
  GtkWidget *window;
  NestedLoop nested = { 0 };
  gulong id;

  window = healing_test_window_new (container);
  healing_container_set_child (HEALING_CONTAINER (container), button);

  /* A report from the loop's callback is nobody's: it returns FALSE, and
   * the handler, which returns normally, did not fault. */
  id = healing_signal_connect (button, "clicked", G_CALLBACK (nested_report_clicked_cb), &nested);
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();
  g_assert_false (nested.reported);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 0);
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (container)),
                   ==, HEALING_STATE_HEALTHY);
  /* Still connected. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (nested.reported);
  g_signal_handler_disconnect (button, id);

  /* A guarded callback faults in the loop: its own frame catches it (the
   * innermost frame, in the loop), the handler goes on and returns. */
  nested.fault = TEST_FAULT_NULL_DEREF;
  healing_signal_connect (button, "clicked", G_CALLBACK (nested_guarded_clicked_cb), &nested);
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();
  g_assert_cmpuint (nested.guarded_runs, ==, 1);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  g_assert_cmpint (healing_fault_get_phase (healing_container_get_last_fault (HEALING_CONTAINER (container))),
                   ==, HEALING_PHASE_CALLBACK);
  g_assert_cmpint (healing_fault_get_signal (healing_container_get_last_fault (HEALING_CONTAINER (container))),
                   ==, SIGSEGV);

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
  g_assert_finalize_object (button);
}

/* An unguarded callback of the nested loop crashes: not the handler's
 * fault, and unwinding through the dispatch would break GLib, so the
 * process stops. Likewise for a nested loop's prepare function, which
 * GLib's depth does not count (it dispatches nothing) but which is no
 * more the handler's code. */
static gboolean
nested_crash_cb (gpointer data)
{
  test_fault_raise (TEST_FAULT_NULL_DEREF);

  return G_SOURCE_REMOVE;
}

static gboolean
crashing_prepare (GSource *source,
                  int     *timeout)
{
  test_fault_raise (TEST_FAULT_NULL_DEREF);

  return FALSE;
}

static GSourceFuncs crashing_prepare_funcs = { crashing_prepare, NULL, NULL, NULL, NULL, NULL };

static void
nested_crash_clicked_cb (GtkButton  *button,
                         NestedLoop *nested)
{
  if (nested->fault == TEST_FAULT_NULL_DEREF)
    {
      g_idle_add (nested_crash_cb, nested);
    }
  else
    {
      GSource *source = g_source_new (&crashing_prepare_funcs, sizeof (GSource));

      g_source_attach (source, NULL);
      g_source_unref (source);
    }
  run_nested_loop (nested);
}

static void
test_nested_loop_crash (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      GtkWidget *container = healing_container_new ();
      GtkWidget *button = gtk_button_new ();
      NestedLoop nested = { 0 };

      nested.fault = GPOINTER_TO_INT (data) ? TEST_FAULT_NULL_DEREF : TEST_FAULT_NONE;
      healing_container_set_child (HEALING_CONTAINER (container), button);
      healing_test_window_new (container);
      healing_signal_connect (button, "clicked", G_CALLBACK (nested_crash_clicked_cb), &nested);
      g_signal_emit_by_name (button, "clicked");
      printf ("survived\n");
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*survived*");
  /* Stopped by the signal, with the trap's record: not a frame's. */
  g_test_trap_assert_stderr ("*no-frame*");
}

/* ------------------------------------------------------------------------
 * Widgets that move: the fault goes to the container around the widget
 * when it faults, however it got there.
 * ------------------------------------------------------------------------ */

typedef struct {
  GtkWidget *to;
  TestFault fault;
} Move;

static void
moving_faulty_clicked_cb (GtkButton *button,
                          Move      *move)
{
  /* Out of its container, into a box inside the other one. */
  g_object_ref (button);
  healing_container_set_child (HEALING_CONTAINER (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                           HEALING_TYPE_CONTAINER)),
                               NULL);
  gtk_box_append (GTK_BOX (move->to), GTK_WIDGET (button));
  g_object_unref (button);
  test_fault_raise (move->fault);
}

static void
test_moved_widget (gconstpointer data)
{
  gboolean frozen = GPOINTER_TO_INT (data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *a = healing_container_new ();
  GtkWidget *b = healing_container_new ();
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *first;
  GtkWidget *window;
  Fixture fixture = { 0 };
  Move move = { inner, TEST_FAULT_DIVIDE_BY_ZERO };
  HealingFault *fault;

  gtk_box_append (GTK_BOX (box), a);
  gtk_box_append (GTK_BOX (box), b);
  healing_container_set_child (HEALING_CONTAINER (b), inner);
  window = healing_test_window_new (box);
  healing_container_set_child (HEALING_CONTAINER (a), button);

  /* Moved between two runs, with its notifications frozen (no
   * notify::parent until the thaw): the run after the move is B's. */
  fixture.fault = TEST_FAULT_NONE;
  fixture.other_runs = 0;
  healing_signal_connect (button, "clicked", G_CALLBACK (other_clicked_cb), &fixture);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (fixture.other_runs, ==, 1);

  if (frozen)
    g_object_freeze_notify (G_OBJECT (button));
  healing_container_set_child (HEALING_CONTAINER (a), NULL);
  healing_container_set_child (HEALING_CONTAINER (a), gtk_label_new ("a"));
  gtk_box_append (GTK_BOX (inner), button);
  fixture.fault = TEST_FAULT_NULL_DEREF;
  healing_signal_connect (button, "clicked", G_CALLBACK (faulty_clicked_cb), &fixture);
  g_signal_emit_by_name (button, "clicked");
  if (frozen)
    g_object_thaw_notify (G_OBJECT (button));
  healing_test_flush ();

  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (a)), ==, 0);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (b)), ==, 1);
  g_assert_cmpint (healing_fault_get_signal (healing_container_get_last_fault (HEALING_CONTAINER (b))),
                   ==, SIGSEGV);
  g_assert_cmpuint (fixture.other_runs, ==, 2);
  first = button;

  /* Moved by the faulting handler itself, from B back into A (inside a
   * box there): the run began as B's, the fault is A's, and B's journal,
   * which undid nothing of A's, does not say the action was undone. */
  healing_container_set_child (HEALING_CONTAINER (b), NULL);
  g_assert_finalize_object (first);
  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  healing_container_set_child (HEALING_CONTAINER (a), inner);
  button = g_object_ref_sink (gtk_button_new ());
  healing_container_set_child (HEALING_CONTAINER (b), button);
  move.to = inner;
  if (frozen)
    g_object_freeze_notify (G_OBJECT (button));
  healing_signal_connect (button, "clicked", G_CALLBACK (moving_faulty_clicked_cb), &move);
  g_signal_emit_by_name (button, "clicked");
  if (frozen)
    g_object_thaw_notify (G_OBJECT (button));
  healing_test_flush ();

  g_assert_true (gtk_widget_get_parent (button) == inner);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (b)), ==, 1);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (a)), ==, 1);
  fault = healing_container_get_last_fault (HEALING_CONTAINER (a));
  g_assert_cmpint (healing_fault_get_signal (fault), ==, SIGFPE);
  g_assert_false (healing_fault_get_action_undone (fault));

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
  g_assert_finalize_object (button);
}

/* healing_report_current_fault (): what bindings call for an exception.
 * The handler plays a binding that reports one (twice: only the first
 * counts) and returns normally. */
static guint reporting_runs;

static void
reporting_clicked_cb (GtkButton  *button,
                      const char *traceback)
{
  reporting_runs++;
  g_assert_true (healing_report_current_fault ("ValueError", "bad value", traceback));
  g_assert_true (healing_report_current_fault ("OtherError", "ignored", NULL));
}

static void
test_reported_exception (void)
{
  GtkWidget *container = healing_container_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *window;
  HealingFault *fault;
  GString *long_traceback = g_string_new ("Traceback (most recent call last):\n");
  const char *traceback;

  /* Outside guarded code nobody takes it. */
  g_assert_false (healing_report_current_fault ("ValueError", "nowhere", NULL));

  /* 100 KiB with a two-byte character across the 64 KiB limit. */
  while (long_traceback->len < 100 * 1024)
    g_string_append (long_traceback, "  File \"app.py\", line 1, in \xc3\xa9t\xc3\xa9\n");

  window = healing_test_window_new (container);
  healing_container_set_child (HEALING_CONTAINER (container), button);
  healing_signal_connect (button, "clicked", G_CALLBACK (reporting_clicked_cb),
                          long_traceback->str);

  reporting_runs = 0;
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();

  g_assert_cmpuint (reporting_runs, ==, 1);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (container)),
                   ==, HEALING_STATE_FALLBACK);
  fault = healing_container_get_last_fault (HEALING_CONTAINER (container));
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_ERROR);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, HEALING_PHASE_HANDLER);
  g_assert_cmpstr (healing_fault_get_message (fault), ==, "ValueError: bad value");
  g_assert_cmpstr (healing_fault_get_exception_type (fault), ==, "ValueError");
  g_assert_cmpstr (healing_fault_get_origin (fault), ==, "GtkButton::clicked handler");
  g_assert_cmpint (healing_fault_get_error_domain (fault), ==, 0);

  traceback = healing_fault_get_traceback (fault);
  g_assert_nonnull (traceback);
  g_assert_true (g_str_has_prefix (traceback, "Traceback (most recent call last):\n"));
  g_assert_true (g_utf8_validate (traceback, -1, NULL));
  g_assert_cmpuint (strlen (traceback), <=, 64 * 1024 + strlen (" […]"));
  g_assert_cmpuint (strlen (traceback), >, 60 * 1024);
  g_assert_true (g_str_has_suffix (traceback, " […]"));

  /* Faulted like after a critical: the handler is gone. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (reporting_runs, ==, 1);

  /* A run that reports nothing is fine. */
  healing_container_reset (HEALING_CONTAINER (container));
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (container)),
                   ==, HEALING_STATE_HEALTHY);

  gtk_window_destroy (GTK_WINDOW (window));
  healing_test_flush ();
  g_string_free (long_traceback, TRUE);
}

/* A signal emitter with the signatures the two paths must handle. */
#define TEST_TYPE_EMITTER (test_emitter_get_type ())
G_DECLARE_FINAL_TYPE (TestEmitter, test_emitter, TEST, EMITTER, GObject)

struct _TestEmitter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (TestEmitter, test_emitter, G_TYPE_OBJECT)

enum {
  SIGNAL_CHECK,
  SIGNAL_SIX,
  SIGNAL_SEVEN,
  SIGNAL_SCALE,
  N_EMITTER_SIGNALS
};

static guint emitter_signals[N_EMITTER_SIGNALS];

static void
test_emitter_class_init (TestEmitterClass *klass)
{
  /* gboolean check (void), with the "handled" accumulator. */
  emitter_signals[SIGNAL_CHECK] =
    g_signal_new ("check", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 0);
  /* gint64 six (int, string, pointer, int64, object, boolean): fast path. */
  emitter_signals[SIGNAL_SIX] =
    g_signal_new ("six", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_INT64, 6, G_TYPE_INT, G_TYPE_STRING, G_TYPE_POINTER,
                  G_TYPE_INT64, G_TYPE_OBJECT, G_TYPE_BOOLEAN);
  /* int seven (7 × int): too many for the fast path. */
  emitter_signals[SIGNAL_SEVEN] =
    g_signal_new ("seven", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_INT, 7, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT,
                  G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  /* double scale (int, double): generic path. */
  emitter_signals[SIGNAL_SCALE] =
    g_signal_new ("scale", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_DOUBLE, 2, G_TYPE_INT, G_TYPE_DOUBLE);
}

static void
test_emitter_init (TestEmitter *self)
{
}

typedef struct {
  TestFault fault;
  guint runs;
  guint destroyed;
} Calls;

static gboolean
check_faulty_cb (TestEmitter *emitter,
                 Calls       *calls)
{
  calls->runs++;
  test_fault_raise (calls->fault);
  return TRUE;
}

static gboolean
check_true_cb (TestEmitter *emitter,
               Calls       *calls)
{
  return TRUE;
}

static gint64
six_cb (TestEmitter *emitter,
        int          i,
        const char  *s,
        gpointer     p,
        gint64       big,
        GObject     *object,
        gboolean     flag,
        Calls       *calls)
{
  g_assert_true (TEST_IS_EMITTER (emitter));
  g_assert_cmpint (i, ==, -7);
  g_assert_cmpstr (s, ==, "six");
  g_assert_true (p == (gpointer) calls);
  g_assert_cmpint (big, ==, G_GINT64_CONSTANT (1) << 40);
  g_assert_true (object == (GObject *) emitter);
  g_assert_true (flag);
  calls->runs++;
  test_fault_raise (calls->fault);
  return big + i;
}

static gint64
six_swapped_cb (Calls       *calls,
                int          i,
                const char  *s,
                gpointer     p,
                gint64       big,
                GObject     *object,
                gboolean     flag,
                TestEmitter *emitter)
{
  g_assert_true (TEST_IS_EMITTER (emitter));
  return six_cb (emitter, i, s, p, big, object, flag, calls);
}

static int
seven_cb (TestEmitter *emitter,
          int a, int b, int c, int d, int e, int f, int g,
          Calls       *calls)
{
  calls->runs++;
  test_fault_raise (calls->fault);
  return a + b + c + d + e + f + g;
}

static double
scale_cb (TestEmitter *emitter,
          int          factor,
          double       x,
          Calls       *calls)
{
  calls->runs++;
  test_fault_raise (calls->fault);
  return factor * x;
}

static void
calls_destroyed_cb (gpointer  data,
                    GClosure *closure)
{
  Calls *calls = data;

  calls->destroyed++;
}

static gint64
emit_six (TestEmitter *emitter,
          Calls       *calls)
{
  gint64 result = -1;

  g_signal_emit (emitter, emitter_signals[SIGNAL_SIX], 0,
                 -7, "six", calls, G_GINT64_CONSTANT (1) << 40, emitter, TRUE,
                 &result);
  return result;
}

/* Arguments and return values pass through both paths untouched; a faulted
 * handler's signal returns the default value, and a "handled" accumulator
 * moves on to the next handler. */
static void
test_return_values (void)
{
  TestEmitter *emitter = g_object_new (TEST_TYPE_EMITTER, NULL);
  GtkWidget *container = g_object_ref_sink (healing_container_new ());
  Calls calls = { TEST_FAULT_NONE, 0, 0 };
  gboolean handled = TRUE;
  int seven = -1;
  double scaled = -1;
  gulong id;

  /* Owned explicitly: the emitter is no widget. */
  healing_signal_connect_full (emitter, "check", G_CALLBACK (check_faulty_cb), &calls,
                               calls_destroyed_cb, 0, HEALING_CONTAINER (container));
  g_signal_emit (emitter, emitter_signals[SIGNAL_CHECK], 0, &handled);
  g_assert_true (handled);
  calls.fault = TEST_FAULT_ABORT;
  g_signal_emit (emitter, emitter_signals[SIGNAL_CHECK], 0, &handled);
  g_assert_false (handled);
  g_assert_cmpuint (calls.destroyed, ==, 1);
  healing_test_flush ();
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 1);
  g_assert_cmpstr (healing_fault_get_origin (healing_container_get_last_fault (HEALING_CONTAINER (container))),
                   ==, "TestEmitter::check handler");

  calls = (Calls) { TEST_FAULT_NULL_DEREF, 0, 0 };
  healing_signal_connect_full (emitter, "check", G_CALLBACK (check_faulty_cb), &calls,
                               NULL, 0, HEALING_CONTAINER (container));
  g_signal_connect (emitter, "check", G_CALLBACK (check_true_cb), &calls);
  g_signal_emit (emitter, emitter_signals[SIGNAL_CHECK], 0, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (calls.runs, ==, 1);

  /* Six parameters, 64-bit return: fast path, plain and swapped. */
  calls = (Calls) { TEST_FAULT_NONE, 0, 0 };
  id = healing_signal_connect_full (emitter, "six", G_CALLBACK (six_cb), &calls,
                                    calls_destroyed_cb, 0, HEALING_CONTAINER (container));
  g_assert_cmpint (emit_six (emitter, &calls), ==, (G_GINT64_CONSTANT (1) << 40) - 7);
  g_signal_handler_disconnect (emitter, id);
  g_assert_cmpuint (calls.destroyed, ==, 1);
  id = healing_signal_connect_full (emitter, "six", G_CALLBACK (six_swapped_cb), &calls,
                                    NULL, G_CONNECT_SWAPPED, HEALING_CONTAINER (container));
  g_assert_cmpint (emit_six (emitter, &calls), ==, (G_GINT64_CONSTANT (1) << 40) - 7);
  calls.fault = TEST_FAULT_CRITICAL;
  g_assert_cmpint (emit_six (emitter, &calls), ==, 0);
  g_assert_cmpuint (calls.runs, ==, 3);
  g_assert_cmpint (emit_six (emitter, &calls), ==, 0);
  g_assert_cmpuint (calls.runs, ==, 3);

  /* Seven parameters: generic path. */
  calls = (Calls) { TEST_FAULT_NONE, 0, 0 };
  healing_signal_connect_full (emitter, "seven", G_CALLBACK (seven_cb), &calls,
                               calls_destroyed_cb, 0, HEALING_CONTAINER (container));
  g_signal_emit (emitter, emitter_signals[SIGNAL_SEVEN], 0, 1, 2, 3, 4, 5, 6, 7, &seven);
  g_assert_cmpint (seven, ==, 28);
  calls.fault = TEST_FAULT_DIVIDE_BY_ZERO;
  g_signal_emit (emitter, emitter_signals[SIGNAL_SEVEN], 0, 1, 2, 3, 4, 5, 6, 7, &seven);
  g_assert_cmpint (seven, ==, 0);
  g_assert_cmpuint (calls.destroyed, ==, 1);

  /* A double: generic path. */
  calls = (Calls) { TEST_FAULT_NONE, 0, 0 };
  healing_signal_connect_full (emitter, "scale", G_CALLBACK (scale_cb), &calls,
                               NULL, 0, HEALING_CONTAINER (container));
  g_signal_emit (emitter, emitter_signals[SIGNAL_SCALE], 0, 3, 1.5, &scaled);
  g_assert_cmpfloat (scaled, ==, 4.5);
  calls.fault = TEST_FAULT_RECURSION;
  g_signal_emit (emitter, emitter_signals[SIGNAL_SCALE], 0, 3, 1.5, &scaled);
  g_assert_cmpfloat (scaled, ==, 0.0);

  healing_test_flush ();
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (container)), ==, 5);

  g_assert_finalize_object (emitter);
  g_assert_finalize_object (container);
}

/* ------------------------------------------------------------------------ */

static const struct {
  TestFault fault;
  HealingFaultKind kind;
  int signal_number;
  const char *message;
} faults[] = {
  { TEST_FAULT_NULL_DEREF, HEALING_FAULT_CRASH, SIGSEGV, "SIGSEGV" },
  { TEST_FAULT_DIVIDE_BY_ZERO, HEALING_FAULT_CRASH, SIGFPE, "SIGFPE" },
  { TEST_FAULT_ABORT, HEALING_FAULT_CRASH, SIGABRT, "SIGABRT" },
  { TEST_FAULT_RECURSION, HEALING_FAULT_CRASH, SIGSEGV, "stack overflow" },
  { TEST_FAULT_CRITICAL, HEALING_FAULT_CRITICAL, 0, "deliberate critical" },
  { TEST_FAULT_INFINITE_LOOP, HEALING_FAULT_HANG, 0, NULL },
};

/* A handler that renames its container's component, then faults: its
 * frame still reads the old id (the death record of a hang or a crash
 * would be written from it), which the container freed. Under memcheck
 * or ASan a read of the freed string fails the test. */
static void
rename_clicked_cb (GtkButton        *button,
                   HealingContainer *container)
{
  HealingTrapFrame *frame = healing_trap_get_current_frame ();
  const char *before = frame->component;

  g_assert_cmpstr (before, ==, "before-rename");
  healing_container_set_component_id (container, "after-rename");
  g_assert_true (frame->component != before);
  g_assert_cmpstr (frame->component, ==, "before-rename");
  test_fault_raise (TEST_FAULT_NULL_DEREF);
}

static void
test_component_renamed (void)
{
  HealingContainer *container = HEALING_CONTAINER (g_object_ref_sink (healing_container_new ()));
  GtkWidget *button = gtk_button_new ();

  healing_container_set_component_id (container, "before-rename");
  healing_container_set_child (container, button);
  healing_signal_connect (button, "clicked", G_CALLBACK (rename_clicked_cb), container);

  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();

  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_cmpstr (healing_fault_get_component_id (healing_container_get_last_fault (container)),
                   ==, "after-rename");
  g_object_unref (container);
}

int
main (int   argc,
      char *argv[])
{
  static Cell cells[CONTEXT_LAST * G_N_ELEMENTS (faults)];
  guint n = 0;
  guint c, f;

  healing_test_init (&argc, &argv);

  for (c = 0; c < CONTEXT_LAST; c++)
    for (f = 0; f < G_N_ELEMENTS (faults); f++)
      {
        Cell *cell = &cells[n++];
        g_autofree char *path = NULL;

        cell->context = c;
        cell->fault = faults[f].fault;
        cell->kind = faults[f].kind;
        cell->signal_number = faults[f].signal_number;
        cell->message = faults[f].message;

        path = g_strdup_printf ("/Healing/Handlers/%s/%s", context_names[c],
                                test_fault_name (cell->fault));
        g_test_add (path, Fixture, cell, fixture_set_up,
                    cell->kind == HEALING_FAULT_HANG ? test_hang_cell : test_cell,
                    fixture_tear_down);
      }

  g_test_add_func ("/Healing/Handlers/unguarded-crash", test_unguarded_crash);
  g_test_add_func ("/Healing/Handlers/unowned", test_unowned);
  g_test_add_func ("/Healing/Handlers/owner-at-fault-time", test_owner_at_fault_time);
  g_test_add_func ("/Healing/Handlers/return-values", test_return_values);
  g_test_add_func ("/Healing/Handlers/reported-exception", test_reported_exception);
  g_test_add_func ("/Healing/Handlers/nested-loop", test_nested_loop);
  g_test_add_data_func ("/Healing/Handlers/owner-disposed/return", GINT_TO_POINTER (DISPOSE_RETURN),
                        test_owner_disposed);
  g_test_add_data_func ("/Healing/Handlers/owner-disposed/fault", GINT_TO_POINTER (DISPOSE_FAULT),
                        test_owner_disposed);
  g_test_add_data_func ("/Healing/Handlers/owner-disposed/after-inner-fault",
                        GINT_TO_POINTER (DISPOSE_AFTER_INNER), test_owner_disposed);
  g_test_add_data_func ("/Healing/Handlers/owner-disposed/nested-loop",
                        GINT_TO_POINTER (DISPOSE_IN_LOOP), test_owner_disposed);
  g_test_add_func ("/Healing/Handlers/owner-disposed/in-begin", test_owner_disposed_in_begin);
  g_test_add_func ("/Healing/Handlers/component-renamed", test_component_renamed);
  g_test_add_data_func ("/Healing/Handlers/nested-loop-crash/callback", GINT_TO_POINTER (TRUE),
                        test_nested_loop_crash);
  g_test_add_data_func ("/Healing/Handlers/nested-loop-crash/prepare", GINT_TO_POINTER (FALSE),
                        test_nested_loop_crash);
  g_test_add_data_func ("/Healing/Handlers/moved-widget", GINT_TO_POINTER (FALSE),
                        test_moved_widget);
  g_test_add_data_func ("/Healing/Handlers/moved-widget/frozen-notify", GINT_TO_POINTER (TRUE),
                        test_moved_widget);

  return g_test_run ();
}
