// Tests of the time stage: calendar arithmetic, the data-driven cases of
// tests/cases/time/*.txt, and governing_timex().
//
// Case files: one case a line, '#' starts a comment line.
//   ANCHOR LANG | TEXT => EXPECTED
//   ANCHOR    the document date: 2022, 2022-01, 2022-01-07, 2022-01-07T10:30, or none
//   LANG      it | en
//   EXPECTED  "none" (no time expression), or items separated by " ; ", each
//             TYPE VALUE ["SPAN"] — the timexes in text order; SPAN (optional)
//             is the exact text the timex must cover.
//   A line starting with "XFAIL(reason)" is a known failure: the test fails
//   when it passes, so the mark gets removed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/document.h"
#include "pipeline/stage.h"
#include "text/segmenter.h"
#include "time/time_calendar.h"
#include "time/time_grammar.h"
#include "time/time_stage.h"

namespace cronaca {
namespace {

namespace fs = std::filesystem;

TEST(TimeCalendar, DayNumbersRoundTrip) {
  EXPECT_EQ(timecal::days_from_civil(1970, 1, 1), 0);
  for (int64_t z : {-1000, 0, 18000, 19000, 20000}) {
    auto d = timecal::civil_from_days(z);
    EXPECT_EQ(timecal::days_from_civil(d.year, d.month, d.day), z);
  }
  EXPECT_EQ(timecal::weekday(timecal::days_from_civil(2022, 1, 7)), 5);  // a Friday
}

TEST(TimeCalendar, IsoWeeks) {
  EXPECT_EQ(timecal::fmt_week(timecal::days_from_civil(2022, 1, 7)), "2022-W01");
  EXPECT_EQ(timecal::fmt_week(timecal::days_from_civil(2022, 1, 2)), "2021-W52");
  EXPECT_EQ(timecal::fmt_week(timecal::days_from_civil(2008, 11, 28)), "2008-W48");
  EXPECT_EQ(timecal::fmt_week(timecal::days_from_civil(2020, 12, 31)), "2020-W53");
  EXPECT_EQ(timecal::fmt_week(timecal::days_from_civil(2019, 12, 30)), "2020-W01");
}

struct Stages {
  Stages() {
    StageContext ctx;
    ctx.data_dir = CRONACA_SOURCE_DATA_DIR;
    segment = std::make_unique<SegmentStage>(ctx);
    time = std::make_unique<TimeStage>(ctx);
  }
  Document analyse(const std::string& text, const std::string& lang, const std::string& anchor) const {
    Document doc;
    doc.text = text;
    doc.lang = lang;
    if (anchor != "none") doc.date = *DocDate::parse(anchor);
    segment->run(doc);
    time->run(doc);
    return doc;
  }
  std::unique_ptr<SegmentStage> segment;
  std::unique_ptr<TimeStage> time;
};

const Stages& stages() {
  static const Stages s;
  return s;
}

std::string trim_copy(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

/// "DATE 2022-01-06 "ieri"" for each timex, joined by " ; ".
std::string render(const Document& doc, bool with_spans) {
  std::string out;
  for (const Timex& t : doc.timexes) {
    if (!out.empty()) out += " ; ";
    out += std::string(to_string(t.type)) + " " + t.value;
    if (with_spans) out += " \"" + std::string(doc.slice(t.span)) + "\"";
  }
  return out.empty() ? "none" : out;
}

/// Compares the expected items with the system's, spans only where given.
bool same(const Document& doc, const std::string& expected) {
  if (expected == "none") return doc.timexes.empty();
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t p = expected.find(" ; ", start);
    items.push_back(trim_copy(expected.substr(start, p == std::string::npos ? std::string::npos : p - start)));
    if (p == std::string::npos) break;
    start = p + 3;
  }
  if (items.size() != doc.timexes.size()) return false;
  for (size_t i = 0; i < items.size(); ++i) {
    const Timex& t = doc.timexes[i];
    std::string item = items[i];
    std::string span;
    if (size_t q = item.find('"'); q != std::string::npos) {
      span = item.substr(q + 1, item.rfind('"') - q - 1);
      item = trim_copy(item.substr(0, q));
    }
    std::istringstream in(item);
    std::string type, value;
    in >> type >> value;
    if (type != to_string(t.type) || value != t.value) return false;
    if (!span.empty() && span != doc.slice(t.span)) return false;
  }
  return true;
}

TEST(TimeCases, DataDrivenCases) {
  const fs::path dir = fs::path(CRONACA_TEST_DIR) / "cases" / "time";
  ASSERT_TRUE(fs::exists(dir)) << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  size_t cases = 0, xfails = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      std::string t = trim_copy(line);
      if (t.empty() || t[0] == '#') continue;
      std::string where = file.filename().string() + ":" + std::to_string(n);
      std::string xfail;
      if (t.rfind("XFAIL(", 0) == 0) {
        size_t close = t.find(')');
        xfail = t.substr(6, close - 6);
        t = trim_copy(t.substr(close + 1));
      }
      size_t bar = t.find(" | "), arrow = t.find(" => ");
      ASSERT_TRUE(bar != std::string::npos && arrow != std::string::npos && bar < arrow)
          << where << ": expected 'ANCHOR LANG | TEXT => EXPECTED'";
      std::istringstream head(t.substr(0, bar));
      std::string anchor, lang;
      head >> anchor >> lang;
      ASSERT_TRUE(anchor == "none" || DocDate::parse(anchor)) << where << ": bad anchor '" << anchor << "'";
      ASSERT_TRUE(lang == "it" || lang == "en") << where << ": bad language '" << lang << "'";
      std::string text = trim_copy(t.substr(bar + 3, arrow - bar - 3));
      std::string expected = trim_copy(t.substr(arrow + 4));
      Document doc = stages().analyse(text, lang, anchor);
      bool ok = same(doc, expected);
      ++cases;
      if (!xfail.empty()) {
        ++xfails;
        EXPECT_FALSE(ok) << where << ": XFAIL case passes now (remove the mark): " << text;
      } else {
        EXPECT_TRUE(ok) << where << ": " << text << "\n    expected: " << expected
                        << "\n    got:      " << render(doc, true);
      }
    }
  }
  EXPECT_GE(cases, 100u) << "the time cases should number at least 100";
  RecordProperty("cases", static_cast<int>(cases));
  RecordProperty("xfail", static_cast<int>(xfails));
}

