// Quotation marks: the approach.
//
// One pass over the code points with a small stack of open quotations (skipping
// the bytes that cannot start a mark or a line break, most of the text). Each
// candidate mark is classified from its neighbours (the code point before and
// after): typographic marks carry their direction (“ « ‘ open, ” » ’ close);
// straight marks (" '' ') open after white space or an opening bracket and
// close before white space or punctuation. Apostrophes (a ’ or ' between
// letters, before the digits of a decade) are skipped before any of that.
// A line break closes every open quotation: doubles end there, singles are
// dropped (an unclosed single quote is far more often an apostrophe).
//
// Tested by tests/unit/quotes_test.cc (QuoteMarks.*) and the case files in
// tests/cases/quotes/.
#include "quotes/quote_marks.h"

#include <algorithm>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/utf8.h"

namespace cronaca {
namespace {

enum class Style : uint8_t { Curly, Guillemet, Straight, NytDouble, LowCurly, Single, SingleGuillemet, SingleStraight };

bool is_single(Style s) { return s == Style::Single || s == Style::SingleGuillemet || s == Style::SingleStraight; }

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007 ||
         c == 0x200B || c == 0x3000;
}

// Letters of the scripts news text uses, and digits; enough to tell an
// apostrophe inside a word from a mark at its edge.
bool is_alnum(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c == 0xD7 || c == 0xF7) return false;
  return (c >= 0xC0 && c <= 0x24F) || (c >= 0x370 && c <= 0x52F) || (c >= 0x1E00 && c <= 0x1FFF) ||
         (c >= 0x0590 && c <= 0x06FF) || (c >= 0x4E00 && c <= 0x9FFF);
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_opening_context(char32_t prev) {
  return prev == 0 || is_space(prev) || prev == '(' || prev == '[' || prev == '{' || prev == 0x2013 ||
         prev == 0x2014 || prev == '-' || prev == '/' || prev == 0x201C || prev == 0xAB || prev == 0x2018 ||
         prev == ':' || prev == 0x2026;
}

bool is_closing_context(char32_t next) {
  return next == 0 || is_space(next) || next == '.' || next == ',' || next == ';' || next == ':' || next == '!' ||
         next == '?' || next == ')' || next == ']' || next == '}' || next == 0x2013 || next == 0x2014 ||
         next == '-' || next == 0x201D || next == 0xBB || next == 0x2019 || next == 0x2026 || next == '"' ||
         next == '\'';
}

struct Open {
  Style style;
  Span mark;
  bool paragraph_start;  // the mark opens its paragraph
};

struct Scanner {
  std::string_view text;
  std::vector<QuotedSpan> out;
  std::vector<Open> stack;
  // Where the current paragraph starts, and whether the previous one ended
  // with a top-level double quotation left open.
  uint32_t paragraph_begin = 0;
  bool previous_left_open = false;
  bool current_left_open = false;

  Span trim(uint32_t b, uint32_t e) const {
    while (b < e) {
      size_t p = b;
      char32_t c = utf8_next(text, p);
      if (!is_space(c)) break;
      b = static_cast<uint32_t>(p);
    }
    while (e > b) {
      size_t p = e;
      char32_t c = utf8_prev(text, p);
      if (!is_space(c)) break;
      e = static_cast<uint32_t>(p);
    }
    return {b, e};
  }

  void emit(const Open& o, uint32_t inner_end, Span close) {
    QuotedSpan q;
    q.inner = trim(o.mark.end, inner_end);
    q.open = o.mark;
    q.close = close;
    q.single = is_single(o.style);
    q.depth = static_cast<uint8_t>(stack.size() > 0 ? stack.size() - 1 : 0);
    q.continues = q.depth == 0 && !q.single && o.paragraph_start && previous_left_open;
    if (!q.inner.empty()) out.push_back(q);
  }

  bool top_is_single() const { return !stack.empty() && is_single(stack.back().style); }

  // Closes the innermost open quotation of a double style; unclosed singles
  // above it are dropped.
  bool close_double(Span mark) {
    size_t i = stack.size();
    while (i > 0 && is_single(stack[i - 1].style)) --i;
    if (i == 0) return false;
    stack.resize(i);
    emit(stack.back(), mark.begin, mark);
    stack.pop_back();
    return true;
  }

  bool double_open() const {
    for (const Open& o : stack)
      if (!is_single(o.style)) return true;
    return false;
  }

  bool at_paragraph_start(uint32_t pos) const {
    size_t p = pos;
    while (p > paragraph_begin) {
      char32_t c = utf8_prev(text, p);
      if (!is_space(c)) return false;
    }
    return true;
  }

  void push(Style s, Span mark) { stack.push_back({s, mark, at_paragraph_start(mark.begin)}); }

  void end_paragraph(uint32_t pos) {
    bool left_open = false;
    while (!stack.empty()) {
      if (!is_single(stack.back().style)) {
        if (stack.size() == 1) left_open = true;
        emit(stack.back(), pos, Span{pos, pos});
      }
      stack.pop_back();
    }
    // Sort what this paragraph produced by opening mark (nested ones were
    // emitted before their outer quotation).
    current_left_open = left_open;
  }

  void straight_double(Style style, Span mark, char32_t prev, char32_t next) {
    bool opening = is_opening_context(prev) && !is_space(next) && next != 0;
    bool closing = !is_space(prev) && prev != 0 && is_closing_context(next);
    // Is a quotation of this very style open?
    bool same_open = false;
    for (const Open& o : stack)
      if (o.style == style) same_open = true;
    if (same_open && (closing || !opening)) {
      while (!stack.empty() && stack.back().style != style) {
        if (!is_single(stack.back().style)) emit(stack.back(), mark.begin, mark);
        stack.pop_back();
      }
      emit(stack.back(), mark.begin, mark);
      stack.pop_back();
      return;
    }
    if (opening || (!closing && !same_open)) {
      push(style, mark);
      return;
    }
    // A closing-looking straight mark with nothing of its style open: it
    // closes a curly quotation typed with mixed marks, if one is open.
    if (double_open()) close_double(mark);
  }

