#include "SettingChange.hpp"

#include <stdexcept>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::config_tuner {

namespace sql = sdk::sql;
namespace md = sdk::md;

namespace {

bool rollback_by_reset(const std::string& source) { return source == "default" || source == "environment variable"; }

/// `'a', 'b'` for a list setting, `'value'` otherwise.
std::string literals(const std::string& value, const std::vector<std::string>& list) {
  return list.empty() ? sql::quote_literal(value) : sql::list_setting_literals(list);
}

std::string display(const std::string& value) { return value.empty() ? "''" : value; }

/// Why ALTER SYSTEM cannot change a value from `source`, and where to change it instead.
std::string where_to_change(const std::string& source) {
  if (source == "database" || source == "user" || source == "database user" || source == "global")
    return "it is set with ALTER DATABASE … SET / ALTER ROLE … SET (pg\\_db\\_role\\_setting), which outranks "
           "postgresql.auto.conf: change it there (ALTER DATABASE/ROLE … SET or RESET)";
  if (source == "command line")
    return "it is given on the postgres command line (-c), which outranks postgresql.auto.conf: change it in "
           "the service definition";
  return "it was set for the capturing session itself, so the server-wide value is not known: check it with "
         "`SHOW` in a fresh session before changing postgresql.conf";
}

}  // namespace

bool alter_system_can_override(const std::string& source) {
  return source == "default" || source == "environment variable" || source == "configuration file";
}

sdk::Finding make_setting_finding(const sdk::Catalog& catalog, const SettingChange& change) {
  const sdk::Setting* s = catalog.setting(change.name);
  if (!s) throw std::invalid_argument("config-tuner: setting " + change.name + " is not in the snapshot");
  if (!is_guc_identifier(s->name))
    throw std::invalid_argument("config-tuner: setting name '" + s->name + "' is not a plain GUC identifier");

  const bool restart = s->context == "postmaster";
  const std::string current = value_with_unit(*s);
  const std::string recommended =
      change.recommended_list.empty() ? change.recommended : [&] {
        std::string joined;
        for (const auto& e : change.recommended_list) joined += (joined.empty() ? "" : ",") + e;
        return joined;
      }();

  sdk::Finding f;
  f.check_id = change.check_id;
  f.title = change.title;
  f.object = {"setting", "", s->name, std::nullopt, std::nullopt};
  f.severity = change.severity;
  f.confidence = change.confidence;
  f.evidence = {text_metric("current_value", display(current)), text_metric("recommended_value", display(recommended)),
                text_metric("source", s->source), text_metric("context", s->context)};
  f.evidence.insert(f.evidence.end(), change.evidence.begin(), change.evidence.end());

  std::string d = change.reason + "\n\n";
  d += "Current: " + md::escape(s->name) + " = " + md::escape(display(current)) + " (pg\\_settings.source: " +
       md::escape(s->source) + "). Recommended: " + md::escape(s->name) + " = " + md::escape(display(recommended)) + ". ";
  d += restart ? "Takes effect only after a server restart (pg\\_settings.context = postmaster)."
               : "Takes effect at a configuration reload (pg\\_settings.context = " + md::escape(s->context) +
                     "), no restart.";

  const std::string name = sql::quote_ident(s->name);
  if (s->pending_restart) {
    d += "\n\nNo script: this setting is already waiting for a restart (pg\\_settings.pending\\_restart), so the "
         "configuration files hold a value other than the running one and the captured value is not the one a "
         "rollback should restore. Restart first, then capture again.";
  } else if (!alter_system_can_override(s->source)) {
    d += "\n\nNo ALTER SYSTEM script: " + where_to_change(s->source) + ".";
  } else {
    sdk::Script script;
    script.category = sdk::ScriptCategory::Config;
    script.apply = "ALTER SYSTEM SET " + name + " = " + literals(change.recommended, change.recommended_list) +
                   ";\nSELECT pg_reload_conf();";
    if (rollback_by_reset(s->source)) {
      script.rollback = "ALTER SYSTEM RESET " + name + ";\nSELECT pg_reload_conf();";
    } else {
      std::vector<std::string> captured_list;
      if (!change.recommended_list.empty()) {
        auto elements = list_setting_elements(s->setting);
        if (!elements || elements->empty())
          throw std::invalid_argument("config-tuner: captured list value of " + s->name + " cannot be written back");
        captured_list = *elements;
      }
      script.rollback = "-- captured from a configuration file (postgresql.conf or postgresql.auto.conf): written back\n"
                        "ALTER SYSTEM SET " + name + " = " + literals(current, captured_list) +
                        ";\nSELECT pg_reload_conf();";
    }
    script.requires_restart = restart;
    f.script = script;
  }
  f.detail = d;
  f.risk = restart ? sdk::Risk{sdk::RiskLevel::Medium,
                               "needs a server restart (all sessions disconnected); ALTER SYSTEM only writes "
                               "postgresql.auto.conf until then, and the rollback is the same kind of change"}
                   : sdk::Risk{sdk::RiskLevel::Low,
                               "applied by a reload, server-wide for new and running sessions; reversible with "
                               "the rollback script at any time"};
  f.impact.summary = change.impact_summary;
  return f;
}

}  // namespace dbopt::plugins::config_tuner
