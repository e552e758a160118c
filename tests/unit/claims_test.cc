// Claims: the data-driven cases of tests/cases/claims/*.txt run through the whole
// pipeline, plus checks of the cue files and of the lexicon matcher.
//
// Case files: one case a line, "passage -> expected"; expected is "(none)" or the
// claims in text order joined by " || ", each "source words | proposition words | status".
// The language is the file name's prefix (it_, en_). "xfail(reason): case" marks a
// known-wrong case: the run fails when it starts passing. Failures name file:line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "claims/claim_lexicon.h"
#include "claims/claim_stage.h"
#include "kb/knowledge_base.h"
#include "pipeline/pipeline.h"
#include "util/errors.h"

namespace cronaca {
namespace {

std::string lower(std::string_view s) { return KnowledgeBase::normalise(s); }

std::vector<std::string> split_on(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t k = s.find(sep, pos);
    out.push_back(s.substr(pos, k == std::string::npos ? std::string::npos : k - pos));
    if (k == std::string::npos) break;
    pos = k + sep.size();
  }
  return out;
}

std::string strip(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  size_t a = s.find_first_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a);
}

const Pipeline& pipeline() {
  static std::unique_ptr<Pipeline> p = [] {
    PipelineOptions options;
    options.data_dir = CRONACA_SOURCE_DATA_DIR;
    return Pipeline::build(options);
  }();
  return *p;
}

// "source | proposition | status" for every claim, for messages.
std::string describe(const Document& doc) {
  if (doc.claims.empty()) return "(none)";
  std::string out;
  for (const Claim& c : doc.claims) {
    if (!out.empty()) out += " || ";
    std::string src = c.source ? doc.entities[*c.source].name : "?";
    out += src + " | " + std::string(doc.slice(c.span)) + " | " + std::string(to_string(c.status));
  }
  return out;
}

bool source_ok(const Document& doc, const Claim& c, const std::string& words) {
  if (!c.source) return false;
  const Entity& e = doc.entities[*c.source];
  std::string w = lower(words);
  auto fits = [&](std::string_view text) {
    std::string t = lower(text);
    return !t.empty() && (t.find(w) != std::string::npos || w.find(t) != std::string::npos);
  };
  if (fits(e.name)) return true;
  for (const Mention& m : e.mentions)
    if (m.kind == MentionKind::Name && fits(doc.slice(m.span))) return true;
  return false;
}

bool proposition_ok(const Document& doc, const Claim& c, const std::string& words) {
  size_t at = doc.text.find(words);
  if (at == std::string::npos) return false;
  Span want{static_cast<uint32_t>(at), static_cast<uint32_t>(at + words.size())};
  uint32_t ov = std::min(want.end, c.span.end) > std::max(want.begin, c.span.begin)
                    ? std::min(want.end, c.span.end) - std::max(want.begin, c.span.begin)
                    : 0;
  return ov * 2 >= want.size();
}

// Empty when the document's claims are the expected ones; else what differs.
std::string check(const Document& doc, const std::string& expected) {
  std::vector<std::string> want;
  if (expected != "(none)") want = split_on(expected, " || ");
  if (want.size() != doc.claims.size())
    return "expected " + std::to_string(want.size()) + " claims, got " + describe(doc);
  for (size_t i = 0; i < want.size(); ++i) {
    auto parts = split_on(want[i], " | ");
    if (parts.size() != 3) return "bad expectation '" + want[i] + "'";
    const Claim& c = doc.claims[i];
    if (!source_ok(doc, c, strip(parts[0])) || !proposition_ok(doc, c, strip(parts[1])) ||
        to_string(c.status) != strip(parts[2]))
      return "claim " + std::to_string(i + 1) + ": expected '" + want[i] + "', got " + describe(doc);
  }
  return {};
}

