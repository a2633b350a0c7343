#include "AppIcon.hpp"

#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace dbopt::studio {

QIcon appIcon() {
  QSvgRenderer svg(QString::fromLatin1(kAppIconResource));
  if (!svg.isValid()) return {};
  QIcon icon;
  for (int size : {16, 24, 32, 48, 64, 128, 256}) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    painter.end();
    icon.addPixmap(pixmap);
  }
  return icon;
}

}  // namespace dbopt::studio
