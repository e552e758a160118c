// Tests of the event stage: the CAMEO table, pattern loading, the PETRARCH
// importer, and the data-driven cases of tests/cases/events/*.txt, each run
// through the whole pipeline.
//
// Case file format (one case a line; '#' starts a comment line):
//   LANG | SENTENCE -> EXPECTED
//   xfail(REASON) LANG | SENTENCE -> EXPECTED      (known wrong: must still fail)
// EXPECTED is "none" or events separated by " ; ", each "CODE SOURCE>TARGET MODE":
//   CODE    the CAMEO code; two digits = the root only ("19" accepts "190", "193")
//   SOURCE, TARGET  "-" empty; "*" anything; an upper-case code = actor code prefix
//           ("KAZ" accepts "KAZGOV"); else a word of the argument entity's mentions
//           or name (case-insensitive substring: "Masimov"); "X/-" = X with no actor code
//   MODE    asserted reported negated hypothetical future (default asserted)
// The system's events must be exactly the expected ones (as a set).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "events/cameo.h"
#include "events/event_stage.h"
#include "events/patterns.h"
#include "events/petrarch_verbs.h"
#include "pipeline/pipeline.h"
#include "util/errors.h"

namespace cronaca {
namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

const Pipeline& pipeline() {
  static const std::unique_ptr<Pipeline> p = [] {
    PipelineOptions o;
    o.data_dir = default_data_dir();
    o.skip = {"claims"};
    return Pipeline::build(o);
  }();
  return *p;
}

Document analyse(const std::string& lang, const std::string& text) {
  Document doc;
  doc.id = "case";
  doc.lang = lang;
  doc.date = *DocDate::parse("2022-01-07");
  doc.text = text;
  pipeline().run(doc);
  return doc;
}

bool arg_matches(const Document& doc, const std::string& want, const std::optional<uint32_t>& ent,
                 const std::string& actor) {
  // "word/-": that argument, with no actor code.
  if (want.size() > 2 && want.compare(want.size() - 2, 2, "/-") == 0)
    return actor.empty() && arg_matches(doc, want.substr(0, want.size() - 2), ent, actor);
  if (want == "*") return true;
  if (want == "-") return !ent && actor.empty();
  bool upper = std::all_of(want.begin(), want.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (upper && !actor.empty() && actor.compare(0, want.size(), want) == 0) return true;
  if (ent && *ent < doc.entities.size()) {
    const Entity& e = doc.entities[*ent];
    if (upper && e.actor.compare(0, want.size(), want) == 0) return true;
    std::string w = lower(want);
    if (lower(e.name).find(w) != std::string::npos) return true;
    for (const Mention& m : e.mentions)
      if (lower(std::string(doc.slice(m.span))).find(w) != std::string::npos) return true;
  }
  return false;
}

std::string describe(const Document& doc, const Event& e) {
  auto arg = [&](const std::optional<uint32_t>& ent, const std::string& actor) {
    std::string s;
    if (ent && *ent < doc.entities.size()) s = doc.entities[*ent].name;
    if (!actor.empty()) s += (s.empty() ? "" : "/") + actor;
    return s.empty() ? std::string("-") : s;
  };
  std::ostringstream o;
  o << e.code << " " << arg(e.source, e.source_actor) << ">" << arg(e.target, e.target_actor) << " "
    << to_string(e.mode) << " [" << e.rule << " «" << doc.slice(e.trigger) << "»]";
  return o.str();
}

struct Expected {
  std::string code, source, target, mode;
};

bool event_matches(const Document& doc, const Expected& x, const Event& e) {
  if (x.code.size() == 2 ? e.code.compare(0, 2, x.code) != 0 : e.code != x.code) return false;
  if (std::string(to_string(e.mode)) != x.mode) return false;
  return arg_matches(doc, x.source, e.source, e.source_actor) && arg_matches(doc, x.target, e.target, e.target_actor);
}

std::vector<Expected> parse_expected(const std::string& s, std::string& error) {
  std::vector<Expected> out;
  std::string t(s);
  if (t == "none") return out;
  size_t pos = 0;
  while (pos <= t.size()) {
    size_t semi = t.find(" ; ", pos);
    std::string one = t.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
    std::istringstream is(one);
    Expected x;
    std::string args;
    is >> x.code >> args >> x.mode;
    if (x.mode.empty()) x.mode = "asserted";
    size_t gt = args.find('>');
    if (x.code.empty() || gt == std::string::npos) {
      error = "bad expected event '" + one + "'";
      return out;
    }
    x.source = args.substr(0, gt);
    x.target = args.substr(gt + 1);
    out.push_back(x);
    if (semi == std::string::npos) break;
    pos = semi + 3;
  }
  return out;
}

TEST(CameoTable, LooksUpCodesAndParents) {
  const CameoTable& t = cameo_table();
  EXPECT_GT(t.size(), 300u);
  EXPECT_EQ(t.plover("173"), "COERCE");
  EXPECT_EQ(t.quad_class("173"), 4);
  EXPECT_DOUBLE_EQ(t.goldstein("173"), -5.0);
  EXPECT_EQ(t.plover("0871"), "RETREAT");
  EXPECT_EQ(t.plover("036"), "AGREE");
  EXPECT_EQ(t.plover("010"), "");
  EXPECT_EQ(t.quad_class("042"), 1);
  EXPECT_EQ(t.quad_class("073"), 2);
  EXPECT_EQ(t.quad_class("112"), 3);
  EXPECT_EQ(t.plover("1952"), "FIGHT");
  EXPECT_EQ(t.plover("112"), "DISAPPROVE");
  EXPECT_EQ(t.name("145"), "Protest violently, riot");
  EXPECT_EQ(t.plover("1739"), "COERCE");  // unknown code: its parent answers
  EXPECT_EQ(t.find("99"), nullptr);
  // Every root has its entry.
  for (int r = 1; r <= 20; ++r) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02d", r);
    EXPECT_TRUE(t.contains(buf)) << buf;
  }
}

TEST(EventPatterns, StemsMatchInflectedForms) {
  PatternSet it("it");
  auto w = it.words("arrestare");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].stem, "arrest");
  Token t;
  for (const char* form : {"arrestato", "arrestarono", "arresta", "arrestati", "arresterà"}) {
    t.norm = form;
    EXPECT_TRUE(it.matches(w[0], t)) << form;
  }
  t.norm = "arrestatissimo";
  EXPECT_FALSE(it.matches(w[0], t));
  PatternSet en("en");
  auto v = en.words("ban");
  t.norm = "banned";
  EXPECT_TRUE(en.matches(v[0], t));
  t.norm = "bans";
  EXPECT_TRUE(en.matches(v[0], t));
}

