// cronaca ingest: read articles, analyse them, write them to a store.
//
// Documents go through in batches: read, skip those already stored with the
// same content, analyse the rest in parallel, write the batch in one
// transaction (a savepoint per document). Killed at any moment, the store
// holds whole batches; a rerun skips what is stored and finishes the rest.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "io/reader.h"
#include "pipeline/pipeline.h"
#include "store/store.h"
#include "util/errors.h"

namespace cronaca::cli {
namespace {

const char* kHelp =
    "usage: cronaca ingest PATH... [OPTIONS]\n"
    "\n"
    "Reads articles (plain text, date-prefixed text, JSON Lines; directories recursively;\n"
    "- for standard input), analyses them and stores them with everything found in them.\n"
    "Articles already stored with the same content are skipped (an article whose id is\n"
    "stored with other content replaces it), so a rerun after an interruption finishes\n"
    "the work without duplicates.\n"
    "\n"
    "options:\n"
    "  --db TARGET          an SQLite file or a postgresql://user@host:port/db URL (default: cronaca.db)\n"
    "  --threads N          analysis threads (default: all cores)\n"
    "  --batch N            documents a transaction (default: 128)\n"
    "  --lang auto|it|en    the articles' language (default: auto)\n"
    "  --date D             the date of articles whose input gives none (default: none)\n"
    "  --data DIR           the knowledge files (default: $CRONACA_DATA, else the installed data/)\n"
    "  --max-bytes N        refuse larger documents (default: 33554432)\n"
    "  --skip STAGE         leave a stage out (repeatable): langid segment morph entities time quotes events claims\n"
    "  --force              analyse and replace articles even when they are stored unchanged\n"
    "  --progress           show the progress bar even when standard error is not a terminal\n"
    "  --quiet              no progress bar, no summary\n"
    "\n"
    "A document that cannot be read or stored is reported on standard error as\n"
    "PATH[:LINE]: what is wrong, and skipped; the exit status is then 1.\n";

uint64_t input_bytes(const std::vector<std::string>& paths) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& p : paths) {
    if (p == "-") continue;
    if (std::filesystem::is_directory(p, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    } else if (std::filesystem::is_regular_file(p, ec)) {
      total += std::filesystem::file_size(p, ec);
    }
  }
  return total;
}

std::string clock_text(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "--:--";
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

class Progress {
 public:
  Progress(bool on, uint64_t total) : on_(on), total_(total), start_(std::chrono::steady_clock::now()) {}

  void update(size_t articles, uint64_t bytes, size_t errors, bool force = false) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? bytes / secs : 0;
    double frac = total_ ? std::min(1.0, static_cast<double>(bytes) / total_) : 0;
    std::string bar(24, '.');
    std::fill(bar.begin(), bar.begin() + static_cast<long>(frac * 24), '#');
    double left = rate > 0 && total_ ? (total_ > bytes ? (total_ - bytes) / rate : 0) : -1;
    std::fprintf(stderr, "\r[%s] %3.0f%% %zu articles  %.2f MB/s  %zu errors  %s left  ", bar.c_str(), frac * 100,
                 articles, rate / 1e6, errors, clock_text(left).c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  /// Clears the bar before a message is printed.
  void clear() {
    if (!shown_) return;
    std::fprintf(stderr, "\r%*s\r", 100, "");
    shown_ = false;
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  bool on_;
  uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_{};
  bool shown_ = false;
};

}  // namespace

int ingest(int argc, char** argv) {
  try {
    Args args(argc, argv, {"db", "threads", "batch", "lang", "date", "data", "max-bytes", "skip"},
              {"help", "force", "progress", "quiet"});
    if (args.flag("help")) {
      std::cout << kHelp;
      return 0;
    }
    std::vector<std::string> paths = args.positional();
    if (paths.empty()) throw std::invalid_argument("no input: give files, directories or -");
    ReadOptions ropts = read_options_from(args);
    unsigned threads = threads_from(args);
    size_t batch_size = 128;
    if (auto b = args.get("batch"); !b.empty()) {
      int n = std::stoi(b);
      if (n < 1) throw std::invalid_argument("--batch must be at least 1");
      batch_size = static_cast<size_t>(n);
    }
    const bool force = args.flag("force"), quiet = args.flag("quiet");
    const bool tty = !quiet && (args.flag("progress") || isatty(STDERR_FILENO));

    PipelineOptions popts;
    popts.data_dir = args.get("data");
    popts.skip = args.all("skip");
    for (const auto& st : popts.skip) {
      const auto& names = Pipeline::stage_names();
      if (std::find(names.begin(), names.end(), st) == names.end())
        throw std::invalid_argument("--skip: no stage named '" + st + "'");
    }
    auto pipeline = Pipeline::build(popts);
    auto store = Store::open(args.get("db", "cronaca.db"), StoreOptions{popts.data_dir});

    Progress progress(tty, input_bytes(paths));
    size_t failed = 0, articles = 0, added = 0, replaced = 0, unchanged = 0;
    uint64_t bytes = 0;
    std::vector<ReadResult> batch;
    size_t batch_bytes = 0;

    auto report = [&](const std::string& msg) {
      progress.clear();
      std::cerr << msg << "\n";
      ++failed;
    };
    auto flush = [&] {
      // Skip what is stored unchanged, analyse the rest in parallel.
      std::vector<Document*> todo;
      for (auto& r : batch) {
        if (!r.doc) continue;
        if (!force && store->stored_hash(r.doc->id) == Store::content_hash(*r.doc)) {
          ++unchanged;
          continue;
        }
        todo.push_back(&*r.doc);
      }
      std::atomic<size_t> next{0};
      auto work = [&] {
        for (size_t i = next++; i < todo.size(); i = next++) pipeline->run(*todo[i]);
      };
      unsigned n = std::min<unsigned>(threads, static_cast<unsigned>(todo.size()));
      std::vector<std::thread> pool;
      for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
      work();
      for (auto& t : pool) t.join();

      std::vector<const Document*> docs(todo.begin(), todo.end());
      auto results = store->ingest_batch(docs, force);
      for (size_t i = 0; i < results.size(); ++i) {
        switch (results[i].status) {
          case IngestStatus::Added: ++added; break;
          case IngestStatus::Replaced: ++replaced; break;
          case IngestStatus::Unchanged: ++unchanged; break;
          case IngestStatus::Failed:
            report((docs[i]->origin.empty() ? docs[i]->id : docs[i]->origin) + ": cannot store: " + results[i].error);
            break;
        }
      }
      for (auto& r : batch) {
        if (!r.doc) continue;
        ++articles;
        bytes += r.doc->text.size();
      }
      batch.clear();
      batch_bytes = 0;
      progress.update(articles, bytes, failed);
    };
    read_inputs(paths, ropts, [&](ReadResult&& r) {
      if (!r.doc) {
        report(r.error);
        return;
      }
      batch_bytes += r.doc->text.size();
      batch.push_back(std::move(r));
      if (batch.size() >= batch_size || batch_bytes >= (8u << 20)) flush();
    });
    flush();
    progress.update(articles, bytes, failed, true);
    progress.clear();
    if (tty) {
      double secs = progress.seconds();
      std::fprintf(stderr, "cronaca ingest: %zu articles (%zu added, %zu replaced, %zu unchanged), %zu errors, "
                   "%.1f MB in %.1f s (%.1f articles/s, %.2f MB/s) into %s\n",
                   articles, added, replaced, unchanged, failed, bytes / 1e6, secs, secs > 0 ? articles / secs : 0.0,
                   secs > 0 ? bytes / 1e6 / secs : 0.0, store->backend().c_str());
    } else if (failed) {
      std::cerr << "cronaca ingest: " << failed << " documents could not be read or stored\n";
    }
    return failed ? 1 : 0;
  } catch (const DataFileError& e) {
    std::cerr << "cronaca ingest: " << e.what() << "\n";
    return 2;
  } catch (const StoreError& e) {
    std::cerr << "cronaca ingest: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cronaca ingest: " << e.what() << "\n"
              << "try 'cronaca ingest --help'\n";
    return 2;
  }
}

}  // namespace cronaca::cli
