/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "healing-patch-feed.h"
#include "healing-container.h"
#include "healing-patch-private.h"
#include "healing-runtime.h"

/**
 * HealingPatchFeed:
 *
 * Fetches hot patches from a static feed and hands them to a
 * [class@PatchStore].
 *
 * A feed is what `healingctl publish DIR` writes: `index.json`, listing
 * each bundle's component, version, path, size and SHA-256, and the
 * bundles. Trust comes from the bundles' signatures, not from where they
 * are served, so any web server or CDN can serve a feed to a fleet.
 *
 * The feed's URI is either
 *
 * - `http://` or `https://`: the index is fetched with libsoup, with
 *   `If-None-Match` so an unchanged index costs a `304`, every
 *   [property@PatchFeed:interval] milliseconds — but only while some
 *   container waits for a patch ([enum@Healing.State.awaiting_patch]),
 *   unless [property@PatchFeed:always-poll] is set. A failed fetch is
 *   retried later and later (the interval doubled for each failure in a
 *   row, up to 64 times it); responses larger than their limit are cut off
 *   and refused, and a server slower than [property@PatchFeed:timeout]
 *   seconds counts as a failure;
 * - `file://`: a watched folder, read again whenever its `index.json`
 *   changes.
 *
 * Bundles newer than what the store applied to a component that has a
 * container are fetched, checked against their size and digest, and
 * applied with [method@PatchStore.apply_to], which verifies them.
 */
struct _HealingPatchFeed
{
  GObject parent_instance;

  HealingPatchStore *store;
  char *uri;
  GUri *base;
  gboolean is_file;

  GFileMonitor *monitor;
  SoupSession *session;
  char *etag;

  guint interval;
  guint timeout;
  gboolean always_poll;

  gboolean running;
  gboolean busy;
  guint timer_id;
  guint failures;
  guint next_delay;
  guint requests;
  GCancellable *cancellable;

  /* The refresh under way: the index's ETag, the entries left to fetch. */
  char *pending_etag;
  GQueue entries;
  guint applied;
  /* A bundle could not be applied yet (another version was in its
   * trial): the index is read again when that trial ends. */
  gboolean incomplete;
};

typedef struct
{
  char *component;
  guint64 version;
  char *uri;
  gsize size;
  char *sha256;
} Entry;

enum {
  PROP_0,
  PROP_STORE,
  PROP_URI,
  PROP_INTERVAL,
  PROP_TIMEOUT,
  PROP_ALWAYS_POLL,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

enum {
  SIGNAL_REFRESHED,
  SIGNAL_FAILED,
  SIGNAL_LAST_SIGNAL,
};

static guint signals[SIGNAL_LAST_SIGNAL];

G_DEFINE_FINAL_TYPE (HealingPatchFeed, healing_patch_feed, G_TYPE_OBJECT)

/* The longest backoff, as a multiple of the interval. */
#define MAX_BACKOFF 64

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->component);
  g_free (entry->uri);
  g_free (entry->sha256);
  g_free (entry);
}

static void schedule (HealingPatchFeed *self);
static void fetch_next (HealingPatchFeed *self);

/* ------------------------------------------------------------------------
 * The end of a refresh
 * ------------------------------------------------------------------------ */

static void
finish (HealingPatchFeed *self,
        GError           *error)
{
  self->busy = FALSE;
  g_queue_clear_full (&self->entries, entry_free);

  /* Stopped: not a failure of the feed. */
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&self->pending_etag, g_free);
      g_error_free (error);
      return;
    }

  if (error == NULL)
    {
      self->failures = 0;
      self->next_delay = self->interval;
      /* Keep the ETag only once everything in the index was dealt with. */
      if (self->incomplete)
        g_clear_pointer (&self->pending_etag, g_free);
      if (self->pending_etag != NULL)
        {
          g_free (self->etag);
          self->etag = g_steal_pointer (&self->pending_etag);
        }
      g_signal_emit (self, signals[SIGNAL_REFRESHED], 0, self->applied);
    }
  else
    {
      self->failures++;
      self->next_delay = self->interval * (guint) MIN (1u << MIN (self->failures, 6u), MAX_BACKOFF);
      g_clear_pointer (&self->pending_etag, g_free);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      g_error_free (error);
    }

  schedule (self);
}

