#include "entities/entity_stage.h"

namespace cronaca {

EntityStage::EntityStage(const StageContext&) {}

void EntityStage::run(Document&) const {}

}  // namespace cronaca
