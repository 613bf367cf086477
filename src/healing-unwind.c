/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include <dlfcn.h>
#include <link.h>
#include <valgrind/valgrind.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "healing-unwind-private.h"

/* ------------------------------------------------------------------------
 * The rules
 *
 * A frame is matched first against the functions below (by the address
 * range of the exported symbol), then against the modules, and is safe to
 * abandon when nothing matches. Exported entry points are enough: the
 * internal helpers that actually hold the state (_int_free (),
 * malloc_printerr (), signal_emit_unlocked_R (), type_class_init_Wm ())
 * always run below one of them on the stack.
 *
 * Safe by default, and why that holds for what guarded code runs through:
 *  - the guarded code itself (the application's modules, libhealing's
 *    trampolines): it is what is being abandoned, and the container never
 *    runs it again without a strategy's say-so;
 *  - libgtk-4: measure, allocate and snapshot dispatch keep no global
 *    state across the vfunc call (GTK 4.8: gtk_widget_measure () commits
 *    nothing to the size cache before the vfunc returns; allocate leaves
 *    the child to be allocated again, which the container does; the
 *    snapshot is a scratch GtkSnapshot that is thrown away with every
 *    state pushed on it), and GTK's own marshallers only forward calls;
 *  - cairo drawing into the scratch snapshot's recording surface, with
 *    cairo_save () / cairo_push_group () states: they belong to that
 *    surface's cairo_t, which is thrown away too;
 *  - libffi and GObject's C marshallers: pure call forwarding;
 *  - abort (), raise (), assertion and fortify failure paths: the frames
 *    of a deliberate stop hold nothing.
 * ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  HealingUnwindVerdict verdict;
  const char *reason;
} Rule;

#define ALLOCATOR "glibc's allocator: it may hold an arena lock, and a heap it " \
                  "aborted on is corrupt"
#define STDIO "stdio: the stream's lock is held while it formats or writes"
#define EMISSION "GObject signal emission: GLib's emission stack and the " \
                 "handler list would point into the abandoned stack"
#define NOTIFY "GObject property change: the object's notify queue stays " \
               "frozen, bindings and notify handlers stop for good"
#define TYPES "GType class or interface initialisation: the type system's " \
              "lock and the class's init state stay taken"
#define ONCE "g_once: the once-value stays 'being initialised'; the next " \
             "user waits for ever"
#define LOCK "a lock's own code: its state is unknown"
#define SLICE "GSlice: a magazine lock may be held"
#define LIBC_LOCK "a glibc function that holds an internal lock (random state, " \
                  "time zone, environment, locale, gettext catalogs, the loader)"
#define DISPOSE "object disposal: the object is left half disposed (it is " \
                "leaked, not freed twice), which may matter later"

static const Rule function_rules[] = {
  { "malloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "free", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "calloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "realloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "reallocarray", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "memalign", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "aligned_alloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "posix_memalign", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "valloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "pvalloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "malloc_trim", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "malloc_usable_size", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "__libc_malloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "__libc_free", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "__libc_calloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "__libc_realloc", HEALING_UNWIND_UNSAFE, ALLOCATOR },
  { "__libc_memalign", HEALING_UNWIND_UNSAFE, ALLOCATOR },

  { "vfprintf", HEALING_UNWIND_UNSAFE, STDIO },
  { "fprintf", HEALING_UNWIND_UNSAFE, STDIO },
  { "printf", HEALING_UNWIND_UNSAFE, STDIO },
  { "vprintf", HEALING_UNWIND_UNSAFE, STDIO },
  { "fputs", HEALING_UNWIND_UNSAFE, STDIO },
  { "puts", HEALING_UNWIND_UNSAFE, STDIO },
  { "fwrite", HEALING_UNWIND_UNSAFE, STDIO },
  { "fflush", HEALING_UNWIND_UNSAFE, STDIO },
  { "fputc", HEALING_UNWIND_UNSAFE, STDIO },
  { "putc", HEALING_UNWIND_UNSAFE, STDIO },
  { "fgets", HEALING_UNWIND_UNSAFE, STDIO },
  { "fread", HEALING_UNWIND_UNSAFE, STDIO },
  { "getline", HEALING_UNWIND_UNSAFE, STDIO },
  { "fclose", HEALING_UNWIND_UNSAFE, STDIO },
  { "fopen", HEALING_UNWIND_UNSAFE, STDIO },

  { "g_signal_emit", HEALING_UNWIND_UNSAFE, EMISSION },
  { "g_signal_emit_valist", HEALING_UNWIND_UNSAFE, EMISSION },
  { "g_signal_emitv", HEALING_UNWIND_UNSAFE, EMISSION },
  { "g_signal_emit_by_name", HEALING_UNWIND_UNSAFE, EMISSION },
  { "g_signal_chain_from_overridden", HEALING_UNWIND_UNSAFE, EMISSION },
  { "g_signal_chain_from_overridden_handler", HEALING_UNWIND_UNSAFE, EMISSION },
  /* Only reached from inside a guarded call through a nested closure:
   * libhealing's own guarded closures call the marshaller directly. */
  { "g_closure_invoke", HEALING_UNWIND_UNSAFE, EMISSION },

  { "g_object_set", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_set_valist", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_setv", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_set_property", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_notify", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_notify_by_pspec", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_thaw_notify", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_new", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_new_valist", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_new_with_properties", HEALING_UNWIND_UNSAFE, NOTIFY },
  { "g_object_newv", HEALING_UNWIND_UNSAFE, NOTIFY },

  { "g_type_class_ref", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_class_unref", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_default_interface_ref", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_register_static", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_register_static_simple", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_register_dynamic", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_register_fundamental", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_add_interface_static", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_add_interface_dynamic", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_create_instance", HEALING_UNWIND_UNSAFE, TYPES },
  { "g_type_module_use", HEALING_UNWIND_UNSAFE, TYPES },

  { "g_once_impl", HEALING_UNWIND_UNSAFE, ONCE },
  { "g_once_init_enter", HEALING_UNWIND_UNSAFE, ONCE },
  { "g_once_init_enter_pointer", HEALING_UNWIND_UNSAFE, ONCE },

  { "g_mutex_lock", HEALING_UNWIND_UNSAFE, LOCK },
  { "g_mutex_unlock", HEALING_UNWIND_UNSAFE, LOCK },
  { "g_rec_mutex_lock", HEALING_UNWIND_UNSAFE, LOCK },
  { "g_rw_lock_writer_lock", HEALING_UNWIND_UNSAFE, LOCK },
  { "g_rw_lock_reader_lock", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_mutex_lock", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_mutex_unlock", HEALING_UNWIND_UNSAFE, LOCK },

  { "rand", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "random", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "srand", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "srandom", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "localtime", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "localtime_r", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "mktime", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "tzset", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "setenv", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "unsetenv", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "putenv", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "setlocale", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "newlocale", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dcgettext", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dcngettext", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dgettext", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dngettext", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "gettext", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "ngettext", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "bindtextdomain", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "textdomain", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dlopen", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dlclose", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dlsym", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dladdr", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "dl_iterate_phdr", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "syslog", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "vsyslog", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "getaddrinfo", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "getpwnam", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "getpwuid", HEALING_UNWIND_UNSAFE, LIBC_LOCK },
  { "pthread_once", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_rwlock_rdlock", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_rwlock_wrlock", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_rwlock_unlock", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_cond_wait", HEALING_UNWIND_UNSAFE, LOCK },
  { "pthread_cond_timedwait", HEALING_UNWIND_UNSAFE, LOCK },

  { "g_slice_alloc", HEALING_UNWIND_UNSAFE, SLICE },
  { "g_slice_alloc0", HEALING_UNWIND_UNSAFE, SLICE },
  { "g_slice_free1", HEALING_UNWIND_UNSAFE, SLICE },
  { "g_slice_free_chain_with_offset", HEALING_UNWIND_UNSAFE, SLICE },

  { "g_object_unref", HEALING_UNWIND_TAINTS, DISPOSE },
  { "g_object_run_dispose", HEALING_UNWIND_TAINTS, DISPOSE },

  /* A warning or critical made fatal (G_DEBUG, g_log_set_always_fatal ())
   * through the old API aborts inside g_logv (), after its handler, which
   * cannot see that it is fatal (GLib clears the flag for the writer). */
  { "g_logv", HEALING_UNWIND_TAINTS, HEALING_UNWIND_LOG_DEPTH },
};

/* Matched against the start of a module's file name (its basename). The
 * main program is matched by its own file name. */
static const Rule module_rules[] = {
  /* Debian's python3.11 has the interpreter linked into the program;
   * other builds load it as a library. */
  { "python3", HEALING_UNWIND_UNSAFE,
    "the Python interpreter: the GIL and its frame stack would be left held" },
  { "libpython3", HEALING_UNWIND_UNSAFE,
    "the Python interpreter: the GIL and its frame stack would be left held" },
  { "_gi.cpython", HEALING_UNWIND_UNSAFE,
    "PyGObject: it holds the GIL and Python frames around every call" },
  { "_gi_cairo.cpython", HEALING_UNWIND_UNSAFE,
    "PyGObject: it holds the GIL and Python frames around every call" },
  { "libgjs", HEALING_UNWIND_UNSAFE,
    "GJS: the JavaScript engine's call stack and GC state would be left inconsistent" },
  { "libmozjs", HEALING_UNWIND_UNSAFE,
    "SpiderMonkey: the JavaScript engine's call stack and GC state would be left inconsistent" },
  { "gjs", HEALING_UNWIND_UNSAFE,
    "GJS: the JavaScript engine's call stack and GC state would be left inconsistent" },
};

/* cairo user fonts: cairo renders a user font's glyphs, calling back into
 * application code, with the scaled font's mutex held. These are cairo's
 * exported entry points that can get there. */
#define USER_FONT "cairo text: a user font's callback runs with the scaled " \
                  "font's mutex held"
static const Rule cairo_rules[] = {
  { "cairo_show_text", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_show_glyphs", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_show_text_glyphs", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_text_path", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_glyph_path", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_text_extents", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_glyph_extents", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_scaled_font_text_extents", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_scaled_font_glyph_extents", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_scaled_font_text_to_glyphs", HEALING_UNWIND_UNSAFE, USER_FONT },
  { "cairo_scaled_font_create", HEALING_UNWIND_UNSAFE, USER_FONT },
};

/* ------------------------------------------------------------------------
 * Address ranges, computed on the GTK thread, read in the handler
 * ------------------------------------------------------------------------ */

typedef struct {
  guintptr start;
  guintptr end;
  const Rule *rule;
} FunctionRange;

typedef struct {
  guintptr start;
  guintptr end;
  guintptr base;
  const char *name;
  const Rule *rule;
} ModuleRange;

#define MAX_FUNCTIONS (G_N_ELEMENTS (function_rules) + G_N_ELEMENTS (cairo_rules))
#define MAX_MODULES 1024

typedef struct {
  FunctionRange functions[MAX_FUNCTIONS];
  guint n_functions;
  ModuleRange modules[MAX_MODULES];
  guint n_modules;
  unsigned long long loads;
} Table;

/* Two tables: a refresh fills the one not in use, then publishes it, so a
 * signal arriving mid-refresh on the same thread sees a whole table. */
static Table tables[2];
static Table * volatile current_table;
static char program_path[4096];

/* Under valgrind the stack that libunwind walks is the synthetic CPU's:
 * the walk can fail where it would not on the real one (a stack overflow
 * valgrind could not grow into). There, a walk that fails does not stop
 * the process; a frame the rules name still does. */
static gboolean under_valgrind;

static const char *
basename_of (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

static const Rule *
find_module_rule (const char *name)
{
  const char *base = basename_of (name);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (module_rules); i++)
    if (strncmp (base, module_rules[i].name, strlen (module_rules[i].name)) == 0)
      return &module_rules[i];

  return NULL;
}

static int
add_module (struct dl_phdr_info *info,
            size_t               size,
            void                *data)
{
  Table *table = data;
  const char *name = info->dlpi_name;
  int i;

  (void) size;

  if (name == NULL || name[0] == '\0')
    name = program_path;

  table->loads = info->dlpi_adds;

  for (i = 0; i < info->dlpi_phnum && table->n_modules < MAX_MODULES; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      ModuleRange *range;

      if (phdr->p_type != PT_LOAD || !(phdr->p_flags & PF_X))
        continue;

      range = &table->modules[table->n_modules++];
      range->start = info->dlpi_addr + phdr->p_vaddr;
      range->end = range->start + phdr->p_memsz;
      range->base = info->dlpi_addr;
      range->name = name;
      range->rule = find_module_rule (name);
    }

  return 0;
}

static void
add_functions (Table      *table,
               const Rule *rules,
               gsize       n_rules)
{
  gsize i;

  for (i = 0; i < n_rules && table->n_functions < MAX_FUNCTIONS; i++)
    {
      void *address = dlsym (RTLD_DEFAULT, rules[i].name);
      const ElfW(Sym) *symbol = NULL;
      Dl_info info;
      FunctionRange *range;

      if (address == NULL ||
          dladdr1 (address, &info, (void **) &symbol, RTLD_DL_SYMENT) == 0 ||
          symbol == NULL || symbol->st_size == 0)
        continue;

      range = &table->functions[table->n_functions++];
      range->start = (guintptr) address;
      range->end = range->start + symbol->st_size;
      range->rule = &rules[i];
    }
}

static int
read_loads (struct dl_phdr_info *info,
            size_t               size,
            void                *data)
{
  (void) size;
  *(unsigned long long *) data = info->dlpi_adds;
  return 1;
}

/*
 * healing_unwind_refresh:
 *
 * Computes the tables again if modules were loaded since the last time
 * (a Python application imports PyGObject's module after libhealing's
 * init, a GTK module is loaded late). Cheap when nothing changed: one
 * step of dl_iterate_phdr (). Call on the GTK thread only.
 */
void
healing_unwind_refresh (void)
{
  Table *table;
  unsigned long long loads = 0;

  dl_iterate_phdr (read_loads, &loads);
  if (current_table != NULL && current_table->loads == loads)
    return;

  table = current_table == &tables[0] ? &tables[1] : &tables[0];
  memset (table, 0, sizeof *table);

  dl_iterate_phdr (add_module, table);
  add_functions (table, function_rules, G_N_ELEMENTS (function_rules));
  add_functions (table, cairo_rules, G_N_ELEMENTS (cairo_rules));

  __atomic_store_n (&current_table, table, __ATOMIC_SEQ_CST);
}

/*
 * healing_unwind_init:
 *
 * Sets libunwind up for use in signal handlers and computes the tables.
 * Called once, by the trap's init, on the GTK thread.
 */
void
healing_unwind_init (void)
{
  ssize_t n = readlink ("/proc/self/exe", program_path, sizeof program_path - 1);

  program_path[n > 0 ? n : 0] = '\0';
  under_valgrind = RUNNING_ON_VALGRIND;

  /* A per-thread cache: no lock in the handler, and repeated frames (a
   * stack overflow's thousands of them) cost one lookup. */
  unw_set_caching_policy (unw_local_addr_space, UNW_CACHE_PER_THREAD);

  healing_unwind_refresh ();
}

static const FunctionRange *
lookup_function (const Table *table,
                 guintptr     pc)
{
  guint i;

  for (i = 0; i < table->n_functions; i++)
    if (pc >= table->functions[i].start && pc < table->functions[i].end)
      return &table->functions[i];

  return NULL;
}

static const ModuleRange *
lookup_module (const Table *table,
               guintptr     pc)
{
  guint i;

  for (i = 0; i < table->n_modules; i++)
    if (pc >= table->modules[i].start && pc < table->modules[i].end)
      return &table->modules[i];

  return NULL;
}

const char *
healing_unwind_find_module (const void *pc,
                            gsize      *offset)
{
  const Table *table = current_table;
  const ModuleRange *module = table != NULL ? lookup_module (table, (guintptr) pc) : NULL;

  if (module == NULL)
    {
      *offset = (gsize) pc;
      return NULL;
    }

  *offset = (guintptr) pc - module->base;
  return module->name;
}

const char *
healing_unwind_find_function (const void *pc)
{
  const Table *table = current_table;
  const FunctionRange *function = table != NULL ? lookup_function (table, (guintptr) pc) : NULL;

  return function != NULL ? function->rule->name : NULL;
}

const char *
healing_unwind_verdict_name (HealingUnwindVerdict verdict)
{
  switch (verdict)
    {
    case HEALING_UNWIND_SAFE:
      return "safe";
    case HEALING_UNWIND_TAINTS:
      return "taints";
    case HEALING_UNWIND_UNSAFE:
      return "unsafe";
    case HEALING_UNWIND_UNKNOWN:
    default:
      return "unknown";
    }
}

/* A stack overflow is ~100,000 frames of one function; more than this is
 * a corrupt stack that loops. */
#define MAX_STEPS (1 << 21)

/* Applies the rules to one frame. Returns FALSE if @pc is in no module at
 * all. */
static gboolean
classify_frame (const Table         *table,
                guintptr             pc,
                HealingUnwindReport *report)
{
  const FunctionRange *function = lookup_function (table, pc);
  const ModuleRange *module;
  const Rule *rule = NULL;

  if (function != NULL)
    rule = function->rule;

  module = lookup_module (table, pc);
  if (module == NULL)
    return FALSE;

  if (rule == NULL)
    rule = module->rule;

  if (rule != NULL && rule->verdict > report->verdict)
    {
      report->verdict = rule->verdict;
      report->rule = rule->name;
      report->reason = rule->reason;
      report->rule_pc = (void *) pc;
    }

  return TRUE;
}

static void classify (void                *ucontext,
                      const void          *stop_mark,
                      HealingUnwindReport *report);

/*
 * healing_unwind_classify:
 * @ucontext: the interrupted context, as given to an SA_SIGINFO handler
 * @stop_mark: an address inside the trap frame's own stack frame; the walk
 *   ends at the first frame above it
 * @report: (out caller-allocates): the verdict and the first frames
 *
 * Walks from the interrupted instruction up to the trap frame and applies
 * the rules to every frame on the way. Signal safe.
 */
void
healing_unwind_classify (void                *ucontext,
                         const void          *stop_mark,
                         HealingUnwindReport *report)
{
  classify (ucontext, stop_mark, report);

  if G_UNLIKELY (under_valgrind && report->verdict == HEALING_UNWIND_UNKNOWN)
    report->verdict = HEALING_UNWIND_SAFE;
}

static void
classify (void                *ucontext,
          const void          *stop_mark,
          HealingUnwindReport *report)
{
  const Table *table = current_table;
  ucontext_t context;
  unw_cursor_t cursor;
  guint steps;

  memset (report, 0, sizeof *report);
  report->verdict = HEALING_UNWIND_SAFE;

  if (table == NULL)
    {
      report->verdict = HEALING_UNWIND_UNKNOWN;
      return;
    }

  memcpy (&context, ucontext, sizeof context);

#if defined(__x86_64__)
  /* A call through a NULL or wild function pointer: the faulting pc is in
   * no module and has no unwind information, but the call has just pushed
   * its return address. Start from the caller. */
  if (lookup_module (table, context.uc_mcontext.gregs[REG_RIP]) == NULL)
    {
      guintptr sp = context.uc_mcontext.gregs[REG_RSP];

      if (sp != 0 && sp < (guintptr) stop_mark)
        {
          context.uc_mcontext.gregs[REG_RIP] = *(greg_t *) sp;
          context.uc_mcontext.gregs[REG_RSP] = sp + sizeof (greg_t);
        }
    }
#endif

  if (unw_init_local2 (&cursor, (unw_context_t *) &context, UNW_INIT_SIGNAL_FRAME) < 0)
    {
      report->verdict = HEALING_UNWIND_UNKNOWN;
      return;
    }

  for (steps = 0; steps < MAX_STEPS; steps++)
    {
      unw_word_t ip = 0, sp = 0;
      guintptr pc;

      if (unw_get_reg (&cursor, UNW_REG_IP, &ip) < 0 ||
          unw_get_reg (&cursor, UNW_REG_SP, &sp) < 0)
        break;

      /* Past the trap frame: everything below it was checked. */
      if (sp > (unw_word_t) stop_mark)
        {
          report->n_frames = steps;
          return;
        }

      /* A return address points after the call: look up the call. */
      pc = steps == 0 ? ip : ip - 1;

      if (report->n_pcs < HEALING_UNWIND_MAX_PCS)
        report->pcs[report->n_pcs++] = (void *) ip;

      if (!classify_frame (table, pc, report))
        {
          /* Code in no module: JIT-compiled, or a corrupt return
           * address. Nothing shows the unwind is safe. */
          report->verdict = HEALING_UNWIND_UNKNOWN;
          report->rule = "code outside every loaded module";
          report->reason = "JIT-compiled code or a corrupt stack: nothing shows the unwind is safe";
          report->rule_pc = (void *) pc;
          report->n_frames = steps + 1;
          return;
        }

      /* One unsafe frame settles it; walk on only to fill the record's
       * frames. */
      if (report->verdict == HEALING_UNWIND_UNSAFE)
        {
          report->n_frames = steps + 1;
          while (report->n_pcs < HEALING_UNWIND_MAX_PCS && unw_step (&cursor) > 0 &&
                 unw_get_reg (&cursor, UNW_REG_IP, &ip) == 0)
            report->pcs[report->n_pcs++] = (void *) ip;
          return;
        }

      if (unw_step (&cursor) <= 0)
        break;
    }

  report->n_frames = steps;
  report->verdict = HEALING_UNWIND_UNKNOWN;
  report->rule = "an unwinding failure";
  report->reason = "the stack could not be walked up to the trap frame";
  report->rule_pc = NULL;
}
