// The Studio on the demo snapshot: open, run all plugins, and the findings, the exported
// Markdown/JSON/SQL are the same as `dbopt analyze` of the same snapshot; filtering works; option
// validation rejects bad values in place; a dropped file opens.
#include <QComboBox>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>

#include <set>

#include "AnalyzePanel.hpp"
#include "FindingDetail.hpp"
#include "FindingsModel.hpp"
#include "FindingsView.hpp"
#include "RunLogView.hpp"
#include "SnapshotView.hpp"
#include "SummaryView.hpp"
#include "studio_test_support.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

class WorkflowTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    isolateSettings(settingsDir_);
    QVERIFY(cliDir_.isValid());
    QString error;
    QCOMPARE(runCliAnalyze(demoSnapshot(), cliDir_.path(), &error), 0);
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(cliDir_.path() + "/report.json"));
    QVERIFY(doc.isObject());
    cliFindings_ = doc.object().value("findings").toArray();
    QVERIFY2(!cliFindings_.isEmpty(), "the demo snapshot must give findings");

    window_ = makeWindow();
    QVERIFY(window_->host()->loaded().size() >= 1);
    QVERIFY(openAndWait(*window_, demoSnapshot()));
    QVERIFY(runAndWait(*window_));
    QVERIFY(window_->outcome() != nullptr);
    QVERIFY(!window_->outcome()->report.cancelled);
  }

  void findingsModelMatchesCli() {
    FindingsModel* model = window_->findingsView()->model();
    QCOMPARE(model->rowCount(), static_cast<int>(cliFindings_.size()));
    for (int row = 0; row < model->rowCount(); ++row) {
      const QJsonObject f = cliFindings_[row].toObject();
      auto cell = [&](int column) { return model->index(row, column).data(Qt::DisplayRole).toString(); };
      QCOMPARE(cell(FindingsModel::Id), f.value("id").toString());
      QCOMPARE(cell(FindingsModel::Plugin), f.value("plugin_id").toString());
      QCOMPARE(cell(FindingsModel::Check), f.value("check_id").toString());
      QCOMPARE(cell(FindingsModel::Object), f.value("object_display").toString());
      QCOMPARE(cell(FindingsModel::Title), f.value("title").toString().simplified());
      const auto priority =
          static_cast<dbopt::engine::Priority>(model->index(row, FindingsModel::Priority).data(Qt::UserRole).toInt());
      QCOMPARE(QString::fromLatin1(dbopt::engine::to_string(priority)), f.value("priority").toString());
    }
  }

  void exportMatchesCliByteForByte() {
    QTemporaryDir out;
    QVERIFY(window_->exportReport(out.path() + "/report.md"));
    DBOPT_COMPARE_FILES(out.path() + "/report.md", cliDir_.path() + "/report.md");
    // Only the run-log durations were masked, one per plugin run.
    QCOMPARE(withoutRunLogDurations(readAll(cliDir_.path() + "/report.md")).count("<duration>"),
             static_cast<qsizetype>(window_->outcome()->report.runs.size()));
    DBOPT_COMPARE_FILES(out.path() + "/apply.sql", cliDir_.path() + "/apply.sql");
    DBOPT_COMPARE_FILES(out.path() + "/rollback.sql", cliDir_.path() + "/rollback.sql");
    // JSON: identical except the run log's wall-clock durations, which differ between any two runs.
    QVERIFY(window_->exportReport(out.path() + "/report.json"));
    QVERIFY(withoutDurations(readAll(out.path() + "/report.json")) ==
            withoutDurations(readAll(cliDir_.path() + "/report.json")));
    QVERIFY(!withoutDurations(readAll(out.path() + "/report.json")).value("findings").toArray().isEmpty());

    QTemporaryDir sqlOnly;
    QVERIFY(window_->exportReport(sqlOnly.path() + "/apply.sql"));
    DBOPT_COMPARE_FILES(sqlOnly.path() + "/apply.sql", cliDir_.path() + "/apply.sql");
    DBOPT_COMPARE_FILES(sqlOnly.path() + "/rollback.sql", cliDir_.path() + "/rollback.sql");

    QVERIFY(window_->exportReport(out.path() + "/report.pdf"));
    QVERIFY(readAll(out.path() + "/report.pdf").startsWith("%PDF-"));
  }

  void exportErrorIsReported() {
    QSignalSpy errors(window_.get(), &MainWindow::errorReported);
    QVERIFY(!window_->exportReport("/nonexistent-dir-dbopt/report.md"));
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.first().at(1).toString().contains("nonexistent-dir-dbopt"));
    QVERIFY(!window_->exportReport(QDir::tempPath() + "/report.txt"));
    QCOMPARE(errors.count(), 2);
  }

  void filteringByTextPriorityAndPlugin() {
    FindingsView* view = window_->findingsView();
    FindingsFilter* filter = view->filter();
    const int all = view->model()->rowCount();
    const auto& report = window_->outcome()->report;

    // Priority: only P1 (the buttons are toggles; all on = no filter).
    for (int p = 1; p < 4; ++p) view->priorityButton(p)->setChecked(false);
    QCOMPARE(filter->rowCount(), static_cast<int>(report.summary.by_priority.p1));
    for (int row = 0; row < filter->rowCount(); ++row)
      QCOMPARE(filter->index(row, FindingsModel::Priority).data(Qt::UserRole).toInt(),
               static_cast<int>(dbopt::engine::Priority::P1));
    for (int p = 1; p < 4; ++p) view->priorityButton(p)->setChecked(true);
    QCOMPARE(filter->rowCount(), all);

    // Text: a word of the first item's check id, case-insensitive; every row shown contains it.
    const QString check = view->model()->index(0, FindingsModel::Check).data().toString();
    const QString word = check.section('/', 1).toUpper();
    view->searchBox()->setText(word);
    QVERIFY(filter->rowCount() >= 1);
    QVERIFY(filter->rowCount() <= all);
    for (int row = 0; row < filter->rowCount(); ++row)
      QVERIFY(filter->index(row, 0).data(FindingsModel::SearchRole).toString().contains(word.toLower()));
    view->searchBox()->setText("no-such-text-anywhere-42");
    QCOMPARE(filter->rowCount(), 0);
    view->searchBox()->clear();
    QCOMPARE(filter->rowCount(), all);

    // Plugin: each plugin id in the combo shows exactly that plugin's items.
    QComboBox* plugins = view->pluginBox();
    QVERIFY(plugins->count() >= 2);
    for (int i = 1; i < plugins->count(); ++i) {
      plugins->setCurrentIndex(i);
      const std::string id = plugins->itemText(i).toStdString();
      const auto expected = std::count_if(report.items.begin(), report.items.end(),
                                          [&](const auto& item) { return item.plugin_id == id; });
      QCOMPARE(filter->rowCount(), static_cast<int>(expected));
    }
    plugins->setCurrentIndex(0);
    QCOMPARE(filter->rowCount(), all);
  }

  void sortingByPriorityKeepsP1First() {
    QTableView* table = window_->findingsView()->table();
    table->sortByColumn(FindingsModel::Priority, Qt::DescendingOrder);
    table->sortByColumn(FindingsModel::Priority, Qt::AscendingOrder);
    auto* m = table->model();
    for (int row = 1; row < m->rowCount(); ++row)
      QVERIFY(m->index(row - 1, FindingsModel::Priority).data(Qt::UserRole).toInt() <=
              m->index(row, FindingsModel::Priority).data(Qt::UserRole).toInt());
    table->sortByColumn(FindingsModel::Id, Qt::AscendingOrder);
  }

  void detailPaneShowsExplanationAndSql() {
    FindingsView* view = window_->findingsView();
    const auto& items = window_->outcome()->report.items;
    const auto it = std::find_if(items.begin(), items.end(), [](const auto& i) { return i.finding.script.has_value(); });
    QVERIFY(it != items.end());
    view->table()->selectRow(view->filter()->mapFromSource(view->model()->index(int(it - items.begin()), 0)).row());
    QCOMPARE(view->detail()->applySql(), QString::fromStdString(it->finding.script->apply));
    QCOMPARE(view->detail()->rollbackSql(), QString::fromStdString(it->finding.script->rollback));
    QCOMPARE(view->detail()->titleText(), QString::fromStdString(it->finding.title));
    QVERIFY(!view->detail()->explanationText().trimmed().isEmpty());
  }

  void otherTabsAreFilled() {
    QCOMPARE(window_->summaryView()->chartCount(), 5);
    QCOMPARE(window_->runLogView()->runsTable()->rowCount(),
             static_cast<int>(window_->outcome()->report.runs.size()));
    const auto& snapshot = window_->snapshot().catalog->snapshot();
    QCOMPARE(window_->snapshotView()->tablesProxy()->rowCount(), static_cast<int>(snapshot.tables.size()));
    window_->snapshotView()->searchBox()->setText("work_mem");
    QVERIFY(window_->snapshotView()->settingsProxy()->rowCount() >= 1);
    QVERIFY(window_->snapshotView()->settingsProxy()->rowCount() < static_cast<int>(snapshot.settings.size()));
    window_->snapshotView()->searchBox()->clear();
  }

  void optionEditorValidatesInPlace() {
    AnalyzePanel* panel = window_->analyzePanel();
    const dbopt::engine::PluginRecord* plugin = nullptr;
    for (const auto* p : window_->host()->loaded())
      if (!p->info.options.empty()) plugin = p;
    QVERIFY2(plugin, "a loaded plugin with options is needed");
    const auto& spec = plugin->info.options.front();
    const QString id = QString::fromStdString(plugin->info.id);
    const QString name = QString::fromStdString(spec.name);

    QVERIFY(panel->request().settings.empty());
    if (spec.type != dbopt::sdk::OptionType::String) {
      const QString error = panel->setOptionValue(id, name, "not-a-value");
      QVERIFY(error.contains(name));
      QVERIFY(!panel->runButton()->isEnabled());
      // The run refuses to start while an option is invalid.
      QSignalSpy errors(window_.get(), &MainWindow::errorReported);
      window_->runAnalysis();
      QCOMPARE(errors.count(), 1);
      QVERIFY(!window_->analysisTask()->isRunning());
    }
    QVERIFY(panel->setOptionValue(id, name, QString::fromStdString(spec.default_value)).isEmpty());
    QVERIFY(panel->runButton()->isEnabled());
    QVERIFY(panel->request().settings.empty());
  }

  void uncheckedPluginsBecomeOnly() {
    AnalyzePanel* panel = window_->analyzePanel();
    QVERIFY(panel->request().only.empty());  // all checked = like the CLI without --only
    const auto loaded = window_->host()->loaded();
    if (loaded.size() < 2) QSKIP("needs two plugins");
    panel->setPluginChecked(QString::fromStdString(loaded.front()->info.id), false);
    const auto only = panel->request().only;
    QCOMPARE(only.size(), loaded.size() - 1);
    QVERIFY(std::find(only.begin(), only.end(), loaded.front()->info.id) == only.end());
    panel->setPluginChecked(QString::fromStdString(loaded.front()->info.id), true);
    QVERIFY(panel->request().only.empty());
  }

  void droppedFileOpens() {
    auto w = makeWindow();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(demoSnapshot())});
    QSignalSpy loaded(w.get(), &MainWindow::snapshotLoaded);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &drop);
    QVERIFY(loaded.wait(60000));
    QCOMPARE(QString::fromStdString(w->snapshot().file.string()), demoSnapshot());
  }

  void unreadableSnapshotIsAClearError() {
    auto w = makeWindow();
    QSignalSpy errors(w.get(), &MainWindow::errorReported);
    w->openSnapshot(QStringLiteral(DBOPT_SOURCE_DIR "/tests/fixtures/snapshots/wrong_type_relpages.json"));
    QVERIFY(errors.wait(30000));
    QVERIFY(errors.first().at(1).toString().contains("relpages"));
    QVERIFY(w->snapshot().catalog == nullptr);
  }

  void cleanupTestCase() { window_.reset(); }

 private:
  QTemporaryDir settingsDir_;
  QTemporaryDir cliDir_;
  QJsonArray cliFindings_;
  std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(WorkflowTest)
#include "workflow_test.moc"
