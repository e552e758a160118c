#include "quotes/quote_stage.h"

namespace cronaca {

QuoteStage::QuoteStage(const StageContext&) {}

void QuoteStage::run(Document&) const {}

}  // namespace cronaca
