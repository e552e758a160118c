#include "text/morphology.h"

namespace cronaca {

MorphStage::MorphStage(const StageContext&) {}

void MorphStage::run(Document&) const {}

}  // namespace cronaca
