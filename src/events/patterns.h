// Event patterns: the data the event stage matches (verbs by lemma, event nouns,
// support verbs), loaded from data/<lang>/event_patterns.tsv or imported from a
// PETRARCH verb dictionary (events/petrarch_verbs.h).
//
// File format (TSV with a header row and '#' comments; docs/events.md has the
// full description and examples):
//   id       pattern id, unique in its file; the event's rule is "<lang>:<id>[#variant]"
//   kind     verb | noun | support
//            verb: a predicate ("arrestare", "meet"); noun: an event noun ("arresto",
//            "talks") that makes an event when a support verb governs it, when it is
//            the subject of its clause or stands in a verbless title; support: a light
//            verb ("avere", "hold") that lends its subject to an event noun.
//   lemma    trigger words, '|'-separated lemmas; "stem-" is a stem that matches
//            stem + any inflection ending of the language (see Morph below); "=form"
//            matches that form (or lemma) only. Every
//            lemma also matches its inflected forms through its derived stem.
//   needs    optional complement, '|'-separated alternatives; each alternative is
//            a space-separated sequence of words (lemmas or "stem-") that must follow
//            the trigger, in order, within the clause ("di sparare" is written
//            "sparare"; "call on" as trigger "call", needs "on"); an alternative
//            starting with '<' is looked for just before the trigger instead.
//   unless   optional '|'-separated words that veto the pattern when they occur
//            near the trigger (the two words before it, the ten after it in the
//            clause); a word written with a leading '<' vetoes it only just before
//            the trigger ("<si": the reflexive "si è fermato" is not an arrest).
//   code     CAMEO event code.
//   source   ','-separated preferences: subj agent gen poss pair1 pair2 comp obj none
//            (default: verb subj, noun poss,gen... see docs/events.md)
//   target   same, plus "prep:w/w/w" = the argument after one of these prepositions.
//   plover   optional PLOVER category overriding the CAMEO code's (data/cameo/codes.tsv)
//            where the PLOVER manual files the act elsewhere (resignations: RETREAT).
//   flags    ','-separated: fallback (kept only when no other event shares the
//            clause or follows in it: plain statements), near (the first needs word
//            must come within two words of the trigger: particles).
//
// Thread safety: immutable after loading.
// Errors: load() throws DataFileError ("file:line: what is wrong").
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/document.h"

namespace cronaca {

/// Inflection knowledge for matching a lemma against a form when the morphology
/// gives no lemma: a lemma's stem and the endings a stem may take.
class Morph {
 public:
  explicit Morph(std::string_view lang);
  /// Inflection classes, as a bit mask: which endings a stem takes. Italian stems
  /// derived from an infinitive take their conjugation's endings only (so "sparare"
  /// does not match "sparite", of sparire), noun and adjective stems the plurals;
  /// English stems take "e" only when the lemma's final e was dropped ("quit" is not
  /// "quite") and "ies"/"ied" only when its final y became i.
  static constexpr uint8_t kAre = 1, kEre = 2, kIre = 4, kNominal = 8;
  static constexpr uint8_t kPlainStem = 16, kDroppedE = 32, kYtoI = 64, kAnyClass = 0xFF;
  /// The stem of a lemma ("arrestare" -> "arrest", "scagliarsi" -> "scagli",
  /// "arrest" -> "arrest", "negoziato" -> "negoziat"); empty when the word is
  /// too short or a phrase to stem safely. `cls`, when given, receives the stem's class.
  std::string stem_of(std::string_view lemma, uint8_t* cls = nullptr) const;
  /// True when `form` is `stem` plus an inflection ending of the language, of a class in `cls`.
  bool inflects(std::string_view form, std::string_view stem, uint8_t cls = kAnyClass) const;
  const std::string& lang() const { return lang_; }
  /// The classes `rest` is an ending of (0: not an ending of the language; "" is one).
  uint8_t ending_classes(std::string_view rest) const {
    if (rest.size() > max_ending_) return 0;
    auto it = endings_.find(rest);
    return it == endings_.end() ? 0 : it->second;
  }
  bool is_ending(std::string_view rest) const { return ending_classes(rest) != 0; }
  /// English doubles a final consonant before an ending ("stopped").
  bool doubles_final() const { return double_final_; }
  /// The shortest stem a trigger may have.
  size_t min_stem() const { return min_stem_; }

