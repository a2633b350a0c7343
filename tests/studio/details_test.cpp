// The Details tab (supporting exhibits, engine::Report::exhibits) and its links with the
// Findings tab, plus the Summary tab's plugin facts (Report::summary.facts) and the window icon:
//  - on the demo snapshot with the plugins of the build tree, the tab lists exactly
//    report.exhibits in order with their text verbatim;
//  - with a hand-built run on the demo catalog (hostile titles and text: <b>, pipes, backticks,
//    Unicode), everything stays verbatim plain text; a linked finding opens in the Findings tab
//    (even when the filters hid it); a finding's exhibit link opens the exhibit.
#include <QClipboard>
#include <QFontInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>

#include "AppIcon.hpp"
#include "DetailsView.hpp"
#include "FindingDetail.hpp"
#include "FindingsModel.hpp"
#include "FindingsView.hpp"
#include "SummaryView.hpp"
#include "export/value_format.hpp"
#include "studio_test_support.hpp"

using namespace dbopt;
using namespace dbopt::studio;
using namespace dbopt::studio::test;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// Hostile exhibit text: markup of HTML and Markdown, table pipes, backticks, a fenced block
/// opener, tabs, Unicode (accents, CJK, emoji, RTL) and a line longer than any window.
const std::string kHostileText =
    "<b>Seq Scan</b> on \"Ordér|s\"  (cost=0.00..1.01 rows=1 width=8)\n"
    "  | col | `x` | **not bold** |\n"
    "```sql\n"
    "\tFilter: (name = 'a<script>alert(1)</script>'::text)\n"
    "日本語 🐘 עברית — " + std::string(300, 'x') + "\n";

/// The report item with ReportItem::id `id` in the Findings table, by the current row.
QString currentFindingId(FindingsView* view) {
  const QModelIndex current = view->table()->selectionModel()->currentIndex();
  if (!current.isValid()) return {};
  return view->table()->model()->index(current.row(), FindingsModel::Id).data().toString();
}

}  // namespace

class DetailsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    isolateSettings(settingsDir_);
    window_ = makeWindow();
    window_->resize(1300, 850);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(openAndWait(*window_, demoSnapshot()));
  }

  void demoExhibitsListedInReportOrderVerbatim() {
    QVERIFY(runAndWait(*window_));
    const engine::Report& report = window_->outcome()->report;
    DetailsView* details = window_->detailsView();
    QCOMPARE(details->exhibitList()->count(), static_cast<int>(report.exhibits.size()));
    if (report.exhibits.empty())
      QSKIP("no plugin built in this tree adds exhibits to the demo report (query-profiler, table-stats, plan-decoder)");
    for (int row = 0; row < details->exhibitList()->count(); ++row) {
      const engine::ReportExhibit& e = report.exhibits[static_cast<std::size_t>(row)];
      details->exhibitList()->setCurrentRow(row);
      QCOMPARE(details->titleText(), q(e.exhibit.title));
      QCOMPARE(details->exhibitText(), q(e.exhibit.text));
      QVERIFY(details->exhibitList()->item(row)->text().startsWith(q(e.exhibit.title) + "\n" + q(e.plugin_id)));
      QCOMPARE(details->linkedFindings()->count(), static_cast<int>(e.item_ids.size()));
    }
  }

  void hostileExhibitsStayVerbatim() {
    showHandBuiltOutcome();
    const engine::Report& report = window_->outcome()->report;
    QCOMPARE(report.exhibits.size(), std::size_t{3});
    DetailsView* details = window_->detailsView();
    QCOMPARE(details->exhibitList()->count(), 3);
    for (int row = 0; row < 3; ++row) {
      const engine::ReportExhibit& e = report.exhibits[static_cast<std::size_t>(row)];
      QCOMPARE(q(e.exhibit.id), QString("fixture/exhibit-%1").arg(row + 1));  // report order kept
      details->exhibitList()->setCurrentRow(row);
      QCOMPARE(details->exhibitList()->item(row)->text(), q(e.exhibit.title) + "\n" + q(e.plugin_id));
      QCOMPARE(details->titleText(), q(e.exhibit.title));
      QCOMPARE(details->exhibitText(), q(e.exhibit.text));
    }
    details->exhibitList()->setCurrentRow(0);
    QCOMPARE(details->exhibitText(), q(kHostileText));
    QCOMPARE(details->titleText(), QString("<b>Plan</b> | `orders` — 日本語 🐘"));
    // The detail is rendered Markdown without HTML: the tag text is shown, not interpreted.
    QVERIFY2(details->detailText().contains("<i>raw</i>"), qPrintable(details->detailText()));
    QVERIFY(!details->detailText().contains("**"));
    // Monospace, non-wrapping, read-only.
    auto* text = details->findChild<QPlainTextEdit*>();
    QVERIFY(text);
    QVERIFY(text->isReadOnly());
    QCOMPARE(text->lineWrapMode(), QPlainTextEdit::NoWrap);
    QVERIFY(QFontInfo(text->font()).fixedPitch());
    // Copy puts the exhibit text on the clipboard byte for byte.
    details->copyButton()->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), q(kHostileText));
    // The exhibit without linked findings shows no links.
    details->exhibitList()->setCurrentRow(2);
    QCOMPARE(details->linkedFindings()->count(), 0);
  }

  void clickingLinkedFindingSelectsIt() {
    showHandBuiltOutcome();
    const engine::Report& report = window_->outcome()->report;
    FindingsView* findings = window_->findingsView();
    // Hide every row first: the click must bring the finding back.
    findings->searchBox()->setText("no finding matches this");
    QCOMPARE(findings->table()->model()->rowCount(), 0);

    DetailsView* details = window_->detailsView();
    window_->tabs()->setCurrentIndex(MainWindow::DetailsTab);
    details->exhibitList()->setCurrentRow(1);
    const engine::ReportExhibit& e = report.exhibits[1];
    QCOMPARE(e.item_ids.size(), std::size_t{2});
    QCOMPARE(details->linkedFindings()->count(), 2);
    for (int link = 0; link < 2; ++link) {
      window_->tabs()->setCurrentIndex(MainWindow::DetailsTab);
      QListWidget* links = details->linkedFindings();
      QTRY_VERIFY(links->isVisible());
      QListWidgetItem* item = links->item(link);
      QCOMPARE(item->data(Qt::UserRole).toString(), q(e.item_ids[static_cast<std::size_t>(link)]));
      QTest::mouseClick(links->viewport(), Qt::LeftButton, {}, links->visualItemRect(item).center());
      QCOMPARE(window_->tabs()->currentIndex(), static_cast<int>(MainWindow::FindingsTab));
      QCOMPARE(currentFindingId(findings), q(e.item_ids[static_cast<std::size_t>(link)]));
      QVERIFY(findings->searchBox()->text().isEmpty());
    }
    // The linked finding's title is shown as plain text in the detail pane.
    const engine::ReportItem* shown = nullptr;
    for (const auto& item : report.items)
      if (q(item.id) == currentFindingId(findings)) shown = &item;
    QVERIFY(shown);
    QCOMPARE(findings->detail()->titleText(), q(shown->finding.title));
  }

  void findingExhibitLinkOpensExhibit() {
    showHandBuiltOutcome();
    const engine::Report& report = window_->outcome()->report;
    FindingsView* findings = window_->findingsView();
    const std::string& target = report.exhibits[1].item_ids.front();
    window_->tabs()->setCurrentIndex(MainWindow::FindingsTab);
    QVERIFY(findings->selectFinding(q(target)));
    QLabel* link = findings->detail()->exhibitLink();
    QVERIFY(link->isVisible());
    // The exhibit title is escaped in the rich-text link: shown as typed, not as markup.
    QVERIFY2(link->text().contains("&lt;i&gt;Top&lt;/i&gt;"), qPrintable(link->text()));
    details()->exhibitList()->setCurrentRow(0);
    emit link->linkActivated("dbopt-exhibit");
    QCOMPARE(window_->tabs()->currentIndex(), static_cast<int>(MainWindow::DetailsTab));
    QCOMPARE(details()->exhibitList()->currentRow(), 1);
    QCOMPARE(details()->titleText(), q(report.exhibits[1].exhibit.title));
    // A finding without an exhibit shows no link.
    for (const auto& item : report.items)
      if (!item.finding.exhibit) {
        window_->tabs()->setCurrentIndex(MainWindow::FindingsTab);
        QVERIFY(findings->selectFinding(q(item.id)));
        QVERIFY(!findings->detail()->exhibitLink()->isVisible());
      }
  }

  void summaryShowsFactsWithFigures() {
    showHandBuiltOutcome();
    QCOMPARE(window_->outcome()->report.summary.facts.size(), std::size_t{1});
    QStringList texts;
    for (QLabel* l : window_->summaryView()->findChildren<QLabel*>()) {
      QCOMPARE(l->textFormat(), Qt::PlainText);
      texts << l->text();
    }
    QVERIFY2(texts.contains("Workload <b>class</b>"), qPrintable(texts.join(" / ")));
    QVERIFY(texts.contains("OLTP | `mixed`"));
    QVERIFY(texts.contains("Reads dominate 日本"));
    const auto& evidence = window_->outcome()->report.summary.facts[0].evidence;
    const QString figures = QString("read_share: %1  ·  calls: %2")
                                .arg(q(engine::format_evidence(evidence[0])), q(engine::format_evidence(evidence[1])));
    QVERIFY2(texts.contains(figures), qPrintable(texts.join(" / ")));
  }

  void windowIconRendersFromSvg() {
    const QIcon icon = appIcon();
    QVERIFY(!icon.isNull());
    QCOMPARE(icon.availableSizes().size(), 7);
    const QImage image = icon.pixmap(64, 64).toImage();
    QCOMPARE(image.size(), QSize(64, 64));
    // Transparent corner, opaque centre: the drawing was rendered, not an empty pixmap.
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(image.pixel(32, 40)), 255);
  }

 private:
  DetailsView* details() const { return window_->detailsView(); }

  /// A run on the demo catalog with one plugin "fixture": three exhibits (hostile text), three
  /// findings (two refer to exhibit 2, one to none) and one summary fact.
  void showHandBuiltOutcome() {
    const sdk::Catalog& catalog = *window_->snapshot().catalog;
    engine::PluginRun run;
    run.plugin_id = "fixture";
    run.plugin_name = "Fixture";
    run.version = "1.0.0";
    run.status = "ok";
    run.exhibits = {
        {"fixture/exhibit-1", "<b>Plan</b> | `orders` — 日本語 🐘", "**Why** it matters: <i>raw</i> | `code`", kHostileText},
        {"fixture/exhibit-2", "<i>Top</i> tables | 表", "", "relname | size\n\"Ordér|s\" | 8 kB\n"},
        {"fixture/exhibit-3", "Empty `exhibit`", "plain", ""},
    };
    sdk::SummaryFact fact;
    fact.key = "fixture/workload";
    fact.label = "Workload <b>class</b>";
    fact.value = "OLTP | `mixed`";
    fact.detail = "Reads dominate 日本";
    fact.evidence = {{"read_share", 0.92, "ratio", std::nullopt}, {"calls", 12400, "count", std::nullopt}};
    run.summary = {fact};
    engine::RunResult result;
    auto finding = [](std::string table, std::optional<std::string> exhibit, sdk::Severity severity) {
      sdk::Finding f;
      f.check_id = "fixture/check";
      f.title = "<b>Seq scan</b> on `" + table + "` | 表";
      f.detail = "Because.";
      f.object = {"table", "shop", table, std::nullopt, std::nullopt};
      f.severity = severity;
      f.exhibit = std::move(exhibit);
      return engine::FindingRecord{"fixture", sdk::Phase::Profile, f};
    };
    result.findings = {finding("orders", "fixture/exhibit-2", sdk::Severity::High),
                       finding("customers", std::nullopt, sdk::Severity::Low),
                       finding("order_items", "fixture/exhibit-2", sdk::Severity::Medium)};
    run.findings = result.findings.size();
    result.runs = {run};
    auto outcome = std::make_shared<AnalysisOutcome>();
    outcome->run = result;
    outcome->report = engine::build_report(catalog, result);
    QSignalSpy finished(window_.get(), &MainWindow::analysisFinished);
    window_->showOutcome(outcome);
    QCOMPARE(finished.count(), 1);
  }

  QTemporaryDir settingsDir_;
  std::unique_ptr<MainWindow> window_;
};

QTEST_MAIN(DetailsTest)
#include "details_test.moc"
