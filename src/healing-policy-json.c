/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Where a policy comes from: JSON read within limits (healing-json-limits.c)
 * into a staging policy, errors and warnings positioned by file, line,
 * column and key path (healing-json-locate.c), put in force all at once
 * (healing_policy_take_config ()) or not at all; the configuration files of
 * an application, found and layered; and the file monitors that reload
 * them. The format is documented with the class (healing-policy.c).
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "healing-policy-private.h"
#include "healing-enums.h"
#include "healing-json-limits-private.h"
#include "healing-json-locate-private.h"
#include "healing-patch-private.h"

/**
 * healing_policy_new_from_file:
 * @path: (type filename): a JSON file
 * @error: return location for an error
 *
 * Creates a policy from a JSON file. See [method@Policy.load_from_file].
 *
 * Returns: (transfer full) (nullable): a new policy, or `NULL` on error
 */
HealingPolicy *
healing_policy_new_from_file (const char  *path,
                              GError     **error)
{
  HealingPolicy *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = healing_policy_new ();
  if (!healing_policy_load_from_file (self, path, error))
    g_clear_object (&self);

  return self;
}

/* ------------------------------------------------------------------------
 * JSON
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char *source;
  HealingJsonLocator *locator;
  HealingPolicy *global;
  GError **error;
} Loader;

typedef struct
{
  const char *key;
  guint prop;
} Field;

static const Field retry_fields[] = {
  { "max-attempts", HEALING_POLICY_PROP_RETRY_MAX_ATTEMPTS },
  { "initial-delay-ms", HEALING_POLICY_PROP_RETRY_INITIAL_DELAY },
  { "multiplier", HEALING_POLICY_PROP_RETRY_MULTIPLIER },
  { "max-delay-ms", HEALING_POLICY_PROP_RETRY_MAX_DELAY },
  { "jitter", HEALING_POLICY_PROP_RETRY_JITTER },
};

static const Field breaker_fields[] = {
  { "mode", HEALING_POLICY_PROP_BREAKER_MODE },
  { "threshold", HEALING_POLICY_PROP_BREAKER_THRESHOLD },
  { "window-ms", HEALING_POLICY_PROP_BREAKER_WINDOW },
  { "open-timeout-ms", HEALING_POLICY_PROP_BREAKER_OPEN_TIMEOUT },
  { "backoff-multiplier", HEALING_POLICY_PROP_BREAKER_BACKOFF_MULTIPLIER },
  { "max-open-timeout-ms", HEALING_POLICY_PROP_BREAKER_MAX_OPEN_TIMEOUT },
  { "half-open-trials", HEALING_POLICY_PROP_BREAKER_HALF_OPEN_TRIALS },
  { "failure-rate-threshold", HEALING_POLICY_PROP_BREAKER_FAILURE_RATE_THRESHOLD },
  { "slow-call-rate-threshold", HEALING_POLICY_PROP_BREAKER_SLOW_CALL_RATE_THRESHOLD },
  { "slow-call-duration-ms", HEALING_POLICY_PROP_BREAKER_SLOW_CALL_DURATION },
  { "window-size", HEALING_POLICY_PROP_BREAKER_WINDOW_SIZE },
  { "minimum-calls", HEALING_POLICY_PROP_BREAKER_MINIMUM_CALLS },
  { "max-half-open-wait-ms", HEALING_POLICY_PROP_BREAKER_MAX_HALF_OPEN_WAIT },
  { "metrics-only", HEALING_POLICY_PROP_BREAKER_METRICS_ONLY },
};

static const char * const section_keys = "enabled, strategies, retry, circuit-breaker, escalation, predict, isolate-probability";

/* The limits of the loader, checked before json-glib sees the text
 * (healing-json-limits-private.h), and documented in the README. A component costs
 * a policy object (about 2 kB), hence the bound on components. */
static const HealingJsonCountLimit policy_counts[] = {
  { "healing.components", 1000 },
  { "healing.classes", 1000 },
  { "healing.escalation", 32 },
  { "healing.components.*.escalation", 32 },
  { NULL, 0 },
};

static const HealingJsonLimits policy_limits = {
  .max_size = 1024 * 1024,
  .max_depth = 32,
  .max_string = 4096,
  .max_values = 100000,
  .counts = policy_counts,
};

static void
report (Loader             *loader,
        HealingPolicyError  code,
        const char         *path,
        guint               line,
        guint               column,
        const char         *detail)
{
  /* A path may hold long keys: keep the message readable. */
  char *shown = healing_json_abbreviate (path, -1, 256);

  g_set_error (loader->error, HEALING_POLICY_ERROR, code,
               "%s:%u:%u: %s: %s",
               loader->source, line, column,
               shown[0] != '\0' ? shown : "(root)",
               detail);
  g_free (shown);
}

static gboolean fail (Loader             *loader,
                      HealingPolicyError  code,
                      const char         *path,
                      gboolean            at_key,
                      const char         *format,
                      ...) G_GNUC_PRINTF (5, 6);

/* Always returns FALSE, for `return fail (…)`. */
static gboolean
fail (Loader             *loader,
      HealingPolicyError  code,
      const char         *path,
      gboolean            at_key,
      const char         *format,
      ...)
{
  const HealingJsonLocation *location = healing_json_locator_lookup (loader->locator, path);
  guint line = 1, column = 1;
  va_list args;
  char *detail;

  if (location != NULL)
    {
      line = at_key ? location->key_line : location->line;
      column = at_key ? location->key_column : location->column;
    }

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  report (loader, code, path, line, column, detail);
  g_free (detail);

  return FALSE;
}

