#include "time/time_stage.h"

namespace cronaca {

TimeStage::TimeStage(const StageContext&) {}

void TimeStage::run(Document&) const {}

}  // namespace cronaca
