// The Findings tab's data: one row per report item (engine::ReportItem), and the proxy that
// sorts and filters it (text search, priority and plugin filters). Built for thousands of rows:
// display strings and the lower-cased search text are computed once per report.
#pragma once

#include <QAbstractTableModel>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QString>
#include <QVector>

#include <memory>

#include "report/report.hpp"

namespace dbopt::studio {

/// Rows = report.items in report order. Columns: Id, Priority, Plugin, Check, Object, Title,
/// Impact. Qt::DisplayRole is plain text (never interpreted as HTML); the Priority column's
/// Qt::UserRole is the int engine::Priority (PriorityBadgeDelegate); SortRole gives a key that
/// sorts numerically where the column is a number or a priority.
class FindingsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Id, Priority, Plugin, Check, Object, Title, Impact, ColumnCount };
  enum Role { SortRole = Qt::UserRole + 1, SearchRole, ItemIndexRole };

  explicit FindingsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  /// Shows the items of `report` (kept alive by the model); null clears.
  void setReport(std::shared_ptr<const engine::Report> report);
  const engine::Report* report() const { return report_.get(); }
  /// The item of a source row, or nullptr.
  const engine::ReportItem* item(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  struct Row {
    QString cells[ColumnCount];
    QString search;  ///< every cell + detail, lower-cased
    double impactKey = 0;  ///< speedup, else |storage delta| in bytes, for sorting
  };
  std::shared_ptr<const engine::Report> report_;
  QVector<Row> rows_;
};

/// Filters FindingsModel rows: every word of the search text must occur (case-insensitive) in
/// the row's search text; the priority and the plugin must be in the allowed sets (empty set =
/// all). Sorting uses FindingsModel::SortRole.
class FindingsFilter : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit FindingsFilter(QObject* parent = nullptr);
  void setSearchText(const QString& text);
  /// Priorities to show; empty = all.
  void setPriorities(const QSet<int>& priorities);
  /// Plugin ids to show; empty = all.
  void setPlugins(const QSet<QString>& plugins);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QStringList words_;
  QSet<int> priorities_;
  QSet<QString> plugins_;
};

}  // namespace dbopt::studio
