#!/usr/bin/env bash
# make test-deb (scripts/test.sh runs it when it runs as root): installs
# out/hailong-kiosk_*.deb and out/hailong-scoring-server_*.deb on this
# machine with dpkg -i (apt-get install -f for their dependencies), checks
# the files, users, permissions, conffiles and units, runs the server as
# its unit does (this machine's PID 1 is not systemd: the unit's
# ExecStart, as its User, in its WorkingDirectory, with its Environment)
# and asks it /healthz, runs the installed kiosk under cage as its unit
# does (packaging/cage-screenshot.sh), then removes both packages (the
# data stays) and purges them (the data goes only when confirmed). It
# purges a previous run's packages first, so it can run again on the same
# machine.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
[ "$(id -u)" = 0 ] || { echo "test-deb: needs root (dpkg -i)" >&2; exit 1; }
me=test-deb
# shellcheck source=packaging/checks.sh
. packaging/checks.sh
owner_mode() { stat -c '%U:%G %a' "$1" 2>/dev/null; }
export DEBIAN_FRONTEND=noninteractive

# lintian reads the two files while the rest runs (it takes a minute or two).
lintian --fail-on error --tag-display-limit 0 "$kdeb" "$sdeb" >/tmp/test-deb-lintian.log 2>&1 &
lint=$!

echo "test-deb: a previous run's packages, if any, purged"
touch /var/lib/hailong-kiosk/delete-on-purge /var/lib/hailong-scoring-server/delete-on-purge 2>/dev/null || true
dpkg --purge hailong-kiosk hailong-scoring-server >/dev/null 2>&1 || true
rm -rf /var/lib/hailong-kiosk /var/lib/hailong-scoring-server

echo "test-deb: dpkg -i $kdeb $sdeb"
if ! dpkg -i "$kdeb" "$sdeb" >/tmp/test-deb-dpkg.log 2>&1; then
  echo "test-deb: dependencies missing, apt-get install -f"
  apt-get install -f -y -qq --no-install-recommends >>/tmp/test-deb-dpkg.log 2>&1 || { cat /tmp/test-deb-dpkg.log; exit 1; }
fi
for p in hailong-kiosk hailong-scoring-server; do
  check "$p installed, version $DEB_VERSION" \
    test "$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' $p 2>/dev/null)" = "ii $DEB_VERSION"
done

echo "test-deb: files, users, permissions"
check "kiosk version prints $GIT_VERSION" test "$(/usr/bin/kiosk version)" = "$GIT_VERSION"
check "scoring-server version prints $GIT_VERSION" test "$(/usr/bin/scoring-server version)" = "$GIT_VERSION"
for u in hailong-kiosk hailong-scoring; do
  uid=$(id -u "$u" 2>/dev/null || echo 99999)
  check "system user $u (uid $uid < 1000, no login shell)" \
    bash -c "[ $uid -lt 1000 ] && getent passwd $u | grep -q ':/usr/sbin/nologin$'"
done
check "/var/lib/hailong-kiosk hailong-kiosk 0700" test "$(owner_mode /var/lib/hailong-kiosk)" = "hailong-kiosk:hailong-kiosk 700"
check "/var/lib/hailong-scoring-server hailong-scoring 0750" \
  test "$(owner_mode /var/lib/hailong-scoring-server)" = "hailong-scoring:hailong-scoring 750"
check "kiosk.toml is a conffile" bash -c "dpkg-query -W -f='\${Conffiles}' hailong-kiosk | grep -q ' /etc/hailong-kiosk/kiosk.toml '"
check "kiosk.toml's [enrol] lines are commented out" \
  bash -c "grep -q '^\[enrol\]' /etc/hailong-kiosk/kiosk.toml && grep -q '^# server = ' /etc/hailong-kiosk/kiosk.toml && ! grep -q '^server' /etc/hailong-kiosk/kiosk.toml"
check "scoring-server.toml is a conffile" \
  bash -c "dpkg-query -W -f='\${Conffiles}' hailong-scoring-server | grep -q ' /etc/hailong/scoring-server.toml '"
