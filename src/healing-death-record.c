/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "healing-death-record-private.h"

/**
 * HealingDeathRecord:
 *
 * What is known about one death of a supervised application: how it
 * ended, the record libhealing's trap wrote before stopping it (if it
 * did), and what the supervisor did about it.
 *
 * A record is text, one `key=value` per line after a first line
 * `libhealing-record 1`:
 *
 * ```
 * libhealing-record 1
 * reason=no-frame
 * pid=4242
 * time=1796112000
 * signal=11
 * signal_name=SEGV
 * component=
 * frame=0x7f3a10 libfoo.so+0x1a10 draw_chart
 * exit=signal
 * uptime_ms=52311
 * restart=1
 * restored=form.json
 * ```
 *
 * Keys written by the trap: `reason` (`unsafe-unwind`, `no-frame`,
 * `wedged`, `hang-unsafe`), `pid`, `time` (Unix seconds), `signal`,
 * `signal_name`, `code`, `address`, `pc`, `component`, `phase`,
 * `unsafe_frame`, `taint` and up to 16 `frame` lines. A tainted
 * application that saved its state and exited writes `reason=tainted`. The
 * supervisor adds `exit` (`signal` or `exit`), `exit_status`, `uptime_ms`,
 * `restart` (which restart followed), `backoff_ms`, `action` (`restarted`
 * or `gave-up`), and one `restored` or `quarantined` line per persisted
 * checkpoint file it left in place for the next start or moved aside.
 * When the process died without writing a record (killed from outside, or
 * a crash the trap did not see), the supervisor writes `reason=signal`.
 *
 * Reading is tolerant: unknown keys are kept (see
 * [method@DeathRecord.get_value]) and missing keys read as empty.
 */
struct _HealingDeathRecord
{
  GObject parent_instance;

  GHashTable *values;     /* key → value, the last one of a key wins */
  GPtrArray *frames;      /* NULL-terminated */
  GPtrArray *restored;
  GPtrArray *quarantined;
  char *path;
};

enum {
  PROP_0,
  PROP_REASON,
  PROP_PID,
  PROP_TIME,
  PROP_SIGNAL,
  PROP_SIGNAL_NAME,
  PROP_EXIT_STATUS,
  PROP_COMPONENT,
  PROP_PATH,
  LAST_PROP
};

static GParamSpec *props[LAST_PROP];

G_DEFINE_FINAL_TYPE (HealingDeathRecord, healing_death_record, G_TYPE_OBJECT)

G_DEFINE_QUARK (healing-death-record-error-quark, healing_death_record_error)

/* A record has at most this many lines; a line at most this many bytes. */
#define MAX_LINES 512
#define MAX_LINE 4096

static void
healing_death_record_finalize (GObject *object)
{
  HealingDeathRecord *self = HEALING_DEATH_RECORD (object);

  g_hash_table_unref (self->values);
  g_ptr_array_unref (self->frames);
  g_ptr_array_unref (self->restored);
  g_ptr_array_unref (self->quarantined);
  g_free (self->path);

  G_OBJECT_CLASS (healing_death_record_parent_class)->finalize (object);
}

