// config-tuner — one recommended setting change turned into a finding with its ALTER SYSTEM
// apply script and the rollback that restores the captured value. The one place that decides
// restart vs reload, which pg_settings sources ALTER SYSTEM can override and how to roll back.
//
// Rollback rule (PostgreSQL docs, sql-altersystem.html and config-setting.html: values in
// postgresql.auto.conf override postgresql.conf; ALTER SYSTEM RESET removes the entry):
//   source "default" or "environment variable" → ALTER SYSTEM RESET name (nothing was in any file:
//     removing our entry brings the default back);
//   source "configuration file" → ALTER SYSTEM SET name = '<captured value with unit>': the value
//     may come from postgresql.conf (RESET would restore it too) or from an earlier ALTER SYSTEM in
//     postgresql.auto.conf (RESET would lose it) — the snapshot has no pg_settings.sourcefile, so the
//     rollback writes the captured value back, which is right in both cases;
//   any other source ("command line", "global", "database", "user", "database user", "client",
//     "session", "override", …) outranks postgresql.auto.conf: ALTER SYSTEM would not take effect,
//     so no script is emitted and the finding says where the value must be changed.
// A setting with pending_restart (the files already hold another value) gets no script either.
#pragma once

#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::config_tuner {

/// What a check recommends for one setting.
struct SettingChange {
  std::string check_id;                 ///< "config-tuner/<name>"
  std::string name;                     ///< pg_settings.name; must be in the snapshot
  std::string recommended;              ///< value as ALTER SYSTEM writes it, unquoted ("1536MB", "1.1", "on")
  std::vector<std::string> recommended_list;  ///< list settings: one literal per element (else empty)
  std::string title;                    ///< plain text
  std::string reason;                   ///< Markdown: the problem and the rule, with numbers (escaped)
  std::vector<sdk::Metric> evidence;    ///< check-specific figures (current/recommended are added)
  sdk::Severity severity = sdk::Severity::Low;
  sdk::Confidence confidence = sdk::Confidence::Heuristic;
  std::string impact_summary;           ///< one line; no speedup is ever claimed for a config change
};

/// True when ALTER SYSTEM can change a setting whose pg_settings.source is `source`.
bool alter_system_can_override(const std::string& source);

/// The finding for `change`: detail = reason + current value (unit, source) + recommended value
/// + restart/reload; script (category Config) = `ALTER SYSTEM SET name = 'value'; SELECT
/// pg_reload_conf();` and the rollback of the rule above, requires_restart for context
/// "postmaster". Throws std::invalid_argument when `change.name` is not a setting of the snapshot
/// or not a plain GUC identifier.
sdk::Finding make_setting_finding(const sdk::Catalog& catalog, const SettingChange& change);

}  // namespace dbopt::plugins::config_tuner
