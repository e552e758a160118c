// Stage "segment".
// Reads: text, lang
// Writes: sentences, tokens
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class SegmentStage : public Stage {
 public:
  explicit SegmentStage(const StageContext& ctx);
  std::string_view name() const override { return "segment"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
