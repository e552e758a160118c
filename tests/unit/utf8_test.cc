#include <gtest/gtest.h>

#include "util/utf8.h"

namespace cronaca {
namespace {

TEST(Utf8, Validation) {
  EXPECT_TRUE(utf8_valid("città “Tokayev” – Токаев 😀"));
  EXPECT_FALSE(utf8_valid("\xC0\xAF"));          // overlong
  EXPECT_FALSE(utf8_valid("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(utf8_valid("abc\xE2\x80"));       // truncated
  EXPECT_EQ(utf8_first_invalid("ab\xFF" "c"), 2u);
}

TEST(Utf8, CodePointMapCountsCodePoints) {
  std::string s = "l’occasione – Токаев 😀 fine";
  CodePointMap cp(s);
  EXPECT_EQ(cp(0), 0u);
  EXPECT_EQ(cp(1), 1u);                       // the apostrophe starts at byte 1
  EXPECT_EQ(cp(4), 2u);                       // "o" after the 3-byte apostrophe
  EXPECT_EQ(cp(static_cast<uint32_t>(s.size())), utf8_length(s));
  // Every code point start maps to its index, over a text longer than one checkpoint stride.
  std::string big;
  for (int i = 0; i < 300; ++i) big += (i % 3 ? "à" : "a");
  CodePointMap m(big);
  size_t pos = 0, idx = 0;
  while (pos < big.size()) {
    EXPECT_EQ(m(static_cast<uint32_t>(pos)), idx);
    utf8_next(big, pos);
    ++idx;
  }
}

TEST(Utf8, NextAndPrev) {
  std::string s = "a–b";
  size_t p = 1;
  EXPECT_EQ(utf8_next(s, p), U'–');
  EXPECT_EQ(p, 4u);
  EXPECT_EQ(utf8_prev(s, p), U'–');
  EXPECT_EQ(p, 1u);
  std::string out;
  utf8_append(out, U'😀');
  EXPECT_EQ(out, "😀");
}

}  // namespace
}  // namespace cronaca
