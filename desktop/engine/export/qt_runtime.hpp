// The Qt application object the PDF exporter needs (QtCharts items are QGraphicsWidgets, which
// require a QApplication).
#pragma once

namespace dbopt::engine {

/// Makes sure a QApplication exists. Reuses the existing one (the Studio); otherwise creates a
/// process-wide QApplication on the "offscreen" platform (QT_QPA_PLATFORM is set to "offscreen"
/// only while it is created), which is never destroyed. Throws std::runtime_error when the
/// process has a QCoreApplication that is not a QApplication, and std::logic_error when called
/// from a thread other than the application's (Qt GUI objects live on one thread).
void ensure_qt_application();

}  // namespace dbopt::engine
