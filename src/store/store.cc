// The store: opening, migrations, ingestion with incremental aggregation and
// claim tracking, deletion. Queries: store_query.cc; exports: store_export.cc.
// Rules are documented in docs/store.md. Tests: tests/unit/store_test.cc.
#include "store/store.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "events/cameo.h"
#include "io/reader.h"
#include "pipeline/pipeline.h"
#include "store/store_internal.h"
#include "util/utf8.h"

namespace cronaca {

namespace store_detail {

namespace {

int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string ymd(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::pair<std::string, std::string>> day_range(std::string_view v) {
  if (v.size() < 4 || !digits(v.substr(0, 4))) return std::nullopt;
  int y = std::stoi(std::string(v.substr(0, 4)));
  if (y < 1) return std::nullopt;
  if (v.size() == 4) return std::make_pair(ymd(y, 1, 1), ymd(y, 12, 31));
  if (v[4] != '-' || v.size() < 7 || !digits(v.substr(5, 2))) return std::nullopt;
  int m = std::stoi(std::string(v.substr(5, 2)));
  if (m < 1 || m > 12) return std::nullopt;
  if (v.size() == 7) return std::make_pair(ymd(y, m, 1), ymd(y, m, days_in_month(y, m)));
  if (v[7] != '-' || v.size() < 10 || !digits(v.substr(8, 2))) return std::nullopt;
  int d = std::stoi(std::string(v.substr(8, 2)));
  if (d < 1 || d > days_in_month(y, m)) return std::nullopt;
  if (v.size() > 10 && v[10] != 'T' && v[10] != ' ') return std::nullopt;
  return std::make_pair(ymd(y, m, d), ymd(y, m, d));
}

std::string shift_day(const std::string& day, int delta) {
  if (day.size() != 10) return day;
  int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)), d = std::stoi(day.substr(8, 2));
  int64_t z = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) + delta;
  civil_from_days(z, y, m, d);
  if (y < 1) return "0001-01-01";
  if (y > 9999) return "9999-12-31";
  return ymd(y, m, d);
}

std::string now_stamp() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

std::string code_country(std::string_view code) {
  if (code.size() < 3) return {};
  static const std::set<std::string, std::less<>> kNotCountry = {
      "IGO", "NGO", "MNC", "IMG", "UIS", "UNO", "INT", "REB", "OPP", "GOV", "MIL", "COP", "JUD", "SPY",
      "MED", "EDU", "BUS", "CRM", "CVL", "LAB", "LEG", "REF", "HLH", "ELI", "AGR", "REL", "PTY", "SEP",
      "INS", "MOD", "RAD", "AMN", "HRI", "RCR", "MSF", "UAF", "WST", "AFR", "ASA", "EUR", "MEA", "SAM",
      "NAM", "CAS", "SAS", "SEA", "EAF", "WAF", "NAF", "CAF", "SAF", "BLK", "CRB", "CAU", "SCN", "LAM",
      "PGS", "BAL", "MDT", "EEU", "WEU", "PAC"};
  std::string_view head = code.substr(0, 3);
  if (kNotCountry.count(head)) return {};
  for (char c : head)
    if (c < 'A' || c > 'Z') return {};
  return std::string(head);
}

CodeInfo code_info(std::string_view code) {
  // The events layer's CAMEO table (data/cameo/codes.tsv); should it be
  // missing, QuadClass from the root (the CAMEO definition) and the Goldstein
  // value of the root code.
  static const CameoTable* table = []() -> const CameoTable* {
    try {
      return &cameo_table();
    } catch (const std::exception&) {
      return nullptr;
    }
  }();
  if (table) {
    if (const CameoCode* c = table->find(code)) return CodeInfo{c->quad, c->goldstein, c->plover};
  }
  static const double kGoldstein[21] = {0,    0.0,  3.0,  4.0,  1.0,  3.5,  6.0,  7.0,  5.0,  -2.0, -5.0,
                                        -2.0, -4.0, -6.0, -6.5, -7.2, -4.0, -7.0, -9.0, -10.0, -10.0};
  CodeInfo info;
  if (code.size() < 2 || !digits(code.substr(0, 2))) return info;
  int root = std::stoi(std::string(code.substr(0, 2)));
  if (root < 1 || root > 20) return info;
  info.quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
  info.goldstein = kGoldstein[root];
  return info;
}

}  // namespace store_detail

using namespace store_detail;

