#include "SharedBuffersCheck.hpp"

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

std::vector<sdk::OptionSpec> SharedBuffersCheck::options() {
  return {{"shared-buffers-min-ratio", sdk::OptionType::Double, "0.20",
           "shared_buffers below this fraction of RAM fires shared-buffers (issue 3: 20–80 % of RAM)", 0.0, 1.0},
          {"shared-buffers-max-ratio", sdk::OptionType::Double, "0.80",
           "shared_buffers above this fraction of RAM fires shared-buffers (issue 3: 20–80 % of RAM)", 0.0, 1.0}};
}

void SharedBuffersCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "shared_buffers")) return;
  const auto current = setting_bytes(in.catalog, "shared_buffers");
  if (!current) return;
  const std::int64_t ram = ram_bytes(in.catalog);
  const double ratio = static_cast<double>(*current) / static_cast<double>(ram);
  const double min_ratio = in.options.number("shared-buffers-min-ratio");
  const double max_ratio = in.options.number("shared-buffers-max-ratio");
  if (ratio >= min_ratio && ratio <= max_ratio) return;
  const std::int64_t target = pgtune_shared_buffers(ram);
  if (target == *current) return;
  const bool too_large = ratio > max_ratio;

  SettingChange c;
  c.check_id = kId;
  c.name = "shared_buffers";
  c.recommended = format_size(target);
  c.title = "shared_buffers is " + format_percent(ratio) + " of RAM (" + format_size(*current) + " of " +
            format_size(ram) + "); recommended " + c.recommended;
  std::string r = "shared\\_buffers is " + sdk::md::escape(format_size(*current)) + ", " +
                  sdk::md::escape(format_percent(ratio)) + " of the server's " + sdk::md::escape(format_size(ram)) +
                  " RAM, outside the " + sdk::md::escape(format_percent(min_ratio)) + "–" +
                  sdk::md::escape(format_percent(max_ratio)) + " band. ";
  r += too_large ? "So large a buffer cache leaves too little memory for connections (work\\_mem), maintenance and "
                   "the operating system's page cache, which PostgreSQL also relies on: the server risks swapping "
                   "or the out-of-memory killer. "
                 : "Most of the working set is then read through the operating system's page cache, one 8 kB "
                   "system call per buffer miss, and the buffer cache cannot keep hot pages across queries. ";
  r += "PGTune (pgtune.leopard.in.ua) sets RAM / 4 = " + sdk::md::escape(c.recommended) +
       "; the PostgreSQL documentation (Resource Consumption) calls 25 % of RAM \"a reasonable starting value\" and "
       "doubts that more than 40 % works better.";
  if (auto bound = memory_bound(in.catalog, target); bound && bound->total() > ram)
    r += " With the new value the worst-case memory bound is " + sdk::md::escape(bound->formula()) +
         ", above RAM: see config-tuner/memory-overcommit and lower work\\_mem with it.";
  c.reason = r;
  c.evidence = {metric("shared_buffers_bytes", static_cast<double>(*current), "bytes"),
                metric("ram_bytes", static_cast<double>(ram), "bytes"), metric("ratio_of_ram", ratio, "ratio"),
                metric("recommended_bytes", static_cast<double>(target), "bytes")};
  c.severity = too_large ? sdk::Severity::High : sdk::Severity::Medium;
  c.impact_summary = "buffer cache sized to " + c.recommended + " (RAM / 4); no speedup is measured for a setting";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
