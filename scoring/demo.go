package scoring

import (
	"context"
	"time"
)

// DemoInfo marks a database as holding made-up demo data (`scoring-server
// demo-data`, issue 10 item 7), so that the dashboard says so on every
// page. It is stored in the database itself: a copied demo database is
// still marked, and a real one never is.
type DemoInfo struct {
	Seed     uint64    // the generator's seed
	Days     int       // days of ratings made
	Until    time.Time // the end of the generated ratings
	SeededAt time.Time // when the data was written
}

// DemoStore keeps the demo mark.
type DemoStore interface {
	// MarkDemo marks the database as demo data, replacing an earlier mark.
	MarkDemo(ctx context.Context, d DemoInfo) error
	// Demo returns the demo mark; false when the database holds real data.
	Demo(ctx context.Context) (DemoInfo, bool, error)
}
