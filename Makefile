# Hài Lòng — the two commands of the README:
#   make run    the scoring server and dashboard with demo data, and the kiosk enrolled to it in a window
#   make test   vet, format check, unit, UI and real-window tests
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

.PHONY: all deps build run test vet fmt-check vulncheck screenshots bench clean deb test-deb cage-screenshot

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

# The installed kiosk under cage on wlroots' headless backend, exactly as
# its unit runs it, and a grim screenshot: docs/screenshots/cage-first-boot.png.
cage-screenshot:
	@packaging/cage-screenshot.sh docs/screenshots/cage-first-boot.png

clean:
	rm -rf $(BIN) out
