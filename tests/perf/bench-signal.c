/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-signal: the cost of a guarded signal handler against a plain one.
 *
 * Emits signals with a trivial handler, connected with g_signal_connect ()
 * (plain), with healing_signal_connect () (guarded: the fast path, GLib's
 * va_list marshaller calling our trampoline) and with the generic path
 * forced (HEALING_SIGNAL_GENERIC: a meta marshal, GValue boxing), all in the
 * same run, best of --rounds rounds; then GtkButton::clicked, plain and
 * guarded, with the button inside a HealingContainer.
 *
 * Wall clock (needs a display for the GtkButton part):
 *
 *   xvfb-run -a ./_build-handlers/tests/perf/bench-signal
 *   ./_build-handlers/tests/perf/bench-signal --no-gtk
 *
 * Instructions per emission (callgrind counts only inside the bench_loop_*
 * functions; divide their inclusive Ir by --iterations):
 *
 *   xvfb-run -a valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
 *     --toggle-collect='bench_loop_*' \
 *     ./_build-handlers/tests/perf/bench-signal --iterations=100000 --rounds=1
 *   callgrind_annotate --inclusive=yes /tmp/cg.out | grep bench_loop_
 *
 * (Each loop also runs 10,000 warm-up emissions: divide by --iterations
 * plus 10,000. The plain arm's count moves by some 5 % from one run to
 * the next, the same binary too: GLib's handler lookups probe hash tables
 * keyed by addresses. The difference guarded - plain, in instructions, is
 * the stable figure; compare ratios only within one run.)
 *
 * The unowned GtkButton measures the guard; the owned one adds the owner
 * lookup and whatever guarded-action hooks are installed (the checkpoint
 * journal), which are not the guard's cost; the deep one is owned too, 20
 * levels below its container (19 GtkBoxes in between), for the cost of
 * the owner lookup per level. The first GtkButton row runs while no
 * container has a child; the last one is unowned too, with containers
 * elsewhere that have children (an owner lookup that relied on a count
 * of such containers would pay its full price here).
 *
 * Allocations per emission (--allocations): every loop again, counting
 * the calls to malloc (), calloc (), realloc () and the aligned
 * allocators made during the emissions (this executable interposes them;
 * the bench re-executes itself with G_SLICE=always-malloc so that
 * g_slice_*() goes through malloc () too). Not under valgrind, which
 * replaces the allocator itself.
 *
 * Options: --iterations=N (default 10000000), --rounds=N (default 5),
 * --no-gtk, --allocations.
 */

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <healing.h>

/* ------------------------------------------------------------------------
 * Counting allocations: the allocator entry points, interposed, forward to
 * glibc's own (__libc_*), counting while `counting` is set.
 * ------------------------------------------------------------------------ */

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *ptr, size_t size);
extern void *__libc_memalign (size_t alignment, size_t size);

static volatile gboolean counting;
static volatile guint64 n_allocations;

void *
malloc (size_t size)
{
  if (counting)
    n_allocations++;
  return __libc_malloc (size);
}

void *
calloc (size_t n,
        size_t size)
{
  if (counting)
    n_allocations++;
  return __libc_calloc (n, size);
}

void *
realloc (void   *ptr,
         size_t  size)
{
  if (counting)
    n_allocations++;
  return __libc_realloc (ptr, size);
}

void *
memalign (size_t alignment,
          size_t size)
{
  if (counting)
    n_allocations++;
  return __libc_memalign (alignment, size);
}

void *
aligned_alloc (size_t alignment,
               size_t size)
{
  return memalign (alignment, size);
}

int
posix_memalign (void   **out,
                size_t   alignment,
                size_t   size)
{
  void *ptr = memalign (alignment, size);

  if (ptr == NULL)
    return ENOMEM;
  *out = ptr;
  return 0;
}

/* ------------------------------------------------------------------------
 * A GObject with a VOID__VOID and a VOID__POINTER signal, both with GLib's
 * built-in marshallers, so the va_list fast path is available.
 * ------------------------------------------------------------------------ */

