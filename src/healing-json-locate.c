/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-json-locate-private.h"

/* json-glib reports positions only for syntax errors. To point at the line
 * and column of a member that is well-formed JSON but a bad configuration,
 * the locator scans the text again when asked, with the scanner that
 * checked it (healing-json-limits.c), so the two agree on every text that
 * passed, and stops at the value. An error needs one lookup: scanning on
 * demand costs a pass over the text then, instead of a table of every key
 * path in the text all the time (which, for a text nested 20,000 deep,
 * holds 20,000 paths of 20,000 keys). */

struct _HealingJsonLocator
{
  const char *text;
  gsize length;

  char *path;
  HealingJsonLocation location;
  gboolean found;

  gboolean duplicate_checked;
  char *duplicate;
  HealingJsonLocation duplicate_location;
};

HealingJsonLocator *
healing_json_locator_new (const char *text,
                          gsize       length)
{
  HealingJsonLocator *self = g_new0 (HealingJsonLocator, 1);

  self->text = text;
  self->length = length;

  return self;
}

void
healing_json_locator_free (HealingJsonLocator *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->duplicate);
  g_free (self);
}

const HealingJsonLocation *
healing_json_locator_lookup (HealingJsonLocator *self,
                             const char         *path)
{
  if (self->path == NULL || !g_str_equal (self->path, path))
    {
      g_free (self->path);
      self->path = g_strdup (path);
      self->found = healing_json_locate (self->text, self->length, path, &self->location);
    }

  return self->found ? &self->location : NULL;
}

const char *
healing_json_locator_get_duplicate (HealingJsonLocator  *self,
                                    HealingJsonLocation *location)
{
  /* Only duplicates are wanted here: no limits but the scanner's own. */
  static const HealingJsonLimits unlimited = {
    .max_size = G_MAXSIZE - 2,
    .max_depth = G_MAXUINT,
    .max_string = G_MAXSIZE,
    .max_values = G_MAXUINT,
    .counts = NULL,
  };

  if (!self->duplicate_checked)
    {
      HealingJsonProblem problem;

      self->duplicate_checked = TRUE;
      if (!healing_json_check (self->text, self->length, &unlimited, &problem))
        {
          if (problem.kind == HEALING_JSON_PROBLEM_DUPLICATE)
            {
              self->duplicate = g_steal_pointer (&problem.path);
              self->duplicate_location.key_line = problem.line;
              self->duplicate_location.key_column = problem.column;
              self->duplicate_location.line = problem.line;
              self->duplicate_location.column = problem.column;
            }
          healing_json_problem_clear (&problem);
        }
    }

  if (self->duplicate != NULL && location != NULL)
    *location = self->duplicate_location;

  return self->duplicate;
}
