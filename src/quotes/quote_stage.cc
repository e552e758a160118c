// Quotations and their speakers: the approach.
//
// Marks first (quote_marks.cc), then one pass over the quotations in text
// order, each looking for its attribution in a few token windows around it:
//   after   the tokens right after the closing mark, up to the next mark or
//           the end of the clause: "…”, ha aggiunto Stoltenberg", "…,” he said";
//   before  the tokens of its sentence before the opening mark (from the
//           previous quotation when there is one): "Tokayev ha ribadito che “…”",
//           "secondo X, «…»", "X: «…»"; when the quotation opens its sentence
//           after a colon, the sentence that ends with the colon;
//   carry   the previous quotation of the same paragraph (or the paragraph
//           before, for a quotation continued over paragraphs), when no cue
//           stands between them;
//   subject a quotation of several words inside a sentence with no cue belongs
//           to the sentence's subject (Italian journalism quotes partial phrases).
// The words naming the speaker are a noun phrase found next to the cue by
// skipping auxiliaries and adverbs and stopping at punctuation, conjunctions
// and verbs; references (pronouns, roles, "la stessa fonte") are resolved
// to earlier speakers and subjects. No regular expressions: hash lookups on
// token norms and lemmas, linear in the number of tokens.
//
// Covered by tests/unit/quotes_test.cc and tests/cases/quotes/*.txt.
#include "quotes/quote_stage.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "quotes/quote_lexicon.h"
#include "quotes/quote_marks.h"
#include "util/utf8.h"

namespace cronaca {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

struct Candidate {
  QuotedSpan q;
  uint32_t open_tok = 0;   // first token at or after the opening mark
  uint32_t body_tok = 0;   // first token of the quoted words
  uint32_t end_tok = 0;    // one past the last token of the quoted words
  uint32_t after_tok = 0;  // first token after the closing mark
  uint32_t sentence = 0;   // sentence of the opening mark
  uint32_t paragraph = 0;
  uint32_t words = 0;      // word tokens inside
  bool keep = true;
  bool cued = false;       // a cue of its own attributes it
  bool partial = false;    // dropped as a phrase inside the writer's sentence
  Span aside;              // an attribution inside the marks ("«… - racconta Ciara - …»"); empty if none
  std::optional<uint32_t> speaker;
  Span cue;
  std::string rule;
};

class Run {
 public:
  Run(Document& doc, const QuoteLexicon& lex) : doc_(doc), lex_(lex) {}

  void go() {
    if (doc_.tokens.empty()) return;
    find_candidates();
    mark_inside();
    for (size_t k = 0; k < cands_.size(); ++k) attribute(k);
    for (const Candidate& c : cands_) {
      if (!c.keep) continue;
      Quote q;
      q.span = c.q.inner;
      q.speaker = c.speaker;
      q.cue = c.cue;
      q.rule = c.rule;
      if (!c.aside.empty()) {
        // The attribution is not quoted: one quotation each side of it.
        Quote second = q;
        q.span.end = c.aside.begin;
        second.span.begin = c.aside.end;
        trim_span(q.span);
        trim_span(second.span);
        if (!q.span.empty()) doc_.quotes.push_back(std::move(q));
        if (!second.span.empty()) doc_.quotes.push_back(std::move(second));
        continue;
      }
      doc_.quotes.push_back(std::move(q));
    }
  }

 private:
  Document& doc_;
  const QuoteLexicon& lex_;
  std::vector<Candidate> cands_;
  std::vector<uint32_t> paragraph_starts_;  // byte offsets where paragraphs begin
  std::vector<int32_t> inside_;             // token -> candidate index covering it, or -1
  // Norms of the words written capitalised inside a sentence (built on first use).
  mutable std::unordered_set<std::string> mid_capitalised_;
  mutable bool mid_capitalised_built_ = false;
  // Gender learnt from pronouns already linked (1 masculine, 2 feminine).
  std::vector<uint8_t> gender_;

  // Trims white space and the punctuation an aside leaves at a cut ("," "-").
  void trim_span(Span& s) const {
    auto edge = [](char ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == ',' || ch == '-'; };
    while (s.begin < s.end && edge(doc_.text[s.begin])) ++s.begin;
    while (s.end > s.begin && edge(doc_.text[s.end - 1])) --s.end;
  }

  // ------------------------------------------------------------ tokens

  const Token& tok(uint32_t i) const { return doc_.tokens[i]; }
  uint32_t ntok() const { return static_cast<uint32_t>(doc_.tokens.size()); }
  bool is_word(uint32_t i) const { return tok(i).kind == TokenKind::Word || tok(i).kind == TokenKind::Number; }
  uint32_t cls(uint32_t i) const { return tok(i).kind == TokenKind::Word ? lex_.word_class(tok(i).norm) : 0; }
  bool cap(uint32_t i) const { return tok(i).has(kCapitalised); }
  bool punct_is(uint32_t i, std::string_view chars) const {
    if (tok(i).kind != TokenKind::Punct) return false;
    std::string_view s = doc_.slice(tok(i).span);
    return s.size() == 1 && chars.find(s[0]) != std::string_view::npos;
  }
  bool is_dash(uint32_t i) const { return tok(i).kind == TokenKind::Dash; }
  bool is_quote_tok(uint32_t i) const { return tok(i).kind == TokenKind::Quote; }
  bool is_verb(uint32_t i) const { return tok(i).pos == "VERB" || tok(i).pos == "AUX"; }
  bool is_noun(uint32_t i) const { return tok(i).pos == "NOUN"; }

  // First token whose span begins at or after byte `pos`.
  uint32_t first_at_or_after(uint32_t pos) const {
    auto it = std::lower_bound(doc_.tokens.begin(), doc_.tokens.end(), pos,
                               [](const Token& t, uint32_t p) { return t.span.begin < p; });
    return static_cast<uint32_t>(it - doc_.tokens.begin());
  }
  // One past the last token whose span ends at or before byte `pos`.
  uint32_t end_before(uint32_t pos) const {
    auto it = std::upper_bound(doc_.tokens.begin(), doc_.tokens.end(), pos,
                               [](uint32_t p, const Token& t) { return p < t.span.end; });
    return static_cast<uint32_t>(it - doc_.tokens.begin());
  }
  uint32_t sentence_first(uint32_t s) const { return s < doc_.sentences.size() ? doc_.sentences[s].first_token : 0; }
  uint32_t paragraph_of(uint32_t pos) const {
    auto it = std::upper_bound(paragraph_starts_.begin(), paragraph_starts_.end(), pos);
    return static_cast<uint32_t>(it - paragraph_starts_.begin());
  }

