// The small SQL layer the store is written against, with one implementation
// per backend (sqlite_backend.cc, pg_backend.cc).
//
// Every statement is written once with `?` placeholders; the PostgreSQL
// backend rewrites them to $1..$n. Statements are prepared on first use and
// cached by their text, so a statement run a million times is parsed once.
// Results come back as text (NULL as nullopt), which is what both the
// command line and the exporters want.
//
// Failure: every call throws StoreError with the backend's message.
// Thread safety: a connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cronaca {

/// A database error: "sqlite: ..." or "postgresql: ...".
class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& what) : std::runtime_error(what) {}
};

/// One bound parameter: NULL, an integer, a real or a text.
struct SqlParam {
  enum class Kind : uint8_t { Null, Int, Real, Text } kind = Kind::Null;
  int64_t i = 0;
  double d = 0;
  std::string s;

  SqlParam() = default;
  SqlParam(std::nullptr_t) {}
  SqlParam(int v) : kind(Kind::Int), i(v) {}
  SqlParam(unsigned v) : kind(Kind::Int), i(v) {}
  SqlParam(int64_t v) : kind(Kind::Int), i(v) {}
  SqlParam(uint64_t v) : kind(Kind::Int), i(static_cast<int64_t>(v)) {}
  SqlParam(long long v) : kind(Kind::Int), i(static_cast<int64_t>(v)) {}
  SqlParam(unsigned long long v) : kind(Kind::Int), i(static_cast<int64_t>(v)) {}
  SqlParam(double v) : kind(Kind::Real), d(v) {}
  SqlParam(std::string v) : kind(Kind::Text), s(std::move(v)) {}
  SqlParam(std::string_view v) : kind(Kind::Text), s(v) {}
  SqlParam(const char* v) : kind(Kind::Text), s(v) {}
  /// NULL when the optional is empty.
  static SqlParam opt_int(const std::optional<int64_t>& v) { return v ? SqlParam(*v) : SqlParam(); }
  /// NULL when the text is empty.
  static SqlParam text_or_null(std::string_view v) { return v.empty() ? SqlParam() : SqlParam(v); }
};

using SqlParams = std::vector<SqlParam>;
using SqlCell = std::optional<std::string>;

/// A query's result, every cell as text.
struct SqlRows {
  std::vector<std::string> columns;
  std::vector<std::vector<SqlCell>> rows;

  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  /// The cell as an integer (0 when NULL).
  int64_t integer(size_t row, size_t col) const;
  /// The cell as text ("" when NULL).
  const std::string& text(size_t row, size_t col) const;
  bool null(size_t row, size_t col) const { return !rows[row][col].has_value(); }
};

enum class SqlDialect : uint8_t { Sqlite, Postgres };

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual SqlDialect dialect() const = 0;
  /// Runs a script of one or more statements without parameters.
  virtual void exec(std::string_view script) = 0;
  /// Runs one statement (prepared and cached) and returns its rows.
  virtual SqlRows query(std::string_view sql, const SqlParams& params = {}) = 0;
  /// Runs one statement (prepared and cached) and returns the number of rows it changed.
  virtual int64_t run(std::string_view sql, const SqlParams& params = {}) = 0;
};

/// Opens (creating if needed) an SQLite file in WAL mode.
std::unique_ptr<SqlConnection> open_sqlite(const std::string& path);
/// Connects to PostgreSQL with a libpq URL or conninfo string.
std::unique_ptr<SqlConnection> open_postgres(const std::string& conninfo);

}  // namespace cronaca
