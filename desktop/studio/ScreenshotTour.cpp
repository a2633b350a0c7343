#include "ScreenshotTour.hpp"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QThread>

#include "DetailsView.hpp"
#include "FindingsModel.hpp"
#include "FindingsView.hpp"
#include "MainWindow.hpp"

namespace dbopt::studio {

namespace {

void settle() {
  // Layouts, chart geometry and deferred paints need a few rounds of the event loop.
  for (int i = 0; i < 5; ++i) {
    QApplication::processEvents();
    QThread::msleep(40);
  }
}

/// Selects the first row whose item carries a script: the detail pane then shows SQL.
void selectFindingWithSql(FindingsView* view) {
  QTableView* table = view->table();
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    const int source = view->filter()->mapToSource(table->model()->index(row, 0)).row();
    const engine::ReportItem* item = view->model()->item(source);
    if (item && item->finding.script) {
      table->selectRow(row);
      return;
    }
  }
}

/// Selects the first exhibit with linked findings (a decoded plan with its problem nodes reads
/// better than a plain list), else leaves the first one selected.
void selectPlanExhibit(DetailsView* view) {
  QListWidget* list = view->exhibitList();
  for (int row = 0; row < list->count(); ++row) {
    list->setCurrentRow(row);
    if (view->linkedFindings()->count() > 0) return;
  }
  if (list->count() > 0) list->setCurrentRow(0);
}

}  // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, const QString& dir, QObject* parent)
    : QObject(parent), window_(window), dir_(dir) {
  connect(window_, &MainWindow::analysisFinished, this, &ScreenshotTour::run, Qt::QueuedConnection);
  connect(window_, &MainWindow::errorReported, this, [this] { emit done(false); });
}

bool ScreenshotTour::shoot(int tab, const QString& name) {
  window_->tabs()->setCurrentIndex(tab);
  settle();
  const QString file = QDir(dir_).filePath(name + ".png");
  if (!window_->grab().save(file, "PNG")) return false;
  written_ << file;
  return true;
}

void ScreenshotTour::run() {
  QDir().mkpath(dir_);
  selectFindingWithSql(window_->findingsView());
  selectPlanExhibit(window_->detailsView());
  const bool ok = shoot(MainWindow::SummaryTab, "01-summary") && shoot(MainWindow::FindingsTab, "02-findings") &&
                  shoot(MainWindow::DetailsTab, "03-details") && shoot(MainWindow::ScriptsTab, "04-scripts") &&
                  shoot(MainWindow::RunLogTab, "05-run-log") && shoot(MainWindow::SnapshotTab, "06-snapshot") &&
                  shoot(MainWindow::AnalyzeTab, "07-analyze");
  window_->tabs()->setCurrentIndex(MainWindow::FindingsTab);
  settle();
  QFile ready(QDir(dir_).filePath(".ready"));
  if (ready.open(QIODevice::WriteOnly)) ready.write(written_.join('\n').toUtf8());
  emit done(ok);
}

}  // namespace dbopt::studio
