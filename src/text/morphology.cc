// Morphology: per document, the word forms not yet in this thread's cache are sent
// to the Apertium analyser in one batch (lttoolbox's FSTProcessor in null-flush mode:
// "form\0form\0..." in, "^form/lemma<tags>/...$\0..." out), the forms it does not know
// to hunspell and Snowball; then each token's reading is chosen left to right with the
// heuristics listed in morphology.h. Tests: tests/unit/morph_test.cc with
// tests/cases/morph/{it,en}.txt.
#include "text/morphology.h"

#include <libstemmer.h>
// lttoolbox's header includes libxml2's; the build must put libxml2 on the include path
// (pkg-config libxml-2.0). Without it the stage builds without Apertium.
#if __has_include(<libxml/xmlreader.h>)
#include <lttoolbox/fst_processor.h>
#include <lttoolbox/input_file.h>
#define CRONACA_HAVE_LTTOOLBOX 1
#else
#define CRONACA_HAVE_LTTOOLBOX 0
class FSTProcessor {};
#endif
#include <hunspell/hunspell.hxx>
#include <unicode/uchar.h>
#include <unicode/ustdio.h>

#include <algorithm>
#include <atomic>
#include <dlfcn.h>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {
namespace {

std::atomic<uint64_t> g_next_stage_id{1};

// The three ICU stdio functions that hand lttoolbox an output stream live in
// libicuio, which liblttoolbox itself loads. They are looked up at run time so the
// build need not link libicuio by name; when absent, Apertium is not used.
struct IcuStdio {
  using Finit = UFILE* (*)(FILE*, const char*, const char*);
  using Fvoid = void (*)(UFILE*);
  Finit finit = nullptr;
  Fvoid fflush = nullptr;
  Fvoid fclose = nullptr;
  IcuStdio() {
#define CRONACA_STR2(x) #x
#define CRONACA_STR(x) CRONACA_STR2(x)
    finit = reinterpret_cast<Finit>(dlsym(RTLD_DEFAULT, CRONACA_STR(u_finit)));
    fflush = reinterpret_cast<Fvoid>(dlsym(RTLD_DEFAULT, CRONACA_STR(u_fflush)));
    fclose = reinterpret_cast<Fvoid>(dlsym(RTLD_DEFAULT, CRONACA_STR(u_fclose)));
#undef CRONACA_STR
#undef CRONACA_STR2
  }
  bool ok() const { return finit && fflush && fclose; }
};

const IcuStdio& icu_stdio() {
  static const IcuStdio s;
  return s;
}

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

// The token's surface with typographic apostrophes as U+0027: the analysers' key.
void surface_key_into(std::string_view s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0 || s.compare(i, 3, "\xE2\x80\x98") == 0) {
      out.push_back('\'');
      i += 2;
    } else if (s.compare(i, 2, "\xCA\xBC") == 0) {
      out.push_back('\'');
      i += 1;
    } else {
      out.push_back(s[i]);
    }
  }
}

