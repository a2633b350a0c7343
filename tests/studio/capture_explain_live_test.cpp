// Against the real PostgreSQL of the test fixture: the capture dialog's "EXPLAIN statements" file
// (`dbopt capture --explain FILE [--analyze]`) read by CaptureDialog::request() and captured by a
// SnapshotTask into a scratch database's snapshot: the SELECT gets its plan (with actual rows
// under EXPLAIN ANALYZE), the INSERT is planned by EXPLAIN but refused under EXPLAIN ANALYZE by
// the READ ONLY transaction, its error recorded, and nothing is written.
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CaptureDialog.hpp"
#include "SnapshotTask.hpp"
#include "studio_test_support.hpp"
#include "support/live_db.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

namespace {

const std::string kSelect = "SELECT id, payload ->> 'serviceId' FROM studio_events WHERE kind = 'rare'";
const std::string kInsert = "INSERT INTO studio_events VALUES (100001, 'new', '{}')";

/// The "Plan" object of an EXPLAIN (FORMAT JSON) text: [ { "Plan": { … } } ].
QJsonObject rootPlan(const std::string& planJson) {
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(planJson));
  return doc.array().at(0).toObject().value("Plan").toObject();
}

}  // namespace

class CaptureExplainLiveTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    QVERIFY(files_.isValid());
    isolateSettings(settingsDir_);
    usePluginsOfTheBuildTree();
    profile_ = fixtureProfile();
    QVERIFY2(!profile_.port.isEmpty(), "no fixture server: run through ctest (fixture pg)");
    db_ = std::make_unique<dbopt::test::ScratchDatabase>("studioexp");
    db_->exec(
        "CREATE TABLE studio_events (id bigint PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL);"
        "INSERT INTO studio_events SELECT g, CASE WHEN g % 100 = 0 THEN 'rare' ELSE 'common' END,"
        "  jsonb_build_object('serviceId', 's' || (g % 40)) FROM generate_series(1, 5000) g;"
        "ANALYZE studio_events;");
    profile_.dbname = QString::fromStdString(db_->name());
    writeFile(files_.path() + "/queries.sql",
              QByteArray::fromStdString("-- the rare events, with the constant the application sends\n" + kSelect +
                                        ";\n-- a write: refused under EXPLAIN ANALYZE\n" + kInsert + ";\n"));
    if (QTest::currentTestFailed()) return;
    host_ = load_plugins({});
  }

  void cleanupTestCase() { db_.reset(); }

  void explainPlansTheStatements() {
    std::vector<dbopt::sdk::ExplainedStatement> e;
    captureExplained(false, e);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(e.size(), std::size_t{2});
    QCOMPARE(e[0].query, kSelect);  // without the comment above it
    QCOMPARE(e[0].options, std::string("BUFFERS, SETTINGS, FORMAT JSON"));
    QVERIFY2(e[0].plan_json.has_value() && !e[0].error, e[0].error.value_or("").c_str());
    const QJsonObject select = rootPlan(*e[0].plan_json);
    QCOMPARE(select.value("Relation Name").toString(), QString("studio_events"));
    QVERIFY(select.contains("Plan Rows"));
    QVERIFY(!select.contains("Actual Rows"));  // estimates only: nothing was executed
    // Plain EXPLAIN of a write plans it without executing it: allowed in a read-only transaction.
    QCOMPARE(e[1].query, kInsert);
    QVERIFY2(e[1].plan_json.has_value() && !e[1].error, e[1].error.value_or("").c_str());
    QCOMPARE(rootPlan(*e[1].plan_json).value("Operation").toString(), QString("Insert"));
    QCOMPARE(db_->scalar("SELECT count(*) FROM studio_events"), std::string("5000"));
  }

  void explainAnalyzeExecutesTheSelectAndRecordsTheRefusedWrite() {
    std::vector<dbopt::sdk::ExplainedStatement> e;
    captureExplained(true, e);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(e.size(), std::size_t{2});
    QCOMPARE(e[0].query, kSelect);
    QCOMPARE(e[0].options, std::string("ANALYZE, BUFFERS, SETTINGS, FORMAT JSON"));
    QVERIFY2(e[0].plan_json.has_value() && !e[0].error, e[0].error.value_or("").c_str());
    const QJsonObject select = rootPlan(*e[0].plan_json);
    QCOMPARE(select.value("Relation Name").toString(), QString("studio_events"));
    QCOMPARE(select.value("Actual Rows").toInt(-1), 50);  // ids 100, 200, … 5000
    QCOMPARE(select.value("Actual Loops").toInt(-1), 1);
    // The INSERT is executed inside the READ ONLY transaction: refused (SQLSTATE 25006), recorded.
    QCOMPARE(e[1].query, kInsert);
    QVERIFY(!e[1].plan_json.has_value());
    QVERIFY(e[1].error.has_value());
    QVERIFY2(e[1].error->find("read-only transaction") != std::string::npos, e[1].error->c_str());
    QCOMPARE(db_->scalar("SELECT count(*) FROM studio_events"), std::string("5000"));
  }

 private:
  /// Sets the statement file (and "Execute them") in a capture dialog, takes its request() and
  /// captures it with a SnapshotTask into `explained` (the snapshot's). Fails the test otherwise.
  void captureExplained(bool analyze, std::vector<dbopt::sdk::ExplainedStatement>& explained) {
    CaptureDialog dialog(profile_, QString(), host_);
    dialog.findChild<QLineEdit*>("explain-file")->setText(files_.path() + "/queries.sql");
    auto* analyzeBox = dialog.findChild<QCheckBox*>("explain-analyze");
    QVERIFY(analyzeBox->isEnabled());
    analyzeBox->setChecked(analyze);
    CaptureRequest request = dialog.request();
    QVERIFY(request.explain_statements == (std::vector<std::string>{kSelect, kInsert}));
    QCOMPARE(request.explain_analyze, analyze);
    request.save_path = (files_.path() + (analyze ? "/analyze.dbopt.json" : "/explain.dbopt.json")).toStdString();

    SnapshotTask task;
    LoadedSnapshot snapshot;
    connect(&task, &SnapshotTask::loaded, this, [&snapshot](const LoadedSnapshot& s) { snapshot = s; });
    QSignalSpy loaded(&task, &SnapshotTask::loaded);
    QSignalSpy failed(&task, &SnapshotTask::failed);
    QVERIFY(task.capture(host_, request));
    QVERIFY2(loaded.wait(120000), failed.isEmpty() ? "timeout" : qPrintable(failed.first().at(0).toString()));
    QVERIFY(snapshot.catalog != nullptr);
    // The saved file carries them too (what `dbopt analyze` and the plan decoder read).
    QVERIFY(readAll(QString::fromStdString(request.save_path.string())).contains("\"explained\""));
    QVERIFY(snapshot.catalog->snapshot().explained.has_value());
    explained = *snapshot.catalog->snapshot().explained;
  }

  QTemporaryDir settingsDir_;
  QTemporaryDir files_;
  ConnectionProfile profile_;
  std::unique_ptr<dbopt::test::ScratchDatabase> db_;
  std::shared_ptr<dbopt::engine::PluginHost> host_;
};

QTEST_MAIN(CaptureExplainLiveTest)
#include "capture_explain_live_test.moc"

