// Rebuilding documents from the store, and the exports: GDELT 2.0 event table
// (61 tab-separated columns), events as CSV, the contract's JSON Lines.
// Tests: tests/unit/store_test.cc, tests/cli/export_gdelt.sh.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "io/json_writer.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace cronaca {

using namespace store_detail;

const std::vector<std::string>& gdelt_columns() {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> c = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"};
    for (const char* a : {"Actor1", "Actor2"})
      for (const char* f : {"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                            "Religion2Code", "Type1Code", "Type2Code", "Type3Code"})
        c.push_back(std::string(a) + f);
    for (const char* f : {"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                          "NumMentions", "NumSources", "NumArticles", "AvgTone"})
      c.push_back(f);
    for (const char* g : {"Actor1Geo_", "Actor2Geo_", "ActionGeo_"})
      for (const char* f : {"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"})
        c.push_back(std::string(g) + f);
    c.push_back("DATEADDED");
    c.push_back("SOURCEURL");
    return c;
  }();
  return kColumns;
}

namespace {

/// Tabs and line breaks would break a TSV row.
std::string field(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// The parts of a CAMEO actor code GDELT spreads over ten columns.
struct ActorParts {
  std::string country, known_group, types[3];
};

ActorParts split_actor_code(const std::string& code) {
  static const std::set<std::string> kTypes = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU",
                                               "BUS", "CRM", "CVL", "LAB", "LEG", "REF", "HLH", "ELI", "AGR", "REL",
                                               "IGO", "NGO", "MNC", "IMG", "UAF", "SEP", "INS", "MOD", "RAD", "AMN",
                                               "HRI", "UIS", "INT"};
  static const std::set<std::string> kGroupPrefix = {"IGO", "NGO", "IMG", "MNC"};
  ActorParts p;
  p.country = code_country(code);
  size_t pos = p.country.size(), n = 0;
  if (!p.country.empty() || code.size() < 3) {
  } else if (kGroupPrefix.count(code.substr(0, 3)) && code.size() >= 6) {
    p.known_group = code.substr(code.size() - 3);
  }
  for (; pos + 3 <= code.size() && n < 3; pos += 3) {
    std::string chunk = code.substr(pos, 3);
    if (kTypes.count(chunk)) p.types[n++] = chunk;
  }
  return p;
}

Span span_of(const SqlRows& r, size_t row, size_t b, size_t e) {
  if (r.null(row, b) || r.null(row, e)) return {};
  return Span{static_cast<uint32_t>(r.integer(row, b)), static_cast<uint32_t>(r.integer(row, e))};
}

std::optional<uint32_t> index_of(const SqlRows& r, size_t row, size_t c) {
  if (r.null(row, c)) return std::nullopt;
  return static_cast<uint32_t>(r.integer(row, c));
}

MentionKind mention_kind_from(const std::string& s) {
  if (s == "nominal") return MentionKind::Nominal;
  if (s == "pronoun") return MentionKind::Pronoun;
  return MentionKind::Name;
}

Timex::Type timex_type_from(const std::string& s) {
  if (s == "TIME") return Timex::Type::TIME;
  if (s == "DURATION") return Timex::Type::DURATION;
  if (s == "SET") return Timex::Type::SET;
  return Timex::Type::DATE;
}

std::optional<Document> load_row(SqlConnection& db, int64_t d) {
  SqlRows r = db.query(
      "SELECT doc_key, date, lang, source, url, title, text, origin, sentences FROM documents WHERE id = ?", {d});
  if (r.empty()) return std::nullopt;
  Document doc;
  doc.id = r.text(0, 0);
  if (auto date = DocDate::parse(r.text(0, 1))) doc.date = *date;
  doc.lang = r.text(0, 2);
  doc.source = r.text(0, 3);
  doc.url = r.text(0, 4);
  doc.title = r.text(0, 5);
  doc.text = r.text(0, 6);
  doc.origin = r.text(0, 7);
  {
    std::istringstream in(r.text(0, 8));
    std::string item;
    while (std::getline(in, item, ',')) {
      Sentence s;
      if (std::sscanf(item.c_str(), "%u %u", &s.span.begin, &s.span.end) == 2) doc.sentences.push_back(s);
    }
  }
  SqlRows ents = db.query("SELECT name, type, code, kb_id, country, roles FROM entities WHERE doc_id = ? ORDER BY idx", {d});
  for (size_t i = 0; i < ents.size(); ++i) {
    Entity e;
    e.name = ents.text(i, 0);
    e.type = entity_type_from(ents.text(i, 1)).value_or(EntityType::MISC);
    e.actor = ents.text(i, 2);
    e.kb_id = ents.text(i, 3);
    e.country = ents.text(i, 4);
    if (!ents.null(i, 5)) e.roles = nlohmann::json::parse(ents.text(i, 5)).get<std::vector<std::string>>();
    doc.entities.push_back(std::move(e));
  }
  SqlRows ms = db.query(
      "SELECT e.idx, m.begin_, m.end_, m.kind, m.rule FROM mentions m JOIN entities e ON e.id = m.entity_id "
      "WHERE m.doc_id = ? ORDER BY m.id",
      {d});
  for (size_t i = 0; i < ms.size(); ++i) {
    size_t idx = static_cast<size_t>(ms.integer(i, 0));
    if (idx >= doc.entities.size()) continue;
    doc.entities[idx].mentions.push_back(Mention{span_of(ms, i, 1, 2), mention_kind_from(ms.text(i, 3)), ms.text(i, 4)});
  }
  SqlRows tx = db.query("SELECT begin_, end_, type, value, rule FROM timexes WHERE doc_id = ? ORDER BY idx", {d});
  for (size_t i = 0; i < tx.size(); ++i)
    doc.timexes.push_back(Timex{span_of(tx, i, 0, 1), timex_type_from(tx.text(i, 2)), tx.text(i, 3), tx.text(i, 4)});
  SqlRows qs = db.query(
      "SELECT begin_, end_, speaker_idx, cue_begin, cue_end, rule FROM quotes WHERE doc_id = ? ORDER BY idx", {d});
  for (size_t i = 0; i < qs.size(); ++i)
    doc.quotes.push_back(Quote{span_of(qs, i, 0, 1), index_of(qs, i, 2), span_of(qs, i, 3, 4), qs.text(i, 5)});
  SqlRows evs = db.query(
      "SELECT code, plover, source_idx, target_idx, source_code, target_code, date, place_idx, mode, ev_begin, ev_end, "
      "tr_begin, tr_end, rule FROM event_mentions WHERE doc_id = ? ORDER BY idx",
      {d});
  for (size_t i = 0; i < evs.size(); ++i) {
    Event e;
    e.code = evs.text(i, 0);
    e.plover = evs.text(i, 1);
    e.source = index_of(evs, i, 2);
    e.target = index_of(evs, i, 3);
    e.source_actor = evs.text(i, 4);
    e.target_actor = evs.text(i, 5);
    e.date = evs.text(i, 6);
    e.place = index_of(evs, i, 7);
    e.mode = mode_from(evs.text(i, 8)).value_or(Mode::Asserted);
    e.evidence = span_of(evs, i, 9, 10);
    e.trigger = span_of(evs, i, 11, 12);
    e.rule = evs.text(i, 13);
    doc.events.push_back(std::move(e));
  }
  SqlRows cs = db.query(
      "SELECT id, source_idx, begin_, end_, event_idx, status, rule FROM claims WHERE doc_id = ? ORDER BY idx", {d});
  for (size_t i = 0; i < cs.size(); ++i) {
    Claim c;
    c.source = index_of(cs, i, 1);
    c.span = span_of(cs, i, 2, 3);
    c.event = index_of(cs, i, 4);
    c.status = claim_status_from(cs.text(i, 5)).value_or(ClaimStatus::Reported);
    c.rule = cs.text(i, 6);
    SqlRows h = db.query(
        "SELECT status, by_idx, ev_begin, ev_end, date FROM claim_status_history WHERE claim_id = ? AND kind = 'own' "
        "ORDER BY seq",
        {cs.integer(i, 0)});
    for (size_t k = 0; k < h.size(); ++k)
      c.history.push_back(ClaimStatusChange{claim_status_from(h.text(k, 0)).value_or(ClaimStatus::Reported),
                                            index_of(h, k, 1), span_of(h, k, 2, 3), h.text(k, 4)});
    doc.claims.push_back(std::move(c));
  }
  return doc;
}

const char* kEventColumns =
    "SELECT e.id, e.date_lo, e.code, e.root_code, e.source_code, e.source_name, e.target_code, e.target_name, "
    "e.is_root, e.num_mentions, e.num_sources, e.num_articles, e.place_type, e.place_name, e.place_country, "
    "e.added_at, d.url, d.doc_key, d.date_lo, e.plover, e.date, e.date_hi, e.source_country, e.target_country, "
    "e.polarity FROM events e JOIN documents d ON d.id = e.first_doc_id WHERE e.id > ? ORDER BY e.id LIMIT 5000";

/// Runs `fn` on every aggregated event, in id order, 5000 rows at a time.
template <class Fn>
void each_event(SqlConnection& db, Fn fn) {
  int64_t last = 0;
  for (;;) {
    SqlRows r = db.query(kEventColumns, {last});
    for (size_t i = 0; i < r.size(); ++i) fn(r, i);
    if (r.size() < 5000) break;
    last = r.integer(r.size() - 1, 0);
  }
}

/// The day GDELT dates an event by: its first day, else its first article's.
std::string event_day(const SqlRows& r, size_t i) {
  std::string day = r.text(i, 1);
  if (day.empty() || day == "0001-01-01") day = r.text(i, 18);
  if (day.empty()) {
    std::string added = r.text(i, 15);
    day = added.size() >= 8 ? added.substr(0, 4) + "-" + added.substr(4, 2) + "-" + added.substr(6, 2) : "";
  }
  return day;
}

}  // namespace

std::optional<Document> Store::load_document(const std::string& doc_id) {
  SqlRows r = db_->query("SELECT id FROM documents WHERE doc_key = ?", {doc_id});
  if (r.empty()) return std::nullopt;
  return load_row(*db_, r.integer(0, 0));
}

void Store::for_each_document(const std::function<void(Document&&)>& fn) {
  int64_t last = 0;
  for (;;) {
    SqlRows r = db_->query("SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 1000", {last});
    for (size_t i = 0; i < r.size(); ++i)
      if (auto doc = load_row(*db_, r.integer(i, 0))) fn(std::move(*doc));
    if (r.size() < 1000) break;
    last = r.integer(r.size() - 1, 0);
  }
}

void Store::export_jsonl(std::ostream& out) {
  for_each_document([&](Document&& d) { out << to_json_line(d) << '\n'; });
}

void Store::export_gdelt(std::ostream& out) {
  each_event(*db_, [&](const SqlRows& r, size_t i) {
    std::vector<std::string> c;
    c.reserve(61);
    std::string day = event_day(r, i);
    std::string compact = day.size() == 10 ? day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) : "";
    c.push_back(r.text(i, 0));
    c.push_back(compact);
    c.push_back(compact.substr(0, std::min<size_t>(6, compact.size())));
    c.push_back(compact.substr(0, std::min<size_t>(4, compact.size())));
    if (compact.size() == 8) {
      int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)), dd = std::stoi(day.substr(8, 2));
      int doy = dd;
      for (int k = 1; k < m; ++k) doy += days_in_month(y, k);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", y + doy / 365.0);
      c.push_back(buf);
    } else {
      c.push_back("");
    }
    for (size_t a : {4u, 6u}) {
      const std::string& code = r.text(i, a);
      ActorParts p = split_actor_code(code);
      std::string country = p.country.empty() ? r.text(i, a == 4 ? 22 : 23) : p.country;
      c.push_back(field(code));
      c.push_back(field(r.text(i, a + 1)));
      c.push_back(country);
      c.push_back(p.known_group);
      c.push_back("");  // EthnicCode
      c.push_back("");  // Religion1Code
      c.push_back("");  // Religion2Code
      for (const auto& t : p.types) c.push_back(t);
    }
    const std::string& code = r.text(i, 2);
    CodeInfo info = code_info(code);
    c.push_back(r.text(i, 8));
    c.push_back(code);
    c.push_back(code.substr(0, std::min<size_t>(3, code.size())));
    c.push_back(r.text(i, 3));
    c.push_back(info.quad_class ? std::to_string(info.quad_class) : "");
    char gs[16];
    std::snprintf(gs, sizeof gs, "%.1f", info.goldstein);
    c.push_back(info.quad_class ? gs : "");
    c.push_back(r.text(i, 9));
    c.push_back(r.text(i, 10));
    c.push_back(r.text(i, 11));
    c.push_back("0");  // AvgTone: no tone analysis
    for (int g = 0; g < 2; ++g) {
      // Actor geography: not resolved (GDELT's "no geography" is type 0).
      c.push_back("0");
      for (int k = 0; k < 7; ++k) c.push_back("");
    }
    const std::string& place_type = r.text(i, 12);
    c.push_back(place_type.empty() ? "0" : place_type == "country" ? "1" : "4");
    c.push_back(field(r.text(i, 13)));
    c.push_back(r.text(i, 14));
    for (int k = 0; k < 5; ++k) c.push_back("");  // ADM1, ADM2, Lat, Long, FeatureID
    c.push_back(r.text(i, 15));
    c.push_back(field(r.text(i, 16).empty() ? r.text(i, 17) : r.text(i, 16)));
    for (size_t k = 0; k < c.size(); ++k) {
      if (k) out << '\t';
      out << c[k];
    }
    out << '\n';
  });
}

