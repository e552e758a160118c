// The time grammar: finds time expressions in a sentence's tokens and resolves
// them against the document date at that date's precision.
//
// The grammar is a set of small rules over tokens, each a composition of
// lexicon classes (TimeLexicon): a number, a unit, a month, a weekday, a
// modifier, a trigger. At each token every rule is tried; the longest match
// wins, and the scan goes on after it (leftmost-longest, no overlaps). The
// rules and the value conventions are documented in docs/time.md.
//
// Example:
//   TimeGrammar g(lexicon);
//   std::vector<Timex> out = g.find(doc, view);   // view: tokens of the document
//
// Thread safety: immutable; find() is safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/document.h"
#include "time/time_lexicon.h"

namespace cronaca {

/// One token as the grammar sees it.
struct TimeToken {
  Span span;
  std::string_view norm;  // case-folded form (Token::norm)
  TokenKind kind = TokenKind::Word;
  uint8_t flags = 0;
  uint32_t sentence = 0;
  const TimeWord* word = nullptr;                     // lexicon entry of norm, or nullptr
  const std::vector<TimePhrase>* phrases = nullptr;   // TimeLexicon::phrases(norm)
  uint8_t props = 0;                                  // kStarts ... (TimeGrammar::annotate)

  /// Bits of props: may start an expression (its word's `starts`, else a number or
  /// a form with a digit or a hyphen); has a digit; has a hyphen; its word is the unit
  /// "century".
  static constexpr uint8_t kStarts = 1, kDigit = 2, kDash = 4, kCentury = 8;
};

/// Resolves relative expressions against a document date at its precision.
/// Every method returns a TIMEX3 value; none invents precision the date lacks.
class TimeResolver {
 public:
  explicit TimeResolver(const DocDate& date);
  /// `n` units from the document date (today = Day 0, next week = Week +1).
  std::string offset(TUnit unit, int n) const;
  /// `n` units before (sign -1) or after (+1) the document date: "tre anni fa", "a week ago".
  std::string shifted(TUnit unit, double n, bool vague, int sign) const;
  /// A weekday (1..7): rel 0 nearest (-3..+3 days), -1 last, +1 next, 2 = this week.
  std::string weekday(int wd, int rel) const;
  /// A month without a year: rel -2 none (the document's year), -1 last, +1 next.
  std::string month(int m, int rel) const;
  /// A day and month without a year, with the same rel as month().
  std::string day_month(int d, int m, int rel) const;
  /// A season with rel -2 none, -1 last, 0 this, +1 next.
  std::string season(const std::string& code, int rel) const;
  /// The document date as a value at its precision, at most a day ("2022-01").
  std::string doc_value() const;
  /// The date part for a bare clock time or part of day: the day, else XXXX-XX-XX.
  std::string day_or_unknown() const;
  /// The document's year, or -1 when unknown.
  int year() const;
  const DocDate& date() const { return date_; }

 private:
  static std::string ref(int n);
  DocDate date_;
  int64_t day_ = 0;  // day number when precision >= Day
};

class TimeGrammar {
 public:
  explicit TimeGrammar(const TimeLexicon& lexicon) : lx_(lexicon) {}
  /// Sets t.props from t.norm, t.kind and t.word (call it once word is set).
  static void annotate(TimeToken& t);
  /// Time expressions in `tokens` (the document's, in order, each with word, phrases
  /// and props set), resolved against doc.date.
  std::vector<Timex> find(const Document& doc, const std::vector<TimeToken>& tokens) const;

 private:
  const TimeLexicon& lx_;
};

}  // namespace cronaca
