// Stage "time": finds time expressions (TIMEX3) in Italian and English and
// resolves each against the document date at the precision that date has.
//
// Reads:  tokens (span, kind, flags, norm), sentences, date, lang. Without
//         tokens (segmentation skipped) it splits the text itself, roughly.
// Writes: timexes (span, type DATE/TIME/DURATION/SET, value, rule "it:deictic" ...),
//         sorted by span, never overlapping.
// Data:   ICU calendar names and spelled-out numbers for the language, and
//         data/{it,en}/time_{names,numbers,units,modifiers,triggers,deictic,vague,
//         partofday,seasons}.tsv (see time_lexicon.h). Conventions: docs/time.md.
//
// Precision: with a date of 2022-01-07 "ieri" is 2022-01-06 and "la settimana
// prossima" 2022-W02; with 2022-01 only, "ieri" is 2022-01 and "la settimana
// prossima" FUTURE_REF; with no date, PAST_REF / XXXX-01-07.
//
// Thread safety: immutable after construction; run() is safe from any thread.
// Errors: the constructor throws DataFileError for a malformed data file.
#pragma once

#include <memory>
#include <string>

#include "pipeline/stage.h"

namespace cronaca {

class TimeLexicon;
class TimeGrammar;

class TimeStage : public Stage {
 public:
  explicit TimeStage(const StageContext& ctx);
  ~TimeStage() override;
  std::string_view name() const override { return "time"; }
  void run(Document& doc) const override;

 private:
  std::unique_ptr<TimeLexicon> it_, en_;
  std::unique_ptr<TimeGrammar> it_grammar_, en_grammar_;
};

/// The time expression that dates what `clause` states, for the events stage:
/// among the timexes of the sentence holding clause.begin, a DATE or TIME
/// (never a DURATION or SET, nor a vague *_REF) — the one inside the clause
/// if any (the nearest to the clause's start), else the nearest one in the
/// same sentence. nullptr when there is none; callers then use the document
/// date (doc.date.str()). Linear in the number of timexes.
const Timex* governing_timex(const Document& doc, Span clause);

/// The date of what `clause` states: governing_timex()'s value, else the
/// document date at its precision, else "" (no date at all).
std::string clause_date(const Document& doc, Span clause);

}  // namespace cronaca
