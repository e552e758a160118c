// The event stage (see event_stage.h for what it reads and writes).
//
// Approach: a pattern matcher over tokens with a shallow clause model, no
// parser. Everything language-specific is data (patterns, cue words, actor
// nouns); the code knows only the roles of the cue classes. Each event names
// the pattern that made it ("it:arrestare#passive").
// Tests: tests/unit/events_test.cc runs tests/cases/events/*.txt through the
// whole pipeline.
#include "events/event_stage.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <new>
#include <optional>
#include <span>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "events/petrarch_verbs.h"
#include "kb/knowledge_base.h"
#include "time/time_stage.h"
#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {

namespace {

// Classes of cue words (data/L/event_cues.tsv, column "classes").
enum Cue : uint32_t {
  kPrep = 1u << 0,        // governs a noun phrase: not a subject or object
  kArt = 1u << 1,         // article or determiner, skipped inside a noun phrase
  kNeg = 1u << 2,         // negation before the verb
  kHypConj = 1u << 3,     // "se", "if": the clause is hypothetical
  kModal = 1u << 4,       // "potrebbe", "could": hypothetical
  kFuture = 1u << 5,      // "will": future
  kFutureTime = 1u << 6,  // "domani", "next": future when in the clause
  kReport = 1u << 7,      // "secondo", "reportedly": reported (whole sentence)
  kReportAux = 1u << 8,   // "sarebbe", "avrebbe": conditional of hearsay
  kBoundary = 1u << 9,    // subordinating conjunction: starts a clause
  kCoord = 1u << 10,      // "e", "and": a boundary when a verb follows
  kRelative = 1u << 11,   // "che", "who": a relative clause
  kPassiveAux = 1u << 12, // "è stato", "was": with a participle, passive voice
  kAux = 1u << 13,        // "ha", "has": auxiliaries (a verb follows)
  kAgent = 1u << 14,      // "da", "by": the agent of a passive
  kGen = 1u << 15,        // "di", "of": a genitive
  kPlace = 1u << 16,      // "a", "in": a place follows
  kSkip = 1u << 17,       // adverbs that may stand between auxiliary and verb
  kReportNoun = 1u << 18, // "notizia", "news": an event noun after it is reported
  kPron = 1u << 19,       // subject pronouns: "lui", "he"
  kVerbish = 1u << 20,    // frequent finite verbs (a coordination before them is a boundary)
  kPast = 1u << 21,       // marks past or perfect time ("yesterday"): never future
  kRefuse = 1u << 22,     // "refused", "failed", "rifiuta": the infinitive after it is refused
  kMust = 1u << 23,       // "must", "deve": what follows is required of its subject (a demand)
  kQuantity = 1u << 24,   // "thousands", "gruppo": "thousands of X" has X as its head
  kSpeechNoun = 1u << 25, // "declaration", "statement": a gerund after it is what it says
  kSubord = 1u << 26,     // "after", "because", "quando": a circumstance of the main clause
  kAdj = 1u << 27,        // frequent adjectives before nouns ("first", "major", "nuovo"): read as ADJ
};

struct CueEntry {
  std::string_view name;
  uint32_t bit;
};
constexpr CueEntry kCueNames[] = {
    {"prep", kPrep},         {"art", kArt},
    {"neg", kNeg},           {"hyp", kHypConj},
    {"modal", kModal},       {"future", kFuture},
    {"future_time", kFutureTime}, {"report", kReport},
    {"report_aux", kReportAux}, {"boundary", kBoundary},
    {"coord", kCoord},       {"relative", kRelative},
    {"passive_aux", kPassiveAux}, {"aux", kAux},
    {"agent", kAgent},       {"gen", kGen},
    {"place", kPlace},       {"skip", kSkip},
    {"report_noun", kReportNoun}, {"pron", kPron},
    {"verbish", kVerbish},   {"past", kPast},
    {"refuse", kRefuse},     {"must", kMust},
    {"quantity", kQuantity}, {"speech_noun", kSpeechNoun},
    {"subord", kSubord},     {"adj", kAdj},
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StrMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

uint64_t next_lang_id() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

// The first code of a table whose prefix the code has, or empty.
std::string code_by_prefix(std::string_view code, std::initializer_list<std::pair<std::string_view, std::string_view>> table) {
  for (const auto& [from, to] : table)
    if (code.substr(0, from.size()) == from) return std::string(to);
  return {};
}

// The CAMEO code of the intent to do a cooperative act (root 03), or empty.
std::string intent_code(std::string_view code) {
  return code_by_prefix(code, {
      {"0841", "0353"}, {"081", "0351"}, {"082", "0352"}, {"085", "0354"}, {"086", "0355"}, {"087", "0356"},
      {"061", "0311"},  {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"071", "0331"}, {"072", "0332"},
      {"073", "0333"},  {"074", "0334"}, {"07", "033"},   {"06", "031"},   {"045", "039"}, {"04", "036"},   {"05", "032"},
      {"08", "035"},
  });
}

// The CAMEO code of the threat to do a conflictual act (root 13), or empty: an act of
// protest, sanction, coercion or force announced for the future is threatened.
std::string threat_code(std::string_view code) {
  return code_by_prefix(code, {
      {"14", "133"},   {"1621", "1311"}, {"1622", "1311"}, {"1623", "1311"}, {"162", "1311"}, {"161", "1313"},
      {"163", "1312"}, {"164", "134"},   {"165", "135"},   {"166", "136"},   {"16", "131"},
      {"1721", "1321"}, {"1722", "1322"}, {"1723", "1323"}, {"1724", "1324"}, {"172", "132"},
      {"173", "137"},  {"174", "137"},   {"175", "137"},   {"17", "130"},
      {"18", "1383"},  {"191", "1381"},  {"192", "1382"},  {"19", "1384"},  {"204", "1385"}, {"20", "1383"},
  });
}

// The CAMEO code of refusing a cooperative act (root 12), or empty: "refused to
// deploy peacekeepers" (1224), "will not release" (1243), "failed to reach agreement".
std::string refusal_code(std::string_view code) {
  return code_by_prefix(code, {
      {"03", "120"},   {"045", "126"},  {"04", "125"},  {"057", "127"},  {"05", "120"},
      {"061", "1211"}, {"062", "1212"}, {"063", "1213"}, {"064", "1214"}, {"06", "121"},
      {"071", "1221"}, {"072", "1222"}, {"073", "1223"}, {"074", "1224"}, {"07", "122"},
      {"0811", "1241"}, {"081", "1241"}, {"082", "1242"}, {"0831", "1231"}, {"083", "123"},
      {"084", "1243"}, {"085", "1244"}, {"086", "1245"}, {"087", "1246"}, {"08", "124"},
  });
}

// Lower-cases ASCII letters; data files and token norms are already case-folded
// (norms by the segmenter), so this only guards hand-written capitals.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The part of speech the rules look at. The rules were written and measured on surface cues
// (word lists, endings, articles); the Apertium parts of speech make subjects and noun/verb
// decisions worse (measured again with this version: reading Token::pos here took the seed's
// events.root from 0.815 to 0.345 and the PLOVER set from 0.621 to 0.591; English tags are
// often wrong: "rebels" VERB, "must" NOUN). The rules therefore see no part of speech, only
// the frequent adjectives of the cue class "adj"; mode still reads the tags (<fti>, <cni>,
// <pp>), and the "that"/"che" decision (after_verb) and an infinitive's governing verb
// consult Token::pos as one cue among others.
enum class Pos : uint8_t { None, Noun, Verb, Aux, Adj, Adv, Det, Num };
Pos pos_of(const Token&) { return Pos::None; }

// Inlined: with a literal ending the comparison is a few instructions.
[[gnu::always_inline]] inline bool ends_with(std::string_view s, std::string_view e) {
  return s.size() >= e.size() && std::memcmp(s.data() + s.size() - e.size(), e.data(), e.size()) == 0;
}

// The verb features the event rules read from a token's tags (Token::features): the
// future, the conditional, the past participle. Tags are strings interned for the
// life of the process (document.h), so the answer is cached by their address.
enum : uint8_t { kFeatKnown = 1, kFeatFuture = 2, kFeatCond = 4, kFeatParticiple = 8 };
uint8_t feature_bits(std::string_view x) {
  struct Entry {
    const char* p = nullptr;
    size_t n = 0;
    uint8_t bits = 0;
  };
  thread_local Entry cache[512];
  Entry& e = cache[(reinterpret_cast<uintptr_t>(x.data()) >> 3 ^ x.size()) & 511];
  if (e.bits && e.p == x.data() && e.n == x.size()) return e.bits;
  uint8_t f = kFeatKnown;
  if (x.find("<fti>") != std::string_view::npos) f |= kFeatFuture;
  if (x.find("<cni>") != std::string_view::npos) f |= kFeatCond;
  if (x.find("<pp>") != std::string_view::npos) f |= kFeatParticiple;
  e = Entry{x.data(), x.size(), f};
  return f;
}

}  // namespace

struct EventStage::Lang {
  explicit Lang(std::string_view code) : patterns(code), id(next_lang_id()) {}
  PatternSet patterns;
  uint64_t id;                           // unique in the process: keys the threads' form caches
  StrMap<uint32_t> cues;                 // norm -> Cue bits
  StrMap<std::string> actor_nouns;       // norm or lemma -> agent code ("MIL"), with the knowledge base's
  StrMap<std::string> group_nouns;       // only event_actors.tsv's: these never trigger an event
  std::vector<std::pair<std::string, std::string>> actor_stems;  // (stem, agent) for inflected forms
  // The same words as tags on the patterns' trie (PatternSet::tag), so that one walk
  // per token finds them with its patterns: built by index_lexicon() once all is loaded.
  struct Lex {
    uint32_t cues = 0;                   // cue classes of the word
    const std::string* actor = nullptr;  // agent code of the group or role noun (or stem)
    bool group = false;                  // an event_actors.tsv group noun
    uint32_t rank = UINT32_MAX;          // a stem's place in actor_stems (the first wins)
    uint16_t country = 0;                // a demonym: 1 + its index in countries
  };
  std::vector<Lex> lex;
  std::vector<const std::string*> countries;  // the demonyms' country codes
  // Per pattern, what each of its events starts with: the rule ("it:arrestare") and the
  // PLOVER category (the pattern's own, else its CAMEO code's).
  std::vector<std::string> rules, plovers;
  void index_lexicon(const std::unordered_map<std::string, std::string>& demonyms);
};

void EventStage::Lang::index_lexicon(const std::unordered_map<std::string, std::string>& demonyms) {
  auto entry = [&](std::string_view key, bool stem) -> Lex& {
    uint32_t t = patterns.tag_of(key, stem);
    if (t == FormMatch::kNone) {
      t = static_cast<uint32_t>(lex.size());
      lex.emplace_back();
      patterns.tag(key, stem, t);
    }
    return lex[t];
  };
  for (const auto& [w, bits] : cues) entry(w, false).cues |= bits;
  for (const auto& [w, agent] : actor_nouns) entry(w, false).actor = &agent;
  for (const auto& [w, agent] : group_nouns) entry(w, false).group = true;
  for (uint32_t i = 0; i < actor_stems.size(); ++i) {
    Lex& e = entry(actor_stems[i].first, true);
    if (!e.actor) {
      e.actor = &actor_stems[i].second;
      e.rank = i;
    }
  }
  // Demonyms (both languages: "Palestinian" is a word of Italian news too), in a fixed
  // order so that the indexes do not depend on the hash table's.
  std::vector<std::pair<std::string_view, const std::string*>> dem;
  for (const auto& [w, code] : demonyms) dem.emplace_back(w, &code);
  std::sort(dem.begin(), dem.end());
  for (const auto& [w, code] : dem)
    if (countries.size() < UINT16_MAX) {
      Lex& e = entry(w, false);
      if (e.country) continue;
      countries.push_back(code);
      e.country = static_cast<uint16_t>(countries.size());
    }
}

namespace {

// What the stage needs to know of one word form (its norm and lemma), computed once
// per form and thread: cue classes, the patterns it triggers, the pattern words it
// matches, the agent code a group or role noun implies. It is its own slot of the
// thread's open-addressing table, one cache line with the key inline when it is short:
// a document's look-ups then cost one line per form, which a prefetch brings in ahead.
struct alignas(64) FormInfo {
  static constexpr size_t kInline = 24;
  uint64_t hash = 0;          // FormTable::hash() (never 0); 0 = an empty slot
  const std::string* actor = nullptr;  // agent code of the norm, the lemma or a stem ("MIL")
  uint32_t cues = 0;          // cue classes of the norm
  uint32_t cues_elided = 0;   // of the norm without its last byte ("dell'" -> "dell")
  uint32_t cands_at = 0;      // FormTable::ids(): the candidate patterns [cands_at, + n_cands),
  uint16_t n_cands = 0;       // then the matched pattern word ids (sorted) [+ n_cands, + n_words)
  uint16_t n_words = 0;
  uint16_t country = 0;       // a demonym: 1 + its index in Lang::countries
  uint16_t norm_size = 0;     // the key: norm '\0' lemma
  uint16_t key_size = 0;
  bool group = false;         // a group noun of event_actors.tsv: a participant, never an event
  union {
    char inline_key[kInline];
    const char* heap_key;     // key_size > kInline: in FormTable::long_keys_
  };
  FormInfo() : inline_key{} {}
  std::string_view key() const { return {key_size > kInline ? heap_key : inline_key, key_size}; }
};
static_assert(sizeof(FormInfo) == 64);

// The slots of a FormTable: zeroed (empty) entries, in memory aligned to the line. A
// large table asks for huge pages, so that its random look-ups do not also miss the TLB.
class SlotArray {
 public:
  SlotArray() = default;
  SlotArray(const SlotArray&) = delete;
  SlotArray& operator=(const SlotArray&) = delete;
  ~SlotArray() { std::free(p_); }
  void reset(size_t count) {
    std::free(p_);
    constexpr size_t kHuge = size_t{2} << 20;
    size_t bytes = count * sizeof(FormInfo);
    const size_t align = bytes >= kHuge ? kHuge : alignof(FormInfo);
    bytes = (bytes + align - 1) / align * align;
    p_ = static_cast<FormInfo*>(std::aligned_alloc(align, bytes));
    if (!p_) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (align == kHuge) madvise(p_, bytes, MADV_HUGEPAGE);
#endif
    std::memset(static_cast<void*>(p_), 0, bytes);  // FormInfo{}: all zero bytes
    n_ = count;
  }
  void swap(SlotArray& o) {
    std::swap(p_, o.p_);
    std::swap(n_, o.n_);
  }
  size_t size() const { return n_; }
  FormInfo& operator[](size_t i) { return p_[i]; }
  const FormInfo& operator[](size_t i) const { return p_[i]; }

