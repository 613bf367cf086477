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
#include <errno.h>
#include <pthread.h>
#include <ucontext.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "healing-trap-private.h"
#include "healing-fault-private.h"
#include "healing-log-private.h"
#include "healing-record-private.h"
#include "healing-unwind-private.h"
#include "healing-watchdog-private.h"

#if defined(__SANITIZE_ADDRESS__)
# define HEALING_TRAP_LSAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HEALING_TRAP_LSAN 1
# endif
#endif

#ifdef HEALING_TRAP_LSAN
# include <sanitizer/lsan_interface.h>
#endif

/* The signals a frame traps. SIGTRAP is here because a fatal structured
 * g_error() ends in G_BREAKPOINT(). */
static const int trapped_signals[] = {
  SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP,
};

/* initial-exec TLS is a plain %fs-relative load: safe to read in a signal
 * handler, unlike the general dynamic model that may call into the loader. */
#define TRAP_TLS HEALING_TRAP_TLS

/* Shared with the inline entry and exit of healing-trap-private.h. */
HEALING_TRAP_TLS HealingTrapFrame *healing_trap_top;
HEALING_TRAP_TLS HealingTrapFrame *healing_trap_beginning;
HEALING_TRAP_TLS gboolean healing_trap_thread_ready;
/* Whether this is the thread the hang watchdog watches (the GTK one). */
HEALING_TRAP_TLS gboolean healing_trap_thread_watched;
HEALING_TRAP_TLS gboolean healing_trap_thread_fast;
static TRAP_TLS GPtrArray *log_suppressions;

static struct sigaction previous_actions[NSIG];
static gsize stack_limit;

#define OLD_API_DEPTH_TAINT "a fatal message through the old logging API left " \
                            "GLib's log recursion depth raised"

/* Set while a handler walks the stack: a fault in the walk itself (a
 * stack too corrupt to read) must not start another walk. */
static TRAP_TLS volatile sig_atomic_t in_handler;
/* The walk of the last fault on this thread, kept for its frame. */
static TRAP_TLS HealingUnwindReport trap_report;

/* Process taint: set in handlers, hence plain volatile words. */
static volatile sig_atomic_t process_tainted;
static const char * volatile process_taint_reason;

/* ------------------------------------------------------------------------
 * The nested-main-loop rule
 *
 * A fault, a hang, a critical or a binding's exception belongs to the
 * innermost frame only if it comes from the code that frame called, not
 * from a main loop that code runs (a g_main_loop_run () inside a handler,
 * dispatching an unguarded idle): unwinding through the dispatch would
 * leave GLib's dispatch state pointing into a dead stack, and the frame's
 * code did not log what the loop's callbacks log.
 *
 * GLib raises g_main_depth () only while it dispatches, and it dispatches
 * on a thread only below one of three exported entry points:
 * g_main_context_dispatch (), and g_main_context_iteration () and
 * g_main_loop_run (), which reach it through g_main_context_iterate ()
 * (a static function, maybe with the dispatch inlined). So instead of
 * reading g_main_depth () on every entry (a TLS lookup through GPrivate:
 * some 40 instructions, a third of the guard's cost), the trap looks, when
 * it has something to attribute, for one of them on the stack between
 * the code and the frame. Any of them there is a main loop the frame's
 * code runs, which is also stricter than the depth: a source's prepare or
 * check function, or a custom poll function, run by a nested loop is not
 * the frame's code either, though GLib's depth does not count it.
 *
 * If a symbol cannot be found (a GLib built without a dynamic symbol
 * table), frames record g_main_depth () on entry and the rule compares
 * depths, as it always did.
 * ------------------------------------------------------------------------ */

static const char *const loop_entry_names[] = {
  "g_main_context_dispatch",
  "g_main_context_iteration",
  "g_main_loop_run",
};

typedef struct {
  guintptr start;
  guintptr end;
} LoopEntry;

static LoopEntry loop_entries[G_N_ELEMENTS (loop_entry_names)];

/* Read by healing_trap_enter (): FALSE means frames record their depth. */
gboolean healing_trap_depth_on_entry = TRUE;

/* Far more than a log call or a fault handler is ever below a frame. */
#define MAX_LOOP_WALK 512

static void
find_loop_entries (void)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (loop_entry_names); i++)
    {
      void *address = dlsym (RTLD_DEFAULT, loop_entry_names[i]);
      const ElfW(Sym) *symbol = NULL;
      Dl_info info;

      if (address == NULL ||
          dladdr1 (address, &info, (void **) &symbol, RTLD_DL_SYMENT) == 0 ||
          symbol == NULL || symbol->st_size == 0)
        return;

      loop_entries[i].start = (guintptr) address;
      loop_entries[i].end = loop_entries[i].start + symbol->st_size;
    }

  healing_trap_depth_on_entry = FALSE;
}

typedef enum {
  LOOP_WALK_NONE,     /* the walk reached the frame: no main loop between */
  LOOP_WALK_NESTED,   /* a main loop between the code and the frame */
  LOOP_WALK_UNKNOWN,  /* the walk did not reach the frame */
} LoopWalk;

