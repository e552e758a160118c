// The time grammar (see time_grammar.h and docs/time.md).
//
// Approach: each rule is a function that tries to read one kind of expression
// starting at a token, composing lexicon classes (numbers, units, names,
// modifiers, triggers); it returns the token range, type and resolved value.
// find() runs every rule at each token and keeps the longest match
// (leftmost-longest), then goes on after it. An article before an expression
// ("la settimana prossima", "the 1990s") joins its span. No rule crosses a
// sentence. Values come from TimeResolver, which never goes below the
// document date's precision. Tests: tests/unit/time_test.cc with the cases
// in tests/cases/time/*.txt.
#include "time/time_grammar.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <iterator>
#include <cmath>
#include <cstdio>

#include "model/date.h"
#include "time/time_calendar.h"

namespace cronaca {

using namespace timecal;

// ---------------------------------------------------------------------------
// TimeResolver

TimeResolver::TimeResolver(const DocDate& date) : date_(date) {
  if (date_.precision >= DatePrecision::Day) day_ = days_from_civil(date_.year, date_.month, date_.day);
}

std::string TimeResolver::ref(int n) { return n < 0 ? "PAST_REF" : n > 0 ? "FUTURE_REF" : "PRESENT_REF"; }

int TimeResolver::year() const { return date_.known() ? date_.year : -1; }

std::string TimeResolver::doc_value() const {
  switch (date_.precision) {
    case DatePrecision::None:
      return "PRESENT_REF";
    case DatePrecision::Year:
      return fmt_year(date_.year);
    case DatePrecision::Month:
      return fmt_month(date_.year, date_.month);
    default:
      return fmt_day(day_);
  }
}

std::string TimeResolver::day_or_unknown() const {
  return date_.precision >= DatePrecision::Day ? fmt_day(day_) : "XXXX-XX-XX";
}

std::string TimeResolver::offset(TUnit unit, int n) const {
  const DatePrecision p = date_.precision;
  if (p == DatePrecision::None) return ref(n);
  switch (unit) {
    case TUnit::Day:
    case TUnit::Night:
    case TUnit::Hour:
    case TUnit::Minute:
    case TUnit::Second:
      if (p >= DatePrecision::Day) return fmt_day(day_ + n);
      // The day is unknown: a day or two away is most likely in the same month.
      return std::abs(n) <= 2 ? doc_value() : ref(n);
    case TUnit::Week:
      if (p >= DatePrecision::Day) return fmt_week(day_ + 7 * n);
      return n == 0 ? doc_value() : ref(n);
    case TUnit::Weekend:
      if (p >= DatePrecision::Day) return fmt_week(day_ + 7 * n) + "-WE";
      return n == 0 ? doc_value() : ref(n);
    case TUnit::Month:
      if (p >= DatePrecision::Month) {
        int y = date_.year, m = date_.month;
        add_months(y, m, n);
        return fmt_month(y, m);
      }
      return n == 0 ? doc_value() : ref(n);
    case TUnit::Quarter:
      if (p >= DatePrecision::Month) {
        int q = (date_.month - 1) / 3 + n;
        int y = date_.year + (q >= 0 ? q / 4 : (q - 3) / 4);
        q = ((q % 4) + 4) % 4;
        return fmt_year(y) + "-Q" + std::to_string(q + 1);
      }
      return n == 0 ? doc_value() : ref(n);
    case TUnit::Year:
      return fmt_year(date_.year + n);
    case TUnit::Decade:
      return std::to_string(date_.year / 10 + n);
    case TUnit::Century:
      return std::to_string(date_.year / 100 + n);
    case TUnit::None:
      break;
  }
  return ref(n);
}

std::string TimeResolver::shifted(TUnit unit, double n, bool vague, int sign) const {
  if (vague || date_.precision == DatePrecision::None) return ref(sign);
  if (n != std::floor(n)) {
    // Halves: a year and a half = 18 months, a day and a half = 36 hours.
    if (unit == TUnit::Year) return shifted(TUnit::Month, n * 12, false, sign);
    if (unit == TUnit::Day) return shifted(TUnit::Hour, n * 24, false, sign);
    return ref(sign);
  }
  const int k = static_cast<int>(n) * sign;
  switch (unit) {
    case TUnit::Week:
      if (date_.precision >= DatePrecision::Day) return fmt_day(day_ + 7 * k);
      return ref(sign);
    case TUnit::Hour:
    case TUnit::Minute:
    case TUnit::Second: {
      if (date_.precision == DatePrecision::Minute) {
        int64_t per = unit == TUnit::Hour ? 60 : unit == TUnit::Minute ? 1 : 0;
        int64_t total = day_ * 1440 + date_.hour * 60 + date_.minute + per * k;
        int64_t d = total >= 0 ? total / 1440 : (total - 1439) / 1440;
        int64_t mins = total - d * 1440;
        return fmt_day(d) + fmt_clock(static_cast<int>(mins / 60), static_cast<int>(mins % 60));
      }
      if (date_.precision >= DatePrecision::Day) return fmt_day(day_);
      return doc_value();
    }
    default:
      return offset(unit, k);
  }
}

std::string TimeResolver::weekday(int wd, int rel) const {
  if (date_.precision < DatePrecision::Day) {
    if (date_.precision == DatePrecision::None) return "XXXX-WXX-" + std::to_string(wd);
    return doc_value();
  }
  int dw = timecal::weekday(day_);
  int diff = wd - dw;
  if (rel == 0) {  // nearest
    if (diff > 3) diff -= 7;
    if (diff < -3) diff += 7;
  } else if (rel < 0) {
    while (diff >= 0) diff -= 7;
  } else if (rel == 1) {
    while (diff <= 0) diff += 7;
  }  // rel == 2: this week, diff as is
  return fmt_day(day_ + diff);
}

std::string TimeResolver::month(int m, int rel) const {
  int y = year();
  if (y < 0) return "XXXX-" + fmt_month(0, m).substr(5);
  if (date_.precision >= DatePrecision::Month) {
    if (rel == -1 && m >= date_.month) --y;
    if (rel == 1 && m <= date_.month) ++y;
  } else if (rel == -1 || rel == 1) {
    y += rel;
  }
  return fmt_month(y, m);
}

std::string TimeResolver::day_month(int d, int m, int rel) const {
  int y = year();
  if (d < 1 || d > days_in_month(y < 0 ? 2000 : y, m)) {
    if (!(m == 2 && d == 29)) return {};
  }
  if (y < 0) return "XXXX-" + fmt_day(0, m, d).substr(5);
  if (date_.precision >= DatePrecision::Day) {
    bool after_or_same = m > date_.month || (m == date_.month && d >= date_.day);
    bool before_or_same = m < date_.month || (m == date_.month && d <= date_.day);
    if (rel == -1 && after_or_same) --y;
    if (rel == 1 && before_or_same) ++y;
  } else if (date_.precision == DatePrecision::Month) {
    if (rel == -1 && m > date_.month) --y;
    if (rel == 1 && m < date_.month) ++y;
  } else if (rel == -1 || rel == 1) {
    y += rel;
  }
  if (d > days_in_month(y, m)) return {};
  return fmt_day(y, m, d);
}

std::string TimeResolver::season(const std::string& code, int rel) const {
  int y = year();
  if (y < 0) return "XXXX-" + code;
  int start = code == "SP" ? 3 : code == "SU" ? 6 : code == "FA" ? 9 : 12;
  if (rel == -1) {
    if (date_.precision < DatePrecision::Month || date_.month < start + 3) --y;
  } else if (rel == 1) {
    if (date_.precision < DatePrecision::Month || date_.month >= start) ++y;
  }
  return fmt_year(y) + "-" + code;
}

// ---------------------------------------------------------------------------
// The grammar

namespace {

struct Qty {
  double v = 0;
  bool x = false;  // an unknown amount ("alcuni", "several")
};

struct Match {
  size_t b = 0, e = 0;
  Timex::Type type = Timex::Type::DATE;
  std::string value;
  const char* rule = "";
  bool det_ok = true;  // may take an article before it into its span
};

bool digits_only(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool to_int(std::string_view s, int& v) {
  if (!digits_only(s) || s.size() > 9) return false;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return true;
}

std::string fmt_num(double v) {
  if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::string duration_value(const Qty& q, TUnit u) {
  std::string n = q.x ? "X" : fmt_num(q.v);
  switch (u) {
    case TUnit::Year:
      return "P" + n + "Y";
    case TUnit::Month:
      return "P" + n + "M";
    case TUnit::Week:
      return "P" + n + "W";
    case TUnit::Day:
      return "P" + n + "D";
    case TUnit::Hour:
      if (!q.x && q.v == 0.5) return "PT30M";
      return "PT" + n + "H";
    case TUnit::Minute:
      return "PT" + n + "M";
    case TUnit::Second:
      return "PT" + n + "S";
    case TUnit::Decade:
      return "P" + n + "DE";
    case TUnit::Century:
      return "P" + n + "CE";
    case TUnit::Quarter:
      return "P" + n + "Q";
    case TUnit::Night:
      return "P" + n + "NI";
    case TUnit::Weekend:
      return "P" + n + "WE";
    case TUnit::None:
      break;
  }
  return {};
}

bool is_pod(const TimeWord* w) {
  return w && (w->part_of_day == "MO" || w->part_of_day == "AF" || w->part_of_day == "EV" || w->part_of_day == "NI" ||
               w->part_of_day == "DT");
}

/// "2022-01-07" or "XXXX-XX-XX": a value a part of day or a clock time can extend.
bool day_level(const std::string& v) { return v.size() == 10 && v[4] == '-' && v[7] == '-'; }

std::string with_pod(const std::string& base, const std::string& pod) {
  if (pod.empty() || !day_level(base)) return base;
  return base + "T" + pod;
}

Timex::Type type_from(std::string_view s) {
  if (s == "TIME") return Timex::Type::TIME;
  if (s == "DURATION") return Timex::Type::DURATION;
  if (s == "SET") return Timex::Type::SET;
  return Timex::Type::DATE;
}

/// The value of a lower-case Roman numeral written the standard way ("xx", "xix",
/// "xxi"), else 0: the article "il" is no 49 ("Il Secolo", "il secolo dei lumi").
int roman(std::string_view s) {
  if (s.empty() || s.size() > 6) return 0;
  int total = 0, prev = 0;
  for (size_t i = s.size(); i-- > 0;) {
    int v = s[i] == 'i' ? 1 : s[i] == 'v' ? 5 : s[i] == 'x' ? 10 : s[i] == 'l' ? 50 : s[i] == 'c' ? 100 : 0;
    if (v == 0) return 0;
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  // Standard form only: the value written back must be the same letters.
  static constexpr std::pair<int, std::string_view> kDigits[] = {
      {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
  if (total <= 0) return 0;
  std::string canonical;
  for (int n = total; n > 0;)
    for (const auto& [v, letters] : kDigits)
      if (n >= v) {
        canonical += letters;
        n -= v;
        break;
      }
  return canonical == s ? total : 0;
}


class Matcher {
 public:
  Matcher(const TimeLexicon& lx, const std::vector<TimeToken>& t, const TimeResolver& r)
      : lx_(lx), t_(t), r_(r), en_(lx.lang() == "en") {}

  void set_sentence(size_t beg, size_t end) {
    beg_ = beg;
    end_ = end;
  }

  /// A cheap filter before the rules: can token j start an expression?
  bool can_start(size_t j) const {
    return (t_[j].props & TimeToken::kStarts) ||
           (j + 1 < end_ && (t_[j + 1].props & TimeToken::kCentury));  // "XX secolo"
  }

  bool match(size_t i, Match& best) {
    best = Match();
    bool found = false;
    auto consider = [&](bool ok, Match& m) {
      if (ok && m.e > m.b && (!found || m.e > best.e)) {
        best = m;
        found = true;
      }
    };
    Match m;
    using Rule = bool (Matcher::*)(size_t, Match&);
    static constexpr Rule kRules[] = {
        &Matcher::r_phrase,  &Matcher::r_clock,    &Matcher::r_set,      &Matcher::r_compound,
        &Matcher::r_range,   &Matcher::r_duration, &Matcher::r_relunit,  &Matcher::r_date,
        &Matcher::r_weekday, &Matcher::r_year,     &Matcher::r_decade,   &Matcher::r_century,
        &Matcher::r_quarter, &Matcher::r_season,   &Matcher::r_boundary, &Matcher::r_pod};
    static_assert(std::size(kRules) == kRuleCount);
    // Only the rules that can start at the token (rules_at); the others would fail.
    for (uint32_t rules = rules_at(i); rules; rules &= rules - 1) {
      m = Match();
      m.b = i;
      consider((this->*kRules[std::countr_zero(rules)])(i, m), m);
    }
    // An article joins the expression after it.
    if (role(i, kRoleDet) && i + 1 < end_ && can_start(i + 1)) {
      for (uint32_t rules = rules_at(i + 1); rules; rules &= rules - 1) {
        m = Match();
        m.b = i + 1;
        if ((this->*kRules[std::countr_zero(rules)])(i + 1, m) && m.det_ok) {
          m.b = i;
          consider(true, m);
        }
      }
    }
    return found;
  }

 private:
  // Bits of rules_at(), in the order of match()'s kRules.
  enum : uint32_t {
    kPhrase = 1u << 0, kClock = 1u << 1, kSet = 1u << 2, kCompound = 1u << 3,
    kRange = 1u << 4, kDuration = 1u << 5, kRelUnit = 1u << 6, kDate = 1u << 7,
    kWeekday = 1u << 8, kYear = 1u << 9, kDecade = 1u << 10, kCentury = 1u << 11,
    kQuarter = 1u << 12, kSeason = 1u << 13, kBoundary = 1u << 14, kPod = 1u << 15,
  };
  static constexpr size_t kRuleCount = 16;

  /// The rules that may match starting at token j (inside the sentence): each rule
  /// fails unless its first token has one of the properties listed for it here (see
  /// the rule's first test). A filter for speed: it must never leave out a rule that
  /// could match.
  uint32_t rules_at(size_t j) const {
    const TimeToken& t = t_[j];
    const TimeWord* x = t.word;
    const bool digit = t.props & TimeToken::kDigit, dash = t.props & TimeToken::kDash;
    uint32_t r = 0;
    if (t.kind == TokenKind::Number)
      r |= kClock | kSet | kRange | kDuration | kDate | kYear | kCentury | kQuarter;
    if (digit) r |= kClock | kDate | kYear | kDecade | kCentury | kQuarter;   // "10:30", "7th", "'82", "1990s"
    if (dash && !x) r |= kCompound;
    // "XX secolo": a numeral before the unit (r_century reads it only there)
    if (j + 1 < end_ && (t_[j + 1].props & TimeToken::kCentury) && roman(t.norm) > 0) r |= kCentury;
    if (!x) return r;
    const bool qty = x->number >= 0 || x->vague_quantity;
    const bool day = x->number >= 0 || x->ordinal;
    if (x->phrase_head) r |= kPhrase;
    if (x->part_of_day.size() == 5) r |= kClock;                                // "mezzogiorno"
    if (qty || (x->roles & (kRoleSet | kRolePer | kRoleTimes))) r |= kSet;
    if (qty || x->approx || x->half || x->unit_plural) r |= kDuration;
    if (x->recent || x->is_rel || x->unit != TUnit::None) r |= kRelUnit;
    if (day || x->is_rel || x->month) r |= kDate;
    if (x->is_rel || x->weekday) r |= kWeekday;
    if (x->unit != TUnit::None) r |= kDecade;                                   // "anni novanta"
    if (day) r |= kCentury | kQuarter;
    if (x->is_rel || !x->season.empty()) r |= kSeason;
    if (x->boundary) r |= kBoundary | kPod;
    if (!x->part_of_day.empty()) r |= kPod;
    return r;
  }

  const TimeWord* w(size_t j) const { return j >= beg_ && j < end_ ? t_[j].word : nullptr; }
  std::string_view nm(size_t j) const { return j >= beg_ && j < end_ ? t_[j].norm : std::string_view(); }
  bool role(size_t j, uint32_t r) const {
    const TimeWord* x = w(j);
    return x && (x->roles & r) != 0;
  }
  bool number_token(size_t j) const { return j >= beg_ && j < end_ && t_[j].kind == TokenKind::Number; }
  bool capitalised(size_t j) const { return j < end_ && (t_[j].flags & kCapitalised) != 0; }
  bool is_year_token(size_t j, int& y) const {
    if (!number_token(j) || nm(j).size() != 4 || !to_int(nm(j), y)) return false;
    return y >= 1000 && y <= 2999;
  }

  // --- building blocks -----------------------------------------------------

  /// A quantity: digits, a decimal, a number word, a vague amount; "a couple of", "un paio di".
  bool qty(size_t j, Qty& q, size_t& nx) const {
    if (j < beg_ || j >= end_) return false;
    std::string_view s = nm(j);
    if (number_token(j)) {
      int v = 0;
      if (to_int(s, v)) {
        q.v = v;
        nx = j + 1;
        return true;
      }
      // A decimal: "2,5" (it) / "2.5" (en); "1.500" is a thousand separator in Italian.
      char dec = en_ ? '.' : ',';
      size_t p = s.find(dec);
      if (p != std::string_view::npos && p > 0 && digits_only(s.substr(0, p)) && digits_only(s.substr(p + 1)) &&
          s.size() - p - 1 <= 2) {
        int a = 0, b = 0;
        to_int(s.substr(0, p), a);
        to_int(s.substr(p + 1), b);
        q.v = a + b / std::pow(10.0, static_cast<double>(s.size() - p - 1));
        nx = j + 1;
        return true;
      }
      return false;
    }
    const TimeWord* x = w(j);
    if (!x) return false;
    if (x->number >= 0) {
      q.v = x->number;
      nx = j + 1;
      // "a couple of", "a dozen", "un paio di"
      if (x->number == 1 && w(nx) && w(nx)->number > 1) {
        q.v = w(nx)->number;
        ++nx;
      }
      if (role(nx, kRoleOf) && w(nx + 1) && w(nx + 1)->unit != TUnit::None && q.v > 1) ++nx;
      // "twenty one"
      if (q.v >= 20 && q.v < 100 && static_cast<int>(q.v) % 10 == 0 && w(nx) && w(nx)->number >= 1 &&
          w(nx)->number <= 9 && nx < end_ && t_[nx].kind == TokenKind::Word) {
        q.v += w(nx)->number;
        ++nx;
      }
      return true;
    }
    if (x->vague_quantity) {
      q.x = true;
      nx = j + 1;
      return true;
    }
    return false;
  }

  bool unit_at(size_t j, bool have_qty) const {
    const TimeWord* x = w(j);
    return x && x->unit != TUnit::None && (have_qty || !x->unit_needs_quantity);
  }

  /// A day of the month: "7", "07", "1°", "7th", "primo", "first", "due" (Italian words).
  bool day_at(size_t j, int& d, size_t& nx) const {
    if (j < beg_ || j >= end_) return false;
    std::string_view s = nm(j);
    nx = j + 1;
    if (number_token(j) || t_[j].kind == TokenKind::Word) {
      int v = 0;
      if (s.size() <= 2 && to_int(s, v)) {
        if (v < 1 || v > 31) return false;
        d = v;
        std::string_view suf = nm(nx);  // "1°", "2nd" split by the segmenter
        if ((suf == "°" || suf == "º" || suf == "st" || suf == "nd" || suf == "rd" || suf == "th") &&
            !(t_[nx].flags & kSpaceBefore))
          ++nx;
        return true;
      }
      // "7th", "1st", "1°"
      size_t k = 0;
      while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
      if (k > 0 && k <= 2) {
        std::string_view suf = s.substr(k);
        if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th" || suf == "°" || suf == "º") {
          to_int(s.substr(0, k), v);
          if (v < 1 || v > 31) return false;
          d = v;
          return true;
        }
      }
    }
    const TimeWord* x = w(j);
    if (x && x->ordinal) {
      d = x->ordinal;
      return true;
    }
    if (!en_ && x && x->number >= 2 && x->number <= 31) {
      d = x->number;
      return true;
    }
    return false;
  }

  bool month_word(size_t j, bool near_number) const {
    const TimeWord* x = w(j);
    if (!x || !x->month) return false;
    if (x->month_needs_number && !near_number) return false;
    if (en_ && !capitalised(j)) return false;
    return true;
  }

  /// An optional year after a date: ", 2022", "2022", "del 2022", "of 2022".
  bool year_after(size_t k, int& y, size_t& nx) const {
    if (nm(k) == ",") ++k;
    if (role(k, kRoleOf)) ++k;
    if (is_year_token(k, y)) {
      nx = k + 1;
      return true;
    }
    return false;
  }

  /// A clock time at j: "10:30", "16.00" and "10" (when cued), "3 p.m.", "noon".
  bool clock_at(size_t j, bool cued, int& h, int& m, std::string& zone, size_t& nx) const {
    if (j < beg_ || j >= end_) return false;
    const TimeWord* x = w(j);
    zone.clear();
    if (x && x->part_of_day.size() == 5) {
      h = (x->part_of_day[0] - '0') * 10 + (x->part_of_day[1] - '0');
      m = (x->part_of_day[3] - '0') * 10 + (x->part_of_day[4] - '0');
      nx = j + 1;
      return true;
    }
    std::string_view s = nm(j);
    int ampm = -1;
    for (std::string_view suf : {"p.m.", "a.m.", "pm", "am"}) {
      if (s.size() > suf.size() && s.substr(s.size() - suf.size()) == suf && s[s.size() - suf.size() - 1] >= '0' &&
          s[s.size() - suf.size() - 1] <= '9') {
        ampm = suf[0] == 'p' ? 12 : 0;
        s = s.substr(0, s.size() - suf.size());
        break;
      }
    }
    if (!(number_token(j) || ampm >= 0)) return false;
    size_t p = s.find_first_of(":.");
    bool ok = false;
    if (p != std::string_view::npos) {
      std::string_view hs = s.substr(0, p), ms = s.substr(p + 1);
      if ((s[p] == ':' || cued || ampm >= 0) && hs.size() <= 2 && ms.size() == 2 && to_int(hs, h) && to_int(ms, m))
        ok = true;
    } else if (s.size() <= 2 && to_int(s, h)) {
      m = 0;
      ok = true;
      if (!cued && ampm < 0 && !role(j + 1, kRoleAmPm)) ok = false;
      if (en_ && ampm < 0 && !role(j + 1, kRoleAmPm) && nm(j + 1) != "o'clock") ok = false;
    }
    if (!ok || h > 24 || m > 59) return false;
    nx = j + 1;
    if (ampm < 0 && role(nx, kRoleAmPm)) {
      ampm = w(nx)->role_value;
      ++nx;
    } else if (nm(nx) == "o'clock") {
      ++nx;
    }
    if (ampm == 12 && h < 12) h += 12;
    if (ampm == 0 && h == 12) h = 0;
    if (role(nx, kRoleZone)) {
      zone = w(nx)->zone;
      ++nx;
    }
    return true;
  }

  /// A clock time after a date: "ieri alle 16.00", "January 7 at 3 p.m.".
  bool clock_after(size_t k, std::string& value, size_t& e) const {
    if (!day_level(value)) return false;
    size_t j = k;
    if (nm(j) == ",") ++j;
    int cues = 0;
    while (cues < 2 && role(j, kRoleClock)) {
      ++j;
      ++cues;
    }
    int h = 0, m = 0;
    std::string zone;
    size_t nx = 0;
    if (!clock_at(j, cues > 0, h, m, zone, nx)) return false;
    value += fmt_clock(h, m) + zone;
    e = nx;
    return true;
  }

  /// A part of day after a day-level date: "ieri sera", "Monday night".
  bool pod_after(size_t k, std::string& value, size_t& e) const {
    if (!is_pod(w(k)) || !day_level(value)) return false;
    value = with_pod(value, w(k)->part_of_day);
    e = k + 1;
    return true;
  }

  /// Day-level suffixes shared by dates: a part of day, then a clock time.
  void day_suffixes(Match& m) const {
    if (pod_after(m.e, m.value, m.e)) m.type = Timex::Type::TIME;
    if (clock_after(m.e, m.value, m.e)) m.type = Timex::Type::TIME;
  }

  /// A date that can follow "di", "of", "tra", a clock time or a part of day.
  bool date_after(size_t k, Match& out) {
    Match m;
    m.b = k;
    if (role(k, kRoleDet)) {
      Match d;
      d.b = k + 1;
      if (r_date_core(k + 1, d)) {
        out = d;
        return true;
      }
    }
    if (r_phrase_deictic(k, m) || r_weekday_core(k, m) || r_date_core(k, m)) {
      out = m;
      return true;
    }
    return false;
  }

  // --- rules ---------------------------------------------------------------

  /// A phrase of the deictic or vague table.
  bool r_phrase(size_t i, Match& m) {
    const auto* list = i >= beg_ && i < end_ ? t_[i].phrases : nullptr;   // lx_.phrases(nm(i))
    if (!list) return false;
    for (const TimePhrase& p : *list) {
      size_t n = p.words.size();
      bool ok = i + n <= end_;
      for (size_t k = 0; ok && k < n; ++k) ok = nm(i + k) == p.words[k];
      if (!ok) continue;
      m.e = i + n;
      m.det_ok = false;
      if (p.kind == TimePhrase::Kind::Vague) {
        if (unit_at(m.e, false)) continue;  // "in the past decade" is "the past decade"
        // "d'ora", "quell'ora", "l'ora di cena": a noun, not "now".
        if (i > beg_ && !nm(i - 1).empty() && nm(i - 1).back() == '\'') continue;
        if (p.words.size() == 1 && role(m.e, kRoleOf)) continue;
        m.type = type_from(p.type);
        m.value = p.value;
        m.rule = "vague";
        return true;
      }
      std::string pod = p.part_of_day;
      m.value = r_.offset(p.unit, p.offset);
      m.rule = "deictic";
      if (p.unit == TUnit::Day && pod.empty() && is_pod(w(m.e))) {
        pod = w(m.e)->part_of_day;
        ++m.e;
      }
      std::string base = m.value;
      if (!pod.empty()) {
        m.value = with_pod(base, pod);
        if (m.value != base) m.type = Timex::Type::TIME;
      }
      if (clock_after(m.e, base, m.e)) {
        m.value = base;
        m.type = Timex::Type::TIME;
      }
      return true;
    }
    return false;
  }

  bool r_phrase_deictic(size_t i, Match& m) {
    Match t;
    t.b = i;
    if (!r_phrase(i, t) || std::string_view(t.rule) != "deictic") return false;
    m = t;
    return true;
  }

  /// A clock time: "alle 10:30", "16:08 UTC", "at 3 p.m.", "12:00 UTC Monday", "alle 10 di ieri".
  bool r_clock(size_t i, Match& m) {
    bool cued = i > beg_ && role(i - 1, kRoleClock);
    // "le 3 vittime": an article, not "le 3" of the clock.
    if (cued && role(i - 1, kRoleDet) && i + 1 < end_ && t_[i + 1].kind == TokenKind::Word && !w(i + 1)) cued = false;
    int h = 0, mi = 0;
    std::string zone;
    size_t nx = 0;
    if (!clock_at(i, cued, h, mi, zone, nx)) return false;
    // A bare named time ("mezzogiorno") or an uncued H:MM is fine; a bare number is not.
    m.type = Timex::Type::TIME;
    m.rule = "clock";
    m.det_ok = false;
    std::string base = r_.day_or_unknown();
    size_t k = nx;
    if (role(k, kRoleOf)) ++k;
    Match d;
    if (date_after(k, d) && day_level(d.value)) {
      base = d.value;
      nx = d.e;
    }
    m.value = base + fmt_clock(h, mi) + zone;
    m.e = nx;
    return true;
  }

  /// A set: "ogni giorno", "every two weeks", "ogni lunedì", "tre volte al giorno", "once a week".
  bool r_set(size_t i, Match& m) {
    m.type = Timex::Type::SET;
    m.rule = "set";
    m.det_ok = false;
    if (role(i, kRoleSet)) {
      size_t j = i + 1;
      Qty q;
      q.v = 1;
      size_t nx = j;
      bool have = qty(j, q, nx);
      if (have && q.x) return false;
      if (unit_at(nx, have)) {
        m.value = duration_value(q, w(nx)->unit);
        m.e = nx + 1;
        return true;
      }
      if (!have && w(j) && w(j)->weekday) {
        m.value = "XXXX-WXX-" + std::to_string(w(j)->weekday);
        m.e = j + 1;
        return true;
      }
      if (!have && is_pod(w(j))) {
        m.value = "XXXX-XX-XXT" + w(j)->part_of_day;
        m.e = j + 1;
        return true;
      }
      return false;
    }
    size_t j = i;
    Qty q;
    size_t nx = 0;
    // A rate after an amount: "$4 billion a year", "100 euro al giorno".
    if (role(j, kRolePer) && j > beg_ && (role(j - 1, kRoleAmount) || number_token(j - 1)) && unit_at(j + 1, false) &&
        !w(j + 1)->unit_plural && !role(j + 2, kRoleAgo)) {
      Qty one;
      one.v = 1;
      m.value = duration_value(one, w(j + 1)->unit);
      m.e = j + 2;
      return true;
    }
    if (qty(j, q, nx) && role(nx, kRoleTimes)) j = nx;
    if (!role(j, kRoleTimes)) return false;
    ++j;
    if (!role(j, kRolePer)) return false;
    ++j;
    if (role(j, kRoleDet)) ++j;
    if (!unit_at(j, false)) return false;
    Qty one;
    one.v = 1;
    m.value = duration_value(one, w(j)->unit);
    m.e = j + 1;
    return true;
  }

  /// One token with hyphens: "12-year", "four-week", "decades-long", "mid-2011", "third-quarter".
  bool r_compound(size_t i, Match& m) {
    std::string_view s = nm(i);
    if (s.find('-') == std::string_view::npos || s.size() < 3 || w(i)) return false;
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
      size_t p = s.find('-', start);
      parts.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
      if (p == std::string_view::npos) break;
      start = p + 1;
    }
    if (parts.size() == 3 && parts[2] == "old") parts.pop_back();  // "12-year-old"
    if (parts.size() != 2) return false;
    const TimeWord* a = lx_.word(parts[0]);
    const TimeWord* b = lx_.word(parts[1]);
    m.e = i + 1;
    m.det_ok = false;
    m.rule = "compound";
    Qty q;
    int v = 0;
    if (b && b->unit != TUnit::None && !b->unit_plural && (to_int(parts[0], v) || (a && a->number >= 0))) {
      q.v = a && a->number >= 0 ? a->number : v;
      m.type = Timex::Type::DURATION;
      m.value = duration_value(q, b->unit);
      return true;
    }
    if (a && a->unit != TUnit::None && parts[1] == "long") {
      q.x = a->unit_plural;
      q.v = 1;
      m.type = Timex::Type::DURATION;
      m.value = duration_value(q, a->unit);
      return true;
    }
    if (a && a->boundary && to_int(parts[1], v) && parts[1].size() == 4) {
      m.value = fmt_year(v);
      return true;
    }
    if (a && a->ordinal >= 1 && a->ordinal <= 4 && b && b->unit == TUnit::Quarter) {
      m.det_ok = true;
      int y = r_.year();
      m.value = (y < 0 ? std::string("XXXX") : fmt_year(y)) + "-Q" + std::to_string(a->ordinal);
      return true;
    }
    return false;
  }

  /// The first number of a range of durations: "between 60 and 90 days" -> "60" = P60D.
  bool r_range(size_t i, Match& m) {
    Qty a, b;
    size_t nx = 0, nx2 = 0;
    if (!number_token(i) || !qty(i, a, nx) || nx != i + 1) return false;
    if (!role(nx, kRoleRange | kRoleConj)) return false;
    if (!qty(nx + 1, b, nx2) || !unit_at(nx2, true) || b.x) return false;
    m.e = nx;
    m.type = Timex::Type::DURATION;
    m.value = duration_value(a, w(nx2)->unit);
    m.rule = "range";
    m.det_ok = false;
    return true;
  }

  /// A duration, or a date reached by one: "tre giorni", "48 ore", "un anno e mezzo",
  /// "two and a half years", "mezz'ora", "circa 5 anni", "tre anni fa", "tra due giorni", "da anni".
  bool r_duration(size_t i, Match& m) {
    size_t j = i;
    m.det_ok = false;
    m.rule = "duration";
    if (w(j) && w(j)->approx && !role(j, kRoleDet)) {
      Qty t;
      size_t nx = 0;
      if (qty(j + 1, t, nx)) ++j;
    }
    Qty q;
    size_t k = 0;
    if (w(j) && w(j)->half) {
      // "mezz'ora", "mezza giornata", "half an hour"
      k = j + 1;
      if (nm(k) == "a" || nm(k) == "an") ++k;
      if (!unit_at(k, true)) return false;
      q.v = 0.5;
    } else if (!qty(j, q, k)) {
      // A bare plural after a duration trigger: "da anni", "per mesi", "for years".
      if (w(j) && w(j)->unit_plural && !w(j)->unit_needs_quantity && j > beg_ && role(j - 1, kRoleDuration) &&
          w(j)->unit != TUnit::Weekend) {
        q.x = true;
        m.type = Timex::Type::DURATION;
        m.value = duration_value(q, w(j)->unit);
        m.e = j + 1;
        return true;
      }
      return false;
    }
    // "two and a half years"
    if (!q.x && role(k, kRoleConj) && (nm(k + 1) == "a" || nm(k + 1) == "an") && w(k + 2) && w(k + 2)->half) {
      q.v += 0.5;
      k += 3;
    }
    if (!unit_at(k, true)) {
      // One adjective between the number and a plural unit: "six straight days".
      if (en_ && !q.x && k < end_ && t_[k].kind == TokenKind::Word && !w(k) && !capitalised(k) &&
          unit_at(k + 1, true) && w(k + 1)->unit_plural)
        ++k;
      else
        return false;
    }
    // A number that is a year is no quantity ("nel 2019 giorni" is not expected).
    if (number_token(j) && nm(j).size() == 4 && !w(k)->unit_plural) return false;
    const TUnit unit = w(k)->unit;
    // "1 anno", "un anno" are singular; "1 giorni" is odd but harmless.
    size_t e = k + 1;
    if (!q.x && role(e, kRoleConj) && w(e + 1) && w(e + 1)->half) {  // "un anno e mezzo"
      q.v += 0.5;
      e += 2;
    }
    m.e = e;
    if (role(e, kRoleAgo)) {
      m.e = e + 1;
      m.value = r_.shifted(unit, q.v, q.x, -1);
      m.rule = "ago";
      return true;
    }
    if (j == i && i > beg_ && role(i - 1, kRoleAhead) && !(i > beg_ + 1 && role(i - 2, kRoleBetween) && false)) {
      // "tra tre giorni": unless a second quantity follows ("tra tre e quattro giorni").
      m.value = r_.shifted(unit, q.v, q.x, +1);
      m.rule = "ahead";
      return true;
    }
    m.type = Timex::Type::DURATION;
    m.value = duration_value(q, unit);
    return true;
  }

  /// A unit with a relative modifier: "la settimana prossima", "il mese scorso", "quest'anno",
  /// "last year", "the previous year", "the past decade"; with a plural: "gli ultimi giorni"
  /// (PAST_REF), "the next four years" (P4Y), "recent years" (PXY).
  bool r_relunit(size_t i, Match& m) {
    size_t j = i;
    bool has_rel = false;
    int rel = 0;
    m.rule = "relative";
    if (w(j) && w(j)->recent && unit_at(j + 1, false) && w(j + 1)->unit_plural) {
      Qty q;
      q.x = true;
      m.type = Timex::Type::DURATION;
      m.value = duration_value(q, w(j + 1)->unit);
      m.e = j + 2;
      return true;
    }
    if (w(j) && w(j)->is_rel && (w(j)->rel_position & 1)) {
      has_rel = true;
      rel = w(j)->rel;
      ++j;
      if (w(j) && w(j)->is_rel && (w(j)->rel_position & 1)) rel = w(j++)->rel;  // "this past weekend"
      Qty q;
      size_t k = 0;
      if (qty(j, q, k) && !q.x && rel != 0) {
        if (en_ && k < end_ && t_[k].kind == TokenKind::Word && !w(k) && !capitalised(k) && unit_at(k + 1, true) &&
            w(k + 1)->unit_plural)
          ++k;
        if (unit_at(k, true) && w(k)->unit_plural) {
          m.type = Timex::Type::DURATION;
          m.value = duration_value(q, w(k)->unit);
          m.e = k + 1;
          return true;
        }
        return false;
      }
    }
    if (!unit_at(j, false)) return false;
    const TimeWord* u = w(j);
    ++j;
    if (!has_rel && w(j) && w(j)->is_rel && (w(j)->rel_position & 2)) {
      has_rel = true;
      rel = w(j)->rel;
      ++j;
    } else if (!has_rel && w(j) && w(j)->recent && u->unit_plural) {
      Qty q;
      q.x = true;
      m.type = Timex::Type::DURATION;
      m.value = duration_value(q, u->unit);
      m.e = j + 1;
      return true;
    }
    if (!has_rel) {
      // "the weekend", "il weekend": this weekend.
      if (u->unit == TUnit::Weekend && i > beg_ && role(i - 1, kRoleDet)) {
        m.value = r_.offset(TUnit::Weekend, 0);
        m.e = j;
        return true;
      }
      return false;
    }
    m.e = j;
    if (u->unit_plural) {
      if (u->unit == TUnit::Weekend) return false;
      m.value = rel < 0 ? "PAST_REF" : rel > 0 ? "FUTURE_REF" : "PRESENT_REF";
      return true;
    }
    switch (u->unit) {
      case TUnit::Year:
      case TUnit::Month:
      case TUnit::Week:
      case TUnit::Decade:
      case TUnit::Century:
      case TUnit::Quarter:
      case TUnit::Weekend:
        m.value = r_.offset(u->unit, rel);
        return true;
      default:
        return false;
    }
  }

  /// An absolute or named date, with its modifiers and suffixes.
  bool r_date(size_t i, Match& m) {
    if (!r_date_core(i, m)) return false;
    day_suffixes(m);
    return true;
  }

  /// "7 gennaio 2022", "January 7, 2022", "April 2nd", "the 7th of January", "gennaio 2022",
  /// "May 2008", "February", "7/1/2022", "2022-01-07"; "lo scorso 15 maggio", "il 3 aprile prossimo",
  /// "last September".
  bool r_date_core(size_t i, Match& m) {
    size_t j = i;
    int rel = -2;
    m.rule = "date";
    if (w(j) && w(j)->is_rel && (w(j)->rel_position & 1) && w(j)->rel != 0) {
      rel = w(j)->rel;
      ++j;
    } else if (w(j) && w(j)->is_rel && (w(j)->rel_position & 1)) {
      rel = -3;  // "this May": the document's year
      ++j;
    }
    int d = 0, mo = 0, y = 0;
    bool have_year = false;
    size_t e = 0, nx = 0;
    // Numeric date in one token.
    if (number_token(j) && numeric_date(nm(j), y, mo, d)) {
      m.e = j + 1;
      m.value = fmt_day(y, mo, d);
      return rel == -2;
    }
    if (day_at(j, d, nx)) {
      size_t k = nx;
      // "dal 3 al 7 gennaio", "tra il 4 e 5 maggio", "4-5 May": the first day takes the month
      // of the second (the second is matched on its own afterwards).
      int d2 = 0;
      size_t k2 = k + 1, nx2 = 0;
      if (role(k, kRoleRange | kRoleConj) && role(k2, kRoleDet | kRoleYear) && !day_at(k2, d2, nx2)) ++k2;
      if (role(k, kRoleRange | kRoleConj) && day_at(k2, d2, nx2) && month_word(nx2, true)) {
        Match second;
        second.b = k2;
        if (!r_date_core(k2, second) || !day_level(second.value) || rel != -2) return false;
        m.e = k;
        m.value = second.value.substr(0, 8) + (d < 10 ? "0" : "") + std::to_string(d);
        if (second.value.substr(0, 4) != "XXXX" &&
            d > days_in_month(std::stoi(second.value.substr(0, 4)), std::stoi(second.value.substr(5, 2))))
          return false;
        return true;
      }
      if (role(k, kRoleOf) && month_word(k + 1, true)) ++k;
      if (!month_word(k, true)) return false;
      mo = w(k)->month;
      e = k + 1;
      if (year_after(e, y, nx)) {
        have_year = true;
        e = nx;
      }
    } else if (month_word(j, true)) {
      mo = w(j)->month;
      e = j + 1;
      size_t k = e;
      // "January 7", "April 2nd", not "March 5 days"
      int dd = 0;
      if (en_ && day_at(k, dd, nx) && !unit_at(nx, true) && !(digits_only(nm(k)) && nm(k).size() > 2)) {
        d = dd;
        e = nx;
        if (year_after(e, y, nx)) {
          have_year = true;
          e = nx;
        }
      } else if (year_after(k, y, nx)) {
        have_year = true;
        e = nx;
      } else {
        // A month alone.
        const TimeWord* x = w(j);
        if (x->month_needs_number) return false;
        if (x->month_needs_context) {
          bool ctx = rel != -2 || (j > beg_ && ((role(j - 1, kRoleYear | kRoleOf) && !role(j - 1, kRoleDet)) ||
                                                (w(j - 1) && w(j - 1)->boundary)));
          if (!ctx) return false;
        }
      }
    } else {
      return false;
    }
    if (!have_year && rel == -2 && w(e) && w(e)->is_rel && (w(e)->rel_position & 2)) {
      rel = w(e)->rel;
      ++e;
    }
    if (rel == -3) rel = -2;
    m.e = e;
    if (d) {
      m.value = have_year ? (d <= days_in_month(y, mo) ? fmt_day(y, mo, d) : std::string()) : r_.day_month(d, mo, rel);
    } else {
      m.value = have_year ? fmt_month(y, mo) : r_.month(mo, rel);
      if (!have_year && en_ && rel == -2) m.det_ok = false;  // "the November election": the article is the noun's
    }
    return !m.value.empty();
  }

  bool numeric_date(std::string_view s, int& y, int& mo, int& d) const {
    char sep = 0;
    for (char c : s)
      if (c == '/' || c == '.' || c == '-') {
        sep = c;
        break;
      }
    if (!sep) return false;
    std::string_view p[3];
    size_t start = 0;
    for (int k = 0; k < 3; ++k) {
      size_t q = s.find(sep, start);
      if (k < 2 && q == std::string_view::npos) return false;
      if (k == 2 && q != std::string_view::npos) return false;
      p[k] = s.substr(start, q == std::string_view::npos ? std::string_view::npos : q - start);
      start = q + 1;
    }
    int a = 0, b = 0, c = 0;
    if (!to_int(p[0], a) || !to_int(p[1], b) || !to_int(p[2], c)) return false;
    if (p[0].size() == 4) {  // ISO 2022-01-07
      y = a, mo = b, d = c;
    } else {
      if (p[0].size() > 2 || p[1].size() > 2 || (p[2].size() != 2 && p[2].size() != 4)) return false;
      if (sep == '.' && p[2].size() != 4) return false;  // "1.500.00"
      y = c;
      if (p[2].size() == 2) {
        int pivot = r_.year() >= 0 ? r_.year() % 100 + 10 : 30;
        y += c <= pivot ? 2000 : 1900;
      }
      if (en_)
        mo = a, d = b;
      else
        d = a, mo = b;
    }
    return mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo);
  }

  /// A weekday: "martedì", "martedì scorso", "last Tuesday", "venerdì 2 dicembre 2008",
  /// "sabato sera", "Monday at 3 p.m.".
  bool r_weekday(size_t i, Match& m) {
    if (!r_weekday_core(i, m)) return false;
    day_suffixes(m);
    return true;
  }

  bool r_weekday_core(size_t i, Match& m) {
    size_t j = i;
    bool has_rel = false;
    int rel = 0;
    if (w(j) && w(j)->is_rel && (w(j)->rel_position & 1) && w(j + 1) && w(j + 1)->weekday) {
      has_rel = true;
      rel = w(j)->rel;
      ++j;
    }
    if (!(w(j) && w(j)->weekday)) return false;
    int wd = w(j)->weekday;
    ++j;
    if (!has_rel && w(j) && w(j)->is_rel && (w(j)->rel_position & 2)) {
      has_rel = true;
      rel = w(j)->rel;
      ++j;
    }
    m.rule = "weekday";
    size_t k = j;
    if (nm(k) == ",") ++k;
    Match d;
    d.b = k;
    if (r_date_core(k, d) && day_level(d.value)) {
      m.value = d.value;
      m.e = d.e;
      return true;
    }
    m.value = r_.weekday(wd, has_rel ? (rel == 0 ? 2 : rel) : 0);
    m.e = j;
    return true;
  }

  /// A year where a year is expected: "nel 2019", "since 1989", "between 2014 and 2016", "since '82".
  bool r_year(size_t i, Match& m) {
    int y = 0;
    bool ok = is_year_token(i, y);
    if (!ok) {
      std::string_view s = nm(i);
      if (s.size() == 3 && s[0] == '\'' && to_int(s.substr(1), y)) {
        int pivot = r_.year() >= 0 ? r_.year() % 100 : 30;
        y += y <= pivot ? 2000 : 1900;
        ok = true;
      }
    }
    if (!ok || i <= beg_) return false;
    int py = 0;
    bool ctx = role(i - 1, kRoleYear | kRoleBetween) ||
               (role(i - 1, kRoleConj | kRoleRange) && i >= beg_ + 2 && is_year_token(i - 2, py));
    if (!ctx) return false;
    if (unit_at(i + 1, true) || nm(i + 1) == "%") return false;
    m.e = i + 1;
    m.value = fmt_year(y);
    m.rule = "year";
    m.det_ok = false;
    return true;
  }

  /// A decade: "gli anni '90", "anni novanta", "anni 2000", "the 1990s", "the '90s".
  bool r_decade(size_t i, Match& m) {
    m.rule = "decade";
    std::string_view s = nm(i);
    int v = 0;
    // "1990s", "'90s", "90s"
    if (s.size() >= 3 && s.back() == 's') {
      std::string_view core = s.substr(0, s.size() - 1);
      if (!core.empty() && core[0] == '\'') core.remove_prefix(1);
      if (to_int(core, v) && v % 10 == 0 && (core.size() == 4 || core.size() == 2)) {
        m.value = std::to_string(core.size() == 4 ? v / 10 : 190 + v / 10);
        m.e = i + 1;
        return true;
      }
    }
    if (!en_ && w(i) && w(i)->unit == TUnit::Year && w(i)->unit_plural) {
      size_t k = i + 1;
      if (k < end_ && (nm(k) == "'" || nm(k) == "’") && k + 1 < end_) ++k;
      std::string_view d = nm(k);
      if (!d.empty() && d[0] == '\'') d.remove_prefix(1);
      if (to_int(d, v) && v % 10 == 0 && (d.size() == 2 || (d.size() == 4 && v >= 1000))) {
        m.value = std::to_string(d.size() == 4 ? v / 10 : 190 + v / 10);
        m.e = k + 1;
        return true;
      }
      if (w(k) && w(k)->number >= 10 && w(k)->number <= 90 && w(k)->number % 10 == 0 && !number_token(k)) {
        m.value = std::to_string(190 + w(k)->number / 10);
        m.e = k + 1;
        return true;
      }
    }
    return false;
  }

  /// A century: "il XX secolo", "the 20th century", "il ventesimo secolo".
  bool r_century(size_t i, Match& m) {
    int n = 0;
    size_t nx = 0;
    if (!day_at(i, n, nx)) n = roman(nm(i)), nx = i + 1;
    if (n < 1 || !(w(nx) && w(nx)->unit == TUnit::Century && !w(nx)->unit_plural)) return false;
    if (number_token(i) && !(nm(i).size() > 2)) return false;  // "3 secolo" is no century
    char b[16];
    std::snprintf(b, sizeof b, "%02d", n - 1);
    m.value = b;
    m.e = nx + 1;
    m.rule = "century";
    return true;
  }

  /// A quarter: "the first quarter of 2009", "il primo trimestre", "the third quarter of this year".
  bool r_quarter(size_t i, Match& m) {
    const TimeWord* o = w(i);
    int n = 0;
    size_t nx = 0;
    if (!(o && o->ordinal >= 1 && o->ordinal <= 4)) {
      if (!day_at(i, n, nx) || n > 4 || number_token(i)) return false;
    } else {
      n = o->ordinal;
    }
    if (!(w(i + 1) && w(i + 1)->unit == TUnit::Quarter && !w(i + 1)->unit_plural)) return false;
    m.rule = "quarter";
    m.e = i + 2;
    int y = r_.year();
    size_t k = m.e;
    if (role(k, kRoleOf)) {
      int yy = 0;
      size_t k2 = k + 1;
      if (role(k2, kRoleDet)) ++k2;
      Match ru;
      ru.b = k2;
      if (is_year_token(k + 1, yy)) {
        y = yy;
        m.e = k + 2;
      } else if (r_relunit(k2, ru) && ru.value.size() == 4 && digits_only(ru.value)) {
        y = std::stoi(ru.value);
        m.e = ru.e;
      }
    }
    m.value = (y < 0 ? std::string("XXXX") : fmt_year(y)) + "-Q" + std::to_string(n);
    return true;
  }

  /// A season: "l'estate scorsa", "this summer", "summer 2008", "l'inverno del 2021", "Autumn".
  bool r_season(size_t i, Match& m) {
    size_t j = i;
    int rel = -2;
    if (w(j) && w(j)->is_rel && (w(j)->rel_position & 1) && w(j + 1) && !w(j + 1)->season.empty()) {
      rel = w(j)->rel;
      ++j;
    }
    const TimeWord* s = w(j);
    if (!s || s->season.empty()) return false;
    ++j;
    if (rel == -2 && w(j) && w(j)->is_rel && (w(j)->rel_position & 2)) {
      rel = w(j)->rel;
      ++j;
    }
    int y = 0;
    size_t nx = 0;
    bool have_year = year_after(j, y, nx);
    if (s->season_needs_context && rel == -2 && !have_year) {
      bool ctx = !en_ && i > beg_ && role(i - 1, kRoleDet | kRoleYear | kRoleOf);
      if (!ctx) return false;
    }
    m.rule = "season";
    if (have_year) {
      m.value = fmt_year(y) + "-" + s->season;
      m.e = nx;
    } else {
      m.value = r_.season(s->season, rel == -2 ? 0 : rel);
      m.e = j;
    }
    return true;
  }

  /// A boundary of a period: "early 2009", "late 2006", "inizio gennaio", "fine anno",
  /// "the end of this year", "the beginning of the year", "all'inizio del 2022".
  bool r_boundary(size_t i, Match& m) {
    if (!(w(i) && w(i)->boundary)) return false;
    size_t j = i + 1;
    bool linked = false;
    if (role(j, kRoleOf)) ++j, linked = true;
    bool det = false;
    if (role(j, kRoleDet) && !(w(j) && w(j)->is_rel)) ++j, det = true;
    Match in;
    in.b = j;
    int y = 0;
    if (is_year_token(j, y)) {
      m.value = fmt_year(y);
      m.e = j + 1;
    } else if (r_date_core(j, in) || r_relunit(j, in) || r_season(j, in) || r_decade(j, in)) {
      m.value = in.value;
      m.e = in.e;
    } else if (unit_at(j, false) && !w(j)->unit_plural && (det || linked || !en_) &&
               (w(j)->unit == TUnit::Year || w(j)->unit == TUnit::Month || w(j)->unit == TUnit::Week)) {
      // Italian "fine settimana" (no article, no "di") is the weekend.
      bool weekend = !en_ && !det && !linked && w(j)->unit == TUnit::Week && nm(i) == "fine";
      m.value = r_.offset(weekend ? TUnit::Weekend : w(j)->unit, 0);
      m.e = j + 1;
    } else {
      return false;
    }
    if (m.value.empty()) return false;
    m.rule = "boundary";
    return true;
  }

  /// A part of day: "nel pomeriggio di ieri", "nella notte tra sabato e domenica",
  /// "in serata", "in the morning", "nel tardo pomeriggio".
  bool r_pod(size_t i, Match& m) {
    size_t j = i;
    if (w(j) && w(j)->boundary && is_pod(w(j + 1))) ++j;
    if (!is_pod(w(j))) return false;
    const std::string& pod = w(j)->part_of_day;
    m.type = Timex::Type::TIME;
    m.rule = "part_of_day";
    size_t k = j + 1;
    if (role(k, kRoleOf | kRoleBetween)) {
      Match d;
      if (date_after(k + 1, d) && day_level(d.value)) {
        m.value = with_pod(d.value, pod);
        m.e = d.e;
        Match d2;  // "tra sabato e domenica": the night starts on the first day
        if (role(m.e, kRoleConj | kRoleRange) && date_after(m.e + 1, d2)) m.e = d2.e;
        return true;
      }
    }
    // A bare part of day after a preposition: the document's day.
    bool prep =
        i > beg_ && (role(i - 1, kRoleYear) || (role(i - 1, kRoleDet) && i > beg_ + 1 && role(i - 2, kRoleYear)));
    if (!prep || role(j + 1, kRoleOf)) return false;  // "nella notte del furto": which night?
    m.det_ok = false;
    m.e = j + 1;
    std::string base = r_.day_or_unknown();
    if (r_.date().precision != DatePrecision::None && !day_level(r_.doc_value())) {
      m.value = r_.doc_value();
      m.type = Timex::Type::DATE;
    } else {
      m.value = with_pod(base, pod);
    }
    return true;
  }

  const TimeLexicon& lx_;
  const std::vector<TimeToken>& t_;
  const TimeResolver& r_;
  bool en_;
  size_t beg_ = 0, end_ = 0;
};

}  // namespace

void TimeGrammar::annotate(TimeToken& t) {
  static constexpr auto kClass = [] {   // byte -> kDigit / kDash
    std::array<uint8_t, 256> c{};
    for (int d = '0'; d <= '9'; ++d) c[d] = TimeToken::kDigit;
    c['-'] = TimeToken::kDash;
    return c;
  }();
  uint8_t p = 0;
  for (char c : t.norm) p |= kClass[static_cast<unsigned char>(c)];
  const bool starts = t.word ? t.word->starts : t.kind == TokenKind::Number || p != 0;
  if (starts) p |= TimeToken::kStarts;
  if (t.word && t.word->unit == TUnit::Century) p |= TimeToken::kCentury;
  t.props = p;
}

std::vector<Timex> TimeGrammar::find(const Document& doc, const std::vector<TimeToken>& tokens) const {
  std::vector<Timex> out;
  TimeResolver resolver(doc.date);
  Matcher matcher(lx_, tokens, resolver);
  const std::string prefix = lx_.lang() + ":";
  size_t i = 0;
  while (i < tokens.size()) {
    size_t beg = i, end = i;
    while (end < tokens.size() && tokens[end].sentence == tokens[beg].sentence) ++end;
    matcher.set_sentence(beg, end);
    for (i = beg; i < end;) {
      if (!matcher.can_start(i)) {
        ++i;
        continue;
      }
      Match m;
      if (matcher.match(i, m)) {
        Timex t;
        t.span = Span{tokens[m.b].span.begin, tokens[m.e - 1].span.end};
        t.type = m.type;
        t.value = m.value;
        t.rule = prefix + m.rule;
        out.push_back(std::move(t));
        i = m.e;
      } else {
        ++i;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace cronaca
