// Hostile object names (quotes, <b>, pipes, backticks, Unicode, 200 characters) display and
// export correctly: the demo snapshot with shop."Order Items" renamed gives the same findings
// and the same Markdown in the Studio as with `dbopt analyze`, the names show verbatim (never
// as rich text), and the Snapshot tab finds the table by its name.
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>

#include "FindingDetail.hpp"
#include "FindingsModel.hpp"
#include "FindingsView.hpp"
#include "SnapshotView.hpp"
#include "snapshot/snapshot_io.hpp"
#include "studio_test_support.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

namespace {

/// 200 characters: quotes, HTML, Markdown and table syntax, Unicode.
QString hostileName() {
  QString n = QStringLiteral("Or|ders \"<b>bold</b>\" `tick` *star* _u_ café ✓ ünï ");
  while (n.size() < 200) n += QStringLiteral("very_long_name_");
  return n.left(200);
}

}  // namespace

class HostileNamesTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    isolateSettings(settingsDir_);
    QVERIFY(work_.isValid());
    dbopt::sdk::Snapshot s = dbopt::engine::read_snapshot(demoSnapshot().toStdString());
    int renamed = 0;
    for (auto& t : s.tables)
      if (t.schemaname == "shop" && t.relname == "Order Items") {
        t.relname = hostileName().toStdString();
        ++renamed;
      }
    QCOMPARE(renamed, 1);
    snapshot_ = work_.path() + "/hostile.dbopt.json";
    dbopt::engine::write_snapshot(s, snapshot_.toStdString());
    QDir().mkpath(work_.path() + "/cli");
    QString error;
    QCOMPARE(runCliAnalyze(snapshot_, work_.path() + "/cli", &error), 0);

    window_ = makeWindow();
    QVERIFY(openAndWait(*window_, snapshot_));
    QVERIFY(runAndWait(*window_));
  }

  void findingsShowTheNameVerbatim() {
    const QJsonArray cli =
        QJsonDocument::fromJson(readAll(work_.path() + "/cli/report.json")).object().value("findings").toArray();
    FindingsModel* model = window_->findingsView()->model();
    QCOMPARE(model->rowCount(), static_cast<int>(cli.size()));
    int hostileRow = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
      const QString object = model->index(row, FindingsModel::Object).data().toString();
      QCOMPARE(object, cli[row].toObject().value("object_display").toString());
      QCOMPARE(model->index(row, FindingsModel::Title).data().toString(),
               cli[row].toObject().value("title").toString().simplified());
      // The first finding naming the renamed table that has a script: its SQL is checked below.
      if (hostileRow < 0 && object.contains("<b>bold</b>") && model->item(row)->finding.script) hostileRow = row;
    }
    QVERIFY2(hostileRow >= 0,
             "no finding with a script names the renamed table (the demo has one for shop.\"Order Items\"): "
             "the test would prove nothing");
    // The 200-character name is in the object cell whole, quoted as an SQL identifier.
    const QString object = model->index(hostileRow, FindingsModel::Object).data().toString();
    QVERIFY(object.contains(QString(hostileName()).replace("\"", "\"\"")));

    // Detail pane: the title is plain text (no HTML interpretation) and shows the name as is.
    FindingsView* view = window_->findingsView();
    view->table()->selectRow(view->filter()->mapFromSource(model->index(hostileRow, 0)).row());
    const auto* item = model->item(hostileRow);
    QCOMPARE(view->detail()->titleText(), QString::fromStdString(item->finding.title));
    // Exactly one label shows the title (FindingDetail's title label), and as plain text.
    int titleLabels = 0;
    for (QLabel* label : view->detail()->findChildren<QLabel*>())
      if (label->text() == view->detail()->titleText()) {
        ++titleLabels;
        QCOMPARE(label->textFormat(), Qt::PlainText);
      }
    QCOMPARE(titleLabels, 1);
    QVERIFY(view->detail()->applySql().contains(QString(hostileName()).replace("\"", "\"\"")));

    // Search finds it by a piece of the name with HTML and pipe characters.
    view->searchBox()->setText("or|ders \"<b>bold</b>\"");
    QVERIFY(view->filter()->rowCount() >= 1);
    view->searchBox()->clear();
  }

  void exportIsTheSameAsTheCli() {
    QTemporaryDir out;
    QVERIFY(window_->exportReport(out.path() + "/report.md"));
    const QByteArray md = readAll(out.path() + "/report.md");
    DBOPT_COMPARE_FILES(out.path() + "/report.md", work_.path() + "/cli/report.md");
    DBOPT_COMPARE_FILES(out.path() + "/apply.sql", work_.path() + "/cli/apply.sql");
    // Escaped for Markdown outside code: the raw tag never appears as HTML in prose lines.
    QVERIFY(md.contains("\\<b\\>bold\\</b\\>"));
    QVERIFY(window_->exportReport(out.path() + "/report.pdf"));
    QVERIFY(readAll(out.path() + "/report.pdf").startsWith("%PDF-"));
  }

  void snapshotTabFindsTheTable() {
    SnapshotView* view = window_->snapshotView();
    view->searchBox()->setText("<b>bold</b>");
    QCOMPARE(view->tablesProxy()->rowCount(), 1);
    const QString shown = view->tablesProxy()->index(0, 0).data().toString();
    QVERIFY(shown.startsWith("shop.\"Or|ders \"\"<b>bold</b>\"\""));
    QVERIFY(shown.size() > 200);
    view->searchBox()->clear();
  }

  void cleanupTestCase() { window_.reset(); }

 private:
  QTemporaryDir settingsDir_;
  QTemporaryDir work_;
  QString snapshot_;
  std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(HostileNamesTest)
#include "hostile_names_test.moc"
