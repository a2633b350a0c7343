#include "FindingDetail.hpp"
#include "Labels.hpp"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "PriorityStyle.hpp"
#include "SqlHighlighter.hpp"
#include "export/markdown_text.hpp"
#include "export/value_format.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QLabel* sectionLabel(const QString& text, QWidget* parent) {
  QLabel* l = boldLabel(text, parent);
  l->setContentsMargins(0, 8, 0, 2);
  return l;
}

QPlainTextEdit* sqlEditor(QWidget* parent) {
  auto* e = new QPlainTextEdit(parent);
  e->setReadOnly(true);
  e->setFont(monospaceFont());
  // Wrapped: the pane is half the window wide and a statement should read without scrolling.
  e->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  e->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  e->setMinimumHeight(70);
  new SqlHighlighter(e->document());
  return e;
}

/// A header row: label, stretch, Copy button.
QWidget* sqlHeader(const QString& label, QPushButton* copy, QWidget* parent) {
  auto* w = new QWidget(parent);
  auto* h = new QHBoxLayout(w);
  h->setContentsMargins(0, 6, 0, 2);
  h->addWidget(sectionLabel(label, w));
  h->addStretch();
  h->addWidget(copy);
  return w;
}

}  // namespace

FindingDetail::FindingDetail(QWidget* parent) : QWidget(parent) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(4, 8, 4, 0);
  v->setSpacing(4);

  // Header: priority badge, title, one line of facts.
  auto* head = new QHBoxLayout;
  badge_ = new QLabel(this);
  badge_->setAlignment(Qt::AlignCenter);
  badge_->setMinimumWidth(44);
  title_ = new QLabel(this);
  title_->setTextFormat(Qt::PlainText);  // untrusted: never rich text
  title_->setWordWrap(true);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont tf = title_->font();
  tf.setPointSizeF(tf.pointSizeF() * 1.25);
  tf.setBold(true);
  title_->setFont(tf);
  head->addWidget(badge_, 0, Qt::AlignTop);
  head->addWidget(title_, 1);
  v->addLayout(head);
  meta_ = new QLabel(this);
  meta_->setTextFormat(Qt::PlainText);
  meta_->setWordWrap(true);
  meta_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  meta_->setForegroundRole(QPalette::PlaceholderText);
  v->addWidget(meta_);
  // Rich text with one link whose target is fixed: the exhibit id (untrusted) is HTML-escaped in
  // the label text and kept in exhibitId_, never parsed back from the URL.
  exhibitLink_ = new QLabel(this);
  exhibitLink_->setTextFormat(Qt::RichText);
  exhibitLink_->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
  exhibitLink_->setOpenExternalLinks(false);
  exhibitLink_->setWordWrap(true);
  exhibitLink_->setToolTip(tr("Open the exhibit in the Details tab"));
  connect(exhibitLink_, &QLabel::linkActivated, this, [this] {
    if (!exhibitId_.isEmpty()) emit exhibitActivated(exhibitId_);
  });
  v->addWidget(exhibitLink_);

  // Left: why + evidence; right: apply + rollback SQL.
  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->setSpacing(2);
  lv->addWidget(sectionLabel(tr("Why"), left));
  explanation_ = new QTextBrowser(left);
  explanation_->setOpenExternalLinks(false);
  explanation_->setOpenLinks(false);
  lv->addWidget(explanation_, 3);
  lv->addWidget(sectionLabel(tr("Evidence and impact"), left));
  evidence_ = new QTableWidget(0, 2, left);
  evidence_->setHorizontalHeaderLabels({tr("Measure"), tr("Value")});
  evidence_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  evidence_->horizontalHeader()->setStretchLastSection(true);
  evidence_->verticalHeader()->hide();
  evidence_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  evidence_->setSelectionBehavior(QAbstractItemView::SelectRows);
  evidence_->setWordWrap(false);
  evidence_->setAlternatingRowColors(true);
  lv->addWidget(evidence_, 2);

  auto* right = new QWidget(this);
  auto* rv = new QVBoxLayout(right);
  rv->setContentsMargins(0, 0, 0, 0);
  rv->setSpacing(2);
  copyApply_ = new QPushButton(tr("Copy"), right);
  copyRollback_ = new QPushButton(tr("Copy"), right);
  copyApply_->setToolTip(tr("Copy the apply SQL to the clipboard"));
  copyRollback_->setToolTip(tr("Copy the rollback SQL to the clipboard"));
  apply_ = sqlEditor(right);
  rollback_ = sqlEditor(right);
  rv->addWidget(sqlHeader(tr("Apply"), copyApply_, right));
  rv->addWidget(apply_, 3);
  rv->addWidget(sqlHeader(tr("Rollback"), copyRollback_, right));
  rv->addWidget(rollback_, 2);
  scriptNote_ = new QLabel(right);
  scriptNote_->setTextFormat(Qt::PlainText);
  scriptNote_->setWordWrap(true);
  rv->addWidget(scriptNote_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setChildrenCollapsible(false);
  v->addWidget(split, 1);

  connect(copyApply_, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(apply_->toPlainText()); });
  connect(copyRollback_, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(rollback_->toPlainText()); });
  showItem(nullptr);
}

