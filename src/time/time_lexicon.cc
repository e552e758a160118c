// Loading the time words of a language (see time_lexicon.h): ICU's calendar
// names and spelled-out numbers first, then the data files, which add forms and
// may restrict ICU's (an ambiguous "May" needs context). Tests: tests/unit/time_test.cc.
#include "time/time_lexicon.h"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/rbnf.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>

#include "util/errors.h"
#include "util/tsv.h"

namespace cronaca {
namespace {

std::string to_utf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

bool parse_int(std::string_view s, int& out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

}  // namespace

TUnit tunit_from(std::string_view c) {
  if (c == "Y") return TUnit::Year;
  if (c == "M") return TUnit::Month;
  if (c == "W") return TUnit::Week;
  if (c == "D") return TUnit::Day;
  if (c == "H") return TUnit::Hour;
  if (c == "MIN") return TUnit::Minute;
  if (c == "S") return TUnit::Second;
  if (c == "DE") return TUnit::Decade;
  if (c == "CE") return TUnit::Century;
  if (c == "Q") return TUnit::Quarter;
  if (c == "NI") return TUnit::Night;
  if (c == "WE") return TUnit::Weekend;
  return TUnit::None;
}

std::string TimeLexicon::fold(std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  if (U_SUCCESS(st)) {
    icu::UnicodeString n = nfc->normalize(u, st);
    if (U_SUCCESS(st)) u = n;
  }
  std::string out;
  std::string raw = to_utf8(u);
  for (size_t i = 0; i < raw.size();) {
    // U+2019 ’ and U+02BC ʼ become ', U+00AD (soft hyphen) is dropped.
    if (raw.compare(i, 3, "\xE2\x80\x99") == 0) {
      out += '\'';
      i += 3;
    } else if (raw.compare(i, 2, "\xCA\xBC") == 0) {
      out += '\'';
      i += 2;
    } else if (raw.compare(i, 2, "\xC2\xAD") == 0) {
      i += 2;
    } else {
      out += raw[i++];
    }
  }
  return out;
}

std::vector<std::string> TimeLexicon::split_phrase(std::string_view s) {
  std::vector<std::string> out;
  std::string f = fold(s);
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (c == ' ') {
      flush();
    } else if (c == '\'' && !cur.empty() && i + 1 < f.size() && f[i + 1] != ' ') {
      cur += c;  // elision: "l'anno" -> "l'", "anno"
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

const TimeWord* TimeLexicon::word(std::string_view norm) const {
  const Entry* e = index_.find(norm);
  return e ? e->word : nullptr;
}

const std::vector<TimePhrase>* TimeLexicon::phrases(std::string_view norm) const {
  const Entry* e = index_.find(norm);
  return e ? e->phrases : nullptr;
}

TimeLexicon TimeLexicon::load(const std::filesystem::path& data_dir, const std::string& lang) {
  TimeLexicon lx;
  lx.lang_ = lang;
  const std::filesystem::path dir = data_dir / lang;
  icu::Locale locale(lang.c_str());

  // --- ICU: month and weekday names.
  UErrorCode st = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(locale, st);
  if (U_SUCCESS(st)) {
    int32_t n = 0;
    const icu::UnicodeString* months = symbols.getMonths(n);
    for (int32_t i = 0; i < n && i < 12; ++i) lx.at(fold(to_utf8(months[i]))).month = static_cast<uint8_t>(i + 1);
    const icu::UnicodeString* shorts = symbols.getShortMonths(n);
    for (int32_t i = 0; i < n && i < 12; ++i) {
      std::string k = fold(to_utf8(shorts[i]));
      while (!k.empty() && k.back() == '.') k.pop_back();
      TimeWord& w = lx.at(k);
      if (w.month == 0) {
        w.month = static_cast<uint8_t>(i + 1);
        w.month_needs_number = true;
      }
    }
    const icu::UnicodeString* days = symbols.getWeekdays(n);  // [1] = Sunday .. [7] = Saturday
    for (int32_t i = 1; i < n && i <= 7; ++i)
      lx.at(fold(to_utf8(days[i]))).weekday = static_cast<uint8_t>(i == 1 ? 7 : i - 1);
  }

  // --- ICU: spelled-out numbers (cardinals 1..100 and 1000, ordinals 1..31).
  st = U_ZERO_ERROR;
  icu::RuleBasedNumberFormat rbnf(icu::URBNF_SPELLOUT, locale, st);
  if (U_SUCCESS(st)) {
    std::vector<std::string> cardinal_sets, ordinal_sets;
    for (int32_t i = 0; i < rbnf.getNumberOfRuleSetNames(); ++i) {
      std::string name = to_utf8(rbnf.getRuleSetName(i));
      bool plural = name.find("plural") != std::string::npos;
      if (name.rfind("%spellout-cardinal", 0) == 0 && name.find("verbose") == std::string::npos)
        cardinal_sets.push_back(name);
      else if (name.rfind("%spellout-ordinal", 0) == 0 && !plural && name.find("verbose") == std::string::npos)
        ordinal_sets.push_back(name);
    }
    auto spell = [&](const std::string& set, int v) {
      icu::UnicodeString out;
      UErrorCode e = U_ZERO_ERROR;
      icu::FieldPosition fp;
      rbnf.format(static_cast<int32_t>(v), icu::UnicodeString::fromUTF8(set), out, fp, e);
      return U_SUCCESS(e) ? fold(to_utf8(out)) : std::string();
    };
    for (const auto& set : cardinal_sets) {
      for (int v = 1; v <= 100; ++v) {
        std::string k = spell(set, v);
        if (!k.empty() && k.find(' ') == std::string::npos && lx.words_[k].number < 0) lx.words_[k].number = v;
      }
      std::string k = spell(set, 1000);
      if (!k.empty() && k.find(' ') == std::string::npos) lx.words_[k].number = 1000;
    }
    for (const auto& set : ordinal_sets) {
      for (int v = 1; v <= 31; ++v) {
        std::string k = spell(set, v);
        if (!k.empty() && k.find(' ') == std::string::npos) lx.words_[k].ordinal = static_cast<uint8_t>(v);
      }
    }
  }

  // --- Data files.
  {
    TsvFile f = TsvFile::read(dir / "time_names.tsv", {"word", "kind", "value", "needs"});
    for (const auto& r : f.rows) {
      int v = 0;
      if (!parse_int(r.get("value"), v)) f.fail(r, "value must be a number");
      TimeWord& w = lx.at(fold(r.get("word")));
      const std::string& kind = r.get("kind");
      const std::string& needs = r.get("needs");
      if (kind == "month") {
        if (v < 1 || v > 12) f.fail(r, "a month is 1..12");
        w.month = static_cast<uint8_t>(v);
        w.month_needs_number = needs == "number";
        w.month_needs_context = needs == "context";
        if (!needs.empty() && needs != "number" && needs != "context")
          f.fail(r, "needs must be empty, number or context");
      } else if (kind == "weekday") {
        if (v < 1 || v > 7) f.fail(r, "a weekday is 1..7 (Monday = 1)");
        w.weekday = static_cast<uint8_t>(v);
      } else {
        f.fail(r, "kind must be month or weekday");
      }
    }
  }
  {
    TsvFile f = TsvFile::read(dir / "time_numbers.tsv", {"word", "kind", "value"});
    for (const auto& r : f.rows) {
      TimeWord& w = lx.at(fold(r.get("word")));
      const std::string& kind = r.get("kind");
      int v = 0;
      if (kind == "vague") {
        w.vague_quantity = true;
      } else if (kind == "half") {
        w.half = true;
      } else if (!parse_int(r.get("value"), v)) {
        f.fail(r, "value must be a number");
      } else if (kind == "cardinal") {
        w.number = v;
      } else if (kind == "ordinal") {
        if (v < 1 || v > 31) f.fail(r, "an ordinal is 1..31");
        w.ordinal = static_cast<uint8_t>(v);
      } else {
        f.fail(r, "kind must be cardinal, ordinal, vague or half");
      }
    }
  }
  {
    TsvFile f = TsvFile::read(dir / "time_units.tsv", {"word", "unit", "plural", "needs"});
    for (const auto& r : f.rows) {
      TUnit u = tunit_from(r.get("unit"));
      if (u == TUnit::None) f.fail(r, "unknown unit '" + r.get("unit") + "'");
      TimeWord& w = lx.at(fold(r.get("word")));
      w.unit = u;
      w.unit_plural = r.get("plural") == "yes";
      w.unit_needs_quantity = r.get("needs") == "quantity";
    }
  }
  {
    TsvFile f = TsvFile::read(dir / "time_modifiers.tsv", {"word", "role", "value", "position"});
    for (const auto& r : f.rows) {
      TimeWord& w = lx.at(fold(r.get("word")));
      const std::string& role = r.get("role");
      if (role == "rel") {
        int v = 0;
        if (!parse_int(r.get("value"), v) || v < -1 || v > 1) f.fail(r, "a rel value is -1, 0 or 1");
        const std::string& pos = r.get("position");
        w.is_rel = true;
        w.rel = static_cast<int8_t>(v);
        w.rel_position = pos == "before" ? 1 : pos == "after" ? 2 : pos == "both" ? 3 : 0;
        if (w.rel_position == 0) f.fail(r, "position must be before, after or both");
      } else if (role == "boundary") {
        w.boundary = true;
      } else if (role == "approx") {
        w.approx = true;
      } else if (role == "recent") {
        w.recent = true;
      } else {
        f.fail(r, "role must be rel, boundary, approx or recent");
      }
    }
  }
  {
    static const std::pair<const char*, uint32_t> kRoles[] = {
        {"duration", kRoleDuration}, {"ago", kRoleAgo},     {"ahead", kRoleAhead},
        {"set", kRoleSet},           {"year", kRoleYear},   {"clock", kRoleClock},
        {"det", kRoleDet},           {"conj", kRoleConj},   {"of", kRoleOf},
        {"ampm", kRoleAmPm},         {"zone", kRoleZone},   {"range", kRoleRange},
        {"between", kRoleBetween},   {"times", kRoleTimes}, {"per", kRolePer},
        {"amount", kRoleAmount}};
    TsvFile f = TsvFile::read(dir / "time_triggers.tsv", {"word", "role", "value"});
    for (const auto& r : f.rows) {
      TimeWord& w = lx.at(fold(r.get("word")));
      uint32_t bit = 0;
      for (const auto& [name, b] : kRoles)
        if (r.get("role") == name) bit = b;
      if (bit == 0) f.fail(r, "unknown role '" + r.get("role") + "'");
      w.roles |= bit;
      if (bit == kRoleAmPm && !parse_int(r.get("value"), w.role_value)) f.fail(r, "ampm value must be 0 or 12");
      if (bit == kRoleZone) w.zone = r.get("value");
    }
  }
  {
    TsvFile f = TsvFile::read(dir / "time_partofday.tsv", {"word", "value"});
    for (const auto& r : f.rows) {
      const std::string& v = r.get("value");
      bool ok = v == "MO" || v == "AF" || v == "EV" || v == "NI" || v == "DT" || (v.size() == 5 && v[2] == ':');
      if (!ok) f.fail(r, "value must be MO, AF, EV, NI, DT or HH:MM");
      lx.at(fold(r.get("word"))).part_of_day = v;
    }
  }
  {
    TsvFile f = TsvFile::read(dir / "time_seasons.tsv", {"word", "value", "needs"});
    for (const auto& r : f.rows) {
      const std::string& v = r.get("value");
      if (v != "SP" && v != "SU" && v != "FA" && v != "WI") f.fail(r, "value must be SP, SU, FA or WI");
      TimeWord& w = lx.at(fold(r.get("word")));
      w.season = v;
      w.season_needs_context = r.get("needs") == "context";
    }
  }
  auto add_phrase = [&](TimePhrase p) {
    TimeWord& head = lx.words_[p.words.front()];
    head.starts = true;
    head.phrase_head = true;
    auto& list = lx.phrases_[p.words.front()];
    list.push_back(std::move(p));
    std::stable_sort(list.begin(), list.end(),
                     [](const TimePhrase& a, const TimePhrase& b) { return a.words.size() > b.words.size(); });
  };
  {
    TsvFile f = TsvFile::read(dir / "time_deictic.tsv", {"phrase", "unit", "offset", "part_of_day"});
    for (const auto& r : f.rows) {
      TimePhrase p;
      p.kind = TimePhrase::Kind::Deictic;
      p.words = split_phrase(r.get("phrase"));
      p.unit = tunit_from(r.get("unit"));
      p.line = r.line;
      if (p.words.empty()) f.fail(r, "empty phrase");
      if (p.unit == TUnit::None) f.fail(r, "unknown unit '" + r.get("unit") + "'");
      if (!parse_int(r.get("offset"), p.offset)) f.fail(r, "offset must be a number");
      p.part_of_day = r.get("part_of_day");
      add_phrase(std::move(p));
    }
  }
  {
    TsvFile f = TsvFile::read(dir / "time_vague.tsv", {"phrase", "type", "value"});
    for (const auto& r : f.rows) {
      TimePhrase p;
      p.kind = TimePhrase::Kind::Vague;
      p.words = split_phrase(r.get("phrase"));
      p.type = r.get("type");
      p.value = r.get("value");
      p.line = r.line;
      if (p.words.empty()) f.fail(r, "empty phrase");
      if (p.type != "DATE" && p.type != "TIME" && p.type != "DURATION" && p.type != "SET")
        f.fail(r, "type must be DATE, TIME, DURATION or SET");
      if (p.value.empty()) f.fail(r, "empty value");
      add_phrase(std::move(p));
    }
  }
  for (auto& [form, w] : lx.words_) {
    w.starts = w.starts || w.month || w.weekday || w.number >= 0 || w.vague_quantity || w.half || w.ordinal ||
               w.unit != TUnit::None || !w.part_of_day.empty() || !w.season.empty() || w.is_rel || w.boundary ||
               w.approx || w.recent || (w.roles & (kRoleDet | kRoleSet | kRoleTimes)) != 0;
  }
  for (const auto& [form, w] : lx.words_) lx.index_.set(form, Entry{&w, nullptr});
  for (const auto& [form, list] : lx.phrases_) lx.index_[form].phrases = &list;
  return lx;
}

}  // namespace cronaca