static void
healing_death_record_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HealingDeathRecord *self = HEALING_DEATH_RECORD (object);

  switch (prop_id)
    {
    case PROP_REASON:
      g_value_set_string (value, healing_death_record_get_reason (self));
      break;
    case PROP_PID:
      g_value_set_int (value, healing_death_record_get_pid (self));
      break;
    case PROP_TIME:
      g_value_set_int64 (value, healing_death_record_get_time (self));
      break;
    case PROP_SIGNAL:
      g_value_set_int (value, healing_death_record_get_signal (self));
      break;
    case PROP_SIGNAL_NAME:
      g_value_set_string (value, healing_death_record_get_signal_name (self));
      break;
    case PROP_EXIT_STATUS:
      g_value_set_int (value, healing_death_record_get_exit_status (self));
      break;
    case PROP_COMPONENT:
      g_value_set_string (value, healing_death_record_get_component (self));
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
healing_death_record_class_init (HealingDeathRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = healing_death_record_finalize;
  object_class->get_property = healing_death_record_get_property;

  /**
   * HealingDeathRecord:reason: (getter get_reason)
   *
   * Why the process died, as the `reason` key: `unsafe-unwind`,
   * `no-frame`, `wedged`, `hang-unsafe`, `tainted`, `signal` or `exit`.
   */
  props[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, "", flags);

  /**
   * HealingDeathRecord:pid: (getter get_pid)
   *
   * The process id of the process that died, or 0.
   */
  props[PROP_PID] = g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0, flags);

  /**
   * HealingDeathRecord:time: (getter get_time)
   *
   * When the process died, in seconds since the Unix epoch, or 0.
   */
  props[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * HealingDeathRecord:signal: (getter get_signal)
   *
   * The signal that stopped the process, or 0.
   */
  props[PROP_SIGNAL] = g_param_spec_int ("signal", NULL, NULL, 0, G_MAXINT, 0, flags);

  /**
   * HealingDeathRecord:signal-name: (getter get_signal_name)
   *
   * The name of [property@DeathRecord:signal] without `SIG`, e.g. `SEGV`.
   */
  props[PROP_SIGNAL_NAME] = g_param_spec_string ("signal-name", NULL, NULL, "", flags);

  /**
   * HealingDeathRecord:exit-status: (getter get_exit_status)
   *
   * The exit status of a process that exited, or -1 if it was killed.
   */
  props[PROP_EXIT_STATUS] = g_param_spec_int ("exit-status", NULL, NULL, -1, 255, -1, flags);

  /**
   * HealingDeathRecord:component: (getter get_component)
   *
   * The component the fault was in, or an empty string.
   */
  props[PROP_COMPONENT] = g_param_spec_string ("component", NULL, NULL, "", flags);

  /**
   * HealingDeathRecord:path: (getter get_path) (type filename)
   *
   * The file the record was read from, if any.
   */
  props[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, LAST_PROP, props);
}

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
strv_array_add (GPtrArray  *array,
                const char *value)
{
  g_ptr_array_insert (array, array->len - 1, g_strdup (value));
}

static void
healing_death_record_init (HealingDeathRecord *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->frames = new_strv_array ();
  self->restored = new_strv_array ();
  self->quarantined = new_strv_array ();
}

static void
add_value (HealingDeathRecord *self,
           const char         *key,
           const char         *value)
{
  if (strcmp (key, "frame") == 0)
    strv_array_add (self->frames, value);
  else if (strcmp (key, "restored") == 0)
    strv_array_add (self->restored, value);
  else if (strcmp (key, "quarantined") == 0)
    strv_array_add (self->quarantined, value);
  else
    g_hash_table_replace (self->values, g_strdup (key), g_strdup (value));
}

static gboolean
parse_into (HealingDeathRecord  *self,
            const char          *name,
            const char          *data,
            gsize                length,
            GError             **error)
{
  const char *p = data, *end = data + length;
  guint line_number = 0;
  gboolean header = FALSE;

  if (length > HEALING_DEATH_RECORD_MAX_SIZE)
    {
      g_set_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_TOO_LARGE,
                   /* Translators: %s is a file name or “<data>”; %u a size in bytes. */
                   _("%s: a death record is at most %u bytes"),
                   name, (guint) HEALING_DEATH_RECORD_MAX_SIZE);
      return FALSE;
    }

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize line_length = line_end - p;
      g_autofree char *line = NULL;
      char *eq;

      line_number++;
      if (line_length > MAX_LINE || line_number > MAX_LINES)
        {
          g_set_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_INVALID,
                       /* Translators: %s is a file name or “<data>”, %u a line number. */
                       _("%s:%u: the line is too long, or the record has too many lines"),
                       name, line_number);
          return FALSE;
        }

      line = g_utf8_make_valid (p, line_length);
      p = nl != NULL ? nl + 1 : end;

      if (!header)
        {
          /* Blank lines before the header are tolerated: records come
           * from a stream. */
          if (line[0] == '\0')
            continue;
          if (!g_str_has_prefix (line, "libhealing-record "))
            {
              g_set_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_INVALID,
                           /* Translators: %s is a file name or “<data>”, %u a
                            * line number; do not translate “libhealing-record”. */
                           _("%s:%u: not a death record (it must begin with “libhealing-record 1”)"),
                           name, line_number);
              return FALSE;
            }
          header = TRUE;
          continue;
        }

      /* The record ends at the first empty line. */
      if (line[0] == '\0')
        break;

      eq = strchr (line, '=');
      if (eq == NULL || eq == line)
        continue;   /* tolerated: a later version may write other lines */

      *eq = '\0';
      add_value (self, line, eq + 1);
    }

  if (!header)
    {
      g_set_error (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_INVALID,
                   /* Translators: %s is a file name or “<data>”. */
                   _("%s:1: not a death record (it is empty)"), name);
      return FALSE;
    }

  return TRUE;
}

