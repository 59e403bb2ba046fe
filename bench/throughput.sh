#!/usr/bin/env bash
# bench/throughput.sh [ROUNDS]: the server's two throughput numbers of
# SPEC §10, each beside its raw limit, in alternating rounds so that a busy
# minute on a shared machine hits both sides of a comparison alike:
#
#   ingest     BenchmarkIngestHTTP, 200,000 responses (scoring/kioskapi/)
#   raw        BenchmarkRawBatchInsert/driver, the same rows (scoring/kioskapi/)
#   drain      BenchmarkDrain100kRealServer/uploader (bench/drain/)
#   raw-post   BenchmarkDrain100kRealServer/raw-post
#
# Each round runs the four once, in that order. One line per measurement,
# tab-separated (UTC time, 1-minute load, name, value, unit), then the
# median of each and how many met the target (ingest ≥ 100,000
# responses/s, drain ≤ 2 s). ROUNDS defaults to 10 (about 5 minutes).
# It reports; it asserts nothing.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3 # as go.mod needs; see the Makefile
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin

rounds=${1:-10}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

go test -tags migrated_fynedo -c -o "$dir/scoring.test" ./scoring/kioskapi/
go test -tags migrated_fynedo -c -o "$dir/drain.test" ./bench/drain/

# run BIN DIR BENCH BENCHTIME NAME UNIT FIELD: one benchmark, one line.
run() {
	local bin=$1 wd=$2 bench=$3 benchtime=$4 name=$5 unit=$6
	local out
	out=$(cd "$wd" && "$bin" -test.run '^$' -test.bench "$bench" -test.benchtime "$benchtime" 2>&1 | grep -E '^Benchmark' || true)
	local value
	value=$(awk -v u="$unit" '{ for (i = 2; i <= NF; i++) if ($i == u) { print $(i - 1); exit } }' <<<"$out")
	printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1 /proc/loadavg)" "$name" "${value:-failed}" "$unit"
}

{
	for ((r = 1; r <= rounds; r++)); do
		run "$dir/scoring.test" scoring/kioskapi '^BenchmarkIngestHTTP$' 400x ingest responses/s
		run "$dir/scoring.test" scoring/kioskapi '^BenchmarkRawBatchInsert$/^driver$' 400x raw rows/s
		run "$dir/drain.test" bench/drain '^BenchmarkDrain100kRealServer$/^uploader$' 1x drain s/drain
		run "$dir/drain.test" bench/drain '^BenchmarkDrain100kRealServer$/^raw-post$' 1x raw-post s/drain
	done
} | tee "$dir/lines"

echo
awk -F'\t' '
	{ v[$3] = v[$3] " " $4; n[$3]++ }
	$3 == "ingest" && $4 + 0 >= 100000 { met["ingest"]++ }
	$3 == "drain" && $4 != "failed" && $4 + 0 <= 2 { met["drain"]++ }
	END {
		for (k in v) {
			m = split(substr(v[k], 2), a, " ")
			for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
			line = sprintf("%-9s median %s over %d (min %s, max %s)", k, med, m, a[1], a[m])
			if (k in met || k == "ingest" || k == "drain") line = line sprintf("; target met in %d of %d", met[k], m)
			print line
		}
	}' "$dir/lines" | sort
