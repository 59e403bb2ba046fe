-- 0010_invitation_counts: the kiosks' invitation counts, for the response
-- rate of SPEC §7 (ratings ÷ invitations, invite mode). A kiosk reports on
-- each heartbeat, per local day of issue and officer, how many invitations
-- it issued and how many were used by a rating or expired: absolute
-- counts, each replacing the row of the same kiosk, day and officer
-- (scoring.InvitationStore). day is the centre's local day, 'YYYY-MM-DD'
-- (the kiosk's local day of issue: see scoring/invitations.go). centre_id
-- and counter_id are the kiosk's when the row was first written (a kiosk
-- enrolled anew at another counter leaves its past days where they were),
-- and make a centre's day one index range.
CREATE TABLE invitation_counts (
	kiosk_id   TEXT    NOT NULL,
	day        TEXT    NOT NULL CHECK (length(day) = 10),
	officer_id TEXT    NOT NULL,
	centre_id  TEXT    NOT NULL,
	counter_id TEXT    NOT NULL,
	issued     INTEGER NOT NULL CHECK (issued >= 0),
	used       INTEGER NOT NULL CHECK (used >= 0),
	expired    INTEGER NOT NULL CHECK (expired >= 0 AND used + expired <= issued),
	updated_ms INTEGER NOT NULL,
	PRIMARY KEY (kiosk_id, day, officer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX invitation_counts_centre_day ON invitation_counts (centre_id, day);
