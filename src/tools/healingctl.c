/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* healingctl: makes and checks signed hot patches, and writes the static
 * feed any web server can serve. */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <healing.h>

#include "healing-patch-private.h"
#include "healing-policy-private.h"

typedef int (*CommandFunc) (int argc, char **argv);

static void
print_error (const char *message)
{
  /* Translators: the prefix of an error message of the command-line tool */
  g_printerr (_("healingctl: %s\n"), message);
}

static int
fail_with (GError *error)
{
  print_error (error->message);
  g_error_free (error);
  return 1;
}

/* Parses a subcommand's options; --help exits. */
static gboolean
parse (GOptionContext  *context,
       int             *argc,
       char          ***argv,
       GError         **error)
{
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

/* ------------------------------------------------------------------------
 * Trust, from options
 * ------------------------------------------------------------------------ */

static char **opt_public_keys;
static char *opt_config;
static char *opt_application;
static int opt_threshold;

static const GOptionEntry trust_entries[] = {
  { "public-key", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &opt_public_keys,
    N_("Trust this public key (base64; may be repeated)"), N_("KEY") },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &opt_config,
    N_("Trust the keys of the “patch” section of this policy file"), N_("FILE") },
  { "application", 'a', 0, G_OPTION_ARG_STRING, &opt_application,
    N_("The application patches must be for"), N_("ID") },
  { "threshold", 't', 0, G_OPTION_ARG_INT, &opt_threshold,
    N_("How many trusted keys must have signed"), N_("N") },
  { NULL }
};

static HealingPatchTrust *
trust_from_options (GError **error)
{
  g_autoptr (HealingPatchTrust) trust = NULL;
  char **key;

  if (opt_config != NULL)
    {
      g_autoptr (HealingPolicy) policy = healing_policy_new_from_file (opt_config, error);
      HealingPatchTrust *configured;

      if (policy == NULL)
        return NULL;
      configured = healing_policy_get_patch_trust (policy);
      if (configured == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: %s is a file name */
                       _("%s has no “patch” section"), opt_config);
          return NULL;
        }
      trust = g_object_ref (configured);
    }
  else
    {
      trust = healing_patch_trust_new ();
    }

  for (key = opt_public_keys; key != NULL && *key != NULL; key++)
    if (!healing_patch_trust_add_key (trust, *key, error))
      return NULL;

  if (opt_application != NULL)
    healing_patch_trust_set_application_id (trust, opt_application);
  if (opt_threshold > 0)
    healing_patch_trust_set_threshold (trust, opt_threshold);

  if (healing_patch_trust_get_application_id (trust) == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Say which application with --application or --config"));
      return NULL;
    }

  return g_steal_pointer (&trust);
}

static HealingPatchBundle *
verify_file (HealingPatchTrust  *trust,
             const char         *path,
             GError            **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  return healing_patch_bundle_new_from_bytes (bytes, trust, path, error);
}

/* ------------------------------------------------------------------------
 * keygen
 * ------------------------------------------------------------------------ */

static int
cmd_keygen (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the secret key to FILE"), N_("FILE") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Overwrite FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  guint8 seed[HEALING_PATCH_KEY_SIZE];
  guint8 public_key[HEALING_PATCH_KEY_SIZE];
  g_autofree char *keyid = NULL;
  g_autofree char *b64 = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context,
                                _("Creates an Ed25519 key for signing patches. The secret key is\n"
                                  "written to FILE (readable by you only); the public key, printed,\n"
                                  "goes into the “keys” of the application's policy file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &error))
    return fail_with (error);

  if (output == NULL)
    {
      print_error (_("Say where to write the key with --output"));
      return 2;
    }
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message =
        /* Translators: %s is a file name */
        g_strdup_printf (_("%s exists; use --force to overwrite it"), output);

      print_error (message);
      return 1;
    }

  if (!healing_patch_key_generate (seed, &error) ||
      !healing_patch_key_save (seed, output, &error))
    return fail_with (error);

  healing_patch_key_get_public (seed, public_key);
  memset (seed, 0, sizeof seed);
  keyid = healing_patch_key_get_id (public_key);
  b64 = g_base64_encode (public_key, sizeof public_key);

  g_print ("keyid: %s\npublic: %s\n", keyid, b64);
  return 0;
}

/* ------------------------------------------------------------------------
 * sign
 * ------------------------------------------------------------------------ */

