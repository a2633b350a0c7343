#include "runner/runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "runner/run_context.hpp"

namespace dbopt::engine {

namespace {

constexpr sdk::Phase kPhases[] = {sdk::Phase::Profile, sdk::Phase::Analyze, sdk::Phase::Optimize};

/// The plugins to run, in loaded() order. Throws ConfigError for an id in `only` that is not
/// a Loaded plugin.
std::vector<const PluginRecord*> select_plugins(const PluginHost& host, const std::vector<std::string>& only) {
  const auto loaded = host.loaded();
  if (only.empty()) return loaded;
  const std::set<std::string> wanted(only.begin(), only.end());
  for (const auto& id : wanted) {
    if (host.find(id)) continue;
    for (const auto& r : host.plugins())
      if (r.info.id == id) throw ConfigError("--only " + id + ": plugin not loaded: " + r.error);
    std::string ids;
    for (const auto* p : loaded) ids += (ids.empty() ? "" : ", ") + p->info.id;
    throw ConfigError("--only " + id + ": unknown plugin (loaded: " + (ids.empty() ? "none" : ids) + ")");
  }
  std::vector<const PluginRecord*> out;
  for (const auto* p : loaded)
    if (wanted.count(p->info.id)) out.push_back(p);
  return out;
}

PluginRun run_row(const PluginRecord& r) {
  PluginRun run;
  run.plugin_id = r.info.id.empty() ? r.file.filename().string() : r.info.id;
  run.plugin_name = r.info.name;
  run.version = r.info.version;
  run.file = r.file.string();
  run.phase = r.info.phase;
  return run;
}

/// One plugin of the phase being run.
struct Slot {
  const PluginRecord* plugin = nullptr;
  PluginRun run;
  std::vector<sdk::Finding> findings;
};

/// Shared state of one run, used from the worker threads.
class PhaseRunner {
 public:
  PhaseRunner(const PluginHost& host, const sdk::Catalog& catalog, const RunOptions& options,
              const std::map<std::string, sdk::Options>& plugin_options, int total)
      : host_(host), catalog_(catalog), options_(options), plugin_options_(plugin_options), total_(total) {}

  /// Runs `slots` with up to `parallel` threads; `earlier` are the findings of earlier phases.
  void run(std::vector<Slot>& slots, const std::vector<sdk::Finding>& earlier, int parallel) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (std::size_t i = next++; i < slots.size(); i = next++) run_one(slots[i], earlier);
    };
    const auto threads = std::min<std::size_t>(static_cast<std::size_t>(parallel), slots.size());
    std::vector<std::thread> pool;
    try {
      for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    } catch (const std::system_error&) {
      // No more threads available: the ones already started and this one do all the work.
    }
    worker();  // the calling thread is one of the workers
    for (auto& t : pool) t.join();
    if (progress_error_) std::rethrow_exception(progress_error_);
  }

 private:
  bool cancel_requested() const { return options_.cancel && options_.cancel->load(); }

