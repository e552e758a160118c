// The store: analysed documents in SQLite or PostgreSQL, merged across
// articles, queried and exported. docs/store.md is the manual (schema,
// aggregation and claim-matching rules, backends, tests).
//
// One interface, two backends. Store::open() picks the backend from the target:
//   "cronaca.db", "sqlite:path"          -> SQLite file (created if missing), WAL
//   "postgresql://user@host:port/db", "postgres://...", "host=... dbname=..."
//                                        -> PostgreSQL through libpq
// and brings the schema up to date with the numbered migration files in
// <data_dir>/store/migrations/ (NNN_name.sql for both backends, or
// NNN_name.sqlite.sql / NNN_name.postgres.sql where the SQL differs).
//
// Ingest: a Document and everything analysed in it is written in ONE
// transaction keyed by its id. The same id with the same content changes
// nothing; the same id with new content replaces the old rows (and the
// aggregates that counted them). ingest_batch() writes many documents in one
// transaction with a savepoint per document, so a failing document is rolled
// back alone and a killed process leaves whole batches or nothing: a rerun
// finishes the work with no duplicate.
//
// Aggregation happens while ingesting: each event joins the aggregated event
// with the same code root, the same source and target (global actor, else
// actor code), the same polarity (asserted/reported vs negated, hypothetical,
// future) and a compatible date (day intervals overlapping within one day),
// and its NumMentions, NumSources, NumArticles are recounted. A claim whose
// article gives it a status other than `reported` (retracted, denied,
// confirmed...) changes the status of the matching earlier claims and adds to
// their history (matching rule in docs/store.md).
//
// Example:
//   auto store = Store::open("cronaca.db");
//   store->ingest(doc);                            // after Pipeline::run(doc)
//   StoreQuery q; q.kind = "events"; q.actor = "KAZ"; q.from = "2022-01";
//   SqlRows rows = store->query(q);
//
// Failure: StoreError (store/sql.h) for database errors; std::invalid_argument
// for a bad query. Thread safety: one Store per thread (a Store owns one
// connection); several processes may write one PostgreSQL store (writes are
// serialised by an advisory lock) or one SQLite file (by SQLite's lock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "model/document.h"
#include "store/sql.h"

namespace cronaca {

struct StoreOptions {
  std::filesystem::path data_dir;   // holds store/migrations/; default_data_dir() when empty
};

enum class IngestStatus : uint8_t { Added, Replaced, Unchanged, Failed };

struct IngestResult {
  IngestStatus status = IngestStatus::Failed;
  std::string error;                // the database's message when Failed
};

/// A query of `cronaca query`. Empty fields do not filter.
struct StoreQuery {
  std::string kind = "events";      // events | quotes | claims | articles | stats
  std::string actor;                // a name (or alias) or a CAMEO code prefix (all capitals: "KAZ", "KAZGOV")
  std::string code;                 // CAMEO event code prefix ("17", "173")
  std::string from, to;             // dates: YYYY, YYYY-MM or YYYY-MM-DD, both ends included
  std::string country;              // CAMEO/ISO alpha-3 country of an actor or of the place
  std::string mode;                 // asserted reported negated hypothetical future
  std::string speaker;              // quotes: the speaker's name or alias
  std::string status;               // claims: current status
  std::string text;                 // words: full-text search on articles; contained words for quotes/claims
  size_t limit = 100;               // at most this many rows (default: 100)
};

class Store {
 public:
  /// Opens (creating and migrating if needed) the store at `target`. Throws StoreError.
  static std::unique_ptr<Store> open(const std::string& target, const StoreOptions& options = {});
  ~Store();

  /// "sqlite" or "postgresql".
  std::string backend() const;

  /// The content hash ingest() compares: the text and the reader's fields (date, lang, source, url, title).
  static std::string content_hash(const Document& doc);
  /// The content hash stored for a document id, if the document is stored.
  std::optional<std::string> stored_hash(const std::string& doc_id);

  /// Writes one analysed document in one transaction. `force` replaces it even when unchanged.
  IngestResult ingest(const Document& doc, bool force = false);
  /// Writes many in one transaction, one savepoint each; results in input order.
  std::vector<IngestResult> ingest_batch(const std::vector<const Document*>& docs, bool force = false);
  /// Deletes a document and what it contributed to the aggregates. False when absent.
  bool remove(const std::string& doc_id);

  /// Runs a query; rows are ordered (by date, then id) and deterministic. Throws std::invalid_argument.
  SqlRows query(const StoreQuery& q);
  /// Rows per table, in schema order (documents, actors, aliases, entities, ...).
  std::vector<std::pair<std::string, int64_t>> counts();

  /// Rebuilds a stored document (text, reader fields, sentences and every layer but tokens).
  /// A claim's status is its current status in the store; its history is the article's own.
  std::optional<Document> load_document(const std::string& doc_id);
  /// Every stored document, in ingestion order.
  void for_each_document(const std::function<void(Document&&)>& fn);

  /// GDELT 2.0 event table: 61 tab-separated columns a row, no header, one row per aggregated event.
  void export_gdelt(std::ostream& out);
  /// Aggregated events as CSV with a header row.
  void export_csv(std::ostream& out);
  /// The contract's JSON Lines documents (as `cronaca analyze` writes them), rebuilt from the store.
  void export_jsonl(std::ostream& out);

  /// The connection, for tests and tools that need plain SQL.
  SqlConnection& sql() { return *db_; }

 private:
  explicit Store(std::unique_ptr<SqlConnection> db);
  void migrate(const std::filesystem::path& data_dir);
  IngestStatus ingest_one(const Document& doc, bool force);
  void delete_document(int64_t doc_row);
  void begin();
  void commit();
  void rollback();

  std::unique_ptr<SqlConnection> db_;
};

/// The GDELT 2.0 event table's 61 column names, in order.
const std::vector<std::string>& gdelt_columns();

/// Lower-case, diacritics removed, every run of non-letters/digits one space:
/// "Kassym-Jomart Tokáyev" -> "kassym jomart tokayev". How actors and aliases are matched.
std::string normalize_name(std::string_view s);

/// The content words of a claim, sorted and distinct (normalised words of four
/// letters or more, or numbers): what "overlapping key words" compares.
std::vector<std::string> claim_keywords(std::string_view text);

}  // namespace cronaca
