// config-tuner — the check registry (clang-tidy's CheckFactories::registerCheck shape).
// Every check is a class with:
//   static sdk::CheckInfo info();                      // ID "config-tuner/<name>", title
//   static std::vector<sdk::OptionSpec> options();     // its thresholds, defaults and sources
//   static HardwareNeeds needs();                      // hardware facts it cannot run without
//   void run(const TunerInput&, sdk::FindingSink&) const;
// documented in README.md under its ID and tested in tests/unit/plugins/config_tuner_test.cpp.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::config_tuner {

/// Hardware facts (Snapshot::hardware, from --server-ram/--server-cores/--storage) a check needs.
struct HardwareNeeds {
  bool ram = false;      ///< HardwareInfo::ram_bytes
  bool cores = false;    ///< HardwareInfo::cpu_cores
  bool storage = false;  ///< HardwareInfo::storage
};

/// What a check reads: the catalog, this plugin's options and the PROFILE/ANALYZE findings
/// (Context::earlier_findings: query-profiler's temp-spill evidence, settings already covered).
struct TunerInput {
  const sdk::Catalog& catalog;
  const sdk::Options& options;
  const std::vector<sdk::Finding>& earlier_findings;
};

/// One registered check: metadata, options, hardware needs and how to run it.
struct CheckEntry {
  sdk::CheckInfo info;
  std::vector<sdk::OptionSpec> options;
  HardwareNeeds needs;
  std::function<void(const TunerInput&, sdk::FindingSink&)> run;
};

template <class C>
CheckEntry make_check_entry() {
  return {C::info(), C::options(), C::needs(),
          [](const TunerInput& input, sdk::FindingSink& sink) { C{}.run(input, sink); }};
}

/// True when an earlier finding is about the setting `name` (ObjectRef kind "setting"): the
/// checks then leave that setting alone (query-profiler's track-io-timing-off, for one).
inline bool covered_by_earlier(const TunerInput& input, const std::string& name) {
  for (const auto& f : input.earlier_findings)
    if (f.object.kind == "setting" && f.object.name == name) return true;
  return false;
}

}  // namespace dbopt::plugins::config_tuner
