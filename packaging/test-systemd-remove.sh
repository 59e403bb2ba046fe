# shellcheck shell=bash disable=SC2154 # run, kdeb, sdeb: set by test-systemd.sh
# Part of packaging/test-systemd.sh (sourced; uses its inside, prop, check, run,
# kdeb, sdeb): apt-get remove and purge with systemd running — what they
# stop and what they keep (packaging/*/postrm).
echo "test-systemd: apt-get remove and purge"
check "remove: the kiosk is running before" is_state hailong-kiosk.service active
inside touch /var/lib/hailong-kiosk/ratings-stand-in
inside apt-get remove -y hailong-kiosk hailong-scoring-server >"$run/remove.log" 2>&1 || { tail -20 "$run/remove.log" >&2; bad "apt-get remove"; }
check "remove: server stopped" is_state hailong-scoring-server.service inactive
left=$(inside pgrep -u hailong-kiosk -a | grep -v 'systemd --user\|(sd-pam)')
if [ -z "$left" ]; then
  ok "remove: no kiosk process left"
else
  bad "remove: still running after the kiosk package's removal: $(echo "$left" | cut -c1-60 | tr '\n' ';')"
  kill_leftovers # so that purge is tested alone
fi
check "remove: server data kept" inside test -f /var/lib/hailong-scoring-server/scoring.db
check "remove: kiosk data kept" inside test -f /var/lib/hailong-kiosk/ratings-stand-in

inside apt-get purge -y hailong-kiosk hailong-scoring-server >"$run/purge.log" 2>&1 || { tail -20 "$run/purge.log" >&2; bad "apt-get purge"; }
check "purge without delete-on-purge: server data kept" inside test -f /var/lib/hailong-scoring-server/scoring.db
check "purge without delete-on-purge: kiosk data kept" inside test -f /var/lib/hailong-kiosk/ratings-stand-in
check "purge said where the data is kept" grep -q 'Kept /var/lib/hailong-scoring-server' "$run/purge.log"
check "purge: units gone from systemd" test "$(prop hailong-scoring-server.service LoadState)/$(prop hailong-kiosk.service LoadState)" = not-found/not-found

inside apt-get install -y --no-install-recommends /mnt/debs/"${kdeb##*/}" /mnt/debs/"${sdeb##*/}" >"$run/install2.log" 2>&1 || { tail -20 "$run/install2.log" >&2; bad "apt-get install again"; }
check "reinstall: server active again on the kept database" wait_until 15 is_state hailong-scoring-server.service active
inside touch /var/lib/hailong-kiosk/delete-on-purge /var/lib/hailong-scoring-server/delete-on-purge
inside apt-get purge -y hailong-kiosk hailong-scoring-server >"$run/purge2.log" 2>&1 || { tail -20 "$run/purge2.log" >&2; bad "apt-get purge (confirmed)"; }
check "purge with delete-on-purge: server data gone" inside test ! -e /var/lib/hailong-scoring-server
check "purge with delete-on-purge: kiosk data gone" inside test ! -e /var/lib/hailong-kiosk
inside rm -rf /etc/systemd/system/hailong-kiosk.service.d
