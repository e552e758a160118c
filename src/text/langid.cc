#include "text/langid.h"

namespace cronaca {

LangIdStage::LangIdStage(const StageContext&) {}

void LangIdStage::run(Document&) const {}

}  // namespace cronaca
