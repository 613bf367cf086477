/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <healing.h>

#include "healing-container-private.h"
#include "healing-inspector-page-private.h"
#include "healing-test-poisoned.h"
#include "healing-test-utils.h"

#define HANG_TIMEOUT_MS 300

/* ------------------------------------------------------------------------
 * Finding the inspector and the page
 * ------------------------------------------------------------------------ */

static gboolean
type_is_named (GType       type,
               const char *name)
{
  for (; type != 0; type = g_type_parent (type))
    if (g_str_equal (g_type_name (type), name))
      return TRUE;

  return FALSE;
}

static GtkWidget *
find_inspector_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint i;

  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (type_is_named (G_OBJECT_TYPE (window), "GtkInspectorWindow"))
        return window;
    }

  return NULL;
}

/* The first widget of type @name (or a subtype) in @widget's tree. */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 const char *name)
{
  GtkWidget *child;

  if (type_is_named (G_OBJECT_TYPE (widget), name))
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first label showing @text in @widget's tree. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first label in @widget's tree whose text contains @text. */
static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first actionable widget in @widget's tree that activates @action. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  GtkWidget *child;

  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Iterates the main context until @done (@data) or 5 s have passed. */
static gboolean
wait_for (gboolean (*done) (gpointer data),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static gboolean
inspector_exists (gpointer data)
{
  return find_inspector_window () != NULL;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Checks that the inspector window has the page, as a top-level tab named
 * and titled as the library registers it, and returns it. */
static HealingInspectorPage *
assert_page_in_inspector (GtkWidget *inspector)
{
  GtkWidget *page, *stack;
  GtkStackPage *stack_page;
  g_autofree char *title = NULL;

  page = find_descendant (inspector, "HealingInspectorPage");
  g_assert_nonnull (page);

  stack = gtk_widget_get_parent (page);
  g_assert_true (GTK_IS_STACK (stack));
  stack_page = gtk_stack_get_page (GTK_STACK (stack), page);
  g_assert_cmpstr (gtk_stack_page_get_name (stack_page), ==, HEALING_INSPECTOR_PAGE_NAME);
  g_assert_cmpstr (gtk_stack_page_get_title (stack_page), ==, "Healing");

  g_object_get (page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Healing");

  /* Its widgets run on the inspector's display, not the application's. */
  g_assert_true (gtk_widget_get_display (page) != gdk_display_get_default ());

  return HEALING_INSPECTOR_PAGE (page);
}

/* Opens the inspector the way Ctrl+Shift+I does, shows the Healing tab and
 * returns the page. */
static HealingInspectorPage *
show_page (void)
{
  GtkWidget *inspector, *page;

  gtk_window_set_interactive_debugging (TRUE);
  g_assert_true (wait_for (inspector_exists, NULL));
  inspector = find_inspector_window ();
  g_assert_true (wait_for (widget_mapped, inspector));

  page = GTK_WIDGET (assert_page_in_inspector (inspector));
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);
  g_assert_true (wait_for (widget_mapped, page));
  healing_test_flush ();

  return HEALING_INSPECTOR_PAGE (page);
}

static gboolean
page_lists_container (HealingInspectorPage *page,
                      HealingContainer     *container)
{
  guint i;

  for (i = 0; i < healing_inspector_page_get_n_containers (page); i++)
    if (healing_inspector_page_get_container (page, i) == container)
      return TRUE;

  return FALSE;
}

/* ------------------------------------------------------------------------
 * A window with containers
 * ------------------------------------------------------------------------ */

/* Alpha and Beta side by side; Gamma inside Beta, around a button. */
typedef struct {
  GtkWidget *window;
  GtkWidget *alpha;
  GtkWidget *beta;
  GtkWidget *gamma;
  GtkWidget *button;
  GtkWidget *outside;
  HealingInspectorPage *page;
} Fixture;

static GtkWidget *
container_new (const char *id,
               GtkWidget  *child)
{
  GtkWidget *container = healing_container_new ();

  healing_container_set_component_id (HEALING_CONTAINER (container), id);
  healing_container_set_child (HEALING_CONTAINER (container), child);
  gtk_widget_set_vexpand (container, TRUE);

  return container;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  /* The page shows the runtime's log: start each test with an empty one. */
  healing_runtime_clear_fault_log (healing_runtime_get_default ());

  fixture->alpha = container_new ("Alpha", gtk_label_new ("alpha"));
  gtk_box_append (GTK_BOX (box), fixture->alpha);

  fixture->button = gtk_button_new_with_label ("gamma");
  fixture->gamma = container_new ("Gamma", fixture->button);
  gtk_box_append (GTK_BOX (inner), gtk_label_new ("beta"));
  gtk_box_append (GTK_BOX (inner), fixture->gamma);
  fixture->beta = container_new ("Beta", inner);
  gtk_box_append (GTK_BOX (box), fixture->beta);

  fixture->outside = gtk_label_new ("outside");
  gtk_box_append (GTK_BOX (box), fixture->outside);

  fixture->window = healing_test_window_new (box);
  fixture->page = show_page ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

/* gtk_window_set_interactive_debugging (), as Ctrl+Shift+I: the page is a
 * top-level tab of the inspector. */
static void
test_page_api (void)
{
  HealingInspectorPage *page = show_page ();
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (page), "object");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_WRITABLE);
  g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "use-picker"));
}

