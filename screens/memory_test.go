package screens

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// SPEC §10: memory flat (< 10 MB growth) over 10,000 ratings. The figures
// are reported, not asserted: a size limit in a unit test would fail on a
// busy machine for reasons that are not the kiosk's. bench/memory.sh
// measures the real binary's RSS under Xvfb.

const (
	memWarmup  = 500    // ratings before the first reading
	memRatings = 10_000 // ratings between the two readings
)

// BenchmarkMemory10kRatings drives 500 + 10,000 ratings through the real UI
// path on one kiosk (tiles, reasons chips, Gửi and Bỏ qua, thanks, and back
// to the rating screen) and reports how much the heap grew between the
// 500th and the 10,500th rating. Run it once: -benchtime=1x.
//
// Fyne keeps every widget's renderer (and decoded SVGs, and the canvas of
// every object) in global caches, and drops an entry only when its cache
// cleaner runs and the entry has gone unused for FYNE_CACHE (default one
// minute). The real driver runs the cleaner on paint, at most every 10 s;
// Fyne's test driver never paints, so without help the screens the kiosk
// has discarded would all stay reachable and look like a leak of ~37 KB a
// rating. The benchmark therefore "paints" every renderCleanEvery ratings
// (Capture on a canvas with a no-op painter runs the global cleaner) and,
// before each reading, waits until what a real window would have dropped
// by then has expired. Set FYNE_CACHE=1s to make those waits ~11 s instead
// of ~70 s; it changes nothing else in this test binary.
func BenchmarkMemory10kRatings(b *testing.B) {
	for b.Loop() {
		r := newBenchRig(b, b.TempDir())
		for i := range memWarmup {
			r.rate(b, i)
		}
		before := settleAndReadMem()
		for i := memWarmup; i < memWarmup+memRatings; i++ {
			r.rate(b, i)
		}
		after := settleAndReadMem()

		rs, err := r.db.Responses(context.Background(), start.AddDate(0, 0, -1), start.AddDate(1, 0, 0))
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != memWarmup+memRatings {
			b.Fatalf("%d responses stored, want %d", len(rs), memWarmup+memRatings)
		}
		b.ReportMetric(growthMB(before.heapAlloc, after.heapAlloc), "heapalloc-growth-MB")
		b.ReportMetric(growthMB(before.heapInuse, after.heapInuse), "heapinuse-growth-MB")
		b.ReportMetric(growthMB(before.rss, after.rss), "rss-growth-MB")
		b.ReportMetric(growthMB(before.runtimeMeta, after.runtimeMeta), "runtime-meta-growth-MB")
		b.ReportMetric(growthMB(0, before.heapAlloc), "heapalloc-warm-MB")
		b.ReportMetric(growthMB(0, after.heapAlloc), "heapalloc-end-MB")
		b.ReportMetric(growthMB(0, after.rss), "rss-end-MB")
	}
}

// renderCleanEvery is how often (in ratings) the memory benchmark runs
// Fyne's cache cleaner, as a real window's paint loop would.
const renderCleanEvery = 100

// rate gives rating i: six in ten "Rất hài lòng", two "Hài lòng", one
// "Không hài lòng" with a reason and Gửi, one "Không hài lòng" skipped;
// then the manual clock runs past the thanks screen.
func (r *benchRig) rate(tb testing.TB, i int) {
	switch i % 10 {
	case 0, 1, 2, 3, 4, 5:
		test.Tap(r.k.tiles[0])
	case 6, 7:
		test.Tap(r.k.tiles[1])
	case 8:
		test.Tap(r.k.tiles[2])
		r.want(tb, ScreenReasons)
		test.Tap(r.k.chips[r.k.cfg.Reasons[i/10%len(r.k.cfg.Reasons)].Code])
		test.Tap(r.k.send)
	case 9:
		test.Tap(r.k.tiles[2])
		r.want(tb, ScreenReasons)
		test.Tap(r.k.skip)
	}
	r.want(tb, ScreenThanks)
	r.clock.Advance(between)
	r.want(tb, ScreenRating)
	if i%renderCleanEvery == renderCleanEvery-1 {
		runCacheCleaner()
	}
}

// runCacheCleaner runs Fyne's global cache cleaner, which only a paint
// runs. It captures a tiny canvas with a no-op painter rather than the
// kiosk's window, so that a software paint of the whole window does not
// land in the benchmark.
func runCacheCleaner() {
	test.NewCanvasWithPainter(nopPainter{}).Capture()
}

type nopPainter struct{}

func (nopPainter) Paint(fyne.Canvas) image.Image { return image.NewNRGBA(image.Rectangle{}) }

// fyneCacheExpiry is how long Fyne keeps an unused cache entry.
func fyneCacheExpiry() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FYNE_CACHE")); err == nil {
		return d
	}
	return time.Minute
}

// settleAndReadMem waits until every discarded screen's cache entries have
// expired and the cleaner may run again (it refuses to run twice within
// 10 s), runs it, and reads memory.
func settleAndReadMem() memReading {
	time.Sleep(max(fyneCacheExpiry(), 10*time.Second) + time.Second)
	runCacheCleaner()
	return readMem()
}

type memReading struct {
	heapAlloc, heapInuse uint64 // Go heap: live objects, spans in use
	runtimeMeta          uint64 // Sys − HeapSys: GC metadata, span and stack structures
	rss                  uint64 // whole process, Go and C
}

// readMem collects garbage, returns freed pages to the OS, and reads the
// Go heap and the process's resident set (which includes SQLite's C heap).
func readMem() memReading {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memReading{heapAlloc: m.HeapAlloc, heapInuse: m.HeapInuse, runtimeMeta: m.Sys - m.HeapSys, rss: vmRSS()}
}

// growthMB is to − from in MiB; it may be negative.
func growthMB(from, to uint64) float64 { return (float64(to) - float64(from)) / (1 << 20) }

// vmRSS reads VmRSS from /proc/self/status, in bytes; 0 where there is no
// /proc.
func vmRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) >= 2 && string(f[0]) == "VmRSS:" {
			kb, _ := strconv.ParseUint(string(f[1]), 10, 64)
			return kb << 10
		}
	}
	return 0
}
