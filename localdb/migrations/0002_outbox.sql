-- 0002_outbox: the upload state moves out of the response rows.
--
-- Acknowledging a batch used to set uploaded_at on each of its rows, and
-- SQLite rewrites a whole row (about 600 bytes) and its page to change one
-- column: some 400 KB of WAL for a batch of 500, most of what the kiosk
-- wrote while a backlog drained. The upload state now lives in two narrow
-- tables, so a batch's acknowledgement writes a few pages:
--
--   outbox  the seqs not yet acknowledged and not quarantined: the pending
--           responses, in upload order. A trigger puts every stored
--           response here; Acknowledge and Quarantine take it out.
--   uploads when the server acknowledged a response (UTC, fixed width, so
--           text order is time order). The first acknowledgement stays.
--
-- Both rows live and die with their response (the delete trigger). The
-- response rows themselves are now written once and never updated, except
-- to quarantine one. uploads has no index on uploaded_at: Prune, once a
-- day, reads the narrow table whole, where an index would double what
-- every acknowledgement writes.

CREATE TABLE outbox (
	seq INTEGER PRIMARY KEY
) STRICT;

CREATE TABLE uploads (
	seq         INTEGER PRIMARY KEY,
	uploaded_at TEXT    NOT NULL
) STRICT;

INSERT INTO outbox (seq)
	SELECT seq FROM responses WHERE uploaded_at IS NULL AND quarantine_reason IS NULL;
INSERT INTO uploads (seq, uploaded_at)
	SELECT seq, uploaded_at FROM responses WHERE uploaded_at IS NOT NULL;

DROP INDEX responses_pending;
DROP INDEX responses_uploaded;
ALTER TABLE responses DROP COLUMN uploaded_at;

CREATE TRIGGER responses_enter_outbox AFTER INSERT ON responses BEGIN
	INSERT INTO outbox (seq) VALUES (new.seq);
END;

CREATE TRIGGER responses_leave AFTER DELETE ON responses BEGIN
	DELETE FROM outbox WHERE seq = old.seq;
	DELETE FROM uploads WHERE seq = old.seq;
END;
