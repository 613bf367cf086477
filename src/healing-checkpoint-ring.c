/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "healing-checkpoint-json-private.h"
#include "healing-checkpoint-private.h"
#include "healing-checkpoint-ring-private.h"
#include "healing-runtime-private.h"
#include "healing-trap-private.h"

/**
 * HealingCheckpointRing:
 *
 * The last few good checkpoints of a widget subtree.
 *
 * A ring tracks the state of the subtree under its
 * [property@CheckpointRing:root]: it listens to the property notifications
 * of every captured object, so it knows when the state is
 * [property@CheckpointRing:dirty] and which objects changed.
 * [method@CheckpointRing.checkpoint] then costs next to nothing when
 * nothing changed, whatever the size of the subtree, and recaptures only
 * the objects that changed otherwise.
 *
 * Widgets added to the subtree are noticed at the next full capture, which
 * happens when a widget leaves the subtree, is renamed, or changes an owned
 * object (a new buffer, adjustment or model), or when
 * [method@CheckpointRing.mark_dirty] is called.
 *
 * Each [class@Container] has a ring. It takes a checkpoint after quiet,
 * fault-free interaction; when its child faults, it may
 * [method@CheckpointRing.restore] the newest good one.
 *
 * ## Restore loops
 *
 * If the subtree faults again less than [property@CheckpointRing:loop-guard]
 * milliseconds after a restore, the restored checkpoint is quarantined,
 * with every checkpoint taken since, and the next restore tries the one
 * before. When no checkpoint is left, [method@CheckpointRing.restore] fails
 * with [error@Healing.CheckpointError.exhausted], so that the caller can
 * escalate.
 *
 * ## Persistence
 *
 * With a [property@CheckpointRing:persist-path], each new checkpoint is
 * written there atomically and durably (file and folder synced), and
 * [method@CheckpointRing.load] reads it back in a new process, so the state
 * survives a crash, a kill or a power cut. A file that cannot be read is
 * renamed aside (to `<file>.corrupt`, at most three copies), never read
 * again. A write that fails is reported by [signal@CheckpointRing::save-failed]
 * and logged at message level. The state folder thus holds, per ring, the
 * file, at most three copies aside and one `.quarantined` file, each within
 * the size limit of the reader (see the README).
 *
 * The ring is a [iface@Gio.ListModel] of its checkpoints, newest first.
 */
typedef struct {
  grefcount ref_count;
  HealingCheckpointRing *ring;
} Tracker;

typedef struct {
  GObject *object;
  const char *name;       /* NULL: checkpointable state */
  JsonNode *old;
} JournalRecord;

typedef struct {
  GArray *records;        /* JournalRecord, oldest first */
  GHashTable *seen;       /* "object\x1fname" keys, as (object, name) pairs */
} Journal;

/* A capture of the whole subtree under way (see scan_new ()). */
typedef struct _Scan {
  HealingCheckpointWalker *walker;
  GPtrArray *current;
  GPtrArray *objects;
  GHashTable *index;
  GHashTable *skipped;
  GHashTable *plans_seen;
  GHashTable *changed;    /* objects that notified since the scan began */
  guint rules_serial;
  gboolean restart;
  gboolean has_attached;  /* index maps checkpointables attached to widgets */
  /* The entry being captured: a slice that faults leaves it here. */
  HealingCheckpointEntry *building;
} Scan;

/* The objects of the live capture (unowned), whose entries are at the
 * same positions in the capture, in one block. */
typedef struct {
  guint len;
  gpointer pdata[];
} Objects;

static Objects *
objects_new_take (GPtrArray *array)
{
  Objects *objects = g_malloc (sizeof (Objects) + (array != NULL ? array->len : 0) * sizeof (gpointer));

  objects->len = array != NULL ? array->len : 0;
  if (objects->len > 0)
    memcpy (objects->pdata, array->pdata, objects->len * sizeof (gpointer));
  g_clear_pointer (&array, g_ptr_array_unref);

  return objects;
}

/* What only a ring that restored, loaded or was tuned holds: in a block
 * allocated then (rare_of ()), since every container has a ring. */
typedef struct {
  guint loop_guard;
  guint slice_limit;      /* objects per slice at most, 0: SLICE_BUDGET_US only */
  HealingCheckpoint *last_restored;
  /* The checkpoint load () read from the persist path, until it is
   * restored. */
  HealingCheckpoint *loaded;
  gint64 last_restore_time;      /* monotonic */
  gint64 last_restore_real_time;
  char **unrestored;      /* of the last restore */
} Rare;

struct _HealingCheckpointRing
{
  GObject parent_instance;

  GtkWidget *root;
  guint capacity;
  guint scan_id;          /* the slices of the scan below */
  char *persist_path;

  Tracker *tracker;

  /* The live capture of the subtree, in walk order. The tables are
   * created when needed (a container's ring costs little). */
  /* The entries of the newest checkpoint too, shared (by reference) until
   * the live capture changes: copied before it is changed then. */
  HealingCheckpointEntries *current;
  Objects *objects;       /* whose entry current[i] is */
  GHashTable *index;      /* GObject → index + 1, or NULL: search objects */
  GHashTable *skipped;    /* or NULL: nothing skipped */
  GHashTable *dirty_indices;
  /* The flags are bits (every container has a ring: its size counts);
   * only ever set to TRUE or FALSE. */
  guint has_capture : 1;
  guint structure_dirty : 1;
  /* Walk the subtree again for widgets added (they do not notify). */
  guint rescan : 1;
  /* The scan reads the subtree now: the structure notifications are its
   * own doing (a GtkEntry creates its buffer when first asked for it), and
   * it reads what they announce next. */
  guint scanning : 1;
  guint changed : 1;
  guint dirty : 1;
  guint rules_serial;
  /* A capture of the whole subtree under way, in slices (see Scan). */
  Scan *scan;

  GPtrArray *checkpoints; /* newest first */

  /* Or NULL: see Rare. */
  Rare *rare;

  /* The journals of the actions under way, by value, innermost last. An
   * action's token is its depth, from 1; n_actions are open. Opening and
   * closing one that records nothing touches no journal: the journal of
   * depth d exists once something was recorded at depth d or deeper
   * (journals->len >= d), so a guarded emission that changes nothing
   * costs a counter. */
  GArray *journals;
  guint n_actions;
};

static const Rare no_rare = { HEALING_DEFAULT_LOOP_GUARD_MS, 0, NULL, NULL, 0, 0, NULL };

/* For reading: a ring without a block reads the defaults. */
static inline const Rare *
peek_rare (HealingCheckpointRing *self)
{
  return self->rare != NULL ? self->rare : &no_rare;
}

/* For writing: the block, allocated now if need be. */
static Rare *
rare_of (HealingCheckpointRing *self)
{
  if (self->rare == NULL)
    self->rare = g_memdup2 (&no_rare, sizeof no_rare);

  return self->rare;
}

static void healing_checkpoint_ring_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HealingCheckpointRing, healing_checkpoint_ring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      healing_checkpoint_ring_list_model_init))

enum {
  PROP_0,
  PROP_ROOT,
  PROP_CAPACITY,
  PROP_LOOP_GUARD,
  PROP_PERSIST_PATH,
  PROP_DIRTY,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How many copies of an unreadable file are kept aside (<file>.corrupt,
 * <file>.corrupt.1, …): enough to diagnose, bounded so a crash loop cannot
 * fill the state folder. */
#define MAX_ASIDE 3

static GQuark tracker_quark;
static const char *parent_name;
static const char *name_name;

/* ------------------------------------------------------------------------
 * Dirty tracking
 * ------------------------------------------------------------------------ */

static Tracker *
tracker_ref (Tracker *tracker)
{
  g_ref_count_inc (&tracker->ref_count);
  return tracker;
}

static void
tracker_unref (gpointer data)
{
  Tracker *tracker = data;

  if (g_ref_count_dec (&tracker->ref_count))
    g_free (tracker);
}

static void
set_dirty (HealingCheckpointRing *self)
{
  if (self->dirty)
    return;

  self->dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRTY]);
}

static void
structure_changed (HealingCheckpointRing *self)
{
  if (self->scanning)
    return;

  self->structure_dirty = TRUE;
  if (self->scan != NULL)
    self->scan->restart = TRUE;
  set_dirty (self);
}

/* A handful of objects (a container around a label) are found faster, and
 * for less memory, in the array than in a hash table. */
#define MAX_UNINDEXED 8

/* The position + 1 of @object's entry in the live capture, or 0. */
static guint
index_of (HealingCheckpointRing *self,
          gpointer               object)
{
  guint i;

  if (self->index != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (self->index, object));

  for (i = 0; i < self->objects->len; i++)
    if (self->objects->pdata[i] == object)
      return i + 1;

  return 0;
}

static void journal_record (HealingCheckpointRing *self,
                            GObject               *object,
                            guint                  index,
                            const char            *name);

