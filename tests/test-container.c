/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <healing.h>

#include "healing-container-private.h"
#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define GREEN 0xff00ff00u
#define HANG_TIMEOUT_MS 300

/* A window with a guarded faulty widget, a healthy faulty-type sibling that
 * draws green, and a button whose handler counts clicks. */
typedef struct {
  GtkWidget *window;
  GtkWidget *container;
  GtkWidget *child;
  GtkWidget *sibling;
  GtkWidget *button;
  guint clicks;
  guint fault_signals;
  guint state_signals;
  HealingState last_signalled_state;
} Fixture;

static void
clicked_cb (GtkButton *button,
            Fixture   *fixture)
{
  fixture->clicks++;
}

static void
fault_cb (HealingContainer *container,
          HealingFault     *fault,
          Fixture          *fixture)
{
  g_assert_nonnull (fault);
  fixture->fault_signals++;
}

static void
state_changed_cb (HealingContainer *container,
                  HealingState      state,
                  Fixture          *fixture)
{
  fixture->state_signals++;
  fixture->last_signalled_state = state;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  fixture->container = healing_container_new ();
  healing_container_set_component_id (HEALING_CONTAINER (fixture->container), "Cell");
  gtk_widget_set_vexpand (fixture->container, TRUE);
  fixture->child = healing_test_faulty_new ();
  healing_container_set_child (HEALING_CONTAINER (fixture->container), fixture->child);
  g_signal_connect (fixture->container, "fault", G_CALLBACK (fault_cb), fixture);
  g_signal_connect (fixture->container, "state-changed", G_CALLBACK (state_changed_cb), fixture);
  gtk_box_append (GTK_BOX (box), fixture->container);

  fixture->sibling = healing_test_faulty_new ();
  gtk_widget_set_size_request (fixture->sibling, -1, 60);
  gtk_box_append (GTK_BOX (box), fixture->sibling);

  fixture->button = gtk_button_new_with_label ("Still here");
  g_signal_connect (fixture->button, "clicked", G_CALLBACK (clicked_cb), fixture);
  gtk_box_append (GTK_BOX (box), fixture->button);

  fixture->window = healing_test_window_new (box);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
}

/* The window keeps rendering and the rest of it keeps working. */
static void
assert_rest_of_window_alive (Fixture *fixture)
{
  guint draws = healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->sibling));
  guint clicks = fixture->clicks;

  gtk_widget_queue_draw (fixture->sibling);
  healing_test_wait_frames (fixture->window, 2);
  g_assert_cmpuint (healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->sibling)), >, draws);

  g_assert_cmphex (healing_test_pixel_at (fixture->sibling, 10, 30), ==, GREEN);

  g_signal_emit_by_name (fixture->button, "clicked");
  g_assert_cmpuint (fixture->clicks, ==, clicks + 1);
}

/* The built-in fallback is what the container shows now. */
static void
assert_fallback_shown (Fixture *fixture)
{
  GtkWidget *shown = gtk_widget_get_first_child (fixture->container);

  g_assert_nonnull (shown);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (shown), ==, "HealingFaultView");
  g_assert_true (gtk_widget_get_mapped (shown));
  g_assert_null (gtk_widget_get_parent (fixture->child));
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)),
                   ==, HEALING_STATE_FALLBACK);
  g_assert_true (gtk_widget_has_css_class (fixture->container, "faulted"));

  /* The fallback is painted where the child was: not the child's green. */
  g_assert_cmphex (healing_test_pixel_at (fixture->container,
                                          gtk_widget_get_width (fixture->container) / 2.,
                                          2),
                   !=, GREEN);
}

static void
arm_and_wait (Fixture   *fixture,
              TestFault  fault,
              TestPhase  phase)
{
  healing_test_faulty_arm (HEALING_TEST_FAULTY (fixture->child), fault, phase);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
}

typedef struct {
  TestFault fault;
  TestPhase phase;
  HealingFaultKind kind;
  int signal_number;
  const char *message;
} Cell;

