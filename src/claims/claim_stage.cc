#include "claims/claim_stage.h"

namespace cronaca {

ClaimStage::ClaimStage(const StageContext&) {}

void ClaimStage::run(Document&) const {}

}  // namespace cronaca
