#include "AnalysisTask.hpp"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace dbopt::studio {

AnalysisTask::AnalysisTask(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<AnalysisTaskResult>::finished, this, &AnalysisTask::onDone);
}

AnalysisTask::~AnalysisTask() {
  cancel();
  watcher_.disconnect(this);
  watcher_.waitForFinished();
}

bool AnalysisTask::start(std::shared_ptr<const engine::PluginHost> host, std::shared_ptr<const sdk::Catalog> catalog,
                         AnalysisRequest request) {
  if (isRunning()) return false;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  QPointer<AnalysisTask> self(this);
  auto on_progress = [self](const engine::RunProgress& p) {
    // Called from runner threads: hop to the task's thread before emitting.
    if (!self) return;
    QMetaObject::invokeMethod(
        self.data(),
        [self, id = QString::fromStdString(p.plugin_id), event = QString::fromStdString(p.event), done = p.done,
         total = p.total] {
          if (self) emit self->progress(id, event, done, total);
        },
        Qt::QueuedConnection);
  };
  auto cancel = cancel_;
  watcher_.setFuture(QtConcurrent::run([host, catalog, request = std::move(request), cancel, on_progress] {
    AnalysisTaskResult result;
    try {
      result.outcome = std::make_shared<const AnalysisOutcome>(
          analyze(*host, *catalog, request, cancel.get(), on_progress));
    } catch (const std::exception& e) {
      result.error = QString::fromStdString(e.what());
    }
    return result;
  }));
  return true;
}

void AnalysisTask::cancel() {
  if (cancel_) cancel_->store(true);
}

bool AnalysisTask::isRunning() const { return watcher_.isRunning(); }

void AnalysisTask::wait() { watcher_.waitForFinished(); }

void AnalysisTask::onDone() {
  const AnalysisTaskResult result = watcher_.result();
  if (result.outcome)
    emit finished(result.outcome);
  else
    emit failed(result.error);
}

}  // namespace dbopt::studio
