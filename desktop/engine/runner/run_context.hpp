// The host side of one plugin call: the Context it reads and the FindingSink it writes.
// Private to the runner.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::engine::detail {

/// Options, earlier findings and the cancel flag of one plugin run.
class RunContext final : public sdk::Context {
 public:
  RunContext(const sdk::Options& options, const std::vector<sdk::Finding>& earlier, const std::atomic<bool>* cancel)
      : options_(options), earlier_(earlier), cancel_(cancel) {}
  const sdk::Options& options() const noexcept override { return options_; }
  const std::vector<sdk::Finding>& earlier_findings() const noexcept override { return earlier_; }
  bool cancelled() const noexcept override { return cancel_ && cancel_->load(); }

 private:
  const sdk::Options& options_;
  const std::vector<sdk::Finding>& earlier_;
  const std::atomic<bool>* cancel_;
};

/// Copies every finding and log line a plugin reports (thread-safe: a plugin may report from
/// its own threads). The copies are made by host code and owned by the host: no object the
/// plugin allocated is kept once the call returns.
class CollectingSink final : public sdk::FindingSink {
 public:
  void add(const sdk::Finding& finding) noexcept override {
    std::lock_guard lock(mutex_);
    try {
      findings_.push_back(finding);
    } catch (...) {
      ++dropped_;
    }
  }
  void log(std::string_view message) noexcept override {
    std::lock_guard lock(mutex_);
    try {
      log_.emplace_back(message);
    } catch (...) {
      ++dropped_;
    }
  }
  void summary(const sdk::SummaryFact& fact) noexcept override {
    std::lock_guard lock(mutex_);
    try {
      summary_.push_back(fact);
    } catch (...) {
      ++dropped_;
    }
  }
  void exhibit(const sdk::Exhibit& exhibit) noexcept override {
    std::lock_guard lock(mutex_);
    try {
      exhibits_.push_back(exhibit);
    } catch (...) {
      ++dropped_;
    }
  }
  /// Call only after the plugin returned.
  std::vector<sdk::Finding>& findings() { return findings_; }
  std::vector<sdk::SummaryFact>& summary_facts() { return summary_; }
  std::vector<sdk::Exhibit>& exhibits() { return exhibits_; }
  std::vector<std::string>& log_lines() { return log_; }
  /// Findings/log lines that could not be copied (out of memory).
  std::size_t dropped() const { return dropped_; }

 private:
  std::mutex mutex_;
  std::vector<sdk::Finding> findings_;
  std::vector<std::string> log_;
  std::vector<sdk::SummaryFact> summary_;
  std::vector<sdk::Exhibit> exhibits_;
  std::size_t dropped_ = 0;
};

}  // namespace dbopt::engine::detail