static gboolean
is_loop_entry (guintptr pc)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (loop_entries); i++)
    if (pc >= loop_entries[i].start && pc < loop_entries[i].end)
      return TRUE;

  return FALSE;
}

/* Walks from @ucontext (a signal's; NULL: from the caller) up to @frame.
 * Signal safe (libunwind's local unwinding, per-thread cache). */
static LoopWalk
walk_to_frame (const HealingTrapFrame *frame,
               void                   *ucontext)
{
  unw_context_t context;
  unw_cursor_t cursor;
  guint steps;

  if (ucontext != NULL)
    {
      ucontext_t copy;

      memcpy (&copy, ucontext, sizeof copy);
#if defined(__x86_64__)
      /* A call through a NULL or wild function pointer: no unwind
       * information at the pc, but the call has just pushed its return
       * address. Start from the caller (as the unwind rules do). */
      {
        gsize offset;

        if (healing_unwind_find_module ((const void *) copy.uc_mcontext.gregs[REG_RIP], &offset) == NULL)
          {
            guintptr sp = copy.uc_mcontext.gregs[REG_RSP];

            if (sp != 0 && sp < (guintptr) frame->stack_mark)
              {
                copy.uc_mcontext.gregs[REG_RIP] = *(greg_t *) sp;
                copy.uc_mcontext.gregs[REG_RSP] = sp + sizeof (greg_t);
              }
          }
      }
#endif
      G_STATIC_ASSERT (sizeof context == sizeof copy);
      /* The cursor reads the registers from the context: it must outlive
       * the walk. */
      memcpy (&context, &copy, sizeof context);
      if (unw_init_local2 (&cursor, &context, UNW_INIT_SIGNAL_FRAME) < 0)
        return LOOP_WALK_UNKNOWN;
    }
  else
    {
      if (unw_getcontext (&context) < 0 || unw_init_local (&cursor, &context) < 0)
        return LOOP_WALK_UNKNOWN;
    }

  for (steps = 0; steps < MAX_LOOP_WALK; steps++)
    {
      unw_word_t ip = 0, sp = 0;

      if (unw_get_reg (&cursor, UNW_REG_IP, &ip) < 0 ||
          unw_get_reg (&cursor, UNW_REG_SP, &sp) < 0)
        return LOOP_WALK_UNKNOWN;

      /* Past the frame's own stack frame: nothing between. */
      if (sp > (unw_word_t) frame->stack_mark)
        return LOOP_WALK_NONE;

      /* A return address points after the call: look up the call. */
      if (is_loop_entry (steps == 0 && ucontext != NULL ? ip : ip - 1))
        return LOOP_WALK_NESTED;

      if (unw_step (&cursor) <= 0)
        return LOOP_WALK_UNKNOWN;
    }

  return LOOP_WALK_UNKNOWN;
}

/*
 * in_nested_loop:
 * @frame: the innermost frame
 * @ucontext: (nullable): the interrupted context of a signal, or NULL for
 *   the caller's own
 *
 * The nested-main-loop rule. A walk that cannot reach the frame (code
 * without unwind information on the way, JIT-compiled code) shows no loop:
 * what happened is then the frame's own, as it is without a loop. For a
 * fault or a hang the unwind rules walk the same stack and stop the
 * process when they cannot.
 *
 * Returns: whether what runs now runs in a main loop inside @frame
 */
static gboolean
in_nested_loop (const HealingTrapFrame *frame,
                void                   *ucontext)
{
  if G_UNLIKELY (healing_trap_depth_on_entry)
    return frame->main_depth != (guint) g_main_depth ();

  return walk_to_frame (frame, ucontext) == LOOP_WALK_NESTED;
}

/*
 * healing_trap_in_nested_loop:
 *
 * For healing_report_current_fault (): whether the caller runs in a main
 * loop nested inside the innermost frame @frame.
 */
gboolean
healing_trap_in_nested_loop (const HealingTrapFrame *frame)
{
  return in_nested_loop (frame, NULL);
}

/* Big enough for the handler, the chained handler and glibc's own use. */
#define ALT_STACK_SIZE (64 * 1024)

static void
chain_to_previous (int        signal_number,
                   siginfo_t *info,
                   void      *ucontext)
{
  const struct sigaction *previous = &previous_actions[signal_number];
  struct sigaction fallback;
  sigset_t set;

  if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction != NULL)
    {
      previous->sa_sigaction (signal_number, info, ucontext);
      return;
    }

  if (!(previous->sa_flags & SA_SIGINFO) &&
      previous->sa_handler != SIG_DFL &&
      previous->sa_handler != SIG_IGN)
    {
      previous->sa_handler (signal_number);
      return;
    }

  /* The default action: put it back and raise the signal again, so the
   * process dies (and dumps core) exactly as it would have without us. */
  memset (&fallback, 0, sizeof fallback);
  fallback.sa_handler = SIG_DFL;
  sigemptyset (&fallback.sa_mask);
  sigaction (signal_number, &fallback, NULL);

  sigemptyset (&set);
  sigaddset (&set, signal_number);
  pthread_sigmask (SIG_UNBLOCK, &set, NULL);
  raise (signal_number);
}