  // The cue starting at token i: its kinds and its length in tokens.
  std::pair<uint8_t, uint32_t> cue_at(uint32_t i) const {
    const Token& t = tok(i);
    if (t.kind != TokenKind::Word) return {0, 0};
    // A capitalised word inside a sentence is a name ("Washington Post"),
    // unless an article makes it a noun ("un Tweet").
    if (cap(i) && !t.has(kSentenceStart) && !(i > 0 && (cls(i - 1) & kWDet))) return {0, 0};
    const std::string* keys[2] = {&t.lemma, &t.norm};
    for (const std::string* key : keys) {
      if (key->empty()) continue;
      const auto* m = lex_.multi_cues.find(*key);
      if (!m) continue;
      for (const auto& mc : *m) {
        uint32_t n = static_cast<uint32_t>(mc.words.size());
        if (i + n >= ntok()) continue;
        bool ok = true;
        for (uint32_t j = 0; j < n && ok; ++j) {
          const Token& u = tok(i + 1 + j);
          ok = u.lemma == mc.words[j] || u.norm == mc.words[j];
        }
        if (ok) return {mc.kinds, n + 1};
      }
    }
    uint8_t kinds = 0;
    for (const std::string* key : keys) {
      if (key->empty()) continue;
      if (const uint8_t* c = lex_.cues.find(*key)) kinds |= *c;
    }
    if (!kinds) return {0, 0};
    // After an article a cue is a noun ("il secondo", "the report", "un tweet").
    if (i > 0 && (cls(i - 1) & (kWDet | kWPoss))) kinds &= static_cast<uint8_t>(kCueNoun);
    // Between a noun and a verb reading, the part of speech decides when
    // morphology gives one.
    if ((kinds & kCueNoun) && (kinds & kCueVerb)) {
      if (is_noun(i)) kinds &= static_cast<uint8_t>(~kCueVerb);
      else if (is_verb(i)) kinds &= static_cast<uint8_t>(~kCueNoun);
    }
    if (!kinds) return {0, 0};
    return {kinds, 1};
  }

  // ------------------------------------------------------------ candidates

  void find_candidates() {
    paragraph_starts_.push_back(0);
    for (size_t p = doc_.text.find('\n'); p != std::string::npos; p = doc_.text.find('\n', p + 1))
      paragraph_starts_.push_back(static_cast<uint32_t>(p + 1));
    for (const QuotedSpan& q : find_quoted_spans(doc_.text)) {
      Candidate c;
      c.q = q;
      c.open_tok = first_at_or_after(q.open.begin);
      c.body_tok = first_at_or_after(q.inner.begin);
      c.end_tok = end_before(q.inner.end);
      c.after_tok = q.close.empty() ? c.end_tok : first_at_or_after(q.close.end);
      if (c.body_tok >= ntok() || c.end_tok <= c.body_tok) continue;
      c.sentence = doc_.sentence_at(q.open.begin);
      c.paragraph = paragraph_of(q.open.begin);
      for (uint32_t i = c.body_tok; i < c.end_tok; ++i) c.words += is_word(i) ? 1 : 0;
      if (q.depth > 0 || c.words == 0) c.keep = false;
      cands_.push_back(std::move(c));
    }
  }

  void mark_inside() {
    inside_.assign(ntok(), -1);
    for (size_t k = 0; k < cands_.size(); ++k) {
      const Candidate& c = cands_[k];
      if (c.q.depth > 0) continue;
      uint32_t e = c.q.close.empty() ? c.end_tok : c.after_tok;
      for (uint32_t i = c.open_tok; i < e && i < ntok(); ++i) inside_[i] = static_cast<int32_t>(k);
    }
  }

  bool inside(uint32_t i) const { return inside_[i] >= 0; }

  // ------------------------------------------------------------ phrases

  // The noun phrase that ends just before token `end` (after skipping
  // auxiliaries, adverbs and clitics), not reaching before `lo`.
  std::pair<uint32_t, uint32_t> phrase_before(uint32_t end, uint32_t lo) const {
    uint32_t e = end;
    while (e > lo && is_word(e - 1) && (cls(e - 1) & (kWAux | kWAdverb | kWClitic)) && !cap(e - 1)) --e;
    // An aside between dashes or brackets: "Tokayev – che … – ha ribadito".
    if (e > lo && (is_dash(e - 1) || punct_is(e - 1, ")"))) {
      bool dash = is_dash(e - 1);
      uint32_t j = e - 1;
      while (j > lo) {
        --j;
        if (dash ? is_dash(j) : punct_is(j, "(")) break;
      }
      if (j > lo || (j == lo && (dash ? is_dash(j) : punct_is(j, "(")))) e = j;
      while (e > lo && is_word(e - 1) && (cls(e - 1) & (kWAux | kWAdverb | kWClitic)) && !cap(e - 1)) --e;
    }
    uint32_t b = e;
    int depth = 0;
    while (b > lo && e - b < 10) {
      uint32_t i = b - 1;
      if (inside(i)) break;
      if (punct_is(i, ")")) { ++depth; --b; continue; }
      if (punct_is(i, "(")) { if (depth == 0) break; --depth; --b; continue; }
      if (depth > 0) { --b; continue; }
      if (!is_word(i)) break;
      uint32_t c = cls(i);
      if (c & (kWConj | kWRelative)) break;
      if (is_verb(i) && !cap(i) && !(c & (kWPronoun | kWPron1)) && !(i > lo && (cls(i - 1) & (kWDet | kWPoss))))
        break;
      if (cue_at(i).first & kCueVerb) break;
      --b;
    }
    // A phrase opening with a preposition is no subject, but a name may
    // follow it: "In a Bloomberg interview Trump declared".
    if (b < e && (cls(b) & kWPrep) && !(cap(b) && !tok(b).has(kSentenceStart))) {
      uint32_t r = e;
      while (r > b && cap(r - 1) && !(cls(r - 1) & (kWPrep | kWDet))) --r;
      return {r, e};
    }
    return {b, e};
  }

