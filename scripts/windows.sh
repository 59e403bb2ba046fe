#!/usr/bin/env bash
# make windows: cross-compiles out/windows/kiosk.exe and
# out/windows/scoring-server.exe for 64-bit Windows with Debian's mingw-w64
# (cgo: SQLite, and GLFW/OpenGL for the kiosk's window), each with the
# Hài Lòng icon and version information.
#
# The icon and version are a Windows resource object (.syso) that go-winres
# (pinned in tools/winres/go.mod) makes from assets/Icon.png at every build;
# go build links a *_windows_amd64.syso found in the package's directory.
# The .syso files are removed afterwards and never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
export LANG=C.UTF-8
export PATH=$PATH:/usr/local/go/bin

out=out/windows
mkdir -p "$out"
version=$(git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
# Windows' numeric file version (a.b.c.d) from FyneApp.toml's Version and Build.
app_version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
app_build=$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
file_version=${app_version:-0.1.0}.${app_build:-0}

syso=(rsrc_windows_amd64.syso cmd/scoring-server/rsrc_windows_amd64.syso)
trap 'rm -f "${syso[@]}"' EXIT

# resource PACKAGE_DIR EXE MANIFEST DESCRIPTION
resource() {
	go tool -modfile=tools/winres/go.mod go-winres simply --arch amd64 \
		--out "$1/rsrc" --icon assets/Icon.png --manifest "$3" \
		--product-name "Hài Lòng" --file-description "$4" \
		--product-version "$version" --file-version "$file_version" \
		--original-filename "$2" --copyright "Hài Lòng"
}
resource . kiosk.exe gui "Hài Lòng — kiosk đánh giá / satisfaction kiosk"
resource cmd/scoring-server scoring-server.exe cli "Hài Lòng — máy chủ tính điểm / scoring server"

export CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++
export GOOS=windows GOARCH=amd64 CGO_ENABLED=1
# kiosk.exe is a console program (no -H windowsgui) so that doctor, enrol,
# export and hash-pin print and read in a Command Prompt; the kiosk window
# hides the console that Windows opens for it alone (kioskapp/console_windows.go).
go build -tags migrated_fynedo -ldflags "-X main.version=$version" -o "$out/kiosk.exe" .
go build -tags migrated_fynedo -ldflags "-X main.version=$version" -o "$out/scoring-server.exe" ./cmd/scoring-server
ls -l "$out"/*.exe
