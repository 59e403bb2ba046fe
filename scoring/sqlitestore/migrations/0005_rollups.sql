-- 0005_rollups: counts for the reports (SPEC §7, scoring/reports.go), kept
-- exact by ingest in the transaction that stores the responses, so that no
-- report reads the raw responses of past days.
--
-- day is the centre's local calendar day of created_at, 'YYYY-MM-DD', and
-- hour its local hour, in the centre's time_zone, computed in Go (SQLite
-- has no time zone database). Only responses newly stored count.
-- `scoring-server rebuild-rollups` recomputes them from the responses.

-- time_zone: the IANA zone of the centre's days.
ALTER TABLE centres ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh';

-- rollup_counts: responses per centre, local day, counter, officer, local
-- hour, level, outcome, filter_reason ('' counts in scores; 'repeat' is
-- counted beside) and invited (1: the response has an invitation_id).
-- WITHOUT ROWID: the key is the row, looked up by every upsert.
CREATE TABLE rollup_counts (
	centre_id     TEXT NOT NULL,
	day           TEXT NOT NULL,
	counter_id    TEXT NOT NULL,
	officer_id    TEXT NOT NULL,
	hour          INTEGER NOT NULL,
	level         TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	filter_reason TEXT NOT NULL,
	invited       INTEGER NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited)
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

-- rollup_daily: rollup_counts summed over hour and outcome, and
-- rollup_hourly: summed over counter, officer, outcome and invited, so
-- that trends over months read few rows. Kept by the same flush.
CREATE TABLE rollup_daily (
	centre_id     TEXT NOT NULL,
	day           TEXT NOT NULL,
	counter_id    TEXT NOT NULL,
	officer_id    TEXT NOT NULL,
	level         TEXT NOT NULL,
	filter_reason TEXT NOT NULL,
	invited       INTEGER NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (centre_id, day, counter_id, officer_id, level, filter_reason, invited)
) STRICT, WITHOUT ROWID;

CREATE TABLE rollup_hourly (
	centre_id     TEXT NOT NULL,
	day           TEXT NOT NULL,
	hour          INTEGER NOT NULL,
	level         TEXT NOT NULL,
	filter_reason TEXT NOT NULL,
	n             INTEGER NOT NULL,
	PRIMARY KEY (centre_id, day, hour, level, filter_reason)
) STRICT, WITHOUT ROWID;

-- The Không hài lòng responses of a centre's day, for the list a manager
-- follows up. Partial: ingest pays for it only on dissatisfied rows.
CREATE INDEX responses_unhappy ON responses (centre_id, created_ms) WHERE level = 'dissatisfied';

-- Responses stored before this migration. Every centre has the default
-- zone now, Asia/Ho_Chi_Minh, which has been UTC+7 without daylight saving
-- since 1975 (created_at years start at 2024), so SQL can compute its days;
-- a response whose centre_id names no centre counts in the default zone
-- too, as ingest does.
INSERT INTO rollup_counts (centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited, n)
	SELECT centre_id, date(created_ms / 1000, 'unixepoch', '+7 hours'), counter_id, officer_id,
		CAST(strftime('%H', created_ms / 1000, 'unixepoch', '+7 hours') AS INTEGER),
		level, outcome, filter_reason, invitation_id <> '', count(*)
	FROM responses
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
INSERT INTO rollup_reasons (centre_id, day, counter_id, officer_id, level, filter_reason, reason, n)
	SELECT r.centre_id, date(r.created_ms / 1000, 'unixepoch', '+7 hours'), r.counter_id, r.officer_id,
		r.level, r.filter_reason, j.value, count(*)
	FROM responses r, json_each(r.reasons) j
	GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO rollup_daily (centre_id, day, counter_id, officer_id, level, filter_reason, invited, n)
	SELECT centre_id, day, counter_id, officer_id, level, filter_reason, invited, sum(n)
	FROM rollup_counts
	GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO rollup_hourly (centre_id, day, hour, level, filter_reason, n)
	SELECT centre_id, day, hour, level, filter_reason, sum(n)
	FROM rollup_counts
	GROUP BY 1, 2, 3, 4, 5;