/* ------------------------------------------------------------------------
 * The index
 * ------------------------------------------------------------------------ */

static gboolean
path_is_safe (const char *path)
{
  return path[0] != '\0' && path[0] != '/' && strstr (path, "..") == NULL &&
         strchr (path, ':') == NULL && strchr (path, '\\') == NULL && strchr (path, '?') == NULL;
}

static gboolean
read_index (HealingPatchFeed  *self,
            GBytes            *bytes,
            GError           **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *source = g_strconcat (self->uri, "index.json", NULL);
  const char *text;
  gsize length;
  JsonNode *root, *patches;
  guint i;

  text = g_bytes_get_data (bytes, &length);
  if (!healing_patch_check_json (text, length, source, error))
    return FALSE;

  if (!json_parser_load_from_data (parser, text, length, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (patches = json_object_get_member (json_node_get_object (root), "patches")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (patches))
    {
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: %s are a URL and a detail */
                   _("%s: not a patch feed index: %s"), source,
                   local_error != NULL ? local_error->message : _("no “patches” array"));
      return FALSE;
    }

  for (i = 0; i < json_array_get_length (json_node_get_array (patches)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (patches), i);
      JsonObject *object;
      const char *component, *path, *sha256;
      gint64 version, size;
      g_autoptr (GUri) uri = NULL;
      Entry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad_entry;
      object = json_node_get_object (node);
      component = json_object_get_string_member_with_default (object, "component", NULL);
      path = json_object_get_string_member_with_default (object, "path", NULL);
      sha256 = json_object_get_string_member_with_default (object, "sha256", NULL);
      version = json_object_get_int_member_with_default (object, "version", 0);
      size = json_object_get_int_member_with_default (object, "size", 0);
      if (component == NULL || path == NULL || !path_is_safe (path) || version < 1 ||
          size < 1 || size > 64 * 1024 * 1024)
        goto bad_entry;

      /* Only what could be applied is fetched. */
      if ((guint64) version <= healing_patch_store_get_highest_version (self->store, component) ||
          healing_patch_store_is_revoked (self->store, component, version))
        continue;

      {
        GListModel *containers = healing_runtime_get_containers (healing_runtime_get_default ());
        gboolean found = FALSE;
        guint j;

        for (j = 0; !found && j < g_list_model_get_n_items (containers); j++)
          {
            g_autoptr (HealingContainer) container = g_list_model_get_item (containers, j);

            found = g_strcmp0 (healing_container_get_component_id (container), component) == 0;
          }
        if (!found)
          continue;
      }

      uri = g_uri_parse_relative (self->base, path, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL)
        goto bad_entry;

      entry = g_new0 (Entry, 1);
      entry->component = g_strdup (component);
      entry->version = version;
      entry->uri = g_uri_to_string (uri);
      entry->size = size;
      entry->sha256 = g_strdup (sha256);
      g_queue_push_tail (&self->entries, entry);
      continue;

    bad_entry:
      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_MALFORMED,
                   /* Translators: %s is a URL, %u a position in a list */
                   _("%s: entry %u of “patches” is not a component, version, size and relative path"),
                   source, i);
      return FALSE;
    }

  return TRUE;
}

