/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <healing.h>

#include "healing-demo-scenario.h"
#include "healing-demo-window.h"

/*
 * healing-demo: panels that fail on purpose, each in a HealingContainer.
 *
 *   healing-demo                                   the interactive app
 *   healing-demo --scenario=basic --screenshot=DIR a scripted, checked run
 *                                                  that writes PNGs to DIR
 *
 * The demo's strings belong to libhealing's gettext domain.
 */

typedef struct {
  char *scenario;
  char *screenshot_dir;
  int status;
} Demo;

static gboolean
run_scenario_cb (gpointer data)
{
  GApplication *app = data;
  Demo *demo = g_object_get_data (G_OBJECT (app), "demo");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  demo->status = healing_demo_scenario_run (HEALING_DEMO_WINDOW (window),
                                            demo->scenario, demo->screenshot_dir);
  gtk_window_destroy (window);
  g_application_quit (app);

  return G_SOURCE_REMOVE;
}

static void
startup_cb (GApplication *app)
{
  healing_init ();

  /* Unless an operator configured one (HEALING_CONFIG or the XDG config
   * file), the demo answers faults with the fallback and its "Try Again",
   * so each fault is visible until someone acts on it. */
  if (healing_policy_get_file (healing_runtime_get_policy (healing_runtime_get_default ())) == NULL)
    {
      g_autoptr (HealingPolicy) policy = healing_policy_new ();

      healing_policy_set_escalation (policy, (HealingStrategy[]) { HEALING_STRATEGY_FALLBACK }, 1);
      healing_runtime_set_policy (healing_runtime_get_default (), policy);
    }
}

static void
activate_cb (GApplication *app)
{
  Demo *demo = g_object_get_data (G_OBJECT (app), "demo");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (healing_demo_window_new (GTK_APPLICATION (app)));

  gtk_window_present (window);

  if (demo->scenario != NULL)
    g_idle_add (run_scenario_cb, app);
}

static int
handle_local_options_cb (GApplication *app,
                         GVariantDict *options,
                         Demo         *demo)
{
  g_variant_dict_lookup (options, "scenario", "s", &demo->scenario);
  g_variant_dict_lookup (options, "screenshot", "^ay", &demo->screenshot_dir);

  if (demo->screenshot_dir != NULL && demo->scenario == NULL)
    {
      g_printerr ("%s\n", _("--screenshot needs --scenario"));
      return 2;
    }

  if (demo->scenario != NULL)
    {
      if (!healing_demo_scenario_exists (demo->scenario))
        {
          g_printerr (_("Unknown scenario “%s”; known: basic\n"), demo->scenario);
          return 2;
        }

      /* A scripted run is its own instance, even next to an open demo. */
      g_application_set_flags (app, g_application_get_flags (app) |
                                    G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Run a scripted scenario headless and exit with its verdict"), N_("NAME") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Directory for the scenario's screenshots (default: ./screenshots)"), N_("DIR") },
    { NULL }
  };
  g_autoptr (GtkApplication) app = NULL;
  Demo demo = { NULL, NULL, 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = gtk_application_new ("org.libhealing.Demo", G_APPLICATION_DEFAULT_FLAGS);
  g_object_set_data (G_OBJECT (app), "demo", &demo);
  g_application_add_main_option_entries (G_APPLICATION (app), entries);
  g_application_set_option_context_summary (G_APPLICATION (app),
                                            _("Widgets that crash, and a window that survives them."));

  g_signal_connect (app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (handle_local_options_cb), &demo);

  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0 && demo.scenario != NULL)
    status = demo.status;

  g_free (demo.scenario);
  g_free (demo.screenshot_dir);

  return status;
}
