// Morphology: per document, the word forms not yet in the stage's cache are analysed
// (Apertium through the transducer walker of fst_analyser.h, which gives what lt-proc
// would print for the word; the forms it does not know go to hunspell and Snowball) and
// added to the cache, shared by all threads; then each token's reading is chosen left to
// right with the heuristics listed in morphology.h. Tests: tests/unit/morph_test.cc with
// tests/cases/morph/{it,en}.txt.
#include "text/morphology.h"

#include <libstemmer.h>
#include <hunspell/hunspell.hxx>
#include <unicode/uchar.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <unordered_set>

#include "text/fst_analyser.h"
#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {
namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t p = 0;
  while (p < s.size()) {
    auto b = static_cast<unsigned char>(s[p]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b));
      ++p;
      continue;
    }
    char32_t c = utf8_next(s, p);
    utf8_append(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
  }
  return out;
}

// The token's surface with typographic apostrophes as U+0027: the analysers' key,
// appended to out.
void surface_key_append(std::string_view s, std::string& out) {
  // Most words hold no byte of the form 11xxxxxx (the lead byte of ’ ‘ ʼ): copied whole.
  bool lead = false;
  for (char c : s) lead |= (static_cast<unsigned char>(c) & 0xC0) == 0xC0;
  if (!lead) {
    out.append(s);
    return;
  }
  size_t from = 0;  // bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    if (b == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\x99' || s[i + 2] == '\x98')) len = 3;
    else if (b == 0xCA && i + 1 < s.size() && s[i + 1] == '\xBC') len = 2;
    if (len == 0) continue;
    out.append(s.data() + from, i - from);
    out.push_back('\'');
    i += len - 1;
    from = i + 1;
  }
  out.append(s.data() + from, s.size() - from);
}

std::string surface_key(std::string_view s) {
  std::string out;
  surface_key_append(s, out);
  return out;
}

// morph_intern through a per-thread table of the strings already interned: no lock, no
// allocation for a tag string seen before.
std::string_view morph_intern_cached(std::string_view s) {
  thread_local std::unordered_map<std::string_view, std::string_view> seen;
  auto it = seen.find(s);
  if (it != seen.end()) return it->second;
  std::string_view v = morph_intern(s);
  seen.emplace(v, v);
  return v;
}

std::string_view pos_of_tag(std::string_view tag) {
  if (tag == "n") return "NOUN";
  if (tag == "np") return "PROPN";
  if (tag == "vblex" || tag == "vbser" || tag == "vbhaver" || tag == "vbmod" || tag == "vaux" || tag == "vbdo")
    return "VERB";
  if (tag == "adj") return "ADJ";
  if (tag == "adv" || tag == "preadv") return "ADV";
  if (tag == "det" || tag == "predet") return "DET";
  if (tag == "prn" || tag == "rel") return "PRON";
  if (tag == "pr") return "ADP";
  if (tag == "cnjcoo" || tag == "cnjsub" || tag == "cnjadv") return "CONJ";
  if (tag == "num") return "NUM";
  return "X";
}

bool has_feature(std::string_view f, std::string_view tag) { return f.find(tag) != std::string::npos; }

// Parses one segment of lt-proc output: "^surface/lemma<t>.../lemma<t>...$".
// Returns false when the segment is not one whole-word unit (the analyser split it).
// One reading of a unit, unescaped: "lemma<tag>...", "di<pr>+il<det>..." (the first
// part decides), or an unknown mark ("*x", "@x", "#x") that gives nothing.
void parse_reading(std::string_view r, std::vector<MorphReading>& out) {
  if (r.empty() || r[0] == '*' || r[0] == '@' || r[0] == '#') return;
  std::string_view first = r.substr(0, r.find('+'));
  size_t lt = first.find('<');
  if (lt == std::string_view::npos || lt == 0) return;
  MorphReading m;
  for (char c : first.substr(0, lt))
    if (c != '#') m.lemma.push_back(c);
  m.features = morph_intern_cached(first.substr(lt));
  size_t gt = first.find('>', lt);
  m.pos = pos_of_tag(first.substr(lt + 1, gt == std::string_view::npos ? 0 : gt - lt - 1));
  if (m.pos != "PROPN") m.lemma = lower(m.lemma);
  out.push_back(std::move(m));
}

// Parses one segment of lt-proc output: "^surface/lemma<t>.../lemma<t>...$".
// Returns false when the segment is not one whole-word unit (the analyser split it);
// `out` may then hold readings, for the caller to drop.
bool parse_unit(std::string_view seg, std::vector<MorphReading>& out) {
  size_t b = seg.find_first_not_of(" \t\n\r");
  size_t e = seg.find_last_not_of(" \t\n\r");
  if (b == std::string_view::npos) return false;
  seg = seg.substr(b, e - b + 1);
  if (seg.size() < 3 || seg.front() != '^' || seg.back() != '$') return false;
  seg = seg.substr(1, seg.size() - 2);
  thread_local std::string part;  // the current part, unescaped
  part.clear();
  bool surface = true;  // the first part is the surface form
  for (size_t i = 0; i < seg.size(); ++i) {
    char c = seg[i];
    if (c == '\\' && i + 1 < seg.size()) {
      part.push_back(seg[++i]);
    } else if (c == '^' || c == '$') {
      return false;  // more than one unit
    } else if (c == '/') {
      if (!surface) parse_reading(part, out);
      surface = false;
      part.clear();
    } else {
      part.push_back(c);
    }
  }
  if (!surface) parse_reading(part, out);
  return true;
}

