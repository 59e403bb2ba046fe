#!/usr/bin/env bash
# Prints the version of this tree twice, tab-separated: as `git describe
# --tags --always --dirty` says it (stamped into both binaries, shown by
# `scoring-server version`, `kiosk --version` and the technician screen),
# and as a Debian package version, which must start with a digit and sort
# in build order:
#   tag v1.2.0, on it           1.2.0          (+dirty when the tree is)
#   3 commits past v1.2.0       1.2.0+git3.g1a2b3c4
#   no tag at all               0.0~git20261204.193801.1a2b3c4
# (the committer time of HEAD, UTC, so two builds of one commit agree and a
# later commit sorts later; "~" sorts before 0.0, so the first tag wins).
set -euo pipefail
cd "$(dirname "$0")/.."
git_version=$(git describe --tags --always --dirty 2>/dev/null || echo unknown)
dirty=""
case "$git_version" in *-dirty) dirty="+dirty" ;; esac
clean=${git_version%-dirty}
if ! git describe --tags --abbrev=0 >/dev/null 2>&1; then
  clean="" # no tag: describe gave the bare hash
fi
if [[ $clean =~ ^v?([0-9][0-9A-Za-z.+~]*)-([0-9]+)-g([0-9a-f]+)$ ]]; then
  deb="${BASH_REMATCH[1]}+git${BASH_REMATCH[2]}.g${BASH_REMATCH[3]}"
elif [[ $clean =~ ^v?([0-9][0-9A-Za-z.+~]*)$ ]]; then
  deb="${BASH_REMATCH[1]}"
else
  when=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d.%H%M%S 2>/dev/null || date -u +%Y%m%d.%H%M%S)
  hash=$(git rev-parse --short=7 HEAD 2>/dev/null || echo 0000000)
  deb="0.0~git${when}.${hash}"
fi
printf '%s\t%s\n' "$git_version" "$deb$dirty"