 private:
  std::string lang_;
  size_t min_stem_ = 4;
  bool double_final_ = false;
  std::unordered_map<std::string_view, uint8_t> endings_;  // views of string literals -> classes
  size_t max_ending_ = 0;
};

/// One word of a pattern: an exact lemma or form, and the stem it inflects from.
struct WordSpec {
  std::string text;   // the lemma as written (lower case)
  std::string stem;   // derived (or written as "stem-"); empty = exact only
  uint8_t cls = Morph::kAnyClass;  // the endings the stem takes (Morph classes)
  uint32_t id = UINT32_MAX;  // set by PatternSet::add() for needs, unless and tail words
  bool operator==(const WordSpec& o) const { return text == o.text && stem == o.stem; }
};

/// What one word form is to the patterns (PatternSet::lookup): the patterns it
/// triggers, the ids of the pattern words (needs, unless, tails) it matches, and the
/// caller's tags (PatternSet::tag) its norm, its lemma and its stems meet.
struct FormMatch {
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> candidates;  // sorted, unique
  std::vector<uint32_t> words;       // sorted, unique
  uint32_t norm_tag = kNone;         // the norm, exactly
  uint32_t chop_tag = kNone;         // the norm without its last byte ("dell'" -> "dell")
  uint32_t lemma_tag = kNone;        // the lemma, exactly (also when it equals the norm)
  std::vector<uint32_t> stem_tags;   // stems the norm inflects from (Morph::inflects)
};

/// A complement a pattern needs: words in order after the trigger (or, written
/// with a leading '<', before it: "<truppe" for "le truppe inviate").
struct Need {
  std::vector<WordSpec> words;
  bool before = false;
};

/// Where an argument is looked for.
struct ArgSpec {
  enum class Kind : uint8_t { Subj, Obj, Prep, Gen, Poss, Agent, Pair1, Pair2, Comp, None };
  Kind kind = Kind::None;
  std::vector<std::string> preps;   // Prep: the prepositions' forms (lower case)
};

enum class PatternKind : uint8_t { Verb, Noun, Support };

struct Pattern {
  std::string id;                               // "arrestare"
  std::string lang;                             // "it"
  PatternKind kind = PatternKind::Verb;
  std::vector<WordSpec> lemmas;                 // alternatives (single words)
  std::vector<WordSpec> tail;                   // a phrase trigger's further words ("fire" of "open fire"),
                                                // which must follow the trigger word directly
  std::vector<Need> needs;                      // alternatives
  std::vector<WordSpec> unless;
  std::vector<WordSpec> unless_before;          // "<word": only the two words before the trigger
  std::string code;                             // CAMEO
  std::string plover;                           // PLOVER category, when the manual files the act
                                                // elsewhere than its code's crosswalk; else empty
  std::vector<ArgSpec> source;                  // preferences, in order
  std::vector<ArgSpec> target;
  bool fallback = false;
  bool near = false;
  std::string origin;                           // "file:line"
};

/// The patterns of one language with the indexes that find them at a token.
class PatternSet {
 public:
  explicit PatternSet(std::string_view lang) : morph_(lang), lang_(lang) {}

  /// Reads an event_patterns.tsv file and adds its patterns.
  void load(const std::filesystem::path& file);
  /// Adds one pattern (lemmas, needs and unless words get their stems here). A
  /// phrase lemma ("open fire") becomes a pattern of its own with a tail.
  void add(Pattern p);

