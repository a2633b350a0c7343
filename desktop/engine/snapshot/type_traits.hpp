// Recognising the container shapes used by sdk/model.hpp (optional, vector, string-keyed map).
// Internal to the snapshot component.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dbopt::engine::snapshot_detail {

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

template <class T>
inline constexpr bool is_vector = false;
template <class T>
inline constexpr bool is_vector<std::vector<T>> = true;

template <class T>
inline constexpr bool is_string_map = false;
template <class T>
inline constexpr bool is_string_map<std::map<std::string, T>> = true;

}  // namespace dbopt::engine::snapshot_detail
