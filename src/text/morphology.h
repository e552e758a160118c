// Stage "morph".
// Reads: tokens, lang
// Writes: tokens[].lemma, pos, features, known
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class MorphStage : public Stage {
 public:
  explicit MorphStage(const StageContext& ctx);
  std::string_view name() const override { return "morph"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
