// Event patterns: loading and the indexes that find them (see patterns.h).
//
// A form finds its candidate patterns and the pattern words it matches in one walk
// along a byte trie of every written lemma, word and stem: exact matches where the
// form ends, stems where the rest of the form is an inflection ending of the language.
// So a pattern written with the lemma "arrestare" fires on "arrestato",
// "arrestarono" or "arresti" even before the morphology gives lemmas, and on
// irregular forms ("escluso", "met") once it does (or when the file lists them).
// The event stage caches the result per form and thread (event_stage.cc FormTable).
// Tests: tests/unit/events_test.cc (EventPatterns*).
#include "events/patterns.h"

#include <algorithm>

#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {
namespace {

// Endings a stem takes, per language, with the inflection classes (Morph::k*) each
// belongs to: the regular verb paradigms of -are, -ere and -ire (all tenses and
// persons, participles, gerunds, infinitives with enclitics) and the noun and adjective
// plurals. A form matches a stem only when the rest of it is an ending of the stem's class.
struct Ending {
  const char* text;
  uint8_t cls;
};
constexpr uint8_t A = Morph::kAre, E = Morph::kEre, I = Morph::kIre, N = Morph::kNominal;
constexpr Ending kItalianEndings[] = {
    {"", A | E | I | N}, {"o", A | E | I | N}, {"i", A | E | I | N}, {"a", A | E | I | N},
    {"e", E | I | N}, {"ione", A | E | I | N}, {"ioni", A | E | I | N},
    // -are
    {"iamo", A | E | I}, {"ate", A}, {"ano", A | E | I}, {"avo", A}, {"avi", A}, {"ava", A},
    {"avamo", A}, {"avate", A}, {"avano", A}, {"ai", A}, {"asti", A}, {"ò", A}, {"ammo", A},
    {"aste", A}, {"arono", A}, {"ino", A}, {"iate", A | E | I}, {"assi", A}, {"asse", A},
    {"assero", A}, {"ato", A}, {"ata", A}, {"ati", A}, {"ando", A}, {"are", A}, {"arsi", A},
    {"andosi", A}, {"atosi", A}, {"atasi", A}, {"atisi", A}, {"arlo", A}, {"arla", A}, {"arli", A},
    // the future and conditional of -are and -ere
    {"erò", A | E}, {"erai", A | E}, {"erà", A | E}, {"eremo", A | E}, {"erete", A | E},
    {"eranno", A | E}, {"erei", A | E}, {"eresti", A | E}, {"erebbe", A | E}, {"eremmo", A | E},
    {"ereste", A | E}, {"erebbero", A | E},
    // -ere
    {"ete", E}, {"ono", E | I}, {"evo", E}, {"evi", E}, {"eva", E}, {"evamo", E}, {"evate", E},
    {"evano", E}, {"ei", E}, {"é", E}, {"ette", E}, {"emmo", E}, {"este", E}, {"erono", E},
    {"ettero", E}, {"essi", E}, {"esse", E}, {"essero", E}, {"uto", E}, {"uta", E}, {"uti", E},
    {"ute", E}, {"endo", E | I}, {"ere", E}, {"ersi", E}, {"endosi", E | I}, {"erlo", E},
    {"ebbe", E}, {"ebbero", E},
    // -ire
    {"ito", I}, {"ita", I}, {"iti", I}, {"ite", I}, {"ire", I}, {"irsi", I}, {"irlo", I},
    {"isco", I}, {"isci", I}, {"isce", I}, {"iscono", I}, {"isca", I}, {"iscano", I}, {"ì", I},
    {"irono", I}, {"irò", I}, {"irai", I}, {"irà", I}, {"iremo", I}, {"irete", I}, {"iranno", I},
    {"irei", I}, {"irebbe", I}, {"irebbero", I}, {"ivo", I}, {"ivi", I}, {"iva", I}, {"ivano", I},
    {"issi", I}, {"isse", I}, {"issero", I},
};
constexpr uint8_t P = Morph::kPlainStem, D = Morph::kDroppedE, Y = Morph::kYtoI;
constexpr Ending kEnglishEndings[] = {
    {"", P | D | Y}, {"s", P}, {"es", P | D | Y}, {"ed", P | D | Y}, {"d", P | D},
    {"ing", P | D}, {"e", D}, {"ies", Y}, {"ied", Y},
};

}  // namespace

