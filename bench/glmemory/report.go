package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
)

// reading is the process's memory after some ratings.
type reading struct {
	ratings     int
	rss, anon   float64 // MB, from /proc/self/status
	heap, inuse float64 // MB, Go heap after a collection
}

func read(ratings int) reading {
	debug.FreeOSMemory() // a collection, and freed pages back to the OS
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := reading{ratings: ratings, heap: mb(ms.HeapAlloc), inuse: mb(ms.HeapInuse)}
	r.rss, r.anon = status("VmRSS:"), status("RssAnon:")
	return r
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// status reads a kB field of /proc/self/status, in MB.
func status(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return math.NaN()
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) >= 2 && string(f[0]) == field {
			kb, _ := strconv.ParseFloat(string(f[1]), 64)
			return kb / 1024
		}
	}
	return math.NaN()
}

func report(rs []reading, n int) {
	if len(rs) < 3 {
		fmt.Println("glmemory: too few readings")
		return
	}
	fmt.Println("glmemory: ratings  VmRSS-MB  RssAnon-MB  heap-MB  heap-inuse-MB")
	for _, r := range rs {
		fmt.Printf("glmemory: %7d  %8.1f  %10.1f  %7.2f  %13.2f\n", r.ratings, r.rss, r.anon, r.heap, r.inuse)
	}
	first, last := rs[0], rs[len(rs)-1]
	fmt.Printf("glmemory: over %d ratings after a warm-up of %d: VmRSS %+.1f MB (%.1f → %.1f), RssAnon %+.1f MB, Go heap %+.2f MB\n",
		n, first.ratings, last.rss-first.rss, first.rss, last.rss, last.anon-first.anon, last.heap-first.heap)
	for _, s := range []struct {
		name string
		v    func(reading) float64
	}{{"VmRSS", func(r reading) float64 { return r.rss }}, {"RssAnon", func(r reading) float64 { return r.anon }},
		{"Go heap", func(r reading) float64 { return r.heap }}} {
		b, se := slope(rs, s.v)
		fmt.Printf("glmemory: %s slope %+.2f ± %.2f MB per 10,000 ratings (least squares over %d readings, ± 1 standard error)\n",
			s.name, b*10_000, se*10_000, len(rs))
	}
}

// slope fits v against the rating count; it returns the slope and its
// standard error, in MB per rating.
func slope(rs []reading, v func(reading) float64) (b, se float64) {
	n := float64(len(rs))
	var sx, sy float64
	for _, r := range rs {
		sx += float64(r.ratings)
		sy += v(r)
	}
	mx, my := sx/n, sy/n
	var sxx, sxy float64
	for _, r := range rs {
		dx := float64(r.ratings) - mx
		sxx += dx * dx
		sxy += dx * (v(r) - my)
	}
	b = sxy / sxx
	var ssr float64
	for _, r := range rs {
		e := v(r) - my - b*(float64(r.ratings)-mx)
		ssr += e * e
	}
	return b, math.Sqrt(ssr / (n - 2) / sxx)
}
