#!/usr/bin/env bash
# Start-to-first-frame of the real kiosk binary under a private Xvfb, side by
# side with the raw limit measured the same way in the same run: a minimal
# Fyne program (bench/minimal) that shows one label in a 1280×800 window.
# SPEC §10 target: first frame ≤ 1 s.
#
#   bench/firstframe.sh [RUNS]      (default 10 runs of each, interleaved)
#
# For each run: t0 just before exec; "mapped" when the X server reports the
# window mapped (a MapNotify event on the root window); "painted" when the
# pixel at (640,300) of the screen, read with XGetImage every 2 ms, first
# differs from the black background of `Xvfb -br`. Both are watched by one
# small python3 + libX11 (ctypes) process started before the program. Then
# `xdotool search --onlyvisible --pid PID` confirms that the window is the
# program's. Polling xdotool every 10 ms instead starts ~100 processes a
# second, and on a 2-core machine that alone added ~250 ms to both programs;
# ImageMagick's `import` takes ~100 ms a call, too coarse for a pixel poll.
#
# Each run gets a new empty --data-dir, a new HOME and a new Mesa shader
# cache ("cold": no Fyne preferences or font index, no compiled shaders, a
# new database); the "warm" rows reuse them, as a kiosk restarting every
# morning would. "Cold but shaders" is a cold kiosk start that reuses the
# warm runs' Mesa shader cache, to tell the cost of compiling shaders from
# the rest. One untimed run of each program first fills the page cache.
#
# Environment: KIOSK_BIN (default bin/kiosk, built if missing),
# XVFB_DISPLAY (first display number tried, default 97).
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
cd "$(dirname "$0")/.."
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
runs=${1:-10}
export LANG=C.UTF-8 LANGUAGE=vi
export PATH=$PATH:/usr/local/go/bin

kiosk=${KIOSK_BIN:-bin/kiosk}
work=$(mktemp -d /tmp/firstframe.XXXXXX)
xvfb_pid=""
cleanup() {
	if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$kiosk" ]; then
	echo "firstframe: building $kiosk"
	go build -tags migrated_fynedo -o "$kiosk" .
fi
# The minimal program ignores --windowed, --demo and --data-dir; it is
# started the same way as the kiosk (on the demo centre: --demo).
minimal=$work/minimal
go build -tags migrated_fynedo -o "$minimal" ./bench/minimal

# A private display with a black root (-br), so that nothing else draws on
# it and "painted" means "no longer black".
n=$(free_display "${XVFB_DISPLAY:-97}")
start_xvfb "$n" 1280x800 "$work/xvfb.log" -br
export DISPLAY=:$n

cat >"$work/watch.py" <<'PY'
# watch.py get: print the screen pixel at (640,300).
# watch.py wait BASE READYFILE: write READYFILE, then print
# "MAPPED_NS PAINTED_NS COLOUR": when a top-level window was first mapped,
# and when the pixel first differed from BASE.
import ctypes, sys, time
X = ctypes.CDLL("libX11.so.6")
X.XOpenDisplay.restype = ctypes.c_void_p
X.XOpenDisplay.argtypes = [ctypes.c_char_p]
X.XDefaultRootWindow.restype = ctypes.c_ulong
X.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
X.XGetImage.restype = ctypes.c_void_p
X.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                        ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
X.XGetPixel.restype = ctypes.c_ulong
X.XGetPixel.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
X.XDestroyImage.argtypes = [ctypes.c_void_p]
X.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
X.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
X.XPending.argtypes = [ctypes.c_void_p]
X.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
SUBSTRUCTURE_NOTIFY, MAP_NOTIFY = 1 << 19, 19
d = X.XOpenDisplay(None)
root = X.XDefaultRootWindow(d)

def pixel():
    img = X.XGetImage(d, root, 640, 300, 1, 1, 0xFFFFFFFFFFFFFFFF, 2)  # AllPlanes, ZPixmap
    p = X.XGetPixel(img, 0, 0)
    X.XDestroyImage(img)
    return p

if sys.argv[1] == "get":
    print("%06x" % pixel())
    sys.exit(0)
base = int(sys.argv[2], 16)
X.XSelectInput(d, root, SUBSTRUCTURE_NOTIFY)
X.XSync(d, 0)
ev = (ctypes.c_long * 24)()  # an XEvent; its type is the first int
mapped = None

def events():
    global mapped
    while X.XPending(d):
        X.XNextEvent(d, ev)
        if ctypes.c_int.from_buffer(ev).value == MAP_NOTIFY and mapped is None:
            mapped = time.time_ns()

open(sys.argv[3], "w").close()
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    events()
    p = pixel()
    if p != base:
        painted = time.time_ns()
        events()
        print(mapped or painted, painted, "%06x" % p)
        sys.exit(0)
    time.sleep(0.002)
sys.exit(1)
PY

now_ns() { date +%s%N; }

# measure HOME DATA PROG [SHADERS]: prints "mapped_ms painted_ms colour".
# SHADERS is the Mesa shader cache directory (default: one inside HOME).
measure() {
	local home=$1 data=$2 prog=$3 shaders=${4:-$1/mesa-cache}
	local base pid watcher t0 line wid
	base=$(python3 "$work/watch.py" get)
	rm -f "$work/ready" "$work/paint"
	python3 "$work/watch.py" wait "$base" "$work/ready" >"$work/paint" &
	watcher=$!
	until [ -e "$work/ready" ]; do sleep 0.005; done
	t0=$(now_ns)
	HOME=$home MESA_SHADER_CACHE_DIR=$shaders "$prog" --windowed --demo --data-dir "$data" >>"$home/run.log" 2>&1 &
	pid=$!
	wait "$watcher" || true
	line=$(cat "$work/paint")
	wid=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | tail -n 1 || true)
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	sleep 0.3 # the window is gone and the screen black again
	if [ -z "$line" ] || [ -z "$wid" ]; then
		echo "firstframe: no paint (\"$line\") or no window of pid $pid (\"$wid\") from $prog; its log:" >&2
		cat "$home/run.log" >&2
		exit 1
	fi
	set -- $line
	echo "$((($1 - t0) / 1000000)) $((($2 - t0) / 1000000)) $3"
}