static void
write_stop_record (const char                *reason,
                   int                        signal_number,
                   const siginfo_t           *info,
                   const void                *pc,
                   const HealingTrapFrame    *frame,
                   const HealingUnwindReport *report)
{
  HealingRecord record = { 0, };

  record.reason = reason;
  record.signal_number = signal_number;
  record.code = info != NULL ? info->si_code : 0;
  /* Only the kernel's own reports (si_code > 0) carry an address. */
  record.address = info != NULL && info->si_code > 0 ? info->si_addr : NULL;
  record.pc = pc;
  record.component = frame != NULL ? frame->component : NULL;
  record.phase = frame != NULL ? frame->phase_name : NULL;
  record.unsafe_frame = report->rule;
  record.unsafe_pc = report->rule_pc;
  record.unsafe_reason = report->reason;
  record.taint = process_taint_reason;
  record.pcs = report->pcs;
  record.n_pcs = report->n_pcs;

  healing_record_write (&record);
}

static void *
interrupted_pc (void *ucontext)
{
#if defined(__x86_64__)
  return (void *) ((ucontext_t *) ucontext)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  return (void *) ((ucontext_t *) ucontext)->uc_mcontext.pc;
#else
  return NULL;
#endif
}

#ifdef HEALING_TRAP_LSAN
/* Where a fault in forget_abandoned_blocks () resumes: the next page. */
static TRAP_TLS sigjmp_buf *scan_recovery;

static void
forget_block (uintptr_t word)
{
  if (word > 4096)
    __lsan_ignore_object ((const void *) word);
}

/* Under LeakSanitizer (an ASan build): what the abandoned frames pointed to
 * is lost by design, the documented cost of an unwind (a g_error ()'s
 * formatted message, a failed assertion's text, whatever the faulting code
 * had allocated). Tell LeakSanitizer so, exactly for those blocks: every
 * interrupted register and every word of the abandoned stack (from the
 * interrupted stack pointer, with the red zone below it, up to the frame)
 * that points into a live heap block marks that block, and what it
 * references, as not a leak. A suppression by name cannot do this: ASan's
 * fast unwinder stops at the first glibc or GLib frame (they keep no frame
 * pointer), so no name in such a report says "unwound".
 *
 * The lowest pages may be unmapped (a stack overflow, the red zone at a
 * thread's guard page): a fault while reading one skips to the next page.
 * Not instrumented: the dead stack holds ASan's poisoned red zones. */
__attribute__ ((no_sanitize ("address")))
static void
forget_abandoned_blocks (void       *ucontext,
                         const char *stack_mark)
{
  const ucontext_t *uc = ucontext;
  const gsize page_size = 4096;
  sigjmp_buf recovery;
  volatile uintptr_t start;
  volatile uintptr_t page;
  gsize i;

#if defined(__x86_64__)
  start = (uintptr_t) uc->uc_mcontext.gregs[REG_RSP] - 128;
  for (i = 0; i < G_N_ELEMENTS (uc->uc_mcontext.gregs); i++)
    forget_block ((uintptr_t) uc->uc_mcontext.gregs[i]);
#elif defined(__aarch64__)
  start = (uintptr_t) uc->uc_mcontext.sp;
  for (i = 0; i < G_N_ELEMENTS (uc->uc_mcontext.regs); i++)
    forget_block ((uintptr_t) uc->uc_mcontext.regs[i]);
#else
  return;
#endif

  start &= ~(uintptr_t) (sizeof (uintptr_t) - 1);
  for (page = start & ~(uintptr_t) (page_size - 1);
       page < (uintptr_t) stack_mark; page += page_size)
    {
      const uintptr_t *word;
      const uintptr_t *end;

      if (sigsetjmp (recovery, 0) != 0)
        continue;
      scan_recovery = &recovery;

      word = (const uintptr_t *) MAX (page, start);
      end = (const uintptr_t *) MIN (page + page_size,
                                     (uintptr_t) stack_mark & ~(uintptr_t) (sizeof (uintptr_t) - 1));
      for (; word < end; word++)
        forget_block (*word);

      scan_recovery = NULL;
    }
  scan_recovery = NULL;
}
#else
# define forget_abandoned_blocks(ucontext, stack_mark) ((void) 0)
#endif

/* A frame pinned by its code (HealingTrapFrame.pinned) is not to be
 * abandoned now, whatever the rules say of the stack. */
static void
apply_pin (const HealingTrapFrame *frame,
           void                   *ucontext,
           HealingUnwindReport    *report)
{
  const char *pinned = frame->pinned;

  if G_LIKELY (pinned == NULL || report->verdict >= HEALING_UNWIND_UNSAFE)
    return;

  report->verdict = HEALING_UNWIND_UNSAFE;
  report->rule = "a frame pinned by libhealing";
  report->reason = pinned;
  report->rule_pc = (void *) interrupted_pc (ucontext);
}

