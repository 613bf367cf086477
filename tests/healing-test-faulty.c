/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include "healing-test-faulty.h"

/*
 * A widget that draws a solid green square, and when armed, faults for real
 * in the phase it was armed for: no simulation, no mock.
 */
struct _HealingTestFaulty
{
  GtkWidget parent_instance;

  TestFault fault;
  TestPhase phase;
  gboolean once;
  guint draws;
};

G_DEFINE_FINAL_TYPE (HealingTestFaulty, healing_test_faulty, GTK_TYPE_WIDGET)

static void
maybe_fault (HealingTestFaulty *self,
             TestPhase          phase)
{
  TestFault fault = self->fault;

  if (self->phase != phase)
    return;

  /* A flaky widget faults once, then works. */
  if (self->once)
    self->fault = TEST_FAULT_NONE;

  test_fault_raise (fault);
}

static void
healing_test_faulty_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  maybe_fault (HEALING_TEST_FAULTY (widget), TEST_PHASE_MEASURE);
  *minimum = *natural = 40;
}

static void
healing_test_faulty_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  maybe_fault (HEALING_TEST_FAULTY (widget), TEST_PHASE_ALLOCATE);
}

static void
healing_test_faulty_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  HealingTestFaulty *self = HEALING_TEST_FAULTY (widget);
  GdkRGBA green = { 0, 1, 0, 1 };

  self->draws++;

  /* Leave states pushed, as real code that faults mid-drawing would. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_push_opacity (snapshot, 0.5);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, 5, 5));
  maybe_fault (self, TEST_PHASE_SNAPSHOT);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);

  gtk_snapshot_append_color (snapshot, &green,
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
}

static void
healing_test_faulty_class_init (HealingTestFaultyClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = healing_test_faulty_measure;
  widget_class->size_allocate = healing_test_faulty_size_allocate;
  widget_class->snapshot = healing_test_faulty_snapshot;
}

static void
healing_test_faulty_init (HealingTestFaulty *self)
{
  self->phase = TEST_PHASE_LAST;
}

GtkWidget *
healing_test_faulty_new (void)
{
  return g_object_new (HEALING_TYPE_TEST_FAULTY, NULL);
}

void
healing_test_faulty_arm (HealingTestFaulty *self,
                         TestFault          fault,
                         TestPhase          phase)
{
  self->fault = fault;
  self->phase = phase;
  self->once = FALSE;

  /* Make GTK run the armed phase again. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
healing_test_faulty_arm_once (HealingTestFaulty *self,
                              TestFault          fault,
                              TestPhase          phase)
{
  healing_test_faulty_arm (self, fault, phase);
  self->once = TRUE;
}

guint
healing_test_faulty_get_draws (HealingTestFaulty *self)
{
  return self->draws;
}

const char *
test_phase_name (TestPhase phase)
{
  static const char *names[] = { "measure", "allocate", "snapshot" };

  g_assert (phase < TEST_PHASE_LAST);
  return names[phase];
}