static void
test_cell (Fixture       *fixture,
           gconstpointer  data)
{
  const Cell *cell = data;
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  HealingFault *fault;
  static const HealingFaultPhase phases[] = {
    HEALING_PHASE_MEASURE, HEALING_PHASE_ALLOCATE, HEALING_PHASE_SNAPSHOT,
  };

  /* Healthy first: the child draws green. */
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmphex (healing_test_pixel_at (fixture->child, 20, 20), ==, GREEN);

  gint64 armed_at;

  if (cell->kind == HEALING_FAULT_WARNING)
    healing_container_set_trap_warnings (container, TRUE);
  if (cell->kind == HEALING_FAULT_HANG)
    {
      healing_container_set_hang_timeout (container, HANG_TIMEOUT_MS);
      healing_test_expect_taint ();
    }

  armed_at = g_get_monotonic_time ();
  arm_and_wait (fixture, cell->fault, cell->phase);

  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_cmpuint (fixture->fault_signals, ==, 1);
  g_assert_cmpuint (fixture->state_signals, ==, 1);
  g_assert_cmpint (fixture->last_signalled_state, ==, HEALING_STATE_FALLBACK);

  fault = healing_container_get_last_fault (container);
  g_assert_nonnull (fault);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, cell->kind);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, phases[cell->phase]);
  g_assert_cmpint (healing_fault_get_signal (fault), ==, cell->signal_number);
  g_assert_cmpstr (healing_fault_get_component_id (fault), ==, "Cell");
  g_assert_cmpstr (healing_fault_get_origin (fault), ==, "HealingTestFaulty");
  g_assert_cmpint (healing_fault_get_time (fault), <=, g_get_monotonic_time ());
  g_assert_cmpint (healing_fault_get_taints_process (fault), ==, cell->kind == HEALING_FAULT_HANG);
  if (cell->kind == HEALING_FAULT_HANG)
    {
      gint64 elapsed_ms = (healing_fault_get_time (fault) - armed_at) / 1000;

      /* Interrupted no earlier than its timeout, and soon after it. */
      g_test_message ("hang trapped after %" G_GINT64_FORMAT " ms", elapsed_ms);
      g_assert_cmpint (elapsed_ms, >=, HANG_TIMEOUT_MS);
      g_assert_cmpint (elapsed_ms, <=, HANG_TIMEOUT_MS + healing_test_hang_margin_ms ());
      g_assert_true (healing_runtime_get_tainted (healing_runtime_get_default ()));
    }
  if (cell->message != NULL && strstr (healing_fault_get_message (fault), cell->message) == NULL)
    g_error ("fault message “%s” does not mention “%s”",
             healing_fault_get_message (fault), cell->message);

  assert_fallback_shown (fixture);
  assert_rest_of_window_alive (fixture);

  /* Once faulted, the child is never run again without a reset. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (fixture->child), TEST_FAULT_NONE, TEST_PHASE_LAST);
  healing_test_wait_frames (fixture->window, 2);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_FALLBACK);
}

/* Reset that succeeds: the child is back and drawing. */
static void
test_reset_succeeds (Fixture       *fixture,
                     gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  GtkWidget *retry;

  arm_and_wait (fixture, TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  assert_fallback_shown (fixture);

  /* Fixed; "Try again" in the built-in fallback resets the container. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (fixture->child), TEST_FAULT_NONE, TEST_PHASE_LAST);
  retry = gtk_widget_get_last_child (gtk_widget_get_first_child (gtk_widget_get_first_child (fixture->container)));
  g_assert_true (GTK_IS_BUTTON (retry));
  g_signal_emit_by_name (retry, "clicked");

  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();

  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_false (gtk_widget_has_css_class (fixture->container, "faulted"));
  g_assert_true (gtk_widget_get_parent (fixture->child) == fixture->container);
  g_assert_cmphex (healing_test_pixel_at (fixture->child, 20, 20), ==, GREEN);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_cmpuint (fixture->state_signals, ==, 2);
}

/* Reset that faults again: back to the fallback, one more fault. */
static void
test_reset_faults_again (Fixture       *fixture,
                         gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);

  arm_and_wait (fixture, TEST_FAULT_DIVIDE_BY_ZERO, TEST_PHASE_ALLOCATE);
  assert_fallback_shown (fixture);

  healing_container_reset (container);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();

  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 2);
  assert_fallback_shown (fixture);
  assert_rest_of_window_alive (fixture);
}