std::string surface_key(std::string_view s) {
  std::string out;
  surface_key_into(s, out);
  return out;
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
[[maybe_unused]] bool parse_unit(std::string_view seg, std::vector<MorphReading>& out) {
  size_t b = seg.find_first_not_of(" \t\n\r");
  size_t e = seg.find_last_not_of(" \t\n\r");
  if (b == std::string_view::npos) return false;
  seg = seg.substr(b, e - b + 1);
  if (seg.size() < 3 || seg.front() != '^' || seg.back() != '$') return false;
  seg = seg.substr(1, seg.size() - 2);
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < seg.size(); ++i) {
    char c = seg[i];
    if (c == '\\' && i + 1 < seg.size()) {
      parts.back().push_back(seg[++i]);
    } else if (c == '^' || c == '$') {
      return false;  // more than one unit
    } else if (c == '/') {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  for (size_t k = 1; k < parts.size(); ++k) {
    const std::string& r = parts[k];
    if (r.empty() || r[0] == '*' || r[0] == '@' || r[0] == '#') continue;
    size_t plus = r.find('+');
    std::string first = plus == std::string::npos ? r : r.substr(0, plus);
    size_t lt = first.find('<');
    if (lt == std::string::npos || lt == 0) continue;
    MorphReading m;
    m.lemma = first.substr(0, lt);
    m.lemma.erase(std::remove(m.lemma.begin(), m.lemma.end(), '#'), m.lemma.end());
    m.features = morph_intern(std::string_view(first).substr(lt));
    size_t gt = first.find('>', lt);
    m.pos = pos_of_tag(std::string_view(first).substr(lt + 1, gt == std::string::npos ? 0 : gt - lt - 1));
    if (m.pos != "PROPN") m.lemma = lower(m.lemma);
    out.push_back(std::move(m));
  }
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

// What the heuristics need of a reading, computed once when it is cached.
struct Info {
  Pos pos = Pos::X;
  bool aux = false;  // auxiliary or modal verb
  bool inf = false, pp = false, ger = false, gen = false;
  bool pro = false;  // personal, clitic or reflexive pronoun
  bool fem = false, plural = false;

  Info() = default;
  explicit Info(const MorphReading& r) : pos(pos_code(r.pos)) {
    std::string_view f = r.features;
    aux = pos == Pos::VERB && (has_feature(f, "<vbhaver>") || has_feature(f, "<vbser>") ||
                               has_feature(f, "<vbmod>") || has_feature(f, "<vaux>") || has_feature(f, "<vbdo>"));
    inf = has_feature(f, "<inf>");
    pp = has_feature(f, "<pp>");
    ger = has_feature(f, "<ger>");
    gen = has_feature(f, "<gen>");
    pro = pos == Pos::PRON && (has_feature(f, "<pro>") || has_feature(f, "<subj>") || has_feature(f, "<ref>"));
    fem = has_feature(f, "<f>");
    plural = has_feature(f, "<pl>");
  }
};

struct Cached {
  std::vector<MorphReading> readings;  // from morph_forms.tsv or Apertium; empty if unknown
  std::vector<Info> info;              // one per reading
  MorphReading guess;                  // hunspell/Snowball fallback when readings is empty
  Info guess_info;
  bool known = false;
  bool any_aux = false;                // some reading is an auxiliary or modal verb
  bool any_det = false, any_pron = false, any_function = false, any_nominal = false, any_finite_verb = false;

  void index() {
    info.clear();
    for (const auto& r : readings) {
      info.emplace_back(r);
      const Info& i = info.back();
      any_aux |= i.aux;
      any_det |= i.pos == Pos::DET;
      any_pron |= i.pos == Pos::PRON;
      any_function |= i.pos == Pos::DET || i.pos == Pos::PRON || i.pos == Pos::ADP || i.pos == Pos::CONJ;
      any_nominal |= i.pos == Pos::NOUN || i.pos == Pos::ADJ || i.pos == Pos::NUM || i.pos == Pos::PROPN;
      any_finite_verb |= i.pos == Pos::VERB && !i.pp;
    }
  }
};

// The per-thread analysis cache: open addressing over (hash, entry index), entries in
// a deque so their addresses stay valid. Faster than std::unordered_map here because a
// probe touches one small slot and compares the full key only on a hash match.
class FormCache {
 public:
  FormCache() { slots_.resize(1 << 16); }

  std::pair<Cached*, bool> find_or_insert(std::string_view key, const std::string** stored = nullptr) {
    return find_or_insert(key, hash(key), stored);
  }
  // Starts loading the slot of a hash, for a lookup a little later.
  void prefetch(uint64_t h) const { __builtin_prefetch(&slots_[h & (slots_.size() - 1)]); }
  // Starts loading the entry the hash's first slot points to.
  void prefetch_entry(uint64_t h) const {
    const Slot& s = slots_[h & (slots_.size() - 1)];
    if (s.idx != 0 && s.hash == h) __builtin_prefetch(&entries_[s.idx - 1]);
  }

  std::pair<Cached*, bool> find_or_insert(std::string_view key, uint64_t h, const std::string** stored) {
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.idx == 0) {
        entries_.emplace_back(std::string(key), Cached{});
        s.hash = h;
        s.idx = static_cast<uint32_t>(entries_.size());
        auto& e = entries_.back();
        if (stored) *stored = &e.first;
        if (entries_.size() * 2 > slots_.size()) grow();
        return {&e.second, true};
      }
      if (s.hash == h) {
        auto& e = entries_[s.idx - 1];
        if (e.first == key) {
          if (stored) *stored = &e.first;
          return {&e.second, false};
        }
      }
    }
  }
  size_t size() const { return entries_.size(); }
  void clear() {
    entries_.clear();
    slots_.assign(1 << 16, Slot{});
  }

  static uint64_t hash(std::string_view k) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : k) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t idx = 0;  // entry index + 1; 0 = empty
  };
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.idx == 0) continue;
      size_t i = s.hash & mask;
      while (slots_[i].idx != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::deque<std::pair<std::string, Cached>> entries_;
};

}  // namespace

