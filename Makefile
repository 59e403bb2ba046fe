# Hài Lòng — the two commands of the README:
#   make run    the scoring server and dashboard with demo data, and the kiosk enrolled to it in a window
#   make test   vet, format check, unit, UI and real-window tests
#   make windows          kiosk.exe and scoring-server.exe in out/windows
#   make test-windows     localdb, upload, survey tests for Windows, under wine64 (not in make test)
#   make test-systemd     both packages under a real systemd in a systemd-nspawn container (not in make test)
# Both install missing Debian packages first (scripts/deps.sh).

SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
export LANG := C.UTF-8
export LANGUAGE := vi
# go.mod needs Go 1.27.3 (standard-library security fixes); the go command
# fetches that toolchain once from the module proxy when it is missing.
export GOTOOLCHAIN := go1.27.3
GO ?= go
BIN := bin
# Fyne's fyneDo threading (FyneApp.toml's [Migrations]) is honoured by a
# plain go build only with this tag: every binary and test is built with it
# (kiosk doctor and the start log say which mode a binary runs in).
TAGS := -tags migrated_fynedo

.PHONY: all deps build run test vet fmt-check vulncheck screenshots bench clean deb test-deb cage-screenshot test-systemd windows test-windows vet-windows

all: build

deps:
	@scripts/deps.sh

# Both binaries print this with `version` (the kiosk's technician screen
# shows it too); make deb stamps the same (packaging/version.sh).
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -ldflags "-X main.version=$(VERSION)"

build: deps
	$(GO) build $(TAGS) $(LDFLAGS) -o $(BIN)/kiosk .
	$(GO) build $(TAGS) $(LDFLAGS) -o $(BIN)/scoring-server ./cmd/scoring-server

# The scoring server with demo data on 127.0.0.1:8080 and the kiosk,
# enrolled to it, in a 1280×800 window. Without a display (an SSH session)
# the kiosk runs on a virtual one: see scripts/run.sh.
run: build
	@scripts/run.sh

vet:
	$(GO) vet $(TAGS) ./...

# govulncheck against an offline database pinned in tools/vulncheck/go.mod.
vulncheck:
	@scripts/vulncheck.sh

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Every test: those that need no display under the race detector (the long
# volume and browser tests without it), then the real-window tests under a
# virtual X display. scripts/test.sh says how.
test: deps fmt-check vet vulncheck
	@scripts/test.sh

# Cross-compiled for 64-bit Windows with Debian's mingw-w64, with the icon:
# see scripts/windows.sh and the README's Windows section.
windows:
	@scripts/deps.sh windows
	@scripts/windows.sh

# The Windows test binaries of localdb, upload, survey and sqlitedurable,
# run under wine64 in a throwaway prefix, short mode (Wine cannot keep up
# with the kill-9 loop): see scripts/test-windows.sh. Not part of make test:
# one upload test fails about 1 run in 15 under Wine (README, Windows).
test-windows:
	@scripts/deps.sh windows
	@scripts/test-windows.sh -test.short

# go vet as the Windows build sees the code (the *_windows.go files).
vet-windows:
	@scripts/deps.sh windows
	CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 CGO_ENABLED=1 $(GO) vet $(TAGS) ./...

screenshots: build
	scripts/screenshots.sh $(BIN)/kiosk docs/screenshots

bench: deps
	scripts/bench.sh

# The two Debian 12 packages, out/hailong-kiosk_VERSION_amd64.deb and
# out/hailong-scoring-server_VERSION_amd64.deb, with the git version
# stamped into both binaries (packaging/build-deb.sh, packaging/README.md).
deb: deps
	@packaging/build-deb.sh

# Installs both packages on this machine (root), checks files, users,
# permissions, units and the server as its unit runs it, then removes
# (data kept) and purges them (data gone). scripts/test.sh runs it as root.
test-deb: deb
	@packaging/test-deb.sh

# Both packages under a real systemd as PID 1: a cached Debian 12 root
# (debootstrap) booted with systemd-nspawn, the packages installed with
# apt inside, the units' restart rules checked (packaging/test-systemd.sh,
# packaging/README.md "Under a real systemd"). Not part of make test.
test-systemd: deb
	@scripts/deps.sh systemd
	@packaging/test-systemd.sh

# The installed kiosk under cage on wlroots' headless backend, exactly as
# its unit runs it, and a recording of its output: docs/screenshots/cage-first-boot.png.
cage-screenshot:
	@packaging/cage-screenshot.sh docs/screenshots/cage-first-boot.png

clean:
	rm -rf $(BIN) out
