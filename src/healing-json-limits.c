/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "healing-json-limits-private.h"

/* How much of a key, a value or a path an error message quotes. */
#define QUOTE_BYTES 64
#define PATH_BYTES 256

/* One open array or object. */
typedef struct
{
  gboolean is_object;
  guint count;              /* members or elements so far */
  guint max_count;          /* from HealingJsonLimits.counts */
  char *key;                /* objects: the current member's name */
  guint key_line;
  guint key_column;
  GHashTable *keys;         /* objects, when checking: the names so far */
} Frame;

/* One step of a key path being located. */
typedef struct
{
  char *key;                /* NULL: an element */
  guint index;
} Step;

typedef struct
{
  const char *p;
  const char *end;
  guint line;
  guint column;

  const HealingJsonLimits *limits;   /* NULL: only locating */
  HealingJsonProblem *problem;
  GArray *frames;
  guint values;

  GPtrArray *steps;                  /* NULL: not locating */
  guint matched;                     /* leading frames on the path */
  gboolean found;
  HealingJsonLocation *location;
} Scanner;

/* ------------------------------------------------------------------------
 * Messages
 * ------------------------------------------------------------------------ */

char *
healing_json_abbreviate (const char *text,
                         gssize      length,
                         gsize       max_bytes)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  gsize cut = MIN (len, max_bytes);
  GString *out;
  char *valid;

  /* Do not split a character: back off to the start of the one cut. */
  if (cut < len)
    while (cut > 0 && ((guchar) text[cut] & 0xC0) == 0x80)
      cut--;

  valid = g_utf8_make_valid (text, cut);
  if (cut == len)
    return valid;

  out = g_string_new (valid);
  g_free (valid);
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static gboolean
is_plain_key (const char *key)
{
  const char *p;

  if (*key == '\0')
    return FALSE;

  for (p = key; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || strchr (" .[]\"\\", *p) != NULL)
      return FALSE;

  return TRUE;
}

void
healing_json_path_append (GString    *path,
                          const char *key)
{
  const char *p;

  if (is_plain_key (key))
    {
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, key);
      return;
    }

  g_string_append (path, "[\"");
  for (p = key; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (path, '\\');
          g_string_append_c (path, *p);
        }
      else if ((guchar) *p < 0x20)
        g_string_append_printf (path, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (path, *p);
    }
  g_string_append (path, "\"]");
}

void
healing_json_path_append_index (GString *path,
                                guint    index)
{
  g_string_append_printf (path, "[%u]", index);
}

/* The path of the value being scanned, each key abbreviated. */
static char *
current_path (Scanner *s)
{
  GString *path = g_string_new (NULL);
  guint i;

  for (i = 0; i < s->frames->len; i++)
    {
      Frame *frame = &g_array_index (s->frames, Frame, i);

      if (!frame->is_object)
        healing_json_path_append_index (path, frame->count > 0 ? frame->count - 1 : 0);
      else if (frame->key != NULL)
        {
          char *key = healing_json_abbreviate (frame->key, -1, QUOTE_BYTES);

          healing_json_path_append (path, key);
          g_free (key);
        }
    }

  if (path->len > PATH_BYTES)
    {
      char *short_path = healing_json_abbreviate (path->str, path->len, PATH_BYTES);

      g_string_free (path, TRUE);
      return short_path;
    }

  return g_string_free (path, FALSE);
}

static gboolean problem (Scanner                *s,
                         HealingJsonProblemKind  kind,
                         guint                   line,
                         guint                   column,
                         const char             *format,
                         ...) G_GNUC_PRINTF (5, 6);

