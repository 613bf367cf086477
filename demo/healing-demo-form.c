/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <healing.h>

#include "healing-demo-form.h"

/*
 * HealingDemoForm:
 *
 * A patient's record: name, date of birth, allergies, blood type and
 * consent, and a Save button.
 *
 * It carries a realistic bug on purpose. The Save handler "normalises" the
 * record before filing it (upper-cases the name, defaults the date of birth,
 * clears the allergies it failed to parse, resets the blood type and the
 * consent, says "Saving…"), then files it under the patient's record
 * revision, which a new patient does not have yet: a real NULL dereference
 * in a signal handler.
 *
 * The handler is connected with healing_signal_connect (), so it runs inside
 * libhealing's trap: the handler's own property changes are journaled and
 * rolled back when it faults, and the user's edits stay. Every entry has a
 * widget name, so checkpoints of the form have stable keys.
 */

typedef struct {
  char *id;
  guint revision;
} PatientRecord;

struct _HealingDemoForm
{
  GtkWidget parent_instance;

  GtkWidget *grid;
  GtkWidget *name;
  GtkWidget *birth_date;
  GtkWidget *allergies;
  GtkWidget *blood_type;
  GtkWidget *consent;
  GtkWidget *save;
  GtkWidget *status;

  /* The records filed so far, by patient id. */
  GHashTable *records;
  guint saves;
};

G_DEFINE_FINAL_TYPE (HealingDemoForm, healing_demo_form, GTK_TYPE_WIDGET)

static const char * const blood_types[] = {
  "—", "A+", "A−", "B+", "B−", "AB+", "AB−", "O+", "O−", NULL
};

static void
record_free (gpointer data)
{
  PatientRecord *record = data;

  g_free (record->id);
  g_free (record);
}

/* Files the record under the next revision of the patient's record. Not
 * inlined nor split by IPA (noipa), so the deliberate fault has a frame of its own (valgrind
 * suppressions name it). */
static void file_record (PatientRecord *record) __attribute__ ((noipa));

__attribute__ ((no_sanitize ("undefined")))
static void
file_record (PatientRecord *record)
{
  /* The bug: a new patient has no record yet, and @record is NULL. */
  record->revision++;
}

/* Into @buffer: a fault in the handler abandons its frame, so it holds
 * nothing on the heap when it files the record. */
static void
patient_id (HealingDemoForm *self,
            char            *buffer,
            gsize            size)
{
  char *name = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->name)), -1);

  g_snprintf (buffer, size, "%s/%s", name, gtk_editable_get_text (GTK_EDITABLE (self->birth_date)));
  g_free (name);
}

/* The buggy Save handler, guarded by healing_signal_connect (). */
static void
save_clicked_cb (GtkButton       *button,
                 HealingDemoForm *self)
{
  char id[256];
  char *upper;

  self->saves++;

  /* "Normalise" the record before filing it: each change is journaled. */
  upper = g_utf8_strup (gtk_editable_get_text (GTK_EDITABLE (self->name)), -1);
  gtk_editable_set_text (GTK_EDITABLE (self->name), upper);
  g_free (upper);
  gtk_editable_set_text (GTK_EDITABLE (self->birth_date), "1970-01-01");
  gtk_editable_set_text (GTK_EDITABLE (self->allergies), "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->blood_type), 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->consent), FALSE);
  /* Translators: the patient form's status while it saves */
  gtk_label_set_text (GTK_LABEL (self->status), _("Saving…"));

  patient_id (self, id, sizeof id);
  file_record (g_hash_table_lookup (self->records, id));

  /* Not reached for a new patient. */
  /* Translators: the patient form's status after saving */
  gtk_label_set_text (GTK_LABEL (self->status), _("Saved"));
}

static GtkWidget *
add_row (HealingDemoForm *self,
         int              row,
         const char      *label_text,
         GtkWidget       *field,
         const char      *name)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_widget_set_name (field, name);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (GTK_GRID (self->grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), field, 1, row, 1, 1);

  return field;
}

static void
healing_demo_form_dispose (GObject *object)
{
  HealingDemoForm *self = HEALING_DEMO_FORM (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (healing_demo_form_parent_class)->dispose (object);
}

static void
healing_demo_form_finalize (GObject *object)
{
  HealingDemoForm *self = HEALING_DEMO_FORM (object);

  g_clear_pointer (&self->records, g_hash_table_unref);

  G_OBJECT_CLASS (healing_demo_form_parent_class)->finalize (object);
}

static void
healing_demo_form_class_init (HealingDemoFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_demo_form_dispose;
  object_class->finalize = healing_demo_form_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "patientform");
}

