// Loading and matching of the claim cue files. Approach: every pattern is indexed
// by the keys of its first word (forms, and "~stem" for stems); every key and every
// alternative of a pattern is interned. prepare() gives each token the ids of its
// norm, lemma and stem (Snowball only for forms that share their first three bytes
// with a pattern's stem, once per form and thread); the cues at a token are the lists
// of those ids, and the rest of a pattern is checked word by word comparing ids.
// Tests: tests/unit/claims_test.cc (cases in tests/cases/claims/).
#include "claims/claim_lexicon.h"

#include <libstemmer.h>

#include <algorithm>
#include <atomic>
#include <memory>

#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {

namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const {
    if (s) sb_stemmer_delete(s);
  }
};

// One Snowball stemmer per thread and language (a stemmer is not thread-safe).
sb_stemmer* thread_stemmer(const std::string& language) {
  thread_local std::unordered_map<std::string, std::unique_ptr<sb_stemmer, StemmerDeleter>> stemmers;
  auto it = stemmers.find(language);
  if (it == stemmers.end()) {
    it = stemmers.emplace(language, std::unique_ptr<sb_stemmer, StemmerDeleter>(
                                        sb_stemmer_new(language.c_str(), "UTF_8")))
             .first;
  }
  return it->second.get();
}

bool has_at_least_letters(std::string_view w, size_t n) { return w.size() >= n; }

// The first three bytes of a word as one number (its "stem prefix").
uint32_t prefix_code(std::string_view w) {
  return uint32_t(static_cast<unsigned char>(w[0])) | uint32_t(static_cast<unsigned char>(w[1])) << 8 |
         uint32_t(static_cast<unsigned char>(w[2])) << 16;
}

std::optional<CueKind> cue_kind_from(std::string_view s) {
  if (s == "report") return CueKind::Report;
  if (s == "speech") return CueKind::Speech;
  if (s == "according") return CueKind::According;
  if (s == "label") return CueKind::Label;
  if (s == "status") return CueKind::Status;
  if (s == "writer") return CueKind::Writer;
  if (s == "conditional") return CueKind::Conditional;
  return std::nullopt;
}

std::optional<CueWho> who_from(std::string_view s) {
  if (s.empty() || s == "any") return CueWho::Any;
  if (s == "same") return CueWho::Same;
  if (s == "other") return CueWho::Other;
  if (s == "writer") return CueWho::Writer;
  return std::nullopt;
}

std::optional<uint32_t> word_kind_from(std::string_view s) {
  if (s == "media") return kWordMedia;
  if (s == "anaphor") return kWordAnaphor;
  if (s == "same") return kWordSame;
  if (s == "source") return kWordSource;
  if (s == "pronoun") return kWordPronoun;
  if (s == "determiner") return kWordDeterminer;
  if (s == "boundary") return kWordBoundary;
  if (s == "relative") return kWordRelative;
  if (s == "subordinator") return kWordSubordinator;
  if (s == "cut") return kWordCut;
  if (s == "skip") return kWordSkip;
  if (s == "negation") return kWordNegation;
  if (s == "aux") return kWordAux;
  if (s == "preposition") return kWordPreposition;
  if (s == "complementizer") return kWordComplementizer;
  if (s == "indefinite") return kWordIndefinite;
  if (s == "free_relative") return kWordFreeRelative;
  if (s == "passive") return kWordPassive;
  if (s == "agent") return kWordAgent;
  return std::nullopt;
}

}  // namespace

std::string ClaimLexicon::stem(std::string_view word) const {
  if (snowball_.empty()) return std::string(word);
  sb_stemmer* s = thread_stemmer(snowball_);
  if (!s) return std::string(word);
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
  if (!out) return std::string(word);
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(s)));
}

