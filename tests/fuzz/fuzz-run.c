/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Runs a fuzz target over files and folders of inputs, once each, with the
 * plain compiler: the seed corpus and the reproducers of past defects
 * (regressions/) become a normal test. Prints TAP, one line per input. */

#include "config.h"

#include <stdio.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "healing-fuzz.h"

static guint n_run;

static void
run_file (const char *path)
{
  GError *error = NULL;
  char *data;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &error))
    {
      printf ("not ok %u %s # %s\n", ++n_run, path, error->message);
      g_error_free (error);
      return;
    }

  /* A crash or an abort ends the run: meson reports the test failed, and
   * the last line printed names the input. */
  printf ("# %s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const guint8 *) data, length);
  printf ("ok %u %s\n", ++n_run, path);
  fflush (stdout);
  g_free (data);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
run_path (const char *path)
{
  GDir *dir;
  GPtrArray *names;
  const char *name;
  guint i;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  if (dir != NULL)
    g_dir_close (dir);

  /* In a stable order. */
  g_ptr_array_sort (names, compare_paths);
  for (i = 0; i < names->len; i++)
    run_path (g_ptr_array_index (names, i));
  g_ptr_array_unref (names);
}

int
main (int   argc,
      char *argv[])
{
  int i;

  for (i = 1; i < argc; i++)
    run_path (argv[i]);

  printf ("1..%u\n", n_run);

  return n_run > 0 ? 0 : 1;
}