/* GTK_DEBUG=interactive creates the inspector inside gtk_init (): run a copy
 * of this binary with it set and check what it found. */
static void
spawn_interactive_child (const char *mode,
                         int         expected_status,
                         const char *expected_output)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *arg = g_strdup_printf ("--interactive-child=%s", mode);
  g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-inspector", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "GTK_DEBUG", "interactive", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error,
                                       self_path, arg, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (g_test_verbose () || !g_subprocess_get_if_exited (child) ||
      g_subprocess_get_exit_status (child) != expected_status)
    g_printerr ("child (%s) stdout:\n%s\nchild stderr:\n%s\n", mode, out, err);

  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, expected_status);
  g_assert_nonnull (strstr (out, expected_output));
}

static void
test_page_interactive_env (void)
{
  spawn_interactive_child ("early", 0, "page: healing Healing, lists InteractiveCell");
}

/* The control: registered after gtk_init (), the page misses the inspector
 * that GTK_DEBUG=interactive made; that is why healing_init () goes first. */
static void
test_page_interactive_env_late (void)
{
  spawn_interactive_child ("late", 0, "no page");
}

static gboolean
page_lists_alpha (gpointer data)
{
  Fixture *fixture = data;

  return page_lists_container (fixture->page, HEALING_CONTAINER (fixture->alpha));
}

/* The page lists the containers of the test window, with their details,
 * and follows containers as they come and go. */
static void
test_lists_containers (Fixture       *fixture,
                       gconstpointer  data)
{
  HealingInspectorPage *page = fixture->page;
  GtkWidget *extra_container, *extra_window;

  g_assert_true (wait_for (page_lists_alpha, fixture));
  g_assert_true (page_lists_container (page, HEALING_CONTAINER (fixture->alpha)));
  g_assert_true (page_lists_container (page, HEALING_CONTAINER (fixture->beta)));
  g_assert_true (page_lists_container (page, HEALING_CONTAINER (fixture->gamma)));
  g_assert_cmpuint (healing_inspector_page_get_n_containers (page), ==, 3);

  /* In tree order, with what people need to see. */
  g_assert_true (healing_inspector_page_get_container (page, 0) == HEALING_CONTAINER (fixture->alpha));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Alpha"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Healthy"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "0 faults"));

  /* A container added to a window that is up: listed at once. */
  extra_container = container_new ("Epsilon", gtk_label_new ("epsilon"));
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (fixture->alpha)), extra_container);
  healing_test_flush ();
  g_assert_true (page_lists_container (page, HEALING_CONTAINER (extra_container)));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Epsilon"));
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (fixture->alpha)), extra_container);
  healing_test_flush ();
  g_assert_null (find_label (GTK_WIDGET (page), "Epsilon"));
  g_assert_cmpuint (healing_inspector_page_get_n_containers (page), ==, 3);

  /* A new window. */
  extra_container = container_new ("Delta", gtk_label_new ("delta"));
  extra_window = healing_test_window_new (extra_container);
  healing_test_flush ();
  g_assert_true (page_lists_container (page, HEALING_CONTAINER (extra_container)));
  g_assert_cmpuint (healing_inspector_page_get_n_containers (page), ==, 4);

  /* And forgotten when it goes. */
  gtk_window_destroy (GTK_WINDOW (extra_window));
  healing_test_flush ();
  g_assert_cmpuint (healing_inspector_page_get_n_containers (page), ==, 3);
  g_assert_null (find_label (GTK_WIDGET (page), "Delta"));
}

static void
activate (Fixture    *fixture,
          const char *action,
          const char *kind)
{
  /* Where a click activates it: the pane that owns the action is an
   * ancestor of its button, not of the page. */
  GtkWidget *button = find_action_button (GTK_WIDGET (fixture->page), action);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action (button, action, kind != NULL ? "s" : NULL, kind));
  healing_test_flush ();
}

/* What the page says for @state (test environment: untranslated). */
static const char *
state_text (HealingState state)
{
  switch (state)
    {
    case HEALING_STATE_HEALTHY:
      return "Healthy";
    case HEALING_STATE_FALLBACK:
      return "Fallback shown";
    case HEALING_STATE_ISOLATED:
      return "Isolated";
    case HEALING_STATE_RETRYING:
      return "Retrying";
    case HEALING_STATE_OPEN_CIRCUIT:
      return "Circuit open";
    case HEALING_STATE_AWAITING_PATCH:
      return "Awaiting patch";
    default:
      g_assert_not_reached ();
    }
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *action)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (fixture->page), action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* Try again, isolate and fault injection do what they say, on the selected
 * container only, and the page follows live.
 *
 * What a container does after a fault (fallback, retry later, ...) is up to
 * its policy: after a fault the test only asks that it is not healthy. */
