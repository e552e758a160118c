// Claims: statements found by cue, their sources, and the status changes that follow.
//
// Approach (docs/claims.md): one pass over the sentences in order. At each token the
// lexicon gives the cues that start there (hash look-ups on norm, lemma and stem).
//   1. Statement cues make candidates: the source is found in the words left of the verb
//      (up to a clause boundary, across appositions and a relative pronoun) or right of
//      "secondo"/"according to"; the proposition is the clause after the verb (after
//      "che"/"that"), or the rest of the sentence for "according to".
//   2. Status cues change the status of an earlier candidate: the nearest one of the same
//      source for a retraction, the one the cue's words overlap (or the most recent) for a
//      denial or confirmation; "same" or "other" is decided by comparing the cue's subject
//      with the candidate's source ("il sito internet" refers to the latest medium).
//   3. A candidate whose predicate class (claim_predicates.tsv) conflicts with an earlier
//      candidate of another source about the same subject contradicts it.
//   4. Candidates with a medium as source or with a changed status are written out.
// Tests: tests/unit/claims_test.cc runs tests/cases/claims/*.txt; tests/cli/claims_gold.sh
// scores tests/gold/claims.
#include "claims/claim_stage.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "claims/claim_lexicon.h"
#include "kb/knowledge_base.h"

