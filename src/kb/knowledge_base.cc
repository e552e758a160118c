// Knowledge-base loader and gazetteer.
//
// Approach: every phrase (actor name and aliases, country names from ICU and
// the file, capitals, demonyms with their inflections, role nouns) is split into
// tokens the way the segmenter splits text (white space, punctuation apart, a
// split after an apostrophe of elision), each token reduced to its key (the
// case-folded norm without dots), and the keys joined into one string. While loading,
// every key (a phrase, a key that starts one, a key that a longer phrase extends) is
// interned once (intern(): open addressing over one arena of key bytes) with the list
// of its phrase's entries; freeze() sorts each list by priority and puts every key in
// one flat table (kb/flat_table.h) whose value says all three, and a bit filter of
// the first keys rejects most tokens before any look-up.
// Tests: tests/unit/kb_test.cc (fixtures in tests/cases/kb/).
#include "kb/knowledge_base.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "kb/petrarch_actors.h"
#include "util/errors.h"
#include "util/file.h"
#include "util/tsv.h"
#include "util/utf8.h"

namespace cronaca {

namespace {

bool is_upper_cp(char32_t c) { return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c)); }
bool is_lower_cp(char32_t c) { return u_islower(static_cast<UChar32>(c)); }
bool is_alpha_cp(char32_t c) { return u_isalpha(static_cast<UChar32>(c)); }

bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x00B4 || c == '`'; }

bool is_split_punct(char32_t c) {
  switch (c) {
    case ',': case ';': case ':': case '(': case ')': case '[': case ']': case '"': case '!': case '?':
    case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: case '/':
      return true;
    default:
      return false;
  }
}

// Splits a phrase as the segmenter splits text: white space separates tokens, punctuation
// that splits is a token of its own, an apostrophe ends a token ("l'Aia" -> "l'" "Aia").
// Every token is a piece of the phrase. `f(token)` for each, in order.
template <class F>
void split_phrase(std::string_view phrase, F&& f) {
  size_t pos = 0, start = 0;  // the current token is phrase[start, pos)
  auto flush = [&](size_t end) {
    if (end > start) f(phrase.substr(start, end - start));
  };
  while (pos < phrase.size()) {
    size_t at = pos;
    unsigned char b = static_cast<unsigned char>(phrase[pos]);
    char32_t c = b < 0x80 ? (++pos, static_cast<char32_t>(b)) : utf8_next(phrase, pos);
    if (c == ' ' || c == '\t' || c == 0x00A0) {
      flush(at);
      start = pos;
    } else if (is_split_punct(c)) {
      flush(at);
      f(phrase.substr(at, pos - at));
      start = pos;
    } else if (is_apostrophe(c)) {
      flush(pos);
      start = pos;
    }
  }
  flush(pos);
}

// "Stati" and "NATO" must be capitalised in the text; "di" and "presidente" need not: the
// first letter of the token decides.
bool capitalised_token(std::string_view w) {
  size_t p = 0;
  while (p < w.size()) {
    unsigned char b = static_cast<unsigned char>(w[p]);
    if (b < 0x80) {
      ++p;
      if ((b >= 'a' && b <= 'z')) return false;
      if ((b >= 'A' && b <= 'Z')) return true;
      continue;
    }
    char32_t c = utf8_next(w, p);
    if (is_alpha_cp(c)) return is_upper_cp(c);
  }
  return false;
}

// Appends token_key(normalise(token)) to `out`.
void append_token_key(std::string& out, std::string_view token) {
  bool ascii = true;
  for (unsigned char c : token) ascii = ascii && c < 0x80;
  if (!ascii) {
    out += KnowledgeBase::token_key(KnowledgeBase::normalise(token));
    return;
  }
  size_t at = out.size();
  for (char c : token) {
    if (c == '.') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : (c == '`' ? '\'' : c));
  }
  if (out.size() == at)  // only dots: the token stays itself
    for (char c : token) out.push_back(c == '`' ? '\'' : c);
}

// Yyyymmdd from an ISO date "2019-03-20", "2019-03" (first or last day), "2019".
std::optional<int32_t> parse_iso_bound(std::string_view s, bool upper) {
  auto d = DocDate::parse(s);
  if (!d) return std::nullopt;
  int m = d->month, day = d->day;
  if (d->precision == DatePrecision::Year) {
    m = upper ? 12 : 1;
    day = upper ? 31 : 1;
  } else if (d->precision == DatePrecision::Month) {
    day = upper ? days_in_month(d->year, d->month) : 1;
  }
  return d->year * 10000 + m * 100 + day;
}