static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  HealingContainer *alpha = HEALING_CONTAINER (fixture->alpha);
  HealingContainer *beta = HEALING_CONTAINER (fixture->beta);
  HealingInspectorPage *page = fixture->page;
  GtkWidget *inject_button, *dropdown;

  healing_inspector_page_select (page, alpha);
  g_assert_true (healing_inspector_page_get_selected (page) == alpha);
  g_assert_false (action_enabled (fixture, "healing.reset"));
  g_assert_true (action_enabled (fixture, "healing.isolate"));

  /* Inject a crash: a real SIGSEGV inside Alpha's trap. */
  activate (fixture, "healing.inject", "crash");
  g_assert_cmpint (healing_container_get_state (alpha), !=, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (alpha), ==, 1);
  g_assert_cmpint (healing_fault_get_kind (healing_container_get_last_fault (alpha)), ==,
                   HEALING_FAULT_CRASH);
  g_assert_cmpuint (healing_inspector_page_get_n_log_entries (page, alpha), ==, 1);
  g_assert_nonnull (find_label (GTK_WIDGET (page),
                               state_text (healing_container_get_state (alpha))));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "1 fault"));
  g_assert_true (action_enabled (fixture, "healing.reset"));
  /* Only Alpha. */
  g_assert_cmpint (healing_container_get_state (beta), ==, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (beta), ==, 0);

  /* Try again. */
  activate (fixture, "healing.reset", NULL);
  g_assert_cmpint (healing_container_get_state (alpha), ==, HEALING_STATE_HEALTHY);
  g_assert_false (action_enabled (fixture, "healing.reset"));

  /* Isolate. */
  activate (fixture, "healing.isolate", NULL);
  g_assert_cmpint (healing_container_get_state (alpha), ==, HEALING_STATE_ISOLATED);
  g_assert_null (gtk_widget_get_first_child (fixture->alpha));
  g_assert_false (action_enabled (fixture, "healing.isolate"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Isolated"));
  activate (fixture, "healing.reset", NULL);
  g_assert_cmpint (healing_container_get_state (alpha), ==, HEALING_STATE_HEALTHY);

  /* A critical, through the action. */
  activate (fixture, "healing.inject", "critical");
  g_assert_cmpint (healing_container_get_state (alpha), !=, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (alpha), ==, 2);
  g_assert_cmpint (healing_fault_get_kind (healing_container_get_last_fault (alpha)), ==,
                   HEALING_FAULT_CRITICAL);
  activate (fixture, "healing.reset", NULL);

  /* An error, the way people do it: choose the kind, click the button. */
  inject_button = find_action_button (GTK_WIDGET (page), "healing.inject");
  dropdown = find_descendant (GTK_WIDGET (page), "GtkDropDown");
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 3);
  g_signal_emit_by_name (inject_button, "clicked");
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (alpha), !=, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (alpha), ==, 3);
  g_assert_cmpint (healing_fault_get_kind (healing_container_get_last_fault (alpha)), ==,
                   HEALING_FAULT_ERROR);
  g_assert_cmpuint (healing_inspector_page_get_n_log_entries (page, alpha), ==, 3);

  /* Faults the application raises on its own show up live too. */
  healing_inspector_page_select (page, beta);
  healing_container_inject_fault (beta, HEALING_FAULT_CRASH);
  healing_test_flush ();
  g_assert_cmpuint (healing_inspector_page_get_n_log_entries (page, beta), ==, 1);
  g_assert_cmpuint (healing_container_get_fault_count (beta), ==, 1);
}

/* A hang runs until the container's hang timeout interrupts it, and taints
 * the process: last, on its own. */
static void
test_inject_hang (Fixture       *fixture,
                  gconstpointer  data)
{
  HealingContainer *alpha = HEALING_CONTAINER (fixture->alpha);

  healing_container_set_hang_timeout (alpha, HANG_TIMEOUT_MS);
  healing_inspector_page_select (fixture->page, alpha);

  healing_test_expect_taint ();
  activate (fixture, "healing.inject", "hang");
  g_assert_cmpint (healing_container_get_state (alpha), !=, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (alpha), ==, 1);
  g_assert_cmpint (healing_fault_get_kind (healing_container_get_last_fault (alpha)), ==,
                   HEALING_FAULT_HANG);
}

/* A widget selected in the Objects tab selects the innermost container
 * around it. */
static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  HealingInspectorPage *page = fixture->page;
  GtkWidget *inspector, *tree;
  GObject *object = NULL;

  /* As the inspector does it, on every selection. */
  g_object_set (page, "object", fixture->button, NULL);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->gamma));
  g_object_get (page, "object", &object, NULL);
  g_assert_true (object == G_OBJECT (fixture->button));
  g_clear_object (&object);

  /* A container selects itself. */
  g_object_set (page, "object", fixture->alpha, NULL);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->alpha));

  /* Beta's own content, outside Gamma. */
  g_object_set (page, "object", gtk_widget_get_first_child (gtk_widget_get_first_child (fixture->beta)), NULL);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->beta));

  /* Outside any container, or not a widget: the selection stays. */
  g_object_set (page, "object", fixture->outside, NULL);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->beta));
  g_object_set (page, "object", gtk_settings_get_default (), NULL);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->beta));
  g_object_set (page, "object", NULL, NULL);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->beta));

  /* Through the inspector itself: activating an object in its Objects tab
   * (what a click there does). */
  inspector = find_inspector_window ();
  tree = find_descendant (inspector, "GtkInspectorObjectTree");
  g_assert_nonnull (tree);
  g_signal_emit_by_name (tree, "object-activated", fixture->button);
  g_assert_true (healing_inspector_page_get_selected (page) == HEALING_CONTAINER (fixture->gamma));
}

/* ------------------------------------------------------------------------
 * Policies, breakers and checkpoints
 * ------------------------------------------------------------------------ */

