#include "FindingsView.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <set>

#include "FindingDetail.hpp"
#include "FindingsModel.hpp"
#include "PriorityStyle.hpp"

namespace dbopt::studio {

FindingsView::FindingsView(QWidget* parent) : QWidget(parent) {
  model_ = new FindingsModel(this);
  filter_ = new FindingsFilter(this);
  filter_->setSourceModel(model_);

  auto* bar = new QHBoxLayout;
  bar->setSpacing(6);
  search_ = new QLineEdit(this);
  search_->setPlaceholderText(tr("Search id, check, object, title, explanation…"));
  search_->setClearButtonEnabled(true);
  bar->addWidget(search_, 3);
  bar->addSpacing(8);
  for (int p = 0; p < 4; ++p) {
    auto* b = new QToolButton(this);
    const auto priority = static_cast<engine::Priority>(p);
    b->setText(priorityLabel(priority));
    b->setCheckable(true);
    b->setChecked(true);
    b->setToolTip(tr("Show %1 findings").arg(priorityLabel(priority)));
    b->setStyleSheet(QString("QToolButton { padding: 3px 10px; border: 1px solid %1; border-radius: 4px; }"
                             "QToolButton:checked { background: %1; color: %2; font-weight: bold; }")
                         .arg(priorityColor(priority).name(), priorityTextColor(priority).name()));
    connect(b, &QToolButton::toggled, this, &FindingsView::applyPriorityFilter);
    priorityButtons_[p] = b;
    bar->addWidget(b);
  }
  bar->addSpacing(8);
  plugin_ = new QComboBox(this);
  plugin_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  plugin_->addItem(tr("All plugins"));
  bar->addWidget(plugin_);
  count_ = new QLabel(this);
  count_->setMinimumWidth(140);
  count_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  bar->addWidget(count_);

  table_ = new QTableView(this);
  table_->setModel(filter_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(FindingsModel::Id, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->setTextElideMode(Qt::ElideRight);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 12);
  table_->setItemDelegateForColumn(FindingsModel::Priority, new PriorityBadgeDelegate(table_));
  auto* header = table_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::Interactive);
  header->setStretchLastSection(false);
  header->setSectionResizeMode(FindingsModel::Title, QHeaderView::Stretch);
  header->resizeSection(FindingsModel::Id, 64);
  header->resizeSection(FindingsModel::Priority, 78);
  header->resizeSection(FindingsModel::Plugin, 130);
  header->resizeSection(FindingsModel::Check, 230);
  header->resizeSection(FindingsModel::Object, 220);
  header->resizeSection(FindingsModel::Impact, 200);

  detail_ = new FindingDetail(this);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(table_);
  split->addWidget(detail_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({330, 470});
  split->setChildrenCollapsible(false);

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 8, 8, 8);
  v->addLayout(bar);
  v->addWidget(split, 1);

  connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
    filter_->setSearchText(t);
    updateCount();
  });
  connect(plugin_, &QComboBox::currentIndexChanged, this, [this](int index) {
    filter_->setPlugins(index <= 0 ? QSet<QString>{} : QSet<QString>{plugin_->itemText(index)});
    updateCount();
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FindingsView::showCurrent);
  connect(detail_, &FindingDetail::exhibitActivated, this, &FindingsView::exhibitActivated);
  updateCount();
}

void FindingsView::setReport(std::shared_ptr<const engine::Report> report) {
  detail_->showItem(nullptr);
  model_->setReport(report);
  const QSignalBlocker block(plugin_);
  plugin_->clear();
  plugin_->addItem(tr("All plugins"));
  std::set<std::string> ids;
  if (report)
    for (const auto& item : report->items) ids.insert(item.plugin_id);
  for (const auto& id : ids) plugin_->addItem(QString::fromStdString(id));
  filter_->setPlugins({});
  updateCount();
  if (filter_->rowCount() > 0) table_->selectRow(0);
}

void FindingsView::applyPriorityFilter() {
  QSet<int> allowed;
  for (int p = 0; p < 4; ++p)
    if (priorityButtons_[p]->isChecked()) allowed.insert(p);
  // All four = no filter; none = show nothing (an impossible priority).
  filter_->setPriorities(allowed.size() == 4 ? QSet<int>{} : (allowed.isEmpty() ? QSet<int>{-1} : allowed));
  updateCount();
}

void FindingsView::updateCount() {
  count_->setText(tr("%1 of %2 findings").arg(filter_->rowCount()).arg(model_->rowCount()));
}

void FindingsView::showCurrent() {
  const QModelIndex current = table_->selectionModel()->currentIndex();
  if (!current.isValid()) {
    detail_->showItem(nullptr);
    return;
  }
  const engine::ReportItem* item = model_->item(filter_->mapToSource(current).row());
  QString exhibitTitle;
  if (item && item->finding.exhibit && model_->report())
    for (const engine::ReportExhibit& e : model_->report()->exhibits)
      if (e.exhibit.id == *item->finding.exhibit) exhibitTitle = QString::fromStdString(e.exhibit.title);
  detail_->showItem(item, exhibitTitle);
}

void FindingsView::clearFilters() {
  search_->clear();
  plugin_->setCurrentIndex(0);
  for (QToolButton* b : priorityButtons_) b->setChecked(true);
}

bool FindingsView::selectFinding(const QString& id) {
  int source = -1;
  for (int row = 0; row < model_->rowCount(); ++row)
    if (model_->index(row, FindingsModel::Id).data(Qt::DisplayRole).toString() == id) source = row;
  if (source < 0) return false;
  QModelIndex shown = filter_->mapFromSource(model_->index(source, 0));
  if (!shown.isValid()) {
    clearFilters();
    shown = filter_->mapFromSource(model_->index(source, 0));
  }
  if (!shown.isValid()) return false;
  table_->selectRow(shown.row());
  table_->scrollTo(shown);
  return true;
}

}  // namespace dbopt::studio