/* Checks a fetched bundle against its entry and hands it to the store. */
static void
take_bundle (HealingPatchFeed *self,
             Entry            *entry,
             GBytes           *bytes)
{
  g_autoptr (GError) error = NULL;

  if (entry->sha256 != NULL)
    {
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

      if (!g_str_equal (digest, entry->sha256))
        {
          /* Not the bundle the index named: the store refuses nothing it
           * does not see, so say it here. */
          g_debug ("libhealing: %s does not match its digest in the index; skipped", entry->uri);
          return;
        }
    }

  if (healing_patch_store_apply_to (self->store, entry->component, bytes, entry->uri, &error))
    self->applied++;
  else if (g_error_matches (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_BUSY))
    self->incomplete = TRUE;
}

/* ------------------------------------------------------------------------
 * Folders
 * ------------------------------------------------------------------------ */

static GBytes *
load_limited (GFile   *file,
              gsize    limit,
              GError **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  if ((guint64) g_file_info_get_size (info) > limit)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                   /* Translators: %s is a URL, then a number of bytes */
                   _("%s: larger than the limit of %s bytes"), uri, healing_patch_num (limit).s);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
refresh_folder (HealingPatchFeed *self)
{
  g_autoptr (GFile) dir = g_file_new_for_uri (self->uri);
  g_autoptr (GFile) index = g_file_get_child (dir, "index.json");
  g_autoptr (GBytes) bytes = NULL;
  GError *error = NULL;
  Entry *entry;

  self->requests++;
  bytes = load_limited (index, HEALING_PATCH_FEED_MAX_INDEX_SIZE, &error);
  if (bytes == NULL || !read_index (self, bytes, &error))
    {
      finish (self, error);
      return;
    }

  while ((entry = g_queue_pop_head (&self->entries)) != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_uri (entry->uri);
      g_autoptr (GBytes) bundle = load_limited (file, entry->size, &error);

      if (bundle == NULL)
        {
          entry_free (entry);
          finish (self, error);
          return;
        }
      take_bundle (self, entry, bundle);
      entry_free (entry);
    }

  finish (self, NULL);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    HealingPatchFeed  *self)
{
  g_autofree char *name = g_file_get_basename (event == G_FILE_MONITOR_EVENT_RENAMED ||
                                               event == G_FILE_MONITOR_EVENT_MOVED_IN
                                               ? (other != NULL ? other : file) : file);

  if (!g_str_equal (name, "index.json"))
    return;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      healing_patch_feed_refresh (self);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

/* ------------------------------------------------------------------------
 * HTTP
 * ------------------------------------------------------------------------ */

typedef void (*ReadDone) (HealingPatchFeed *self,
                          SoupMessage      *message,
                          GBytes           *bytes,
                          GError           *error);

typedef struct
{
  HealingPatchFeed *self;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *data;
  gsize limit;
  ReadDone done;
} Read;

static void
read_free (Read *read)
{
  g_object_unref (read->self);
  g_object_unref (read->message);
  g_clear_object (&read->stream);
  g_byte_array_unref (read->data);
  g_free (read);
}

static void
read_end (Read   *read,
          GError *error)
{
  GBytes *bytes = error == NULL ? g_byte_array_free_to_bytes (g_byte_array_ref (read->data)) : NULL;

  read->done (read->self, read->message, bytes, error);
  g_clear_pointer (&bytes, g_bytes_unref);
  read_free (read);
}

static void
read_chunk_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Read *read = data;
  GError *error = NULL;
  g_autoptr (GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      read_end (read, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      read_end (read, NULL);
      return;
    }

  g_byte_array_append (read->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (read->data->len > read->limit)
    {
      g_autofree char *uri = g_uri_to_string (soup_message_get_uri (read->message));

      /* Endless data: stop reading at once. */
      g_cancellable_cancel (read->self->cancellable);
      g_clear_object (&read->self->cancellable);
      read->self->cancellable = g_cancellable_new ();
      g_set_error (&error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                   _("%s: larger than the limit of %s bytes"), uri, healing_patch_num (read->limit).s);
      read_end (read, error);
      return;
    }

  g_input_stream_read_bytes_async (read->stream, 16 * 1024, G_PRIORITY_DEFAULT,
                                   read->self->cancellable, read_chunk_cb, read);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Read *read = data;
  GError *error = NULL;
  guint status;
  goffset length;

  read->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (read->stream == NULL)
    {
      read_end (read, error);
      return;
    }

  status = soup_message_get_status (read->message);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      read_end (read, NULL);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *uri = g_uri_to_string (soup_message_get_uri (read->message));

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is a URL, %u an HTTP status */
                   _("%s: the server answered %u %s"), uri, status,
                   soup_message_get_reason_phrase (read->message));
      read_end (read, error);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (read->message));
  if (length > 0 && (guint64) length > read->limit)
    {
      g_autofree char *uri = g_uri_to_string (soup_message_get_uri (read->message));

      g_set_error (&error, HEALING_PATCH_ERROR, HEALING_PATCH_ERROR_OVERSIZED,
                   _("%s: larger than the limit of %s bytes"), uri, healing_patch_num (read->limit).s);
      read_end (read, error);
      return;
    }

  g_input_stream_read_bytes_async (read->stream, 16 * 1024, G_PRIORITY_DEFAULT,
                                   read->self->cancellable, read_chunk_cb, read);
}

