// Stage "events": who did what to whom, coded in CAMEO with PLOVER beside it.
//
// Reads: tokens (norm, lemma, pos, features), sentences, entities (mentions,
//        actor codes, country), timexes, quotes, doc.date, doc.lang
// Writes: events (code, plover, source/target entities and actor codes, date,
//        place, mode, evidence, trigger, rule)
// Data files, per language L in {it, en} (each optional; docs/events.md):
//   data/cameo/codes.tsv          CAMEO codes -> name, PLOVER, QuadClass, Goldstein
//   data/L/event_patterns.tsv     verbs, event nouns, support verbs (patterns.h)
//   data/L/event_cues.tsv         function words: prepositions, articles, clause
//                                 boundaries, negation, mode cues, passive auxiliaries
//   data/L/event_actors.tsv       group and role nouns usable as arguments when no
//                                 entity covers them ("manifestanti" -> OPP)
//   data/L/petrarch/*.txt         PETRARCH verb dictionaries to import (optional)
//   and the knowledge base's demonyms and role nouns (kb/knowledge_base.h).
//
// How it works, per sentence: every word token asks the lexicon once (a trie walk,
// cached per form and thread) for its cue classes, candidate patterns and actor noun;
// the most specific pattern whose complement is present wins; the clause around the
// trigger (boundaries: conjunctions, relatives, ';', ':'; asides between dashes,
// parentheses, ", che ... ," and appositions are skipped) gives the arguments: the
// subject is the nearest argument to the left not governed by a preposition, the
// passive swaps roles (agent after da/by), a clause without a subject inherits the last
// one (Italian null subject, coordination); targets follow the pattern's preferences (direct
// object, a preposition, the genitive, a pair "tra X e Y"), else the maker of the object
// ("an Indian proposal"), a protest's purpose, the place. Event nouns count only when a
// support verb governs them, when they head their clause or a verbless title, or when a
// report noun introduces them ("la notizia dell'arresto"). Announced acts become intents
// (03), threats (13) or refusals (12); a statement is coded by what it says (a "must" is a
// demand); the least embedded clauses' events stand (docs/events.md, "One sentence, one
// account").
// Date: time/time_stage.h clause_date() (the governing time expression, else the
// document date). Mode: negated > hypothetical > future > reported > asserted, from cues in the
// clause, verb features (<fti> future, <cni> conditional) and quotations.
//
// Thread safety: immutable after construction; run() is safe from any thread (its form
// cache and per-document buffers are the calling thread's own, thread_local).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/cameo.h"
#include "events/patterns.h"
#include "pipeline/stage.h"

namespace cronaca {

class EventStage : public Stage {
 public:
  explicit EventStage(const StageContext& ctx);
  ~EventStage() override;
  std::string_view name() const override { return "events"; }
  void run(Document& doc) const override;

  /// The patterns loaded for a language ("it", "en"); nullptr if none.
  const PatternSet* patterns(std::string_view lang) const;
  const CameoTable& cameo() const { return cameo_; }

  struct Lang;  // one language's patterns, cues and actor nouns (event_stage.cc)

 private:
  const Lang* lang_for(const Document& doc) const;

  CameoTable cameo_;
  std::vector<std::unique_ptr<Lang>> langs_;
  std::unordered_map<std::string, std::string> demonyms_;  // "kazako" -> "KAZ" (from the knowledge base)
};

}  // namespace cronaca