  // The noun phrase that starts at token `b`, ending at punctuation, a
  // conjunction or a verb, before `hi`.
  std::pair<uint32_t, uint32_t> phrase_after(uint32_t b, uint32_t hi) const {
    if (b < hi && is_word(b) && (cls(b) & kWPrep) && !cap(b)) return {b, b};
    uint32_t e = b;
    int depth = 0;
    while (e < hi && e - b < 8) {
      if (inside(e)) break;
      if (punct_is(e, "(")) { ++depth; ++e; continue; }
      if (punct_is(e, ")")) { if (depth == 0) break; --depth; ++e; continue; }
      if (depth > 0) { ++e; continue; }
      if (!is_word(e)) break;
      uint32_t c = cls(e);
      if (c & (kWConj | kWRelative)) break;
      if (e > b && (c & kWPrep) && !cap(e)) break;
      if (e > b && is_verb(e) && !cap(e) && !(cls(e - 1) & (kWDet | kWPoss))) break;
      ++e;
    }
    return {b, e};
  }

  Span span_of(uint32_t b, uint32_t e) const { return {tok(b).span.begin, tok(e - 1).span.end}; }

  // ------------------------------------------------------------ entities

  // The entity with a name mention overlapping the words [b, e), preferring
  // the last one (the head of "il segretario generale della Nato, Jens
  // Stoltenberg") that no preposition governs.
  std::optional<uint32_t> entity_in(uint32_t b, uint32_t e) const {
    Span s = span_of(b, e);
    std::optional<uint32_t> best;
    uint32_t best_pos = 0;
    bool best_free = false;
    for (uint32_t x = 0; x < doc_.entities.size(); ++x) {
      for (const Mention& m : doc_.entities[x].mentions) {
        if (!m.span.overlaps(s)) continue;
        uint32_t t = first_at_or_after(m.span.begin);
        bool governed = t > b && t - 1 < ntok() && (cls(t - 1) & kWPrep) && !cap(t - 1);
        // A lower-case mention is a demonym or a nominal ("kazako"), not the speaker.
        bool lower = t < ntok() && !cap(t) && m.kind == MentionKind::Name;
        if (lower) continue;
        bool free = !governed;
        if (!best || (free && !best_free) || (free == best_free && m.span.begin > best_pos)) {
          best = x;
          best_pos = m.span.begin;
          best_free = free;
        }
      }
    }
    return best;
  }

  void add_mention(uint32_t entity, Span span, MentionKind kind) {
    auto& ms = doc_.entities[entity].mentions;
    for (const Mention& m : ms)
      if (m.span.overlaps(span)) return;
    Mention m;
    m.span = span;
    m.kind = kind;
    m.rule = "quotes";
    ms.insert(std::upper_bound(ms.begin(), ms.end(), m,
                               [](const Mention& a, const Mention& b) { return a.span < b.span; }),
              std::move(m));
  }

  uint32_t new_entity(std::string name, EntityType type, Span span, MentionKind kind) {
    Entity e;
    e.name = std::move(name);
    e.type = type;
    Mention m;
    m.span = span;
    m.kind = kind;
    m.rule = "quotes";
    e.mentions.push_back(std::move(m));
    doc_.entities.push_back(std::move(e));
    return static_cast<uint32_t>(doc_.entities.size() - 1);
  }

  // The first entity named as a subject in tokens [b, e): capitalised, not
  // governed by a preposition, outside quotations.
  std::optional<uint32_t> subject_in(uint32_t b, uint32_t e, bool person_only) const {
    if (b >= e) return std::nullopt;
    Span s = span_of(b, e);
    std::optional<uint32_t> best;
    uint32_t best_pos = UINT32_MAX;
    for (uint32_t x = 0; x < doc_.entities.size(); ++x) {
      const Entity& en = doc_.entities[x];
      if (person_only && en.type != EntityType::PER) continue;
      if (!person_only && en.type == EntityType::LOC) continue;
      for (const Mention& m : en.mentions) {
        if (!s.contains(m.span) || m.span.begin >= best_pos) continue;
        uint32_t t = first_at_or_after(m.span.begin);
        if (t >= ntok() || inside(t)) continue;
        if (m.kind == MentionKind::Name && !cap(t)) continue;
        if (t > b && (cls(t - 1) & kWPrep) && !cap(t - 1)) continue;
        best = x;
        best_pos = m.span.begin;
      }
    }
    return best;
  }

  // A capitalised word that is a name: inside a sentence, or at its start
  // when the dictionary does not know it, morphology calls it a proper noun,
  // a capitalised word follows, or the text writes it capitalised elsewhere.
  bool name_like(uint32_t i) const {
    const Token& t = tok(i);
    // A heading in capitals ("IL FURTO"), not an acronym.
    if (t.has(kAllCaps) && t.known && utf8_length(t.norm) > 3) return false;
    if (!t.has(kSentenceStart) || !t.known || t.pos == "PROPN") return true;
    if (i + 1 < ntok() && cap(i + 1) && is_word(i + 1)) return true;
    if (!mid_capitalised_built_) {
      for (uint32_t j = 0; j < ntok(); ++j)
        if (cap(j) && !tok(j).has(kSentenceStart) && is_word(j)) mid_capitalised_.insert(tok(j).norm);
      mid_capitalised_built_ = true;
    }
    return mid_capitalised_.count(t.norm) > 0;
  }

  // The subject of tokens [b, e): an entity named there, else the first
  // capitalised name that no preposition governs (a new entity).
  std::optional<uint32_t> named_subject(size_t k, uint32_t b, uint32_t e) {
    if (auto x = subject_in(b, e, false)) return x;
    for (uint32_t i = b; i < e; ++i) {
      if (inside(i) || !is_word(i) || !cap(i)) continue;
      if (cls(i) & (kWDet | kWPoss | kWPrep | kWConj | kWPronoun | kWPron1 | kWAux | kWAdverb | kWRelative)) continue;
      if (!name_like(i)) continue;
      if (i > b && (cls(i - 1) & kWPrep) && !cap(i - 1)) {
        while (i + 1 < e && cap(i + 1) && is_word(i + 1)) ++i;  // the whole governed name
        continue;
      }
      if (cue_at(i).first) continue;
      uint32_t j = i;
      while (j < e && is_word(j) && cap(j) && !inside(j)) ++j;
      return speaker_of(k, i, j);
    }
    return std::nullopt;
  }

