#include "ToastLimits.hpp"

#include <charconv>
#include <string_view>

namespace dbopt::plugins::toast_whisperer {

std::optional<std::int64_t> toast_tuple_target_option(const std::vector<std::string>& reloptions) {
  constexpr std::string_view kPrefix = "toast_tuple_target=";
  for (const std::string& option : reloptions) {
    if (option.rfind(kPrefix, 0) != 0) continue;
    const std::string_view value = std::string_view(option).substr(kPrefix.size());
    std::int64_t bytes = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
    if (ec != std::errc() || end != value.data() + value.size() || bytes <= 0) return std::nullopt;
    return bytes;
  }
  return std::nullopt;
}

std::string storage_keyword(char attstorage) {
  switch (attstorage) {
    case 'p': return "PLAIN";
    case 'e': return "EXTERNAL";
    case 'm': return "MAIN";
    case 'x': return "EXTENDED";
  }
  return "";
}

}  // namespace dbopt::plugins::toast_whisperer