  /// Parses a word list ("arrestare|arrest-") into WordSpecs with derived stems.
  std::vector<WordSpec> words(std::string_view list, char sep = '|') const;
  /// Parses an argument preference list ("subj,prep:contro/con").
  static std::vector<ArgSpec> args(std::string_view list, std::string& error);

  /// Indexes of patterns whose trigger matches the token (sorted, unique).
  void candidates(const Token& tok, std::vector<uint32_t>& out) const;
  /// True when the token is this word (lemma, form, or stem + ending).
  bool matches(const WordSpec& w, const Token& tok) const;
  /// Everything at once for a form (its norm and lemma): the candidates, the ids of
  /// every interned word it matches, and the tags it meets. One walk along a byte trie
  /// of every written lemma, word, stem and tag: no hashing, and most forms leave the
  /// trie after a few bytes.
  void lookup(std::string_view norm, std::string_view lemma, FormMatch& out) const;
  /// Number of interned words (ids are 0 .. word_count() - 1).
  size_t word_count() const { return word_count_; }
  /// Tags a word (met by a form whose norm, lemma or chopped norm it is) or a stem
  /// (met by a form that inflects from it), for the caller's own lexicon: the event
  /// stage's cue words and actor nouns. A key holds one exact and one stem tag.
  void tag(std::string_view key, bool stem, uint32_t tag);
  /// The tag already on a key, or FormMatch::kNone.
  uint32_t tag_of(std::string_view key, bool stem) const;
  /// Renumbers the trie breadth-first, so that a node's children lie side by side in
  /// memory (lookups then walk contiguous nodes). Optional; call once loading is done.
  void compact();

  const std::vector<Pattern>& patterns() const { return patterns_; }
  /// The kind of pattern i, from a compact array (cheaper than touching the pattern).
  PatternKind kind(uint32_t i) const { return kinds_[i]; }
  const Morph& morph() const { return morph_; }
  const std::string& lang() const { return lang_; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>>;

  // A byte trie over every written lemma, word, stem and tag, in one array: each node
  // has its first child and its next sibling; the root's children are indexed by byte.
  struct Payload {
    std::vector<uint32_t> exact_patterns, stem_patterns, exact_words, stem_words;
    std::vector<uint8_t> stem_pattern_cls, stem_word_cls;  // per stem entry, its classes
    uint32_t exact_tag = FormMatch::kNone, stem_tag = FormMatch::kNone;
  };
  struct TrieNode {
    uint32_t first_child = UINT32_MAX;
    uint32_t next = UINT32_MAX;       // next sibling
    uint32_t payload = UINT32_MAX;    // index into payloads_
    uint32_t wide = UINT32_MAX;       // a node with many children: its table in wide_
    uint16_t kids = 0;
    unsigned char byte = 0;
  };
  Payload& payload_at(std::string_view key);
  static void put_stem(std::vector<uint32_t>& ids, std::vector<uint8_t>& classes, uint32_t id, uint8_t cls);
  const Payload* payload_of(std::string_view key) const;
  uint32_t child(uint32_t node, unsigned char c) const {
    const TrieNode& n = trie_[node];
    if (n.wide != UINT32_MAX) return wide_[n.wide * 256 + c];
    for (uint32_t k = n.first_child; k != UINT32_MAX; k = trie_[k].next) {
      if (trie_[k].byte == c) return k;
      if (trie_[k].byte > c) break;
    }
    return UINT32_MAX;
  }

  Morph morph_;
  std::string lang_;
  std::vector<Pattern> patterns_;
  std::vector<PatternKind> kinds_;   // patterns_[i].kind
  std::vector<TrieNode> trie_{1};    // [0] is the root
  std::vector<uint32_t> wide_;       // 256 children per table, for the root and busy nodes
  std::vector<Payload> payloads_;
  // Interned pattern words (needs, unless, tails): id by (text, stem).
  void intern(WordSpec& w);
  Index word_ids_;       // text + '\x01' + stem -> {id}
  size_t word_count_ = 0;
};

}  // namespace cronaca
