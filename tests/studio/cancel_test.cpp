// Cancel stops a run: the fixture plugin "slow" polls Context::cancelled() for up to 20 s and
// fails loudly when it never sees it, so a run that ends "cancelled" within seconds proves the
// Studio's Cancel reaches the runner.
#include <QElapsedTimer>
#include <QPushButton>

#include "AnalyzePanel.hpp"
#include "studio_test_support.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

class CancelTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    isolateSettings(settingsDir_);
  }

  void cancelStopsARun() {
    auto w = makeWindow({std::filesystem::path(DBOPT_TEST_FIXTURE_PLUGIN_DIR) / "slow"});
    QVERIFY2(w->host()->find("slow"), "fixture plugin 'slow' not loaded");
    QVERIFY(openAndWait(*w, demoSnapshot()));

    QSignalSpy progress(w->analysisTask(), &AnalysisTask::progress);
    QSignalSpy finished(w.get(), &MainWindow::analysisFinished);
    QElapsedTimer clock;
    clock.start();
    w->runAnalysis();
    QVERIFY(w->analysisTask()->isRunning());
    // Wait until "slow" has started, then cancel.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.begin(), progress.end(),
                                         [](const QList<QVariant>& e) {
                                           return e.at(0).toString() == "slow" && e.at(1).toString() == "started";
                                         }),
                             15000);
    w->cancelAnalysis();
    QVERIFY(finished.wait(15000));
    QVERIFY2(clock.elapsed() < 15000, "the slow plugin ran to its 20 s limit: cancel did not reach it");

    const auto& report = w->outcome()->report;
    QVERIFY(report.cancelled);
    const auto slow = std::find_if(report.runs.begin(), report.runs.end(),
                                   [](const auto& r) { return r.plugin_id == "slow"; });
    QVERIFY(slow != report.runs.end());
    QCOMPARE(QString::fromStdString(slow->status), QString("cancelled"));
    QVERIFY(!w->analysisTask()->isRunning());
    QVERIFY(w->analyzePanel()->runButton()->isEnabled());  // ready to run again
  }

  void closingTheWindowCancelsARun() {
    auto w = makeWindow({std::filesystem::path(DBOPT_TEST_FIXTURE_PLUGIN_DIR) / "slow"});
    w->show();
    QVERIFY(openAndWait(*w, demoSnapshot()));
    QElapsedTimer clock;
    clock.start();
    w->runAnalysis();
    QVERIFY(w->analysisTask()->isRunning());
    w->close();           // closeEvent cancels
    w->analysisTask()->wait();
    QVERIFY2(clock.elapsed() < 15000, "closing the window did not cancel the run");
  }

 private:
  QTemporaryDir settingsDir_;
};

QTEST_MAIN(CancelTest)
#include "cancel_test.moc"
