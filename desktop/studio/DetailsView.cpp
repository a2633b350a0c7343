#include "DetailsView.hpp"
#include "Labels.hpp"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

#include "PriorityStyle.hpp"
#include "SqlHighlighter.hpp"
#include "export/markdown_text.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// The report item with ReportItem::id `id`, or nullptr.
const engine::ReportItem* findItem(const engine::Report& report, const std::string& id) {
  for (const engine::ReportItem& item : report.items)
    if (item.id == id) return &item;
  return nullptr;
}

}  // namespace

DetailsView::DetailsView(QWidget* parent) : QWidget(parent) {
  list_ = new QListWidget(this);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->setAlternatingRowColors(true);
  list_->setWordWrap(true);
  list_->setTextElideMode(Qt::ElideRight);
  list_->setMinimumWidth(220);
  list_->setStyleSheet("QListWidget::item { padding: 6px 4px; }");

  auto* right = new QWidget(this);
  auto* rv = new QVBoxLayout(right);
  rv->setContentsMargins(6, 0, 0, 0);
  rv->setSpacing(4);
  title_ = untrustedLabel(QString(), right);
  QFont tf = title_->font();
  tf.setPointSizeF(tf.pointSizeF() * 1.25);
  tf.setBold(true);
  title_->setFont(tf);
  meta_ = untrustedLabel(QString(), right);
  meta_->setForegroundRole(QPalette::PlaceholderText);
  detail_ = new QTextBrowser(right);
  detail_->setOpenLinks(false);
  detail_->setOpenExternalLinks(false);
  detail_->setFrameShape(QFrame::NoFrame);
  detail_->viewport()->setAutoFillBackground(false);
  // As tall as its text (up to 160 px): a one-paragraph detail leaves no empty box.
  connect(detail_->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
          [this](const QSizeF& size) {
            detail_->setFixedHeight(std::min(160, static_cast<int>(size.height()) + 2 * detail_->frameWidth() + 4));
          });

  text_ = new QPlainTextEdit(right);
  text_->setReadOnly(true);
  text_->setFont(monospaceFont());
  // Preformatted: columns line up only without wrapping; long lines scroll horizontally.
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  copy_ = new QPushButton(tr("Copy"), right);
  copy_->setToolTip(tr("Copy the exhibit text to the clipboard"));
  auto* textHeader = new QHBoxLayout;
  textHeader->setContentsMargins(0, 6, 0, 0);
  textHeader->addWidget(boldLabel(tr("Exhibit"), right));
  textHeader->addStretch();
  textHeader->addWidget(copy_);

  linkedLabel_ = boldLabel(tr("Findings that refer to this exhibit"), right);
  linked_ = new QListWidget(right);
  linked_->setSelectionMode(QAbstractItemView::NoSelection);
  linked_->setCursor(Qt::PointingHandCursor);
  linked_->setToolTip(tr("Click a finding to open it in the Findings tab"));
  empty_ = untrustedLabel(QString(), right);
  empty_->setAlignment(Qt::AlignCenter);

  rv->addWidget(title_);
  rv->addWidget(meta_);
  rv->addWidget(detail_);
  rv->addLayout(textHeader);
  rv->addWidget(text_, 1);
  rv->addWidget(linkedLabel_);
  rv->addWidget(linked_);
  rv->addWidget(empty_, 1);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(list_);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({270, 1050});
  split->setChildrenCollapsible(false);
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 8, 8, 8);
  v->addWidget(split);

  connect(list_, &QListWidget::currentRowChanged, this, &DetailsView::showCurrent);
  connect(copy_, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(shownText_); });
  connect(linked_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { emit findingActivated(item->data(Qt::UserRole).toString()); });
  setReport(nullptr);
}

void DetailsView::setReport(std::shared_ptr<const engine::Report> report) {
  report_ = std::move(report);
  {
    const QSignalBlocker block(list_);
    list_->clear();
    if (report_) {
      for (std::size_t i = 0; i < report_->exhibits.size(); ++i) {
        const engine::ReportExhibit& e = report_->exhibits[i];
        // QListWidgetItem text is plain text: titles with markup characters show as typed.
        auto* row = new QListWidgetItem(q(e.exhibit.title) + "\n" + q(e.plugin_id), list_);
        row->setData(Qt::UserRole, static_cast<int>(i));
        row->setToolTip(q(e.exhibit.id));
      }
    }
  }
  if (list_->count() > 0)
    list_->setCurrentRow(0);
  else
    showCurrent();
}

bool DetailsView::showExhibit(const QString& id) {
  if (!report_) return false;
  for (int row = 0; row < list_->count(); ++row) {
    const auto& e = report_->exhibits[static_cast<std::size_t>(list_->item(row)->data(Qt::UserRole).toInt())];
    if (q(e.exhibit.id) == id) {
      list_->setCurrentRow(row);
      return true;
    }
  }
  return false;
}

void DetailsView::showCurrent() {
  const int row = list_->currentRow();
  const bool has = report_ && row >= 0;
  for (QWidget* w : {static_cast<QWidget*>(title_), static_cast<QWidget*>(meta_), static_cast<QWidget*>(detail_),
                     static_cast<QWidget*>(text_), static_cast<QWidget*>(copy_)})
    w->setVisible(has);
  empty_->setVisible(!has);
  linked_->clear();
  shownText_.clear();
  if (!has) {
    title_->clear();
    meta_->clear();
    detail_->clear();
    text_->clear();
    linkedLabel_->hide();
    linked_->hide();
    empty_->setText(report_ ? tr("The plugins of this run added no supporting details (top statements, top tables, "
                                 "decoded plans need pg_stat_statements and EXPLAIN data in the snapshot).")
                            : tr("Open a snapshot (Ctrl+O) and run the analysis (F5) to see the supporting details."));
    return;
  }
  const engine::ReportExhibit& e =
      report_->exhibits[static_cast<std::size_t>(list_->item(row)->data(Qt::UserRole).toInt())];
  title_->setText(q(e.exhibit.title));
  meta_->setText(q(e.plugin_id) + QStringLiteral("  ·  ") + q(e.exhibit.id));
  detail_->setVisible(!e.exhibit.detail.empty());
  detail_->document()->setMarkdown(
      q(engine::md_detail(e.exhibit.detail)),
      QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
  shownText_ = q(e.exhibit.text);
  text_->setPlainText(shownText_);
  text_->moveCursor(QTextCursor::Start);

  for (const std::string& id : e.item_ids) {
    const engine::ReportItem* item = findItem(*report_, id);
    QString label = q(id);
    if (item) label += QStringLiteral("   %1   %2").arg(priorityLabel(item->priority), q(item->finding.title));
    auto* link = new QListWidgetItem(label, linked_);
    link->setData(Qt::UserRole, q(id));
    QFont f = link->font();
    f.setUnderline(true);
    link->setFont(f);
    link->setForeground(palette().brush(QPalette::Link));
  }
  // As tall as its rows, up to five.
  if (linked_->count() > 0)
    linked_->setFixedHeight(std::min(5, linked_->count()) * linked_->sizeHintForRow(0) + 2 * linked_->frameWidth() + 4);
  linkedLabel_->setVisible(!e.item_ids.empty());
  linked_->setVisible(!e.item_ids.empty());
}

QString DetailsView::titleText() const { return title_->text(); }
QString DetailsView::detailText() const { return detail_->toPlainText(); }
QString DetailsView::exhibitText() const { return text_->toPlainText(); }

}  // namespace dbopt::studio
