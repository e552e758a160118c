// Stage "time".
// Reads: tokens, sentences, date, lang
// Writes: timexes
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class TimeStage : public Stage {
 public:
  explicit TimeStage(const StageContext& ctx);
  std::string_view name() const override { return "time"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
