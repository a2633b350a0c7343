// Charts of the PDF report, drawn with QtCharts offscreen into images.
#pragma once

#include <QImage>
#include <QSize>

#include "report/report.hpp"

namespace dbopt::engine {

/// Bar chart of the number of items per priority (P1 red, P2 orange, P3 yellow, info grey).
/// `size` in logical pixels; the image has `scale` × as many pixels (for sharp printing).
/// Needs a QApplication (ensure_qt_application) on the calling thread.
QImage priority_chart(const Report& report, QSize size, double scale = 2.0);

/// Horizontal bar chart of the findings per plugin (every merged source counted), plugin ids sorted.
QImage plugin_chart(const Report& report, QSize size, double scale = 2.0);

}  // namespace dbopt::engine
