// The Findings tab's detail pane: title, object and check as plain text, the rendered Markdown
// explanation (QTextDocument::setMarkdown without HTML, after engine::md_detail), evidence with
// units (engine::format_evidence), estimated impact and risk, and the apply and rollback SQL
// with syntax highlighting and Copy buttons.
#pragma once

#include <QWidget>

#include "report/report.hpp"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace dbopt::studio {

class FindingDetail : public QWidget {
  Q_OBJECT
 public:
  explicit FindingDetail(QWidget* parent = nullptr);
  /// Shows `item` (must stay alive while shown), or an empty state for nullptr. `exhibitTitle`
  /// is the title of the exhibit the finding refers to (shown in the link; the id when empty).
  void showItem(const engine::ReportItem* item, const QString& exhibitTitle = {});

  /// For tests: the rendered explanation as plain text, the SQL shown.
  QString explanationText() const;
  QString titleText() const;
  QString applySql() const;
  QString rollbackSql() const;
  /// The "Supporting details" link shown when the finding refers to an exhibit (Finding::exhibit).
  QLabel* exhibitLink() const { return exhibitLink_; }

 signals:
  /// The exhibit link was clicked: `id` is the sdk::Exhibit::id the finding refers to.
  void exhibitActivated(const QString& id);

 private:
  QLabel* badge_;
  QLabel* title_;
  QLabel* meta_;
  QLabel* exhibitLink_;
  QString exhibitId_;
  QTextBrowser* explanation_;
  QTableWidget* evidence_;
  QPlainTextEdit* apply_;
  QPlainTextEdit* rollback_;
  QPushButton* copyApply_;
  QPushButton* copyRollback_;
  QLabel* scriptNote_;
};

}  // namespace dbopt::studio