/* A fallback that faults too is isolated: nothing drawn, no space taken. */
static void
test_fallback_faults (Fixture       *fixture,
                      gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  GtkWidget *fallback = healing_test_faulty_new ();

  gtk_widget_set_vexpand (fixture->container, FALSE);
  healing_container_set_fallback (container, fallback);
  healing_test_faulty_arm (HEALING_TEST_FAULTY (fallback), TEST_FAULT_ABORT, TEST_PHASE_SNAPSHOT);

  arm_and_wait (fixture, TEST_FAULT_NULL_DEREF, TEST_PHASE_MEASURE);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();

  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_ISOLATED);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 2);
  g_assert_cmpint (healing_fault_get_signal (healing_container_get_last_fault (container)), ==, SIGABRT);
  g_assert_null (gtk_widget_get_first_child (fixture->container));
  healing_test_wait_frames (fixture->window, 1);
  g_assert_cmpint (gtk_widget_get_height (fixture->container), ==, 0);
  assert_rest_of_window_alive (fixture);
}

/* A fallback given by the application replaces the built-in one. */
static void
test_custom_fallback (Fixture       *fixture,
                      gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  GtkWidget *fallback = gtk_label_new ("Ticker unavailable");

  healing_container_set_fallback (container, fallback);
  arm_and_wait (fixture, TEST_FAULT_RECURSION, TEST_PHASE_SNAPSHOT);

  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_FALLBACK);
  g_assert_true (gtk_widget_get_parent (fallback) == fixture->container);
  g_assert_true (gtk_widget_get_mapped (fallback));
  assert_rest_of_window_alive (fixture);
}

/* A custom fallback gets the container's healing.reset action: its button
 * brings the child back, drawing again. */
static void
test_custom_fallback_reset (Fixture       *fixture,
                            gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  GtkWidget *fallback = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *reload = gtk_button_new_with_label ("Reload");
  guint draws;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (reload), "healing.reset");
  gtk_box_append (GTK_BOX (fallback), gtk_label_new ("Ticker unavailable"));
  gtk_box_append (GTK_BOX (fallback), reload);
  healing_container_set_fallback (container, fallback);

  arm_and_wait (fixture, TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_FALLBACK);
  g_assert_true (gtk_widget_get_parent (fallback) == fixture->container);
  g_assert_null (gtk_widget_get_parent (fixture->child));
  /* An action name that nothing provides leaves the button insensitive. */
  g_assert_true (gtk_widget_is_sensitive (reload));

  healing_test_faulty_arm (HEALING_TEST_FAULTY (fixture->child), TEST_FAULT_NONE, TEST_PHASE_LAST);
  draws = healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->child));
  g_signal_emit_by_name (reload, "clicked");
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();

  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_false (gtk_widget_has_css_class (fixture->container, "faulted"));
  g_assert_true (gtk_widget_get_parent (fixture->child) == fixture->container);
  g_assert_null (gtk_widget_get_parent (fallback));
  g_assert_cmpuint (healing_test_faulty_get_draws (HEALING_TEST_FAULTY (fixture->child)), >, draws);
  g_assert_cmphex (healing_test_pixel_at (fixture->child, 20, 20), ==, GREEN);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  assert_rest_of_window_alive (fixture);
}

/* The innermost container handles its fault; the outer sees nothing. */
static void
test_nested (Fixture       *fixture,
             gconstpointer  data)
{
  HealingContainer *outer = HEALING_CONTAINER (fixture->container);
  GtkWidget *inner = healing_container_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *inner_child = healing_test_faulty_new ();
  GtkWidget *outer_child = healing_test_faulty_new ();

  healing_container_set_child (HEALING_CONTAINER (inner), inner_child);
  gtk_box_append (GTK_BOX (box), inner);
  gtk_box_append (GTK_BOX (box), outer_child);
  healing_container_set_child (outer, box);
  healing_test_wait_frames (fixture->window, 2);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (inner_child), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();

  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (inner)), ==, HEALING_STATE_FALLBACK);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (inner)), ==, 1);
  g_assert_cmpint (healing_container_get_state (outer), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (outer), ==, 0);
  g_assert_cmphex (healing_test_pixel_at (outer_child, 10, 10), ==, GREEN);

  /* A fault in the outer's own content goes to the outer. */
  healing_test_faulty_arm (HEALING_TEST_FAULTY (outer_child), TEST_FAULT_DIVIDE_BY_ZERO, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (outer), ==, HEALING_STATE_FALLBACK);
  g_assert_cmpuint (healing_container_get_fault_count (outer), ==, 1);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (inner)), ==, 1);
  assert_rest_of_window_alive (fixture);
}

