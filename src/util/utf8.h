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
