// Helpers shared by the store's source files (store.cc, store_query.cc,
// store_export.cc). Not part of the public interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cronaca::store_detail {

/// The days a date covers, as 'YYYY-MM-DD' text: "2022-01" -> 2022-01-01..2022-01-31.
/// Accepts YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time ("2022-01-07T10:30").
std::optional<std::pair<std::string, std::string>> day_range(std::string_view value);
/// 'YYYY-MM-DD' moved by `delta` days.
std::string shift_day(const std::string& day, int delta);
/// The current UTC time as 'YYYYMMDDHHMMSS'.
std::string now_stamp();
/// The country part of a CAMEO actor code ("KAZGOV" -> "KAZ"; "IGOWSTNAT" -> "").
std::string code_country(std::string_view code);

/// What GDELT wants to know about a CAMEO event code.
struct CodeInfo {
  int quad_class = 0;        // 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
  double goldstein = 0;      // -10 .. +10
  std::string plover;        // PLOVER category, empty when unknown
};
/// QuadClass, Goldstein scale and PLOVER category of a CAMEO event code.
/// From the events layer's CAMEO table (src/events/cameo.h, data/cameo/codes.tsv).
CodeInfo code_info(std::string_view code);

}  // namespace cronaca::store_detail
