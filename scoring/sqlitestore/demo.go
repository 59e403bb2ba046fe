package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

var _ scoring.DemoStore = (*Store)(nil)

// metaDemo is the meta key of the demo mark.
const metaDemo = "demo"

// demoJSON is the stored form of scoring.DemoInfo; the seed is text so
// that a uint64 beyond 2^53 survives any JSON reader.
type demoJSON struct {
	Seed     string `json:"seed"`
	Days     int    `json:"days"`
	UntilMS  int64  `json:"until_ms"`
	SeededMS int64  `json:"seeded_ms"`
}

// MarkDemo marks the database as demo data.
func (s *Store) MarkDemo(ctx context.Context, d scoring.DemoInfo) error {
	b, err := json.Marshal(demoJSON{Seed: fmt.Sprint(d.Seed), Days: d.Days, UntilMS: ms(d.Until), SeededMS: ms(d.SeededAt)})
	if err != nil {
		return fmt.Errorf("mark demo data: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, metaDemo, string(b))
		return err
	})
	if err != nil {
		return fmt.Errorf("mark demo data: %w", err)
	}
	return nil
}

// Demo returns the demo mark, false when there is none.
func (s *Store) Demo(ctx context.Context) (scoring.DemoInfo, bool, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", metaDemo).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return scoring.DemoInfo{}, false, nil
	}
	if err != nil {
		return scoring.DemoInfo{}, false, fmt.Errorf("read demo mark: %w", err)
	}
	var j demoJSON
	if err := json.Unmarshal([]byte(v), &j); err != nil {
		return scoring.DemoInfo{}, false, fmt.Errorf("read demo mark %q: %w", v, err)
	}
	d := scoring.DemoInfo{Days: j.Days, Until: time.UnixMilli(j.UntilMS).UTC(), SeededAt: time.UnixMilli(j.SeededMS).UTC()}
	if _, err := fmt.Sscan(j.Seed, &d.Seed); err != nil {
		return scoring.DemoInfo{}, false, fmt.Errorf("read demo mark: seed %q: %w", j.Seed, err)
	}
	return d, true, nil
}
