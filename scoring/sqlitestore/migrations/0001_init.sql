-- 0001_init: the scoring server's first schema.
--
-- Instants are UTC Unix milliseconds (columns ending in _ms). created_at is
-- kept exactly as the kiosk wrote it (RFC 3339 with its UTC offset), since
-- the hash chain covers it; created_ms is the same instant for range
-- queries. Secrets (tokens, enrolment codes) are stored as SHA-256 hashes
-- and PINs as bcrypt hashes, never in clear.

CREATE TABLE centres (
	id                  TEXT PRIMARY KEY,
	name                TEXT NOT NULL,
	scale               TEXT NOT NULL DEFAULT 'legal3',
	technician_pin_hash TEXT NOT NULL,
	manager_pin_hash    TEXT NOT NULL DEFAULT '',
	updated_ms          INTEGER NOT NULL
) STRICT;

-- officers: the roster of each centre. photo_sha is '' when there is no
-- photo; it versions the photo URL in the kiosk configuration.
CREATE TABLE officers (
	centre_id  TEXT NOT NULL REFERENCES centres (id),
	id         TEXT NOT NULL,
	name       TEXT NOT NULL,
	title      TEXT NOT NULL DEFAULT '',
	pin_hash   TEXT NOT NULL,
	photo      BLOB,
	photo_type TEXT NOT NULL DEFAULT '',
	photo_sha  TEXT NOT NULL DEFAULT '',
	updated_ms INTEGER NOT NULL,
	PRIMARY KEY (centre_id, id)
) STRICT;

-- enrol_codes: single-use codes; used_ms and used_by are set when spent.
CREATE TABLE enrol_codes (
	code_hash  TEXT PRIMARY KEY,
	centre_id  TEXT NOT NULL REFERENCES centres (id),
	counter_id TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	expires_ms INTEGER NOT NULL,
	used_ms    INTEGER,
	used_by    TEXT
) STRICT;

-- kiosks: one row per kiosk id, with its current token, its last heartbeat
-- and the state of its hash chain: max_seq/max_hash is the highest seq
-- received, contig_seq/contig_hash the highest seq below which nothing is
-- missing. no is the short number responses refer to the kiosk by.
CREATE TABLE kiosks (
	no                INTEGER PRIMARY KEY,
	id                TEXT NOT NULL UNIQUE,
	centre_id         TEXT NOT NULL REFERENCES centres (id),
	counter_id        TEXT NOT NULL,
	hostname          TEXT NOT NULL DEFAULT '',
	token_hash        TEXT NOT NULL UNIQUE,
	enrolled_ms       INTEGER NOT NULL,
	revoked_ms        INTEGER,
	last_seen_ms      INTEGER,
	app_version       TEXT NOT NULL DEFAULT '',
	heartbeat_ms      INTEGER,
	pending           INTEGER NOT NULL DEFAULT 0,
	oldest_pending_ms INTEGER,
	last_error        TEXT NOT NULL DEFAULT '',
	disk_free         INTEGER NOT NULL DEFAULT 0,
	clock_skew_ms     INTEGER NOT NULL DEFAULT 0,
	reported_last_seq INTEGER NOT NULL DEFAULT 0,
	max_seq           INTEGER NOT NULL DEFAULT 0,
	max_hash          TEXT NOT NULL DEFAULT '',
	contig_seq        INTEGER NOT NULL DEFAULT 0,
	contig_hash       TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000'
) STRICT;

-- responses: every response stored once, unique on id. The row is kept
-- compact, since ingest speed is bound by the bytes each commit writes:
-- id is the UUID's 16 bytes, the hashes their 32 bytes, the kiosk its
-- number in kiosks; everything else is as sent. (kiosk_no, seq) is indexed
-- but not unique: a kiosk that reuses a seq (a bug, or tampering) loses
-- nothing, and the reuse is recorded in chain_events. There is no foreign
-- key to kiosks: the kiosk comes from the token, and the check would cost
-- a look-up per row.
CREATE TABLE responses (
	id             BLOB PRIMARY KEY CHECK (length(id) = 16),
	kiosk_no       INTEGER NOT NULL,
	seq            INTEGER NOT NULL,
	prev_hash      BLOB NOT NULL CHECK (length(prev_hash) = 32),
	hash           BLOB NOT NULL CHECK (length(hash) = 32),
	centre_id      TEXT NOT NULL,
	counter_id     TEXT NOT NULL,
	officer_id     TEXT NOT NULL,
	scale          TEXT NOT NULL,
	raw_value      INTEGER NOT NULL,
	level          TEXT NOT NULL,
	reasons        TEXT NOT NULL,
	outcome        TEXT NOT NULL,
	filter_reason  TEXT NOT NULL,
	invitation_id  TEXT NOT NULL,
	ticket         TEXT NOT NULL,
	dossier_code   TEXT NOT NULL,
	lang           TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	created_ms     INTEGER NOT NULL,
	duration_ms    INTEGER NOT NULL,
	app_version    TEXT NOT NULL,
	config_version TEXT NOT NULL,
	received_ms    INTEGER NOT NULL
) STRICT;
CREATE INDEX responses_kiosk_seq ON responses (kiosk_no, seq);
CREATE INDEX responses_created ON responses (created_ms);

-- chain_gaps: the seq ranges of a kiosk still missing below its max_seq.
-- A range shrinks or disappears as late responses fill it.
CREATE TABLE chain_gaps (
	kiosk_id TEXT NOT NULL,
	from_seq INTEGER NOT NULL,
	to_seq   INTEGER NOT NULL,
	found_ms INTEGER NOT NULL,
	PRIMARY KEY (kiosk_id, from_seq)
) STRICT;

-- chain_events: what ingest found wrong with a kiosk's chain (kind
-- broken_chain or seq_reused), and every gap when it opened (kind gap).
CREATE TABLE chain_events (
	id          INTEGER PRIMARY KEY,
	kiosk_id    TEXT NOT NULL,
	kind        TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	to_seq      INTEGER NOT NULL DEFAULT 0,
	response_id TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT '',
	found_ms    INTEGER NOT NULL
) STRICT;
CREATE INDEX chain_events_kiosk ON chain_events (kiosk_id, kind);

-- batches: one row per batch received, for audit.
CREATE TABLE batches (
	id          INTEGER PRIMARY KEY,
	kiosk_id    TEXT NOT NULL,
	batch_id    TEXT NOT NULL,
	received_ms INTEGER NOT NULL,
	accepted    INTEGER NOT NULL,
	duplicate   INTEGER NOT NULL,
	rejected    INTEGER NOT NULL
) STRICT;
