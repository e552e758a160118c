// The entities stage. The approach is in entity_stage.h and docs/entities.md.
// Tests: tests/cases/entities/*.txt via tests/unit/entities_test.cc.
#include "entities/entity_stage.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <deque>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <exception>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "entities/name_variants.h"
#include "kb/knowledge_base.h"
#include "text/morphology.h"
#include "util/errors.h"
#include "util/file.h"
#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {

using namespace std::literals;

namespace {

// --- Loading -------------------------------------------------------------------------

using WordBits = FlatTableBuilder<uint32_t>;

void add_calendar(WordBits& out, const char* lang) {
  UErrorCode err = U_ZERO_ERROR;
  icu::DateFormatSymbols sym(icu::Locale(lang), err);
  if (U_FAILURE(err)) return;
  auto add = [&](const icu::UnicodeString* arr, int32_t n) {
    for (int32_t i = 0; i < n; ++i) {
      std::string s;
      arr[i].toUTF8String(s);
      if (!s.empty()) out[KnowledgeBase::normalise(s)] |= EntityCues::kCalendar;
    }
  };
  int32_t n = 0;
  const icu::UnicodeString* a = sym.getMonths(n, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
  add(a, n);
  a = sym.getMonths(n, icu::DateFormatSymbols::STANDALONE, icu::DateFormatSymbols::WIDE);
  add(a, n);
  a = sym.getWeekdays(n, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
  add(a, n);
  a = sym.getWeekdays(n, icu::DateFormatSymbols::STANDALONE, icu::DateFormatSymbols::WIDE);
  add(a, n);
}

template <class F>
void for_hunspell_proper(const char* dic, F&& add) {
  const char* env = std::getenv("CRONACA_HUNSPELL_DIR");
  std::filesystem::path dir = env && *env ? env : "/usr/share/hunspell";
  std::string text;
  if (!read_whole_file(dir / (std::string(dic) + ".dic"), text)) return;
  std::string_view all(text);
  size_t pos = all.find('\n');  // the first line is the entry count
  pos = pos == std::string_view::npos ? all.size() : pos + 1;
  while (pos < all.size()) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || !(line[0] >= 'A' && line[0] <= 'Z')) continue;
    std::string_view w = line.substr(0, line.find('/'));
    while (!w.empty() && (w.back() == '\r' || w.back() == ' ' || w.back() == '\t')) w.remove_suffix(1);
    // Acronyms and abbreviations are not places.
    bool lower = false;
    for (char c : w) lower = lower || (c >= 'a' && c <= 'z');
    if (lower && utf8_valid(w)) add(KnowledgeBase::normalise(w));
  }
}

// A given name: a key of the dictionary's proper names that an Apertium analyser, in
// either language, tags as a given name (<ant>) and never as a place (<top>, <loc>): "Mario",
// "Francesca".
bool is_given_name(const MorphStage& morph, const std::string& key) {
  if (key.empty()) return false;
  std::string form = key;
  form[0] = static_cast<char>(form[0] >= 'a' && form[0] <= 'z' ? form[0] - 32 : form[0]);
  bool ant = false, place = false;
  for (const char* lang : {"it", "en"}) {
    for (const auto& r : morph.analyse(lang, form)) {
      if (r.features.find("<ant>") != std::string::npos) ant = true;
      if (r.features.find("<top>") != std::string::npos || r.features.find("<loc>") != std::string::npos)
        place = true;
    }
  }
  return ant && !place;
}

void read_words(const std::filesystem::path& file, WordBits& c, std::unordered_set<std::string>& generic) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;
  TsvFile f = TsvFile::read(file, {"kind", "words"});
  for (const auto& r : f.rows) {
    const std::string& kind = r.get("kind");
    uint32_t bit = kind == "title"         ? EntityCues::kTitle
                   : kind == "org_head"    ? EntityCues::kOrgHead
                   : kind == "org_tail"    ? EntityCues::kOrgTail
                   : kind == "loc_head"    ? EntityCues::kLocHead
                   : kind == "gpe_cue"     ? EntityCues::kGpeCue
                   : kind == "place_prep"  ? EntityCues::kPlacePrep
                   : kind == "particle"    ? EntityCues::kParticle
                   : kind == "connector"   ? EntityCues::kConnector
                   : kind == "nominal_det" ? EntityCues::kNominalDet
                   : kind == "former"      ? EntityCues::kFormer
                   : kind == "not_name"    ? EntityCues::kNotName
                   : kind == "sport_cue"   ? EntityCues::kSportCue
                   : kind == "weak_prep"   ? EntityCues::kWeakPrep
                   : kind == "team_det"    ? EntityCues::kTeamDet
                   : kind == "name_det"    ? EntityCues::kNameDet
                   : kind == "in_det"      ? EntityCues::kInDet
                   : kind == "org_desc"    ? EntityCues::kOrgDesc
                   : kind == "national"    ? EntityCues::kNational
                   : kind == "genitive"    ? EntityCues::kGenitive
                   : kind == "portfolio"   ? EntityCues::kPortfolio
                   : kind == "org_member"  ? EntityCues::kOrgMember
                   : kind == "masc_det"    ? EntityCues::kMascDet
                   : kind == "street_head" ? EntityCues::kStreetHead
                                           : 0u;
    if (kind == "web_generic") {
      for (auto& w : split(r.get("words"), '|'))
        if (auto t = trim(w); !t.empty()) generic.insert(KnowledgeBase::normalise(t));
      continue;
    }
    if (!bit) f.fail(r, "unknown kind '" + kind + "'");
    for (auto& w : split(r.get("words"), '|')) {
      auto t = trim(w);
      if (!t.empty()) c[KnowledgeBase::normalise(t)] |= bit;
    }
  }
}

// data/<lang>/entity_given_names.tsv: one column "name".
void read_given_names(const std::filesystem::path& file, WordBits& c, uint32_t bits) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;
  TsvFile f = TsvFile::read(file, {"name"});
  for (const auto& r : f.rows) {
    auto t = trim(r.get("name"));
    if (t.empty()) f.fail(r, "empty name");
    c[KnowledgeBase::normalise(t)] |= bits;
  }
}

const char* hunspell_dic(std::string_view lang) { return lang == "en" ? "en_US" : "it_IT"; }

EntityCues load_cues(const std::filesystem::path& dir, const char* lang) {
  WordBits words;
  add_calendar(words, lang);
  for_hunspell_proper(hunspell_dic(lang), [&](std::string k) { words[std::move(k)] |= EntityCues::kProper; });
  std::unordered_set<std::string> generic;
  read_words(dir / "entity_cues.tsv", words, generic);
  read_given_names(dir / "entity_given_names.tsv", words, EntityCues::kGiven | EntityCues::kGivenAny);
  // The other language's given names too, as a weaker cue (kGivenAny): Italian articles name
  // "Marco" and "Fabian", which only the English dictionary lists.
  read_given_names(dir.parent_path() / (std::string_view(lang) == "en" ? "it" : "en") / "entity_given_names.tsv", words,
                   EntityCues::kGivenAny);
  using Item = FlatTable<uint32_t>::Item;
  std::vector<Item> short_lists, name_lists, sport_words;
  words.for_each([&](std::string_view w, uint64_t h, uint32_t bits) {
    uint32_t short_bits = bits & ~EntityCues::kNameLists;
    if (short_bits) short_lists.push_back(Item{w, h, short_bits});
    if (bits & EntityCues::kNameLists) name_lists.push_back(Item{w, h, bits & EntityCues::kNameLists});
    if (short_bits & EntityCues::kSportCue) sport_words.push_back(Item{w, h, short_bits});
  });
  EntityCues c;
  c.web_generic = std::move(generic);
  c.sports.build_hashed(sport_words);
  c.words.build_hashed(short_lists);
  c.names.build_hashed(name_lists);
  return c;
}

}  // namespace

std::vector<std::string> given_names_by_analysers(const MorphStage& morph, std::string_view lang) {
  std::vector<std::string> keys;
  for_hunspell_proper(hunspell_dic(lang), [&](std::string k) { keys.push_back(std::move(k)); });
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (is_given_name(morph, k)) out.push_back(k);
  return out;
}

namespace {

// --- Per-document work ------------------------------------------------------------

constexpr int kNone = -1;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A name word's transliteration skeleton (entities/name_variants.h) with the parts that
// same_skeleton_variant compares, made once per distinct word of an article.
struct Skel {
  uint64_t hash = 0, cons_hash = 0;  // flat_hash of s and of cons: most pairs differ there
  uint32_t len = 0, cons_len = 0;
  int vowels = 0;    // skeleton_vowels(s)
  char first = 0;    // s[0]
  std::string s;
  std::string cons;  // skeleton_consonants(s)
};

// same_skeleton_variant(a.s, b.s), with the parts already made.
bool same_variant(const Skel& a, const Skel& b) {
  if (a.len == 0 || b.len == 0) return false;
  if (a.hash == b.hash && a.s == b.s) return true;
  if (a.len < 5 || b.len < 5 || a.first != b.first) return false;
  if (a.cons_len < 3 || a.cons_hash != b.cons_hash || a.cons != b.cons) return false;
  int d = a.vowels - b.vowels;
  return d >= -1 && d <= 1;
}

struct GazHit {
  uint32_t first = 0, last = 0;  // tokens [first, last)
  GazetteerEntry entry;
};

// A name: a knowledge-base match or a run of capitalised tokens.
struct Name {
  uint32_t first = 0, last = 0;
  int gaz = kNone;                 // index into hits when the name is a knowledge-base match
  EntityType type = EntityType::MISC;
  bool typed = false;              // the type comes from a cue, not a default
  bool weak = false;               // a weak cue ("la Pfizer"): one vote, even for a name that
                                   // joins an entity; may still join a person by surname
  std::string agent, country;      // from a role in the text
  bool former = false;
  std::string role;
  std::string extra_country;       // from a demonym after an organisation name
  int entity = kNone;
};

struct Nominal {
  uint32_t first = 0, last = 0;    // the mention's tokens
  std::string agent, country;
  bool former = false, possessive = false, plural = false;
  uint32_t complement_end = 0;     // end of "of <country>" after the mention, if any
  bool embedded = false;           // the body in "capo dei servizi": not in apposition itself
  uint32_t span_end = 0;           // the mention ends here: "capo" of "capo dei servizi", a body of its own
  std::string key;                 // normalised text, for joining repeated descriptions
  std::string org_code;            // "U.N. officials": the organisation's own code (IGOUNO)
  int entity = kNone;
  int name = kNone;                // the name it describes (apposition), if any
};

struct Work {
  // (The fields that the loops over all entities read come first: one cache line.)
  EntityType type = EntityType::MISC;
  bool alive = true;
  bool has_name = false;
  bool team = false;               // a country or city named as its sports team
  bool former = false;
  int kb_actor = kNone, kb_country = kNone;
  std::vector<uint32_t> surnames;   // last words of its person names (skeletons: Scratch::skels)
  std::vector<uint32_t> firsts;     // first words of its multi-word person names (skeletons)
  int votes[5] = {0, 0, 0, 0, 0};
  std::string name;
  std::vector<Mention> mentions;
  std::vector<std::string> texts;      // normalised texts of its name mentions
  std::string agent, country, extra_country;
  std::string org_code;                // the people of an organisation ("NATO officials"): its code
  std::vector<std::string> roles;
  // Back to a new entity of `t`, keeping the vectors' memory.
  void reset(EntityType t) {
    type = t;
    kb_actor = kb_country = kNone;
    name.clear();
    mentions.clear();
    surnames.clear();
    firsts.clear();
    texts.clear();
    agent.clear();
    country.clear();
    extra_country.clear();
    org_code.clear();
    former = false;
    roles.clear();
    has_name = team = false;
    alive = true;
    for (int& v : votes) v = 0;
  }
};

// The entities of a document, in a thread's Scratch: their vectors' memory serves the next
// documents.
class WorkList {
 public:
  size_t size() const { return n_; }
  Work& operator[](size_t i) { return v_[i]; }
  const Work& operator[](size_t i) const { return v_[i]; }
  Work* begin() { return v_.data(); }
  Work* end() { return v_.data() + n_; }
  Work& add(EntityType t) {
    if (n_ == v_.size()) v_.emplace_back();
    Work& w = v_[n_++];
    w.reset(t);
    return w;
  }
  void reserve(size_t k) { v_.reserve(k); }
  void clear() { n_ = 0; }

 private:
  std::vector<Work> v_;
  size_t n_ = 0;
};

// A map from int to int for a few keys (an article's actors and countries): a linear search.
class SmallMap {
 public:
  const int* find(int k) const {
    for (const auto& [key, v] : v_)
      if (key == k) return &v;
    return nullptr;
  }
  void emplace(int k, int v) {
    if (!find(k)) v_.emplace_back(k, v);
  }
  void clear() { v_.clear(); }

