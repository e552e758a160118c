// The SQLite connection: WAL journal, synchronous=NORMAL (a commit survives a
// killed process; only a power cut may lose the last commits, never corrupt),
// prepared statements cached by their SQL text. Tests: tests/unit/store_test.cc.
#include <sqlite3.h>

#include <unordered_map>

#include "store/sql.h"

namespace cronaca {

int64_t SqlRows::integer(size_t row, size_t col) const {
  const auto& c = rows[row][col];
  return c && !c->empty() ? std::stoll(*c) : 0;
}

const std::string& SqlRows::text(size_t row, size_t col) const {
  static const std::string kEmpty;
  const auto& c = rows[row][col];
  return c ? *c : kEmpty;
}

namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(const std::string& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError("sqlite: " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 30000);
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
         " PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;");
  }
  ~SqliteConnection() override {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close(db_);
  }

  SqlDialect dialect() const override { return SqlDialect::Sqlite; }

  void exec(std::string_view script) override {
    char* err = nullptr;
    std::string s(script);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw StoreError("sqlite: " + msg);
    }
  }

  SqlRows query(std::string_view sql, const SqlParams& params) override {
    sqlite3_stmt* st = prepare(sql, params);
    SqlRows out;
    int n = sqlite3_column_count(st);
    for (int c = 0; c < n; ++c) out.columns.emplace_back(sqlite3_column_name(st, c));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      auto& row = out.rows.emplace_back(n);
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(st, c) == SQLITE_NULL) continue;
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        row[c].emplace(p, static_cast<size_t>(sqlite3_column_bytes(st, c)));
      }
    }
    finish(st, rc);
    return out;
  }

  int64_t run(std::string_view sql, const SqlParams& params) override {
    sqlite3_stmt* st = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    finish(st, rc);
    return sqlite3_changes64(db_);
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql, const SqlParams& params) {
    auto it = cache_.find(std::string(sql));
    sqlite3_stmt* st;
    if (it == cache_.end()) {
      if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                             nullptr) != SQLITE_OK)
        throw StoreError("sqlite: " + std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql));
      cache_.emplace(std::string(sql), st);
    } else {
      st = it->second;
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st))
      throw StoreError("sqlite: wrong number of parameters for: " + std::string(sql));
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlParam& p = params[i];
      int idx = static_cast<int>(i + 1), rc = SQLITE_OK;
      switch (p.kind) {
        case SqlParam::Kind::Null: rc = sqlite3_bind_null(st, idx); break;
        case SqlParam::Kind::Int: rc = sqlite3_bind_int64(st, idx, p.i); break;
        case SqlParam::Kind::Real: rc = sqlite3_bind_double(st, idx, p.d); break;
        case SqlParam::Kind::Text:
          rc = sqlite3_bind_text64(st, idx, p.s.data(), p.s.size(), SQLITE_STATIC, SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) throw StoreError("sqlite: " + std::string(sqlite3_errmsg(db_)));
    }
    return st;
  }

  void finish(sqlite3_stmt* st, int rc) {
    if (rc != SQLITE_DONE) {
      std::string msg = sqlite3_errmsg(db_);
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
      throw StoreError("sqlite: " + msg);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<SqlConnection> open_sqlite(const std::string& path) {
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace cronaca
