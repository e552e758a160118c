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
#include <cstdlib>
#include <optional>

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
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StrMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// The CAMEO code of the intent to do a cooperative act (root 03), or empty.
std::string intent_code(std::string_view code) {
  static const std::pair<std::string_view, std::string_view> kIntent[] = {
      {"0841", "0353"}, {"081", "0351"}, {"082", "0352"}, {"085", "0354"}, {"086", "0355"}, {"087", "0356"},
      {"061", "0311"},  {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"071", "0331"}, {"072", "0332"},
      {"073", "0333"},  {"074", "0334"}, {"07", "033"},   {"06", "031"},   {"045", "039"}, {"04", "036"},   {"05", "032"},
      {"08", "035"},
  };
  for (const auto& [from, to] : kIntent)
    if (code.substr(0, from.size()) == from) return std::string(to);
  return {};
}

// Lower-cases ASCII letters; data files and token norms are already case-folded
// (norms by the segmenter), so this only guards hand-written capitals.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The part of speech when the analyser gave a reading (features set); an
// unanalysed token's default tag says nothing.
// The part of speech the rules look at. The rules were written and measured on surface cues
// (word lists, endings, articles) while the morphology gave no tags; switching them to the
// Apertium parts of speech made subjects and noun/verb decisions worse (seed events.root
// 0.815 -> 0.400: a plural role noun before the verb became the subject). Until the rules are
// revised against tagged text, they see no part of speech; mode still reads the tags
// (<fti>, <cni>, <pp>). Token::pos is left in the signature for that revision.
std::string_view pos_of(const Token&) { return {}; }