static gboolean
parse_expiry (const char  *text,
              gint64      *expires,
              GError     **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  char *end = NULL;
  gint64 n;

  if (text[0] == '+')
    {
      n = g_ascii_strtoll (text + 1, &end, 10);
      if (end != text + 1 && n > 0 && end[0] != '\0' && end[1] == '\0')
        {
          gint64 unit = end[0] == 'd' ? 86400 : end[0] == 'h' ? 3600 :
                        end[0] == 'm' ? 60 : end[0] == 's' ? 1 : 0;

          if (unit != 0)
            {
              *expires = now + n * unit;
              return TRUE;
            }
        }
    }
  else
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);

      if (when != NULL)
        {
          *expires = g_date_time_to_unix (when);
          return TRUE;
        }

      n = g_ascii_strtoll (text, &end, 10);
      if (end != text && *end == '\0' && n > 0)
        {
          *expires = n;
          return TRUE;
        }
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: %s is what the user gave; do not translate
                * the examples */
               _("Cannot read the expiry “%s”: give +7d, +12h, a Unix time or an ISO 8601 date"),
               text);
  return FALSE;
}

static int
cmd_sign (int    argc,
          char **argv)
{
  g_auto (GStrv) keys = NULL;
  g_autofree char *application = NULL;
  g_autofree char *component = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *ui_path = NULL;
  g_autofree char *css_path = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *root = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_FILENAME_ARRAY, &keys,
      N_("Sign with the secret key in FILE (may be repeated)"), N_("FILE") },
    { "application", 'a', 0, G_OPTION_ARG_STRING, &application,
      N_("The application the patch is for"), N_("ID") },
    { "component", 'C', 0, G_OPTION_ARG_STRING, &component,
      N_("The component the patch replaces"), N_("ID") },
    { "version", 'V', 0, G_OPTION_ARG_STRING, &version_text,
      N_("The version of the patch, higher than the last one"), N_("N") },
    { "expires", 'e', 0, G_OPTION_ARG_STRING, &expires_text,
      N_("When the patch expires (default: +30d)"), N_("WHEN") },
    { "ui", 'u', 0, G_OPTION_ARG_FILENAME, &ui_path,
      N_("The replacement widget, as GtkBuilder XML"), N_("FILE") },
    { "css", 0, 0, G_OPTION_ARG_FILENAME, &css_path,
      N_("CSS for the replacement"), N_("FILE") },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path,
      N_("Initial property values, as JSON"), N_("FILE") },
    { "root", 0, 0, G_OPTION_ARG_STRING, &root,
      N_("The id of the object that replaces the component"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the bundle to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *ui = NULL;
  g_autofree char *css = NULL;
  g_autoptr (JsonNode) state = NULL;
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (GBytes) envelope = NULL;
  g_autoptr (GArray) seeds = NULL;
  GError *error = NULL;
  guint64 version = 0;
  gint64 expires;
  guint i;

  g_option_context_set_summary (context, _("Signs a replacement widget into a patch bundle."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &error))
    return fail_with (error);

  if (keys == NULL || application == NULL || component == NULL || version_text == NULL ||
      ui_path == NULL || output == NULL)
    {
      print_error (_("--key, --application, --component, --version, --ui and --output are required"));
      return 2;
    }

  if (!g_ascii_string_to_unsigned (version_text, 10, 1, G_MAXINT64, &version, &error) ||
      !parse_expiry (expires_text != NULL ? expires_text : "+30d", &expires, &error) ||
      !g_file_get_contents (ui_path, &ui, NULL, &error) ||
      (css_path != NULL && !g_file_get_contents (css_path, &css, NULL, &error)))
    return fail_with (error);

  if (state_path != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_file (parser, state_path, &error))
        return fail_with (error);
      state = json_node_copy (json_parser_get_root (parser));
    }

  seeds = g_array_new (FALSE, TRUE, HEALING_PATCH_KEY_SIZE);
  for (i = 0; keys[i] != NULL; i++)
    {
      guint8 seed[HEALING_PATCH_KEY_SIZE];

      if (!healing_patch_key_load (keys[i], seed, &error))
        return fail_with (error);
      g_array_append_vals (seeds, seed, 1);
      memset (seed, 0, sizeof seed);
    }

  payload = healing_patch_payload_new (application, component, version, expires,
                                       ui, css, state, root);
  envelope = healing_patch_envelope_sign (payload, HEALING_PATCH_PAYLOAD_TYPE,
                                          (const guint8 (*)[HEALING_PATCH_KEY_SIZE]) seeds->data,
                                          seeds->len);
  memset (seeds->data, 0, seeds->len * HEALING_PATCH_KEY_SIZE);

  if (!g_file_set_contents (output, g_bytes_get_data (envelope, NULL),
                            g_bytes_get_size (envelope), &error))
    return fail_with (error);

  return 0;
}