/* Always returns FALSE. */
static gboolean
problem (Scanner                *s,
         HealingJsonProblemKind  kind,
         guint                   line,
         guint                   column,
         const char             *format,
         ...)
{
  va_list args;

  if (s->problem == NULL || s->problem->kind != HEALING_JSON_PROBLEM_NONE)
    return FALSE;

  s->problem->kind = kind;
  s->problem->line = line;
  s->problem->column = column;
  s->problem->path = current_path (s);

  va_start (args, format);
  s->problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

/* The character at @p, for "unexpected …" (the text is valid UTF-8). */
static char *
describe_char (Scanner *s)
{
  gunichar c;

  if (s->p >= s->end)
    /* Translators: what a JSON text has instead of what was expected */
    return g_strdup (_("the end of the text"));

  c = g_utf8_get_char (s->p);
  if (c > 0x20 && c < 0x7F)
    return g_strdup_printf ("“%c”", (char) c);

  return g_strdup_printf ("U+%04X", c);
}

static gboolean
unexpected (Scanner    *s,
            const char *expected)
{
  char *got = describe_char (s);

  /* Translators: an error in a JSON text; the first %s is a character
   * (or "the end of the text"), the second what was expected there */
  problem (s, HEALING_JSON_PROBLEM_SYNTAX, s->line, s->column,
           _("unexpected %s; expected %s"), got, expected);
  g_free (got);

  return FALSE;
}

void
healing_json_problem_clear (HealingJsonProblem *problem)
{
  g_clear_pointer (&problem->path, g_free);
  g_clear_pointer (&problem->message, g_free);
  problem->kind = HEALING_JSON_PROBLEM_NONE;
}

/* ------------------------------------------------------------------------
 * Scanning
 * ------------------------------------------------------------------------ */

static inline void
advance (Scanner *s)
{
  if (*s->p == '\n')
    {
      s->line++;
      s->column = 1;
    }
  else if (((guchar) *s->p & 0xC0) != 0x80)
    {
      /* Count characters, not bytes. */
      s->column++;
    }

  s->p++;
}

static gboolean
skip_space (Scanner *s)
{
  while (s->p < s->end)
    {
      char c = *s->p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        {
          advance (s);
        }
      else if (c == '/')
        {
          guint line = s->line, column = s->column;
          const char *start = s->p;

          /* json-glib's scanner ends a comment at the next '/', whatever
           * precedes it: accept only the comments that agree with that. */
          if (s->p + 1 >= s->end || s->p[1] != '*')
            {
              if (s->p + 1 < s->end && s->p[1] == '/')
                return problem (s, HEALING_JSON_PROBLEM_SYNTAX, line, column,
                                /* Translators: an error in a JSON text; keep the quoted symbols */
                                _("“//” comments are not supported; use “/* … */”"));
              return unexpected (s, _("a value"));
            }

          advance (s);
          advance (s);
          while (s->p < s->end && *s->p != '/')
            advance (s);
          if (s->p >= s->end)
            return problem (s, HEALING_JSON_PROBLEM_SYNTAX, line, column,
                            /* Translators: an error in a JSON text */
                            _("unterminated comment"));
          if (s->p - start < 3 || s->p[-1] != '*')
            return problem (s, HEALING_JSON_PROBLEM_SYNTAX, s->line, s->column,
                            /* Translators: an error in a JSON text; keep the quoted symbol */
                            _("a comment cannot contain “/”"));
          advance (s);
        }
      else
        {
          break;
        }
    }

  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads four hex digits after "\u". */
static gboolean
read_hex4 (Scanner  *s,
           gunichar *out)
{
  guint i;

  *out = 0;
  for (i = 0; i < 4; i++)
    {
      int v = s->p < s->end ? hex_value (*s->p) : -1;

      if (v < 0)
        return unexpected (s, _("a hexadecimal digit"));
      *out = *out * 16 + (gunichar) v;
      advance (s);
    }

  return TRUE;
}

/* Reads a string at the current position; if @out is not NULL, stores it
 * unescaped, as json-glib does. */
static gboolean
read_string (Scanner  *s,
             GString  *out)
{
  char quote = *s->p;
  const char *start = s->p;
  guint line = s->line, column = s->column;

  advance (s);

  while (s->p < s->end && *s->p != quote)
    {
      if (s->limits != NULL && (gsize) (s->p - start) > s->limits->max_string)
        {
          char *size = g_format_size (s->limits->max_string);

          problem (s, HEALING_JSON_PROBLEM_LIMIT, line, column,
                   /* Translators: an error in a JSON text; %s is a size such as "4.1 kB" */
                   _("a string longer than the limit of %s"), size);
          g_free (size);
          return FALSE;
        }

      if ((guchar) *s->p < 0x20)
        return problem (s, HEALING_JSON_PROBLEM_SYNTAX, s->line, s->column,
                        /* Translators: an error in a JSON text */
                        _("a control character in a string must be escaped"));

      if (*s->p == '\\' && quote == '"')
        {
          gunichar u;

          advance (s);
          if (s->p >= s->end)
            break;

          switch (*s->p)
            {
            case '"': case '\\': case '/':
              if (out != NULL)
                g_string_append_c (out, *s->p);
              advance (s);
              break;
            case 'b': if (out != NULL) g_string_append_c (out, '\b'); advance (s); break;
            case 'f': if (out != NULL) g_string_append_c (out, '\f'); advance (s); break;
            case 'n': if (out != NULL) g_string_append_c (out, '\n'); advance (s); break;
            case 'r': if (out != NULL) g_string_append_c (out, '\r'); advance (s); break;
            case 't': if (out != NULL) g_string_append_c (out, '\t'); advance (s); break;
            case 'u':
              {
                guint u_line = s->line, u_column = s->column - 1;

                advance (s);
                if (!read_hex4 (s, &u))
                  return FALSE;

                if (u >= 0xD800 && u <= 0xDBFF)
                  {
                    gunichar low;

                    if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                      return problem (s, HEALING_JSON_PROBLEM_ENCODING, u_line, u_column,
                                      /* Translators: an error in a JSON text */
                                      _("a UTF-16 high surrogate without its low surrogate"));
                    advance (s);
                    advance (s);
                    if (!read_hex4 (s, &low))
                      return FALSE;
                    if (low < 0xDC00 || low > 0xDFFF)
                      return problem (s, HEALING_JSON_PROBLEM_ENCODING, u_line, u_column,
                                      _("a UTF-16 high surrogate without its low surrogate"));
                    u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                  }
                else if (u >= 0xDC00 && u <= 0xDFFF)
                  {
                    return problem (s, HEALING_JSON_PROBLEM_ENCODING, u_line, u_column,
                                    /* Translators: an error in a JSON text */
                                    _("a UTF-16 low surrogate without its high surrogate"));
                  }
                else if (u == 0)
                  {
                    return problem (s, HEALING_JSON_PROBLEM_ENCODING, u_line, u_column,
                                    /* Translators: an error in a JSON text; keep \u0000 */
                                    _("\\u0000 is not allowed in a string"));
                  }

                if (out != NULL)
                  g_string_append_unichar (out, u);
              }
              break;
            default:
              return problem (s, HEALING_JSON_PROBLEM_SYNTAX, s->line, s->column - 1,
                              /* Translators: an error in a JSON text */
                              _("an invalid escape sequence in a string"));
            }
        }
      else
        {
          if (out != NULL)
            g_string_append_c (out, *s->p);
          advance (s);
        }
    }

  if (s->p >= s->end)
    return problem (s, HEALING_JSON_PROBLEM_SYNTAX, line, column,
                    /* Translators: an error in a JSON text */
                    _("unterminated string"));

  advance (s); /* the closing quote */

  return TRUE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

static gboolean
read_number (Scanner *s)
{
  const char *start = s->p;
  guint line = s->line, column = s->column;
  gboolean integer = TRUE;

  if (*s->p == '-')
    advance (s);

  if (s->p < s->end && *s->p == '0')
    {
      advance (s);
      if (s->p < s->end && g_ascii_isdigit (*s->p))
        return problem (s, HEALING_JSON_PROBLEM_SYNTAX, line, column,
                        /* Translators: an error in a JSON text */
                        _("a number cannot start with 0 (json-glib would read it as octal)"));
    }
  else if (s->p < s->end && g_ascii_isdigit (*s->p))
    {
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        advance (s);
    }
  else
    {
      return unexpected (s, _("a digit"));
    }

  if (s->p < s->end && *s->p == '.')
    {
      integer = FALSE;
      advance (s);
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return unexpected (s, _("a digit"));
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        advance (s);
    }

  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      integer = FALSE;
      advance (s);
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        advance (s);
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return unexpected (s, _("a digit"));
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        advance (s);
    }

  if (s->p < s->end && !strchr (" \t\r\n,]}/", *s->p))
    return unexpected (s, _("a digit, “,”, “]” or “}”"));

  if (s->limits == NULL)
    return TRUE;

  if ((gsize) (s->p - start) > s->limits->max_string)
    {
      char *size = g_format_size (s->limits->max_string);

      problem (s, HEALING_JSON_PROBLEM_LIMIT, line, column,
               /* Translators: an error in a JSON text; %s is a size such as "4.1 kB" */
               _("a number longer than the limit of %s"), size);
      g_free (size);
      return FALSE;
    }

  {
    char *literal = g_strndup (start, s->p - start);
    gboolean ok = TRUE;

    /* json-glib wraps integers beyond 64 bits silently, and reads
     * numbers beyond the range of a double as infinities. */
    if (integer)
      ok = g_ascii_string_to_signed (literal, 10, G_MININT64, G_MAXINT64, NULL, NULL);
    else
      ok = isfinite (g_ascii_strtod (literal, NULL));

    if (!ok)
      {
        char *shown = healing_json_abbreviate (literal, -1, 24);

        if (integer)
          problem (s, HEALING_JSON_PROBLEM_RANGE, line, column,
                   /* Translators: an error in a JSON text; %s is the number */
                   _("expected an integer from -9223372036854775808 to 9223372036854775807, got %s"),
                   shown);
        else
          problem (s, HEALING_JSON_PROBLEM_RANGE, line, column,
                   /* Translators: an error in a JSON text; %s is the number */
                   _("the number %s is too large"), shown);
        g_free (shown);
      }

    g_free (literal);

    return ok;
  }
}

static gboolean
read_word (Scanner *s)
{
  static const char * const words[] = { "true", "false", "null" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);

      if ((gsize) (s->end - s->p) >= n && memcmp (s->p, words[i], n) == 0 &&
          ((gsize) (s->end - s->p) == n || !is_word_char (s->p[n])))
        {
          for (; n > 0; n--)
            advance (s);
          return TRUE;
        }
    }

  /* Translators: what was expected in a JSON text; keep the quoted words */
  return unexpected (s, _("a value (a string, a number, an object, an array, “true”, “false” or “null”)"));
}

static gboolean
step_matches (Scanner *s,
              guint    depth)
{
  Step *step;
  Frame *frame;

  if (depth >= s->steps->len)
    return FALSE;

  step = g_ptr_array_index (s->steps, depth);
  frame = &g_array_index (s->frames, Frame, depth);

  if (frame->is_object)
    return step->key != NULL && frame->key != NULL && g_str_equal (step->key, frame->key);

  return step->key == NULL && step->index == frame->count - 1;
}

/* The top frame moved on to a new member or element. */
static void
update_matched (Scanner *s)
{
  guint top = s->frames->len - 1;

  if (s->steps == NULL || s->matched < top)
    return;

  s->matched = step_matches (s, top) ? top + 1 : top;
}

static gboolean
pattern_matches (Scanner    *s,
                 const char *pattern)
{
  char **parts = g_strsplit (pattern, ".", -1);
  gboolean matches;
  guint i;

  matches = g_strv_length (parts) == s->frames->len;
  for (i = 0; matches && parts[i] != NULL; i++)
    {
      Frame *frame = &g_array_index (s->frames, Frame, i);

      if (g_str_equal (parts[i], "*"))
        continue;
      matches = frame->is_object && frame->key != NULL && g_str_equal (parts[i], frame->key);
    }
  g_strfreev (parts);

  return matches;
}

/* Counts a member or element of the top frame. */
static gboolean
count_item (Scanner *s,
            guint    line,
            guint    column)
{
  Frame *frame = &g_array_index (s->frames, Frame, s->frames->len - 1);

  frame->count++;
  if (s->limits != NULL && frame->count > frame->max_count)
    return problem (s, HEALING_JSON_PROBLEM_LIMIT, line, column,
                    /* Translators: an error in a JSON text */
                    _("more than %u members or elements here"), frame->max_count);

  return TRUE;
}

static gboolean
push (Scanner *s,
      gboolean is_object)
{
  Frame frame = { is_object, 0, G_MAXUINT, NULL, 0, 0, NULL };

  if (s->limits != NULL)
    {
      const HealingJsonCountLimit *count;

      if (s->frames->len >= s->limits->max_depth)
        return problem (s, HEALING_JSON_PROBLEM_LIMIT, s->line, s->column,
                        /* Translators: an error in a JSON text */
                        _("nested deeper than the limit of %u levels"), s->limits->max_depth);

      for (count = s->limits->counts; count != NULL && count->pattern != NULL; count++)
        if (pattern_matches (s, count->pattern))
          frame.max_count = MIN (frame.max_count, count->max);

      if (is_object)
        frame.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }

  g_array_append_val (s->frames, frame);
  advance (s);

  return TRUE;
}

static void
clear_frame (Frame *frame)
{
  g_clear_pointer (&frame->keys, g_hash_table_unref);
  g_clear_pointer (&frame->key, g_free);
}

static void
pop (Scanner *s)
{
  clear_frame (&g_array_index (s->frames, Frame, s->frames->len - 1));
  g_array_set_size (s->frames, s->frames->len - 1);
  s->matched = MIN (s->matched, s->frames->len);
  advance (s);
}

static gboolean
read_key (Scanner *s)
{
  Frame *frame = &g_array_index (s->frames, Frame, s->frames->len - 1);
  guint line = s->line, column = s->column;
  GString *key;

  /* Until the name is read, errors are about the object. */
  g_clear_pointer (&frame->key, g_free);

  if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
    return unexpected (s, _("a member name in quotes"));

  key = g_string_new (NULL);
  if (!read_string (s, key))
    {
      g_string_free (key, TRUE);
      return FALSE;
    }

  g_free (frame->key);
  frame->key = g_string_free (key, FALSE);
  frame->key_line = line;
  frame->key_column = column;

  if (!count_item (s, line, column))
    return FALSE;

  if (frame->keys != NULL)
    {
      if (g_hash_table_contains (frame->keys, frame->key))
        return problem (s, HEALING_JSON_PROBLEM_DUPLICATE, line, column,
                        /* Translators: an error in a JSON text */
                        _("the same key appears twice"));
      g_hash_table_add (frame->keys, g_strdup (frame->key));
    }

  update_matched (s);

  if (!skip_space (s))
    return FALSE;
  if (s->p >= s->end || *s->p != ':')
    return unexpected (s, "“:”");
  advance (s);

  return TRUE;
}

/* At the start of a value: counts it, and notes whether it is the one
 * being located. */
static gboolean
begin_value (Scanner *s)
{
  if (s->limits != NULL && ++s->values > s->limits->max_values)
    return problem (s, HEALING_JSON_PROBLEM_LIMIT, s->line, s->column,
                    /* Translators: an error in a JSON text */
                    _("more than %u values"), s->limits->max_values);

  if (s->steps != NULL && s->matched == s->frames->len && s->frames->len == s->steps->len)
    {
      s->found = TRUE;
      s->location->line = s->line;
      s->location->column = s->column;
      s->location->key_line = s->line;
      s->location->key_column = s->column;
      if (s->frames->len > 0)
        {
          Frame *frame = &g_array_index (s->frames, Frame, s->frames->len - 1);

          if (frame->is_object)
            {
              s->location->key_line = frame->key_line;
              s->location->key_column = frame->key_column;
            }
        }
    }

  return TRUE;
}

static gboolean
scan (Scanner *s)
{
  /* Skip a UTF-8 byte order mark, as json-glib does. */
  if (s->end - s->p >= 3 && memcmp (s->p, "\xEF\xBB\xBF", 3) == 0)
    s->p += 3;

  if (!skip_space (s))
    return FALSE;
  if (s->p >= s->end)
    return problem (s, HEALING_JSON_PROBLEM_EMPTY, 1, 1,
                    /* Translators: an error in a JSON text */
                    _("the document is empty"));

  for (;;)
    {
      Frame *top;

      /* A value. */
      if (!skip_space (s))
        return FALSE;
      if (s->p >= s->end)
        return unexpected (s, _("a value"));
      if (!begin_value (s))
        return FALSE;
      if (s->found)
        return TRUE;

      switch (*s->p)
        {
        case '{':
        case '[':
          {
            gboolean is_object = *s->p == '{';
            char close = is_object ? '}' : ']';

            if (!push (s, is_object) || !skip_space (s))
              return FALSE;
            if (s->p < s->end && *s->p == close)
              {
                pop (s);
                break;
              }
            if (is_object)
              {
                if (!read_key (s))
                  return FALSE;
              }
            else
              {
                if (!count_item (s, s->line, s->column))
                  return FALSE;
                update_matched (s);
              }
            continue;
          }
        case '"':
        case '\'':
          if (!read_string (s, NULL))
            return FALSE;
          break;
        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!read_number (s))
            return FALSE;
          break;
        default:
          if (!read_word (s))
            return FALSE;
          break;
        }

      /* After a value: the next member or element, or the end of the
       * container (and maybe of its parents). */
      for (;;)
        {
          if (!skip_space (s))
            return FALSE;

          if (s->frames->len == 0)
            {
              if (s->p < s->end)
                return problem (s, HEALING_JSON_PROBLEM_SYNTAX, s->line, s->column,
                                /* Translators: an error in a JSON text */
                                _("text after the end of the document"));
              return TRUE;
            }

          top = &g_array_index (s->frames, Frame, s->frames->len - 1);
          if (s->p < s->end && *s->p == (top->is_object ? '}' : ']'))
            {
              pop (s);
              continue;
            }

          if (s->p >= s->end || *s->p != ',')
            return unexpected (s, top->is_object ? _("“,” or “}”") : _("“,” or “]”"));
          advance (s);
          if (!skip_space (s))
            return FALSE;

          if (top->is_object)
            {
              if (!read_key (s))
                return FALSE;
            }
          else
            {
              if (!count_item (s, s->line, s->column))
                return FALSE;
              update_matched (s);
            }
          break;
        }
    }
}

