// JSON export of a report in the shape of seed 000_…, "Phase 4: DELIVER Output", plus the full
// findings, run log and provenance.
#pragma once

#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace dbopt::engine {

/// {"phase":"DELIVER","agent":"dbopt","timestamp":generated_at,"dbopt_version":…,
///  "report":{"executive_summary":{issues_found,critical,high,medium,low,info,p1,p2,p3,
///            estimated_improvement},
///            "metrics":{"current":{key:value|null},"projected":{key:value (computable only)},
///                       "details":[{key,label,current,projected,unit,target,note}]},
///            "priority_actions":{"p1_critical":[{type,action,impact,id,check_id,object,title}],
///                                "p2_high":[…],"p3_medium":[…]},
///            "implementation_scripts":{indexes,vacuum,config,schema,application},
///            "rollback_scripts":{…same keys}},
///  "findings":[every item: id, priority, severity, plugin_id, object_display, sources and all
///              sdk::Finding fields],
///  "run_log":[…], "capture_issues":[…], "provenance":{…}, "cancelled":bool}
/// `type` is the script category or null; `action` the apply SQL or null when the item has no script.
/// Ratios are 0..1, sizes bytes, times ms (see each metric's unit).
nlohmann::json report_to_json(const Report& report);

}  // namespace dbopt::engine
