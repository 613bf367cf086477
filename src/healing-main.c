/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "healing-main-private.h"
#include "healing-i18n-private.h"
#include "healing-inspector-page-private.h"
#include "healing-journal-private.h"
#include "healing-log-private.h"
#include "healing-supervisor-private.h"
#include "healing-trap-private.h"

static gboolean initialized = FALSE;

/**
 * healing_init:
 *
 * Initializes libhealing.
 *
 * Call it once, early in your program, before or after [func@Gtk.init]
 * or in [signal@Gio.Application::startup]; calling it again does nothing.
 * It does not initialize GTK.
 *
 * It makes every public type known to `GtkBuilder` and to language
 * bindings, binds the library's translations, installs the fault handlers
 * and an alternate signal stack for the calling thread (which must be the
 * GTK thread), installs libhealing's structured log writer (see
 * [func@log_writer] for how to keep your own), and adds the "Healing" page
 * to the GTK Inspector.
 *
 * ## The Inspector page
 *
 * The page appears in every Inspector window created after this call, so
 * opening the Inspector with Ctrl+Shift+I or
 * [func@Gtk.Window.set_interactive_debugging] shows it whenever
 * `healing_init()` ran. `GTK_DEBUG=interactive`, however, creates the
 * Inspector inside [func@Gtk.init]: to get the page there too, call
 * `healing_init()` *before* [func@Gtk.init] (or before
 * [method@Gio.Application.run], which calls it).
 */
void
healing_init (void)
{
  if (initialized)
    return;

  healing_ensure_i18n ();
  healing_trap_init ();
  healing_journal_init ();
  healing_log_install_writer ();
  healing_init_public_types ();
  healing_inspector_register ();
  /* Supervised restart: after the trap, which reads the record
   * descriptor too. */
  healing_supervisor_child_init ();

  initialized = TRUE;
}

/**
 * healing_is_initialized:
 *
 * Gets whether [func@init] has been called.
 *
 * Returns: whether libhealing is initialized
 */
gboolean
healing_is_initialized (void)
{
  return initialized;
}