/* The value of @node for an error message: "-1", "\"x\"", "an object". */
static char *
describe (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      /* Translators: what a configuration has instead of the expected
       * value, as in "expected a number, got an object" */
      return g_strdup (_("an object"));
    case JSON_NODE_ARRAY:
      /* Translators: as in "expected a number, got an array" */
      return g_strdup (_("an array"));
    case JSON_NODE_NULL:
      return g_strdup ("null");
    case JSON_NODE_VALUE:
    default:
      /* Quote at most 64 bytes of a string: the value may be megabytes. */
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          char *shown = healing_json_abbreviate (json_node_get_string (node), -1, 64);
          JsonNode *short_node = json_node_init_string (json_node_alloc (), shown);
          char *text = json_to_string (short_node, FALSE);

          json_node_unref (short_node);
          g_free (shown);
          return text;
        }
      return json_to_string (node, FALSE);
    }
}

/* Keys that hold dots or brackets are quoted: healing.components["a.b"]. */
static char *
join_path (const char *parent,
           const char *key)
{
  GString *path = g_string_new (parent);

  healing_json_path_append (path, key);

  return g_string_free (path, FALSE);
}

static gboolean
read_field (Loader        *loader,
            HealingPolicy *target,
            JsonNode      *node,
            const char    *path,
            guint          prop)
{
  GParamSpec *pspec = healing_policy_get_pspec (prop);
  char *got = describe (node);
  gboolean holds_value = JSON_NODE_HOLDS_VALUE (node);
  GType value_type = holds_value ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gboolean ok = FALSE;

  if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      GParamSpecUInt *uspec = G_PARAM_SPEC_UINT (pspec);
      gint64 v;

      if (value_type != G_TYPE_INT64 ||
          (v = json_node_get_int (node)) < uspec->minimum)
        {
          HealingPolicyError code = value_type == G_TYPE_INT64 ? HEALING_POLICY_ERROR_OUT_OF_RANGE
                                                               : HEALING_POLICY_ERROR_WRONG_TYPE;

          if (uspec->minimum > 0)
            /* Translators: an error in a configuration file */
            fail (loader, code, path, FALSE, _("expected a positive integer, got %s"), got);
          else
            /* Translators: an error in a configuration file */
            fail (loader, code, path, FALSE, _("expected a non-negative integer, got %s"), got);
        }
      else if (v > uspec->maximum)
        {
          fail (loader, HEALING_POLICY_ERROR_OUT_OF_RANGE, path, FALSE,
                /* Translators: an error in a configuration file */
                _("expected an integer from %u to %u, got %s"),
                uspec->minimum, uspec->maximum, got);
        }
      else
        {
          g_object_set (target, pspec->name, (guint) v, NULL);
          ok = TRUE;
        }
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      GParamSpecDouble *dspec = G_PARAM_SPEC_DOUBLE (pspec);
      double v;

      if (value_type != G_TYPE_INT64 && value_type != G_TYPE_DOUBLE)
        {
          fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
                /* Translators: an error in a configuration file */
                _("expected a number, got %s"), got);
        }
      else if ((v = json_node_get_double (node)) < dspec->minimum ||
               v > dspec->maximum)
        {
          fail (loader, HEALING_POLICY_ERROR_OUT_OF_RANGE, path, FALSE,
                /* Translators: an error in a configuration file */
                _("expected a number from %g to %g, got %s"),
                dspec->minimum, dspec->maximum, got);
        }
      else
        {
          g_object_set (target, pspec->name, v, NULL);
          ok = TRUE;
        }
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      GEnumValue *value = NULL;

      if (value_type != G_TYPE_STRING)
        fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
              /* Translators: an error in a configuration file */
              _("expected a string, got %s"), got);
      else if ((value = g_enum_get_value_by_nick (klass, json_node_get_string (node))) == NULL)
        {
          GString *nicks = g_string_new (NULL);
          guint i;

          for (i = 0; i < klass->n_values; i++)
            g_string_append_printf (nicks, "%s\"%s\"", i > 0 ? ", " : "", klass->values[i].value_nick);
          fail (loader, HEALING_POLICY_ERROR_INVALID_VALUE, path, FALSE,
                /* Translators: an error in a configuration file; %s is a
                 * list of the values allowed, which are not translated */
                _("expected one of %1$s, got %2$s"), nicks->str, got);
          g_string_free (nicks, TRUE);
        }
      else
        {
          g_object_set (target, pspec->name, value->value, NULL);
          ok = TRUE;
        }
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      if (value_type != G_TYPE_BOOLEAN)
        fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
              _("expected true or false, got %s"), got);
      else
        {
          g_object_set (target, pspec->name, json_node_get_boolean (node), NULL);
          ok = TRUE;
        }
    }
  else
    {
      g_assert_not_reached ();
    }

  g_free (got);

  return ok;
}

static gboolean
expect_object (Loader     *loader,
               JsonNode   *node,
               const char *path)
{
  char *got;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  got = describe (node);
  /* Translators: an error in a configuration file */
  fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE, _("expected an object, got %s"), got);
  g_free (got);

  return FALSE;
}

static gboolean
load_fields (Loader        *loader,
             HealingPolicy *target,
             JsonNode      *node,
             const char    *path,
             const Field   *fields,
             gsize          n_fields)
{
  JsonObject *object;
  GList *members, *l;
  gboolean ok = TRUE;

  if (!expect_object (loader, node, path))
    return FALSE;

  object = json_node_get_object (node);
  members = json_object_get_members (object);

  for (l = members; ok && l != NULL; l = l->next)
    {
      const char *key = l->data;
      char *child = join_path (path, key);
      gsize i;

      for (i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, key))
          break;

      if (i == n_fields)
        {
          GString *known = g_string_new (NULL);

          for (i = 0; i < n_fields; i++)
            g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", fields[i].key);
          ok = fail (loader, HEALING_POLICY_ERROR_UNKNOWN_KEY, child, TRUE,
                     /* Translators: an error in a configuration file; %s is
                      * a list of keys */
                     _("unknown key; expected one of: %s"), known->str);
          g_string_free (known, TRUE);
        }
      else
        {
          ok = read_field (loader, target, json_object_get_member (object, key),
                           child, fields[i].prop);
        }

      g_free (child);
    }

  g_list_free (members);

  return ok;
}