namespace cronaca {

namespace {

// s == lit, with the compare of a literal's known size inlined (no call to memcmp).
template <size_t N>
bool eq(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// A source: an existing entity, or a pending one (a name or nominal phrase that no
// entity covers yet; it becomes an entity only if a claim of it is written out).
struct Src {
  int32_t entity = -1;
  int32_t pending = -1;
  bool valid() const { return entity >= 0 || pending >= 0; }
  friend bool operator==(const Src&, const Src&) = default;
};

struct Pending {
  std::string key;
  Span span;                       // the first words that name it
  MentionKind kind = MentionKind::Name;
  bool person = false;
  int32_t created = -1;            // entity index once materialised
  std::vector<Span> nominals;      // later nominal references
};

enum class CandKind : uint8_t { Report, Speech, According, Label, Quote, Conditional };

struct Cand {
  Src src;
  Span span;                       // proposition
  Span cue;
  Span ref;                        // the words that refer to the source here
  bool ref_nominal = false;        // ref is a nominal reference ("la stessa testata")
  uint32_t sentence = 0;
  uint32_t first = 0, end = 0;     // proposition tokens
  CandKind kind = CandKind::Speech;
  std::vector<uint32_t> classes;   // predicate classes in the proposition
  std::vector<uint32_t> class_pos; // token index where each class matched
  std::vector<ClaimStatusChange> changes;
  std::vector<Src> change_by;      // parallel to changes
  std::vector<uint32_t> change_sentence;
};

struct Region {
  uint32_t a = 0, b = 0;           // tokens [a, b)
  bool relative = false;           // the subject is the antecedent of a relative pronoun
  uint32_t coordinator = UINT32_MAX;  // an empty subject after "e"/"and" at this token
  bool empty() const { return b <= a; }
};

class Analysis {
 public:
  Analysis(Document& doc, const ClaimLexicon& lex, const KnowledgeBase* kb) : doc_(doc), lex_(lex), kb_(kb) {}
  void run();

 private:
  // --- tokens
  const Token& tok(uint32_t i) const { return doc_.tokens[i]; }
  template <size_t N>
  bool is_punct(uint32_t i, const char (&p)[N]) const {
    return tok(i).kind == TokenKind::Punct && eq(tok(i).norm, p);
  }
  bool has(uint32_t i, uint32_t kind) const { return (kinds_[i] & kind) != 0; }
  bool name_like(uint32_t i) const;
  bool is_verb(uint32_t i) const { return eq(tok(i).pos, "VERB") || eq(tok(i).pos, "AUX"); }
  Span span_of(uint32_t a, uint32_t b) const { return {tok(a).span.begin, tok(b - 1).span.end}; }

  // --- structure
  Region subject_left(uint32_t verb, uint32_t s0) const;
  Region object_right(uint32_t from, uint32_t s_end) const;
  Region first_subject(uint32_t s0, uint32_t limit) const;
  uint32_t clause_end(uint32_t start, uint32_t s_end, bool subordinate) const;
  bool subordinate_before(uint32_t a, uint32_t s0) const;
  uint32_t trim_end(uint32_t a, uint32_t b) const;

  // --- sources
  struct Resolved {
    Src src;
    Span ref;
    bool nominal = false;
    bool media_noun = false;
    bool empty = true;
  };
  Resolved resolve(Region r, uint32_t s0);
  Src pending_for(uint32_t a, uint32_t b, MentionKind kind, bool person);
  bool entity_media(int32_t e) const;
  bool is_media(const Src& s) const;
  bool is_person(const Src& s) const;
  bool is_name(const Src& s) const;
  bool media_claim(const Cand& c) const;
  Src latest_media(uint32_t before) const;
  Src latest_person(uint32_t before) const;

  // --- claims
  void add_cand(Cand c);
  void sentence_pass(uint32_t si);
  void status_change(uint32_t si, uint32_t at, uint32_t len, const std::vector<const ClaimCue*>& rows);
  void writer_change(uint32_t si, uint32_t at, uint32_t len, ClaimStatus st);
  void contradictions(size_t from_cand, uint32_t si);
  bool same_subject(const Cand& claim, const Cand& stmt, uint32_t stmt_pred_tok) const;
  int overlap_score(const Cand& c, uint32_t a, uint32_t b) const;
  std::string date_for(uint32_t si) const;
  void emit();
  std::optional<uint32_t> materialise(const Src& s, bool create);
  void add_nominal(uint32_t e, Span sp);

  Document& doc_;
  const ClaimLexicon& lex_;
  const KnowledgeBase* kb_;
  // Per token; the vectors are kept from one document to the next (thread_local), so
  // that a document allocates none of them.
  struct Buffers {
    std::vector<TokenView> tv;
    std::vector<uint32_t> kinds;
    std::vector<int32_t> tok_entity, tok_entity_any;
    std::vector<bool> in_timex;
    std::vector<std::pair<const ClaimCue*, size_t>> cues;   // sentence_pass()
    std::vector<bool> used;                                  // sentence_pass()
  };
  static Buffers& buffers() {
    thread_local Buffers b;
    return b;
  }
  Buffers& buf_ = buffers();
  std::vector<TokenView>& tv_ = buf_.tv;
  std::vector<uint32_t>& kinds_ = buf_.kinds;               // WordKind bits of word tokens, else 0
  std::vector<int32_t>& tok_entity_ = buf_.tok_entity;      // entity of a name mention covering the token
  std::vector<int32_t>& tok_entity_any_ = buf_.tok_entity_any;   // entity of any mention covering the token
  std::vector<bool>& in_timex_ = buf_.in_timex;             // the token is inside a time expression
  std::vector<Pending> pending_;
  std::unordered_map<std::string, int32_t> name_keys_;   // normalised name mentions -> entity
  bool name_keys_built_ = false;
  std::vector<Cand> cands_;
  std::vector<std::pair<uint32_t, Src>> media_refs_;   // token position, medium named there
  std::vector<Src> media_srcs_;
  Src last_subject_;
  uint32_t last_subject_sentence_ = UINT32_MAX;
  Src last_statement_src_;
  uint32_t last_statement_sentence_ = 0;
  bool have_statement_ = false;
};

bool Analysis::name_like(uint32_t i) const {
  const Token& t = tok(i);
  if (in_timex_[i]) return false;   // "Tuesday", "September
  if (t.kind == TokenKind::Number) return i > 0 && name_like(i - 1) && tok(i - 1).span.end < t.span.begin;
  if (t.kind != TokenKind::Word || !t.has(kCapitalised)) return false;
  if (kinds_[i] != 0) return false;
  if (t.has(kSentenceStart) && (t.known || t.has(kElided))) return false;
  if (t.has(kSentenceStart) && i + 1 < doc_.tokens.size() && !t.known && tok(i + 1).kind == TokenKind::Word &&
      !tok(i + 1).has(kCapitalised) && tok(i + 1).pos.empty() && t.pos.empty()) {
    // without morphology: a capitalised first word followed by a lower-case word is
    // taken as a name only when it is not a function word (kinds_ checked above)
    return true;
  }
  return true;
}

// The words left of a verb group up to a clause boundary: the subject with its
// appositions ("Gabon 24, the state broadcaster,"); an empty subject before a relative
// pronoun continues to the antecedent ("The agency, which had reported").
Region Analysis::subject_left(uint32_t verb, uint32_t s0) const {
  uint32_t j = verb;
  while (j > s0 && (has(j - 1, kWordSkip | kWordAux))) --j;
  uint32_t b = j, k = j;
  bool relative = false;
  uint32_t coordinator = UINT32_MAX;
  while (k > s0) {
    uint32_t i = k - 1;
    const Token& t = tok(i);
    if (t.kind == TokenKind::Dash) {
      // an aside between dashes: jump over it
      uint32_t d = i;
      while (d > s0 && tok(d - 1).kind != TokenKind::Dash) --d;
      if (d > s0 && b == k) {
        k = d - 1;
        b = k;
        continue;
      }
      break;
    }
    if (t.kind == TokenKind::Punct && !eq(t.norm, ",")) break;
    if (t.kind == TokenKind::Quote) break;
    if (t.kind == TokenKind::Punct && k == b) {
      // a relative clause between the subject and the verb: ", which had reported X,"
      for (uint32_t m = i; m > s0 + 1; --m) {
        uint32_t x = m - 1;
        if (tok(x).kind == TokenKind::Punct) break;
        if (has(x, kWordRelative) && is_punct(x - 1, ",")) {
          k = x - 1;
          b = k;
          break;
        }
      }
      if (k < i) continue;
    }
    if (has(i, kWordBoundary | kWordRelative) && !name_like(i)) {
      bool region_empty = true;
      for (uint32_t x = k; x < b; ++x)
        if (tok(x).kind == TokenKind::Word) region_empty = false;
      if (has(i, kWordRelative) && region_empty && i > s0) {
        k = i;
        if (k > s0 && is_punct(k - 1, ",")) --k;
        b = k;
        relative = true;
        continue;
      }
      if (region_empty && !has(i, kWordRelative | kWordSubordinator)) coordinator = i;
      break;
    }
    bool noun_after_det = i > s0 && has(i - 1, kWordDeterminer | kWordPreposition);
    if (has(i, kWordAux) || (is_verb(i) && !noun_after_det && !has(i, kWordSkip) && !eq(t.pos, "AUX") && i + 1 < b)) break;
    --k;
  }
  Region r{k, b};
  r.relative = relative;
  r.coordinator = coordinator;
  return r;
}

// The words that open a sentence, up to its first verb, auxiliary or boundary: the
// subject of a later coordinated verb ("Ruiz appeared ... and said").
Region Analysis::first_subject(uint32_t s0, uint32_t limit) const {
  uint32_t k = s0;
  while (k < limit) {
    if (tok(k).kind == TokenKind::Quote || (tok(k).kind == TokenKind::Punct && !eq(tok(k).norm, ","))) break;
    if (has(k, kWordAux | kWordBoundary)) break;
    if (is_verb(k) && !(k > s0 && has(k - 1, kWordDeterminer | kWordPreposition)) && !name_like(k)) break;
    ++k;
  }
  return {s0, k};
}

// The source words right of "secondo"/"according to": up to a comma, a verb or the clause end.
Region Analysis::object_right(uint32_t from, uint32_t s_end) const {
  uint32_t k = from;
  while (k < s_end) {
    const Token& t = tok(k);
    if (t.kind == TokenKind::Punct || t.kind == TokenKind::Quote || t.kind == TokenKind::Dash) break;
    if (has(k, kWordBoundary) && k > from) break;
    if (is_verb(k) && k > from + 1 && !t.features.empty() && t.features.find("<pp>") == std::string::npos) break;
    ++k;
  }
  return {from, k};
}

uint32_t Analysis::trim_end(uint32_t a, uint32_t b) const {
  while (b > a && (tok(b - 1).kind == TokenKind::Punct || tok(b - 1).kind == TokenKind::Dash)) --b;
  return b;
}

bool Analysis::subordinate_before(uint32_t a, uint32_t s0) const {
  for (uint32_t k = a; k > s0 && k + 3 > a; --k)
    if (has(k - 1, kWordSubordinator)) return true;
  return false;
}

uint32_t Analysis::clause_end(uint32_t start, uint32_t s_end, bool subordinate) const {
  bool in_quote = false;
  for (uint32_t k = start; k < s_end; ++k) {
    const Token& t = tok(k);
    if (t.kind == TokenKind::Quote) in_quote = !in_quote;
    if (in_quote) continue;
    if (t.kind == TokenKind::Punct && (eq(t.norm, ";") || eq(t.norm, "("))) return trim_end(start, k);
    if (t.kind == TokenKind::Dash && k > start) return trim_end(start, k);
    if (t.kind == TokenKind::Punct && eq(t.norm, ",") && k > start) {
      if (subordinate) return trim_end(start, k);
      uint32_t n = k + 1;
      if (n < s_end && (has(n, kWordCut) || lex_.is_gerund(tok(n).norm))) return trim_end(start, k);
      if (n < s_end) {
        std::vector<std::pair<const ClaimCue*, size_t>> cues;
        lex_.cues_at(tv_, n, s_end, cues);
        for (auto& [c, len] : cues)
          if (c->kind == CueKind::According) return trim_end(start, k);
      }
    }
  }
  return trim_end(start, s_end);
}

Src Analysis::pending_for(uint32_t a, uint32_t b, MentionKind kind, bool person) {
  std::string key;
  for (uint32_t i = a; i < b; ++i) {
    if (tok(i).kind == TokenKind::Punct) continue;
    if (!key.empty()) key += ' ';
    key += tok(i).norm;
  }
  // a name already named by an entity of the document
  if (kind == MentionKind::Name) {
    if (!name_keys_built_) {
      name_keys_built_ = true;
      for (uint32_t e = 0; e < doc_.entities.size(); ++e)
        for (const Mention& m : doc_.entities[e].mentions)
          if (m.kind == MentionKind::Name)
            name_keys_.emplace(KnowledgeBase::normalise(doc_.slice(m.span)), static_cast<int32_t>(e));
    }
    if (auto it = name_keys_.find(key); it != name_keys_.end()) return {it->second, -1};
  }
  for (uint32_t p = 0; p < pending_.size(); ++p)
    if (pending_[p].key == key) return {-1, static_cast<int32_t>(p)};
  Pending p;
  p.key = key;
  p.span = span_of(a, b);
  p.kind = kind;
  p.person = person;
  pending_.push_back(std::move(p));
  return {-1, static_cast<int32_t>(pending_.size() - 1)};
}

bool Analysis::entity_media(int32_t e) const {
  const Entity& en = doc_.entities[e];
  if (en.actor.size() >= 3 && en.actor.compare(en.actor.size() - 3, 3, "MED") == 0) return true;
  return false;
}

bool Analysis::is_media(const Src& s) const {
  if (!s.valid()) return false;
  if (s.entity >= 0 && entity_media(s.entity)) return true;
  if (is_person(s)) return false;
  return std::find(media_srcs_.begin(), media_srcs_.end(), s) != media_srcs_.end();
}

bool Analysis::is_person(const Src& s) const {
  // a person the knowledge base knows; an unknown name typed PER that the text calls a
  // medium ("la testata locale Il Tirreno") is a medium
  if (s.entity >= 0)
    return doc_.entities[s.entity].type == EntityType::PER &&
           (!doc_.entities[s.entity].kb_id.empty() ||
            std::find(media_srcs_.begin(), media_srcs_.end(), s) == media_srcs_.end());
  if (s.pending >= 0) return pending_[s.pending].person;
  return false;
}

bool Analysis::media_claim(const Cand& c) const {
  // a quotation is a claim only when its fate changes; a name the entity stage does not
  // know that "reports" something is taken for a medium ("Orda.kz reported that"), unless
  // it is a demonym ("the British playwright who wrote")
  if (c.kind == CandKind::Quote) return false;
  if (is_media(c.src)) return true;
  if (c.kind != CandKind::Report || c.src.pending < 0 || !is_name(c.src) || is_person(c.src)) return false;
  if (kb_ && kb_->country_by_demonym(doc_.slice(pending_[c.src.pending].span))) return false;
  return true;
}

bool Analysis::is_name(const Src& s) const {
  if (s.entity >= 0) {
    const Entity& e = doc_.entities[s.entity];
    if (e.type == EntityType::GPE || e.type == EntityType::LOC) return false;
    for (const Mention& m : e.mentions)
      if (m.kind == MentionKind::Name) return true;
    return false;
  }
  if (s.pending >= 0) return pending_[s.pending].kind == MentionKind::Name;
  return false;
}

Src Analysis::latest_media(uint32_t before) const {
  Src best;
  uint32_t best_pos = 0;
  bool found = false;
  for (auto& [pos, s] : media_refs_)
    if (pos < before && (!found || pos >= best_pos)) best = s, best_pos = pos, found = true;
  // media entities known to the knowledge base, by their mentions
  for (uint32_t e = 0; e < doc_.entities.size(); ++e) {
    if (!entity_media(static_cast<int32_t>(e))) continue;
    for (const Mention& m : doc_.entities[e].mentions) {
      uint32_t pos = doc_.token_at(m.span.begin);
      if (m.kind == MentionKind::Name && pos < before && (!found || pos >= best_pos))
        best = {static_cast<int32_t>(e), -1}, best_pos = pos, found = true;
    }
  }
  return best;
}

Src Analysis::latest_person(uint32_t before) const {
  Src best;
  uint32_t best_pos = 0;
  bool found = false;
  for (uint32_t e = 0; e < doc_.entities.size(); ++e) {
    if (doc_.entities[e].type != EntityType::PER) continue;
    for (const Mention& m : doc_.entities[e].mentions) {
      if (m.kind == MentionKind::Pronoun) continue;
      uint32_t pos = doc_.token_at(m.span.begin);
      if (pos < before && (!found || pos >= best_pos)) best = {static_cast<int32_t>(e), -1}, best_pos = pos, found = true;
    }
  }
  for (uint32_t p = 0; p < pending_.size(); ++p) {
    if (!pending_[p].person || pending_[p].kind != MentionKind::Name) continue;
    uint32_t pos = doc_.token_at(pending_[p].span.begin);
    if (pos < before && (!found || pos >= best_pos)) best = {-1, static_cast<int32_t>(p)}, best_pos = pos, found = true;
  }
  return best;
}

// Who a subject or "according to" phrase names.
Analysis::Resolved Analysis::resolve(Region r, uint32_t s0) {
  (void)s0;
  Resolved out;
  // a leading prepositional phrase is no subject ("In serata la Procura", "in seguito")
  if (r.a < r.b && has(r.a, kWordPreposition) && !name_like(r.a)) {
    uint32_t k = r.a + 1;
    while (k < r.b && !has(k, kWordDeterminer | kWordMedia | kWordPronoun) && !name_like(k) &&
           tok(k).kind != TokenKind::Punct)
      ++k;
    while (k < r.b && tok(k).kind == TokenKind::Punct) ++k;
    r.a = k;
  }
  bool media_noun = false, same = false, source_noun = false;
  uint32_t content = 0, pronoun_at = UINT32_MAX;
  for (uint32_t i = r.a; i < r.b; ++i) {
    if (tok(i).kind != TokenKind::Word) continue;
    if (has(i, kWordMedia)) media_noun = true;
    if (has(i, kWordSame)) same = true;
    if (has(i, kWordSource)) source_noun = true;
    if (has(i, kWordPronoun)) pronoun_at = i;
    if (!has(i, kWordDeterminer | kWordSkip | kWordAux | kWordBoundary)) ++content;
  }
  out.media_noun = media_noun;
  if (content == 0) return out;
  out.empty = false;
  // the rightmost name: an entity's name mention, or a run of capitalised words
  int32_t ent = -1;
  uint32_t ent_at = 0;
  for (uint32_t i = r.b; i > r.a; --i) {
    if (tok_entity_[i - 1] >= 0) {
      ent = tok_entity_[i - 1];
      ent_at = i - 1;
      break;
    }
  }
  uint32_t run_b = 0, run_a = 0;
  bool run = false;
  for (uint32_t i = r.b; i > r.a; --i) {
    if (name_like(i - 1) && tok(i - 1).kind == TokenKind::Word) {
      run_b = i;
      // include a number right after the name ("Gabon 24")
      if (run_b < r.b && tok(run_b).kind == TokenKind::Number) ++run_b;
      uint32_t a = i - 1;
      while (a > r.a) {
        if (name_like(a - 1)) {
          --a;
          continue;
        }
        // a short lower-case connector between capitalised words ("Corriere della Sera")
        if (a >= r.a + 2 && tok(a - 1).kind == TokenKind::Word && !tok(a - 1).has(kCapitalised) &&
            tok(a - 1).span.size() <= 5 && name_like(a - 2) && !has(a - 1, kWordMedia)) {
          a -= 2;
          continue;
        }
        break;
      }
      run_a = a;
      run = true;
      break;
    }
  }
  // a media noun next to the name ("il quotidiano spagnolo El País", "Fars news agency",
  // "Gabon 24, the state broadcaster,") makes it a medium
  auto media_near = [&](uint32_t a, uint32_t b) {
    // before the name, with no punctuation between
    // a media noun in lower case: a common noun, not part of a name ("Protection Agency")
    auto common = [&](uint32_t k) { return !tok(k).has(kCapitalised) || tok(k).has(kSentenceStart); };
    for (uint32_t i = a; i > r.a && i + 4 > a; --i) {
      if (tok(i - 1).kind != TokenKind::Word) break;
      if (has(i - 1, kWordMedia) && common(i - 1)) return true;
    }
    // after it, or in an apposition right after it
    uint32_t i = b;
    if (i < r.b && is_punct(i, ",")) ++i;
    for (uint32_t k = i; k < r.b && k < i + 4; ++k) {
      if (tok(k).kind != TokenKind::Word) break;
      if (has(k, kWordMedia) && common(k)) return true;
    }
    return false;
  };
  bool named_medium = false;
  if (ent >= 0 && (!run || ent_at + 1 >= run_b || tok_entity_[run_b - 1] >= 0)) {
    out.src = {ent, -1};
    uint32_t ma = ent_at, mb = ent_at + 1;
    for (const Mention& m : doc_.entities[ent].mentions)
      if (m.span.contains(tok(ent_at).span)) {
        out.ref = m.span;
        ma = doc_.token_at(m.span.begin);
        mb = doc_.token_at(m.span.end - 1) + 1;
      }
    named_medium = media_near(ma, mb) && (doc_.entities[ent].type != EntityType::PER || doc_.entities[ent].kb_id.empty());
  } else if (run) {
    named_medium = media_near(run_a, run_b);
    bool person = !named_medium && run_b - run_a >= 2 && tok(run_b - 1).kind == TokenKind::Word;
    if (kb_) {
      for (const Actor* a : kb_->actors_by_alias(doc_.slice(span_of(run_a, run_b)))) {
        person = a->type == EntityType::PER;
        break;
      }
    }
    out.src = pending_for(run_a, run_b, MentionKind::Name, person);
    out.ref = span_of(run_a, run_b);
  } else if (pronoun_at != UINT32_MAX && content == 1) {
    out.src = latest_person(r.a);
    out.ref = tok(pronoun_at).span;
    out.nominal = true;
  } else if (same && source_noun) {
    if (have_statement_) out.src = last_statement_src_;
    out.nominal = true;
    out.ref = span_of(r.a, r.b);
  } else if (media_noun) {
    out.src = latest_media(r.a);
    out.nominal = true;
    out.ref = span_of(r.a, r.b);
  } else {
    // a nominal source of its own ("il suo avvocato", "local hospital officials")
    uint32_t a = r.a;
    while (a < r.b && (has(a, kWordSkip) || tok(a).kind != TokenKind::Word)) ++a;
    uint32_t b = trim_end(a, r.b);
    if (b > a) {
      out.src = pending_for(a, b, MentionKind::Nominal, true);
      out.ref = span_of(a, b);
    }
    out.nominal = true;
  }
  if (named_medium && out.src.valid() && !out.nominal) {
    if (std::find(media_srcs_.begin(), media_srcs_.end(), out.src) == media_srcs_.end())
      media_srcs_.push_back(out.src);
    media_refs_.emplace_back(r.a, out.src);
  } else if (out.src.valid() && is_media(out.src)) {
    media_refs_.emplace_back(r.a, out.src);
  }
  return out;
}

void Analysis::add_cand(Cand c) {
  // predicate classes of the proposition
  std::vector<std::pair<uint32_t, size_t>> found;
  for (uint32_t i = c.first; i < c.end; ++i) {
    found.clear();
    lex_.predicates_at(tv_, i, c.end, found);
    for (auto& [cls, len] : found) {
      c.classes.push_back(cls);
      c.class_pos.push_back(i);
    }
  }
  if (c.src.valid()) {
    last_statement_src_ = c.src;
    last_statement_sentence_ = c.sentence;
    have_statement_ = true;
  } else if (c.kind != CandKind::Label) {
    last_statement_src_ = Src{};
    have_statement_ = true;
  }
  cands_.push_back(std::move(c));
}

int Analysis::overlap_score(const Cand& c, uint32_t a, uint32_t b) const {
  int score = 0;
  for (uint32_t i = a; i < b; ++i) {
    if (tok(i).kind != TokenKind::Word || kinds_[i] != 0 || tok(i).norm.size() < 4) continue;
    std::string_view n = tok(i).norm;
    for (uint32_t k = c.first; k < c.end; ++k) {
      std::string_view m = tok(k).norm;
      if (m.size() < 4) continue;
      size_t p = std::min<size_t>({5, n.size(), m.size()});
      if (n.substr(0, p) == m.substr(0, p)) {
        ++score;
        break;
      }
    }
  }
  return score;
}

std::string Analysis::date_for(uint32_t si) const {
  const Sentence& s = doc_.sentences[si];
  for (const Timex& t : doc_.timexes)
    if (t.type == Timex::Type::DATE && s.span.contains(t.span) && !t.value.empty() &&
        (t.value[0] >= '0' && t.value[0] <= '9'))
      return t.value;
  return doc_.date.str();
}

void Analysis::status_change(uint32_t si, uint32_t at, uint32_t len, const std::vector<const ClaimCue*>& rows) {
  const Sentence& s = doc_.sentences[si];
  uint32_t s0 = s.first_token, s_end = s.end_token;
  // an infinitive after a preposition is no act ("per ritirare", "tali da confermare")
  if (at > s0 && has(at - 1, kWordPreposition)) return;
  // a passive with no agent acts for nobody ("any application will be denied")
  // ("la notizia è stata smentita dal Comune": the agent acts, the subject is the claim)
  uint32_t agent = UINT32_MAX;
  if (at > s0 && has(at - 1, kWordPassive)) {
    for (uint32_t k = at + len; k < s_end && k < at + len + 3 && agent == UINT32_MAX; ++k)
      if (has(k, kWordAgent)) agent = k;
    if (agent == UINT32_MAX) return;
  }
  // a negated cue changes nothing ("non ha smentito", "did not deny")
  for (uint32_t k = at; k > s0 && k + 3 > at; --k)
    if (has(k - 1, kWordNegation)) return;
  Region subj = subject_left(at, s0);
  // a free relative describes, it does not act ("what he dismissed", "ciò che ha smentito")
  if (subj.a > s0 && has(subj.a - 1, kWordFreeRelative)) return;
  bool passive_anaphor = false;
  if (agent != UINT32_MAX) {
    for (uint32_t k = subj.a; k < at; ++k)
      if (has(k, kWordAnaphor)) passive_anaphor = true;
    subj = object_right(agent + 1, s_end);
  }
  Resolved who = resolve(subj, s0);
  if (agent == UINT32_MAX && who.empty && subj.coordinator != UINT32_MAX && last_subject_sentence_ != si)
    who = resolve(first_subject(s0, subj.coordinator), s0);
  if (who.nominal && subj.empty()) who = Resolved{};
  Src actor = who.empty ? last_subject_ : who.src;
  if (agent != UINT32_MAX && who.empty) actor = Src{};
  if (!who.empty && agent == UINT32_MAX) last_subject_ = who.src, last_subject_sentence_ = si;
  bool has_same = false, has_other = false;
  for (const ClaimCue* c : rows) {
    if (c->who == CueWho::Same) has_same = true;
    if (c->who == CueWho::Other || c->who == CueWho::Any) has_other = true;
  }
  // the cue's object: a "che"/"that" clause, a quotation after a colon, or a noun phrase
  uint32_t oa = agent != UINT32_MAX ? subj.b : at + len;
  while (oa < s_end && (tok(oa).kind == TokenKind::Punct || tok(oa).kind == TokenKind::Quote ||
                        has(oa, kWordBoundary | kWordDeterminer)))
    ++oa;
  uint32_t ob = clause_end(oa, s_end, false);
  bool anaphoric = ob <= oa || passive_anaphor;
  for (uint32_t k = oa; k < ob && k < oa + 3; ++k)
    if (has(k, kWordAnaphor)) anaphoric = true;
  // a relative clause whose antecedent is an anaphor ("a figure that officials confirmed")
  if (agent == UINT32_MAX && subj.a > s0 && has(subj.a - 1, kWordRelative | kWordBoundary))
    for (uint32_t k = subj.a - 1; k > s0 && k + 4 > subj.a; --k)
      if (has(k - 1, kWordAnaphor)) anaphoric = true;

  // what the cue's object is: an anaphor ("la notizia", "the report") or nothing, a
  // clause or quotation, a definite noun phrase ("la decisione"), or something else
  bool clause = false, definite = false;
  {
    uint32_t k = at + len;
    while (k < s_end && (tok(k).kind == TokenKind::Punct && eq(tok(k).norm, ":"))) clause = true, ++k;
    if (k < s_end && (has(k, kWordComplementizer) || tok(k).kind == TokenKind::Quote)) clause = true;
    if (k < s_end && has(k, kWordDeterminer) && !has(k, kWordIndefinite)) definite = true;
  }
  int target = -1;
  const uint32_t cue_begin = tok(at).span.begin;
  auto eligible = [&](const Cand& c, uint32_t max_back) {
    return c.kind != CandKind::Label && c.cue.begin < cue_begin && c.span.end <= tok(at).span.end &&
           c.sentence + max_back >= si;
  };
  auto most_recent = [&](uint32_t max_back, auto&& also) {
    for (int i = static_cast<int>(cands_.size()) - 1; i >= 0; --i)
      if (eligible(cands_[i], max_back) && cands_[i].src.valid() && also(cands_[i])) return i;
    return -1;
  };
  auto any = [](const Cand&) { return true; };
  auto not_actor = [&](const Cand& c) { return has_same || !actor.valid() || !(c.src == actor); };
  if (has_same && !has_other) {
    // a retraction: the nearest claim of the same source
    if (actor.valid()) target = most_recent(6, [&](const Cand& c) { return c.src == actor; });
    else target = most_recent(2, any);
  } else if (anaphoric) {
    target = most_recent(2, not_actor);
  } else if (clause || definite) {
    int best = 0;
    for (int i = static_cast<int>(cands_.size()) - 1; i >= 0; --i) {
      if (!eligible(cands_[i], 6) || !cands_[i].src.valid() || !not_actor(cands_[i])) continue;
      int sc = overlap_score(cands_[i], oa, ob);
      if (!media_claim(cands_[i]) && sc < 2) continue;   // a politician's words: a clear echo only
      if (sc > best) best = sc, target = i;
    }
    // else a report just before ("Ankara ha negato che ...")
    if (target < 0) target = most_recent(1, [&](const Cand& c) { return not_actor(c) && media_claim(c); });
  }
  if (target < 0) return;
  Cand& c = cands_[target];
  bool same = actor.valid() && c.src == actor;
  const ClaimCue* row = nullptr;
  for (const ClaimCue* r : rows) {
    if (r->who == CueWho::Same && same) row = row ? row : r;
    if ((r->who == CueWho::Other || r->who == CueWho::Any) && !same) row = row ? row : r;
  }
  if (!row && !actor.valid()) row = rows.front();
  if (!row) return;
  ClaimStatusChange ch;
  ch.status = row->status;
  ch.evidence = agent != UINT32_MAX ? span_of(at, std::max(ob, subj.b))
                                     : span_of(subj.empty() ? at : subj.a, std::max(ob, at + len));
  ch.date = date_for(si);
  c.changes.push_back(ch);
  c.change_by.push_back(same ? c.src : actor);
  c.change_sentence.push_back(si);
}

void Analysis::writer_change(uint32_t si, uint32_t at, uint32_t len, ClaimStatus st) {
  const Sentence& s = doc_.sentences[si];
  uint32_t s0 = s.first_token;
  // the writer's correction follows an adversative conjunction ("ma", "but")
  uint32_t cut = UINT32_MAX;
  for (uint32_t k = at; k > s0 && k + 8 > at; --k)
    if (has(k - 1, kWordCut)) {
      cut = k - 1;
      break;
    }
  if (cut == UINT32_MAX) return;
  int target = -1;
  for (int i = static_cast<int>(cands_.size()) - 1; i >= 0 && target < 0; --i) {
    const Cand& c = cands_[i];
    if (c.sentence != si || c.cue.begin >= tok(cut).span.begin) continue;
    if (c.kind == CandKind::Label) target = i;
  }
  if (target < 0) return;
  uint32_t end = clause_end(at + len, s.end_token, false);
  ClaimStatusChange ch;
  ch.status = st;
  ch.evidence = span_of(cut, std::max(end, at + len));
  ch.date = date_for(si);
  cands_[target].changes.push_back(ch);
  cands_[target].change_by.push_back(Src{});
  cands_[target].change_sentence.push_back(si);
}

bool Analysis::same_subject(const Cand& claim, const Cand& stmt, uint32_t stmt_pred_tok) const {
  // a name or content word shared by both propositions
  for (uint32_t i = stmt.first; i < stmt.end; ++i) {
    if (tok(i).kind != TokenKind::Word || kinds_[i] != 0) continue;
    bool cap = tok(i).has(kCapitalised) && !tok(i).has(kSentenceStart);
    if (!cap && tok(i).norm.size() < 5) continue;
    for (uint32_t k = claim.first; k < claim.end; ++k)
      if (tok(k).norm == tok(i).norm) return true;
  }
  // or a statement whose subject names nobody ("il padre è vivo", "he is at home")
  for (uint32_t i = stmt.first; i < stmt_pred_tok; ++i)
    if (name_like(i) || tok_entity_[i] >= 0) return false;
  return true;
}

void Analysis::contradictions(size_t from_cand, uint32_t si) {
  for (size_t n = from_cand; n < cands_.size(); ++n) {
    const Cand& stmt = cands_[n];
    if (stmt.kind == CandKind::Label || stmt.classes.empty()) continue;
    for (size_t k = 0; k < n; ++k) {
      Cand& c = cands_[k];
      if (c.kind == CandKind::Label || (stmt.src.valid() && c.src == stmt.src)) continue;
      if (!media_claim(c)) continue;   // what a medium reported, against what others state
      if (c.span.overlaps(stmt.span)) continue;
      bool already = std::find(c.change_sentence.begin(), c.change_sentence.end(), si) != c.change_sentence.end();
      if (already) continue;
      bool hit = false;
      for (size_t x = 0; x < c.classes.size() && !hit; ++x)
        for (size_t y = 0; y < stmt.classes.size() && !hit; ++y)
          if (lex_.conflict(c.classes[x], stmt.classes[y]) && same_subject(c, stmt, stmt.class_pos[y])) hit = true;
      if (!hit) continue;
      ClaimStatusChange ch;
      ch.status = ClaimStatus::Contradicted;
      ch.evidence = stmt.span;
      ch.date = date_for(si);
      c.changes.push_back(ch);
      c.change_by.push_back(stmt.src);
      c.change_sentence.push_back(si);
    }
  }
}

void Analysis::sentence_pass(uint32_t si) {
  const Sentence& s = doc_.sentences[si];
  const uint32_t s0 = s.first_token, s_end = s.end_token;
  const size_t first_cand = cands_.size();
  bool status_seen = false;
  uint32_t covered_until = s0;   // tokens before this belong to a proposition already found
  std::vector<std::pair<const ClaimCue*, size_t>>& cues = buf_.cues;
  std::vector<bool>& used = buf_.used;   // tokens of the sentence inside a statement found
  used.assign(s_end - s0, false);

  for (uint32_t i = s0; i < s_end; ++i) {
    if (!(tv_[i].flags & ClaimLexicon::kHasCues) || tok(i).kind != TokenKind::Word) continue;
    cues.clear();
    lex_.cues_at(tv_, i, s_end, cues);
    if (cues.empty()) continue;
    // a cue word matched only by its stem must look like a verb form, in lower case
    // ("smentito" ~ smentire; not "pubblico", "assicurative", "Correggio")
    {
      bool keep = false;
      for (auto& [c, l] : cues) {
        if (ClaimLexicon::matches_form(c->words[0], tv_[i]) ||
            (!(tok(i).has(kCapitalised) && !tok(i).has(kSentenceStart)) && lex_.verb_like(tok(i).norm)))
          keep = true;
      }
      if (!keep) continue;
    }
    // a verb cue right after an article is a noun ("the report", "la notizia")
    bool after_det = i > s0 && has(i - 1, kWordDeterminer) && tok(i - 1).kind == TokenKind::Word;
    // the longest cue wins; status rows are grouped
    size_t len = 0;
    CueKind kind = CueKind::Speech;
    for (auto& [c, l] : cues) {
      if (l > len || (l == len && c->kind == CueKind::Status)) len = l, kind = c->kind;
    }
    std::vector<const ClaimCue*> rows;
    for (auto& [c, l] : cues)
      if (l == len && c->kind == kind) rows.push_back(c);
    bool verb_kind = kind == CueKind::Report || kind == CueKind::Speech || kind == CueKind::Status ||
                     kind == CueKind::Label;
    if (verb_kind && after_det && len == 1) continue;
    // a statement verb right before a comma or full stop is a noun or has no object
    // ("the state broadcaster, claimed")
    if ((kind == CueKind::Report || kind == CueKind::Speech) && i + len < s_end &&
        tok(i + len).kind == TokenKind::Punct && !eq(tok(i + len).norm, ":"))
      continue;
    if (kind == CueKind::Conditional) continue;   // handled after the cues
    if (kind == CueKind::Status) {
      status_seen = true;
      status_change(si, i, static_cast<uint32_t>(len), rows);
      i += static_cast<uint32_t>(len) - 1;
      continue;
    }
    if (kind == CueKind::Writer) {
      writer_change(si, i, static_cast<uint32_t>(len), rows.front()->status);
      i += static_cast<uint32_t>(len) - 1;
      continue;
    }
    if (i < covered_until && kind != CueKind::Label) continue;
    const uint32_t cue_end = i + static_cast<uint32_t>(len);
    Cand c;
    c.sentence = si;
    c.cue = span_of(i, cue_end);
    if (kind == CueKind::According) {
      Region r = object_right(cue_end, s_end);
      if (r.empty()) continue;
      Resolved who = resolve(r, s0);
      c.src = who.src;
      c.ref = who.ref;
      c.ref_nominal = who.nominal;
      c.kind = CandKind::According;
      // "secondo X, ..." first in the sentence: the rest; else what precedes
      bool leading = true;
      for (uint32_t k = s0; k < i; ++k)
        if (tok(k).kind == TokenKind::Word && !has(k, kWordSkip)) leading = false;
      if (leading) {
        uint32_t a = r.b;
        while (a < s_end && (tok(a).kind == TokenKind::Punct)) ++a;
        c.first = a;
        c.end = clause_end(a, s_end, false);
      } else {
        c.first = s0;
        c.end = trim_end(s0, i);
      }
    } else {
      if (lex_.is_gerund(tok(i).norm) && status_seen) continue;   // the reason of a status change
      Region subj = subject_left(i, s0);
      Resolved who = resolve(subj, s0);
      if (who.empty && subj.coordinator != UINT32_MAX && last_subject_sentence_ != si) {
        // "Ruiz appeared ... and said": the subject of the first verb
        who = resolve(first_subject(s0, subj.coordinator), s0);
        if (who.nominal) who = Resolved{};
      }
      if (who.empty) {
        c.src = last_subject_;
      } else {
        c.src = who.src;
        c.ref = who.ref;
        c.ref_nominal = who.nominal;
        last_subject_ = who.src;
        last_subject_sentence_ = si;
      }
      bool sub = subj.relative || subordinate_before(subj.empty() ? i : subj.a, s0);
      if (kind == CueKind::Label) {
        // "ha definito X “...”": up to the quoted label's closing mark
        uint32_t open = UINT32_MAX, close = UINT32_MAX;
        for (uint32_t k = cue_end; k < s_end && k < cue_end + 6; ++k)
          if (tok(k).kind == TokenKind::Quote) {
            open = k;
            break;
          }
        if (open == UINT32_MAX) continue;
        for (uint32_t k = open + 1; k < s_end && k < open + 8; ++k)
          if (tok(k).kind == TokenKind::Quote) {
            close = k;
            break;
          }
        if (close == UINT32_MAX) continue;
        c.kind = CandKind::Label;
        c.first = subj.empty() ? i : subj.a;
        c.end = close + 1;
        c.span = span_of(i, close + 1);
        add_cand(std::move(c));
        continue;
      }
      c.kind = kind == CueKind::Report ? CandKind::Report : CandKind::Speech;
      uint32_t a = cue_end;
      for (uint32_t k = cue_end; k < s_end && k < cue_end + 5; ++k) {
        const Token& t = tok(k);
        if (t.kind == TokenKind::Punct && eq(t.norm, ":")) {
          a = k + 1;
          break;
        }
        if (t.kind == TokenKind::Punct) break;
        // a complementizer that is also a preposition ("di") only right after the verb
        // ("ha detto di essere sereno"; not "pubblico di identità")
        if (has(k, kWordComplementizer) &&
            (!has(k, kWordPreposition) ||
             (k == cue_end && k + 1 < s_end && lex_.is_infinitive(tok(k + 1).norm)))) {
          a = k + 1;
          break;
        }
      }
      if (a == cue_end) {
        // no "che"/"that"/":": an object or a that-less clause must follow
        // ("reported the death of", "said he", "ha annunciato le dimissioni")
        bool ok = a < s_end && (has(a, kWordDeterminer | kWordPronoun) || name_like(a) ||
                                tok(a).kind == TokenKind::Number ||
                                (kind == CueKind::Report && len > 1 && has(a, kWordPreposition)) ||
                                tok(a).kind == TokenKind::Quote);
        if (!ok) continue;
      }
      {
        // the verb of an attribution after a quotation (", Khan said"): the quotation is
        // the statement, and the quotes stage has it
        uint32_t before = subj.empty() ? i : subj.a;
        while (before > s0 && has(before - 1, kWordSkip | kWordAux)) --before;
        if (before > s0 && (tok(before - 1).kind == TokenKind::Quote || tok(before - 1).kind == TokenKind::Dash ||
                            (is_punct(before - 1, ",") && before - 1 > s0 && tok(before - 2).kind == TokenKind::Quote)))
          continue;
      }
      while (a < s_end && (tok(a).kind == TokenKind::Quote || tok(a).kind == TokenKind::Punct)) ++a;
      c.first = a;
      c.end = clause_end(a, s_end, sub);
    }
    if (c.end <= c.first) continue;
    c.span = span_of(c.first, c.end);
    covered_until = std::max(covered_until, c.end);
    for (uint32_t k = i; k < c.end; ++k) used[k - s0] = true;
    add_cand(std::move(c));
  }

  // quotations: a speaker's quotation is a statement of theirs; so is "X: “...”"
  for (const Quote& q : doc_.quotes) {
    if (!s.span.contains(q.span) || q.span.empty()) continue;
    uint32_t a = doc_.token_at(q.span.begin);
    if (a >= s_end || used[a - s0]) continue;
    uint32_t b = a;
    while (b < s_end && tok(b).span.end <= q.span.end) ++b;
    if (b <= a) continue;
    Cand c;
    c.sentence = si;
    c.kind = CandKind::Quote;
    c.first = a;
    c.end = b;
    c.span = q.span;
    c.cue = q.cue.empty() ? q.span : q.cue;
    if (q.speaker) c.src = {static_cast<int32_t>(*q.speaker), -1};
    for (uint32_t k = a; k < b; ++k) used[k - s0] = true;
    add_cand(std::move(c));
  }
  for (uint32_t i = s0 + 1; i + 1 < s_end; ++i) {
    if (!is_punct(i, ":") || tok(i + 1).kind != TokenKind::Quote || used[i + 1 - s0]) continue;
    uint32_t a = i + 2, b = a;
    while (b < s_end && tok(b).kind != TokenKind::Quote) ++b;
    if (b <= a) continue;
    Region subj = subject_left(i, s0);
    Resolved who = resolve(subj, s0);
    Cand c;
    c.sentence = si;
    c.kind = CandKind::Quote;
    c.first = a;
    c.end = b;
    c.span = span_of(a, b);
    c.cue = tok(i).span;
    c.src = who.src;
    c.ref = who.ref;
    c.ref_nominal = who.nominal;
    for (uint32_t k = a; k < b; ++k) used[k - s0] = true;
    add_cand(std::move(c));
  }

  // Italian conditional of reported speech: continues the latest statement's source
  if (cands_.size() == first_cand && have_statement_ && last_statement_src_.valid() &&
      si <= last_statement_sentence_ + 2) {
    for (uint32_t i = s0; i < s_end; ++i) {
      bool cond = tok(i).features.find("<cni>") != std::string::npos;
      if (!cond) {
        cues.clear();
        lex_.cues_at(tv_, i, s_end, cues);
        for (auto& [c, l] : cues)
          if (c->kind == CueKind::Conditional) cond = true;
      }
      if (!cond) continue;
      if (subordinate_before(i, s0)) break;
      bool hypothetical = false;
      for (uint32_t k = s0; k < i; ++k)
        if (eq(tok(k).norm, "se") || eq(tok(k).norm, "if")) hypothetical = true;
      if (hypothetical) break;
      Cand c;
      c.sentence = si;
      c.kind = CandKind::Conditional;
      c.src = last_statement_src_;
      c.first = s0;
      c.end = clause_end(s0, s_end, false);
      if (c.end <= i) c.end = trim_end(s0, s_end);
      c.span = span_of(c.first, c.end);
      c.cue = tok(i).span;
      add_cand(std::move(c));
      break;
    }
  }
  contradictions(first_cand, si);
}

std::optional<uint32_t> Analysis::materialise(const Src& s, bool create) {
  if (s.entity >= 0) return static_cast<uint32_t>(s.entity);
  if (s.pending < 0) return std::nullopt;
  Pending& p = pending_[s.pending];
  if (p.created >= 0) return static_cast<uint32_t>(p.created);
  if (!create) return std::nullopt;
  Entity e;
  e.name = std::string(doc_.slice(p.span));
  bool media = is_media(s);
  e.type = p.person ? EntityType::PER : EntityType::ORG;
  if (media) e.type = EntityType::ORG;
  if (kb_ && p.kind == MentionKind::Name) {
    for (const Actor* a : kb_->actors_by_alias(e.name)) {
      e.name = a->name;
      e.type = a->type;
      e.kb_id = a->id;
      e.actor = KnowledgeBase::actor_code_at(*a, doc_.date);
      e.country = a->country;
      break;
    }
  }
  e.mentions.push_back(Mention{p.span, p.kind, "claims"});
  doc_.entities.push_back(std::move(e));
  p.created = static_cast<int32_t>(doc_.entities.size() - 1);
  return static_cast<uint32_t>(p.created);
}

void Analysis::add_nominal(uint32_t e, Span sp) {
  if (sp.empty()) return;
  for (const Entity& en : doc_.entities)
    for (const Mention& m : en.mentions)
      if (m.span.overlaps(sp)) return;
  auto& ms = doc_.entities[e].mentions;
  Mention m{sp, MentionKind::Nominal, "claims"};
  ms.insert(std::upper_bound(ms.begin(), ms.end(), m, [](const Mention& x, const Mention& y) { return x.span < y.span; }), m);
}

void Analysis::emit() {
  std::vector<size_t> order(cands_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return cands_[x].span.begin < cands_[y].span.begin; });
  std::vector<Claim> out;
  std::vector<std::pair<Span, Src>> taken;
  for (size_t idx : order) {
    Cand& c = cands_[idx];
    if (!c.src.valid()) continue;
    bool fate = !c.changes.empty();
    if (c.kind == CandKind::Label && !fate) continue;
    bool media = media_claim(c);
    if (!media && !fate) continue;
    bool dup = false;
    for (auto& [sp, src] : taken)
      if (sp.overlaps(c.span) && src == c.src) dup = true;
    if (dup) continue;
    taken.emplace_back(c.span, c.src);
    if (media && c.src.pending >= 0 && std::find(media_srcs_.begin(), media_srcs_.end(), c.src) == media_srcs_.end())
      media_srcs_.push_back(c.src);
    auto e = materialise(c.src, true);
    if (!e) continue;
    if (c.ref_nominal) add_nominal(*e, c.ref);
    Claim cl;
    cl.source = e;
    cl.span = c.span;
    cl.rule = std::string("claims:") +
              (c.kind == CandKind::Report      ? "report"
               : c.kind == CandKind::Speech    ? "speech"
               : c.kind == CandKind::According ? "according"
               : c.kind == CandKind::Label     ? "label"
               : c.kind == CandKind::Quote     ? "quote"
                                               : "conditional");
    ClaimStatusChange first;
    first.status = ClaimStatus::Reported;
    first.by = e;
    first.evidence = c.cue;
    first.date = doc_.date.str();
    cl.history.push_back(first);
    for (size_t k = 0; k < c.changes.size(); ++k) {
      ClaimStatusChange ch = c.changes[k];
      ch.by = materialise(c.change_by[k], false);
      cl.history.push_back(ch);
    }
    cl.status = cl.history.back().status;
    for (uint32_t v = 0; v < doc_.events.size(); ++v) {
      const Event& ev = doc_.events[v];
      Span where = ev.trigger.empty() ? ev.evidence : ev.trigger;
      if (!where.empty() && c.span.contains(where)) {
        cl.event = v;
        break;
      }
    }
    out.push_back(std::move(cl));
  }
  doc_.claims = std::move(out);
}

void Analysis::run() {
  const size_t n = doc_.tokens.size();
  tv_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Token& t = doc_.tokens[i];
    tv_[i].norm = t.norm;
    // a lemma equal to the form tells nothing: the stem is tried instead
    tv_[i].lemma = (t.lemma.empty() || same_bytes(t.lemma, t.norm)) ? std::string_view() : std::string_view(t.lemma);
  }
  lex_.prepare(tv_);
  kinds_.resize(n);
  for (size_t i = 0; i < n; ++i) kinds_[i] = doc_.tokens[i].kind == TokenKind::Word ? ClaimLexicon::word_kinds(tv_[i]) : 0;
  in_timex_.assign(n, false);
  for (const Timex& t : doc_.timexes)
    for (uint32_t i = doc_.token_at(t.span.begin); i < n && tok(i).span.begin < t.span.end; ++i) in_timex_[i] = true;
  tok_entity_.assign(n, -1);
  tok_entity_any_.assign(n, -1);
  for (uint32_t e = 0; e < doc_.entities.size(); ++e) {
    for (const Mention& m : doc_.entities[e].mentions) {
      // a name mention must start with a capital letter (or a digit): a common noun
      // taken for a name ("newspaper") is a nominal reference here
      uint32_t first = doc_.token_at(m.span.begin);
      bool named = m.kind == MentionKind::Name && first < n &&
                   (tok(first).has(kCapitalised) || tok(first).kind == TokenKind::Number);
      for (uint32_t i = first; i < n && tok(i).span.begin < m.span.end; ++i) {
        if (named) tok_entity_[i] = static_cast<int32_t>(e);
        tok_entity_any_[i] = static_cast<int32_t>(e);
      }
    }
  }
  for (uint32_t si = 0; si < doc_.sentences.size(); ++si) sentence_pass(si);
  emit();
}

}  // namespace

ClaimStage::ClaimStage(const StageContext& ctx)
    : it_(std::make_unique<ClaimLexicon>(ctx.data_dir / "it", "italian")),
      en_(std::make_unique<ClaimLexicon>(ctx.data_dir / "en", "english")),
      kb_(ctx.kb) {}

ClaimStage::~ClaimStage() = default;

const ClaimLexicon* ClaimStage::lexicon(std::string_view lang) const {
  if (lang == "it") return it_.get();
  if (lang == "en") return en_.get();
  return nullptr;
}

void ClaimStage::run(Document& doc) const {
  doc.claims.clear();
  const ClaimLexicon* lex = lexicon(doc.lang);
  if (!lex || lex->empty() || doc.tokens.empty() || doc.sentences.empty()) return;
  Analysis(doc, *lex, kb_).run();
}

}  // namespace cronaca