std::vector<PatternWord> ClaimLexicon::parse_pattern(std::string_view text) const {
  std::vector<PatternWord> words;
  for (const std::string& w : split(trim(text), ' ')) {
    if (w.empty()) continue;
    PatternWord pw;
    for (const std::string& alt : split(w, '|')) {
      if (alt.empty()) continue;
      if (alt[0] == '=') {
        pw.exact.push_back(alt.substr(1));
        continue;
      }
      pw.forms.push_back(alt);
      if (has_at_least_letters(alt, 4) && alt.back() != '\'') {
        pw.stems.push_back(stem(alt));
        pw.stem_max.push_back(alt.size() + 2);
      }
    }
    words.push_back(std::move(pw));
  }
  return words;
}

void ClaimLexicon::index_first(const std::vector<PatternWord>& words, uint32_t id,
                               std::unordered_map<std::string, std::vector<uint32_t>>& index) {
  if (words.empty()) return;
  const PatternWord& w = words[0];
  auto add = [&](const std::string& key) {
    auto& v = index[key];
    if (v.empty() || v.back() != id) v.push_back(id);
  };
  for (const auto& f : w.exact) add(f);
  for (const auto& f : w.forms) add(f);
  for (const auto& s : w.stems) add("~" + s);
  // (a stem shorter than three bytes never matches: tokens of four bytes or more are
  // looked up by their first three)
  for (const auto& pw : words)
    for (const auto& s : pw.stems)
      if (s.size() >= 3) stem_prefixes_.push_back(prefix_code(s));
}

ClaimLexicon::ClaimLexicon(const std::filesystem::path& dir, std::string_view snowball_language)
    : snowball_(snowball_language) {
  static std::atomic<uint64_t> next_serial{1};
  serial_ = next_serial.fetch_add(1);
  std::error_code ec;
  auto present = [&](const std::filesystem::path& p) { return std::filesystem::exists(p, ec); };

  if (auto p = dir / "claim_words.tsv"; present(p)) {
    TsvFile f = TsvFile::read(p, {"word", "kind"});
    for (const TsvRow& r : f.rows) {
      const std::string& word = r.get("word");
      const std::string& kind = r.get("kind");
      if (kind == "gerund") {
        gerund_endings_.push_back(word);
        continue;
      }
      if (kind == "infinitive_ending") {
        infinitive_endings_.push_back(word);
        continue;
      }
      if (kind == "verb_ending") {
        verb_endings_.push_back(word);
        continue;
      }
      if (kind == "agent_suffix") {
        agent_suffixes_.push_back(word);
        continue;
      }
      auto bit = word_kind_from(kind);
      if (!bit) f.fail(r, "unknown kind '" + kind + "'");
      word_kinds_[word] |= *bit;
      if (word.size() >= 4 && word.back() != '\'') {
        std::string s = stem(word);
        word_kinds_["~" + s] |= *bit;
        if (s.size() >= 3) stem_prefixes_.push_back(prefix_code(s));
      }
    }
  }
  if (auto p = dir / "claim_cues.tsv"; present(p)) {
    TsvFile f = TsvFile::read(p, {"cue", "kind"});
    for (const TsvRow& r : f.rows) {
      ClaimCue c;
      c.line = r.line;
      c.words = parse_pattern(r.get("cue"));
      if (c.words.empty()) f.fail(r, "empty cue");
      auto kind = cue_kind_from(r.get("kind"));
      if (!kind) f.fail(r, "unknown kind '" + r.get("kind") + "'");
      c.kind = *kind;
      if (r.has("status") && !r.get("status").empty()) {
        auto st = claim_status_from(r.get("status"));
        if (!st) f.fail(r, "unknown status '" + r.get("status") + "'");
        c.status = *st;
      } else if (c.kind == CueKind::Status || c.kind == CueKind::Writer) {
        f.fail(r, "a status cue needs a status");
      }
      auto who = who_from(r.has("who") ? r.get("who") : std::string());
      if (!who) f.fail(r, "unknown who '" + r.get("who") + "'");
      c.who = *who;
      index_first(c.words, static_cast<uint32_t>(cues_.size()), cue_index_);
      cues_.push_back(std::move(c));
    }
  }
  std::unordered_map<std::string, uint32_t> class_ids;
  auto class_id = [&](const std::string& name) {
    auto [it, fresh] = class_ids.emplace(name, static_cast<uint32_t>(classes_.size()));
    if (fresh) classes_.push_back(name);
    return it->second;
  };
  if (auto p = dir / "claim_predicates.tsv"; present(p)) {
    TsvFile f = TsvFile::read(p, {"class", "pattern"});
    for (const TsvRow& r : f.rows) {
      PredicatePattern pp;
      pp.words = parse_pattern(r.get("pattern"));
      if (pp.words.empty() || r.get("class").empty()) f.fail(r, "empty class or pattern");
      pp.cls = class_id(r.get("class"));
      index_first(pp.words, static_cast<uint32_t>(predicates_.size()), pred_index_);
      predicates_.push_back(std::move(pp));
    }
  }
  if (auto p = dir / "claim_conflicts.tsv"; present(p)) {
    TsvFile f = TsvFile::read(p, {"class", "excludes"});
    for (const TsvRow& r : f.rows) {
      if (r.get("class").empty() || r.get("excludes").empty()) f.fail(r, "empty class");
      conflicts_.emplace_back(class_id(r.get("class")), class_id(r.get("excludes")));
    }
  }
  intern_patterns();
}