static gboolean
read_strategy (Loader          *loader,
               JsonNode        *node,
               const char      *path,
               HealingStrategy *strategy)
{
  char *got;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      healing_strategy_from_string (json_node_get_string (node), strategy))
    return TRUE;

  got = describe (node);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    fail (loader, HEALING_POLICY_ERROR_UNKNOWN_STRATEGY, path, FALSE,
          /* Translators: an error in a configuration file; do not
           * translate the list of strategies */
          _("unknown strategy %s; expected one of: retry, fallback, isolate, restore, hot-patch, circuit-break"),
          got);
  else
    fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
          /* Translators: an error in a configuration file */
          _("expected the name of a strategy, got %s"), got);
  g_free (got);

  return FALSE;
}

static gboolean
load_strategies (Loader        *loader,
                 HealingPolicy *target,
                 JsonNode      *node,
                 const char    *path)
{
  JsonObject *object;
  GList *members, *l;
  gboolean ok = TRUE;

  if (!expect_object (loader, node, path))
    return FALSE;

  object = json_node_get_object (node);
  members = json_object_get_members (object);

  for (l = members; ok && l != NULL; l = l->next)
    {
      const char *key = l->data;
      char *child = join_path (path, key);
      HealingStrategy strategy;

      if (!healing_policy_has_class (loader->global, key))
        ok = fail (loader, HEALING_POLICY_ERROR_UNKNOWN_CLASS, child, TRUE,
                   /* Translators: an error in a configuration file; do not
                    * translate "healing.classes" nor the class names */
                   _("unknown fault class; define it under healing.classes, or use one of: render, handler, callback, crash, critical, warning, hang, network, error"));
      else if (read_strategy (loader, json_object_get_member (object, key), child, &strategy))
        healing_policy_set_strategy (target, key, strategy);
      else
        ok = FALSE;

      g_free (child);
    }

  g_list_free (members);

  return ok;
}

static gboolean
load_escalation (Loader        *loader,
                 HealingPolicy *target,
                 JsonNode      *node,
                 const char    *path)
{
  GArray *chain;
  JsonArray *array;
  gboolean ok = TRUE;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      char *got = describe (node);

      fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
            /* Translators: an error in a configuration file */
            _("expected an array of strategies, got %s"), got);
      g_free (got);
      return FALSE;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return fail (loader, HEALING_POLICY_ERROR_INVALID_VALUE, path, FALSE,
                 /* Translators: an error in a configuration file */
                 _("expected at least one strategy"));

  chain = g_array_new (FALSE, FALSE, sizeof (HealingStrategy));
  for (i = 0; ok && i < json_array_get_length (array); i++)
    {
      char *child = g_strdup_printf ("%s[%u]", path, i);
      HealingStrategy strategy;

      ok = read_strategy (loader, json_array_get_element (array, i), child, &strategy);
      if (ok)
        g_array_append_val (chain, strategy);
      g_free (child);
    }

  if (ok)
    healing_policy_set_escalation (target, (const HealingStrategy *) (gpointer) chain->data, chain->len);
  g_array_unref (chain);

  return ok;
}

/* A warning at @path: positioned as errors are, kept by the policy being
 * loaded, logged once the load succeeds. */
static void
warn (Loader     *loader,
      const char *path,
      const char *detail)
{
  const HealingJsonLocation *location = healing_json_locator_lookup (loader->locator, path);

  g_ptr_array_add (loader->global->load_warnings,
                   g_strdup_printf ("%s:%u:%u: %s: %s",
                                    loader->source,
                                    location != NULL ? location->line : 1,
                                    location != NULL ? location->column : 1,
                                    path, detail));
}

/* "codes": [ 1, 2 ] of a class definition. */
static gboolean
read_codes (Loader     *loader,
            JsonNode   *value,
            const char *path,
            int        *codes,
            guint      *n_codes)
{
  JsonArray *array;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      char *got = describe (value);

      fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
            /* Translators: an error in a configuration file */
            _("expected an array of error codes, got %s"), got);
      g_free (got);
      return FALSE;
    }

  array = json_node_get_array (value);
  if (json_array_get_length (array) == 0)
    return fail (loader, HEALING_POLICY_ERROR_INVALID_VALUE, path, FALSE,
                 /* Translators: an error in a configuration file; do not
                  * translate "codes" */
                 _("expected at least one code; leave \"codes\" out for any code"));

  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      char *child = g_strdup_printf ("%s[%u]", path, i);
      char *got = describe (element);
      gint64 code;
      gboolean ok = TRUE;

      if (*n_codes >= HEALING_POLICY_MAX_CLASS_CODES)
        ok = fail (loader, HEALING_POLICY_ERROR_OUT_OF_RANGE, child, FALSE,
                   /* Translators: an error in a configuration file */
                   _("a class lists at most %u codes"), (guint) HEALING_POLICY_MAX_CLASS_CODES);
      else if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        ok = fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, child, FALSE,
                   _("expected a non-negative integer, got %s"), got);
      else if ((code = json_node_get_int (element)) < 0 || code > G_MAXINT)
        ok = fail (loader, HEALING_POLICY_ERROR_OUT_OF_RANGE, child, FALSE,
                   _("expected a non-negative integer, got %s"), got);
      else
        codes[(*n_codes)++] = (int) code;

      g_free (got);
      g_free (child);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* "kinds": [ "crash", "hang" ] of a class definition. */
