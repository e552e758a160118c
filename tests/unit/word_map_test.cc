// WordMap (util/word_map.h): keys of every length up to and past the inline limit,
// absent keys, replacement, growth, and keys that differ only in their last byte.
#include "util/word_map.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cronaca {
namespace {

TEST(WordMap, FindsWhatWasSetAndNothingElse) {
  WordMap<int> m;
  EXPECT_EQ(m.find("a"), nullptr);
  std::vector<std::string> keys;
  for (size_t n = 1; n <= 40; ++n) {
    keys.push_back(std::string(n, 'a'));              // "a", "aa", ... past 16 bytes
    keys.push_back(std::string(n - 1, 'a') + "b");   // differs in the last byte only
    keys.push_back(std::string(n, 'a') + "\xC3\xA8");   // a two-byte letter at the end
  }
  for (size_t i = 0; i < keys.size(); ++i) m.set(keys[i], static_cast<int>(i));
  EXPECT_EQ(m.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const int* v = m.find(keys[i]);
    ASSERT_NE(v, nullptr) << keys[i];
    EXPECT_EQ(*v, static_cast<int>(i)) << keys[i];
  }
  EXPECT_EQ(m.find(""), nullptr);
  EXPECT_EQ(m.find("c"), nullptr);
  EXPECT_EQ(m.find(std::string(17, 'c')), nullptr);
  EXPECT_EQ(m.find(std::string(41, 'a')), nullptr);
  // a key is its bytes, not a prefix of a longer view
  std::string text = "aab";
  EXPECT_EQ(*m.find(std::string_view(text).substr(0, 2)), *m.find("aa"));
}

TEST(WordMap, SetReplacesAndOperatorBracketAdds) {
  WordMap<std::string> m;
  m.set("della", "x");
  m.set("della", "y");
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(*m.find("della"), "y");
  m["delle"] += "z";
  m["delle"] += "z";
  EXPECT_EQ(*m.find("delle"), "zz");
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find("della"), nullptr);
}

TEST(WordMap, UnfilteredMapFindsTheSame) {
  WordMap<int, false> m;
  for (int i = 0; i < 5000; ++i) m.set("w" + std::to_string(i), i);
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(*m.find("w" + std::to_string(i)), i);
  EXPECT_EQ(m.find("w5000"), nullptr);
}

}  // namespace
}  // namespace cronaca
