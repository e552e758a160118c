// Stage "time" (see time_stage.h): builds the grammar's token view from the
// document's tokens and runs the grammar of the document's language.
// Tests: tests/unit/time_test.cc (cases in tests/cases/time/*.txt).
#include "time/time_stage.h"

#include <algorithm>
#include <cstdlib>
#include <forward_list>

#include "time/time_grammar.h"
#include "time/time_lexicon.h"
#include "util/utf8.h"

namespace cronaca {
namespace {

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2009; }
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }
bool is_open_punct(char32_t c) { return c == '(' || c == '[' || c == '"' || c == 0xAB || c == 0x201C || c == 0x2018; }
bool is_close_punct(char32_t c) {
  return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']' || c == '"' || c == 0xBB ||
         c == 0x201D || c == 0x2019 || c == '\'' || c == '.';
}
bool is_letter_or_digit(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0xC0;
}

/// A rough tokenizer for documents that come without tokens (segmentation
/// skipped): white space, outer punctuation, elision apostrophes.
void rough_tokens(const Document& doc, std::forward_list<std::string>& store, std::vector<TimeToken>& out) {
  const std::string& text = doc.text;
  uint32_t sentence = 0;
  size_t pos = 0;
  bool space_before = true;
  auto emit = [&](size_t b, size_t e, bool sp) {
    if (e <= b) return;
    TimeToken t;
    t.span = Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
    store.push_front(TimeLexicon::fold(std::string_view(text).substr(b, e - b)));
    t.norm = store.front();
    unsigned char c0 = static_cast<unsigned char>(text[b]);
    size_t q = b;
    char32_t first = utf8_next(text, q);
    bool digit = c0 >= '0' && c0 <= '9';
    if (is_apostrophe(first) && q < e && text[q] >= '0' && text[q] <= '9') digit = true;
    t.kind = digit ? TokenKind::Number : is_letter_or_digit(first) ? TokenKind::Word : TokenKind::Punct;
    if (t.kind == TokenKind::Word && t.norm.size() > 0 &&
        std::string_view(text).substr(b, e - b).substr(0, 1) != t.norm.substr(0, 1))
      t.flags |= kCapitalised;
    if (sp) t.flags |= kSpaceBefore;
    t.sentence = sentence;
    out.push_back(t);
    if (t.kind == TokenKind::Punct && (t.norm == "." || t.norm == "!" || t.norm == "?")) ++sentence;
  };
  while (pos < text.size()) {
    size_t p = pos;
    char32_t c = utf8_next(text, p);
    if (is_space(c)) {
      if (c == '\n' && p < text.size() && text[p] == '\n') ++sentence;
      pos = p;
      space_before = true;
      continue;
    }
    // A chunk of non-space characters.
    size_t b = pos, e = pos;
    while (e < text.size()) {
      size_t q = e;
      if (is_space(utf8_next(text, q))) break;
      e = q;
    }
    // Leading punctuation.
    bool sp = space_before;
    while (b < e) {
      size_t q = b;
      char32_t ch = utf8_next(text, q);
      if (is_open_punct(ch) || (is_apostrophe(ch) && !(q < e && text[q] >= '0' && text[q] <= '9'))) {
        emit(b, q, sp);
        sp = false;
        b = q;
      } else {
        break;
      }
    }
    // Trailing punctuation (kept: the final dot of "p.m." and other inner-dot words).
    std::vector<std::pair<size_t, size_t>> tail;
    while (e > b) {
      size_t q = e;
      char32_t ch = utf8_prev(text, q);
      if (!is_close_punct(ch)) break;
      if (ch == '.' && std::string_view(text).substr(b, q - b).find('.') != std::string_view::npos &&
          !(text[b] >= '0' && text[b] <= '9'))
        break;
      tail.emplace_back(q, e);
      e = q;
    }
    // Elision: "l'anno" -> "l'" "anno".
    size_t s = b;
    for (size_t q = b; q < e;) {
      size_t r = q;
      char32_t ch = utf8_next(text, r);
      if (is_apostrophe(ch) && q > s && r < e) {
        size_t t = r;
        char32_t next = utf8_next(text, t);
        size_t u = q;
        char32_t prev = utf8_prev(text, u);
        if (is_letter_or_digit(next) && is_letter_or_digit(prev) && !(prev >= '0' && prev <= '9')) {
          emit(s, r, sp);
          sp = false;
          s = r;
        }
      }
      q = r;
    }
    emit(s, e, sp);
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) emit(it->first, it->second, false);
    pos = std::max(pos + 1, tail.empty() ? e : tail.front().second);
    space_before = false;
  }
}

}  // namespace

