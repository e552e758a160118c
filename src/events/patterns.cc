// Event patterns: loading and the indexes that find them (see patterns.h).
//
// A token finds its candidate patterns with a few hash look-ups: its lemma, its
// norm, then each split of its norm into a stem and a known inflection ending.
// So a pattern written with the lemma "arrestare" fires on "arrestato",
// "arrestarono" or "arresti" even before the morphology gives lemmas, and on
// irregular forms ("escluso", "met") once it does (or when the file lists them).
// Tests: tests/unit/events_test.cc (EventPatterns*).
#include "events/patterns.h"

#include <algorithm>

#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {
namespace {

uint32_t prefix3(std::string_view s) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[1])) << 8 | static_cast<unsigned char>(s[2]);
}

// Endings a stem takes, per language: the union of the regular verb paradigms
// (all tenses and persons, participles, gerunds, infinitives with enclitic "si")
// and the noun and adjective plurals. A form matches a stem only when the rest
// of it is one of these.
constexpr const char* kItalianEndings[] = {
    "", "o", "i", "a", "e", "iamo", "ate", "ano", "avo", "avi", "ava", "avamo", "avate", "avano",
    "ai", "asti", "ò", "ammo", "aste", "arono", "erò", "erai", "erà", "eremo", "erete", "eranno",
    "erei", "eresti", "erebbe", "eremmo", "ereste", "erebbero", "ino", "iate", "assi", "asse",
    "assero", "ato", "ata", "ati", "ando", "are", "arsi", "andosi", "atosi", "atasi", "atisi",
    "ete", "ono", "evo", "eva", "evano", "é", "ette", "ettero", "erono", "uto", "uta", "uti", "ute",
    "endo", "ere", "ersi", "endosi", "ito", "ita", "iti", "ite", "ire", "irsi", "isce", "iscono",
    "isco", "ì", "irono", "irò", "irà", "iranno", "irebbe", "irebbero", "ivano", "iva", "ivo",
    "isca", "iscano", "ono", "ano", "arlo", "arla", "arli", "erlo", "irlo", "ebbe", "ebbero", "ettero",
    "ione", "ioni",
};
constexpr const char* kEnglishEndings[] = {
    "", "s", "es", "ed", "d", "ing", "e", "ies", "ied",
};

}  // namespace

Morph::Morph(std::string_view lang) : lang_(lang) {
  if (lang == "it") {
    for (const char* e : kItalianEndings) endings_.insert(e);
    min_stem_ = 4;
  } else {
    for (const char* e : kEnglishEndings) endings_.insert(e);
    min_stem_ = 3;
    double_final_ = true;
  }
  for (const auto& e : endings_) max_ending_ = std::max(max_ending_, e.size());
}

std::string Morph::stem_of(std::string_view w) const {
  if (w.empty() || w.find(' ') != std::string_view::npos) return {};
  std::string s(w);
  auto ends = [&](std::string_view e) { return s.size() > e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0; };
  if (lang_ == "it") {
    if (ends("arsi") || ends("ersi") || ends("irsi")) {
      s.resize(s.size() - 4);
    } else if (ends("are") || ends("ere") || ends("ire")) {
      s.resize(s.size() - 3);
    } else if (ends("rre")) {
      return {};  // porre, condurre: irregular, listed by their forms
    } else if (!s.empty() && std::string_view("aeio").find(s.back()) != std::string_view::npos) {
      s.pop_back();  // nouns and adjectives: arresto -> arrest
    }
  } else {
    if (ends("e")) s.pop_back();
    else if (ends("y") && s.size() > 3) s.back() = 'i';
  }
  if (s.size() < min_stem_) return {};
  return s;
}

bool Morph::inflects(std::string_view form, std::string_view stem) const {
  if (stem.empty() || form.size() < stem.size() || form.compare(0, stem.size(), stem) != 0) return false;
  std::string_view rest = form.substr(stem.size());
  if (endings_.count(rest)) return true;
  if (double_final_ && !rest.empty() && rest[0] == stem.back() && endings_.count(rest.substr(1)))
    return true;
  return false;
}

std::vector<WordSpec> PatternSet::words(std::string_view list, char sep) const {
  std::vector<WordSpec> out;
  for (const std::string& piece : split(list, sep)) {
    std::string_view w = trim(piece);
    if (w.empty()) continue;
    WordSpec spec;
    if (w.front() == '=' && w.size() > 1) {
      spec.text = std::string(w.substr(1));  // an exact form: no stem
    } else if (w.back() == '-' && w.size() > 1) {
      spec.stem = std::string(w.substr(0, w.size() - 1));
      spec.text = spec.stem;
    } else {
      spec.text = std::string(w);
      spec.stem = morph_.stem_of(w);
    }
    out.push_back(std::move(spec));
  }
  return out;
}

std::vector<ArgSpec> PatternSet::args(std::string_view list, std::string& error) {
  std::vector<ArgSpec> out;
  for (const std::string& piece : split(list, ',')) {
    std::string_view a = trim(piece);
    if (a.empty()) continue;
    ArgSpec spec;
    using K = ArgSpec::Kind;
    if (a.substr(0, 5) == "prep:") {
      spec.kind = K::Prep;
      for (const std::string& p : split(a.substr(5), '/'))
        if (!trim(p).empty()) spec.preps.emplace_back(trim(p));
      if (spec.preps.empty()) error = "prep: needs at least one preposition";
    } else if (a == "subj") spec.kind = K::Subj;
    else if (a == "obj") spec.kind = K::Obj;
    else if (a == "gen") spec.kind = K::Gen;
    else if (a == "poss") spec.kind = K::Poss;
    else if (a == "agent") spec.kind = K::Agent;
    else if (a == "pair1") spec.kind = K::Pair1;
    else if (a == "pair2") spec.kind = K::Pair2;
    else if (a == "comp") spec.kind = K::Comp;
    else if (a == "none") spec.kind = K::None;
    else error = "unknown argument '" + std::string(a) + "'";
    out.push_back(std::move(spec));
  }
  return out;
}

