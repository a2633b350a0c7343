// The Run log tab: each plugin of the run with version, phase, duration, state, findings and
// error (engine::PluginRun), the lines it logged, and the capture steps/probes that failed, were
// skipped or left data out (Report::capture_issues).
#pragma once

#include <QWidget>

#include <memory>

#include "report/report.hpp"

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace dbopt::studio {

class RunLogView : public QWidget {
  Q_OBJECT
 public:
  explicit RunLogView(QWidget* parent = nullptr);
  void setReport(std::shared_ptr<const engine::Report> report);
  QTableWidget* runsTable() const { return runs_; }

 private:
  void showLog(int row);

  std::shared_ptr<const engine::Report> report_;
  QTableWidget* runs_;
  QPlainTextEdit* log_;
  QTableWidget* capture_;
  QLabel* captureTitle_;
};

}  // namespace dbopt::studio
