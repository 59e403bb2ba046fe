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
# In a process group of its own (setsid: its id is the session's), so
# that stopping it reaches cage, Xwayland and the kiosk, as systemd would.
cd "$wd"
setsid setpriv --reuid="$user" --regid="$user" --init-groups env -i PATH=/usr/bin:/bin "${envs[@]}" \
  XDG_RUNTIME_DIR="$run" RUNTIME_DIRECTORY="$run" \
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

# Wait for cage's socket, then until two screenshots a second apart are
# the same and the kiosk has logged that its screens are up (or its
# starting screen has been replaced by anything else for 3 s).
shot() { as_user WAYLAND_DISPLAY=wayland-0 grim "$1" 2>/dev/null; }
start=$SECONDS prev="" same=0
while ((SECONDS - start < wait_max)); do
  sleep 1
  [ -S "$run/wayland-0" ] || continue
  shot "$run/now.png" || continue
  sum=$(md5sum <"$run/now.png")
  if [ "$sum" = "$prev" ]; then same=$((same + 1)); else same=0; fi
  prev=$sum
  if grep -q 'kiosk started' "$run/session.log" && ((same >= 2)); then break; fi
  if ((same >= 4 && SECONDS - start > 8)); then break; fi
done
[ -f "$run/now.png" ] || { cat "$run/session.log" >&2; echo "cage-screenshot: no picture from cage within ${wait_max}s" >&2; exit 1; }
cp "$run/now.png" "$out"
echo "cage-screenshot: $out after $((SECONDS - start)) s"
sed -n '1,40p' "$run/session.log"
