#include "TrackIoTimingCheck.hpp"

#include "Evidence.hpp"
#include "SettingChange.hpp"

namespace dbopt::plugins::config_tuner {

std::vector<sdk::OptionSpec> TrackIoTimingCheck::options() { return {}; }

void TrackIoTimingCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "track_io_timing")) return;
  const sdk::Setting* s = in.catalog.setting("track_io_timing");
  if (!s || s->setting != "off") return;
  SettingChange c;
  c.check_id = kId;
  c.name = "track_io_timing";
  c.recommended = "on";
  c.title = "track_io_timing is off: no I/O times in the statistics";
  c.reason = "track\\_io\\_timing = off: pg\\_stat\\_statements (blk\\_read\\_time, blk\\_write\\_time), "
             "pg\\_stat\\_database and EXPLAIN (ANALYZE, BUFFERS) show no time spent reading and writing blocks, so "
             "I/O-bound statements cannot be told from CPU-bound ones. The overhead is one clock read per I/O: "
             "check the clock with pg\\_test\\_timing first (the PostgreSQL documentation, Run-time Statistics).";
  c.evidence = {text_metric("track_io_timing", "off")};
  c.severity = sdk::Severity::Low;
  c.impact_summary = "I/O time measured per statement";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