/* A window of containers of components no other test uses, under a policy
 * of the test's own and a virtual clock: time moves only with advance (). */
typedef struct {
  HealingClock *clock;
  HealingPolicy *policy;
  GtkWidget *box;
  GtkWidget *window;
  HealingInspectorPage *page;
} HealFixture;

static void
heal_fixture_set_up (HealFixture   *fixture,
                     gconstpointer  data)
{
  HealingRuntime *runtime = healing_runtime_get_default ();

  healing_runtime_clear_fault_log (runtime);

  fixture->clock = healing_clock_new_virtual (0);
  healing_runtime_set_clock (runtime, fixture->clock);

  /* Fallback for everything; each test sets what it needs. */
  fixture->policy = healing_policy_new ();
  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_FALLBACK);
  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRITICAL, HEALING_STRATEGY_FALLBACK);
  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_ERROR, HEALING_STRATEGY_FALLBACK);
  healing_policy_set_retry_jitter (fixture->policy, 0);
  healing_runtime_set_policy (runtime, fixture->policy);

  fixture->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
}

static void
heal_fixture_tear_down (HealFixture   *fixture,
                        gconstpointer  data)
{
  HealingRuntime *runtime = healing_runtime_get_default ();

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();

  healing_runtime_set_clock (runtime, healing_clock_get_default ());
  healing_test_use_fallback_policy ();
  g_clear_object (&fixture->policy);
  g_clear_object (&fixture->clock);
}

/* A container of component @base-N, N unique in this process. */
static HealingContainer *
heal_add (HealFixture *fixture,
          const char  *id,
          GtkWidget   *child)
{
  GtkWidget *container = container_new (id, child);

  healing_container_set_checkpoint_interval (HEALING_CONTAINER (container), 0);
  gtk_box_append (GTK_BOX (fixture->box), container);

  return HEALING_CONTAINER (container);
}

static char *
unique_id (const char *base)
{
  static guint serial;

  return g_strdup_printf ("%s-%u", base, ++serial);
}

static void
heal_show (HealFixture *fixture)
{
  fixture->window = healing_test_window_new (fixture->box);
  fixture->page = show_page ();
}

static void
heal_activate (HealFixture *fixture,
               const char  *action)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (fixture->page), action);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action (button, action, NULL));
  healing_test_flush ();
}

static gboolean
heal_enabled (HealFixture *fixture,
              const char  *action)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (fixture->page), action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
advance (HealFixture *fixture,
         guint        ms)
{
  healing_clock_advance (fixture->clock, (gint64) ms * 1000);
  healing_test_flush ();
}

typedef struct {
  GtkWidget *widget;
  const char *text;
} LabelWait;

static gboolean
shows_text (gpointer data)
{
  LabelWait *wait = data;

  return find_label_containing (wait->widget, wait->text) != NULL;
}

/* Waits (at most 5 s, for the page's once-a-second countdown) until
 * @widget's tree shows @text. */
static void
assert_shows_soon (GtkWidget  *widget,
                   const char *text)
{
  LabelWait wait = { widget, text };

  if (!wait_for (shows_text, &wait))
    g_error ("never showed “%s”", text);
}

/* Tripping and resetting the breaker from the page: the breaker and the
 * container follow, and the list counts the open breaker down. */
static void
test_breaker_actions (HealFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = unique_id ("Breaker");
  HealingContainer *container;
  HealingCircuitBreaker *breaker;
  GtkWidget *row;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_threshold (fixture->policy, 3);
  healing_policy_set_breaker_open_timeout (fixture->policy, 5000);
  container = heal_add (fixture, id, gtk_label_new ("breaker"));
  heal_show (fixture);

  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), id);
  g_assert_nonnull (breaker);
  healing_inspector_page_select (fixture->page, container);
  row = healing_inspector_page_get_row (fixture->page, container);
  g_assert_nonnull (find_label (row, "Breaker: Closed"));
  g_assert_true (heal_enabled (fixture, "healing.trip-breaker"));
  g_assert_false (heal_enabled (fixture, "healing.reset-breaker"));

  /* Trip. */
  heal_activate (fixture, "healing.trip-breaker");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (healing_circuit_breaker_get_open_count (breaker), ==, 1);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_OPEN_CIRCUIT);
  g_assert_nonnull (find_label (row, "Circuit open"));
  g_assert_nonnull (find_label (row, "Breaker: Open, 5 s left"));
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), healing_circuit_breaker_get_reason (breaker)));
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "1 time"));
  g_assert_false (heal_enabled (fixture, "healing.trip-breaker"));
  g_assert_true (heal_enabled (fixture, "healing.reset-breaker"));

  /* The countdown follows the clock. */
  advance (fixture, 2000);
  assert_shows_soon (row, "Breaker: Open, 3 s left");

  /* Reset. */
  heal_activate (fixture, "healing.reset-breaker");
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_nonnull (find_label (row, "Breaker: Closed"));
  g_assert_nonnull (find_label (row, "Healthy"));
  g_assert_true (heal_enabled (fixture, "healing.trip-breaker"));
}

/* The rate view of a breaker (issue 17): mode, rates against their
 * thresholds, calls in the window, the reason; and its transitions. */
static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  GtkWidget *child;

  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  healing_test_flush ();
}

