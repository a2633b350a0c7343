#include "SummaryView.hpp"
#include "Labels.hpp"

#include <QChartView>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "PriorityStyle.hpp"
#include "SummaryCharts.hpp"
#include "export/value_format.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

void clearLayout(QLayout* layout) {
  while (QLayoutItem* item = layout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
}

}  // namespace

SummaryView::SummaryView(QWidget* parent) : QWidget(parent) {
  auto* content = new QWidget;
  auto* v = new QVBoxLayout(content);
  v->setContentsMargins(16, 12, 16, 12);
  v->setSpacing(10);

  heading_ = untrustedLabel(QString(), content);
  QFont hf = heading_->font();
  hf.setPointSizeF(hf.pointSizeF() * 1.3);
  hf.setBold(true);
  heading_->setFont(hf);
  v->addWidget(heading_);

  cards_ = new QWidget(content);
  cardLayout_ = new QGridLayout(cards_);
  cardLayout_->setContentsMargins(0, 0, 0, 0);
  cardLayout_->setHorizontalSpacing(10);
  v->addWidget(cards_);

  improvement_ = untrustedLabel(QString(), content);
  v->addWidget(improvement_);

  facts_ = new QWidget(content);
  factLayout_ = new QGridLayout(facts_);
  factLayout_->setContentsMargins(0, 0, 0, 0);
  factLayout_->setHorizontalSpacing(16);
  factLayout_->setColumnStretch(2, 1);
  v->addWidget(facts_);

  charts_ = new QWidget(content);
  chartLayout_ = new QGridLayout(charts_);
  chartLayout_->setContentsMargins(0, 0, 0, 0);
  chartLayout_->setSpacing(10);
  v->addWidget(charts_, 1);

  empty_ = untrustedLabel(tr("Open a snapshot (Ctrl+O) and run the analysis (F5) to see the summary."), content);
  empty_->setAlignment(Qt::AlignCenter);
  v->addWidget(empty_, 1);

  // No scroll area: the charts share the height of the tab (a scroll area would size them to
  // their preferred height, taller than a 900-pixel window).
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(content);
  clear();
}

void SummaryView::clear() {
  heading_->clear();
  improvement_->clear();
  clearLayout(cardLayout_);
  clearLayout(factLayout_);
  clearLayout(chartLayout_);
  empty_->show();
}

QWidget* SummaryView::card(const QString& value, const QString& caption, const QColor& accent) {
  auto* frame = new QFrame(cards_);
  frame->setObjectName("card");
  frame->setStyleSheet(QString("QFrame#card { border: 1px solid palette(mid); border-left: 5px solid %1; "
                               "border-radius: 6px; background: palette(base); }")
                           .arg(accent.name()));
  auto* l = new QVBoxLayout(frame);
  l->setContentsMargins(14, 8, 14, 8);
  auto* number = new QLabel(value, frame);
  number->setTextFormat(Qt::PlainText);
  QFont f = number->font();
  f.setPointSizeF(f.pointSizeF() * 2);
  f.setBold(true);
  number->setFont(f);
  auto* text = new QLabel(caption, frame);
  text->setTextFormat(Qt::PlainText);
  l->addWidget(number);
  l->addWidget(text);
  return frame;
}

void SummaryView::setResult(std::shared_ptr<const AnalysisOutcome> outcome,
                            std::shared_ptr<const sdk::Catalog> catalog) {
  clear();
  if (!outcome || !catalog) return;
  empty_->hide();
  const engine::Report& r = outcome->report;
  heading_->setText(tr("%1 — PostgreSQL %2 — captured %3%4")
                        .arg(q(r.database), q(r.server_version), q(r.provenance.captured_at),
                             r.cancelled ? tr(" — CANCELLED: findings are incomplete") : QString()));

  const auto& c = r.summary.by_priority;
  cardLayout_->addWidget(card(QString::number(r.summary.issues_found), tr("issues found"), QColor(0x3f, 0x6f, 0xb5)),
                         0, 0);
  const std::size_t counts[4] = {c.p1, c.p2, c.p3, c.info};
  const char* const captions[4] = {"P1 — critical", "P2 — high", "P3 — medium", "informational"};
  for (int p = 0; p < 4; ++p)
    cardLayout_->addWidget(card(QString::number(counts[p]), tr(captions[p]),
                                priorityColor(static_cast<engine::Priority>(p))),
                           0, p + 1);
  improvement_->setText(tr("Estimated improvement: %1").arg(q(r.summary.estimated_improvement)));

  int row = 0;
  for (const sdk::SummaryFact& fact : r.summary.facts) {
    auto* name = untrustedLabel(q(fact.label), facts_);
    QFont b = name->font();
    b.setBold(true);
    name->setFont(b);
    factLayout_->addWidget(name, row, 0);
    factLayout_->addWidget(untrustedLabel(q(fact.value), facts_), row, 1);
    factLayout_->addWidget(untrustedLabel(q(fact.detail), facts_), row, 2);
    ++row;
    // The figures the value was decided from, with units, on one line under the detail.
    QStringList figures;
    for (const sdk::Metric& m : fact.evidence) figures << q(m.name) + ": " + q(engine::format_evidence(m));
    if (!figures.isEmpty()) {
      auto* line = untrustedLabel(figures.join(QStringLiteral("  ·  ")), facts_);
      line->setForegroundRole(QPalette::PlaceholderText);
      factLayout_->addWidget(line, row++, 2);
    }
  }

  // Row 0: three small charts (2 of 6 grid columns each); row 1: the two with long labels (3 each).
  struct Placement {
    QChart* chart;
    int row, column, span;
  };
  const Placement charts[] = {{priorityChart(r), 0, 0, 2},
                              {pluginChart(r), 0, 2, 2},
                              {ratioChart(r), 0, 4, 2},
                              {tableSizeChart(*catalog), 1, 0, 3},
                              {statementShareChart(*catalog), 1, 3, 3}};
  for (const Placement& p : charts) {
    auto* view = new QChartView(p.chart, charts_);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    chartLayout_->addWidget(view, p.row, p.column, 1, p.span);
  }
  for (int c = 0; c < 6; ++c) chartLayout_->setColumnStretch(c, 1);
}

int SummaryView::chartCount() const { return chartLayout_->count(); }

}  // namespace dbopt::studio
