// Stage "events".
// Reads: tokens, sentences, entities, timexes, quotes
// Writes: events
#pragma once

#include "pipeline/stage.h"

namespace cronaca {

class EventStage : public Stage {
 public:
  explicit EventStage(const StageContext& ctx);
  std::string_view name() const override { return "events"; }
  void run(Document& doc) const override;
};

}  // namespace cronaca
