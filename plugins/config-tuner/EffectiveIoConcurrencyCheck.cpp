#include "EffectiveIoConcurrencyCheck.hpp"

#include <algorithm>
#include <cctype>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr int kSsdValue = 200;      // PGTune: SSD
constexpr int kNetworkValue = 300;  // PGTune: SAN
constexpr int kMinFast = 100;       // dbopt choice: half of PGTune's SSD value

/// Builds without posix_fadvise (Windows, macOS) accept only 0 (runtime-config-resource.html).
bool without_posix_fadvise(const std::string& version) {
  std::string v = version;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const char* marker : {"windows", "visual c++", "mingw", "apple", "darwin"})
    if (v.find(marker) != std::string::npos) return true;
  return false;
}
}  // namespace

std::vector<sdk::OptionSpec> EffectiveIoConcurrencyCheck::options() { return {}; }

void EffectiveIoConcurrencyCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "effective_io_concurrency")) return;
  const auto current = setting_number(in.catalog, "effective_io_concurrency");
  if (!current) return;
  const std::string kind = storage(in.catalog);
  if (kind != "ssd" && kind != "network") return;
  if (without_posix_fadvise(in.catalog.snapshot().server.version)) {
    sink.log("effective-io-concurrency: this server's platform has no posix_fadvise; the setting must stay 0");
    return;
  }
  if (*current >= kMinFast) return;
  const int target = kind == "ssd" ? kSsdValue : kNetworkValue;

  SettingChange c;
  c.check_id = kId;
  c.name = "effective_io_concurrency";
  c.recommended = std::to_string(target);
  c.title = "effective_io_concurrency " + in.catalog.setting("effective_io_concurrency")->setting + " on " + kind +
            " storage; recommended " + c.recommended;
  c.reason = "effective\\_io\\_concurrency = " + sdk::md::escape(in.catalog.setting("effective_io_concurrency")->setting) +
             " lets a bitmap heap scan prefetch that many pages ahead (posix\\_fadvise). " + sdk::md::escape(kind) +
             " storage serves many requests in parallel; PGTune (pgtune.leopard.in.ua) sets " +
             std::to_string(kSsdValue) + " for SSD and " + std::to_string(kNetworkValue) +
             " for SAN storage. It changes no plan, only how far bitmap heap scans read ahead "
             "(maintenance\\_io\\_concurrency does the same for maintenance work). Builds without posix\\_fadvise "
             "(Windows, macOS) only accept 0.";
  c.evidence = {metric("effective_io_concurrency", *current, "count"), text_metric("storage", kind)};
  c.severity = sdk::Severity::Low;
  c.impact_summary = "more read-ahead for bitmap heap scans; no plan change, no speedup measured";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