TEST(Claims, Cases) {
  std::filesystem::path dir = std::filesystem::path(CRONACA_TEST_DIR) / "cases" / "claims";
  ASSERT_TRUE(std::filesystem::exists(dir)) << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  size_t cases = 0, xfails = 0;
  for (const auto& f : files) {
    std::string lang = f.filename().string().substr(0, 2);
    std::ifstream in(f);
    std::string line;
    for (size_t n = 1; std::getline(in, line); ++n) {
      line = strip(line);
      if (line.empty() || line[0] == '#') continue;
      bool xfail = false;
      std::string reason;
      if (line.rfind("xfail(", 0) == 0) {
        size_t close = line.find("):");
        ASSERT_NE(close, std::string::npos) << f.string() << ":" << n << ": malformed xfail";
        reason = line.substr(6, close - 6);
        line = strip(line.substr(close + 2));
        xfail = true;
      }
      size_t arrow = line.rfind(" -> ");
      ASSERT_NE(arrow, std::string::npos) << f.string() << ":" << n << ": no ' -> '";
      Document doc;
      doc.id = "case";
      doc.lang = lang;
      doc.date = *DocDate::parse("2024-01-15");
      doc.text = line.substr(0, arrow);
      pipeline().run(doc);
      std::string diff = check(doc, strip(line.substr(arrow + 4)));
      ++cases;
      if (xfail) {
        ++xfails;
        EXPECT_FALSE(diff.empty()) << f.string() << ":" << n << ": xfail case passes now (" << reason
                                   << "); remove the mark";
      } else {
        EXPECT_TRUE(diff.empty()) << f.string() << ":" << n << ": " << diff;
      }
    }
  }
  EXPECT_GE(cases, 40u);
  RecordProperty("cases", static_cast<int>(cases));
  RecordProperty("xfails", static_cast<int>(xfails));
}

TEST(Claims, LexiconMatchesLemmaFormAndStem) {
  ClaimLexicon it(std::filesystem::path(CRONACA_SOURCE_DATA_DIR) / "it", "italian");
  ASSERT_FALSE(it.empty());
  auto view = [](std::vector<std::string>& words) {
    std::vector<TokenView> v;
    for (auto& w : words) v.push_back(TokenView{w, {}});
    return v;
  };
  std::vector<std::string> words = {"aveva", "smentito", "la", "notizia"};
  std::vector<TokenView> v = view(words);
  it.prepare(v);
  std::vector<std::pair<const ClaimCue*, size_t>> cues;
  it.cues_at(v, 1, v.size(), cues);   // "smentito" by its stem
  ASSERT_FALSE(cues.empty());
  EXPECT_EQ(cues[0].first->kind, CueKind::Status);
  EXPECT_NE(it.word_kinds(v[3]) & kWordAnaphor, 0u);
  EXPECT_NE(it.word_kinds(v[0]) & kWordAux, 0u);

  std::vector<std::string> w2 = {"hanno", "danno", "la", "notizia"};
  std::vector<TokenView> v2 = view(w2);
  it.prepare(v2);
  cues.clear();
  it.cues_at(v2, 1, v2.size(), cues);   // "danno" is no stem of "dare": needs the lemma
  EXPECT_TRUE(cues.empty());
  v2[1].lemma = "dare";
  it.prepare(v2);
  it.cues_at(v2, 1, v2.size(), cues);
  ASSERT_FALSE(cues.empty());
  EXPECT_EQ(cues[0].first->kind, CueKind::Report);
  EXPECT_EQ(cues[0].second, 3u);
}

