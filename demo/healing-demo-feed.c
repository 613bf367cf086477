/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <healing.h>

#include "healing-demo-feed.h"

/*
 * HealingDemoFeed:
 *
 * A news feed that polls a server while it is on screen. The "server" is
 * simulated: each request is a GTask that completes after a short latency,
 * with headlines while the simulated network is online and, while it is
 * not, with G_IO_ERROR_NETWORK_UNREACHABLE or G_RESOLVER_ERROR_NOT_FOUND,
 * alternately.
 *
 * A failed request is reported to the HealingContainer around the feed
 * with healing_container_report_error (): errors of the `network` class go
 * to the component's circuit breaker, which all feeds with the same
 * component id share. While the breaker is open the container shows its
 * fallback; the feed is unmapped and stops polling (in-flight requests are
 * cancelled). When the breaker lets a trial through, the feed is mapped
 * again and polls at once: a success closes the breaker.
 */

#define POLL_INTERVAL_MS 300
#define LATENCY_MS 60
#define N_HEADLINES 4

static gboolean network_online = TRUE;

struct _HealingDemoFeed
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *headlines[N_HEADLINES];
  GtkWidget *status;
  char *source;

  GCancellable *cancellable;
  guint poll_id;
  gboolean in_flight;

  guint requests;
  guint successes;
  guint failures;
};

G_DEFINE_FINAL_TYPE (HealingDemoFeed, healing_demo_feed, GTK_TYPE_WIDGET)

gboolean
healing_demo_network_get_online (void)
{
  return network_online;
}

void
healing_demo_network_set_online (gboolean online)
{
  network_online = !!online;
}

/* ------------------------------------------------------------------------
 * The simulated server
 * ------------------------------------------------------------------------ */

static gboolean
respond_cb (gpointer data)
{
  GTask *task = data;
  guint serial = GPOINTER_TO_UINT (g_task_get_task_data (task));

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (network_online)
    g_task_return_pointer (task, g_strdup_printf ("%u", serial), g_free);
  else if (serial % 2 == 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                             /* Translators: a simulated network error */
                             _("Network is unreachable"));
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                             /* Translators: a simulated network error */
                             _("Could not resolve “news.example.org”"));

  return G_SOURCE_REMOVE;
}

static void
fetch_async (HealingDemoFeed     *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GSource *source;

  g_task_set_source_tag (task, fetch_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->requests), NULL);

  source = g_timeout_source_new (LATENCY_MS);
  g_source_set_static_name (source, "[healing-demo] feed request");
  /* The source holds the task until it responds. */
  g_task_attach_source (task, source, respond_cb);
  g_source_unref (source);
  g_object_unref (task);
}

static char *
fetch_finish (HealingDemoFeed  *self,
              GAsyncResult     *result,
              GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------
 * Polling
 * ------------------------------------------------------------------------ */

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HealingDemoFeed *self = HEALING_DEMO_FEED (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *serial = fetch_finish (self, result, &error);
  g_autofree char *headline = NULL;
  g_autofree char *status = NULL;
  GtkWidget *container;
  guint i;

  self->in_flight = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      self->failures++;
      /* Translators: %s is a network error */
      status = g_strdup_printf (_("Request failed: %s"), error->message);
      gtk_label_set_text (GTK_LABEL (self->status), status);

      container = gtk_widget_get_ancestor (GTK_WIDGET (self), HEALING_TYPE_CONTAINER);
      if (container != NULL)
        healing_container_report_error (HEALING_CONTAINER (container), error);
      return;
    }

  self->successes++;
  /* The request worked again: that, not the panel's drawing, ends the
   * episode (and closes a half-open breaker). */
  container = gtk_widget_get_ancestor (GTK_WIDGET (self), HEALING_TYPE_CONTAINER);
  if (container != NULL)
    healing_container_report_success (HEALING_CONTAINER (container));

  /* Scroll the headlines up by one. */
  for (i = 0; i + 1 < N_HEADLINES; i++)
    gtk_label_set_text (GTK_LABEL (self->headlines[i]),
                        gtk_label_get_text (GTK_LABEL (self->headlines[i + 1])));
  /* Translators: 1: the name of a news source, 2: a number */
  headline = g_strdup_printf (_("%1$s: headline #%2$s"), self->source, serial);
  gtk_label_set_text (GTK_LABEL (self->headlines[N_HEADLINES - 1]), headline);
  /* Translators: %u is a number of successful requests */
  status = g_strdup_printf (ngettext ("%u update received", "%u updates received",
                                      self->successes),
                            self->successes);
  gtk_label_set_text (GTK_LABEL (self->status), status);
}

static gboolean
poll_cb (gpointer data)
{
  HealingDemoFeed *self = data;

  if (self->in_flight)
    return G_SOURCE_CONTINUE;

  self->in_flight = TRUE;
  self->requests++;
  fetch_async (self, self->cancellable, fetched_cb, NULL);

  return G_SOURCE_CONTINUE;
}

static void
healing_demo_feed_map (GtkWidget *widget)
{
  HealingDemoFeed *self = HEALING_DEMO_FEED (widget);

  GTK_WIDGET_CLASS (healing_demo_feed_parent_class)->map (widget);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = FALSE;

  /* On screen again (perhaps as a breaker's trial): poll at once. */
  poll_cb (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

static void
healing_demo_feed_unmap (GtkWidget *widget)
{
  HealingDemoFeed *self = HEALING_DEMO_FEED (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (healing_demo_feed_parent_class)->unmap (widget);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
healing_demo_feed_dispose (GObject *object)
{
  HealingDemoFeed *self = HEALING_DEMO_FEED (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (healing_demo_feed_parent_class)->dispose (object);
}

static void
healing_demo_feed_finalize (GObject *object)
{
  HealingDemoFeed *self = HEALING_DEMO_FEED (object);

  g_free (self->source);

  G_OBJECT_CLASS (healing_demo_feed_parent_class)->finalize (object);
}

static void
healing_demo_feed_class_init (HealingDemoFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = healing_demo_feed_dispose;
  object_class->finalize = healing_demo_feed_finalize;

  widget_class->map = healing_demo_feed_map;
  widget_class->unmap = healing_demo_feed_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "newsfeed");
}

static void
healing_demo_feed_init (HealingDemoFeed *self)
{
  guint i;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  for (i = 0; i < N_HEADLINES; i++)
    {
      self->headlines[i] = gtk_label_new ("");
      gtk_label_set_xalign (GTK_LABEL (self->headlines[i]), 0);
      gtk_label_set_ellipsize (GTK_LABEL (self->headlines[i]), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (self->box), self->headlines[i]);
    }

  /* Translators: a news feed's status before its first request */
  self->status = gtk_label_new (_("Connecting…"));
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->status), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->status, "dim-label");
  gtk_widget_set_vexpand (self->status, TRUE);
  gtk_widget_set_valign (self->status, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (self->box), self->status);
}

GtkWidget *
healing_demo_feed_new (const char *source)
{
  HealingDemoFeed *self = g_object_new (HEALING_DEMO_TYPE_FEED, NULL);

  self->source = g_strdup (source);

  return GTK_WIDGET (self);
}

guint
healing_demo_feed_get_requests (HealingDemoFeed *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FEED (self), 0);

  return self->requests;
}

guint
healing_demo_feed_get_successes (HealingDemoFeed *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FEED (self), 0);

  return self->successes;
}

guint
healing_demo_feed_get_failures (HealingDemoFeed *self)
{
  g_return_val_if_fail (HEALING_DEMO_IS_FEED (self), 0);

  return self->failures;
}