std::string_view morph_intern(std::string_view s) {
  static std::mutex mu;
  static auto* pool = new std::unordered_set<std::string>();  // never freed: views outlive statics
  std::lock_guard<std::mutex> lock(mu);
  return *pool->emplace(s).first;
}

struct MorphStage::ThreadState {
  struct Lang {
    const LangResources* res = nullptr;
    std::unique_ptr<FSTProcessor> fst;
    std::unique_ptr<Hunspell> hun;
    sb_stemmer* stemmer = nullptr;
    FormCache cache;
    ~Lang() {
      if (stemmer) sb_stemmer_delete(stemmer);
    }

    void load() {
      if (CRONACA_HAVE_LTTOOLBOX && !res->apertium.empty()) {
#if CRONACA_HAVE_LTTOOLBOX
        if (FILE* f = std::fopen(res->apertium.c_str(), "rb")) {
          auto p = std::make_unique<FSTProcessor>();
          p->load(f);
          std::fclose(f);
          p->initAnalysis();
          if (p->valid()) fst = std::move(p);
        }
#endif
      }
      if (!res->hunspell.empty()) {
        std::string aff = res->hunspell + ".aff", dic = res->hunspell + ".dic";
        if (std::filesystem::exists(aff) && std::filesystem::exists(dic))
          hun = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
      }
      if (!res->snowball.empty()) stemmer = sb_stemmer_new(res->snowball.c_str(), "UTF_8");
    }

    // Apertium on a batch of forms; out[i] gets form i's readings.
    void apertium(const std::vector<std::string>& words, std::vector<std::vector<MorphReading>>& out) {
      out.assign(words.size(), {});
      if (!fst || words.empty() || !icu_stdio().ok()) return;
#if CRONACA_HAVE_LTTOOLBOX
      std::string in;
      for (const auto& w : words) {
        in += w;
        in.push_back('\0');
      }
      FILE* f = fmemopen(in.data(), in.size(), "r");
      if (!f) return;
      char* buf = nullptr;
      size_t len = 0;
      FILE* o = open_memstream(&buf, &len);
      if (!o) {
        std::fclose(f);
        return;
      }
      {
        InputFile input;
        input.wrap(f);  // closed by InputFile
        const IcuStdio& io = icu_stdio();
        UFILE* u = io.finit(o, nullptr, "UTF-8");
        fst->setNullFlush(true);  // the null-flush wrapper resets it after each call
        fst->analysis(input, u);
        io.fflush(u);
        io.fclose(u);
      }
      std::fclose(o);
      std::string_view all(buf, len);
      size_t i = 0, start = 0;
      for (size_t k = 0; k <= all.size() && i < words.size(); ++k) {
        if (k == all.size() || all[k] == '\0') {
          std::vector<MorphReading> rs;
          if (parse_unit(all.substr(start, k - start), rs)) out[i] = std::move(rs);
          ++i;
          start = k + 1;
        }
      }
      std::free(buf);
#endif
    }

    bool hunspell_knows(const std::string& w) { return hun && hun->spell(w); }