static void
test_breaker_stats (HealFixture   *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = unique_id ("Rates");
  GtkWidget *page;
  HealingContainer *container;
  HealingCircuitBreaker *breaker;

  healing_policy_set_breaker_mode (fixture->policy, HEALING_CIRCUIT_MODE_COUNT_BASED);
  healing_policy_set_breaker_window_size (fixture->policy, 10);
  healing_policy_set_breaker_minimum_calls (fixture->policy, 5);
  healing_policy_set_breaker_slow_call_duration (fixture->policy, 100);
  container = heal_add (fixture, id, gtk_label_new ("rates"));
  heal_show (fixture);
  page = GTK_WIDGET (fixture->page);

  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), id);
  g_assert_nonnull (breaker);
  g_assert_true (healing_circuit_breaker_get_counts_successes (breaker));
  healing_inspector_page_select (fixture->page, container);
  healing_test_flush ();
  g_assert_nonnull (find_label (page, "Rate over the last 10 calls"));
  /* The container counted its clean frames so far: start from none. */
  g_assert_cmpuint (healing_circuit_breaker_get_calls_in_window (breaker), >, 0);
  healing_circuit_breaker_transition_to_closed (breaker);

  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 1000);
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 200 * 1000);
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_ERROR, 1000);
  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, -1);
  healing_test_flush ();
  g_assert_nonnull (find_label (page, "Not computed yet: 4 of 5 calls"));
  g_assert_nonnull (find_label (page, "4 (1 failed, 1 took 100 ms or more)"));

  healing_circuit_breaker_record_call (breaker, HEALING_CALL_SUCCESS, 1000);
  healing_test_flush ();
  g_assert_nonnull (find_label (page, "20 % (opens at 50 %)"));
  g_assert_nonnull (find_label (page, "20 % (opens at 100 %)"));
  g_assert_nonnull (find_label (page, "5 (1 failed, 1 took 100 ms or more)"));
  g_assert_nonnull (find_label (page, "1 of 5 calls in the window"));

  /* The transitions the page's actions do not offer. */
  click (find_button_labelled (page, "_Metrics Only"));
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_METRICS_ONLY);
  g_assert_nonnull (find_label (page, "Metrics only"));
  g_assert_nonnull (find_label (page, "Not computed yet: 0 of 5 calls"));
  g_assert_false (gtk_widget_get_sensitive (find_button_labelled (page, "_Metrics Only")));

  click (find_button_labelled (page, "_Half-Open"));
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_HALF_OPEN);
  g_assert_nonnull (find_label (page, healing_circuit_breaker_get_reason (breaker)));

  click (find_button_labelled (page, "C_lose"));
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_CLOSED);
  g_assert_nonnull (find_label (page, "closed by an operator"));
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
}

/* Another container of the same component opens the breaker: the selected
 * container's row and details follow it. */
static void
test_shared_breaker (HealFixture   *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = unique_id ("Shared");
  HealingContainer *watched, *faulty;
  HealingCircuitBreaker *breaker;
  GtkWidget *row, *page;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_CIRCUIT_BREAK);
  healing_policy_set_breaker_threshold (fixture->policy, 1);
  healing_policy_set_breaker_open_timeout (fixture->policy, 5000);
  watched = heal_add (fixture, id, gtk_label_new ("watched"));
  faulty = heal_add (fixture, id, gtk_label_new ("faulty"));
  heal_show (fixture);
  page = GTK_WIDGET (fixture->page);

  healing_inspector_page_select (fixture->page, watched);
  row = healing_inspector_page_get_row (fixture->page, watched);
  g_assert_nonnull (find_label (row, "Breaker: Closed"));

  healing_container_inject_fault (faulty, HEALING_FAULT_CRASH);
  healing_test_flush ();

  breaker = healing_runtime_lookup_breaker (healing_runtime_get_default (), id);
  g_assert_cmpint (healing_circuit_breaker_get_state (breaker), ==, HEALING_CIRCUIT_OPEN);
  g_assert_cmpuint (healing_container_get_fault_count (watched), ==, 0);
  g_assert_cmpint (healing_container_get_state (watched), ==, HEALING_STATE_OPEN_CIRCUIT);

  /* The row of the container that did not fault. */
  g_assert_nonnull (find_label (row, "Circuit open"));
  g_assert_nonnull (find_label (row, "Breaker: Open, 5 s left"));
  g_assert_nonnull (find_label (row, "0 faults"));

  /* Its details: the shared breaker, why it opened, the component's log. */
  g_assert_true (healing_inspector_page_get_selected (fixture->page) == watched);
  g_assert_nonnull (find_label (page, "Open"));
  g_assert_nonnull (find_label (page, healing_circuit_breaker_get_reason (breaker)));
  g_assert_nonnull (find_label (page, "5 s"));
  g_assert_cmpuint (g_list_model_get_n_items (healing_inspector_page_get_log (fixture->page)), ==, 1);
  g_assert_nonnull (find_label_containing (page, "Strategy: Circuit break"));

  /* Reset from the page: both run again. */
  heal_activate (fixture, "healing.reset-breaker");
  g_assert_cmpint (healing_container_get_state (watched), ==, HEALING_STATE_HEALTHY);
  g_assert_nonnull (find_label (row, "Breaker: Closed"));
}

/* A retrying container counts down to its next attempt, in the list and in
 * its details. */