namespace {

const char* kTables[] = {"documents", "actors", "aliases",        "entities", "mentions",
                         "timexes",   "quotes", "events",         "event_mentions", "claims",
                         "claim_status_history"};

bool is_postgres_target(const std::string& t) {
  return t.rfind("postgresql://", 0) == 0 || t.rfind("postgres://", 0) == 0 || t.find("dbname=") != std::string::npos ||
         t.find("host=") != std::string::npos;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw StoreError("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string outlet_of(const Document& d) {
  if (!d.source.empty()) return d.source;
  if (!d.url.empty()) {
    std::string_view u = d.url;
    if (auto p = u.find("://"); p != std::string_view::npos) u = u.substr(p + 3);
    u = u.substr(0, u.find('/'));
    if (u.rfind("www.", 0) == 0) u = u.substr(4);
    if (!u.empty()) return std::string(u);
  }
  return d.id;
}

std::string polarity_of(Mode m) {
  switch (m) {
    case Mode::Asserted:
    case Mode::Reported: return "factual";
    case Mode::Negated: return "negated";
    case Mode::Hypothetical: return "hypothetical";
    case Mode::Future: return "future";
  }
  return "factual";
}

std::string join_keywords(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) {
    if (!s.empty()) s += ' ';
    s += x;
  }
  return s;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// Shared content words, against the smaller set: at least two and at least half of it.
bool keywords_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t shared = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++shared, ++i, ++j;
  }
  size_t smaller = std::min(a.size(), b.size());
  return shared >= 2 && shared * 2 >= smaller;
}

/// A multi-row INSERT of `rows` (each `ncols` params), chunked.
void insert_rows(SqlConnection& db, const std::string& head, size_t ncols, const std::vector<SqlParams>& rows) {
  const size_t kChunk = 64;
  std::string one = "(";
  for (size_t c = 0; c < ncols; ++c) one += c ? ",?" : "?";
  one += ")";
  for (size_t start = 0; start < rows.size(); start += kChunk) {
    size_t n = std::min(kChunk, rows.size() - start);
    std::string sql = head + " VALUES ";
    SqlParams params;
    params.reserve(n * ncols);
    for (size_t r = 0; r < n; ++r) {
      if (r) sql += ',';
      sql += one;
      for (auto& p : rows[start + r]) params.push_back(p);
    }
    db.run(sql, params);
  }
}

}  // namespace

std::string normalize_name(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  std::string out;
  bool space = false;
  size_t pos = 0;
  while (pos < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {  // ASCII: no decomposition, no ICU
      ++pos;
      bool alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
      if (!alnum) {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
      continue;
    }
    char32_t c = utf8_next(s, pos);
    icu::UnicodeString decomposed;
    if (U_SUCCESS(err)) {
      decomposed = nfd->normalize(icu::UnicodeString(static_cast<UChar32>(c)), err);
    } else {
      decomposed = icu::UnicodeString(static_cast<UChar32>(c));
    }
    for (int32_t i = 0; i < decomposed.length();) {
      UChar32 d = decomposed.char32At(i);
      i += U16_LENGTH(d);
      if (u_charType(d) == U_NON_SPACING_MARK) continue;
      if (u_isalnum(d)) {
        if (space && !out.empty()) out += ' ';
        space = false;
        utf8_append(out, static_cast<char32_t>(u_foldCase(d, U_FOLD_CASE_DEFAULT)));
      } else {
        space = true;
      }
    }
  }
  return out;
}

std::vector<std::string> claim_keywords(std::string_view text) {
  std::set<std::string> words;
  std::istringstream in(normalize_name(text));
  for (std::string w; in >> w;) {
    bool number = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (number || utf8_length(w) >= 4) words.insert(w);
  }
  return {words.begin(), words.end()};
}

std::string Store::content_hash(const Document& d) {
  std::string all = d.text;
  for (const std::string* f : {&d.lang, &d.source, &d.url, &d.title}) {
    all += '\x1f';
    all += *f;
  }
  all += '\x1f';
  all += d.date.str();
  return content_id(all);
}

Store::Store(std::unique_ptr<SqlConnection> db) : db_(std::move(db)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const std::string& target, const StoreOptions& options) {
  std::unique_ptr<SqlConnection> db;
  if (is_postgres_target(target)) {
    db = open_postgres(target);
  } else {
    std::string path = target.rfind("sqlite:", 0) == 0 ? target.substr(7) : target;
    if (path.empty()) throw StoreError("sqlite: empty database path");
    db = open_sqlite(path);
  }
  std::unique_ptr<Store> store(new Store(std::move(db)));
  store->migrate(options.data_dir.empty() ? default_data_dir() : options.data_dir);
  return store;
}

std::string Store::backend() const { return db_->dialect() == SqlDialect::Sqlite ? "sqlite" : "postgresql"; }

void Store::migrate(const std::filesystem::path& data_dir) {
  auto dir = data_dir / "store" / "migrations";
  std::string mine = db_->dialect() == SqlDialect::Sqlite ? "sqlite" : "postgres";
  // version -> (name, file): a backend's own variant wins over the common file.
  std::map<int, std::pair<std::string, std::filesystem::path>> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.size() < 8 || name.substr(name.size() - 4) != ".sql" || name[3] != '_') continue;
    if (!std::all_of(name.begin(), name.begin() + 3, [](char c) { return c >= '0' && c <= '9'; })) continue;
    std::string stem = name.substr(0, name.size() - 4);
    std::string variant;
    if (auto dot = stem.find('.'); dot != std::string::npos) {
      variant = stem.substr(dot + 1);
      stem = stem.substr(0, dot);
    }
    if (!variant.empty() && variant != mine) continue;
    int version = std::stoi(name.substr(0, 3));
    auto it = files.find(version);
    if (it == files.end() || !variant.empty()) files[version] = {stem, e.path()};
  }
  if (ec || files.empty()) throw StoreError("no migrations in " + dir.string());

  bool pg = db_->dialect() == SqlDialect::Postgres;
  if (pg) db_->exec("SELECT pg_advisory_lock(7243001)");
  try {
    db_->exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
              "applied_at TEXT NOT NULL)");
    std::set<int64_t> applied;
    SqlRows rows = db_->query("SELECT version FROM schema_migrations");
    for (size_t r = 0; r < rows.size(); ++r) applied.insert(rows.integer(r, 0));
    for (const auto& [version, nf] : files) {
      if (applied.count(version)) continue;
      std::string script = read_file(nf.second);
      db_->exec(pg ? "BEGIN" : "BEGIN IMMEDIATE");
      try {
        db_->exec(script);
        db_->run("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                 {version, nf.first, now_stamp()});
        db_->exec("COMMIT");
      } catch (const StoreError& e) {
        db_->exec("ROLLBACK");
        throw StoreError(std::string(e.what()) + " (migration " + nf.second.string() + ")");
      }
    }
  } catch (...) {
    if (pg) db_->exec("SELECT pg_advisory_unlock(7243001)");
    throw;
  }
  if (pg) db_->exec("SELECT pg_advisory_unlock(7243001)");
}