Morph::Morph(std::string_view lang) : lang_(lang) {
  if (lang == "it") {
    for (const Ending& e : kItalianEndings) endings_[e.text] |= e.cls;
    min_stem_ = 4;
  } else {
    for (const Ending& e : kEnglishEndings) endings_[e.text] |= e.cls;
    min_stem_ = 3;
    double_final_ = true;
  }
  for (const auto& e : endings_) max_ending_ = std::max(max_ending_, e.first.size());
}

std::string Morph::stem_of(std::string_view w, uint8_t* cls) const {
  uint8_t c = kAnyClass;
  if (cls) *cls = c;
  if (w.empty() || w.find(' ') != std::string_view::npos) return {};
  std::string s(w);
  auto ends = [&](std::string_view e) { return s.size() > e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0; };
  if (lang_ == "it") {
    auto conj = [&](char vowel) { return vowel == 'a' ? kAre : vowel == 'e' ? kEre : kIre; };
    if (ends("arsi") || ends("ersi") || ends("irsi")) {
      c = conj(s[s.size() - 4]);
      s.resize(s.size() - 4);
    } else if (ends("are") || ends("ere") || ends("ire")) {
      c = conj(s[s.size() - 3]);
      s.resize(s.size() - 3);
    } else if (ends("rre")) {
      return {};  // porre, condurre: irregular, listed by their forms
    } else if (!s.empty() && std::string_view("aeio").find(s.back()) != std::string_view::npos) {
      s.pop_back();  // nouns and adjectives: arresto -> arrest
      c = kNominal;
    }
  } else {
    c = kPlainStem;
    if (ends("e")) {
      s.pop_back();
      c = kDroppedE;
    } else if (ends("y") && s.size() > 3) {
      s.back() = 'i';
      c = kYtoI;
    }
  }
  if (s.size() < min_stem_) return {};
  if (cls) *cls = c;
  return s;
}

bool Morph::inflects(std::string_view form, std::string_view stem, uint8_t cls) const {
  if (stem.empty() || form.size() < stem.size() || form.compare(0, stem.size(), stem) != 0) return false;
  std::string_view rest = form.substr(stem.size());
  if (ending_classes(rest) & cls) return true;
  if (double_final_ && !rest.empty() && rest[0] == stem.back() &&
      (ending_classes(rest.substr(1)) & cls & kPlainStem))
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
      spec.stem = morph_.stem_of(w, &spec.cls);
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
    if (r.has("unless"))
      for (const std::string& piece : split(r.get("unless"), '|')) {
        std::string_view u = trim(piece);
        bool before = u.size() > 1 && u.front() == '<';
        for (WordSpec& w : words(before ? u.substr(1) : u)) (before ? p.unless_before : p.unless).push_back(std::move(w));
      }
    p.code = std::string(trim(r.get("code")));
    if (p.kind != PatternKind::Support &&
        (p.code.size() < 2 || p.code.size() > 4 || p.code.find_first_not_of("0123456789") != std::string::npos))
      f.fail(r, "bad CAMEO code '" + p.code + "'");
    if (r.has("plover")) {
      p.plover = std::string(trim(r.get("plover")));
      if (p.plover.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        f.fail(r, "plover must be a PLOVER category in capitals (RETREAT), not '" + p.plover + "'");
    }
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
  for (Need& n : p.needs)
    for (WordSpec& w : n.words) intern(w);
  for (WordSpec& w : p.unless) intern(w);
  for (WordSpec& w : p.unless_before) intern(w);
  for (WordSpec& w : p.tail) intern(w);
  auto idx = static_cast<uint32_t>(patterns_.size());
  auto put = [idx](std::vector<uint32_t>& v) {
    if (std::find(v.begin(), v.end(), idx) == v.end()) v.push_back(idx);
  };
  for (const WordSpec& w : p.lemmas) {
    put(payload_at(w.text).exact_patterns);
    if (w.stem.empty()) continue;
    Payload& stem = payload_at(w.stem);
    put_stem(stem.stem_patterns, stem.stem_pattern_cls, idx, w.cls);
  }
  kinds_.push_back(p.kind);
  patterns_.push_back(std::move(p));
}

// Adds an entry to a stem's list with its classes; an entry already there gains them.
void PatternSet::put_stem(std::vector<uint32_t>& ids, std::vector<uint8_t>& classes, uint32_t id, uint8_t cls) {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) {
      classes[i] |= cls;
      return;
    }
  ids.push_back(id);
  classes.push_back(cls);
}

