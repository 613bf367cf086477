/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * What the hot-patch tests (test-patch-bundle, test-patch-trust,
 * test-patch-store) share: a store in a temporary folder with a trust of
 * key A, a container of component COMPONENT holding a label "old" in a
 * window, the runtime on a virtual clock, and bundles signed on the spot.
 * The names are the ones these tests were written with (they were one
 * file); only those three tests include this header.
 */

#pragma once

#include <healing.h>

#include "healing-patch-private.h"

G_BEGIN_DECLS

#define APP "org.example.PatchTest"
#define COMPONENT "Ticker"
#define SEC G_USEC_PER_SEC

#define GOOD_UI \
  "<interface>" \
  "  <object class=\"GtkBox\" id=\"root\">" \
  "    <child><object class=\"GtkLabel\" id=\"price\"><property name=\"label\">new</property></object></child>" \
  "  </object>" \
  "</interface>"

typedef struct
{
  char *dir;
  guint8 key_a[HEALING_PATCH_KEY_SIZE];
  guint8 key_b[HEALING_PATCH_KEY_SIZE];
  guint8 key_c[HEALING_PATCH_KEY_SIZE];
  HealingPatchTrust *trust;
  HealingPatchStore *store;
  HealingClock *clock;

  GtkWidget *window;
  HealingContainer *container;
  GtkWidget *original;

  guint patched;
  guint kept;
  guint rolled_back;
  guint refused;
} Fixture;

/* The public key of @seed in base64, for healing_patch_trust_add_key (). */
char              *public_b64       (const guint8 seed[HEALING_PATCH_KEY_SIZE]);

/* A store on the fixture's folder and trust, with a trial of 1 s, that may
 * build HealingTestFaulty; its ::kept, ::rolled-back and ::refused are
 * counted in the fixture. */
HealingPatchStore *new_store        (Fixture       *fixture);

/* For g_test_add (). The teardown checks that nothing keeps the store, the
 * trust or the replaced child alive once the window is gone. */
void               fixture_setup    (Fixture       *fixture,
                                     gconstpointer  data);
void               fixture_teardown (Fixture       *fixture,
                                     gconstpointer  data);

/* A bundle for @app and @component, signed by the @n_keys seeds of @keys
 * (none: unsigned); @css and @state_json may be NULL. */
GBytes            *sign_full        (const char   *app,
                                     const char   *component,
                                     guint64       version,
                                     gint64        expires,
                                     const char   *ui,
                                     const char   *css,
                                     const char   *state_json,
                                     const guint8 (*keys)[HEALING_PATCH_KEY_SIZE],
                                     guint         n_keys);
/* A day from now, in seconds since the epoch: an expiry that has not
 * passed. */
gint64             tomorrow         (void);
/* A bundle for APP and COMPONENT with @ui, signed by key A. */
GBytes            *sign_ui          (Fixture    *fixture,
                                     guint64     version,
                                     const char *ui);
/* The same with GOOD_UI. */
GBytes            *sign_good        (Fixture *fixture,
                                     guint64  version);

/* The component is as it was: the original child, healthy, nothing
 * recorded. */
void               assert_unchanged (Fixture *fixture);
/* The store refuses @bundle with @code (and @in_message in the message,
 * unless NULL), and says so once through ::refused. */
void               assert_refused   (Fixture           *fixture,
                                     GBytes            *bundle,
                                     HealingPatchError  code,
                                     const char        *in_message);

G_END_DECLS
