#include "MainWindow.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QStatusBar>
#include <QTabWidget>

#include "AnalyzePanel.hpp"
#include "CaptureDialog.hpp"
#include "DetailsView.hpp"
#include "FindingsView.hpp"
#include "PasswordStore.hpp"
#include "RunLogView.hpp"
#include "ScriptsView.hpp"
#include "SnapshotView.hpp"
#include "SourcesPanel.hpp"
#include "SummaryView.hpp"
#include "dbopt/sdk/abi.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

MainWindow::MainWindow(const std::vector<std::filesystem::path>& extraPluginDirs, QWidget* parent)
    : QMainWindow(parent) {
  setWindowTitle(tr("dbopt Studio"));
  setAcceptDrops(true);
  host_ = load_plugins(extraPluginDirs);
  passwords_ = new PasswordStore(this);
  snapshotTask_ = new SnapshotTask(this);
  analysisTask_ = new AnalysisTask(this);

  analyze_ = new AnalyzePanel(this);
  summary_ = new SummaryView(this);
  findings_ = new FindingsView(this);
  details_ = new DetailsView(this);
  scripts_ = new ScriptsView(this);
  runLog_ = new RunLogView(this);
  snapshotView_ = new SnapshotView(this);
  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  tabs_->addTab(analyze_, tr("Analyze"));
  tabs_->addTab(summary_, tr("Summary"));
  tabs_->addTab(findings_, tr("Findings"));
  tabs_->addTab(details_, tr("Details"));
  tabs_->setTabToolTip(DetailsTab, tr("Supporting details: top statements, top tables, decoded plans"));
  tabs_->addTab(scripts_, tr("Scripts"));
  tabs_->addTab(runLog_, tr("Run log"));
  tabs_->addTab(snapshotView_, tr("Snapshot"));
  setCentralWidget(tabs_);

  sources_ = new SourcesPanel(settings_.raw(), passwords_, this);
  auto* dock = new QDockWidget(tr("Sources"), this);
  dock->setObjectName("sources-dock");
  dock->setWidget(sources_);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
  dock->setMinimumWidth(260);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  resizeDocks({dock}, {290}, Qt::Horizontal);

  statusSource_ = new QLabel(this);
  statusSource_->setTextFormat(Qt::PlainText);
  statusBar()->addPermanentWidget(statusSource_);

  buildMenus();
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(dock->toggleViewAction());

  analyze_->setHost(host_);
  std::size_t loaded = host_->loaded().size();
  statusBar()->showMessage(tr("%n plugin(s) loaded", nullptr, int(loaded)) +
                           (host_->plugins().size() > loaded
                                ? tr(", %1 refused — see the Analyze tab").arg(host_->plugins().size() - loaded)
                                : QString()));
  if (loaded == 0)
    analyze_->setStatus(tr("No plugins found. Searched: %1. Set DBOPT_PLUGIN_PATH or reinstall dbopt.")
                            .arg([] {
                              QStringList dirs;
                              for (const auto& d : engine::PluginHost::default_search_paths()) dirs << q(d.string());
                              return dirs.join(", ");
                            }()));

  connect(analyze_, &AnalyzePanel::runRequested, this, &MainWindow::runAnalysis);
  connect(analyze_, &AnalyzePanel::cancelRequested, this, &MainWindow::cancelAnalysis);
  connect(sources_, &SourcesPanel::openSnapshotRequested, this, &MainWindow::openSnapshot);
  connect(sources_, &SourcesPanel::openDialogRequested, this, &MainWindow::openDialog);
  connect(sources_, &SourcesPanel::captureRequested, this, &MainWindow::startCapture);
  // Findings ↔ Details: a finding's exhibit link opens the exhibit, an exhibit's linked finding
  // opens the finding.
  connect(findings_, &FindingsView::exhibitActivated, this, [this](const QString& id) {
    if (details_->showExhibit(id)) tabs_->setCurrentIndex(DetailsTab);
  });
  connect(details_, &DetailsView::findingActivated, this, [this](const QString& id) {
    if (findings_->selectFinding(id)) tabs_->setCurrentIndex(FindingsTab);
  });
  connect(scripts_, &ScriptsView::saveAllRequested, this, &MainWindow::exportScriptsDialog);
  connect(snapshotTask_, &SnapshotTask::loaded, this, &MainWindow::onSnapshotLoaded);
  connect(snapshotTask_, &SnapshotTask::failed, this, [this](const QString& message, bool) {
    statusBar()->clearMessage();
    showError(tr("Cannot open the snapshot"),
              tr("%1\n\nThe file must be a snapshot written by `dbopt capture` or the Studio (.json or .json.gz).")
                  .arg(message));
    updateActions();
  });
  connect(analysisTask_, &AnalysisTask::progress, analyze_, &AnalyzePanel::showProgress);
  connect(analysisTask_, &AnalysisTask::finished, this, &MainWindow::showOutcome);
  connect(analysisTask_, &AnalysisTask::failed, this, [this](const QString& message) {
    analyze_->setRunning(false);
    analyze_->setStatus(message);
    updateActions();
    showError(tr("The analysis could not run"), tr("%1\n\nFix the plugin selection or option and run again.").arg(message));
  });

  updateRecent();
  snapshotView_->setSnapshot({});
  const QByteArray geometry = settings_.windowGeometry();
  if (geometry.isEmpty() || !restoreGeometry(geometry)) {
    QSize size(1440, 900);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
      size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    resize(size);
  }
  restoreState(settings_.windowState());
  updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open snapshot…"), this, &MainWindow::openDialog);
  open->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  file->addSeparator();
  exportAction_ = file->addAction(tr("&Export report…"), this, [this] { exportDialog(QString()); });
  exportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  QMenu* exportMenu = file->addMenu(tr("Export &as"));
  exportMenuActions_[0] = exportMenu->addAction(tr("Markdown…"), this, [this] { exportDialog("*.md"); });
  exportMenuActions_[1] = exportMenu->addAction(tr("PDF…"), this, [this] { exportDialog("*.pdf"); });
  exportMenuActions_[2] = exportMenu->addAction(tr("JSON…"), this, [this] { exportDialog("*.json"); });
  exportMenuActions_[3] =
      exportMenu->addAction(tr("SQL scripts (apply.sql + rollback.sql)…"), this, &MainWindow::exportScriptsDialog);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
  runAction_ = analysis->addAction(tr("&Run"), this, &MainWindow::runAnalysis);
  runAction_->setShortcut(QKeySequence(Qt::Key_F5));
  cancelAction_ = analysis->addAction(tr("&Cancel"), this, &MainWindow::cancelAnalysis);
  cancelAction_->setShortcut(QKeySequence(Qt::Key_Escape));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About dbopt Studio"), this, [this] {
    QMessageBox::about(this, tr("About dbopt Studio"),
                       tr("dbopt Studio %1 (plugin SDK %2, sdk_abi %3)\n\nPostgreSQL performance audits with "
                          "prioritized, scripted fixes. The Studio is a shell over the same engine as the dbopt "
                          "command: the same snapshot gives the same report.")
                           .arg(DBOPT_VERSION, DBOPT_SDK_VERSION, QString::number(DBOPT_SDK_ABI)));
  });
}

