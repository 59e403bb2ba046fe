#!/usr/bin/env bash
# Memory of the real kiosk binary over many ratings, under a private Xvfb.
# SPEC §10 target: memory flat (< 10 MB growth) over 10,000 ratings.
#
#   bench/memory.sh [N] [WARMUP]    (default N=300 ratings after WARMUP=100)
#
# The kiosk runs windowed on a configuration like config/kiosk.sample.toml
# (one officer with an SVG photo, legal3, open mode, the six default
# reasons) with thanks_s = 1 and repeat_window_s = 0; the officer is signed
# in through the local API. xdotool presses
# the rating keys as a USB keypad would: six in ten "1" (Rất hài lòng), two
# "2" (Hài lòng), one "3" then a click on a reason chip and Return (Gửi), one
# "3" then Escape (Bỏ qua). After each rating the script waits until the
# response is in the database (sqlite3, read-only), then for the thanks
# screen (1 s) and PAUSE more, so every press lands on a rating screen:
# about 1.4 s a rating. VmRSS (and RssAnon) of the process is read from /proc
# every 10 ratings. Fyne keeps the renderers and GL textures of screens no
# longer shown for a minute (FYNE_CACHE), so RSS climbs for the first ~70
# ratings at this pace; the warm-up covers that, and the readings after it
# are in the steady state.
#
# 10,000 real ratings would take ~4 hours, so this reports the RSS at the
# end of the warm-up and at the end, the mean of the first and of the second
# half of the readings after the warm-up, and the least-squares slope of RSS
# over those readings with its standard error, extrapolated to 10,000
# ratings (RSS swings by ±10 MB as the cache and the GC cycle, so a short
# run's slope is wide; read the ± before the figure).
#
# Environment: KIOSK_BIN (default bin/kiosk, built if missing),
# XVFB_DISPLAY (first display number tried, default 97), PAUSE (seconds
# after the thanks screen, default 0.25).
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
cd "$(dirname "$0")/.."
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
n=${1:-300}
warm=${2:-100}
pause=${PAUSE:-0.25}
export LANG=C.UTF-8 LANGUAGE=vi
export PATH=$PATH:/usr/local/go/bin

kiosk=${KIOSK_BIN:-bin/kiosk}
work=$(mktemp -d /tmp/memory.XXXXXX)
xvfb_pid="" kiosk_pid=""
cleanup() {
	if [ -n "$kiosk_pid" ]; then
		kill "$kiosk_pid" 2>/dev/null || true
		wait "$kiosk_pid" 2>/dev/null || true # it writes its preferences on the way out
	fi
	if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$kiosk" ]; then
	echo "memory: building $kiosk"
	go build -tags migrated_fynedo -o "$kiosk" .
fi

n_disp=$(free_display "${XVFB_DISPLAY:-97}")
start_xvfb "$n_disp" 1280x800 "$work/xvfb.log"
export DISPLAY=:$n_disp

# The configuration: real PIN hashes from the binary itself (staff PINs have
# 6 digits; an officer's is hashed with --officer).
hash() { echo "$1" | "$kiosk" hash-pin "${@:2}" 2>/dev/null; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
secret=bench-memory-$RANDOM$RANDOM-secret
cp config/demo/officer-lan.svg "$work/officer.svg"
cat >"$work/kiosk.toml" <<TOML
config_version = "bench-memory"
trigger = "open"
dossier_code = "off"
reasons_for = ["dissatisfied"]
manager_pin_hash = "$(hash 808080)"
technician_pin_hash = "$(hash 909090)"

[centre]
id = "bench-centre"
name = "Bộ phận Tiếp nhận và Trả kết quả UBND phường Hồng Gai"

[counter]
id = "2"
name = "Quầy 2"

[[officers]]
id = "hg-017"
name = "Vũ Thị Thu Hà"
title = "Chuyên viên"
photo = "officer.svg"
pin_hash = "$(hash 1111 --officer)"

[scale]
name = "legal3"

[timings]
thanks_s = 1
repeat_window_s = 0

[local_api]
port = $port
secret = "$secret"
TOML

mkdir -p "$work/home" "$work/data"
HOME=$work/home "$kiosk" --windowed --data-dir "$work/data" --config "$work/kiosk.toml" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
wid=""
for _ in $(seq 200); do
	wid=$(xdotool search --onlyvisible --pid "$kiosk_pid" 2>/dev/null | tail -n 1 || true)
	[ -n "$wid" ] && break
	sleep 0.1
done
if [ -z "$wid" ]; then
	echo "memory: the kiosk window did not appear; log:" >&2
	cat "$work/kiosk.log" >&2
	exit 1
fi
for _ in $(seq 200); do # past the starting screen: the title names the centre
	case "$(xdotool getwindowname "$wid" 2>/dev/null || true)" in *" — "*) break ;; esac
	sleep 0.1
done
for _ in $(seq 50); do
	curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $secret" \
		-d '{"officer_id":"hg-017"}' "http://127.0.0.1:$port/officer" 2>/dev/null && break
	sleep 0.2
done
xdotool windowfocus --sync "$wid"
sleep 0.5

rss() { awk '$1 == "VmRSS:" { r = $2 } $1 == "RssAnon:" { a = $2 } END { print r, a }' "/proc/$kiosk_pid/status"; }

db=$work/data/kiosk.db
stored() { sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM responses" 2>/dev/null || echo 0; }
# settle I: wait until I responses are stored (at most 5 s), then for the
# thanks screen to end.
lost=0
settle() {
	for _ in $(seq 100); do
		if [ "$(stored)" -ge "$1" ]; then
			sleep "$(awk -v p="$pause" 'BEGIN { print 1 + p }')"
			return
		fi
		sleep 0.05
	done
	lost=$((lost + 1))
	echo "memory: rating $1 not stored after 5 s" >&2
}

total=$((warm + n))
echo "memory: display :$n_disp, $warm warm-up + $n measured ratings (≈ $((total * 15 / 10 / 60 + 1)) min)"
echo "0 $(rss)" >"$work/rss"
for i in $(seq 1 "$total"); do
	case $((i % 10)) in
	8)
		xdotool key --window "$wid" 3
		sleep 0.4
		xdotool mousemove --window "$wid" 320 470 click 1 # "Thời gian chờ lâu" at 1280×800
		sleep 0.2
		xdotool key --window "$wid" Return
		;;
	9)
		xdotool key --window "$wid" 3
		sleep 0.4
		xdotool key --window "$wid" Escape
		;;
	6 | 7) xdotool key --window "$wid" 2 ;;
	*) xdotool key --window "$wid" 1 ;;
	esac
	settle $((i - lost))
	if ((i % 10 == 0)); then echo "$i $(rss)" >>"$work/rss"; fi
	if ! kill -0 "$kiosk_pid" 2>/dev/null; then
		echo "memory: the kiosk exited after $i ratings; log:" >&2
		cat "$work/kiosk.log" >&2
		exit 1
	fi
