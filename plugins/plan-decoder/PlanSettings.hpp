// plan-decoder — a setting as the plan ran with it: the plan's own "Settings" (EXPLAIN SETTINGS
// lists the planner GUCs changed from their default), else the snapshot's pg_settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/plan.hpp"

namespace dbopt::plugins::plan_decoder {

/// A memory setting in kB: "4MB", "65536kB", "1GB" (plan Settings) or pg_settings.setting in
/// its unit (kB or 8kB). Null when neither source has it or it does not parse.
std::optional<std::int64_t> setting_kb(const sdk::Plan& plan, const sdk::Catalog& catalog, std::string_view name);

/// A numeric setting (hash_mem_multiplier, jit_above_cost): plan Settings, else pg_settings.
std::optional<double> setting_number(const sdk::Plan& plan, const sdk::Catalog& catalog, std::string_view name);

/// "64 MB"-style text of a kB figure, via sdk::sql::format_bytes.
std::string format_kb(double kb);

}  // namespace dbopt::plugins::plan_decoder