// An Italian verb stem takes the endings of its own conjugation: "sparare" is not
// "sparire", "graziare" is not "grazie"; noun stems take the plurals.
TEST(EventPatterns, StemsKeepTheirConjugation) {
  PatternSet it("it");
  // Whether `lemma` (as a pattern writes it) matches each form.
  auto expect = [&](const char* lemma, std::initializer_list<const char*> forms, bool match) {
    auto w = it.words(lemma);
    ASSERT_EQ(w.size(), 1u) << lemma;
    Token t;
    for (const char* form : forms) {
      t.norm = form;
      EXPECT_EQ(it.matches(w[0], t), match) << lemma << " / " << form;
    }
  };
  expect("sparare", {"sparato", "sparano", "sparò", "sparerà"}, true);
  expect("sparare", {"sparire", "sparite", "spariti", "sparisce"}, false);
  expect("graziare", {"grazie"}, false);
  expect("colpire", {"colpito", "colpiscono", "colpì"}, true);
  expect("colpire", {"colpato"}, false);
  expect("protesta", {"proteste"}, true);
  // A written stem ("stem-") takes every ending.
  expect("manifest-", {"manifestato", "manifesti", "manifestavano"}, true);
}

// lookup() answers in one trie walk what candidates() and matches() answer one by one:
// the same patterns, the interned words, and the caller's tags; compact() changes nothing.
TEST(EventPatterns, LookupAgreesWithMatches) {
  for (const char* lang : {"it", "en"}) {
    PatternSet p(lang);
    p.load(default_data_dir() / lang / "event_patterns.tsv");
    p.tag("polizia", false, 7);
    p.tag("arrest", true, 9);
    std::vector<std::pair<std::string, std::string>> forms = {
        {"arrestato", "arrestare"}, {"arrestati", "arrestati"}, {"incontro", "incontrare"}, {"banned", "ban"},
        {"stopped", "stop"},        {"met", "meet"},            {"talks", "talk"},          {"polizia", "polizia"},
        {"arresting", "arrest"},    {"xyz", "xyz"},             {"a", "a"}};
    auto check = [&](const char* when) {
      for (const auto& [norm, lemma] : forms) {
        Token t;
        t.norm = norm;
        t.lemma = lemma;
        FormMatch m;
        p.lookup(norm, lemma, m);
        std::vector<uint32_t> c;
        p.candidates(t, c);
        EXPECT_EQ(m.candidates, c) << lang << " " << norm << " " << when;
        // Every interned word of every pattern: in m.words exactly when matches() says so.
        for (const Pattern& pat : p.patterns())
          for (const Need& need : pat.needs)
            for (const WordSpec& w : need.words) {
              ASSERT_NE(w.id, UINT32_MAX);
              bool listed = std::binary_search(m.words.begin(), m.words.end(), w.id);
              EXPECT_EQ(listed, p.matches(w, t)) << lang << " " << norm << " / " << w.text << " " << when;
            }
        EXPECT_EQ(m.norm_tag, norm == "polizia" ? 7u : FormMatch::kNone) << norm;
        bool stem9 = std::find(m.stem_tags.begin(), m.stem_tags.end(), 9u) != m.stem_tags.end();
        EXPECT_EQ(stem9, p.morph().inflects(norm, "arrest")) << lang << " " << norm << " " << when;
      }
    };
    check("before compact()");
    p.compact();
    check("after compact()");
  }
}

