#!/usr/bin/env bash
# scripts/wine/kiosk-window.sh KIOSK.EXE [SHOTS_DIR]
# The Windows kiosk in a real window: runs KIOSK.EXE (make windows) under
# wine64 on its own Xvfb screen (1280×800), in the Wine prefix of
# WINEPREFIX (test-windows.sh makes it), with the demo centre, windowed;
# waits for "kiosk started" in the log file the kiosk writes when no console
# shows its log (%ProgramData%\HaiLong\kiosk\kiosk.log), taps "Hài lòng"
# with xdotool, and checks that the thanks screen shows and that exactly one
# "satisfied" rating is in the kiosk's database. With SHOTS_DIR, the rating
# and thanks screens are saved there as windows-wine-*.png.
set -euo pipefail
exe=${1:?usage: kiosk-window.sh KIOSK.EXE [SHOTS_DIR]}
shots=${2:-}
wine=/usr/lib/wine/wine64
: "${WINEPREFIX:?WINEPREFIX must name the Wine prefix}"
data="$WINEPREFIX/drive_c/ProgramData/HaiLong/kiosk"
rm -rf "$data"
work=$(mktemp -d /tmp/hailong-winekiosk.XXXXXX)

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
kiosk=""
cleanup() {
	[ -n "$kiosk" ] && kill "$kiosk" 2>/dev/null
	/usr/lib/wine/wineserver -k 2>/dev/null || true
	kill "$xvfb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
sleep 1
DISPLAY=$display "$wine" "$exe" --demo --windowed >"$work/kiosk.out" 2>&1 &
kiosk=$!

fail() {
	echo "kiosk-window: $*" >&2
	cat "$work/kiosk.out" >&2
	exit 1
}
for _ in $(seq 60); do
	grep -q 'kiosk started' "$data/kiosk.log" 2>/dev/null && break
	sleep 1
done
grep -q 'kiosk started' "$data/kiosk.log" 2>/dev/null || fail "no \"kiosk started\" in $data/kiosk.log within 60 s"
echo "ok    kiosk.exe started; its log file $data/kiosk.log says so"
sleep 3 # the first frame
shot() { DISPLAY=$display import -window root "$1"; }
pixel() { convert "$1" -crop "1x1+$2+$3" -depth 8 txt:- | grep -o '#[0-9A-F]\{6\}'; }
shot "$work/rating.png"
# The demo's three tiles fill the bottom of the window; the middle one is
# "Hài lòng" (satisfied), teal.
geometry=$(DISPLAY=$display xdotool search --name 'Hài Lòng' getwindowgeometry | sed -n 's/ *Geometry: //p' | head -1)
echo "ok    the kiosk's window: $geometry"
DISPLAY=$display xdotool mousemove 645 640 click 1
count=""
for _ in $(seq 20); do
	count=$(sqlite3 "file:$data/kiosk.db?mode=ro" "select count(*) from responses where level = 'satisfied'" 2>/dev/null || true)
	[ "$count" = 1 ] && break
	sleep 0.5
done
[ "$count" = 1 ] || fail "after the tap: $count satisfied ratings in $data/kiosk.db, want 1"
echo "ok    one tap on \"Hài lòng\": one satisfied rating stored"
sleep 1
shot "$work/thanks.png"
# The thanks screen has no tiles: where the teal tile was is the page's
# light background now.
before=$(pixel "$work/rating.png" 645 560) after=$(pixel "$work/thanks.png" 645 560)
[ "$before" != "$after" ] || fail "the screen did not change after the tap ($before at 645,560)"
echo "ok    the thanks screen replaced the rating screen ($before -> $after at 645,560)"
if [ -n "$shots" ]; then
	cp "$work/rating.png" "$shots/windows-wine-rating.png"
	cp "$work/thanks.png" "$shots/windows-wine-thanks.png"
	echo "kiosk-window: screenshots in $shots"
fi
