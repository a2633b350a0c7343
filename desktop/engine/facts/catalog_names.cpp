#include "facts/catalog_names.hpp"

namespace dbopt::engine {
namespace {

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

char ascii_lower(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

constexpr std::string_view kDefaultSearchPath = "\"$user\", public";  // guc default of search_path

}  // namespace

std::vector<std::string> parse_search_path(std::string_view setting, std::string_view current_user) {
  std::vector<std::string> schemas;
  std::size_t i = 0;
  const std::size_t n = setting.size();
  while (i < n) {
    while (i < n && is_space(setting[i])) ++i;
    if (i >= n) break;
    std::string name;
    if (setting[i] == '"') {
      ++i;
      while (i < n) {
        if (setting[i] == '"') {
          if (i + 1 < n && setting[i + 1] == '"') {
            name.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name.push_back(setting[i++]);
      }
    } else {
      while (i < n && setting[i] != ',' && !is_space(setting[i])) name.push_back(ascii_lower(setting[i++]));
    }
    while (i < n && setting[i] != ',') ++i;  // skip trailing blanks up to the separator
    if (i < n) ++i;                          // the ','
    if (name == "$user") {
      if (!current_user.empty()) schemas.emplace_back(current_user);
    } else if (!name.empty()) {
      schemas.push_back(std::move(name));
    }
  }
  return schemas;
}

std::string CatalogNames::key(std::string_view schema, std::string_view name) {
  std::string k(schema);
  k.push_back('\0');
  k.append(name);
  return k;
}

CatalogNames::CatalogNames(const sdk::Snapshot* snapshot) {
  if (!snapshot) return;
  for (const auto& t : snapshot->tables) {
    oid_by_name_.emplace(key(t.schemaname, t.relname), t.oid);
    schema_by_oid_.emplace(t.oid, t.schemaname);
  }
  for (const auto& c : snapshot->columns) columns_by_oid_[c.table_oid].insert(c.attname);
  std::string_view setting = kDefaultSearchPath;
  // pg_settings.reset_val is the search_path the database's sessions start with (server, database
  // and role defaults); `setting` is the capture session's own, which it pins with SET LOCAL to
  // "pg_catalog, pg_temp" for safety and must not be used to resolve the workload's names.
  for (const auto& s : snapshot->settings)
    if (s.name == "search_path") setting = s.reset_val ? std::string_view(*s.reset_val) : std::string_view(s.setting);
  search_path_ = parse_search_path(setting, snapshot->server.current_user);
}

std::optional<sdk::Oid> CatalogNames::resolve(const std::optional<std::string>& schemaname,
                                              const std::string& relname) const {
  if (schemaname) {
    auto it = oid_by_name_.find(key(*schemaname, relname));
    if (it == oid_by_name_.end()) return std::nullopt;
    return it->second;
  }
  for (const auto& schema : search_path_) {
    auto it = oid_by_name_.find(key(schema, relname));
    if (it != oid_by_name_.end()) return it->second;
  }
  return std::nullopt;
}

const std::unordered_set<std::string>* CatalogNames::columns(sdk::Oid table_oid) const {
  auto it = columns_by_oid_.find(table_oid);
  return it == columns_by_oid_.end() ? nullptr : &it->second;
}

const std::string* CatalogNames::schema_of(sdk::Oid table_oid) const {
  auto it = schema_by_oid_.find(table_oid);
  return it == schema_by_oid_.end() ? nullptr : &it->second;
}

}  // namespace dbopt::engine
