-- 0006_rollups: counts for the reports (SPEC §7, scoring/reports.go), kept
-- exact by ingest in the transaction that stores the responses, so that no
-- report reads the raw responses of past days.
--
-- day is the centre's local calendar day of created_at, 'YYYY-MM-DD', and
-- hour its local hour, in the centre's time_zone, computed in Go (SQLite
-- has no time zone database). Only responses newly stored count; prune
-- subtracts what it deletes. filter_reason '' counts in scores, 'repeat'
-- is counted beside. `scoring-server rebuild-rollups` recounts them all
-- from the responses. WITHOUT ROWID: the key is the row, which every
-- upsert looks up.

-- time_zone: the IANA zone of the centre's days; '' is the default zone,
-- Asia/Ho_Chi_Minh (kept as given, so that a centre reads back as saved).
ALTER TABLE centres ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- rollup_daily: responses per centre, local day, counter, officer, level,
-- outcome, filter_reason and invited (1: the response has an
-- invitation_id, invite mode).
CREATE TABLE rollup_daily (
	centre_id     TEXT NOT NULL,
	day           TEXT NOT NULL,
	counter_id    TEXT NOT NULL,
	officer_id    TEXT NOT NULL,
	level         TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	filter_reason TEXT NOT NULL,
	invited       INTEGER NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (centre_id, day, counter_id, officer_id, level, outcome, filter_reason, invited)
) STRICT, WITHOUT ROWID;

-- rollup_hourly: responses per centre, local day, counter, local hour,
-- level and filter_reason. Not per officer: that key has ten times the
-- rows, and costs ingest as much.
CREATE TABLE rollup_hourly (
	centre_id     TEXT NOT NULL,
	day           TEXT NOT NULL,
	counter_id    TEXT NOT NULL,
	hour          INTEGER NOT NULL,
	level         TEXT NOT NULL,
	filter_reason TEXT NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (centre_id, day, counter_id, hour, level, filter_reason)
) STRICT, WITHOUT ROWID;

-- rollup_reasons: per centre, local day, counter, officer, level and
-- filter_reason, how many responses gave each reason code.
CREATE TABLE rollup_reasons (
	centre_id     TEXT NOT NULL,
	day           TEXT NOT NULL,
	counter_id    TEXT NOT NULL,
	officer_id    TEXT NOT NULL,
	level         TEXT NOT NULL,
	filter_reason TEXT NOT NULL,
	reason        TEXT NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (centre_id, day, counter_id, officer_id, level, filter_reason, reason)
) STRICT, WITHOUT ROWID;

-- The Không hài lòng responses of a centre's day, for the list a manager
-- follows up. Partial: ingest pays for it only on dissatisfied rows.
CREATE INDEX responses_unhappy ON responses (centre_id, created_ms) WHERE level = 'dissatisfied';

-- Responses stored before this migration (the test cuts the file here).
-- Every centre has the default zone now, Asia/Ho_Chi_Minh, which has been
-- UTC+7 without daylight saving since 1975 (created_at years start at
-- 2024), so SQL can compute its days; a response whose centre_id names no
-- centre counts in the default zone too, as ingest counts it.
INSERT INTO rollup_daily (centre_id, day, counter_id, officer_id, level, outcome, filter_reason, invited, n)
	SELECT centre_id, date(created_ms / 1000, 'unixepoch', '+7 hours'), counter_id, officer_id,
		level, outcome, filter_reason, invitation_id <> '', count(*)
	FROM responses
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO rollup_hourly (centre_id, day, counter_id, hour, level, filter_reason, n)
	SELECT centre_id, date(created_ms / 1000, 'unixepoch', '+7 hours'), counter_id,
		CAST(strftime('%H', created_ms / 1000, 'unixepoch', '+7 hours') AS INTEGER),
		level, filter_reason, count(*)
	FROM responses
	GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO rollup_reasons (centre_id, day, counter_id, officer_id, level, filter_reason, reason, n)
	SELECT r.centre_id, date(r.created_ms / 1000, 'unixepoch', '+7 hours'), r.counter_id, r.officer_id,
		r.level, r.filter_reason, j.value, count(*)
	FROM responses r, json_each(r.reasons) j
	GROUP BY 1, 2, 3, 4, 5, 6, 7;
