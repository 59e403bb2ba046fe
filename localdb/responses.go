package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/survey"
)

// utcLayout is how the store writes its own timestamps (uploaded_at,
// applied_at): UTC, fixed width, so that text order is time order.
const utcLayout = "2006-01-02T15:04:05.000Z"

// ErrNotFound means no row has the given id.
var ErrNotFound = errors.New("not found")

// SaveResponse gives r its id (a new UUIDv7), the kiosk id, the next seq and
// its place in the hash chain, validates it, and commits it with one fsync.
// It returns the response as stored; only then may the kiosk thank the
// citizen. An empty CreatedAt is set from the clock. A response that fails
// validation is not stored and does not use up a seq.
func (db *DB) SaveResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	if r.CreatedAt == "" {
		r.CreatedAt = db.clock.Now().Format(survey.TimeLayout)
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	id, err := uuid.NewV7()
	if err != nil {
		return survey.Response{}, fmt.Errorf("save response: new id: %w", err)
	}
	r.ID = id.String()
	r.KioskID = db.kioskID
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		seq, hash, err := chainHead(ctx, tx)
		if err != nil {
			return err
		}
		r.Seq, r.PrevHash = seq+1, hash
		r.Hash = r.ComputeHash()
		if err := r.Validate(); err != nil {
			return fmt.Errorf("invalid response: %w", err)
		}
		if err := insertResponse(ctx, tx, r); err != nil {
			return err
		}
		return setChainHead(ctx, tx, r.Seq, r.Hash)
	})
	if err != nil {
		return survey.Response{}, fmt.Errorf("save response: %w", err)
	}
	return r, nil
}

func chainHead(ctx context.Context, tx *sql.Tx) (seq int64, hash string, err error) {
	err = tx.QueryRowContext(ctx, "SELECT last_seq, last_hash FROM chain WHERE id = 1").Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("read chain head: %w", err)
	}
	return seq, hash, nil
}

func setChainHead(ctx context.Context, tx *sql.Tx, seq int64, hash string) error {
	if _, err := tx.ExecContext(ctx,
		"UPDATE chain SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash); err != nil {
		return fmt.Errorf("advance chain head: %w", err)
	}
	return nil
}

func insertResponse(ctx context.Context, tx *sql.Tx, r survey.Response) error {
	created, err := r.Time()
	if err != nil {
		return fmt.Errorf("created_at: %w", err)
	}
	reasons, err := json.Marshal(r.Reasons)
	if err != nil {
		return fmt.Errorf("encode reasons: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO responses (
		seq, id, kiosk_id, prev_hash, hash, centre_id, counter_id, officer_id,
		scale, raw_value, level, reasons, outcome, filter_reason,
		invitation_id, ticket, dossier_code, lang, created_at, created_ms,
		duration_ms, app_version, config_version
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.ID, r.KioskID, r.PrevHash, r.Hash, r.CentreID, r.CounterID, r.OfficerID,
		r.Scale, r.RawValue, string(r.Level), string(reasons), string(r.Outcome), r.FilterReason,
		r.InvitationID, r.Ticket, r.DossierCode, r.Lang, r.CreatedAt, created.UnixMilli(),
		r.DurationMS, r.AppVersion, r.ConfigVersion)
	if err != nil {
		return fmt.Errorf("insert response seq %d: %w", r.Seq, err)
	}
	return nil
}

// responseCols lists the columns scanResponse reads, in its order, from
// responsesFrom: r is the response, u its acknowledgement.
const responseCols = responseFields + ", u.uploaded_at, r.quarantine_reason"

// responseFields are the response's own columns, in scanResponse's order.
const responseFields = `r.seq, r.id, r.kiosk_id, r.prev_hash, r.hash, r.centre_id, r.counter_id, r.officer_id,
	r.scale, r.raw_value, r.level, r.reasons, r.outcome, r.filter_reason,
	r.invitation_id, r.ticket, r.dossier_code, r.lang, r.created_at,
	r.duration_ms, r.app_version, r.config_version`

// responsesFrom joins each response to its acknowledgement, if any.
const responsesFrom = " FROM responses r LEFT JOIN uploads u ON u.seq = r.seq"

// stored is a response with its upload state.
type stored struct {
	survey.Response
	UploadedAt       string // "" while pending
	QuarantineReason string // why the server rejected it; "" if it did not
}

type scanner interface{ Scan(dest ...any) error }

func scanResponse(s scanner) (stored, error) {
	var (
		st       stored
		r        = &st.Response
		reasons  string
		uploaded sql.NullString
		rejected sql.NullString
	)
	err := s.Scan(&r.Seq, &r.ID, &r.KioskID, &r.PrevHash, &r.Hash, &r.CentreID, &r.CounterID, &r.OfficerID,
		&r.Scale, &r.RawValue, &r.Level, &reasons, &r.Outcome, &r.FilterReason,
		&r.InvitationID, &r.Ticket, &r.DossierCode, &r.Lang, &r.CreatedAt,
		&r.DurationMS, &r.AppVersion, &r.ConfigVersion, &uploaded, &rejected)
	if err != nil {
		return stored{}, fmt.Errorf("scan response: %w", err)
	}
	if r.Reasons, err = decodeReasons(reasons); err != nil {
		return stored{}, fmt.Errorf("response seq %d: decode reasons: %w", r.Seq, err)
	}
	st.UploadedAt, st.QuarantineReason = uploaded.String, rejected.String
	return st, nil
}

// eachResponse calls f for every row of query, in the query's order.
func eachResponse(ctx context.Context, tx *sql.Tx, f func(stored) error, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanResponse(rows)
		if err != nil {
			return err
		}
		if err := f(st); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (db *DB) queryResponses(ctx context.Context, query string, args ...any) ([]survey.Response, error) {
	var out []survey.Response
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		return eachResponse(ctx, tx, func(st stored) error {
			out = append(out, st.Response)
			return nil
		}, query, args...)
	})
	return out, err
}