bool apertium_safe(std::string_view w) {
  for (char c : w)
    if (c == '\\' || c == '^' || c == '$' || c == '/' || c == '<' || c == '>' || c == '@' || c == '[' ||
        c == ']' || c == '{' || c == '}' || c == '*' || c == '#' || c == '~' || c == '\0' ||
        static_cast<unsigned char>(c) <= ' ')
      return false;
  return !w.empty();
}

size_t common_prefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

enum class Pos : uint8_t { DET, ADP, CONJ, PRON, ADV, NOUN, VERB, ADJ, NUM, PROPN, X };

Pos pos_code(std::string_view pos) {
  static const std::string_view kNames[] = {"DET", "ADP", "CONJ", "PRON", "ADV", "NOUN",
                                            "VERB", "ADJ", "NUM", "PROPN", "X"};
  for (int i = 0; i < 11; ++i)
    if (kNames[i] == pos) return static_cast<Pos>(i);
  return Pos::X;
}

// What the heuristics need of a reading, computed once when it is cached: two bytes, so
// that the entry of a form holds those of its first readings (see Cached).
struct Info {
  enum : uint8_t { kAux = 1, kInf = 2, kPp = 4, kGer = 8, kGen = 16, kPro = 32, kFem = 64, kPlural = 128 };
  Pos pos = Pos::X;
  uint8_t bits = 0;

  bool aux() const { return bits & kAux; }  // auxiliary or modal verb
  bool inf() const { return bits & kInf; }
  bool pp() const { return bits & kPp; }
  bool ger() const { return bits & kGer; }
  bool gen() const { return bits & kGen; }
  bool pro() const { return bits & kPro; }  // personal, clitic or reflexive pronoun
  bool fem() const { return bits & kFem; }
  bool plural() const { return bits & kPlural; }

  Info() = default;
  explicit Info(const MorphReading& r) : pos(pos_code(r.pos)) {
    std::string_view f = r.features;
    auto set = [&](uint8_t bit, bool on) {
      if (on) bits |= bit;
    };
    set(kAux, pos == Pos::VERB && (has_feature(f, "<vbhaver>") || has_feature(f, "<vbser>") ||
                                   has_feature(f, "<vbmod>") || has_feature(f, "<vaux>") || has_feature(f, "<vbdo>")));
    set(kInf, has_feature(f, "<inf>"));
    set(kPp, has_feature(f, "<pp>"));
    set(kGer, has_feature(f, "<ger>"));
    set(kGen, has_feature(f, "<gen>"));
    set(kPro, pos == Pos::PRON && (has_feature(f, "<pro>") || has_feature(f, "<subj>") || has_feature(f, "<ref>")));
    set(kFem, has_feature(f, "<f>"));
    set(kPlural, has_feature(f, "<pl>"));
  }
};
static_assert(sizeof(Info) == 2);

// The hunspell/Snowball guess for a form Apertium does not know.
struct Guess {
  MorphReading reading;
  Info info;
};

// The analysis of one form, laid out for the per-token loop: what it reads of a form (the
// key to compare, the flags, the first readings' Info) lies in one 64-byte line; the
// readings themselves are in one block beside it.
struct alignas(64) Cached {
  enum : uint8_t {
    kKnown = 1,
    kAnyAux = 2,  // some reading is an auxiliary or modal verb
    kAnyDet = 4,
    kAnyPron = 8,
    kAnyFunction = 16,
    kAnyNominal = 32,
    kAnyFiniteVerb = 64,
  };
  static constexpr size_t kInlineKey = 24, kInlineInfo = 8;

 private:
  union {
    char buf[kInlineKey];
    char* ptr;  // owned, when the key is longer
  } key_;
  uint32_t key_len_ = 0;
  uint16_t n_ = 0;  // readings
  uint8_t flags_ = 0;

 public:
  // False while the thread that added the entry to the shared cache analyses the form;
  // the other fields are read only once it is true.
  std::atomic<bool> ready{false};

 private:
  // n_ readings (from morph_forms.tsv or Apertium; none if unknown), then, when there
  // are more than kInlineInfo, the Info of every reading. Owned.
  MorphReading* readings_ = nullptr;

 public:
  // The guess, when there are no readings, made on first need (MorphStage::Lang::guess):
  // a capitalised form Apertium and hunspell do not know is a proper noun wherever it
  // stands, so most names never need one.
  mutable std::atomic<const Guess*> guess{nullptr};  // owned by the Lang

 private:
  Info info_[kInlineInfo];