std::vector<std::string> multi(const std::string& field) {
  std::vector<std::string> out;
  if (field.empty()) return out;
  for (auto& v : split(field, '|')) {
    auto t = trim(v);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

std::string icu_country_name(const std::string& iso2, const char* lang) {
  if (iso2.size() != 2) return {};
  icu::Locale loc("", iso2.c_str());
  icu::UnicodeString name;
  loc.getDisplayCountry(icu::Locale(lang), name);
  std::string out;
  name.toUTF8String(out);
  // ICU returns the code itself when it has no name.
  if (out == iso2) return {};
  return out;
}

// Italian adjectives inflect for gender and number; English demonyms take -s.
std::vector<std::string> demonym_forms(const std::string& w, bool italian) {
  std::vector<std::string> out{w};
  if (w.empty() || w.find(' ') != std::string::npos) return out;
  auto ends = [&](std::string_view suf) { return w.size() > suf.size() && w.compare(w.size() - suf.size(), suf.size(), suf) == 0; };
  std::string stem = w.substr(0, w.size() - 1);
  if (italian) {
    if (ends("co")) {
      for (const char* s : {"ca", "ci", "chi", "che"}) out.push_back(w.substr(0, w.size() - 2) + s);
    } else if (ends("go")) {
      for (const char* s : {"ga", "ghi", "ghe", "gi"}) out.push_back(w.substr(0, w.size() - 2) + s);
    } else if (ends("o")) {
      for (const char* s : {"a", "i", "e"}) out.push_back(stem + s);
    } else if (ends("e")) {
      out.push_back(stem + "i");
    } else if (ends("a")) {
      for (const char* s : {"i", "e"}) out.push_back(stem + s);
    }
  } else {
    if (!ends("s") && !ends("ese") && !ends("ch") && !ends("sh")) out.push_back(w + "s");
  }
  return out;
}

}  // namespace

// --- Normalisation -------------------------------------------------------------

std::string KnowledgeBase::normalise(std::string_view text) {
  std::string mapped;
  mapped.reserve(text.size());
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c < 0x80;
  if (ascii) {
    for (char c : text) mapped.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : (c == '`' ? '\'' : c));
    return mapped;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = utf8_next(text, pos);
    utf8_append(mapped, is_apostrophe(c) ? U'\'' : c);
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(mapped);
  u.foldCase();
  if (U_SUCCESS(err)) {
    icu::UnicodeString n = nfc->normalize(u, err);
    if (U_SUCCESS(err)) u = n;
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string KnowledgeBase::token_key(std::string_view norm) {
  std::string out;
  out.reserve(norm.size());
  for (char c : norm)
    if (c != '.') out.push_back(c);
  if (out.empty()) out.assign(norm);  // a lone "." stays itself
  return out;
}

void KnowledgeBase::append_key(std::string& key, std::string_view tk) {
  if (!key.empty() && key.back() != '\'') key.push_back(' ');
  key.append(tk);
}

void KnowledgeBase::build_key(std::string_view phrase, KeyParts& p) {
  p.key.clear();
  p.before.clear();
  p.begin.clear();
  p.end.clear();
  p.capitalised.clear();
  p.text.clear();
  split_phrase(phrase, [&](std::string_view token) {
    p.before.push_back(static_cast<uint32_t>(p.key.size()));
    if (!p.key.empty() && p.key.back() != '\'') p.key.push_back(' ');  // append_key's rule
    p.begin.push_back(static_cast<uint32_t>(p.key.size()));
    append_token_key(p.key, token);
    p.end.push_back(static_cast<uint32_t>(p.key.size()));
    p.capitalised.push_back(capitalised_token(token) ? 1 : 0);
    p.text.push_back(token);
  });
}

std::string KnowledgeBase::phrase_key(std::string_view phrase) {
  thread_local KeyParts parts;
  build_key(phrase, parts);
  return parts.key;
}

// --- Gazetteer -------------------------------------------------------------------

uint32_t KnowledgeBase::find_load_key(std::string_view key, uint64_t hash) const {
  if (load_slots_.empty()) return kNil;
  size_t mask = load_slots_.size() - 1;
  uint64_t tag = hash >> 32 << 32;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t slot = load_slots_[i];
    if (slot == kEmptySlot) return kNil;
    if ((slot >> 32 << 32) != tag) continue;  // the slot's 32 high bits of the hash differ
    auto id = static_cast<uint32_t>(slot);
    const LoadKey& k = load_keys_[id];
    if (k.hash == hash && load_key(k) == key) return id;
  }
}

uint32_t KnowledgeBase::intern(std::string_view key) {
  uint64_t hash = FlatTable<KeyInfo>::hash(key);
  if (uint32_t id = find_load_key(key, hash); id != kNil) return id;
  auto slot_of = [](uint64_t h, uint32_t id) { return h >> 32 << 32 | id; };
  if ((load_keys_.size() + 1) * 10 > load_slots_.size() * 7) {  // at most 70% full
    load_slots_.assign(load_slots_.empty() ? 8192 : load_slots_.size() * 2, kEmptySlot);
    size_t mask = load_slots_.size() - 1;
    for (uint32_t id = 0; id < load_keys_.size(); ++id) {
      size_t i = load_keys_[id].hash & mask;
      while (load_slots_[i] != kEmptySlot) i = (i + 1) & mask;
      load_slots_[i] = slot_of(load_keys_[id].hash, id);
    }
  }
  LoadKey k;
  k.off = static_cast<uint32_t>(key_arena_.size());
  k.len = static_cast<uint32_t>(key.size());
  k.hash = hash;
  key_arena_.append(key);
  auto id = static_cast<uint32_t>(load_keys_.size());
  load_keys_.push_back(k);
  size_t mask = load_slots_.size() - 1;
  size_t i = hash & mask;
  while (load_slots_[i] != kEmptySlot) i = (i + 1) & mask;
  load_slots_[i] = slot_of(hash, id);
  return id;
}

void KnowledgeBase::add_phrase(std::string_view phrase, GazetteerEntry entry) {
  KeyParts& p = parts_;
  build_key(phrase, p);
  const size_t n = p.text.size();
  if (n == 0 || n > 32) return;
  std::string_view key = p.key;
  for (size_t i = 1; i < n; ++i) {
    // The keys a longer phrase extends; a text may join an elided word to the next
    // ("d'America"): that key is a prefix too.
    load_keys_[intern(key.substr(0, p.before[i]))].flags |= kExtends;
    if (key[p.before[i] - 1] == '\'') load_keys_[intern(key.substr(0, p.end[i]))].flags |= kExtends;
  }
  uint32_t mask = 0;
  for (size_t i = 0; i < n; ++i)
    if (p.capitalised[i]) mask |= 1u << i;
  entry.length = static_cast<uint8_t>(n);
  if (n == 1) {
    int letters = 0;
    bool lower = false;
    std::string_view w = p.text[0];
    size_t q = 0;
    while (q < w.size()) {
      char32_t c = utf8_next(w, q);
      if (is_alpha_cp(c)) ++letters;
      lower = lower || is_lower_cp(c);
    }
    entry.acronym = letters >= 2 && !lower;
  }
  entry.capitalised_mask = mask;
  uint32_t id = intern(key);
  for (uint32_t e = load_keys_[id].head; e != kNil; e = load_entries_[e].next)
    if (load_entries_[e].entry.kind == entry.kind && load_entries_[e].entry.target == entry.target) return;  // same phrase twice
  auto at = static_cast<uint32_t>(load_entries_.size());
  load_entries_.push_back(LoadEntry{entry, kNil});
  LoadKey& k = load_keys_[id];
  if (k.tail == kNil) k.head = at;
  else load_entries_[k.tail].next = at;
  k.tail = at;
  ++k.count;
  auto add_first = [&](size_t end, size_t second) {
    LoadKey& f = load_keys_[intern(key.substr(0, end))];
    f.flags |= kStarts;
    if (second < n)
      f.next |= uint64_t{1} << next_bit(FlatTable<KeyInfo>::hash(key.substr(p.begin[second], p.end[second] - p.begin[second])));
  };
  add_first(p.end[0], 1);
  // A text may write "d'America" as one token: its key then starts the phrase.
  if (n > 1 && key[p.end[0] - 1] == '\'') add_first(p.end[1], 2);
  max_phrase_tokens_ = std::max(max_phrase_tokens_, n + 1);
}

std::span<const GazetteerEntry> KnowledgeBase::lookup(std::string_view key) const {
  if (!frozen_) return {};  // (only while loading)
  const KeyInfo* k = index_.find(key);
  return k ? entries(*k) : std::span<const GazetteerEntry>();
}

bool KnowledgeBase::starts_phrase(std::string_view tk, uint64_t hash) const {
  if (!frozen_) {
    uint32_t id = find_load_key(tk, hash);
    return id != kNil && (load_keys_[id].flags & kStarts);
  }
  uint32_t b = filter_bit(hash);
  if (!(first_filter_[b >> 6] >> (b & 63) & 1)) return false;
  const KeyInfo* k = index_.find(tk, hash);
  return k && (k->flags & kStarts);
}

bool KnowledgeBase::extends_phrase(std::string_view key) const {
  if (!frozen_) {
    uint32_t id = find_load_key(key, FlatTable<KeyInfo>::hash(key));
    return id != kNil && (load_keys_[id].flags & kExtends);
  }
  const KeyInfo* k = index_.find(key);
  return k && (k->flags & kExtends);
}

void KnowledgeBase::freeze() {
  // A key's entries in priority order: actors.tsv, countries, capitals, demonyms, agents,
  // imported actors; in the order added within each.
  auto rank = [](const GazetteerEntry& e) {
    if (e.kind == GazetteerKind::Actor) return e.imported ? 5 : 0;
    return static_cast<int>(e.kind);
  };
  entries_.clear();
  entries_.reserve(load_entries_.size());
  std::fill(first_filter_.begin(), first_filter_.end(), 0);
  std::fill(key_filter_.begin(), key_filter_.end(), 0);
  std::vector<FlatTable<KeyInfo>::Item> items;
  items.reserve(load_keys_.size());
  for (const LoadKey& k : load_keys_) {
    KeyInfo ki;
    ki.flags = k.flags;
    ki.next = k.next;
    if (k.head != kNil) {
      auto begin = static_cast<uint32_t>(entries_.size());
      for (uint32_t e = k.head; e != kNil; e = load_entries_[e].next) entries_.push_back(load_entries_[e].entry);
      std::stable_sort(entries_.begin() + begin, entries_.end(),
                       [&](const GazetteerEntry& a, const GazetteerEntry& b) { return rank(a) < rank(b); });
      ki.begin = begin;
      ki.count = static_cast<uint16_t>(std::min<size_t>(entries_.size() - begin, UINT16_MAX));
      entries_.resize(begin + ki.count);
    }
    if (k.flags & kStarts) {
      uint32_t b = filter_bit(k.hash);
      first_filter_[b >> 6] |= uint64_t{1} << (b & 63);
    }
    uint32_t b = key_bit(k.hash);
    key_filter_[b >> 6] |= uint64_t{1} << (b & 63);
    items.push_back(FlatTable<KeyInfo>::Item{load_key(k), k.hash, ki});
  }
  index_.build_hashed(items);
  frozen_ = true;
}

uint32_t KnowledgeBase::add_actor(Actor actor, bool imported) {
  auto idx = static_cast<uint32_t>(actors_.size());
  auto [known, fresh] = actor_ids_.try_emplace(actor.id, idx);
  if (!fresh) {
    warnings_.push_back(actor.origin + ": duplicate actor id '" + actor.id + "' ignored");
    return *known;
  }
  GazetteerEntry e;
  e.kind = GazetteerKind::Actor;
  e.target = idx;
  e.imported = imported;
  add_phrase(actor.name, e);
  for (const auto& a : actor.aliases) add_phrase(a, e);
  if (actor.type == EntityType::PER) {
    auto last_key = [](std::string_view phrase) {
      std::string k = phrase_key(phrase);
      auto sp = k.rfind(' ');
      return sp == std::string::npos ? k : k.substr(sp + 1);
    };
    actor.word_keys.clear();
    std::string name = phrase_key(actor.name);
    actor.name_words = static_cast<uint8_t>(std::min<size_t>(255, std::count(name.begin(), name.end(), ' ') + 1));
    actor.word_keys.push_back(last_key(actor.name));
    for (const auto& a : actor.aliases) actor.word_keys.push_back(last_key(a));
    if (actor.name_words >= 2) actor.word_keys.push_back(name.substr(0, name.find(' ')));
  }
  actors_.push_back(std::move(actor));
  if (!loading_) freeze();  // added after load(), or to a knowledge base built by hand
  return idx;
}

// --- Loading ------------------------------------------------------------------------

void KnowledgeBase::load_countries(const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"cameo", "iso2", "iso3"});
  for (const auto& r : f.rows) {
    Country c;
    c.cameo = r.get("cameo");
    c.iso2 = r.get("iso2");
    c.iso3 = r.get("iso3");
    if (c.cameo.empty()) f.fail(r, "empty cameo code");
    if (!c.iso2.empty() && c.iso2.size() != 2) f.fail(r, "iso2 must have two letters: '" + c.iso2 + "'");
    if (!c.iso3.empty() && c.iso3.size() != 3) f.fail(r, "iso3 must have three letters: '" + c.iso3 + "'");
    if (country_codes_.find(c.cameo)) f.fail(r, "duplicate country '" + c.cameo + "'");
    auto get = [&](const char* col) { return r.has(col) ? multi(r.get(col)) : std::vector<std::string>{}; };
    c.name_it = icu_country_name(c.iso2, "it");
    c.name_en = icu_country_name(c.iso2, "en");
    auto names_it = get("names_it");
    auto names_en = get("names_en");
    if (c.name_it.empty() && !names_it.empty()) c.name_it = names_it[0];
    if (c.name_en.empty() && !names_en.empty()) c.name_en = names_en[0];
    if (c.name_it.empty() && c.name_en.empty()) f.fail(r, "no name for country '" + c.cameo + "' (ICU has none and names_* are empty)");
    for (const auto* v : {&c.name_it, &c.name_en})
      if (!v->empty()) c.names.push_back(*v);
    for (auto& n : names_it) c.names.push_back(n);
    for (auto& n : names_en) c.names.push_back(n);
    // Italian: a form the row gives alone is inflected ("kazako" -> kazaka, kazaki, kazake);
    // forms the row already inflects ("ceco|ceca|cechi|ceche") are taken as they are, since
    // guessing again makes words of other meanings ("ceca" -> "ceci", chickpeas).
    auto dem_it = get("demonyms_it");
    for (auto& d : dem_it) d = normalise(d);
    for (const auto& d : dem_it) {
      bool inflected = std::any_of(dem_it.begin(), dem_it.end(), [&](const std::string& o) {
        return &o != &d && d.size() > 2 && o.compare(0, d.size() - 2, d, 0, d.size() - 2) == 0;
      });
      if (inflected) c.demonyms.push_back(d);
      else
        for (auto& x : demonym_forms(d, true)) c.demonyms.push_back(x);
    }
    for (auto& d : get("demonyms_en"))
      for (auto& x : demonym_forms(d, false)) c.demonyms.push_back(x);
    for (auto& x : get("capitals_it")) c.capitals.push_back(x);
    for (auto& x : get("capitals_en")) c.capitals.push_back(x);
    if (r.has("region")) c.region = r.get("region");

    auto idx = static_cast<uint32_t>(countries_.size());
    country_codes_.try_emplace(c.cameo, idx);
    if (!c.iso3.empty()) country_codes_.try_emplace(c.iso3, idx);
    if (!c.iso2.empty()) country_codes_.try_emplace(c.iso2, idx);
    GazetteerEntry e;
    e.target = idx;
    e.kind = GazetteerKind::Country;
    for (auto& n : c.names) add_phrase(n, e);
    e.kind = GazetteerKind::Capital;
    for (auto& n : c.capitals) add_phrase(n, e);
    e.kind = GazetteerKind::Demonym;
    for (auto& n : c.demonyms) add_phrase(n, e);
    countries_.push_back(std::move(c));
  }
}