# stats LABEL FILE COLUMN: min/median/max of one column, in ms.
stats() {
	sort -n -k"$3" "$2" | awk -v c="$3" -v label="$1" '{ v[NR] = $c }
		END { printf "%-26s n=%-3d min %5d  median %5d  max %5d ms\n", label, NR, v[1], v[int((NR + 1) / 2)], v[NR] }'
}

echo "firstframe: display :$n, $runs runs of each, kiosk=$kiosk"
measure "$(mktemp -d -p "$work")" "$(mktemp -d -p "$work")" "$kiosk" >/dev/null
measure "$(mktemp -d -p "$work")" "$(mktemp -d -p "$work")" "$minimal" >/dev/null
warm_kiosk_home=$(mktemp -d -p "$work") warm_kiosk_data=$(mktemp -d -p "$work")
warm_min_home=$(mktemp -d -p "$work")
measure "$warm_kiosk_home" "$warm_kiosk_data" "$kiosk" >/dev/null
measure "$warm_min_home" "$work" "$minimal" >/dev/null
: >"$work/kiosk-cold"
: >"$work/kiosk-shaders"
: >"$work/minimal-cold"
: >"$work/kiosk-warm"
: >"$work/minimal-warm"
for _ in $(seq "$runs"); do
	measure "$(mktemp -d -p "$work")" "$(mktemp -d -p "$work")" "$kiosk" >>"$work/kiosk-cold"
	# a clean start but for the shader cache of the warm runs
	measure "$(mktemp -d -p "$work")" "$(mktemp -d -p "$work")" "$kiosk" "$warm_kiosk_home/mesa-cache" >>"$work/kiosk-shaders"
	measure "$(mktemp -d -p "$work")" "$(mktemp -d -p "$work")" "$minimal" >>"$work/minimal-cold"
	measure "$warm_kiosk_home" "$warm_kiosk_data" "$kiosk" >>"$work/kiosk-warm"
	measure "$warm_min_home" "$work" "$minimal" >>"$work/minimal-warm"
done
echo "firstframe: each run, mapped/painted ms (first-frame colour):"
for f in kiosk-cold kiosk-shaders minimal-cold kiosk-warm minimal-warm; do
	printf '  %-13s %s (%s)\n' "$f" "$(awk '{ printf "%s/%s ", $1, $2 }' "$work/$f")" "$(head -n 1 "$work/$f" | cut -d' ' -f3)"
done
echo "firstframe: exec to window mapped:"
stats "  kiosk, cold" "$work/kiosk-cold" 1
stats "  kiosk, cold but shaders" "$work/kiosk-shaders" 1
stats "  minimal Fyne, cold" "$work/minimal-cold" 1
stats "  kiosk, warm" "$work/kiosk-warm" 1
stats "  minimal Fyne, warm" "$work/minimal-warm" 1
echo "firstframe: exec to first painted frame (target ≤ 1000 ms):"
stats "  kiosk, cold" "$work/kiosk-cold" 2
stats "  kiosk, cold but shaders" "$work/kiosk-shaders" 2
stats "  minimal Fyne, cold" "$work/minimal-cold" 2
stats "  kiosk, warm" "$work/kiosk-warm" 2
stats "  minimal Fyne, warm" "$work/minimal-warm" 2