static void
value_changed (HealingCheckpointRing *self,
               GObject               *object,
               const char            *name)
{
  guint index = index_of (self, object);

  /* A scan under way may have read the object already. */
  if (self->scan != NULL)
    {
      if (self->scan->changed == NULL)
        self->scan->changed = g_hash_table_new (NULL, NULL);
      g_hash_table_add (self->scan->changed, object);
      set_dirty (self);
    }

  /* Not captured (any more): nothing of ours changed. */
  if (index == 0)
    return;

  if (self->dirty_indices == NULL)
    self->dirty_indices = g_hash_table_new (NULL, NULL);
  g_hash_table_add (self->dirty_indices, GUINT_TO_POINTER (index));
  if (self->n_actions > 0)
    journal_record (self, object, index - 1, name);
  set_dirty (self);
}

static HealingCheckpointRing *
ring_of (gpointer object)
{
  Tracker *tracker = g_object_get_qdata (object, tracker_quark);

  return tracker != NULL ? tracker->ring : NULL;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  HealingCheckpointRing *self = ring_of (object);
  const HealingCheckpointPlan *plan;

  if (self == NULL)
    return;

  if (GTK_IS_WIDGET (object) && (pspec->name == parent_name || pspec->name == name_name))
    {
      structure_changed (self);
      return;
    }

  plan = healing_checkpoint_get_plan (G_OBJECT_TYPE (object));
  if (healing_checkpoint_plan_has_prop (plan, pspec))
    value_changed (self, object, pspec->name);
  else if (healing_checkpoint_plan_has_owned (plan, pspec))
    structure_changed (self);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  HealingCheckpointRing *self = ring_of (model);

  if (self != NULL)
    value_changed (self, G_OBJECT (model), NULL);
}

static void
state_changed_cb (HealingCheckpointable *checkpointable,
                  gpointer               data)
{
  HealingCheckpointRing *self = ring_of (checkpointable);

  if (self != NULL)
    value_changed (self, G_OBJECT (checkpointable), NULL);
}

/* The handlers carry no data (they find the ring through qdata), so one
 * closure can serve many objects: a closure of its own per object was the
 * largest piece of a container's checkpoint memory (168 of ~300 bytes per
 * watched object). GLib does not take emission hooks on GObject::notify
 * (G_SIGNAL_NO_HOOKS), and every handler connected to a closure adds an
 * invalidate notifier to it, of which a closure holds at most 255
 * (CLOSURE_MAX_N_INOTIFIERS in gclosure.c): each closure serves
 * SHARED_CLOSURE_USERS handlers, then a new one is made. Each closure is
 * kept alive by its handlers (and by us while it takes new ones), and
 * nobody invalidates it: a handler goes with its object. */
#define SHARED_CLOSURE_USERS 192

typedef enum {
  SHARED_NOTIFY,
  SHARED_STATE_CHANGED,
  SHARED_ITEMS_CHANGED,
  N_SHARED_CLOSURES
} SharedClosure;

static GClosure *shared_closures[N_SHARED_CLOSURES];

static void
connect_shared (GObject       *object,
                const char    *signal,
                SharedClosure  which,
                GCallback      callback)
{
  GClosure *closure = shared_closures[which];

  if (closure == NULL || closure->n_inotifiers >= SHARED_CLOSURE_USERS)
    {
      g_clear_pointer (&shared_closures[which], g_closure_unref);
      closure = g_cclosure_new (callback, NULL, NULL);
      g_closure_ref (closure);
      g_closure_sink (closure);
      shared_closures[which] = closure;
    }

  g_signal_connect_closure (object, signal, closure, FALSE);
}

/* Routes @object's notifications to this ring. The handlers are connected
 * once per object (an object has a tracker from its first ring on, and
 * keeps one: a tracker means connected) and find the ring through qdata, so
 * nothing needs disconnecting when the object leaves the subtree or the
 * ring goes. */
static void
track (HealingCheckpointRing *self,
       GObject               *object)
{
  Tracker *tracker = g_object_get_qdata (object, tracker_quark);

  if (tracker == self->tracker)
    return;

  g_object_set_qdata_full (object, tracker_quark, tracker_ref (self->tracker), tracker_unref);
  if (tracker != NULL)
    return;

  connect_shared (object, "notify", SHARED_NOTIFY, G_CALLBACK (notify_cb));
  if (HEALING_IS_CHECKPOINTABLE (object))
    {
      connect_shared (object, "state-changed", SHARED_STATE_CHANGED, G_CALLBACK (state_changed_cb));
      if (G_IS_LIST_MODEL (object))
        connect_shared (object, "items-changed", SHARED_ITEMS_CHANGED, G_CALLBACK (items_changed_cb));
    }
}

/* ------------------------------------------------------------------------
 * The live capture
 * ------------------------------------------------------------------------ */

/* A capture of the whole subtree (the first one, and after a structure
 * change) is built beside the live one and swapped in when it is
 * complete. It reuses the live entry of every object that did not notify
 * since (same object, same path, same rules), so it reads only what
 * changed: its cost is the walk. The container runs it in slices, at idle
 * priority, each under SLICE_BUDGET_US; healing_checkpoint_ring_checkpoint ()
 * and the journal finish it at once.
 *
 * Never torn: a checkpoint is made only from a complete scan, after the
 * objects that notified while it ran (their entries may hold a value from
 * before the change) were captured again, so it is the state of the
 * subtree at the moment the last slice ends. Until then the checkpoints
 * in the ring are untouched (entries are immutable and shared, never
 * modified), so a fault between or inside slices leaves the last good
 * checkpoint as it was: a slice that faults (inside its own trap frame)
 * drops the scan, and so does a fault the ring hears of (note_fault,
 * restore), since the state after it is suspect. A structure change
 * during the scan starts it again: the positions it walked may be gone.
 * Between slices the walker holds references on the root and on the
 * widgets around its position, so a root dropped meanwhile goes when the
 * scan ends or is cancelled (a new root, a fault, the ring's dispose). */

/* What one slice of a sliced capture may take: well under the 4 ms a main
 * loop iteration may stall for checkpoints (issue 16). */
#define SLICE_BUDGET_US 1500
/* The clock is read every this many objects of a slice. */
#define SLICE_CHECK_EVERY 16
/* More dirty objects than this are captured again in slices. */
#define MAX_DIRTY_AT_ONCE 128
/* A synchronous scan that finds the tree changed under it starts again at
 * most this many times (a getter that changes the tree) before it keeps
 * what it has, as the one-pass capture always did. */
#define MAX_RESTARTS 3

static Scan *
scan_new (HealingCheckpointRing *self)
{
  Scan *scan = g_new0 (Scan, 1);

  scan->walker = healing_checkpoint_walker_new (self->root);
  scan->current = g_ptr_array_new_with_free_func ((GDestroyNotify) healing_checkpoint_entry_unref);
  scan->objects = g_ptr_array_new ();
  scan->index = g_hash_table_new (NULL, NULL);
  scan->rules_serial = healing_checkpoint_rules_serial ();

  return scan;
}

static void
scan_free (Scan *scan)
{
  healing_checkpoint_walker_free (scan->walker);
  g_clear_pointer (&scan->current, g_ptr_array_unref);
  g_clear_pointer (&scan->objects, g_ptr_array_unref);
  g_clear_pointer (&scan->index, g_hash_table_unref);
  g_clear_pointer (&scan->skipped, g_hash_table_unref);
  g_clear_pointer (&scan->plans_seen, g_hash_table_unref);
  g_clear_pointer (&scan->changed, g_hash_table_unref);
  g_clear_pointer (&scan->building, healing_checkpoint_entry_unref);
  g_free (scan);
}

static void
scan_cancel (HealingCheckpointRing *self)
{
  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_pointer (&self->scan, scan_free);
}

