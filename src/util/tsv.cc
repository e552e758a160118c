// TSV knowledge-file reader. Tests: tests/unit/tsv_test.cc.
#include "util/tsv.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "util/errors.h"
#include "util/utf8.h"

namespace cronaca {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, p - start));
    start = p + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

const std::string& TsvRow::get(std::string_view name) const {
  static const std::string kEmpty;
  for (size_t i = 0; i < header->size(); ++i) {
    if ((*header)[i] == name) return i < fields.size() ? fields[i] : kEmpty;
  }
  throw std::out_of_range("no column '" + std::string(name) + "'");
}

bool TsvRow::has(std::string_view name) const {
  for (const auto& h : *header)
    if (h == name) return true;
  return false;
}

void TsvFile::fail(const TsvRow& row, const std::string& what) const { throw DataFileError(path, row.line, what); }

TsvFile TsvFile::read(const std::filesystem::path& path, const std::vector<std::string>& required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataFileError(path, 0, "cannot open the file");
  TsvFile f;
  f.path = path;
  std::string line;
  size_t n = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!utf8_valid(line)) throw DataFileError(path, n, "invalid UTF-8");
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::vector<std::string> fields = split(line, '\t');
    for (auto& x : fields) x = std::string(trim(x));
    if (!have_header) {
      f.header = std::move(fields);
      have_header = true;
      for (const auto& r : required) {
        bool found = false;
        for (const auto& h : f.header) found = found || h == r;
        if (!found) throw DataFileError(path, n, "the header has no column '" + r + "'");
      }
      continue;
    }
    if (fields.size() > f.header.size())
      throw DataFileError(path, n,
                          "expected at most " + std::to_string(f.header.size()) + " fields, found " +
                              std::to_string(fields.size()));
    f.rows.push_back(TsvRow{n, std::move(fields), nullptr});
  }
  if (!have_header) throw DataFileError(path, 0, "no header line");
  auto shared = std::make_shared<const std::vector<std::string>>(f.header);
  for (auto& r : f.rows) r.header = shared;
  return f;
}

}  // namespace cronaca
