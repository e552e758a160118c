// Tests of the quotes stage: the quotation-mark scanner on its own, the
// linguistic cases in tests/cases/quotes/*.txt (each failing case reported as
// file:line), and the seed article end to end.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/reader.h"
#include "pipeline/pipeline.h"
#include "quotes/quote_marks.h"

namespace cronaca {
namespace {

std::vector<std::string> quoted(std::string_view text) {
  std::vector<std::string> out;
  for (const QuotedSpan& q : find_quoted_spans(text))
    out.push_back(std::string(q.depth ? "~" : "") + std::string(text.substr(q.inner.begin, q.inner.size())));
  return out;
}

TEST(QuoteMarks, PairsEachStyle) {
  EXPECT_EQ(quoted("a “b c” d"), (std::vector<std::string>{"b c"}));
  EXPECT_EQ(quoted("a « b c » d"), (std::vector<std::string>{"b c"}));
  EXPECT_EQ(quoted("a \"b c\" d \"e\""), (std::vector<std::string>{"b c", "e"}));
  EXPECT_EQ(quoted("a ''b c'' d"), (std::vector<std::string>{"b c"}));
  EXPECT_EQ(quoted("a ‘b c’ d"), (std::vector<std::string>{"b c"}));
}

TEST(QuoteMarks, SkipsApostrophes) {
  EXPECT_TRUE(quoted("l’occasione, Putin’s, don’t, the ’90s, voters’ anger, un po’ di").empty());
  EXPECT_EQ(quoted("dopo aver ‘defenestrato’ Nazarbayev"), (std::vector<std::string>{"defenestrato"}));
  EXPECT_EQ(quoted("“Mosca ha l’occasione” di"), (std::vector<std::string>{"Mosca ha l’occasione"}));
}

TEST(QuoteMarks, NestsOtherStyles) {
  EXPECT_EQ(quoted("«Mi ha detto “vai” e basta»"), (std::vector<std::string>{"Mi ha detto “vai” e basta", "~vai"}));
  EXPECT_EQ(quoted("“You ‘accept it,’ you say”"), (std::vector<std::string>{"You ‘accept it,’ you say", "~accept it,"}));
}

TEST(QuoteMarks, RunsToParagraphEndAndContinues) {
  auto spans = find_quoted_spans("He said: “One.\n\n“Two.”");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_TRUE(spans[0].close.empty());
  EXPECT_FALSE(spans[0].continues);
  EXPECT_TRUE(spans[1].continues);
}

// The scanner skips 16 bytes at a time to the next byte that can start a mark: a mark,
// an apostrophe or a line break at any offset, after any run of accented letters, is
// seen as when the text is read character by character.
TEST(QuoteMarks, FindsMarksAtEveryOffset) {
  // (c_str(): a std::string argument would find std::quoted by argument lookup)
  auto marks = [](const std::string& text) { return quoted(text.c_str()); };
  for (size_t pad = 0; pad < 40; ++pad) {
    for (const std::string& filler : {std::string("x"), std::string("è")}) {
      std::string lead;
      for (size_t k = 0; k < pad; ++k) lead += filler;
      std::string where = "pad " + std::to_string(pad) + " of '" + filler + "'";
      EXPECT_EQ(marks(lead + " «a b» c"), (std::vector<std::string>{"a b"})) << where;
      EXPECT_EQ(marks(lead + " “a b” c"), (std::vector<std::string>{"a b"})) << where;
      EXPECT_EQ(marks(lead + " \"a b\" c"), (std::vector<std::string>{"a b"})) << where;
      EXPECT_EQ(marks(lead + " ‘a b’ c"), (std::vector<std::string>{"a b"})) << where;
      EXPECT_TRUE(marks(lead + "a’s l’a d’\n").empty()) << where;
      // a line break ends the quotation it interrupts
      EXPECT_EQ(marks("«a " + lead + "\nb»"), (std::vector<std::string>{lead.empty() ? "a" : "a " + lead})) << where;
    }
  }
}

TEST(QuoteMarks, AcceptsBackwardsMarks) {
  EXPECT_EQ(quoted("Shame.\n”Fear is here.” ― Edwin"), (std::vector<std::string>{"Fear is here."}));
}

// ------------------------------------------------------------ case files

struct Case {
  std::string file;
  size_t line = 0;
  std::string input;
  std::string expected;
  std::string xfail;  // reason, empty when the case must pass
};

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string trim_copy(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<Case> read_cases(const std::filesystem::path& path) {
  std::vector<Case> out;
  std::ifstream in(path);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = trim_copy(line);
    if (t.empty() || t[0] == '#') continue;
    Case c;
    c.file = path.filename().string();
    c.line = n;
    size_t x = t.find("## xfail:");
    if (x != std::string::npos) {
      c.xfail = trim_copy(t.substr(x + 9));
      t = trim_copy(t.substr(0, x));
    }
    size_t arrow = t.find(" => ");
    if (arrow == std::string::npos) {
      ADD_FAILURE() << c.file << ":" << n << ": no ' => ' in the case";
      continue;
    }
    c.input = unescape(trim_copy(t.substr(0, arrow)));
    c.expected = trim_copy(t.substr(arrow + 4));
    out.push_back(std::move(c));
  }
  return out;
}

struct Expected {
  std::string words;
  std::string speaker;  // "-" for none
};

std::vector<Expected> parse_expected(const std::string& s) {
  std::vector<Expected> out;
  size_t p = 0;
  while ((p = s.find("«", p)) != std::string::npos) {
    size_t b = p + std::string("«").size();
    size_t e = s.find("» [", b);
    if (e == std::string::npos) break;
    size_t sb = e + std::string("» [").size();
    size_t se = s.find(']', sb);
    if (se == std::string::npos) break;
    out.push_back({s.substr(b, e - b), s.substr(sb, se - sb)});
    p = se + 1;
  }
  return out;
}

// Does the speaker entity hold a mention covering (or covered by) `words`?
bool speaker_matches(const Document& doc, const Quote& q, const std::string& words) {
  if (words == "-") return !q.speaker.has_value();
  if (!q.speaker) return false;
  const Entity& e = doc.entities[*q.speaker];
  if (e.name == words) return true;
  for (const Mention& m : e.mentions) {
    std::string_view text = doc.slice(m.span);
    if (text.find(words) != std::string_view::npos || words.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string describe(const Document& doc) {
  if (doc.quotes.empty()) return "(none)";
  std::string out;
  for (const Quote& q : doc.quotes) {
    if (!out.empty()) out += " ";
    out += "«" + std::string(doc.slice(q.span)) + "» [";
    if (!q.speaker) {
      out += "-";
    } else {
      const Entity& e = doc.entities[*q.speaker];
      out += e.name;
      for (const Mention& m : e.mentions) out += "|" + std::string(doc.slice(m.span));
    }
    out += "] (" + q.rule + ")";
  }
  return out;
}

bool check(const Document& doc, const std::string& expected) {
  if (expected == "(none)") return doc.quotes.empty();
  auto want = parse_expected(expected);
  if (want.size() != doc.quotes.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (doc.slice(doc.quotes[i].span) != want[i].words) return false;
    if (!speaker_matches(doc, doc.quotes[i], want[i].speaker)) return false;
  }
  return true;
}

const Pipeline& quote_pipeline() {
  // The stages the quotes stage reads, without the entities stage: the
  // cases test the speaker rules on their own (the stage makes the entities
  // it needs); the seed test below runs everything.
  static std::unique_ptr<Pipeline> p = Pipeline::build(
      {.data_dir = CRONACA_SOURCE_DATA_DIR, .skip = {"langid", "entities", "time"}, .last = "quotes"});
  return *p;
}

TEST(QuoteCases, CaseFiles) {
  std::filesystem::path dir = std::filesystem::path(CRONACA_TEST_DIR) / "cases" / "quotes";
  size_t total = 0, passed = 0, xfailed = 0;
  for (const char* lang : {"it", "en"}) {
    for (const Case& c : read_cases(dir / (std::string(lang) + ".txt"))) {
      ++total;
      Document doc;
      doc.id = c.file + ":" + std::to_string(c.line);
      doc.lang = lang;
      doc.text = c.input;
      quote_pipeline().run(doc);
      bool ok = check(doc, c.expected);
      if (!c.xfail.empty()) {
        ++xfailed;
        if (ok) ADD_FAILURE() << c.file << ":" << c.line << ": xfail case now passes (" << c.xfail
                              << "); remove the mark\n  input:    " << c.input;
        continue;
      }
      if (ok) {
        ++passed;
      } else {
        ADD_FAILURE() << c.file << ":" << c.line << ": wrong quotations\n  input:    " << c.input
                      << "\n  expected: " << c.expected << "\n  actual:   " << describe(doc);
      }
    }
  }
  EXPECT_GE(total, 60u) << "the case files hold too few cases";
  RecordProperty("cases", static_cast<int>(total));
  RecordProperty("xfail", static_cast<int>(xfailed));
  (void)passed;
}

// ------------------------------------------------------------ the seed article

TEST(QuoteSeed, StoltenbergTokayevAndNoScareQuotes) {
  std::filesystem::path seed = std::filesystem::path(CRONACA_SHARED_DIR) / "seed" / "000_559eacd9a17903ef.txt";
  if (!std::filesystem::exists(seed)) GTEST_SKIP() << "no " << seed;
  Document doc;
  ReadOptions options;
  options.lang = "it";
  read_inputs({seed.string()}, options, [&](ReadResult&& r) {
    if (r.doc) doc = std::move(*r.doc);
  });
  ASSERT_FALSE(doc.text.empty());
  static std::unique_ptr<Pipeline> p =
      Pipeline::build({.data_dir = CRONACA_SOURCE_DATA_DIR, .skip = {"langid"}, .last = "quotes"});
  p->run(doc);
  auto find = [&](std::string_view words) -> const Quote* {
    for (const Quote& q : doc.quotes)
      if (doc.slice(q.span) == words) return &q;
    return nullptr;
  };
  for (std::string_view scare : {"defenestrato", "padrone"}) {
    const Quote* q = find(scare);
    EXPECT_TRUE(q == nullptr || !q->speaker) << scare << " is a quotation with a speaker";
  }
  const Quote* q = find("Mosca ha l’occasione");
  ASSERT_NE(q, nullptr) << describe(doc);
  ASSERT_TRUE(q->speaker.has_value());
  EXPECT_NE(doc.entities[*q->speaker].name.find("Stoltenberg"), std::string::npos);
  q = find("terroristi");
  ASSERT_NE(q, nullptr) << describe(doc);
  ASSERT_TRUE(q->speaker.has_value());
  EXPECT_NE(doc.entities[*q->speaker].name.find("Tokayev"), std::string::npos) << describe(doc);
  EXPECT_EQ(doc.quotes.size(), 13u) << describe(doc);
}

}  // namespace
}  // namespace cronaca
