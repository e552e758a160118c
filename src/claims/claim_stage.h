// Stage "claims": propositions that a source puts forward, and their fate in the article.
//
// Reads:  tokens (norm, lemma, pos, features, flags), sentences, entities (mentions,
//         type, actor), quotes (speaker), events (trigger, evidence), timexes
// Writes: claims (source, span, event, status, history); may APPEND entities (never
//         reorders them) for a claim source that no entity covers, and adds Nominal
//         mentions ("il sito internet", "the newspaper") to the entity they refer to.
// Data:   data/<lang>/claim_cues.tsv        reporting, statement, "according to", label,
//                                            status-change and writer cues
//         data/<lang>/claim_words.tsv       media nouns, anaphors, function words
//         data/<lang>/claim_predicates.tsv  predicate classes (left the country, is in X)
//         data/<lang>/claim_conflicts.tsv   classes that exclude each other
//         (<lang> = it, en; documents in other languages get no claims)
//
// What it finds (docs/claims.md has the full rules and the reasons):
//   - statements: a source (the subject of a reporting or statement verb, the object of
//     "secondo"/"according to", the speaker of a quotation, the source of an Italian
//     conditional sentence that continues the last statement) and its proposition;
//   - status changes of an earlier statement: retraction by its own source ("il sito aveva
//     smentito la notizia", "the newspaper withdrew the report"), denial or confirmation
//     by another ("X ha negato", "X confirmed"), contradiction by a later statement of
//     another source whose predicate excludes the claim's ("si trova nella capitale"
//     against "aveva lasciato il Paese"), the writer's correction of a quoted label
//     ("ha definito X “terroristi”, ma sono in realtà ...": disputed);
//   - a statement becomes a claim in the output when its source is a news medium or
//     when its status changed: other attributed statements are quotations and events.
//
// Thread safety: immutable after construction; run() is thread-safe.
#pragma once

#include <memory>

#include "pipeline/stage.h"

namespace cronaca {

class ClaimLexicon;

class ClaimStage : public Stage {
 public:
  /// Loads ctx.data_dir/{it,en}/claim_*.tsv. Throws DataFileError for a malformed row;
  /// a missing file is an empty list.
  explicit ClaimStage(const StageContext& ctx);
  ~ClaimStage() override;
  std::string_view name() const override { return "claims"; }
  /// Replaces doc.claims.
  void run(Document& doc) const override;

 private:
  const ClaimLexicon* lexicon(std::string_view lang) const;

  std::unique_ptr<ClaimLexicon> it_;
  std::unique_ptr<ClaimLexicon> en_;
  const KnowledgeBase* kb_ = nullptr;
};

}  // namespace cronaca
