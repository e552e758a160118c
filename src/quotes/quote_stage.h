// Stage "quotes": quotations and who said them.
//
// Reads:  text, lang, tokens (norm, lemma, pos, flags), sentences, entities.
// Writes: quotes (span without the marks, speaker, cue, rule);
//         entities[].mentions: a Pronoun or Nominal mention on the words that
//         name a speaker ("lui", "he", "il portavoce") added to the entity they
//         refer to; and, when a speaker named in the text has no entity, a new
//         Entity appended at the end of doc.entities (never reordered).
// Data:   data/<lang>/quote_cues.tsv   cue words (verbs of saying, "secondo",
//                                       "according to", statement nouns);
//         data/<lang>/quote_words.tsv  function words: auxiliaries, pronouns,
//                                       prepositions, nouns that introduce titles.
//         Languages: every data/<lang>/ holding both files; documents in other
//         languages use English.
//
// How (details in docs/quotes.md):
//  1. find_quoted_spans() (quote_marks.h) pairs the quotation marks.
//  2. Nested quotations, titles ("la pizzeria “Da Tommy”") and the writer's
//     scare quotes (one or two words with no cue in their sentence) are dropped.
//  3. The speaker is looked for, in order: a cue right after the quotation
//     ("…”, ha aggiunto Stoltenberg"; "…,” she said"), a cue before it in its
//     sentence ("Tokayev ha ribadito che “…”", "secondo X", "X: «…»", a colon
//     closing the previous paragraph), the speaker of the previous quotation
//     of the same passage when no cue intervenes, and, for a quotation of
//     several words inside a sentence, the sentence's subject.
//  4. The speaker's words become an entity: the entity with a mention there; a
//     pronoun resolved to the last compatible speaker or subject; a role
//     resolved to the entity holding that role, else a new entity.
//
// Thread safety: immutable after construction; run() keeps its state local.
// Errors: the constructor throws DataFileError for a malformed data file.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "pipeline/stage.h"

namespace cronaca {

struct QuoteLexicon;

class QuoteStage : public Stage {
 public:
  explicit QuoteStage(const StageContext& ctx);
  ~QuoteStage() override;
  std::string_view name() const override { return "quotes"; }
  void run(Document& doc) const override;

 private:
  const QuoteLexicon* lexicon_for(std::string_view lang) const;
  std::map<std::string, std::unique_ptr<QuoteLexicon>, std::less<>> lexicons_;  // by language
};

}  // namespace cronaca
