-- 0008_alerts: the alerts of SPEC §7 (issue 10 item 4). One row per alert,
-- changed in place as it goes open → acknowledged → closed; every
-- transition is also in the append-only audit trail. subject is the
-- counter id (within centre_id) or the kiosk id, after kind. detail is a
-- JSON object (scoring.AlertDetail). cleared_ms is when the condition
-- ended, NULL while it holds.
CREATE TABLE alerts (
	id          INTEGER PRIMARY KEY,
	centre_id   TEXT NOT NULL,
	kind        TEXT NOT NULL,
	subject     TEXT NOT NULL,
	opened_ms   INTEGER NOT NULL,
	detail      TEXT NOT NULL DEFAULT '',
	state       TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'closed')),
	cleared_ms  INTEGER,
	acked_by    TEXT NOT NULL DEFAULT '',
	acked_ms    INTEGER,
	ack_comment TEXT NOT NULL DEFAULT '',
	closed_by   TEXT NOT NULL DEFAULT '',
	closed_ms   INTEGER
) STRICT;
-- At most one active alert per condition that still holds: the database
-- refuses a duplicate even if two evaluators raced. (An alert whose
-- condition has ended may wait open beside the next episode's.)
CREATE UNIQUE INDEX alerts_active ON alerts (centre_id, kind, subject) WHERE state <> 'closed' AND cleared_ms IS NULL;
CREATE INDEX alerts_subject ON alerts (centre_id, kind, subject, id);
CREATE INDEX alerts_centre_state ON alerts (centre_id, state, id);
