// sdk::Snapshot → JSON (snapshot_to_json), walking the field lists of snapshot_fields.hpp,
// then a check that every value can be stored: finite numbers, UTF-8 strings.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <type_traits>

#include "snapshot/json_path.hpp"
#include "snapshot/snapshot_fields.hpp"
#include "snapshot/snapshot_io.hpp"
#include "snapshot/type_traits.hpp"
#include "snapshot/utf8.hpp"

namespace dbopt::engine {
namespace {

using nlohmann::json;
using snapshot_detail::JsonPath;

template <class T>
json to_json_value(const T& value) {
  using namespace snapshot_detail;
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double> ||
                std::is_same_v<T, std::string>) {
    return json(value);
  } else if constexpr (std::is_same_v<T, char>) {
    return json(std::string(1, value));
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {  // sdk::Oid
    return json(static_cast<std::uint64_t>(value));
  } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::int64_t>) {
    return json(static_cast<std::int64_t>(value));
  } else if constexpr (is_optional<T>) {
    return value ? to_json_value(*value) : json(nullptr);
  } else if constexpr (is_vector<T>) {
    json array = json::array();
    for (const auto& element : value) array.push_back(to_json_value(element));
    return array;
  } else if constexpr (is_string_map<T>) {
    json object = json::object();
    for (const auto& [key, element] : value) object[key] = to_json_value(element);
    return object;
  } else {
    static_assert(Described<T>, "no JSON mapping for this snapshot member type");
    json object = json::object();
    for_each_field(value, [&](const char* name, const auto& member) {
      object[name] = to_json_value(member);
    });
    return object;
  }
}

void check_utf8(std::string_view text, const JsonPath& path, std::string_view what) {
  const std::size_t bad = snapshot_detail::invalid_utf8_offset(text);
  if (bad == std::string_view::npos) return;
  char detail[96];
  std::snprintf(detail, sizeof detail, " is not valid UTF-8 (byte 0x%02X at offset %zu)",
                static_cast<unsigned>(static_cast<unsigned char>(text[bad])), bad);
  throw SnapshotError(path.message(std::string("cannot store ") + std::string(what) + detail));
}

/// Throws SnapshotError naming the path of the first value JSON cannot hold.
void check_storable(const json& value, const JsonPath& path) {
  switch (value.type()) {
    case json::value_t::number_float:
      if (!std::isfinite(value.get<double>()))
        throw SnapshotError(
            path.message("cannot store a NaN or infinite number (JSON has no such value)"));
      break;
    case json::value_t::string:
      check_utf8(value.get_ref<const std::string&>(), path, "text that");
      break;
    case json::value_t::array:
      for (std::size_t i = 0; i < value.size(); ++i)
        check_storable(value[i], JsonPath::element(path, i));
      break;
    case json::value_t::object:
      for (const auto& [key, element] : value.items()) {
        const JsonPath child = JsonPath::key(path, key);
        check_utf8(key, child, "a key that");
        check_storable(element, child);
      }
      break;
    default:
      break;
  }
}

}  // namespace

nlohmann::json snapshot_to_json(const sdk::Snapshot& snapshot) {
  json document = to_json_value(snapshot);
  document["format"] = std::string(kSnapshotFormat);
  document["format_version"] = kSnapshotFormatVersion;
  check_storable(document, JsonPath());
  return document;
}

}  // namespace dbopt::engine
