// Against the real PostgreSQL of the test fixture (tests/support/pg_harness.sh, CTest fixture
// "pg"): a saved connection's "Test connection" reaches the server, a capture through the
// Studio's SnapshotTask writes a snapshot that analyzes like any other and contains no password,
// an invalid plugin option for the probes fails the capture before connecting, and Cancel stops a
// capture.
#include <QFile>
#include <QFileInfo>

#include "ConnectionTest.hpp"
#include "SnapshotTask.hpp"
#include "studio_test_support.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

namespace {

const QString kUnusedPassword = QStringLiteral("dbopt-studio-never-stored-9f3");

}  // namespace

class CaptureLiveTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    isolateSettings(settingsDir_);
    usePluginsOfTheBuildTree();
    profile_ = fixtureProfile();
    QVERIFY2(!profile_.port.isEmpty(), "no fixture server: run through ctest (fixture pg)");
    host_ = load_plugins({});
  }

  void testConnectionReachesTheServer() {
    const ConnectionTestResult ok = testConnection(profile_, QString(), 10);
    QVERIFY2(ok.ok, qPrintable(ok.message));
    QVERIFY(ok.message.startsWith("PostgreSQL 15"));
    ConnectionProfile wrong = profile_;
    wrong.dbname = "no_such_database_dbopt";
    const ConnectionTestResult bad = testConnection(wrong, QString(), 10);
    QVERIFY(!bad.ok);
    QVERIFY(bad.message.contains("no_such_database_dbopt"));
  }

  void captureSavesAnAnalyzableSnapshotWithoutPassword() {
    QTemporaryDir out;
    CaptureRequest request;
    request.conninfo = profile_.conninfo(kUnusedPassword).toStdString();  // trust auth: never sent
    request.hardware.ram = "16GB";
    request.save_path = (out.path() + "/live.dbopt.json").toStdString();
    SnapshotTask task;
    LoadedSnapshot snapshot;
    connect(&task, &SnapshotTask::loaded, this, [&snapshot](const LoadedSnapshot& s) { snapshot = s; });
    QSignalSpy loaded(&task, &SnapshotTask::loaded);
    QSignalSpy failed(&task, &SnapshotTask::failed);
    QSignalSpy progress(&task, &SnapshotTask::progress);
    QVERIFY(task.capture(host_, request));
    QVERIFY(loaded.wait(120000));
    QCOMPARE(failed.count(), 0);
    // StepRunner (desktop/engine/capture/step_runner.cpp) emits one event per step, before it runs:
    // progress(step, index, total) with index the running count and total the planned step count.
    QVERIFY(!progress.isEmpty());
    for (int i = 0; i < progress.count(); ++i) QCOMPARE(progress.at(i).at(1).toInt(), i + 1);
    QCOMPARE(progress.last().at(1).toInt(), progress.count());
    QCOMPARE(progress.last().at(2).toInt(), progress.count());
    QVERIFY(snapshot.catalog != nullptr);
    QCOMPARE(QString::fromStdString(snapshot.catalog->snapshot().server.database), profile_.dbname);
    QCOMPARE(snapshot.catalog->snapshot().hardware.ram_bytes.value_or(0), std::int64_t{16} << 30);
    const QByteArray file = readAll(out.path() + "/live.dbopt.json");
    QVERIFY(file.contains("\"format\": \"dbopt-snapshot\""));
    QVERIFY(!file.contains(kUnusedPassword.toUtf8()));

    // The saved file opens and analyzes in the main window like a shipped snapshot.
    auto w = makeWindow();
    QVERIFY(openAndWait(*w, out.path() + "/live.dbopt.json"));
    QVERIFY(runAndWait(*w));
    QVERIFY(!w->outcome()->report.cancelled);
    QVERIFY(!w->outcome()->report.runs.empty());
  }

  void invalidProbeOptionFailsBeforeConnecting() {
    CaptureRequest request;
    ConnectionProfile unreachable = profile_;
    unreachable.port = "1";  // refused: a capture that tried to connect would report that instead
    request.conninfo = unreachable.conninfo().toStdString();
    request.settings = {{"hybrid-schema-engineer.sample-rows", "0"}};
    SnapshotTask task;
    QSignalSpy failed(&task, &SnapshotTask::failed);
    QVERIFY(task.capture(host_, request));
    QVERIFY(failed.wait(60000));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains("--set hybrid-schema-engineer.sample-rows=0"), qPrintable(message));
    QVERIFY2(message.contains("must be >="), qPrintable(message));
    QVERIFY(!failed.first().at(1).toBool());  // an error, not a cancel
  }

  void cancelStopsACapture() {
    CaptureRequest request;
    request.conninfo = profile_.conninfo().toStdString();
    SnapshotTask task;
    QSignalSpy failed(&task, &SnapshotTask::failed);
    bool loaded = false;
    connect(&task, &SnapshotTask::loaded, this, [&loaded] { loaded = true; });
    QVERIFY(task.capture(host_, request));
    task.cancel();
    QVERIFY(failed.wait(60000));
    QVERIFY(!loaded);
    QVERIFY(failed.first().at(1).toBool());  // cancelled, not an error
    QVERIFY(failed.first().at(0).toString().contains("cancel"));
  }

 private:
  QTemporaryDir settingsDir_;
  ConnectionProfile profile_;
  std::shared_ptr<dbopt::engine::PluginHost> host_;
};

QTEST_MAIN(CaptureLiveTest)
#include "capture_live_test.moc"
