#include "SnapshotView.hpp"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// A text cell (sorted case-insensitively).
QStandardItem* text(const QString& s) {
  auto* item = new QStandardItem(s);
  item->setData(s.toLower(), Qt::UserRole);
  item->setToolTip(s);
  item->setEditable(false);
  return item;
}

/// A number cell shown formatted, sorted by value.
QStandardItem* number(double value, const QString& shown) {
  auto* item = new QStandardItem(shown);
  item->setData(value, Qt::UserRole);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  item->setEditable(false);
  return item;
}

QStandardItem* bytes(std::int64_t b) { return number(double(b), q(sdk::sql::format_bytes(b))); }
QStandardItem* count(std::int64_t n) { return number(double(n), q(sdk::sql::format_count(n))); }

}  // namespace

SnapshotView::SnapshotView(QWidget* parent) : QWidget(parent) {
  auto* box = new QGroupBox(tr("Provenance"), this);
  provenance_ = new QFormLayout(box);
  provenance_->setLabelAlignment(Qt::AlignRight);
  provenance_->setHorizontalSpacing(16);

  settings_ = new QStandardItemModel(0, 6, this);
  settings_->setHorizontalHeaderLabels({tr("name"), tr("setting"), tr("unit"), tr("source"), tr("context"),
                                        tr("boot_val")});
  tables_ = new QStandardItemModel(0, 10, this);
  tables_->setHorizontalHeaderLabels({tr("table"), tr("reltuples"), tr("heap"), tr("TOAST"), tr("indexes"),
                                      tr("total"), tr("n_live_tup"), tr("n_dead_tup"), tr("seq_scan"),
                                      tr("idx_scan")});
  settingsProxy_ = new QSortFilterProxyModel(this);
  settingsProxy_->setSourceModel(settings_);
  tablesProxy_ = new QSortFilterProxyModel(this);
  tablesProxy_->setSourceModel(tables_);

  search_ = new QLineEdit(this);
  search_->setPlaceholderText(tr("Filter settings and tables…"));
  search_->setClearButtonEnabled(true);
  connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
    settingsProxy_->setFilterFixedString(t);
    tablesProxy_->setFilterFixedString(t);
  });

  tabs_ = new QTabWidget(this);
  tabs_->addTab(makeTable(tablesProxy_), tr("Tables"));
  tabs_->addTab(makeTable(settingsProxy_), tr("Settings"));

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 8, 8, 8);
  v->addWidget(box);
  v->addWidget(search_);
  v->addWidget(tabs_, 1);
  setSnapshot({});
}

QTableView* SnapshotView::makeTable(QSortFilterProxyModel* proxy) {
  proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy->setFilterKeyColumn(-1);
  proxy->setSortRole(Qt::UserRole);
  auto* view = new QTableView(this);
  view->setModel(proxy);
  view->setSortingEnabled(true);
  view->sortByColumn(0, Qt::AscendingOrder);
  view->setAlternatingRowColors(true);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setWordWrap(false);
  view->verticalHeader()->hide();
  view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
  view->horizontalHeader()->setStretchLastSection(true);
  view->horizontalHeader()->setDefaultSectionSize(92);
  view->horizontalHeader()->resizeSection(0, 280);
  return view;
}

void SnapshotView::setSnapshot(const LoadedSnapshot& loaded) {
  while (provenance_->rowCount() > 0) provenance_->removeRow(0);
  settings_->removeRows(0, settings_->rowCount());
  tables_->removeRows(0, tables_->rowCount());
  auto row = [this](const QString& label, const QString& value) {
    auto* l = new QLabel(value);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    provenance_->addRow(label, l);
  };
  if (!loaded.catalog) {
    row(tr("Snapshot"), tr("none — open a snapshot file (Ctrl+O, or drop it here) or capture a database"));
    return;
  }
  const sdk::Snapshot& s = loaded.catalog->snapshot();
  const sdk::Provenance& p = s.provenance;
  row(tr("File"), loaded.file.empty() ? tr("(captured, not saved)") : q(loaded.file.string()));
  row(tr("Database"), tr("%1 on %2:%3 as %4").arg(q(s.server.database), q(p.host), q(p.port), q(p.user)));
  row(tr("Server"), q(s.server.version));
  row(tr("Captured"), tr("%1 by dbopt %2").arg(q(p.captured_at), q(p.dbopt_version)));
  const sdk::HardwareInfo& hw = s.hardware;
  row(tr("Hardware"), tr("RAM %1 · cores %2 · storage %3")
                          .arg(hw.ram_bytes ? q(sdk::sql::format_bytes(*hw.ram_bytes)) : tr("not given"),
                               hw.cpu_cores ? QString::number(*hw.cpu_cores) : tr("not given"),
                               hw.storage ? q(*hw.storage) : tr("not given")));
  int failed = 0;
  for (const auto& o : p.probes) failed += o.status != "ok";
  row(tr("Contents"), tr("%1 tables, %2 indexes, %3 settings, %4 · %5 capture steps, %6 not ok")
                          .arg(s.tables.size())
                          .arg(s.indexes.size())
                          .arg(s.settings.size())
                          .arg(s.statements ? tr("%1 statements").arg(s.statements->size())
                                            : tr("no pg_stat_statements"))
                          .arg(p.probes.size())
                          .arg(failed));

  for (const sdk::Setting& st : s.settings)
    settings_->appendRow({text(q(st.name)), text(q(st.setting)), text(q(st.unit.value_or(""))), text(q(st.source)),
                          text(q(st.context)), text(q(st.boot_val.value_or("")))});
  for (const sdk::Table& t : s.tables) {
    QList<QStandardItem*> r{text(q(sdk::sql::qualified_name(t.schemaname, t.relname))),
                            t.reltuples ? number(*t.reltuples, q(sdk::sql::format_count(std::int64_t(*t.reltuples))))
                                        : number(-1, tr("unknown")),
                            bytes(t.heap_bytes),
                            bytes(t.toast_bytes),
                            bytes(t.indexes_bytes),
                            bytes(t.total_bytes)};
    if (t.stat) {
      r << count(t.stat->n_live_tup) << count(t.stat->n_dead_tup) << count(t.stat->seq_scan)
        << (t.stat->idx_scan ? count(*t.stat->idx_scan) : number(-1, tr("no index")));
    } else {
      for (int i = 0; i < 4; ++i) r << number(-1, tr("n/a"));
    }
    tables_->appendRow(r);
  }
}

}  // namespace dbopt::studio
