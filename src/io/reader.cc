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
#include <optional>

#include "io/plain_ascii.h"
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
std::string check_body(std::string_view body, const ReadOptions& options, bool known_utf8 = false) {
  if (body.size() > options.max_bytes)
    return "document is " + std::to_string(body.size()) + " bytes, over the limit of " +
           std::to_string(options.max_bytes) + " (--max-bytes)";
  if (auto nul = body.find('\0'); nul != std::string_view::npos)
    return "binary data (NUL byte at offset " + std::to_string(nul) + "), not text";
  if (size_t bad = known_utf8 ? body.size() : utf8_first_invalid(body); bad != body.size())
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

/// A JSON Lines reader for the common case: one object whose fields of interest are
/// strings or null. It validates the whole line as strictly as nlohmann's parser and
/// gives up (false) on anything else (an error to report, a numeric id, a duplicate
/// field), for read_json_line to take the line through nlohmann, whose messages the
/// errors use. Several times faster than building the DOM.
class FastJsonLine {
 public:
  explicit FastJsonLine(std::string_view line) : s_(line) {}

  // Field values: null when absent or JSON null.
  std::optional<std::string> id, lang, source, url, title, date, text;

  bool parse() {
    ws();
    if (!eat('{')) return false;
    ws();
    if (eat('}')) return finish();
    for (;;) {
      ws();
      std::string key;
      if (!string(key)) return false;
      ws();
      if (!eat(':')) return false;
      ws();
      int bit = 0;
      std::optional<std::string>* field = slot(key, bit);
      if (field) {
        if (seen_ & bit) return false;  // duplicates: as nlohmann decides
        seen_ |= bit;
        if (peek() == '"') {
          std::string v;
          // the text is read in pieces between escapes: room for it at once (at most
          // the rest of the line)
          if (field == &text) v.reserve(s_.size() - i_);
          if (!string(v)) return false;
          *field = std::move(v);
        } else if (s_.substr(i_, 4) == "null") {
          i_ += 4;
        } else {
          return false;  // a number or anything else: the slow path says what it means
        }
      } else if (!skip_value(0)) {
        return false;
      }
      ws();
      if (eat(',')) continue;
      if (eat('}')) return finish();
      return false;
    }
  }

 private:
  std::optional<std::string>* slot(const std::string& k, int& bit) {
    std::optional<std::string>* fields[] = {&text, &id, &date, &lang, &source, &url, &title};
    const char* names[] = {"text", "id", "date", "lang", "source", "url", "title"};
    for (int f = 0; f < 7; ++f)
      if (k == names[f]) {
        bit = 1 << f;
        return fields[f];
      }
    return nullptr;
  }
  bool finish() {
    ws();
    return i_ == s_.size();
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool eat(char c) {
    if (peek() != c || i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(uint32_t& v) {
    if (i_ + 4 > s_.size()) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = hex(s_[i_ + k]);
      if (h < 0) return false;
      v = v << 4 | static_cast<uint32_t>(h);
    }
    i_ += 4;
    return true;
  }
  // A string (the line is valid UTF-8, checked before).
  bool string(std::string& out) {
    if (!eat('"')) return false;
    size_t run = i_;
    for (;;) {
      i_ = plain_ascii_run(reinterpret_cast<const unsigned char*>(s_.data()), i_, s_.size());
      // Eight bytes at a time while none is a quote, a backslash or a control character.
      while (i_ + 8 <= s_.size()) {
        uint64_t x;
        std::memcpy(&x, s_.data() + i_, 8);
        constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        auto has_zero = [&](uint64_t v) { return (v - ones) & ~v & highs; };
        if ((x & highs) || has_zero(x ^ (ones * '"')) || has_zero(x ^ (ones * '\\')) || ((x - ones * 0x20) & ~x & highs))
          break;
        i_ += 8;
      }
      if (i_ >= s_.size()) return false;
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c >= 0x80) {  // a multi-byte character: well-formed, or the slow path says where not
        size_t len = utf8_sequence_length(reinterpret_cast<const unsigned char*>(s_.data()) + i_, s_.size() - i_);
        if (len == 0) return false;
        i_ += len;
        continue;
      }
      if (c == '"') {
        out.append(s_.data() + run, i_ - run);
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        ++i_;
        continue;
      }
      out.append(s_.data() + run, i_ - run);
      ++i_;
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (s_.substr(i_, 2) != "\\u") return false;
            i_ += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          utf8_append(out, cp);
          break;
        }
        default: return false;
      }
      run = i_;
    }
  }
  bool digits() {
    size_t b = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > b;
  }
  bool number() {
    eat('-');
    if (eat('0')) {
      // no leading zeros
    } else if (!(peek() >= '1' && peek() <= '9') || !digits()) {
      return false;
    }
    if (eat('.') && !digits()) return false;
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digits()) return false;
    }
    return true;
  }
  bool skip_value(int depth) {
    if (depth > 64) return false;
    char c = peek();
    if (c == '"') {
      std::string tmp;
      return string(tmp);
    }
    if (c == '{') {
      ++i_;
      ws();
      if (eat('}')) return true;
      for (;;) {
        ws();
        std::string k;
        if (!string(k)) return false;
        ws();
        if (!eat(':')) return false;
        ws();
        if (!skip_value(depth + 1)) return false;
        ws();
        if (eat(',')) continue;
        return eat('}');
      }
    }
    if (c == '[') {
      ++i_;
      ws();
      if (eat(']')) return true;
      for (;;) {
        ws();
        if (!skip_value(depth + 1)) return false;
        ws();
        if (eat(',')) continue;
        return eat(']');
      }
    }
    for (std::string_view lit : {"true", "false", "null"})
      if (s_.substr(i_, lit.size()) == lit) {
        i_ += lit.size();
        return true;
      }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    return false;
  }


  std::string_view s_;
  size_t i_ = 0;
  int seen_ = 0;  // bits of the fields read (slot())
};

