/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What libhealing reads as JSON, before json-glib sees it.
 *
 * json-glib 1.6 parses recursively (a text nested 100,000 deep overflows the
 * stack), wraps integer literals beyond 64 bits, and accepts much that is not
 * JSON: octal and hexadecimal numbers (`010` is 8), `var x = …;`, a second
 * document after the first (ignored), escapes that make strings invalid
 * UTF-8. healing_json_check() scans the text once, without recursion, and
 * accepts only the JSON of RFC 8259 plus two things json-glib reads the
 * same way: single-quoted strings (everything up to the next `'`, no
 * escapes) and `/​* … *​/` comments without a `/` inside. It enforces the
 * limits below and refuses duplicate members, so that what passes is read
 * by json-glib exactly as the scan saw it, and every value can be located
 * by its key path (healing_json_locate()).
 */

/* A member count limit for the containers at a key path: "healing.components"
 * or "healing.components.*.escalation" ("*" matches any one key). */
typedef struct
{
  const char *pattern;
  guint max;
} HealingJsonCountLimit;

typedef struct
{
  gsize max_size;           /* bytes of text */
  guint max_depth;          /* nested arrays and objects */
  gsize max_string;         /* bytes of one string or number, as written */
  guint max_values;         /* values in the whole text */
  const HealingJsonCountLimit *counts;  /* ends with a NULL pattern; may be NULL */
} HealingJsonLimits;

typedef enum
{
  HEALING_JSON_PROBLEM_NONE,
  HEALING_JSON_PROBLEM_ENCODING,
  HEALING_JSON_PROBLEM_SYNTAX,
  HEALING_JSON_PROBLEM_EMPTY,
  HEALING_JSON_PROBLEM_LIMIT,
  HEALING_JSON_PROBLEM_RANGE,
  HEALING_JSON_PROBLEM_DUPLICATE,
} HealingJsonProblemKind;

typedef struct
{
  HealingJsonProblemKind kind;
  guint line;               /* 1-based */
  guint column;             /* 1-based, in characters */
  char *path;               /* key path of the value concerned; "" for the root */
  char *message;            /* translated, valid UTF-8, bounded */
} HealingJsonProblem;

/* Where a member or element sits in a JSON text: its key (for members) and
 * its value, as 1-based lines and columns (in characters). */
typedef struct
{
  guint key_line;
  guint key_column;
  guint line;
  guint column;
} HealingJsonLocation;

gboolean healing_json_check          (const char              *text,
                                      gsize                    length,
                                      const HealingJsonLimits *limits,
                                      HealingJsonProblem      *problem);
void     healing_json_problem_clear  (HealingJsonProblem      *problem);

/* Finds the value at @path (see healing_json_path_append()) in a text that
 * passed healing_json_check(). Keeps O(depth) memory. */
gboolean healing_json_locate         (const char              *text,
                                      gsize                    length,
                                      const char              *path,
                                      HealingJsonLocation     *location);

/* Key paths: members are joined with ".", elements with "[n]"; a key that
 * is empty or holds a space, `.`, `[`, `]`, `"`, `\` or a control character
 * is written `["…"]`, escaped as in JSON: healing.components["a.b"].retry. */
void     healing_json_path_append       (GString                 *path,
                                         const char              *key);
void     healing_json_path_append_index (GString                 *path,
                                         guint                    index);

/* A copy of @text cut to at most @max_bytes bytes (plus "…") at a character
 * boundary, with invalid UTF-8 replaced: fit for an error message. */
char    *healing_json_abbreviate     (const char              *text,
                                      gssize                   length,
                                      gsize                    max_bytes);

/* Reads a file without blocking on FIFOs or devices: opens it with
 * O_NONBLOCK, refuses what is not a regular file, and reads at most
 * @max_size + 1 bytes (so that the check can tell the file is too large).
 * Errors are G_FILE_ERROR, naming the file. */
gboolean healing_json_read_file      (const char              *path,
                                      gsize                    max_size,
                                      char                   **contents,
                                      gsize                   *length,
                                      GError                 **error);

G_END_DECLS