/**
 * healing_death_record_new_from_data:
 * @data: the text of a record
 * @length: the length of @data, or -1 if it is nul-terminated
 * @error: return location for an error
 *
 * Reads a record from text. The record ends at its first empty line.
 *
 * Returns: (transfer full) (nullable): the record, or `NULL` on error
 */
HealingDeathRecord *
healing_death_record_new_from_data (const char  *data,
                                    gssize       length,
                                    GError     **error)
{
  g_autoptr (HealingDeathRecord) self = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  self = g_object_new (HEALING_TYPE_DEATH_RECORD, NULL);
  if (!parse_into (self, "<data>", data, length, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * healing_death_record_new_from_file:
 * @path: (type filename): a record file
 * @error: return location for an error
 *
 * Reads a record from a file, such as those the supervisor keeps under
 * `$XDG_STATE_HOME/<application>/healing/restarts/`.
 *
 * Returns: (transfer full) (nullable): the record, or `NULL` on error
 */
HealingDeathRecord *
healing_death_record_new_from_file (const char  *path,
                                    GError     **error)
{
  g_autoptr (HealingDeathRecord) self = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display_name = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error_literal (error, HEALING_DEATH_RECORD_ERROR, HEALING_DEATH_RECORD_ERROR_READ,
                           local_error->message);
      return NULL;
    }

  self = g_object_new (HEALING_TYPE_DEATH_RECORD, NULL);
  if (!parse_into (self, display_name, contents, length, error))
    return NULL;

  self->path = g_strdup (path);

  return g_steal_pointer (&self);
}

GPtrArray *
healing_death_record_parse_stream (const char *data,
                                   gsize       length,
                                   gsize      *consumed)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  gsize start = 0;

  /* A record is complete at its empty line ("\n\n"). */
  while (start < length)
    {
      const char *p = data + start;
      const char *stop = NULL;
      gsize i, span;

      for (i = 0; i + 1 < length - start; i++)
        if (p[i] == '\n' && p[i + 1] == '\n')
          {
            stop = p + i + 2;
            break;
          }
      if (stop == NULL)
        break;

      span = stop - p;
      if (span > 2)
        {
          g_autoptr (GError) error = NULL;
          HealingDeathRecord *record = healing_death_record_new_from_data (p, span, &error);

          if (record != NULL)
            g_ptr_array_add (records, record);
          else
            g_debug ("libhealing: skipping a record: %s", error->message);
        }
      start += span;
    }

  if (consumed != NULL)
    *consumed = start;

  return records;
}

/**
 * healing_death_record_get_value:
 * @self: a record
 * @key: a key
 *
 * Gets the value of any key of the record, including keys this version of
 * libhealing does not know. For keys that repeat (`frame`, `restored`,
 * `quarantined`) use their own getters.
 *
 * Returns: (nullable): the value, or `NULL` if the record has no such key
 */
const char *
healing_death_record_get_value (HealingDeathRecord *self,
                                const char         *key)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->values, key);
}

static const char *
get_string (HealingDeathRecord *self,
            const char         *key)
{
  const char *value = g_hash_table_lookup (self->values, key);

  return value != NULL ? value : "";
}

static gint64
get_number (HealingDeathRecord *self,
            const char         *key,
            gint64              min,
            gint64              max,
            gint64              fallback)
{
  const char *value = g_hash_table_lookup (self->values, key);
  gint64 number;

  if (value == NULL ||
      !g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    return fallback;

  return number;
}

/**
 * healing_death_record_get_reason: (get-property reason)
 * @self: a record
 *
 * Gets why the process died.
 *
 * Returns: the reason, or an empty string
 */
const char *
healing_death_record_get_reason (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), "");

  return get_string (self, "reason");
}

/**
 * healing_death_record_get_pid: (get-property pid)
 * @self: a record
 *
 * Gets the process id of the process that died.
 *
 * Returns: the pid, or 0
 */
