-- 0011_kiosk_checks: each kiosk's self-checks, as the last heartbeat that
-- carried them reported them (protocol.Checks): one row per check, its
-- result one word ('ok' when it passed). A heartbeat with checks replaces
-- all of its kiosk's rows; one without leaves them. The bounds are the
-- protocol's (protocol/checks.go), which the API enforces first.
-- received_ms is when that heartbeat arrived. A table of its own, so that
-- ingest, which updates the kiosks row on every batch, is not touched.
CREATE TABLE kiosk_checks (
	kiosk_id    TEXT    NOT NULL REFERENCES kiosks (id),
	name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 32),
	result      TEXT    NOT NULL CHECK (length(result) BETWEEN 1 AND 24),
	received_ms INTEGER NOT NULL,
	PRIMARY KEY (kiosk_id, name)
) STRICT, WITHOUT ROWID;