static void
test_retry_countdown (HealFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = unique_id ("Retry");
  HealingContainer *container;
  GtkWidget *row;

  healing_policy_set_strategy (fixture->policy, HEALING_FAULT_CLASS_CRASH, HEALING_STRATEGY_RETRY);
  healing_policy_set_retry_initial_delay (fixture->policy, 3000);
  container = heal_add (fixture, id, gtk_label_new ("retry"));
  heal_show (fixture);
  healing_inspector_page_select (fixture->page, container);
  row = healing_inspector_page_get_row (fixture->page, container);

  healing_container_inject_fault (container, HEALING_FAULT_CRASH);
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_RETRYING);
  g_assert_nonnull (find_label_containing (row, "Next try in 3 s"));
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "Next try in 3 s"));

  advance (fixture, 1000);
  assert_shows_soon (row, "Next try in 2 s");

  /* Due: the child runs again, nothing left to count. */
  advance (fixture, 2000);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_null (find_label_containing (row, "Next try"));
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "Not scheduled"));
}

/* Taking a checkpoint and restoring a chosen, older one. */
static void
test_checkpoint_actions (HealFixture   *fixture,
                         gconstpointer  data)
{
  g_autofree char *id = unique_id ("Form");
  GtkWidget *check = gtk_check_button_new_with_label ("agree");
  HealingContainer *container;
  GListModel *checkpoints;
  GtkWidget *view;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *json = NULL;
  g_autoptr (HealingCheckpoint) older = NULL;

  container = heal_add (fixture, id, check);
  heal_show (fixture);
  healing_inspector_page_select (fixture->page, container);
  checkpoints = healing_container_get_checkpoints (container);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 0);
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "No checkpoints yet."));
  g_assert_false (heal_enabled (fixture, "healing.restore-checkpoint"));

  /* Take one, change the state, take another. */
  heal_activate (fixture, "healing.checkpoint");
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  heal_activate (fixture, "healing.checkpoint");
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 2);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (fixture->page), "Newest checkpoint:"));

  /* The older one, with its JSON. */
  older = g_list_model_get_item (checkpoints, 1);
  healing_inspector_page_choose_checkpoint (fixture->page, 1);
  g_assert_true (heal_enabled (fixture, "healing.restore-checkpoint"));
  view = find_descendant (GTK_WIDGET (fixture->page), "GtkTextView");
  g_assert_nonnull (view);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  json = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (json, "GtkCheckButton"));
  g_assert_nonnull (strstr (json, "\"active\" : false"));

  /* Restore it. */
  heal_activate (fixture, "healing.restore-checkpoint");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (healing_checkpoint_get_quarantined (older));
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_HEALTHY);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (fixture->page), "Restored the checkpoint of"));

  /* Not while the child is out of service: nothing to capture. */
  healing_container_isolate (container);
  healing_test_flush ();
  g_assert_false (heal_enabled (fixture, "healing.checkpoint"));
}

/* How many labels showing @text are visible in @widget's tree. */
static guint
count_visible_labels (GtkWidget  *widget,
                      const char *text)
{
  GtkWidget *child;
  guint n = 0;

  if (!gtk_widget_get_visible (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    n++;

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_visible_labels (child, text);

  return n;
}

/* Restoring a checkpoint that faults: the container reports it, and the
 * page shows the report: the checkpoint quarantined, the fault in the
 * container's log and row, the fallback shown. */
static void
test_checkpoint_restore_faults (HealFixture   *fixture,
                                gconstpointer  data)
{
  g_autofree char *id = unique_id ("Poisoned");
  GtkWidget *label = gtk_label_new ("counter");
  HealingTestPoisoned *counter = healing_test_poisoned_attach (label);
  HealingContainer *container;
  GListModel *checkpoints, *log;
  GtkWidget *row;
  g_autoptr (HealingCheckpoint) older = NULL;
  g_autoptr (HealingFaultEntry) entry = NULL;
  HealingFault *fault;

  container = heal_add (fixture, id, label);
  heal_show (fixture);
  healing_inspector_page_select (fixture->page, container);
  checkpoints = healing_container_get_checkpoints (container);

  healing_test_poisoned_set_value (counter, 1);
  heal_activate (fixture, "healing.checkpoint");
  healing_test_poisoned_set_value (counter, 2);
  heal_activate (fixture, "healing.checkpoint");
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 2);
  older = g_list_model_get_item (checkpoints, 1);

  /* The older one, whose restore faults. */
  healing_inspector_page_choose_checkpoint (fixture->page, 1);
  healing_test_poisoned_set_poison (counter, 1);
  heal_activate (fixture, "healing.restore-checkpoint");

  /* The container's report. */
  g_assert_true (healing_checkpoint_get_quarantined (older));
  g_assert_cmpint (healing_test_poisoned_get_value (counter), ==, 2);
  g_assert_cmpuint (healing_container_get_fault_count (container), ==, 1);
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_FALLBACK);
  log = healing_inspector_page_get_log (fixture->page);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
  entry = g_list_model_get_item (log, 0);
  fault = healing_fault_entry_get_fault (entry);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRITICAL);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, HEALING_PHASE_CALLBACK);
  g_assert_cmpstr (healing_fault_get_origin (fault), ==, "restore checkpoint");
  g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_FALLBACK);

  /* What the page says of it. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (fixture->page), "faulted: it is quarantined."));
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "Critical · Callback"));
  row = healing_inspector_page_get_row (fixture->page, container);
  g_assert_nonnull (find_label (row, "Fallback shown"));
  g_assert_nonnull (find_label (row, "1 fault"));
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (fixture->page), "Quarantined"), ==, 1);
}

/* A fault trapped before the page existed is in its log, with the
 * strategy the policy chose and what came of it; so is the policy. */
