package localdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hailong/kiosk/survey"
)

// InvitationCounts counts the invitations of each local day from since's
// day on (the calendar date of since in its location, included), per
// officer: how many were issued, used by a rating and expired unanswered.
// A day is the kiosk's local date of issue as created_at recorded it (with
// the kiosk's UTC offset then). Newest day first, then by officer;
// invitations with no officer (recorded before officers were, with no
// shift to tell) are left out: they cannot count for anyone.
//
// The uploader sends these with every heartbeat as absolute counts, so
// that the server can replace what it holds and a lost or repeated
// heartbeat changes nothing.
func (db *DB) InvitationCounts(ctx context.Context, since time.Time) ([]survey.InvitationCount, error) {
	var out []survey.InvitationCount
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		// created_at starts with the local date, so text order from the
		// date on is every invitation of that day and after.
		rows, err := tx.QueryContext(ctx, `SELECT substr(created_at, 1, 10) AS day, officer_id, count(*),
				coalesce(sum(status = 'used'), 0), coalesce(sum(status = 'expired'), 0)
			FROM invitations WHERE created_at >= ? AND officer_id <> ''
			GROUP BY day, officer_id ORDER BY day DESC, officer_id`, since.Format(time.DateOnly))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c survey.InvitationCount
			if err := rows.Scan(&c.Day, &c.OfficerID, &c.Issued, &c.Used, &c.Expired); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("invitation counts: %w", err)
	}
	return out, nil
}
