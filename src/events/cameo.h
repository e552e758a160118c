// CAMEO event codes: name, PLOVER category, QuadClass and Goldstein score.
//
// Data file: data/cameo/codes.tsv (columns: code name plover quad goldstein;
// documented in the file's header). Every code of the CAMEO codebook is listed,
// from the twenty roots ("01".."20") down to the four-digit codes ("0871").
//
// Example:
//   CameoTable t = CameoTable::load(data_dir / "cameo" / "codes.tsv");
//   t.plover("173");       // "COERCE"
//   t.quad_class("173");   // 4 (material conflict)
//   t.goldstein("173");    // -5.0
//   t.name("173");         // "Arrest, detain, or charge with legal action"
//   // or, loaded once from default_data_dir():
//   cameo_table().plover("0871");  // "RETREAT"
//
// A code the table does not know falls back on its parent ("1735" -> "173",
// then the root "17"); quad_class() and goldstein() then answer for the parent.
// Unknown roots give empty strings, quad 0 and Goldstein 0.
//
// Thread safety: immutable after load(); safe from any thread.
// Errors: load() throws DataFileError ("file:line: what is wrong").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cronaca {

struct CameoCode {
  std::string code;        // "173"
  std::string name;        // "Arrest, detain, or charge with legal action"
  std::string plover;      // "COERCE"; empty for root 01 (statements have no PLOVER category)
  int quad = 0;            // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  double goldstein = 0.0;  // -10 .. 10
};

class CameoTable {
 public:
  /// Reads codes.tsv. Throws DataFileError for a malformed row or a missing file.
  static CameoTable load(const std::filesystem::path& file);

  /// The entry for `code`, else for its closest known parent; nullptr if none.
  const CameoCode* find(std::string_view code) const;
  /// True when `code` itself is in the table (no parent fallback).
  bool contains(std::string_view code) const;

  std::string_view plover(std::string_view code) const;
  int quad_class(std::string_view code) const;
  double goldstein(std::string_view code) const;
  std::string_view name(std::string_view code) const;
  size_t size() const { return codes_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, CameoCode, StringHash, std::equal_to<>> codes_;
};

/// The table from default_data_dir()/cameo/codes.tsv, loaded on first use
/// (thread-safe). Throws DataFileError if the file is missing or malformed.
const CameoTable& cameo_table();

}  // namespace cronaca
