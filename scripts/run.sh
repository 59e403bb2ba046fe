#!/usr/bin/env bash
# make run: the scoring server on 127.0.0.1:8080 with 60 days of made-up
# demo data for three centres (scoring-server demo-data) and its dashboard,
# the kiosk enrolled to counter 1 of the provincial centre, the first
# officer signed in, and the kiosk in a 1280×800 window. Ratings made on
# the kiosk appear on the dashboard while you watch.
# With no X display it runs on a virtual one (:99) and says how to look.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/bin data=$root/out/demo
addr=127.0.0.1:8080
db=$data/scoring.db
mkdir -p "$data"
srv() { "$bin/scoring-server" "$@" --db "$db"; }

if curl -fsS "http://$addr/healthz" >/dev/null 2>&1; then
  echo "run: something already answers on $addr; stop it first" >&2
  exit 1
fi

# The demo data: made once a day (so that "today" has ratings), kept
# otherwise. An out/demo/scoring.db from before the demo data (an older
# make run) holds what demo-data will not overwrite (exit 4): it is moved
# aside with its kiosk.
status=0
seeded=$(srv demo-data --if-stale) || status=$?
if [ "$status" -eq 4 ]; then
  old=$root/out/demo-old-$(date +%Y%m%d-%H%M%S)
  mv "$data" "$old"
  mkdir -p "$data"
  echo "run: out/demo held data from before the demo data; moved aside to ${old#"$root"/}"
  seeded=$(srv demo-data)
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi
echo "$seeded"
if [[ $seeded == *"Demo data written"* ]]; then
  # A new server database: the kiosk starts afresh too (its chain and
  # enrolment belonged to the old one), and the first two officers get
  # their photos on the kiosk.
  rm -rf "$data/kiosk"
  srv officer add --centre qn-hcc --id cb01 --name "Nguyễn Thị Lan" --title "Chuyên viên" --photo "$root/config/demo/officer-lan.svg" --pin 1111 >/dev/null
  srv officer add --centre qn-hcc --id cb02 --name "Trần Văn Minh" --title "Phó Trưởng phòng" --photo "$root/config/demo/officer-minh.svg" --pin 2222 >/dev/null
fi

"$bin/scoring-server" serve --addr "$addr" --db "$db" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "run: scoring server on http://$addr (log: out/demo/server.log)"
echo "run: dashboard  http://$addr/  (demo data; every page says so)"
echo "run:   administrator  admin@demo.hailong.vn   hai-long-demo-admin"
echo "run:   manager        quanly@demo.hailong.vn  hai-long-demo-quanly  (qn-hcc, the provincial centre)"

# Enrol the kiosk with a fresh single-use code (the kiosk keeps its id and
# its ratings across re-enrolments) and sign the first officer in.
code=$(srv enrol-code --centre qn-hcc --counter 1 --server-url "http://$addr") # the QR on the terminal
"$bin/kiosk" enrol --server "http://$addr" --code "$code" --data-dir "$data/kiosk"
echo 1111 | "$bin/kiosk" sign-in --officer cb01 --data-dir "$data/kiosk"

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:99
  pgrep -f "Xvfb :99" >/dev/null || { Xvfb :99 -screen 0 1280x800x24 >/dev/null 2>&1 & sleep 1; }
  echo "run: no display; the kiosk runs on virtual display :99."
  echo "     look at it with:  DISPLAY=:99 import -window root kiosk.png"
fi
echo "run: PINs — officers 1111 2222 3333 4444, technician 909090, manager 808080 (hold the logo 3 s)"
echo "run: ratings on the server:  bin/scoring-server export --db out/demo/scoring.db --from $(TZ=Asia/Ho_Chi_Minh date +%F) --to $(TZ=Asia/Ho_Chi_Minh date +%F)"
"$bin/kiosk" --windowed --data-dir "$data/kiosk"
