# shellcheck shell=bash
# packaging/checks.sh: what test-deb.sh and test-systemd.sh share, sourced
# from the repository's root with the script's name in $me: the two .deb
# files of this tree (kdeb, sdeb, and GIT_VERSION, DEB_VERSION) and the
# one-line checks (ok, bad, check) that count into $passed and $failed.
# shellcheck disable=SC2034 # used by the scripts that source this
IFS=$'\t' read -r GIT_VERSION DEB_VERSION < <(packaging/version.sh)
kdeb=out/hailong-kiosk_${DEB_VERSION}_amd64.deb
sdeb=out/hailong-scoring-server_${DEB_VERSION}_amd64.deb
for f in "$kdeb" "$sdeb"; do
  [ -f "$f" ] || { echo "${me:?}: $f missing: run make deb first" >&2; exit 1; }
done

passed=0 failed=0
ok() { echo "  ok    $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL  $1" >&2; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi
}
