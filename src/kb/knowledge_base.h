// The knowledge base: actors, countries, role nouns (agents) and their aliases,
// loaded once from data/kb/ and shared read-only by every stage.
//
// Files (UTF-8 TSV read with util/tsv.h; documented in data/kb/README.md):
//   countries.tsv  cameo iso2 iso3 names_en names_it demonyms_en demonyms_it
//                  capitals_en capitals_it region          ('|' separates values)
//                  The canonical country names come from ICU (the display name of
//                  the ISO 3166 code in Italian and English); names_* add more.
//   actors.tsv     id type name aliases country codes roles_en roles_it
//                  codes: ';'-separated items "CODE" or "CODE FROM..TO" (ISO dates,
//                  either side may be empty = open).
//   agents.tsv     agent lang nouns                          (role nouns, '|')
//   petrarch/*.txt actor dictionaries in the PETRARCH/Phoenix format (optional;
//                  see kb/petrarch_actors.h), loaded after actors.tsv.
// And from Debian's iso-codes: the ISO 3166-2 subdivisions (provinces, regions, states:
// "Treviso", "Sichuan", "Texas") as places of their country (KbOptions::iso_subdivisions).
//
// Every alias, country name, capital, demonym and role noun goes into ONE
// gazetteer keyed by the sequence of its token keys (see token_key()), so a
// stage finds every match at a token with at most a few hash look-ups.
//
// Example:
//   KnowledgeBase kb = KnowledgeBase::load("data/kb");
//   for (const GazetteerEntry& e : kb.lookup(KnowledgeBase::phrase_key("Tokayev")))
//     if (e.kind == GazetteerKind::Actor) use(kb.actors()[e.target]);
//   std::string code = kb.actor_code_at(*kb.actor("tokayev"), doc.date);  // "KAZGOV"
//
// Thread safety: immutable after load(); every const method is safe from any thread.
// Errors: load() throws DataFileError ("file:line: what is wrong") for a malformed row.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/date.h"
#include "model/document.h"

namespace cronaca {

/// A CAMEO actor code valid from `from` to `to`, both inclusive, as yyyymmdd
/// integers; 0 means open on that side.
struct DatedCode {
  std::string code;
  int32_t from = 0;
  int32_t to = 0;
  friend bool operator==(const DatedCode&, const DatedCode&) = default;
};

struct Actor {
  std::string id;                      // "tokayev"; imported actors: "petrarch:kassym_jomart_tokayev"
  EntityType type = EntityType::PER;
  std::string name;                    // canonical name
  std::vector<std::string> aliases;    // other names (the canonical name is matched too)
  std::string country;                 // CAMEO country code ("KAZ"); may be empty (IGOs)
  std::vector<DatedCode> codes;        // in file order; the first whose range holds the date wins
  std::vector<std::string> roles_en;   // "president of Kazakhstan"
  std::vector<std::string> roles_it;
  std::string origin;                  // "file:line", for messages
};

struct Country {
  std::string cameo;                   // "KAZ"
  std::string iso2;                    // "KZ"
  std::string iso3;                    // "KAZ"
  std::string name_it;                 // ICU display name ("Kazakistan"), else the first names_it
  std::string name_en;                 // ICU display name ("Kazakhstan"), else the first names_en
  std::vector<std::string> names;      // every name, both languages, canonical ones first
  std::vector<std::string> demonyms;   // both languages, with generated inflections
  std::vector<std::string> capitals;   // both languages
  std::string region;
};

/// What a gazetteer phrase points to.
enum class GazetteerKind : uint8_t {
  Actor,      // target: index into actors()
  Country,    // a name of the country; target: index into countries()
  Capital,    // a capital, used as a metonym of its country; target: countries()
  Demonym,    // "kazako", "Russian": a country code, not a name; target: countries()
  Agent,      // a role noun ("presidente", "capo dei servizi di sicurezza"); target: agents()
};

struct GazetteerEntry {
  GazetteerKind kind = GazetteerKind::Actor;
  uint32_t target = 0;
  uint8_t length = 0;        // number of phrase tokens
  /// Bit i set: the i-th token must be capitalised in the text (its first letter
  /// upper case). Set for the capitalised words of a name ("Stati Uniti") and for
  /// acronyms ("NATO" matches "NATO" and "Nato", not "nato").
  uint32_t capitalised_mask = 0;
  bool imported = false;     // from a PETRARCH dictionary (lower priority)
  bool acronym = false;      // one token written in capitals in the file ("NATO", "USA")
};

/// A role noun with the CAMEO agent code it implies ("portavoce" -> GOV is not
/// implied: only what agents.tsv says).
struct AgentNoun {
  std::string agent;         // "GOV", "SPY"
  std::string lang;          // "it", "en"
  std::string noun;          // as written in the file
};

/// Options of KnowledgeBase::load.
struct KbOptions {
  /// Extra PETRARCH/Phoenix actor dictionaries to import (besides dir/petrarch/*.txt).
  std::vector<std::filesystem::path> petrarch_files;
  /// Load dir/petrarch/*.txt. Default: true.
  bool load_petrarch_dir = true;
  /// ISO 3166-2 subdivisions (provinces, regions, states) from Debian iso-codes, loaded as
  /// GPE actors "iso:IT-TV" coded with their country. Empty: none. Default: the Debian path.
  std::filesystem::path iso_subdivisions = "/usr/share/iso-codes/json/iso_3166-2.json";
};

class KnowledgeBase {
 public:
  /// Loads every knowledge file under `dir` (missing files are simply absent
  /// knowledge). Throws DataFileError (file:line) for a malformed row.
  static KnowledgeBase load(const std::filesystem::path& dir);
  static KnowledgeBase load(const std::filesystem::path& dir, const KbOptions& options);