void Store::begin() {
  if (db_->dialect() == SqlDialect::Sqlite) {
    db_->exec("BEGIN IMMEDIATE");
  } else {
    db_->exec("BEGIN");
    db_->query("SELECT pg_advisory_xact_lock(7243002)");
  }
}
void Store::commit() { db_->exec("COMMIT"); }
void Store::rollback() {
  try {
    db_->exec("ROLLBACK");
  } catch (const StoreError&) {
  }
}

std::optional<std::string> Store::stored_hash(const std::string& doc_id) {
  SqlRows r = db_->query("SELECT text_hash FROM documents WHERE doc_key = ?", {doc_id});
  if (r.empty()) return std::nullopt;
  return r.text(0, 0);
}

IngestResult Store::ingest(const Document& doc, bool force) { return ingest_batch({&doc}, force).front(); }

std::vector<IngestResult> Store::ingest_batch(const std::vector<const Document*>& docs, bool force) {
  std::vector<IngestResult> results(docs.size());
  if (docs.empty()) return results;
  begin();
  try {
    for (size_t i = 0; i < docs.size(); ++i) {
      db_->exec("SAVEPOINT doc");
      try {
        results[i].status = ingest_one(*docs[i], force);
        db_->exec("RELEASE SAVEPOINT doc");
      } catch (const std::exception& e) {
        db_->exec("ROLLBACK TO SAVEPOINT doc");
        db_->exec("RELEASE SAVEPOINT doc");
        results[i].status = IngestStatus::Failed;
        results[i].error = e.what();
      }
    }
    commit();
  } catch (...) {
    rollback();
    throw;
  }
  return results;
}

bool Store::remove(const std::string& doc_id) {
  begin();
  try {
    SqlRows r = db_->query("SELECT id FROM documents WHERE doc_key = ?", {doc_id});
    if (!r.empty()) delete_document(r.integer(0, 0));
    commit();
    return !r.empty();
  } catch (...) {
    rollback();
    throw;
  }
}

