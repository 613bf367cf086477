/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "healing-record-private.h"
#include "healing-unwind-private.h"

/* The supervisor's descriptor, or -1. */
static int record_fd = -1;

/*
 * healing_record_init:
 *
 * Takes the descriptor named by HEALING_RECORD_FD, if it is an open,
 * writable pipe (a supervisor's: a grandchild that inherits the variable
 * must not write records into whatever file its own descriptor of that
 * number is), and keeps it from leaking into the application's own child
 * processes. Called by the trap's init.
 */
void
healing_record_init (void)
{
  const char *value = g_getenv ("HEALING_RECORD_FD");
  char *end = NULL;
  struct stat info;
  long fd;
  int flags;

  if (value == NULL || *value == '\0')
    return;

  errno = 0;
  fd = strtol (value, &end, 10);
  if (errno != 0 || end == value || *end != '\0' || fd < 0 || fd > G_MAXINT)
    return;

  flags = fcntl ((int) fd, F_GETFL);
  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY ||
      fstat ((int) fd, &info) != 0 || !S_ISFIFO (info.st_mode))
    return;

  fcntl ((int) fd, F_SETFD, FD_CLOEXEC);
  record_fd = (int) fd;
}

typedef struct {
  char data[HEALING_RECORD_MAX];
  gsize len;
} Buffer;

static void
put (Buffer     *buffer,
     const char *text)
{
  /* Leave room for the closing empty line. */
  while (text != NULL && *text != '\0' && buffer->len < sizeof buffer->data - 2)
    {
      /* One record line per key: a newline in a value would start a new
       * key. */
      buffer->data[buffer->len++] = *text == '\n' ? ' ' : *text;
      text++;
    }
}

static void
end_line (Buffer *buffer)
{
  if (buffer->len < sizeof buffer->data - 2)
    buffer->data[buffer->len++] = '\n';
}

static void
put_unsigned (Buffer *buffer,
              guint64 value,
              guint   base)
{
  char digits[24];
  int n = 0;

  do
    {
      digits[n++] = "0123456789abcdef"[value % base];
      value /= base;
    }
  while (value != 0 && n < (int) sizeof digits);

  while (n > 0 && buffer->len < sizeof buffer->data - 2)
    buffer->data[buffer->len++] = digits[--n];
}

static void
put_signed (Buffer *buffer,
            gint64  value)
{
  if (value < 0)
    {
      put (buffer, "-");
      put_unsigned (buffer, (guint64) -(value + 1) + 1, 10);
    }
  else
    {
      put_unsigned (buffer, (guint64) value, 10);
    }
}

static void
put_pointer (Buffer     *buffer,
             const void *pointer)
{
  put (buffer, "0x");
  put_unsigned (buffer, (guintptr) pointer, 16);
}

static void
put_key (Buffer     *buffer,
         const char *key)
{
  put (buffer, key);
  put (buffer, "=");
}

static void
put_location (Buffer     *buffer,
              const void *pc)
{
  gsize offset = 0;
  const char *module = healing_unwind_find_module (pc, &offset);
  const char *slash;

  if (module == NULL)
    {
      put (buffer, "?");
      return;
    }

  slash = strrchr (module, '/');
  put (buffer, slash != NULL ? slash + 1 : module);
  put (buffer, "+0x");
  put_unsigned (buffer, offset, 16);
}

static void
put_frame (Buffer     *buffer,
           const void *pc)
{
  const char *function = healing_unwind_find_function ((const char *) pc - 1);
  Dl_info info;

  put_key (buffer, "frame");
  put_pointer (buffer, pc);
  put (buffer, " ");
  put_location (buffer, pc);

  /* dladdr () takes the loader's lock, which is recursive: only another
   * thread inside dlopen () holds it, and only for a while. We are on the
   * way out anyway. */
  if (function == NULL && dladdr (pc, &info) != 0 && info.dli_sname != NULL)
    function = info.dli_sname;
  if (function != NULL)
    {
      put (buffer, " ");
      put (buffer, function);
    }
  end_line (buffer);
}

static void
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      data += n;
      len -= n;
    }
}

static const char *
signal_name (int signal_number)
{
  /* sigabbrev_np () reads a static table: signal safe. */
  const char *name = sigabbrev_np (signal_number);

  return name != NULL ? name : "";
}

/*
 * healing_record_write:
 * @record: what to say
 *
 * Formats @record and writes it to the supervisor's descriptor (if any)
 * and to stderr. Signal safe: no allocation, no lock, no stdio.
 */
void
healing_record_write (const HealingRecord *record)
{
  Buffer buffer;
  struct timespec now;
  guint i;
  int saved_errno = errno;

  buffer.len = 0;

  put (&buffer, "libhealing-record 1");
  end_line (&buffer);

  put_key (&buffer, "reason");
  put (&buffer, record->reason);
  end_line (&buffer);

  put_key (&buffer, "pid");
  put_unsigned (&buffer, (guint64) getpid (), 10);
  end_line (&buffer);

  put_key (&buffer, "time");
  if (clock_gettime (CLOCK_REALTIME, &now) == 0)
    put_unsigned (&buffer, (guint64) now.tv_sec, 10);
  end_line (&buffer);

  put_key (&buffer, "signal");
  put_signed (&buffer, record->signal_number);
  end_line (&buffer);

  put_key (&buffer, "signal_name");
  put (&buffer, signal_name (record->signal_number));
  end_line (&buffer);

  put_key (&buffer, "code");
  put_signed (&buffer, record->code);
  end_line (&buffer);

  put_key (&buffer, "address");
  put_pointer (&buffer, record->address);
  end_line (&buffer);

  put_key (&buffer, "pc");
  put_pointer (&buffer, record->pc);
  end_line (&buffer);

  put_key (&buffer, "component");
  put (&buffer, record->component);
  end_line (&buffer);

  put_key (&buffer, "phase");
  put (&buffer, record->phase);
  end_line (&buffer);

  put_key (&buffer, "unsafe_frame");
  if (record->unsafe_frame != NULL)
    {
      put (&buffer, record->unsafe_frame);
      if (record->unsafe_pc != NULL)
        {
          put (&buffer, " ");
          put_location (&buffer, record->unsafe_pc);
        }
    }
  end_line (&buffer);

  put_key (&buffer, "unsafe_reason");
  put (&buffer, record->unsafe_reason);
  end_line (&buffer);

  put_key (&buffer, "taint");
  put (&buffer, record->taint);
  end_line (&buffer);

  for (i = 0; i < record->n_pcs && i < HEALING_UNWIND_MAX_PCS; i++)
    put_frame (&buffer, record->pcs[i]);

  /* put () kept two bytes for this. */
  buffer.data[buffer.len++] = '\n';

  if (record_fd >= 0)
    write_all (record_fd, buffer.data, buffer.len);
  write_all (STDERR_FILENO, buffer.data, buffer.len);

  errno = saved_errno;
}
