-- 001_init (SQLite): the store's tables. See docs/store.md for what each holds.
-- Offsets (begin_, end_) are BYTE offsets into documents.text, as in
-- src/model/document.h; the exporters turn them into code points.
-- Dates are text: 'YYYY-MM-DD' bounds (date_lo, date_hi) so they compare as text.

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doc_key TEXT NOT NULL UNIQUE,        -- the document id of the contract
  text_hash TEXT NOT NULL,             -- 16 hex digits of the text: same key + same hash = nothing to do
  date TEXT,                           -- at the input's precision ('2022-01')
  date_lo TEXT, date_hi TEXT,          -- the days it covers
  lang TEXT, source TEXT, outlet TEXT NOT NULL, url TEXT, title TEXT,
  text TEXT NOT NULL, origin TEXT,
  sentences TEXT,                      -- 'begin end,begin end,...'
  added_at TEXT NOT NULL               -- 'YYYYMMDDHHMMSS' UTC
);
CREATE INDEX documents_date ON documents(date_lo);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id',
                                              tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER documents_fts_ins AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_del AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
END;

-- Global actors: entities joined across articles (by kb id, else by normalised name + type).
CREATE TABLE actors (
  id INTEGER PRIMARY KEY,
  actor_key TEXT NOT NULL UNIQUE,      -- 'kb:tokayev' or 'nm:PER:kassym jomart tokayev'
  name TEXT NOT NULL, norm TEXT NOT NULL, type TEXT NOT NULL,
  kb_id TEXT, code TEXT, country TEXT
);
CREATE INDEX actors_norm ON actors(norm);
CREATE INDEX actors_code ON actors(code);
CREATE TABLE aliases (
  actor_id INTEGER NOT NULL,
  alias TEXT NOT NULL,                 -- normalised surface form of a name mention
  surface TEXT NOT NULL,
  PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_alias ON aliases(alias);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  name TEXT NOT NULL, type TEXT NOT NULL, code TEXT, kb_id TEXT, country TEXT,
  roles TEXT,                          -- JSON array
  UNIQUE (doc_id, idx)
);
CREATE INDEX entities_actor ON entities(actor_id);

CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL, entity_id INTEGER NOT NULL,
  begin_ INTEGER NOT NULL, end_ INTEGER NOT NULL, kind TEXT NOT NULL, rule TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE timexes (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  begin_ INTEGER NOT NULL, end_ INTEGER NOT NULL, type TEXT NOT NULL, value TEXT, rule TEXT,
  UNIQUE (doc_id, idx)
);

CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  begin_ INTEGER NOT NULL, end_ INTEGER NOT NULL, text TEXT NOT NULL,
  speaker_entity_id INTEGER, speaker_actor_id INTEGER, speaker_idx INTEGER,
  cue_begin INTEGER, cue_end INTEGER, rule TEXT,
  UNIQUE (doc_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker_actor_id);

-- Aggregated events: one row for what many articles report (docs/store.md: aggregation).
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  agg_key TEXT NOT NULL,               -- code root | source | target | polarity
  code TEXT NOT NULL, root_code TEXT NOT NULL, plover TEXT,
  source_actor_id INTEGER, target_actor_id INTEGER,
  source_code TEXT, target_code TEXT, source_name TEXT, target_name TEXT,
  source_country TEXT, target_country TEXT,
  polarity TEXT NOT NULL,              -- 'factual' (asserted, reported), 'negated', 'hypothetical', 'future'
  date TEXT, date_lo TEXT NOT NULL, date_hi TEXT NOT NULL,
  place_name TEXT, place_country TEXT, place_type TEXT,
  is_root INTEGER NOT NULL DEFAULT 0,
  num_mentions INTEGER NOT NULL DEFAULT 0,
  num_sources INTEGER NOT NULL DEFAULT 0,
  num_articles INTEGER NOT NULL DEFAULT 0,
  first_doc_id INTEGER NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX events_key ON events(agg_key, date_lo);
CREATE INDEX events_src_date ON events(source_actor_id, date_lo);
CREATE INDEX events_tgt_date ON events(target_actor_id, date_lo);
CREATE INDEX events_srccode_date ON events(source_code, date_lo);
CREATE INDEX events_tgtcode_date ON events(target_code, date_lo);
CREATE INDEX events_date ON events(date_lo);
CREATE INDEX events_code ON events(code);

CREATE TABLE event_mentions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL,
  doc_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  code TEXT NOT NULL, plover TEXT,
  source_entity_id INTEGER, target_entity_id INTEGER, place_entity_id INTEGER,
  source_idx INTEGER, target_idx INTEGER, place_idx INTEGER,
  source_code TEXT, target_code TEXT,
  date TEXT, mode TEXT NOT NULL,
  ev_begin INTEGER, ev_end INTEGER, tr_begin INTEGER, tr_end INTEGER,
  evidence TEXT, rule TEXT,
  UNIQUE (doc_id, idx)
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);

-- Claims and the history of their status (docs/store.md: claim matching).
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  source_entity_id INTEGER, source_actor_id INTEGER, source_idx INTEGER, source_name TEXT,
  begin_ INTEGER NOT NULL, end_ INTEGER NOT NULL, text TEXT NOT NULL,
  keywords TEXT NOT NULL,              -- sorted distinct content words, space separated
  event_mention_id INTEGER, event_id INTEGER, event_idx INTEGER,
  own_status TEXT NOT NULL,            -- the status the article itself gives
  status TEXT NOT NULL,                -- the current status, after later articles
  matched_claim_id INTEGER,            -- the earlier claim this one changes the status of
  rule TEXT,
  UNIQUE (doc_id, idx)
);
CREATE INDEX claims_source ON claims(source_actor_id);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_status ON claims(status);

CREATE TABLE claim_status_history (
  id INTEGER PRIMARY KEY,
  claim_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  by_entity_id INTEGER, by_actor_id INTEGER, by_idx INTEGER, by_name TEXT,
  doc_id INTEGER NOT NULL,             -- the article that states the change
  ev_begin INTEGER, ev_end INTEGER, evidence TEXT,
  date TEXT,
  kind TEXT NOT NULL,                  -- own (the article's history), initial (none given: its status), later (from a later article)
  from_claim_id INTEGER                -- for kind later: the later claim that changed it
);
CREATE INDEX claim_history_claim ON claim_status_history(claim_id, seq);
CREATE INDEX claim_history_doc ON claim_status_history(doc_id);
