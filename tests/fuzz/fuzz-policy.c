/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libFuzzer target: the policy loader, and the agreement of its pre-scan
 * and locator with json-glib.
 *
 * Properties checked on every input, beyond "no crash, no leak, no hang":
 * - a text the pre-scan accepts, json-glib parses (the pre-scan accepts a
 *   subset of json-glib's language, never more);
 * - every value of json-glib's tree is found by the locator at its key
 *   path (the locator agrees with the parser);
 * - an error message is valid UTF-8 and bounded, and names a position;
 * - a refused text leaves the policy in force. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "healing.h"
#include "healing-json-limits-private.h"
#include "healing-fuzz.h"

static const HealingJsonLimits limits = {
  .max_size = 1024 * 1024,
  .max_depth = 32,
  .max_string = 4096,
  .max_values = 100000,
  .counts = NULL,
};

static void
check_located (const char *text,
               gsize       length,
               JsonNode   *node,
               GString    *path)
{
  HealingJsonLocation location;
  gsize saved = path->len;

  if (!healing_json_locate (text, length, path->str, &location))
    {
      g_printerr ("the locator cannot find “%s”\n", path->str);
      abort ();
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      GList *members = json_object_get_members (object), *l;

      for (l = members; l != NULL; l = l->next)
        {
          healing_json_path_append (path, l->data);
          check_located (text, length, json_object_get_member (object, l->data), path);
          g_string_truncate (path, saved);
        }
      g_list_free (members);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint i;

      /* Each lookup rescans the text: keep the work per input bounded. */
      for (i = 0; i < MIN (json_array_get_length (array), 64); i++)
        {
          healing_json_path_append_index (path, i);
          check_located (text, length, json_array_get_element (array, i), path);
          g_string_truncate (path, saved);
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  HealingJsonProblem problem;
  HealingPolicy *policy;
  GError *error = NULL;

  healing_fuzz_init ();

  if (healing_json_check (text, size, &limits, &problem))
    {
      JsonParser *parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, text, size, &error))
        {
          g_printerr ("the pre-scan accepted what json-glib refuses: %s\n", error->message);
          abort ();
        }
      if (size < 65536)
        {
          GString *path = g_string_new (NULL);

          check_located (text, size, json_parser_get_root (parser), path);
          g_string_free (path, TRUE);
        }
      g_object_unref (parser);
    }
  else
    {
      g_assert (problem.line >= 1 && problem.column >= 1);
      g_assert (g_utf8_validate (problem.message, -1, NULL));
      g_assert (g_utf8_validate (problem.path, -1, NULL));
      healing_json_problem_clear (&problem);
    }

  policy = healing_policy_new ();
  healing_policy_set_retry_max_attempts (policy, 7);
  if (!healing_policy_load_from_data (policy, text, size, "fuzz.json", &error))
    {
      g_assert (error->domain == HEALING_POLICY_ERROR);
      g_assert (g_str_has_prefix (error->message, "fuzz.json:"));
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strlen (error->message) < 1024);
      g_assert (healing_policy_get_retry_max_attempts (policy) == 7);
      g_clear_error (&error);
    }
  g_object_unref (policy);

  return 0;
}
