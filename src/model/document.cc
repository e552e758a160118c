// Document helpers and the names of the model's enums as the output contract spells them.
#include "model/document.h"

#include <algorithm>

namespace cronaca {

uint32_t Document::token_at(uint32_t pos) const {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), pos,
                             [](const Token& t, uint32_t p) { return t.span.end <= p; });
  return static_cast<uint32_t>(it - tokens.begin());
}

uint32_t Document::sentence_at(uint32_t pos) const {
  if (sentences.empty()) return 0;
  auto it = std::lower_bound(sentences.begin(), sentences.end(), pos,
                             [](const Sentence& s, uint32_t p) { return s.span.end <= p; });
  if (it == sentences.end()) return static_cast<uint32_t>(sentences.size() - 1);
  return static_cast<uint32_t>(it - sentences.begin());
}

std::string_view to_string(EntityType t) {
  switch (t) {
    case EntityType::PER: return "PER";
    case EntityType::ORG: return "ORG";
    case EntityType::GPE: return "GPE";
    case EntityType::LOC: return "LOC";
    case EntityType::MISC: return "MISC";
  }
  return "MISC";
}

std::optional<EntityType> entity_type_from(std::string_view s) {
  if (s == "PER") return EntityType::PER;
  if (s == "ORG") return EntityType::ORG;
  if (s == "GPE") return EntityType::GPE;
  if (s == "LOC") return EntityType::LOC;
  if (s == "MISC") return EntityType::MISC;
  return std::nullopt;
}

std::string_view to_string(MentionKind k) {
  switch (k) {
    case MentionKind::Name: return "name";
    case MentionKind::Nominal: return "nominal";
    case MentionKind::Pronoun: return "pronoun";
  }
  return "name";
}

std::string_view to_string(Timex::Type t) {
  switch (t) {
    case Timex::Type::DATE: return "DATE";
    case Timex::Type::TIME: return "TIME";
    case Timex::Type::DURATION: return "DURATION";
    case Timex::Type::SET: return "SET";
  }
  return "DATE";
}

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::Asserted: return "asserted";
    case Mode::Reported: return "reported";
    case Mode::Negated: return "negated";
    case Mode::Hypothetical: return "hypothetical";
    case Mode::Future: return "future";
  }
  return "asserted";
}

std::optional<Mode> mode_from(std::string_view s) {
  for (Mode m : {Mode::Asserted, Mode::Reported, Mode::Negated, Mode::Hypothetical, Mode::Future})
    if (to_string(m) == s) return m;
  return std::nullopt;
}

std::string_view to_string(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::Reported: return "reported";
    case ClaimStatus::Retracted: return "retracted";
    case ClaimStatus::Denied: return "denied";
    case ClaimStatus::Contradicted: return "contradicted";
    case ClaimStatus::Confirmed: return "confirmed";
    case ClaimStatus::Disputed: return "disputed";
  }
  return "reported";
}

std::optional<ClaimStatus> claim_status_from(std::string_view s) {
  for (ClaimStatus c : {ClaimStatus::Reported, ClaimStatus::Retracted, ClaimStatus::Denied,
                        ClaimStatus::Contradicted, ClaimStatus::Confirmed, ClaimStatus::Disputed})
    if (to_string(c) == s) return c;
  return std::nullopt;
}

}  // namespace cronaca
