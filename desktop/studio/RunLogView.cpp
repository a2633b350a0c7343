#include "RunLogView.hpp"
#include "Labels.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "SqlHighlighter.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QTableWidget* table(const QStringList& headers, QWidget* parent) {
  auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
  t->setHorizontalHeaderLabels(headers);
  t->verticalHeader()->hide();
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  t->setSelectionMode(QAbstractItemView::SingleSelection);
  t->setAlternatingRowColors(true);
  t->setWordWrap(false);
  t->horizontalHeader()->setStretchLastSection(true);
  return t;
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(align);
  item->setToolTip(text);
  return item;
}

QColor statusColor(const std::string& status) {
  if (status == "ok") return QColor(0x2e, 0x7d, 0x32);
  if (status == "cancelled" || status == "skipped") return QColor(0xef, 0x6c, 0x00);
  return QColor(0xc6, 0x28, 0x28);
}

}  // namespace

RunLogView::RunLogView(QWidget* parent) : QWidget(parent) {
  runs_ = table({tr("Plugin"), tr("Version"), tr("Phase"), tr("State"), tr("Duration"), tr("Findings"), tr("Error")},
                this);
  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  log_->setFont(monospaceFont());
  log_->setPlaceholderText(tr("Select a plugin to see the lines it logged."));
  capture_ = table({tr("Capture step or probe"), tr("Status"), tr("Rows"), tr("Error or note")}, this);
  captureTitle_ = boldLabel(tr("Capture issues"), this);

  auto* top = new QWidget(this);
  auto* tv = new QVBoxLayout(top);
  tv->setContentsMargins(0, 0, 0, 0);
  tv->addWidget(boldLabel(tr("Plugins"), top));
  tv->addWidget(runs_, 1);
  auto* mid = new QWidget(this);
  auto* mv = new QVBoxLayout(mid);
  mv->setContentsMargins(0, 0, 0, 0);
  mv->addWidget(boldLabel(tr("Plugin log"), mid));
  mv->addWidget(log_, 1);
  auto* bottom = new QWidget(this);
  auto* bv = new QVBoxLayout(bottom);
  bv->setContentsMargins(0, 0, 0, 0);
  bv->addWidget(captureTitle_);
  bv->addWidget(capture_, 1);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(mid);
  split->addWidget(bottom);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setStretchFactor(2, 2);
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 8, 8, 8);
  v->addWidget(split);
  connect(runs_, &QTableWidget::currentCellChanged, this, [this](int row) { showLog(row); });
}

void RunLogView::setReport(std::shared_ptr<const engine::Report> report) {
  report_ = std::move(report);
  runs_->setRowCount(0);
  capture_->setRowCount(0);
  log_->clear();
  if (!report_) return;
  const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
  for (const engine::PluginRun& r : report_->runs) {
    const int row = runs_->rowCount();
    runs_->insertRow(row);
    runs_->setItem(row, 0, cell(q(r.plugin_id.empty() ? r.file : r.plugin_id)));
    runs_->setItem(row, 1, cell(q(r.version)));
    runs_->setItem(row, 2, cell(q(sdk::to_string(r.phase))));
    auto* state = cell(q(r.status));
    state->setForeground(statusColor(r.status));
    QFont bold = state->font();
    bold.setBold(true);
    state->setFont(bold);
    runs_->setItem(row, 3, state);
    runs_->setItem(row, 4, cell(r.status == "refused" ? QString() : q(sdk::sql::format_ms(r.duration_ms)), right));
    runs_->setItem(row, 5, cell(QString::number(r.findings), right));
    runs_->setItem(row, 6, cell(q(r.error).simplified()));
  }
  runs_->resizeColumnsToContents();
  for (const sdk::ProbeOutcome& o : report_->capture_issues) {
    const int row = capture_->rowCount();
    capture_->insertRow(row);
    capture_->setItem(row, 0, cell(q(o.name)));
    auto* status = cell(q(o.status));
    status->setForeground(statusColor(o.status));
    capture_->setItem(row, 1, status);
    capture_->setItem(row, 2, cell(QString::number(o.rows), right));
    capture_->setItem(row, 3, cell(q(o.error ? *o.error : o.note.value_or("")).simplified()));
  }
  capture_->resizeColumnsToContents();
  captureTitle_->setText(report_->capture_issues.empty()
                             ? tr("Capture issues — none: every capture step and probe succeeded")
                             : tr("Capture issues — %1").arg(report_->capture_issues.size()));
  if (runs_->rowCount() > 0) runs_->setCurrentCell(0, 0);
}

void RunLogView::showLog(int row) {
  if (!report_ || row < 0 || row >= static_cast<int>(report_->runs.size())) {
    log_->clear();
    return;
  }
  const engine::PluginRun& r = report_->runs[static_cast<std::size_t>(row)];
  QStringList lines;
  lines << tr("%1 %2 — %3").arg(q(r.plugin_name.empty() ? r.plugin_id : r.plugin_name), q(r.version), q(r.file));
  if (!r.error.empty()) lines << tr("error: %1").arg(q(r.error));
  for (const auto& l : r.log) lines << q(l);
  if (r.log.empty()) lines << tr("(no log lines)");
  log_->setPlainText(lines.join('\n'));
}

}  // namespace dbopt::studio