/* isolate () on demand, and reset () from isolation. */
static void
test_isolate (Fixture       *fixture,
              gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);

  healing_container_isolate (container);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_ISOLATED);
  g_assert_null (gtk_widget_get_first_child (fixture->container));
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 0);
  assert_rest_of_window_alive (fixture);

  healing_container_reset (container);
  healing_test_wait_frames (fixture->window, 2);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_cmphex (healing_test_pixel_at (fixture->child, 20, 20), ==, GREEN);
}

/* Injected faults are real faults of the container's component. */
static void
test_inject (Fixture       *fixture,
             gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  static const struct { HealingFaultKind kind; int signal_number; } cases[] = {
    { HEALING_FAULT_CRASH, SIGSEGV },
    { HEALING_FAULT_CRITICAL, 0 },
    { HEALING_FAULT_ERROR, 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HealingFault *fault;

      healing_container_inject_fault (container, cases[i].kind);
      healing_test_flush ();
      healing_test_wait_frames (fixture->window, 2);

      fault = healing_container_get_last_fault (container);
      g_assert_cmpuint (healing_container_get_fault_count (container), ==, i + 1);
      g_assert_cmpint (healing_fault_get_kind (fault), ==, cases[i].kind);
      g_assert_cmpint (healing_fault_get_signal (fault), ==, cases[i].signal_number);
      g_assert_cmpstr (healing_fault_get_component_id (fault), ==, "Cell");
      assert_fallback_shown (fixture);
      assert_rest_of_window_alive (fixture);

      healing_container_reset (container);
      healing_test_wait_frames (fixture->window, 1);
      g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
    }

  g_assert_cmpuint (fixture->fault_signals, ==, 3);
}

/* Properties round-trip, notify only on change. */
static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  HealingContainer *container = HEALING_CONTAINER (g_object_ref_sink (healing_container_new ()));
  GtkWidget *child = gtk_label_new ("child");
  GtkWidget *fallback = gtk_label_new ("fallback");
  g_autofree char *component_id = NULL;
  GtkWidget *got_child = NULL;
  guint notified = 0;
  HealingState state;

  g_signal_connect (container, "notify::component-id", G_CALLBACK (notify_cb), &notified);
  g_object_set (container, "component-id", "Ticker", "child", child, "fallback", fallback, NULL);
  g_object_get (container, "component-id", &component_id, "child", &got_child, "state", &state, NULL);
  g_assert_cmpstr (component_id, ==, "Ticker");
  g_assert_true (got_child == child);
  g_assert_cmpint (state, ==, HEALING_STATE_HEALTHY);
  g_assert_true (healing_container_get_fallback (container) == fallback);
  g_assert_cmpuint (notified, ==, 1);
  healing_container_set_component_id (container, "Ticker");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_null (healing_container_get_last_fault (container));
  g_assert_true (gtk_widget_get_parent (child) == GTK_WIDGET (container));
  g_assert_null (gtk_widget_get_parent (fallback));
  g_object_unref (got_child);

  g_assert_finalize_object (container);
}

/* Every setting, through GObject: the getter agrees, a change notifies
 * once, the same value does not notify, an out-of-range value is refused
 * and changes nothing. */
typedef struct {
  const char *name;
  guint a;
  guint b;
} UintSetting;