    MorphReading fallback(const std::string& key, bool english, bool known) {
      MorphReading m;
      std::string low = lower(key);
      if (known) {
        for (const std::string& s : hun->stem(low)) {
          if (common_prefix(s, low) >= std::min<size_t>(3, std::min(s.size(), low.size()))) {
            m.lemma = lower(s);
            break;
          }
        }
      }
      if (m.lemma.empty() && stemmer) {
        const sb_symbol* st = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(low.data()),
                                              static_cast<int>(low.size()));
        if (st) m.lemma.assign(reinterpret_cast<const char*>(st), sb_stemmer_length(stemmer));
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

    // Analyses new (empty) cache entries: morph_forms.tsv, then Apertium in one batch,
    // then hunspell/Snowball for what Apertium does not know.
    void fill_new(const std::vector<std::pair<const std::string*, Cached*>>& fresh, bool english) {
      std::vector<std::string> ask;
      std::vector<Cached*> ask_to;
      for (auto [k, c] : fresh) {
        auto it = res->forms.find(lower(*k));
        if (it != res->forms.end()) {
          c->readings.push_back(it->second);
          c->known = true;
        } else if (apertium_safe(*k)) {
          ask.push_back(*k);
          ask_to.push_back(c);
        }
      }
      std::vector<std::vector<MorphReading>> got;
      apertium(ask, got);
      for (size_t i = 0; i < ask.size(); ++i) ask_to[i]->readings = std::move(got[i]);
      for (auto [k, c] : fresh) {
        if (!c->readings.empty()) {
          // Known means the lower-cased form is a word: a proper-noun reading alone
          // ("Putin<np>") does not make it one.
          c->index();
          c->known = false;
          for (const Info& in : c->info) c->known |= in.pos != Pos::PROPN;
          if (!c->known) c->known = hunspell_knows(lower(*k));
          continue;
        }
        std::string low = lower(*k);
        c->known = hunspell_knows(low);
        c->guess = fallback(*k, english, c->known);
        if (c->guess.lemma.empty()) c->guess.lemma = low;
        c->guess_info = Info(c->guess);
      }
    }
  };

  std::unordered_map<std::string, std::unique_ptr<Lang>> langs;