static gboolean
read_kinds (Loader           *loader,
            JsonNode         *value,
            const char       *path,
            HealingFaultKind *kinds,
            guint            *n_kinds)
{
  GEnumClass *klass;
  JsonArray *array;
  gboolean ok = TRUE;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (value) || json_array_get_length (json_node_get_array (value)) == 0)
    {
      char *got = describe (value);

      fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, path, FALSE,
            /* Translators: an error in a configuration file; do not
             * translate the kinds */
            _("expected an array of kinds of fault (crash, critical, warning, hang, error), got %s"), got);
      g_free (got);
      return FALSE;
    }

  klass = g_type_class_ref (HEALING_TYPE_FAULT_KIND);
  array = json_node_get_array (value);
  for (i = 0; ok && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      char *child = g_strdup_printf ("%s[%u]", path, i);
      GEnumValue *kind = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        kind = g_enum_get_value_by_nick (klass, json_node_get_string (element));

      if (kind == NULL)
        {
          char *got = describe (element);

          ok = fail (loader, HEALING_POLICY_ERROR_INVALID_VALUE, child, FALSE,
                     /* Translators: an error in a configuration file; do
                      * not translate the kinds */
                     _("expected one of \"crash\", \"critical\", \"warning\", \"hang\", \"error\", got %s"),
                     got);
          g_free (got);
        }
      else
        {
          guint j;

          for (j = 0; j < *n_kinds && kinds[j] != (HealingFaultKind) kind->value; j++)
            ;
          if (j == *n_kinds)
            kinds[(*n_kinds)++] = kind->value;   /* at most one of each */
        }
      g_free (child);
    }
  g_type_class_unref (klass);

  return ok;
}

static gboolean
load_classes (Loader     *loader,
              JsonNode   *node,
              const char *path)
{
  JsonObject *object;
  GList *members, *l;
  gboolean ok = TRUE;

  if (!expect_object (loader, node, path))
    return FALSE;

  object = json_node_get_object (node);
  members = json_object_get_members (object);

  for (l = members; ok && l != NULL; l = l->next)
    {
      const char *name = l->data;
      char *child = join_path (path, name);
      JsonNode *definition = json_object_get_member (object, name);
      const char *domain = NULL;
      int codes[HEALING_POLICY_MAX_CLASS_CODES];
      guint n_codes = 0;
      HealingFaultKind kinds[HEALING_FAULT_ERROR + 1];
      guint n_kinds = 0;
      gboolean has_kinds = FALSE;
      GList *keys, *k;

      if (*name == '\0' || healing_policy_is_builtin_class (name))
        {
          ok = fail (loader, HEALING_POLICY_ERROR_INVALID_VALUE, child, TRUE,
                     /* Translators: an error in a configuration file */
                     _("a built-in fault class or an empty name cannot be redefined"));
          g_free (child);
          break;
        }

      if (!expect_object (loader, definition, child))
        {
          ok = FALSE;
          g_free (child);
          break;
        }

      keys = json_object_get_members (json_node_get_object (definition));
      for (k = keys; ok && k != NULL; k = k->next)
        {
          const char *key = k->data;
          JsonNode *value = json_object_get_member (json_node_get_object (definition), key);
          char *grandchild = join_path (child, key);
          char *got = describe (value);

          if (g_str_equal (key, "domain"))
            {
              if (JSON_NODE_HOLDS_VALUE (value) &&
                  json_node_get_value_type (value) == G_TYPE_STRING &&
                  *json_node_get_string (value) != '\0')
                domain = json_node_get_string (value);
              else
                ok = fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, grandchild, FALSE,
                           /* Translators: an error in a configuration file */
                           _("expected the name of an error domain, got %s"), got);
            }
          else if (g_str_equal (key, "code"))
            {
              gint64 code;

              if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
                ok = fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, grandchild, FALSE,
                           _("expected a non-negative integer, got %s"), got);
              else if ((code = json_node_get_int (value)) < 0 || code > G_MAXINT)
                ok = fail (loader, HEALING_POLICY_ERROR_OUT_OF_RANGE, grandchild, FALSE,
                           _("expected a non-negative integer, got %s"), got);
              else if (n_codes >= HEALING_POLICY_MAX_CLASS_CODES)
                ok = fail (loader, HEALING_POLICY_ERROR_OUT_OF_RANGE, grandchild, FALSE,
                           _("a class lists at most %u codes"), (guint) HEALING_POLICY_MAX_CLASS_CODES);
              else
                codes[n_codes++] = (int) code;
            }
          else if (g_str_equal (key, "codes"))
            {
              ok = read_codes (loader, value, grandchild, codes, &n_codes);
            }
          else if (g_str_equal (key, "kinds"))
            {
              has_kinds = TRUE;
              ok = read_kinds (loader, value, grandchild, kinds, &n_kinds);
            }
          else
            {
              ok = fail (loader, HEALING_POLICY_ERROR_UNKNOWN_KEY, grandchild, TRUE,
                         _("unknown key; expected one of: %s"), "domain, code, codes, kinds");
            }

          g_free (got);
          g_free (grandchild);
        }
      g_list_free (keys);

      if (ok && domain == NULL && (!has_kinds || n_codes > 0))
        ok = fail (loader, HEALING_POLICY_ERROR_INVALID_VALUE, child, FALSE,
                   /* Translators: an error in a configuration file; do not
                    * translate "domain" and "kinds" */
                   _("missing member \"domain\" (a class without one needs \"kinds\" and no codes)"));

      if (ok)
        {
          /* Asked before the class makes a quark of the name. */
          gboolean registered = domain == NULL || healing_policy_is_registered_domain (domain);

          healing_policy_define_class_full (loader->global, name, domain,
                                            codes, n_codes, kinds, n_kinds, NULL);

          if (!registered)
            {
              char *domain_path = join_path (child, "domain");
              char *detail = healing_policy_unregistered_domain_warning (domain);

              warn (loader, domain_path, detail);
              g_free (detail);
              g_free (domain_path);
            }
        }

      g_free (child);
    }

  g_list_free (members);

  return ok;
}

static gboolean load_section (Loader        *loader,
                              HealingPolicy *target,
                              JsonNode      *node,
                              const char    *path,
                              gboolean       is_component);

/* The "patch" section: the trust of hot patches (healing-patch-trust.c
 * reads it; the error is positioned here). */
