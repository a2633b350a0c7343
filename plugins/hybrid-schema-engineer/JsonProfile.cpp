#include "JsonProfile.hpp"

#include <stdexcept>

#include "JsonColumns.hpp"
#include "JsonProbe.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

namespace {

class Row {
 public:
  Row(const sdk::ProbeResult& result, const std::vector<std::optional<std::string>>& row) : result_(result), row_(row) {
    if (row.size() != result.columns.size()) throw std::runtime_error("a row has " + std::to_string(row.size()) +
                                                                      " values for " +
                                                                      std::to_string(result.columns.size()) + " columns");
  }
  const std::optional<std::string>& value(const std::string& name) const {
    for (std::size_t i = 0; i < result_.columns.size(); ++i)
      if (result_.columns[i] == name) return row_[i];
    throw std::runtime_error("column " + name + " is missing");
  }
  std::string text(const std::string& name) const {
    const auto& v = value(name);
    if (!v) throw std::runtime_error("column " + name + " is NULL");
    return *v;
  }
  /// A non-negative integer (NULL → 0 when `null_ok`).
  std::int64_t count(const std::string& name, bool null_ok = false) const {
    const auto& v = value(name);
    if (!v) {
      if (null_ok) return 0;
      throw std::runtime_error("column " + name + " is NULL");
    }
    std::size_t pos = 0;
    long long n = 0;
    try {
      n = std::stoll(*v, &pos);
    } catch (const std::exception&) {
      throw std::runtime_error("column " + name + " is not an integer: '" + v->substr(0, 40) + "'");
    }
    if (pos != v->size() || n < 0) throw std::runtime_error("column " + name + " is not a count: '" + v->substr(0, 40) + "'");
    return n;
  }

 private:
  const sdk::ProbeResult& result_;
  const std::vector<std::optional<std::string>>& row_;
};

}  // namespace

int JsonProfile::max_depth() const { return depth_documents.empty() ? 0 : depth_documents.rbegin()->first; }

std::int64_t JsonProfile::documents_deeper_than(int depth) const {
  std::int64_t n = 0;
  for (const auto& [d, docs] : depth_documents)
    if (d > depth) n += docs;
  return n;
}

JsonProfile parse_profile(const sdk::ProbeResult& result) {
  JsonProfile p;
  bool have_document = false;
  for (const auto& raw : result.rows) {
    const Row row(result, raw);
    const std::string kind = row.text("kind");
    if (kind == "document") {
      if (have_document) throw std::runtime_error("two 'document' rows");
      have_document = true;
      p.sampled_rows = row.count("sampled_rows");
      p.documents = row.count("documents");
      p.key_occurrences = row.count("occurrences");
      p.distinct_keys = row.count("distinct_keys");
      p.key_chars = row.count("key_chars");
      p.key_bytes = row.count("key_bytes");
      p.stored_bytes = row.count("stored_bytes");
      p.plain_bytes = row.count("plain_bytes");
      p.abbreviated_bytes = row.count("abbreviated_bytes");
      p.max_keys = row.count("max_keys");
    } else if (kind == "depth") {
      const std::int64_t depth = row.count("level");
      if (depth > 1000) throw std::runtime_error("depth " + std::to_string(depth) + " is out of range");
      p.depth_documents[static_cast<int>(depth)] += row.count("documents");
    } else if (kind == "key") {
      KeyStat k;
      k.key = row.text("key");
      const std::int64_t level = row.count("level");
      if (level < 1 || level > 1000) throw std::runtime_error("key level " + std::to_string(level) + " is out of range");
      k.level = static_cast<int>(level);
      k.documents = row.count("documents");
      k.occurrences = row.count("occurrences");
      k.n_string = row.count("n_string", true);
      k.n_number = row.count("n_number", true);
      k.n_integer = row.count("n_integer", true);
      k.n_boolean = row.count("n_boolean", true);
      k.n_null = row.count("n_null", true);
      k.n_container = row.count("n_container", true);
      p.keys.push_back(std::move(k));
    } else {
      throw std::runtime_error("unknown row kind '" + kind.substr(0, 40) + "'");
    }
  }
  if (!have_document) throw std::runtime_error("no 'document' row");
  if (p.documents > p.sampled_rows) throw std::runtime_error("more documents than sampled rows");
  if (p.documents > 0 && (p.plain_bytes == 0 || p.abbreviated_bytes == 0))
    throw std::runtime_error("documents without a measured size");
  if (p.abbreviated_bytes > p.plain_bytes + 8 * p.documents)
    throw std::runtime_error("abbreviated documents larger than the originals");
  if (p.key_chars > p.key_bytes) throw std::runtime_error("more key characters than key bytes");
  return p;
}

ProfileLookup find_profile(const sdk::Catalog& catalog, const sdk::Column& column) {
  const auto& probes = catalog.snapshot().plugin_probes;
  auto plugin = probes.find(kPluginId);
  const std::string name = probe_name(column);
  if (plugin == probes.end() || !plugin->second.count(name))
    return {std::nullopt, "probe " + name + " is not in the snapshot (captured without this plugin, or the capture "
                          "stopped before the plugin probes)"};
  const sdk::ProbeResult& result = plugin->second.at(name);
  if (result.status != "ok")
    return {std::nullopt, "probe " + name + " failed: " + result.error.value_or("no error text")};
  try {
    return {parse_profile(result), ""};
  } catch (const std::exception& e) {
    return {std::nullopt, "probe " + name + " gave an unreadable result: " + e.what()};
  }
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
