// Stage "entities".
// Reads: tokens, sentences, date, kb
// Writes: entities
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class EntityStage : public Stage {
 public:
  explicit EntityStage(const StageContext& ctx);
  std::string_view name() const override { return "entities"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
