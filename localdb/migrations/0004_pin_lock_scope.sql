-- 0004_pin_lock_scope: one PIN lock-out per role instead of one for the
-- whole pad, so that an officer's wrong PINs no longer lock the technician
-- out of the counter (survey.TryPIN). The lock in force at the upgrade is
-- kept for every role: an upgrade never lifts a lock.

CREATE TABLE pin_locks (
	scope        TEXT    PRIMARY KEY CHECK (scope IN ('officer', 'technician', 'manager')),
	failures     INTEGER NOT NULL CHECK (failures >= 0),
	locked_until TEXT    NOT NULL DEFAULT ''
) STRICT;

INSERT INTO pin_locks (scope, failures, locked_until)
SELECT s.scope, p.failures, p.locked_until
FROM pin_lock AS p,
     (SELECT 'officer' AS scope UNION ALL SELECT 'technician' UNION ALL SELECT 'manager') AS s;

DROP TABLE pin_lock;
