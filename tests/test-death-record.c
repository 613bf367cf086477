/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * HealingDeathRecord: the record format the trap and the supervisor write
 * (a "libhealing-record 1" block of key=value lines), read from data, from
 * a file and from a stream, and its errors and limits. The records that real
 * deaths leave are checked in test-supervisor.
 */

#include <signal.h>
#include <string.h>

#include "healing.h"
#include "healing-death-record-private.h"

/* ------------------------------------------------------------------------
 * The record format
 * ------------------------------------------------------------------------ */

static void
test_record_parse (void)
{
  static const char text[] =
    "libhealing-record 1\n"
    "reason=unsafe-unwind\n"
    "pid=4242\n"
    "time=1796112000\n"
    "signal=6\n"
    "signal_name=ABRT\n"
    "component=form\n"
    "phase=handler\n"
    "unsafe_frame=malloc_printerr libc.so.6+0x8f1c2\n"
    "some_future_key=kept\n"
    "a line without an equals sign\n"
    "frame=0x1 libfoo.so+0x10 one\n"
    "frame=0x2 libfoo.so+0x20 two\n"
    "restored=form.json 1796111000\n"
    "\n"
    "reason=not part of the record\n";
  g_autoptr (GError) error = NULL;
  HealingDeathRecord *record = healing_death_record_new_from_data (text, -1, &error);
  g_autofree char *summary = NULL, *details = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (healing_death_record_get_reason (record), ==, "unsafe-unwind");
  g_assert_cmpint (healing_death_record_get_pid (record), ==, 4242);
  g_assert_cmpint (healing_death_record_get_time (record), ==, 1796112000);
  g_assert_cmpint (healing_death_record_get_signal (record), ==, SIGABRT);
  g_assert_cmpstr (healing_death_record_get_signal_name (record), ==, "ABRT");
  g_assert_cmpstr (healing_death_record_get_component (record), ==, "form");
  g_assert_cmpstr (healing_death_record_get_value (record, "some_future_key"), ==, "kept");
  /* Missing keys read as empty. */
  g_assert_cmpstr (healing_death_record_get_taint (record), ==, "");
  g_assert_null (healing_death_record_get_value (record, "taint"));
  g_assert_cmpint (healing_death_record_get_exit_status (record), ==, -1);
  g_assert_cmpuint (g_strv_length ((char **) healing_death_record_get_frames (record)), ==, 2);
  g_assert_cmpstr (healing_death_record_get_frames (record)[1], ==, "0x2 libfoo.so+0x20 two");
  g_assert_cmpstr (healing_death_record_get_restored (record)[0], ==, "form.json 1796111000");

  summary = healing_death_record_dup_summary (record);
  g_assert_cmpstr (summary, ==, "A crash in “form” could not be healed safely (SIGABRT)");
  details = healing_death_record_dup_details (record);
  g_assert_nonnull (strstr (details, "malloc_printerr"));
  g_assert_nonnull (strstr (details, "#1 0x2 libfoo.so+0x20 two"));

  g_assert_finalize_object (record);
}

static void
test_record_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HealingDeathRecord) record = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *long_line = NULL;

  record = healing_death_record_new_from_data ("\n\nreason=wedged\n", -1, &error);
  g_assert_null (record);
  g_assert_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "<data>:3: not a death record (it must begin with “libhealing-record 1”)");
  g_clear_error (&error);

  record = healing_death_record_new_from_data ("", -1, &error);
  g_assert_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_INVALID);
  g_clear_error (&error);

  huge = g_strnfill (HEALING_DEATH_RECORD_MAX_SIZE + 1, 'x');
  record = healing_death_record_new_from_data (huge, -1, &error);
  g_assert_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_TOO_LARGE);
  g_clear_error (&error);

  {
    g_autofree char *value = g_strnfill (5000, 'y');

    long_line = g_strconcat ("libhealing-record 1\nreason=", value, "\n", NULL);
  }
  record = healing_death_record_new_from_data (long_line, -1, &error);
  g_assert_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "<data>:2:"));
  g_clear_error (&error);

  record = healing_death_record_new_from_file ("/nonexistent/x.record", &error);
  g_assert_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_READ);
}

static void
test_record_stream (void)
{
  static const char stream[] =
    "libhealing-record 1\nreason=started\nstate_dir=/tmp/x\n\n"
    "garbage\n\n"
    "libhealing-record 1\nreason=wedged\nsignal=6\n\n"
    "libhealing-record 1\nreason=no-fr";
  gsize consumed = 0;
  g_autoptr (GPtrArray) records = healing_death_record_parse_stream (stream, strlen (stream), &consumed);

  /* The invalid one is skipped, the incomplete one left for later. */
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (healing_death_record_get_reason (g_ptr_array_index (records, 0)), ==, "started");
  g_assert_cmpstr (healing_death_record_get_reason (g_ptr_array_index (records, 1)), ==, "wedged");
  g_assert_cmpstr (stream + consumed, ==, "libhealing-record 1\nreason=no-fr");

  /* The array holds the only references. */
  while (records->len > 0)
    g_assert_finalize_object (g_ptr_array_steal_index (records, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Healing/DeathRecord/parse", test_record_parse);
  g_test_add_func ("/Healing/DeathRecord/errors", test_record_errors);
  g_test_add_func ("/Healing/DeathRecord/stream", test_record_stream);

  return g_test_run ();
}