 public:
  Cached() { key_.ptr = nullptr; }
  explicit Cached(std::string_view k) { set_key(k); }
  Cached(const Cached&) = delete;
  Cached& operator=(const Cached&) = delete;
  ~Cached() {
    if (key_len_ > kInlineKey) delete[] key_.ptr;
    clear_readings();
  }
  void set_key(std::string_view k) {
    key_len_ = static_cast<uint32_t>(k.size());
    char* d = key_.buf;
    if (k.size() > kInlineKey) d = key_.ptr = new char[k.size()];
    std::memcpy(d, k.data(), k.size());
  }

  // The form (the analysers' key).
  std::string_view key() const {
    return {key_len_ > kInlineKey ? key_.ptr : key_.buf, key_len_};
  }
  bool same_key(std::string_view k) const {
    return key_len_ == k.size() && std::memcmp(key_len_ > kInlineKey ? key_.ptr : key_.buf, k.data(), k.size()) == 0;
  }
  bool has(uint8_t f) const { return flags_ & f; }
  bool known() const { return flags_ & kKnown; }
  void set_known(bool k) {
    if (k) flags_ |= kKnown;
    else flags_ &= static_cast<uint8_t>(~kKnown);
  }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const MorphReading& reading(size_t k) const { return readings_[k]; }
  const MorphReading* readings_data() const { return readings_; }
  std::span<const MorphReading> readings() const { return {readings_, n_}; }
  const Info& info(size_t k) const {
    return k < kInlineInfo ? info_[k] : reinterpret_cast<const Info*>(readings_ + n_)[k];
  }

  // Takes the readings and computes what the heuristics need of them.
  void set_readings(std::vector<MorphReading>&& rs) {
    clear_readings();
    n_ = static_cast<uint16_t>(std::min<size_t>(rs.size(), 0xFFFF));
    flags_ &= kKnown;
    if (n_ == 0) return;
    const size_t bytes = n_ * sizeof(MorphReading) + (n_ > kInlineInfo ? n_ * sizeof(Info) : 0);
    readings_ = static_cast<MorphReading*>(::operator new(bytes, std::align_val_t(alignof(MorphReading))));
    Info* more = n_ > kInlineInfo ? reinterpret_cast<Info*>(readings_ + n_) : nullptr;
    for (size_t k = 0; k < n_; ++k) {
      new (&readings_[k]) MorphReading(std::move(rs[k]));
      Info i(readings_[k]);
      if (k < kInlineInfo) info_[k] = i;
      if (more) new (&more[k]) Info(i);
      uint8_t f = 0;
      if (i.aux()) f |= kAnyAux;
      if (i.pos == Pos::DET) f |= kAnyDet;
      if (i.pos == Pos::PRON) f |= kAnyPron;
      if (i.pos == Pos::DET || i.pos == Pos::PRON || i.pos == Pos::ADP || i.pos == Pos::CONJ) f |= kAnyFunction;
      if (i.pos == Pos::NOUN || i.pos == Pos::ADJ || i.pos == Pos::NUM || i.pos == Pos::PROPN) f |= kAnyNominal;
      if (i.pos == Pos::VERB && !i.pp()) f |= kAnyFiniteVerb;
      flags_ |= f;
    }
  }

  // Waits for the analysis of an entry another thread is making.
  const Cached* wait_ready() const {
    if (!ready.load(std::memory_order_acquire)) ready.wait(false, std::memory_order_acquire);
    return this;
  }
  void publish() {
    ready.store(true, std::memory_order_release);
    ready.notify_all();
  }

 private:
  void clear_readings() {
    if (!readings_) return;
    for (size_t k = 0; k < n_; ++k) readings_[k].~MorphReading();
    ::operator delete(readings_, std::align_val_t(alignof(MorphReading)));
    readings_ = nullptr;
    n_ = 0;
  }
};
static_assert(sizeof(Cached) == 64);

// The analysis cache of a stage and language, shared by all threads: open addressing
// over 8-byte slots (32 bits of the hash, entry index), entries in chunks of 4096 so
// their addresses stay valid while the table grows and the first (most frequent) forms
// lie together. A probe touches one slot and compares the key only on a hash match. Not
// synchronised itself: MorphStage::Lang holds the lock.
class FormCache {
 public:
  FormCache() { slots_.resize(1 << 16); }

  // Starts loading the slot of a hash, for a lookup a little later.
  void prefetch(uint64_t h) const { __builtin_prefetch(&slots_[pos(h)]); }
  // Starts loading the entry the hash's first slot points to.
  void prefetch_entry(uint64_t h) const {
    const Slot& s = slots_[pos(h)];
    if (s.idx != 0 && s.tag == tag(h)) __builtin_prefetch(&at(s.idx - 1));
  }