void PatternSet::load(const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"id", "kind", "lemma", "code"});
  std::unordered_set<std::string> ids;
  for (const TsvRow& r : f.rows) {
    Pattern p;
    p.id = std::string(trim(r.get("id")));
    p.lang = lang_;
    p.origin = file.filename().string() + ":" + std::to_string(r.line);
    if (p.id.empty()) f.fail(r, "empty id");
    if (!ids.insert(p.id).second) f.fail(r, "duplicate pattern id '" + p.id + "'");
    std::string_view kind = trim(r.get("kind"));
    if (kind == "verb") p.kind = PatternKind::Verb;
    else if (kind == "noun") p.kind = PatternKind::Noun;
    else if (kind == "support") p.kind = PatternKind::Support;
    else f.fail(r, "kind must be verb, noun or support");
    p.lemmas = words(r.get("lemma"));
    if (p.lemmas.empty()) f.fail(r, "no lemma");
    if (r.has("needs"))
      for (const std::string& alt : split(r.get("needs"), '|'))
        if (std::string_view a = trim(alt); !a.empty()) {
          Need n;
          if (a[0] == '<') {
            n.before = true;
            a = trim(a.substr(1));
          }
          n.words = words(a, ' ');
          if (!n.words.empty()) p.needs.push_back(std::move(n));
        }
    if (r.has("unless")) p.unless = words(r.get("unless"));
    p.code = std::string(trim(r.get("code")));
    if (p.kind != PatternKind::Support &&
        (p.code.size() < 2 || p.code.size() > 4 || p.code.find_first_not_of("0123456789") != std::string::npos))
      f.fail(r, "bad CAMEO code '" + p.code + "'");
    std::string error;
    if (r.has("source")) p.source = args(r.get("source"), error);
    if (!error.empty()) f.fail(r, "source: " + error);
    if (r.has("target")) p.target = args(r.get("target"), error);
    if (!error.empty()) f.fail(r, "target: " + error);
    if (r.has("flags")) {
      for (const std::string& fl : split(r.get("flags"), ',')) {
        std::string_view x = trim(fl);
        if (x == "fallback") p.fallback = true;
        else if (x == "near") p.near = true;
        else if (!x.empty()) f.fail(r, "unknown flag '" + std::string(x) + "'");
      }
    }
    add(std::move(p));
  }
}

void PatternSet::add(Pattern p) {
  using K = ArgSpec::Kind;
  // Phrase lemmas: one pattern per phrase, triggered by its first word.
  if (p.tail.empty()) {
    std::vector<WordSpec> single;
    std::vector<std::string> phrases;
    for (WordSpec& w : p.lemmas) {
      if (w.text.find(' ') != std::string::npos) phrases.push_back(w.text);
      else single.push_back(std::move(w));
    }
    for (const std::string& ph : phrases) {
      Pattern q = p;
      std::vector<WordSpec> ws = words(ph, ' ');
      if (ws.empty()) continue;
      q.lemmas.assign(1, ws[0]);
      q.tail.assign(ws.begin() + 1, ws.end());
      if (q.tail.empty()) continue;
      add(std::move(q));
    }
    p.lemmas = std::move(single);
    if (p.lemmas.empty()) return;
  }
  if (p.source.empty())
    p.source = p.kind == PatternKind::Noun ? std::vector<ArgSpec>{{K::Poss, {}}, {K::Subj, {}}}
                                           : std::vector<ArgSpec>{{K::Subj, {}}};
  if (p.target.empty())
    p.target = p.kind == PatternKind::Noun ? std::vector<ArgSpec>{{K::Gen, {}}} : std::vector<ArgSpec>{{K::Obj, {}}};
  auto idx = static_cast<uint32_t>(patterns_.size());
  for (const WordSpec& w : p.lemmas) {
    auto& e = exact_[w.text];
    if (std::find(e.begin(), e.end(), idx) == e.end()) e.push_back(idx);
    if (!w.stem.empty()) {
      auto& s = stems_[w.stem];
      if (std::find(s.begin(), s.end(), idx) == s.end()) s.push_back(idx);
      if (w.stem.size() >= 3) stem_prefixes_.insert(prefix3(w.stem));
    }
  }
  patterns_.push_back(std::move(p));
}

void PatternSet::candidates(const Token& tok, std::vector<uint32_t>& out) const {
  out.clear();
  auto take = [&](const Index& index, std::string_view key) {
    auto it = index.find(key);
    if (it != index.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  };
  if (!tok.lemma.empty()) take(exact_, tok.lemma);
  if (tok.norm != tok.lemma) take(exact_, tok.norm);
  if (tok.norm.size() >= 3 && stem_prefixes_.count(prefix3(tok.norm)))
    morph_.for_each_stem(tok.norm, [&](std::string_view stem) { take(stems_, stem); });
  if (out.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
}

bool PatternSet::matches(const WordSpec& w, const Token& tok) const {
  if (tok.norm == w.text || tok.lemma == w.text) return true;
  return !w.stem.empty() && morph_.inflects(tok.norm, w.stem);
}

}  // namespace cronaca
