/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The limits and checks the policy loader applies before json-glib sees a
 * text (healing-json-limits.c), and the locator that shares its scanner.
 * Every case of issue 14 that concerns the loader is here. Runs with
 * G_DEBUG=fatal-warnings,fatal-criticals (tests/meson.build). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "healing.h"
#include "healing-json-limits-private.h"
#include "healing-json-locate-private.h"
#include "healing-test-utils.h"

static char *tmpdir;

static char *
write_file (const char *name,
            const char *text,
            gssize      length)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  GError *error = NULL;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);

  return path;
}

/* "{"healing":" + n × "[" + n × "]" + "}" */
static char *
deep_text (guint n)
{
  GString *s = g_string_new ("{\"healing\":");
  guint i;

  for (i = 0; i < n; i++)
    g_string_append_c (s, '[');
  for (i = 0; i < n; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');

  return g_string_free (s, FALSE);
}

/* Loads @text and checks the error: code, and that the message starts with
 * "<data>:" + @where and contains @detail. The policy in force stays. */
static void
assert_refused (const char         *text,
                gssize              length,
                HealingPolicyError  code,
                const char         *where,
                const char         *detail)
{
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;
  char *prefix = g_strconcat ("<data>:", where, NULL);

  healing_policy_set_breaker_threshold (policy, 9);
  g_assert_false (healing_policy_load_from_data (policy, text, length, NULL, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 600);
  if (!g_str_has_prefix (error->message, prefix))
    {
      g_test_message ("MISMATCH “%s” does not start with “%s”", error->message, prefix);
      g_test_fail ();
    }
  if (detail != NULL && strstr (error->message, detail) == NULL)
    {
      g_test_message ("MISMATCH “%s” does not contain “%s”", error->message, detail);
      g_test_fail ();
    }
  g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 9);

  g_clear_error (&error);
  g_free (prefix);
  g_assert_finalize_object (policy);
}

static void
assert_loads (const char *text)
{
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;

  healing_policy_load_from_data (policy, text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (policy);
}

static void
test_deep_nesting (void)
{
  /* 100,000 levels overflow json-glib's recursive parser: refused first. */
  char *text = deep_text (100000);

  assert_refused (text, -1, HEALING_POLICY_ERROR_LIMIT, "1:43: healing[0]", "deeper than the limit of 32");
  g_free (text);

  /* Within the limit, json-glib decides (an array is not a section). */
  text = deep_text (20);
  assert_refused (text, -1, HEALING_POLICY_ERROR_WRONG_TYPE, "1:12: healing: ", "expected an object");
  g_free (text);
}

static void
test_integers (void)
{
  /* json-glib 1.6 loads this as 7. */
  assert_refused ("{\"healing\":{\"circuit-breaker\":{\"threshold\": -18446744073709551609}}}", -1,
                  HEALING_POLICY_ERROR_OUT_OF_RANGE,
                  "1:45: healing.circuit-breaker.threshold: ", "got -18446744073709551609");
  /* 2^63, which json-glib reports as -9223372036854775808. */
  assert_refused ("{\"healing\":{\"circuit-breaker\":{\"threshold\": 9223372036854775808}}}", -1,
                  HEALING_POLICY_ERROR_OUT_OF_RANGE,
                  "1:45: healing.circuit-breaker.threshold: ", "got 9223372036854775808");
  /* 2^32 + 1 is in range for the scan, not for the setting. */
  assert_refused ("{\"healing\":{\"circuit-breaker\":{\"threshold\": 4294967297}}}", -1,
                  HEALING_POLICY_ERROR_OUT_OF_RANGE,
                  "1:45: healing.circuit-breaker.threshold: ", "got 4294967297");
  /* A literal of 5,000 digits is abbreviated in the message. */
  {
    GString *s = g_string_new ("{\"healing\":{\"retry\":{\"max-attempts\": ");
    guint i;

    for (i = 0; i < 4000; i++)
      g_string_append_c (s, '9');
    g_string_append (s, "}}}");
    assert_refused (s->str, -1, HEALING_POLICY_ERROR_OUT_OF_RANGE,
                    "1:38: healing.retry.max-attempts: ", "got 999999999999999999999999…");
    g_string_free (s, TRUE);
  }
  /* Octal in json-glib: 010 would be 8. */
  assert_refused ("{\"healing\":{\"retry\":{\"max-attempts\": 010}}}", -1,
                  HEALING_POLICY_ERROR_SYNTAX, "1:38: healing.retry.max-attempts: ", "octal");
  assert_refused ("{\"healing\":{\"retry\":{\"max-attempts\": 0x10}}}", -1,
                  HEALING_POLICY_ERROR_SYNTAX, "1:39: healing.retry.max-attempts: ", NULL);
  assert_refused ("{\"healing\":{\"retry\":{\"multiplier\": 1e400}}}", -1,
                  HEALING_POLICY_ERROR_OUT_OF_RANGE, "1:36: healing.retry.multiplier: ", "too large");
}

static void
test_documents (void)
{
  /* json-glib ignores a second document. */
  assert_refused ("{\"healing\":{}}\n{\"healing\":{\"enabled\":false}}", -1,
                  HEALING_POLICY_ERROR_SYNTAX, "2:1: (root): ", "after the end of the document");
  assert_refused ("var config = {\"healing\":{}};", -1, HEALING_POLICY_ERROR_SYNTAX, "1:1: ", NULL);
  assert_refused ("{\"healing\":{}} // trailing", -1, HEALING_POLICY_ERROR_SYNTAX, "1:16: ", "comments");
  assert_refused ("{\"healing\":{/* a/b */}}", -1, HEALING_POLICY_ERROR_SYNTAX, "1:17: healing: ", "cannot contain");
  assert_refused ("  \n /* only a comment */ ", -1, HEALING_POLICY_ERROR_SYNTAX, "1:1: ", "empty");
  assert_refused ("{\"healing\":{\"enabled\":true,}}", -1, HEALING_POLICY_ERROR_SYNTAX, "1:28: healing: ", NULL);
  assert_refused ("{\"healing\":{\"enabled\":tru}}", -1, HEALING_POLICY_ERROR_SYNTAX, "1:23: healing.enabled: ", NULL);
  assert_refused ("{\"healing\":{\"enabled\":true", -1, HEALING_POLICY_ERROR_SYNTAX, "1:27: healing.enabled: ", "end of the text");

  /* What json-glib reads the same way is accepted. */
  assert_loads ("/* comment */ {\"healing\": /* here too */ {'enabled': false}}");
  assert_loads ("\xEF\xBB\xBF{\"healing\": {}}");
}

static void
test_keys (void)
{
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;

  /* Single-quoted keys take part in the duplicate check. */
  assert_refused ("{'healing': {'enabled': true, \"enabled\": false}}", -1,
                  HEALING_POLICY_ERROR_DUPLICATE_KEY, "1:31: healing.enabled: ", "twice");
  /* Escapes are resolved before comparing, as json-glib does. */
  assert_refused ("{\"healing\": {\"enabled\": true, \"\\u0065nabled\": false}}", -1,
                  HEALING_POLICY_ERROR_DUPLICATE_KEY, "1:31: healing.enabled: ", NULL);

  /* Component ids with dots are not confused with nested keys. */
  g_assert_true (healing_policy_load_from_data (policy,
                                                "{\"healing\": {\"components\": {"
                                                "\"a.enabled\": {\"enabled\": false},"
                                                "\"a\": {\"enabled\": true}}}}",
                                                -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (policy);

  /* And are located by a quoted path. */
  assert_refused ("{\"healing\": {\"components\": {\"x.y\": {\"enabled\": 1}}}}", -1,
                  HEALING_POLICY_ERROR_WRONG_TYPE, "1:48: healing.components[\"x.y\"].enabled: ", NULL);
  assert_refused ("{\"healing\": {\"components\": {\"\": {\"enabled\": 1}}}}", -1,
                  HEALING_POLICY_ERROR_WRONG_TYPE, "1:45: healing.components[\"\"].enabled: ", NULL);
}

static void
test_encoding (void)
{
  /* Bytes that are not UTF-8: refused with a position, in a UTF-8 message. */
  assert_refused ("{\"healing\": {\n  \"components\": {\"\xff\xfe\": {}}}}", -1,
                  HEALING_POLICY_ERROR_ENCODING, "2:19: ", "0xFF");
  assert_refused ("{\"healing\": {\"components\": {\"\\ud800\": {}}}}", -1,
                  HEALING_POLICY_ERROR_ENCODING, "1:30: healing.components: ", "surrogate");
  assert_refused ("{\"healing\": {\"components\": {\"\\udc00x\": {}}}}", -1,
                  HEALING_POLICY_ERROR_ENCODING, "1:30: healing.components: ", "surrogate");
  assert_refused ("{\"healing\": {\"components\": {\"a\\u0000b\": {}}}}", -1,
                  HEALING_POLICY_ERROR_ENCODING, "1:31: healing.components: ", NULL);
  /* json-glib turns "\377" into a byte that is not UTF-8. */
  assert_refused ("{\"healing\": {\"components\": {\"\\377\": {}}}}", -1,
                  HEALING_POLICY_ERROR_SYNTAX, "1:30: healing.components: ", "escape");
  assert_refused ("{\"healing\": {}}\0{}", 18, HEALING_POLICY_ERROR_ENCODING, "1:16: ", "NUL");

  /* A source name that is not UTF-8 does not spoil the message. */
  {
    HealingPolicy *policy = healing_policy_new ();
    GError *error = NULL;

    g_assert_false (healing_policy_load_from_data (policy, "[]", -1, "conf\xff.json", &error));
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
    g_assert_true (g_str_has_prefix (error->message, "conf\xef\xbf\xbd.json:1:1: "));
    g_clear_error (&error);
    g_assert_finalize_object (policy);
  }
}

static void
test_sizes (void)
{
  GString *s;
  guint i;

  /* A string beyond 4 kB, never echoed whole. */
  s = g_string_new ("{\"healing\": {\"enabled\": \"");
  for (i = 0; i < 100000; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"}}");
  assert_refused (s->str, -1, HEALING_POLICY_ERROR_LIMIT, "1:25: healing.enabled: ", "string longer");
  g_string_free (s, TRUE);

  /* A string within the limit is abbreviated in the message. */
  s = g_string_new ("{\"healing\": {\"enabled\": \"");
  for (i = 0; i < 4000; i++)
    g_string_append (s, "é");
  g_string_append (s, "\"}}");
  s->str[s->len - 3] = '"';
  assert_refused (s->str, -1, HEALING_POLICY_ERROR_LIMIT, "1:25: ", NULL);
  g_string_free (s, TRUE);

  s = g_string_new ("{\"healing\": {\"enabled\": \"");
  for (i = 0; i < 1000; i++)
    g_string_append (s, "é");
  g_string_append (s, "\"}}");
  assert_refused (s->str, -1, HEALING_POLICY_ERROR_WRONG_TYPE, "1:25: healing.enabled: ", "éééé…\"");
  g_string_free (s, TRUE);

  /* More components than a policy should hold: refused before any is built. */
  s = g_string_new ("{\"healing\": {\"components\": {");
  for (i = 0; i < 1001; i++)
    g_string_append_printf (s, "%s\"c%u\": {}", i > 0 ? "," : "", i);
  g_string_append (s, "}}}");
  assert_refused (s->str, -1, HEALING_POLICY_ERROR_LIMIT, "1:", "healing.components.c1000: more than 1000");
  g_string_free (s, TRUE);

  /* An escalation chain of 33 steps. */
  s = g_string_new ("{\"healing\": {\"components\": {\"A\": {\"escalation\": [");
  for (i = 0; i < 33; i++)
    g_string_append_printf (s, "%s\"retry\"", i > 0 ? "," : "");
  g_string_append (s, "]}}}}");
  assert_refused (s->str, -1, HEALING_POLICY_ERROR_LIMIT, "1:", "healing.components.A.escalation[32]: more than 32");
  g_string_free (s, TRUE);

  /* Too many values. */
  s = g_string_new ("{\"healing\": {\"x\": [");
  for (i = 0; i < 100001; i++)
    g_string_append (s, i > 0 ? ",0" : "0");
  g_string_append (s, "]}}");
  assert_refused (s->str, -1, HEALING_POLICY_ERROR_LIMIT, "1:", "more than 100000 values");
  g_string_free (s, TRUE);
}

static void
test_files (void)
{
  HealingPolicy *policy = healing_policy_new ();
  GError *error = NULL;
  char *fifo = g_build_filename (tmpdir, "fifo.json", NULL);
  char *big;
  char *text;

  /* A FIFO would block open () for ever without a writer. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (healing_policy_load_from_file (policy, fifo, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  /* A device. */
  g_assert_false (healing_policy_load_from_file (policy, "/dev/zero", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  /* A directory. */
  g_assert_false (healing_policy_load_from_file (policy, tmpdir, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);

  /* A file beyond 1 MB is not read whole. */
  text = g_malloc (3 * 1024 * 1024);
  memset (text, ' ', 3 * 1024 * 1024);
  memcpy (text, "{\"healing\": {}}", 15);
  big = write_file ("big.json", text, 3 * 1024 * 1024);
  g_assert_false (healing_policy_load_from_file (policy, big, &error));
  g_assert_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, ":1:1: (root): the text is larger than the limit of 1.0"));
  g_clear_error (&error);

  g_unlink (big);
  g_unlink (fifo);
  g_free (text);
  g_free (big);
  g_free (fifo);
  g_assert_finalize_object (policy);
}

typedef struct
{
  int changed;
  int failed;
  GError *error;
} ReloadState;

static void
changed_cb (HealingPolicy *policy,
            ReloadState   *state)
{
  state->changed++;
}

static void
failed_cb (HealingPolicy *policy,
           GError        *error,
           ReloadState   *state)
{
  state->failed++;
  g_clear_error (&state->error);
  state->error = g_error_copy (error);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
wait_for (int *counter,
          int  target)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("the file monitor did not fire within 10 s");
  g_source_remove (id);
}

/* The live reload of a hostile file keeps the policy in force and reports
 * it, rather than crashing the application. */
static void
test_live_reload (void)
{
  HealingPolicy *policy = healing_policy_new ();
  ReloadState state = { 0, };
  GError *error = NULL;
  char *path, *deep;

  path = write_file ("live.json", "{\"healing\": {\"circuit-breaker\": {\"threshold\": 4}}}", -1);
  g_signal_connect (policy, "changed", G_CALLBACK (changed_cb), &state);
  g_signal_connect (policy, "load-failed", G_CALLBACK (failed_cb), &state);
  g_assert_true (healing_policy_watch_file (policy, path, &error));
  g_assert_no_error (error);

  deep = deep_text (100000);
  g_free (write_file ("live.json", deep, -1));
  wait_for (&state.failed, 1);
  g_assert_error (state.error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_LIMIT);

  g_free (write_file ("live.json", "{\"healing\": {\"circuit-breaker\": {\"threshold\": -18446744073709551609}}}", -1));
  wait_for (&state.failed, 2);
  g_assert_error (state.error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_OUT_OF_RANGE);
  g_assert_cmpuint (healing_policy_get_breaker_threshold (policy), ==, 4);
  /* Refused twice, and GLib's logging is not stuck. */
  healing_test_assert_logging_works ();

  healing_policy_stop_watching (policy);
  g_clear_error (&state.error);
  g_assert_finalize_object (policy);
  g_unlink (path);
  g_free (deep);
  g_free (path);
}

static void
test_locator (void)
{
  static const char text[] =
    "{\n"
    "  'a.b': { \"c\": [1, {\"d\": true}] },\n"
    "  \"a\": { \"b\": { \"c\": \"x\" } },\n"
    "  \"q\\\"k\": null\n"
    "}";
  HealingJsonLocator *locator = healing_json_locator_new (text, strlen (text));
  const HealingJsonLocation *location;
  HealingJsonProblem problem;
  static const HealingJsonLimits limits = { 1 << 20, 16, 1024, 1000, NULL };

  g_assert_true (healing_json_check (text, strlen (text), &limits, &problem));

  location = healing_json_locator_lookup (locator, "[\"a.b\"].c[1].d");
  g_assert_nonnull (location);
  g_assert_cmpuint (location->line, ==, 2);
  g_assert_cmpuint (location->column, ==, 27);
  g_assert_cmpuint (location->key_line, ==, 2);
  g_assert_cmpuint (location->key_column, ==, 22);

  location = healing_json_locator_lookup (locator, "a.b.c");
  g_assert_nonnull (location);
  g_assert_cmpuint (location->line, ==, 3);
  g_assert_cmpuint (location->column, ==, 22);

  location = healing_json_locator_lookup (locator, "[\"q\\\"k\"]");
  g_assert_nonnull (location);
  g_assert_cmpuint (location->line, ==, 4);
  g_assert_cmpuint (location->key_column, ==, 3);

  location = healing_json_locator_lookup (locator, "");
  g_assert_nonnull (location);
  g_assert_cmpuint (location->line, ==, 1);

  g_assert_null (healing_json_locator_lookup (locator, "a.b.d"));
  g_assert_null (healing_json_locator_lookup (locator, "[\"a.b\"].c[2]"));

  healing_json_locator_free (locator);
}

/* The locator keeps memory in the depth, not in the number of values:
 * 20,000 levels within a 40 kB text (the issue: 1.2 GB before). */
static void
test_locator_memory (void)
{
  GString *s = g_string_new (NULL);
  HealingJsonLocator *locator;
  guint i;

  for (i = 0; i < 20000; i++)
    g_string_append (s, "{\"k\":");
  g_string_append (s, "0");
  for (i = 0; i < 20000; i++)
    g_string_append_c (s, '}');

  locator = healing_json_locator_new (s->str, s->len);
  g_assert_null (healing_json_locator_lookup (locator, "k.k.x"));
  g_assert_nonnull (healing_json_locator_lookup (locator, "k.k.k"));
  healing_json_locator_free (locator);
  g_string_free (s, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  GError *error = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("test-json-limits-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/JsonLimits/deep-nesting", test_deep_nesting);
  g_test_add_func ("/Healing/JsonLimits/integers", test_integers);
  g_test_add_func ("/Healing/JsonLimits/documents", test_documents);
  g_test_add_func ("/Healing/JsonLimits/keys", test_keys);
  g_test_add_func ("/Healing/JsonLimits/encoding", test_encoding);
  g_test_add_func ("/Healing/JsonLimits/sizes", test_sizes);
  g_test_add_func ("/Healing/JsonLimits/files", test_files);
  g_test_add_func ("/Healing/JsonLimits/live-reload", test_live_reload);
  g_test_add_func ("/Healing/JsonLimits/locator", test_locator);
  g_test_add_func ("/Healing/JsonLimits/locator-memory", test_locator_memory);

  ret = g_test_run ();

  g_rmdir (tmpdir);
  g_free (tmpdir);

  return ret;
}
