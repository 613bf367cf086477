/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The container's rendering path (issue 16).
 *
 * The child draws inside the trap into a scratch snapshot, and its render
 * node, cached by GTK, is then appended to the window's snapshot by a
 * second gtk_widget_snapshot_child () (in the same trap frame, or after
 * it). That second call must never run code of the child: these tests put
 * children that could make it do so (they invalidate themselves while
 * they draw, are watched by a widget paintable shown inside them, have a
 * transform, draw nothing) in a container and check that every draw of
 * theirs ran inside a trap frame and not during a second call, and that
 * what they drew is what the window shows.
 *
 * They also count, in frames of the window's GdkFrameClock, how long the
 * fallback takes to reach the screen after a fault in each phase.
 */

#include "config.h"

#include <healing.h>

#include "healing-container-private.h"
#include "healing-trap-private.h"
#include "healing-test-faulty.h"
#include "healing-test-utils.h"

#define GREEN 0xff00ff00u
#define BLUE 0xff0000ffu

/* ------------------------------------------------------------------------
 * A probe: draws a colour, counts its draws and the ones outside any trap
 * frame, and misbehaves as asked while it draws.
 * ------------------------------------------------------------------------ */

typedef enum {
  PROBE_PLAIN,
  /* Queues a draw of itself while it draws. */
  PROBE_INVALIDATES_ITSELF,
  /* Queues a draw of its child while it draws, after drawing it. */
  PROBE_INVALIDATES_CHILD,
  /* Shows a GtkPicture of a widget paintable of itself, inside itself:
   * GTK updates the paintable after each draw of the probe. */
  PROBE_WATCHED_BY_PAINTABLE,
  /* Takes itself out of its parent while it draws. */
  PROBE_UNPARENTS_ITSELF,
} ProbeMode;

#define TEST_TYPE_PROBE (test_probe_get_type ())
G_DECLARE_FINAL_TYPE (TestProbe, test_probe, TEST, PROBE, GtkWidget)

struct _TestProbe
{
  GtkWidget parent_instance;

  ProbeMode mode;
  guint32 color;
  guint draws;
  guint draws_outside_frame;
  /* Draws while a container appended a cached node: into the container's
   * own snapshot, not into its scratch. */
  guint draws_appending;
  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (TestProbe, test_probe, GTK_TYPE_WIDGET)

static void
test_probe_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  TestProbe *self = TEST_PROBE (widget);
  GdkRGBA rgba = {
    ((self->color >> 16) & 0xff) / 255.f,
    ((self->color >> 8) & 0xff) / 255.f,
    (self->color & 0xff) / 255.f,
    1.f,
  };

  self->draws++;
  if (healing_trap_get_current_frame () == NULL)
    self->draws_outside_frame++;
  if (healing_container_is_appending_cached_node ())
    self->draws_appending++;

  gtk_snapshot_append_color (snapshot, &rgba,
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));

  if (self->child != NULL)
    gtk_widget_snapshot_child (widget, self->child, snapshot);

  switch (self->mode)
    {
    case PROBE_INVALIDATES_ITSELF:
      gtk_widget_queue_draw (widget);
      break;
    case PROBE_INVALIDATES_CHILD:
      if (self->child != NULL)
        gtk_widget_queue_draw (self->child);
      break;
    case PROBE_UNPARENTS_ITSELF:
      self->mode = PROBE_PLAIN;
      gtk_widget_unparent (widget);
      break;
    case PROBE_PLAIN:
    case PROBE_WATCHED_BY_PAINTABLE:
    default:
      break;
    }
}