check "scoring-server.toml root:hailong-scoring 0640" test "$(owner_mode /etc/hailong/scoring-server.toml)" = "root:hailong-scoring 640"
app_id=$(sed -n 's/^ID *= *"\(.*\)"/\1/p' FyneApp.toml)
check "desktop entry $app_id.desktop with FyneApp.toml's name" \
  grep -qx "Name=$(sed -n 's/^Name *= *"\(.*\)"/\1/p' FyneApp.toml)" "/usr/share/applications/$app_id.desktop"
check "icon $app_id.png" cmp -s assets/Icon.png "/usr/share/icons/hicolor/512x512/apps/$app_id.png"

echo "test-deb: units"
for unit in hailong-kiosk hailong-scoring-server; do
  out=$(systemd-analyze verify "/lib/systemd/system/$unit.service" 2>&1)
  if [ -z "$out" ]; then ok "systemd-analyze verify $unit.service: clean"; else bad "systemd-analyze verify $unit.service: $out"; fi
  check "$unit enabled (multi-user.target.wants)" test -L "/etc/systemd/system/multi-user.target.wants/$unit.service"
done
unit=/lib/systemd/system/hailong-kiosk.service
check "kiosk unit: restart on every exit but Quit (4)" \
  bash -c "grep -qx 'Restart=always' $unit && grep -qx 'RestartPreventExitStatus=4' $unit"
check "kiosk unit: tty1, login PAM session, getty@tty1 off" \
  bash -c "grep -qx 'TTYPath=/dev/tty1' $unit && grep -qx 'PAMName=login' $unit && grep -qx 'Conflicts=getty@tty1.service' $unit && grep -qx 'User=hailong-kiosk' $unit"

echo "test-deb: the server as its unit runs it"
unit=/lib/systemd/system/hailong-scoring-server.service
key() { sed -n "s/^$1=//p" "$unit"; }
user=$(key User) wd=$(key WorkingDirectory)
read -r -a cmd <<<"$(key ExecStart)"
mapfile -t envs < <(key Environment)
if ! "${cmd[0]}" serve -h 2>&1 | grep -q -- '-config'; then
  # Until the --config flag lands (issue 12, item 4), the unit's line
  # cannot run as is; its Environment's SCORING_DB names the database.
  echo "  note  this scoring-server has no --config yet: run without it"
  cmd=("${cmd[@]:0:2}")
fi
port=8080
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then # taken here: a flag wins over the file
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cmd+=(--addr "127.0.0.1:$port")
fi
echo "  run   (as $user, in $wd) ${envs[*]} ${cmd[*]}"
(cd "$wd" && exec setpriv --reuid="$user" --regid="$user" --init-groups env -i PATH=/usr/bin:/bin "${envs[@]}" "${cmd[@]}") \
  >/tmp/test-deb-server.log 2>&1 &