static void
scanner_init (Scanner    *s,
              const char *text,
              gsize       length)
{
  memset (s, 0, sizeof *s);
  s->p = text;
  s->end = text + length;
  s->line = 1;
  s->column = 1;
  s->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
}

static void
scanner_clear (Scanner *s)
{
  guint i;

  for (i = 0; i < s->frames->len; i++)
    clear_frame (&g_array_index (s->frames, Frame, i));
  g_array_unref (s->frames);
}

/* The line and column of @at, for a problem found before scanning. */
static void
position_of (const char *text,
             const char *at,
             guint      *line,
             guint      *column)
{
  const char *p;

  *line = 1;
  *column = 1;
  for (p = text; p < at; p++)
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        (*column)++;
    }
}

gboolean
healing_json_check (const char              *text,
                    gsize                    length,
                    const HealingJsonLimits *limits,
                    HealingJsonProblem      *problem_out)
{
  const char *invalid = NULL;
  Scanner s;
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);
  g_return_val_if_fail (problem_out != NULL, FALSE);

  memset (problem_out, 0, sizeof *problem_out);

  if (length > limits->max_size)
    {
      char *size = g_format_size (limits->max_size);

      problem_out->kind = HEALING_JSON_PROBLEM_LIMIT;
      problem_out->line = 1;
      problem_out->column = 1;
      problem_out->path = g_strdup ("");
      /* Translators: an error in a JSON text; %s is a size such as "1.0 MB" */
      problem_out->message = g_strdup_printf (_("the text is larger than the limit of %s"), size);
      g_free (size);
      return FALSE;
    }

  if (!g_utf8_validate_len (text, length, &invalid))
    {
      problem_out->kind = HEALING_JSON_PROBLEM_ENCODING;
      position_of (text, invalid, &problem_out->line, &problem_out->column);
      problem_out->path = g_strdup ("");
      if (*invalid == '\0')
        /* Translators: an error in a JSON text */
        problem_out->message = g_strdup (_("a NUL byte is not allowed"));
      else
        /* Translators: an error in a JSON text; %02X is the value of a byte */
        problem_out->message = g_strdup_printf (_("the text is not valid UTF-8 (byte 0x%02X)"),
                                                (guint) (guchar) *invalid);
      return FALSE;
    }

  scanner_init (&s, text, length);
  s.limits = limits;
  s.problem = problem_out;
  ok = scan (&s);
  scanner_clear (&s);

  return ok;
}

