// Markdown export of a report through a Mustache template (DESIGN.md "Report"; default template
// report_templates/report.md.mustache, user-overridable with --template).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "report/report.hpp"

namespace dbopt::engine {

/// Renders `report` as Markdown. Every untrusted string is escaped in C++ (export/markdown_text.hpp)
/// before it reaches the template, and Mustache's HTML escaping is off, so {{x}} and {{{x}}} are
/// the same. `template_path`: a custom template; default: default_template_path("report.md.mustache").
/// Throws std::runtime_error naming the template file when it is missing, unreadable or invalid.
std::string render_markdown(const Report& report, const std::optional<std::filesystem::path>& template_path = {});

}  // namespace dbopt::engine
