#include "capture/pg_connection.hpp"


#include <string>

#include "capture/redact.hpp"
#include "capture/text_values.hpp"
#include "facts/pg_parse.hpp"

namespace dbopt::engine::capture_detail {

namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void ignore_notice(void*, const char*) {}

}  // namespace

int PgResult::column(std::string_view name) const {
  const int c = PQfnumber(raw_.get(), std::string(name).c_str());
  if (c < 0) throw std::runtime_error("query result has no column " + std::string(name));
  return c;
}

std::optional<std::string_view> PgResult::value(int row, int col) const {
  if (PQgetisnull(raw_.get(), row, col)) return std::nullopt;
  return std::string_view(PQgetvalue(raw_.get(), row, col), static_cast<std::size_t>(PQgetlength(raw_.get(), row, col)));
}

std::optional<std::string_view> RowReader::raw(std::string_view col) const {
  return result_.value(row_, result_.column(col));
}

std::string_view RowReader::required(std::string_view col) const {
  const auto v = raw(col);
  if (!v) throw std::runtime_error("column " + std::string(col) + " is NULL");
  return *v;
}

std::optional<std::string> RowReader::opt_text(std::string_view col) const {
  const auto v = raw(col);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

std::string RowReader::text(std::string_view col) const { return std::string(required(col)); }

std::optional<std::int64_t> RowReader::opt_int64(std::string_view col) const {
  const auto v = raw(col);
  return v ? std::optional<std::int64_t>(parse_int64(*v, col)) : std::nullopt;
}

std::int64_t RowReader::int64(std::string_view col) const { return parse_int64(required(col), col); }

int RowReader::int32(std::string_view col) const {
  const std::int64_t v = int64(col);
  if (v < INT32_MIN || v > INT32_MAX) throw std::runtime_error("column " + std::string(col) + ": integer out of range");
  return static_cast<int>(v);
}

std::optional<double> RowReader::opt_double(std::string_view col) const {
  const auto v = raw(col);
  return v ? std::optional<double>(parse_double(*v, col)) : std::nullopt;
}

double RowReader::dbl(std::string_view col) const { return parse_double(required(col), col); }

std::optional<bool> RowReader::opt_boolean(std::string_view col) const {
  const auto v = raw(col);
  return v ? std::optional<bool>(parse_bool(*v, col)) : std::nullopt;
}

bool RowReader::boolean(std::string_view col) const { return parse_bool(required(col), col); }

char RowReader::character(std::string_view col) const { return parse_char(required(col), col); }

std::optional<char> RowReader::opt_character(std::string_view col) const {
  const auto v = raw(col);
  if (!v || v->empty()) return std::nullopt;
  return parse_char(*v, col);
}

sdk::Oid RowReader::oid(std::string_view col) const {
  const std::int64_t v = int64(col);
  if (v < 0 || v > UINT32_MAX) throw std::runtime_error("column " + std::string(col) + ": oid out of range");
  return static_cast<sdk::Oid>(v);
}

std::optional<sdk::Oid> RowReader::opt_oid(std::string_view col) const {
  if (!raw(col)) return std::nullopt;
  return oid(col);
}

std::vector<std::string> RowReader::text_array(std::string_view col) const {
  const auto v = raw(col);
  return v ? parse_text_array(*v, col) : std::vector<std::string>{};
}

std::vector<int> RowReader::int_list(std::string_view col) const {
  const auto v = raw(col);
  return v ? parse_int_list(*v, col) : std::vector<int>{};
}

PgConnection::PgConnection(const std::string& conninfo, const std::string& application_name, int connect_timeout_s)
    : conninfo_(conninfo) {
  const std::string timeout = std::to_string(connect_timeout_s);
  // dbname first with expand_dbname = 1: a conninfo string or URI in it is expanded, and the
  // keywords after it override what it says (libpq, PQconnectdbParams).
  const char* keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
  const char* values[] = {conninfo.c_str(), application_name.c_str(), timeout.c_str(), nullptr};
  conn_.reset(PQconnectdbParams(keywords, values, 1));
  if (!conn_) throw ConnectionError("could not allocate a libpq connection");
  if (PQstatus(conn_.get()) != CONNECTION_OK)
    throw ConnectionError(redact_passwords(trimmed(PQerrorMessage(conn_.get())), conninfo_));
  PQsetNoticeProcessor(conn_.get(), ignore_notice, nullptr);
}

void PgConnection::remember_sent(const std::string& sql) {
  sent_texts_.insert(sql);
  // pg_stat_statements stores the text with its constants replaced by $n: libpg_query's
  // fingerprint ignores constants, $n numbering and layout, so both forms compare equal.
  if (auto fingerprint = pg_fingerprint(sql)) sent_fingerprints_.insert(*fingerprint);
}

bool PgConnection::has_sent(const std::string& sql) const {
  if (sent_texts_.count(sql) > 0) return true;
  const auto fingerprint = pg_fingerprint(sql);
  return fingerprint && sent_fingerprints_.count(*fingerprint) > 0;
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  ++statements_sent_;
  remember_sent(sql);
  PgResult result(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.empty() ? nullptr : values.data(), nullptr, nullptr, 0));
  const PGresult* raw = result.get();
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return result;
  if (PQstatus(conn_.get()) != CONNECTION_OK)
    throw ConnectionError("connection lost: " + redact_passwords(trimmed(PQerrorMessage(conn_.get())), conninfo_));
  if (!raw) throw QueryError(trimmed(PQerrorMessage(conn_.get())), "");
  if (status == PGRES_COPY_OUT || status == PGRES_COPY_IN || status == PGRES_COPY_BOTH) {
    abandon_copy();
    throw QueryError("COPY is not supported in a capture query", "");
  }
  if (status == PGRES_EMPTY_QUERY) throw QueryError("empty query", "");
  if (status != PGRES_FATAL_ERROR && status != PGRES_NONFATAL_ERROR)
    throw QueryError(std::string("unexpected result status ") + PQresStatus(status), "");
  const char* sqlstate = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(raw, PG_DIAG_MESSAGE_DETAIL);
  std::string message = "SQLSTATE " + std::string(sqlstate ? sqlstate : "?????") + ": " +
                        (primary ? std::string(primary) : trimmed(PQresultErrorMessage(raw)));
  if (detail) message += " (" + std::string(detail) + ")";
  throw QueryError(message, sqlstate ? sqlstate : "");
}

void PgConnection::abandon_copy() {
  PGconn* c = conn_.get();
  (void)PQputCopyEnd(c, "dbopt capture does not accept COPY");  // fails harmlessly for COPY OUT
  char* buffer = nullptr;
  while (PQgetCopyData(c, &buffer, 0) > 0) PQfreemem(buffer);
  while (PGresult* r = PQgetResult(c)) PQclear(r);
}

std::string PgConnection::host() const {
  const char* h = PQhost(conn_.get());
  return h ? h : "";
}
std::string PgConnection::port() const {
  const char* p = PQport(conn_.get());
  return p ? p : "";
}
std::string PgConnection::application_name() const {
  const char* a = PQparameterStatus(conn_.get(), "application_name");
  return a ? a : "";
}
std::string PgConnection::user() const {
  const char* u = PQuser(conn_.get());
  return u ? u : "";
}

}  // namespace dbopt::engine::capture_detail
