// DocDate parsing and printing. Tests: tests/unit/date_test.cc.
#include "model/date.h"

#include <cstdio>

namespace cronaca {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string DocDate::str() const {
  char buf[32];
  switch (precision) {
    case DatePrecision::None: return {};
    case DatePrecision::Year: std::snprintf(buf, sizeof buf, "%04d", year); break;
    case DatePrecision::Month: std::snprintf(buf, sizeof buf, "%04d-%02d", year, month); break;
    case DatePrecision::Day: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day); break;
    case DatePrecision::Minute:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute);
      break;
  }
  return buf;
}

std::optional<DocDate> DocDate::parse(std::string_view s) {
  DocDate d;
  if (!digits(s, 0, 4, d.year)) return std::nullopt;
  d.precision = DatePrecision::Year;
  if (s.size() == 4) return d;
  if (s[4] != '-' || !digits(s, 5, 2, d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  d.precision = DatePrecision::Month;
  if (s.size() == 7) return d;
  if (s[7] != '-' || !digits(s, 8, 2, d.day) || d.day < 1 || d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  d.precision = DatePrecision::Day;
  if (s.size() == 10) return d;
  if ((s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, d.hour) || s.size() < 16 || s[13] != ':' ||
      !digits(s, 14, 2, d.minute) || d.hour > 23 || d.minute > 59)
    return std::nullopt;
  d.precision = DatePrecision::Minute;
  size_t pos = 16;
  int sec = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, sec) || sec > 60) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
  }
  if (pos == s.size()) return d;
  // A zone: Z or +HH:MM / -HH:MM / +HHMM.
  std::string_view zone = s.substr(pos);
  if (zone == "Z") return d;
  int zh = 0, zm = 0;
  if ((zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2, zh) &&
      ((zone.size() == 6 && zone[3] == ':' && digits(zone, 4, 2, zm)) ||
       (zone.size() == 5 && digits(zone, 3, 2, zm)) || zone.size() == 3))
    return d;
  return std::nullopt;
}

}  // namespace cronaca
