// The knowledge base: actors, countries, organisations and their aliases,
// loaded once from data/kb/ and shared read-only by every stage.
//
// (Being built by the entities issue; this header is its public face.)
#pragma once

#include <filesystem>

namespace cronaca {

class KnowledgeBase {
 public:
  /// Loads every knowledge file under `dir`. Throws DataFileError (file:line).
  static KnowledgeBase load(const std::filesystem::path& dir);
};

}  // namespace cronaca
