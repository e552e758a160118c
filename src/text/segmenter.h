// Stage "segment": sentences and tokens of Italian and English news text.
//
// Reads:  text, lang
// Writes: tokens (span, kind, flags, norm, sentence), sentences
// Data:   data/<lang>/abbreviations.tsv      abbreviations that keep their dot, with their kind
//         data/<lang>/seg_sentence_starters.tsv  words that start a new sentence after an
//                                                abbreviation that may end one ("U.S. The")
// Languages without data files use the union of the Italian and English ones.
//
// Tokens (rules in order; tests: tests/cases/segment/*.txt via tests/unit/segment_test.cc):
//   - Words: letters, digits and marks; inner hyphens join ("Nato-Russia", "Covid-19");
//     an inner dot followed by a lower-case letter, or after a single letter, joins
//     ("Orda.kz", "www.x.com", "U.S"); "http://..." and "x@y.it" are one token.
//   - Apostrophes inside a word. Italian (and any language but English): elision, the
//     apostrophe ends the first token, flagged kElided ("l’" "occasione", "dell’" "arresto").
//     English: the clitics 's 'm 're 've 'd 'll and n't become their own token
//     ("don’t" -> "do" "n’t", "Putin’s" -> "Putin" "’s", "can’t" -> "ca" "n’t", as the Penn
//     Treebank does); other inner apostrophes stay in the word ("O’Brien").
//   - An apostrophe after a word and before a non-letter closes a single-quoted passage
//     when one is open ("aver ‘defenestrato’ Nursultan"): a Quote token. Otherwise it is
//     an Italian truncation from abbreviations.tsv ("po’", kind truncation) and stays in
//     the word, or, in English after an s, a possessive marker (its own Word token "’").
//   - An apostrophe before a word with space (or nothing) before it opens a quotation.
//   - Abbreviations keep their final dot (flag kAbbreviation): forms listed in
//     abbreviations.tsv, single capital letters (initials "J."), dotted acronyms ("U.S.").
//   - Numbers: digits with inner . , : / before a digit ("1.500", "3,5", "10:30",
//     "7/1/2022"), ISO dates ("2022-01-07"), with ordinal or decade suffixes ("1990s", "3rd",
//     "1°"); digits followed by other letters make a Word ("5G", "10km").
//   - Quote: “ ” ‘ „ « » ‹ › " ` and apostrophes used as quotation marks.
//   - Dash: – — ― and a free-standing hyphen or run of hyphens.
//   - Punct: . , ; : ! ? ( ) [ ] { } … and "..." as one token; Symbol: the rest.
// norm: simple Unicode case folding, apostrophes (’ ‘ ` ʼ) as ', NFC for tokens with
// combining marks.
//
// Sentences end:
//   - at a paragraph break (a blank line), always;
//   - at a line break when the next token is not a lower-case word and the line does not
//     end with , ; or an opening bracket or quote;
//   - after . ! ? … ... (and runs of them) together with the closing quotes and brackets
//     glued to them, when the next token is capitalised, a number, an opening quote, a
//     dash, an opening bracket, or the end of the text;
//   - after an abbreviation of kind "final" ("ecc.", "etc.", "U.S.") only when the next token
//     is a listed sentence starter ("The", "Il").
// Never after a title or abbreviation of kind abbr/title, an initial, or inside a number.
//
// Thread safety: immutable after construction; run() is thread-safe.
#pragma once

#include <string>
#include <unordered_map>

#include "pipeline/stage.h"

namespace cronaca {

/// How an abbreviation in abbreviations.tsv behaves.
enum class AbbrevKind : uint8_t {
  Title,       // before a name, never ends a sentence ("dott.", "Mr.")
  Abbr,        // never ends a sentence ("art.", "sig.", "Jan.")
  Final,       // may end a sentence ("ecc.", "etc.", "U.S.")
  Truncation,  // Italian apocope written with an apostrophe ("po’"); not dotted
};

class SegmentStage : public Stage {
 public:
  /// Loads ctx.data_dir/{it,en}/abbreviations.tsv and seg_sentence_starters.tsv.
  /// Throws DataFileError when one is malformed; a missing file is an empty list.
  explicit SegmentStage(const StageContext& ctx);
  std::string_view name() const override { return "segment"; }
  /// Replaces doc.tokens and doc.sentences.
  void run(Document& doc) const override;

  /// The language's tables (exposed for tests). lang "it", "en", or anything else
  /// for the union of both.
  struct LangTables {
    std::unordered_map<std::string, AbbrevKind> abbrevs;  // lower-case form with its dot or apostrophe
    std::unordered_map<std::string, bool> starters;       // lower-case words
    bool english_clitics = false;                         // split 's n't ... (else: elision)
  };
  const LangTables& tables(std::string_view lang) const;

 private:
  LangTables it_, en_, other_;
};

}  // namespace cronaca