  const Cached* find(std::string_view key, uint64_t h) const {
    const size_t mask = slots_.size() - 1;
    const uint32_t t = tag(h);
    for (size_t i = t & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.idx == 0) return nullptr;
      if (s.tag == t) {
        const Cached& e = at(s.idx - 1);
        if (e.same_key(key)) return &e;
      }
    }
  }
  // The entry of key, made (not ready) when the key is new: {entry, made}.
  std::pair<Cached*, bool> claim(std::string_view key, uint64_t h) {
    const size_t mask = slots_.size() - 1;
    const uint32_t t = tag(h);
    for (size_t i = t & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.idx == 0) {
        if ((size_ >> kChunkBits) == chunks_.size()) chunks_.push_back(std::make_unique<Cached[]>(kChunk));
        Cached* c = &at(static_cast<uint32_t>(size_));
        c->set_key(key);
        ++size_;
        s.tag = t;
        s.idx = static_cast<uint32_t>(size_);
        if (size_ * 2 > slots_.size()) grow();
        return {c, true};
      }
      if (s.tag == t) {
        Cached& e = at(s.idx - 1);
        if (e.same_key(key)) return {&e, false};
      }
    }
  }
  size_t size() const { return size_; }

  // 64 bits of the key, a word at a time.
  static uint64_t hash(std::string_view k) {
    const auto* p = reinterpret_cast<const unsigned char*>(k.data());
    size_t n = k.size();
    auto load64 = [](const unsigned char* q) {
      uint64_t v;
      std::memcpy(&v, q, 8);
      return v;
    };
    auto load32 = [](const unsigned char* q) {
      uint32_t v;
      std::memcpy(&v, q, 4);
      return static_cast<uint64_t>(v);
    };
    auto mix = [](uint64_t h, uint64_t v) {
      h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
      return h ^ (h >> 31);
    };
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0x94d049bb133111ebull);
    if (n >= 8) {
      for (; n > 8; n -= 8, p += 8) h = mix(h, load64(p));
      h = mix(h, load64(p + n - 8));  // the last 8 bytes (overlapping)
    } else if (n >= 4) {
      h = mix(h, load32(p) | load32(p + n - 4) << 32);
    } else if (n > 0) {
      h = mix(h, static_cast<uint64_t>(p[0]) | static_cast<uint64_t>(p[n / 2]) << 8 |
                     static_cast<uint64_t>(p[n - 1]) << 16);
    }
    h = (h ^ (h >> 29)) * 0x94d049bb133111ebull;
    return h ^ (h >> 32);
  }

 private:
  static constexpr unsigned kChunkBits = 12;
  static constexpr size_t kChunk = size_t{1} << kChunkBits;
  struct Slot {
    uint32_t tag = 0;
    uint32_t idx = 0;  // entry index + 1; 0 = empty
  };
  static uint32_t tag(uint64_t h) { return static_cast<uint32_t>(h >> 32); }
  size_t pos(uint64_t h) const { return tag(h) & (slots_.size() - 1); }
  Cached& at(uint32_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.idx == 0) continue;
      size_t i = s.tag & mask;
      while (slots_[i].idx != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::unique_ptr<Cached[]>> chunks_;
  size_t size_ = 0;
};

// The analysers of one language, loaded once per process on first use and shared by
// every MorphStage and thread. The transducer walker is immutable; hunspell, Snowball and
// the lt-proc stream (for the rare word the walker leaves to it) are not thread-safe and
// are used under their lock.
struct Analysers {
  std::once_flag fst_once, hun_once;
  std::unique_ptr<FstAnalyser> fst;
  std::mutex mu;  // guards everything below
  std::unique_ptr<LtProcStream> stream;
  std::unique_ptr<Hunspell> hun;
  sb_stemmer* stemmer = nullptr;  // never freed: lives as long as the process
  std::unordered_map<std::string, bool> spelled;  // hunspell's answers, by lower-cased form
};

Analysers& analysers_for(const std::string& apertium, const std::string& hunspell, const std::string& snowball) {
  static std::mutex mu;
  static auto* all = new std::map<std::string, std::unique_ptr<Analysers>>();  // never freed
  std::lock_guard<std::mutex> lock(mu);
  auto& a = (*all)[apertium + '\n' + hunspell + '\n' + snowball];
  if (!a) a = std::make_unique<Analysers>();
  return *a;
}

}  // namespace

std::string_view morph_intern(std::string_view s) {
  static std::mutex mu;
  static auto* pool = new std::unordered_set<std::string>();  // never freed: views outlive statics
  std::lock_guard<std::mutex> lock(mu);
  return *pool->emplace(s).first;
}

// One language of a stage: its resources, the shared analysers and the form cache.
struct MorphStage::Lang {
  const LangResources* res = nullptr;
  Analysers* an = nullptr;
  bool english = false;
  mutable std::shared_mutex mu;  // guards cache
  mutable FormCache cache;
  mutable std::unordered_map<std::string, std::unique_ptr<Guess>> guesses;  // by lower-cased form; an->mu
  static constexpr size_t kMaxCached = 1u << 20;  // beyond, new forms are analysed per document

  const FstAnalyser* fst() const {
    std::call_once(an->fst_once, [&] {
      if (!res->apertium.empty()) an->fst = FstAnalyser::open(res->apertium);
    });
    return an->fst.get();
  }
  // Called with an->mu held.
  void load_hunspell() const {
    std::call_once(an->hun_once, [&] {
      if (!res->hunspell.empty()) {
        std::string aff = res->hunspell + ".aff", dic = res->hunspell + ".dic";
        if (std::filesystem::exists(aff) && std::filesystem::exists(dic))
          an->hun = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
      }
      if (!res->snowball.empty()) an->stemmer = sb_stemmer_new(res->snowball.c_str(), "UTF_8");
    });
  }

