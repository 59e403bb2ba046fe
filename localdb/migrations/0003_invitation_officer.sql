-- 0003_invitation_officer: an invitation names the officer who issued it.
--
-- The server's response rate (SPEC §7) is per officer, and the kiosk
-- reports its invitation counts per officer and local day (heartbeat,
-- docs/API.md §7). The officer signed in at issue is the one the citizen
-- was asked to rate; it is recorded with the invitation from now on.
--
-- Invitations recorded before this migration get the officer of the
-- response that used them, else the officer signed in at their created_at
-- by the shift log (the last event at or before it, when a sign-in). Any
-- left without (no shift on record) keep '' and are not reported.
ALTER TABLE invitations ADD COLUMN officer_id TEXT NOT NULL DEFAULT '';

UPDATE invitations SET officer_id = coalesce(
	(SELECT r.officer_id FROM responses r WHERE r.id = invitations.response_id), '')
WHERE response_id <> '';

UPDATE invitations SET officer_id = coalesce(
	(SELECT CASE WHEN s.kind = 'sign_in' THEN s.officer_id ELSE '' END FROM shifts s
	 WHERE s.at_ms <= CAST(round((julianday(invitations.created_at) - 2440587.5) * 86400000) AS INTEGER)
	 ORDER BY s.at_ms DESC, s.id DESC LIMIT 1), '')
WHERE officer_id = '';

-- created_at begins with the kiosk's local date: the day counts read a
-- range of it.
CREATE INDEX invitations_created ON invitations (created_at);
