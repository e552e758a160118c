#include "events/event_stage.h"

namespace cronaca {

EventStage::EventStage(const StageContext&) {}

void EventStage::run(Document&) const {}

}  // namespace cronaca
