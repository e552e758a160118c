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
// Speed: every string the matcher compares (forms, "=forms", stems, function words) is
// interned at load time in a small table. prepare() gives each token the ids of its
// norm, lemma and stem and its word kinds: two look-ups in that table and, for a token
// whose first three bytes are those of a stem, its Snowball stem, kept in a thread-local
// cache by form (Snowball runs once per distinct form and thread, not once per token).
// Matching then compares integers.
//
// Thread safety: immutable after construction. The caches (Snowball stemmers, stems)
// are thread-local, so every method is safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/document.h"
#include "util/word_map.h"

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

/// One word of a pattern: its alternatives as written (without '=') and their stems,
/// with the interned ids the matcher compares.
struct PatternWord {
  std::vector<std::string> exact;   // "=form": norm only
  std::vector<std::string> forms;   // norm or lemma
  std::vector<std::string> stems;   // Snowball stems of `forms` of 4+ letters
  std::vector<size_t> stem_max;     // longest token that may match each stem (form + 2 bytes)
  std::vector<int32_t> exact_ids, form_ids, stem_ids;   // parallel to the above
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
  // Set by ClaimLexicon::prepare() from norm and lemma:
  int32_t norm_id = -1;             // interned id of the norm, -1 when no pattern has it
  int32_t lemma_id = -1;            // of the lemma
  int32_t stem_id = -1;             // of "~" + the Snowball stem (tokens that may need it)
  uint32_t kinds = 0;               // WordKind bits (by norm, lemma, or stem when no lemma)
  uint8_t flags = 0;                // ClaimLexicon::kHasCues, kHasPreds: a cue or pattern may
                                    // start here; kOwnLemma: a lemma other than the norm
};

class ClaimLexicon {
 public:
  /// Loads data/<lang>/claim_*.tsv from `dir` (= data/<lang>). A missing directory or
  /// file is an empty lexicon; a malformed row throws DataFileError.
  ClaimLexicon(const std::filesystem::path& dir, std::string_view snowball_language);

  bool empty() const { return cues_.empty(); }

  /// Bits of TokenView::flags.
  static constexpr uint8_t kHasCues = 1, kHasPreds = 2, kOwnLemma = 4;

  /// Sets the ids and kinds of each token from its norm and lemma (again after changing
  /// a token).
  void prepare(std::vector<TokenView>& tokens) const;

  /// Cues whose words match the tokens from `i`; each with its length in tokens.
  void cues_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
               std::vector<std::pair<const ClaimCue*, size_t>>& out) const;
  /// Predicate classes matched from `i` (each with its length), appended to out.
  void predicates_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
                     std::vector<std::pair<uint32_t, size_t>>& out) const;
  /// The WordKind bits of a prepared token (by norm, lemma or stem).
  static uint32_t word_kinds(const TokenView& t) { return t.kinds; }
  /// True when the token ends with a gerund ending of the language ("-endo", "-ing").
  bool is_gerund(std::string_view norm) const;
  /// True when class a and class b exclude each other.
  bool conflict(uint32_t a, uint32_t b) const;
  const std::vector<std::string>& classes() const { return classes_; }

  /// True when the prepared token `t` matches `w`.
  static bool matches(const PatternWord& w, const TokenView& t);
  /// True when the prepared token `t` matches `w` by its norm or lemma (not only by its stem).
  static bool matches_form(const PatternWord& w, const TokenView& t);
  /// True when the norm ends with a verb ending of the language (claim_words.tsv kind
  /// verb_ending): a cue matched only by its stem must look like a verb form.
  bool verb_like(std::string_view norm) const;
  /// True when the norm ends with an infinitive ending (kind infinitive_ending).
  bool is_infinitive(std::string_view norm) const;

 private:
  struct StemCache;
  std::vector<PatternWord> parse_pattern(std::string_view text) const;
  void index_first(const std::vector<PatternWord>& words, uint32_t id,
                   std::unordered_map<std::string, std::vector<uint32_t>>& index);
  std::string stem(std::string_view word) const;
  void intern_patterns();
  int32_t key_id(std::string_view key) const;
  bool may_stem(std::string_view norm) const;
  int32_t stem_id(StemCache& cache, std::string_view norm) const;
  StemCache& stem_cache() const;
  /// The candidates (cue or predicate ids) a token may start, sorted: the lists of its
  /// norm, its own lemma and its stem. Returns a list of by_id or `tmp`.
  const std::vector<uint32_t>* candidates(const std::vector<std::vector<uint32_t>>& by_id, const TokenView& t,
                                          std::vector<uint32_t>& tmp) const;

  std::string snowball_;
  uint64_t serial_ = 0;                                                 // tells caches apart
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
  std::vector<uint32_t> stem_prefixes_;                // first 3 bytes of stems (prefix_code)
  std::vector<uint32_t> prefix_set_;                   // the same as a hash set, 0 = empty slot
  size_t prefix_slot(uint32_t code) const { return (code * 0x9E3779B1u >> 12) & (prefix_set_.size() - 1); }
  // Interned keys (forms, "=forms", "~"+stems, function words) -> id, and by id the
  // word kinds and the cues and predicates indexed under the key.
  WordMap<int32_t> keys_;
  std::vector<uint32_t> id_kinds_;
  std::vector<uint8_t> id_flags_;                      // kHasCues | kHasPreds
  std::vector<int32_t> id_stem_;                       // the stem id of the key as a norm, or -1
  std::vector<std::vector<uint32_t>> id_cues_, id_preds_;
};

}  // namespace cronaca
