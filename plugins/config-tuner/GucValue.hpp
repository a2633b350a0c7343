// config-tuner — reading and writing pg_settings values with their units.
// pg_settings.setting is expressed in pg_settings.unit ("8kB", "kB", "MB", "B", "ms", "s", "min";
// PostgreSQL docs, "pg_settings" view-pg-settings.html); ALTER SYSTEM accepts a number with a
// unit suffix ("128MB", "10min", config-setting.html, "Numeric with Unit"). Every value written
// here round-trips exactly: formatted in the largest unit that divides it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::config_tuner {

/// pg_settings.setting parsed as a number; nullopt when it is not numeric.
std::optional<double> numeric_value(const sdk::Setting& s);

/// Bytes of a memory setting (unit B, kB, 8kB, MB); nullopt when the unit is not a size or the
/// value is negative (autovacuum_work_mem = -1 means "use maintenance_work_mem").
std::optional<std::int64_t> memory_bytes(const sdk::Setting& s);

/// Milliseconds of a time setting (unit ms, s, min); nullopt when not a time or negative (-1 =
/// disabled for log_min_duration_statement and friends).
std::optional<double> duration_ms(const sdk::Setting& s);

/// A size the way PostgreSQL writes it in a config file: the largest of TB, GB, MB, kB that
/// divides `bytes` exactly, else bytes with "B" ("4GB", "1536MB", "64kB", "100B").
std::string format_size(std::int64_t bytes);

/// A duration in the largest of d, h, min, s, ms that divides it exactly ("10min", "2ms",
/// "2.5ms" for fractional milliseconds).
std::string format_duration(double ms);

/// The captured value exactly as ALTER SYSTEM SET accepts it back: memory and time settings
/// with their unit ("128MB", "2ms"), negative sentinels and unitless values as captured ("-1",
/// "4", "on", "pg_stat_statements").
std::string value_with_unit(const sdk::Setting& s);

/// `bytes` rounded down to whole MB (at least 1 MB).
std::int64_t floor_mb(std::int64_t bytes);

/// `bytes` rounded up to whole MB.
std::int64_t ceil_mb(std::int64_t bytes);

/// A real setting value as PostgreSQL shows it (printf %g): 0.2 → "0.2", 1.1 → "1.1", 4 → "4".
std::string format_number(double value);

/// Elements of a list setting: sdk::sql::list_setting_elements.
using sdk::sql::list_setting_elements;

/// True when a pg_settings name is a plain GUC identifier ([a-z_][a-z0-9_]*, optionally one
/// ".suffix" for extension settings): the only names the scripts ever write.
bool is_guc_identifier(const std::string& name);

}  // namespace dbopt::plugins::config_tuner