 private:
  FormInfo* p_ = nullptr;
  size_t n_ = 0;
};

// A thread's forms of one language: open addressing (linear probing, at most half full)
// over one-line entries.
class FormTable {
 public:
  // Byte equality of short strings, eight bytes at a time, without a call.
  [[gnu::always_inline]] static bool same_bytes(const char* a, const char* b, size_t n) {
    auto eq8 = [](const char* x, const char* y) {
      uint64_t u, v;
      std::memcpy(&u, x, 8);
      std::memcpy(&v, y, 8);
      return u == v;
    };
    auto eq4 = [](const char* x, const char* y) {
      uint32_t u, v;
      std::memcpy(&u, x, 4);
      std::memcpy(&v, y, 4);
      return u == v;
    };
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8)
        if (!eq8(a + i, b + i)) return false;
      return eq8(a + n - 8, b + n - 8);  // the last eight, overlapping
    }
    if (n >= 4) return eq4(a, b) && eq4(a + n - 4, b + n - 4);
    if (n >= 2) return a[0] == b[0] && a[1] == b[1] && a[n - 1] == b[n - 1];
    return n == 0 || a[0] == b[0];
  }
  FormTable() { slots_.reset(kInitial); }
  static uint64_t hash(std::string_view norm, std::string_view lemma) {
    // Eight bytes at a time, multiply and fold (the words' bytes, then their lengths).
    auto mix = [](uint64_t h, uint64_t v) {
      __uint128_t m = static_cast<__uint128_t>(h ^ v) * 0x9E3779B97F4A7C15ull;
      return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
    };
    auto feed = [&](uint64_t h, std::string_view s) {
      const char* p = s.data();
      size_t n = s.size();
      for (; n > 8; p += 8, n -= 8) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        h = mix(h, v);
      }
      // The last 1-8 bytes: two overlapping loads of 4 (or three single bytes).
      uint64_t v = 0;
      if (n >= 4) {
        uint32_t a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        v = static_cast<uint64_t>(a) << 32 | b;
      } else if (n > 0) {
        v = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16 |
            static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 | static_cast<unsigned char>(p[n - 1]);
      }
      return mix(h, v);
    };
    uint64_t h = feed(feed(0x243F6A8885A308D3ull, norm), lemma);
    h = mix(h, norm.size() << 32 | lemma.size());
    return h ? h : 1;  // 0 marks an empty slot
  }
  // The entry of (norm, lemma), or null with `slot` set for insert().
  [[gnu::always_inline]] const FormInfo* find(std::string_view norm, std::string_view lemma, uint64_t h, size_t& slot) const {
    const size_t mask = slots_.size() - 1;
    const uint32_t key_size = static_cast<uint32_t>(norm.size() + 1 + lemma.size());
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const FormInfo& e = slots_[i];
      if (e.hash == 0) {
        slot = i;
        return nullptr;
      }
      if (e.hash == h && e.norm_size == norm.size() && e.key_size == key_size) {
        const char* k = e.key_size > FormInfo::kInline ? e.heap_key : e.inline_key;
        if (same_bytes(k, norm.data(), norm.size()) && same_bytes(k + norm.size() + 1, lemma.data(), lemma.size()))
          return &e;
      }
    }
  }
  // A new entry for (norm, lemma) at `slot` (from find()), with its candidates and words
  // taken from `m`; `describe` sets its cues, actor, group and country. The entry is
  // returned (valid until the next insert).
  template <class Describe>
  const FormInfo& insert(std::string_view norm, std::string_view lemma, uint64_t h, size_t slot, const FormMatch& m,
                         Describe&& describe) {
    FormInfo& e = slots_[slot];
    e = FormInfo{};
    e.hash = h;
    e.norm_size = static_cast<uint16_t>(std::min<size_t>(norm.size(), UINT16_MAX));
    size_t key_size = norm.size() + 1 + lemma.size();
    if (key_size > UINT16_MAX) key_size = 0;  // never found again: described afresh each time
    e.key_size = static_cast<uint16_t>(key_size);
    char* k = e.inline_key;
    if (key_size > FormInfo::kInline) {
      long_keys_.emplace_back(key_size, '\0');
      k = long_keys_.back().data();
      e.heap_key = k;
    }
    if (key_size) {
      std::copy(norm.begin(), norm.end(), k);
      k[norm.size()] = '\0';
      std::copy(lemma.begin(), lemma.end(), k + norm.size() + 1);
    }
    e.cands_at = static_cast<uint32_t>(ids_.size());
    e.n_cands = static_cast<uint16_t>(std::min<size_t>(m.candidates.size(), UINT16_MAX));
    ids_.insert(ids_.end(), m.candidates.begin(), m.candidates.begin() + e.n_cands);
    e.n_words = static_cast<uint16_t>(std::min<size_t>(m.words.size(), UINT16_MAX));
    ids_.insert(ids_.end(), m.words.begin(), m.words.begin() + e.n_words);
    describe(e);
    ++size_;
    if (size_ * 2 <= slots_.size()) return e;
    grow();
    size_t s = 0;
    return *find(norm, lemma, h, s);
  }
  // Pattern and word ids of the entries (stable while no entry is inserted).
  const uint32_t* ids() const { return ids_.data(); }
  size_t size() const { return size_; }
  void clear() {
    size_ = 0;
    long_keys_.clear();
    ids_.clear();
    slots_.reset(kInitial);
  }
  // Start loading a hash's first slot: a document's look-ups then overlap their cache
  // misses instead of waiting for each in turn.
  void prefetch(uint64_t h) const { __builtin_prefetch(&slots_[h & (slots_.size() - 1)]); }

 private:
  static constexpr size_t kInitial = 1 << 13;
  void grow() {
    SlotArray old;
    old.reset(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (size_t k = 0; k < old.size(); ++k) {
      const FormInfo& e = old[k];
      if (e.hash == 0) continue;
      size_t i = e.hash & mask;
      while (slots_[i].hash != 0) i = (i + 1) & mask;
      slots_[i] = e;
    }
  }
  SlotArray slots_;
  size_t size_ = 0;
  std::deque<std::string> long_keys_;
  std::vector<uint32_t> ids_;
};

// This thread's table for a language (keyed by the Lang's process-unique id, so a
// table never outlives the meaning of its pattern indexes).
FormTable& form_table(uint64_t lang_id) {
  thread_local std::unordered_map<uint64_t, std::unique_ptr<FormTable>> tables;
  auto it = tables.find(lang_id);
  if (it != tables.end()) return *it->second;
  if (tables.size() >= 8) tables.clear();  // tables of stages long gone
  return *tables.emplace(lang_id, std::make_unique<FormTable>()).first->second;
}

void load_cues(EventStage::Lang& lang, const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"word", "classes"});
  for (const TsvRow& r : f.rows) {
    uint32_t bits = 0;
    for (const std::string& c : split(r.get("classes"), ',')) {
      std::string_view name = trim(c);
      if (name.empty()) continue;
      auto it = std::find_if(std::begin(kCueNames), std::end(kCueNames), [&](const CueEntry& e) { return e.name == name; });
      if (it == std::end(kCueNames)) f.fail(r, "unknown cue class '" + std::string(name) + "'");
      bits |= it->bit;
    }
    for (const std::string& w : split(r.get("word"), '|')) {
      std::string word = lower(trim(w));
      if (!word.empty()) lang.cues[word] |= bits;
    }
  }
}