int
healing_death_record_get_pid (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), 0);

  return get_number (self, "pid", 0, G_MAXINT, 0);
}

/**
 * healing_death_record_get_time: (get-property time)
 * @self: a record
 *
 * Gets when the process died.
 *
 * Returns: seconds since the Unix epoch, or 0
 */
gint64
healing_death_record_get_time (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), 0);

  return get_number (self, "time", 0, G_MAXINT64, 0);
}

/**
 * healing_death_record_get_signal: (get-property signal)
 * @self: a record
 *
 * Gets the signal that stopped the process.
 *
 * Returns: the signal number, or 0
 */
int
healing_death_record_get_signal (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), 0);

  return get_number (self, "signal", 0, G_MAXINT, 0);
}

/**
 * healing_death_record_get_signal_name: (get-property signal-name)
 * @self: a record
 *
 * Gets the name of the signal that stopped the process, without `SIG`.
 *
 * Returns: the name, or an empty string
 */
const char *
healing_death_record_get_signal_name (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), "");

  return get_string (self, "signal_name");
}

/**
 * healing_death_record_get_exit_status: (get-property exit-status)
 * @self: a record
 *
 * Gets the exit status of a process that exited.
 *
 * Returns: the status, or -1 if the process was killed by a signal
 */
int
healing_death_record_get_exit_status (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), -1);

  return get_number (self, "exit_status", 0, 255, -1);
}

/**
 * healing_death_record_get_component: (get-property component)
 * @self: a record
 *
 * Gets the component the fault was in.
 *
 * Returns: the component id, or an empty string
 */
const char *
healing_death_record_get_component (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), "");

  return get_string (self, "component");
}

/**
 * healing_death_record_get_phase:
 * @self: a record
 *
 * Gets what the component was doing (e.g. `snapshot`).
 *
 * Returns: the phase, or an empty string
 */
const char *
healing_death_record_get_phase (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), "");

  return get_string (self, "phase");
}

/**
 * healing_death_record_get_taint:
 * @self: a record
 *
 * Gets why the process was tainted before it died.
 *
 * Returns: the taint reason, or an empty string
 */
const char *
healing_death_record_get_taint (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), "");

  return get_string (self, "taint");
}

/**
 * healing_death_record_get_frames:
 * @self: a record
 *
 * Gets the first frames of the stack at the fault, innermost first, each
 * as `0x… module+0x… symbol`.
 *
 * Returns: (transfer none) (array zero-terminated=1): the frames
 */
const char * const *
healing_death_record_get_frames (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);

  return (const char * const *) self->frames->pdata;
}

/**
 * healing_death_record_get_restored:
 * @self: a record
 *
 * Gets the persisted checkpoint files the supervisor left in place for
 * the process it started next, each as `<file> <modification time>`.
 *
 * Returns: (transfer none) (array zero-terminated=1): the files
 */
const char * const *
healing_death_record_get_restored (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);

  return (const char * const *) self->restored->pdata;
}

/**
 * healing_death_record_get_quarantined:
 * @self: a record
 *
 * Gets the persisted checkpoint files the supervisor moved aside because
 * the process died again soon after restoring them.
 *
 * Returns: (transfer none) (array zero-terminated=1): the files
 */
const char * const *
healing_death_record_get_quarantined (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);

  return (const char * const *) self->quarantined->pdata;
}

/**
 * healing_death_record_get_path: (get-property path)
 * @self: a record
 *
 * Gets the file the record was read from.
 *
 * Returns: (nullable) (type filename): the file
 */
const char *
healing_death_record_get_path (HealingDeathRecord *self)
{
  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);

  return self->path;
}

static const char *
signal_label (HealingDeathRecord *self,
              char                buffer[32])
{
  const char *name = healing_death_record_get_signal_name (self);
  int signo = healing_death_record_get_signal (self);

  if (name[0] != '\0')
    g_snprintf (buffer, 32, "SIG%s", name);
  else if (signo > 0 && sigabbrev_np (signo) != NULL)
    g_snprintf (buffer, 32, "SIG%s", sigabbrev_np (signo));
  else if (signo > 0)
    g_snprintf (buffer, 32, "%d", signo);
  else
    g_strlcpy (buffer, "?", 32);

  return buffer;
}

/**
 * healing_death_record_dup_summary:
 * @self: a record
 *
 * Describes the death in one translated sentence, for people.
 *
 * Returns: (transfer full): the summary
 */