/* ------------------------------------------------------------------------
 * Locating
 * ------------------------------------------------------------------------ */

static void
free_step (gpointer data)
{
  Step *step = data;

  g_free (step->key);
  g_free (step);
}

/* Splits a path written by healing_json_path_append(). */
static GPtrArray *
parse_path (const char *path)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func (free_step);
  const char *p = path;

  while (*p != '\0')
    {
      Step *step = g_new0 (Step, 1);

      g_ptr_array_add (steps, step);

      if (p[0] == '[' && p[1] == '"')
        {
          GString *key = g_string_new (NULL);

          for (p += 2; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] == 'u')
                {
                  char hex[5] = { 0, };

                  strncpy (hex, p + 2, 4);
                  g_string_append_c (key, (char) g_ascii_strtoull (hex, NULL, 16));
                  p += strlen (hex) + 1;
                }
              else if (*p == '\\' && p[1] != '\0')
                {
                  g_string_append_c (key, *++p);
                }
              else
                {
                  g_string_append_c (key, *p);
                }
            }
          step->key = g_string_free (key, FALSE);
          if (*p == '"')
            p++;
          if (*p == ']')
            p++;
        }
      else if (p[0] == '[')
        {
          step->index = (guint) g_ascii_strtoull (p + 1, (char **) &p, 10);
          if (*p == ']')
            p++;
        }
      else
        {
          gsize n;

          if (*p == '.')
            p++;
          n = strcspn (p, ".[");
          step->key = g_strndup (p, n);
          p += n;
        }
    }

  return steps;
}

