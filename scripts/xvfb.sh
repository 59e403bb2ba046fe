# shellcheck shell=bash
# scripts/xvfb.sh: a private X display, for the scripts that start one so
# that nothing else draws on it (bench/firstframe.sh, bench/memory.sh,
# scripts/bench.sh, scripts/screenshots.sh). Source it.

# free_display N: the first display number from N up that no X server
# holds (no lock file, no socket).
free_display() {
	local n=$1
	while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
	echo "$n"
}

# start_xvfb N SIZE LOG [XVFB ARGS...]: starts Xvfb on :N with a SIZE
# screen (e.g. 1280x800) at 24 bits, its output in LOG; sets xvfb_pid and
# returns once the display answers, or fails after 10 s.
start_xvfb() {
	local n=$1 size=$2 log=$3
	shift 3
	Xvfb ":$n" -screen 0 "${size}x24" -nolisten tcp "$@" >"$log" 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 200); do
		DISPLAY=:$n xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "Xvfb :$n did not answer within 10 s (its output: $log)" >&2
	return 1
}