done

stored=$(sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM responses")
levels=$(sqlite3 "file:$db?mode=ro" "SELECT level || '=' || count(*) FROM responses GROUP BY level ORDER BY level" | tr '\n' ' ')
reasons=$(sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM responses WHERE reasons <> '[]'")
echo "memory: $stored responses stored for $total key sequences ($levels; $reasons with a reason)"
echo "memory: RSS every 10 ratings (rating VmRSS-kB RssAnon-kB):"
awk '{ printf "  %s", $0; if (NR % 6 == 0) printf "\n" } END { printf "\n" }' "$work/rss"
awk -v warm="$warm" -v n="$n" '
	$1 == warm { w = $2; wa = $3 }
	{ last = $2; lasta = $3 }
	$1 >= warm { k++; x[k] = $1; y[k] = $2; ya[k] = $3 }
	function fit(v, name,   i, sx, sy, sxx, sxy, a, b, ssr, se, h, m1, m2) {
		for (i = 1; i <= k; i++) { sx += x[i]; sy += v[i]; sxx += x[i] * x[i]; sxy += x[i] * v[i] }
		sxx -= sx * sx / k; sxy -= sx * sy / k
		b = sxy / sxx; a = (sy - b * sx) / k
		for (i = 1; i <= k; i++) ssr += (v[i] - a - b * x[i]) ^ 2
		se = sqrt(ssr / (k - 2) / sxx)
		h = int(k / 2)
		for (i = 1; i <= h; i++) m1 += v[i]
		for (i = k - h + 1; i <= k; i++) m2 += v[i]
		printf "memory: %s mean of the first %d readings %.1f MB, of the last %d %.1f MB: %+.1f MB\n", name, h, m1 / h / 1024, h, m2 / h / 1024, (m2 - m1) / h / 1024
		printf "memory: %s slope %+.1f ± %.1f kB/rating (least squares over %d readings, ± 1 standard error) -> %+.0f ± %.0f MB per 10,000 ratings\n", name, b, se, k, b * 10000 / 1024, se * 10000 / 1024
	}
	END {
		printf "memory: VmRSS after warm-up %.1f MB, at the end %.1f MB: %+.1f MB over %d ratings\n", w / 1024, last / 1024, (last - w) / 1024, n
		printf "memory: RssAnon after warm-up %.1f MB, at the end %.1f MB: %+.1f MB\n", wa / 1024, lasta / 1024, (lasta - wa) / 1024
		fit(y, "VmRSS")
		fit(ya, "RssAnon")
	}' "$work/rss"
if [ "$stored" != "$total" ]; then
	echo "memory: warning: $total ratings driven but $stored stored" >&2
fi
