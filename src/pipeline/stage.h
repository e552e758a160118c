// A stage: one step of the analysis that enriches a Document.
//
// A stage is built once (loading its data files), is immutable afterwards and
// is shared by all worker threads, so run() is const and must be thread-safe.
// A stage never fails on text: odd input gives fewer annotations, not an error.
// Constructors may throw DataFileError (util/errors.h) for a malformed data file.
//
// Each stage's header says what it reads, what it writes and which data files it uses.
#pragma once

#include <filesystem>
#include <string_view>

#include "model/document.h"

namespace cronaca {

class KnowledgeBase;

/// What a stage may use while it is built: where the data files are and the
/// knowledge shared between stages (loaded once by the Pipeline).
struct StageContext {
  std::filesystem::path data_dir;      // the root of data/ (kb/, it/, en/ ...)
  const KnowledgeBase* kb = nullptr;   // actors, countries, organisations; never null in a Pipeline
};

class Stage {
 public:
  virtual ~Stage() = default;
  /// The stage's name, used to switch it off (`--skip NAME`) and in messages.
  virtual std::string_view name() const = 0;
  /// Adds this stage's layer to the document.
  virtual void run(Document& doc) const = 0;
};

}  // namespace cronaca
