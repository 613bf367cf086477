/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <healing.h>

#include "healing-demo-restart.h"
#include "healing-demo-scenario.h"
#include "healing-demo-window.h"

/*
 * healing-demo: panels that fail on purpose, each in a HealingContainer.
 *
 *   healing-demo                                 the interactive app
 *   healing-demo --scenario=all --screenshot=DIR a scripted, checked run
 *                                                through every panel that
 *                                                writes PNGs to DIR
 *   healing-demo --scenario=basic ...            the ticker alone, every
 *                                                fault answered with the
 *                                                fallback
 *
 * The policy is the operator's (HEALING_CONFIG, or healing.json in the
 * user's config directory) if there is one, else the demo's own,
 * data/healing-demo.json, compiled into the program.
 *
 * The demo's strings belong to libhealing's gettext domain.
 */

#define DEMO_POLICY_RESOURCE "/org/libhealing/Demo/healing-demo.json"

typedef struct {
  char *scenario;
  char *screenshot_dir;
  char *state_dir;
  int status;
} Demo;

/* Deletes @path and everything under it. */
static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_remove (child);
        }
      g_dir_close (dir);
    }

  g_rmdir (path);
}

static void
use_demo_policy (gboolean basic)
{
  HealingRuntime *runtime = healing_runtime_get_default ();
  HealingPolicy *current = healing_runtime_get_policy (runtime);
  g_autoptr (HealingPolicy) policy = healing_policy_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  /* An operator's configuration wins. */
  if (healing_policy_get_file (current) != NULL)
    {
      /* Translators: %s is the path of a configuration file */
      g_print (_("healing-demo: using the policy in %s\n"), healing_policy_get_file (current));
      return;
    }

  if (basic)
    {
      /* The "basic" scenario answers every fault with the fallback and its
       * "Try again", so that each fault is visible until someone acts. */
      healing_policy_set_escalation (policy, (HealingStrategy[]) { HEALING_STRATEGY_FALLBACK }, 1);
      /* Failure prediction shown, not acted on: the faults here are
       * injected in quick succession on purpose. */
      healing_policy_set_predict (policy, HEALING_PREDICT_MODE_SHADOW);
      healing_runtime_set_policy (runtime, policy);
      return;
    }

  bytes = g_resources_lookup_data (DEMO_POLICY_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL ||
      !healing_policy_load_from_data (policy, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), "healing-demo.json", &error))
    {
      g_printerr ("healing-demo: %s\n", error->message);
      return;
    }

  healing_runtime_set_policy (runtime, policy);
}

static gboolean
run_scenario_cb (gpointer data)
{
  GApplication *app = data;
  Demo *demo = g_object_get_data (G_OBJECT (app), "demo");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* Supervised restart: the restarted process only checks what came
   * back; the first ends --scenario=all with a real crash. */
  if (healing_runtime_get_restart_count (healing_runtime_get_default ()) > 0)
    demo->status = healing_demo_restart_verify (HEALING_DEMO_WINDOW (window), demo->screenshot_dir);
  else
    demo->status = healing_demo_scenario_run (HEALING_DEMO_WINDOW (window),
                                              demo->scenario, demo->screenshot_dir);
  if (demo->status == 0 && healing_runtime_get_restart_count (healing_runtime_get_default ()) == 0 &&
      g_strcmp0 (demo->scenario, "all") == 0 && healing_supervise_is_active ())
    healing_demo_restart_crash (HEALING_DEMO_WINDOW (window), demo->screenshot_dir);
  gtk_window_destroy (window);
  g_application_quit (app);

  return G_SOURCE_REMOVE;
}

static void
startup_cb (GApplication *app)
{
  Demo *demo = g_object_get_data (G_OBJECT (app), "demo");

  healing_init ();
  use_demo_policy (g_strcmp0 (demo->scenario, "basic") == 0);
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
          /* Translators: %s is the name of a scenario; keep "all" and
           * "basic" */
          g_printerr (_("Unknown scenario “%s”; known: all, basic\n"), demo->scenario);
          return 2;
        }

      /* A scripted run is its own instance, even next to an open demo. */
      g_application_set_flags (app, g_application_get_flags (app) |
                                    G_APPLICATION_NON_UNIQUE);

      /* Its persisted checkpoints go to a state directory of its own, so
       * that it starts from a blank form and leaves the user's alone. Set
       * before anything asks GLib for the directory. */
      demo->state_dir = g_strdup (g_getenv ("HEALING_DEMO_STATE_DIR"));
      if (demo->state_dir == NULL)
        demo->state_dir = g_dir_make_tmp ("healing-demo-state-XXXXXX", NULL);
      if (demo->state_dir != NULL)
        g_setenv ("XDG_STATE_HOME", demo->state_dir, TRUE);
    }

  return -1;
}

int
main (int   argc,
      char *argv[])
{
  static const GOptionEntry entries[] = {
    { "scenario", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Run a scripted scenario (all, basic) and exit with its verdict"), N_("NAME") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Directory for the scenario's screenshots (default: ./screenshots)"), N_("DIR") },
    { NULL }
  };
  g_autoptr (GtkApplication) app = NULL;
  Demo demo = { NULL, NULL, NULL, 0 };
  int status;
  int i;

  /* Supervised restart. A scripted scenario's temporary state directory
   * is made before the fork, so the restarted process finds the form the
   * crashed one persisted. The chart's trapped hang taints: the demo keeps
   * running to show its fallback. */
  for (i = 1; i < argc && !g_str_has_prefix (argv[i], "--scenario"); i++)
    ;
  if (i < argc && g_getenv ("HEALING_DEMO_STATE_DIR") == NULL)
    {
      g_autofree char *state = g_dir_make_tmp ("healing-demo-state-XXXXXX", NULL);

      if (state != NULL)
        {
          g_setenv ("HEALING_DEMO_STATE_DIR", state, TRUE);
          g_setenv ("XDG_STATE_HOME", state, TRUE);
        }
    }
  healing_supervise (&argc, &argv, HEALING_SUPERVISE_NO_TAINT_RESTART);

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

  if (demo.state_dir != NULL)
    remove_tree (demo.state_dir);

  g_free (demo.scenario);
  g_free (demo.screenshot_dir);
  g_free (demo.state_dir);

  return status;
}
