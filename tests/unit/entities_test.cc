// Entities stage tests, as data: tests/cases/entities/*.txt.
//
// Case files, one case a line:
//   @lang it | en              the language of the following cases (default it)
//   @date 2022-01-15           the document date of the following cases (default 2022-01-15)
//   <text> -> <expected>       the entities with at least one name mention, in the order of
//                              their first mention, each "TYPE ACTOR [name|name...]" (ACTOR
//                              "-" when none), separated by " ; "; "(none)" for no entity
//   XFAIL(<reason>) <case>     a known-wrong case: the test fails when it starts passing
//   # comment, blank lines
// variants.txt holds "a ~ b" (spellings of one name) and "a !~ b" (not) for name_variants.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "entities/name_variants.h"
#include "pipeline/pipeline.h"

namespace cronaca {
namespace {

const std::filesystem::path kCases = std::filesystem::path(CRONACA_TEST_DIR) / "cases" / "entities";

const Pipeline& pipeline() {
  static const std::unique_ptr<Pipeline> p = [] {
    PipelineOptions o;
    o.data_dir = CRONACA_SOURCE_DATA_DIR;
    o.skip = {"langid"};
    o.last = "entities";
    return Pipeline::build(o);
  }();
  return *p;
}

std::string render(const Document& doc) {
  std::string out;
  for (const Entity& e : doc.entities) {
    std::string names;
    for (const Mention& m : e.mentions) {
      if (m.kind != MentionKind::Name) continue;
      if (!names.empty()) names += "|";
      names += std::string(doc.slice(m.span));
    }
    if (names.empty()) continue;
    if (!out.empty()) out += " ; ";
    out += std::string(to_string(e.type)) + " " + (e.actor.empty() ? "-" : e.actor) + " [" + names + "]";
  }
  return out.empty() ? "(none)" : out;
}

std::string analyse(const std::string& text, const std::string& lang, const std::string& date) {
  Document doc;
  doc.id = "case";
  doc.text = text;
  doc.lang = lang;
  if (auto d = DocDate::parse(date)) doc.date = *d;
  pipeline().run(doc);
  return render(doc);
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

TEST(EntitiesTest, Cases) {
  size_t total = 0;
  for (const auto& ent : std::filesystem::directory_iterator(kCases)) {
    if (ent.path().extension() != ".txt" || ent.path().filename() == "variants.txt") continue;
    std::ifstream in(ent.path());
    std::string line, lang = "it", date = "2022-01-15";
    size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      std::string_view l = strip(line);
      if (l.empty() || l[0] == '#') continue;
      if (l.rfind("@lang ", 0) == 0) {
        lang = std::string(strip(l.substr(6)));
        continue;
      }
      if (l.rfind("@date ", 0) == 0) {
        date = std::string(strip(l.substr(6)));
        continue;
      }
      std::string reason;
      if (l.rfind("XFAIL(", 0) == 0) {
        auto close = l.find(')');
        ASSERT_NE(close, std::string_view::npos) << ent.path().filename().string() << ":" << n;
        reason = std::string(l.substr(6, close - 6));
        l = strip(l.substr(close + 1));
      }
      auto arrow = l.rfind(" -> ");
      ASSERT_NE(arrow, std::string_view::npos) << ent.path().filename().string() << ":" << n << ": no ' -> '";
      std::string text(strip(l.substr(0, arrow)));
      std::string want(strip(l.substr(arrow + 4)));
      std::string got = analyse(text, lang, date);
      ++total;
      std::string where = ent.path().filename().string() + ":" + std::to_string(n);
      if (reason.empty()) {
        EXPECT_EQ(got, want) << where << ": " << text;
      } else {
        EXPECT_NE(got, want) << where << ": an XFAIL case passes now (" << reason << "): remove the mark";
      }
    }
  }
  EXPECT_GE(total, 80u);
}

TEST(EntitiesTest, NameVariants) {
  std::ifstream in(kCases / "variants.txt");
  ASSERT_TRUE(in) << "no variants.txt";
  std::string line;
  size_t n = 0, total = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string_view l = strip(line);
    if (l.empty() || l[0] == '#') continue;
    bool same = true;
    auto p = l.find(" !~ ");
    if (p != std::string_view::npos) {
      same = false;
    } else {
      p = l.find(" ~ ");
      ASSERT_NE(p, std::string_view::npos) << "variants.txt:" << n;
    }
    std::string a(strip(l.substr(0, p)));
    std::string b(strip(l.substr(p + (same ? 3 : 4))));
    ++total;
    EXPECT_EQ(same_name_variant(a, b), same)
        << "variants.txt:" << n << ": " << a << " / " << b << " (" << name_skeleton(a) << " / " << name_skeleton(b) << ")";
  }
  EXPECT_GT(total, 10u);
}

TEST(EntitiesTest, EmptyAndOddTextGiveNoError) {
  EXPECT_EQ(analyse("", "it", "2022-01"), "(none)");
  EXPECT_EQ(analyse("... !!! ???", "en", ""), "(none)");
  EXPECT_EQ(analyse("(((", "it", ""), "(none)");
}

}  // namespace
}  // namespace cronaca
