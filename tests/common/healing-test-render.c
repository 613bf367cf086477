/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-test-render.h"

HealingTestImage *
healing_test_image_new_for_window (GtkWidget  *window,
                                   const char *png_path)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  HealingTestImage *image;
  GskRenderNode *node;
  GskRenderer *renderer;
  GdkTexture *texture;

  g_return_val_if_fail (GTK_IS_NATIVE (window), NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_object_unref (paintable);
  if (node == NULL)
    return NULL;

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  if (png_path != NULL && !gdk_texture_save_to_png (texture, png_path))
    g_printerr ("could not write %s\n", png_path);

  image = g_new0 (HealingTestImage, 1);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->stride = (gsize) image->width * 4;
  image->data = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->data, image->stride);
  g_object_unref (texture);

  return image;
}

void
healing_test_image_free (HealingTestImage *image)
{
  if (image == NULL)
    return;

  g_free (image->data);
  g_free (image);
}

guint32
healing_test_image_pixel (const HealingTestImage *image,
                          int                     x,
                          int                     y)
{
  x = CLAMP (x, 0, image->width - 1);
  y = CLAMP (y, 0, image->height - 1);

  return GUINT32_FROM_LE (*(guint32 *) (image->data + y * image->stride + x * 4));
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

static gboolean
expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

gboolean
healing_test_wait_painted (GtkWidget *window,
                           guint      n,
                           guint      timeout_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean expired = FALSE;
  guint painted = 0;
  gulong handler;
  guint timeout;

  if (clock == NULL)
    return FALSE;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  timeout = g_timeout_add (timeout_ms, expired_cb, &expired);

  while (painted < n && !expired)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handler_disconnect (clock, handler);
  if (!expired)
    g_source_remove (timeout);

  return !expired;
}