  // Apertium's readings of a word (the analyser's key), empty when it has none.
  std::vector<MorphReading> apertium(const std::string& key) const {
    std::vector<MorphReading> rs;
    if (res->apertium.empty()) return rs;
    const FstAnalyser* f = fst();
    thread_local std::string unit;
    switch (f ? f->analyse(key, unit) : FstAnalyser::Result::kUnsupported) {
      case FstAnalyser::Result::kUnit:
        if (!parse_unit(unit, rs)) rs.clear();
        break;
      case FstAnalyser::Result::kNoMatch:
        break;
      case FstAnalyser::Result::kUnsupported: {
        std::lock_guard<std::mutex> lock(an->mu);
        if (!an->stream) an->stream = std::make_unique<LtProcStream>(res->apertium);
        std::vector<std::string> units;
        an->stream->analyse({key}, units);
        if (!parse_unit(units[0], rs)) rs.clear();
        break;
      }
    }
    return rs;
  }

  // Called with an->mu held.
  bool hunspell_knows(const std::string& w) const {
    load_hunspell();
    if (!an->hun) return false;
    auto it = an->spelled.find(w);  // "Trump", "TRUMP": one question for "trump"
    if (it == an->spelled.end()) it = an->spelled.emplace(w, an->hun->spell(w)).first;
    return it->second;
  }

  // Called with an->mu held.
  MorphReading fallback(const std::string& key, bool known) const {
    MorphReading m;
    std::string low = lower(key);
    if (known) {
      for (const std::string& s : an->hun->stem(low)) {
        if (common_prefix(s, low) >= std::min<size_t>(3, std::min(s.size(), low.size()))) {
          m.lemma = lower(s);
          break;
        }
      }
    }
    if (m.lemma.empty() && an->stemmer) {
      const sb_symbol* st = sb_stemmer_stem(an->stemmer, reinterpret_cast<const sb_symbol*>(low.data()),
                                            static_cast<int>(low.size()));
      if (st) m.lemma.assign(reinterpret_cast<const char*>(st), sb_stemmer_length(an->stemmer));
    }
    if (m.lemma.empty()) m.lemma = low;
    if (english) {
      if (ends_with(low, "ly")) m.pos = "ADV";
      else if (ends_with(low, "ing") || ends_with(low, "ed")) m.pos = "VERB";
      else m.pos = "NOUN";
    } else {
      bool inf = ends_with(m.lemma, "are") || ends_with(m.lemma, "ere") || ends_with(m.lemma, "ire");
      if (inf && low != m.lemma && common_prefix(low, m.lemma) + 1 < m.lemma.size()) m.pos = "VERB";
      else m.pos = "NOUN";
    }
    return m;
  }

  // The analysis of one form: morph_forms.tsv, else Apertium; hunspell for "known" when
  // Apertium has only proper-noun readings; hunspell and Snowball when it has none.
  void analyse(Cached& c) const {
    Cached* one[] = {&c};
    analyse(one);
  }
  // The forms in two steps: the readings (no lock), then hunspell's "known" for those
  // that need it, under one lock for all of them.
  void analyse(std::span<Cached* const> forms) const {
    std::vector<Cached*> ask;
    for (Cached* cp : forms) {
      Cached& c = *cp;
      const std::string key(c.key());
      std::vector<MorphReading> rs;
      auto it = res->forms.find(lower(key));
      if (it != res->forms.end()) rs.push_back(it->second);
      else if (apertium_safe(key)) rs = apertium(key);
      c.set_readings(std::move(rs));
      // Known means the lower-cased form is a word: a proper-noun reading alone
      // ("Putin<np>") does not make it one.
      bool known = false;
      for (size_t k = 0; k < c.size(); ++k) known |= c.info(k).pos != Pos::PROPN;
      c.set_known(known);
      if (!known) ask.push_back(&c);
    }
    if (ask.empty()) return;
    std::lock_guard<std::mutex> lock(an->mu);
    for (Cached* c : ask) c->set_known(hunspell_knows(lower(c->key())));
  }

  // The analysis of a form: from the cache, else made here (or by the thread that is
  // making it). Analyses made when the cache is full are kept in `own`.
  const Cached* entry_for(std::string_view key, uint64_t h, std::deque<Cached>& own) const {
    {
      std::shared_lock<std::shared_mutex> lock(mu);
      if (const Cached* c = cache.find(key, h)) return c->wait_ready();
    }
    std::pair<Cached*, bool> got{nullptr, false};
    {
      std::unique_lock<std::shared_mutex> lock(mu);
      if (cache.size() < kMaxCached) got = cache.claim(key, h);
      else if (const Cached* c = cache.find(key, h)) got = {const_cast<Cached*>(c), false};
    }
    if (!got.first) {
      Cached& c = own.emplace_back(key);
      analyse(c);
      c.publish();
      return &c;
    }
    if (!got.second) return got.first->wait_ready();
    analyse(*got.first);
    got.first->publish();
    return got.first;
  }