static void
scan_object (HealingCheckpointRing       *self,
             Scan                        *scan,
             GObject                     *object,
             const char                  *path,
             const HealingCheckpointPlan *plan)
{
  guint old = index_of (self, object);
  guint index = scan->current->len;
  HealingCheckpointEntry *entry = NULL;

  /* Pointers are compared, never followed: an object of the old capture
   * may be gone. */
  if (old > 0 && self->has_capture && self->rules_serial == scan->rules_serial &&
      g_ptr_array_index (self->objects, old - 1) == object &&
      (self->dirty_indices == NULL ||
       !g_hash_table_contains (self->dirty_indices, GUINT_TO_POINTER (old))))
    {
      HealingCheckpointEntry *live = g_ptr_array_index (self->current, old - 1);

      if (strcmp (live->path, path) == 0)
        entry = healing_checkpoint_entry_ref (live);
    }
  else if (old > 0 && g_ptr_array_index (self->objects, old - 1) == object &&
           strcmp (((HealingCheckpointEntry *) g_ptr_array_index (self->current, old - 1))->path, path) == 0)
    {
      /* Captured again at the same path: the entry shares the path. */
      entry = healing_checkpoint_capture_again (object, g_ptr_array_index (self->current, old - 1),
                                                plan, &scan->building);
      scan->building = NULL;
    }
  if (entry == NULL)
    {
      entry = healing_checkpoint_capture_object_into (object, path, plan, &scan->building);
      scan->building = NULL;
    }

  g_ptr_array_add (scan->current, entry);
  g_ptr_array_add (scan->objects, object);

  if (!g_hash_table_contains (scan->index, object))
    g_hash_table_insert (scan->index, object, GUINT_TO_POINTER (index + 1));
  track (self, object);

  if (GTK_IS_WIDGET (object))
    {
      HealingCheckpointable *attached = healing_checkpointable_get_for_widget (GTK_WIDGET (object));

      if (attached != NULL && G_OBJECT (attached) != object)
        {
          scan->has_attached = TRUE;
          g_hash_table_insert (scan->index, attached, GUINT_TO_POINTER (index + 1));
          track (self, G_OBJECT (attached));
        }
    }

  if (plan->n_unsupported > 0)
    {
      if (scan->plans_seen == NULL)
        {
          scan->plans_seen = g_hash_table_new (NULL, NULL);
          scan->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        }
      if (g_hash_table_add (scan->plans_seen, (gpointer) plan))
        healing_checkpoint_collect_skipped (plan, scan->skipped);
    }
}

/* Swaps the complete scan in as the live capture; returns whether it
 * differs from the capture it replaces. */
static gboolean
scan_finish (HealingCheckpointRing *self)
{
  Scan *scan = self->scan;
  gboolean changed;
  guint i;

  if (scan->changed != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, scan->changed);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint index = GPOINTER_TO_UINT (g_hash_table_lookup (scan->index, key));
          GObject *object;
          HealingCheckpointEntry *old;

          if (index == 0)
            continue;

          object = g_ptr_array_index (scan->objects, index - 1);
          old = g_ptr_array_index (scan->current, index - 1);
          scan->current->pdata[index - 1] =
            healing_checkpoint_capture_again (object, old,
                                              healing_checkpoint_get_plan (G_OBJECT_TYPE (object)),
                                              &scan->building);
          scan->building = NULL;
          healing_checkpoint_entry_unref (old);
        }
    }

  changed = !self->has_capture || self->current->len != scan->current->len;
  for (i = 0; !changed && i < scan->current->len; i++)
    changed = self->current->pdata[i] != scan->current->pdata[i];
  if (!changed && (self->skipped != NULL) != (scan->skipped != NULL))
    changed = TRUE;

  self->scan = NULL;
  healing_checkpoint_entries_unref (self->current);
  self->current = healing_checkpoint_entries_new_take (g_steal_pointer (&scan->current));
  g_free (self->objects);
  self->objects = objects_new_take (g_steal_pointer (&scan->objects));
  g_clear_pointer (&self->index, g_hash_table_unref);
  if (scan->has_attached || self->objects->len > MAX_UNINDEXED)
    self->index = g_steal_pointer (&scan->index);
  g_clear_pointer (&self->skipped, g_hash_table_unref);
  self->skipped = g_steal_pointer (&scan->skipped);
  g_clear_pointer (&self->dirty_indices, g_hash_table_unref);
  self->rules_serial = scan->rules_serial;
  self->structure_dirty = FALSE;
  self->rescan = FALSE;
  self->has_capture = TRUE;
  scan_free (scan);

  return changed;
}

/* The steps of scan_run (). */
static gboolean
scan_steps (HealingCheckpointRing *self,
            gint64                 deadline,
            guint                  max_objects,
            guint                 *restarts,
            guint                 *n_objects)
{
  guint n = *n_objects;

  for (;;)
    {
      Scan *scan = self->scan;
      const HealingCheckpointPlan *plan;
      const char *path;
      GObject *object;

      if (scan->restart || scan->rules_serial != healing_checkpoint_rules_serial ())
        {
          scan_free (scan);
          self->scan = scan = scan_new (self);
        }

      if (healing_checkpoint_walker_next (scan->walker, &object, &path, &plan))
        {
          scan_object (self, scan, object, path, plan);
          n++;
          if (max_objects > 0 && n >= max_objects)
            return FALSE;
          if (deadline > 0 && n % SLICE_CHECK_EVERY == 0 && g_get_monotonic_time () >= deadline)
            return FALSE;
          continue;
        }

      if (healing_checkpoint_walker_get_tree_changed (scan->walker) &&
          (deadline > 0 || (*restarts)++ < MAX_RESTARTS))
        {
          scan->restart = TRUE;
          if (deadline > 0 && g_get_monotonic_time () >= deadline)
            return FALSE;
          continue;
        }

      return TRUE;
    }
}

/* Runs the scan (starting one if needed) until it is complete, or, with a
 * @deadline (monotonic time), until then; returns whether it is complete
 * (and swapped in). */
static gboolean
scan_run (HealingCheckpointRing *self,
          gint64                 deadline,
          guint                  max_objects,
          gboolean              *changed)
{
  guint restarts = 0, n = 0;
  gboolean complete;

  if (self->scan == NULL)
    self->scan = scan_new (self);

  self->scanning = TRUE;
  complete = scan_steps (self, deadline, max_objects, &restarts, &n);
  self->scanning = FALSE;

  if (complete)
    *changed = scan_finish (self);

  return complete;
}

/* Brings the live capture up to date, at once; returns whether it
 * changed. */
static gboolean
sync_capture (HealingCheckpointRing *self)
{
  GHashTableIter iter;
  gpointer key;

  /* After a structure change, objects of the live capture may be gone:
   * only a walk finds what is there. */
  if (!self->has_capture || self->structure_dirty || self->scan != NULL ||
      self->rules_serial != healing_checkpoint_rules_serial ())
    {
      gboolean changed = FALSE;

      g_clear_handle_id (&self->scan_id, g_source_remove);
      scan_run (self, 0, 0, &changed);
      return changed;
    }

  if (self->dirty_indices == NULL || g_hash_table_size (self->dirty_indices) == 0)
    return FALSE;

  /* A checkpoint shares it. */
  if (!g_ref_count_compare (&self->current->ref_count, 1))
    {
      HealingCheckpointEntries *copy = healing_checkpoint_entries_copy (self->current);

      healing_checkpoint_entries_unref (self->current);
      self->current = copy;
    }

  g_hash_table_iter_init (&iter, self->dirty_indices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint index = GPOINTER_TO_UINT (key) - 1;
      GObject *object = g_ptr_array_index (self->objects, index);
      HealingCheckpointEntry *old = g_ptr_array_index (self->current, index);
      const HealingCheckpointPlan *plan = healing_checkpoint_get_plan (G_OBJECT_TYPE (object));

      /* Entries are shared with checkpoints: replace, never modify. */
      self->current->pdata[index] = healing_checkpoint_capture_again (object, old, plan, NULL);
      healing_checkpoint_entry_unref (old);
    }
  g_clear_pointer (&self->dirty_indices, g_hash_table_unref);

  return TRUE;
}

static void
clear_capture (HealingCheckpointRing *self)
{
  scan_cancel (self);
  self->has_capture = FALSE;
  /* Never emptied in place: a checkpoint may share it. */
  healing_checkpoint_entries_unref (self->current);
  self->current = healing_checkpoint_entries_new (0);
  g_free (self->objects);
  self->objects = objects_new_take (NULL);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->dirty_indices, g_hash_table_unref);
}

static void
root_weak_notify (gpointer  data,
                  GObject  *where_the_object_was)
{
  HealingCheckpointRing *self = data;

  self->root = NULL;
  /* The walker holds the root: it is gone only once no scan runs. */
  clear_capture (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROOT]);
}

/* ------------------------------------------------------------------------
 * The ring
 * ------------------------------------------------------------------------ */

static void push    (HealingCheckpointRing *self,
                     HealingCheckpoint     *checkpoint);
static void persist (HealingCheckpointRing *self);

/* Makes a checkpoint of the live capture if it changed since the newest,
 * and clears the dirty flag. */
static void
commit (HealingCheckpointRing *self)
{
  if (self->changed || self->checkpoints->len == 0)
    {
      /* The checkpoint shares the entries until the live capture changes. */
      push (self, healing_checkpoint_new_from_entries (healing_checkpoint_entries_ref (self->current),
                                                       self->skipped));
      self->changed = FALSE;
      persist (self);
    }

  if (self->dirty)
    {
      self->dirty = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRTY]);
    }
}

typedef struct {
  HealingCheckpointRing *self;
  gboolean complete;
  gboolean changed;
} SliceCall;

static void
slice_func (gpointer data)
{
  SliceCall *call = data;

  call->complete = scan_run (call->self, g_get_monotonic_time () + SLICE_BUDGET_US,
                             peek_rare (call->self)->slice_limit, &call->changed);
}

