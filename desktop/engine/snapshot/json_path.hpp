// JSON paths for snapshot error messages (`indexes[3].keys[0].opclass`,
// `plugin_probes["gin-index-tuner"]["jsonb-keys"].rows[2]`), built lazily: a chain of nodes on
// the stack, formatted only when an error is reported. Internal to the snapshot component.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dbopt::engine::snapshot_detail {

class JsonPath {
 public:
  /// The document root (formats as "").
  JsonPath() = default;
  /// `parent.key` (a struct member).
  static JsonPath member(const JsonPath& parent, std::string_view key) {
    return JsonPath(&parent, Kind::Member, key, 0);
  }
  /// `parent[index]` (an array element).
  static JsonPath element(const JsonPath& parent, std::size_t index) {
    return JsonPath(&parent, Kind::Element, {}, index);
  }
  /// `parent["key"]` (a map entry with an arbitrary key, JSON-quoted).
  static JsonPath entry(const JsonPath& parent, std::string_view key) {
    return JsonPath(&parent, Kind::Entry, key, 0);
  }
  /// An object key of unknown shape: `parent.key` when it is a plain identifier
  /// ([A-Za-z_][A-Za-z0-9_]*), else `parent["key"]`.
  static JsonPath key(const JsonPath& parent, std::string_view key) {
    return is_identifier(key) ? member(parent, key) : entry(parent, key);
  }

  std::string str() const {
    if (parent_ == nullptr) return {};
    std::string prefix = parent_->str();
    switch (kind_) {
      case Kind::Member:
        return prefix.empty() ? std::string(key_) : prefix + "." + std::string(key_);
      case Kind::Element:
        return prefix + "[" + std::to_string(index_) + "]";
      case Kind::Entry:
        return prefix + "[" +
               nlohmann::json(std::string(key_))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
               "]";
    }
    return prefix;
  }

  /// `message` prefixed with this path (`tables[2]: missing field "oid"`), or alone at the root.
  std::string message(std::string_view message) const {
    const std::string path = str();
    return path.empty() ? std::string(message) : path + ": " + std::string(message);
  }

 private:
  enum class Kind { Member, Element, Entry };
  static bool is_identifier(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
    for (const char c : key)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
        return false;
    return true;
  }
  JsonPath(const JsonPath* parent, Kind kind, std::string_view key, std::size_t index)
      : parent_(parent), kind_(kind), key_(key), index_(index) {}

  const JsonPath* parent_ = nullptr;
  Kind kind_ = Kind::Member;
  std::string_view key_;
  std::size_t index_ = 0;
};

}  // namespace dbopt::engine::snapshot_detail
