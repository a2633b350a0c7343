// dbopt SDK — the plugin interface: what a superpower implements.
//
// A plugin is a shared library with one class derived from dbopt::sdk::Plugin, exported with
// DBOPT_PLUGIN(Class, "id", "version") (see abi.hpp). The host reads its ABI magic before any
// plugin code runs, then calls it only through the extern "C" shims the macro generates, which
// catch every exception: nothing thrown by a plugin crosses into the host.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"

namespace dbopt::sdk {

/// Pipeline phase (seed 000_…): PROFILE → ANALYZE → OPTIMIZE. Plugins of one phase run in
/// parallel; a later phase sees the findings of the earlier ones (Context::earlier_findings).
enum class Phase { Profile, Analyze, Optimize };

inline const char* to_string(Phase p) {
  switch (p) {
    case Phase::Profile: return "PROFILE";
    case Phase::Analyze: return "ANALYZE";
    case Phase::Optimize: return "OPTIMIZE";
  }
  return "?";
}

/// Type of a check option. `Bytes` accepts PostgreSQL-style sizes ("64MB", "8kB", "1GB", plain
/// number = bytes) and is stored as bytes.
enum class OptionType { Double, Integer, Bool, String, Bytes };

/// A named, typed threshold with its default and its source
/// (e.g. `toast-ratio`, Double, "0.10", "003_…, DB-OPT-03: toast > 10 % of main").
struct OptionSpec {
  std::string name;                       ///< kebab-case, unique within the plugin
  OptionType type = OptionType::Double;
  std::string default_value;              ///< in the same syntax the CLI accepts
  std::string description;                ///< what it controls, with unit and source
  std::optional<double> min;              ///< inclusive lower bound for numeric types
  std::optional<double> max;              ///< inclusive upper bound for numeric types
  friend bool operator==(const OptionSpec&, const OptionSpec&) = default;
};

/// One check a plugin implements (documented in the plugin's README under the same ID).
struct CheckInfo {
  std::string id;                         ///< "<plugin-id>/<check-name>"
  std::string title;
  std::string story;                      ///< seed story ID or ""
  friend bool operator==(const CheckInfo&, const CheckInfo&) = default;
};

/// A read-only SQL probe the capture runs on behalf of a plugin. Its rows are stored in the
/// snapshot under Snapshot::plugin_probes[plugin id][name], so offline replay sees exactly
/// what live capture saw. It runs inside the capture's READ ONLY transaction with its timeouts;
/// a failing probe is recorded and the capture goes on.
struct Probe {
  std::string name;                       ///< unique within the plugin, kebab-case
  std::string description;
  std::string sql;                        ///< a single read-only statement
  /// statement_timeout for this probe only, ms (SET LOCAL inside the probe's savepoint); null =
  /// the capture's own timeout. A plugin with a total time budget splits it over its probes.
  std::optional<double> statement_timeout_ms;
  friend bool operator==(const Probe&, const Probe&) = default;
};

/// Static metadata, readable before analysis (Qt Creator's PluginSpec).
struct PluginInfo {
  std::string id;                         ///< kebab-case, equals the ABI magic's plugin_id
  std::string name;                       ///< human name ("Index Analyzer")
  std::string version;                    ///< semantic version, equals the magic's plugin_version
  std::string description;
  Phase phase = Phase::Profile;
  std::vector<std::string> needs;         ///< snapshot sections it reads: "tables", "indexes", "statements", …
  std::vector<OptionSpec> options;
  std::vector<CheckInfo> checks;
  friend bool operator==(const PluginInfo&, const PluginInfo&) = default;
};

/// Parses `text` as a value of `spec`'s type. Returns the canonical text form (bytes as a plain
/// integer) or throws std::invalid_argument naming the option and what is wrong.
inline std::string parse_option_value(const OptionSpec& spec, std::string_view text) {
  const std::string t(text);
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("option " + spec.name + " = '" + t + "': " + why);
  };
  auto check_range = [&](double v) {
    if (!std::isfinite(v)) fail("not a finite number");
    if (spec.min && v < *spec.min) fail("must be >= " + std::to_string(*spec.min));
    if (spec.max && v > *spec.max) fail("must be <= " + std::to_string(*spec.max));
  };
  switch (spec.type) {
    case OptionType::String: return t;
    case OptionType::Bool:
      if (t == "true" || t == "on" || t == "1" || t == "yes") return "true";
      if (t == "false" || t == "off" || t == "0" || t == "no") return "false";
      fail("expected true or false");
      break;
    case OptionType::Double: {
      std::size_t pos = 0;
      double v = 0;
      try {
        v = std::stod(t, &pos);
      } catch (...) {
        fail("expected a number");
      }
      if (pos != t.size()) fail("expected a number");
      check_range(v);
      return t;
    }
    case OptionType::Integer: {
      std::size_t pos = 0;
      long long v = 0;
      try {
        v = std::stoll(t, &pos);
      } catch (...) {
        fail("expected an integer");
      }
      if (pos != t.size()) fail("expected an integer");
      check_range(static_cast<double>(v));
      return std::to_string(v);
    }
    case OptionType::Bytes: {
      std::size_t pos = 0;
      double v = 0;
      try {
        v = std::stod(t, &pos);
      } catch (...) {
        fail("expected a size such as 64MB");
      }
      std::string unit = t.substr(pos);
      while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
      double mult = 1;
      if (unit.empty() || unit == "B" || unit == "bytes") mult = 1;
      else if (unit == "kB" || unit == "KB") mult = 1024.0;
      else if (unit == "MB") mult = 1024.0 * 1024;
      else if (unit == "GB") mult = 1024.0 * 1024 * 1024;
      else if (unit == "TB") mult = 1024.0 * 1024 * 1024 * 1024;
      else fail("unknown unit '" + unit + "' (use B, kB, MB, GB, TB)");
      check_range(v * mult);
      return std::to_string(static_cast<long long>(std::llround(v * mult)));
    }
  }
  return t;
}