static gboolean
scan_slice_cb (gpointer data)
{
  HealingCheckpointRing *self = data;
  SliceCall call = { self, FALSE, FALSE };
  HealingTrapFrame frame;
  gboolean ok;

  /* The getters belong to the application: a slice that faults leaves
   * the scan as it was at the fault (it is dropped whole) and the
   * checkpoints untouched. */
  healing_trap_frame_init (&frame);
  ok = healing_trap_run (&frame, slice_func, &call);
  healing_trap_frame_clear (&frame);
  /* A fault jumped over the end of the slice. */
  self->scanning = FALSE;

  if (!ok)
    {
      /* Not a warning: G_DEBUG=fatal-warnings must not abort for a fault
       * that was caught. */
      g_message ("libhealing: capturing a checkpoint of a %s faulted; the last good checkpoint stays",
                 self->root != NULL ? G_OBJECT_TYPE_NAME (self->root) : "widget");
      self->scan_id = 0;
      g_clear_pointer (&self->scan, scan_free);
      return G_SOURCE_REMOVE;
    }

  if (!call.complete)
    return G_SOURCE_CONTINUE;

  self->scan_id = 0;
  if (call.changed)
    self->changed = TRUE;
  commit (self);

  return G_SOURCE_REMOVE;
}

static HealingCheckpoint *
newest_good (HealingCheckpointRing *self)
{
  guint i;

  for (i = 0; i < self->checkpoints->len; i++)
    {
      HealingCheckpoint *checkpoint = g_ptr_array_index (self->checkpoints, i);

      if (!healing_checkpoint_get_quarantined (checkpoint))
        return checkpoint;
    }

  return NULL;
}

static void
persist (HealingCheckpointRing *self)
{
  GError *error = NULL;

  if (self->persist_path == NULL)
    return;

  /* Not a warning: a full disk must not abort an application that runs
   * with G_DEBUG=fatal-warnings. The application hears of it through
   * ::save-failed. */
  if (!healing_checkpoint_ring_save (self, &error))
    {
      g_message ("libhealing: %s", error->message);
      g_signal_emit (self, signals[SIGNAL_SAVE_FAILED], 0, error);
      g_error_free (error);
    }
}

static void
push (HealingCheckpointRing *self,
      HealingCheckpoint     *checkpoint)
{
  guint removed = 0;

  g_ptr_array_insert (self->checkpoints, 0, checkpoint);
  while (self->checkpoints->len > MAX (self->capacity, 1))
    {
      g_ptr_array_remove_index (self->checkpoints, self->checkpoints->len - 1);
      removed++;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 1);
}

/* Quarantines the checkpoint restored last if the subtree faulted within
 * the loop guard, with every checkpoint taken since (they hold the same
 * suspect state). */
static gboolean
check_loop_guard (HealingCheckpointRing *self)
{
  Rare *rare = self->rare;
  HealingCheckpoint *restored = rare != NULL ? rare->last_restored : NULL;
  gint64 elapsed;
  guint i;

  if (restored == NULL)
    return FALSE;

  elapsed = g_get_monotonic_time () - rare->last_restore_time;
  rare->last_restored = NULL;

  if (elapsed >= (gint64) rare->loop_guard * 1000)
    {
      g_object_unref (restored);
      return FALSE;
    }

  healing_checkpoint_set_quarantined (restored, TRUE);
  for (i = 0; i < self->checkpoints->len; i++)
    {
      HealingCheckpoint *checkpoint = g_ptr_array_index (self->checkpoints, i);

      if (healing_checkpoint_get_time (checkpoint) >= rare->last_restore_real_time)
        healing_checkpoint_set_quarantined (checkpoint, TRUE);
    }
  g_object_unref (restored);

  persist (self);

  return TRUE;
}

typedef struct {
  HealingCheckpointRing *self;
  HealingCheckpoint *checkpoint;
  GtkWidget *root;
  gboolean complete;
  char **unrestored;
} RestoreCall;

/* Whether the live capture is the state of the subtree now (after
 * sync_capture ()): every object in it notifies when it changes, and no
 * object in it went away (that would be a structure change). */
static gboolean
live_capture_is_current (HealingCheckpointRing *self)
{
  return self->has_capture && !self->structure_dirty && self->scan == NULL &&
         self->rules_serial == healing_checkpoint_rules_serial ();
}

static HealingCheckpointEntry *
live_entry (GObject  *object,
            gpointer  data)
{
  HealingCheckpointRing *self = data;
  guint index;

  /* What the restore set so far notified: dirty, or a structure change. */
  if (!live_capture_is_current (self))
    return NULL;

  index = index_of (self, object);
  if (index == 0 || g_ptr_array_index (self->objects, index - 1) != object ||
      (self->dirty_indices != NULL && g_hash_table_contains (self->dirty_indices, GUINT_TO_POINTER (index))))
    return NULL;

  return g_ptr_array_index (self->current, index - 1);
}

static void
restore_func (gpointer data)
{
  RestoreCall *call = data;
  HealingCheckpointRing *self = call->self;

  /* Restore only what differs from the live state: the live capture, made
   * current, knows it without reading a property. */
  if (live_capture_is_current (self))
    {
      HealingCheckpointEntries *entries = healing_checkpoint_peek_entries (call->checkpoint);
      gboolean same;
      guint i;

      if (sync_capture (self))
        self->changed = TRUE;

      /* Entries are immutable and shared: the same entries, the same
       * state. Nothing to set, and nothing missing. */
      same = entries->len == self->current->len;
      for (i = 0; same && i < entries->len; i++)
        same = entries->pdata[i] == self->current->pdata[i];
      if (same)
        {
          call->complete = TRUE;
          call->unrestored = g_new0 (char *, 1);
          return;
        }
    }

  call->complete = healing_checkpoint_restore_live (call->checkpoint, call->root, &call->unrestored,
                                                    live_entry, self);
}

/* ------------------------------------------------------------------------
 * The journal
 * ------------------------------------------------------------------------ */

static void
journal_clear (Journal *journal)
{
  guint i;

  for (i = 0; journal->records != NULL && i < journal->records->len; i++)
    {
      JournalRecord *record = &g_array_index (journal->records, JournalRecord, i);

      g_object_unref (record->object);
      g_clear_pointer (&record->old, json_node_unref);
    }
  g_clear_pointer (&journal->records, g_array_unref);
  g_clear_pointer (&journal->seen, g_hash_table_unref);
}

static Journal *
innermost_journal (HealingCheckpointRing *self)
{
  return &g_array_index (self->journals, Journal, self->journals->len - 1);
}

/* The journal of the innermost open action, made now if it is the first
 * record at that depth (the array is cleared: the new journals, and those
 * of the depths in between, are empty). */
static Journal *
open_journal (HealingCheckpointRing *self)
{
  if (self->journals == NULL)
    self->journals = g_array_sized_new (FALSE, TRUE, sizeof (Journal), 4);
  if (self->journals->len < self->n_actions)
    g_array_set_size (self->journals, self->n_actions);

  return &g_array_index (self->journals, Journal, self->n_actions - 1);
}

/* A key for (object, name): names are interned, so the pair is unique
 * enough with a per-record array check on collision. */
static gpointer
record_key (GObject    *object,
            const char *name)
{
  return GSIZE_TO_POINTER (GPOINTER_TO_SIZE (object) ^ (GPOINTER_TO_SIZE (name) * 31));
}

static gboolean
journal_has (Journal    *journal,
             GObject    *object,
             const char *name)
{
  guint i;

  if (journal->seen == NULL ||
      !g_hash_table_contains (journal->seen, record_key (object, name)))
    return FALSE;

  for (i = 0; i < journal->records->len; i++)
    {
      JournalRecord *record = &g_array_index (journal->records, JournalRecord, i);

      if (record->object == object && record->name == name)
        return TRUE;
    }

  return FALSE;
}

static void
journal_add (Journal    *journal,
             GObject    *object,
             const char *name,
             JsonNode   *old)
{
  JournalRecord record = { g_object_ref (object), name, old };

  if (journal->records == NULL)
    {
      journal->records = g_array_new (FALSE, FALSE, sizeof (JournalRecord));
      journal->seen = g_hash_table_new (g_direct_hash, g_direct_equal);
    }

  g_array_append_val (journal->records, record);
  g_hash_table_add (journal->seen, record_key (object, name));
}

static void
journal_record (HealingCheckpointRing *self,
                GObject               *object,
                guint                  index,
                const char            *name)
{
  Journal *journal = open_journal (self);
  HealingCheckpointEntry *entry;
  JsonNode *old;

  if (journal_has (journal, object, name))
    return;

  entry = g_ptr_array_index (self->current, index);
  if (name != NULL)
    {
      HealingCheckpointValue value = healing_checkpoint_entry_lookup (entry, name);

      if (value == NULL)
        return;
      old = healing_checkpoint_value_dup_node (value);
    }
  else
    {
      if (entry->state == NULL)
        return;
      old = json_node_ref (entry->state);
    }

  journal_add (journal, object, name, old);
}

