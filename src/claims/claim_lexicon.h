// The claim rules' knowledge for one language: cue phrases, function words and
// predicate classes, loaded from data/<lang>/claim_{cues,words,predicates,conflicts}.tsv
// (each file documents its columns).
//
// A cue or pattern is a sequence of words; each word lists alternatives. A token
// matches an alternative when its norm or lemma equals it, or when its Snowball stem
// equals the alternative's stem (alternatives of four letters or more, tokens at most
// two bytes longer than the alternative: "smentito" ~ "smentire", not "reporters" ~
// "report", nor "dichiarazione" ~ "dichiarare").
// An alternative "=form" matches the norm only.
//
// Thread safety: immutable after construction. Stemming uses one thread-local
// Snowball stemmer per language, so match() is safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/document.h"

namespace cronaca {

enum class CueKind : uint8_t { Report, Speech, According, Label, Status, Writer, Conditional };
enum class CueWho : uint8_t { Any, Same, Other, Writer };

/// Bits of ClaimLexicon::word_kinds().
enum WordKind : uint32_t {
  kWordMedia = 1u << 0,
  kWordAnaphor = 1u << 1,
  kWordSame = 1u << 2,
  kWordSource = 1u << 3,
  kWordPronoun = 1u << 4,
  kWordDeterminer = 1u << 5,
  kWordBoundary = 1u << 6,
  kWordRelative = 1u << 7,
  kWordSubordinator = 1u << 8,
  kWordCut = 1u << 9,
  kWordSkip = 1u << 10,
  kWordNegation = 1u << 11,
  kWordAux = 1u << 12,
  kWordPreposition = 1u << 13,
  kWordComplementizer = 1u << 14,
  kWordIndefinite = 1u << 15,
  kWordFreeRelative = 1u << 16,
  kWordPassive = 1u << 17,
  kWordAgent = 1u << 18,
};

/// One word of a pattern: its alternatives as written (without '=') and their stems.
struct PatternWord {
  std::vector<std::string> exact;   // "=form": norm only
  std::vector<std::string> forms;   // norm or lemma
  std::vector<std::string> stems;   // Snowball stems of `forms` of 4+ letters
  std::vector<size_t> stem_max;     // longest token that may match each stem (form + 2 bytes)
};

struct ClaimCue {
  std::vector<PatternWord> words;
  CueKind kind = CueKind::Speech;
  ClaimStatus status = ClaimStatus::Reported;
  CueWho who = CueWho::Any;
  size_t line = 0;
};

struct PredicatePattern {
  std::vector<PatternWord> words;
  uint32_t cls = 0;                 // index into ClaimLexicon::classes()
};

/// A token as the matcher sees it.
struct TokenView {
  std::string_view norm;
  std::string_view lemma;           // empty when the morphology gave none of its own
  std::string stem;                 // Snowball stem, filled only for tokens that may need it
};

class ClaimLexicon {
 public:
  /// Loads data/<lang>/claim_*.tsv from `dir` (= data/<lang>). A missing directory or
  /// file is an empty lexicon; a malformed row throws DataFileError.
  ClaimLexicon(const std::filesystem::path& dir, std::string_view snowball_language);

  bool empty() const { return cues_.empty(); }

  /// Fills tokens[i].stem where a pattern could need it.
  void stem_tokens(std::vector<TokenView>& tokens) const;

  /// Cues whose words match the tokens from `i`; each with its length in tokens.
  void cues_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
               std::vector<std::pair<const ClaimCue*, size_t>>& out) const;
  /// Predicate classes matched from `i` (each with its length), appended to out.
  void predicates_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
                     std::vector<std::pair<uint32_t, size_t>>& out) const;
  /// The WordKind bits of a token (by norm, lemma or stem).
  uint32_t word_kinds(const TokenView& t) const;
  /// True when the token ends with a gerund ending of the language ("-endo", "-ing").
  bool is_gerund(std::string_view norm) const;
  /// True when class a and class b exclude each other.
  bool conflict(uint32_t a, uint32_t b) const;
  const std::vector<std::string>& classes() const { return classes_; }

  /// True when `t` matches `w`.
  static bool matches(const PatternWord& w, const TokenView& t);
  /// True when `t` matches `w` by its norm or lemma (not only by its stem).
  static bool matches_form(const PatternWord& w, const TokenView& t);
  /// True when the norm ends with a verb ending of the language (claim_words.tsv kind
  /// verb_ending): a cue matched only by its stem must look like a verb form.
  bool verb_like(std::string_view norm) const;
  /// True when the norm ends with an infinitive ending (kind infinitive_ending).
  bool is_infinitive(std::string_view norm) const;

 private:
  std::vector<PatternWord> parse_pattern(std::string_view text) const;
  void index_first(const std::vector<PatternWord>& words, uint32_t id,
                   std::unordered_map<std::string, std::vector<uint32_t>>& index);
  std::string stem(std::string_view word) const;
  void lookup(const std::unordered_map<std::string, std::vector<uint32_t>>& index,
              const TokenView& t, std::vector<uint32_t>& out) const;

  std::string snowball_;
  std::vector<ClaimCue> cues_;
  std::vector<PredicatePattern> predicates_;
  std::vector<std::string> classes_;
  std::vector<std::pair<uint32_t, uint32_t>> conflicts_;
  std::unordered_map<std::string, std::vector<uint32_t>> cue_index_;   // key: form, or "~"+stem
  std::unordered_map<std::string, std::vector<uint32_t>> pred_index_;
  std::unordered_map<std::string, uint32_t> word_kinds_;                // key: form, or "~"+stem
  std::vector<std::string> gerund_endings_;
  std::vector<std::string> verb_endings_;
  std::vector<std::string> infinitive_endings_;
  std::vector<std::string> agent_suffixes_;            // tokens ending so are not stemmed
  std::unordered_map<std::string, bool> stem_prefixes_;                 // first 3 bytes of stems
};

}  // namespace cronaca
