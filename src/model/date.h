// A document's date at the precision the input gives it.
//
// "2022" is a year, "2022-01" a month, "2022-01-07" a day, "2022-01-07T10:30"
// (or with seconds, or a space instead of T) a minute. Nothing finer is kept:
// the engine never invents precision the article does not have.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cronaca {

enum class DatePrecision : unsigned char { None, Year, Month, Day, Minute };

struct DocDate {
  int year = 0;
  int month = 0;    // 1..12 when precision >= Month
  int day = 0;      // 1..31 when precision >= Day
  int hour = 0;
  int minute = 0;
  DatePrecision precision = DatePrecision::None;

  bool known() const { return precision != DatePrecision::None; }
  /// "2022", "2022-01", "2022-01-07", "2022-01-07T10:30"; empty when unknown.
  std::string str() const;
  /// Parses the forms above (seconds and a time zone are accepted and dropped).
  /// Returns nullopt on anything else, including impossible dates (2022-02-30).
  static std::optional<DocDate> parse(std::string_view s);
  friend bool operator==(const DocDate&, const DocDate&) = default;
};

/// Days in a month of a year (Gregorian).
int days_in_month(int year, int month);

}  // namespace cronaca
