// The PostgreSQL connection (libpq): `?` placeholders rewritten to $1..$n,
// statements prepared once per connection (PQprepare) and run with
// PQexecPrepared, parameters and results in text format.
// Tests: tests/unit/store_test.cc (with CRONACA_TEST_PG set, see tests/store/with_pg.sh).
#include <libpq-fe.h>

#include <unordered_map>

#include "store/sql.h"

namespace cronaca {
namespace {

/// `?` -> `$n`, outside quotes and comments.
std::string to_dollar_params(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

class PgConnection final : public SqlConnection {
 public:
  explicit PgConnection(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw StoreError("postgresql: " + trim(msg));
    }
    exec("SET client_min_messages = warning; SET synchronous_commit = off;");
  }
  ~PgConnection() override { PQfinish(conn_); }

  SqlDialect dialect() const override { return SqlDialect::Postgres; }

  void exec(std::string_view script) override {
    PgResult r(PQexec(conn_, std::string(script).c_str()));
    check(r.get(), script);
  }

  SqlRows query(std::string_view sql, const SqlParams& params) override {
    PgResult r(execute(sql, params));
    SqlRows out;
    int nf = PQnfields(r.get()), nt = PQntuples(r.get());
    for (int c = 0; c < nf; ++c) out.columns.emplace_back(PQfname(r.get(), c));
    out.rows.resize(nt);
    for (int t = 0; t < nt; ++t) {
      auto& row = out.rows[t];
      row.resize(nf);
      for (int c = 0; c < nf; ++c) {
        if (PQgetisnull(r.get(), t, c)) continue;
        row[c].emplace(PQgetvalue(r.get(), t, c), static_cast<size_t>(PQgetlength(r.get(), t, c)));
      }
    }
    return out;
  }

  int64_t run(std::string_view sql, const SqlParams& params) override {
    PgResult r(execute(sql, params));
    const char* n = PQcmdTuples(r.get());
    return n && *n ? std::stoll(n) : 0;
  }

 private:
  static std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  void check(PGresult* r, std::string_view sql) {
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
      std::string s(sql.substr(0, 200));
      throw StoreError("postgresql: " + trim(msg) + " in: " + s);
    }
  }

  PGresult* execute(std::string_view sql, const SqlParams& params) {
    auto it = names_.find(std::string(sql));
    if (it == names_.end()) {
      std::string name = "s" + std::to_string(names_.size() + 1);
      PgResult r(PQprepare(conn_, name.c_str(), to_dollar_params(sql).c_str(), 0, nullptr));
      check(r.get(), sql);
      it = names_.emplace(std::string(sql), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlParam& p = params[i];
      switch (p.kind) {
        case SqlParam::Kind::Null: values[i] = nullptr; continue;
        case SqlParam::Kind::Int: texts[i] = std::to_string(p.i); break;
        case SqlParam::Kind::Real: texts[i] = std::to_string(p.d); break;
        case SqlParam::Kind::Text: values[i] = p.s.c_str(); continue;
      }
      values[i] = texts[i].c_str();
    }
    PGresult* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                                 nullptr, 0);
    try {
      check(r, sql);
    } catch (...) {
      PQclear(r);
      throw;
    }
    return r;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace

std::unique_ptr<SqlConnection> open_postgres(const std::string& conninfo) {
  return std::make_unique<PgConnection>(conninfo);
}

}  // namespace cronaca
