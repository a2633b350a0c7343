#include "export/markdown.hpp"

#include "export/markdown_text.hpp"
#include "export/template_view.hpp"

namespace dbopt::engine {

std::string render_markdown(const Report& report, const std::optional<std::filesystem::path>& template_path) {
  TemplateEscaping esc;
  esc.text = [](std::string_view s) { return sdk::md::escape(s); };
  esc.code = [](std::string_view s) { return sdk::md::code_block(s, "sql"); };
  esc.detail = [](std::string_view s) { return md_detail(s); };
  esc.preformatted = [](std::string_view s) { return sdk::md::code_block(s, "text"); };
  const auto path = template_path ? *template_path : default_template_path("report.md.mustache");
  return render_template_file(path, template_view(report, esc), [](const std::string& s) { return s; });
}

}  // namespace dbopt::engine