bool ends_with(std::string_view s, std::string_view e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

struct EventStage::Lang {
  explicit Lang(std::string_view code) : patterns(code) {}
  PatternSet patterns;
  StrMap<uint32_t> cues;                 // norm -> Cue bits
  StrMap<std::string> actor_nouns;       // norm or lemma -> agent code ("MIL"), with the knowledge base's
  StrMap<std::string> group_nouns;       // only event_actors.tsv's: these never trigger an event
  std::vector<std::pair<std::string, std::string>> actor_stems;  // (stem, agent) for inflected forms
};

namespace {

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
  std::string actor;
  uint32_t first = 0;  // tokens [first, last]
  uint32_t last = 0;
  bool valid() const { return entity.has_value() || !actor.empty(); }
};

class DocEvents {
 public:
  DocEvents(const EventStage& stage, const EventStage::Lang& lang, const std::unordered_map<std::string, std::string>& demonyms,
            Document& doc)
      : stage_(stage), lang_(lang), pats_(lang.patterns), demonyms_(demonyms), doc_(doc) {}

  void run();

 private:
  uint32_t cue(uint32_t t) const { return cues_[t]; }
  bool has(uint32_t t, uint32_t bits) const { return (cues_[t] & bits) != 0; }
  bool is_word(uint32_t t) const { return doc_.tokens[t].kind == TokenKind::Word; }
  std::string_view norm(uint32_t t) const { return doc_.tokens[t].norm; }
  bool is_punct(uint32_t t, std::string_view p) const {
    return doc_.tokens[t].kind == TokenKind::Punct && doc_.slice(doc_.tokens[t].span) == p;
  }

  void prepare();
  void sentence(uint32_t s);
  void mask_asides(uint32_t b, uint32_t e);
  bool boundary_at(uint32_t t, uint32_t sent_end) const;
  uint32_t clause_start(uint32_t t, uint32_t sb) const;
  uint32_t clause_end(uint32_t t, uint32_t se) const;
  bool nounish(uint32_t t, uint32_t sb) const;
  bool verbish(uint32_t t) const;
  std::optional<uint32_t> match_needs(const Pattern& p, uint32_t t, uint32_t cb, uint32_t ce, std::vector<uint32_t>& used) const;
  bool vetoed(const Pattern& p, uint32_t t, uint32_t ce) const;

  std::optional<Arg> arg_at(uint32_t k) const;
  const std::string* actor_noun(uint32_t k) const;
  bool governed(uint32_t first, uint32_t limit) const;
  std::optional<Arg> subject(uint32_t t, uint32_t cb) const;
  std::optional<Arg> after_cue(uint32_t from, uint32_t ce, uint32_t bits, uint32_t max_gap) const;
  std::optional<Arg> after_prep(const ArgSpec& spec, uint32_t from, uint32_t ce) const;
  std::optional<Arg> object(uint32_t from, uint32_t ce) const;
  std::optional<Arg> possessor(uint32_t t, uint32_t sb) const;
  std::string agent_actor(uint32_t k, const std::string& agent) const;
  bool passive(uint32_t t, uint32_t cb, uint32_t ce) const;
  Mode mode(uint32_t t, uint32_t sb, uint32_t cb, uint32_t ce, bool reported_noun) const;
  std::optional<uint32_t> place_for(uint32_t cb, uint32_t ce, const Event& ev) const;
  int noun_licensed(uint32_t t, uint32_t sb, uint32_t& support) const;

  const EventStage& stage_;
  const EventStage::Lang& lang_;
  const PatternSet& pats_;
  const std::unordered_map<std::string, std::string>& demonyms_;
  Document& doc_;

  std::vector<uint32_t> cues_;
  std::vector<int32_t> ment_entity_;   // entity covering the token, -1 if none
  std::vector<uint32_t> ment_first_;   // first token of that mention
  std::vector<uint32_t> ment_last_;    // last token of that mention
  std::vector<uint8_t> masked_;        // token inside an aside
  std::vector<uint8_t> consumed_;      // token used as a pattern's complement
  std::vector<uint8_t> bnd_;           // token starts a clause (boundary_at, computed per sentence)
  std::string doc_country_;
  std::optional<Arg> last_subject_;
};

void DocEvents::prepare() {
  const size_t n = doc_.tokens.size();
  cues_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Token& t = doc_.tokens[i];
    if (t.kind != TokenKind::Word) continue;
    auto it = lang_.cues.find(t.norm);
    if (it != lang_.cues.end()) cues_[i] = it->second;
    // Elided articles and articulated prepositions ("l'", "dell'", "all'").
    if (cues_[i] == 0 && t.has(kElided)) {
      auto it2 = lang_.cues.find(std::string_view(t.norm).substr(0, t.norm.size() - 1));
      if (it2 != lang_.cues.end()) cues_[i] = it2->second;
    }
  }
  ment_entity_.assign(n, -1);
  ment_first_.assign(n, 0);
  ment_last_.assign(n, 0);
  StrMap<size_t> country_weight;
  for (uint32_t e = 0; e < doc_.entities.size(); ++e) {
    const Entity& ent = doc_.entities[e];
    std::string country = ent.country;
    if (country.empty() && ent.actor.size() >= 3 && ent.actor.compare(0, 3, "IGO") != 0 &&
        ent.actor.compare(0, 3, "NGO") != 0)
      country = ent.actor.substr(0, 3);
    if (!country.empty()) country_weight[country] += ent.mentions.size();
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
  for (const auto& [c, w] : country_weight)
    if (w > best || (w == best && c < doc_country_)) {
      best = w;
      doc_country_ = c;
    }
  masked_.assign(n, 0);
  consumed_.assign(n, 0);
  bnd_.assign(n, 0);
}

void DocEvents::mask_asides(uint32_t b, uint32_t e) {
  // Between spaced dashes: "Tokayev – che da tre giorni guida ... – ha ribadito".
  // Parentheses. Relative asides after a comma: ", che ... ," / ", who ... ,".
  for (uint32_t i = b; i < e; ++i) {
    const Token& t = doc_.tokens[i];
    if (t.kind == TokenKind::Dash && t.has(kSpaceBefore)) {
      for (uint32_t j = i + 1; j < e; ++j) {
        const Token& u = doc_.tokens[j];
        if (u.kind == TokenKind::Dash && u.has(kSpaceBefore)) {
          for (uint32_t k = i; k <= j; ++k) masked_[k] = 1;
          i = j;
          break;
        }
      }
    } else if (is_punct(i, "(")) {
      for (uint32_t j = i + 1; j < e; ++j)
        if (is_punct(j, ")")) {
          for (uint32_t k = i; k <= j; ++k) masked_[k] = 1;
          i = j;
          break;
        }
    } else if (is_punct(i, ",") && i + 1 < e && has(i + 1, kRelative)) {
      uint32_t j = i + 2;
      while (j < e && !is_punct(j, ",") && !is_punct(j, ";")) ++j;
      if (j < e && is_punct(j, ",")) {
        for (uint32_t k = i + 1; k <= j; ++k) masked_[k] = 1;
        i = j;
      }
    }
  }
}

bool DocEvents::verbish(uint32_t t) const {
  const Token& tok = doc_.tokens[t];
  if (pos_of(tok) == "VERB" || pos_of(tok) == "AUX") return true;
  if (has(t, kAux | kPassiveAux | kVerbish | kModal | kFuture)) return true;
  return false;
}

// A clause boundary at token t (the boundary token itself starts the new clause).
bool DocEvents::boundary_at(uint32_t t, uint32_t sent_end) const {
  if (masked_[t]) return false;
  const Token& tok = doc_.tokens[t];
  if (tok.kind == TokenKind::Punct) {
    std::string_view p = doc_.slice(tok.span);
    return p == ";" || p == ":";
  }
  if (tok.kind != TokenKind::Word) return false;
  if (has(t, kBoundary | kRelative)) return true;
  if (has(t, kCoord)) {
    // "e avvertito", "e ha colto", "and warned": a verb follows (adverbs skipped).
    uint32_t k = t + 1;
    while (k < sent_end && has(k, kSkip)) ++k;
    if (k >= sent_end) return false;
    if (verbish(k)) return true;
    std::vector<uint32_t> c;
    pats_.candidates(doc_.tokens[k], c);
    for (uint32_t p : c)
      if (pats_.patterns()[p].kind == PatternKind::Verb && !nounish(k, 0)) return true;
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
  if (pos_of(tok) == "NOUN") return true;
  if (pos_of(tok) == "VERB" || pos_of(tok) == "AUX") return false;
  std::string_view nm = tok.norm;
  if (pats_.lang() == "it") {
    // Infinitives after a preposition are verbs ("per scagliarsi", "di sparare").
    for (std::string_view e : {"are", "ere", "ire", "arsi", "ersi", "irsi"})
      if (ends_with(nm, e)) return false;
  }
  if (t == 0 || t <= sb) {
    // A sentence-initial English plural is a noun ("Protests erupted").
    return pats_.lang() == "en" && ends_with(nm, "s") && !ends_with(nm, "ss");
  }
  if (pats_.lang() == "en" && norm(t - 1) == "to") return false;
  uint32_t p = t - 1;
  while (p > sb && (doc_.tokens[p].kind == TokenKind::Quote || pos_of(doc_.tokens[p]) == "ADJ")) --p;
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
    if (need.before) {
      // Words just before the trigger, in order, within 4 tokens.
      uint32_t from = t >= cb + 4 ? t - 4 : cb;
      uint32_t k = from;
      size_t w = 0;
      for (; k < t && w < need.words.size(); ++k)
        if (pats_.matches(need.words[w], doc_.tokens[k])) {
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
      if (doc_.tokens[k].kind != TokenKind::Word) continue;
      if (pats_.matches(need.words[w], doc_.tokens[k])) {
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
  if (p.unless.empty()) return false;
  uint32_t limit = std::min<uint32_t>(ce, t + 10);
  uint32_t from = t >= 2 ? t - 2 : 0;
  for (uint32_t k = from; k < limit; ++k) {
    if (k == t || doc_.tokens[k].kind != TokenKind::Word) continue;
    for (const WordSpec& w : p.unless)
      if (pats_.matches(w, doc_.tokens[k])) return true;
  }
  return false;
}

std::string DocEvents::agent_actor(uint32_t k, const std::string& agent) const {
  // The country: a demonym next to the noun ("i manifestanti kazaki", "Liberian
  // police"), a country after "di"/"of", else the document's main country.
  const uint32_t n = static_cast<uint32_t>(doc_.tokens.size());
  uint32_t sent = doc_.tokens[k].sentence;
  auto same = [&](uint32_t j) { return j < n && doc_.tokens[j].sentence == sent; };
  for (uint32_t j : {k - 1, k + 1, k - 2, k + 2, k - 3}) {
    if (j >= n || !same(j) || doc_.tokens[j].kind != TokenKind::Word) continue;
    auto it = demonyms_.find(doc_.tokens[j].norm);
    if (it != demonyms_.end()) return it->second + agent;
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
  if (best != UINT32_MAX && best_d <= 8) {
    const Entity& e = doc_.entities[best];
    return (!e.country.empty() ? e.country : e.actor.substr(0, 3)) + agent;
  }
  return doc_country_.empty() ? std::string() : doc_country_ + agent;
}

const std::string* DocEvents::actor_noun(uint32_t k) const {
  const Token& tok = doc_.tokens[k];
  if (tok.kind != TokenKind::Word) return nullptr;
  auto it = lang_.actor_nouns.find(tok.norm);
  if (it == lang_.actor_nouns.end() && !tok.lemma.empty()) it = lang_.actor_nouns.find(tok.lemma);
  if (it != lang_.actor_nouns.end()) return &it->second;
  for (const auto& [stem, ag] : lang_.actor_stems)
    if (pats_.morph().inflects(tok.norm, stem)) return &ag;
  return nullptr;
}

std::optional<Arg> DocEvents::arg_at(uint32_t k) const {
  if (k >= doc_.tokens.size()) return std::nullopt;
  if (ment_entity_[k] >= 0) {
    Arg a;
    a.entity = static_cast<uint32_t>(ment_entity_[k]);
    a.actor = doc_.entities[*a.entity].actor;
    a.first = ment_first_[k];
    a.last = ment_last_[k];
    // An entity without a code ("i manifestanti", "il governo"): the code its
    // head noun implies, with the country of a demonym or of the document.
    for (uint32_t j = a.first; a.actor.empty() && j <= a.last; ++j)
      if (const std::string* ag = actor_noun(j)) a.actor = agent_actor(j, *ag);
    return a;
  }
  const Token& tok = doc_.tokens[k];
  if (tok.kind != TokenKind::Word) return std::nullopt;
  std::string_view pos = pos_of(tok);
  if (pos == "VERB" || pos == "AUX" || pos == "ADJ" || pos == "ADV") return std::nullopt;
  // Italian common nouns come with a determiner or an articulated preposition.
  if (pats_.lang() == "it" && (k == 0 || !has(k - 1, kArt | kPrep | kGen | kAgent))) return std::nullopt;
  const std::string* agent = actor_noun(k);
  if (!agent) return std::nullopt;
  Arg a;
  a.actor = agent_actor(k, *agent);
  if (a.actor.empty()) return std::nullopt;
  a.first = a.last = k;
  return a;
}

// True when the phrase starting at `first` is governed by a preposition (skipping
// articles and adjectives back to `limit`).
bool DocEvents::governed(uint32_t first, uint32_t limit) const {
  uint32_t p = first;
  while (p > limit) {
    --p;
    const Token& t = doc_.tokens[p];
    if (t.kind == TokenKind::Quote) continue;
    if (has(p, kArt) && !has(p, kPrep | kGen)) continue;
    if (pos_of(t) == "ADJ" || pos_of(t) == "NUM" || pos_of(t) == "DET") continue;
    return has(p, kPrep | kGen | kAgent);
  }
  return false;
}

std::optional<Arg> DocEvents::subject(uint32_t t, uint32_t cb) const {
  // The nearest argument on the left that no preposition governs.
  for (uint32_t k = t; k > cb;) {
    --k;
    if (masked_[k]) continue;
    auto a = arg_at(k);
    if (!a) continue;
    k = a->first;
    if (masked_[k]) continue;
    if (governed(a->first, cb)) continue;
    // "Israel and Egypt held talks": the first of coordinated subjects.
    while (a->first >= cb + 2 && has(a->first - 1, kCoord) && !masked_[a->first - 2]) {
      auto b = arg_at(a->first - 2);
      if (!b || governed(b->first, cb)) break;
      a = b;
    }
    return a;
  }
  // A relative clause takes its antecedent: "X, che ha arrestato ...".
  if (cb > 0 && has(cb, kRelative)) {
    uint32_t p = cb - 1;
    if (p > 0 && is_punct(p, ",")) --p;
    if (auto a = arg_at(p)) return a;
  }
  return std::nullopt;
}

std::optional<Arg> DocEvents::after_cue(uint32_t from, uint32_t ce, uint32_t bits, uint32_t max_gap) const {
  for (uint32_t k = from; k < ce && k <= from + max_gap; ++k) {
    if (!has(k, bits)) continue;
    uint32_t m = k + 1;
    while (m < ce && ((has(m, kArt) && !has(m, kPrep)) || doc_.tokens[m].kind == TokenKind::Quote)) ++m;
    if (auto a = arg_at(m)) return a;
    // "da parte di X", "dei servizi": one more step for a two-word preposition.
    if (m + 1 < ce && has(m, kGen | kPrep))
      if (auto a2 = arg_at(m + 1)) return a2;
  }
  return std::nullopt;
}

std::optional<Arg> DocEvents::after_prep(const ArgSpec& spec, uint32_t from, uint32_t ce) const {
  for (uint32_t k = from; k < ce && k < from + 16; ++k) {
    if (masked_[k] || doc_.tokens[k].kind != TokenKind::Word) continue;
    std::string_view nm = norm(k);
    bool hit = false;
    for (const std::string& p : spec.preps)
      if (nm == p || (doc_.tokens[k].has(kElided) && nm.substr(0, nm.size() - 1) == p)) hit = true;
    if (!hit) continue;
    uint32_t m = k + 1;
    while (m < ce && ((has(m, kArt) && !has(m, kPrep)) || doc_.tokens[m].kind == TokenKind::Quote ||
                      pos_of(doc_.tokens[m]) == "ADJ" || pos_of(doc_.tokens[m]) == "DET"))
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
  while (p > sb && (has(p - 1, kArt) || pos_of(doc_.tokens[p - 1]) == "ADJ")) --p;
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
      if (tok.features.find("<pp>") != std::string::npos) return true;
      if (pats_.lang() == "it")
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
    if (pats_.lang() == "it")
      return ends_with(nm, "ato") || ends_with(nm, "ata") || ends_with(nm, "ati") || ends_with(nm, "ate") ||
             ends_with(nm, "uto") || ends_with(nm, "uti") || ends_with(nm, "ito") || ends_with(nm, "iti");
    return ends_with(nm, "ed");
  }
  return false;
}

Mode DocEvents::mode(uint32_t t, uint32_t sb, uint32_t cb, uint32_t ce, bool reported_noun) const {
  const Token& tok = doc_.tokens[t];
  bool neg = false, hyp = false, fut = false, rep = reported_noun, past = false;
  uint32_t near = t >= cb + 4 ? t - 4 : cb;
  for (uint32_t k = near; k < t; ++k) {
    if (masked_[k]) continue;
    if (has(k, kNeg)) neg = true;
    if (ends_with(norm(k), "n't")) neg = true;
    if (has(k, kModal)) hyp = true;
    if (has(k, kFuture)) fut = true;
    if (has(k, kReportAux)) rep = true;
    std::string_view f = doc_.tokens[k].features;
    if (f.find("<fti>") != std::string::npos) fut = true;
    if (f.find("<cni>") != std::string::npos && !has(k, kReportAux)) hyp = true;
  }
  for (uint32_t k = cb; k < t; ++k) {
    if (masked_[k]) continue;
    if (has(k, kHypConj)) hyp = true;
    if (has(k, kReportNoun) && k + 6 >= t) rep = true;
  }
  for (uint32_t k = cb; k < ce; ++k) {
    if (has(k, kFutureTime)) fut = true;
    if (has(k, kPast)) past = true;
  }
  for (uint32_t k = sb; k < ce; ++k)
    if (has(k, kReport)) rep = true;
  if (tok.features.find("<fti>") != std::string::npos) fut = true;
  if (tok.features.find("<cni>") != std::string::npos) rep = true;
  if (pats_.lang() == "it" && tok.features.empty()) {
    std::string_view nm = tok.norm;
    if (ends_with(nm, "erà") || ends_with(nm, "eranno") || ends_with(nm, "irà") || ends_with(nm, "iranno") ||
        ends_with(nm, "arà") || ends_with(nm, "aranno") || ends_with(nm, "erò") || ends_with(nm, "irò"))
      fut = true;
    if (ends_with(nm, "erebbe") || ends_with(nm, "erebbero") || ends_with(nm, "irebbe") || ends_with(nm, "irebbero"))
      rep = true;
  }
  // Inside a quotation: the speaker's words, reported.
  for (const Quote& q : doc_.quotes)
    if (q.span.contains(tok.span) && q.span.size() > 40) rep = true;
  if (neg) return Mode::Negated;
  if (hyp) return Mode::Hypothetical;
  if (fut && !past) return Mode::Future;
  if (rep) return Mode::Reported;
  return Mode::Asserted;
}

std::optional<uint32_t> DocEvents::place_for(uint32_t cb, uint32_t ce, const Event& ev) const {
  for (uint32_t k = cb; k + 1 < ce; ++k) {
    if (!has(k, kPlace)) continue;
    uint32_t m = k + 1;
    while (m < ce && has(m, kArt) && !has(m, kPlace)) ++m;
    if (m >= ce || ment_entity_[m] < 0) continue;
    auto e = static_cast<uint32_t>(ment_entity_[m]);
    const Entity& ent = doc_.entities[e];
    if (ent.type != EntityType::GPE && ent.type != EntityType::LOC) continue;
    if (ev.source == e || ev.target == e) continue;
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
    bool participle = ends_with(un, "ato") || ends_with(un, "ito") || ends_with(un, "uto") || ends_with(un, "ati") ||
                      ends_with(un, "ed") || ends_with(un, "ing");
    bool skip = u.kind == TokenKind::Quote || (has(p - 1, kArt) && !has(p - 1, kPrep | kGen)) || pos_of(u) == "ADJ" ||
                pos_of(u) == "DET" || pos_of(u) == "NUM" ||
                (pos_of(u).empty() && u.kind == TokenKind::Word && !has(p - 1, ~0u) && !(u.flags & kCapitalised) &&
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
  std::vector<uint32_t> c;
  pats_.candidates(u, c);
  for (uint32_t i : c)
    if (pats_.patterns()[i].kind == PatternKind::Support) {
      support = k;
      return 1;
    }
  // An auxiliary or support form may stand two words back ("ha avuto" -> "avuto").
  if (has(k, kBoundary | kCoord | kSkip | kReportNoun) || pos_of(u) == "ADV") return 1;
  if (has(k, kAux | kPassiveAux | kVerbish) || pos_of(u) == "VERB" || pos_of(u) == "AUX") return 0;
  // An unknown word: accept only a capitalised one (a name before a title noun).
  return (u.flags & kCapitalised) ? 1 : 0;
}

void DocEvents::run() {
  if (doc_.tokens.empty()) return;
  prepare();
  for (uint32_t s = 0; s < doc_.sentences.size(); ++s) sentence(s);
  // An article restates its events ("Oggi incontro Putin-Tokayev. ... ha avuto un
  // lungo colloquio con il suo omologo"): one event per code and pair of actors.
  auto same = [](const std::optional<uint32_t>& a, const std::string& aa, const std::optional<uint32_t>& b,
                 const std::string& ba) {
    if (a && b && *a == *b) return true;
    return aa.size() >= 3 && ba.size() >= 3 && aa.compare(0, 3, ba, 0, 3) == 0;
  };
  std::vector<Event> kept;
  for (Event& e : doc_.events) {
    bool dup = false;
    const bool has_args = (e.source || !e.source_actor.empty()) && (e.target || !e.target_actor.empty());
    for (const Event& k : kept) {
      if (!has_args || k.code != e.code) continue;
      bool direct = same(k.source, k.source_actor, e.source, e.source_actor) &&
                    same(k.target, k.target_actor, e.target, e.target_actor);
      bool mutual = e.code < "06" && same(k.source, k.source_actor, e.target, e.target_actor) &&
                    same(k.target, k.target_actor, e.source, e.source_actor);
      if (direct || mutual) dup = true;
    }
    if (!dup) kept.push_back(std::move(e));
  }
  doc_.events = std::move(kept);
}

void DocEvents::sentence(uint32_t s) {
  const Sentence& sent = doc_.sentences[s];
  const uint32_t sb = sent.first_token, se = std::min<uint32_t>(sent.end_token, doc_.tokens.size());
  if (sb >= se) return;
  mask_asides(sb, se);
  for (uint32_t k = sb; k < se; ++k) bnd_[k] = boundary_at(k, se) ? 1 : 0;
  const size_t first_event = doc_.events.size();
  std::vector<uint32_t> cands, used, best_used;
  std::vector<uint8_t> fallback_flags;
  std::vector<uint32_t> triggers;

  for (uint32_t t = sb; t < se; ++t) {
    const Token& tok = doc_.tokens[t];
    if (tok.kind != TokenKind::Word || consumed_[t]) continue;
    if (has(t, kArt | kPrep | kGen | kAux | kPassiveAux | kNeg | kBoundary | kCoord | kRelative)) continue;
    // Capitalised inside a sentence: part of a name or a title ("March", "Strike Force").
    if ((tok.flags & (kCapitalised | kAllCaps)) && !(tok.flags & kSentenceStart)) continue;
    pats_.candidates(tok, cands);
    if (cands.empty()) continue;
    // Group nouns are participants, not events ("i manifestanti", "protesters").
    if (lang_.group_nouns.count(tok.norm)) continue;
    {
      std::string_view pos = pos_of(tok);
      if (!pos.empty() && pos != "VERB" && pos != "AUX" && pos != "NOUN") continue;
    }

    const uint32_t cb = clause_start(t, sb);
    const uint32_t ce = clause_end(t, se);
    bool as_noun = nounish(t, sb);
    bool have_verb = false, have_noun = false;
    for (uint32_t c : cands) {
      PatternKind k = pats_.patterns()[c].kind;
      have_verb |= k == PatternKind::Verb;
      have_noun |= k == PatternKind::Noun;
    }
    // A noun never triggers a verb pattern ("the state" is not "to state"); a
    // verb form may be read as an event noun when no verb pattern has it.
    if (as_noun && !have_noun) continue;
    // Italian forms in -o with no tag: a noun rather than a first person
    // ("Oggi incontro Putin-Tokayev"); participles ("-ato", "-uto", "-so") stay verbs.
    if (!as_noun && pats_.lang() == "it" && pos_of(tok).empty() &&
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
        while (k < ce && doc_.tokens[k].kind == TokenKind::Dash && !doc_.tokens[k].has(kSpaceBefore)) ++k;
        if (k >= ce || !pats_.matches(w, doc_.tokens[k])) {
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
      int score = (p.needs.empty() ? 1 : 3) + (p.tail.empty() ? 0 : 1);
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
      bool gerund = pats_.lang() == "en" ? ends_with(nm, "ing") : (ends_with(nm, "ando") || ends_with(nm, "endo"));
      if (gerund) {
        uint32_t k = t;
        while (k > sb && has(k - 1, kSkip | kNeg)) --k;
        bool progressive = k > sb && has(k - 1, kPassiveAux | kVerbish);
        if (!progressive) continue;
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
        if (k > best_end && (bnd_[k] || doc_.tokens[k].kind == TokenKind::Punct)) break;
        consumed_[k] = 1;
      }

    Event ev;
    ev.code = p.code;
    ev.plover = std::string(stage_.cameo().plover(p.code));
    ev.trigger = tok.span;
    ev.rule = p.lang + ":" + p.id;
    const bool is_passive = p.kind == PatternKind::Verb && passive(t, cb, ce);
    if (is_passive) ev.rule += "#passive";

    // Arguments.
    std::optional<Arg> subj;
    bool subj_searched = false;
    auto get_subject = [&]() -> std::optional<Arg> {
      if (!subj_searched) {
        subj_searched = true;
        uint32_t from = support != UINT32_MAX ? support : t;
        subj = subject(from, cb);
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
                     (has(k, kCoord | kArt) || doc_.tokens[k].kind == TokenKind::Dash || is_punct(k, "-")))
                ++k;
              if (k > first->last + 1)
                if (auto x = arg_at(k); x && (x->entity != first->entity || x->actor != first->actor)) second = x;
            }
            if (!second) first.reset();
            r = a.kind == K::Pair1 ? first : (first && second ? second : std::nullopt);
            break;
          }
          case K::None: return std::nullopt;
        }
        if (r && avoid && r->entity && r->entity == avoid->entity) r.reset();
        if (r) return r;
      }
      return std::nullopt;
    };

    std::optional<Arg> src, tgt;
    if (is_passive) {
      // The passive: the subject suffers, the agent acts ("è stato arrestato da").
      tgt = get_subject();
      src = after_cue(t + 1, ce, kAgent, 3);
    } else {
      src = resolve(p.source, std::nullopt);
      tgt = resolve(p.target, src);
    }
    // A nominal event with no participant states nothing about anyone ("la
    // riunione del condominio"), except for collective violence and protest.
    if (p.kind == PatternKind::Noun && !src && !tgt) {
      int root = std::atoi(p.code.substr(0, 2).c_str());
      if (root < 14 || root == 16) continue;
    }
    if (src) {
      ev.source = src->entity;
      ev.source_actor = src->actor;
    }
    if (tgt) {
      ev.target = tgt->entity;
      ev.target_actor = tgt->actor;
    }

    ev.mode = mode(support != UINT32_MAX ? support : t, sb, cb, ce, licensed == 2);
    // A cooperative act announced for the future is an intent to cooperate
    // (CAMEO 03): "will provide aid" is 033, "will release" 0353, "will meet" 036.
    if (ev.mode == Mode::Future) {
      if (std::string intent = intent_code(ev.code); !intent.empty()) {
        ev.code = intent;
        ev.plover = std::string(stage_.cameo().plover(intent));
        ev.rule += "#intent";
        ev.mode = Mode::Asserted;
      }
    }
    ev.date = clause_date(doc_, Span{doc_.tokens[cb].span.begin, doc_.tokens[std::max(cb, ce - 1)].span.end});
    ev.place = place_for(cb, ce, ev);
    uint32_t eb = cb, ee = std::max(ce, std::min(se, best_end + 1)) - 1;
    if (src) eb = std::min(eb, src->first), ee = std::max(ee, src->last);
    if (tgt) eb = std::min(eb, tgt->first), ee = std::max(ee, tgt->last);
    eb = std::max(eb, sb);
    ee = std::min(ee, se - 1);
    ev.evidence = Span{doc_.tokens[eb].span.begin, doc_.tokens[ee].span.end};

    bool dup = false;
    for (size_t i = first_event; i < doc_.events.size(); ++i)
      if (doc_.events[i].code == ev.code && doc_.events[i].source == ev.source &&
          doc_.events[i].source_actor == ev.source_actor && doc_.events[i].target == ev.target &&
          doc_.events[i].evidence.overlaps(ev.evidence))
        dup = true;
    if (dup) continue;
    doc_.events.push_back(std::move(ev));
    fallback_flags.push_back(p.fallback ? 1 : 0);
    triggers.push_back(t);
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
  // Plain statements ("ha detto", "said") stand only when nothing more specific
  // is stated in their clause or in what they introduce.
  std::vector<Event> kept;
  const size_t n = doc_.events.size() - first_event;
  for (size_t i = 0; i < n; ++i) {
    bool drop = false;
    if (fallback_flags[i]) {
      const Event& e = doc_.events[first_event + i];
      for (size_t j = 0; j < n && !drop; ++j) {
        if (j == i || fallback_flags[j]) continue;
        const Event& o = doc_.events[first_event + j];
        if (triggers[j] > triggers[i] || e.evidence.contains(o.trigger)) drop = true;
      }
    }
    if (!drop) kept.push_back(std::move(doc_.events[first_event + i]));
  }
  doc_.events.resize(first_event);
  for (Event& e : kept) doc_.events.push_back(std::move(e));
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
