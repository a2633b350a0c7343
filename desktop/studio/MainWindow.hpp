// The Studio's main window: Sources dock, the Analyze tab and the report workspace tabs
// (Summary, Findings, Details, Scripts, Run log, Snapshot), menus and shortcuts (Open Ctrl+O, Export
// Ctrl+E, Run F5), drag-and-drop of snapshot files, remembered geometry and last directory,
// and clear error dialogs. Long work runs off the UI thread (SnapshotTask, AnalysisTask).
#pragma once

#include <QMainWindow>

#include <filesystem>
#include <memory>
#include <vector>

#include "AnalysisTask.hpp"
#include "ConnectionProfile.hpp"
#include "Pipeline.hpp"
#include "SnapshotTask.hpp"
#include "StudioSettings.hpp"

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace dbopt::studio {

class AnalyzePanel;
class DetailsView;
class FindingsView;
class PasswordStore;
class RunLogView;
class ScriptsView;
class SnapshotView;
class SourcesPanel;
class SummaryView;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  /// Loads the plugins like the CLI (`extraPluginDirs` first, then the default search path).
  explicit MainWindow(const std::vector<std::filesystem::path>& extraPluginDirs = {}, QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Tab order of the workspace.
  enum Tab { AnalyzeTab, SummaryTab, FindingsTab, DetailsTab, ScriptsTab, RunLogTab, SnapshotTab };

  /// Reads `file` off the UI thread; snapshotLoaded() or an error follows.
  void openSnapshot(const QString& file);
  /// Runs the plugins checked in the Analyze tab on the current snapshot (F5).
  void runAnalysis();
  /// Cancels the running analysis.
  void cancelAnalysis();
  /// Writes the current report to `file` (.md, .pdf, .json; .sql = apply.sql + rollback.sql in
  /// its directory) through the engine's exporters. Returns false after reporting the error.
  bool exportReport(const QString& file);
  /// Shows a finished (or cancelled) analysis of the current snapshot in every workspace tab and
  /// emits analysisFinished() (AnalysisTask::finished lands here; tests pass a hand-built one).
  void showOutcome(std::shared_ptr<const AnalysisOutcome> outcome);

  /// When false, errors are only emitted (errorReported) instead of shown in a modal dialog
  /// (tests, screenshot mode).
  void setInteractive(bool interactive) { interactive_ = interactive; }

  std::shared_ptr<const engine::PluginHost> host() const { return host_; }
  const LoadedSnapshot& snapshot() const { return snapshot_; }
  std::shared_ptr<const AnalysisOutcome> outcome() const { return outcome_; }
  QTabWidget* tabs() const { return tabs_; }
  AnalyzePanel* analyzePanel() const { return analyze_; }
  SummaryView* summaryView() const { return summary_; }
  FindingsView* findingsView() const { return findings_; }
  DetailsView* detailsView() const { return details_; }
  ScriptsView* scriptsView() const { return scripts_; }
  RunLogView* runLogView() const { return runLog_; }
  SnapshotView* snapshotView() const { return snapshotView_; }
  SourcesPanel* sourcesPanel() const { return sources_; }
  AnalysisTask* analysisTask() const { return analysisTask_; }

 signals:
  void snapshotLoaded();
  /// The analysis ended (also when cancelled: outcome()->report.cancelled).
  void analysisFinished();
  /// An error was reported to the user: `title` says what failed, `message` why and what to do.
  void errorReported(const QString& title, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void openDialog();
  void exportDialog(const QString& filter);
  void exportScriptsDialog();
  void updateActions();
  void updateRecent();
  void onSnapshotLoaded(const LoadedSnapshot& snapshot);
  void showError(const QString& title, const QString& message);
  void startCapture(const ConnectionProfile& profile, const QString& password);

  StudioSettings settings_;
  std::shared_ptr<engine::PluginHost> host_;
  LoadedSnapshot snapshot_;
  std::shared_ptr<const AnalysisOutcome> outcome_;
  bool interactive_ = true;

  PasswordStore* passwords_;
  SnapshotTask* snapshotTask_;
  AnalysisTask* analysisTask_;
  QTabWidget* tabs_;
  AnalyzePanel* analyze_;
  SummaryView* summary_;
  FindingsView* findings_;
  DetailsView* details_;
  ScriptsView* scripts_;
  RunLogView* runLog_;
  SnapshotView* snapshotView_;
  SourcesPanel* sources_;
  QLabel* statusSource_;
  QMenu* recentMenu_;
  QAction* exportAction_;
  QAction* exportMenuActions_[4];
  QAction* runAction_;
  QAction* cancelAction_;
};

}  // namespace dbopt::studio
