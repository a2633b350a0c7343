#include "SequenceProbe.hpp"

#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace dbopt::plugins::table_stats {

sdk::Probe sequence_probe() {
  sdk::Probe p;
  p.name = kSequenceProbeName;
  p.description = "pg_sequences with the column each sequence feeds (pg_depend: OWNED BY, identity, nextval() default)";
  p.sql = R"SQL(SELECT s.schemaname::text AS schemaname, s.sequencename::text AS sequencename,
       s.data_type::text AS data_type, s.last_value::text AS last_value, s.min_value::text AS min_value,
       s.max_value::text AS max_value, s.increment_by::text AS increment_by, s.cycle::text AS cycle,
       tn.nspname::text AS table_schema, tc.relname::text AS table_name, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type, f.deptype::text AS dependency
  FROM pg_sequences s
  JOIN pg_namespace sn ON sn.nspname = s.schemaname
  JOIN pg_class sc ON sc.relnamespace = sn.oid AND sc.relname = s.sequencename AND sc.relkind = 'S'
  LEFT JOIN LATERAL (
        SELECT d.refobjid AS table_oid, d.refobjsubid::smallint AS attnum, d.deptype::text AS deptype
          FROM pg_depend d
         WHERE d.classid = 'pg_class'::regclass AND d.objid = sc.oid AND d.refclassid = 'pg_class'::regclass
           AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
        UNION
        SELECT ad.adrelid, ad.adnum, 'n'
          FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid
         WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
           AND d.refobjid = sc.oid AND d.deptype = 'n') f ON true
  LEFT JOIN pg_class tc ON tc.oid = f.table_oid
  LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = f.table_oid AND a.attnum = f.attnum AND NOT a.attisdropped
 WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema')
 ORDER BY 1, 2, 9, 10, 11, 13)SQL";
  p.statement_timeout_ms = 10'000;
  return p;
}

std::optional<IntegerBounds> integer_bounds(const std::string& type_name) {
  if (type_name == "smallint")
    return IntegerBounds{std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()};
  if (type_name == "integer")
    return IntegerBounds{std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
  if (type_name == "bigint")
    return IntegerBounds{std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
  return std::nullopt;
}

namespace {
std::optional<std::int64_t> parse_int(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  std::int64_t v = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "t") return true;
  if (*text == "false" || *text == "f") return false;
  return std::nullopt;
}

/// Identity first, then OWNED BY, then a nextval() default: the strongest link wins a tie.
int dependency_rank(char d) { return d == 'i' ? 0 : d == 'a' ? 1 : d == 'n' ? 2 : 3; }
}  // namespace

SequenceProbeData read_sequence_probe(const sdk::Catalog& catalog) {
  SequenceProbeData out;
  const auto& probes = catalog.snapshot().plugin_probes;
  const auto plugin = probes.find("table-stats");
  if (plugin == probes.end() || !plugin->second.count(kSequenceProbeName)) {
    out.problems.push_back("the sequences probe was not captured (snapshot taken without table-stats probes)");
    return out;
  }
  const sdk::ProbeResult& r = plugin->second.at(kSequenceProbeName);
  if (r.status != "ok") {
    out.problems.push_back("the sequences probe failed: " + r.error.value_or("no error text"));
    return out;
  }
  static const char* required[] = {"schemaname",  "sequencename", "data_type", "last_value",   "min_value",
                                   "max_value",   "increment_by", "cycle",     "table_schema", "table_name",
                                   "column_name", "column_type",  "dependency"};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < r.columns.size(); ++i) col.emplace(r.columns[i], i);
  for (const char* name : required) {
    if (!col.count(name)) {
      out.problems.push_back(std::string("the sequences probe result has no column ") + name);
      return out;
    }
  }
  out.available = true;
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, std::size_t> seen;
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    if (row.size() != r.columns.size()) {
      out.problems.push_back("sequences probe row " + std::to_string(i + 1) + " has " + std::to_string(row.size()) +
                             " values for " + std::to_string(r.columns.size()) + " columns");
      continue;
    }
    auto get = [&](const char* name) -> const std::optional<std::string>& { return row[col.at(name)]; };
    SequenceUse u;
    const auto& schema = get("schemaname");
    const auto& name = get("sequencename");
    const auto& data_type = get("data_type");
    const auto min_value = parse_int(get("min_value"));
    const auto max_value = parse_int(get("max_value"));
    const auto increment = parse_int(get("increment_by"));
    const auto cycle = parse_bool(get("cycle"));
    const auto last_value = parse_int(get("last_value"));
    if (!schema || !name || !data_type || !min_value || !max_value || !increment || *increment == 0 || !cycle ||
        (get("last_value") && !last_value) || *min_value > *max_value) {
      out.problems.push_back("sequences probe row " + std::to_string(i + 1) + " is malformed");
      continue;
    }
    u.schemaname = *schema;
    u.sequencename = *name;
    u.data_type = *data_type;
    u.last_value = last_value;
    u.min_value = *min_value;
    u.max_value = *max_value;
    u.increment_by = *increment;
    u.cycle = *cycle;
    u.table_schema = get("table_schema");
    u.table_name = get("table_name");
    u.column_name = get("column_name");
    u.column_type = get("column_type");
    if (const auto& dep = get("dependency"); dep && dep->size() == 1) u.dependency = (*dep)[0];
    if (!u.table_schema || !u.table_name || !u.column_name) {
      u.table_schema.reset();
      u.table_name.reset();
      u.column_name.reset();
      u.column_type.reset();
      u.dependency = 0;
    }
    auto key = std::make_tuple(u.schemaname, u.sequencename, u.table_schema.value_or(""), u.table_name.value_or(""),
                               u.column_name.value_or(""));
    if (auto it = seen.find(key); it != seen.end()) {
      SequenceUse& kept = out.uses[it->second];
      if (dependency_rank(u.dependency) < dependency_rank(kept.dependency)) kept.dependency = u.dependency;
      continue;
    }
    seen.emplace(key, out.uses.size());
    out.uses.push_back(std::move(u));
  }
  return out;
}

}  // namespace dbopt::plugins::table_stats
