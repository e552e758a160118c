#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {
namespace {

std::filesystem::path write_tmp(const std::string& name, const std::string& content) {
  auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << content;
  return p;
}

TEST(Tsv, ReadsHeaderRowsAndComments) {
  auto p = write_tmp("cronaca-tsv-ok.tsv", "# a comment\n\nlemma\tkind\n# another\ndire\tsay\nspiegare\n");
  TsvFile f = TsvFile::read(p, {"lemma"});
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[0].get("lemma"), "dire");
  EXPECT_EQ(f.rows[0].get("kind"), "say");
  EXPECT_EQ(f.rows[0].line, 5u);
  EXPECT_EQ(f.rows[1].get("kind"), "");
  TsvFile copy = f;  // rows keep their header after a copy
  EXPECT_EQ(copy.rows[1].get("lemma"), "spiegare");
}

TEST(Tsv, ErrorsNameFileAndLine) {
  auto p = write_tmp("cronaca-tsv-bad.tsv", "a\tb\nx\ty\tz\n");
  try {
    TsvFile::read(p);
    FAIL() << "no error";
  } catch (const DataFileError& e) {
    EXPECT_EQ(std::string(e.what()), p.string() + ":2: expected at most 2 fields, found 3");
  }
  auto q = write_tmp("cronaca-tsv-col.tsv", "a\tb\n");
  EXPECT_THROW(TsvFile::read(q, {"c"}), DataFileError);
  auto u = write_tmp("cronaca-tsv-utf.tsv", "a\n\xFF\n");
  try {
    TsvFile::read(u);
    FAIL() << "no error";
  } catch (const DataFileError& e) {
    EXPECT_EQ(std::string(e.what()), u.string() + ":2: invalid UTF-8");
  }
  EXPECT_THROW(TsvFile::read("/nonexistent/x.tsv"), DataFileError);
}

}  // namespace
}  // namespace cronaca