 private:
  std::vector<std::pair<int, int>> v_;
};

// A map from strings to int for one document (the keys of names and of descriptions): open
// addressing over flat_hash; clear() keeps the memory (strings included) for the next document.
class TextMap {
 public:
  const int* find(std::string_view key) const {
    if (n_ == 0) return nullptr;
    uint64_t h = flat_hash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kNil) return nullptr;
      if (entries_[id].hash == h && entries_[id].key == key) return &entries_[id].value;
    }
  }
  /// Sets the value of `key` (added when new).
  void set(std::string_view key, int value) { *slot(key, value) = value; }
  /// Adds `key` with `value` unless it is there.
  void emplace(std::string_view key, int value) { slot(key, value); }
  void clear() {
    if (n_) std::fill(slots_.begin(), slots_.end(), kNil);
    n_ = 0;
  }

 private:
  static constexpr uint32_t kNil = UINT32_MAX;
  struct Entry {
    uint64_t hash = 0;
    std::string key;
    int value = 0;
  };
  // The value of `key`, added with `value` when new.
  int* slot(std::string_view key, int value) {
    if ((n_ + 1) * 2 > slots_.size()) grow();
    uint64_t h = flat_hash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kNil) {
        if (n_ == entries_.size()) entries_.emplace_back();
        Entry& e = entries_[n_];
        e.hash = h;
        e.key.assign(key);
        e.value = value;
        slots_[i] = static_cast<uint32_t>(n_++);
        return &e.value;
      }
      if (entries_[id].hash == h && entries_[id].key == key) return &entries_[id].value;
    }
  }
  void grow() {
    slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, kNil);
    size_t mask = slots_.size() - 1;
    for (uint32_t id = 0; id < n_; ++id) {
      size_t i = entries_[id].hash & mask;
      while (slots_[i] != kNil) i = (i + 1) & mask;
      slots_[i] = id;
    }
  }
  std::vector<Entry> entries_;  // [0, n_) in use
  size_t n_ = 0;
  std::vector<uint32_t> slots_;
};

// A place or a known actor with its country, near which a role takes it (context_countries).
struct Anchor {
  uint32_t tok;
  std::string country;
};

// The per-document tables of Run, kept by each thread between documents (Run::go clears them).
struct Scratch {
  std::vector<std::string_view> keys;
  std::deque<std::string> key_store;
  std::vector<uint8_t> initial, headline, portfolio, sport;
  std::vector<uint16_t> tf;
  std::vector<uint32_t> cue;
  std::vector<uint64_t> nhash;
  std::vector<uint32_t> sport_tok;
  std::vector<const std::string*> institution_agent;
  std::vector<uint32_t> inst_end;
  std::vector<int> gaz_at;
  std::vector<uint32_t> rep, word_slots;
  std::vector<const KnowledgeBase::KeyInfo*> first_info;
  std::vector<uint32_t> starts, new_words, maybe;
  std::vector<uint64_t> new_hash;
  std::vector<uint32_t> skel_at;  // per word (rep): its skeleton, or UINT32_MAX
  std::vector<GazHit> hits, hits2;
  std::vector<Anchor> places, others;
  std::vector<Name> names;
  std::vector<Nominal> nominals;
  TextMap by_text;
  std::vector<Skel> skels;  // the document's skeletons: [0, nskel) (the strings' memory is reused)
  uint32_t nskel = 0;
  WorkList work;
  SmallMap by_actor, by_country, by_team;
  TextMap by_key;
  std::vector<size_t> order;
  std::vector<std::string> actor_cache;
  std::vector<uint8_t> actor_done, cand, in_nominal;
  std::vector<uint32_t> entity_order;
  std::vector<int> persons;  // the entities of type PER, in order
  std::vector<int> name_start, name_end;
  void clear() {
    work.clear();
    keys.clear();
    key_store.clear();
    sport.clear();
    sport_tok.clear();
    starts.clear();
    new_words.clear();
    new_hash.clear();
    hits.clear();
    names.clear();
    nominals.clear();
    by_text.clear();
    by_actor.clear();
    by_country.clear();
    by_team.clear();
    by_key.clear();
    order.clear();
    persons.clear();
    nskel = 0;
  }
};

class Run {
 public:
  Run(Document& doc, const KnowledgeBase& kb, const EntityCues& cues, Scratch& scratch)
      : doc_(doc), kb_(kb), cues_(cues), t_(doc.tokens), s_(scratch) {}

  void go() {
    n_ = static_cast<uint32_t>(t_.size());
    if (n_ == 0) return;
    s_.clear();
    prepare();
    scan_gazetteer();
    split_agent_hits();
    institutions_as_names();
    find_names();
    find_nominals();
    link_roles();
    build_entities();
    context_countries();
    finish();
  }

 private:
  // ----- token predicates -----
  // (From tf_, a compact copy of the tokens' flags: the loops over tokens read fewer lines.)
  bool word(uint32_t i) const { return i < n_ && (tf_[i] & kIsWord); }
  bool cap(uint32_t i) const { return i < n_ && (tf_[i] & kCapitalised); }
  bool allcaps(uint32_t i) const { return i < n_ && (tf_[i] & kAllCaps); }
  static constexpr uint16_t kIsWord = 1u << 8;  // tf_: the token is a Word (flags in the low byte)
  /// Token i is in the word list `kind` (EntityCues::Kind bits). The lists of names are
  /// looked up the first time a token is asked about them.
  bool in(uint32_t kind, uint32_t i) const {
    if (i >= n_) return false;
    i = rep_[i];
    uint32_t c = cue_[i];
    if ((kind & ~EntityCues::kNameLists) && !(c & kWordsLooked)) {
      c |= kWordsLooked;
      if (t_[i].kind == TokenKind::Word) c |= cues_.of(t_[i].norm, nhash_[i]);
      cue_[i] = c;
    }
    if ((kind & EntityCues::kNameLists) && !(c & kNamesLooked)) {
      c |= kNamesLooked;
      if (t_[i].kind == TokenKind::Word) c |= cues_.names_of(t_[i].norm, nhash_[i]);
      cue_[i] = c;
    }
    return (c & kind) != 0;
  }
  static constexpr uint32_t kNamesLooked = 1u << 31, kWordsLooked = 1u << 30;
  // Bits of the words themselves, set by prepare(): a word of EntityCues::sports, a word the
  // article also writes in lower case, a word that starts a phrase of the knowledge base.
  static constexpr uint32_t kSportWord = 1u << 29, kLowerSeen = 1u << 28, kStartsPhrase = 1u << 27;
  /// Token i is a given name of the dictionary ("Isabella"): a lone one is a person.
  bool given(uint32_t i) const { return in(EntityCues::kProper, i) && in(EntityCues::kGiven, i); }
  /// Token i is a given name of either language's list (a weaker cue than given()).
  bool given_any(uint32_t i) const { return in(EntityCues::kGivenAny, i); }
  bool punct(uint32_t i, std::string_view p) const { return i < n_ && t_[i].norm == p; }
  bool same_sentence(uint32_t a, uint32_t b) const { return a < n_ && b < n_ && t_[a].sentence == t_[b].sentence; }
  // True when nothing but spaces (no line break) separates tokens a and a+1.
  bool adjacent(uint32_t a) const {
    if (a + 1 >= n_ || !same_sentence(a, a + 1)) return false;
    for (uint32_t p = t_[a].span.end; p < t_[a + 1].span.begin; ++p)
      if (doc_.text[p] == '\n') return false;
    return true;
  }
  bool common(uint32_t i) const {
    const Token& t = t_[i];
    if (in(EntityCues::kNotName, i) || in(EntityCues::kCalendar, i)) return true;
    if (t.known && t.pos != "PROPN") return true;
    if (t.pos.empty() && !t.known) return lower_seen(i);  // no morphology ran
    return false;
  }
  /// The article also writes token i's word in lower case somewhere (prepare()).
  bool lower_seen(uint32_t i) const { return (cue_[rep_[i]] & kLowerSeen) != 0; }
  bool clause_word(uint32_t i) const {
    std::string_view p = t_[i].pos;
    return p == "VERB" || p == "AUX" || p == "PRON" || p == "CONJ";
  }
  bool function_word(uint32_t i) const {
    std::string_view p = t_[i].pos;
    return p == "DET" || p == "ADP" || p == "CONJ" || p == "PRON";
  }
  bool has_feature(uint32_t i, std::string_view tag) const { return t_[i].features.find(tag) != std::string::npos; }
  std::string text_of(uint32_t a, uint32_t b) const {
    return std::string(doc_.slice(Span{t_[a].span.begin, t_[b - 1].span.end}));
  }
  std::string key_of(uint32_t a, uint32_t b) const {
    std::string k;
    for (uint32_t i = a; i < b; ++i) KnowledgeBase::append_key(k, keys_[i]);
    return k;
  }
  Span span_of(uint32_t a, uint32_t b) const { return Span{t_[a].span.begin, t_[b - 1].span.end}; }

  // ----- 0. preparation -----
  // The string has a '.'. A std::string holds at least 16 readable bytes (its short-string
  // buffer, or a heap block of more than 15): short words are tested in one SSE2 comparison.
  static bool has_dot(const std::string& s) {
#ifdef __SSE2__
    if (s.size() < 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
      unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
      return (m & ((1u << s.size()) - 1)) != 0;
    }
#endif
    return s.find('.') != std::string::npos;
  }
  // One pass over the tokens: token keys, hashes, one representative token per distinct word
  // (rep_: the knowledge tables are asked about each word of the article once, whatever its
  // number of occurrences), the words written in lower case, the sport words, sentence starts.
  void prepare() {
    keys_.resize(n_);
    cue_.assign(n_, 0);
    nhash_.resize(n_);       // (read for words only)
    rep_.resize(n_);
    first_info_.resize(n_);  // (read for the words look_up_words sets only)
    initial_.resize(n_);
    tf_.resize(n_);
    gaz_at_.assign(n_, kNone);
    size_t cap = 16;
    while (cap < n_ * 2 + 1) cap <<= 1;
    word_slots_.assign(cap, UINT32_MAX);
    const size_t mask = cap - 1;
    const bool sport_lists = cues_.sports.size() > 0;
    for (uint32_t i = 0; i < n_; ++i) {
      const Token& t = t_[i];
      if (!has_dot(t.norm) || t.norm.size() == 1) {  // "." stays itself
        keys_[i] = t.norm;
      } else {
        key_store_.push_back(KnowledgeBase::token_key(t.norm));
        keys_[i] = key_store_.back();
      }
      rep_[i] = i;
      tf_[i] = static_cast<uint16_t>(t.flags | (t.kind == TokenKind::Word ? kIsWord : 0));
      initial_[i] = 0;
      if (t.has(kSentenceStart)) {
        initial_[i] = 1;
      } else if (i > 0) {
        const Token& p = t_[i - 1];
        bool colon = p.norm == ":"sv;
        if (p.kind == TokenKind::Quote || p.kind == TokenKind::Dash || colon || p.norm == "("sv)
          initial_[i] = initial_[i - 1] || p.has(kSentenceStart) || colon ? 1 : 0;
        // A word after an opening quote or a colon is written with a capital like a sentence start.
        if ((p.kind == TokenKind::Quote || colon) && p.has(kSpaceBefore)) initial_[i] = 1;
      }
      if (t.kind != TokenKind::Word) continue;
      uint64_t h = FlatTable<int>::hash(t.norm);
      nhash_[i] = h;
      for (size_t s = h & mask;; s = (s + 1) & mask) {
        uint32_t k = word_slots_[s];
        if (k == UINT32_MAX) {  // a new word: its look-ups start (look_up_words)
          word_slots_[s] = i;
          if (sport_lists && cues_.sports.find(t.norm, h)) cue_[i] |= kSportWord;
          new_words_.push_back(i);
          uint64_t kh = keys_[i].data() == t.norm.data() ? h : FlatTable<int>::hash(keys_[i]);
          new_hash_.push_back(kh);
          kb_.prefetch_token_filter(kh);
          if (t.has(kCapitalised)) cues_.names.prefetch(h);
          break;
        }
        if (nhash_[k] == h && t_[k].norm == t.norm) {
          rep_[i] = k;
          break;
        }
      }
      if (!t.has(kCapitalised)) cue_[rep_[i]] |= kLowerSeen;
      if (cue_[rep_[i]] & kSportWord) sport_tok_.push_back(i);
    }
    look_up_words();
    for (uint32_t i = 0; i < n_; ++i)
      if (cue_[rep_[i]] & kStartsPhrase) starts_.push_back(i);
    headline_.assign(n_, 0);
    for (const auto& s : doc_.sentences) {
      int words = 0, caps = 0;
      for (uint32_t i = s.first_token; i < s.end_token && i < n_; ++i) {
        if (!(tf_[i] & kIsWord)) continue;
        ++words;
        if (tf_[i] & kAllCaps) ++caps;
      }
      if (caps >= 2 && caps * 10 >= words * 6)
        for (uint32_t i = s.first_token; i < s.end_token && i < n_; ++i) headline_[i] = 1;
    }
  }
  // The knowledge base's first keys (first_info_) and, for the capitalised ones, the lists of
  // names (cue_), for each distinct word of the article. The tables are large and each look-up
  // is a cache miss: a few are asked ahead (prefetch) so that the misses overlap.
  // (prepare() has asked for the first-key filter's words and the names' slots already.)
  void look_up_words() {
    const auto& hashes = new_hash_;  // the hash of each new word's key
    auto& maybe = s_.maybe;  // positions in new_words_ that pass the first-key filter
    maybe.clear();
    for (size_t k = 0; k < new_words_.size(); ++k)
      if (kb_.token_filter(hashes[k])) {
        maybe.push_back(static_cast<uint32_t>(k));
        kb_.prefetch_key(hashes[k]);
      }
    for (size_t m = 0; m < maybe.size(); ++m) {
      uint32_t k = maybe[m], i = new_words_[k];
      const KnowledgeBase::KeyInfo* info = kb_.find_key(keys_[i], hashes[k]);
      first_info_[i] = info;
      if (info && (info->flags & KnowledgeBase::kStarts)) cue_[i] |= kStartsPhrase;
    }
    // The lists of names are asked about every capitalised word (candidate()).
    auto& caps = s_.maybe;
    caps.clear();
    for (uint32_t i : new_words_)
      if (t_[i].has(kCapitalised)) caps.push_back(i);
    for (size_t m = 0; m < caps.size(); ++m) {
      uint32_t i = caps[m];
      cue_[i] |= kNamesLooked | cues_.names_of(t_[i].norm, nhash_[i]);
    }
  }