static void
fetch (HealingPatchFeed *self,
       const char       *uri,
       const char       *etag,
       gsize             limit,
       ReadDone          done)
{
  Read *read = g_new0 (Read, 1);

  read->self = g_object_ref (self);
  read->message = soup_message_new (SOUP_METHOD_GET, uri);
  read->data = g_byte_array_new ();
  read->limit = limit;
  read->done = done;

  if (etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (read->message),
                                  "If-None-Match", etag);

  self->requests++;
  soup_session_send_async (self->session, read->message, G_PRIORITY_DEFAULT,
                           self->cancellable, sent_cb, read);
}

static void
bundle_done (HealingPatchFeed *self,
             SoupMessage      *message,
             GBytes           *bytes,
             GError           *error)
{
  Entry *entry = g_queue_pop_head (&self->entries);

  if (error != NULL)
    {
      entry_free (entry);
      finish (self, error);
      return;
    }

  if (bytes != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
    take_bundle (self, entry, bytes);
  entry_free (entry);
  fetch_next (self);
}

static void
fetch_next (HealingPatchFeed *self)
{
  Entry *entry = g_queue_peek_head (&self->entries);

  if (entry == NULL)
    {
      finish (self, NULL);
      return;
    }

  fetch (self, entry->uri, NULL, entry->size, bundle_done);
}

static void
index_done (HealingPatchFeed *self,
            SoupMessage      *message,
            GBytes           *bytes,
            GError           *error)
{
  if (error != NULL)
    {
      finish (self, error);
      return;
    }

  /* 304 Not Modified: nothing new. */
  if (soup_message_get_status (message) == SOUP_STATUS_NOT_MODIFIED)
    {
      finish (self, NULL);
      return;
    }

  g_free (self->pending_etag);
  self->pending_etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                               "ETag"));
  if (!read_index (self, bytes, &error))
    {
      finish (self, error);
      return;
    }

  fetch_next (self);
}

/* ------------------------------------------------------------------------
 * Polling
 * ------------------------------------------------------------------------ */

static gboolean
anything_awaits (void)
{
  GListModel *containers = healing_runtime_get_containers (healing_runtime_get_default ());
  guint i;

  for (i = 0; i < g_list_model_get_n_items (containers); i++)
    {
      g_autoptr (HealingContainer) container = g_list_model_get_item (containers, i);

      if (healing_container_get_state (container) == HEALING_STATE_AWAITING_PATCH)
        return TRUE;
    }

  return FALSE;
}

