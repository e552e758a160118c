// PETRARCH verb dictionary importer (see petrarch_verbs.h). One pass over the
// lines with a small state machine (synonym section, verb block, patterns).
// Reference: PETRARCH2 PETRreader.read_verb_dictionary() documents the format.
// Tests: tests/unit/events_test.cc (PetrarchVerbs*), on
// tests/cases/events/petrarch_sample.txt and on the full public dictionary.
#include "events/petrarch_verbs.h"

#include <fstream>
#include <map>
#include <sstream>

#include "util/errors.h"
#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Splits "SET_UP" or "ARREST_" into words ("set", "up"); a trailing '_' (PETRARCH:
/// no stemming) is dropped.
std::vector<std::string> words_of(std::string_view w) {
  std::vector<std::string> out;
  for (const std::string& p : split(w, '_'))
    if (!p.empty()) out.push_back(lower(p));
  return out;
}

struct Block {
  std::string name;
  std::string code;                             // default; empty = none
  std::vector<std::string> lemmas;              // single-word verbs and their forms
  std::vector<std::pair<std::vector<std::string>, std::string>> phrasal;  // (words, code) of "+SET_UP"
  std::vector<std::pair<std::vector<std::string>, std::string>> own;      // (forms, code) of "ARREST [173]"
};

std::string code_of(std::string_view bracket) {
  // "[173]", "[036:036]", "[:110]", "[---]"
  std::string inner(trim(bracket.substr(1, bracket.size() - 2)));
  for (const std::string& part : split(inner, ':')) {
    std::string_view c = trim(part);
    if (!c.empty() && c.find_first_not_of("0123456789") == std::string_view::npos && c.size() >= 2 && c.size() <= 4)
      return std::string(c);
  }
  return {};
}

}  // namespace