  // Bytes that can start a line break or a mark: '\n', '"', '\'', and the lead bytes
  // of U+0080..U+00BF (« ») and U+2000..U+2FFF (‘ ’ “ ” „ ‹ ›). No such byte is ever a
  // continuation byte, so skipping the others lands on the code points a decoding walk
  // would reach.
  static bool may_mark(unsigned char b) { return b == '\n' || b == '"' || b == '\'' || b == 0xC2 || b == 0xE2; }

  // The first position at or after `pos` whose byte may_mark(), or text.size().
  size_t next_candidate(size_t pos) const {
    const size_t n = text.size();
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n'), dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\'');
    const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2)), e2 = _mm_set1_epi8(static_cast<char>(0xE2));
    while (pos + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, dq)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, sq),
                                                    _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2))));
      const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (mask) return pos + static_cast<size_t>(__builtin_ctz(mask));
      pos += 16;
    }
#endif
    while (pos < n && !may_mark(static_cast<unsigned char>(text[pos]))) ++pos;
    return pos;
  }

  void run() {
    size_t pos = 0;
    char32_t prev = 0;
    size_t prev_end = 0;  // where the code point `prev` ends
    const size_t n = text.size();
    while (pos < n) {
      pos = next_candidate(pos);
      if (pos >= n) break;
      if (pos != prev_end) {
        size_t q = pos;
        prev = utf8_prev(text, q);
      }
      uint32_t begin = static_cast<uint32_t>(pos);
      char32_t c = utf8_next(text, pos);
      uint32_t end = static_cast<uint32_t>(pos);
      if (c == '\n') {
        // Blank lines between paragraphs keep the state of the last non-blank one.
        bool blank = at_paragraph_start(begin);
        end_paragraph(begin);
        if (!blank) previous_left_open = current_left_open;
        paragraph_begin = end;
        prev = c;
        prev_end = pos;
        continue;
      }
      size_t np = pos;
      char32_t next = np < text.size() ? utf8_next(text, np) : 0;
      Span mark{begin, end};
      switch (c) {
        case 0x201C:  // “
          if (double_open() && !is_space(prev) && prev != 0 && is_closing_context(next) && !is_opening_context(prev))
            close_double(mark);  // a backwards closing mark
          else
            push(Style::Curly, mark);
          break;
        case 0x201E:  // „
          push(Style::LowCurly, mark);
          break;
        case 0x201D:  // ”
          if (!double_open() && is_opening_context(prev) && !is_space(next) && next != 0)
            push(Style::Curly, mark);  // a backwards opening mark
          else
            close_double(mark);
          break;
        case 0xAB:  // «
          push(Style::Guillemet, mark);
          break;
        case 0xBB:  // »
          close_double(mark);
          break;
        case '"':
          straight_double(Style::Straight, mark, prev, next);
          break;
        case 0x2018:  // ‘
          if (is_digit(next)) break;  // ‘90s
          if (is_alnum(prev)) break;  // a misused apostrophe
          push(Style::Single, mark);
          break;
        case 0x2039:  // ‹
          push(Style::SingleGuillemet, mark);
          break;
        case 0x203A:  // ›
          if (top_is_single()) {
            emit(stack.back(), mark.begin, mark);
            stack.pop_back();
          }
          break;
        case '\'':
          if (next == '\'') {  // the NYT archive's doubled apostrophes
            pos = np;
            mark.end = static_cast<uint32_t>(np);
            size_t nn = pos;
            char32_t after = nn < text.size() ? utf8_next(text, nn) : 0;
            straight_double(Style::NytDouble, mark, prev, after);
            prev = '\'';
            prev_end = pos;
            continue;
          }
          [[fallthrough]];
        case 0x2019:  // ’
          single_close_or_open(c, mark, prev, next, np);
          break;
        default:
          break;
      }
      prev = c;
      prev_end = pos;
    }
    end_paragraph(static_cast<uint32_t>(text.size()));
  }

  void single_close_or_open(char32_t c, Span mark, char32_t prev, char32_t next, size_t after_next) {
    if (is_alnum(prev) && is_alnum(next)) return;  // l’occasione, don’t, Putin’s
    if (is_opening_context(prev) && (is_alnum(next) || next == 0x2026 || next == '.')) {
      if (is_digit(next)) {
        // ’90s, '80: an elided century, not a mark.
        size_t p = after_next;
        char32_t d = next;
        while (is_digit(d) && p < text.size()) d = utf8_next(text, p);
        if (d == 's' || is_space(d) || d == ',' || d == '.' || d == 0) return;
      }
      push(c == '\'' ? Style::SingleStraight : Style::Single, mark);
      return;
    }
    if (top_is_single() && !is_space(prev) && prev != 0 && (is_closing_context(next) || !is_alnum(next))) {
      emit(stack.back(), mark.begin, mark);
      stack.pop_back();
    }
  }
};

}  // namespace

std::vector<QuotedSpan> find_quoted_spans(std::string_view text) {
  Scanner s{text, {}, {}};
  s.run();
  std::vector<QuotedSpan> out = std::move(s.out);
  std::stable_sort(out.begin(), out.end(),
                   [](const QuotedSpan& a, const QuotedSpan& b) { return a.open.begin < b.open.begin; });
  return out;
}

}  // namespace cronaca
