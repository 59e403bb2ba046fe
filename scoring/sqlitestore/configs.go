package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// RecordIssued remembers a configuration version sent to a kiosk; the
// first sending is kept.
func (s *Store) RecordIssued(ctx context.Context, c scoring.IssuedConfig) error {
	levels, err := json.Marshal(c.LevelsText())
	if err != nil {
		return fmt.Errorf("record configuration %s: %w", c.Version, err)
	}
	officers, reasons, err := jsonLists(c.Officers, c.Reasons)
	if err != nil {
		return fmt.Errorf("record configuration %s: %w", c.Version, err)
	}
	reasonsFor, err := json.Marshal(c.ReasonsFor)
	if err != nil {
		return fmt.Errorf("record configuration %s: %w", c.Version, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO config_versions (kiosk_id, version, centre_id, counter_id,
			scale, levels, officers, reasons, reasons_for, sent_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kiosk_id, version) DO NOTHING`,
			c.KioskID, c.Version, c.CentreID, c.CounterID, c.Scale, string(levels), officers, reasons, string(reasonsFor), ms(c.At))
		return err
	})
	if err != nil {
		return fmt.Errorf("record configuration %s of kiosk %s: %w", c.Version, c.KioskID, err)
	}
	return nil
}

// jsonLists encodes lists as JSON arrays, [] for none.
func jsonLists(lists ...[]string) (officers, reasons string, err error) {
	out := make([]string, len(lists))
	for i, l := range lists {
		if l == nil {
			l = []string{}
		}
		b, err := json.Marshal(l)
		if err != nil {
			return "", "", err
		}
		out[i] = string(b)
	}
	return out[0], out[1], nil
}

// Issued returns every configuration version sent to a kiosk, oldest
// first.
func (s *Store) Issued(ctx context.Context, kioskID string) ([]scoring.IssuedConfig, error) {
	var out []scoring.IssuedConfig
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT version, centre_id, counter_id, scale, levels, officers, reasons, reasons_for, sent_ms
			FROM config_versions WHERE kiosk_id = ? ORDER BY sent_ms, version`, kioskID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := scoring.IssuedConfig{KioskID: kioskID}
			var levels, officers, reasons, reasonsFor string
			var sent int64
			if err := rows.Scan(&c.Version, &c.CentreID, &c.CounterID, &c.Scale, &levels, &officers, &reasons, &reasonsFor, &sent); err != nil {
				return err
			}
			c.At = time.UnixMilli(sent).UTC()
			if err := decodeIssued(&c, levels, officers, reasons, reasonsFor); err != nil {
				return fmt.Errorf("version %s: %w", c.Version, err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("configurations of kiosk %s: %w", kioskID, err)
	}
	return out, nil
}

// decodeIssued decodes the JSON columns of config_versions into c.
func decodeIssued(c *scoring.IssuedConfig, levels, officers, reasons, reasonsFor string) error {
	var text map[string]string
	if err := json.Unmarshal([]byte(levels), &text); err != nil {
		return fmt.Errorf("levels: %w", err)
	}
	c.Levels = make(map[int]survey.Level, len(text))
	for k, v := range text {
		raw, err := strconv.Atoi(k)
		if err != nil {
			return fmt.Errorf("levels: %w", err)
		}
		c.Levels[raw] = survey.Level(v)
	}
	if err := json.Unmarshal([]byte(officers), &c.Officers); err != nil {
		return fmt.Errorf("officers: %w", err)
	}
	if err := json.Unmarshal([]byte(reasons), &c.Reasons); err != nil {
		return fmt.Errorf("reasons: %w", err)
	}
	if err := json.Unmarshal([]byte(reasonsFor), &c.ReasonsFor); err != nil {
		return fmt.Errorf("reasons_for: %w", err)
	}
	return nil
}

// RemoveOfficer deletes an officer from a centre's roster. Responses keep
// the officer's id; configurations sent before keep the officer too.
func (s *Store) RemoveOfficer(ctx context.Context, centreID, officerID string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var name, title string
		err := tx.QueryRowContext(ctx, "SELECT name, title FROM officers WHERE centre_id = ? AND id = ?",
			centreID, officerID).Scan(&name, &title)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM officers WHERE centre_id = ? AND id = ?", centreID, officerID); err != nil {
			return err
		}
		// The trail keeps who left: the roster no longer does.
		return appendAudit(ctx, tx, time.Now(), scoring.ActOfficerRemove, scoring.SubjectOfficer(centreID, officerID),
			map[string]any{"name": name, "title": title})
	})
	if err != nil {
		return fmt.Errorf("remove officer %s of centre %s: %w", officerID, centreID, err)
	}
	return nil
}

// centreLists encodes a centre's reasons and mapping as stored: "" when
// the centre keeps the defaults.
func centreLists(c scoring.Centre) (reasons, mapping string, err error) {
	if len(c.Reasons) > 0 {
		b, err := json.Marshal(c.Reasons)
		if err != nil {
			return "", "", err
		}
		reasons = string(b)
	}
	if len(c.Mapping) > 0 {
		b, err := json.Marshal(c.Mapping)
		if err != nil {
			return "", "", err
		}
		mapping = string(b)
	}
	return reasons, mapping, nil
}

// readCentreLists decodes what centreLists stored into c.
func readCentreLists(c *scoring.Centre, reasons, mapping string) error {
	if reasons != "" {
		if err := json.Unmarshal([]byte(reasons), &c.Reasons); err != nil {
			return fmt.Errorf("reasons of centre %s: %w", c.ID, err)
		}
	}
	if mapping != "" {
		if err := json.Unmarshal([]byte(mapping), &c.Mapping); err != nil {
			return fmt.Errorf("mapping of centre %s: %w", c.ID, err)
		}
	}
	return nil
}