static void
on_fault_signal (int        signal_number,
                 siginfo_t *info,
                 void      *ucontext)
{
  HealingTrapFrame *frame = healing_trap_top;

#ifdef HEALING_TRAP_LSAN
  /* An unmapped page of an abandoned stack: skip it. */
  if (scan_recovery != NULL && (signal_number == SIGSEGV || signal_number == SIGBUS))
    {
      sigjmp_buf *recovery = scan_recovery;
      sigset_t set;

      scan_recovery = NULL;
      sigemptyset (&set);
      sigaddset (&set, signal_number);
      pthread_sigmask (SIG_UNBLOCK, &set, NULL);
      siglongjmp (*recovery, 1);
    }
#endif

  /* A fault while walking the stack of a fault: let it take its course. */
  if (in_handler)
    {
      chain_to_previous (signal_number, info, ucontext);
      return;
    }

  /* Only the innermost frame, only once armed, and only if the fault comes
   * from the main-loop depth that frame was entered at: a fault in a nested
   * main loop belongs to code the frame did not call directly, and unwinding
   * through g_main_context_dispatch() would leave GLib's dispatch state
   * pointing into a dead stack. */
  /* (A fault while walking for the rule is a fault in the handler.) */
  if (frame != NULL && frame->armed)
    {
      in_handler = 1;
      if (in_nested_loop (frame, ucontext))
        frame = NULL;
      in_handler = 0;
    }

  if (frame != NULL && frame->armed)
    {
      sigset_t set;

      frame->armed = 0;
      in_handler = 1;
      healing_trap_frame_note (frame);

      /* Heal only what is safe to unwind; stop the rest at once. */
      healing_unwind_classify (ucontext, frame->stack_mark, &trap_report);
      apply_pin (frame, ucontext, &trap_report);
      if (trap_report.verdict != HEALING_UNWIND_SAFE &&
          trap_report.verdict != HEALING_UNWIND_TAINTS)
        {
          write_stop_record ("unsafe-unwind", signal_number, info,
                             interrupted_pc (ucontext), frame, &trap_report);
          in_handler = 0;
          chain_to_previous (signal_number, info, ucontext);
          return;
        }

      /* Taint first: whatever happens after the jump, it is recorded. */
      if (trap_report.verdict == HEALING_UNWIND_TAINTS)
        {
          frame->unwind_taint = trap_report.reason;
          healing_trap_taint (trap_report.reason);
        }
      else if (frame->taints_on_fault)
        healing_trap_taint ("a fault while cleaning up after a fault left an object half torn down");

      frame->signal_number = signal_number;
      frame->signal_code = info->si_code;
      /* Only the kernel's own reports (si_code > 0) carry an address; for
       * a raise () or a kill, si_addr overlays the sender's pid. */
      frame->fault_address = info->si_code > 0 ? info->si_addr : NULL;

      /* A SIGSEGV on an address just below the frame's stack, within the
       * stack limit, is the guard page of an overflowing stack. (Only the
       * kernel's own reports, si_code > 0, carry an address.) */
      if (signal_number == SIGSEGV && info->si_code > 0 &&
          (const char *) info->si_addr < frame->stack_mark &&
          (gsize) (frame->stack_mark - (const char *) info->si_addr) <= stack_limit)
        frame->stack_overflow = TRUE;

      /* sigsetjmp (env, 0) did not save the mask (that would cost a system
       * call per guard), so unblock the signal we are handling ourselves. */
      sigemptyset (&set);
      sigaddset (&set, signal_number);
      pthread_sigmask (SIG_UNBLOCK, &set, NULL);

      forget_abandoned_blocks (ucontext, frame->stack_mark);

      in_handler = 0;
      siglongjmp (frame->env, 1);
    }

  /* Not ours to catch: the process dies as it would have without us, and
   * says so first. */
  in_handler = 1;
  healing_unwind_classify (ucontext, (const void *) UINTPTR_MAX, &trap_report);
  /* No frame to unwind to: the walk only gave the frames. */
  trap_report.rule = NULL;
  trap_report.reason = NULL;
  trap_report.rule_pc = NULL;
  write_stop_record ("no-frame", signal_number, info,
                     interrupted_pc (ucontext), NULL, &trap_report);
  in_handler = 0;

  chain_to_previous (signal_number, info, ucontext);
}

