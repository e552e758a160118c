// Morphology tests as data: tests/cases/morph/{it,en}.txt (format at the top of it.txt).
// They need the Debian resources (Apertium, hunspell); a language whose analyser is
// missing is skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "text/fst_analyser.h"
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

// --- The transducer walker against lt-proc ------------------------------------------

std::string automorf(const std::string& lang) {
  const char* dir = std::getenv("CRONACA_APERTIUM_DIR");
  std::string base = dir && *dir ? dir : "/usr/share/apertium";
  std::string p = base + (lang == "it" ? "/apertium-spa-ita/ita-spa.automorf.bin" : "/apertium-eng-spa/eng-spa.automorf.bin");
  return std::filesystem::exists(p) ? p : "";
}

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\n\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n\r") - b + 1);
}

// Whether lt-proc's output for a word is one whole unit with a reading: what the
// morphology takes from it.
bool one_known_unit(const std::string& out) {
  std::string t = trim(out);
  if (t.size() < 3 || t.front() != '^' || t.back() != '$') return false;
  bool reading = false;
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (t[i] == '\\') ++i;
    else if (t[i] == '^' || t[i] == '$') return false;
    else if (t[i] == '/' && t[i + 1] != '*') reading = true;
  }
  return reading;
}

// Words of our own making: case variants, elisions, dotted and hyphenated forms, digits,
// a soft hyphen, characters outside the BMP.
std::vector<std::string> tricky_words() {
  std::vector<std::string> w = {
      "casa", "Casa", "CASA", "cAsA", "l'", "L'", "dell'", "Dell'", "DELL'", "po'", "all'8", "U.S.", "S.p.A.", "etc.",
      "1.1.420", "3,5", "e-mail", "anti-mafia", "perché", "Perché", "PERCHÉ", "città", "CITTÀ", "Nato", "NATO",
      "Usa", "USA", "usa", "Mosca", "MOSCA", "don", "n't", "O'Brien", "rock'n'roll", "naïve", "Über", "straße",
      "casa\xC2\xAD", "ca\xC2\xADsa", "\xC2\xAD" "casa", "state\xC2\xADment", "\xF0\x9F\x98\x80", "x\xF0\x9F\x98\x80",
      "a", "A", "I", "é", "È", "'", "''", "-", ".", "..", "a.", "A.", "the", "The", "THE", "is", "Is", "IS",
      "fired", "Fired", "FIRED", "say", "said", "Said", "arrestato", "Arrestato", "ARRESTATO", "carabinieri",
      "dell'Utri", "all'una", "Sant'Anna", "quest'anno", "c'è", "C'è", "qual'è", "3D", "G7", "covid-19", "COVID-19"};
  return w;
}

std::vector<std::string> case_variants(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& w : words) {
    out.push_back(w);
    std::string up = w, cap = w;
    for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (!cap.empty() && cap[0] >= 'a' && cap[0] <= 'z') cap[0] = static_cast<char>(cap[0] - 32);
    out.push_back(up);
    out.push_back(cap);
  }
  return out;
}

bool stream_safe(const std::string& w) {
  if (w.empty()) return false;
  for (char c : w)
    if (c == '\\' || c == '^' || c == '$' || c == '/' || c == '<' || c == '>' || c == '@' || c == '[' || c == ']' ||
        c == '{' || c == '}' || c == '*' || c == '#' || c == '~' || static_cast<unsigned char>(c) <= ' ')
      return false;
  return true;
}

TEST(FstAnalyser, FastReaderReadsWhatLttoolboxReads) {
  int checked = 0;
  for (const char* lang : {"it", "en"}) {
    std::string p = automorf(lang);
    if (p.empty()) continue;
    auto fast = FstAnalyser::open(p);
    auto slow = FstAnalyser::open(p, FstAnalyser::Reader::kLttoolbox);
    ASSERT_TRUE(fast && slow) << p;
    EXPECT_GT(fast->states(), 1000u) << p;
    EXPECT_TRUE(*fast == *slow) << p;
    ++checked;
  }
  if (!checked) GTEST_SKIP() << "no Apertium analyser";
}