  // The speaker of the latest attributed quotation before candidate k, if it
  // lies within `sentences` sentences.
  std::optional<uint32_t> last_speaker(size_t k, uint32_t sentences) const {
    for (size_t j = k; j-- > 0;) {
      const Candidate& p = cands_[j];
      if (!p.keep || !p.speaker) continue;
      if (cands_[k].sentence > p.sentence + sentences) return std::nullopt;
      return p.speaker;
    }
    return std::nullopt;
  }

  // A pronoun at token t: the last compatible speaker, else the subject of
  // this or one of the three sentences before.
  std::optional<uint32_t> resolve_pronoun(size_t k, uint32_t t) {
    uint32_t c = cls(t);
    uint8_t want_gender = (c & kWPronM) ? 1 : (c & kWPronF) ? 2 : 0;
    bool person = (c & (kWPronM | kWPronF)) != 0;
    auto compatible = [&](uint32_t x) {
      const Entity& e = doc_.entities[x];
      if (person && e.type != EntityType::PER) return false;
      if ((c & kWPronIt) && e.type == EntityType::PER) return false;
      if (want_gender && x < gender_.size() && gender_[x] && gender_[x] != want_gender) return false;
      return true;
    };
    if (auto s = last_speaker(k, 3); s && compatible(*s)) return s;
    uint32_t sent = tok(t).sentence;
    for (uint32_t back = 0; back <= 3 && back <= sent; ++back) {
      uint32_t sn = sent - back;
      uint32_t b = doc_.sentences[sn].first_token;
      uint32_t e = back == 0 ? t : doc_.sentences[sn].end_token;
      // The first compatible named subject of that sentence.
      Span s = b < e ? span_of(b, e) : Span{};
      std::optional<uint32_t> best;
      uint32_t best_pos = UINT32_MAX;
      for (uint32_t x = 0; x < doc_.entities.size(); ++x) {
        if (!compatible(x)) continue;
        for (const Mention& m : doc_.entities[x].mentions) {
          if (!s.contains(m.span) || m.span.begin >= best_pos || m.kind != MentionKind::Name) continue;
          uint32_t mt = first_at_or_after(m.span.begin);
          if (mt < ntok() && inside(mt)) continue;
          best = x;
          best_pos = m.span.begin;
        }
      }
      if (best) return best;
    }
    if (c & kWPronIt) return std::nullopt;
    // No entity yet: the first name that is a subject in this or the sentences before.
    for (uint32_t back = 0; back <= 4 && back <= sent; ++back) {
      uint32_t sn = sent - back;
      uint32_t b = doc_.sentences[sn].first_token;
      uint32_t e = back == 0 ? t : doc_.sentences[sn].end_token;
      if (auto x = named_subject(k, b, e); x && compatible(*x)) return x;
    }
    return std::nullopt;
  }

  EntityType guess_type(uint32_t b, uint32_t e) const {
    for (uint32_t i = b; i < e; ++i)
      if (cls(i) & kWOrg) return EntityType::ORG;
    if (e - b == 1 && tok(b).has(kAllCaps)) return EntityType::ORG;
    return EntityType::PER;
  }

