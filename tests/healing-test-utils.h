/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* 1 in an AddressSanitizer build (gcc or clang), else 0: for the few tests
 * whose subject the sanitizer build cannot run (an uninstrumented
 * interpreter loading an instrumented module). */
#if defined(__SANITIZE_ADDRESS__)
# define HEALING_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HEALING_TEST_UNDER_ASAN 1
# endif
#endif
#ifndef HEALING_TEST_UNDER_ASAN
# define HEALING_TEST_UNDER_ASAN 0
#endif

/* gtk_test_init () + healing_init (), and a fatal-log handler that lets a
 * critical raised inside a trap frame through: it is a fault of that frame,
 * not a test failure. Criticals anywhere else still fail the test. */
void       healing_test_init             (int        *argc,
                                          char     ***argv);

/* Makes the runtime's policy answer every fault with the fallback, the
 * behaviour the basic container tests check (healing_test_init () does it;
 * policy tests set their own). */
void       healing_test_use_fallback_policy (void);

/* How late after its timeout a hang may be caught and still pass: 1.5 s,
 * times HEALING_TEST_TIME_SCALE (the valgrind setup sets it: memcheck runs
 * one thread at a time, and the watchdog waits its turn). */
gint64     healing_test_hang_margin_ms   (void);

/* The next taint of the process is expected: its warning is not fatal. */
void       healing_test_expect_taint     (void);

/* A window of 400×300 with @child, shown and painted at least once. */
GtkWidget *healing_test_window_new       (GtkWidget  *child);

/* Iterates the main context until @widget's frame clock has painted @n
 * more frames (fails the test after 5 s). */
void       healing_test_wait_frames      (GtkWidget  *widget,
                                          guint       n);

/* Runs the main loop for @ms milliseconds, so timeouts get their chances
 * to run. */
void       healing_test_run_for          (guint       ms);

/* Iterates the main context until every pending idle has run. */
void       healing_test_flush            (void);

/* Renders @widget's whole window offscreen and returns the pixel at
 * (@x, @y) in @widget's coordinates as 0xAARRGGBB. */
guint32    healing_test_pixel_at         (GtkWidget  *widget,
                                          double      x,
                                          double      y);

/* Writes @widget's window as PNG to @path (for people looking at failures). */
void       healing_test_save_png         (GtkWidget  *widget,
                                          const char *path);

/* Removes @path and everything below it (symbolic links are removed, not
 * followed). For the temporary state folders of tests. */
void       healing_test_remove_tree      (const char *path);

/* After a failure that must not harm the process (a refused restore, a
 * failed write, a bad live reload): GLib's logging still works, a message
 * through the old API (which a stuck log depth would make fatal) and one
 * through the structured API both reach the log writer. Calls
 * healing_init (). */
void       healing_test_assert_logging_works (void);

/* A --coverage build (gcc or clang): writes the coverage counters now.
 * For a subprocess about to end by _exit () or by a signal, which skip the
 * write at exit. Does nothing in other builds. */
void       healing_test_write_coverage   (void);

G_END_DECLS
