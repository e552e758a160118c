// cronaca export: the store as GDELT 2.0 event rows, events CSV, or the
// contract's JSON Lines documents.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/store.h"

namespace cronaca::cli {
namespace {

const char* kHelp =
    "usage: cronaca export --format gdelt|csv|jsonl [OPTIONS]\n"
    "\n"
    "  gdelt   the GDELT 2.0 event table: 61 tab-separated columns, one row per aggregated event,\n"
    "          QuadClass and GoldsteinScale from the CAMEO code, the first article's URL (else id) as SOURCEURL\n"
    "  csv     aggregated events as CSV with a header row\n"
    "  jsonl   the stored documents as `cronaca analyze` writes them (one JSON object a line)\n"
    "\n"
    "options:\n"
    "  --db TARGET     an SQLite file or a postgresql:// URL (default: cronaca.db)\n"
    "  --out FILE      write there (default: standard output)\n"
    "  --header        gdelt: write the column names first (GDELT's own files have none)\n";

}  // namespace

int export_store(int argc, char** argv) {
  try {
    Args args(argc, argv, {"db", "format", "out", "data"}, {"help", "header"});
    if (args.flag("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (!args.positional().empty()) throw std::invalid_argument("unexpected argument '" + args.positional()[0] + "'");
    std::string format = args.get("format");
    if (format != "gdelt" && format != "csv" && format != "jsonl")
      throw std::invalid_argument("--format must be gdelt, csv or jsonl");
    std::string db = args.get("db", "cronaca.db");
    if (db.find("://") == std::string::npos && db.find('=') == std::string::npos &&
        !std::filesystem::exists(db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db))
      throw std::invalid_argument("no store at '" + db + "' (create one with cronaca ingest)");
    auto store = Store::open(db, StoreOptions{args.get("data")});
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (auto path = args.get("out"); !path.empty()) {
      file.open(path, std::ios::binary);
      if (!file) throw std::invalid_argument("cannot write " + path);
      out = &file;
    }
    if (format == "gdelt") {
      if (args.flag("header")) {
        const auto& cols = gdelt_columns();
        for (size_t i = 0; i < cols.size(); ++i) *out << (i ? "\t" : "") << cols[i];
        *out << "\n";
      }
      store->export_gdelt(*out);
    } else if (format == "csv") {
      store->export_csv(*out);
    } else {
      store->export_jsonl(*out);
    }
    out->flush();
    if (!*out) throw std::runtime_error("write failed");
    return 0;
  } catch (const StoreError& e) {
    std::cerr << "cronaca export: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cronaca export: " << e.what() << "\n"
              << "try 'cronaca export --help'\n";
    return 2;
  }
}

}  // namespace cronaca::cli
