/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The colour of the form's background, as 0xAARRGGBB. */
#define HEALING_DEMO_FORM_BACKGROUND 0xfff3ecdbu

#define HEALING_DEMO_TYPE_FORM (healing_demo_form_get_type ())

G_DECLARE_FINAL_TYPE (HealingDemoForm, healing_demo_form, HEALING_DEMO, FORM, GtkWidget)

GtkWidget  *healing_demo_form_new             (void);

GtkWidget  *healing_demo_form_get_save_button (HealingDemoForm *self);
guint       healing_demo_form_get_saves       (HealingDemoForm *self);

const char *healing_demo_form_get_name        (HealingDemoForm *self);
const char *healing_demo_form_get_birth_date  (HealingDemoForm *self);
const char *healing_demo_form_get_allergies   (HealingDemoForm *self);
guint       healing_demo_form_get_blood_type  (HealingDemoForm *self);
gboolean    healing_demo_form_get_consent     (HealingDemoForm *self);

void        healing_demo_form_set_name        (HealingDemoForm *self,
                                               const char      *name);
void        healing_demo_form_set_birth_date  (HealingDemoForm *self,
                                               const char      *birth_date);
void        healing_demo_form_set_allergies   (HealingDemoForm *self,
                                               const char      *allergies);
void        healing_demo_form_set_blood_type  (HealingDemoForm *self,
                                               guint            blood_type);
void        healing_demo_form_set_consent     (HealingDemoForm *self,
                                               gboolean         consent);

G_END_DECLS
