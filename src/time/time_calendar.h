// Calendar arithmetic for the time stage: proleptic Gregorian dates as day
// numbers, weekdays, ISO 8601 weeks, and the printing of TIMEX3 values.
//
// Day numbers count from 1970-01-01 (day 0); the algorithms are Howard
// Hinnant's days_from_civil / civil_from_days. Weekdays are ISO: Monday = 1 ..
// Sunday = 7. Tests: tests/unit/time_test.cc (TimeCalendar.*).
#pragma once

#include <cstdint>
#include <string>

namespace cronaca::timecal {

struct Ymd {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};

/// Days since 1970-01-01 of a valid date.
int64_t days_from_civil(int y, int m, int d);
/// The date of a day number.
Ymd civil_from_days(int64_t z);
/// ISO weekday of a day number: Monday = 1 .. Sunday = 7.
int weekday(int64_t z);
/// The ISO 8601 week of a date: its week-year and week number (1..53).
void iso_week(int64_t z, int& week_year, int& week);
/// Adds months to (year, month), keeping the month in 1..12.
void add_months(int& year, int& month, int months);

/// "2022", "2022-01", "2022-01-07", "2022-W02"; negative years are not produced.
std::string fmt_year(int y);
std::string fmt_month(int y, int m);
std::string fmt_day(int y, int m, int d);
std::string fmt_day(int64_t z);
std::string fmt_week(int64_t z);
/// "T10:30" (hour 0..23, minute 0..59).
std::string fmt_clock(int h, int m);

}  // namespace cronaca::timecal