TimeStage::TimeStage(const StageContext& ctx) {
  it_ = std::make_unique<TimeLexicon>(TimeLexicon::load(ctx.data_dir, "it"));
  en_ = std::make_unique<TimeLexicon>(TimeLexicon::load(ctx.data_dir, "en"));
  it_grammar_ = std::make_unique<TimeGrammar>(*it_);
  en_grammar_ = std::make_unique<TimeGrammar>(*en_);
}

TimeStage::~TimeStage() = default;

void TimeStage::run(Document& doc) const {
  const bool italian = doc.lang == "it";
  const TimeLexicon& lx = italian ? *it_ : *en_;
  const TimeGrammar& grammar = italian ? *it_grammar_ : *en_grammar_;
  // The token view, kept from one document to the next (no allocation per document).
  thread_local std::vector<TimeToken> view;
  view.clear();
  std::forward_list<std::string> store;  // norms made here (stable addresses)
  if (doc.tokens.empty()) {
    rough_tokens(doc, store, view);
    for (TimeToken& t : view) {
      if (const TimeLexicon::Entry* e = lx.entry(t.norm)) t.word = e->word, t.phrases = e->phrases;
      TimeGrammar::annotate(t);
    }
  } else {
    view.reserve(doc.tokens.size());
    const size_t n = doc.tokens.size();
    for (size_t k = 0; k < n; ++k) {
      const Token& tok = doc.tokens[k];
      // built in place: a TimeToken built aside and copied in stalls on its partial writes
      TimeToken& t = view.emplace_back();
      t.span = tok.span;
      t.kind = tok.kind;
      t.flags = tok.flags;
      t.sentence = tok.sentence;
      t.norm = tok.norm;
      if (tok.norm.empty()) {
        store.push_front(TimeLexicon::fold(doc.slice(tok.span)));
        t.norm = store.front();
      }
      // An elision the segmenter left apart ("dell" "'" "8") joins its apostrophe
      // when the joined form is a time word ("dell'").
      if (tok.kind == TokenKind::Word && k + 2 < n && doc.tokens[k + 1].norm.size() == 1 &&
          doc.tokens[k + 1].norm[0] == '\'' && doc.tokens[k + 1].span.begin == tok.span.end &&
          doc.tokens[k + 2].span.begin == doc.tokens[k + 1].span.end && doc.tokens[k + 1].sentence == tok.sentence) {
        std::string merged = std::string(t.norm) + "'";
        if (lx.word(merged)) {
          store.push_front(std::move(merged));
          t.norm = store.front();
          t.span.end = doc.tokens[k + 1].span.end;
          ++k;
        }
      }
      if (const TimeLexicon::Entry* e = lx.entry(t.norm)) t.word = e->word, t.phrases = e->phrases;
      if (!t.word && t.norm.size() > 2 && t.norm.back() == '.')
        t.word = lx.word(t.norm.substr(0, t.norm.size() - 1));  // "Jan."
      TimeGrammar::annotate(t);
    }
  }
  doc.timexes = grammar.find(doc, view);
}

const Timex* governing_timex(const Document& doc, Span clause) {
  if (doc.timexes.empty()) return nullptr;
  Span sentence{0, static_cast<uint32_t>(doc.text.size())};
  if (!doc.sentences.empty()) sentence = doc.sentences[doc.sentence_at(clause.begin)].span;
  const Timex* inside = nullptr;
  const Timex* near = nullptr;
  int64_t best = -1;
  for (const Timex& t : doc.timexes) {
    if (t.type == Timex::Type::DURATION || t.type == Timex::Type::SET) continue;
    if (t.value.size() >= 4 && t.value.compare(t.value.size() - 4, 4, "_REF") == 0) continue;
    if (!sentence.overlaps(t.span)) continue;
    if (clause.contains(t.span)) {
      if (!inside || t.span.begin < inside->span.begin) inside = &t;
      continue;
    }
    int64_t d = t.span.begin >= clause.end ? int64_t(t.span.begin) - clause.end : int64_t(clause.begin) - t.span.end;
    if (d < 0) d = 0;
    if (best < 0 || d < best) {
      best = d;
      near = &t;
    }
  }
  return inside ? inside : near;
}

std::string clause_date(const Document& doc, Span clause) {
  if (const Timex* t = governing_timex(doc, clause)) return t->value;
  return doc.date.str();
}

}  // namespace cronaca