TEST(TimeGoverning, PicksTheDateOfTheClause) {
  Document doc =
      stages().analyse("Ieri la polizia ha arrestato tre uomini. Da tre giorni la città è ferma.", "it", "2022-01-07");
  ASSERT_FALSE(doc.timexes.empty());
  // The first sentence: "ieri" dates it.
  Span first{0, static_cast<uint32_t>(doc.text.find('.'))};
  const Timex* t = governing_timex(doc, first);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->value, "2022-01-06");
  // The second sentence has only a duration: no governing timex, the document date.
  uint32_t b = static_cast<uint32_t>(doc.text.find("Da tre"));
  Span second{b, static_cast<uint32_t>(doc.text.size())};
  EXPECT_EQ(governing_timex(doc, second), nullptr);
  EXPECT_EQ(clause_date(doc, second), "2022-01-07");
}

TEST(TimeStageTest, WorksWithoutTokens) {
  // Segmentation skipped: the stage splits the text itself.
  Document doc;
  doc.text = "Ieri sera, nella notte dell'8 dicembre 2018 e la settimana prossima.";
  doc.lang = "it";
  doc.date = *DocDate::parse("2022-01-07");
  stages().time->run(doc);
  ASSERT_EQ(doc.timexes.size(), 3u);
  EXPECT_EQ(doc.timexes[0].value, "2022-01-06TEV");
  EXPECT_EQ(doc.timexes[1].value, "2018-12-08TNI");
  EXPECT_EQ(doc.slice(doc.timexes[2].span), "la settimana prossima");
  EXPECT_EQ(doc.timexes[2].value, "2022-W02");
}

// The digit and dash bits of a token, at every position of norms short and long
// (the bytes are read eight at a time).
TEST(TimeStageTest, AnnotateFindsDigitsAndDashes) {
  auto props = [](std::string_view norm) {
    TimeToken t;
    t.norm = norm;
    TimeGrammar::annotate(t);
    return t.props & (TimeToken::kDigit | TimeToken::kDash);
  };
  EXPECT_EQ(props(""), 0);
  EXPECT_EQ(props("maggio"), 0);
  EXPECT_EQ(props("perché:/@"), 0);   // ':' and '/' border the digits, not digits
  for (size_t len = 1; len <= 20; ++len) {
    for (size_t at = 0; at < len; ++at) {
      std::string w(len, 'x');
      w[at] = '7';
      EXPECT_EQ(props(w), TimeToken::kDigit) << w;
      w[at] = '-';
      EXPECT_EQ(props(w), TimeToken::kDash) << w;
      w[at] = '0';
      if (at + 1 < len) w[at + 1] = '-';
      EXPECT_EQ(props(w), at + 1 < len ? (TimeToken::kDigit | TimeToken::kDash) : TimeToken::kDigit) << w;
    }
  }
  EXPECT_EQ(props("\xC3\xA8\xB9\x39"), TimeToken::kDigit);   // a byte >= 0x80 is no digit; '9' is
}

TEST(TimeStageTest, NoTextNoTimex) {
  Document doc = stages().analyse("", "it", "2022-01-07");
  EXPECT_TRUE(doc.timexes.empty());
  doc = stages().analyse("   \n\n  ", "en", "none");
  EXPECT_TRUE(doc.timexes.empty());
}

}  // namespace
}  // namespace cronaca