void ClaimLexicon::intern_patterns() {
  // the stem prefixes as an open-addressing set (0 = empty: a prefix has no 0 byte)
  std::sort(stem_prefixes_.begin(), stem_prefixes_.end());
  stem_prefixes_.erase(std::unique(stem_prefixes_.begin(), stem_prefixes_.end()), stem_prefixes_.end());
  size_t size = 16;
  while (size < stem_prefixes_.size() * 4) size *= 2;
  prefix_set_.assign(size, 0);
  for (uint32_t c : stem_prefixes_) {
    size_t i = prefix_slot(c);
    while (prefix_set_[i]) i = (i + 1) & (prefix_set_.size() - 1);
    prefix_set_[i] = c;
  }
  std::vector<std::string> id_keys;
  auto intern = [&](const std::string& key) {
    if (const int32_t* found = keys_.find(key)) return *found;
    const int32_t id = static_cast<int32_t>(id_kinds_.size());
    id_kinds_.push_back(0);
    id_cues_.emplace_back();
    id_preds_.emplace_back();
    id_keys.push_back(key);
    keys_.set(key, id);
    return id;
  };
  auto words = [&](std::vector<PatternWord>& ws) {
    for (PatternWord& w : ws) {
      for (const auto& f : w.exact) w.exact_ids.push_back(intern(f));
      for (const auto& f : w.forms) w.form_ids.push_back(intern(f));
      for (const auto& st : w.stems) w.stem_ids.push_back(intern("~" + st));
    }
  };
  for (ClaimCue& c : cues_) words(c.words);
  for (PredicatePattern& p : predicates_) words(p.words);
  for (const auto& [key, bits] : word_kinds_) id_kinds_[intern(key)] |= bits;
  for (const auto& [key, list] : cue_index_) id_cues_[intern(key)] = list;
  for (const auto& [key, list] : pred_index_) id_preds_[intern(key)] = list;
  // the stem id of each key read as a token's norm (most tokens that need a stem are
  // function words the table has: no look-up in the stem cache for them)
  id_stem_.assign(id_kinds_.size(), -1);
  for (size_t id = 0; id < id_keys.size(); ++id)
    if (may_stem(id_keys[id])) id_stem_[id] = key_id("~" + stem(id_keys[id]));
  id_flags_.assign(id_kinds_.size(), 0);
  for (size_t id = 0; id < id_kinds_.size(); ++id)
    id_flags_[id] = static_cast<uint8_t>((id_cues_[id].empty() ? 0 : kHasCues) | (id_preds_[id].empty() ? 0 : kHasPreds));
}

int32_t ClaimLexicon::key_id(std::string_view key) const {
  const int32_t* id = keys_.find(key);
  return id ? *id : -1;
}