static void
test_probe_dispose (GObject *object)
{
  TestProbe *self = TEST_PROBE (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (test_probe_parent_class)->dispose (object);
}

static void
test_probe_class_init (TestProbeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = test_probe_dispose;
  widget_class->snapshot = test_probe_snapshot;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
test_probe_init (TestProbe *self)
{
  self->color = GREEN;
  gtk_widget_set_size_request (GTK_WIDGET (self), 40, 40);
}

static TestProbe *
probe_new (ProbeMode mode,
           guint32   color)
{
  TestProbe *self = g_object_new (TEST_TYPE_PROBE, NULL);

  self->mode = mode;
  self->color = color;

  return self;
}

static void
probe_set_child (TestProbe *self,
                 GtkWidget *child)
{
  self->child = child;
  gtk_widget_set_parent (child, GTK_WIDGET (self));
}

/* A container around @probe in a window; draws it for a few frames, each
 * time asking for a new draw of @to_redraw, and checks that it drew, always
 * inside a frame. */
static void
assert_draws_trapped (GtkWidget *window,
                      TestProbe *probe,
                      GtkWidget *to_redraw)
{
  guint draws = probe->draws;
  guint i;

  for (i = 0; i < 5; i++)
    {
      gtk_widget_queue_draw (to_redraw);
      healing_test_wait_frames (window, 1);
    }
  healing_test_flush ();

  g_assert_cmpuint (probe->draws, >, draws);
  g_assert_cmpuint (probe->draws_outside_frame, ==, 0);
  g_assert_cmpuint (probe->draws_appending, ==, 0);
}

typedef struct {
  GtkWidget *window;
  GtkWidget *container;
  GtkWidget *sibling;
} Fixture;

static void
fixture_set_up (Fixture   *fixture,
                GtkWidget *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  fixture->container = healing_container_new ();
  healing_container_set_child (HEALING_CONTAINER (fixture->container), child);
  gtk_box_append (GTK_BOX (box), fixture->container);
  fixture->sibling = GTK_WIDGET (probe_new (PROBE_PLAIN, BLUE));
  gtk_box_append (GTK_BOX (box), fixture->sibling);
  fixture->window = healing_test_window_new (box);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_assert_cmpint (healing_container_get_state (HEALING_CONTAINER (fixture->container)),
                   ==, HEALING_STATE_HEALTHY);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (fixture->container)),
                    ==, 0);
  /* The rest of the window is drawn where it belongs. */
  g_assert_cmphex (healing_test_pixel_at (fixture->sibling, 20, 20), ==, BLUE);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  healing_test_flush ();
}

static void
test_plain (void)
{
  TestProbe *probe = probe_new (PROBE_PLAIN, GREEN);
  Fixture fixture;

  fixture_set_up (&fixture, GTK_WIDGET (probe));
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* A child that invalidates itself while it draws: GTK 4.8 drops that
 * request (the child is still marked for drawing), and the second
 * gtk_widget_snapshot_child () only appends its node. */
static void
test_invalidates_itself (void)
{
  TestProbe *probe = probe_new (PROBE_INVALIDATES_ITSELF, GREEN);
  Fixture fixture;

  fixture_set_up (&fixture, GTK_WIDGET (probe));
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* A child that invalidates its own child (drawn already) while it draws. */
static void
test_invalidates_descendant (void)
{
  TestProbe *probe = probe_new (PROBE_INVALIDATES_CHILD, GREEN);
  TestProbe *inner = probe_new (PROBE_PLAIN, BLUE);
  Fixture fixture;

  gtk_widget_set_margin_start (GTK_WIDGET (inner), 10);
  gtk_widget_set_margin_top (GTK_WIDGET (inner), 10);
  probe_set_child (probe, GTK_WIDGET (inner));
  fixture_set_up (&fixture, GTK_WIDGET (probe));
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  /* The inner probe stays marked for drawing after each frame, so a draw
   * queued on it goes no further (as in plain GTK): it draws again when the
   * outer one does. */
  assert_draws_trapped (fixture.window, inner, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (inner), 20, 20), ==, BLUE);
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 2, 2), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* A child watched by a GtkWidgetPaintable that a picture inside the child
 * shows: GTK updates the paintable right after the child has drawn, and
 * the picture then asks for a new draw of itself, hence of the child. */
static void
test_watched_by_paintable (void)
{
  TestProbe *probe = probe_new (PROBE_WATCHED_BY_PAINTABLE, GREEN);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (probe));
  GtkWidget *picture = gtk_picture_new_for_paintable (paintable);
  Fixture fixture;

  gtk_widget_set_size_request (picture, 20, 20);
  gtk_widget_set_halign (picture, GTK_ALIGN_END);
  gtk_widget_set_valign (picture, GTK_ALIGN_END);
  probe_set_child (probe, picture);
  fixture_set_up (&fixture, GTK_WIDGET (probe));
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  assert_draws_trapped (fixture.window, probe, picture);

  /* The picture and the probe now redraw each other every frame; stop
   * that, so the window has a node to look at. */
  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
  healing_test_wait_frames (fixture.window, 2);
  g_assert_cmpuint (probe->draws_outside_frame, ==, 0);
  g_assert_cmpuint (probe->draws_appending, ==, 0);
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 2, 2), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* A child with a transform (its margins): the node appended outside the
 * trap is placed where the child is. */
