#include "JsonNotJsonbCheck.hpp"

#include <cmath>
#include <optional>

#include "Evidence.hpp"
#include "Format.hpp"
#include "JsonColumns.hpp"
#include "JsonProbe.hpp"
#include "JsonUsage.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

namespace sql = sdk::sql;
namespace md = sdk::md;

sdk::CheckInfo JsonNotJsonbCheck::info() { return {kId, "json column that should be jsonb", "SPK-DB-OPT-01"}; }

std::vector<sdk::OptionSpec> JsonNotJsonbCheck::options() { return {}; }

void JsonNotJsonbCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double min_rows = options.number("min-rows");
  for (const JsonColumn& jc : json_columns(catalog)) {
    if (jc.jsonb) continue;
    const sdk::Table& table = *jc.table;
    const sdk::Column& column = *jc.column;
    const double reltuples = reltuples_or_zero(table);
    if (reltuples < min_rows) continue;
    const std::string label = column_label(table, column);
    const std::string tname = sql::qualified_name(table.schemaname, table.relname);
    const std::string qcol = sql::quote_ident(column.attname);
    const ColumnUsage usage = column_usage(catalog, table, column);
    const sdk::ProbeResult* failed = nullptr;
    {
      const auto& probes = catalog.snapshot().plugin_probes;
      auto plugin = probes.find(kPluginId);
      if (plugin != probes.end()) {
        auto it = plugin->second.find(probe_name(column));
        if (it != plugin->second.end() && it->second.status != "ok") failed = &it->second;
      }
    }
    const std::int64_t table_bytes = table.heap_bytes + table.toast_bytes;

    sdk::Finding f;
    f.check_id = kId;
    f.story = "SPK-DB-OPT-01";
    f.title = "json column " + label + " should be jsonb";
    std::string d;
    d += md::escape(label) + " is of type json: PostgreSQL stores the input text and parses it again every time an "
         "operator reads it (PostgreSQL docs, datatype-json.html). jsonb is stored decomposed: -> / ->> read a key "
         "without parsing, it has containment and existence operators (@>, ?) and GIN operator classes, and "
         "equality. ";
    if (usage.calls > 0)
      d += md::escape(sql::format_count(usage.statements)) + " statements (" + md::escape(sql::format_count(usage.calls)) +
           " calls, " + md::escape(sql::format_ms(usage.total_exec_time)) +
           ") filter on it and re-parse the documents they read on every call. ";
    d += "\n\n**What changes:** json keeps the text as written — whitespace, key order and duplicate keys; jsonb keeps "
         "one value per key (the last one), sorts keys and normalizes the text, and rejects \\\\u0000 in strings. "
         "Check that no reader depends on the original text before converting.\n\n";
    d += "**Cost:** ALTER COLUMN … TYPE jsonb rewrites the table (" + md::escape(sql::format_bytes(table_bytes)) +
         " of heap and TOAST) and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes for the "
         "duration.\n";
    std::optional<sdk::Script> script;
    if (failed) {
      d += "\nNo script: the capture probe, which casts sampled documents to jsonb, failed (" +
           md::escape(failed->error.value_or("no error text")) + "); a document jsonb rejects would fail the ALTER too.\n";
    } else if (column.has_default || column.attgenerated) {
      d += "\nNo script: the column has a default or a generation expression, which must be cast by hand (DROP DEFAULT, "
           "convert, SET DEFAULT with a jsonb expression).\n";
    } else {
      sdk::Script s;
      s.category = sdk::ScriptCategory::Schema;
      s.apply = "ALTER TABLE " + tname + " ALTER COLUMN " + qcol + " TYPE jsonb USING " + qcol + "::jsonb;\n";
      s.rollback = "ALTER TABLE " + tname + " ALTER COLUMN " + qcol + " TYPE json USING " + qcol + "::json;\n";
      script = s;
      d += "\nThe rollback restores the json type, not the original text: whitespace, key order and duplicate keys "
           "lost by the conversion do not come back (keep a copy if they matter).\n";
    }
    f.detail = d;
    f.object = {"column", table.schemaname, table.relname, column.attname, std::nullopt};
    f.evidence = {
        text_metric("type_name", column.type_name),
        metric("reltuples", reltuples, "rows"),
        metric("table_bytes", static_cast<double>(table_bytes), "bytes"),
        metric("statements_on_column", static_cast<double>(usage.statements), "count"),
        metric("calls_on_column", static_cast<double>(usage.calls), "count"),
    };
    if (!usage.queryids.empty()) f.impact.affected_queryids = usage.queryids;
    f.impact.summary = usage.calls > 0 ? "jsonb avoids re-parsing the documents in " + sql::format_count(usage.calls) +
                                             " calls and allows GIN indexes"
                                       : "jsonb allows GIN indexes and reads keys without re-parsing";
    f.severity = sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Heuristic;
    f.risk = {sdk::RiskLevel::High,
              "Table rewrite under ACCESS EXCLUSIVE; whitespace, key order and duplicate keys of the json text are lost "
              "and the rollback cannot restore them"};
    f.script = script;
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