#define BENCH_TYPE_EMITTER (bench_emitter_get_type ())
G_DECLARE_FINAL_TYPE (BenchEmitter, bench_emitter, BENCH, EMITTER, GObject)

struct _BenchEmitter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchEmitter, bench_emitter, G_TYPE_OBJECT)

enum {
  SIGNAL_PING,
  SIGNAL_POINTER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bench_emitter_class_init (BenchEmitterClass *klass)
{
  /* No c_marshaller: GLib picks g_cclosure_marshal_VOID__VOID and its
   * va_list twin (gsignal.c, g_signal_newv). */
  signals[SIGNAL_PING] =
    g_signal_new ("ping", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An explicit marshaller, with its va_list marshaller set too. */
  signals[SIGNAL_POINTER] =
    g_signal_new ("pointer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, g_cclosure_marshal_VOID__POINTER,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  g_signal_set_va_marshaller (signals[SIGNAL_POINTER], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__POINTERv);
}

static void
bench_emitter_init (BenchEmitter *self)
{
}

/* ------------------------------------------------------------------------ */

static guint64 counter;

static void
ping_cb (gpointer instance,
         gpointer data)
{
  counter++;
}

static void
pointer_cb (gpointer instance,
            gpointer pointer,
            gpointer data)
{
  counter++;
}

static void
clicked_cb (GtkButton *button,
            gpointer   data)
{
  counter++;
}

static guint clicked_signal;

/* The button's depth below its container in the deep case. */
#define DEEP_LEVELS 20

/* The loops callgrind counts (--toggle-collect='bench_loop_*'): one per
 * signal and connection mode, so each gets its own inclusive count. */
#define DEFINE_LOOP(name, signal_id, ...)                       \
  G_GNUC_NO_INLINE static void                                  \
  bench_loop_##name (gpointer instance,                         \
                     guint64  n)                                \
  {                                                             \
    guint64 i;                                                  \
                                                                \
    for (i = 0; i < n; i++)                                     \
      g_signal_emit (instance, signal_id, 0, ##__VA_ARGS__);    \
  }

DEFINE_LOOP (ping_plain, signals[SIGNAL_PING])
DEFINE_LOOP (ping_guarded, signals[SIGNAL_PING])
DEFINE_LOOP (ping_generic, signals[SIGNAL_PING])
DEFINE_LOOP (pointer_plain, signals[SIGNAL_POINTER], &counter)
DEFINE_LOOP (pointer_guarded, signals[SIGNAL_POINTER], &counter)
DEFINE_LOOP (pointer_generic, signals[SIGNAL_POINTER], &counter)
DEFINE_LOOP (clicked_plain, clicked_signal)
DEFINE_LOOP (clicked_guarded, clicked_signal)
DEFINE_LOOP (clicked_generic, clicked_signal)
DEFINE_LOOP (owned_clicked_plain, clicked_signal)
DEFINE_LOOP (owned_clicked_guarded, clicked_signal)
DEFINE_LOOP (owned_clicked_generic, clicked_signal)
DEFINE_LOOP (deep_clicked_plain, clicked_signal)
DEFINE_LOOP (deep_clicked_guarded, clicked_signal)
DEFINE_LOOP (deep_clicked_generic, clicked_signal)
DEFINE_LOOP (elsewhere_clicked_plain, clicked_signal)
DEFINE_LOOP (elsewhere_clicked_guarded, clicked_signal)
DEFINE_LOOP (elsewhere_clicked_generic, clicked_signal)

typedef void (*LoopFunc) (gpointer instance, guint64 n);

typedef enum {
  CONNECT_PLAIN,
  CONNECT_GUARDED,
  CONNECT_GENERIC,
} ConnectMode;

static const char *mode_names[] = { "plain", "guarded", "guarded-generic" };

static gulong
connect_mode (gpointer    instance,
              const char *signal,
              GCallback   handler,
              ConnectMode mode)
{
  gulong id;

  switch (mode)
    {
    case CONNECT_PLAIN:
      return g_signal_connect (instance, signal, handler, NULL);
    case CONNECT_GUARDED:
      return healing_signal_connect (instance, signal, handler, NULL);
    case CONNECT_GENERIC:
      g_setenv ("HEALING_SIGNAL_GENERIC", "1", TRUE);
      id = healing_signal_connect (instance, signal, handler, NULL);
      g_unsetenv ("HEALING_SIGNAL_GENERIC");
      return id;
    default:
      g_assert_not_reached ();
    }
}

/* Best ns per emission over @rounds rounds of @n emissions. */
static double
measure (gpointer    instance,
         const char *signal,
         GCallback   handler,
         ConnectMode mode,
         LoopFunc    loop,
         guint64     n,
         guint       rounds)
{
  gulong id = connect_mode (instance, signal, handler, mode);
  double best = G_MAXDOUBLE;
  guint r;

  /* Warm up. */
  loop (instance, MIN (n, 10000));

  for (r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double ns;

      counter = 0;
      loop (instance, n);
      ns = (g_get_monotonic_time () - start) * 1000.0 / n;
      g_assert_cmpuint (counter, ==, n);
      best = MIN (best, ns);
    }

  g_signal_handler_disconnect (instance, id);

  return best;
}

static gboolean count_allocations;

/* Allocations per emission, over @n emissions after a warm-up. */
static double
count_allocs (gpointer    instance,
              const char *signal,
              GCallback   handler,
              ConnectMode mode,
              LoopFunc    loop,
              guint64     n)
{
  gulong id = connect_mode (instance, signal, handler, mode);
  guint64 allocations;

  loop (instance, MIN (n, 10000));

  n_allocations = 0;
  counting = TRUE;
  loop (instance, n);
  counting = FALSE;
  allocations = n_allocations;

  g_signal_handler_disconnect (instance, id);

  return (double) allocations / n;
}

static void
bench (const char     *title,
       gpointer        instance,
       const char     *signal,
       GCallback       handler,
       const LoopFunc  loops[3],
       guint64         n,
       guint           rounds)
{
  double ns[3];
  guint m;

  for (m = CONNECT_PLAIN; m <= CONNECT_GENERIC; m++)
    ns[m] = measure (instance, signal, handler, m, loops[m], n, rounds);

  for (m = CONNECT_PLAIN; m <= CONNECT_GENERIC; m++)
    printf ("%-28s %-16s %8.1f ns/emission  %5.2fx\n",
            title, mode_names[m], ns[m], ns[m] / ns[CONNECT_PLAIN]);

  if (count_allocations)
    for (m = CONNECT_PLAIN; m <= CONNECT_GENERIC; m++)
      printf ("%-28s %-16s %8.3f allocations/emission\n", title, mode_names[m],
              count_allocs (instance, signal, handler, m, loops[m], n));
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  guint64 n = 10000000;
  guint rounds = 5;
  gboolean with_gtk = TRUE;
  BenchEmitter *emitter;
  int i;

  for (i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--iterations="))
        n = g_ascii_strtoull (argv[i] + strlen ("--iterations="), NULL, 10);
      else if (g_str_has_prefix (argv[i], "--rounds="))
        rounds = (guint) g_ascii_strtoull (argv[i] + strlen ("--rounds="), NULL, 10);
      else if (strcmp (argv[i], "--no-gtk") == 0)
        with_gtk = FALSE;
      else if (strcmp (argv[i], "--allocations") == 0)
        count_allocations = TRUE;
      else
        {
          fprintf (stderr, "usage: %s [--iterations=N] [--rounds=N] [--no-gtk] "
                   "[--allocations]\n", argv[0]);
          return 2;
        }
    }

  if (n == 0 || rounds == 0)
    return 2;

  /* GLib reads G_SLICE once, early: set it for a fresh process. */
  if (count_allocations && g_strcmp0 (g_getenv ("G_SLICE"), "always-malloc") != 0)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
      fprintf (stderr, "cannot re-execute with G_SLICE=always-malloc: %s\n", g_strerror (errno));
      return 1;
    }

  if (with_gtk)
    gtk_init ();
  healing_init ();

  printf ("%" G_GUINT64_FORMAT " emissions per round, best of %u rounds\n", n, rounds);

  /* The counter counts: one g_malloc () and one g_slice_alloc (). */
  if (count_allocations)
    {
      gpointer block, slice;

      n_allocations = 0;
      counting = TRUE;
      block = g_malloc (16);
      slice = g_slice_alloc (24);
      counting = FALSE;
      g_free (block);
      g_slice_free1 (24, slice);
      if (n_allocations != 2)
        {
          fprintf (stderr, "allocation counting does not work here (%" G_GUINT64_FORMAT
                   " of 2 counted)\n", n_allocations);
          return 1;
        }
    }

  emitter = g_object_new (BENCH_TYPE_EMITTER, NULL);
  bench ("BenchEmitter::ping (VOID)", emitter, "ping", G_CALLBACK (ping_cb),
         (LoopFunc[]) { bench_loop_ping_plain, bench_loop_ping_guarded,
                        bench_loop_ping_generic }, n, rounds);
  bench ("BenchEmitter::pointer", emitter, "pointer", G_CALLBACK (pointer_cb),
         (LoopFunc[]) { bench_loop_pointer_plain, bench_loop_pointer_guarded,
                        bench_loop_pointer_generic }, n, rounds);
  g_object_unref (emitter);

  if (with_gtk)
    {
      GtkWidget *container = g_object_ref_sink (healing_container_new ());
      GtkWidget *button = g_object_ref_sink (gtk_button_new ());

      clicked_signal = g_signal_lookup ("clicked", GTK_TYPE_BUTTON);

      /* No owner: the guard alone. */
      bench ("GtkButton::clicked", button, "clicked", G_CALLBACK (clicked_cb),
             (LoopFunc[]) { bench_loop_clicked_plain, bench_loop_clicked_guarded,
                            bench_loop_clicked_generic }, n, rounds);

      /* Inside a container: the owner is looked up, kept alive, and the
       * guarded-action hooks (checkpoint journal) run around each call. */
      healing_container_set_child (HEALING_CONTAINER (container), button);
      bench ("GtkButton::clicked (owned)", button, "clicked", G_CALLBACK (clicked_cb),
             (LoopFunc[]) { bench_loop_owned_clicked_plain,
                            bench_loop_owned_clicked_guarded,
                            bench_loop_owned_clicked_generic }, n, rounds);

      /* 20 levels deep: the owner lookup walks up 20 parents. */
      healing_container_set_child (HEALING_CONTAINER (container), NULL);
      {
        GtkWidget *parent = container;
        guint level;

        for (level = 1; level < DEEP_LEVELS; level++)
          {
            GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

            if (parent == container)
              healing_container_set_child (HEALING_CONTAINER (container), box);
            else
              gtk_box_append (GTK_BOX (parent), box);
            parent = box;
          }
        gtk_box_append (GTK_BOX (parent), button);
      }
      bench ("GtkButton::clicked (20 deep)", button, "clicked", G_CALLBACK (clicked_cb),
             (LoopFunc[]) { bench_loop_deep_clicked_plain,
                            bench_loop_deep_clicked_guarded,
                            bench_loop_deep_clicked_generic }, n, rounds);

      /* Unowned again, while a container elsewhere has a child. */
      {
        GtkWidget *box = gtk_widget_get_parent (button);

        gtk_box_remove (GTK_BOX (box), button);
        gtk_box_append (GTK_BOX (box), gtk_label_new ("elsewhere"));
      }
      bench ("GtkButton::clicked (elsewhere)", button, "clicked", G_CALLBACK (clicked_cb),
             (LoopFunc[]) { bench_loop_elsewhere_clicked_plain,
                            bench_loop_elsewhere_clicked_guarded,
                            bench_loop_elsewhere_clicked_generic }, n, rounds);

      g_object_unref (container);
      g_object_unref (button);
    }

  return 0;
}