void FindingDetail::showItem(const engine::ReportItem* item, const QString& exhibitTitle) {
  const bool has = item != nullptr;
  badge_->setVisible(has);
  evidence_->setRowCount(0);
  if (!has) {
    exhibitId_.clear();
    exhibitLink_->clear();
    exhibitLink_->hide();
    title_->setText(tr("Select a finding to see why it matters and how to fix it."));
    meta_->clear();
    explanation_->clear();
    apply_->clear();
    rollback_->clear();
    copyApply_->setEnabled(false);
    copyRollback_->setEnabled(false);
    scriptNote_->clear();
    return;
  }
  const sdk::Finding& f = item->finding;
  badge_->setText(priorityLabel(item->priority));
  badge_->setStyleSheet(QString("QLabel { background: %1; color: %2; border-radius: 9px; padding: 2px 8px; "
                                "font-weight: bold; }")
                            .arg(priorityColor(item->priority).name(), priorityTextColor(item->priority).name()));
  title_->setText(q(f.title));
  QStringList meta{q(item->id), q(f.check_id), q(item->object), tr("severity %1").arg(q(sdk::to_string(f.severity))),
                   tr("confidence %1").arg(q(sdk::to_string(f.confidence)))};
  if (!f.story.empty()) meta << q(f.story);
  if (item->sources.size() > 1) meta << tr("merges %1 findings").arg(item->sources.size());
  meta_->setText(meta.join(QStringLiteral("  ·  ")));
  exhibitId_ = f.exhibit ? q(*f.exhibit) : QString();
  exhibitLink_->setVisible(f.exhibit.has_value());
  exhibitLink_->setText(f.exhibit ? tr("Supporting details: <a href=\"dbopt-exhibit\">%1</a>").arg((exhibitTitle.isEmpty() ? exhibitId_ : exhibitTitle).toHtmlEscaped())
                                  : QString());

  explanation_->document()->setMarkdown(
      q(engine::md_detail(f.detail)),
      QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
  explanation_->moveCursor(QTextCursor::Start);
  explanation_->horizontalScrollBar()->setValue(0);

  auto addRow = [this](const QString& name, const QString& value) {
    const int r = evidence_->rowCount();
    evidence_->insertRow(r);
    evidence_->setItem(r, 0, new QTableWidgetItem(name));
    auto* v = new QTableWidgetItem(value);
    v->setToolTip(value);
    evidence_->setItem(r, 1, v);
  };
  for (const sdk::Metric& m : f.evidence) addRow(q(m.name), q(engine::format_evidence(m)));
  if (!f.impact.summary.empty()) addRow(tr("estimated impact"), q(f.impact.summary));
  for (const auto& [label, text] : engine::impact_facts(f.impact)) addRow(q(label), q(text));
  addRow(tr("risk"), q(sdk::to_string(f.risk.level)) + (f.risk.why.empty() ? QString() : " — " + q(f.risk.why)));
  evidence_->resizeRowsToContents();

  if (f.script) {
    apply_->setPlainText(q(f.script->apply));
    rollback_->setPlainText(q(f.script->rollback));
    scriptNote_->setText(tr("Category: %1%2")
                             .arg(q(sdk::to_string(f.script->category)),
                                  f.script->requires_restart ? tr(" — requires a server restart") : QString()));
  } else {
    apply_->setPlainText(tr("-- no script: this finding asks for a review, not an automatic change"));
    rollback_->clear();
    scriptNote_->clear();
  }
  copyApply_->setEnabled(f.script.has_value());
  copyRollback_->setEnabled(f.script.has_value());
}

QString FindingDetail::explanationText() const { return explanation_->toPlainText(); }
QString FindingDetail::titleText() const { return title_->text(); }
QString FindingDetail::applySql() const { return apply_->toPlainText(); }
QString FindingDetail::rollbackSql() const { return rollback_->toPlainText(); }

}  // namespace dbopt::studio