  // The entity for the speaker's words [b, e) near candidate k; adds the
  // pronoun or nominal mention, or a new entity, as needed.
  std::optional<uint32_t> speaker_of(size_t k, uint32_t b, uint32_t e) {
    // Drop leading conjunctions and trailing punctuation.
    while (b < e && !is_word(b)) ++b;
    while (e > b && !is_word(e - 1) && !punct_is(e - 1, ")")) --e;
    if (b >= e) return std::nullopt;
    // A pronoun.
    for (uint32_t i = b; i < e; ++i) {
      uint32_t c = cls(i);
      if (e - b > 2 || (cap(i) && !tok(i).has(kSentenceStart))) break;
      if (c & kWPron1) return last_speaker(k, 4);
      if ((c & kWPronoun) && !(c & kWPoss && i + 1 < e)) {
        auto x = resolve_pronoun(k, i);
        if (x) {
          add_mention(*x, tok(i).span, MentionKind::Pronoun);
          if (gender_.size() < doc_.entities.size()) gender_.resize(doc_.entities.size(), 0);
          if (!gender_[*x]) gender_[*x] = (c & kWPronM) ? 1 : (c & kWPronF) ? 2 : 0;
        }
        return x;
      }
    }
    // "la stessa fonte", "the same source": the previous speaker.
    for (uint32_t i = b; i < e; ++i) {
      if (!(cls(i) & kWSame)) continue;
      bool named = false;  // "lo stesso Alessandro" names him
      for (uint32_t j = i + 1; j < e; ++j) named = named || cap(j);
      if (!named) return last_speaker(k, 6);
      b = i + 1;
      break;
    }
    // A statement noun with its author: "una nota diffusa da Mosca", "un tweet del suo portavoce".
    for (uint32_t i = b; i < e; ++i) {
      if (!(cue_at(i).first & kCueNoun)) continue;
      for (uint32_t j = i + 1; j < e; ++j) {
        if ((cls(j) & kWPrep) && !cap(j)) {
          auto [pb, pe] = phrase_after(j + 1, e);
          if (pe > pb) return speaker_of(k, pb, pe);
        }
      }
      return std::nullopt;
    }
    // Named in the text: the entity holding those words.
    // Strip a bracketed tail ("Rep. Gwen Moore (D-Wis.)").
    uint32_t head_end = e;
    for (uint32_t i = b; i < e; ++i)
      if (punct_is(i, "(")) { head_end = i; break; }
    if (head_end <= b) return std::nullopt;
    bool nominal_head = !cap(head_end - 1) && tok(head_end - 1).kind == TokenKind::Word;
    if (!nominal_head) {
      if (auto x = entity_in(b, head_end)) return x;
    }
    // The capitalised run at the end of the phrase: a name with no entity yet.
    uint32_t rb = head_end;
    while (rb > b && (cap(rb - 1) || (tok(rb - 1).kind == TokenKind::Word && (cls(rb - 1) & kWPrep) && rb - 1 > b &&
                                      cap(rb - 2) && rb < head_end)))
      --rb;
    while (rb < head_end && (!cap(rb) || (cls(rb) & (kWDet | kWPoss | kWPrep)))) ++rb;
    if (rb < head_end && !nominal_head) {
      bool common = head_end - rb == 1 && !name_like(rb);
      // Strip titles that are not part of the name ("Rep.", "Mr.") only for naming.
      if (!common && !(cls(rb) & (kWDet | kWPronoun | kWPron1))) {
        Span s = span_of(rb, head_end);
        std::string last(doc_.slice(tok(head_end - 1).span));
        for (uint32_t x = 0; x < doc_.entities.size(); ++x) {
          const Entity& en = doc_.entities[x];
          if (en.type != EntityType::PER && en.type != EntityType::ORG) continue;
          std::string_view nm = en.name;
          if (nm.size() >= last.size() && nm.substr(nm.size() - last.size()) == last &&
              (nm.size() == last.size() || nm[nm.size() - last.size() - 1] == ' ')) {
            add_mention(x, s, MentionKind::Name);
            return x;
          }
        }
        uint32_t nb = rb;
        while (nb + 1 < head_end && tok(nb).has(kAbbreviation)) ++nb;  // "Rep.", "Mr."
        return new_entity(std::string(doc_.slice(span_of(nb, head_end))), guess_type(rb, head_end), s,
                          MentionKind::Name);
      }
    }
    // A role or a description: "il portavoce", "the ad’s narrator".
    uint32_t hb = b;
    while (hb < head_end && (cls(hb) & (kWDet | kWPoss)) && !cap(hb)) ++hb;
    if (hb >= head_end) return std::nullopt;
    // A function word is no head ("non", "poi", "that").
    if (cls(head_end - 1) && !cap(head_end - 1)) return std::nullopt;
    bool possessive = false;
    for (uint32_t i = b; i < head_end; ++i) possessive = possessive || (cls(i) & kWPoss);
    Span s = span_of(b, head_end);
    if (!possessive) {
      // The entity that holds this role, latest mention first.
      std::optional<uint32_t> best;
      uint32_t best_pos = 0;
      for (uint32_t x = 0; x < doc_.entities.size(); ++x) {
        const Entity& en = doc_.entities[x];
        bool has = false;
        for (const std::string& r : en.roles) has = has || r.find(tok(head_end - 1).norm) != std::string::npos;
        if (!has) continue;
        for (const Mention& m : en.mentions)
          if (m.span.begin < s.begin && (!best || m.span.begin > best_pos)) {
            best = x;
            best_pos = m.span.begin;
          }
      }
      if (best) {
        add_mention(*best, s, MentionKind::Nominal);
        return best;
      }
    }
    return new_entity(std::string(doc_.slice(span_of(hb, head_end))), guess_type(hb, head_end), s,
                      MentionKind::Nominal);
  }

  // ------------------------------------------------------------ attribution

  // The attribution right after candidate k: "…”, ha aggiunto Stoltenberg, “",
  // "…,” said Caddell.", "…,” she said.", "«…» – ha detto X –".
  bool attribute_after(size_t k) {
    Candidate& c = cands_[k];
    if (c.q.close.empty()) return false;
    uint32_t i = c.after_tok;
    uint32_t start = i;
    while (i < ntok() && (punct_is(i, ",") || is_dash(i))) ++i;
    start = i;
    uint32_t limit = std::min(ntok(), start + 30);
    for (uint32_t j = start; j < limit; ++j) {
      if (punct_is(j, "(")) {  // "(D-Wis.)"
        while (j + 1 < limit && !punct_is(j, ")")) ++j;
        continue;
      }
      if (inside(j) || is_quote_tok(j)) return false;
      if (punct_is(j, ".!?;:")) return false;
      if (tok(j).span.begin > c.q.close.end && paragraph_of(tok(j).span.begin) != c.paragraph) return false;
      auto [kinds, len] = cue_at(j);
      if (!kinds) continue;
      if (kinds & kCueVerb) {
        // The clause must not close with a colon that introduces the next quotation.
        uint32_t x = j + len;
        while (x < ntok() && x < j + len + 10 && !punct_is(x, ".!?;:") && !is_quote_tok(x)) ++x;
        if (x < ntok() && punct_is(x, ":")) return false;
        // Between the mark and the cue: nothing but auxiliaries ("…”, ha
        // aggiunto X"), the subject ("…,” Caddell said"), or an aside opening
        // with a preposition ("…”, con il Consiglio Nato-Russia, ha aggiunto X").
        uint32_t pe0 = j;
        while (pe0 > start && is_word(pe0 - 1) && (cls(pe0 - 1) & (kWAux | kWAdverb | kWClitic)) && !cap(pe0 - 1))
          --pe0;
        auto [pb, pe] = phrase_before(j, start);
        bool inverted = pe0 == start || (punct_is(pe0 - 1, ",") && (cls(start) & kWPrep) && !cap(start));
        // "La “svolta” annunciata": a participle right after a quoted word or
        // two modifies it; an inverted cue needs a separator ("…», ha detto"),
        // punctuation inside the marks ("…,” said") or a quoted utterance.
        if (inverted && start == c.after_tok && c.words < 3 && !punct_is(c.end_tok - 1, ",.!?") &&
            !(c.end_tok > c.body_tok && tok(c.end_tok - 1).kind == TokenKind::Punct))
          inverted = false;
        bool subject = pe > pb && pb == start;
        // "…,” Leonard E. Burman, director of the centre, said": a name, its
        // apposition between commas, the cue.
        uint32_t name_end = start;
        while (name_end < j && is_word(name_end) && (cap(name_end) || tok(name_end).has(kAbbreviation))) ++name_end;
        uint32_t comma = name_end;
        if (comma < j && punct_is(comma, "(")) {  // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said"
          while (comma < j && !punct_is(comma, ")")) ++comma;
          ++comma;
        }
        bool apposition = !subject && !inverted && name_end > start && comma < j && punct_is(comma, ",") &&
                          pe0 > start && punct_is(pe0 - 1, ",");
        if (!inverted && !subject && !apposition) return false;
        if (!subject && !apposition && j - start > 12) return false;
        std::optional<uint32_t> who;
        if (subject) who = speaker_of(k, pb, pe);
        if (apposition) {
          who = speaker_of(k, start, name_end);
          subject = true;
        }
        if (!subject) {
          auto [ab, ae] = phrase_after(j + len, ntok());
          if (ae > ab) who = speaker_of(k, ab, ae);
        }
        c.cued = true;
        c.cue = span_of(j, j + len);
        c.speaker = who;
        c.rule = "after";
        return true;
      }
      if (kinds & kCuePrep) {
        auto [ab, ae] = phrase_after(j + len, ntok());
        c.cued = true;
        c.cue = span_of(j, j + len);
        c.speaker = ae > ab ? speaker_of(k, ab, ae) : std::nullopt;
        c.rule = "after-prep";
        return true;
      }
      // "«…», il commento di Michelina": a statement noun and its author.
      if ((kinds & kCueNoun) && j - start <= 2 && j + len < ntok() && (cls(j + len) & kWPrep)) {
        auto [ab, ae] = phrase_after(j + len + 1, ntok());
        if (ae > ab) {
          c.cued = true;
          c.cue = span_of(j, j + len);
          c.speaker = speaker_of(k, ab, ae);
          c.rule = "after-noun";
          return true;
        }
      }
    }
    return false;
  }