static gboolean
load_patch (Loader        *loader,
            HealingPolicy *target,
            JsonNode      *node,
            const char    *path)
{
  HealingPatchTrust *trust = healing_patch_trust_new ();
  g_autofree char *member = NULL;
  GError *local_error = NULL;
  gboolean at_key = FALSE;

  if (!healing_patch_trust_load_json (trust, node, &member, &at_key, &local_error))
    {
      /* @member is a relative key path ("keys[0]"), not a key: not quoted. */
      g_autofree char *child = member[0] != '\0' ? g_strconcat (path, ".", member, NULL) : g_strdup (path);

      fail (loader, local_error->code, child, at_key, "%s", local_error->message);
      g_error_free (local_error);
      g_object_unref (trust);
      return FALSE;
    }

  g_set_object (&target->patch_trust, trust);
  g_object_unref (trust);
  return TRUE;
}

static gboolean
load_components (Loader     *loader,
                 JsonNode   *node,
                 const char *path)
{
  JsonObject *object;
  GList *members, *l;
  gboolean ok = TRUE;

  if (!expect_object (loader, node, path))
    return FALSE;

  object = json_node_get_object (node);
  members = json_object_get_members (object);

  for (l = members; ok && l != NULL; l = l->next)
    {
      const char *id = l->data;
      char *child = join_path (path, id);
      HealingPolicy *overrides = healing_policy_get_component (loader->global, id);

      /* A component an earlier layer configured is merged into, key by
       * key, rather than replaced. */
      overrides = overrides != NULL ? g_object_ref (overrides) : healing_policy_new ();

      ok = load_section (loader, overrides, json_object_get_member (object, id), child, TRUE);
      if (ok)
        healing_policy_set_component (loader->global, id, overrides);

      g_object_unref (overrides);
      g_free (child);
    }

  g_list_free (members);

  return ok;
}

static gboolean
load_section (Loader        *loader,
              HealingPolicy *target,
              JsonNode      *node,
              const char    *path,
              gboolean       is_component)
{
  JsonObject *object;
  GList *members, *l;
  gboolean ok = TRUE;

  if (!expect_object (loader, node, path))
    return FALSE;

  object = json_node_get_object (node);

  /* Classes first: strategies may name classes defined further down. */
  if (!is_component && json_object_has_member (object, "classes"))
    {
      char *child = join_path (path, "classes");

      ok = load_classes (loader, json_object_get_member (object, "classes"), child);
      g_free (child);
      if (!ok)
        return FALSE;
    }

  members = json_object_get_members (object);

  for (l = members; ok && l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);
      char *child = join_path (path, key);

      if (g_str_equal (key, "enabled"))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
            {
              healing_policy_set_enabled (target, json_node_get_boolean (value));
            }
          else
            {
              char *got = describe (value);

              ok = fail (loader, HEALING_POLICY_ERROR_WRONG_TYPE, child, FALSE,
                         /* Translators: an error in a configuration file;
                          * do not translate "true" and "false" */
                         _("expected true or false, got %s"), got);
              g_free (got);
            }
        }
      else if (g_str_equal (key, "strategies"))
        {
          ok = load_strategies (loader, target, value, child);
        }
      else if (g_str_equal (key, "retry"))
        {
          ok = load_fields (loader, target, value, child, retry_fields, G_N_ELEMENTS (retry_fields));
        }
      else if (g_str_equal (key, "circuit-breaker"))
        {
          ok = load_fields (loader, target, value, child, breaker_fields, G_N_ELEMENTS (breaker_fields));
        }
      else if (g_str_equal (key, "escalation"))
        {
          ok = load_escalation (loader, target, value, child);
        }
      /* Failure prediction. */
      else if (g_str_equal (key, "predict"))
        {
          ok = read_field (loader, target, value, child, HEALING_POLICY_PROP_PREDICT);
        }
      else if (g_str_equal (key, "isolate-probability"))
        {
          ok = read_field (loader, target, value, child, HEALING_POLICY_PROP_ISOLATE_PROBABILITY);
        }
      else if (!is_component && g_str_equal (key, "classes"))
        {
          /* Done above. */
        }
      else if (!is_component && g_str_equal (key, "components"))
        {
          ok = load_components (loader, value, child);
        }
      else if (!is_component && g_str_equal (key, "patch"))
        {
          ok = load_patch (loader, target, value, child);
        }
      else
        {
          ok = fail (loader, HEALING_POLICY_ERROR_UNKNOWN_KEY, child, TRUE,
                     _("unknown key; expected one of: %s"),
                     is_component ? section_keys
                                  : "enabled, strategies, retry, circuit-breaker, escalation, predict, isolate-probability, classes, components, patch");
        }

      g_free (child);
    }

  g_list_free (members);

  return ok;
}

static HealingPolicyError
problem_code (HealingJsonProblemKind kind)
{
  switch (kind)
    {
    case HEALING_JSON_PROBLEM_ENCODING:
      return HEALING_POLICY_ERROR_ENCODING;
    case HEALING_JSON_PROBLEM_LIMIT:
      return HEALING_POLICY_ERROR_LIMIT;
    case HEALING_JSON_PROBLEM_RANGE:
      return HEALING_POLICY_ERROR_OUT_OF_RANGE;
    case HEALING_JSON_PROBLEM_DUPLICATE:
      return HEALING_POLICY_ERROR_DUPLICATE_KEY;
    case HEALING_JSON_PROBLEM_NONE:
    case HEALING_JSON_PROBLEM_SYNTAX:
    case HEALING_JSON_PROBLEM_EMPTY:
    default:
      return HEALING_POLICY_ERROR_SYNTAX;
    }
}

typedef struct
{
  guint line;
  guint column;
} ParserPosition;

/* JsonParser::error: where json-glib stopped. It knows only while it
 * parses, so it is asked here rather than read back from its message. */
static void
parser_error_cb (JsonParser     *parser,
                 const GError   *error,
                 ParserPosition *position)
{
  position->line = json_parser_get_current_line (parser);
  position->column = json_parser_get_current_pos (parser);
}

