// cronaca analyze: files in, JSON Lines or a readable view out.
#include <cstdio>
#include <ctime>
#include <malloc.h>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "io/json_writer.h"
#include "io/reader.h"
#include "io/text_view.h"
#include "pipeline/pipeline.h"
#include "util/errors.h"
#include "util/ordered_pool.h"

namespace cronaca::cli {
namespace {

const char* kHelp =
    "usage: cronaca analyze [PATH...|-] [OPTIONS]\n"
    "\n"
    "Reads articles (plain text, date-prefixed text, JSON Lines; directories recursively;\n"
    "- or no path for standard input), analyses them and writes one JSON object a line.\n"
    "\n"
    "options:\n"
    "  --format json|text   JSON Lines (the output contract) or a readable view (default: json)\n"
    "  --lang auto|it|en    the articles' language; auto detects it where the input gives none (default: auto)\n"
    "  --date D             the date of articles whose input gives none: YYYY, YYYY-MM, YYYY-MM-DD (default: none)\n"
    "  --threads N          worker threads; the output is the same for any N (default: all cores)\n"
    "  --data DIR           the knowledge files (default: $CRONACA_DATA, else the installed data/)\n"
    "  --skip STAGE         leave a stage out (repeatable): langid segment morph entities time quotes events claims\n"
    "  --max-bytes N        refuse larger documents (default: 33554432)\n"
    "  --tokens             also write tokens with lemma and part of speech\n"
    "  --stage-times        print each stage's CPU seconds and MB/s to standard error at the end\n"
    "\n"
    "A document that cannot be read is reported on standard error as PATH[:LINE]: what is wrong;\n"
    "the others are still processed, and the exit status is 1 when any document failed.\n";

// Where analyze() leaves its pipeline when it returns (see there); volatile, so that the
// store is kept and leak checkers see the pipeline as reachable.
const Pipeline* volatile g_kept_pipeline = nullptr;

/// The --stage-times table: where the CPU time went, stage by stage.
void print_stage_times(const Pipeline& pipeline, double build_cpu, std::clock_t total_clock, size_t text_bytes) {
  const double mb = static_cast<double>(text_bytes) / 1e6;
  const double total = static_cast<double>(total_clock) / CLOCKS_PER_SEC;
  auto row = [&](const std::string& name, double s) {
    char line[128];
    std::snprintf(line, sizeof line, "%-10s %8.3f %9.2f\n", name.c_str(), s, s > 0 ? mb / s : 0.0);
    std::cerr << line;
  };
  std::cerr << "stage       cpu s      MB/s   (" << mb << " MB of text)\n";
  row("start-up", build_cpu);
  auto secs = pipeline.stage_cpu_seconds();
  double staged = build_cpu;
  for (size_t i = 0; i < secs.size(); ++i) {
    row(std::string(pipeline.stages()[i]->name()), secs[i]);
    staged += secs[i];
  }
  row("read+write", total - staged);
  row("total", total);
}

}  // namespace

int analyze(int argc, char** argv) {
  try {
    Args args(argc, argv, {"format", "lang", "date", "threads", "data", "skip", "max-bytes"}, {"help", "tokens", "stage-times"});
    if (args.flag("help")) {
      std::cout << kHelp;
      return 0;
    }
    std::string format = args.get("format", "json");
    if (format != "json" && format != "text") throw std::invalid_argument("--format must be json or text");
    ReadOptions ropts = read_options_from(args);
    unsigned threads = threads_from(args);
    PipelineOptions popts;
    popts.data_dir = args.get("data");
    popts.skip = args.all("skip");
    popts.profile = args.flag("stage-times");
    popts.parallel_build = threads > 1;
    for (const auto& s : popts.skip) {
      const auto& names = Pipeline::stage_names();
      if (std::find(names.begin(), names.end(), s) == names.end())
        throw std::invalid_argument("--skip: no stage named '" + s + "'");
    }
    // Documents come and go: keep freed memory in the process for the next ones instead
    // of returning it to the system and faulting it in again (large token vectors would
    // otherwise be mapped and unmapped per document).
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    const auto start_cpu = std::clock();
    auto pipeline = Pipeline::build(popts);
    const double build_cpu = static_cast<double>(std::clock() - start_cpu) / CLOCKS_PER_SEC;

    std::vector<std::string> paths = args.positional();
    if (paths.empty()) paths.push_back("-");
    JsonOptions jopts{args.flag("tokens")};
    TextViewOptions topts{args.flag("tokens")};
    bool json = format == "json";

    // Documents stream through a pool of threads kept for the whole run; each result is
    // printed as soon as it and every document before it are done, so the output is in
    // input order whatever --threads is.
    struct Job {
      ReadResult r;
      std::string out;
    };
    size_t failed = 0, done = 0, text_bytes = 0;
    OrderedPool<Job> pool(
        threads,
        [&](Job& j) {
          Document& d = *j.r.doc;
          pipeline->run(d);
          j.out = json ? to_json_line(d, jopts) : to_text_view(d, topts);
          j.out.push_back('\n');
          // Written: its memory goes back to this thread's allocator for the next document.
          j.r.doc.reset();
        },
        [&](Job& j) {
          if (!j.out.empty()) {
            std::cout << j.out;
            ++done;
            return;
          }
          std::cout.flush();
          std::cerr << j.r.error << "\n";
          ++failed;
        });
    read_inputs(paths, ropts, [&](ReadResult&& r) {
      bool ok = r.doc.has_value();
      text_bytes += ok ? r.doc->text.size() : 0;
      pool.submit(Job{std::move(r), {}}, !ok);
    });
    pool.finish();
    std::cout.flush();
    if (popts.profile) print_stage_times(*pipeline, build_cpu, std::clock() - start_cpu, text_bytes);
    if (failed) std::cerr << "cronaca analyze: " << failed << " of " << failed + done << " documents failed\n";
    // The process ends here: the pipeline (its caches hold every word form seen) is left
    // for the system to reclaim rather than freed piece by piece.
    g_kept_pipeline = pipeline.release();
    return failed ? 1 : 0;
  } catch (const DataFileError& e) {
    std::cerr << "cronaca analyze: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cronaca analyze: " << e.what() << "\n" << "try 'cronaca analyze --help'\n";
    return 2;
  }
}

}  // namespace cronaca::cli
