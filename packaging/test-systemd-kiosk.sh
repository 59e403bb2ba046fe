# shellcheck shell=bash disable=SC2154 # run, kdeb: set by test-systemd.sh
# Part of packaging/test-systemd.sh (sourced; uses its inside, prop, check,
# wait_until, ok, bad): the restart rules of hailong-kiosk.service under
# the container's systemd, with the real session script, cage and kiosk.
echo "test-systemd: hailong-kiosk.service (cage on wlroots' headless backend)"
ku=hailong-kiosk.service
check "kiosk: enabled by the package" test "$(inside systemctl is-enabled "$ku" 2>&1)" = enabled
check "kiosk: not started by the install (it would take tty1 over)" test "$(prop "$ku" ActiveState)" = inactive

# A container has no VTs (/dev/tty0, /dev/tty1): this drop-in overrides
# only that, and puts cage on wlroots' headless backend with software
# rendering. Everything else — User, PAMName (a logind session),
# RuntimeDirectory, ExecStart, the restart rules — is the unit's own.
# TTYPath= empty: with tty1 as its TTY, pam_systemd asks logind for a
# session on VT 1, which a seat without VTs refuses ("Seat has no VTs but
# VT number not 0"), and cage gets no XDG_RUNTIME_DIR. The unit's own
# ExecStartPre= lines run as they are: /dev/tty1 is /dev/null here, so that
# setterm's `>/dev/tty1` creates no plain file in the container's /dev.
inside mkdir -p /etc/systemd/system/$ku.d /etc/systemd/system/getty@tty1.service.d
inside ln -sf /dev/null /dev/tty1
inside sh -c "cat >/etc/systemd/system/$ku.d/test.conf" <<'EOT'
[Unit]
ConditionPathExists=
[Service]
TTYPath=
StandardInput=null
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
EOT
# getty@tty1 as on a machine with VTs (its condition met), with a process
# that waits instead of agetty on a tty1 that is not there: whether systemd
# really starts it (OnSuccess=) and stops it (Conflicts=) is then visible.
inside sh -c "cat >/etc/systemd/system/getty@tty1.service.d/test.conf" <<'EOT'
[Unit]
ConditionPathExists=
[Service]
ExecStart=
ExecStart=/bin/sleep infinity
TTYPath=
StandardInput=null
StandardOutput=journal
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
EOT
inside systemctl daemon-reload
getty() { prop getty@tty1.service ActiveState; }

# The kiosk's output. pam_systemd (PAMName=login) moves the unit's main
# process into the logind session's scope (session-N.scope), so cage and
# the kiosk log there, not under the unit: the lines are found by the
# kiosk user's id.
kuid=$(inside id -u hailong-kiosk)
kiosk_log() { inside journalctl -q "_UID=$kuid" --no-pager -o cat; }
# kiosk_up N: the unit is active and the kiosk has said "showing the setup
# screen" N times (once per start since the test began).
setup_lines() { kiosk_log | grep -c 'not enrolled: showing the setup screen'; }
kiosk_up() { is_state "$ku" active && [ "$(setup_lines)" -ge "$1" ]; }
kiosk_pid() { inside pgrep -n -u hailong-kiosk -x kiosk; }
# What is left of the kiosk's session: its processes but the user manager.
leftovers() { inside pgrep -u hailong-kiosk -a | grep -v 'systemd --user\|(sd-pam)'; }
none_left() { [ -z "$(leftovers)" ]; }
# kill_leftovers: ends them (by process id), so that the next check starts clean.
kill_leftovers() {
  local p
  for p in $(leftovers | cut -d" " -f1); do inside kill -KILL "$p" 2>/dev/null; done
  wait_until 15 none_left
}

inside systemctl start --no-block "$ku"
if wait_until 40 kiosk_up 1; then
  ok "kiosk: started by the unit under cage, as $(inside ps -o user= -p "$(kiosk_pid)" | tr -d ' '): \"not enrolled: showing the setup screen\""
else
  bad "kiosk: no setup screen within 40 s ($(prop "$ku" ActiveState)/$(prop "$ku" SubState)): $(kiosk_log | tail -5 | tr '\n' ' ')"
fi
check "kiosk: in a logind session (PAMName=login)" inside sh -c "loginctl list-sessions --no-legend | grep -q hailong-kiosk"
# The README's "journalctl -t hailong-kiosk" shows the kiosk's own lines
# (SyslogIdentifier=: they carry the session scope's unit, not this one).
unit_log_shows_kiosk() { inside journalctl -q -t hailong-kiosk -o cat | grep -q 'showing the setup screen'; }
check "kiosk: its log is in journalctl -t hailong-kiosk (the README's command)" unit_log_shows_kiosk

# A crash: the unit restarts the kiosk (Restart=always), and tty1 stays
# the kiosk's: getty@tty1 is not started (OnSuccess= is for a clean stop).
pid=$(kiosk_pid)
n0=$(prop "$ku" NRestarts)
inside kill -SEGV "$pid"
if wait_until 40 kiosk_up 2 && [ "$(prop "$ku" NRestarts)" = $((n0 + 1)) ]; then
  ok "kiosk: SIGSEGV (pid $pid) → restarted (pid $(kiosk_pid))"
else
  bad "kiosk: SIGSEGV → not restarted within 40 s (NRestarts=$(prop "$ku" NRestarts), $(prop "$ku" ActiveState)/$(prop "$ku" SubState))"
fi
sleep 1
if [ "$(getty)" = inactive ] && [ "$(prop "$ku" ActiveState)" = active ]; then
  ok "kiosk: after the crash tty1 is still the kiosk's (getty@tty1 inactive)"
else
  bad "kiosk: after a crash getty@tty1 is $(getty) beside the kiosk ($(prop "$ku" ActiveState)): OnSuccess= fired on the automatic restart"
