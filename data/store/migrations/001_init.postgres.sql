-- 001_init (PostgreSQL): the store's tables. See docs/store.md for what each holds.
-- Offsets (begin_, end_) are BYTE offsets into documents.text, as in
-- src/model/document.h; the exporters turn them into code points.
-- Dates are text: 'YYYY-MM-DD' bounds (date_lo, date_hi) so they compare as text.

CREATE TABLE documents (
  id BIGSERIAL PRIMARY KEY,
  doc_key TEXT COLLATE "C" NOT NULL UNIQUE,        -- the document id of the contract
  text_hash TEXT COLLATE "C" NOT NULL,             -- 16 hex digits of the text: same key + same hash = nothing to do
  date TEXT COLLATE "C",                           -- at the input's precision ('2022-01')
  date_lo TEXT COLLATE "C", date_hi TEXT COLLATE "C",          -- the days it covers
  lang TEXT COLLATE "C", source TEXT COLLATE "C", outlet TEXT COLLATE "C" NOT NULL, url TEXT COLLATE "C", title TEXT COLLATE "C",
  text TEXT COLLATE "C" NOT NULL, origin TEXT COLLATE "C",
  sentences TEXT COLLATE "C",                      -- 'begin end,begin end,...'
  added_at TEXT COLLATE "C" NOT NULL               -- 'YYYYMMDDHHMMSS' UTC
);
CREATE INDEX documents_date ON documents(date_lo);

ALTER TABLE documents ADD COLUMN tsv tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED;
CREATE INDEX documents_tsv ON documents USING GIN (tsv);

-- Global actors: entities joined across articles (by kb id, else by normalised name + type).
CREATE TABLE actors (
  id BIGSERIAL PRIMARY KEY,
  actor_key TEXT COLLATE "C" NOT NULL UNIQUE,      -- 'kb:tokayev' or 'nm:PER:kassym jomart tokayev'
  name TEXT COLLATE "C" NOT NULL, norm TEXT COLLATE "C" NOT NULL, type TEXT COLLATE "C" NOT NULL,
  kb_id TEXT COLLATE "C", code TEXT COLLATE "C", country TEXT COLLATE "C"
);
CREATE INDEX actors_norm ON actors(norm);
CREATE INDEX actors_code ON actors(code);
CREATE TABLE aliases (
  actor_id BIGINT NOT NULL,
  alias TEXT COLLATE "C" NOT NULL,                 -- normalised surface form of a name mention
  surface TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (actor_id, alias)
);
CREATE INDEX aliases_alias ON aliases(alias);

CREATE TABLE entities (
  id BIGSERIAL PRIMARY KEY,
  doc_id BIGINT NOT NULL, idx BIGINT NOT NULL,
  actor_id BIGINT NOT NULL,
  name TEXT COLLATE "C" NOT NULL, type TEXT COLLATE "C" NOT NULL, code TEXT COLLATE "C", kb_id TEXT COLLATE "C", country TEXT COLLATE "C",
  roles TEXT COLLATE "C",                          -- JSON array
  UNIQUE (doc_id, idx)
);
CREATE INDEX entities_actor ON entities(actor_id);

CREATE TABLE mentions (
  id BIGSERIAL PRIMARY KEY,
  doc_id BIGINT NOT NULL, entity_id BIGINT NOT NULL,
  begin_ BIGINT NOT NULL, end_ BIGINT NOT NULL, kind TEXT COLLATE "C" NOT NULL, rule TEXT COLLATE "C"
);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE timexes (
  id BIGSERIAL PRIMARY KEY,
  doc_id BIGINT NOT NULL, idx BIGINT NOT NULL,
  begin_ BIGINT NOT NULL, end_ BIGINT NOT NULL, type TEXT COLLATE "C" NOT NULL, value TEXT COLLATE "C", rule TEXT COLLATE "C",
  UNIQUE (doc_id, idx)
);