void load_actor_nouns(EventStage::Lang& lang, const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"word", "agent"});
  for (const TsvRow& r : f.rows) {
    std::string agent(trim(r.get("agent")));
    if (agent.empty() || agent.size() > 6) f.fail(r, "agent must be a CAMEO agent code (GOV, MIL, OPP ...)");
    for (const std::string& w : split(r.get("word"), '|')) {
      std::string word(trim(w));
      if (word.empty()) continue;
      if (word.back() == '-') lang.actor_stems.emplace_back(word.substr(0, word.size() - 1), agent);
      else {
        lang.actor_nouns.emplace(lower(word), agent);
        lang.group_nouns.emplace(lower(word), agent);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Per-document analysis.

struct Arg {
  std::optional<uint32_t> entity;
  std::string_view actor;  // the entity's code, or one DocEvents::actor_store_ keeps
  uint32_t first = 0;  // tokens [first, last]
  uint32_t last = 0;
  bool valid() const { return entity.has_value() || !actor.empty(); }
};

// What the lexicon says of a word token, copied from its FormTable entry so that the
// sentence pass reads one small array in token order.
struct TokLex {
  uint32_t at = 0;                     // table ids: the candidate patterns [at, at + n_cands),
  uint16_t n_cands = 0;                // then the matched pattern word ids (sorted), n_words of them
  uint16_t n_words = 0;
  uint16_t country = 0;                // a demonym: 1 + its index in Lang::countries
  bool group = false;                  // a group noun: a participant, never an event
  const std::string* actor = nullptr;  // agent code the word implies as a group or role noun
};

// The per-token buffers of a document's analysis, kept by each thread so that a
// document does not allocate them afresh.
struct DocScratch {
  std::vector<uint32_t> cues;
  std::vector<char> punct;
  std::vector<TokenKind> kind;
  std::vector<uint8_t> flags;
  std::vector<TokLex> lex;
  std::vector<int32_t> ment_entity;
  std::vector<uint32_t> ment_first, ment_last;
  std::vector<uint8_t> masked, consumed, bnd, arg_state, in_quote, circ, feat;
  std::vector<uint32_t> sent_words;
  std::vector<uint8_t> word_here;
  std::vector<Pos> pos;
  std::vector<Arg> arg_memo;
  std::deque<std::string> actor_store;
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> used, best_used, triggers;  // sentence(): a pattern's complement words; events' triggers
  std::vector<uint8_t> fallback_flags;
  std::vector<int> depths;  // sentence(): each event's clause depth (depth_of)
};

DocScratch& doc_scratch() {
  thread_local DocScratch s;
  return s;
}

class DocEvents {
 public:
  DocEvents(const EventStage& stage, const EventStage::Lang& lang, const std::unordered_map<std::string, std::string>& demonyms,
            Document& doc)
      : stage_(stage), lang_(lang), pats_(lang.patterns), demonyms_(demonyms), doc_(doc), it_(lang.patterns.lang() == "it") {}

  void run();

 private:
  uint32_t cue(uint32_t t) const { return cues_[t]; }
  bool has(uint32_t t, uint32_t bits) const { return (cues_[t] & bits) != 0; }
  bool is_word(uint32_t t) const { return kind_[t] == TokenKind::Word; }
  std::string_view norm(uint32_t t) const { return doc_.tokens[t].norm; }
  // True when token t is this one-character punctuation mark.
  bool is_punct(uint32_t t, char p) const { return punct_[t] == p; }

  void prepare();
  void describe_form(const FormMatch& m, FormInfo& f) const;
  // The verb features mode() and passive() read (feature_bits()), looked up once per token.
  uint8_t feats(uint32_t t) const {
    uint8_t& f = feat_[t];
    if (!f) f = feature_bits(doc_.tokens[t].features);
    return f;
  }
  // The patterns a word token triggers (empty for other tokens).
  std::span<const uint32_t> cands(uint32_t t) const {
    return {ids_ + lex_[t].at, lex_[t].n_cands};
  }
  // True when token t is the pattern word w (PatternSet::matches, by the form's ids).
  bool word_is(const WordSpec& w, uint32_t t) const {
    if (w.id == UINT32_MAX || !is_word(t)) return pats_.matches(w, doc_.tokens[t]);
    const uint32_t* ids = ids_ + lex_[t].at + lex_[t].n_cands;
    return std::binary_search(ids, ids + lex_[t].n_words, w.id);
  }
  void sentence(uint32_t s);
  int depth_of(uint32_t t, uint32_t sb) const;
  bool infinitive_at(uint32_t k, uint32_t sb) const;
  uint32_t infinitive_of(uint32_t t, uint32_t sb) const;
  bool after_verb(uint32_t k, uint32_t sb) const;
  void mask_asides(uint32_t b, uint32_t e);
  bool boundary_at(uint32_t t, uint32_t sent_end) const;
  uint32_t clause_start(uint32_t t, uint32_t sb) const;
  uint32_t clause_end(uint32_t t, uint32_t se) const;
  bool nounish(uint32_t t, uint32_t sb) const;
  bool verbish(uint32_t t) const;
  std::optional<uint32_t> match_needs(const Pattern& p, uint32_t t, uint32_t cb, uint32_t ce, std::vector<uint32_t>& used) const;
  bool vetoed(const Pattern& p, uint32_t t, uint32_t ce) const;

  std::optional<Arg> arg_at(uint32_t k) const;
  std::optional<Arg> find_arg(uint32_t k) const;
  std::optional<Arg> demonym_noun(uint32_t k) const;
  // The country of a demonym token ("kazaki", "Palestinian"), or null.
  const std::string* demonym(uint32_t k) const {
    return k < lex_.size() && lex_[k].country ? lang_.countries[lex_[k].country - 1] : nullptr;
  }
  std::optional<Arg> maker(uint32_t from, uint32_t ce) const;
  std::string_view keep(std::string s) const;
  const std::string* actor_noun(uint32_t k) const;
  bool governed(uint32_t first, uint32_t limit) const;
  std::optional<Arg> subject(uint32_t t, uint32_t cb) const;
  std::optional<Arg> after_cue(uint32_t from, uint32_t ce, uint32_t bits, uint32_t max_gap) const;
  std::optional<Arg> after_prep(const ArgSpec& spec, uint32_t from, uint32_t ce) const;
  std::optional<Arg> object(uint32_t from, uint32_t ce) const;
  std::optional<Arg> possessor(uint32_t t, uint32_t sb) const;
  std::string agent_actor(uint32_t k, const std::string& agent, bool nominal) const;
  // True when tokens [first, last] are a name: a word capitalised other than by starting
  // the sentence, a demonym apart ("the Almaty Students Council", not "Police", "the
  // Kenyan police").
  bool named(uint32_t first, uint32_t last) const {
    for (uint32_t j = first; j <= last; ++j)
      if ((flags_[j] & kCapitalised) && !(flags_[j] & kSentenceStart) && !demonym(j)) return true;
    return false;
  }
  bool passive(uint32_t t, uint32_t cb, uint32_t ce) const;
  Mode mode(uint32_t t, uint32_t sb, uint32_t cb, uint32_t ce, bool reported_noun, bool* neg_future = nullptr) const;
  bool after_statement(uint32_t k, uint32_t sb) const;
  bool refused(uint32_t t, uint32_t sb) const;
  std::optional<uint32_t> place_for(uint32_t cb, uint32_t ce, const Event& ev, bool coded = false) const;
  int noun_licensed(uint32_t t, uint32_t sb, uint32_t& support) const;

  const EventStage& stage_;
  const EventStage::Lang& lang_;
  const PatternSet& pats_;
  const std::unordered_map<std::string, std::string>& demonyms_;
  Document& doc_;
  const bool it_;  // Italian (else English): the few rules that differ by language

  // Per-token arrays, in buffers this thread reuses from document to document.
  DocScratch& scratch_ = doc_scratch();
  std::vector<uint32_t>& cues_ = scratch_.cues;
  std::vector<char>& punct_ = scratch_.punct;            // a one-character punctuation mark, else 0
  std::vector<TokenKind>& kind_ = scratch_.kind;         // the tokens' kinds and flags, side by side
  std::vector<uint8_t>& flags_ = scratch_.flags;
  std::vector<TokLex>& lex_ = scratch_.lex;              // word tokens: their FormTable entry's data
  const uint32_t* ids_ = nullptr;                        // that table's pattern and word ids
  std::vector<int32_t>& ment_entity_ = scratch_.ment_entity;  // entity covering the token, -1 if none
  std::vector<uint32_t>& ment_first_ = scratch_.ment_first;   // first token of that mention
  std::vector<uint32_t>& ment_last_ = scratch_.ment_last;     // last token of that mention
  std::vector<uint8_t>& masked_ = scratch_.masked;       // token inside an aside
  std::vector<uint8_t>& consumed_ = scratch_.consumed;   // token used as a pattern's complement
  std::vector<uint8_t>& circ_ = scratch_.circ;           // a gerund of circumstance (", killing 156")
  std::vector<uint8_t>& feat_ = scratch_.feat;           // feats(): 0 not yet looked at
  std::vector<uint8_t>& in_quote_ = scratch_.in_quote;   // inside a quotation of more than 40 bytes
  std::vector<uint8_t>& bnd_ = scratch_.bnd;             // token starts a clause (boundary_at, per sentence)
  std::vector<uint32_t>& sent_words_ = scratch_.sent_words;  // pattern word ids the sentence's tokens match
  std::vector<uint8_t>& word_here_ = scratch_.word_here;     // by word id: 1 when in sent_words_
  std::vector<Pos>& pos_ = scratch_.pos;                 // the part of speech the rules look at (pos_of)
  std::vector<uint8_t>& arg_state_ = scratch_.arg_state; // arg_at(): 0 not yet, 1 none, 2 in arg_memo_
  std::vector<Arg>& arg_memo_ = scratch_.arg_memo;
  std::deque<std::string>& actor_store_ = scratch_.actor_store;  // actor codes made for arguments (Arg::actor views)
  std::string doc_country_;     // the country most mentioned (by entities' countries and actor codes)
  // The country the article is set in (prepare()): its main country when that has more
  // than half of the mentions, else the country of more than half of the places; none
  // for a digest of unrelated stories or an article about several countries.
  std::string setting_country_;
  std::string doc_date_;  // doc_.date.str(), the date of an event no time expression governs
  uint32_t sent_report_ = 0;  // the sentence's first token with a report cue (its end if none)
  std::optional<Arg> last_subject_;
};

void DocEvents::prepare() {
  const size_t n = doc_.tokens.size();
  FormTable& table = form_table(lang_.id);
  if (table.size() > (1u << 18)) table.clear();  // between documents only: ids_ points into it
  // Hashes first, with the kinds, flags and punctuation marks (the arrays are written once:
  // a word's lexicon entries below, another token's here); then each lookup a few tokens
  // behind the prefetch of its slot, so that the cache misses of rare forms overlap.
  std::vector<uint64_t>& hashes = scratch_.hashes;
  hashes.resize(n);
  kind_.resize(n);
  flags_.resize(n);
  cues_.resize(n);
  lex_.resize(n);
  pos_.resize(n);
  punct_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Token& t = doc_.tokens[i];
    kind_[i] = t.kind;
    flags_[i] = t.flags;
    punct_[i] = 0;
    if (t.kind == TokenKind::Word) {
      hashes[i] = FormTable::hash(t.norm, t.lemma);
      continue;
    }
    hashes[i] = 0;
    cues_[i] = 0;
    lex_[i] = TokLex{};
    pos_[i] = Pos::None;
    if (t.kind == TokenKind::Punct && t.span.size() == 1) punct_[i] = doc_.text[t.span.begin];
  }
  constexpr size_t kAhead = 24;
  FormMatch m;
  for (size_t i = 0; i < n + kAhead; ++i) {
    if (i < n && hashes[i]) table.prefetch(hashes[i]);
    if (i < kAhead) continue;
    const size_t j = i - kAhead;
    if (kind_[j] != TokenKind::Word) continue;
    const Token& t = doc_.tokens[j];
    const uint64_t h = hashes[j];
    size_t slot = 0;
    const FormInfo* f = table.find(t.norm, t.lemma, h, slot);
    if (!f) {
      pats_.lookup(t.norm, t.lemma, m);
      f = &table.insert(t.norm, t.lemma, h, slot, m, [&](FormInfo& e) { describe_form(m, e); });
    }
    lex_[j] = TokLex{f->cands_at, f->n_cands, f->n_words, f->country, f->group, f->actor};
    cues_[j] = f->cues;
    // Elided articles and articulated prepositions ("l'", "dell'", "all'").
    if (cues_[j] == 0 && (flags_[j] & kElided)) cues_[j] = f->cues_elided;
    pos_[j] = (cues_[j] & kAdj) ? Pos::Adj : pos_of(t);
  }
  ids_ = table.ids();  // no more inserts for this document: stable until the next
  ment_entity_.assign(n, -1);
  ment_first_.assign(n, 0);
  ment_last_.assign(n, 0);
  StrMap<size_t> country_weight, place_weight;
  size_t place_total = 0;
  for (uint32_t e = 0; e < doc_.entities.size(); ++e) {
    const Entity& ent = doc_.entities[e];
    std::string country = ent.country;
    if (country.empty() && ent.actor.size() >= 3 && ent.actor.compare(0, 3, "IGO") != 0 &&
        ent.actor.compare(0, 3, "NGO") != 0)
      country = ent.actor.substr(0, 3);
    if (!country.empty()) country_weight[country] += ent.mentions.size();
    if (!country.empty() && (ent.type == EntityType::GPE || ent.type == EntityType::LOC)) {
      place_weight[country] += ent.mentions.size();
      place_total += ent.mentions.size();
    }
    for (const Mention& m : ent.mentions) {
      if (m.span.empty() || m.span.begin >= doc_.text.size()) continue;
      uint32_t a = doc_.token_at(m.span.begin);
      if (a >= n || doc_.tokens[a].span.begin >= m.span.end) continue;
      uint32_t b = a;
      while (b + 1 < n && doc_.tokens[b + 1].span.end <= m.span.end) ++b;
      for (uint32_t k = a; k <= b; ++k) {
        // A name beats a nominal mention over the same words.
        if (ment_entity_[k] >= 0 && m.kind != MentionKind::Name) continue;
        ment_entity_[k] = static_cast<int32_t>(e);
        ment_first_[k] = a;
        ment_last_[k] = b;
      }
    }
  }
  size_t best = 0;
  size_t total = 0;
  for (const auto& [c, w] : country_weight) {
    total += w;
    if (w > best || (w == best && c < doc_country_)) {
      best = w;
      doc_country_ = c;
    }
  }
  // The setting: the main country when it has more than half of the mentions of countries
  // and of their actors, else the country of more than half of the places named.
  setting_country_.clear();
  if (best * 2 > total) {
    setting_country_ = doc_country_;
  } else {
    size_t pbest = 0;
    for (const auto& [c, w] : place_weight)
      if (w > pbest || (w == pbest && c < setting_country_)) {
        pbest = w;
        setting_country_ = c;
      }
    if (pbest * 2 <= place_total) setting_country_.clear();
  }
  masked_.assign(n, 0);
  consumed_.assign(n, 0);
  bnd_.assign(n, 0);
  arg_state_.assign(n, 0);
  arg_memo_.resize(n);
  in_quote_.assign(n, 0);
  circ_.assign(n, 0);
  feat_.assign(n, 0);
  for (const Quote& q : doc_.quotes) {
    if (q.span.size() <= 40 || q.span.begin >= doc_.text.size()) continue;
    for (uint32_t k = doc_.token_at(q.span.begin); k < n && doc_.tokens[k].span.begin < q.span.end; ++k)
      if (q.span.contains(doc_.tokens[k].span)) in_quote_[k] = 1;
  }
  actor_store_.clear();
  doc_date_ = doc_.date.str();
}

void DocEvents::describe_form(const FormMatch& m, FormInfo& f) const {
  const auto& lex = lang_.lex;
  if (m.norm_tag != FormMatch::kNone) {
    f.cues = lex[m.norm_tag].cues;
    f.actor = lex[m.norm_tag].actor;
    f.group = lex[m.norm_tag].group;
    f.country = lex[m.norm_tag].country;
  }
  if (m.chop_tag != FormMatch::kNone) f.cues_elided = lex[m.chop_tag].cues;
  // A group or role noun: by its form, its lemma, else the first stem it inflects from.
  if (!f.actor && m.lemma_tag != FormMatch::kNone) f.actor = lex[m.lemma_tag].actor;
  if (!f.actor) {
    uint32_t best = UINT32_MAX;
    for (uint32_t st : m.stem_tags)
      if (lex[st].actor && lex[st].rank < best) {
        best = lex[st].rank;
        f.actor = lex[st].actor;
      }
  }
}

void DocEvents::mask_asides(uint32_t b, uint32_t e) {
  // Between spaced dashes: "Tokayev – che da tre giorni guida ... – ha ribadito".
  // Parentheses. Relative asides after a comma: ", che ... ," / ", who ... ,".
  for (uint32_t i = b; i < e; ++i) {
    if (kind_[i] == TokenKind::Word) continue;  // every aside opens with a mark
    if (kind_[i] == TokenKind::Dash && (flags_[i] & kSpaceBefore)) {
      for (uint32_t j = i + 1; j < e; ++j) {
        if (kind_[j] == TokenKind::Dash && (flags_[j] & kSpaceBefore)) {
          for (uint32_t k = i; k <= j; ++k) masked_[k] = 1;
          i = j;
          break;
        }
      }
    } else if (is_punct(i, '(')) {
      for (uint32_t j = i + 1; j < e; ++j)
        if (is_punct(j, ')')) {
          for (uint32_t k = i; k <= j; ++k) masked_[k] = 1;
          i = j;
          break;
        }
    } else if (is_punct(i, ',') && i > b && ment_entity_[i - 1] >= 0 && i + 1 < e && has(i + 1, kArt) &&
               !has(i + 1, kPrep | kGen)) {
      // An apposition after a name: "Pakistan, a key U.S. ally in the war, has refused".
      uint32_t j = i + 2;
      while (j < e && j < i + 14 && !is_punct(j, ',') && !is_punct(j, ';') && !verbish(j) && !bnd_[j]) ++j;
      if (j < e && j < i + 14 && is_punct(j, ',')) {
        for (uint32_t k = i + 1; k <= j; ++k) masked_[k] = 1;
        i = j;
      }
    } else if (is_punct(i, ',') && i + 1 < e && has(i + 1, kRelative)) {
      uint32_t j = i + 2;
      while (j < e && !is_punct(j, ',') && !is_punct(j, ';')) ++j;
      if (j < e && is_punct(j, ',')) {
        for (uint32_t k = i + 1; k <= j; ++k) masked_[k] = 1;
        i = j;
      }
    }
  }
}

bool DocEvents::verbish(uint32_t t) const {
  if (pos_[t] == Pos::Verb || pos_[t] == Pos::Aux) return true;
  if (has(t, kAux | kPassiveAux | kVerbish | kModal | kFuture)) return true;
  return false;
}

// A clause boundary at token t (the boundary token itself starts the new clause).
bool DocEvents::boundary_at(uint32_t t, uint32_t sent_end) const {
  if (masked_[t]) return false;
  if (kind_[t] == TokenKind::Punct) return punct_[t] == ';' || punct_[t] == ':';
  if (kind_[t] != TokenKind::Word) return false;
  if (has(t, kBoundary | kRelative)) return true;
  if (has(t, kCoord)) {
    // "e avvertito", "e ha colto", "and warned": a verb follows (adverbs skipped).
    uint32_t k = t + 1;
    while (k < sent_end && has(k, kSkip)) ++k;
    if (k >= sent_end) return false;
    if (verbish(k)) return true;
    for (uint32_t p : cands(k))
      if (pats_.kind(p) == PatternKind::Verb && !nounish(k, 0)) return true;
  }
  return false;
}

uint32_t DocEvents::clause_start(uint32_t t, uint32_t sb) const {
  for (uint32_t k = t; k > sb; --k)
    if (bnd_[k] && k != t) return k;
  return sb;
}

uint32_t DocEvents::clause_end(uint32_t t, uint32_t se) const {
  for (uint32_t k = t + 1; k < se; ++k)
    if (bnd_[k]) return k;
  return se;
}

bool DocEvents::nounish(uint32_t t, uint32_t sb) const {
  const Token& tok = doc_.tokens[t];
  if (pos_[t] == Pos::Noun) return true;
  if (pos_[t] == Pos::Verb || pos_[t] == Pos::Aux) return false;
  std::string_view nm = tok.norm;
  if (it_) {
    // Infinitives after a preposition are verbs ("per scagliarsi", "di sparare").
    if (ends_with(nm, "are") || ends_with(nm, "ere") || ends_with(nm, "ire") || ends_with(nm, "arsi") ||
        ends_with(nm, "ersi") || ends_with(nm, "irsi"))
      return false;
  }
  if (t == 0 || t <= sb) {
    // A sentence-initial English plural is a noun ("Protests erupted").
    return !it_ && ends_with(nm, "s") && !ends_with(nm, "ss");
  }
  if (!it_ && norm(t - 1) == "to") return false;
  // "a bomb attack", "the government ban": a bare form after a singular noun an article
  // opens is a compound noun (a verb would agree: "the army attacks").
  if (!it_ && t >= sb + 2 && has(t - 2, kArt) && !has(t - 2, kPrep | kGen) && is_word(t - 1) && cues_[t - 1] == 0 &&
      cues_[t] == 0 && (tok.lemma.empty() || tok.lemma == tok.norm) && !ends_with(norm(t - 1), "s") &&
      !ends_with(nm, "s") && !ends_with(nm, "ed") && !ends_with(nm, "ing") &&
      !(flags_[t - 1] & kCapitalised))
    return true;
  uint32_t p = t - 1;
  while (p > sb && (kind_[p] == TokenKind::Quote || pos_[p] == Pos::Adj)) --p;
  return has(p, kArt | kPrep | kGen) && !has(p, kAux | kPassiveAux);
}

std::optional<uint32_t> DocEvents::match_needs(const Pattern& p, uint32_t t, uint32_t cb, uint32_t ce,
                                               std::vector<uint32_t>& used) const {
  // A complement may lie in the clause the verb introduces ("demanded that X
  // release", "ha ordinato di sparare"): look up to the sentence's end.
  ce = doc_.sentences[doc_.tokens[t].sentence].end_token;
  if (p.needs.empty()) return t;
  constexpr uint32_t kWindow = 14;
  for (const Need& need : p.needs) {
    used.clear();
    // Most complements fail on words the sentence does not have at all.
    bool absent = false;
    for (const WordSpec& w : need.words)
      if (w.id != UINT32_MAX && !word_here_[w.id]) absent = true;
    if (absent) continue;
    if (need.before) {
      // Words just before the trigger, in order, within 4 tokens.
      uint32_t from = t >= cb + 4 ? t - 4 : cb;
      uint32_t k = from;
      size_t w = 0;
      for (; k < t && w < need.words.size(); ++k)
        if (word_is(need.words[w], k)) {
          used.push_back(k);
          ++w;
        }
      if (w == need.words.size()) return t;
      continue;
    }
    uint32_t limit = std::min<uint32_t>(ce, t + 1 + kWindow);
    uint32_t k = t + 1;
    size_t w = 0;
    uint32_t last = t;
    for (; k < limit && w < need.words.size(); ++k) {
      if (kind_[k] != TokenKind::Word) continue;
      if (word_is(need.words[w], k)) {
        if (w == 0 && p.near && k > t + 2) break;
        used.push_back(k);
        last = k;
        ++w;
      }
    }
    if (w == need.words.size()) return last;
  }
  return std::nullopt;
}

bool DocEvents::vetoed(const Pattern& p, uint32_t t, uint32_t ce) const {
  if (p.unless.empty() && p.unless_before.empty()) return false;
  uint32_t limit = std::min<uint32_t>(ce, t + 10);
  uint32_t from = t >= 2 ? t - 2 : 0;
  for (uint32_t k = from; k < limit; ++k) {
    if (k == t || kind_[k] != TokenKind::Word) continue;
    for (const WordSpec& w : p.unless)
      if (word_is(w, k)) return true;
    if (k < t)
      for (const WordSpec& w : p.unless_before)
        if (word_is(w, k)) return true;
  }
  return false;
}

std::string DocEvents::agent_actor(uint32_t k, const std::string& agent, bool nominal) const {
  // The country: a demonym next to the noun ("i manifestanti kazaki", "Liberian
  // police"), a country after "di"/"of", else, for a nominal argument ("the police",
  // "protesters", "il governo"), the country the article is set in.
  const uint32_t n = static_cast<uint32_t>(doc_.tokens.size());
  uint32_t sent = doc_.tokens[k].sentence;
  auto same = [&](uint32_t j) { return j < n && doc_.tokens[j].sentence == sent; };
  for (uint32_t j : {k - 1, k + 1, k - 2, k + 2, k - 3}) {
    if (j >= n || !same(j) || kind_[j] != TokenKind::Word) continue;
    if (const std::string* c = demonym(j)) return *c + agent;
  }
  // The country of the nearest place or country entity in the sentence ("the
  // government of Liberia", "Sudan's government", "opposition groups in Zimbabwe").
  const Sentence& st = doc_.sentences[sent];
  uint32_t best = UINT32_MAX, best_d = UINT32_MAX;
  for (uint32_t j = st.first_token; j < st.end_token && j < n; ++j) {
    if (ment_entity_[j] < 0) continue;
    const Entity& e = doc_.entities[ment_entity_[j]];
    if (e.type != EntityType::GPE) continue;
    std::string c = !e.country.empty() ? e.country : e.actor.substr(0, std::min<size_t>(3, e.actor.size()));
    if (c.size() != 3) continue;
    uint32_t d = j > k ? j - k : k - j;
    if (d < best_d) best_d = d, best = static_cast<uint32_t>(ment_entity_[j]);
  }
  if (best != UINT32_MAX) {
    const Entity& e = doc_.entities[best];
    return (!e.country.empty() ? e.country : e.actor.substr(0, 3)) + agent;
  }
  // The article's setting gives its country only to a description ("the police",
  // "protesters", "il governo"): a name no code covers keeps none (its head noun says
  // what it is, not whose), and a digest of stories from several countries has none.
  if (!nominal || setting_country_.empty()) return {};
  return setting_country_ + agent;
}

const std::string* DocEvents::actor_noun(uint32_t k) const {
  return lex_[k].actor;
}

std::optional<Arg> DocEvents::arg_at(uint32_t k) const {
  // Looked up again and again by the argument searches: computed once per token.
  if (k >= doc_.tokens.size()) return std::nullopt;
  if (arg_state_[k] == 0) {
    std::optional<Arg> a = find_arg(k);
    arg_state_[k] = a ? 2 : 1;
    if (a) arg_memo_[k] = *a;
  }
  if (arg_state_[k] == 1) return std::nullopt;
  return arg_memo_[k];
}

// A people named by its demonym, coded with its country: "the Palestinians", "gli
// israeliani", or a demonym before a plural noun no actor list knows ("Iraqi Kurds",
// "Palestinian prisoners", "Algerian landowners").
std::optional<Arg> DocEvents::demonym_noun(uint32_t k) const {
  const Token& tok = doc_.tokens[k];
  auto country = [&](uint32_t j) { return demonym(j); };
  Arg a;
  a.first = a.last = k;
  if (const std::string* c = country(k)) {
    // "Bosnian Serbs": the first demonym places the people.
    if (const std::string* first = !it_ && k > 0 && ment_entity_[k - 1] < 0 ? country(k - 1) : nullptr) {
      a.first = k - 1;
      c = first;
    }
    bool noun = it_ ? k > 0 && has(k - 1, kArt | kPrep | kGen)
                    : (tok.flags & kCapitalised) && ends_with(tok.norm, "s") && !country(k + 1) &&
                          !(k + 1 < doc_.tokens.size() && (flags_[k + 1] & kCapitalised));
    if (!noun) return std::nullopt;
    a.actor = *c;
    return a;
  }
  if (it_ || k == 0 || !ends_with(tok.norm, "s") || ment_entity_[k - 1] >= 0) return std::nullopt;
  if (const std::string* c = country(k - 1)) {
    a.first = k - 1;
    a.actor = *c;
    return a;
  }
  return std::nullopt;
}

// Who made the thing a verb acts on, within its object's noun phrase: a demonym ("an
// Indian proposal", "la proposta israeliana"), a possessor ("Israel's plan"), an agent
// or origin ("calls by Belarus's rulers", "demands from the rebels"), a genitive ("the
// removal of President X", "la richiesta di Mosca"). The phrase ends at another
// preposition, a clause boundary or punctuation.
std::optional<Arg> DocEvents::maker(uint32_t from, uint32_t ce) const {
  for (uint32_t k = from; k < ce && k < from + 8; ++k) {
    if (masked_[k]) continue;
    const Token& u = doc_.tokens[k];
    if (bnd_[k] || u.kind == TokenKind::Punct) break;
    if (u.kind != TokenKind::Word) continue;
    if (ment_entity_[k] >= 0) {
      if (ends_with(u.norm, "'s") || (k + 1 < ce && (norm(k + 1) == "'s" || norm(k + 1) == "'"))) return arg_at(k);
      break;  // a name heading the object is the object itself
    }
    if (const std::string* c = demonym(k)) {
      Arg a;
      a.actor = *c;
      a.first = a.last = k;
      return a;
    }
    bool by = has(k, kAgent) || u.norm == "from" || has(k, kGen);
    if (by) {
      uint32_t m = k + 1;
      while (m < ce && (has(m, kArt) && !has(m, kPrep | kGen))) ++m;
      for (uint32_t j = m; j < ce && j < m + 3; ++j)
        if (auto a = arg_at(j); a && !a->actor.empty()) return a;
      break;
    }
    if (has(k, kPrep) || verbish(k)) break;
  }
  return std::nullopt;
}

std::string_view DocEvents::keep(std::string s) const {
  if (s.empty()) return {};
  return actor_store_.emplace_back(std::move(s));
}

std::optional<Arg> DocEvents::find_arg(uint32_t k) const {
  if (ment_entity_[k] >= 0) {
    Arg a;
    a.entity = static_cast<uint32_t>(ment_entity_[k]);
    a.actor = doc_.entities[*a.entity].actor;
    a.first = ment_first_[k];
    a.last = ment_last_[k];
    // An entity without a code ("i manifestanti", "il governo"): the code its
    // head noun implies, with the country of a demonym or of the document.
    for (uint32_t j = a.first; a.actor.empty() && j <= a.last; ++j)
      if (const std::string* ag = actor_noun(j)) a.actor = keep(agent_actor(j, *ag, !named(a.first, a.last)));
    // A name no code covers after a demonym: "Iraqi Kurds", "Bosnian Serbs".
    if (a.actor.empty() && a.first > 0)
      if (const std::string* c = demonym(a.first - 1)) {
        a.actor = *c;
        a.first -= 1;
      }
    // A role the text ties to a country: "the president of Armenia", "il presidente
    // della Francia" (the role's own coreference may have pointed elsewhere).
    if (a.last + 2 < doc_.tokens.size() && has(a.last + 1, kGen) && kind_[k] == TokenKind::Word &&
        !(flags_[a.first] & kCapitalised))
      if (const std::string* ag = actor_noun(a.last)) {
        uint32_t m = a.last + 2;
        while (m < doc_.tokens.size() && has(m, kArt) && !has(m, kPrep | kGen)) ++m;
        if (m < doc_.tokens.size() && ment_entity_[m] >= 0) {
          const Entity& place = doc_.entities[ment_entity_[m]];
          std::string c = !place.country.empty() ? place.country : place.actor.substr(0, std::min<size_t>(3, place.actor.size()));
          if (place.type == EntityType::GPE && c.size() == 3) a.actor = keep(c + *ag);
        }
      }
    return a;
  }
  const Token& tok = doc_.tokens[k];
  if (tok.kind != TokenKind::Word) return std::nullopt;
  Pos pos = pos_[k];
  if (pos == Pos::Verb || pos == Pos::Aux || pos == Pos::Adj || pos == Pos::Adv) return std::nullopt;
  // Italian common nouns come with a determiner or an articulated preposition.
  if (it_ && (k == 0 || !has(k - 1, kArt | kPrep | kGen | kAgent))) return std::nullopt;
  const std::string* agent = actor_noun(k);
  if (!agent) return demonym_noun(k);
  // An English group noun before an event noun qualifies it: "a military offensive",
  // "a police crackdown".
  if (!it_ && k + 1 < doc_.tokens.size() && is_word(k + 1) && !(flags_[k + 1] & kCapitalised)) {
    bool event_noun = false, verb = false;
    for (uint32_t c : cands(k + 1)) {
      event_noun |= pats_.kind(c) == PatternKind::Noun;
      verb |= pats_.kind(c) == PatternKind::Verb;
    }
    if (event_noun && !verb) return std::nullopt;
  }
  Arg a;
  a.actor = keep(agent_actor(k, *agent, true));
  if (a.actor.empty()) return std::nullopt;
  a.first = a.last = k;
  return a;
}

// True when the phrase starting at `first` is governed by a preposition (skipping
// articles and adjectives back to `limit`).
bool DocEvents::governed(uint32_t first, uint32_t limit) const {
  uint32_t p = first;
  int modifiers = 0;
  while (p > limit) {
    --p;
    if (kind_[p] == TokenKind::Quote) continue;
    // Untagged modifiers between: "of the divided Mediterranean island".
    if (kind_[p] == TokenKind::Word && cues_[p] == 0 && !(flags_[p] & kCapitalised) && ment_entity_[p] < 0 &&
        modifiers < 2 && p > limit) {
      bool verb = false;
      for (uint32_t c : cands(p)) verb |= pats_.kind(c) == PatternKind::Verb;
      if (!verb && !actor_noun(p)) {
        ++modifiers;
        continue;
      }
    }
    if (has(p, kArt) && !has(p, kPrep | kGen)) continue;
    if (pos_[p] == Pos::Adj || pos_[p] == Pos::Num || pos_[p] == Pos::Det) continue;
    // "thousands of students", "un gruppo di manifestanti": the quantity is not the head.
    if (has(p, kGen) && p > limit && has(p - 1, kQuantity)) {
      --p;
      continue;
    }
    return has(p, kPrep | kGen | kAgent);
  }
  return false;
}

std::optional<Arg> DocEvents::subject(uint32_t t, uint32_t cb) const {
  // The nearest argument on the left that no preposition governs.
  for (uint32_t k = t; k > cb;) {
    --k;
    if (masked_[k]) continue;
    // A subject pronoun stands for the subject before it: "militants said they attempted".
    if (has(k, kPron) && !governed(k, cb) && last_subject_ &&
        doc_.tokens[last_subject_->first].sentence == doc_.tokens[k].sentence)
      return last_subject_;
    auto a = arg_at(k);
    if (!a) continue;
    k = a->first;
    if (masked_[k]) continue;
    if (governed(a->first, cb)) continue;
    // "Israel and Egypt held talks": the first of coordinated subjects.
    // "the government and the rebels must": articles may stand after the conjunction.
    for (;;) {
      uint32_t c = a->first;
      while (c > cb && has(c - 1, kArt) && !has(c - 1, kPrep | kGen)) --c;
      if (c < cb + 2 || !has(c - 1, kCoord) || masked_[c - 2]) break;
      auto b = arg_at(c - 2);
      if (!b || governed(b->first, cb)) break;
      a = b;
    }
    return a;
  }
  // A relative clause takes its antecedent: "X, che ha arrestato ...".
  if (cb > 0 && has(cb, kRelative)) {
    uint32_t p = cb - 1;
    if (p > 0 && is_punct(p, ',')) --p;
    if (auto a = arg_at(p)) return a;
  }
  return std::nullopt;
}

std::optional<Arg> DocEvents::after_cue(uint32_t from, uint32_t ce, uint32_t bits, uint32_t max_gap) const {
  for (uint32_t k = from; k < ce && k <= from + max_gap; ++k) {
    if (!has(k, bits)) continue;
    uint32_t m = k + 1;
    while (m < ce && ((has(m, kArt) && !has(m, kPrep)) || kind_[m] == TokenKind::Quote)) ++m;
    if (auto a = arg_at(m)) return a;
    // "da parte di X", "dei servizi": one more step for a two-word preposition.
    if (m + 1 < ce && has(m, kGen | kPrep))
      if (auto a2 = arg_at(m + 1)) return a2;
  }
  return std::nullopt;
}

std::optional<Arg> DocEvents::after_prep(const ArgSpec& spec, uint32_t from, uint32_t ce) const {
  for (uint32_t k = from; k < ce && k < from + 16; ++k) {
    if (masked_[k] || kind_[k] != TokenKind::Word) continue;
    std::string_view nm = norm(k);
    bool hit = false;
    for (const std::string& p : spec.preps)
      if (nm == p || ((flags_[k] & kElided) && nm.substr(0, nm.size() - 1) == p)) hit = true;
    if (!hit) continue;
    uint32_t m = k + 1;
    while (m < ce && ((has(m, kArt) && !has(m, kPrep)) || kind_[m] == TokenKind::Quote ||
                      pos_[m] == Pos::Adj || pos_[m] == Pos::Det))
      ++m;
    for (uint32_t j = m; j < ce && j < m + 3; ++j)
      if (auto a = arg_at(j)) return a;
  }
  return std::nullopt;
}

std::optional<Arg> DocEvents::object(uint32_t from, uint32_t ce) const {
  for (uint32_t k = from; k < ce && k < from + 14; ++k) {
    if (masked_[k]) continue;
    auto a = arg_at(k);
    if (!a) continue;
    if (!governed(a->first, from > 0 ? from - 1 : 0)) return a;
    k = a->last;
  }
  return std::nullopt;
}

std::optional<Arg> DocEvents::possessor(uint32_t t, uint32_t sb) const {
  // "Russia's invasion": a mention ending just before "'s" before the noun.
  uint32_t p = t;
  while (p > sb && (has(p - 1, kArt) || pos_[p - 1] == Pos::Adj)) --p;
  if (p <= sb) return std::nullopt;
  --p;
  std::string_view nm = norm(p);
  if (nm == "'s" || nm == "'") {
    if (p > sb) return arg_at(p - 1);
  } else if (ends_with(nm, "'s") && ment_entity_[p] >= 0) {
    return arg_at(p);
  }
  return std::nullopt;
}

bool DocEvents::passive(uint32_t t, uint32_t cb, uint32_t ce) const {
  const Token& tok = doc_.tokens[t];
  // "è stato arrestato", "was arrested", "sono stati uccisi", "viene accusato".
  uint32_t k = t;
  int steps = 0;
  while (k > cb && steps < 4) {
    --k;
    ++steps;
    if (has(k, kSkip) || has(k, kNeg)) continue;
    if (has(k, kPassiveAux)) {
      // "si sono scambiati": reflexive, not passive.
      if (k > cb && norm(k - 1) == "si") return false;
      // Italian "è"/"sono" with an unaccusative verb look the same: accept only
      // a participle form.
      std::string_view nm = tok.norm;
      if (feats(t) & kFeatParticiple) return true;
      if (it_)
        return ends_with(nm, "to") || ends_with(nm, "ta") || ends_with(nm, "ti") || ends_with(nm, "te") ||
               ends_with(nm, "so") || ends_with(nm, "sa") || ends_with(nm, "si") || ends_with(nm, "se");
      return ends_with(nm, "ed") || ends_with(nm, "en") || ends_with(nm, "t") || ends_with(nm, "d") ||
             ends_with(nm, "wn");
    }
    break;
  }
  // A participle with an agent and no auxiliary: "le truppe inviate da Mosca".
  if (t + 1 < ce && has(t + 1, kAgent) && !has(t + 1, kPlace)) {
    std::string_view nm = tok.norm;
    if (it_)
      return ends_with(nm, "ato") || ends_with(nm, "ata") || ends_with(nm, "ati") || ends_with(nm, "ate") ||
             ends_with(nm, "uto") || ends_with(nm, "uti") || ends_with(nm, "ito") || ends_with(nm, "iti");
    return ends_with(nm, "ed");
  }
  return false;
}

// True when a statement verb stands a few words before token k ("said they would",
// "announced that it would"): a conditional there is the future seen from the past.
bool DocEvents::after_statement(uint32_t k, uint32_t sb) const {
  for (uint32_t j = k, steps = 0; j > sb && steps < 8; --j, ++steps) {
    if (punct_[j - 1] == ';' || punct_[j - 1] == ':' || punct_[j - 1] == '.') return false;
    for (uint32_t c : cands(j - 1)) {
      const Pattern& p = pats_.patterns()[c];
      if (p.kind == PatternKind::Verb && p.fallback && p.code.compare(0, 2, "01") == 0) return true;
    }
  }
  return false;
}

Mode DocEvents::mode(uint32_t t, uint32_t sb, uint32_t cb, uint32_t ce, bool reported_noun, bool* neg_future) const {
  const Token& tok = doc_.tokens[t];
  bool neg = false, hyp = false, fut = false, rep = reported_noun, past = false;
  uint32_t near = t >= cb + 4 ? t - 4 : cb;
  for (uint32_t k = near; k < t; ++k) {
    if (masked_[k]) continue;
    if (has(k, kNeg)) neg = true;
    if (ends_with(norm(k), "n't")) neg = true;
    if (has(k, kModal)) {
      if (!it_ && norm(k) == "would" && after_statement(k, sb)) fut = true;
      else hyp = true;
    }
    if (has(k, kFuture)) fut = true;
    if (has(k, kReportAux)) rep = true;
    const uint8_t f = feats(k);
    if (f & kFeatFuture) fut = true;
    if ((f & kFeatCond) && !has(k, kReportAux)) hyp = true;
  }
  for (uint32_t k = cb; k < t; ++k) {
    if (masked_[k]) continue;
    if (has(k, kHypConj)) hyp = true;
    if (has(k, kReportNoun) && k + 6 >= t) rep = true;
  }
  for (uint32_t k = cb; k < ce; ++k) {
    if (masked_[k]) continue;  // an aside has its own time ("whom they had taken two weeks ago")
    if (has(k, kFutureTime)) fut = true;
    if (has(k, kPast)) past = true;
  }
  if (sent_report_ < ce) rep = true;  // a report cue anywhere in the sentence before ce
  if (feats(t) & kFeatFuture) fut = true;
  if (feats(t) & kFeatCond) rep = true;
  if (it_ && tok.features.empty()) {
    std::string_view nm = tok.norm;
    if (ends_with(nm, "erà") || ends_with(nm, "eranno") || ends_with(nm, "irà") || ends_with(nm, "iranno") ||
        ends_with(nm, "arà") || ends_with(nm, "aranno") || ends_with(nm, "erò") || ends_with(nm, "irò"))
      fut = true;
    if (ends_with(nm, "erebbe") || ends_with(nm, "erebbero") || ends_with(nm, "irebbe") || ends_with(nm, "irebbero"))
      rep = true;
  }
  // Inside a quotation: the speaker's words, reported.
  if (in_quote_[t]) rep = true;
  if (neg_future) *neg_future = neg && fut && !past;
  if (neg) return Mode::Negated;
  if (hyp) return Mode::Hypothetical;
  if (fut && !past) return Mode::Future;
  if (rep) return Mode::Reported;
  return Mode::Asserted;
}

std::optional<uint32_t> DocEvents::place_for(uint32_t cb, uint32_t ce, const Event& ev, bool coded) const {
  for (uint32_t k = cb; k + 1 < ce; ++k) {
    if (!has(k, kPlace)) continue;
    // "in Kabul", "in the town of Cizre", "nella città di Homs": a few words to the name.
    uint32_t m = k + 1;
    while (m < ce && m <= k + 4 && ment_entity_[m] < 0 &&
           (has(m, kArt | kGen) || (kind_[m] == TokenKind::Word && !has(m, ~(kArt | kGen)) &&
                                    !(flags_[m] & kCapitalised) && !verbish(m) && cands(m).empty())))
      ++m;
    if (m >= ce || ment_entity_[m] < 0) continue;
    auto e = static_cast<uint32_t>(ment_entity_[m]);
    const Entity& ent = doc_.entities[e];
    if (ent.type != EntityType::GPE && ent.type != EntityType::LOC) continue;
    if (ev.source == e || ev.target == e) continue;
    if (coded && ent.actor.empty() && ent.country.empty()) continue;
    return e;
  }
  return std::nullopt;
}

// Whether an event noun states an event here. 0: no; 1: yes; 2: yes, reported
// ("la notizia dell'arresto"). `support` receives the support verb's token when
// one governs the noun.
int DocEvents::noun_licensed(uint32_t t, uint32_t sb, uint32_t& support) const {
  support = UINT32_MAX;
  uint32_t p = t;
  int skipped = 0;
  while (p > sb) {
    const Token& u = doc_.tokens[p - 1];
    // Adjectives between: tagged ones, or one untagged word that is no participle
    // ("un lungo colloquio", not "hanno animato le proteste").
    std::string_view un = u.norm;
    bool participle = (ends_with(un, "ato") || ends_with(un, "ito") || ends_with(un, "uto") || ends_with(un, "ati") ||
                       ends_with(un, "ed") || ends_with(un, "ing")) &&
                      un.find('-') == std::string_view::npos;  // "long-threatened" is an adjective
    bool skip = u.kind == TokenKind::Quote || (has(p - 1, kArt) && !has(p - 1, kPrep | kGen)) || pos_[p - 1] == Pos::Adj ||
                pos_[p - 1] == Pos::Det || pos_[p - 1] == Pos::Num ||
                (pos_[p - 1] == Pos::None && u.kind == TokenKind::Word && !has(p - 1, ~0u) && !(u.flags & kCapitalised) &&
                 !participle && skipped < 1 && p - 1 > sb);
    if (!skip) break;
    if (u.kind == TokenKind::Word) ++skipped;
    --p;
  }
  if (p <= sb) return 1;  // heads a sentence or a title
  uint32_t k = p - 1;
  const Token& u = doc_.tokens[k];
  if (u.kind == TokenKind::Punct || u.kind == TokenKind::Dash) return 1;
  if (u.kind != TokenKind::Word) return 1;
  if (has(k, kGen)) {
    // "la notizia dell'arresto", "news of the arrest".
    uint32_t h = k;
    while (h > sb && has(h - 1, kArt) && !has(h - 1, kPrep | kGen)) --h;
    if (h > sb && has(h - 1, kReportNoun)) return 2;
    if (h > sb && has(h - 1, kArt | kGen)) return 0;
    return 0;
  }
  if (has(k, kPrep | kAgent)) return 0;
  for (uint32_t i : cands(k))
    if (pats_.kind(i) == PatternKind::Support) {
      support = k;
      return 1;
    }
  // An auxiliary or support form may stand two words back ("ha avuto" -> "avuto").
  if (has(k, kBoundary | kCoord | kSkip | kReportNoun) || pos_[k] == Pos::Adv) return 1;
  if (has(k, kAux | kPassiveAux | kVerbish) || pos_[k] == Pos::Verb || pos_[k] == Pos::Aux) return 0;
  // An unknown word: accept only a capitalised one (a name before a title noun), unless
  // a preposition governs the whole ("during a G8 summit").
  if (!(u.flags & kCapitalised)) return 0;
  uint32_t h = k;
  while (h > sb && has(h - 1, kArt) && !has(h - 1, kPrep | kGen)) --h;
  return h > sb && has(h - 1, kPrep | kGen | kAgent) ? 0 : 1;
}

// True when token k follows a verb (so "that"/"che" there introduces what is said or
// asked, not a relative clause): the previous word is an auxiliary, a frequent verb,
// a verb pattern's trigger, or tagged a verb, and no article or name makes it a noun.
bool DocEvents::after_verb(uint32_t k, uint32_t sb) const {
  if (k <= sb) return false;
  uint32_t p = k - 1;
  while (p > sb && (punct_[p] == ',' || kind_[p] == TokenKind::Quote)) --p;
  const Token& u = doc_.tokens[p];
  if (u.kind != TokenKind::Word || ment_entity_[p] >= 0 || has(p, kArt | kPrep | kGen)) return false;
  if (has(p, kAux | kPassiveAux | kVerbish)) return true;
  if (p > sb && has(p - 1, kArt)) return false;  // "the rebels that", "il leader che"
  for (uint32_t c : cands(p))
    if (pats_.kind(c) == PatternKind::Verb) return true;
  return u.pos == "VERB" || u.pos == "AUX";
}

// An infinitive a refusal governs: "refused to deploy", "failed to reach", "si è
// rifiutato di negoziare".
bool DocEvents::refused(uint32_t t, uint32_t sb) const {
  uint32_t k = infinitive_of(t, sb);
  if (k == UINT32_MAX) return false;
  while (k > sb && has(k - 1, kSkip | kNeg)) --k;
  if (k < sb + 2) return false;
  uint32_t r = k - 2;  // before "to" / "di"
  while (r > sb && has(r, kSkip)) --r;
  return has(r, kRefuse);
}

// An infinitive governed by a word before it: "to release", "di sparare", "a negoziare".
bool DocEvents::infinitive_at(uint32_t k, uint32_t sb) const {
  uint32_t j = k;
  while (j > sb && has(j - 1, kSkip | kNeg)) --j;
  if (j <= sb || kind_[k] != TokenKind::Word) return false;
  std::string_view prev = norm(j - 1), nm = norm(k);
  if (!it_) return prev == "to" && cues_[k] == 0 && !(flags_[k] & kCapitalised) && ment_entity_[k] < 0;
  if (prev != "di" && prev != "a" && prev != "ad" && prev != "per") return false;
  return ends_with(nm, "are") || ends_with(nm, "ere") || ends_with(nm, "ire") || ends_with(nm, "arsi") ||
         ends_with(nm, "ersi") || ends_with(nm, "irsi") || ends_with(nm, "arla") || ends_with(nm, "arlo") ||
         ends_with(nm, "arli") || ends_with(nm, "arle");
}

// The trigger is an infinitive, or a word of the phrase one heads ("to increase trade",
// "di aumentare gli scambi"): the infinitive's token, else UINT32_MAX.
uint32_t DocEvents::infinitive_of(uint32_t t, uint32_t sb) const {
  if (infinitive_at(t, sb)) return t;
  for (uint32_t k = t; k > sb && k + 3 > t; --k) {
    uint32_t j = k - 1;
    if (bnd_[k] || kind_[j] != TokenKind::Word) break;
    if (infinitive_at(j, sb)) return j;
  }
  return UINT32_MAX;
}


// How deeply the trigger's clause is embedded as the content or circumstance of something
// else in the sentence: 0 a main clause (or one coordinated with it, after ';' ':', or
// after a contrastive conjunction: "while", "but", "dove", "mentre"), +1 under a
// complementizer after a verb ("demanded that", "ha detto che"), under a conjunction of
// time, cause or condition ("after", "because", "if", "unless", "quando") or after a
// gerund ("urging the counterpart to sign"), +2 in a relative clause ("who", "which",
// "that"/"che" after a noun) or an aside, +1 for an infinitive under another event
// ("agreed to release", "di sparare"). A sentence that opens with a subordinate clause
// ("After X did Y, Z ...") counts +1 until its first comma.
int DocEvents::depth_of(uint32_t t, uint32_t sb) const {
  if (masked_[t]) return 3;
  int d = 0;
  bool opening = false;
  for (uint32_t k = sb; k < t; ++k) {
    if (masked_[k]) continue;
    if (opening && punct_[k] == ',') {
      d = 0;
      opening = false;
      continue;
    }
    if (!bnd_[k] && k != sb) continue;
    if (punct_[k] == ';' || punct_[k] == ':') {
      d = 0;
    } else if (has(k, kCoord)) {
      // same depth as the clause it joins
    } else if (has(k, kRelative | kBoundary) && (norm(k) == "that" || norm(k) == "che")) {
      d += after_verb(k, sb) ? 1 : 2;
    } else if (has(k, kRelative)) {
      d += 2;
    } else if ((has(k, kBoundary) && k == sb) || (has(k, kSubord | kHypConj) && k == sb)) {
      d += 1;  // until the first comma
      opening = true;
    } else if (has(k, kSubord | kHypConj)) {
      d += 1;  // "after two vehicles were hit", "unless Baghdad accepted", "quando"
    }
    // Other conjunctions ("while", "after", "dove", "mentre") open a clause of its own
    // standing: its events are not the main clause's content.
  }
  // An infinitive under another event ("signed an agreement to increase trade") is its
  // purpose or content; under a refusal or a readiness ("refused to deploy", "is
  // prepared to lift") it is the predicate itself.
  if (uint32_t inf = infinitive_of(t, sb); inf != UINT32_MAX) {
    uint32_t k = inf;
    while (k > sb && has(k - 1, kSkip | kNeg)) --k;
    uint32_t g = k >= sb + 2 ? k - 2 : sb;  // the word before "to" / "di"
    const auto& trig = scratch_.triggers;
    bool under_event = false;
    if (!has(g, kRefuse | kFuture))
      for (uint32_t j = g + 1; j > sb && j + 4 > g && !under_event; --j)
        under_event = consumed_[j - 1] || std::find(trig.begin(), trig.end(), j - 1) != trig.end();
    if (under_event) d += 1;
  }
  // After a gerund of circumstance: "..., urging the counterpart to sign".
  for (uint32_t k = t; k > sb && !bnd_[k]; --k)
    if (circ_[k - 1]) {
      d += 1;
      break;
    }
  // What a subject "must" do is the content of a demand ("said X must return Y").
  for (uint32_t k = t; k > sb && !bnd_[k]; --k)
    if (has(k - 1, kMust) && !masked_[k - 1]) {
      d += 1;
      break;
    }
  return d;
}

void DocEvents::run() {
  if (doc_.tokens.empty()) return;
  prepare();
  doc_.events.reserve(doc_.events.size() + doc_.sentences.size());
  for (uint32_t s = 0; s < doc_.sentences.size(); ++s) sentence(s);
  // An article restates its events ("Oggi incontro Putin-Tokayev. ... ha avuto un
  // lungo colloquio con il suo omologo"): one event per code and pair of actors.
  // Loosely the same party: one entity, or one country ("Gli Usa", "il Dipartimento di
  // Stato americano"); strictly: one entity, or the same full code.
  auto loose = [](const std::optional<uint32_t>& a, const std::string& aa, const std::optional<uint32_t>& b,
                  const std::string& ba) {
    if (a && b && *a == *b) return true;
    return aa.size() >= 3 && ba.size() >= 3 && aa.compare(0, 3, ba, 0, 3) == 0;
  };
  auto strict = [](const std::optional<uint32_t>& a, const std::string& aa, const std::optional<uint32_t>& b,
                   const std::string& ba) {
    if (a && b && *a == *b) return true;
    return aa.size() >= 3 && aa == ba;
  };
  // The same pair when one side is strictly the same and the other loosely.
  auto same_pair = [&](const std::optional<uint32_t>& s1, const std::string& s1a, const std::optional<uint32_t>& t1,
                       const std::string& t1a, const std::optional<uint32_t>& s2, const std::string& s2a,
                       const std::optional<uint32_t>& t2, const std::string& t2a) {
    return (strict(s1, s1a, s2, s2a) && loose(t1, t1a, t2, t2a)) || (loose(s1, s1a, s2, s2a) && strict(t1, t1a, t2, t2a));
  };
  size_t kept = 0;
  for (size_t i = 0; i < doc_.events.size(); ++i) {
    const Event& e = doc_.events[i];
    bool dup = false;
    const bool has_args = (e.source || !e.source_actor.empty()) && (e.target || !e.target_actor.empty());
    for (size_t j = 0; j < kept && !dup; ++j) {
      const Event& k = doc_.events[j];
      if (!has_args || k.code != e.code) continue;
      bool direct = same_pair(k.source, k.source_actor, k.target, k.target_actor, e.source, e.source_actor, e.target,
                              e.target_actor);
      bool mutual = e.code < "06" && same_pair(k.source, k.source_actor, k.target, k.target_actor, e.target,
                                               e.target_actor, e.source, e.source_actor);
      if (direct || mutual) dup = true;
    }
    if (dup) continue;
    if (kept != i) doc_.events[kept] = std::move(doc_.events[i]);
    ++kept;
  }
  doc_.events.resize(kept);
}

void DocEvents::sentence(uint32_t s) {
  const Sentence& sent = doc_.sentences[s];
  const uint32_t sb = sent.first_token, se = std::min<uint32_t>(sent.end_token, doc_.tokens.size());
  if (sb >= se) return;
  // English states its subjects: only Italian (a null-subject language) lets a sentence
  // inherit the one before's.
  if (!it_) last_subject_.reset();
  mask_asides(sb, se);
  sent_report_ = se;
  // bnd_ is 0 from prepare(): only a clause word or ';' ':' may start a clause.
  for (uint32_t k = sb; k < se; ++k) {
    const uint32_t c = cues_[k];
    if ((c & (kBoundary | kRelative | kCoord)) || punct_[k] == ';' || punct_[k] == ':') bnd_[k] = boundary_at(k, se) ? 1 : 0;
    if (sent_report_ == se && (c & kReport)) sent_report_ = k;
  }
  for (uint32_t w : sent_words_) word_here_[w] = 0;  // the previous sentence's
  sent_words_.clear();
  if (word_here_.size() < pats_.word_count()) word_here_.assign(pats_.word_count(), 0);
  for (uint32_t k = sb; k < se; ++k)
    if (lex_[k].n_words) {
      const uint32_t* ids = ids_ + lex_[k].at + lex_[k].n_cands;
      sent_words_.insert(sent_words_.end(), ids, ids + lex_[k].n_words);
    }
  for (uint32_t w : sent_words_) word_here_[w] = 1;
  const size_t first_event = doc_.events.size();
  std::vector<uint32_t>& used = scratch_.used;
  std::vector<uint32_t>& best_used = scratch_.best_used;
  std::vector<uint8_t>& fallback_flags = scratch_.fallback_flags;
  std::vector<uint32_t>& triggers = scratch_.triggers;
  std::vector<int>& depths = scratch_.depths;
  depths.clear();
  used.clear();
  best_used.clear();
  fallback_flags.clear();
  triggers.clear();

  for (uint32_t t = sb; t < se; ++t) {
    if (lex_[t].n_cands == 0 || consumed_[t]) continue;  // only word tokens have candidates
    if (has(t, kArt | kPrep | kGen | kAux | kPassiveAux | kNeg | kBoundary | kCoord | kRelative)) continue;
    // Capitalised inside a sentence: part of a name or a title ("March", "Strike Force").
    if ((flags_[t] & (kCapitalised | kAllCaps)) && !(flags_[t] & kSentenceStart)) continue;
    const Token& tok = doc_.tokens[t];
    const std::span<const uint32_t> cands = this->cands(t);
    // Group nouns are participants, not events ("i manifestanti", "protesters").
    if (lex_[t].group) continue;
    if (pos_[t] != Pos::None && pos_[t] != Pos::Verb && pos_[t] != Pos::Aux && pos_[t] != Pos::Noun) continue;

    const uint32_t cb = clause_start(t, sb);
    const uint32_t ce = clause_end(t, se);
    bool as_noun = nounish(t, sb);
    bool have_verb = false, have_noun = false;
    for (uint32_t c : cands) {
      PatternKind k = pats_.kind(c);
      have_verb |= k == PatternKind::Verb;
      have_noun |= k == PatternKind::Noun;
    }
    // A noun never triggers a verb pattern ("the state" is not "to state"); a
    // verb form may be read as an event noun when no verb pattern has it.
    if (as_noun && !have_noun) continue;
    // Italian forms in -o with no tag: a noun rather than a first person
    // ("Oggi incontro Putin-Tokayev"); participles ("-ato", "-uto", "-so") stay verbs.
    if (!as_noun && it_ && pos_[t] == Pos::None &&
        (ends_with(tok.norm, "o") || ends_with(tok.norm, "i")) && !ends_with(tok.norm, "to") &&
        !ends_with(tok.norm, "so") && !ends_with(tok.norm, "ti") && !ends_with(tok.norm, "si") &&
        !ends_with(tok.norm, "ano") && !ends_with(tok.norm, "ono") && !ends_with(tok.norm, "ino")) {
      if (!have_noun) continue;
      as_noun = true;
    }
    PatternKind want = as_noun ? PatternKind::Noun : (have_verb ? PatternKind::Verb : PatternKind::Noun);
    const Pattern* best = nullptr;
    uint32_t best_end = t;
    int best_score = -1;
    for (uint32_t c : cands) {
      const Pattern& p = pats_.patterns()[c];
      if (p.kind != want) continue;
      // A phrase trigger: its further words follow directly.
      uint32_t tail_end = t;
      bool tail_ok = true;
      for (const WordSpec& w : p.tail) {
        uint32_t k = tail_end + 1;
        while (k < ce && kind_[k] == TokenKind::Dash && !(flags_[k] & kSpaceBefore)) ++k;
        if (k >= ce || !word_is(w, k)) {
          tail_ok = false;
          break;
        }
        tail_end = k;
      }
      if (!tail_ok) continue;
      if (vetoed(p, tail_end, ce)) continue;
      auto end = match_needs(p, tail_end, cb, ce, used);
      if (!end) continue;
      for (uint32_t k = t + 1; k <= tail_end; ++k) used.push_back(k);
      // A complement of function words only ("order ... to") says less than one with a
      // content word ("order ... to shoot").
      bool weak = !p.needs.empty() && std::all_of(used.begin(), used.end(), [&](uint32_t k) { return cues_[k] != 0; });
      int score = (p.needs.empty() ? 1 : weak ? 2 : 3) + (p.tail.empty() ? 0 : 1);
      if (score > best_score) {
        best_score = score;
        best = &p;
        best_end = *end;
        best_used = used;
      }
    }
    if (!best) continue;
    const Pattern& p = *best;
    // A gerund is a circumstance ("accusing them of killing", ", killing 156"),
    // unless a progressive auxiliary makes it the predicate ("are demanding").
    if (p.kind == PatternKind::Verb && p.tail.empty()) {
      std::string_view nm = tok.norm;
      bool gerund = !it_ ? ends_with(nm, "ing") : (ends_with(nm, "ando") || ends_with(nm, "endo"));
      if (gerund) {
        uint32_t k = t;
        while (k > sb && has(k - 1, kSkip | kNeg)) --k;
        bool progressive = k > sb && has(k - 1, kPassiveAux | kVerbish);
        // "issued a declaration demanding that ...": what a statement says is its act.
        bool stated = k > sb && has(k - 1, kSpeechNoun);
        if (!progressive && !stated) {
          circ_[t] = 1;
          continue;
        }
      }
    }

    uint32_t support = UINT32_MAX;
    int licensed = 1;
    if (p.kind == PatternKind::Noun) {
      licensed = noun_licensed(t, sb, support);
      if (licensed == 0) continue;
    }
    for (uint32_t u : best_used) consumed_[u] = 1;
    // What an order or a request contains is part of it ("ordinato di sparare per
    // uccidere"): the words right after the complement trigger nothing more.
    if (!p.needs.empty() && best_end > t)
      for (uint32_t k = t + 1; k < se && k <= best_end + 3; ++k) {
        if (k > best_end && (bnd_[k] || kind_[k] == TokenKind::Punct)) break;
        consumed_[k] = 1;
      }

    Event ev;
    const size_t pi = static_cast<size_t>(&p - pats_.patterns().data());
    ev.code = p.code;
    ev.plover = lang_.plovers[pi];
    ev.trigger = tok.span;
    ev.rule = lang_.rules[pi];
    const bool is_passive = p.kind == PatternKind::Verb && passive(t, cb, ce);
    if (is_passive) ev.rule += "#passive";

    // Arguments.
    std::optional<Arg> subj;
    bool subj_searched = false;
    auto get_subject = [&]() -> std::optional<Arg> {
      if (!subj_searched) {
        subj_searched = true;
        uint32_t from = support != UINT32_MAX ? support : t;
        // An infinitive's subject is its governing verb's: "the UN has sent 21 officers
        // to Bosnia to investigate", "Pakistan has refused to deploy peacekeepers".
        uint32_t from_cb = cb;
        if (uint32_t inf = infinitive_of(t, sb); inf != UINT32_MAX && support == UINT32_MAX)
          for (uint32_t k = inf >= sb + 1 ? inf - 1 : sb; k > sb && k + 12 > inf; --k) {
            uint32_t g = k - 1;
            if (punct_[g] == ';' || punct_[g] == ':') break;
            bool verb = has(g, kAux | kPassiveAux | kVerbish | kRefuse | kFuture) ||
                        doc_.tokens[g].pos == "VERB";
            for (uint32_t c : this->cands(g)) verb |= pats_.kind(c) == PatternKind::Verb;
            if (verb && ment_entity_[g] < 0 && !circ_[g]) {
              from = g;
              from_cb = clause_start(g, sb);  // "opened the bridge after four years to allow"
              break;
            }
          }
        subj = subject(from, from_cb);
        if (subj) {
          last_subject_ = subj;
        } else if ((p.kind != PatternKind::Noun || support != UINT32_MAX) &&
                   !(is_passive && t + 1 < se && has(t + 1, kRelative | kBoundary))) {
          subj = last_subject_;  // null subject: the clause or sentence before gives it
        }
      }
      return subj;
    };
    auto resolve = [&](const std::vector<ArgSpec>& specs, const std::optional<Arg>& avoid) -> std::optional<Arg> {
      using K = ArgSpec::Kind;
      std::optional<Arg> uncoded;
      for (const ArgSpec& a : specs) {
        std::optional<Arg> r;
        switch (a.kind) {
          case K::Subj: r = get_subject(); break;
          case K::Obj: r = object(t + 1, ce); break;
          case K::Comp: r = object(best_end + 1, ce); break;
          case K::Prep: {
            // "demanded that X ...", "chiesto che X ...": the clause it introduces.
            bool clausal = std::find(a.preps.begin(), a.preps.end(), "that") != a.preps.end() ||
                           std::find(a.preps.begin(), a.preps.end(), "che") != a.preps.end();
            r = after_prep(a, t + 1, clausal ? std::min<uint32_t>(se, t + 10) : ce);
            break;
          }
          case K::Gen: r = after_cue(t + 1, ce, kGen, 3); break;
          case K::Agent: r = after_cue(t + 1, ce, kAgent, 3); break;
          case K::Poss: r = possessor(t, sb); break;
          case K::Pair1:
          case K::Pair2: {
            // Two participants joined: "tra X e Y", "Putin-Tokayev", "X and Y".
            std::optional<Arg> first, second;
            for (uint32_t k = t + 1; k < ce && k < t + 6 && !first; ++k)
              if (auto x = arg_at(k)) first = x;
            if (first) {
              uint32_t k = first->last + 1;
              while (k < ce && k <= first->last + 2 &&
                     (has(k, kCoord | kArt) || kind_[k] == TokenKind::Dash || is_punct(k, '-')))
                ++k;
              if (k > first->last + 1)
                if (auto x = arg_at(k); x && (x->entity != first->entity || x->actor != first->actor)) second = x;
            }
            if (!second) first.reset();
            r = a.kind == K::Pair1 ? first : (first && second ? second : std::nullopt);
            break;
          }
          case K::None: return uncoded;
        }
        if (r && avoid && r->entity && r->entity == avoid->entity) r.reset();
        // A coded argument is preferred to a name no code covers, which a later
        // preference may better ("an admission by Moscow that NKVD forces ...").
        if (r && r->actor.empty() && !uncoded) uncoded = r;
        if (r && !r->actor.empty()) return r;
      }
      return uncoded;
    };

    std::optional<Arg> src, tgt;
    if (is_passive) {
      // The passive: the subject suffers, the agent acts ("è stato arrestato da").
      tgt = get_subject();
      src = after_cue(t + 1, ce, kAgent, 3);
    } else {
      src = resolve(p.source, std::nullopt);
      tgt = resolve(p.target, src);
      // No target where the pattern wants one: the maker of the thing acted on ("rejected
      // an Indian proposal", "calls by Belarus's rulers", "la proposta di Mosca").
      bool wants = std::any_of(p.target.begin(), p.target.end(),
                               [](const ArgSpec& a) { return a.kind != ArgSpec::Kind::None; });
      if ((!tgt || tgt->actor.empty()) && wants)
        if (auto m = maker(t + 1 + static_cast<uint32_t>(p.tail.size()), ce)) tgt = m;
    }
    if (tgt && src && tgt->entity && tgt->entity == src->entity) tgt.reset();
    const int root = std::atoi(p.code.substr(0, 2).c_str());
    // A pledge about one's own country names no other party: "Serbian President
    // Kostunica promised to democratize Serbia" has no target.
    if (tgt && src && root == 3 && tgt->actor.size() == 3 && src->actor.size() >= 3 &&
        src->actor.substr(0, 3) == tgt->actor)
      tgt.reset();
    if (!tgt && root == 14) {
      // A protest is against whom its purpose names: "to demand reforms by Suharto's
      // government", "calling for independence from Iraq".
      for (uint32_t k = std::max(t, best_end) + 1; k < se && !tgt; ++k) {
        if (masked_[k]) continue;
        if (auto a = arg_at(k); a && !a->actor.empty() && !(src && a->entity && a->entity == src->entity)) tgt = a;
      }
    }
    const bool eases = p.code.compare(0, 3, "081") == 0 || p.code.compare(0, 3, "082") == 0 ||
                       p.code.compare(0, 3, "083") == 0 || (p.code.compare(0, 3, "087") == 0 && p.code != "0874");
    if (!tgt && (eases || root == 14 || root >= 16)) {
      // An act on a place's people: its country is the target ("demonstrated in Serbia",
      // "imposed a curfew in Cizre", "lifted the state of emergency in West Darfur",
      // "exploded bombs in Kabul").
      Event probe;
      if (src) probe.source = src->entity;
      if (auto pl = place_for(cb, ce, probe, true)) {
        const Entity& pe = doc_.entities[*pl];
        std::string_view code = !pe.actor.empty() ? std::string_view(pe.actor) : std::string_view(pe.country);
        if (!code.empty()) {
          uint32_t at = doc_.token_at(pe.mentions.front().span.begin);
          tgt = arg_at(at);
        }
      }
    }
    // A nominal event with no participant states nothing about anyone ("la
    // riunione del condominio"), except for collective violence and protest.
    if (p.kind == PatternKind::Noun && !src && !tgt && (root < 14 || root == 16)) continue;
    if (src) {
      ev.source = src->entity;
      ev.source_actor = std::string(src->actor);
    }
    if (tgt) {
      ev.target = tgt->entity;
      ev.target_actor = std::string(tgt->actor);
    }

    bool neg_future = false;
    ev.mode = mode(support != UINT32_MAX ? support : t, sb, cb, ce, licensed == 2, &neg_future);
    auto recode = [&](const std::string& code, std::string_view why) {
      if (code.empty()) return false;
      ev.code = code;
      ev.plover = std::string(stage_.cameo().plover(code));
      ev.rule += why;
      ev.mode = Mode::Asserted;
      return true;
    };
    // A cooperative act refused ("refused to deploy peacekeepers", "will not accept") is
    // a rejection (CAMEO 12). One announced for the future is an intent to cooperate
    // (CAMEO 03): "will provide aid" is 033, "will release" 0353, "will meet" 036; a
    // conflictual one is a threat (CAMEO 13): "will boycott" 133, "will withdraw the
    // inspectors" 136, "would blockade" 1381.
    if (p.kind == PatternKind::Verb && (neg_future || refused(t, sb))) {
      if (!recode(refusal_code(ev.code), "#refusal")) ev.mode = Mode::Negated;
    } else if (ev.mode == Mode::Future) {
      if (!recode(intent_code(ev.code), "#intent")) recode(threat_code(ev.code), "#threat");
    }
    // The governing time expression, else the document date (time_stage.h clause_date()).
    if (const Timex* tx = governing_timex(doc_, Span{doc_.tokens[cb].span.begin, doc_.tokens[std::max(cb, ce - 1)].span.end}))
      ev.date = tx->value;
    else
      ev.date = doc_date_;
    ev.place = place_for(cb, ce, ev);
    uint32_t eb = cb, ee = std::max(ce, std::min(se, best_end + 1)) - 1;
    if (src) eb = std::min(eb, src->first), ee = std::max(ee, src->last);
    if (tgt) eb = std::min(eb, tgt->first), ee = std::max(ee, tgt->last);
    eb = std::max(eb, sb);
    ee = std::min(ee, se - 1);
    ev.evidence = Span{doc_.tokens[eb].span.begin, doc_.tokens[ee].span.end};

    // A statement of what someone "must" do is a demand on them: "Russia said that
    // Sudan must return the helicopter", "ha detto che il governo deve dimettersi".
    bool is_fallback = p.fallback;
    if (is_fallback && p.code.compare(0, 2, "01") == 0)
      for (uint32_t k = t + 1; k < se && k <= t + 12; ++k) {
        if (punct_[k] == ';' || punct_[k] == ':' || masked_[k]) break;
        if (!has(k, kMust)) continue;
        if (auto who = subject(k, t + 1); who && !(src && who->entity && who->entity == src->entity)) {
          ev.code = "100";
          ev.plover = std::string(stage_.cameo().plover(ev.code));
          ev.rule += "#must";
          ev.target = who->entity;
          ev.target_actor = std::string(who->actor);
          ev.evidence.end = std::max(ev.evidence.end, doc_.tokens[std::min(se - 1, k + 1)].span.end);
          is_fallback = false;
        }
        break;
      }

    bool dup = false;
    for (size_t i = first_event; i < doc_.events.size(); ++i)
      if (doc_.events[i].code == ev.code && doc_.events[i].source == ev.source &&
          doc_.events[i].source_actor == ev.source_actor && doc_.events[i].target == ev.target &&
          doc_.events[i].evidence.overlaps(ev.evidence))
        dup = true;
    if (dup) continue;
    doc_.events.push_back(std::move(ev));
    fallback_flags.push_back(is_fallback ? 1 : 0);
    triggers.push_back(t);
    depths.push_back(depth_of(support != UINT32_MAX ? support : t, sb));
  }

  // The sentence's topic: its first argument no preposition governs, before its
  // first verb; the next sentence may inherit it as its null subject.
  if (doc_.events.size() == first_event) {
    for (uint32_t k = sb; k < se; ++k) {
      if (masked_[k]) continue;
      if (verbish(k) || bnd_[k]) break;
      if (auto a = arg_at(k)) {
        if (!governed(a->first, sb)) {
          last_subject_ = a;
          break;
        }
        k = a->last;
      }
    }
  }
  // One sentence, one account: the events of its least embedded clauses stand; what a
  // subordinate, relative or infinitival clause adds under them is their content or
  // circumstance ("signed an agreement to increase trade", "granted asylum to rebels
  // who are wanted on treason charges", "demanded that X refuse to recognize Y").
  // Plain statements ("ha detto", "said") and consequences ("killed") stand only when
  // nothing more specific is stated in the sentence: a statement is coded by what it says.
  const size_t n = doc_.events.size() - first_event;
  int min_depth = INT32_MAX;
  bool specific = false;
  bool other = false;  // an event other than a statement (a consequence counts)
  for (size_t i = 0; i < n; ++i) {
    if (doc_.events[first_event + i].code.compare(0, 2, "01") != 0) other = true;
    if (!fallback_flags[i]) {
      specific = true;
      min_depth = std::min(min_depth, depths[i]);
    }
  }
  // A consequence gives way to the event it follows from, and lends it its victim when
  // that event names none: "a roadside bombing killed one U.S. soldier".
  for (size_t i = 0; i < n; ++i) {
    const Event& c = doc_.events[first_event + i];
    if (!fallback_flags[i] || !specific || c.code.compare(0, 2, "18") != 0 || (!c.target && c.target_actor.empty()))
      continue;
    for (size_t j = 0; j < n; ++j) {
      Event& o = doc_.events[first_event + j];
      if (fallback_flags[j] || triggers[j] > triggers[i] || o.target || !o.target_actor.empty()) continue;
      if (o.code.compare(0, 2, "18") != 0 && o.code.compare(0, 2, "19") != 0 && o.code.compare(0, 2, "20") != 0) continue;
      o.target = c.target;
      o.target_actor = c.target_actor;
      o.evidence.end = std::max(o.evidence.end, c.evidence.end);
      break;
    }
  }
  size_t out = first_event;
  for (size_t i = 0; i < n; ++i) {
    bool drop = false;
    if (!fallback_flags[i]) {
      drop = depths[i] > min_depth;
    } else if (specific || (other && doc_.events[first_event + i].code.compare(0, 2, "01") == 0)) {
      // A statement gives way to a specific event in its clause, in what it introduces,
      // or before it when it introduces nothing ("..., the White House said Tuesday").
      const Event& e = doc_.events[first_event + i];
      bool introduces = false;
      for (uint32_t k = triggers[i] + 1; k < se && !introduces; ++k)
        introduces = punct_[k] == ':' || kind_[k] == TokenKind::Quote ||
                     (has(k, kRelative | kBoundary) && (norm(k) == "that" || norm(k) == "che"));
      for (size_t j = 0; j < n && !drop; ++j) {
        const Event& o = doc_.events[first_event + j];
        if (j == i || (fallback_flags[j] && (specific || o.code.compare(0, 2, "01") == 0))) continue;
        drop = triggers[j] > triggers[i] || e.evidence.contains(o.trigger) || !introduces;
      }
    }
    if (drop) continue;
    if (out != first_event + i) doc_.events[out] = std::move(doc_.events[first_event + i]);
    ++out;
  }
  doc_.events.resize(out);
}

}  // namespace

EventStage::EventStage(const StageContext& ctx) {
  cameo_ = CameoTable::load(ctx.data_dir / "cameo" / "codes.tsv");
  for (const char* code : {"it", "en"}) {
    auto lang = std::make_unique<Lang>(code);
    std::filesystem::path dir = ctx.data_dir / code;
    std::error_code ec;
    if (std::filesystem::exists(dir / "event_cues.tsv", ec)) load_cues(*lang, dir / "event_cues.tsv");
    if (std::filesystem::exists(dir / "event_actors.tsv", ec)) load_actor_nouns(*lang, dir / "event_actors.tsv");
    if (std::filesystem::exists(dir / "event_patterns.tsv", ec)) lang->patterns.load(dir / "event_patterns.tsv");
    if (std::filesystem::is_directory(dir / "petrarch", ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& f : std::filesystem::directory_iterator(dir / "petrarch"))
        if (f.path().extension() == ".txt") files.push_back(f.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) import_petrarch_verbs(f, lang->patterns);
    }
    langs_.push_back(std::move(lang));
  }
  if (ctx.kb) {
    for (const Country& c : ctx.kb->countries())
      for (const std::string& d : c.demonyms) demonyms_.emplace(lower(d), c.cameo);
    for (const AgentNoun& a : ctx.kb->agents()) {
      if (a.noun.find(' ') != std::string::npos) continue;
      for (auto& l : langs_)
        if (l->patterns.lang() == a.lang) l->actor_nouns.emplace(lower(a.noun), a.agent);
    }
  }
  for (auto& l : langs_) {
    l->index_lexicon(demonyms_);
    l->patterns.compact();
    for (const Pattern& p : l->patterns.patterns()) {
      l->rules.push_back(p.lang + ":" + p.id);
      l->plovers.push_back(!p.plover.empty() ? p.plover : std::string(cameo_.plover(p.code)));
    }
  }
}

EventStage::~EventStage() = default;

const PatternSet* EventStage::patterns(std::string_view lang) const {
  for (const auto& l : langs_)
    if (l->patterns.lang() == lang) return &l->patterns;
  return nullptr;
}

const EventStage::Lang* EventStage::lang_for(const Document& doc) const {
  for (const auto& l : langs_)
    if (l->patterns.lang() == doc.lang) return l.get();
  for (const auto& l : langs_)
    if (l->patterns.lang() == "en") return l.get();
  return nullptr;
}

void EventStage::run(Document& doc) const {
  const Lang* lang = lang_for(doc);
  if (!lang || lang->patterns.patterns().empty()) return;
  DocEvents(*this, *lang, demonyms_, doc).run();
}

}  // namespace cronaca
