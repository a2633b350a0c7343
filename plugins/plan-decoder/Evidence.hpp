// plan-decoder — building sdk::Metric values (evidence of a finding) with their units.
#pragma once

#include <string>
#include <utility>

#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::plan_decoder {

/// A numeric metric; `unit` is one of the units listed in finding.hpp (Metric).
inline sdk::Metric metric(std::string name, double value, std::string unit) {
  sdk::Metric m;
  m.name = std::move(name);
  m.value = value;
  m.unit = std::move(unit);
  return m;
}

/// A textual metric (a node path, a filter).
inline sdk::Metric text_metric(std::string name, std::string text) {
  sdk::Metric m;
  m.name = std::move(name);
  m.text = std::move(text);
  return m;
}

}  // namespace dbopt::plugins::plan_decoder