CREATE TABLE quotes (
  id BIGSERIAL PRIMARY KEY,
  doc_id BIGINT NOT NULL, idx BIGINT NOT NULL,
  begin_ BIGINT NOT NULL, end_ BIGINT NOT NULL, text TEXT COLLATE "C" NOT NULL,
  speaker_entity_id BIGINT, speaker_actor_id BIGINT, speaker_idx BIGINT,
  cue_begin BIGINT, cue_end BIGINT, rule TEXT COLLATE "C",
  UNIQUE (doc_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker_actor_id);

-- Aggregated events: one row for what many articles report (docs/store.md: aggregation).
CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  agg_key TEXT COLLATE "C" NOT NULL,               -- code root | source | target | polarity
  code TEXT COLLATE "C" NOT NULL, root_code TEXT COLLATE "C" NOT NULL, plover TEXT COLLATE "C",
  source_actor_id BIGINT, target_actor_id BIGINT,
  source_code TEXT COLLATE "C", target_code TEXT COLLATE "C", source_name TEXT COLLATE "C", target_name TEXT COLLATE "C",
  source_country TEXT COLLATE "C", target_country TEXT COLLATE "C",
  polarity TEXT COLLATE "C" NOT NULL,              -- 'factual' (asserted, reported), 'negated', 'hypothetical', 'future'
  date TEXT COLLATE "C", date_lo TEXT COLLATE "C" NOT NULL, date_hi TEXT COLLATE "C" NOT NULL,
  place_name TEXT COLLATE "C", place_country TEXT COLLATE "C", place_type TEXT COLLATE "C",
  is_root BIGINT NOT NULL DEFAULT 0,
  num_mentions BIGINT NOT NULL DEFAULT 0,
  num_sources BIGINT NOT NULL DEFAULT 0,
  num_articles BIGINT NOT NULL DEFAULT 0,
  first_doc_id BIGINT NOT NULL,
  added_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX events_key ON events(agg_key, date_lo);
CREATE INDEX events_src_date ON events(source_actor_id, date_lo);
CREATE INDEX events_tgt_date ON events(target_actor_id, date_lo);
CREATE INDEX events_srccode_date ON events(source_code, date_lo);
CREATE INDEX events_tgtcode_date ON events(target_code, date_lo);
CREATE INDEX events_date ON events(date_lo);
CREATE INDEX events_code ON events(code);

CREATE TABLE event_mentions (
  id BIGSERIAL PRIMARY KEY,
  event_id BIGINT NOT NULL,
  doc_id BIGINT NOT NULL, idx BIGINT NOT NULL,
  code TEXT COLLATE "C" NOT NULL, plover TEXT COLLATE "C",
  source_entity_id BIGINT, target_entity_id BIGINT, place_entity_id BIGINT,
  source_idx BIGINT, target_idx BIGINT, place_idx BIGINT,
  source_code TEXT COLLATE "C", target_code TEXT COLLATE "C",
  date TEXT COLLATE "C", mode TEXT COLLATE "C" NOT NULL,
  ev_begin BIGINT, ev_end BIGINT, tr_begin BIGINT, tr_end BIGINT,
  evidence TEXT COLLATE "C", rule TEXT COLLATE "C",
  UNIQUE (doc_id, idx)
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);

-- Claims and the history of their status (docs/store.md: claim matching).
CREATE TABLE claims (
  id BIGSERIAL PRIMARY KEY,
  doc_id BIGINT NOT NULL, idx BIGINT NOT NULL,
  source_entity_id BIGINT, source_actor_id BIGINT, source_idx BIGINT, source_name TEXT COLLATE "C",
  begin_ BIGINT NOT NULL, end_ BIGINT NOT NULL, text TEXT COLLATE "C" NOT NULL,
  keywords TEXT COLLATE "C" NOT NULL,              -- sorted distinct content words, space separated
  event_mention_id BIGINT, event_id BIGINT, event_idx BIGINT,
  own_status TEXT COLLATE "C" NOT NULL,            -- the status the article itself gives
  status TEXT COLLATE "C" NOT NULL,                -- the current status, after later articles
  matched_claim_id BIGINT,            -- the earlier claim this one changes the status of
  rule TEXT COLLATE "C",
  UNIQUE (doc_id, idx)
);
CREATE INDEX claims_source ON claims(source_actor_id);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_status ON claims(status);

CREATE TABLE claim_status_history (
  id BIGSERIAL PRIMARY KEY,
  claim_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  by_entity_id BIGINT, by_actor_id BIGINT, by_idx BIGINT, by_name TEXT COLLATE "C",
  doc_id BIGINT NOT NULL,             -- the article that states the change
  ev_begin BIGINT, ev_end BIGINT, evidence TEXT COLLATE "C",
  date TEXT COLLATE "C",
  kind TEXT COLLATE "C" NOT NULL,      -- own (the article's history), initial (none given: its status), later (from a later article)
  from_claim_id BIGINT                 -- for kind later: the later claim that changed it
);
CREATE INDEX claim_history_claim ON claim_status_history(claim_id, seq);
CREATE INDEX claim_history_doc ON claim_status_history(doc_id);
