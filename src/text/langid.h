// Stage "langid".
// Reads: text, lang
// Writes: lang (when empty)
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class LangIdStage : public Stage {
 public:
  explicit LangIdStage(const StageContext& ctx);
  std::string_view name() const override { return "langid"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