static void
on_hang_signal (int        signal_number,
                siginfo_t *info,
                void      *ucontext)
{
  HealingTrapFrame *frame;
  sigset_t set;

  (void) info;

  /* The watchdog decided on a state of this thread that no longer holds:
   * the code made progress in the meantime. */
  if (!healing_watchdog_interrupt_is_current () || in_handler)
    return;

  /* The innermost frame with a timeout is the one that ran out of time;
   * frames inside it without a timeout are abandoned with it. */
  for (frame = healing_trap_top; frame != NULL; frame = frame->prev)
    if (frame->armed && frame->hang_timeout_ms > 0)
      break;

  /* Stuck in a nested main loop the frame did not enter itself: that is
   * not the frame's code, leave it alone. */
  if (frame == NULL)
    return;

  in_handler = 1;
  if (in_nested_loop (frame, ucontext))
    {
      in_handler = 0;
      return;
    }

  healing_unwind_classify (ucontext, frame->stack_mark, &trap_report);
  apply_pin (frame, ucontext, &trap_report);
  if (trap_report.verdict != HEALING_UNWIND_SAFE &&
      trap_report.verdict != HEALING_UNWIND_TAINTS)
    {
      /* Interrupted inside malloc () or an emission (or pinned): not now. The
       * watchdog tries again shortly; a loop spends only part of its time
       * there. If it never leaves, the watchdog stops the process. */
      healing_watchdog_refuse_interrupt (frame->component, frame->phase_name,
                                         interrupted_pc (ucontext), &trap_report);
      in_handler = 0;
      return;
    }

  /* A hang is abandoned wherever it was, perhaps holding a lock of the
   * application's: taint before anything else. */
  healing_trap_taint ("a hang was interrupted; a lock it held may never be released");

  frame->armed = 0;
  healing_trap_frame_note (frame);
  frame->hung = TRUE;
  frame->interrupted_pc = interrupted_pc (ucontext);

  sigemptyset (&set);
  sigaddset (&set, signal_number);
  pthread_sigmask (SIG_UNBLOCK, &set, NULL);

  forget_abandoned_blocks (ucontext, frame->stack_mark);

  in_handler = 0;
  siglongjmp (frame->env, 1);
}

static void
free_alt_stack (gpointer stack)
{
  stack_t current;

  /* At thread exit: disable the alternate stack before freeing it, if it is
   * still the one installed. */
  if (sigaltstack (NULL, &current) == 0 && current.ss_sp == stack)
    {
      current.ss_flags = SS_DISABLE;
      sigaltstack (&current, NULL);
    }

  g_free (stack);
}

/* Holds each thread's alternate stack, so it is freed when the thread
 * exits (and stays reachable until then). */
static GPrivate alt_stack_key = G_PRIVATE_INIT (free_alt_stack);

static void
ensure_alt_stack (void)
{
  stack_t current;

  if (healing_trap_thread_ready)
    return;

  healing_trap_thread_ready = TRUE;

  /* Keep an alternate stack someone else installed (AddressSanitizer gives
   * every thread one and unmaps it at thread exit), if it is big enough. */
  if (sigaltstack (NULL, &current) == 0 &&
      !(current.ss_flags & SS_DISABLE) &&
      current.ss_size >= ALT_STACK_SIZE)
    return;

  current.ss_sp = g_malloc (ALT_STACK_SIZE);
  current.ss_size = ALT_STACK_SIZE;
  current.ss_flags = 0;

  if (sigaltstack (&current, NULL) != 0)
    {
      g_warning ("libhealing: cannot install an alternate signal stack: %s; "
                 "stack overflows will not be trapped on this thread",
                 g_strerror (errno));
      g_free (current.ss_sp);
      return;
    }

  g_private_set (&alt_stack_key, current.ss_sp);
}

static gpointer
install_handlers_once (gpointer data)
{
  struct rlimit limit;
  struct sigaction action;
  gsize i;

  healing_record_init ();
  healing_unwind_init ();
  find_loop_entries ();

  if (getrlimit (RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    stack_limit = limit.rlim_cur;
  else
    stack_limit = 64 * 1024 * 1024;

  memset (&action, 0, sizeof action);
  action.sa_sigaction = on_fault_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset (&action.sa_mask);

  for (i = 0; i < G_N_ELEMENTS (trapped_signals); i++)
    sigaction (trapped_signals[i], &action,
               &previous_actions[trapped_signals[i]]);

  action.sa_sigaction = on_hang_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigaction (HEALING_HANG_SIGNAL, &action, NULL);

  /* The first thread here is the one hangs are watched on: the GTK one. */
  healing_trap_thread_watched = healing_watchdog_start ();

  return NULL;
}

/*
 * healing_trap_init:
 *
 * Installs the fault handlers (once per process) and an alternate signal
 * stack for the calling thread (once per thread). Called by healing_init()
 * and, lazily, by the first frame a thread runs.
 */
void
healing_trap_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install_handlers_once, NULL);
  ensure_alt_stack ();
}

/*
 * healing_trap_enter_slow:
 *
 * What healing_trap_enter () does on a thread that is not ready yet, not
 * watched for hangs, or where frames record their depth (see "The
 * nested-main-loop rule"): sets up the thread, the frame's depth and
 * whether it is timed, and the thread's fast flag.
 */
void
healing_trap_enter_slow (HealingTrapFrame *frame)
{
  if (!healing_trap_thread_ready)
    healing_trap_init ();

  if (healing_trap_depth_on_entry)
    frame->main_depth = g_main_depth ();
  frame->timed = frame->hang_timeout_ms > 0 && healing_trap_thread_watched;

  healing_trap_thread_fast = healing_trap_thread_ready && healing_trap_thread_watched &&
                             !healing_trap_depth_on_entry;
}

