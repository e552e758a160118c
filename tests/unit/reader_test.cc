// Readers: formats, ids, dates, and every kind of bad input giving a message
// that names the document while the other documents still come through.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/reader.h"

namespace cronaca {
namespace {

std::vector<ReadResult> read(const std::string& name, const std::string& content, ReadOptions opts = {}) {
  std::vector<ReadResult> out;
  read_buffer(name, content, opts, [&](ReadResult&& r) { out.push_back(std::move(r)); });
  return out;
}

TEST(Reader, PlainTextKeepsTheBodyAsIs) {
  auto r = read("dir/article-7.txt", "  Roma, 3 marzo.\nTesto.\n");
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].doc);
  EXPECT_EQ(r[0].doc->id, "article-7");
  EXPECT_EQ(r[0].doc->text, "  Roma, 3 marzo.\nTesto.\n");
  EXPECT_FALSE(r[0].doc->date.known());
  EXPECT_EQ(r[0].doc->lang, "");
}

TEST(Reader, DatePrefixedTextAtEachPrecision) {
  auto r = read("000_abc.txt", " date 2022-01 Gli Usa hanno autorizzato");
  ASSERT_TRUE(r[0].doc);
  EXPECT_EQ(r[0].doc->id, "000_abc");
  EXPECT_EQ(r[0].doc->date.str(), "2022-01");
  EXPECT_EQ(r[0].doc->text, "Gli Usa hanno autorizzato");
  r = read("x.txt", "date 2022-01-07 Ieri a Roma.");
  EXPECT_EQ(r[0].doc->date.str(), "2022-01-07");
  EXPECT_EQ(r[0].doc->text, "Ieri a Roma.");
}

TEST(Reader, MalformedDateHeaderNamesTheFile) {
  auto r = read("bad.txt", "date 2022-13 Testo.");
  ASSERT_FALSE(r[0].doc);
  EXPECT_EQ(r[0].error, "bad.txt: malformed date header '2022-13' (expected date YYYY-MM or YYYY-MM-DD)");
  r = read("bad2.txt", "date gennaio Testo.");
  EXPECT_NE(r[0].error.find("bad2.txt: malformed date header 'gennaio'"), std::string::npos);
}

TEST(Reader, JsonLinesWithEveryField) {
  auto r = read("in.jsonl",
                R"({"id":"a1","date":"2022-01-07","lang":"it","source":"Ansa","url":"http://x","title":"T","text":"Ciao."})"
                "\n\n"
                R"({"text":"No id here.","date":null})"
                "\n");
  ASSERT_EQ(r.size(), 2u);
  ASSERT_TRUE(r[0].doc);
  EXPECT_EQ(r[0].doc->id, "a1");
  EXPECT_EQ(r[0].doc->date.str(), "2022-01-07");
  EXPECT_EQ(r[0].doc->lang, "it");
  EXPECT_EQ(r[0].doc->source, "Ansa");
  EXPECT_EQ(r[0].doc->url, "http://x");
  EXPECT_EQ(r[0].doc->title, "T");
  EXPECT_EQ(r[0].doc->origin, "in.jsonl:1");
  ASSERT_TRUE(r[1].doc);
  EXPECT_EQ(r[1].doc->id, content_id("No id here."));
  EXPECT_EQ(r[1].doc->id.size(), 16u);
  EXPECT_EQ(r[1].doc->origin, "in.jsonl:3");
}

TEST(Reader, BrokenJsonLineIsReportedAndTheRestRead) {
  auto r = read("in.jsonl", "{\"id\":\"a\",\"text\":\"Uno.\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"Tre.\"}\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_TRUE(r[0].doc);
  EXPECT_FALSE(r[1].doc);
  EXPECT_EQ(r[1].error.rfind("in.jsonl:2: broken JSON line: ", 0), 0u) << r[1].error;
  ASSERT_TRUE(r[2].doc);
  EXPECT_EQ(r[2].doc->id, "c");
}

TEST(Reader, JsonLineProblems) {
  auto r = read("in.jsonl", "{\"id\":\"a\"}\n[1,2]\n{\"text\":\"x\",\"date\":\"07/01/2022\"}\n{\"text\":5}\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].error, "in.jsonl:1: JSON line has no string field 'text'");
  EXPECT_EQ(r[1].error, "in.jsonl:2: JSON line is not an object");
  EXPECT_NE(r[2].error.find("in.jsonl:3: malformed date '07/01/2022'"), std::string::npos);
  EXPECT_EQ(r[3].error, "in.jsonl:4: JSON line has no string field 'text'");
}

// JSON strings as the contract allows them: escapes, \u escapes and surrogate pairs,
// unknown fields of any shape, a numeric id, white space; each line read as JSON says.
TEST(Reader, JsonLinesEscapesAndUnknownFields) {
  auto r = read("in.jsonl",
                R"({"text":"a\"b\\c\/d\b\f\n\r\te","id":"x"})" "\n"
                R"({"text":"caff\u00e8 \u20ac \ud83d\ude00 \u0041","title":null})" "\n"
                R"(  { "meta" : {"a":[1,2.5e3,-0.1,true,false,null,{"b":"x\u0022"}],"c":{}} , "text" : "città è" }  )" "\n"
                R"({"id":7,"text":"Numero."})" "\n"
                R"({"text":"Ciao.","lang":"it","date":"2022-01-07","source":"S","url":"u","title":"T","extra":[]})" "\n");
  ASSERT_EQ(r.size(), 5u);
  for (const auto& x : r) ASSERT_TRUE(x.doc) << x.error;
  EXPECT_EQ(r[0].doc->text, "a\"b\\c/d\b\f\n\r\te");
  EXPECT_EQ(r[0].doc->id, "x");
  EXPECT_EQ(r[1].doc->text, "caff\xC3\xA8 \xE2\x82\xAC \xF0\x9F\x98\x80 A");
  EXPECT_EQ(r[1].doc->title, "");
  EXPECT_EQ(r[2].doc->text, "città è");
  EXPECT_EQ(r[3].doc->id, "7");
  EXPECT_EQ(r[4].doc->lang, "it");
  EXPECT_EQ(r[4].doc->date.str(), "2022-01-07");
  EXPECT_EQ(r[4].doc->source, "S");
  EXPECT_EQ(r[4].doc->url, "u");
  EXPECT_EQ(r[4].doc->title, "T");
}