static void
test_log_before_page (HealFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = unique_id ("Early");
  HealingContainer *container;
  HealingInspectorPage *page;
  GListModel *log;
  GtkWidget *note;
  g_autoptr (HealingFaultEntry) entry = NULL;

  container = heal_add (fixture, id, gtk_label_new ("early"));
  fixture->window = healing_test_window_new (fixture->box);
  healing_container_inject_fault (container, HEALING_FAULT_CRITICAL);
  healing_test_flush ();
  g_assert_cmpint (healing_container_get_state (container), ==, HEALING_STATE_FALLBACK);

  /* A page made now, as opening the inspector does. */
  page = g_object_ref_sink (g_object_new (HEALING_TYPE_INSPECTOR_PAGE, NULL));
  healing_inspector_page_select (page, container);
  g_assert_true (healing_inspector_page_get_selected (page) == container);

  log = healing_inspector_page_get_log (page);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
  entry = g_list_model_get_item (log, 0);
  g_assert_cmpint (healing_fault_entry_get_strategy (entry), ==, HEALING_STRATEGY_FALLBACK);
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Critical · Signal handler"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "Strategy: Fallback"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Gave up"));
  note = find_label_containing (GTK_WIDGET (page), "earlier fault");
  g_assert_true (note == NULL || !gtk_widget_get_visible (note));

  /* The policy in force: the runtime's, resolved for the component. */
  g_assert_nonnull (find_label (GTK_WIDGET (page), "The application’s policy"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "None (defaults and code)"));
  g_assert_nonnull (find_label (GTK_WIDGET (page), HEALING_FAULT_CLASS_NETWORK));
  g_assert_nonnull (find_label (GTK_WIDGET (page), "Opens after 3 failures within 10000 ms; stays open 5000 ms "
                                                   "(×2.0 on each reopening, at most 60000 ms); 1 trial runs"));

  /* A policy of the container's own takes over, live. */
  {
    g_autoptr (HealingPolicy) own = healing_policy_new ();

    healing_policy_set_strategy (own, HEALING_FAULT_CLASS_CRITICAL, HEALING_STRATEGY_ISOLATE);
    healing_container_set_policy (container, own);
    g_assert_nonnull (find_label (GTK_WIDGET (page), "The container’s own policy"));
    healing_policy_set_retry_max_attempts (own, 7);
    g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "7 attempts"));
    healing_container_set_policy (container, NULL);
  }

  g_object_unref (page);
}

/* The inspector on the Healing page, with a container that faulted, for
 * people (the README, reviews). */
static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "inspector-healing.png", NULL);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  GtkWidget *inspector = find_inspector_window ();
  GtkWidget *page = GTK_WIDGET (fixture->page);
  gsize stride, i, n_pixels;
  guint32 first;
  gboolean varied = FALSE;

  /* A checkpoint while healthy, then a fault; its JSON shown. */
  g_assert_nonnull (healing_container_checkpoint (HEALING_CONTAINER (fixture->beta)));
  healing_container_inject_fault (HEALING_CONTAINER (fixture->beta), HEALING_FAULT_CRITICAL);
  healing_test_flush ();
  gtk_window_set_default_size (GTK_WINDOW (inspector), 1100, 900);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_descendant (page, "GtkDropDown")), 0);
  g_object_set (page, "object", fixture->beta, NULL);
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);
  healing_inspector_page_choose_checkpoint (fixture->page, 0);
  g_assert_true (healing_inspector_page_get_selected (fixture->page) == HEALING_CONTAINER (fixture->beta));
  healing_test_flush ();
  healing_test_wait_frames (inspector, 2);

  healing_test_save_png (inspector, path);
  g_test_message ("screenshot: %s", path);

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 600);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, 400);

  stride = gdk_texture_get_width (texture) * 4;
  n_pixels = gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  pixels = g_malloc (stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, pixels, stride);
  first = ((guint32 *) pixels)[0];
  for (i = 0; i < n_pixels && !varied; i++)
    varied = ((guint32 *) pixels)[i] != first;
  g_assert_true (varied);
}

/* The opt-in GIO module (-Dinspector_module=true) brings the page to an
 * application that knows nothing of libhealing: a plain PyGObject one. */
static const char foreign_app[] =
  "import gi\n"
  "gi.require_version('Gtk', '4.0')\n"
  "from gi.repository import Gtk, GLib\n"
  "def find(w):\n"
  "    if type(w).__gtype__.name == 'HealingInspectorPage':\n"
  "        return w\n"
  "    c = w.get_first_child()\n"
  "    while c is not None:\n"
  "        f = find(c)\n"
  "        if f is not None:\n"
  "            return f\n"
  "        c = c.get_next_sibling()\n"
  "    return None\n"
  "Gtk.init()\n"
  "Gtk.Window.set_interactive_debugging(True)\n"
  "deadline = GLib.get_monotonic_time() + 10 * 1000000\n"
  "page = None\n"
  "while page is None and GLib.get_monotonic_time() < deadline:\n"
  "    GLib.MainContext.default().iteration(False)\n"
  "    for w in Gtk.Window.get_toplevels():\n"
  "        page = page or find(w)\n"
  "print('page:', page.get_property('title') if page else None)\n";

