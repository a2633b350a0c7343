// Connect and capture (issue 4, "Capture"): the capture options of `dbopt capture` (timeouts,
// save-snapshot path, statements to EXPLAIN (`--explain FILE [--analyze]`), server hardware for
// the config tuner), run off the UI thread by a
// SnapshotTask with a progress bar per capture step and a working Cancel.
#pragma once

#include <QDialog>

#include <memory>
#include <vector>

#include "ConnectionProfile.hpp"
#include "Pipeline.hpp"
#include "SnapshotTask.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace dbopt::studio {

class CaptureDialog : public QDialog {
  Q_OBJECT
 public:
  /// `password`: from the keychain or "" (the user may type one). `probeSettings`: the plugin options
  /// of the Analyze tab ("plugin-id.option" → value), passed to the capture's probes
  /// (CaptureRequest::settings); empty = every plugin's defaults.
  CaptureDialog(const ConnectionProfile& profile, const QString& password,
                std::shared_ptr<const engine::PluginHost> host, std::vector<engine::OptionSetting> probeSettings = {},
                QWidget* parent = nullptr);

  /// The capture request of the form (conninfo with the typed password). When a statement file
  /// is set, reads it (engine::explain_statements_of) into CaptureRequest::explain_statements,
  /// with explain_analyze from the "Execute them" box. Throws std::invalid_argument naming a bad
  /// hardware field, or naming the statement file and its problem (cannot be read, does not
  /// parse — the parser's message —, no SQL statement in it).
  CaptureRequest request() const;

 signals:
  /// The capture finished (and was saved, when a path was given).
  void captured(const dbopt::studio::LoadedSnapshot& snapshot);

 protected:
  void reject() override;  ///< cancels a running capture first

 private:
  void start();
  void setBusy(bool busy);

  ConnectionProfile profile_;
  std::shared_ptr<const engine::PluginHost> host_;
  std::vector<engine::OptionSetting> settings_;  ///< plugin options for the probes
  SnapshotTask* task_;
  QLineEdit* password_;
  QSpinBox* statementTimeout_;
  QSpinBox* lockTimeout_;
  QSpinBox* connectTimeout_;
  QLineEdit* savePath_;
  QLineEdit* explainFile_;       ///< .sql file of statements to EXPLAIN; "" = none (objectName "explain-file")
  QPushButton* explainBrowse_;   ///< objectName "explain-browse"
  QCheckBox* explainAnalyze_;    ///< EXPLAIN ANALYZE; enabled only with a file (objectName "explain-analyze")
  QLineEdit* ram_;
  QSpinBox* cores_;
  QComboBox* storage_;
  QProgressBar* progress_;
  QLabel* status_;
  QPushButton* capture_;
  QPushButton* cancel_;
};

}  // namespace dbopt::studio