gboolean
healing_json_locate (const char          *text,
                     gsize                length,
                     const char          *path,
                     HealingJsonLocation *location)
{
  Scanner s;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (location != NULL, FALSE);

  scanner_init (&s, text, length);
  s.steps = parse_path (path);
  s.location = location;
  scan (&s);
  g_ptr_array_unref (s.steps);
  scanner_clear (&s);

  return s.found;
}

/* ------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------ */

/* Sets a G_FILE_ERROR from @saved_errno; @format is a literal with a %s
 * for the file name and one for the system message. */
#define file_error(error, saved_errno, path, format) \
  G_STMT_START { \
    char *display_name_ = g_filename_display_name (path); \
    g_set_error ((error), G_FILE_ERROR, g_file_error_from_errno (saved_errno), \
                 (format), display_name_, g_strerror (saved_errno)); \
    g_free (display_name_); \
  } G_STMT_END

gboolean
healing_json_read_file (const char  *path,
                        gsize        max_size,
                        char       **contents,
                        gsize       *length,
                        GError     **error)
{
  struct stat st;
  gsize size, capacity;
  char *buffer;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (max_size < G_MAXSIZE - 2, FALSE);

  /* O_NONBLOCK: opening a FIFO for reading blocks until a writer comes,
   * and a device may block on read; neither is a configuration. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Translators: the first %s is a file name, the second a system message */
      file_error (error, saved_errno, path, _("Failed to open file “%s”: %s"));
      return FALSE;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      /* Translators: the first %s is a file name, the second a system message */
      file_error (error, saved_errno, path, _("Failed to get attributes of file “%s”: %s"));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      char *display_name = g_filename_display_name (path);

      close (fd);
      g_set_error (error, G_FILE_ERROR,
                   S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                   /* Translators: %s is a file name */
                   _("“%s” is not a regular file"), display_name);
      g_free (display_name);
      return FALSE;
    }

  capacity = MIN ((gsize) MAX (st.st_size, 0), max_size + 1) + 1;
  buffer = g_malloc (capacity);
  size = 0;

  /* The file may grow while it is read: read at most max_size + 1 bytes. */
  while (size < max_size + 1)
    {
      gssize n;

      if (size + 1 >= capacity)
        {
          capacity = MIN (capacity * 2, max_size + 2);
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + size, MIN (capacity - 1 - size, max_size + 1 - size));
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_free (buffer);
          close (fd);
          /* Translators: the first %s is a file name, the second a system message */
          file_error (error, saved_errno, path, _("Failed to read from file “%s”: %s"));
          return FALSE;
        }
      if (n == 0)
        break;
      size += n;
    }

  close (fd);
  buffer[size] = '\0';
  *contents = buffer;
  if (length != NULL)
    *length = size;

  return TRUE;
}