static void
test_settings_round_trip (void)
{
  static const UintSetting uints[] = {
    { "hang-timeout", 750, 0 },
    { "max-restarts", 64, 0 },
    { "restart-period", 1, 3600000 },
    { "checkpoint-interval", 0, 250 },
  };
  static const char * const booleans[] = { "trap-warnings", "persist", "trusted-drawing" };
  HealingContainer *container = HEALING_CONTAINER (g_object_ref_sink (healing_container_new ()));
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  HealingPolicy *got_policy = NULL;
  GListModel *checkpoints = NULL;
  guint i, notified = 0;

  for (i = 0; i < G_N_ELEMENTS (uints); i++)
    {
      g_autofree char *detailed = g_strconcat ("notify::", uints[i].name, NULL);
      guint value = G_MAXUINT;

      g_signal_handlers_disconnect_by_func (container, notify_cb, &notified);
      g_signal_connect (container, detailed, G_CALLBACK (notify_cb), &notified);
      notified = 0;
      g_object_set (container, uints[i].name, uints[i].a, NULL);
      g_object_get (container, uints[i].name, &value, NULL);
      g_assert_cmpuint (value, ==, uints[i].a);
      g_object_set (container, uints[i].name, uints[i].a, NULL);
      g_assert_cmpuint (notified, ==, 1);
      g_object_set (container, uints[i].name, uints[i].b, NULL);
      g_object_get (container, uints[i].name, &value, NULL);
      g_assert_cmpuint (value, ==, uints[i].b);
      g_assert_cmpuint (notified, ==, 2);
    }
  g_assert_cmpuint (healing_container_get_hang_timeout (container), ==, 0);
  g_assert_cmpuint (healing_container_get_max_restarts (container), ==, 0);
  g_assert_cmpuint (healing_container_get_restart_period (container), ==, 3600000);
  g_assert_cmpuint (healing_container_get_checkpoint_interval (container), ==, 250);

  for (i = 0; i < G_N_ELEMENTS (booleans); i++)
    {
      g_autofree char *detailed = g_strconcat ("notify::", booleans[i], NULL);
      gboolean value = FALSE;

      g_signal_handlers_disconnect_by_func (container, notify_cb, &notified);
      g_signal_connect (container, detailed, G_CALLBACK (notify_cb), &notified);
      notified = 0;
      g_object_set (container, booleans[i], TRUE, NULL);
      g_object_set (container, booleans[i], TRUE, NULL);
      g_object_get (container, booleans[i], &value, NULL);
      g_assert_true (value);
      g_object_set (container, booleans[i], FALSE, NULL);
      g_object_get (container, booleans[i], &value, NULL);
      g_assert_false (value);
      g_assert_cmpuint (notified, ==, 2);
    }
  g_assert_false (healing_container_get_trap_warnings (container));
  g_assert_false (healing_container_get_persist (container));
  g_assert_false (healing_container_get_trusted_drawing (container));

  g_signal_handlers_disconnect_by_func (container, notify_cb, &notified);
  g_signal_connect (container, "notify::policy", G_CALLBACK (notify_cb), &notified);
  notified = 0;
  g_object_set (container, "policy", policy, NULL);
  g_object_set (container, "policy", policy, NULL);
  g_object_get (container, "policy", &got_policy, "checkpoints", &checkpoints, NULL);
  g_assert_true (got_policy == policy);
  g_assert_true (healing_container_get_policy (container) == policy);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (checkpoints == healing_container_get_checkpoints (container));
  g_assert_true (G_IS_LIST_MODEL (checkpoints));
  g_clear_object (&got_policy);
  g_clear_object (&checkpoints);

  /* Refused: more restarts than the limit, a period of 0 ms. */
  g_signal_handlers_disconnect_by_func (container, notify_cb, &notified);
  g_signal_connect (container, "notify", G_CALLBACK (notify_cb), &notified);
  notified = 0;
  g_test_expect_message ("Healing", G_LOG_LEVEL_CRITICAL, "*max_restarts <= *");
  healing_container_set_max_restarts (container, 65);
  g_test_expect_message ("Healing", G_LOG_LEVEL_CRITICAL, "*period_ms > 0*");
  healing_container_set_restart_period (container, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (healing_container_get_max_restarts (container), ==, 0);
  g_assert_cmpuint (healing_container_get_restart_period (container), ==, 3600000);
  g_assert_cmpuint (notified, ==, 0);

  g_assert_finalize_object (container);
}

/* The application's fallback factory runs in a frame of its own: a new
 * widget for each fault (the previous one taken down first); a factory
 * that returns NULL gets the built-in fallback; a factory that crashes is
 * a fault given up on (logged, counted) and the container shows nothing,
 * while the rest of the window goes on. Replacing the factory frees its
 * data. */
typedef struct {
  guint calls;
  gboolean crash;
  gboolean none;
  guint freed;
} Factory;

static GtkWidget *
factory_cb (HealingContainer *container,
            HealingFault     *fault,
            gpointer          data)
{
  Factory *factory = data;

  factory->calls++;
  if (factory->crash)
    test_fault_raise (TEST_FAULT_NULL_DEREF);
  if (factory->none)
    return NULL;
  return gtk_label_new (healing_fault_get_message (fault));
}

static void
factory_free (gpointer data)
{
  ((Factory *) data)->freed++;
}

static void
test_fallback_factory (Fixture       *fixture,
                       gconstpointer  data)
{
  HealingContainer *container = HEALING_CONTAINER (fixture->container);
  Factory factory = { 0, };
  GListModel *log = healing_runtime_get_fault_log (healing_runtime_get_default ());
  HealingFaultEntry *entry;
  GtkWidget *first, *second;

  healing_container_set_fallback_factory (container, factory_cb, &factory, factory_free);

  /* A new label per fault, the old one taken down. */
  arm_and_wait (fixture, TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  first = gtk_widget_get_first_child (fixture->container);
  g_assert_true (GTK_IS_LABEL (first));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (first)), ==,
                   "invalid memory access (SIGSEGV) at address (nil)");
  healing_test_faulty_arm (HEALING_TEST_FAULTY (fixture->child), TEST_FAULT_DIVIDE_BY_ZERO,
                           TEST_PHASE_SNAPSHOT);
  healing_container_reset (container);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  second = gtk_widget_get_first_child (fixture->container);
  g_assert_true (GTK_IS_LABEL (second));
  g_assert_true (second != first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (second)), ==, "arithmetic error (SIGFPE)");
  g_assert_cmpuint (factory.calls, ==, 2);

  /* NULL: the built-in fallback. */
  factory.none = TRUE;
  healing_container_reset (container);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_widget_get_first_child (fixture->container)), ==,
                   "HealingFaultView");

  /* A crash in the factory: given up on, nothing shown. */
  factory.none = FALSE;
  factory.crash = TRUE;
  healing_container_reset (container);
  healing_test_wait_frames (fixture->window, 2);
  healing_test_flush ();
  g_assert_cmpuint (factory.calls, ==, 4);
  g_assert_null (gtk_widget_get_first_child (fixture->container));
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 5);
  entry = g_list_model_get_item (log, g_list_model_get_n_items (log) - 1);
  g_assert_cmpstr (healing_fault_get_origin (healing_fault_entry_get_fault (entry)), ==,
                   "fallback factory");
  g_assert_cmpint (healing_fault_get_kind (healing_fault_entry_get_fault (entry)), ==,
                   HEALING_FAULT_CRASH);
  g_assert_cmpint (healing_fault_entry_get_outcome (entry), ==, HEALING_OUTCOME_GAVE_UP);
  g_object_unref (entry);
  assert_rest_of_window_alive (fixture);

  /* Replaced: the old data is freed, once. */
  g_assert_cmpuint (factory.freed, ==, 0);
  healing_container_set_fallback_factory (container, NULL, NULL, NULL);
  g_assert_cmpuint (factory.freed, ==, 1);
}

