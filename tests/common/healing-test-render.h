/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a window really shows, as the tests and the demo's scenario check
 * it: rendered by the window's own renderer, read back as pixels. */
typedef struct {
  guchar *data;    /* B8G8R8A8 premultiplied: 0xAARRGGBB on little-endian */
  int width;
  int height;
  gsize stride;
} HealingTestImage;

/* Renders @window (a GtkNative) the way GTK would: its paintable,
 * snapshotted, rendered by its own renderer; also saved as PNG to
 * @png_path if it is not %NULL. %NULL while a relayout is pending (there
 * is nothing to render until the next frame). */
HealingTestImage *healing_test_image_new_for_window (GtkWidget              *window,
                                                     const char             *png_path);
void              healing_test_image_free           (HealingTestImage       *image);
/* The pixel at (@x, @y), clamped to the image. */
guint32           healing_test_image_pixel          (const HealingTestImage *image,
                                                     int                     x,
                                                     int                     y);

/* Iterates the main loop until @window painted @n frames (asking for
 * them), at most @timeout_ms; whether they came. */
gboolean          healing_test_wait_painted         (GtkWidget              *window,
                                                     guint                   n,
                                                     guint                   timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HealingTestImage, healing_test_image_free)

G_END_DECLS