  bool is_gerund(uint32_t i) const {
    std::string_view n = tok(i).norm;
    auto ends = [&](std::string_view suf) { return n.size() > suf.size() + 2 && n.substr(n.size() - suf.size()) == suf; };
    return ends("ing") || ends("ando") || ends("endo");
  }

  // An attribution inside the marks between dashes, as Italian news writes
  // it: "«Sono atterrata a Bologna - racconta - e non avevo niente»",
  // "«Invocammo il turbamento - ha ricordato Aimi - ma …»".
  bool attribute_inside(size_t k) {
    Candidate& c = cands_[k];
    for (uint32_t d = c.body_tok; d < c.end_tok; ++d) {
      if (!is_dash(d)) continue;
      uint32_t x = d + 1;
      while (x < c.end_tok && x < d + 4 && is_word(x) && !(cue_at(x).first & kCueVerb)) ++x;
      if (x >= c.end_tok || !is_word(x) || !(cue_at(x).first & kCueVerb)) continue;
      uint32_t len = cue_at(x).second;
      uint32_t d2 = x + len;
      while (d2 < c.end_tok && d2 < x + len + 8 && !is_dash(d2) && !punct_is(d2, ".;:!?")) ++d2;
      bool closed = d2 < c.end_tok && is_dash(d2);
      if (!closed && d2 != c.end_tok) continue;
      // Speaker words: before the cue ("- Ciara racconta -") or after it.
      std::optional<uint32_t> who;
      uint32_t pe = x;
      while (pe > d + 1 && (cls(pe - 1) & (kWAux | kWAdverb | kWClitic)) && !cap(pe - 1)) --pe;
      if (pe > d + 1) who = speaker_of(k, d + 1, pe);
      if (!who && d2 > x + len) who = speaker_of(k, x + len, d2);
      if (!who) who = last_speaker(k, 3);
      if (!who) {
        uint32_t sb = sentence_first(c.sentence);
        if (c.sentence > 0) who = named_subject(k, sentence_first(c.sentence - 1), sb);
      }
      c.cued = true;
      c.cue = span_of(x, x + len);
      c.speaker = who;
      c.rule = "inside";
      c.aside = Span{tok(d).span.begin, closed ? tok(d2).span.end : c.q.inner.end};
      return true;
    }
    return false;
  }

  // A byline after the quotation: "…” ― Sonya Herridge".
  bool attribute_byline(size_t k) {
    Candidate& c = cands_[k];
    if (c.q.close.empty()) return false;
    uint32_t i = c.after_tok;
    if (i >= ntok() || !is_dash(i) || paragraph_of(tok(i).span.begin) != c.paragraph) return false;
    uint32_t b = i + 1, e = b;
    while (e < ntok() && is_word(e) && (cap(e) || tok(e).has(kAbbreviation)) && !inside(e) &&
           paragraph_of(tok(e).span.begin) == c.paragraph)
      ++e;
    if (e == b || e - b > 5) return false;
    if (e < ntok() && paragraph_of(tok(e).span.begin) == c.paragraph && !punct_is(e, ".,;") && !is_quote_tok(e))
      return false;
    c.cued = true;
    c.cue = tok(i).span;
    c.speaker = speaker_of(k, b, e);
    c.rule = "byline";
    return true;
  }

  // The subject of the clause of a cue at token j: the phrase before it, else
  // the phrase after it (inverted), else the sentence's named subject.
  std::optional<uint32_t> subject_of_cue(size_t k, uint32_t j, uint32_t len, uint32_t lo, uint32_t hi) {
    uint32_t sent_b = sentence_first(tok(j).sentence);
    // A gerund ("adding", "saying", "aggiungendo") has the subject of its
    // main clause: the speaker already named in the sentence, else its
    // first words.
    if (is_gerund(j)) {
      for (size_t x = k; x-- > 0;) {
        const Candidate& p = cands_[x];
        if (p.sentence != cands_[k].sentence) break;
        if (p.speaker) return p.speaker;
      }
      if (is_word(sent_b) && (cls(sent_b) & kWPronoun)) return speaker_of(k, sent_b, sent_b + 1);
      if (auto s = named_subject(k, sent_b, j)) return s;
      return last_speaker(k, 2);
    }
    auto [pb, pe] = phrase_before(j, std::max(sent_b, lo));
    // "X, who said": the relative's antecedent.
    if (pe == pb && pb > sent_b && pb - 1 < ntok() && (cls(pb - 1) & kWRelative)) {
      uint32_t r = pb - 1;
      if (r > sent_b && punct_is(r - 1, ",")) {
        auto [qb, qe] = phrase_before(r - 1, sent_b);
        if (qe > qb) return speaker_of(k, qb, qe);
      }
    }
    if (pe > pb) {
      if (auto who = speaker_of(k, pb, pe)) return who;
    }
    auto [ab, ae] = phrase_after(j + len, hi);
    if (ae > ab) {
      if (auto who = speaker_of(k, ab, ae)) return who;
    }
    if (auto s = named_subject(k, sent_b, j)) return s;
    // Pro-drop: the speaker or subject of the sentences before.
    if (auto s = last_speaker(k, 2)) return s;
    uint32_t sn = tok(j).sentence;
    if (sn > 0) return subject_in(doc_.sentences[sn - 1].first_token, doc_.sentences[sn - 1].end_token, false);
    return std::nullopt;
  }

