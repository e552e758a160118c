// Entities stage tests, as data: tests/cases/entities/*.txt.
//
// Case files, one case a line:
//   @lang it | en              the language of the following cases (default it)
//   @date 2022-01-15           the document date of the following cases (default 2022-01-15)
//   <text> -> <expected>       the entities with at least one name mention, in the order of
//                              their first mention, each "TYPE ACTOR [name|name...]" (ACTOR
//                              "-" when none), separated by " ; "; "(none)" for no entity
//   XFAIL(<reason>) <case>     a known-wrong case: the test fails when it starts passing
//   @nominals on | off         from here on, render every entity, with its descriptions too:
//                              "TYPE ACTOR [name|name]{description|description}" (default off:
//                              only entities with a name, names only)
//   # comment, blank lines
// variants.txt holds "a ~ b" (spellings of one name) and "a !~ b" (not) for name_variants.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "entities/entity_stage.h"
#include "entities/name_variants.h"
#include "pipeline/pipeline.h"
#include "text/morphology.h"

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

std::string render(const Document& doc, bool nominals) {
  std::string out;
  for (const Entity& e : doc.entities) {
    std::string names, descriptions;
    for (const Mention& m : e.mentions) {
      std::string& to = m.kind == MentionKind::Name ? names : descriptions;
      if (m.kind == MentionKind::Pronoun) continue;
      if (!to.empty()) to += "|";
      to += std::string(doc.slice(m.span));
    }
    if (names.empty() && (!nominals || descriptions.empty())) continue;
    if (!out.empty()) out += " ; ";
    out += std::string(to_string(e.type)) + " " + (e.actor.empty() ? "-" : e.actor) + " [" + names + "]";
    if (nominals && !descriptions.empty()) out += "{" + descriptions + "}";
  }
  return out.empty() ? "(none)" : out;
}

std::string analyse(const std::string& text, const std::string& lang, const std::string& date, bool nominals = false) {
  Document doc;
  doc.id = "case";
  doc.text = text;
  doc.lang = lang;
  if (auto d = DocDate::parse(date)) doc.date = *d;
  pipeline().run(doc);
  return render(doc, nominals);
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
    bool nominals = false;
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
      if (l.rfind("@nominals ", 0) == 0) {
        nominals = strip(l.substr(10)) == "on";
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
      std::string got = analyse(text, lang, date, nominals);
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

// data/<lang>/entity_given_names.tsv is made from the Apertium analysers and the hunspell
// dictionaries (given_names_by_analysers); this checks it still agrees with them, and with
// CRONACA_UPDATE_GIVEN_NAMES=1 rewrites the files. Skipped without the analysers.
TEST(EntitiesTest, GivenNamesListAgreesWithTheAnalysers) {
  StageContext ctx;
  ctx.data_dir = CRONACA_SOURCE_DATA_DIR;
  MorphStage morph(ctx);
  for (const char* lang : {"it", "en"}) {
    bool known = false;
    if (morph.analyse(lang, lang == std::string("it") ? "arrestato" : "arrested", &known).empty() || !known)
      GTEST_SKIP() << "no Apertium analyser for " << lang;
  }
  if (!std::filesystem::exists("/usr/share/hunspell/it_IT.dic") || std::getenv("CRONACA_HUNSPELL_DIR"))
    GTEST_SKIP() << "not the Debian hunspell dictionaries the lists were made from";
  for (const char* lang : {"it", "en"}) {
    std::vector<std::string> want = given_names_by_analysers(morph, lang);
    auto file = std::filesystem::path(CRONACA_SOURCE_DATA_DIR) / lang / "entity_given_names.tsv";
    if (std::getenv("CRONACA_UPDATE_GIVEN_NAMES")) {
      std::ofstream out(file, std::ios::binary);
      out << "# entity_given_names.tsv (" << (lang == std::string("it") ? "Italian" : "English")
          << ") - given names among the capitalised entries of the hunspell dictionary\n"
             "# (/usr/share/hunspell/" << (lang == std::string("it") ? "it_IT" : "en_US")
          << ".dic): the words an Apertium analyser (apertium-spa-ita or apertium-eng-spa)\n"
             "# tags as a given name (<ant>) and never as a place (<top>, <loc>). The entities stage\n"
             "# types a lone one as a person. Generated, do not edit: rewrite with\n"
             "#   CRONACA_UPDATE_GIVEN_NAMES=1 cronaca_tests --gtest_filter=EntitiesTest.GivenNames*\n"
             "# Column: name (case-folded).\n"
             "name\n";
      for (const auto& w : want) out << w << "\n";
      continue;
    }
    std::ifstream in(file);
    ASSERT_TRUE(in) << "no " << file;
    std::vector<std::string> have;
    std::string line;
    bool header = false;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (!header) {
        header = true;
        continue;
      }
      have.push_back(line);
    }
    EXPECT_GT(want.size(), 100u) << lang;
    std::set<std::string> a(want.begin(), want.end()), b(have.begin(), have.end());
    std::vector<std::string> missing, extra;
    for (const auto& w : a)
      if (!b.count(w)) missing.push_back(w);
    for (const auto& w : b)
      if (!a.count(w)) extra.push_back(w);
    EXPECT_TRUE(missing.empty() && extra.empty())
        << file << ": " << missing.size() << " names missing (first: " << (missing.empty() ? "" : missing[0])
        << "), " << extra.size() << " not given names any more (first: " << (extra.empty() ? "" : extra[0])
        << "); rewrite with CRONACA_UPDATE_GIVEN_NAMES=1";
  }
}

TEST(EntitiesTest, EmptyAndOddTextGiveNoError) {
  EXPECT_EQ(analyse("", "it", "2022-01"), "(none)");
  EXPECT_EQ(analyse("... !!! ???", "en", ""), "(none)");
  EXPECT_EQ(analyse("(((", "it", ""), "(none)");
}

}  // namespace
}  // namespace cronaca