/* json-glib's error as it gave it, with its code named: the error is a
 * HEALING_POLICY_ERROR_SYNTAX, as every invalid text is, and json-glib's
 * JSON_PARSER_ERROR code stays visible. */
static char *
describe_parser_error (const GError *error)
{
  GEnumClass *klass;
  GEnumValue *value = NULL;
  char *detail;

  if (error->domain != JSON_PARSER_ERROR)
    return g_strdup_printf ("json-glib: %s", error->message);

  klass = g_type_class_ref (JSON_TYPE_PARSER_ERROR);
  value = g_enum_get_value (klass, error->code);
  detail = g_strdup_printf ("json-glib %s: %s",
                            value != NULL ? value->value_name : "JSON_PARSER_ERROR",
                            error->message);
  g_type_class_unref (klass);

  return detail;
}

/* Loads @text into @self; or with @layer_into, merges it into that
 * staging policy (one layer of several) and leaves @self alone. */
static gboolean
load_text (HealingPolicy  *self,
           const char     *text,
           gsize           length,
           const char     *source,
           HealingPolicy  *layer_into,
           GError        **error)
{
  JsonParser *parser = NULL;
  GError *local_error = NULL;
  HealingPolicy *staging = NULL;
  HealingJsonProblem problem;
  char *valid_source = g_utf8_make_valid (source, -1);
  Loader loader = { valid_source, NULL, NULL, error };
  ParserPosition stopped_at = { 1, 1 };
  JsonNode *root;
  gboolean ok = FALSE;

  /* Limits, syntax and duplicate keys first, without recursion: json-glib
   * would overflow its stack on deep nesting and wrap big integers. */
  if (!healing_json_check (text, length, &policy_limits, &problem))
    {
      report (&loader, problem_code (problem.kind), problem.path,
              problem.line, problem.column, problem.message);
      healing_json_problem_clear (&problem);
      goto out;
    }

  parser = json_parser_new ();
  g_signal_connect (parser, "error", G_CALLBACK (parser_error_cb), &stopped_at);
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      char *detail = describe_parser_error (local_error);

      /* The check accepts a subset of what json-glib accepts, so this is
       * not expected. Column 0 is the start of a line: count from 1. */
      report (&loader, HEALING_POLICY_ERROR_SYNTAX, "",
              MAX (stopped_at.line, 1), MAX (stopped_at.column, 1), detail);
      g_free (detail);
      g_error_free (local_error);
      goto out;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, HEALING_POLICY_ERROR, HEALING_POLICY_ERROR_SYNTAX,
                   /* Translators: an error in a configuration file; %s is
                    * the file name */
                   _("%s:1:1: the file is empty"), valid_source);
      goto out;
    }

  loader.locator = healing_json_locator_new (text, length);

  staging = layer_into != NULL ? g_object_ref (layer_into) : healing_policy_new ();
  loader.global = staging;

  if (!expect_object (&loader, root, ""))
    goto out;

  {
    JsonObject *object = json_node_get_object (root);
    GList *members = json_object_get_members (object), *l;

    ok = TRUE;
    for (l = members; ok && l != NULL; l = l->next)
      {
        const char *key = l->data;

        if (g_str_equal (key, "healing"))
          ok = load_section (&loader, staging, json_object_get_member (object, key), key, FALSE);
        else
          ok = fail (&loader, HEALING_POLICY_ERROR_UNKNOWN_KEY, key, TRUE,
                     _("unknown key; expected one of: %s"), "healing");
      }
    g_list_free (members);
  }

  if (ok && layer_into == NULL)
    healing_policy_take_config (self, staging);

out:
  g_clear_pointer (&loader.locator, healing_json_locator_free);
  g_clear_object (&staging);
  g_clear_object (&parser);
  g_free (valid_source);

  return ok;
}

/**
 * healing_policy_load_from_data:
 * @self: a policy
 * @data: a JSON text
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @source_name: (nullable): what to call the text in error messages, such
 *   as a file name
 * @error: return location for an error
 *
 * Replaces the configuration of the policy with a JSON text (see the
 * class documentation for its format). What the text does not set takes
 * its default. If the text is invalid, the policy is left as it was.
 *
 * Returns: whether the text was loaded
 */
gboolean
healing_policy_load_from_data (HealingPolicy  *self,
                               const char     *data,
                               gssize          length,
                               const char     *source_name,
                               GError        **error)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length < 0)
    length = strlen (data);

  return load_text (self, data, length,
                    source_name != NULL ? source_name : "<data>", NULL, error);
}

static void
set_file (HealingPolicy *self,
          const char    *path)
{
  if (g_strcmp0 (self->file, path) == 0)
    return;

  g_free (self->file);
  self->file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), healing_policy_get_pspec (HEALING_POLICY_PROP_FILE));
}

static gboolean
load_file (HealingPolicy  *self,
           const char     *path,
           gboolean        only_if_changed,
           GError        **error)
{
  char *text = NULL;
  char *display_name;
  gsize length;
  gboolean ok;

  /* Not g_file_get_contents (): a FIFO would block it for ever, and a
   * huge file would be read whole before the size limit refuses it. */
  if (!healing_json_read_file (path, policy_limits.max_size, &text, &length, error))
    return FALSE;

  if (only_if_changed && g_strcmp0 (text, self->last_text) == 0)
    {
      g_free (text);
      return TRUE;
    }

  g_free (self->last_text);
  self->last_text = text;

  /* Error messages must be UTF-8, whatever the file name. */
  display_name = g_filename_display_name (path);
  ok = load_text (self, text, length, display_name, NULL, error);
  g_free (display_name);
  if (ok)
    set_file (self, path);

  return ok;
}

/**
 * healing_policy_load_from_file:
 * @self: a policy
 * @path: (type filename): a JSON file
 * @error: return location for an error
 *
 * Replaces the configuration of the policy with a JSON file, as
 * [method@Policy.load_from_data] does. Errors name the file as @path
 * names it.
 *
 * Returns: whether the file was loaded
 */
