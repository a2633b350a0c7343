// Runs an analysis (Pipeline.hpp: run_plugins + build_report) off the UI thread with per-plugin
// progress and a working Cancel (RunOptions::cancel; plugins see Context::cancelled()).
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "Pipeline.hpp"

namespace dbopt::studio {

/// The result a task hands back on the UI thread: the outcome, or the one-line error.
struct AnalysisTaskResult {
  std::shared_ptr<const AnalysisOutcome> outcome;  ///< null when `error` is set
  QString error;                                   ///< e.g. an engine::ConfigError message
};

/// One analysis at a time. Signals are emitted on the thread that owns the task (the UI thread).
class AnalysisTask : public QObject {
  Q_OBJECT
 public:
  explicit AnalysisTask(QObject* parent = nullptr);
  ~AnalysisTask() override;  ///< cancels and waits for a running analysis

  /// Starts analyze(*host, *catalog, request) on the thread pool. Returns false (and does
  /// nothing) when an analysis is already running. `host` and `catalog` are kept alive until
  /// the run ends.
  bool start(std::shared_ptr<const engine::PluginHost> host, std::shared_ptr<const sdk::Catalog> catalog,
             AnalysisRequest request);
  /// Asks the running analysis to stop; finished() follows with report.cancelled == true.
  void cancel();
  bool isRunning() const;
  /// Blocks until the running analysis (if any) has ended; finished()/failed() are still
  /// delivered through the event loop.
  void wait();

 signals:
  /// One engine::RunProgress event ("started", "finished", "failed", "cancelled").
  void progress(const QString& pluginId, const QString& event, int done, int total);
  void finished(std::shared_ptr<const dbopt::studio::AnalysisOutcome> outcome);
  void failed(const QString& message);

 private:
  void onDone();

  QFutureWatcher<AnalysisTaskResult> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace dbopt::studio
