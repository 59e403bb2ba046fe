-- 0003_audit: an append-only audit trail of administrative acts, and every
-- kiosk's enrolment history (which re-enrolment used to overwrite).

-- audit: who did what to what, when. detail is a JSON object. Generic, so
-- that later acts (dashboard sign-ins, exports) fit it. The trail starts
-- with this migration: earlier acts were not recorded.
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	at_ms   INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	detail  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_at ON audit (at_ms);
CREATE INDEX audit_subject ON audit (subject, at_ms);

-- kiosk_history: one row per enrolment ('enrol', 're_enrol') and
-- revocation ('revoke') of each kiosk id, never overwritten; kiosks keeps
-- only the current state.
CREATE TABLE kiosk_history (
	id          INTEGER PRIMARY KEY,
	kiosk_id    TEXT NOT NULL,
	event       TEXT NOT NULL,
	centre_id   TEXT NOT NULL,
	counter_id  TEXT NOT NULL,
	hostname    TEXT NOT NULL DEFAULT '',
	app_version TEXT NOT NULL DEFAULT '',
	remote      TEXT NOT NULL DEFAULT '',
	actor       TEXT NOT NULL DEFAULT '',
	at_ms       INTEGER NOT NULL
) STRICT;
CREATE INDEX kiosk_history_kiosk ON kiosk_history (kiosk_id, at_ms);

-- What is known of kiosks enrolled before this migration: their last
-- enrolment and, when revoked, its revocation.
INSERT INTO kiosk_history (kiosk_id, event, centre_id, counter_id, hostname, app_version, actor, at_ms)
	SELECT id, 'enrol', centre_id, counter_id, hostname, app_version, 'migration', enrolled_ms FROM kiosks;
INSERT INTO kiosk_history (kiosk_id, event, centre_id, counter_id, actor, at_ms)
	SELECT id, 'revoke', centre_id, counter_id, 'migration', revoked_ms FROM kiosks WHERE revoked_ms IS NOT NULL;

-- Both are append-only: the database refuses to change or delete a row.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
	BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
	BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER kiosk_history_no_update BEFORE UPDATE ON kiosk_history
	BEGIN SELECT RAISE(ABORT, 'kiosk_history is append-only'); END;
CREATE TRIGGER kiosk_history_no_delete BEFORE DELETE ON kiosk_history
	BEGIN SELECT RAISE(ABORT, 'kiosk_history is append-only'); END;