static void
test_transformed (void)
{
  TestProbe *probe = probe_new (PROBE_PLAIN, GREEN);
  Fixture fixture;

  gtk_widget_set_margin_start (GTK_WIDGET (probe), 30);
  gtk_widget_set_margin_top (GTK_WIDGET (probe), 5);
  fixture_set_up (&fixture, GTK_WIDGET (probe));
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 1, 1), ==, GREEN);
  g_assert_cmphex (healing_test_pixel_at (fixture.container, 10, 2), !=, GREEN);
  fixture_tear_down (&fixture);
}

/* A child with no node (fully transparent): nothing is cached, nothing is
 * appended, and it draws again once it is visible. */
static void
test_transparent (void)
{
  TestProbe *probe = probe_new (PROBE_PLAIN, GREEN);
  Fixture fixture;
  guint draws;

  fixture_set_up (&fixture, GTK_WIDGET (probe));
  gtk_widget_set_opacity (GTK_WIDGET (probe), 0.0);
  healing_test_wait_frames (fixture.window, 2);
  draws = probe->draws;
  healing_test_wait_frames (fixture.window, 2);
  g_assert_cmpuint (probe->draws, ==, draws);
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), !=, GREEN);

  gtk_widget_set_opacity (GTK_WIDGET (probe), 1.0);
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* A child that takes itself out of the container while it draws: its node
 * is not the container's to append any more. GTK's check of that, in the
 * trap frame, logs a critical there: a fault of the child, which the
 * fallback replaces, and the rest of the window is drawn. */
static void
test_unparents_itself (void)
{
  TestProbe *probe = probe_new (PROBE_PLAIN, GREEN);
  GtkWidget *fallback = GTK_WIDGET (probe_new (PROBE_PLAIN, BLUE));
  HealingFault *fault;
  Fixture fixture;

  /* Ours once the container no longer holds it. */
  g_object_ref_sink (probe);
  fixture_set_up (&fixture, GTK_WIDGET (probe));
  healing_container_set_fallback (HEALING_CONTAINER (fixture.container), fallback);
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));

  probe->mode = PROBE_UNPARENTS_ITSELF;
  gtk_widget_queue_draw (GTK_WIDGET (probe));
  healing_test_wait_frames (fixture.window, 3);
  healing_test_flush ();

  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (probe)));
  g_assert_cmpuint (probe->draws_outside_frame, ==, 0);
  g_assert_cmpuint (probe->draws_appending, ==, 0);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (fixture.container)), ==, 1);
  fault = healing_container_get_last_fault (HEALING_CONTAINER (fixture.container));
  g_assert_nonnull (fault);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, HEALING_PHASE_SNAPSHOT);
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRITICAL);
  g_assert_true (gtk_widget_get_parent (fallback) == fixture.container);
  g_assert_cmphex (healing_test_pixel_at (fallback, 20, 20), ==, BLUE);
  g_assert_cmphex (healing_test_pixel_at (fixture.sibling, 20, 20), ==, BLUE);

  /* GTK 4.8 keeps the node a widget built while it was being taken out
   * (it drops a widget's node only when it queues a draw of it while
   * mapped, never when it finalizes it): mapping it again drops it. */
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (fixture.sibling)), GTK_WIDGET (probe));
  healing_test_wait_frames (fixture.window, 1);

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  healing_test_flush ();
  g_object_unref (probe);
}

/* trusted-drawing: the child draws as in a GtkBox, outside any frame of
 * the container's, and what it draws is shown; unset, every draw is
 * trapped again. */
static void
test_trusted (void)
{
  TestProbe *probe = probe_new (PROBE_PLAIN, GREEN);
  HealingContainer *container;
  Fixture fixture;
  guint draws;

  fixture_set_up (&fixture, GTK_WIDGET (probe));
  container = HEALING_CONTAINER (fixture.container);
  g_assert_false (healing_container_get_trusted_drawing (container));
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));

  healing_container_set_trusted_drawing (container, TRUE);
  g_assert_true (healing_container_get_trusted_drawing (container));
  draws = probe->draws;
  gtk_widget_queue_draw (GTK_WIDGET (probe));
  healing_test_wait_frames (fixture.window, 2);
  g_assert_cmpuint (probe->draws, >, draws);
  g_assert_cmpuint (probe->draws_outside_frame, ==, probe->draws - draws);
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);

  g_object_set (container, "trusted-drawing", FALSE, NULL);
  probe->draws_outside_frame = 0;
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* A fault while the child of a trusted container draws, inside a
 * container that is not trusted: the outer one catches it, as a fault of
 * its own child, and its fallback shows; the rest of the window is
 * drawn. */
