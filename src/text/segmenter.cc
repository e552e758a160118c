#include "text/segmenter.h"

namespace cronaca {

SegmentStage::SegmentStage(const StageContext&) {}

void SegmentStage::run(Document&) const {}

}  // namespace cronaca
