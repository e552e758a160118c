// Language identification with CLD2 (Compact Language Detector 2). The text is
// cut at 64 KB (on a UTF-8 boundary): more does not change the answer for a news
// article and keeps the stage's cost bounded. Tests: tests/unit/langid_test.cc.
#include "text/langid.h"

#include <cld2/public/compact_lang_det.h>

#include "util/utf8.h"

namespace cronaca {

namespace {
constexpr size_t kMaxBytes = 64 * 1024;
}

std::string detect_language(std::string_view text) {
  size_t n = std::min(text.size(), kMaxBytes);
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string_view head = text.substr(0, n);
  if (!utf8_valid(head)) return "und";
  bool reliable = false;
  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  CLD2::Language lang = CLD2::DetectLanguageSummary(head.data(), static_cast<int>(head.size()), true, top3,
                                                    percent3, &text_bytes, &reliable);
  // CLD2 answers English for text with no letters; text_bytes counts the letters it scored.
  if (text_bytes == 0 || lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return "und";
  return CLD2::LanguageCode(lang);
}

LangIdStage::LangIdStage(const StageContext&) {}

void LangIdStage::run(Document& doc) const {
  if (!doc.lang.empty()) return;
  if (doc.title.empty()) {
    doc.lang = detect_language(doc.text);
  } else {
    std::string both = doc.title;
    both += "\n";
    both.append(doc.text, 0, std::min(doc.text.size(), kMaxBytes));
    doc.lang = detect_language(both);
  }
}

}  // namespace cronaca