// prepare() keeps stems in a cache per lexicon and thread: the second sight of a form,
// and the same form seen by the other language's lexicon, give the same answers as a
// fresh lexicon would.
TEST(Claims, PreparedTokensDoNotDependOnTheCache) {
  const auto dir = std::filesystem::path(CRONACA_SOURCE_DATA_DIR);
  ClaimLexicon it(dir / "it", "italian");
  ClaimLexicon en(dir / "en", "english");
  std::vector<std::string> words = {"il", "sito", "aveva", "smentito", "la", "notizia", "denied", "reported"};
  auto prepared = [&](const ClaimLexicon& lex) {
    std::vector<TokenView> v;
    for (auto& w : words) v.push_back(TokenView{w, {}});
    lex.prepare(v);
    return v;
  };
  auto same = [](const std::vector<TokenView>& a, const std::vector<TokenView>& b) {
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i].norm_id != b[i].norm_id || a[i].lemma_id != b[i].lemma_id || a[i].stem_id != b[i].stem_id ||
          a[i].kinds != b[i].kinds || a[i].flags != b[i].flags)
        return false;
    return true;
  };
  std::vector<TokenView> it1 = prepared(it), en1 = prepared(en);
  EXPECT_TRUE(same(it1, prepared(it)));
  EXPECT_TRUE(same(en1, prepared(en)));
  ClaimLexicon it_again(dir / "it", "italian");   // a new lexicon starts with no cache
  EXPECT_TRUE(same(it1, prepared(it_again)));
  std::vector<std::pair<const ClaimCue*, size_t>> cues;
  it.cues_at(it1, 3, it1.size(), cues);   // "smentito": an Italian status cue by its stem
  EXPECT_FALSE(cues.empty());
  cues.clear();
  en.cues_at(en1, 3, en1.size(), cues);   // not an English one
  EXPECT_TRUE(cues.empty());
  en.cues_at(en1, 6, en1.size(), cues);   // "denied"
  EXPECT_FALSE(cues.empty());
}

TEST(Claims, ConflictTableIsSymmetric) {
  ClaimLexicon en(std::filesystem::path(CRONACA_SOURCE_DATA_DIR) / "en", "english");
  const auto& cls = en.classes();
  auto id = [&](const std::string& name) {
    return static_cast<uint32_t>(std::find(cls.begin(), cls.end(), name) - cls.begin());
  };
  EXPECT_TRUE(en.conflict(id("left_country"), id("in_country")));
  EXPECT_TRUE(en.conflict(id("in_country"), id("left_country")));
  EXPECT_TRUE(en.conflict(id("alive"), id("dead")));
  EXPECT_FALSE(en.conflict(id("dead"), id("left_country")));
}

TEST(Claims, MalformedCueFileNamesFileAndLine) {
  auto dir = std::filesystem::temp_directory_path() / "cronaca-claims-bad";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "claim_cues.tsv") << "# c\ncue\tkind\tstatus\twho\nsmentire\tstatus\tvanished\tsame\n";
  try {
    ClaimLexicon bad(dir, "italian");
    FAIL() << "no error";
  } catch (const DataFileError& e) {
    EXPECT_NE(std::string(e.what()).find("claim_cues.tsv:3"), std::string::npos) << e.what();
  }
}

TEST(Claims, OtherLanguagesGetNoClaims) {
  StageContext ctx;
  ctx.data_dir = CRONACA_SOURCE_DATA_DIR;
  ClaimStage stage(ctx);
  Document doc;
  doc.lang = "de";
  doc.text = "Reuters berichtete, dass.";
  doc.claims.push_back(Claim{});
  stage.run(doc);
  EXPECT_TRUE(doc.claims.empty());
}

TEST(Claims, SeedArticle) {
  std::filesystem::path seed = std::filesystem::path(CRONACA_SHARED_DIR) / "seed" / "000_559eacd9a17903ef.txt";
  if (!std::filesystem::exists(seed)) GTEST_SKIP() << "no " << seed;
  std::ifstream in(seed);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string raw = ss.str();
  size_t sp = raw.find(' ', raw.find("date ") + 5);
  Document doc;
  doc.id = "seed";
  doc.lang = "it";
  doc.date = *DocDate::parse("2022-01");
  doc.text = raw.substr(sp + 1);
  pipeline().run(doc);
  std::string got = describe(doc);
  // Orda.kz's two reports: the arrest retracted, the departure contradicted
  bool retracted = false, contradicted = false;
  for (const Claim& c : doc.claims) {
    std::string_view span = doc.slice(c.span);
    if (span.find("Samat Abish") != std::string_view::npos) retracted = c.status == ClaimStatus::Retracted;
    if (span.find("lasciato il Paese") != std::string_view::npos) contradicted = c.status == ClaimStatus::Contradicted;
  }
  EXPECT_TRUE(retracted) << got;
  EXPECT_TRUE(contradicted) << got;
}

}  // namespace
}  // namespace cronaca