  void report(const Slot& slot, const char* event, bool final) {
    const int done = final ? ++done_ : done_.load();
    if (!options_.on_progress) return;
    try {
      options_.on_progress(RunProgress{slot.run.plugin_id, slot.run.phase, event, done, total_});
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!progress_error_) progress_error_ = std::current_exception();
    }
  }

  void run_one(Slot& slot, const std::vector<sdk::Finding>& earlier) {
    PluginRun& run = slot.run;
    if (cancel_requested()) {
      run.status = "cancelled";
      run.error = "cancelled before it started";
      report(slot, "cancelled", true);
      return;
    }
    report(slot, "started", false);

    detail::CollectingSink sink;
    const detail::RunContext context(plugin_options_.at(run.plugin_id), earlier, options_.cancel);
    std::string error;
    const auto start = std::chrono::steady_clock::now();
    try {
      host_.analyze(*slot.plugin, catalog_, context, sink);
    } catch (const PluginCallError& e) {
      error = e.message();
    } catch (const std::exception& e) {
      error = e.what();
    }
    run.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    run.log = std::move(sink.log_lines());
    if (sink.dropped() > 0)
      run.log.push_back("host: " + std::to_string(sink.dropped()) + " findings/log lines lost (out of memory)");

    const std::size_t reported = sink.findings().size();
    const std::string discarded =
        reported == 0 ? "" : " (" + std::to_string(reported) + " findings it reported were discarded)";
    if (!error.empty()) {
      run.status = "failed";
      run.error = error + discarded;
      report(slot, "failed", true);
    } else if (cancel_requested()) {
      run.status = "cancelled";
      run.error = "cancelled while running" + discarded;
      report(slot, "cancelled", true);
    } else {
      run.status = "ok";
      slot.findings = std::move(sink.findings());
      run.findings = slot.findings.size();
      run.summary = std::move(sink.summary_facts());
      run.exhibits = std::move(sink.exhibits());
      report(slot, "finished", true);
    }
  }

  const PluginHost& host_;
  const sdk::Catalog& catalog_;
  const RunOptions& options_;
  const std::map<std::string, sdk::Options>& plugin_options_;
  const int total_;
  std::atomic<int> done_{0};
  std::mutex error_mutex_;
  std::exception_ptr progress_error_;
};

}  // namespace

RunResult run_plugins(const PluginHost& host, const sdk::Catalog& catalog, const RunOptions& options) {
  if (options.max_parallel < 0)
    throw ConfigError("max_parallel must be >= 0 (0 = one per CPU), got " + std::to_string(options.max_parallel));
  const std::vector<const PluginRecord*> selected = select_plugins(host, options.only);

  // Every setting is checked against all loaded plugins (a typo for a plugin outside --only is
  // still an error); only the selected plugins' options are resolved and their defaults checked.
  const auto loaded = host.loaded();
  std::set<std::string> selected_ids;
  for (const auto* p : selected) selected_ids.insert(p->info.id);
  std::vector<OptionSetting> selected_settings;
  for (const auto& s : options.settings) {
    if (selected_ids.count(resolve_setting(loaded, s).plugin_id)) selected_settings.push_back(s);
  }
  const auto plugin_options = resolve_options(selected, selected_settings);

  int parallel = options.max_parallel;
  if (parallel == 0) parallel = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  RunResult result;
  if (options.only.empty()) {
    for (const auto& r : host.plugins()) {
      if (r.state == PluginState::Loaded) continue;
      PluginRun run = run_row(r);
      run.status = "refused";
      run.error = r.error;
      result.runs.push_back(std::move(run));
    }
  }

  PhaseRunner runner(host, catalog, options, plugin_options, static_cast<int>(selected.size()));
  std::vector<sdk::Finding> earlier;
  for (const sdk::Phase phase : kPhases) {
    std::vector<Slot> slots;
    for (const auto* p : selected)
      if (p->info.phase == phase) slots.push_back(Slot{p, run_row(*p), {}});
    if (slots.empty()) continue;
    runner.run(slots, earlier, parallel);
    // Slots are in id order (loaded() is sorted by phase then id): the finding order does not
    // depend on which thread finished first.
    for (auto& slot : slots) {
      for (auto& f : slot.findings) {
        earlier.push_back(f);
        result.findings.push_back(FindingRecord{slot.run.plugin_id, phase, std::move(f)});
      }
      result.runs.push_back(std::move(slot.run));
    }
  }

  std::stable_sort(result.runs.begin(), result.runs.end(), [](const PluginRun& a, const PluginRun& b) {
    if (a.phase != b.phase) return a.phase < b.phase;
    return a.plugin_id < b.plugin_id;
  });
  result.cancelled = options.cancel && options.cancel->load();
  return result;
}

}  // namespace dbopt::engine