  // Sports reporting: sentences with sport words within two sentences either side (worked
  // out the first time a team is asked about).
  bool sport(uint32_t i) const {
    if (!sport_done_) {
      sport_done_ = true;
      size_t ns = doc_.sentences.size();
      std::vector<int> per(ns, 0);
      bool any = false;
      for (uint32_t k : sport_tok_)
        if (t_[k].sentence < ns) ++per[t_[k].sentence], any = true;
      if (any) {
        sport_.assign(ns, 0);
        for (size_t s = 0; s < ns; ++s) {
          int c = 0;
          for (size_t k = s >= 2 ? s - 2 : 0; k < ns && k <= s + 2; ++k) c += per[k];
          sport_[s] = c >= 2 ? 1 : 0;
        }
      }
    }
    return i < n_ && t_[i].sentence < sport_.size() && sport_[t_[i].sentence];
  }
  // In sports reporting, a place named with an article ("la Roma", "l'Italia") or not after a
  // place preposition is a team: "battuti gli Springbok", "Clancy (Irlanda)".
  bool team_use(uint32_t a, bool city) const {
    if (!sport(a)) return false;
    if (a == 0) return !city;
    uint32_t p = a - 1;
    if (in(EntityCues::kPlacePrep, p) || in(EntityCues::kWeakPrep, p)) return false;
    if (p > 0 && in(EntityCues::kGenitive, p) && in(EntityCues::kGpeCue, p - 1)) return false;
    bool article = in(EntityCues::kNominalDet, p) || in(EntityCues::kTeamDet, p) || t_[p].has(kElided);
    return article || !city;
  }

  // ----- 1. gazetteer -----
  bool case_ok(const GazetteerEntry& e, uint32_t a, uint32_t b) const {
    uint32_t len = b - a;
    if (e.length == len) {
      for (uint32_t k = 0; k < len && k < 32; ++k)
        if ((e.capitalised_mask >> k & 1u) && !cap(a + k)) return false;
    } else if ((e.capitalised_mask & 1u) && !cap(a)) {
      return false;
    }
    bool name_kind = e.kind == GazetteerKind::Actor || e.kind == GazetteerKind::Country || e.kind == GazetteerKind::Capital;
    // A two-letter acronym written like a word is the word when the language has it: "La
    // Prensa" is not LA, "Us" not US (Italian "Ue" is the EU: no Italian word "ue").
    if (name_kind && len == 1 && e.acronym && !allcaps(a) && t_[a].known && utf8_length(doc_.slice(t_[a].span)) <= 2)
      return false;
    if (name_kind && len == 1 && !allcaps(a) && common(a)) {
      // "Nato" (born), "Usa" (uses), "Un" (a): an acronym written like a word at the start
      // of a sentence is the word; imported dictionaries are trusted even less.
      if (initial_[a] && (e.acronym || e.imported || utf8_length(doc_.slice(t_[a].span)) <= 3)) return false;
      if (e.imported && !cap(a)) return false;
    }
    // Role nouns of the article's language only: Italian "holding" is a company, English a verb.
    if (e.kind == GazetteerKind::Agent && (doc_.lang == "it" || doc_.lang == "en") &&
        kb_.agents()[e.target].lang != doc_.lang)
      return false;
    if (e.kind == GazetteerKind::Agent || e.kind == GazetteerKind::Demonym) {
      // Role nouns and demonyms are common words; inside a capitalised name they are part of it
      // ("Corte Suprema", "Partito Democratico") — left to the name finder when capitalised
      // mid-sentence and followed by another capitalised word.
      if (cap(a) && !initial_[a] && b < n_ && cap(b) && adjacent(b - 1) && !headline_[a] &&
          e.kind == GazetteerKind::Agent && in(EntityCues::kOrgHead, a))
        return false;
    }
    return true;
  }

  // At each word that starts a phrase (prepare: starts_), the longest phrase whose case rules
  // hold; the scan goes on after it.
  void scan_gazetteer() {
    std::string key;
    size_t maxlen = kb_.max_phrase_tokens();
    uint32_t done = 0;  // tokens before this one are in a match
    for (uint32_t i : starts_) {
      if (i < done) continue;
      const KnowledgeBase::KeyInfo* info = first_info_[rep_[i]];
      key.clear();
      int best_end = -1;
      GazetteerEntry best;
      for (uint32_t j = i; j < n_ && j - i < maxlen; ++j) {
        if (j > i) {
          if (!same_sentence(i, j)) break;
          if (j == i + 1) {  // is this token ever second in a phrase that starts with token i?
            uint64_t h = t_[j].kind == TokenKind::Word && keys_[j].data() == t_[j].norm.data()
                             ? nhash_[j] : FlatTable<int>::hash(keys_[j]);
            if (!(info->next >> KnowledgeBase::next_bit(h) & 1)) break;
          }
          KnowledgeBase::append_key(key, keys_[j]);
          info = kb_.probe(key, FlatTable<int>::hash(key));
        } else {
          key.assign(keys_[i]);
        }
        if (!info) break;  // no phrase is this key or starts with it
        for (const auto& e : kb_.entries(*info)) {
          if (case_ok(e, i, j + 1)) {
            best_end = static_cast<int>(j + 1);
            best = e;
            break;
          }
        }
        if (!(info->flags & KnowledgeBase::kExtends)) break;
      }
      if (best_end < 0) continue;
      GazHit h{i, static_cast<uint32_t>(best_end), best};
      for (uint32_t k = i; k < h.last; ++k) gaz_at_[k] = static_cast<int>(hits_.size());
      hits_.push_back(h);
      done = h.last;
    }
  }
  // "capo dei servizi di sicurezza": a role of a body that is a description of its own
  // ("i servizi di sicurezza"): two hits, so the body gets its own mention.
  void split_agent_hits() {
    std::vector<GazHit>& out = s_.hits2;
    out.clear();
    for (const auto& h : hits_) {
      bool split = false;
      if (h.entry.kind == GazetteerKind::Agent && h.last - h.first >= 3) {
        for (uint32_t k = h.first + 1; k + 1 < h.last && !split; ++k) {
          if (!in(EntityCues::kConnector, k) && !t_[k].has(kElided)) continue;
          for (const auto& e : kb_.lookup(key_of(k + 1, h.last))) {
            if (e.kind != GazetteerKind::Agent) continue;
            GazHit head = h, body = h;
            head.last = k;
            body.first = k + 1;
            body.entry = e;
            out.push_back(head);
            out.push_back(body);
            split = true;
            break;
          }
        }
      }
      if (!split) out.push_back(h);
    }
    if (out.size() == hits_.size()) return;
    hits_.swap(out);
    gaz_at_.assign(n_, kNone);
    for (size_t i = 0; i < hits_.size(); ++i)
      for (uint32_t k = hits_[i].first; k < hits_[i].last; ++k) gaz_at_[k] = static_cast<int>(i);
  }

  // "il Governo", "la Procura", "the Army": a role noun that heads organisation names,
  // capitalised inside a sentence, names the institution.
  void institutions_as_names() {
    institution_agent_.assign(n_, nullptr);
    inst_end_.assign(n_, 0);
    bool changed = false;
    std::vector<GazHit>& kept = s_.hits2;
    kept.clear();
    for (const auto& h : hits_) {
      uint32_t i = h.first;
      // Several words too: "il Consiglio nazionale per la sicurezza" (a body's name written with
      // one capital) is the institution; "il consiglio nazionale per la sicurezza" a description.
      if (h.entry.kind == GazetteerKind::Agent && cap(i) && !initial_[i] && !headline_[i] && !allcaps(i) &&
          in(EntityCues::kOrgHead, i) && (h.last == i + 1 || !cap(h.last - 1))) {
        institution_agent_[i] = &kb_.agents()[h.entry.target].agent;
        inst_end_[i] = h.last;
        changed = true;
        continue;
      }
      // A title or role word that ends a name is its surname: "Tom King", "Martin Luther King"
      // (not "King Juan Carlos", not "the Spanish king").
      if (h.entry.kind == GazetteerKind::Agent && h.last == i + 1 && surname_title(i)) {
        changed = true;
        continue;
      }
      kept.push_back(h);
    }
    if (!changed) return;
    hits_.swap(kept);
    gaz_at_.assign(n_, kNone);
    for (size_t k = 0; k < hits_.size(); ++k)
      for (uint32_t x = hits_[k].first; x < hits_[k].last; ++x) gaz_at_[x] = static_cast<int>(k);
  }

  bool is_name_hit(int h) const {
    if (h == kNone) return false;
    auto k = hits_[h].entry.kind;
    return k == GazetteerKind::Actor || k == GazetteerKind::Country || k == GazetteerKind::Capital;
  }
  int hit_kind(uint32_t i, GazetteerKind k) const {
    int h = i < n_ ? gaz_at_[i] : kNone;
    return h != kNone && hits_[h].entry.kind == k ? h : kNone;
  }

  // ----- 2. names -----
  // Token i, a title or role word, is the last word of the name before it: capitalised inside
  // a sentence right after a capitalised name word, with no capitalised word after it.
  bool surname_title(uint32_t i) const {
    if (i == 0 || !cap(i) || allcaps(i) || initial_[i] || headline_[i] || !adjacent(i - 1) || !word(i - 1) || !cap(i - 1))
      return false;
    if (initial_[i - 1] && t_[i - 1].known) return false;  // "The King", "Il Re"
    if (in(EntityCues::kTitle, i - 1) || in(EntityCues::kPortfolio, i - 1) || hit_kind(i - 1, GazetteerKind::Agent) != kNone ||
        hit_kind(i - 1, GazetteerKind::Demonym) != kNone)
      return false;
    return !(i + 1 < n_ && cap(i + 1) && adjacent(i));
  }

  bool candidate(uint32_t i) const {
    if (!word(i) || !cap(i) || t_[i].has(kElided)) return false;
    if (gaz_at_[i] != kNone) return false;
    if (portfolio_[i]) return false;
    if (in(EntityCues::kCalendar, i) || in(EntityCues::kNotName, i)) return false;
    if (in(EntityCues::kTitle, i) && !surname_title(i)) return false;
    // Words of one letter are initials only when dotted or followed by a name ("J. Smith").
    if (utf8_length(doc_.slice(t_[i].span)) == 1 && !t_[i].has(kAbbreviation)) return false;
    if (headline_[i]) return !t_[i].known || t_[i].pos == "PROPN";
    if (!t_[i].has(kAllCaps) && function_word(i)) return false;
    if (initial_[i] && common(i) && in(EntityCues::kProper, i) && i + 1 < n_ && adjacent(i) && cap(i + 1) &&
        !common(i + 1))
      return true;  // "Marco Bellandi", "John Whitcombe" at the start of a sentence
    if (initial_[i] && common(i)) {
      // "Ministero degli Esteri" at the start of a sentence is a name all the same.
      if ((in(EntityCues::kOrgHead, i) || in(EntityCues::kLocHead, i)) && i + 1 < n_ && adjacent(i) &&
          (cap(i + 1) || (in(EntityCues::kConnector, i + 1) && cap(i + 2))))
        return true;
      return false;
    }
    return true;
  }