PatternSet::Payload& PatternSet::payload_at(std::string_view key) {
  uint32_t n = 0;
  for (unsigned char c : key) {
    uint32_t k = child(n, c);
    if (k == UINT32_MAX) {
      k = static_cast<uint32_t>(trie_.size());
      trie_.emplace_back();
      trie_[k].byte = c;
      // Siblings in byte order: a search stops at the first greater byte.
      uint32_t* at = &trie_[n].first_child;
      while (*at != UINT32_MAX && trie_[*at].byte < c) at = &trie_[*at].next;
      trie_[k].next = *at;
      *at = k;
      // The root and nodes with many children index them by byte.
      if (trie_[n].wide == UINT32_MAX && (n == 0 || ++trie_[n].kids > 8)) {
        trie_[n].wide = static_cast<uint32_t>(wide_.size() / 256);
        wide_.resize(wide_.size() + 256, UINT32_MAX);
        for (uint32_t j = trie_[n].first_child; j != UINT32_MAX; j = trie_[j].next)
          wide_[trie_[n].wide * 256 + trie_[j].byte] = j;
      } else if (trie_[n].wide != UINT32_MAX) {
        wide_[trie_[n].wide * 256 + c] = k;
      }
    }
    n = k;
  }
  if (trie_[n].payload == UINT32_MAX) {
    trie_[n].payload = static_cast<uint32_t>(payloads_.size());
    payloads_.emplace_back();
  }
  return payloads_[trie_[n].payload];
}

void PatternSet::compact() {
  std::vector<uint32_t> order{0}, renum(trie_.size(), UINT32_MAX);
  renum[0] = 0;
  for (size_t i = 0; i < order.size(); ++i)
    for (uint32_t k = trie_[order[i]].first_child; k != UINT32_MAX; k = trie_[k].next) {
      renum[k] = static_cast<uint32_t>(order.size());
      order.push_back(k);
    }
  std::vector<TrieNode> nodes(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    TrieNode n = trie_[order[i]];
    if (n.first_child != UINT32_MAX) n.first_child = renum[n.first_child];
    if (n.next != UINT32_MAX) n.next = renum[n.next];
    nodes[i] = n;
  }
  for (uint32_t& w : wide_)
    if (w != UINT32_MAX) w = renum[w];
  trie_ = std::move(nodes);
}

const PatternSet::Payload* PatternSet::payload_of(std::string_view key) const {
  uint32_t n = 0;
  for (unsigned char c : key)
    if ((n = child(n, c)) == UINT32_MAX) return nullptr;
  return trie_[n].payload == UINT32_MAX ? nullptr : &payloads_[trie_[n].payload];
}

void PatternSet::tag(std::string_view key, bool stem, uint32_t tag) {
  Payload& p = payload_at(key);
  (stem ? p.stem_tag : p.exact_tag) = tag;
}

uint32_t PatternSet::tag_of(std::string_view key, bool stem) const {
  const Payload* p = payload_of(key);
  return !p ? FormMatch::kNone : stem ? p->stem_tag : p->exact_tag;
}

void PatternSet::candidates(const Token& tok, std::vector<uint32_t>& out) const {
  FormMatch m;
  lookup(tok.norm, tok.lemma, m);
  out = std::move(m.candidates);
}