void MainWindow::updateActions() {
  const bool running = analysisTask_->isRunning();
  const bool hasReport = outcome_ != nullptr;
  runAction_->setEnabled(!running && snapshot_.catalog);
  cancelAction_->setEnabled(running);
  exportAction_->setEnabled(hasReport && !running);
  for (QAction* a : exportMenuActions_) a->setEnabled(hasReport && !running);
}

void MainWindow::updateRecent() {
  const QStringList recent = settings_.recentSnapshots();
  sources_->setRecentSnapshots(recent);
  recentMenu_->clear();
  for (const QString& f : recent) recentMenu_->addAction(f, this, [this, f] { openSnapshot(f); });
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::openDialog() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open snapshot"), settings_.lastDirectory(),
                                                    tr("dbopt snapshots (*.json *.json.gz *.gz);;All files (*)"));
  if (!file.isEmpty()) openSnapshot(file);
}

void MainWindow::openSnapshot(const QString& file) {
  if (analysisTask_->isRunning()) {
    showError(tr("Cannot open a snapshot now"), tr("An analysis is running. Cancel it (Esc) first."));
    return;
  }
  if (!snapshotTask_->open(file.toStdString())) {
    showError(tr("Cannot open a snapshot now"), tr("Another snapshot is still being read or captured."));
    return;
  }
  settings_.setLastDirectory(QFileInfo(file).absolutePath());
  statusBar()->showMessage(tr("Reading %1…").arg(file));
}