  // "ministro degli Esteri", "Minister of Foreign Affairs": capitalised common words after a
  // role noun and a connector name the portfolio, not an entity.
  void mark_portfolios() {
    portfolio_.assign(n_, 0);
    for (const auto& h : hits_) {
      if (h.entry.kind != GazetteerKind::Agent) continue;
      // Before the role: "Defence Secretary", "Vice Foreign Minister", "Planning and Investment
      // Minister" (English writes the office with capitals before the noun).
      for (uint32_t q = h.first; q > 0 && same_sentence(q - 1, h.first) && adjacent(q - 1);) {
        if (cap(q - 1) && in(EntityCues::kPortfolio, q - 1) && gaz_at_[q - 1] == kNone) {
          portfolio_[--q] = 1;
        } else if (q >= 2 && portfolio_[q] && in(EntityCues::kConnector, q - 1) && !cap(q - 1) && cap(q - 2) &&
                   in(EntityCues::kPortfolio, q - 2) && adjacent(q - 2) && gaz_at_[q - 2] == kNone) {
          portfolio_[q - 1] = 1;
          q -= 1;
        } else {
          break;
        }
      }
      uint32_t p = h.last;
      if (p >= n_ || !(in(EntityCues::kConnector, p) || t_[p].has(kElided))) continue;
      ++p;
      while (p < n_ && cap(p) && t_[p].known && in(EntityCues::kPortfolio, p) && gaz_at_[p] == kNone && same_sentence(h.first, p) &&
             (in(EntityCues::kConnector, p - 1) || t_[p - 1].has(kElided) || portfolio_[p - 1])) {
        portfolio_[p] = 1;
        ++p;
      }
    }
  }

  void find_names() {
    mark_portfolios();
    std::vector<uint8_t>& cand = s_.cand;
    cand.resize(n_);
    for (uint32_t i = 0; i < n_; ++i) cand[i] = candidate(i) ? 1 : 0;
    auto unit_end = [&](uint32_t i) -> uint32_t {  // end of the unit starting at i, or i if none
      if (i >= n_) return i;
      if (cand[i]) return inst_end_[i] > i + 1 ? inst_end_[i] : i + 1;
      int h = gaz_at_[i];
      if (is_name_hit(h) && hits_[h].first == i) return hits_[h].last;
      return i;
    };
    uint32_t i = 0;
    while (i < n_) {
      uint32_t e = unit_end(i);
      if (e == i) {
        ++i;
        continue;
      }
      uint32_t first = i;
      bool org_headed = cand[first] && (in(EntityCues::kOrgHead, first) || in(EntityCues::kLocHead, first));
      while (true) {
        // Next unit directly after?
        if (e < n_ && adjacent(e - 1)) {
          uint32_t e2 = unit_end(e);
          if (e2 > e && !(initial_[e] && common(e) && !cand[e])) {
            e = e2;
            continue;
          }
          // Particles inside a person's name; connectors inside an organisation's name.
          uint32_t p = e;
          bool link = false;
          while (p < n_ && !cap(p) && adjacent(p) && p - e < 3 &&
                 ((in(EntityCues::kParticle, p) && !org_headed) || (org_headed && in(EntityCues::kConnector, p))))
            ++p, link = true;
          if (link && p < n_ && adjacent(p - 1)) {
            uint32_t e3 = unit_end(p);
            if (e3 > p) {
              e = e3;
              continue;
            }
          }
        }
        break;
      }
      add_name_run(first, e, cand);
      i = e;
    }
  }

  // A run of units [a, b): decide what names it holds.
  void add_name_run(uint32_t a, uint32_t b, const std::vector<uint8_t>& cand) {
    bool any_cand = false, any_hit = false;
    for (uint32_t k = a; k < b; ++k) {
      any_cand = any_cand || cand[k];
      any_hit = any_hit || gaz_at_[k] != kNone;
    }
    // A street or square named after a person or a country: "in via Mattarella", "piazza
    // Italia". The street word, in lower case right before the name, makes the whole a place.
    if (any_hit && a > 0 && !cap(a - 1) && in(EntityCues::kStreetHead, a - 1) && adjacent(a - 1) &&
        same_sentence(a - 1, a)) {
      Name nm;
      nm.first = a - 1;
      nm.last = b;
      nm.type = EntityType::LOC;
      nm.typed = true;
      names_.push_back(nm);
      return;
    }
    auto push_hit = [&](int h) {
      Name nm;
      nm.first = hits_[h].first;
      nm.last = hits_[h].last;
      nm.gaz = h;
      names_.push_back(nm);
    };
    if (!any_cand) {
      for (uint32_t k = a; k < b;) {
        int h = gaz_at_[k];
        if (is_name_hit(h)) {
          push_hit(h);
          k = hits_[h].last;
        } else {
          ++k;
        }
      }
      return;
    }
    // A head that is also a given name, before a word no dictionary knows, is the given name:
    // "Marina Zoppetti" (not "Marina Militare"), "Stella Brambilla".
    bool named = b - a == 2 && given_any(a) && cand[a + 1] && !t_[a + 1].known;
    bool org = in(EntityCues::kOrgHead, a) && cand[a] && !named;
    bool loc = in(EntityCues::kLocHead, a) && cand[a] && !named;
    bool tail = in(EntityCues::kOrgTail, b - 1) && b - a > 1;
    if (!any_hit || org || loc || tail) {
      add_unknown(a, b, org || tail ? 1 : loc ? 2 : 0);
      return;
    }
    // A person known by surname written with the first name: "Vladimir Putin", "Jordan Bardella".
    int last_hit = gaz_at_[b - 1];
    if (last_hit != kNone && hits_[last_hit].entry.kind == GazetteerKind::Actor &&
        kb_.actors()[hits_[last_hit].entry.target].type == EntityType::PER && hits_[last_hit].first > a) {
      bool all_cand = true;
      for (uint32_t k = a; k < hits_[last_hit].first; ++k) {
        int h = gaz_at_[k];
        bool one_word_hit = h != kNone && hits_[h].last == hits_[h].first + 1;
        all_cand = all_cand && (cand[k] || in(EntityCues::kParticle, k) || one_word_hit);
      }
      if (all_cand) {
        Name nm;
        nm.first = a;
        nm.last = b;
        nm.gaz = last_hit;
        names_.push_back(nm);
        return;
      }
    }
    // A one-word match followed by unknown name words is a first name or a word of a
    // longer name ("Mary Whitcombe" with Mary a town): the run is one unknown name.
    {
      int h = gaz_at_[a];
      if (h != kNone && hits_[h].first == a && hits_[h].last == a + 1 && a + 1 < b && cand[a + 1] &&
          !allcaps(a) && !hits_[h].entry.acronym &&
          (hits_[h].entry.imported || (hits_[h].entry.kind == GazetteerKind::Actor &&
                                       kb_.actors()[hits_[h].entry.target].type == EntityType::PER))) {
        bool rest_cand = true;
        for (uint32_t k = a + 1; k < b; ++k) rest_cand = rest_cand && (cand[k] || in(EntityCues::kParticle, k));
        if (rest_cand) {
          add_unknown(a, b, 0);
          return;
        }
      }
    }
    // A one-word place inside a run of unknown name words is a word of that name: "Tran Van
    // Minh" (Van, a Turkish town), "Ali Jordan Haddad".
    {
      bool inside = false, all = true;
      for (uint32_t k = a; k < b && all; ++k) {
        int h = gaz_at_[k];
        if (cand[k] || (h == kNone && in(EntityCues::kParticle, k))) continue;
        bool one_place = h != kNone && hits_[h].first == k && hits_[h].last == k + 1 && !allcaps(k) &&
                         !hits_[h].entry.acronym && k > a && k + 1 < b && cand[k - 1] && cand[k + 1] &&
                         (hits_[h].entry.kind == GazetteerKind::Actor || hits_[h].entry.kind == GazetteerKind::Capital) &&
                         (hits_[h].entry.kind == GazetteerKind::Capital ||
                          kb_.actors()[hits_[h].entry.target].type == EntityType::GPE ||
                          kb_.actors()[hits_[h].entry.target].type == EntityType::LOC);
        inside = inside || one_place;
        all = one_place;
      }
      if (inside && all && cand[a] && cand[b - 1]) {
        add_unknown(a, b, 0);
        return;
      }
    }
    // Otherwise the knowledge-base names stand alone and the rest are unknown names.
    uint32_t k = a;
    while (k < b) {
      int h = gaz_at_[k];
      if (is_name_hit(h) && hits_[h].first == k) {
        push_hit(h);
        k = hits_[h].last;
        continue;
      }
      uint32_t s = k;
      while (k < b && !(gaz_at_[k] != kNone && is_name_hit(gaz_at_[k]))) ++k;
      // Trim particles at the edges.
      uint32_t x = s, y = k;
      while (x < y && !cand[x]) ++x;
      while (y > x && !cand[y - 1]) --y;
      if (x < y) add_unknown(x, y, 0);
    }
  }

  // hint: 1 organisation, 2 place.
  void add_unknown(uint32_t a, uint32_t b, int hint) {
    Name nm;
    nm.first = a;
    nm.last = b;
    // A single capitalised common word in mid-sentence that the article also writes in
    // lower case ("il Paese") is that word.
    if (b - a == 1 && hint == 0 && t_[a].known && !allcaps(a) && !in(EntityCues::kOrgHead, a) && !web_name(a) &&
        (lower_seen(a) || !initial_[a]) && !in(EntityCues::kProper, a) &&
        !(a > 0 && in(EntityCues::kPlacePrep, a - 1) && !initial_[a]))
      return;  // "il Paese", "la Costituzione": a capitalised common noun
    if (b - a == 1 && roman_numeral(doc_.slice(t_[a].span))) return;
    // A lower-case place word before the name belongs to it: "piazza Tienanmen", "lago di Garda".
    uint32_t h = a;
    if (h > 0 && (in(EntityCues::kConnector, h - 1) || t_[h - 1].has(kElided)) && h > 1 && !cap(h - 2) && in(EntityCues::kLocHead, h - 2) &&
        adjacent(h - 2) && adjacent(h - 1))
      h -= 2;
    else if (h > 0 && !cap(h - 1) && in(EntityCues::kLocHead, h - 1) && adjacent(h - 1))
      h -= 1;
    if (h < a) {
      nm.first = h;
      nm.type = EntityType::LOC;
      nm.typed = true;
      names_.push_back(nm);
      return;
    }
    if (b - a == 1 && hint == 0 && !allcaps(a) && t_[a].known && function_word(a)) return;
    if (hint == 1) {
      nm.type = EntityType::ORG;
      nm.typed = true;
      if ((b - a == 1 || inst_end_[a] == b) && institution_agent_[a]) nm.agent = *institution_agent_[a];
    } else if (hint == 2) {
      nm.type = EntityType::LOC;
      nm.typed = true;
    } else {
      type_unknown(nm);
    }
    names_.push_back(nm);
  }

  // An organisation noun before the name, over adjectives, demonyms and "di <noun>":
  // "l'agenzia di informazione cattolica AsiaNews", "la testata online kazaka Orda.kz".
  bool org_described(uint32_t a) const {
    // Right after the description, not as its complement ("il sito della Kaltenbrunner").
    if (a == 0 || in(EntityCues::kConnector, a - 1) || t_[a - 1].has(kElided)) return false;
    uint32_t p = a;
    for (int steps = 0; p > 0 && steps < 5 && same_sentence(p - 1, a) && word(p - 1) && !cap(p - 1); ++steps) {
      --p;
      if (in(EntityCues::kOrgDesc, p)) return true;
      bool link = in(EntityCues::kConnector, p) || t_[p].has(kElided);
      bool after_link = p > 0 && (in(EntityCues::kConnector, p - 1) || t_[p - 1].has(kElided));
      if (!(t_[p].pos == "ADJ" || hit_kind(p, GazetteerKind::Demonym) != kNone || link || after_link)) return false;
    }
    return false;
  }

  // "Orda.kz", "Amazon.com": a word, a dot and a lower-case ending of 2 to 4 letters.
  bool web_name(uint32_t i) const {
    std::string_view w = doc_.slice(t_[i].span);
    size_t dot = w.rfind('.');
    if (dot == std::string_view::npos || dot < 2 || w.size() - dot - 1 < 2 || w.size() - dot - 1 > 4) return false;
    for (size_t k = dot + 1; k < w.size(); ++k)
      if (w[k] < 'a' || w[k] > 'z') return false;
    return true;
  }

