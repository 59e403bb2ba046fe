#!/usr/bin/env bash
# make test-windows: the tests of localdb, upload and survey (none needs a
# window), cross-compiled for 64-bit Windows as make windows builds
# (mingw-w64, cgo SQLite) and run under Debian's wine64 in a throwaway
# Wine prefix. They test the Windows side of the kiosk's storage: SQLite's
# file locking and fsync through the Win32 API, the free disk space
# (GetDiskFreeSpaceEx), Windows' "disk full" codes, the crash-and-reopen
# child process, TLS and HTTP to a loopback server. Then kiosk.exe itself
# (make windows) in a real window on Xvfb under Wine: it starts, logs to
# its file, and a tap stores one rating (scripts/wine/kiosk-window.sh;
# HAILONG_WINE_SHOTS=DIR keeps its screenshots).
#
# Arguments are passed to every test binary (e.g. -test.short, -test.v,
# -test.run=Pattern).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
export LANG=C.UTF-8
export PATH=$PATH:/usr/local/go/bin

pkgs=(localdb upload survey internal/sqlitedurable)
bin=$PWD/out/windows/test
mkdir -p "$bin"

# Debian's wine64 package puts its loader in /usr/lib/wine (the wine
# package adds the /usr/bin wrappers, which nothing here needs).
wine=/usr/lib/wine/wine64 wineserver=/usr/lib/wine/wineserver
[ -x "$wine" ] || { echo "test-windows: $wine is missing (scripts/deps.sh installs wine64)" >&2; exit 1; }

# -checklinkname=0: internal/winetest reaches one switch inside Go's
# standard library (see there); only these test binaries are built so.
for p in "${pkgs[@]}"; do
	CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 CGO_ENABLED=1 \
		go test -c -tags migrated_fynedo -ldflags=-checklinkname=0 -o "$bin/${p//\//_}.test.exe" "./$p"
done

# A new prefix every run: nothing left from an earlier run (or a developer's
# own Wine) changes the result. No Mono or Gecko: no test needs them, and
# Wine would offer to download them.
prefix=$(mktemp -d "${TMPDIR:-/tmp}/hailong-wine.XXXXXX")
cleanup() {
	WINEPREFIX=$prefix "$wineserver" -k 2>/dev/null || true
	rm -rf "$prefix"
}
trap cleanup EXIT
export WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
unset DISPLAY WAYLAND_DISPLAY # no window: Wine's dialogs would wait for a click
"$wine" wineboot --init >/dev/null 2>&1 || true
# Wine 8.0 lacks bcryptprimitives.dll, without which no Go 1.22+ program
# starts: scripts/wine/bcryptprimitives.c stands in for it in this prefix.
if [ ! -e "$prefix/drive_c/windows/system32/bcryptprimitives.dll" ]; then
	x86_64-w64-mingw32-gcc -O2 -shared -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
		scripts/wine/bcryptprimitives.c scripts/wine/bcryptprimitives.def -ladvapi32
fi

status=0
for p in "${pkgs[@]}"; do
	echo "== windows (wine): $p"
	# Each test binary runs in its package's directory, as go test does
	# (testdata/ is relative).
	if ! (cd "$p" && "$wine" "$bin/${p//\//_}.test.exe" -test.count=1 "$@"); then
		echo "FAIL	hailong/kiosk/$p (windows, wine)"
		status=1
	else
		echo "ok  	hailong/kiosk/$p (windows, wine)"
	fi
done

# The kiosk itself, in a real window under Wine (scripts/wine/kiosk-window.sh).
echo "== windows (wine): kiosk.exe in a window"
if scripts/windows.sh >/dev/null && scripts/wine/kiosk-window.sh "$PWD/out/windows/kiosk.exe" "${HAILONG_WINE_SHOTS:-}"; then
	echo "ok  	kiosk.exe window (windows, wine)"
else
	echo "FAIL	kiosk.exe window (windows, wine)"
	status=1
fi
exit $status
