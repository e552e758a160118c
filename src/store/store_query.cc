// The store's queries (`cronaca query`): every value the user gives is a bound
// parameter; only the shape of the SQL depends on which filters are present.
// Rules for --actor, --country, dates: docs/store.md. Tests: tests/unit/store_test.cc.
#include <algorithm>
#include <sstream>

#include "store/store.h"
#include "store/store_internal.h"

namespace cronaca {

using namespace store_detail;

namespace {

/// An actor code prefix: capitals and digits, three or more ("KAZ", "KAZGOV", "IGOWSTNAT").
bool looks_like_code(const std::string& s) {
  return s.size() >= 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

/// The first string after every string that starts with `prefix` (ASCII prefixes).
std::string prefix_end(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0x7f) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

struct Sql {
  std::string where;
  SqlParams params;
  void add(const std::string& cond, SqlParams p = {}) {
    where += " AND " + cond;
    for (auto& x : p) params.push_back(std::move(x));
  }
};

/// The global actors a name designates: an alias, the normalised name, or a name containing it.
/// (Containment is by whole words: "putin" finds "vladimir putin", "actor 5" not "actor 51".)
const char* kActorSet =
    "SELECT actor_id FROM aliases WHERE alias = ? UNION SELECT id FROM actors WHERE norm = ? OR norm LIKE ? "
    "OR norm LIKE ? OR norm LIKE ?";
SqlParams actor_set_params(const std::string& name) {
  std::string n = normalize_name(name);
  if (n.empty()) throw std::invalid_argument("actor name '" + name + "' has no letters");
  return {n, n, n + " %", "% " + n, "% " + n + " %"};
}

std::pair<std::string, std::string> date_bounds(const StoreQuery& q) {
  std::string lo, hi;
  if (!q.from.empty()) {
    auto r = day_range(q.from);
    if (!r) throw std::invalid_argument("--from '" + q.from + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
    lo = r->first;
  }
  if (!q.to.empty()) {
    auto r = day_range(q.to);
    if (!r) throw std::invalid_argument("--to '" + q.to + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
    hi = r->second;
  }
  return {lo, hi};
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// Each word must occur in `column` (case-insensitive for ASCII letters).
void add_contains(Sql& s, const std::string& column, const std::string& text) {
  for (const auto& w : words_of(text)) s.add("lower(" + column + ") LIKE ?", {"%" + lower_ascii(w) + "%"});
}

/// Documents matching words, with the backend's full-text index.
void add_fulltext(Sql& s, SqlDialect dialect, const std::string& doc_column, const std::string& text) {
  auto words = words_of(text);
  if (words.empty()) return;
  if (dialect == SqlDialect::Sqlite) {
    std::string match;
    for (const auto& w : words) {
      std::string quoted = "\"";
      for (char c : w) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      match += (match.empty() ? "" : " ") + quoted + "\"";
    }
    s.add(doc_column + " IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)", {match});
  } else {
    s.add(doc_column + " IN (SELECT id FROM documents WHERE tsv @@ plainto_tsquery('simple', ?))", {text});
  }
}

void check_one_of(const std::string& v, std::initializer_list<const char*> allowed, const char* what) {
  if (v.empty()) return;
  for (const char* a : allowed)
    if (v == a) return;
  throw std::invalid_argument(std::string(what) + " '" + v + "' is not one of the known values");
}

}  // namespace

SqlRows Store::query(const StoreQuery& q) {
  check_one_of(q.mode, {"asserted", "reported", "negated", "hypothetical", "future"}, "--mode");
  check_one_of(q.status, {"reported", "retracted", "denied", "contradicted", "confirmed", "disputed"}, "--status");
  const auto [lo, hi] = date_bounds(q);
  const SqlParam limit = static_cast<int64_t>(q.limit);
  SqlDialect dialect = db_->dialect();
  Sql s;

  if (q.kind == "stats") {
    SqlRows out;
    out.columns = {"table", "rows"};
    for (const auto& [t, n] : counts()) out.rows.push_back({t, std::to_string(n)});
    return out;
  }

  if (q.kind == "events") {
    if (!q.actor.empty()) {
      // One indexed branch per way an actor can appear, each with the date range (docs/store.md).
      std::string dates;
      SqlParams date_params;
      if (!lo.empty()) dates += " AND date_lo >= ?", date_params.push_back(lo);
      if (!hi.empty()) dates += " AND date_lo <= ?", date_params.push_back(hi);
      std::string branches;
      SqlParams params;
      for (const char* col : {"source_actor_id", "target_actor_id"}) {
        if (!branches.empty()) branches += " UNION ";
        branches += std::string("SELECT id FROM events WHERE ") + col + " IN (" + kActorSet + ")" + dates;
        for (auto& p : actor_set_params(q.actor)) params.push_back(p);
        for (auto& p : date_params) params.push_back(p);
      }
      if (looks_like_code(q.actor)) {
        for (const char* col : {"source_code", "target_code"}) {
          branches += std::string(" UNION SELECT id FROM events WHERE ") + col +
                      " IN (SELECT code FROM actor_codes WHERE code >= ? AND code < ?)" + dates;
          params.push_back(q.actor);
          params.push_back(prefix_end(q.actor));
          for (auto& p : date_params) params.push_back(p);
        }
      }
      s.add("e.id IN (" + branches + ")", params);
    }
    if (!lo.empty()) s.add("e.date_lo >= ?", {lo});
    if (!hi.empty()) s.add("e.date_lo <= ?", {hi});
    if (!q.code.empty()) s.add("e.code >= ? AND e.code < ?", {q.code, prefix_end(q.code)});
    if (!q.country.empty())
      s.add("(e.source_country = ? OR e.target_country = ? OR e.place_country = ?)", {q.country, q.country, q.country});
    if (!q.mode.empty()) s.add("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id AND m.mode = ?)", {q.mode});
    if (!q.text.empty()) {
      for (const auto& w : words_of(q.text))
        s.add("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id AND lower(m.evidence) LIKE ?)",
              {"%" + lower_ascii(w) + "%"});
    }
    s.params.push_back(limit);
    return db_->query(
        "SELECT e.id AS id, e.date AS date, e.code AS code, e.plover AS plover, e.source_name AS source, "
        "e.source_code AS source_actor, e.target_name AS target, e.target_code AS target_actor, e.polarity AS polarity, "
        "e.num_mentions AS mentions, e.num_sources AS sources, e.num_articles AS articles, d.doc_key AS first_article, "
        "(SELECT m.evidence FROM event_mentions m WHERE m.event_id = e.id ORDER BY m.id LIMIT 1) AS evidence "
        "FROM (SELECT * FROM events e WHERE 1 = 1" +
            s.where + " ORDER BY e.date_lo, e.id LIMIT ?) e JOIN documents d ON d.id = e.first_doc_id "
                      "ORDER BY e.date_lo, e.id",
        s.params);
  }

  if (q.kind == "quotes") {
    for (const std::string* who : {&q.speaker, &q.actor})
      if (!who->empty()) s.add(std::string("q.speaker_actor_id IN (") + kActorSet + ")", actor_set_params(*who));
    if (!lo.empty()) s.add("d.date_lo >= ?", {lo});
    if (!hi.empty()) s.add("d.date_lo <= ?", {hi});
    add_contains(s, "q.text", q.text);
    s.params.push_back(limit);
    return db_->query(
        "SELECT q.id AS id, d.doc_key AS article, d.date AS date, s.name AS speaker, q.text AS quote "
        "FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN entities s ON s.id = q.speaker_entity_id "
        "WHERE 1 = 1" +
            s.where + " ORDER BY d.date_lo, d.id, q.idx LIMIT ?",
        s.params);
  }

  if (q.kind == "claims") {
    if (!q.status.empty()) s.add("c.status = ?", {q.status});
    for (const std::string* who : {&q.speaker, &q.actor})
      if (!who->empty()) s.add(std::string("c.source_actor_id IN (") + kActorSet + ")", actor_set_params(*who));
    if (!lo.empty()) s.add("d.date_lo >= ?", {lo});
    if (!hi.empty()) s.add("d.date_lo <= ?", {hi});
    if (!q.code.empty())
      s.add("c.event_id IN (SELECT id FROM events WHERE code >= ? AND code < ?)", {q.code, prefix_end(q.code)});
    add_contains(s, "c.text", q.text);
    s.params.push_back(limit);
    SqlRows rows = db_->query(
        "SELECT c.id AS id, d.doc_key AS article, d.date AS date, c.source_name AS source, c.text AS claim, "
        "c.own_status AS reported_as, c.status AS status FROM claims c JOIN documents d ON d.id = c.doc_id "
        "WHERE 1 = 1" +
            s.where + " ORDER BY d.date_lo, d.id, c.idx LIMIT ?",
        s.params);
    // The history, oldest first: "status (by, date, article)".
    rows.columns.push_back("history");
    for (auto& row : rows.rows) {
      SqlRows h = db_->query(
          "SELECT h.status, h.by_name, h.date, d.doc_key FROM claim_status_history h JOIN documents d ON d.id = h.doc_id "
          "WHERE h.claim_id = ? ORDER BY h.seq, h.id",
          {std::stoll(*row[0])});
      std::string text;
      for (size_t r = 0; r < h.size(); ++r) {
        if (!text.empty()) text += " > ";
        text += h.text(r, 0) + " (";
        std::string inner;
        for (size_t c = 1; c < 4; ++c)
          if (!h.text(r, c).empty()) inner += (inner.empty() ? "" : ", ") + h.text(r, c);
        text += inner + ")";
      }
      row.emplace_back(text);
    }
    return rows;
  }

  if (q.kind == "articles") {
    add_fulltext(s, dialect, "d.id", q.text);
    if (!q.actor.empty()) {
      std::string cond = std::string("d.id IN (SELECT doc_id FROM entities WHERE actor_id IN (") + kActorSet + ")";
      SqlParams params = actor_set_params(q.actor);
      if (looks_like_code(q.actor)) {
        cond += " OR (code >= ? AND code < ?)";
        params.push_back(q.actor);
        params.push_back(prefix_end(q.actor));
      }
      s.add(cond + ")", params);
    }
    if (!q.country.empty()) s.add("d.id IN (SELECT doc_id FROM entities WHERE country = ?)", {q.country});
    if (!lo.empty()) s.add("d.date_lo >= ?", {lo});
    if (!hi.empty()) s.add("d.date_lo <= ?", {hi});
    s.params.push_back(limit);
    return db_->query(
        "SELECT d.doc_key AS id, d.date AS date, d.lang AS lang, d.source AS source, d.title AS title, "
        "(SELECT count(*) FROM entities x WHERE x.doc_id = d.id) AS entities, "
        "(SELECT count(*) FROM event_mentions x WHERE x.doc_id = d.id) AS events, "
        "substr(d.text, 1, 100) AS text FROM documents d WHERE 1 = 1" +
            s.where + " ORDER BY d.date_lo, d.id LIMIT ?",
        s.params);
  }
  throw std::invalid_argument("unknown query '" + q.kind + "' (events, quotes, claims, articles, stats)");
}

}  // namespace cronaca