static void
test_trusted_inside_trapped (void)
{
  GtkWidget *faulty = healing_test_faulty_new ();
  GtkWidget *trusted = healing_container_new ();
  GtkWidget *fallback = GTK_WIDGET (probe_new (PROBE_PLAIN, GREEN));
  HealingFault *fault;
  Fixture fixture;

  healing_container_set_trusted_drawing (HEALING_CONTAINER (trusted), TRUE);
  healing_container_set_child (HEALING_CONTAINER (trusted), faulty);
  fixture_set_up (&fixture, trusted);
  healing_container_set_fallback (HEALING_CONTAINER (fixture.container), fallback);
  healing_test_wait_frames (fixture.window, 2);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (faulty), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture.window, 3);
  healing_test_flush ();

  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (trusted)), ==, 0);
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (fixture.container)), ==, 1);
  fault = healing_container_get_last_fault (HEALING_CONTAINER (fixture.container));
  g_assert_cmpint (healing_fault_get_kind (fault), ==, HEALING_FAULT_CRASH);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, HEALING_PHASE_SNAPSHOT);
  g_assert_true (gtk_widget_get_parent (fallback) == fixture.container);
  g_assert_cmphex (healing_test_pixel_at (fallback, 20, 20), ==, GREEN);
  g_assert_cmphex (healing_test_pixel_at (fixture.sibling, 20, 20), ==, BLUE);

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  healing_test_flush ();
}

/* Containers nested deeper than there are scratch snapshots, and a fault
 * deep inside that abandons the snapshots of the containers around it:
 * the next frames draw everything, trapped. */
static void
test_nested_deep (void)
{
  TestProbe *probe = probe_new (PROBE_PLAIN, GREEN);
  GtkWidget *faulty = healing_test_faulty_new ();
  GtkWidget *inner_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *faulty_container = healing_container_new ();
  GtkWidget *top = NULL;
  GtkWidget *widget;
  Fixture fixture;
  guint i;

  healing_container_set_child (HEALING_CONTAINER (faulty_container), faulty);
  gtk_box_append (GTK_BOX (inner_box), GTK_WIDGET (probe));
  gtk_box_append (GTK_BOX (inner_box), faulty_container);

  widget = inner_box;
  for (i = 0; i < 20; i++)
    {
      top = healing_container_new ();
      healing_container_set_child (HEALING_CONTAINER (top), widget);
      widget = top;
    }

  fixture_set_up (&fixture, top);
  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (faulty), TEST_FAULT_NULL_DEREF, TEST_PHASE_SNAPSHOT);
  healing_test_wait_frames (fixture.window, 2);
  healing_test_flush ();
  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (faulty_container)), ==, 1);

  assert_draws_trapped (fixture.window, probe, GTK_WIDGET (probe));
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (probe), 20, 20), ==, GREEN);
  fixture_tear_down (&fixture);
}

/* ------------------------------------------------------------------------
 * Fault to fallback, in frames
 * ------------------------------------------------------------------------ */

/* A fallback that notes when it is first drawn. */
#define TEST_TYPE_FRAME_NOTE (test_frame_note_get_type ())
G_DECLARE_FINAL_TYPE (TestFrameNote, test_frame_note, TEST, FRAME_NOTE, GtkWidget)

struct _TestFrameNote
{
  GtkWidget parent_instance;
  gint64 first_drawn;
};

G_DEFINE_FINAL_TYPE (TestFrameNote, test_frame_note, GTK_TYPE_WIDGET)

static void
test_frame_note_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TestFrameNote *self = TEST_FRAME_NOTE (widget);
  GdkRGBA blue = { 0, 0, 1, 1 };

  if (self->first_drawn == 0)
    self->first_drawn = g_get_monotonic_time ();

  gtk_snapshot_append_color (snapshot, &blue,
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
}

static void
test_frame_note_class_init (TestFrameNoteClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = test_frame_note_snapshot;
}

static void
test_frame_note_init (TestFrameNote *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 40, 40);
}

/* The end of every frame the window's frame clock paints. */
static void
painted_cb (GdkFrameClock *clock,
            GArray        *painted)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (painted, now);
}

