// table-stats — the check registry (clang-tidy's CheckFactories::registerCheck shape).
// Every check is a class with:
//   static sdk::CheckInfo info();                      // ID "table-stats/<name>", title
//   static std::vector<sdk::OptionSpec> options();     // its thresholds, defaults and sources
//   void run(const sdk::Catalog&, const sdk::Options&, sdk::FindingSink&) const;
// documented in README.md under its ID and tested in tests/unit/plugins/table_stats_test.cpp.
#pragma once

#include <functional>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// One registered check: metadata, options and how to run it.
struct CheckEntry {
  sdk::CheckInfo info;
  std::vector<sdk::OptionSpec> options;
  std::function<void(const sdk::Catalog&, const sdk::Options&, sdk::FindingSink&)> run;
};

template <class C>
CheckEntry make_check_entry() {
  return {C::info(), C::options(),
          [](const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) {
            C{}.run(catalog, options, sink);
          }};
}

}  // namespace dbopt::plugins::table_stats
