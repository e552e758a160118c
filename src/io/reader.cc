// Readers for plain text, date-prefixed text and JSON Lines.
// Tests: tests/unit/reader_test.cc, tests/cli/bad_input.sh.
#include "io/reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "util/utf8.h"

namespace cronaca {
namespace fs = std::filesystem;

std::string content_id(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[i] = kHex[h & 15];
    h >>= 4;
  }
  return out;
}

namespace {

ReadResult fail(const std::string& origin, const std::string& what) { return ReadResult{std::nullopt, origin + ": " + what}; }

/// Checks a body and fills the parts of a document every format shares.
/// Returns an error message, or empty when the body is usable.
std::string check_body(std::string_view body, const ReadOptions& options) {
  if (body.size() > options.max_bytes)
    return "document is " + std::to_string(body.size()) + " bytes, over the limit of " +
           std::to_string(options.max_bytes) + " (--max-bytes)";
  if (auto nul = body.find('\0'); nul != std::string_view::npos)
    return "binary data (NUL byte at offset " + std::to_string(nul) + "), not text";
  if (size_t bad = utf8_first_invalid(body); bad != body.size())
    return "invalid UTF-8 at byte " + std::to_string(bad);
  bool blank = std::all_of(body.begin(), body.end(),
                           [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (blank) return "empty document (no text)";
  return {};
}

void apply_lang(Document& d, const ReadOptions& options) {
  if (!options.lang.empty() && options.lang != "auto") d.lang = options.lang;
}

void apply_date(Document& d, const ReadOptions& options) {
  if (!d.date.known() && options.date) d.date = *options.date;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// A plain or date-prefixed text file holding one article.
ReadResult read_text(const std::string& origin, const std::string& stem, std::string content,
                     const ReadOptions& options) {
  if (content.size() > options.max_bytes) return fail(origin, check_body(content, options));
  if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);  // a byte order mark is not text
  Document d;
  d.origin = origin;
  d.id = stem;
  size_t i = 0;
  while (i < content.size() && is_space(content[i])) ++i;
  if (content.compare(i, 5, "date ") == 0) {
    size_t start = i + 5;
    size_t end = start;
    while (end < content.size() && !is_space(content[end])) ++end;
    std::string_view token(content.data() + start, end - start);
    auto date = DocDate::parse(token);
    if (!date) return fail(origin, "malformed date header '" + std::string(token) + "' (expected date YYYY-MM or YYYY-MM-DD)");
    if (end >= content.size()) return fail(origin, "empty document (a date header and no text)");
    if (content[end] != ' ') return fail(origin, "malformed date header: expected one space after the date");
    d.date = *date;
    d.text = content.substr(end + 1);
  } else {
    d.text = std::move(content);
  }
  if (auto err = check_body(d.text, options); !err.empty()) return fail(origin, err);
  if (d.id.empty()) d.id = content_id(d.text);
  apply_lang(d, options);
  apply_date(d, options);
  return ReadResult{std::move(d), {}};
}

/// One line of a JSON Lines file.
ReadResult read_json_line(const std::string& origin, std::string_view line, const ReadOptions& options) {
  if (line.size() > options.max_bytes + 4096)
    return fail(origin, "line is " + std::to_string(line.size()) + " bytes, over the limit of " +
                            std::to_string(options.max_bytes) + " (--max-bytes)");
  if (size_t bad = utf8_first_invalid(line); bad != line.size())
    return fail(origin, "invalid UTF-8 at byte " + std::to_string(bad) + " of the line");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    return fail(origin, "broken JSON line: " + what);
  }
  if (!j.is_object()) return fail(origin, "JSON line is not an object");
  auto text_it = j.find("text");
  if (text_it == j.end() || !text_it->is_string()) return fail(origin, "JSON line has no string field 'text'");
  Document d;
  d.origin = origin;
  d.text = text_it->get<std::string>();
  if (auto err = check_body(d.text, options); !err.empty()) return fail(origin, err);
  auto str_field = [&](const char* name, std::string& out) -> std::string {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) {
      out = it->get<std::string>();
      return {};
    }
    if (it->is_number_integer() && std::string(name) == "id") {
      out = std::to_string(it->get<long long>());
      return {};
    }
    return std::string("field '") + name + "' is not a string";
  };
  std::string date;
  for (auto [name, out] : {std::pair<const char*, std::string*>{"id", &d.id}, {"lang", &d.lang}, {"source", &d.source},
                           {"url", &d.url}, {"title", &d.title}, {"date", &date}}) {
    if (auto err = str_field(name, *out); !err.empty()) return fail(origin, err);
  }
  if (!date.empty()) {
    auto parsed = DocDate::parse(date);
    if (!parsed) return fail(origin, "malformed date '" + date + "' (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
    d.date = *parsed;
  }
  if (d.id.empty()) d.id = content_id(d.text);
  apply_lang(d, options);
  apply_date(d, options);
  return ReadResult{std::move(d), {}};
}

bool looks_like_jsonl(const std::string& name, const std::string& content) {
  auto ends = [&](const char* suffix) {
    size_t n = std::strlen(suffix);
    return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
  };
  if (ends(".jsonl") || ends(".ndjson")) return true;
  size_t i = 0;
  while (i < content.size() && is_space(content[i])) ++i;
  return i < content.size() && content[i] == '{';
}

std::string stem_of(const std::string& name) {
  if (name == "-" || name.empty()) return {};
  return fs::path(name).stem().string();
}

void read_file(const fs::path& path, const ReadOptions& options, const std::function<void(ReadResult&&)>& sink) {
  std::string name = path.string();
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink(fail(name, std::string("cannot read: ") + std::strerror(errno)));
    return;
  }
  // A text file larger than the limit is refused without reading it whole;
  // a JSON Lines file of any size is read (its lines are checked one by one).
  bool jsonl_by_name = looks_like_jsonl(name, "");
  if (!ec && !jsonl_by_name && size > options.max_bytes + 64) {
    sink(fail(name, "document is " + std::to_string(size) + " bytes, over the limit of " +
                        std::to_string(options.max_bytes) + " (--max-bytes)"));
    return;
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    sink(fail(name, std::string("cannot read: ") + std::strerror(errno)));
    return;
  }
  read_buffer(name, std::move(content), options, sink);
}

/// In a directory, the files read as articles: no hidden files, and only the
/// extensions of the input formats (or none); README.md and the like are passed over.
bool is_article_file(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext.empty() || ext == ".txt" || ext == ".text" || ext == ".jsonl" || ext == ".ndjson";
}

void read_path(const std::string& arg, const ReadOptions& options, const std::function<void(ReadResult&&)>& sink) {
  if (arg == "-") {
    std::string content((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    read_buffer("-", std::move(content), options, sink);
    return;
  }
  fs::path path(arg);
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    sink(fail(arg, "cannot read: no such file or directory"));
    return;
  }
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      sink(fail(arg, "cannot read directory: " + ec.message()));
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        sink(fail(arg, "cannot read directory: " + ec.message()));
        break;
      }
      if (it->is_regular_file(ec) && is_article_file(it->path())) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) read_file(f, options, sink);
    return;
  }
  read_file(path, options, sink);
}

}  // namespace

void read_buffer(const std::string& name, std::string content, const ReadOptions& options,
                 const std::function<void(ReadResult&&)>& sink) {
  if (content.empty()) {
    sink(fail(name, "empty document (the file is empty)"));
    return;
  }
  if (!looks_like_jsonl(name, content)) {
    sink(read_text(name, stem_of(name), std::move(content), options));
    return;
  }
  size_t line_no = 0, pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string::npos) nl = content.size();
    ++line_no;
    std::string_view line(content.data() + pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    if (std::all_of(line.begin(), line.end(), is_space)) continue;
    sink(read_json_line(name + ":" + std::to_string(line_no), line, options));
  }
}

void read_inputs(const std::vector<std::string>& paths, const ReadOptions& options,
                 const std::function<void(ReadResult&&)>& sink) {
  for (const auto& p : paths) read_path(p, options, sink);
}

}  // namespace cronaca