/* ------------------------------------------------------------------------
 * verify
 * ------------------------------------------------------------------------ */

static void
print_bundle (HealingPatchBundle *bundle)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (healing_patch_bundle_get_expires (bundle));
  g_autofree char *expires = when != NULL ? g_date_time_format_iso8601 (when) : g_strdup ("?");
  g_autofree char *signers = g_strjoinv (", ", (char **) healing_patch_bundle_get_signers (bundle));

  /* Translators: what healingctl verify prints about a good patch;
   * 1: a file, 2: an application id, 3: a component id, 4: a version,
   * 5: a date, 6: key ids */
  g_print (_("%1$s: good\n"
             "  application: %2$s\n"
             "  component:   %3$s\n"
             "  version:     %4$s\n"
             "  expires:     %5$s\n"
             "  signed by:   %6$s\n"),
           healing_patch_bundle_get_source (bundle),
           healing_patch_bundle_get_application_id (bundle),
           healing_patch_bundle_get_component_id (bundle),
           healing_patch_num (healing_patch_bundle_get_version (bundle)).s,
           expires, signers);
}

static int
cmd_verify (int    argc,
            char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("BUNDLE…"));
  g_autoptr (HealingPatchTrust) trust = NULL;
  GError *error = NULL;
  int status = 0;
  int i;

  g_option_context_set_summary (context,
                                _("Verifies patch bundles as the application would: size, signatures,\n"
                                  "expiry and application. Exits with 1 if one is refused."));
  g_option_context_add_main_entries (context, trust_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &error))
    return fail_with (error);
  if (argc < 2)
    {
      print_error (_("Name at least one bundle"));
      return 2;
    }

  trust = trust_from_options (&error);
  if (trust == NULL)
    return fail_with (error);

  for (i = 1; i < argc; i++)
    {
      g_autoptr (HealingPatchBundle) bundle = verify_file (trust, argv[i], &error);

      if (bundle == NULL)
        {
          fail_with (error);
          error = NULL;
          status = 1;
          continue;
        }
      print_bundle (bundle);
    }

  return status;
}

/* ------------------------------------------------------------------------
 * publish
 * ------------------------------------------------------------------------ */

static char *
safe_name (const char *component)
{
  GString *name = g_string_new (NULL);
  const char *p;

  for (p = component; *p != '\0'; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');

  return g_string_free (name, FALSE);
}

static int
cmd_publish (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("DIR BUNDLE…"));
  g_autoptr (HealingPatchTrust) trust = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *bundles_dir = NULL;
  g_autofree char *index_path = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;
  int i;

  g_option_context_set_summary (context,
                                _("Writes a static patch feed to DIR: index.json and the bundles,\n"
                                  "which any web server can serve. Only bundles that verify are published."));
  g_option_context_add_main_entries (context, trust_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &error))
    return fail_with (error);
  if (argc < 3)
    {
      print_error (_("Name a folder and at least one bundle"));
      return 2;
    }

  trust = trust_from_options (&error);
  if (trust == NULL)
    return fail_with (error);

  bundles_dir = g_build_filename (argv[1], "bundles", NULL);
  if (g_mkdir_with_parents (bundles_dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message =
        /* Translators: %s are a folder name and a system message */
        g_strdup_printf (_("Could not create the folder %s: %s"), bundles_dir, g_strerror (saved_errno));

      print_error (message);
      return 1;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "patches");
  json_builder_begin_array (builder);

  for (i = 2; i < argc; i++)
    {
      g_autoptr (HealingPatchBundle) bundle = verify_file (trust, argv[i], &error);
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      g_autofree char *relative = NULL;
      g_autofree char *path = NULL;
      g_autofree char *digest = NULL;
      GBytes *bytes;

      if (bundle == NULL)
        return fail_with (error);

      bytes = healing_patch_bundle_get_bytes (bundle);
      name = safe_name (healing_patch_bundle_get_component_id (bundle));
      file = g_strdup_printf ("%s-%" G_GUINT64_FORMAT ".json", name,
                              healing_patch_bundle_get_version (bundle));
      relative = g_strconcat ("bundles/", file, NULL);
      path = g_build_filename (bundles_dir, file, NULL);
      digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

      if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
        return fail_with (error);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "component");
      json_builder_add_string_value (builder, healing_patch_bundle_get_component_id (bundle));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, (gint64) healing_patch_bundle_get_version (bundle));
      json_builder_set_member_name (builder, "expires");
      json_builder_add_int_value (builder, healing_patch_bundle_get_expires (bundle));
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, relative);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, g_bytes_get_size (bytes));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, digest);
      json_builder_end_object (builder);

      /* Translators: 1: a component id, 2: a version, 3: a file name */
      g_print (_("published %1$s version %2$s as %3$s\n"),
               healing_patch_bundle_get_component_id (bundle),
               healing_patch_num (healing_patch_bundle_get_version (bundle)).s, relative);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  index_path = g_build_filename (argv[1], "index.json", NULL);
  /* Written last and atomically: a client never sees an index that names
   * a bundle not yet written. */
  if (!g_file_set_contents (index_path, text, -1, &error))
    return fail_with (error);

  return 0;
}