fi

# systemctl stop: the kiosk, cage and Xwayland end, and OnSuccess= gives
# tty1 its login prompt back.
inside systemctl stop "$ku"
sleep 2
left=$(leftovers)
if [ -z "$left" ]; then
  ok "kiosk: systemctl stop → cage and the kiosk ended"
else
  bad "kiosk: systemctl stop → still running in the session scope: $(echo "$left" | cut -c1-60 | tr '\n' ';')"
  kill_leftovers
fi
check "kiosk: systemctl stop → getty@tty1 active (OnSuccess=)" wait_until 10 is_state getty@tty1.service active

# The technician's Quit (exit status 4). The real kiosk quits only from
# its technician screen, behind the technician PIN of an enrolled kiosk
# (no local API endpoint quits it, and the setup screen has no Quit), so
# here the kiosk binary is replaced by a script that exits 4; the unit's
# session script and cage still run it and hand its status to systemd.
inside sh -c 'printf "#!/bin/sh\necho \"test: the technician quit (exit 4)\"\nexit 4\n" >/usr/local/bin/kiosk-quits && chmod 755 /usr/local/bin/kiosk-quits'
inside sh -c "cat >/etc/systemd/system/$ku.d/quit.conf" <<'EOT'
[Service]
ExecStart=
ExecStart=/usr/libexec/hailong-kiosk/session /usr/local/bin/kiosk-quits
EOT
inside systemctl daemon-reload
inside systemctl reset-failed "$ku" 2>/dev/null
n0=$(prop "$ku" NRestarts)
inside systemctl start --no-block "$ku"
check "kiosk: starting it stops getty@tty1 (Conflicts=)" wait_until 10 is_state getty@tty1.service inactive
quit_seen() { kiosk_log | grep -q 'the technician quit'; }
wait_until 30 quit_seen
sleep 4 # RestartSec=2: time for a restart that must not come
st="$(prop "$ku" ActiveState)/$(prop "$ku" Result), status $(prop "$ku" ExecMainStatus), NRestarts $(prop "$ku" NRestarts)"
if quit_seen && [ "$(prop "$ku" ActiveState)" = inactive ] && [ "$(prop "$ku" ExecMainStatus)" = 4 ] && [ "$(prop "$ku" NRestarts)" = "$n0" ]; then
  ok "kiosk: Quit (exit 4 through cage) → stays stopped ($st)"
else
  bad "kiosk: Quit (exit 4) → want inactive, status 4, no restart; got $st"
fi
check "kiosk: Quit → getty@tty1 started (OnSuccess=; since $(prop getty@tty1.service ActiveEnterTimestamp))" is_state getty@tty1.service active

# Five crashes within a minute: the unit ends failed (StartLimitBurst=5).
inside rm -f /etc/systemd/system/$ku.d/quit.conf
inside systemctl daemon-reload
inside systemctl reset-failed "$ku" 2>/dev/null
base_lines=$(setup_lines)
inside systemctl start --no-block "$ku"
crashes=0 t_loop=$SECONDS
for i in 1 2 3 4 5; do
  wait_until 30 kiosk_up $((base_lines + i)) || break
  pid=$(kiosk_pid)
  [ -n "$pid" ] || break
  inside kill -SEGV "$pid" && crashes=$i
done
wait_until 20 is_state "$ku" failed
sleep 4 # RestartSec=2: time for a restart that must not come
# systemd 252 keeps the crash's Result (exit-code) when the start limit
# refuses the restart; its journal says why.
limit_hit() { inside journalctl -q -u "$ku" -o cat | grep -q 'Start request repeated too quickly'; }
st="$(prop "$ku" ActiveState)/$(prop "$ku" Result), NRestarts $(prop "$ku" NRestarts)"
if [ "$crashes" = 5 ] && is_state "$ku" failed && limit_hit; then
  ok "kiosk: 5 crashes in $((SECONDS - t_loop)) s → $st, \"Start request repeated too quickly\" (StartLimitBurst=5)"
else
  bad "kiosk: $crashes crashes in $((SECONDS - t_loop)) s → $st (want 5 → failed, start limit hit)"
fi

# An upgrade while the kiosk runs (dpkg -i of the same package: postinst
# configure with the old version, which try-restarts the unit): one
# kiosk afterwards, not the old one beside the new one.
inside systemctl reset-failed "$ku"
base_lines=$(setup_lines)
inside systemctl start --no-block "$ku"
wait_until 40 kiosk_up $((base_lines + 1))
inside dpkg -i /mnt/debs/"${kdeb##*/}" >"$run/upgrade.log" 2>&1 || { tail -20 "$run/upgrade.log" >&2; bad "dpkg -i (upgrade)"; }
wait_until 40 kiosk_up $((base_lines + 2))
sleep 2
n=$(inside pgrep -c -u hailong-kiosk -x kiosk)
if [ "$n" = 1 ] && [ "$(getty)" = inactive ]; then
  ok "kiosk: upgrade while running → restarted, one kiosk process, getty@tty1 inactive"
elif [ "$n" = 1 ]; then
  bad "kiosk: upgrade while running → restarted, but getty@tty1 is $(getty) beside it"
else
  bad "kiosk: upgrade while running → $n kiosk processes: $(inside pgrep -a -u hailong-kiosk -x kiosk | tr '\n' ';')"
  kill_leftovers
  inside systemctl reset-failed "$ku"
  inside systemctl start --no-block "$ku"
  wait_until 40 kiosk_up $(($(setup_lines) + 1))
fi
inside rm -rf /etc/systemd/system/getty@tty1.service.d
inside systemctl daemon-reload
# The kiosk runs on into test-systemd-remove.sh (removed while running).