  // --- Normalisation shared by the knowledge base and the stages -------------

  /// The key of one token for gazetteer look-ups: its norm (case-folded, NFC,
  /// apostrophes as U+0027) without dots ("U.S." -> "us", "Orda.kz" -> "ordakz").
  static std::string token_key(std::string_view norm);
  /// Case-folds, NFC-normalises and maps typographic apostrophes to U+0027.
  static std::string normalise(std::string_view text);
  /// The gazetteer key of a phrase: its tokens' keys joined by one space, with no
  /// space after a token that ends in an apostrophe ("l'Aia" -> "l'aia").
  static std::string phrase_key(std::string_view phrase);
  /// Appends `token_key` to a phrase key being built token by token (same joining rule).
  static void append_key(std::string& key, std::string_view token_key);

  // --- Look-ups ---------------------------------------------------------------

  /// Gazetteer entries for a phrase key (see phrase_key / append_key); empty if none.
  /// Entries are in priority order: actors.tsv, countries, capitals, demonyms,
  /// agents, then imported actors.
  const std::vector<GazetteerEntry>& lookup(std::string_view key) const;
  /// True when some phrase starts with this token key (a fast pre-check).
  bool starts_phrase(std::string_view token_key) const;
  /// True when some longer phrase starts with this phrase key: a scan that extends a
  /// match token by token stops when this is false.
  bool extends_phrase(std::string_view key) const { return prefixes_.find(key) != prefixes_.end(); }
  /// The longest phrase in tokens (bounds a scan).
  size_t max_phrase_tokens() const { return max_phrase_tokens_; }

  /// Candidate actors for a name ("Tokayev", "Nato"), in priority order.
  std::vector<const Actor*> actors_by_alias(std::string_view name) const;
  const Actor* actor(std::string_view id) const;
  /// A country by CAMEO code, ISO alpha-3 or alpha-2 code (upper case).
  const Country* country(std::string_view code) const;
  /// A country by one of its names, capitals or demonyms (any case).
  const Country* country_by_name(std::string_view name) const;
  const Country* country_by_capital(std::string_view name) const;
  const Country* country_by_demonym(std::string_view word) const;
  /// The agent code of a role noun ("presidente" -> "GOV"; any case); empty if none.
  std::string_view agent_for(std::string_view noun) const;

  /// The actor's code at the document date: the first item whose range overlaps
  /// the date (at its precision); with no date, the first open-ended item, else
  /// the first. Empty when the actor has no code.
  static std::string actor_code_at(const Actor& actor, const DocDate& date);
  /// A DocDate as the yyyymmdd range it covers; nullopt when unknown.
  static std::optional<std::pair<int32_t, int32_t>> date_range(const DocDate& date);

  const std::vector<Actor>& actors() const { return actors_; }
  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<AgentNoun>& agents() const { return agents_; }

  /// Messages about entries that were skipped while importing (PETRARCH files
  /// with odd dates, duplicate ids); the library never prints them.
  const std::vector<std::string>& warnings() const { return warnings_; }

  /// Adds an actor (used by the loader and the PETRARCH importer); returns its index.
  uint32_t add_actor(Actor actor, bool imported);

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::vector<GazetteerEntry>, StringHash, std::equal_to<>>;

  void add_phrase(std::string_view phrase, GazetteerEntry entry);
  void load_countries(const std::filesystem::path& file);
  void load_actors(const std::filesystem::path& file);
  void load_agents(const std::filesystem::path& file);
  void load_subdivisions(const std::filesystem::path& file);
  void sort_entries();

  std::vector<Actor> actors_;
  std::vector<Country> countries_;
  std::vector<AgentNoun> agents_;
  std::vector<std::string> warnings_;
  Index gazetteer_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> first_keys_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> prefixes_;
  // A bit per cheap hash of the keys that start a phrase: most tokens are rejected here.
  std::vector<uint64_t> first_filter_ = std::vector<uint64_t>(1 << 12, 0);
  static uint32_t filter_hash(std::string_view k) {
    uint32_t h = 2166136261u ^ static_cast<uint32_t>(k.size());
    for (size_t i = 0; i < k.size() && i < 8; ++i) h = (h ^ static_cast<unsigned char>(k[i])) * 16777619u;
    return h & ((1u << 18) - 1);
  }
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> actor_ids_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> country_codes_;
  size_t max_phrase_tokens_ = 0;
};

}  // namespace cronaca