static gboolean
timer_cb (gpointer data)
{
  HealingPatchFeed *self = data;

  self->timer_id = 0;

  /* No request while nothing awaits a patch, unless told otherwise. */
  if (!self->always_poll && !anything_awaits ())
    {
      self->next_delay = self->interval;
      schedule (self);
      return G_SOURCE_REMOVE;
    }

  healing_patch_feed_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (HealingPatchFeed *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (!self->running || self->is_file)
    return;

  self->timer_id = g_timeout_add (self->next_delay, timer_cb, self);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
trial_ended_cb (HealingPatchFeed *self)
{
  if (self->running && self->incomplete && !self->busy)
    healing_patch_feed_refresh (self);
}

static void
healing_patch_feed_constructed (GObject *object)
{
  HealingPatchFeed *self = HEALING_PATCH_FEED (object);
  g_autofree char *uri = NULL;

  G_OBJECT_CLASS (healing_patch_feed_parent_class)->constructed (object);

  /* The feed is a folder: its URI ends with a slash. */
  uri = g_str_has_suffix (self->uri, "/") ? g_strdup (self->uri) : g_strconcat (self->uri, "/", NULL);
  g_free (self->uri);
  self->uri = g_steal_pointer (&uri);

  self->base = g_uri_parse (self->uri, G_URI_FLAGS_NONE, NULL);
  self->is_file = g_str_has_prefix (self->uri, "file:");
  self->next_delay = self->interval;
  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (self->store, "kept", G_CALLBACK (trial_ended_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "rolled-back", G_CALLBACK (trial_ended_cb), self, G_CONNECT_SWAPPED);

  if (!self->is_file)
    {
      self->session = soup_session_new ();
      soup_session_set_timeout (self->session, self->timeout);
      soup_session_set_user_agent (self->session, "libhealing/" PACKAGE_VERSION);
    }
}

static void
healing_patch_feed_dispose (GObject *object)
{
  HealingPatchFeed *self = HEALING_PATCH_FEED (object);

  healing_patch_feed_stop (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (healing_patch_feed_parent_class)->dispose (object);
}

static void
healing_patch_feed_finalize (GObject *object)
{
  HealingPatchFeed *self = HEALING_PATCH_FEED (object);

  g_clear_object (&self->store);
  g_free (self->uri);
  g_clear_pointer (&self->base, g_uri_unref);
  g_free (self->etag);
  g_free (self->pending_etag);
  g_queue_clear_full (&self->entries, entry_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (healing_patch_feed_parent_class)->finalize (object);
}

static void
healing_patch_feed_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HealingPatchFeed *self = HEALING_PATCH_FEED (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_ALWAYS_POLL:
      g_value_set_boolean (value, self->always_poll);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_patch_feed_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HealingPatchFeed *self = HEALING_PATCH_FEED (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    case PROP_INTERVAL:
      healing_patch_feed_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      healing_patch_feed_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_ALWAYS_POLL:
      healing_patch_feed_set_always_poll (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_patch_feed_class_init (HealingPatchFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = healing_patch_feed_constructed;
  object_class->dispose = healing_patch_feed_dispose;
  object_class->finalize = healing_patch_feed_finalize;
  object_class->get_property = healing_patch_feed_get_property;
  object_class->set_property = healing_patch_feed_set_property;

  /**
   * HealingPatchFeed:store: (getter get_store)
   *
   * The store the feed's bundles are applied with.
   */
  props[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HEALING_TYPE_PATCH_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * HealingPatchFeed:uri: (getter get_uri)
   *
   * The feed's folder: an `http://`, `https://` or `file://` URI.
   */
  props[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * HealingPatchFeed:interval: (getter get_interval) (setter set_interval)
   *
   * How often an HTTP feed is polled, in milliseconds, while it succeeds.
   */
  props[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       10, G_MAXUINT / MAX_BACKOFF, HEALING_PATCH_FEED_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPatchFeed:timeout: (getter get_timeout) (setter set_timeout)
   *
   * How long, in seconds, an HTTP server may take before a fetch fails.
   */
  props[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HealingPatchFeed:always-poll: (getter get_always_poll) (setter set_always_poll)
   *
   * Whether an HTTP feed is polled even while no container waits for a
   * patch.
   */
  props[PROP_ALWAYS_POLL] =
    g_param_spec_boolean ("always-poll", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, LAST_PROP, props);

  /**
   * HealingPatchFeed::refreshed:
   * @self: the feed
   * @applied: how many bundles were applied
   *
   * Emitted when the feed was read (or found unchanged).
   */
  signals[SIGNAL_REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * HealingPatchFeed::failed:
   * @self: the feed
   * @error: what went wrong
   *
   * Emitted when the feed could not be read; it is tried again after
   * [method@PatchFeed.get_next_delay] milliseconds.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
healing_patch_feed_init (HealingPatchFeed *self)
{
  g_queue_init (&self->entries);
}

/**
 * healing_patch_feed_new:
 * @store: the store to apply bundles with
 * @uri: the feed's folder: `https://…`, `http://…` or `file://…`
 *
 * Creates a feed. Nothing is fetched until [method@PatchFeed.start] or
 * [method@PatchFeed.refresh].
 *
 * Returns: (transfer full): a new feed
 */
HealingPatchFeed *
healing_patch_feed_new (HealingPatchStore *store,
                        const char        *uri)
{
  g_return_val_if_fail (HEALING_IS_PATCH_STORE (store), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://") ||
                        g_str_has_prefix (uri, "file://"), NULL);

  return g_object_new (HEALING_TYPE_PATCH_FEED, "store", store, "uri", uri, NULL);
}

/**
 * healing_patch_feed_get_uri: (get-property uri)
 * @self: a feed
 *
 * Gets the feed's folder.
 *
 * Returns: the URI, ending with a slash
 */
const char *
healing_patch_feed_get_uri (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), NULL);

  return self->uri;
}

/**
 * healing_patch_feed_get_store: (get-property store)
 * @self: a feed
 *
 * Gets the store the feed's bundles are applied with.
 *
 * Returns: (transfer none): the store
 */
HealingPatchStore *
healing_patch_feed_get_store (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), NULL);

  return self->store;
}

/**
 * healing_patch_feed_get_interval: (get-property interval)
 * @self: a feed
 *
 * Gets how often an HTTP feed is polled.
 *
 * Returns: milliseconds
 */
guint
healing_patch_feed_get_interval (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), 0);

  return self->interval;
}

/**
 * healing_patch_feed_set_interval: (set-property interval)
 * @self: a feed
 * @interval: milliseconds, at least 10
 *
 * Sets how often an HTTP feed is polled.
 */
void
healing_patch_feed_set_interval (HealingPatchFeed *self,
                                 guint             interval)
{
  g_return_if_fail (HEALING_IS_PATCH_FEED (self));
  g_return_if_fail (interval >= 10 && interval <= G_MAXUINT / MAX_BACKOFF);

  if (self->interval == interval)
    return;

  self->interval = interval;
  if (self->failures == 0)
    self->next_delay = interval;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_INTERVAL]);
}

/**
 * healing_patch_feed_get_timeout: (get-property timeout)
 * @self: a feed
 *
 * Gets how long an HTTP server may take.
 *
 * Returns: seconds
 */
guint
healing_patch_feed_get_timeout (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), 0);

  return self->timeout;
}

/**
 * healing_patch_feed_set_timeout: (set-property timeout)
 * @self: a feed
 * @timeout: seconds, from 1 to 3600
 *
 * Sets how long an HTTP server may take before a fetch fails.
 */
void
healing_patch_feed_set_timeout (HealingPatchFeed *self,
                                guint             timeout)
{
  g_return_if_fail (HEALING_IS_PATCH_FEED (self));
  g_return_if_fail (timeout >= 1 && timeout <= 3600);

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, timeout);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TIMEOUT]);
}

/**
 * healing_patch_feed_get_always_poll: (get-property always-poll)
 * @self: a feed
 *
 * Gets whether an HTTP feed is polled while nothing waits for a patch.
 *
 * Returns: whether it is always polled
 */
gboolean
healing_patch_feed_get_always_poll (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), FALSE);

  return self->always_poll;
}

