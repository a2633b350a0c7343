#include "export/pdf_export.hpp"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextOption>
#include <QUrl>

#include "common/atomic_file.hpp"
#include "export/pdf_charts.hpp"
#include "export/qt_runtime.hpp"
#include "export/template_view.hpp"

namespace dbopt::engine {

namespace {

constexpr int kResolution = 96;          // device pixels per inch of the layout (fonts are vector)
constexpr double kMarginMm = 15.0;
constexpr double kFooterPx = 28.0;       // space reserved under the body for the page footer

/// Markdown detail → HTML body fragment (raw HTML in the Markdown is dropped, text escaped by Qt).
/// GitHub-flavoured Markdown (tables, strikethrough, autolinks) as plugins write it, with raw HTML
/// ignored: a finding's detail is untrusted text. (QTextDocument::MarkdownNoHTML alone is
/// CommonMark, which shows a GFM table as lines of pipes.)
constexpr QTextDocument::MarkdownFeatures kDetailMarkdown{QTextDocument::MarkdownDialectGitHub |
                                                         QTextDocument::MarkdownNoHTML};

std::string detail_html(std::string_view markdown) {
  const QString html = QTextDocumentFragment::fromMarkdown(QString::fromUtf8(markdown.data(), static_cast<int>(markdown.size())),
                                                           kDetailMarkdown)
                           .toHtml();
  qsizetype start = html.indexOf("<body");
  start = start < 0 ? -1 : html.indexOf('>', start);
  const qsizetype end = html.lastIndexOf("</body>");
  if (start < 0 || end < 0 || end <= start) return html.toHtmlEscaped().toStdString();
  QString body = html.mid(start + 1, end - start - 1);
  body.remove("<!--StartFragment-->");
  body.remove("<!--EndFragment-->");
  return body.toStdString();
}

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

struct Chart {
  const char* url;
  const char* caption;
  QImage image;
  QSize size;
};

}  // namespace

std::string render_pdf(const Report& report, const std::optional<std::filesystem::path>& template_path) {
  ensure_qt_application();

  const QSize chart_size(330, 220);
  std::vector<Chart> charts;
  charts.push_back({"dbopt-chart-priority.png", "Actions by priority", priority_chart(report, chart_size), chart_size});
  charts.push_back({"dbopt-chart-plugins.png", "Findings by plugin", plugin_chart(report, chart_size), chart_size});

  TemplateEscaping esc;
  esc.text = [](std::string_view s) { return std::string(s); };
  esc.code = [](std::string_view s) { return std::string(s); };
  esc.detail = [](std::string_view s) { return detail_html(s); };
  esc.preformatted = [](std::string_view s) { return std::string(s); };
  kainjow::mustache::data data = template_view(report, esc);
  kainjow::mustache::data chart_list(kainjow::mustache::data::type::list);
  for (const auto& c : charts) {
    kainjow::mustache::data cd;
    cd.set("src", c.url);
    cd.set("caption", c.caption);
    cd.set("width", std::to_string(c.size.width()));
    cd.set("height", std::to_string(c.size.height()));
    chart_list.push_back(cd);
  }
  data.set("charts", chart_list);
  const auto path = template_path ? *template_path : default_template_path("report.html.mustache");
  const std::string html = render_template_file(path, data, html_escape);

  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setResolution(kResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter));
    writer.setTitle(QString::fromStdString(report.title + " — " + report.database));
    writer.setCreator(QString::fromStdString("dbopt " + report.dbopt_version));

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&writer);
    QFont font("DejaVu Sans");
    font.setPointSizeF(9);
    doc.setDefaultFont(font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    doc.setDefaultTextOption(option);
    for (const auto& c : charts) doc.addResource(QTextDocument::ImageResource, QUrl(c.url), c.image);
    doc.setHtml(QString::fromStdString(html));

    const QSizeF page(writer.width(), writer.height() - kFooterPx);
    doc.setPageSize(page);
    const int pages = doc.pageCount();

    QPainter painter(&writer);
    QFont footer_font("DejaVu Sans");
    footer_font.setPointSizeF(7.5);
    const QString footer_left = QString::fromStdString(report.title + " — " + report.database + " — " + report.generated_at);
    for (int i = 0; i < pages; ++i) {
      if (i > 0) writer.newPage();
      painter.save();
      painter.translate(0, -i * page.height());
      doc.drawContents(&painter, QRectF(0, i * page.height(), page.width(), page.height()));
      painter.restore();
      painter.save();
      painter.setFont(footer_font);
      painter.setPen(QColor("#666666"));
      const QRectF footer(0, page.height() + 6, page.width(), kFooterPx - 6);
      const QString elided = QFontMetrics(footer_font, &writer).elidedText(footer_left, Qt::ElideMiddle,
                                                                            static_cast<int>(page.width() * 0.75));
      painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, elided);
      painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter, QString("page %1 of %2").arg(i + 1).arg(pages));
      painter.restore();
    }
    painter.end();
  }
  buffer.close();
  return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

void write_pdf(const Report& report, const std::filesystem::path& path,
               const std::optional<std::filesystem::path>& template_path) {
  write_file_atomically(path, render_pdf(report, template_path));
}

}  // namespace dbopt::engine
