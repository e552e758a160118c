// Segmentation tests as data: tests/cases/segment/{it,en}.txt (format at the top of
// each file), and the seed article's boundaries pinned by
// tests/cases/segment/seed_000_559eacd9a17903ef.txt (offsets only: no text of the seed).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "io/reader.h"
#include "text/segmenter.h"
#include "util/tsv.h"

namespace cronaca {
namespace {

const SegmentStage& stage() {
  static const SegmentStage s([] {
    StageContext ctx;
    ctx.data_dir = CRONACA_SOURCE_DATA_DIR;
    return ctx;
  }());
  return s;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Checks one "{...}" annotation of an expected token; returns "" or what is wrong.
std::string check_tags(const Token& t, std::string_view tags) {
  std::string wrong;
  for (char c : tags) {
    bool ok = true;
    switch (c) {
      case 'E': ok = t.has(kElided); break;
      case 'A': ok = t.has(kAbbreviation); break;
      case 'C': ok = t.has(kCapitalised); break;
      case 'U': ok = t.has(kAllCaps); break;
      case 'S': ok = t.has(kSentenceStart); break;
      case 'W': ok = t.kind == TokenKind::Word; break;
      case 'N': ok = t.kind == TokenKind::Number; break;
      case 'P': ok = t.kind == TokenKind::Punct; break;
      case 'Q': ok = t.kind == TokenKind::Quote; break;
      case 'D': ok = t.kind == TokenKind::Dash; break;
      case 'Y': ok = t.kind == TokenKind::Symbol; break;
      default: ok = false;
    }
    if (!ok) wrong += c;
  }
  return wrong;
}

// "tok tok || tok" with each token's tags in braces when the case asks for them.
std::string render(const Document& d, bool with_tags_of_expected, const std::string& expected,
                   std::string* tag_errors) {
  // Expected tokens with their tags, in order (sentence marks skipped).
  std::vector<std::pair<std::string, std::string>> exp;
  if (with_tags_of_expected) {
    std::istringstream in(expected);
    std::string w;
    while (in >> w) {
      if (w == "||") continue;
      auto b = w.find('{');
      if (b != std::string::npos && w.size() > b + 1 && w.back() == '}' && b > 0)
        exp.emplace_back(w.substr(0, b), w.substr(b + 1, w.size() - b - 2));
      else
        exp.emplace_back(w, "");
    }
  }
  std::string out;
  size_t k = 0;
  for (const Sentence& s : d.sentences) {
    if (!out.empty()) out += " ||";
    for (uint32_t i = s.first_token; i < s.end_token; ++i, ++k) {
      if (!out.empty()) out += ' ';
      out += d.slice(d.tokens[i].span);
      if (k < exp.size() && !exp[k].second.empty()) {
        std::string bad = check_tags(d.tokens[i], exp[k].second);
        out += "{" + exp[k].second + "}";
        if (!bad.empty() && tag_errors)
          *tag_errors += " token " + std::to_string(k) + " '" + std::string(d.slice(d.tokens[i].span)) +
                         "' lacks {" + bad + "}";
      }
    }
  }
  return out;
}

void run_case_file(const std::string& lang) {
  std::string path = std::string(CRONACA_TEST_DIR) + "/cases/segment/" + lang + ".txt";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::string line;
  size_t lineno = 0, cases = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '\t');
    ASSERT_GE(fields.size(), 2u) << path << ":" << lineno << ": a case is input<TAB>expected[<TAB>xfail: reason]";
    ++cases;
    Document d;
    d.lang = lang;
    d.text = unescape(fields[0]);
    stage().run(d);
    std::string tag_errors;
    std::string got = render(d, true, fields[1], &tag_errors);
    bool pass = got == fields[1] && tag_errors.empty();
    bool xfail = fields.size() >= 3 && fields[2].rfind("xfail", 0) == 0;
    if (xfail) {
      EXPECT_FALSE(pass) << path << ":" << lineno << ": xfail case passes now; remove the mark (" << fields[2] << ")";
    } else {
      EXPECT_TRUE(pass) << path << ":" << lineno << ":\n  input:    " << fields[0] << "\n  expected: " << fields[1]
                        << "\n  got:      " << got << tag_errors;
    }
  }
  EXPECT_GT(cases, 0u);
}

TEST(Segment, ItalianCases) { run_case_file("it"); }
TEST(Segment, EnglishCases) { run_case_file("en"); }

TEST(Segment, SpansAndNormsAreConsistent) {
  Document d;
  d.lang = "it";
  d.text = "L’ex presidente “lasciò” Orda.kz… ÉCOLE Città";
  stage().run(d);
  ASSERT_FALSE(d.tokens.empty());
  for (size_t i = 0; i + 1 < d.tokens.size(); ++i) EXPECT_LE(d.tokens[i].span.end, d.tokens[i + 1].span.begin);
  EXPECT_EQ(d.tokens[0].norm, "l'");
  EXPECT_TRUE(d.tokens[0].has(kElided));
  EXPECT_TRUE(d.tokens[0].has(kSentenceStart));
  EXPECT_FALSE(d.tokens[0].has(kSpaceBefore));
  EXPECT_FALSE(d.tokens[1].has(kSpaceBefore));  // "ex" right after "L’"
  EXPECT_TRUE(d.tokens[2].has(kSpaceBefore));
  EXPECT_EQ(d.tokens.back().norm, "città");
  EXPECT_EQ(d.tokens[d.tokens.size() - 2].norm, "école");
  EXPECT_TRUE(d.tokens[d.tokens.size() - 2].has(kAllCaps));
  EXPECT_EQ(d.sentences.front().span.begin, 0u);
}

TEST(Segment, NormComposesDecomposedLetters) {
  Document d;
  d.lang = "it";
  d.text = "citta\xCC\x80 e\xCC\x80";  // "città è" written with combining grave accents
  stage().run(d);
  ASSERT_EQ(d.tokens.size(), 2u);
  EXPECT_EQ(d.tokens[0].norm, "citt\xC3\xA0");
  EXPECT_EQ(d.tokens[1].norm, "\xC3\xA8");
}

TEST(Segment, OddInputGivesNoErrors) {
  for (std::string text : {std::string(), std::string("   \n\n  "), std::string("...!!!"), std::string("\xE2\x80\x9C"),
                           std::string("l'"), std::string("'"), std::string("-- -"), std::string(1000, '.')}) {
    Document d;
    d.lang = "it";
    d.text = text;
    stage().run(d);
    uint32_t covered = 0;
    for (const Sentence& s : d.sentences) covered += s.end_token - s.first_token;
    EXPECT_EQ(covered, d.tokens.size()) << "'" << text << "'";
  }
}

// The seed article: sentence and token boundaries as byte offsets into its body.
// Expected file lines: "S begin end" per sentence, then "T begin:length ..." for its
// tokens; "X offset token" spot checks (a handful of words).
TEST(Segment, SeedArticleBoundaries) {
  std::string seed = std::string(CRONACA_SHARED_DIR) + "/seed/000_559eacd9a17903ef.txt";
  std::ifstream f(seed);
  if (!f) GTEST_SKIP() << seed << " is absent";
  std::stringstream ss;
  ss << f.rdbuf();
  std::optional<Document> doc;
  read_buffer(seed, ss.str(), ReadOptions{}, [&](ReadResult&& r) {
    if (r.doc) doc = std::move(r.doc);
  });
  ASSERT_TRUE(doc);
  doc->lang = "it";
  stage().run(*doc);

  std::string path = std::string(CRONACA_TEST_DIR) + "/cases/segment/seed_000_559eacd9a17903ef.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::string line;
  size_t lineno = 0, sent = 0, spots = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    if (kind == "S") {
      uint32_t b, e;
      ls >> b >> e;
      ASSERT_LT(sent, doc->sentences.size()) << path << ":" << lineno << ": fewer sentences than expected";
      const Sentence& s = doc->sentences[sent];
      EXPECT_EQ(s.span.begin, b) << path << ":" << lineno;
      EXPECT_EQ(s.span.end, e) << path << ":" << lineno;
      std::getline(in, line);
      ++lineno;
      std::istringstream ts(line);
      ts >> kind;
      ASSERT_EQ(kind, "T") << path << ":" << lineno;
      std::string got, want;
      for (uint32_t i = s.first_token; i < s.end_token; ++i) {
        if (!got.empty()) got += ' ';
        got += std::to_string(doc->tokens[i].span.begin) + ":" + std::to_string(doc->tokens[i].span.size());
      }
      std::getline(ts >> std::ws, want);
      EXPECT_EQ(got, want) << path << ":" << lineno << ": tokens of sentence " << sent + 1;
      ++sent;
    } else if (kind == "X") {
      uint32_t off;
      std::string word;
      ls >> off >> word;
      uint32_t i = doc->token_at(off);
      ASSERT_LT(i, doc->tokens.size()) << path << ":" << lineno;
      EXPECT_EQ(doc->tokens[i].span.begin, off) << path << ":" << lineno;
      EXPECT_EQ(std::string(doc->slice(doc->tokens[i].span)), word) << path << ":" << lineno;
      ++spots;
    }
  }
  EXPECT_EQ(sent, doc->sentences.size()) << "sentence count";
  EXPECT_GT(spots, 5u);
}

}  // namespace
}  // namespace cronaca
