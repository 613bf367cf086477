/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "healing-json-locate-private.h"

/* json-glib reports positions only for syntax errors. To point at the line
 * and column of a member that is well-formed JSON but a bad configuration,
 * this light scanner walks the text a second time and records where every
 * value starts. It trusts the text to be valid JSON (json-glib said so), so
 * it only needs to be right on valid input; on anything else it stops. */

struct _HealingJsonLocator
{
  const char *p;
  const char *end;
  guint line;
  guint column;

  GHashTable *locations;
  char *duplicate;
  HealingJsonLocation duplicate_location;
};

static void
advance (HealingJsonLocator *self)
{
  if (self->p >= self->end)
    return;

  if (*self->p == '\n')
    {
      self->line++;
      self->column = 1;
    }
  else if (((guchar) *self->p & 0xC0) != 0x80)
    {
      /* Count characters, not bytes: a continuation byte of UTF-8 does not
       * move the column on. */
      self->column++;
    }

  self->p++;
}

static void
skip_space (HealingJsonLocator *self)
{
  while (self->p < self->end)
    {
      if (g_ascii_isspace (*self->p))
        {
          advance (self);
        }
      else if (*self->p == '/' && self->p + 1 < self->end && self->p[1] == '/')
        {
          while (self->p < self->end && *self->p != '\n')
            advance (self);
        }
      else if (*self->p == '/' && self->p + 1 < self->end && self->p[1] == '*')
        {
          advance (self);
          advance (self);
          while (self->p < self->end &&
                 !(*self->p == '*' && self->p + 1 < self->end && self->p[1] == '/'))
            advance (self);
          advance (self);
          advance (self);
        }
      else
        {
          break;
        }
    }
}

/* Reads a string at the current position; returns it unescaped. */
static char *
read_string (HealingJsonLocator *self)
{
  GString *s = g_string_new (NULL);

  advance (self); /* the opening quote */

  while (self->p < self->end && *self->p != '"')
    {
      if (*self->p == '\\' && self->p + 1 < self->end)
        {
          char c;

          advance (self);
          c = *self->p;
          advance (self);

          switch (c)
            {
            case 'n': g_string_append_c (s, '\n'); break;
            case 't': g_string_append_c (s, '\t'); break;
            case 'r': g_string_append_c (s, '\r'); break;
            case 'b': g_string_append_c (s, '\b'); break;
            case 'f': g_string_append_c (s, '\f'); break;
            case 'u':
              {
                char hex[5] = { 0, };
                guint i;

                for (i = 0; i < 4 && self->p < self->end; i++)
                  {
                    hex[i] = *self->p;
                    advance (self);
                  }
                g_string_append_unichar (s, (gunichar) g_ascii_strtoull (hex, NULL, 16));
              }
              break;
            default:
              g_string_append_c (s, c);
              break;
            }
        }
      else
        {
          g_string_append_c (s, *self->p);
          advance (self);
        }
    }

  advance (self); /* the closing quote */

  return g_string_free (s, FALSE);
}

static void
record (HealingJsonLocator *self,
        const char         *path,
        guint               key_line,
        guint               key_column,
        guint               line,
        guint               column)
{
  HealingJsonLocation *location;

  if (g_hash_table_contains (self->locations, path))
    {
      if (self->duplicate == NULL)
        {
          self->duplicate = g_strdup (path);
          self->duplicate_location.key_line = key_line;
          self->duplicate_location.key_column = key_column;
          self->duplicate_location.line = line;
          self->duplicate_location.column = column;
        }
      return;
    }

  location = g_new (HealingJsonLocation, 1);
  location->key_line = key_line;
  location->key_column = key_column;
  location->line = line;
  location->column = column;
  g_hash_table_insert (self->locations, g_strdup (path), location);
}

static gboolean scan_value (HealingJsonLocator *self,
                            const char         *path,
                            guint               key_line,
                            guint               key_column);

static gboolean
scan_object (HealingJsonLocator *self,
             const char         *path)
{
  advance (self); /* { */
  skip_space (self);

  if (self->p < self->end && *self->p == '}')
    {
      advance (self);
      return TRUE;
    }

  while (self->p < self->end)
    {
      guint key_line, key_column;
      char *key, *child;
      gboolean ok;

      skip_space (self);
      if (self->p >= self->end || *self->p != '"')
        return FALSE;

      key_line = self->line;
      key_column = self->column;
      key = read_string (self);
      child = path[0] != '\0' ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
      g_free (key);

      skip_space (self);
      if (self->p >= self->end || *self->p != ':')
        {
          g_free (child);
          return FALSE;
        }
      advance (self);

      ok = scan_value (self, child, key_line, key_column);
      g_free (child);
      if (!ok)
        return FALSE;

      skip_space (self);
      if (self->p < self->end && *self->p == ',')
        {
          advance (self);
          continue;
        }
      if (self->p < self->end && *self->p == '}')
        {
          advance (self);
          return TRUE;
        }
      return FALSE;
    }

  return FALSE;
}

static gboolean
scan_array (HealingJsonLocator *self,
            const char         *path)
{
  guint index = 0;

  advance (self); /* [ */
  skip_space (self);

  if (self->p < self->end && *self->p == ']')
    {
      advance (self);
      return TRUE;
    }

  while (self->p < self->end)
    {
      char *child = g_strdup_printf ("%s[%u]", path, index++);
      gboolean ok;

      skip_space (self);
      ok = scan_value (self, child, self->line, self->column);
      g_free (child);
      if (!ok)
        return FALSE;

      skip_space (self);
      if (self->p < self->end && *self->p == ',')
        {
          advance (self);
          continue;
        }
      if (self->p < self->end && *self->p == ']')
        {
          advance (self);
          return TRUE;
        }
      return FALSE;
    }

  return FALSE;
}

static gboolean
scan_value (HealingJsonLocator *self,
            const char         *path,
            guint               key_line,
            guint               key_column)
{
  skip_space (self);

  if (self->p >= self->end)
    return FALSE;

  record (self, path, key_line, key_column, self->line, self->column);

  switch (*self->p)
    {
    case '{':
      return scan_object (self, path);
    case '[':
      return scan_array (self, path);
    case '"':
      g_free (read_string (self));
      return TRUE;
    default:
      while (self->p < self->end &&
             !g_ascii_isspace (*self->p) &&
             *self->p != ',' && *self->p != '}' && *self->p != ']')
        advance (self);
      return TRUE;
    }
}

HealingJsonLocator *
healing_json_locator_new (const char *text,
                          gsize       length)
{
  HealingJsonLocator *self = g_new0 (HealingJsonLocator, 1);

  self->p = text;
  self->end = text + length;
  self->line = 1;
  self->column = 1;
  self->locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Skip a UTF-8 byte order mark, as json-glib does. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    self->p += 3;

  scan_value (self, "", 1, 1);

  return self;
}

void
healing_json_locator_free (HealingJsonLocator *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->locations);
  g_free (self->duplicate);
  g_free (self);
}

const HealingJsonLocation *
healing_json_locator_lookup (HealingJsonLocator *self,
                             const char         *path)
{
  return g_hash_table_lookup (self->locations, path);
}

const char *
healing_json_locator_get_duplicate (HealingJsonLocator  *self,
                                    HealingJsonLocation *location)
{
  if (self->duplicate != NULL && location != NULL)
    *location = self->duplicate_location;

  return self->duplicate;
}
