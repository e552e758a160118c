// cronaca query: events, quotes, claims, articles (and table counts) from a store,
// as a table, JSON Lines or CSV. Every value given is a bound SQL parameter.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/store.h"
#include "util/utf8.h"

namespace cronaca::cli {
namespace {

const char* kHelp =
    "usage: cronaca query events|quotes|claims|articles|stats [OPTIONS]\n"
    "\n"
    "  events     aggregated events (one row per event, however many articles report it)\n"
    "  quotes     quotations with their speaker\n"
    "  claims     claims with their current status and history\n"
    "  articles   stored articles (full-text search with --text)\n"
    "  stats      rows per table\n"
    "\n"
    "options:\n"
    "  --db TARGET          an SQLite file or a postgresql:// URL (default: cronaca.db)\n"
    "  --actor NAME|CODE    an actor by name or alias (\"Tokayev\"), or a CAMEO code prefix (\"KAZ\", \"KAZGOV\")\n"
    "  --code PREFIX        CAMEO event code prefix (\"17\", \"173\")\n"
    "  --from DATE --to DATE   date range, both ends included (YYYY, YYYY-MM, YYYY-MM-DD)\n"
    "  --country CODE       an actor's or the place's country (\"KAZ\")\n"
    "  --mode M             events with a mention in this mode: asserted reported negated hypothetical future\n"
    "  --speaker NAME       quotes by this speaker; claims by this source\n"
    "  --status S           claims with this current status: reported retracted denied contradicted confirmed disputed\n"
    "  --text WORDS         articles containing all the words (full-text index); quotes, claims, event evidence containing them\n"
    "  --format F           table, jsonl or csv (default: table)\n"
    "  --limit N            at most N rows (default: 100)\n";

const std::set<std::string> kNumeric = {"id", "mentions", "sources", "articles", "entities", "events", "rows"};

std::string clip(const std::string& s, size_t width) {
  std::string out;
  size_t pos = 0, n = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char32_t c = utf8_next(s, pos);
    if (n + 1 == width && pos < s.size()) {
      out += "…";
      return out;
    }
    if (c == '\n' || c == '\t' || c == '\r') out += ' ';
    else out.append(s, start, pos - start);
    ++n;
  }
  return out;
}

std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void print_table(const SqlRows& rows) {
  const size_t kMax = 60;
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(rows.columns.size());
  for (size_t c = 0; c < rows.columns.size(); ++c) width[c] = utf8_length(rows.columns[c]);
  for (const auto& row : rows.rows) {
    auto& out = cells.emplace_back();
    for (size_t c = 0; c < row.size(); ++c) {
      out.push_back(clip(row[c].value_or(""), kMax));
      width[c] = std::max(width[c], utf8_length(out.back()));
    }
  }
  auto line = [&](const std::vector<std::string>& v) {
    std::string s;
    for (size_t c = 0; c < v.size(); ++c) {
      s += v[c];
      if (c + 1 < v.size()) s += std::string(width[c] - utf8_length(v[c]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    std::cout << s << "\n";
  };
  line(rows.columns);
  for (const auto& r : cells) line(r);
  if (rows.rows.empty()) std::cout << "(no rows)\n";
}

}  // namespace

int query(int argc, char** argv) {
  try {
    Args args(argc, argv,
              {"db", "actor", "code", "from", "to", "country", "mode", "speaker", "status", "text", "format", "limit",
               "data"},
              {"help"});
    if (args.flag("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (args.positional().size() != 1)
      throw std::invalid_argument("say what to query: events, quotes, claims, articles or stats");
    StoreQuery q;
    q.kind = args.positional()[0];
    q.actor = args.get("actor");
    q.code = args.get("code");
    q.from = args.get("from");
    q.to = args.get("to");
    q.country = args.get("country");
    q.mode = args.get("mode");
    q.speaker = args.get("speaker");
    q.status = args.get("status");
    q.text = args.get("text");
    if (auto l = args.get("limit"); !l.empty()) {
      long n = std::stol(l);
      if (n < 1) throw std::invalid_argument("--limit must be at least 1");
      q.limit = static_cast<size_t>(n);
    }
    std::string format = args.get("format", "table");
    if (format != "table" && format != "jsonl" && format != "csv")
      throw std::invalid_argument("--format must be table, jsonl or csv");
    std::string db = args.get("db", "cronaca.db");
    if (db.find("://") == std::string::npos && db.find('=') == std::string::npos &&
        !std::filesystem::exists(db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db))
      throw std::invalid_argument("no store at '" + db + "' (create one with cronaca ingest)");
    auto store = Store::open(db, StoreOptions{args.get("data")});
    SqlRows rows = store->query(q);
    if (format == "table") {
      print_table(rows);
    } else if (format == "csv") {
      for (size_t c = 0; c < rows.columns.size(); ++c) std::cout << (c ? "," : "") << csv(rows.columns[c]);
      std::cout << "\n";
      for (const auto& row : rows.rows) {
        for (size_t c = 0; c < row.size(); ++c) std::cout << (c ? "," : "") << csv(row[c].value_or(""));
        std::cout << "\n";
      }
    } else {
      for (const auto& row : rows.rows) {
        nlohmann::ordered_json o;
        for (size_t c = 0; c < row.size(); ++c) {
          const auto& name = rows.columns[c];
          if (!row[c]) o[name] = nullptr;
          else if (kNumeric.count(name)) o[name] = std::stoll(*row[c]);
          else o[name] = *row[c];
        }
        std::cout << o.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      }
    }
    return 0;
  } catch (const StoreError& e) {
    std::cerr << "cronaca query: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cronaca query: " << e.what() << "\n"
              << "try 'cronaca query --help'\n";
    return 2;
  }
}

}  // namespace cronaca::cli
