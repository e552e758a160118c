// UTF-8 helpers: validation, decoding, and the byte -> code point offset map
// the writers use to emit the contract's spans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cronaca {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool utf8_valid(std::string_view s);
/// The byte offset of the first invalid sequence, or s.size() when valid.
size_t utf8_first_invalid(std::string_view s);

/// Decodes the code point starting at s[pos] and advances pos. Invalid bytes
/// decode as U+FFFD and advance by one.
char32_t utf8_next(std::string_view s, size_t& pos);
/// Decodes the code point ending just before s[pos] and moves pos back to its start.
char32_t utf8_prev(std::string_view s, size_t& pos);
/// Appends the UTF-8 encoding of `c` to `out`.
void utf8_append(std::string& out, char32_t c);
/// The length of the well-formed UTF-8 sequence (no overlong, no surrogate, at most
/// U+10FFFF) of two to four bytes at p, with `avail` bytes readable, or 0. Inline: the
/// JSON reader and writer call it on every non-ASCII byte.
inline size_t utf8_sequence_length(const unsigned char* p, size_t avail) {
  const unsigned char c = p[0];
  auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < avail && p[k] >= lo && p[k] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/// The number of code points in s.
size_t utf8_length(std::string_view s);

/// Maps byte offsets of one text to code point offsets. Built in one pass; each
/// lookup is O(log n). Offsets inside a multi-byte sequence map to the code
/// point that contains them.
class CodePointMap {
 public:
  explicit CodePointMap(std::string_view text);
  uint32_t operator()(uint32_t byte_offset) const;

 private:
  // Byte offset of every 64th code point, for a binary search then a short scan.
  std::vector<uint32_t> checkpoints_;
  std::string_view text_;
};

}  // namespace cronaca
