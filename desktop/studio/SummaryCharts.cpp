#include "SummaryCharts.hpp"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QGuiApplication>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QPalette>
#include <QStackedBarSeries>
#include <QBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>

#include "PriorityStyle.hpp"
#include "dbopt/sdk/sql.hpp"
#include "export/chart_axis.hpp"

namespace dbopt::studio {

namespace {

/// Axis and legend labels are rendered as rich text by QtCharts: untrusted names are escaped.
QString label(const std::string& text, int max_chars = 48) {
  QString s = QString::fromStdString(text).simplified();
  if (s.size() > max_chars) s = s.left(max_chars - 1) + QChar(0x2026);
  return s.toHtmlEscaped();
}

QChart* newChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  QFont f = chart->titleFont();
  f.setBold(true);
  f.setPointSizeF(std::max(10.0, f.pointSizeF()));
  chart->setTitleFont(f);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setBackgroundRoundness(6);
  chart->setMargins(QMargins(6, 6, 6, 6));
  const QPalette pal = QGuiApplication::palette();
  chart->setBackgroundBrush(pal.color(QPalette::Base));
  chart->setTitleBrush(pal.color(QPalette::Text));
  chart->legend()->setLabelColor(pal.color(QPalette::Text));
  return chart;
}

void styleAxis(QAbstractAxis* axis) {
  const QPalette pal = QGuiApplication::palette();
  axis->setLabelsColor(pal.color(QPalette::Text));
  axis->setTitleBrush(pal.color(QPalette::Text));
  axis->setGridLineColor(pal.color(QPalette::Mid));
}

QValueAxis* countAxis(double max_value, const QString& title) {
  const auto [top, ticks] = engine::count_axis_ticks(max_value);
  auto* axis = new QValueAxis;
  axis->setRange(0, top);
  axis->setTickCount(ticks);
  axis->setLabelFormat("%d");
  axis->setTitleText(title);
  styleAxis(axis);
  return axis;
}

/// An axis top ≥ max_value made of 4–5 steps of 1, 2, 2.5 or 5 × 10^k: (top, step).
std::pair<double, double> niceRange(double max_value) {
  if (!(max_value > 0)) return {1.0, 0.25};
  const double raw = max_value / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    const double step = m * magnitude;
    if (step * 4 >= max_value) return {std::ceil(max_value / step) * step, step};
  }
  return {10 * magnitude * 4, 10 * magnitude};
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* categories, QAbstractAxis* values,
            bool horizontal) {
  chart->addSeries(series);
  styleAxis(categories);
  chart->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
  chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
  series->attachAxis(categories);
  series->attachAxis(values);
}

}  // namespace

QChart* priorityChart(const engine::Report& report) {
  QChart* chart = newChart(QObject::tr("Findings by priority"));
  const auto& c = report.summary.by_priority;
  const std::array<std::size_t, 4> counts{c.p1, c.p2, c.p3, c.info};
  auto* series = new QStackedBarSeries;  // one set per priority, so each bar has its own colour
  QStringList categories;
  for (int p = 0; p < 4; ++p) {
    const auto priority = static_cast<engine::Priority>(p);
    categories << priorityLabel(priority);
    auto* set = new QBarSet(priorityLabel(priority));
    for (int i = 0; i < 4; ++i) *set << (i == p ? double(counts[p]) : 0.0);
    set->setColor(priorityColor(priority));
    set->setBorderColor(priorityColor(priority));
    series->append(set);
  }
  series->setBarWidth(0.6);
  auto* axisX = new QBarCategoryAxis;
  axisX->append(categories);
  attach(chart, series, axisX, countAxis(*std::max_element(counts.begin(), counts.end()), QObject::tr("items")),
         false);
  chart->legend()->hide();
  return chart;
}

QChart* pluginChart(const engine::Report& report) {
  QChart* chart = newChart(QObject::tr("Findings by plugin"));
  std::map<std::string, int> per_plugin;
  for (const auto& item : report.items)
    for (const auto& s : item.sources) ++per_plugin[s.plugin_id];
  auto* set = new QBarSet(QObject::tr("findings"));
  set->setColor(QColor(0x3f, 0x6f, 0xb5));
  QStringList categories;
  int max = 0;
  // Horizontal bars are drawn bottom-up: append in reverse so the first id is on top.
  for (auto it = per_plugin.rbegin(); it != per_plugin.rend(); ++it) {
    categories << label(it->first);
    *set << it->second;
    max = std::max(max, it->second);
  }
  auto* series = new QHorizontalBarSeries;
  series->append(set);
  auto* axisY = new QBarCategoryAxis;
  axisY->append(categories);
  attach(chart, series, axisY, countAxis(max, QObject::tr("findings")), true);
  chart->legend()->hide();
  return chart;
}