// Every word of a sample of each dictionary (and its capitalised and upper-case forms)
// and our own tricky words: the walker gives exactly the unit lt-proc prints, and no unit
// where lt-proc prints none.
TEST(FstAnalyser, SameUnitsAsLtProc) {
  int checked = 0;
  for (const char* lang : {"it", "en"}) {
    std::string p = automorf(lang);
    if (p.empty()) continue;
    auto fst = FstAnalyser::open(p);
    ASSERT_TRUE(fst);
    LtProcStream lt(p);
    ASSERT_TRUE(lt.valid());
    std::vector<std::string> words = case_variants(fst->surface_forms(4000));
    for (const auto& w : tricky_words()) words.push_back(w);
    std::vector<std::string> safe;
    for (auto& w : words)
      if (stream_safe(w)) safe.push_back(w);
    std::vector<std::string> units;
    lt.analyse(safe, units);
    size_t same = 0, none = 0, unsupported = 0, wrong = 0;
    std::string unit;
    for (size_t i = 0; i < safe.size(); ++i) {
      switch (fst->analyse(safe[i], unit)) {
        case FstAnalyser::Result::kUnit:
          if (unit == trim(units[i])) ++same;
          else if (++wrong <= 5) ADD_FAILURE() << lang << " '" << safe[i] << "': " << unit << " vs lt-proc " << units[i];
          break;
        case FstAnalyser::Result::kNoMatch:
          if (!one_known_unit(units[i])) ++none;
          else if (++wrong <= 5) ADD_FAILURE() << lang << " '" << safe[i] << "': no unit vs lt-proc " << units[i];
          break;
        case FstAnalyser::Result::kUnsupported: ++unsupported; break;
      }
    }
    EXPECT_EQ(wrong, 0u) << lang;
    EXPECT_GT(same, 3000u) << lang;
    EXPECT_GT(none, 10u) << lang;
    EXPECT_LE(unsupported, 4u) << lang;  // the characters outside the BMP
    ++checked;
  }
  if (!checked) GTEST_SKIP() << "no Apertium analyser";
}

// The analysis cache is shared by threads: documents with many new forms in common,
// analysed by eight threads at once on a fresh stage, get the same readings as on
// another fresh stage in one thread.
TEST(Morph, SharedCacheSameAnswerOnManyThreads) {
  if (!have_resources("it") || !have_resources("en")) GTEST_SKIP() << "no Apertium analysers";
  std::vector<std::pair<std::string, std::string>> sentences;  // lang, sentence
  for (const char* lang : {"it", "en"}) {
    std::ifstream in(std::string(CRONACA_TEST_DIR) + "/cases/morph/" + lang + ".txt");
    std::string line;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#') sentences.emplace_back(lang, split(line, '\t')[0]);
  }
  ASSERT_GT(sentences.size(), 20u);
  auto make_docs = [&] {
    std::vector<Document> docs;
    for (size_t k = 0; k < 48; ++k) {
      Document d;
      d.lang = k % 2 ? "en" : "it";
      for (size_t j = 0; j < sentences.size(); ++j)
        if (sentences[(j * 7 + k) % sentences.size()].first == d.lang && (j + k) % 3 != 0)
          d.text += sentences[(j * 7 + k) % sentences.size()].second + " ";
      segmenter().run(d);
      docs.push_back(std::move(d));
    }
    return docs;
  };
  auto dump = [](const std::vector<Document>& docs) {
    std::string out;
    for (const auto& d : docs)
      for (const Token& t : d.tokens)
        out += t.lemma + "/" + std::string(t.pos) + "/" + std::string(t.features) + (t.known ? "/k " : "/u ");
    return out;
  };
  std::vector<Document> one = make_docs(), many = make_docs();
  {
    MorphStage stage(context());
    for (auto& d : one) stage.run(d);
  }
  {
    MorphStage stage(context());
    std::vector<std::thread> pool;
    for (size_t t = 0; t < 8; ++t)
      pool.emplace_back([&, t] {
        for (size_t k = t; k < many.size(); k += 8) stage.run(many[k]);
      });
    for (auto& th : pool) th.join();
  }
  EXPECT_EQ(dump(one), dump(many));
}

}  // namespace
}  // namespace cronaca
