#include "ScriptsView.hpp"
#include "Labels.hpp"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "SqlHighlighter.hpp"
#include "StudioSettings.hpp"
#include "common/atomic_file.hpp"
#include "export/exporter.hpp"

namespace dbopt::studio {

namespace {

QPlainTextEdit* sqlPane(QWidget* parent) {
  auto* e = new QPlainTextEdit(parent);
  e->setReadOnly(true);
  e->setFont(monospaceFont());
  e->setLineWrapMode(QPlainTextEdit::NoWrap);
  new SqlHighlighter(e->document());
  return e;
}

QWidget* titled(const QString& title, QWidget* body, QPushButton* button, QWidget* parent) {
  auto* w = new QWidget(parent);
  auto* v = new QVBoxLayout(w);
  v->setContentsMargins(0, 0, 0, 0);
  auto* h = new QHBoxLayout;
  h->addWidget(boldLabel(title, w));
  h->addStretch();
  h->addWidget(button);
  v->addLayout(h);
  v->addWidget(body, 1);
  return w;
}

}  // namespace

ScriptsView::ScriptsView(QWidget* parent) : QWidget(parent) {
  categories_ = new QListWidget(this);
  categories_->setMinimumWidth(200);
  categories_->setMaximumWidth(260);
  categories_->setStyleSheet("QListView::item { padding: 5px 4px; }");
  saveAll_ = new QPushButton(tr("Save apply.sql + rollback.sql…"), this);
  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  auto* lt = new QLabel(tr("Categories"), left);
  QFont bf = lt->font();
  bf.setBold(true);
  lt->setFont(bf);
  lv->addWidget(lt);
  lv->addWidget(categories_, 1);
  lv->addWidget(saveAll_);

  apply_ = sqlPane(this);
  rollback_ = sqlPane(this);
  saveApply_ = new QPushButton(tr("Save…"), this);
  saveRollback_ = new QPushButton(tr("Save…"), this);
  note_ = new QLabel(this);
  note_->setTextFormat(Qt::PlainText);
  note_->setWordWrap(true);

  auto* panes = new QSplitter(Qt::Vertical, this);
  panes->addWidget(titled(tr("Apply"), apply_, saveApply_, panes));
  panes->addWidget(titled(tr("Rollback (reverse order)"), rollback_, saveRollback_, panes));
  auto* right = new QWidget(this);
  auto* rv = new QVBoxLayout(right);
  rv->setContentsMargins(0, 0, 0, 0);
  rv->addWidget(note_);
  rv->addWidget(panes, 1);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 8, 8, 8);
  v->addWidget(split);

  connect(categories_, &QListWidget::currentRowChanged, this, &ScriptsView::showCategory);
  connect(saveApply_, &QPushButton::clicked, this, [this] { saveCurrent(false); });
  connect(saveRollback_, &QPushButton::clicked, this, [this] { saveCurrent(true); });
  connect(saveAll_, &QPushButton::clicked, this, &ScriptsView::saveAllRequested);
  setReport(nullptr);
}

void ScriptsView::setReport(std::shared_ptr<const engine::Report> report) {
  report_ = std::move(report);
  categories_->clear();
  saveAll_->setEnabled(report_ != nullptr);
  if (!report_) {
    showCategory(-1);
    return;
  }
  int first = -1;
  for (const engine::CategoryScript& s : report_->scripts) {
    const QString name = QString::fromLatin1(sdk::to_string(s.category));
    auto* item = new QListWidgetItem(s.item_ids.empty() ? tr("%1 — none").arg(name)
                                                        : tr("%1 — %n action(s)", nullptr, int(s.item_ids.size()))
                                                              .arg(name),
                                     categories_);
    if (s.requires_restart) item->setText(item->text() + tr(" · restart"));
    if (s.item_ids.empty()) item->setForeground(palette().color(QPalette::PlaceholderText));
    if (first < 0 && !s.item_ids.empty()) first = categories_->count() - 1;
  }
  categories_->setCurrentRow(first < 0 ? 0 : first);
}

void ScriptsView::showCategory(int row) {
  const bool valid = report_ && row >= 0 && row < static_cast<int>(report_->scripts.size());
  const engine::CategoryScript* s = valid ? &report_->scripts[static_cast<std::size_t>(row)] : nullptr;
  const bool has = s && !s->item_ids.empty();
  apply_->setPlainText(has ? QString::fromStdString(s->apply) : QString());
  rollback_->setPlainText(has ? QString::fromStdString(s->rollback) : QString());
  saveApply_->setEnabled(has);
  saveRollback_->setEnabled(has);
  if (!s)
    note_->setText(tr("Run an analysis to see the implementation scripts."));
  else if (!has)
    note_->setText(tr("No %1 actions in this report.").arg(QString::fromLatin1(sdk::to_string(s->category))));
  else
    note_->setText(tr("Review before running. CREATE/DROP INDEX CONCURRENTLY and ALTER SYSTEM cannot run inside a "
                      "transaction block.%1")
                       .arg(s->requires_restart ? tr(" Some settings here need a server restart.") : QString()));
}

void ScriptsView::saveCurrent(bool rollback) {
  const int row = categories_->currentRow();
  if (!report_ || row < 0 || row >= static_cast<int>(report_->scripts.size())) return;
  const engine::CategoryScript& s = report_->scripts[static_cast<std::size_t>(row)];
  const QString category = QString::fromLatin1(sdk::to_string(s.category));
  const QString kind = rollback ? "rollback" : "apply";
  StudioSettings settings;
  const QString path = QFileDialog::getSaveFileName(this, tr("Save %1 %2 script").arg(category, kind),
                                                    settings.lastDirectory() + "/" + category + "." + kind + ".sql",
                                                    tr("SQL (*.sql)"));
  if (path.isEmpty()) return;
  settings.setLastDirectory(QFileInfo(path).absolutePath());
  try {
    engine::write_file_atomically(path.toStdString(), engine::script_file_header(*report_, kind.toStdString()) + "\n" +
                                                          (rollback ? s.rollback : s.apply));
  } catch (const std::exception& e) {
    QMessageBox::critical(this, tr("Cannot save the script"),
                          tr("%1\n\nChoose another folder or check its permissions.").arg(QString::fromStdString(e.what())));
  }
}

}  // namespace dbopt::studio
