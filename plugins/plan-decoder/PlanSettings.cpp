#include "PlanSettings.hpp"

#include <cmath>
#include <cstdlib>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {

std::optional<std::int64_t> parse_memory_kb(const std::string& text, const std::string& default_unit) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  std::string unit = end;
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  if (unit.empty()) unit = default_unit;
  double kb = 0;
  if (unit == "kB") kb = v;
  else if (unit == "8kB") kb = v * 8;
  else if (unit == "MB") kb = v * 1024;
  else if (unit == "GB") kb = v * 1024 * 1024;
  else if (unit == "TB") kb = v * 1024.0 * 1024 * 1024;
  else if (unit == "B") kb = v / 1024;
  else return std::nullopt;
  return static_cast<std::int64_t>(std::llround(kb));
}

}  // namespace

std::optional<std::int64_t> setting_kb(const sdk::Plan& plan, const sdk::Catalog& catalog, std::string_view name) {
  if (auto it = plan.settings.find(std::string(name)); it != plan.settings.end()) {
    if (auto kb = parse_memory_kb(it->second, "kB")) return kb;
  }
  if (const sdk::Setting* s = catalog.setting(name)) return parse_memory_kb(s->setting, s->unit.value_or("kB"));
  return std::nullopt;
}

std::optional<double> setting_number(const sdk::Plan& plan, const sdk::Catalog& catalog, std::string_view name) {
  std::string text;
  if (auto it = plan.settings.find(std::string(name)); it != plan.settings.end()) text = it->second;
  else if (const sdk::Setting* s = catalog.setting(name)) text = s->setting;
  else return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  return v;
}

std::string format_kb(double kb) { return sdk::sql::format_bytes(static_cast<std::int64_t>(std::llround(kb * 1024))); }

}  // namespace dbopt::plugins::plan_decoder
