#!/usr/bin/env bash
# packaging/cage-screenshot.sh OUT.png [SECONDS]
# Starts the installed kiosk exactly as the hailong-kiosk unit does — its
# ExecStart (the session script: cage with the unit's options, then
# /usr/bin/kiosk), as its User, in its WorkingDirectory, with its
# Environment — on wlroots' headless backend with software rendering
# instead of tty1's screen, waits until the kiosk has shown its screen,
# records what cage's output shows, saves the last frame as OUT.png, and
# stops the session. Needs root, the hailong-kiosk package installed, and
# Debian's cage, xwayland, wf-recorder, ffmpeg and xdotool
# (scripts/deps.sh). make cage-screenshot writes
# docs/screenshots/cage-first-boot.png with it.
#
# Why a recording and not one grim picture: a full-screen window that
# fills the output is shown directly ("scan-out"), without cage drawing
# it. A capture turns scan-out off while it waits for its frame, and cage
# 0.1.4 then draws only the parts of the output that changed since its
# last drawn frame — onto a buffer it last drew before scan-out began, so
# grim's one frame shows that old picture (the kiosk's starting screen).
# wf-recorder waits for frames with changes; the kiosk redraws its whole
# window on a key press, and cage draws that frame whole: the script types
# "a" and Backspace into the kiosk (through Xwayland, as a USB keyboard or
# scanner would), so the last frame shows the box empty, as before.
# packaging/README.md, "cage 0.1.4 and direct scan-out", has the details.
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
# exec_as_user replaces the shell it runs in (so that "exec_as_user … &"
# gives $! the program's own process id); as_user runs and comes back.
exec_as_user() {
  exec setpriv --reuid="$user" --regid="$user" --init-groups env -i PATH=/usr/bin:/bin "${envs[@]}" \
    XDG_RUNTIME_DIR="$run" RUNTIME_DIRECTORY="$run" "$@"
}
as_user() { (exec_as_user "$@"); }
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

# Wait until the kiosk says what it shows (the setup screen on a first
# boot, the rating screen once enrolled), then a second for its window.
start=$SECONDS shown=""
while ((SECONDS - start < wait_max)); do
  sleep 1
  if grep -q 'showing the setup screen\|kiosk started' "$run/session.log"; then shown=yes; break; fi
done
[ -n "$shown" ] || { cat "$run/session.log" >&2; echo "cage-screenshot: the kiosk showed no screen within ${wait_max}s" >&2; exit 1; }
sleep 1
# The kiosk's X display under cage (Xwayland's), from its environment.
kiosk=$(pgrep -s "$session" -x kiosk | head -1)
display=$(tr '\0' '\n' <"/proc/$kiosk/environ" | sed -n 's/^DISPLAY=//p')
[ -n "$display" ] || { echo "cage-screenshot: no DISPLAY in the kiosk's environment (pid ${kiosk:-none})" >&2; exit 1; }
exec_as_user WAYLAND_DISPLAY=wayland-0 wf-recorder -c ffv1 -f "$run/out.mkv" >"$run/recorder.log" 2>&1 &
recorder=$!
sleep 1
# "a", then Backspace, a second apart: two whole redraws, recorded as
# they come, and the box is empty again; then the recording stops.
as_user DISPLAY="$display" xdotool type a
sleep 1
as_user DISPLAY="$display" xdotool key BackSpace
sleep 1
# wf-recorder stops at the next frame after its SIGINT, without keeping
# it: one more key press gives it that frame.
kill -INT "$recorder"
for _ in 1 2 3 4 5; do
  as_user DISPLAY="$display" xdotool type a
  sleep 1
  kill -0 "$recorder" 2>/dev/null || break
done
if kill -0 "$recorder" 2>/dev/null; then
  kill -KILL "$recorder"
  cat "$run/recorder.log" >&2
  echo "cage-screenshot: the recording did not end" >&2
  exit 1
fi
# Every frame in turn into OUT.png: the last one stays.
ffmpeg -v error -i "$run/out.mkv" -vsync passthrough -update 1 -y "$out" ||
  { cat "$run/recorder.log" >&2; echo "cage-screenshot: no frame recorded" >&2; exit 1; }
echo "cage-screenshot: $out after $((SECONDS - start)) s"
sed -n '1,40p' "$run/session.log"
