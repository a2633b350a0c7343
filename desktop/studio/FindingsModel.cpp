#include "FindingsModel.hpp"

#include <cmath>

#include "PriorityStyle.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// The impact column: the plugin's own one-line summary, else the speedup or storage change.
QString impactText(const sdk::Impact& impact) {
  if (!impact.summary.empty()) return q(impact.summary);
  if (impact.speedup) return q("up to " + sdk::sql::format_speedup(*impact.speedup) + " faster");
  if (impact.storage_delta_bytes) return q(sdk::sql::format_bytes(*impact.storage_delta_bytes));
  return {};
}

}  // namespace

void FindingsModel::setReport(std::shared_ptr<const engine::Report> report) {
  beginResetModel();
  report_ = std::move(report);
  rows_.clear();
  if (report_) {
    rows_.reserve(static_cast<int>(report_->items.size()));
    for (const engine::ReportItem& item : report_->items) {
      Row r;
      r.cells[Id] = q(item.id);
      r.cells[Priority] = priorityLabel(item.priority);
      r.cells[Plugin] = q(item.plugin_id);
      r.cells[Check] = q(item.finding.check_id);
      r.cells[Object] = q(item.object);
      // One line in the table; the detail pane shows the title as written.
      r.cells[Title] = q(item.finding.title).simplified();
      r.cells[Impact] = impactText(item.finding.impact);
      QStringList all;
      for (const QString& c : r.cells) all << c;
      all << q(item.finding.detail);
      r.search = all.join('\n').toLower();
      const auto& impact = item.finding.impact;
      r.impactKey = impact.speedup ? *impact.speedup
                                   : (impact.storage_delta_bytes ? std::fabs(double(*impact.storage_delta_bytes)) / 1e12
                                                                 : 0.0);
      rows_.push_back(std::move(r));
    }
  }
  endResetModel();
}

const engine::ReportItem* FindingsModel::item(int row) const {
  if (!report_ || row < 0 || row >= rows_.size()) return nullptr;
  return &report_->items[static_cast<std::size_t>(row)];
}

int FindingsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int FindingsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FindingsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const Row& r = rows_[index.row()];
  const engine::ReportItem& it = report_->items[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return index.column() == Priority ? QVariant() : QVariant(r.cells[index.column()]);
    case Qt::ToolTipRole:
      if (index.column() == Priority)
        return QString("%1 — severity %2").arg(r.cells[Priority], q(sdk::to_string(it.severity)));
      return r.cells[index.column()];
    case Qt::UserRole:
      return index.column() == Priority ? QVariant(static_cast<int>(it.priority)) : QVariant();
    case SortRole:
      switch (index.column()) {
        case Id: return index.row();  // report order
        case Priority: return static_cast<int>(it.priority) * 100000 + index.row();
        case Impact: return r.impactKey;
        default: return r.cells[index.column()].toLower();
      }
    case SearchRole: return r.search;
    case ItemIndexRole: return index.row();
    default: return {};
  }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const kNames[ColumnCount] = {"Id", "Priority", "Plugin", "Check", "Object", "Title",
                                                  "Estimated impact"};
  return section >= 0 && section < ColumnCount ? QString::fromLatin1(kNames[section]) : QVariant();
}

FindingsFilter::FindingsFilter(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(FindingsModel::SortRole);
  setDynamicSortFilter(true);
}

void FindingsFilter::setSearchText(const QString& text) {
  words_ = text.toLower().split(' ', Qt::SkipEmptyParts);
  invalidateRowsFilter();
}

void FindingsFilter::setPriorities(const QSet<int>& priorities) {
  priorities_ = priorities;
  invalidateRowsFilter();
}

void FindingsFilter::setPlugins(const QSet<QString>& plugins) {
  plugins_ = plugins;
  invalidateRowsFilter();
}

bool FindingsFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* m = sourceModel();
  if (!priorities_.isEmpty() &&
      !priorities_.contains(m->index(sourceRow, FindingsModel::Priority, sourceParent).data(Qt::UserRole).toInt()))
    return false;
  if (!plugins_.isEmpty() &&
      !plugins_.contains(m->index(sourceRow, FindingsModel::Plugin, sourceParent).data(Qt::DisplayRole).toString()))
    return false;
  if (words_.isEmpty()) return true;
  const QString search = m->index(sourceRow, 0, sourceParent).data(FindingsModel::SearchRole).toString();
  for (const QString& w : words_)
    if (!search.contains(w)) return false;
  return true;
}

}  // namespace dbopt::studio
