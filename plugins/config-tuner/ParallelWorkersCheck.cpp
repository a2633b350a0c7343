#include "ParallelWorkersCheck.hpp"

#include <algorithm>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr int kPgtuneMinCores = 4;      // PGTune sets parallel settings from 4 cores on
constexpr int kPgtunePerGatherCap = 4;  // PGTune: ceil(cores / 2), at most 4 (non-DW)

std::string n(double v) { return std::to_string(static_cast<long long>(v)); }
}  // namespace

std::vector<sdk::OptionSpec> ParallelWorkersCheck::options() { return {}; }

void ParallelWorkersCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  const auto mwp = setting_number(in.catalog, "max_worker_processes");
  if (!mwp) return;
  const int cores = cpu_cores(in.catalog);
  const std::string cores_text = std::to_string(cores) + " CPU core" + (cores == 1 ? "" : "s");
  auto emit = [&](const std::string& name, double target, const std::string& title, const std::string& reason) {
    if (covered_by_earlier(in, name)) return;
    const auto current = setting_number(in.catalog, name);
    SettingChange c;
    c.check_id = kId;
    c.name = name;
    c.recommended = n(target);
    c.title = title;
    c.reason = reason;
    c.evidence = {metric(name, current.value_or(0), "count"), metric("cpu_cores", cores, "count")};
    c.severity = sdk::Severity::Low;
    c.impact_summary = "parallel query capacity matched to the CPU cores; no speedup measured";
    sink.add(make_setting_finding(in.catalog, c));
  };

  // max_worker_processes: the pool every background/parallel worker comes from (postmaster).
  const double target_mwp = std::max<double>(*mwp, cores);
  if (*mwp < cores)
    emit("max_worker_processes", cores,
         "max_worker_processes " + n(*mwp) + " is below the " + cores_text + "; recommended " + n(cores),
         "max\\_worker\\_processes = " + n(*mwp) + " caps all background and parallel workers below the server's " +
             cores_text + ". PGTune (pgtune.leopard.in.ua) sets it to the number of cores.");

  // max_parallel_workers ≤ max_worker_processes (runtime-config-resource.html).
  if (const auto mpw = setting_number(in.catalog, "max_parallel_workers")) {
    const double want = std::min<double>(cores, target_mwp);
    if (*mpw > *mwp)
      emit("max_parallel_workers", *mwp,
           "max_parallel_workers " + n(*mpw) + " exceeds max_worker_processes " + n(*mwp) + "; recommended " + n(*mwp),
           "max\\_parallel\\_workers = " + n(*mpw) + " is above max\\_worker\\_processes = " + n(*mwp) +
               ": parallel workers are taken from that pool, so the extra ones never start (the PostgreSQL "
               "documentation, Asynchronous Behavior: \"a setting for this value which is higher than "
               "max\\_worker\\_processes will have no effect\").");
    else if (cores >= kPgtuneMinCores && *mpw < want)
      emit("max_parallel_workers", want,
           "max_parallel_workers " + n(*mpw) + " is below the " + cores_text + "; recommended " + n(want),
           "max\\_parallel\\_workers = " + n(*mpw) + " lets fewer parallel workers run at once than the server's " +
               cores_text + " could serve. PGTune (pgtune.leopard.in.ua) sets it to the number of cores (here " +
               n(want) + ", within max\\_worker\\_processes).");
  }

  // Per gather / per maintenance command: PGTune ceil(cores / 2), at most 4, from 4 cores on.
  if (cores >= kPgtuneMinCores) {
    const double per = std::min(kPgtunePerGatherCap, (cores + 1) / 2);
    for (const char* name : {"max_parallel_workers_per_gather", "max_parallel_maintenance_workers"}) {
      const auto v = setting_number(in.catalog, name);
      if (!v || *v >= per) continue;
      const std::string what = std::string(name) == "max_parallel_workers_per_gather"
                                   ? "one query (Gather node)"
                                   : "one CREATE INDEX or VACUUM";
      std::string md_name = sdk::md::escape(name);
      emit(name, per,
           std::string(name) + " " + n(*v) + " for " + cores_text + "; recommended " + n(per),
           md_name + " = " + n(*v) + " limits " + what + " to " + n(*v) + " parallel worker" + (*v == 1 ? "" : "s") +
               " on a server with " + cores_text + ". PGTune (pgtune.leopard.in.ua) sets ceil(cores / 2), at most " +
               std::to_string(kPgtunePerGatherCap) + ": " + n(per) +
               ". On a busy OLTP server fewer workers per query leave more cores to concurrent sessions: keep the "
               "lower value if the workload is many short queries.");
    }
  }
}

}  // namespace dbopt::plugins::config_tuner
