#include "GucValue.hpp"

#include <cmath>
#include <cstdio>

namespace dbopt::plugins::config_tuner {

namespace {

constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;

std::optional<double> unit_bytes(const std::optional<std::string>& unit) {
  if (!unit) return std::nullopt;
  if (*unit == "B") return 1.0;
  if (*unit == "kB") return 1024.0;
  if (*unit == "8kB") return 8192.0;
  if (*unit == "MB") return 1024.0 * 1024;
  return std::nullopt;
}

std::optional<double> unit_ms(const std::optional<std::string>& unit) {
  if (!unit) return std::nullopt;
  if (*unit == "ms") return 1.0;
  if (*unit == "s") return 1000.0;
  if (*unit == "min") return 60'000.0;
  return std::nullopt;
}

}  // namespace

std::optional<double> numeric_value(const sdk::Setting& s) {
  try {
    std::size_t pos = 0;
    const double v = std::stod(s.setting, &pos);
    if (pos != s.setting.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<std::int64_t> memory_bytes(const sdk::Setting& s) {
  const auto mult = unit_bytes(s.unit);
  const auto v = numeric_value(s);
  if (!mult || !v || *v < 0) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*v * *mult));
}

std::optional<double> duration_ms(const sdk::Setting& s) {
  const auto mult = unit_ms(s.unit);
  const auto v = numeric_value(s);
  if (!mult || !v || *v < 0) return std::nullopt;
  return *v * *mult;
}

std::string format_size(std::int64_t bytes) {
  struct Unit {
    std::int64_t size;
    const char* name;
  };
  static constexpr Unit units[] = {{kMiB * kMiB, "TB"}, {kMiB * kKiB, "GB"}, {kMiB, "MB"}, {kKiB, "kB"}};
  for (const Unit& u : units)
    if (bytes != 0 && bytes % u.size == 0) return std::to_string(bytes / u.size) + u.name;
  return std::to_string(bytes) + "B";
}

std::string format_duration(double ms) {
  struct Unit {
    double size;
    const char* name;
  };
  static constexpr Unit units[] = {{86'400'000.0, "d"}, {3'600'000.0, "h"}, {60'000.0, "min"}, {1000.0, "s"}};
  if (ms > 0 && std::floor(ms) == ms) {
    for (const Unit& u : units)
      if (std::fmod(ms, u.size) == 0) return std::to_string(static_cast<long long>(ms / u.size)) + u.name;
    return std::to_string(static_cast<long long>(ms)) + "ms";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6gms", ms);
  return buf;
}

std::string value_with_unit(const sdk::Setting& s) {
  if (auto b = memory_bytes(s)) return format_size(*b);
  if (auto ms = duration_ms(s)) return format_duration(*ms);
  return s.setting;
}

std::int64_t floor_mb(std::int64_t bytes) { return std::max<std::int64_t>(1, bytes / kMiB) * kMiB; }

std::int64_t ceil_mb(std::int64_t bytes) { return ((bytes + kMiB - 1) / kMiB) * kMiB; }

std::string format_number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

bool is_guc_identifier(const std::string& name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
  int dots = 0;
  char prev = 0;
  for (char ch : name) {
    if (ch == '.') {
      if (++dots > 1 || prev == '.') return false;
    } else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
      return false;
    }
    prev = ch;
  }
  return prev != '.';
}

}  // namespace dbopt::plugins::config_tuner