/* <object class="HealingContainer"> with <child> and <child type="fallback">. */
static void
test_buildable (void)
{
  const char *ui =
    "<interface>"
    "  <object class='HealingContainer' id='guard'>"
    "    <property name='component-id'>Form</property>"
    "    <child><object class='GtkLabel' id='content'/></child>"
    "    <child type='fallback'><object class='GtkLabel' id='spare'/></child>"
    "  </object>"
    "  <object class='HealingContainer' id='guard2'>"
    "    <property name='child'><object class='GtkButton' id='button'/></property>"
    "  </object>"
    "</interface>";
  g_autoptr (GtkBuilder) builder = gtk_builder_new ();
  g_autoptr (GError) error = NULL;
  HealingContainer *guard;

  gtk_builder_add_from_string (builder, ui, -1, &error);
  g_assert_no_error (error);

  guard = HEALING_CONTAINER (gtk_builder_get_object (builder, "guard"));
  g_assert_cmpstr (healing_container_get_component_id (guard), ==, "Form");
  g_assert_true (healing_container_get_child (guard) == GTK_WIDGET (gtk_builder_get_object (builder, "content")));
  g_assert_true (healing_container_get_fallback (guard) == GTK_WIDGET (gtk_builder_get_object (builder, "spare")));
  guard = HEALING_CONTAINER (gtk_builder_get_object (builder, "guard2"));
  g_assert_true (healing_container_get_child (guard) == GTK_WIDGET (gtk_builder_get_object (builder, "button")));
}

