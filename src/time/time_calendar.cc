// Calendar arithmetic (see time_calendar.h). The civil <-> day-number
// conversions are Howard Hinnant's public-domain algorithms
// ("chrono-Compatible Low-Level Date Algorithms").
#include "time/time_calendar.h"

#include <cstdio>

namespace cronaca::timecal {

int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Ymd r;
  r.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  r.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  r.year = static_cast<int>(yoe + era * 400 + (r.month <= 2));
  return r;
}

int weekday(int64_t z) {
  // 1970-01-01 was a Thursday (ISO 4).
  int64_t w = (z + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

void iso_week(int64_t z, int& week_year, int& week) {
  // The week belongs to the year that holds its Thursday.
  int64_t thursday = z + (4 - weekday(z));
  Ymd t = civil_from_days(thursday);
  week_year = t.year;
  int64_t jan1 = days_from_civil(t.year, 1, 1);
  week = static_cast<int>((thursday - jan1) / 7 + 1);
}

void add_months(int& year, int& month, int months) {
  int total = year * 12 + (month - 1) + months;
  year = total / 12;
  month = total % 12 + 1;
}

std::string fmt_year(int y) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d", y);
  return b;
}

std::string fmt_month(int y, int m) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d", y, m);
  return b;
}

std::string fmt_day(int y, int m, int d) {
  char b[24];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
  return b;
}

std::string fmt_day(int64_t z) {
  Ymd d = civil_from_days(z);
  return fmt_day(d.year, d.month, d.day);
}

std::string fmt_week(int64_t z) {
  int wy = 0, w = 0;
  iso_week(z, wy, w);
  char b[16];
  std::snprintf(b, sizeof b, "%04d-W%02d", wy, w);
  return b;
}

std::string fmt_clock(int h, int m) {
  char b[16];
  std::snprintf(b, sizeof b, "T%02d:%02d", h, m);
  return b;
}

}  // namespace cronaca::timecal
