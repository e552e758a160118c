// Stage "quotes".
// Reads: tokens, sentences, entities
// Writes: quotes, entities[].mentions (pronoun, nominal)
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class QuoteStage : public Stage {
 public:
  explicit QuoteStage(const StageContext& ctx);
  std::string_view name() const override { return "quotes"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