/// A plugin's option values: defaults from its OptionSpecs overridden by validated user values.
/// Built by the host; every value in it has passed parse_option_value.
class Options {
 public:
  Options() = default;
  explicit Options(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  /// Throws std::out_of_range naming the option when it was not declared.
  const std::string& text(std::string_view name) const {
    auto it = values_.find(std::string(name));
    if (it == values_.end()) throw std::out_of_range("undeclared option: " + std::string(name));
    return it->second;
  }
  double number(std::string_view name) const { return std::stod(text(name)); }
  std::int64_t integer(std::string_view name) const { return std::stoll(text(name)); }
  bool flag(std::string_view name) const { return text(name) == "true"; }
  std::int64_t bytes(std::string_view name) const { return std::stoll(text(name)); }
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

/// Options from `specs` (defaults) overridden by `overrides` (name → text), each value validated
/// with parse_option_value. For a plugin's own tests and tools; the host resolves user options
/// the same way. Throws std::invalid_argument naming the plugin and the option when `overrides`
/// names an undeclared option, or naming the option and the problem when a value is invalid.
inline Options make_options(std::string_view plugin_id, const std::vector<OptionSpec>& specs,
                            const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> values;
  std::map<std::string, const OptionSpec*> by_name;
  for (const auto& spec : specs) {
    by_name[spec.name] = &spec;
    values[spec.name] = parse_option_value(spec, spec.default_value);
  }
  for (const auto& [name, text] : overrides) {
    auto it = by_name.find(name);
    if (it == by_name.end()) throw std::invalid_argument(std::string(plugin_id) + " has no option named " + name);
    values[name] = parse_option_value(*it->second, text);
  }
  return Options(std::move(values));
}

/// What the host gives a plugin for one run. Implemented by the host; all methods noexcept.
class Context {
 public:
  virtual ~Context() = default;
  /// This plugin's options (defaults + user overrides, already validated).
  virtual const Options& options() const noexcept = 0;
  /// Findings of earlier phases (PROFILE findings for ANALYZE plugins, both for OPTIMIZE).
  virtual const std::vector<Finding>& earlier_findings() const noexcept = 0;
  /// True once the user cancelled: stop soon and return.
  virtual bool cancelled() const noexcept = 0;
};

/// Where a plugin writes its findings. Host-owned: the host copies every finding, so nothing a
/// plugin allocated outlives its library (Boost.DLL's rule, STYLE.md).
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void add(const Finding& finding) noexcept = 0;
  /// A line for the run log (e.g. "skipped 3 tables without statistics").
  virtual void log(std::string_view message) noexcept = 0;
  /// A headline figure for the executive summary (see SummaryFact). Copied by the host.
  virtual void summary(const SummaryFact& fact) noexcept = 0;
  /// A report section of preformatted text (see Exhibit). Copied by the host.
  virtual void exhibit(const Exhibit& exhibit) noexcept = 0;
};

/// The interface every superpower implements. analyze() must be a pure function of the
/// catalog and options: the same snapshot gives the same findings, live or offline.
class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual PluginInfo info() const = 0;
  /// Extra read-only SQL the capture should run for this plugin (optional). `catalog` is built
  /// from the snapshot captured so far (every built-in section, no plugin probes yet); `options`
  /// are this plugin's resolved options, exactly what analyze() gets from Context::options():
  /// every declared OptionSpec at its default, overridden by the user's validated `--set` values,
  /// so a plugin can make its probes' row caps, timeouts and budgets configurable. May throw: the
  /// ABI shim turns the exception into an error status and the host leaves this plugin's probes out.
  virtual std::vector<Probe> probes(const Catalog& /*catalog*/, const Options& /*options*/) const { return {}; }
  /// Reads the catalog, writes findings to the sink. May throw: the ABI shim turns any
  /// exception into an error status that the host records in the run log.
  virtual void analyze(const Catalog& catalog, const Context& context, FindingSink& sink) = 0;
};

}  // namespace dbopt::sdk
