/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "healing-inspector-page-private.h"

/*
 * The GTK Inspector module of libhealing: GTK loads every module in its
 * inspector module directories (and in $GTK_PATH/inspector) when an
 * Inspector window is first created, so the "Healing" page shows up even in
 * an application that never calls healing_init ().
 *
 * It is the one way to get the page with GTK_DEBUG=interactive from Python:
 * PyGObject's Gtk override initialises GTK, hence creates the Inspector,
 * before Healing can be imported. Built by default (-Dinspector_module);
 * installed under a prefix other than GTK's own it is found only through
 * GTK_PATH, so it reaches no other application unless asked to. Installed
 * with prefix /usr it loads libhealing into every GTK 4 application's
 * Inspector: packagers may prefer -Dinspector_module=false there.
 */

G_MODULE_EXPORT void
g_io_module_load (GIOModule *module)
{
  /* The page is a static type of libhealing-1.so (linked with
   * -z nodelete): this module must stay loaded too. */
  g_type_module_use (G_TYPE_MODULE (module));

  healing_inspector_register ();
}

G_MODULE_EXPORT void
g_io_module_unload (GIOModule *module)
{
}

G_MODULE_EXPORT char **
g_io_module_query (void)
{
  char *extension_points[] = { (char *) "gtk-inspector-page", NULL };

  return g_strdupv (extension_points);
}
