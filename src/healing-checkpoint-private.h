/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-checkpoint.h"
#include "healing-checkpointable.h"

G_BEGIN_DECLS

/*
 * The pieces of a checkpoint, shared with the ring (which keeps one entry
 * per captured object alive between checkpoints and only recaptures the
 * objects that notified) and with the journal (which reads old values from
 * those entries).
 */

typedef struct {
  const char *name;      /* interned property name */
  JsonNode *value;
} HealingCheckpointValue;

/* The captured state of one object. Immutable once built; shared by every
 * checkpoint that contains it. */
typedef struct {
  grefcount ref_count;
  char *path;
  const char *type_name; /* interned */
  guint n_values;
  HealingCheckpointValue *values;
  JsonNode *state;       /* HealingCheckpointable state, or NULL */
} HealingCheckpointEntry;

/* What to capture of one type, after the rules: cached per GType. */
typedef struct {
  GType type;
  guint n_props;
  GParamSpec **props;    /* values to capture, in restore order */
  guint n_owned;
  GParamSpec **owned;    /* object-valued properties that may hold owned objects */
  guint n_unsupported;
  GParamSpec **unsupported;
  HealingCheckpointTypeRule type_rule;
} HealingCheckpointPlan;

HealingCheckpointEntry      *healing_checkpoint_entry_ref      (HealingCheckpointEntry *entry);
void                         healing_checkpoint_entry_unref    (HealingCheckpointEntry *entry);
JsonNode                    *healing_checkpoint_entry_lookup   (HealingCheckpointEntry *entry,
                                                                const char             *name);

/* A default of one of our own classes, registered in its class_init (so
 * that the checkpoint code needs to know none of them): like the built-in
 * defaults, it loses to the application's rules for the same type, whether
 * those were set before the class was initialised or after. */
void                         healing_checkpoint_add_default_type_rule (GType                     type,
                                                                       HealingCheckpointTypeRule rule);

/* Serial number of the rules: bumped whenever a rule changes, so cached
 * captures know they are stale. */
guint                        healing_checkpoint_rules_serial   (void);
const HealingCheckpointPlan *healing_checkpoint_get_plan       (GType                   type);
gboolean                     healing_checkpoint_plan_has_prop  (const HealingCheckpointPlan *plan,
                                                                GParamSpec             *pspec);
gboolean                     healing_checkpoint_plan_has_owned (const HealingCheckpointPlan *plan,
                                                                GParamSpec             *pspec);

/* The checkpointable object whose state is @object's, or NULL. */
HealingCheckpointable       *healing_checkpoint_get_checkpointable (GObject            *object);

/* Walks the captured objects under @root, parents before children, each
 * widget before the objects it owns. @func may change the object (restore):
 * children and owned objects are looked up after it returns. */
typedef void (*HealingCheckpointWalkFunc) (GObject                     *object,
                                           const char                  *path,
                                           const HealingCheckpointPlan *plan,
                                           gpointer                     data);

void                         healing_checkpoint_walk           (GtkWidget              *root,
                                                                HealingCheckpointWalkFunc func,
                                                                gpointer                data);

HealingCheckpointEntry      *healing_checkpoint_capture_object (GObject                *object,
                                                                const char             *path,
                                                                const HealingCheckpointPlan *plan);

/* Takes ownership of @entries (a GPtrArray of entries that frees them) and
 * copies @skipped (sorted set of strings). */
HealingCheckpoint           *healing_checkpoint_new_from_entries (GPtrArray            *entries,
                                                                  GHashTable           *skipped);
void                         healing_checkpoint_collect_skipped  (const HealingCheckpointPlan *plan,
                                                                  GHashTable           *skipped);
/* The same, captured at @time (a checkpoint read back); copies @skipped. */
HealingCheckpoint           *healing_checkpoint_new_at           (GPtrArray            *entries,
                                                                  GHashTable           *skipped,
                                                                  gint64                time);
/* (element-type HealingCheckpointEntry): the captured objects, in walk order. */
GPtrArray                   *healing_checkpoint_get_entries      (HealingCheckpoint    *self);

void                         healing_checkpoint_set_quarantined (HealingCheckpoint     *self,
                                                                 gboolean               quarantined);

G_END_DECLS
