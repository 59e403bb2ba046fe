#!/usr/bin/env bash
# Installs what building and testing the kiosk needs on Debian, only when it
# is missing: the C toolchain and X/GL headers for Fyne's cgo build, Xvfb and
# xdotool for window tests, ImageMagick for screenshots, sqlite3 for looking
# at a database by hand, python3 for the independent protocol client that
# the tests run (clients/python), chromium for the dashboard's browser tests
# (chromedp drives it headless) and fonts-noto-core so it renders
# Vietnamese in the screenshots, and strace, with which a window test delays
# every fsync as a slow eMMC does. For the packages (make deb, make
# test-deb): cage and xwayland, which the kiosk package depends on,
# wf-recorder and ffmpeg to record what the kiosk's session under cage
# shows (packaging/cage-screenshot.sh says why not grim), and lintian.
# With the argument "windows" (make windows, make test-windows), also
# mingw-w64, the C cross-compiler for Windows' cgo build, and wine64, which
# runs the Windows test binaries. With "systemd" (make test-systemd), also
# debootstrap, which makes the Debian 12 root, and systemd-container
# (systemd-nspawn), which boots it.
set -euo pipefail

packages=(ca-certificates gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev
  libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
  libgl1-mesa-dri xvfb xauth xdotool imagemagick sqlite3 procps curl python3
  chromium fonts-noto-core strace cage xwayland wf-recorder ffmpeg lintian)
if [ "${1:-}" = windows ]; then
  packages+=(gcc-mingw-w64-x86-64 wine64)
fi
if [ "${1:-}" = systemd ]; then
  packages+=(debootstrap systemd-container)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "deps: run as root, or install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then
  echo "deps: Go is in /usr/local/go/bin; add it to PATH" >&2
fi
command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || { echo "deps: Go 1.26 or newer is needed (it fetches the Go 1.27.3 toolchain that go.mod asks for) (https://go.dev/doc/install)" >&2; exit 1; }