/*
 * healing_trap_forget_owner:
 * @owner: a container being disposed
 *
 * Takes @owner out of every guarded run of this thread that names it
 * (see HealingGuard in healing-guard-private.h): those runs commit or
 * abort nothing in it, and a fault of theirs goes to the owner found at
 * fault time, or to the runtime's log, given up (“nothing left to heal”).
 * Their frames' component string is the container's: it stays valid until
 * the container's finalize, which gives them an interned copy
 * (healing_trap_keep_component ()).
 *
 * The container's dispose calls it: dispose runs before every finalize,
 * the last unref's included, and a run's frame is in the stack for the
 * whole run (nested main loops included), or among the runs being set up
 * before that. It is on no emission's path.
 */
static void
forget_owner_in (HealingTrapFrame *frames,
                 gpointer          owner)
{
  HealingTrapFrame *frame;

  for (frame = frames; frame != NULL; frame = frame->prev)
    {
      if (frame->owner != owner)
        continue;

      frame->owner = NULL;
      frame->owner_gone = TRUE;
    }
}

void
healing_trap_forget_owner (gpointer owner)
{
  forget_owner_in (healing_trap_top, owner);
  /* Runs whose action is beginning (healing_guard_begin ()). */
  forget_owner_in (healing_trap_beginning, owner);
}

static void
keep_component_in (HealingTrapFrame *frames,
                   const char       *component)
{
  HealingTrapFrame *frame;

  for (frame = frames; frame != NULL; frame = frame->prev)
    if (frame->component == component)
      frame->component = g_intern_string (component);
}

/*
 * healing_trap_keep_component:
 * @component: (nullable): a component id about to be freed
 *
 * Frames keep their component id by pointer: a hang or a crash writes it
 * into the death record from a signal handler, which copies nothing. A
 * container that changes its component id while code of its own runs (a
 * handler that renames it) calls this before it frees the old string: the
 * frames of this thread that point at it get an interned copy.
 */
void
healing_trap_keep_component (const char *component)
{
  if (component == NULL)
    return;

  keep_component_in (healing_trap_top, component);
  keep_component_in (healing_trap_beginning, component);
}

void
healing_trap_frame_clear (HealingTrapFrame *frame)
{
  if (!frame->noted)
    return;

  g_clear_pointer (&frame->first_message, g_free);
  g_clear_pointer (&frame->taint_reason, g_free);
  g_clear_pointer (&frame->exception, healing_reported_exception_free);
}

HealingTrapFrame *
healing_trap_get_current_frame (void)
{
  return healing_trap_top;
}

/*
 * healing_trap_run:
 * @frame: a frame on the caller's stack, its head set up by
 *   healing_trap_frame_init () (and its options by the caller)
 * @func: the untrusted code
 * @data: its argument
 *
 * Runs @func inside @frame.
 *
 * Returns: TRUE if @func returned without a fault, FALSE if it crashed,
 *   hung, or logged a critical (frame->outcome says which)
 */
gboolean
healing_trap_run (HealingTrapFrame *frame,
                  HealingTrapFunc   func,
                  gpointer          data)
{
  char mark;

  healing_trap_enter (frame, &mark);

  if (sigsetjmp (frame->env, 0) == 0)
    {
      frame->armed = 1;
      func (data);
      return healing_trap_leave (frame);
    }

  return healing_trap_leave_faulted (frame);
}

/*
 * healing_trap_leave_faulted:
 * @frame: the frame siglongjmp () came back to
 *
 * The end of a run that faulted (see healing_trap_enter ()).
 *
 * Returns: FALSE
 */
gboolean
healing_trap_leave_faulted (HealingTrapFrame *frame)
{
  /* We got here by siglongjmp() from the signal handler. Frames above ours
   * were abandoned with the stack they lived on, and so were the guarded
   * runs being set up deeper in the stack than ours. */
  healing_trap_top = frame->prev;
  while (healing_trap_beginning != NULL &&
         (const char *) healing_trap_beginning < frame->stack_mark)
    healing_trap_beginning = healing_trap_beginning->prev;
  if (frame->timed)
    healing_watchdog_leave_timed (frame->outer_timeout_ms);
  frame->outcome = frame->hung ? HEALING_TRAP_OUTCOME_HANG : HEALING_TRAP_OUTCOME_SIGNAL;

  /* The unwind was shown safe, but nothing shows what the abandoned code
   * did before it faulted: from now on, a main loop that stops turning is
   * a deadlock that code left behind. */
  healing_watchdog_arm_heartbeat ();

  return FALSE;
}

/*
 * healing_trap_taint:
 * @reason: why, a string that outlives the process
 *
 * Marks the process tainted: a fault left state behind that in-process
 * healing cannot vouch for. Signal safe; the first reason is kept. Also
 * arms the heartbeat, so a deadlock that follows is not silent.
 */
void
healing_trap_taint (const char *reason)
{
  if (process_taint_reason == NULL)
    process_taint_reason = reason;
  process_tainted = 1;
  healing_watchdog_arm_heartbeat ();
}

