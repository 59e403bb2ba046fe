# shellcheck shell=bash
# Part of packaging/test-systemd.sh (sourced; uses its inside, prop, check,
# wait_until): hailong-scoring-server.service under the container's systemd.
echo "test-systemd: hailong-scoring-server.service"
su=hailong-scoring-server.service
healthz() { inside curl -fsS --max-time 2 http://127.0.0.1:8080/healthz; }
check "server: enabled by the package" test "$(inside systemctl is-enabled "$su" 2>&1)" = enabled
check "server: active after install" wait_until 15 is_state "$su" active
check "server: answers /healthz on 127.0.0.1:8080" wait_until 15 healthz
pid=$(prop "$su" MainPID)
user=$(inside ps -o user= -p "$pid" 2>/dev/null | tr -d ' ')
check "server: runs as hailong-scoring (pid $pid: ${user:-none})" test "$user" = hailong-scoring
check "server: database in its StateDirectory" inside test -f /var/lib/hailong-scoring-server/scoring.db

inside systemctl kill -s KILL "$su"
restarted() { [ "$(prop "$su" NRestarts)" = 1 ] && [ "$(prop "$su" ActiveState)" = active ] && healthz; }
if wait_until 20 restarted; then
  ok "server: SIGKILL → restarted (Restart=on-failure; pid $pid → $(prop "$su" MainPID))"
else
  bad "server: SIGKILL → not restarted within 20 s (NRestarts=$(prop "$su" NRestarts), $(prop "$su" ActiveState)/$(prop "$su" SubState))"
fi

# systemd-analyze security: the exposure score (0 best, 10 worst). The
# unit is hardened as far as a network server can be: at most 2.0 ("OK").
sec=$(inside systemd-analyze security --no-pager "$su" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: *//p')
score=${sec%% *}
if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
  ok "server: systemd-analyze security: $sec"
else
  bad "server: systemd-analyze security: ${sec:-no score} (want ≤ 2.0)"
fi
