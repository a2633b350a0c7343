#include "Labels.hpp"

#include <QFont>
#include <QLabel>

namespace dbopt::studio {

QLabel* boldLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setBold(true);
  l->setFont(f);
  return l;
}

QLabel* untrustedLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setTextFormat(Qt::PlainText);  // set before the text: untrusted text is never rich text
  l->setText(text);
  l->setWordWrap(true);
  l->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return l;
}

}  // namespace dbopt::studio