  // A cue before candidate k in its sentence (or in the sentence a colon
  // ends just before it).
  bool attribute_before(size_t k) {
    Candidate& c = cands_[k];
    uint32_t sent_b = sentence_first(c.sentence);
    uint32_t lo = sent_b;
    // Start after the previous quotation of the same sentence.
    for (size_t j = k; j-- > 0;) {
      const Candidate& p = cands_[j];
      if (p.q.depth > 0) continue;
      if (p.sentence == c.sentence && p.after_tok > lo && p.after_tok <= c.open_tok) lo = p.after_tok;
      break;
    }
    uint32_t hi = c.open_tok;
    // Only punctuation before the mark in its sentence, after a colon: the
    // sentence before introduces it ("He said:\n\n“…”").
    bool only_punct = true;
    for (uint32_t i = lo; i < hi; ++i) only_punct = only_punct && !is_word(i);
    if (only_punct) {
      uint32_t p = hi;
      while (p > 0 && !is_word(p - 1) && !punct_is(p - 1, ":")) --p;
      if (p > 0 && punct_is(p - 1, ":") && !inside(p - 1)) {
        hi = p - 1;
        lo = sentence_first(tok(hi).sentence);
        for (size_t j = k; j-- > 0;) {
          const Candidate& q = cands_[j];
          if (q.q.depth == 0 && q.after_tok <= hi && q.after_tok > lo) { lo = q.after_tok; }
          if (q.q.depth == 0) break;
        }
      } else if (p > 0 && is_word(p - 1) && !inside(p - 1) &&
                 paragraph_of(tok(p - 1).span.begin) == c.paragraph) {
        // The sentence before ends with its attribution: "…, Schiff said. “…”".
        uint32_t sb = sentence_first(tok(p - 1).sentence);
        uint32_t words = 0;
        for (uint32_t j = p; j-- > sb && words < 4;) {
          if (inside(j)) break;
          if (!is_word(j)) continue;
          ++words;
          auto [kinds, len] = cue_at(j);
          if (!(kinds & kCueVerb)) continue;
          c.cued = true;
          c.cue = span_of(j, j + len);
          c.speaker = subject_of_cue(k, j, len, sb, p);
          c.rule = "before-sentence";
          return true;
        }
        return false;
      } else {
        return false;
      }
    }
    // The last cue before the mark.
    for (uint32_t j = hi; j-- > lo;) {
      if (inside(j)) continue;
      auto [kinds, len] = cue_at(j);
      if (!kinds) continue;
      if (kinds & kCueVerb) {
        c.cued = true;
        c.cue = span_of(j, j + len);
        c.speaker = subject_of_cue(k, j, len, lo, hi);
        c.rule = "before";
        return true;
      }
      if (kinds & kCuePrep) {
        auto [ab, ae] = phrase_after(j + len, hi);
        // "secondo una nota diffusa da Mosca": the phrase runs on past its verb.
        uint32_t e2 = ae;
        while (e2 < hi && !punct_is(e2, ",:;") && !is_quote_tok(e2)) ++e2;
        c.cued = true;
        c.cue = span_of(j, j + len);
        c.speaker = e2 > ab ? speaker_of(k, ab, e2) : std::nullopt;
        c.rule = "before-prep";
        return true;
      }
      if ((kinds & kCueNoun) && j + len < hi) {
        // "un Tweet del suo portavoce: “…”".
        uint32_t e2 = hi;
        while (e2 > j && !is_word(e2 - 1)) --e2;
        if (e2 > j + len && hi > 0 && punct_is(hi - 1, ":")) {
          c.cued = true;
          c.cue = span_of(j, j + len);
          c.speaker = speaker_of(k, j, e2);
          c.rule = "before-noun";
          return true;
        }
      }
    }
    // "X: «…»": a name and a colon.
    if (hi > lo && punct_is(hi - 1, ":")) {
      auto [pb, pe] = phrase_before(hi - 1, lo);
      if (pe > pb && pe - pb <= 4 && cap(pe - 1)) {
        c.cued = true;
        c.cue = tok(hi - 1).span;
        c.speaker = speaker_of(k, pb, pe);
        c.rule = "colon";
        return true;
      }
    }
    return false;
  }

  // No cue between the previous quotation and this one: the same speaker.
  bool attribute_carry(size_t k) {
    Candidate& c = cands_[k];
    for (size_t j = k; j-- > 0;) {
      const Candidate& p = cands_[j];
      if (!p.keep && !(p.partial && p.cued)) continue;
      bool near = p.paragraph == c.paragraph ||
                  (c.q.continues && p.paragraph + 1 >= c.paragraph) ||
                  (p.paragraph < c.paragraph && first_in_paragraph(k) && last_in_paragraph(j) &&
                   paragraphs_between_empty(p.paragraph, c.paragraph));
      if (!near || !p.speaker) return false;
      for (uint32_t i = p.after_tok; i < c.open_tok && i < ntok(); ++i)
        if (!inside(i) && !p.cue.overlaps(tok(i).span) && (cue_at(i).first & kCueVerb)) return false;
      c.speaker = p.speaker;
      c.cue = p.cue;
      c.rule = "carry";
      return true;
    }
    return false;
  }

