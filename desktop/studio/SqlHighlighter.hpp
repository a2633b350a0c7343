// Syntax highlighting of the SQL the report proposes (apply/rollback scripts): keywords,
// quoted identifiers, string literals (also E'…' and dollar-quoted bodies on one line), numbers
// and `--` comments. Colours follow the palette so light and dark themes both read well.
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace dbopt::studio {

class SqlHighlighter : public QSyntaxHighlighter {
  Q_OBJECT
 public:
  explicit SqlHighlighter(QTextDocument* document);

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QRegularExpression keywords_;
  QTextCharFormat keyword_, identifier_, literal_, number_, comment_;
};

/// A monospace font for SQL and preformatted text (the system fixed font).
QFont monospaceFont();

}  // namespace dbopt::studio
