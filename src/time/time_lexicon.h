// The time stage's words for one language: month and weekday names, numbers,
// units, modifiers, triggers, deictic and vague phrases, parts of day, seasons.
//
// Sources, all loaded once and immutable afterwards:
//   ICU                          month names (wide and abbreviated), weekday names
//                                (DateFormatSymbols), number words 1..100 and ordinals
//                                1..31 (RuleBasedNumberFormat spell-out rules);
//   data/<lang>/time_names.tsv   extra month / weekday spellings        word kind value needs
//   data/<lang>/time_numbers.tsv extra number words (un', a, several)   word kind value
//   data/<lang>/time_units.tsv   unit words and their TIMEX3 unit       word unit needs
//   data/<lang>/time_modifiers.tsv  next/last/this, early/late, about   word role value position
//   data/<lang>/time_triggers.tsv   prepositions and other cue words    word role value
//   data/<lang>/time_deictic.tsv    today, yesterday, tonight ...       phrase unit offset part_of_day
//   data/<lang>/time_vague.tsv      recently, in futuro ...             phrase type value
//   data/<lang>/time_partofday.tsv  morning, sera, noon ...             word value
//   data/<lang>/time_seasons.tsv    spring, estate ...                  word value needs
// The columns and codes are documented at the top of each file and in docs/time.md.
//
// Every word is stored under its case-folded NFC form with apostrophes as U+0027,
// the form of Token::norm; phrases are split into token norms the way the
// segmenter splits them (on spaces, and after an elision apostrophe).
//
// Thread safety: immutable after load(); all const methods are safe from any thread.
// Errors: load() throws DataFileError ("file:line: what is wrong").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/word_map.h"