/**
 * healing_patch_feed_set_always_poll: (set-property always-poll)
 * @self: a feed
 * @always_poll: whether to poll while nothing waits for a patch
 *
 * Sets whether an HTTP feed is polled even while no container waits for
 * a patch.
 */
void
healing_patch_feed_set_always_poll (HealingPatchFeed *self,
                                    gboolean          always_poll)
{
  g_return_if_fail (HEALING_IS_PATCH_FEED (self));

  always_poll = !!always_poll;
  if (self->always_poll == always_poll)
    return;

  self->always_poll = always_poll;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ALWAYS_POLL]);
}

/**
 * healing_patch_feed_start:
 * @self: a feed
 *
 * Starts following the feed: a folder is read now and whenever its index
 * changes; an HTTP feed is polled.
 */
void
healing_patch_feed_start (HealingPatchFeed *self)
{
  g_return_if_fail (HEALING_IS_PATCH_FEED (self));

  if (self->running)
    return;

  self->running = TRUE;

  if (self->is_file)
    {
      g_autoptr (GFile) dir = g_file_new_for_uri (self->uri);
      g_autoptr (GError) error = NULL;

      self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (self->monitor != NULL)
        g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
      else
        g_message ("libhealing: cannot watch %s: %s", self->uri, error->message);
      healing_patch_feed_refresh (self);
      return;
    }

  self->next_delay = 0;
  schedule (self);
  self->next_delay = self->interval;
}

