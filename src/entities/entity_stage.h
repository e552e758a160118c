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
//         place names, place prepositions, name particles, articles, organisation
//         descriptions, offices (see the Italian file's header);
//         ICU month and weekday names (not names of entities);
//         the capitalised entries of the hunspell dictionaries (/usr/share/hunspell/
//         {it_IT,en_US}.dic, or $CRONACA_HUNSPELL_DIR): a lone one is a place, unless
//         data/{it,en}/entity_given_names.tsv lists it as a given name (the list is made
//         from the Apertium analysers: given_names_by_analysers below).
//
// How (details in docs/entities.md):
//   1. gazetteer: the longest knowledge-base phrase at each token, over token keys, with
//      the case rules of GazetteerEntry (names and acronyms must be capitalised);
//   2. unknown names: runs of capitalised tokens that are not common words at the start
//      of a sentence, joined through particles ("von der") and, after an organisation
//      head, connectors ("Corte dei Conti"); typed by cues (titles, role nouns,
//      organisation and place words and descriptions, articles, prepositions, given
//      names, Apertium's proper-noun tags);
//   3. nominals: role nouns with their demonym, a country's possessive or "of <country>"
//      ("il presidente kazako", "Taiwan's foreign minister") give agent + country; by
//      apposition or adjacency they give a name its role; an acronym in brackets after a
//      description names it ("(Knb)"); "U.N. officials" take the organisation's code;
//   4. coreference within the article: same name, surname, transliteration variant
//      (entities/name_variants.h), acronym of a name, capital as its country, role
//      description as the entity holding that role;
//   5. a role with no country in its phrase: the nearest place in its sentence;
//   6. actor: the knowledge base's code at the document date, else country + agent
//      from the roles, else the country.
//
// Cost: each distinct word of an article is looked up once, in flat tables (kb/flat_table.h);
// per-document tables are kept by each thread and reused.
//
// Thread safety: immutable after construction; run() is thread-safe (per-thread scratch).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kb/flat_table.h"
#include "pipeline/stage.h"

namespace cronaca {

/// Word lists of one language (data/<lang>/entity_cues.tsv, entity_given_names.tsv, the
/// hunspell dictionary's capitalised entries and ICU calendars), as one map from a
/// case-folded word to the lists it is in: a token is looked up once per document.
struct EntityCues {
  enum Kind : uint32_t {
    kTitle = 1u << 0, kOrgHead = 1u << 1, kOrgTail = 1u << 2, kLocHead = 1u << 3, kGpeCue = 1u << 4,
    kPlacePrep = 1u << 5, kParticle = 1u << 6, kConnector = 1u << 7, kNominalDet = 1u << 8,
    kFormer = 1u << 9, kNotName = 1u << 10, kCalendar = 1u << 11,
    /// Capitalised entries of the hunspell dictionary (places and given names: "Treviso", "Mario").
    kProper = 1u << 12,
    /// sport_cue: words of sports reporting; in an article with several of them a country or
    /// city named as the subject of a match is its team (ORG), as KIND and CoNLL annotate.
    kSportCue = 1u << 13,
    /// weak_prep: place prepositions that also introduce people ("da", "per").
    kWeakPrep = 1u << 14,
    /// team_det: articles and articulated prepositions before a team's name ("la Roma", "dell'Inter").
    kTeamDet = 1u << 15,
    /// A given name (entity_given_names.tsv): a lone one is a person ("la sorella Isabella").
    kGiven = 1u << 16,
    /// name_det: articles and articulated prepositions; a lone unknown name after one is an
    /// organisation ("la Pfizer", "dell'Adusbef") far more often than a person.
    kNameDet = 1u << 17,
    /// in_det: "in" with an article ("nella Valcamonica", "nel Queens"): a place.
    kInDet = 1u << 18,
    /// org_desc: lower-case nouns that describe the organisation named right after them
    /// ("l'agenzia Cihan", "il quotidiano Tiempo Argentino", "the newspaper Jutarnji List").
    kOrgDesc = 1u << 19,
    /// national: "nazionale", "national": an institution's name that says it belongs to the
    /// country in question ("Consiglio nazionale per la sicurezza").
    kNational = 1u << 20,
    /// genitive: "di" and its articulated forms, "of": "capo dei servizi", "la città di Carpi".
    kGenitive = 1u << 21,
    /// portfolio: capitalised words of an office written before the role noun ("Defence
    /// Secretary", "Vice Foreign Minister"): part of the description, not a name.
    kPortfolio = 1u << 22,
    /// org_member: nouns for the members of a group: "i membri di Exit" (the group is an
    /// organisation, as after a role noun: "gli islamisti di Ansar Eddine").
    kOrgMember = 1u << 23,
    /// A given name of either language's entity_given_names.tsv.
    kGivenAny = 1u << 24,
    /// masc_det: masculine singular articles and articulated prepositions: an Italian town
    /// after one is its football club ("il Bologna", "del Siena").
    kMascDet = 1u << 25,
    /// street_head: lower-case words that begin the name of a street or square ("via",
    /// "piazza"): the name after one is the street's, whatever else it names ("via
    /// Mattarella", "piazza Italia" are places, not the president or the country).
    kStreetHead = 1u << 26,
  };
  /// The lists of names (thousands of words, asked about capitalised words only).
  static constexpr uint32_t kNameLists = kProper | kGiven | kCalendar | kGivenAny;
  FlatTable<uint32_t> words;  // the short lists of entity_cues.tsv: every word is looked up
  /// web_generic: country domains used by anyone ("tv", "io"): they give a web name no country.
  std::unordered_set<std::string> web_generic;
  FlatTable<uint32_t> names;  // kNameLists
  FlatTable<uint32_t> sports; // the kSportCue words alone (every word of an article is looked up)
  /// The Kind bits of a case-folded word in the short lists (`hash` is FlatTable<>::hash(norm)).
  uint32_t of(std::string_view norm, uint64_t hash) const {
    const uint32_t* k = words.find(norm, hash);
    return k ? *k : 0u;
  }
  /// The same in the lists of names (kNameLists).
  uint32_t names_of(std::string_view norm, uint64_t hash) const {
    const uint32_t* k = names.find(norm, hash);
    return k ? *k : 0u;
  }
};

class MorphStage;

/// The given names among the capitalised entries of the hunspell dictionary of `lang`
/// ("it": it_IT.dic, "en": en_US.dic): those that an Apertium analyser, in either language,
/// tags as a given name (<ant>) and never as a place (<top>, <loc>), as case-folded keys,
/// sorted. This is how data/<lang>/entity_given_names.tsv is made (tests/unit/entities_test.cc
/// checks the files against it and rewrites them with CRONACA_UPDATE_GIVEN_NAMES=1);
/// the stage itself reads the files, so it loads no analyser.
std::vector<std::string> given_names_by_analysers(const MorphStage& morph, std::string_view lang);

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
};

}  // namespace cronaca
