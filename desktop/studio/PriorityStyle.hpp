// How priorities look in the Studio: one colour per priority (the same hues as the PDF's priority
// chart: P1 red, P2 orange, P3 yellow, info grey) and a delegate drawing them as badges.
#pragma once

#include <QColor>
#include <QString>
#include <QStyledItemDelegate>

#include "report/priority.hpp"

namespace dbopt::studio {

/// Badge fill colour of a priority.
QColor priorityColor(engine::Priority priority);
/// Text colour readable on priorityColor(priority).
QColor priorityTextColor(engine::Priority priority);
/// "P1", "P2", "P3", "Info".
QString priorityLabel(engine::Priority priority);

/// Draws a cell whose Qt::UserRole data is an int engine::Priority as a rounded colour badge.
class PriorityBadgeDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace dbopt::studio
