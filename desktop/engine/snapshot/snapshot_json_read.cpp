// JSON → sdk::Snapshot (snapshot_from_json): strict, path-naming validation walking the field
// lists of snapshot_fields.hpp. Only checked accessors are used, so malformed input can only
// end in SnapshotError.
#include <cstdint>
#include <limits>
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

constexpr std::size_t kMaxQuotedStringInMessage = 40;  // longer strings are shown as "a string"

/// What was found instead of the expected value: `1.5`, `null`, `"abc"`, `an array`.
std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
    case json::value_t::boolean:
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return value.dump();
    case json::value_t::string:
      if (value.get_ref<const std::string&>().size() <= kMaxQuotedStringInMessage)
        return value.dump(-1, ' ', false, json::error_handler_t::replace);
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

[[noreturn]] void fail(const JsonPath& path, const std::string& message) {
  throw SnapshotError(path.message(message));
}

[[noreturn]] void expected(const json& value, const JsonPath& path, std::string_view what,
                           bool nullable) {
  fail(path, "expected " + std::string(what) + (nullable ? " or null" : "") + ", found " +
                 describe(value));
}

/// A JSON integer within [lo, hi], else SnapshotError `expected <what>`.
template <class I>
I read_integer(const json& value, const JsonPath& path, std::string_view what, bool nullable) {
  constexpr auto lo = std::numeric_limits<I>::min();
  constexpr auto hi = std::numeric_limits<I>::max();
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v <= static_cast<std::uint64_t>(hi)) return static_cast<I>(v);
  } else if (value.is_number_integer()) {
    const auto v = value.get<std::int64_t>();
    if (v >= static_cast<std::int64_t>(lo) &&
        (v < 0 || static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(hi)))
      return static_cast<I>(v);
  }
  expected(value, path, what, nullable);
}

void validate(const sdk::ProbeResult& result, const JsonPath& path) {
  const JsonPath rows = JsonPath::member(path, "rows");
  for (std::size_t i = 0; i < result.rows.size(); ++i)
    if (result.rows[i].size() != result.columns.size())
      fail(JsonPath::element(rows, i),
           "has " + std::to_string(result.rows[i].size()) + " values, expected " +
               std::to_string(result.columns.size()) + " (one per column)");
}
// An explained statement has its plan or the error that prevented it, never both or neither.
void validate(const sdk::ExplainedStatement& statement, const JsonPath& path) {
  if (statement.plan_json.has_value() == statement.error.has_value())
    fail(path, statement.error ? "has both \"plan_json\" and \"error\" (expected exactly one)"
                               : "has neither \"plan_json\" nor \"error\" (expected exactly one)");
}
template <class T>
void validate(const T&, const JsonPath&) {}

template <class T>
void read_value(const json& value, const JsonPath& path, T& out, bool nullable);

/// Reads member `key` of `object`: an optional member may be absent or null; any other member
/// must be present.
template <class T>
void read_member(const json& object, const JsonPath& path, const char* key, T& out) {
  const auto it = object.find(key);
  const JsonPath member = JsonPath::member(path, key);
  if constexpr (snapshot_detail::is_optional<T>) {
    if (it == object.end() || it->is_null()) {
      out.reset();
      return;
    }
    read_value(*it, member, out, false);
  } else {
    if (it == object.end()) fail(path, "missing field \"" + std::string(key) + "\"");
    read_value(*it, member, out, false);
  }
}