/**
 * healing_patch_feed_stop:
 * @self: a feed
 *
 * Stops following the feed, and cancels a fetch under way.
 */
void
healing_patch_feed_stop (HealingPatchFeed *self)
{
  g_return_if_fail (HEALING_IS_PATCH_FEED (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, monitor_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
}

/**
 * healing_patch_feed_refresh:
 * @self: a feed
 *
 * Reads the feed now (unless a read is under way), whether or not
 * anything waits for a patch.
 */
void
healing_patch_feed_refresh (HealingPatchFeed *self)
{
  g_return_if_fail (HEALING_IS_PATCH_FEED (self));

  if (self->busy)
    return;

  self->busy = TRUE;
  self->applied = 0;
  self->incomplete = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->is_file)
    {
      refresh_folder (self);
      return;
    }

  {
    g_autofree char *index = g_strconcat (self->uri, "index.json", NULL);

    fetch (self, index, self->etag, HEALING_PATCH_FEED_MAX_INDEX_SIZE, index_done);
  }
}

/**
 * healing_patch_feed_get_failures:
 * @self: a feed
 *
 * Gets how many reads of the feed failed in a row.
 *
 * Returns: the number of failures since the last success
 */
guint
healing_patch_feed_get_failures (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), 0);

  return self->failures;
}

/**
 * healing_patch_feed_get_next_delay:
 * @self: a feed
 *
 * Gets how long an HTTP feed waits before its next poll: the interval,
 * doubled for each failure in a row.
 *
 * Returns: milliseconds
 */
guint
healing_patch_feed_get_next_delay (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), 0);

  return self->next_delay;
}

/**
 * healing_patch_feed_get_requests:
 * @self: a feed
 *
 * Gets how many requests (HTTP requests, or reads of a folder's index
 * and bundles) the feed made.
 *
 * Returns: the number of requests
 */
guint
healing_patch_feed_get_requests (HealingPatchFeed *self)
{
  g_return_val_if_fail (HEALING_IS_PATCH_FEED (self), 0);

  return self->requests;
}