/// The common end of both JSON Lines paths: the date field, the id by the contract's rule
/// when the line gives none, and the --lang / --date defaults.
ReadResult finish_json_document(const std::string& origin, Document d, const std::string& date,
                                const ReadOptions& options) {
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

/// A document from the fields of a JSON line, or its error.
ReadResult document_from(const std::string& origin, std::string text, std::string id, std::string lang,
                         std::string source, std::string url, std::string title, const std::string& date,
                         const ReadOptions& options) {
  Document d;
  d.origin = origin;
  d.text = std::move(text);
  // The line is valid UTF-8 and its escapes decode to whole code points: so is the text.
  if (auto err = check_body(d.text, options, true); !err.empty()) return fail(origin, err);
  d.id = std::move(id);
  d.lang = std::move(lang);
  d.source = std::move(source);
  d.url = std::move(url);
  d.title = std::move(title);
  return finish_json_document(origin, std::move(d), date, options);
}

/// One line of a JSON Lines file.
ReadResult read_json_line(const std::string& origin, std::string_view line, const ReadOptions& options) {
  if (line.size() > options.max_bytes + 4096)
    return fail(origin, "line is " + std::to_string(line.size()) + " bytes, over the limit of " +
                            std::to_string(options.max_bytes) + " (--max-bytes)");
  {
    // Outside its strings a line the fast reader takes is ASCII, and it checks the UTF-8
    // of the strings as it reads them: a line it takes is valid UTF-8.
    FastJsonLine f(line);
    if (f.parse() && f.text) {
      return document_from(origin, std::move(*f.text), f.id.value_or(""), f.lang.value_or(""),
                           f.source.value_or(""), f.url.value_or(""), f.title.value_or(""), f.date.value_or(""),
                           options);
    }
  }
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
  return finish_json_document(origin, std::move(d), date, options);
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
  std::string content;
  if (!ec) {
    content.resize(size);
    in.read(content.data(), static_cast<std::streamsize>(size));
    content.resize(static_cast<size_t>(in.gcount()));
    if (in.eof()) in.clear();  // shorter than its size said
  }
  if (!in.bad()) content.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());  // what is left, if it grew
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
