package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// Kiosks lists every kiosk by centre, counter and id, with its open gaps,
// the number of broken-chain and reused-seq events, and its checks.
func (s *Store) Kiosks(ctx context.Context) ([]scoring.KioskStatus, error) {
	var out []scoring.KioskStatus
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, centre_id, counter_id, hostname, enrolled_ms, revoked_ms,
				last_seen_ms, app_version, heartbeat_ms, pending, oldest_pending_ms, last_error, disk_free,
				clock_skew_ms, max_seq, contig_seq,
				(SELECT count(*) FROM chain_events e WHERE e.kiosk_id = k.id AND e.kind IN (?, ?)),
				(SELECT count(*) FROM chain_problems p WHERE p.kiosk_no = k.no),
				(SELECT count(*) FROM kiosk_history h WHERE h.kiosk_id = k.id AND h.event IN (?, ?))
			FROM kiosks k ORDER BY centre_id, counter_id, id`, scoring.EventBrokenChain, scoring.EventSeqReused,
			historyEnrol, historyReEnrol)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[string]int{}
		for rows.Next() {
			var k scoring.KioskStatus
			var enrolled, skew int64
			var revoked, seen, beat, oldest sql.NullInt64
			if err := rows.Scan(&k.ID, &k.CentreID, &k.CounterID, &k.Hostname, &enrolled, &revoked, &seen,
				&k.AppVersion, &beat, &k.Pending, &oldest, &k.LastError, &k.DiskFree, &skew,
				&k.LastSeq, &k.ContiguousSeq, &k.Breaks, &k.VerifyProblems, &k.Enrolments); err != nil {
				return err
			}
			k.EnrolledAt = time.UnixMilli(enrolled).UTC()
			k.RevokedAt, k.LastSeenAt, k.HeartbeatAt, k.OldestPendingAt = fromMS(revoked), fromMS(seen), fromMS(beat), fromMS(oldest)
			k.ClockSkew = time.Duration(skew) * time.Millisecond
			index[k.ID] = len(out)
			out = append(out, k)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		gaps, err := tx.QueryContext(ctx, "SELECT kiosk_id, from_seq, to_seq FROM chain_gaps ORDER BY kiosk_id, from_seq")
		if err != nil {
			return err
		}
		defer gaps.Close()
		for gaps.Next() {
			var id string
			var g scoring.Gap
			if err := gaps.Scan(&id, &g.From, &g.To); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].Gaps = append(out[i].Gaps, g)
			}
		}
		if err := gaps.Err(); err != nil {
			return err
		}
		return readChecks(ctx, tx, out, index)
	})
	if err != nil {
		return nil, fmt.Errorf("list kiosks: %w", err)
	}
	return out, nil
}

// ExportResponses calls fn for each response created in [f.From, f.To),
// of f.CentreID when set, by creation time then id, in one read snapshot.
func (s *Store) ExportResponses(ctx context.Context, f scoring.ExportFilter, fn func(scoring.StoredResponse) error) error {
	q := selectResponses + " WHERE r.created_ms >= ? AND r.created_ms < ?"
	args := []any{ms(f.From), ms(f.To)}
	if f.CentreID != "" {
		q += " AND r.centre_id = ?"
		args = append(args, f.CentreID)
	}
	q += " ORDER BY r.created_ms, r.id"
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sr, err := scanResponse(rows)
			if err != nil {
				return err
			}
			if err := fn(sr); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("export responses: %w", err)
	}
	return nil
}

// selectResponses reads responses as survey.Response fields in JSON order,
// then received_ms, unpacking the kiosk number into its id.
const selectResponses = `SELECT r.id, k.id, r.seq, r.prev_hash, r.hash, r.centre_id, r.counter_id, r.officer_id,
	r.scale, r.raw_value, r.level, r.reasons, r.outcome, r.filter_reason, r.invitation_id, r.ticket,
	r.dossier_code, r.lang, r.created_at, r.duration_ms, r.app_version, r.config_version, r.received_ms
	FROM responses r JOIN kiosks k ON k.no = r.kiosk_no`

// scanResponse reads one row of selectResponses.
func scanResponse(sc interface{ Scan(...any) error }) (scoring.StoredResponse, error) {
	var sr scoring.StoredResponse
	var id, prev, hash []byte
	var reasons string
	var received int64
	r := &sr.Response
	if err := sc.Scan(&id, &r.KioskID, &r.Seq, &prev, &hash, &r.CentreID, &r.CounterID,
		&r.OfficerID, &r.Scale, &r.RawValue, &r.Level, &reasons, &r.Outcome, &r.FilterReason,
		&r.InvitationID, &r.Ticket, &r.DossierCode, &r.Lang, &r.CreatedAt, &r.DurationMS,
		&r.AppVersion, &r.ConfigVersion, &received); err != nil {
		return sr, err
	}
	r.ID, r.PrevHash, r.Hash = idString(id), hashString(prev), hashString(hash)
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return sr, fmt.Errorf("response %s: reasons: %w", r.ID, err)
	}
	sr.ReceivedAt = time.UnixMilli(received).UTC()
	return sr, nil
}

// Response reads one stored response back by id, for tests and tools.
func (s *Store) Response(ctx context.Context, id string) (scoring.StoredResponse, error) {
	b, err := idBytes(id)
	if err != nil {
		return scoring.StoredResponse{}, fmt.Errorf("response %s: %w", id, scoring.ErrNotFound)
	}
	sr, err := scanResponse(s.r.QueryRowContext(ctx, selectResponses+" WHERE r.id = ?", b))
	if errors.Is(err, sql.ErrNoRows) {
		return sr, fmt.Errorf("response %s: %w", id, scoring.ErrNotFound)
	}
	if err != nil {
		return sr, fmt.Errorf("response %s: %w", id, err)
	}
	return sr, nil
}

// Counts returns the number of stored responses and of chain events by
// kind, for tests and tools.
func (s *Store) Counts(ctx context.Context) (responses int, events map[string]int, err error) {
	events = map[string]int{}
	err = s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM responses").Scan(&responses); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT kind, count(*) FROM chain_events GROUP BY kind")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			events[k] = n
		}
		return rows.Err()
	})
	if err != nil {
		return 0, nil, fmt.Errorf("counts: %w", err)
	}
	return responses, events, nil
}

// reasonsJSON encodes reasons as stored: a JSON array, never null, as
// json.Marshal writes it. Reason codes are plain ASCII words, which it
// writes as they are; anything else goes through json.Marshal.
func reasonsJSON(r survey.Response) string {
	if len(r.Reasons) == 0 {
		return "[]"
	}
	b := make([]byte, 0, 2+len(r.Reasons)*16)
	b = append(b, '[')
	for i, s := range r.Reasons {
		if !plainJSON(s) {
			b, _ := json.Marshal(r.Reasons) // strings cannot fail
			return string(b)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, s...)
		b = append(b, '"')
	}
	return string(append(b, ']'))
}

// plainJSON reports whether json.Marshal writes s between quotes as it is:
// printable ASCII other than '"', '\\' and the HTML characters it escapes.
func plainJSON(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}
