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

/* A captured value, packed in one word: most values are a short string, a
 * boolean or a small integer, and a JsonNode of their own (a node and its
 * JsonValue) would cost 80 bytes more than the string alone. The low two
 * bits say what the word holds (see healing-checkpoint.c): a JsonNode
 * (a reference; booleans and null are shared, sealed nodes), a string
 * (owned, as json_node_get_string () would give it) or an integer. Never
 * NULL, so that a lookup can return NULL for "not captured". Immutable
 * once built, like the entry that holds it. */
typedef gpointer HealingCheckpointValue;

HealingCheckpointValue       healing_checkpoint_value_pack      (const GValue           *value);
/* Copies what it needs of @node. */
HealingCheckpointValue       healing_checkpoint_value_from_node (JsonNode               *node);
void                         healing_checkpoint_value_free      (HealingCheckpointValue  value);
/* The value as a new node of the caller's own (never shared or sealed). */
JsonNode                    *healing_checkpoint_value_dup_node  (HealingCheckpointValue  value);
/* Whether two values are the same value: as JSON, with doubles compared
 * by their bits. */
gboolean                     healing_checkpoint_value_equal     (HealingCheckpointValue  a,
                                                                 HealingCheckpointValue  b);

/* The captured state of one object. Immutable once built; shared by every
 * checkpoint that contains it. */
typedef struct {
  grefcount ref_count;
  guint n_values;
  /* A GRefString: an object captured again keeps its path, and the
   * root's, ".", is one string for all (every container's child is a
   * root). */
  char *path;
  /* Interned, but for names read back from a file that GLib did not
   * know then: those are in the entry's block. Compare by text. */
  const char *type_name;
  JsonNode *state;       /* HealingCheckpointable state, or NULL */
  /* The names of the values: a captured entry's are its plan's (interned;
   * plans are never freed), shared by every entry of the type; one read
   * back from JSON has them in its block, after the values (interned, or
   * their text after them: see healing-checkpoint-json.c). */
  const char * const *names;
  /* In the entry's block (one allocation): a word per value. */
  HealingCheckpointValue values[];
} HealingCheckpointEntry;

/* The entries of a capture, in walk order, in one block (a GPtrArray is
 * its own 48-byte block besides its data, per checkpoint). Shared by
 * reference: a checkpoint's, and the ring's live capture, which changes
 * it in place only while no checkpoint shares it. The fields are named
 * as GPtrArray's, so that g_ptr_array_index () reads it. */
typedef struct {
  grefcount ref_count;
  guint len;
  gpointer pdata[];       /* HealingCheckpointEntry, a reference each */
} HealingCheckpointEntries;

/* @len entries, all NULL: to be filled in. */
HealingCheckpointEntries    *healing_checkpoint_entries_new    (guint                   len);
/* Takes the entries of @array (which must free them, or nothing), and
 * frees it. */
HealingCheckpointEntries    *healing_checkpoint_entries_new_take (GPtrArray             *array);
/* A new block with the same entries. */
HealingCheckpointEntries    *healing_checkpoint_entries_copy   (HealingCheckpointEntries *entries);
HealingCheckpointEntries    *healing_checkpoint_entries_ref    (HealingCheckpointEntries *entries);
void                         healing_checkpoint_entries_unref  (HealingCheckpointEntries *entries);

/* What to capture of one type, after the rules: cached per GType. */
typedef struct {
  GType type;
  guint n_props;
  GParamSpec **props;    /* values to capture, in restore order */
  const char **names;    /* their names: a captured entry's names */
  guint n_owned;
  GParamSpec **owned;    /* object-valued properties that may hold owned objects */
  guint n_unsupported;
  GParamSpec **unsupported;
  HealingCheckpointTypeRule type_rule;
} HealingCheckpointPlan;

HealingCheckpointEntry      *healing_checkpoint_entry_ref      (HealingCheckpointEntry *entry);
void                         healing_checkpoint_entry_unref    (HealingCheckpointEntry *entry);
/* The value of @name, or NULL if the entry has none. */
HealingCheckpointValue       healing_checkpoint_entry_lookup   (HealingCheckpointEntry *entry,
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

/* The same walk, one object at a time (the ring captures in slices). The
 * object, path and plan returned stay valid until the next call. */
typedef struct _HealingCheckpointWalker HealingCheckpointWalker;

HealingCheckpointWalker     *healing_checkpoint_walker_new     (GtkWidget              *root);
gboolean                     healing_checkpoint_walker_next    (HealingCheckpointWalker *walker,
                                                                GObject               **object,
                                                                const char            **path,
                                                                const HealingCheckpointPlan **plan);
/* Whether a child visited had left its parent when its siblings were
 * looked for (the walk skipped them). */
gboolean                     healing_checkpoint_walker_get_tree_changed (HealingCheckpointWalker *walker);
void                         healing_checkpoint_walker_free    (HealingCheckpointWalker *walker);

HealingCheckpointEntry      *healing_checkpoint_capture_object (GObject                *object,
                                                                const char             *path,
                                                                const HealingCheckpointPlan *plan);
/* The same, with the entry in *@building while it is built: a getter that
 * faults leaves it there, complete with what was captured, to be freed. */
HealingCheckpointEntry      *healing_checkpoint_capture_object_into (GObject           *object,
                                                                     const char        *path,
                                                                     const HealingCheckpointPlan *plan,
                                                                     HealingCheckpointEntry **building);
/* The same, for the object @old is an entry of, at the same path (shared
 * with @old). */
HealingCheckpointEntry      *healing_checkpoint_capture_again (GObject                 *object,
                                                               HealingCheckpointEntry  *old,
                                                               const HealingCheckpointPlan *plan,
                                                               HealingCheckpointEntry **building);

/* Takes ownership of @entries and copies @skipped (sorted set of
 * strings). */
HealingCheckpoint           *healing_checkpoint_new_from_entries (HealingCheckpointEntries *entries,
                                                                  GHashTable           *skipped);
void                         healing_checkpoint_collect_skipped  (const HealingCheckpointPlan *plan,
                                                                  GHashTable           *skipped);
/* The same, captured at @time (a checkpoint read back); copies @skipped. */
HealingCheckpoint           *healing_checkpoint_new_at           (HealingCheckpointEntries *entries,
                                                                  GHashTable           *skipped,
                                                                  gint64                time);
/* The captured objects, in walk order. */
HealingCheckpointEntries    *healing_checkpoint_get_entries      (HealingCheckpoint    *self);

/* The entries of a checkpoint, in walk order (not to be changed). */
HealingCheckpointEntries    *healing_checkpoint_peek_entries   (HealingCheckpoint      *self);

/* The state of @object now, as an entry, if the caller knows it (the ring's
 * live capture, up to date), or NULL. */
typedef HealingCheckpointEntry *(*HealingCheckpointLiveFunc) (GObject  *object,
                                                              gpointer  data);

/* healing_checkpoint_restore (), setting only what differs from what
 * @live_func says each object holds now. */
gboolean                     healing_checkpoint_restore_live   (HealingCheckpoint      *self,
                                                                GtkWidget              *root,
                                                                char                 ***unrestored,
                                                                HealingCheckpointLiveFunc live_func,
                                                                gpointer                live_data);

void                         healing_checkpoint_set_quarantined (HealingCheckpoint     *self,
                                                                 gboolean               quarantined);

G_END_DECLS