gboolean
healing_policy_load_from_file (HealingPolicy  *self,
                               const char     *path,
                               GError        **error)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load_file (self, path, FALSE, error);
}

static void stop_watching_layers (HealingPolicy *self);

static void
file_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 HealingPolicy     *self)
{
  GError *error = NULL;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      return;
    }

  if (self->file == NULL || !g_file_test (self->file, G_FILE_TEST_IS_REGULAR))
    return;

  if (!load_file (self, self->file, TRUE, &error))
    {
      g_debug ("libhealing: keeping the policy in force: %s", error->message);
      healing_policy_emit_load_failed (self, error);
      g_error_free (error);
    }
}

/**
 * healing_policy_watch_file:
 * @self: a policy
 * @path: (type filename): a JSON file
 * @error: return location for an error
 *
 * Loads a JSON file, as [method@Policy.load_from_file] does, and reloads
 * it whenever it changes, until [method@Policy.stop_watching]. The file
 * is watched even if it is invalid or missing now; a change that makes it
 * invalid keeps the policy in force and emits
 * [signal@Policy::load-failed].
 *
 * Returns: whether the file was loaded now
 */
gboolean
healing_policy_watch_file (HealingPolicy  *self,
                           const char     *path,
                           GError        **error)
{
  GError *monitor_error = NULL;
  GFile *file;

  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  healing_policy_stop_watching (self);
  set_file (self, path);

  file = g_file_new_for_path (path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &monitor_error);
  g_object_unref (file);

  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (file_changed_cb), self);
  else
    {
      g_debug ("libhealing: cannot watch %s: %s", path, monitor_error->message);
      g_error_free (monitor_error);
    }

  return load_file (self, path, FALSE, error);
}

/**
 * healing_policy_stop_watching:
 * @self: a policy
 *
 * Stops reloading the file given to [method@Policy.watch_file].
 */
void
healing_policy_stop_watching (HealingPolicy *self)
{
  g_return_if_fail (HEALING_IS_POLICY (self));

  stop_watching_layers (self);

  if (self->monitor == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->monitor, file_changed_cb, self);
  g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
}

/**
 * healing_policy_get_file: (get-property file)
 * @self: a policy
 *
 * Gets the file the configuration was loaded from, or is watched.
 *
 * Returns: (type filename) (nullable): the file
 */
const char *
healing_policy_get_file (HealingPolicy *self)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), NULL);

  return self->file;
}

/**
 * healing_policy_find_config_file:
 * @application_id: (nullable): the application id, such as
 *   "org.example.App"; `NULL` for the program name
 *
 * Finds the configuration file of an application: the file named by the
 * `HEALING_CONFIG` environment variable if it is set (whether or not the
 * file exists), else `$XDG_CONFIG_HOME/<application id>/healing.json` if
 * it exists.
 *
 * Returns: (type filename) (transfer full) (nullable): the path, or
 *   `NULL` if there is no configuration file
 */
