#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Installs, with apt-get, every Debian 12 package libhealing needs to build,
# run its demo and run its tests (under Xvfb and under valgrind), and nothing
# else. Does nothing (and needs no root) when all of them are present.
#
# Usage: build-aux/deps.sh
#
# Deliberately NOT installed: dbus-x11. It turns on X11 D-Bus autolaunch,
# and every GLib process under Xvfb without a session bus would then leave a
# stray dbus-launch/dbus-daemon behind.

set -euo pipefail

packages=(
  # Build
  meson ninja-build pkg-config gcc
  libgtk-4-dev libjson-glib-dev libunwind-dev
  # Hot patches: Ed25519 signatures (nettle's hogweed)
  nettle-dev
  # Hot patches from an HTTP(S) feed
  libsoup-3.0-dev
  # Introspection and the Python/GJS tests
  gobject-introspection libgirepository1.0-dev gir1.2-gtk-4.0
  python3 python3-gi gjs
  # Headless display; GL for the demo's default renderer; icons and fonts
  # the fallback view draws with (SVG icons need the rsvg pixbuf loader)
  xvfb xauth libgl1-mesa-dri
  adwaita-icon-theme librsvg2-common fonts-dejavu-core
  # Translations
  gettext
  # sd_notify for the supervised restart under systemd
  libsystemd-dev
  # The API reference (-Ddocumentation=true) and its `gi-docgen check`
  gi-docgen
  # The memcheck pass of the tests (libc6-dbg gives it glibc symbols)
  valgrind libc6-dbg
  # The ASan+UBSan pass (clang and its sanitizer and libFuzzer runtimes)
  # and its line coverage (gcovr, reading clang's data with llvm-cov)
  clang libclang-rt-14-dev llvm gcovr
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "deps: missing packages and not root (no sudo): ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  --no-install-recommends "${missing[@]}"
