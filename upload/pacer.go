package upload

import "time"

// The per-request deadline of batch uploads (issue 9 item 2). A request
// that stalls (a proxy or a mobile link that keeps the connection open and
// carries nothing) used to hold the drain for the whole RequestTimeout,
// 30 s, while the server answered the requests before it in a few
// milliseconds. The pacer gives each batch request a deadline adapted to the
// round trips the server answered recently, so a stall is abandoned in
// seconds and the batch sent again by the Run loop (the server answers
// duplicate for whatever it had committed).
//
// The danger is the other way: a commune's kiosk on 3G sending a backlog
// batch of 1 MiB (about 100 kB once gzip'd) must not be cut because its
// earlier batches were small. So the deadline is based on bytes as well as
// time, and errs long everywhere:
//
//   - Each recent answer gives a rate: its round trip for its bytes (the
//     gzip'd body on the wire). A request's expected time is, over the last
//     pacerWindow answers, the largest of that round trip scaled up to the
//     request's bytes (never down). Scaling the whole round trip, latency
//     included, overestimates a large batch after small ones: after one
//     response sent in 300 ms over 3G, 100 kB is expected to take tens of
//     seconds, and the configured timeout applies. The slowest recent answer
//     counts, not the average, so one fast answer does not shorten it.
//   - The deadline is pacerFactor times that, at least pacerFloor, and at
//     most the configured RequestTimeout. The factor covers a link's jitter
//     (3G round trips vary by several times); the floor covers what size
//     does not explain, a server's checkpoint or lock wait, and is the
//     shortest a stall can hold the drain. TCP's retransmission timeout has
//     the same shape (a multiple of the measured round trip, a floor of
//     1 s in RFC 6298); ours is a whole request, so its floor is longer.
//   - Before the server has answered anything (a kiosk just started) the
//     configured timeout applies: there is nothing to adapt to.
//   - Each consecutive timeout doubles the next deadline, up to the
//     configured timeout, so a link that became slower than its recent
//     past is cut at most a few times before it is given all the time it
//     needs; any answer ends the doubling and becomes a sample.
//
// A request cut too early costs a resend and a duplicate answer, never a
// loss: the batch stays pending until the server's answer is recorded.
type pacer struct {
	floor, cap time.Duration
	samples    [pacerWindow]roundTrip
	n, next    int // samples held; where the next one goes
	timeouts   int // consecutive requests that timed out
}

const (
	pacerWindow = 16
	pacerFactor = 4
	pacerFloor  = 2 * time.Second
)

// roundTrip is one answered batch request.
type roundTrip struct {
	took  time.Duration
	bytes int
}

func newPacer(requestTimeout time.Duration) *pacer {
	return &pacer{floor: pacerFloor, cap: requestTimeout}
}

// deadline is how long a batch request of bytes may take.
func (p *pacer) deadline(bytes int) time.Duration {
	if p.n == 0 {
		return p.cap
	}
	var expect time.Duration
	for _, s := range p.samples[:p.n] {
		e := s.took
		if bytes > s.bytes && s.bytes > 0 {
			e = time.Duration(float64(s.took) * float64(bytes) / float64(s.bytes))
		}
		expect = max(expect, e)
	}
	d := max(pacerFactor*expect, p.floor)
	for i := 0; i < p.timeouts && d < p.cap; i++ {
		d *= 2
	}
	return min(d, p.cap)
}

// answered records a request of bytes that the server answered in took.
func (p *pacer) answered(took time.Duration, bytes int) {
	p.samples[p.next] = roundTrip{took: took, bytes: bytes}
	p.next = (p.next + 1) % pacerWindow
	p.n = min(p.n+1, pacerWindow)
	p.timeouts = 0
}

// timedOut records a request that got no answer in time.
func (p *pacer) timedOut() { p.timeouts++ }