/* ------------------------------------------------------------------------
 * Live commands, over D-Bus
 * ------------------------------------------------------------------------ */

static char *opt_app;
static char *opt_bus_name;

static const GOptionEntry live_entries[] = {
  { "app", 'A', 0, G_OPTION_ARG_STRING, &opt_app,
    N_("The application to talk to (its id)"), N_("ID") },
  { "bus-name", 0, 0, G_OPTION_ARG_STRING, &opt_bus_name,
    N_("Its bus name, if not its id"), N_("NAME") },
  { NULL }
};

typedef struct
{
  GDBusConnection *connection;
  char *bus_name;
  char *object_path;
} Live;

static void
live_clear (Live *live)
{
  g_clear_object (&live->connection);
  g_clear_pointer (&live->bus_name, g_free);
  g_clear_pointer (&live->object_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Live, live_clear)

static gboolean
live_connect (Live    *live,
              GError **error)
{
  const char *app = opt_app != NULL ? opt_app : g_getenv ("HEALING_APP");
  char *p;

  if (app == NULL || !g_application_id_is_valid (app))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Say which application with --app (a valid application id)"));
      return FALSE;
    }

  live->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (live->connection == NULL)
    return FALSE;

  live->bus_name = g_strdup (opt_bus_name != NULL ? opt_bus_name : app);
  /* GApplication's object path: the id with dots as slashes, dashes as
   * underscores; then /Healing. */
  live->object_path = g_strconcat ("/", app, "/Healing", NULL);
  for (p = live->object_path; *p != '\0'; p++)
    if (*p == '.')
      *p = '/';
    else if (*p == '-')
      *p = '_';

  return TRUE;
}

static GVariant *
live_call (Live        *live,
           const char  *method,
           GVariant    *parameters,
           const char  *reply_type,
           GError     **error)
{
  GVariant *reply;

  reply = g_dbus_connection_call_sync (live->connection, live->bus_name, live->object_path,
                                       HEALING_SERVICE_INTERFACE, method, parameters,
                                       reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, error);
  if (reply == NULL && error != NULL && *error != NULL)
    g_dbus_error_strip_remote_error (*error);

  return reply;
}

static int
live_parse (int              *argc,
            char           ***argv,
            const char       *parameter,
            const char       *summary,
            int               n_args,
            Live             *live)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameter);
  GError *error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, live_entries, GETTEXT_PACKAGE);
  if (!parse (context, argc, argv, &error))
    return fail_with (error);
  if (*argc != n_args + 1)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return 2;
    }
  if (!live_connect (live, &error))
    return fail_with (error);

  return -1;
}

