// The pipeline: the ordered list of stages an article goes through.
//
//   langid -> segment -> morph -> entities -> time -> quotes -> events -> claims
//
// Built once (every data file the chosen stages need loaded, every error reported
// as file:line), then immutable and shared by all worker threads: run() may be
// called concurrently on different documents. A stage is switched off by name.
//
// Example:
//   auto pipeline = Pipeline::build({.data_dir = default_data_dir()});
//   Document doc = ...;           // from a reader (io/reader.h)
//   pipeline->run(doc);           // every layer filled
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kb/knowledge_base.h"
#include "pipeline/stage.h"

namespace cronaca {

struct PipelineOptions {
  std::filesystem::path data_dir;     // the root of data/; default_data_dir() when empty
  std::vector<std::string> skip;      // names of stages to leave out (default: none)
  std::string last;                   // stop after this stage (default: run them all)
  bool profile = false;               // measure each stage's CPU time (stage_cpu_seconds())
  bool parallel_build = false;        // load the knowledge base on a second thread while the
                                      // other stages are built (for runs that use several threads)
};

/// Where the data files are: $CRONACA_DATA if set, else data/ beside the
/// executable's parent directory, else the source tree's data/ (the build's default).
std::filesystem::path default_data_dir();

class Pipeline {
 public:
  /// Loads the knowledge and builds every stage. Throws DataFileError.
  static std::unique_ptr<Pipeline> build(const PipelineOptions& options);

  /// Runs every stage on `doc`, in order. Never throws on text.
  void run(Document& doc) const;

  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }
  /// The knowledge base the stages share; null when only langid, segment and morph run.
  const KnowledgeBase* kb() const { return kb_.get(); }

  /// The stage names, in order.
  static const std::vector<std::string>& stage_names();

  /// With options.profile: the CPU seconds each stage of stages() has spent so far,
  /// summed over threads (the cost of a stage, whatever the thread count).
  std::vector<double> stage_cpu_seconds() const;

 private:
  std::unique_ptr<KnowledgeBase> kb_;
  std::vector<std::unique_ptr<Stage>> stages_;
  bool profile_ = false;
  std::unique_ptr<std::atomic<uint64_t>[]> stage_ns_;  // per stage, with profile_
};

}  // namespace cronaca
