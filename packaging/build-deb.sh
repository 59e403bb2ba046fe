#!/usr/bin/env bash
# make deb: builds bin/kiosk and bin/scoring-server with the version of
# this tree stamped in (packaging/version.sh), then the two Debian 12
# packages with nfpm (a Go tool pinned in go.mod: `go tool nfpm`):
#   out/hailong-kiosk_VERSION_amd64.deb
#   out/hailong-scoring-server_VERSION_amd64.deb
# packaging/README.md says what each package holds and does.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
IFS=$'\t' read -r GIT_VERSION DEB_VERSION < <(packaging/version.sh)
export GIT_VERSION DEB_VERSION
echo "deb: version $GIT_VERSION (package $DEB_VERSION)"

# -s -w: no symbol table nor DWARF (37 → 27 MB; lintian wants stripped
# binaries).
ldflags="-s -w -X main.version=$GIT_VERSION"
$GO build -tags migrated_fynedo -ldflags "$ldflags" -o bin/kiosk .
$GO build -tags migrated_fynedo -ldflags "$ldflags" -o bin/scoring-server ./cmd/scoring-server

# Debian wants a changelog in /usr/share/doc/PKG, compressed
# reproducibly (no name, no time stamp in the gzip header).
stage=out/stage
rm -rf "$stage" && mkdir -p "$stage"
when=$(git log -1 --format=%cD 2>/dev/null || date -R)
for pkg in hailong-kiosk hailong-scoring-server; do
  {
    echo "$pkg ($DEB_VERSION) unstable; urgency=medium"
    echo
    echo "  * Built from git $GIT_VERSION."
    echo
    echo " -- Hài Lòng technicians <kythuat@hailong.invalid>  $when"
  } | gzip -9n >"$stage/$pkg.changelog.gz"
done

# The kiosk's desktop entry and icon, from FyneApp.toml ([Details] ID,
# Name, Icon), as `fyne package` would make them.
toml() { sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" FyneApp.toml | head -1; }
app_id=$(toml ID) app_name=$(toml Name) app_icon=$(toml Icon)
export APP_ID=$app_id
cp "$app_icon" "$stage/$app_id.png"
cat >"$stage/$app_id.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=$app_name
Comment=Đánh giá mức độ hài lòng / Satisfaction kiosk
Exec=kiosk
Icon=$app_id
Terminal=false
Categories=Office;
DESKTOP

# The server's configuration: the tree's own when it has one.
SERVER_CONF=packaging/server/scoring-server.toml
[ -f config/scoring-server.toml ] && SERVER_CONF=config/scoring-server.toml
export SERVER_CONF

mkdir -p out && rm -f out/hailong-kiosk_*.deb out/hailong-scoring-server_*.deb
for pkg in kiosk server; do
  # nfpm expands ${VAR} in some fields only (not in contents' paths): the
  # configuration is written out with every ${VAR} it names filled in.
  sed -e "s|\${DEB_VERSION}|$DEB_VERSION|g" -e "s|\${APP_ID}|$APP_ID|g" \
    -e "s|\${SERVER_CONF}|$SERVER_CONF|g" "packaging/$pkg/nfpm.yaml" >"$stage/$pkg.yaml"
  # shellcheck disable=SC2016 # a literal ${
  if grep -v '^ *#' "$stage/$pkg.yaml" | grep -n '\${'; then echo "deb: packaging/$pkg/nfpm.yaml names an unknown \${VAR}" >&2; exit 1; fi
  $GO tool nfpm package --config "$stage/$pkg.yaml" --packager deb --target out/
done
ls -l out/*.deb
