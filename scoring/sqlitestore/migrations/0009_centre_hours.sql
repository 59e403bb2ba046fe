-- 0009_centre_hours: a centre's own opening hours and its alert webhook
-- (issue 10 item 4).
--
-- opening_hours: the canonical text form of scoring.OpeningHours
-- ("mon-fri 07:30-17:30; sat 07:30-11:30"); '' means the default hours.
-- Kept as text, so that what the technician set reads back as shown.
ALTER TABLE centres ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';

-- webhook_url: the http(s) URL the centre's alerts are POSTed to; '' when
-- none.
ALTER TABLE centres ADD COLUMN webhook_url TEXT NOT NULL DEFAULT '';
