// Morphology tests as data: tests/cases/morph/{it,en}.txt (format at the top of it.txt).
// They need the Debian resources (Apertium, hunspell); a language whose analyser is
// missing is skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "text/morphology.h"
#include "text/segmenter.h"
#include "util/tsv.h"

namespace cronaca {
namespace {

StageContext context() {
  StageContext ctx;
  ctx.data_dir = CRONACA_SOURCE_DATA_DIR;
  return ctx;
}

const SegmentStage& segmenter() {
  static const SegmentStage s(context());
  return s;
}
const MorphStage& morph() {
  static const MorphStage s(context());
  return s;
}

bool have_resources(const std::string& lang) {
  bool known = false;
  auto r = morph().analyse(lang, lang == "it" ? "arrestato" : "arrested", &known);
  return known && !r.empty() && r[0].features.size() > 0;
}

void run_case_file(const std::string& lang) {
  if (!have_resources(lang)) GTEST_SKIP() << "no Apertium analyser for " << lang;
  std::string path = std::string(CRONACA_TEST_DIR) + "/cases/morph/" + lang + ".txt";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::string line;
  size_t lineno = 0, checks = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '\t');
    ASSERT_GE(fields.size(), 2u) << path << ":" << lineno << ": a case is sentence<TAB>checks";
    Document d;
    d.lang = lang;
    d.text = fields[0];
    segmenter().run(d);
    morph().run(d);
    std::istringstream cs(fields[1]);
    std::string check, wrong;
    while (cs >> check) {
      ++checks;
      auto eq = check.find('=');
      ASSERT_NE(eq, std::string::npos) << path << ":" << lineno << ": '" << check << "' is not word=lemma/POS";
      std::string word = check.substr(0, eq);
      auto parts = split(check.substr(eq + 1), '/');
      ASSERT_GE(parts.size(), 2u) << path << ":" << lineno << ": '" << check << "' is not word=lemma/POS";
      const Token* tok = nullptr;
      for (const Token& t : d.tokens)
        if (d.slice(t.span) == word) {
          tok = &t;
          break;
        }
      if (!tok) {
        wrong += " no token '" + word + "';";
        continue;
      }
      bool ok = tok->lemma == parts[0] && tok->pos == parts[1];
      if (parts.size() > 2 && parts[2] == "unknown") ok = ok && !tok->known;
      if (!ok) wrong += " " + word + "=" + tok->lemma + "/" + std::string(tok->pos) + (tok->known ? "" : "/unknown") + ";";
    }
    bool xfail = fields.size() >= 3 && fields[2].rfind("xfail", 0) == 0;
    if (xfail)
      EXPECT_FALSE(wrong.empty()) << path << ":" << lineno << ": xfail case passes now; remove the mark";
    else
      EXPECT_TRUE(wrong.empty()) << path << ":" << lineno << ": " << fields[0] << "\n  got:" << wrong;
  }
  EXPECT_GE(checks, 30u) << path;
}

TEST(Morph, ItalianCases) { run_case_file("it"); }
TEST(Morph, EnglishCases) { run_case_file("en"); }

TEST(Morph, EveryTokenGetsLemmaAndPos) {
  Document d;
  d.lang = "it";
  d.text = "Il 7/1/2022 “Xqzvw” – 5% ... Orda.kz";
  segmenter().run(d);
  morph().run(d);
  for (const Token& t : d.tokens) {
    EXPECT_FALSE(t.lemma.empty()) << d.slice(t.span);
    EXPECT_FALSE(t.pos.empty()) << d.slice(t.span);
  }
}

TEST(Morph, UnknownLanguageFallsBackToTokenKinds) {
  Document d;
  d.lang = "de";
  d.text = "Der Präsident sagte 5 Worte.";
  segmenter().run(d);
  morph().run(d);
  ASSERT_GE(d.tokens.size(), 5u);
  EXPECT_EQ(d.tokens[3].pos, "NUM");
  EXPECT_EQ(d.tokens[1].pos, "PROPN");
  EXPECT_EQ(d.tokens[1].lemma, "präsident");
}

TEST(Morph, SameAnswerOnEveryThread) {
  auto analyse = [] {
    Document d;
    d.lang = "it";
    d.text = "Il procuratore ha arrestato i militari kazaki a Mosca.";
    segmenter().run(d);
    morph().run(d);
    std::string out;
    for (const Token& t : d.tokens) out += t.lemma + "/" + std::string(t.pos) + " ";
    return out;
  };
  std::string here = analyse(), there;
  std::thread th([&] { there = analyse(); });
  th.join();
  EXPECT_EQ(here, there);
}

}  // namespace
}  // namespace cronaca
