-- 0004_config_versions: each centre's reasons and mapping, and every
-- configuration version the server sent each kiosk, so that a response is
-- checked against the configuration it was made under (scoring/trust.go).
--
-- Lists are JSON, so that a reason code may hold any printable character,
-- ';' and ',' included.

-- reasons: [{"code","vi","en"}…]; '' means the defaults of SPEC §4.
ALTER TABLE centres ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
-- mapping: {"raw value": "level"} over the scale's default; '' means none.
ALTER TABLE centres ADD COLUMN mapping TEXT NOT NULL DEFAULT '';

-- config_versions: one row per configuration version sent to a kiosk (at
-- enrolment or by GET /api/v1/config), kept for good: a kiosk may upload
-- ratings made under an old version long after. levels maps every raw value
-- of the scale to its level, as the kiosk stamped it; reasons_for lists the
-- levels after which the kiosk asks for reasons.
CREATE TABLE config_versions (
	kiosk_id   TEXT NOT NULL,
	version    TEXT NOT NULL,
	centre_id  TEXT NOT NULL,
	counter_id TEXT NOT NULL,
	scale      TEXT NOT NULL,
	levels     TEXT NOT NULL,
	officers   TEXT NOT NULL,
	reasons    TEXT NOT NULL,
	reasons_for TEXT NOT NULL,
	sent_ms    INTEGER NOT NULL,
	PRIMARY KEY (kiosk_id, version)
) STRICT;
