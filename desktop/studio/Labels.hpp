// The Studio's two kinds of label: a bold section heading, and a label for text read from a
// snapshot or report (untrusted: plain text only, never rich text, so a name like "<b>x</b>"
// shows as written).
#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace dbopt::studio {

/// A bold label: a section heading of a view.
QLabel* boldLabel(const QString& text, QWidget* parent);

/// A label for untrusted text: Qt::PlainText, word-wrapped, selectable with the mouse.
QLabel* untrustedLabel(const QString& text, QWidget* parent);

}  // namespace dbopt::studio
