// The Details tab: the report's supporting exhibits (engine::Report::exhibits, sdk::Exhibit —
// e.g. query-profiler's top statements, table-stats' top tables, plan-decoder's decoded EXPLAIN
// plans). Left: one row per exhibit in report order (title, plugin id). Right: the title, the
// detail (Markdown rendered without HTML, after engine::md_detail), the preformatted text
// verbatim in a monospace, non-wrapping, read-only view with a Copy button, and the findings
// linked to it (ReportExhibit::item_ids) as links: clicking one emits findingActivated(id).
#pragma once

#include <QWidget>

#include <memory>

#include "report/report.hpp"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace dbopt::studio {

class DetailsView : public QWidget {
  Q_OBJECT
 public:
  explicit DetailsView(QWidget* parent = nullptr);
  /// Shows the exhibits of `report` (kept alive by the view); null clears. Selects the first.
  void setReport(std::shared_ptr<const engine::Report> report);
  /// Selects the exhibit whose sdk::Exhibit::id is `id`. False (selection unchanged) when the
  /// report has none.
  bool showExhibit(const QString& id);

  /// For tests: the exhibit list (one row per report exhibit, Qt::UserRole = index in
  /// Report::exhibits), the shown exhibit's title, detail (rendered, as plain text) and text, and
  /// the linked findings list (Qt::UserRole = ReportItem::id).
  QListWidget* exhibitList() const { return list_; }
  QString titleText() const;
  QString detailText() const;
  QString exhibitText() const;
  QListWidget* linkedFindings() const { return linked_; }
  QPushButton* copyButton() const { return copy_; }

 signals:
  /// A linked finding was clicked: `id` is its ReportItem::id ("F-003").
  void findingActivated(const QString& id);

 private:
  void showCurrent();

  std::shared_ptr<const engine::Report> report_;
  QString shownText_;  ///< the shown exhibit's text as reported (Copy copies it byte for byte)
  QListWidget* list_;
  QLabel* title_;
  QLabel* meta_;
  QTextBrowser* detail_;
  QPlainTextEdit* text_;
  QPushButton* copy_;
  QLabel* linkedLabel_;
  QListWidget* linked_;
  QLabel* empty_;
};

}  // namespace dbopt::studio