gboolean
healing_trap_is_tainted (void)
{
  return process_tainted != 0;
}

const char *
healing_trap_get_taint_reason (void)
{
  return process_taint_reason;
}

static const char *
describe_signal (HealingTrapFrame *frame)
{
  switch (frame->signal_number)
    {
    case SIGSEGV:
      if (frame->stack_overflow)
        /* Translators: a crash description */
        return _("stack overflow");
      /* Translators: a crash description */
      return _("invalid memory access");
    case SIGBUS:
      /* Translators: a crash description */
      return _("bus error");
    case SIGFPE:
      /* Translators: a crash description, e.g. an integer division by zero */
      return _("arithmetic error");
    case SIGILL:
      /* Translators: a crash description */
      return _("illegal instruction");
    case SIGABRT:
      /* Translators: a crash description: abort() or a failed assertion */
      return _("aborted");
    case SIGTRAP:
      /* Translators: a crash description: g_error() or a breakpoint */
      return _("fatal error trap");
    default:
      /* Translators: a crash description */
      return _("fatal signal");
    }
}

static char *
describe_hang (HealingTrapFrame *frame)
{
  g_autofree char *location = NULL;
  Dl_info info;

  if (frame->interrupted_pc != NULL &&
      dladdr (frame->interrupted_pc, &info) != 0 && info.dli_sname != NULL)
    location = g_strdup_printf ("%s+0x%" G_GINTPTR_MODIFIER "x (%s)",
                                info.dli_sname,
                                (gintptr) ((char *) frame->interrupted_pc - (char *) info.dli_saddr),
                                info.dli_fname != NULL ? info.dli_fname : "?");
  else if (frame->interrupted_pc != NULL && dladdr (frame->interrupted_pc, &info) != 0)
    location = g_strdup_printf ("%p (%s+0x%" G_GINTPTR_MODIFIER "x)",
                                frame->interrupted_pc,
                                info.dli_fname != NULL ? info.dli_fname : "?",
                                (gintptr) ((char *) frame->interrupted_pc - (char *) info.dli_fbase));
  else
    location = g_strdup_printf ("%p", frame->interrupted_pc);

  /* Translators: 1: a number of milliseconds, 2: a code location */
  return g_strdup_printf (_("did not return within %1$u ms; interrupted in %2$s; "
                            "a lock it held may never be released"),
                          frame->hang_timeout_ms, location);
}

HealingFault *
healing_trap_frame_to_fault (HealingTrapFrame  *frame,
                             HealingFaultPhase  phase,
                             const char        *component_id,
                             const char        *origin)
{
  g_autofree char *message = NULL;
  HealingFaultKind kind;
  gboolean taints;

  /* A frame that ended in a fault has noted it; a clean one is no fault
   * (and its record was never cleared). */
  if (frame->outcome == HEALING_TRAP_OUTCOME_OK || !frame->noted)
    g_return_val_if_reached (NULL);

  taints = frame->taint_reason != NULL || frame->unwind_taint != NULL ||
           (frame->taints_on_fault && frame->outcome != HEALING_TRAP_OUTCOME_LOGGED);

  switch (frame->outcome)
    {
    case HEALING_TRAP_OUTCOME_SIGNAL:
      kind = HEALING_FAULT_CRASH;
      if (frame->first_message != NULL)
        /* Translators: 1: crash description, 2: signal name, 3: the last
         * message logged before the crash */
        message = g_strdup_printf (_("%1$s (SIG%2$s) after: %3$s"),
                                   describe_signal (frame),
                                   sigabbrev_np (frame->signal_number),
                                   frame->first_message);
      else if ((frame->signal_number == SIGSEGV || frame->signal_number == SIGBUS) &&
               frame->signal_code > 0)
        /* Translators: 1: crash description, 2: signal name, 3: address */
        message = g_strdup_printf (_("%1$s (SIG%2$s) at address %3$p"),
                                   describe_signal (frame),
                                   sigabbrev_np (frame->signal_number),
                                   frame->fault_address);
      else
        /* Translators: 1: crash description, 2: signal name */
        message = g_strdup_printf (_("%1$s (SIG%2$s)"),
                                   describe_signal (frame),
                                   sigabbrev_np (frame->signal_number));
      break;

    case HEALING_TRAP_OUTCOME_HANG:
      kind = HEALING_FAULT_HANG;
      taints = TRUE;
      message = describe_hang (frame);
      break;

    case HEALING_TRAP_OUTCOME_LOGGED:
      if (frame->exception != NULL)
        return healing_reported_exception_to_fault (frame->exception, phase,
                                                    component_id, origin);
      kind = (frame->first_level & G_LOG_LEVEL_CRITICAL) ?
             HEALING_FAULT_CRITICAL : HEALING_FAULT_WARNING;
      message = g_strdup (frame->first_message);
      break;

    case HEALING_TRAP_OUTCOME_OK:
    default:
      g_return_val_if_reached (NULL);
    }

  if (frame->taint_reason != NULL || frame->unwind_taint != NULL)
    {
      /* The unwind rules' reasons are for records; two rules taint: GLib's
       * old logging API and disposal. */
      const char *why = frame->taint_reason;
      char *with_reason;

      if (why == NULL && g_strcmp0 (frame->unwind_taint, HEALING_UNWIND_LOG_DEPTH) == 0)
        why = _("the fault interrupted GLib's old logging API, which leaves its "
                "recursion depth raised on this thread: the next message logged "
                "there through that API is fatal");
      else if (why == NULL)
        why = _("the fault interrupted the disposal of an object, which is left "
                "half disposed");
      with_reason = g_strdup_printf ("%s; %s", message, why);

      g_free (message);
      message = with_reason;
    }

  return healing_fault_new (kind, phase,
                            kind == HEALING_FAULT_CRASH ? frame->signal_number : 0,
                            message, component_id, origin, taints);
}

