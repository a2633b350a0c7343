#include "capture/step_runner.hpp"

#include <algorithm>
#include <chrono>

namespace dbopt::engine::capture_detail {

namespace {

constexpr const char* kSavepoint = "dbopt_step";

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

StepRunner::StepRunner(PgConnection& conn, const CaptureOptions& options, std::vector<sdk::ProbeOutcome>& outcomes)
    : conn_(conn), options_(options), outcomes_(outcomes) {}

void StepRunner::open_transaction() {
  conn_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  conn_.exec("SET LOCAL statement_timeout = " + std::to_string(options_.statement_timeout_ms));
  conn_.exec("SET LOCAL lock_timeout = " + std::to_string(options_.lock_timeout_ms));
  // Catalog functions and types resolve in pg_catalog first and user objects print qualified,
  // whatever search_path the role has (and no user object can shadow a catalog function).
  conn_.exec("SET LOCAL search_path = pg_catalog, pg_temp");
}

std::string StepRunner::begin() {
  // Earlier captures ended with this ROLLBACK: it is capture load, not the audited workload.
  conn_.will_send("ROLLBACK");
  try {
    open_transaction();
    PgResult r = conn_.exec(
        "SELECT pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS captured_at");
    return RowReader(r, 0).text("captured_at");
  } catch (const ConnectionError& e) {
    throw CaptureError(e.what());
  } catch (const std::exception& e) {
    throw CaptureError(std::string("could not start the read-only capture transaction: ") + e.what());
  }
}

bool StepRunner::restore_after_step() {
  try {
    if (conn_.transaction_status() == PQTRANS_INTRANS || conn_.transaction_status() == PQTRANS_INERROR) {
      conn_.exec(std::string("ROLLBACK TO SAVEPOINT ") + kSavepoint);
      conn_.exec(std::string("RELEASE SAVEPOINT ") + kSavepoint);
      if (conn_.transaction_status() == PQTRANS_INTRANS) return true;
    }
  } catch (const ConnectionError&) {
    throw;
  } catch (const QueryError&) {
    // The step released, rolled back to or replaced our savepoint, or ended the transaction.
  }
  try {
    if (conn_.transaction_status() != PQTRANS_IDLE) conn_.exec("ROLLBACK");
    open_transaction();
  } catch (const ConnectionError&) {
    throw;
  } catch (const std::exception& e) {
    throw CaptureError(std::string("could not restart the read-only capture transaction: ") + e.what());
  }
  return false;
}

sdk::ProbeOutcome StepRunner::run(const std::string& name, const std::function<StepReport()>& body) {
  if (options_.cancel && options_.cancel->load()) throw CaptureError("capture cancelled");
  ++index_;
  if (options_.on_progress) options_.on_progress(CaptureProgress{name, index_, std::max(total_, index_)});

  sdk::ProbeOutcome outcome;
  outcome.name = name;
  const auto start = std::chrono::steady_clock::now();
  try {
    conn_.exec(std::string("SAVEPOINT ") + kSavepoint);
    const StepReport report = body();
    outcome.status = "ok";
    outcome.rows = report.rows;
    outcome.note = report.note;
  } catch (const ConnectionError& e) {
    throw CaptureError("connection lost during capture step " + name + ": " + e.what());
  } catch (const StepSkipped& e) {
    outcome.status = "skipped";
    outcome.error = e.what();
  } catch (const std::exception& e) {
    outcome.status = "failed";
    outcome.error = e.what();
  } catch (...) {
    outcome.status = "failed";
    outcome.error = "unknown error (not a std::exception)";
  }
  try {
    if (!restore_after_step()) {
      outcome.status = "failed";
      outcome.error = outcome.error.value_or("") + (outcome.error ? "; " : "") +
                      "the step ended the capture transaction (transaction control is not allowed in a "
                      "capture query); a new READ ONLY transaction was started for the remaining steps";
    }
  } catch (const ConnectionError& e) {
    throw CaptureError("connection lost during capture step " + name + ": " + e.what());
  }
  outcome.duration_ms = elapsed_ms(start);
  outcomes_.push_back(outcome);
  return outcome;
}

void StepRunner::finish() {
  try {
    if (conn_.transaction_status() != PQTRANS_IDLE) conn_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // Closing the connection ends the transaction anyway.
  }
}

}  // namespace dbopt::engine::capture_detail
