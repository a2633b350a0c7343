// The Analyze tab: the source to analyze, the plugins (checkbox list with description, version,
// phase and state; refused/failed libraries shown with their error), the check options of the
// selected plugin (defaults shown, every edit validated in place with sdk::parse_option_value),
// and Run / Cancel with per-plugin progress.
#pragma once

#include <QMap>
#include <QWidget>

#include <memory>

#include "Pipeline.hpp"

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace dbopt::studio {

class AnalyzePanel : public QWidget {
  Q_OBJECT
 public:
  explicit AnalyzePanel(QWidget* parent = nullptr);

  /// Lists the plugins of `host` (every record, loaded or not), all loaded ones checked.
  void setHost(std::shared_ptr<const engine::PluginHost> host);
  /// The snapshot that Run will analyze (null: Run is disabled).
  void setSource(const LoadedSnapshot& snapshot);

  /// The run the user configured: `only` is empty when every loaded plugin is checked (as the
  /// CLI without --only), settings hold the values that differ from the defaults.
  AnalysisRequest request() const;
  /// "" when every option value is valid, else the first error (parse_option_value's message).
  QString validationError() const;

  /// Sets the option `name` of `pluginId` as if typed (for tests and scripted runs); returns
  /// validationError() afterwards.
  QString setOptionValue(const QString& pluginId, const QString& name, const QString& value);
  /// Checks or unchecks a plugin.
  void setPluginChecked(const QString& pluginId, bool checked);

  /// Run state: disables editing, shows Cancel and the progress bar.
  void setRunning(bool running);
  /// One engine::RunProgress event.
  void showProgress(const QString& pluginId, const QString& event, int done, int total);
  /// Final line under the progress bar ("42 findings in 1.3 s", "cancelled", an error…).
  void setStatus(const QString& text);

  QTreeWidget* pluginTree() const { return plugins_; }
  QTableWidget* optionTable() const { return options_; }
  QPushButton* runButton() const { return run_; }

 signals:
  void runRequested();
  void cancelRequested();

 private:
  void showOptions(QTreeWidgetItem* item);
  void onOptionEdited(int row, int column);
  void updateRunButton();
  QTreeWidgetItem* pluginItem(const QString& pluginId) const;

  std::shared_ptr<const engine::PluginHost> host_;
  bool hasSource_ = false;
  bool running_ = false;
  bool filling_ = false;
  QString shownPlugin_;
  QMap<QString, QMap<QString, QString>> values_;  ///< plugin id → option → text as typed
  QMap<QString, QString> errors_;                 ///< "id.option" → parse_option_value error

  QLabel* source_;
  QTreeWidget* plugins_;
  QLabel* optionsTitle_;
  QTableWidget* options_;
  QLabel* validation_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
};

}  // namespace dbopt::studio