void PatternSet::intern(WordSpec& w) {
  std::string key = w.text + '\x01' + w.stem;
  auto& slot = word_ids_[key];
  if (slot.empty()) {
    auto id = static_cast<uint32_t>(word_count_++);
    slot.push_back(id);
    payload_at(w.text).exact_words.push_back(id);
    if (!w.stem.empty()) {
      Payload& stem = payload_at(w.stem);
      put_stem(stem.stem_words, stem.stem_word_cls, id, w.cls);
    }
  }
  w.id = slot[0];
}

void PatternSet::lookup(std::string_view norm, std::string_view lemma, FormMatch& out) const {
  auto& cs = out.candidates;
  auto& ws = out.words;
  cs.clear();
  ws.clear();
  out.stem_tags.clear();
  out.norm_tag = out.chop_tag = out.lemma_tag = FormMatch::kNone;
  auto add = [](std::vector<uint32_t>& to, const std::vector<uint32_t>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  // The stem entries whose class takes the ending found.
  auto add_classes = [](std::vector<uint32_t>& to, const std::vector<uint32_t>& from,
                        const std::vector<uint8_t>& cls, uint8_t ending) {
    for (size_t i = 0; i < from.size(); ++i)
      if (cls[i] & ending) to.push_back(from[i]);
  };
  // Along the norm: stems where the rest is an ending ("arrest|ato"; English doubles a
  // final consonant: "stop|ped"), exact words at the end. A pattern's trigger stem must
  // be at least the language's shortest stem; pattern words and tags take any stem.
  uint32_t n = 0;
  for (size_t k = 0;; ++k) {
    if (const uint32_t pi = trie_[n].payload; pi != UINT32_MAX) {
      const Payload& p = payloads_[pi];
      if (!p.stem_patterns.empty() || !p.stem_words.empty() || p.stem_tag != FormMatch::kNone) {
        std::string_view rest = norm.substr(k);
        const uint8_t plain = morph_.ending_classes(rest);
        const uint8_t doubled = morph_.doubles_final() && k > 0 && !rest.empty() && rest[0] == norm[k - 1]
                                    ? morph_.ending_classes(rest.substr(1)) & Morph::kPlainStem
                                    : 0;
        if (plain || doubled) {
          add_classes(ws, p.stem_words, p.stem_word_cls, plain | doubled);
          if (p.stem_tag != FormMatch::kNone) out.stem_tags.push_back(p.stem_tag);
        }
        const uint8_t trigger = plain | (rest.size() >= 2 ? doubled : 0);
        if (k >= morph_.min_stem() && trigger) add_classes(cs, p.stem_patterns, p.stem_pattern_cls, trigger);
      }
      if (k + 1 == norm.size()) out.chop_tag = p.exact_tag;
      if (k == norm.size()) {
        add(cs, p.exact_patterns);
        add(ws, p.exact_words);
        out.norm_tag = p.exact_tag;
      }
    }
    if (k == norm.size()) break;
    n = child(n, static_cast<unsigned char>(norm[k]));
    if (n == UINT32_MAX) break;
  }
  // The lemma: exact matches only.
  if (lemma == norm) {
    out.lemma_tag = out.norm_tag;
  } else if (!lemma.empty()) {
    n = 0;
    for (unsigned char c : lemma)
      if ((n = child(n, c)) == UINT32_MAX) break;
    if (n != UINT32_MAX && trie_[n].payload != UINT32_MAX) {
      const Payload& p = payloads_[trie_[n].payload];
      add(cs, p.exact_patterns);
      add(ws, p.exact_words);
      out.lemma_tag = p.exact_tag;
    }
  }
  for (auto* v : {&cs, &ws})
    if (v->size() > 1) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
}

bool PatternSet::matches(const WordSpec& w, const Token& tok) const {
  if (tok.norm == w.text || tok.lemma == w.text) return true;
  return !w.stem.empty() && morph_.inflects(tok.norm, w.stem, w.cls);
}

}  // namespace cronaca