char *
healing_death_record_dup_summary (HealingDeathRecord *self)
{
  const char *reason, *component;
  char sig[32];

  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);

  reason = healing_death_record_get_reason (self);
  component = healing_death_record_get_component (self);
  signal_label (self, sig);

  if (strcmp (reason, "unsafe-unwind") == 0)
    {
      if (component[0] != '\0')
        /* Translators: %s is a component id, %s a signal name like SIGSEGV. */
        return g_strdup_printf (_("A crash in “%s” could not be healed safely (%s)"), component, sig);
      /* Translators: %s is a signal name like SIGSEGV. */
      return g_strdup_printf (_("A crash could not be healed safely (%s)"), sig);
    }
  if (strcmp (reason, "no-frame") == 0)
    /* Translators: %s is a signal name like SIGSEGV. */
    return g_strdup_printf (_("The application crashed outside every protected part (%s)"), sig);
  if (strcmp (reason, "wedged") == 0)
    return g_strdup (_("The application stopped responding"));
  if (strcmp (reason, "hang-unsafe") == 0)
    return g_strdup (_("A part of the application hung where it could not be interrupted safely"));
  if (strcmp (reason, "tainted") == 0)
    /* Translators: %s says why, e.g. “a hang was interrupted”. */
    return g_strdup_printf (_("The application restarted to leave a state it could not vouch for: %s"),
                            healing_death_record_get_taint (self));
  if (strcmp (reason, "exit") == 0)
    /* Translators: %d is an exit status. */
    return g_strdup_printf (_("The application exited with status %d"),
                            healing_death_record_get_exit_status (self));
  if (healing_death_record_get_signal (self) == SIGKILL)
    return g_strdup (_("The application was killed (SIGKILL)"));

  /* Translators: %s is a signal name like SIGSEGV. */
  return g_strdup_printf (_("The application crashed (%s)"), sig);
}

/**
 * healing_death_record_dup_details:
 * @self: a record
 *
 * Describes the death in a few translated lines: when, why, where, what
 * was restored and the first frames.
 *
 * Returns: (transfer full): the details
 */
char *
healing_death_record_dup_details (HealingDeathRecord *self)
{
  GString *text;
  g_autofree char *summary = NULL;
  gint64 when;
  guint i;

  g_return_val_if_fail (HEALING_IS_DEATH_RECORD (self), NULL);

  text = g_string_new (NULL);
  summary = healing_death_record_dup_summary (self);
  g_string_append (text, summary);
  g_string_append_c (text, '\n');

  when = healing_death_record_get_time (self);
  if (when > 0)
    {
      g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (when);
      g_autofree char *formatted = date != NULL ? g_date_time_format (date, "%c") : NULL;

      if (formatted != NULL)
        /* Translators: %s is a date and time. */
        g_string_append_printf (text, _("When: %s\n"), formatted);
    }
  if (healing_death_record_get_pid (self) > 0)
    /* Translators: %d is a process id. */
    g_string_append_printf (text, _("Process: %d\n"), healing_death_record_get_pid (self));
  if (healing_death_record_get_component (self)[0] != '\0')
    /* Translators: %s is a component id, %s what it was doing (e.g. snapshot). */
    g_string_append_printf (text, _("Component: %s %s\n"),
                            healing_death_record_get_component (self),
                            healing_death_record_get_phase (self));
  if (get_string (self, "unsafe_frame")[0] != '\0')
    /* Translators: %s is a function in a library. */
    g_string_append_printf (text, _("Unsafe to unwind: %s\n"), get_string (self, "unsafe_frame"));
  for (i = 0; i + 1 < self->restored->len; i++)
    /* Translators: %s is a file name and time. */
    g_string_append_printf (text, _("Restored: %s\n"), (char *) g_ptr_array_index (self->restored, i));
  for (i = 0; i + 1 < self->quarantined->len; i++)
    /* Translators: %s is a file name. */
    g_string_append_printf (text, _("Set aside (it crashed again): %s\n"),
                            (char *) g_ptr_array_index (self->quarantined, i));
  for (i = 0; i + 1 < self->frames->len; i++)
    g_string_append_printf (text, "  #%u %s\n", i, (char *) g_ptr_array_index (self->frames, i));

  return g_string_free (text, FALSE);
}
