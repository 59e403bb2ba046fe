-- 0002_append_only: the responses table refuses UPDATE and DELETE, except
-- for retention pruning; what was pruned, verified and found wrong is kept.
--
-- These triggers stop a mistaken or casual edit (sqlite3 on the file, a
-- script), not someone with write access to the file, who can drop them.
-- That is what `scoring-server verify` and the records below are for: it
-- recomputes the chains and checks that the triggers are still there, as
-- written here. See docs/EXPORT.md and `scoring-server help`.

-- append_only_gate: one row. open is 1 only inside the transaction of
-- `scoring-server prune`, which sets it, deletes, and sets it back before
-- committing, so no other connection ever sees it open.
CREATE TABLE append_only_gate (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	open INTEGER NOT NULL CHECK (open IN (0, 1))
) STRICT;
INSERT INTO append_only_gate (id, open) VALUES (1, 0);

CREATE TRIGGER responses_no_update BEFORE UPDATE ON responses
BEGIN
	SELECT RAISE(ABORT, 'responses are append-only: a stored rating is never changed');
END;

CREATE TRIGGER responses_no_delete BEFORE DELETE ON responses
WHEN (SELECT open FROM append_only_gate WHERE id = 1) IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'responses are append-only: only scoring-server prune deletes, for retention');
END;

-- chain_checkpoints: per kiosk, the prefix of its chain that prune
-- removed: every seq up to seq is gone, seq had hash hash, and rows rows
-- were deleted in all. Verification starts from here instead of the
-- genesis hash, and counts rows - rows. Written only by prune.
CREATE TABLE chain_checkpoints (
	kiosk_no  INTEGER PRIMARY KEY,
	seq       INTEGER NOT NULL,
	hash      BLOB NOT NULL CHECK (length(hash) = 32),
	rows      INTEGER NOT NULL,
	pruned_ms INTEGER NOT NULL
) STRICT;

CREATE TRIGGER chain_checkpoints_no_update BEFORE UPDATE ON chain_checkpoints
WHEN (SELECT open FROM append_only_gate WHERE id = 1) IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'chain checkpoints are written only by scoring-server prune');
END;

CREATE TRIGGER chain_checkpoints_no_delete BEFORE DELETE ON chain_checkpoints
WHEN (SELECT open FROM append_only_gate WHERE id = 1) IS NOT 1
BEGIN
	SELECT RAISE(ABORT, 'chain checkpoints are written only by scoring-server prune');
END;

-- prunes: one row per kiosk and prune, for audit.
CREATE TABLE prunes (
	id        INTEGER PRIMARY KEY,
	kiosk_no  INTEGER NOT NULL,
	kiosk_id  TEXT NOT NULL,
	before_ms INTEGER NOT NULL,
	from_seq  INTEGER NOT NULL,
	to_seq    INTEGER NOT NULL,
	to_hash   BLOB NOT NULL,
	rows      INTEGER NOT NULL,
	pruned_ms INTEGER NOT NULL
) STRICT;

-- chain_verified: per kiosk, the last point an incremental verification
-- reached (seq and the hash it had then): the next pass reads only the
-- rows beyond it.
CREATE TABLE chain_verified (
	kiosk_no    INTEGER PRIMARY KEY,
	seq         INTEGER NOT NULL,
	hash        BLOB NOT NULL,
	verified_ms INTEGER NOT NULL
) STRICT;

-- chain_problems: what verification found and has not found fixed since.
-- kiosk_no is 0 for the database as a whole (kind unprotected) and -1
-- for rows whose kiosk is unknown. A full pass replaces a kiosk's rows.
CREATE TABLE chain_problems (
	kiosk_no    INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	to_seq      INTEGER NOT NULL,
	response_id TEXT NOT NULL,
	detail      TEXT NOT NULL,
	found_ms    INTEGER NOT NULL,
	PRIMARY KEY (kiosk_no, kind, seq, response_id, detail)
) STRICT;

-- batches by kiosk, so that verification can sum what a kiosk's batches
-- accepted without reading every batch (one index entry per batch, not
-- per response).
CREATE INDEX batches_kiosk ON batches (kiosk_id, accepted);
