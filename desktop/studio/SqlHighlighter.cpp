#include "SqlHighlighter.hpp"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

namespace dbopt::studio {

namespace {

bool darkPalette() { return QGuiApplication::palette().color(QPalette::Base).lightness() < 128; }

}  // namespace

QFont monospaceFont() {
  QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  f.setStyleHint(QFont::Monospace);
  return f;
}

SqlHighlighter::SqlHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {
  static const char* const kWords[] = {
      "ALTER", "ANALYZE", "AND", "AS", "ASC", "BEGIN", "BY", "CASCADE", "CLUSTER", "COLUMN", "COMMIT", "CONCURRENTLY",
      "CONSTRAINT", "CREATE", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "EXISTS", "EXPLAIN", "FOREIGN", "FROM",
      "FULL", "GROUP", "HAVING", "IF", "IN", "INCLUDE", "INDEX", "INSERT", "INTO", "IS", "JOIN", "KEY", "LEFT", "LIMIT",
      "NOT", "NULL", "ON", "OR", "ORDER", "PRIMARY", "REFERENCES", "REINDEX", "RESET", "ROLLBACK", "SELECT", "SET",
      "STATISTICS", "SYSTEM", "TABLE", "TO", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "WHERE", "WITH"};
  QStringList words;
  for (const char* w : kWords) words << QString::fromLatin1(w);
  keywords_ = QRegularExpression("\\b(" + words.join('|') + ")\\b", QRegularExpression::CaseInsensitiveOption);

  const bool dark = darkPalette();
  keyword_.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x1a, 0x4f, 0xb4));
  keyword_.setFontWeight(QFont::Bold);
  identifier_.setForeground(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x7b, 0x1f, 0xa2));
  literal_.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x2e, 0x7d, 0x32));
  number_.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xbf, 0x36, 0x0c));
  comment_.setForeground(dark ? QColor(0x80, 0x8a, 0x99) : QColor(0x75, 0x75, 0x75));
  comment_.setFontItalic(true);
}

void SqlHighlighter::highlightBlock(const QString& text) {
  // Keywords and numbers first; quoted text and comments then override what lies inside them.
  for (auto it = keywords_.globalMatch(text); it.hasNext();) {
    const auto m = it.next();
    setFormat(m.capturedStart(), m.capturedLength(), keyword_);
  }
  static const QRegularExpression number("\\b\\d+(\\.\\d+)?\\b");
  for (auto it = number.globalMatch(text); it.hasNext();) {
    const auto m = it.next();
    setFormat(m.capturedStart(), m.capturedLength(), number_);
  }
  // Lexer for quotes and comments; a string or identifier left open continues on the next line
  // (block state 1 = inside '…', 2 = inside "…").
  int state = previousBlockState() < 0 ? 0 : previousBlockState();
  int start = 0;
  bool escapes = false;  // inside E'…', where a backslash escapes the next character
  for (int i = 0; i < text.size(); ++i) {
    const QChar c = text[i];
    if (state == 0) {
      if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
        setFormat(i, text.size() - i, comment_);
        break;
      }
      if (c == '\'' || c == '"') {
        state = c == '\'' ? 1 : 2;
        start = i;
        escapes = state == 1 && i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e');
      }
    } else {
      const QChar close = state == 1 ? '\'' : '"';
      if (c == '\\' && escapes) {
        ++i;
        continue;
      }
      if (c == close) {
        if (i + 1 < text.size() && text[i + 1] == close) {
          ++i;  // doubled quote stays inside
          continue;
        }
        setFormat(start, i - start + 1, state == 1 ? literal_ : identifier_);
        state = 0;
      }
    }
  }
  if (state != 0) setFormat(start, text.size() - start, state == 1 ? literal_ : identifier_);
  setCurrentBlockState(state);
}

}  // namespace dbopt::studio
