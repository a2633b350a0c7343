// libpq, wrapped for the capture: RAII connection and result, one-statement execution through
// the extended protocol (a probe cannot smuggle in a second statement), a statement counter,
// and a row reader that parses every value strictly and names the column on error.
// Internal to the capture component (libpq is a private dependency).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/model.hpp"

namespace dbopt::engine::capture_detail {

/// A statement the server refused: "SQLSTATE 25006: cannot execute CREATE TABLE in a read-only
/// transaction" (+ " — DETAIL …" when the server sent one).
class QueryError : public std::runtime_error {
 public:
  QueryError(const std::string& message, std::string sqlstate)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  /// The five-character SQLSTATE, or "" when the failure was client side (connection lost).
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

/// The connection was lost or could not be made. Message from libpq, passwords removed.
class ConnectionError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Owns one PGresult (text format).
class PgResult {
 public:
  explicit PgResult(PGresult* raw) : raw_(raw) {}
  int rows() const { return PQntuples(raw_.get()); }
  int columns() const { return PQnfields(raw_.get()); }
  std::string column_name(int c) const { return PQfname(raw_.get(), c); }
  /// Index of the result column `name`; throws std::runtime_error when the query has no such column.
  int column(std::string_view name) const;
  const PGresult* get() const { return raw_.get(); }
  /// Text value or nullopt for SQL NULL.
  std::optional<std::string_view> value(int row, int col) const;

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> raw_;
};

/// Reads one row by column name. Required accessors throw std::runtime_error "column X is NULL";
/// every parse error names the column (see text_values.hpp).
class RowReader {
 public:
  RowReader(const PgResult& result, int row) : result_(result), row_(row) {}
  std::optional<std::string> opt_text(std::string_view col) const;
  std::string text(std::string_view col) const;
  std::optional<std::int64_t> opt_int64(std::string_view col) const;
  std::int64_t int64(std::string_view col) const;
  int int32(std::string_view col) const;
  std::optional<double> opt_double(std::string_view col) const;
  double dbl(std::string_view col) const;
  std::optional<bool> opt_boolean(std::string_view col) const;
  bool boolean(std::string_view col) const;
  char character(std::string_view col) const;
  /// A "char" column where '' (the zero byte, as attcompression/attgenerated print it) means none.
  std::optional<char> opt_character(std::string_view col) const;
  sdk::Oid oid(std::string_view col) const;
  std::optional<sdk::Oid> opt_oid(std::string_view col) const;
  /// text[] column; NULL → empty vector.
  std::vector<std::string> text_array(std::string_view col) const;
  /// array_to_string(int2[], ',') column; NULL → empty vector.
  std::vector<int> int_list(std::string_view col) const;

 private:
  std::optional<std::string_view> raw(std::string_view col) const;
  std::string_view required(std::string_view col) const;
  const PgResult& result_;
  int row_;
};

/// One libpq connection. Connects with PQconnectdbParams (the user's conninfo expanded as psql
/// does: keyword/value or URI, PG* environment variables, service file, .pgpass), overriding
/// application_name and connect_timeout. Notices are discarded.
class PgConnection {
 public:
  /// Throws ConnectionError with libpq's message, every password of `conninfo` masked.
  PgConnection(const std::string& conninfo, const std::string& application_name, int connect_timeout_s);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Runs exactly one statement (extended protocol, text results), `params` bound as $1…$n
  /// (text, nullopt = NULL). Throws QueryError when the server refuses it, ConnectionError when
  /// the connection is gone. Every call counts as one statement sent.
  PgResult exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

  /// Statements sent so far (exec calls).
  std::int64_t statements_sent() const { return statements_sent_; }
  /// True when this SQL text was sent on this connection, as written or as pg_stat_statements
  /// normalizes it (constants replaced by $n; same libpg_query fingerprint, facts/pg_parse.hpp),
  /// so the capture can leave its own statements out of the workload it records.
  bool has_sent(const std::string& sql) const;
  /// Records `sql` as sent by this connection without sending it: for a statement the capture
  /// will send later (its closing ROLLBACK) but must already recognise in pg_stat_statements.
  void will_send(const std::string& sql) { remember_sent(sql); }
  /// PQserverVersion: server_version_num, e.g. 150004.
  int server_version_num() const { return PQserverVersion(conn_.get()); }
  /// PQtransactionStatus.
  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_.get()); }
  bool is_ok() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  std::string host() const;  ///< PQhost (host name, address or socket directory)
  std::string port() const;  ///< PQport
  std::string user() const;  ///< PQuser
  /// application_name as the server reports it (PQparameterStatus).
  std::string application_name() const;

 private:
  /// Leaves COPY mode after a statement unexpectedly started a COPY (ends COPY IN with an error,
  /// drains COPY OUT), so the connection can run the next statement.
  void abandon_copy();
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  std::unique_ptr<PGconn, Finish> conn_;
  std::string conninfo_;  // kept only to mask passwords in later libpq messages; never stored elsewhere
  std::int64_t statements_sent_ = 0;
  std::set<std::string> sent_texts_;
  std::set<std::uint64_t> sent_fingerprints_;  ///< pg_fingerprint of each sent text that parses
  void remember_sent(const std::string& sql);
};

}  // namespace dbopt::engine::capture_detail
