#!/usr/bin/env bash
# make test's tests, in three runs:
#   1. every package that needs no display, under the race detector, with
#      -short: the tests that skip themselves in short mode are the long
#      volume, kill-loop and browser tests, which the race detector would
#      slow several times over;
#   2. those long tests, without the race detector;
#   3. the top-level package's tests, which drive the real kiosk binary on
#      a virtual X display.
# Every run passes -tags migrated_fynedo (Fyne's fyneDo threading, as the
# kiosk ships; see the Makefile), and -timeout 15m: the default 10 minutes
# per package ran out for cmd/scoring-server under -race on a loaded 2-core
# machine (101 s when quiet).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
export LANG=C.UTF-8 LANGUAGE=vi
export PATH=$PATH:/usr/local/go/bin
window=hailong/kiosk

mapfile -t pkgs < <(go list -tags migrated_fynedo ./... | grep -vx "$window")
echo "== race: ${#pkgs[@]} packages"
go test -tags migrated_fynedo -race -short -count=1 -timeout 15m "${pkgs[@]}"
# internal/fynelocale is a module of its own (go.mod replaces it), so ./...
# does not reach it.
(cd internal/fynelocale && go test -tags migrated_fynedo -race -count=1 ./...)

# The tests that call testing.Short(), and their packages' directories.
mapfile -t long < <(grep -rl --include='*_test.go' 'testing.Short()' . |
	xargs awk '/^func Test/ { name = $2; sub(/\(.*/, "", name) }
		/testing\.Short\(\)/ { d = FILENAME; sub(/\/[^\/]*$/, "", d); print d, name }' | sort -u)
if ((${#long[@]} > 0)); then
	dirs=$(printf '%s\n' "${long[@]}" | cut -d' ' -f1 | sort -u | grep -vx '.' || true)
	names=$(printf '%s\n' "${long[@]}" | cut -d' ' -f2 | sort -u | paste -sd'|')
	echo "== long tests, without the race detector: ${names//|/ }"
	# shellcheck disable=SC2086 # one argument per directory
	go test -tags migrated_fynedo -count=1 -timeout 15m -run "^(${names})\$" $dirs
fi

echo "== real window"
# -noreset: by default Xvfb resets when its last client leaves, and a kiosk
# that connects during the reset fails with "Failed to open display" (seen
# between two window tests).
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" go test -tags migrated_fynedo -count=1 -timeout 15m .

# The Debian packages: built (make deb), installed on this machine,
# checked, removed and purged (packaging/test-deb.sh). dpkg needs root.
if [ "$(id -u)" = 0 ]; then
	echo "== packages"
	packaging/build-deb.sh
	packaging/test-deb.sh
else
	echo "== packages: skipped (make test-deb installs them with dpkg and needs root)"
fi
