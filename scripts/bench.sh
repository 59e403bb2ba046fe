#!/usr/bin/env bash
# make bench: the kiosk's numbers of SPEC §10, each beside its raw limit
# measured in the same run, as docs/PERFORMANCE.md records them.
#
#   1. tap to durable save (screens, Fyne test driver + real store) against a
#      raw single-row insert with the same DSN; localdb's own benchmarks too
#   2. memory over 10,000 ratings through the real UI path (in process)
#   3. memory over 10,000 ratings with the real GL driver (bench/glmemory,
#      about 15 minutes)
#   4. start to first frame of the real binary against a minimal Fyne window
#   5. RSS of the real binary over MEMORY_N real ratings (xdotool)
#
# 3, 4 and 5 start their own Xvfb on a free display (from :97 up), whether or
# not DISPLAY is set, so that nothing else draws on it; 1 and 2 need no
# display. Knobs (environment): TAP_OPS (ops per tap run, default 1000),
# TAP_COUNT (runs, default 5), FIRSTFRAME_RUNS (default 10), MEMORY_N
# (default 100), MEMORY_WARMUP (default 100), GLMEMORY_N (default 10000),
# GLMEMORY_WARMUP (default 1000) and PAGES_OPS (requests a dashboard page,
# default 200). About 30 minutes in all, 5 more the first time (the pages'
# year of data is seeded once);
# docs/PERFORMANCE.md was made with MEMORY_N=1000 (about 35 minutes).
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
cd "$(dirname "$0")/.."
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
export LANG=C.UTF-8 LANGUAGE=vi
export PATH=$PATH:/usr/local/go/bin

tap_ops=${TAP_OPS:-1000}
tap_count=${TAP_COUNT:-5}

section() { printf '\n=== %s\n' "$*"; }

section "machine"
echo "cpus: $(nproc) × $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "memory: $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
echo "kernel: $(uname -sr)"
tmpdev=$(df --output=source "${TMPDIR:-/tmp}" | tail -n 1)
echo "temp dir on: $tmpdev, $(df --output=fstype "${TMPDIR:-/tmp}" | tail -n 1), lsblk: $(lsblk -dno NAME,SIZE,ROTA,MODEL "$tmpdev" 2>/dev/null | xargs || echo '?') (virtio disks report ROTA 1 whatever backs them)"
echo "go: $(go version)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

section "build"
go build -tags migrated_fynedo -o bin/kiosk .
echo "bin/kiosk built from $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + local changes')"

section "tap to durable save (p99 target: within 3× of raw)"
# One process per run, so that each tap run directly follows its raw run.
out=$(mktemp /tmp/bench-tap.XXXXXX)
for _ in $(seq "$tap_count"); do
	go test -tags migrated_fynedo -run '^$' -bench 'BenchmarkTapToDurableSave' -benchtime="${tap_ops}x" ./screens/ | tee -a "$out"
done
# metric NAME: the value printed before the unit NAME on this line.
awk 'function metric(name,   i) { for (i = 2; i <= NF; i++) if ($i == name) return $(i - 1); return 0 }
	/TapToDurableSave\/raw/ { alone = metric("p99-µs") }
	/TapToDurableSave\/tap-alone/ { tapalone = metric("p99-µs"); savealone = metric("save-p99-µs") }
	/TapToDurableSave\/tap-[0-9]/ { tap = metric("p99-µs"); inter = metric("raw-p99-µs")
		printf "run %d, each alone, p99 µs: raw %.0f, tap %.0f (its SaveResponse %.0f): tap/raw %.2f\n",
			++n, alone, tapalone, savealone, tapalone / alone
		printf "run %d, interleaved, p99 µs: raw %.0f, SaveResponse without UI %.0f, tap %.0f (its SaveResponse %.0f): tap/raw %.2f\n",
			n, inter, metric("store-p99-µs"), tap, metric("save-p99-µs"), tap / inter }' "$out"
rm -f "$out"
if [ -f localdb/bench_test.go ]; then
	section "localdb: SaveResponse against raw inserts"
	go test -tags migrated_fynedo -run '^$' -bench . -benchtime="${tap_ops}x" ./localdb/
fi

section "dashboard pages over one year of 50 kiosks (targets p95: centre day, overview <= 50 ms; 90-day trend <= 200 ms)"
# The first run seeds the year (about 5 minutes) and keeps it in $TMPDIR.
go test -tags migrated_fynedo -run '^$' -bench 'BenchmarkPages' -benchtime="${PAGES_OPS:-200}x" -timeout 60m ./scoring/dashboard/

section "memory over 10,000 ratings, in process (target: growth < 10 MB)"
FYNE_CACHE=1s go test -tags migrated_fynedo -run '^$' -bench 'BenchmarkMemory10kRatings' -benchtime=1x -timeout 30m ./screens/

section "memory over 10,000 ratings, real GL driver and window (target: growth < 10 MB)"
glhome=$(mktemp -d /tmp/glmemory-home.XXXXXX)
# Built first: with HOME pointing elsewhere, go run would not find the
# module and build caches.
go build -tags migrated_fynedo -o "$glhome/glmemory" ./bench/glmemory
# A private Xvfb, as firstframe.sh and memory.sh start one.
gln=$(free_display 98)
if start_xvfb "$gln" 1280x800 /dev/null; then
	DISPLAY=:$gln HOME=$glhome "$glhome/glmemory" -n "${GLMEMORY_N:-10000}" -warmup "${GLMEMORY_WARMUP:-1000}" || true
fi
kill "$xvfb_pid" 2>/dev/null || true
rm -rf "$glhome"

section "start to first frame, real binary (target: ≤ 1 s)"
KIOSK_BIN=bin/kiosk bench/firstframe.sh "${FIRSTFRAME_RUNS:-10}"

section "memory of the real binary over real ratings"
KIOSK_BIN=bin/kiosk bench/memory.sh "${MEMORY_N:-100}" "${MEMORY_WARMUP:-100}"