typedef struct {
  HealingCheckpointRing *self;
  Journal *journal;
  /* Records that could not be undone. */
  guint n_failed;
} UndoCall;

static void
undo_func (gpointer data)
{
  UndoCall *call = data;
  guint i;

  if (call->journal->records == NULL)
    return;

  for (i = call->journal->records->len; i > 0; i--)
    {
      JournalRecord *record = &g_array_index (call->journal->records, JournalRecord, i - 1);
      GError *error = NULL;

      if (record->name == NULL)
        {
          HealingCheckpointable *checkpointable = HEALING_CHECKPOINTABLE (record->object);

          if (!healing_checkpointable_restore_state (checkpointable, record->old, &error))
            {
              g_debug ("libhealing: could not undo the state of a %s: %s",
                       G_OBJECT_TYPE_NAME (record->object), error->message);
              g_clear_error (&error);
              call->n_failed++;
            }
        }
      else
        {
          GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (record->object),
                                                            record->name);

          if (pspec != NULL &&
              !healing_checkpoint_apply_value (record->object, pspec, record->old, &error))
            {
              g_debug ("libhealing: could not undo %s:%s: %s",
                       G_OBJECT_TYPE_NAME (record->object), record->name, error->message);
              g_clear_error (&error);
              call->n_failed++;
            }
        }
    }
}

/* Begins an action in the ring of @keep_alive (the container, or NULL):
 * see healing_checkpoint_ring_begin_action (). */
gpointer
healing_checkpoint_ring_begin_action_for (HealingCheckpointRing *self,
                                          gpointer               keep_alive)
{
  /* No type check: the journal's only caller passes its container's
   * ring, on the path of every owned guarded emission. */
  if (self->root == NULL)
    return NULL;

  /* The live capture must hold the values from before the action: they
   * are the old values of what it changes. When it is current and nothing
   * is dirty, it holds them already, and keeps holding them for every
   * object until that object notifies, which is when the journal reads
   * them: nothing to do. */
  if (!live_capture_is_current (self) ||
      (self->dirty_indices != NULL && g_hash_table_size (self->dirty_indices) > 0))
    {
      guint n_actions;

      /* The capture reads properties: application getters, which may
       * drop the container, and with it the tree and the ring (guarded
       * runs hold no reference on their container). Both stay until the
       * capture is over; the container may go when we let go of it. */
      g_object_ref (self);
      if (keep_alive != NULL)
        g_object_ref (keep_alive);
      if (sync_capture (self))
        self->changed = TRUE;
      n_actions = ++self->n_actions;
      if (keep_alive != NULL)
        g_object_unref (keep_alive);
      g_object_unref (self);

      return GUINT_TO_POINTER (n_actions);
    }

  self->n_actions++;

  return GUINT_TO_POINTER (self->n_actions);
}

gpointer
healing_checkpoint_ring_begin_action (HealingCheckpointRing *self)
{
  return healing_checkpoint_ring_begin_action_for (self, NULL);
}

/* Takes the journal of the action @token out of the stack, into @out, and
 * closes the action (and any left open inside it). */
static gboolean
pop_journal (HealingCheckpointRing *self,
             gpointer               token,
             Journal               *out)
{
  guint depth = GPOINTER_TO_UINT (token);

  if (depth == 0 || depth > self->n_actions)
    return FALSE;

  /* Unbalanced brackets: actions opened inside this one and never closed
   * (abandoned by a hang interrupted in an enclosing frame). What they
   * changed is the enclosing action's, as if they had committed: undone
   * with it, newest first. (They used to be dropped, and an undo that
   * left their changes in place said it had restored everything.) */
  while (self->journals != NULL && self->journals->len > depth)
    {
      Journal *abandoned = innermost_journal (self);
      Journal *enclosing = &g_array_index (self->journals, Journal, self->journals->len - 2);
      guint i;

      for (i = 0; abandoned->records != NULL && i < abandoned->records->len; i++)
        {
          JournalRecord *record = &g_array_index (abandoned->records, JournalRecord, i);

          if (!journal_has (enclosing, record->object, record->name))
            journal_add (enclosing, record->object, record->name, json_node_ref (record->old));
        }
      journal_clear (abandoned);
      g_array_set_size (self->journals, self->journals->len - 1);
    }

  /* Nothing was recorded at this depth: an empty journal. */
  if (self->journals != NULL && self->journals->len == depth)
    {
      *out = *innermost_journal (self);
      g_array_set_size (self->journals, depth - 1);
    }
  else
    {
      memset (out, 0, sizeof *out);
    }
  self->n_actions = depth - 1;

  return TRUE;
}

/* The rest of healing_checkpoint_ring_commit_action (): apart, so that
 * the fast path there saves no registers (the compiler did not shrink-wrap
 * the whole function: five pushes and pops on every commit). */
static G_GNUC_NO_INLINE void
commit_action_slow (HealingCheckpointRing *self,
                    gpointer               token)
{
  Journal popped, *journal = &popped;
  Journal *outer;
  guint i;

  if (!pop_journal (self, token, &popped))
    return;

  if (journal->records == NULL)
    return;

  /* The enclosing action owns the changes now: if it faults, they are
   * undone with its own. */
  outer = self->n_actions > 0 ? open_journal (self) : NULL;
  if (outer != NULL)
    {
      for (i = 0; i < journal->records->len; i++)
        {
          JournalRecord *record = &g_array_index (journal->records, JournalRecord, i);

          if (!journal_has (outer, record->object, record->name))
            journal_add (outer, record->object, record->name, json_node_ref (record->old));
        }
    }

  journal_clear (journal);
}

void
healing_checkpoint_ring_commit_action (HealingCheckpointRing *self,
                                       gpointer               token)
{
  guint depth = GPOINTER_TO_UINT (token);

  /* Nearly every time: the innermost action, which recorded nothing.
   * (No type check, as in begin.) */
  if G_LIKELY (depth != 0 && depth == self->n_actions &&
               (self->journals == NULL || self->journals->len < depth))
    {
      self->n_actions--;
      return;
    }

  commit_action_slow (self, token);
}

/* Says what undoing did, so that the container need not guess whether
 * the live state is the last good one minus the action. */
HealingUndoOutcome
healing_checkpoint_ring_abort_action (HealingCheckpointRing *self,
                                      gpointer               token)
{
  Journal popped;
  HealingTrapFrame frame;
  /* Out of the stack before undoing: the setters may run guarded
   * handlers, which open actions of their own at this depth. */
  UndoCall call = { self, &popped, 0 };
  HealingUndoOutcome outcome;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), HEALING_UNDO_FAILED);

  /* Not an action of ours: what it changed is not known. */
  if (!pop_journal (self, token, &popped))
    return HEALING_UNDO_FAILED;

  if (popped.records == NULL || popped.records->len == 0)
    {
      journal_clear (&popped);
      return HEALING_UNDO_NOTHING;
    }

  g_object_ref (self);

  /* The setters belong to widgets that just faulted: if undoing faults
   * too, leave the rest as it is. */
  healing_trap_frame_init (&frame);
  if (!healing_trap_run (&frame, undo_func, &call))
    {
      g_debug ("libhealing: undoing a faulted action faulted too");
      structure_changed (self);
      outcome = HEALING_UNDO_FAILED;
    }
  else
    {
      outcome = call.n_failed == 0 ? HEALING_UNDO_RESTORED : HEALING_UNDO_FAILED;
    }
  healing_trap_frame_clear (&frame);

  journal_clear (&popped);
  g_object_unref (self);

  return outcome;
}

/* ------------------------------------------------------------------------
 * GListModel
 * ------------------------------------------------------------------------ */

static GType
healing_checkpoint_ring_get_item_type (GListModel *model)
{
  return HEALING_TYPE_CHECKPOINT;
}

static guint
healing_checkpoint_ring_get_n_items (GListModel *model)
{
  return HEALING_CHECKPOINT_RING (model)->checkpoints->len;
}

static gpointer
healing_checkpoint_ring_get_item (GListModel *model,
                                  guint       position)
{
  HealingCheckpointRing *self = HEALING_CHECKPOINT_RING (model);

  if (position >= self->checkpoints->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->checkpoints, position));
}

