-- 0007_meta: facts about the database itself, one row per key. The one
-- key so far is 'demo': the database holds made-up demo data
-- (scoring-server demo-data), as JSON (scoring.DemoInfo), so that the
-- dashboard says so on every page, even for a copy of the file.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