static int
cmd_list (int    argc,
          char **argv)
{
  g_auto (Live) live = { 0, };
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) iter = NULL;
  GError *error = NULL;
  const char *id, *state;
  guint32 faults;
  guint64 patch;
  int status;

  if ((status = live_parse (&argc, &argv, NULL, _("Lists the application's components and their state."),
                            0, &live)) >= 0)
    return status;

  reply = live_call (&live, "ListComponents", NULL, "(a(ssut))", &error);
  if (reply == NULL)
    return fail_with (error);

  g_variant_get (reply, "(a(ssut))", &iter);
  while (g_variant_iter_next (iter, "(&s&sut)", &id, &state, &faults, &patch))
    /* Translators: one line of healingctl list: 1: a component id,
     * 2: a state, 3: a number of faults, 4: a patch version */
    g_print (_("%1$-24s %2$-16s faults: %3$u  patch: %4$s\n"), id, state, faults,
             healing_patch_num (patch).s);

  return 0;
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_auto (Live) live = { 0, };
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) iter = NULL;
  GError *error = NULL;
  const char *key;
  GVariant *value;
  int status;

  if ((status = live_parse (&argc, &argv, _("COMPONENT"), _("Shows the state of a component."),
                            1, &live)) >= 0)
    return status;

  reply = live_call (&live, "GetComponent", g_variant_new ("(s)", argv[1]), "(a{sv})", &error);
  if (reply == NULL)
    return fail_with (error);

  g_variant_get (reply, "(a{sv})", &iter);
  while (g_variant_iter_next (iter, "{&sv}", &key, &value))
    {
      g_autofree char *text = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                              ? g_variant_dup_string (value, NULL)
                              : g_variant_print (value, FALSE);

      g_print ("%-14s %s\n", key, text);
      g_variant_unref (value);
    }

  return 0;
}

static int
cmd_patch (int    argc,
           char **argv)
{
  g_auto (Live) live = { 0, };
  g_autoptr (GVariant) reply = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *component = NULL;
  const GOptionEntry entries[] = {
    { "component", 'C', 0, G_OPTION_ARG_STRING, &component,
      N_("Refuse the bundle unless it is for this component"), N_("ID") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("BUNDLE"));
  GError *error = NULL;
  gsize length;
  guint64 version;

  g_option_context_set_summary (context,
                                _("Sends a signed patch to the running application, which verifies it\n"
                                  "and tries it."));
  g_option_context_add_main_entries (context, live_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &error))
    return fail_with (error);
  if (argc != 2)
    {
      print_error (_("Name one bundle"));
      return 2;
    }
  if (!live_connect (&live, &error) ||
      !g_file_get_contents (argv[1], &contents, &length, &error))
    return fail_with (error);

  reply = live_call (&live, "ApplyPatch",
                     g_variant_new ("(@ays)",
                                    g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, contents, length, 1),
                                    component != NULL ? component : ""),
                     "(t)", &error);
  if (reply == NULL)
    return fail_with (error);

  g_variant_get (reply, "(t)", &version);
  /* Translators: %s is a file name */
  g_print (_("%s: applied as version %s; on trial\n"), argv[1], healing_patch_num (version).s);
  return 0;
}

static int
simple_call (int         argc,
             char      **argv,
             const char *method,
             const char *summary)
{
  g_auto (Live) live = { 0, };
  g_autoptr (GVariant) reply = NULL;
  GError *error = NULL;
  gboolean inject = g_str_equal (method, "InjectFault");
  int status;

  if ((status = live_parse (&argc, &argv, inject ? _("COMPONENT KIND") : _("COMPONENT"),
                            summary, inject ? 2 : 1, &live)) >= 0)
    return status;

  reply = live_call (&live, method,
                     inject ? g_variant_new ("(ss)", argv[1], argv[2]) : g_variant_new ("(s)", argv[1]),
                     "()", &error);
  if (reply == NULL)
    return fail_with (error);

  return 0;
}

static int
cmd_trip (int argc, char **argv)
{
  return simple_call (argc, argv, "Trip", _("Forces a component's circuit breaker open."));
}

static int
cmd_reset (int argc, char **argv)
{
  return simple_call (argc, argv, "Reset", _("Closes a component's breaker and runs it again."));
}

static int
cmd_restore (int argc, char **argv)
{
  return simple_call (argc, argv, "Restore", _("Sets a component's newest good checkpoint back."));
}

static int
cmd_inject (int argc, char **argv)
{
  return simple_call (argc, argv, "InjectFault",
                      _("Raises a real fault in a component (crash, critical, warning, hang or\n"
                        "error), if the application allows it."));
}