static void
healing_checkpoint_ring_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = healing_checkpoint_ring_get_item_type;
  iface->get_n_items = healing_checkpoint_ring_get_n_items;
  iface->get_item = healing_checkpoint_ring_get_item;
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_checkpoint_ring_dispose (GObject *object)
{
  HealingCheckpointRing *self = HEALING_CHECKPOINT_RING (object);

  scan_cancel (self);
  if (self->root != NULL)
    {
      g_object_weak_unref (G_OBJECT (self->root), root_weak_notify, self);
      self->root = NULL;
    }
  if (self->tracker != NULL)
    self->tracker->ring = NULL;
  if (self->rare != NULL)
    {
      g_clear_object (&self->rare->last_restored);
      g_clear_object (&self->rare->loaded);
    }
  while (self->journals != NULL && self->journals->len > 0)
    {
      journal_clear (innermost_journal (self));
      g_array_set_size (self->journals, self->journals->len - 1);
    }
  g_clear_pointer (&self->journals, g_array_unref);
  self->n_actions = 0;

  G_OBJECT_CLASS (healing_checkpoint_ring_parent_class)->dispose (object);
}

static void
healing_checkpoint_ring_finalize (GObject *object)
{
  HealingCheckpointRing *self = HEALING_CHECKPOINT_RING (object);

  g_clear_pointer (&self->tracker, tracker_unref);
  g_clear_pointer (&self->current, healing_checkpoint_entries_unref);
  g_clear_pointer (&self->objects, g_free);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->skipped, g_hash_table_unref);
  g_clear_pointer (&self->dirty_indices, g_hash_table_unref);
  g_clear_pointer (&self->checkpoints, g_ptr_array_unref);
  g_clear_pointer (&self->persist_path, g_free);
  if (self->rare != NULL)
    {
      g_strfreev (self->rare->unrestored);
      g_free (self->rare);
    }

  G_OBJECT_CLASS (healing_checkpoint_ring_parent_class)->finalize (object);
}

static void
healing_checkpoint_ring_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HealingCheckpointRing *self = HEALING_CHECKPOINT_RING (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, healing_checkpoint_ring_get_root (self));
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, healing_checkpoint_ring_get_capacity (self));
      break;
    case PROP_LOOP_GUARD:
      g_value_set_uint (value, healing_checkpoint_ring_get_loop_guard (self));
      break;
    case PROP_PERSIST_PATH:
      g_value_set_string (value, healing_checkpoint_ring_get_persist_path (self));
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, healing_checkpoint_ring_get_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_checkpoint_ring_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  HealingCheckpointRing *self = HEALING_CHECKPOINT_RING (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      healing_checkpoint_ring_set_root (self, g_value_get_object (value));
      break;
    case PROP_CAPACITY:
      healing_checkpoint_ring_set_capacity (self, g_value_get_uint (value));
      break;
    case PROP_LOOP_GUARD:
      healing_checkpoint_ring_set_loop_guard (self, g_value_get_uint (value));
      break;
    case PROP_PERSIST_PATH:
      healing_checkpoint_ring_set_persist_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_checkpoint_ring_class_init (HealingCheckpointRingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = healing_checkpoint_ring_dispose;
  object_class->finalize = healing_checkpoint_ring_finalize;
  object_class->get_property = healing_checkpoint_ring_get_property;
  object_class->set_property = healing_checkpoint_ring_set_property;

  /**
   * HealingCheckpointRing:root: (getter get_root) (setter set_root)
   *
   * The widget whose subtree the ring checkpoints.
   *
   * The ring does not keep the widget alive.
   */
  props[PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpointRing:capacity: (getter get_capacity) (setter set_capacity)
   *
   * How many checkpoints the ring keeps; the oldest go first.
   */
  props[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, 1000, HEALING_DEFAULT_CHECKPOINT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpointRing:loop-guard: (getter get_loop_guard) (setter set_loop_guard)
   *
   * How long, in milliseconds, the subtree must run without faulting after
   * a restore for the restored checkpoint to stay good; 0 turns the guard
   * off.
   */
  props[PROP_LOOP_GUARD] =
    g_param_spec_uint ("loop-guard", NULL, NULL,
                       0, G_MAXUINT, HEALING_DEFAULT_LOOP_GUARD_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpointRing:persist-path: (getter get_persist_path) (setter set_persist_path) (type filename)
   *
   * The file the newest good checkpoint is written to, or `NULL` not to
   * persist checkpoints.
   *
   * See [func@Checkpoint.dup_default_path] for the conventional place.
   */
  props[PROP_PERSIST_PATH] =
    g_param_spec_string ("persist-path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingCheckpointRing:dirty: (getter get_dirty)
   *
   * Whether the state of the subtree may differ from the newest checkpoint.
   */
  props[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  /**
   * HealingCheckpointRing::save-failed:
   * @self: the ring
   * @error: what went wrong
   *
   * Emitted when a checkpoint the ring took could not be written to
   * [property@CheckpointRing:persist-path] (a full or read-only disk, a
   * checkpoint beyond the limits the reader accepts). The previous file, if
   * any, is left intact; the failure is also logged at message level, never
   * as a warning.
   */
  signals[SIGNAL_SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  tracker_quark = g_quark_from_static_string ("healing-checkpoint-tracker");
  parent_name = g_intern_static_string ("parent");
  name_name = g_intern_static_string ("name");
}

static void
healing_checkpoint_ring_init (HealingCheckpointRing *self)
{
  self->capacity = HEALING_DEFAULT_CHECKPOINT_CAPACITY;
  self->dirty = TRUE;

  self->tracker = g_new0 (Tracker, 1);
  g_ref_count_init (&self->tracker->ref_count);
  self->tracker->ring = self;

  self->current = healing_checkpoint_entries_new (0);
  self->objects = objects_new_take (NULL);
  self->checkpoints = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

/**
 * healing_checkpoint_ring_new:
 *
 * Creates a new ring, without a root.
 *
 * Returns: (transfer full): the new ring
 */
HealingCheckpointRing *
healing_checkpoint_ring_new (void)
{
  return g_object_new (HEALING_TYPE_CHECKPOINT_RING, NULL);
}

/**
 * healing_checkpoint_ring_get_root: (get-property root)
 * @self: a ring
 *
 * Gets the widget whose subtree the ring checkpoints.
 *
 * Returns: (nullable) (transfer none): the root
 */
GtkWidget *
healing_checkpoint_ring_get_root (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), NULL);

  return self->root;
}

/**
 * healing_checkpoint_ring_set_root: (set-property root)
 * @self: a ring
 * @root: (nullable): the widget whose subtree to checkpoint
 *
 * Sets the widget whose subtree the ring checkpoints.
 *
 * The checkpoints taken so far stay in the ring: they can be restored into
 * the new root, for example a new instance of a form that crashed.
 */
void
healing_checkpoint_ring_set_root (HealingCheckpointRing *self,
                                  GtkWidget             *root)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));
  g_return_if_fail (root == NULL || GTK_IS_WIDGET (root));

  if (self->root == root)
    return;

  if (self->root != NULL)
    g_object_weak_unref (G_OBJECT (self->root), root_weak_notify, self);

  self->root = root;
  if (root != NULL)
    g_object_weak_ref (G_OBJECT (root), root_weak_notify, self);

  clear_capture (self);
  structure_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROOT]);
}

/* For the container's journal ring, on the path of every owned guarded
 * emission: the root, without a type check. */
GtkWidget *
healing_checkpoint_ring_peek_root (HealingCheckpointRing *self)
{
  return self->root;
}

/**
 * healing_checkpoint_ring_get_capacity: (get-property capacity)
 * @self: a ring
 *
 * Gets how many checkpoints the ring keeps.
 *
 * Returns: the capacity
 */
guint
healing_checkpoint_ring_get_capacity (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), 0);

  return self->capacity;
}

/**
 * healing_checkpoint_ring_set_capacity: (set-property capacity)
 * @self: a ring
 * @capacity: how many checkpoints to keep, at least 1
 *
 * Sets how many checkpoints the ring keeps.
 */
void
healing_checkpoint_ring_set_capacity (HealingCheckpointRing *self,
                                      guint                  capacity)
{
  guint removed = 0;

  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));
  g_return_if_fail (capacity >= 1);

  if (self->capacity == capacity)
    return;

  self->capacity = capacity;
  while (self->checkpoints->len > capacity)
    {
      g_ptr_array_remove_index (self->checkpoints, self->checkpoints->len - 1);
      removed++;
    }
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), capacity, removed, 0);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAPACITY]);
}

/**
 * healing_checkpoint_ring_get_loop_guard: (get-property loop-guard)
 * @self: a ring
 *
 * Gets how long the subtree must run without faulting after a restore for
 * the restored checkpoint to stay good.
 *
 * Returns: the time in milliseconds, 0 if the guard is off
 */
guint
healing_checkpoint_ring_get_loop_guard (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), 0);

  return peek_rare (self)->loop_guard;
}

/**
 * healing_checkpoint_ring_set_loop_guard: (set-property loop-guard)
 * @self: a ring
 * @loop_guard: the time in milliseconds, or 0 to turn the guard off
 *
 * Sets how long the subtree must run without faulting after a restore for
 * the restored checkpoint to stay good.
 */
