// The Snapshot tab: where the data came from (sdk::Provenance, server, hardware) and searchable
// tables of the captured settings (pg_settings) and tables (pg_class + pg_stat_user_tables).
#pragma once

#include <QWidget>

#include <memory>

#include "Pipeline.hpp"

class QFormLayout;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace dbopt::studio {

class SnapshotView : public QWidget {
  Q_OBJECT
 public:
  explicit SnapshotView(QWidget* parent = nullptr);
  /// Shows `snapshot` (null clears).
  void setSnapshot(const LoadedSnapshot& snapshot);

  QLineEdit* searchBox() const { return search_; }
  QSortFilterProxyModel* tablesProxy() const { return tablesProxy_; }
  QSortFilterProxyModel* settingsProxy() const { return settingsProxy_; }

 private:
  QTableView* makeTable(QSortFilterProxyModel* proxy);

  QFormLayout* provenance_;
  QLineEdit* search_;
  QTabWidget* tabs_;
  QStandardItemModel* settings_;
  QStandardItemModel* tables_;
  QSortFilterProxyModel* settingsProxy_;
  QSortFilterProxyModel* tablesProxy_;
};

}  // namespace dbopt::studio