typedef struct
{
  GMainLoop *loop;
  int remaining;
} Watch;

static void
signal_cb (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *interface,
           const char      *name,
           GVariant        *parameters,
           gpointer         data)
{
  Watch *watch = data;
  const char *a, *b, *c;

  if (g_str_equal (name, "Fault") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sss)")))
    {
      g_variant_get (parameters, "(&s&s&s)", &a, &b, &c);
      /* Translators: a line of healingctl watch: 1: a component, 2: a kind
       * of fault, 3: its message */
      g_print (_("fault  %1$s: %2$s: %3$s\n"), a, b, c);
    }
  else if (g_str_equal (name, "StateChanged") && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ss)")))
    {
      g_variant_get (parameters, "(&s&s)", &a, &b);
      /* Translators: a line of healingctl watch: 1: a component, 2: a state */
      g_print (_("state  %1$s: %2$s\n"), a, b);
    }
  else
    return;

  if (watch->remaining > 0 && --watch->remaining == 0)
    g_main_loop_quit (watch->loop);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
cmd_watch (int    argc,
           char **argv)
{
  g_auto (Live) live = { 0, };
  int count = 0;
  int timeout = 0;
  const GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count,
      N_("Stop after N events"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Stop after S seconds"), N_("S") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GError *error = NULL;
  Watch watch;
  guint id;

  g_option_context_set_summary (context, _("Follows the application's faults and state changes live."));
  g_option_context_add_main_entries (context, live_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &error))
    return fail_with (error);
  if (!live_connect (&live, &error))
    return fail_with (error);

  watch.loop = loop;
  watch.remaining = count;
  id = g_dbus_connection_signal_subscribe (live.connection, live.bus_name, HEALING_SERVICE_INTERFACE,
                                           NULL, live.object_path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                           signal_cb, &watch, NULL);
  if (timeout > 0)
    g_timeout_add_seconds (timeout, quit_cb, loop);

  /* A round trip to the bus: once it returns, the bus has the match rule
   * the subscription sent before it. */
  g_clear_pointer (&error, g_error_free);
  {
    g_autoptr (GVariant) id_reply =
      g_dbus_connection_call_sync (live.connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus", "GetId", NULL, NULL,
                                   G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
    if (id_reply == NULL)
      return fail_with (error);
  }

  /* Subscribed: say so, for scripts that wait for it. */
  g_print ("watching\n");
  g_main_loop_run (loop);
  g_dbus_connection_signal_unsubscribe (live.connection, id);

  return 0;
}

/* ------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------ */

static const struct {
  const char *name;
  CommandFunc func;
  const char *description;
} commands[] = {
  { "keygen", cmd_keygen, N_("Create a key for signing patches") },
  { "sign", cmd_sign, N_("Sign a replacement widget into a patch bundle") },
  { "verify", cmd_verify, N_("Verify patch bundles as an application would") },
  { "publish", cmd_publish, N_("Write a static patch feed for a web server") },
  { "list", cmd_list, N_("List a running application's components") },
  { "show", cmd_show, N_("Show the state of a component") },
  { "patch", cmd_patch, N_("Send a signed patch to a running application") },
  { "trip", cmd_trip, N_("Force a component's circuit breaker open") },
  { "reset", cmd_reset, N_("Reset a component") },
  { "restore", cmd_restore, N_("Restore a component's last good checkpoint") },
  { "inject", cmd_inject, N_("Inject a fault into a component") },
  { "watch", cmd_watch, N_("Follow faults and state changes live") },
};

static void
usage (void)
{
  gsize i;

  g_print ("%s\n  healingctl %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].description));
  g_print ("\n%s\n", _("Run “healingctl COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *prgname = NULL;
  gsize i;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Patch errors come back over D-Bus with their codes. */
  g_type_class_unref (g_type_class_ref (HEALING_TYPE_SERVICE));

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      usage ();
      return argc < 2 ? 2 : 0;
    }

  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        prgname = g_strconcat ("healingctl ", commands[i].name, NULL);
        g_set_prgname (prgname);
        return commands[i].func (argc - 1, argv + 1);
      }

  {
    g_autofree char *message =
      /* Translators: %s is what the user typed */
      g_strdup_printf (_("Unknown command “%s”"), argv[1]);

    print_error (message);
    usage ();
  }
  return 2;
}