static void
test_module (void)
{
  g_autofree char *module_dir = g_test_build_filename (G_TEST_BUILT, "..", "src", "modules", NULL);
  g_autofree char *module = g_build_filename (module_dir, "inspector", "libhealing-inspector.so", NULL);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!g_file_test (module, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("built without -Dinspector_module=true");
      return;
    }
  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3");
      return;
    }
  /* The module and libhealing need the sanitizer runtime, which only
   * instrumented executables carry (the gcc build runs this test). */
  if (HEALING_TEST_UNDER_ASAN)
    {
      g_test_skip ("an AddressSanitizer build: python3 cannot load the instrumented module");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "GTK_PATH", module_dir, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error,
                                       "/usr/bin/python3", "-c", foreign_app, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (strstr (err, "No module named 'gi'") != NULL)
    {
      g_test_skip ("no PyGObject");
      return;
    }
  if (!g_subprocess_get_successful (child) || strstr (out, "page: Healing") == NULL)
    g_printerr ("foreign app stdout:\n%s\nstderr:\n%s\n", out, err);

  g_assert_true (g_subprocess_get_successful (child));
  g_assert_nonnull (strstr (out, "page: Healing"));
}

/* ------------------------------------------------------------------------
 * The GTK_DEBUG=interactive child
 * ------------------------------------------------------------------------ */

static gboolean
child_page_lists (gpointer data)
{
  HealingInspectorPage *page = HEALING_INSPECTOR_PAGE (find_descendant (find_inspector_window (),
                                                                        "HealingInspectorPage"));

  return page_lists_container (page, data);
}

/* Runs with GTK_DEBUG=interactive: @mode "early" calls healing_init () before
 * gtk_init () as documented, "late" after it. Prints what it found. */
static int
run_interactive_child (const char *mode)
{
  gboolean early = g_str_equal (mode, "early");
  GtkWidget *inspector, *page, *window, *container;

  if (early)
    healing_init ();

  gtk_init ();

  if (!early)
    healing_init ();

  if (!wait_for (inspector_exists, NULL))
    {
      g_print ("no inspector\n");
      return 1;
    }
  inspector = find_inspector_window ();

  page = find_descendant (inspector, "HealingInspectorPage");
  if (page == NULL)
    {
      g_print ("no page\n");
      return 0;
    }

  assert_page_in_inspector (inspector);

  container = container_new ("InteractiveCell", gtk_label_new ("cell"));
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), container);
  gtk_window_present (GTK_WINDOW (window));

  if (!wait_for (child_page_lists, container))
    {
      g_print ("page: %s %s, lists nothing\n", HEALING_INSPECTOR_PAGE_NAME, "Healing");
      return 1;
    }

  g_print ("page: %s %s, lists %s\n", HEALING_INSPECTOR_PAGE_NAME, "Healing",
           healing_container_get_component_id (HEALING_CONTAINER (container)));

  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_has_prefix (argv[1], "--interactive-child="))
    return run_interactive_child (argv[1] + strlen ("--interactive-child="));

  healing_test_init (&argc, &argv);

  g_test_add_func ("/Healing/Inspector/page/api", test_page_api);
  g_test_add_func ("/Healing/Inspector/page/gtk-debug-interactive", test_page_interactive_env);
  g_test_add_func ("/Healing/Inspector/page/gtk-debug-interactive-late",
                   test_page_interactive_env_late);
  g_test_add_func ("/Healing/Inspector/page/module", test_module);
  g_test_add ("/Healing/Inspector/lists-containers", Fixture, NULL,
              fixture_set_up, test_lists_containers, fixture_tear_down);
  g_test_add ("/Healing/Inspector/actions", Fixture, NULL,
              fixture_set_up, test_actions, fixture_tear_down);
  g_test_add ("/Healing/Inspector/selection", Fixture, NULL,
              fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/Healing/Inspector/screenshot", Fixture, NULL,
              fixture_set_up, test_screenshot, fixture_tear_down);
  g_test_add ("/Healing/Inspector/breaker-actions", HealFixture, NULL,
              heal_fixture_set_up, test_breaker_actions, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/breaker-stats", HealFixture, NULL,
              heal_fixture_set_up, test_breaker_stats, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/shared-breaker", HealFixture, NULL,
              heal_fixture_set_up, test_shared_breaker, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/retry-countdown", HealFixture, NULL,
              heal_fixture_set_up, test_retry_countdown, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/checkpoint-actions", HealFixture, NULL,
              heal_fixture_set_up, test_checkpoint_actions, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/checkpoint-restore-faults", HealFixture, NULL,
              heal_fixture_set_up, test_checkpoint_restore_faults, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/log-before-page", HealFixture, NULL,
              heal_fixture_set_up, test_log_before_page, heal_fixture_tear_down);
  g_test_add ("/Healing/Inspector/inject-hang", Fixture, NULL,
              fixture_set_up, test_inject_hang, fixture_tear_down);

  return g_test_run ();
}
