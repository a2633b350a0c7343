#include "export/pdf_charts.hpp"

#include <algorithm>
#include <map>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QGraphicsScene>
#include <QHorizontalBarSeries>
#include <QPainter>
#include <QStackedBarSeries>
#include <QValueAxis>

#include "export/chart_axis.hpp"

namespace dbopt::engine {

namespace {

QFont chart_font(int point_size, bool bold = false) {
  QFont f("DejaVu Sans");
  f.setPointSize(point_size);
  f.setBold(bold);
  return f;
}

/// Renders a chart (taking ownership) into an image.
QImage render(QChart* chart, QSize size, double scale) {
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setBackgroundBrush(Qt::white);
  chart->setBackgroundRoundness(0);
  chart->setTitleFont(chart_font(10, true));
  chart->legend()->setFont(chart_font(8));
  QGraphicsScene scene;
  scene.addItem(chart);  // the scene owns and deletes the chart
  chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
  scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
  QImage image(QSize(static_cast<int>(size.width() * scale), static_cast<int>(size.height() * scale)),
               QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), scene.sceneRect());
  painter.end();
  return image;
}

QValueAxis* count_axis(double max_value) {
  auto* axis = new QValueAxis;
  // Integer ticks only: the range is a whole number of steps (with "%d" labels, 0..7 in 5
  // intervals would print the ticks 1.4, 2.8, … as 1, 2, … — counts that are not there).
  const auto [top, ticks] = count_axis_ticks(max_value);
  axis->setRange(0, top);
  axis->setTickCount(ticks);
  axis->setLabelFormat("%d");
  axis->setLabelsFont(chart_font(8));
  return axis;
}

}  // namespace

QImage priority_chart(const Report& report, QSize size, double scale) {
  const auto& c = report.summary.by_priority;
  const std::size_t values[] = {c.p1, c.p2, c.p3, c.info};
  const char* names[] = {"P1", "P2", "P3", "info"};
  const QColor colors[] = {QColor("#c62828"), QColor("#ef6c00"), QColor("#f9a825"), QColor("#9e9e9e")};
  // One stacked set per priority with a value only in its own category: one colour per bar.
  auto* series = new QStackedBarSeries;
  for (int i = 0; i < 4; ++i) {
    auto* set = new QBarSet(names[i]);
    for (int j = 0; j < 4; ++j) *set << (i == j ? static_cast<double>(values[i]) : 0.0);
    set->setColor(colors[i]);
    set->setBorderColor(colors[i]);
    series->append(set);
  }
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle("Actions by priority");
  auto* categories = new QBarCategoryAxis;
  categories->append({"P1", "P2", "P3", "info"});
  categories->setLabelsFont(chart_font(8));
  chart->addAxis(categories, Qt::AlignBottom);
  series->attachAxis(categories);
  auto* axis = count_axis(static_cast<double>(*std::max_element(std::begin(values), std::end(values))));
  chart->addAxis(axis, Qt::AlignLeft);
  series->attachAxis(axis);
  chart->legend()->setVisible(false);
  return render(chart, size, scale);
}

QImage plugin_chart(const Report& report, QSize size, double scale) {
  std::map<std::string, int> per_plugin;
  for (const auto& item : report.items)
    for (const auto& s : item.sources) ++per_plugin[s.plugin_id];
  auto* set = new QBarSet("findings");
  set->setColor(QColor("#1565c0"));
  set->setBorderColor(QColor("#1565c0"));
  QStringList labels;
  int max_value = 0;
  // QHorizontalBarSeries draws the first category at the bottom: insert in reverse so the
  // plugins read alphabetically from the top.
  for (auto it = per_plugin.rbegin(); it != per_plugin.rend(); ++it) {
    const auto& [plugin, n] = *it;
    QString label = QString::fromStdString(plugin);
    if (label.size() > 40) label = label.left(39) + QChar(0x2026);
    labels << label;
    *set << n;
    max_value = std::max(max_value, n);
  }
  auto* series = new QHorizontalBarSeries;
  series->append(set);
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(per_plugin.empty() ? "Findings by plugin (none)" : "Findings by plugin");
  auto* categories = new QBarCategoryAxis;
  categories->append(labels.isEmpty() ? QStringList{"—"} : labels);
  categories->setLabelsFont(chart_font(8));
  chart->addAxis(categories, Qt::AlignLeft);
  series->attachAxis(categories);
  auto* axis = count_axis(max_value);
  chart->addAxis(axis, Qt::AlignBottom);
  series->attachAxis(axis);
  chart->legend()->setVisible(false);
  return render(chart, size, scale);
}

}  // namespace dbopt::engine