void
healing_checkpoint_ring_set_loop_guard (HealingCheckpointRing *self,
                                        guint                  loop_guard)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));

  if (peek_rare (self)->loop_guard == loop_guard)
    return;

  rare_of (self)->loop_guard = loop_guard;

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOOP_GUARD]);
}

/**
 * healing_checkpoint_ring_get_persist_path: (get-property persist-path)
 * @self: a ring
 *
 * Gets the file the newest good checkpoint is written to.
 *
 * Returns: (nullable) (type filename): the path
 */
const char *
healing_checkpoint_ring_get_persist_path (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), NULL);

  return self->persist_path;
}

/**
 * healing_checkpoint_ring_set_persist_path: (set-property persist-path)
 * @self: a ring
 * @persist_path: (nullable) (type filename): the file, or `NULL` not to
 *   persist checkpoints
 *
 * Sets the file the newest good checkpoint is written to.
 *
 * Setting it writes nothing and reads nothing: call
 * [method@CheckpointRing.load] to read what a previous process saved.
 */
void
healing_checkpoint_ring_set_persist_path (HealingCheckpointRing *self,
                                          const char            *persist_path)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));

  if (g_strcmp0 (self->persist_path, persist_path) == 0)
    return;

  g_free (self->persist_path);
  self->persist_path = g_strdup (persist_path);

  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PERSIST_PATH]);
}

/**
 * healing_checkpoint_ring_get_dirty: (get-property dirty)
 * @self: a ring
 *
 * Gets whether the state of the subtree may differ from the newest
 * checkpoint.
 *
 * Returns: whether the next checkpoint would capture anything
 */
gboolean
healing_checkpoint_ring_get_dirty (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), FALSE);

  return self->dirty;
}

/**
 * healing_checkpoint_ring_mark_dirty:
 * @self: a ring
 *
 * Makes the next checkpoint walk the whole subtree again (the objects
 * that did not notify a change are not read again).
 *
 * Call it after adding widgets to the subtree: additions are not noticed
 * otherwise until the next full capture.
 */
void
healing_checkpoint_ring_mark_dirty (HealingCheckpointRing *self)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));

  structure_changed (self);
}

/**
 * healing_checkpoint_ring_checkpoint:
 * @self: a ring
 *
 * Takes a checkpoint of the subtree if its state changed since the newest
 * one, and gets the newest checkpoint.
 *
 * When nothing changed this does no work; otherwise it captures the
 * objects that changed and reuses the rest. If the ring keeps a
 * [property@CheckpointRing:persist-path], a new checkpoint is written
 * there.
 *
 * Call it when the subtree is in a good state: after quiet, fault-free
 * interaction.
 *
 * Returns: (transfer none) (nullable): the newest checkpoint, or `NULL` if
 *   there is no root
 */
HealingCheckpoint *
healing_checkpoint_ring_checkpoint (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), NULL);

  if (!self->dirty && self->checkpoints->len > 0)
    return g_ptr_array_index (self->checkpoints, 0);

  if (self->root == NULL)
    return self->checkpoints->len > 0 ? g_ptr_array_index (self->checkpoints, 0) : NULL;

  /* Finishes a sliced capture under way, at once. */
  if (sync_capture (self))
    self->changed = TRUE;
  commit (self);

  return g_ptr_array_index (self->checkpoints, 0);
}

void
healing_checkpoint_ring_checkpoint_in_slices (HealingCheckpointRing *self,
                                              gboolean               look_for_added)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));

  if (self->root == NULL)
    return;

  if (look_for_added)
    self->rescan = TRUE;

  /* Under way: it checkpoints when complete. */
  if (self->scan != NULL)
    return;

  if (!self->dirty && !self->rescan && self->checkpoints->len > 0)
    return;

  if (!self->has_capture || self->structure_dirty || self->rescan ||
      self->rules_serial != healing_checkpoint_rules_serial () ||
      (self->dirty_indices != NULL && g_hash_table_size (self->dirty_indices) > MAX_DIRTY_AT_ONCE))
    {
      self->scan = scan_new (self);
      self->scan_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scan_slice_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->scan_id),
                                "[libhealing] checkpoint capture");
      return;
    }

  if (sync_capture (self))
    self->changed = TRUE;
  commit (self);
}

void
healing_checkpoint_ring_set_slice_limit (HealingCheckpointRing *self,
                                         guint                  max_objects)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));

  rare_of (self)->slice_limit = max_objects;
}

gboolean
healing_checkpoint_ring_get_capturing (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), FALSE);

  return self->scan != NULL;
}

guint
healing_checkpoint_ring_get_captured (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), 0);

  return self->scan != NULL ? self->scan->current->len : 0;
}

void
healing_checkpoint_ring_finish_slices (HealingCheckpointRing *self)
{
  g_return_if_fail (HEALING_IS_CHECKPOINT_RING (self));

  if (self->scan == NULL)
    return;

  if (sync_capture (self))
    self->changed = TRUE;
  commit (self);
}
/**
 * healing_checkpoint_ring_get_last_good:
 * @self: a ring
 *
 * Gets the newest checkpoint that is not quarantined.
 *
 * Returns: (transfer none) (nullable): the checkpoint
 */
HealingCheckpoint *
healing_checkpoint_ring_get_last_good (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), NULL);

  return newest_good (self);
}

/**
 * healing_checkpoint_ring_note_fault:
 * @self: a ring
 *
 * Tells the ring that the subtree faulted.
 *
 * If that happened less than [property@CheckpointRing:loop-guard]
 * milliseconds after a restore, the restored checkpoint, and every one
 * taken since, is quarantined. [method@CheckpointRing.restore] does this
 * itself; call this for faults after which you do not restore.
 *
 * Returns: whether checkpoints were quarantined
 */
gboolean
healing_checkpoint_ring_note_fault (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), FALSE);

  /* The state after a fault is suspect: no capture under way finishes. */
  scan_cancel (self);

  return check_loop_guard (self);
}

/* Records that @checkpoint was restored, with what it could not set back
 * (@unrestored, taken): the newest restore is the one a fault soon after
 * quarantines (note_fault ()). */
static void
note_restored (HealingCheckpointRing  *self,
               HealingCheckpoint      *checkpoint,
               char                  **unrestored)
{
  Rare *rare = rare_of (self);

  g_strfreev (rare->unrestored);
  rare->unrestored = unrestored;

  g_set_object (&rare->last_restored, checkpoint);
  rare->last_restore_time = g_get_monotonic_time ();

  /* For a restarted application: its state came back from disk. */
  if (checkpoint == rare->loaded && self->persist_path != NULL)
    healing_runtime_note_persisted_restore (healing_runtime_get_default (), self->persist_path);
  g_clear_object (&rare->loaded);
  rare->last_restore_real_time = g_get_real_time ();
}

/**
 * healing_checkpoint_ring_restore:
 * @self: a ring
 * @error: return location for an error
 *
 * Restores the newest good checkpoint into the root.
 *
 * First, if the subtree faulted soon after the previous restore, the
 * checkpoint restored then is quarantined (see
 * [method@CheckpointRing.note_fault]). Then the newest checkpoint that is
 * not quarantined is restored, inside libhealing's fault trap: if a setter
 * faults, that checkpoint is quarantined and the one before is tried.
 *
 * What could not be restored (widgets that no longer exist, values that no
 * longer fit) is skipped, logged at debug level and listed by
 * [method@CheckpointRing.get_unrestored].
 *
 * Fails with [error@Healing.CheckpointError.exhausted] when no checkpoint
 * is left, and with [error@Healing.CheckpointError.no-root] without a root.
 *
 * Returns: (transfer none): the restored checkpoint, or `NULL` on error
 */
HealingCheckpoint *
healing_checkpoint_ring_restore (HealingCheckpointRing  *self,
                                 GError                **error)
{
  HealingCheckpoint *checkpoint;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scan_cancel (self);
  check_loop_guard (self);

  if (self->root == NULL)
    {
      g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_NO_ROOT,
                           /* Translators: a checkpoint has no widget to go into. */
                           _("There is no widget to restore the checkpoint into"));
      return NULL;
    }

  while ((checkpoint = newest_good (self)) != NULL)
    {
      HealingTrapFrame frame;
      RestoreCall call = { self, checkpoint, self->root, FALSE, NULL };
      gboolean ok;

      healing_trap_frame_init (&frame);
      ok = healing_trap_run (&frame, restore_func, &call);
      healing_trap_frame_clear (&frame);

      if (!ok)
        {
          g_debug ("libhealing: restoring a checkpoint faulted; quarantining it");
          healing_checkpoint_set_quarantined (checkpoint, TRUE);
          structure_changed (self);
          persist (self);
          continue;
        }

      if (!call.complete)
        {
          char *report = g_strjoinv ("\n  ", call.unrestored);

          g_debug ("libhealing: restored a checkpoint, except:\n  %s", report);
          g_free (report);
        }
      note_restored (self, checkpoint, g_steal_pointer (&call.unrestored));

      return checkpoint;
    }

  g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_EXHAUSTED,
                       /* Translators: every saved state led to a crash. */
                       _("No good checkpoint is left to restore"));
  return NULL;
}

