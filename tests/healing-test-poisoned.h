/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A counter, attached to a widget as HealingCheckpointable state, whose
 * restore_state () raises a real g_critical () while it is poisoned: a
 * checkpoint, or a journal undo, that faults when it is restored, for tests
 * of the quarantine and of the report.
 */

#define HEALING_TYPE_TEST_POISONED (healing_test_poisoned_get_type ())

G_DECLARE_FINAL_TYPE (HealingTestPoisoned, healing_test_poisoned, HEALING, TEST_POISONED, GObject)

/* A counter at 0 attached to @widget (which keeps it). */
HealingTestPoisoned *healing_test_poisoned_attach      (GtkWidget           *widget);
int                  healing_test_poisoned_get_value   (HealingTestPoisoned *self);
/* Sets the value (a change a checkpoint captures). */
void                 healing_test_poisoned_set_value   (HealingTestPoisoned *self,
                                                        int                  value);
/* The next @n restores of a state fault (a real g_critical ()) and leave
 * the value as it is; the ones after work again. */
void                 healing_test_poisoned_set_poison  (HealingTestPoisoned *self,
                                                        guint                n);

G_END_DECLS
