// Runs the capture's steps inside its READ ONLY transaction: one SAVEPOINT per step, rolled back
// after the step whatever happened (so a step can neither leave the transaction aborted nor keep
// a SET it made), the outcome recorded as an sdk::ProbeOutcome. Internal to capture.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "capture/capture.hpp"
#include "capture/pg_connection.hpp"
#include "dbopt/sdk/model.hpp"

namespace dbopt::engine::capture_detail {

/// What a successful step reports: rows returned and an optional note (e.g. relations whose
/// size was estimated), stored in ProbeOutcome::error of an "ok" outcome.
struct StepReport {
  std::int64_t rows = 0;
  std::optional<std::string> note;
};

/// Thrown by a step that does not apply (server version, missing extension); the message is the
/// reason, recorded as a "skipped" outcome.
class StepSkipped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Owns the capture transaction on one connection.
class StepRunner {
 public:
  StepRunner(PgConnection& conn, const CaptureOptions& options, std::vector<sdk::ProbeOutcome>& outcomes);

  /// BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY, SET LOCAL statement_timeout, lock_timeout,
  /// search_path = pg_catalog, pg_temp. Returns now() at transaction start as ISO 8601 UTC.
  /// Throws CaptureError when the server refuses.
  std::string begin();

  /// Runs `body` as step `name` (progress callback and cancel check first) inside a savepoint;
  /// records and returns its outcome. Throws CaptureError only on cancel or a lost connection.
  sdk::ProbeOutcome run(const std::string& name, const std::function<StepReport()>& body);

  /// Number of steps announced in progress reports.
  void set_total(int total) { total_ = total; }

  /// ROLLBACK of the capture transaction (best effort: the connection is closed next anyway).
  void finish();

 private:
  /// Puts the transaction back to "open, no savepoint" after a step; false when the step ended
  /// or broke the transaction and a new one had to be started.
  bool restore_after_step();
  void open_transaction();

  PgConnection& conn_;
  const CaptureOptions& options_;
  std::vector<sdk::ProbeOutcome>& outcomes_;
  int index_ = 0;
  int total_ = 0;
};

}  // namespace dbopt::engine::capture_detail
