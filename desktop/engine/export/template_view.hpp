// The data a report template sees (the variables listed in report_templates/README.md), built
// from a Report in C++ with one escaping policy per output format.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "report/report.hpp"

namespace dbopt::engine {

/// How untrusted text becomes template values. Markdown pre-escapes everything (the template
/// uses {{{triple}}}); HTML passes text through and lets Mustache's {{double}} escape it.
struct TemplateEscaping {
  std::function<std::string(std::string_view)> text;    ///< any one-line untrusted string
  std::function<std::string(std::string_view)> code;    ///< an SQL script (Markdown: a fenced block)
  std::function<std::string(std::string_view)> detail;  ///< a finding's Markdown detail
  std::function<std::string(std::string_view)> preformatted;  ///< an exhibit's text, shown verbatim (Markdown: a fenced block)
};

/// The template data of `report` (see report_templates/README.md for the variable names).
kainjow::mustache::data template_view(const Report& report, const TemplateEscaping& esc);

/// The Mustache spec's "standalone tag" rule, applied before parsing because kainjow/mustache
/// 4.1 leaves an empty line where a false section stood on its own lines (which would split a
/// Markdown table): a line holding only whitespace and one section, inverted-section, closing or
/// comment tag is reduced to the bare tag, without its line break. Blank template lines are kept
/// (kainjow would drop one that directly follows a section tag): they get a marker that
/// render_template_file removes after rendering.
std::string strip_standalone_tags(std::string_view tmpl);

/// Loads and renders a Mustache template (standalone tags stripped first, see above). Throws std::runtime_error naming the file when the
/// template cannot be read or does not parse ("report.md.mustache: template error: …").
std::string render_template_file(const std::filesystem::path& path, const kainjow::mustache::data& data,
                                 const std::function<std::string(const std::string&)>& escape);

/// The default template `name` ("report.md.mustache"): <exe dir>/../<DBOPT_TEMPLATE_INSTALL_DIR>/
/// (share/dbopt/report_templates/) when present (installed layout), else the source tree's report_templates/ (DBOPT_SOURCE_TEMPLATE_DIR).
/// Throws std::runtime_error listing the places searched when none exists.
std::filesystem::path default_template_path(const std::string& name);

}  // namespace dbopt::engine
