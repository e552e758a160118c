// PETRARCH/TABARI actor dictionary importer.
//
// A line-oriented state machine: a line that starts with a name opens an actor;
// '+' lines add aliases and bracketed codes (on the name line or on indented
// lines) add codes to the actor opened last. Comment blocks (<!-- -->, <! !>)
// and '#' comments are dropped first. References: the PETRARCH dictionary
// documentation (petrarch2.readthedocs.org, "Dictionary Formats") and
// PETRreader.read_actor_dictionary. Tests: tests/unit/kb_test.cc
// (tests/cases/kb/petrarch_sample.txt and, when present, the Phoenix files).
#include "kb/petrarch_actors.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "util/errors.h"
#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {

namespace {

bool is_function_word(std::string_view lower) {
  static const char* const kWords[] = {"of", "the", "and", "for", "de", "del", "della", "di", "da", "al", "el",
                                       "la", "le", "du", "des", "van", "von", "der", "den", "bin", "ibn", "in", "on"};
  for (const char* w : kWords)
    if (lower == w) return true;
  return false;
}

int days_in(int y, int m) { return days_in_month(y, m); }

// Yyyymmdd from "YYMMDD" or "YYYYMMDD"; nullopt when not a real date.
std::optional<int32_t> petrarch_date(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  int y, m, d;
  if (s.size() == 6) {
    int yy = std::stoi(std::string(s.substr(0, 2)));
    y = yy <= 30 ? 2000 + yy : 1900 + yy;
    m = std::stoi(std::string(s.substr(2, 2)));
    d = std::stoi(std::string(s.substr(4, 2)));
  } else if (s.size() == 8) {
    y = std::stoi(std::string(s.substr(0, 4)));
    m = std::stoi(std::string(s.substr(4, 2)));
    d = std::stoi(std::string(s.substr(6, 2)));
  } else {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return std::nullopt;
  return y * 10000 + m * 100 + d;
}

int32_t shift_day(int32_t v, int delta) {
  int y = v / 10000, m = v / 100 % 100, d = v % 100 + delta;
  if (d < 1) {
    if (--m < 1) {
      m = 12;
      --y;
    }
    d = days_in(y, m);
  } else if (d > days_in(y, m)) {
    d = 1;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return y * 10000 + m * 100 + d;
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string make_id(std::string_view display) {
  std::string id = "petrarch:";
  for (unsigned char c : display) {
    if (c == ' ' || c == '-' || c == '.') {
      if (id.back() != '_' && id.back() != ':') id.push_back('_');
    } else {
      id.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
    }
  }
  while (id.back() == '_') id.pop_back();
  return id;
}

}  // namespace

std::string petrarch_display_name(std::string_view raw) {
  std::string s(trim(raw));
  for (auto& c : s)
    if (c == '_') c = ' ';
  std::string out;
  bool first_word = true;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    std::string word = s.substr(i, j - i);
    i = j;
    std::string lower;
    size_t p = 0;
    while (p < word.size()) {
      char32_t c = utf8_next(word, p);
      if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
      utf8_append(lower, c);
    }
    if (!first_word && is_function_word(lower)) {
      word = lower;
    } else {
      // Title case each part of "KI-MOON", "AL-QAEDA", "W.": upper first letter, lower the rest.
      std::string w;
      bool start = true;
      size_t q = 0;
      while (q < lower.size()) {
        char32_t c = utf8_next(lower, q);
        if (start && c >= 'a' && c <= 'z') c = c - 'a' + 'A';
        utf8_append(w, c);
        start = (c == '-' || c == '.' || c == '\'');
      }
      word = w;
    }
    if (!out.empty()) out.push_back(' ');
    out += word;
    first_word = false;
  }
  return out;
}

PetrarchActorImport import_petrarch_actors(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataFileError(file, 0, "cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_petrarch_actors(ss.str(), file);
}

PetrarchActorImport parse_petrarch_actors(std::string_view text, const std::filesystem::path& origin) {
  PetrarchActorImport out;
  Actor* cur = nullptr;
  bool in_block = false;
  size_t line_no = 0;
  size_t pos = 0;
  auto warn = [&](const std::string& what) {
    out.warnings.push_back(origin.string() + ":" + std::to_string(line_no) + ": " + what);
  };

  auto parse_codes = [&](std::string_view s) {
    // s holds zero or more "[...]" groups and nothing else.
    size_t p = 0;
    while (true) {
      p = s.find('[', p);
      if (p == std::string_view::npos) break;
      size_t q = s.find(']', p);
      if (q == std::string_view::npos) throw DataFileError(origin, line_no, "'[' without ']'");
      std::string_view body = trim(s.substr(p + 1, q - p - 1));
      p = q + 1;
      if (!cur) throw DataFileError(origin, line_no, "a code before any actor");
      if (body.empty() || body.find_first_not_of('-') == std::string_view::npos) continue;  // [---]
      DatedCode dc;
      size_t sp = body.find_first_of(" \t");
      dc.code = upper_ascii(body.substr(0, sp));
      if (sp != std::string_view::npos) {
        std::string range;
        for (char c : body.substr(sp))
          if (c != ' ' && c != '\t') range.push_back(c);
        if (!range.empty() && (range[0] == '>' || range[0] == '<')) {
          auto d = petrarch_date(std::string_view(range).substr(1));
          if (!d) {
            warn("unreadable date '" + range + "' of " + dc.code + ": kept without it");
          } else if (range[0] == '>') {
            dc.from = shift_day(*d, 1);
          } else {
            dc.to = shift_day(*d, -1);
          }
        } else if (!range.empty()) {
          auto dash = range.find('-');
          auto a = petrarch_date(std::string_view(range).substr(0, dash));
          auto b = dash == std::string::npos ? std::nullopt : petrarch_date(std::string_view(range).substr(dash + 1));
          if (!a || !b) warn("unreadable date range '" + range + "' of " + dc.code + ": open where unreadable");
          if (a) dc.from = *a;
          if (b) dc.to = *b;
        }
      }
      cur->codes.push_back(std::move(dc));
    }
  };

  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!utf8_valid(line)) throw DataFileError(origin, line_no, "invalid UTF-8");
    if (in_block) {
      auto e1 = line.find("-->");
      auto e2 = line.find("!>");
      if (e1 == std::string_view::npos && e2 == std::string_view::npos) continue;
      in_block = false;
      continue;
    }
    std::string_view t = trim(line);
    if (t.rfind("<!", 0) == 0) {
      if (t.find("-->", 2) == std::string_view::npos && t.find("!>", 2) == std::string_view::npos) in_block = true;
      continue;
    }
    if (auto h = line.find('#'); h != std::string_view::npos) line = line.substr(0, h);
    t = trim(line);
    if (t.empty()) continue;
    if (t[0] == '[') {
      parse_codes(t);
      continue;
    }
    if (t[0] == '+') {
      if (!cur) throw DataFileError(origin, line_no, "an alias before any actor");
      std::string_view rest = t.substr(1);
      auto br = rest.find('[');
      std::string alias = petrarch_display_name(rest.substr(0, br));
      if (!alias.empty()) cur->aliases.push_back(alias);
      if (br != std::string_view::npos) parse_codes(rest.substr(br));
      continue;
    }
    auto br = t.find('[');
    std::string name = petrarch_display_name(t.substr(0, br));
    if (name.empty()) {
      warn("a line with no name ignored");
      continue;
    }
    Actor a;
    a.name = name;
    a.id = make_id(name);
    a.origin = origin.string() + ":" + std::to_string(line_no);
    out.actors.push_back(std::move(a));
    cur = &out.actors.back();
    if (br != std::string_view::npos) parse_codes(t.substr(br));
  }
  if (in_block) throw DataFileError(origin, line_no, "a comment block '<!' is never closed");

  // Finish: dated codes before undated ones, country, type; drop duplicate ids.
  std::vector<Actor> kept;
  std::unordered_map<std::string, size_t> ids;
  for (auto& a : out.actors) {
    std::stable_partition(a.codes.begin(), a.codes.end(), [](const DatedCode& c) { return c.from || c.to; });
    bool dated = false, all_country = !a.codes.empty();
    for (const auto& c : a.codes) {
      dated = dated || c.from || c.to;
      all_country = all_country && c.code.size() == 3;
    }
    a.type = all_country ? EntityType::GPE : dated ? EntityType::PER : EntityType::ORG;
    if (!a.codes.empty() && a.codes.front().code.size() >= 3) {
      std::string_view c = a.codes.front().code;
      if (c.rfind("IGO", 0) != 0 && c.rfind("NGO", 0) != 0 && c.rfind("IMG", 0) != 0 && c.rfind("MNC", 0) != 0)
        a.country = std::string(c.substr(0, 3));
    }
    auto [it, fresh] = ids.emplace(a.id, kept.size());
    if (!fresh) {
      // The same name twice: merge aliases and codes into the first.
      Actor& first = kept[it->second];
      for (auto& x : a.aliases) first.aliases.push_back(std::move(x));
      for (auto& c : a.codes)
        if (std::find(first.codes.begin(), first.codes.end(), c) == first.codes.end()) first.codes.push_back(std::move(c));
      continue;
    }
    kept.push_back(std::move(a));
  }
  out.actors = std::move(kept);
  return out;
}

}  // namespace cronaca
