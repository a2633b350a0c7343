// Name lookup for statement facts: relation names → pg_class.oid along the captured
// search_path, and the captured column names of each table. Internal to the facts component.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dbopt/sdk/model.hpp"

namespace dbopt::engine {

/// The schemas of a `search_path` setting value, in order, as PostgreSQL reads them
/// (utils/adt/varlena.c SplitIdentifierString + catalog/namespace.c recomputeNamespacePath):
/// comma-separated; double-quoted names kept as written ("" → "), unquoted names folded to
/// lower case; "$user" (quoted or not) is replaced by `current_user`, or dropped when that is
/// empty. Example: `"$user", public` with current_user "app" → {"app", "public"}.
std::vector<std::string> parse_search_path(std::string_view setting, std::string_view current_user);

/// Tables and columns of a snapshot, indexed for the statement-facts walker. Without a
/// snapshot nothing resolves and no columns are known.
class CatalogNames {
 public:
  /// `snapshot` may be null. The search path is the snapshot's `search_path` setting
  /// (pg_settings.setting), or PostgreSQL's default `"$user", public` when it was not captured.
  explicit CatalogNames(const sdk::Snapshot* snapshot);

  /// pg_class.oid of the relation `schemaname.relname` (exact match), or of the first
  /// `<schema>.relname` along the search path when `schemaname` is absent; nullopt when no
  /// captured table matches. Names are compared exactly (the parser already folded case).
  std::optional<sdk::Oid> resolve(const std::optional<std::string>& schemaname, const std::string& relname) const;

  /// Captured column names (pg_attribute.attname) of a table, or null when none were captured.
  const std::unordered_set<std::string>* columns(sdk::Oid table_oid) const;

  /// Schema name of a captured table (pg_namespace.nspname), or null.
  const std::string* schema_of(sdk::Oid table_oid) const;

  const std::vector<std::string>& search_path() const { return search_path_; }

 private:
  static std::string key(std::string_view schema, std::string_view name);
  std::unordered_map<std::string, sdk::Oid> oid_by_name_;
  std::unordered_map<sdk::Oid, std::string> schema_by_oid_;
  std::unordered_map<sdk::Oid, std::unordered_set<std::string>> columns_by_oid_;
  std::vector<std::string> search_path_;
};

}  // namespace dbopt::engine