void Store::delete_document(int64_t d) {
  SqlConnection& db = *db_;
  // Claims: status changes this article made to earlier claims go, and those claims are re-evaluated.
  SqlRows changed = db.query(
      "SELECT DISTINCT claim_id FROM claim_status_history WHERE doc_id = ? AND kind = 'later' ORDER BY claim_id", {d});
  db.run("DELETE FROM claim_status_history WHERE doc_id = ?", {d});
  db.run("DELETE FROM claim_status_history WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = ?)", {d});
  db.run("UPDATE claims SET matched_claim_id = NULL WHERE matched_claim_id IN (SELECT id FROM claims WHERE doc_id = ?)",
         {d});
  db.run("DELETE FROM claims WHERE doc_id = ?", {d});
  for (size_t r = 0; r < changed.size(); ++r) {
    int64_t c = changed.integer(r, 0);
    db.run("UPDATE claims SET status = coalesce((SELECT h.status FROM claim_status_history h WHERE h.claim_id = ? "
           "AND h.kind = 'later' ORDER BY h.seq DESC LIMIT 1), own_status) WHERE id = ?",
           {c, c});
  }
  // Events: the aggregates lose this article's mentions and are recounted; empty ones go.
  SqlRows events = db.query("SELECT DISTINCT event_id FROM event_mentions WHERE doc_id = ? ORDER BY event_id", {d});
  db.run("DELETE FROM event_mentions WHERE doc_id = ?", {d});
  for (size_t r = 0; r < events.size(); ++r) {
    int64_t e = events.integer(r, 0);
    SqlRows left = db.query("SELECT min(doc_id) FROM event_mentions WHERE event_id = ?", {e});
    if (left.null(0, 0)) {
      db.run("DELETE FROM events WHERE id = ?", {e});
      continue;
    }
    db.run("UPDATE events SET first_doc_id = ?, "
           "num_mentions = (SELECT count(*) FROM event_mentions WHERE event_id = ?), "
           "num_articles = (SELECT count(DISTINCT doc_id) FROM event_mentions WHERE event_id = ?), "
           "num_sources = (SELECT count(DISTINCT d.outlet) FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
           "WHERE m.event_id = ?) WHERE id = ?",
           {left.integer(0, 0), e, e, e, e});
  }
  for (const char* t : {"quotes", "timexes", "mentions", "entities"})
    db.run(std::string("DELETE FROM ") + t + " WHERE doc_id = ?", {d});
  db.run("DELETE FROM documents WHERE id = ?", {d});
}