/* How many frames were painted after the fault and before the one that
 * draws the fallback: 0 is the same frame (or, for a fault between frames,
 * the next one to be painted). */
static void
test_fault_to_fallback (gconstpointer user_data)
{
  static const HealingFaultPhase phases[] = {
    HEALING_PHASE_MEASURE, HEALING_PHASE_ALLOCATE, HEALING_PHASE_SNAPSHOT,
  };
  TestPhase phase = GPOINTER_TO_UINT (user_data);
  GtkWidget *faulty = healing_test_faulty_new ();
  TestFrameNote *note = g_object_new (TEST_TYPE_FRAME_NOTE, NULL);
  g_autoptr (GArray) painted = g_array_new (FALSE, FALSE, sizeof (gint64));
  GdkFrameClock *clock;
  HealingFault *fault;
  Fixture fixture;
  gulong handler;
  guint frames = 0;
  guint i;

  fixture_set_up (&fixture, faulty);
  healing_container_set_fallback (HEALING_CONTAINER (fixture.container), GTK_WIDGET (note));
  clock = gtk_widget_get_frame_clock (fixture.window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), painted);

  healing_test_faulty_arm (HEALING_TEST_FAULTY (faulty), TEST_FAULT_NULL_DEREF, phase);
  gtk_widget_queue_resize (faulty);
  for (i = 0; i < 10 && note->first_drawn == 0; i++)
    healing_test_wait_frames (fixture.window, 1);
  g_signal_handler_disconnect (clock, handler);

  fault = healing_container_get_last_fault (HEALING_CONTAINER (fixture.container));
  g_assert_nonnull (fault);
  g_assert_cmpint (healing_fault_get_phase (fault), ==, phases[phase]);
  g_assert_cmpint (note->first_drawn, >, 0);
  g_assert_cmpint (note->first_drawn, >=, healing_fault_get_time (fault));

  for (i = 0; i < painted->len; i++)
    {
      gint64 at = g_array_index (painted, gint64, i);

      if (at >= healing_fault_get_time (fault) && at < note->first_drawn)
        frames++;
    }
  g_test_message ("%s fault → fallback drawn: %u frame(s) painted in between, %.1f ms",
                  test_phase_name (phase), frames,
                  (note->first_drawn - healing_fault_get_time (fault)) / 1000.);
  g_assert_cmphex (healing_test_pixel_at (GTK_WIDGET (note), 20, 20), ==, BLUE);

  /* Measure and allocate run before the frame is painted: the fallback is
   * swapped in and laid out before the paint. A snapshot fault happens
   * while the frame is painted, and GTK paints once per frame: the next
   * frame shows the fallback. */
  if (phase == TEST_PHASE_SNAPSHOT)
    g_assert_cmpuint (frames, ==, 1);
  else
    g_assert_cmpuint (frames, ==, 0);

  g_assert_cmpuint (healing_container_get_fault_count (HEALING_CONTAINER (fixture.container)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (fixture.window));
  healing_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  TestPhase p;

  healing_test_init (&argc, &argv);

  g_test_add_func ("/Healing/Render/snapshot/plain", test_plain);
  g_test_add_func ("/Healing/Render/snapshot/invalidates-itself", test_invalidates_itself);
  g_test_add_func ("/Healing/Render/snapshot/invalidates-descendant", test_invalidates_descendant);
  g_test_add_func ("/Healing/Render/snapshot/watched-by-paintable", test_watched_by_paintable);
  g_test_add_func ("/Healing/Render/snapshot/transformed", test_transformed);
  g_test_add_func ("/Healing/Render/snapshot/transparent", test_transparent);
  g_test_add_func ("/Healing/Render/snapshot/nested-deep", test_nested_deep);
  g_test_add_func ("/Healing/Render/snapshot/unparents-itself", test_unparents_itself);
  g_test_add_func ("/Healing/Render/snapshot/trusted", test_trusted);
  g_test_add_func ("/Healing/Render/snapshot/trusted-inside-trapped", test_trusted_inside_trapped);

  for (p = 0; p < TEST_PHASE_LAST; p++)
    {
      g_autofree char *path = g_strdup_printf ("/Healing/Render/fault-to-fallback/%s",
                                               test_phase_name (p));

      g_test_add_data_func (path, GUINT_TO_POINTER (p), test_fault_to_fallback);
    }

  return g_test_run ();
}
