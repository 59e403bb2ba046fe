#!/usr/bin/env bash
# Runs the kiosk binary windowed on the demo centre. With no X display it
# starts Xvfb on :99 and says how to look at it.
set -euo pipefail
bin=$1 data=$2
mkdir -p "$data"
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:99
  if ! pgrep -f "Xvfb :99" >/dev/null; then
    Xvfb :99 -screen 0 1280x800x24 >/dev/null 2>&1 &
    sleep 1
  fi
  echo "run: no display; the kiosk runs on virtual display :99."
  echo "     look at it with:  DISPLAY=:99 import -window root kiosk.png"
fi
echo "run: demo PINs — officers 1111 2222 3333 4444, technician 9999 (hold the logo 3 s)"
exec "$bin" --windowed --data-dir "$data"
