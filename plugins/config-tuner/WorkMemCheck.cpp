#include "WorkMemCheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::config_tuner {

namespace {

/// The temp-spill evidence contract of query-profiler (PROFILE): check_id, object {kind
/// "statement", queryid}, metrics temp_blks_written (pages), calls (count), temp_bytes_per_call
/// (bytes), mean_exec_time (ms).
constexpr const char* kTempSpillCheck = "query-profiler/temp-spill";

struct Spill {
  std::int64_t queryid = 0;
  double bytes_per_call = 0;
  double calls = 0;
  std::optional<double> time_share;
  sdk::Severity severity = sdk::Severity::Low;
};

std::optional<double> metric_value(const sdk::Finding& f, const std::string& name) {
  for (const auto& m : f.evidence)
    if (m.name == name && m.value) return m.value;
  return std::nullopt;
}

std::vector<Spill> spills(const TunerInput& in) {
  std::vector<Spill> out;
  for (const auto& f : in.earlier_findings) {
    if (f.check_id != kTempSpillCheck || f.object.kind != "statement" || !f.object.queryid) continue;
    Spill s;
    s.queryid = *f.object.queryid;
    s.calls = metric_value(f, "calls").value_or(0);
    if (auto b = metric_value(f, "temp_bytes_per_call")) {
      s.bytes_per_call = *b;
    } else if (auto w = metric_value(f, "temp_blks_written"); w && s.calls > 0) {
      s.bytes_per_call = *w * static_cast<double>(in.catalog.block_size()) / s.calls;
    }
    if (s.bytes_per_call <= 0) continue;
    s.time_share = f.impact.time_share;
    s.severity = f.severity;
    out.push_back(s);
  }
  std::sort(out.begin(), out.end(), [](const Spill& a, const Spill& b) {
    return a.bytes_per_call != b.bytes_per_call ? a.bytes_per_call > b.bytes_per_call : a.queryid < b.queryid;
  });
  return out;
}

}  // namespace

std::vector<sdk::OptionSpec> WorkMemCheck::options() {
  return {{"work-mem-spill-factor", sdk::OptionType::Double, "2",
           "work_mem needed to keep a spilling sort/hash in memory = this × its temp bytes per call (dbopt choice: "
           "in-memory tuples take more room than their temp-file form)",
           1.0, 10.0},
          {"work-mem-few-statements", sdk::OptionType::Integer, "3",
           "at most this many spilling statements → per-query SET work_mem instead of ALTER SYSTEM (dbopt choice)",
           0.0, 1000.0}};
}

void WorkMemCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "work_mem")) return;
  const auto current = setting_bytes(in.catalog, "work_mem");
  if (!current) return;
  const std::vector<Spill> found = spills(in);
  if (found.empty()) return;
  const std::int64_t ram = ram_bytes(in.catalog);
  const double factor = in.options.number("work-mem-spill-factor");
  const auto few = static_cast<std::size_t>(in.options.integer("work-mem-few-statements"));

  const Spill& largest = found.front();
  // It spilled at the current work_mem, so it needs more than that: at least a doubling.
  const std::int64_t from_spill = ceil_mb(static_cast<std::int64_t>(std::ceil(largest.bytes_per_call * factor)));
  const std::int64_t needed = std::max(from_spill, ceil_mb(2 * *current));
  if (needed <= *current) {
    sink.log("work-mem: the largest spill (" + sdk::sql::format_bytes(static_cast<std::int64_t>(largest.bytes_per_call)) +
             " per call, queryid " + std::to_string(largest.queryid) + ") needs no more than work_mem " +
             format_size(*current) + "; not reported");
    return;
  }
  const auto cap = pgtune_work_mem(in.catalog);
  const auto bound = memory_bound(in.catalog, std::nullopt, needed);
  const bool fits = cap && needed <= *cap && bound && bound->total() <= ram;
  const bool global = fits && found.size() > few;

  std::vector<std::int64_t> ids;
  double share = 0;
  bool has_share = false;
  for (const auto& s : found) {
    ids.push_back(s.queryid);
    if (s.time_share) {
      share += *s.time_share;
      has_share = true;
    }
  }

  SettingChange c;
  c.check_id = kId;
  c.name = "work_mem";
  c.recommended = format_size(needed);
  c.title = std::to_string(found.size()) + " statement" + (found.size() == 1 ? "" : "s") +
            (found.size() == 1 ? " spills" : " spill") + " to temporary files; " +
            (global ? "raise work_mem to " + c.recommended : "SET work_mem = '" + c.recommended + "' for them");
  std::string r = std::to_string(found.size()) + " statement" + (found.size() == 1 ? " writes" : "s write") +
                  " temporary files (query-profiler/temp-spill): the largest, queryid " +
                  std::to_string(largest.queryid) + ", writes " +
                  sdk::md::escape(sdk::sql::format_bytes(static_cast<std::int64_t>(largest.bytes_per_call))) +
                  " per call with work\\_mem = " + sdk::md::escape(format_size(*current)) +
                  ". Keeping it in memory needs about " + sdk::md::escape(c.recommended) + " (" +
                  sdk::md::escape(format_number(factor)) +
                  "× its temp-file size rounded up to MB, and at least twice the work\\_mem it spilled at: the "
                  "in-memory form of sorted or hashed rows is larger than their temp-file form).";
  if (const auto& db = in.catalog.snapshot().database)
    r += " Database-wide, pg\\_stat\\_database counts " + sdk::md::escape(sdk::sql::format_count(db->temp_files)) +
         " temp files, " + sdk::md::escape(sdk::sql::format_bytes(db->temp_bytes)) + ".";
  if (cap)
    r += " PGTune's server-wide work\\_mem for this server is (RAM − shared\\_buffers) / (max\\_connections × 3) / "
         "max\\_parallel\\_workers\\_per\\_gather = " + sdk::md::escape(format_size(*cap)) + ".";
  if (global) {
    r += " With " + sdk::md::escape(std::to_string(found.size())) +
         " statements spilling, a server-wide raise is justified: it stays within PGTune's value and the "
         "worst-case memory bound becomes " + sdk::md::escape(bound->formula()) + ", within RAM.";
  } else {
    r += found.size() <= few
             ? " Only " + sdk::md::escape(std::to_string(found.size())) +
                   " statement(s) spill, so raise work\\_mem for them alone rather than server-wide"
             : " A server-wide raise to that value would exceed PGTune's value or the memory bound, so raise it "
               "only where needed";
    r += ": in the transaction that runs them, or for the role that runs them:\n\n" +
         sdk::md::code_block("SET LOCAL work_mem = " + sdk::sql::quote_literal(c.recommended) +
                             ";  -- inside the transaction of the statement\n"
                             "ALTER ROLE <role> SET work_mem = " + sdk::sql::quote_literal(c.recommended) +
                             ";  -- or for the role that runs it") +
         "\n\nqueryids: " + [&] {
           std::string list;
           for (const auto& s : found) list += (list.empty() ? "" : ", ") + std::to_string(s.queryid);
           return list;
         }() + ".";
  }
  c.reason = r;
  c.evidence = {metric("spilling_statements", static_cast<double>(found.size()), "count"),
                metric("largest_temp_bytes_per_call", largest.bytes_per_call, "bytes"),
                metric("work_mem_bytes", static_cast<double>(*current), "bytes"),
                metric("needed_work_mem_bytes", static_cast<double>(needed), "bytes")};
  if (cap) c.evidence.push_back(metric("pgtune_work_mem_bytes", static_cast<double>(*cap), "bytes"));
  if (const auto& db = in.catalog.snapshot().database) {
    c.evidence.push_back(metric("temp_files", static_cast<double>(db->temp_files), "count"));
    c.evidence.push_back(metric("temp_bytes", static_cast<double>(db->temp_bytes), "bytes"));
  }
  // As urgent as the spills that justify it (query-profiler weighs them by time share): Low or Medium.
  sdk::Severity worst = sdk::Severity::Low;
  for (const auto& s : found) worst = std::max(worst, s.severity);
  c.severity = std::min(worst, sdk::Severity::Medium);
  c.confidence = sdk::Confidence::Modeled;
  c.impact_summary = "sorts and hashes of the spilling statements stay in memory; no speedup is measured";
  sdk::Finding f = make_setting_finding(in.catalog, c);
  f.impact.affected_queryids = ids;
  if (has_share) f.impact.time_share = std::min(1.0, share);
  if (!global) {
    f.script.reset();
    f.detail = c.reason + "\n\nNo ALTER SYSTEM script: the change belongs to the sessions that run these statements.";
  }
  sink.add(f);
}

}  // namespace dbopt::plugins::config_tuner
