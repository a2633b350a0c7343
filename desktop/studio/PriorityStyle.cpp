#include "PriorityStyle.hpp"

#include <QApplication>
#include <QPainter>

namespace dbopt::studio {

QColor priorityColor(engine::Priority priority) {
  switch (priority) {
    case engine::Priority::P1: return QColor(0xc6, 0x28, 0x28);
    case engine::Priority::P2: return QColor(0xef, 0x6c, 0x00);
    case engine::Priority::P3: return QColor(0xf9, 0xa8, 0x25);
    case engine::Priority::Info: return QColor(0x78, 0x90, 0x9c);
  }
  return Qt::gray;
}

QColor priorityTextColor(engine::Priority priority) {
  return priority == engine::Priority::P3 ? QColor(0x21, 0x21, 0x21) : QColor(Qt::white);
}

QString priorityLabel(engine::Priority priority) {
  return priority == engine::Priority::Info ? QStringLiteral("Info") : QString::fromLatin1(engine::to_string(priority));
}

void PriorityBadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                  const QModelIndex& index) const {
  QStyleOptionViewItem opt = option;
  initStyleOption(&opt, index);
  opt.text.clear();
  const QWidget* widget = option.widget;
  QStyle* style = widget ? widget->style() : QApplication::style();
  style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);  // selection background

  const auto priority = static_cast<engine::Priority>(index.data(Qt::UserRole).toInt());
  const QString label = priorityLabel(priority);
  const QFontMetrics fm(option.font);
  const int w = fm.horizontalAdvance(label) + 16;
  const int h = fm.height() + 4;
  const QRect badge(option.rect.left() + 6, option.rect.center().y() - h / 2 + 1, w, h);
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setPen(Qt::NoPen);
  painter->setBrush(priorityColor(priority));
  painter->drawRoundedRect(badge, h / 2.0, h / 2.0);
  QFont bold = option.font;
  bold.setBold(true);
  painter->setFont(bold);
  painter->setPen(priorityTextColor(priority));
  painter->drawText(badge, Qt::AlignCenter, label);
  painter->restore();
}

QSize PriorityBadgeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QSize s = QStyledItemDelegate::sizeHint(option, index);
  const QFontMetrics fm(option.font);
  return QSize(std::max(s.width(), fm.horizontalAdvance("Info") + 32), std::max(s.height(), fm.height() + 10));
}

}  // namespace dbopt::studio