  static bool roman_numeral(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (std::string_view("IVXLCDM").find(c) == std::string_view::npos) return false;
    return true;
  }

  static bool looks_acronym(std::string_view s) {
    int letters = 0, vowels = 0;
    for (char c : s) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        ++letters;
        char l = static_cast<char>(c | 0x20);
        vowels += (l == 'a' || l == 'e' || l == 'i' || l == 'o' || l == 'u' || l == 'y');
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        return false;
      }
    }
    return letters >= 2 && vowels == 0;
  }

  void type_unknown(Name& nm) {
    uint32_t a = nm.first, b = nm.last;
    auto set = [&](EntityType t) {
      nm.type = t;
      nm.typed = true;
    };
    // A web name: "Orda.kz", "Repubblica.it" (a site, a newspaper, a company).
    if (b - a == 1 && web_name(a)) {
      set(EntityType::ORG);
      // A country's domain gives the country: "Orda.kz" is Kazakh ("tv", "io" and the like are
      // used by anyone: web_generic in entity_cues.tsv).
      std::string_view w = doc_.slice(t_[a].span);
      std::string_view tld = w.substr(w.rfind('.') + 1);
      if (tld.size() == 2 && !cues_.web_generic.count(std::string(tld))) {
        std::string iso2{static_cast<char>(tld[0] - 32), static_cast<char>(tld[1] - 32)};
        if (iso2 == "UK") iso2 = "GB";
        if (const Country* c = kb_.country(iso2)) nm.country = c->cameo;
      }
      return;
    }
    if (b - a == 1 && (allcaps(a) || looks_acronym(doc_.slice(t_[a].span))) &&
        utf8_length(doc_.slice(t_[a].span)) <= 6 && !headline_[a]) {
      set(EntityType::ORG);
      return;
    }
    // An organisation described right before its name: "l'agenzia di stampa Cihan", "la
    // testata Orda.kz", "il quotidiano Tiempo Argentino".
    if (org_described(a)) {
      set(EntityType::ORG);
      return;
    }
    // A title or a role noun just before: "signor Rossi", "il presidente Tokaev", "President Putin".
    if (a > 0) {
      uint32_t p = a - 1;
      if (in(EntityCues::kTitle, p)) {
        set(EntityType::PER);
        return;
      }
      int h = gaz_at_[p];
      if (h != kNone && (hits_[h].entry.kind == GazetteerKind::Agent || hits_[h].entry.kind == GazetteerKind::Demonym) &&
          adjacent(p)) {
        // Role right before the name, or role + demonym ("presidente kazako Tokayev").
        bool role = hits_[h].entry.kind == GazetteerKind::Agent;
        if (!role && hits_[h].first > 0) {
          int h2 = gaz_at_[hits_[h].first - 1];
          role = h2 != kNone && hits_[h2].entry.kind == GazetteerKind::Agent;
        }
        if (role) {
          set(EntityType::PER);
          return;
        }
      }
    }
    if (b - a == 1 && team_use(a, true) && !given(a)) {
      set(EntityType::ORG);
      return;
    }
    // A given name standing alone or first: "Isabella", "Mario Giordano"; not after "in"
    // ("in Salvador"), which introduces places only.
    bool in_place = a > 0 && in(EntityCues::kInDet, a - 1);
    if (given(a) && (b - a == 1 ? !in_place : !in(EntityCues::kPlacePrep, a > 0 ? a - 1 : a))) {
      set(EntityType::PER);
      return;
    }
    // Apertium's proper-noun tags.
    if (!(b - a == 1 && in_place) && (has_feature(a, "<ant>") || has_feature(a, "<cog>") || has_feature(b - 1, "<cog>"))) {
      set(EntityType::PER);
      return;
    }
    if (has_feature(a, "<org>")) {
      set(EntityType::ORG);
      return;
    }
    // The group a role belongs to: "gli islamisti di Ansar Eddine", "il presidente di Codacons",
    // "i membri di Exit" (a weak cue: "il portavoce di Rossi" is a person's).
    if (a > 1 && (in(EntityCues::kGenitive, a - 1) || t_[a - 1].has(kElided)) && !cap(a - 1) &&
        !in(EntityCues::kGpeCue, a - 2) && !given_any(a) &&
        (in(EntityCues::kOrgMember, a - 2) ||
         (gaz_at_[a - 2] != kNone && hits_[gaz_at_[a - 2]].last == a - 1 &&
          hits_[gaz_at_[a - 2]].entry.kind == GazetteerKind::Agent && plural(hits_[gaz_at_[a - 2]].first, a - 1)))) {
      nm.type = EntityType::ORG;
      nm.weak = true;
      return;
    }
    // A lone name after an article: an organisation ("la Pfizer", "dell'Adusbef"), or a place
    // after "in" with an article ("nella Valcamonica"); a weak cue, as "la Merkel" is a person.
    if (b - a == 1 && a > 0 && !has_feature(a, "<top>") && !has_feature(a, "<loc>") &&
        !in(EntityCues::kPlacePrep, a - 1)) {
      uint32_t p = a - 1;
      while (p > 0 && in(EntityCues::kNominalDet, p) && !in(EntityCues::kNameDet, p) && !in(EntityCues::kInDet, p)) --p;
      if (in(EntityCues::kInDet, p) || in(EntityCues::kNameDet, p)) {
        nm.type = in(EntityCues::kInDet, p) ? EntityType::GPE : EntityType::ORG;
        nm.weak = true;
        return;
      }
    }
    bool top = has_feature(a, "<top>") || has_feature(a, "<loc>");
    // "a Carpi", "in Sicilia", "la città di Carpi", "in Paris".
    bool place = false;
    bool weak = false;
    if (a > 0 && !cap(a - 1)) {
      if (in(EntityCues::kPlacePrep, a - 1)) place = true;
      if (in(EntityCues::kWeakPrep, a - 1)) weak = true;
      // "la città di Carpi", "nella provincia del Sichuan", "nella città pakistana di Abbottabad".
      if (a > 1 && in(EntityCues::kGenitive, a - 1) &&
          (in(EntityCues::kGpeCue, a - 2) ||
           (a > 2 && in(EntityCues::kGpeCue, a - 3) && hit_kind(a - 2, GazetteerKind::Demonym) != kNone)))
        place = true;
    }
    if (headline_[a] && initial_[a] && b - a == 1 && b < n_ &&
        (t_[b].kind == TokenKind::Punct || t_[b].kind == TokenKind::Dash))
      place = true;  // a dateline: "CARPI. ..."
    // Several words after a place word too, unless a given name starts them ("a Hemel
    // Hempstead", "il comune di Albano Laziale"; "a Mario Rossi" is a person).
    if (top || (place && (b - a == 1 || (!given_any(a) && !has_feature(a, "<ant>"))))) {
      set(EntityType::GPE);
      return;
    }
    // Coordinated with a place: "tra Melbourne e Geelong", "Rossano e Corigliano", "Parigi - Roubaix".
    if (b - a == 1 && a >= 2 && !names_.empty() && names_.back().last == a - 1 && !given(a) &&
        (t_[a - 1].norm == "e"sv || t_[a - 1].norm == "and"sv || t_[a - 1].kind == TokenKind::Dash ||
         t_[a - 1].norm == "-"sv)) {
      const Name& prev = names_.back();
      bool prev_place = prev.gaz != kNone ? (hits_[prev.gaz].entry.kind == GazetteerKind::Country ||
                                             hits_[prev.gaz].entry.kind == GazetteerKind::Capital)
                                          : prev.typed && (prev.type == EntityType::GPE || prev.type == EntityType::LOC);
      if (prev_place) {
        set(EntityType::GPE);
        return;
      }
      // Coordinated with an organisation: "Adusbef e Codacons", "Exit e Dignitas".
      if (prev.gaz == kNone && prev.type == EntityType::ORG && (prev.typed || prev.weak) &&
          (t_[a - 1].norm == "e"sv || t_[a - 1].norm == "and"sv)) {
        nm.type = EntityType::ORG;
        nm.weak = true;
        return;
      }
    }
    // In a list of places: "Basilea, Brema, Amburgo, Düsseldorf, Amsterdam".
    if (b - a == 1 && names_.size() >= 2 && names_.back().last + 1 == a && t_[a - 1].norm == ","sv && !given(a)) {
      auto is_place = [&](const Name& x) {
        return x.gaz != kNone ? (hits_[x.gaz].entry.kind == GazetteerKind::Country ||
                                 hits_[x.gaz].entry.kind == GazetteerKind::Capital ||
                                 (hits_[x.gaz].entry.kind == GazetteerKind::Actor &&
                                  kb_.actors()[hits_[x.gaz].entry.target].type == EntityType::GPE))
                              : x.type == EntityType::GPE;
      };
      const Name& p1 = names_[names_.size() - 1];
      const Name& p2 = names_[names_.size() - 2];
      if (is_place(p1) && is_place(p2) && p2.last + 1 == p1.first && t_[p2.last].norm == ","sv) {
        set(EntityType::GPE);
        return;
      }
    }
    if (weak && b - a == 1) {
      nm.type = EntityType::GPE;  // "da Mosca" or "da Corrado": a weak hint
      return;
    }
    if (b - a == 1 && doc_.lang != "en" && in(EntityCues::kProper, a) && !has_feature(a, "<ant>")) {
      nm.type = EntityType::GPE;  // a dictionary's capitalised word standing alone: mostly a place
      return;
    }
    if (b - a >= 2) {
      // Several capitalised words: a person, unless most are common words and the first is no
      // given name ("Liberation Front"); English only: Italian surnames are often words (Rossi).
      int words = 0, common_words = 0;
      for (uint32_t k = a; k < b; ++k) {
        if (!cap(k)) continue;
        ++words;
        if (t_[k].known && !in(EntityCues::kProper, k) && !has_feature(k, "<ant>") && !has_feature(k, "<cog>")) ++common_words;
      }
      bool given = in(EntityCues::kProper, a) || has_feature(a, "<ant>") || given_any(a);
      // Italian: every capitalised word a common word and the first no name: a party, a
      // company, an institution ("Scelta Civica", "Nuovo Centrodestra", "Casa Reale").
      bool org = doc_.lang == "en" ? !given && common_words * 2 > words : !given && words >= 2 && common_words == words;
      nm.type = org ? EntityType::ORG : EntityType::PER;
      return;
    }
    nm.type = place ? EntityType::GPE : EntityType::PER;
  }

  // ----- 3. nominals -----
  void find_nominals() {
    for (size_t h = 0; h < hits_.size(); ++h) {
      if (hits_[h].entry.kind != GazetteerKind::Agent) continue;
      const GazHit& hit = hits_[h];
      // A participle that is also a role noun ("arrestato", "inviato", "condannato") is a
      // role only as a noun: the morphology reads it as one after a determiner ("gli
      // arrestati"), and as a verb in "è stato arrestato" or "ha già inviato".
      if (hit.last - hit.first == 1 && t_[hit.first].pos == "VERB" && t_[hit.first].features.find("<pp>") != std::string_view::npos) continue;
      // English: a singular role noun before a common noun modifies it ("military aid",
      // "official contact", "police station"); before a plural one it is still the actor
      // ("army bulldozers"), as before another role ("government troops").
      if (doc_.lang == "en" && hit.last - hit.first == 1 && !plural(hit.first, hit.last) && adjacent(hit.first) &&
          word(hit.last) && !cap(hit.last) && t_[hit.last].pos == "NOUN" && gaz_at_[hit.last] == kNone &&
          !(t_[hit.last].norm.size() > 3 && t_[hit.last].norm.back() == 's'))
        continue;
      // English: a role noun before another one says whose people they are: "intelligence
      // officials" (SPY), "police officers" (COP), "government troops" (MIL: a government's
      // people are its own agent). The first is no mention of its own.
      if (doc_.lang == "en" && hit.last - hit.first == 1 && adjacent(hit.first) &&
          hit_kind(hit.last, GazetteerKind::Agent) != kNone && hits_[gaz_at_[hit.last]].first == hit.last && !cap(hit.last))
        continue;
      Nominal nm;
      nm.first = hit.first;
      nm.last = hit.last;
      nm.agent = kb_.agents()[hit.entry.target].agent;
      if (doc_.lang == "en" && hit.first > 0 && adjacent(hit.first - 1) && !cap(hit.first)) {
        int m = gaz_at_[hit.first - 1];
        if (m != kNone && hits_[m].last == hit.first && hits_[m].last - hits_[m].first == 1 &&
            hits_[m].entry.kind == GazetteerKind::Agent) {
          const std::string& mod = kb_.agents()[hits_[m].entry.target].agent;
          if (mod != "GOV") nm.agent = mod;
          nm.first = hits_[m].first;
        }
      }
      uint32_t e = hit.last;
      // Right: demonym, "of/del <country>", or a more specific role "capo dei servizi di sicurezza".
      while (e < n_ && same_sentence(nm.first, e)) {
        int d = hit_kind(e, GazetteerKind::Demonym);
        if (d != kNone && nm.country.empty()) {
          nm.country = kb_.countries()[hits_[d].entry.target].cameo;
          e = hits_[d].last;
          continue;
        }
        if ((in(EntityCues::kConnector, e) || t_[e].has(kElided)) && e + 1 < n_ && portfolio_[e + 1]) {
          uint32_t p = e + 1;
          while (p < n_ && portfolio_[p]) ++p;
          e = p;  // "ministro degli Esteri"
          continue;
        }
        if (in(EntityCues::kConnector, e) || t_[e].has(kElided)) {
          uint32_t p = e + 1;
          if (p < n_ && in(EntityCues::kNominalDet, p) && !t_[e].has(kElided)) ++p;
          int c = p < n_ ? gaz_at_[p] : kNone;
          if (c != kNone && hits_[c].first == p &&
              (hits_[c].entry.kind == GazetteerKind::Country || hits_[c].entry.kind == GazetteerKind::Capital) &&
              nm.country.empty()) {
            nm.country = kb_.countries()[hits_[c].entry.target].cameo;
            nm.complement_end = hits_[c].last;  // "del Kazakhstan" is the country's own mention
            break;
          }
          if (c != kNone && hits_[c].first == p && hits_[c].entry.kind == GazetteerKind::Agent &&
              (in(EntityCues::kGenitive, e) || t_[e].has(kElided))) {
            nm.agent = kb_.agents()[hits_[c].entry.target].agent;  // the more specific body
            if (!nm.span_end) nm.span_end = e;
            e = hits_[c].last;
            continue;
          }
        }
        break;
      }
      nm.last = e;
      if (!nm.span_end) nm.span_end = e;
      // Left: a demonym (English "the Russian president"), "ex"/"former", a possessive.
      uint32_t s = nm.first;
      while (s > 0 && same_sentence(s - 1, nm.first)) {
        int d = hit_kind(s - 1, GazetteerKind::Demonym);
        if (d != kNone && nm.country.empty()) {
          nm.country = kb_.countries()[hits_[d].entry.target].cameo;
          s = hits_[d].first;
          continue;
        }
        if (in(EntityCues::kFormer, s - 1)) {
          nm.former = true;
          --s;
          continue;
        }
        // The office before the role: "British Defence Secretary".
        if (portfolio_[s - 1]) {
          --s;
          continue;
        }
        // One or two adjectives between the demonym and the role: "the Russian foreign
        // minister", "Nigerian junior foreign minister".
        if (nm.country.empty() && word(s - 1) && !cap(s - 1) && !in(EntityCues::kNominalDet, s - 1)) {
          uint32_t q = s - 1;
          if (q >= 1 && hit_kind(q - 1, GazetteerKind::Demonym) != kNone) {
            s = q;
            continue;
          }
          if (q >= 2 && word(q - 1) && !cap(q - 1) && !in(EntityCues::kNominalDet, q - 1) &&
              hit_kind(q - 2, GazetteerKind::Demonym) != kNone) {
            s = q - 1;
            continue;
          }
        }
        // A country's possessive: "Taiwan's foreign minister", "Niger's ambassador".
        if (nm.country.empty() && s >= 2 && t_[s - 1].norm == "'s"sv) {
          int c = gaz_at_[s - 2];
          if (c != kNone && hits_[c].last == s - 1 &&
              (hits_[c].entry.kind == GazetteerKind::Country || hits_[c].entry.kind == GazetteerKind::Capital)) {
            nm.country = kb_.countries()[hits_[c].entry.target].cameo;
            break;  // the country keeps its own mention
          }
        }
        break;
      }
      nm.first = s;
      if (s > 1 && (in(EntityCues::kConnector, s - 1) || t_[s - 1].has(kElided)) && hit_kind(s - 2, GazetteerKind::Agent) != kNone)
        nm.embedded = true;
      if (s > 0) {
        std::string_view p = t_[s - 1].norm;
        nm.possessive = p == "suo" || p == "sua" || p == "suoi" || p == "sue" || p == "his" || p == "her" ||
                        p == "their" || p == "its" || p == "loro";
      }
      nm.plural = plural(hit.first, hit.last);
      // The people of an organisation named right before: "U.N. officials", "NATO troops",
      // "Red Cross officials" take its code.
      if (nm.country.empty() && nm.first > 0 && adjacent(nm.first - 1)) {
        int o = gaz_at_[nm.first - 1];
        if (o != kNone && hits_[o].last == nm.first && hits_[o].entry.kind == GazetteerKind::Actor &&
            kb_.actors()[hits_[o].entry.target].type == EntityType::ORG)
          nm.org_code = KnowledgeBase::actor_code_at(kb_.actors()[hits_[o].entry.target], doc_.date);
      }
      nm.key = nm.org_code + (nm.org_code.empty() ? "" : " ") + key_of(nm.first, nm.last);
      // A role noun inside a name that is a knowledge-base match is not a description.
      nominals_.push_back(std::move(nm));
    }
  }

  bool plural(uint32_t a, uint32_t b) const {
    if (has_feature(a, "<pl>")) return true;
    // Number of a noun reading only: "Rebels" opening a sentence may be read as a verb (<p3><sg>).
    if (has_feature(a, "<sg>") && t_[a].pos == "NOUN") return false;
    if (doc_.lang == "en") {
      const std::string& w = t_[b - 1].norm;
      return w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's';
    }
    // Italian: the article or the ending ("i servizi", "gli attivisti", "le truppe").
    uint32_t p = a;
    while (p > 0 && in(EntityCues::kFormer, p - 1)) --p;
    if (p > 0) {
      static constexpr std::string_view kPl[] = {"i", "gli", "le", "dei", "degli", "delle", "ai", "agli", "alle", "nei", "negli",
                                        "nelle", "sui", "sugli", "sulle", "dai", "dagli", "dalle", "coi", "questi",
                                        "queste", "quei", "quegli", "quelle", "loro", "due", "tre", "molti", "alcuni"};
      for (std::string_view w : kPl)
        if (t_[p - 1].norm == w) return true;
      static constexpr std::string_view kSg[] = {"il", "lo", "la", "l'", "un", "uno", "una", "un'", "del", "dello", "della",
                                        "dell'", "al", "allo", "alla", "all'", "suo", "sua", "nel", "nella", "dal", "dalla"};
      for (std::string_view w : kSg)
        if (t_[p - 1].norm == w) return false;
    }
    const std::string& w = t_[a].norm;
    return !w.empty() && w.back() == 'i';
  }

  // The first name (in names_) that starts at token i / ends at token e (before it); the
  // index is made by index_names().
  int name_starting_at(uint32_t i) const { return i < n_ ? s_.name_start[i] : kNone; }
  int name_ending_at(uint32_t e) const { return e <= n_ ? s_.name_end[e] : kNone; }
  void index_names() {
    s_.name_start.assign(n_, kNone);
    s_.name_end.assign(n_ + 1, kNone);
    for (size_t k = names_.size(); k-- > 0;) {
      if (names_[k].first < n_) s_.name_start[names_[k].first] = static_cast<int>(k);
      if (names_[k].last <= n_) s_.name_end[names_[k].last] = static_cast<int>(k);
    }
  }
  bool name_is_person_like(const Name& nm) const {
    if (nm.gaz != kNone) {
      const auto& e = hits_[nm.gaz].entry;
      return e.kind == GazetteerKind::Actor && kb_.actors()[e.target].type == EntityType::PER;
    }
    return nm.type == EntityType::PER || !nm.typed;
  }

  void give_role(Name& nm, const Nominal& n) {
    if (!nm.agent.empty() && !nm.country.empty()) return;
    nm.agent = n.agent;
    if (!n.country.empty()) nm.country = n.country;
    nm.former = n.former;
    nm.role = text_of(n.first, n.last);
    if (nm.gaz == kNone && (nm.type != EntityType::ORG || !nm.typed)) {
      nm.type = EntityType::PER;
      nm.typed = true;
    }
  }

  // ----- 4. roles by apposition and adjacency; acronyms in brackets -----
  void link_roles() {
    index_names();  // (the names' bounds do not change before the last loop)
    for (size_t k = 0; k < nominals_.size(); ++k) {
      Nominal& n = nominals_[k];
      // "il presidente kazako, Kassym-Jomart Tokayev" / "President Putin" / "il presidente Tokaev"
      uint32_t p = std::max(n.last, n.complement_end);
      uint32_t before = p;
      if (p < n_ && t_[p].norm == ","sv) ++p;
      int nm = name_starting_at(p);
      // "la testata Orda.kz": an unknown organisation's name after the noun that describes it.
      bool org_described = nm != kNone && names_[nm].gaz == kNone && names_[nm].type == EntityType::ORG && p == before &&
                           !n.plural;
      if (nm != kNone && !n.embedded && (name_is_person_like(names_[nm]) || org_described) && same_sentence(n.first, p) &&
          (p == before ? adjacent(before - 1) : true)) {
        give_role(names_[nm], n);
        n.name = nm;
        continue;
      }
      // "Samat Abish, numero due dei servizi di sicurezza kazaki": the role after a comma.
      if (n.first > 0) {
        uint32_t q = n.first;
        // Walk back over lower-case words (at most 4) to the comma after a name.
        uint32_t steps = 0;
        // Not over a verb, a pronoun or a conjunction: "Timbuctù, attaccando la moschea" is a
        // clause, not an apposition.
        while (q > 0 && steps < 5 && same_sentence(q - 1, n.first) && t_[q - 1].kind == TokenKind::Word &&
               !cap(q - 1) && !clause_word(q - 1))
          --q, ++steps;
        if (q > 0 && t_[q - 1].norm == ","sv) {
          int nm2 = name_ending_at(q - 1);
          if (nm2 != kNone && name_is_person_like(names_[nm2])) {
            give_role(names_[nm2], n);
            if (steps == 0 || (steps == 1 && in(EntityCues::kNominalDet, q))) n.name = nm2;
          }
        }
      }
    }
    // "(Knb)" after a description: the acronym names what the description describes.
    for (auto& n : nominals_) {
      uint32_t p = n.last;
      if (p + 2 < n_ && t_[p].norm == "("sv && t_[p + 2].norm == ")"sv) {
        int nm = name_starting_at(p + 1);
        if (nm != kNone && names_[nm].last == p + 2 && names_[nm].gaz != kNone) {
          const auto& e = hits_[names_[nm].gaz].entry;
          if (e.kind == GazetteerKind::Actor && kb_.actors()[e.target].type == EntityType::ORG && n.name == kNone) n.name = nm;
        } else if (nm != kNone && names_[nm].last == p + 2 && names_[nm].gaz == kNone) {
          names_[nm].type = EntityType::ORG;
          names_[nm].typed = true;
          names_[nm].agent = n.agent;
          names_[nm].country = n.country;
          names_[nm].role = text_of(n.first, n.last);
          if (n.name == kNone) n.name = nm;
        }
      }
    }
    // A demonym right after an organisation's name belongs to it: "Dipartimento di Stato americano".
    for (auto& nm : names_) {
      bool org = nm.gaz != kNone ? (hits_[nm.gaz].entry.kind == GazetteerKind::Actor &&
                                    kb_.actors()[hits_[nm.gaz].entry.target].type == EntityType::ORG)
                                 : nm.type == EntityType::ORG;
      if (!org) continue;
      int d = hit_kind(nm.last, GazetteerKind::Demonym);
      if (d != kNone && hits_[d].first == nm.last && adjacent(nm.last - 1) && !cap(nm.last)) {
        nm.extra_country = kb_.countries()[hits_[d].entry.target].cameo;
        nm.last = hits_[d].last;
      }
    }
  }

  // ----- 5. coreference -----

  // A new skeleton (Scratch::skels) of a word's key.
  uint32_t skeleton(std::string_view key) {
    if (s_.nskel == s_.skels.size()) s_.skels.emplace_back();
    Skel& k = s_.skels[s_.nskel];
    k.s = name_skeleton(key);
    k.cons = skeleton_consonants(k.s);
    k.vowels = skeleton_vowels(k.s);
    k.hash = flat_hash(k.s);
    k.cons_hash = flat_hash(k.cons);
    k.len = static_cast<uint32_t>(k.s.size());
    k.cons_len = static_cast<uint32_t>(k.cons.size());
    k.first = k.s.empty() ? 0 : k.s[0];
    return s_.nskel++;
  }
  const Skel& skel(uint32_t k) const { return s_.skels[k]; }

  // The skeleton of token i's key, made once per distinct word of the article.
  uint32_t skeleton_at(uint32_t i) {
    uint32_t r = rep_[i];
    if (s_.skel_at[r] == UINT32_MAX) s_.skel_at[r] = skeleton(keys_[r]);
    return s_.skel_at[r];
  }

  int find_entity_for(const Name& nm, const std::string& text_key) {
    uint32_t a = nm.first, b = nm.last;
    by_surname_ = false;
    // The same words.
    if (const int* known = by_text_.find(text_key); known && work_[*known].alive) return *known;
    bool person_like = nm.type == EntityType::PER || !nm.typed;
    if ((person_like && nm.type != EntityType::ORG) || nm.weak) {
      uint32_t last_k = skeleton_at(b - 1), first_k = skeleton_at(a);  // (may grow skels)
      const Skel& last = skel(last_k);
      const Skel& first = skel(first_k);
      for (size_t k = s_.persons.size(); k-- > 0;) {  // the persons, last first
        int e = s_.persons[k];
        const Work& w = work_[e];
        if (!w.alive) continue;
        bool sur = false;
        for (uint32_t s : w.surnames)
          if (same_variant(skel(s), last)) {
            sur = true;
            break;
          }
        if (!sur) continue;
        by_surname_ = true;
        if (b - a == 1) return e;  // "Tokayev" after "Kassym-Jomart Tokayev"
        // Two words: the first names must agree too (two different Smiths stay apart);
        // an initial agrees with a name it begins ("J." / "John").
        if (w.firsts.empty()) return e;
        for (uint32_t fk : w.firsts) {
          const Skel& f = skel(fk);
          if (same_variant(f, first) || (!f.s.empty() && !first.s.empty() && f.s[0] == first.s[0] &&
                                         (f.s.size() == 1 || first.s.size() == 1)))
            return e;
        }
        by_surname_ = false;
      }
    }
    // An acronym of an organisation's name: "Organizzazione mondiale della sanità (Oms)".
    if (b - a == 1 && nm.type == EntityType::ORG) {
      std::string_view acr = keys_[a];
      for (int e = static_cast<int>(work_.size()) - 1; e >= 0; --e) {
        const Work& w = work_[e];
        if (!w.alive || w.type != EntityType::ORG) continue;
        for (const auto& t : w.texts) {
          std::string ini;
          bool start = true;
          for (char c : t) {
            if (c == ' ' || c == '-' || c == '\'') {
              start = true;
              continue;
            }
            if (start) ini.push_back(c);
            start = false;
          }
          if (ini.size() >= 2 && ini == acr) return e;
        }
      }
    }
    return kNone;
  }

  void add_mention(int e, Span span, MentionKind kind, const char* rule) {
    Mention m;
    m.span = span;
    m.kind = kind;
    m.rule = rule;
    work_[e].mentions.push_back(std::move(m));
  }

  int new_entity(EntityType type) {
    work_.add(type);
    int e = static_cast<int>(work_.size()) - 1;
    if (type == EntityType::PER) s_.persons.push_back(e);
    return e;
  }

  void note_person_words(Work& w, uint32_t a, uint32_t b) {
    if (b <= a) return;
    w.surnames.push_back(skeleton_at(b - 1));
    if (b - a >= 2) w.firsts.push_back(skeleton_at(a));
  }

  void build_entities() {
    work_.reserve(names_.size() + nominals_.size());
    s_.skel_at.assign(n_, UINT32_MAX);
    // Knowledge-base actor (club: -1 - actor), country, team -> entity: a few per article.
    auto& by_actor = s_.by_actor;
    auto& by_country = s_.by_country;
    auto& by_team = s_.by_team;
    for (auto& nm : names_) {
      std::string tk = key_of(nm.first, nm.last);
      int e = kNone;
      bool joined_untyped = false;
      const char* rule = "propn";
      if (nm.gaz != kNone) {
        const auto& entry = hits_[nm.gaz].entry;
        rule = "kb";
        if (entry.kind == GazetteerKind::Actor) {
          // Italian: a town's name is feminine; with a masculine article it is the town's club
          // ("il Bologna", "del Siena", "il Milan"), an organisation of its own.
          const Actor& named = kb_.actors()[entry.target];
          bool club = doc_.lang == "it" && named.city && named.type == EntityType::GPE && named.country == "ITA" &&
                      nm.first > 0 && in(EntityCues::kMascDet, nm.first - 1);
          int key = club ? -1 - static_cast<int>(entry.target) : static_cast<int>(entry.target);
          if (const int* found = by_actor.find(key)) {
            e = *found;
          } else {
            const Actor& act = kb_.actors()[entry.target];
            e = kNone;
            // An unknown name seen before that this actor's name explains ("Tokaev" then the KB match).
            e = new_entity(club ? EntityType::ORG : act.type);
            work_[e].kb_actor = static_cast<int>(entry.target);
            work_[e].team = club;
            by_actor.emplace(key, e);
            if (act.type == EntityType::PER && !act.word_keys.empty()) {
              // Surnames: the last word of the name and of each alias; the first name when the
              // name has several words (Actor::word_keys).
              size_t n_sur = act.word_keys.size() - (act.name_words >= 2 ? 1 : 0);
              work_[e].surnames.push_back(skeleton(act.word_keys[0]));
              if (act.name_words >= 2) work_[e].firsts.push_back(skeleton(act.word_keys.back()));
              for (size_t k = 1; k < n_sur; ++k) work_[e].surnames.push_back(skeleton(act.word_keys[k]));
            }
          }
          if (kb_.actors()[entry.target].type == EntityType::PER) note_person_words(work_[e], nm.first, nm.last);
        } else {
          int c = static_cast<int>(entry.target);
          bool team = team_use(nm.first, entry.kind == GazetteerKind::Capital);
          auto& map = team ? by_team : by_country;
          if (const int* found = map.find(c)) {
            e = *found;
          } else {
            e = new_entity(team ? EntityType::ORG : EntityType::GPE);
            work_[e].kb_country = c;
            work_[e].team = team;
            map.emplace(c, e);
          }
          rule = entry.kind == GazetteerKind::Capital ? "kb-capital" : "kb";
        }
      } else {
        e = find_entity_for(nm, tk);
        // An untyped word that joins a known entity takes its type rather than voting.
        // A weak cue votes, unless the entity is a person named in full ("la Kaltenbrunner"
        // after "Gerlinde Kaltenbrunner").
        if (e != kNone && !nm.typed && (!nm.weak || by_surname_ || !work_[e].firsts.empty())) joined_untyped = true;
        if (e == kNone) e = new_entity(nm.type);
        if (nm.type == EntityType::PER || !nm.typed) note_person_words(work_[e], nm.first, nm.last);
      }
      Work& w = work_[e];
      by_text_.set(tk, e);
      w.texts.push_back(std::move(tk));
      w.has_name = true;
      if (nm.gaz == kNone && !joined_untyped) w.votes[static_cast<int>(nm.type)] += nm.typed ? 3 : 1;
      if (!nm.agent.empty() && w.agent.empty()) {
        w.agent = nm.agent;
        w.former = nm.former;
      }
      if (!nm.country.empty() && w.country.empty()) w.country = nm.country;
      if (!nm.extra_country.empty()) w.extra_country = nm.extra_country;
      if (!nm.role.empty()) w.roles.push_back(nm.role);
      nm.entity = e;
      add_mention(e, span_of(nm.first, nm.last), MentionKind::Name, rule);
    }
    // Nominals: apposition -> the name's entity; repeated descriptions -> one entity;
    // a description of an office -> the entity holding it.
    auto& by_key = s_.by_key;
    auto& order = s_.order;
    // actor_of() of the named entities, worked out when a description asks (it does not
    // change in this loop).
    auto& actors = s_.actor_cache;
    actors.assign(work_.size(), std::string());
    auto& actor_done = s_.actor_done;
    actor_done.assign(work_.size(), 0);
    for (size_t k = 0; k < nominals_.size(); ++k)
      if (nominals_[k].name != kNone) order.push_back(k);
    for (size_t k = 0; k < nominals_.size(); ++k)
      if (nominals_[k].name == kNone) order.push_back(k);
    for (size_t k : order) {
      Nominal& n = nominals_[k];
      int e = kNone;
      if (n.name != kNone) e = names_[n.name].entity;
      // An indefinite description introduces someone new ("A top U.S. official praised …"
      // after "a Chinese official"); a later definite one ("the official") means the latest.
      // (The singular indefinite article as the analysers tag it: "a", "un", "una" are
      // <det><ind><sg>; the plural "dei", "degli" is also the preposition "di" with an article.)
      auto indef = [&](uint32_t k) {
        return t_[k].pos == "DET" && has_feature(k, "<ind>") && has_feature(k, "<sg>");
      };
      const bool indefinite = indef(n.first) || (n.first > 0 && indef(n.first - 1));
      if (e == kNone && !indefinite) {
        if (const int* known = by_key.find(n.key)) e = *known;
      }
      if (e == kNone && !n.country.empty() && !n.agent.empty() && !n.plural && !n.possessive) {
        // "il presidente russo" -> the Russian head of state in the article.
        std::string want = n.country + (n.former && n.agent == "GOV" ? "ELI" : n.agent);
        for (size_t p = s_.persons.size(); p-- > 0 && e == kNone;) {
          int k = s_.persons[p];
          if (!work_[k].alive || !work_[k].has_name) continue;
          if (!actor_done[k]) {
            actors[k] = actor_of(work_[k]);
            actor_done[k] = 1;
          }
          if (actors[k] == want) e = k;
        }
      }
      if (e == kNone) {
        e = new_entity(n.plural ? EntityType::MISC : EntityType::PER);
        work_[e].agent = n.agent;
        work_[e].org_code = n.org_code;
        work_[e].former = n.former;
        if (!n.country.empty()) work_[e].country = n.country;
        if (n.possessive && work_[e].country.empty()) {
          // "suo portavoce": the country of the person it belongs to (the last one named).
          for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
            if (it->first >= n.first || it->entity == kNone) continue;
            const Work& o = work_[it->entity];
            if (o.type != EntityType::PER) continue;
            std::string c = actor_of(o);
            if (c.size() >= 3) work_[e].country = c.substr(0, 3);
            break;
          }
        }
      }
      n.entity = e;
      if (indefinite) by_key.set(n.key, e);
      else by_key.emplace(n.key, e);
      work_[e].roles.push_back(text_of(n.first, std::max(n.last, n.complement_end)));
      add_mention(e, span_of(n.first, n.span_end), MentionKind::Nominal, n.name != kNone ? "apposition" : "role");
    }
    // A single-word unknown name seen before the full name: "Tokayev ... Kassym-Jomart Tokayev".
    for (size_t a = 0; a < work_.size(); ++a) {
      Work& w = work_[a];
      if (!w.alive || w.kb_actor != kNone || w.kb_country != kNone || w.firsts.size() || w.surnames.empty()) continue;
      for (int pb : s_.persons) {
        auto b = static_cast<size_t>(pb);
        if (b == a || !work_[b].alive || work_[b].firsts.empty()) continue;
        bool match = false;
        for (uint32_t s : work_[b].surnames)
          for (uint32_t x : w.surnames) match = match || same_variant(skel(s), skel(x));
        if (match) {
          merge(b, a);
          break;
        }
      }
    }
  }

  // ----- 5b. a role with no country in its phrase -----
  // "President Omar al-Bashir ... in Sudan", "Tokayev guida il Consiglio nazionale per la
  // sicurezza": an entity with an agent and no country takes the country of the nearest place
  // in its sentence (a country, a capital, a known place, a demonym that describes no role),
  // within 20 words of a name, 12 of a description; an institution called national ("nazionale", "national") with no place
  // in its sentence takes the country of the known actors there, else the article's main
  // country. Nothing else crosses sentences: a role noun is often another country's.
  void context_countries() {
    std::vector<Anchor>& places = s_.places;
    std::vector<Anchor>& others = s_.others;
    places.clear();
    others.clear();
    std::vector<uint8_t>& in_nominal = s_.in_nominal;
    in_nominal.assign(n_, 0);
    for (const auto& n : nominals_)
      for (uint32_t k = n.first; k < std::max(n.last, n.complement_end) && k < n_; ++k) in_nominal[k] = 1;
    std::vector<std::pair<std::string, int>> weight;  // country -> its knowledge-base names
    for (const auto& nm : names_) {
      if (nm.gaz == kNone || nm.entity == kNone || !work_[nm.entity].alive) continue;
      const auto& e = hits_[nm.gaz].entry;
      std::string c;
      bool place = false;
      if (e.kind == GazetteerKind::Country || e.kind == GazetteerKind::Capital) {
        if (work_[nm.entity].team) continue;
        c = kb_.countries()[e.target].cameo;
        place = true;
      } else if (e.kind == GazetteerKind::Actor) {
        if (work_[nm.entity].team) continue;
        const Actor& act = kb_.actors()[e.target];
        c = act.country;
        place = act.type == EntityType::GPE || act.type == EntityType::LOC;
      }
      if (c.size() != 3) continue;
      auto w = std::find_if(weight.begin(), weight.end(), [&](const auto& x) { return x.first == c; });
      if (w == weight.end()) weight.emplace_back(c, 1);
      else ++w->second;
      (place ? places : others).push_back(Anchor{nm.first, c});
    }
    for (size_t k = 0; k < hits_.size(); ++k) {
      const auto& h = hits_[k];
      if (h.entry.kind != GazetteerKind::Demonym || in_nominal[h.first]) continue;
      // "Bosnian Serbs": the people named by the second demonym live in the first's country.
      if (k > 0 && hits_[k - 1].entry.kind == GazetteerKind::Demonym && hits_[k - 1].last == h.first &&
          adjacent(h.first - 1))
        continue;
      places.push_back(Anchor{h.first, kb_.countries()[h.entry.target].cameo});
    }
    std::string main_country;
    int best = 0;
    for (const auto& [c, w] : weight)
      if (w > best || (w == best && c < main_country)) best = w, main_country = c;
    auto nearest = [&](const std::vector<Anchor>& list, uint32_t tok, uint32_t window) -> const std::string* {
      const std::string* out = nullptr;
      uint32_t best_d = window + 1;
      for (const auto& a : list) {
        if (!same_sentence(a.tok, tok)) continue;
        uint32_t d = a.tok > tok ? a.tok - tok : tok - a.tok;
        if (d < best_d) best_d = d, out = &a.country;
      }
      return out;
    };
    for (auto& w : work_) {
      if (!w.alive || w.mentions.empty() || w.kb_actor != kNone || w.kb_country != kNone || w.agent.empty() ||
          !w.country.empty() || !w.extra_country.empty() || !w.org_code.empty() || w.agent == "IGO" || w.agent == "NGO")
        continue;
      const Mention* m = &w.mentions.front();
      for (const auto& x : w.mentions)
        if (x.kind == MentionKind::Name) {
          m = &x;
          break;
        }
      uint32_t tok = doc_.token_at(m->span.begin);
      if (tok >= n_) continue;
      // A named person or body: anywhere in its sentence (20 words); a description: close by.
      if (const std::string* c = nearest(places, tok, m->kind == MentionKind::Name ? 20 : 12)) {
        w.country = *c;
        continue;
      }
      bool national = false;
      for (const auto& x : w.mentions) {
        if (x.kind != MentionKind::Name) continue;
        for (uint32_t k = doc_.token_at(x.span.begin); k < n_ && t_[k].span.end <= x.span.end; ++k)
          national = national || in(EntityCues::kNational, k);
      }
      if (!national) continue;
      if (const std::string* c = nearest(others, tok, 40)) w.country = *c;
      else if (!main_country.empty()) w.country = main_country;
    }
  }

  void merge(size_t into, size_t from) {
    Work& a = work_[into];
    Work& b = work_[from];
    for (auto& m : b.mentions) a.mentions.push_back(std::move(m));
    for (auto& x : b.texts) a.texts.push_back(std::move(x));
    for (auto& x : b.surnames) a.surnames.push_back(std::move(x));
    for (auto& x : b.roles) a.roles.push_back(std::move(x));
    for (int i = 0; i < 5; ++i) a.votes[i] += b.votes[i];
    if (a.agent.empty()) {
      a.agent = b.agent;
      a.former = b.former;
    }
    if (a.country.empty()) a.country = b.country;
    b.alive = false;
    b.mentions.clear();
  }

  std::string actor_of(const Work& w) const {
    if (!w.org_code.empty() && w.kb_actor == kNone && w.kb_country == kNone) return w.org_code;
    if (w.kb_actor != kNone) {
      const Actor& act = kb_.actors()[w.kb_actor];
      std::string code = KnowledgeBase::actor_code_at(act, doc_.date);
      // The article's own title outranks the knowledge base's dates: "Russian President
      // Boris Yeltsin hosted ..." is a serving president, whatever date the article carries
      // (a story about the past, a wrong or missing date), so not the fallback ELI.
      if (w.agent == "GOV" && !w.former && !act.country.empty() && code == act.country + "ELI")
        return act.country + "GOV";
      if (!code.empty()) return code;
      std::string c = act.country;
      if (!c.empty() && !w.agent.empty()) return c + w.agent;
      return c;
    }
    if (w.kb_country != kNone) return kb_.countries()[w.kb_country].cameo;
    std::string country = !w.country.empty() ? w.country : w.extra_country;
    if (!w.agent.empty()) {
      std::string agent = w.former && w.agent == "GOV" ? "ELI" : w.agent;
      return country.empty() ? std::string() : country + agent;
    }
    return country;
  }

  // Organisation names that hold a known actor or country take its code: "Consiglio Nato-Russia".
  std::string code_inside(const Work& w) const {
    for (const auto& m : w.mentions) {
      if (m.kind != MentionKind::Name) continue;
      uint32_t a = doc_.token_at(m.span.begin);
      for (uint32_t i = a; i < n_ && t_[i].span.end <= m.span.end; ++i) {
        // Whole tokens and the parts of hyphenated ones, written with a capital ("Nato-Russia";
        // not the "la" of "Consiglio per la sicurezza").
        std::vector<std::string> parts;
        if (cap(i)) parts.emplace_back(keys_[i]);
        if (keys_[i].find('-') != std::string::npos) {
          auto written = split(doc_.slice(t_[i].span), '-');
          auto keys = split(keys_[i], '-');
          for (size_t k = 0; k < keys.size() && k < written.size(); ++k)
            if (!written[k].empty() && !(written[k][0] >= 'a' && written[k][0] <= 'z')) parts.push_back(keys[k]);
        }
        for (const auto& p : parts) {
          for (const auto& e : kb_.lookup(p)) {
            if (e.kind == GazetteerKind::Actor) {
              std::string c = KnowledgeBase::actor_code_at(kb_.actors()[e.target], doc_.date);
              if (!c.empty()) return c;
            } else if (e.kind == GazetteerKind::Country || e.kind == GazetteerKind::Capital) {
              return kb_.countries()[e.target].cameo;
            }
          }
        }
      }
    }
    return {};
  }

  void finish() {
    std::vector<Entity> out;
    out.reserve(work_.size());
    for (auto& w : work_) {
      if (!w.alive || w.mentions.empty()) continue;
      Entity e;
      if (w.kb_actor != kNone) {
        const Actor& act = kb_.actors()[w.kb_actor];
        e.type = w.team ? EntityType::ORG : act.type;
        e.name = act.name;
        e.kb_id = act.id;
        e.country = act.country;
      } else if (w.kb_country != kNone) {
        const Country& c = kb_.countries()[w.kb_country];
        e.type = w.team ? EntityType::ORG : EntityType::GPE;
        e.name = doc_.lang == "en" ? (c.name_en.empty() ? c.name_it : c.name_en) : (c.name_it.empty() ? c.name_en : c.name_it);
        e.kb_id = c.cameo;
        e.country = c.cameo;
      } else {
        int best = static_cast<int>(w.type);
        for (int i = 0; i < 5; ++i)
          if (w.votes[i] > w.votes[best]) best = i;
        e.type = static_cast<EntityType>(best);
        if (!w.agent.empty() && e.type != EntityType::ORG && w.has_name) e.type = EntityType::PER;
        e.country = !w.country.empty() ? w.country : w.extra_country;
        // The longest name mention.
        size_t len = 0;
        for (const auto& m : w.mentions)
          if (m.kind == MentionKind::Name && m.span.size() > len) {
            len = m.span.size();
            e.name = std::string(doc_.slice(m.span));
          }
        if (e.name.empty()) e.name = std::string(doc_.slice(w.mentions.front().span));
      }
      e.actor = actor_of(w);
      if (e.actor.empty() && w.kb_actor == kNone && w.kb_country == kNone && e.type == EntityType::ORG)
        e.actor = code_inside(w);
      if (e.actor.empty() && w.kb_actor != kNone) e.actor = code_inside(w);
      e.roles = std::move(w.roles);
      std::sort(e.roles.begin(), e.roles.end());
      e.roles.erase(std::unique(e.roles.begin(), e.roles.end()), e.roles.end());
      // The work's own vector is sorted (its memory serves the next documents).
      std::sort(w.mentions.begin(), w.mentions.end(), [](const Mention& x, const Mention& y) {
        return x.span.begin != y.span.begin ? x.span.begin < y.span.begin : x.span.end > y.span.end;
      });
      // One mention per span (a name and a description may coincide).
      size_t uniq = 0;
      for (size_t k = 0; k < w.mentions.size(); ++k) uniq += k == 0 || !(w.mentions[k - 1].span == w.mentions[k].span);
      e.mentions.reserve(uniq);
      for (auto& m : w.mentions)
        if (e.mentions.empty() || !(e.mentions.back().span == m.span)) e.mentions.push_back(std::move(m));
      out.push_back(std::move(e));
    }
    // By first mention: an order of indexes (std::sort makes the same permutation of the
    // entities as it would sorting them, without moving them about).
    auto& order = s_.entity_order;
    order.resize(out.size());
    for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(),
              [&](uint32_t x, uint32_t y) { return out[x].mentions.front().span < out[y].mentions.front().span; });
    doc_.entities.clear();
    doc_.entities.reserve(out.size());
    for (uint32_t k : order) doc_.entities.push_back(std::move(out[k]));
  }

  Document& doc_;
  const KnowledgeBase& kb_;
  const EntityCues& cues_;
  const std::vector<Token>& t_;
  Scratch& s_;
  uint32_t n_ = 0;
  // Per-document tables, in the thread's Scratch so that their memory is reused.
  std::vector<std::string_view>& keys_ = s_.keys;      // token keys (norms, or key_store_ for dotted ones)
  std::deque<std::string>& key_store_ = s_.key_store;
  std::vector<uint8_t>& initial_ = s_.initial;
  std::vector<uint16_t>& tf_ = s_.tf;                  // each token's flags, | kIsWord
  std::vector<uint8_t>& headline_ = s_.headline;
  std::vector<uint8_t>& portfolio_ = s_.portfolio;
  std::vector<uint8_t>& sport_ = s_.sport;  // (mutable through sport())
  std::vector<uint32_t>& cue_ = s_.cue;                // EntityCues::Kind bits of each word (+ kNamesLooked)
  std::vector<uint64_t>& nhash_ = s_.nhash;            // FlatTable hash of each word's norm
  std::vector<uint32_t>& sport_tok_ = s_.sport_tok;    // the words of sports reporting
  std::vector<const std::string*>& institution_agent_ = s_.institution_agent;
  std::vector<uint32_t>& inst_end_ = s_.inst_end;      // end of the institution's name that starts here, or 0
  std::vector<int>& gaz_at_ = s_.gaz_at;
  std::vector<uint32_t>& rep_ = s_.rep;                // the first token with the same word
  std::vector<uint32_t>& word_slots_ = s_.word_slots;  // (the table that finds it)
  std::vector<const KnowledgeBase::KeyInfo*>& first_info_ = s_.first_info;  // probe_token per word (rep)
  std::vector<uint32_t>& starts_ = s_.starts;          // the words that start a phrase
  std::vector<uint32_t>& new_words_ = s_.new_words;    // the first token of each distinct word
  std::vector<uint64_t>& new_hash_ = s_.new_hash;      // and the hash of its key
  std::vector<GazHit>& hits_ = s_.hits;
  std::vector<Name>& names_ = s_.names;
  std::vector<Nominal>& nominals_ = s_.nominals;
  WorkList& work_ = s_.work;
  mutable bool sport_done_ = false;
  TextMap& by_text_ = s_.by_text;  // a name's key -> the last entity it named
  bool by_surname_ = false;                                      // find_entity_for joined by surname
};

}  // namespace

EntityStage::EntityStage(const StageContext& ctx)
    : kb_(ctx.kb), it_(load_cues(ctx.data_dir / "it", "it")), en_(load_cues(ctx.data_dir / "en", "en")) {}

EntityStage::~EntityStage() = default;

void EntityStage::run(Document& doc) const {
  doc.entities.clear();
  if (!kb_) return;
  thread_local Scratch scratch;
  Run r(doc, *kb_, doc.lang == "en" ? en_ : it_, scratch);
  r.go();
}

}  // namespace cronaca