void MainWindow::onSnapshotLoaded(const LoadedSnapshot& snapshot) {
  snapshot_ = snapshot;
  outcome_.reset();
  if (!snapshot.file.empty()) {
    settings_.addRecentSnapshot(QFileInfo(q(snapshot.file.string())).absoluteFilePath());
    updateRecent();
  }
  const sdk::Snapshot& s = snapshot.catalog->snapshot();
  statusSource_->setText(tr("%1 · PostgreSQL %2 · captured %3")
                             .arg(q(s.server.database), q(s.server.server_version), q(s.provenance.captured_at)));
  setWindowTitle(tr("dbopt Studio — %1").arg(snapshot.file.empty() ? q(s.server.database)
                                                                   : q(snapshot.file.filename().string())));
  statusBar()->showMessage(tr("Snapshot loaded: %1 tables, %2 indexes. Press F5 to analyze.")
                               .arg(s.tables.size())
                               .arg(s.indexes.size()));
  analyze_->setSource(snapshot);
  analyze_->setStatus(QString());
  snapshotView_->setSnapshot(snapshot);
  summary_->setResult(nullptr, nullptr);
  findings_->setReport(nullptr);
  details_->setReport(nullptr);
  scripts_->setReport(nullptr);
  runLog_->setReport(nullptr);
  tabs_->setCurrentIndex(AnalyzeTab);
  updateActions();
  emit snapshotLoaded();
}

void MainWindow::runAnalysis() {
  if (!snapshot_.catalog || analysisTask_->isRunning()) return;
  const QString invalid = analyze_->validationError();
  if (!invalid.isEmpty()) {
    showError(tr("Invalid check option"), tr("%1\n\nCorrect the value in the Analyze tab.").arg(invalid));
    return;
  }
  analyze_->setRunning(true);
  analysisTask_->start(host_, snapshot_.catalog, analyze_->request());
  statusBar()->showMessage(tr("Analyzing…"));
  updateActions();
}

void MainWindow::cancelAnalysis() {
  if (!analysisTask_->isRunning()) return;
  analysisTask_->cancel();
  analyze_->setStatus(tr("Cancelling: waiting for the running plugins to stop…"));
}

void MainWindow::showOutcome(std::shared_ptr<const AnalysisOutcome> outcome) {
  outcome_ = std::move(outcome);
  analyze_->setRunning(false);
  const engine::Report& r = outcome_->report;
  auto report = std::shared_ptr<const engine::Report>(outcome_, &outcome_->report);
  summary_->setResult(outcome_, snapshot_.catalog);
  findings_->setReport(report);
  details_->setReport(report);
  scripts_->setReport(report);
  runLog_->setReport(report);
  int failed = 0;
  for (const auto& run : r.runs) failed += run.status == "failed" || run.status == "refused";
  const auto& c = r.summary.by_priority;
  const QString line = r.cancelled ? tr("Cancelled: the findings are incomplete (%1 so far).").arg(r.items.size())
                                   : tr("%1 findings: P1 %2 · P2 %3 · P3 %4 · info %5%6")
                                         .arg(r.items.size())
                                         .arg(c.p1)
                                         .arg(c.p2)
                                         .arg(c.p3)
                                         .arg(c.info)
                                         .arg(failed ? tr(" — %1 plugin(s) failed or refused: see Run log").arg(failed)
                                                     : QString());
  analyze_->setStatus(line);
  statusBar()->showMessage(line);
  if (!r.cancelled) tabs_->setCurrentIndex(SummaryTab);
  updateActions();
  emit analysisFinished();
}

