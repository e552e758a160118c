// cronaca: the command-line front end. Dispatches to the sub-commands.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/commands.h"

namespace {

const char* kUsage =
    "usage: cronaca COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  analyze [PATH...|-]   analyse articles, write JSON Lines or a readable view\n"
    "  ingest PATH...        analyse articles and store them (SQLite file or PostgreSQL)\n"
    "  query KIND            events, quotes, claims, articles from a store\n"
    "  export --format F     a store as GDELT 2.0 events, CSV or JSON Lines\n"
    "\n"
    "`cronaca COMMAND --help` describes a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "cronaca " << CRONACA_VERSION << "\n";
    return 0;
  }
  std::string cmd = argv[1];
  if (cmd == "analyze") return cronaca::cli::analyze(argc - 2, argv + 2);
  if (cmd == "ingest") return cronaca::cli::ingest(argc - 2, argv + 2);
  if (cmd == "query") return cronaca::cli::query(argc - 2, argv + 2);
  if (cmd == "export") return cronaca::cli::export_store(argc - 2, argv + 2);
  std::cerr << "cronaca: unknown command '" << cmd << "'\n" << kUsage;
  return 2;
}
