// plan-decoder — the check registry (clang-tidy's CheckFactories::registerCheck shape) and
// the sink checks report to. Every check is a class with:
//   static sdk::CheckInfo info();                      // ID "plan-decoder/<name>", title, story
//   static std::vector<sdk::OptionSpec> options();     // its thresholds, defaults and sources
//   void run(const PlanView&, const sdk::Catalog&, const sdk::Options&, PlanFindings&) const;
// run once per decoded plan, documented in README.md under its ID and tested in
// tests/unit/plugins/plan_decoder_test.cpp.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "PlanView.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::plan_decoder {

/// Where checks report on one plan: each finding is linked to the plan's exhibit
/// (Finding::exhibit) and the node it is about is marked there with the check's short name.
class PlanFindings {
 public:
  PlanFindings(sdk::FindingSink& sink, const PlanView& view) : sink_(sink), view_(view) {}

  /// A finding about `node` (null: about the whole plan) pre-filled with check_id, story,
  /// exhibit, object (the scanned table when known, else the statement), confidence (measured
  /// with ANALYZE figures) and the node's evidence: path, label, rows est/actual, loops,
  /// exclusive time and buffers.
  sdk::Finding start(std::string_view check_id, std::string_view story, const NodeView* node,
                     const sdk::Catalog& catalog) const;
  /// Sends `finding` and marks `node` (if any) with `mark` in the exhibit.
  void add(const sdk::Finding& finding, const NodeView* node, std::string_view mark);
  void log(std::string_view message) { sink_.log(message); }

  const PlanView& view() const { return view_; }
  /// Node id → short names of the checks that marked it.
  const std::map<int, std::vector<std::string>>& marks() const { return marks_; }
  int plan_marks() const { return plan_marks_; }

 private:
  sdk::FindingSink& sink_;
  const PlanView& view_;
  std::map<int, std::vector<std::string>> marks_;
  int plan_marks_ = 0;
};

/// One registered check: metadata, options and how to run it.
struct CheckEntry {
  sdk::CheckInfo info;
  std::vector<sdk::OptionSpec> options;
  std::function<void(const PlanView&, const sdk::Catalog&, const sdk::Options&, PlanFindings&)> run;
};

template <class C>
CheckEntry make_check_entry() {
  return {C::info(), C::options(),
          [](const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options, PlanFindings& out) {
            C{}.run(view, catalog, options, out);
          }};
}

}  // namespace dbopt::plugins::plan_decoder
