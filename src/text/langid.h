// Stage "langid": the document's language when the input gives none.
//
// Reads:  text, title, lang
// Writes: lang, only when it is empty: the ISO 639-1 code CLD2 (libcld2) finds for the
//         title and the first 64 KB of the text ("it", "en", "fr" ...; CLD2's own code
//         for the few languages without one, e.g. "zh-Hant"); "und" when CLD2 knows none
//         (empty text, digits only). A language the input gives is never changed.
// Data:   none (CLD2's tables are compiled into the library).
//
// Thread safety: CLD2's detector is reentrant; run() is thread-safe.
#pragma once

#include <string>

#include "pipeline/stage.h"

namespace cronaca {

/// The ISO 639-1 code of the language of `text`, or "und" when unknown.
std::string detect_language(std::string_view text);

class LangIdStage : public Stage {
 public:
  explicit LangIdStage(const StageContext& ctx);
  std::string_view name() const override { return "langid"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
