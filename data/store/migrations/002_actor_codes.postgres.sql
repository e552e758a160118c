-- 002_actor_codes (PostgreSQL): every CAMEO actor code that events use, so that a
-- code-prefix query ("KAZ") expands into exact codes, each an indexed
-- (source_code, date_lo) range, instead of scanning all events of the prefix.
CREATE TABLE actor_codes (code TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO actor_codes(code)
  SELECT source_code FROM events WHERE source_code IS NOT NULL
  UNION SELECT target_code FROM events WHERE target_code IS NOT NULL
  ON CONFLICT DO NOTHING;
