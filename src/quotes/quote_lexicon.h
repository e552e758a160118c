// The words the quotes stage knows for one language, loaded from
// data/<lang>/quote_cues.tsv, quote_words.tsv and quote_options.tsv (formats in
// those files' header comments). Immutable once loaded.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/word_map.h"

namespace cronaca {

/// Kinds of cue (bits: a word may be a verb and a noun, "tweet").
enum CueKind : uint8_t {
  kCueVerb = 1 << 0,  // a verb of saying
  kCuePrep = 1 << 1,  // "secondo", "according to"
  kCueNoun = 1 << 2,  // "nota", "statement"
};

/// Classes of function words (bits: "lo" is an article and a clitic).
enum WordClass : uint32_t {
  kWAux = 1u << 0,
  kWAdverb = 1u << 1,
  kWClitic = 1u << 2,
  kWPronM = 1u << 3,
  kWPronF = 1u << 4,
  kWPronPl = 1u << 5,
  kWPronIt = 1u << 6,
  kWPron1 = 1u << 7,
  kWRelative = 1u << 8,
  kWPrep = 1u << 9,
  kWDet = 1u << 10,
  kWPoss = 1u << 11,
  kWConj = 1u << 12,
  kWSame = 1u << 13,
  kWTitle = 1u << 14,
  kWOrg = 1u << 15,
};
constexpr uint32_t kWPronoun = kWPronM | kWPronF | kWPronPl | kWPronIt;

struct QuoteLexicon {
  struct MultiCue {
    std::vector<std::string> words;  // lemmas or forms after the first
    uint8_t kinds = 0;
  };
  WordMap<uint8_t> cues;                       // one-word cues
  WordMap<std::vector<MultiCue>> multi_cues;   // by first word
  WordMap<uint32_t> words;                     // word classes
  bool keep_partial = true;  // quote_options.tsv partial_quotes (default keep)

  /// Loads quote_cues.tsv, quote_words.tsv and (when present) quote_options.tsv
  /// from `lang_dir`.
  static QuoteLexicon load(const std::filesystem::path& lang_dir);

  uint32_t word_class(std::string_view norm) const {
    const uint32_t* c = words.find(norm);
    return c ? *c : 0;
  }
};

}  // namespace cronaca