char *
healing_policy_find_config_file (const char *application_id)
{
  const char *env = g_getenv ("HEALING_CONFIG");
  char *path;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (application_id == NULL)
    application_id = g_get_prgname ();
  if (application_id == NULL)
    return NULL;

  path = g_build_filename (g_get_user_config_dir (), application_id, "healing.json", NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;

  g_free (path);

  return NULL;
}

/* ------------------------------------------------------------------------
 * Layered files
 * ------------------------------------------------------------------------ */

static void
stop_watching_layers (HealingPolicy *self)
{
  guint i;

  if (self->layer_monitors != NULL)
    {
      for (i = 0; i < self->layer_monitors->len; i++)
        {
          GFileMonitor *monitor = g_ptr_array_index (self->layer_monitors, i);

          g_signal_handlers_disconnect_by_data (monitor, self);
          g_file_monitor_cancel (monitor);
        }
      g_clear_pointer (&self->layer_monitors, g_ptr_array_unref);
    }
  g_clear_pointer (&self->layers, g_strfreev);
  g_clear_pointer (&self->layer_texts, g_ptr_array_unref);
}

/* Reads @paths, lowest priority first, merges them key by key and puts
 * the result in force; a missing file is skipped if @skip_missing. All or
 * nothing: one bad layer keeps the policy in force as it was. With
 * @texts, the texts read are left there (NULL for a missing file), and
 * when they are those of @previous nothing is loaded again. */
static gboolean
load_layers (HealingPolicy       *self,
             const char * const  *paths,
             gboolean             skip_missing,
             GPtrArray           *previous,
             GPtrArray          **texts,
             GError             **error)
{
  GPtrArray *read = g_ptr_array_new_with_free_func (g_free);
  GArray *lengths = g_array_new (FALSE, TRUE, sizeof (gsize));
  HealingPolicy *staging = NULL;
  const char *top = NULL;
  gboolean same = previous != NULL;
  gboolean ok = TRUE;
  guint i;

  for (i = 0; ok && paths[i] != NULL; i++)
    {
      GError *local_error = NULL;
      char *text = NULL;
      gsize length = 0;

      /* As load_file (): no blocking on a FIFO, no unbounded read. */
      if (!healing_json_read_file (paths[i], policy_limits.max_size, &text, &length, &local_error))
        {
          if (skip_missing && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_clear_error (&local_error);
          else
            {
              g_propagate_error (error, local_error);
              ok = FALSE;
            }
        }
      g_ptr_array_add (read, text);
      g_array_append_val (lengths, length);

      if (same && (i >= previous->len || g_strcmp0 (text, g_ptr_array_index (previous, i)) != 0))
        same = FALSE;
    }
  if (same && i != previous->len)
    same = FALSE;

  if (ok && !same)
    {
      staging = healing_policy_new ();
      for (i = 0; ok && paths[i] != NULL; i++)
        {
          const char *text = g_ptr_array_index (read, i);
          char *display_name;

          if (text == NULL)
            continue;
          display_name = g_filename_display_name (paths[i]);
          ok = load_text (self, text, g_array_index (lengths, gsize, i), display_name, staging, error);
          g_free (display_name);
          top = paths[i];
        }

      if (ok)
        {
          healing_policy_take_config (self, staging);
          set_file (self, top);
        }
      g_object_unref (staging);
    }

  if (texts != NULL)
    *texts = g_steal_pointer (&read);
  g_clear_pointer (&read, g_ptr_array_unref);
  g_array_unref (lengths);

  return ok;
}

/**
 * healing_policy_load_from_files:
 * @self: a policy
 * @paths: (array zero-terminated=1) (element-type filename): JSON files,
 *   the lowest priority first
 * @error: return location for an error
 *
 * Replaces the configuration of the policy with the merge of several JSON
 * files, key by key: each file sets what it names and leaves the rest as
 * the files before it set it. A later file's `threshold` replaces an
 * earlier one's, its strategies are added to the earlier ones (replacing
 * those of the same class), a component or class it names is merged into
 * or replaced, as it is a key or not. What no file sets takes its
 * default.
 *
 * If any file cannot be read or is invalid, the policy is left as it was,
 * and the error names the file.
 *
 * Returns: whether the files were loaded
 */
gboolean
healing_policy_load_from_files (HealingPolicy       *self,
                                const char * const  *paths,
                                GError             **error)
{
  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load_layers (self, paths, FALSE, NULL, NULL, error);
}

static void
layer_changed_cb (GFileMonitor      *monitor,
                  GFile             *file,
                  GFile             *other_file,
                  GFileMonitorEvent  event,
                  HealingPolicy     *self)
{
  GError *error = NULL;
  GPtrArray *texts = NULL;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      return;
    }

  if (self->layers == NULL)
    return;

  /* Every layer is read again: the merge is recomputed from the files as
   * they are now, a deleted layer no longer contributes. */
  if (!load_layers (self, (const char * const *) self->layers, TRUE,
                    self->layer_texts, &texts, &error))
    {
      g_debug ("libhealing: keeping the policy in force: %s", error->message);
      healing_policy_emit_load_failed (self, error);
      g_error_free (error);
    }

  g_clear_pointer (&self->layer_texts, g_ptr_array_unref);
  self->layer_texts = texts;
}

/**
 * healing_policy_watch_files:
 * @self: a policy
 * @paths: (array zero-terminated=1) (element-type filename): JSON files,
 *   the lowest priority first, such as those
 *   [func@Policy.find_config_files] finds
 * @error: return location for an error
 *
 * Loads layered JSON files, as [method@Policy.load_from_files] does, and
 * loads them all again whenever one changes, until
 * [method@Policy.stop_watching]. A file that does not exist is skipped
 * (and watched: creating it adds its layer; deleting one removes it). A
 * change that makes a file invalid keeps the policy in force and emits
 * [signal@Policy::load-failed].
 *
 * A reload puts in force the merge of the files as they are then; what
 * none of them sets takes its default, whatever was in force before.
 *
 * Returns: whether the files were loaded now
 */
gboolean
healing_policy_watch_files (HealingPolicy       *self,
                            const char * const  *paths,
                            GError             **error)
{
  guint i;
  gboolean ok;

  g_return_val_if_fail (HEALING_IS_POLICY (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  healing_policy_stop_watching (self);

  self->layers = g_strdupv ((char **) paths);
  self->layer_monitors = g_ptr_array_new_with_free_func (g_object_unref);
  for (i = 0; paths[i] != NULL; i++)
    {
      GError *monitor_error = NULL;
      GFile *file = g_file_new_for_path (paths[i]);
      GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &monitor_error);

      g_object_unref (file);
      if (monitor == NULL)
        {
          g_debug ("libhealing: cannot watch %s: %s", paths[i], monitor_error->message);
          g_error_free (monitor_error);
          continue;
        }
      g_signal_connect (monitor, "changed", G_CALLBACK (layer_changed_cb), self);
      g_ptr_array_add (self->layer_monitors, monitor);
    }

  ok = load_layers (self, paths, TRUE, NULL, &self->layer_texts, error);

  return ok;
}

/**
 * healing_policy_find_config_files:
 * @application_id: (nullable): the application id, such as
 *   "org.example.App"; `NULL` for the program name
 *
 * Finds the layered configuration files of an application, the lowest
 * priority first: `<dir>/<application id>/healing.json` in each of
 * `$XDG_CONFIG_DIRS` that has one (the system's files, the least
 * important directory first), then
 * `$XDG_CONFIG_HOME/<application id>/healing.json` if it exists (the
 * user's), then the file named by the `HEALING_CONFIG` environment
 * variable if it is set, whether or not it exists.
 *
 * Give them to [method@Policy.watch_files]: each file sets what it names,
 * over the files before it.
 *
 * Returns: (transfer full) (array zero-terminated=1) (element-type filename):
 *   the paths, possibly none
 */
char **
healing_policy_find_config_files (const char *application_id)
{
  GPtrArray *paths = g_ptr_array_new ();
  const char *env = g_getenv ("HEALING_CONFIG");

  if (application_id == NULL)
    application_id = g_get_prgname ();

  if (application_id != NULL)
    {
      const char * const *system_dirs = g_get_system_config_dirs ();
      char *user;
      gint i;

      for (i = (gint) g_strv_length ((char **) system_dirs) - 1; i >= 0; i--)
        {
          char *path = g_build_filename (system_dirs[i], application_id, "healing.json", NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (paths, path);
          else
            g_free (path);
        }

      user = g_build_filename (g_get_user_config_dir (), application_id, "healing.json", NULL);
      if (g_file_test (user, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, user);
      else
        g_free (user);
    }

  if (env != NULL && *env != '\0')
    g_ptr_array_add (paths, g_strdup (env));

  g_ptr_array_add (paths, NULL);

  return (char **) g_ptr_array_free (paths, FALSE);
}