  Lang* lang(const MorphStage& stage, std::string_view code) {
    const LangResources* res = stage.resources(code);
    if (!res) return nullptr;
    auto it = langs.find(std::string(code));
    if (it != langs.end()) return it->second.get();
    auto l = std::make_unique<Lang>();
    l->res = res;
    l->load();
    Lang* p = l.get();
    langs.emplace(std::string(code), std::move(l));
    return p;
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

MorphStage::MorphStage(const StageContext& ctx) : id_(g_next_stage_id++) {
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
}

MorphStage::~MorphStage() = default;

const MorphStage::LangResources* MorphStage::resources(std::string_view lang) const {
  if (lang == "it") return &it_;
  if (lang == "en") return &en_;
  return nullptr;
}

MorphStage::ThreadState& MorphStage::state() const {
  thread_local std::unordered_map<uint64_t, std::unique_ptr<ThreadState>> states;
  auto& s = states[id_];
  if (!s) s = std::make_unique<ThreadState>();
  return *s;
}

std::vector<MorphReading> MorphStage::analyse(std::string_view lang, std::string_view form, bool* known) const {
  auto* l = state().lang(*this, lang);
  if (known) *known = false;
  if (!l) return {};
  std::string key = surface_key(form);
  const std::string* stored = nullptr;
  auto [entry, inserted] = l->cache.find_or_insert(key, &stored);
  if (inserted) l->fill_new({{stored, entry}}, lang == "en");
  const Cached& c = *entry;
  if (known) *known = c.known;
  if (!c.readings.empty()) return c.readings;
  return {c.guess};
}

void MorphStage::run(Document& doc) const {
  auto& tokens = doc.tokens;
  ThreadState::Lang* l = state().lang(*this, doc.lang);
  const bool english = doc.lang == "en";
  // One cache entry per word token, looked up once; new entries are filled in a batch.
  std::vector<Cached*> entry(tokens.size(), nullptr);
  if (l) {
    if (l->cache.size() > (1u << 20)) l->cache.clear();
    std::vector<std::pair<const std::string*, Cached*>> fresh;
    // Keys and hashes first, loading their slots and entries ahead of the lookups: the
    // cache is larger than the CPU's, and the lookups are then memory-bound.
    std::vector<std::string> keys(tokens.size());
    std::vector<uint64_t> hashes(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].kind != TokenKind::Word) continue;
      surface_key_into(doc.slice(tokens[i].span), keys[i]);
      hashes[i] = FormCache::hash(keys[i]);
      l->cache.prefetch(hashes[i]);
    }
    for (size_t i = 0; i < tokens.size(); ++i)
      if (tokens[i].kind == TokenKind::Word) l->cache.prefetch_entry(hashes[i]);
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].kind != TokenKind::Word) continue;
      const std::string& key = keys[i];
      const std::string* stored = nullptr;
      auto [c, inserted] = l->cache.find_or_insert(key, hashes[i], &stored);
      entry[i] = c;
      if (inserted) fresh.emplace_back(stored, c);
    }
    l->fill_new(fresh, english);
  }

  // The previous word's chosen reading in this sentence (null after punctuation).
  const Info* prev = nullptr;
  bool prev_aux = false;  // the previous word can be an auxiliary or modal verb
  static const MorphReading kPropnReading{"", "PROPN", ""};
  static const Info kPropnInfo{kPropnReading};
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token& t = tokens[i];
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
    t.known = c.known;
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
    if (c.readings.empty()) {
      if (t.has(kCapitalised) && (cap_mid || !c.known)) as_propn = true;
      else best = &c.guess;
    } else {
      const auto& rs = c.readings;
      if (cap_mid) {
        for (size_t k = 0; k < rs.size(); ++k)
          if (c.info[k].pos == Pos::PROPN) {
            best = &rs[k];
            best_info = &c.info[k];
            break;
          }
        if (!best && !c.any_function) as_propn = true;
      }
      if (!best && !as_propn) {
        // Determiner or pronoun ("la", "l’", "that"): look at the next word.
        int det_or_prn = -1;
        if (c.any_det && c.any_pron) {
          det_or_prn = static_cast<int>(Pos::DET);
          size_t j = i + 1;
          if (j < tokens.size() && tokens[j].kind == TokenKind::Word) {
            const Cached& nc = *entry[j];
            bool nomin = tokens[j].has(kCapitalised) || nc.readings.empty() || nc.any_nominal;
            if (!nomin && nc.any_finite_verb && !(prev && prev->pos == Pos::ADP))
              det_or_prn = static_cast<int>(Pos::PRON);
          }
        }
        int best_score = 1 << 20;
        for (size_t k = 0; k < rs.size(); ++k) {
          const Info& r = c.info[k];
          int score = static_cast<int>(r.pos) * 2;
          if (static_cast<int>(r.pos) == det_or_prn) score -= 40;
          if (r.aux) score -= 1;  // "sono" is essere before sonare, "ha" avere<vbhaver>
          if (prev_aux && r.pos == Pos::VERB && (r.pp || r.inf || r.ger)) score -= 20;
          if (english && prev && (prev->pos == Pos::NOUN || prev->pos == Pos::PROPN) && r.gen)
            score -= 40;  // "Putin's": possessive, not "is"
          if (prev) {
            if (prev->pos == Pos::DET || (prev->pos == Pos::ADJ && r.pos != Pos::ADJ)) {
              if (r.pos == Pos::NOUN) score -= 20;
              else if (r.pos == Pos::ADJ) score -= 16;
            } else if (!english && (prev->pos == Pos::NOUN || prev->pos == Pos::PROPN)) {
              // Italian adjectives and participles follow their noun ("fronte ucraino").
              if (r.pos == Pos::ADJ || (r.pos == Pos::VERB && r.pp)) score -= 12;
            } else if (prev->pro && r.pos == Pos::VERB) {
              score -= 20;
            } else if (prev->pos == Pos::ADP) {
              if (r.pos == Pos::VERB && r.inf) score -= 25;
              else if (r.pos == Pos::NOUN || r.pos == Pos::DET) score -= 20;
            }
          }
          if (score < best_score) {
            best_score = score;
            best = &rs[k];
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
    if (!english && prev && prev->pos == Pos::DET && best_info && best_info->pos == Pos::VERB && best_info->pp) {
      // A participle after an article is a noun ("la testata", "gli arrestati"): lemma in
      // the singular of its gender.
      t.pos = "NOUN";
      t.lemma = t.norm;
      if (best_info->plural && !t.lemma.empty()) t.lemma.back() = best_info->fem ? 'a' : 'o';
    }
    if (best_info && best_info->pos == Pos::ADV) continue;  // "can't wait", "ha poi escluso": look through
    prev = best_info ? best_info : &c.guess_info;
    prev_aux = c.any_aux;
  }
}

}  // namespace cronaca
