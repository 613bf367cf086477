/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_HEALING_INSIDE) && !defined(HEALING_COMPILATION)
#error "Only <healing.h> can be included directly."
#endif

#include <glib-object.h>

#include "healing-version.h"

G_BEGIN_DECLS

/**
 * HEALING_DEATH_RECORD_ERROR:
 *
 * The error domain of [class@DeathRecord].
 */
#define HEALING_DEATH_RECORD_ERROR (healing_death_record_error_quark ())

/**
 * healing_death_record_error_quark:
 *
 * Gets the error domain of [class@DeathRecord].
 *
 * Returns: the error quark
 */

/**
 * HealingDeathRecordError:
 * @HEALING_DEATH_RECORD_ERROR_INVALID: the data is not a death record (no
 *   `libhealing-record` header, or a line that is too long)
 * @HEALING_DEATH_RECORD_ERROR_TOO_LARGE: the record is larger than
 *   [const@DEATH_RECORD_MAX_SIZE]
 * @HEALING_DEATH_RECORD_ERROR_READ: the record file could not be read
 *
 * Errors of [class@DeathRecord].
 */
typedef enum {
  HEALING_DEATH_RECORD_ERROR_INVALID,
  HEALING_DEATH_RECORD_ERROR_TOO_LARGE,
  HEALING_DEATH_RECORD_ERROR_READ,
} HealingDeathRecordError;

/**
 * HEALING_DEATH_RECORD_MAX_SIZE:
 *
 * The largest death record libhealing reads or keeps, in bytes: 16 KiB
 * (the trap writes at most 4 KiB, the supervisor adds what it did).
 */
#define HEALING_DEATH_RECORD_MAX_SIZE 16384

#define HEALING_TYPE_DEATH_RECORD (healing_death_record_get_type ())

HEALING_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (HealingDeathRecord, healing_death_record, HEALING, DEATH_RECORD, GObject)

HEALING_AVAILABLE_IN_ALL
GQuark              healing_death_record_error_quark     (void);

HEALING_AVAILABLE_IN_ALL
HealingDeathRecord *healing_death_record_new_from_data   (const char          *data,
                                                          gssize               length,
                                                          GError             **error) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
HealingDeathRecord *healing_death_record_new_from_file   (const char          *path,
                                                          GError             **error) G_GNUC_WARN_UNUSED_RESULT;

HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_value       (HealingDeathRecord  *self,
                                                          const char          *key);
HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_reason      (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
int                 healing_death_record_get_pid         (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
gint64              healing_death_record_get_time        (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
int                 healing_death_record_get_signal      (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_signal_name (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
int                 healing_death_record_get_exit_status (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_component   (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_phase       (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_taint       (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_death_record_get_frames      (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_death_record_get_restored    (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char * const *healing_death_record_get_quarantined (HealingDeathRecord  *self);
HEALING_AVAILABLE_IN_ALL
const char         *healing_death_record_get_path        (HealingDeathRecord  *self);

HEALING_AVAILABLE_IN_ALL
char               *healing_death_record_dup_summary     (HealingDeathRecord  *self) G_GNUC_WARN_UNUSED_RESULT;
HEALING_AVAILABLE_IN_ALL
char               *healing_death_record_dup_details     (HealingDeathRecord  *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
