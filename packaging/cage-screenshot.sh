#!/usr/bin/env bash
# packaging/cage-screenshot.sh OUT.png [SECONDS]
# Starts the installed kiosk exactly as the hailong-kiosk unit does — its
# ExecStart (the session script: cage, then /usr/bin/kiosk), as its User,
# in its WorkingDirectory, with its Environment — on wlroots' headless
# backend with software rendering instead of tty1's screen, waits until
# the picture has settled, saves what cage shows with grim, and stops the
# session. Needs root, the hailong-kiosk package installed, and Debian's
# cage, xwayland and grim (scripts/deps.sh). make cage-screenshot writes
# docs/screenshots/cage-first-boot.png with it.
set -euo pipefail
out=${1:?usage: cage-screenshot.sh OUT.png [SECONDS]}
wait_max=${2:-40}
unit=/lib/systemd/system/hailong-kiosk.service
[ "$(id -u)" = 0 ] || { echo "cage-screenshot: needs root (to run as the kiosk's user)" >&2; exit 1; }
[ -f "$unit" ] || { echo "cage-screenshot: $unit missing: install out/hailong-kiosk_*.deb first" >&2; exit 1; }
key() { sed -n "s/^$1=//p" "$unit"; }
user=$(key User) wd=$(key WorkingDirectory)
read -r -a cmd <<<"$(key ExecStart)"
mapfile -t envs < <(key Environment)

# What systemd and logind would give the session: a runtime directory
# (RuntimeDirectory=) and XDG_RUNTIME_DIR (pam_systemd); here, one
# temporary directory owned by the kiosk's user for both.
run=$(mktemp -d /tmp/hailong-cage.XXXXXX)
chown "$user:" "$run" && chmod 0700 "$run"
as_user() {
  setpriv --reuid="$user" --regid="$user" --init-groups env -i PATH=/usr/bin:/bin "${envs[@]}" \
    XDG_RUNTIME_DIR="$run" RUNTIME_DIRECTORY="$run" "$@"
}
echo "cage-screenshot: (as $user, in $wd) ${envs[*]} ${cmd[*]}"
# One difference from the unit: cage turned 180° (-r -r; grim's picture is
# upright all the same). cage 0.1.4 tries to show a full-screen window's
# buffer directly ("scan-out"); when the output refuses it, as wlroots'
# headless output does with Xwayland's shared-memory buffers, cage leaves
# the refused buffer pending and every later frame fails ("Basic output
# test failed"): the picture stays on the kiosk's starting screen. A turned
# output is never scanned out. HAILONG_CAGE_ARGS=-d (the unit's own) shows
# the frozen picture; the kiosk itself runs the same either way.
cage_args=${HAILONG_CAGE_ARGS:--d -r -r}
echo "cage-screenshot: cage options: $cage_args"
# In a process group of its own (setsid: its id is the session's), so
# that stopping it reaches cage, Xwayland and the kiosk, as systemd would.
cd "$wd"
setsid setpriv --reuid="$user" --regid="$user" --init-groups env -i PATH=/usr/bin:/bin "${envs[@]}" \
  XDG_RUNTIME_DIR="$run" RUNTIME_DIRECTORY="$run" HAILONG_CAGE_ARGS="$cage_args" \
  WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 "${cmd[@]}" \
  >"$run/session.log" 2>&1 &
session=$!
cd - >/dev/null
stop() {
  kill -TERM -- "-$session" 2>/dev/null || true
  wait "$session" 2>/dev/null || true
  rm -rf "$run"
}
trap stop EXIT

# Wait for cage's socket, then until the kiosk has logged that its screens
# are up and three screenshots a second apart are the same (without that
# line — a kiosk that shows a setup screen may not log it — until the
# picture has not changed for 5 s, 15 s after the start at the earliest).
shot() { as_user WAYLAND_DISPLAY=wayland-0 grim "$1" 2>/dev/null; }
# Only the shots taken after the log line count: the starting screen is
# steady too while the database opens.
start=$SECONDS prev="" same=0 started=""
while ((SECONDS - start < wait_max)); do
  sleep 1
  [ -S "$run/wayland-0" ] || continue
  if [ -z "$started" ] && grep -q 'kiosk started' "$run/session.log"; then started=yes prev="" same=0; fi
  shot "$run/now.png" || continue
  sum=$(md5sum <"$run/now.png")
  if [ "$sum" = "$prev" ]; then same=$((same + 1)); else same=0; fi
  prev=$sum
  if [ -n "$started" ] && ((same >= 2)); then break; fi
  if ((same >= 5 && SECONDS - start > 15)); then break; fi
done
[ -f "$run/now.png" ] || { cat "$run/session.log" >&2; echo "cage-screenshot: no picture from cage within ${wait_max}s" >&2; exit 1; }
cp "$run/now.png" "$out"
echo "cage-screenshot: $out after $((SECONDS - start)) s"
grep -v 'Basic output test failed' "$run/session.log" | sed -n '1,40p'