void KnowledgeBase::load_actors(const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"id", "type", "name"});
  for (const auto& r : f.rows) {
    Actor a;
    a.id = r.get("id");
    a.name = r.get("name");
    a.origin = file.string() + ":" + std::to_string(r.line);
    if (a.id.empty()) f.fail(r, "empty actor id");
    if (a.name.empty()) f.fail(r, "actor '" + a.id + "' has no name");
    if (actor_ids_.find(a.id)) f.fail(r, "duplicate actor id '" + a.id + "'");
    auto type = entity_type_from(r.get("type"));
    if (!type) f.fail(r, "unknown type '" + r.get("type") + "' (expected PER ORG GPE LOC MISC)");
    a.type = *type;
    if (r.has("aliases")) a.aliases = multi(r.get("aliases"));
    if (r.has("country")) a.country = r.get("country");
    if (!a.country.empty() && !countries_.empty() && !country(a.country))
      f.fail(r, "unknown country code '" + a.country + "'");
    if (r.has("codes") && !r.get("codes").empty()) {
      for (auto& item : split(r.get("codes"), ';')) {
        auto t = trim(item);
        if (t.empty()) continue;
        DatedCode dc;
        auto sp = t.find(' ');
        dc.code = std::string(t.substr(0, sp));
        for (char ch : dc.code)
          if (!(ch >= 'A' && ch <= 'Z') && !(ch >= '0' && ch <= '9'))
            f.fail(r, "bad CAMEO code '" + dc.code + "' (upper-case letters and digits)");
        if (sp != std::string_view::npos) {
          auto range = trim(t.substr(sp + 1));
          auto dots = range.find("..");
          if (dots == std::string_view::npos) f.fail(r, "bad date range '" + std::string(range) + "' (expected FROM..TO)");
          auto from = trim(range.substr(0, dots));
          auto to = trim(range.substr(dots + 2));
          if (!from.empty()) {
            auto v = parse_iso_bound(from, false);
            if (!v) f.fail(r, "bad date '" + std::string(from) + "'");
            dc.from = *v;
          }
          if (!to.empty()) {
            auto v = parse_iso_bound(to, true);
            if (!v) f.fail(r, "bad date '" + std::string(to) + "'");
            dc.to = *v;
          }
          if (dc.from && dc.to && dc.from > dc.to) f.fail(r, "date range ends before it starts: '" + std::string(range) + "'");
        }
        a.codes.push_back(std::move(dc));
      }
    }
    if (r.has("roles_en")) a.roles_en = multi(r.get("roles_en"));
    if (r.has("roles_it")) a.roles_it = multi(r.get("roles_it"));
    add_actor(std::move(a), false);
  }
}