IngestStatus Store::ingest_one(const Document& doc, bool force) {
  SqlConnection& db = *db_;
  const std::string hash = content_hash(doc);
  IngestStatus status = IngestStatus::Added;
  if (SqlRows r = db.query("SELECT id, text_hash FROM documents WHERE doc_key = ?", {doc.id}); !r.empty()) {
    if (r.text(0, 1) == hash && !force) return IngestStatus::Unchanged;
    delete_document(r.integer(0, 0));
    status = IngestStatus::Replaced;
  }
  const std::string now = now_stamp();
  auto doc_range = day_range(doc.date.str());

  // The document.
  std::string sentences;
  for (const auto& s : doc.sentences) {
    if (!sentences.empty()) sentences += ',';
    sentences += std::to_string(s.span.begin) + ' ' + std::to_string(s.span.end);
  }
  const std::string outlet = outlet_of(doc);
  SqlRows ins = db.query(
      "INSERT INTO documents(doc_key, text_hash, date, date_lo, date_hi, lang, source, outlet, url, title, text, "
      "origin, sentences, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {doc.id, hash, SqlParam::text_or_null(doc.date.str()), doc_range ? SqlParam(doc_range->first) : SqlParam(),
       doc_range ? SqlParam(doc_range->second) : SqlParam(), doc.lang, SqlParam::text_or_null(doc.source), outlet,
       SqlParam::text_or_null(doc.url), SqlParam::text_or_null(doc.title), doc.text, SqlParam::text_or_null(doc.origin),
       sentences, now});
  const int64_t d = ins.integer(0, 0);

  // Global actors: one upsert per distinct key.
  std::vector<std::string> keys(doc.entities.size());
  std::map<std::string, size_t> first_of_key;
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    keys[i] = !e.kb_id.empty() ? "kb:" + e.kb_id
                               : "nm:" + std::string(to_string(e.type)) + ":" + normalize_name(e.name);
    first_of_key.emplace(keys[i], i);
  }
  std::unordered_map<std::string, int64_t> actor_ids;
  if (!first_of_key.empty()) {
    std::vector<SqlParams> rows;
    std::vector<std::pair<std::string, size_t>> ordered(first_of_key.begin(), first_of_key.end());
    for (const auto& [key, i] : ordered) {
      const Entity& e = doc.entities[i];
      rows.push_back({key, e.name, normalize_name(e.name), std::string(to_string(e.type)),
                      SqlParam::text_or_null(e.kb_id), SqlParam::text_or_null(e.actor),
                      SqlParam::text_or_null(e.country)});
    }
    const size_t kChunk = 64;
    for (size_t start = 0; start < rows.size(); start += kChunk) {
      size_t n = std::min(kChunk, rows.size() - start);
      std::string sql = "INSERT INTO actors(actor_key, name, norm, type, kb_id, code, country) VALUES ";
      SqlParams params;
      for (size_t r = 0; r < n; ++r) {
        sql += r ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)";
        for (auto& p : rows[start + r]) params.push_back(p);
      }
      sql += " ON CONFLICT (actor_key) DO UPDATE SET code = coalesce(excluded.code, actors.code), "
             "country = coalesce(excluded.country, actors.country) RETURNING id, actor_key";
      SqlRows got = db.query(sql, params);
      for (size_t r = 0; r < got.size(); ++r) actor_ids[got.text(r, 1)] = got.integer(r, 0);
    }
  }

  // Entities, aliases, mentions.
  std::vector<int64_t> entity_row(doc.entities.size(), 0), entity_actor(doc.entities.size(), 0);
  if (!doc.entities.empty()) {
    std::vector<SqlParams> rows;
    for (size_t i = 0; i < doc.entities.size(); ++i) {
      const Entity& e = doc.entities[i];
      entity_actor[i] = actor_ids.at(keys[i]);
      rows.push_back({d, static_cast<int64_t>(i), entity_actor[i], e.name, std::string(to_string(e.type)),
                      SqlParam::text_or_null(e.actor), SqlParam::text_or_null(e.kb_id),
                      SqlParam::text_or_null(e.country),
                      e.roles.empty() ? SqlParam() : SqlParam(nlohmann::json(e.roles).dump())});
    }
    insert_rows(db, "INSERT INTO entities(doc_id, idx, actor_id, name, type, code, kb_id, country, roles)", 9, rows);
    SqlRows got = db.query("SELECT idx, id FROM entities WHERE doc_id = ?", {d});
    for (size_t r = 0; r < got.size(); ++r) entity_row.at(static_cast<size_t>(got.integer(r, 0))) = got.integer(r, 1);

    std::set<std::pair<int64_t, std::string>> seen;
    std::vector<SqlParams> aliases, mentions;
    for (size_t i = 0; i < doc.entities.size(); ++i) {
      const Entity& e = doc.entities[i];
      for (const Mention& m : e.mentions) {
        mentions.push_back({d, entity_row[i], static_cast<int64_t>(m.span.begin), static_cast<int64_t>(m.span.end),
                            std::string(to_string(m.kind)), SqlParam::text_or_null(m.rule)});
        if (m.kind != MentionKind::Name) continue;
        std::string surface(doc.slice(m.span));
        std::string alias = normalize_name(surface);
        if (!alias.empty() && seen.emplace(entity_actor[i], alias).second)
          aliases.push_back({entity_actor[i], alias, surface});
      }
      std::string alias = normalize_name(e.name);
      if (!alias.empty() && seen.emplace(entity_actor[i], alias).second)
        aliases.push_back({entity_actor[i], alias, e.name});
    }
    if (!aliases.empty()) {
      const size_t kChunk = 64;
      for (size_t start = 0; start < aliases.size(); start += kChunk) {
        size_t n = std::min(kChunk, aliases.size() - start);
        std::string sql = "INSERT INTO aliases(actor_id, alias, surface) VALUES ";
        SqlParams params;
        for (size_t r = 0; r < n; ++r) {
          sql += r ? ",(?,?,?)" : "(?,?,?)";
          for (auto& p : aliases[start + r]) params.push_back(p);
        }
        sql += " ON CONFLICT DO NOTHING";
        db.run(sql, params);
      }
    }
    insert_rows(db, "INSERT INTO mentions(doc_id, entity_id, begin_, end_, kind, rule)", 6, mentions);
  }
  auto ent_row = [&](const std::optional<uint32_t>& i) {
    return i && *i < entity_row.size() ? SqlParam(entity_row[*i]) : SqlParam();
  };
  auto ent_actor = [&](const std::optional<uint32_t>& i) {
    return i && *i < entity_actor.size() ? SqlParam(entity_actor[*i]) : SqlParam();
  };
  auto ent_idx = [](const std::optional<uint32_t>& i) { return i ? SqlParam(static_cast<int64_t>(*i)) : SqlParam(); };
  auto valid = [&](const std::optional<uint32_t>& i) { return i && *i < doc.entities.size(); };

  // Time expressions.
  {
    std::vector<SqlParams> rows;
    for (size_t i = 0; i < doc.timexes.size(); ++i) {
      const Timex& t = doc.timexes[i];
      rows.push_back({d, static_cast<int64_t>(i), static_cast<int64_t>(t.span.begin), static_cast<int64_t>(t.span.end),
                      std::string(to_string(t.type)), t.value, SqlParam::text_or_null(t.rule)});
    }
    insert_rows(db, "INSERT INTO timexes(doc_id, idx, begin_, end_, type, value, rule)", 7, rows);
  }

  // Quotes.
  {
    std::vector<SqlParams> rows;
    for (size_t i = 0; i < doc.quotes.size(); ++i) {
      const Quote& q = doc.quotes[i];
      rows.push_back({d, static_cast<int64_t>(i), static_cast<int64_t>(q.span.begin), static_cast<int64_t>(q.span.end),
                      std::string(doc.slice(q.span)), ent_row(q.speaker), ent_actor(q.speaker), ent_idx(q.speaker),
                      q.cue.empty() ? SqlParam() : SqlParam(static_cast<int64_t>(q.cue.begin)),
                      q.cue.empty() ? SqlParam() : SqlParam(static_cast<int64_t>(q.cue.end)),
                      SqlParam::text_or_null(q.rule)});
    }
    insert_rows(db,
                "INSERT INTO quotes(doc_id, idx, begin_, end_, text, speaker_entity_id, speaker_actor_id, speaker_idx, "
                "cue_begin, cue_end, rule)",
                11, rows);
  }

  // Events: each joins (or starts) an aggregated event.
  std::vector<int64_t> agg_of(doc.events.size(), 0);
  std::set<int64_t> touched;
  std::set<std::string> codes;
  {
    std::vector<SqlParams> rows;
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& ev = doc.events[i];
      auto side = [&](const std::optional<uint32_t>& ent, const std::string& code) -> std::string {
        if (valid(ent)) return "a" + std::to_string(entity_actor[*ent]);
        if (!code.empty()) return "c" + code;
        return "-";
      };
      auto code_of = [&](const std::optional<uint32_t>& ent, const std::string& code) -> std::string {
        if (!code.empty()) return code;
        return valid(ent) ? doc.entities[*ent].actor : std::string();
      };
      auto country_of = [&](const std::optional<uint32_t>& ent, const std::string& code) -> std::string {
        if (valid(ent) && !doc.entities[*ent].country.empty()) return doc.entities[*ent].country;
        return code_country(code);
      };
      const std::string root = ev.code.substr(0, 2);
      const std::string polarity = polarity_of(ev.mode);
      const std::string key = root + "|" + side(ev.source, ev.source_actor) + "|" + side(ev.target, ev.target_actor) +
                              "|" + polarity;
      std::string date = ev.date;
      auto range = day_range(date);
      if (!range) {
        date = doc.date.str();
        range = doc_range;
      }
      if (!range) range = std::make_pair(std::string("0001-01-01"), std::string("9999-12-31"));
      const std::string src_code = code_of(ev.source, ev.source_actor), tgt_code = code_of(ev.target, ev.target_actor);
      for (const std::string* c : {&src_code, &tgt_code})
        if (!c->empty()) codes.insert(*c);
      const bool lead = !doc.sentences.empty() && doc.sentence_at(ev.evidence.begin) == 0;

      SqlRows cand = db.query(
          "SELECT id, date_lo, date_hi FROM events WHERE agg_key = ? AND date_lo <= ? AND date_hi >= ? "
          "ORDER BY id LIMIT 1",
          {key, shift_day(range->second, 1), shift_day(range->first, -1)});
      int64_t e;
      if (!cand.empty()) {
        e = cand.integer(0, 0);
        // The aggregate keeps the most precise date among its mentions.
        bool narrower = range->first >= cand.text(0, 1) && range->second <= cand.text(0, 2) &&
                        (range->first != cand.text(0, 1) || range->second != cand.text(0, 2));
        if (narrower)
          db.run("UPDATE events SET date = ?, date_lo = ?, date_hi = ? WHERE id = ?",
                 {SqlParam::text_or_null(date), range->first, range->second, e});
        db.run("UPDATE events SET is_root = CASE WHEN ? = 1 THEN 1 ELSE is_root END, "
               "source_code = CASE WHEN length(coalesce(source_code, '')) < length(?) THEN ? ELSE source_code END, "
               "target_code = CASE WHEN length(coalesce(target_code, '')) < length(?) THEN ? ELSE target_code END, "
               "plover = coalesce(plover, ?) WHERE id = ?",
               {lead ? 1 : 0, src_code, src_code, tgt_code, tgt_code, SqlParam::text_or_null(ev.plover), e});
      } else {
        std::string place_name, place_country, place_type;
        if (valid(ev.place)) {
          const Entity& p = doc.entities[*ev.place];
          place_name = p.name;
          place_country = !p.country.empty() ? p.country : code_country(p.actor);
          place_type = p.type == EntityType::GPE && !p.actor.empty() && p.actor == place_country ? "country" : "place";
        }
        SqlRows got = db.query(
            "INSERT INTO events(agg_key, code, root_code, plover, source_actor_id, target_actor_id, source_code, "
            "target_code, source_name, target_name, source_country, target_country, polarity, date, date_lo, date_hi, "
            "place_name, place_country, place_type, is_root, num_mentions, num_sources, num_articles, first_doc_id, "
            "added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0,0,?,?) RETURNING id",
            {key, ev.code, root, SqlParam::text_or_null(ev.plover), ent_actor(ev.source), ent_actor(ev.target),
             SqlParam::text_or_null(src_code), SqlParam::text_or_null(tgt_code),
             valid(ev.source) ? SqlParam(doc.entities[*ev.source].name) : SqlParam(),
             valid(ev.target) ? SqlParam(doc.entities[*ev.target].name) : SqlParam(),
             SqlParam::text_or_null(country_of(ev.source, src_code)),
             SqlParam::text_or_null(country_of(ev.target, tgt_code)), polarity, SqlParam::text_or_null(date),
             range->first, range->second, SqlParam::text_or_null(place_name), SqlParam::text_or_null(place_country),
             SqlParam::text_or_null(place_type), lead ? 1 : 0, d, now});
        e = got.integer(0, 0);
      }
      agg_of[i] = e;
      touched.insert(e);
      rows.push_back({e, d, static_cast<int64_t>(i), ev.code, SqlParam::text_or_null(ev.plover), ent_row(ev.source),
                      ent_row(ev.target), ent_row(ev.place), ent_idx(ev.source), ent_idx(ev.target), ent_idx(ev.place),
                      SqlParam::text_or_null(ev.source_actor), SqlParam::text_or_null(ev.target_actor),
                      SqlParam::text_or_null(ev.date), std::string(to_string(ev.mode)),
                      static_cast<int64_t>(ev.evidence.begin), static_cast<int64_t>(ev.evidence.end),
                      ev.trigger.empty() ? SqlParam() : SqlParam(static_cast<int64_t>(ev.trigger.begin)),
                      ev.trigger.empty() ? SqlParam() : SqlParam(static_cast<int64_t>(ev.trigger.end)),
                      std::string(doc.slice(ev.evidence)), SqlParam::text_or_null(ev.rule)});
    }
    if (!codes.empty()) {
      std::string sql = "INSERT INTO actor_codes(code) VALUES ";
      SqlParams params;
      for (const auto& c : codes) {
        sql += params.empty() ? "(?)" : ",(?)";
        params.push_back(c);
      }
      db.run(sql + " ON CONFLICT DO NOTHING", params);
    }
    insert_rows(db,
                "INSERT INTO event_mentions(event_id, doc_id, idx, code, plover, source_entity_id, target_entity_id, "
                "place_entity_id, source_idx, target_idx, place_idx, source_code, target_code, date, mode, ev_begin, "
                "ev_end, tr_begin, tr_end, evidence, rule)",
                21, rows);
    for (int64_t e : touched)
      db.run("UPDATE events SET num_mentions = (SELECT count(*) FROM event_mentions WHERE event_id = ?), "
             "num_articles = (SELECT count(DISTINCT doc_id) FROM event_mentions WHERE event_id = ?), "
             "num_sources = (SELECT count(DISTINCT d.outlet) FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
             "WHERE m.event_id = ?) WHERE id = ?",
             {e, e, e, e});
  }
  std::vector<int64_t> mention_row(doc.events.size(), 0);
  if (!doc.events.empty() && !doc.claims.empty()) {
    SqlRows got = db.query("SELECT idx, id FROM event_mentions WHERE doc_id = ?", {d});
    for (size_t r = 0; r < got.size(); ++r) mention_row.at(static_cast<size_t>(got.integer(r, 0))) = got.integer(r, 1);
  }

  // Claims, their own history, then the status changes they make to earlier claims.
  if (!doc.claims.empty()) {
    const std::string doc_date = doc.date.str();
    std::vector<SqlParams> rows;
    std::vector<std::vector<std::string>> kw(doc.claims.size());
    for (size_t i = 0; i < doc.claims.size(); ++i) {
      const Claim& c = doc.claims[i];
      bool has_event = c.event && *c.event < doc.events.size();
      kw[i] = claim_keywords(doc.slice(c.span));
      std::string status(to_string(c.status));
      rows.push_back({d, static_cast<int64_t>(i), ent_row(c.source), ent_actor(c.source), ent_idx(c.source),
                      valid(c.source) ? SqlParam(doc.entities[*c.source].name) : SqlParam(),
                      static_cast<int64_t>(c.span.begin), static_cast<int64_t>(c.span.end),
                      std::string(doc.slice(c.span)), join_keywords(kw[i]),
                      has_event ? SqlParam(mention_row[*c.event]) : SqlParam(),
                      has_event ? SqlParam(agg_of[*c.event]) : SqlParam(), ent_idx(c.event), status, status,
                      SqlParam::text_or_null(c.rule)});
    }
    insert_rows(db,
                "INSERT INTO claims(doc_id, idx, source_entity_id, source_actor_id, source_idx, source_name, begin_, "
                "end_, text, keywords, event_mention_id, event_id, event_idx, own_status, status, rule)",
                16, rows);
    std::vector<int64_t> claim_row(doc.claims.size(), 0);
    SqlRows got = db.query("SELECT idx, id FROM claims WHERE doc_id = ?", {d});
    for (size_t r = 0; r < got.size(); ++r) claim_row.at(static_cast<size_t>(got.integer(r, 0))) = got.integer(r, 1);

    std::vector<SqlParams> hist;
    for (size_t i = 0; i < doc.claims.size(); ++i) {
      const Claim& c = doc.claims[i];
      if (c.history.empty()) {
        hist.push_back({claim_row[i], 1, std::string(to_string(c.status)), ent_row(c.source), ent_actor(c.source),
                        ent_idx(c.source), valid(c.source) ? SqlParam(doc.entities[*c.source].name) : SqlParam(), d,
                        static_cast<int64_t>(c.span.begin), static_cast<int64_t>(c.span.end),
                        std::string(doc.slice(c.span)), SqlParam::text_or_null(doc_date), "initial", SqlParam()});
      }
      for (size_t h = 0; h < c.history.size(); ++h) {
        const ClaimStatusChange& ch = c.history[h];
        hist.push_back({claim_row[i], static_cast<int64_t>(h + 1), std::string(to_string(ch.status)), ent_row(ch.by),
                        ent_actor(ch.by), ent_idx(ch.by), valid(ch.by) ? SqlParam(doc.entities[*ch.by].name) : SqlParam(),
                        d, static_cast<int64_t>(ch.evidence.begin), static_cast<int64_t>(ch.evidence.end),
                        std::string(doc.slice(ch.evidence)), SqlParam::text_or_null(ch.date), "own", SqlParam()});
      }
    }
    insert_rows(db,
                "INSERT INTO claim_status_history(claim_id, seq, status, by_entity_id, by_actor_id, by_idx, by_name, "
                "doc_id, ev_begin, ev_end, evidence, date, kind, from_claim_id)",
                14, hist);

    // A later article that retracts, denies, contradicts, disputes or confirms a claim changes it.
    for (size_t i = 0; i < doc.claims.size(); ++i) {
      const Claim& c = doc.claims[i];
      if (c.status == ClaimStatus::Reported) continue;
      bool has_event = c.event && *c.event < doc.events.size();
      int64_t src_actor = valid(c.source) ? entity_actor[*c.source] : 0;
      std::set<int64_t> matches;
      if (has_event) {
        SqlRows m = db.query(
            "SELECT id, source_actor_id FROM claims WHERE event_id = ? AND doc_id <> ? ORDER BY id", {agg_of[*c.event], d});
        for (size_t r = 0; r < m.size(); ++r)
          if (!src_actor || m.null(r, 1) || m.integer(r, 1) == src_actor) matches.insert(m.integer(r, 0));
      }
      if (src_actor) {
        SqlRows m = db.query(
            "SELECT id, keywords FROM claims WHERE source_actor_id = ? AND doc_id <> ? ORDER BY id DESC LIMIT 500",
            {src_actor, d});
        for (size_t r = 0; r < m.size(); ++r)
          if (keywords_overlap(kw[i], split_words(m.text(r, 1)))) matches.insert(m.integer(r, 0));
      }
      if (matches.empty()) continue;
      // The change: the article's last status change, else the claim itself.
      const ClaimStatusChange* last = c.history.empty() ? nullptr : &c.history.back();
      std::optional<uint32_t> by = last ? last->by : c.source;
      Span evidence = last && !last->evidence.empty() ? last->evidence : c.span;
      std::string date = last && !last->date.empty() ? last->date : doc_date;
      for (int64_t old : matches) {
        SqlRows seq = db.query("SELECT coalesce(max(seq), 0) + 1 FROM claim_status_history WHERE claim_id = ?", {old});
        db.run("INSERT INTO claim_status_history(claim_id, seq, status, by_entity_id, by_actor_id, by_idx, by_name, "
               "doc_id, ev_begin, ev_end, evidence, date, kind, from_claim_id) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'later', ?)",
               {old, seq.integer(0, 0), std::string(to_string(c.status)), ent_row(by), ent_actor(by), ent_idx(by),
                valid(by) ? SqlParam(doc.entities[*by].name) : SqlParam(), d, static_cast<int64_t>(evidence.begin),
                static_cast<int64_t>(evidence.end), std::string(doc.slice(evidence)), SqlParam::text_or_null(date),
                claim_row[i]});
        db.run("UPDATE claims SET status = ? WHERE id = ?", {std::string(to_string(c.status)), old});
      }
      db.run("UPDATE claims SET matched_claim_id = ? WHERE id = ?", {*matches.begin(), claim_row[i]});
    }
  }
  return status;
}

std::vector<std::pair<std::string, int64_t>> Store::counts() {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const char* t : kTables) {
    SqlRows r = db_->query(std::string("SELECT count(*) FROM ") + t);
    out.emplace_back(t, r.integer(0, 0));
  }
  return out;
}

}  // namespace cronaca