TEST(EventPatterns, PloverColumnOverridesTheCrosswalk) {
  auto dir = std::filesystem::temp_directory_path() / "cronaca-evt-test";
  std::filesystem::create_directories(dir);
  auto f = dir / "plover.tsv";
  std::ofstream(f) << "id\tkind\tlemma\tneeds\tunless\tcode\tsource\ttarget\tflags\tplover\n"
                   << "resign\tverb\tresign\t\t\t0831\tsubj\tnone\t\tRETREAT\n"
                   << "arrest\tverb\tarrest\t\t\t173\t\t\t\n";
  PatternSet p("en");
  p.load(f);
  ASSERT_EQ(p.patterns().size(), 2u);
  EXPECT_EQ(p.patterns()[0].plover, "RETREAT");
  EXPECT_EQ(p.patterns()[1].plover, "");
  auto g = dir / "plover_bad.tsv";
  std::ofstream(g) << "id\tkind\tlemma\tneeds\tunless\tcode\tsource\ttarget\tflags\tplover\n"
                   << "resign\tverb\tresign\t\t\t0831\tsubj\tnone\t\tretreat\n";
  PatternSet q("en");
  try {
    q.load(g);
    FAIL() << "no error";
  } catch (const DataFileError& e) {
    EXPECT_NE(std::string(e.what()).find("plover_bad.tsv:2"), std::string::npos) << e.what();
  }
}

TEST(EventPatterns, ShippedFilesLoad) {
  for (const char* lang : {"it", "en"}) {
    PatternSet p(lang);
    EXPECT_NO_THROW(p.load(default_data_dir() / lang / "event_patterns.tsv")) << lang;
    EXPECT_GT(p.patterns().size(), 150u) << lang;
    // Every code is a CAMEO code; every root 01..20 is covered.
    std::set<std::string> roots;
    for (const Pattern& pat : p.patterns()) {
      if (pat.kind == PatternKind::Support) continue;
      EXPECT_TRUE(cameo_table().contains(pat.code)) << pat.origin << " " << pat.code;
      roots.insert(pat.code.substr(0, 2));
    }
    EXPECT_EQ(roots.size(), 20u) << lang;
  }
}

TEST(EventPatterns, BadRowsReportFileAndLine) {
  auto dir = std::filesystem::temp_directory_path() / "cronaca-evt-test";
  std::filesystem::create_directories(dir);
  auto f = dir / "bad.tsv";
  std::ofstream(f) << "# c\nid\tkind\tlemma\tneeds\tunless\tcode\tsource\ttarget\tflags\n"
                   << "a\tverb\tarrest\t\t\t173\t\t\t\n"
                   << "b\tverb\tattack\t\t\t1x9\t\t\t\n";
  PatternSet p("en");
  try {
    p.load(f);
    FAIL() << "no error";
  } catch (const DataFileError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.tsv:4"), std::string::npos) << e.what();
  }
}

