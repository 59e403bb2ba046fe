-- 0001_init: the kiosk's first schema.
--
-- Timestamps: created_at and the shift/invitation times are RFC 3339 with the
-- kiosk's UTC offset, exactly as recorded (created_at is covered by the hash
-- chain). Columns ending in _ms are the same instant as UTC Unix milliseconds,
-- for range queries. uploaded_at is UTC, fixed width, so it sorts as text.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- chain is the head of the hash chain: the seq and hash of the last response
-- ever saved, kept apart from responses so that pruning uploaded rows never
-- rewinds the sequence. pruned counts the responses Prune deleted, so that
-- VerifyChain can account for every missing seq.
CREATE TABLE chain (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	last_seq  INTEGER NOT NULL CHECK (last_seq >= 0),
	last_hash TEXT    NOT NULL CHECK (length(last_hash) = 64),
	pruned    INTEGER NOT NULL DEFAULT 0 CHECK (pruned >= 0)
) STRICT;
INSERT INTO chain (id, last_seq, last_hash, pruned)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- responses is also the upload outbox: a row is pending while uploaded_at is
-- NULL and quarantine_reason is NULL.
CREATE TABLE responses (
	seq               INTEGER PRIMARY KEY CHECK (seq > 0),
	id                TEXT    NOT NULL UNIQUE CHECK (length(id) = 36),
	kiosk_id          TEXT    NOT NULL,
	prev_hash         TEXT    NOT NULL CHECK (length(prev_hash) = 64),
	hash              TEXT    NOT NULL CHECK (length(hash) = 64),
	centre_id         TEXT    NOT NULL,
	counter_id        TEXT    NOT NULL,
	officer_id        TEXT    NOT NULL,
	scale             TEXT    NOT NULL,
	raw_value         INTEGER NOT NULL,
	level             TEXT    NOT NULL,
	reasons           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
	outcome           TEXT    NOT NULL,
	filter_reason     TEXT    NOT NULL DEFAULT '',
	invitation_id     TEXT    NOT NULL DEFAULT '',
	ticket            TEXT    NOT NULL DEFAULT '',
	dossier_code      TEXT    NOT NULL DEFAULT '',
	lang              TEXT    NOT NULL,
	created_at        TEXT    NOT NULL,
	created_ms        INTEGER NOT NULL,
	duration_ms       INTEGER NOT NULL,
	app_version       TEXT    NOT NULL DEFAULT '',
	config_version    TEXT    NOT NULL DEFAULT '',
	uploaded_at       TEXT,
	quarantine_reason TEXT
) STRICT;
CREATE INDEX responses_pending ON responses (seq)
	WHERE uploaded_at IS NULL AND quarantine_reason IS NULL;
CREATE INDEX responses_created ON responses (created_ms);
CREATE INDEX responses_uploaded ON responses (uploaded_at)
	WHERE uploaded_at IS NOT NULL;

CREATE TABLE invitations (
	id           TEXT PRIMARY KEY,
	source       TEXT NOT NULL,
	ticket       TEXT NOT NULL DEFAULT '',
	dossier_code TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('open', 'used', 'expired')),
	response_id  TEXT NOT NULL DEFAULT '',
	closed_at    TEXT
) STRICT;

-- shifts is append-only; the last event (highest id) says who is signed in.
CREATE TABLE shifts (
	id         INTEGER PRIMARY KEY,
	officer_id TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('sign_in', 'sign_out')),
	source     TEXT NOT NULL DEFAULT '',
	at         TEXT NOT NULL,
	at_ms      INTEGER NOT NULL
) STRICT;

CREATE TABLE pin_lock (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	failures     INTEGER NOT NULL CHECK (failures >= 0),
	locked_until TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO pin_lock (id, failures, locked_until) VALUES (1, 0, '');
