// Finding quoted stretches of text from the quotation marks alone.
//
// find_quoted_spans() scans the characters of a text, tells quotation marks
// from apostrophes and pairs opening and closing marks:
//
//   double marks  “…”  «…»  „…“  "…"  ''…'' (the NYT archive's doubled apostrophes)
//   single marks  ‘…’  ‹…›  '…'
//
// - An apostrophe between letters (l’occasione, Putin’s, don’t), before a
//   digit after a space (’90s) or after a letter with no single quote open
//   (voters’, po’) is not a mark.
// - A single quote opens only before a letter or digit and closes only while a
//   single quote is open in the same paragraph; an unclosed single quote is
//   dropped.
// - A double quote left open at the end of its paragraph (the journalistic
//   convention for quotations running over several paragraphs, or a missing
//   mark) ends there; the next paragraph's opening mark continues it
//   (QuotedSpan::continues).
// - Backwards marks are accepted: ” opening a paragraph, “ closing one.
// - Marks of another style inside an open quotation make a nested quotation
//   (depth 1): « … “…” … », “ … ‘…’ … ”.
//
// A paragraph ends at a line break. Spans exclude the marks and the white space
// just inside them. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/document.h"

namespace cronaca {

struct QuotedSpan {
  Span inner;              // the quoted words, without the marks and inner white space
  Span open;               // the opening mark
  Span close;              // the closing mark; empty when the quotation runs to the paragraph end
  bool single = false;     // ‘…’ '…' ‹…›
  uint8_t depth = 0;       // 0 top level, 1 nested in another quotation
  bool continues = false;  // opens a paragraph right after a paragraph whose quotation was left open
};

/// The quoted stretches of `text`, ordered by their opening mark.
std::vector<QuotedSpan> find_quoted_spans(std::string_view text);

}  // namespace cronaca