/* ------------------------------------------------------------------------
 * Cells that cannot run inside a GTest program: a failed g_assert () in a
 * TAP test prints "Bail out!" before it aborts, and an old-API g_error ()
 * poisons the thread's logging. They run in a copy of this program started
 * without GTest, as an application would be.
 * ------------------------------------------------------------------------ */

static int
run_app_cell (const char *spec)
{
  g_auto (GStrv) parts = g_strsplit (spec, ":", 2);
  TestFault fault = TEST_FAULT_LAST;
  TestPhase phase = TEST_PHASE_LAST;
  GtkWidget *box, *container, *child, *sibling, *window;
  HealingFault *last;
  guint i;

  for (i = 0; i < TEST_FAULT_LAST; i++)
    if (g_strcmp0 (parts[0], test_fault_name (i)) == 0)
      fault = i;
  for (i = 0; i < TEST_PHASE_LAST; i++)
    if (g_strcmp0 (parts[1], test_phase_name (i)) == 0)
      phase = i;
  if (fault == TEST_FAULT_LAST || phase == TEST_PHASE_LAST)
    return 2;

  gtk_init ();
  healing_init ();
  healing_test_use_fallback_policy ();

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  container = healing_container_new ();
  gtk_widget_set_vexpand (container, TRUE);
  child = healing_test_faulty_new ();
  healing_container_set_child (HEALING_CONTAINER (container), child);
  sibling = healing_test_faulty_new ();
  gtk_widget_set_size_request (sibling, -1, 60);
  gtk_box_append (GTK_BOX (box), container);
  gtk_box_append (GTK_BOX (box), sibling);
  window = healing_test_window_new (box);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (child), fault, phase);
  healing_test_wait_frames (window, 3);
  healing_test_flush ();

  last = healing_container_get_last_fault (HEALING_CONTAINER (container));
  printf ("state=%d faults=%u signal=%d tainted=%d sibling=%08x\n",
          healing_container_get_state (HEALING_CONTAINER (container)),
          healing_container_get_fault_count (HEALING_CONTAINER (container)),
          last != NULL ? healing_fault_get_signal (last) : 0,
          healing_runtime_get_tainted (healing_runtime_get_default ()),
          healing_test_pixel_at (sibling, 10, 30));
  fflush (stdout);

  /* After an old-API g_error (), GLib's logging on this thread is broken
   * for good: leave without running more GTK code. */
  _exit (0);
}