  // The guess of a form without readings, made once.
  const Guess& guess(const Cached& c) const {
    if (const Guess* g = c.guess.load(std::memory_order_acquire)) return *g;
    std::lock_guard<std::mutex> lock(an->mu);
    return make_guess(c);
  }
  // Called with an->mu held.
  const Guess& make_guess(const Cached& c) const {
    if (const Guess* g = c.guess.load(std::memory_order_acquire)) return *g;
    // A guess depends on the lower-cased form alone ("known" being hunspell's answer for
    // it): made once for "Fired", "fired" and "FIRED".
    std::string low = lower(c.key());
    auto& slot = guesses[low];
    if (!slot) {
      slot = std::make_unique<Guess>();
      slot->reading = fallback(std::string(c.key()), c.known());
      if (slot->reading.lemma.empty()) slot->reading.lemma = low;
      slot->info = Info(slot->reading);
    }
    c.guess.store(slot.get(), std::memory_order_release);
    return *slot;
  }

  // entry[i] = the analysis of word token i (null for other tokens). Analyses made for
  // this document only (the cache being full) are kept in `own`.
  void lookup(const Document& doc, std::vector<const Cached*>& entry, std::deque<Cached>& own) const {
    const auto& tokens = doc.tokens;
    thread_local std::string keys;           // the word tokens' keys, one after the other
    thread_local std::vector<uint32_t> ends;  // per token, the end of its key in keys
    thread_local std::vector<uint64_t> hashes;
    thread_local std::vector<uint32_t> missing, pending, words;
    keys.clear();
    pending.clear();
    words.clear();
    ends.assign(tokens.size(), 0);
    hashes.assign(tokens.size(), 0);
    missing.clear();
    auto key_of = [&](size_t i) {
      uint32_t b = i == 0 ? 0 : ends[i - 1];
      return std::string_view(keys).substr(b, ends[i] - b);
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].kind == TokenKind::Word) {
        size_t b = keys.size();
        surface_key_append(doc.slice(tokens[i].span), keys);
        hashes[i] = FormCache::hash(std::string_view(keys).substr(b));
        words.push_back(static_cast<uint32_t>(i));
      }
      ends[i] = static_cast<uint32_t>(keys.size());
    }
    {
      std::shared_lock<std::shared_mutex> lock(mu);
      // The cache is larger than the CPU's: each word's slot is loaded 16 words ahead of
      // its lookup, and its entry 8 words ahead.
      const size_t nw = words.size();
      for (size_t w = 0; w < nw && w < 16; ++w) cache.prefetch(hashes[words[w]]);
      for (size_t w = 0; w < nw && w < 8; ++w) cache.prefetch_entry(hashes[words[w]]);
      for (size_t w = 0; w < nw; ++w) {
        if (w + 16 < nw) cache.prefetch(hashes[words[w + 16]]);
        if (w + 8 < nw) cache.prefetch_entry(hashes[words[w + 8]]);
        const uint32_t i = words[w];
        entry[i] = cache.find(key_of(i), hashes[i]);
        if (!entry[i]) missing.push_back(static_cast<uint32_t>(i));
        else if (!entry[i]->ready.load(std::memory_order_acquire)) pending.push_back(static_cast<uint32_t>(i));
      }
    }
    if (!missing.empty()) claim_and_analyse(missing, key_of, hashes, entry, own);
    // Entries found in the first pass that are claims another thread has not published.
    for (uint32_t i : pending) entry[i]->wait_ready();
  }

  // The new forms: each claimed once in the shared cache (several threads can meet
  // the same new form; one analyses it, the others wait for it), analysed, published.
  template <class KeyOf>
  void claim_and_analyse(const std::vector<uint32_t>& missing, const KeyOf& key_of, const std::vector<uint64_t>& hashes,
                         std::vector<const Cached*>& entry, std::deque<Cached>& own) const {
    std::unordered_map<std::string_view, const Cached*> found;
    std::vector<Cached*> mine;     // claimed here, to analyse
    std::vector<uint32_t> rest;    // tokens whose form is another thread's, or not cached
    {
      std::unique_lock<std::shared_mutex> lock(mu);
      for (uint32_t i : missing) {
        if (found.count(key_of(i))) continue;
        if (cache.size() >= kMaxCached) {
          const Cached* c = cache.find(key_of(i), hashes[i]);
          if (c) found.emplace(key_of(i), c);
          else rest.push_back(i);
          continue;
        }
        auto [c, made] = cache.claim(key_of(i), hashes[i]);
        found.emplace(key_of(i), c);
        if (made) mine.push_back(c);
      }
    }
    // Analyse this thread's claims before waiting for any other thread's: no thread waits
    // while holding an unpublished claim, so none waits for ever.
    analyse(mine);
    for (Cached* c : mine) c->publish();
    for (uint32_t i : rest) {  // the cache is full: analysed for this document only
      if (found.count(key_of(i))) continue;
      Cached& c = own.emplace_back(key_of(i));
      analyse(c);
      c.publish();
      found.emplace(key_of(i), &c);
    }
    for (uint32_t i : missing) entry[i] = found.find(key_of(i))->second->wait_ready();
  }

};