// Whether a pattern may need the token's stem: four bytes or more, the first three
// those of a stem, not an agent noun.
bool ClaimLexicon::may_stem(std::string_view norm) const {
  if (norm.size() < 4) return false;
  const uint32_t code = prefix_code(norm);
  if (code == 0) return false;   // (0 marks an empty slot)
  size_t i = prefix_slot(code);
  while (prefix_set_[i] != code) {
    if (!prefix_set_[i]) return false;
    i = (i + 1) & (prefix_set_.size() - 1);
  }
  for (const auto& suf : agent_suffixes_)   // "reporter", "broadcaster": nouns, not forms of the verb
    if (norm.size() > suf.size() + 3 && same_bytes(norm.substr(norm.size() - suf.size()), suf)) return false;
  return true;
}

// The stems of one lexicon on one thread: norm -> id of "~" + its stem (-1 when no
// pattern has that stem). Emptied when it grows past kMaxEntries.
struct ClaimLexicon::StemCache {
  static constexpr size_t kMaxEntries = size_t(1) << 18;
  WordMap<int32_t, false> ids;   // mostly asked for forms it has: no filter
  std::vector<uint32_t> pending;   // prepare(): the tokens that need their stem
};

ClaimLexicon::StemCache& ClaimLexicon::stem_cache() const {
  // a few lexicons live at once (one per language); tests build more
  thread_local std::vector<std::pair<uint64_t, std::unique_ptr<StemCache>>> caches;
  for (auto& [serial, c] : caches)
    if (serial == serial_) return *c;
  if (caches.size() >= 8) caches.erase(caches.begin());
  caches.emplace_back(serial_, std::make_unique<StemCache>());
  return *caches.back().second;
}

int32_t ClaimLexicon::stem_id(StemCache& c, std::string_view norm) const {
  if (const int32_t* id = c.ids.find(norm)) return *id;
  if (c.ids.size() >= StemCache::kMaxEntries) c.ids.clear();
  return c.ids.set(norm, key_id("~" + stem(norm)));
}

void ClaimLexicon::prepare(std::vector<TokenView>& tokens) const {
  StemCache& cache = stem_cache();
  // First the ids of norms and lemmas, noting the tokens that need a stem and asking the
  // memory for their slots in the stem cache (which grows past the CPU cache): the
  // look-ups that follow then wait for the memory once, not once a token.
  std::vector<uint32_t>& pending = cache.pending;
  pending.clear();
  for (size_t i = 0; i < tokens.size(); ++i) {
    TokenView& t = tokens[i];
    t.norm_id = key_id(t.norm);
    t.lemma_id = t.lemma.empty() ? -1 : key_id(t.lemma);
    if (t.norm_id >= 0) {
      t.stem_id = id_stem_[t.norm_id];
    } else if (may_stem(t.norm)) {
      pending.push_back(static_cast<uint32_t>(i));
      cache.ids.prefetch(t.norm);
    } else {
      t.stem_id = -1;
    }
  }
  for (uint32_t i : pending) tokens[i].stem_id = stem_id(cache, tokens[i].norm);
  for (TokenView& t : tokens) {
    const bool own_lemma = !t.lemma.empty() && !same_bytes(t.lemma, t.norm);
    uint32_t k = 0;
    if (t.norm_id >= 0) k |= id_kinds_[t.norm_id];
    if (own_lemma && t.lemma_id >= 0) k |= id_kinds_[t.lemma_id];
    if (t.lemma.empty() && t.stem_id >= 0) k |= id_kinds_[t.stem_id];
    t.kinds = k;
    uint8_t f = 0;
    if (t.norm_id >= 0) f |= id_flags_[t.norm_id];
    if (own_lemma && t.lemma_id >= 0) f |= id_flags_[t.lemma_id];
    if (t.stem_id >= 0) f |= id_flags_[t.stem_id];
    if (own_lemma) f |= kOwnLemma;
    t.flags = f;
  }
}

