// Produces a snapshot off the UI thread: either reads a file (read_snapshot + build_catalog) or
// captures a live database (engine::capture_snapshot, optionally saved with write_snapshot), with
// per-step progress and a working Cancel.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "Pipeline.hpp"
#include "runner/options.hpp"

namespace dbopt::studio {

/// A capture as the CLI's `dbopt capture` options describe it.
struct CaptureRequest {
  /// libpq conninfo, password included when one was typed: held in memory only, never stored.
  std::string conninfo;
  int statement_timeout_ms = 30000;  ///< --statement-timeout, ms
  int lock_timeout_ms = 1000;        ///< --lock-timeout, ms
  int connect_timeout_s = 10;        ///< --connect-timeout, s
  HardwareOverrides hardware;        ///< --server-ram/--server-cores/--storage
  std::filesystem::path save_path;   ///< write the snapshot here (".gz" compresses); empty = keep in memory
  /// Plugin options for the capture's probes, "plugin-id.option" → value text (`--set`): the
  /// Analyze tab's options (AnalysisRequest::settings), resolved with engine::resolve_options over
  /// every loaded plugin; an invalid one fails the capture before connecting. Empty = defaults.
  std::vector<engine::OptionSetting> settings;
  /// Statements to EXPLAIN (FORMAT JSON, BUFFERS, SETTINGS), each in its own savepoint of the
  /// capture's read-only transaction, into Snapshot::explained in this order (`--explain FILE`,
  /// read with engine::explain_statements_of). The plan decoder reads their plans; checks read
  /// the constants they carry. Empty = no EXPLAIN (Snapshot::explained stays null).
  std::vector<std::string> explain_statements;
  /// EXPLAIN ANALYZE them (`--analyze`): executes each statement inside the READ ONLY
  /// transaction, so a write statement fails (SQLSTATE 25006) and its error is recorded in
  /// Snapshot::explained instead of a plan; nothing is written. Ignored without statements.
  bool explain_analyze = false;
};

struct SnapshotTaskResult {
  LoadedSnapshot snapshot;  ///< catalog null when `error` is set
  QString error;            ///< one line: what failed
  bool cancelled = false;
};

/// One source operation at a time; signals on the task's (UI) thread.
class SnapshotTask : public QObject {
  Q_OBJECT
 public:
  explicit SnapshotTask(QObject* parent = nullptr);
  ~SnapshotTask() override;  ///< cancels and waits

  /// Reads and indexes a snapshot file. False when busy.
  bool open(const std::filesystem::path& file);
  /// Captures a live database with the probes of `host`'s plugins (engine::collect_probes, each
  /// plugin with its options resolved from `request.settings`). False when busy.
  bool capture(std::shared_ptr<const engine::PluginHost> host, CaptureRequest request);
  void cancel();
  bool isRunning() const;
  void wait();

 signals:
  /// Capture step `step` (1-based `index` of `total` known so far) is about to run.
  void progress(const QString& step, int index, int total);
  void loaded(const dbopt::studio::LoadedSnapshot& snapshot);
  void failed(const QString& message, bool cancelled);

 private:
  void onDone();

  QFutureWatcher<SnapshotTaskResult> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace dbopt::studio
