-- 0005_users: dashboard users, their sessions, and the sign-in lock
-- (issue 10 item 3, docs/DASHBOARD.md). Acts on them go to the audit
-- table of 0003, which is append-only.

-- users: keyed by their normalised email. A manager has a centre, an
-- administrator none. password_hash is an argon2id PHC string.
CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	email           TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL,
	role            TEXT NOT NULL CHECK (role IN ('admin', 'manager')),
	centre_id       TEXT REFERENCES centres (id),
	password_hash   TEXT NOT NULL,
	disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_ms      INTEGER NOT NULL,
	updated_ms      INTEGER NOT NULL,
	last_sign_in_ms INTEGER,
	CHECK ((role = 'manager') = (centre_id IS NOT NULL))
) STRICT;

-- sessions: one per signed-in browser, keyed by the SHA-256 of its token
-- (the token itself is only in the cookie). expires_ms is the absolute
-- expiry; the idle expiry is last_seen_ms plus the server's idle limit.
CREATE TABLE sessions (
	token_hash   TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	created_ms   INTEGER NOT NULL,
	last_seen_ms INTEGER NOT NULL,
	expires_ms   INTEGER NOT NULL,
	remote       TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_ms);

-- sign_in_failures and sign_in_locks: keyed by email, whether or not it
-- has an account, so that locking does not tell which emails do. Failures
-- older than the window and locks that have ended are deleted as new
-- failures come; the failures of an email are deleted when it is locked.
CREATE TABLE sign_in_failures (
	email TEXT NOT NULL,
	at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at_ms);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at_ms);

CREATE TABLE sign_in_locks (
	email    TEXT PRIMARY KEY,
	until_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
