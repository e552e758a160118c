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
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kb/flat_table.h"
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
  /// A town or city (an ISO 3166-2 province or metropolitan city named after its chief
  /// town, or an actors.tsv place with such a name), not a region.
  bool city = false;
  /// Gazetteer keys of the last word of the name and of each alias, then of the name's first
  /// word when it has several ("tokayev", "tokaev", ..., "kassym-jomart"): filled by add_actor,
  /// for matching a person's surname. name_words says how many words the name has.
  std::vector<std::string> word_keys;
  uint8_t name_words = 0;
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

  /// Gazetteer entries for a phrase key (see phrase_key / append_key); empty if none
  /// (and while load() runs). Entries are in priority order: actors.tsv, countries,
  /// capitals, demonyms, agents, then imported actors. Valid as long as the knowledge
  /// base, until the next add_actor().
  std::span<const GazetteerEntry> lookup(std::string_view key) const;
  /// True when some phrase starts with this token key (a fast pre-check).
  bool starts_phrase(std::string_view token_key) const { return starts_phrase(token_key, FlatTable<int>::hash(token_key)); }
  /// The same with the key's hash (FlatTable<>::hash(token_key)) already computed.
  bool starts_phrase(std::string_view token_key, uint64_t hash) const;
  /// True when some longer phrase starts with this phrase key: a scan that extends a
  /// match token by token stops when this is false.
  bool extends_phrase(std::string_view key) const;

  /// What the gazetteer holds for one key, found with one look-up (KnowledgeBase::probe).
  struct KeyInfo {
    uint32_t begin = 0;         // entries: [begin, begin + count) of the entry list
    uint16_t count = 0;
    uint8_t flags = 0;          // kStarts | kExtends
    /// For a key that starts phrases: a bit per hash of the token keys that come second in
    /// them (next_bit): a scan tests the next token here before building a longer key.
    uint64_t next = 0;
  };
  static unsigned next_bit(uint64_t token_hash) { return static_cast<unsigned>(token_hash >> 58); }
  static constexpr uint8_t kStarts = 1;   // some phrase starts with this key (a token key)
  static constexpr uint8_t kExtends = 2;  // some longer phrase starts with this key
  /// Everything about one key; null when the gazetteer knows nothing of it. `hash` is
  /// FlatTable<>::hash(key). The hot path of a scan: one probe per token.
  const KeyInfo* probe(std::string_view key, uint64_t hash) const {
    uint32_t b = key_bit(hash);
    if (!frozen_ || !(key_filter_[b >> 6] >> (b & 63) & 1)) return nullptr;
    return index_.find(key, hash);
  }
  /// probe() for a token key, through the first-key filter first: null for most tokens.
  const KeyInfo* probe_token(std::string_view key, uint64_t hash) const {
    uint32_t b = filter_bit(hash);
    if (!frozen_ || !(first_filter_[b >> 6] >> (b & 63) & 1)) return nullptr;
    return index_.find(key, hash);
  }
  /// probe_token() in two steps, for a caller with many tokens that prefetches (see
  /// FlatTable::prefetch): token_filter() is the first-key filter's test, find_key() the look-up.
  void prefetch_token_filter(uint64_t hash) const { __builtin_prefetch(&first_filter_[filter_bit(hash) >> 6]); }
  bool token_filter(uint64_t hash) const {
    uint32_t b = filter_bit(hash);
    return frozen_ && (first_filter_[b >> 6] >> (b & 63) & 1);
  }
  void prefetch_key(uint64_t hash) const { index_.prefetch(hash); }
  const KeyInfo* find_key(std::string_view key, uint64_t hash) const { return frozen_ ? index_.find(key, hash) : nullptr; }
  std::span<const GazetteerEntry> entries(const KeyInfo& info) const {
    return std::span<const GazetteerEntry>(entries_.data() + info.begin, info.count);
  }
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

  /// Adds an actor (used by the loader and the PETRARCH importer); returns its index. Outside
  /// load() the look-up tables are rebuilt at once (a full rebuild: for a few actors).
  uint32_t add_actor(Actor actor, bool imported);

 private:
  // While loading: every key (a phrase, a key that starts one, a key that a longer phrase
  // extends) interned once in an open-addressing table; the entries of a phrase in a list
  // through load_entries_. freeze() turns them into index_ and entries_.
  static constexpr uint32_t kNil = UINT32_MAX;
  struct LoadKey {
    uint32_t off = 0, len = 0;    // in key_arena_
    uint64_t hash = 0;            // FlatTable<>::hash of the key
    uint32_t head = kNil, tail = kNil;  // its entries (load_entries_), in the order added
    uint32_t count = 0;
    uint8_t flags = 0;            // kStarts | kExtends
    uint64_t next = 0;            // KeyInfo::next
  };
  struct LoadEntry {
    GazetteerEntry entry;
    uint32_t next = kNil;         // the key's next entry
  };
  /// The id of a key (interned when new).
  uint32_t intern(std::string_view key);
  /// The id of a key, or kNil.
  uint32_t find_load_key(std::string_view key, uint64_t hash) const;
  std::string_view load_key(const LoadKey& k) const { return std::string_view(key_arena_).substr(k.off, k.len); }

  void add_phrase(std::string_view phrase, GazetteerEntry entry);
  /// The gazetteer key of a phrase in `key`, with where each token's key starts and ends in
  /// it and whether the token must be capitalised (the phrase split as the segmenter splits
  /// text; see phrase_key). The buffers are reused.
  struct KeyParts {
    std::string key;
    std::vector<uint32_t> before, begin, end;  // per token: key length before it, its key's bounds
    std::vector<uint8_t> capitalised;
    std::vector<std::string_view> text;        // the token as written
  };
  static void build_key(std::string_view phrase, KeyParts& parts);
  void load_countries(const std::filesystem::path& file);
  void load_actors(const std::filesystem::path& file);
  void load_agents(const std::filesystem::path& file);
  void load_subdivisions(const std::filesystem::path& file);
  /// Builds the look-up tables (index_, entries_, the filters) from the loading tables.
  void freeze();

  std::vector<Actor> actors_;
  std::vector<Country> countries_;
  std::vector<AgentNoun> agents_;
  std::vector<std::string> warnings_;
  std::string key_arena_;
  std::vector<LoadKey> load_keys_;
  // The high 32 bits of a key's hash and its id in load_keys_, kEmptySlot when empty; a power of two.
  static constexpr uint64_t kEmptySlot = UINT64_MAX;
  std::vector<uint64_t> load_slots_;
  std::vector<LoadEntry> load_entries_;
  KeyParts parts_;                     // add_phrase's buffers
  bool loading_ = false;               // inside load(): add_actor leaves freeze() to load()
  bool frozen_ = false;
  // After loading: every key (phrase, first key, prefix) in one flat table, the entries of
  // all keys in one array.
  FlatTable<KeyInfo> index_;
  std::vector<GazetteerEntry> entries_;
  // A bit per hash of the keys that start a phrase: most tokens are rejected here, in a
  // table small enough to stay in the processor's cache.
  std::vector<uint64_t> first_filter_ = std::vector<uint64_t>(1 << 12, 0);
  static uint32_t filter_bit(uint64_t hash) { return static_cast<uint32_t>(hash >> 46); }  // 18 bits
  // The same for every key of index_ (a phrase or a prefix of one), 2^20 bits: most
  // extensions of a match ("la" + next word) are rejected without touching index_.
  std::vector<uint64_t> key_filter_ = std::vector<uint64_t>(1 << 14, 0);
  static uint32_t key_bit(uint64_t hash) { return static_cast<uint32_t>(hash >> 12) & ((1u << 20) - 1); }
  FlatTableBuilder<uint32_t> actor_ids_;      // id -> actors_
  FlatTableBuilder<uint32_t> country_codes_;  // CAMEO, ISO alpha-3 and alpha-2 codes -> countries_
  size_t max_phrase_tokens_ = 0;
};

}  // namespace cronaca
