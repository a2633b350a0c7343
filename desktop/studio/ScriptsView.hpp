// The Scripts tab: the report's implementation scripts by category (engine::CategoryScript:
// indexes, vacuum, config, schema, application), apply and rollback side by side, each savable.
// "Save apply.sql + rollback.sql…" writes the combined scripts exactly as `dbopt analyze` does.
#pragma once

#include <QWidget>

#include <memory>

#include "report/report.hpp"

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace dbopt::studio {

class ScriptsView : public QWidget {
  Q_OBJECT
 public:
  explicit ScriptsView(QWidget* parent = nullptr);
  void setReport(std::shared_ptr<const engine::Report> report);

 signals:
  /// The user asked to save apply.sql and rollback.sql (MainWindow exports them).
  void saveAllRequested();

 private:
  void showCategory(int row);
  void saveCurrent(bool rollback);

  std::shared_ptr<const engine::Report> report_;
  QListWidget* categories_;
  QLabel* note_;
  QPlainTextEdit* apply_;
  QPlainTextEdit* rollback_;
  QPushButton* saveApply_;
  QPushButton* saveRollback_;
  QPushButton* saveAll_;
};

}  // namespace dbopt::studio
