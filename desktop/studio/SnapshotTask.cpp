#include "SnapshotTask.hpp"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <map>
#include <string>

#include "capture/capture.hpp"
#include "facts/catalog_builder.hpp"
#include "runner/probes.hpp"
#include "snapshot/snapshot_io.hpp"

namespace dbopt::studio {

namespace {

/// The probes every loaded plugin asks the capture to run (engine::collect_probes, as the CLI),
/// each plugin called with its entry of `options`; a plugin whose probes() fails is left out (its
/// analysis reports the missing data).
engine::ProbeProvider probe_provider(std::shared_ptr<const engine::PluginHost> host,
                                     std::map<std::string, sdk::Options> options) {
  return [host, options = std::move(options)](const sdk::Snapshot& so_far) {
    auto catalog = engine::build_catalog(so_far);
    return engine::collect_probes(*host, *catalog, options);
  };
}

}  // namespace

SnapshotTask::SnapshotTask(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<SnapshotTaskResult>::finished, this, &SnapshotTask::onDone);
}

SnapshotTask::~SnapshotTask() {
  cancel();
  watcher_.disconnect(this);
  watcher_.waitForFinished();
}

bool SnapshotTask::open(const std::filesystem::path& file) {
  if (isRunning()) return false;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  watcher_.setFuture(QtConcurrent::run([file] {
    SnapshotTaskResult result;
    try {
      result.snapshot = load_snapshot(file);
    } catch (const std::exception& e) {
      result.error = QString::fromStdString(e.what());
    }
    return result;
  }));
  return true;
}

bool SnapshotTask::capture(std::shared_ptr<const engine::PluginHost> host, CaptureRequest request) {
  if (isRunning()) return false;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  QPointer<SnapshotTask> self(this);
  auto cancel = cancel_;
  watcher_.setFuture(QtConcurrent::run([self, host, request = std::move(request), cancel] {
    SnapshotTaskResult result;
    try {
      engine::CaptureOptions opts;
      opts.conninfo = request.conninfo;
      opts.statement_timeout_ms = request.statement_timeout_ms;
      opts.lock_timeout_ms = request.lock_timeout_ms;
      opts.connect_timeout_s = request.connect_timeout_s;
      apply_hardware(request.hardware, opts.hardware);
      opts.explain_statements = request.explain_statements;
      opts.explain_analyze = request.explain_analyze;
      // Throws engine::ConfigError naming a bad setting: the capture fails before connecting.
      opts.probe_provider = probe_provider(host, engine::resolve_options(host->loaded(), request.settings));
      opts.cancel = cancel.get();
      opts.on_progress = [self](const engine::CaptureProgress& p) {
        if (!self) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, step = QString::fromStdString(p.step), index = p.index, total = p.total] {
              if (self) emit self->progress(step, index, total);
            },
            Qt::QueuedConnection);
      };
      sdk::Snapshot snapshot = engine::capture_snapshot(opts);
      if (!request.save_path.empty()) engine::write_snapshot(snapshot, request.save_path);
      result.snapshot.file = request.save_path;
      result.snapshot.catalog = std::shared_ptr<const sdk::Catalog>(engine::build_catalog(std::move(snapshot)));
    } catch (const std::exception& e) {
      result.cancelled = cancel->load();
      result.error = QString::fromStdString(e.what());
    }
    return result;
  }));
  return true;
}

void SnapshotTask::cancel() {
  if (cancel_) cancel_->store(true);
}

bool SnapshotTask::isRunning() const { return watcher_.isRunning(); }

void SnapshotTask::wait() { watcher_.waitForFinished(); }

void SnapshotTask::onDone() {
  const SnapshotTaskResult result = watcher_.result();
  if (result.snapshot.catalog)
    emit loaded(result.snapshot);
  else
    emit failed(result.error, result.cancelled);
}

}  // namespace dbopt::studio
