#include "capture/redact.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace dbopt::engine::capture_detail {

namespace {

constexpr std::string_view kMask = "***";

void replace_all(std::string& text, const std::string& needle) {
  if (needle.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), kMask);
    pos += kMask.size();
  }
}

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/// %XX-decoded form of a URI component; malformed escapes are kept as they are.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool iequals_at(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
  return true;
}

/// Values following "password" + optional blanks + "=" (keyword/value form and URI query).
void collect_keyword_passwords(std::string_view conninfo, std::vector<std::string>& out) {
  constexpr std::string_view kKeyword = "password";
  for (std::size_t pos = 0; pos < conninfo.size(); ++pos) {
    if (!iequals_at(conninfo, pos, kKeyword)) continue;
    std::size_t i = pos + kKeyword.size();
    while (i < conninfo.size() && std::isspace(static_cast<unsigned char>(conninfo[i]))) ++i;
    if (i >= conninfo.size() || conninfo[i] != '=') continue;
    ++i;
    while (i < conninfo.size() && std::isspace(static_cast<unsigned char>(conninfo[i]))) ++i;
    std::string value;
    if (i < conninfo.size() && conninfo[i] == '\'') {
      // Quoted value: backslash escapes the next character (libpq conninfo_parse).
      for (++i; i < conninfo.size() && conninfo[i] != '\''; ++i) {
        if (conninfo[i] == '\\' && i + 1 < conninfo.size()) ++i;
        value.push_back(conninfo[i]);
      }
    } else {
      for (; i < conninfo.size() && !std::isspace(static_cast<unsigned char>(conninfo[i])) && conninfo[i] != '&';
           ++i) {
        if (conninfo[i] == '\\' && i + 1 < conninfo.size()) ++i;
        value.push_back(conninfo[i]);
      }
    }
    out.push_back(value);
    out.push_back(percent_decoded(value));
  }
}

/// The password of postgresql://user:password@host and postgres://… URIs.
void collect_uri_passwords(std::string_view conninfo, std::vector<std::string>& out) {
  for (std::string_view scheme : {std::string_view("postgresql://"), std::string_view("postgres://")}) {
    std::size_t pos = 0;
    while ((pos = conninfo.find(scheme, pos)) != std::string_view::npos) {
      const std::size_t start = pos + scheme.size();
      const std::size_t at = conninfo.find('@', start);
      const std::size_t slash = conninfo.find_first_of("/?", start);
      pos = start;
      if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) continue;
      const std::string_view userinfo = conninfo.substr(start, at - start);
      const std::size_t colon = userinfo.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string_view password = userinfo.substr(colon + 1);
      out.emplace_back(password);
      out.push_back(percent_decoded(password));
    }
  }
}

}  // namespace

std::string redact_passwords(std::string message, std::string_view conninfo) {
  std::vector<std::string> secrets;
  collect_keyword_passwords(conninfo, secrets);
  collect_uri_passwords(conninfo, secrets);
  // Longest first, so a password containing a shorter one is masked whole.
  std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& secret : secrets) replace_all(message, secret);
  return message;
}

}  // namespace dbopt::engine::capture_detail
