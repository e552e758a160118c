// Loading and matching of the claim cue files. Approach: every pattern is indexed
// by the keys of its first word (forms, and "~stem" for stems), so finding the cues
// at a token costs a few hash look-ups; the rest of the pattern is checked word by
// word. Tests: tests/unit/claims_test.cc (cases in tests/cases/claims/).
#include "claims/claim_lexicon.h"

#include <libstemmer.h>

#include <algorithm>
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
  for (const auto& pw : words)
    for (const auto& s : pw.stems) stem_prefixes_[s.substr(0, 3)] = true;
}

ClaimLexicon::ClaimLexicon(const std::filesystem::path& dir, std::string_view snowball_language)
    : snowball_(snowball_language) {
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
        stem_prefixes_[s.substr(0, 3)] = true;
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
}

void ClaimLexicon::stem_tokens(std::vector<TokenView>& tokens) const {
  for (TokenView& t : tokens) {
    if (t.norm.size() < 4) continue;
    if (!stem_prefixes_.count(std::string(t.norm.substr(0, 3)))) continue;
    bool agent = false;   // "reporter", "broadcaster": nouns, not forms of the verb
    for (const auto& suf : agent_suffixes_)
      if (t.norm.size() > suf.size() + 3 && t.norm.compare(t.norm.size() - suf.size(), suf.size(), suf) == 0) agent = true;
    if (agent) continue;
    t.stem = stem(t.norm);
  }
}

bool ClaimLexicon::matches_form(const PatternWord& w, const TokenView& t) {
  for (const auto& f : w.exact)
    if (t.norm == f) return true;
  for (const auto& f : w.forms)
    if (t.norm == f || t.lemma == f) return true;
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
  for (const auto& f : w.exact)
    if (t.norm == f) return true;
  for (const auto& f : w.forms)
    if (t.norm == f || t.lemma == f) return true;
  if (!t.stem.empty())
    for (size_t i = 0; i < w.stems.size(); ++i)
      if (t.stem == w.stems[i] && t.norm.size() <= w.stem_max[i]) return true;
  return false;
}

void ClaimLexicon::lookup(const std::unordered_map<std::string, std::vector<uint32_t>>& index,
                          const TokenView& t, std::vector<uint32_t>& out) const {
  out.clear();
  auto add = [&](const std::string& key) {
    auto it = index.find(key);
    if (it == index.end()) return;
    for (uint32_t id : it->second)
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  add(std::string(t.norm));
  if (!t.lemma.empty() && t.lemma != t.norm) add(std::string(t.lemma));
  if (!t.stem.empty()) add("~" + t.stem);
  std::sort(out.begin(), out.end());
}

void ClaimLexicon::cues_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
                           std::vector<std::pair<const ClaimCue*, size_t>>& out) const {
  thread_local std::vector<uint32_t> ids;
  lookup(cue_index_, tokens[i], ids);
  for (uint32_t id : ids) {
    const ClaimCue& c = cues_[id];
    if (i + c.words.size() > end) continue;
    bool ok = true;
    for (size_t k = 0; ok && k < c.words.size(); ++k) ok = matches(c.words[k], tokens[i + k]);
    if (ok) out.emplace_back(&c, c.words.size());
  }
}

void ClaimLexicon::predicates_at(const std::vector<TokenView>& tokens, size_t i, size_t end,
                                 std::vector<std::pair<uint32_t, size_t>>& out) const {
  thread_local std::vector<uint32_t> ids;
  lookup(pred_index_, tokens[i], ids);
  for (uint32_t id : ids) {
    const PredicatePattern& p = predicates_[id];
    if (i + p.words.size() > end) continue;
    bool ok = true;
    for (size_t k = 0; ok && k < p.words.size(); ++k) ok = matches(p.words[k], tokens[i + k]);
    if (ok) out.emplace_back(p.cls, p.words.size());
  }
}

uint32_t ClaimLexicon::word_kinds(const TokenView& t) const {
  uint32_t k = 0;
  auto add = [&](const std::string& key) {
    auto it = word_kinds_.find(key);
    if (it != word_kinds_.end()) k |= it->second;
  };
  add(std::string(t.norm));
  if (!t.lemma.empty() && t.lemma != t.norm) add(std::string(t.lemma));
  if (!t.stem.empty() && t.lemma.empty()) add("~" + t.stem);
  return k;
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