static void
healing_demo_form_init (HealingDemoForm *self)
{
  PatientRecord *known;

  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, record_free);
  /* A patient who is on file already. */
  known = g_new0 (PatientRecord, 1);
  known->id = g_strdup ("grace hopper/1906-12-09");
  g_hash_table_insert (self->records, known->id, known);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  /* Translators: a field of the patient form */
  self->name = add_row (self, 0, _("_Name"), gtk_entry_new (), "name");
  /* Translators: a field of the patient form */
  self->birth_date = add_row (self, 1, _("_Date of birth"), gtk_entry_new (), "birth-date");
  /* Translators: the format of a date of birth, as a placeholder */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->birth_date), _("YYYY-MM-DD"));
  /* Translators: a field of the patient form */
  self->allergies = add_row (self, 2, _("_Allergies"), gtk_entry_new (), "allergies");
  /* Translators: a field of the patient form */
  self->blood_type = add_row (self, 3, _("_Blood type"),
                              gtk_drop_down_new_from_strings ((const char **) blood_types),
                              "blood-type");

  /* Translators: a check box of the patient form */
  self->consent = gtk_check_button_new_with_mnemonic (_("_Consents to treatment"));
  gtk_widget_set_name (self->consent, "consent");
  gtk_grid_attach (GTK_GRID (self->grid), self->consent, 1, 4, 1, 1);

  /* Translators: the button of the patient form */
  self->save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (self->save, "save");
  gtk_widget_add_css_class (self->save, "suggested-action");
  gtk_widget_set_halign (self->save, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (self->grid), self->save, 0, 5, 1, 1);

  /* Translators: the patient form's status before anything was saved */
  self->status = gtk_label_new (_("Not saved yet"));
  gtk_widget_set_name (self->status, "status");
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_grid_attach (GTK_GRID (self->grid), self->status, 1, 5, 1, 1);

  /* Guarded: a fault in the handler is attributed to the container around
   * the button, and the handler's changes are rolled back. */
  healing_signal_connect (self->save, "clicked", G_CALLBACK (save_clicked_cb), self);
}

GtkWidget *
healing_demo_form_new (void)
{
  return g_object_new (HEALING_DEMO_TYPE_FORM, NULL);
}

GtkWidget *
healing_demo_form_get_save_button (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), NULL);

  return self->save;
}

guint
healing_demo_form_get_saves (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), 0);

  return self->saves;
}

const char *
healing_demo_form_get_name (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name));
}

const char *
healing_demo_form_get_birth_date (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->birth_date));
}

const char *
healing_demo_form_get_allergies (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->allergies));
}

guint
healing_demo_form_get_blood_type (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), 0);

  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->blood_type));
}

gboolean
healing_demo_form_get_consent (HealingDemoForm *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FORM (self), FALSE);

  return gtk_check_button_get_active (GTK_CHECK_BUTTON (self->consent));
}

void
healing_demo_form_set_name (HealingDemoForm *self,
                            const char      *name)
{
  g_return_if_fail (HEALING_DEMO_IS_FORM (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name), name);
}

void
healing_demo_form_set_birth_date (HealingDemoForm *self,
                                  const char      *birth_date)
{
  g_return_if_fail (HEALING_DEMO_IS_FORM (self));

  gtk_editable_set_text (GTK_EDITABLE (self->birth_date), birth_date);
}

void
healing_demo_form_set_allergies (HealingDemoForm *self,
                                 const char      *allergies)
{
  g_return_if_fail (HEALING_DEMO_IS_FORM (self));

  gtk_editable_set_text (GTK_EDITABLE (self->allergies), allergies);
}

void
healing_demo_form_set_blood_type (HealingDemoForm *self,
                                  guint            blood_type)
{
  g_return_if_fail (HEALING_DEMO_IS_FORM (self));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->blood_type), blood_type);
}

void
healing_demo_form_set_consent (HealingDemoForm *self,
                               gboolean         consent)
{
  g_return_if_fail (HEALING_DEMO_IS_FORM (self));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->consent), consent);
}
