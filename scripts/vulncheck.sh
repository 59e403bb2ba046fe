#!/usr/bin/env bash
# Runs govulncheck over the whole module against an offline vulnerability
# database, built from the golang.org/x/vulndb module version pinned in
# tools/vulncheck/go.mod (so the result changes only when that pin does).
# Exits non-zero when the code reaches a known vulnerability.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
cd "$(dirname "$0")/.."
root=$PWD
tools=$root/tools/vulncheck

osv=$(cd "$tools" && go mod download golang.org/x/vulndb && go list -m -f '{{.Dir}}' golang.org/x/vulndb)/data/osv
db=$root/out/vulndb/$(cd "$tools" && go list -m -f '{{.Version}}' golang.org/x/vulndb)
if [ ! -f "$db/index/db.json" ]; then
	rm -rf "$db"
	mkdir -p "$(dirname "$db")"
	(cd "$tools" && go tool indexdb -vulns "$osv" -out "$db")
fi
echo "vulncheck: database golang.org/x/vulndb $(basename "$db")"
go tool -modfile="$tools/go.mod" govulncheck -db "file://$db" "$@" ./...