/* Log suppressions: prefixes of messages that libhealing itself provokes
 * while cleaning up after a fault (GTK warns when a snapshot abandoned
 * mid-frame is disposed). Per thread, strictly nested. */
void
healing_trap_push_log_suppression (const char *prefix)
{
  if (log_suppressions == NULL)
    log_suppressions = g_ptr_array_new ();

  g_ptr_array_add (log_suppressions, (gpointer) prefix);
}

void
healing_trap_pop_log_suppression (void)
{
  g_return_if_fail (log_suppressions != NULL && log_suppressions->len > 0);

  g_ptr_array_set_size (log_suppressions, log_suppressions->len - 1);
}

static gboolean
is_suppressed (const char *message)
{
  guint i;

  if (log_suppressions == NULL || message == NULL)
    return FALSE;

  for (i = 0; i < log_suppressions->len; i++)
    if (g_str_has_prefix (message, g_ptr_array_index (log_suppressions, i)))
      return TRUE;

  return FALSE;
}

/*
 * healing_trap_is_observing_log:
 *
 * Whether a log message on this thread could matter to the trap: only
 * inside a frame, or while libhealing suppresses its own cleanup noise.
 * Lets the writer skip all work for every other message of the process.
 */
gboolean
healing_trap_is_observing_log (void)
{
  return healing_trap_top != NULL ||
         (log_suppressions != NULL && log_suppressions->len > 0);
}

/*
 * healing_trap_observe_log:
 *
 * Called by the log writer for every message. Records the message in the
 * innermost frame when it was raised inside one at the current main-loop
 * depth.
 *
 * Returns: what the writer should do with it
 */
HealingTrapLogAction
healing_trap_observe_log (GLogLevelFlags  log_level,
                          const char     *message,
                          gboolean        old_api)
{
  HealingTrapFrame *frame = healing_trap_top;
  GLogLevelFlags level = log_level & G_LOG_LEVEL_MASK;

  if (is_suppressed (message))
    return HEALING_TRAP_LOG_DROP;

  if (frame == NULL || !frame->armed ||
      !(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) ||
      in_nested_loop (frame, NULL))
    return HEALING_TRAP_LOG_FORWARD;

  healing_trap_frame_note (frame);

  if (level & G_LOG_LEVEL_ERROR)
    {
      /* GLib aborts after the writer returns. For a structured message it
       * has already restored its recursion depth by then, and the abort is
       * trapped cleanly. An old-API g_error() aborts inside g_logv() with
       * its depth still raised: every later old-API message on this thread
       * will be treated as recursive, hence fatal. */
      if (frame->first_message == NULL)
        {
          frame->first_message = g_strdup (message);
          frame->first_level = level;
        }
      if (old_api && frame->taint_reason == NULL)
        {
          frame->taint_reason =
            g_strdup (_("g_error() through the old logging API left GLib's "
                        "log recursion depth raised on this thread"));
          healing_trap_taint (OLD_API_DEPTH_TAINT);
        }
      return HEALING_TRAP_LOG_FORWARD_NONFATAL;
    }

  if (level & G_LOG_LEVEL_CRITICAL)
    frame->n_criticals++;
  else
    frame->n_warnings++;

  if (frame->first_message == NULL &&
      ((level & G_LOG_LEVEL_CRITICAL) || frame->warnings_are_faults))
    {
      frame->first_message = g_strdup (message);
      frame->first_level = level;
    }

  /* A message the frame turns into a fault must not also kill the process
   * through G_DEBUG=fatal-criticals or a test's always-fatal mask. */
  if ((level & G_LOG_LEVEL_CRITICAL) || frame->warnings_are_faults)
    return HEALING_TRAP_LOG_FORWARD_NONFATAL;

  /* A warning made fatal (G_DEBUG=fatal-warnings) that the frame does not
   * count: GLib aborts, and the abort is trapped. Through the old API it
   * aborts inside g_logv () with the depth raised, as for g_error (); the
   * writer cannot tell (GLib clears G_LOG_FLAG_FATAL for it), the unwind
   * rules can: a fault inside g_logv () taints. */
  return HEALING_TRAP_LOG_FORWARD;
}
