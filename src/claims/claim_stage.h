// Stage "claims".
// Reads: tokens, sentences, entities, quotes, events
// Writes: claims
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class ClaimStage : public Stage {
 public:
  explicit ClaimStage(const StageContext& ctx);
  std::string_view name() const override { return "claims"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
