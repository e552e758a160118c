// Options shared by the sub-commands that read articles (analyze, ingest):
// --lang, --date, --max-bytes, --threads. One place parses and checks them.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

#include "cli/args.h"
#include "io/reader.h"

namespace cronaca::cli {

/// ReadOptions from --lang (auto|it|en, default auto), --date (YYYY[-MM[-DD]], default none)
/// and --max-bytes (default 32 MiB). Throws std::invalid_argument with the option's name.
inline ReadOptions read_options_from(const Args& args) {
  ReadOptions ropts;
  ropts.lang = args.get("lang", "auto");
  if (ropts.lang != "auto" && ropts.lang != "it" && ropts.lang != "en")
    throw std::invalid_argument("--lang must be auto, it or en");
  if (auto d = args.get("date"); !d.empty()) {
    ropts.date = DocDate::parse(d);
    if (!ropts.date) throw std::invalid_argument("--date '" + d + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (auto m = args.get("max-bytes"); !m.empty()) ropts.max_bytes = std::stoull(m);
  return ropts;
}

/// --threads N (at least 1; default: every core).
inline unsigned threads_from(const Args& args) {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (auto t = args.get("threads"); !t.empty()) {
    int n = std::stoi(t);
    if (n < 1) throw std::invalid_argument("--threads must be at least 1");
    threads = static_cast<unsigned>(n);
  }
  return threads;
}

}  // namespace cronaca::cli