QChart* tableSizeChart(const sdk::Catalog& catalog, int limit) {
  std::vector<const sdk::Table*> tables;
  for (const auto& t : catalog.snapshot().tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const auto* a, const auto* b) {
    return a->total_bytes != b->total_bytes ? a->total_bytes > b->total_bytes : a->relname < b->relname;
  });
  if (static_cast<int>(tables.size()) > limit) tables.resize(static_cast<std::size_t>(limit));
  std::int64_t largest = 1;
  for (const auto* t : tables) largest = std::max(largest, t->heap_bytes + t->toast_bytes + t->indexes_bytes);
  static const char* const kUnits[] = {"bytes", "kB", "MB", "GB", "TB"};
  int unit = 0;
  double scale = 1;
  while (unit < 4 && largest / scale >= 1024 * 4) {
    scale *= 1024;
    ++unit;
  }
  QChart* chart = newChart(QObject::tr("Largest tables (%1): heap, TOAST, indexes").arg(kUnits[unit]));
  auto* heap = new QBarSet(QObject::tr("heap"));
  auto* toast = new QBarSet(QObject::tr("TOAST"));
  auto* indexes = new QBarSet(QObject::tr("indexes"));
  heap->setColor(QColor(0x3f, 0x6f, 0xb5));
  toast->setColor(QColor(0x8e, 0x6c, 0xc4));
  indexes->setColor(QColor(0x4d, 0xa1, 0x8b));
  QStringList categories;
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    const sdk::Table* t = *it;
    categories << label(sdk::sql::qualified_name(t->schemaname, t->relname), 36);
    *heap << t->heap_bytes / scale;
    *toast << t->toast_bytes / scale;
    *indexes << t->indexes_bytes / scale;
  }
  auto* series = new QHorizontalStackedBarSeries;
  series->append(heap);
  series->append(toast);
  series->append(indexes);
  auto* axisY = new QBarCategoryAxis;
  axisY->append(categories);
  auto* axisX = new QValueAxis;
  axisX->setTitleText(QString::fromLatin1(kUnits[unit]));
  const auto [top, step] = niceRange(largest / scale);
  axisX->setRange(0, top);
  axisX->setTickCount(static_cast<int>(std::lround(top / step)) + 1);
  axisX->setLabelFormat(step < 1 ? "%.1f" : "%.0f");
  styleAxis(axisX);
  attach(chart, series, axisY, axisX, true);
  chart->legend()->setAlignment(Qt::AlignBottom);
  if (tables.empty()) chart->setTitle(chart->title() + QObject::tr(" — no tables captured"));
  return chart;
}

QChart* statementShareChart(const sdk::Catalog& catalog, int limit) {
  QChart* chart = newChart(QObject::tr("Top statements by share of total execution time (%)"));
  const auto& statements = catalog.snapshot().statements;
  if (!statements || statements->empty()) {
    chart->setTitle(chart->title() + QObject::tr(" — pg_stat_statements not captured"));
    return chart;
  }
  std::vector<const sdk::Statement*> top;
  double total = 0;
  for (const auto& s : *statements) {
    top.push_back(&s);
    total += s.total_exec_time;
  }
  std::sort(top.begin(), top.end(), [](const auto* a, const auto* b) {
    return a->total_exec_time != b->total_exec_time ? a->total_exec_time > b->total_exec_time
                                                    : a->queryid < b->queryid;
  });
  if (static_cast<int>(top.size()) > limit) top.resize(static_cast<std::size_t>(limit));
  auto* set = new QBarSet(QObject::tr("share of total_exec_time"));
  set->setColor(QColor(0xd0, 0x7a, 0x2a));
  QStringList categories;
  for (auto it = top.rbegin(); it != top.rend(); ++it) {
    categories << label((*it)->query, 40);
    *set << (total > 0 ? 100.0 * (*it)->total_exec_time / total : 0.0);
  }
  auto* series = new QHorizontalBarSeries;
  series->append(set);
  auto* axisY = new QBarCategoryAxis;
  axisY->append(categories);
  auto* axisX = new QValueAxis;
  axisX->setRange(0, 100);
  axisX->setTickCount(6);
  axisX->setLabelFormat("%.0f %%");
  axisX->setTitleText(QObject::tr("% of %1 total").arg(QString::fromStdString(sdk::sql::format_ms(total))));
  styleAxis(axisX);
  attach(chart, series, axisY, axisX, true);
  chart->legend()->hide();
  return chart;
}

QChart* ratioChart(const engine::Report& report) {
  QChart* chart = newChart(QObject::tr("Ratios vs targets (%)"));
  auto* current = new QBarSet(QObject::tr("current"));
  auto* target = new QBarSet(QObject::tr("target"));
  current->setColor(QColor(0x3f, 0x6f, 0xb5));
  target->setColor(QColor(0xb0, 0xbe, 0xc5));
  QStringList categories;
  for (const char* key : {"cache_hit_ratio", "index_scan_share"}) {
    const auto it = std::find_if(report.metrics.begin(), report.metrics.end(),
                                 [key](const engine::ReportMetric& m) { return m.key == key; });
    if (it == report.metrics.end()) continue;
    QString name = QString::fromLatin1(key) == "cache_hit_ratio" ? QObject::tr("cache hit") : QObject::tr("index scans");
    if (!it->current) name += QObject::tr(" (not captured)");
    categories << name;
    *current << (it->current ? 100.0 * *it->current : 0.0);
    *target << (it->target ? 100.0 * it->target->value : 0.0);
  }
  auto* series = new QBarSeries;
  series->append(current);
  series->append(target);
  series->setLabelsVisible(true);
  series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
  current->setLabelColor(Qt::white);
  target->setLabelColor(QColor(0x21, 0x21, 0x21));
  series->setLabelsFormat("@value %");
  series->setLabelsPrecision(3);
  auto* axisX = new QBarCategoryAxis;
  axisX->append(categories);
  auto* axisY = new QValueAxis;
  axisY->setRange(0, 100);
  axisY->setTickCount(6);
  axisY->setLabelFormat("%.0f %%");
  styleAxis(axisY);
  attach(chart, series, axisX, axisY, false);
  chart->legend()->setAlignment(Qt::AlignBottom);
  return chart;
}

}  // namespace dbopt::studio
