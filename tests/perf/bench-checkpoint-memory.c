/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What a container costs in memory over a plain GtkBox: 10,000 of each,
 * each around a label, in the same run, measured as the growth of the
 * heap in use (glibc's mallinfo2 ()) — first as built, then after every
 * container took its first checkpoint, then after three more (each after
 * a change of its label, so each is a new checkpoint in the ring).
 *
 * Run under a display: xvfb-run tests/perf/bench-checkpoint-memory [n]
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include <healing.h>

static gsize
heap_in_use (void)
{
  struct mallinfo2 info;

  /* Freed memory at the top of the heap would count as in use otherwise. */
  malloc_trim (0);
  info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static GtkWidget *
make_label (guint i)
{
  char text[32];

  g_snprintf (text, sizeof text, "Label %u", i);
  return gtk_label_new (text);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  GtkWidget *boxes, *containers;
  GtkWidget **children;
  gsize before, box_bytes, container_bytes, first_bytes, more_bytes;
  guint i, k;

  gtk_init ();
  healing_init ();

  /* Warm up the types, the plans and the rules, so that their one-time
   * costs are not counted per object. */
  {
    GtkWidget *warm = g_object_ref_sink (healing_container_new ());
    GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
    HealingCheckpointRing *ring;

    healing_container_set_child (HEALING_CONTAINER (warm), make_label (0));
    ring = HEALING_CHECKPOINT_RING (healing_container_get_checkpoints (HEALING_CONTAINER (warm)));
    healing_checkpoint_ring_checkpoint (ring);
    gtk_box_append (GTK_BOX (box), make_label (0));
    g_object_unref (warm);
    g_object_unref (box);
  }

  children = g_new0 (GtkWidget *, n);
  boxes = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  containers = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));

  before = heap_in_use ();
  for (i = 0; i < n; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_box_append (GTK_BOX (box), make_label (i));
      gtk_box_append (GTK_BOX (boxes), box);
    }
  box_bytes = heap_in_use () - before;

  before = heap_in_use ();
  for (i = 0; i < n; i++)
    {
      GtkWidget *container = healing_container_new ();

      children[i] = make_label (i);
      healing_container_set_child (HEALING_CONTAINER (container), children[i]);
      gtk_box_append (GTK_BOX (containers), container);
    }
  container_bytes = heap_in_use () - before;

  /* What the automatic checkpoint does: the container's ring, created on
   * first use, checkpoints the child's subtree. */
  before = heap_in_use ();
  for (i = 0; i < n; i++)
    {
      GtkWidget *container = gtk_widget_get_parent (children[i]);
      GListModel *ring = healing_container_get_checkpoints (HEALING_CONTAINER (container));

      healing_checkpoint_ring_checkpoint (HEALING_CHECKPOINT_RING (ring));
    }
  first_bytes = heap_in_use () - before;

  before = heap_in_use ();
  for (k = 1; k <= 3; k++)
    for (i = 0; i < n; i++)
      {
        GtkWidget *container = gtk_widget_get_parent (children[i]);
        GListModel *ring = healing_container_get_checkpoints (HEALING_CONTAINER (container));
        char text[48];

        g_snprintf (text, sizeof text, "Label %u, version %u", i, k);
        gtk_label_set_label (GTK_LABEL (children[i]), text);
        healing_checkpoint_ring_checkpoint (HEALING_CHECKPOINT_RING (ring));
      }
  more_bytes = heap_in_use () - before;

  printf ("%u of each, around a label (heap in use, mallinfo2)\n", n);
  printf ("GtkBox                                  %8.0f B each\n", (double) box_bytes / n);
  printf ("HealingContainer                        %8.0f B each  (%.3f×, %+.0f B)\n",
          (double) container_bytes / n, (double) container_bytes / box_bytes,
          ((double) container_bytes - box_bytes) / n);
  printf ("  + first checkpoint (ring, capture)    %8.0f B each  (%+.0f B over a GtkBox in all)\n",
          (double) first_bytes / n, ((double) container_bytes + first_bytes - box_bytes) / n);
  printf ("  + 3 more checkpoints, label changed   %8.0f B each  (%+.0f B over a GtkBox in all)\n",
          (double) more_bytes / n,
          ((double) container_bytes + first_bytes + more_bytes - box_bytes) / n);

  g_object_unref (containers);
  g_object_unref (boxes);
  g_free (children);

  return 0;
}
