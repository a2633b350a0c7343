#include "export/qt_runtime.hpp"

#include <mutex>
#include <stdexcept>

#include <QApplication>
#include <QByteArray>
#include <QThread>

namespace dbopt::engine {

namespace {
QtMessageHandler previous_handler = nullptr;

/// Drops Qt's "XDG_RUNTIME_DIR not set" warning (meaningless for an offscreen renderer in a
/// command-line tool), forwards everything else.
void quiet_runtime_dir_warning(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (type == QtWarningMsg && message.startsWith("QStandardPaths: XDG_RUNTIME_DIR not set")) return;
  if (previous_handler)
    previous_handler(type, context, message);
  else
    qt_message_output(type, context, message);
}
}  // namespace

void ensure_qt_application() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (QCoreApplication* app = QCoreApplication::instance()) {
    if (!qobject_cast<QApplication*>(app))
      throw std::runtime_error("PDF export needs a QApplication (for QtCharts) but the process created a QCoreApplication");
    if (QThread::currentThread() != app->thread())
      throw std::logic_error("PDF export must run on the thread that owns the QApplication");
    return;
  }
  const bool had_platform = qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
  const QByteArray previous = qgetenv("QT_QPA_PLATFORM");
  qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char arg0[] = "dbopt";
  static char* argv[] = {arg0, nullptr};
  previous_handler = qInstallMessageHandler(quiet_runtime_dir_warning);
  new QApplication(argc, argv);  // process-wide, intentionally never destroyed
  if (had_platform)
    qputenv("QT_QPA_PLATFORM", previous);
  else
    qunsetenv("QT_QPA_PLATFORM");
}

}  // namespace dbopt::engine