PetrarchVerbImport import_petrarch_verbs(const std::filesystem::path& file, PatternSet& into) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataFileError(file, 0, "cannot read the PETRARCH verb dictionary");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (!utf8_valid(text)) throw DataFileError(file, utf8_first_invalid(text) ? 0 : 0, "not valid UTF-8");

  PetrarchVerbImport r;
  auto warn = [&](size_t line, const std::string& why) {
    ++r.skipped;
    if (r.warnings.size() < 100) r.warnings.push_back(file.filename().string() + ":" + std::to_string(line) + ": " + why);
  };
  std::map<std::string, std::vector<std::string>> synsets;  // "&weapon" -> words (lower case, phrases with spaces)
  std::string current_set;
  Block block;
  bool in_block = false;
  bool transformations = false;
  std::vector<std::pair<size_t, std::string>> pattern_lines;  // of the current block

  auto make = [&](std::string id, const std::vector<std::string>& lemmas, const std::string& code) {
    Pattern p;
    p.id = std::move(id);
    p.lang = into.lang();
    p.kind = PatternKind::Verb;
    for (const std::string& l : lemmas) {
      auto ws = into.words(l);
      p.lemmas.insert(p.lemmas.end(), ws.begin(), ws.end());
    }
    p.code = code;
    p.origin = file.filename().string();
    return p;
  };

  auto flush = [&]() {
    if (!in_block) return;
    ++r.blocks;
    // Defaults: the block's code for its plain verbs, a verb's own code for it.
    if (!block.code.empty() && !block.lemmas.empty()) {
      into.add(make("petrarch:" + block.name, block.lemmas, block.code));
      ++r.verbs;
    }
    for (const auto& [forms, code] : block.own) {
      into.add(make("petrarch:" + block.name + ":" + forms.front(), forms, code));
      ++r.verbs;
    }
    for (const auto& [words, code] : block.phrasal) {
      std::string c = code.empty() ? block.code : code;
      if (c.empty() || words.size() < 2) continue;
      Pattern p = make("petrarch:" + block.name + ":" + words[0] + "_" + words[1], {words[0]}, c);
      Need n;
      for (size_t i = 1; i < words.size(); ++i) {
        auto ws = into.words(words[i]);
        n.words.insert(n.words.end(), ws.begin(), ws.end());
      }
      p.needs.push_back(std::move(n));
      p.near = true;
      into.add(std::move(p));
      ++r.verbs;
    }
    // Patterns apply to every verb of the block.
    std::vector<std::string> all = block.lemmas;
    for (const auto& [forms, code] : block.own) all.insert(all.end(), forms.begin(), forms.end());
    for (const auto& [words, code] : block.phrasal) all.push_back(words[0]);
    for (const auto& [line, body] : pattern_lines) {
      size_t lb = body.rfind('[');
      size_t rb = body.rfind(']');
      if (lb == std::string::npos || rb == std::string::npos || rb < lb) {
        warn(line, "pattern without [code]");
        continue;
      }
      std::string code = code_of(std::string_view(body).substr(lb, rb - lb + 1));
      if (code.empty()) continue;  // "[---]": a pattern that blocks coding
      std::string_view words = std::string_view(body).substr(0, lb);
      size_t star = words.find('*');
      if (star == std::string_view::npos) {
        warn(line, "pattern without '*'");
        continue;
      }
      Pattern p = make("petrarch:" + block.name + ":" + std::to_string(line), all, code);
      if (p.lemmas.empty()) continue;
      auto tokens = [&](std::string_view part, std::string* target_prep) {
        // Alternatives after expanding synonym sets (at most 32).
        std::vector<std::vector<std::string>> alts(1);
        std::string prev;
        std::istringstream is{std::string(part)};
        std::string tok;
        while (is >> tok) {
          bool opens = !tok.empty() && (tok[0] == '(' || tok[0] == '{');
          std::string w;
          for (char c : tok)
            if (c != '(' && c != ')' && c != '{' && c != '}') w += c;
          if (w == "+" && target_prep && !prev.empty()) *target_prep = prev;
          if (w.empty() || w == "$" || w == "+" || w == "%" || w == "^" || w == "-") {
            prev.clear();
            continue;
          }
          (void)opens;
          std::vector<std::string> choices;
          if (w[0] == '&') {
            auto it = synsets.find(lower(w));
            if (it == synsets.end()) continue;
            choices = it->second;
          } else {
            std::string l;
            for (const std::string& x : words_of(w)) l += (l.empty() ? "" : " ") + x;
            if (l.empty()) continue;
            choices.push_back(l);
            prev = l;
          }
          std::vector<std::vector<std::string>> next;
          for (const auto& a : alts)
            for (const std::string& c : choices) {
              if (next.size() >= 32) break;
              auto b = a;
              std::istringstream cs(c);
              std::string cw;
              while (cs >> cw) b.push_back(cw);
              next.push_back(std::move(b));
            }
          alts = std::move(next);
        }
        return alts;
      };
      std::string prep;
      auto post = tokens(words.substr(star + 1), &prep);
      auto pre = tokens(words.substr(words.find('-') != std::string_view::npos ? words.find('-') + 1 : 0,
                                     star - (words.find('-') != std::string_view::npos ? words.find('-') + 1 : 0)),
                        nullptr);
      bool before = post.size() == 1 && post[0].empty();
      const auto& use = before ? pre : post;
      for (const auto& alt : use) {
        if (alt.empty()) continue;
        Need n;
        n.before = before;
        for (const std::string& w : alt) {
          auto ws = into.words(w);
          n.words.insert(n.words.end(), ws.begin(), ws.end());
        }
        p.needs.push_back(std::move(n));
      }
      if (!prep.empty()) {
        ArgSpec a;
        a.kind = ArgSpec::Kind::Prep;
        a.preps.push_back(prep);
        p.target.push_back(std::move(a));
        p.target.push_back(ArgSpec{ArgSpec::Kind::Obj, {}});
      }
      into.add(std::move(p));
      ++r.patterns;
    }
    block = Block();
    pattern_lines.clear();
    in_block = false;
  };

  std::istringstream lines(text);
  std::string raw;
  size_t line_no = 0;
  while (std::getline(lines, raw)) {
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string_view line = raw;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) {
      current_set.clear();
      continue;
    }
    if (transformations || line[0] == '~') continue;
    if (raw.rfind("######## TRANSFORMATIONS", 0) == 0) {
      transformations = true;
      continue;
    }
    if (line[0] == '&') {
      flush();
      current_set = lower(line.substr(0, line.find_first_of(" \t") == std::string_view::npos ? line.size()
                                                                                             : line.find_first_of(" \t")));
      synsets[current_set];
      continue;
    }
    if (line.substr(0, 3) == "---") {
      flush();
      std::string_view rest = trim(line.substr(3));
      size_t lb = rest.find('['), rb = rest.find(']');
      if (lb == std::string_view::npos || rb == std::string_view::npos) {
        warn(line_no, "verb block header without [code]");
        continue;
      }
      in_block = true;
      block.name = std::string(trim(rest.substr(0, lb)));
      block.code = code_of(rest.substr(lb, rb - lb + 1));
      continue;
    }
    if (line[0] == '-') {
      if (!in_block) {
        warn(line_no, "pattern outside a verb block");
        continue;
      }
      pattern_lines.emplace_back(line_no, std::string(line.substr(1)));
      continue;
    }
    // A word line: a synonym (in a set) or a verb (in a block).
    std::string_view word = line.substr(0, line.find_first_of(" \t{["));
    std::string code;
    if (size_t lb = line.find('['); lb != std::string_view::npos) {
      size_t rb = line.find(']', lb);
      if (rb != std::string_view::npos) code = code_of(line.substr(lb, rb - lb + 1));
    }
    std::vector<std::string> forms;
    if (size_t lb = line.find('{'); lb != std::string_view::npos) {
      size_t rb = line.find('}', lb);
      std::istringstream fs(std::string(line.substr(lb + 1, (rb == std::string_view::npos ? line.size() : rb) - lb - 1)));
      std::string f;
      while (fs >> f) forms.push_back(f);
    }
    if (!current_set.empty() && !in_block) {
      std::string_view w = word;
      if (!w.empty() && w[0] == '+') w.remove_prefix(1);
      std::string phrase;
      for (const std::string& x : words_of(w)) phrase += (phrase.empty() ? "" : " ") + x;
      if (!phrase.empty()) synsets[current_set].push_back(phrase);
      continue;
    }
    if (!in_block) {
      warn(line_no, "word outside a synonym set or verb block");
      continue;
    }
    bool phrasal = !word.empty() && word[0] == '+';
    if (phrasal) word.remove_prefix(1);
    auto ws = words_of(word);
    if (ws.empty()) continue;
    if (phrasal || ws.size() > 1) {
      block.phrasal.emplace_back(ws, code);
      for (const std::string& f : forms) {
        std::string_view fv = f;
        if (!fv.empty() && fv[0] == '+') fv.remove_prefix(1);
        auto fw = words_of(fv);
        if (fw.size() == ws.size() && fw[0] != ws[0]) {
          fw.resize(ws.size());
          block.phrasal.emplace_back(fw, code);
        }
      }
      continue;
    }
    std::vector<std::string> all = {ws[0]};
    for (const std::string& f : forms)
      for (const std::string& x : words_of(f)) all.push_back(x);
    if (!code.empty()) block.own.emplace_back(all, code);
    else block.lemmas.insert(block.lemmas.end(), all.begin(), all.end());
  }
  flush();
  return r;
}

}  // namespace cronaca