srv=$!
healthy=""
for _ in $(seq 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then healthy=yes; break; fi
  sleep 0.1
done
if [ -n "$healthy" ]; then ok "the server answers /healthz on 127.0.0.1:$port"; else bad "the server did not answer /healthz (log: /tmp/test-deb-server.log)"; fi
kill -TERM "$srv" 2>/dev/null; wait "$srv"
check "the server stopped cleanly on SIGTERM" test $? = 0
check "database created, owned by $user" test "$(stat -c %U /var/lib/hailong-scoring-server/scoring.db 2>/dev/null)" = "$user"

echo "test-deb: the kiosk as its unit runs it"
if shot=$(mktemp --suffix=.png) && packaging/cage-screenshot.sh "$shot" >/tmp/test-deb-cage.log 2>&1; then
  ok "the kiosk's session under cage drew its window ($(stat -c %s "$shot") bytes of screenshot)"
  # The setup screen (never enrolled), not the starting screen: its
  # blue Enrol key sits in the bottom right corner.
  pixel=$(convert "$shot" -crop 1x1+980+690 -depth 8 txt:- | grep -o '#[0-9A-F]\{6\}')
  check "the picture is the setup screen (Enrol key's blue at 980,690: $pixel)" test "$pixel" = "#0D47A1"
else
  bad "the kiosk's session under cage (log: /tmp/test-deb-cage.log)"
fi
rm -f "$shot"
check "the kiosk's database in /var/lib/hailong-kiosk, owned by hailong-kiosk" \
  test "$(stat -c %U /var/lib/hailong-kiosk/kiosk.db 2>/dev/null)" = hailong-kiosk

# The unit's restart rule rests on the session script handing back the
# kiosk's own exit status through cage (which exits 0 whatever happens):
# 4 (Quit) must come out as 4, a crash as a failure.
session_status() { # session_status COMMAND: the session's exit status with COMMAND as the kiosk
  local run; run=$(mktemp -d /tmp/hailong-session.XXXXXX)
  chown hailong-kiosk: "$run"
  setpriv --reuid=hailong-kiosk --regid=hailong-kiosk --init-groups env -i PATH=/usr/bin:/bin \
    XDG_RUNTIME_DIR="$run" RUNTIME_DIRECTORY="$run" WLR_BACKENDS=headless WLR_RENDERER=pixman \
    WLR_LIBINPUT_NO_DEVICES=1 timeout 30 /usr/libexec/hailong-kiosk/session /bin/sh -c "$1" >/dev/null 2>&1
  echo $?
  rm -rf "$run"
}
check "session: the kiosk's Quit (4) comes out of cage as 4" test "$(session_status 'exit 4')" = 4
check "session: a clean exit comes out as 0" test "$(session_status 'exit 0')" = 0
check "session: a crash (SIGSEGV) comes out as 139" test "$(session_status 'kill -SEGV $$')" = 139

echo "test-deb: dpkg --remove: the data stays"
dpkg --remove hailong-kiosk hailong-scoring-server >/tmp/test-deb-dpkg.log 2>&1 || { cat /tmp/test-deb-dpkg.log; bad "dpkg --remove"; }
check "binaries gone" bash -c "[ ! -e /usr/bin/kiosk ] && [ ! -e /usr/bin/scoring-server ]"
check "kiosk data kept" test -f /var/lib/hailong-kiosk/kiosk.db
check "server data kept" test -f /var/lib/hailong-scoring-server/scoring.db
check "configuration kept" bash -c "[ -f /etc/hailong-kiosk/kiosk.toml ] && [ -f /etc/hailong/scoring-server.toml ]"

echo "test-deb: dpkg --purge: the data goes only when confirmed beforehand"
# The server's deletion confirmed (README, "Technicians"), the kiosk's not.
touch /var/lib/hailong-scoring-server/delete-on-purge
dpkg --purge hailong-kiosk hailong-scoring-server >/tmp/test-deb-dpkg.log 2>&1 || { cat /tmp/test-deb-dpkg.log; bad "dpkg --purge"; }
check "kiosk data kept without confirmation" test -f /var/lib/hailong-kiosk/kiosk.db
check "purge said where the kiosk data is and how to delete it" grep -q "Kept /var/lib/hailong-kiosk" /tmp/test-deb-dpkg.log
check "server data gone after confirmation" test ! -e /var/lib/hailong-scoring-server
rm -rf /var/lib/hailong-kiosk
check "configuration gone" bash -c "[ ! -e /etc/hailong-kiosk ] && [ ! -e /etc/hailong ]"
check "units gone" bash -c "[ ! -e /lib/systemd/system/hailong-kiosk.service ] && [ ! -e /etc/systemd/system/multi-user.target.wants/hailong-kiosk.service ]"

echo "test-deb: lintian"
if wait "$lint"; then
  ok "lintian: no errors ($(grep -c '^W: ' /tmp/test-deb-lintian.log) warnings in /tmp/test-deb-lintian.log)"
else
  bad "lintian found errors: $(grep '^E: ' /tmp/test-deb-lintian.log | tr '\n' ' ')"
fi

echo "test-deb: $passed passed, $failed failed"
[ "$failed" = 0 ]
