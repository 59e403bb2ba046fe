#!/usr/bin/env bash
# make run: the scoring server on 127.0.0.1:8080 with the demo centre, the
# kiosk enrolled to it, the first officer signed in, and the kiosk in a
# 1280×800 window. Ratings appear on the server while you watch:
#   bin/scoring-server export --db out/demo/scoring.db --from $(TZ=Asia/Ho_Chi_Minh date +%F) --to $(TZ=Asia/Ho_Chi_Minh date +%F)
# With no X display it runs on a virtual one (:99) and says how to look.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/bin data=$root/out/demo
addr=127.0.0.1:8080
db=$data/scoring.db
mkdir -p "$data"
srv() { "$bin/scoring-server" "$@" --db "$db"; }

# The demo centre on the server: re-running replaces it, so this is safe.
centre="Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh"
srv centre add --id qn-hcc --name "$centre" --technician-pin 909090 --manager-pin 808080 >/dev/null
srv officer add --centre qn-hcc --id cb01 --name "Nguyễn Thị Lan" --title "Chuyên viên" --photo "$root/config/demo/officer-lan.svg" --pin 1111 >/dev/null
srv officer add --centre qn-hcc --id cb02 --name "Trần Văn Minh" --title "Phó Trưởng phòng" --photo "$root/config/demo/officer-minh.svg" --pin 2222 >/dev/null
srv officer add --centre qn-hcc --id cb03 --name "Lê Thị Hồng Nhung" --title "Chuyên viên" --pin 3333 >/dev/null
srv officer add --centre qn-hcc --id cb04 --name "Phạm Đức Thắng" --title "Cán sự" --pin 4444 >/dev/null

if curl -fsS "http://$addr/healthz" >/dev/null 2>&1; then
  echo "run: something already answers on $addr; stop it first" >&2
  exit 1
fi
"$bin/scoring-server" serve --addr "$addr" --db "$db" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "run: scoring server on http://$addr (log: out/demo/server.log)"

# Enrol the kiosk with a fresh single-use code (the kiosk keeps its id and
# its ratings across re-enrolments) and sign the first officer in.
code=$(srv enrol-code --centre qn-hcc --counter 1)
"$bin/kiosk" enrol --server "http://$addr" --code "$code" --data-dir "$data/kiosk"
echo 1111 | "$bin/kiosk" sign-in --officer cb01 --data-dir "$data/kiosk"

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:99
  pgrep -f "Xvfb :99" >/dev/null || { Xvfb :99 -screen 0 1280x800x24 >/dev/null 2>&1 & sleep 1; }
  echo "run: no display; the kiosk runs on virtual display :99."
  echo "     look at it with:  DISPLAY=:99 import -window root kiosk.png"
fi
echo "run: PINs — officers 1111 2222 3333 4444, technician 909090 (hold the logo 3 s)"
echo "run: ratings on the server:  bin/scoring-server export --db out/demo/scoring.db --from $(TZ=Asia/Ho_Chi_Minh date +%F) --to $(TZ=Asia/Ho_Chi_Minh date +%F)"
"$bin/kiosk" --windowed --data-dir "$data/kiosk"
