// The Summary tab: the executive summary (issues found, P1/P2/P3/info counts, estimated
// improvement, the plugins' headline facts — label, value, detail and the figures they were
// decided from) and the charts of SummaryCharts.hpp.
#pragma once

#include <QWidget>

#include <memory>

#include "Pipeline.hpp"

class QGridLayout;
class QLabel;
class QVBoxLayout;

namespace dbopt::studio {

class SummaryView : public QWidget {
  Q_OBJECT
 public:
  explicit SummaryView(QWidget* parent = nullptr);
  /// Shows the report of `outcome` for `catalog`; null clears.
  void setResult(std::shared_ptr<const AnalysisOutcome> outcome, std::shared_ptr<const sdk::Catalog> catalog);
  /// Number of charts shown (0 when empty), for tests.
  int chartCount() const;

 private:
  void clear();
  QWidget* card(const QString& value, const QString& caption, const QColor& accent);

  QLabel* heading_;
  QLabel* improvement_;
  QWidget* cards_;
  QGridLayout* cardLayout_;
  QWidget* facts_;
  QGridLayout* factLayout_;
  QWidget* charts_;
  QGridLayout* chartLayout_;
  QLabel* empty_;
};

}  // namespace dbopt::studio