const std::vector<uint32_t>* ClaimLexicon::candidates(const std::vector<std::vector<uint32_t>>& by_id,
                                                      const TokenView& t, std::vector<uint32_t>& tmp) const {
  const bool own_lemma = t.flags & kOwnLemma;
  const std::vector<uint32_t>* lists[3];
  int n = 0;
  for (int32_t id : {t.norm_id, own_lemma ? t.lemma_id : -1, t.stem_id})
    if (id >= 0 && !by_id[id].empty()) lists[n++] = &by_id[id];
  if (n == 0) return nullptr;
  if (n == 1) return lists[0];
  tmp.clear();
  for (int k = 0; k < n; ++k) tmp.insert(tmp.end(), lists[k]->begin(), lists[k]->end());
  std::sort(tmp.begin(), tmp.end());
  tmp.erase(std::unique(tmp.begin(), tmp.end()), tmp.end());
  return &tmp;
}

bool ClaimLexicon::matches_form(const PatternWord& w, const TokenView& t) {
  const int32_t n = t.norm_id, l = t.lemma_id;
  if (n < 0 && l < 0) return false;
  for (int32_t id : w.exact_ids)
    if (n == id) return true;
  for (int32_t id : w.form_ids)
    if (n == id || l == id) return true;
  return false;
}

bool ClaimLexicon::verb_like(std::string_view norm) const {
  if (verb_endings_.empty()) return true;
  for (const auto& e : verb_endings_)
    if (norm.size() > e.size() && norm.substr(norm.size() - e.size()) == e) return true;
  return false;
}

bool ClaimLexicon::is_infinitive(std::string_view norm) const {
  for (const auto& e : infinitive_endings_)
    if (norm.size() > e.size() + 1 && norm.substr(norm.size() - e.size()) == e) return true;
  return false;
}

bool ClaimLexicon::matches(const PatternWord& w, const TokenView& t) {
  if (matches_form(w, t)) return true;
  const int32_t st = t.stem_id;
  if (st >= 0)
    for (size_t i = 0; i < w.stem_ids.size(); ++i)
      if (st == w.stem_ids[i] && t.norm.size() <= w.stem_max[i]) return true;
  return false;
}

void ClaimLexicon::cues_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
                           std::vector<std::pair<const ClaimCue*, size_t>>& out) const {
  if (!(tokens[i].flags & kHasCues)) return;
  thread_local std::vector<uint32_t> tmp;
  const std::vector<uint32_t>* ids = candidates(id_cues_, tokens[i], tmp);
  if (!ids) return;
  for (uint32_t id : *ids) {
    const ClaimCue& c = cues_[id];
    if (i + c.words.size() > end) continue;
    bool ok = true;
    for (size_t k = 0; ok && k < c.words.size(); ++k) ok = matches(c.words[k], tokens[i + k]);
    if (ok) out.emplace_back(&c, c.words.size());
  }
}

void ClaimLexicon::predicates_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
                                 std::vector<std::pair<uint32_t, size_t>>& out) const {
  if (!(tokens[i].flags & kHasPreds)) return;
  thread_local std::vector<uint32_t> tmp;
  const std::vector<uint32_t>* ids = candidates(id_preds_, tokens[i], tmp);
  if (!ids) return;
  for (uint32_t id : *ids) {
    const PredicatePattern& p = predicates_[id];
    if (i + p.words.size() > end) continue;
    bool ok = true;
    for (size_t k = 0; ok && k < p.words.size(); ++k) ok = matches(p.words[k], tokens[i + k]);
    if (ok) out.emplace_back(p.cls, p.words.size());
  }
}

bool ClaimLexicon::is_gerund(std::string_view norm) const {
  for (const auto& e : gerund_endings_)
    if (norm.size() > e.size() + 2 && norm.substr(norm.size() - e.size()) == e) return true;
  return false;
}

bool ClaimLexicon::conflict(uint32_t a, uint32_t b) const {
  for (auto [x, y] : conflicts_)
    if ((x == a && y == b) || (x == b && y == a)) return true;
  return false;
}

}  // namespace cronaca
