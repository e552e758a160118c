// plain_ascii_run(): the scan the JSON reader and writer share, for the long stretches
// of a string that need no escaping and no UTF-8 check.
#pragma once

#include <cstddef>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace cronaca {

/// The end of the run of plain ASCII bytes (no quote, backslash, control character or
/// byte >= 0x80) that starts at p[i], scanned sixteen bytes at a time: the scan stops at
/// the first other byte, or with fewer than 16 bytes left before n (the caller goes on
/// byte by byte). Without SSE2, returns i.
inline size_t plain_ascii_run(const unsigned char* p, size_t i, size_t n) {
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (i + 16 <= n) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // a signed compare: bytes >= 0x80 are negative, so below 0x20 too
    const __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)), _mm_cmplt_epi8(x, space));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#else
  (void)p;
  (void)n;
#endif
  return i;
}

}  // namespace cronaca