namespace {

void load_forms(const std::filesystem::path& file, MorphStage::LangResources& r) {
  if (!std::filesystem::exists(file)) return;
  TsvFile f = TsvFile::read(file, {"form", "lemma", "pos"});
  for (const TsvRow& row : f.rows) {
    MorphReading m;
    m.lemma = row.get("lemma");
    m.pos = morph_intern(row.get("pos"));
    if (row.has("features")) m.features = morph_intern(row.get("features"));
    if (m.lemma.empty() || m.pos.empty()) f.fail(row, "form needs a lemma and a pos");
    r.forms[lower(surface_key(row.get("form")))] = m;
  }
}

}  // namespace

MorphStage::MorphStage(const StageContext& ctx) {
  std::string apertium = env_or("CRONACA_APERTIUM_DIR", "/usr/share/apertium");
  std::string hunspell = env_or("CRONACA_HUNSPELL_DIR", "/usr/share/hunspell");
  auto present = [](const std::string& p) { return std::filesystem::exists(p) ? p : std::string(); };
  it_.apertium = present(apertium + "/apertium-spa-ita/ita-spa.automorf.bin");
  it_.hunspell = std::filesystem::exists(hunspell + "/it_IT.dic") ? hunspell + "/it_IT" : "";
  it_.snowball = "italian";
  en_.apertium = present(apertium + "/apertium-eng-spa/eng-spa.automorf.bin");
  en_.hunspell = std::filesystem::exists(hunspell + "/en_US.dic") ? hunspell + "/en_US" : "";
  en_.snowball = "english";
  load_forms(ctx.data_dir / "it" / "morph_forms.tsv", it_);
  load_forms(ctx.data_dir / "en" / "morph_forms.tsv", en_);
  for (auto [res, lang, english] : {std::tuple{&it_, &it_lang_, false}, std::tuple{&en_, &en_lang_, true}}) {
    *lang = std::make_unique<Lang>();
    (*lang)->res = res;
    (*lang)->english = english;
    (*lang)->an = &analysers_for(res->apertium, res->hunspell, res->snowball);
  }
}

MorphStage::~MorphStage() = default;

const MorphStage::LangResources* MorphStage::resources(std::string_view lang) const {
  if (lang == "it") return &it_;
  if (lang == "en") return &en_;
  return nullptr;
}

const MorphStage::Lang* MorphStage::lang(std::string_view code) const {
  if (code == "it") return it_lang_.get();
  if (code == "en") return en_lang_.get();
  return nullptr;
}

std::vector<MorphReading> MorphStage::analyse(std::string_view lang_code, std::string_view form, bool* known) const {
  const Lang* l = lang(lang_code);
  if (known) *known = false;
  if (!l) return {};
  std::string key = surface_key(form);
  std::deque<Cached> own;
  const Cached* c = l->entry_for(key, FormCache::hash(key), own);
  if (known) *known = c->known();
  if (!c->empty()) return {c->readings().begin(), c->readings().end()};
  return {l->guess(*c).reading};
}