void KnowledgeBase::load_agents(const std::filesystem::path& file) {
  TsvFile f = TsvFile::read(file, {"agent", "lang", "nouns"});
  for (const auto& r : f.rows) {
    std::string agent = r.get("agent");
    if (agent.empty()) f.fail(r, "empty agent code");
    for (char ch : agent)
      if (!(ch >= 'A' && ch <= 'Z')) f.fail(r, "bad agent code '" + agent + "'");
    for (auto& n : multi(r.get("nouns"))) {
      GazetteerEntry e;
      e.kind = GazetteerKind::Agent;
      e.target = static_cast<uint32_t>(agents_.size());
      agents_.push_back(AgentNoun{agent, r.get("lang"), n});
      add_phrase(n, e);
    }
  }
}

namespace {

// One subdivision of Debian's iso_3166-2.json.
struct IsoSubdivision {
  std::string code, name, type;
  bool has_code = false, has_name = false;
};

// Reads {"3166-2": [{"code": ..., "name": ..., "type": ...}, ...]} as the parser goes
// (nlohmann's SAX interface: no document tree is built); other members are skipped.
struct IsoSax {
  using json = nlohmann::json;
  explicit IsoSax(std::vector<IsoSubdivision>& items) : out(items) {}
  std::vector<IsoSubdivision>& out;
  std::vector<char> stack;      // 'o' object, 'a' array
  std::string last_key;         // the last key read
  size_t list = 0;              // the stack depth inside the "3166-2" array; 0 when outside
  bool found = false;
  bool bad_field = false;       // a code or a name that is not a string
  IsoSubdivision cur;