bool MainWindow::exportReport(const QString& file) {
  if (!outcome_) {
    showError(tr("Nothing to export"), tr("Run an analysis first (F5)."));
    return false;
  }
  QApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    const auto written = export_report_file(outcome_->report, file.toStdString());
    QApplication::restoreOverrideCursor();
    QStringList names;
    for (const auto& f : written) names << q(f.filename().string());
    statusBar()->showMessage(tr("Wrote %1 in %2").arg(names.join(", "), QFileInfo(file).absolutePath()));
    settings_.setLastDirectory(QFileInfo(file).absolutePath());
    return true;
  } catch (const std::exception& e) {
    QApplication::restoreOverrideCursor();
    showError(tr("Export failed"),
              tr("%1\n\nNothing half-written was left. Choose another folder or check its permissions and free space.")
                  .arg(q(e.what())));
    return false;
  }
}

void MainWindow::exportDialog(const QString& filter) {
  if (!outcome_) return;
  const QString base = settings_.lastDirectory() + "/" + q(outcome_->report.database).replace('/', '_') + "-report";
  const QString filters = tr("Markdown (*.md);;PDF (*.pdf);;JSON (*.json)");
  QString selected = filter == "*.pdf" ? tr("PDF (*.pdf)") : filter == "*.json" ? tr("JSON (*.json)") : tr("Markdown (*.md)");
  const QString ext = filter.isEmpty() ? ".md" : filter.mid(1);
  const QString file = QFileDialog::getSaveFileName(this, tr("Export report (apply.sql and rollback.sql are written next to it)"),
                                                    base + ext, filters, &selected);
  if (file.isEmpty()) return;
  QString out = file;
  if (!export_format_for(out.toStdString())) {
    // No or unknown extension: take it from the chosen filter.
    out += selected.contains("*.pdf") ? ".pdf" : selected.contains("*.json") ? ".json" : ".md";
  }
  exportReport(out);
}

void MainWindow::exportScriptsDialog() {
  if (!outcome_) return;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for apply.sql and rollback.sql"),
                                                        settings_.lastDirectory());
  if (dir.isEmpty()) return;
  exportReport(dir + "/apply.sql");
}

void MainWindow::startCapture(const ConnectionProfile& profile, const QString& password) {
  // The Analyze tab's check options also bound the capture's probes (row caps, timeouts), as
  // `dbopt analyze --conn --set …` does.
  const QString invalid = analyze_->validationError();
  if (!invalid.isEmpty()) {
    showError(tr("Invalid check option"),
              tr("%1\n\nCorrect the value in the Analyze tab: plugin options also apply to the capture's probes.")
                  .arg(invalid));
    return;
  }
  auto* dialog = new CaptureDialog(profile, password, host_, analyze_->request().settings, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &CaptureDialog::captured, this, [this](const LoadedSnapshot& s) {
    onSnapshotLoaded(s);
    statusBar()->showMessage(s.file.empty() ? tr("Captured. Press F5 to analyze.")
                                            : tr("Captured and saved to %1. Press F5 to analyze.").arg(q(s.file.string())));
  });
  dialog->open();
}

void MainWindow::showError(const QString& title, const QString& message) {
  emit errorReported(title, message);
  if (interactive_) QMessageBox::critical(this, title, message);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  analysisTask_->cancel();
  snapshotTask_->cancel();
  settings_.setWindowGeometry(saveGeometry());
  settings_.setWindowState(saveState());
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const QMimeData* mime = event->mimeData();
  if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  event->acceptProposedAction();
  openSnapshot(urls.first().toLocalFile());
}

}  // namespace dbopt::studio