// Lines the fast JSON reader refuses still get the slow reader's messages.
TEST(Reader, JsonLineErrorsKeepTheirMessages) {
  auto r = read("in.jsonl",
                std::string(R"({"text":"lone \ud800 surrogate"})") + "\n" +
                    "{\"text\":\"raw \x01 control\"}\n" +
                    "{\"text\":\"bad \xC3\x28 byte\"}\n" +
                    R"({"text":"x",})" + "\n" +
                    R"({"text":"x"} trailing)" + "\n" +
                    R"({"text":"nul \u0000 inside"})" + "\n" +
                    R"({"title":5,"text":"x"})" + "\n");
  ASSERT_EQ(r.size(), 7u);
  EXPECT_EQ(r[0].error.rfind("in.jsonl:1: broken JSON line: ", 0), 0u) << r[0].error;
  EXPECT_EQ(r[1].error.rfind("in.jsonl:2: broken JSON line: ", 0), 0u) << r[1].error;
  EXPECT_EQ(r[2].error, "in.jsonl:3: invalid UTF-8 at byte 13 of the line");
  EXPECT_EQ(r[3].error.rfind("in.jsonl:4: broken JSON line: ", 0), 0u) << r[3].error;
  EXPECT_EQ(r[4].error.rfind("in.jsonl:5: broken JSON line: ", 0), 0u) << r[4].error;
  EXPECT_EQ(r[5].error, "in.jsonl:6: binary data (NUL byte at offset 4), not text");
  EXPECT_EQ(r[6].error, "in.jsonl:7: field 'title' is not a string");
}

TEST(Reader, InvalidUtf8) {
  auto r = read("bad.txt", std::string("Citt\xE0 di Roma"));
  ASSERT_FALSE(r[0].doc);
  EXPECT_EQ(r[0].error, "bad.txt: invalid UTF-8 at byte 4");
}

TEST(Reader, BinaryData) {
  auto r = read("img.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  ASSERT_FALSE(r[0].doc);
  EXPECT_EQ(r[0].error, "img.txt: binary data (NUL byte at offset 8), not text");
}

TEST(Reader, EmptyInputs) {
  EXPECT_EQ(read("e.txt", "")[0].error, "e.txt: empty document (the file is empty)");
  EXPECT_EQ(read("b.txt", " \n\t\n")[0].error, "b.txt: empty document (no text)");
  EXPECT_EQ(read("d.txt", "date 2022-01")[0].error, "d.txt: empty document (a date header and no text)");
}

TEST(Reader, OversizedDocument) {
  ReadOptions opts;
  opts.max_bytes = 100;
  auto r = read("big.txt", std::string(101, 'a'), opts);
  ASSERT_FALSE(r[0].doc);
  EXPECT_EQ(r[0].error, "big.txt: document is 101 bytes, over the limit of 100 (--max-bytes)");
  r = read("big.jsonl", "{\"text\":\"" + std::string(150, 'a') + "\"}\n{\"text\":\"small\"}\n", opts);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].error, "big.jsonl:1: document is 150 bytes, over the limit of 100 (--max-bytes)");
  EXPECT_TRUE(r[1].doc);
}

TEST(Reader, OptionsForceLanguageAndDefaultDate) {
  ReadOptions opts;
  opts.lang = "en";
  opts.date = DocDate::parse("2020-05");
  auto r = read("x.jsonl", "{\"text\":\"a\",\"lang\":\"it\"}\n{\"text\":\"b\",\"date\":\"2019\"}\n", opts);
  EXPECT_EQ(r[0].doc->lang, "en");
  EXPECT_EQ(r[0].doc->date.str(), "2020-05");
  EXPECT_EQ(r[1].doc->date.str(), "2019");
}

TEST(Reader, ByteOrderMarkIsNotText) {
  auto r = read("bom.txt", "\xEF\xBB\xBF" "date 2022-01 Testo.");
  ASSERT_TRUE(r[0].doc);
  EXPECT_EQ(r[0].doc->text, "Testo.");
}

TEST(Reader, DirectoriesRecursivelyInOrderSkippingNonArticles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("cronaca-reader-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "b.txt") << "Due.";
  std::ofstream(dir / "sub" / "a.txt") << "Uno.";
  std::ofstream(dir / "README.md") << "# not an article";
  std::ofstream(dir / "c.jsonl") << "{\"id\":\"c1\",\"text\":\"Tre.\"}\n";
  std::vector<std::string> ids;
  read_inputs({dir.string(), (dir / "missing.txt").string()}, {}, [&](ReadResult&& r) {
    ids.push_back(r.doc ? r.doc->id : r.error.substr(r.error.rfind('/') + 1));
  });
  fs::remove_all(dir);
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "c1", "a", "missing.txt: cannot read: no such file or directory"}));
}

}  // namespace
}  // namespace cronaca