  bool first_in_paragraph(size_t k) const {
    const Candidate& c = cands_[k];
    uint32_t pb = paragraph_starts_[c.paragraph - 1];
    for (uint32_t p = pb; p < c.q.open.begin; ++p)
      if (!std::isspace(static_cast<unsigned char>(doc_.text[p]))) return false;
    return true;
  }
  bool last_in_paragraph(size_t j) const {
    const Candidate& c = cands_[j];
    uint32_t pe = c.paragraph < paragraph_starts_.size() ? paragraph_starts_[c.paragraph] : doc_.text.size();
    uint32_t from = c.q.close.empty() ? c.q.inner.end : c.q.close.end;
    for (uint32_t p = from; p < pe; ++p)
      if (!std::isspace(static_cast<unsigned char>(doc_.text[p]))) return false;
    return true;
  }
  bool paragraphs_between_empty(uint32_t a, uint32_t b) const {
    // Paragraph ids count line breaks; blank lines between are fine.
    for (uint32_t p = a + 1; p < b; ++p) {
      uint32_t s = paragraph_starts_[p - 1], e = p < paragraph_starts_.size() ? paragraph_starts_[p] : doc_.text.size();
      for (uint32_t x = s; x < e; ++x)
        if (!std::isspace(static_cast<unsigned char>(doc_.text[x]))) return false;
    }
    return true;
  }

  // The title of a work or a name in quotation marks: "la pizzeria “Da
  // Tommy”", "the show “Saturday Night Live”".
  bool is_title(const Candidate& c) const {
    if (!cap(c.body_tok)) return false;
    // Every content word capitalised: a name or a title ("Via San Vincenzo
    // 28", "All Bets Are Off", "Make Your Kid a Millionaire").
    uint32_t content = 0, capitalised = 0;
    for (uint32_t i = c.body_tok; i < c.end_tok; ++i) {
      if (punct_is(i, ".!?") && i + 1 < c.end_tok) return false;  // two sentences are no title
      if (tok(i).kind != TokenKind::Word || utf8_length(tok(i).norm) < 3 || cls(i)) continue;
      ++content;
      capitalised += cap(i) ? 1 : 0;
    }
    if (content >= 2 && capitalised == content && c.words <= 8) return true;
    if (c.open_tok == 0) return false;
    uint32_t p = c.open_tok;
    while (p > 0 && !is_word(p - 1) && !punct_is(p - 1, ",:;")) --p;
    if (p == 0 || !is_word(p - 1)) return false;
    if (!(cls(p - 1) & kWTitle)) return false;
    // Names are short and capitalised.
    return c.words <= 6;
  }

  void attribute(size_t k) {
    Candidate& c = cands_[k];
    if (!c.keep) return;
    if (is_title(c)) {
      c.keep = false;
      return;
    }
    bool found = attribute_after(k) || attribute_byline(k) || attribute_inside(k) || attribute_before(k);
    if (!found) found = attribute_carry(k);
    if (!found && c.words >= 4 && !c.q.single) {
      // A phrase quoted inside a sentence, with no cue: its subject's words.
      uint32_t sb = sentence_first(c.sentence);
      bool inner = false;
      for (uint32_t i = sb; i < c.open_tok; ++i) inner = inner || (is_word(i) && !inside(i));
      if (inner) {
        c.speaker = named_subject(k, sb, c.open_tok);
        if (!c.speaker) c.speaker = last_speaker(k, 2);
        // Pro-drop: the subject of the sentence before, in the same paragraph.
        if (!c.speaker && c.sentence > 0 && sb > 0 && paragraph_of(tok(sb - 1).span.begin) == c.paragraph)
          c.speaker = named_subject(k, sentence_first(c.sentence - 1), sb);
        c.rule = "subject";
        found = c.speaker.has_value();
      }
    }
    if (!found) {
      // Scare quotes and the like: a word or two, or anything in single
      // marks, with nobody saying it.
      if (c.words <= 3 || c.q.single) c.keep = false;
      else c.rule = "unattributed";
    }
    if (c.q.single && !c.cued) c.keep = c.keep && c.speaker.has_value() && c.words > 2;
    if (c.keep && !c.cued && c.words <= 2) c.keep = false;
    if (c.keep && !lex_.keep_partial && is_partial(c)) {
      c.keep = false;
      c.partial = true;
    }
  }

  // A phrase quoted inside the writer's sentence: a word of the sentence
  // right before the opening mark (other than the cue), or right after the
  // closing mark (other than the attribution).
  bool is_partial(const Candidate& c) const {
    uint32_t sb = sentence_first(c.sentence);
    if (c.open_tok > sb && c.open_tok > 0) {
      uint32_t p = c.open_tok - 1;
      bool cue_right_before = !c.cue.empty() && c.cue.end == tok(p).span.end;
      if (is_word(p) && !inside(p) && !cue_right_before) return true;
    }
    if (c.q.close.empty() || c.after_tok >= ntok() || c.rule == "after" || c.rule == "after-prep") return false;
    uint32_t last = c.end_tok - 1;
    if (punct_is(last, ".!?") || tok(last).kind == TokenKind::Punct) return false;
    uint32_t a = c.after_tok;
    return is_word(a) && paragraph_of(tok(a).span.begin) == c.paragraph;
  }
};

}  // namespace

QuoteStage::QuoteStage(const StageContext& ctx) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(ctx.data_dir, ec)) {
    if (!entry.is_directory()) continue;
    auto dir = entry.path();
    if (!std::filesystem::exists(dir / "quote_cues.tsv") || !std::filesystem::exists(dir / "quote_words.tsv"))
      continue;
    lexicons_.emplace(dir.filename().string(), std::make_unique<QuoteLexicon>(QuoteLexicon::load(dir)));
  }
}

QuoteStage::~QuoteStage() = default;

const QuoteLexicon* QuoteStage::lexicon_for(std::string_view lang) const {
  auto it = lexicons_.find(lang);
  if (it != lexicons_.end()) return it->second.get();
  it = lexicons_.find("en");
  return it != lexicons_.end() ? it->second.get() : nullptr;
}

void QuoteStage::run(Document& doc) const {
  const QuoteLexicon* lex = lexicon_for(doc.lang);
  if (!lex) return;
  Run(doc, *lex).go();
}

}  // namespace cronaca
