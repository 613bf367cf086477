/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "healing-runtime.h"
#include "healing-decision.h"
#include "healing-fault.h"
#include "healing-fault-entry.h"

G_BEGIN_DECLS

void healing_runtime_taint (HealingRuntime *self,
                            const char     *reason);

/* A runtime of its own, for tests. */
HealingRuntime    *healing_runtime_new                  (void);

/* Containers call these from constructed and dispose. The registry does
 * not keep them alive: a container that is finalized without unregistering
 * leaves the list all the same. */
void               healing_runtime_register_container   (HealingRuntime *self,
                                                         gpointer        container);
void               healing_runtime_unregister_container (HealingRuntime *self,
                                                         gpointer        container);

/* Appends a fault and the decision about it to the log, dropping the
 * oldest entries beyond the capacity. Returns the entry, owned by the log,
 * to update its outcome later (take a reference to keep it). */
HealingFaultEntry *healing_runtime_log_fault            (HealingRuntime  *self,
                                                         HealingFault    *fault,
                                                         HealingDecision *decision);

/* A fault nothing is left to heal (a container's cleanup code faulted, or
 * the code disposed the container it ran for): logged as given up, and a
 * tainting fault taints the process. Takes ownership of @fault. */
void               healing_runtime_log_unhealed_fault   (HealingRuntime  *self,
                                                         HealingFault    *fault);

/* Supervised restarts (healing-supervisor.c). */
void healing_runtime_set_supervised         (HealingRuntime     *self,
                                             gboolean            supervised);
void healing_runtime_set_restart_info       (HealingRuntime     *self,
                                             guint               restart_count,
                                             HealingDeathRecord *last_death,
                                             const char         *history_dir);
/* Emits ::restarted, once, if the process is a restart. */
void healing_runtime_emit_restarted         (HealingRuntime     *self);
/* A ring restored the checkpoint it loaded from @persist_path (the
 * component is the file's name without .json). */
void healing_runtime_note_persisted_restore (HealingRuntime     *self,
                                             const char         *persist_path);

/* The persist paths of restored-components, in the same order. */
GPtrArray *healing_runtime_get_restored_paths (HealingRuntime *self);

G_END_DECLS