static void
test_app_cell (gconstpointer data)
{
  const char *spec = data;
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "test-container", NULL);
  g_autofree char *arg = g_strdup_printf ("--app-cell=%s", spec);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { program, arg, NULL };
  int status;
  gboolean taints = g_str_has_prefix (spec, "old-g-error");

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("child stderr: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  expected = g_strdup_printf ("state=%d faults=1 signal=%d tainted=%d sibling=%08x\n",
                              HEALING_STATE_FALLBACK,
                              taints ? SIGTRAP : SIGABRT,
                              taints, GREEN);
  /* GLib prints its own report of the failed assertion on stdout too. */
  g_assert_nonnull (strstr (out, expected));
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    TestFault fault;
    HealingFaultKind kind;
    int signal_number;
    const char *message;
  } kinds[] = {
    { TEST_FAULT_NULL_DEREF, HEALING_FAULT_CRASH, SIGSEGV, "SIGSEGV" },
    { TEST_FAULT_DIVIDE_BY_ZERO, HEALING_FAULT_CRASH, SIGFPE, "SIGFPE" },
    { TEST_FAULT_ABORT, HEALING_FAULT_CRASH, SIGABRT, "SIGABRT" },
    { TEST_FAULT_G_ERROR, HEALING_FAULT_CRASH, SIGTRAP, "deliberate g_error" },
    { TEST_FAULT_RECURSION, HEALING_FAULT_CRASH, SIGSEGV, "stack overflow" },
    { TEST_FAULT_CRITICAL, HEALING_FAULT_CRITICAL, 0, "deliberate critical" },
    { TEST_FAULT_RETURN_IF_FAIL, HEALING_FAULT_CRITICAL, 0, "GTK_IS_WIDGET" },
    { TEST_FAULT_WARNING, HEALING_FAULT_WARNING, 0, "deliberate warning" },
    { TEST_FAULT_INFINITE_LOOP, HEALING_FAULT_HANG, 0, "interrupted in" },
  };
  static Cell cells[G_N_ELEMENTS (kinds) * TEST_PHASE_LAST];
  guint k, p;

  if (argc == 2 && g_str_has_prefix (argv[1], "--app-cell="))
    return run_app_cell (argv[1] + strlen ("--app-cell="));

  healing_test_init (&argc, &argv);

  for (k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (p = 0; p < TEST_PHASE_LAST; p++)
      {
        Cell *cell = &cells[k * TEST_PHASE_LAST + p];
        g_autofree char *path = NULL;

        cell->fault = kinds[k].fault;
        cell->phase = p;
        cell->kind = kinds[k].kind;
        cell->signal_number = kinds[k].signal_number;
        cell->message = kinds[k].message;

        path = g_strdup_printf ("/Healing/Container/fault/%s/%s",
                                test_fault_name (cell->fault), test_phase_name (p));
        g_test_add (path, Fixture, cell, fixture_set_up, test_cell, fixture_tear_down);
      }

  for (p = 0; p < TEST_PHASE_LAST; p++)
    {
      g_autofree char *path = g_strdup_printf ("/Healing/Container/fault/assert/%s",
                                               test_phase_name (p));
      g_test_add_data_func_full (path,
                                 g_strdup_printf ("assert:%s", test_phase_name (p)),
                                 test_app_cell, g_free);
    }
  g_test_add_data_func ("/Healing/Container/fault/old-g-error/snapshot",
                        "old-g-error:snapshot", test_app_cell);

  g_test_add ("/Healing/Container/reset-succeeds", Fixture, NULL,
              fixture_set_up, test_reset_succeeds, fixture_tear_down);
  g_test_add ("/Healing/Container/reset-faults-again", Fixture, NULL,
              fixture_set_up, test_reset_faults_again, fixture_tear_down);
  g_test_add ("/Healing/Container/fallback-faults", Fixture, NULL,
              fixture_set_up, test_fallback_faults, fixture_tear_down);
  g_test_add ("/Healing/Container/custom-fallback", Fixture, NULL,
              fixture_set_up, test_custom_fallback, fixture_tear_down);
  g_test_add ("/Healing/Container/custom-fallback-reset", Fixture, NULL,
              fixture_set_up, test_custom_fallback_reset, fixture_tear_down);
  g_test_add ("/Healing/Container/nested", Fixture, NULL,
              fixture_set_up, test_nested, fixture_tear_down);
  g_test_add ("/Healing/Container/isolate", Fixture, NULL,
              fixture_set_up, test_isolate, fixture_tear_down);
  g_test_add ("/Healing/Container/inject", Fixture, NULL,
              fixture_set_up, test_inject, fixture_tear_down);
  g_test_add_func ("/Healing/Container/properties", test_properties);
  g_test_add_func ("/Healing/Container/settings-round-trip", test_settings_round_trip);
  g_test_add ("/Healing/Container/fallback-factory", Fixture, NULL,
              fixture_set_up, test_fallback_factory, fixture_tear_down);
  g_test_add_func ("/Healing/Container/buildable", test_buildable);

  return g_test_run ();
}