  bool in_item() const { return list && stack.size() == list + 1 && stack.back() == 'o'; }
  bool value() {
    if (in_item() && (last_key == "code" || last_key == "name")) bad_field = true;
    return true;
  }
  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(json::number_integer_t) { return value(); }
  bool number_unsigned(json::number_unsigned_t) { return value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return value(); }
  bool binary(json::binary_t&) { return value(); }
  bool string(json::string_t& v) {
    if (in_item()) {
      if (last_key == "code") cur.code = v, cur.has_code = true;
      else if (last_key == "name") cur.name = v, cur.has_name = true;
      else if (last_key == "type") cur.type = v;
    }
    return true;
  }
  bool start_object(std::size_t) {
    if (list && stack.size() == list) cur = IsoSubdivision{};  // an item of the list
    else if (in_item() && (last_key == "code" || last_key == "name")) bad_field = true;
    stack.push_back('o');
    return true;
  }
  bool end_object() {
    stack.pop_back();
    if (list && stack.size() == list && cur.has_code && cur.has_name) out.push_back(std::move(cur));
    return true;
  }
  bool start_array(std::size_t) {
    if (stack.size() == 1 && stack.back() == 'o' && last_key == "3166-2" && !found) {
      found = true;
      stack.push_back('a');
      list = stack.size();
      return true;
    }
    if (in_item() && (last_key == "code" || last_key == "name")) bad_field = true;
    stack.push_back('a');
    return true;
  }
  bool end_array() {
    if (list && stack.size() == list) list = 0;
    stack.pop_back();
    return true;
  }
  bool key(json::string_t& k) {
    last_key = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

std::string read_file(const std::filesystem::path& file, bool& ok) {
  std::string text;
  ok = read_whole_file(file, text);
  return text;
}

}  // namespace

void KnowledgeBase::load_subdivisions(const std::filesystem::path& file) {
  bool ok = false;
  std::string text = read_file(file, ok);
  if (!ok) return;
  std::vector<IsoSubdivision> items;
  items.reserve(8192);
  IsoSax sax(items);
  bool parsed = nlohmann::json::sax_parse(text, &sax);
  if (!parsed || !sax.found) throw DataFileError(file, 0, "not an iso-codes 3166-2 file");
  if (sax.bad_field) throw DataFileError(file, 0, "a subdivision's code or name is not a string");
  const std::string origin = file.string() + ": ";
  for (auto& x : items) {
    const std::string& code = x.code;
    std::string& name = x.name;
    if (code.size() < 4) continue;
    const Country* c = country(std::string_view(code).substr(0, 2));
    if (!c) continue;
    if (auto b = name.find(" ["); b != std::string::npos) name.erase(b);
    std::vector<std::string> names;
    for (auto& part : split(name, '/')) names.emplace_back(trim(part));
    if (name.find('-') != std::string::npos && name.find(' ') == std::string::npos) {
      // "Barletta-Andria-Trani", "Forlì-Cesena": each town is a name of its own.
      for (auto& part : split(name, '-'))
        if (part.size() >= 4) names.push_back(part);
    }
    // Subdivisions named after their chief town (Italian provinces and metropolitan cities,
    // Spanish provinces...): the name is a city's too.
    const std::string& type = x.type;
    bool city = type == "Province" || type == "Metropolitan city" || type == "City" || type == "Municipality" ||
                type == "Autonomous city" || type == "Free municipal consortium" || type == "Capital city";
    Actor a;
    a.id = "iso:" + code;
    a.type = EntityType::GPE;
    a.country = c->cameo;
    a.codes.push_back(DatedCode{c->cameo, 0, 0});
    a.origin = origin + code;
    a.city = city;
    bool first = true;
    for (auto& n : names) {
      if (n.empty()) continue;
      std::string key = phrase_key(n);
      uint32_t id = find_load_key(key, FlatTable<KeyInfo>::hash(key));
      if (id != kNil && load_keys_[id].head != kNil) {  // a country, a capital or an actor of actors.tsv already
        if (city)
          for (uint32_t e = load_keys_[id].head; e != kNil; e = load_entries_[e].next) {
            const GazetteerEntry& g = load_entries_[e].entry;
            if (g.kind == GazetteerKind::Actor && actors_[g.target].type == EntityType::GPE &&
                actors_[g.target].country == c->cameo)
              actors_[g.target].city = true;
          }
        continue;
      }
      if (first) a.name = n;
      else a.aliases.push_back(n);
      first = false;
    }
    if (a.name.empty()) continue;
    add_actor(std::move(a), true);
  }
}

KnowledgeBase KnowledgeBase::load(const std::filesystem::path& dir) { return load(dir, KbOptions{}); }

KnowledgeBase KnowledgeBase::load(const std::filesystem::path& dir, const KbOptions& options) {
  KnowledgeBase kb;
  kb.loading_ = true;
  std::error_code ec;
  if (std::filesystem::exists(dir / "countries.tsv", ec)) kb.load_countries(dir / "countries.tsv");
  if (std::filesystem::exists(dir / "actors.tsv", ec)) kb.load_actors(dir / "actors.tsv");
  if (std::filesystem::exists(dir / "agents.tsv", ec)) kb.load_agents(dir / "agents.tsv");
  std::vector<std::filesystem::path> petrarch;
  if (options.load_petrarch_dir && std::filesystem::is_directory(dir / "petrarch", ec)) {
    for (const auto& ent : std::filesystem::directory_iterator(dir / "petrarch", ec))
      if (ent.path().extension() == ".txt") petrarch.push_back(ent.path());
    std::sort(petrarch.begin(), petrarch.end());
  }
  for (const auto& p : options.petrarch_files) petrarch.push_back(p);
  if (!options.iso_subdivisions.empty() && !kb.countries_.empty() &&
      std::filesystem::exists(options.iso_subdivisions, ec))
    kb.load_subdivisions(options.iso_subdivisions);
  for (const auto& p : petrarch) {
    PetrarchActorImport imp = import_petrarch_actors(p);
    for (auto& w : imp.warnings) kb.warnings_.push_back(std::move(w));
    for (auto& a : imp.actors) {
      if (a.country.size() == 3 && !kb.country(a.country)) a.country.clear();
      kb.add_actor(std::move(a), true);
    }
  }
  kb.loading_ = false;
  kb.freeze();
  return kb;
}

// --- Look-ups ---------------------------------------------------------------------

std::vector<const Actor*> KnowledgeBase::actors_by_alias(std::string_view name) const {
  std::vector<const Actor*> out;
  for (const auto& e : lookup(phrase_key(name)))
    if (e.kind == GazetteerKind::Actor) out.push_back(&actors_[e.target]);
  return out;
}

const Actor* KnowledgeBase::actor(std::string_view id) const {
  const uint32_t* at = actor_ids_.find(id);
  return at ? &actors_[*at] : nullptr;
}

const Country* KnowledgeBase::country(std::string_view code) const {
  const uint32_t* at = country_codes_.find(code);
  return at ? &countries_[*at] : nullptr;
}

namespace {
const Country* first_of_kind(const KnowledgeBase& kb, std::string_view name, GazetteerKind kind) {
  for (const auto& e : kb.lookup(KnowledgeBase::phrase_key(name)))
    if (e.kind == kind) return &kb.countries()[e.target];
  return nullptr;
}
}  // namespace

const Country* KnowledgeBase::country_by_name(std::string_view name) const {
  return first_of_kind(*this, name, GazetteerKind::Country);
}
const Country* KnowledgeBase::country_by_capital(std::string_view name) const {
  return first_of_kind(*this, name, GazetteerKind::Capital);
}
const Country* KnowledgeBase::country_by_demonym(std::string_view word) const {
  return first_of_kind(*this, word, GazetteerKind::Demonym);
}

std::string_view KnowledgeBase::agent_for(std::string_view noun) const {
  for (const auto& e : lookup(phrase_key(noun)))
    if (e.kind == GazetteerKind::Agent) return agents_[e.target].agent;
  return {};
}

std::optional<std::pair<int32_t, int32_t>> KnowledgeBase::date_range(const DocDate& d) {
  switch (d.precision) {
    case DatePrecision::None: return std::nullopt;
    case DatePrecision::Year: return std::make_pair(d.year * 10000 + 101, d.year * 10000 + 1231);
    case DatePrecision::Month:
      return std::make_pair(d.year * 10000 + d.month * 100 + 1, d.year * 10000 + d.month * 100 + days_in_month(d.year, d.month));
    default: {
      int32_t v = d.year * 10000 + d.month * 100 + d.day;
      return std::make_pair(v, v);
    }
  }
}

std::string KnowledgeBase::actor_code_at(const Actor& actor, const DocDate& date) {
  if (actor.codes.empty()) return {};
  if (auto r = date_range(date)) {
    for (const auto& c : actor.codes) {
      bool starts_ok = c.from == 0 || c.from <= r->second;
      bool ends_ok = c.to == 0 || c.to >= r->first;
      if (starts_ok && ends_ok) return c.code;
    }
    return {};
  }
  for (const auto& c : actor.codes)
    if (c.to == 0) return c.code;
  return actor.codes.front().code;
}

}  // namespace cronaca
