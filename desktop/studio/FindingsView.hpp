// The Findings tab: filter bar (text search, priority toggles, plugin), the sortable findings
// table (FindingsModel + FindingsFilter) and the detail pane (FindingDetail).
#pragma once

#include <QWidget>

#include <memory>

#include "report/report.hpp"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace dbopt::studio {

class FindingDetail;
class FindingsFilter;
class FindingsModel;

class FindingsView : public QWidget {
  Q_OBJECT
 public:
  explicit FindingsView(QWidget* parent = nullptr);
  void setReport(std::shared_ptr<const engine::Report> report);

  FindingsModel* model() const { return model_; }
  FindingsFilter* filter() const { return filter_; }
  QTableView* table() const { return table_; }
  FindingDetail* detail() const { return detail_; }
  QLineEdit* searchBox() const { return search_; }
  QComboBox* pluginBox() const { return plugin_; }
  /// The checkable button of a priority (engine::Priority as int).
  QToolButton* priorityButton(int priority) const { return priorityButtons_[priority]; }
  /// Selects the item whose ReportItem::id is `id` (clearing the filters when they hide it) and
  /// scrolls to it. False when the report has no such item.
  bool selectFinding(const QString& id);

 signals:
  /// The detail pane's exhibit link was clicked (sdk::Exhibit::id).
  void exhibitActivated(const QString& id);

 private:
  void applyPriorityFilter();
  void updateCount();
  void showCurrent();
  void clearFilters();

  FindingsModel* model_;
  FindingsFilter* filter_;
  QTableView* table_;
  FindingDetail* detail_;
  QLineEdit* search_;
  QComboBox* plugin_;
  QToolButton* priorityButtons_[4];
  QLabel* count_;
};

}  // namespace dbopt::studio
