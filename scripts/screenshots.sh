#!/usr/bin/env bash
# Takes screenshots of every kiosk screen with the real binary, full screen
# on Xvfb at 1280×800, 1920×1080 and 800×1280, driving it with xdotool the
# way a citizen (keypad, touch) and a technician (logo hold, PIN) would.
#   scripts/screenshots.sh bin/kiosk docs/screenshots
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
bin=$(realpath "$1") out=$2
mkdir -p "$out"
out=$(realpath "$out")
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/xvfb.sh
source "$root/scripts/xvfb.sh"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# go test (the manager screenshots, at the end) keeps the real caches
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE)
export GOCACHE GOMODCACHE
export LANG=C.UTF-8 LANGUAGE=vi HOME=$work/home
mkdir -p "$HOME"

# variant NAME SED: a copy of the demo configuration changed by a sed script
variant() {
  sed "$2" "$root/config/demo.toml" > "$work/$1.toml"
  echo "$work/$1.toml"
}
face4=$(variant face4 's/^name = "legal3"/name = "face4"/')
star5=$(variant star5 's/^name = "legal3"/name = "star5"/')
dossier=$(variant dossier 's/^dossier_code = .*/dossier_code = "optional"/; t; $a\')
invite=$(variant invite 's/^trigger = .*/trigger = "invite"/')
grep -q '^dossier_code = "optional"' "$dossier" || sed -i '1i dossier_code = "optional"' "$dossier"
grep -q '^trigger = "invite"' "$invite" || sed -i '1i trigger = "invite"' "$invite"

shot() { import -window root "$out/$1.png"; echo "  $1.png"; }

# start [config]: runs the kiosk full screen on a fresh data dir (the demo
# centre, or config) and waits for its window.
start() {
  local args=(--demo --data-dir "$(mktemp -d -p "$work")")
  [ $# -gt 0 ] && args+=(--config "$1")
  "$bin" "${args[@]}" >>"$work/kiosk.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    wid=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | tail -1 || true)
    [ -n "$wid" ] && break
    sleep 0.1
  done
  [ -n "$wid" ] || { cat "$work/kiosk.log"; echo "no window" >&2; exit 1; }
  # the window shows "Đang khởi động…" first; its title names the centre
  # once the kiosk's screens are up
  for _ in $(seq 200); do
    case "$(xdotool getwindowname "$wid" 2>/dev/null || true)" in *" — "*) break ;; esac
    sleep 0.1
  done
  xdotool windowfocus --sync "$wid"
  sleep 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
key() { xdotool key --window "$wid" "$@"; sleep 0.6; }
typ() { xdotool type --window "$wid" --delay 80 "$1"; sleep 0.4; }
hold_logo() { xdotool mousemove 48 56 mousedown 1; sleep 3.4; xdotool mouseup 1; sleep 0.6; }
# signin: the first officer signs in (a configured kiosk starts closed)
signin() { hold_logo; key 1; key 1; typ 1111; key Return; sleep 1; }

n=90
for size in 1280x800 1920x1080 800x1280; do
  n=$(free_display $((n + 1)))
  start_xvfb "$n" "$size" "$work/xvfb-$n.log"
  export DISPLAY=:$n
  w=${size%x*}
  echo "$size"
  start
  shot "$size-rating-legal3"
  xdotool mousemove $((w - 110)) 56 click 1; sleep 0.6
  shot "$size-rating-english"
  xdotool mousemove $((w - 110)) 56 click 1; sleep 0.6
  key 3
  shot "$size-reasons"
  key Escape # Bỏ qua (Gửi waits for a reason)
  shot "$size-thanks"
  sleep 4.5
  hold_logo
  shot "$size-staff-menu"
  key 1
  shot "$size-pick-officer"
  key Escape
  hold_logo
  key 3
  typ 909
  shot "$size-pin-pad"
  typ 090 # the demo technician PIN, 909090
  key Return
  sleep 1 # argon2id
  shot "$size-technician"
  key Escape
  hold_logo
  key 2
  shot "$size-sign-out-pad" # names the officer whose PIN it wants
  typ 1111
  key Return
  shot "$size-closed"
  hold_logo
  shot "$size-staff-menu-closed" # the same entries, sign out disabled
  stop

  # five wrong PINs at an officer's sign-in: the locked pad, then the
  # technician (another lock scope) and the rating screen after it
  start
  hold_logo; key 1; key 2
  for _ in 1 2 3 4 5; do typ 0000; key Return; sleep 0.6; done
  shot "$size-pin-locked"
  key Escape
  hold_logo; key 3; typ 909090; key Return; sleep 1
  shot "$size-technician-after-lockout"
  key Escape
  shot "$size-rating-after-lockout"
  stop

  start "$face4"; signin; shot "$size-rating-face4"; stop
  start "$star5"; signin; shot "$size-rating-star5"; stop
  start "$dossier"; signin; key 1; typ 000.00.00.H22-241124-0001-XYZ/2024; shot "$size-dossier"; stop
  start "$invite"; signin; shot "$size-idle-invite"; key F9; shot "$size-rating-invited"; stop
  kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
done

# The setup screen (a kiosk never enrolled), clean and with a failure's
# sentence, each size on its own Xvfb.
echo "setup"
(cd "$root" && HAILONG_SCREENSHOTS="$out" go test -tags migrated_fynedo -count=1 -run '^TestRealWindowSetupScreenshots$' .)

# The manager screen needs a day of ratings in the kiosk's database: the
# real-window test seeds one, opens the screen with the demo manager PIN
# and takes the shots at the three sizes, each on its own Xvfb.
echo "manager"
(cd "$root" && HAILONG_SCREENSHOTS="$out" go test -tags migrated_fynedo -count=1 -run '^TestRealWindowManagerScreenshots$' .)

# The dashboard's pages over the demo data, signed in as the demo
# administrator, at 1366×768 and 390×844 in headless Chromium.
echo "dashboard"
(cd "$root" && DASHBOARD_SCREENSHOTS="$out" go test -tags migrated_fynedo -count=1 -run '^TestDashboardScreenshots$' ./cmd/scoring-server/)