template <class T>
void read_value(const json& value, const JsonPath& path, T& out, bool nullable) {
  using namespace snapshot_detail;
  if constexpr (std::is_same_v<T, bool>) {
    if (!value.is_boolean()) expected(value, path, "a boolean", nullable);
    out = value.get<bool>();
  } else if constexpr (std::is_same_v<T, char>) {
    if (!value.is_string() || value.get_ref<const std::string&>().size() != 1)
      expected(value, path, "a one-character string", nullable);
    out = value.get_ref<const std::string&>()[0];
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {  // sdk::Oid
    out = read_integer<std::uint32_t>(value, path, "an oid (an integer from 0 to 4294967295)",
                                      nullable);
  } else if constexpr (std::is_same_v<T, int>) {
    out = read_integer<int>(value, path, "an integer from -2147483648 to 2147483647", nullable);
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    out = read_integer<std::int64_t>(value, path, "an integer", nullable);
  } else if constexpr (std::is_same_v<T, double>) {
    if (!value.is_number()) expected(value, path, "a number", nullable);
    out = value.get<double>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!value.is_string()) expected(value, path, "a string", nullable);
    out = value.get_ref<const std::string&>();
  } else if constexpr (is_optional<T>) {
    if (value.is_null()) {
      out.reset();
      return;
    }
    typename T::value_type inner{};
    read_value(value, path, inner, true);
    out = std::move(inner);
  } else if constexpr (is_vector<T>) {
    if (!value.is_array()) expected(value, path, "an array", nullable);
    out.clear();
    out.resize(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
      read_value(value[i], JsonPath::element(path, i), out[i], false);
  } else if constexpr (is_string_map<T>) {
    if (!value.is_object()) expected(value, path, "an object", nullable);
    out.clear();
    for (const auto& [key, element] : value.items())
      read_value(element, JsonPath::key(path, key), out[key], false);
  } else {
    static_assert(Described<T>, "no JSON mapping for this snapshot member type");
    if (!value.is_object()) expected(value, path, "an object", nullable);
    for_each_field(out, [&](const char* name, auto& member) {
      read_member(value, path, name, member);
    });
    validate(out, path);
  }
}

constexpr std::size_t kMaxFormatInMessage = 60;  // longer "format" values are cut in messages

std::string shown_format(const json& format) {
  std::string text = format.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxFormatInMessage)
    text = snapshot_detail::valid_utf8(std::string_view(text).substr(0, kMaxFormatInMessage)) + "…";
  return text;
}

void check_format(const json& document) {
  if (!document.is_object())
    throw SnapshotError("not a dbopt snapshot (the document is " + describe(document) +
                        ", expected an object)");
  const auto format = document.find("format");
  if (format == document.end())
    throw SnapshotError("not a dbopt snapshot (no \"format\" field, expected \"" +
                        std::string(kSnapshotFormat) + "\")");
  if (!format->is_string() || format->get_ref<const std::string&>() != kSnapshotFormat)
    throw SnapshotError("not a dbopt snapshot (format is " + shown_format(*format) +
                        ", expected \"" + std::string(kSnapshotFormat) + "\")");
  const auto version = document.find("format_version");
  if (version == document.end()) throw SnapshotError("missing field \"format_version\"");
  const JsonPath root;
  const auto number = read_integer<std::int64_t>(*version, JsonPath::member(root, "format_version"),
                                                 "an integer", false);
  if (number > kSnapshotFormatVersion)
    throw SnapshotError("snapshot format_version " + std::to_string(number) +
                        " is newer than this dbopt supports (" +
                        std::to_string(kSnapshotFormatVersion) + "); upgrade dbopt");
  if (number < 1)
    throw SnapshotError("snapshot format_version " + std::to_string(number) +
                        " is not a valid version (this dbopt reads 1 to " +
                        std::to_string(kSnapshotFormatVersion) + ")");
}

}  // namespace

sdk::Snapshot snapshot_from_json(const nlohmann::json& document) {
  try {
    check_format(document);
    sdk::Snapshot snapshot;
    read_value(document, JsonPath(), snapshot, false);
    return snapshot;
  } catch (const nlohmann::json::exception& e) {
    // Not expected (only checked accessors are used); kept so no input can escape as a crash.
    throw SnapshotError(std::string("malformed snapshot: ") + e.what());
  }
}

}  // namespace dbopt::engine
