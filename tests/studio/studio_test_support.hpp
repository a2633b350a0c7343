// Helpers shared by the Studio's QTest suites: a scratch settings location, the fixture server as a
// profile, running the `dbopt` command on a snapshot, and driving a MainWindow to a finished analysis.
#pragma once

#include <algorithm>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include "ConnectionProfile.hpp"
#include "MainWindow.hpp"

namespace dbopt::studio::test {

/// The bundled demo snapshot.
inline QString demoSnapshot() { return QStringLiteral(DBOPT_SOURCE_DIR "/snapshots/demo.dbopt.json"); }

/// Makes the build tree's plugins the default plugin directory ($DBOPT_PLUGIN_PATH, first in
/// PluginHost::default_search_paths) for the Studio and for the `dbopt` processes the test
/// starts, so both load the same files under the same paths.
inline void usePluginsOfTheBuildTree() { qputenv("DBOPT_PLUGIN_PATH", DBOPT_BUILD_PLUGIN_DIR); }

/// Points QSettings (native and INI, user scope) and QStandardPaths at `dir`, so a test never
/// reads or writes the real user's settings. Returns the file the Studio's settings land in.
inline QString isolateSettings(const QTemporaryDir& dir) {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName("dbopt");
  QCoreApplication::setApplicationName("dbopt-studio");
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
  return QSettings().fileName();
}

/// Reads a whole file ("" when it cannot be opened).
inline QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Writes `text` to `path` (created or truncated). A file that cannot be opened or written whole
/// is a test failure (QTest::currentTestFailed() is then true; the caller should return).
inline void writeFile(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path + ": " + f.errorString()));
  QCOMPARE(f.write(text), static_cast<qint64>(text.size()));
}

/// The server of the "pg" fixture as a profile, from DBOPT_TEST_PGDIR/conninfo
/// ("host=… port=… user=… dbname=…"); port empty when the fixture is not running.
inline ConnectionProfile fixtureProfile() {
  ConnectionProfile p;
  p.name = "fixture";
  const QString text = QString::fromUtf8(readAll(QStringLiteral(DBOPT_TEST_PGDIR "/conninfo"))).trimmed();
  for (const QString& part : text.split(' ', Qt::SkipEmptyParts)) {
    const QString key = part.section('=', 0, 0), value = part.section('=', 1);
    if (key == "host") p.host = value;
    else if (key == "port") p.port = value;
    else if (key == "user") p.user = value;
    else if (key == "dbname") p.dbname = value;
  }
  return p;
}

/// "" when equal, else the first differing line of both ("line 12: <a> | <b>"), for messages.
inline QString firstDifference(const QByteArray& a, const QByteArray& b) {
  if (a == b) return {};
  const QList<QByteArray> la = a.split('\n'), lb = b.split('\n');
  for (qsizetype i = 0; i < std::max(la.size(), lb.size()); ++i) {
    const QByteArray x = i < la.size() ? la[i] : "<end>", y = i < lb.size() ? lb[i] : "<end>";
    if (x != y) return QString("line %1: %2 | %3").arg(i + 1).arg(QString::fromUtf8(x), QString::fromUtf8(y));
  }
  return QString("sizes differ");
}

/// Markdown report bytes with the Duration cell of the "## Run log" table replaced by
/// "<duration>": a plugin's wall-clock time differs between any two runs, CLI or Studio; every
/// other byte must be identical.
inline QByteArray withoutRunLogDurations(const QByteArray& markdown) {
  static const QRegularExpression durationCell(R"(^(\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|) [0-9.]+ (ms|s|min|h) \|)");
  QList<QByteArray> lines = markdown.split('\n');
  bool inRunLog = false;
  for (QByteArray& line : lines) {
    if (line.startsWith("## ")) inRunLog = line == "## Run log";
    if (inRunLog && line.startsWith("| "))
      line = QString::fromUtf8(line).replace(durationCell, "\\1 <duration> |").toUtf8();
  }
  return lines.join('\n');
}

/// Both files have the same bytes (Markdown: except run-log durations, see
/// withoutRunLogDurations); the message names the first differing line.
#define DBOPT_COMPARE_FILES(actual, expected)                                        \
  do {                                                                               \
    const QByteArray a_ = withoutRunLogDurations(readAll(actual));                   \
    const QByteArray e_ = withoutRunLogDurations(readAll(expected));                 \
    QVERIFY2(!e_.isEmpty(), qPrintable(QString("empty or missing: ") + (expected))); \
    QVERIFY2(a_ == e_, qPrintable(firstDifference(a_, e_)));                         \
  } while (false)

/// A report JSON without the run log's wall-clock durations (run_log[].duration_ms differ from
/// run to run); everything else must be identical.
inline QJsonObject withoutDurations(const QByteArray& json) {
  QJsonObject o = QJsonDocument::fromJson(json).object();
  QJsonArray runs = o.value("run_log").toArray();
  for (qsizetype i = 0; i < runs.size(); ++i) {
    QJsonObject r = runs[i].toObject();
    r.remove("duration_ms");
    runs[i] = r;
  }
  o["run_log"] = runs;
  return o;
}

/// Runs `dbopt analyze SNAPSHOT -o OUT_DIR/report.md -o OUT_DIR/report.json -q` with the build
/// tree's plugins. Returns the exit code; stderr goes to `error`.
inline int runCliAnalyze(const QString& snapshot, const QString& outDir, QString* error = nullptr) {
  usePluginsOfTheBuildTree();
  QProcess p;
  p.start(QStringLiteral(DBOPT_CLI_PATH),
          {"-q", "analyze", snapshot, "-o", outDir + "/report.md", "-o", outDir + "/report.json"});
  if (!p.waitForFinished(240000)) return -1;
  if (error) *error = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// A MainWindow loading `extra` directories first, then the default search path (see
/// usePluginsOfTheBuildTree), errors not shown in dialogs.
inline std::unique_ptr<MainWindow> makeWindow(std::vector<std::filesystem::path> extra = {}) {
  usePluginsOfTheBuildTree();
  auto w = std::make_unique<MainWindow>(extra);
  w->setInteractive(false);
  return w;
}

/// Opens `snapshot` in `w` and waits until it is loaded. False on error or timeout.
inline bool openAndWait(MainWindow& w, const QString& snapshot) {
  QSignalSpy loaded(&w, &MainWindow::snapshotLoaded);
  w.openSnapshot(snapshot);
  return loaded.wait(60000);
}

/// Runs the analysis and waits for it to end. False on error or timeout.
inline bool runAndWait(MainWindow& w) {
  QSignalSpy finished(&w, &MainWindow::analysisFinished);
  w.runAnalysis();
  return finished.wait(240000);
}

}  // namespace dbopt::studio::test