void Store::export_csv(std::ostream& out) {
  out << "id,date,date_from,date_to,code,root_code,plover,quad_class,goldstein,source,source_actor,source_country,"
         "target,target_actor,target_country,polarity,place,place_country,num_mentions,num_sources,num_articles,"
         "first_article,source_url\n";
  each_event(*db_, [&](const SqlRows& r, size_t i) {
    CodeInfo info = code_info(r.text(i, 2));
    std::string plover = r.text(i, 19).empty() ? info.plover : r.text(i, 19);
    char gs[16];
    std::snprintf(gs, sizeof gs, "%.1f", info.goldstein);
    std::vector<std::string> c = {r.text(i, 0),  r.text(i, 20), r.text(i, 1),  r.text(i, 21), r.text(i, 2),
                                  r.text(i, 3),  plover,        info.quad_class ? std::to_string(info.quad_class) : "",
                                  info.quad_class ? gs : "",    r.text(i, 5),  r.text(i, 4),  r.text(i, 22),
                                  r.text(i, 7),  r.text(i, 6),  r.text(i, 23), r.text(i, 24), r.text(i, 13),
                                  r.text(i, 14), r.text(i, 9),  r.text(i, 10), r.text(i, 11), r.text(i, 17),
                                  r.text(i, 16)};
    for (size_t k = 0; k < c.size(); ++k) out << (k ? "," : "") << csv_field(c[k]);
    out << '\n';
  });
}

}  // namespace cronaca
