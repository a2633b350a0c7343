// dbopt-studio — the Qt desktop shell (issue 4). Usage:
//
//   dbopt-studio [SNAPSHOT] [--plugin-path DIR]… [--run]
//   dbopt-studio SNAPSHOT --screenshot-dir DIR [--screenshot-hold SECONDS]
//
// SNAPSHOT is opened at start; --run analyzes it at once. --screenshot-dir analyzes it, saves a
// PNG of each tab into DIR (ScreenshotTour), keeps the window up for --screenshot-hold seconds
// (for a full-screen shot) and exits 0, or 1 when something failed.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <filesystem>
#include <vector>

#include "AppIcon.hpp"
#include "MainWindow.hpp"
#include "ScreenshotTour.hpp"
#include "dbopt/sdk/abi.hpp"

int main(int argc, char** argv) {
  QApplication::setOrganizationName("dbopt");
  QApplication::setApplicationName("dbopt-studio");
  QApplication::setApplicationDisplayName("dbopt Studio");
  QApplication::setApplicationVersion(DBOPT_VERSION);
  QApplication app(argc, argv);
  // The icon and the desktop entry installed from installers/ (taskbar grouping on Wayland/X11).
  QApplication::setWindowIcon(dbopt::studio::appIcon());
  QGuiApplication::setDesktopFileName("dbopt-studio");

  QCommandLineParser parser;
  parser.setApplicationDescription("dbopt Studio — PostgreSQL performance audits");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("snapshot", "Snapshot file to open (.json or .json.gz)", "[SNAPSHOT]");
  QCommandLineOption pluginPath("plugin-path", "Extra plugin directory, searched first (repeatable)", "DIR");
  QCommandLineOption run("run", "Analyze the snapshot at once");
  QCommandLineOption shots("screenshot-dir", "Analyze SNAPSHOT, save a PNG of each tab into DIR, exit", "DIR");
  QCommandLineOption hold("screenshot-hold", "Seconds to stay open after the screenshots", "SECONDS", "0");
  parser.addOptions({pluginPath, run, shots, hold});
  parser.process(app);

  const bool screenshotMode = parser.isSet(shots);
  QTemporaryDir scratchSettings;
  if (screenshotMode) {
    // Screenshots show the defaults: a fresh settings file, not the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, scratchSettings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, scratchSettings.path());
  }

  std::vector<std::filesystem::path> extra;
  for (const QString& dir : parser.values(pluginPath)) extra.emplace_back(dir.toStdString());
  dbopt::studio::MainWindow window(extra);
  if (screenshotMode) {
    window.setInteractive(false);
    window.resize(1440, 900);
  }
  window.show();

  const QStringList args = parser.positionalArguments();
  if (screenshotMode && args.isEmpty()) {
    fprintf(stderr, "dbopt-studio: --screenshot-dir needs a SNAPSHOT\n");
    return 2;
  }
  if (screenshotMode) {
    auto* tour = new dbopt::studio::ScreenshotTour(&window, parser.value(shots), &app);
    const int holdMs = parser.value(hold).toInt() * 1000;
    QObject::connect(tour, &dbopt::studio::ScreenshotTour::done, &app, [tour, holdMs](bool ok) {
      for (const QString& f : tour->written()) fprintf(stderr, "wrote %s\n", qPrintable(f));
      QTimer::singleShot(holdMs, qApp, [ok] { QApplication::exit(ok ? 0 : 1); });
    });
    QObject::connect(&window, &dbopt::studio::MainWindow::errorReported, &app,
                     [](const QString& title, const QString& message) {
                       fprintf(stderr, "dbopt-studio: %s: %s\n", qPrintable(title), qPrintable(message));
                     });
  }
  if (!args.isEmpty()) {
    if (screenshotMode || parser.isSet(run))
      QObject::connect(&window, &dbopt::studio::MainWindow::snapshotLoaded, &window,
                       [&window] { window.runAnalysis(); }, Qt::SingleShotConnection);
    window.openSnapshot(args.first());
  }
  return app.exec();
}
