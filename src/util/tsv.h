// Reader for the project's knowledge files (data/**/*.tsv).
//
// Format, shared by every knowledge file (documented in data/README.md):
//   - UTF-8 text, one record a line, fields separated by TAB;
//   - blank lines and lines whose first non-blank character is '#' are skipped;
//   - the first remaining line is the header naming the columns;
//   - a record may have fewer fields than the header (missing ones are empty),
//     never more.
// Errors (unreadable file, invalid UTF-8, too many fields, a required column
// missing) throw DataFileError with "file:line: what is wrong".
//
// Example:
//   TsvFile f = TsvFile::read("data/it/quote_cues.tsv", {"lemma", "kind"});
//   for (const TsvRow& r : f.rows) use(r.get("lemma"), r.line);
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cronaca {

struct TsvRow {
  size_t line = 0;                       // 1-based line number in the file
  std::vector<std::string> fields;
  std::shared_ptr<const std::vector<std::string>> header;  // the file's header, shared by its rows

  /// The field under column `name`; empty when the row is short. Throws
  /// std::out_of_range if the header has no such column (a programming error
  /// when the column was declared required).
  const std::string& get(std::string_view name) const;
  bool has(std::string_view name) const;
};

struct TsvFile {
  std::filesystem::path path;
  std::vector<std::string> header;
  std::vector<TsvRow> rows;

  /// Reads and checks the file; `required` columns must be in the header.
  static TsvFile read(const std::filesystem::path& path, const std::vector<std::string>& required = {});
  /// The DataFileError for a row of this file.
  [[noreturn]] void fail(const TsvRow& row, const std::string& what) const;
};

/// Splits `s` on `sep`, keeping empty pieces.
std::vector<std::string> split(std::string_view s, char sep);
/// Trims ASCII white space at both ends.
std::string_view trim(std::string_view s);

}  // namespace cronaca
