#include "EffectiveCacheSizeCheck.hpp"

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

std::vector<sdk::OptionSpec> EffectiveCacheSizeCheck::options() {
  return {{"effective-cache-size-min-ratio", sdk::OptionType::Double, "0.50",
           "effective_cache_size below this fraction of RAM fires effective-cache-size (dbopt choice: two "
           "thirds of PGTune's 3/4)",
           0.0, 1.0}};
}

void EffectiveCacheSizeCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "effective_cache_size")) return;
  const auto current = setting_bytes(in.catalog, "effective_cache_size");
  if (!current) return;
  const std::int64_t ram = ram_bytes(in.catalog);
  const double ratio = static_cast<double>(*current) / static_cast<double>(ram);
  const double min_ratio = in.options.number("effective-cache-size-min-ratio");
  if (ratio >= min_ratio && ratio <= 1.0) return;
  const std::int64_t target = floor_mb(ram / 4 * 3);

  SettingChange c;
  c.check_id = kId;
  c.name = "effective_cache_size";
  c.recommended = format_size(target);
  c.title = "effective_cache_size is " + format_percent(ratio) + " of RAM (" + format_size(*current) + " of " +
            format_size(ram) + "); recommended " + c.recommended;
  std::string r = "effective\\_cache\\_size is " + sdk::md::escape(format_size(*current)) + ", " +
                  sdk::md::escape(format_percent(ratio)) + " of the server's " + sdk::md::escape(format_size(ram)) +
                  " RAM. It allocates nothing: it tells the planner how much of the data shared\\_buffers and the "
                  "operating system's cache can hold together, and so how likely repeated index lookups are to "
                  "hit memory. ";
  r += ratio > 1.0 ? "Above RAM, the planner assumes cache that does not exist and favours index scans that will "
                     "read from disk. "
                   : "Below " + sdk::md::escape(format_percent(min_ratio)) +
                         " of RAM, the planner over-estimates disk reads of index scans and prefers sequential "
                         "scans and hash joins more than the hardware warrants. ";
  r += "PGTune (pgtune.leopard.in.ua) sets 3/4 of RAM = " + sdk::md::escape(c.recommended) + ".";
  c.reason = r;
  c.evidence = {metric("effective_cache_size_bytes", static_cast<double>(*current), "bytes"),
                metric("ram_bytes", static_cast<double>(ram), "bytes"), metric("ratio_of_ram", ratio, "ratio")};
  c.severity = sdk::Severity::Low;
  c.impact_summary = "planner cost estimate only; plans may change, nothing is allocated";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
