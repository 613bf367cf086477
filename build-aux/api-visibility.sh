#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Public headers must not include private ones, and every public header must
# be reachable from the umbrella header healing.h.
set -eu
srcdir=${1:-$(dirname "$0")/../src}
status=0

for header in "$srcdir"/healing-*.h; do
  case "$header" in
    *-private.h) continue ;;
  esac
  name=$(basename "$header")
  if grep -q '#include "healing-[a-z-]*-private.h"' "$header"; then
    echo "$name includes a private header"
    status=1
  fi
  if ! grep -q "#include \"$name\"" "$srcdir/healing.h"; then
    echo "$name is not included by healing.h"
    status=1
  fi
done

exit $status