// Responses returns the responses created in [from, to), in seq order.
func (db *DB) Responses(ctx context.Context, from, to time.Time) ([]survey.Response, error) {
	rs, err := db.queryResponses(ctx, "SELECT "+responseCols+responsesFrom+
		" WHERE r.created_ms >= ? AND r.created_ms < ? ORDER BY r.seq",
		from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("responses %s to %s: %w", from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return rs, nil
}

// Pending returns up to limit responses that the server has not yet
// acknowledged and that are not quarantined, oldest (lowest seq) first.
func (db *DB) Pending(ctx context.Context, limit int) ([]survey.Response, error) {
	if limit < 1 {
		return nil, fmt.Errorf("pending: limit %d is not positive", limit)
	}
	rs, err := db.pending(ctx, 0, limit)
	if err != nil {
		return nil, fmt.Errorf("pending: %w", err)
	}
	return rs, nil
}

// MarkUploaded records that the server acknowledged (accepted or already
// had) the responses with these ids at at. Marking one twice keeps the first
// time. An unknown id fails the whole call and marks nothing.
func (db *DB) MarkUploaded(ctx context.Context, ids []string, at time.Time) error {
	stamp := at.UTC().Format(utcLayout)
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var seq int64
			err := tx.QueryRowContext(ctx, "SELECT seq FROM responses WHERE id = ?", id).Scan(&seq)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("response %s: %w", id, ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("response %s: %w", id, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO uploads (seq, uploaded_at) VALUES (?, ?) ON CONFLICT (seq) DO NOTHING",
				seq, stamp); err != nil {
				return fmt.Errorf("response %s: %w", id, err)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE seq = ?", seq); err != nil {
				return fmt.Errorf("response %s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark uploaded: %w", err)
	}
	return nil
}

// Quarantine takes a response the server rejected out of the upload queue,
// keeping it with the reason for the technician. It is never deleted.
func (db *DB) Quarantine(ctx context.Context, id, reason string) error {
	if reason == "" {
		return fmt.Errorf("quarantine %s: empty reason", id)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var seq int64
		var uploaded sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT r.seq, u.uploaded_at"+responsesFrom+" WHERE r.id = ?", id).Scan(&seq, &uploaded)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if uploaded.Valid {
			return fmt.Errorf("already uploaded at %s", uploaded.String)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE responses SET quarantine_reason = ? WHERE seq = ?", reason, seq); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM outbox WHERE seq = ?", seq)
		return err
	})
	if err != nil {
		return fmt.Errorf("quarantine %s: %w", id, err)
	}
	return nil
}

// Prune deletes the responses the server acknowledged before before, and
// returns how many. Pending and quarantined responses are never deleted. The
// chain head and the count of pruned rows are kept, so the sequence goes on
// and VerifyChain can account for the missing seqs.
func (db *DB) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		// The delete trigger takes the pruned rows' uploads rows with them;
		// RowsAffected counts only the responses.
		res, err := tx.ExecContext(ctx, `DELETE FROM responses
			WHERE seq IN (SELECT seq FROM uploads WHERE uploaded_at < ?) AND quarantine_reason IS NULL`,
			before.UTC().Format(utcLayout))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE chain SET pruned = pruned + ? WHERE id = 1", n)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune before %s: %w", before.Format(time.RFC3339), err)
	}
	return int(n), nil
}
