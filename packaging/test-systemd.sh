#!/usr/bin/env bash
# make test-systemd (not part of make test): the two packages under a real
# systemd as PID 1. A throwaway Debian 12 root (debootstrap, cached in
# $HAILONG_SYSTEMD_CACHE, /var/cache/hailong-systemd-test by default, with
# the packages' dependencies installed), booted with systemd-nspawn on an
# overlay of that cache (so the cache stays clean and a second run is
# fast), with a network of its own (its 127.0.0.1:8080 is not this
# machine's). Inside, apt installs out/*.deb, and the script checks the
# server's unit (enabled, active, /healthz, its user, restarted after
# SIGKILL, systemd-analyze security), the kiosk's unit's restart rules
# (cage on wlroots' headless backend: a container has no tty1), and what
# remove and purge keep. One line per check, a summary, exit status 1 on
# any failure; the container is stopped on exit.
#
# Why these nspawn options: this machine's PID 1 is not systemd and has no
# system bus, so nspawn can neither register the machine with machined
# (--register=no) nor ask systemd for a scope (--keep-unit); commands run
# inside with nsenter into the container's namespaces. Needs root, and
# debootstrap and systemd-nspawn (scripts/deps.sh systemd).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
[ "$(id -u)" = 0 ] || { echo "test-systemd: needs root (debootstrap, systemd-nspawn)" >&2; exit 1; }
for c in debootstrap systemd-nspawn nsenter; do
  command -v "$c" >/dev/null || { echo "test-systemd: $c missing: scripts/deps.sh systemd" >&2; exit 1; }
done
me=test-systemd
# shellcheck source=packaging/checks.sh
. packaging/checks.sh
t0=$SECONDS
# wait_until SECONDS COMMAND...: true as soon as COMMAND is.
wait_until() {
  local end=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || return 1
    sleep 0.5
  done
}
export DEBIAN_FRONTEND=noninteractive

# --- the cached root ------------------------------------------------------
cache=${HAILONG_SYSTEMD_CACHE:-/var/cache/hailong-systemd-test}
base=$cache/bookworm
mkdir -p "$cache"
if [ ! -d "$base" ]; then
  echo "test-systemd: debootstrap bookworm into $base (once; a few minutes)"
  rm -rf "$base.tmp"
  # minbase and what a booted system needs: systemd as init, dbus and
  # logind (the kiosk unit's PAM session), curl for /healthz, procps.
  # Debootstrap's own default mirror, or HAILONG_DEBIAN_MIRROR.
  if ! debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,libpam-systemd,curl,ca-certificates,procps \
    bookworm "$base.tmp" ${HAILONG_DEBIAN_MIRROR:+"$HAILONG_DEBIAN_MIRROR"} >"$cache/debootstrap.log" 2>&1; then
    tail -20 "$cache/debootstrap.log" >&2
    echo "test-systemd: debootstrap failed (whole log: $cache/debootstrap.log)" >&2
    exit 1
  fi
  mv "$base.tmp" "$base"
fi
# The packages' dependencies, installed in the cache (with the network)
# whenever they change, so that the booted container needs none.
deps=$(for f in "$kdeb" "$sdeb"; do dpkg-deb -f "$f" Depends; done |
  tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | sed '/^$/d' | sort -u | tr '\n' ' ')
if [ "$(cat "$base/.hailong-deps" 2>/dev/null)" != "$deps" ]; then
  echo "test-systemd: installing the packages' dependencies in the cached root: $deps"
  # shellcheck disable=SC2086 # one word per package
  if ! systemd-nspawn -q -D "$base" --register=no --keep-unit --pipe \
    env DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $deps && apt-get clean" \
    </dev/null >"$cache/deps.log" 2>&1; then
    tail -20 "$cache/deps.log" >&2
    echo "test-systemd: apt-get install in the cached root failed (whole log: $cache/deps.log)" >&2
    exit 1
  fi
  echo "$deps" >"$base/.hailong-deps"
fi
echo "test-systemd: cached root ready ($((SECONDS - t0)) s)"

# --- boot -----------------------------------------------------------------
run=$(mktemp -d /tmp/hailong-systemd.XXXXXX)
root=$run/root
mkdir -p "$run/upper" "$run/work" "$root" "$run/debs"
cp "$kdeb" "$sdeb" "$run/debs/"
overlay=""
if mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$root" 2>/dev/null; then
  overlay=yes
else
  echo "test-systemd: no overlayfs here: copying the cached root"
  cp -a "$base/." "$root/"
fi
machine=hailong-test-$$
nspawn="" leader=""
stop() {
  if [ -n "$leader" ] && kill -0 "$leader" 2>/dev/null; then
    nsenter -t "$leader" -a systemctl poweroff >/dev/null 2>&1 || kill -RTMIN+4 "$leader" 2>/dev/null
  fi
  if [ -n "$nspawn" ]; then
    local end=$((SECONDS + 30))
    while kill -0 "$nspawn" 2>/dev/null && ((SECONDS < end)); do sleep 0.5; done
    kill -0 "$nspawn" 2>/dev/null && kill -KILL "$nspawn" 2>/dev/null
    wait "$nspawn" 2>/dev/null
  fi
  [ -n "$overlay" ] && umount "$root" 2>/dev/null
  if [ -n "${HAILONG_SYSTEMD_KEEP:-}" ]; then
    echo "test-systemd: kept $run (console.log, journal.txt)"
  else
    rm -rf "$run"
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "test-systemd: booting $machine (systemd-nspawn -b)"
systemd-nspawn -D "$root" -b --machine="$machine" --hostname="$machine" \
  --register=no --keep-unit --private-network --console=read-only \
  --bind-ro="$run/debs:/mnt/debs" </dev/null >"$run/console.log" 2>&1 &
nspawn=$!
find_leader() { leader=$(pgrep -P "$nspawn" -x systemd | head -1); [ -n "$leader" ]; }
wait_until 20 find_leader || { cat "$run/console.log" >&2; echo "test-systemd: the container did not start" >&2; exit 1; }
# in COMMAND...: runs COMMAND inside the container.
inside() { nsenter -t "$leader" -a -- "$@"; }
prop() { inside systemctl show -P "$2" "$1"; } # prop UNIT PROPERTY
is_state() { [ "$(prop "$1" ActiveState)" = "$2" ]; } # is_state UNIT STATE
state=$(timeout 60 nsenter -t "$leader" -a -- systemctl is-system-running --wait 2>&1)
if [ "$state" = running ]; then
  ok "booted under systemd as PID 1: $state ($((SECONDS - t0)) s)"
else
  bad "booted under systemd as PID 1: $state; failed units: $(inside systemctl --failed --plain --no-legend | tr '\n' ' ')"
fi

echo "test-systemd: apt-get install the two packages"
if inside apt-get install -y --no-install-recommends /mnt/debs/"${kdeb##*/}" /mnt/debs/"${sdeb##*/}" >"$run/install.log" 2>&1; then
  ok "apt-get install (offline: the dependencies were there)"
else
  tail -20 "$run/install.log" >&2
  bad "apt-get install"
fi

# shellcheck source=packaging/test-systemd-server.sh
. packaging/test-systemd-server.sh
# shellcheck source=packaging/test-systemd-kiosk.sh
. packaging/test-systemd-kiosk.sh
# shellcheck source=packaging/test-systemd-remove.sh
. packaging/test-systemd-remove.sh

inside journalctl --no-pager -o short-monotonic >"$run/journal.txt" 2>&1
echo "test-systemd: $passed passed, $failed failed ($((SECONDS - t0)) s)"
[ "$failed" = 0 ]