namespace cronaca {

/// TIMEX3 units the grammar knows (the letters are the TIMEX3 value's unit).
enum class TUnit : uint8_t {
  None,
  Year,
  Month,
  Week,
  Day,
  Hour,
  Minute,
  Second,
  Decade,
  Century,
  Quarter,
  Night,
  Weekend
};

/// Parses a unit code of the data files: Y M W D H MIN S DE CE Q NI WE.
TUnit tunit_from(std::string_view code);

/// Trigger roles (bits of TimeWord::roles).
enum TimeRole : uint32_t {
  kRoleDuration = 1u << 0,  // da, per, for: a following quantity is a duration
  kRoleAgo = 1u << 1,       // fa, ago: after a duration, makes it a past date
  kRoleAhead = 1u << 2,     // tra, fra: before a duration, makes it a future date
  kRoleSet = 1u << 3,       // ogni, every, each: a set
  kRoleYear = 1u << 4,      // nel, in, since: a following 4-digit number is a year
  kRoleClock = 1u << 5,     // alle, at, ore: a following number is a time of day
  kRoleDet = 1u << 6,       // il, la, the: an article the expression may take
  kRoleConj = 1u << 7,      // e, and: "un anno e mezzo", "2019 e 2020"
  kRoleOf = 1u << 8,        // di, del, of: "maggio del 2008", "the end of"
  kRoleAmPm = 1u << 9,      // a.m., p.m. (value: hours to add, 0 or 12)
  kRoleZone = 1u << 10,     // UTC, GMT (value: the zone suffix, "Z")
  kRoleRange = 1u << 11,    // to, al, -: "between 60 and 90 days"
  kRoleBetween = 1u << 12,  // tra, fra, between (before a first date of a range)
  kRoleTimes = 1u << 13,    // volte, times, once: "tre volte al giorno" (a set)
  kRolePer = 1u << 14,      // al, a, per: "al giorno", "a day" after kRoleTimes
  kRoleAmount = 1u << 15,   // euro, billion: an amount before a rate ("100 euro al giorno")
};

/// What one word form can be. A form may be several things ("secondo").
struct TimeWord {
  uint8_t month = 0;                 // 1..12
  bool month_needs_number = false;   // abbreviation or ambiguous form: only next to a number or year
  bool month_needs_context = false;  // "May", "March": needs a number, a year or a time preposition
  uint8_t weekday = 0;               // 1..7, Monday = 1
  int number = -1;                   // cardinal value
  bool vague_quantity = false;       // alcuni, several: "X" as the amount
  bool half = false;                 // mezzo, half
  uint8_t ordinal = 0;               // 1..31 (primo, first)
  TUnit unit = TUnit::None;
  bool unit_plural = false;           // anni, years
  bool unit_needs_quantity = false;   // only after a number ("secondi", "min")
  std::string part_of_day;            // "MO" "AF" "EV" "NI", or a clock time "12:00"
  std::string season;                 // "SP" "SU" "FA" "WI"
  bool season_needs_context = false;  // "fall": only with a modifier or a year
  bool is_rel = false;                // prossimo, scorso, next, last, this
  int8_t rel = 0;                     // its offset: -1, 0, +1
  uint8_t rel_position = 0;           // 1 before the unit, 2 after, 3 both
  bool boundary = false;              // early, late, mid, inizio, fine, metà
  bool approx = false;                // circa, about, almost
  bool recent = false;                // recent: "recent years" = PXY
  uint32_t roles = 0;                 // TimeRole bits
  int role_value = 0;                 // kRoleAmPm: 0 or 12
  std::string zone;                   // kRoleZone: "Z"
  bool starts = false;                // may start an expression (set by load(); a filter for speed)
  bool phrase_head = false;           // the first word of a deictic or vague phrase
};

/// A phrase of one or more tokens with a fixed meaning.
struct TimePhrase {
  enum class Kind : uint8_t { Deictic, Vague } kind = Kind::Deictic;
  std::vector<std::string> words;  // token norms
  // Deictic: an offset in a unit from the document date, with a part of day.
  TUnit unit = TUnit::Day;
  int offset = 0;
  std::string part_of_day;
  // Vague: a fixed type and value.
  std::string type;   // DATE TIME DURATION SET
  std::string value;  // PAST_REF, P1D ...
  size_t line = 0;
};

class TimeLexicon {
 public:
  TimeLexicon() = default;
  TimeLexicon(TimeLexicon&&) = default;
  TimeLexicon& operator=(TimeLexicon&&) = default;
  TimeLexicon(const TimeLexicon&) = delete;   // index_ points into words_ and phrases_
  TimeLexicon& operator=(const TimeLexicon&) = delete;

  /// Loads ICU's names for `lang` ("it", "en") and data_dir/<lang>/time_*.tsv.
  static TimeLexicon load(const std::filesystem::path& data_dir, const std::string& lang);

  const std::string& lang() const { return lang_; }
  /// The entry of a token norm; nullptr when the form is no time word.
  const TimeWord* word(std::string_view norm) const;
  /// Phrases whose first word is `norm`, longest first.
  const std::vector<TimePhrase>* phrases(std::string_view norm) const;
  /// Both in one look-up: the word of `norm` (nullptr if none) and its phrases.
  struct Entry {
    const TimeWord* word = nullptr;
    const std::vector<TimePhrase>* phrases = nullptr;
  };
  const Entry* entry(std::string_view norm) const { return index_.find(norm); }

  /// Case-folds, NFC-normalises and normalises apostrophes (the Token::norm form).
  static std::string fold(std::string_view s);
  /// Splits a phrase into token norms: on spaces and after an elision apostrophe.
  static std::vector<std::string> split_phrase(std::string_view s);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  TimeWord& at(const std::string& norm) { return words_[norm]; }

  std::string lang_;
  // Built by load(); node-based, so the pointers of index_ survive a move.
  std::unordered_map<std::string, TimeWord, Hash, std::equal_to<>> words_;
  std::unordered_map<std::string, std::vector<TimePhrase>, Hash, std::equal_to<>> phrases_;
  // What word(), phrases() and entry() read: one look-up per token (util/word_map.h).
  WordMap<Entry> index_;
};

}  // namespace cronaca