/* A checkpoint chosen by hand (in the Inspector), restored inside the trap
 * with the container's hang timeout. Unlike healing_checkpoint_ring_restore
 * () no fault comes before it, so the loop guard is not consulted first;
 * it follows this restore like any other: a fault soon after quarantines
 * the checkpoint. */
gboolean
healing_checkpoint_ring_restore_checkpoint (HealingCheckpointRing  *self,
                                            HealingCheckpoint      *checkpoint,
                                            guint                   hang_timeout_ms,
                                            const char             *component_id,
                                            HealingFault          **fault,
                                            GError                **error)
{
  g_autoptr (HealingCheckpoint) hold = NULL;
  HealingTrapFrame frame;
  RestoreCall call = { self, checkpoint, NULL, FALSE, NULL };
  gboolean ok;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), FALSE);
  g_return_val_if_fail (HEALING_IS_CHECKPOINT (checkpoint), FALSE);
  g_return_val_if_fail (g_ptr_array_find (self->checkpoints, checkpoint, NULL), FALSE);
  g_return_val_if_fail (fault == NULL || *fault == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* As any restore: a capture in slices would mix the states before and
   * after it. */
  scan_cancel (self);

  if (self->root == NULL)
    {
      g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_NO_ROOT,
                           /* Translators: a checkpoint has no widget to go into. */
                           _("There is no widget to restore the checkpoint into"));
      return FALSE;
    }

  /* The setters may drop the checkpoint from the ring, and the root. */
  hold = g_object_ref (checkpoint);
  call.root = g_object_ref (self->root);

  healing_trap_frame_init (&frame);
  frame.hang_timeout_ms = hang_timeout_ms;
  ok = healing_trap_run (&frame, restore_func, &call);
  g_object_unref (call.root);

  if (!ok)
    {
      g_debug ("libhealing: restoring a chosen checkpoint faulted; quarantining it");
      healing_checkpoint_set_quarantined (checkpoint, TRUE);
      structure_changed (self);
      persist (self);
      if (fault != NULL)
        *fault = healing_trap_frame_to_fault (&frame, HEALING_PHASE_CALLBACK, component_id,
                                              "restore checkpoint");
      healing_trap_frame_clear (&frame);
      g_strfreev (call.unrestored);
      g_set_error_literal (error, HEALING_CHECKPOINT_ERROR, HEALING_CHECKPOINT_ERROR_FAULTED,
                           /* Translators: restoring a saved state crashed; it is not restored again */
                           _("Restoring the checkpoint faulted; it is quarantined"));
      return FALSE;
    }
  healing_trap_frame_clear (&frame);

  note_restored (self, checkpoint, g_steal_pointer (&call.unrestored));

  return TRUE;
}

/**
 * healing_checkpoint_ring_get_unrestored:
 * @self: a ring
 *
 * Gets what the last successful [method@CheckpointRing.restore] skipped:
 * widgets that no longer exist, values that no longer fit their property or
 * widget, properties that no longer exist.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): one line
 *   each, as `path: reason` or `path:property: reason`; empty if everything
 *   was restored, `NULL` before the first restore
 */
const char * const *
healing_checkpoint_ring_get_unrestored (HealingCheckpointRing *self)
{
  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), NULL);

  return (const char * const *) peek_rare (self)->unrestored;
}

/* Where to move an unreadable file: <file>.corrupt, then .corrupt.1 and
 * .corrupt.2; when all MAX_ASIDE exist, the oldest is replaced. */
static char *
aside_path (const char *path)
{
  char *oldest = NULL;
  gint64 oldest_time = G_MAXINT64;
  guint n;

  for (n = 0; n < MAX_ASIDE; n++)
    {
      char *aside = n == 0 ? g_strconcat (path, ".corrupt", NULL)
                           : g_strdup_printf ("%s.corrupt.%u", path, n);
      GStatBuf st;

      if (g_lstat (aside, &st) != 0)
        {
          g_free (oldest);
          return aside;
        }

      if ((gint64) st.st_mtime < oldest_time)
        {
          oldest_time = st.st_mtime;
          g_free (oldest);
          oldest = g_steal_pointer (&aside);
        }
      g_free (aside);
    }

  return oldest;
}

/* A write killed between creating its temporary file (<file>.XXXXXX, by
 * g_file_set_contents_full ()) and renaming it leaves that file behind.
 * At load, no write of this ring is under way: remove them. */
static void
remove_stale_temporaries (const char *path)
{
  char *dir_name = g_path_get_dirname (path);
  char *base = g_path_get_basename (path);
  gsize base_len = strlen (base);
  GDir *dir = g_dir_open (dir_name, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *full;
      GStatBuf st;
      gsize i;
      gboolean temporary;

      temporary = strlen (name) == base_len + 7 &&
                  strncmp (name, base, base_len) == 0 &&
                  name[base_len] == '.';
      for (i = base_len + 1; temporary && name[i] != '\0'; i++)
        temporary = g_ascii_isalnum (name[i]);
      if (!temporary)
        continue;

      full = g_build_filename (dir_name, name, NULL);
      if (g_lstat (full, &st) == 0 && S_ISREG (st.st_mode) && g_unlink (full) == 0)
        g_debug ("libhealing: removed %s, left by an interrupted write", full);
      g_free (full);
    }

  if (dir != NULL)
    g_dir_close (dir);
  g_free (base);
  g_free (dir_name);
}

/**
 * healing_checkpoint_ring_save:
 * @self: a ring
 * @error: return location for an error
 *
 * Writes the newest good checkpoint to [property@CheckpointRing:persist-path],
 * atomically: if writing fails, the previous file is left intact.
 *
 * If every checkpoint is quarantined, a file that holds one is renamed
 * aside (to `<file>.quarantined`), so that a new process does not restore
 * it. Does nothing without a persist path.
 *
 * Returns: whether the file is up to date
 */
gboolean
healing_checkpoint_ring_save (HealingCheckpointRing  *self,
                              GError                **error)
{
  HealingCheckpoint *checkpoint;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->persist_path == NULL)
    return TRUE;

  checkpoint = newest_good (self);
  if (checkpoint == NULL)
    {
      char *aside = g_strconcat (self->persist_path, ".quarantined", NULL);

      if (g_file_test (self->persist_path, G_FILE_TEST_EXISTS))
        g_rename (self->persist_path, aside);
      g_free (aside);
      return TRUE;
    }

  return healing_checkpoint_save_to_file (checkpoint, self->persist_path, error);
}

/**
 * healing_checkpoint_ring_load:
 * @self: a ring
 * @error: return location for an error
 *
 * Reads the checkpoint a previous process left at
 * [property@CheckpointRing:persist-path] and makes it the newest in the
 * ring; call [method@CheckpointRing.restore] to apply it.
 *
 * A missing file is not an error: there is nothing to load. A file that
 * cannot be read or is not a checkpoint is renamed aside, to
 * `<file>.corrupt` (or `<file>.corrupt.1`, `.2`: at most three copies are
 * kept, the oldest is replaced), and the error names the file, the
 * position of the problem and where the file went; the ring is left as it
 * was, so the caller starts fresh. Temporary files that a write killed
 * half-way left next to the file (`<file>.XXXXXX`) are removed first.
 *
 * Returns: whether the ring holds what was saved, if anything
 */
gboolean
healing_checkpoint_ring_load (HealingCheckpointRing  *self,
                              GError                **error)
{
  HealingCheckpoint *checkpoint;
  GError *local_error = NULL;
  char *aside;

  g_return_val_if_fail (HEALING_IS_CHECKPOINT_RING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->persist_path == NULL)
    return TRUE;

  remove_stale_temporaries (self->persist_path);

  if (!g_file_test (self->persist_path, G_FILE_TEST_EXISTS))
    return TRUE;

  checkpoint = healing_checkpoint_new_from_file (self->persist_path, &local_error);
  if (checkpoint != NULL)
    {
      push (self, checkpoint);
      g_set_object (&rare_of (self)->loaded, checkpoint);
      return TRUE;
    }

  aside = aside_path (self->persist_path);
  if (g_rename (self->persist_path, aside) == 0)
    {
      char *display_name = g_filename_display_name (aside);

      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is an error message, the second a
                    * file name. */
                   _("%s (the file was moved to %s)"),
                   local_error->message, display_name);
      g_free (display_name);
    }
  else
    {
      int saved_errno = errno;

      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: the first %s is an error message, the second a
                    * system message. */
                   _("%s (the file could not be moved aside: %s)"),
                   local_error->message, g_strerror (saved_errno));
    }
  g_free (aside);
  g_error_free (local_error);

  return FALSE;
}