TEST(PetrarchVerbs, ImportsTheSample) {
  PatternSet en("en");
  auto r = import_petrarch_verbs(std::filesystem::path(CRONACA_TEST_DIR) / "cases/events/petrarch_sample.txt", en);
  EXPECT_EQ(r.blocks, 4u);
  EXPECT_EQ(r.skipped, 0u) << (r.warnings.empty() ? "" : r.warnings[0]);
  EXPECT_GE(r.patterns, 4u);
  // The verb defaults and a pattern with a complement.
  bool arrest = false, meet_with = false, sanctions = false;
  for (const Pattern& p : en.patterns()) {
    for (const WordSpec& w : p.lemmas) {
      if (w.text == "arrest" && p.code == "173") arrest = true;
      if (w.text == "meet" && p.code == "036" && !p.needs.empty() && p.needs[0].words[0].text == "with") meet_with = true;
      if (w.text == "impose" && p.code == "163" && !p.needs.empty()) sanctions = true;
    }
  }
  EXPECT_TRUE(arrest);
  EXPECT_TRUE(meet_with);
  EXPECT_TRUE(sanctions);
}

TEST(PetrarchVerbs, LoadsThePublicDictionary) {
  std::filesystem::path f = std::filesystem::path(CRONACA_SHARED_DIR) / "data/petrarch2/dictionaries/CAMEO.2.0.txt";
  if (!std::filesystem::exists(f)) GTEST_SKIP() << "no " << f;
  PatternSet en("en");
  PetrarchVerbImport r;
  ASSERT_NO_THROW(r = import_petrarch_verbs(f, en));
  EXPECT_GT(r.blocks, 300u);
  EXPECT_GT(r.patterns, 3000u);
  EXPECT_GT(en.patterns().size(), 3000u);
  Token t;
  t.norm = t.lemma = "arrested";
  std::vector<uint32_t> c;
  en.candidates(t, c);
  EXPECT_FALSE(c.empty());
}

TEST(EventCases, AllCaseFiles) {
  std::filesystem::path dir = std::filesystem::path(CRONACA_TEST_DIR) / "cases/events";
  size_t cases = 0, xfails = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".txt" && e.path().filename() != "petrarch_sample.txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  std::set<std::string> roots;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    size_t no = 0;
    while (std::getline(in, line)) {
      ++no;
      std::string where = file.filename().string() + ":" + std::to_string(no);
      std::string_view l = line;
      while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
      if (l.empty() || l.front() == '#') continue;
      bool xfail = false;
      std::string reason;
      if (l.substr(0, 6) == "xfail(") {
        size_t close = l.find(") ");
        ASSERT_NE(close, std::string_view::npos) << where << ": xfail(reason) needs a reason";
        reason = std::string(l.substr(6, close - 6));
        xfail = true;
        l.remove_prefix(close + 2);
      }
      size_t bar = l.find(" | ");
      size_t arrow = l.rfind(" -> ");
      ASSERT_TRUE(bar != std::string_view::npos && arrow != std::string_view::npos && bar < arrow)
          << where << ": expected 'LANG | SENTENCE -> EXPECTED'";
      std::string lang(l.substr(0, bar));
      std::string text(l.substr(bar + 3, arrow - bar - 3));
      std::string error;
      auto expected = parse_expected(std::string(l.substr(arrow + 4)), error);
      ASSERT_TRUE(error.empty()) << where << ": " << error;
      for (const auto& x : expected) roots.insert(x.code.substr(0, 2));
      Document doc = analyse(lang, text);
      std::vector<bool> used(doc.events.size(), false);
      bool ok = true;
      for (const auto& x : expected) {
        bool found = false;
        for (size_t i = 0; i < doc.events.size() && !found; ++i)
          if (!used[i] && event_matches(doc, x, doc.events[i])) used[i] = found = true;
        ok = ok && found;
      }
      ok = ok && std::all_of(used.begin(), used.end(), [](bool b) { return b; });
      std::string got;
      for (const Event& e : doc.events) got += (got.empty() ? "" : " ; ") + describe(doc, e);
      if (got.empty()) got = "none";
      ++cases;
      if (xfail) {
        ++xfails;
        EXPECT_FALSE(ok) << where << ": xfail case now passes (remove the mark): " << text;
      } else {
        EXPECT_TRUE(ok) << where << ": " << text << "\n  expected: " << l.substr(arrow + 4) << "\n  got:      " << got;
      }
    }
  }
  EXPECT_GE(cases, 150u);
  EXPECT_EQ(roots.size(), 20u) << "the cases must cover the twenty CAMEO roots";
  RecordProperty("cases", static_cast<int>(cases));
  RecordProperty("xfail", static_cast<int>(xfails));
}

}  // namespace
}  // namespace cronaca
