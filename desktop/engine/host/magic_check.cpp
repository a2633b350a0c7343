#include "host/magic_check.hpp"

namespace dbopt::engine::detail {

const dbopt_plugin_magic_t& host_magic() {
  static const dbopt_plugin_magic_t magic = sdk::make_magic("", "");
  return magic;
}

std::string magic_text(const char* field, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && field[i] != '\0'; ++i) {
    const auto c = static_cast<unsigned char>(field[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  return out;
}

namespace {

std::string number_mismatch(const char* field, std::uint32_t host, std::uint32_t plugin) {
  return std::string("host has ") + field + "=" + std::to_string(host) + ", plugin has " + std::to_string(plugin);
}

template <std::size_t N>
std::optional<std::string> text_mismatch(const char* field, const char (&host)[N], const char (&plugin)[N]) {
  const std::string h = magic_text(host, N);
  const std::string p = magic_text(plugin, N);
  if (h == p) return std::nullopt;
  return std::string("host has ") + field + "=\"" + h + "\", plugin has \"" + p + "\"";
}

}  // namespace

std::optional<std::string> magic_mismatch(const dbopt_plugin_magic_t& plugin) {
  const dbopt_plugin_magic_t& host = host_magic();
  if (plugin.size != host.size) return number_mismatch("magic size", host.size, plugin.size);
  if (plugin.sdk_abi != host.sdk_abi) return number_mismatch("sdk_abi", host.sdk_abi, plugin.sdk_abi);
  if (plugin.cxx_standard != host.cxx_standard)
    return number_mismatch("cxx_standard", host.cxx_standard, plugin.cxx_standard);
  if (auto m = text_mismatch("compiler", host.compiler, plugin.compiler)) return m;
  if (auto m = text_mismatch("stdlib", host.stdlib, plugin.stdlib)) return m;
  return std::nullopt;
}

}  // namespace dbopt::engine::detail
