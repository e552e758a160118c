// Stage "entities": the people, organisations, countries and places of an article,
// every name and description that refers to each, and a CAMEO actor code for each.
//
// Reads:  tokens (norm, flags, kind, pos, features, known), sentences, lang, date; the
//         KnowledgeBase (StageContext::kb)
// Writes: entities (name, type, actor, kb_id, country, roles, mentions sorted by span),
//         in the order of their first mention
// Data:   data/kb/* through the KnowledgeBase (actors, countries with capitals and
//         demonyms, role nouns with agent codes);
//         data/{it,en}/entity_cues.tsv: titles, words that head or end organisation and
//         place names, place prepositions, name particles (see the file's header);
//         ICU month and weekday names (not names of entities);
//         the capitalised entries of the hunspell dictionaries (/usr/share/hunspell/
//         {it_IT,en_US}.dic, or $CRONACA_HUNSPELL_DIR): a lone one is a place, unless the
//         Apertium analysers (through MorphStage::analyse, asked for the words an article
//         holds and cached per thread) tag it a given name.
//
// How (details in docs/entities.md):
//   1. gazetteer: the longest knowledge-base phrase at each token, over token keys, with
//      the case rules of GazetteerEntry (names and acronyms must be capitalised);
//   2. unknown names: runs of capitalised tokens that are not common words at the start
//      of a sentence, joined through particles ("von der") and, after an organisation
//      head, connectors ("Corte dei Conti"); typed by cues (titles, role nouns,
//      organisation and place words, prepositions, Apertium's proper-noun tags);
//   3. nominals: role nouns with their demonym or "of <country>" ("il presidente kazako")
//      give agent + country; by apposition or adjacency they give a name its role;
//      an acronym in brackets after a description names it ("(Knb)");
//   4. coreference within the article: same name, surname, transliteration variant
//      (entities/name_variants.h), acronym of a name, capital as its country, role
//      description as the entity holding that role;
//   5. actor: the knowledge base's code at the document date, else country + agent
//      from the roles, else the country.
//
// Thread safety: immutable after construction; run() is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>

#include "pipeline/stage.h"

namespace cronaca {

/// Word lists of one language (data/<lang>/entity_cues.tsv and ICU calendars).
struct EntityCues {
  std::unordered_set<std::string> title, org_head, org_tail, loc_head, gpe_cue, place_prep, particle, connector,
      nominal_det, former, not_name, calendar;
  /// Capitalised entries of the hunspell dictionary (places and given names: "Treviso", "Mario").
  std::unordered_set<std::string> proper;
  /// sport_cue: words of sports reporting; in an article with several of them a country or
  /// city named as the subject of a match is its team (ORG), as KIND and CoNLL annotate.
  /// weak_prep: place prepositions that also introduce people ("da", "per").
  std::unordered_set<std::string> sport_cue, weak_prep;
  /// team_det: articles and articulated prepositions before a team's name ("la Roma", "dell'Inter").
  std::unordered_set<std::string> team_det;
};

class MorphStage;

class EntityStage : public Stage {
 public:
  /// Loads data/{it,en}/entity_cues.tsv (a missing file is an empty list). Throws
  /// DataFileError for a malformed one.
  explicit EntityStage(const StageContext& ctx);
  ~EntityStage() override;
  std::string_view name() const override { return "entities"; }
  /// Replaces doc.entities.
  void run(Document& doc) const override;

 private:
  const KnowledgeBase* kb_;
  EntityCues it_, en_;
  /// Apertium in both languages, for the given-name test of entries of `proper` (the
  /// English analyser knows many Italian given names the Italian one does not); null
  /// when the analysers cannot be loaded.
  std::unique_ptr<MorphStage> morph_;
};

}  // namespace cronaca
