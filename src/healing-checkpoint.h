/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "healing-version.h"

G_BEGIN_DECLS

/**
 * HEALING_CHECKPOINT_ERROR:
 *
 * The error domain of checkpoints, their rings and their files.
 *
 * Errors in this domain are from the [enum@Healing.CheckpointError]
 * enumeration.
 */
#define HEALING_CHECKPOINT_ERROR (healing_checkpoint_error_quark ())

/**
 * healing_checkpoint_error_quark:
 *
 * Gets the error domain of checkpoints, `HEALING_CHECKPOINT_ERROR`.
 *
 * Returns: the error quark
 */

/**
 * HealingCheckpointError:
 * @HEALING_CHECKPOINT_ERROR_INVALID: the data is not valid JSON, or not a
 *   checkpoint; the message names the file and the position (line and
 *   column for syntax errors, the member for structure errors)
 * @HEALING_CHECKPOINT_ERROR_UNSUPPORTED_VERSION: the checkpoint was written
 *   in a format version this library does not know
 * @HEALING_CHECKPOINT_ERROR_READ: a checkpoint file could not be read
 * @HEALING_CHECKPOINT_ERROR_WRITE: a checkpoint file could not be written;
 *   the previous file, if any, is left intact
 * @HEALING_CHECKPOINT_ERROR_FAULTED: restoring a checkpoint faulted; the
 *   checkpoint was quarantined
 * @HEALING_CHECKPOINT_ERROR_EXHAUSTED: a ring has no checkpoint left that is
 *   not quarantined
 * @HEALING_CHECKPOINT_ERROR_NO_ROOT: there is no widget to capture or to
 *   restore into
 *
 * Errors of the [error@Healing.CheckpointError] domain.
 */
typedef enum {
  HEALING_CHECKPOINT_ERROR_INVALID,
  HEALING_CHECKPOINT_ERROR_UNSUPPORTED_VERSION,
  HEALING_CHECKPOINT_ERROR_READ,
  HEALING_CHECKPOINT_ERROR_WRITE,
  HEALING_CHECKPOINT_ERROR_FAULTED,
  HEALING_CHECKPOINT_ERROR_EXHAUSTED,
  HEALING_CHECKPOINT_ERROR_NO_ROOT,
} HealingCheckpointError;

/**
 * HealingCheckpointTypeRule:
 * @HEALING_CHECKPOINT_TYPE_CAPTURE: capture objects of the type and, for
 *   widgets, their children
 * @HEALING_CHECKPOINT_TYPE_SKIP_CHILDREN: capture widgets of the type but not
 *   their children, which are implementation details (the default for
 *   composite widgets such as [class@Gtk.Entry] or [class@Gtk.DropDown])
 * @HEALING_CHECKPOINT_TYPE_SKIP: capture neither objects of the type nor their
 *   children (the default for popovers and nested containers)
 *
 * What a checkpoint captures of the objects of a type.
 *
 * See [func@Checkpoint.set_type_rule].
 */
typedef enum {
  HEALING_CHECKPOINT_TYPE_CAPTURE,
  HEALING_CHECKPOINT_TYPE_SKIP_CHILDREN,
  HEALING_CHECKPOINT_TYPE_SKIP,
} HealingCheckpointTypeRule;

/**
 * HEALING_CHECKPOINT_FORMAT_VERSION:
 *
 * The version of the JSON format that [method@Checkpoint.to_json] writes.
 *
 * Checkpoints in this version or an older one can be read.
 */
#define HEALING_CHECKPOINT_FORMAT_VERSION 1

#define HEALING_TYPE_CHECKPOINT (healing_checkpoint_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingCheckpoint, healing_checkpoint, HEALING, CHECKPOINT, GObject)

HEALING_AVAILABLE_IN_ALL
GQuark              healing_checkpoint_error_quark     (void);

HEALING_AVAILABLE_IN_ALL
HealingCheckpoint  *healing_checkpoint_new_capture     (GtkWidget          *root) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingCheckpoint  *healing_checkpoint_new_from_json   (JsonNode           *node,
                                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingCheckpoint  *healing_checkpoint_new_from_data   (const char         *data,
                                                        gssize              length,
                                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingCheckpoint  *healing_checkpoint_new_from_file   (const char         *path,
                                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
JsonNode           *healing_checkpoint_to_json         (HealingCheckpoint  *self);
HEALING_AVAILABLE_IN_ALL
char               *healing_checkpoint_to_data         (HealingCheckpoint  *self,
                                                        gsize              *length);
HEALING_AVAILABLE_IN_ALL
gboolean            healing_checkpoint_save_to_file    (HealingCheckpoint  *self,
                                                        const char         *path,
                                                        GError            **error);

HEALING_AVAILABLE_IN_ALL
gboolean            healing_checkpoint_restore         (HealingCheckpoint  *self,
                                                        GtkWidget          *root,
                                                        char             ***unrestored);

HEALING_AVAILABLE_IN_ALL
gint64              healing_checkpoint_get_time        (HealingCheckpoint  *self);
HEALING_AVAILABLE_IN_ALL
guint               healing_checkpoint_get_n_objects   (HealingCheckpoint  *self);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_checkpoint_get_skipped     (HealingCheckpoint  *self);
HEALING_AVAILABLE_IN_ALL
gboolean            healing_checkpoint_get_quarantined (HealingCheckpoint  *self);

HEALING_AVAILABLE_IN_ALL
gboolean            healing_checkpoint_has_path        (HealingCheckpoint  *self,
                                                        const char         *path);
HEALING_AVAILABLE_IN_ALL
JsonNode           *healing_checkpoint_dup_value       (HealingCheckpoint  *self,
                                                        const char         *path,
                                                        const char         *property);

HEALING_AVAILABLE_IN_ALL
void                healing_checkpoint_set_property_rule (GType             type,
                                                          const char       *property,
                                                          gboolean          capture);
HEALING_AVAILABLE_IN_ALL
void                healing_checkpoint_set_type_rule     (GType                      type,
                                                          HealingCheckpointTypeRule  rule);

HEALING_AVAILABLE_IN_ALL
char               *healing_checkpoint_dup_default_path  (const char       *component_id);

G_END_DECLS