void MorphStage::run(Document& doc) const {
  auto& tokens = doc.tokens;
  const Lang* l = lang(doc.lang);
  const bool english = doc.lang == "en";
  // One cache entry per word token; forms not yet in the cache are analysed once.
  std::vector<const Cached*> entry(tokens.size(), nullptr);
  std::deque<Cached> own;
  // A guess (hunspell's stem, the slow part of a new form) is made when the loop below
  // first uses it: a word no analyser reads that is not, for being capitalised, a proper
  // noun here ("Rossi" mid-sentence never needs the stem of "rossi").
  if (l) l->lookup(doc, entry, own);

  // The previous word's chosen reading in this sentence (null after punctuation).
  const Info* prev = nullptr;
  bool prev_aux = false;  // the previous word can be an auxiliary or modal verb
  static const MorphReading kPropnReading{"", "PROPN", ""};
  static const Info kPropnInfo{kPropnReading};
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token& t = tokens[i];
    // The entries are scattered in memory: load them a few tokens ahead.
    if (i + 16 < tokens.size() && entry[i + 16]) __builtin_prefetch(entry[i + 16]);
    if (i + 8 < tokens.size() && entry[i + 8]) {
      __builtin_prefetch(entry[i + 8]->readings_data());
    }
    if (t.kind != TokenKind::Word) {
      t.lemma = t.norm;
      t.pos = t.kind == TokenKind::Number ? "NUM" : t.kind == TokenKind::Symbol ? "X" : "PUNCT";
      t.features = {};
      t.known = t.kind == TokenKind::Number;
      if (t.kind != TokenKind::Number) {
        prev = nullptr;
        prev_aux = false;
      }
      continue;
    }
    if (t.has(kSentenceStart)) {
      prev = nullptr;
      prev_aux = false;
    }
    if (!l) {
      t.lemma = t.norm;
      t.pos = t.has(kCapitalised) && !t.has(kSentenceStart) ? "PROPN" : "X";
      t.known = false;
      continue;
    }
    const Cached& c = *entry[i];
    t.known = c.known();
    // Capitalised inside a sentence, and not right after an opening quote or a colon
    // (where a quoted sentence starts: “Sono innocente”).
    bool cap_mid = t.has(kCapitalised) && !t.has(kSentenceStart);
    if (cap_mid && i > 0) {
      const Token& p = tokens[i - 1];
      if ((p.kind == TokenKind::Quote && p.has(kSpaceBefore)) || p.norm == ":" ||
          (p.kind == TokenKind::Quote && i > 1 && tokens[i - 2].kind == TokenKind::Punct))
        cap_mid = false;
    }
    const MorphReading* best = nullptr;
    const Info* best_info = nullptr;  // null for a guess
    bool as_propn = false;  // PROPN with the surface as lemma
    if (c.empty()) {
      if (t.has(kCapitalised) && (cap_mid || !c.known())) as_propn = true;
      else best = &l->guess(c).reading;
    } else {
      const size_t nr = c.size();
      if (cap_mid) {
        for (size_t k = 0; k < nr; ++k)
          if (c.info(k).pos == Pos::PROPN) {
            best = &c.reading(k);
            best_info = &c.info(k);
            break;
          }
        if (!best && !c.has(Cached::kAnyFunction)) as_propn = true;
      }
      if (!best && !as_propn) {
        // Determiner or pronoun ("la", "l’", "that"): look at the next word.
        int det_or_prn = -1;
        if (c.has(Cached::kAnyDet) && c.has(Cached::kAnyPron)) {
          det_or_prn = static_cast<int>(Pos::DET);
          size_t j = i + 1;
          if (j < tokens.size() && tokens[j].kind == TokenKind::Word) {
            const Cached& nc = *entry[j];
            bool nomin = tokens[j].has(kCapitalised) || nc.empty() || nc.has(Cached::kAnyNominal);
            if (!nomin && nc.has(Cached::kAnyFiniteVerb) && !(prev && prev->pos == Pos::ADP))
              det_or_prn = static_cast<int>(Pos::PRON);
          }
        }
        int best_score = 1 << 20;
        for (size_t k = 0; k < nr; ++k) {
          const Info& r = c.info(k);
          int score = static_cast<int>(r.pos) * 2;
          if (static_cast<int>(r.pos) == det_or_prn) score -= 40;
          if (r.aux()) score -= 1;  // "sono" is essere before sonare, "ha" avere<vbhaver>
          if (prev_aux && r.pos == Pos::VERB && (r.pp() || r.inf() || r.ger())) score -= 20;
          if (english && prev && (prev->pos == Pos::NOUN || prev->pos == Pos::PROPN) && r.gen())
            score -= 40;  // "Putin's": possessive, not "is"
          if (prev) {
            if (prev->pos == Pos::DET || (prev->pos == Pos::ADJ && r.pos != Pos::ADJ)) {
              if (r.pos == Pos::NOUN) score -= 20;
              else if (r.pos == Pos::ADJ) score -= 16;
            } else if (!english && (prev->pos == Pos::NOUN || prev->pos == Pos::PROPN)) {
              // Italian adjectives and participles follow their noun ("fronte ucraino").
              if (r.pos == Pos::ADJ || (r.pos == Pos::VERB && r.pp())) score -= 12;
            } else if (prev->pro() && r.pos == Pos::VERB) {
              score -= 20;
            } else if (prev->pos == Pos::ADP) {
              if (r.pos == Pos::VERB && r.inf()) score -= 25;
              else if (r.pos == Pos::NOUN || r.pos == Pos::DET) score -= 20;
            }
          }
          if (score < best_score) {
            best_score = score;
            best = &c.reading(k);
            best_info = &r;
          }
        }
      }
    }
    if (as_propn) {
      t.lemma.assign(doc.slice(t.span));
      t.pos = "PROPN";
      t.features = {};
      prev = &kPropnInfo;
      prev_aux = false;
      continue;
    }
    t.lemma = best->lemma == "prpers" ? t.norm : best->lemma;  // Apertium's English personal pronouns
    t.pos = best->pos;
    t.features = best->features;
    if (!english && prev && prev->pos == Pos::DET && best_info && best_info->pos == Pos::VERB && best_info->pp()) {
      // A participle after an article is a noun ("la testata", "gli arrestati"): lemma in
      // the singular of its gender.
      t.pos = "NOUN";
      t.lemma = t.norm;
      if (best_info->plural() && !t.lemma.empty()) t.lemma.back() = best_info->fem() ? 'a' : 'o';
    }
    if (best_info && best_info->pos == Pos::ADV) continue;  // "can't wait", "ha poi escluso": look through
    prev = best_info ? best_info : &l->guess(c).info;
    prev_aux = c.has(Cached::kAnyAux);
  }
}

}  // namespace cronaca
